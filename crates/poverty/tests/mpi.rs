//! Alkire–Foster measures against `../shared/reference/mpi/expected.json`:
//! the published toy example, and round 1 of mpitb's `syn_cdta` with the
//! global-MPI weights, k = 1/3, complete cases and design SEs (strata +
//! PSU, no fpc, df 597).

use std::path::PathBuf;

use clusterdx_poverty::MpiTable;
use clusterdx_survey::{Design, LonelyPsu, SurveyDesign};
use serde_json::Value;

fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/mpi")
        .join(rel)
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(reference("expected.json")).unwrap()).unwrap()
}

#[track_caller]
fn close(got: f64, want: &Value, tol: f64, what: &str) {
    let want = want.as_f64().unwrap();
    assert!(
        (got - want).abs() <= tol * want.abs().max(1e-300),
        "{what}: {got} vs {want}"
    );
}

#[test]
fn toy_example() {
    let rows = [
        [1., 0., 1., 0.],
        [0., 1., 0., 0.],
        [0., 1., 1., 1.],
        [1., 0., 0., 0.],
        [1., 0., 1., 0.],
    ];
    let region = [Some(0), Some(0), Some(1), Some(1), Some(1)];
    let d: Vec<Vec<Option<f64>>> = (0..4)
        .map(|j| rows.iter().map(|r| Some(r[j])).collect())
        .collect();
    let design =
        SurveyDesign::Taylor(Design::new(vec![1.0; 5], None, None, None, LonelyPsu::Fail).unwrap());
    let t = MpiTable::new(&design, &d, &[0.25; 4], 0.5, Some(&region), 2, None);
    let f = t.figures(0).unwrap();
    let exp = &expected()["toy_example"];
    close(f.m0.value, &exp["M0"], 1e-12, "M0");
    close(f.h.value, &exp["H"], 1e-12, "H");
    // The published A is rounded to 4 decimals.
    close(f.a.as_ref().unwrap().value, &exp["A"], 1e-4, "A");
    for j in 0..4 {
        close(f.hd[j].value, &exp["hd"][j], 1e-12, "hd");
        close(f.hdk[j].value, &exp["hdk"][j], 1e-12, "hdk");
        close(
            f.contributions[j].unwrap(),
            &exp["pctb"][j],
            1e-12,
            "contribution",
        );
    }
    close(
        t.figures(1).unwrap().m0.value,
        &exp["M0_North"],
        1e-12,
        "North",
    );
    close(
        t.figures(2).unwrap().m0.value,
        &exp["M0_South"],
        1e-4,
        "South (rounded)",
    );
}

#[test]
fn syn_cdta_round_one_with_design_standard_errors() {
    let mut rdr = csv::Reader::from_path(reference("syn_cdta.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    let names = [
        "d_nutr", "d_cm", "d_satt", "d_educ", "d_elct", "d_sani", "d_wtr", "d_hsg", "d_ckfl",
        "d_asst",
    ];
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let mut d: Vec<Vec<Option<f64>>> = vec![Vec::new(); 10];
    let (mut w, mut strata, mut psu): (Vec<f64>, Vec<String>, Vec<String>) =
        (vec![], vec![], vec![]);
    for r in rdr.records() {
        let r = r.unwrap();
        if r[col("t")].parse::<f64>().unwrap() != 1.0 {
            continue;
        }
        for (j, n) in names.iter().enumerate() {
            d[j].push(r[col(n)].parse::<f64>().ok());
        }
        w.push(r[col("weight")].parse().unwrap());
        strata.push(r[col("stratum")].to_string());
        psu.push(r[col("psu")].to_string());
    }
    let design = SurveyDesign::Taylor(
        Design::new(w, Some(&strata), Some(&psu), None, LonelyPsu::Fail).unwrap(),
    );
    assert_eq!(design.df(), 597.0);
    let weights = [
        1. / 6.,
        1. / 6.,
        1. / 6.,
        1. / 6.,
        1. / 18.,
        1. / 18.,
        1. / 18.,
        1. / 18.,
        1. / 18.,
        1. / 18.,
    ];
    let t = MpiTable::new(&design, &d, &weights, 1.0 / 3.0, None, 0, None);
    let exp = &expected()["syn_cdta_t1_k_one_third"];
    assert_eq!(t.n_complete as u64, exp["n"].as_u64().unwrap());
    let f = t.figures(0).unwrap();
    let a = f.a.clone().unwrap();
    for (e, key) in [(&f.h, "H"), (&a, "A"), (&f.m0, "M0")] {
        close(e.value, &exp[key]["b"], 1e-9, key);
        close(e.se(), &exp[key]["se"], 1e-9, &format!("{key} se"));
    }
    for (j, n) in names.iter().enumerate() {
        close(f.hd[j].value, &exp["hd"][n], 1e-9, n);
        close(f.hdk[j].value, &exp["hdk"][n], 1e-9, n);
        close(f.contributions[j].unwrap(), &exp["pctb"][n], 1e-9, n);
    }
}
