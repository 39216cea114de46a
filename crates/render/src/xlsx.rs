//! `tables.xlsx`: the report's tables, one named sheet each, as numbers
//! (an estimate, its SE and interval in separate columns, shares with a
//! percentage format), frozen headers, and a README sheet saying what each
//! sheet holds. Like the report it reads the results only. The workbook's
//! creation date is fixed, so the same results give the same bytes. The
//! same tables can be written as CSV files (`run --csv`).

use std::path::{Path, PathBuf};

use clusterdx_results::{Figure, Results};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::atomic::{WriteError, write_atomic};

/// A cell.
enum Cell {
    Text(String),
    Num(f64),
    /// A share, shown as a percentage.
    Share(f64),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(x: f64) -> Cell {
    if x.is_finite() {
        Cell::Num(x)
    } else {
        Cell::Empty
    }
}

fn opt(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, num)
}

/// A figure as four cells: value, SE, lower and upper limit.
fn figure(f: Option<&Figure>, share: bool) -> [Cell; 4] {
    let wrap = |x: f64| {
        if !x.is_finite() {
            Cell::Empty
        } else if share {
            Cell::Share(x)
        } else {
            Cell::Num(x)
        }
    };
    match f {
        Some(f) => [wrap(f.value), num(f.se), wrap(f.ci[0]), wrap(f.ci[1])],
        None => [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
    }
}

/// The header cells of a figure named `what`.
fn figure_head(what: &str) -> [String; 4] {
    [
        what.to_string(),
        format!("{what} SE"),
        format!("{what} CI low"),
        format!("{what} CI high"),
    ]
}

/// One sheet.
struct Sheet {
    name: &'static str,
    about: &'static str,
    head: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

fn sheet(name: &'static str, about: &'static str, head: &[&str]) -> Sheet {
    Sheet {
        name,
        about,
        head: head.iter().map(|h| h.to_string()).collect(),
        rows: Vec::new(),
    }
}

/// Every table of the results, as sheets (empty ones left out).
fn sheets(r: &Results) -> Vec<Sheet> {
    let mut out = Vec::new();
    let mut s = sheet(
        "datasets",
        "Each dataset: unit, rows, columns, format and file.",
        &[
            "dataset",
            "unit",
            "rows",
            "columns",
            "format",
            "file",
            "personal columns withheld",
        ],
    );
    for d in &r.datasets {
        s.rows.push(vec![
            text(&d.name),
            text(d.unit.clone().unwrap_or_default()),
            num(d.rows as f64),
            num(d.columns.len() as f64),
            text(&d.format),
            text(&d.source),
            num(d.personal_columns_withheld as f64),
        ]);
    }
    out.push(s);
    let mut s = sheet(
        "warnings",
        "Data-quality warnings of the run.",
        &["code", "message"],
    );
    for w in &r.warnings {
        s.rows.push(vec![text(&w.code), text(&w.message)]);
    }
    out.push(s);
    if let Some(c) = &r.cluster {
        let mut head = vec!["sector", "class"];
        head.extend(c.indicators.iter().map(|i| i.id.as_str()));
        let mut s = sheet(
            "cluster_matrix",
            "Each sector's status on each indicator: present, partial, absent or no evidence.",
            &head,
        );
        for d in &c.sectors {
            let mut row = vec![
                text(d.label.clone().unwrap_or_else(|| d.sector.clone())),
                text(&d.class),
            ];
            for i in &c.indicators {
                let has = |v: &[String]| v.iter().any(|x| x == &i.id);
                row.push(text(if has(&d.present) {
                    "present"
                } else if has(&d.partial) {
                    "partial"
                } else if has(&d.missing) {
                    "absent"
                } else {
                    "no evidence"
                }));
            }
            s.rows.push(row);
        }
        out.push(s);
        let mut s = sheet(
            "cluster_classes",
            "Each sector's class, interaction score, stability under resampling and absent indicators.",
            &[
                "sector",
                "class",
                "interaction score",
                "same class under resampling",
                "absent indicators",
            ],
        );
        for d in &c.sectors {
            s.rows.push(vec![
                text(d.label.clone().unwrap_or_else(|| d.sector.clone())),
                text(&d.class),
                opt(d.interaction),
                d.stability.map_or(Cell::Empty, Cell::Share),
                text(d.missing.join(", ")),
            ]);
        }
        out.push(s);
    }
    if let Some(c) = &r.concentration {
        let mut s = sheet(
            "concentration",
            "Concentration indices of each industry.",
            &[
                "industry",
                "employment",
                "locational Gini",
                "Hoover",
                "Ellison–Glaeser",
                "Maurel–Sédillot",
                "PCI",
            ],
        );
        for i in &c.industries {
            s.rows.push(vec![
                text(i.label.clone().unwrap_or_else(|| i.industry.clone())),
                num(i.total),
                num(i.locational_gini),
                num(i.hoover),
                opt(i.ellison_glaeser),
                opt(i.maurel_sedillot),
                opt(i.pci),
            ]);
        }
        out.push(s);
    }
    if let Some(h) = &r.hrd {
        let mut head: Vec<String> = ["sector", "source", "definition", "level"]
            .map(String::from)
            .to_vec();
        head.extend(figure_head("local share"));
        head.push("employees".into());
        let mut s = Sheet {
            name: "hrd_local_shares",
            about: "Local share of each job level by sector, source and definition of local.",
            head,
            rows: Vec::new(),
        };
        for sec in &h.sectors {
            for p in &sec.participation {
                for l in &p.local {
                    for c in &l.levels {
                        let mut row = vec![
                            text(sec.label.clone().unwrap_or_else(|| sec.sector.clone())),
                            text(&p.source),
                            text(&l.definition),
                            text(&c.level),
                        ];
                        row.extend(figure(c.local_share.as_ref(), true));
                        row.push(num(c.employees));
                        s.rows.push(row);
                    }
                }
            }
        }
        out.push(s);
    }
    if let Some(p) = &r.poverty {
        let mut head: Vec<String> = ["domain", "line", "measure"].map(String::from).to_vec();
        head.extend(figure_head("value"));
        let mut s = Sheet {
            name: "poverty",
            about: "Poverty measures of each domain at each line (FGT(α), Watts, Sen, SST).",
            head: head.clone(),
            rows: Vec::new(),
        };
        let mut ineq = Sheet {
            name: "inequality",
            about: "Inequality of each domain (Gini, generalised entropy, Atkinson, Palma, S80/S20, P90/P10).",
            head: ["domain".to_string(), "measure".to_string()]
                .into_iter()
                .chain(figure_head("value"))
                .collect(),
            rows: Vec::new(),
        };
        for d in &p.domains {
            let name = match (&d.by, &d.code) {
                (Some(by), Some(code)) => format!("{by}: {}", d.label.as_deref().unwrap_or(code)),
                _ => "everyone".into(),
            };
            for m in &d.lines {
                let mut add = |measure: String, f: &Figure, share: bool| {
                    let mut row = vec![text(&name), text(&m.line), text(measure)];
                    row.extend(figure(Some(f), share));
                    s.rows.push(row);
                };
                for f in &m.fgt {
                    add(
                        format!("FGT({})", f.parameter),
                        &f.figure,
                        f.parameter == 0.0,
                    );
                }
                if let Some(w) = &m.watts {
                    add("Watts".into(), w, false);
                }
                add("Sen".into(), &m.sen, false);
                add("SST".into(), &m.sst, false);
            }
            let i = &d.inequality;
            let mut add = |measure: String, f: &Figure| {
                let mut row = vec![text(&name), text(measure)];
                row.extend(figure(Some(f), false));
                ineq.rows.push(row);
            };
            add("Gini".into(), &i.gini);
            for g in &i.generalised_entropy {
                add(format!("GE({})", g.parameter), &g.figure);
            }
            for a in &i.atkinson {
                add(format!("Atkinson({})", a.parameter), &a.figure);
            }
            add("Palma".into(), &i.palma);
            add("S80/S20".into(), &i.s80_s20);
            add("P90/P10".into(), &i.p90_p10);
        }
        out.push(s);
        out.push(ineq);
        let mut head: Vec<String> = vec!["sector".into()];
        head.extend(figure_head("headcount, workers' households"));
        head.extend(figure_head("headcount, other households"));
        head.extend(figure_head("difference"));
        let mut s = Sheet {
            name: "poverty_comparisons",
            about: "Each sector's worker households against non-worker households of the same districts (descriptive, not causal).",
            head,
            rows: Vec::new(),
        };
        for c in &p.comparisons {
            let mut row = vec![text(c.label.clone().unwrap_or_else(|| c.sector.clone()))];
            row.extend(figure(Some(&c.headcount_workers), true));
            row.extend(figure(Some(&c.headcount_others), true));
            row.extend(figure(Some(&c.headcount_difference), true));
            s.rows.push(row);
        }
        out.push(s);
    }
    if let Some(m) = &r.mpi {
        let mut head: Vec<String> = vec!["group".into()];
        head.extend(figure_head("H"));
        head.extend(figure_head("A"));
        head.extend(figure_head("M0"));
        let mut s = Sheet {
            name: "mpi",
            about: "Alkire–Foster H, A and M0 of everyone and each group.",
            head,
            rows: Vec::new(),
        };
        for g in &m.groups {
            let name = match (&g.by, &g.code) {
                (Some(by), Some(code)) => format!("{by}: {}", g.label.as_deref().unwrap_or(code)),
                _ => "everyone".into(),
            };
            let mut row = vec![text(name)];
            row.extend(figure(Some(&g.h), true));
            row.extend(figure(g.a.as_ref(), false));
            row.extend(figure(Some(&g.m0), false));
            s.rows.push(row);
        }
        out.push(s);
        let mut s = sheet(
            "mpi_indicators",
            "Each indicator's dimension, weight, censored headcount (everyone) and contribution to M0.",
            &[
                "indicator",
                "dimension",
                "weight",
                "censored headcount",
                "contribution",
            ],
        );
        if let Some(all) = m.groups.first() {
            for ((i, c), h) in m
                .indicators
                .iter()
                .zip(&all.contributions)
                .zip(&all.censored)
            {
                s.rows.push(vec![
                    text(&i.name),
                    text(&i.dimension),
                    num(i.weight),
                    Cell::Share(h.value),
                    c.map_or(Cell::Empty, Cell::Share),
                ]);
            }
        }
        out.push(s);
    }
    if !r.pls.is_empty() {
        let mut paths = sheet(
            "pls_paths",
            "Path coefficients with bootstrap SE, t, p and percentile interval, and f².",
            &[
                "model",
                "from",
                "to",
                "coefficient",
                "SE",
                "t",
                "p",
                "CI low",
                "CI high",
                "f²",
            ],
        );
        let mut cons = sheet(
            "pls_constructs",
            "Each construct's reliability and validity: α, ρA, ρC, AVE, R².",
            &[
                "model",
                "construct",
                "mode",
                "α",
                "ρA",
                "ρC",
                "AVE",
                "R²",
                "adjusted R²",
            ],
        );
        let mut items = sheet(
            "pls_items",
            "Each item's loading, weight and VIF.",
            &[
                "model",
                "construct",
                "item",
                "loading",
                "loading SE",
                "weight",
                "VIF",
            ],
        );
        for m in &r.pls {
            for p in &m.paths {
                let c = &p.coefficient;
                paths.rows.push(vec![
                    text(&m.name),
                    text(&p.from),
                    text(&p.to),
                    num(c.value),
                    opt(c.se),
                    opt(c.t),
                    opt(c.p),
                    opt(c.ci_percentile.map(|x| x[0])),
                    opt(c.ci_percentile.map(|x| x[1])),
                    opt(p.f_squared),
                ]);
            }
            for c in &m.constructs {
                cons.rows.push(vec![
                    text(&m.name),
                    text(&c.name),
                    text(&c.mode),
                    num(c.alpha),
                    num(c.rho_a),
                    num(c.rho_c),
                    num(c.ave),
                    opt(c.r_squared.as_ref().map(|r| r.value)),
                    opt(c.adjusted_r_squared),
                ]);
                for i in &c.items {
                    items.rows.push(vec![
                        text(&m.name),
                        text(&c.name),
                        text(&i.name),
                        num(i.loading.value),
                        opt(i.loading.se),
                        num(i.weight.value),
                        num(i.vif),
                    ]);
                }
            }
        }
        out.extend([paths, cons, items]);
    }
    out.retain(|s| !s.rows.is_empty());
    out
}

/// The workbook's bytes.
///
/// # Errors
/// The writer's error (not expected for the tables written here).
pub fn tables_xlsx(r: &Results) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(&r.study.name),
    );
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let number = Format::new().set_num_format("0.000");
    let tables = sheets(r);
    // The README sheet first.
    let readme = wb.add_worksheet();
    readme.set_name("README")?;
    readme.write_string_with_format(0, 0, &r.study.name, &bold)?;
    let mut row = 1;
    if let Some(n) = &r.study.notice {
        readme.write_string(row, 0, n)?;
        row += 1;
    }
    readme.write_string(
        row,
        0,
        format!(
            "Written by {} {} (results schema {}); the complete record is results.json.",
            r.tool.name, r.tool.version, r.schema_version
        ),
    )?;
    row += 2;
    readme.write_string_with_format(row, 0, "sheet", &bold)?;
    readme.write_string_with_format(row, 1, "what it holds", &bold)?;
    for t in &tables {
        row += 1;
        readme.write_string(row, 0, t.name)?;
        readme.write_string(row, 1, t.about)?;
    }
    readme.set_column_width(0, 22)?;
    readme.set_column_width(1, 100)?;
    for t in &tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.name)?;
        for (j, h) in t.head.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &bold)?;
            ws.set_column_width(j as u16, (h.chars().count() as f64 + 2.0).clamp(10.0, 40.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (i, r) in t.rows.iter().enumerate() {
            let row = i as u32 + 1;
            for (j, c) in r.iter().enumerate() {
                let col = j as u16;
                match c {
                    Cell::Text(s) => {
                        ws.write_string(row, col, s)?;
                    }
                    Cell::Num(x) => {
                        ws.write_number_with_format(row, col, *x, &number)?;
                    }
                    Cell::Share(x) => {
                        ws.write_number_with_format(row, col, *x, &pct)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    wb.save_to_buffer()
}

/// Writes `tables.xlsx` into `dir` atomically; returns its path.
///
/// # Errors
/// [`WriteError`] when the workbook cannot be made or written.
pub fn write_tables_xlsx(r: &Results, dir: &Path) -> Result<PathBuf, WriteError> {
    let path = dir.join("tables.xlsx");
    let bytes = tables_xlsx(r).map_err(|e| WriteError {
        path: path.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomic(&path, &bytes)?;
    Ok(path)
}

/// Writes every table as `DIR/tables/NAME.csv` (UTF-8, a header row,
/// numbers in full precision, shares as fractions); returns the folder.
///
/// # Errors
/// [`WriteError`] naming the file that could not be written.
pub fn write_tables_csv(r: &Results, dir: &Path) -> Result<PathBuf, WriteError> {
    let folder = dir.join("tables");
    for t in sheets(r) {
        let path = folder.join(format!("{}.csv", t.name));
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error, path: &Path| WriteError {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        };
        w.write_record(&t.head).map_err(|e| fail(e, &path))?;
        for row in &t.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(s) => s.clone(),
                    Cell::Num(x) | Cell::Share(x) => format!("{x}"),
                    Cell::Empty => String::new(),
                })
                .collect();
            w.write_record(&fields).map_err(|e| fail(e, &path))?;
        }
        let bytes = w.into_inner().map_err(|e| WriteError {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        write_atomic(&path, &bytes)?;
    }
    Ok(folder)
}
