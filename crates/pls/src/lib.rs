//! PLS path modelling (PLS-SEM): the PLS algorithm with path, factorial
//! and centroid inner weighting on Mode A, Mode B and unit-weight
//! composites, estimated from the items' correlation matrix. This crate
//! never reads files or prints. Formulas and sources:
//! `docs/methods/pls-sem.md`.

pub mod bootstrap;
mod estimate;
pub mod inference;
pub mod interval;
pub mod mga;
mod model;
mod parallel;
pub mod pipeline;
pub mod predict;
pub mod quality;
mod sample;

pub use estimate::{EstimateError, Fit, Scheme, Settings, estimate};
pub use model::{Construct, Mode, Model, ModelError};
pub use sample::{Moments, Sample};
