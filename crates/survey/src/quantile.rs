//! Quantiles with Woodruff confidence intervals (Woodruff 1952; Lumley 2010,
//! §2.4.1), quantile rule "math" (R `svyquantile(qrule = "math")`).
//!
//! The estimate q̂ is the smallest observed value whose weighted CDF
//! reaches p. The interval inverts a t interval for the share F̂(q̂) of
//! values at or below q̂ (its design SE s): [Q(F̂ − t·s), Q(F̂ + t·s)], and
//! the reported SE is the width / (2t). This matches svy's Woodruff
//! interval, whose values `shared/reference/survey` holds; centring on p
//! instead can move a limit by one support point on discrete data.

use crate::estimate::{Estimate, Estimator, estimate, in_domain};
use crate::{Design, ReplicateDesign};

/// A quantile with its Woodruff interval.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileEstimate {
    /// The probability (0.5 for the median).
    pub p: f64,
    /// The quantile.
    pub value: f64,
    /// Standard error: interval width / (2 t).
    pub se: f64,
    /// Lower and upper confidence limits.
    pub ci: (f64, f64),
    /// Degrees of freedom used.
    pub df: f64,
    /// Rows used.
    pub n: usize,
    /// Rows of the domain left out because the value was missing.
    pub n_missing: usize,
}

/// The smallest value whose weighted CDF is at least `p` ("math" rule),
/// from (value, weight) pairs sorted by value.
fn quantile_sorted(sorted: &[(f64, f64)], total: f64, p: f64) -> f64 {
    let target = p.clamp(0.0, 1.0) * total;
    let mut cum = 0.0;
    for &(x, w) in sorted {
        cum += w;
        if cum >= target * (1.0 - 1e-12) {
            return x;
        }
    }
    sorted.last().map_or(f64::NAN, |&(x, _)| x)
}

/// How a replicate design's quantile interval is formed (R
/// `svyquantile(interval.type = ...)` on replicate designs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuantileInterval {
    /// Woodruff: invert the interval of F̂(q̂), whose SE comes from the
    /// replicates (R's default, `"mean"`).
    #[default]
    Woodruff,
    /// The replicate SE of the quantile itself, interval q̂ ± t·se
    /// (R's `"quantile"`). Not for the jackknife, which is inconsistent
    /// for quantiles (Wolter 2007, §4.2.4).
    Replicate,
}

/// (value, weight) pairs of the domain's non-missing values, sorted.
fn sorted_values(
    w: &[f64],
    y: &[Option<f64>],
    domain: Option<&[bool]>,
) -> (Vec<(f64, f64)>, usize) {
    let mut sorted: Vec<(f64, f64)> = (0..y.len())
        .filter(|&i| in_domain(domain, i))
        .filter_map(|i| y[i].map(|v| (v, w[i])))
        .collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let domain_rows = (0..y.len()).filter(|&i| in_domain(domain, i)).count();
    (sorted, domain_rows)
}

/// The share of values at or below `q`, as a proportion to estimate.
fn at_or_below(y: &[Option<f64>], q: f64) -> Vec<Option<bool>> {
    y.iter().map(|v| v.map(|x| x <= q)).collect()
}

/// The Woodruff interval around q̂ from the estimate of F̂(q̂).
fn woodruff(
    sorted: &[(f64, f64)],
    total: f64,
    p: f64,
    q: f64,
    prop: &Estimate,
    level: f64,
    domain_rows: usize,
) -> QuantileEstimate {
    let t_se = prop.value - prop.ci(level).0; // t · s
    let centre = prop.value; // F̂(q̂), the estimated share at or below q̂
    let lo = quantile_sorted(sorted, total, (centre - t_se).max(0.0));
    let hi = quantile_sorted(sorted, total, (centre + t_se).min(1.0));
    // A zero-width interval (all weight at q̂) has SE 0.
    let se = if prop.se() > 0.0 {
        (hi - lo) / (2.0 * t_se / prop.se())
    } else if prop.se() == 0.0 {
        0.0
    } else {
        f64::NAN
    };
    QuantileEstimate {
        p,
        value: q,
        se,
        ci: (lo, hi),
        df: prop.df,
        n: sorted.len(),
        n_missing: domain_rows - sorted.len(),
    }
}

/// The `p` quantile of `y` over `domain` (all rows when `None`), with a
/// `level` Woodruff interval. Missing values are left out.
pub fn quantile(
    design: &Design,
    y: &[Option<f64>],
    p: f64,
    level: f64,
    domain: Option<&[bool]>,
) -> QuantileEstimate {
    let (sorted, domain_rows) = sorted_values(design.weights(), y, domain);
    let total: f64 = sorted.iter().map(|(_, w)| w).sum();
    let q = quantile_sorted(&sorted, total, p);
    let prop = estimate(design, Estimator::Proportion(&at_or_below(y, q)), domain);
    woodruff(&sorted, total, p, q, &prop, level, domain_rows)
}

impl ReplicateDesign {
    /// The `p` quantile of `y` over `domain` with a `level` interval formed
    /// as `interval` says. Missing values are left out.
    pub fn quantile(
        &self,
        y: &[Option<f64>],
        p: f64,
        level: f64,
        domain: Option<&[bool]>,
        interval: QuantileInterval,
    ) -> QuantileEstimate {
        let (sorted, domain_rows) = sorted_values(self.weights(), y, domain);
        let total: f64 = sorted.iter().map(|(_, w)| w).sum();
        let q = quantile_sorted(&sorted, total, p);
        match interval {
            QuantileInterval::Woodruff => {
                let prop = self.estimate(Estimator::Proportion(&at_or_below(y, q)), domain);
                woodruff(&sorted, total, p, q, &prop, level, domain_rows)
            }
            QuantileInterval::Replicate => {
                // Rows in value order, sorted once for all replicates.
                let mut order: Vec<usize> = (0..y.len())
                    .filter(|&i| in_domain(domain, i) && y[i].is_some())
                    .collect();
                order.sort_by(|&a, &b| y[a].unwrap_or(0.0).total_cmp(&y[b].unwrap_or(0.0)));
                let (value, variance) = self.estimate_fn(|w| {
                    let pairs: Vec<(f64, f64)> =
                        order.iter().map(|&i| (y[i].unwrap_or(0.0), w[i])).collect();
                    let total: f64 = pairs.iter().map(|(_, w)| w).sum();
                    quantile_sorted(&pairs, total, p)
                });
                let e = Estimate::new(
                    value,
                    variance,
                    self.df(),
                    sorted.len(),
                    domain_rows - sorted.len(),
                );
                QuantileEstimate {
                    p,
                    value,
                    se: e.se(),
                    ci: e.ci(level),
                    df: e.df,
                    n: e.n,
                    n_missing: e.n_missing,
                }
            }
        }
    }
}
