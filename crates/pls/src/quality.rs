//! Quality criteria of an estimated model, from the item correlations S
//! and the fit (Hair et al. 2022, *A Primer on PLS-SEM*, 3rd ed., ch. 4–6):
//!
//! - Cronbach's α on standardised items, k/(k − 1) (1 − k / 1'S_jj1);
//!   1 for a single item.
//! - ρA (Dijkstra and Henseler 2015, *MIS Quarterly* 39(2)), with w the
//!   weights scaled to a unit-variance score: (w'w)² w'(S_jj − diag S_jj)w
//!   / w'(ww' − diag(ww'))w; 1 for a single item and a Mode B block (as
//!   seminr).
//! - ρC (Jöreskog 1971) from the loadings: (Σλ)² / ((Σλ)² + Σ(1 − λ²)).
//! - AVE (Fornell and Larcker 1981): mean λ².
//! - Fornell–Larcker: √AVE against the construct correlations.
//! - HTMT (Henseler, Ringle and Sarstedt 2015, *JAMS* 43(1)): the mean
//!   absolute heterotrait correlation over the geometric mean of the two
//!   mean absolute monotrait correlations (a single item's: 1), as seminr
//!   computes it; HTMT2 (Roemer, Schuberth and Henseler 2021, *IMDS*
//!   121(12)) with geometric means of the absolute correlations
//!   throughout (0 for a zero correlation).
//! - Item VIF: the diagonal of S_jj⁻¹; antecedent VIF: the diagonal of
//!   R_PP⁻¹ over a construct's predecessors (two or more).
//! - R², adjusted R² = 1 − (1 − R²)(n − 1)/(n − k − 1), k predecessors;
//!   f² = (R²_with − R²_without)/(1 − R²_with).
//! - Total effects (I − B)⁻¹ − I, B the path matrix [from, to].

use nalgebra::DMatrix;

use crate::estimate::{Fit, Settings, block, estimate, regress};
use crate::model::Model;

/// A construct's reliability and convergent validity.
#[derive(Debug, Clone, PartialEq)]
pub struct Reliability {
    /// Cronbach's α (standardised items).
    pub alpha: f64,
    /// Dijkstra–Henseler ρA.
    pub rho_a: f64,
    /// Composite reliability ρC.
    pub rho_c: f64,
    /// Average variance extracted.
    pub ave: f64,
}

/// ρA of a block with items `items` and unit-variance-score weights `w`:
/// (w'w)² w'(S − diag S)w / w'(ww' − diag ww')w.
pub(crate) fn rho_a(s: &DMatrix<f64>, items: &[usize], w: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (a, &ia) in items.iter().enumerate() {
        for (b, &ib) in items.iter().enumerate() {
            if a != b {
                num += w[a] * s[(ia, ib)] * w[b];
                den += w[a] * w[a] * w[b] * w[b];
            }
        }
    }
    let ww: f64 = w.iter().map(|x| x * x).sum();
    ww * ww * num / den
}

/// Cronbach's α of standardised items with correlations `sjj`.
fn cronbach(sjj: &DMatrix<f64>) -> f64 {
    let k = sjj.nrows() as f64;
    k / (k - 1.0) * (1.0 - k / sjj.sum())
}

/// Reliability of construct `j`.
pub fn reliability(model: &Model, s: &DMatrix<f64>, fit: &Fit, j: usize) -> Reliability {
    let items = &model.constructs()[j].items;
    let k = items.len();
    let lambda = fit.loadings(model, j);
    let w = fit.block_weights(model, j);
    let sjj = block(s, items, items);
    let (alpha, rho_a) = if k == 1 {
        (1.0, 1.0)
    } else if model.constructs()[j].mode == crate::model::Mode::B {
        // ρA is a reliability of reflective measurement: 1 for a formative
        // block, as seminr reports it.
        (cronbach(&sjj), 1.0)
    } else {
        (cronbach(&sjj), rho_a(s, items, &w))
    };
    let sum: f64 = lambda.iter().sum();
    let err: f64 = lambda.iter().map(|l| 1.0 - l * l).sum();
    Reliability {
        alpha,
        rho_a,
        rho_c: sum * sum / (sum * sum + err),
        ave: lambda.iter().map(|l| l * l).sum::<f64>() / k as f64,
    }
}

/// The heterotrait–monotrait ratios of every pair of constructs
/// (symmetric; NaN on the diagonal), arithmetic (`geometric = false`:
/// HTMT) or geometric (HTMT2).
pub fn htmt(model: &Model, s: &DMatrix<f64>, geometric: bool) -> DMatrix<f64> {
    let constructs = model.constructs();
    let m = constructs.len();
    let mean = |vals: &mut dyn Iterator<Item = f64>| {
        let (mut sum, mut count) = (0.0, 0usize);
        for v in vals {
            let v = v.abs();
            sum += if geometric { v.ln() } else { v };
            count += 1;
        }
        let avg = sum / count as f64;
        if geometric { avg.exp() } else { avg }
    };
    let mono: Vec<f64> = constructs
        .iter()
        .map(|c| {
            let it = &c.items;
            if it.len() == 1 {
                return 1.0;
            }
            mean(
                &mut it
                    .iter()
                    .enumerate()
                    .flat_map(|(x, &a)| it[x + 1..].iter().map(move |&b| s[(a, b)])),
            )
        })
        .collect();
    let mut out = DMatrix::from_element(m, m, f64::NAN);
    for i in 0..m {
        for j in i + 1..m {
            let (a, b) = (&constructs[i].items, &constructs[j].items);
            let het = mean(&mut a.iter().flat_map(|&x| b.iter().map(move |&y| s[(x, y)])));
            let v = het / (mono[i] * mono[j]).sqrt();
            out[(i, j)] = v;
            out[(j, i)] = v;
        }
    }
    out
}

/// Each item's VIF within its block (in the block's order).
pub fn item_vif(model: &Model, s: &DMatrix<f64>, j: usize) -> Vec<f64> {
    let items = &model.constructs()[j].items;
    if items.len() == 1 {
        return vec![1.0];
    }
    match block(s, items, items).try_inverse() {
        Some(inv) => (0..items.len()).map(|k| inv[(k, k)]).collect(),
        None => vec![f64::INFINITY; items.len()],
    }
}

/// The VIF of each predecessor of construct `j` (its predecessors in
/// ascending order); `None` with fewer than two.
pub fn antecedent_vif(model: &Model, fit: &Fit, j: usize) -> Option<Vec<f64>> {
    let preds = model.predecessors(j);
    if preds.len() < 2 {
        return None;
    }
    Some(
        match block(&fit.construct_corr, &preds, &preds).try_inverse() {
            Some(inv) => (0..preds.len()).map(|k| inv[(k, k)]).collect(),
            None => vec![f64::INFINITY; preds.len()],
        },
    )
}

/// Adjusted R² of an endogenous construct with `k` predecessors on `n`
/// rows.
pub fn adjusted_r_squared(r2: f64, n: usize, k: usize) -> f64 {
    1.0 - (1.0 - r2) * (n as f64 - 1.0) / (n as f64 - k as f64 - 1.0)
}

/// f² of predecessor `i` on construct `j`, as seminr and SmartPLS compute
/// it: R² without the path from the model re-estimated without it (its
/// weights change too). `None` when j is exogenous or the reduced model
/// cannot be estimated (then [`f_squared_fixed`] is the fallback).
pub fn f_squared(
    model: &Model,
    s: &DMatrix<f64>,
    settings: &Settings,
    fit: &Fit,
    i: usize,
    j: usize,
) -> Option<f64> {
    let r2 = fit.r_squared[j]?;
    let paths: Vec<(usize, usize)> = model
        .paths()
        .iter()
        .copied()
        .filter(|&p| p != (i, j))
        .collect();
    let without = if paths.len() == model.paths().len() {
        return None;
    } else if model.predecessors(j).len() == 1 {
        0.0
    } else {
        let reduced = Model::new(model.constructs().to_vec(), paths, model.n_items()).ok()?;
        estimate(&reduced, s, settings).ok()?.r_squared[j]?
    };
    Some((r2 - without) / (1.0 - r2))
}

/// f² with the weights held at the full model's: R² without the path from
/// the same scores (a cheaper variant some texts use).
pub fn f_squared_fixed(model: &Model, fit: &Fit, i: usize, j: usize) -> Option<f64> {
    let r2 = fit.r_squared[j]?;
    let others: Vec<usize> = model
        .predecessors(j)
        .into_iter()
        .filter(|&p| p != i)
        .collect();
    let without = if others.is_empty() {
        0.0
    } else {
        regress(&fit.construct_corr, &others, j)?.1
    };
    Some((r2 - without) / (1.0 - r2))
}

/// Total effects [from, to]: (I − B)⁻¹ − I, the sum of B^k over path
/// lengths k ≥ 1 (B is nilpotent in a recursive model).
pub fn total_effects(paths: &DMatrix<f64>) -> DMatrix<f64> {
    let m = paths.nrows();
    let mut total = DMatrix::zeros(m, m);
    let mut power = paths.clone();
    for _ in 0..m {
        if power.iter().all(|x| *x == 0.0) {
            break;
        }
        total += &power;
        power = &power * paths;
    }
    total
}

/// The product of the path coefficients along `chain` (construct
/// indices, a specific indirect effect when it has three or more).
pub fn chain_effect(paths: &DMatrix<f64>, chain: &[usize]) -> f64 {
    chain.windows(2).map(|p| paths[(p[0], p[1])]).product()
}

/// The model-implied construct correlations of the structural model
/// (cSEM's construction; Dijkstra and Henseler 2015): Φ the exogenous
/// constructs' correlations, η = Bη + Γξ + ζ with Var(ζ_k) = 1 − R²_k;
/// Cov(η) = (I − B)⁻¹(ΓΦΓ' + Ψ)(I − B)⁻ᵀ with its diagonal set to 1 and
/// Cov(ξ, η) = ΦΓ'(I − B)⁻ᵀ.
pub fn implied_construct_corr(model: &Model, fit: &Fit) -> DMatrix<f64> {
    let m = model.constructs().len();
    let endo = model.endogenous();
    let exo: Vec<usize> = (0..m).filter(|j| !endo.contains(j)).collect();
    let (ne, nx) = (endo.len(), exo.len());
    let phi = block(&fit.construct_corr, &exo, &exo);
    let b = DMatrix::from_fn(ne, ne, |k, p| fit.paths[(endo[p], endo[k])]);
    let gamma = DMatrix::from_fn(ne, nx, |k, x| fit.paths[(exo[x], endo[k])]);
    let psi = DMatrix::from_fn(ne, ne, |a, c| {
        if a == c {
            1.0 - fit.r_squared[endo[a]].unwrap_or(0.0)
        } else {
            0.0
        }
    });
    let Some(inv) = (DMatrix::identity(ne, ne) - &b).try_inverse() else {
        return DMatrix::from_element(m, m, f64::NAN);
    };
    let mut cov_eta = &inv * (&gamma * &phi * gamma.transpose() + psi) * inv.transpose();
    for k in 0..ne {
        cov_eta[(k, k)] = 1.0;
    }
    let cov_xe = &phi * gamma.transpose() * inv.transpose();
    let mut v = DMatrix::zeros(m, m);
    for (a, &x) in exo.iter().enumerate() {
        for (c, &y) in exo.iter().enumerate() {
            v[(x, y)] = phi[(a, c)];
        }
        for (k, &e) in endo.iter().enumerate() {
            v[(x, e)] = cov_xe[(a, k)];
            v[(e, x)] = cov_xe[(a, k)];
        }
    }
    for (k, &e) in endo.iter().enumerate() {
        for (l, &f) in endo.iter().enumerate() {
            v[(e, f)] = cov_eta[(k, l)];
        }
    }
    v
}

/// The standardised root mean square residual between the item
/// correlations S and those the model implies, over the lower triangle
/// with the diagonal (p(p + 1)/2 elements; Henseler et al. 2014,
/// *Organizational Research Methods* 17(2); cSEM's construction):
/// between blocks λ_a λ_b V_kl (λ the loadings, corrected under PLSc; V
/// the construct correlations: `saturated` the estimated ones, else those
/// the paths imply); within a composite's block S itself (a composite
/// leaves its items' correlations free); within a common factor's λ_a
/// λ_b. An item in two constructs counts with its first.
pub fn srmr(model: &Model, s: &DMatrix<f64>, fit: &Fit, saturated: bool) -> f64 {
    let p = s.nrows();
    let v = if saturated {
        fit.construct_corr.clone()
    } else {
        implied_construct_corr(model, fit)
    };
    let mut owner: Vec<Option<usize>> = vec![None; p];
    for (j, c) in model.constructs().iter().enumerate() {
        for &i in &c.items {
            owner[i].get_or_insert(j);
        }
    }
    let (mut sum, mut count) = (0.0, 0usize);
    for a in 0..p {
        for b in 0..=a {
            count += 1;
            let (Some(k), Some(l)) = (owner[a], owner[b]) else {
                continue;
            };
            if a == b {
                continue;
            }
            let implied = if k != l {
                fit.item_score[(a, k)] * fit.item_score[(b, l)] * v[(k, l)]
            } else if model.constructs()[k].factor && fit.consistency.is_some() {
                fit.item_score[(a, k)] * fit.item_score[(b, k)]
            } else {
                s[(a, b)]
            };
            sum += (s[(a, b)] - implied).powi(2);
        }
    }
    (sum / count as f64).sqrt()
}
