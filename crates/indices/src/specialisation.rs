//! How specialised each region is: location quotients, Krugman and Hoover
//! specialisation, industrial Herfindahl, entropy, Hachman.
//!
//! Notation (FRAMEWORKS.md §4): E_ri employment of region r in industry i;
//! s_ri = E_ri/E_r the industry's share of the region; s_i = E_i/E its share
//! of all regions. A region or industry with no employment gives `NaN`
//! where its shares would divide by zero.

use crate::RegionIndustry;

/// s_ri for every cell, row-major (`NaN` rows for empty regions).
fn region_shares(m: &RegionIndustry) -> Vec<Vec<f64>> {
    let totals = m.region_totals();
    (0..m.regions().len())
        .map(|r| m.row(r).iter().map(|v| v / totals[r]).collect())
        .collect()
}

/// s_i = E_i/E.
fn overall_shares(m: &RegionIndustry) -> Vec<f64> {
    let total = m.total();
    m.industry_totals().iter().map(|t| t / total).collect()
}

/// Location quotients LQ_ri = (E_ri/E_r)/(E_i/E) — Balassa's revealed
/// comparative advantage with exports — per region, per industry (row-major
/// vectors). An LQ ≥ 1 (or ≥ 2, the European Cluster Observatory's
/// specialisation star) marks the region as specialised in the industry.
pub fn location_quotients(m: &RegionIndustry) -> Vec<Vec<f64>> {
    let s = overall_shares(m);
    region_shares(m)
        .into_iter()
        .map(|row| row.iter().zip(&s).map(|(a, b)| a / b).collect())
        .collect()
}

/// Krugman's specialisation index Σ_i |s_ri − s_i| per region, in [0, 2]
/// (Krugman 1991, *Geography and Trade*). R EconGeo's `spec.coeff` is half
/// of it, which is [`hoover_specialisation`].
pub fn krugman(m: &RegionIndustry) -> Vec<f64> {
    let s = overall_shares(m);
    region_shares(m)
        .iter()
        .map(|row| row.iter().zip(&s).map(|(a, b)| (a - b).abs()).sum())
        .collect()
}

/// Hoover's specialisation coefficient ½ Σ_i |s_ri − s_i| per region, in
/// [0, 1] (Hoover 1936; EconGeo `spec.coeff`).
pub fn hoover_specialisation(m: &RegionIndustry) -> Vec<f64> {
    krugman(m).into_iter().map(|k| k / 2.0).collect()
}

/// Industrial Herfindahl–Hirschman index Σ_i s_ri² per region: 1 when one
/// industry employs everyone, 1/n when n industries are equal.
pub fn industrial_hhi(m: &RegionIndustry) -> Vec<f64> {
    region_shares(m)
        .iter()
        .map(|row| row.iter().map(|s| s * s).sum())
        .collect()
}

/// Shannon entropy −Σ_i s_ri ln s_ri per region (natural logarithm; empty
/// cells contribute 0): diversity of the region's economy. Divide by ln 2
/// for bits (EconGeo's `entropy`, which also rounds to 3 decimals).
pub fn entropy(m: &RegionIndustry) -> Vec<f64> {
    region_shares(m)
        .iter()
        .map(|row| {
            -row.iter()
                .filter(|s| **s > 0.0)
                .map(|s| s * s.ln())
                .sum::<f64>()
        })
        .collect()
}

/// Hachman index 1 / Σ_i s_ri LQ_ri per region, in (0, 1]: 1 when the
/// region's mix equals the whole (Hachman 1993; EconGeo `Hachman`).
pub fn hachman(m: &RegionIndustry) -> Vec<f64> {
    let lq = location_quotients(m);
    region_shares(m)
        .iter()
        .zip(&lq)
        .map(|(s, l)| {
            1.0 / s
                .iter()
                .zip(l)
                .filter(|(s, _)| **s > 0.0)
                .map(|(s, l)| s * l)
                .sum::<f64>()
        })
        .collect()
}
