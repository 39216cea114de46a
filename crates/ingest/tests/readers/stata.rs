//! Tests of the stata reader.
