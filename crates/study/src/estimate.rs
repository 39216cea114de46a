//! The `estimate` analysis: statistics of any variable of any dataset,
//! overall and by domain, through the survey engine with the dataset's
//! declared design. Checks of the requests happen in validation
//! ([`check`]); [`run`] computes.

use clusterdx_data::{Column, ValueLabels, compare_codes};
use clusterdx_results::{Diagnostic, EstimateRow, EstimateTable};
use clusterdx_survey::{
    Design, Estimate, Estimator, LonelyPsu as EngineLonely, estimate, quantile,
};

use crate::resolve::resolve_column_hiding;
use crate::spec::{EstimateSpec, Statistic};
use crate::validate::{LoadedDataset, LoadedStudy, WITHHELD};
use crate::{Study, did_you_mean};

/// Checks every `[[analyses.estimate]]` against the loaded data.
pub(crate) fn check(study: &Study, loaded: &[LoadedDataset], diags: &mut Vec<Diagnostic>) {
    for spec in &study.spec.analyses.estimate {
        let Some(ds) = loaded.iter().find(|d| &d.name == spec.dataset.get()) else {
            let names: Vec<&str> = loaded.iter().map(|d| d.name.as_str()).collect();
            let mut d = Diagnostic::error(
                "unknown-dataset",
                format!(
                    "{}: estimate: no dataset `{}`",
                    study.locate(spec.dataset.span()),
                    spec.dataset.get()
                ),
            )
            .with_position(study.position(spec.dataset.span()))
            .with_expected(format!("one of: {}", names.join(", ")));
            if let Some(s) = did_you_mean(spec.dataset.get(), names.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diags.push(d);
            continue;
        };
        let mut refs = vec![("variable", &spec.variable)];
        if let Some(d) = &spec.denominator {
            refs.push(("denominator", d));
        }
        if let Some(b) = &spec.by {
            refs.push(("by", b));
        }
        for (what, r) in refs {
            let Some(col) = column(ds, r.get()) else {
                let why = resolve_column_hiding(&ds.dataset, r.get(), &ds.columns.personal)
                    .err()
                    .unwrap_or(crate::resolve::Unresolved::Missing {
                        closest: Vec::new(),
                    });
                diags.push(crate::validate::missing_column(
                    study,
                    ds,
                    &format!("estimate {what}"),
                    r.get(),
                    r.span(),
                    why,
                ));
                continue;
            };
            let here = study.position(r.span());
            if ds.columns.is_personal(&col.name) {
                diags.push(
                    Diagnostic::error(
                        "personal-estimate",
                        format!(
                            "{}: estimate {what} `{}` is a personal column",
                            study.locate(r.span()),
                            r.get()
                        ),
                    )
                    .with_position(here.clone())
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_expected("a non-personal column: personal data never reach an output"),
                );
            }
            let needs_number = what != "by" && spec.statistic != Statistic::Proportion;
            if needs_number && !col.is_numeric() {
                diags.push(
                    Diagnostic::error(
                        "estimate-not-numeric",
                        format!(
                            "{}: estimate {what} `{}` is {}, not numbers",
                            study.locate(r.span()),
                            r.get(),
                            col.logical_type().name()
                        ),
                    )
                    .with_position(here)
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_expected(format!(
                        "a numeric column for a {} (or statistic = \"proportion\")",
                        spec.statistic.name()
                    )),
                );
            }
        }
        if spec.statistic == Statistic::Ratio && spec.denominator.is_none() {
            diags.push(
                Diagnostic::error(
                    "estimate-spec",
                    format!(
                        "{}: a ratio needs a `denominator`",
                        study.locate(spec.dataset.span())
                    ),
                )
                .with_position(study.position(spec.dataset.span()))
                .with_expected("denominator = \"column\""),
            );
        }
        for (key, v) in [("p", spec.p), ("level", spec.level)] {
            if let Some(x) = v
                && !(x > 0.0 && x < 1.0)
            {
                diags.push(
                    Diagnostic::error(
                        "estimate-spec",
                        format!(
                            "{}: `{key} = {x}` is outside (0, 1)",
                            study.locate(spec.dataset.span())
                        ),
                    )
                    .with_position(study.position(spec.dataset.span()))
                    .with_expected("a number strictly between 0 and 1"),
                );
            }
        }
    }
}

/// A column named directly or through a concept / variable name.
fn column<'a>(ds: &'a LoadedDataset, name: &str) -> Option<&'a Column> {
    let mapped = ds
        .columns
        .concepts
        .get(name)
        .or_else(|| ds.columns.variables.get(name));
    match mapped {
        Some(c) => ds.dataset.column(c),
        None => resolve_column_hiding(&ds.dataset, name, &ds.columns.personal)
            .ok()
            .and_then(|c| ds.dataset.column(&c)),
    }
}

/// The survey design of a loaded dataset (weights 1 and one PSU per row
/// when none is declared).
fn design_of(ds: &LoadedDataset) -> Result<(Design, &'static str), String> {
    let data = &ds.dataset;
    let n = data.n_rows();
    let codes = |name: &Option<String>| -> Option<Vec<String>> {
        let c = data.column(name.as_ref()?)?;
        Some((0..n).map(|i| c.code_at(i).unwrap_or_default()).collect())
    };
    let weights: Vec<f64> = match ds.columns.weights.as_ref().and_then(|w| data.column(w)) {
        Some(c) => (0..n).map(|i| c.f64_at(i).unwrap_or(0.0)).collect(),
        None => vec![1.0; n],
    };
    let strata = codes(&ds.columns.strata);
    let psu = codes(&ds.columns.psu);
    let fpc: Option<Vec<f64>> = ds
        .columns
        .fpc
        .as_ref()
        .and_then(|f| data.column(f))
        .map(|c| (0..n).map(|i| c.f64_at(i).unwrap_or(f64::NAN)).collect());
    let lonely = ds
        .spec
        .as_ref()
        .and_then(|s| s.design.as_ref())
        .map_or(EngineLonely::Fail, |d| d.lonely_psu.into());
    let kind = if ds.spec.as_ref().is_some_and(|s| s.design.is_some()) {
        "taylor"
    } else {
        "srs"
    };
    Design::new(
        weights,
        strata.as_deref(),
        psu.as_deref(),
        fpc.as_deref(),
        lonely,
    )
    .map(|d| (d, kind))
    .map_err(|e| format!("{}: {e}", ds.source))
}

/// Computes every requested estimate. Requests that validation refused are
/// not here (a run stops on errors first).
pub(crate) fn run(loaded: &LoadedStudy) -> Result<Vec<EstimateTable>, Vec<Diagnostic>> {
    let mut tables = Vec::new();
    let mut errors = Vec::new();
    for spec in &loaded.study.spec.analyses.estimate {
        let Some(ds) = loaded.dataset(spec.dataset.get()) else {
            continue;
        };
        let (design, kind) = match design_of(ds) {
            Ok(d) => d,
            Err(e) => {
                errors.push(
                    Diagnostic::error("design", e).with_dataset(&ds.name, Some(ds.source.clone())),
                );
                continue;
            }
        };
        if let Some(t) = table(ds, spec, &design, kind) {
            tables.push(t);
        }
    }
    if errors.is_empty() {
        Ok(tables)
    } else {
        Err(errors)
    }
}

fn table(
    ds: &LoadedDataset,
    spec: &EstimateSpec,
    design: &Design,
    kind: &str,
) -> Option<EstimateTable> {
    let n = ds.dataset.n_rows();
    let var = column(ds, spec.variable.get())?;
    let level = spec.level.unwrap_or(0.95);
    let p = spec.p.unwrap_or(0.5);
    let y: Vec<Option<f64>> = (0..n).map(|i| var.f64_at(i)).collect();
    let category = spec.category.as_ref().map(|c| c.key());
    let flags: Vec<Option<bool>> = (0..n)
        .map(|i| match &category {
            Some(c) => var.code_at(i).map(|code| &code == c),
            None => var.f64_at(i).map(|x| x == 1.0),
        })
        .collect();
    let den: Vec<Option<f64>> = match spec.denominator.as_ref().and_then(|d| column(ds, d.get())) {
        Some(c) => (0..n).map(|i| c.f64_at(i)).collect(),
        None => vec![None; n],
    };
    let what = match spec.statistic {
        Statistic::Mean | Statistic::Quantile => Estimator::Mean(&y),
        Statistic::Total => Estimator::Total(&y),
        Statistic::Proportion => Estimator::Proportion(&flags),
        Statistic::Ratio => Estimator::Ratio {
            numerator: &y,
            denominator: &den,
        },
    };
    let row = |domain: Option<(&str, Option<String>)>, mask: Option<&[bool]>| -> EstimateRow {
        let (code, label) = match domain {
            Some((c, l)) => (Some(c.to_string()), l),
            None => (None, None),
        };
        if spec.statistic == Statistic::Quantile {
            let q = quantile(design, &y, p, level, mask);
            return EstimateRow {
                domain: code,
                label,
                value: q.value,
                se: q.se,
                ci: [q.ci.0, q.ci.1],
                df: q.df,
                cv: q.se / q.value.abs(),
                n: q.n as u64,
                n_missing: q.n_missing as u64,
                deff_wr: None,
                deff_wor: None,
            };
        }
        let e: Estimate = estimate(design, what, mask);
        let ci = if e.is_proportion {
            e.ci_logit(level)
        } else {
            e.ci(level)
        };
        EstimateRow {
            domain: code,
            label,
            value: e.value,
            se: e.se(),
            ci: [ci.0, ci.1],
            df: e.df,
            cv: e.cv(),
            n: e.n as u64,
            n_missing: e.n_missing as u64,
            deff_wr: e.deff_wr,
            deff_wor: e.deff_wor,
        }
    };
    let mut rows = vec![row(None, None)];
    let by = spec.by.as_ref().and_then(|b| column(ds, b.get()));
    if let Some(by) = by {
        let labels: Option<ValueLabels> = ds
            .columns
            .value_sets
            .get(&by.name)
            .cloned()
            .or_else(|| by.value_labels.clone());
        let codes: Vec<Option<String>> = (0..n).map(|i| by.code_at(i)).collect();
        let mut distinct: Vec<String> = codes.iter().flatten().cloned().collect();
        distinct.sort_by(|a, b| compare_codes(a, b));
        distinct.dedup();
        for code in distinct {
            let mask: Vec<bool> = codes
                .iter()
                .map(|c| c.as_deref() == Some(code.as_str()))
                .collect();
            let label = labels
                .as_ref()
                .and_then(|l| l.get(&code))
                .map(str::to_string);
            rows.push(row(Some((&code, label)), Some(&mask)));
        }
    }
    let shown = |c: &Column| {
        if ds.columns.is_personal(&c.name) {
            WITHHELD.to_string()
        } else {
            c.name.clone()
        }
    };
    Some(EstimateTable {
        dataset: ds.name.clone(),
        statistic: spec.statistic.name().to_string(),
        variable: shown(var),
        denominator: spec
            .denominator
            .as_ref()
            .and_then(|d| column(ds, d.get()))
            .map(shown),
        category,
        p: (spec.statistic == Statistic::Quantile).then_some(p),
        by: by.map(shown),
        level,
        variance: kind.to_string(),
        rows,
    })
}
