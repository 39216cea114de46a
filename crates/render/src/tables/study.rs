//! The study's data: datasets, sampling designs, warnings.

use clusterdx_results::Results;

use super::{Table, Value, col};

/// Each dataset: unit, rows, columns, format, file.
pub(crate) fn datasets(r: &Results) -> Table {
    let mut t = Table::new(
        "datasets",
        "Each dataset: unit, rows, columns, format and file.",
        vec![
            col("dataset"),
            col("unit"),
            col("rows"),
            col("columns"),
            col("format"),
            col("file"),
            col("personal columns withheld"),
        ],
    );
    for d in &r.datasets {
        t.push(vec![
            Value::text(&d.name),
            d.unit.as_ref().map_or(Value::Empty, Value::text),
            Value::Count(d.rows as f64),
            Value::Count(d.columns.len() as f64),
            Value::text(&d.format),
            Value::text(&d.source),
            Value::Count(d.personal_columns_withheld as f64),
        ]);
    }
    t
}

/// Each survey's sampling design.
pub(crate) fn designs(r: &Results) -> Table {
    let mut t = Table::new(
        "sampling_designs",
        "Each survey's design: units, estimated population, weights, strata, PSUs, variance method and single-PSU rule.",
        vec![
            col("dataset"),
            col("units"),
            col("estimated population"),
            col("weights"),
            col("strata"),
            col("PSUs"),
            col("variance"),
            col("single-PSU strata rule"),
        ],
    );
    let Some(ing) = &r.ingest_summary else {
        return t;
    };
    for d in &ing.datasets {
        let Some(g) = &d.design else {
            continue;
        };
        t.push(vec![
            Value::text(&d.dataset),
            Value::Count(d.units as f64),
            d.weighted_units.map_or(Value::Empty, Value::Count),
            Value::text(g.weights.as_deref().unwrap_or("none")),
            Value::Count(g.strata as f64),
            Value::Count(g.psus as f64),
            Value::text(g.variance.as_deref().unwrap_or("Taylor linearisation")),
            Value::text(&g.lonely_psu),
        ]);
    }
    t
}

/// The run's data-quality warnings.
pub(crate) fn warnings(r: &Results) -> Table {
    let mut t = Table::new(
        "warnings",
        "Data-quality warnings of the run.",
        vec![col("code"), col("message")],
    );
    for w in &r.warnings {
        t.push(vec![Value::text(&w.code), Value::text(&w.message)]);
    }
    t
}
