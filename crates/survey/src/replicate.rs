//! Replicate-weight designs: BRR (with Fay's method), jackknife (JK1, JKn)
//! and bootstrap, with the scale, per-replicate coefficients and centring
//! of R `svrepdesign` (Lumley 2010, §2.5; Wolter 2007, chs. 3–5).
//!
//! V = scale · Σ_r rscale_r (θ_r − c)², where θ_r is the estimate with the
//! r-th replicate weights and c the mean of the θ_r, or the full-sample
//! estimate when `mse` is set.

use crate::estimate::{Estimate, Estimator, in_domain, point, usable_values, weighted_sums};

/// The replication method, which fixes the default coefficients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReplicateKind {
    /// Balanced repeated replication; `fay` = 0 for plain BRR (scale
    /// 1/(R(1 − fay)²)).
    Brr {
        /// Fay's coefficient in [0, 1).
        fay: f64,
    },
    /// Delete-one-PSU jackknife of an unstratified design (scale (R − 1)/R).
    Jk1,
    /// Stratified jackknife; `rscales` (n_h − 1)/n_h per replicate are
    /// required (R `svrepdesign` refuses JKn weights without them).
    Jkn,
    /// Bootstrap, scale 1/R by default (samplics' and svy's, the values
    /// `shared/reference/survey` holds; R `svrepdesign` uses 1/(R − 1) —
    /// set `scale` to match it).
    Bootstrap,
}

/// Why a replicate design cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplicateError {
    /// Replicate weights of the wrong length.
    #[error("replicate {replicate} has {found} rows, expected {expected}")]
    Length {
        replicate: usize,
        expected: usize,
        found: usize,
    },
    /// `rscales` not one per replicate.
    #[error("{found} replicate coefficients for {expected} replicates")]
    Coefficients { expected: usize, found: usize },
    /// No replicates.
    #[error("a replicate design needs at least two replicate weight columns")]
    TooFew,
    /// A weight that is negative or not finite.
    #[error(
        "replicate {replicate}, row {row}: weight {weight} is not a finite non-negative number"
    )]
    Weight {
        replicate: usize,
        row: usize,
        weight: f64,
    },
    /// Fay's coefficient outside [0, 1).
    #[error("Fay's coefficient {0} is outside [0, 1)")]
    Fay(f64),
    /// JKn weights without their per-replicate coefficients.
    #[error(
        "JKn replicate weights need `rscales`, (n_h − 1)/n_h of each replicate's stratum (0.5 for paired PSUs)"
    )]
    JknNeedsRscales,
    /// A scale or replicate coefficient that is negative or not finite.
    #[error("variance coefficient {0} is not a finite non-negative number")]
    Scale(f64),
}

/// Full-sample weights plus replicate weights and their coefficients.
#[derive(Debug, Clone)]
pub struct ReplicateDesign {
    pub(crate) weights: Vec<f64>,
    pub(crate) replicates: Replicates,
    pub(crate) scale: f64,
    pub(crate) rscales: Vec<f64>,
    pub(crate) mse: bool,
    pub(crate) df: f64,
}

/// How the replicate weights are stored.
#[derive(Debug, Clone)]
pub(crate) enum Replicates {
    /// One full column of weights per replicate (as supplied by a user).
    Columns(Vec<Vec<f64>>),
    /// Replicates made from a Taylor design: replicate r's weight of row i
    /// is w_i · factor[r][PSU of i], so they cost one factor per PSU.
    PsuFactors {
        psu_of_row: Vec<u32>,
        factors: Vec<Vec<f64>>,
    },
    /// The delete-one-PSU jackknife: replicate r drops PSU `dropped[r]` and
    /// multiplies the rest of its stratum h by `up[h]` — stored in O(PSUs),
    /// not O(PSUs²).
    DeleteOne {
        psu_of_row: Vec<u32>,
        stratum_of_psu: Vec<u32>,
        dropped: Vec<u32>,
        up: Vec<f64>,
    },
}

impl Replicates {
    fn count(&self) -> usize {
        match self {
            Replicates::Columns(c) => c.len(),
            Replicates::PsuFactors { factors, .. } => factors.len(),
            Replicates::DeleteOne { dropped, .. } => dropped.len(),
        }
    }
}

impl ReplicateDesign {
    /// Builds a design. `scale` and `rscales` override the method's
    /// defaults (as `svrepdesign(scale=, rscales=)`); `mse` centres on the
    /// full-sample estimate instead of the replicate mean.
    ///
    /// Degrees of freedom (as samplics and svy, whose values
    /// `shared/reference/survey` holds): BRR R/2 (one per pair of
    /// half-samples), jackknife and bootstrap R − 1. R `survey` instead
    /// takes the rank of the replicate weights − 1, which can be smaller.
    ///
    /// # Errors
    /// [`ReplicateError`] for lengths, counts, weights or Fay's coefficient.
    pub fn new(
        weights: Vec<f64>,
        replicates: Vec<Vec<f64>>,
        kind: ReplicateKind,
        scale: Option<f64>,
        rscales: Option<Vec<f64>>,
        mse: bool,
    ) -> Result<Self, ReplicateError> {
        let n = weights.len();
        let r = replicates.len();
        if r < 2 {
            return Err(ReplicateError::TooFew);
        }
        for (k, rep) in replicates.iter().enumerate() {
            if rep.len() != n {
                return Err(ReplicateError::Length {
                    replicate: k + 1,
                    expected: n,
                    found: rep.len(),
                });
            }
            if let Some((row, &weight)) = rep
                .iter()
                .enumerate()
                .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
            {
                return Err(ReplicateError::Weight {
                    replicate: k + 1,
                    row: row + 1,
                    weight,
                });
            }
        }
        let default_scale = match kind {
            ReplicateKind::Brr { fay } => {
                if !(0.0..1.0).contains(&fay) {
                    return Err(ReplicateError::Fay(fay));
                }
                1.0 / (r as f64 * (1.0 - fay).powi(2))
            }
            ReplicateKind::Jk1 => (r as f64 - 1.0) / r as f64,
            ReplicateKind::Jkn => 1.0,
            ReplicateKind::Bootstrap => 1.0 / r as f64,
        };
        if kind == ReplicateKind::Jkn && rscales.is_none() {
            return Err(ReplicateError::JknNeedsRscales);
        }
        let rscales = rscales.unwrap_or_else(|| vec![1.0; r]);
        if rscales.len() != r {
            return Err(ReplicateError::Coefficients {
                expected: r,
                found: rscales.len(),
            });
        }
        if let Some(&bad) = rscales
            .iter()
            .chain(scale.as_ref())
            .find(|c| !(c.is_finite() && **c >= 0.0))
        {
            return Err(ReplicateError::Scale(bad));
        }
        let df = match kind {
            ReplicateKind::Brr { .. } => (r / 2) as f64,
            _ => r as f64 - 1.0,
        };
        Ok(Self {
            weights,
            replicates: Replicates::Columns(replicates),
            scale: scale.unwrap_or(default_scale),
            rscales,
            mse,
            df,
        })
    }

    /// Design degrees of freedom.
    pub fn df(&self) -> f64 {
        self.df
    }

    /// The variance coefficients: scale and each replicate's rscale, so
    /// that V = scale Σ_r rscale_r (θ_r − c)².
    pub fn coefficients(&self) -> (f64, &[f64]) {
        (self.scale, &self.rscales)
    }

    /// Number of replicates.
    pub fn n_replicates(&self) -> usize {
        self.replicates.count()
    }

    /// The full-sample weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The weights of replicate `r` (0-based), materialised.
    ///
    /// # Panics
    /// When `r` is not below [`ReplicateDesign::n_replicates`].
    pub fn replicate_weights(&self, r: usize) -> Vec<f64> {
        match &self.replicates {
            Replicates::Columns(c) => c[r].clone(),
            Replicates::PsuFactors {
                psu_of_row,
                factors,
            } => self
                .weights
                .iter()
                .zip(psu_of_row)
                .map(|(w, &k)| w * factors[r][k as usize])
                .collect(),
            Replicates::DeleteOne {
                psu_of_row,
                stratum_of_psu,
                dropped,
                up,
            } => {
                let gone = dropped[r];
                let h = stratum_of_psu[gone as usize];
                self.weights
                    .iter()
                    .zip(psu_of_row)
                    .map(|(w, &k)| {
                        if k == gone {
                            0.0
                        } else if stratum_of_psu[k as usize] == h {
                            w * up[h as usize]
                        } else {
                            *w
                        }
                    })
                    .collect()
            }
        }
    }

    /// The replicate variance of estimates `thetas` around `full`.
    pub(crate) fn variance(&self, full: f64, thetas: &[f64]) -> f64 {
        let centre = if self.mse {
            full
        } else {
            thetas.iter().sum::<f64>() / thetas.len() as f64
        };
        self.scale
            * thetas
                .iter()
                .zip(&self.rscales)
                .map(|(t, c)| c * (t - centre).powi(2))
                .sum::<f64>()
    }

    /// (Σ w·y, Σ w·x) of the usable rows under every replicate.
    fn replicate_sums(&self, values: &[Option<(f64, f64)>]) -> Vec<(f64, f64)> {
        match &self.replicates {
            Replicates::Columns(c) => c.iter().map(|w| weighted_sums(w, values)).collect(),
            Replicates::PsuFactors {
                psu_of_row,
                factors,
            } => {
                let n_psu = factors.first().map_or(0, Vec::len);
                let by_psu = psu_sums(values, &self.weights, psu_of_row, n_psu);
                factors
                    .iter()
                    .map(|f| {
                        f.iter()
                            .zip(&by_psu)
                            .fold((0.0, 0.0), |(ty, tx), (a, (y, x))| (ty + a * y, tx + a * x))
                    })
                    .collect()
            }
            Replicates::DeleteOne {
                psu_of_row,
                stratum_of_psu,
                dropped,
                up,
            } => {
                let by_psu = psu_sums(values, &self.weights, psu_of_row, stratum_of_psu.len());
                let mut by_stratum = vec![(0.0, 0.0); up.len()];
                for (k, (y, x)) in by_psu.iter().enumerate() {
                    let cell = &mut by_stratum[stratum_of_psu[k] as usize];
                    cell.0 += y;
                    cell.1 += x;
                }
                let total = by_psu
                    .iter()
                    .fold((0.0, 0.0), |(a, b), (y, x)| (a + y, b + x));
                // Total − T_h + up_h (T_h − t_k).
                dropped
                    .iter()
                    .map(|&k| {
                        let h = stratum_of_psu[k as usize] as usize;
                        let (th, tk) = (by_stratum[h], by_psu[k as usize]);
                        (
                            total.0 - th.0 + up[h] * (th.0 - tk.0),
                            total.1 - th.1 + up[h] * (th.1 - tk.1),
                        )
                    })
                    .collect()
            }
        }
    }

    /// The full-sample estimate, the replicate estimates, rows used and
    /// rows of the domain missing a value.
    fn thetas(
        &self,
        what: Estimator<'_>,
        domain: Option<&[bool]>,
    ) -> (f64, Vec<f64>, usize, usize) {
        let values = usable_values(self.weights.len(), what, domain);
        let (ty, tx) = weighted_sums(&self.weights, &values);
        let full = point(what, ty, tx);
        let thetas: Vec<f64> = self
            .replicate_sums(&values)
            .into_iter()
            .map(|(ty, tx)| point(what, ty, tx))
            .collect();
        let n = values.iter().filter(|v| v.is_some()).count();
        let in_domain = (0..self.weights.len())
            .filter(|&i| in_domain(domain, i))
            .count();
        (full, thetas, n, in_domain - n)
    }

    /// Estimates `what` over `domain` (all rows when `None`); rows with a
    /// missing value are left out of every replicate.
    pub fn estimate(&self, what: Estimator<'_>, domain: Option<&[bool]>) -> Estimate {
        let (full, thetas, n, n_missing) = self.thetas(what, domain);
        let mut e = Estimate::new(full, self.variance(full, &thetas), self.df, n, n_missing);
        e.is_proportion = matches!(what, Estimator::Proportion(_));
        e
    }

    /// The difference `a − b` of two estimates on this design, its variance
    /// from the replicate differences (so the covariance is accounted for).
    pub fn difference(
        &self,
        a: (Estimator<'_>, Option<&[bool]>),
        b: (Estimator<'_>, Option<&[bool]>),
    ) -> Estimate {
        let (fa, ta, na, ma) = self.thetas(a.0, a.1);
        let (fb, tb, nb, mb) = self.thetas(b.0, b.1);
        let diffs: Vec<f64> = ta.iter().zip(&tb).map(|(x, y)| x - y).collect();
        let variance = self.variance(fa - fb, &diffs);
        Estimate::new(fa - fb, variance, self.df, na + nb, ma + mb)
    }

    /// Any statistic given as a function of the weights: its value with the
    /// full-sample weights and its replicate variance. This is the
    /// replicate counterpart of linearisation: a poverty index or a Gini
    /// coefficient needs only to be computable from weights.
    pub fn estimate_fn(&self, statistic: impl Fn(&[f64]) -> f64) -> (f64, f64) {
        let full = statistic(&self.weights);
        let thetas: Vec<f64> = (0..self.n_replicates())
            .map(|r| statistic(&self.replicate_weights(r)))
            .collect();
        (full, self.variance(full, &thetas))
    }
}

/// (Σ w·y, Σ w·x) of the usable rows of each PSU.
fn psu_sums(
    values: &[Option<(f64, f64)>],
    weights: &[f64],
    psu_of_row: &[u32],
    n_psu: usize,
) -> Vec<(f64, f64)> {
    let mut by_psu = vec![(0.0, 0.0); n_psu];
    for ((v, &w), &k) in values.iter().zip(weights).zip(psu_of_row) {
        if let Some((y, x)) = v {
            let cell = &mut by_psu[k as usize];
            cell.0 += w * y;
            cell.1 += w * x;
        }
    }
    by_psu
}
