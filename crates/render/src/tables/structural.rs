//! The structural models (PLS-SEM). Every table has a `model` column; the
//! report shows one model's rows at a time ([`super::Table::only`]).

use clusterdx_results::Results;

use super::{Table, Value, col, est};

/// Each model's sample, estimation and fit.
pub(crate) fn fit(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_models",
        "Each structural model: dataset, respondents, missing-data rule, weighting scheme, iterations, SRMR, bootstrap resamples.",
        vec![
            col("model"),
            col("dataset"),
            col("respondents"),
            col("rows with missing items"),
            col("missing-data rule"),
            col("weighting scheme"),
            col("consistent PLS"),
            col("iterations"),
            col("SRMR (saturated)"),
            col("SRMR (estimated)"),
            col("bootstrap resamples"),
        ],
    );
    for m in &r.pls {
        t.push(vec![
            Value::text(&m.name),
            Value::text(&m.dataset),
            Value::Count(m.n as f64),
            Value::Count(m.rows_with_missing as f64),
            Value::text(&m.missing_rule),
            Value::text(&m.scheme),
            Value::text(if m.consistent { "yes" } else { "no" }),
            Value::Count(m.iterations as f64),
            Value::number(Some(m.srmr_saturated), 3),
            Value::number(Some(m.srmr_estimated), 3),
            m.bootstrap
                .as_ref()
                .map_or(Value::Empty, |b| Value::Count(b.resamples as f64)),
        ]);
    }
    t
}

/// Path coefficients with their bootstrap precision and f².
pub(crate) fn paths(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_paths",
        "Path coefficients with bootstrap SE and percentile interval, t, p and f².",
        vec![
            col("model"),
            col("from"),
            col("to"),
            est("β"),
            col("t"),
            col("p"),
            col("f²"),
        ],
    );
    for m in &r.pls {
        for p in &m.paths {
            let c = &p.coefficient;
            t.push(vec![
                Value::text(&m.name),
                Value::text(&p.from),
                Value::text(&p.to),
                Value::pls(c),
                Value::number(c.t, 2),
                c.p.map_or(Value::Empty, Value::P),
                Value::number(p.f_squared, 3),
            ]);
        }
    }
    t
}

/// Reliability and convergent validity of each construct, thresholds
/// flagged (α, ρA, ρC below 0.70; AVE below 0.50).
pub(crate) fn constructs(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_constructs",
        "Each construct's reliability and validity: α, ρA, ρC (flagged below 0.70), AVE (flagged below 0.50), R² and adjusted R², and its loadings.",
        vec![
            col("model"),
            col("construct"),
            col("mode"),
            col("α"),
            col("ρA"),
            col("ρC"),
            col("AVE"),
            est("R²"),
            col("adjusted R²"),
            col("loadings"),
        ],
    );
    for m in &r.pls {
        for c in &m.constructs {
            t.push(vec![
                Value::text(&m.name),
                Value::text(&c.name),
                Value::text(&c.mode),
                Value::at_least(c.alpha, 0.7, 3),
                Value::at_least(c.rho_a, 0.7, 3),
                Value::at_least(c.rho_c, 0.7, 3),
                Value::at_least(c.ave, 0.5, 3),
                c.r_squared.as_ref().map_or(Value::Empty, Value::pls),
                Value::number(c.adjusted_r_squared, 3),
                Value::text(
                    c.items
                        .iter()
                        .map(|i| format!("{} {:.2}", i.name, i.loading.value))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ]);
        }
    }
    t
}

/// Each item's loading, weight and VIF.
pub(crate) fn items(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_items",
        "Each item's loading and weight with bootstrap SE and interval, and its VIF.",
        vec![
            col("model"),
            col("construct"),
            col("item"),
            est("loading"),
            est("weight"),
            col("VIF"),
        ],
    );
    for m in &r.pls {
        for c in &m.constructs {
            for i in &c.items {
                t.push(vec![
                    Value::text(&m.name),
                    Value::text(&c.name),
                    Value::text(&i.name),
                    Value::pls(&i.loading),
                    Value::pls(&i.weight),
                    Value::number(Some(i.vif), 2),
                ]);
            }
        }
    }
    t
}

/// Discriminant validity: HTMT of each pair, flagged above 0.90.
pub(crate) fn htmt(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_htmt",
        "Heterotrait–monotrait ratio of each pair of constructs with its bootstrap interval (flagged above 0.90).",
        vec![
            col("model"),
            col("construct a"),
            col("construct b"),
            est("HTMT"),
        ],
    );
    for m in &r.pls {
        for p in &m.htmt {
            let v = Value::pls(&p.value);
            t.push(vec![
                Value::text(&m.name),
                Value::text(&p.a),
                Value::text(&p.b),
                if p.value.value > 0.9 {
                    Value::Flagged(Box::new(v), "above 0.90".into())
                } else {
                    v
                },
            ]);
        }
    }
    t
}

/// Specific indirect effects (mediation).
pub(crate) fn indirect_effects(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_indirect_effects",
        "Each specific indirect effect (a route through mediators) with its bootstrap SE and interval.",
        vec![col("model"), col("route"), est("effect"), col("p")],
    );
    for m in &r.pls {
        for e in &m.indirect_effects {
            t.push(vec![
                Value::text(&m.name),
                Value::text(e.route.join(" → ")),
                Value::pls(&e.effect),
                e.effect.p.map_or(Value::Empty, Value::P),
            ]);
        }
    }
    t
}

/// Total effects.
pub(crate) fn total_effects(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_total_effects",
        "Each total effect (direct plus indirect) with its bootstrap SE and interval.",
        vec![col("model"), col("from"), col("to"), est("effect")],
    );
    for m in &r.pls {
        for e in &m.total_effects {
            t.push(vec![
                Value::text(&m.name),
                Value::text(&e.from),
                Value::text(&e.to),
                Value::pls(&e.effect),
            ]);
        }
    }
    t
}

/// The multigroup permutation test of each path.
pub(crate) fn multigroup(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_multigroup",
        "Each path in the two groups of the multigroup analysis, their difference and its permutation p-value (two-sided).",
        vec![
            col("model"),
            col("groups"),
            col("path"),
            col("group a"),
            col("group b"),
            col("difference"),
            col("p"),
        ],
    );
    for m in &r.pls {
        let Some(g) = &m.multigroup else {
            continue;
        };
        for p in &g.paths {
            t.push(vec![
                Value::text(&m.name),
                Value::text(format!("{} ({}) vs {} ({})", g.a, g.n_a, g.b, g.n_b)),
                Value::text(format!("{} → {}", p.from, p.to)),
                Value::number(Some(p.a), 3),
                Value::number(Some(p.b), 3),
                Value::number(Some(p.difference), 3),
                Value::P(p.p),
            ]);
        }
    }
    t
}

/// PLSpredict: each construct's predictive power.
pub(crate) fn predict_power(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_predict",
        "PLSpredict: each endogenous construct's predictive power and how many of its items beat the linear benchmark (RMSE).",
        vec![
            col("model"),
            col("construct"),
            col("predictive power"),
            col("items beating the benchmark"),
            col("items"),
        ],
    );
    for m in &r.pls {
        let Some(p) = &m.predict else {
            continue;
        };
        for c in &p.power {
            t.push(vec![
                Value::text(&m.name),
                Value::text(&c.construct),
                Value::text(&c.power),
                Value::Count(c.better_than_lm as f64),
                Value::Count(c.items as f64),
            ]);
        }
    }
    t
}

/// PLSpredict per item.
pub(crate) fn predict_items(r: &Results) -> Table {
    let mut t = Table::new(
        "pls_predict_items",
        "PLSpredict per item: RMSE, MAE and Q²predict against the linear benchmark's RMSE and MAE.",
        vec![
            col("model"),
            col("construct"),
            col("item"),
            col("RMSE"),
            col("MAE"),
            col("Q²predict"),
            col("LM RMSE"),
            col("LM MAE"),
        ],
    );
    for m in &r.pls {
        let Some(p) = &m.predict else {
            continue;
        };
        for i in &p.items {
            t.push(vec![
                Value::text(&m.name),
                Value::text(&i.construct),
                Value::text(&i.item),
                Value::number(Some(i.rmse), 3),
                Value::number(Some(i.mae), 3),
                Value::number(Some(i.q2_predict), 3),
                Value::number(Some(i.lm_rmse), 3),
                Value::number(Some(i.lm_mae), 3),
            ]);
        }
    }
    t
}
