//! Bootstrap confidence intervals (Efron and Tibshirani 1993, ch. 12–14;
//! Davison and Hinkley 1997, ch. 5).
//!
//! - Percentile: the α/2 and 1 − α/2 quantiles of the resamples'
//!   estimates (R's default quantile, type 7: linear between order
//!   statistics at (B − 1)p).
//! - BCa: the percentile interval at Φ(z0 + (z0 + z)/(1 − a(z0 + z))) for
//!   z = z_(α/2), z_(1−α/2); the bias correction z0 = Φ⁻¹(share of
//!   resamples below the estimate, ties counted half); the acceleration a
//!   = Σ d³ / (6 (Σ d²)^(3/2)), d = mean − each leave-one-out estimate.
//! - t (SmartPLS's and cSEM's "standard t"): estimate ± t_(B−1) × the
//!   bootstrap SD.
//! - Studentized (bootstrap-t): estimate − q × SD, q the 1 − α/2 and α/2
//!   quantiles of (θ*_b − θ̂)/SD*_b, SD*_b each resample's own SD from an
//!   inner bootstrap.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// The p-quantile of `x` (sorted ascending), type 7.
pub fn quantile_sorted(x: &[f64], p: f64) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    let h = (x.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(x.len() - 1);
    x[lo] + (h - lo as f64) * (x[hi] - x[lo])
}

fn sorted(x: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = x.iter().copied().filter(|v| v.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Mean and SD (B − 1) of the draws.
pub fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// The percentile interval.
pub fn percentile(draws: &[f64], level: f64) -> (f64, f64) {
    let s = sorted(draws);
    let a = (1.0 - level) / 2.0;
    (quantile_sorted(&s, a), quantile_sorted(&s, 1.0 - a))
}

/// The BCa interval from the draws and the leave-one-out estimates.
pub fn bca(estimate: f64, draws: &[f64], jackknife: &[f64], level: f64) -> (f64, f64) {
    let s = sorted(draws);
    let normal = Normal::standard();
    let below = s.iter().filter(|v| **v < estimate).count() as f64;
    let ties = s.iter().filter(|v| **v == estimate).count() as f64;
    let z0 = normal.inverse_cdf(((below + 0.5 * ties) / s.len() as f64).clamp(1e-12, 1.0 - 1e-12));
    let jm = jackknife.iter().sum::<f64>() / jackknife.len() as f64;
    let (mut s2, mut s3) = (0.0, 0.0);
    for v in jackknife {
        let d = jm - v;
        s2 += d * d;
        s3 += d * d * d;
    }
    let a = if s2 > 0.0 {
        s3 / (6.0 * s2.powf(1.5))
    } else {
        0.0
    };
    let alpha = (1.0 - level) / 2.0;
    let adjust = |p: f64| {
        let z = normal.inverse_cdf(p);
        normal.cdf(z0 + (z0 + z) / (1.0 - a * (z0 + z)))
    };
    (
        quantile_sorted(&s, adjust(alpha)),
        quantile_sorted(&s, adjust(1.0 - alpha)),
    )
}

/// estimate ± t_(B−1, 1−α/2) × SD.
pub fn t_interval(estimate: f64, sd: f64, resamples: usize, level: f64) -> (f64, f64) {
    let t = StudentsT::new(0.0, 1.0, (resamples.max(2) - 1) as f64)
        .map_or(f64::NAN, |d| d.inverse_cdf(1.0 - (1.0 - level) / 2.0));
    (estimate - t * sd, estimate + t * sd)
}

/// The studentized (bootstrap-t) interval: `draws[b]`, `sds[b]` each
/// resample's estimate and its own inner-bootstrap SD; `sd` the outer SD.
pub fn studentized(estimate: f64, sd: f64, draws: &[f64], sds: &[f64], level: f64) -> (f64, f64) {
    let t: Vec<f64> = draws
        .iter()
        .zip(sds)
        .filter(|(_, s)| **s > 0.0)
        .map(|(d, s)| (d - estimate) / s)
        .collect();
    let s = sorted(&t);
    let a = (1.0 - level) / 2.0;
    (
        estimate - quantile_sorted(&s, 1.0 - a) * sd,
        estimate - quantile_sorted(&s, a) * sd,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_r_type_7() {
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile_sorted(&x, 0.5), 3.0);
        assert!((quantile_sorted(&x, 0.9) - 7.6).abs() < 1e-12);
        assert_eq!(quantile_sorted(&x, 0.0), 1.0);
    }

    #[test]
    fn bca_without_bias_or_skew_is_the_percentile_interval() {
        // Symmetric draws around the estimate, symmetric jackknife.
        let draws: Vec<f64> = (0..999).map(|k| (k as f64 - 499.0) / 100.0).collect();
        let jack: Vec<f64> = (0..50).map(|k| (k as f64 - 24.5) / 10.0).collect();
        let (a, b) = bca(0.0, &draws, &jack, 0.95);
        let (c, d) = percentile(&draws, 0.95);
        assert!(
            (a - c).abs() < 1e-9 && (b - d).abs() < 1e-9,
            "{a} {b} {c} {d}"
        );
    }
}
