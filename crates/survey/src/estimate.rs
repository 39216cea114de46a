//! Totals, means, proportions and ratios with linearised variances.

use statrs::distribution::{Beta, ContinuousCDF, StudentsT};

use crate::Design;

/// What to estimate. `None` values are missing: those rows are left out of
/// the estimate (zero influence) while the design keeps all its PSUs.
#[derive(Debug, Clone, Copy)]
pub enum Estimator<'a> {
    /// Population total Σ w·y.
    Total(&'a [Option<f64>]),
    /// Population mean Σ w·y / Σ w.
    Mean(&'a [Option<f64>]),
    /// Proportion of `true` among rows with a value (a mean of 0/1).
    Proportion(&'a [Option<bool>]),
    /// Ratio Σ w·y / Σ w·x over rows where both are present.
    Ratio {
        /// Numerator variable y.
        numerator: &'a [Option<f64>],
        /// Denominator variable x.
        denominator: &'a [Option<f64>],
    },
}

/// An estimate with its design-based variance.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The point estimate.
    pub value: f64,
    /// Linearised variance.
    pub variance: f64,
    /// Degrees of freedom for intervals: design df, or the domain's own.
    pub df: f64,
    /// Rows used (in the domain, with a value).
    pub n: usize,
    /// Rows of the domain left out because a value was missing.
    pub n_missing: usize,
    /// Design effect against simple random sampling with replacement
    /// (V / V_srs, V_srs = s²/n for a mean), where defined.
    pub deff_wr: Option<f64>,
    /// Design effect against simple random sampling without replacement
    /// (V_srs multiplied by 1 − n/N̂, as R `survey` reports), where defined.
    pub deff_wor: Option<f64>,
    /// True for proportions (their intervals: [`Estimate::ci_proportion`]).
    pub is_proportion: bool,
}

impl Estimate {
    /// An estimate that is not a proportion and has no design effects: a
    /// difference, a quantile, a replicate or linearised statistic.
    pub fn new(value: f64, variance: f64, df: f64, n: usize, n_missing: usize) -> Self {
        Self {
            value,
            variance,
            df,
            n,
            n_missing,
            deff_wr: None,
            deff_wor: None,
            is_proportion: false,
        }
    }

    /// Standard error.
    pub fn se(&self) -> f64 {
        self.variance.sqrt()
    }

    /// Coefficient of variation, se / |value|.
    pub fn cv(&self) -> f64 {
        self.se() / self.value.abs()
    }

    /// Student's t with the estimate's df: normal for infinite df, none
    /// (so intervals and p-values are `NaN`) for df ≤ 0 — a domain in a
    /// single PSU has no design-based interval (as R).
    fn t_distribution(&self) -> Option<StudentsT> {
        if self.df > 0.0 {
            StudentsT::new(0.0, 1.0, self.df).ok()
        } else {
            None
        }
    }

    /// Two-sided quantile of t with the estimate's df.
    fn t_quantile(&self, level: f64) -> f64 {
        let p = 1.0 - (1.0 - level) / 2.0;
        self.t_distribution().map_or(f64::NAN, |t| t.inverse_cdf(p))
    }

    /// Confidence interval value ± t_{df, (1+level)/2} · se.
    pub fn ci(&self, level: f64) -> (f64, f64) {
        let h = self.t_quantile(level) * self.se();
        (self.value - h, self.value + h)
    }

    /// Logit-transformed interval for a proportion (R `svyciprop(method =
    /// "logit")`): logit(p) ± t · se/(p(1 − p)), transformed back.
    pub fn ci_logit(&self, level: f64) -> (f64, f64) {
        let p = self.value;
        let centre = (p / (1.0 - p)).ln();
        let h = self.t_quantile(level) * self.se() / (p * (1.0 - p));
        let expit = |x: f64| 1.0 / (1.0 + (-x).exp());
        (expit(centre - h), expit(centre + h))
    }
}

/// How a proportion's confidence interval is formed (R `svyciprop()`'s
/// methods of the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProportionInterval {
    /// logit(p) ± t · se/(p(1 − p)), transformed back (default).
    #[default]
    Logit,
    /// p ± t · se, the Wald interval (R `"mean"`), clipped to [0, 1].
    Wald,
    /// Korn and Graubard (1998): Clopper–Pearson with the effective sample
    /// size p(1 − p)/V, scaled by (t_{n−1}/t_df)² (R `"beta"`). Keeps its
    /// coverage for rare proportions, and is 0 (or 1) at the boundary.
    Beta,
    /// arcsine square-root transform, sin²(asin√p ± t · se/(2√(p(1 − p))))
    /// (R `"asin"`).
    Asin,
}

impl Estimate {
    /// Confidence interval of a proportion by `method` (see
    /// [`ProportionInterval`]); `n` in the Korn–Graubard df factor is the
    /// number of rows used.
    pub fn ci_proportion(&self, level: f64, method: ProportionInterval) -> (f64, f64) {
        let p = self.value;
        if self.variance.is_nan() || p.is_nan() {
            return (f64::NAN, f64::NAN);
        }
        // At 0 or 1 the logit and arcsine transforms are undefined: the
        // Korn–Graubard interval, which is exact there, stands in.
        let method = match method {
            ProportionInterval::Logit | ProportionInterval::Asin if p <= 0.0 || p >= 1.0 => {
                ProportionInterval::Beta
            }
            m => m,
        };
        match method {
            ProportionInterval::Logit => self.ci_logit(level),
            ProportionInterval::Wald => {
                let (lo, hi) = self.ci(level);
                (lo.max(0.0), hi.min(1.0))
            }
            ProportionInterval::Asin => {
                let t = self.t_quantile(level);
                let centre = p.sqrt().asin();
                let h = t * self.se() / (2.0 * (p * (1.0 - p)).sqrt());
                let clamp = |x: f64| x.clamp(0.0, std::f64::consts::FRAC_PI_2);
                (
                    clamp(centre - h).sin().powi(2),
                    clamp(centre + h).sin().powi(2),
                )
            }
            ProportionInterval::Beta => {
                let alpha = 1.0 - level;
                let mut n_eff = if self.variance > 0.0 {
                    p * (1.0 - p) / self.variance
                } else {
                    self.n as f64
                };
                // Without df on either side (one row; a domain without two
                // PSUs) the df correction is skipped, where R's interval
                // would be NaN. (statrs's inverse of a t with infinite df
                // does not return, so it is never asked for.)
                let t_of = |df: f64| {
                    if df > 0.0 && df.is_finite() {
                        StudentsT::new(0.0, 1.0, df)
                            .map_or(f64::NAN, |t| t.inverse_cdf(alpha / 2.0))
                    } else {
                        f64::NAN
                    }
                };
                let ratio = t_of(self.n as f64 - 1.0) / t_of(self.df);
                if ratio.is_finite() {
                    n_eff *= ratio * ratio;
                }
                let x = n_eff * p;
                let quantile =
                    |a: f64, b: f64, q: f64| Beta::new(a, b).map_or(f64::NAN, |d| d.inverse_cdf(q));
                let lo = if x <= 0.0 {
                    0.0
                } else {
                    quantile(x, n_eff - x + 1.0, alpha / 2.0)
                };
                let hi = if x >= n_eff {
                    1.0
                } else {
                    quantile(x + 1.0, n_eff - x, 1.0 - alpha / 2.0)
                };
                (lo, hi)
            }
        }
    }
}

/// Whether row `i` is in `domain` (every row when there is none).
pub(crate) fn in_domain(domain: Option<&[bool]>, i: usize) -> bool {
    domain.is_none_or(|d| d.get(i).copied().unwrap_or(false))
}

/// Per row: (y, x) when usable (in the domain, values present), else `None`.
/// For totals, means and proportions x = 1.
pub(crate) fn usable_values(
    n_rows: usize,
    what: Estimator<'_>,
    domain: Option<&[bool]>,
) -> Vec<Option<(f64, f64)>> {
    (0..n_rows)
        .map(|i| {
            if !in_domain(domain, i) {
                return None;
            }
            match what {
                Estimator::Total(y) | Estimator::Mean(y) => y[i].map(|v| (v, 1.0)),
                Estimator::Proportion(y) => y[i].map(|b| (if b { 1.0 } else { 0.0 }, 1.0)),
                Estimator::Ratio {
                    numerator,
                    denominator,
                } => numerator[i].zip(denominator[i]),
            }
        })
        .collect()
}

/// (Σ w·y, Σ w·x) over the usable rows.
pub(crate) fn weighted_sums(w: &[f64], values: &[Option<(f64, f64)>]) -> (f64, f64) {
    let (mut ty, mut tx) = (0.0, 0.0);
    for (wi, v) in w.iter().zip(values) {
        if let Some((y, x)) = v {
            ty += wi * y;
            tx += wi * x;
        }
    }
    (ty, tx)
}

/// The point estimate from weighted sums: the total Σ w·y, or the ratio
/// Σ w·y / Σ w·x (means and proportions have x = 1).
pub(crate) fn point(what: Estimator<'_>, ty: f64, tx: f64) -> f64 {
    match what {
        Estimator::Total(_) => ty,
        _ => ty / tx,
    }
}

/// A point estimate with its influence values (zero outside the domain and
/// for missing values).
pub(crate) struct Influence {
    pub value: f64,
    pub z: Vec<f64>,
    pub values: Vec<Option<(f64, f64)>>,
    pub domain_rows: usize,
    pub n: usize,
    pub ty: f64,
    pub tx: f64,
}

/// The estimate of `what` over `domain` and its influence values.
pub(crate) fn influence(
    design: &Design,
    what: Estimator<'_>,
    domain: Option<&[bool]>,
) -> Influence {
    let n_rows = design.len();
    let w = design.weights();
    let values = usable_values(n_rows, what, domain);
    let domain_rows = (0..n_rows).filter(|&i| in_domain(domain, i)).count();
    let n = values.iter().filter(|v| v.is_some()).count();
    let (ty, tx) = weighted_sums(w, &values);
    let (value, z): (f64, Vec<f64>) = match what {
        Estimator::Total(_) => (
            ty,
            values.iter().map(|v| v.map_or(0.0, |(y, _)| y)).collect(),
        ),
        Estimator::Mean(_) | Estimator::Proportion(_) | Estimator::Ratio { .. } => {
            let r = ty / tx;
            (
                r,
                values
                    .iter()
                    .map(|v| v.map_or(0.0, |(y, x)| (y - r * x) / tx))
                    .collect(),
            )
        }
    };
    Influence {
        value,
        z,
        values,
        domain_rows,
        n,
        ty,
        tx,
    }
}

/// The difference `a − b` of two estimates on one design (two domains, two
/// variables, or two statistics), with the variance of the difference from
/// the difference of their influence values — so covariance through shared
/// PSUs is accounted for. df: the design's.
pub fn difference(
    design: &Design,
    a: (Estimator<'_>, Option<&[bool]>),
    b: (Estimator<'_>, Option<&[bool]>),
) -> Estimate {
    let ia = influence(design, a.0, a.1);
    let ib = influence(design, b.0, b.1);
    let z: Vec<f64> = ia.z.iter().zip(&ib.z).map(|(x, y)| x - y).collect();
    // Rows used by either side (a row in both counts once).
    let used = ia
        .values
        .iter()
        .zip(&ib.values)
        .filter(|(x, y)| x.is_some() || y.is_some())
        .count();
    Estimate::new(
        ia.value - ib.value,
        design.variance_of_total(&z),
        design.df(),
        used,
        (ia.domain_rows - ia.n) + (ib.domain_rows - ib.n),
    )
}

/// Estimates `what` over the rows of `domain` (all rows when `None`).
///
/// Influence functions (Woodruff 1971; Binder 1983): total z = y; mean
/// z = (y − ȳ)/N̂; ratio z = (y − R x)/X̂; zero outside the domain. The
/// variance is [`Design::variance_of_total`] of z.
pub fn estimate(design: &Design, what: Estimator<'_>, domain: Option<&[bool]>) -> Estimate {
    let Influence {
        value,
        z,
        values,
        domain_rows,
        n,
        ty,
        tx,
    } = influence(design, what, domain);
    let w = design.weights();
    let variance = design.variance_of_total(&z);
    let df = match domain {
        None => design.df(),
        Some(_) => {
            let used: Vec<bool> = values.iter().map(Option::is_some).collect();
            design.domain_df(&used)
        }
    };
    // Design effects against SRS of the same n (means, proportions, totals).
    let (deff_wr, deff_wor) = match what {
        Estimator::Ratio { .. } => (None, None),
        _ if n > 1 => {
            let mean = ty / tx;
            let ss: f64 = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|(y, _)| w[i] * (y - mean).powi(2)))
                .sum();
            let s2 = ss / tx * n as f64 / (n as f64 - 1.0);
            let mut v_srs = s2 / n as f64;
            if let Estimator::Total(_) = what {
                v_srs *= tx * tx;
            }
            let wr = variance / v_srs;
            // Without replacement only when the weights describe a
            // population larger than the sample.
            let wor = (n as f64) < tx;
            (Some(wr), wor.then(|| wr / (1.0 - n as f64 / tx)))
        }
        _ => (None, None),
    };
    Estimate {
        value,
        variance,
        df,
        n,
        n_missing: domain_rows - n,
        deff_wr,
        deff_wor,
        is_proportion: matches!(what, Estimator::Proportion(_)),
    }
}

/// The difference `a − b` of estimates from independent samples (two
/// survey rounds, two separately drawn surveys): variance V_a + V_b, df by
/// Welch–Satterthwaite, (V_a + V_b)² / (V_a²/df_a + V_b²/df_b).
pub fn difference_independent(a: &Estimate, b: &Estimate) -> Estimate {
    let variance = a.variance + b.variance;
    let denominator = a.variance.powi(2) / a.df + b.variance.powi(2) / b.df;
    let df = if denominator > 0.0 {
        variance.powi(2) / denominator
    } else {
        a.df.min(b.df)
    };
    Estimate::new(
        a.value - b.value,
        variance,
        df,
        a.n + b.n,
        a.n_missing + b.n_missing,
    )
}

impl Estimate {
    /// Two-sided p-value of the null hypothesis value = 0, on t with the
    /// estimate's df (upper tail by the survival function, so tiny p-values
    /// do not round to 0). `NaN` when the SE or the df is unusable; with a
    /// zero SE, 1 for a zero difference and 0 otherwise.
    pub fn p_value(&self) -> f64 {
        let se = self.se();
        if se.is_nan() || self.value.is_nan() {
            return f64::NAN;
        }
        if se == 0.0 {
            return if self.value == 0.0 { 1.0 } else { 0.0 };
        }
        let t = (self.value / se).abs();
        self.t_distribution().map_or(f64::NAN, |d| 2.0 * d.sf(t))
    }
}
