//! Calibration: post-stratification and raking reproduce the population
//! counts exactly (with zero variance), and their linearised variances are
//! unbiased for the calibrated estimators over repeated samples.

mod common;

use clusterdx_survey::{
    CalibrationError, CalibrationMethod, Design, Estimator, LonelyPsu, Margin, estimate,
};
use common::Rng;

const RAKE: CalibrationMethod = CalibrationMethod::Rake {
    max_iterations: 100,
    tolerance: 1e-10,
};

/// A finite population: two classifications and a variable that depends
/// on both.
struct Population {
    a: Vec<String>,
    b: Vec<String>,
    y: Vec<f64>,
}

fn population(rng: &mut Rng) -> Population {
    let size = 20_000;
    let (mut a, mut b, mut y) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..size {
        let ka = (rng.unit() * 3.0) as usize;
        let kb = usize::from(rng.unit() < 0.3 + 0.2 * ka as f64);
        a.push(format!("a{ka}"));
        b.push(format!("b{kb}"));
        y.push(50.0 + 30.0 * ka as f64 + 40.0 * kb as f64 + 25.0 * rng.unit());
    }
    Population { a, b, y }
}

fn counts(labels: &[String]) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for l in labels {
        match out.iter_mut().find(|(k, _)| k == l) {
            Some((_, c)) => *c += 1.0,
            None => out.push((l.clone(), 1.0)),
        }
    }
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

fn some(v: &[String], rows: &[usize]) -> Vec<Option<String>> {
    rows.iter().map(|&i| Some(v[i].clone())).collect()
}

#[test]
fn calibrated_counts_are_exact_with_zero_variance() {
    let mut rng = Rng(3);
    let pop = population(&mut rng);
    let (ta, tb) = (counts(&pop.a), counts(&pop.b));
    let rows = rng.sample(pop.y.len(), 400);
    let (a, b) = (some(&pop.a, &rows), some(&pop.b, &rows));
    let psu: Vec<String> = (0..rows.len()).map(|i| (i / 4).to_string()).collect();
    let design = Design::new(vec![50.0; 400], None, Some(&psu), None, LonelyPsu::Fail).unwrap();
    let margins = [
        Margin {
            name: "a",
            category: &a,
            totals: &ta,
        },
        Margin {
            name: "b",
            category: &b,
            totals: &tb,
        },
    ];
    let (raked, report) = design.calibrate(&margins, RAKE).unwrap();
    assert!(raked.is_calibrated());
    assert!(report.iterations > 1 && report.max_relative_gap <= 1e-10);
    for (margin, labels) in [(&ta, &a), (&tb, &b)] {
        for (category, total) in margin.iter() {
            let flag: Vec<Option<f64>> = labels
                .iter()
                .map(|l| Some(f64::from(u8::from(l.as_ref() == Some(category)))))
                .collect();
            let e = estimate(&raked, Estimator::Total(&flag), None);
            assert!((e.value / total - 1.0).abs() < 1e-9, "{category}");
            assert!(e.se() < 1e-6 * total, "{category}: se {}", e.se());
        }
    }
    // One margin: raking is post-stratification.
    let (post, report) = design
        .calibrate(&margins[..1], CalibrationMethod::PostStratify)
        .unwrap();
    assert_eq!(report.iterations, 1);
    let (rake1, _) = design.calibrate(&margins[..1], RAKE).unwrap();
    let y: Vec<Option<f64>> = rows.iter().map(|&i| Some(pop.y[i])).collect();
    let (p, r) = (
        estimate(&post, Estimator::Mean(&y), None),
        estimate(&rake1, Estimator::Mean(&y), None),
    );
    assert!((p.value - r.value).abs() < 1e-9 && (p.variance / r.variance - 1.0).abs() < 1e-9);
    // The post-stratified mean is Σ_g N_g ȳ_g / N.
    let n_total: f64 = ta.iter().map(|(_, c)| c).sum();
    let by_hand: f64 = ta
        .iter()
        .map(|(g, count)| {
            let cell: Vec<f64> = rows
                .iter()
                .filter(|&&i| &pop.a[i] == g)
                .map(|&i| pop.y[i])
                .collect();
            count * cell.iter().sum::<f64>() / cell.len() as f64
        })
        .sum::<f64>()
        / n_total;
    assert!((p.value - by_hand).abs() < 1e-9);
}

fn labels(v: &[&str]) -> Vec<Option<String>> {
    v.iter().map(|s| Some((*s).to_string())).collect()
}

fn totals(v: &[(&str, f64)]) -> Vec<(String, f64)> {
    v.iter().map(|(k, c)| ((*k).to_string(), *c)).collect()
}

fn district<'a>(category: &'a [Option<String>], totals: &'a [(String, f64)]) -> Margin<'a> {
    Margin {
        name: "district",
        category,
        totals,
    }
}

#[test]
fn calibration_errors_name_the_problem() {
    let post = CalibrationMethod::PostStratify;
    let design = Design::new(vec![1.0; 3], None, None, None, LonelyPsu::Fail).unwrap();
    let xy = totals(&[("x", 10.0), ("y", 5.0)]);
    let mut gap = labels(&["x", "y", "x"]);
    gap[2] = None;
    let err = design.calibrate(&[district(&gap, &xy)], post).unwrap_err();
    assert_eq!(
        err,
        CalibrationError::MissingCategory {
            margin: "district".into(),
            row: 3
        }
    );
    let unknown = labels(&["x", "z", "y"]);
    let err = design
        .calibrate(&[district(&unknown, &xy)], post)
        .unwrap_err();
    assert!(
        err.to_string().contains("category `z` is in the data"),
        "{err}"
    );
    let only_x = labels(&["x", "x", "x"]);
    let err = design
        .calibrate(&[district(&only_x, &xy)], post)
        .unwrap_err();
    assert!(
        err.to_string().contains("`y` has a population count of 5"),
        "{err}"
    );
    let (x10, x20) = (totals(&[("x", 10.0)]), totals(&[("x", 20.0)]));
    let err = design.calibrate(&[district(&only_x, &x10), district(&only_x, &x20)], RAKE);
    assert!(matches!(
        err,
        Err(CalibrationError::InconsistentMargins { .. })
    ));
    let err = design
        .calibrate(&[district(&only_x, &x10), district(&only_x, &x10)], post)
        .unwrap_err();
    assert!(matches!(err, CalibrationError::PostStratifyMargins(2)));
    assert!(matches!(
        design.calibrate(&[district(&only_x, &totals(&[("x", -1.0)]))], post),
        Err(CalibrationError::BadTotal { .. })
    ));
    assert!(matches!(
        design.calibrate(&[], RAKE),
        Err(CalibrationError::NoMargins)
    ));
    // A sampled category counted 0 in the population would silently drop
    // its rows.
    let with_zero = totals(&[("x", 10.0), ("y", 0.0)]);
    let xy_rows = labels(&["x", "y", "x"]);
    assert!(matches!(
        design.calibrate(&[district(&xy_rows, &with_zero)], post),
        Err(CalibrationError::ZeroCount { .. })
    ));
    let short = labels(&["x", "y"]);
    assert!(matches!(
        design.calibrate(&[district(&short, &xy)], post),
        Err(CalibrationError::Length {
            expected: 3,
            found: 2,
            ..
        })
    ));
    let zero_tolerance = CalibrationMethod::Rake {
        max_iterations: 10,
        tolerance: 0.0,
    };
    assert!(matches!(
        design.calibrate(&[district(&only_x, &x10)], zero_tolerance),
        Err(CalibrationError::Tolerance(0.0))
    ));
    // Margins that cannot be met together never converge: rows 1–2 are
    // both `x` (10) and `p` (5).
    let (first, second) = (labels(&["x", "x", "y"]), labels(&["p", "p", "q"]));
    let pq = totals(&[("p", 5.0), ("q", 10.0)]);
    let err = design
        .calibrate(&[district(&first, &xy), district(&second, &pq)], RAKE)
        .unwrap_err();
    assert!(
        matches!(err, CalibrationError::NotConverged { .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("did not converge in 100 iterations")
    );
}

#[test]
fn calibrated_variances_are_unbiased_over_samples() {
    let mut rng = Rng(17);
    let pop = population(&mut rng);
    let (ta, tb) = (counts(&pop.a), counts(&pop.b));
    let truth = pop.y.iter().sum::<f64>() / pop.y.len() as f64;
    let (n, draws) = (300usize, 2000usize);
    let w = pop.y.len() as f64 / n as f64;
    let mut est = [Vec::new(), Vec::new(), Vec::new()];
    let mut var = [0.0; 3];
    for _ in 0..draws {
        let rows = rng.sample(pop.y.len(), n);
        let (a, b) = (some(&pop.a, &rows), some(&pop.b, &rows));
        let y: Vec<Option<f64>> = rows.iter().map(|&i| Some(pop.y[i])).collect();
        let fpc = vec![pop.y.len() as f64; n];
        let design = Design::new(vec![w; n], None, None, Some(&fpc), LonelyPsu::Fail).unwrap();
        let ma = Margin {
            name: "a",
            category: &a,
            totals: &ta,
        };
        let mb = Margin {
            name: "b",
            category: &b,
            totals: &tb,
        };
        let (post, _) = design
            .calibrate(std::slice::from_ref(&ma), CalibrationMethod::PostStratify)
            .unwrap();
        let (raked, _) = design.calibrate(&[ma, mb], RAKE).unwrap();
        for (k, d) in [&design, &post, &raked].into_iter().enumerate() {
            let e = estimate(d, Estimator::Mean(&y), None);
            est[k].push(e.value);
            var[k] += e.variance / draws as f64;
        }
    }
    let mut empirical = [0.0; 3];
    for k in 0..3 {
        let m = est[k].iter().sum::<f64>() / draws as f64;
        assert!(
            (m - truth).abs() < 0.5,
            "estimator {k} biased: {m} vs {truth}"
        );
        empirical[k] = est[k].iter().map(|x| (x - m).powi(2)).sum::<f64>() / (draws - 1) as f64;
        // Linearised variances are slightly low at n = 300 (order 1/n).
        let ratio = var[k] / empirical[k];
        assert!((0.9..1.1).contains(&ratio), "estimator {k}: ratio {ratio}");
    }
    // Calibration on variables that explain y shrinks the variance.
    assert!(empirical[1] < 0.8 * empirical[0] && empirical[2] < empirical[1]);
}
