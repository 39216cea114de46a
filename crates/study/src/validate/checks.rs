//! Checks of one dataset's values against its spec: ids, value sets,
//! design columns, plausible ranges. Personal values are never quoted.

use std::collections::HashMap;

use clusterdx_data::Column;
use clusterdx_ingest::infer::parse_float;
use clusterdx_results::{Diagnostic, StudyPosition};

use super::design::{design_structure, stratum_of};
use super::{LoadedDataset, WITHHELD};
use crate::Study;
use crate::spec::{DesignSpec, LonelyPsu};

/// 1-based rows of `column` for which `pred` holds.
fn rows_where(column: &Column, mut pred: impl FnMut(usize) -> bool) -> Vec<u64> {
    (0..column.len())
        .filter(|&i| pred(i))
        .map(|i| i as u64 + 1)
        .collect()
}

/// A finding about `rows` of `column` in `ds`.
fn finding(
    error: bool,
    code: &str,
    ds: &LoadedDataset,
    column: &str,
    rows: &[u64],
    message: String,
    position: Option<StudyPosition>,
) -> Diagnostic {
    let make = if error {
        Diagnostic::error
    } else {
        Diagnostic::warning
    };
    let shown = if ds.columns.is_personal(column) {
        WITHHELD
    } else {
        column
    };
    make(code, format!("{}, column `{shown}`: {message}", ds.source))
        .with_position(position)
        .with_dataset(&ds.name, Some(ds.source.clone()))
        .with_column(shown)
        .with_rows(rows, rows.len() as u64)
}

/// Checks one declared dataset.
pub(super) fn check_dataset(study: &Study, ds: &LoadedDataset, diags: &mut Vec<Diagnostic>) {
    let Some(spec) = &ds.spec else { return };
    let data = &ds.dataset;
    // Unique, present ids.
    if let (Some(id), Some(r)) = (&ds.columns.id, &spec.id)
        && let Some(col) = data.column(id)
    {
        let pos = study.position(r.span());
        let mut first: HashMap<String, u64> = HashMap::new();
        let mut dup_rows = Vec::new();
        let mut example = None;
        for i in 0..col.len() {
            if let Some(code) = col.code_at(i) {
                if let Some(&f) = first.get(&code) {
                    example.get_or_insert((code.clone(), f, i as u64 + 1));
                    dup_rows.push(i as u64 + 1);
                } else {
                    first.insert(code, i as u64 + 1);
                }
            }
        }
        if let Some((code, f, second)) = example {
            let n = dup_rows.len();
            diags.push(
                finding(
                    true,
                    "duplicate-id",
                    ds,
                    id,
                    &dup_rows,
                    format!(
                        "id `{}` appears in rows {f} and {second} ({n} duplicate rows in all)",
                        ds.columns.shown(id, &code)
                    ),
                    pos.clone(),
                )
                .with_expected("a unique id in every row"),
            );
        }
        let missing = rows_where(col, |i| col.get(i).is_missing());
        if let Some(&first) = missing.first() {
            diags.push(
                finding(
                    true,
                    "missing-id",
                    ds,
                    id,
                    &missing,
                    format!("{} rows have no id (first: row {first})", missing.len()),
                    pos,
                )
                .with_expected("an id in every row"),
            );
        }
    }
    // Codes inside their value sets (declared sets are errors, file labels warnings).
    for (col, labels) in &ds.columns.value_sets {
        let Some(column) = data.column(col) else {
            continue;
        };
        let declared = ds.columns.declared_sets.contains(col);
        let pos = spec
            .codes
            .keys()
            .find(|k| crate::resolve_column(data, k.get()).ok().as_deref() == Some(col.as_str()))
            .and_then(|k| study.position(k.span()));
        let mut examples: Vec<String> = Vec::new();
        let rows = rows_where(column, |i| {
            column
                .code_at(i)
                .is_some_and(|code| !labels.contains(&code))
        });
        for &r in &rows {
            if let Some(code) = column.code_at(r as usize - 1) {
                let shown = ds.columns.shown(col, &code);
                if examples.len() < 5 && !examples.contains(&shown) {
                    examples.push(shown);
                }
            }
        }
        let Some(&first) = rows.first() else { continue };
        let set_name = labels
            .name
            .clone()
            .unwrap_or_else(|| "the file's value labels".into());
        let allowed: Vec<&str> = labels.iter().map(|(c, _)| c).collect();
        diags.push(
            finding(
                declared,
                "code-outside-value-set",
                ds,
                col,
                &rows,
                format!(
                    "{} rows hold codes outside `{set_name}` ({}; first at row {first})",
                    rows.len(),
                    examples
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                pos,
            )
            .with_expected(format!("one of: {}", allowed.join(", ")))
            .with_help(
                "add the code to the value set, declare it in `missing_codes`, or correct the data",
            ),
        );
    }
    if let Some(design) = &spec.design {
        check_design(study, ds, design, diags);
    }
    for (name, range, pos) in &ds.columns.ranges {
        let Some(column) = data.column(name) else {
            continue;
        };
        let rows = rows_where(column, |i| {
            column.f64_at(i).is_some_and(|x| {
                range.min.is_some_and(|m| x < m) || range.max.is_some_and(|m| x > m)
            })
        });
        if let Some(&first) = rows.first() {
            diags.push(
                finding(
                    false,
                    "out-of-range",
                    ds,
                    name,
                    &rows,
                    format!(
                        "{} values outside the plausible range (first at row {first})",
                        rows.len()
                    ),
                    pos.clone(),
                )
                .with_expected(format!(
                    "values in [{}, {}]",
                    range.min.map_or("-inf".into(), |m| m.to_string()),
                    range.max.map_or("inf".into(), |m| m.to_string())
                )),
            );
        }
    }
}

fn check_design(
    study: &Study,
    ds: &LoadedDataset,
    design: &DesignSpec,
    diags: &mut Vec<Diagnostic>,
) {
    let data = &ds.dataset;
    let at = |r: &Option<crate::Located<String>>| r.as_ref().and_then(|r| study.position(r.span()));
    if let Some(w) = &ds.columns.weights
        && let Some(col) = data.column(w)
    {
        let pos = at(&design.weights);
        if !col.is_numeric() {
            // Which cells keep the column from being numbers.
            let rows = rows_where(col, |i| {
                col.code_at(i)
                    .is_some_and(|t| parse_float(t.trim()).is_none())
            });
            let example = rows
                .first()
                .and_then(|&r| col.code_at(r as usize - 1))
                .map(|t| ds.columns.shown(w, &t))
                .unwrap_or_default();
            diags.push(
                finding(
                    true,
                    "weights-not-numeric",
                    ds,
                    w,
                    &rows,
                    format!(
                        "weights are {:?}, not numbers: {} cells are not numbers (first at row {}: `{example}`)",
                        col.logical_type(),
                        rows.len(),
                        rows.first().copied().unwrap_or(0)
                    ),
                    pos,
                )
                .with_expected("positive numbers")
                .with_help("list texts that mean missing in `na_values`, or correct the cells"),
            );
        } else {
            let missing = rows_where(col, |i| !col.f64_at(i).is_some_and(f64::is_finite));
            let negative = rows_where(col, |i| col.f64_at(i).is_some_and(|x| x < 0.0));
            let zero = if design.allow_zero_weights {
                Vec::new()
            } else {
                rows_where(col, |i| col.f64_at(i) == Some(0.0))
            };
            for (rows, what, code) in [
                (missing, "missing", "weight-missing"),
                (negative, "negative", "weight-negative"),
                (zero, "zero", "weight-zero"),
            ] {
                let Some(&first) = rows.first() else { continue };
                let mut d = finding(
                    true,
                    code,
                    ds,
                    w,
                    &rows,
                    format!("{} {what} weights (first at row {first})", rows.len()),
                    pos.clone(),
                )
                .with_expected("a positive weight in every row");
                if code == "weight-zero" {
                    d = d.with_help("set `allow_zero_weights = true` in the design if these units are out of scope on purpose");
                }
                diags.push(d);
            }
        }
    }
    let present = [
        (&ds.columns.strata, "stratum", &design.strata),
        (&ds.columns.psu, "PSU", &design.psu),
        (&ds.columns.ssu, "second-stage unit", &design.ssu),
    ];
    for (col, what, r) in present {
        let Some(col) = col else { continue };
        let Some(c) = data.column(col) else { continue };
        let rows = rows_where(c, |i| c.get(i).is_missing());
        if let Some(&first) = rows.first() {
            diags.push(
                finding(
                    true,
                    "design-missing",
                    ds,
                    col,
                    &rows,
                    format!("{} rows have no {what} (first at row {first})", rows.len()),
                    at(r),
                )
                .with_expected(format!("a {what} in every row")),
            );
        }
    }
    let summary = design_structure(ds);
    let stratum_name = |s: &str| match &ds.columns.strata {
        Some(col) => ds.columns.shown(col, s),
        None => s.to_string(),
    };
    // Strata declared in the strata column's value set but without a PSU.
    if let Some(strata) = &ds.columns.strata
        && let Some(labels) = ds.columns.value_sets.get(strata)
    {
        let empty: Vec<String> = labels
            .iter()
            .map(|(code, _)| code)
            .filter(|code| !summary.psus_per_stratum.contains_key(*code))
            .map(stratum_name)
            .collect();
        if !empty.is_empty() {
            let help = if design.allow_empty_strata {
                "estimates describe the sampled strata only (allow_empty_strata = true): say so in the report"
            } else {
                "collapse the stratum with a similar one, drop it from the value set if it is not part of the population, or set `allow_empty_strata = true` to estimate for the sampled strata only"
            };
            diags.push(
                finding(
                    !design.allow_empty_strata,
                    "empty-stratum",
                    ds,
                    strata,
                    &[],
                    format!(
                        "{} declared strata have no sampled PSU: {}",
                        empty.len(),
                        empty
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    at(&design.strata),
                )
                .with_expected("at least two sampled PSUs in every stratum of the design")
                .with_help(help),
            );
        }
    }
    for stratum in &summary.single_psu {
        let msg = format!(
            "stratum `{}` has a single PSU, so its variance cannot be estimated",
            stratum_name(stratum)
        );
        let strata_col = ds.columns.strata.clone().unwrap_or_default();
        let rows = match data.column(&strata_col) {
            Some(c) => rows_where(c, |i| c.code_at(i).as_deref() == Some(stratum.as_str())),
            None => Vec::new(),
        };
        let d = match design.lonely_psu {
            LonelyPsu::Fail => finding(true, "single-psu-stratum", ds, &strata_col, &rows, msg, at(&design.strata))
                .with_help("set `lonely_psu` in the design to remove, adjust, average or certainty, or merge the stratum with a similar one"),
            other => finding(
                false,
                "single-psu-stratum",
                ds,
                &strata_col,
                &rows,
                format!("{msg}; handled by lonely_psu = \"{}\"", other.name()),
                at(&design.strata),
            ),
        };
        diags.push(d.with_expected("at least two PSUs in every stratum"));
    }
    for (fpc_col, what, r) in [
        (&ds.columns.fpc, "stratum", &design.fpc),
        (&ds.columns.fpc2, "PSU", &design.fpc2),
    ] {
        let Some(fpc) = fpc_col else { continue };
        let Some(c) = data.column(fpc) else { continue };
        let bad = rows_where(c, |i| {
            !c.f64_at(i).is_some_and(|x| x > 0.0 && x.is_finite())
        });
        if let Some(&first) = bad.first() {
            diags.push(
                finding(
                    true,
                    "fpc-invalid",
                    ds,
                    fpc,
                    &bad,
                    format!("{} rows with a missing or non-positive fpc (first at row {first})", bad.len()),
                    at(r),
                )
                .with_expected(format!("the population count of units in the {what}, or the sampling fraction (0 < f ≤ 1)")),
            );
        }
        if what != "stratum" {
            continue;
        }
        // One value per stratum, at least the number of sampled PSUs.
        let mut per_stratum: HashMap<String, f64> = HashMap::new();
        let varying = rows_where(c, |i| {
            let (Some(x), Some(s)) = (c.f64_at(i), stratum_of(ds, i)) else {
                return false;
            };
            x > 0.0 && *per_stratum.entry(s).or_insert(x) != x
        });
        if let Some(&first) = varying.first() {
            diags.push(
                finding(
                    true,
                    "fpc-varies",
                    ds,
                    fpc,
                    &varying,
                    format!("the fpc differs within a stratum (first at row {first})"),
                    at(r),
                )
                .with_expected("one fpc value per stratum"),
            );
        }
        for (stratum, n_psu) in &summary.psus_per_stratum {
            if let Some(&pop) = per_stratum.get(stratum)
                && pop > 1.0
                && (pop as u64) < *n_psu
            {
                let rows = rows_where(c, |i| {
                    stratum_of(ds, i).as_deref() == Some(stratum.as_str())
                });
                diags.push(
                    finding(
                        true,
                        "fpc-too-small",
                        ds,
                        fpc,
                        &rows,
                        format!(
                            "stratum `{}` has {n_psu} sampled PSUs but a population of {pop}",
                            stratum_name(stratum)
                        ),
                        at(r),
                    )
                    .with_expected("a population count at least the number of sampled PSUs"),
                );
            }
        }
    }
}
