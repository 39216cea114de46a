//! The `estimate` analysis from a study file, against the NHANES II
//! reference values (R survey / svy / samplics, 1e-9 relative).

use crate::common::{clusterdx, root};

#[track_caller]
fn close(got: &serde_json::Value, want: &serde_json::Value, what: &str) {
    let (g, w) = (got.as_f64().unwrap(), want.as_f64().unwrap());
    assert!(((g - w) / w).abs() <= 1e-9, "{what}: got {g}, want {w}");
}

#[test]
fn nhanes_estimates_match_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "tests/studies/nhanes/study.toml",
        "-q",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let exp: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("../shared/reference/survey/expected.json")).unwrap(),
    )
    .unwrap();
    let exp = &exp["nhanes2_taylor"];
    let t = &got["estimates"];
    // Mean zinc, overall and by race with the domains' own df.
    let mean = &t[0]["rows"];
    close(&mean[0]["value"], &exp["mean_zinc_dropna"]["est"], "mean");
    close(&mean[0]["se"], &exp["mean_zinc_dropna"]["se"], "se");
    close(
        &mean[0]["ci"][0],
        &exp["mean_zinc_dropna"]["ci95_t31"][0],
        "ci lower",
    );
    close(
        &mean[0]["deff_wor"],
        &exp["mean_zinc_dropna"]["deff_wor_svy"],
        "deff",
    );
    for (k, race) in ["1", "2", "3"].iter().enumerate() {
        let row = &mean[k + 1];
        assert_eq!(row["domain"], *race);
        close(
            &row["value"],
            &exp["domain_mean_zinc_by_race"][race]["est"],
            "domain mean",
        );
        close(
            &row["se"],
            &exp["domain_mean_zinc_by_race"][race]["se"],
            "domain se",
        );
        assert_eq!(
            row["df"].as_f64(),
            exp["domain_mean_zinc_by_race"][race]["df_domain_svy_R"].as_f64()
        );
    }
    let prop = &t[1]["rows"][0];
    close(&prop["value"], &exp["prop_highbp_1"]["est"], "proportion");
    close(
        &prop["ci"][1],
        &exp["prop_highbp_1"]["ci95_logit_t31"][1],
        "logit ci",
    );
    close(
        &t[2]["rows"][0]["se"],
        &exp["ratio_diabetes_highbp_dropna"]["se"],
        "ratio se",
    );
    close(
        &t[3]["rows"][0]["se"],
        &exp["median_zinc_svy_woodruff"]["se"],
        "median se",
    );
    close(
        &t[4]["rows"][0]["se"],
        &exp["total_highbp"]["se"],
        "total se",
    );
}

#[test]
fn bad_estimate_requests_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    let data = root().join("tests/bad/studies/people.csv");
    std::fs::write(
        &study,
        format!(
            "[study]\nname = \"x\"\n[datasets.people]\npath = \"{}\"\npersonal = [\"phone\"]\n\
             [[analyses.estimate]]\ndataset = \"peple\"\nstatistic = \"mean\"\nvariable = \"weight\"\n\
             [[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"mean\"\nvariable = \"district\"\nby = \"phone\"\n\
             [[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"ratio\"\nvariable = \"weight\"\np = 2\n",
            data.display()
        ),
    )
    .unwrap();
    let out = clusterdx(&["validate", study.to_str().unwrap(), "-q"]);
    assert_eq!(out.code, 1);
    for needle in [
        "study.toml:7:11: estimate: no dataset `peple`",
        "did you mean `people`?",
        "estimate variable `district` is text, not numbers",
        "estimate by `phone` is a personal column",
        "a ratio needs a `denominator`",
        "`p = 2` is outside (0, 1)",
    ] {
        assert!(
            out.stderr.contains(needle),
            "expected `{needle}` in:\n{}",
            out.stderr
        );
    }
}
