//! Tests of the Sindh example generator: determinism, the planted structure
//! (checked with simple design-weighted shares, as sanity checks of the
//! generator, not of the analyses), the written files, and the committed
//! data.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clusterdx_data::{Column, Dataset, MissingReason, Value};
use clusterdx_example::{DEFAULT_SEED, SindhExample, files, generate};

fn example() -> &'static SindhExample {
    static EX: OnceLock<SindhExample> = OnceLock::new();
    EX.get_or_init(|| generate(DEFAULT_SEED))
}

fn col<'a>(d: &'a Dataset, name: &str) -> &'a Column {
    d.column(name)
        .unwrap_or_else(|| panic!("{}: no column {name}", d.name))
}

fn codes(d: &Dataset, name: &str) -> Vec<Option<String>> {
    let c = col(d, name);
    (0..d.n_rows()).map(|i| c.code_at(i)).collect()
}

fn nums(d: &Dataset, name: &str) -> Vec<Option<f64>> {
    let c = col(d, name);
    (0..d.n_rows()).map(|i| c.f64_at(i)).collect()
}

/// Σ w·[y] / Σ w over rows where `y` is known.
fn wshare(w: &[f64], y: impl IntoIterator<Item = Option<bool>>) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (w, y) in w.iter().zip(y) {
        if let Some(y) = y {
            den += w;
            if y {
                num += w;
            }
        }
    }
    num / den
}

fn firm_weights(ex: &SindhExample) -> Vec<f64> {
    nums(&ex.firms, "sample/weight")
        .into_iter()
        .map(|w| w.expect("weight"))
        .collect()
}

const SECTORS: [&str; 6] = [
    "sugar",
    "handicraft",
    "fisheries",
    "marble",
    "khairpur",
    "thar",
];

/// Weighted share of firms of `sector` answering `yes` (or code 1) to `item`.
fn firm_share(ex: &SindhExample, sector: &str, item: &str, yes: &str) -> f64 {
    let w = firm_weights(ex);
    let s = codes(&ex.firms, "firm/sector");
    let y = codes(&ex.firms, item);
    let rows: Vec<usize> = (0..w.len())
        .filter(|&i| s[i].as_deref() == Some(sector))
        .collect();
    wshare(
        &rows.iter().map(|&i| w[i]).collect::<Vec<_>>(),
        rows.iter().map(|&i| match y[i].as_deref() {
            None | Some("98") => None,
            Some(v) => Some(v == yes),
        }),
    )
}

/// Weighted mean of a 1–5 item over valid answers.
fn firm_mean(ex: &SindhExample, sector: &str, item: &str) -> f64 {
    let w = firm_weights(ex);
    let s = codes(&ex.firms, "firm/sector");
    let y = nums(&ex.firms, item);
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..w.len() {
        if s[i].as_deref() == Some(sector)
            && let Some(v) = y[i]
            && (1.0..=5.0).contains(&v)
        {
            num += w[i] * v;
            den += w[i];
        }
    }
    num / den
}

/// Score of a share against a present threshold, partial at half of it
/// (C1 uses its own 10% partial cut).
fn score(share: f64, present: f64, partial: f64) -> f64 {
    if share >= present {
        1.0
    } else if share >= partial {
        0.5
    } else {
        0.0
    }
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a = generate(DEFAULT_SEED);
    assert_eq!(&a, example());
    let b = generate(7);
    let c = generate(8);
    assert_eq!(b, generate(7));
    for (x, y) in b.datasets().iter().zip(c.datasets()) {
        assert_ne!(*x, y, "dataset {} identical for seeds 7 and 8", x.name);
    }
}

#[test]
fn every_dataset_is_marked_synthetic_and_labelled() {
    for d in example().datasets() {
        let label = d.label.as_deref().unwrap_or("");
        assert!(label.starts_with("SYNTHETIC"), "{}: {label}", d.name);
        assert!(d.n_rows() > 0, "{} is empty", d.name);
    }
    let w = &example().workers;
    assert!(col(w, "origin").value_labels.is_some());
    assert!(col(w, "hrd1").label.is_some());
}

#[test]
fn survey_sizes_are_as_designed() {
    let ex = example();
    let s = codes(&ex.firms, "firm/sector");
    for sector in SECTORS {
        let n = s.iter().filter(|x| x.as_deref() == Some(sector)).count();
        assert!((80..=120).contains(&n), "{sector}: {n} firms");
    }
    assert!(
        (2000..=5000).contains(&ex.workers.n_rows()),
        "{}",
        ex.workers.n_rows()
    );
    assert!(
        (2000..=5000).contains(&ex.households.n_rows()),
        "{}",
        ex.households.n_rows()
    );
}

#[test]
fn planted_indicator_evidence_is_in_band() {
    let ex = example();
    // (sector, B1 B2 B3 C1 C2 C3 D1 D2 D3 E2-thin?) planted scores.
    let planted: [(&str, [f64; 9]); 6] = [
        ("sugar", [1.0, 1.0, 0.5, 0.0, 0.5, 0.0, 1.0, 0.5, 1.0]),
        ("fisheries", [0.5, 1.0, 0.5, 0.5, 0.5, 0.0, 1.0, 0.5, 0.0]),
        ("khairpur", [0.5, 1.0, 0.5, 0.0, 0.5, 0.0, 0.5, 1.0, 0.5]),
        ("thar", [0.5, 1.0, 1.0, 0.0, 0.5, 0.5, 0.0, 1.0, 1.0]),
        ("marble", [0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0]),
        ("handicraft", [0.5, 0.5, 0.0, 0.0, 0.5, 0.0, 0.0, 0.5, 0.0]),
    ];
    for (sector, want) in planted {
        let b1 = firm_share(ex, sector, "value_chain/inputs_source", "district");
        let b2 = firm_share(ex, sector, "value_chain/sells_beyond", "1");
        let b3 = firm_share(ex, sector, "value_chain/subcontract", "yes");
        let c1 = firm_share(ex, sector, "cooperation/joint_action", "yes");
        let c2 = ["trust_firms", "share_info", "keep_agreements"]
            .iter()
            .map(|i| firm_mean(ex, sector, &format!("cooperation/{i}")))
            .sum::<f64>()
            / 3.0;
        let c3 = firm_share(ex, sector, "innovation/innov_local", "1");
        let d1 = firm_share(ex, sector, "institutions/assoc_member", "yes");
        let d2 = firm_share(ex, sector, "institutions/support_any", "1");
        let d3 = firm_share(ex, sector, "finance/formal_credit", "yes");
        let got = [
            score(b1, 0.50, 0.25),
            score(b2, 0.30, 0.15),
            score(b3, 0.25, 0.125),
            score(c1, 0.30, 0.10),
            score(c2, 3.5, 3.0),
            score(c3, 0.25, 0.125),
            score(d1, 0.30, 0.15),
            score(d2, 0.20, 0.10),
            score(d3, 0.30, 0.15),
        ];
        eprintln!(
            "{sector}: B1 {b1:.3} B2 {b2:.3} B3 {b3:.3} C1 {c1:.3} C2 {c2:.2} C3 {c3:.3} D1 {d1:.3} D2 {d2:.3} D3 {d3:.3}"
        );
        assert_eq!(
            got, want,
            "{sector}: shares B1 {b1:.3} B2 {b2:.3} B3 {b3:.3} C1 {c1:.3} C2 {c2:.2} C3 {c3:.3} D1 {d1:.3} D2 {d2:.3} D3 {d3:.3}"
        );
        let a3 = firm_share(ex, sector, "firm/core_product", "yes");
        assert!(a3 >= 0.70, "{sector}: A3 {a3}");
        // Capacity building thin everywhere except Thar.
        let e2 = firm_share(ex, sector, "hr/training_given", "yes");
        if sector == "thar" {
            assert!(e2 >= 0.5, "{sector}: E2 {e2}");
        } else {
            assert!(e2 < 0.30, "{sector}: E2 {e2}");
        }
    }
    // The deliberate near-cut-off shares.
    let b3 = firm_share(ex, "sugar", "value_chain/subcontract", "yes");
    assert!((0.215..0.25).contains(&b3), "sugar B3 {b3}");
    let c1 = firm_share(ex, "fisheries", "cooperation/joint_action", "yes");
    assert!((0.10..0.13).contains(&c1), "fisheries C1 {c1}");
}

/// Design-weighted local shares by sector × level from the roster:
/// (district-local share, province-local share).
fn local_shares(ex: &SindhExample) -> BTreeMap<(String, String), (f64, f64)> {
    let w = firm_weights(ex);
    let sector = codes(&ex.firms, "firm/sector");
    let index = nums(&ex.firms, "_index");
    let row_of: HashMap<i64, usize> = index
        .iter()
        .enumerate()
        .map(|(i, x)| (x.expect("_index") as i64, i))
        .collect();
    let parent = nums(&ex.roster, "_parent_index");
    let level = codes(&ex.roster, "roster/level");
    let origin = codes(&ex.roster, "roster/origin");
    let count = nums(&ex.roster, "roster/count");
    let mut acc: BTreeMap<(String, String), [f64; 3]> = BTreeMap::new();
    for i in 0..ex.roster.n_rows() {
        let f = row_of[&(parent[i].expect("parent") as i64)];
        let key = (
            sector[f].clone().expect("sector"),
            level[i].clone().expect("level"),
        );
        let wc = w[f] * count[i].expect("count");
        let a = acc.entry(key).or_default();
        a[0] += wc;
        match origin[i].as_deref() {
            Some("district") => {
                a[1] += wc;
                a[2] += wc;
            }
            Some("sindh") => a[2] += wc,
            _ => {}
        }
    }
    acc.into_iter()
        .map(|(k, a)| (k, (a[1] / a[0], a[2] / a[0])))
        .collect()
}

#[test]
fn planted_local_participation_by_level() {
    let shares = local_shares(example());
    let planted = [
        ("sugar", [0.85, 0.45, 0.20]),
        ("handicraft", [0.95, 0.70, 0.50]),
        ("fisheries", [0.90, 0.01, 0.01]),
        ("marble", [0.60, 0.25, 0.0]),
        ("khairpur", [0.90, 0.50, 0.25]),
        ("thar", [0.75, 0.40, 0.13]),
    ];
    for (sector, want) in planted {
        for (k, level) in ["entry", "supervisory", "managerial"].iter().enumerate() {
            let (district, province) = shares[&(sector.to_string(), level.to_string())];
            eprintln!("{sector} {level}: district {district:.4} province {province:.4}");
            let tol = if want[k] < 0.05 { 0.006 } else { 0.02 };
            assert!(
                (district - want[k]).abs() <= tol,
                "{sector} {level}: district share {district:.4}, planted {}",
                want[k]
            );
            assert!(province >= district);
        }
    }
    let fisheries_sup = shares[&("fisheries".into(), "supervisory".into())].0;
    assert!(fisheries_sup > 0.0 && fisheries_sup < 0.05);
    assert_eq!(shares[&("marble".into(), "managerial".into())].0, 0.0);
    // Province definition markedly higher in Thar.
    let (d, p) = shares[&("thar".into(), "entry".into())];
    assert!(p - d > 0.12, "thar entry: district {d:.3} province {p:.3}");
}

#[test]
fn skill_mixes_differ_by_sector() {
    let ex = example();
    let w = firm_weights(ex);
    let sector = codes(&ex.firms, "firm/sector");
    let parent = nums(&ex.roster, "_parent_index");
    let isco = nums(&ex.roster, "roster/isco");
    let count = nums(&ex.roster, "roster/count");
    let mut prof: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for i in 0..ex.roster.n_rows() {
        let f = parent[i].expect("parent") as usize - 1;
        let major = (isco[i].expect("isco") / 1000.0).floor() as i64;
        let wc = w[f] * count[i].expect("count");
        let e = prof.entry(sector[f].clone().expect("sector")).or_default();
        e.1 += wc;
        if major <= 2 {
            e.0 += wc;
        }
    }
    let share = |s: &str| prof[s].0 / prof[s].1;
    for hi in ["thar", "sugar"] {
        for lo in ["handicraft", "fisheries"] {
            assert!(
                share(hi) > share(lo),
                "professional share {hi} {} <= {lo} {}",
                share(hi),
                share(lo)
            );
        }
    }
}

#[test]
fn design_columns_are_consistent() {
    let ex = example();
    let w = firm_weights(ex);
    let stratum = codes(&ex.firms, "sample/stratum");
    let fpc = nums(&ex.firms, "sample/fpc");
    let mut by: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    for i in 0..w.len() {
        let e = by.entry(stratum[i].clone().expect("stratum")).or_default();
        e.0 += w[i];
        e.1 = fpc[i].expect("fpc");
        e.2 += 1;
    }
    let mut lonely = 0;
    for (s, (sum_w, n_pop, n)) in &by {
        // A take-all stratum of certainty firms has f = 1: not lonely.
        if *n == 1 && *n_pop > 1.0 {
            lonely += 1;
        }
        if s.ends_with("_certainty") {
            assert_eq!(*n as f64, *n_pop, "{s}: every certainty firm is sampled");
        }
        assert!(
            (sum_w / n_pop - 1.0).abs() < 1e-9,
            "{s}: weights sum {sum_w:.1} vs population {n_pop}"
        );
    }
    assert_eq!(lonely, 1, "exactly one stratum with a single PSU");
    let total_w: f64 = w.iter().sum();
    let total_pop: f64 = by.values().map(|x| x.1).sum();
    assert!(
        (total_w / total_pop - 1.0).abs() < 1e-9,
        "{total_w} vs {total_pop}"
    );

    // Roster head counts add up to the firm's employment.
    let emp = nums(&ex.firms, "firm/emp_total");
    let parent = nums(&ex.roster, "_parent_index");
    let count = nums(&ex.roster, "roster/count");
    let mut sum = vec![0.0; w.len()];
    for i in 0..ex.roster.n_rows() {
        sum[parent[i].expect("parent") as usize - 1] += count[i].expect("count");
    }
    for i in 0..w.len() {
        assert_eq!(Some(sum[i]), emp[i], "firm row {i}");
    }

    // Workers: weights = firm weight × employment / sampled, ids unique.
    let ww = nums(&ex.workers, "weight");
    let fw = nums(&ex.workers, "firm_weight");
    let m = nums(&ex.workers, "fpc_workers");
    let firm_id = nums(&ex.workers, "firm_id");
    let mut per_firm: HashMap<i64, usize> = HashMap::new();
    for f in &firm_id {
        *per_firm.entry(f.expect("firm") as i64).or_default() += 1;
    }
    for i in 0..ww.len() {
        let k = per_firm[&(firm_id[i].expect("firm") as i64)] as f64;
        let want = fw[i].expect("fw") * m[i].expect("m") / k;
        assert!((ww[i].expect("w") - want).abs() < 1e-9 * want);
    }
    let ids: BTreeSet<String> = codes(&ex.workers, "worker_id")
        .into_iter()
        .map(|x| x.expect("id"))
        .collect();
    assert_eq!(ids.len(), ex.workers.n_rows());
    // Household links point to existing workers, each at most once.
    let links: Vec<String> = codes(&ex.households, "worker_id")
        .into_iter()
        .flatten()
        .collect();
    assert!(links.len() > 100, "{} linked households", links.len());
    assert!(links.iter().all(|l| ids.contains(l)));
    assert_eq!(links.iter().collect::<BTreeSet<_>>().len(), links.len());
}

#[test]
fn realistic_mess_is_present() {
    let ex = example();
    assert!(col(&ex.firms, "firm/sales_m_pkr").missing_count() > 10);
    let dk = codes(&ex.workers, "hrd1")
        .iter()
        .filter(|c| c.as_deref() == Some("98"))
        .count();
    assert!(dk > 5, "{dk} don't-know answers");
    let ha = col(&ex.households, "health_access");
    let user_missing = (0..ha.len())
        .filter(|&i| matches!(ha.get(i), Value::Missing(MissingReason::UserCode { .. })))
        .count();
    assert!(user_missing > 10);
    let script = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let comments = codes(&ex.workers, "comment");
    assert!(comments.iter().flatten().any(|c| script(c)));
    let remarks = codes(&ex.firms, "remarks");
    assert!(remarks.iter().flatten().any(|c| script(c)));
}

#[test]
fn linkages_are_weak_except_thar() {
    let ex = example();
    let actor_sector = codes(&ex.stakeholders, "sector");
    let actor_type = codes(&ex.stakeholders, "actor_type");
    let actor_id = codes(&ex.stakeholders, "actor_id");
    let kind: HashMap<String, String> = actor_id
        .iter()
        .zip(&actor_type)
        .map(|(a, t)| (a.clone().expect("id"), t.clone().expect("type")))
        .collect();
    let sector = codes(&ex.linkages, "sector");
    let from = codes(&ex.linkages, "from_actor");
    let to = codes(&ex.linkages, "to_actor");
    let strength = nums(&ex.linkages, "strength");
    let mut density = BTreeMap::new();
    for s in SECTORS {
        let n = actor_sector
            .iter()
            .filter(|x| x.as_deref() == Some(s))
            .count() as f64;
        assert!((10.0..=15.0).contains(&n), "{s}: {n} actors");
        let mut gov_degree: HashMap<&str, usize> = HashMap::new();
        let mut ti_assoc = 0;
        let mut e = 0.0;
        for i in 0..sector.len() {
            if sector[i].as_deref() != Some(s) || strength[i] == Some(0.0) {
                continue;
            }
            e += 1.0;
            let (a, b) = (from[i].as_deref().unwrap(), to[i].as_deref().unwrap());
            for x in [a, b] {
                if kind[x] == "government" {
                    *gov_degree.entry(x).or_default() += 1;
                }
            }
            let pair = [kind[a].as_str(), kind[b].as_str()];
            if pair.contains(&"training_institute")
                && (pair.contains(&"association") || pair.contains(&"chamber"))
            {
                ti_assoc += 1;
            }
        }
        assert!(gov_degree.values().all(|d| *d <= 2), "{s}: {gov_degree:?}");
        assert!(ti_assoc <= 1, "{s}: {ti_assoc} training-association links");
        density.insert(s, 2.0 * e / (n * (n - 1.0)));
        eprintln!("{s}: n {n} edges {e} density {:.3}", density[s]);
    }
    for (s, d) in &density {
        if *s == "thar" {
            assert!((0.2..=0.3).contains(d), "{s}: {d}");
        } else {
            assert!((0.05..=0.15).contains(d), "{s}: {d}");
            assert!(*d < density["thar"]);
        }
    }
}

#[test]
fn poverty_and_mpi_are_as_planted() {
    let ex = example();
    let h = &ex.households;
    let w = nums(h, "weight");
    let district = codes(h, "district");
    let cons = nums(h, "cons_month");
    let adults = nums(h, "adults");
    let children = nums(h, "children");
    let worker = nums(h, "worker_hh");
    let deflator = nums(h, "deflator");
    let mut pov: BTreeMap<(String, bool), (f64, f64)> = BTreeMap::new();
    let mut all: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for i in 0..h.n_rows() {
        let Some(c) = cons[i] else { continue };
        let ae = adults[i].unwrap() + 0.8 * children[i].unwrap();
        let line = clusterdx_example::POVERTY_LINE_2013_14 * deflator[i].unwrap();
        let poor = c / ae < line;
        let d = district[i].clone().unwrap();
        for e in [
            pov.entry((d.clone(), worker[i] == Some(1.0))).or_default(),
            all.entry(d).or_default(),
        ] {
            e.1 += w[i].unwrap();
            if poor {
                e.0 += w[i].unwrap();
            }
        }
    }
    for (d, (p, t)) in &all {
        let hc = p / t;
        eprintln!(
            "{d}: headcount {hc:.3} non-worker {:.3} worker {:.3}",
            pov[&(d.clone(), false)].0 / pov[&(d.clone(), false)].1,
            pov[&(d.clone(), true)].0 / pov[&(d.clone(), true)].1
        );
        assert!((0.28..=0.62).contains(&hc), "{d}: headcount {hc:.3}");
        let nw = pov[&(d.clone(), false)];
        let wk = pov[&(d.clone(), true)];
        let gap = nw.0 / nw.1 - wk.0 / wk.1;
        assert!((0.05..=0.15).contains(&gap), "{d}: worker gap {gap:.3}");
    }

    // A Pakistan-style MPI (k = 1/3; education, health, living standards
    // weighted equally) — high in Tharparkar and Thatta.
    let get = |n: &str| nums(h, n);
    let (edu, out, acc, imm) = (
        get("edu_max_years"),
        get("children_5_16_out"),
        get("health_access"),
        get("under5_immunised"),
    );
    let (water, toilet, elec, fuel, walls, rooms, size) = (
        get("water_source"),
        get("toilet"),
        get("electricity"),
        get("cooking_fuel"),
        get("walls"),
        get("sleeping_rooms"),
        get("hh_size"),
    );
    let small: Vec<Vec<Option<f64>>> = [
        "radio",
        "tv",
        "mobile",
        "fridge",
        "fan",
        "iron",
        "sewing",
        "cooler",
        "bicycle",
        "motorcycle",
        "computer",
    ]
    .iter()
    .map(|a| get(&format!("asset_{a}")))
    .collect();
    let car = get("asset_car");
    let mut mpi: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for i in 0..h.n_rows() {
        let is = |v: Option<f64>, set: &[f64]| v.is_some_and(|x| set.contains(&x));
        let d_edu = edu[i].is_some_and(|x| x < 5.0);
        let d_att = out[i].is_some_and(|x| x > 0.0);
        let d_acc = is(acc[i], &[3.0, 4.0]);
        let d_imm = is(imm[i], &[2.0]);
        let n_small = small.iter().filter(|a| a[i] == Some(1.0)).count();
        let ls = [
            is(water[i], &[6.0, 7.0, 96.0]),
            is(toilet[i], &[5.0, 6.0, 7.0]),
            is(elec[i], &[3.0]),
            is(fuel[i], &[5.0, 6.0, 7.0, 8.0]),
            is(walls[i], &[2.0, 3.0]),
            n_small <= 1 && car[i] != Some(1.0),
            rooms[i].is_some_and(|r| size[i].unwrap() / r >= 4.0),
        ];
        let c = (f64::from(u8::from(d_edu)) + f64::from(u8::from(d_att))) / 6.0
            + (f64::from(u8::from(d_acc)) + f64::from(u8::from(d_imm))) / 6.0
            + ls.iter().filter(|x| **x).count() as f64 / 21.0;
        let e = mpi.entry(district[i].clone().unwrap()).or_default();
        e.1 += w[i].unwrap();
        if c >= 1.0 / 3.0 - 1e-12 {
            e.0 += w[i].unwrap();
        }
    }
    let mut ranked: Vec<(f64, String)> = mpi.iter().map(|(d, (p, t))| (p / t, d.clone())).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    eprintln!("MPI headcounts {ranked:?}");
    let top: BTreeSet<&str> = ranked[..2].iter().map(|x| x.1.as_str()).collect();
    assert_eq!(
        top,
        ["tharparkar", "thatta"].into_iter().collect(),
        "MPI headcounts {ranked:?}"
    );
    assert!(ranked[0].0 > 0.55 && ranked[1].0 > 0.5, "{ranked:?}");
}

#[test]
fn sector_districts_are_specialised() {
    let e = &example().employment;
    let region = codes(e, "region");
    let sector = codes(e, "sector");
    let n = nums(e, "employed");
    let mut er: HashMap<String, f64> = HashMap::new();
    let mut es: HashMap<String, f64> = HashMap::new();
    let mut ers: HashMap<(String, String), f64> = HashMap::new();
    let mut total = 0.0;
    for i in 0..e.n_rows() {
        let x = n[i].unwrap();
        total += x;
        *er.entry(region[i].clone().unwrap()).or_default() += x;
        if let Some(s) = &sector[i] {
            *es.entry(s.clone()).or_default() += x;
            *ers.entry((region[i].clone().unwrap(), s.clone()))
                .or_default() += x;
        }
    }
    let lq = |r: &str, s: &str| (ers[&(r.to_string(), s.to_string())] / er[r]) / (es[s] / total);
    for (r, s) in [
        ("thatta", "sugar"),
        ("badin", "sugar"),
        ("matiari", "sugar"),
        ("sanghar", "sugar"),
        ("matiari", "handicraft"),
        ("tharparkar", "handicraft"),
        ("thatta", "fisheries"),
        ("badin", "fisheries"),
        ("karachi", "marble"),
        ("khairpur", "khairpur"),
        ("tharparkar", "thar"),
    ] {
        assert!(lq(r, s) >= 2.0, "LQ {r} {s} = {:.2}", lq(r, s));
    }
}

#[test]
fn the_structural_model_has_a_positive_chain() {
    let w = &example().workers;
    let mean = |prefix: &str, k: usize| -> Vec<Option<f64>> {
        (0..w.n_rows())
            .map(|i| {
                let v: Vec<f64> = (1..=k)
                    .filter_map(|j| col(w, &format!("{prefix}{j}")).f64_at(i))
                    .filter(|x| *x <= 5.0)
                    .collect();
                (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
            })
            .collect()
    };
    let corr = |a: &[Option<f64>], b: &[Option<f64>]| {
        let p: Vec<(f64, f64)> = a
            .iter()
            .zip(b)
            .filter_map(|(x, y)| Some((x.as_ref().copied()?, y.as_ref().copied()?)))
            .collect();
        let n = p.len() as f64;
        let (mx, my) = (
            p.iter().map(|x| x.0).sum::<f64>() / n,
            p.iter().map(|x| x.1).sum::<f64>() / n,
        );
        let sxy: f64 = p.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
        let sxx: f64 = p.iter().map(|(x, _)| (x - mx).powi(2)).sum();
        let syy: f64 = p.iter().map(|(_, y)| (y - my).powi(2)).sum();
        sxy / (sxx * syy).sqrt()
    };
    let (hrd, cd, pa) = (mean("hrd", 5), mean("cd", 4), mean("pa", 4));
    let (r1, r2) = (corr(&hrd, &cd), corr(&cd, &pa));
    eprintln!("HRD-CD {r1:.3} CD-PA {r2:.3} HRD-PA {:.3}", corr(&hrd, &pa));
    assert!(r1 > 0.25 && r2 > 0.25, "HRD-CD {r1:.2}, CD-PA {r2:.2}");
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sindh/data")
}

/// No temporary file left behind in `dir`.
fn assert_no_leftovers(dir: &Path) {
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn write_places_the_same_six_files_for_any_seed() {
    for (seed, name) in [(7, "write-seed-7"), (DEFAULT_SEED, "write-default")] {
        let dir = scratch(name);
        let written = clusterdx_example::write(&dir, seed).unwrap();
        let want: Vec<PathBuf> = files::ALL.iter().map(|f| dir.join(f)).collect();
        assert_eq!(written, want, "seed {seed}");
        for f in &written {
            assert!(std::fs::metadata(f).unwrap().len() > 100, "{}", f.display());
        }
        assert_no_leftovers(&dir);
    }
    // The default seed gives the committed files, byte for byte.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("write-default");
    for name in files::ALL {
        assert!(
            std::fs::read(dir.join(name)).unwrap()
                == std::fs::read(committed_dir().join(name)).unwrap(),
            "{name} differs from the committed file; run the regenerate test"
        );
    }
}

#[test]
fn same_seed_same_bytes() {
    let (a, b) = (scratch("bytes-a"), scratch("bytes-b"));
    clusterdx_example::write(&a, 7).unwrap();
    clusterdx_example::write(&b, 7).unwrap();
    for name in files::ALL {
        assert!(
            std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(),
            "{name}: two writes of seed 7 differ"
        );
    }
}

/// The SPSS file of any seed reads back, through the clusterdx reader, as
/// the generated households with all their metadata.
#[test]
fn spss_file_round_trips_through_the_sav_reader() {
    let seed = 7;
    let ex = generate(seed);
    let dir = scratch("sav-roundtrip");
    clusterdx_example::write(&dir, seed).unwrap();
    let got = read(
        &dir.join(files::HOUSEHOLDS),
        clusterdx_ingest::Format::Spss,
        "households",
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let got = got.dataset;
    assert_same_dataset(&ex.households, &got, files::HOUSEHOLDS);
    assert_eq!(got.label, ex.households.label);
    assert!(got.label.as_deref().unwrap().starts_with("SYNTHETIC"));
    assert_eq!(
        got.column_names().collect::<Vec<_>>(),
        ex.households.column_names().collect::<Vec<_>>()
    );
    for c in ex.households.columns() {
        let g = col(&got, &c.name);
        assert_eq!(g.label, c.label, "variable label of {}", c.name);
        assert_eq!(
            g.value_labels
                .as_ref()
                .map(|v| v.iter().collect::<Vec<_>>()),
            c.value_labels
                .as_ref()
                .map(|v| v.iter().collect::<Vec<_>>()),
            "value labels of {}",
            c.name
        );
        // Missing values keep their reason: declared user-missing 98 stays
        // user-missing, everything else is system-missing.
        for i in 0..c.len() {
            let want = match c.get(i) {
                Value::Missing(MissingReason::UserCode { raw }) => {
                    Some(MissingReason::UserCode { raw })
                }
                Value::Missing(_) | Value::Text("") => Some(MissingReason::System),
                _ => None,
            };
            assert_eq!(g.validity.reason(i), want, "{} row {i}", c.name);
        }
    }
    for name in ["health_access", "under5_immunised"] {
        let c = col(&got, name);
        let n98 = (0..c.len())
            .filter(|&i| c.validity.reason(i) == Some(MissingReason::UserCode { raw: "98".into() }))
            .count();
        assert!(n98 > 0, "{name}: no user-missing 98 read");
        assert_eq!(
            c.value_labels.as_ref().and_then(|v| v.get("98")),
            Some("Don't know")
        );
    }
    assert!(matches!(
        col(&got, "interview_date").data,
        clusterdx_data::ColumnData::Date(_)
    ));
}

#[test]
fn stata_file_round_trips_through_the_dta_reader() {
    use dta::stata::dta::dta_reader::DtaReader;
    use dta::stata::dta::value::Value as DV;
    let ex = example();
    let dir = scratch("dta-roundtrip");
    let path = clusterdx_example::write(&dir, DEFAULT_SEED)
        .unwrap()
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "dta"))
        .unwrap();
    let mut chars = DtaReader::new()
        .from_path(&path)
        .unwrap()
        .read_header()
        .unwrap()
        .read_schema()
        .unwrap();
    let schema = chars.schema().clone();
    chars.skip_to_end().unwrap();
    let mut records = chars.into_record_reader().unwrap();
    let names: Vec<String> = schema
        .variables()
        .iter()
        .map(|v| v.name().to_string())
        .collect();
    assert_eq!(names, ex.workers.column_names().collect::<Vec<_>>());
    let mut row = 0;
    while let Some(rec) = records.read_record().unwrap() {
        for (j, v) in rec.values().iter().enumerate() {
            let c = &ex.workers.columns()[j];
            let want = c.get(row);
            match v {
                DV::String(s) => assert_eq!(s.as_ref(), want.to_string(), "{} row {row}", c.name),
                DV::Byte(x) => assert_eq!(
                    x.present().map(f64::from),
                    want.as_f64().or(date_days(&want))
                ),
                DV::Int(x) => assert_eq!(x.present().map(f64::from), want.as_f64()),
                DV::Long(x) => assert_eq!(
                    x.present().map(f64::from),
                    want.as_f64().or(date_days(&want)),
                    "{} row {row}",
                    c.name
                ),
                DV::Double(x) => assert_eq!(x.present(), want.as_f64(), "{} row {row}", c.name),
                other => panic!("unexpected {other:?}"),
            }
        }
        row += 1;
    }
    assert_eq!(row, ex.workers.n_rows());
    let mut strls = records.into_long_string_reader().unwrap();
    strls.skip_to_end().unwrap();
    let mut labels = strls.into_value_label_reader().unwrap();
    let mut sets = BTreeMap::new();
    while let Some(set) = labels.read_value_label_set().unwrap() {
        sets.insert(set.name().to_string(), set);
    }
    assert_eq!(sets["likert"].label_for(98), Some("Don't know"));
    assert_eq!(
        sets["origin"].label_for(1),
        Some("Same district as the firm")
    );
    assert_eq!(
        sets["isco08"].label_for(6222),
        Some("Inland and coastal waters fishery workers")
    );
    let origin = schema
        .variables()
        .iter()
        .find(|v| v.name() == "origin")
        .unwrap();
    assert_eq!(origin.value_label_name(), "origin");
    assert_eq!(origin.label(), "Domicile relative to the firm's district");
}

/// Stata's day number of a date cell.
fn date_days(v: &Value) -> Option<f64> {
    match v {
        Value::Date(d) => Some(f64::from(*d) + 3653.0),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Committed data = generator output, through the clusterdx readers.

/// Finds `name` in `d`, also under Kobo's group prefix stripped.
fn find<'a>(d: &'a Dataset, name: &str) -> Option<&'a Column> {
    d.column(name).or_else(|| {
        let short = name.split_once('/').map(|x| x.1)?;
        d.column(short)
    })
}

fn as_num(v: &Value) -> Option<f64> {
    match v {
        Value::Text(s) => s.trim().parse::<f64>().ok(),
        other => other.as_f64(),
    }
}

/// Cell equality across formats: numbers within 1e-9 (text that parses as a
/// number counts as that number, as Kobo's GPS parts do), canonical codes
/// otherwise; an empty string equals a missing value (Stata and SPSS have no
/// missing strings); a declared user-missing code equals its raw value.
fn same(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Missing(MissingReason::UserCode { raw }), g)
        | (g, Value::Missing(MissingReason::UserCode { raw })) => {
            g.is_missing()
                || g.code().as_deref() == Some(raw.as_str())
                || as_num(g) == raw.parse().ok()
        }
        (Value::Missing(_), g) | (g, Value::Missing(_)) => {
            g.is_missing() || matches!(g, Value::Text(""))
        }
        (a, b) => {
            if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
                return (x - y).abs() <= 1e-9 * x.abs().max(1.0);
            }
            a.code() == b.code()
        }
    }
}

fn assert_same_dataset(want: &Dataset, got: &Dataset, file: &str) {
    assert_eq!(
        want.n_rows(),
        got.n_rows(),
        "{file}: row count of {}",
        want.name
    );
    if got.label.is_some() {
        assert_eq!(got.label, want.label, "{file}: file label");
    }
    for c in want.columns() {
        let g = find(got, &c.name).unwrap_or_else(|| panic!("{file}: column {} not read", c.name));
        // Formats with metadata (Stata, SPSS) must carry the labels too.
        if g.label.is_some() {
            assert_eq!(g.label, c.label, "{file}: variable label of {}", c.name);
        }
        if let Some(got_vl) = &g.value_labels {
            let want: Vec<_> = c.value_labels.iter().flat_map(|v| v.iter()).collect();
            let have: Vec<_> = got_vl.iter().collect();
            assert_eq!(have, want, "{file}: value labels of {}", c.name);
        }
        for i in 0..want.n_rows() {
            let (a, b) = (c.get(i), g.get(i));
            assert!(
                same(&a, &b),
                "{file}: {} row {i}: generated {a:?}, read {b:?}",
                c.name
            );
        }
    }
}

fn read(path: &Path, format: clusterdx_ingest::Format, name: &str) -> clusterdx_ingest::Ingested {
    clusterdx_ingest::read(
        path,
        &clusterdx_ingest::ReadOptions {
            format: Some(format),
            name: name.to_string(),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn committed_data_equal_the_generator_output() {
    use clusterdx_ingest::Format;
    let ex = example();
    let dir = committed_dir();

    let kobo = read(&dir.join(files::FIRMS), Format::Kobo, "firms");
    assert_same_dataset(&ex.firms, &kobo.dataset, files::FIRMS);
    for child in [&ex.roster, &ex.training] {
        let got = kobo
            .children
            .iter()
            .find(|d| d.name == child.name || d.name.ends_with(&child.name))
            .unwrap_or_else(|| panic!("repeat sheet {} not read", child.name));
        assert_same_dataset(child, got, files::FIRMS);
    }
    let workers = read(&dir.join(files::WORKERS), Format::Stata, "workers");
    assert_same_dataset(&ex.workers, &workers.dataset, files::WORKERS);
    let hh = read(&dir.join(files::HOUSEHOLDS), Format::Spss, "households");
    assert_same_dataset(&ex.households, &hh.dataset, files::HOUSEHOLDS);
    for (file, ds) in [
        (files::STAKEHOLDERS, &ex.stakeholders),
        (files::LINKAGES, &ex.linkages),
        (files::EMPLOYMENT, &ex.employment),
    ] {
        let got = read(&dir.join(file), Format::Csv, &ds.name);
        assert_same_dataset(ds, &got.dataset, file);
    }
}

const CODEBOOK_START: &str =
    "<!-- codebook:start (generated by the regenerate test; do not edit) -->\n";
const CODEBOOK_END: &str = "<!-- codebook:end -->";

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sindh/README.md")
}

/// The README with its codebook section replaced by `codebook`.
fn readme_with(codebook: &str) -> String {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let start = readme.find(CODEBOOK_START).expect("codebook start marker") + CODEBOOK_START.len();
    let end = readme.find(CODEBOOK_END).expect("codebook end marker");
    format!("{}\n{codebook}{}", &readme[..start], &readme[end..])
}

#[test]
fn readme_embeds_the_current_codebook() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    assert!(readme.contains("SYNTHETIC"));
    assert!(
        readme == readme_with(&clusterdx_example::codebook(example())),
        "examples/sindh/README.md codebook is stale; run the regenerate test"
    );
}

/// Regenerates `examples/sindh/data/` from the default seed, and the
/// codebook section of `examples/sindh/README.md`. Run with
/// `cargo test -p clusterdx-example -- --ignored regenerate`.
#[test]
#[ignore = "rewrites the committed example data"]
fn regenerate_committed_data() {
    clusterdx_example::write(&committed_dir(), DEFAULT_SEED).unwrap();
    let readme = readme_with(&clusterdx_example::codebook(&generate(DEFAULT_SEED)));
    std::fs::write(readme_path(), readme).unwrap();
}
