//! The PLS estimates against `../shared/reference/pls`: Model 1 (the full
//! ECSI model on mobi, Python seminr 0.2.1 = R seminr) to 1e-6, and Model
//! 2 (R seminr's golden values, with a Mode B construct) to 1e-10.

mod common;

use clusterdx_pls::{Mode, Settings, estimate};
use common::{ecsi, expected, mobi, model_two};

#[track_caller]
fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!((got - want).abs() <= tol, "{what}: {got} vs {want}");
}

#[test]
fn model_one_full_ecsi() {
    let data = mobi();
    let model = ecsi(&data.names, Mode::A);
    let s = data.sample.moments(None).corr;
    let fit = estimate(&model, &s, &Settings::default()).unwrap();
    let exp = expected();
    // seminr reports the 0-based index of the converging pass.
    assert_eq!(
        fit.iterations as u64 - 1,
        exp["settings"]["iterations_used"].as_u64().unwrap()
    );
    for (j, c) in model.constructs().iter().enumerate() {
        for (k, &i) in c.items.iter().enumerate() {
            let item = &data.names[i];
            close(
                fit.loadings(&model, j)[k],
                exp["outer_loadings"][item].as_f64().unwrap(),
                1e-6,
                item,
            );
            close(
                fit.block_weights(&model, j)[k],
                exp["outer_weights"][item].as_f64().unwrap(),
                1e-6,
                item,
            );
        }
        if let Some(r2) = fit.r_squared[j] {
            close(
                r2,
                exp["r_squared"][&c.name].as_f64().unwrap(),
                1e-6,
                &c.name,
            );
        }
    }
    for &(a, b) in model.paths() {
        let key = format!(
            "{}->{}",
            model.constructs()[a].name,
            model.constructs()[b].name
        );
        close(
            fit.paths[(a, b)],
            exp["path_coefficients"][&key].as_f64().unwrap(),
            1e-6,
            &key,
        );
    }
}

#[test]
fn model_two_mode_b_golden_values() {
    let data = mobi();
    let (model, outer, paths) = model_two(&data.names);
    let s = data.sample.moments(None).corr;
    let fit = estimate(&model, &s, &Settings::default()).unwrap();
    assert_eq!(model.constructs()[1].mode, Mode::B);
    for (item, (w, l)) in &outer {
        let i = data.names.iter().position(|n| n == item).unwrap();
        let j = model
            .constructs()
            .iter()
            .position(|c| c.items.contains(&i))
            .unwrap();
        close(fit.weights[(i, j)], *w, 1e-10, &format!("weight {item}"));
        close(
            fit.item_score[(i, j)],
            *l,
            1e-10,
            &format!("loading {item}"),
        );
    }
    for (a, b, want) in paths {
        close(fit.paths[(a, b)], want, 1e-10, &format!("path {a} -> {b}"));
    }
}

/// Model 1's quality criteria: reliability, Fornell–Larcker, HTMT, VIFs,
/// adjusted R², f² and total effects.
#[test]
fn model_one_quality_criteria() {
    use clusterdx_pls::quality;
    let data = mobi();
    let model = ecsi(&data.names, Mode::A);
    let s = data.sample.moments(None).corr;
    let fit = estimate(&model, &s, &Settings::default()).unwrap();
    let exp = expected();
    let names: Vec<&str> = model.constructs().iter().map(|c| c.name.as_str()).collect();
    let htmt = quality::htmt(&model, &s, false);
    let total = quality::total_effects(&fit.paths);
    for (j, c) in model.constructs().iter().enumerate() {
        let r = quality::reliability(&model, &s, &fit, j);
        let e = &exp["reliability"][&c.name];
        close(
            r.alpha,
            e["alpha"].as_f64().unwrap(),
            1e-6,
            &format!("{} alpha", c.name),
        );
        close(
            r.rho_a,
            e["rhoA"].as_f64().unwrap(),
            1e-6,
            &format!("{} rhoA", c.name),
        );
        close(
            r.rho_c,
            e["rhoC"].as_f64().unwrap(),
            1e-6,
            &format!("{} rhoC", c.name),
        );
        close(
            r.ave,
            e["AVE"].as_f64().unwrap(),
            1e-6,
            &format!("{} AVE", c.name),
        );
        close(
            r.ave.sqrt(),
            exp["fornell_larcker"][&c.name][&c.name].as_f64().unwrap(),
            1e-6,
            "FL diagonal",
        );
        for (k, &i) in c.items.iter().enumerate() {
            let item = &data.names[i];
            close(
                quality::item_vif(&model, &s, j)[k],
                exp["vif_items"][&c.name][item].as_f64().unwrap(),
                1e-6,
                &format!("VIF {item}"),
            );
        }
        if let Some(r2) = fit.r_squared[j] {
            let k = model.predecessors(j).len();
            close(
                quality::adjusted_r_squared(r2, 250, k),
                exp["adj_r_squared"][&c.name].as_f64().unwrap(),
                1e-6,
                &format!("adj R² {}", c.name),
            );
            let vif = quality::antecedent_vif(&model, &fit, j);
            for (x, &i) in model.predecessors(j).iter().enumerate() {
                let want = &exp["vif_antecedents"][&c.name][names[i]];
                match &vif {
                    Some(v) => close(v[x], want.as_f64().unwrap(), 1e-6, "antecedent VIF"),
                    None => assert!(want.is_null(), "{} ← {}", c.name, names[i]),
                }
                close(
                    quality::f_squared(&model, &s, &Settings::default(), &fit, i, j).unwrap(),
                    exp["f_squared"][names[i]][&c.name].as_f64().unwrap(),
                    1e-6,
                    &format!("f² {} → {}", names[i], c.name),
                );
            }
        }
        for (i, other) in names.iter().enumerate() {
            if i != j {
                let want = exp["htmt_DERIVED_by_script_from_item_correlations"][&c.name][other]
                    .as_f64()
                    .unwrap();
                close(
                    htmt[(j, i)],
                    want,
                    1e-6,
                    &format!("HTMT {} {other}", c.name),
                );
                if i < j {
                    close(
                        fit.construct_corr[(j, i)],
                        exp["fornell_larcker"][&c.name][other].as_f64().unwrap(),
                        1e-6,
                        "FL correlation",
                    );
                }
            }
            close(
                total[(j, i)],
                exp["total_effects"][&c.name][other].as_f64().unwrap(),
                1e-6,
                &format!("total {} → {other}", c.name),
            );
        }
    }
}

/// The bootstrap SDs of Model 1's paths and loadings agree with seminr's
/// (1,000 resamples, its own random numbers) within 10%; the results do
/// not depend on the number of threads.
#[test]
fn model_one_bootstrap() {
    use clusterdx_pls::inference::{Resampling, Statistic, infer};
    let data = mobi();
    let model = ecsi(&data.names, Mode::A);
    let s = data.sample.moments(None).corr;
    let settings = Settings::default();
    let fit = estimate(&model, &s, &settings).unwrap();
    let resampling = |threads| Resampling {
        resamples: 1000,
        seed: 123,
        threads,
        bca: false,
        studentized: None,
        level: 0.95,
    };
    let pipeline = clusterdx_pls::pipeline::Pipeline::plain(model.clone());
    let one = infer(
        &pipeline,
        &data.sample,
        &settings,
        &fit,
        &resampling(1),
        &|_| {},
    );
    let two = infer(
        &pipeline,
        &data.sample,
        &settings,
        &fit,
        &resampling(2),
        &|_| {},
    );
    assert_eq!(one.summaries, two.summaries);
    assert_eq!(one.draws.failed + one.draws.inadmissible, 0);
    let exp = &expected()["bootstrap"];
    let names: Vec<&str> = model.constructs().iter().map(|c| c.name.as_str()).collect();
    let mut checked = 0;
    for (st, sum) in one.statistics.iter().zip(&one.summaries) {
        let want = match st {
            Statistic::Path(a, b) => &exp["paths"][format!("{}->{}", names[*a], names[*b])],
            Statistic::Loading(i, _) => &exp["loadings"][&data.names[*i]],
            _ => continue,
        };
        let sd = want["boot_sd"].as_f64().unwrap();
        if sd < 1e-9 {
            // A single item's loading: 1 in every resample.
            assert!(sum.sd < 1e-9);
            continue;
        }
        assert!(
            (sum.sd / sd - 1.0).abs() < 0.1,
            "{st:?}: SD {} vs {sd}",
            sum.sd
        );
        checked += 1;
    }
    assert_eq!(checked, 12 + 23);
}

/// The double bootstrap's studentized intervals: each contains its
/// estimate and, like the basic interval [2θ̂ − q_hi, 2θ̂ − q_lo], reflects
/// the resamples' bias (the path's resamples lie above the estimate, so
/// the interval sits lower than the percentile one); identical for any
/// thread count.
#[test]
fn studentized_intervals() {
    use clusterdx_pls::inference::{Resampling, infer};
    let data = mobi();
    let model = ecsi(&data.names, Mode::A);
    let settings = Settings::default();
    let fit = estimate(&model, &data.sample.moments(None).corr, &settings).unwrap();
    let pipeline = clusterdx_pls::pipeline::Pipeline::plain(model.clone());
    let run = |threads| {
        infer(
            &pipeline,
            &data.sample,
            &settings,
            &fit,
            &Resampling {
                resamples: 200,
                seed: 9,
                threads,
                bca: false,
                studentized: Some(50),
                level: 0.95,
            },
            &|_| {},
        )
    };
    let (a, b) = (run(1), run(2));
    assert_eq!(a.summaries, b.summaries);
    // Image → Expectation, the first path.
    let s = &a.summaries[0];
    let (lo, hi) = s.studentized.unwrap();
    assert!(lo < s.estimate && s.estimate < hi, "{s:?}");
    let basic = (
        2.0 * s.estimate - s.percentile.1,
        2.0 * s.estimate - s.percentile.0,
    );
    assert!(
        (lo - basic.0).abs() < 0.06 && (hi - basic.1).abs() < 0.06,
        "{s:?}"
    );
    assert!(s.mean > s.estimate && lo < s.percentile.0);
}
