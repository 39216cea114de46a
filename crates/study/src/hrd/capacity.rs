//! Capacity building for `[analyses.hrd]`: the firms' training programmes
//! (a repeat group) with their roster under the firm design, the worker
//! survey's training questions under the worker design, and the
//! programmes stakeholders report.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use clusterdx_hrd::{FirmCells, WorkerCells, firm_capacity, workers_trained};
use clusterdx_results::{Capacity, Diagnostic, StakeholderProgrammes};
use clusterdx_survey::{CellTable, Entry};

use super::{Classes, Plan, classes, codes, named, parent_rows};
use crate::Study;
use crate::cluster::answer;
use crate::estimate::column;
use crate::spec::{HrdSpec, UnitKind};
use crate::survey_design::BuiltDesign;
use crate::validate::{LoadedDataset, by_unit, concept_codes};

/// Default names of four training providers.
const PROVIDERS: [&str; 4] = ["government", "industry", "ngo", "other"];

/// What capacity building reads, resolved.
pub(super) struct CapacityPlan<'a> {
    /// The firm survey.
    firms: Option<&'a LoadedDataset>,
    /// The training repeat group and its rows' firm rows.
    training: Option<(&'a LoadedDataset, Vec<Option<usize>>)>,
    /// Provider names and code maps: [training, workers].
    pub(super) providers: Classes,
    /// Job-level code map of the training group.
    training_levels: HashMap<String, usize>,
}

/// Resolves the training sources; errors for what is declared and wrong.
pub(super) fn plan<'a>(
    study: &Study,
    loaded: &'a [LoadedDataset],
    spec: &HrdSpec,
    base: &Plan<'a>,
) -> Result<CapacityPlan<'a>, Vec<Diagnostic>> {
    let err = |m: String| {
        vec![Diagnostic::error(
            "hrd",
            format!("{}: [analyses.hrd]: {m}", study.file_name()),
        )]
    };
    let training = named(loaded, spec.training.as_ref(), UnitKind::Training);
    if let (Some(n), None) = (&spec.training, training) {
        return Err(err(format!("training: no dataset `{}`", n.get())));
    }
    let firms = base
        .sources
        .iter()
        .find(|s| s.kind == "roster")
        .map(|s| s.design_ds)
        .or_else(|| {
            let parent = training?.parent.as_deref()?;
            loaded.iter().find(|d| d.name == parent)
        })
        .or_else(|| by_unit(loaded, UnitKind::Firm.name()));
    let training = match (training, firms) {
        (Some(t), Some(f)) => {
            let rows = parent_rows(t, f).ok_or_else(|| {
                err(format!(
                    "training: dataset `{}` is not a repeat group of the firm survey `{}`",
                    t.name, f.name
                ))
            })?;
            for concept in ["training_provider", "job_level", "count"] {
                if codes(loaded, t, concept).is_none() {
                    return Err(err(format!(
                        "training: dataset `{}` maps no `{concept}` concept",
                        t.name
                    )));
                }
            }
            Some((t, rows))
        }
        _ => None,
    };
    let workers = base.sources.iter().find(|s| s.kind == "workers");
    let worker_providers = workers.and_then(|w| codes(loaded, w.ds, "training_provider"));
    let training_ds = training.as_ref().map(|(t, _)| *t);
    let training_providers = training_ds.and_then(|t| codes(loaded, t, "training_provider"));
    let mut inputs: Vec<(&LoadedDataset, &[Option<String>])> = Vec::new();
    if let (Some(t), Some(p)) = (training_ds, &training_providers) {
        inputs.push((t, p));
    }
    if let (Some(w), Some(p)) = (workers, &worker_providers) {
        inputs.push((w.ds, p));
    }
    let providers = if inputs.is_empty() {
        Classes {
            names: Vec::new(),
            by_source: Vec::new(),
        }
    } else {
        classes(
            study,
            &inputs,
            "training_provider",
            &spec.providers,
            &PROVIDERS,
            "providers",
        )
        .map_err(err)?
    };
    let training_levels = match training_ds {
        Some(t) => {
            let values = codes(loaded, t, "job_level").unwrap_or_default();
            let c = classes(
                study,
                &[(t, &values[..])],
                "job_level",
                &spec.levels,
                &super::LEVELS,
                "levels",
            )
            .map_err(err)?;
            if c.names != base.levels.names {
                return Err(err(format!(
                    "training: the job levels of `{}` ({}) are not those of the roster or worker survey ({}); declare [analyses.hrd.levels]",
                    t.name,
                    c.names.join(", "),
                    base.levels.names.join(", ")
                )));
            }
            c.by_source.into_iter().next().unwrap_or_default()
        }
        None => HashMap::new(),
    };
    Ok(CapacityPlan {
        firms,
        training,
        providers,
        training_levels,
    })
}

/// The per-sector capacity results (`None` for a sector without any
/// training information).
pub(super) fn run(
    loaded: &[LoadedDataset],
    spec: &HrdSpec,
    base: &Plan<'_>,
    cap: &CapacityPlan<'_>,
    sector_index: &HashMap<&str, u32>,
) -> Result<Vec<Option<Capacity>>, Vec<Diagnostic>> {
    let n_sectors = sector_index.len();
    let sector_of = |s: Option<&String>| s.and_then(|x| sector_index.get(x.as_str()).copied());
    let levels = &base.levels.names;
    let providers = &cap.providers.names;
    let p_count = providers.len();
    let mut firm_side: Vec<Option<clusterdx_hrd::FirmCapacity>> =
        (0..n_sectors).map(|_| None).collect();
    if let Some(firms) = cap.firms {
        let design = design_of(firms)?;
        let cells = FirmCells {
            providers: p_count,
            levels: levels.len(),
        };
        let mut entries = Vec::new();
        let firm_sector = codes(loaded, firms, "sector").unwrap_or_default();
        let given = column(
            firms,
            spec.training_given.as_deref().unwrap_or("training_given"),
        );
        for (i, s) in firm_sector.iter().enumerate() {
            let (Some(group), Some(c)) = (sector_of(s.as_ref()), given) else {
                continue;
            };
            if let Some(yes) = answer(c, i) {
                let row = i as u32;
                entries.push(Entry {
                    row,
                    group,
                    cell: cells.firm(),
                    y: 1.0,
                });
                if yes {
                    entries.push(Entry {
                        row,
                        group,
                        cell: cells.firm_training(),
                        y: 1.0,
                    });
                }
            }
        }
        // Employees by level, from the roster.
        if let Some((k, roster)) = base
            .sources
            .iter()
            .enumerate()
            .find(|(_, s)| s.kind == "roster")
        {
            for i in 0..roster.ds.dataset.n_rows() {
                let (Some(row), Some(group), Some(y)) = (
                    roster.design_row[i],
                    sector_of(roster.sector[i].as_ref()),
                    roster.count[i],
                ) else {
                    continue;
                };
                if let Some(&l) = roster.level[i]
                    .as_ref()
                    .and_then(|c| base.levels.by_source[k].get(c))
                {
                    entries.push(Entry {
                        row: row as u32,
                        group,
                        cell: cells.employees(l),
                        y,
                    });
                }
            }
        }
        if let Some((t, rows)) = &cap.training {
            let provider = codes(loaded, t, "training_provider").unwrap_or_default();
            let level = codes(loaded, t, "job_level").unwrap_or_default();
            let count = t
                .columns
                .concepts
                .get("count")
                .and_then(|c| t.dataset.column(c));
            let hours = column(t, "hours");
            for i in 0..t.dataset.n_rows() {
                let Some(row) = rows[i] else { continue };
                let Some(group) = sector_of(firm_sector[row].as_ref()) else {
                    continue;
                };
                let p = provider[i]
                    .as_ref()
                    .and_then(|c| cap.providers.by_source[0].get(c));
                let l = level[i].as_ref().and_then(|c| cap.training_levels.get(c));
                let n = count.and_then(|c| c.f64_at(i));
                let (Some(&p), Some(&l), Some(n)) = (p, l, n) else {
                    continue;
                };
                let row = row as u32;
                entries.push(Entry {
                    row,
                    group,
                    cell: cells.places(p, l),
                    y: n,
                });
                if let Some(h) = hours.and_then(|c| c.f64_at(i)) {
                    entries.push(Entry {
                        row,
                        group,
                        cell: cells.hours(p, l),
                        y: n * h,
                    });
                }
            }
        }
        let table = CellTable::from_entries(&design.design, entries, n_sectors, cells.n_cells());
        for (g, slot) in firm_side.iter_mut().enumerate() {
            *slot = Some(firm_capacity(
                &table, g as u32, &cells, providers, levels, base.level,
            ));
        }
    }
    // Workers trained, by level × local.
    let mut worker_side: Vec<Option<(Vec<_>, Vec<_>)>> = vec![None; n_sectors];
    if let Some((k, w)) = base
        .sources
        .iter()
        .enumerate()
        .find(|(_, s)| s.kind == "workers")
        && let Some(trained) =
            w.ds.columns
                .concepts
                .get("trained")
                .and_then(|c| w.ds.dataset.column(c))
    {
        let design = design_of(w.design_ds)?;
        let cells = WorkerCells {
            providers: p_count,
            levels: levels.len(),
        };
        let provider = codes(loaded, w.ds, "training_provider");
        let provider_map = cap.providers.by_source.last();
        let local_tiers = &base.layout.definitions[0].1;
        let mut entries = Vec::new();
        for i in 0..w.ds.dataset.n_rows() {
            let Some(group) = sector_of(w.sector[i].as_ref()) else {
                continue;
            };
            let l = w.level[i]
                .as_ref()
                .and_then(|c| base.levels.by_source[k].get(c));
            let t = w.origin[i]
                .as_ref()
                .and_then(|c| base.tiers.by_source[k].get(c));
            let (Some(&l), Some(&t), Some(yes)) = (l, t, answer(trained, i)) else {
                continue;
            };
            let status = yes.then(|| {
                provider
                    .as_ref()
                    .and_then(|p| p[i].as_ref())
                    .and_then(|c| provider_map.and_then(|m| m.get(c)).copied())
            });
            entries.push(Entry {
                row: i as u32,
                group,
                cell: cells.cell(l, local_tiers.contains(&t), status),
                y: 1.0,
            });
        }
        let table = CellTable::from_entries(&design.design, entries, n_sectors, cells.n_cells());
        for (g, slot) in worker_side.iter_mut().enumerate() {
            *slot = Some(workers_trained(
                &table, g as u32, &cells, levels, base.level,
            ));
        }
    }
    let programmes = stakeholder_programmes(loaded, spec, sector_index);
    Ok((0..n_sectors)
        .map(|g| {
            let firm = firm_side[g].take();
            let workers = worker_side[g].take();
            let stake = programmes.get(&(g as u32)).cloned().unwrap_or_default();
            if firm.is_none() && workers.is_none() && stake.is_empty() {
                return None;
            }
            let (trained, worker_gaps) = workers.unwrap_or_default();
            let mut c = Capacity {
                firms_training: None,
                participants_per_employee: None,
                hours_per_participant: None,
                hours_per_employee: None,
                providers: Vec::new(),
                workers_trained: trained,
                stakeholder_programmes: stake,
                gaps: Vec::new(),
            };
            if let Some(f) = firm {
                c.firms_training = f.firms_training;
                c.participants_per_employee = f.participants_per_employee;
                c.hours_per_participant = f.hours_per_participant;
                c.hours_per_employee = f.hours_per_employee;
                c.providers = f.providers;
                c.gaps = f.gaps;
            }
            c.gaps.extend(worker_gaps);
            Some(c)
        })
        .collect())
}

/// A dataset's design (simple random sampling when none is declared).
fn design_of(ds: &LoadedDataset) -> Result<Arc<BuiltDesign>, Vec<Diagnostic>> {
    crate::estimate::design_of(ds).map_err(|e| vec![*e])
}

/// Programmes and trainees per sector and actor type, from the stakeholder
/// dataset's `programmes` and `trainees` variables (plain sums: the
/// stakeholders are a list, not a sample).
fn stakeholder_programmes(
    loaded: &[LoadedDataset],
    spec: &HrdSpec,
    sector_index: &HashMap<&str, u32>,
) -> HashMap<u32, Vec<StakeholderProgrammes>> {
    let mut out = HashMap::new();
    let Some(ds) = by_unit(loaded, UnitKind::Stakeholder.name()) else {
        return out;
    };
    let programmes = column(ds, spec.programmes.as_deref().unwrap_or("programmes_12m"));
    let trainees = column(ds, spec.trainees.as_deref().unwrap_or("trainees_12m"));
    let (Some((sector, _)), Some((kind, _))) = (
        concept_codes(loaded, ds, "sector"),
        concept_codes(loaded, ds, "actor_type"),
    ) else {
        return out;
    };
    if programmes.is_none() && trainees.is_none() {
        return out;
    }
    let mut sums: BTreeMap<(u32, String), (u64, f64, f64)> = BTreeMap::new();
    for i in 0..ds.dataset.n_rows() {
        let (Some(g), Some(t)) = (
            sector[i].as_deref().and_then(|s| sector_index.get(s)),
            kind[i].clone(),
        ) else {
            continue;
        };
        let p = programmes.and_then(|c| c.f64_at(i));
        let n = trainees.and_then(|c| c.f64_at(i));
        if p.is_none() && n.is_none() {
            continue;
        }
        let e = sums.entry((*g, t)).or_default();
        e.0 += 1;
        e.1 += p.unwrap_or(0.0);
        e.2 += n.unwrap_or(0.0);
    }
    for ((g, actor_type), (actors, programmes, trainees)) in sums {
        out.entry(g)
            .or_insert_with(Vec::new)
            .push(StakeholderProgrammes {
                actor_type,
                actors,
                programmes,
                trainees,
            });
    }
    out
}
