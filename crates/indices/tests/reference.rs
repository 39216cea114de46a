//! Every index against `../shared/reference/cluster/expected` (1e-9
//! relative unless the source rounded or stopped an iteration early).

use std::path::PathBuf;

use clusterdx_indices::{
    LocationalGini, Network, RegionIndustry, complexity, ellison_glaeser, entropy, geographic_hhi,
    gini, hachman, hoover_localisation, hoover_specialisation, industrial_hhi, krugman,
    location_quotients, locational_gini, maurel_sedillot, raw_concentration, theil,
    theil_decomposition,
};
use serde_json::Value;

fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/cluster")
        .join(rel)
}

fn expected(file: &str) -> Value {
    let text = std::fs::read_to_string(reference(&format!("expected/{file}"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[track_caller]
fn close(got: f64, want: &Value, what: &str) {
    let want = want
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: no number in {want}"));
    let err = if want == 0.0 {
        got.abs()
    } else {
        ((got - want) / want).abs()
    };
    assert!(
        err <= 1e-9,
        "{what}: got {got}, want {want} (error {err:e})"
    );
}

/// The trade sample of one year as a matrix (countries × HS92 products).
fn trade(year: &str) -> RegionIndustry {
    let mut rdr =
        csv::Reader::from_path(reference("data/ecomplexity_trade_data_sample.csv")).unwrap();
    let rows: Vec<(String, String, f64)> = rdr
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == year)
        .map(|r| {
            (
                r[1].to_string(),
                r[2].to_string(),
                r[3].parse::<f64>().unwrap(),
            )
        })
        .collect();
    RegionIndustry::from_records(rows.iter().map(|(a, b, v)| (a.as_str(), b.as_str(), *v))).unwrap()
}

/// Compares a per-region or per-industry vector with a name → value map.
#[track_caller]
fn each(names: &[String], got: &[f64], want: &Value, what: &str) {
    assert_eq!(want.as_object().unwrap().len(), names.len(), "{what}");
    for (name, g) in names.iter().zip(got) {
        close(*g, &want[name], &format!("{what} {name}"));
    }
}

#[test]
fn concentration_and_specialisation() {
    let m = trade("1995");
    let e = expected("concentration_measures_trade_sample_1995.json");
    let (regions, industries) = (m.regions(), m.industries());
    let lq = location_quotients(&m);
    for (r, region) in regions.iter().enumerate() {
        for (i, industry) in industries.iter().enumerate() {
            close(lq[r][i], &e["location_quotient"][region][industry], "LQ");
        }
    }
    each(
        regions,
        &krugman(&m),
        &e["krugman_specialisation_by_region"],
        "Krugman",
    );
    each(
        regions,
        &hoover_specialisation(&m),
        &e["hoover_specialisation_by_region"],
        "Hoover spec",
    );
    each(
        regions,
        &industrial_hhi(&m),
        &e["hhi_industrial_concentration_by_region"],
        "HHI",
    );
    each(
        regions,
        &entropy(&m),
        &e["shannon_entropy_diversity_by_region"],
        "entropy",
    );
    each(
        industries,
        &hoover_localisation(&m),
        &e["hoover_localisation_by_industry"],
        "Hoover loc",
    );
    each(
        industries,
        &geographic_hhi(&m),
        &e["hhi_geographic_concentration_by_industry"],
        "geo HHI",
    );
    each(
        industries,
        &locational_gini(&m, LocationalGini::Lorenz),
        &e["locational_gini_by_industry"],
        "locational Gini",
    );
    each(
        industries,
        &raw_concentration(&m),
        &e["ellison_glaeser_raw_G_by_industry"],
        "EG G",
    );
    let h = vec![0.05; industries.len()];
    each(
        industries,
        &ellison_glaeser(&m, &h),
        &e["ellison_glaeser_gamma_assuming_H_0.05"],
        "EG gamma",
    );
    // EconGeo's conventions.
    let g = &e["econgeo_convention"];
    each(
        industries,
        &locational_gini(&m, LocationalGini::HalfLorenz),
        &g["locational_gini_half"],
        "EconGeo Gini",
    );
    each(regions, &hachman(&m), &g["hachman_by_region"], "Hachman");
    each(
        regions,
        &hoover_specialisation(&m),
        &g["spec_coeff_by_region"],
        "spec.coeff",
    );
    for (name, h) in regions.iter().zip(entropy(&m)) {
        let bits = (h / std::f64::consts::LN_2 * 1000.0).round() / 1000.0;
        assert_eq!(
            bits,
            g["entropy_log2_by_region"][name].as_f64().unwrap(),
            "{name}"
        );
    }
    for (name, h) in industries.iter().zip(hoover_localisation(&m)) {
        let x100 = (h * 10_000.0).round() / 100.0;
        assert_eq!(
            x100,
            g["hoover_index_x100_by_industry"][name].as_f64().unwrap(),
            "{name}"
        );
    }
    // REAT: the unweighted Gini of the LQs; Maurel–Sédillot with H = 0
    // equals (Σq² − Σx²)/(1 − Σx²).
    let reat = locational_gini(&m, LocationalGini::UnweightedLq);
    let column: Vec<f64> = lq.iter().map(|row| row[0]).collect();
    assert!((reat[0] - gini(&column, None)).abs() < 1e-15);
    let ms = maurel_sedillot(&m, &vec![0.0; industries.len()]);
    let eg0 = ellison_glaeser(&m, &vec![0.0; industries.len()]);
    assert!(
        ms.iter()
            .zip(&eg0)
            .all(|(a, b)| a.is_finite() && b.is_finite())
    );
}

#[test]
fn complexity_with_stata_conventions() {
    let e = expected("ecomplexity_stata_convention_trade_sample.json");
    for year in ["1995", "1996"] {
        let m = trade(year);
        let want = &e["years"][year];
        let (locs, prods) = (m.regions(), m.industries());
        let c = complexity(&m, 1.0, 2);
        let n_p = prods.len();
        for (k, loc) in locs.iter().enumerate() {
            close(c.eci[k], &want["eci"][loc], &format!("{year} ECI {loc}"));
            close(c.coi[k], &want["coi"][loc], &format!("{year} COI {loc}"));
            assert_eq!(
                c.diversity[k] as u64,
                want["diversity"][loc].as_u64().unwrap()
            );
            for (p, prod) in prods.iter().enumerate() {
                let at = format!("{year} {loc} {prod}");
                close(
                    c.rca[k * n_p + p],
                    &want["rca"][loc][prod],
                    &format!("RCA {at}"),
                );
                assert_eq!(
                    f64::from(u8::from(c.m[k * n_p + p])),
                    want["mcp"][loc][prod].as_f64().unwrap(),
                    "M {at}"
                );
                close(
                    c.density_at(k, p),
                    &want["density"][loc][prod],
                    &format!("density {at}"),
                );
                let cog = c.cog_at(k, p);
                let w = want["cog"][loc][prod].as_f64().unwrap();
                assert!(
                    (cog - w).abs() <= 1e-9 * w.abs().max(1e-6),
                    "COG {at}: {cog} vs {w}"
                );
            }
        }
        for (p, prod) in prods.iter().enumerate() {
            close(c.pci[p], &want["pci"][prod], &format!("{year} PCI {prod}"));
            assert_eq!(
                c.ubiquity[p] as u64,
                want["ubiquity"][prod].as_u64().unwrap()
            );
            for (q, other) in prods.iter().enumerate() {
                let w = want["proximity_zero_diagonal"][prod][other]
                    .as_f64()
                    .unwrap();
                assert!((c.proximity_at(p, q) - w).abs() < 1e-15, "φ {prod} {other}");
            }
        }
        // The result does not depend on the thread count.
        assert_eq!(c, complexity(&m, 1.0, 1));
    }
}

#[test]
fn inequality_of_mexican_states() {
    let e = expected("inequality_mexico.json");
    let mut rdr = csv::Reader::from_path(reference("data/libpysal_mexico.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let col = |name: &str| -> Vec<f64> {
        let j = headers.iter().position(|h| h == name).unwrap();
        rows.iter().map(|r| r[j].parse::<f64>().unwrap()).collect()
    };
    let regimes = col("hanson98");
    for year in ["1940", "1950", "1960", "1970", "1980", "1990", "2000"] {
        let y = col(&format!("pcgdp{year}"));
        close(gini(&y, None), &e["gini"][year], &format!("Gini {year}"));
        close(theil(&y), &e["theil_T"][year], &format!("Theil {year}"));
        let d = theil_decomposition(&y, &regimes);
        close(
            d.between,
            &e["theilD_between_group_hanson98"][year],
            "Theil between",
        );
        close(
            d.within,
            &e["theilD_within_group_hanson98"][year],
            "Theil within",
        );
    }
    // Weighted Gini: integer weights are repeated values.
    let (v, w) = ([1.0, 2.0, 5.0], [2.0, 1.0, 3.0]);
    let repeated = [1.0, 1.0, 2.0, 5.0, 5.0, 5.0];
    assert!((gini(&v, Some(&w)) - gini(&repeated, None)).abs() < 1e-15);
}

#[test]
fn stakeholder_network_measures() {
    let e = expected("stakeholder_network_synthetic.json");
    let actors: Vec<String> = e["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let adjacency: Vec<Vec<f64>> = e["adjacency"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect();
    let net = Network::new(&adjacency, false).unwrap();
    assert_eq!(net.n_links() as u64, e["n_edges"].as_u64().unwrap());
    close(net.density(), &e["density"], "density");
    let degree: Vec<f64> = net.degree().iter().map(|d| *d as f64).collect();
    each(&actors, &degree, &e["degree"], "degree");
    each(
        &actors,
        &net.degree_centrality(),
        &e["degree_centrality"],
        "degree centrality",
    );
    each(
        &actors,
        &net.betweenness(true),
        &e["betweenness_centrality_normalised"],
        "betweenness",
    );
    each(
        &actors,
        &net.betweenness(false),
        &e["betweenness_centrality_raw"],
        "raw betweenness",
    );
    each(
        &actors,
        &net.closeness(),
        &e["closeness_centrality"],
        "closeness",
    );
    // networkx stops its power iteration at a tolerance of 1e-6.
    let eig = net.eigenvector_centrality().unwrap();
    for (name, g) in actors.iter().zip(&eig) {
        let w = e["eigenvector_centrality"][name].as_f64().unwrap();
        assert!((g - w).abs() < 1e-6, "eigenvector {name}: {g} vs {w}");
    }
    assert!(net.isolates().is_empty());
    let mut asymmetric = adjacency.clone();
    asymmetric[0][1] = 0.0;
    assert!(Network::new(&asymmetric, false).is_err());
}

#[test]
fn empty_regions_and_industries_are_trimmed() {
    let m = RegionIndustry::from_records([
        ("a", "x", 10.0),
        ("a", "y", 5.0),
        ("b", "x", 2.0),
        ("b", "y", 8.0),
        ("c", "x", 0.0),
        ("c", "z", 0.0),
    ])
    .unwrap();
    // Untrimmed, the empty region and industry make shares undefined.
    assert!(locational_gini(&m, LocationalGini::Lorenz)[0].is_nan());
    let (t, regions, industries) = m.trimmed().unwrap();
    assert_eq!(regions, ["c"]);
    assert_eq!(industries, ["z"]);
    assert_eq!(t.regions(), ["a", "b"]);
    assert!(
        locational_gini(&t, LocationalGini::Lorenz)
            .iter()
            .all(|g| g.is_finite())
    );
    assert!(krugman(&t).iter().all(|k| k.is_finite()));
}

#[test]
fn ill_determined_complexity_is_reported() {
    // The trade sample: a clear gap.
    let c = complexity(&trade("1995"), 1.0, 1);
    assert!(c.eigen.problem().is_none(), "{:?}", c.eigen);
    assert!(c.eigen.gap() > 0.1);
    // Two blocks of regions with nothing in common: λ₂ = 1.
    let mut records = Vec::new();
    for (r, block) in [("a", 0), ("b", 0), ("c", 1), ("d", 1)] {
        for i in 0..4 {
            let value = if i / 2 == block { 10.0 + i as f64 } else { 0.0 };
            records.push((r, ["w", "x", "y", "z"][i], value));
        }
    }
    let m = RegionIndustry::from_records(records.iter().map(|(a, b, v)| (*a, *b, *v))).unwrap();
    let c = complexity(&m, 1.0, 1);
    let problem = c.eigen.problem().unwrap();
    assert!(problem.contains("λ₂ = 1"), "{problem}");
}
