//! Bootstrap and jackknife resampling of any statistic of the items'
//! moments.
//!
//! Resample b draws n rows with replacement from its own random stream:
//! PCG-64 with the state from the seed and the stream number b, so a
//! resample's rows depend only on (seed, b) — the results are the same for
//! any number of threads. A resample's moments come from the counts of
//! its rows (no copy of the data). The jackknife leaves each row out in
//! turn, its moments by downdating the full sample's centred cross
//! products.

use nalgebra::DMatrix;
use rand::Rng as _;
use rand_pcg::Pcg64;

use crate::sample::{Moments, Sample};

/// What a statistic made of one resample.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The statistics.
    Estimated(Vec<f64>),
    /// The estimation failed (no convergence, a singular block).
    Failed,
    /// Estimated but inadmissible (e.g. a consistent-PLS loading above 1
    /// or a non-positive-definite construct correlation matrix).
    Inadmissible,
}

/// The resamples' statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    /// Resamples asked for.
    pub requested: usize,
    /// The admissible resamples' statistics, in resample order.
    pub values: Vec<Vec<f64>>,
    /// Resamples whose estimation failed.
    pub failed: usize,
    /// Resamples left out as inadmissible.
    pub inadmissible: usize,
}

impl Draws {
    /// Statistic k over the admissible resamples.
    pub fn column(&self, k: usize) -> Vec<f64> {
        self.values.iter().map(|v| v[k]).collect()
    }
}

/// Row counts of resample `b`: n draws with replacement.
pub fn resample_counts(n: usize, seed: u64, b: usize) -> Vec<u32> {
    counts_of_draws(n, n, seed, b as u128, |x| x)
}

/// Row counts (over `n_raw` rows) of an inner resample: `rows.len()` draws
/// with replacement from `rows` (an outer resample's rows), from stream
/// `stream` of the seed (the double bootstrap's second level).
pub fn inner_counts(rows: &[usize], n_raw: usize, seed: u64, stream: u128) -> Vec<u32> {
    counts_of_draws(
        n_raw,
        rows.len(),
        seed ^ 0x6a09_e667_f3bc_c908,
        stream,
        |x| rows[x],
    )
}

/// `draws` uniform draws of 0..draws from the stream, mapped by `row` to
/// one of `n` rows, as counts.
fn counts_of_draws(
    n: usize,
    draws: usize,
    seed: u64,
    stream: u128,
    row: impl Fn(usize) -> usize,
) -> Vec<u32> {
    // The seed spread over the 128-bit state (SplitMix64 of the seed, twice).
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let state = (u128::from(mix(seed)) << 64) | u128::from(mix(seed ^ 0xa5a5_a5a5_a5a5_a5a5));
    let mut rng = Pcg64::new(state, stream);
    let mut counts = vec![0u32; n];
    let bound = draws as u64;
    let zone = u64::MAX - u64::MAX % bound;
    for _ in 0..draws {
        // Rejection sampling: no modulo bias, raw 64-bit draws only.
        let x = loop {
            let x = rng.next_u64();
            if x < zone {
                break x % bound;
            }
        };
        counts[row(x as usize)] += 1;
    }
    counts
}

/// `resamples` bootstrap resamples of `statistic` over `n` rows, on
/// `threads` threads: `statistic` gets each resample's number and row
/// counts;
/// `progress(done)` is called as resamples finish (from any thread).
pub fn bootstrap<F>(
    n: usize,
    resamples: usize,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    statistic: F,
) -> Draws
where
    F: Fn(usize, &[u32]) -> Outcome + Sync,
{
    let all = crate::parallel::indexed_map(resamples, threads, progress, |b| {
        statistic(b, &resample_counts(n, seed, b))
    });
    let mut draws = Draws {
        requested: resamples,
        values: Vec::with_capacity(resamples),
        failed: 0,
        inadmissible: 0,
    };
    for o in all {
        match o {
            Outcome::Estimated(v) => draws.values.push(v),
            Outcome::Failed => draws.failed += 1,
            Outcome::Inadmissible => draws.inadmissible += 1,
        }
    }
    draws
}

/// The statistic of the rows' counts with each row left out in turn
/// (counts 1, and 0 for the row left out): for statistics that need the
/// rows, not only the moments.
pub fn jackknife_counts<F>(n: usize, statistic: F) -> Vec<Option<Vec<f64>>>
where
    F: Fn(&[u32]) -> Outcome + Sync,
{
    let mut counts = vec![1u32; n];
    (0..n)
        .map(|i| {
            counts[i] = 0;
            let out = match statistic(&counts) {
                Outcome::Estimated(v) => Some(v),
                _ => None,
            };
            counts[i] = 1;
            out
        })
        .collect()
}

/// The statistic with each row left out in turn (`None` where it failed
/// or was inadmissible).
pub fn jackknife<F>(sample: &Sample, statistic: F) -> Vec<Option<Vec<f64>>>
where
    F: Fn(&Moments) -> Outcome + Sync,
{
    let full = sample.moments(None);
    let (n, p) = (sample.n(), sample.p());
    let nf = n as f64;
    // Centred cross products C = (n − 1) × covariance.
    let cross = DMatrix::from_fn(p, p, |a, b| {
        full.corr[(a, b)] * full.sds[a] * full.sds[b] * (nf - 1.0)
    });
    (0..n)
        .map(|i| {
            let x = sample.row(i);
            let d: Vec<f64> = x.iter().zip(&full.means).map(|(x, m)| x - m).collect();
            // Without row i: C − n/(n − 1) d d'; mean (n m − x)/(n − 1).
            let c = DMatrix::from_fn(p, p, |a, b| cross[(a, b)] - nf / (nf - 1.0) * d[a] * d[b]);
            let sds: Vec<f64> = (0..p).map(|a| (c[(a, a)] / (nf - 2.0)).sqrt()).collect();
            let corr = DMatrix::from_fn(p, p, |a, b| {
                if a == b {
                    1.0
                } else {
                    c[(a, b)] / (c[(a, a)] * c[(b, b)]).sqrt()
                }
            });
            let means = full
                .means
                .iter()
                .zip(x)
                .map(|(m, x)| (nf * m - x) / (nf - 1.0))
                .collect();
            let m = Moments {
                n: n - 1,
                means,
                sds,
                corr,
            };
            match statistic(&m) {
                Outcome::Estimated(v) => Some(v),
                _ => None,
            }
        })
        .collect()
}
