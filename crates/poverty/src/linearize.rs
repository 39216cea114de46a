//! The measures as [`Linearizable`] statistics: their value from any
//! weights and their influence values (Deville 1999, *Survey Methodology*
//! 25(2); Osier 2009, *Survey Research Methods* 3(3)), so that the survey
//! engine gives a design-based SE under a Taylor design and recomputes them
//! under replicate weights.
//!
//! With W = Σ w, Y = Σ w y over the rows that count, the influence of row
//! k is ∂θ/∂w_k:
//!
//! - FGT(α) and Watts, means of g(y): (g_k − θ)/W;
//! - Gini: [Σ_j w_j |y_k − y_j| − G (Y + W y_k)] / (W Y);
//! - GE(θ) = (R − 1)/(θ(θ − 1)), R = T_θ W^(θ−1) / Y^θ, T_θ = Σ w y^θ:
//!   R (y_k^θ/T_θ + (θ − 1)/W − θ y_k/Y)/(θ(θ − 1)); Theil T = S/Y − ln(Y/W),
//!   S = Σ w y ln y: y_k ln y_k/Y − S y_k/Y² − y_k/Y + 1/W; MLD = ln(Y/W) −
//!   L/W, L = Σ w ln y: y_k/Y − 1/W − ln y_k/W + L/W²;
//! - Sen, SST, share ratios and quantiles: see `distribution/ranked.rs`;
//! - Atkinson 1 − ξ W/Y: −(W/Y)(∂ξ + ξ/W − ξ y_k/Y), with ∂ξ =
//!   ξ/(1 − ε)(y_k^(1−ε)/T − 1/W), T = Σ w y^(1−ε), or for ε = 1
//!   ξ (ln y_k/W − L/W²).

use std::sync::atomic::{AtomicUsize, Ordering};

use clusterdx_survey::{Estimate, Linearizable, SurveyDesign};

use crate::distribution::{
    Distribution, cores_for, power, serial, watts_term, with_fgt_term, y_ln_y,
};

/// Which measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// FGT(α) at poverty line z.
    Fgt {
        /// The poverty line.
        z: f64,
        /// The poverty aversion α ≥ 0.
        alpha: f64,
    },
    /// Watts at poverty line z.
    Watts {
        /// The poverty line.
        z: f64,
    },
    /// The mean.
    Mean,
    /// Gini (population form).
    Gini,
    /// Generalised entropy GE(θ).
    GeneralisedEntropy {
        /// θ (0: mean log deviation; 1: Theil's T).
        theta: f64,
    },
    /// Atkinson's index.
    Atkinson {
        /// Inequality aversion ε ≥ 0.
        epsilon: f64,
    },
    /// Sen's index at poverty line z.
    Sen {
        /// The poverty line.
        z: f64,
    },
    /// Sen–Shorrocks–Thon at poverty line z.
    Sst {
        /// The poverty line.
        z: f64,
    },
    /// Income share of the richest `top` ÷ the poorest `bottom` (Palma:
    /// 0.1 and 0.4).
    ShareRatio {
        /// Population share at the top.
        top: f64,
        /// Population share at the bottom.
        bottom: f64,
    },
    /// The p-quantile (its SE through a kernel density estimate).
    Quantile {
        /// p in (0, 1).
        p: f64,
    },
    /// The `upper` quantile ÷ the `lower` (P90/P10: 0.9 and 0.1).
    QuantileRatio {
        /// The upper p.
        upper: f64,
        /// The lower p.
        lower: f64,
    },
}

/// A measure of a distribution, ready for the survey engine.
///
/// `value` makes one pass over the rows (the Gini also gathers the
/// weights into ascending order), `influence` the same pass and one more
/// to write the values. When every row counts, [`Linearizable::used`] is
/// `None`: n and the df are then the design's, with no pass to find them.
/// [`Distribution::estimate`] estimates several measures together, faster.
pub struct Linearized<'d, 'a> {
    /// The distribution.
    pub dist: &'d Distribution<'a>,
    /// The measure.
    pub measure: Measure,
}

impl Linearized<'_, '_> {
    /// The value at weights `w`, and with `out` (one entry per row) the
    /// influence values written into it (0 on the rows that do not count).
    /// Both come from the same totals, so the value is `value`'s. Each
    /// influence value is an affine form in the row's terms, its
    /// coefficients computed once.
    fn value_and_influence(&self, w: &[f64], out: Option<&mut [f64]>) -> f64 {
        let d = self.dist;
        match self.measure {
            Measure::Fgt { z, alpha } => {
                with_fgt_term!(z, alpha, |g| mean_type(d, w, out, |_, y| g(y)))
            }
            Measure::Watts { z } => {
                let (ln, ln_z) = (d.ln_y(), z.ln());
                mean_type(d, w, out, |k, y| watts_term(y, z, ln_z, ln[k]))
            }
            Measure::Mean => mean_type(d, w, out, |_, y| y),
            Measure::Gini => d.gini_with_influence(w, out),
            Measure::Sen { z } => d.sen_with_influence(w, z, out),
            Measure::Sst { z } => d.sst_with_influence(w, z, out),
            Measure::ShareRatio { top, bottom } => {
                d.share_ratio_with_influence(w, top, bottom, out)
            }
            Measure::Quantile { p } => d.quantile_with_influence(w, p, out),
            Measure::QuantileRatio { upper, lower } => {
                d.quantile_ratio_with_influence(w, upper, lower, out)
            }
            Measure::GeneralisedEntropy { theta: 1.0 } => {
                // Theil T = S/Y − ln(Y/W), S = Σ w y ln y: y_k ln y_k/Y −
                // S y_k/Y² − y_k/Y + 1/W.
                let ln = d.ln_y();
                let (sw, [sy, s]) = d.weighted_sums(w, |k, y| [y, y_ln_y(y, ln[k])]);
                if let Some(out) = out {
                    let (a, b, c) = (1.0 / sy, -s / (sy * sy) - 1.0 / sy, 1.0 / sw);
                    d.fill(out, |k, y| a * y_ln_y(y, ln[k]) + b * y + c);
                }
                s / sy - (sy / sw).ln()
            }
            Measure::GeneralisedEntropy { theta: 0.0 } => {
                // MLD = ln(Y/W) − L/W, L = Σ w ln y: y_k/Y − 1/W − ln y_k/W
                // + L/W².
                let ln = d.ln_y();
                let (sw, [sy, l]) = d.weighted_sums(w, |k, y| [y, ln[k]]);
                if let Some(out) = out {
                    let (a, b, c) = (1.0 / sy, -1.0 / sw, l / (sw * sw) - 1.0 / sw);
                    d.fill(out, |k, y| a * y + b * ln[k] + c);
                }
                (sy / sw).ln() - l / sw
            }
            Measure::GeneralisedEntropy { theta } => {
                // T = Σ w (y/s)^θ, s a scale that keeps it finite; R =
                // mean((y/μ)^θ) = (T/W)/(μ/s)^θ; GE = (R − 1)/(θ(θ − 1)),
                // influence R ((y_k/s)^θ/T + (θ − 1)/W − θ y_k/Y)/(θ(θ − 1)).
                let inv_s = 1.0 / d.power_scale(theta);
                let (sw, [sy, t]) = d.weighted_sums(w, |_, y| [y, power(y * inv_s, theta)]);
                let r = t / sw / power(sy / sw * inv_s, theta);
                let q = r / (theta * (theta - 1.0));
                if let Some(out) = out {
                    let (a, b, c) = (q / t, -q * theta / sy, q * (theta - 1.0) / sw);
                    d.fill(out, |_, y| a * power(y * inv_s, theta) + b * y + c);
                }
                (r - 1.0) / (theta * (theta - 1.0))
            }
            Measure::Atkinson { epsilon: 1.0 } => {
                // 1 − ξ W/Y, ξ = exp(L/W): −(W/Y)(∂ξ + ξ/W − ξ y_k/Y),
                // ∂ξ = ξ (ln y_k/W − L/W²).
                let ln = d.ln_y();
                let (sw, [sy, l]) = d.weighted_sums(w, |k, y| [y, ln[k]]);
                let xi = (l / sw).exp();
                if let Some(out) = out {
                    let (a, b, c) = (-xi / sy, xi * sw / (sy * sy), -xi / sy * (1.0 - l / sw));
                    d.fill(out, |k, y| a * ln[k] + b * y + c);
                }
                1.0 - xi / (sy / sw)
            }
            Measure::Atkinson { epsilon } => {
                // ξ = (T/W)^(1/e), T = Σ w y^e, e = 1 − ε: ∂ξ =
                // ξ/e (y_k^e/T − 1/W).
                let e = 1.0 - epsilon;
                let (sw, [sy, t]) = d.weighted_sums(w, |_, y| [y, power(y, e)]);
                let xi = (t / sw).powf(1.0 / e);
                if let Some(out) = out {
                    let (a, b, c) = (
                        -xi / (sy * e * t) * sw,
                        xi * sw / (sy * sy),
                        -xi / sy * (1.0 - 1.0 / e),
                    );
                    d.fill(out, |_, y| a * power(y, e) + b * y + c);
                }
                1.0 - xi / (sy / sw)
            }
        }
    }
}

/// A mean of g (of a row's place k and value y), Σ w g / W, and its
/// influence values (g_k − θ)/W.
fn mean_type(
    d: &Distribution<'_>,
    w: &[f64],
    out: Option<&mut [f64]>,
    g: impl Fn(usize, f64) -> f64 + Sync,
) -> f64 {
    let (sw, [s]) = d.weighted_sums(w, |k, y| [g(k, y)]);
    let value = s / sw;
    if let Some(out) = out {
        let (a, c) = (1.0 / sw, -value / sw);
        d.fill(out, |k, y| a * g(k, y) + c);
    }
    value
}

impl Linearizable for Linearized<'_, '_> {
    fn value(&self, w: &[f64]) -> f64 {
        self.value_and_influence(w, None)
    }

    fn influence(&self, w: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.dist.values().len()];
        self.value_and_influence(w, Some(&mut out));
        out
    }

    fn used(&self) -> Option<&[bool]> {
        (!self.dist.all_used()).then(|| self.dist.used())
    }
}

impl Distribution<'_> {
    /// Every measure of `measures` with its design-based variance: the
    /// same estimates as `design.estimate_statistic(&Linearized { dist:
    /// self, measure })` gives for each, faster under a Taylor design:
    /// each measure's totals are taken once (for the value and the
    /// influence values together), n and the df are found once, ln y is
    /// made once for every measure that needs it, and on a large
    /// distribution the measures are shared between the cores (each core
    /// one measure at a time, the Gini first, into an influence buffer of
    /// its own: a fresh 10^7-row vector per measure would cost its page
    /// faults). Replicate designs estimate each measure as
    /// `estimate_statistic` does.
    pub fn estimate(&self, design: &SurveyDesign, measures: &[Measure]) -> Vec<Estimate> {
        let dist = self;
        let stat = |measure: Measure| Linearized { dist, measure };
        if measures.is_empty() {
            return Vec::new();
        }
        let SurveyDesign::Taylor(d) = design else {
            return measures
                .iter()
                .map(|&m| design.estimate_statistic(&stat(m)))
                .collect();
        };
        let w = d.weights();
        let (df, n) = if dist.all_used() {
            (d.df(), d.len())
        } else {
            let used = dist.used();
            (d.domain_df(used), used.iter().filter(|u| **u).count())
        };
        let needs_ln = |m: &Measure| {
            matches!(
                m,
                Measure::Watts { .. }
                    | Measure::GeneralisedEntropy { theta: 0.0 | 1.0 }
                    | Measure::Atkinson { epsilon: 1.0 }
            )
        };
        if measures.iter().any(needs_ln) {
            dist.ln_y();
        }
        // The Gini (the longest) first.
        let mut queue: Vec<usize> = (0..measures.len()).collect();
        queue.sort_by_key(|&i| measures[i] != Measure::Gini);
        let next = AtomicUsize::new(0);
        let work = || {
            serial(|| {
                let mut z = vec![0.0; d.len()];
                let mut done = Vec::new();
                loop {
                    let Some(&i) = queue.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        return done;
                    };
                    let value = stat(measures[i]).value_and_influence(w, Some(&mut z));
                    done.push((i, Estimate::new(value, d.variance_of_total(&z), df, n, 0)));
                }
            })
        };
        let workers = cores_for(dist.len()).min(measures.len());
        let done: Vec<(usize, Estimate)> = if workers <= 1 {
            work()
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..workers).map(|_| s.spawn(work)).collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().expect("an estimating thread panicked"))
                    .collect()
            })
        };
        let mut out: Vec<Option<Estimate>> = vec![None; measures.len()];
        for (i, e) in done {
            out[i] = Some(e);
        }
        out.into_iter()
            .map(|e| e.expect("every measure is estimated"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use clusterdx_survey::{Design, LonelyPsu};

    use super::*;

    #[test]
    fn estimate_gives_estimate_statistic_s_estimates() {
        let mut s = 3u64;
        let mut unit = || {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let n = 300_000;
        let y: Vec<f64> = (0..n).map(|_| (6.0 + 3.0 * unit()).exp()).collect();
        let w: Vec<f64> = (0..n).map(|_| 1.0 + 49.0 * unit()).collect();
        let psu: Vec<u32> = (0..n).map(|i| (i * 200 / n) as u32).collect();
        let strata: Vec<u32> = psu.iter().map(|p| p / 10).collect();
        let design = SurveyDesign::Taylor(
            Design::from_codes(w, Some(&strata), Some(&psu), None, LonelyPsu::Adjust).unwrap(),
        );
        let domain: Vec<bool> = (0..n).map(|i| i % 3 != 0).collect();
        for mask in [None, Some(&domain[..])] {
            let d = Distribution::new(&y, mask);
            let z = 0.6 * d.quantile(design.weights(), 0.5);
            let measures = [
                Measure::Fgt { z, alpha: 0.0 },
                Measure::Fgt { z, alpha: 1.0 },
                Measure::Fgt { z, alpha: 2.0 },
                Measure::Fgt { z, alpha: 1.5 },
                Measure::Watts { z },
                Measure::Mean,
                Measure::Gini,
                Measure::GeneralisedEntropy { theta: 0.0 },
                Measure::GeneralisedEntropy { theta: 1.0 },
                Measure::GeneralisedEntropy { theta: 2.0 },
                Measure::GeneralisedEntropy { theta: -1.0 },
                Measure::Atkinson { epsilon: 0.5 },
                Measure::Atkinson { epsilon: 1.0 },
                Measure::Atkinson { epsilon: 2.0 },
                Measure::Sen { z },
                Measure::Sst { z },
                Measure::ShareRatio {
                    top: 0.1,
                    bottom: 0.4,
                },
                Measure::Quantile { p: 0.5 },
                Measure::QuantileRatio {
                    upper: 0.9,
                    lower: 0.1,
                },
            ];
            let together = d.estimate(&design, &measures);
            for (m, e) in measures.iter().zip(&together) {
                let one = design.estimate_statistic(&Linearized {
                    dist: &d,
                    measure: *m,
                });
                assert_eq!(
                    (one.value.to_bits(), one.se().to_bits(), one.df, one.n),
                    (e.value.to_bits(), e.se().to_bits(), e.df, e.n),
                    "{m:?}"
                );
            }
        }
    }
}
