//! Inequality of a distribution: Gini (from the Lorenz curve, weighted or
//! not) and Theil's T with its between/within-group decomposition.

/// Gini coefficient from the Lorenz curve of `values` with population
/// `weights` (equal weights when `None`): values sorted ascending, X the
/// cumulative weight share, Y the cumulative share of Σ w·y, and
/// G = 1 − Σ_k (X_k − X_{k−1})(Y_k + Y_{k−1}) (trapezoids). Unweighted it
/// equals Σ_i Σ_j |y_i − y_j| / (2 n² ȳ) (PySAL `inequality.gini`). Values
/// and weights must be non-negative with a positive total; otherwise `NaN`.
pub fn gini(values: &[f64], weights: Option<&[f64]>) -> f64 {
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let total_w: f64 = (0..values.len()).map(w).sum();
    let total_y: f64 = (0..values.len()).map(|i| w(i) * values[i]).sum();
    if !(total_w > 0.0 && total_y > 0.0) || values.iter().any(|v| *v < 0.0) {
        return f64::NAN;
    }
    let (mut y_prev, mut area) = (0.0, 0.0);
    for &i in &order {
        let dx = w(i) / total_w;
        let y = y_prev + w(i) * values[i] / total_y;
        area += dx * (y + y_prev);
        y_prev = y;
    }
    1.0 - area
}

/// Theil's T, (1/n) Σ (y/ȳ) ln(y/ȳ), with zero values contributing 0
/// (Theil 1967; PySAL `inequality.theil.Theil`).
pub fn theil(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let total: f64 = values.iter().sum();
    values
        .iter()
        .filter(|v| **v > 0.0)
        .map(|v| {
            let s = v / total;
            s * (n * s).ln()
        })
        .sum()
}

/// Theil's T split into between- and within-group inequality.
#[derive(Debug, Clone, PartialEq)]
pub struct TheilDecomposition {
    /// Theil's T of all values.
    pub total: f64,
    /// Between groups: Σ_g s_g ln(s_g n / n_g), s_g the group's share of the
    /// total and n_g its size.
    pub between: f64,
    /// Within groups: total − between.
    pub within: f64,
}

/// Theil's T decomposed by `groups` (one label per value; PySAL
/// `inequality.theil.TheilD`).
pub fn theil_decomposition<G: PartialEq>(values: &[f64], groups: &[G]) -> TheilDecomposition {
    let n = values.len() as f64;
    let total: f64 = values.iter().sum();
    let mut distinct: Vec<&G> = Vec::new();
    for g in groups {
        if !distinct.contains(&g) {
            distinct.push(g);
        }
    }
    let between = distinct
        .iter()
        .map(|g| {
            let (sum, count) = values
                .iter()
                .zip(groups)
                .filter(|(_, h)| h == g)
                .fold((0.0, 0usize), |(s, c), (v, _)| (s + v, c + 1));
            let share = sum / total;
            if share > 0.0 {
                share * (share * n / count as f64).ln()
            } else {
                0.0
            }
        })
        .sum();
    let t = theil(values);
    TheilDecomposition {
        total: t,
        between,
        within: t - between,
    }
}
