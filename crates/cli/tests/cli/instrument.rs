//! `clusterdx instrument`: the example study's forms pass the XLSForm
//! validator (pyxform 4.5.0 + ODK Validate, `../shared/reference/
//! instruments/validate_xlsform.sh`), a broken form fails it with the
//! problem named, questions a user adds survive regeneration, and a study
//! without sector codes is told what to add.
//!
//! Without python3 and java the validator tests fail under CI (`CI` set)
//! and are skipped with a message elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{clusterdx, root};

/// The validator script, or `None` (with a message) when this machine
/// cannot run it.
fn validator() -> Option<PathBuf> {
    let script = root().join("../shared/reference/instruments/validate_xlsform.sh");
    let java = Command::new("java").arg("-version").output().is_ok();
    let python = Command::new("python3").arg("--version").output().is_ok();
    if script.exists() && java && python {
        return Some(script);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must provide python3, java and {}",
        script.display()
    );
    eprintln!("skipped: the XLSForm validator needs python3 and java");
    None
}

/// Runs the validator on `form`, writing the XForm into a temporary
/// folder (never beside the form); (passed, its output).
fn validate(script: &Path, form: &Path) -> (bool, String) {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new("bash")
        .arg(script)
        .arg(form)
        .arg(out.path().join("form.xml"))
        .output()
        .expect("bash runs");
    (
        run.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        ),
    )
}

/// Writes the example study's forms into a temporary folder.
fn example_forms() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "instrument",
        "examples/sindh/study.toml",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    dir
}

const FORMS: [&str; 4] = [
    "firm_survey.xlsx",
    "worker_survey.xlsx",
    "household_survey.xlsx",
    "stakeholder_kii.xlsx",
];

#[test]
fn the_example_forms_pass_the_xlsform_validator() {
    let dir = example_forms();
    for f in FORMS {
        assert!(dir.path().join(f).exists(), "{f} not written");
    }
    assert!(dir.path().join("clusterdx-study.toml").exists());
    // The sample frames' templates, one header each.
    for (file, header) in [
        ("sample_frame.csv", "firm_id,stratum,weight,fpc,mos"),
        (
            "worker_frame.csv",
            "worker_id,stratum,weight,firm_weight,fpc_firms,fpc_workers",
        ),
        ("ea_frame.csv", "ea,stratum,weight,fpc,deflator"),
    ] {
        let text = std::fs::read_to_string(dir.path().join("media").join(file)).unwrap();
        assert_eq!(text.trim_end(), header, "{file}");
    }
    let Some(script) = validator() else { return };
    for f in FORMS {
        let (ok, said) = validate(&script, &dir.path().join(f));
        assert!(ok, "{f} rejected: {said}");
        assert!(said.contains("\"code\": 100"), "{f}: {said}");
    }
    // Household consumption asked by modules is a valid form too.
    let modules = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "instrument",
        "examples/sindh/study.toml",
        "--consumption",
        "modules",
        "-q",
        "--out",
        modules.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (ok, said) = validate(&script, &modules.path().join("household_survey.xlsx"));
    assert!(ok, "{said}");
}

/// The validator is a real check: a generated form with one planted
/// mistake, and the reference's broken forms, are rejected, each with its
/// problem named (so a broken setup cannot pass for a rejection).
#[test]
fn a_broken_form_is_rejected() {
    let Some(script) = validator() else { return };
    let dir = example_forms();
    let path = dir.path().join("worker_survey.xlsx");
    let mut form = clusterdx_instrument::xlsform::read(&path).unwrap();
    let at = form.rows.len() - 1;
    form.rows.insert(
        at,
        clusterdx_instrument::Row::new("integer", "bad", "A planted mistake")
            .relevant("${nonexistent} > 1"),
    );
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(
        &broken,
        clusterdx_instrument::xlsform::to_xlsx(&form).unwrap(),
    )
    .unwrap();
    let (ok, said) = validate(&script, &broken);
    assert!(!ok, "a form referring to a missing question passed: {said}");
    assert!(said.contains("nonexistent"), "{said}");
    let reference = root().join("../shared/reference/instruments");
    for (file, named) in [
        ("broken.xlsx", "missing_list"),
        ("broken2.xlsx", "nonexistent"),
        ("broken3.xlsx", "nosuchfn"),
    ] {
        let (ok, said) = validate(&script, &reference.join(file));
        assert!(!ok, "{file} passed");
        assert!(said.contains(named), "{file}: {said}");
    }
}

/// Every generated row's role survives the round trip through the file,
/// and the registry's names are the example's columns.
#[test]
fn forms_read_back_with_their_roles() {
    let dir = example_forms();
    let firm = clusterdx_instrument::xlsform::read(&dir.path().join("firm_survey.xlsx")).unwrap();
    assert_eq!(firm.id, "firm_survey");
    assert!(!firm.version.is_empty());
    let fields = firm.fields();
    let field = |path: &str| {
        fields
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path}"))
    };
    assert_eq!(
        field("firm/sector").row.role.concept.as_deref(),
        Some("sector")
    );
    assert_eq!(
        field("cooperation/joint_action")
            .row
            .role
            .variable
            .as_deref(),
        Some("joint_action")
    );
    assert_eq!(
        field("sample/weight").row.role.design.as_deref(),
        Some("weights")
    );
    assert!(field("respondent/resp_name").row.role.personal);
    assert_eq!(field("roster/level").inner, "level");
    assert_eq!(
        field("roster/count").row.role.concept.as_deref(),
        Some("count")
    );
    // The study's sector codes and labels are the sector list.
    let sectors: Vec<_> = firm.list("sector").map(|c| c.name.as_str()).collect();
    assert_eq!(
        sectors,
        [
            "sugar",
            "handicraft",
            "fisheries",
            "marble",
            "khairpur",
            "thar"
        ]
    );
    // Three languages, English filled, the others for users to fill.
    let text = crate::common::xlsx_text(&dir.path().join("firm_survey.xlsx"));
    for column in [
        "label::English (en)",
        "label::Urdu (ur)",
        "label::Sindhi (sd)",
        "clusterdx",
    ] {
        assert!(text.contains(column), "{column}");
    }
    // The worker survey asks the structural model's items.
    let worker =
        clusterdx_instrument::xlsform::read(&dir.path().join("worker_survey.xlsx")).unwrap();
    for item in ["hrd1", "cd4", "pa4"] {
        let row = worker.rows.iter().find(|r| r.name == item).unwrap();
        assert_eq!(row.kind, "select_one agree5");
        assert_eq!(row.role.missing, ["98"]);
    }
    // The same study gives the same bytes.
    let again = example_forms();
    for f in FORMS {
        assert_eq!(
            std::fs::read(dir.path().join(f)).unwrap(),
            std::fs::read(again.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

/// A question and a translation a user adds to a generated form are kept
/// when the forms are generated again.
#[test]
fn regenerating_keeps_the_users_questions_and_translations() {
    let dir = example_forms();
    let path = dir.path().join("firm_survey.xlsx");
    let mut form = clusterdx_instrument::xlsform::read(&path).unwrap();
    let after = form
        .rows
        .iter()
        .position(|r| r.name == "subcontract")
        .unwrap();
    let mut mine =
        clusterdx_instrument::Row::new("integer", "export_share", "Share of sales exported (%)")
            .constraint(". >= 0 and . <= 100", "Between 0 and 100.");
    mine.extra
        .push(("label::Urdu (ur)".into(), "برآمدات کا حصہ".into()));
    form.rows.insert(after + 1, mine);
    let sector = form.rows.iter_mut().find(|r| r.name == "sector").unwrap();
    sector
        .extra
        .push(("label::Sindhi (sd)".into(), "شعبو".into()));
    form.settings
        .push(("instance_name".into(), "concat('firm ', ${firm_id})".into()));
    std::fs::write(
        dir.path().join("media/sample_frame.csv"),
        "firm_id,stratum,weight,fpc,mos\n100001,sugar_badin,12.5,40,310\n",
    )
    .unwrap();
    std::fs::write(
        &path,
        clusterdx_instrument::xlsform::to_xlsx(&form).unwrap(),
    )
    .unwrap();
    let out = clusterdx(&[
        "instrument",
        "examples/sindh/study.toml",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("kept your questions export_share"),
        "{}",
        out.stderr
    );
    // A filled sample frame is the user's: not overwritten.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("media/sample_frame.csv")).unwrap(),
        "firm_id,stratum,weight,fpc,mos\n100001,sugar_badin,12.5,40,310\n"
    );
    let again = clusterdx_instrument::xlsform::read(&path).unwrap();
    let k = again
        .rows
        .iter()
        .position(|r| r.name == "export_share")
        .expect("kept");
    assert_eq!(again.rows[k - 1].name, "subcontract", "in its place");
    assert!(
        again.rows[k]
            .extra
            .contains(&("label::Urdu (ur)".into(), "برآمدات کا حصہ".into()))
    );
    let sector = again.rows.iter().find(|r| r.name == "sector").unwrap();
    assert!(
        sector
            .extra
            .contains(&("label::Sindhi (sd)".into(), "شعبو".into()))
    );
    assert_eq!(
        again
            .rows
            .iter()
            .filter(|r| r.name == "export_share")
            .count(),
        1
    );
    assert_ne!(
        again.version, form.version,
        "a changed form has a new version"
    );
    assert_eq!(
        again.settings,
        [(
            "instance_name".to_string(),
            "concat('firm ', ${firm_id})".to_string()
        )]
    );
    if let Some(script) = validator() {
        let (ok, said) = validate(&script, &path);
        assert!(ok, "{said}");
    }
}

/// A study that declares no sector codes cannot list them: the error says
/// what to add.
#[test]
fn a_study_without_sector_codes_is_told_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        "[study]\nname = \"x\"\n[analyses.cluster]\n",
    )
    .unwrap();
    let out =
        crate::common::clusterdx_in(dir.path(), &["instrument", "study.toml", "--out", "forms"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("[value_sets.sector]"), "{}", out.stderr);
    assert!(!dir.path().join("forms").exists(), "nothing written");
}

/// `init` on a form clusterdx did not write (the reference's firm survey)
/// and its documented Kobo and ODK Central exports: both study files
/// validate and read the same submissions and repeat rows; the form's
/// questions are variables, its GPS location personal.
#[test]
fn init_reads_the_reference_exports() {
    let reference = root().join("../shared/reference/instruments");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["forms", "kobo", "odk"] {
        std::fs::create_dir(d.join(sub)).unwrap();
    }
    let copy = |from: &str, to: &str| {
        std::fs::copy(reference.join(from), d.join(to)).unwrap();
    };
    copy("cluster_firm_survey.xlsx", "forms/cluster_firm_survey.xlsx");
    copy(
        "export_shapes/kobo_xml_values_groups.xlsx",
        "kobo/cluster_firm_survey.xlsx",
    );
    copy(
        "export_shapes/odk_central_cluster_firm_survey.csv",
        "odk/cluster_firm_survey.csv",
    );
    copy(
        "export_shapes/odk_central_cluster_firm_survey-training.csv",
        "odk/cluster_firm_survey-training.csv",
    );
    let mut rows = Vec::new();
    for shape in ["kobo", "odk"] {
        let study = format!("{shape}.toml");
        let out = crate::common::clusterdx_in(
            d,
            &[
                "init",
                "--from-forms",
                "forms",
                "--data",
                shape,
                "--out",
                &study,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stderr.contains("no clusterdx-study.toml"),
            "{}",
            out.stderr
        );
        let text = std::fs::read_to_string(d.join(&study)).unwrap();
        assert!(
            text.contains("emp_total = \"workforce/emp_total\""),
            "{text}"
        );
        assert!(text.contains("personal = [\"firm/location"), "{text}");
        let out = crate::common::clusterdx_in(d, &["run", &study, "-q", "--out", shape]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let results: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(d.join(shape).join("results.json")).unwrap(),
        )
        .unwrap();
        let counts: Vec<(String, u64)> = results["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["name"].as_str().unwrap().to_string(),
                    x["rows"].as_u64().unwrap(),
                )
            })
            .collect();
        rows.push(counts);
    }
    assert_eq!(rows[0], rows[1]);
    assert_eq!(
        rows[0],
        [
            ("cluster_firm_survey".to_string(), 2),
            ("training".to_string(), 2)
        ]
    );
}

/// A file that is not a form is reported by name (a bad role's file,
/// sheet, row and column: `clusterdx-instrument`'s unit tests); an
/// existing study file is not overwritten without `--force`.
#[test]
fn bad_forms_are_reported_where_they_are_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let forms = d.join("forms");
    std::fs::create_dir(&forms).unwrap();
    let init = || {
        crate::common::clusterdx_in(d, &["init", "--from-forms", "forms", "--out", "study.toml"])
    };
    // Not a workbook.
    std::fs::write(forms.join("firm_survey.xlsx"), "not a workbook").unwrap();
    let out = init();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("firm_survey.xlsx") && out.stderr.contains("not a readable XLSForm"),
        "{}",
        out.stderr
    );
    let mut form = clusterdx_instrument::Form {
        id: "firm_survey".into(),
        ..Default::default()
    };
    form.rows
        .push(clusterdx_instrument::Row::new("integer", "a", "A"));
    // A study file that exists is kept.
    std::fs::write(
        forms.join("firm_survey.xlsx"),
        clusterdx_instrument::xlsform::to_xlsx(&form).unwrap(),
    )
    .unwrap();
    std::fs::write(d.join("study.toml"), "mine").unwrap();
    let out = init();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("study.toml")).unwrap(),
        "mine"
    );
}

/// A study with the global MPI template gets a household survey asking
/// each indicator's variable, with the deprivation and the template's
/// definition in the label, and no firm or worker survey; the form is
/// valid.
#[test]
fn the_global_mpi_templates_questions() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "nutrition",
        "child_mortality",
        "years_of_schooling",
        "school_attendance",
        "cooking_fuel",
        "sanitation",
        "drinking_water",
        "electricity",
        "housing",
        "assets",
    ];
    let mut toml = String::from(
        "[study]\nname = \"g\"\n[value_sets.district]\nlabels = { a = \"A\" }\n\
         [analyses.mpi]\ntemplate = \"global\"\n",
    );
    for n in names {
        toml += &format!(
            "[[analyses.mpi.indicators]]\nname = \"{n}\"\nvariable = \"h_{n}\"\nabove = 0\n"
        );
    }
    std::fs::write(dir.path().join("study.toml"), toml).unwrap();
    let out =
        crate::common::clusterdx_in(dir.path(), &["instrument", "study.toml", "--out", "forms"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let forms: Vec<String> = std::fs::read_dir(dir.path().join("forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    assert_eq!(forms, ["household_survey.xlsx"]);
    let path = dir.path().join("forms/household_survey.xlsx");
    let form = clusterdx_instrument::xlsform::read(&path).unwrap();
    let row = form
        .rows
        .iter()
        .find(|r| r.name == "h_years_of_schooling")
        .unwrap();
    assert!(
        row.label
            .contains("deprived when h_years_of_schooling is above 0")
            && row.label.contains("completed six years of schooling"),
        "{}",
        row.label
    );
    for n in names {
        assert!(form.rows.iter().any(|r| r.name == format!("h_{n}")), "{n}");
    }
    if let Some(script) = validator() {
        let (ok, said) = validate(&script, &path);
        assert!(ok, "{said}");
    }
}

/// What the forms cannot ask is said: a model construct given by a
/// prefix (its items are not known before the data) and a model on a
/// dataset that is not a worker survey.
#[test]
fn what_the_forms_cannot_ask_is_said() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        "[study]\nname = \"x\"\n\
         [value_sets.sector]\nlabels = { a = \"A\" }\n[value_sets.district]\nlabels = { d = \"D\" }\n\
         [datasets.workers]\npath = \"w.csv\"\nunit = \"worker\"\n\
         [datasets.people]\npath = \"p.csv\"\nunit = \"person\"\n\
         [[analyses.pls]]\nname = \"M\"\ndataset = \"workers\"\n\
         constructs = [{ name = \"X\", prefix = \"x\" }, { name = \"Y\", items = [\"y1\", \"y2\"] }]\n\
         paths = [\"X -> Y\"]\n\
         [[analyses.pls]]\nname = \"N\"\ndataset = \"people\"\nsyntax = \"A =~ a1 + a2\\nB =~ b1 + b2\\nB ~ A\"\n",
    )
    .unwrap();
    let out =
        crate::common::clusterdx_in(dir.path(), &["instrument", "study.toml", "--out", "forms"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("construct `X` is given by a prefix"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("model `N` reads `people`, which is not a worker survey"),
        "{}",
        out.stderr
    );
    let form =
        clusterdx_instrument::xlsform::read(&dir.path().join("forms/worker_survey.xlsx")).unwrap();
    for item in ["y1", "y2"] {
        assert!(form.rows.iter().any(|r| r.name == item), "{item}");
    }
}
