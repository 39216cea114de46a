//! PLSpredict: the linear benchmark under leave-one-out equals the PRESS
//! residuals e_i/(1 − h_ii) of the full-sample regression; predictions on
//! mobi are reproducible from the seed, beat the training mean, and the
//! two techniques agree on a construct whose predecessors are exogenous.

mod common;

use clusterdx_pls::predict::{CrossValidation, Technique, predict};
use clusterdx_pls::{Construct, Mode, Model, Sample, Settings};
use common::{ecsi, mobi};
use nalgebra::{DMatrix, DVector};

#[test]
fn leave_one_out_benchmark_is_press() {
    let data = mobi();
    // Two constructs: Image → Expectation; the benchmark regresses each
    // CUEX item on the five IMAG items.
    let idx = |p: &str| -> Vec<usize> {
        data.names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.starts_with(p))
            .map(|(i, _)| i)
            .collect()
    };
    let c = |name: &str, items: Vec<usize>| Construct {
        name: name.into(),
        items,
        mode: Mode::A,
        factor: false,
    };
    let model = Model::new(
        vec![c("Image", idx("IMAG")), c("Expectation", idx("CUEX"))],
        vec![(0, 1)],
        24,
    )
    .unwrap();
    let n = data.sample.n();
    let cv = CrossValidation {
        folds: n,
        repetitions: 1,
        seed: 1,
        technique: Technique::EarliestAntecedents,
    };
    let out = predict(&model, &data.sample, &Settings::default(), &cv).unwrap();
    assert_eq!(out.len(), 3);
    let imag = idx("IMAG");
    let x = DMatrix::from_fn(n, 6, |r, k| {
        if k == 0 {
            1.0
        } else {
            data.columns[imag[k - 1]][r]
        }
    });
    let h = &x * (x.transpose() * &x).try_inverse().unwrap() * x.transpose();
    for p in &out {
        let y = DVector::from_column_slice(&data.columns[p.item]);
        let e = &y - &h * &y;
        let press: f64 = (0..n)
            .map(|r| (e[r] / (1.0 - h[(r, r)])).powi(2))
            .sum::<f64>()
            / n as f64;
        assert!(
            (p.lm_rmse - press.sqrt()).abs() < 1e-9,
            "{} vs {}",
            p.lm_rmse,
            press.sqrt()
        );
    }
}

#[test]
fn ecsi_predictions_are_reproducible_and_informative() {
    let data = mobi();
    let model = ecsi(&data.names, Mode::A);
    let cv = |seed, technique| CrossValidation {
        folds: 10,
        repetitions: 3,
        seed,
        technique,
    };
    let a = predict(
        &model,
        &data.sample,
        &Settings::default(),
        &cv(7, Technique::EarliestAntecedents),
    )
    .unwrap();
    let b = predict(
        &model,
        &data.sample,
        &Settings::default(),
        &cv(7, Technique::EarliestAntecedents),
    )
    .unwrap();
    assert_eq!(a, b);
    let c = predict(
        &model,
        &data.sample,
        &Settings::default(),
        &cv(8, Technique::EarliestAntecedents),
    )
    .unwrap();
    assert_ne!(a, c);
    // Every endogenous item: 3 + 7 + 2 + 3 + 1 + 3.
    assert_eq!(a.len(), 19);
    // Satisfaction's items are predicted better than by the training mean.
    let sat: Vec<_> = a
        .iter()
        .filter(|p| data.names[p.item].starts_with("CUSA"))
        .collect();
    assert!(sat.iter().all(|p| p.q2_predict > 0.1), "{sat:?}");
    // Expectation's only predecessor is exogenous: both techniques agree.
    let d = predict(
        &model,
        &data.sample,
        &Settings::default(),
        &cv(7, Technique::DirectAntecedents),
    )
    .unwrap();
    for (x, y) in a.iter().zip(&d) {
        if data.names[x.item].starts_with("CUEX") {
            assert!((x.rmse - y.rmse).abs() < 1e-12 && (x.lm_rmse - y.lm_rmse).abs() < 1e-12);
        }
    }
    let _ = Sample::from_columns(&data.columns);
}
