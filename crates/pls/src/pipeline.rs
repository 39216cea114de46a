//! Models whose items are partly computed from the data: interaction
//! terms and higher-order constructs (Hair et al. 2022, ch. 7–8; Becker,
//! Klein and Wetzels 2012 for higher-order constructs; Henseler and Chin
//! 2010 for interactions).
//!
//! A [`Pipeline`] appends derived columns to the raw items of a sample —
//! products of standardised items (product indicators), the same products
//! residualised on the constituents' items (orthogonalised), and the
//! scores of a first-stage model or their products (two-stage approaches)
//! — then estimates the model over raw and derived columns. The derived
//! columns are rebuilt from each sample they are used on (a bootstrap
//! resample, a training fold), as seminr rebuilds them inside every
//! resample.

use nalgebra::{DMatrix, DVector};

use crate::estimate::{EstimateError, Fit, Settings, estimate, solve};
use crate::model::Model;
use crate::sample::Sample;

/// A derived column.
#[derive(Debug, Clone, PartialEq)]
pub enum Derived {
    /// The product of two columns (raw or derived earlier), each
    /// standardised on the sample (n − 1).
    Product(usize, usize),
    /// [`Derived::Product`] less its OLS fit (with an intercept) on the
    /// columns `on` (the constituents' items): an orthogonalised product
    /// indicator.
    Orthogonal {
        /// The first column.
        a: usize,
        /// The second.
        b: usize,
        /// The columns it is made orthogonal to.
        on: Vec<usize>,
    },
    /// The first-stage score of construct k (unit variance).
    Score(usize),
    /// The product of two first-stage scores.
    ScoreProduct(usize, usize),
}

/// Derived columns, an optional first stage, and the model.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// The first-stage model over the raw columns (two-stage approaches).
    pub first: Option<Model>,
    /// Columns appended after the raw ones, in order.
    pub derived: Vec<Derived>,
    /// The model over raw + derived columns.
    pub model: Model,
}

impl Pipeline {
    /// A model over the raw columns alone.
    pub fn plain(model: Model) -> Self {
        Self {
            first: None,
            derived: Vec::new(),
            model,
        }
    }

    /// True when nothing is derived: the model runs on the moments alone.
    pub fn is_plain(&self) -> bool {
        self.derived.is_empty()
    }

    /// The sample with the derived columns appended, and the first
    /// stage's fit when there is one.
    pub fn prepare(
        &self,
        raw: &Sample,
        settings: &Settings,
    ) -> Result<(Sample, Option<Fit>), EstimateError> {
        let n = raw.n();
        let mut columns: Vec<Vec<f64>> = (0..raw.p())
            .map(|j| (0..n).map(|i| raw.row(i)[j]).collect())
            .collect();
        let first = match &self.first {
            Some(m) => {
                let moments = raw.moments(None);
                Some((estimate(m, &moments.corr, settings)?, moments))
            }
            None => None,
        };
        let score = |k: usize| -> Vec<f64> {
            let (fit, mo) = first.as_ref().expect("a first stage for its scores");
            (0..n)
                .map(|i| {
                    raw.row(i)
                        .iter()
                        .enumerate()
                        .map(|(j, x)| fit.weights[(j, k)] * (x - mo.means[j]) / mo.sds[j])
                        .sum()
                })
                .collect()
        };
        for d in &self.derived {
            let col = match d {
                Derived::Product(a, b) => product(&columns[*a], &columns[*b]),
                Derived::Orthogonal { a, b, on } => {
                    let p = product(&columns[*a], &columns[*b]);
                    residualise(&p, on.iter().map(|&c| &columns[c][..]).collect()).ok_or_else(
                        || EstimateError::Singular("an orthogonalised product".into()),
                    )?
                }
                Derived::Score(k) => score(*k),
                Derived::ScoreProduct(k, l) => product(&score(*k), &score(*l)),
            };
            columns.push(col);
        }
        Ok((Sample::from_columns(&columns), first.map(|f| f.0)))
    }

    /// Prepares `raw` and estimates the model on it.
    pub fn fit(&self, raw: &Sample, settings: &Settings) -> Result<(Sample, Fit), EstimateError> {
        let (sample, _) = self.prepare(raw, settings)?;
        let fit = estimate(&self.model, &sample.moments(None).corr, settings)?;
        Ok((sample, fit))
    }
}

/// x and y standardised (n − 1), multiplied.
fn product(x: &[f64], y: &[f64]) -> Vec<f64> {
    let (zx, zy) = (standardise(x), standardise(y));
    zx.iter().zip(&zy).map(|(a, b)| a * b).collect()
}

fn standardise(x: &[f64]) -> Vec<f64> {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let sd = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    x.iter().map(|v| (v - mean) / sd).collect()
}

/// y less its OLS fit with an intercept on `on`.
fn residualise(y: &[f64], on: Vec<&[f64]>) -> Option<Vec<f64>> {
    let (n, q) = (y.len(), on.len() + 1);
    let x = DMatrix::from_fn(n, q, |i, k| if k == 0 { 1.0 } else { on[k - 1][i] });
    let yv = DVector::from_column_slice(y);
    let beta = solve(x.transpose() * &x, &(x.transpose() * &yv))?;
    Some((yv - x * beta).iter().copied().collect())
}
