//! The structural-model section of the terminal summary.

use std::fmt::Write as _;

use clusterdx_results::{PlsEstimate, PlsModel};

/// "0.367 (0.338–0.395)" with the percentile interval when bootstrapped.
fn with_ci(e: &PlsEstimate) -> String {
    crate::tables::Estimate {
        value: e.value,
        se: e.se,
        ci: e.ci_percentile,
        scale: crate::tables::Scale::Number(3),
    }
    .text()
}

/// "p 0.001", or nothing without a bootstrap.
fn p_value(e: &PlsEstimate) -> String {
    match e.p {
        Some(p) if p < 0.001 => "p < 0.001".into(),
        Some(p) => format!("p {p:.3}"),
        None => String::new(),
    }
}

/// Writes one model: paths, R², measurement quality, mediation and
/// warnings.
pub(crate) fn pls_text(out: &mut String, m: &PlsModel) {
    let _ = writeln!(out);
    let boot = m.bootstrap.as_ref().map_or(String::new(), |b| {
        format!(
            "; bootstrap {} resamples ({} failed), {:.0}% percentile CI",
            b.resamples,
            b.failed + b.inadmissible,
            100.0 * b.level
        )
    });
    let _ = writeln!(
        out,
        "structural model `{}` (PLS-SEM, {} weighting; {} respondents of `{}`, {} rows {} for missing items; {} iterations{boot})",
        m.name,
        m.scheme,
        m.n,
        m.dataset,
        m.rows_with_missing,
        if m.missing_rule == "mean" {
            "imputed"
        } else {
            "left out"
        },
        m.iterations
    );
    let names: Vec<String> = m
        .paths
        .iter()
        .map(|p| format!("{} → {}", p.from, p.to))
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4)
        + 1;
    let _ = writeln!(out, "  {:<width$} {:<26} {:<12} f²", "path", "β", "");
    for (p, name) in m.paths.iter().zip(&names) {
        let line = format!(
            "  {name:<width$} {:<26} {:<12} {}",
            with_ci(&p.coefficient),
            p_value(&p.coefficient),
            p.f_squared.map_or("–".into(), |f| format!("{f:.3}"))
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let cw = m
        .constructs
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(9)
        .max(9)
        + 1;
    let _ = writeln!(
        out,
        "  {:<cw$} {:<6} {:<6} {:<6} {:<6} {:<6} loadings",
        "construct", "α", "ρA", "ρC", "AVE", "R²"
    );
    for c in &m.constructs {
        let loadings: Vec<String> = c
            .items
            .iter()
            .map(|i| format!("{} {:.2}", i.name, i.loading.value))
            .collect();
        let _ = writeln!(
            out,
            "  {:<cw$} {:<6.3} {:<6.3} {:<6.3} {:<6.3} {:<6} {}",
            c.name,
            c.alpha,
            c.rho_a,
            c.rho_c,
            c.ave,
            c.r_squared
                .as_ref()
                .map_or("–".into(), |r| format!("{:.3}", r.value)),
            loadings.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "  SRMR {:.3} (saturated), {:.3} (estimated model)",
        m.srmr_saturated, m.srmr_estimated
    );
    if let Some(h) = m
        .htmt
        .iter()
        .max_by(|a, b| a.value.value.total_cmp(&b.value.value))
    {
        let _ = writeln!(
            out,
            "  largest HTMT: {} – {} {}",
            h.a,
            h.b,
            with_ci(&h.value)
        );
    }
    // The largest specific indirect effects (all are in results.json).
    const SHOWN: usize = 6;
    let mut indirect: Vec<_> = m.indirect_effects.iter().collect();
    indirect.sort_by(|a, b| b.effect.value.abs().total_cmp(&a.effect.value.abs()));
    for e in indirect.iter().take(SHOWN) {
        let _ = writeln!(
            out,
            "  indirect {}: {} {}",
            e.route.join(" → "),
            with_ci(&e.effect),
            p_value(&e.effect)
        );
    }
    if indirect.len() > SHOWN {
        let _ = writeln!(
            out,
            "  … {} smaller specific indirect effects in results.json",
            indirect.len() - SHOWN
        );
    }
    if let Some(g) = &m.multigroup {
        let _ = writeln!(
            out,
            "  multigroup {} ({} respondents) vs {} ({}), {} permutations:",
            g.a, g.n_a, g.b, g.n_b, g.permutations
        );
        for p in &g.paths {
            let _ = writeln!(
                out,
                "    {} → {}: {:.3} vs {:.3}, difference {:+.3}, p {:.3}",
                p.from, p.to, p.a, p.b, p.difference, p.p
            );
        }
    }
    if let Some(p) = &m.predict {
        let power: Vec<String> = p
            .power
            .iter()
            .map(|c| {
                format!(
                    "{} {} ({} of {} items beat the linear model)",
                    c.construct, c.power, c.better_than_lm, c.items
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  PLSpredict ({} folds × {}): {}",
            p.folds,
            p.repetitions,
            power.join("; ")
        );
    }
    for w in &m.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
}
