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
//! - Atkinson 1 − ξ W/Y: −(W/Y)(∂ξ + ξ/W − ξ y_k/Y), with ∂ξ =
//!   ξ/(1 − ε)(y_k^(1−ε)/T − 1/W), T = Σ w y^(1−ε), or for ε = 1
//!   ξ (ln y_k/W − L/W²).

use clusterdx_survey::Linearizable;

use crate::distribution::{Distribution, fgt_term, watts_term};

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
}

/// A measure of a distribution, ready for the survey engine.
pub struct Linearized<'d, 'a> {
    /// The distribution.
    pub dist: &'d Distribution<'a>,
    /// The measure.
    pub measure: Measure,
}

impl Linearized<'_, '_> {
    fn mean_influence(&self, w: &[f64], g: impl Fn(f64) -> f64, value: f64) -> Vec<f64> {
        let (sw, _) = self.dist.totals(w);
        let y = self.dist.values();
        self.dist
            .used()
            .iter()
            .enumerate()
            .map(|(i, &u)| if u { (g(y[i]) - value) / sw } else { 0.0 })
            .collect()
    }

    /// Σ w·g(y) over the rows that count.
    fn total_of(&self, w: &[f64], g: impl Fn(f64) -> f64) -> f64 {
        let y = self.dist.values();
        self.dist
            .used()
            .iter()
            .enumerate()
            .filter(|(_, u)| **u)
            .map(|(i, _)| w[i] * g(y[i]))
            .sum()
    }

    /// Influence values `f(y_k)` on the rows that count.
    fn each(&self, f: impl Fn(f64) -> f64) -> Vec<f64> {
        let y = self.dist.values();
        self.dist
            .used()
            .iter()
            .enumerate()
            .map(|(i, &u)| if u { f(y[i]) } else { 0.0 })
            .collect()
    }
}

impl Linearizable for Linearized<'_, '_> {
    fn value(&self, w: &[f64]) -> f64 {
        let d = self.dist;
        match self.measure {
            Measure::Fgt { z, alpha } => d.fgt(w, z, alpha),
            Measure::Watts { z } => d.watts(w, z),
            Measure::Mean => d.mean_of(w, |y| y),
            Measure::Gini => d.gini(w),
            Measure::GeneralisedEntropy { theta } => d.generalised_entropy(w, theta),
            Measure::Atkinson { epsilon } => d.atkinson(w, epsilon),
        }
    }

    fn influence(&self, w: &[f64]) -> Vec<f64> {
        let value = self.value(w);
        let (sw, sy) = self.dist.totals(w);
        match self.measure {
            Measure::Fgt { z, alpha } => self.mean_influence(w, |y| fgt_term(y, z, alpha), value),
            Measure::Watts { z } => self.mean_influence(w, |y| watts_term(y, z), value),
            Measure::Mean => self.mean_influence(w, |y| y, value),
            Measure::Gini => {
                let a = self.dist.abs_deviation_sums(w);
                let y = self.dist.values();
                self.dist
                    .used()
                    .iter()
                    .enumerate()
                    .map(|(i, &u)| {
                        if u {
                            (a[i] - value * (sy + sw * y[i])) / (sw * sy)
                        } else {
                            0.0
                        }
                    })
                    .collect()
            }
            Measure::GeneralisedEntropy { theta: 1.0 } => {
                let s = self.total_of(w, |y| if y > 0.0 { y * y.ln() } else { 0.0 });
                self.each(|y| {
                    let ylny = if y > 0.0 { y * y.ln() } else { 0.0 };
                    ylny / sy - s * y / (sy * sy) - y / sy + 1.0 / sw
                })
            }
            Measure::GeneralisedEntropy { theta: 0.0 } => {
                let l = self.total_of(w, f64::ln);
                self.each(|y| y / sy - 1.0 / sw - y.ln() / sw + l / (sw * sw))
            }
            Measure::GeneralisedEntropy { theta } => {
                let t = self.total_of(w, |y| y.powf(theta));
                let r = t * sw.powf(theta - 1.0) / sy.powf(theta);
                self.each(|y| {
                    r * (y.powf(theta) / t + (theta - 1.0) / sw - theta * y / sy)
                        / (theta * (theta - 1.0))
                })
            }
            Measure::Atkinson { epsilon } => {
                let (xi, dxi): (f64, Box<dyn Fn(f64) -> f64>) = if epsilon == 1.0 {
                    let l = self.total_of(w, f64::ln);
                    let xi = (l / sw).exp();
                    (
                        xi,
                        Box::new(move |y: f64| xi * (y.ln() / sw - l / (sw * sw))),
                    )
                } else {
                    let e = 1.0 - epsilon;
                    let t = self.total_of(w, |y| y.powf(e));
                    let xi = (t / sw).powf(1.0 / e);
                    (
                        xi,
                        Box::new(move |y: f64| xi / e * (y.powf(e) / t - 1.0 / sw)),
                    )
                };
                self.each(|y| -(sw / sy) * (dxi(y) + xi / sw - xi * y / sy))
            }
        }
    }

    fn used(&self) -> Option<&[bool]> {
        Some(self.dist.used())
    }
}
