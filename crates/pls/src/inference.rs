//! Bootstrap inference for a whole model: which statistics are resampled
//! (paths, loadings, weights, R², HTMT, total effects and every specific
//! indirect effect), their standard errors, t values and intervals.

use nalgebra::DMatrix;

use crate::bootstrap::{Draws, Outcome, bootstrap, inner_counts, jackknife, jackknife_counts};
use crate::estimate::{Fit, Settings, estimate};
use crate::interval;
use crate::model::Model;
use crate::pipeline::Pipeline;
use crate::quality;
use crate::sample::{Moments, Sample};

/// One resampled statistic.
#[derive(Debug, Clone, PartialEq)]
pub enum Statistic {
    /// The path coefficient from → to.
    Path(usize, usize),
    /// The loading of an item (column) on a construct.
    Loading(usize, usize),
    /// The outer weight of an item on a construct.
    Weight(usize, usize),
    /// R² of an endogenous construct.
    RSquared(usize),
    /// HTMT of two constructs (i < j).
    Htmt(usize, usize),
    /// The total effect from → to (constructs joined by a directed route).
    Total(usize, usize),
    /// A specific indirect effect: the product of the paths along a chain
    /// of three or more constructs.
    Indirect(Vec<usize>),
}

/// Every statistic of `model`, in a fixed order.
pub fn statistics(model: &Model) -> Vec<Statistic> {
    let m = model.constructs().len();
    let mut out: Vec<Statistic> = model
        .paths()
        .iter()
        .map(|&(a, b)| Statistic::Path(a, b))
        .collect();
    for (j, c) in model.constructs().iter().enumerate() {
        out.extend(c.items.iter().map(|&i| Statistic::Loading(i, j)));
    }
    for (j, c) in model.constructs().iter().enumerate() {
        out.extend(c.items.iter().map(|&i| Statistic::Weight(i, j)));
    }
    out.extend(model.endogenous().into_iter().map(Statistic::RSquared));
    for i in 0..m {
        for j in i + 1..m {
            out.push(Statistic::Htmt(i, j));
        }
    }
    let chains = chains(model);
    let total = quality::total_effects(&model_paths(model));
    for i in 0..m {
        for j in 0..m {
            if total[(i, j)] != 0.0 {
                out.push(Statistic::Total(i, j));
            }
        }
    }
    out.extend(
        chains
            .into_iter()
            .filter(|c| c.len() >= 3)
            .map(Statistic::Indirect),
    );
    out
}

/// At most this many routes are listed (shorter routes first).
pub const MAX_ROUTES: usize = 1000;

/// Every directed route of two or more constructs, by length; a dense
/// model's routes grow exponentially with its size, so lengths are added
/// while the list stays within [`MAX_ROUTES`] (every route's total effect
/// is still bootstrapped).
pub fn chains(model: &Model) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut frontier: Vec<Vec<usize>> = (0..model.constructs().len()).map(|j| vec![j]).collect();
    loop {
        let mut next = Vec::new();
        for route in &frontier {
            for s in model.successors(route[route.len() - 1]) {
                let mut r = route.clone();
                r.push(s);
                next.push(r);
            }
        }
        if next.is_empty() || out.len() + next.len() > MAX_ROUTES {
            break;
        }
        out.extend(next.iter().cloned());
        frontier = next;
    }
    out.sort();
    out
}

/// The path matrix with 1 on every path: its total "effects" are the
/// number of routes between constructs.
fn model_paths(model: &Model) -> DMatrix<f64> {
    let m = model.constructs().len();
    let mut b = DMatrix::zeros(m, m);
    for &(a, c) in model.paths() {
        b[(a, c)] = 1.0;
    }
    b
}

/// The value of each statistic from an estimation.
pub fn values(model: &Model, s: &DMatrix<f64>, fit: &Fit, stats: &[Statistic]) -> Vec<f64> {
    let htmt = stats
        .iter()
        .any(|x| matches!(x, Statistic::Htmt(..)))
        .then(|| quality::htmt(model, s, false));
    let total = stats
        .iter()
        .any(|x| matches!(x, Statistic::Total(..)))
        .then(|| quality::total_effects(&fit.paths));
    stats
        .iter()
        .map(|st| match st {
            Statistic::Path(a, b) => fit.paths[(*a, *b)],
            Statistic::Loading(i, j) => fit.item_score[(*i, *j)],
            Statistic::Weight(i, j) => fit.weights[(*i, *j)],
            Statistic::RSquared(j) => fit.r_squared[*j].unwrap_or(f64::NAN),
            Statistic::Htmt(i, j) => htmt.as_ref().map_or(f64::NAN, |h| h[(*i, *j)]),
            Statistic::Total(i, j) => total.as_ref().map_or(f64::NAN, |t| t[(*i, *j)]),
            Statistic::Indirect(c) => quality::chain_effect(&fit.paths, c),
        })
        .collect()
}

/// How to resample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resampling {
    /// Resamples.
    pub resamples: usize,
    /// Seed: resample b uses stream b of this seed.
    pub seed: u64,
    /// Threads (the results do not depend on it).
    pub threads: usize,
    /// Also the leave-one-out estimates, for BCa intervals.
    pub bca: bool,
    /// Inner resamples per resample for studentized (bootstrap-t)
    /// intervals (a double bootstrap; `None`: none).
    pub studentized: Option<usize>,
    /// Confidence level.
    pub level: f64,
}

/// A statistic's bootstrap summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The full-sample estimate.
    pub estimate: f64,
    /// The resamples' mean.
    pub mean: f64,
    /// The resamples' SD (the bootstrap SE).
    pub sd: f64,
    /// estimate / SD.
    pub t: f64,
    /// Two-sided p-value of t on B − 1 df.
    pub p: f64,
    /// Percentile interval.
    pub percentile: (f64, f64),
    /// Estimate ± t × SD.
    pub t_interval: (f64, f64),
    /// BCa interval, when the jackknife was run.
    pub bca: Option<(f64, f64)>,
    /// Studentized (bootstrap-t) interval, when the double bootstrap was
    /// run.
    pub studentized: Option<(f64, f64)>,
}

/// The bootstrap of a model.
#[derive(Debug, Clone)]
pub struct Inference {
    /// The statistics, in order.
    pub statistics: Vec<Statistic>,
    /// Their summaries.
    pub summaries: Vec<Summary>,
    /// The draws (admissible resamples).
    pub draws: Draws,
}

/// One estimation's statistics, or why there are none.
fn outcome(model: &Model, settings: &Settings, stats: &[Statistic], s: &DMatrix<f64>) -> Outcome {
    match estimate(model, s, settings) {
        Ok(fit) if settings.consistent && fit.inadmissible(model).is_some() => {
            Outcome::Inadmissible
        }
        Ok(fit) => Outcome::Estimated(values(model, s, &fit, stats)),
        Err(crate::estimate::EstimateError::Inadmissible(..)) => Outcome::Inadmissible,
        Err(_) => Outcome::Failed,
    }
}

/// The rows a resample draws, each as often as its count.
fn drawn(counts: &[u32]) -> Vec<usize> {
    counts
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i, c as usize))
        .collect()
}

/// Bootstraps every statistic of the pipeline's model on the raw sample
/// (derived columns rebuilt in each resample); `fit` is the full-sample
/// fit; `progress(done)` as resamples finish.
pub fn infer(
    pipeline: &Pipeline,
    raw: &Sample,
    settings: &Settings,
    fit: &Fit,
    resampling: &Resampling,
    progress: &(dyn Fn(usize) + Sync),
) -> Inference {
    let model = &pipeline.model;
    let stats = statistics(model);
    let prepared = pipeline.prepare(raw, settings).map(|p| p.0);
    let full = match &prepared {
        Ok(p) => values(model, &p.moments(None).corr, fit, &stats),
        Err(_) => vec![f64::NAN; stats.len()],
    };
    let plain = pipeline.is_plain();
    let stat = |counts: &[u32]| {
        if plain {
            outcome(model, settings, &stats, &raw.moments(Some(counts)).corr)
        } else {
            match pipeline.prepare(&raw.subset(&drawn(counts)), settings) {
                Ok((s, _)) => outcome(model, settings, &stats, &s.moments(None).corr),
                Err(_) => Outcome::Failed,
            }
        }
    };
    let k_stats = stats.len();
    // With the double bootstrap, each resample's statistics are followed
    // by their SDs over its inner resamples (streams after the outer ones).
    let outer = |b: usize, counts: &[u32]| {
        let o = stat(counts);
        let (Some(r2), Outcome::Estimated(mut v)) = (resampling.studentized, o.clone()) else {
            return o;
        };
        let rows = drawn(counts);
        let inner: Vec<Vec<f64>> = (0..r2)
            .filter_map(|r| {
                let stream = (resampling.resamples + b * r2 + r) as u128;
                match stat(&inner_counts(&rows, raw.n(), resampling.seed, stream)) {
                    Outcome::Estimated(x) => Some(x),
                    _ => None,
                }
            })
            .collect();
        for k in 0..k_stats {
            let col: Vec<f64> = inner.iter().map(|x| x[k]).collect();
            v.push(if col.len() > 1 {
                interval::mean_sd(&col).1
            } else {
                f64::NAN
            });
        }
        Outcome::Estimated(v)
    };
    let draws = bootstrap(
        raw.n(),
        resampling.resamples,
        resampling.seed,
        resampling.threads,
        progress,
        outer,
    );
    let jack: Option<Vec<Vec<f64>>> = resampling.bca.then(|| {
        let j = if plain {
            jackknife(raw, |m: &Moments| outcome(model, settings, &stats, &m.corr))
        } else {
            jackknife_counts(raw.n(), stat)
        };
        j.into_iter().flatten().collect()
    });
    let b = draws.values.len();
    let summaries = (0..stats.len())
        .map(|k| {
            let col = draws.column(k);
            let (mean, sd) = interval::mean_sd(&col);
            let estimate = full[k];
            let t = estimate / sd;
            let p = statrs::distribution::StudentsT::new(0.0, 1.0, (b.max(2) - 1) as f64)
                .map_or(f64::NAN, |d| {
                    2.0 * (1.0 - statrs::distribution::ContinuousCDF::cdf(&d, t.abs()))
                });
            Summary {
                estimate,
                mean,
                sd,
                t,
                p,
                percentile: interval::percentile(&col, resampling.level),
                t_interval: interval::t_interval(estimate, sd, b, resampling.level),
                bca: jack.as_ref().map(|j| {
                    let jk: Vec<f64> = j.iter().map(|v| v[k]).collect();
                    interval::bca(estimate, &col, &jk, resampling.level)
                }),
                studentized: resampling.studentized.map(|_| {
                    let sds = draws.column(k_stats + k);
                    interval::studentized(estimate, sd, &col, &sds, resampling.level)
                }),
            }
        })
        .collect();
    Inference {
        statistics: stats,
        summaries,
        draws,
    }
}
