//! The report in a real browser: headless Chromium (Debian's; `.ci/run`
//! installs it) loads the example's report.html with a fresh profile and no
//! network, and the test checks that the page logs no console error, that
//! the overview and every section are in the rendered DOM, that a script
//! planted in user text did not run, that it prints to a PDF of several
//! pages, and saves a screenshot (`target/report-screenshot.png`) for a
//! developer to look at.
//!
//! Without Chromium the test fails under CI (`CI` set) and is skipped with
//! a message elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{clusterdx_in, root};

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Runs headless Chromium on `page` with `extra` arguments; (stdout,
/// stderr).
fn headless(browser: &Path, profile: &Path, page: &Path, extra: &[&str]) -> (String, String) {
    let url = format!("file://{}", page.display());
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_report_renders_in_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (apt-get install chromium)"
        );
        eprintln!("skipped: no chromium on this machine");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    crate::common::run_into("examples/sindh/study.toml", dir.path());
    let page = dir.path().join("report.html");
    let profile = tempfile::tempdir().unwrap();
    let (dom, log) = headless(&browser, profile.path(), &page, &["--dump-dom"]);
    for id in [
        "overview",
        "study",
        "cluster",
        "concentration",
        "hrd",
        "poverty",
        "mpi",
        "pls",
        "methods",
    ] {
        assert!(
            dom.contains(&format!(r#"<section id="{id}">"#)),
            "section {id} not rendered"
        );
    }
    assert!(dom.contains("Locals in management:"));
    // No console message at error level from the page.
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console output: {console:?}");
    let screenshot = root().join("target/report-screenshot.png");
    let _ = std::fs::create_dir_all(root().join("target"));
    let profile = tempfile::tempdir().unwrap();
    headless(
        &browser,
        profile.path(),
        &page,
        &[
            "--window-size=1280,2400",
            &format!("--screenshot={}", screenshot.display()),
        ],
    );
    assert!(
        std::fs::metadata(&screenshot)
            .map(|m| m.len() > 10_000)
            .unwrap_or(false)
    );
    // It prints: a PDF of several pages.
    let pdf = dir.path().join("report.pdf");
    let profile = tempfile::tempdir().unwrap();
    headless(
        &browser,
        profile.path(),
        &page,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("the report prints to PDF");
    assert!(bytes.starts_with(b"%PDF"));
    assert!(pdf_pages(&bytes) >= 5, "{} pages", pdf_pages(&bytes));
}

/// Page objects in a PDF: `/Type /Page` (with or without the space), not
/// `/Type /Pages`.
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    for key in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        n += pdf
            .windows(key.len() + 1)
            .filter(|w| &w[..key.len()] == key && w[key.len()] != b's')
            .count();
    }
    n
}

#[test]
fn a_planted_script_does_not_run() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium");
        eprintln!("skipped: no chromium on this machine");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // A script that would rewrite the page's title, in the study's name and
    // a domain's code.
    let planted = "<script>document.title='PWNED';document.body.innerHTML='PWNED'</script>";
    let mut csv = String::from("id,region,cons,size,w\n");
    for i in 0..40 {
        let region = if i % 2 == 0 { planted } else { "north" };
        csv += &format!("{i},\"{region}\",{},{},1\n", 1000 + 97 * i, 1 + i % 5);
    }
    std::fs::write(dir.path().join("h.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        format!(
            "[study]\nname = \"{}\"\n[datasets.h]\npath = \"h.csv\"\nunit = \"household\"\nid = \"id\"\n\
             [datasets.h.concepts]\nconsumption = \"cons\"\nhousehold_size = \"size\"\n\
             [datasets.h.design]\nweights = \"w\"\n\
             [analyses]\ningest_summary = false\n[analyses.poverty]\nper = \"capita\"\n\
             lines = [{{ name = \"z\", value = 400 }}]\nby = [\"region\"]\n",
            planted
        ),
    )
    .unwrap();
    let out = clusterdx_in(dir.path(), &["run", "study.toml", "-q", "--out", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let profile = tempfile::tempdir().unwrap();
    let (dom, _) = headless(
        &browser,
        profile.path(),
        &dir.path().join("out/report.html"),
        &["--dump-dom"],
    );
    assert!(!dom.contains("<body>PWNED"), "the planted script ran");
    assert!(
        !dom.contains("<title>PWNED</title>"),
        "the planted script ran"
    );
    assert!(
        dom.contains("&lt;script&gt;document.title"),
        "the planted text is shown as text"
    );
    assert!(dom.contains(r#"<section id="poverty">"#));
}
