//! A small SVG layer for the report's charts: estimates with their
//! confidence intervals on a horizontal axis (dot and whisker). Each chart
//! carries a text alternative (`role="img"`, `aria-label`, `<title>`) and
//! the same numbers appear in a table beside it. Colours are the
//! Okabe–Ito palette (safe for colour-blind readers); no colour carries
//! meaning alone.

use std::fmt::Write as _;

use super::escape::esc;

/// Okabe–Ito: blue, orange, bluish green, vermillion, sky blue, reddish
/// purple, yellow, black.
pub(crate) const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000",
];

/// One row of an interval chart.
pub(crate) struct IntervalRow {
    pub label: String,
    pub value: f64,
    pub ci: Option<[f64; 2]>,
    /// Index into [`PALETTE`] (a series).
    pub series: usize,
}

/// Format of the axis values.
#[derive(Clone, Copy)]
pub(crate) enum Scale {
    /// Shares shown as percentages.
    Percent,
    /// Plain numbers.
    Number,
}

impl Scale {
    fn show(self, x: f64) -> String {
        match self {
            Scale::Percent => format!("{:.0}%", 100.0 * x),
            Scale::Number => {
                if x.abs() >= 100.0 {
                    format!("{x:.0}")
                } else {
                    format!("{x:.2}")
                }
            }
        }
    }
}

/// A "nice" step for about `ticks` intervals over `span`.
fn step(span: f64, ticks: f64) -> f64 {
    let raw = span / ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// A dot-and-whisker chart of `rows` (one per line), titled `title`, with
/// a legend naming the series when there are several (`series[k]` names
/// palette colour k). Non-finite values are left out of the chart (they
/// stay in the table).
pub(crate) fn interval_chart(
    title: &str,
    rows: &[IntervalRow],
    scale: Scale,
    series: &[String],
) -> String {
    let finite: Vec<&IntervalRow> = rows.iter().filter(|r| r.value.is_finite()).collect();
    if finite.is_empty() {
        return String::new();
    }
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for r in &finite {
        let [a, b] =
            r.ci.filter(|c| c[0].is_finite() && c[1].is_finite())
                .unwrap_or([r.value; 2]);
        lo = lo.min(a).min(r.value);
        hi = hi.max(b).max(r.value);
    }
    if matches!(scale, Scale::Percent) {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo < 1e-12 {
        hi = lo + 1.0;
    }
    let st = step(hi - lo, 5.0);
    let (lo, hi) = ((lo / st).floor() * st, (hi / st).ceil() * st);
    // Room for the longest label (about 7 px a character at 12 px).
    let longest = finite
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_w = (7.0 * longest as f64 + 16.0).clamp(100.0, 380.0);
    let (plot_w, row_h, top) = (420.0, 22.0, if series.len() > 1 { 44.0 } else { 28.0 });
    let height = top + row_h * finite.len() as f64 + 24.0;
    let width = label_w + plot_w + 20.0;
    let x = |v: f64| label_w + (v - lo) / (hi - lo) * plot_w;
    let alt = finite
        .iter()
        .map(|r| match r.ci {
            Some([a, b]) => format!(
                "{}: {} ({}–{})",
                r.label,
                scale.show(r.value),
                scale.show(a),
                scale.show(b)
            ),
            None => format!("{}: {}", r.label, scale.show(r.value)),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(&format!("{title}. {alt}")),
        esc(title)
    );
    // The legend.
    if series.len() > 1 {
        let mut lx = label_w;
        for (k, name) in series.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="14" r="4.5" fill="{colour}"/><text x="{:.1}" y="18" font-size="12" fill="#222">{}</text>"##,
                lx + 5.0,
                lx + 14.0,
                esc(name)
            );
            lx += 24.0 + 7.0 * name.chars().count() as f64;
        }
    }
    // Grid and axis labels.
    let mut t = lo;
    while t <= hi + st * 1e-9 {
        let xt = x(t);
        let _ = write!(
            s,
            r##"<line x1="{xt:.1}" y1="{top}" x2="{xt:.1}" y2="{:.1}" stroke="#ddd"/><text x="{xt:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#444">{}</text>"##,
            height - 20.0,
            height - 6.0,
            esc(&scale.show(t))
        );
        t += st;
    }
    for (k, r) in finite.iter().enumerate() {
        let y = top + row_h * (k as f64 + 0.5);
        let colour = PALETTE[r.series % PALETTE.len()];
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#222">{}</text>"##,
            label_w - 8.0,
            y + 4.0,
            esc(&r.label)
        );
        if let Some([a, b]) = r.ci.filter(|c| c[0].is_finite() && c[1].is_finite()) {
            let _ = write!(
                s,
                r#"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="2"/>"#,
                x(a),
                x(b)
            );
        }
        let _ = write!(
            s,
            r#"<circle cx="{:.1}" cy="{y:.1}" r="4.5" fill="{colour}"><title>{}</title></circle>"#,
            x(r.value),
            esc(&format!("{}: {}", r.label, scale.show(r.value)))
        );
    }
    s.push_str("</svg>");
    s
}

/// One bar of a stacked bar chart: its label and its parts (shares of the
/// bar, in the order of the chart's parts).
pub(crate) struct StackedRow {
    pub label: String,
    pub parts: Vec<f64>,
}

/// Horizontal bars of 100%, each split into `parts` (named `part_names`,
/// coloured by `part_series` into [`PALETTE`], with a legend naming the
/// series `series`). Parts that are not finite count as 0.
pub(crate) fn stacked_chart(
    title: &str,
    rows: &[StackedRow],
    part_names: &[String],
    part_series: &[usize],
    series: &[String],
) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let longest = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_w = (7.0 * longest as f64 + 16.0).clamp(100.0, 380.0);
    let (plot_w, row_h, top) = (420.0, 22.0, 44.0);
    let height = top + row_h * rows.len() as f64 + 10.0;
    let width = label_w + plot_w + 20.0;
    let alt = rows
        .iter()
        .map(|r| {
            let parts: Vec<String> = r
                .parts
                .iter()
                .zip(part_names)
                .filter(|(v, _)| v.is_finite() && **v > 0.0)
                .map(|(v, n)| format!("{n} {:.0}%", 100.0 * v))
                .collect();
            format!("{}: {}", r.label, parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(&format!("{title}. {alt}")),
        esc(title)
    );
    let mut lx = label_w;
    for (k, name) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let _ = write!(
            s,
            r##"<rect x="{lx:.1}" y="8" width="10" height="10" fill="{colour}"/><text x="{:.1}" y="18" font-size="12" fill="#222">{}</text>"##,
            lx + 14.0,
            esc(name)
        );
        lx += 24.0 + 7.0 * name.chars().count() as f64;
    }
    for (k, r) in rows.iter().enumerate() {
        let y = top + row_h * k as f64;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#222">{}</text>"##,
            label_w - 8.0,
            y + 14.0,
            esc(&r.label)
        );
        let mut x = label_w;
        for (j, v) in r.parts.iter().enumerate() {
            let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
            let w = v * plot_w;
            if w <= 0.0 {
                continue;
            }
            let colour = PALETTE[part_series.get(j).copied().unwrap_or(0) % PALETTE.len()];
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{colour}" stroke="#fff" stroke-width="1"><title>{}</title></rect>"##,
                y + 2.0,
                row_h - 4.0,
                esc(&format!(
                    "{}: {} {:.1}%",
                    r.label,
                    part_names.get(j).map_or("", String::as_str),
                    100.0 * v
                ))
            );
            x += w;
        }
    }
    s.push_str("</svg>");
    s
}

/// A network drawn on a circle: `nodes` (label, series: a colour of
/// [`PALETTE`], size ≥ 0), `edges` (node indices, width), with a legend
/// naming the series.
pub(crate) fn network_chart(
    title: &str,
    nodes: &[(String, usize, f64)],
    edges: &[(usize, usize, f64)],
    series: &[String],
) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let w = 380.0;
    // The legend, wrapped to the width: (x, row) of each entry.
    let mut places = Vec::new();
    let (mut lx, mut row) = (6.0, 0usize);
    for name in series {
        let item = 22.0 + 6.5 * name.chars().count() as f64;
        if lx + item > w - 6.0 && lx > 6.0 {
            lx = 6.0;
            row += 1;
        }
        places.push((lx, row));
        lx += item;
    }
    let legend_h = if series.is_empty() {
        0.0
    } else {
        16.0 * (row + 1) as f64 + 6.0
    };
    let h = 300.0 + legend_h;
    let (cx, cy, r) = (w / 2.0, legend_h + 150.0, 125.0);
    let n = nodes.len() as f64;
    let pos: Vec<(f64, f64)> = (0..nodes.len())
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / n - std::f64::consts::FRAC_PI_2;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    let max_w = edges.iter().map(|e| e.2).fold(0.0, f64::max).max(1e-9);
    let max_s = nodes.iter().map(|x| x.2).fold(0.0, f64::max).max(1e-9);
    let alt = format!(
        "{title}: {} actors, {} ties. {}",
        nodes.len(),
        edges.len(),
        edges
            .iter()
            .map(|&(a, b, _)| format!("{}–{}", nodes[a].0, nodes[b].0))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(&alt),
        esc(title)
    );
    for (k, (name, &(x, row))) in series.iter().zip(&places).enumerate() {
        let y = 12.0 + 16.0 * row as f64;
        s.push_str(&marker(k, x + 5.0, y, 5.0, ""));
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#222">{}</text>"##,
            x + 13.0,
            y + 4.0,
            esc(name)
        );
    }
    for &(a, b, wt) in edges {
        let ((x1, y1), (x2, y2)) = (pos[a], pos[b]);
        let _ = write!(
            s,
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#777" stroke-opacity="0.7" stroke-width="{:.1}"/>"##,
            0.8 + 2.5 * wt / max_w
        );
    }
    for (k, (label, ser, size)) in nodes.iter().enumerate() {
        let (x, y) = pos[k];
        s.push_str(&marker(*ser, x, y, 4.0 + 6.0 * size / max_s, label));
    }
    s.push_str("</svg>");
    s
}

/// The marker of series `k` centred at (x, y) with radius `r`: the
/// palette's colour, and a shape that changes every eight series (circle,
/// square, triangle, diamond), so up to 32 series stay distinct; `title`
/// (when not empty) is its tooltip.
fn marker(k: usize, x: f64, y: f64, r: f64, title: &str) -> String {
    let colour = PALETTE[k % PALETTE.len()];
    let tip = if title.is_empty() {
        String::new()
    } else {
        format!("<title>{}</title>", esc(title))
    };
    let paint = format!(r##"fill="{colour}" stroke="#fff""##);
    match (k / PALETTE.len()) % 4 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" {paint}>{tip}</circle>"#),
        1 => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" {paint}>{tip}</rect>"#,
            x - 0.9 * r,
            y - 0.9 * r,
            1.8 * r,
            1.8 * r
        ),
        2 => format!(
            r#"<polygon points="{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" {paint}>{tip}</polygon>"#,
            y - 1.1 * r,
            x + r,
            y + 0.8 * r,
            x - r,
            y + 0.8 * r
        ),
        _ => format!(
            r#"<polygon points="{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}" {paint}>{tip}</polygon>"#,
            y - 1.2 * r,
            x + 1.2 * r,
            y + 1.2 * r,
            x - 1.2 * r
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the palette's eight colours, series differ by shape.
    #[test]
    fn many_series_stay_distinct() {
        let looks: Vec<String> = (0..32)
            .map(|k| {
                let m = marker(k, 0.0, 0.0, 5.0, "");
                // Colour and element name identify the look.
                let element = m[1..m.find(' ').unwrap()].to_string();
                format!("{element} {}", PALETTE[k % PALETTE.len()])
            })
            .collect();
        let mut unique = looks.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 24, "{looks:?}");
        // Triangles and diamonds are both polygons: they differ in points.
        assert_ne!(marker(16, 0.0, 0.0, 5.0, ""), marker(24, 0.0, 0.0, 5.0, ""));
        assert!(marker(3, 0.0, 0.0, 5.0, "<b>").contains("<title>&lt;b&gt;</title>"));
    }

    #[test]
    fn a_chart_has_its_text_alternative_and_escapes_labels() {
        let rows = [
            IntervalRow {
                label: "Badin".into(),
                value: 0.49,
                ci: Some([0.41, 0.57]),
                series: 0,
            },
            IntervalRow {
                label: "<b>x</b>".into(),
                value: 0.31,
                ci: None,
                series: 1,
            },
            IntervalRow {
                label: "none".into(),
                value: f64::NAN,
                ci: None,
                series: 0,
            },
        ];
        let svg = interval_chart("Headcount", &rows, Scale::Percent, &[]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("Badin: 49% (41%–57%)"));
        assert!(svg.contains("&lt;b&gt;x&lt;/b&gt;") && !svg.contains("<b>"));
        assert!(!svg.contains("none"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(interval_chart("t", &rows[2..], Scale::Number, &[]).is_empty());
        // Several series: a legend.
        let two = interval_chart("t", &rows, Scale::Percent, &["a".into(), "b".into()]);
        assert!(two.contains(">a</text>") && two.contains(">b</text>"));
    }

    #[test]
    fn stacked_bars_split_each_bar_by_its_parts() {
        let rows = [StackedRow {
            label: "everyone".into(),
            parts: vec![0.5, 0.3, 0.2, f64::NAN],
        }];
        let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let svg = stacked_chart(
            "M0",
            &rows,
            &names,
            &[0, 0, 1, 1],
            &["x".into(), "y".into()],
        );
        // Three segments (the NaN part is left out), a legend of two.
        assert_eq!(svg.matches("<rect").count(), 3 + 2);
        assert!(svg.contains("everyone: a 50%, b 30%, c 20%"));
        assert!(stacked_chart("M0", &[], &names, &[], &[]).is_empty());
    }

    #[test]
    fn a_network_has_its_nodes_edges_and_text_alternative() {
        let nodes = vec![
            ("firm <1>".to_string(), 0, 2.0),
            ("institute".to_string(), 1, 1.0),
            ("isolate".to_string(), 1, 0.0),
        ];
        let svg = network_chart(
            "Network",
            &nodes,
            &[(0, 1, 3.0)],
            &["firm".into(), "other".into()],
        );
        assert_eq!(svg.matches("<line").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 3 + 2);
        assert!(svg.contains("3 actors, 1 ties") && svg.contains("firm &lt;1&gt;–institute"));
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(step(1.0, 5.0), 0.2);
        assert_eq!(step(0.37, 5.0), 0.1);
        assert_eq!(step(730.0, 5.0), 200.0);
    }
}
