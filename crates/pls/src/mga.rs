//! Multigroup analysis by permutation (Chin and Dibbern 2010; the
//! approach of cSEM's `testMGD` and SmartPLS): for each path, the
//! difference of the two groups' coefficients, against its distribution
//! when the respondents' group labels are permuted (group sizes kept).
//!
//! Permutation r shuffles the pooled rows with its own random stream
//! (PCG-64, stream r of the seed) and gives the first n_a to group a: the
//! results are the same for any number of threads. Two-sided p-value:
//! (1 + #{|d_r| ≥ |d|}) / (1 + R) over the admissible permutations
//! (Phipson and Smyth 2010: never 0; cSEM reports #{|d_r| > |d|}/R).
//! Permutations where a group's estimation fails are left out and
//! counted.

use std::sync::atomic::{AtomicUsize, Ordering};

use rand::Rng as _;
use rand_pcg::Pcg64;

use crate::estimate::{EstimateError, Fit, Settings};
use crate::model::Model;
use crate::pipeline::Pipeline;
use crate::sample::Sample;

/// One path's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct PathDifference {
    /// (from, to).
    pub path: (usize, usize),
    /// Group a's coefficient.
    pub a: f64,
    /// Group b's coefficient.
    pub b: f64,
    /// a − b.
    pub difference: f64,
    /// Two-sided permutation p-value.
    pub p: f64,
}

/// The comparison of two groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Multigroup {
    /// Each path.
    pub paths: Vec<PathDifference>,
    /// Permutations asked for.
    pub permutations: usize,
    /// Permutations left out (a group's estimation failed).
    pub failed: usize,
}

/// The paths' coefficients of a fit, in the model's path order.
fn coefficients(model: &Model, fit: &Fit) -> Vec<f64> {
    model
        .paths()
        .iter()
        .map(|&(a, b)| fit.paths[(a, b)])
        .collect()
}

/// The rows of the pooled sample in permutation r's order.
fn permuted(n: usize, seed: u64, r: usize) -> Vec<usize> {
    let mut rng = Pcg64::new(u128::from(seed) << 64 | 0x2545_f491_4f6c_dd1d, r as u128);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let bound = (i + 1) as u64;
        let zone = u64::MAX - u64::MAX % bound;
        let j = loop {
            let x = rng.next_u64();
            if x < zone {
                break (x % bound) as usize;
            }
        };
        order.swap(i, j);
    }
    order
}

/// How to permute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permutations {
    /// Permutations.
    pub count: usize,
    /// Seed: permutation r uses stream r.
    pub seed: u64,
    /// Threads (the results do not depend on it).
    pub threads: usize,
}

/// Compares the paths of groups `a` and `b` (their rows of `sample`);
/// `progress(done)` as permutations finish.
pub fn compare(
    pipeline: &Pipeline,
    sample: &Sample,
    (a, b): (&[usize], &[usize]),
    settings: &Settings,
    perms: &Permutations,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Multigroup, EstimateError> {
    let (permutations, seed) = (perms.count, perms.seed);
    let model = &pipeline.model;
    let fit_of = |rows: &[usize]| {
        pipeline
            .fit(&sample.subset(rows), settings)
            .map(|(_, f)| coefficients(model, &f))
    };
    let (ca, cb) = (fit_of(a)?, fit_of(b)?);
    let observed: Vec<f64> = ca.iter().zip(&cb).map(|(x, y)| x - y).collect();
    let pooled: Vec<usize> = a.iter().chain(b).copied().collect();
    let na = a.len();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let r = next.fetch_add(1, Ordering::Relaxed);
            if r >= permutations {
                return out;
            }
            let order = permuted(pooled.len(), seed, r);
            let rows: Vec<usize> = order.iter().map(|&k| pooled[k]).collect();
            let d = match (fit_of(&rows[..na]), fit_of(&rows[na..])) {
                (Ok(x), Ok(y)) => Some(x.iter().zip(&y).map(|(p, q)| p - q).collect::<Vec<f64>>()),
                _ => None,
            };
            out.push((r, d));
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        }
    };
    let threads = perms.threads.clamp(1, permutations.max(1));
    let mut all: Vec<(usize, Option<Vec<f64>>)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a permutation thread panicked"))
                .collect()
        })
    };
    all.sort_by_key(|(r, _)| *r);
    let ok: Vec<&Vec<f64>> = all.iter().filter_map(|(_, d)| d.as_ref()).collect();
    let paths = model
        .paths()
        .iter()
        .enumerate()
        .map(|(k, &path)| {
            let d = observed[k].abs();
            let beyond = ok.iter().filter(|v| v[k].abs() >= d).count();
            PathDifference {
                path,
                a: ca[k],
                b: cb[k],
                difference: observed[k],
                p: (1 + beyond) as f64 / (1 + ok.len()) as f64,
            }
        })
        .collect();
    Ok(Multigroup {
        paths,
        permutations,
        failed: all.len() - ok.len(),
    })
}
