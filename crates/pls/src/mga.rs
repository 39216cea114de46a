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

/// The salt of the permutations' shuffles.
const PERMUTATION_SALT: u64 = 0x2545_f491_4f6c_dd1d;

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
    let all: Vec<Option<Vec<f64>>> =
        crate::parallel::indexed_map(permutations, perms.threads, progress, |r| {
            let order = crate::parallel::shuffle(pooled.len(), seed, PERMUTATION_SALT, r);
            let rows: Vec<usize> = order.iter().map(|&k| pooled[k]).collect();
            match (fit_of(&rows[..na]), fit_of(&rows[na..])) {
                (Ok(x), Ok(y)) => Some(x.iter().zip(&y).map(|(p, q)| p - q).collect()),
                _ => None,
            }
        });
    let ok: Vec<&Vec<f64>> = all.iter().filter_map(Option::as_ref).collect();
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
