//! Capacity building (FRAMEWORKS.md §3): how many firms train, how many
//! training places and hours per employee, by provider and job level, and
//! whom no training reaches.
//!
//! Firm-side figures are ratios of cell totals under the firm design: a
//! firm's training programmes (participants, hours per participant, by
//! provider × level) and its roster (employees by level) contribute to its
//! row. Worker-side figures are shares of workers under the worker design.

use clusterdx_results::{Figure, LevelCoverage, ProviderTraining, TrainedShare, TrainingGap};
use clusterdx_survey::{CellStatistic, CellTable};

use crate::participation::{Kind, figure};

/// The cells of the firm-side table: places and hours by provider × level,
/// employees by level, firms training and all firms.
#[derive(Debug, Clone, PartialEq)]
pub struct FirmCells {
    /// Providers.
    pub providers: usize,
    /// Job levels.
    pub levels: usize,
}

impl FirmCells {
    /// Cells per sector.
    pub fn n_cells(&self) -> usize {
        2 * self.providers * self.levels + self.levels + 2
    }
    /// Training places of provider `p` at level `l`.
    pub fn places(&self, p: usize, l: usize) -> u32 {
        (p * self.levels + l) as u32
    }
    /// Participant-hours of provider `p` at level `l`.
    pub fn hours(&self, p: usize, l: usize) -> u32 {
        (self.providers * self.levels + p * self.levels + l) as u32
    }
    /// Employees at level `l`.
    pub fn employees(&self, l: usize) -> u32 {
        (2 * self.providers * self.levels + l) as u32
    }
    /// A firm that gave formal training.
    pub fn firm_training(&self) -> u32 {
        (2 * self.providers * self.levels + self.levels) as u32
    }
    /// A firm (that answered whether it trains).
    pub fn firm(&self) -> u32 {
        self.firm_training() + 1
    }
    fn all_places(&self, p: Option<usize>, l: Option<usize>) -> Vec<u32> {
        self.filter(p, l, |p, l| self.places(p, l))
    }
    fn all_hours(&self) -> Vec<u32> {
        self.filter(None, None, |p, l| self.hours(p, l))
    }
    fn filter(
        &self,
        p: Option<usize>,
        l: Option<usize>,
        f: impl Fn(usize, usize) -> u32,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        for pp in 0..self.providers {
            for ll in 0..self.levels {
                if p.is_none_or(|x| x == pp) && l.is_none_or(|x| x == ll) {
                    out.push(f(pp, ll));
                }
            }
        }
        out
    }
}

/// The firm-side figures of one sector.
pub struct FirmCapacity {
    /// Share of firms training.
    pub firms_training: Option<Figure>,
    /// Places ÷ employees.
    pub participants_per_employee: Option<Figure>,
    /// Hours ÷ places.
    pub hours_per_participant: Option<Figure>,
    /// Hours ÷ employees.
    pub hours_per_employee: Option<Figure>,
    /// Per provider.
    pub providers: Vec<ProviderTraining>,
    /// Provider × level cells without places (`who` = `employees`).
    pub gaps: Vec<TrainingGap>,
}

/// Firm-side capacity of sector `group`. Without roster employees the
/// per-employee figures are not defined.
pub fn firm_capacity(
    table: &CellTable<'_>,
    group: u32,
    cells: &FirmCells,
    providers: &[String],
    levels: &[String],
    level: f64,
) -> FirmCapacity {
    let est = |s: CellStatistic<'_>, kind: Kind| {
        table.estimate(group, &s).map(|e| figure(&e, kind, level))
    };
    let places = cells.all_places(None, None);
    let hours = cells.all_hours();
    let employees: Vec<u32> = (0..cells.levels).map(|l| cells.employees(l)).collect();
    let total = |c: &[u32]| c.iter().map(|&c| table.total(group, c)).sum::<f64>();
    let provider_rows = (0..cells.providers)
        .map(|p| {
            let mine = cells.all_places(Some(p), None);
            let my_hours = cells.filter(Some(p), None, |p, l| cells.hours(p, l));
            ProviderTraining {
                hours_per_participant: est(
                    CellStatistic::Ratio {
                        numerator: &my_hours,
                        denominator: &mine,
                    },
                    Kind::Ratio,
                ),
                provider: providers[p].clone(),
                participants: est(CellStatistic::Total(&mine), Kind::Total),
                share: est(
                    CellStatistic::Ratio {
                        numerator: &mine,
                        denominator: &places,
                    },
                    Kind::Share,
                ),
                by_level: (0..cells.levels)
                    .map(|l| {
                        let at = [cells.places(p, l)];
                        LevelCoverage {
                            level: levels[l].clone(),
                            participants: total(&at),
                            per_employee: est(
                                CellStatistic::Ratio {
                                    numerator: &at,
                                    denominator: &[cells.employees(l)],
                                },
                                Kind::Ratio,
                            ),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let mut gaps = Vec::new();
    for (l, name) in levels.iter().enumerate() {
        // Only levels the sector has.
        if table.total(group, cells.employees(l)) <= 0.0 {
            continue;
        }
        let at_level = cells.all_places(None, Some(l));
        if total(&at_level) <= 0.0 {
            gaps.push(TrainingGap {
                level: name.clone(),
                provider: None,
                who: "employees".into(),
            });
            continue;
        }
        for (p, prov) in providers.iter().enumerate() {
            if table.total(group, cells.places(p, l)) <= 0.0 {
                gaps.push(TrainingGap {
                    level: name.clone(),
                    provider: Some(prov.clone()),
                    who: "employees".into(),
                });
            }
        }
    }
    let has_employees = total(&employees) > 0.0;
    FirmCapacity {
        firms_training: est(
            CellStatistic::Ratio {
                numerator: &[cells.firm_training()],
                denominator: &[cells.firm()],
            },
            Kind::Share,
        ),
        participants_per_employee: has_employees
            .then(|| {
                est(
                    CellStatistic::Ratio {
                        numerator: &places,
                        denominator: &employees,
                    },
                    Kind::Ratio,
                )
            })
            .flatten(),
        hours_per_participant: est(
            CellStatistic::Ratio {
                numerator: &hours,
                denominator: &places,
            },
            Kind::Ratio,
        ),
        hours_per_employee: has_employees
            .then(|| {
                est(
                    CellStatistic::Ratio {
                        numerator: &hours,
                        denominator: &employees,
                    },
                    Kind::Ratio,
                )
            })
            .flatten(),
        providers: provider_rows,
        gaps,
    }
}

/// The cells of the worker-side table: level × local (0 other, 1 local) ×
/// status (trained by provider p, trained by an unknown provider, not
/// trained).
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerCells {
    /// Providers.
    pub providers: usize,
    /// Job levels.
    pub levels: usize,
}

impl WorkerCells {
    /// Cells per sector.
    pub fn n_cells(&self) -> usize {
        self.levels * 2 * (self.providers + 2)
    }
    /// The cell of a worker: `trained` = `Some(Some(p))` by provider p,
    /// `Some(None)` by an unknown provider, `None` not trained.
    pub fn cell(&self, level: usize, local: bool, trained: Option<Option<usize>>) -> u32 {
        let status = match trained {
            Some(Some(p)) => p,
            Some(None) => self.providers,
            None => self.providers + 1,
        };
        ((level * 2 + usize::from(local)) * (self.providers + 2) + status) as u32
    }
}

/// Worker-side shares trained, per level × (local, other), and the gaps:
/// levels where no local worker was trained.
pub fn workers_trained(
    table: &CellTable<'_>,
    group: u32,
    cells: &WorkerCells,
    levels: &[String],
    level: f64,
) -> (Vec<TrainedShare>, Vec<TrainingGap>) {
    let mut out = Vec::new();
    let mut gaps = Vec::new();
    for (l, name) in levels.iter().enumerate() {
        for local in [true, false] {
            let all: Vec<u32> = (0..cells.providers + 2)
                .map(|s| cells.cell(l, local, status(s, cells.providers)))
                .collect();
            let trained: Vec<u32> = all[..cells.providers + 1].to_vec();
            let share = |num: &[u32]| {
                table
                    .estimate(
                        group,
                        &CellStatistic::Ratio {
                            numerator: num,
                            denominator: &all,
                        },
                    )
                    .map(|e| figure(&e, Kind::Share, level))
            };
            let any = share(&trained);
            if local && any.as_ref().is_some_and(|f| f.value <= 0.0) {
                gaps.push(TrainingGap {
                    level: name.clone(),
                    provider: None,
                    who: "local workers".into(),
                });
            }
            out.push(TrainedShare {
                level: name.clone(),
                local,
                trained: any,
                by_provider: (0..cells.providers).map(|p| share(&[trained[p]])).collect(),
            });
        }
    }
    (out, gaps)
}

/// Status index → the `trained` argument of [`WorkerCells::cell`].
fn status(s: usize, providers: usize) -> Option<Option<usize>> {
    if s < providers {
        Some(Some(s))
    } else if s == providers {
        Some(None)
    } else {
        None
    }
}
