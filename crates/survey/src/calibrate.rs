//! Calibration of the weights to known population counts: post-
//! stratification on one classification, raking on several margins.
//!
//! Weights: post-stratification multiplies the weights in each cell g by
//! N_g / N̂_g. Raking (iterative proportional fitting; Deming and Stephan
//! 1940) repeats that margin after margin until every margin's weighted
//! counts match its population counts to a relative `tolerance`; it is the
//! raking-ratio calibration of Deville and Särndal (1992).
//!
//! Variance: the calibrated estimator is linearised by replacing each
//! influence value with its residual from the weighted least-squares fit
//! on the margins' indicators, e = z − X β̂, β̂ = (Xᵀ W₀ X)⁻¹ Xᵀ W₀ z with
//! the weights before calibration W₀ (Deville and Särndal 1992, §3;
//! Lumley 2010, §7.2–7.4; R `survey`'s `calibrate()`), and taking the
//! design variance of Σ w e with the calibrated weights w. For one margin
//! the residual is z minus its weighted mean in the cell (R's
//! `calibrate(~cell)`; R's `postStratify()` centres on the unweighted cell
//! mean, the same when the weights are constant within cells). R's
//! `rake()` projects on one margin after the other; our joint projection
//! is `calibrate(calfun = "raking")`'s.

use std::collections::HashMap;

use nalgebra::{DMatrix, DVector};

use crate::{Design, ReplicateDesign};

/// One classification with its population counts.
#[derive(Debug, Clone)]
pub struct Margin<'a> {
    /// Name of the classification (for messages), e.g. a column name.
    pub name: &'a str,
    /// Each row's category (`None` is an error: every row must be in a cell).
    pub category: &'a [Option<String>],
    /// Population count of each category.
    pub totals: &'a [(String, f64)],
}

/// How to calibrate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CalibrationMethod {
    /// Post-stratification on exactly one margin.
    PostStratify,
    /// Raking on one or more margins.
    Rake {
        /// Passes over all margins before giving up.
        max_iterations: usize,
        /// Largest relative gap |N̂_g / N_g − 1| accepted on every margin.
        tolerance: f64,
    },
}

/// Why weights cannot be calibrated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CalibrationError {
    /// Post-stratification takes one classification.
    #[error("post-stratification takes one margin, got {0}; rake on several margins")]
    PostStratifyMargins(usize),
    /// No margins at all.
    #[error("calibration needs at least one margin")]
    NoMargins,
    /// A raking tolerance that is not a positive number.
    #[error("the raking tolerance {0} is not a positive number")]
    Tolerance(f64),
    /// A row without a category.
    #[error("margin `{margin}`, row {row}: no category, so the row cannot be calibrated")]
    MissingCategory { margin: String, row: usize },
    /// A sampled category with no population count.
    #[error("margin `{margin}`: category `{category}` is in the data but has no population count")]
    UnknownCategory { margin: String, category: String },
    /// A population count that is missing, negative or not finite.
    #[error("margin `{margin}`: category `{category}` has population count {total}")]
    BadTotal {
        margin: String,
        category: String,
        total: f64,
    },
    /// A category with a positive count but no sampled weight.
    #[error(
        "margin `{margin}`: category `{category}` has a population count of {total} but no sampled rows with positive weight"
    )]
    EmptyCategory {
        margin: String,
        category: String,
        total: f64,
    },
    /// Sampled rows in a category whose population count is 0.
    #[error(
        "margin `{margin}`: category `{category}` has sampled rows but a population count of 0; calibration would drop them"
    )]
    ZeroCount { margin: String, category: String },
    /// A margin's categories not one per row.
    #[error("margin `{margin}` has {found} categories for {expected} rows")]
    Length {
        margin: String,
        expected: usize,
        found: usize,
    },
    /// Margins that do not add to the same population.
    #[error(
        "margins do not describe one population: `{first}` adds to {first_total}, `{other}` to {other_total}"
    )]
    InconsistentMargins {
        first: String,
        first_total: f64,
        other: String,
        other_total: f64,
    },
    /// A replicate that gives a category no weight.
    #[error(
        "replicate {replicate} gives no weight to category `{category}` of margin `{margin}`, so it cannot be calibrated"
    )]
    EmptyReplicateCategory {
        replicate: usize,
        margin: String,
        category: String,
    },
    /// Raking did not reach the tolerance.
    #[error(
        "raking did not converge in {iterations} iterations: a margin is still off by {gap:.3e} (relative); raise the iterations or check the margins"
    )]
    NotConverged { iterations: usize, gap: f64 },
}

/// How a calibration went.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationReport {
    /// Passes over the margins (1 for post-stratification).
    pub iterations: usize,
    /// Largest relative gap left between a weighted count and its target.
    pub max_relative_gap: f64,
    /// Smallest and largest ratio of calibrated to initial weight.
    pub adjustment_range: (f64, f64),
}

/// What a calibrated design keeps to linearise its estimators.
#[derive(Debug)]
pub(crate) struct Calibrated {
    /// Weights before calibration (W₀).
    initial: Vec<f64>,
    /// Per margin, each row's category index.
    categories: Vec<Vec<u32>>,
    /// Per margin, the column of each category in β (`None`: no sampled
    /// weight, or the reference category of a margin after the first).
    columns: Vec<Vec<Option<usize>>>,
    /// (Xᵀ W₀ X)⁻¹ (its pseudo-inverse when margins are collinear).
    system: DMatrix<f64>,
}

impl Calibrated {
    /// The residuals e = z − X β̂ of the weighted least-squares fit.
    pub(crate) fn residuals(&self, z: &[f64]) -> Vec<f64> {
        let p = self.system.nrows();
        let mut rhs = DVector::zeros(p);
        for (i, (&w, &zi)) in self.initial.iter().zip(z).enumerate() {
            if zi == 0.0 {
                continue;
            }
            for (m, cats) in self.categories.iter().enumerate() {
                if let Some(c) = self.columns[m][cats[i] as usize] {
                    rhs[c] += w * zi;
                }
            }
        }
        let beta = &self.system * rhs;
        z.iter()
            .enumerate()
            .map(|(i, &zi)| {
                let fit: f64 = self
                    .categories
                    .iter()
                    .enumerate()
                    .filter_map(|(m, cats)| self.columns[m][cats[i] as usize].map(|c| beta[c]))
                    .sum();
                zi - fit
            })
            .collect()
    }
}

/// A margin with categories indexed.
struct Indexed {
    name: String,
    of_row: Vec<u32>,
    names: Vec<String>,
    targets: Vec<f64>,
}

fn index_margin(margin: &Margin<'_>, n: usize) -> Result<Indexed, CalibrationError> {
    let mut position: HashMap<&str, u32> = HashMap::new();
    let mut names = Vec::new();
    let mut targets = Vec::new();
    for (category, total) in margin.totals {
        if !(total.is_finite() && *total >= 0.0) {
            return Err(CalibrationError::BadTotal {
                margin: margin.name.to_string(),
                category: category.clone(),
                total: *total,
            });
        }
        position.insert(category.as_str(), names.len() as u32);
        names.push(category.clone());
        targets.push(*total);
    }
    let mut of_row = Vec::with_capacity(n);
    for (row, c) in margin.category.iter().enumerate().take(n) {
        let Some(c) = c else {
            return Err(CalibrationError::MissingCategory {
                margin: margin.name.to_string(),
                row: row + 1,
            });
        };
        let Some(&k) = position.get(c.as_str()) else {
            return Err(CalibrationError::UnknownCategory {
                margin: margin.name.to_string(),
                category: c.clone(),
            });
        };
        of_row.push(k);
    }
    Ok(Indexed {
        name: margin.name.to_string(),
        of_row,
        names,
        targets,
    })
}

/// Weighted count of each category.
fn counts(m: &Indexed, w: &[f64]) -> Vec<f64> {
    let mut c = vec![0.0; m.names.len()];
    for (&k, &wi) in m.of_row.iter().zip(w) {
        c[k as usize] += wi;
    }
    c
}

/// Largest relative gap between weighted counts and targets.
fn gap(margins: &[Indexed], w: &[f64]) -> f64 {
    margins
        .iter()
        .flat_map(|m| {
            counts(m, w)
                .into_iter()
                .zip(&m.targets)
                .map(|(c, &t)| if t > 0.0 { (c / t - 1.0).abs() } else { c })
                .collect::<Vec<_>>()
        })
        .fold(0.0, f64::max)
}

/// Checked, indexed margins for `n` rows with initial weights `w0`.
fn prepare(
    margins: &[Margin<'_>],
    method: CalibrationMethod,
    w0: &[f64],
) -> Result<Vec<Indexed>, CalibrationError> {
    if margins.is_empty() {
        return Err(CalibrationError::NoMargins);
    }
    if method == CalibrationMethod::PostStratify && margins.len() != 1 {
        return Err(CalibrationError::PostStratifyMargins(margins.len()));
    }
    if let CalibrationMethod::Rake { tolerance, .. } = method
        && !(tolerance.is_finite() && tolerance > 0.0)
    {
        return Err(CalibrationError::Tolerance(tolerance));
    }
    if let Some(m) = margins.iter().find(|m| m.category.len() != w0.len()) {
        return Err(CalibrationError::Length {
            margin: m.name.to_string(),
            expected: w0.len(),
            found: m.category.len(),
        });
    }
    let indexed: Vec<Indexed> = margins
        .iter()
        .map(|m| index_margin(m, w0.len()))
        .collect::<Result<_, _>>()?;
    for m in &indexed {
        let c = counts(m, w0);
        if let Some(k) = (0..c.len()).find(|&k| m.targets[k] > 0.0 && c[k] <= 0.0) {
            return Err(CalibrationError::EmptyCategory {
                margin: m.name.clone(),
                category: m.names[k].clone(),
                total: m.targets[k],
            });
        }
        if let Some(k) = (0..c.len()).find(|&k| m.targets[k] == 0.0 && c[k] > 0.0) {
            return Err(CalibrationError::ZeroCount {
                margin: m.name.clone(),
                category: m.names[k].clone(),
            });
        }
    }
    let first_total: f64 = indexed[0].targets.iter().sum();
    for m in &indexed[1..] {
        let total: f64 = m.targets.iter().sum();
        if (total - first_total).abs() > 1e-9 * first_total.abs().max(1.0) {
            return Err(CalibrationError::InconsistentMargins {
                first: indexed[0].name.clone(),
                first_total,
                other: m.name.clone(),
                other_total: total,
            });
        }
    }
    Ok(indexed)
}

/// Calibrated weights from `w0` by iterative proportional fitting (one
/// pass for post-stratification), with the report.
fn fit(
    margins: &[Indexed],
    w0: &[f64],
    method: CalibrationMethod,
) -> Result<(Vec<f64>, CalibrationReport), CalibrationError> {
    let (max_iterations, tolerance) = match method {
        CalibrationMethod::PostStratify => (1, f64::INFINITY),
        CalibrationMethod::Rake {
            max_iterations,
            tolerance,
        } => (max_iterations.max(1), tolerance),
    };
    let mut w = w0.to_vec();
    let mut iterations = 0;
    let mut last_gap = f64::INFINITY;
    while iterations < max_iterations {
        iterations += 1;
        for m in margins {
            let c = counts(m, &w);
            let factor: Vec<f64> = c
                .iter()
                .zip(&m.targets)
                .map(|(&c, &t)| if c > 0.0 { t / c } else { 0.0 })
                .collect();
            for (wi, &k) in w.iter_mut().zip(&m.of_row) {
                *wi *= factor[k as usize];
            }
        }
        last_gap = gap(margins, &w);
        if last_gap <= tolerance {
            break;
        }
    }
    if method != CalibrationMethod::PostStratify && last_gap > tolerance {
        return Err(CalibrationError::NotConverged {
            iterations,
            gap: last_gap,
        });
    }
    let adjustment_range = w
        .iter()
        .zip(w0)
        .filter(|(_, b)| **b > 0.0)
        .map(|(a, b)| a / b)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
            (lo.min(r), hi.max(r))
        });
    Ok((
        w,
        CalibrationReport {
            iterations,
            max_relative_gap: last_gap,
            adjustment_range,
        },
    ))
}

impl Design {
    /// The design with its weights calibrated to the margins' population
    /// counts, and a report of how the calibration went. Estimates from
    /// the returned design use calibrated weights and residualised
    /// influence values (see the module notes).
    ///
    /// # Errors
    /// [`CalibrationError`] for rows without a category, categories without
    /// a count or without sampled weight, inconsistent margins, or raking
    /// that does not converge.
    pub fn calibrate(
        &self,
        margins: &[Margin<'_>],
        method: CalibrationMethod,
    ) -> Result<(Design, CalibrationReport), CalibrationError> {
        let indexed = prepare(margins, method, &self.weights)?;
        let (w, report) = fit(&indexed, &self.weights, method)?;
        let calibrated = linearisation(&indexed, self.weights.clone());
        let mut design = self.clone();
        design.weights = w;
        design.calibration = Some(std::sync::Arc::new(calibrated));
        Ok((design, report))
    }
}

impl ReplicateDesign {
    /// The design with the full-sample weights and every replicate's
    /// weights calibrated to the same margins (Lumley 2010, §7.5; R
    /// `calibrate()` on replicate designs), so the replicates carry the
    /// calibration's variance reduction. The report is the full sample's.
    ///
    /// # Errors
    /// As [`Design::calibrate`]; a replicate that cannot be calibrated
    /// (a category it gives no weight) is reported as such.
    pub fn calibrate(
        &self,
        margins: &[Margin<'_>],
        method: CalibrationMethod,
    ) -> Result<(ReplicateDesign, CalibrationReport), CalibrationError> {
        let indexed = prepare(margins, method, &self.weights)?;
        let (w, report) = fit(&indexed, &self.weights, method)?;
        let mut columns = Vec::with_capacity(self.n_replicates());
        for r in 0..self.n_replicates() {
            let w0 = self.replicate_weights(r);
            for m in &indexed {
                let c = counts(m, &w0);
                if let Some(k) = (0..c.len()).find(|&k| m.targets[k] > 0.0 && c[k] <= 0.0) {
                    return Err(CalibrationError::EmptyReplicateCategory {
                        replicate: r + 1,
                        margin: m.name.clone(),
                        category: m.names[k].clone(),
                    });
                }
            }
            columns.push(fit(&indexed, &w0, method)?.0);
        }
        let mut design = self.clone();
        design.weights = w;
        design.replicates = crate::replicate::Replicates::Columns(columns);
        Ok((design, report))
    }
}

/// The weighted least-squares system on the margins' indicators.
fn linearisation(margins: &[Indexed], initial: Vec<f64>) -> Calibrated {
    // One column per category with sampled weight, except one reference
    // category (the first with weight) of every margin after the first:
    // each margin's indicators add to 1, so the others would be collinear.
    let mut columns = Vec::new();
    let mut p = 0usize;
    for (m, margin) in margins.iter().enumerate() {
        let weighted = counts(margin, &initial);
        let reference = (m > 0)
            .then(|| weighted.iter().position(|c| *c > 0.0))
            .flatten();
        let cols: Vec<Option<usize>> = (0..margin.names.len())
            .map(|k| {
                if weighted[k] <= 0.0 || Some(k) == reference {
                    None
                } else {
                    p += 1;
                    Some(p - 1)
                }
            })
            .collect();
        columns.push(cols);
    }
    let categories: Vec<Vec<u32>> = margins.iter().map(|m| m.of_row.clone()).collect();
    let mut xtx = DMatrix::<f64>::zeros(p, p);
    let mut active = Vec::with_capacity(margins.len());
    for (i, &w) in initial.iter().enumerate() {
        if w == 0.0 {
            continue;
        }
        active.clear();
        for (m, cats) in categories.iter().enumerate() {
            if let Some(c) = columns[m][cats[i] as usize] {
                active.push(c);
            }
        }
        for &a in &active {
            for &b in &active {
                xtx[(a, b)] += w;
            }
        }
    }
    // Collinear margins (the same classification twice) make the system
    // singular: the pseudo-inverse, with a tolerance relative to its scale,
    // gives the minimum-norm β and the same residuals.
    let scale = (0..p).map(|k| xtx[(k, k)]).fold(0.0, f64::max);
    let system = xtx
        .clone()
        .cholesky()
        .map(|c| c.inverse())
        .or_else(|| xtx.pseudo_inverse(1e-12 * scale.max(1.0)).ok())
        .unwrap_or_else(|| DMatrix::zeros(p, p));
    Calibrated {
        initial,
        categories,
        columns,
        system,
    }
}
