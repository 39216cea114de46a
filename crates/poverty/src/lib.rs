//! Monetary poverty and inequality with design-based standard errors.
//!
//! [`Distribution`] sorts a welfare variable once and computes every
//! point measure from any weights: FGT(α), Watts, Sen, Sen–Shorrocks–Thon,
//! Gini (and of the poor), generalised entropy, Atkinson, quantiles, the
//! Lorenz curve and share ratios (Palma, S80/S20). [`Linearized`] gives the
//! measures with SEs their influence values, so the survey engine
//! estimates them under any design. [`MpiTable`] gives the Alkire–Foster
//! multidimensional measures of a population and its subgroups. This crate never reads files or
//! prints. Formulas and sources: `docs/methods/poverty.md`.

mod distribution;
mod linearize;
pub mod mpi;

pub use distribution::Distribution;
pub use linearize::{Linearized, Measure};
pub use mpi::{MpiFigures, MpiTable};
