//! Properties every PLS estimate must have: permuting respondents changes
//! nothing, rescaling an item (a linear change of its units) changes
//! nothing, and a single-item construct behaves as seminr's (loading and
//! weight 1, α = ρA = ρC = AVE = 1).

mod common;

use clusterdx_pls::{Mode, Sample, Settings, estimate, quality};
use common::{ecsi, mobi};

#[test]
fn permuting_respondents_changes_nothing() {
    let data = mobi();
    let model = ecsi(&data.names, Mode::A);
    let n = data.sample.n();
    // A fixed permutation: i ↦ (97 i + 13) mod n (97 is prime to 250).
    let order: Vec<usize> = (0..n).map(|i| (97 * i + 13) % n).collect();
    let permuted = data.sample.subset(&order);
    let (a, b) = (
        estimate(
            &model,
            &data.sample.moments(None).corr,
            &Settings::default(),
        )
        .unwrap(),
        estimate(&model, &permuted.moments(None).corr, &Settings::default()).unwrap(),
    );
    assert!((&a.weights - &b.weights).abs().max() < 1e-12);
    assert!((&a.paths - &b.paths).abs().max() < 1e-12);
    assert!((&a.item_score - &b.item_score).abs().max() < 1e-12);
}

#[test]
fn rescaling_an_item_changes_nothing() {
    let data = mobi();
    let model = ecsi(&data.names, Mode::B);
    let mut cols = data.columns.clone();
    for (k, c) in cols.iter_mut().enumerate() {
        // Different units for every item: x ↦ (k + 2) x − 40.
        for x in c.iter_mut() {
            *x = (k as f64 + 2.0) * *x - 40.0;
        }
    }
    let rescaled = Sample::from_columns(&cols);
    let (a, b) = (
        estimate(
            &model,
            &data.sample.moments(None).corr,
            &Settings::default(),
        )
        .unwrap(),
        estimate(&model, &rescaled.moments(None).corr, &Settings::default()).unwrap(),
    );
    assert!((&a.weights - &b.weights).abs().max() < 1e-10);
    assert!((&a.paths - &b.paths).abs().max() < 1e-10);
    assert_eq!(a.iterations, b.iterations);
}

#[test]
fn a_single_item_construct_is_its_item() {
    let data = mobi();
    let model = ecsi(&data.names, Mode::A);
    let s = data.sample.moments(None).corr;
    let fit = estimate(&model, &s, &Settings::default()).unwrap();
    let j = model.construct("Complaints").unwrap();
    let i = model.constructs()[j].items[0];
    assert!((fit.weights[(i, j)] - 1.0).abs() < 1e-12);
    assert!((fit.item_score[(i, j)] - 1.0).abs() < 1e-12);
    let r = quality::reliability(&model, &s, &fit, j);
    for v in [r.alpha, r.rho_a, r.rho_c, r.ave] {
        assert!((v - 1.0).abs() < 1e-12, "{r:?}");
    }
    assert_eq!(quality::item_vif(&model, &s, j), vec![1.0]);
    // Its score is the standardised item: its correlation with another
    // construct's score is the item's correlation with that score.
    let sat = model.construct("Satisfaction").unwrap();
    assert!((fit.construct_corr[(j, sat)] - fit.item_score[(i, sat)]).abs() < 1e-12);
}
