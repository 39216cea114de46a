//! Replicate weights made from a Taylor design: the stratified jackknife
//! (JKn) and the Rao–Wu rescaling bootstrap, for users who want replicate
//! standard errors (quantiles, statistics without a linearisation) or must
//! publish replicate weights instead of strata and PSUs.
//!
//! Both resample PSUs within strata (the ultimate cluster), so a second
//! stage enters through the PSU totals, as in R `as.svrepdesign()`. Both
//! are stored compactly: the jackknife as the dropped PSU of each
//! replicate, the bootstrap as one factor per PSU and replicate.

use rand::{Rng as _, SeedableRng};
use rand_pcg::Pcg64;

use crate::Design;
use crate::replicate::{ReplicateDesign, Replicates};

/// Why replicate weights cannot be made from a design.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ResampleError {
    /// Calibrated weights would need re-calibrating in every replicate.
    #[error(
        "replicate weights are made from the design before calibration: create them first, then calibrate the replicate design"
    )]
    Calibrated,
    /// Every stratum has a single PSU.
    #[error("no stratum has two PSUs, so no replicate can be formed")]
    NoVariance,
    /// More replicate factors than memory should hold.
    #[error(
        "{replicates} bootstrap replicates of {psus} PSUs would need {gib:.1} GiB; use fewer replicates or the jackknife"
    )]
    TooLarge {
        replicates: usize,
        psus: usize,
        gib: f64,
    },
    /// Fewer than two bootstrap replicates.
    #[error("a bootstrap needs at least 2 replicates, got {0}")]
    TooFewReplicates(usize),
}

/// The most bootstrap factors (replicates × PSUs) made: 2 GiB of them.
const MAX_FACTORS: usize = 1 << 28;

impl Design {
    fn check_resample(&self) -> Result<(), ResampleError> {
        if self.calibration.is_some() {
            return Err(ResampleError::Calibrated);
        }
        if self.psus_in_stratum.iter().all(|&n| n < 2) {
            return Err(ResampleError::NoVariance);
        }
        Ok(())
    }

    /// Delete-one-PSU jackknife within strata (JKn; Wolter 2007, §4.5;
    /// R `as.svrepdesign(type = "JKn")`). Replicate (h, i) drops PSU i and
    /// multiplies the other PSUs of stratum h by n_h/(n_h − 1); its
    /// coefficient is (1 − f_h)(n_h − 1)/n_h, and the variance is centred
    /// on the mean of the replicates. For a total this reproduces the
    /// Taylor variance exactly. Strata with a single PSU form no replicate
    /// (they contribute nothing, as `lonely_psu = "remove"`). df: the
    /// design's PSUs − strata.
    ///
    /// # Errors
    /// [`ResampleError`] for a calibrated design or one without any
    /// stratum of two PSUs.
    pub fn jackknife(&self) -> Result<ReplicateDesign, ResampleError> {
        self.check_resample()?;
        let mut dropped = Vec::new();
        let mut rscales = Vec::new();
        for (k, &h) in self.stratum_of_psu.iter().enumerate() {
            let n_h = self.psus_in_stratum[h as usize];
            if n_h < 2 {
                continue;
            }
            dropped.push(k as u32);
            rscales.push(self.fpc_factor[h as usize] * (n_h - 1) as f64 / n_h as f64);
        }
        let up = self
            .psus_in_stratum
            .iter()
            .map(|&n_h| {
                if n_h > 1 {
                    n_h as f64 / (n_h - 1) as f64
                } else {
                    1.0
                }
            })
            .collect();
        Ok(ReplicateDesign {
            weights: self.weights.clone(),
            replicates: Replicates::DeleteOne {
                psu_of_row: self.psu_of_row.clone(),
                stratum_of_psu: self.stratum_of_psu.clone(),
                dropped,
                up,
            },
            scale: 1.0,
            rscales,
            mse: false,
            df: self.df(),
        })
    }

    /// Rao–Wu rescaling bootstrap (Rao and Wu 1988; Rao, Wu and Yue 1992)
    /// with n_h − 1 PSUs drawn with replacement in each stratum: replicate
    /// weights w · (1 − λ_h + λ_h n_h/(n_h − 1) r_hi), r_hi the times PSU i
    /// was drawn and λ_h = √(1 − f_h) (1 without fpc). The variance is the
    /// sample variance of the replicate estimates (scale 1/(R − 1)), as R
    /// `as.svrepdesign(type = "bootstrap")`. `seed` fixes the draws: the
    /// same seed gives the same replicates on every machine. df: the
    /// design's PSUs − strata.
    ///
    /// # Errors
    /// [`ResampleError`] for a calibrated design, one without a stratum of
    /// two PSUs, or fewer than two replicates.
    pub fn bootstrap(
        &self,
        replicates: usize,
        seed: u64,
    ) -> Result<ReplicateDesign, ResampleError> {
        self.check_resample()?;
        if replicates < 2 {
            return Err(ResampleError::TooFewReplicates(replicates));
        }
        let psus = self.stratum_of_psu.len();
        let cells = replicates.saturating_mul(psus);
        if cells > MAX_FACTORS {
            return Err(ResampleError::TooLarge {
                replicates,
                psus,
                gib: cells as f64 * 8.0 / f64::from(1u32 << 30),
            });
        }
        let mut rng = Pcg64::seed_from_u64(seed);
        // PSUs of each stratum, in PSU order.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.strata_names.len()];
        for (k, &h) in self.stratum_of_psu.iter().enumerate() {
            members[h as usize].push(k);
        }
        let factors: Vec<Vec<f64>> = (0..replicates)
            .map(|_| {
                let mut f = vec![1.0; self.stratum_of_psu.len()];
                let mut drawn = Vec::new();
                for (h, psus) in members.iter().enumerate() {
                    let n_h = psus.len();
                    if n_h < 2 {
                        continue;
                    }
                    drawn.clear();
                    drawn.resize(n_h, 0u32);
                    for _ in 0..n_h - 1 {
                        drawn[below(&mut rng, n_h as u64) as usize] += 1;
                    }
                    let lambda = self.fpc_factor[h].sqrt();
                    let up = n_h as f64 / (n_h - 1) as f64;
                    for (&k, &r) in psus.iter().zip(&drawn) {
                        f[k] = 1.0 - lambda + lambda * up * f64::from(r);
                    }
                }
                f
            })
            .collect();
        let scale = 1.0 / (replicates - 1) as f64;
        Ok(self.replicate_design(factors, scale, vec![1.0; replicates]))
    }

    fn replicate_design(
        &self,
        factors: Vec<Vec<f64>>,
        scale: f64,
        rscales: Vec<f64>,
    ) -> ReplicateDesign {
        ReplicateDesign {
            weights: self.weights.clone(),
            replicates: Replicates::PsuFactors {
                psu_of_row: self.psu_of_row.clone(),
                factors,
            },
            scale,
            rscales,
            mse: false,
            df: self.df(),
        }
    }
}

/// A uniform integer in 0..n by rejection (no modulo bias), from raw
/// 64-bit draws only, so replicates do not depend on a `rand` release's
/// distribution code.
fn below(rng: &mut Pcg64, n: u64) -> u64 {
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % n;
        }
    }
}
