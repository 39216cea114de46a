//! `validate` and `run` on a study written over the shared reference files
//! (ReadStat .dta/.sav, Kobo XLSX and ODK Central exports).

use crate::common::clusterdx;

const STUDY: &str = "tests/studies/reference/study.toml";

#[test]
fn validates_clean() {
    let out = clusterdx(&["validate", STUDY, "--quiet"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("valid"));
}

#[test]
fn validate_json_is_machine_readable() {
    let out = clusterdx(&["validate", STUDY, "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["clean"], true);
    assert_eq!(v["errors"], 0);
    let names: Vec<&str> = v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "workers",
            "workers_spss",
            "firms_kobo",
            "firms_kobo/training",
            "firms_odk",
            "training"
        ]
    );
}

#[test]
fn run_writes_results_without_personal_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = clusterdx(&["run", STUDY, "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(out_dir.join("results.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema_version"], clusterdx_results::SCHEMA_VERSION);
    assert_eq!(v["study"]["synthetic"], false);
    // Personal columns: neither their names nor their values appear.
    for needle in [
        "\"name\": \"name\"",
        "علی رضا",
        "Ghulam Hyder",
        "_location_latitude",
        "24.8607",
    ] {
        assert!(
            !text.contains(needle),
            "results.json contains personal data `{needle}`"
        );
    }
    let workers = &v["datasets"][0];
    assert_eq!(workers["personal_columns_withheld"], 1);
    assert_eq!(workers["rows"], 40);
    // Units by sector, labelled from the .dta value labels; weighted.
    let summary = &v["ingest_summary"]["datasets"][0];
    let thar = summary["by_sector"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "6")
        .unwrap();
    assert_eq!(thar["label"], "Thar coal");
    assert_eq!(thar["units"], 10);
    // The ODK repeat group declared as `training` gets its sector through its parent.
    let training = v["ingest_summary"]["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dataset"] == "training")
        .unwrap();
    assert_eq!(training["by_sector"][0]["code"], "marble");
    assert_eq!(training["by_sector"][0]["units"], 2);
}

#[test]
fn same_inputs_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    assert_eq!(
        clusterdx(&["run", STUDY, "-q", "--out", a.to_str().unwrap()]).code,
        0
    );
    assert_eq!(
        clusterdx(&["run", STUDY, "-q", "--out", b.to_str().unwrap()]).code,
        0
    );
    assert_eq!(
        std::fs::read(a.join("results.json")).unwrap(),
        std::fs::read(b.join("results.json")).unwrap()
    );
}
