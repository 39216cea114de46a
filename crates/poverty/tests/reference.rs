//! Every measure against `../shared/reference/poverty/expected.json`: the
//! Engel incomes (unweighted, z = 0.6 × median) and the World Bank
//! synthetic households (person-weighted, z = 2000), and the design-based
//! SEs of FGT0–2, the mean and the Gini (strata geo1 × urbrur, PSU ea,
//! df 26).

use std::path::PathBuf;

use clusterdx_poverty::{Distribution, Linearized, Measure};
use clusterdx_survey::{Design, LonelyPsu, SurveyDesign};
use serde_json::Value;

fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/poverty")
        .join(rel)
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(reference("expected.json")).unwrap()).unwrap()
}

#[track_caller]
fn close(got: f64, want: &Value, tol: f64, what: &str) {
    let want = want
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: no expected value"));
    assert!(
        (got - want).abs() <= tol * want.abs(),
        "{what}: {got} vs {want} (rel {:e})",
        ((got - want) / want).abs()
    );
}

/// Every point measure of `d` with weights `w` at line `z`, against `exp`.
fn check_points(d: &Distribution<'_>, w: &[f64], z: f64, exp: &Value, n: usize, what: &str) {
    let tol = 1e-9;
    let c = |got: f64, key: &str| close(got, &exp[key], tol, &format!("{what} {key}"));
    c(d.fgt(w, z, 0.0), "FGT0");
    c(d.fgt(w, z, 1.0), "FGT1");
    c(d.fgt(w, z, 2.0), "FGT2");
    c(d.watts(w, z), "Watts");
    c(d.sen(w, z), "Sen");
    c(d.sst(w, z), "SST");
    let g = d.gini(w);
    c(g, "Gini_population");
    c(g * n as f64 / (n as f64 - 1.0), "Gini_sample_n/(n-1)");
    c(d.gini_of_poor(w, z), "Gini_of_poor");
    c(d.generalised_entropy(w, 1.0), "TheilT_GE1");
    c(d.generalised_entropy(w, 0.0), "TheilL_MLD_GE0");
    c(d.atkinson(w, 1.0), "Atkinson_e1");
    c(d.atkinson(w, 2.0), "Atkinson_e2");
    c(d.atkinson(w, 0.5), "Atkinson_e0.5");
    c(d.share_ratio(w, 0.1, 0.4), "Palma_S90_100/S0_40");
    c(d.share_ratio(w, 0.2, 0.2), "S80/S20");
    c(d.quantile(w, 0.9) / d.quantile(w, 0.1), "P90/P10");
    c(d.quantile(w, 0.5), "P50");
}

#[test]
fn engel_unweighted() {
    let mut rdr = csv::Reader::from_path(reference("engel.csv")).unwrap();
    let y: Vec<f64> = rdr
        .records()
        .map(|r| r.unwrap()[0].parse().unwrap())
        .collect();
    let w = vec![1.0; y.len()];
    let d = Distribution::new(&y, None);
    // The reference states z = 0.6 × median rounded to the cent, and uses
    // the rounded line.
    assert!((0.6 * d.quantile(&w, 0.5) - 530.39).abs() < 0.005);
    let z = 530.39;
    check_points(
        &d,
        &w,
        z,
        &expected()["engel_unweighted_z_0.6_median"],
        y.len(),
        "engel",
    );
}

struct Households {
    y: Vec<f64>,
    w: Vec<f64>,
    strata: Vec<String>,
    psu: Vec<String>,
}

fn households() -> Households {
    let mut rdr = csv::Reader::from_path(reference("wb_synthetic_households.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (geo, urb, ea, size, pc, hw) = (
        col("geo1"),
        col("urbrur"),
        col("ea"),
        col("hhsize"),
        col("pc_exp"),
        col("hhweight"),
    );
    let mut h = Households {
        y: vec![],
        w: vec![],
        strata: vec![],
        psu: vec![],
    };
    for r in rdr.records() {
        let r = r.unwrap();
        h.y.push(r[pc].parse().unwrap());
        let size: f64 = r[size].parse().unwrap();
        h.w.push(r[hw].parse::<f64>().unwrap() * size);
        h.strata.push(format!("{}_{}", &r[geo], &r[urb]));
        h.psu.push(r[ea].to_string());
    }
    h
}

#[test]
fn world_bank_person_weighted() {
    let h = households();
    let d = Distribution::new(&h.y, None);
    check_points(
        &d,
        &h.w,
        2000.0,
        &expected()["wb_synthetic_z2000_person_weighted"],
        h.y.len(),
        "wb",
    );
}

#[test]
fn world_bank_design_standard_errors() {
    let h = households();
    let design = SurveyDesign::Taylor(
        Design::new(
            h.w.clone(),
            Some(&h.strata),
            Some(&h.psu),
            None,
            LonelyPsu::Fail,
        )
        .unwrap(),
    );
    assert_eq!(design.df(), 26.0);
    let d = Distribution::new(&h.y, None);
    let exp = &expected()["wb_synthetic_design_se"];
    let se = |m: Measure| {
        let e = design.estimate_statistic(&Linearized {
            dist: &d,
            measure: m,
        });
        (e.value, e.se(), e.df)
    };
    for (alpha, key) in [(0.0, "FGT0"), (1.0, "FGT1"), (2.0, "FGT2")] {
        let (b, s, df) = se(Measure::Fgt { z: 2000.0, alpha });
        close(b, &exp[key]["b"], 1e-9, key);
        close(s, &exp[key]["se"], 1e-9, key);
        assert_eq!(df, 26.0);
    }
    let (b, s, _) = se(Measure::Mean);
    close(b, &exp["mean_pc_exp"]["b"], 1e-9, "mean");
    close(s, &exp["mean_pc_exp"]["se"], 1e-9, "mean se");
    let (b, s, _) = se(Measure::Gini);
    close(b, &exp["Gini"]["b"], 1e-9, "Gini");
    close(s, &exp["Gini"]["se"], 1e-6, "Gini se");
}

/// The influence values of GE, Atkinson, Watts, the Gini, Sen, SST and
/// the share ratios are the derivatives of
/// the measures with respect to each weight: checked against central
/// finite differences on the household data.
#[test]
fn influence_values_are_the_weight_derivatives() {
    use clusterdx_survey::Linearizable;
    let h = households();
    let d = Distribution::new(&h.y, None);
    for m in [
        Measure::GeneralisedEntropy { theta: 0.0 },
        Measure::GeneralisedEntropy { theta: 1.0 },
        Measure::GeneralisedEntropy { theta: 2.0 },
        Measure::GeneralisedEntropy { theta: -1.0 },
        Measure::Atkinson { epsilon: 0.5 },
        Measure::Atkinson { epsilon: 1.0 },
        Measure::Atkinson { epsilon: 2.0 },
        Measure::Watts { z: 2000.0 },
        Measure::Gini,
        Measure::Sen { z: 2000.0 },
        Measure::Sst { z: 2000.0 },
        Measure::ShareRatio {
            top: 0.1,
            bottom: 0.4,
        },
        Measure::ShareRatio {
            top: 0.2,
            bottom: 0.2,
        },
    ] {
        let s = Linearized {
            dist: &d,
            measure: m,
        };
        let z = s.influence(&h.w);
        for k in [0, 17, 400, 824] {
            let step = 1e-4 * h.w[k];
            let (mut up, mut down) = (h.w.clone(), h.w.clone());
            up[k] += step;
            down[k] -= step;
            let fd = (s.value(&up) - s.value(&down)) / (2.0 * step);
            assert!(
                (z[k] - fd).abs() <= 1e-4 * fd.abs() + 1e-13,
                "{m:?} row {k}: {} vs {fd}",
                z[k]
            );
        }
    }
}

/// The smooth rank measures' linearised SEs agree with the delete-one-PSU
/// jackknife's on the World Bank design (within 8%).
#[test]
fn rank_measure_standard_errors_agree_with_the_jackknife() {
    let h = households();
    let taylor = SurveyDesign::Taylor(
        Design::new(
            h.w.clone(),
            Some(&h.strata),
            Some(&h.psu),
            None,
            LonelyPsu::Fail,
        )
        .unwrap(),
    );
    let SurveyDesign::Taylor(t) = &taylor else {
        unreachable!()
    };
    let jk = SurveyDesign::Replicate(t.jackknife().unwrap());
    let d = Distribution::new(&h.y, None);
    for m in [
        Measure::Gini,
        Measure::Sen { z: 2000.0 },
        Measure::Sst { z: 2000.0 },
        Measure::ShareRatio {
            top: 0.1,
            bottom: 0.4,
        },
        Measure::ShareRatio {
            top: 0.2,
            bottom: 0.2,
        },
    ] {
        let s = Linearized {
            dist: &d,
            measure: m,
        };
        let (a, b) = (taylor.estimate_statistic(&s), jk.estimate_statistic(&s));
        assert_eq!(a.value, b.value);
        assert!(
            (a.se() / b.se() - 1.0).abs() < 0.08,
            "{m:?}: linearised {} vs jackknife {}",
            a.se(),
            b.se()
        );
    }
}

/// A quantile's SE through the kernel density: on 40,000 independent
/// log-normal values it is the asymptotic sqrt(p(1 − p)/n)/f(q) with the
/// true density, within 5%, and so is the P90/P10 ratio's (delta method
/// with the quantiles' asymptotic covariance).
#[test]
fn quantile_standard_errors_match_the_asymptotic_ones() {
    use std::f64::consts::PI;
    let n = 40_000;
    let mut s = 11u64;
    let mut unit = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1442695040888963407);
        ((s >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    // Box–Muller normals; y = exp(μ + σ z).
    let (mu, sigma) = (7.0, 0.6);
    let y: Vec<f64> = (0..n)
        .map(|_| {
            let (u, v) = (unit(), unit());
            (mu + sigma * (-2.0 * u.ln()).sqrt() * (2.0 * PI * v).cos()).exp()
        })
        .collect();
    let design = SurveyDesign::Taylor(
        Design::new(
            vec![1.0; n],
            None::<&[String]>,
            None::<&[String]>,
            None,
            LonelyPsu::Fail,
        )
        .unwrap(),
    );
    let d = Distribution::new(&y, None);
    // The standard normal quantile at 0.1, 0.5, 0.9.
    let z_of = |p: f64| match p {
        0.1 => -1.281_551_565_544_600_4,
        0.5 => 0.0,
        0.9 => 1.281_551_565_544_600_4,
        _ => unreachable!(),
    };
    let q = |p: f64| (mu + sigma * z_of(p)).exp();
    let f = |x: f64| {
        let t = (x.ln() - mu) / sigma;
        (-0.5 * t * t).exp() / (x * sigma * (2.0 * PI).sqrt())
    };
    let nf = n as f64;
    for p in [0.1, 0.5, 0.9] {
        let e = design.estimate_statistic(&Linearized {
            dist: &d,
            measure: Measure::Quantile { p },
        });
        let want = (p * (1.0 - p) / nf).sqrt() / f(q(p));
        assert!(
            (e.se() / want - 1.0).abs() < 0.05,
            "p {p}: {} vs {want}",
            e.se()
        );
    }
    // Var(q_hi/q_lo) by the delta method; Cov(q_a, q_b) = a(1 − b)/(n f_a f_b) for a ≤ b.
    let (qh, ql) = (q(0.9), q(0.1));
    let (fh, fl) = (f(qh), f(ql));
    let (vh, vl, c) = (
        0.09 / (nf * fh * fh),
        0.09 / (nf * fl * fl),
        0.01 / (nf * fh * fl),
    );
    let r = qh / ql;
    let want = ((vh - 2.0 * r * c + r * r * vl) / (ql * ql)).sqrt();
    let e = design.estimate_statistic(&Linearized {
        dist: &d,
        measure: Measure::QuantileRatio {
            upper: 0.9,
            lower: 0.1,
        },
    });
    assert!(
        (e.se() / want - 1.0).abs() < 0.05,
        "P90/P10: {} vs {want}",
        e.se()
    );
}
