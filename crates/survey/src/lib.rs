//! Design-based survey estimation: every figure with a correct standard
//! error.
//!
//! A [`Design`] describes how the rows were sampled — weights, strata, PSUs
//! nested in strata, finite-population corrections, and what to do with a
//! stratum holding a single PSU ([`LonelyPsu`]). Estimators ([`estimate`])
//! return an [`Estimate`]: the value, its linearised variance, the design
//! degrees of freedom and the sample size, read through shared accessors
//! (standard error, t confidence interval, coefficient of variation).
//!
//! Variance: the with-replacement "ultimate cluster" Taylor linearisation
//! (Wolter 2007, *Introduction to Variance Estimation*, §6.4; Lumley 2010,
//! *Complex Surveys*, §2.2 and §3.4), with the first-stage fpc applied as
//! (1 − f_h). Domains are estimated with the full design and zero influence
//! outside the domain; their df is the domain's own PSUs minus strata
//! (R `survey`'s rule). Conventions are recorded in `docs/DESIGN.md`.
//!
//! This crate never prints and has no I/O.

mod by_group;
mod calibrate;
mod cells;
mod design;
mod estimate;
mod linearize;
mod multistage;
mod quantile;
mod replicate;
mod resample;

pub use by_group::means_by_group;
pub use calibrate::{CalibrationError, CalibrationMethod, CalibrationReport, Margin};
pub use cells::{CellStatistic, CellTable, Entry};
pub use design::{Design, DesignError, LonelyPsu};
pub use estimate::{
    Estimate, Estimator, ProportionInterval, difference, difference_independent, estimate,
};
pub use linearize::{Difference, Linearizable, SurveyDesign, linearized};
pub use quantile::{QuantileEstimate, QuantileInterval, quantile};
pub use replicate::{ReplicateDesign, ReplicateError, ReplicateKind};
pub use resample::ResampleError;
