//! Reader tests against real files: `../shared/reference/readstat/`,
//! `../shared/reference/instruments/export_shapes/` and the bad-input corpus
//! in `tests/bad/`. One test binary, one link step.

mod common;
mod csv;
mod kobo;
mod odk;
mod qdpx;
mod spss;
mod stata;
mod xlsx;
