//! The `estimate` analysis: statistics of any variable of any dataset,
//! overall and by domain, through the survey engine with the dataset's
//! declared design. Checks of the requests happen in validation
//! ([`check`]); [`run`] computes.

use std::sync::Arc;

use clusterdx_data::{Column, ValueLabels, compare_codes};
use clusterdx_results::{Diagnostic, DifferenceRow, EstimateRow, EstimateTable};
use clusterdx_survey::{Estimate, Estimator, SurveyDesign, difference_independent};

use crate::resolve::resolve_column_hiding;
use crate::spec::{EstimateSpec, MissingPolicy, ProportionCi, Statistic};
use crate::survey_design::{self, BuiltDesign};
use crate::validate::{LoadedDataset, LoadedStudy, WITHHELD, personal_refused};
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
                    personal_refused(
                        ds,
                        format!(
                            "{}: estimate {what} `{}` is a personal column",
                            study.locate(r.span()),
                            r.get()
                        ),
                    )
                    .with_position(here.clone()),
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
        // A proportion without `category` counts the 1s among 0/1 values.
        if spec.statistic == Statistic::Proportion
            && spec.category.is_none()
            && let Some(col) = column(ds, spec.variable.get())
            && !ds.columns.is_personal(&col.name)
        {
            let other = (0..col.len()).find_map(|i| {
                let code = col.code_at(i)?;
                match col.f64_at(i) {
                    Some(x) if x == 0.0 || x == 1.0 => None,
                    _ => Some((i, code)),
                }
            });
            if let Some((i, code)) = other {
                diags.push(
                    Diagnostic::error(
                        "estimate-spec",
                        format!(
                            "{}: proportion of `{}` without `category`: row {} has `{code}`, not 0 or 1",
                            study.locate(spec.variable.span()),
                            spec.variable.get(),
                            i + 1
                        ),
                    )
                    .with_position(study.position(spec.variable.span()))
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_column(&col.name)
                    .with_expected("0/1 values, or `category` naming the code to count"),
                );
            }
        }
        if spec.missing == MissingPolicy::Fail {
            let mut refs = vec![&spec.variable];
            refs.extend(spec.denominator.iter());
            for r in refs {
                let Some(col) = column(ds, r.get()) else {
                    continue;
                };
                let rows: Vec<u64> = (0..col.len())
                    .filter(|&i| col.get(i).is_missing())
                    .map(|i| i as u64 + 1)
                    .collect();
                if let Some(&first) = rows.first() {
                    let shown = if ds.columns.is_personal(&col.name) {
                        WITHHELD
                    } else {
                        col.name.as_str()
                    };
                    diags.push(
                        Diagnostic::error(
                            "estimate-missing",
                            format!(
                                "{}: estimate of `{}`: {} rows of {} have no value (first at row {first}) and `missing = \"fail\"`",
                                study.locate(r.span()),
                                r.get(),
                                rows.len(),
                                ds.source
                            ),
                        )
                        .with_position(study.position(r.span()))
                        .with_dataset(&ds.name, Some(ds.source.clone()))
                        .with_column(shown)
                        .with_rows(&rows, rows.len() as u64)
                        .with_expected("a value in every row")
                        .with_help("impute or correct the values, or set `missing = \"drop\"` to leave these rows out (they are counted in n_missing)"),
                    );
                }
            }
        }
        if let Some(m) = &spec.interval
            && spec.statistic != Statistic::Proportion
        {
            diags.push(
                Diagnostic::error(
                    "estimate-spec",
                    format!(
                        "{}: `interval = \"{}\"` is for proportions; a {} has a t interval",
                        study.locate(m.span()),
                        m.get().name(),
                        spec.statistic.name()
                    ),
                )
                .with_position(study.position(m.span()))
                .with_expected("statistic = \"proportion\", or no `interval`"),
            );
        }
        check_comparisons(study, spec, ds, loaded, diags);
    }
}

/// Checks `differences`, `reference` and `compare_to`.
fn check_comparisons(
    study: &Study,
    spec: &EstimateSpec,
    ds: &LoadedDataset,
    loaded: &[LoadedDataset],
    diags: &mut Vec<Diagnostic>,
) {
    let spec_error = |span: std::ops::Range<usize>, message: String, expected: String| {
        Diagnostic::error(
            "estimate-spec",
            format!("{}: {message}", study.locate(span.clone())),
        )
        .with_position(study.position(span))
        .with_expected(expected)
    };
    let here = spec.dataset.span();
    if spec.differences && spec.by.is_none() {
        diags.push(spec_error(
            here.clone(),
            "`differences = true` needs `by` (the domains to compare)".into(),
            "by = \"column\"".into(),
        ));
    }
    if spec.differences && spec.statistic == Statistic::Quantile {
        diags.push(spec_error(
            here.clone(),
            "differences between domains are for means, totals, proportions and ratios, not quantiles".into(),
            "statistic = \"mean\", \"total\", \"proportion\" or \"ratio\"".into(),
        ));
    }
    if let Some(reference) = &spec.reference {
        let by = spec.by.as_ref().and_then(|b| column(ds, b.get()));
        match by {
            None if spec.by.is_none() => diags.push(spec_error(
                reference.span(),
                "`reference` names a domain, so it needs `by`".into(),
                "by = \"column\"".into(),
            )),
            None => {}
            Some(by) => {
                let key = reference.get().key();
                let mut codes: Vec<String> = (0..by.len()).filter_map(|i| by.code_at(i)).collect();
                codes.sort_by(|a, b| compare_codes(a, b));
                codes.dedup();
                if !codes.contains(&key) {
                    let shown: Vec<String> = if ds.columns.is_personal(&by.name) {
                        vec![WITHHELD.to_string()]
                    } else {
                        codes.iter().take(20).cloned().collect()
                    };
                    diags.push(spec_error(
                        reference.span(),
                        format!(
                            "reference domain `{}` does not occur in the `by` column",
                            if ds.columns.is_personal(&by.name) {
                                WITHHELD
                            } else {
                                key.as_str()
                            }
                        ),
                        format!("one of: {}", shown.join(", ")),
                    ));
                }
            }
        }
    }
    if let Some(other) = &spec.compare_to {
        if other.get() == &ds.name {
            diags.push(spec_error(
                other.span(),
                format!(
                    "`compare_to = \"{}\"` is the estimate's own dataset",
                    other.get()
                ),
                "another dataset: an independent sample such as an earlier round".into(),
            ));
            return;
        }
        let Some(o) = loaded.iter().find(|d| &d.name == other.get()) else {
            let names: Vec<&str> = loaded.iter().map(|d| d.name.as_str()).collect();
            let mut d = spec_error(
                other.span(),
                format!("compare_to: no dataset `{}`", other.get()),
                format!("one of: {}", names.join(", ")),
            );
            if let Some(s) = did_you_mean(other.get(), names.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diags.push(d);
            return;
        };
        let mut refs = vec![("variable", &spec.variable)];
        refs.extend(spec.denominator.iter().map(|d| ("denominator", d)));
        refs.extend(spec.by.iter().map(|b| ("by", b)));
        for (what, r) in refs {
            if let Some(c) = column(o, r.get())
                && o.columns.is_personal(&c.name)
            {
                diags.push(
                    personal_refused(
                        o,
                        format!(
                            "{}: compare_to: the {what} `{}` is a personal column of dataset `{}`",
                            study.locate(other.span()),
                            r.get(),
                            o.name
                        ),
                    )
                    .with_position(study.position(other.span())),
                );
            }
            if column(o, r.get()).is_none() {
                diags.push(
                    spec_error(
                        other.span(),
                        format!(
                            "compare_to: dataset `{}` has no {what} `{}` to compare",
                            o.name,
                            r.get()
                        ),
                        "the same variables in both datasets (same names or concepts)".into(),
                    )
                    .with_dataset(&o.name, Some(o.source.clone())),
                );
            }
        }
    }
}

/// A column named directly or through a concept / variable name.
pub(crate) fn column<'a>(ds: &'a LoadedDataset, name: &str) -> Option<&'a Column> {
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

/// The design of a dataset: its declared design as built in validation,
/// or simple random sampling (weight 1, each row a PSU) when none is declared.
pub(crate) fn design_of(ds: &LoadedDataset) -> Result<Arc<BuiltDesign>, Box<Diagnostic>> {
    let declared = ds.spec.as_ref().is_some_and(|s| s.design.is_some());
    match &ds.survey {
        Some(b) => Ok(Arc::clone(b)),
        None if declared => Err(Box::new(
            Diagnostic::error(
                "design",
                format!(
                    "{}: dataset `{}`: its declared design could not be built",
                    ds.source, ds.name
                ),
            )
            .with_dataset(&ds.name, Some(ds.source.clone())),
        )),
        None => survey_design::srs(ds).map(Arc::new),
    }
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
        let other = spec
            .compare_to
            .as_ref()
            .and_then(|c| loaded.dataset(c.get()));
        let designs = design_of(ds).and_then(|d| match other {
            Some(o) => design_of(o).map(|od| (d, Some((o, od)))),
            None => Ok((d, None)),
        });
        match designs {
            Ok((design, other)) => {
                if let Some(t) = table(ds, spec, &design, other.as_ref().map(|(o, d)| (*o, &**d))) {
                    tables.push(t);
                }
            }
            Err(e) => errors.push(*e),
        }
    }
    if errors.is_empty() {
        Ok(tables)
    } else {
        Err(errors)
    }
}

/// The variables of one request on one dataset.
struct Prepared {
    y: Vec<Option<f64>>,
    flags: Vec<Option<bool>>,
    den: Vec<Option<f64>>,
    /// Domain code of each row (when `by` is given).
    codes: Option<Vec<Option<String>>>,
}

impl Prepared {
    fn new(ds: &LoadedDataset, spec: &EstimateSpec) -> Option<Self> {
        let n = ds.dataset.n_rows();
        let var = column(ds, spec.variable.get())?;
        let category = spec.category.as_ref().map(|c| c.key());
        let den = match spec.denominator.as_ref().and_then(|d| column(ds, d.get())) {
            Some(c) => (0..n).map(|i| c.f64_at(i)).collect(),
            None => vec![None; n],
        };
        Some(Self {
            y: (0..n).map(|i| var.f64_at(i)).collect(),
            flags: (0..n)
                .map(|i| match &category {
                    Some(c) => var.code_at(i).map(|code| &code == c),
                    None => var.f64_at(i).map(|x| x == 1.0),
                })
                .collect(),
            den,
            codes: spec
                .by
                .as_ref()
                .and_then(|b| column(ds, b.get()))
                .map(|by| (0..n).map(|i| by.code_at(i)).collect()),
        })
    }

    fn what(&self, statistic: Statistic) -> Estimator<'_> {
        match statistic {
            Statistic::Mean | Statistic::Quantile => Estimator::Mean(&self.y),
            Statistic::Total => Estimator::Total(&self.y),
            Statistic::Proportion => Estimator::Proportion(&self.flags),
            Statistic::Ratio => Estimator::Ratio {
                numerator: &self.y,
                denominator: &self.den,
            },
        }
    }

    /// The rows of domain `code` (all rows for `None`).
    fn mask(&self, code: Option<&str>) -> Option<Vec<bool>> {
        let code = code?;
        let codes = self.codes.as_ref()?;
        Some(codes.iter().map(|c| c.as_deref() == Some(code)).collect())
    }

    /// Distinct domain codes, in code order.
    fn domains(&self) -> Vec<String> {
        let mut distinct: Vec<String> = self.codes.iter().flatten().flatten().cloned().collect();
        distinct.sort_by(|a, b| compare_codes(a, b));
        distinct.dedup();
        distinct
    }

    /// The estimate over `mask`, as an engine estimate (a quantile carries
    /// its Woodruff SE and df) and the interval to report.
    fn estimate(
        &self,
        design: &SurveyDesign,
        spec: &EstimateSpec,
        mask: Option<&[bool]>,
    ) -> (Estimate, (f64, f64)) {
        let level = spec.level.unwrap_or(0.95);
        if spec.statistic == Statistic::Quantile {
            let q = design.quantile(&self.y, spec.p.unwrap_or(0.5), level, mask);
            let e = Estimate::new(q.value, q.se * q.se, q.df, q.n, q.n_missing);
            return (e, q.ci);
        }
        let e = design.estimate(self.what(spec.statistic), mask);
        let ci = interval(&e, spec);
        (e, ci)
    }
}

/// The reported interval of an estimate: the proportion's chosen method,
/// else t with the estimate's df.
fn interval(e: &Estimate, spec: &EstimateSpec) -> (f64, f64) {
    let level = spec.level.unwrap_or(0.95);
    if e.is_proportion {
        let method = spec
            .interval
            .as_ref()
            .map_or(ProportionCi::Logit, |m| *m.get());
        e.ci_proportion(level, method.into())
    } else {
        e.ci(level)
    }
}

fn difference_row(
    e: &Estimate,
    domain: Option<(&str, Option<String>)>,
    versus: String,
    level: f64,
) -> DifferenceRow {
    let ci = e.ci(level);
    let (domain, label) = match domain {
        Some((c, l)) => (Some(c.to_string()), l),
        None => (None, None),
    };
    DifferenceRow {
        domain,
        label,
        versus,
        value: e.value,
        se: e.se(),
        ci: [ci.0, ci.1],
        df: e.df,
        p_value: e.p_value(),
    }
}

fn table(
    ds: &LoadedDataset,
    spec: &EstimateSpec,
    built: &BuiltDesign,
    other: Option<(&LoadedDataset, &BuiltDesign)>,
) -> Option<EstimateTable> {
    let design = &built.design;
    let var = column(ds, spec.variable.get())?;
    let level = spec.level.unwrap_or(0.95);
    let prepared = Prepared::new(ds, spec)?;
    let by = spec.by.as_ref().and_then(|b| column(ds, b.get()));
    let labels: Option<ValueLabels> = by.and_then(|by| {
        ds.columns
            .value_sets
            .get(&by.name)
            .cloned()
            .or_else(|| by.value_labels.clone())
    });
    let label_of = |code: &str| {
        labels
            .as_ref()
            .and_then(|l| l.get(code))
            .map(str::to_string)
    };
    let mut domains: Vec<Option<String>> = vec![None];
    domains.extend(prepared.domains().into_iter().map(Some));
    // Means and proportions of many domains: one pass over the rows for
    // all of them (a proportion is the mean of a 0/1 variable).
    let by_group: Option<Vec<Estimate>> = match (&prepared.codes, spec.statistic) {
        (Some(codes), Statistic::Mean | Statistic::Proportion) if domains.len() > 2 => {
            let index: std::collections::HashMap<&str, u32> = domains
                .iter()
                .flatten()
                .enumerate()
                .map(|(k, c)| (c.as_str(), k as u32))
                .collect();
            let group: Vec<Option<u32>> = codes
                .iter()
                .map(|c| c.as_deref().and_then(|c| index.get(c).copied()))
                .collect();
            let proportion = spec.statistic == Statistic::Proportion;
            let flags: Vec<Option<f64>>;
            let y = if proportion {
                flags = prepared
                    .flags
                    .iter()
                    .map(|b| b.map(|b| f64::from(u8::from(b))))
                    .collect();
                &flags
            } else {
                &prepared.y
            };
            let mut all = design.means_by_group(y, &group, index.len());
            for e in &mut all {
                e.is_proportion = proportion;
            }
            Some(all)
        }
        _ => None,
    };
    let mut rows = Vec::new();
    let mut estimates = Vec::new();
    for (k, code) in domains.iter().enumerate() {
        let (e, ci) = match (&by_group, k) {
            (Some(all), k) if k > 0 => {
                let e = all[k - 1].clone();
                let ci = interval(&e, spec);
                (e, ci)
            }
            _ => {
                let mask = prepared.mask(code.as_deref());
                prepared.estimate(design, spec, mask.as_deref())
            }
        };
        rows.push(EstimateRow {
            domain: code.clone(),
            label: code.as_deref().and_then(label_of),
            value: e.value,
            se: e.se(),
            ci: [ci.0, ci.1],
            df: e.df,
            cv: e.cv(),
            n: e.n as u64,
            n_missing: e.n_missing as u64,
            deff_wr: e.deff_wr,
            deff_wor: e.deff_wor,
        });
        estimates.push(e);
    }
    let mut differences = Vec::new();
    // Each domain against the reference domain, on the shared design.
    if spec.differences && spec.statistic != Statistic::Quantile && domains.len() > 2 {
        let reference = spec
            .reference
            .as_ref()
            .map(|r| r.get().key())
            .or_else(|| domains.get(1).cloned().flatten());
        if let Some(reference) = reference {
            let ref_mask = prepared.mask(Some(&reference));
            let what = prepared.what(spec.statistic);
            let shown_ref = match label_of(&reference) {
                Some(l) => format!("domain {reference} ({l})"),
                None => format!("domain {reference}"),
            };
            for code in domains.iter().flatten().filter(|c| **c != reference) {
                let mask = prepared.mask(Some(code));
                let e = design.difference((what, mask.as_deref()), (what, ref_mask.as_deref()));
                differences.push(difference_row(
                    &e,
                    Some((code, label_of(code))),
                    shown_ref.clone(),
                    level,
                ));
            }
        }
    }
    // The same estimate in an independent sample (another round).
    if let Some((other_ds, other_built)) = other
        && let Some(other_prepared) = Prepared::new(other_ds, spec)
    {
        let other_domains = other_prepared.domains();
        for (code, e) in domains.iter().zip(&estimates) {
            if let Some(c) = code
                && !other_domains.contains(c)
            {
                continue;
            }
            let mask = other_prepared.mask(code.as_deref());
            let (o, _) = other_prepared.estimate(&other_built.design, spec, mask.as_deref());
            let d = difference_independent(e, &o);
            differences.push(difference_row(
                &d,
                code.as_deref().map(|c| (c, label_of(c))),
                format!("dataset {}", other_ds.name),
                level,
            ));
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
        category: spec.category.as_ref().map(|c| c.key()),
        p: (spec.statistic == Statistic::Quantile).then_some(spec.p.unwrap_or(0.5)),
        interval: (spec.statistic == Statistic::Proportion).then(|| {
            spec.interval
                .as_ref()
                .map_or(ProportionCi::Logit, |m| *m.get())
                .name()
                .to_string()
        }),
        by: by.map(shown),
        level,
        variance: built.variance.clone(),
        rows,
        differences,
    })
}
