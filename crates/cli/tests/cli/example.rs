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
        "data/kii_segments.csv",
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
            "employment",
            "segments"
        ]
    );
}

/// The cluster diagnostic recovers what the generator planted, reading only
/// the microdata (EXAMPLE-STUDY.md): marble and handicraft are
/// agglomerations; sugar, fisheries, Khairpur and Thar potential clusters,
/// Thar by the second branch of the rule (high interaction, no joint
/// action).
#[test]
fn cluster_diagnostic_recovers_the_seed_classes() {
    let dir = tempfile::tempdir().unwrap();
    let run = clusterdx(&[
        "run",
        "examples/sindh/study.toml",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let c = &v["cluster"];
    assert_eq!(c["framework"], "default");
    assert_eq!(c["indicators"].as_array().unwrap().len(), 16);
    assert_eq!(c["replicates"], 200);
    let sectors = c["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), 6);
    let sector = |code: &str| sectors.iter().find(|s| s["sector"] == code).unwrap();
    for code in ["marble", "handicraft"] {
        assert_eq!(sector(code)["class"], "agglomeration", "{code}");
    }
    for code in ["sugar", "fisheries", "khairpur", "thar"] {
        let s = sector(code);
        assert_eq!(s["class"], "potential cluster", "{code}");
        // Few missing indicators.
        assert!(
            s["missing"].as_array().unwrap().len() <= 4,
            "{code}: {}",
            s["missing"]
        );
    }
    let thar = sector("thar");
    assert!(thar["interaction"].as_f64().unwrap() >= 0.6);
    assert!(thar["missing"].as_array().unwrap().contains(&"C1".into()));
    // What would make Thar functional: joint action.
    assert_eq!(thar["to_next_class"][0][0]["indicator"], "C1");
    for s in sectors {
        assert_eq!(s["gate"], true);
        let stability = s["stability"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&stability));
        // Every indicator carries its evidence.
        for ind in s["indicators"].as_array().unwrap() {
            assert!(
                ind["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| !e.is_null())
            );
        }
    }
    // The deliberately borderline shares show in the sensitivity: sugar's
    // subcontracting (B3) and fisheries' joint action (C1) change score
    // when their cut-offs move by 20%.
    let moves = |code: &str, id: &str| {
        sector(code)["threshold_effects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["indicator"] == id)
    };
    assert!(moves("sugar", "B3") && moves("fisheries", "C1"));
    // The example's coded interviews sit beside the numbers, and for Thar's
    // joint action they agree with the survey (none).
    let joint = sector("thar")["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "A3")
        .unwrap()["qualitative"]
        .clone();
    assert!(joint["supports"].as_u64().unwrap() >= 1, "{joint}");
    let agreeing = sectors
        .iter()
        .flat_map(|s| s["indicators"].as_array().unwrap())
        .filter(|i| i["qualitative"]["agrees"] == true)
        .count();
    assert!(agreeing > 0);
    // The summary shows each sector's class.
    assert!(run.stdout.contains("cluster diagnostic"), "{}", run.stdout);
    assert!(run.stdout.contains("Marble"), "{}", run.stdout);
    assert!(run.stdout.contains("agglomeration"));
}

/// Coded interview segments beside the numbers (a joint display): each
/// indicator lists the segments coded with its codes or id, and whether
/// they agree with its score.
#[test]
fn qualitative_segments_join_the_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let data = root().join("examples/sindh/data");
    let segments = root().join("tests/studies/qualitative/kii_segments.csv");
    let study = std::fs::read_to_string(root().join("examples/sindh/study.toml"))
        .unwrap()
        .replace(
            "path = \"data/kii_segments.csv\"",
            &format!("path = \"{}\"", segments.display()),
        )
        .replace("path = \"data/", &format!("path = \"{}/", data.display()))
        .replace("replicates = 200", "replicates = 0")
        .replace(
            "id = \"segment\"\n",
            "id = \"segment\"\npersonal = [\"interview\"]\n",
        )
        + "\n[frameworks.cluster]\ntypology = \"enright\"\nweights = { C1 = 2 }\n\
           [[frameworks.cluster.cutoffs]]\nindicator = \"A1\"\nsectors = [\"handicraft\"]\npresent = 5000\n\
           [[frameworks.cluster.indicators]]\nid = \"E4\"\ndimension = \"E\"\nname = \"Training in interviews\"\n\
           sources = [{ kind = \"qualitative\", unit = \"segment\", items = [\"training\", \"joint_action\"], present = 1 }]\n";
    let path = dir.path().join("study.toml");
    std::fs::write(&path, study).unwrap();
    let out = clusterdx(&[
        "run",
        path.to_str().unwrap(),
        "-q",
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join("out/results.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sectors = v["cluster"]["sectors"].as_array().unwrap();
    let indicator = |sector: &str, id: &str| {
        sectors.iter().find(|s| s["sector"] == sector).unwrap()["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    // Thar: two informants say there is no joint action; the survey agrees.
    let q = &indicator("thar", "C1")["qualitative"];
    assert_eq!(q["contradicts"], 2);
    assert_eq!(q["supports"], 0);
    assert_eq!(q["agrees"], true);
    assert_eq!(q["segments"][0]["stakeholder"], "government");
    assert!(
        q["segments"][0]["quote"]
            .as_str()
            .unwrap()
            .contains("common platform")
    );
    // The interview column is personal: never shown.
    assert!(q["segments"][0].get("interview").is_none());
    assert!(!text.contains("KII-THA01"));
    // Coded with the indicator's id, in Urdu: kept as written.
    let q = &indicator("sugar", "C1")["qualitative"];
    assert_eq!(q["supports"], 1);
    assert_eq!(q["agrees"], false);
    assert!(
        q["segments"][0]["quote"]
            .as_str()
            .unwrap()
            .starts_with("سب")
    );
    // A qualitative source scores: supports minus contradicts (1 − 2 = −1
    // for Thar), against its cut-off.
    let e4 = indicator("thar", "E4");
    assert_eq!(e4["evidence"][0]["value"], -1.0);
    assert_eq!(e4["score"], 0.0);
    assert_eq!(
        indicator("marble", "E4")["evidence"][0],
        serde_json::Value::Null
    );
    // Enright's names, and the weight as applied.
    assert_eq!(v["cluster"]["typology"], "enright");
    assert_eq!(v["cluster"]["rule"]["indicator_weights"]["C1"], 2.0);
    let marble = sectors.iter().find(|s| s["sector"] == "marble").unwrap();
    assert_eq!(marble["class"], "latent cluster");
    // A cut-off for one sector only.
    assert_eq!(indicator("handicraft", "A1")["score"], 0.5);
    assert_eq!(indicator("sugar", "A1")["score"], 1.0);
    let handicraft = sectors
        .iter()
        .find(|s| s["sector"] == "handicraft")
        .unwrap();
    assert_eq!(
        handicraft["sector_cutoffs"][0],
        "A1 source 1: present 5000, partial 50"
    );
    // Indicators without segments carry none.
    assert!(indicator("fisheries", "C1").get("qualitative").is_none());
}
