//! The PLS algorithm (Wold 1982; Lohmöller 1989), run on the items'
//! correlation matrix S: with standardised items every step is a function
//! of S, so an estimation costs iterations × items², whatever the number
//! of respondents.
//!
//! Weights start at 1 and are scaled so that each score X_j w_j has unit
//! variance (w_j' S_jj w_j = 1). Each iteration: the construct
//! correlations R = W' S W; the inner weights e_ij (path, factorial or
//! centroid scheme); the inner proxy of construct j, Σ_i e_ij z_i, whose
//! covariances with the items are C = S W E; new weights from C (Mode A:
//! w_j = C_j; Mode B: w_j = S_jj⁻¹ C_j; unit weights: 1), rescaled. Stop
//! when Σ |w_new − w_old| over all weights is below the tolerance (seminr:
//! 1e-7, at most 300 iterations). Then loadings (item–score correlations,
//! S W), path coefficients by OLS of each endogenous construct on its
//! predecessors (R_PP⁻¹ R_Pj) and R².

use nalgebra::{DMatrix, DVector};
use thiserror::Error;

use crate::model::{Mode, Model};

/// The inner weighting scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// Path weighting: a predecessor's weight is its coefficient in the
    /// regression of the construct on all its predecessors; a
    /// successor's, the correlation (Lohmöller 1989).
    #[default]
    Path,
    /// Factorial: every neighbour's weight is its correlation.
    Factorial,
    /// Centroid: the sign of the correlation.
    Centroid,
}

/// Algorithm settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Inner weighting.
    pub scheme: Scheme,
    /// Iterations allowed.
    pub max_iterations: usize,
    /// Stop when Σ |Δw| is below this.
    pub tolerance: f64,
    /// Consistent PLS: correct the common factors' correlations and
    /// loadings for measurement error (Dijkstra and Henseler 2015).
    pub consistent: bool,
}

impl Default for Settings {
    /// seminr's: path weighting, 300 iterations, 1e-7.
    fn default() -> Self {
        Self {
            scheme: Scheme::Path,
            max_iterations: 300,
            tolerance: 1e-7,
            consistent: false,
        }
    }
}

/// Why an estimation failed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EstimateError {
    /// The weights did not settle.
    #[error("the PLS algorithm did not converge in {0} iterations (Σ|Δw| = {1:.3e})")]
    NotConverged(usize, f64),
    /// A block's items, or a construct's predecessors, are perfectly
    /// collinear (Mode B or a regression cannot be solved).
    #[error("{0}: the correlation matrix is singular (perfectly collinear items or constructs)")]
    Singular(String),
    /// A construct's score has no variance (all its items constant).
    #[error("construct `{0}`: its score has no variance")]
    NoVariance(String),
    /// Consistent PLS cannot correct a construct: its ρA is not positive.
    #[error("consistent PLS: construct `{0}` has ρA = {1:.4}, not positive (inadmissible)")]
    Inadmissible(String, f64),
}

/// An estimated model.
#[derive(Debug, Clone)]
pub struct Fit {
    /// Outer weights, items × constructs (zero off a construct's block),
    /// scaled to unit-variance scores.
    pub weights: DMatrix<f64>,
    /// Correlations of every item with every score (items × constructs):
    /// the loadings on a construct's own items, cross-loadings elsewhere.
    pub item_score: DMatrix<f64>,
    /// Construct correlations: the scores' — or under consistent PLS
    /// the common factors' correlations corrected for attenuation,
    /// R_ij / √(ρA_i ρA_j).
    pub construct_corr: DMatrix<f64>,
    /// The scores' correlations (uncorrected; the Fornell–Larcker
    /// criterion uses them).
    pub score_corr: DMatrix<f64>,
    /// ρA of each construct used in the correction (1 for composites);
    /// `None` without consistent PLS.
    pub consistency: Option<Vec<f64>>,
    /// Path coefficients [from, to].
    pub paths: DMatrix<f64>,
    /// R² of each endogenous construct (`None` for exogenous ones).
    pub r_squared: Vec<Option<f64>>,
    /// Iterations used.
    pub iterations: usize,
}

impl Fit {
    /// The loadings of construct `j` on its items, in the items' order.
    pub fn loadings(&self, model: &Model, j: usize) -> Vec<f64> {
        model.constructs()[j]
            .items
            .iter()
            .map(|&i| self.item_score[(i, j)])
            .collect()
    }

    /// The weights of construct `j` on its items.
    pub fn block_weights(&self, model: &Model, j: usize) -> Vec<f64> {
        model.constructs()[j]
            .items
            .iter()
            .map(|&i| self.weights[(i, j)])
            .collect()
    }
}

/// The sub-matrix of `s` on rows `a` and columns `b`.
pub(crate) fn block(s: &DMatrix<f64>, a: &[usize], b: &[usize]) -> DMatrix<f64> {
    DMatrix::from_fn(a.len(), b.len(), |r, c| s[(a[r], b[c])])
}

/// Solves `a x = b` for symmetric positive definite `a` (Cholesky, else
/// LU); `None` when singular.
pub(crate) fn solve(a: DMatrix<f64>, b: &DVector<f64>) -> Option<DVector<f64>> {
    if let Some(ch) = a.clone().cholesky() {
        return Some(ch.solve(b));
    }
    a.lu().solve(b)
}

/// OLS of construct `j` on constructs `preds` from their correlations:
/// (coefficients, R²).
pub(crate) fn regress(r: &DMatrix<f64>, preds: &[usize], j: usize) -> Option<(DVector<f64>, f64)> {
    let rpp = block(r, preds, preds);
    let rpj = DVector::from_iterator(preds.len(), preds.iter().map(|&p| r[(p, j)]));
    let b = solve(rpp, &rpj)?;
    let r2 = b.dot(&rpj);
    Some((b, r2))
}

/// Scales column j of `w` (construct j's weights) to a unit-variance
/// score; `false` when the score has no variance.
fn normalise(w: &mut DMatrix<f64>, s: &DMatrix<f64>, items: &[usize], j: usize) -> bool {
    let mut var = 0.0;
    for &a in items {
        for &b in items {
            var += w[(a, j)] * s[(a, b)] * w[(b, j)];
        }
    }
    if !(var > 0.0 && var.is_finite()) {
        return false;
    }
    let scale = 1.0 / var.sqrt();
    for &a in items {
        w[(a, j)] *= scale;
    }
    true
}

/// Estimates `model` from the items' correlation matrix `s`.
pub fn estimate(
    model: &Model,
    s: &DMatrix<f64>,
    settings: &Settings,
) -> Result<Fit, EstimateError> {
    let (p, m) = (model.n_items(), model.constructs().len());
    let constructs = model.constructs();
    let no_variance = |j: usize| EstimateError::NoVariance(constructs[j].name.clone());
    let mut w = DMatrix::zeros(p, m);
    for (j, c) in constructs.iter().enumerate() {
        for &i in &c.items {
            w[(i, j)] = 1.0;
        }
        if !normalise(&mut w, s, &c.items, j) {
            return Err(no_variance(j));
        }
    }
    // Neighbours: predecessors and successors of each construct.
    let preds: Vec<Vec<usize>> = (0..m).map(|j| model.predecessors(j)).collect();
    let succs: Vec<Vec<usize>> = (0..m).map(|j| model.successors(j)).collect();
    // Mode B blocks' S_jj, factorised once.
    let mode_b: Vec<Option<DMatrix<f64>>> = constructs
        .iter()
        .map(|c| (c.mode == Mode::B).then(|| block(s, &c.items, &c.items)))
        .collect();
    let mut iterations = 0;
    let mut delta = f64::INFINITY;
    while iterations < settings.max_iterations {
        iterations += 1;
        let sw = s * &w;
        let r = w.transpose() * &sw;
        let e = inner_weights(model, &r, &preds, &succs, settings.scheme)?;
        let c = &sw * &e;
        let mut next = DMatrix::zeros(p, m);
        for (j, con) in constructs.iter().enumerate() {
            match con.mode {
                Mode::A => {
                    for &i in &con.items {
                        next[(i, j)] = c[(i, j)];
                    }
                }
                Mode::B => {
                    let cj = DVector::from_iterator(
                        con.items.len(),
                        con.items.iter().map(|&i| c[(i, j)]),
                    );
                    let sjj = mode_b[j].clone().expect("a Mode B block");
                    let x = solve(sjj, &cj).ok_or_else(|| {
                        EstimateError::Singular(format!("construct `{}` (Mode B)", con.name))
                    })?;
                    for (k, &i) in con.items.iter().enumerate() {
                        next[(i, j)] = x[k];
                    }
                }
                Mode::Unit => {
                    for &i in &con.items {
                        next[(i, j)] = 1.0;
                    }
                }
            }
            if !normalise(&mut next, s, &con.items, j) {
                return Err(no_variance(j));
            }
        }
        delta = (&next - &w).abs().sum();
        w = next;
        if delta < settings.tolerance {
            return finish(model, s, w, iterations, settings.consistent);
        }
    }
    Err(EstimateError::NotConverged(iterations, delta))
}

/// The inner weights E: E[(i, j)] is neighbour i's weight in construct
/// j's inner proxy.
fn inner_weights(
    model: &Model,
    r: &DMatrix<f64>,
    preds: &[Vec<usize>],
    succs: &[Vec<usize>],
    scheme: Scheme,
) -> Result<DMatrix<f64>, EstimateError> {
    let m = r.nrows();
    let mut e = DMatrix::zeros(m, m);
    for j in 0..m {
        match scheme {
            Scheme::Factorial | Scheme::Centroid => {
                for &i in preds[j].iter().chain(&succs[j]) {
                    e[(i, j)] = if scheme == Scheme::Factorial {
                        r[(i, j)]
                    } else {
                        r[(i, j)].signum()
                    };
                }
            }
            Scheme::Path => {
                if !preds[j].is_empty() {
                    let (b, _) = regress(r, &preds[j], j).ok_or_else(|| {
                        EstimateError::Singular(format!(
                            "the predecessors of `{}`",
                            model.constructs()[j].name
                        ))
                    })?;
                    for (k, &i) in preds[j].iter().enumerate() {
                        e[(i, j)] = b[k];
                    }
                }
                for &i in &succs[j] {
                    e[(i, j)] = r[(i, j)];
                }
            }
        }
    }
    Ok(e)
}

/// Loadings, construct correlations, paths and R² from settled weights;
/// under consistent PLS (Dijkstra and Henseler 2015, *Computational
/// Statistics & Data Analysis* 81), for each common factor j with ρ_j =
/// ρA_j (composites: 1): correlations R_ij/√(ρ_i ρ_j), loadings
/// w_j √ρ_j / (w_j'w_j), and paths and R² from the corrected correlations.
/// Weights, cross-loadings and score correlations are not corrected.
fn finish(
    model: &Model,
    s: &DMatrix<f64>,
    w: DMatrix<f64>,
    iterations: usize,
    consistent: bool,
) -> Result<Fit, EstimateError> {
    let m = model.constructs().len();
    let mut item_score = s * &w;
    let score_corr = w.transpose() * &item_score;
    let mut construct_corr = score_corr.clone();
    let consistency = if consistent {
        let mut rho = vec![1.0; m];
        for (j, c) in model.constructs().iter().enumerate() {
            if c.factor && c.items.len() > 1 && c.mode == Mode::A {
                let wj: Vec<f64> = c.items.iter().map(|&i| w[(i, j)]).collect();
                let r = crate::quality::rho_a(s, &c.items, &wj);
                if !(r > 0.0 && r.is_finite()) {
                    return Err(EstimateError::Inadmissible(c.name.clone(), r));
                }
                rho[j] = r;
                let ww: f64 = wj.iter().map(|x| x * x).sum();
                for (k, &i) in c.items.iter().enumerate() {
                    item_score[(i, j)] = wj[k] * r.sqrt() / ww;
                }
            }
        }
        for a in 0..m {
            for b in 0..m {
                if a != b {
                    construct_corr[(a, b)] = score_corr[(a, b)] / (rho[a] * rho[b]).sqrt();
                }
            }
        }
        Some(rho)
    } else {
        None
    };
    let mut paths = DMatrix::zeros(m, m);
    let mut r_squared = vec![None; m];
    for j in model.endogenous() {
        let preds = model.predecessors(j);
        if let Some((b, r2)) = regress(&construct_corr, &preds, j) {
            for (k, &i) in preds.iter().enumerate() {
                paths[(i, j)] = b[k];
            }
            r_squared[j] = Some(r2);
        } else {
            for &i in &preds {
                paths[(i, j)] = f64::NAN;
            }
            r_squared[j] = Some(f64::NAN);
        }
    }
    Ok(Fit {
        weights: w,
        item_score,
        construct_corr,
        score_corr,
        consistency,
        paths,
        r_squared,
        iterations,
    })
}

impl Fit {
    /// Why the solution is inadmissible, if it is: a loading above 1 in
    /// absolute value, or construct correlations that are not a positive
    /// definite matrix (both possible under consistent PLS).
    pub fn inadmissible(&self, model: &Model) -> Option<String> {
        for (j, c) in model.constructs().iter().enumerate() {
            for &i in &c.items {
                let l = self.item_score[(i, j)];
                if l.abs() > 1.0 + 1e-12 {
                    return Some(format!("construct `{}`: a loading of {l:.4}", c.name));
                }
            }
        }
        if self.construct_corr.clone().cholesky().is_none() {
            return Some("the construct correlations are not positive definite".into());
        }
        None
    }
}
