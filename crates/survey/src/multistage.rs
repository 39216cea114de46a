//! The second stage of a two-stage design whose both stages carry an fpc.
//!
//! With PSUs sampled without replacement at rate f_h in stratum h, and SSUs
//! at rate f_hi within PSU i, the unbiased variance of a total adds to the
//! first-stage term a within-PSU term weighted by the first-stage fraction
//! (Cochran 1977, *Sampling Techniques*, §10.8 and §11.8; Särndal, Swensson
//! and Wretman 1992, Result 4.3.1; R `survey`'s `multistage()`):
//!
//! V = Σ_h (1 − f_h) n_h/(n_h − 1) Σ_i (t_hi − t̄_h)²
//!   + Σ_h f_h Σ_i (1 − f_hi) m_hi/(m_hi − 1) Σ_j (t_hij − t̄_hi)²,
//!
//! t_hij the weighted SSU totals of the influence values and t̄_hi their
//! mean in PSU i. A PSU with one sampled SSU contributes nothing when that
//! SSU is its whole population (f_hi = 1); otherwise it is an error under
//! [`LonelyPsu::Fail`] and contributes nothing under the other policies.

use std::collections::HashMap;

use crate::{Design, DesignError, LonelyPsu};

/// SSUs nested in PSUs, with each PSU's multiplier of its within-PSU sum
/// of squares.
#[derive(Debug, Clone)]
pub(crate) struct Stage2 {
    /// Dense SSU index of each row.
    ssu_of_row: Vec<u32>,
    /// PSU of each SSU.
    psu_of_ssu: Vec<u32>,
    /// SSUs sampled in each PSU.
    ssus_in_psu: Vec<u32>,
    /// f_h (1 − f_hi) m_hi/(m_hi − 1) per PSU (0 for a PSU with one SSU).
    multiplier: Vec<f64>,
}

impl Stage2 {
    /// Indexes the SSUs of `design` (built single-stage from the same rows)
    /// and checks the second-stage fpc. `psu` labels name PSUs in errors.
    pub(crate) fn build(
        design: &Design,
        psu: &[String],
        ssu: &[String],
        fpc2: &[f64],
    ) -> Result<Self, DesignError> {
        let n_psu = design.stratum_of_psu.len();
        let mut index: HashMap<(u32, &str), u32> = HashMap::new();
        let mut psu_of_ssu = Vec::new();
        let mut ssu_of_row = Vec::with_capacity(ssu.len());
        let mut first_row_of_psu = vec![usize::MAX; n_psu];
        for (i, label) in ssu.iter().enumerate() {
            let k = design.psu_of_row[i];
            if first_row_of_psu[k as usize] == usize::MAX {
                first_row_of_psu[k as usize] = i;
            }
            let next = psu_of_ssu.len() as u32;
            let j = *index.entry((k, label.as_str())).or_insert(next);
            if j == next {
                psu_of_ssu.push(k);
            }
            ssu_of_row.push(j);
        }
        let mut ssus_in_psu = vec![0u32; n_psu];
        for &k in &psu_of_ssu {
            ssus_in_psu[k as usize] += 1;
        }
        let name = |k: usize| {
            let h = design.stratum_of_psu[k] as usize;
            let row = first_row_of_psu[k];
            (design.strata_names[h].clone(), psu[row].clone())
        };
        // (1 − f_hi) per PSU, checked constant within the PSU.
        let mut factor2: Vec<Option<f64>> = vec![None; n_psu];
        for (i, &x) in fpc2.iter().enumerate() {
            let k = design.psu_of_row[i] as usize;
            let m = ssus_in_psu[k] as usize;
            let f = if x > 0.0 && x <= 1.0 {
                Some(1.0 - x)
            } else if x >= m as f64 {
                Some(1.0 - m as f64 / x)
            } else {
                None
            };
            let consistent = match (factor2[k], f) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(a), Some(b)) => (a - b).abs() <= 1e-12,
            };
            if !consistent {
                let (stratum, psu) = name(k);
                return Err(DesignError::Fpc2 {
                    stratum,
                    psu,
                    fpc: x,
                    sampled: m,
                });
            }
            factor2[k] = f;
        }
        let mut multiplier = vec![0.0; n_psu];
        for k in 0..n_psu {
            let m = ssus_in_psu[k] as usize;
            let one_minus_f2 = factor2[k].unwrap_or(0.0);
            let f1 = 1.0 - design.fpc_factor[design.stratum_of_psu[k] as usize];
            if m > 1 {
                multiplier[k] = f1 * one_minus_f2 * m as f64 / (m - 1) as f64;
            } else if one_minus_f2 > 0.0 && design.lonely == LonelyPsu::Fail {
                let (stratum, psu) = name(k);
                return Err(DesignError::LonelySsu { stratum, psu });
            }
        }
        Ok(Self {
            ssu_of_row,
            psu_of_ssu,
            ssus_in_psu,
            multiplier,
        })
    }

    /// The second-stage term of the variance of Σ w·z.
    pub(crate) fn variance(&self, weights: &[f64], z: &[f64]) -> f64 {
        let mut totals = vec![0.0; self.psu_of_ssu.len()];
        for ((&j, &w), &zi) in self.ssu_of_row.iter().zip(weights).zip(z) {
            totals[j as usize] += w * zi;
        }
        let mut mean = vec![0.0; self.ssus_in_psu.len()];
        for (j, &t) in totals.iter().enumerate() {
            mean[self.psu_of_ssu[j] as usize] += t;
        }
        for (m, &count) in mean.iter_mut().zip(&self.ssus_in_psu) {
            *m /= f64::from(count.max(1));
        }
        let mut ss = vec![0.0; self.ssus_in_psu.len()];
        for (j, &t) in totals.iter().enumerate() {
            let k = self.psu_of_ssu[j] as usize;
            ss[k] += (t - mean[k]).powi(2);
        }
        ss.iter().zip(&self.multiplier).map(|(s, m)| s * m).sum()
    }
}
