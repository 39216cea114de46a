//! The `estimate` analysis from a study file, against the NHANES II
//! reference values (R survey / svy / samplics, 1e-9 relative).

use crate::common::{close, clusterdx, root};

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
    // The Korn–Graubard interval of the same proportion: same estimate and
    // SE, a different (here slightly wider) interval.
    assert_eq!(t[1]["interval"], "logit");
    assert_eq!(t[5]["interval"], "beta");
    let (logit, beta) = (&t[1]["rows"][0], &t[5]["rows"][0]);
    assert_eq!(logit["value"], beta["value"]);
    assert_eq!(logit["se"], beta["se"]);
    let width = |r: &serde_json::Value| r["ci"][1].as_f64().unwrap() - r["ci"][0].as_f64().unwrap();
    assert!(width(beta) > width(logit) && width(beta) < 1.1 * width(logit));
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
             [[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"ratio\"\nvariable = \"weight\"\np = 2\n\
             [[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"mean\"\nvariable = \"weight\"\ninterval = \"beta\"\n",
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
        "`interval = \"beta\"` is for proportions; a mean has a t interval",
    ] {
        assert!(
            out.stderr.contains(needle),
            "expected `{needle}` in:\n{}",
            out.stderr
        );
    }
}

fn run_json(study: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&["run", study, "-q", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
        .unwrap()
}

#[test]
fn replicate_designs_and_calibration_from_the_study_file() {
    let got = run_json("tests/studies/replicates/study.toml");
    let exp: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("../shared/reference/survey/expected.json")).unwrap(),
    )
    .unwrap();
    let exp = &exp["replicate"];
    let t = &got["estimates"];
    let brr = &t[0]["rows"][0];
    close(
        &brr["value"],
        &exp["brr_ratio_weight_height"]["point"],
        "BRR",
    );
    close(&brr["se"], &exp["brr_ratio_weight_height"]["se"], "BRR se");
    close(
        &brr["ci"][0],
        &exp["brr_ratio_weight_height"]["lci"],
        "BRR lci",
    );
    assert_eq!(brr["df"], 16.0);
    assert_eq!(t[0]["variance"], "replicate: brr, 32 replicates");
    let jk = &exp["jkn_ratio_weight_height_coef0.5"];
    close(&t[1]["rows"][0]["se"], &jk["se"], "JKn se");
    close(
        &t[2]["rows"][0]["se"],
        &exp["bootstrap_mean_birthweight_1overR"]["se"],
        "bootstrap se",
    );
    close(
        &t[3]["rows"][0]["se"],
        &exp["bootstrap_mean_birthweight_mse"]["se"],
        "bootstrap mse se",
    );
    // A bootstrap made from the Taylor design, with the study's seed, and
    // the differences between domains.
    assert_eq!(
        t[4]["variance"],
        "replicate: bootstrap, 200 replicates made with seed 7"
    );
    let d = &t[4]["differences"];
    assert_eq!(d.as_array().unwrap().len(), 2);
    assert_eq!(d[0]["versus"], "domain 1");
    let diff = d[0]["value"].as_f64().unwrap();
    let means = &t[4]["rows"];
    let by_hand = means[2]["value"].as_f64().unwrap() - means[1]["value"].as_f64().unwrap();
    assert!((diff - by_hand).abs() < 1e-9);
    assert!(d[0]["p_value"].as_f64().unwrap() > 0.0 && d[0]["p_value"].as_f64().unwrap() < 1.0);
    // Raking reproduces the population share with no sampling error.
    let share = &t[5]["rows"][0];
    // (to the raking tolerance, 1e-8 relative)
    let value = share["value"].as_f64().unwrap();
    assert!(
        (value / (13.0 / 117.4) - 1.0).abs() < 1e-7,
        "raked share {value}"
    );
    assert!(share["se"].as_f64().unwrap() < 1e-12);
    assert_eq!(t[5]["variance"], "taylor, raked");
    let summary = got["ingest_summary"]["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dataset"] == "nhanes_raked")
        .unwrap();
    let cal = &summary["design"]["calibration"];
    assert_eq!(cal["method"], "rake");
    assert_eq!(cal["margins"], serde_json::json!(["race", "region"]));
    assert!(cal["iterations"].as_u64().unwrap() > 1);
    assert!(cal["max_relative_gap"].as_f64().unwrap() <= 1e-8);
    // Independent-sample comparison: one row overall and one per region.
    assert_eq!(t[6]["differences"].as_array().unwrap().len(), 5);
    assert_eq!(t[6]["differences"][0]["versus"], "dataset nhanes_boot");
    // The same seed gives the same results file.
    assert_eq!(got, run_json("tests/studies/replicates/study.toml"));
}

/// A study over `tests/bad/studies/people.csv` with `design` and `extra`
/// TOML appended; returns validate's stderr.
fn validate_people(design: &str, extra: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    let data = root().join("tests/bad/studies/people.csv");
    std::fs::write(
        &study,
        format!(
            "[study]\nname = \"x\"\n[datasets.people]\npath = \"{}\"\npersonal = [\"phone\"]\n\
             [datasets.people.design]\n{design}\n{extra}",
            data.display()
        ),
    )
    .unwrap();
    let out = clusterdx(&["validate", study.to_str().unwrap(), "-q"]);
    assert_eq!(out.code, 1, "expected errors:\n{}", out.stderr);
    out.stderr
}

#[track_caller]
fn contains_all(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "expected `{needle}` in:\n{text}");
    }
}

#[test]
fn bad_replicate_designs_are_reported() {
    // Wrong count of replicate columns.
    let err = validate_people(
        "weights = \"weight\"\nreplicates = { method = \"brr\", columns = \"weigh*\", count = 4 }",
        "",
    );
    contains_all(
        &err,
        &[
            "error[replicate-count]",
            "1 replicate weight columns found, but `count = 4` was declared",
            "study.toml:8:",
        ],
    );
    // A pattern that matches nothing, with its position.
    let err = validate_people(
        "weights = \"weight\"\nreplicates = { method = \"bootstrap\", columns = \"bsrw*\" }",
        "",
    );
    contains_all(
        &err,
        &["no column matches the replicate weights pattern `bsrw*`"],
    );
    // BRR weights cannot be made; a Fay design needs its coefficient.
    let err = validate_people(
        "weights = \"weight\"\nstrata = \"district\"\npsu = \"hh\"\nlonely_psu = \"remove\"\nreplicates = { method = \"brr\" }",
        "",
    );
    contains_all(&err, &["`brr` replicate weights cannot be made here"]);
    let err = validate_people(
        "weights = \"weight\"\nreplicates = { method = \"fay\", columns = [\"weight\", \"fpc\"] }",
        "",
    );
    contains_all(&err, &["method `fay` needs Fay's coefficient"]);
    // Coefficients that do not match the replicates.
    let err = validate_people(
        "weights = \"weight\"\nreplicates = { method = \"jkn\", columns = [\"weight\", \"fpc\"], rscales = [0.5, 0.5, 0.5] }",
        "",
    );
    contains_all(&err, &["3 replicate coefficients for 2 replicates"]);
    // Options that would be ignored, both ways.
    let err = validate_people(
        "weights = \"weight\"\nstrata = \"district\"\npsu = \"hh\"\nlonely_psu = \"remove\"\nreplicates = { method = \"bootstrap\", count = 3, mse = true }",
        "",
    );
    contains_all(
        &err,
        &["`count`, `mse` not used by replicates made from the design"],
    );
    let err = validate_people(
        "weights = \"weight\"\nreplicates = { method = \"bootstrap\", columns = [\"weight\", \"fpc\"], seed = 4 }",
        "",
    );
    contains_all(
        &err,
        &["`seed` not used by replicate weights read from `columns`"],
    );
    // JKn weights read without their coefficients.
    let err = validate_people(
        "weights = \"weight\"\nreplicates = { method = \"jkn\", columns = [\"weight\", \"fpc\"] }",
        "",
    );
    contains_all(&err, &["JKn replicate weights need `rscales`"]);
    // A proportion of a variable that is not 0/1, without `category`.
    let err = validate_people(
        "weights = \"weight\"",
        "[[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"proportion\"\nvariable = \"fpc\"\n",
    );
    contains_all(
        &err,
        &["proportion of `fpc` without `category`: row 1 has `2`, not 0 or 1"],
    );
}

#[test]
fn bad_calibrations_are_reported() {
    let margin = |totals: &str| {
        format!(
            "[datasets.people.design.calibration]\nmethod = \"rake\"\n\
             [[datasets.people.design.calibration.margins]]\ncolumn = \"district\"\ntotals = {totals}\n"
        )
    };
    // A district in the data without a population count.
    let err = validate_people("weights = \"weight\"", &margin("{ karachi = 100 }"));
    contains_all(
        &err,
        &[
            "error[calibration]",
            "margin `district`: category `thatta` is in the data but has no population count",
        ],
    );
    // A count for a district never sampled.
    let err = validate_people(
        "weights = \"weight\"",
        &margin("{ karachi = 100, thatta = 50, hyderabad = 20 }"),
    );
    contains_all(
        &err,
        &["category `hyderabad` has a population count of 20 but no sampled rows"],
    );
    // A margin column that does not exist.
    let err = validate_people(
        "weights = \"weight\"",
        &margin("{ karachi = 100 }").replace("\"district\"", "\"distrct\""),
    );
    contains_all(&err, &["distrct", "district"]);
}

#[test]
fn missing_values_fail_when_asked() {
    let data = root().join("tests/studies/nhanes/study.toml");
    let text = std::fs::read_to_string(&data).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    // zinc has missing values: `drop` (default) counts them, `fail` refuses.
    let text = text
        .replace(
            "../../../../shared",
            &root().join("../shared").display().to_string(),
        )
        .replacen(
            "variable = \"zinc\"\nby = \"race\"",
            "variable = \"zinc\"\nby = \"race\"\nmissing = \"fail\"",
            1,
        );
    std::fs::write(&study, text).unwrap();
    let out = clusterdx(&["validate", study.to_str().unwrap(), "-q"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    contains_all(
        &out.stderr,
        &[
            "error[estimate-missing]",
            "estimate of `zinc`: 1148 rows of",
            "have no value (first at row",
            "missing = \"drop\"",
        ],
    );
}

#[test]
fn bad_comparisons_are_reported() {
    let err = validate_people(
        "weights = \"weight\"",
        "[[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"mean\"\nvariable = \"weight\"\ndifferences = true\n\
         [[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"mean\"\nvariable = \"weight\"\nby = \"district\"\nreference = \"lahore\"\n\
         [[analyses.estimate]]\ndataset = \"people\"\nstatistic = \"mean\"\nvariable = \"weight\"\ncompare_to = \"peple\"\n",
    );
    contains_all(
        &err,
        &[
            "`differences = true` needs `by`",
            "reference domain `lahore` does not occur",
            "one of: karachi, thatta",
            "compare_to: no dataset `peple`",
        ],
    );
}

#[test]
fn cluster_framework_changes_are_checked() {
    let err = validate_people(
        "weights = \"weight\"",
        "[frameworks.cluster]\ndrop = [\"C9\"]\n\
         [[frameworks.cluster.cutoffs]]\nindicator = \"C1\"\nsource = 3\npresent = 0.4\n\
         [analyses.cluster]\n",
    );
    contains_all(
        &err,
        &[
            "error[framework]",
            "drop: no indicator `C9`",
            "cutoffs: indicator `C1` has 1 source(s), not a source 3",
        ],
    );
    // Dropping an indicator the rule names: the rule must change too.
    let err = validate_people(
        "weights = \"weight\"",
        "[frameworks.cluster]\ndrop = [\"C1\"]\n[analyses.cluster]\n",
    );
    contains_all(&err, &["indicator `C1` is not in the framework"]);
    // A framework file that does not exist.
    let err = validate_people(
        "weights = \"weight\"",
        "[frameworks.cluster]\nbase = \"nowhere.toml\"\n[analyses.cluster]\n",
    );
    contains_all(&err, &["framework file `nowhere.toml`"]);
}

#[test]
fn cluster_evidence_that_cannot_be_found_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    let data = root().join("tests/bad/studies/people.csv");
    std::fs::write(
        &study,
        format!(
            "[study]\nname = \"x\"\n[datasets.people]\npath = \"{}\"\nunit = \"firm\"\n\
             personal = [\"phone\"]\n[datasets.people.concepts]\nsector = \"district\"\n\
             [analyses.cluster]\nreplicates = 0\n",
            data.display()
        ),
    )
    .unwrap();
    let out = clusterdx(&[
        "run",
        study.to_str().unwrap(),
        "-q",
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    contains_all(
        &out.stderr,
        &[
            "warning[cluster-evidence]",
            "no dataset of unit `stakeholder`",
            "dataset `people` has no variable `joint_action` for indicator C1",
        ],
    );
    // Sectors are still classified on the evidence there is (A1: the count
    // of units), and the rest is listed as without evidence.
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.json")).unwrap(),
    )
    .unwrap();
    let sectors = v["cluster"]["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), 2);
    assert!(
        sectors[0]["no_evidence"]
            .as_array()
            .unwrap()
            .contains(&"C1".into())
    );
    assert_eq!(v["cluster"]["replicates"], 0);
}

#[test]
fn personal_columns_are_refused_by_the_cluster_and_concentration_analyses() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    let data = root().join("tests/bad/studies/people.csv");
    std::fs::write(
        &study,
        format!(
            "[study]\nname = \"x\"\n[datasets.people]\npath = \"{}\"\nunit = \"firm\"\npersonal = [\"phone\"]\n\
             [datasets.people.concepts]\nsector = \"phone\"\nregion = \"phone\"\nindustry = \"district\"\ncount = \"weight\"\n\
             [analyses.cluster]\n[analyses.concentration]\ndataset = \"people\"\n",
            data.display()
        ),
    )
    .unwrap();
    let out = clusterdx(&["validate", study.to_str().unwrap(), "-q"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    contains_all(
        &out.stderr,
        &[
            "dataset `people`: the `sector` concept is a personal column, which the cluster diagnostic would publish",
            "concentration: the `region` concept of dataset `people` is a personal column",
        ],
    );
    assert!(!out.stderr.contains("0300111"));
}
