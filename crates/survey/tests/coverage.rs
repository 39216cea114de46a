//! Monte Carlo coverage: on a synthetic finite population drawn with a
//! stratified two-stage design, nominal 95% t intervals for the mean must
//! cover the population mean in 93–97% of 1,000 seeded samples.

mod common;

use clusterdx_survey::{Design, Estimator, LonelyPsu, estimate};
use common::Rng;

#[test]
fn stratified_two_stage_coverage_of_the_mean() {
    let (strata, psus, units) = (10usize, 40usize, 30usize);
    let (n_psu, m_units) = (4usize, 10usize);
    let mut rng = Rng(7);
    // Population: stratum, PSU and unit effects; skewed unit values.
    let mut pop = vec![vec![vec![0.0; units]; psus]; strata];
    for (h, stratum) in pop.iter_mut().enumerate() {
        for psu in stratum.iter_mut() {
            let effect = 5.0 * rng.normal();
            for y in psu.iter_mut() {
                *y = 100.0 + 10.0 * h as f64 + effect + (1.5 * rng.normal()).exp();
            }
        }
    }
    let truth: f64 = pop.iter().flatten().flatten().sum::<f64>() / (strata * psus * units) as f64;
    let draws = 1000;
    let mut covered = 0;
    for _ in 0..draws {
        let (mut w, mut s, mut p, mut y) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (h, stratum) in pop.iter().enumerate() {
            for &k in &rng.sample(psus, n_psu) {
                for &u in &rng.sample(units, m_units) {
                    w.push((psus as f64 / n_psu as f64) * (units as f64 / m_units as f64));
                    s.push(h as u32);
                    p.push(k as u32);
                    y.push(Some(stratum[k][u]));
                }
            }
        }
        let design = Design::from_codes(w, Some(&s), Some(&p), None, LonelyPsu::Fail).unwrap();
        let e = estimate(&design, Estimator::Mean(&y), None);
        let (lo, hi) = e.ci(0.95);
        if lo <= truth && truth <= hi {
            covered += 1;
        }
    }
    let rate = covered as f64 / draws as f64;
    assert!((0.93..=0.97).contains(&rate), "coverage {rate}");
}
