//! `report.html`: written beside results.json by every run, self-contained
//! (no script, no external resource), every section of the example study
//! present, and user-supplied text escaped (a planted `<script>` in the
//! study's name, description and a domain's code renders as text).

use crate::common::{clusterdx, clusterdx_in};

#[test]
fn the_example_report_has_every_section_and_nothing_external() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::run_into("examples/sindh/study.toml", dir.path());
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for section in [
        r#"id="overview""#,
        r#"id="study""#,
        r#"id="cluster""#,
        r#"id="concentration""#,
        r#"id="hrd""#,
        r#"id="poverty""#,
        r#"id="mpi""#,
        r#"id="pls""#,
        r#"id="methods""#,
    ] {
        assert!(html.contains(section), "{section}");
    }
    // The synthetic-data banner, the overview cards with intervals, the
    // charts with their text alternatives.
    assert!(html.contains(r#"class="banner""#) && html.contains("SYNTHETIC DATA"));
    assert!(html.contains("Locals in management:"));
    for part in [
        "The definitions of local side by side",
        "Local share by job level × skill",
        "What makes up M0",
        "Stakeholder networks",
        "Capacity building",
        "Sampling designs",
        "Indirect effects (mediation)",
        "Multigroup:",
    ] {
        assert!(html.contains(part), "{part}");
    }
    assert!(html.matches("<svg").count() >= 5);
    assert!(html.matches(r#"role="img""#).count() == html.matches("<svg").count());
    // Self-contained: no script and nothing fetched.
    let lower = html.to_lowercase();
    for bad in ["<script", "src=", "http://", "https://", "<link", "@import"] {
        assert!(!lower.contains(bad), "{bad}");
    }
}

#[test]
fn user_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,region,cons,size,w\n");
    for i in 0..40 {
        let region = if i % 2 == 0 {
            "<script>alert(1)</script>"
        } else {
            "north"
        };
        csv += &format!("{i},{region},{},{},1\n", 1000 + 97 * i, 1 + i % 5);
    }
    std::fs::write(dir.path().join("h.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        "[study]\nname = \"<script>alert('name')</script>\"\ndescription = \"<img src=x onerror=alert(2)>\"\n\
         [datasets.h]\npath = \"h.csv\"\nunit = \"household\"\nid = \"id\"\n\
         [datasets.h.concepts]\nconsumption = \"cons\"\nhousehold_size = \"size\"\n\
         [datasets.h.design]\nweights = \"w\"\n\
         [analyses]\ningest_summary = false\n[analyses.poverty]\nper = \"capita\"\n\
         lines = [{ name = \"z\", value = 400 }]\nby = [\"region\"]\n",
    )
    .unwrap();
    let out = clusterdx_in(dir.path(), &["run", "study.toml", "-q", "--out", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a planted script survived");
    assert!(!lower.contains("<img"), "a planted image survived");
    assert!(html.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"));
    assert!(html.contains("region: &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
}

/// `tables.xlsx` round-trips through a reader (calamine) with results.json's
/// numbers: a README sheet, then one sheet per table.
#[test]
fn the_tables_workbook_holds_the_results_numbers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    crate::common::run_into("examples/sindh/study.toml", dir.path());
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("tables.xlsx")).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[0], "README");
    for s in [
        "datasets",
        "cluster_matrix",
        "cluster_classes",
        "hrd_local_shares",
        "hrd_level_skill",
        "joint_display",
        "poverty",
        "inequality",
        "poverty_comparisons",
        "mpi",
        "mpi_indicators",
        "pls_paths",
        "pls_constructs",
        "pls_items",
    ] {
        assert!(names.iter().any(|n| n == s), "{s} in {names:?}");
    }
    // Excel keeps 15–17 significant digits: equal to the last bit or two.
    let same = |a: f64, b: f64| assert!((a - b).abs() <= 1e-14 * b.abs(), "{a} vs {b}");
    let num = |d: &Data| match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    };
    // The headcount of everyone at the first line.
    let poverty = wb.worksheet_range("poverty").unwrap();
    let header: Vec<String> = poverty
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..4], ["domain", "line", "measure", "value"]);
    let row = poverty
        .rows()
        .find(|r| r[0] == "everyone" && r[2] == "FGT(0)")
        .unwrap();
    let want = &results["poverty"]["domains"][0]["lines"][0]["fgt"][0]["figure"];
    same(num(&row[3]), want["value"].as_f64().unwrap());
    same(num(&row[4]), want["se"].as_f64().unwrap());
    // Every path coefficient of the structural model.
    let paths = wb.worksheet_range("pls_paths").unwrap();
    let want = results["pls"][0]["paths"].as_array().unwrap();
    let rows: Vec<_> = paths.rows().skip(1).collect();
    assert_eq!(rows.len(), want.len());
    for (r, w) in rows.iter().zip(want) {
        assert_eq!(r[1].to_string(), w["from"].as_str().unwrap());
        same(num(&r[3]), w["coefficient"]["value"].as_f64().unwrap());
    }
    // An estimate column spreads over value, SE and limits.
    let shares = wb.worksheet_range("hrd_local_shares").unwrap();
    let header: Vec<String> = shares
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[4..8],
        [
            "local share",
            "local share SE",
            "local share CI low",
            "local share CI high"
        ]
    );
    let first = shares.rows().nth(1).unwrap();
    let want =
        &results["hrd"]["sectors"][0]["participation"][0]["local"][0]["levels"][0]["local_share"];
    same(num(&first[4]), want["value"].as_f64().unwrap());
    same(num(&first[5]), want["se"].as_f64().unwrap());
    same(num(&first[6]), want["ci"][0].as_f64().unwrap());
    same(num(&first[7]), want["ci"][1].as_f64().unwrap());
    // The README sheet names every other sheet.
    let readme = wb.worksheet_range("README").unwrap();
    let listed: Vec<String> = readme.rows().map(|r| r[0].to_string()).collect();
    for n in names.iter().skip(1) {
        assert!(listed.contains(n), "{n} not on the README sheet");
    }
    // The same results give the same bytes.
    let again = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "examples/sindh/study.toml",
        "-q",
        "--out",
        again.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(
        std::fs::read(dir.path().join("tables.xlsx")).unwrap(),
        std::fs::read(again.path().join("tables.xlsx")).unwrap()
    );
}

/// `--csv`: every table as a CSV file too, the same numbers as the workbook.
#[test]
fn csv_tables_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "tests/studies/pls_mobi/study.toml",
        "-q",
        "--csv",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let mut rdr = csv::Reader::from_path(dir.path().join("tables/pls_paths.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let want = results["pls"][0]["paths"].as_array().unwrap();
    assert_eq!(rows.len(), want.len());
    for (r, w) in rows.iter().zip(want) {
        // serde_json reads floats to within an ulp (no `float_roundtrip`).
        let (got, want): (f64, f64) = (
            r[3].parse().unwrap(),
            w["coefficient"]["value"].as_f64().unwrap(),
        );
        assert!((got - want).abs() <= 1e-15 * want.abs(), "{got} vs {want}");
    }
    assert!(dir.path().join("tables/datasets.csv").exists());
}

/// The report's structure — its headings, each table's header and row
/// count, each chart's title — against a golden outline for small studies
/// (`tests/golden/*.txt`; `UPDATE_GOLDEN=1` rewrites them after a deliberate
/// change, to be reviewed in the diff).
#[test]
fn report_structure_matches_the_golden_outlines() {
    for (study, golden) in [
        (
            "tests/studies/poverty_wb/study.toml",
            "report_poverty_wb.txt",
        ),
        ("tests/studies/pls_mobi/study.toml", "report_pls_mobi.txt"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        crate::common::run_into(study, dir.path());
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        let got = outline(&html);
        let path = crate::common::root().join("tests/golden").join(golden);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
        assert_eq!(got, want, "{golden}: the report's structure changed");
    }
}

/// Headings, table headers with their row counts, and chart titles, one
/// per line, in page order.
fn outline(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[1..tag_end];
        if let Some(level) = ["h1", "h2", "h3", "h4"].iter().find(|h| tag == **h) {
            let close = format!("</{level}>");
            let end = rest.find(&close).unwrap();
            out += &format!("{level} {}\n", strip(&rest[tag_end + 1..end]));
        } else if tag.starts_with("table") {
            let end = rest.find("</table>").unwrap();
            let t = rest[..end].replace("<thead>", "");
            let head: Vec<String> = t
                .split("<th")
                .skip(1)
                .map(|c| strip(&c[c.find('>').unwrap() + 1..c.find("</th>").unwrap()]))
                .collect();
            let rows = t.matches("<tr>").count().saturating_sub(1);
            out += &format!("table [{}] {rows} rows\n", head.join(" | "));
            rest = &rest[end..];
            continue;
        } else if tag.starts_with("svg") {
            let t0 = rest.find("<title>").unwrap();
            let t1 = rest.find("</title>").unwrap();
            out += &format!("chart {}\n", strip(&rest[t0 + 7..t1]));
            rest = &rest[rest.find("</svg>").unwrap()..];
            continue;
        }
        rest = &rest[tag_end.min(rest.len() - 1) + 1..];
    }
    out
}

/// Text without tags.
fn strip(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// An informant's quote is user text too: a planted `<script>` in the
/// interview segments renders as text in the joint display, and the
/// workbook keeps the words as they were said.
#[test]
fn a_planted_script_in_a_quote_renders_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let example = crate::common::root().join("examples/sindh");
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::copy(example.join("study.toml"), dir.path().join("study.toml")).unwrap();
    for f in std::fs::read_dir(example.join("data")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join("data").join(f.file_name().unwrap())).unwrap();
    }
    let segments = dir.path().join("data/kii_segments.csv");
    let text = std::fs::read_to_string(&segments).unwrap();
    let planted = "<script>alert('quote')</script>";
    let quote = "Nobody trains workers; people learn on the job or not at all.";
    assert!(text.contains(quote));
    std::fs::write(&segments, text.replacen(quote, planted, 1)).unwrap();
    let out = clusterdx_in(dir.path(), &["run", "study.toml", "-q", "--out", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("What informants say"));
    assert!(
        !html.to_lowercase().contains("<script"),
        "a planted script survived"
    );
    assert!(html.contains("“&lt;script&gt;alert(&#39;quote&#39;)&lt;/script&gt;”"));
    let book = crate::common::xlsx_text(&dir.path().join("out/tables.xlsx"));
    assert!(
        book.contains(planted),
        "the workbook keeps the quote as said"
    );
}

/// Columns declared personal never reach an output: no informant's or
/// respondent's name or phone number is in the report, the workbook or
/// results.json.
#[test]
fn personal_columns_reach_no_output() {
    use calamine::{Reader, Xlsx, open_workbook};
    let example = crate::common::root().join("examples/sindh/data");
    let mut secrets: Vec<String> = Vec::new();
    let mut rdr = csv::Reader::from_path(example.join("stakeholders.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        for col in ["informant_name", "informant_phone"] {
            let k = head.iter().position(|h| h == col).unwrap();
            secrets.push(rec[k].to_string());
        }
    }
    let mut firms: Xlsx<_> = open_workbook(example.join("firms.xlsx")).unwrap();
    let first = firms.sheet_names()[0].clone();
    let range = firms.worksheet_range(&first).unwrap();
    let mut rows = range.rows();
    let head: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    for col in ["respondent/resp_name", "respondent/resp_phone"] {
        let k = head.iter().position(|h| h == col).unwrap();
        secrets.extend(rows.clone().map(|r| r[k].to_string()));
    }
    secrets.retain(|s| s.len() >= 6);
    assert!(secrets.len() > 100, "{} personal values", secrets.len());
    let dir = tempfile::tempdir().unwrap();
    crate::common::run_into("examples/sindh/study.toml", dir.path());
    let outputs = [
        std::fs::read_to_string(dir.path().join("report.html")).unwrap(),
        std::fs::read_to_string(dir.path().join("results.json")).unwrap(),
        crate::common::xlsx_text(&dir.path().join("tables.xlsx")),
    ];
    for s in &secrets {
        for (o, name) in outputs
            .iter()
            .zip(["report.html", "results.json", "tables.xlsx"])
        {
            assert!(!o.contains(s.as_str()), "personal value {s:?} in {name}");
        }
    }
}
