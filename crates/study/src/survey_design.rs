//! Each dataset's survey design, built once for the engine from the study
//! file: weights, strata, PSUs, fpc, a second stage, replicate weights
//! (supplied or made) and a calibration. Analyses take the result and never
//! repeat design code; problems become diagnostics with study positions.

use clusterdx_data::Column;
use clusterdx_results::{Diagnostic, StudyPosition};
use clusterdx_survey::{
    CalibrationMethod, CalibrationReport, Design, DesignError, LonelyPsu as EngineLonely, Margin,
    ReplicateDesign, ReplicateKind, SurveyDesign,
};

use crate::Study;
use crate::spec::{CalibrationKind, DesignSpec, ReplicateMethod, ReplicatesSpec, Rscales};
use crate::validate::{LoadedDataset, WITHHELD};

/// Default number of bootstrap replicates made from a design.
pub const DEFAULT_BOOTSTRAP_REPLICATES: usize = 500;
/// Default raking passes.
pub const DEFAULT_RAKE_ITERATIONS: usize = 100;
/// Default raking tolerance (largest relative gap to a target).
pub const DEFAULT_RAKE_TOLERANCE: f64 = 1e-8;

/// A dataset's design, ready for estimation, and how it was made.
#[derive(Debug, Clone)]
pub struct BuiltDesign {
    /// The engine's design.
    pub design: SurveyDesign,
    /// How variances are computed, in words (`taylor`, `taylor, two-stage`,
    /// `replicate: brr, 32 replicates`, `…, raked`).
    pub variance: String,
    /// Replicates, when the design has them.
    pub replicates: Option<ReplicateInfo>,
    /// The calibration, when one is declared.
    pub calibration: Option<CalibrationInfo>,
}

/// Replicate weights of a design.
#[derive(Debug, Clone)]
pub struct ReplicateInfo {
    /// `brr`, `fay`, `jk1`, `jkn` or `bootstrap`.
    pub method: String,
    /// Number of replicates.
    pub count: usize,
    /// Made from the design (with this seed, for a bootstrap) rather than read.
    pub made: bool,
    /// Seed of a made bootstrap.
    pub seed: Option<u64>,
}

/// A declared calibration and how it went.
#[derive(Debug, Clone)]
pub struct CalibrationInfo {
    /// `rake` or `poststratify`.
    pub method: String,
    /// Margin columns (personal ones withheld).
    pub margins: Vec<String>,
    /// The engine's report.
    pub report: CalibrationReport,
}

/// The design of a dataset without a declared design: weight 1, each row
/// its own PSU (simple random sampling with replacement).
pub(crate) fn srs(ds: &LoadedDataset) -> Result<BuiltDesign, Box<Diagnostic>> {
    let n = ds.dataset.n_rows();
    Design::new(vec![1.0; n], None, None, None, EngineLonely::Remove)
        .map(|d| BuiltDesign {
            design: SurveyDesign::Taylor(d),
            variance: "srs".into(),
            replicates: None,
            calibration: None,
        })
        .map_err(|e| {
            Box::new(
                Diagnostic::error("design", format!("{}: {e}", ds.source))
                    .with_dataset(&ds.name, Some(ds.source.clone())),
            )
        })
}

/// Builds the declared design of `ds`. Warnings (a second stage that has no
/// effect) are pushed to `diags`; errors are returned.
pub(crate) fn build(
    study: &Study,
    ds: &LoadedDataset,
    spec: &DesignSpec,
    diags: &mut Vec<Diagnostic>,
) -> Result<BuiltDesign, Vec<Diagnostic>> {
    let data = &ds.dataset;
    let n = data.n_rows();
    let cols = &ds.columns;
    let error = |code: &str, message: String, at: Option<StudyPosition>| {
        Diagnostic::error(code, format!("{}: {message}", ds.source))
            .with_position(at)
            .with_dataset(&ds.name, Some(ds.source.clone()))
    };
    let design_at = spec
        .weights
        .as_ref()
        .or(spec.strata.as_ref())
        .or(spec.psu.as_ref())
        .and_then(|r| study.position(r.span()));
    let labels = |name: &Option<String>| -> Option<Vec<String>> {
        let c = data.column(name.as_ref()?)?;
        Some((0..n).map(|i| c.code_at(i).unwrap_or_default()).collect())
    };
    let numbers = |c: &Column, missing: f64| -> Vec<f64> {
        (0..n).map(|i| c.f64_at(i).unwrap_or(missing)).collect()
    };
    let weights: Vec<f64> = match cols.weights.as_ref().and_then(|w| data.column(w)) {
        Some(c) => numbers(c, 0.0),
        None => vec![1.0; n],
    };
    let strata = labels(&cols.strata);
    let psu = labels(&cols.psu);
    let fpc = cols
        .fpc
        .as_ref()
        .and_then(|f| data.column(f))
        .map(|c| numbers(c, f64::NAN));
    let ssu = labels(&cols.ssu);
    let fpc2 = cols
        .fpc2
        .as_ref()
        .and_then(|f| data.column(f))
        .map(|c| numbers(c, f64::NAN));
    let lonely: EngineLonely = spec.lonely_psu.into();
    let mut variance = "taylor".to_string();
    let taylor = match (&psu, &fpc, &ssu, &fpc2) {
        (Some(psu), Some(fpc), Some(ssu), Some(fpc2)) => {
            variance.push_str(", two-stage");
            Design::multistage(
                weights.clone(),
                strata.as_deref(),
                psu,
                fpc,
                ssu,
                fpc2,
                lonely,
            )
        }
        _ => {
            if spec.ssu.is_some() || spec.fpc2.is_some() {
                let at = spec.ssu.as_ref().or(spec.fpc2.as_ref());
                diags.push(
                    Diagnostic::warning(
                        "second-stage-unused",
                        format!(
                            "{}: dataset `{}`: the second stage (ssu, fpc2) enters the variance only with `psu`, `fpc`, `ssu` and `fpc2` all given; the variance is the first stage's (ultimate cluster)",
                            ds.source, ds.name
                        ),
                    )
                    .with_position(at.and_then(|r| study.position(r.span())))
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_expected("psu, fpc, ssu and fpc2 together for a two-stage variance"),
                );
            }
            Design::new(
                weights.clone(),
                strata.as_deref(),
                psu.as_deref(),
                fpc.as_deref(),
                lonely,
            )
        }
    };
    let personal = |c: &Option<String>| c.as_ref().is_some_and(|c| cols.is_personal(c));
    let taylor = taylor.map_err(|e| {
        let e = withhold(e, personal(&cols.strata), personal(&cols.psu));
        vec![
            error("design", e.to_string(), design_at.clone())
                .with_expected("a design the engine can estimate with"),
        ]
    })?;
    let (mut design, replicates) = match &spec.replicates {
        None => (SurveyDesign::Taylor(taylor), None),
        Some(r) => {
            let (rep, info) = replicate_design(study, ds, r, taylor, weights, diags)?;
            variance = format!(
                "replicate: {}, {} replicates{}",
                info.method,
                info.count,
                match (info.made, info.seed) {
                    (true, Some(s)) => format!(" made with seed {s}"),
                    (true, None) => " made from the design".to_string(),
                    _ => String::new(),
                }
            );
            (SurveyDesign::Replicate(rep), Some(info))
        }
    };
    let mut calibration = None;
    if let Some(cal) = &spec.calibration {
        let at = study.position(cal.margins.first().map_or(0..0, |m| m.column.span()));
        let mut categories = Vec::new();
        let mut totals = Vec::new();
        let mut names = Vec::new();
        for (m, col) in cal.margins.iter().zip(&cols.margins) {
            let Some(col) = col else {
                return Err(Vec::new()); // reported when resolving
            };
            let c = data.column(col).ok_or_else(Vec::new)?;
            categories.push((0..n).map(|i| c.code_at(i)).collect::<Vec<_>>());
            totals.push(
                m.totals
                    .iter()
                    .map(|(k, v)| (k.get().clone(), *v))
                    .collect::<Vec<_>>(),
            );
            names.push(if cols.is_personal(col) {
                WITHHELD.to_string()
            } else {
                col.clone()
            });
        }
        let margins: Vec<Margin<'_>> = names
            .iter()
            .zip(&categories)
            .zip(&totals)
            .map(|((name, category), totals)| Margin {
                name,
                category,
                totals,
            })
            .collect();
        let method = match cal.method {
            CalibrationKind::Poststratify => CalibrationMethod::PostStratify,
            CalibrationKind::Rake => CalibrationMethod::Rake {
                max_iterations: cal.max_iterations.unwrap_or(DEFAULT_RAKE_ITERATIONS),
                tolerance: cal.tolerance.unwrap_or(DEFAULT_RAKE_TOLERANCE),
            },
        };
        let personal_margin = cols.margins.iter().flatten().any(|c| cols.is_personal(c));
        let fail = |e: clusterdx_survey::CalibrationError| {
            let mut message = e.to_string();
            if personal_margin {
                message = format!("calibration on a personal column failed ({})", WITHHELD);
            }
            vec![error("calibration", message, at.clone()).with_expected(
                "margins whose codes cover the data, with consistent population counts",
            )]
        };
        let report = match design {
            SurveyDesign::Taylor(d) => {
                let (d, report) = d.calibrate(&margins, method).map_err(fail)?;
                design = SurveyDesign::Taylor(d);
                report
            }
            SurveyDesign::Replicate(d) => {
                let (d, report) = d.calibrate(&margins, method).map_err(fail)?;
                design = SurveyDesign::Replicate(d);
                report
            }
        };
        variance.push_str(match cal.method {
            CalibrationKind::Poststratify => ", post-stratified",
            CalibrationKind::Rake => ", raked",
        });
        calibration = Some(CalibrationInfo {
            method: cal.method.name().to_string(),
            margins: names,
            report,
        });
    }
    Ok(BuiltDesign {
        design,
        variance,
        replicates,
        calibration,
    })
}

/// The replicate design a `replicates` table declares: read from columns,
/// or made from the Taylor design.
fn replicate_design(
    study: &Study,
    ds: &LoadedDataset,
    r: &ReplicatesSpec,
    taylor: Design,
    weights: Vec<f64>,
    diags: &mut Vec<Diagnostic>,
) -> Result<(ReplicateDesign, ReplicateInfo), Vec<Diagnostic>> {
    let method = *r.method.get();
    let at = study.position(r.method.span());
    let error = |code: &str, message: String, at: Option<StudyPosition>, expected: &str| {
        vec![
            Diagnostic::error(
                code,
                format!("{}: dataset `{}`: {message}", ds.source, ds.name),
            )
            .with_position(at)
            .with_dataset(&ds.name, Some(ds.source.clone()))
            .with_expected(expected),
        ]
    };
    // Options that would be silently ignored are errors.
    let unused: Vec<&str> = if r.columns.is_none() {
        [
            ("count", r.count.is_some()),
            ("fay", r.fay.is_some()),
            ("scale", r.scale.is_some()),
            ("rscales", r.rscales.is_some()),
            ("mse", r.mse),
        ]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(k, _)| k)
        .collect()
    } else {
        [
            ("replicates", r.replicates.is_some()),
            ("seed", r.seed.is_some()),
        ]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(k, _)| k)
        .collect()
    };
    if !unused.is_empty() {
        let (what, expected) = if r.columns.is_none() {
            (
                "replicates made from the design",
                "for made replicates: method, and replicates and seed for a bootstrap",
            )
        } else {
            (
                "replicate weights read from `columns`",
                "for read weights: method, columns, count, fay, scale, rscales, mse",
            )
        };
        return Err(error(
            "replicates",
            format!(
                "{} not used by {what}",
                unused
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            at,
            expected,
        ));
    }
    if r.columns.is_none() {
        let warn = |message: String| {
            Diagnostic::warning(
                "replicates",
                format!("{}: dataset `{}`: {message}", ds.source, ds.name),
            )
            .with_position(at.clone())
            .with_dataset(&ds.name, Some(ds.source.clone()))
        };
        if taylor.is_multistage() {
            diags.push(warn(
                "replicates made from the design resample PSUs only: the second-stage term of the two-stage variance is not in their SEs (they are the with-replacement first-stage SEs)".into(),
            ));
        }
        if taylor.n_single_psu_strata() > 0 {
            diags.push(warn(format!(
                "{} single-PSU strata form no replicate, so they add no variance (as lonely_psu = \"remove\")",
                taylor.n_single_psu_strata()
            )));
        }
        let made = match method {
            ReplicateMethod::Jkn => taylor.jackknife().map(|d| (d, None)),
            ReplicateMethod::Bootstrap => {
                let count = r
                    .replicates
                    .as_ref()
                    .map_or(DEFAULT_BOOTSTRAP_REPLICATES, |c| *c.get());
                let seed = r.seed.or(study.spec.study.seed).unwrap_or(1);
                taylor.bootstrap(count, seed).map(|d| (d, Some(seed)))
            }
            other => {
                return Err(error(
                    "replicates",
                    format!(
                        "`{}` replicate weights cannot be made here: give their `columns`",
                        other.name()
                    ),
                    at,
                    "method = \"jkn\" or \"bootstrap\" to make replicates from the design, or `columns` naming the replicate weights",
                ));
            }
        };
        return match made {
            Ok((d, seed)) => {
                let info = ReplicateInfo {
                    method: method.name().to_string(),
                    count: d.n_replicates(),
                    made: true,
                    seed,
                };
                Ok((d, info))
            }
            Err(e) => Err(error(
                "replicates",
                e.to_string(),
                at,
                "strata with at least two PSUs",
            )),
        };
    }
    let names = &ds.columns.replicate_weights;
    if names.is_empty() {
        return Err(Vec::new()); // reported when resolving
    }
    if let Some(count) = &r.count
        && *count.get() != names.len()
    {
        return Err(error(
            "replicate-count",
            format!(
                "{} replicate weight columns found, but `count = {}` was declared",
                names.len(),
                count.get()
            ),
            study.position(count.span()),
            "as many replicate weight columns as `count` says",
        ));
    }
    let data = &ds.dataset;
    let n = data.n_rows();
    let mut columns = Vec::with_capacity(names.len());
    for name in names {
        let Some(c) = data.column(name) else {
            return Err(Vec::new());
        };
        let bad: Vec<u64> = (0..n)
            .filter(|&i| !c.f64_at(i).is_some_and(|w| w.is_finite() && w >= 0.0))
            .map(|i| i as u64 + 1)
            .collect();
        if let Some(&first) = bad.first() {
            let shown = if ds.columns.is_personal(name) {
                WITHHELD
            } else {
                name
            };
            return Err(vec![
                Diagnostic::error(
                    "replicate-weight",
                    format!(
                        "{}, column `{shown}`: {} replicate weights are missing, negative or not numbers (first at row {first})",
                        ds.source,
                        bad.len()
                    ),
                )
                .with_position(at.clone())
                .with_dataset(&ds.name, Some(ds.source.clone()))
                .with_column(shown)
                .with_rows(&bad, bad.len() as u64)
                .with_expected("a finite non-negative weight in every row"),
            ]);
        }
        columns.push((0..n).map(|i| c.f64_at(i).unwrap_or(0.0)).collect());
    }
    let kind = match method {
        ReplicateMethod::Brr => ReplicateKind::Brr { fay: 0.0 },
        ReplicateMethod::Fay => {
            let Some(fay) = r.fay else {
                return Err(error(
                    "replicates",
                    "method `fay` needs Fay's coefficient `fay`".into(),
                    at,
                    "fay = a number in [0, 1), e.g. 0.3",
                ));
            };
            ReplicateKind::Brr { fay }
        }
        ReplicateMethod::Jk1 => ReplicateKind::Jk1,
        ReplicateMethod::Jkn => ReplicateKind::Jkn,
        ReplicateMethod::Bootstrap => ReplicateKind::Bootstrap,
    };
    let count = columns.len();
    let rscales = r.rscales.as_ref().map(|x| match x.get() {
        Rscales::All(v) => vec![*v; count],
        Rscales::Each(v) => v.clone(),
    });
    let rscales_at = r.rscales.as_ref().and_then(|x| study.position(x.span()));
    match ReplicateDesign::new(weights, columns, kind, r.scale, rscales, r.mse) {
        Ok(d) => Ok((
            d,
            ReplicateInfo {
                method: method.name().to_string(),
                count,
                made: false,
                seed: None,
            },
        )),
        Err(e) => {
            let at = match e {
                clusterdx_survey::ReplicateError::Coefficients { .. } => rscales_at,
                _ => at,
            };
            Err(error(
                "replicates",
                e.to_string(),
                at,
                "replicate weights and coefficients that match",
            ))
        }
    }
}

/// The engine's error with the names of strata and PSUs withheld when their
/// columns are personal.
fn withhold(e: DesignError, strata: bool, psu: bool) -> DesignError {
    let hide = |name: String, personal: bool| {
        if personal { WITHHELD.to_string() } else { name }
    };
    match e {
        DesignError::LonelyPsu { stratum } => DesignError::LonelyPsu {
            stratum: hide(stratum, strata),
        },
        DesignError::Fpc {
            stratum,
            fpc,
            sampled,
        } => DesignError::Fpc {
            stratum: hide(stratum, strata),
            fpc,
            sampled,
        },
        DesignError::Fpc2 {
            stratum,
            psu: p,
            fpc,
            sampled,
        } => DesignError::Fpc2 {
            stratum: hide(stratum, strata),
            psu: hide(p, psu),
            fpc,
            sampled,
        },
        DesignError::LonelySsu { stratum, psu: p } => DesignError::LonelySsu {
            stratum: hide(stratum, strata),
            psu: hide(p, psu),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_strata_and_psus_are_withheld_in_design_errors() {
        let e = DesignError::LonelySsu {
            stratum: "Kibera".into(),
            psu: "17".into(),
        };
        let shown = withhold(e.clone(), true, true).to_string();
        assert!(
            !shown.contains("Kibera") && !shown.contains("17"),
            "{shown}"
        );
        assert!(shown.contains(WITHHELD));
        let shown = withhold(e, false, true).to_string();
        assert!(
            shown.contains("Kibera") && !shown.contains("PSU 17"),
            "{shown}"
        );
    }
}
