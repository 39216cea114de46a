//! Local participation by job level, skill and origin (FRAMEWORKS.md §3).
//!
//! Employees are cross-classified in each sector by job level × skill
//! bucket × origin tier; every figure is a ratio of estimated cell totals
//! (see [`clusterdx_survey::CellTable`]). For a definition of local (a set
//! of tiers) and a level (or level × skill cell) c:
//!
//! - **local share** of c = local employees in c ÷ all employees in c
//!   (local supervisors ÷ all supervisors);
//! - **share of locals** in c = local employees in c ÷ all local employees
//!   (local supervisors ÷ all local employees);
//! - **representation ratio** = local share of c ÷ local share overall
//!   (1: locals as present in c as in the sector).
//!
//! A figure whose denominator is zero is not defined and reported as such
//! (`None`), never as 0. Shares carry logit intervals (Korn–Graubard at 0
//! and 1); the representation ratio a log-scale interval.

use clusterdx_results::{Figure, LocalParticipation, OriginShares, ShareCell};
use clusterdx_survey::{CellStatistic, CellTable, Estimate, ProportionInterval};

/// The cells of a participation table: levels × (skills + an unknown-skill
/// bucket) × tiers.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Job levels, lowest first.
    pub levels: Vec<String>,
    /// Skill buckets, lowest first (rows with an invalid or missing
    /// occupation go to an extra, unreported bucket: they count in level
    /// figures, not in level × skill cells).
    pub skills: Vec<String>,
    /// Origin tiers, nearest first.
    pub tiers: Vec<String>,
    /// Definitions of local: name and the tiers (indices) it counts.
    pub definitions: Vec<(String, Vec<usize>)>,
}

impl Layout {
    /// Number of cells per sector.
    pub fn n_cells(&self) -> usize {
        self.levels.len() * (self.skills.len() + 1) * self.tiers.len()
    }

    /// The cell of a level, skill (`None`: unknown) and tier.
    pub fn cell(&self, level: usize, skill: Option<usize>, tier: usize) -> u32 {
        let s = skill.unwrap_or(self.skills.len());
        ((level * (self.skills.len() + 1) + s) * self.tiers.len() + tier) as u32
    }

    /// Cells matching the filters (`None`: any).
    fn select(
        &self,
        level: Option<usize>,
        skill: Option<usize>,
        tiers: Option<&[usize]>,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        for l in 0..self.levels.len() {
            if level.is_some_and(|x| x != l) {
                continue;
            }
            for s in 0..=self.skills.len() {
                if skill.is_some_and(|x| x != s) {
                    continue;
                }
                let known = (s < self.skills.len()).then_some(s);
                for t in 0..self.tiers.len() {
                    if tiers.is_some_and(|ts| !ts.contains(&t)) {
                        continue;
                    }
                    out.push(self.cell(l, known, t));
                }
            }
        }
        out
    }
}

/// A figure from an estimate: a share (logit interval), a ratio (log
/// interval) or a total (t interval).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A share in [0, 1].
    Share,
    /// A positive ratio.
    Ratio,
    /// A total.
    Total,
}

/// The results form of an estimate at confidence `level`.
pub fn figure(e: &Estimate, kind: Kind, level: f64) -> Figure {
    let ci = match kind {
        Kind::Share => e.ci_proportion(level, ProportionInterval::Logit),
        Kind::Total => e.ci(level),
        Kind::Ratio => {
            if e.value > 0.0 {
                // log r ± t · se/r: the delta-method interval on the log scale.
                let rel = e.se() / e.value;
                let h = Estimate::new(0.0, rel * rel, e.df, e.n, 0).ci(level).1;
                (e.value * (-h).exp(), e.value * h.exp())
            } else {
                (e.value, e.value)
            }
        }
    };
    Figure {
        value: e.value,
        se: e.se(),
        ci: [ci.0, ci.1],
        df: e.df,
        n: e.n as u64,
    }
}

/// One sector's participation tables from `table`'s group `group`.
pub struct SectorParticipation {
    /// Estimated employees.
    pub employees: Option<Figure>,
    /// Per definition of local.
    pub local: Vec<LocalParticipation>,
    /// Each level's employees by tier.
    pub origin_by_level: Vec<OriginShares>,
}

/// Computes a sector's participation.
pub fn participation(
    table: &CellTable<'_>,
    group: u32,
    layout: &Layout,
    level: f64,
) -> SectorParticipation {
    let est = |s: CellStatistic<'_>, kind: Kind| {
        table.estimate(group, &s).map(|e| figure(&e, kind, level))
    };
    let total = |cells: &[u32]| cells.iter().map(|&c| table.total(group, c)).sum::<f64>();
    let all = layout.select(None, None, None);
    let employees = est(CellStatistic::Total(&all), Kind::Total).filter(|f| f.n > 0);
    let local = layout
        .definitions
        .iter()
        .map(|(name, tiers)| {
            let locals = layout.select(None, None, Some(tiers));
            let share_cell = |lv: usize, skill: Option<usize>| {
                let cells = layout.select(Some(lv), skill, None);
                let local_cells = layout.select(Some(lv), skill, Some(tiers));
                ShareCell {
                    level: layout.levels[lv].clone(),
                    skill: skill.map(|s| layout.skills[s].clone()),
                    employees: total(&cells),
                    locals: total(&local_cells),
                    local_share: est(
                        CellStatistic::Ratio {
                            numerator: &local_cells,
                            denominator: &cells,
                        },
                        Kind::Share,
                    ),
                    share_of_locals: est(
                        CellStatistic::Ratio {
                            numerator: &local_cells,
                            denominator: &locals,
                        },
                        Kind::Share,
                    ),
                    representation: est(
                        CellStatistic::RatioOfRatios {
                            a: &local_cells,
                            b: &cells,
                            c: &locals,
                            d: &all,
                        },
                        Kind::Ratio,
                    ),
                }
            };
            // Every level above the lowest: supervisory and managerial.
            let upper: Vec<u32> = (1..layout.levels.len())
                .flat_map(|l| layout.select(Some(l), None, None))
                .collect();
            let upper_local: Vec<u32> = (1..layout.levels.len())
                .flat_map(|l| layout.select(Some(l), None, Some(tiers)))
                .collect();
            LocalParticipation {
                definition: name.clone(),
                above_lowest: est(
                    CellStatistic::Ratio {
                        numerator: &upper_local,
                        denominator: &upper,
                    },
                    Kind::Share,
                ),
                overall: est(
                    CellStatistic::Ratio {
                        numerator: &locals,
                        denominator: &all,
                    },
                    Kind::Share,
                ),
                levels: (0..layout.levels.len())
                    .map(|l| share_cell(l, None))
                    .collect(),
                cells: (0..layout.levels.len())
                    .flat_map(|l| (0..layout.skills.len()).map(move |s| (l, s)))
                    .map(|(l, s)| share_cell(l, Some(s)))
                    .collect(),
            }
        })
        .collect();
    let origin_by_level = (0..layout.levels.len())
        .map(|l| {
            let cells = layout.select(Some(l), None, None);
            OriginShares {
                level: layout.levels[l].clone(),
                tiers: (0..layout.tiers.len())
                    .map(|t| {
                        let tier = layout.select(Some(l), None, Some(&[t]));
                        est(
                            CellStatistic::Ratio {
                                numerator: &tier,
                                denominator: &cells,
                            },
                            Kind::Share,
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    SectorParticipation {
        employees,
        local,
        origin_by_level,
    }
}
