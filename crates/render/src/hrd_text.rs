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
    capacity_text(out, h);
    linkages_text(out, h);
    summary_text(out, h);
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

/// Capacity building: a line per sector with the share of firms training,
/// places per employee, the main provider, and the levels no training
/// reaches.
fn capacity_text(out: &mut String, h: &Hrd) {
    if h.sectors.iter().all(|s| s.capacity.is_none()) {
        return;
    }
    let _ = writeln!(
        out,
        "capacity building — firms giving formal training, %; training places per employee; main provider"
    );
    for s in &h.sectors {
        let Some(c) = &s.capacity else { continue };
        // The summary names the main trainer; this shows its share.
        let main = s
            .summary
            .main_trainer
            .as_ref()
            .and_then(|m| {
                let share = c
                    .providers
                    .iter()
                    .find(|p| &p.provider == m)?
                    .share
                    .as_ref()?;
                Some(format!("{m} {:.0}%", 100.0 * share.value))
            })
            .unwrap_or_else(|| "–".into());
        let places = c
            .participants_per_employee
            .as_ref()
            .map_or("–".to_string(), |f| format!("{:.3}", f.value));
        let firms = c
            .firms_training
            .as_ref()
            .map_or("–".to_string(), |f| share(Some(f)));
        let mut line = format!(
            "  {:<26} {:<20} {:<8} {}",
            s.label.as_deref().unwrap_or(&s.sector),
            firms,
            places,
            main
        );
        let untrained: Vec<String> = c
            .gaps
            .iter()
            .filter(|g| g.provider.is_none())
            .map(|g| format!("{} {}", g.level, g.who))
            .collect();
        if !untrained.is_empty() {
            let _ = write!(line, "; no training reaches: {}", untrained.join(", "));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Stakeholder linkages: density, strength index, isolates and the
/// expected links that are absent.
fn linkages_text(out: &mut String, h: &Hrd) {
    if h.sectors.iter().all(|s| s.linkages.is_none()) {
        return;
    }
    let _ = writeln!(
        out,
        "stakeholder linkages — actors, ties, density, strength index (0–1), isolates; expected links absent"
    );
    for s in &h.sectors {
        let Some(l) = &s.linkages else { continue };
        let absent: Vec<String> = l
            .expected_links
            .iter()
            .filter(|e| e.ties == 0)
            .map(|e| {
                let missing: Vec<&str> = e
                    .between
                    .iter()
                    .zip(e.actors)
                    .filter(|(_, n)| *n == 0)
                    .map(|(t, _)| t.as_str())
                    .collect();
                if missing.is_empty() {
                    format!("{} ↔ {}", e.between[0], e.between[1])
                } else {
                    format!(
                        "{} ↔ {} (no {})",
                        e.between[0],
                        e.between[1],
                        missing.join(", no ")
                    )
                }
            })
            .collect();
        let line = format!(
            "  {:<26} {:>3} {:>4} {:>6.3} {:>6.3} {:>3}  {}",
            s.label.as_deref().unwrap_or(&s.sector),
            l.actors,
            l.ties,
            l.density,
            l.strength_index,
            l.isolates.len(),
            absent.join("; ")
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The HRD index and where locals are fewest.
fn summary_text(out: &mut String, h: &Hrd) {
    let _ = writeln!(
        out,
        "HRD index (0–1; local management, firms training, places per employee, linkages) and the jobs with the fewest locals"
    );
    for s in &h.sectors {
        let m = &s.summary;
        let index = m.index.map_or("–".to_string(), |x| format!("{x:.2}"));
        let fewest: Vec<String> = m
            .fewest_locals
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}",
                    c.level,
                    c.skill.as_deref().unwrap_or(""),
                    share(c.local_share.as_ref())
                )
            })
            .collect();
        let line = format!(
            "  {:<26} {:>5}  {}",
            s.label.as_deref().unwrap_or(&s.sector),
            index,
            fewest.join("; ")
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
