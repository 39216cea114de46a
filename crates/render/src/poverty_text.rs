//! The poverty section of the terminal summary.

use std::fmt::Write as _;

use clusterdx_results::{Figure, Poverty, PovertyChange};

pub(crate) fn pct(f: &Figure) -> String {
    format!(
        "{:.1} ({:.1}–{:.1})",
        100.0 * f.value,
        100.0 * f.ci[0],
        100.0 * f.ci[1]
    )
}

/// Writes the poverty section: the headcount at each line, the poverty
/// gap and the Gini per domain, then the worker-household comparisons.
pub(crate) fn poverty_text(out: &mut String, p: &Poverty) {
    let _ = writeln!(out);
    let lines: Vec<String> = p
        .lines
        .iter()
        .map(|l| format!("{} = {:.2}", l.name, l.value))
        .collect();
    let _ = writeln!(
        out,
        "poverty — {}{}; lines: {}; %, {:.0}% CI",
        p.welfare,
        if p.person_weighted { ", persons" } else { "" },
        lines.join(", "),
        100.0 * p.level
    );
    let mut head = format!("  {:<30}", "domain");
    for l in &p.lines {
        let _ = write!(head, " {:<22}", format!("headcount {}", l.name));
    }
    let _ = write!(head, " {:<8} {:<20} {:<6}", "gap", "Gini", "Palma");
    let _ = writeln!(out, "{}", head.trim_end());
    for d in &p.domains {
        let name = match (&d.by, &d.code) {
            (Some(by), Some(code)) => format!("{by} {}", d.label.as_deref().unwrap_or(code)),
            _ => "everyone".to_string(),
        };
        let mut line = format!("  {name:<30}");
        for m in &d.lines {
            let h = m.fgt.iter().find(|f| f.parameter == 0.0);
            let _ = write!(
                line,
                " {:<22}",
                h.map_or("–".to_string(), |f| pct(&f.figure))
            );
        }
        let gap = d
            .lines
            .first()
            .and_then(|m| m.fgt.iter().find(|f| f.parameter == 1.0))
            .map_or("–".to_string(), |f| {
                format!("{:.1}", 100.0 * f.figure.value)
            });
        let g = &d.inequality.gini;
        let _ = write!(
            line,
            " {gap:<8} {:<20} {:.2}",
            format!("{:.3} ({:.3}–{:.3})", g.value, g.ci[0], g.ci[1]),
            d.inequality.palma.value
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if !p.comparisons.is_empty() {
        let _ = writeln!(
            out,
            "  worker households vs non-worker households of the same districts (headcount, {}; descriptive, not causal):",
            p.comparisons[0].line
        );
        for c in &p.comparisons {
            let d = &c.headcount_difference;
            let _ = writeln!(
                out,
                "    {:<26} {} vs {}: {:+.1} points ({:+.1} to {:+.1})",
                c.label.as_deref().unwrap_or(&c.sector),
                pct(&c.headcount_workers),
                pct(&c.headcount_others),
                100.0 * d.value,
                100.0 * d.ci[0],
                100.0 * d.ci[1]
            );
        }
    }
    for c in &p.contrasts {
        let d = &c.headcount_difference;
        let _ = writeln!(
            out,
            "  {}: {} {} vs {} {}: {:+.1} points ({:+.1} to {:+.1})",
            c.what,
            c.a,
            pct(&c.headcount_a),
            c.b,
            pct(&c.headcount_b),
            100.0 * d.value,
            100.0 * d.ci[0],
            100.0 * d.ci[1]
        );
    }
    changes_text(out, p);
    for n in &p.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    if p.left_out > 0 {
        let _ = writeln!(
            out,
            "  {} households left out (no welfare, size or adult equivalents)",
            p.left_out
        );
    }
}

/// The changes between rounds of the headcount and gap at the first line,
/// the mean and the Gini.
fn changes_text(out: &mut String, p: &Poverty) {
    let first = p.lines.first().map(|l| l.name.as_str());
    let shown = [
        ("FGT(0)", "headcount", true),
        ("FGT(1)", "gap", true),
        ("mean", "mean", false),
        ("Gini", "Gini", false),
    ];
    round_changes(out, p.rounds.as_deref(), &p.changes, |c| {
        let &(_, name, points) = shown.iter().find(|s| s.0 == c.measure)?;
        (c.line.is_none() || c.line.as_deref() == first).then_some((name, points))
    });
}

/// One line per pair of consecutive rounds, with the changes `pick`
/// chooses (its name, and whether it shows in percentage points).
fn round_changes<'c>(
    out: &mut String,
    rounds: Option<&str>,
    changes: &'c [PovertyChange],
    pick: impl Fn(&'c PovertyChange) -> Option<(&'c str, bool)>,
) {
    let mut pairs: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    pairs.dedup();
    for (from, to) in pairs {
        let parts: Vec<String> = changes
            .iter()
            .filter(|c| c.from == from && c.to == to)
            .filter_map(|c| {
                let (name, points) = pick(c)?;
                let f = &c.figure;
                Some(if points {
                    format!(
                        "{name} {:+.1} points ({:+.1} to {:+.1})",
                        100.0 * f.value,
                        100.0 * f.ci[0],
                        100.0 * f.ci[1]
                    )
                } else {
                    format!(
                        "{name} {:+.3} ({:+.3} to {:+.3})",
                        f.value, f.ci[0], f.ci[1]
                    )
                })
            })
            .collect();
        let _ = writeln!(
            out,
            "  change {} {from} → {to}: {}",
            rounds.unwrap_or("round"),
            parts.join("; ")
        );
    }
}

/// Writes the MPI section: H, A and M0 of everyone and each subgroup, and
/// the indicators contributing most.
pub(crate) fn mpi_text(out: &mut String, m: &clusterdx_results::Mpi) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "multidimensional poverty (Alkire–Foster, k = {:.3}{}; {} indicators; {} households left out for a missing indicator)",
        m.k,
        if m.person_weighted { ", persons" } else { "" },
        m.indicators.len(),
        m.missing
    );
    let _ = writeln!(out, "  {:<30} {:<20} {:<8} M0", "group", "H, %", "A");
    for g in &m.groups {
        let name = match (&g.by, &g.code) {
            (Some(by), Some(code)) => format!("{by} {}", g.label.as_deref().unwrap_or(code)),
            _ => "everyone".to_string(),
        };
        let line = format!(
            "  {:<30} {:<20} {:<8} {:.3} ({:.3}–{:.3})",
            name,
            pct(&g.h),
            g.a.as_ref()
                .map_or("–".to_string(), |a| format!("{:.3}", a.value)),
            g.m0.value,
            g.m0.ci[0],
            g.m0.ci[1]
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(all) = m.groups.first() {
        let mut top: Vec<(&str, f64)> = m
            .indicators
            .iter()
            .zip(&all.contributions)
            .filter_map(|(i, c)| c.map(|c| (i.name.as_str(), c)))
            .collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1));
        let list: Vec<String> = top
            .iter()
            .take(3)
            .map(|(n, c)| format!("{n} {:.0}%", 100.0 * c))
            .collect();
        let _ = writeln!(out, "  largest contributions to M0: {}", list.join(", "));
    }
    if let Some(t) = &m.template {
        let _ = writeln!(out, "  structure: {t}");
    }
    if !m.comparisons.is_empty() {
        let _ = writeln!(
            out,
            "  worker households vs non-worker households of the same districts (H; descriptive, not causal):"
        );
        for c in &m.comparisons {
            let d = &c.h_difference;
            let _ = writeln!(
                out,
                "    {:<26} {} vs {}: {:+.1} points ({:+.1} to {:+.1})",
                c.label.as_deref().unwrap_or(&c.sector),
                pct(&c.h_workers),
                pct(&c.h_others),
                100.0 * d.value,
                100.0 * d.ci[0],
                100.0 * d.ci[1]
            );
        }
    }
    round_changes(out, m.rounds.as_deref(), &m.changes, |c| {
        Some((c.measure.as_str(), false))
    });
    for n in &m.notes {
        let _ = writeln!(out, "  note: {n}");
    }
}
