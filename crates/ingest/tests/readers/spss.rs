//! Tests of the spss reader.
