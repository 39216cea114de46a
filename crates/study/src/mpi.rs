//! The MPI analysis (`[analyses.mpi]`): deprivations defined from the
//! household survey's variables, the Alkire–Foster measures of everyone
//! and each subgroup with design SEs, other cut-offs, and the intensity
//! distribution. The measures are in [`clusterdx_poverty::mpi`].

use clusterdx_data::{Column, MissingReason, Value};
use clusterdx_poverty::{MpiFigures, MpiTable};
use clusterdx_results::{Diagnostic, Figure, Mpi, MpiAtK, MpiGroup, MpiIndicator};
use clusterdx_survey::{Estimate, ProportionInterval};

use crate::Study;
use crate::estimate::column;
use crate::spec::{MpiIndicatorSpec, MpiSpec, NotApplicable, UnitKind};
use crate::validate::{LoadedDataset, LoadedStudy, by_unit, personal_refused};

/// An indicator resolved: its columns and weight.
struct Indicator<'a> {
    spec: &'a MpiIndicatorSpec,
    weight: f64,
    value: Option<&'a Column>,
    per: Option<&'a Column>,
    items: Vec<&'a Column>,
}

/// The dataset, indicators and weights, checked.
struct Plan<'a> {
    ds: &'a LoadedDataset,
    indicators: Vec<Indicator<'a>>,
    k: f64,
}

fn plan<'a>(
    study: &Study,
    spec: &'a MpiSpec,
    loaded: &'a [LoadedDataset],
) -> Result<Plan<'a>, Vec<Diagnostic>> {
    let err = |m: String| {
        vec![Diagnostic::error(
            "mpi",
            format!("{}: [analyses.mpi]: {m}", study.file_name()),
        )]
    };
    let ds = match &spec.dataset {
        Some(n) => loaded.iter().find(|d| &d.name == n.get()),
        None => by_unit(loaded, UnitKind::Household.name()),
    }
    .ok_or_else(|| {
        err("no household dataset (`unit = \"household\"`, or `dataset = \"…\"`)".into())
    })?;
    if spec.indicators.is_empty() {
        return Err(err(
            "no indicators: declare [[analyses.mpi.indicators]] (docs/methods/poverty.md)".into(),
        ));
    }
    let total: f64 = spec.dimensions.values().sum();
    if spec.dimensions.is_empty() || (total - 1.0).abs() > 1e-6 {
        return Err(err(format!(
            "dimension weights must sum to 1 (they sum to {total})"
        )));
    }
    let k = spec.k.unwrap_or(1.0 / 3.0);
    if !(k > 0.0 && k <= 1.0) || spec.other_k.iter().any(|x| !(*x > 0.0 && *x <= 1.0)) {
        return Err(err("cut-offs k must be in (0, 1]".into()));
    }
    let find = |name: &str, what: &str| -> Result<&'a Column, Vec<Diagnostic>> {
        let c = column(ds, name)
            .ok_or_else(|| err(format!("{what}: dataset `{}` has no `{name}`", ds.name)))?;
        if ds.columns.is_personal(&c.name) {
            return Err(vec![personal_refused(
                ds,
                format!("mpi: `{name}` is a personal column"),
            )]);
        }
        Ok(c)
    };
    let mut out = Vec::new();
    for ind in &spec.indicators {
        let what = format!("indicator `{}`", ind.name);
        let Some(&dim_weight) = spec.dimensions.get(&ind.dimension) else {
            return Err(err(format!(
                "{what}: no dimension `{}` (dimensions: {})",
                ind.dimension,
                spec.dimensions
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let siblings = spec
            .indicators
            .iter()
            .filter(|i| i.dimension == ind.dimension)
            .count();
        let rules = usize::from(ind.below.is_some())
            + usize::from(ind.above.is_some())
            + usize::from(ind.at_least.is_some())
            + usize::from(!ind.equals.is_empty())
            + usize::from(ind.fewer_than.is_some());
        if rules != 1 {
            return Err(err(format!(
                "{what}: give exactly one deprivation rule (`below`, `above`, `at_least`, `equals` or `fewer_than`)"
            )));
        }
        let (value, items) = match (&ind.variable, ind.fewer_than) {
            (Some(v), None) => (Some(find(v, &what)?), Vec::new()),
            (None, Some(_)) if !ind.variables.is_empty() => (
                None,
                ind.variables
                    .iter()
                    .map(|v| find(v, &what))
                    .collect::<Result<_, _>>()?,
            ),
            _ => {
                return Err(err(format!(
                    "{what}: a `variable` with `below`/`above`/`at_least`/`equals`, or `variables` with `fewer_than`"
                )));
            }
        };
        out.push(Indicator {
            spec: ind,
            weight: ind.weight.unwrap_or(dim_weight / siblings as f64),
            value,
            per: ind.per.as_deref().map(|p| find(p, &what)).transpose()?,
            items,
        });
    }
    let sum: f64 = out.iter().map(|i| i.weight).sum();
    if (sum - 1.0).abs() > 1e-6 {
        return Err(err(format!("indicator weights sum to {sum}, not 1")));
    }
    Ok(Plan {
        ds,
        indicators: out,
        k,
    })
}

/// Validation.
pub(crate) fn check(study: &Study, loaded: &[LoadedDataset], diags: &mut Vec<Diagnostic>) {
    if let Some(spec) = &study.spec.analyses.mpi
        && let Err(e) = plan(study, spec, loaded)
    {
        diags.extend(e);
    }
}

/// Row i's deprivation in one indicator: `Some(1.0)`/`Some(0.0)`, or
/// `None` when missing.
fn deprivation(ind: &Indicator<'_>, i: usize) -> Option<f64> {
    let rule = ind.spec;
    let empty = |c: &Column| matches!(c.get(i), Value::Missing(MissingReason::System));
    let not_applicable = || match rule.not_applicable {
        NotApplicable::NotDeprived => Some(0.0),
        NotApplicable::Missing => None,
    };
    let yes = |b: bool| Some(f64::from(u8::from(b)));
    if let Some(c) = ind.value {
        if empty(c) {
            return not_applicable();
        }
        if !rule.equals.is_empty() {
            let code = c.code_at(i)?;
            return yes(rule.equals.iter().any(|e| e.key() == code));
        }
        let mut x = c.f64_at(i)?;
        if let Some(p) = ind.per {
            let d = p.f64_at(i)?;
            if d <= 0.0 {
                return None;
            }
            x /= d;
        }
        return match (rule.below, rule.above, rule.at_least) {
            (Some(b), _, _) => yes(x < b),
            (_, Some(a), _) => yes(x > a),
            (_, _, Some(a)) => yes(x >= a),
            _ => None,
        };
    }
    let mut count = 0;
    for c in &ind.items {
        if empty(c) {
            return not_applicable();
        }
        if crate::cluster::answer(c, i)? {
            count += 1;
        }
    }
    yes(count < rule.fewer_than.unwrap_or(0))
}

fn figure(e: &Estimate, level: f64, share: bool) -> Figure {
    let ci = if share {
        e.ci_proportion(level, ProportionInterval::Logit)
    } else {
        e.ci(level)
    };
    Figure {
        value: e.value,
        se: e.se(),
        ci: [ci.0, ci.1],
        df: e.df,
        n: e.n as u64,
    }
}

/// Computes the analysis.
pub(crate) fn run(loaded: &LoadedStudy) -> Result<Option<Mpi>, Vec<Diagnostic>> {
    let Some(spec) = &loaded.study.spec.analyses.mpi else {
        return Ok(None);
    };
    let plan = plan(&loaded.study, spec, &loaded.datasets)?;
    let ds = plan.ds;
    let n = ds.dataset.n_rows();
    let level = spec.level.unwrap_or(0.95);
    let person = spec.person_weighted.unwrap_or(true);
    let size: Option<Vec<f64>> = if person {
        let c = column(ds, "household_size").ok_or_else(|| {
            vec![Diagnostic::error(
                "mpi",
                format!("[analyses.mpi]: person weights need the `household_size` concept of `{}` (or set `person_weighted = false`)", ds.name),
            )]
        })?;
        Some((0..n).map(|i| c.f64_at(i).unwrap_or(0.0)).collect())
    } else {
        None
    };
    let deprivations: Vec<Vec<Option<f64>>> = plan
        .indicators
        .iter()
        .map(|ind| (0..n).map(|i| deprivation(ind, i)).collect())
        .collect();
    let weights: Vec<f64> = plan.indicators.iter().map(|i| i.weight).collect();
    let built = crate::estimate::design_of(ds).map_err(|e| vec![*e])?;
    let design = &built.design;
    // Subgroups: each `by` variable's codes, numbered after everyone.
    let mut groups: Vec<(String, String, Option<String>)> = Vec::new();
    let mut group_of: Vec<Vec<Option<u32>>> = Vec::new();
    // The table (one per `by` variable) each group is in.
    let mut table_of_group: Vec<usize> = Vec::new();
    for by in &spec.by {
        let c = column(ds, by).ok_or_else(|| {
            vec![Diagnostic::error(
                "mpi",
                format!("[analyses.mpi] by: dataset `{}` has no `{by}`", ds.name),
            )]
        })?;
        let (codes, distinct) = crate::validate::domain_codes(ds, c);
        let base = groups.len() as u32;
        // Code → group number, built once (not a search per row).
        let index: std::collections::HashMap<&str, u32> = distinct
            .iter()
            .enumerate()
            .map(|(k, (code, _))| (code.as_str(), base + k as u32))
            .collect();
        group_of.push(
            codes
                .iter()
                .map(|x| x.as_deref().and_then(|x| index.get(x).copied()))
                .collect(),
        );
        for (code, label) in distinct {
            groups.push((by.clone(), code, label));
            table_of_group.push(group_of.len() - 1);
        }
    }
    // One table per `by` variable (a row is in one group of each); the
    // first also gives everyone.
    let tables: Vec<MpiTable<'_>> = if group_of.is_empty() {
        vec![MpiTable::new(
            design,
            &deprivations,
            &weights,
            plan.k,
            None,
            0,
            size.as_deref(),
        )]
    } else {
        group_of
            .iter()
            .map(|g| {
                MpiTable::new(
                    design,
                    &deprivations,
                    &weights,
                    plan.k,
                    Some(g),
                    groups.len(),
                    size.as_deref(),
                )
            })
            .collect()
    };
    let to_group = |f: MpiFigures, at: Option<&(String, String, Option<String>)>| MpiGroup {
        by: at.map(|a| a.0.clone()),
        code: at.map(|a| a.1.clone()),
        label: at.and_then(|a| a.2.clone()),
        h: figure(&f.h, level, true),
        a: f.a.as_ref().map(|e| figure(e, level, false)),
        m0: figure(&f.m0, level, false),
        uncensored: f.hd.iter().map(|e| figure(e, level, true)).collect(),
        censored: f.hdk.iter().map(|e| figure(e, level, true)).collect(),
        contributions: f.contributions,
        population_share: None,
        share_of_m0: None,
    };
    let mut out_groups = Vec::new();
    if let Some(f) = tables[0].figures(0) {
        out_groups.push(to_group(f, None));
    }
    for (k, at) in groups.iter().enumerate() {
        let t = &tables[table_of_group[k]];
        if let Some(f) = t.figures(k as u32 + 1) {
            let m0 = f.m0.value;
            let mut g = to_group(f, Some(at));
            let share = t.population(k as u32 + 1) / t.population(0);
            g.population_share = Some(share);
            g.share_of_m0 = out_groups
                .first()
                .map(|all| all.m0.value)
                .filter(|m| *m > 0.0)
                .map(|all| share * m0 / all);
            out_groups.push(g);
        }
    }
    let other_k = spec
        .other_k
        .iter()
        .filter_map(|&k| {
            let t = MpiTable::new(design, &deprivations, &weights, k, None, 0, size.as_deref());
            let f = t.figures(0)?;
            Some(MpiAtK {
                k,
                h: figure(&f.h, level, true),
                a: f.a.as_ref().map(|e| figure(e, level, false)),
                m0: figure(&f.m0, level, false),
            })
        })
        .collect();
    // Intensity: everyone's scores in tenths, person-weighted.
    let w = design.weights();
    let mut bands = [0.0; 10];
    let mut total = 0.0;
    for (i, s) in tables[0].scores.iter().enumerate() {
        if let Some(c) = s {
            let pw = w[i] * size.as_ref().map_or(1.0, |s| s[i]);
            bands[((c * 10.0 + 1e-9).floor() as usize).min(9)] += pw;
            total += pw;
        }
    }
    Ok(Some(Mpi {
        dataset: ds.name.clone(),
        k: plan.k,
        person_weighted: person,
        level,
        indicators: plan
            .indicators
            .iter()
            .map(|i| MpiIndicator {
                name: i.spec.name.clone(),
                dimension: i.spec.dimension.clone(),
                weight: i.weight,
            })
            .collect(),
        complete: tables[0].n_complete as u64,
        missing: tables[0].n_missing as u64,
        groups: out_groups,
        other_k,
        intensity: bands.iter().map(|b| b / total).collect(),
    }))
}
