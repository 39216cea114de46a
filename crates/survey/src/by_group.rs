//! Means of one variable in many domains in a single pass over the rows.
//!
//! For each domain d the mean is r_d = Y_d / N_d (weighted sums over its
//! rows), and its influence value on row i is 1_d(i)(y_i − r_d)/N_d, so the
//! PSU totals of the influence are (Y_dp − r_d N_dp)/N_d from the per
//! (domain, PSU) sums Y_dp, N_dp. One scan accumulates those sums; the
//! variances then need only the domains × PSUs table, never the rows again.
//! The results equal [`crate::estimate`] with `Estimator::Mean` on each
//! domain (same variance, same domain df).

use crate::{Design, Estimate};

/// Weighted means of `y` in each group `0..n_groups` (`group[i]` = `None`:
/// the row is in no group), with linearised SEs and each group's own df.
/// Missing values are left out and counted.
///
/// # Panics
/// When `y` or `group` is shorter than the design, or a group index is not
/// below `n_groups` (caller's contract).
pub fn means_by_group(
    design: &Design,
    y: &[Option<f64>],
    group: &[Option<u32>],
    n_groups: usize,
) -> Vec<Estimate> {
    // The groups × PSUs table must stay small next to the data (a design
    // without clusters has a PSU per row); else one domain at a time.
    let cells = n_groups.saturating_mul(design.n_psus());
    if design.needs_rows() || cells > (4 * design.len()).max(1 << 22) {
        return by_domain_masks(design, y, group, n_groups);
    }
    let n_psu = design.stratum_of_psu.len();
    let w = design.weights();
    // (Σ w·y, Σ w) per group × PSU, and counts per group.
    let mut sy = vec![0.0; n_groups * n_psu];
    let mut sw = vec![0.0; n_groups * n_psu];
    let mut n = vec![0usize; n_groups];
    let mut in_group = vec![0usize; n_groups];
    // For design effects: Σ w(y − k_g)² per group, shifted by the group's
    // first value k_g for numerical stability (Σ w(y − k_g) follows from
    // the cell sums).
    let mut shift = vec![f64::NAN; n_groups];
    let mut s2 = vec![0.0; n_groups];
    for i in 0..design.len() {
        let Some(g) = group[i] else { continue };
        let g = g as usize;
        in_group[g] += 1;
        if let Some(v) = y[i] {
            let cell = g * n_psu + design.psu_of_row[i] as usize;
            sy[cell] += w[i] * v;
            sw[cell] += w[i];
            n[g] += 1;
            if shift[g].is_nan() {
                shift[g] = v;
            }
            let d = v - shift[g];
            s2[g] += w[i] * d * d;
        }
    }
    (0..n_groups)
        .map(|g| {
            let cells = g * n_psu..(g + 1) * n_psu;
            let (ty, tx): (f64, f64) = (
                sy[cells.clone()].iter().sum(),
                sw[cells.clone()].iter().sum(),
            );
            let r = ty / tx;
            let k = if shift[g].is_nan() { 0.0 } else { shift[g] };
            let s1 = ty - k * tx; // Σ w (y − k_g)
            let totals: Vec<f64> = sy[cells.clone()]
                .iter()
                .zip(&sw[cells.clone()])
                .map(|(y, x)| (y - r * x) / tx)
                .collect();
            let active: Vec<bool> = sw[cells].iter().map(|x| *x > 0.0).collect();
            let variance = design.variance_of_psu_totals(&totals);
            // As `estimate`: V_srs = s²/n, s² = Σ w (y − ȳ)²/Σ w · n/(n − 1).
            let (deff_wr, deff_wor) = if n[g] > 1 {
                let m = n[g] as f64;
                let ss = s2[g] - s1 * s1 / tx;
                let v_srs = ss / tx * m / (m - 1.0) / m;
                let wr = variance / v_srs;
                (Some(wr), (m < tx).then(|| wr / (1.0 - m / tx)))
            } else {
                (None, None)
            };
            Estimate {
                value: r,
                variance,
                df: design.df_of_active_psus(&active),
                n: n[g],
                n_missing: in_group[g] - n[g],
                deff_wr,
                deff_wor,
                is_proportion: false,
            }
        })
        .collect()
}

/// The same estimates one domain at a time, for designs whose variance
/// needs row-level influence values (two-stage or calibrated), or whose
/// groups × PSUs table would be large.
fn by_domain_masks(
    design: &Design,
    y: &[Option<f64>],
    group: &[Option<u32>],
    n_groups: usize,
) -> Vec<Estimate> {
    (0..n_groups as u32)
        .map(|g| {
            let mask: Vec<bool> = group.iter().map(|&x| x == Some(g)).collect();
            crate::estimate(design, crate::Estimator::Mean(y), Some(&mask))
        })
        .collect()
}
