//! Structural models (`[[analyses.pls]]`): the study file's constructs and
//! paths resolved to a dataset's columns, missing items handled and
//! counted, the model estimated by PLS with its quality criteria and
//! bootstrap inference (`clusterdx_pls`), and the results with the
//! thresholds crossed (Hair et al. 2022).

mod build;
mod syntax;

pub(crate) use syntax::written;

use clusterdx_data::{Column, Value};
use clusterdx_pls::inference::{Inference, Resampling, Statistic, Summary, infer};
use clusterdx_pls::mga::{Permutations, compare};
use clusterdx_pls::predict::{CrossValidation, ItemPrediction, Technique, predict};
use clusterdx_pls::{Fit, Mode, Model, Sample, Scheme, Settings, quality};
use clusterdx_results::{
    ClusterDiagnostic, Diagnostic, ItemCount, PlsBootstrap, PlsConstruct, PlsEffect, PlsEstimate,
    PlsIndirect, PlsItem, PlsItemPrediction, PlsModel, PlsMultigroup, PlsPair, PlsPath,
    PlsPathDifference, PlsPower, PlsPredict,
};

use crate::Study;
use crate::estimate::column;
use crate::spec::{PlsMissing, PlsMode, PlsPredictTechnique, PlsScheme, PlsSpec};
use crate::validate::{LoadedDataset, LoadedStudy, personal_refused};

/// A model resolved to columns.
pub(crate) struct Plan<'a> {
    pub ds: &'a LoadedDataset,
    /// Each item-measured construct's columns, mode and whether it is a
    /// common factor.
    pub constructs: Vec<(String, Vec<&'a Column>, Mode, bool)>,
    /// Higher-order constructs: name, their dimensions (indices into
    /// `constructs`), mode and whether a common factor.
    pub hocs: Vec<(String, Vec<usize>, Mode, bool)>,
    /// Paths (from, to) by name; an interaction term is `X:M`.
    pub paths: Vec<(String, String)>,
}

fn plan<'a>(
    study: &Study,
    spec: &'a PlsSpec,
    loaded: &'a [LoadedDataset],
) -> Result<Plan<'a>, Vec<Diagnostic>> {
    let err = |m: String| {
        vec![Diagnostic::error(
            "pls",
            format!(
                "{}: [[analyses.pls]] `{}`: {m}",
                study.file_name(),
                spec.name
            ),
        )]
    };
    let ds = loaded
        .iter()
        .find(|d| &d.name == spec.dataset.get())
        .ok_or_else(|| err(format!("no dataset `{}`", spec.dataset.get())))?;
    let (written, paths) = syntax::written(spec).map_err(err)?;
    if written.is_empty() {
        return Err(err(
            "no constructs: give `constructs` and `paths`, or `syntax`".into(),
        ));
    }
    let mut constructs = Vec::new();
    let is_construct = |n: &str| written.iter().any(|w| w.name == n);
    let mut hoc_written = Vec::new();
    for w in &written {
        let what = format!("construct `{}`", w.name);
        let parts = w.items.iter().filter(|n| is_construct(n)).count();
        if parts > 0 {
            if parts < w.items.len() {
                return Err(err(format!(
                    "{what} mixes constructs and items: a higher-order construct is measured by constructs only"
                )));
            }
            hoc_written.push(w);
            continue;
        }
        let names: Vec<String> = match (&w.prefix, w.items.is_empty()) {
            (Some(p), true) => ds
                .dataset
                .column_names()
                .filter(|n| n.starts_with(p.as_str()) && !ds.columns.is_personal(n))
                .map(str::to_string)
                .collect(),
            (None, false) => w.items.clone(),
            _ => {
                return Err(err(format!(
                    "{what}: give its `items` or a `prefix`, one of the two"
                )));
            }
        };
        if names.is_empty() {
            return Err(err(format!(
                "{what}: no variable of `{}` starts with `{}`",
                ds.name,
                w.prefix.as_deref().unwrap_or("")
            )));
        }
        let mut cols = Vec::new();
        for n in &names {
            let c = column(ds, n).ok_or_else(|| {
                err(format!(
                    "{what}: dataset `{}` has no variable `{n}`",
                    ds.name
                ))
            })?;
            if ds.columns.is_personal(&c.name) {
                return Err(vec![personal_refused(
                    ds,
                    format!("pls: item `{n}` of {what} is a personal column"),
                )]);
            }
            cols.push(c);
        }
        let mode = match w.mode {
            PlsMode::A => Mode::A,
            PlsMode::B => Mode::B,
            PlsMode::Unit => Mode::Unit,
        };
        constructs.push((w.name.clone(), cols, mode, w.factor));
    }
    let mut hocs = Vec::new();
    for w in hoc_written {
        let mut parts = Vec::new();
        for n in &w.items {
            let k = constructs.iter().position(|c| &c.0 == n).ok_or_else(|| {
                err(format!(
                    "higher-order construct `{}`: its dimension `{n}` must be measured by items",
                    w.name
                ))
            })?;
            parts.push(k);
        }
        if parts.len() < 2 {
            return Err(err(format!(
                "higher-order construct `{}` needs at least two dimensions",
                w.name
            )));
        }
        let mode = match w.mode {
            PlsMode::A => Mode::A,
            PlsMode::B => Mode::B,
            PlsMode::Unit => Mode::Unit,
        };
        hocs.push((w.name.clone(), parts, mode, w.factor));
    }
    let known = |n: &str| {
        let parts: Vec<&str> = n.split(':').collect();
        if parts.len() > 2 || parts.iter().any(|p| !is_construct(p)) {
            let bad = parts
                .iter()
                .find(|p| !is_construct(p))
                .copied()
                .unwrap_or(n);
            return Err(err(format!(
                "path: no construct `{bad}` (constructs: {})",
                written
                    .iter()
                    .map(|w| w.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(())
    };
    for (a, b) in &paths {
        known(a)?;
        known(b)?;
        if b.contains(':') {
            return Err(err(format!(
                "path into the interaction term `{b}`: an interaction can only predict"
            )));
        }
    }
    // Items that are present but not numbers.
    for (name, cols, _, _) in &constructs {
        for c in cols {
            let mut bad: Vec<String> = Vec::new();
            let mut rows = Vec::new();
            for i in 0..c.len() {
                let v = c.get(i);
                if !v.is_missing() && number(&v).is_none() {
                    if let Value::Text(t) = v
                        && !bad.iter().any(|b| b == t)
                        && bad.len() < 5
                    {
                        bad.push(t.to_string());
                    }
                    rows.push(i as u64 + 1);
                }
            }
            if !rows.is_empty() {
                let count = rows.len() as u64;
                rows.truncate(10);
                return Err(vec![
                    Diagnostic::error(
                        "pls-item",
                        format!(
                            "{}, column `{}`: [[analyses.pls]] `{}`: item `{}` of construct `{name}` has values that are not numbers: {}",
                            ds.source,
                            c.name,
                            spec.name,
                            c.name,
                            bad.iter()
                                .map(|b| format!("`{b}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_column(&c.name)
                    .with_rows(&rows, count)
                    .with_expected("a numeric item (e.g. a 1–5 Likert answer)"),
                ]);
            }
        }
    }
    Ok(Plan {
        ds,
        constructs,
        hocs,
        paths,
    })
}

/// A cell's number: numeric values, and text that reads as a number (a
/// column with one stray word is read as text).
fn number(v: &Value<'_>) -> Option<f64> {
    match v {
        Value::Text(t) => t.trim().parse().ok(),
        _ => v.as_f64(),
    }
}

/// Validation.
pub(crate) fn check(study: &Study, loaded: &[LoadedDataset], diags: &mut Vec<Diagnostic>) {
    for spec in &study.spec.analyses.pls {
        match plan(study, spec, loaded) {
            Ok(p) => {
                if let Err(e) = build::build(&p, spec) {
                    diags.push(pls_error(spec, e));
                }
            }
            Err(e) => diags.extend(e),
        }
    }
}

fn pls_error(spec: &PlsSpec, m: String) -> Diagnostic {
    Diagnostic::error("pls", format!("[[analyses.pls]] `{}`: {m}", spec.name))
}

/// The item data after the missing-data rule, with the counts.
struct Items {
    sample: Sample,
    /// The dataset row of each sample row.
    rows: Vec<usize>,
    rows_with_missing: u64,
    missing_by_item: Vec<ItemCount>,
}

fn items(plan: &Plan<'_>, cols: &[&Column], spec: &PlsSpec) -> Items {
    let n = plan.ds.dataset.n_rows();
    let value = |c: &Column, i: usize| {
        number(&c.get(i)).filter(|x| x.is_finite() && !spec.missing_codes.contains(x))
    };
    let raw: Vec<Vec<Option<f64>>> = cols
        .iter()
        .map(|c| (0..n).map(|i| value(c, i)).collect())
        .collect();
    let complete: Vec<bool> = (0..n).map(|i| raw.iter().all(|c| c[i].is_some())).collect();
    let rows_with_missing = complete.iter().filter(|c| !**c).count() as u64;
    let mut missing_by_item: Vec<ItemCount> = Vec::new();
    for (c, r) in cols.iter().zip(&raw) {
        let count = r.iter().filter(|x| x.is_none()).count() as u64;
        if count > 0 && !missing_by_item.iter().any(|m| m.item == c.name) {
            missing_by_item.push(ItemCount {
                item: c.name.clone(),
                count,
            });
        }
    }
    let columns: Vec<Vec<f64>> = match spec.missing {
        PlsMissing::Listwise => raw
            .iter()
            .map(|r| {
                (0..n)
                    .filter(|&i| complete[i])
                    .map(|i| r[i].unwrap_or(0.0))
                    .collect()
            })
            .collect(),
        PlsMissing::Mean => raw
            .iter()
            .map(|r| {
                let present: Vec<f64> = r.iter().flatten().copied().collect();
                let mean = present.iter().sum::<f64>() / present.len().max(1) as f64;
                r.iter().map(|x| x.unwrap_or(mean)).collect()
            })
            .collect(),
    };
    let rows = match spec.missing {
        PlsMissing::Listwise => (0..n).filter(|&i| complete[i]).collect(),
        PlsMissing::Mean => (0..n).collect(),
    };
    Items {
        sample: Sample::from_columns(&columns),
        rows,
        rows_with_missing,
        missing_by_item,
    }
}

/// Computes every model, the bootstraps reported to `progress`.
pub(crate) fn run(
    loaded: &LoadedStudy,
    cluster: Option<&ClusterDiagnostic>,
    progress: &dyn crate::Progress,
) -> Result<Vec<PlsModel>, Vec<Diagnostic>> {
    let study = &loaded.study;
    study
        .spec
        .analyses
        .pls
        .iter()
        .map(|spec| {
            let plan = plan(study, spec, &loaded.datasets)?;
            let built = build::build(&plan, spec).map_err(|e| vec![pls_error(spec, e)])?;
            one(study, spec, &plan, &built, cluster, progress)
        })
        .collect()
}

fn one(
    study: &Study,
    spec: &PlsSpec,
    plan: &Plan<'_>,
    built: &build::Built<'_>,
    cluster: Option<&ClusterDiagnostic>,
    progress: &dyn crate::Progress,
) -> Result<PlsModel, Vec<Diagnostic>> {
    let data = items(plan, &built.raw, spec);
    let n = data.sample.n();
    let pipeline = &built.pipeline;
    let model = &pipeline.model;
    let names = &built.names;
    let fail = |m: String| vec![pls_error(spec, m)];
    if n < 3 {
        return Err(fail(format!(
            "{n} complete respondents: too few to estimate (missing = \"{}\")",
            missing_name(spec.missing)
        )));
    }
    let moments = data.sample.moments(None);
    if let Some(k) =
        (0..built.raw.len()).find(|&k| moments.sds[k].is_nan() || moments.sds[k] <= 0.0)
    {
        return Err(vec![
            Diagnostic::error(
                "pls-item",
                format!(
                    "{}, column `{}`: [[analyses.pls]] `{}`: item `{}` has the same value for every respondent used: it carries no information",
                    plan.ds.source, names[k], spec.name, names[k]
                ),
            )
            .with_dataset(&plan.ds.name, Some(plan.ds.source.clone()))
            .with_column(&names[k])
            .with_expected("an item whose answers vary"),
        ]);
    }
    let settings = Settings {
        scheme: match spec.scheme {
            PlsScheme::Path => Scheme::Path,
            PlsScheme::Factorial => Scheme::Factorial,
            PlsScheme::Centroid => Scheme::Centroid,
        },
        max_iterations: spec.max_iterations.unwrap_or(300),
        tolerance: spec.tolerance.unwrap_or(1e-7),
        consistent: spec.consistent,
    };
    let (prepared, fit) = pipeline
        .fit(&data.sample, &settings)
        .map_err(|e| fail(e.to_string()))?;
    let prepared_moments = prepared.moments(None);
    let s = &prepared_moments.corr;
    let level = spec.level.unwrap_or(0.95);
    let resamples = spec.resamples.unwrap_or(1000);
    let seed = spec.seed.or(study.spec.study.seed).unwrap_or(1);
    let inference = (resamples > 0).then(|| {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        progress.start(&format!("bootstrap `{}`", spec.name), resamples as u64);
        let done = infer(
            pipeline,
            &data.sample,
            &settings,
            &fit,
            &Resampling {
                resamples,
                seed,
                threads,
                bca: spec.bca,
                studentized: spec.studentized.filter(|r| *r > 1),
                level,
            },
            &|d| progress.advance(d as u64),
        );
        progress.finish();
        done
    });
    let folds = spec.predict_folds.unwrap_or(10);
    let predict = if folds > 0 && pipeline.is_plain() {
        let technique = match spec.predict_technique {
            PlsPredictTechnique::Earliest => Technique::EarliestAntecedents,
            PlsPredictTechnique::Direct => Technique::DirectAntecedents,
        };
        let cv = CrossValidation {
            folds,
            repetitions: spec.predict_repetitions.unwrap_or(10).max(1),
            seed,
            technique,
        };
        Some(
            predict(model, &data.sample, &settings, &cv)
                .map(|items| predict_results(model, names, &cv, &items))
                .map_err(|e| fail(format!("PLSpredict: {e}")))?,
        )
    } else {
        None
    };
    let mut out = assemble(
        spec,
        plan,
        built,
        s,
        &settings,
        &fit,
        inference.as_ref(),
        &data,
        level,
        seed,
    );
    if folds > 0 && !pipeline.is_plain() {
        out.warnings.push(
            "PLSpredict is not run for models with interaction terms or two-stage or higher-order constructs (as seminr)"
                .into(),
        );
    }
    out.predict = predict;
    if let Some(m1) = &pipeline.first {
        let s1 = moments.corr.clone();
        let fit1 = pipeline
            .prepare(&data.sample, &settings)
            .map_err(|e| fail(format!("first stage: {e}")))?
            .1
            .expect("a first stage");
        out.first_stage = (0..m1.constructs().len())
            .map(|j| measurement(m1, &s1, &fit1, j, &built.names, &built.labels))
            .collect();
    }
    if let Some(mg) = &spec.multigroup {
        let groups = groups(plan, mg, &data.rows, cluster).map_err(fail)?;
        let perms = Permutations {
            count: spec.permutations.unwrap_or(1000),
            seed,
            threads: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        };
        progress.start(&format!("permutations `{}`", spec.name), perms.count as u64);
        let cmp = compare(
            pipeline,
            &data.sample,
            (&groups.a, &groups.b),
            &settings,
            &perms,
            &|d| progress.advance(d as u64),
        );
        progress.finish();
        let cmp = cmp.map_err(|e| fail(format!("multigroup: {e}")))?;
        let cons = model.constructs();
        out.multigroup = Some(PlsMultigroup {
            by: mg.by.clone(),
            n_a: groups.a.len() as u64,
            n_b: groups.b.len() as u64,
            a: groups.a_name,
            b: groups.b_name,
            permutations: cmp.permutations as u64,
            failed: cmp.failed as u64,
            paths: cmp
                .paths
                .iter()
                .map(|p| PlsPathDifference {
                    from: cons[p.path.0].name.clone(),
                    to: cons[p.path.1].name.clone(),
                    a: p.a,
                    b: p.b,
                    difference: p.difference,
                    p: p.p,
                })
                .collect(),
        });
    }
    Ok(out)
}

/// The two groups' rows of the sample (indices into the rows used).
struct Groups {
    a: Vec<usize>,
    b: Vec<usize>,
    a_name: String,
    b_name: String,
}

/// The groups of a multigroup analysis: `rows[k]` is the dataset row of
/// sample row k.
fn groups(
    plan: &Plan<'_>,
    mg: &crate::spec::PlsMultigroupSpec,
    rows: &[usize],
    cluster: Option<&ClusterDiagnostic>,
) -> Result<Groups, String> {
    let ds = plan.ds;
    let (code_of, a_set, b_set, a_name, b_name): (
        Vec<Option<String>>,
        Vec<String>,
        Vec<String>,
        String,
        String,
    ) = if mg.by == "sector_class" {
        let sector = column(ds, "sector").ok_or_else(|| {
            format!(
                "multigroup by sector_class: dataset `{}` has no `sector` concept",
                ds.name
            )
        })?;
        let c = cluster.ok_or("multigroup by sector_class needs [analyses.cluster]")?;
        let class = |s: &str| {
            c.sectors
                .iter()
                .find(|d| d.sector == s)
                .map(|d| d.class_id.clone())
        };
        let codes = (0..ds.dataset.n_rows())
            .map(|i| sector.code_at(i).and_then(|s| class(&s)))
            .collect();
        (
            codes,
            vec!["functional cluster".into(), "potential cluster".into()],
            vec!["agglomeration".into()],
            "clusters (functional or potential)".into(),
            "agglomerations".into(),
        )
    } else {
        let c = column(ds, &mg.by)
            .ok_or_else(|| format!("multigroup: dataset `{}` has no `{}`", ds.name, mg.by))?;
        let (codes, distinct) = crate::validate::domain_codes(ds, c);
        let label = |set: &[String]| {
            set.iter()
                .map(|code| {
                    distinct
                        .iter()
                        .find(|d| &d.0 == code)
                        .and_then(|d| d.1.clone())
                        .unwrap_or_else(|| code.clone())
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (a, b): (Vec<String>, Vec<String>) = if mg.a.is_empty() && mg.b.is_empty() {
            if distinct.len() != 2 {
                return Err(format!(
                    "multigroup: `{}` has {} codes; name the groups with `a = [...]` and `b = [...]`",
                    mg.by,
                    distinct.len()
                ));
            }
            (vec![distinct[0].0.clone()], vec![distinct[1].0.clone()])
        } else {
            (
                mg.a.iter().map(|x| x.key()).collect(),
                mg.b.iter().map(|x| x.key()).collect(),
            )
        };
        let (an, bn) = (label(&a), label(&b));
        (codes, a, b, an, bn)
    };
    let pick = |set: &[String]| -> Vec<usize> {
        rows.iter()
            .enumerate()
            .filter(|(_, r)| code_of[**r].as_ref().is_some_and(|c| set.contains(c)))
            .map(|(k, _)| k)
            .collect()
    };
    let (a, b) = (pick(&a_set), pick(&b_set));
    let need = plan
        .constructs
        .iter()
        .map(|c| c.1.len())
        .sum::<usize>()
        .max(10);
    if a.len() < need || b.len() < need {
        return Err(format!(
            "multigroup by `{}`: {} respondents in `{a_name}` and {} in `{b_name}`; each group needs at least {need}",
            mg.by,
            a.len(),
            b.len()
        ));
    }
    Ok(Groups {
        a,
        b,
        a_name,
        b_name,
    })
}

/// A construct's measurement without bootstrap (the first stage of a
/// two-stage model).
fn measurement(
    model: &Model,
    s: &nalgebra::DMatrix<f64>,
    fit: &Fit,
    j: usize,
    names: &[String],
    labels: &[Option<String>],
) -> PlsConstruct {
    let c = &model.constructs()[j];
    let rel = quality::reliability(model, s, fit, j);
    let vif = quality::item_vif(model, s, j);
    let bare = |value: f64| PlsEstimate {
        value,
        se: None,
        t: None,
        p: None,
        ci_percentile: None,
        ci_bca: None,
        ci_t: None,
        ci_studentized: None,
    };
    PlsConstruct {
        name: c.name.clone(),
        mode: mode_name(c.mode).into(),
        items: c
            .items
            .iter()
            .enumerate()
            .map(|(k, &i)| PlsItem {
                name: names[i].clone(),
                label: labels[i].clone(),
                loading: bare(fit.item_score[(i, j)]),
                weight: bare(fit.weights[(i, j)]),
                vif: vif[k],
                cross_loadings: (0..model.constructs().len())
                    .map(|o| fit.item_score[(i, o)])
                    .collect(),
            })
            .collect(),
        alpha: rel.alpha,
        rho_a: rel.rho_a,
        rho_c: rel.rho_c,
        ave: rel.ave,
        r_squared: fit.r_squared[j].map(bare),
        adjusted_r_squared: None,
    }
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::A => "A",
        Mode::B => "B",
        Mode::Unit => "unit",
    }
}

/// PLSpredict's results: each item's errors and each construct's power.
fn predict_results(
    model: &Model,
    names: &[String],
    cv: &CrossValidation,
    items: &[ItemPrediction],
) -> PlsPredict {
    let name_of = |i: usize| names[i].clone();
    let cons = model.constructs();
    let power = model
        .endogenous()
        .into_iter()
        .map(|j| {
            let mine: Vec<&ItemPrediction> = items.iter().filter(|p| p.construct == j).collect();
            let better = mine.iter().filter(|p| p.rmse < p.lm_rmse).count();
            let power = if mine.iter().any(|p| p.q2_predict <= 0.0) || better == 0 {
                "none"
            } else if better == mine.len() {
                "high"
            } else if 2 * better > mine.len() {
                "medium"
            } else {
                "low"
            };
            PlsPower {
                construct: cons[j].name.clone(),
                better_than_lm: better as u64,
                items: mine.len() as u64,
                power: power.into(),
            }
        })
        .collect();
    PlsPredict {
        folds: cv.folds as u64,
        repetitions: cv.repetitions as u64,
        technique: match cv.technique {
            Technique::EarliestAntecedents => "earliest",
            Technique::DirectAntecedents => "direct",
        }
        .into(),
        items: items
            .iter()
            .map(|p| PlsItemPrediction {
                item: name_of(p.item),
                construct: cons[p.construct].name.clone(),
                rmse: p.rmse,
                mae: p.mae,
                q2_predict: p.q2_predict,
                lm_rmse: p.lm_rmse,
                lm_mae: p.lm_mae,
            })
            .collect(),
        power,
    }
}

fn missing_name(m: PlsMissing) -> &'static str {
    match m {
        PlsMissing::Listwise => "listwise",
        PlsMissing::Mean => "mean",
    }
}

/// A point estimate with its bootstrap summary when there is one.
fn estimate_of(value: f64, inference: Option<&Inference>, st: &Statistic) -> PlsEstimate {
    let sum: Option<&Summary> = inference.and_then(|inf| {
        inf.statistics
            .iter()
            .position(|x| x == st)
            .map(|k| &inf.summaries[k])
    });
    PlsEstimate {
        value,
        se: sum.map(|s| s.sd),
        t: sum.map(|s| s.t),
        p: sum.map(|s| s.p),
        ci_percentile: sum.map(|s| [s.percentile.0, s.percentile.1]),
        ci_bca: sum.and_then(|s| s.bca.map(|b| [b.0, b.1])),
        ci_t: sum.map(|s| [s.t_interval.0, s.t_interval.1]),
        ci_studentized: sum.and_then(|s| s.studentized.map(|b| [b.0, b.1])),
    }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    spec: &PlsSpec,
    plan: &Plan<'_>,
    built: &build::Built<'_>,
    s: &nalgebra::DMatrix<f64>,
    settings: &Settings,
    fit: &Fit,
    inference: Option<&Inference>,
    data: &Items,
    level: f64,
    seed: u64,
) -> PlsModel {
    let model = &built.pipeline.model;
    let cons = model.constructs();
    let cname = |j: usize| cons[j].name.clone();
    let m = cons.len();
    let mut warnings = Vec::new();
    let htmt = quality::htmt(model, s, false);
    let htmt2 = quality::htmt(model, s, true);
    let total = quality::total_effects(&fit.paths);
    let constructs: Vec<PlsConstruct> = (0..m)
        .map(|j| {
            let c = &cons[j];
            let rel = quality::reliability(model, s, fit, j);
            let vif = quality::item_vif(model, s, j);
            let items: Vec<PlsItem> = c
                .items
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let loading = fit.item_score[(i, j)];
                    if loading.abs() > 1.0 + 1e-9 {
                        warnings.push(format!(
                            "{}: loading of `{}` is {loading:.3}, above 1 (inadmissible)",
                            c.name, built.names[i]
                        ));
                    } else if c.mode == Mode::A && cons[j].items.len() > 1 && loading < 0.4 {
                        warnings.push(format!(
                            "{}: loading of `{}` is {loading:.3} (below 0.40: consider removing the item)",
                            c.name, built.names[i]
                        ));
                    }
                    if vif[k] >= 5.0 {
                        warnings.push(format!(
                            "{}: item `{}` has VIF {:.2} (5 or more: collinear items)",
                            c.name, built.names[i], vif[k]
                        ));
                    }
                    PlsItem {
                        name: built.names[i].clone(),
                        label: built.labels[i].clone(),
                        loading: estimate_of(loading, inference, &Statistic::Loading(i, j)),
                        weight: estimate_of(
                            fit.weights[(i, j)],
                            inference,
                            &Statistic::Weight(i, j),
                        ),
                        vif: vif[k],
                        cross_loadings: (0..m).map(|o| fit.item_score[(i, o)]).collect(),
                    }
                })
                .collect();
            if c.mode == Mode::A && c.items.len() > 1 {
                if rel.ave < 0.5 {
                    warnings.push(format!(
                        "{}: AVE {:.3} is below 0.50 (the construct explains less than half of its items' variance)",
                        c.name, rel.ave
                    ));
                }
                if rel.rho_c < 0.7 {
                    warnings.push(format!(
                        "{}: composite reliability ρC {:.3} is below 0.70",
                        c.name, rel.rho_c
                    ));
                }
                if rel.rho_c > 0.95 {
                    warnings.push(format!(
                        "{}: ρC {:.3} is above 0.95 (redundant items?)",
                        c.name, rel.rho_c
                    ));
                }
            }
            let k = model.predecessors(j).len();
            PlsConstruct {
                name: c.name.clone(),
                mode: mode_name(c.mode).into(),
                items,
                alpha: rel.alpha,
                rho_a: rel.rho_a,
                rho_c: rel.rho_c,
                ave: rel.ave,
                r_squared: fit.r_squared[j]
                    .map(|r| estimate_of(r, inference, &Statistic::RSquared(j))),
                adjusted_r_squared: fit.r_squared[j]
                    .map(|r| quality::adjusted_r_squared(r, data.sample.n(), k)),
            }
        })
        .collect();
    let mut pairs_htmt = Vec::new();
    let mut pairs_htmt2 = Vec::new();
    let mut correlations = Vec::new();
    for i in 0..m {
        for j in i + 1..m {
            let h = htmt[(i, j)];
            if h >= 0.9 {
                warnings.push(format!(
                    "HTMT of {} and {} is {h:.3} (0.90 or more: the two may not be distinct)",
                    cons[i].name, cons[j].name
                ));
            }
            pairs_htmt.push(PlsPair {
                a: cname(i),
                b: cname(j),
                value: estimate_of(h, inference, &Statistic::Htmt(i, j)),
            });
            pairs_htmt2.push(PlsPair {
                a: cname(i),
                b: cname(j),
                value: estimate_of(htmt2[(i, j)], None, &Statistic::Htmt(i, j)),
            });
            correlations.push(PlsPair {
                a: cname(i),
                b: cname(j),
                value: estimate_of(fit.score_corr[(i, j)], None, &Statistic::Htmt(i, j)),
            });
        }
    }
    let paths = model
        .paths()
        .iter()
        .map(|&(a, b)| {
            let preds = model.predecessors(b);
            let vif = quality::antecedent_vif(model, fit, b)
                .and_then(|v| preds.iter().position(|&p| p == a).map(|k| v[k]));
            if vif.is_some_and(|v| v >= 5.0) {
                warnings.push(format!(
                    "{} → {}: predecessor VIF {:.2} (5 or more: collinear predecessors)",
                    cons[a].name,
                    cons[b].name,
                    vif.unwrap_or(f64::NAN)
                ));
            }
            PlsPath {
                from: cname(a),
                to: cname(b),
                coefficient: estimate_of(fit.paths[(a, b)], inference, &Statistic::Path(a, b)),
                f_squared: quality::f_squared(model, s, settings, fit, a, b),
                vif,
            }
        })
        .collect();
    let stats = clusterdx_pls::inference::statistics(model);
    let total_effects = stats
        .iter()
        .filter_map(|st| match st {
            Statistic::Total(a, b) => Some(PlsEffect {
                from: cname(*a),
                to: cname(*b),
                effect: estimate_of(total[(*a, *b)], inference, st),
            }),
            _ => None,
        })
        .collect();
    let indirect_effects = stats
        .iter()
        .filter_map(|st| match st {
            Statistic::Indirect(route) => Some(PlsIndirect {
                route: route.iter().map(|&j| cname(j)).collect(),
                effect: estimate_of(quality::chain_effect(&fit.paths, route), inference, st),
            }),
            _ => None,
        })
        .collect();
    let srmr_saturated = quality::srmr(model, s, fit, true);
    let srmr_estimated = quality::srmr(model, s, fit, false);
    if srmr_saturated > 0.08 {
        warnings.push(format!(
            "SRMR of the saturated model is {srmr_saturated:.3} (above 0.08: the measurement model fits poorly)"
        ));
    }
    if let Some(why) = fit.inadmissible(model) {
        warnings.push(format!("inadmissible solution: {why}"));
    }
    let bootstrap = inference.map(|inf| {
        if inf.draws.failed > 0 {
            warnings.push(format!(
                "{} of {} bootstrap resamples failed to converge and were left out",
                inf.draws.failed, inf.draws.requested
            ));
        }
        PlsBootstrap {
            resamples: inf.draws.requested as u64,
            failed: inf.draws.failed as u64,
            inadmissible: inf.draws.inadmissible as u64,
            seed,
            level,
        }
    });
    PlsModel {
        name: spec.name.clone(),
        dataset: plan.ds.name.clone(),
        n: data.sample.n() as u64,
        missing_rule: missing_name(spec.missing).into(),
        rows_with_missing: data.rows_with_missing,
        missing_by_item: data.missing_by_item.clone(),
        scheme: match spec.scheme {
            PlsScheme::Path => "path",
            PlsScheme::Factorial => "factorial",
            PlsScheme::Centroid => "centroid",
        }
        .into(),
        iterations: fit.iterations as u64,
        consistent: spec.consistent,
        srmr_saturated,
        srmr_estimated,
        predict: None,
        multigroup: None,
        first_stage: Vec::new(),
        constructs,
        paths,
        total_effects,
        indirect_effects,
        htmt: pairs_htmt,
        htmt2: pairs_htmt2,
        construct_correlations: correlations,
        bootstrap,
        warnings,
    }
}
