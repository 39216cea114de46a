//! The study file back from the forms: a dataset per form (and per
//! repeat) whose columns are mapped by the rows' roles — concepts,
//! variables, id, design, links, personal columns, missing codes, ranges
//! and value sets from the choice lists — in the names the export's shape
//! uses; merged with the study's side (`clusterdx-study.toml`) when the
//! forms came with it. Questions a user added are mapped as variables
//! under their own names.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::export::Shape;
use crate::form::{Field, Form, geopoint_columns};

/// A form with where its export is (or is expected).
#[derive(Debug, Clone)]
pub struct Source {
    pub form: Form,
    pub shape: Shape,
    /// The export's path as the study file should write it.
    pub path: String,
}

/// Finds `form`'s export in `data`: `ID.xlsx` (Kobo), `ID.csv` (Kobo when
/// `;`-separated, else ODK Central). `None` when there is none yet.
pub fn detect(data: &Path, id: &str) -> Option<(Shape, PathBuf)> {
    let xlsx = data.join(format!("{id}.xlsx"));
    if xlsx.exists() {
        return Some((Shape::KoboXlsx, xlsx));
    }
    let csv = data.join(format!("{id}.csv"));
    let text = std::fs::read(&csv).ok()?;
    let first = text.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let first = String::from_utf8_lossy(first);
    let shape = if first.contains(';') && !first.starts_with("SubmissionDate") {
        Shape::KoboCsv
    } else {
        Shape::OdkCentral
    };
    Some((shape, csv))
}

/// The column a field has in an export of `shape`.
fn column(f: &Field<'_>, shape: Shape) -> String {
    match (shape, f.repeat) {
        (Shape::OdkCentral, Some(_)) => f.inner.clone(),
        _ => f.path.clone(),
    }
}

/// A code as TOML: an integer when it is one, else text.
fn code(c: &str) -> Value {
    c.parse::<i64>()
        .map_or_else(|_| Value::String(c.to_string()), Value::Integer)
}

/// `t[key]` as a table, made when it is none.
fn table_mut<'a>(t: &'a mut Table, key: &str) -> &'a mut Table {
    if !matches!(t.get(key), Some(Value::Table(_))) {
        t.insert(key.to_string(), Value::Table(Table::new()));
    }
    match t.get_mut(key) {
        Some(Value::Table(x)) => x,
        _ => unreachable!("inserted above"),
    }
}

/// `t[key]` as an array, made when it is none.
fn array_mut<'a>(t: &'a mut Table, key: &str) -> &'a mut Vec<Value> {
    if !matches!(t.get(key), Some(Value::Array(_))) {
        t.insert(key.to_string(), Value::Array(Vec::new()));
    }
    match t.get_mut(key) {
        Some(Value::Array(x)) => x,
        _ => unreachable!("inserted above"),
    }
}

/// The study tables of one form: its main dataset and one per repeat, with
/// the value sets its lists give; notes on what could not be mapped.
fn datasets(src: &Source, value_sets: &mut Table, notes: &mut Vec<String>) -> Vec<(String, Table)> {
    let form = &src.form;
    let fields = form.fields();
    let mut scopes: Vec<(Option<&crate::form::Row>, String, Table)> = Vec::new();
    let mut main = Table::new();
    main.insert("path".into(), Value::String(src.path.clone()));
    main.insert(
        "format".into(),
        Value::String(match src.shape {
            Shape::OdkCentral => "odk_central".into(),
            _ => "kobo".into(),
        }),
    );
    main.insert("unit".into(), Value::String(form.unit.clone()));
    scopes.push((None, form.dataset.clone(), main));
    for r in form.repeats() {
        let (name, unit) = r
            .role
            .dataset
            .clone()
            .unwrap_or_else(|| (r.name.clone(), "other".into()));
        if src.shape == Shape::KoboCsv {
            notes.push(format!(
                "{}: the repeat `{}` is not in a Kobo CSV export; export XLSX to analyse it",
                form.id, r.name
            ));
            continue;
        }
        let mut t = Table::new();
        t.insert("parent".into(), Value::String(form.dataset.clone()));
        // Kobo names a repeat's sheet by the repeat, cut to Excel's 31
        // characters.
        let repeat: String = match src.shape {
            Shape::KoboXlsx => r.name.chars().take(31).collect(),
            _ => r.name.clone(),
        };
        t.insert("repeat".into(), Value::String(repeat));
        t.insert("unit".into(), Value::String(unit));
        scopes.push((Some(r), name, t));
    }
    for f in &fields {
        let Some(scope) = scopes
            .iter_mut()
            .find(|(r, _, _)| r.map(|r| &r.name) == f.repeat.map(|r| &r.name))
        else {
            continue;
        };
        let t = &mut scope.2;
        let col = column(f, src.shape);
        let role = &f.row.role;
        if role.id {
            t.insert("id".into(), Value::String(col.clone()));
        }
        // A location, a phone number or an e-mail address is personal data,
        // whoever added the question.
        let kind = f.row.base_type();
        let geopoint = matches!(kind, "geopoint" | "start-geopoint");
        let located = geopoint || matches!(kind, "geotrace" | "geoshape");
        let contact = matches!(kind, "phonenumber" | "simserial" | "subscriberid" | "email");
        if role.personal || located || contact {
            let mut cols = if geopoint {
                geopoint_columns(&col, src.shape == Shape::OdkCentral)
            } else {
                vec![col.clone()]
            };
            // A select_multiple's 0/1 columns say the same.
            if kind == "select_multiple"
                && let Some(list) = f.row.list()
            {
                cols.extend(form.list(list).map(|c| format!("{col}/{}", c.name)));
            }
            array_mut(t, "personal").extend(cols.into_iter().map(Value::String));
        }
        if role.item && !f.row.label.is_empty() {
            table_mut(t, "labels").insert(col.clone(), Value::String(f.row.label.clone()));
        }
        if let Some(c) = &role.concept {
            table_mut(t, "concepts").insert(c.clone(), Value::String(col.clone()));
        }
        if let Some(v) = &role.variable {
            table_mut(t, "variables").insert(v.clone(), Value::String(col.clone()));
        }
        if let Some(d) = &role.design {
            table_mut(t, "design").insert(d.clone(), Value::String(col.clone()));
        }
        if let Some((to, optional)) = &role.link {
            let mut l = Table::new();
            l.insert("to".into(), Value::String(to.clone()));
            l.insert("column".into(), Value::String(col.clone()));
            if *optional {
                l.insert("optional".into(), Value::Boolean(true));
            }
            array_mut(t, "links").push(Value::Table(l));
        }
        if !role.missing.is_empty() {
            table_mut(t, "missing_codes").insert(
                col.clone(),
                Value::Array(role.missing.iter().map(|c| code(c)).collect()),
            );
        }
        if role.range != (None, None) {
            let mut r = Table::new();
            if let Some(a) = role.range.0 {
                r.insert("min".into(), Value::Float(a));
            }
            if let Some(b) = role.range.1 {
                r.insert("max".into(), Value::Float(b));
            }
            table_mut(t, "ranges").insert(col.clone(), Value::Table(r));
        }
        if f.row.base_type() == "select_one"
            && let Some(list) = f.row.list()
        {
            let mut labels = Table::new();
            for c in form.list(list) {
                labels.insert(c.name.clone(), Value::String(c.label.clone()));
            }
            // A list of another form (or the study's value set) by the same
            // name with other codes: this form's list gets its own name.
            // (A set that leaves out the question's missing codes, such as
            // 98 don't know, is the same list.)
            let mut answers = labels.clone();
            answers.retain(|k, _| !role.missing.iter().any(|m| m == k));
            let same = |v: &Value| {
                let l = v.get("labels").and_then(Value::as_table);
                l == Some(&labels) || l == Some(&answers)
            };
            let name = match value_sets.get(list) {
                Some(v) if !same(v) => format!("{list}_{}", form.id),
                _ => list.to_string(),
            };
            table_mut(t, "codes").insert(col.clone(), Value::String(name.clone()));
            if !value_sets.contains_key(&name) {
                let mut vs = Table::new();
                vs.insert("labels".into(), Value::Table(labels));
                if matches!(list, "job_level" | "job_level_num" | "agree5") {
                    vs.insert("ordered".into(), Value::Boolean(true));
                }
                value_sets.insert(name, Value::Table(vs));
            }
        }
        // A question the user added: a variable under its own name.
        if f.row.is_users()
            && role.is_empty()
            && !located
            && !contact
            && !crate::registry::is_known(&form.id, &f.row.name)
            && !matches!(
                f.row.base_type(),
                "start" | "end" | "today" | "deviceid" | "username" | "audit"
            )
        {
            let vars = table_mut(t, "variables");
            if !vars.contains_key(&f.row.name) {
                vars.insert(f.row.name.clone(), Value::String(col));
            }
        }
    }
    scopes.into_iter().map(|(_, n, t)| (n, t)).collect()
}

/// Keys of a dataset the forms define (the study's own are replaced).
const FROM_FORMS: [&str; 17] = [
    "path",
    "format",
    "sheet",
    "header_row",
    "delimiter",
    "parent",
    "repeat",
    "unit",
    "id",
    "personal",
    "concepts",
    "variables",
    "links",
    "codes",
    "missing_codes",
    "ranges",
    "labels",
];

/// Design keys naming columns (the forms define them).
const DESIGN_COLUMNS: [&str; 6] = ["weights", "strata", "psu", "fpc", "ssu", "fpc2"];

/// The study file for `sources`, merged with the study's side `manifest`
/// (its text) when there is one; (TOML text, notes for the user).
///
/// # Errors
/// The manifest's TOML error.
pub fn study_toml(
    sources: &[Source],
    manifest: Option<&str>,
    header: &str,
) -> Result<(String, Vec<String>), String> {
    let mut notes = Vec::new();
    let mut base: Table = match manifest {
        Some(text) => {
            toml::from_str(text).map_err(|e| format!("{}: {e}", crate::manifest::FILE))?
        }
        None => Table::new(),
    };
    let mut value_sets = match base.remove("value_sets") {
        Some(Value::Table(t)) => t,
        _ => Table::new(),
    };
    let mut old = match base.remove("datasets") {
        Some(Value::Table(t)) => t,
        _ => Table::new(),
    };
    let mut out = Table::new();
    let study = match base.remove("study") {
        Some(Value::Table(t)) => t,
        _ => {
            let mut t = Table::new();
            t.insert("name".into(), Value::String("Study from the forms".into()));
            t
        }
    };
    out.insert("study".into(), Value::Table(study));
    let mut all = Table::new();
    let mut from: Vec<(String, String)> = Vec::new();
    for src in sources {
        for (name, mut t) in datasets(src, &mut value_sets, &mut notes) {
            if let Some((_, other)) = from.iter().find(|(n, _)| *n == name) {
                return Err(format!(
                    "the forms `{other}` and `{}` both define the dataset `{name}`: keep one, or give one another `dataset=` in its settings sheet's clusterdx column",
                    src.form.id
                ));
            }
            from.push((name.clone(), src.form.id.clone()));
            // The study's own options for this dataset (lonely_psu, …).
            if let Some(Value::Table(o)) = old.remove(&name) {
                for (k, v) in o {
                    if FROM_FORMS.contains(&k.as_str()) {
                        continue;
                    }
                    if k == "design" {
                        if let Value::Table(d) = v {
                            let design = table_mut(&mut t, "design");
                            for (dk, dv) in d {
                                if !DESIGN_COLUMNS.contains(&dk.as_str())
                                    && !design.contains_key(&dk)
                                {
                                    design.insert(dk, dv);
                                }
                            }
                        }
                        continue;
                    }
                    t.entry(k).or_insert(v);
                }
            }
            all.insert(name, Value::Table(t));
        }
    }
    // Datasets no form collects (employment counts, coded interviews):
    // as the study has them.
    for (k, v) in old {
        all.insert(k, v);
    }
    out.insert("datasets".into(), Value::Table(all));
    out.insert("value_sets".into(), Value::Table(value_sets));
    for (k, v) in base {
        out.insert(k, v);
    }
    if !out.contains_key("analyses") {
        notes.push("no clusterdx-study.toml beside the forms: add the analyses (cluster, hrd, poverty lines, mpi, pls) to the study file".into());
        let mut a = Table::new();
        a.insert("ingest_summary".into(), Value::Boolean(true));
        out.insert("analyses".into(), Value::Table(a));
    }
    let body = toml::to_string(&out).map_err(|e| e.to_string())?;
    Ok((format!("{header}{body}"), notes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Choice, Row};

    fn source(id: &str, dataset: &str, rows: Vec<Row>, shape: Shape) -> Source {
        Source {
            form: Form {
                id: id.into(),
                dataset: dataset.into(),
                unit: "other".into(),
                rows,
                choices: vec![Choice {
                    list: "opts".into(),
                    name: "a".into(),
                    label: "A".into(),
                    ..Choice::default()
                }],
                ..Form::default()
            },
            shape,
            path: format!("{id}.csv"),
        }
    }

    /// Locations and contact details are personal whoever added them, a
    /// personal select_multiple with its 0/1 columns; the user's other
    /// questions are variables.
    #[test]
    fn what_is_personal_and_what_is_a_variable() {
        let rows = vec![
            Row::new("phonenumber", "tel", "Phone"),
            Row::new("geotrace", "route", "Route"),
            Row::new("start-geopoint", "where", "Where"),
            Row::new("select_multiple opts", "chosen", "Chosen").personal(),
            Row::new("integer", "mine", "Mine"),
        ];
        let (text, _) = study_toml(&[source("f", "f", rows, Shape::OdkCentral)], None, "").unwrap();
        let t: Table = toml::from_str(&text).unwrap();
        let d = &t["datasets"]["f"];
        let personal: Vec<&str> = d["personal"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            personal,
            [
                "tel",
                "route",
                "where/Latitude",
                "where/Longitude",
                "where/Altitude",
                "where/Accuracy",
                "chosen",
                "chosen/a"
            ]
        );
        let vars = d["variables"].as_table().unwrap();
        assert_eq!(vars.keys().collect::<Vec<_>>(), ["mine"]);
    }

    #[test]
    fn two_forms_of_one_dataset_are_an_error() {
        let a = source(
            "a",
            "firms",
            vec![Row::new("integer", "x", "X")],
            Shape::KoboXlsx,
        );
        let b = source(
            "b",
            "firms",
            vec![Row::new("integer", "y", "Y")],
            Shape::KoboXlsx,
        );
        let e = study_toml(&[a, b], None, "").unwrap_err();
        assert!(
            e.contains("`a` and `b` both define the dataset `firms`"),
            "{e}"
        );
    }
}
