//! `[analyses.concentration]` from a study file, against the trade-sample
//! reference of `../shared/reference/cluster` (1e-9 relative).

use crate::common::{close, clusterdx, root};

#[test]
fn trade_sample_indices_match_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "tests/studies/concentration/study.toml",
        "-q",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(
            &std::fs::read_to_string(root().join("../shared/reference/cluster/expected").join(f))
                .unwrap(),
        )
        .unwrap()
    };
    let conc = read("concentration_measures_trade_sample_1995.json");
    let cx = &read("ecomplexity_stata_convention_trade_sample.json")["years"]["1995"];
    let c = &got["concentration"];
    let regions = c["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 10);
    for r in regions {
        let name = r["region"].as_str().unwrap();
        close(
            &r["krugman"],
            &conc["krugman_specialisation_by_region"][name],
            "Krugman",
        );
        close(
            &r["hhi"],
            &conc["hhi_industrial_concentration_by_region"][name],
            "HHI",
        );
        close(
            &r["entropy"],
            &conc["shannon_entropy_diversity_by_region"][name],
            "entropy",
        );
        close(&r["eci"], &cx["eci"][name], "ECI");
        close(&r["coi"], &cx["coi"][name], "COI");
    }
    let industries = c["industries"].as_array().unwrap();
    assert_eq!(industries.len(), 30);
    for (k, i) in industries.iter().enumerate() {
        let name = i["industry"].as_str().unwrap();
        close(
            &i["hoover"],
            &conc["hoover_localisation_by_industry"][name],
            "Hoover",
        );
        close(
            &i["locational_gini"],
            &conc["locational_gini_by_industry"][name],
            "Gini",
        );
        close(
            &i["raw_concentration"],
            &conc["ellison_glaeser_raw_G_by_industry"][name],
            "G",
        );
        close(&i["pci"], &cx["pci"][name], "PCI");
        // 20 equal plants per product: H = 0.05, the reference's assumption.
        close(&i["plant_hhi"], &serde_json::json!(0.05), "plant HHI");
        close(
            &i["ellison_glaeser"],
            &conc["ellison_glaeser_gamma_assuming_H_0.05"][name],
            "Ellison–Glaeser",
        );
        let ms = i["maurel_sedillot"].as_f64().unwrap();
        assert!(ms.is_finite() && ms < 1.0);
        for (r, region) in regions.iter().enumerate() {
            let region = region["region"].as_str().unwrap();
            close(
                &c["location_quotients"][r][k],
                &conc["location_quotient"][region][name],
                "LQ",
            );
            close(&c["density"][r][k], &cx["density"][region][name], "density");
            let (g, w) = (
                c["cog"][r][k].as_f64().unwrap(),
                cx["cog"][region][name].as_f64().unwrap(),
            );
            assert!((g - w).abs() <= 1e-9 * w.abs().max(1e-6), "COG {g} vs {w}");
        }
        for (q, other) in industries.iter().enumerate() {
            let other = other["industry"].as_str().unwrap();
            let w = cx["proximity_zero_diagonal"][name][other].as_f64().unwrap();
            assert!((c["proximity"][k][q].as_f64().unwrap() - w).abs() < 1e-15);
        }
    }
}

#[test]
fn locational_gini_conventions_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("study.toml");
    let text = std::fs::read_to_string(root().join("tests/studies/concentration/study.toml"))
        .unwrap()
        .replace(
            "../../../../shared",
            &root().join("../shared").display().to_string(),
        )
        .replace(
            "path = \"plants.csv\"",
            &format!(
                "path = \"{}\"",
                root()
                    .join("tests/studies/concentration/plants.csv")
                    .display()
            ),
        )
        .replace(
            "filter = { column = \"year\", equals = [1995] }",
            "filter = { column = \"year\", equals = [1995] }\ngini = \"half_lorenz\"",
        );
    std::fs::write(&study, text).unwrap();
    let out = clusterdx(&[
        "run",
        study.to_str().unwrap(),
        "-q",
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.json")).unwrap(),
    )
    .unwrap();
    let conc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(
            "../shared/reference/cluster/expected/concentration_measures_trade_sample_1995.json",
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(got["concentration"]["gini"], "half_lorenz");
    for i in got["concentration"]["industries"].as_array().unwrap() {
        let name = i["industry"].as_str().unwrap();
        close(
            &i["locational_gini"],
            &conc["econgeo_convention"]["locational_gini_half"][name],
            "EconGeo Gini",
        );
    }
}

/// Indicator A2 counts the rows the concentration analysis counts: with a
/// `filter` to one year of a panel, the location quotient is that year's.
#[test]
fn a2_location_quotient_follows_the_concentration_filter() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("emp.csv"),
        "year,region,sector,n\n\
         2020,r1,s,30\n2020,r1,x,10\n2020,r2,s,10\n2020,r2,x,50\n\
         2010,r1,s,10\n2010,r1,x,90\n2010,r2,s,10\n2010,r2,x,90\n",
    )
    .unwrap();
    let a2 = |filter: &str| -> f64 {
        std::fs::write(
            dir.path().join("study.toml"),
            format!(
                "[study]\nname = \"a2\"\n[datasets.emp]\npath = \"emp.csv\"\nunit = \"employment\"\n\
                 [datasets.emp.concepts]\nregion = \"region\"\nindustry = \"sector\"\nsector = \"sector\"\ncount = \"n\"\n\
                 [analyses]\ningest_summary = false\n[analyses.cluster]\nreplicates = 0\n\
                 [analyses.concentration]\n{filter}\n"
            ),
        )
        .unwrap();
        let got = crate::common::run_study_in(dir.path());
        let sector = got["cluster"]["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["sector"] == "s")
            .unwrap()
            .clone();
        let a2 = sector["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "A2")
            .unwrap()
            .clone();
        a2["evidence"][0]["value"].as_f64().unwrap()
    };
    // 2020 only: r1 holds 30 of the sector's 40 and 40 of all 100 → 0.75 / 0.4.
    assert!((a2("filter = { column = \"year\", equals = [2020] }") - 1.875).abs() < 1e-12);
    // Both years: (40 / 140) / (60 / 300).
    assert!((a2("") - (40.0 / 140.0) / (60.0 / 300.0)).abs() < 1e-12);
}
