//! Confidence intervals of proportions: logit, Wald, Korn–Graubard (beta)
//! and arcsine, as R `svyciprop()`.

use clusterdx_survey::{Estimate, ProportionInterval};

fn proportion(value: f64, variance: f64, df: f64, n: usize) -> Estimate {
    Estimate {
        value,
        variance,
        df,
        n,
        n_missing: 0,
        deff_wr: None,
        deff_wor: None,
        is_proportion: true,
    }
}

#[test]
fn korn_graubard_is_clopper_pearson_at_the_effective_size() {
    // p = 0.1 with V = p(1 − p)/100 and df = n − 1: the effective sample is
    // 100 with 10 successes, whose exact 95% interval is 0.04900–0.17622.
    let e = proportion(0.1, 0.0009, 99.0, 100);
    let (lo, hi) = e.ci_proportion(0.95, ProportionInterval::Beta);
    assert!((lo - 0.049_004_7).abs() < 1e-6, "{lo}");
    assert!((hi - 0.176_222_6).abs() < 1e-6, "{hi}");
    // Fewer design df than rows: a smaller effective size, a wider interval.
    let clustered = proportion(0.1, 0.0009, 20.0, 100);
    let (lo2, hi2) = clustered.ci_proportion(0.95, ProportionInterval::Beta);
    assert!(lo2 < lo && hi2 > hi);
}

#[test]
fn boundaries_and_shapes() {
    // No successes: the beta interval starts at 0 and still has width.
    let zero = proportion(0.0, 0.0, 49.0, 50);
    let (lo, hi) = zero.ci_proportion(0.95, ProportionInterval::Beta);
    assert_eq!(lo, 0.0);
    assert!(hi > 0.05 && hi < 0.1, "{hi}");
    let e = proportion(0.3, 0.0004, 60.0, 400);
    let wald = e.ci_proportion(0.95, ProportionInterval::Wald);
    assert_eq!(wald, e.ci(0.95));
    assert_eq!(
        e.ci_proportion(0.95, ProportionInterval::Logit),
        e.ci_logit(0.95)
    );
    for method in [
        ProportionInterval::Logit,
        ProportionInterval::Wald,
        ProportionInterval::Beta,
        ProportionInterval::Asin,
    ] {
        let (lo, hi) = e.ci_proportion(0.95, method);
        assert!(
            (0.0..0.3).contains(&lo) && hi > 0.3 && hi <= 1.0,
            "{method:?}"
        );
        // Close to the Wald interval away from the boundary.
        assert!(
            (lo - wald.0).abs() < 0.005 && (hi - wald.1).abs() < 0.005,
            "{method:?}"
        );
    }
    // A rare proportion: Wald is clipped at 0; logit and beta stay positive
    // and asymmetric.
    let rare = proportion(0.01, 0.000_04, 60.0, 400);
    let (w_lo, _) = rare.ci_proportion(0.95, ProportionInterval::Wald);
    assert_eq!(w_lo, 0.0);
    for method in [ProportionInterval::Logit, ProportionInterval::Beta] {
        let (lo, hi) = rare.ci_proportion(0.95, method);
        assert!(lo > 0.0 && hi - 0.01 > 0.01 - lo, "{method:?}");
    }
}

#[test]
fn degenerate_estimates_say_so() {
    // p̂ = 0: the logit and arcsine intervals fall back to Korn–Graubard.
    let zero = proportion(0.0, 0.0, 49.0, 50);
    let beta = zero.ci_proportion(0.95, ProportionInterval::Beta);
    assert_eq!(zero.ci_proportion(0.95, ProportionInterval::Logit), beta);
    assert_eq!(zero.ci_proportion(0.95, ProportionInterval::Asin), beta);
    // One row at the boundary (a cell holding a single manager): the
    // Korn–Graubard df correction has no n − 1; the interval still comes
    // back, at once.
    for p in [0.0, 1.0] {
        let one = proportion(p, 0.0, 10.0, 1);
        let (lo, hi) = one.ci_proportion(0.95, ProportionInterval::Logit);
        assert!(
            lo.is_finite() && hi.is_finite() && lo <= p && p <= hi,
            "{lo} {hi}"
        );
    }
    let no_df = proportion(0.0, 0.0, 0.0, 5);
    let (lo, hi) = no_df.ci_proportion(0.95, ProportionInterval::Beta);
    assert!(lo == 0.0 && hi > 0.0 && hi < 1.0, "{lo} {hi}");
    // No df (a domain inside one PSU): no interval, no p-value.
    let mut e = proportion(0.3, 0.0004, 0.0, 400);
    assert!(e.ci(0.95).0.is_nan() && e.p_value().is_nan());
    // A NaN SE is not "significant".
    e.df = 30.0;
    e.variance = f64::NAN;
    assert!(e.p_value().is_nan());
    assert!(e.ci_proportion(0.95, ProportionInterval::Beta).0.is_nan());
    // Far in the tail the p-value is tiny, not 0.
    e.variance = 1e-6;
    let p = e.p_value();
    assert!(p > 0.0 && p < 1e-20, "{p}");
}
