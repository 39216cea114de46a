//! `[analyses.hrd]` end to end: the example study's local participation,
//! recovered from its microdata (FRAMEWORKS.md §3; EXAMPLE-STUDY.md), and
//! the errors a misdeclared HRD section gets.

use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{clusterdx, clusterdx_in};

/// The example's results (one run shared by the tests).
fn results() -> &'static Value {
    static R: OnceLock<Value> = OnceLock::new();
    R.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        crate::common::run_into("examples/sindh/study.toml", dir.path());
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap()
    })
}

/// A source's participation for a sector.
fn participation<'a>(sector: &str, source: &str) -> &'a Value {
    results()["hrd"]["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sector"] == sector)
        .unwrap()["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == source)
        .unwrap()
}

/// The local share of each level, under definition `k` (0 district).
fn level_shares(p: &Value, k: usize) -> Vec<(f64, f64, f64)> {
    p["local"][k]["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let f = &l["local_share"];
            (
                f["value"].as_f64().unwrap(),
                f["ci"][0].as_f64().unwrap(),
                f["ci"][1].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn locals_take_part_at_every_level_in_four_sectors() {
    let h = &results()["hrd"];
    assert_eq!(
        h["levels"],
        serde_json::json!(["entry", "supervisory", "managerial"])
    );
    let mut everywhere = 0;
    for s in h["sectors"].as_array().unwrap() {
        let code = s["sector"].as_str().unwrap();
        let roster = level_shares(participation(code, "roster"), 0);
        // Locals at a level: the interval's lower end is clearly above 0.
        if roster.iter().all(|(_, lo, _)| *lo > 0.05) {
            everywhere += 1;
        }
    }
    assert_eq!(everywhere, 4);
}

#[test]
fn fisheries_has_almost_no_local_supervisors_or_managers() {
    for source in ["roster", "workers"] {
        let shares = level_shares(participation("fisheries", source), 0);
        let (entry, sup, man) = (shares[0], shares[1], shares[2]);
        assert!(entry.0 > 0.8, "{source} entry {entry:?}");
        for (what, x) in [("supervisory", sup), ("managerial", man)] {
            // About 1%, with its interval reported.
            assert!(x.0 < 0.03, "{source} {what} {x:?}");
            assert!(
                x.1 <= x.0 && x.0 <= x.2 && x.2 < 0.1,
                "{source} {what} {x:?}"
            );
        }
    }
}

#[test]
fn roster_and_worker_estimates_agree_within_their_intervals() {
    let mut compared = 0;
    for s in results()["hrd"]["sectors"].as_array().unwrap() {
        for d in s["source_differences"].as_array().unwrap() {
            compared += 1;
            assert_eq!(
                d["intervals_overlap"], true,
                "{} {} {}: {}",
                s["sector"], d["definition"], d["level"], d["difference"]
            );
        }
    }
    // 6 sectors × 2 definitions × (overall + 3 levels).
    assert_eq!(compared, 48);
}

#[test]
fn the_province_definition_counts_more_locals_and_the_shares_are_told_apart() {
    for s in ["sugar", "thar", "marble"] {
        let p = participation(s, "roster");
        let (district, province) = (level_shares(p, 0), level_shares(p, 1));
        for (d, pr) in district.iter().zip(&province) {
            assert!(pr.0 >= d.0, "{s}: {pr:?} < {d:?}");
        }
        // Share of locals in a level sums to 1 over the levels; the local
        // shares of the levels do not.
        let levels = p["local"][0]["levels"].as_array().unwrap();
        let of_locals: f64 = levels
            .iter()
            .map(|l| l["share_of_locals"]["value"].as_f64().unwrap())
            .sum();
        assert!((of_locals - 1.0).abs() < 1e-9, "{s}: {of_locals}");
        // Representation ratio = local share of the level ÷ overall.
        let overall = p["local"][0]["overall"]["value"].as_f64().unwrap();
        for l in levels {
            let r = l["representation"]["value"].as_f64().unwrap();
            let ls = l["local_share"]["value"].as_f64().unwrap();
            assert!((r - ls / overall).abs() < 1e-9);
        }
    }
    // Thar: a large share of non-district hires come from the rest of Sindh.
    let thar = participation("thar", "roster");
    let gap = level_shares(thar, 1)[0].0 - level_shares(thar, 0)[0].0;
    assert!(gap > 0.1, "{gap}");
}

#[test]
fn the_terminal_summary_shows_every_sector() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "examples/sindh/study.toml",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = &out.stdout;
    assert!(text.contains("local share of each job level"), "{text}");
    for label in [
        "Fisheries",
        "Handicraft",
        "Marble",
        "Sugar",
        "Thar coal",
        "Khairpur SEZ",
    ] {
        assert!(text.contains(label), "{label}");
    }
}

#[test]
fn misdeclared_hrd_sections_are_errors_with_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.csv"),
        "id,sector,level,origin,isco\n1,a,1,1,9211\n2,a,2,2,7013\n3,b,1,1,\n4,b,3,2,1321\n",
    )
    .unwrap();
    let run = |hrd: &str, concepts: &str| {
        std::fs::write(
            dir.path().join("study.toml"),
            format!(
                "[study]\nname = \"h\"\n[datasets.w]\npath = \"w.csv\"\nunit = \"worker\"\nid = \"id\"\n\
                 [datasets.w.concepts]\nsector = \"sector\"\n{concepts}\n[analyses]\ningest_summary = false\n[analyses.hrd]\n{hrd}\n"
            ),
        )
        .unwrap();
        let out_dir = dir.path().join("out");
        clusterdx_in(
            dir.path(),
            &[
                "run",
                "study.toml",
                "-q",
                "--out",
                out_dir.to_str().unwrap(),
            ],
        )
    };
    let full = "job_level = \"level\"\norigin = \"origin\"\noccupation = \"isco\"";
    // No origin concept.
    let out = run("", "job_level = \"level\"");
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("maps no `origin` concept"),
        "{}",
        out.stderr
    );
    // A local definition naming an unknown tier.
    let out = run("local = { near = [\"1\", \"moon\"] }", full);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("names the tier `moon`"),
        "{}",
        out.stderr
    );
    // Skill buckets that leave occupations uncovered.
    let out = run("skills = { low = [\"9\"] }", full);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("no skill bucket covers"),
        "{}",
        out.stderr
    );
    // Declared levels and tiers run; an invalid and a missing occupation
    // code are counted, not guessed.
    let out = run(
        "levels = { low = [1], mid = [2], top = [3] }\norigin = { here = [1], there = [2] }",
        full,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.json")).unwrap(),
    )
    .unwrap();
    let src = &v["hrd"]["sources"][0];
    assert_eq!(
        (src["invalid"].as_u64(), src["missing"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(src["invalid_examples"][0]["code"], "7013");
    assert_eq!(src["invalid_examples"][0]["row"], 2);
    assert_eq!(v["hrd"]["definitions"].as_array().unwrap().len(), 1);
    // Sector b has no supervisors: their local share is not defined.
    let b = v["hrd"]["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sector"] == "b")
        .unwrap();
    let sup = &b["participation"][0]["local"][0]["levels"][1];
    assert_eq!(sup["level"], "mid");
    assert!(sup.get("local_share").is_none(), "{sup}");
}

/// The sectors' HRD part of the example, by sector code.
fn sector(code: &str) -> &'static Value {
    results()["hrd"]["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sector"] == code)
        .unwrap()
}

const SECTORS: [&str; 6] = [
    "sugar",
    "handicraft",
    "fisheries",
    "marble",
    "khairpur",
    "thar",
];

#[test]
fn capacity_building_is_thin_except_in_thar() {
    let firms_training = |s: &str| {
        sector(s)["capacity"]["firms_training"]["value"]
            .as_f64()
            .unwrap()
    };
    let places = |s: &str| {
        sector(s)["capacity"]["participants_per_employee"]["value"]
            .as_f64()
            .unwrap()
    };
    assert!(firms_training("thar") > 0.5, "{}", firms_training("thar"));
    for s in SECTORS.iter().filter(|s| **s != "thar") {
        assert!(firms_training(s) < 0.25, "{s}: {}", firms_training(s));
    }
    let thin = SECTORS.iter().filter(|s| places(s) < 0.1).count();
    assert!(thin >= 4, "{thin}");
    // Shares of places by provider add up to 1; gaps name levels.
    for s in SECTORS {
        let c = &sector(s)["capacity"];
        let total: f64 = c["providers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["share"]["value"].as_f64())
            .sum();
        assert!((total - 1.0).abs() < 1e-9, "{s}: {total}");
        for g in c["gaps"].as_array().into_iter().flatten() {
            assert!(["entry", "supervisory", "managerial"].contains(&g["level"].as_str().unwrap()));
        }
    }
    // Stakeholders' programmes: Thar's lead firms report thousands of trainees.
    let thar_lead: f64 = sector("thar")["capacity"]["stakeholder_programmes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["actor_type"] == "lead_firm")
        .map(|p| p["trainees"].as_f64().unwrap())
        .sum();
    assert!(thar_lead > 1000.0, "{thar_lead}");
}

#[test]
fn linkages_are_weak_except_in_thar_and_institutes_stay_apart() {
    let density = |s: &str| sector(s)["linkages"]["density"].as_f64().unwrap();
    assert!(density("thar") > 0.2, "{}", density("thar"));
    for s in SECTORS.iter().filter(|s| **s != "thar") {
        assert!(density(s) < 0.15, "{s}: {}", density(s));
    }
    for s in SECTORS {
        let expected = sector(s)["linkages"]["expected_links"].as_array().unwrap();
        let ti_assoc = expected
            .iter()
            .find(|e| e["between"] == serde_json::json!(["training_institute", "association"]))
            .unwrap();
        assert_eq!(ti_assoc["ties"], 0, "{s}");
    }
    // The HRD index is highest where training and linkages are.
    let index = |s: &str| sector(s)["summary"]["index"].as_f64().unwrap();
    for s in SECTORS.iter().filter(|s| **s != "thar") {
        assert!(index("thar") > index(s), "{s}");
    }
    // Fisheries: the jobs with the fewest locals are above entry level.
    let fewest = sector("fisheries")["summary"]["fewest_locals"]
        .as_array()
        .unwrap();
    assert!(fewest.iter().all(|c| c["level"] != "entry"));
}

/// A four-actor network checked by hand: a–b (strength 2), b–c (1), d
/// alone.
#[test]
fn linkage_measures_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.csv"),
        "id,sector,level,origin\n1,s,1,1\n2,s,2,2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("actors.csv"),
        "actor,sector,type\na,s,training_institute\nb,s,association\nc,s,government\nd,s,lead_firm\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("links.csv"),
        "sector,from,to,strength\ns,a,b,2\ns,c,b,1\ns,a,d,0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        "[study]\nname = \"n\"\n\
         [datasets.w]\npath = \"w.csv\"\nunit = \"worker\"\nid = \"id\"\n\
         [datasets.w.concepts]\nsector = \"sector\"\njob_level = \"level\"\norigin = \"origin\"\n\
         [datasets.actors]\npath = \"actors.csv\"\nunit = \"stakeholder\"\nid = \"actor\"\n\
         [datasets.actors.concepts]\nsector = \"sector\"\nactor_type = \"type\"\n\
         [datasets.links]\npath = \"links.csv\"\nunit = \"linkage\"\n\
         [datasets.links.concepts]\nsector = \"sector\"\nfrom_actor = \"from\"\nto_actor = \"to\"\nstrength = \"strength\"\n\
         [analyses]\ningest_summary = false\n[analyses.hrd]\n",
    )
    .unwrap();
    let v = crate::common::run_study_in(dir.path());
    let l = &v["hrd"]["sectors"][0]["linkages"];
    assert_eq!(
        (l["actors"].as_u64(), l["ties"].as_u64()),
        (Some(4), Some(2))
    );
    let close =
        |x: &Value, want: f64| assert!((x.as_f64().unwrap() - want).abs() < 1e-12, "{x} vs {want}");
    close(&l["density"], 2.0 * 2.0 / 12.0);
    // (2 + 1) over 6 pairs at the top strength 2.
    close(&l["strength_index"], 3.0 / 12.0);
    close(&l["mean_strength"], 1.5);
    assert_eq!(l["isolates"], serde_json::json!(["d"]));
    // The ties, for drawing: undirected, lower id first, the stronger way.
    assert_eq!(
        l["edges"],
        serde_json::json!([
            { "from": "a", "to": "b", "strength": 2.0 },
            { "from": "b", "to": "c", "strength": 1.0 }
        ])
    );
    let b = &l["centrality"][1];
    assert_eq!(b["actor"], "b");
    assert_eq!(b["degree"], 2);
    close(&b["degree_centrality"], 2.0 / 3.0);
    // b is on the one shortest path between the other pairs' a–c: 1 of 3 pairs.
    close(&b["betweenness"], 1.0 / 3.0);
    let links = l["expected_links"].as_array().unwrap();
    let ties: Vec<u64> = links.iter().map(|e| e["ties"].as_u64().unwrap()).collect();
    assert_eq!(ties, [1, 1, 0]);
    // The index: no firm data, so local management (the one supervisor is
    // not local: 0) and linkages (0.25), equally weighted.
    close(&v["hrd"]["sectors"][0]["summary"]["index"], 0.125);
}

/// HRD on the real ReadStat worker file: the pipeline's local shares equal
/// the weighted shares computed here from ReadStat's own CSV of the values.
#[test]
fn reference_workers_file_gives_the_weighted_shares() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "tests/studies/hrd/study.toml",
        "-q",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let text = std::fs::read_to_string(
        crate::common::root().join("../shared/reference/readstat/workers_dta_values.csv"),
    )
    .unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (sector, level, origin, weight) = (
        col("sector"),
        col("job_level"),
        col("origin"),
        col("weight"),
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let num = |r: &csv::StringRecord, k: usize| r[k].parse::<f64>().ok();
    let mut checked = 0;
    for s in v["hrd"]["sectors"].as_array().unwrap() {
        let code: f64 = s["sector"].as_str().unwrap().parse().unwrap();
        for (l, cell) in s["participation"][0]["local"][0]["levels"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let (mut loc, mut all) = (0.0, 0.0);
            for r in rows
                .iter()
                .filter(|r| num(r, sector) == Some(code) && num(r, level) == Some(l as f64 + 1.0))
            {
                let w = num(r, weight).unwrap();
                all += w;
                if num(r, origin) == Some(1.0) {
                    loc += w;
                }
            }
            match cell.get("local_share") {
                Some(f) => {
                    let got = f["value"].as_f64().unwrap();
                    assert!((got - loc / all).abs() < 1e-12, "sector {code} level {l}");
                    checked += 1;
                }
                None => assert_eq!(all, 0.0, "sector {code} level {l} is not empty"),
            }
        }
    }
    assert!(checked >= 15, "{checked}");
    // Labels come from the file; the personal name column never appears.
    assert_eq!(v["hrd"]["sectors"][5]["label"], "Thar coal");
    let all = std::fs::read_to_string(dir.path().join("results.json")).unwrap();
    assert!(!all.contains("علی رضا"));
}
