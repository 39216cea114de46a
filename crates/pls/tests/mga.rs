//! Multigroup permutation test: groups drawn from one population give
//! uniform-looking p-values (no path differs), groups with a different
//! path are told apart; the results do not depend on the thread count.

mod common;

use clusterdx_pls::mga::{Permutations, compare};
use clusterdx_pls::{Construct, Mode, Model, Sample, Settings};
use common::Normal;

/// n rows of ξ → η with path `beta`, three items each.
fn rows(rng: &mut Normal, n: usize, beta: f64, cols: &mut [Vec<f64>]) {
    for _ in 0..n {
        let xi = rng.draw();
        let eta = beta * xi + (1.0 - beta * beta).sqrt() * rng.draw();
        for k in 0..3 {
            cols[k].push(0.8 * xi + 0.6 * rng.draw());
            cols[3 + k].push(0.8 * eta + 0.6 * rng.draw());
        }
    }
}

fn model() -> Model {
    let c = |name: &str, items: Vec<usize>| Construct {
        name: name.into(),
        items,
        mode: Mode::A,
        factor: false,
    };
    Model::new(
        vec![c("xi", vec![0, 1, 2]), c("eta", vec![3, 4, 5])],
        vec![(0, 1)],
        6,
    )
    .unwrap()
}

#[test]
fn permutation_test_tells_a_real_difference_from_none() {
    let mut rng = Normal(3);
    let mut cols: Vec<Vec<f64>> = (0..6).map(|_| Vec::new()).collect();
    rows(&mut rng, 300, 0.6, &mut cols);
    rows(&mut rng, 300, 0.2, &mut cols);
    rows(&mut rng, 300, 0.6, &mut cols);
    let sample = Sample::from_columns(&cols);
    let (g1, g2, g3): (Vec<usize>, Vec<usize>, Vec<usize>) = (
        (0..300).collect(),
        (300..600).collect(),
        (600..900).collect(),
    );
    let m = clusterdx_pls::pipeline::Pipeline::plain(model());
    let s = Settings::default();
    let p = |threads| Permutations {
        count: 500,
        seed: 11,
        threads,
    };
    let differ = compare(&m, &sample, (&g1, &g2), &s, &p(2), &|_| {}).unwrap();
    assert!(differ.paths[0].difference > 0.2);
    assert!(differ.paths[0].p < 0.01, "{:?}", differ.paths[0]);
    let same = compare(&m, &sample, (&g1, &g3), &s, &p(2), &|_| {}).unwrap();
    assert!(same.paths[0].p > 0.05, "{:?}", same.paths[0]);
    let one_thread = compare(&m, &sample, (&g1, &g3), &s, &p(1), &|_| {}).unwrap();
    assert_eq!(same, one_thread);
    assert_eq!(same.failed, 0);
}
