//! The HRD analysis (`[analyses.hrd]`): local participation by job level,
//! skill and origin in each sector, from the firm survey's employment
//! roster (under the firm design) and from the worker survey (under the
//! worker design), side by side.
//!
//! This module resolves the study's datasets and codes; the measures are
//! in [`clusterdx_hrd`], the estimation in [`clusterdx_survey`].

mod capacity;
mod linkages;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use clusterdx_data::compare_codes;
use clusterdx_hrd::{Kind, Layout, Occupation, SkillBuckets, figure, participation};
use clusterdx_results::{
    Diagnostic, Hrd, HrdSector, InvalidCode, LocalDefinition, Participation, SourceDifference,
    SourceReport,
};
use clusterdx_survey::{CellTable, Entry, Estimate, difference_independent};

use crate::Study;
use crate::spec::{CodeSpec, HrdSpec, UnitKind};
use crate::survey_design::BuiltDesign;
use crate::validate::{LoadedDataset, LoadedStudy, by_unit, concept_codes, personal_refused};

/// Default names of three job levels and four origin tiers.
const LEVELS: [&str; 3] = ["entry", "supervisory", "managerial"];
const TIERS: [&str; 4] = ["district", "rest_of_province", "other_provinces", "foreign"];

/// Rows of an invalid-code report kept as examples.
const EXAMPLES: usize = 5;

/// A source of participation figures.
struct Source<'a> {
    /// `roster` or `workers`.
    kind: &'static str,
    ds: &'a LoadedDataset,
    /// The dataset whose design estimates (the firms, for a roster).
    design_ds: &'a LoadedDataset,
    /// Per row: its row in `design_ds`.
    design_row: Vec<Option<usize>>,
    sector: Vec<Option<String>>,
    level: Vec<Option<String>>,
    origin: Vec<Option<String>>,
    occupation: Option<Vec<Option<String>>>,
    /// Head count per row (1 for a worker).
    count: Vec<Option<f64>>,
}

/// The dataset named in the spec, or the first of `unit`.
fn named<'a>(
    loaded: &'a [LoadedDataset],
    name: Option<&crate::Located<String>>,
    unit: UnitKind,
) -> Option<&'a LoadedDataset> {
    match name {
        Some(n) => loaded.iter().find(|d| &d.name == n.get()),
        None => by_unit(loaded, unit.name()),
    }
}

/// Per-row codes of a concept of `ds` (its own column or through a link).
fn codes(
    loaded: &[LoadedDataset],
    ds: &LoadedDataset,
    concept: &str,
) -> Option<Vec<Option<String>>> {
    concept_codes(loaded, ds, concept).map(|(v, _)| v)
}

/// The rows of `ds`'s parent that its rows belong to (a repeat group).
fn parent_rows(ds: &LoadedDataset, parent: &LoadedDataset) -> Option<Vec<Option<usize>>> {
    let link = ds.dataset.parent.as_ref()?;
    let keys = parent.dataset.column(&link.parent_column)?;
    let row_of: HashMap<String, usize> = (0..keys.len())
        .filter_map(|i| Some((keys.code_at(i)?, i)))
        .collect();
    let child = ds.dataset.column(&link.child_column)?;
    Some(
        (0..child.len())
            .map(|i| child.code_at(i).and_then(|k| row_of.get(&k).copied()))
            .collect(),
    )
}

/// Resolves a source; `Err` names what is missing.
fn source<'a>(
    loaded: &'a [LoadedDataset],
    ds: &'a LoadedDataset,
    kind: &'static str,
) -> Result<Source<'a>, String> {
    let need = |concept: &str| {
        codes(loaded, ds, concept).ok_or_else(|| {
            format!(
                "dataset `{}` maps no `{concept}` concept (`[datasets.{}.concepts] {concept} = \"column\"`)",
                ds.name, ds.name
            )
        })
    };
    let (level, origin) = (need("job_level")?, need("origin")?);
    let occupation = codes(loaded, ds, "occupation");
    let n = ds.dataset.n_rows();
    if kind == "roster" {
        let parent_name = ds.parent.as_deref().ok_or_else(|| {
            format!(
                "dataset `{}` is not a repeat group of the firm survey",
                ds.name
            )
        })?;
        let parent = loaded
            .iter()
            .find(|d| d.name == parent_name)
            .ok_or_else(|| format!("no parent dataset `{parent_name}`"))?;
        let design_row = parent_rows(ds, parent)
            .ok_or_else(|| format!("dataset `{}` has no link to its parent", ds.name))?;
        let firm_sector = codes(loaded, parent, "sector")
            .ok_or_else(|| format!("the firm survey `{}` maps no `sector` concept", parent.name))?;
        let count_col = ds
            .columns
            .concepts
            .get("count")
            .and_then(|c| ds.dataset.column(c))
            .ok_or_else(|| {
                format!(
                    "dataset `{}` maps no `count` concept (the head count of each roster line)",
                    ds.name
                )
            })?;
        Ok(Source {
            kind,
            ds,
            design_ds: parent,
            sector: design_row
                .iter()
                .map(|r| r.and_then(|r| firm_sector[r].clone()))
                .collect(),
            design_row,
            level,
            origin,
            occupation,
            count: (0..n).map(|i| count_col.f64_at(i)).collect(),
        })
    } else {
        Ok(Source {
            kind,
            ds,
            design_ds: ds,
            design_row: (0..n).map(Some).collect(),
            sector: need("sector")?,
            level,
            origin,
            occupation,
            count: vec![Some(1.0); n],
        })
    }
}

/// The sources the spec asks for (or finds); errors for named ones that
/// are missing.
fn sources<'a>(
    study: &Study,
    loaded: &'a [LoadedDataset],
    spec: &HrdSpec,
) -> (Vec<Source<'a>>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (kind, name, unit) in [
        ("roster", spec.roster.as_ref(), UnitKind::Roster),
        ("workers", spec.workers.as_ref(), UnitKind::Worker),
    ] {
        let Some(ds) = named(loaded, name, unit) else {
            if let Some(n) = name {
                diags.push(
                    Diagnostic::error(
                        "hrd",
                        format!(
                            "{}: hrd {kind}: no dataset `{}`",
                            study.locate(n.span()),
                            n.get()
                        ),
                    )
                    .with_position(study.position(n.span())),
                );
            }
            continue;
        };
        match source(loaded, ds, kind) {
            Ok(s) => out.push(s),
            Err(why) => diags.push(
                Diagnostic::error("hrd", format!("hrd {kind}: {why}"))
                    .with_dataset(&ds.name, Some(ds.source.clone())),
            ),
        }
    }
    if out.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::error(
                "hrd",
                format!("{}: [analyses.hrd]: no employment roster and no worker survey", study.file_name()),
            )
            .with_expected("a dataset with `unit = \"roster\"` (a repeat group of the firm survey) or `unit = \"worker\"`"),
        );
    }
    (out, diags)
}

/// The codes of a concept's column in order: the study file's value set as
/// declared, else the file's value labels, else the codes seen.
pub(crate) fn ordered_codes(
    study: &Study,
    ds: &LoadedDataset,
    concept: &str,
    seen: &[Option<String>],
) -> Vec<String> {
    let col = ds.columns.concepts.get(concept);
    let labels = col.and_then(|c| ds.columns.value_sets.get(c));
    if let (Some(c), Some(l)) = (col, labels) {
        if ds.columns.declared_sets.contains(c)
            && let Some(set) = l.name.as_ref().and_then(|n| study.spec.value_sets.get(n))
        {
            return set
                .labels
                .keys()
                .map(|k| crate::validate::canonical_code(k))
                .collect();
        }
        if !l.is_empty() {
            return l.iter().map(|(k, _)| k.to_string()).collect();
        }
    }
    let mut all: Vec<String> = seen
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    all.sort_by(|a, b| compare_codes(a, b));
    all
}

/// A classification of codes (levels or tiers): names, and per source a
/// code → index map.
struct Classes {
    names: Vec<String>,
    by_source: Vec<HashMap<String, usize>>,
}

/// Levels, tiers or providers: declared (name → codes, any source), else
/// each source's codes in order, named by `defaults` when they number as
/// many. `inputs`: each source's dataset and per-row codes of `concept`.
fn classes(
    study: &Study,
    inputs: &[(&LoadedDataset, &[Option<String>])],
    concept: &str,
    declared: &indexmap::IndexMap<String, Vec<CodeSpec>>,
    defaults: &[&str],
    key: &str,
) -> Result<Classes, String> {
    if !declared.is_empty() {
        let mut map = HashMap::new();
        for (k, (_, codes)) in declared.iter().enumerate() {
            for c in codes {
                map.insert(c.key(), k);
            }
        }
        return Ok(Classes {
            names: declared.keys().cloned().collect(),
            by_source: inputs.iter().map(|_| map.clone()).collect(),
        });
    }
    let ordered: Vec<Vec<String>> = inputs
        .iter()
        .map(|(ds, values)| ordered_codes(study, ds, concept, values))
        .collect();
    let n = ordered.first().map_or(0, Vec::len);
    if let Some(((ds, _), o)) = inputs.iter().zip(&ordered).find(|(_, o)| o.len() != n) {
        return Err(format!(
            "the `{concept}` codes of `{}` ({}) and `{}` ({}) differ in number; declare [analyses.hrd.{key}] with the codes of each name",
            inputs[0].0.name,
            ordered[0].join(", "),
            ds.name,
            o.join(", ")
        ));
    }
    if n == 0 {
        return Err(format!(
            "dataset `{}` has no `{concept}` codes",
            inputs[0].0.name
        ));
    }
    let names = if n == defaults.len() {
        defaults.iter().map(|s| s.to_string()).collect()
    } else {
        ordered[0].clone()
    };
    Ok(Classes {
        names,
        by_source: ordered
            .iter()
            .map(|o| o.iter().enumerate().map(|(k, c)| (c.clone(), k)).collect())
            .collect(),
    })
}

/// Everything the analysis needs, resolved and checked.
struct Plan<'a> {
    sources: Vec<Source<'a>>,
    layout: Layout,
    levels: Classes,
    tiers: Classes,
    buckets: SkillBuckets,
    level: f64,
    /// Weights of the HRD index's components.
    weights: [f64; 4],
}

fn plan<'a>(
    study: &Study,
    loaded: &'a [LoadedDataset],
    spec: &HrdSpec,
) -> Result<Plan<'a>, Vec<Diagnostic>> {
    let (sources, mut diags) = sources(study, loaded, spec);
    let err =
        |m: String| Diagnostic::error("hrd", format!("{}: [analyses.hrd]: {m}", study.file_name()));
    for s in &sources {
        for concept in ["job_level", "origin", "occupation", "sector"] {
            if let Some((_, true)) = concept_codes(loaded, s.ds, concept) {
                diags.push(personal_refused(
                    s.ds,
                    format!(
                        "hrd: the `{concept}` concept of dataset `{}` is a personal column",
                        s.ds.name
                    ),
                ));
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let level_inputs: Vec<(&LoadedDataset, &[Option<String>])> =
        sources.iter().map(|s| (s.ds, &s.level[..])).collect();
    let origin_inputs: Vec<(&LoadedDataset, &[Option<String>])> =
        sources.iter().map(|s| (s.ds, &s.origin[..])).collect();
    let levels = classes(
        study,
        &level_inputs,
        "job_level",
        &spec.levels,
        &LEVELS,
        "levels",
    )
    .map_err(|m| vec![err(m)])?;
    let tiers = classes(
        study,
        &origin_inputs,
        "origin",
        &spec.origin,
        &TIERS,
        "origin",
    )
    .map_err(|m| vec![err(m)])?;
    let buckets = if spec.skills.is_empty() {
        SkillBuckets::default_buckets()
    } else {
        SkillBuckets::new(spec.skills.iter().map(|(k, v)| (k.clone(), v.clone())))
            .map_err(|e| vec![err(e.to_string())])?
    };
    let definitions: Vec<(String, Vec<usize>)> = if spec.local.is_empty() {
        let mut d = vec![("district".to_string(), vec![0])];
        if tiers.names.len() > 2 {
            d.push(("province".to_string(), vec![0, 1]));
        }
        d
    } else {
        let mut out = Vec::new();
        for (name, list) in &spec.local {
            let mut idx = Vec::new();
            for t in list {
                match tiers.names.iter().position(|n| n == t) {
                    Some(k) => idx.push(k),
                    None => {
                        return Err(vec![err(format!(
                            "local definition `{name}` names the tier `{t}`; the tiers are {}",
                            tiers.names.join(", ")
                        ))]);
                    }
                }
            }
            out.push((name.clone(), idx));
        }
        out
    };
    let mut weights = [1.0; 4];
    for (name, w) in &spec.index {
        let Some(k) = clusterdx_hrd::COMPONENTS.iter().position(|c| c == name) else {
            return Err(vec![err(format!(
                "index component `{name}` is not one of {}",
                clusterdx_hrd::COMPONENTS.join(", ")
            ))]);
        };
        if !(w.is_finite() && *w >= 0.0) {
            return Err(vec![err(format!(
                "index weight of `{name}` is {w}; weights are finite and ≥ 0"
            ))]);
        }
        weights[k] = *w;
    }
    let level = spec.level.unwrap_or(0.95);
    if !(level > 0.0 && level < 1.0) {
        return Err(vec![err(format!("level = {level} is outside (0, 1)"))]);
    }
    Ok(Plan {
        layout: Layout {
            levels: levels.names.clone(),
            skills: buckets.names().to_vec(),
            tiers: tiers.names.clone(),
            definitions,
        },
        sources,
        levels,
        tiers,
        buckets,
        level,
        weights,
    })
}

/// Validation: the sources resolve and their codes classify.
pub(crate) fn check(study: &Study, loaded: &[LoadedDataset], diags: &mut Vec<Diagnostic>) {
    if let Some(spec) = &study.spec.analyses.hrd {
        match plan(study, loaded, spec) {
            Err(e) => diags.extend(e),
            Ok(p) => {
                if let Err(e) = capacity::plan(study, loaded, spec, &p) {
                    diags.extend(e);
                }
            }
        }
    }
}

/// One source's entries, its design and what its rows said.
struct Tabled {
    design: Arc<BuiltDesign>,
    entries: Vec<Entry>,
    report: SourceReport,
}

/// Computes the analysis.
pub(crate) fn run(loaded: &LoadedStudy) -> Result<Option<Hrd>, Vec<Diagnostic>> {
    let Some(spec) = &loaded.study.spec.analyses.hrd else {
        return Ok(None);
    };
    let plan = plan(&loaded.study, &loaded.datasets, spec)?;
    let layout = &plan.layout;
    // Sectors of every source, in code order.
    let mut sectors: Vec<String> = plan
        .sources
        .iter()
        .flat_map(|s| s.sector.iter().flatten().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    sectors.sort_by(|a, b| compare_codes(a, b));
    let sector_index: HashMap<&str, u32> = sectors
        .iter()
        .enumerate()
        .map(|(k, s)| (s.as_str(), k as u32))
        .collect();
    let mut tabled = Vec::new();
    for (k, s) in plan.sources.iter().enumerate() {
        let design = crate::estimate::design_of(s.design_ds).map_err(|e| vec![*e])?;
        let mut report = SourceReport {
            source: s.kind.to_string(),
            dataset: s.ds.name.clone(),
            used: 0,
            left_out: 0,
            scheme: spec.occupations.name().to_string(),
            mapped: 0,
            invalid: 0,
            missing: 0,
            invalid_examples: Vec::new(),
        };
        let mut entries = Vec::new();
        for i in 0..s.ds.dataset.n_rows() {
            let skill = match &s.occupation {
                None => None,
                Some(occ) => match plan.buckets.classify(occ[i].as_deref()) {
                    Occupation::Bucket(b) => {
                        report.mapped += 1;
                        Some(b)
                    }
                    Occupation::Invalid => {
                        report.invalid += 1;
                        if report.invalid_examples.len() < EXAMPLES {
                            report.invalid_examples.push(InvalidCode {
                                row: i as u64 + 1,
                                code: occ[i].clone().unwrap_or_default(),
                            });
                        }
                        None
                    }
                    Occupation::Missing => {
                        report.missing += 1;
                        None
                    }
                },
            };
            let (Some(row), Some(sector), Some(y)) = (
                s.design_row[i],
                s.sector[i].as_deref().and_then(|x| sector_index.get(x)),
                s.count[i],
            ) else {
                report.left_out += 1;
                continue;
            };
            let lv = s.level[i]
                .as_ref()
                .and_then(|c| plan.levels.by_source[k].get(c));
            let tier = s.origin[i]
                .as_ref()
                .and_then(|c| plan.tiers.by_source[k].get(c));
            let (Some(&lv), Some(&tier)) = (lv, tier) else {
                report.left_out += 1;
                continue;
            };
            report.used += 1;
            entries.push(Entry {
                row: row as u32,
                group: *sector,
                cell: layout.cell(lv, skill, tier),
                y,
            });
        }
        tabled.push(Tabled {
            design,
            entries,
            report,
        });
    }
    let tables: Vec<CellTable<'_>> = tabled
        .iter()
        .map(|t| {
            CellTable::from_entries(
                &t.design.design,
                t.entries.iter().copied(),
                sectors.len(),
                layout.n_cells(),
            )
        })
        .collect();
    let cap = capacity::plan(&loaded.study, &loaded.datasets, spec, &plan)?;
    let mut capacities =
        capacity::run(&loaded.datasets, spec, &plan, &cap, &sector_index)?.into_iter();
    let labels = sector_labels(&plan.sources);
    let out_sectors = sectors
        .iter()
        .enumerate()
        .map(|(g, code)| {
            let participation: Vec<Participation> = plan
                .sources
                .iter()
                .zip(&tables)
                .map(|(s, table)| {
                    let p = participation(table, g as u32, layout, plan.level);
                    Participation {
                        source: s.kind.to_string(),
                        dataset: s.ds.name.clone(),
                        employees: p.employees,
                        local: p.local,
                        origin_by_level: p.origin_by_level,
                    }
                })
                .collect();
            let capacity = capacities.next().flatten();
            let linkages = linkages::linkages(&loaded.datasets, spec, code);
            let primary = participation
                .iter()
                .find(|p| p.source == "roster")
                .or(participation.first());
            HrdSector {
                sector: code.clone(),
                label: labels.get(code).cloned(),
                source_differences: source_differences(&participation, plan.level),
                summary: clusterdx_hrd::summary(
                    primary,
                    capacity.as_ref(),
                    linkages.as_ref(),
                    &plan.weights,
                ),
                participation,
                capacity,
                linkages,
            }
        })
        .collect();
    Ok(Some(Hrd {
        level: plan.level,
        levels: layout.levels.clone(),
        skills: layout.skills.clone(),
        tiers: layout.tiers.clone(),
        providers: cap.providers.names.clone(),
        definitions: layout
            .definitions
            .iter()
            .map(|(name, tiers)| LocalDefinition {
                name: name.clone(),
                tiers: tiers.iter().map(|&t| layout.tiers[t].clone()).collect(),
            })
            .collect(),
        sources: tabled.into_iter().map(|t| t.report).collect(),
        sectors: out_sectors,
    }))
}

/// Sector labels from the sources' sector value sets.
fn sector_labels(sources: &[Source<'_>]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for s in sources {
        let ds = s.design_ds;
        if let Some(l) = ds
            .columns
            .concepts
            .get("sector")
            .and_then(|c| ds.columns.value_sets.get(c))
        {
            for (code, label) in l.iter() {
                out.entry(code.to_string())
                    .or_insert_with(|| label.to_string());
            }
        }
    }
    out
}

/// Workers − roster for each definition's overall and per-level local
/// shares, when both sources are there.
fn source_differences(p: &[Participation], level: f64) -> Vec<SourceDifference> {
    let (Some(r), Some(w)) = (
        p.iter().find(|x| x.source == "roster"),
        p.iter().find(|x| x.source == "workers"),
    ) else {
        return Vec::new();
    };
    let est =
        |f: &clusterdx_results::Figure| Estimate::new(f.value, f.se * f.se, f.df, f.n as usize, 0);
    let mut out = Vec::new();
    for (lr, lw) in r.local.iter().zip(&w.local) {
        let pairs = std::iter::once((None, lr.overall.as_ref(), lw.overall.as_ref())).chain(
            lr.levels.iter().zip(&lw.levels).map(|(a, b)| {
                (
                    Some(a.level.clone()),
                    a.local_share.as_ref(),
                    b.local_share.as_ref(),
                )
            }),
        );
        for (lv, a, b) in pairs {
            let (Some(a), Some(b)) = (a, b) else { continue };
            let d = difference_independent(&est(b), &est(a));
            out.push(SourceDifference {
                definition: lr.definition.clone(),
                level: lv,
                difference: figure(&d, Kind::Total, level),
                intervals_overlap: a.ci[0] <= b.ci[1] && b.ci[0] <= a.ci[1],
            });
        }
    }
    out
}
