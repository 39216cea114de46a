//! How localised each industry is: Hoover's localisation coefficient,
//! geographic Herfindahl, locational Gini, Ellison–Glaeser and
//! Maurel–Sédillot agglomeration indices.
//!
//! Notation (FRAMEWORKS.md §4): q_ri = E_ri/E_i the region's share of the
//! industry, x_r = E_r/E its share of all employment.

use crate::{RegionIndustry, gini, location_quotients};

/// (q_ri per region, for industry i) and x_r.
fn shares(m: &RegionIndustry) -> (Vec<Vec<f64>>, Vec<f64>) {
    let total = m.total();
    let x: Vec<f64> = m.region_totals().iter().map(|t| t / total).collect();
    let ti = m.industry_totals();
    let q = (0..m.industries().len())
        .map(|i| m.column(i).iter().map(|v| v / ti[i]).collect())
        .collect();
    (q, x)
}

/// Hoover's localisation coefficient ½ Σ_r |q_ri − x_r| per industry, in
/// [0, 1) (Hoover 1936). EconGeo's `Hoover.index` reports it × 100, rounded
/// to 2 decimals.
pub fn hoover_localisation(m: &RegionIndustry) -> Vec<f64> {
    let (q, x) = shares(m);
    q.iter()
        .map(|qi| qi.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum::<f64>() / 2.0)
        .collect()
}

/// Geographic Herfindahl–Hirschman index Σ_r q_ri² per industry.
pub fn geographic_hhi(m: &RegionIndustry) -> Vec<f64> {
    let (q, _) = shares(m);
    q.iter().map(|qi| qi.iter().map(|v| v * v).sum()).collect()
}

/// The conventions of the locational Gini in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LocationalGini {
    /// The Gini of the locational Lorenz curve: regions sorted by LQ, the
    /// cumulative share of the industry (q) against the cumulative share of
    /// all employment (x); in [0, 1) (Krugman 1991, app. D; default).
    #[default]
    Lorenz,
    /// Half of it, in [0, 0.5) (R EconGeo `locational.Gini`).
    HalfLorenz,
    /// The unweighted Gini of the regions' LQs (R REAT `locgini`).
    UnweightedLq,
}

/// The locational Gini of every industry by `convention`.
pub fn locational_gini(m: &RegionIndustry, convention: LocationalGini) -> Vec<f64> {
    let lq = location_quotients(m);
    let (_, x) = shares(m);
    (0..m.industries().len())
        .map(|i| {
            let column: Vec<f64> = lq.iter().map(|row| row[i]).collect();
            match convention {
                // Lorenz curve of LQ-sorted regions weighted by x: the
                // weighted Gini of the LQs with weights x, since x_r LQ_ri
                // = q_ri.
                LocationalGini::Lorenz => gini(&column, Some(&x)),
                LocationalGini::HalfLorenz => gini(&column, Some(&x)) / 2.0,
                LocationalGini::UnweightedLq => gini(&column, None),
            }
        })
        .collect()
}

/// Ellison and Glaeser's raw geographic concentration G_i = Σ_r (q_ri − x_r)²
/// per industry (Ellison and Glaeser 1997, *JPE* 105(5), eq. 1).
pub fn raw_concentration(m: &RegionIndustry) -> Vec<f64> {
    let (q, x) = shares(m);
    q.iter()
        .map(|qi| qi.iter().zip(&x).map(|(a, b)| (a - b).powi(2)).sum())
        .collect()
}

/// Σ_r x_r².
fn sum_x2(m: &RegionIndustry) -> f64 {
    shares(m).1.iter().map(|v| v * v).sum()
}

/// Ellison–Glaeser agglomeration index per industry,
/// γ = [G − (1 − Σx²) H] / [(1 − Σx²)(1 − H)], with H_i each industry's
/// plant Herfindahl ([`plant_hhi`]; Ellison and Glaeser 1997, eq. 5). γ ≈ 0
/// is what random location of plants would give; > 0.05 is commonly read
/// as highly localised.
///
/// # Panics
/// When `plant_h` does not have one value per industry (caller's contract).
pub fn ellison_glaeser(m: &RegionIndustry, plant_h: &[f64]) -> Vec<f64> {
    assert_eq!(plant_h.len(), m.industries().len());
    let x2 = sum_x2(m);
    raw_concentration(m)
        .iter()
        .zip(plant_h)
        .map(|(g, h)| (g - (1.0 - x2) * h) / ((1.0 - x2) * (1.0 - h)))
        .collect()
}

/// Maurel–Sédillot agglomeration index per industry,
/// γ = [(Σ_r q_ri² − Σx²)/(1 − Σx²) − H]/(1 − H) (Maurel and Sédillot 1999,
/// *Regional Science and Urban Economics* 29(5)).
///
/// # Panics
/// As [`ellison_glaeser`].
pub fn maurel_sedillot(m: &RegionIndustry, plant_h: &[f64]) -> Vec<f64> {
    assert_eq!(plant_h.len(), m.industries().len());
    let x2 = sum_x2(m);
    geographic_hhi(m)
        .iter()
        .zip(plant_h)
        .map(|(g, h)| ((g - x2) / (1.0 - x2) - h) / (1.0 - h))
        .collect()
}

/// The plant Herfindahl H = Σ_k z_k² of one industry, z_k each plant's
/// share of the industry's employment (Ellison and Glaeser 1997). `NaN`
/// without employment.
pub fn plant_hhi(plant_employment: &[f64]) -> f64 {
    let total: f64 = plant_employment.iter().sum();
    plant_employment.iter().map(|e| (e / total).powi(2)).sum()
}
