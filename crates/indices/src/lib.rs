//! Indices of concentration, specialisation, economic complexity,
//! inequality and networks: the quantitative side of the cluster diagnostic.
//!
//! Everything here is a pure function of numbers: a [`RegionIndustry`]
//! matrix of employment (or firms, or output) by region and industry, a
//! vector of values, or an adjacency matrix. Formulas, their sources and the
//! conventions chosen where published implementations differ are in each
//! function's documentation and in `docs/methods/indices.md`.
//!
//! This crate never prints and has no I/O.

mod complexity;
mod inequality;
mod localisation;
mod matrix;
mod network;
mod specialisation;

pub use complexity::{Complexity, Eigen, complexity};
pub use inequality::{TheilDecomposition, gini, theil, theil_decomposition};
pub use localisation::{
    LocationalGini, ellison_glaeser, geographic_hhi, hoover_localisation, locational_gini,
    maurel_sedillot, plant_hhi, raw_concentration,
};
pub use matrix::{MatrixError, RegionIndustry};
pub use network::{Network, NetworkError};
pub use specialisation::{
    entropy, hachman, hoover_specialisation, industrial_hhi, krugman, location_quotients,
};
