//! Taylor-linearisation estimates on NHANES II against the values R
//! `survey` 4.1.1, svy and samplics agree on
//! (`../shared/reference/survey/expected.json`, relative tolerance 1e-9).

mod common;

use clusterdx_survey::{Design, Estimator, LonelyPsu, estimate};
use common::{Nhanes, reference};
use serde_json::Value;

fn expected() -> Value {
    let text = std::fs::read_to_string(reference("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["nhanes2_taylor"].clone()
}

#[track_caller]
fn close(got: f64, want: &Value, what: &str) {
    let want = want.as_f64().unwrap();
    let rel = ((got - want) / want).abs();
    assert!(
        rel <= 1e-9,
        "{what}: got {got}, want {want} (relative error {rel:e})"
    );
}

#[test]
fn design_df_is_psus_minus_strata() {
    let d = Nhanes::load().design();
    assert_eq!(d.df(), 31.0);
}

#[test]
fn mean_total_proportion_ratio() {
    let data = Nhanes::load();
    let design = data.design();
    let exp = expected();

    let zinc = data.var("zinc");
    let m = estimate(&design, Estimator::Mean(&zinc), None);
    let e = &exp["mean_zinc_dropna"];
    close(m.value, &e["est"], "mean zinc");
    close(m.se(), &e["se"], "se of mean zinc");
    let (lo, hi) = m.ci(0.95);
    close(lo, &e["ci95_t31"][0], "mean zinc CI lower");
    close(hi, &e["ci95_t31"][1], "mean zinc CI upper");
    assert_eq!(m.n as u64, e["n"].as_u64().unwrap());
    close(
        m.deff_wr.unwrap(),
        &e["deff_wr_svy"],
        "deff (with replacement)",
    );
    close(
        m.deff_wor.unwrap(),
        &e["deff_wor_svy"],
        "deff (without replacement)",
    );

    let highbp = data.var("highbp");
    let t = estimate(&design, Estimator::Total(&highbp), None);
    close(t.value, &exp["total_highbp"]["est"], "total highbp");
    close(t.se(), &exp["total_highbp"]["se"], "se of total highbp");

    let hb: Vec<Option<bool>> = highbp.iter().map(|v| v.map(|x| x == 1.0)).collect();
    let p = estimate(&design, Estimator::Proportion(&hb), None);
    let e = &exp["prop_highbp_1"];
    close(p.value, &e["est"], "proportion highbp");
    close(p.se(), &e["se"], "se of proportion highbp");
    let (lo, hi) = p.ci_logit(0.95);
    close(lo, &e["ci95_logit_t31"][0], "logit CI lower");
    close(hi, &e["ci95_logit_t31"][1], "logit CI upper");

    let diabetes = data.var("diabetes");
    let r = estimate(
        &design,
        Estimator::Ratio {
            numerator: &diabetes,
            denominator: &highbp,
        },
        None,
    );
    close(
        r.value,
        &exp["ratio_diabetes_highbp_dropna"]["est"],
        "ratio",
    );
    close(
        r.se(),
        &exp["ratio_diabetes_highbp_dropna"]["se"],
        "se of ratio",
    );
}

#[test]
fn domain_means_with_domain_df() {
    let data = Nhanes::load();
    let design = data.design();
    let exp = &expected()["domain_mean_zinc_by_race"];
    let zinc = data.var("zinc");
    let race = data.var("race");
    for r in ["1", "2", "3"] {
        let code: f64 = r.parse().unwrap();
        let dom: Vec<bool> = race.iter().map(|v| *v == Some(code)).collect();
        let m = estimate(&design, Estimator::Mean(&zinc), Some(&dom));
        close(m.value, &exp[r]["est"], &format!("race {r} mean"));
        close(m.se(), &exp[r]["se"], &format!("race {r} se"));
        assert_eq!(
            m.df,
            exp[r]["df_domain_svy_R"].as_f64().unwrap(),
            "race {r} df"
        );
    }
}

/// Two computational routes agree: a domain mean equals the ratio of the
/// domain total of y to the domain total of 1.
#[test]
fn domain_mean_is_a_ratio() {
    let data = Nhanes::load();
    let design = data.design();
    let zinc = data.var("zinc");
    let race = data.var("race");
    let dom: Vec<bool> = race.iter().map(|v| *v == Some(2.0)).collect();
    let m = estimate(&design, Estimator::Mean(&zinc), Some(&dom));
    let y: Vec<Option<f64>> = zinc
        .iter()
        .zip(&dom)
        .map(|(z, d)| if *d { *z } else { Some(0.0) })
        .collect();
    let x: Vec<Option<f64>> = zinc
        .iter()
        .zip(&dom)
        .map(|(z, d)| z.map(|_| if *d { 1.0 } else { 0.0 }))
        .collect();
    let r = estimate(
        &design,
        Estimator::Ratio {
            numerator: &y,
            denominator: &x,
        },
        None,
    );
    assert!((m.value - r.value).abs() < 1e-12 * m.value.abs());
    assert!((m.se() - r.se()).abs() < 1e-9 * m.se());
}

#[test]
fn lonely_psu_policies() {
    let w = vec![1.0, 2.0, 3.0, 4.0, 5.0];
    let strata: Vec<String> = ["a", "a", "b", "c", "c"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let psu: Vec<String> = ["1", "2", "1", "1", "2"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let err = Design::new(w.clone(), Some(&strata), Some(&psu), None, LonelyPsu::Fail).unwrap_err();
    assert!(err.to_string().contains("stratum `b`"), "{err}");
    let y: Vec<Option<f64>> = vec![Some(1.0), Some(3.0), Some(2.0), Some(5.0), Some(4.0)];
    let var = |p| {
        let d = Design::new(w.clone(), Some(&strata), Some(&psu), None, p).unwrap();
        estimate(&d, Estimator::Total(&y), None).variance
    };
    let (remove, certainty, average) = (
        var(LonelyPsu::Remove),
        var(LonelyPsu::Certainty),
        var(LonelyPsu::Average),
    );
    assert_eq!(remove, certainty);
    // Average adds the mean of the other strata's contributions.
    assert!((average - remove * 1.5).abs() < 1e-9 * average);
    assert!(var(LonelyPsu::Adjust) > remove);
}

#[test]
fn median_with_woodruff_interval() {
    let data = Nhanes::load();
    let design = data.design();
    let e = &expected()["median_zinc_svy_woodruff"];
    let zinc = data.var("zinc");
    let m = clusterdx_survey::quantile(&design, &zinc, 0.5, 0.95, None);
    close(m.value, &e["est"], "median zinc");
    close(m.ci.0, &e["ci"][0], "median CI lower");
    close(m.ci.1, &e["ci"][1], "median CI upper");
    close(m.se, &e["se"], "median se");
}

/// A difference of domain totals equals the total of y·(1_a − 1_b): the
/// two routes give the same value and SE.
#[test]
fn difference_of_domain_totals_is_a_total() {
    let data = Nhanes::load();
    let design = data.design();
    let zinc = data.var("zinc");
    let race = data.var("race");
    let a: Vec<bool> = race.iter().map(|v| *v == Some(1.0)).collect();
    let b: Vec<bool> = race.iter().map(|v| *v == Some(2.0)).collect();
    let d = clusterdx_survey::difference(
        &design,
        (Estimator::Total(&zinc), Some(&a)),
        (Estimator::Total(&zinc), Some(&b)),
    );
    let y: Vec<Option<f64>> = zinc
        .iter()
        .enumerate()
        .map(|(i, z)| z.map(|z| z * (f64::from(u8::from(a[i])) - f64::from(u8::from(b[i])))))
        .collect();
    let t = estimate(&design, Estimator::Total(&y), None);
    assert!((d.value - t.value).abs() <= 1e-9 * t.value.abs());
    assert!((d.se() - t.se()).abs() <= 1e-9 * t.se());
    // A difference of means accounts for the shared PSUs: not the naive
    // sqrt(V1 + V2) unless the domains share no PSU.
    let m = clusterdx_survey::difference(
        &design,
        (Estimator::Mean(&zinc), Some(&a)),
        (Estimator::Mean(&zinc), Some(&b)),
    );
    let (ma, mb) = (
        estimate(&design, Estimator::Mean(&zinc), Some(&a)),
        estimate(&design, Estimator::Mean(&zinc), Some(&b)),
    );
    assert!((m.value - (ma.value - mb.value)).abs() < 1e-12);
    assert!(m.variance > 0.0 && (m.variance - (ma.variance + mb.variance)).abs() > 1e-6);
}

/// Scaling every weight by a constant changes no mean, proportion or SE of
/// them, and scales totals and their SEs by the constant.
#[test]
fn weights_scaled_by_a_constant() {
    let data = Nhanes::load();
    let base = data.design();
    let scaled = Design::new(
        data.weight.iter().map(|w| w * 3.7).collect(),
        Some(&data.strata),
        Some(&data.psu),
        None,
        LonelyPsu::Fail,
    )
    .unwrap();
    let zinc = data.var("zinc");
    let (a, b) = (
        estimate(&base, Estimator::Mean(&zinc), None),
        estimate(&scaled, Estimator::Mean(&zinc), None),
    );
    assert!((a.value - b.value).abs() <= 1e-12 * a.value);
    assert!((a.se() - b.se()).abs() <= 1e-9 * a.se());
    let (a, b) = (
        estimate(&base, Estimator::Total(&zinc), None),
        estimate(&scaled, Estimator::Total(&zinc), None),
    );
    assert!((a.value * 3.7 - b.value).abs() <= 1e-9 * b.value);
    assert!((a.se() * 3.7 - b.se()).abs() <= 1e-9 * b.se());
}

/// The one-pass by-group means equal the domain estimates one at a time,
/// and the NHANES references.
#[test]
fn means_by_group_in_one_pass() {
    let data = Nhanes::load();
    let design = data.design();
    let exp = &expected()["domain_mean_zinc_by_race"];
    let zinc = data.var("zinc");
    let race = data.var("race");
    let group: Vec<Option<u32>> = race.iter().map(|v| v.map(|r| r as u32 - 1)).collect();
    let all = clusterdx_survey::means_by_group(&design, &zinc, &group, 3);
    for (g, r) in ["1", "2", "3"].iter().enumerate() {
        close(all[g].value, &exp[r]["est"], &format!("race {r} mean"));
        close(all[g].se(), &exp[r]["se"], &format!("race {r} se"));
        assert_eq!(all[g].df, exp[r]["df_domain_svy_R"].as_f64().unwrap());
        let dom: Vec<bool> = group.iter().map(|x| *x == Some(g as u32)).collect();
        let one = estimate(&design, Estimator::Mean(&zinc), Some(&dom));
        assert_eq!(all[g].n, one.n);
        assert_eq!(all[g].n_missing, one.n_missing);
        for (a, b) in [
            (all[g].deff_wr, one.deff_wr),
            (all[g].deff_wor, one.deff_wor),
        ] {
            let (a, b) = (a.unwrap(), b.unwrap());
            assert!((a - b).abs() <= 1e-9 * b, "race {r} deff {a} vs {b}");
        }
    }
}

/// Duplicating the sample as a second, identical set of strata with halved
/// weights leaves the mean unchanged and halves its variance (each stratum's
/// PSU totals halve, so its contribution falls to a quarter, and there are
/// twice as many strata); the df doubles plus the strata count.
#[test]
fn duplicated_psu_structure_halves_the_variance() {
    let data = Nhanes::load();
    let base = data.design();
    let zinc = data.var("zinc");
    let n = data.weight.len();
    let weights: Vec<f64> = data
        .weight
        .iter()
        .chain(&data.weight)
        .map(|w| w / 2.0)
        .collect();
    let strata: Vec<String> = data
        .strata
        .iter()
        .map(|s| format!("a{s}"))
        .chain(data.strata.iter().map(|s| format!("b{s}")))
        .collect();
    let psu: Vec<String> = data.psu.iter().chain(&data.psu).cloned().collect();
    let y: Vec<Option<f64>> = zinc.iter().chain(&zinc).copied().collect();
    let doubled = Design::new(weights, Some(&strata), Some(&psu), None, LonelyPsu::Fail).unwrap();
    assert_eq!(doubled.len(), 2 * n);
    let (a, b) = (
        estimate(&base, Estimator::Mean(&zinc), None),
        estimate(&doubled, Estimator::Mean(&y), None),
    );
    assert!((a.value - b.value).abs() <= 1e-12 * a.value);
    assert!((b.variance - a.variance / 2.0).abs() <= 1e-9 * a.variance);
    assert_eq!(b.df, 62.0);
}

/// A quantile reports the rows it left out for a missing value.
#[test]
fn quantile_counts_missing_values() {
    let data = Nhanes::load();
    let design = data.design();
    let zinc = data.var("zinc");
    let missing = zinc.iter().filter(|v| v.is_none()).count();
    let q = clusterdx_survey::quantile(&design, &zinc, 0.5, 0.95, None);
    assert!(missing > 0);
    assert_eq!(q.n_missing, missing);
    assert_eq!(q.n + q.n_missing, zinc.len());
}
