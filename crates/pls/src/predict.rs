//! PLSpredict (Shmueli et al. 2016, *Journal of Business Research*
//! 69(10); Shmueli et al. 2019, *European Journal of Marketing* 53(11)):
//! out-of-sample predictions of the endogenous constructs' items by
//! k-fold cross-validation, against a linear-model benchmark.
//!
//! Each repetition shuffles the rows (PCG-64, stream = the repetition)
//! and cuts them into k contiguous folds (as seminr). For each fold the
//! model is estimated on the other rows; the held-out items are
//! standardised with the training means and SDs, scored with the training
//! weights (η̂ = Z W), the endogenous scores predicted from the paths —
//! `EarliestAntecedents`: in causal order from the exogenous scores only
//! (η̃_k = Σ_p β_pk η̃_p); `DirectAntecedents`: from the item-based scores
//! of each construct's direct predecessors — and each item predicted as
//! its loading × its construct's prediction, back on the item's scale.
//! The benchmark regresses each item, with an intercept, on the raw items
//! of the exogenous constructs (earliest) or of the direct predecessors
//! (direct), on the training rows. Predictions are averaged over the
//! repetitions (seminr's repetitions reuse one shuffle; these draw a new
//! one each time). Per item: RMSE, MAE, and Q²predict = 1 − Σ(y − ŷ)² /
//! Σ(y − ȳ_train)² (the training fold's mean as the naive prediction, as
//! SmartPLS defines it).

use nalgebra::{DMatrix, DVector};

use crate::estimate::{EstimateError, Settings, estimate, solve};
use crate::model::Model;
use crate::sample::Sample;

/// The salt of the folds' shuffles.
const FOLD_SALT: u64 = 0x5851_f42d_4c95_7f2d;

/// Where the endogenous predictions start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Technique {
    /// From the exogenous constructs only, through the model.
    #[default]
    EarliestAntecedents,
    /// From each construct's direct predecessors' item-based scores.
    DirectAntecedents,
}

/// Cross-validation settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrossValidation {
    /// Folds (k).
    pub folds: usize,
    /// Repetitions, each with its own shuffle.
    pub repetitions: usize,
    /// Seed of the shuffles.
    pub seed: u64,
    /// The prediction technique.
    pub technique: Technique,
}

/// One predicted item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPrediction {
    /// The item's column.
    pub item: usize,
    /// Its construct.
    pub construct: usize,
    /// PLS out-of-sample RMSE.
    pub rmse: f64,
    /// PLS out-of-sample MAE.
    pub mae: f64,
    /// Q²predict.
    pub q2_predict: f64,
    /// Linear-model benchmark RMSE.
    pub lm_rmse: f64,
    /// Linear-model benchmark MAE.
    pub lm_mae: f64,
}

/// Why the cross-validation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PredictError {
    /// Too few rows for the folds.
    #[error("{0} rows cannot be split into {1} folds (each fold needs a row, each training set 3)")]
    TooFewRows(usize, usize),
    /// A training fold's estimation failed.
    #[error("a training fold: {0}")]
    Estimation(#[from] EstimateError),
    /// A fold's benchmark regression is singular.
    #[error("the linear benchmark of item {0}: its predictors are collinear in a training fold")]
    Singular(usize),
}

/// Cross-validated predictions of every endogenous item.
pub fn predict(
    model: &Model,
    sample: &Sample,
    settings: &Settings,
    cv: &CrossValidation,
) -> Result<Vec<ItemPrediction>, PredictError> {
    let (n, k) = (sample.n(), cv.folds);
    if k < 2 || k > n || n - n.div_ceil(k) < 3 {
        return Err(PredictError::TooFewRows(n, k));
    }
    let settings = Settings {
        consistent: false,
        ..*settings
    };
    let endo = model.endogenous();
    // (item, construct, benchmark predictors) for every endogenous item.
    let targets: Vec<(usize, usize, Vec<usize>)> = endo
        .iter()
        .flat_map(|&j| {
            let sources: Vec<usize> = match cv.technique {
                Technique::EarliestAntecedents => (0..model.constructs().len())
                    .filter(|c| !endo.contains(c) && reaches(model, *c, j))
                    .collect(),
                Technique::DirectAntecedents => model.predecessors(j),
            };
            let mut predictors: Vec<usize> = sources
                .iter()
                .flat_map(|&c| model.constructs()[c].items.iter().copied())
                .collect();
            predictors.sort_unstable();
            predictors.dedup();
            model.constructs()[j]
                .items
                .iter()
                .map(move |&i| (i, j, predictors.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut pls_sum = vec![vec![0.0; n]; targets.len()];
    let mut lm_sum = vec![vec![0.0; n]; targets.len()];
    let mut naive_sum = vec![vec![0.0; n]; targets.len()];
    for r in 0..cv.repetitions {
        let order = crate::parallel::shuffle(n, cv.seed, FOLD_SALT, r);
        for f in 0..k {
            // seminr's cut(): contiguous blocks of the shuffled order.
            let (lo, hi) = (f * n / k, (f + 1) * n / k);
            let test: Vec<usize> = order[lo..hi].to_vec();
            let train: Vec<usize> = order[..lo].iter().chain(&order[hi..]).copied().collect();
            let train_sample = sample.subset(&train);
            let m = train_sample.moments(None);
            let fit = estimate(model, &m.corr, &settings)?;
            for &row in &test {
                let x = sample.row(row);
                let z: Vec<f64> = x
                    .iter()
                    .zip(&m.means)
                    .zip(&m.sds)
                    .map(|((x, mu), sd)| (x - mu) / sd)
                    .collect();
                let scores = fit.weights.transpose() * DVector::from_column_slice(&z);
                let eta = structural(model, &fit.paths, &scores, cv.technique);
                for (t, (i, j, _)) in targets.iter().enumerate() {
                    let std = eta[*j] * fit.item_score[(*i, *j)];
                    pls_sum[t][row] += std * m.sds[*i] + m.means[*i];
                    naive_sum[t][row] += m.means[*i];
                }
            }
            // The benchmark, one regression per item on the training rows.
            for (t, (i, _, preds)) in targets.iter().enumerate() {
                let beta =
                    regression(&train_sample, *i, preds).ok_or(PredictError::Singular(*i))?;
                for &row in &test {
                    let x = sample.row(row);
                    let y = beta[0]
                        + preds
                            .iter()
                            .enumerate()
                            .map(|(q, &c)| beta[q + 1] * x[c])
                            .sum::<f64>();
                    lm_sum[t][row] += y;
                }
            }
        }
    }
    let reps = cv.repetitions as f64;
    Ok(targets
        .iter()
        .enumerate()
        .map(|(t, (i, j, _))| {
            let (mut sse, mut sae, mut lsse, mut lsae, mut naive) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for row in 0..n {
                let y = sample.row(row)[*i];
                naive += (y - naive_sum[t][row] / reps).powi(2);
                let e = y - pls_sum[t][row] / reps;
                let le = y - lm_sum[t][row] / reps;
                sse += e * e;
                sae += e.abs();
                lsse += le * le;
                lsae += le.abs();
            }
            let nf = n as f64;
            ItemPrediction {
                item: *i,
                construct: *j,
                rmse: (sse / nf).sqrt(),
                mae: sae / nf,
                q2_predict: 1.0 - sse / naive,
                lm_rmse: (lsse / nf).sqrt(),
                lm_mae: lsae / nf,
            }
        })
        .collect())
}

/// True when a directed route leads from construct `a` to `b`.
fn reaches(model: &Model, a: usize, b: usize) -> bool {
    let mut stack = vec![a];
    let mut seen = vec![false; model.constructs().len()];
    while let Some(c) = stack.pop() {
        if c == b {
            return true;
        }
        for s in model.successors(c) {
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
    }
    false
}

/// The constructs' predictions from item-based scores.
fn structural(
    model: &Model,
    paths: &DMatrix<f64>,
    scores: &DVector<f64>,
    technique: Technique,
) -> Vec<f64> {
    let mut eta: Vec<f64> = scores.iter().copied().collect();
    let endo = model.endogenous();
    match technique {
        Technique::EarliestAntecedents => {
            for &j in model.order() {
                if endo.contains(&j) {
                    eta[j] = model
                        .predecessors(j)
                        .iter()
                        .map(|&p| paths[(p, j)] * eta[p])
                        .sum();
                }
            }
        }
        Technique::DirectAntecedents => {
            for &j in &endo {
                eta[j] = model
                    .predecessors(j)
                    .iter()
                    .map(|&p| paths[(p, j)] * scores[p])
                    .sum();
            }
        }
    }
    eta
}

/// OLS with an intercept of item `y` on items `x` over the sample's rows:
/// [intercept, slopes…].
fn regression(sample: &Sample, y: usize, x: &[usize]) -> Option<DVector<f64>> {
    let q = x.len() + 1;
    let mut xtx = DMatrix::zeros(q, q);
    let mut xty = DVector::zeros(q);
    let mut v = vec![0.0; q];
    for r in 0..sample.n() {
        let row = sample.row(r);
        v[0] = 1.0;
        for (k, &c) in x.iter().enumerate() {
            v[k + 1] = row[c];
        }
        for a in 0..q {
            xty[a] += v[a] * row[y];
            for b in 0..q {
                xtx[(a, b)] += v[a] * v[b];
            }
        }
    }
    solve(xtx, &xty)
}
