//! `clusterdx example sindh DIR` and a run of the example study.

use crate::common::{clusterdx, root};

#[test]
fn example_writes_the_committed_study_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sindh");
    let out = clusterdx(&["example", "sindh", target.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The files equal the committed example, byte for byte.
    let committed = root().join("examples/sindh");
    for rel in [
        "study.toml",
        "README.md",
        "data/firms.xlsx",
        "data/workers.dta",
        "data/households.sav",
        "data/stakeholders.csv",
        "data/linkages.csv",
        "data/employment.csv",
    ] {
        let a = std::fs::read(committed.join(rel)).unwrap();
        let b = std::fs::read(target.join(rel)).unwrap();
        assert!(a == b, "{rel} differs from the committed example");
    }
    // Never overwrites without --force.
    let again = clusterdx(&["example", "sindh", target.to_str().unwrap()]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);

    let results = dir.path().join("out");
    let study = target.join("study.toml");
    let run = clusterdx(&[
        "run",
        study.to_str().unwrap(),
        "--out",
        results.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("SYNTHETIC DATA"), "{}", run.stdout);
    let text = std::fs::read_to_string(results.join("results.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["study"]["synthetic"], true);
    assert!(
        v["study"]["notice"]
            .as_str()
            .unwrap()
            .starts_with("SYNTHETIC DATA")
    );
    // Personal columns never reach the output.
    for needle in [
        "resp_name",
        "resp_phone",
        "informant_name",
        "gps_lat",
        "_location_latitude",
    ] {
        assert!(!text.contains(needle), "results.json mentions `{needle}`");
    }
    // The lonely-PSU stratum is handled as declared, and said so.
    assert!(text.contains("marble_thatta"));
    let firms = v["ingest_summary"]["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dataset"] == "firms")
        .unwrap();
    assert_eq!(firms["design"]["lonely_psu"], "adjust");
    assert_eq!(firms["by_sector"].as_array().unwrap().len(), 6);
}

#[test]
fn example_with_another_seed_differs_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("s");
    let out = clusterdx(&["example", "sindh", target.to_str().unwrap(), "--seed", "7"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let a = std::fs::read(root().join("examples/sindh/data/workers.dta")).unwrap();
    let b = std::fs::read(target.join("data/workers.dta")).unwrap();
    assert_ne!(a, b);
    let readme = std::fs::read_to_string(target.join("README.md")).unwrap();
    assert!(readme.contains("seed `7`"));
    let v = clusterdx(&[
        "validate",
        target.join("study.toml").to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(v.code, 0, "{}", v.stderr);
}

#[test]
fn bundled_example_validates_in_place() {
    let v = clusterdx(&["validate", "examples/sindh/study.toml", "--json"]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    let doc: serde_json::Value = serde_json::from_str(&v.stdout).unwrap();
    assert_eq!(doc["errors"], 0);
    let names: Vec<&str> = doc["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "firms",
            "roster",
            "training",
            "workers",
            "households",
            "stakeholders",
            "linkages",
            "employment"
        ]
    );
}
