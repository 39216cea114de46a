//! Running the binary and locating test files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Output of one run of the binary.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `clusterdx` with `args` in the workspace root.
pub fn clusterdx(args: &[&str]) -> Outcome {
    clusterdx_in(&root(), args)
}

/// Runs `clusterdx` with `args` in `dir`.
pub fn clusterdx_in(dir: &Path, args: &[&str]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_clusterdx"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `clusterdx run study.toml -q --out out` in `dir`, asserts it
/// succeeds, and returns `out/results.json`.
#[track_caller]
pub fn run_study_in(dir: &Path) -> serde_json::Value {
    let out_dir = dir.join("out");
    let out = clusterdx_in(
        dir,
        &[
            "run",
            "study.toml",
            "-q",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&std::fs::read_to_string(out_dir.join("results.json")).unwrap()).unwrap()
}

/// Asserts `got` is within 1e-9 relative of `want` (JSON numbers).
#[track_caller]
pub fn close(got: &serde_json::Value, want: &serde_json::Value, what: &str) {
    let (g, w) = (got.as_f64().unwrap(), want.as_f64().unwrap());
    assert!(((g - w) / w).abs() <= 1e-9, "{what}: got {g}, want {w}");
}

/// Every cell of every sheet of a workbook, as text (to look for what
/// must not be there).
pub fn xlsx_text(path: &Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = String::new();
    for name in wb.sheet_names() {
        for row in wb.worksheet_range(&name).unwrap().rows() {
            for c in row {
                out.push_str(&c.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

/// Runs `clusterdx run STUDY -q --out DIR` (a study path relative to the
/// repository) and asserts it succeeds.
#[track_caller]
pub fn run_into(study: &str, dir: &Path) {
    let out = clusterdx(&["run", study, "-q", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}
