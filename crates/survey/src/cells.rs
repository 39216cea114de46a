//! Ratios of cell totals in many groups, from one pass over the rows.
//!
//! A participation matrix cross-classifies people (or a roster's head
//! counts) by group (a sector) and cell (job level × skill × origin). Each
//! row falls in at most one (group, cell) with a count y (1 for a person,
//! the head count of a roster line), and every figure is a smooth function
//! of the estimated cell totals T_gc = Σ w·y: a total, a ratio Σ_A T / Σ_B T
//! (a local share of a level, a level share of locals), or a ratio of two
//! ratios (a representation ratio).
//!
//! Linearisation (Woodruff 1971; Binder 1983): a statistic θ(T) with
//! gradient g has influence value z_i = g_{c(i)} y_i on a row of its group
//! and 0 elsewhere; its variance is the design variance of Σ w·z. Under a
//! single-stage Taylor design that needs only the PSU totals of z, which
//! are Σ_c g_c T_pc: the pass collects the (group, PSU) cell totals T_pc
//! once, and each statistic then costs its group's PSUs × cells, never the
//! rows again. Two-stage and calibrated designs need the rows' influence
//! values, so they keep the rows (a pass per statistic). Replicate designs
//! recompute the cell totals with each replicate's weights (a pass per
//! replicate) and each statistic from them.
//!
//! The results equal [`crate::estimate`] with `Estimator::Ratio` on the
//! group's domain (same variance; df = the group's own PSUs − strata).

use std::collections::HashMap;

use crate::{Design, Estimate, SurveyDesign};

/// A figure computed from the cell totals of one group. Cell lists are
/// indices within the group (`0..cells`).
#[derive(Debug, Clone, Copy)]
pub enum CellStatistic<'a> {
    /// Σ_{c∈A} T_c.
    Total(&'a [u32]),
    /// Σ_{c∈A} T_c / Σ_{c∈B} T_c.
    Ratio {
        /// The numerator's cells, A.
        numerator: &'a [u32],
        /// The denominator's cells, B.
        denominator: &'a [u32],
    },
    /// (Σ_A T / Σ_B T) / (Σ_C T / Σ_D T).
    RatioOfRatios {
        /// The top ratio's numerator cells.
        a: &'a [u32],
        /// The top ratio's denominator cells.
        b: &'a [u32],
        /// The bottom ratio's numerator cells.
        c: &'a [u32],
        /// The bottom ratio's denominator cells.
        d: &'a [u32],
    },
}

fn sum(t: &[f64], cells: &[u32]) -> f64 {
    cells.iter().map(|&c| t[c as usize]).sum()
}

fn add(g: &mut [f64], cells: &[u32], x: f64) {
    for &c in cells {
        g[c as usize] += x;
    }
}

impl CellStatistic<'_> {
    /// The value at cell totals `t`; `None` when a denominator is zero (the
    /// figure is not defined, e.g. a level without employees).
    pub fn value(&self, t: &[f64]) -> Option<f64> {
        match *self {
            CellStatistic::Total(a) => Some(sum(t, a)),
            CellStatistic::Ratio {
                numerator,
                denominator,
            } => {
                let b = sum(t, denominator);
                (b != 0.0).then(|| sum(t, numerator) / b)
            }
            CellStatistic::RatioOfRatios { a, b, c, d } => {
                let (sb, sc, sd) = (sum(t, b), sum(t, c), sum(t, d));
                (sb != 0.0 && sc != 0.0 && sd != 0.0).then(|| (sum(t, a) / sb) / (sc / sd))
            }
        }
    }

    /// The gradient with respect to each of the group's `cells` totals, at
    /// `t` where the value is defined.
    fn gradient(&self, t: &[f64], cells: usize) -> Vec<f64> {
        let mut g = vec![0.0; cells];
        match *self {
            CellStatistic::Total(a) => add(&mut g, a, 1.0),
            CellStatistic::Ratio {
                numerator,
                denominator,
            } => {
                let b = sum(t, denominator);
                let r = sum(t, numerator) / b;
                add(&mut g, numerator, 1.0 / b);
                add(&mut g, denominator, -r / b);
            }
            CellStatistic::RatioOfRatios { a, b, c, d } => {
                // θ = A·D / (B·C): ∂θ/∂A = θ/A … written without dividing
                // by A, which may be zero.
                let (sa, sb, sc, sd) = (sum(t, a), sum(t, b), sum(t, c), sum(t, d));
                let theta = (sa / sb) / (sc / sd);
                add(&mut g, a, sd / (sb * sc));
                add(&mut g, b, -theta / sb);
                add(&mut g, c, -theta / sc);
                add(&mut g, d, sa / (sb * sc));
            }
        }
        g
    }

    /// The cells whose rows enter the figure (they set its n).
    fn used(&self) -> Vec<u32> {
        let mut cells: Vec<u32> = match *self {
            CellStatistic::Total(a) => a.to_vec(),
            CellStatistic::Ratio {
                numerator,
                denominator,
            } => [numerator, denominator].concat(),
            CellStatistic::RatioOfRatios { a, b, c, d } => [a, b, c, d].concat(),
        };
        cells.sort_unstable();
        cells.dedup();
        cells
    }
}

/// Cell totals of every group, with what their variances need.
#[derive(Debug, Clone)]
pub struct CellTable<'d> {
    design: &'d SurveyDesign,
    cells: usize,
    groups: usize,
    /// T_gc, groups × cells.
    totals: Vec<f64>,
    /// Entries (rows) per group × cell.
    rows: Vec<usize>,
    /// Each group's own df (active PSUs − active strata; the replicate df).
    df: Vec<f64>,
    path: Path,
}

#[derive(Debug, Clone)]
enum Path {
    /// Per group: its PSUs (with their strata) and their cell totals
    /// (PSUs × cells); the design's stratum counts, once.
    Blocks {
        psus: Vec<GroupPsus>,
        blocks: Vec<Vec<f64>>,
        context: SparseContext,
    },
    /// The entries, for two-stage or calibrated designs.
    Rows { entries: Vec<Entry> },
    /// Cell totals under each replicate's weights.
    Replicates { totals: Vec<Vec<f64>> },
}

/// One contribution to a cell: a design row, its group and cell, a count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// The design row (a person; for a roster line, its firm's row).
    pub row: u32,
    /// The group (a sector).
    pub group: u32,
    /// The cell within the group.
    pub cell: u32,
    /// The count (1 for a person; a roster line's head count).
    pub y: f64,
}

impl<'d> CellTable<'d> {
    /// Collects the cell totals of rows that each fall in at most one
    /// cell: `place[i]` is row i's (group, cell), or `None`; `y[i]` its
    /// count (1 for a person). Rows with a non-finite count are left out.
    ///
    /// # Panics
    /// When `place` or `y` is shorter than the design, or a group or cell
    /// index is not below `groups` or `cells` (caller's contract).
    pub fn new(
        design: &'d SurveyDesign,
        place: &[Option<(u32, u32)>],
        y: &[f64],
        groups: usize,
        cells: usize,
    ) -> Self {
        let entries = (0..design.len()).filter_map(|i| {
            let (group, cell) = place[i]?;
            Some(Entry {
                row: i as u32,
                group,
                cell,
                y: y[i],
            })
        });
        Self::from_entries(design, entries, groups, cells)
    }

    /// Collects the cell totals of entries: a design row may contribute to
    /// several cells (a firm's roster lines, each a head count by level ×
    /// occupation × origin, under the firm survey's design). Entries with a
    /// non-finite count are left out. A group's n counts its entries.
    ///
    /// # Panics
    /// When an entry's row is not a row of the design, or a group or cell
    /// index is not below `groups` or `cells` (caller's contract).
    pub fn from_entries(
        design: &'d SurveyDesign,
        entries: impl IntoIterator<Item = Entry>,
        groups: usize,
        cells: usize,
    ) -> Self {
        let entries = entries.into_iter().filter(|e| e.y.is_finite());
        match design {
            SurveyDesign::Taylor(d) if !d.needs_rows() => {
                Self::streamed(design, d, entries, groups, cells)
            }
            SurveyDesign::Taylor(d) => {
                let entries: Vec<Entry> = entries.collect();
                let mut t = Self::streamed(design, d, entries.iter().copied(), groups, cells);
                t.path = Path::Rows { entries };
                t
            }
            SurveyDesign::Replicate(r) => {
                let entries: Vec<Entry> = entries.collect();
                let w = design.weights();
                let mut totals = vec![0.0; groups * cells];
                let mut rows = vec![0usize; groups * cells];
                for e in &entries {
                    let k = e.group as usize * cells + e.cell as usize;
                    totals[k] += w[e.row as usize] * e.y;
                    rows[k] += 1;
                }
                let reps = (0..r.n_replicates())
                    .map(|k| {
                        let wr = r.replicate_weights(k);
                        let mut t = vec![0.0; groups * cells];
                        for e in &entries {
                            t[e.group as usize * cells + e.cell as usize] +=
                                wr[e.row as usize] * e.y;
                        }
                        t
                    })
                    .collect();
                Self {
                    design,
                    cells,
                    groups,
                    totals,
                    rows,
                    df: vec![r.df(); groups],
                    path: Path::Replicates { totals: reps },
                }
            }
        }
    }

    /// The Taylor path in one pass over the entries, keeping none: the
    /// cell totals, each group's PSU × cell totals and active PSUs.
    fn streamed(
        design: &'d SurveyDesign,
        d: &Design,
        entries: impl Iterator<Item = Entry>,
        groups: usize,
        cells: usize,
    ) -> Self {
        let w = design.weights();
        let mut acc = Accumulator::new(d, groups, cells);
        for e in entries {
            let (g, i, c) = (e.group as usize, e.row as usize, e.cell as usize);
            let wy = w[i] * e.y;
            let p = d.psu_of_row[i];
            let k = acc.slot(g, p);
            acc.totals[g * cells + c] += wy;
            acc.rows[g * cells + c] += 1;
            acc.blocks[g][k * cells + c] += wy;
            if w[i] > 0.0 {
                acc.activate(g, p);
            }
        }
        acc.finish(design, d)
    }

    /// The cell totals of everyone and of subgroups, from a dense vector of
    /// cell values per row: `row(i, v)` writes row i's value in each cell
    /// into `v` (zeroed) and returns `None` when the row counts nowhere,
    /// else `Some(subgroup)` — the row counts in group 0 (everyone) and,
    /// with a subgroup s, in group s + 1. A row is an entry of each cell
    /// where its value is not 0 (the cell's n).
    ///
    /// Under a single-stage Taylor design the rows are read once, in
    /// blocks shared between the cores, each block's PSU totals kept per
    /// (subgroup, PSU) and merged in block order (the same sums for any
    /// number of threads); everyone's totals are the subgroups' merged.
    /// Other designs take [`CellTable::from_entries`].
    ///
    /// # Panics
    /// When a subgroup is not below `subgroups` (caller's contract).
    pub fn overall_and_subgroups(
        design: &'d SurveyDesign,
        subgroups: usize,
        cells: usize,
        row: impl Fn(usize, &mut [f64]) -> Option<Option<u32>> + Sync,
    ) -> Self {
        let groups = subgroups + 1;
        let n = design.len();
        let SurveyDesign::Taylor(d) = design else {
            return Self::from_entries(design, row_entries(n, cells, &row), groups, cells);
        };
        if d.needs_rows() {
            return Self::from_entries(design, row_entries(n, cells, &row), groups, cells);
        }
        const NO_GROUP: u32 = u32::MAX;
        let w = design.weights();
        // Per block: (subgroup or NO_GROUP, PSU) → cell totals, nonzero
        // counts and whether a row has positive weight.
        let parts = in_blocks(n, |range| {
            let mut index: HashMap<(u32, u32), usize> = HashMap::new();
            let mut keys: Vec<(u32, u32)> = Vec::new();
            let mut sums: Vec<f64> = Vec::new();
            let mut counts: Vec<u32> = Vec::new();
            let mut active: Vec<bool> = Vec::new();
            let mut v = vec![0.0; cells];
            let mut last: Option<((u32, u32), usize)> = None;
            for i in range {
                v.fill(0.0);
                let Some(sub) = row(i, &mut v) else {
                    continue;
                };
                let key = (sub.unwrap_or(NO_GROUP), d.psu_of_row[i]);
                let k = match last {
                    Some((lk, k)) if lk == key => k,
                    _ => {
                        let k = *index.entry(key).or_insert_with(|| {
                            keys.push(key);
                            sums.extend(std::iter::repeat_n(0.0, cells));
                            counts.extend(std::iter::repeat_n(0, cells));
                            active.push(false);
                            keys.len() - 1
                        });
                        last = Some((key, k));
                        k
                    }
                };
                let wi = w[i];
                for (c, &x) in v.iter().enumerate() {
                    sums[k * cells + c] += wi * x;
                    counts[k * cells + c] += u32::from(x != 0.0);
                }
                active[k] |= wi > 0.0;
            }
            (keys, sums, counts, active)
        });
        let mut acc = Accumulator::new(d, groups, cells);
        for (keys, sums, counts, active) in &parts {
            for (k, &(sub, p)) in keys.iter().enumerate() {
                let targets = std::iter::once(0).chain((sub != NO_GROUP).then(|| sub as usize + 1));
                for g in targets {
                    let slot = acc.slot(g, p);
                    for c in 0..cells {
                        let x = sums[k * cells + c];
                        acc.totals[g * cells + c] += x;
                        acc.rows[g * cells + c] += counts[k * cells + c] as usize;
                        acc.blocks[g][slot * cells + c] += x;
                    }
                    if active[k] {
                        acc.activate(g, p);
                    }
                }
            }
        }
        acc.finish(design, d)
    }

    /// The estimated total of one cell of one group.
    pub fn total(&self, group: u32, cell: u32) -> f64 {
        self.totals[group as usize * self.cells + cell as usize]
    }

    /// Rows in one cell of one group.
    pub fn rows(&self, group: u32, cell: u32) -> usize {
        self.rows[group as usize * self.cells + cell as usize]
    }

    /// Number of groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// The estimate of `statistic` in `group`, or `None` when it is not
    /// defined (a zero denominator).
    pub fn estimate(&self, group: u32, statistic: &CellStatistic<'_>) -> Option<Estimate> {
        let g = group as usize;
        let cells = self.cells;
        let t = &self.totals[g * cells..(g + 1) * cells];
        let value = statistic.value(t)?;
        let n: usize = statistic
            .used()
            .iter()
            .map(|&c| self.rows[g * cells + c as usize])
            .sum();
        let variance = match (&self.path, self.design) {
            (
                Path::Blocks {
                    psus,
                    blocks,
                    context,
                },
                SurveyDesign::Taylor(d),
            ) => {
                // Only the cells the figure depends on (8–16 of ~50).
                let grad: Vec<(usize, f64)> = statistic
                    .gradient(t, cells)
                    .into_iter()
                    .enumerate()
                    .filter(|(_, a)| *a != 0.0)
                    .collect();
                let z: Vec<f64> = blocks[g]
                    .chunks_exact(cells)
                    .map(|b| grad.iter().map(|&(c, a)| b[c] * a).sum())
                    .collect();
                d.variance_of_sparse_psu_totals(context, &psus[g], &z)
            }
            (Path::Rows { entries }, SurveyDesign::Taylor(d)) => {
                let grad = statistic.gradient(t, cells);
                let mut z = vec![0.0; d.len()];
                for e in entries.iter().filter(|e| e.group == group) {
                    z[e.row as usize] += grad[e.cell as usize] * e.y;
                }
                d.variance_of_total(&z)
            }
            (Path::Replicates { totals }, SurveyDesign::Replicate(r)) => {
                // A replicate in which the figure is undefined contributes
                // nothing (its value is taken as the full-sample one).
                let thetas: Vec<f64> = totals
                    .iter()
                    .map(|tr| {
                        statistic
                            .value(&tr[g * cells..(g + 1) * cells])
                            .unwrap_or(value)
                    })
                    .collect();
                r.variance(value, &thetas)
            }
            _ => unreachable!("the path is chosen from the design"),
        };
        Some(Estimate::new(value, variance, self.df[g], n, 0))
    }
}

/// Collects the Taylor path's totals: cell totals and rows per group ×
/// cell, each group's PSUs (in first-seen order) with their cell totals,
/// and the PSUs with a row of positive weight. A group's PSU slots are
/// found through a dense table (one entry per design PSU) when groups ×
/// PSUs is small enough, else a hash map.
struct Accumulator {
    cells: usize,
    n_psus: usize,
    dense: bool,
    totals: Vec<f64>,
    rows: Vec<usize>,
    active: Vec<Vec<bool>>,
    psus: Vec<Vec<u32>>,
    blocks: Vec<Vec<f64>>,
    dense_slot: Vec<Vec<u32>>,
    hashed: Vec<HashMap<u32, usize>>,
}

impl Accumulator {
    /// Above this many groups × PSUs the slots are hashed.
    const DENSE_MAX: usize = 1 << 24;
    const NONE: u32 = u32::MAX;

    fn new(d: &Design, groups: usize, cells: usize) -> Self {
        let n_psus = d.n_psus();
        Self {
            cells,
            n_psus,
            dense: groups.saturating_mul(n_psus) <= Self::DENSE_MAX,
            totals: vec![0.0; groups * cells],
            rows: vec![0; groups * cells],
            active: vec![Vec::new(); groups],
            psus: vec![Vec::new(); groups],
            blocks: vec![Vec::new(); groups],
            dense_slot: vec![Vec::new(); groups],
            hashed: vec![HashMap::new(); groups],
        }
    }

    /// Group g's slot of PSU p, made on first use.
    fn slot(&mut self, g: usize, p: u32) -> usize {
        let (psus, blocks, cells) = (&mut self.psus[g], &mut self.blocks[g], self.cells);
        let mut new_slot = || {
            psus.push(p);
            blocks.extend(std::iter::repeat_n(0.0, cells));
            psus.len() - 1
        };
        if self.dense {
            let slots = &mut self.dense_slot[g];
            if slots.is_empty() {
                *slots = vec![Self::NONE; self.n_psus];
            }
            let slot = &mut slots[p as usize];
            if *slot == Self::NONE {
                *slot = new_slot() as u32;
            }
            *slot as usize
        } else {
            *self.hashed[g].entry(p).or_insert_with(new_slot)
        }
    }

    fn activate(&mut self, g: usize, p: u32) {
        let a = &mut self.active[g];
        if a.is_empty() {
            *a = vec![false; self.n_psus];
        }
        a[p as usize] = true;
    }

    fn finish<'d>(self, design: &'d SurveyDesign, d: &Design) -> CellTable<'d> {
        let df = self
            .active
            .iter()
            .map(|a| {
                if a.is_empty() {
                    0.0
                } else {
                    d.df_of_active_psus(a)
                }
            })
            .collect();
        CellTable {
            design,
            cells: self.cells,
            groups: self.psus.len(),
            totals: self.totals,
            rows: self.rows,
            df,
            path: Path::Blocks {
                psus: self.psus.iter().map(|p| GroupPsus::new(d, p)).collect(),
                blocks: self.blocks,
                context: SparseContext::new(d),
            },
        }
    }
}

/// Each row's nonzero cell values as entries, in group 0 and its
/// subgroup's group (see [`CellTable::overall_and_subgroups`]).
fn row_entries(
    n: usize,
    cells: usize,
    row: &(impl Fn(usize, &mut [f64]) -> Option<Option<u32>> + Sync),
) -> Vec<Entry> {
    let mut v = vec![0.0; cells];
    let mut out = Vec::new();
    for i in 0..n {
        v.fill(0.0);
        let Some(sub) = row(i, &mut v) else {
            continue;
        };
        for group in std::iter::once(0).chain(sub.map(|s| s + 1)) {
            for (cell, &y) in v.iter().enumerate() {
                if y != 0.0 {
                    out.push(Entry {
                        row: i as u32,
                        group,
                        cell: cell as u32,
                        y,
                    });
                }
            }
        }
    }
    out
}

/// Rows per block of [`in_blocks`].
const BLOCK_ROWS: usize = 1 << 15;

/// `f` over fixed blocks of `0..n` rows, the blocks shared between the
/// cores, the results in block order (so that what is made of them does
/// not depend on the number of threads).
fn in_blocks<T: Send>(n: usize, f: impl Fn(std::ops::Range<usize>) -> T + Sync) -> Vec<T> {
    let blocks = n.div_ceil(BLOCK_ROWS);
    let range = |b: usize| b * BLOCK_ROWS..((b + 1) * BLOCK_ROWS).min(n);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(blocks);
    if threads <= 1 {
        return (0..blocks).map(|b| f(range(b))).collect();
    }
    let per = blocks.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                s.spawn(move || {
                    (t * per..((t + 1) * per).min(blocks))
                        .map(|b| f(range(b)))
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a cell-table thread panicked"))
            .collect()
    })
}

/// For each of a group's PSUs (in first-seen order), its stratum among the
/// group's strata.
#[derive(Debug, Clone)]
struct GroupPsus {
    /// Index into `strata` of each PSU's stratum.
    local: Vec<u32>,
    /// The design strata the group's PSUs are in.
    strata: Vec<u32>,
}

impl GroupPsus {
    fn new(d: &Design, psus: &[u32]) -> Self {
        let mut index: HashMap<u32, u32> = HashMap::new();
        let mut strata = Vec::new();
        let local = psus
            .iter()
            .map(|&p| {
                let h = d.stratum_of_psu[p as usize];
                *index.entry(h).or_insert_with(|| {
                    strata.push(h);
                    (strata.len() - 1) as u32
                })
            })
            .collect();
        Self { local, strata }
    }
}

/// The design's lonely-PSU counts, computed once for every figure.
#[derive(Debug, Clone)]
struct SparseContext {
    n_lonely: usize,
    n_multi: usize,
    /// Σ (1 − f_h) over the lonely strata.
    lonely_fpc: f64,
}

impl SparseContext {
    fn new(d: &Design) -> Self {
        let lonely: Vec<usize> = (0..d.psus_in_stratum.len())
            .filter(|&h| d.is_lonely(h))
            .collect();
        Self {
            n_lonely: lonely.len(),
            n_multi: d.psus_in_stratum.iter().filter(|&&n| n > 1).count(),
            lonely_fpc: lonely.iter().map(|&h| d.fpc_factor[h]).sum(),
        }
    }
}

impl Design {
    /// [`Design::variance_of_psu_totals`] when only a group's PSUs have a
    /// non-zero total (`totals`, in the group's PSU order): the other PSUs
    /// count as zeros, at a cost in the group's PSUs, not the design's.
    fn variance_of_sparse_psu_totals(
        &self,
        context: &SparseContext,
        group: &GroupPsus,
        totals: &[f64],
    ) -> f64 {
        use crate::LonelyPsu;
        let n_psu = self.stratum_of_psu.len();
        let grand_mean = totals.iter().sum::<f64>() / n_psu.max(1) as f64;
        // Per touched stratum: Σ t, then Σ (t − centre)², PSUs touched.
        let mut sums = vec![(0.0, 0.0, 0usize); group.strata.len()];
        for (&k, &t) in group.local.iter().zip(totals) {
            sums[k as usize].0 += t;
        }
        let centre = |h: u32, s: f64| {
            let n_h = self.psus_in_stratum[h as usize];
            if n_h > 1 { s / n_h as f64 } else { grand_mean }
        };
        for (&k, &t) in group.local.iter().zip(totals) {
            let e = &mut sums[k as usize];
            let c = centre(group.strata[k as usize], e.0);
            e.1 += (t - c).powi(2);
            e.2 += 1;
        }
        let mut var = 0.0;
        let mut multi_sum = 0.0;
        let mut touched_lonely_fpc = 0.0;
        for (&h, &(s, ss, touched)) in group.strata.iter().zip(&sums) {
            let h_us = h as usize;
            let n_h = self.psus_in_stratum[h_us];
            if n_h == 1 && !self.is_lonely(h_us) {
                continue;
            }
            let c = centre(h, s);
            // Untouched PSUs of the stratum are zeros: (0 − centre)² each.
            let ss = ss + (n_h - touched) as f64 * c * c;
            if n_h > 1 {
                let v = self.fpc_factor[h_us] * n_h as f64 / (n_h - 1) as f64 * ss;
                var += v;
                multi_sum += v;
            } else if self.lonely == LonelyPsu::Adjust {
                var += self.fpc_factor[h_us] * ss;
                touched_lonely_fpc += self.fpc_factor[h_us];
            }
        }
        match self.lonely {
            // Untouched single-PSU strata: (0 − grand mean)² each.
            LonelyPsu::Adjust if context.n_lonely > 0 => {
                var += (context.lonely_fpc - touched_lonely_fpc) * grand_mean * grand_mean;
            }
            LonelyPsu::Average if context.n_lonely > 0 && context.n_multi > 0 => {
                var += context.n_lonely as f64 * multi_sum / context.n_multi as f64;
            }
            _ => {}
        }
        var
    }
}
