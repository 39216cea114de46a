//! Replicate-weight designs against `expected.json` ("replicate"): BRR,
//! JKn with (n_h − 1)/n_h = 0.5 and bootstrap centred two ways.

mod common;

use clusterdx_survey::{Estimator, ReplicateDesign, ReplicateError, ReplicateKind};
use common::reference;
use serde_json::Value;

/// Columns of a CSV by name, values as optional numbers.
fn load(file: &str) -> (Vec<String>, Vec<Vec<Option<f64>>>) {
    let mut rdr = csv::Reader::from_path(reference(file)).unwrap();
    let names: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let mut cols = vec![Vec::new(); names.len()];
    for rec in rdr.records() {
        for (j, f) in rec.unwrap().iter().enumerate() {
            cols[j].push(f.parse::<f64>().ok());
        }
    }
    (names, cols)
}

fn col<'a>(names: &[String], cols: &'a [Vec<Option<f64>>], name: &str) -> &'a [Option<f64>] {
    &cols[names.iter().position(|n| n == name).unwrap()]
}

fn replicate_columns(names: &[String], cols: &[Vec<Option<f64>>], prefix: &str) -> Vec<Vec<f64>> {
    names
        .iter()
        .zip(cols)
        .filter(|(n, _)| n.starts_with(prefix))
        .map(|(_, c)| c.iter().map(|v| v.unwrap_or(0.0)).collect())
        .collect()
}

fn expected(key: &str) -> Value {
    let text = std::fs::read_to_string(reference("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["replicate"][key].clone()
}

#[track_caller]
fn close(got: f64, want: &Value, what: &str) {
    let want = want.as_f64().unwrap();
    let rel = ((got - want) / want).abs();
    assert!(
        rel <= 1e-9,
        "{what}: got {got}, want {want} (relative error {rel:e})"
    );
}

fn weights(names: &[String], cols: &[Vec<Option<f64>>]) -> Vec<f64> {
    col(names, cols, "finalwgt")
        .iter()
        .map(|v| v.unwrap())
        .collect()
}

#[test]
fn brr_ratio() {
    let (names, cols) = load("nhanes2brr_subset.csv");
    let reps = replicate_columns(&names, &cols, "brr_");
    assert_eq!(reps.len(), 32);
    let d = ReplicateDesign::new(
        weights(&names, &cols),
        reps,
        ReplicateKind::Brr { fay: 0.0 },
        None,
        None,
        false,
    )
    .unwrap();
    let e = d.estimate(
        Estimator::Ratio {
            numerator: col(&names, &cols, "weight"),
            denominator: col(&names, &cols, "height"),
        },
        None,
    );
    let want = expected("brr_ratio_weight_height");
    close(e.value, &want["point"], "BRR ratio");
    close(e.se(), &want["se"], "BRR se");
    assert_eq!(e.df, want["df"].as_f64().unwrap());
    let (lo, hi) = e.ci(0.95);
    close(lo, &want["lci"], "BRR lower");
    close(hi, &want["uci"], "BRR upper");
}

#[test]
fn jkn_ratio_with_half_coefficients() {
    let (names, cols) = load("nhanes2jk_subset.csv");
    let reps = replicate_columns(&names, &cols, "jkw_");
    let r = reps.len();
    let d = ReplicateDesign::new(
        weights(&names, &cols),
        reps,
        ReplicateKind::Jkn,
        None,
        Some(vec![0.5; r]),
        false,
    )
    .unwrap();
    let e = d.estimate(
        Estimator::Ratio {
            numerator: col(&names, &cols, "weight"),
            denominator: col(&names, &cols, "height"),
        },
        None,
    );
    let want = expected("jkn_ratio_weight_height_coef0.5");
    close(e.value, &want["point"], "JKn ratio");
    close(e.se(), &want["se"], "JKn se");
    assert_eq!(e.df, want["df"].as_f64().unwrap());
}

#[test]
fn bootstrap_mean_centred_both_ways() {
    let (names, cols) = load("nmihs_subset.csv");
    let reps = replicate_columns(&names, &cols, "bsrw");
    assert_eq!(reps.len(), 50);
    let y = col(&names, &cols, "birth_weight");
    for (mse, key) in [
        (false, "bootstrap_mean_birthweight_1overR"),
        (true, "bootstrap_mean_birthweight_mse"),
    ] {
        let d = ReplicateDesign::new(
            weights(&names, &cols),
            reps.clone(),
            ReplicateKind::Bootstrap,
            None,
            None,
            mse,
        )
        .unwrap();
        let e = d.estimate(Estimator::Mean(y), None);
        let want = expected(key);
        close(e.value, &want["point"], key);
        close(e.se(), &want["se"], key);
        if let Some(df) = want["df"].as_f64() {
            assert_eq!(e.df, df);
        }
    }
}

#[test]
fn bad_replicate_designs_are_refused() {
    let w = vec![1.0; 3];
    for (scale, rscales, bad) in [
        (Some(-1.0), Some(vec![0.5, 0.5]), -1.0),
        (None, Some(vec![0.5, f64::NAN]), f64::NAN),
    ] {
        let err = ReplicateDesign::new(
            w.clone(),
            vec![vec![1.0; 3]; 2],
            ReplicateKind::Jkn,
            scale,
            rscales,
            false,
        )
        .unwrap_err();
        match err {
            ReplicateError::Scale(x) => assert!(x == bad || (x.is_nan() && bad.is_nan())),
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        ReplicateDesign::new(
            w.clone(),
            vec![vec![1.0; 3]; 2],
            ReplicateKind::Jkn,
            None,
            None,
            false
        )
        .unwrap_err(),
        ReplicateError::JknNeedsRscales
    );
    let short = ReplicateDesign::new(
        w.clone(),
        vec![vec![1.0; 3], vec![1.0; 2]],
        ReplicateKind::Jk1,
        None,
        None,
        false,
    );
    assert!(matches!(
        short,
        Err(ReplicateError::Length {
            replicate: 2,
            expected: 3,
            found: 2
        })
    ));
    let coefs = ReplicateDesign::new(
        w.clone(),
        vec![vec![1.0; 3]; 4],
        ReplicateKind::Jkn,
        None,
        Some(vec![0.5; 3]),
        false,
    );
    assert!(matches!(
        coefs,
        Err(ReplicateError::Coefficients {
            expected: 4,
            found: 3
        })
    ));
    let one = ReplicateDesign::new(
        w.clone(),
        vec![vec![1.0; 3]],
        ReplicateKind::Jk1,
        None,
        None,
        false,
    );
    assert!(matches!(one, Err(ReplicateError::TooFew)));
    let fay = ReplicateDesign::new(
        w.clone(),
        vec![vec![1.0; 3]; 2],
        ReplicateKind::Brr { fay: 1.0 },
        None,
        None,
        false,
    );
    assert!(matches!(fay, Err(ReplicateError::Fay(_))));
    let neg = ReplicateDesign::new(
        w,
        vec![vec![1.0, -1.0, 1.0]; 2],
        ReplicateKind::Jk1,
        None,
        None,
        false,
    );
    assert!(neg.unwrap_err().to_string().contains("row 2"));
}
