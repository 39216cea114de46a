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
        let entries: Vec<Entry> = entries.into_iter().filter(|e| e.y.is_finite()).collect();
        let w = design.weights();
        let mut totals = vec![0.0; groups * cells];
        let mut rows = vec![0usize; groups * cells];
        for e in &entries {
            let k = e.group as usize * cells + e.cell as usize;
            totals[k] += w[e.row as usize] * e.y;
            rows[k] += 1;
        }
        let (path, df) = match design {
            SurveyDesign::Taylor(d) => {
                let mut active: Vec<Vec<bool>> = vec![Vec::new(); groups];
                let mut psus: Vec<Vec<u32>> = vec![Vec::new(); groups];
                let mut slot: Vec<HashMap<u32, usize>> = vec![HashMap::new(); groups];
                let mut blocks: Vec<Vec<f64>> = vec![Vec::new(); groups];
                for e in &entries {
                    let (g, i) = (e.group as usize, e.row as usize);
                    let p = d.psu_of_row[i];
                    let k = *slot[g].entry(p).or_insert_with(|| {
                        psus[g].push(p);
                        blocks[g].extend(std::iter::repeat_n(0.0, cells));
                        psus[g].len() - 1
                    });
                    blocks[g][k * cells + e.cell as usize] += w[i] * e.y;
                    if w[i] > 0.0 {
                        if active[g].is_empty() {
                            active[g] = vec![false; d.n_psus()];
                        }
                        active[g][p as usize] = true;
                    }
                }
                let df = active
                    .iter()
                    .map(|a| {
                        if a.is_empty() {
                            0.0
                        } else {
                            d.df_of_active_psus(a)
                        }
                    })
                    .collect();
                let path = if d.needs_rows() {
                    Path::Rows { entries }
                } else {
                    Path::Blocks {
                        psus: psus.iter().map(|p| GroupPsus::new(d, p)).collect(),
                        blocks,
                        context: SparseContext::new(d),
                    }
                };
                (path, df)
            }
            SurveyDesign::Replicate(r) => {
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
                (Path::Replicates { totals: reps }, vec![r.df(); groups])
            }
        };
        Self {
            design,
            cells,
            groups,
            totals,
            rows,
            df,
            path,
        }
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
