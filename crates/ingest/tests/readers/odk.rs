//! Tests of the odk reader.
