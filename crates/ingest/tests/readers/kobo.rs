//! Tests of the kobo reader.
