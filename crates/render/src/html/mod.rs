//! `report.html`: one self-contained page (inline CSS and SVG, no script,
//! no external resource) that a policy reader opens offline and prints to
//! PDF. It reads the results model only: every number on the page is one
//! of `results.json`'s, chosen and formatted, never computed here.
//!
//! Sections follow the research objectives: the overview (each sector's
//! class, local participation in management, the poverty headcount of its
//! workers' households, with intervals), the study and its data, the
//! cluster diagnostic, concentration, human-resource development, poverty
//! and multidimensional poverty, the structural model, and methods.

mod escape;
mod sections;
mod svg;
mod table;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clusterdx_results::{Figure, Results};

use crate::atomic::{WriteError, write_atomic};
use crate::tables::{Estimate, Scale};
pub(crate) use escape::esc;

/// The page's style: readable on a laptop, plain when printed.
const CSS: &str = r#"
:root { --ink:#1d1d1f; --muted:#5a5a5f; --rule:#d8d8dc; --accent:#0072B2; --present:#0072B2; --partial:#E69F00; --absent:#D55E00; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1120px; padding: 0 24px 48px; }
header { border-bottom: 3px solid var(--accent); padding: 20px 0 8px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 22px 0 6px; }
p.meta, .muted { color: var(--muted); }
.banner { background: #fff4d6; border: 2px solid #E69F00; padding: 10px 14px; font-weight: 600; margin: 14px 0; }
nav ol { columns: 2; margin: 8px 0; padding-left: 20px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.matrix td.cell { text-align: center; font-weight: 600; min-width: 34px; }
.present { background: #d9ebf7; color: #00476e; }
.partial { background: #fbeccc; color: #7a4d00; }
.absent { background: #f8dccd; color: #8a2e00; }
.none { background: #f0f0f0; color: #777; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
.cards.wide { grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); }
.card h3 { margin: 0 0 6px; font-size: 16px; }
.card .class { font-weight: 700; color: var(--accent); }
svg.chart { max-width: 100%; height: auto; display: block; margin: 6px 0 12px; }
.warn { color: #8a2e00; }
footer { margin-top: 40px; border-top: 1px solid var(--rule); padding-top: 8px; color: var(--muted); font-size: 13px; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } nav { display: none; } h2 { break-before: page; } .card, table, svg { break-inside: avoid; } }
"#;

/// A figure as "37.4% (33.4–41.7)" (`percent`) or "0.280 (0.259–0.301)".
pub(crate) fn fig(f: &Figure, percent: bool) -> String {
    Estimate {
        value: f.value,
        se: Some(f.se),
        ci: Some(f.ci),
        scale: if percent {
            Scale::Share
        } else {
            Scale::Number(3)
        },
    }
    .text()
}

/// The whole report.
pub fn report_html(r: &Results) -> String {
    let mut body = String::new();
    let mut toc: Vec<(&str, &str)> = Vec::new();
    let mut add = |id: &'static str, title: &'static str, html: String| {
        if !html.is_empty() {
            toc.push((id, title));
            let _ = write!(
                body,
                r#"<section id="{id}"><h2>{}</h2>{html}</section>"#,
                esc(title)
            );
        }
    };
    add("overview", "Overview", sections::overview(r));
    add("study", "The study and its data", sections::study(r));
    add("cluster", "Cluster diagnostic", sections::cluster(r));
    add("concentration", "Concentration", sections::concentration(r));
    add("hrd", "Human-resource development", sections::hrd(r));
    add("poverty", "Poverty and inequality", sections::poverty(r));
    add("mpi", "Multidimensional poverty", sections::mpi(r));
    add("pls", "Structural model", sections::pls(r));
    add("methods", "Methods and sources", sections::methods(r));
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{CSS}</style></head><body><header><h1>{}</h1>"#,
        esc(&r.study.name),
        esc(&r.study.name)
    );
    if let Some(d) = &r.study.description {
        let _ = write!(out, r#"<p class="meta">{}</p>"#, esc(d));
    }
    out.push_str("</header>");
    if r.study.synthetic {
        let notice = r.study.notice.as_deref().unwrap_or("SYNTHETIC DATA");
        let _ = write!(
            out,
            r#"<div class="banner" role="note">{}</div>"#,
            esc(notice)
        );
    }
    out.push_str(r#"<nav aria-label="Contents"><ol>"#);
    for (id, title) in &toc {
        let _ = write!(out, r##"<li><a href="#{id}">{}</a></li>"##, esc(title));
    }
    out.push_str("</ol></nav>");
    out.push_str(&body);
    let _ = writeln!(
        out,
        "<footer>Written by {} {} (results schema {}). Every figure with an interval is a design-based estimate at the study's confidence level; the complete record is results.json.</footer></body></html>",
        esc(&r.tool.name),
        esc(&r.tool.version),
        esc(&r.schema_version)
    );
    out
}

/// Writes `report.html` into `dir` atomically; returns its path.
///
/// # Errors
/// [`WriteError`] when the folder or the file cannot be written.
pub fn write_report_html(r: &Results, dir: &Path) -> Result<PathBuf, WriteError> {
    let path = dir.join("report.html");
    write_atomic(&path, report_html(r).as_bytes())?;
    Ok(path)
}
