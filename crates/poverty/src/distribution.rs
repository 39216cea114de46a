//! A welfare distribution sorted once, and every point measure computed
//! from it with any set of weights (the full sample's or a replicate's).
//!
//! Conventions (`docs/methods/poverty.md`): poor means y < z (strict);
//! weighted Gini = Σ_ij w_i w_j |y_i − y_j| / (2 W² μ) (population form);
//! quantiles are the inverse of the weighted CDF (the smallest y whose
//! cumulative weight share reaches p); income shares split the unit at a
//! boundary fractionally. Weights are non-negative (as a design's are).
//!
//! How it is fast on 10^7 rows (`docs/performance.md`):
//!
//! - The sort is a radix sort of the values' order-preserving bit
//!   patterns. One pass splits the rows by the top bits of their values
//!   into at most 256 buckets of similar size, each a contiguous run of
//!   the order; each bucket, small enough for the cache, is then sorted on
//!   the remaining bits (LSD, 8 bits a pass, skipping bits its keys share),
//!   the buckets split between the cores. Ties keep row order. Small
//!   inputs take a comparison sort.
//! - The sorted values are kept, and the buckets turn a permutation
//!   between row order and ascending order (the weights gathered into
//!   ascending order for the Gini; its influence values scattered back)
//!   into two streaming passes instead of 10^7 random accesses.
//! - Every order-free sum (totals, FGT, Watts, GE, Atkinson) runs over the
//!   rows in their own order, several totals in one pass, in fixed blocks
//!   whose partial sums are added in block order (so the result does not
//!   depend on the number of threads), split between the cores.
//! - ln y, which GE(0), GE(1) and Atkinson(1) need, is computed once, on
//!   first use, and kept.

use std::sync::OnceLock;

mod ranked;

/// `$body` with `$g` the FGT term y ↦ [y < z] ((z − y)/z)^α as a closure
/// of its own for α = 0, 1 and 2 (selects, not branches, in the passes;
/// the same values as [`fgt_term`]).
macro_rules! with_fgt_term {
    ($z:expr, $alpha:expr, |$g:ident| $body:expr) => {{
        let (z, alpha): (f64, f64) = ($z, $alpha);
        if alpha == 0.0 {
            let $g = move |y: f64| std::hint::select_unpredictable(y < z, 1.0, 0.0);
            $body
        } else if alpha == 1.0 {
            let $g = move |y: f64| std::hint::select_unpredictable(y < z, (z - y) / z, 0.0);
            $body
        } else if alpha == 2.0 {
            let $g = move |y: f64| {
                let x = (z - y) / z;
                std::hint::select_unpredictable(y < z, x * x, 0.0)
            };
            $body
        } else {
            let $g = move |y: f64| $crate::distribution::fgt_term(y, z, alpha);
            $body
        }
    }};
}
pub(crate) use with_fgt_term;

/// Welfare values of the rows that count (a domain, values present), in
/// ascending order.
#[derive(Debug, Clone)]
pub struct Distribution<'a> {
    y: &'a [f64],
    /// Whether each row counts.
    used: Vec<bool>,
    /// The rows that count in ascending row order; `None` when every row
    /// counts.
    members: Option<Vec<u32>>,
    /// Rows that count, by ascending y (ties in row order).
    order: Vec<u32>,
    /// Their values: `sorted[k] = y[order[k]]`.
    sorted: Vec<f64>,
    /// The radix sort's buckets (`None` after a comparison sort).
    buckets: Option<Buckets>,
    /// ln y of the rows that count, in row order, made on first use.
    ln: OnceLock<Vec<f64>>,
}

/// How the radix sort split the rows that count: by the top bits of
/// their values into at most 256 buckets, each a contiguous run of the
/// order.
#[derive(Debug, Clone)]
struct Buckets {
    /// Each row's bucket (rows that count, in row order).
    of: Vec<u8>,
    /// Where each bucket starts in the order, then the end.
    start: Vec<usize>,
    /// For each place k of the order: the rank of row `order[k]` among
    /// its bucket's rows in row order.
    local: Vec<u32>,
}

/// Rows per block of a summing pass: partial sums are kept per block and
/// added in block order.
const BLOCK: usize = 1 << 14;

/// Below this many rows a pass runs on one thread.
const PARALLEL_MIN: usize = 1 << 18;

/// Below this many rows the sort is a comparison sort.
const RADIX_MIN: usize = 1 << 14;

/// Bits of the first radix pass (its digits are merged into ≤ 256
/// buckets).
const TOP_BITS: u32 = 11;

impl<'a> Distribution<'a> {
    /// The rows of `y` with `Some` value and in `domain` (all when `None`).
    /// Non-finite values are left out.
    pub fn new(y: &'a [f64], domain: Option<&[bool]>) -> Self {
        let used: Vec<bool> = (0..y.len())
            .map(|i| y[i].is_finite() && domain.is_none_or(|d| d[i]))
            .collect();
        let members: Option<Vec<u32>> = if used.iter().all(|u| *u) {
            None
        } else {
            Some((0..y.len() as u32).filter(|&i| used[i as usize]).collect())
        };
        let (order, sorted, buckets) = sort_rows(y, members.as_deref());
        Self {
            y,
            used,
            members,
            order,
            sorted,
            buckets,
            ln: OnceLock::new(),
        }
    }

    /// The rows that count.
    pub fn used(&self) -> &[bool] {
        &self.used
    }

    /// True when every row counts (no domain, no missing value).
    pub fn all_used(&self) -> bool {
        self.members.is_none()
    }

    /// The values.
    pub fn values(&self) -> &[f64] {
        self.y
    }

    /// Number of rows that count.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when no row counts.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The row of the `k`-th row that counts (in row order).
    #[inline]
    fn row(&self, k: usize) -> usize {
        match &self.members {
            None => k,
            Some(m) => m[k] as usize,
        }
    }

    /// ln y of the rows that count, in row order (computed once).
    pub(crate) fn ln_y(&self) -> &[f64] {
        self.ln.get_or_init(|| {
            let mut out = vec![0.0; self.len()];
            for_each_chunk(&mut out, |start, chunk| {
                for (j, v) in chunk.iter_mut().enumerate() {
                    *v = self.y[self.row(start + j)].ln();
                }
            });
            out
        })
    }

    /// (Σ w, [Σ w·f_j]) over the rows that count, in one pass; `f(k, y)`
    /// gets the place k of the row among those that count in row order
    /// (the index into [`Distribution::ln_y`]) and its value.
    pub(crate) fn weighted_sums<const K: usize>(
        &self,
        w: &[f64],
        f: impl Fn(usize, f64) -> [f64; K] + Sync,
    ) -> (f64, [f64; K]) {
        let partial = |range: std::ops::Range<usize>| {
            let (mut sw, mut s) = (0.0, [0.0; K]);
            for k in range {
                let i = self.row(k);
                let wi = w[i];
                sw += wi;
                let v = f(k, self.y[i]);
                for (a, b) in s.iter_mut().zip(v) {
                    *a += wi * b;
                }
            }
            (sw, s)
        };
        block_sums(self.len(), partial).into_iter().fold(
            (0.0, [0.0; K]),
            |(sw, mut s), (bw, bs)| {
                for (a, b) in s.iter_mut().zip(bs) {
                    *a += b;
                }
                (sw + bw, s)
            },
        )
    }

    /// Writes `f(k, y)` into `out` (one entry per row) on the rows that
    /// count (k as in [`Distribution::weighted_sums`]) and 0 elsewhere.
    pub(crate) fn fill(&self, out: &mut [f64], f: impl Fn(usize, f64) -> f64 + Sync) {
        match &self.members {
            None => for_each_chunk(out, |start, chunk| {
                for (j, v) in chunk.iter_mut().enumerate() {
                    *v = f(start + j, self.y[start + j]);
                }
            }),
            Some(_) => {
                let mut k = 0;
                fill_rows(out, self.members.as_deref(), || {
                    let v = f(k, self.y[self.row(k)]);
                    k += 1;
                    v
                });
            }
        }
    }

    /// (W, Y) = (Σ w, Σ w·y) over the rows that count.
    pub fn totals(&self, w: &[f64]) -> (f64, f64) {
        let (sw, [sy]) = self.weighted_sums(w, |_, y| [y]);
        (sw, sy)
    }

    /// Σ w·g(y) / Σ w over the rows that count.
    pub fn mean_of(&self, w: &[f64], g: impl Fn(f64) -> f64 + Sync) -> f64 {
        let (sw, [s]) = self.weighted_sums(w, |_, y| [g(y)]);
        s / sw
    }

    /// FGT(α) = Σ w [y < z] ((z − y)/z)^α / Σ w (Foster, Greer and
    /// Thorbecke 1984); α = 0 is the headcount ratio.
    pub fn fgt(&self, w: &[f64], z: f64, alpha: f64) -> f64 {
        with_fgt_term!(z, alpha, |g| self.mean_of(w, g))
    }

    /// Watts = Σ w [y < z] ln(z/y) / Σ w (Watts 1968), ln(z/y) taken as
    /// ln z − ln y; infinite when a poor value is 0 (NaN when negative).
    pub fn watts(&self, w: &[f64], z: f64) -> f64 {
        let (ln, ln_z) = (self.ln_y(), z.ln());
        let (sw, [s]) = self.weighted_sums(w, |k, y| [watts_term(y, z, ln_z, ln[k])]);
        s / sw
    }

    /// The weights of the rows that count in ascending order of y.
    pub(crate) fn sorted_weights(&self, w: &[f64]) -> Vec<f64> {
        let Some(b) = &self.buckets else {
            return self.order.iter().map(|&i| w[i as usize]).collect();
        };
        // Each row's weight to its bucket's run (rows in row order), then
        // within each bucket (in cache) to its place.
        let mut out = zeroed(self.len());
        let mut cursor = b.start[..b.start.len() - 1].to_vec();
        for (k, &bk) in b.of.iter().enumerate() {
            let c = &mut cursor[bk as usize];
            out[*c] = w[self.row(k)];
            *c += 1;
        }
        b.within_buckets(&mut out, |local, run, scratch| {
            scratch.clear();
            scratch.extend_from_slice(run);
            for (v, &l) in run.iter_mut().zip(local) {
                *v = scratch[l as usize];
            }
        });
        out
    }

    /// Writes `v` (one value per place of the order, consumed) into `out`
    /// (one entry per row) at each place's row, and 0 on the rows that do
    /// not count.
    pub(crate) fn scatter_sorted(&self, mut v: Vec<f64>, out: &mut [f64]) {
        let Some(b) = &self.buckets else {
            out.fill(0.0);
            for (&i, x) in self.order.iter().zip(v) {
                out[i as usize] = x;
            }
            return;
        };
        // Within each bucket back to row order, then each bucket's run
        // read in step with the rows.
        b.within_buckets(&mut v, |local, run, scratch| {
            scratch.clear();
            scratch.extend_from_slice(run);
            for (&x, &l) in scratch.iter().zip(local) {
                run[l as usize] = x;
            }
        });
        let mut cursor = b.start[..b.start.len() - 1].to_vec();
        let mut k = 0;
        fill_rows(out, self.members.as_deref(), || {
            let c = &mut cursor[b.of[k] as usize];
            k += 1;
            *c += 1;
            v[*c - 1]
        });
    }

    /// The first place k of the order where the cumulative weight
    /// (through k) reaches `target`, with the sums (Σ w, Σ w·y) before it;
    /// `None` when it never does.
    fn first_reaching(&self, w: &[f64], target: f64) -> Option<(usize, f64, f64)> {
        let (mut cw, mut cy) = (0.0, 0.0);
        let mut from = 0;
        if let Some(b) = &self.buckets {
            // Whole buckets first, from their sums.
            let n_b = b.start.len() - 1;
            let sums = block_sums(self.len(), |range| {
                let mut s = vec![(0.0, 0.0); n_b];
                for k in range {
                    let i = self.row(k);
                    let e = &mut s[b.of[k] as usize];
                    e.0 += w[i];
                    e.1 += w[i] * self.y[i];
                }
                s
            })
            .into_iter()
            .fold(vec![(0.0, 0.0); n_b], |mut acc, s| {
                for (a, x) in acc.iter_mut().zip(s) {
                    a.0 += x.0;
                    a.1 += x.1;
                }
                acc
            });
            for (bk, &(sw, sy)) in sums.iter().enumerate() {
                if cw + sw >= target {
                    break;
                }
                cw += sw;
                cy += sy;
                from = b.start[bk + 1];
            }
        }
        for k in from..self.len() {
            let wi = w[self.order[k] as usize];
            if cw + wi >= target {
                return Some((k, cw, cy));
            }
            cw += wi;
            cy += wi * self.sorted[k];
        }
        None
    }

    /// Weighted Gini, population form Σ_ij w_i w_j |y_i − y_j| / (2 W² μ),
    /// from the Lorenz curve: 1 − Σ_k p_k (L_k + L_{k−1}).
    pub fn gini(&self, w: &[f64]) -> f64 {
        let (sw, sy) = self.totals(w);
        gini_lorenz(
            sw,
            sy,
            self.sorted_weights(w)
                .into_iter()
                .zip(self.sorted.iter().copied()),
        )
    }

    /// The rows that count with y < z: a prefix of the order.
    fn n_poor(&self, z: f64) -> usize {
        self.sorted.partition_point(|&y| y < z)
    }

    /// The Gini among the rows with y < z.
    pub fn gini_of_poor(&self, w: &[f64], z: f64) -> f64 {
        let n = self.n_poor(z);
        gini_sorted(
            self.order[..n]
                .iter()
                .zip(&self.sorted[..n])
                .map(|(&i, &y)| (w[i as usize], y)),
        )
    }

    /// Sen's index H [I + (1 − I) G_p], I = (z − μ_p)/z the income-gap
    /// ratio of the poor and G_p the Gini among the poor (Sen 1976).
    pub fn sen(&self, w: &[f64], z: f64) -> f64 {
        self.sen_with_influence(w, z, None)
    }

    /// Sen–Shorrocks–Thon: FGT(1) (1 + G(x)), G(x) the Gini of the
    /// poverty-gap ratios x = max(0, (z − y)/z) over everyone (Shorrocks
    /// 1995).
    pub fn sst(&self, w: &[f64], z: f64) -> f64 {
        self.sst_with_influence(w, z, None)
    }

    /// Generalised entropy GE(θ) (Shorrocks 1980): θ = 0 the mean log
    /// deviation ln μ − mean(ln y), θ = 1 Theil's T mean(y ln y)/μ − ln μ,
    /// else (mean((y/μ)^θ) − 1)/(θ(θ − 1)).
    pub fn generalised_entropy(&self, w: &[f64], theta: f64) -> f64 {
        if theta == 0.0 {
            let ln = self.ln_y();
            let (sw, [sy, l]) = self.weighted_sums(w, |k, y| [y, ln[k]]);
            (sy / sw).ln() - l / sw
        } else if theta == 1.0 {
            let ln = self.ln_y();
            let (sw, [sy, s]) = self.weighted_sums(w, |k, y| [y, y_ln_y(y, ln[k])]);
            s / sy - (sy / sw).ln()
        } else {
            let c = 1.0 / self.power_scale(theta);
            let (sw, [sy, t]) = self.weighted_sums(w, |_, y| [y, power(y * c, theta)]);
            (t / sw / power(sy / sw * c, theta) - 1.0) / (theta * (theta - 1.0))
        }
    }

    /// A scale for y^θ that keeps Σ w (y/scale)^θ finite: the largest |y|
    /// for θ > 0, the smallest y for θ < 0 (1 when it is not positive).
    pub(crate) fn power_scale(&self, theta: f64) -> f64 {
        let (Some(&lo), Some(&hi)) = (self.sorted.first(), self.sorted.last()) else {
            return 1.0;
        };
        let s = if theta > 0.0 {
            lo.abs().max(hi.abs())
        } else {
            lo
        };
        if s > 0.0 && s.is_finite() { s } else { 1.0 }
    }

    /// Atkinson's index 1 − ξ_ε/μ, ξ the equally distributed equivalent:
    /// (mean y^(1−ε))^(1/(1−ε)), and for ε = 1 the geometric mean
    /// exp(mean ln y) (Atkinson 1970).
    pub fn atkinson(&self, w: &[f64], eps: f64) -> f64 {
        let (sw, sy, ede) = if eps == 1.0 {
            let ln = self.ln_y();
            let (sw, [sy, l]) = self.weighted_sums(w, |k, y| [y, ln[k]]);
            (sw, sy, (l / sw).exp())
        } else {
            let e = 1.0 - eps;
            let (sw, [sy, t]) = self.weighted_sums(w, |_, y| [y, power(y, e)]);
            (sw, sy, (t / sw).powf(1.0 / e))
        };
        1.0 - ede / (sy / sw)
    }

    /// The weighted quantile: the smallest y whose cumulative weight share
    /// reaches p (the inverse of the weighted CDF).
    pub fn quantile(&self, w: &[f64], p: f64) -> f64 {
        let (sw, _) = self.totals(w);
        match self.first_reaching(w, p * sw * (1.0 - 1e-12)) {
            Some((k, _, _)) => self.sorted[k],
            None => self.sorted.last().copied().unwrap_or(f64::NAN),
        }
    }

    /// The Lorenz curve at population share p: the share of Σ w·y held by
    /// the poorest p of the weight, the unit at the boundary split
    /// fractionally.
    pub fn lorenz(&self, w: &[f64], p: f64) -> f64 {
        let (sw, sy) = self.totals(w);
        let target = p * sw;
        match self.first_reaching(w, target) {
            Some((k, cw, cy)) => (cy + (target - cw).max(0.0) * self.sorted[k]) / sy,
            None => 1.0,
        }
    }

    /// Share ratio: income share of the richest `top` ÷ the poorest
    /// `bottom` (Palma: top 0.1, bottom 0.4; S80/S20: 0.2 and 0.2).
    pub fn share_ratio(&self, w: &[f64], top: f64, bottom: f64) -> f64 {
        self.share_ratio_with_influence(w, top, bottom, None)
    }

    /// The Gini, and with `out` its influence values
    /// [Σ_j w_j |y_k − y_j| − G (Y + W y_k)] / (W Y) written into `out`
    /// (0 on the rows that do not count); the value is [`Distribution::gini`]'s.
    pub(crate) fn gini_with_influence(&self, w: &[f64], out: Option<&mut [f64]>) -> f64 {
        let (sw, sy) = self.totals(w);
        let mut ws = self.sorted_weights(w);
        let g = gini_lorenz(sw, sy, ws.iter().copied().zip(self.sorted.iter().copied()));
        let Some(out) = out else {
            return g;
        };
        gini_influence_in_place(&self.sorted, &mut ws, sw, sy, g);
        self.scatter_sorted(ws, out);
        g
    }
}

impl Buckets {
    /// `f(local, run, scratch)` on each bucket's run of `v` (a vector in
    /// order places) with the bucket's slice of `local`, the buckets split
    /// between threads.
    fn within_buckets(&self, v: &mut [f64], f: impl Fn(&[u32], &mut [f64], &mut Vec<f64>) + Sync) {
        let parts = bucket_parts(&self.start, threads_for(v.len()));
        let mut rest = v;
        let mut jobs = Vec::new();
        for w in parts.windows(2) {
            let (a, b) = (self.start[w[0]], self.start[w[1]]);
            let (head, tail) = rest.split_at_mut(b - a);
            rest = tail;
            jobs.push((w[0]..w[1], head, a));
        }
        let run = |(buckets, part, base): (std::ops::Range<usize>, &mut [f64], usize)| {
            let mut scratch = Vec::new();
            for bk in buckets {
                let (s, e) = (self.start[bk], self.start[bk + 1]);
                f(
                    &self.local[s..e],
                    &mut part[s - base..e - base],
                    &mut scratch,
                );
            }
        };
        if jobs.len() <= 1 {
            jobs.into_iter().for_each(run);
        } else {
            std::thread::scope(|s| {
                for job in jobs {
                    let run = &run;
                    s.spawn(move || run(job));
                }
            });
        }
    }
}

/// ((z − y)/z)^α for y < z, else 0 (0^0 = 1 for the poor).
pub(crate) fn fgt_term(y: f64, z: f64, alpha: f64) -> f64 {
    if y < z {
        power((z - y) / z, alpha)
    } else {
        0.0
    }
}

/// ln(z/y) = ln z − ln y for y < z, else 0 (given ln z and ln y).
pub(crate) fn watts_term(y: f64, z: f64, ln_z: f64, ln_y: f64) -> f64 {
    std::hint::select_unpredictable(y < z, ln_z - ln_y, 0.0)
}

/// y ln y (given ln y), 0 for y ≤ 0.
pub(crate) fn y_ln_y(y: f64, ln_y: f64) -> f64 {
    if y > 0.0 { y * ln_y } else { 0.0 }
}

/// x^e, with the common exponents as products, roots and quotients
/// (equal to `powf` within an ulp; x^0 = 1).
pub(crate) fn power(x: f64, e: f64) -> f64 {
    if e == 0.0 {
        1.0
    } else if e == 1.0 {
        x
    } else if e == 2.0 {
        x * x
    } else if e == 0.5 {
        x.sqrt()
    } else if e == -1.0 {
        1.0 / x
    } else {
        x.powf(e)
    }
}

/// The population-form Gini of (weight, value) pairs in ascending order
/// of value: 1 − Σ_k p_k (L_k + L_{k−1}).
fn gini_sorted(pairs: impl Iterator<Item = (f64, f64)> + Clone) -> f64 {
    let (sw, sy) = pairs
        .clone()
        .fold((0.0, 0.0), |(a, b), (w, y)| (a + w, b + w * y));
    gini_lorenz(sw, sy, pairs)
}

/// As [`gini_sorted`], with the totals (Σ w, Σ w·y) given: with C_k the
/// cumulative Σ w·y, 1 − Σ_k w_k (C_k + C_{k−1}) / (W Y).
fn gini_lorenz(sw: f64, sy: f64, pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    if sw.is_nan() || sw <= 0.0 || sy == 0.0 {
        return f64::NAN;
    }
    let (mut c_prev, mut area) = (0.0, 0.0);
    for (w, y) in pairs {
        let c = c_prev + w * y;
        area += w * (c + c_prev);
        c_prev = c;
    }
    1.0 - area / sw / sy
}

/// Replaces `ws` (the weights of values in ascending order) by each
/// value's Gini influence [Σ_j w_j |y_k − y_j| − G (Y + W y_k)] / (W Y),
/// from the totals (W, Y) and the Gini G; tied values share one.
pub(crate) fn gini_influence_in_place(sorted: &[f64], ws: &mut [f64], sw: f64, sy: f64, g: f64) {
    let (mut below_w, mut below_y) = (0.0, 0.0);
    let m = sorted.len();
    let mut k = 0;
    while k < m {
        let y = sorted[k];
        let mut end = k;
        let (mut tie_w, mut tie_y) = (0.0, 0.0);
        while end < m && sorted[end] == y {
            tie_w += ws[end];
            tie_y += ws[end] * y;
            end += 1;
        }
        let (above_w, above_y) = (sw - below_w - tie_w, sy - below_y - tie_y);
        // Σ_j w_j |y − y_j|.
        let a = y * below_w - below_y + (above_y - y * above_w);
        ws[k..end].fill((a - g * (sy + sw * y)) / (sw * sy));
        below_w += tie_w;
        below_y += tie_y;
        k = end;
    }
}

thread_local! {
    /// Set while [`serial`] runs: passes stay on the calling thread.
    static SERIAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with every pass of this module on the calling thread (for
/// callers that already keep the cores busy, one measure per thread).
pub(crate) fn serial<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the flag, also when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SERIAL.set(self.0);
        }
    }
    let _restore = Restore(SERIAL.replace(true));
    f()
}

/// The cores, for work on `n` rows that is worth splitting.
pub(crate) fn cores_for(n: usize) -> usize {
    if n < PARALLEL_MIN {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    }
}

/// Threads for a pass over `n` rows.
fn threads_for(n: usize) -> usize {
    if SERIAL.get() { 1 } else { cores_for(n) }
}

/// `partial` of every block of `0..n` ([`BLOCK`] rows each), in block
/// order, the blocks split between threads for large `n`.
fn block_sums<T: Send>(n: usize, partial: impl Fn(std::ops::Range<usize>) -> T + Sync) -> Vec<T> {
    let blocks = n.div_ceil(BLOCK);
    let range = |b: usize| b * BLOCK..((b + 1) * BLOCK).min(n);
    let threads = threads_for(n).min(blocks);
    if threads <= 1 {
        return (0..blocks).map(|b| partial(range(b))).collect();
    }
    let per = blocks.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let partial = &partial;
                s.spawn(move || {
                    (t * per..((t + 1) * per).min(blocks))
                        .map(|b| partial(range(b)))
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a summing thread panicked"))
            .collect()
    })
}

/// `f(start, chunk)` on consecutive chunks of `out`, split between threads
/// for a long `out`.
fn for_each_chunk<T: Send>(out: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    let threads = threads_for(out.len());
    if threads <= 1 {
        f(0, out);
        return;
    }
    let per = out.len().div_ceil(threads);
    std::thread::scope(|s| {
        for (t, chunk) in out.chunks_mut(per).enumerate() {
            let f = &f;
            s.spawn(move || f(t * per, chunk));
        }
    });
}

/// A zeroed vector whose pages are touched by all cores (the kernel's
/// page faults on a fresh 80 MB vector cost as much as a pass over it).
fn zeroed<T: Copy + Default + Send>(n: usize) -> Vec<T> {
    let mut v = vec![T::default(); n];
    if n >= PARALLEL_MIN {
        let step = (4096 / std::mem::size_of::<T>().max(1)).max(1);
        for_each_chunk(&mut v, |_, chunk| {
            for x in chunk.iter_mut().step_by(step) {
                *x = T::default();
            }
        });
    }
    v
}

/// Writes `next()` (called once per row that counts, in row order) into
/// `out` at the rows of `members` (all rows when `None`), 0 elsewhere.
fn fill_rows(out: &mut [f64], members: Option<&[u32]>, mut next: impl FnMut() -> f64) {
    match members {
        None => out.iter_mut().for_each(|v| *v = next()),
        Some(m) => {
            let mut from = 0;
            for &i in m {
                let i = i as usize;
                out[from..i].fill(0.0);
                out[i] = next();
                from = i + 1;
            }
            out[from..].fill(0.0);
        }
    }
}

/// An unsigned key in the order of `f64::total_cmp`.
#[inline]
fn sort_key(y: f64) -> u64 {
    let b = y.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// The value of a [`sort_key`].
#[inline]
fn from_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Bucket indices splitting `start` (bucket starts, then the end) into at
/// most `parts` runs of similar size: `[0, …, n_buckets]`.
fn bucket_parts(start: &[usize], parts: usize) -> Vec<usize> {
    let n_b = start.len() - 1;
    let total = start[n_b];
    let mut out = vec![0];
    for p in 1..parts.max(1) {
        let goal = total * p / parts;
        let b = start.partition_point(|&s| s < goal).min(n_b);
        if b > *out.last().unwrap_or(&0) && b < n_b {
            out.push(b);
        }
    }
    out.push(n_b);
    out
}

/// The rows that count (`members`, or all of `y`), by ascending y (ties in
/// row order), their values, and the radix sort's buckets.
fn sort_rows(y: &[f64], members: Option<&[u32]>) -> (Vec<u32>, Vec<f64>, Option<Buckets>) {
    let m = members.map_or(y.len(), <[u32]>::len);
    let row = |k: usize| members.map_or(k, |v| v[k] as usize);
    if m < RADIX_MIN {
        let mut pairs: Vec<(u64, u32)> = (0..m)
            .map(|k| (sort_key(y[row(k)]), row(k) as u32))
            .collect();
        pairs.sort_unstable();
        let (order, sorted) = pairs.into_iter().map(|(k, i)| (i, from_key(k))).unzip();
        return (order, sorted, None);
    }
    // The bits that vary: those below the highest bit where the smallest
    // and largest keys differ.
    let (lo, hi) = block_sums(m, |r| {
        r.fold((u64::MAX, 0), |(lo, hi), k| {
            let key = sort_key(y[row(k)]);
            (lo.min(key), hi.max(key))
        })
    })
    .into_iter()
    .fold((u64::MAX, 0), |(a, b), (c, d)| (a.min(c), b.max(d)));
    if lo == hi {
        let order = (0..m).map(|k| row(k) as u32).collect();
        return (order, vec![from_key(lo); m], None);
    }
    let top = 64 - (lo ^ hi).leading_zeros();
    let shift = top.saturating_sub(TOP_BITS);
    let digit = |key: u64| ((key >> shift) & ((1 << TOP_BITS) - 1)) as usize;
    // First pass: count the top digits, and merge consecutive digits into
    // at most 256 buckets of about m/255 rows or more.
    let hist = block_sums(m, |r| {
        let mut h = vec![0usize; 1 << TOP_BITS];
        for k in r {
            h[digit(sort_key(y[row(k)]))] += 1;
        }
        h
    })
    .into_iter()
    .fold(vec![0usize; 1 << TOP_BITS], |mut a, h| {
        a.iter_mut().zip(h).for_each(|(x, c)| *x += c);
        a
    });
    let target = m.div_ceil(255);
    let mut bucket_of_digit = vec![0u8; 1 << TOP_BITS];
    let mut start = vec![0usize];
    let mut count = 0;
    for (d, &c) in hist.iter().enumerate() {
        bucket_of_digit[d] = (start.len() - 1) as u8;
        count += c;
        if count >= target && start.len() < 256 {
            start.push(start[start.len() - 1] + count);
            count = 0;
        }
    }
    if start[start.len() - 1] != m {
        start.push(m);
    }
    // Second pass: each row to its bucket's run, in row order.
    let mut keys: Vec<u64> = zeroed(m);
    let mut order: Vec<u32> = zeroed(m);
    let mut local: Vec<u32> = zeroed(m);
    let mut of: Vec<u8> = zeroed(m);
    let mut cursor = start[..start.len() - 1].to_vec();
    for (k, o) in of.iter_mut().enumerate() {
        let i = row(k);
        let key = sort_key(y[i]);
        let bk = bucket_of_digit[digit(key)];
        *o = bk;
        let c = cursor[bk as usize];
        cursor[bk as usize] = c + 1;
        keys[c] = key;
        order[c] = i as u32;
        local[c] = (c - start[bk as usize]) as u32;
    }
    // Each bucket on its own, the buckets split between threads.
    let parts = bucket_parts(&start, threads_for(m));
    let mut jobs = Vec::new();
    let (mut rk, mut ro, mut rl) = (&mut keys[..], &mut order[..], &mut local[..]);
    for p in parts.windows(2) {
        let len = start[p[1]] - start[p[0]];
        let (k1, k2) = rk.split_at_mut(len);
        let (o1, o2) = ro.split_at_mut(len);
        let (l1, l2) = rl.split_at_mut(len);
        (rk, ro, rl) = (k2, o2, l2);
        jobs.push((p[0]..p[1], k1, o1, l1));
    }
    let start_ref = &start;
    let run = move |(buckets, keys, order, local): (
        std::ops::Range<usize>,
        &mut [u64],
        &mut [u32],
        &mut [u32],
    )| {
        let base = start_ref[buckets.start];
        let mut scratch = Scratch::default();
        for bk in buckets {
            let (s, e) = (start_ref[bk] - base, start_ref[bk + 1] - base);
            sort_bucket(&mut keys[s..e], &mut local[s..e], &mut scratch);
            scratch.rows.clear();
            scratch.rows.extend_from_slice(&order[s..e]);
            for (o, &l) in order[s..e].iter_mut().zip(&local[s..e]) {
                *o = scratch.rows[l as usize];
            }
        }
    };
    if jobs.len() <= 1 {
        jobs.into_iter().for_each(run);
    } else {
        std::thread::scope(|s| {
            for job in jobs {
                let run = &run;
                s.spawn(move || run(job));
            }
        });
    }
    let sorted = keys.into_iter().map(from_key).collect();
    (order, sorted, Some(Buckets { of, start, local }))
}

/// Per-thread buffers of [`sort_bucket`].
#[derive(Default)]
struct Scratch {
    keys: Vec<u64>,
    local: Vec<u32>,
    rows: Vec<u32>,
}

/// Sorts one bucket's keys ascending, carrying `local` along (stable): an
/// LSD radix sort, 8 bits a pass, over the bits where its keys differ,
/// skipping digits they all share; insertion sort for a few keys.
fn sort_bucket(keys: &mut [u64], local: &mut [u32], scratch: &mut Scratch) {
    let n = keys.len();
    if n <= 32 {
        for j in 1..n {
            let (k, l) = (keys[j], local[j]);
            let mut i = j;
            while i > 0 && keys[i - 1] > k {
                keys[i] = keys[i - 1];
                local[i] = local[i - 1];
                i -= 1;
            }
            keys[i] = k;
            local[i] = l;
        }
        return;
    }
    let (lo, hi) = keys
        .iter()
        .fold((u64::MAX, 0), |(a, b), &k| (a.min(k), b.max(k)));
    let bits = 64 - (lo ^ hi).leading_zeros();
    let passes = bits.div_ceil(8) as usize;
    let mut hist = [[0u32; 256]; 8];
    for &k in keys.iter() {
        for (p, h) in hist.iter_mut().enumerate().take(passes) {
            h[((k >> (8 * p)) & 0xff) as usize] += 1;
        }
    }
    scratch.keys.resize(n, 0);
    scratch.local.resize(n, 0);
    let (sk, sl) = (&mut scratch.keys[..n], &mut scratch.local[..n]);
    // Ping-pong between the bucket and the scratch.
    let mut in_scratch = false;
    for (p, h) in hist.iter().enumerate().take(passes) {
        if h.iter().any(|&c| c as usize == n) {
            continue;
        }
        let mut offset = [0u32; 256];
        let mut sum = 0;
        for (o, &c) in offset.iter_mut().zip(h) {
            *o = sum;
            sum += c;
        }
        let shift = 8 * p;
        let mut pass = |from_k: &[u64], from_l: &[u32], to_k: &mut [u64], to_l: &mut [u32]| {
            for (&k, &l) in from_k.iter().zip(from_l) {
                let d = ((k >> shift) & 0xff) as usize;
                let o = offset[d] as usize;
                offset[d] += 1;
                to_k[o] = k;
                to_l[o] = l;
            }
        };
        if in_scratch {
            pass(sk, sl, keys, local);
        } else {
            pass(keys, local, sk, sl);
        }
        in_scratch = !in_scratch;
    }
    if in_scratch {
        keys.copy_from_slice(sk);
        local.copy_from_slice(sl);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64.
    struct Rng(u64);

    impl Rng {
        fn unit(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// A named sample: values and a domain.
    type Sample = (&'static str, Vec<f64>, Option<Vec<bool>>);

    /// Samples large enough for the radix sort (and, at 300,000 rows, for
    /// the passes split between threads).
    fn samples() -> Vec<Sample> {
        let mut r = Rng(11);
        let n = 300_000;
        let lognormal: Vec<f64> = (0..n)
            .map(|_| (7.0 + 2.0 * (r.unit() + r.unit() + r.unit() - 1.5)).exp())
            .collect();
        let ties: Vec<f64> = lognormal.iter().map(|y| (y / 50.0).round()).collect();
        let mut missing = lognormal.clone();
        for i in (0..n).step_by(7) {
            missing[i] = f64::NAN;
        }
        let domain: Vec<bool> = (0..n).map(|_| r.unit() < 0.6).collect();
        let signs: Vec<f64> = (0..40_000)
            .map(|i| match i % 5 {
                0 => 0.0,
                1 => -0.0,
                2 => -100.0 * r.unit(),
                _ => 1e6 * r.unit(),
            })
            .collect();
        let outlier: Vec<f64> = (0..40_000)
            .map(|i| if i == 3 { 1e300 } else { 1.0 + r.unit() })
            .collect();
        vec![
            ("lognormal", lognormal.clone(), None),
            ("ties", ties, None),
            ("missing", missing, None),
            ("domain", lognormal, Some(domain)),
            ("signs", signs, None),
            ("outlier", outlier, None),
            ("equal", vec![3.0; 40_000], None),
        ]
    }

    #[test]
    fn the_radix_sort_orders_as_a_stable_comparison_sort() {
        for (name, y, domain) in samples() {
            let d = Distribution::new(&y, domain.as_deref());
            let mut want: Vec<u32> = (0..y.len() as u32)
                .filter(|&i| d.used()[i as usize])
                .collect();
            want.sort_by(|&a, &b| y[a as usize].total_cmp(&y[b as usize]));
            assert_eq!(d.order, want, "{name}");
            let values: Vec<u64> = want.iter().map(|&i| y[i as usize].to_bits()).collect();
            let sorted: Vec<u64> = d.sorted.iter().map(|v| v.to_bits()).collect();
            assert_eq!(sorted, values, "{name}");
        }
    }

    #[test]
    fn permutations_and_prefix_searches_match_the_plain_ones() {
        let mut r = Rng(5);
        for (name, y, domain) in samples() {
            let d = Distribution::new(&y, domain.as_deref());
            let w: Vec<f64> = (0..y.len()).map(|_| 1.0 + 49.0 * r.unit()).collect();
            let gathered: Vec<f64> = d.order.iter().map(|&i| w[i as usize]).collect();
            assert_eq!(d.sorted_weights(&w), gathered, "{name}");
            let mut out = vec![f64::NAN; y.len()];
            d.scatter_sorted(gathered.clone(), &mut out);
            for (i, &v) in out.iter().enumerate() {
                let want = if d.used()[i] { w[i] } else { 0.0 };
                assert_eq!(v, want, "{name} row {i}");
            }
            // The first place whose cumulative weight reaches a target.
            let total: f64 = gathered.iter().sum();
            for p in [0.0, 0.1, 0.5, 0.9, 0.999] {
                let target = p * total;
                let (mut cum, mut want) = (0.0, None);
                for (k, &wk) in gathered.iter().enumerate() {
                    if cum + wk >= target {
                        want = Some(k);
                        break;
                    }
                    cum += wk;
                }
                let got = d.first_reaching(&w, target).map(|(k, _, _)| k);
                // Sums in another order may move the boundary by a place
                // when it falls within rounding.
                let (g, e) = (got.unwrap_or(usize::MAX), want.unwrap_or(usize::MAX));
                assert!(g.abs_diff(e) <= 1, "{name} p {p}: {got:?} vs {want:?}");
            }
        }
    }

    #[test]
    fn the_gini_and_its_influence_match_the_pairwise_sums() {
        let mut r = Rng(9);
        let y: Vec<f64> = (0..20_000)
            .map(|_| (r.unit() * 40.0).floor() + 1.0)
            .collect();
        let w: Vec<f64> = (0..y.len()).map(|_| 1.0 + r.unit()).collect();
        let d = Distribution::new(&y, None);
        let mut z = vec![0.0; y.len()];
        let g = d.gini_with_influence(&w, Some(&mut z));
        assert_eq!(g.to_bits(), d.gini(&w).to_bits());
        // Σ_j w_j |y_i − y_j| summed pair by pair, on every 97th row.
        let (sw, sy) = d.totals(&w);
        for (i, &yi) in y.iter().enumerate().step_by(97) {
            let a: f64 = y
                .iter()
                .zip(&w)
                .map(|(&yj, &wj)| wj * (yi - yj).abs())
                .sum();
            let want = (a - g * (sy + sw * yi)) / (sw * sy);
            assert!(
                (z[i] - want).abs() <= 1e-9 * want.abs().max(1e-12),
                "row {i}"
            );
        }
    }
}
