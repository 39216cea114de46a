//! The report's sections, each from its part of the results (empty when
//! the study did not ask for it). Tables come from [`crate::tables`], the
//! same ones the workbook holds; charts come from the results directly.

use std::fmt::Write as _;

use clusterdx_results::{HrdSector, PlsModel, Results};

use super::svg::{IntervalRow, Scale, StackedRow, interval_chart, network_chart, stacked_chart};
use super::table::table;
use super::{esc, fig};
use crate::tables::{self, Table, domain_name, sector_name};

/// A subheading, a muted note (when given) and the table, or nothing when
/// the table is empty.
fn titled(out: &mut String, heading: &str, note: &str, t: &Table) {
    titled_at(out, "h3", heading, note, t);
}

/// [`titled`] under a heading of level `tag` (`h3`, `h4`).
fn titled_at(out: &mut String, tag: &str, heading: &str, note: &str, t: &Table) {
    if t.rows.is_empty() {
        return;
    }
    let _ = write!(out, "<{tag}>{}</{tag}>", esc(heading));
    if !note.is_empty() {
        let _ = write!(out, r#"<p class="muted">{}</p>"#, esc(note));
    }
    table(out, "", t);
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
            r#"<p class="muted">Headcounts at the line “{}”; intervals at {:.0}%. Worker households against non-worker households of the same districts are descriptive contrasts, not causal effects.</p>"#,
            esc(p.lines.first().map_or("", |l| l.name.as_str())),
            100.0 * p.level
        );
    }
    out
}

/// What was surveyed and how much data each file held.
pub(super) fn study(r: &Results) -> String {
    let mut out = String::new();
    table(&mut out, "", &tables::datasets(r));
    titled(&mut out, "Sampling designs", "", &tables::designs(r));
    titled(
        &mut out,
        &format!("Data-quality warnings ({})", r.warnings.len()),
        "",
        &tables::warnings(r),
    );
    out
}

/// The sector × indicator matrix, classes, what would change them, the
/// cut-offs' sensitivity and what informants say.
pub(super) fn cluster(r: &Results) -> String {
    let Some(c) = &r.cluster else {
        return String::new();
    };
    let mut out = format!(
        r#"<p>Framework: {}; typology: {}. <span class="legend"><span class="present">● present</span><span class="partial">◐ partial</span><span class="absent">○ absent</span><span class="none">– no evidence</span></span> Hover a cell for the indicator and its evidence.</p>"#,
        esc(&c.framework),
        esc(&c.typology)
    );
    table(&mut out, "matrix", &tables::matrix(r));
    table(&mut out, "", &tables::classes(r));
    let sensitivity = tables::sensitivity(r);
    if sensitivity.rows.is_empty() {
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
        titled(
            &mut out,
            "Sensitivity to the cut-offs",
            "The moves of one indicator's cut-offs that change a sector's class.",
            &sensitivity,
        );
    }
    titled(
        &mut out,
        "What informants say",
        "Coded interview segments on each indicator beside its status: how many support or contradict it, whether most agree with the score, and the informants' words.",
        &tables::joint_display(r),
    );
    out
}

/// Per-industry concentration indices.
pub(super) fn concentration(r: &Results) -> String {
    let t = tables::concentration(r);
    if t.rows.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    table(&mut out, "", &t);
    out
}

/// Local shares by job level, the definitions side by side, the heat
/// maps, capacity building and the stakeholder networks.
pub(super) fn hrd(r: &Results) -> String {
    let Some(h) = &r.hrd else {
        return String::new();
    };
    let mut out = format!(
        r#"<p>Local share of each job level, by sector: the share of the level's employees who are local, with {:.0}% intervals. Both definitions of local are estimated in results.json and tables.xlsx; the first source and definition are shown.</p>"#,
        100.0 * h.level
    );
    table(&mut out, "", &tables::levels(r));
    let mut chart_rows = Vec::new();
    for s in &h.sectors {
        let Some(l) = s.participation.first().and_then(|p| p.local.first()) else {
            continue;
        };
        let name = sector_name(&s.sector, s.label.as_ref());
        for c in &l.levels {
            if let Some(f) = &c.local_share {
                chart_rows.push(IntervalRow {
                    label: format!("{name} · {}", c.level),
                    value: f.value,
                    ci: Some(f.ci),
                    series: h.levels.iter().position(|x| x == &c.level).unwrap_or(0),
                });
            }
        }
    }
    out.push_str(&interval_chart(
        "Local share of each job level, by sector",
        &chart_rows,
        Scale::Percent,
        &h.levels,
    ));
    titled(
        &mut out,
        "The definitions of local side by side",
        &h.definitions
            .iter()
            .map(|d| format!("{}: {}", d.name, d.tiers.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        &tables::definitions(r),
    );
    out.push_str(&heat_maps(h));
    titled(&mut out, "Capacity building", "", &tables::capacity(r));
    let graphs = networks(h);
    if !graphs.is_empty() {
        out.push_str(&graphs);
        table(&mut out, "", &tables::networks(r));
    }
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

/// Headcounts, inequality, the comparisons, contrasts and changes.
pub(super) fn poverty(r: &Results) -> String {
    let Some(p) = &r.poverty else {
        return String::new();
    };
    let mut out = format!(
        "<p>Welfare: {}{}. Lines: {}. Intervals at {:.0}%.</p>",
        esc(&p.welfare),
        if p.person_weighted { ", persons" } else { "" },
        esc(&p
            .lines
            .iter()
            .map(|l| format!("{} = {:.2}", l.name, l.value))
            .collect::<Vec<_>>()
            .join(", ")),
        100.0 * p.level
    );
    table(&mut out, "", &tables::domains(r));
    let chart: Vec<IntervalRow> = p
        .domains
        .iter()
        .filter_map(|d| {
            let h = d.lines.first()?.fgt.iter().find(|f| f.parameter == 0.0)?;
            Some(IntervalRow {
                label: domain_name(d.by.as_ref(), d.code.as_ref(), d.label.as_ref()),
                value: h.figure.value,
                ci: Some(h.figure.ci),
                series: 0,
            })
        })
        .collect();
    out.push_str(&interval_chart(
        "Poverty headcount by domain (first line)",
        &chart,
        Scale::Percent,
        &[],
    ));
    titled(
        &mut out,
        "Workers' households against comparable households",
        "Each sector's worker households against non-worker households of the same districts: descriptive contrasts, not causal effects. Differences in percentage points.",
        &tables::comparisons(r),
    );
    titled(
        &mut out,
        "Contrasts",
        "Differences in percentage points.",
        &tables::contrasts(r),
    );
    titled(
        &mut out,
        "Changes between rounds",
        "",
        &tables::poverty_changes(r),
    );
    if !p.sensitivity.is_empty() {
        out.push_str("<h3>Sensitivity to the poverty line</h3>");
        let rows: Vec<IntervalRow> = p
            .sensitivity
            .iter()
            .map(|s| IntervalRow {
                label: format!("line {:.2}", s.line),
                value: s.headcount.value,
                ci: Some(s.headcount.ci),
                series: 0,
            })
            .collect();
        out.push_str(&interval_chart(
            "Headcount of everyone at lines around the first",
            &rows,
            Scale::Percent,
            &[],
        ));
        table(&mut out, "", &tables::line_sensitivity(r));
    }
    for n in &p.notes {
        let _ = write!(out, r#"<p class="muted">{}</p>"#, esc(n));
    }
    out
}

/// H, A and M0 by group, comparisons, and the indicators' contributions.
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
    table(&mut out, "", &tables::mpi_groups(r));
    let label = |g: &clusterdx_results::MpiGroup| {
        domain_name(g.by.as_ref(), g.code.as_ref(), g.label.as_ref())
    };
    let chart: Vec<IntervalRow> = m
        .groups
        .iter()
        .map(|g| IntervalRow {
            label: label(g),
            value: g.m0.value,
            ci: Some(g.m0.ci),
            series: 2,
        })
        .collect();
    out.push_str(&interval_chart(
        "Adjusted headcount ratio M0 by group",
        &chart,
        Scale::Number,
        &[],
    ));
    titled(
        &mut out,
        "Workers' households against comparable households",
        "Descriptive contrasts, not causal effects; H differences in percentage points.",
        &tables::mpi_comparisons(r),
    );
    titled(
        &mut out,
        "Changes between rounds",
        "",
        &tables::mpi_changes(r),
    );
    if !m.groups.is_empty() {
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
                label: label(g),
                parts: g.contributions.iter().map(|c| c.unwrap_or(0.0)).collect(),
            })
            .collect();
        out.push_str("<h3>What makes up M0</h3><p class=\"muted\">Each indicator's share of the group's M0 (hover a segment for the indicator), coloured by dimension; every group's numbers are in tables.xlsx (mpi_contributions).</p>");
        out.push_str(&stacked_chart(
            "Contributions of the indicators to M0, by group",
            &bars,
            &names,
            &part_series,
            &dims,
        ));
    }
    titled(&mut out, "Indicators", "", &tables::mpi_indicators(r));
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

/// Each structural model: diagram, paths, measurement quality, mediation,
/// multigroup and prediction.
pub(super) fn pls(r: &Results) -> String {
    let mut out = String::new();
    let (paths, constructs, htmt, indirect, multigroup, predict) = (
        tables::paths(r),
        tables::constructs(r),
        tables::htmt(r),
        tables::indirect_effects(r),
        tables::multigroup(r),
        tables::predict_power(r),
    );
    for m in &r.pls {
        let level = m.bootstrap.as_ref().map_or(0.95, |b| b.level);
        let _ = write!(
            out,
            "<h3>{}</h3><p>PLS-SEM, {} weighting{}; {} respondents of <code>{}</code> ({} rows {} for missing items). Intervals are bootstrap percentile intervals at {:.0}%; paths marked * exclude 0, dashed arrows do not.</p>",
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
            },
            100.0 * level
        );
        out.push_str(&path_diagram(m));
        table(&mut out, "", &paths.only("model", &m.name));
        out.push_str("<h4>Measurement quality</h4>");
        table(&mut out, "", &constructs.only("model", &m.name));
        let _ = write!(
            out,
            r#"<p class="muted">Marked ⚠: α, ρA, ρC below 0.70; AVE below 0.50; HTMT above 0.90. SRMR {:.3} (saturated), {:.3} (estimated model).</p>"#,
            m.srmr_saturated, m.srmr_estimated
        );
        let part = |t: &Table| t.only("model", &m.name);
        titled_at(
            &mut out,
            "h4",
            "Discriminant validity (HTMT)",
            "",
            &part(&htmt),
        );
        let mut mediation = part(&indirect);
        let all = mediation.rows.len();
        mediation.rows.truncate(20);
        let note = if all > 20 {
            format!(
                "The first 20 of {all} routes; every route is in tables.xlsx (pls_indirect_effects)."
            )
        } else {
            String::new()
        };
        titled_at(
            &mut out,
            "h4",
            "Indirect effects (mediation)",
            &note,
            &mediation,
        );
        if let Some(g) = &m.multigroup {
            titled_at(
                &mut out,
                "h4",
                &format!(
                    "Multigroup: {} ({}) against {} ({})",
                    g.a, g.n_a, g.b, g.n_b
                ),
                &format!(
                    "Permutation test, {} permutations; p two-sided.",
                    g.permutations
                ),
                &part(&multigroup).without("groups"),
            );
        }
        if let Some(pr) = &m.predict {
            titled_at(
                &mut out,
                "h4",
                "Prediction (PLSpredict)",
                &format!(
                    "{} folds × {} repetitions; an item beats the benchmark when its RMSE is below the linear model's.",
                    pr.folds, pr.repetitions
                ),
                &part(&predict),
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
