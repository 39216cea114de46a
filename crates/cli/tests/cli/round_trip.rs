//! The round trip from form to analysis: the example study's forms
//! (`clusterdx instrument`), its microdata exported to the forms' shape as
//! KoboToolbox (XLSX with repeat sheets, `;` CSV) and ODK Central (CSV per
//! table) would export it, `clusterdx init --from-forms` on those exports,
//! and `clusterdx run`: the same results as the example's own files, with
//! no column name edited by hand.

use std::collections::HashMap;
use std::path::Path;

use clusterdx_data::{Dataset, MissingReason, Value};
use clusterdx_instrument::export::{Record, Shape, Submissions, export};
use clusterdx_instrument::{Form, xlsform};

use crate::common::{clusterdx, clusterdx_in};

/// A cell as an export writes it.
fn text(ds: &Dataset, col: &str, i: usize) -> Option<String> {
    let c = ds.column(col)?;
    Some(match c.get(i) {
        Value::Missing(MissingReason::UserCode { raw }) => raw,
        v => v.code().unwrap_or_default(),
    })
}

/// Row `i` of `ds` as the answers of `form`'s fields in `repeat` (None:
/// the main table): each field from the column of its path, else of its
/// name (`rename` maps a field to another column).
fn record(
    form: &Form,
    repeat: Option<&str>,
    ds: &Dataset,
    i: usize,
    rename: &[(&str, &str)],
) -> Record {
    let mut rec = HashMap::new();
    for f in form.fields() {
        if f.repeat.map(|r| r.name.as_str()) != repeat {
            continue;
        }
        let name = rename
            .iter()
            .find(|(a, _)| *a == f.row.name)
            .map_or(f.row.name.as_str(), |(_, b)| b);
        let v = text(ds, &f.path, i).or_else(|| text(ds, name, i));
        if let Some(v) = v {
            rec.insert(f.row.name.clone(), v);
        }
    }
    rec
}

/// The example's submissions to each form.
fn submissions(form: &Form, ex: &clusterdx_example::SindhExample) -> Submissions {
    let all = |ds: &Dataset, repeat: Option<&str>, rename: &[(&str, &str)]| {
        (0..ds.n_rows())
            .map(|i| record(form, repeat, ds, i, rename))
            .collect::<Vec<_>>()
    };
    match form.id.as_str() {
        "firm_survey" => {
            let parent = |ds: &Dataset, i: usize| {
                ds.column("_parent_index")
                    .and_then(|c| c.f64_at(i))
                    .unwrap() as usize
                    - 1
            };
            let mut main = all(&ex.firms, None, &[]);
            for (i, rec) in main.iter_mut().enumerate() {
                if let Some(t) = text(&ex.firms, "_submission_time", i) {
                    rec.insert("_submission_time".into(), t);
                }
            }
            let child = |ds: &Dataset, name: &str| {
                (0..ds.n_rows())
                    .map(|i| (parent(ds, i), record(form, Some(name), ds, i, &[])))
                    .collect::<Vec<_>>()
            };
            Submissions {
                main,
                repeats: vec![
                    ("roster".into(), child(&ex.roster, "roster")),
                    ("training".into(), child(&ex.training, "training")),
                ],
            }
        }
        "worker_survey" => Submissions {
            main: all(&ex.workers, None, &[]),
            repeats: Vec::new(),
        },
        "household_survey" => {
            let mut main = all(&ex.households, None, &[]);
            for (i, rec) in main.iter_mut().enumerate() {
                let lat = text(&ex.households, "gps_lat", i).unwrap_or_default();
                let lon = text(&ex.households, "gps_lon", i).unwrap_or_default();
                rec.insert("gps".into(), format!("{lat} {lon} 0 5"));
            }
            Submissions {
                main,
                repeats: Vec::new(),
            }
        }
        "stakeholder_kii" => {
            let s = &ex.stakeholders;
            let ids: Vec<String> = (0..s.n_rows())
                .map(|i| text(s, "actor_id", i).unwrap())
                .collect();
            let l = &ex.linkages;
            let mut links = Vec::new();
            let mut count = vec![0usize; ids.len()];
            for i in 0..l.n_rows() {
                let from = text(l, "from_actor", i).unwrap();
                let p = ids.iter().position(|a| *a == from).unwrap();
                count[p] += 1;
                links.push((
                    p,
                    record(form, Some("linkages"), l, i, &[("link_sector", "sector")]),
                ));
            }
            let mut main = all(s, None, &[]);
            for (rec, n) in main.iter_mut().zip(&count) {
                rec.insert("n_links".into(), n.to_string());
            }
            Submissions {
                main,
                repeats: vec![("linkages".into(), links)],
            }
        }
        other => panic!("no submissions for {other}"),
    }
}

/// Writes the example's exports of every form in `forms` into `data`.
fn write_exports(forms: &Path, data: &Path, shape_of: impl Fn(&str) -> Shape) {
    let ex = clusterdx_example::generate(clusterdx_example::DEFAULT_SEED);
    std::fs::create_dir_all(data).unwrap();
    for entry in std::fs::read_dir(forms).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xlsx") {
            continue;
        }
        let form = xlsform::read(&path).unwrap();
        let subs = submissions(&form, &ex);
        for (name, bytes) in export(&form, &subs, shape_of(&form.id)).unwrap() {
            std::fs::write(data.join(name), bytes).unwrap();
        }
    }
}

/// The analyses of a results.json (what the data say, not where it came
/// from).
fn analyses(results: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for k in [
        "estimates",
        "cluster",
        "concentration",
        "hrd",
        "poverty",
        "mpi",
        "pls",
    ] {
        out.insert(k.into(), results[k].clone());
    }
    serde_json::Value::Object(out)
}

/// Differences between two JSON values (numbers to 1e-9 relative), with
/// their paths; at most 20.
fn differences(a: &serde_json::Value, b: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value as J;
    if out.len() >= 40 {
        return;
    }
    match (a, b) {
        (J::Number(x), J::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            if (x - y).abs() > 1e-9 * x.abs().max(y.abs()).max(1e-300) {
                out.push(format!("{path}: {x} vs {y}"));
            }
        }
        (J::Object(x), J::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                differences(
                    x.get(k).unwrap_or(&J::Null),
                    y.get(k).unwrap_or(&J::Null),
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
        (J::Array(x), J::Array(y)) if x.len() == y.len() => {
            for (k, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{path}[{k}]"), out);
            }
        }
        _ if a == b => {}
        // ODK Central joins groups with `-`: the same column under the
        // name the export gives it.
        (J::String(x), J::String(y)) if x.replace('/', "-") == y.replace('/', "-") => {}
        _ => out.push(format!("{path}: {a} vs {b}")),
    }
}

/// Empties every form's `clusterdx` column, as a form builder that drops
/// columns it does not know would: only the questions' names are left.
fn strip_roles(forms: &Path) {
    for entry in std::fs::read_dir(forms).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xlsx") {
            continue;
        }
        let mut form = xlsform::read(&path).unwrap();
        for r in &mut form.rows {
            r.role = clusterdx_instrument::Role::default();
        }
        for c in &mut form.choices {
            c.generated = false;
        }
        form.dataset.clear();
        form.unit.clear();
        std::fs::write(&path, xlsform::to_xlsx(&form).unwrap()).unwrap();
        assert!(!crate::common::xlsx_text(&path).contains("concept="));
    }
}

/// Writes the example study's forms into `dir/forms`; returns the folder.
fn instrument(dir: &Path) -> std::path::PathBuf {
    let forms = dir.join("forms");
    let out = clusterdx(&[
        "instrument",
        "examples/sindh/study.toml",
        "-q",
        "--out",
        forms.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    forms
}

/// `clusterdx init` in `dir` from `forms/` and `exports/` to `study.toml`.
fn init(dir: &Path) {
    let out = clusterdx_in(
        dir,
        &[
            "init",
            "--from-forms",
            "forms",
            "--data",
            "exports",
            "--out",
            "study.toml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Runs the study the forms and exports give and compares it with the
/// example's own results.
fn round_trip(shape_of: impl Fn(&str) -> Shape, strip: bool, want: &serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let forms = instrument(dir.path());
    if strip {
        strip_roles(&forms);
    }
    write_exports(&forms, &dir.path().join("exports"), shape_of);
    init(dir.path());
    let study = std::fs::read_to_string(dir.path().join("study.toml")).unwrap();
    let out = clusterdx_in(dir.path(), &["run", "study.toml", "-q", "--out", "out"]);
    assert_eq!(out.code, 0, "{}\n{study}", out.stderr);
    let got: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.json")).unwrap(),
    )
    .unwrap();
    let mut diffs = Vec::new();
    differences(&analyses(want), &analyses(&got), "", &mut diffs);
    assert!(
        diffs.is_empty(),
        "the round trip changed the results:\n{}",
        diffs.join("\n")
    );
}

#[test]
fn forms_to_exports_to_results_as_from_the_examples_own_files() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::run_into("examples/sindh/study.toml", dir.path());
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    // KoboToolbox: the surveys with repeats as XLSX, the others as CSV.
    let kobo = |id: &str| match id {
        "firm_survey" | "stakeholder_kii" => Shape::KoboXlsx,
        _ => Shape::KoboCsv,
    };
    round_trip(kobo, false, &want);
    // ODK Central: a CSV per table.
    round_trip(|_| Shape::OdkCentral, false, &want);
    // Forms whose clusterdx column a form builder dropped: the questions'
    // stable names alone map the exports.
    round_trip(kobo, true, &want);
}

/// A question the user adds to a generated form is kept in the export,
/// mapped by `init` as a variable under its own name, and analysed like
/// any other.
#[test]
fn a_users_question_reaches_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let forms = instrument(dir.path());
    let path = forms.join("firm_survey.xlsx");
    let mut form = xlsform::read(&path).unwrap();
    let at = form
        .rows
        .iter()
        .position(|r| r.name == "subcontract")
        .unwrap()
        + 1;
    form.rows.insert(
        at,
        clusterdx_instrument::Row::new("integer", "export_share", "Share of sales exported (%)")
            .constraint(". >= 0 and . <= 100", "Between 0 and 100."),
    );
    std::fs::write(&path, xlsform::to_xlsx(&form).unwrap()).unwrap();
    // The exports carry the answer (every firm: its id modulo 50).
    let ex = clusterdx_example::generate(clusterdx_example::DEFAULT_SEED);
    let data = dir.path().join("exports");
    std::fs::create_dir_all(&data).unwrap();
    for entry in std::fs::read_dir(&forms).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_none_or(|e| e != "xlsx") {
            continue;
        }
        let form = xlsform::read(&p).unwrap();
        let mut subs = submissions(&form, &ex);
        if form.id == "firm_survey" {
            for (i, rec) in subs.main.iter_mut().enumerate() {
                rec.insert("export_share".into(), (i % 50).to_string());
            }
        }
        for (name, bytes) in export(&form, &subs, Shape::KoboXlsx).unwrap() {
            std::fs::write(data.join(name), bytes).unwrap();
        }
    }
    init(dir.path());
    let mut study = std::fs::read_to_string(dir.path().join("study.toml")).unwrap();
    assert!(
        study.contains("export_share = \"value_chain/export_share\""),
        "{study}"
    );
    study.push_str(
        "\n[[analyses.estimate]]\ndataset = \"firms\"\nstatistic = \"mean\"\nvariable = \"export_share\"\n",
    );
    std::fs::write(dir.path().join("study.toml"), &study).unwrap();
    let out = clusterdx_in(dir.path(), &["validate", "study.toml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = clusterdx_in(dir.path(), &["run", "study.toml", "-q", "--out", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.json")).unwrap(),
    )
    .unwrap();
    let est = got["estimates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["variable"]
                .as_str()
                .is_some_and(|v| v.ends_with("export_share"))
        })
        .expect("the estimate on the user's question");
    let mean = est["rows"][0]["value"].as_f64().unwrap_or(f64::NAN);
    assert!(mean > 0.0 && mean < 50.0, "{est}");
}
