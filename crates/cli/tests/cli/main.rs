//! End-to-end tests of the `clusterdx` binary: one test binary, one link step.

mod bad_input;
mod browser;
mod common;
mod concentration;
mod estimate;
mod example;
mod hrd;
mod instrument;
mod pls;
mod poverty;
mod qualitative;
mod reference_study;
mod report;
mod round_trip;
mod schema;
