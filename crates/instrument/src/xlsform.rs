//! XLSForm files: a [`Form`] written as the `survey`, `choices` and
//! `settings` sheets KoboToolbox and ODK read, and read back. Labels, hints
//! and messages carry a column per language (English filled, Urdu and
//! Sindhi for users to fill); each row's study-file role is in a
//! `clusterdx` column, which pyxform and ODK ignore. The workbook's
//! creation date is fixed, so the same form gives the same bytes.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::form::{Choice, Form, LANGUAGES, Role, Row};

/// An XLSForm could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// The file is not a readable workbook.
    #[error("{path}: not a readable XLSForm workbook: {message}")]
    Unreadable { path: String, message: String },
    /// A sheet is missing.
    #[error("{path}: no `{sheet}` sheet (an XLSForm has `survey`, `choices` and `settings`)")]
    MissingSheet { path: String, sheet: &'static str },
    /// A column is missing.
    #[error("{path}, sheet `{sheet}`: no `{column}` column")]
    MissingColumn {
        path: String,
        sheet: &'static str,
        column: &'static str,
    },
    /// A cell is not what was expected.
    #[error("{path}, sheet `{sheet}`, row {row}, column `{column}`: {message}")]
    Cell {
        path: String,
        sheet: &'static str,
        row: usize,
        column: String,
        message: String,
    },
}

/// The English message of a required question.
const REQUIRED: &str = "This question needs an answer.";

/// The translatable survey columns.
const TEXTS: [&str; 4] = ["label", "hint", "required_message", "constraint_message"];

/// `label::English (en)`.
fn lang(column: &str, language: &str) -> String {
    format!("{column}::{language}")
}

/// The English text of a translatable column of a row.
fn english(r: &Row, column: &str) -> String {
    match column {
        "label" => r.label.clone(),
        "hint" => r.hint.clone(),
        "required_message" if r.required => REQUIRED.into(),
        "constraint_message" => r.constraint_message.clone(),
        _ => String::new(),
    }
}

/// The form's workbook bytes.
///
/// # Errors
/// The writer's error (not expected).
pub fn to_xlsx(form: &Form) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(&form.title),
    );
    let bold = Format::new().set_bold();
    // survey
    let mut head: Vec<String> = vec!["type".into(), "name".into()];
    for t in TEXTS {
        head.extend(LANGUAGES.iter().map(|l| lang(t, l)));
    }
    head.extend(
        [
            "required",
            "relevant",
            "constraint",
            "calculation",
            "repeat_count",
            "appearance",
            "choice_filter",
            "clusterdx",
        ]
        .map(String::from),
    );
    for r in &form.rows {
        for (c, _) in &r.extra {
            if !head.contains(c) {
                head.push(c.clone());
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("survey")?;
    for (j, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, h, &bold)?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 20)?;
    ws.set_column_width(2, 50)?;
    for (i, r) in form.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (j, h) in head.iter().enumerate() {
            let value = cell(r, h);
            if !value.is_empty() {
                ws.write_string(row, j as u16, value)?;
            }
        }
    }
    // choices
    let mut chead: Vec<String> = vec!["list_name".into(), "name".into()];
    chead.extend(LANGUAGES.iter().map(|l| lang("label", l)));
    chead.push("clusterdx".into());
    for c in &form.choices {
        for (k, _) in &c.extra {
            if !chead.contains(k) {
                chead.push(k.clone());
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("choices")?;
    for (j, h) in chead.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, h, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(3, 40)?;
    for (i, c) in form.choices.iter().enumerate() {
        let row = i as u32 + 1;
        for (j, h) in chead.iter().enumerate() {
            let value = match h.as_str() {
                "list_name" => c.list.clone(),
                "name" => c.name.clone(),
                h if h == lang("label", LANGUAGES[0]) => c.label.clone(),
                "clusterdx" if c.generated => "generated".into(),
                "clusterdx" => String::new(),
                h => c
                    .extra
                    .iter()
                    .find(|(k, _)| k == h)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
            };
            if !value.is_empty() {
                ws.write_string(row, j as u16, value)?;
            }
        }
    }
    // settings
    let settings_role = if form.dataset.is_empty() {
        String::new()
    } else {
        Role {
            dataset: Some((form.dataset.clone(), form.unit.clone())),
            ..Role::default()
        }
        .encode()
    };
    let ws = wb.add_worksheet();
    ws.set_name("settings")?;
    let mut settings: Vec<(&str, &str)> = vec![
        ("form_title", form.title.as_str()),
        ("form_id", form.id.as_str()),
        ("version", form.version.as_str()),
        ("default_language", LANGUAGES[0]),
        ("clusterdx", settings_role.as_str()),
    ];
    settings.extend(form.settings.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for (j, (h, v)) in settings.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &bold)?;
        ws.write_string(1, j as u16, *v)?;
    }
    wb.save_to_buffer()
}

/// A row's value in survey column `h`: what the form as read had in
/// that column (a user's message, a `required` expression), else the
/// model's.
fn cell(r: &Row, h: &str) -> String {
    if let Some((_, v)) = r.extra.iter().find(|(k, _)| k == h) {
        return v.clone();
    }
    if let Some((t, l)) = h.split_once("::")
        && TEXTS.contains(&t)
    {
        if l == LANGUAGES[0] {
            return english(r, t);
        }
        return r
            .extra
            .iter()
            .find(|(k, _)| k == h)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
    }
    match h {
        "type" => r.kind.clone(),
        "name" => r.name.clone(),
        "required" => {
            if r.required {
                "yes".into()
            } else {
                String::new()
            }
        }
        "relevant" => r.relevant.clone(),
        "constraint" => r.constraint.clone(),
        "calculation" => r.calculation.clone(),
        "repeat_count" => r.repeat_count.clone(),
        "appearance" => r.appearance.clone(),
        "choice_filter" => r.choice_filter.clone(),
        "clusterdx" => r.role.encode(),
        h => r
            .extra
            .iter()
            .find(|(k, _)| k == h)
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
    }
}

/// A sheet's header and rows of text cells.
/// (header, rows, the header's 0-based sheet row).
type Grid = (Vec<String>, Vec<Vec<String>>, usize);

/// A sheet as a header and rows of text cells.
fn sheet(
    wb: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    path: &str,
    name: &'static str,
) -> Result<Option<Grid>, FormError> {
    let Some(actual) = wb
        .sheet_names()
        .into_iter()
        .find(|s| s.eq_ignore_ascii_case(name))
    else {
        return Ok(None);
    };
    let range = wb
        .worksheet_range(&actual)
        .map_err(|e| FormError::Unreadable {
            path: path.to_string(),
            message: e.to_string(),
        })?;
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        other => other.to_string(),
    };
    let mut rows = range.rows();
    let head: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| text(c).trim().to_string()).collect())
        .unwrap_or_default();
    let body = rows.map(|r| r.iter().map(text).collect()).collect();
    // The range starts at its first non-empty cell.
    let first = range.start().map_or(0, |(r, _)| r as usize);
    Ok(Some((head, body, first)))
}

/// Reads an XLSForm. Columns the model has no field for (a user's
/// translations and messages, Kobo's own `$` columns, a `required`
/// expression) are kept in each row's `extra`; rows whose `clusterdx` cell
/// lacks `generated` are the user's.
///
/// # Errors
/// [`FormError`] naming the file, sheet, row and column.
pub fn read(path: &Path) -> Result<Form, FormError> {
    let p = path.display().to_string();
    let mut wb: Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| FormError::Unreadable {
            path: p.clone(),
            message: e.to_string(),
        })?;
    let (head, body, first) = sheet(&mut wb, &p, "survey")?.ok_or(FormError::MissingSheet {
        path: p.clone(),
        sheet: "survey",
    })?;
    let col = |name: &'static str| head.iter().position(|h| h == name);
    let (Some(ti), Some(ni)) = (col("type"), col("name")) else {
        return Err(FormError::MissingColumn {
            path: p,
            sheet: "survey",
            column: if col("type").is_none() {
                "type"
            } else {
                "name"
            },
        });
    };
    // The English column of a translatable text: `label::English (en)`,
    // else a plain `label`, else the first `label::…`.
    let text_col = |t: &str| {
        head.iter()
            .position(|h| *h == lang(t, LANGUAGES[0]))
            .or_else(|| head.iter().position(|h| h == t))
            .or_else(|| head.iter().position(|h| h.starts_with(&format!("{t}::"))))
    };
    let (li, hi, ci_msg) = (
        text_col("label"),
        text_col("hint"),
        text_col("constraint_message"),
    );
    let mut form = Form::default();
    for (k, r) in body.iter().enumerate() {
        let get = |i: Option<usize>| {
            i.and_then(|i| r.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let kind = get(Some(ti));
        if kind.is_empty() && get(Some(ni)).is_empty() {
            continue;
        }
        let role_text = get(col("clusterdx"));
        let role = Role::decode(&role_text).map_err(|message| FormError::Cell {
            path: p.clone(),
            sheet: "survey",
            row: first + k + 2,
            column: "clusterdx".into(),
            message,
        })?;
        let required = get(col("required"));
        let flag = match required.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "true()" => Some(true),
            "" | "no" | "false" | "0" | "false()" => Some(false),
            _ => None,
        };
        // A `required` expression is kept as written (in `extra`).
        let required_col = if flag.is_some() {
            col("required")
        } else {
            None
        };
        let known = [
            Some(ti),
            Some(ni),
            li,
            hi,
            ci_msg,
            required_col,
            col("relevant"),
            col("constraint"),
            col("calculation"),
            col("repeat_count"),
            col("appearance"),
            col("choice_filter"),
            col("clusterdx"),
        ];
        let extra = head
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.is_empty() && !known.contains(&Some(*i)))
            .filter_map(|(i, h)| {
                let v = r.get(i).map(|s| s.trim()).unwrap_or("");
                // The message clusterdx writes itself is not the user's.
                let ours = *h == lang("required_message", LANGUAGES[0]) && v == REQUIRED;
                (!v.is_empty() && !ours).then(|| (h.clone(), v.to_string()))
            })
            .collect();
        // `begin group` and `end repeat` are `begin_group`, `end_repeat`.
        let mut kind = kind.split_whitespace().collect::<Vec<_>>().join(" ");
        for (spaced, joined) in [
            ("begin group", "begin_group"),
            ("end group", "end_group"),
            ("begin repeat", "begin_repeat"),
            ("end repeat", "end_repeat"),
        ] {
            if kind.eq_ignore_ascii_case(spaced) {
                kind = joined.to_string();
            }
        }
        form.rows.push(Row {
            kind,
            name: get(Some(ni)),
            label: get(li),
            hint: get(hi),
            required: flag.unwrap_or(false),
            relevant: get(col("relevant")),
            constraint: get(col("constraint")),
            constraint_message: get(ci_msg),
            calculation: get(col("calculation")),
            repeat_count: get(col("repeat_count")),
            appearance: get(col("appearance")),
            choice_filter: get(col("choice_filter")),
            role,
            extra,
        });
    }
    if let Some((head, body, _)) = sheet(&mut wb, &p, "choices")? {
        let col = |name: &str| head.iter().position(|h| h == name);
        let li = col(&lang("label", LANGUAGES[0]))
            .or_else(|| col("label"))
            .or_else(|| head.iter().position(|h| h.starts_with("label::")));
        let ln = col("list_name").or_else(|| col("list name"));
        let nn = col("name");
        let (Some(ln), Some(nn)) = (ln, nn) else {
            return Err(FormError::MissingColumn {
                path: p,
                sheet: "choices",
                column: if ln.is_none() { "list_name" } else { "name" },
            });
        };
        let cx = col("clusterdx");
        for r in &body {
            let get = |i: Option<usize>| {
                i.and_then(|i| r.get(i))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            let (list, name) = (get(Some(ln)), get(Some(nn)));
            if list.is_empty() && name.is_empty() {
                continue;
            }
            let extra = head
                .iter()
                .enumerate()
                .filter(|(i, h)| !h.is_empty() && ![Some(ln), Some(nn), li, cx].contains(&Some(*i)))
                .filter_map(|(i, h)| {
                    let v = r.get(i).map(|s| s.trim()).unwrap_or("");
                    (!v.is_empty()).then(|| (h.clone(), v.to_string()))
                })
                .collect();
            form.choices.push(Choice {
                list,
                name,
                label: get(li),
                extra,
                generated: get(cx).contains("generated"),
            });
        }
    }
    if let Some((head, body, first)) = sheet(&mut wb, &p, "settings")? {
        let get = |name: &str| {
            head.iter()
                .position(|h| h == name)
                .and_then(|i| body.first().and_then(|r| r.get(i)))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        form.id = get("form_id");
        form.title = get("form_title");
        form.version = get("version");
        const OURS: [&str; 5] = [
            "form_title",
            "form_id",
            "version",
            "default_language",
            "clusterdx",
        ];
        form.settings = head
            .iter()
            .filter(|h| !h.is_empty() && !OURS.contains(&h.as_str()))
            .map(|h| (h.clone(), get(h)))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let role = Role::decode(&get("clusterdx")).map_err(|message| FormError::Cell {
            path: p.clone(),
            sheet: "settings",
            row: first + 2,
            column: "clusterdx".into(),
            message,
        })?;
        if let Some((d, u)) = role.dataset {
            form.dataset = d;
            form.unit = u;
        }
    }
    if form.id.is_empty() {
        form.id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    if form.dataset.is_empty() {
        // Not from clusterdx (or its settings lost the column): the
        // registry's dataset for its id, else its own.
        let (d, u) = crate::registry::dataset_of(&form.id);
        form.dataset = d;
        form.unit = u;
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook with a survey sheet of `rows` (header first).
    fn workbook(rows: &[&[&str]]) -> tempfile::NamedTempFile {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("survey").unwrap();
        for (i, r) in rows.iter().enumerate() {
            for (j, v) in r.iter().enumerate() {
                ws.write_string(i as u32, j as u16, *v).unwrap();
            }
        }
        let file = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
        std::fs::write(file.path(), wb.save_to_buffer().unwrap()).unwrap();
        file
    }

    #[test]
    fn a_bad_role_is_reported_with_its_place() {
        let f = workbook(&[
            &["type", "name", "label", "clusterdx"],
            &["integer", "a", "A", "concept=sector"],
            &["integer", "b", "B", "colour=blue"],
        ]);
        let e = read(f.path()).unwrap_err().to_string();
        assert!(
            e.contains("sheet `survey`, row 3, column `clusterdx`: unknown role `colour`"),
            "{e}"
        );
        let f = workbook(&[&["type", "name", "clusterdx"], &["integer", "a", "link="]]);
        let e = read(f.path()).unwrap_err().to_string();
        assert!(
            e.contains("row 2") && e.contains("`link` needs a value"),
            "{e}"
        );
    }

    /// `begin group` (with a space) is a group; a `required` expression
    /// and a user's required message survive a write and read.
    #[test]
    fn spelling_variants_and_expressions_are_kept() {
        let f = workbook(&[
            &[
                "type",
                "name",
                "label",
                "required",
                "required_message::English (en)",
            ],
            &["begin group", "g", "G", "", ""],
            &["integer", "n", "N", "${x} = 1", "Say how many"],
            &["end group", "", "", "", ""],
            &["begin repeat", "r", "R", "", ""],
            &["text", "t", "T", "yes", ""],
            &["end repeat", "", "", "", ""],
        ]);
        let form = read(f.path()).unwrap();
        let fields = form.fields();
        assert_eq!(fields[0].path, "g/n");
        assert_eq!(fields[1].path, "r/t");
        assert_eq!(fields[1].repeat.map(|r| r.name.as_str()), Some("r"));
        assert!(!form.rows[1].required && form.rows[4].required);
        let again = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
        std::fs::write(again.path(), to_xlsx(&form).unwrap()).unwrap();
        let back = read(again.path()).unwrap();
        assert!(
            back.rows[1]
                .extra
                .contains(&("required".into(), "${x} = 1".into()))
        );
        assert!(back.rows[1].extra.contains(&(
            "required_message::English (en)".into(),
            "Say how many".into()
        )));
        assert!(
            back.rows.iter().all(|r| r.is_users()),
            "no row is clusterdx's"
        );
    }

    /// A survey sheet whose header is not on row 1: errors give the
    /// sheet's own row numbers.
    #[test]
    fn row_numbers_are_the_sheets() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("survey").unwrap();
        for (i, r) in [
            ["type", "name", "clusterdx"],
            ["integer", "a", "colour=blue"],
        ]
        .iter()
        .enumerate()
        {
            for (j, v) in r.iter().enumerate() {
                ws.write_string(i as u32 + 2, j as u16, *v).unwrap();
            }
        }
        let file = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
        std::fs::write(file.path(), wb.save_to_buffer().unwrap()).unwrap();
        let e = read(file.path()).unwrap_err().to_string();
        assert!(e.contains("row 4, column `clusterdx`"), "{e}");
    }

    #[test]
    fn missing_sheets_and_columns_are_named() {
        let f = workbook(&[&["name", "label"], &["a", "A"]]);
        let e = read(f.path()).unwrap_err().to_string();
        assert!(e.contains("sheet `survey`: no `type` column"), "{e}");
        let mut wb = Workbook::new();
        wb.add_worksheet().set_name("choices").unwrap();
        let file = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
        std::fs::write(file.path(), wb.save_to_buffer().unwrap()).unwrap();
        let e = read(file.path()).unwrap_err().to_string();
        assert!(e.contains("no `survey` sheet"), "{e}");
    }

    /// A form written and read back is the same form (roles, texts,
    /// choices, settings).
    #[test]
    fn forms_round_trip_through_the_file() {
        let needs = crate::registry::Needs {
            firm: true,
            worker: true,
            household: true,
            stakeholder: true,
            sectors: vec![("a".into(), "A".into())],
            districts: vec![("d".into(), "D".into())],
            checklist: vec!["sup_inputs".into()],
            worker_items: vec![("HRD".into(), "hrd1".into())],
            ..Default::default()
        };
        for mut form in crate::registry::forms(&needs) {
            form.rows[3]
                .extra
                .push(("label::Urdu (ur)".into(), "اردو".into()));
            let file = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
            std::fs::write(file.path(), to_xlsx(&form).unwrap()).unwrap();
            let back = read(file.path()).unwrap();
            assert_eq!(back.id, form.id);
            assert_eq!(back.version, form.version);
            assert_eq!((&back.dataset, &back.unit), (&form.dataset, &form.unit));
            assert_eq!(back.choices, form.choices);
            assert_eq!(back.rows.len(), form.rows.len());
            for (a, b) in back.rows.iter().zip(&form.rows) {
                assert_eq!(a.role, b.role, "{}", b.name);
                assert_eq!(
                    (
                        &a.kind,
                        &a.name,
                        &a.label,
                        &a.relevant,
                        &a.constraint,
                        &a.calculation
                    ),
                    (
                        &b.kind,
                        &b.name,
                        &b.label,
                        &b.relevant,
                        &b.constraint,
                        &b.calculation
                    )
                );
                assert_eq!(a.extra, b.extra, "{}", b.name);
                assert_eq!(a.required, b.required);
            }
        }
    }
}
