//! Replicate weights made from a Taylor design (JKn, bootstrap), replicate
//! quantiles, calibrated replicate designs and the linearisation interface,
//! on NHANES II (`../shared/reference/survey`).

mod common;

use clusterdx_survey::{
    CalibrationMethod, Design, Estimator, Linearizable, LonelyPsu, Margin, QuantileInterval,
    ResampleError, SurveyDesign, estimate, quantile,
};
use common::Nhanes;

#[track_caller]
fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

#[test]
fn jackknife_reproduces_the_taylor_variance_of_a_total() {
    let data = Nhanes::load();
    let zinc = data.var("zinc");
    let taylor = data.design();
    let jk = taylor.jackknife().unwrap();
    assert_eq!(jk.n_replicates(), 62);
    let (t, j) = (
        estimate(&taylor, Estimator::Total(&zinc), None),
        jk.estimate(Estimator::Total(&zinc), None),
    );
    assert!(rel(j.value, t.value) < 1e-12);
    assert!(
        rel(j.variance, t.variance) < 1e-9,
        "{} vs {}",
        j.variance,
        t.variance
    );
    assert_eq!(j.df, 31.0);
    // A ratio (the mean) is close, not equal.
    let (t, j) = (
        estimate(&taylor, Estimator::Mean(&zinc), None),
        jk.estimate(Estimator::Mean(&zinc), None),
    );
    assert!(rel(j.se(), t.se()) < 0.01, "{} vs {}", j.se(), t.se());
    // With an fpc (each stratum's 2 PSUs out of 8), still exact for a total.
    let fpc = vec![8.0; data.weight.len()];
    let with_fpc = Design::new(
        data.weight.clone(),
        Some(&data.strata),
        Some(&data.psu),
        Some(&fpc),
        LonelyPsu::Fail,
    )
    .unwrap();
    let t = estimate(&with_fpc, Estimator::Total(&zinc), None);
    let j = with_fpc
        .jackknife()
        .unwrap()
        .estimate(Estimator::Total(&zinc), None);
    assert!(rel(j.variance, t.variance) < 1e-9);
    assert!(
        rel(
            t.variance,
            0.75 * estimate(&taylor, Estimator::Total(&zinc), None).variance
        ) < 1e-9
    );
}

#[test]
fn bootstrap_is_seeded_and_close_to_taylor() {
    let data = Nhanes::load();
    let zinc = data.var("zinc");
    let taylor = data.design();
    let boot = taylor.bootstrap(2000, 42).unwrap();
    let t = estimate(&taylor, Estimator::Total(&zinc), None);
    let b = boot.estimate(Estimator::Total(&zinc), None);
    assert_eq!(b.value, t.value);
    // E*[V] is the Taylor variance for a total; 2,000 replicates leave
    // about 3% of Monte Carlo error on the variance.
    assert!(
        rel(b.variance, t.variance) < 0.1,
        "{} vs {}",
        b.variance,
        t.variance
    );
    let same = taylor.bootstrap(2000, 42).unwrap();
    assert_eq!(same.estimate(Estimator::Total(&zinc), None), b);
    let other = taylor.bootstrap(2000, 43).unwrap();
    assert_ne!(
        other.estimate(Estimator::Total(&zinc), None).variance,
        b.variance
    );
    assert_eq!(
        taylor.bootstrap(1, 1).unwrap_err(),
        ResampleError::TooFewReplicates(1)
    );
    let lonely = Design::new(
        vec![1.0; 3],
        None,
        Some(&vec!["a".to_string(); 3]),
        None,
        LonelyPsu::Remove,
    )
    .unwrap();
    assert_eq!(lonely.jackknife().unwrap_err(), ResampleError::NoVariance);
}

#[test]
fn replicate_quantiles() {
    let data = Nhanes::load();
    let zinc = data.var("zinc");
    let taylor = data.design();
    let woodruff = quantile(&taylor, &zinc, 0.5, 0.95, None);
    let boot = taylor.bootstrap(500, 7).unwrap();
    let w = boot.quantile(&zinc, 0.5, 0.95, None, QuantileInterval::Woodruff);
    let r = boot.quantile(&zinc, 0.5, 0.95, None, QuantileInterval::Replicate);
    assert_eq!(w.value, woodruff.value);
    assert_eq!(r.value, woodruff.value);
    // Same interval up to one support point (zinc is whole numbers).
    assert!((w.ci.0 - woodruff.ci.0).abs() <= 1.0 && (w.ci.1 - woodruff.ci.1).abs() <= 1.0);
    assert!(
        r.se > 0.0 && rel(r.se, woodruff.se) < 0.25,
        "{} vs {}",
        r.se,
        woodruff.se
    );
    assert!(r.ci.0 < r.value && r.value < r.ci.1);
}

/// The weighted mean as a [`Linearizable`] statistic, over a domain.
struct Mean<'a> {
    y: &'a [Option<f64>],
    used: Vec<bool>,
}

impl Linearizable for Mean<'_> {
    fn value(&self, w: &[f64]) -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for ((y, w), u) in self.y.iter().zip(w).zip(&self.used) {
            if *u {
                num += w * y.unwrap_or(0.0);
                den += w;
            }
        }
        num / den
    }
    fn influence(&self, w: &[f64]) -> Vec<f64> {
        let m = self.value(w);
        let den: f64 = w
            .iter()
            .zip(&self.used)
            .filter(|(_, u)| **u)
            .map(|(w, _)| w)
            .sum();
        self.y
            .iter()
            .zip(&self.used)
            .map(|(y, u)| {
                if *u {
                    (y.unwrap_or(0.0) - m) / den
                } else {
                    0.0
                }
            })
            .collect()
    }
    fn used(&self) -> Option<&[bool]> {
        Some(&self.used)
    }
}

#[test]
fn linearisation_interface_matches_the_built_in_estimators() {
    let data = Nhanes::load();
    let zinc = data.var("zinc");
    let race = data.var("race");
    let domain: Vec<bool> = race.iter().map(|r| *r == Some(2.0)).collect();
    let used: Vec<bool> = domain
        .iter()
        .zip(&zinc)
        .map(|(d, z)| *d && z.is_some())
        .collect();
    let stat = Mean { y: &zinc, used };
    for design in [
        SurveyDesign::Taylor(data.design()),
        SurveyDesign::Replicate(data.design().jackknife().unwrap()),
    ] {
        let built_in = design.estimate(Estimator::Mean(&zinc), Some(&domain));
        let through = design.estimate_statistic(&stat);
        assert!(rel(through.value, built_in.value) < 1e-12);
        assert!(rel(through.variance, built_in.variance) < 1e-9);
        assert_eq!(through.df, built_in.df);
        assert_eq!(through.n, built_in.n);
    }
}

#[test]
fn calibrated_replicates_carry_the_calibration() {
    let data = Nhanes::load();
    let zinc = data.var("zinc");
    let race: Vec<Option<String>> = data
        .var("race")
        .iter()
        .map(|r| r.map(|x| x.to_string()))
        .collect();
    // Population counts: 5% above the weighted sample counts.
    let mut totals: Vec<(String, f64)> = Vec::new();
    for (r, w) in race.iter().zip(&data.weight) {
        let r = r.clone().unwrap();
        match totals.iter_mut().find(|(k, _)| *k == r) {
            Some((_, t)) => *t += 1.05 * w,
            None => totals.push((r, 1.05 * w)),
        }
    }
    let margin = [Margin {
        name: "race",
        category: &race,
        totals: &totals,
    }];
    let post = CalibrationMethod::PostStratify;
    let (taylor, _) = data.design().calibrate(&margin, post).unwrap();
    let (boot, report) = data
        .design()
        .bootstrap(1000, 5)
        .unwrap()
        .calibrate(&margin, post)
        .unwrap();
    assert_eq!(report.iterations, 1);
    let white: Vec<Option<f64>> = race
        .iter()
        .map(|r| Some(f64::from(u8::from(r.as_deref() == Some("1")))))
        .collect();
    let count = boot.estimate(Estimator::Total(&white), None);
    assert!(count.se() < 1e-6 * count.value);
    let (t, b) = (
        estimate(&taylor, Estimator::Mean(&zinc), None),
        boot.estimate(Estimator::Mean(&zinc), None),
    );
    assert!(rel(b.value, t.value) < 1e-12);
    assert!(rel(b.se(), t.se()) < 0.1, "{} vs {}", b.se(), t.se());
}

#[test]
fn differences_between_domains_and_rounds() {
    let data = Nhanes::load();
    let zinc = data.var("zinc");
    let race = data.var("race");
    let a: Vec<bool> = race.iter().map(|r| *r == Some(1.0)).collect();
    let b: Vec<bool> = race.iter().map(|r| *r == Some(2.0)).collect();
    // y·(1_a − 1_b) as one total: the same value and SE as the difference.
    let contrast: Vec<Option<f64>> = zinc
        .iter()
        .zip(a.iter().zip(&b))
        .map(|(z, (x, y))| z.map(|z| z * (f64::from(u8::from(*x)) - f64::from(u8::from(*y)))))
        .collect();
    for design in [
        SurveyDesign::Taylor(data.design()),
        SurveyDesign::Replicate(data.design().bootstrap(200, 3).unwrap()),
    ] {
        let d = design.difference(
            (Estimator::Total(&zinc), Some(&a)),
            (Estimator::Total(&zinc), Some(&b)),
        );
        let t = design.estimate(Estimator::Total(&contrast), None);
        assert!(rel(d.value, t.value) < 1e-12);
        assert!(rel(d.variance, t.variance) < 1e-9);
        assert!(d.p_value() < 1e-6);
    }
    // Two linearisable statistics: their Difference is the built-in one.
    let mean_in = |d: &[bool]| Mean {
        y: &zinc,
        used: d
            .iter()
            .zip(&zinc)
            .map(|(d, z)| *d && z.is_some())
            .collect(),
    };
    let (ma, mb) = (mean_in(&a), mean_in(&b));
    for design in [
        SurveyDesign::Taylor(data.design()),
        SurveyDesign::Replicate(data.design().jackknife().unwrap()),
    ] {
        let built_in = design.difference(
            (Estimator::Mean(&zinc), Some(&a)),
            (Estimator::Mean(&zinc), Some(&b)),
        );
        let through = design.estimate_statistic(&clusterdx_survey::Difference::new(&ma, &mb));
        assert!(rel(through.value, built_in.value) < 1e-12);
        assert!(rel(through.variance, built_in.variance) < 1e-9);
    }
    // Independent rounds: variances add; Welch–Satterthwaite df.
    let taylor = data.design();
    let (x, y) = (
        estimate(&taylor, Estimator::Mean(&zinc), Some(&a)),
        estimate(&taylor, Estimator::Mean(&zinc), Some(&b)),
    );
    let d = clusterdx_survey::difference_independent(&x, &y);
    assert!(rel(d.variance, x.variance + y.variance) < 1e-15);
    assert!(d.df >= x.df.min(y.df) && d.df <= x.df + y.df, "{}", d.df);
    // p-values: |t| = 1.96 on many df is 0.05.
    let mut e = x.clone();
    e.df = 1e9;
    e.variance = 1.0;
    e.value = 1.959_963_984_540_054;
    assert!((e.p_value() - 0.05).abs() < 1e-6, "{}", e.p_value());
}
