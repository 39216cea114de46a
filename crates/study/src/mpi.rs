//! The MPI analysis (`[analyses.mpi]`): deprivations defined from the
//! household survey's variables, the Alkire–Foster measures of everyone
//! and each subgroup with design SEs, other cut-offs, and the intensity
//! distribution. The measures are in [`clusterdx_poverty::mpi`].

use clusterdx_data::{Column, MissingReason, Value};
use clusterdx_hrd::{Kind, figure};
use clusterdx_poverty::{MpiFigures, MpiTable};
use clusterdx_results::{
    Diagnostic, Mpi, MpiAtK, MpiComparison, MpiGroup, MpiIndicator, PovertyChange,
};
use clusterdx_survey::Estimator;

use crate::Study;
use crate::estimate::column;
use crate::spec::{MpiIndicatorSpec, MpiSpec, NotApplicable, UnitKind};
use crate::validate::{LoadedDataset, LoadedStudy, by_unit, personal_refused};

/// An indicator resolved: its columns and weight.
struct Indicator<'a> {
    spec: &'a MpiIndicatorSpec,
    dimension: String,
    weight: f64,
    definition: Option<&'static str>,
    value: Option<&'a Column>,
    per: Option<&'a Column>,
    items: Vec<&'a Column>,
}

/// The dataset, indicators and weights, checked.
struct Plan<'a> {
    ds: &'a LoadedDataset,
    indicators: Vec<Indicator<'a>>,
    k: f64,
    /// The template's source, when one is used.
    template: Option<&'static str>,
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
    let template = spec.template.map(crate::mpi_template::template);
    // With a template: each indicator's dimension and weight.
    let template_weights: Vec<(&str, f64)> = match template {
        Some(t) => {
            if !spec.dimensions.is_empty() {
                return Err(err(format!(
                    "with `template = \"{}\"` the dimensions and weights are the template's: remove `dimensions`",
                    t.name
                )));
            }
            let names = || {
                t.indicators
                    .iter()
                    .map(|i| i.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            for d in &spec.drop {
                if t.indicator(d).is_none() {
                    return Err(err(format!(
                        "drop: `{d}` is not an indicator of the {} template ({})",
                        t.name,
                        names()
                    )));
                }
            }
            let weights = t
                .weights(&spec.drop)
                .map_err(|m| err(format!("drop: {m}")))?;
            for ind in &spec.indicators {
                let Some(ti) = t.indicator(&ind.name) else {
                    return Err(err(format!(
                        "indicator `{}` is not an indicator of the {} template ({})",
                        ind.name,
                        t.name,
                        names()
                    )));
                };
                if spec.drop.contains(&ind.name) {
                    return Err(err(format!(
                        "indicator `{}` is both defined and dropped",
                        ind.name
                    )));
                }
                if ind.dimension.as_deref().is_some_and(|d| d != ti.dimension) {
                    return Err(err(format!(
                        "indicator `{}` is in dimension `{}` of the {} template",
                        ind.name, ti.dimension, t.name
                    )));
                }
                if ind.weight.is_some() {
                    return Err(err(format!(
                        "indicator `{}`: the {} template sets its weight; remove `weight`",
                        ind.name, t.name
                    )));
                }
                if spec
                    .indicators
                    .iter()
                    .filter(|i| i.name == ind.name)
                    .count()
                    > 1
                {
                    return Err(err(format!("indicator `{}` is defined twice", ind.name)));
                }
            }
            let missing: Vec<&str> = weights
                .iter()
                .map(|w| w.0)
                .filter(|n| !spec.indicators.iter().any(|i| i.name == *n))
                .collect();
            if !missing.is_empty() {
                return Err(err(format!(
                    "the {} template's indicators {} are not defined: define them, or list the ones the survey lacks in `drop`",
                    t.name,
                    missing.join(", ")
                )));
            }
            weights
        }
        None => {
            if !spec.drop.is_empty() {
                return Err(err("`drop` needs a `template`".into()));
            }
            let total: f64 = spec.dimensions.values().sum();
            if spec.dimensions.is_empty() || (total - 1.0).abs() > 1e-6 {
                return Err(err(format!(
                    "dimension weights must sum to 1 (they sum to {total})"
                )));
            }
            Vec::new()
        }
    };
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
        let (dimension, weight, definition) = match template {
            Some(t) => {
                let ti = t.indicator(&ind.name).expect("checked above");
                let w = template_weights
                    .iter()
                    .find(|w| w.0 == ind.name)
                    .expect("kept")
                    .1;
                (ti.dimension.to_string(), w, Some(ti.definition))
            }
            None => {
                let Some(dimension) = &ind.dimension else {
                    return Err(err(format!("{what}: give its `dimension`")));
                };
                let Some(&dim_weight) = spec.dimensions.get(dimension) else {
                    return Err(err(format!(
                        "{what}: no dimension `{dimension}` (dimensions: {})",
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
                    .filter(|i| i.dimension.as_ref() == Some(dimension))
                    .count();
                (
                    dimension.clone(),
                    ind.weight.unwrap_or(dim_weight / siblings as f64),
                    None,
                )
            }
        };
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
            dimension,
            weight,
            definition,
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
        template: template.map(|t| t.source),
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
    let rounds_by = spec.rounds.iter().filter(|r| !spec.by.contains(r));
    for by in spec.by.iter().chain(rounds_by) {
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
        h: figure(&f.h, Kind::Share, level),
        a: f.a.as_ref().map(|e| figure(e, Kind::Total, level)),
        m0: figure(&f.m0, Kind::Total, level),
        uncensored: f.hd.iter().map(|e| figure(e, Kind::Share, level)).collect(),
        censored: f
            .hdk
            .iter()
            .map(|e| figure(e, Kind::Share, level))
            .collect(),
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
                h: figure(&f.h, Kind::Share, level),
                a: f.a.as_ref().map(|e| figure(e, Kind::Total, level)),
                m0: figure(&f.m0, Kind::Total, level),
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
    // Row variables for H, A and M0 as ratios (complete rows only), for
    // the comparisons and the changes between rounds.
    let scores = &tables[0].scores;
    let m_of = |i: usize| size.as_ref().map_or(1.0, |s| s[i]);
    let poor = |c: f64| c >= plan.k - clusterdx_poverty::mpi::K_TOLERANCE;
    let persons: Vec<Option<f64>> = (0..n).map(|i| scores[i].map(|_| m_of(i))).collect();
    let poor_persons: Vec<Option<f64>> = (0..n)
        .map(|i| scores[i].map(|c| m_of(i) * f64::from(u8::from(poor(c)))))
        .collect();
    let censored: Vec<Option<f64>> = (0..n)
        .map(|i| scores[i].map(|c| if poor(c) { m_of(i) * c } else { 0.0 }))
        .collect();
    let h_est = Estimator::Ratio {
        numerator: &poor_persons,
        denominator: &persons,
    };
    let m0_est = Estimator::Ratio {
        numerator: &censored,
        denominator: &persons,
    };
    let a_est = Estimator::Ratio {
        numerator: &censored,
        denominator: &poor_persons,
    };
    let comparisons = crate::poverty::worker_groups(
        ds,
        spec.worker_household.as_deref(),
        spec.worker_sector.as_deref(),
        |i| scores[i].is_some(),
    )
    .into_iter()
    .filter(|g| g.workers.contains(&true) && g.others.contains(&true))
    .map(|g| {
        let (a, b) = (Some(&g.workers[..]), Some(&g.others[..]));
        MpiComparison {
            sector: g.sector,
            label: g.label,
            districts: g.districts,
            h_workers: figure(&design.estimate(h_est, a), Kind::Share, level),
            h_others: figure(&design.estimate(h_est, b), Kind::Share, level),
            h_difference: figure(
                &design.difference((h_est, a), (h_est, b)),
                Kind::Total,
                level,
            ),
            m0_workers: figure(&design.estimate(m0_est, a), Kind::Total, level),
            m0_others: figure(&design.estimate(m0_est, b), Kind::Total, level),
            m0_difference: figure(
                &design.difference((m0_est, a), (m0_est, b)),
                Kind::Total,
                level,
            ),
        }
    })
    .collect();
    let mut notes = Vec::new();
    let mut changes = Vec::new();
    if let Some(r) = &spec.rounds {
        let c = column(ds, r).ok_or_else(|| {
            vec![Diagnostic::error(
                "mpi",
                format!("[analyses.mpi] rounds: dataset `{}` has no `{r}`", ds.name),
            )]
        })?;
        let (codes, rounds) = crate::validate::domain_codes(ds, c);
        if rounds.len() < 2 {
            notes.push(format!(
                "rounds: `{r}` has {} round(s) with data; no change to estimate",
                rounds.len()
            ));
        }
        let mask = |code: &str| -> Vec<bool> {
            codes.iter().map(|x| x.as_deref() == Some(code)).collect()
        };
        for pair in rounds.windows(2) {
            let (earlier, later) = (mask(&pair[0].0), mask(&pair[1].0));
            for (name, est) in [("H", h_est), ("A", a_est), ("M0", m0_est)] {
                let e = design.difference((est, Some(&later)), (est, Some(&earlier)));
                changes.push(PovertyChange {
                    from: pair[0].0.clone(),
                    to: pair[1].0.clone(),
                    line: None,
                    measure: name.to_string(),
                    figure: figure(&e, Kind::Total, level),
                });
            }
        }
    }
    Ok(Some(Mpi {
        dataset: ds.name.clone(),
        template: plan.template.map(str::to_string),
        k: plan.k,
        person_weighted: person,
        level,
        indicators: plan
            .indicators
            .iter()
            .map(|i| MpiIndicator {
                name: i.spec.name.clone(),
                dimension: i.dimension.clone(),
                weight: i.weight,
                definition: i.definition.map(str::to_string),
            })
            .collect(),
        complete: tables[0].n_complete as u64,
        missing: tables[0].n_missing as u64,
        groups: out_groups,
        other_k,
        intensity: bands.iter().map(|b| b / total).collect(),
        comparisons,
        rounds: spec.rounds.clone(),
        changes,
        notes,
    }))
}
