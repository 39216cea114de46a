//! Plain-text renderings for the terminal.

use std::fmt::Write;

use clusterdx_results::{Diagnostic, Results, Severity};

/// Diagnostics as readable text, one block per finding:
///
/// ```text
/// error[missing-column]: study.toml:12:10: dataset `workers`: sector column `sectr` is not in `workers.dta`
///   expected: a column of `workers.dta` (13 columns)
///   help: closest existing names: `sector`
/// ```
pub fn diagnostics_text(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{sev}[{}]: {}", d.code, d.message);
        if let Some(p) = &d.study_position {
            let at = format!("{}:{}:{}", p.file, p.line, p.column);
            if !d.message.contains(&at) {
                let _ = writeln!(out, "  declared at: {at}");
            }
        }
        if let Some(e) = &d.expected {
            let _ = writeln!(out, "  expected: {e}");
        }
        if !d.rows.is_empty() {
            let rows: Vec<String> = d.rows.iter().map(u64::to_string).collect();
            let total = d.count.unwrap_or(d.rows.len() as u64);
            let more = if total > d.rows.len() as u64 {
                format!(" … ({total} in all)")
            } else {
                String::new()
            };
            let _ = writeln!(out, "  rows: {}{more}", rows.join(", "));
        }
        if let Some(h) = &d.help {
            let _ = writeln!(out, "  help: {h}");
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let _ = writeln!(
        out,
        "{errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    out
}

fn fmt_num(x: f64) -> String {
    if x.abs() >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// A short terminal summary of a run.
pub fn results_text(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.study.name);
    if let Some(n) = &r.study.notice {
        let _ = writeln!(out, "*** {n} ***");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<24} {:>9} {:>8}  {:<10} source",
        "dataset", "rows", "columns", "format"
    );
    for d in &r.datasets {
        let _ = writeln!(
            out,
            "{:<24} {:>9} {:>8}  {:<10} {}",
            d.name,
            d.rows,
            d.columns.len() as u64 + d.personal_columns_withheld,
            d.format,
            d.source
        );
    }
    overview_text(&mut out, r);
    if let Some(s) = &r.ingest_summary {
        for d in &s.datasets {
            if d.by_sector.is_empty() && d.design.is_none() {
                continue;
            }
            let _ = writeln!(out);
            let weighted = d
                .weighted_units
                .map(|w| format!(", weighted {}", fmt_num(w)))
                .unwrap_or_default();
            let _ = writeln!(out, "{}: {} units{weighted}", d.dataset, d.units);
            for s in &d.by_sector {
                let label = s.label.as_deref().unwrap_or(&s.code);
                let w = s
                    .weighted_units
                    .map(|w| format!("  (weighted {})", fmt_num(w)))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {label:<30} {:>7}{w}", s.units);
            }
            if let Some(g) = &d.design {
                match &g.replicates {
                    Some(r) if !r.made => {
                        let _ = write!(out, "  design: {} {} replicate weights", r.count, r.method);
                    }
                    _ => {
                        let _ = write!(out, "  design: {} strata, {} PSUs", g.strata, g.psus);
                    }
                }
                if g.fpc {
                    let _ = write!(out, ", with fpc");
                }
                if let Some(w) = &g.weight_stats {
                    let _ = write!(
                        out,
                        "; weights {}–{}, Kish deff {:.2}",
                        fmt_num(w.min),
                        fmt_num(w.max),
                        w.kish_deff
                    );
                }
                let _ = writeln!(out);
                if let Some(v) = &g.variance {
                    let _ = writeln!(out, "  variance: {v}");
                }
                if let Some(c) = &g.calibration {
                    let _ = writeln!(
                        out,
                        "  calibration: {} on {} in {} iteration(s), largest gap {:.1e}, weights ×{:.3}–{:.3}",
                        c.method,
                        c.margins.join(", "),
                        c.iterations,
                        c.max_relative_gap,
                        c.adjustment_min,
                        c.adjustment_max
                    );
                }
                if !g.single_psu_strata.is_empty() {
                    let _ = writeln!(
                        out,
                        "  single-PSU strata ({}): {}",
                        g.lonely_psu,
                        g.single_psu_strata.join(", ")
                    );
                }
            }
        }
    }
    for t in &r.estimates {
        let _ = writeln!(out);
        let what = match (&t.denominator, &t.category, t.p) {
            (Some(d), _, _) => format!("{} / {d}", t.variable),
            (_, Some(c), _) => format!("{} = {c}", t.variable),
            (_, _, Some(p)) => format!("{} (p = {p})", t.variable),
            _ => t.variable.clone(),
        };
        let by =
            t.by.as_ref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} of {what}{by} — {}; variance: {}; {:.0}% CI",
            t.statistic,
            t.dataset,
            t.variance,
            100.0 * t.level
        );
        let _ = writeln!(
            out,
            "  {:<28} {:>14} {:>12} {:>27} {:>6} {:>7}",
            "domain", "estimate", "SE", "CI", "df", "n"
        );
        for row in &t.rows {
            let name = domain_name(row.label.as_deref(), row.domain.as_deref());
            let _ = writeln!(
                out,
                "  {name:<28} {:>14} {:>12} {:>27} {:>6} {:>7}",
                sig(row.value),
                sig(row.se),
                format!("[{}, {}]", sig(row.ci[0]), sig(row.ci[1])),
                row.df,
                row.n
            );
        }
        // Differences, grouped by what is subtracted.
        let mut versus: Vec<&str> = Vec::new();
        for d in &t.differences {
            if !versus.contains(&d.versus.as_str()) {
                versus.push(&d.versus);
            }
        }
        for v in versus {
            let _ = writeln!(
                out,
                "  {:<28} {:>14} {:>12} {:>27} {:>6} {:>7}",
                format!("minus {v}"),
                "difference",
                "SE",
                "CI",
                "df",
                "p"
            );
            for d in t.differences.iter().filter(|d| d.versus == v) {
                let name = domain_name(d.label.as_deref(), d.domain.as_deref());
                let _ = writeln!(
                    out,
                    "  {name:<28} {:>14} {:>12} {:>27} {:>6} {:>7}",
                    sig(d.value),
                    sig(d.se),
                    format!("[{}, {}]", sig(d.ci[0]), sig(d.ci[1])),
                    sig(d.df),
                    if d.p_value < 0.001 {
                        "<0.001".to_string()
                    } else {
                        format!("{:.3}", d.p_value)
                    }
                );
            }
        }
    }
    if let Some(c) = &r.cluster {
        cluster_text(&mut out, c);
    }
    if let Some(c) = &r.concentration {
        concentration_text(&mut out, c);
    }
    if let Some(h) = &r.hrd {
        crate::hrd_text::hrd_text(&mut out, h);
    }
    if let Some(p) = &r.poverty {
        crate::poverty_text::poverty_text(&mut out, p);
    }
    if let Some(m) = &r.mpi {
        crate::poverty_text::mpi_text(&mut out, m);
    }
    for m in &r.pls {
        crate::pls_text::pls_text(&mut out, m);
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\n{} warning(s); see results.json", r.warnings.len());
    }
    out
}

/// Each sector in a line: its class, locals in management, and the
/// headcount of its workers' households (with intervals).
fn overview_text(out: &mut String, r: &Results) {
    let Some(c) = &r.cluster else {
        return;
    };
    let _ = writeln!(
        out,
        "\noverview: class · locals in management, % · workers' households below the first line, % (intervals)"
    );
    for s in &c.sectors {
        let name = s.label.as_deref().unwrap_or(&s.sector);
        let mgmt = r
            .hrd
            .as_ref()
            .and_then(|h| h.sectors.iter().find(|x| x.sector == s.sector))
            .and_then(clusterdx_results::HrdSector::managerial_local_share)
            .map_or("–".to_string(), |(f, _)| crate::poverty_text::pct(f));
        let poor = r
            .poverty
            .as_ref()
            .and_then(|p| p.comparisons.iter().find(|x| x.sector == s.sector))
            .map_or("–".to_string(), |x| {
                crate::poverty_text::pct(&x.headcount_workers)
            });
        let _ = writeln!(out, "  {name:<26} {:<18} {mgmt:<20} {poor}", s.class);
    }
}

/// The cluster diagnostic: each sector's class, interaction score, the
/// indicators it lacks, what would move it up, and how stable it is.
fn cluster_text(out: &mut String, c: &clusterdx_results::ClusterDiagnostic) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "cluster diagnostic — framework `{}`{}",
        c.framework,
        if c.replicates > 0 {
            format!(
                ", stability over {} replicates of the firm survey",
                c.replicates
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "  {:<28} {:<20} {:>11} {:>9}  missing (score 0)",
        "sector", "class", "interaction", "stable"
    );
    for s in &c.sectors {
        let name = s.label.as_deref().unwrap_or(&s.sector);
        let mut missing = s.missing.join(" ");
        if !s.no_evidence.is_empty() {
            missing.push_str(&format!(" (no evidence: {})", s.no_evidence.join(" ")));
        }
        let _ = writeln!(
            out,
            "  {name:<28} {:<20} {:>11} {:>9}  {missing}",
            s.class,
            s.interaction.map_or("–".to_string(), |i| format!("{i:.2}")),
            s.stability
                .map_or("–".to_string(), |x| format!("{:.0}%", 100.0 * x)),
        );
    }
    for s in &c.sectors {
        let name = s.label.as_deref().unwrap_or(&s.sector);
        if let Some(first) = s.to_next_class.first() {
            let raises: Vec<String> = first
                .iter()
                .map(|r| {
                    format!(
                        "{} {}→{}",
                        r.indicator,
                        r.from.map_or("–".to_string(), |f| format!("{f}")),
                        r.to
                    )
                })
                .collect();
            let _ = writeln!(out, "  to move {name} up: {}", raises.join(", "));
        }
        let uncertain: Vec<&str> = s
            .indicators
            .iter()
            .filter(|i| i.uncertain)
            .map(|i| i.id.as_str())
            .collect();
        if !uncertain.is_empty() {
            let _ = writeln!(
                out,
                "  {name}: evidence interval spans a cut-off for {}",
                uncertain.join(" ")
            );
        }
        let class_changes: Vec<String> = s
            .threshold_effects
            .iter()
            .filter(|e| e.class_changed)
            .map(|e| format!("{} cut-offs ×{} → {}", e.indicator, e.factor, e.class))
            .collect();
        if !class_changes.is_empty() {
            let _ = writeln!(out, "  {name} is fragile: {}", class_changes.join("; "));
        }
    }
}

/// A domain as shown: its label, else its code; `(all)` for the overall row.
fn domain_name<'a>(label: Option<&'a str>, code: Option<&'a str>) -> &'a str {
    label.or(code).unwrap_or("(all)")
}

/// A number with 4 significant digits (more for large integers).
fn sig(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let a = x.abs();
    if a >= 1e4 {
        format!("{x:.0}")
    } else if a >= 1.0 {
        format!(
            "{x:.*}",
            3usize.saturating_sub(a.log10().floor() as usize),
            x = x
        )
    } else if a == 0.0 {
        "0".to_string()
    } else if a < 1e-4 {
        format!("{x:.3e}")
    } else {
        format!("{x:.*}", (3.0 - a.log10().floor()) as usize, x = x)
    }
}

/// Data-quality table of the mapped columns of each dataset: concept,
/// column, type, missing share and values out of range.
pub fn quality_text(datasets: &[clusterdx_results::DatasetSummary]) -> String {
    let mut out = String::new();
    for d in datasets {
        let _ = writeln!(
            out,
            "{} ({} rows, {} columns{}) from {}",
            d.name,
            d.rows,
            d.columns.len() as u64 + d.personal_columns_withheld,
            if d.personal_columns_withheld > 0 {
                format!(", {} personal withheld", d.personal_columns_withheld)
            } else {
                String::new()
            },
            d.source
        );
        for c in d.columns.iter().filter(|c| !c.roles.is_empty()) {
            let _ = write!(
                out,
                "  {:<18} {:<32} {:<12} missing {:>5.1}%",
                c.roles.join(", "),
                c.name,
                c.kind,
                100.0 * c.missing_share
            );
            if c.out_of_range > 0 {
                let _ = write!(out, ", {} out of range", c.out_of_range);
            }
            let _ = writeln!(out);
        }
    }
    out
}

/// The concentration indices at a glance: the most localised industries
/// and the most specialised regions.
fn concentration_text(out: &mut String, c: &clusterdx_results::Concentration) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "concentration — {}: {} regions × {} industries",
        c.dataset,
        c.regions.len(),
        c.industries.len()
    );
    let mut industries: Vec<&clusterdx_results::IndustryIndices> = c.industries.iter().collect();
    industries.sort_by(|a, b| b.locational_gini.total_cmp(&a.locational_gini));
    let _ = writeln!(out, "  most localised industries (locational Gini):");
    for i in industries.iter().take(5) {
        let _ = writeln!(
            out,
            "    {:<44} {:>6.3}",
            i.label.as_deref().unwrap_or(&i.industry),
            i.locational_gini
        );
    }
    if let Some(w) = &c.complexity_warning {
        let _ = writeln!(out, "  ECI/PCI are ill-determined: {w}");
    }
    let mut regions: Vec<&clusterdx_results::RegionIndices> = c.regions.iter().collect();
    regions.sort_by(|a, b| b.krugman.total_cmp(&a.krugman));
    let _ = writeln!(out, "  most specialised regions (Krugman index, 0–2):");
    for r in regions.iter().take(5) {
        let _ = writeln!(out, "    {:<44} {:>6.3}", r.region, r.krugman);
    }
}
