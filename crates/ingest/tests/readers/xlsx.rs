//! Tests of the xlsx reader.
