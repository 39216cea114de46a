//! What a study needs from its instruments ([`Needs`]): which surveys its
//! analyses read, the sector and district codes, the evidence its cluster
//! framework asks for, its structural models' items and its MPI
//! indicators' variables.

use clusterdx_cluster::SourceKind;
use clusterdx_study::Study;
use clusterdx_study::spec::{DatasetSpec, UnitKind};

use crate::registry::{Consumption, Extra, ExtraKind, Names, Needs};

/// Concepts the household survey asks anyway (an MPI indicator may name
/// them).
const HOUSEHOLD_CONCEPTS: [&str; 4] = ["household_size", "consumption", "district", "area"];

/// `name` as an XLSForm question name (a letter or `_`, then letters,
/// digits, `_`, `.` or `-`): as it is, else its last `/` segment (a
/// study may name a column by its group path).
///
/// # Errors
/// The name in words when no part of it is a valid name.
pub(crate) fn question_name(name: &str) -> Result<String, String> {
    let valid = |s: &str| {
        let mut c = s.chars();
        c.next()
            .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
            && c.all(|x| x.is_ascii_alphanumeric() || matches!(x, '_' | '.' | '-'))
    };
    if valid(name) {
        return Ok(name.to_string());
    }
    match name.rsplit_once('/') {
        Some((_, leaf)) if valid(leaf) => Ok(leaf.to_string()),
        _ => Err(format!(
            "`{name}` cannot be a question's name (a letter or _, then letters, digits, _, . or -)"
        )),
    }
}

/// The first dataset of `unit`.
fn by_unit(study: &Study, unit: UnitKind) -> Option<(&String, &DatasetSpec)> {
    study
        .spec
        .datasets
        .iter()
        .find(|(_, d)| d.unit == Some(unit))
}

/// The codes and labels of the value set a concept's column is coded by
/// (in any dataset), else of the value set named like the concept.
fn concept_codes(study: &Study, concept: &str) -> Vec<(String, String)> {
    let mut set = None;
    for d in study.spec.datasets.values() {
        let col = match concept {
            "sector" => d.concepts.sector.as_ref(),
            "district" => d.concepts.district.as_ref(),
            "job_level" => d.concepts.job_level.as_ref(),
            "origin" => d.concepts.origin.as_ref(),
            "training_provider" => d.concepts.training_provider.as_ref(),
            _ => None,
        };
        if let Some(col) = col
            && let Some((_, vs)) = d.codes.iter().find(|(c, _)| c.get() == col.get())
        {
            set = study.spec.value_sets.get(vs.get());
            if set.is_some() {
                break;
            }
        }
    }
    let set = set.or_else(|| study.spec.value_sets.get(concept));
    set.map(|s| {
        s.labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    })
    .unwrap_or_default()
}

/// An MPI indicator's deprivation rule in words.
fn deprivation(i: &clusterdx_study::spec::MpiIndicatorSpec) -> String {
    let what = match (&i.variable, &i.per) {
        (Some(v), Some(p)) => format!("{v} per {p}"),
        (Some(v), None) => v.clone(),
        _ => "the items".into(),
    };
    if let Some(x) = i.below {
        format!("{what} is below {x}")
    } else if let Some(x) = i.above {
        format!("{what} is above {x}")
    } else if let Some(x) = i.at_least {
        format!("{what} is at least {x}")
    } else if !i.equals.is_empty() {
        let codes: Vec<String> = i.equals.iter().map(|c| c.key()).collect();
        format!("{what} is {}", codes.join(" or "))
    } else if let Some(k) = i.fewer_than {
        format!("fewer than {k} of {} are yes", i.variables.join(", "))
    } else {
        format!("{what} says so")
    }
}

/// What `study` needs from its instruments.
///
/// # Errors
/// What the study lacks for its forms (no sector codes, a framework or
/// model that does not build), in words.
pub fn needs(study: &Study, consumption: Consumption) -> Result<Needs, String> {
    let a = &study.spec.analyses;
    let has = |u: UnitKind| by_unit(study, u).is_some();
    let worker_models: Vec<_> = a
        .pls
        .iter()
        .filter(|p| {
            study
                .spec
                .datasets
                .get(p.dataset.get())
                .is_some_and(|d| d.unit == Some(UnitKind::Worker))
        })
        .collect();
    let mut n = Needs {
        study: study.spec.study.name.clone(),
        firm: a.cluster.is_some() || a.hrd.is_some() || has(UnitKind::Firm),
        worker: a.hrd.is_some() || !worker_models.is_empty() || has(UnitKind::Worker),
        household: a.poverty.is_some() || a.mpi.is_some() || has(UnitKind::Household),
        stakeholder: a.cluster.is_some() || a.hrd.is_some() || has(UnitKind::Stakeholder),
        consumption,
        ..Needs::default()
    };
    let mut names = Names::default();
    for (unit, slot) in [
        (UnitKind::Firm, &mut names.firms),
        (UnitKind::Worker, &mut names.workers),
        (UnitKind::Household, &mut names.households),
        (UnitKind::Stakeholder, &mut names.stakeholders),
    ] {
        if let Some((name, _)) = by_unit(study, unit) {
            *slot = name.clone();
        }
    }
    n.names = names;
    n.sectors = concept_codes(study, "sector");
    n.districts = concept_codes(study, "district");
    if (n.firm || n.worker || n.stakeholder) && n.sectors.is_empty() {
        return Err("the study declares no sector codes: add `[value_sets.sector]` with a label per sector code (the forms' sector question lists them)".into());
    }
    if (n.firm || n.worker || n.household) && n.districts.is_empty() {
        return Err("the study declares no district codes: add `[value_sets.district]` with a label per district code (the forms' district question lists them)".into());
    }
    // The study's labels for the roster's and training's text codes.
    for (concept, list) in [
        ("job_level", "job_level"),
        ("origin", "origin"),
        ("training_provider", "provider"),
    ] {
        let labels = concept_codes(study, concept);
        if !labels.is_empty() && labels.iter().all(|(c, _)| c.parse::<f64>().is_err()) {
            n.relabel.push((list.to_string(), labels));
        }
    }
    // The cluster framework's evidence.
    if a.cluster.is_some() {
        let f = clusterdx_study::cluster_framework(study).map_err(|d| {
            d.iter()
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        let mut sources: Vec<(&clusterdx_cluster::Source, String)> = Vec::new();
        for i in &f.indicators {
            for s in &i.sources {
                sources.push((s, format!("{} {}", i.id, i.name)));
            }
        }
        if let Some(p) = &f.policy_flag {
            sources.push((p, "the policy flag".into()));
        }
        let checklist = crate::registry::checklist_names();
        for (s, what) in sources {
            let yes = |c: &String| matches!(c.to_ascii_lowercase().as_str(), "yes" | "1" | "true");
            let kind = match s.kind {
                // A share of "at least so many": a count.
                SourceKind::Share if s.at_least.is_some() => ExtraKind::Number,
                // A share of named codes: those codes and "other".
                SourceKind::Share if !s.equals.is_empty() && !s.equals.iter().all(yes) => {
                    let mut codes = s.equals.clone();
                    codes.push("other".into());
                    ExtraKind::Choice(codes)
                }
                SourceKind::Share => ExtraKind::YesNo,
                SourceKind::Mean => ExtraKind::Agree5,
                SourceKind::Checklist => ExtraKind::YesNo01,
                SourceKind::Choice => ExtraKind::Choice(s.scores.keys().cloned().collect()),
                _ => continue,
            };
            let mut names: Vec<&String> = s.variable.iter().chain(&s.variables).collect();
            names.extend(&s.items);
            for name in names {
                let name = &question_name(name)
                    .map_err(|e| format!("the cluster framework's {what}: {e}"))?;
                let extra = Extra {
                    name: name.clone(),
                    label: format!("Evidence for {what}: {name}"),
                    kind: kind.clone(),
                };
                match s.unit.as_str() {
                    "firm"
                        if !crate::registry::is_known(crate::registry::FIRM.0, name)
                            && !n.firm_extra.iter().any(|e| &e.name == name) =>
                    {
                        n.firm_extra.push(extra);
                    }
                    "stakeholder" => {
                        if checklist.contains(&name.as_str()) {
                            if !n.checklist.contains(name) {
                                n.checklist.push(name.clone());
                            }
                        } else if !crate::registry::is_known(crate::registry::STAKEHOLDER.0, name)
                            && !n.stakeholder_extra.iter().any(|e| &e.name == name)
                        {
                            n.stakeholder_extra.push(extra);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if n.stakeholder && n.checklist.is_empty() {
        n.checklist = crate::registry::checklist_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
    }
    // The structural models' items.
    for p in &a.pls {
        if !worker_models.iter().any(|w| std::ptr::eq(*w, p)) {
            n.notes.push(format!(
                "model `{}` reads `{}`, which is not a worker survey: no form asks its items",
                p.name,
                p.dataset.get()
            ));
        }
    }
    for p in worker_models {
        let constructs =
            clusterdx_study::pls_items(p).map_err(|e| format!("model `{}`: {e}", p.name))?;
        for c in p.constructs.iter().filter(|c| c.prefix.is_some()) {
            n.notes.push(format!(
                "model `{}`: construct `{}` is given by a prefix, so its items are not known: add them to the worker survey",
                p.name, c.name
            ));
        }
        for (construct, items) in constructs {
            let items: Vec<String> = items
                .iter()
                .map(|i| question_name(i).map_err(|e| format!("model `{}`: {e}", p.name)))
                .collect::<Result<_, _>>()?;
            for item in items {
                if !n.worker_items.iter().any(|(_, i)| *i == item) {
                    n.worker_items.push((construct.clone(), item));
                }
            }
        }
    }
    // The MPI indicators' variables, each with its indicator's
    // deprivation rule (and the template's definition) in words.
    if let Some(m) = &a.mpi {
        for i in &m.indicators {
            let dim = i
                .dimension
                .as_deref()
                .map_or_else(String::new, |d| format!(", {d}"));
            let rule = deprivation(i);
            let definition = clusterdx_study::mpi_definition(m, &i.name)
                .map_or_else(String::new, |d| format!(" ({d})"));
            let mut vars: Vec<&String> = i.variable.iter().chain(&i.variables).collect();
            vars.extend(&i.per);
            for v in vars {
                let v =
                    &question_name(v).map_err(|e| format!("MPI indicator `{}`: {e}", i.name))?;
                if HOUSEHOLD_CONCEPTS.contains(&v.as_str())
                    || n.mpi_variables.iter().any(|e| &e.name == v)
                {
                    continue;
                }
                n.mpi_variables.push(Extra {
                    name: v.clone(),
                    label: format!(
                        "{v}: for the MPI indicator {}{dim}, deprived when {rule}{definition}",
                        i.name
                    ),
                    kind: ExtraKind::Number,
                });
            }
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::question_name;

    #[test]
    fn question_names_follow_xlsform() {
        assert_eq!(question_name("joint_action").unwrap(), "joint_action");
        assert_eq!(question_name("hr/ease_hiring").unwrap(), "ease_hiring");
        assert!(question_name("2nd item").is_err());
        assert!(question_name("a b/c d").is_err());
    }
}
