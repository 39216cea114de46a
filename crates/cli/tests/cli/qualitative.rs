//! Coded interviews in the REFI-QDA format through a study file: the real
//! sample project of `../shared/reference/qual`, joined to an informant
//! list for sector and actor type, lands in the cluster diagnostic's joint
//! display with its exact quotes; bad projects are refused with the place.

use crate::common::{clusterdx, clusterdx_in, root};

fn run(study: &str) -> (crate::common::Outcome, serde_json::Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&["run", study, "-q", "--out", dir.path().to_str().unwrap()]);
    let results = std::fs::read_to_string(dir.path().join("results.json"))
        .ok()
        .map(|s| serde_json::from_str(&s).unwrap())
        .unwrap_or(serde_json::Value::Null);
    (out, results, dir)
}

#[test]
fn reference_project_feeds_the_joint_display() {
    let (out, got, dir) = run("tests/studies/qdpx/study.toml");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sectors = got["cluster"]["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), 1);
    assert_eq!(sectors[0]["sector"], "marble");
    let qual = |id: &str| {
        sectors[0]["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()["qualitative"]
            .clone()
    };
    let c1 = qual("C1");
    assert_eq!(
        c1["segments"][0]["quote"],
        "We buy blocks jointly from Balochistan quarries to get better prices."
    );
    assert_eq!(c1["segments"][0]["interview"], "KII_marble_association");
    assert_eq!(c1["segments"][0]["stakeholder"], "association");
    // No stance code in the project: shown, counted neither way.
    assert_eq!(c1["segments"][0]["stance"], "unstated");
    assert_eq!(
        (c1["supports"].as_u64(), c1["unstated"].as_u64()),
        (Some(0), Some(1))
    );
    // "Trust / social capital" answers the framework's `trust` code.
    let c2 = qual("C2");
    assert_eq!(
        c2["segments"][0]["quote"],
        "But members do not trust each other with designs."
    );
    assert!(qual("D2").is_null());
    // The informant's name is personal: it reaches no output.
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let path = f.unwrap().path();
        let text = if path.extension().is_some_and(|e| e == "xlsx") {
            crate::common::xlsx_text(&path)
        } else {
            std::fs::read_to_string(&path).unwrap()
        };
        assert!(!text.contains("Mr A. Example"), "{}", path.display());
    }
}

#[test]
fn bad_projects_and_options_are_reported_with_the_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let reference = root().join("../shared/reference/qual/sample_cluster_kii.qdpx");
    std::fs::copy(&reference, dir.path().join("kii.qdpx")).unwrap();
    std::fs::write(dir.path().join("bad.qdpx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(
        dir.path().join("seg.csv"),
        "segment,sector,code\n1,marble,trust\n",
    )
    .unwrap();
    let study = |body: &str| {
        std::fs::write(
            dir.path().join("study.toml"),
            format!("[study]\nname = \"q\"\n{body}"),
        )
        .unwrap();
        clusterdx_in(dir.path(), &["validate", "study.toml"])
    };
    // A damaged project.
    let out = study("[datasets.kii]\npath = \"bad.qdpx\"\nunit = \"segment\"\n");
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("bad.qdpx"), "{}", out.stderr);
    assert!(out.stderr.contains("REFI-QDA project"), "{}", out.stderr);
    // An offset unit that does not exist.
    let out = study("[datasets.kii]\npath = \"kii.qdpx\"\noffsets = \"words\"\n");
    assert_ne!(out.code, 0);
    assert!(
        out.stderr
            .contains("study.toml:5:11: unknown value `words`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("`characters`, `utf16`, `bytes`"),
        "{}",
        out.stderr
    );
    // NVivo's unit on this project is fine (ASCII text); on a CSV it is unused.
    let out = study("[datasets.kii]\npath = \"kii.qdpx\"\noffsets = \"utf16\"\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = study("[datasets.seg]\npath = \"seg.csv\"\noffsets = \"utf16\"\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("applies to REFI-QDA projects only"),
        "{}",
        out.stderr
    );
}
