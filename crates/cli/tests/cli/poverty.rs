//! `[analyses.poverty]` end to end: the reference data sets through study
//! files (every point measure against `../shared/reference/poverty`), and
//! the example study's poverty by district and for worker households.

use serde_json::Value;

use crate::common::{clusterdx, root};

fn run(study: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&["run", study, "-q", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
        .unwrap()
}

fn expected() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("../shared/reference/poverty/expected.json")).unwrap(),
    )
    .unwrap()
}

#[track_caller]
fn close(got: &Value, want: &Value, what: &str) {
    let (g, w) = (got.as_f64().unwrap(), want.as_f64().unwrap());
    assert!((g - w).abs() <= 1e-9 * w.abs(), "{what}: {g} vs {w}");
}

/// Everyone's measures against a reference block.
fn check(v: &Value, exp: &Value) {
    let d = &v["poverty"]["domains"][0];
    let line = &d["lines"][0];
    for (k, key) in ["FGT0", "FGT1", "FGT2"].iter().enumerate() {
        close(&line["fgt"][k]["figure"]["value"], &exp[key], key);
    }
    close(&line["watts"]["value"], &exp["Watts"], "Watts");
    close(&line["sen"]["value"], &exp["Sen"], "Sen");
    close(&line["sst"]["value"], &exp["SST"], "SST");
    let ineq = &d["inequality"];
    close(&ineq["gini"]["value"], &exp["Gini_population"], "Gini");
    close(
        &ineq["gini_sample"],
        &exp["Gini_sample_n/(n-1)"],
        "Gini sample",
    );
    // θ = 0, 1 and ε = 0.5, 1, 2 (the defaults).
    close(
        &ineq["generalised_entropy"][0]["figure"]["value"],
        &exp["TheilL_MLD_GE0"],
        "MLD",
    );
    close(
        &ineq["generalised_entropy"][1]["figure"]["value"],
        &exp["TheilT_GE1"],
        "Theil T",
    );
    close(
        &ineq["atkinson"][0]["figure"]["value"],
        &exp["Atkinson_e0.5"],
        "A(0.5)",
    );
    close(
        &ineq["atkinson"][1]["figure"]["value"],
        &exp["Atkinson_e1"],
        "A(1)",
    );
    close(
        &ineq["atkinson"][2]["figure"]["value"],
        &exp["Atkinson_e2"],
        "A(2)",
    );
    close(
        &ineq["palma"]["value"],
        &exp["Palma_S90_100/S0_40"],
        "Palma",
    );
    close(&ineq["s80_s20"]["value"], &exp["S80/S20"], "S80/S20");
    close(&ineq["p90_p10"]["value"], &exp["P90/P10"], "P90/P10");
    close(&d["median"]["value"], &exp["P50"], "median");
    for f in [
        &line["sen"],
        &line["sst"],
        &ineq["palma"],
        &ineq["p90_p10"],
        &d["median"],
    ] {
        assert!(f["se"].as_f64().unwrap() > 0.0, "{f}");
    }
}

#[test]
fn engel_through_the_study_file() {
    let v = run("tests/studies/poverty_engel/study.toml");
    check(&v, &expected()["engel_unweighted_z_0.6_median"]);
    assert_eq!(v["poverty"]["person_weighted"], false);
}

#[test]
fn world_bank_households_through_the_study_file() {
    let v = run("tests/studies/poverty_wb/study.toml");
    let exp = expected();
    check(&v, &exp["wb_synthetic_z2000_person_weighted"]);
    // The other ratios asked for: S90/S10 above S80/S20, P75/P25 below P90/P10.
    let ineq = &v["poverty"]["domains"][0]["inequality"];
    let other = ineq["other_ratios"].as_array().unwrap();
    let names: Vec<&str> = other.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["S90/S10", "P75/P25"]);
    let val = |x: &Value| x["value"].as_f64().unwrap();
    assert!(val(&other[0]["figure"]) > val(&ineq["s80_s20"]));
    assert!(1.0 < val(&other[1]["figure"]) && val(&other[1]["figure"]) < val(&ineq["p90_p10"]));
    assert!(other[1]["figure"]["se"].as_f64().unwrap() > 0.0);
    close(
        &v["poverty"]["domains"][0]["mean"]["value"],
        &exp["wb_synthetic_design_se"]["mean_pc_exp"]["b"],
        "mean",
    );
    // Urban and rural domains, each with its own df.
    let domains = v["poverty"]["domains"].as_array().unwrap();
    assert_eq!(domains.len(), 3);
    for d in &domains[1..] {
        let f = &d["lines"][0]["fgt"][0]["figure"];
        assert!(
            f["se"].as_f64().unwrap() > 0.0 && f["df"].as_f64().unwrap() < 32.0,
            "{f}"
        );
    }
}

#[test]
fn example_poverty_by_district_and_worker_households() {
    let v = run("examples/sindh/study.toml");
    let p = &v["poverty"];
    let headcount = |d: &Value| d["lines"][0]["fgt"][0]["figure"]["value"].as_f64().unwrap();
    let domains = p["domains"].as_array().unwrap();
    let districts: Vec<&Value> = domains.iter().filter(|d| d["by"] == "district").collect();
    assert_eq!(districts.len(), 7);
    for d in &districts {
        let h = headcount(d);
        assert!((0.25..=0.65).contains(&h), "{}: {h}", d["code"]);
    }
    // Highest in Tharparkar and Thatta.
    let mut sorted: Vec<(f64, &str)> = districts
        .iter()
        .map(|d| (headcount(d), d["code"].as_str().unwrap()))
        .collect();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<&str> = sorted[..2].iter().map(|x| x.1).collect();
    assert!(
        top.contains(&"tharparkar") && top.contains(&"thatta"),
        "{top:?}"
    );
    // Worker households are less often poor than comparable others in most
    // sectors, by 5–15 points or so.
    let comparisons = p["comparisons"].as_array().unwrap();
    assert_eq!(comparisons.len(), 6);
    let lower = comparisons
        .iter()
        .filter(|c| c["headcount_difference"]["value"].as_f64().unwrap() < 0.0)
        .count();
    assert!(lower >= 4, "{lower}");
    assert_eq!(comparisons[0]["label"], "Fisheries");
    // Cluster sectors' worker households against agglomerations'; the
    // origin contrast is not possible (every linked worker is local) and
    // says so.
    let contrasts = p["contrasts"].as_array().unwrap();
    assert_eq!(contrasts.len(), 1);
    assert_eq!(contrasts[0]["b"], "agglomeration");
    assert!(
        p["notes"][0]
            .as_str()
            .unwrap()
            .contains("0 of migrant workers")
    );
    // The sensitivity curve rises with the line and passes through the
    // headcount at the line itself.
    let curve: Vec<f64> = p["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["headcount"]["value"].as_f64().unwrap())
        .collect();
    assert_eq!(curve.len(), 11);
    assert!(curve.windows(2).all(|w| w[0] <= w[1]));
    assert!((curve[5] - headcount(&domains[0])).abs() < 1e-12);
    // The official line is in 2013-14 prices.
    assert!(p["welfare"].as_str().unwrap().contains("2013-14 prices"));
}

#[test]
fn misdeclared_poverty_sections_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("h.csv"),
        "id,cons,size,adults,children\n1,9000,3,2,1\n2,4000,2,2,0\n",
    )
    .unwrap();
    let run = |poverty: &str| {
        std::fs::write(
            dir.path().join("study.toml"),
            format!(
                "[study]\nname = \"p\"\n[datasets.h]\npath = \"h.csv\"\nunit = \"household\"\nid = \"id\"\n\
                 [datasets.h.concepts]\nconsumption = \"cons\"\nhousehold_size = \"size\"\n\
                 [analyses]\ningest_summary = false\n[analyses.poverty]\n{poverty}\n"
            ),
        )
        .unwrap();
        crate::common::clusterdx_in(dir.path(), &["validate", "study.toml"])
    };
    // The official line needs a deflator from survey to 2013-14 prices.
    let out = run("");
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("2013-14 prices: give a `deflator`"),
        "{}",
        out.stderr
    );
    // A line is either absolute or relative.
    let out = run(
        "per = \"capita\"\nlines = [{ name = \"x\", value = 10, relative = \"median\", share = 0.5 }]",
    );
    assert!(
        out.stderr.contains("line `x`: give either"),
        "{}",
        out.stderr
    );
    // Share and quantile ratios need shares that make sense.
    let out = run(
        "per = \"capita\"\nlines = [{ name = \"x\", value = 10 }]\nshare_ratios = [[0.6, 0.6]]",
    );
    assert!(
        out.stderr.contains("share_ratios: [0.6, 0.6]"),
        "{}",
        out.stderr
    );
    let out = run(
        "per = \"capita\"\nlines = [{ name = \"x\", value = 10 }]\nquantile_ratios = [[0.25, 0.75]]",
    );
    assert!(
        out.stderr.contains("expected 0 < lower < upper < 1"),
        "{}",
        out.stderr
    );
    // Adult equivalents need their variables.
    let out = run("lines = [{ name = \"x\", value = 10 }]\nadults = \"grownups\"");
    assert!(out.stderr.contains("has no `grownups`"), "{}", out.stderr);
    // A relative line per capita validates.
    let out =
        run("per = \"capita\"\nlines = [{ name = \"half\", relative = \"median\", share = 0.5 }]");
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn example_mpi_by_district() {
    let v = run("examples/sindh/study.toml");
    let m = &v["mpi"];
    assert_eq!(m["indicators"].as_array().unwrap().len(), 11);
    let w: f64 = m["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["weight"].as_f64().unwrap())
        .sum();
    assert!((w - 1.0).abs() < 1e-9);
    let groups = m["groups"].as_array().unwrap();
    // Worker households against others of the same districts.
    let comparisons = m["comparisons"].as_array().unwrap();
    assert!(!comparisons.is_empty());
    for c in comparisons {
        let v = |k: &str| c[k]["value"].as_f64().unwrap();
        assert!((v("h_difference") - (v("h_workers") - v("h_others"))).abs() < 1e-12);
        assert!((v("m0_difference") - (v("m0_workers") - v("m0_others"))).abs() < 1e-12);
        assert!(c["h_difference"]["se"].as_f64().unwrap() > 0.0);
    }
    // n: everyone's complete households (for A, the poor ones).
    assert_eq!(groups[0]["h"]["n"], m["complete"]);
    assert_eq!(groups[0]["m0"]["n"], m["complete"]);
    assert!(groups[0]["a"]["n"].as_u64().unwrap() < m["complete"].as_u64().unwrap());
    let value = |g: &Value, k: &str| g[k]["value"].as_f64().unwrap();
    for g in groups {
        // M0 = H × A; contributions sum to 1.
        let (h, a, m0) = (value(g, "h"), value(g, "a"), value(g, "m0"));
        assert!((h * a - m0).abs() < 1e-12, "{g}");
        let c: f64 = g["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert!((c - 1.0).abs() < 1e-9);
        assert!(g["m0"]["se"].as_f64().unwrap() > 0.0);
    }
    // Districts' shares of the population and of M0 each sum to 1.
    let districts_only = groups.iter().filter(|g| g["by"] == "district");
    let (pop, share): (f64, f64) = districts_only.fold((0.0, 0.0), |(a, b), g| {
        (
            a + g["population_share"].as_f64().unwrap(),
            b + g["share_of_m0"].as_f64().unwrap(),
        )
    });
    assert!(
        (pop - 1.0).abs() < 1e-9 && (share - 1.0).abs() < 1e-9,
        "{pop} {share}"
    );
    // Highest headcounts in Tharparkar and Thatta.
    let mut districts: Vec<(f64, &str)> = groups
        .iter()
        .filter(|g| g["by"] == "district")
        .map(|g| (value(g, "h"), g["code"].as_str().unwrap()))
        .collect();
    districts.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<&str> = districts[..2].iter().map(|x| x.1).collect();
    assert!(
        top.contains(&"tharparkar") && top.contains(&"thatta"),
        "{districts:?}"
    );
    // Lower cut-offs count more people poor.
    let at = m["other_k"].as_array().unwrap();
    let h_all = value(&groups[0], "h");
    assert!(value(&at[0], "h") >= h_all && h_all >= value(&at[1], "h"));
    let intensity: f64 = m["intensity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .sum();
    assert!((intensity - 1.0).abs() < 1e-9);
}

#[test]
fn misdeclared_mpi_sections_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("h.csv"),
        "id,size,edu,water\n1,3,2,6\n2,2,9,1\n",
    )
    .unwrap();
    let run = |mpi: &str| {
        std::fs::write(
            dir.path().join("study.toml"),
            format!(
                "[study]\nname = \"m\"\n[datasets.h]\npath = \"h.csv\"\nunit = \"household\"\nid = \"id\"\n\
                 [datasets.h.concepts]\nhousehold_size = \"size\"\n[analyses]\ningest_summary = false\n{mpi}\n"
            ),
        )
        .unwrap();
        crate::common::clusterdx_in(dir.path(), &["validate", "study.toml"])
    };
    let ind = "[[analyses.mpi.indicators]]\nname = \"school\"\ndimension = \"education\"\nvariable = \"edu\"\nbelow = 5\n\
               [[analyses.mpi.indicators]]\nname = \"water\"\ndimension = \"living\"\nvariable = \"water\"\nequals = [6]\n";
    let out = run(&format!(
        "[analyses.mpi]\ndimensions = {{ education = 0.5, living = 0.4 }}\n{ind}"
    ));
    assert!(
        out.stderr.contains("dimension weights must sum to 1"),
        "{}",
        out.stderr
    );
    let out = run(&format!(
        "[analyses.mpi]\ndimensions = {{ education = 0.5, health = 0.5 }}\n{ind}"
    ));
    assert!(
        out.stderr.contains("no dimension `living`"),
        "{}",
        out.stderr
    );
    let out = run(&format!(
        "[analyses.mpi]\ndimensions = {{ education = 0.5, living = 0.5 }}\n{}",
        ind.replace("below = 5", "below = 5\nabove = 9")
    ));
    assert!(
        out.stderr.contains("exactly one deprivation rule"),
        "{}",
        out.stderr
    );
    let out = run(&format!(
        "[analyses.mpi]\ndimensions = {{ education = 0.5, living = 0.5 }}\n{ind}"
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Two rounds of the World Bank households stacked in one file, the second
/// with expenditure 10% higher: every measure per round and its change,
/// with the SE of the change from the stacked design. Independent rounds
/// (their own PSUs) add variances; a panel (the same PSUs) has the
/// covariance that makes the change more precise.
#[test]
fn changes_between_rounds_with_their_standard_errors() {
    let source = std::fs::read_to_string(
        root().join("../shared/reference/poverty/wb_synthetic_households.csv"),
    )
    .unwrap();
    let mut lines = source.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let (hid, ea, size, pc, w) = (
        col("hid"),
        col("ea"),
        col("hhsize"),
        col("pc_exp"),
        col("hhweight"),
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    for panel in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut csv = String::from("id,round,ea,size,pc,w\n");
        for round in [2019, 2021] {
            for r in &rows {
                let y: f64 = r[pc].parse().unwrap();
                let y = if round == 2021 { y * 1.1 } else { y };
                let psu = if panel || round == 2019 {
                    r[ea].to_string()
                } else {
                    format!("b{}", r[ea])
                };
                csv += &format!(
                    "{}-{round},{round},{psu},{},{y},{}\n",
                    r[hid], r[size], r[w]
                );
            }
        }
        std::fs::write(dir.path().join("h.csv"), csv).unwrap();
        std::fs::write(
            dir.path().join("study.toml"),
            "[study]\nname = \"rounds\"\n[datasets.h]\npath = \"h.csv\"\nunit = \"household\"\nid = \"id\"\n\
             [datasets.h.concepts]\nconsumption = \"pc\"\nhousehold_size = \"size\"\n\
             [datasets.h.design]\nweights = \"w\"\npsu = \"ea\"\n\
             [analyses]\ningest_summary = false\n[analyses.poverty]\nper = \"household\"\n\
             lines = [{ name = \"z2000\", value = 2000 }]\nrounds = \"round\"\n",
        )
        .unwrap();
        let v = crate::common::run_study_in(dir.path());
        let p = &v["poverty"];
        assert_eq!(p["rounds"], "round");
        let domains = p["domains"].as_array().unwrap();
        let round = |code: &str| {
            domains
                .iter()
                .find(|d| d["by"] == "round" && d["code"] == code)
                .unwrap()
        };
        let (a, b) = (round("2019"), round("2021"));
        // Round 2019 is the reference sample itself.
        close(
            &a["lines"][0]["fgt"][0]["figure"]["value"],
            &expected()["wb_synthetic_z2000_person_weighted"]["FGT0"],
            "FGT0 2019",
        );
        let changes = p["changes"].as_array().unwrap();
        let change = |m: &str| changes.iter().find(|c| c["measure"] == m).unwrap();
        for (m, fa, fb) in [
            (
                "FGT(0)",
                &a["lines"][0]["fgt"][0]["figure"],
                &b["lines"][0]["fgt"][0]["figure"],
            ),
            ("Sen", &a["lines"][0]["sen"], &b["lines"][0]["sen"]),
            ("Gini", &a["inequality"]["gini"], &b["inequality"]["gini"]),
            (
                "Palma",
                &a["inequality"]["palma"],
                &b["inequality"]["palma"],
            ),
        ] {
            let c = change(m);
            assert_eq!(
                (c["from"].as_str(), c["to"].as_str()),
                (Some("2019"), Some("2021"))
            );
            let f = |x: &Value, k: &str| x[k].as_f64().unwrap();
            let d = f(&c["figure"], "value");
            assert!((d - (f(fb, "value") - f(fa, "value"))).abs() < 1e-12, "{m}");
            let independent = (f(fa, "se").powi(2) + f(fb, "se").powi(2)).sqrt();
            let se = f(&c["figure"], "se");
            if panel {
                assert!(se < 0.5 * independent, "{m}: panel {se} vs {independent}");
            } else {
                assert!(
                    (se / independent - 1.0).abs() < 1e-9,
                    "{m}: {se} vs {independent}"
                );
            }
        }
        // Scaling every value leaves the Gini unchanged: a change of 0.
        assert!(change("Gini")["figure"]["value"].as_f64().unwrap().abs() < 1e-12);
        assert!(change("FGT(0)")["figure"]["value"].as_f64().unwrap() < 0.0);
    }
}

/// Under replicate weights (JKn made from the PSUs) every measure is
/// recomputed per replicate: the same values as under the Taylor design,
/// and SEs close to the linearised ones for the smooth measures.
#[test]
fn replicate_designs_recompute_every_measure() {
    let csv = root().join("../shared/reference/poverty/wb_synthetic_households.csv");
    let study = |replicates: &str| {
        format!(
            "[study]\nname = \"wb\"\n[datasets.hh]\npath = {:?}\nunit = \"household\"\nid = \"hid\"\n\
             [datasets.hh.concepts]\nconsumption = \"pc_exp\"\nhousehold_size = \"hhsize\"\n\
             [datasets.hh.design]\nweights = \"hhweight\"\npsu = \"ea\"\n{replicates}\n\
             [analyses]\ningest_summary = false\n[analyses.poverty]\nper = \"household\"\n\
             lines = [{{ name = \"z2000\", value = 2000 }}]\n\
             [analyses.mpi]\nk = 0.5\ndimensions = {{ living = 1.0 }}\n\
             [[analyses.mpi.indicators]]\nname = \"electricity\"\ndimension = \"living\"\nvariable = \"electricity\"\nequals = [\"No\"]\n\
             [[analyses.mpi.indicators]]\nname = \"crowding\"\ndimension = \"living\"\nvariable = \"hhsize\"\nper = \"rooms\"\nat_least = 3\n",
            csv.to_str().unwrap()
        )
    };
    let results = |replicates: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("study.toml"), study(replicates)).unwrap();
        crate::common::run_study_in(dir.path())
    };
    let taylor = results("");
    let jkn = results("[datasets.hh.design.replicates]\nmethod = \"jkn\"");
    let everyone = |v: &Value| v["poverty"]["domains"][0].clone();
    let (t, j) = (everyone(&taylor), everyone(&jkn));
    for (what, path) in [
        ("FGT0", &["lines", "0", "fgt", "0", "figure"][..]),
        ("FGT2", &["lines", "0", "fgt", "2", "figure"]),
        ("Sen", &["lines", "0", "sen"]),
        ("SST", &["lines", "0", "sst"]),
        ("Gini", &["inequality", "gini"]),
        (
            "Theil",
            &["inequality", "generalised_entropy", "1", "figure"],
        ),
        ("Palma", &["inequality", "palma"]),
    ] {
        let at = |v: &Value| {
            path.iter()
                .fold(v.clone(), |x, k| match k.parse::<usize>() {
                    Ok(i) => x[i].clone(),
                    Err(_) => x[*k].clone(),
                })
        };
        let (a, b) = (at(&t), at(&j));
        let f = |x: &Value, k: &str| x[k].as_f64().unwrap();
        assert!(
            (f(&a, "value") - f(&b, "value")).abs() <= 1e-12 * f(&a, "value").abs(),
            "{what}"
        );
        let ratio = f(&b, "se") / f(&a, "se");
        assert!((ratio - 1.0).abs() < 0.1, "{what}: jkn/taylor SE {ratio}");
    }
    assert!(j["median"]["se"].as_f64().unwrap() > 0.0);
    // The MPI's cell totals under each replicate's weights.
    let (mt, mj) = (&taylor["mpi"]["groups"][0], &jkn["mpi"]["groups"][0]);
    for k in ["h", "a", "m0"] {
        let f = |x: &Value, q: &str| x[k][q].as_f64().unwrap();
        assert!((f(mt, "value") - f(mj, "value")).abs() < 1e-12, "{k}");
        assert!(f(mt, "value") > 0.0, "{k}");
        let ratio = f(mj, "se") / f(mt, "se");
        assert!((ratio - 1.0).abs() < 0.1, "MPI {k}: jkn/taylor SE {ratio}");
    }
}

/// `template = "global"`: the global MPI's dimensions and weights (1/6 for
/// health and education indicators, 1/18 for living standards), H, A and
/// M0 by hand on six households; a dropped indicator's weight goes to its
/// dimension's others; misuse is an error naming what is wrong.
#[test]
fn global_mpi_template() {
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
    let rows = [
        [1, 1, 0, 0, 0, 0, 0, 0, 0, 0], // 1/3: poor
        [0, 0, 0, 0, 1, 1, 1, 1, 1, 1], // 6/18: poor
        [0, 0, 1, 0, 0, 0, 0, 0, 0, 0], // 1/6
        [0; 10],
        [1; 10],                        // 1: poor
        [0, 0, 0, 1, 0, 0, 0, 1, 1, 0], // 5/18
    ];
    let mut csv = format!("id,w,{}\n", names.join(","));
    for (i, r) in rows.iter().enumerate() {
        let r: Vec<String> = r.iter().map(|x| x.to_string()).collect();
        csv += &format!("{i},1,{}\n", r.join(","));
    }
    std::fs::write(dir.path().join("h.csv"), csv).unwrap();
    let write = |mpi: &str| {
        std::fs::write(
            dir.path().join("study.toml"),
            format!(
                "[study]\nname = \"g\"\n[datasets.h]\npath = \"h.csv\"\nunit = \"household\"\nid = \"id\"\n\
                 [datasets.h.design]\nweights = \"w\"\n\
                 [analyses]\ningest_summary = false\n[analyses.mpi]\ntemplate = \"global\"\nperson_weighted = false\n{mpi}\n"
            ),
        )
        .unwrap();
    };
    let indicators = |skip: &[&str]| {
        names
            .iter()
            .filter(|n| !skip.contains(n))
            .map(|n| {
                format!(
                    "[[analyses.mpi.indicators]]\nname = \"{n}\"\nvariable = \"{n}\"\nabove = 0\n"
                )
            })
            .collect::<String>()
    };
    write(&indicators(&[]));
    let v = crate::common::run_study_in(dir.path());
    let m = &v["mpi"];
    assert!(m["template"].as_str().unwrap().contains("2018 revision"));
    let ind = m["indicators"].as_array().unwrap();
    let weight = |n: &str| {
        ind.iter().find(|i| i["name"] == n).unwrap()["weight"]
            .as_f64()
            .unwrap()
    };
    assert!((weight("nutrition") - 1.0 / 6.0).abs() < 1e-12);
    assert!((weight("assets") - 1.0 / 18.0).abs() < 1e-12);
    assert_eq!(ind[7]["dimension"], "living_standards");
    assert!(
        ind[0]["definition"]
            .as_str()
            .unwrap()
            .contains("undernourished")
    );
    let g = &m["groups"][0];
    let val = |k: &str| g[k]["value"].as_f64().unwrap();
    assert!((val("h") - 0.5).abs() < 1e-12);
    assert!((val("m0") - 5.0 / 18.0).abs() < 1e-12);
    assert!((val("a") - 5.0 / 9.0).abs() < 1e-12);
    // Without nutrition: child mortality carries the health third.
    write(&format!(
        "drop = [\"nutrition\"]\n{}",
        indicators(&["nutrition"])
    ));
    let v = crate::common::run_study_in(dir.path());
    let ind = v["mpi"]["indicators"].as_array().unwrap();
    assert_eq!(ind.len(), 9);
    assert!((ind[0]["weight"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    // Misuse.
    let fails = |mpi: &str, says: &str| {
        write(mpi);
        let out = crate::common::clusterdx_in(dir.path(), &["validate", "study.toml"]);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains(says), "{says}: {}", out.stderr);
    };
    fails(
        &indicators(&["assets"]),
        "indicators assets are not defined",
    );
    fails(
        &format!(
            "{}[[analyses.mpi.indicators]]\nname = \"land\"\nvariable = \"assets\"\nabove = 0\n",
            indicators(&[])
        ),
        "`land` is not an indicator of the global template",
    );
    fails(
        &format!("dimensions = {{ a = 1.0 }}\n{}", indicators(&[])),
        "remove `dimensions`",
    );
    fails(
        &format!(
            "drop = [\"nutrition\", \"child_mortality\"]\n{}",
            indicators(&["nutrition", "child_mortality"])
        ),
        "dimension `health` is dropped",
    );
    fails(
        &indicators(&[]).replacen(
            "name = \"assets\"\n",
            "name = \"assets\"\nweight = 0.1\n",
            1,
        ),
        "sets its weight",
    );
}

/// MPI rounds stacked in one file: each round a subgroup, and H, A and M0's
/// changes with the SE of the difference (independent rounds: the
/// variances add).
#[test]
fn mpi_changes_between_rounds() {
    let dir = tempfile::tempdir().unwrap();
    // Two indicators of weight 1/2; poor when deprived in one (k = 1/2).
    let mut csv = String::from("id,round,w,a,b\n");
    let first = [
        (1, 0),
        (0, 0),
        (1, 1),
        (0, 0),
        (0, 1),
        (0, 0),
        (0, 0),
        (1, 0),
    ];
    let second = [
        (0, 0),
        (0, 0),
        (1, 1),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (1, 0),
    ];
    for (round, rows) in [(1, &first), (2, &second)] {
        for (i, (a, b)) in rows.iter().enumerate() {
            csv += &format!("r{round}h{i},{round},{},{a},{b}\n", 1 + i % 3);
        }
    }
    std::fs::write(dir.path().join("h.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        "[study]\nname = \"r\"\n[datasets.h]\npath = \"h.csv\"\nunit = \"household\"\nid = \"id\"\n\
         [datasets.h.design]\nweights = \"w\"\n\
         [analyses]\ningest_summary = false\n[analyses.mpi]\nperson_weighted = false\nk = 0.5\nrounds = \"round\"\n\
         dimensions = { d = 1.0 }\n\
         [[analyses.mpi.indicators]]\nname = \"a\"\ndimension = \"d\"\nvariable = \"a\"\nabove = 0\n\
         [[analyses.mpi.indicators]]\nname = \"b\"\ndimension = \"d\"\nvariable = \"b\"\nabove = 0\n",
    )
    .unwrap();
    let v = crate::common::run_study_in(dir.path());
    let m = &v["mpi"];
    assert_eq!(m["rounds"], "round");
    let groups = m["groups"].as_array().unwrap();
    let round = |c: &str| groups.iter().find(|g| g["code"] == c).unwrap();
    let (r1, r2) = (round("1"), round("2"));
    let f = |x: &Value, k: &str| x[k].as_f64().unwrap();
    let changes = m["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3);
    for (c, key) in changes.iter().zip(["h", "a", "m0"]) {
        let want = f(&r2[key], "value") - f(&r1[key], "value");
        assert!((f(&c["figure"], "value") - want).abs() < 1e-12, "{key}");
        let se = (f(&r1[key], "se").powi(2) + f(&r2[key], "se").powi(2)).sqrt();
        assert!((f(&c["figure"], "se") / se - 1.0).abs() < 1e-9, "{key}");
    }
    assert!(f(&changes[0]["figure"], "value") < 0.0);
    // The terminal summary shows the changes.
    let out = crate::common::clusterdx_in(dir.path(), &["run", "study.toml", "--out", "out2"]);
    assert!(
        out.stdout.contains("change round 1 → 2: H -0.200 ("),
        "{}",
        out.stdout
    );
}
