//! `tables.xlsx`: the report's tables, one named sheet each, as numbers
//! (an estimate, its SE and interval in separate columns, shares with a
//! percentage format), frozen headers, and a README sheet saying what each
//! sheet holds. Like the report it reads the results only. The workbook's
//! creation date is fixed, so the same results give the same bytes. The
//! same tables can be written as CSV files (`run --csv`).

use std::path::{Path, PathBuf};

use clusterdx_results::Results;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::atomic::{WriteError, write_atomic};
use crate::tables::{self, Estimate, Scale, Table, Value};

/// A workbook or CSV cell: the table model flattened to one value per
/// column.
#[derive(Debug, Clone, PartialEq)]
enum Flat {
    Text(String),
    /// A number, its Excel number format, and whether it is flagged
    /// (below a quality threshold; shown in red).
    Num(f64, &'static str, bool),
    Empty,
}

/// The Excel number format of a number shown with `decimals` decimals.
fn decimals_format(decimals: usize) -> &'static str {
    match decimals {
        0 => "0",
        1 => "0.0",
        2 => "0.00",
        3 => "0.000",
        _ => "0.0000",
    }
}

fn number(x: f64, format: &'static str, flagged: bool) -> Flat {
    if x.is_finite() {
        Flat::Num(x, format, flagged)
    } else {
        Flat::Empty
    }
}

/// The format of an estimate's value and limits.
fn scale_format(scale: Scale) -> &'static str {
    match scale {
        Scale::Share | Scale::Points => "0.0%",
        Scale::Number(d) => decimals_format(d),
    }
}

/// A value as one flat cell (an estimate gives its value).
fn flat(v: &Value, flagged: bool) -> Flat {
    match v {
        Value::Empty => Flat::Empty,
        Value::Text(s) => Flat::Text(s.clone()),
        Value::Count(x) => number(*x, "0", flagged),
        Value::Number(x, d) => number(*x, decimals_format(*d), flagged),
        Value::Share(x) => number(*x, "0.0%", flagged),
        Value::P(x) => number(*x, "0.0000", flagged),
        Value::Estimate(e) => number(e.value, scale_format(e.scale), flagged),
        Value::Status(s, _) => Flat::Text(s.word().to_string()),
        Value::Flagged(v, _) => flat(v, true),
    }
}

/// An estimate as four cells: value, SE, lower and upper limit.
fn estimate(e: &Estimate, flagged: bool) -> [Flat; 4] {
    let f = scale_format(e.scale);
    let opt = |x: Option<f64>, f: &'static str| x.map_or(Flat::Empty, |x| number(x, f, flagged));
    [
        number(e.value, f, flagged),
        opt(e.se, "0.0000"),
        opt(e.ci.map(|c| c[0]), f),
        opt(e.ci.map(|c| c[1]), f),
    ]
}

/// The header of a table flattened: an estimate column `X` becomes `X`,
/// `X SE`, `X CI low`, `X CI high`.
fn flat_head(t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for c in &t.columns {
        out.push(c.head.clone());
        if c.estimate {
            out.extend([
                format!("{} SE", c.head),
                format!("{} CI low", c.head),
                format!("{} CI high", c.head),
            ]);
        }
    }
    out
}

/// A row flattened to match [`flat_head`].
fn flat_row(t: &Table, row: &[Value]) -> Vec<Flat> {
    let mut out = Vec::new();
    for (c, v) in t.columns.iter().zip(row) {
        if !c.estimate {
            out.push(flat(v, false));
            continue;
        }
        let (inner, flagged) = match v {
            Value::Flagged(v, _) => (v.as_ref(), true),
            v => (v, false),
        };
        match inner {
            Value::Estimate(e) => out.extend(estimate(e, flagged)),
            v => out.extend([flat(v, flagged), Flat::Empty, Flat::Empty, Flat::Empty]),
        }
    }
    out
}

/// The workbook's bytes.
///
/// # Errors
/// The writer's error (not expected for the tables written here).
pub fn tables_xlsx(r: &Results) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(&r.study.name),
    );
    let bold = Format::new().set_bold();
    let tables = tables::all(r);
    // The README sheet first.
    let readme = wb.add_worksheet();
    readme.set_name("README")?;
    readme.write_string_with_format(0, 0, &r.study.name, &bold)?;
    let mut row = 1;
    if let Some(n) = &r.study.notice {
        readme.write_string(row, 0, n)?;
        row += 1;
    }
    readme.write_string(
        row,
        0,
        format!(
            "Written by {} {} (results schema {}); the complete record is results.json.",
            r.tool.name, r.tool.version, r.schema_version
        ),
    )?;
    row += 2;
    readme.write_string_with_format(row, 0, "sheet", &bold)?;
    readme.write_string_with_format(row, 1, "what it holds", &bold)?;
    for t in &tables {
        row += 1;
        readme.write_string(row, 0, t.name)?;
        readme.write_string(row, 1, t.about)?;
    }
    readme.set_column_width(0, 22)?;
    readme.set_column_width(1, 100)?;
    for t in &tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.name)?;
        for (j, h) in flat_head(t).iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &bold)?;
            ws.set_column_width(j as u16, (h.chars().count() as f64 + 2.0).clamp(10.0, 40.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (i, values) in t.rows.iter().enumerate() {
            let row = i as u32 + 1;
            for (j, c) in flat_row(t, values).into_iter().enumerate() {
                let col = j as u16;
                match c {
                    Flat::Text(s) => {
                        ws.write_string(row, col, s)?;
                    }
                    Flat::Num(x, format, flagged) => {
                        let mut f = Format::new().set_num_format(format);
                        if flagged {
                            f = f.set_font_color("#B00020");
                        }
                        ws.write_number_with_format(row, col, x, &f)?;
                    }
                    Flat::Empty => {}
                }
            }
        }
    }
    wb.save_to_buffer()
}

/// Writes `tables.xlsx` into `dir` atomically; returns its path.
///
/// # Errors
/// [`WriteError`] when the workbook cannot be made or written.
pub fn write_tables_xlsx(r: &Results, dir: &Path) -> Result<PathBuf, WriteError> {
    let path = dir.join("tables.xlsx");
    let bytes = tables_xlsx(r).map_err(|e| WriteError {
        path: path.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomic(&path, &bytes)?;
    Ok(path)
}

/// Writes every table as `DIR/tables/NAME.csv` (UTF-8, a header row,
/// numbers in full precision, shares as fractions); returns the folder.
///
/// # Errors
/// [`WriteError`] naming the file that could not be written.
pub fn write_tables_csv(r: &Results, dir: &Path) -> Result<PathBuf, WriteError> {
    let folder = dir.join("tables");
    for t in tables::all(r) {
        let path = folder.join(format!("{}.csv", t.name));
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error, path: &Path| WriteError {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        };
        w.write_record(flat_head(&t)).map_err(|e| fail(e, &path))?;
        for row in &t.rows {
            let fields: Vec<String> = flat_row(&t, row)
                .into_iter()
                .map(|c| match c {
                    Flat::Text(s) => s,
                    Flat::Num(x, _, _) => format!("{x}"),
                    Flat::Empty => String::new(),
                })
                .collect();
            w.write_record(&fields).map_err(|e| fail(e, &path))?;
        }
        let bytes = w.into_inner().map_err(|e| WriteError {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        write_atomic(&path, &bytes)?;
    }
    Ok(folder)
}
