//! `report.html`: written beside results.json by every run, self-contained
//! (no script, no external resource), every section of the example study
//! present, and user-supplied text escaped (a planted `<script>` in the
//! study's name, description and a domain's code renders as text).

use crate::common::{clusterdx, clusterdx_in};

#[test]
fn the_example_report_has_every_section_and_nothing_external() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "examples/sindh/study.toml",
        "-q",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
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
    assert!(html.matches("<svg").count() >= 4);
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
