//! Exports of a form's submissions in the documented shapes of
//! KoboToolbox ("XML values and headers": an XLSX with a sheet per repeat,
//! or a `;` CSV of the main table) and ODK Central (a CSV per table), as
//! `../shared/reference/instruments/export_shapes/` shows them: group paths
//! joined by `/` (Kobo) or `-` (ODK), a select_multiple's answer followed
//! by a 0/1 column per choice, a geopoint's parts, the servers' meta
//! columns, and repeats linked by `_index`/`_parent_index` (Kobo) or
//! `KEY`/`PARENT_KEY` (ODK). Used to test the round trip from form to
//! analysis; a field team's real exports come from the servers.

use std::collections::HashMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::form::{Field, Form, fnv1a, geopoint_columns};

/// One submission's (or repeat row's) answers by field name.
pub type Record = HashMap<String, String>;

/// A form's submissions: the main table, and each repeat's rows with the
/// index of their submission.
#[derive(Debug, Clone, Default)]
pub struct Submissions {
    pub main: Vec<Record>,
    pub repeats: Vec<(String, Vec<(usize, Record)>)>,
}

/// The shapes of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// KoboToolbox XLSX: the main sheet and a sheet per repeat.
    KoboXlsx,
    /// KoboToolbox CSV (`;`): the main table only.
    KoboCsv,
    /// ODK Central: `ID.csv` and `ID-REPEAT.csv`.
    OdkCentral,
}

/// A table of text cells; `numeric[j]` says column j is written as numbers
/// in XLSX.
struct Table {
    head: Vec<String>,
    numeric: Vec<bool>,
    rows: Vec<Vec<String>>,
}

/// The columns of a field: (name, numeric).
fn columns(f: &Field<'_>, form: &Form, odk: bool, inner: bool) -> Vec<(String, bool)> {
    let path = if inner { &f.inner } else { &f.path };
    let base = if odk {
        path.replace('/', "-")
    } else {
        path.clone()
    };
    let numeric = matches!(f.row.base_type(), "integer" | "decimal" | "calculate");
    match f.row.base_type() {
        "select_multiple" => {
            let mut out = vec![(base.clone(), false)];
            let list = f.row.list().unwrap_or("");
            out.extend(
                form.list(list)
                    .map(|c| (format!("{base}/{}", c.name), true)),
            );
            out
        }
        "geopoint" => geopoint_columns(path, odk)
            .into_iter()
            .map(|c| (if odk { c.replace('/', "-") } else { c }, false))
            .collect(),
        _ => vec![(base, numeric)],
    }
}

/// A field's cells for one record, matching [`columns`].
fn cells(f: &Field<'_>, form: &Form, odk: bool, rec: &Record) -> Vec<String> {
    let v = rec.get(&f.row.name).cloned().unwrap_or_default();
    match f.row.base_type() {
        "select_multiple" => {
            let chosen: Vec<&str> = v.split_whitespace().collect();
            let list = f.row.list().unwrap_or("");
            let mut out = vec![v.clone()];
            out.extend(form.list(list).map(|c| {
                if v.is_empty() {
                    // Not relevant: ODK writes 0, Kobo leaves it empty.
                    if odk { "0".into() } else { String::new() }
                } else if chosen.contains(&c.name.as_str()) {
                    "1".into()
                } else {
                    "0".into()
                }
            }));
            out
        }
        "geopoint" => {
            let mut parts: Vec<String> = v.split_whitespace().map(String::from).collect();
            parts.resize(4, String::new());
            if odk {
                parts
            } else {
                let mut out = vec![v.clone()];
                out.extend(parts);
                out
            }
        }
        _ => vec![v],
    }
}

/// The fields of the main table or of repeat `repeat`.
fn scope<'a>(form: &'a Form, repeat: Option<&str>) -> Vec<Field<'a>> {
    form.fields()
        .into_iter()
        .filter(|f| f.repeat.map(|r| r.name.as_str()) == repeat)
        .collect()
}

/// A stable fake uuid for submission `i` of `form`.
fn uuid(form: &Form, i: usize) -> String {
    let h = fnv1a([form.id.as_str()]);
    format!("{:08x}-0000-4000-8000-{:012x}", h >> 32, i + 1)
}

fn main_table(form: &Form, subs: &Submissions, odk: bool) -> Table {
    let fields = scope(form, None);
    let mut head: Vec<(String, bool)> = Vec::new();
    if odk {
        head.push(("SubmissionDate".into(), false));
    }
    for f in &fields {
        head.extend(columns(f, form, odk, false));
    }
    let meta: Vec<(&str, bool)> = if odk {
        vec![
            ("meta-instanceID", false),
            ("KEY", false),
            ("SubmitterID", true),
            ("SubmitterName", false),
            ("AttachmentsPresent", true),
            ("AttachmentsExpected", true),
            ("Status", false),
            ("ReviewState", false),
            ("DeviceID", false),
            ("Edits", true),
            ("FormVersion", false),
        ]
    } else {
        vec![
            ("_id", true),
            ("_uuid", false),
            ("_submission_time", false),
            ("_validation_status", false),
            ("_notes", false),
            ("_status", false),
            ("_submitted_by", false),
            ("__version__", false),
            ("_tags", false),
            ("_index", true),
        ]
    };
    head.extend(meta.iter().map(|(n, k)| (n.to_string(), *k)));
    let rows = subs
        .main
        .iter()
        .enumerate()
        .map(|(i, rec)| {
            let mut row = Vec::new();
            if odk {
                row.push(rec.get("_submission_time").cloned().unwrap_or_default());
            }
            for f in &fields {
                row.extend(cells(f, form, odk, rec));
            }
            let id = uuid(form, i);
            if odk {
                row.extend([
                    format!("uuid:{id}"),
                    format!("uuid:{id}"),
                    "1".into(),
                    "enumerator".into(),
                    "0".into(),
                    "0".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "0".into(),
                    form.version.clone(),
                ]);
            } else {
                row.extend([
                    format!("{}", 100_001 + i),
                    id,
                    rec.get("_submission_time").cloned().unwrap_or_default(),
                    String::new(),
                    String::new(),
                    "submitted_via_web".into(),
                    String::new(),
                    form.version.clone(),
                    String::new(),
                    format!("{}", i + 1),
                ]);
            }
            row
        })
        .collect();
    let (head, numeric) = head.into_iter().unzip();
    Table {
        head,
        numeric,
        rows,
    }
}

fn repeat_table(
    form: &Form,
    subs: &Submissions,
    repeat: &str,
    rows: &[(usize, Record)],
    odk: bool,
) -> Table {
    let fields = scope(form, Some(repeat));
    let mut head: Vec<(String, bool)> = Vec::new();
    for f in &fields {
        head.extend(columns(f, form, odk, odk));
    }
    if odk {
        head.extend([("PARENT_KEY".into(), false), ("KEY".into(), false)]);
    } else {
        head.extend(
            [
                ("_index", true),
                ("_parent_table_name", false),
                ("_parent_index", true),
                ("_submission__id", true),
                ("_submission__uuid", false),
                ("_submission__submission_time", false),
                ("_submission__validation_status", false),
                ("_submission__notes", false),
                ("_submission__status", false),
                ("_submission__submitted_by", false),
                ("_submission___version__", false),
                ("_submission__tags", false),
            ]
            .iter()
            .map(|(n, k)| (n.to_string(), *k)),
        );
    }
    let mut count: HashMap<usize, usize> = HashMap::new();
    let out = rows
        .iter()
        .enumerate()
        .map(|(k, (parent, rec))| {
            let mut row = Vec::new();
            for f in &fields {
                row.extend(cells(f, form, odk, rec));
            }
            let id = uuid(form, *parent);
            if odk {
                let n = count.entry(*parent).or_insert(0);
                *n += 1;
                row.extend([format!("uuid:{id}"), format!("uuid:{id}/{repeat}[{n}]")]);
            } else {
                let time = subs
                    .main
                    .get(*parent)
                    .and_then(|r| r.get("_submission_time"))
                    .cloned()
                    .unwrap_or_default();
                row.extend([
                    format!("{}", k + 1),
                    form.id.clone(),
                    format!("{}", parent + 1),
                    format!("{}", 100_001 + parent),
                    id,
                    time,
                    String::new(),
                    String::new(),
                    "submitted_via_web".into(),
                    String::new(),
                    form.version.clone(),
                    String::new(),
                ]);
            }
            row
        })
        .collect();
    let (head, numeric) = head.into_iter().unzip();
    Table {
        head,
        numeric,
        rows: out,
    }
}

/// The export files of `subs` in `shape`: (file name, bytes).
///
/// # Errors
/// The XLSX writer's error (not expected).
pub fn export(
    form: &Form,
    subs: &Submissions,
    shape: Shape,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    let odk = shape == Shape::OdkCentral;
    let main = main_table(form, subs, odk);
    let repeats: Vec<(String, Table)> = subs
        .repeats
        .iter()
        .map(|(name, rows)| (name.clone(), repeat_table(form, subs, name, rows, odk)))
        .collect();
    Ok(match shape {
        Shape::KoboXlsx => {
            let mut wb = Workbook::new();
            let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
            wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
            let mut sheets = vec![(form.id.clone(), &main)];
            sheets.extend(repeats.iter().map(|(n, t)| (n.clone(), t)));
            for (name, t) in sheets {
                let ws = wb.add_worksheet();
                ws.set_name(name.chars().take(31).collect::<String>())?;
                for (j, h) in t.head.iter().enumerate() {
                    ws.write_string(0, j as u16, h)?;
                }
                for (i, r) in t.rows.iter().enumerate() {
                    for (j, v) in r.iter().enumerate() {
                        if v.is_empty() {
                            continue;
                        }
                        match v.parse::<f64>() {
                            Ok(x) if t.numeric[j] && x.is_finite() => {
                                ws.write_number(i as u32 + 1, j as u16, x)?;
                            }
                            _ => {
                                ws.write_string(i as u32 + 1, j as u16, v)?;
                            }
                        }
                    }
                }
            }
            vec![(format!("{}.xlsx", form.id), wb.save_to_buffer()?)]
        }
        Shape::KoboCsv => vec![(format!("{}.csv", form.id), csv_bytes(&main, b';', true))],
        Shape::OdkCentral => {
            let mut out = vec![(format!("{}.csv", form.id), csv_bytes(&main, b',', false))];
            out.extend(
                repeats
                    .iter()
                    .map(|(n, t)| (format!("{}-{n}.csv", form.id), csv_bytes(t, b',', false))),
            );
            out
        }
    })
}

fn csv_bytes(t: &Table, delimiter: u8, quote_all: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(if quote_all {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(&t.head);
    for r in &t.rows {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}
