//! Tests of the csv reader.
