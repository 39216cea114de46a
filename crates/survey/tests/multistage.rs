//! Two-stage designs with an fpc at both stages: the variance of a total
//! adds the within-PSU term weighted by the first-stage sampling fraction.
//! Checked by hand on a small sample and, by Monte Carlo, against the exact
//! variance of the Horvitz–Thompson total under two-stage simple random
//! sampling without replacement (Särndal, Swensson and Wretman 1992,
//! Result 4.3.1).

mod common;

use clusterdx_survey::{Design, DesignError, Estimator, LonelyPsu, estimate};
use common::Rng;

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn small_sample_by_hand() {
    // 2 of 4 PSUs; in each, 2 of 4 SSUs (one row each); weights 2 × 2.
    let y = [Some(1.0), Some(3.0), Some(2.0), Some(6.0)];
    let psu = labels(&["A", "A", "B", "B"]);
    let ssu = labels(&["1", "2", "1", "2"]);
    let design = Design::multistage(
        vec![4.0; 4],
        None,
        &psu,
        &[4.0; 4],
        &ssu,
        &[4.0; 4],
        LonelyPsu::Fail,
    )
    .unwrap();
    let e = estimate(&design, Estimator::Total(&y), None);
    assert_eq!(e.value, 48.0);
    // First stage 0.5 · 2 · 128 = 128; second 0.5 · (32 + 128) = 80.
    assert!((e.variance - 208.0).abs() < 1e-9, "{}", e.variance);
    assert!(design.is_multistage());
    // Fractions instead of counts give the same design.
    let by_fraction = Design::multistage(
        vec![4.0; 4],
        None,
        &psu,
        &[0.5; 4],
        &ssu,
        &[0.5; 4],
        LonelyPsu::Fail,
    )
    .unwrap();
    let f = estimate(&by_fraction, Estimator::Total(&y), None);
    assert!((f.variance - 208.0).abs() < 1e-9);
    // A census at the second stage leaves the first-stage term only.
    let census = Design::multistage(
        vec![4.0; 4],
        None,
        &psu,
        &[4.0; 4],
        &ssu,
        &[2.0; 4],
        LonelyPsu::Fail,
    )
    .unwrap();
    let c = estimate(&census, Estimator::Total(&y), None);
    assert!((c.variance - 128.0).abs() < 1e-9);
}

#[test]
fn bad_second_stages_are_refused() {
    let psu = labels(&["A", "A", "B"]);
    let ssu = labels(&["1", "2", "1"]);
    // PSU B has one sampled SSU out of 4.
    let err = Design::multistage(
        vec![1.0; 3],
        None,
        &psu,
        &[4.0; 3],
        &ssu,
        &[4.0; 3],
        LonelyPsu::Fail,
    )
    .unwrap_err();
    assert_eq!(
        err,
        DesignError::LonelySsu {
            stratum: "(all)".into(),
            psu: "B".into()
        }
    );
    assert!(err.to_string().contains("PSU B has a single sampled"));
    // Under `remove` it contributes nothing.
    assert!(
        Design::multistage(
            vec![1.0; 3],
            None,
            &psu,
            &[4.0; 3],
            &ssu,
            &[4.0; 3],
            LonelyPsu::Remove
        )
        .is_ok()
    );
    // A count below the sampled SSUs, and an fpc2 that varies in a PSU.
    for fpc2 in [[1.5, 1.5, 4.0], [4.0, 5.0, 4.0]] {
        let err = Design::multistage(
            vec![1.0; 3],
            None,
            &psu,
            &[4.0; 3],
            &ssu,
            &fpc2,
            LonelyPsu::Remove,
        )
        .unwrap_err();
        assert!(matches!(err, DesignError::Fpc2 { .. }), "{err}");
        assert!(err.to_string().contains("PSU A"), "{err}");
    }
}

/// Sample variance (n − 1).
fn s2(v: &[f64]) -> f64 {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
}

#[test]
fn unbiased_for_the_exact_two_stage_variance() {
    // 3 strata × 20 PSUs × 25 units; sample 8 PSUs (f₁ = 0.4) and 5 units
    // (f₂ = 0.2): both stages matter.
    let (strata, big_n, big_m, n, m) = (3usize, 20usize, 25usize, 8usize, 5usize);
    let mut rng = Rng(11);
    let pop: Vec<Vec<Vec<f64>>> = (0..strata)
        .map(|h| {
            (0..big_n)
                .map(|_| {
                    let effect = 30.0 * rng.unit();
                    (0..big_m)
                        .map(|_| 10.0 * h as f64 + effect + 40.0 * rng.unit())
                        .collect()
                })
                .collect()
        })
        .collect();
    // Exact variance of the HT total.
    let (f1, f2) = (n as f64 / big_n as f64, m as f64 / big_m as f64);
    let exact: f64 = pop
        .iter()
        .map(|stratum| {
            let totals: Vec<f64> = stratum.iter().map(|p| p.iter().sum()).collect();
            let first = (big_n * big_n) as f64 * (1.0 - f1) * s2(&totals) / n as f64;
            let second = big_n as f64 / n as f64
                * stratum
                    .iter()
                    .map(|p| (big_m * big_m) as f64 * (1.0 - f2) * s2(p) / m as f64)
                    .sum::<f64>();
            first + second
        })
        .sum();
    let draws = 4000;
    let (mut totals, mut v_two, mut v_one) = (Vec::new(), 0.0, 0.0);
    for _ in 0..draws {
        let (mut s, mut p, mut u, mut y) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (h, stratum) in pop.iter().enumerate() {
            for &k in &rng.sample(big_n, n) {
                for &j in &rng.sample(big_m, m) {
                    s.push(h.to_string());
                    p.push(k.to_string());
                    u.push(j.to_string());
                    y.push(Some(stratum[k][j]));
                }
            }
        }
        let rows = y.len();
        let w = vec![(big_n * big_m) as f64 / (n * m) as f64; rows];
        let fpc1 = vec![big_n as f64; rows];
        let fpc2 = vec![big_m as f64; rows];
        let two =
            Design::multistage(w.clone(), Some(&s), &p, &fpc1, &u, &fpc2, LonelyPsu::Fail).unwrap();
        let one = Design::new(w, Some(&s), Some(&p), Some(&fpc1), LonelyPsu::Fail).unwrap();
        let e = estimate(&two, Estimator::Total(&y), None);
        totals.push(e.value);
        v_two += e.variance / draws as f64;
        v_one += estimate(&one, Estimator::Total(&y), None).variance / draws as f64;
    }
    let empirical = s2(&totals);
    assert!(
        (empirical / exact - 1.0).abs() < 0.06,
        "empirical {empirical} vs exact {exact}"
    );
    assert!(
        (v_two / exact - 1.0).abs() < 0.03,
        "mean two-stage estimate {v_two} vs exact {exact}"
    );
    // The first-stage term alone, with its fpc, is biased low here.
    assert!(v_one / exact < 0.9, "one-stage {v_one} vs exact {exact}");
}
