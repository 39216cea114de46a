//! `clusterdx schema` and usage errors.

use crate::common::clusterdx;

#[test]
fn schema_is_json_schema_of_the_study_file() {
    let out = clusterdx(&["schema"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v["$schema"].as_str().unwrap().contains("json-schema.org"));
    let props = &v["properties"];
    for key in [
        "study",
        "datasets",
        "value_sets",
        "frameworks",
        "analyses",
        "output",
    ] {
        assert!(props.get(key).is_some(), "schema lacks `{key}`");
    }
    // Unknown keys are rejected in the schema too.
    let text = out.stdout;
    assert!(text.contains("\"additionalProperties\": false"));
    assert!(text.contains("lonely_psu") && text.contains("\"certainty\""));
}

#[test]
fn usage_errors_exit_2() {
    let out = clusterdx(&["validate"]);
    assert_eq!(out.code, 2);
    let out = clusterdx(&["frobnicate"]);
    assert_eq!(out.code, 2);
    // A study file that does not exist: the command was misused.
    let out = clusterdx(&["validate", "no/such/study.toml"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("no/such/study.toml: cannot read the study file"),
        "{}",
        out.stderr
    );
    let out = clusterdx(&["run", "no/such/study.toml"]);
    assert_eq!(out.code, 2);
}

/// `docs/study.schema.json` (referenced by the example study's `#:schema`
/// line) is the current output of `clusterdx schema`.
#[test]
fn committed_schema_is_current() {
    let out = clusterdx(&["schema"]);
    let committed =
        std::fs::read_to_string(crate::common::root().join("docs/study.schema.json")).unwrap();
    assert!(
        committed == out.stdout,
        "docs/study.schema.json is stale: run `cargo run -- schema > docs/study.schema.json`"
    );
}
