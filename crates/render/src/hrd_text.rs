//! The HRD section of the terminal summary: each sector's local share of
//! every job level, from each source, under each definition of local.

use std::fmt::Write as _;

use clusterdx_results::{Figure, Hrd};

/// A share as `89.3 (87.3–91.0)` in percent; `not defined` when absent.
fn share(f: Option<&Figure>) -> String {
    match f {
        Some(f) => format!(
            "{:.1} ({:.1}–{:.1})",
            100.0 * f.value,
            100.0 * f.ci[0],
            100.0 * f.ci[1]
        ),
        None => "not defined".to_string(),
    }
}

/// Writes the HRD section.
pub(crate) fn hrd_text(out: &mut String, h: &Hrd) {
    let _ = writeln!(out);
    let pct = (h.level * 100.0).round();
    for (k, def) in h.definitions.iter().enumerate() {
        let _ = writeln!(
            out,
            "human-resource development — local share of each job level, %, {pct:.0}% CI; local = {} ({})",
            def.name,
            def.tiers.join(" + ")
        );
        let mut line = format!("  {:<26} {:<8}", "sector", "source");
        for l in &h.levels {
            let _ = write!(line, " {l:<20}");
        }
        let _ = writeln!(out, "{}", line.trim_end());
        for s in &h.sectors {
            for (j, p) in s.participation.iter().enumerate() {
                let name = if j == 0 {
                    s.label.as_deref().unwrap_or(&s.sector)
                } else {
                    ""
                };
                let mut line = format!("  {name:<26} {:<8}", p.source);
                if let Some(local) = p.local.get(k) {
                    for c in &local.levels {
                        let _ = write!(line, " {:<20}", share(c.local_share.as_ref()));
                    }
                }
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
    }
    let apart: Vec<String> = h
        .sectors
        .iter()
        .flat_map(|s| {
            s.source_differences
                .iter()
                .filter(|d| !d.intervals_overlap)
                .map(move |d| {
                    format!(
                        "{} {} ({})",
                        s.label.as_deref().unwrap_or(&s.sector),
                        d.level.as_deref().unwrap_or("all levels"),
                        d.definition
                    )
                })
        })
        .collect();
    if !apart.is_empty() {
        let _ = writeln!(
            out,
            "  roster and worker survey disagree (intervals apart): {}",
            apart.join("; ")
        );
    }
    for r in &h.sources {
        if r.invalid > 0 || r.missing > 0 || r.left_out > 0 {
            let _ = writeln!(
                out,
                "  {} (`{}`): {} rows left out; occupation codes {} invalid, {} missing (counted in levels, not in skill cells)",
                r.source, r.dataset, r.left_out, r.invalid, r.missing
            );
        }
    }
}
