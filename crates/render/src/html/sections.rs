//! The report's sections, each from its part of the results (empty when
//! the study did not ask for it).

use std::fmt::Write as _;

use clusterdx_results::{Figure, HrdSector, PlsModel, Results, SectorDiagnosis};

use super::svg::{IntervalRow, Scale, StackedRow, interval_chart, network_chart, stacked_chart};
use super::{esc, fig, table};

fn sector_name(code: &str, label: Option<&String>) -> String {
    label.cloned().unwrap_or_else(|| code.to_string())
}

/// Each sector at a glance: class, managerial local share, headcount of
/// its workers' households.
pub(super) fn overview(r: &Results) -> String {
    let mut sectors: Vec<(String, String)> = Vec::new();
    if let Some(c) = &r.cluster {
        for s in &c.sectors {
            sectors.push((s.sector.clone(), sector_name(&s.sector, s.label.as_ref())));
        }
    }
    if let Some(h) = &r.hrd {
        for s in &h.sectors {
            if !sectors.iter().any(|x| x.0 == s.sector) {
                sectors.push((s.sector.clone(), sector_name(&s.sector, s.label.as_ref())));
            }
        }
    }
    if sectors.is_empty() {
        return String::new();
    }
    let mut out = String::from(r#"<div class="cards">"#);
    for (code, name) in &sectors {
        let _ = write!(out, r#"<div class="card"><h3>{}</h3>"#, esc(name));
        if let Some(s) = r
            .cluster
            .as_ref()
            .and_then(|c| c.sectors.iter().find(|s| &s.sector == code))
        {
            let _ = write!(
                out,
                r#"<div>Class: <span class="class">{}</span></div>"#,
                esc(&s.class)
            );
        }
        if let Some((f, from)) = r
            .hrd
            .as_ref()
            .and_then(|h| h.sectors.iter().find(|s| &s.sector == code))
            .and_then(HrdSector::managerial_local_share)
        {
            let _ = write!(
                out,
                r#"<div>Locals in management: {} <span class="muted">({})</span></div>"#,
                esc(&fig(f, true)),
                esc(&from)
            );
        }
        if let Some(c) = r
            .poverty
            .as_ref()
            .and_then(|p| p.comparisons.iter().find(|c| &c.sector == code))
        {
            let _ = write!(
                out,
                r#"<div>Poverty headcount of workers' households: {} <span class="muted">(others nearby {})</span></div>"#,
                esc(&fig(&c.headcount_workers, true)),
                esc(&fig(&c.headcount_others, true))
            );
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    if let Some(p) = &r.poverty {
        let _ = write!(
            out,
            r#"<p class="muted">Headcounts at the line `{}`; intervals at {:.0}%. Worker households against non-worker households of the same districts are descriptive contrasts, not causal effects.</p>"#,
            esc(p.lines.first().map_or("", |l| l.name.as_str())),
            100.0 * p.level
        );
    }
    out
}

/// What was surveyed and how much data each file held.
pub(super) fn study(r: &Results) -> String {
    let mut out = String::new();
    let rows: Vec<Vec<String>> = r
        .datasets
        .iter()
        .map(|d| {
            vec![
                esc(&d.name),
                esc(d.unit.as_deref().unwrap_or("")),
                format!("#{}", d.rows),
                format!("#{}", d.columns.len()),
                esc(&d.format),
                esc(&d.source),
                format!("#{}", d.personal_columns_withheld),
            ]
        })
        .collect();
    table(
        &mut out,
        "",
        &[
            "dataset",
            "unit",
            "rows",
            "columns",
            "format",
            "file",
            "personal columns withheld",
        ],
        &rows,
    );
    // The sampling designs.
    if let Some(ing) = &r.ingest_summary {
        let rows: Vec<Vec<String>> = ing
            .datasets
            .iter()
            .filter_map(|d| {
                let g = d.design.as_ref()?;
                Some(vec![
                    esc(&d.dataset),
                    format!("#{}", d.units),
                    d.weighted_units
                        .map_or_else(|| "–".into(), |w| format!("#{w:.0}")),
                    esc(g.weights.as_deref().unwrap_or("none")),
                    format!("#{}", g.strata),
                    format!("#{}", g.psus),
                    esc(g.variance.as_deref().unwrap_or("Taylor linearisation")),
                    esc(&g.lonely_psu),
                ])
            })
            .collect();
        if !rows.is_empty() {
            out.push_str("<h3>Sampling designs</h3>");
            table(
                &mut out,
                "",
                &[
                    "dataset",
                    "units",
                    "estimated population",
                    "weights",
                    "strata",
                    "PSUs",
                    "variance",
                    "single-PSU strata rule",
                ],
                &rows,
            );
        }
    }
    if !r.warnings.is_empty() {
        let _ = write!(
            out,
            "<h3>Data-quality warnings ({})</h3><ul>",
            r.warnings.len()
        );
        for w in &r.warnings {
            let _ = write!(
                out,
                r#"<li class="warn"><code>{}</code> {}</li>"#,
                esc(&w.code),
                esc(&w.message)
            );
        }
        out.push_str("</ul>");
    }
    out
}

/// The status of indicator `id` in a sector, as a CSS class and symbol.
fn status(s: &SectorDiagnosis, id: &str) -> (&'static str, &'static str, &'static str) {
    let has = |v: &[String]| v.iter().any(|x| x == id);
    if has(&s.present) {
        ("present", "●", "present")
    } else if has(&s.partial) {
        ("partial", "◐", "partial")
    } else if has(&s.missing) {
        ("absent", "○", "absent")
    } else {
        ("none", "–", "no evidence")
    }
}

/// The sector × indicator matrix, classes and what would change them.
pub(super) fn cluster(r: &Results) -> String {
    let Some(c) = &r.cluster else {
        return String::new();
    };
    let mut out = format!(
        r#"<p>{} — {}. <span class="legend"><span class="present">● present</span><span class="partial">◐ partial</span><span class="absent">○ absent</span><span class="none">– no evidence</span></span></p>"#,
        esc(&c.framework),
        esc(&c.typology)
    );
    out.push_str(r#"<table class="matrix"><thead><tr><th>sector</th><th>class</th>"#);
    for i in &c.indicators {
        let _ = write!(out, r#"<th title="{}">{}</th>"#, esc(&i.name), esc(&i.id));
    }
    out.push_str("</tr></thead><tbody>");
    for s in &c.sectors {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td>",
            esc(&sector_name(&s.sector, s.label.as_ref())),
            esc(&s.class)
        );
        for i in &c.indicators {
            let (class, symbol, word) = status(s, &i.id);
            let evidence: Vec<String> = s
                .indicators
                .iter()
                .find(|x| x.id == i.id)
                .map(|x| {
                    x.evidence
                        .iter()
                        .flatten()
                        .map(|e| match e.ci {
                            Some([lo, hi]) => format!("{:.3} ({lo:.3}–{hi:.3})", e.value),
                            None => format!("{:.3}", e.value),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let _ = write!(
                out,
                r#"<td class="cell {class}" title="{}">{symbol}</td>"#,
                esc(&format!(
                    "{}: {word}{}",
                    i.name,
                    if evidence.is_empty() {
                        String::new()
                    } else {
                        format!("; evidence {}", evidence.join(", "))
                    }
                ))
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    let rows: Vec<Vec<String>> = c
        .sectors
        .iter()
        .map(|s| {
            let next: Vec<String> = s
                .to_next_class
                .iter()
                .map(|alt| {
                    alt.iter()
                        .map(|x| x.indicator.clone())
                        .collect::<Vec<_>>()
                        .join(" + ")
                })
                .collect();
            vec![
                esc(&sector_name(&s.sector, s.label.as_ref())),
                esc(&s.class),
                s.interaction
                    .map_or_else(|| "–".into(), |v| format!("#{v:.2}")),
                esc(&s.missing.join(", ")),
                esc(&next.join("; or ")),
                s.stability
                    .map_or_else(|| "–".into(), |v| format!("#{:.0}%", 100.0 * v)),
            ]
        })
        .collect();
    table(
        &mut out,
        "",
        &[
            "sector",
            "class",
            "interaction score",
            "absent indicators",
            "what would raise the class",
            "same class under resampling",
        ],
        &rows,
    );
    // Sensitivity: the cut-off moves that change a sector's class.
    let rows: Vec<Vec<String>> = c
        .sectors
        .iter()
        .flat_map(|d| {
            d.threshold_effects
                .iter()
                .filter(|t| t.class_changed)
                .map(move |t| {
                    vec![
                        esc(&sector_name(&d.sector, d.label.as_ref())),
                        esc(&d.class),
                        esc(&format!("{} (source {})", t.indicator, t.source)),
                        format!("#× {:.2}", t.factor),
                        esc(&t.class),
                    ]
                })
        })
        .collect();
    if rows.is_empty() {
        let _ = write!(
            out,
            r#"<p class="muted">Sensitivity: no sector changes class when any indicator's cut-offs are moved by the factors {}.</p>"#,
            esc(&c
                .factors
                .iter()
                .map(|f| format!("× {f}"))
                .collect::<Vec<_>>()
                .join(", "))
        );
    } else {
        out.push_str("<h3>Sensitivity to the cut-offs</h3><p class=\"muted\">The moves of one indicator's cut-offs that change a sector's class.</p>");
        table(
            &mut out,
            "",
            &[
                "sector",
                "class",
                "indicator moved",
                "cut-offs",
                "class after",
            ],
            &rows,
        );
    }
    out
}

/// Per-industry concentration indices.
pub(super) fn concentration(r: &Results) -> String {
    let Some(c) = &r.concentration else {
        return String::new();
    };
    let mut out = String::new();
    let num = |v: Option<f64>| v.map_or_else(|| "–".into(), |v| format!("#{v:.3}"));
    let rows: Vec<Vec<String>> = c
        .industries
        .iter()
        .map(|i| {
            vec![
                esc(i.label.as_deref().unwrap_or(&i.industry)),
                format!("#{:.0}", i.total),
                num(Some(i.locational_gini)),
                num(Some(i.hoover)),
                num(i.ellison_glaeser),
                num(i.pci),
            ]
        })
        .collect();
    table(
        &mut out,
        "",
        &[
            "industry",
            "employment",
            "locational Gini",
            "Hoover",
            "Ellison–Glaeser",
            "PCI",
        ],
        &rows,
    );
    out
}

/// Local shares by job level, capacity building and the HRD index.
pub(super) fn hrd(r: &Results) -> String {
    let Some(h) = &r.hrd else {
        return String::new();
    };
    let mut out = format!(
        r#"<p>Local share of each job level, by sector: the share of the level's employees who are local, with {:.0}% intervals. Both definitions of local are estimated in results.json; the first source and definition are shown.</p>"#,
        100.0 * h.level
    );
    let mut chart_rows = Vec::new();
    let mut rows = Vec::new();
    for s in &h.sectors {
        let name = sector_name(&s.sector, s.label.as_ref());
        let Some(p) = s.participation.first() else {
            continue;
        };
        let Some(l) = p.local.first() else {
            continue;
        };
        let mut row = vec![esc(&name), esc(&format!("{}, {}", p.source, l.definition))];
        for c in &l.levels {
            row.push(
                c.local_share
                    .as_ref()
                    .map_or_else(|| "–".into(), |f| format!("#{}", esc(&fig(f, true)))),
            );
            if let Some(f) = &c.local_share {
                chart_rows.push(IntervalRow {
                    label: format!("{name} · {}", c.level),
                    value: f.value,
                    ci: Some(f.ci),
                    series: h.levels.iter().position(|x| x == &c.level).unwrap_or(0),
                });
            }
        }
        row.push(
            s.capacity
                .as_ref()
                .and_then(|c| c.firms_training.as_ref())
                .map_or_else(|| "–".into(), |f| format!("#{}", esc(&fig(f, true)))),
        );
        row.push(
            s.summary
                .index
                .map_or_else(|| "–".into(), |v| format!("#{v:.2}")),
        );
        rows.push(row);
    }
    let mut head: Vec<String> = vec!["sector".into(), "source".into()];
    head.extend(h.levels.iter().map(|l| format!("local share: {l}")));
    head.push("firms training".into());
    head.push("HRD index".into());
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    table(&mut out, "", &head, &rows);
    out.push_str(&interval_chart(
        "Local share of each job level, by sector",
        &chart_rows,
        Scale::Percent,
        &h.levels,
    ));
    out.push_str(&definitions_side_by_side(h));
    out.push_str(&heat_maps(h));
    out.push_str(&capacity(h));
    out.push_str(&networks(h));
    out
}

/// Capacity building: training given, its intensity, the main trainer and
/// the gaps (levels a provider's training, or any training, does not
/// reach).
fn capacity(h: &clusterdx_results::Hrd) -> String {
    let cell = |f: Option<&Figure>, share: bool| {
        f.map_or_else(|| "–".into(), |f| format!("#{}", esc(&fig(f, share))))
    };
    let rows: Vec<Vec<String>> = h
        .sectors
        .iter()
        .filter_map(|s| {
            let c = s.capacity.as_ref()?;
            Some(vec![
                esc(&sector_name(&s.sector, s.label.as_ref())),
                cell(c.firms_training.as_ref(), true),
                cell(c.participants_per_employee.as_ref(), false),
                cell(c.hours_per_employee.as_ref(), false),
                esc(s.summary.main_trainer.as_deref().unwrap_or("–")),
                esc(&c
                    .gaps
                    .iter()
                    .map(|g| match &g.provider {
                        Some(p) => format!("{} ({}, {p})", g.level, g.who),
                        None => format!("{} ({})", g.level, g.who),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")),
            ])
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from("<h3>Capacity building</h3>");
    table(
        &mut out,
        "",
        &[
            "sector",
            "firms training",
            "training places per employee",
            "training hours per employee",
            "main trainer",
            "gaps: level (whose training, provider without any there)",
        ],
        &rows,
    );
    out
}

/// Each sector's stakeholder network: actors coloured by type, sized by
/// degree, ties by strength; density and the missing expected links.
fn networks(h: &clusterdx_results::Hrd) -> String {
    let mut out = String::from(
        r#"<h3>Stakeholder networks</h3><p class="muted">Actors on a circle, coloured by type and sized by their ties; thicker lines are stronger ties.</p><div class="cards wide">"#,
    );
    let mut any = false;
    for s in &h.sectors {
        let Some(l) = &s.linkages else {
            continue;
        };
        any = true;
        let mut types: Vec<String> = Vec::new();
        for a in &l.centrality {
            let t = a.actor_type.clone().unwrap_or_else(|| "other".into());
            if !types.contains(&t) {
                types.push(t);
            }
        }
        let nodes: Vec<(String, usize, f64)> = l
            .centrality
            .iter()
            .map(|a| {
                let t = a.actor_type.clone().unwrap_or_else(|| "other".into());
                (
                    format!("{} ({t}), {} ties", a.actor, a.degree),
                    types.iter().position(|x| x == &t).unwrap_or(0),
                    a.degree as f64,
                )
            })
            .collect();
        let index = |id: &str| l.centrality.iter().position(|a| a.actor == id);
        let edges: Vec<(usize, usize, f64)> = l
            .edges
            .iter()
            .filter_map(|e| Some((index(&e.from)?, index(&e.to)?, e.strength)))
            .collect();
        let name = sector_name(&s.sector, s.label.as_ref());
        let _ = write!(
            out,
            r#"<div class="card"><h3>{}</h3><p>density {:.2}, strength index {:.2}{}</p>{}</div>"#,
            esc(&name),
            l.density,
            l.strength_index,
            if s.summary.absent_links.is_empty() {
                String::new()
            } else {
                format!(
                    "; missing expected links: {}",
                    esc(&s
                        .summary
                        .absent_links
                        .iter()
                        .map(|[a, b]| format!("{a}–{b}"))
                        .collect::<Vec<_>>()
                        .join(", "))
                )
            },
            network_chart(
                &format!("Stakeholder network, {name}"),
                &nodes,
                &edges,
                &types
            )
        );
    }
    out.push_str("</div>");
    if any { out } else { String::new() }
}

/// The local share of each level under every definition of local, side
/// by side (first source).
fn definitions_side_by_side(h: &clusterdx_results::Hrd) -> String {
    if h.definitions.len() < 2 {
        return String::new();
    }
    let mut out = String::from("<h3>The definitions of local side by side</h3>");
    let _ = write!(
        out,
        r#"<p class="muted">{}.</p>"#,
        esc(&h
            .definitions
            .iter()
            .map(|d| format!("{}: {}", d.name, d.tiers.join(", ")))
            .collect::<Vec<_>>()
            .join("; "))
    );
    let mut head: Vec<String> = vec!["sector".into(), "level".into()];
    head.extend(
        h.definitions
            .iter()
            .map(|d| format!("local share ({})", d.name)),
    );
    let mut rows = Vec::new();
    for s in &h.sectors {
        let Some(p) = s.participation.first() else {
            continue;
        };
        for level in &h.levels {
            let mut row = vec![esc(&sector_name(&s.sector, s.label.as_ref())), esc(level)];
            for d in &h.definitions {
                let f = p
                    .local
                    .iter()
                    .find(|l| l.definition == d.name)
                    .and_then(|l| l.levels.iter().find(|c| &c.level == level))
                    .and_then(|c| c.local_share.as_ref());
                row.push(f.map_or_else(|| "–".into(), |f| format!("#{}", esc(&fig(f, true)))));
            }
            rows.push(row);
        }
    }
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    table(&mut out, "", &head, &rows);
    out
}

/// Each sector's level × skill local shares as a heat map (darker: more
/// locals), the interval on hover and in the cell's text alternative.
fn heat_maps(h: &clusterdx_results::Hrd) -> String {
    let mut out = String::from(
        r#"<h3>Local share by job level × skill</h3><p class="muted">First source and definition; darker cells have more locals; an empty cell has no employees.</p><div class="cards wide">"#,
    );
    let mut any = false;
    for s in &h.sectors {
        let Some(l) = s.participation.first().and_then(|p| p.local.first()) else {
            continue;
        };
        if l.cells.is_empty() {
            continue;
        }
        any = true;
        let _ = write!(
            out,
            r#"<div class="card"><h3>{}</h3><table class="matrix"><thead><tr><th>level</th>"#,
            esc(&sector_name(&s.sector, s.label.as_ref()))
        );
        for sk in &h.skills {
            let _ = write!(out, "<th>{}</th>", esc(sk));
        }
        out.push_str("</tr></thead><tbody>");
        for level in h.levels.iter().rev() {
            let _ = write!(out, "<tr><td>{}</td>", esc(level));
            for sk in &h.skills {
                let cell = l
                    .cells
                    .iter()
                    .find(|c| &c.level == level && c.skill.as_ref() == Some(sk));
                match cell.and_then(|c| c.local_share.as_ref()) {
                    Some(f) => {
                        // Blue from light to dark with the share.
                        let light = 95.0 - 55.0 * f.value.clamp(0.0, 1.0);
                        let ink = if light < 60.0 { "#fff" } else { "#1d1d1f" };
                        let _ = write!(
                            out,
                            r#"<td class="cell" style="background:hsl(205,70%,{light:.0}%);color:{ink}" title="{}">{:.0}%</td>"#,
                            esc(&format!("{level}, {sk}: {}", fig(f, true))),
                            100.0 * f.value
                        );
                    }
                    None => out.push_str(r#"<td class="cell none">–</td>"#),
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</div>");
    if any { out } else { String::new() }
}

/// Headcounts, inequality and the comparisons.
pub(super) fn poverty(r: &Results) -> String {
    let Some(p) = &r.poverty else {
        return String::new();
    };
    let mut out = format!(
        "<p>Welfare: {}{}. Lines: {}.</p>",
        esc(&p.welfare),
        if p.person_weighted { ", persons" } else { "" },
        esc(&p
            .lines
            .iter()
            .map(|l| format!("{} = {:.2}", l.name, l.value))
            .collect::<Vec<_>>()
            .join(", "))
    );
    let mut head: Vec<String> = vec!["domain".into()];
    for l in &p.lines {
        head.push(format!("headcount ({})", l.name));
    }
    head.extend(["poverty gap".into(), "Gini".into(), "Palma".into()]);
    let mut chart = Vec::new();
    let rows: Vec<Vec<String>> = p
        .domains
        .iter()
        .map(|d| {
            let name = match (&d.by, &d.code) {
                (Some(by), Some(code)) => format!("{by}: {}", d.label.as_deref().unwrap_or(code)),
                _ => "everyone".into(),
            };
            let mut row = vec![esc(&name)];
            for (k, m) in d.lines.iter().enumerate() {
                let h = m.fgt.iter().find(|f| f.parameter == 0.0);
                row.push(h.map_or_else(
                    || "–".into(),
                    |f| format!("#{}", esc(&fig(&f.figure, true))),
                ));
                if k == 0
                    && let Some(f) = h
                {
                    chart.push(IntervalRow {
                        label: name.clone(),
                        value: f.figure.value,
                        ci: Some(f.figure.ci),
                        series: 0,
                    });
                }
            }
            let gap = d
                .lines
                .first()
                .and_then(|m| m.fgt.iter().find(|f| f.parameter == 1.0));
            row.push(gap.map_or_else(
                || "–".into(),
                |f| format!("#{}", esc(&fig(&f.figure, true))),
            ));
            row.push(format!("#{}", esc(&fig(&d.inequality.gini, false))));
            row.push(format!("#{}", esc(&fig(&d.inequality.palma, false))));
            row
        })
        .collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    table(&mut out, "", &head, &rows);
    out.push_str(&interval_chart(
        "Poverty headcount by domain (first line)",
        &chart,
        Scale::Percent,
        &[],
    ));
    if !p.comparisons.is_empty() {
        out.push_str("<h3>Workers' households against comparable households</h3><p class=\"muted\">Each sector's worker households against non-worker households of the same districts: descriptive contrasts, not causal effects.</p>");
        let rows: Vec<Vec<String>> = p
            .comparisons
            .iter()
            .map(|c| {
                vec![
                    esc(c.label.as_deref().unwrap_or(&c.sector)),
                    format!("#{}", esc(&fig(&c.headcount_workers, true))),
                    format!("#{}", esc(&fig(&c.headcount_others, true))),
                    format!(
                        "#{:+.1} ({:+.1} to {:+.1})",
                        100.0 * c.headcount_difference.value,
                        100.0 * c.headcount_difference.ci[0],
                        100.0 * c.headcount_difference.ci[1]
                    ),
                ]
            })
            .collect();
        table(
            &mut out,
            "",
            &[
                "sector",
                "workers' households",
                "other households",
                "difference, points",
            ],
            &rows,
        );
    }
    for c in &p.contrasts {
        let _ = write!(
            out,
            "<p>{}: {} {} against {} {}.</p>",
            esc(&c.what),
            esc(&c.a),
            esc(&fig(&c.headcount_a, true)),
            esc(&c.b),
            esc(&fig(&c.headcount_b, true))
        );
    }
    for n in &p.notes {
        let _ = write!(out, r#"<p class="muted">{}</p>"#, esc(n));
    }
    out
}

/// H, A and M0 by group, and the indicators' contributions.
pub(super) fn mpi(r: &Results) -> String {
    let Some(m) = &r.mpi else {
        return String::new();
    };
    let mut out = format!(
        "<p>Alkire–Foster, k = {:.3}; {} indicators; {} households left out for a missing indicator (never counted as non-poor).{}</p>",
        m.k,
        m.indicators.len(),
        m.missing,
        m.template
            .as_ref()
            .map_or_else(String::new, |t| format!(" Structure: {}.", esc(t)))
    );
    let mut chart = Vec::new();
    let rows: Vec<Vec<String>> = m
        .groups
        .iter()
        .map(|g| {
            let name = match (&g.by, &g.code) {
                (Some(by), Some(code)) => format!("{by}: {}", g.label.as_deref().unwrap_or(code)),
                _ => "everyone".into(),
            };
            chart.push(IntervalRow {
                label: name.clone(),
                value: g.m0.value,
                ci: Some(g.m0.ci),
                series: 2,
            });
            vec![
                esc(&name),
                format!("#{}", esc(&fig(&g.h, true))),
                g.a.as_ref()
                    .map_or_else(|| "–".into(), |a| format!("#{:.3}", a.value)),
                format!("#{}", esc(&fig(&g.m0, false))),
            ]
        })
        .collect();
    table(&mut out, "", &["group", "H", "A", "M0"], &rows);
    out.push_str(&interval_chart(
        "Adjusted headcount ratio M0 by group",
        &chart,
        Scale::Number,
        &[],
    ));
    if let Some(all) = m.groups.first() {
        let rows: Vec<Vec<String>> = m
            .indicators
            .iter()
            .zip(&all.contributions)
            .zip(&all.censored)
            .map(|((i, c), h)| {
                vec![
                    esc(&i.name),
                    esc(&i.dimension),
                    format!("#{:.3}", i.weight),
                    format!("#{}", esc(&fig(h, true))),
                    c.map_or_else(|| "–".into(), |c| format!("#{:.1}%", 100.0 * c)),
                ]
            })
            .collect();
        // Contributions of each group, coloured by dimension.
        let mut dims: Vec<String> = Vec::new();
        for i in &m.indicators {
            if !dims.contains(&i.dimension) {
                dims.push(i.dimension.clone());
            }
        }
        let part_series: Vec<usize> = m
            .indicators
            .iter()
            .map(|i| dims.iter().position(|d| d == &i.dimension).unwrap_or(0))
            .collect();
        let names: Vec<String> = m.indicators.iter().map(|i| i.name.clone()).collect();
        let bars: Vec<StackedRow> = m
            .groups
            .iter()
            .map(|g| StackedRow {
                label: match (&g.by, &g.code) {
                    (Some(by), Some(code)) => {
                        format!("{by}: {}", g.label.as_deref().unwrap_or(code))
                    }
                    _ => "everyone".into(),
                },
                parts: g.contributions.iter().map(|c| c.unwrap_or(0.0)).collect(),
            })
            .collect();
        out.push_str("<h3>What makes up M0</h3><p class=\"muted\">Each indicator's share of the group's M0 (hover a segment for the indicator), coloured by dimension.</p>");
        out.push_str(&stacked_chart(
            "Contributions of the indicators to M0, by group",
            &bars,
            &names,
            &part_series,
            &dims,
        ));
        out.push_str("<h3>Indicators</h3>");
        table(
            &mut out,
            "",
            &[
                "indicator",
                "dimension",
                "weight",
                "censored headcount",
                "contribution to M0",
            ],
            &rows,
        );
    }
    out
}

/// A path diagram: constructs in columns by causal depth, arrows with
/// their coefficients (solid when the interval excludes 0).
fn path_diagram(m: &PlsModel) -> String {
    let names: Vec<&str> = m.constructs.iter().map(|c| c.name.as_str()).collect();
    let idx = |n: &str| names.iter().position(|x| *x == n);
    // Depth: the longest route from an exogenous construct.
    let mut depth = vec![0usize; names.len()];
    for _ in 0..names.len() {
        for p in &m.paths {
            if let (Some(a), Some(b)) = (idx(&p.from), idx(&p.to)) {
                depth[b] = depth[b].max(depth[a] + 1);
            }
        }
    }
    let cols = depth.iter().max().map_or(1, |d| d + 1);
    let mut per_col = vec![0usize; cols];
    let mut pos = vec![(0.0, 0.0); names.len()];
    for (k, &d) in depth.iter().enumerate() {
        pos[k] = (60.0 + d as f64 * 220.0, 90.0 + per_col[d] as f64 * 90.0);
        per_col[d] += 1;
    }
    let width = 60.0 + cols as f64 * 220.0;
    let height = 90.0 + *per_col.iter().max().unwrap_or(&1) as f64 * 90.0;
    let mut s = format!(
        r##"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}"><title>{}</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>"##,
        esc(&format!(
            "Path diagram of {}: {}",
            m.name,
            m.paths
                .iter()
                .map(|p| format!("{} → {} {:.3}", p.from, p.to, p.coefficient.value))
                .collect::<Vec<_>>()
                .join("; ")
        )),
        esc(&m.name)
    );
    for p in &m.paths {
        let (Some(a), Some(b)) = (idx(&p.from), idx(&p.to)) else {
            continue;
        };
        let ((x1, y1), (x2, y2)) = (pos[a], pos[b]);
        let significant = p
            .coefficient
            .ci_percentile
            .is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0);
        let (sx, sy, ex, ey) = (x1 + 110.0, y1 + 18.0, x2, y2 + 18.0);
        let dash = if significant {
            ""
        } else {
            r#" stroke-dasharray="5 4""#
        };
        let width = if significant { 2 } else { 1 };
        let label = format!(
            "{:.3}{}",
            p.coefficient.value,
            if significant { "*" } else { "" }
        );
        // A path that skips a column would cross the boxes between: it
        // arcs over them.
        let (lx, ly) = if depth[b] > depth[a] + 1 {
            let (cx, cy) = (
                (sx + ex) / 2.0,
                sy.min(ey) - 40.0 - 10.0 * (depth[b] - depth[a]) as f64,
            );
            let _ = write!(
                s,
                r##"<path d="M{sx:.1},{sy:.1} Q{cx:.1},{cy:.1} {ex:.1},{ey:.1}" fill="none" stroke="#444" stroke-width="{width}"{dash} marker-end="url(#arrow)"/>"##
            );
            (cx, (sy + cy) / 2.0 - 2.0)
        } else {
            let _ = write!(
                s,
                r##"<line x1="{sx:.1}" y1="{sy:.1}" x2="{ex:.1}" y2="{ey:.1}" stroke="#444" stroke-width="{width}"{dash} marker-end="url(#arrow)"/>"##
            );
            ((sx + ex) / 2.0, (sy + ey) / 2.0 - 5.0)
        };
        let _ = write!(
            s,
            r##"<text x="{lx:.1}" y="{ly:.1}" font-size="12" text-anchor="middle" fill="#222">{label}</text>"##
        );
    }
    for (k, c) in m.constructs.iter().enumerate() {
        let (x, y) = pos[k];
        let r2 = c
            .r_squared
            .as_ref()
            .map_or_else(String::new, |r| format!(" R² {:.2}", r.value));
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="110" height="36" rx="18" fill="#d9ebf7" stroke="#0072B2"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#00476e">{}</text><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#444">{}</text>"##,
            x + 55.0,
            y + 16.0,
            esc(&c.name),
            x + 55.0,
            y + 29.0,
            esc(&r2)
        );
    }
    s.push_str("</svg>");
    s
}

/// Each structural model: diagram, paths, measurement quality, mediation.
pub(super) fn pls(r: &Results) -> String {
    let mut out = String::new();
    for m in &r.pls {
        let _ = write!(
            out,
            "<h3>{}</h3><p>PLS-SEM, {} weighting{}; {} respondents of <code>{}</code> ({} rows {} for missing items). Paths marked * have a bootstrap interval excluding 0; dashed arrows do not.</p>",
            esc(&m.name),
            esc(&m.scheme),
            if m.consistent { ", consistent PLS" } else { "" },
            m.n,
            esc(&m.dataset),
            m.rows_with_missing,
            if m.missing_rule == "mean" {
                "imputed"
            } else {
                "left out"
            }
        );
        out.push_str(&path_diagram(m));
        let ci = |e: &clusterdx_results::PlsEstimate| match e.ci_percentile {
            Some([lo, hi]) => format!("#{:.3} ({lo:.3}–{hi:.3})", e.value),
            None => format!("#{:.3}", e.value),
        };
        let rows: Vec<Vec<String>> = m
            .paths
            .iter()
            .map(|p| {
                vec![
                    esc(&format!("{} → {}", p.from, p.to)),
                    ci(&p.coefficient),
                    p.coefficient.p.map_or_else(
                        || "–".into(),
                        |v| {
                            if v < 0.001 {
                                "#&lt; 0.001".into()
                            } else {
                                format!("#{v:.3}")
                            }
                        },
                    ),
                    p.f_squared
                        .map_or_else(|| "–".into(), |v| format!("#{v:.3}")),
                ]
            })
            .collect();
        table(&mut out, "", &["path", "β (95% CI)", "p", "f²"], &rows);
        let flag = |v: f64, low: f64| {
            if v < low {
                format!(r#"#<span class="warn">{v:.3}</span>"#)
            } else {
                format!("#{v:.3}")
            }
        };
        let rows: Vec<Vec<String>> = m
            .constructs
            .iter()
            .map(|c| {
                vec![
                    esc(&c.name),
                    esc(&c.mode),
                    flag(c.alpha, 0.7),
                    flag(c.rho_a, 0.7),
                    flag(c.rho_c, 0.7),
                    flag(c.ave, 0.5),
                    c.r_squared
                        .as_ref()
                        .map_or_else(|| "–".into(), |r| format!("#{:.3}", r.value)),
                    esc(&c
                        .items
                        .iter()
                        .map(|i| format!("{} {:.2}", i.name, i.loading.value))
                        .collect::<Vec<_>>()
                        .join(", ")),
                ]
            })
            .collect();
        table(
            &mut out,
            "",
            &[
                "construct",
                "mode",
                "α",
                "ρA",
                "ρC",
                "AVE",
                "R²",
                "loadings",
            ],
            &rows,
        );
        let _ = write!(
            out,
            r#"<p class="muted">Thresholds flagged: α, ρA, ρC below 0.70; AVE below 0.50. SRMR {:.3} (saturated), {:.3} (estimated model).</p>"#,
            m.srmr_saturated, m.srmr_estimated
        );
        if !m.indirect_effects.is_empty() {
            let rows: Vec<Vec<String>> = m
                .indirect_effects
                .iter()
                .take(20)
                .map(|e| vec![esc(&e.route.join(" → ")), ci(&e.effect)])
                .collect();
            out.push_str("<h3>Indirect effects (mediation)</h3>");
            table(&mut out, "", &["route", "effect (95% CI)"], &rows);
        }
        if let Some(g) = &m.multigroup {
            let _ = write!(
                out,
                "<h3>Multigroup: {} ({}) against {} ({})</h3><p class=\"muted\">Permutation test, {} permutations; p two-sided.</p>",
                esc(&g.a),
                g.n_a,
                esc(&g.b),
                g.n_b,
                g.permutations
            );
            let rows: Vec<Vec<String>> = g
                .paths
                .iter()
                .map(|p| {
                    vec![
                        esc(&format!("{} → {}", p.from, p.to)),
                        format!("#{:.3}", p.a),
                        format!("#{:.3}", p.b),
                        format!("#{:+.3}", p.difference),
                        format!("#{:.3}", p.p),
                    ]
                })
                .collect();
            table(
                &mut out,
                "",
                &["path", "group a", "group b", "difference", "p"],
                &rows,
            );
        }
        if let Some(pr) = &m.predict {
            let _ = write!(
                out,
                "<p>PLSpredict ({} folds × {}): {}.</p>",
                pr.folds,
                pr.repetitions,
                esc(&pr
                    .power
                    .iter()
                    .map(|c| format!(
                        "{} {} predictive power ({} of {} items beat the linear benchmark)",
                        c.construct, c.power, c.better_than_lm, c.items
                    ))
                    .collect::<Vec<_>>()
                    .join("; "))
            );
        }
        if !m.warnings.is_empty() {
            out.push_str("<ul>");
            for w in &m.warnings {
                let _ = write!(out, r#"<li class="warn">{}</li>"#, esc(w));
            }
            out.push_str("</ul>");
        }
    }
    out
}

/// Where the methods are documented.
pub(super) fn methods(r: &Results) -> String {
    let _ = r;
    String::from(
        "<ul>\
<li>Survey estimation: design-based (Taylor linearisation or replicate weights), domain df, logit intervals for shares — docs/methods/survey.md.</li>\
<li>Cluster diagnostic: the indicator framework and classification rule — docs/frameworks.md.</li>\
<li>Concentration and complexity indices — docs/methods/indices.md.</li>\
<li>Human-resource development: local participation, skill from occupation codes — docs/methods/hrd.md.</li>\
<li>Poverty, inequality and the multidimensional poverty index — docs/methods/poverty.md.</li>\
<li>Structural models by PLS-SEM — docs/methods/pls-sem.md.</li>\
<li>Every statistical convention and its reason — docs/DESIGN.md.</li></ul>",
    )
}
