//! Any smooth statistic, through one interface for both kinds of design.
//!
//! An analysis (a poverty index, a Gini coefficient, an MPI) describes its
//! statistic once, as a [`Linearizable`]: its value as a function of the
//! weights, and its influence values (the linearised variable; Deville
//! 1999, *Survey Methodology* 25(2); Osier 2009 for inequality measures).
//! [`SurveyDesign::estimate_statistic`] then gives its standard error under
//! a Taylor design (the design variance of Σ w·z) or a replicate design
//! (the statistic recomputed with every replicate's weights), so the
//! analysis never repeats design code.

use crate::estimate::Estimate;
use crate::{
    Design, Estimator, QuantileEstimate, QuantileInterval, ReplicateDesign, means_by_group,
    quantile,
};

/// A statistic that can be computed from weights and linearised.
pub trait Linearizable {
    /// The statistic computed with weights `w` (one per row).
    fn value(&self, w: &[f64]) -> f64;
    /// The influence values at weights `w`: z_i such that the statistic's
    /// variance is that of the total Σ w_i z_i. Zero for rows that do not
    /// enter (outside the domain, or with a missing value).
    fn influence(&self, w: &[f64]) -> Vec<f64>;
    /// The rows that enter the statistic, when a domain or missing values
    /// leave some out: they set n and the domain's degrees of freedom.
    /// `None`: all rows, with the design's df.
    fn used(&self) -> Option<&[bool]> {
        None
    }
    /// Rows of the domain left out for missing values (reported).
    fn n_missing(&self) -> usize {
        0
    }
}

/// The estimate of a linearised statistic under a Taylor design.
pub fn linearized(design: &Design, statistic: &dyn Linearizable) -> Estimate {
    let w = design.weights();
    let value = statistic.value(w);
    let z = statistic.influence(w);
    let variance = design.variance_of_total(&z);
    let (df, n) = match statistic.used() {
        None => (design.df(), design.len()),
        Some(used) => (design.domain_df(used), used.iter().filter(|u| **u).count()),
    };
    Estimate::new(value, variance, df, n, statistic.n_missing())
}

/// A design of either kind: analyses estimate through this and never ask
/// which.
#[derive(Debug, Clone)]
pub enum SurveyDesign {
    /// Strata, PSUs, fpc (and possibly a second stage or a calibration):
    /// Taylor linearisation.
    Taylor(Design),
    /// Replicate weights.
    Replicate(ReplicateDesign),
}

impl SurveyDesign {
    /// The (full-sample) weights.
    pub fn weights(&self) -> &[f64] {
        match self {
            SurveyDesign::Taylor(d) => d.weights(),
            SurveyDesign::Replicate(d) => d.weights(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.weights().len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.weights().is_empty()
    }

    /// Degrees of freedom of the full design.
    pub fn df(&self) -> f64 {
        match self {
            SurveyDesign::Taylor(d) => d.df(),
            SurveyDesign::Replicate(d) => d.df(),
        }
    }

    /// A total, mean, proportion or ratio over `domain`.
    pub fn estimate(&self, what: Estimator<'_>, domain: Option<&[bool]>) -> Estimate {
        match self {
            SurveyDesign::Taylor(d) => crate::estimate(d, what, domain),
            SurveyDesign::Replicate(d) => d.estimate(what, domain),
        }
    }

    /// The `p` quantile with a Woodruff interval (its F̂ SE from the
    /// replicates under a replicate design).
    pub fn quantile(
        &self,
        y: &[Option<f64>],
        p: f64,
        level: f64,
        domain: Option<&[bool]>,
    ) -> QuantileEstimate {
        match self {
            SurveyDesign::Taylor(d) => quantile(d, y, p, level, domain),
            SurveyDesign::Replicate(d) => {
                d.quantile(y, p, level, domain, QuantileInterval::Woodruff)
            }
        }
    }

    /// Means of `y` in each group (one pass under a Taylor design).
    pub fn means_by_group(
        &self,
        y: &[Option<f64>],
        group: &[Option<u32>],
        n_groups: usize,
    ) -> Vec<Estimate> {
        match self {
            SurveyDesign::Taylor(d) => means_by_group(d, y, group, n_groups),
            SurveyDesign::Replicate(d) => (0..n_groups as u32)
                .map(|g| {
                    let mask: Vec<bool> = group.iter().map(|&x| x == Some(g)).collect();
                    d.estimate(Estimator::Mean(y), Some(&mask))
                })
                .collect(),
        }
    }

    /// The difference `a − b` of two estimates on this design (two domains,
    /// two variables), with the covariance through shared PSUs or
    /// replicates accounted for. df: the design's.
    pub fn difference(
        &self,
        a: (Estimator<'_>, Option<&[bool]>),
        b: (Estimator<'_>, Option<&[bool]>),
    ) -> Estimate {
        match self {
            SurveyDesign::Taylor(d) => crate::difference(d, a, b),
            SurveyDesign::Replicate(d) => d.difference(a, b),
        }
    }

    /// Any [`Linearizable`] statistic with its design-based variance.
    pub fn estimate_statistic(&self, statistic: &dyn Linearizable) -> Estimate {
        match self {
            SurveyDesign::Taylor(d) => linearized(d, statistic),
            SurveyDesign::Replicate(d) => {
                let (value, variance) = d.estimate_fn(|w| statistic.value(w));
                let n = statistic
                    .used()
                    .map_or(d.weights().len(), |u| u.iter().filter(|x| **x).count());
                Estimate::new(value, variance, d.df(), n, statistic.n_missing())
            }
        }
    }
}

/// The difference a − b of two statistics on one design (two domains, two
/// survey rounds stacked in one file): its influence values are a's minus
/// b's, so the covariance through PSUs both use (a panel's) is accounted
/// for; under replicate weights each replicate's difference is taken.
pub struct Difference<'s> {
    a: &'s dyn Linearizable,
    b: &'s dyn Linearizable,
    used: Option<Vec<bool>>,
}

impl<'s> Difference<'s> {
    /// a − b; the rows used are those either uses.
    pub fn new(a: &'s dyn Linearizable, b: &'s dyn Linearizable) -> Self {
        let used = match (a.used(), b.used()) {
            (Some(x), Some(y)) => Some(x.iter().zip(y).map(|(p, q)| *p || *q).collect()),
            _ => None,
        };
        Self { a, b, used }
    }
}

impl Linearizable for Difference<'_> {
    fn value(&self, w: &[f64]) -> f64 {
        self.a.value(w) - self.b.value(w)
    }
    fn influence(&self, w: &[f64]) -> Vec<f64> {
        let mut z = self.a.influence(w);
        for (x, y) in z.iter_mut().zip(self.b.influence(w)) {
            *x -= y;
        }
        z
    }
    fn used(&self) -> Option<&[bool]> {
        self.used.as_deref()
    }
    fn n_missing(&self) -> usize {
        self.a.n_missing() + self.b.n_missing()
    }
}
