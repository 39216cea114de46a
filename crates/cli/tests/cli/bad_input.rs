//! The bad-input corpus (`tests/bad/`): every error names the file, the
//! row or line, the column and what was expected; nothing is written, and a
//! previous output survives.

use std::path::Path;

use crate::common::{Outcome, clusterdx};

/// Runs `clusterdx run` on a corpus study into a folder that already holds a
/// previous `results.json`; asserts exit 1, that the previous file is
/// untouched and that nothing else was written. Returns stderr.
fn run_fails(study: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("results.json");
    std::fs::write(&previous, b"previous run").unwrap();
    let path = format!("tests/bad/studies/{study}");
    let out = clusterdx(&["run", &path, "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 1, "{study}: {}\n{}", out.stdout, out.stderr);
    assert_eq!(
        std::fs::read(&previous).unwrap(),
        b"previous run",
        "{study}: previous output changed"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "{study}: something was written"
    );
    assert!(out.stderr.contains("nothing written"), "{}", out.stderr);
    // validate agrees, with the same exit code.
    let v = clusterdx(&["validate", &path, "-q"]);
    assert_eq!(v.code, 1);
    out.stderr
}

fn all(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(haystack.contains(n), "expected `{n}` in:\n{haystack}");
    }
}

#[test]
fn misspelled_key_points_at_line_and_suggests() {
    let e = run_fails("misspelled_key.toml");
    all(
        &e,
        &[
            "misspelled_key.toml:6:1",
            "unknown key `idd`",
            "did you mean `id`?",
            "expected: one of:",
        ],
    );
}

#[test]
fn misspelled_value_points_at_line_and_suggests() {
    let e = run_fails("misspelled_format.toml");
    all(
        &e,
        &[
            "misspelled_format.toml:6:10",
            "unknown value `stat`",
            "did you mean `stata`?",
        ],
    );
}

#[test]
fn toml_syntax_error_has_position() {
    let e = run_fails("syntax.toml");
    all(&e, &["syntax.toml:2:", "error[study-syntax]"]);
}

#[test]
fn missing_column_suggests_closest() {
    let e = run_fails("missing_column.toml");
    all(
        &e,
        &[
            "missing_column.toml:9:10",
            "`sectr` is not in `firms.csv`",
            "closest existing names: `sector`",
        ],
    );
}

#[test]
fn missing_file_suggests_sibling() {
    let e = run_fails("missing_file.toml");
    all(
        &e,
        &[
            "missing_file.toml:5:8",
            "frms.csv` not found",
            "did you mean `firms.csv`?",
        ],
    );
}

#[test]
fn duplicate_ids_negative_weights_orphans_and_codes() {
    let e = run_fails("workers_bad.toml");
    all(
        &e,
        &[
            "error[duplicate-id]: workers.csv, column `worker_id`: id `5` appears in rows 5 and 6",
            "error[weight-negative]: workers.csv, column `weight`: 1 negative weights (first at row 3)",
            "error[weight-missing]: workers.csv, column `weight`: 1 missing weights (first at row 6)",
            "expected: a positive weight in every row",
            "error[broken-link]: workers.csv, column `firm_id`",
            "`F9` is not in `firms.csv` column `firm_id`",
            "error[code-outside-value-set]: workers.csv, column `job_level`",
            "(`7`; first at row 5)",
            "expected: one of: 1, 2, 3",
            "declared at: workers_bad.toml:",
        ],
    );
}

#[test]
fn single_psu_stratum_fails_by_default() {
    let e = run_fails("single_psu.toml");
    all(
        &e,
        &[
            "error[single-psu-stratum]",
            "has a single PSU",
            "set `lonely_psu`",
        ],
    );
}

#[test]
fn ragged_csv_names_record_and_line() {
    let e = run_fails("ragged.toml");
    all(
        &e,
        &[
            "ragged.csv, record 2 (line 3): expected 3 fields as in the header, found 2",
            "ragged.toml:5:8",
        ],
    );
}

#[test]
fn xlsx_without_the_sheet_lists_sheets() {
    let e = run_fails("no_sheet.toml");
    all(
        &e,
        &[
            "no_such_sheet.xlsx",
            "no sheet `Firmz`; expected one of: `Firms`",
        ],
    );
}

#[test]
fn damaged_dta_header() {
    let e = run_fails("damaged_dta.toml");
    all(&e, &["damaged_header.dta", "expected a Stata .dta file"]);
}

#[test]
fn clean_corpus_base_passes() {
    let out: Outcome = clusterdx(&["validate", "tests/bad/studies/base.toml", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(Path::new(&crate::common::root().join("tests/bad/studies/firms.csv")).exists());
}

#[test]
fn empty_declared_stratum_is_an_error_unless_allowed() {
    let out = clusterdx(&["validate", "tests/bad/studies/empty_stratum.toml", "-q"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    all(
        &out.stderr,
        &[
            "error[empty-stratum]: firms.csv, column `stratum`: 1 declared strata have no sampled PSU: `S3`",
            "empty_stratum.toml:11:10",
            "allow_empty_strata = true",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let root = crate::common::root().join("tests/bad/studies");
    let text = std::fs::read_to_string(root.join("empty_stratum.toml"))
        .unwrap()
        .replace("firms.csv", &root.join("firms.csv").display().to_string())
        .replace(
            "psu = \"firm_id\"",
            "psu = \"firm_id\"\nallow_empty_strata = true",
        );
    let study = dir.path().join("allowed.toml");
    std::fs::write(&study, text).unwrap();
    let out = clusterdx(&["validate", study.to_str().unwrap(), "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    all(
        &out.stderr,
        &["warning[empty-stratum]", "describe the sampled strata only"],
    );
}

/// Values and names of personal columns never appear: not a duplicated
/// personal id, not a personal column suggested for a typo.
#[test]
fn personal_values_and_names_are_withheld() {
    let e = run_fails("privacy.toml");
    all(
        &e,
        &[
            "error[duplicate-id]: people.csv, column `(personal, withheld)`: id `(personal, withheld)` appears in rows 1 and 3",
            "privacy.toml:10:12: dataset `people`: district column `owner_phon` is not in `people.csv`",
            // The fpc check also covers unstratified designs.
            "error[fpc-too-small]: people.csv, column `fpc`: stratum `(all)` has 3 sampled PSUs but a population of 2",
        ],
    );
    for secret in ["0300111", "owner_phone", "`phone`"] {
        assert!(!e.contains(secret), "`{secret}` leaked:\n{e}");
    }
    let v = clusterdx(&["validate", "tests/bad/studies/privacy.toml", "--json"]);
    for secret in ["0300111", "owner_phone", "\"phone\""] {
        assert!(!v.stdout.contains(secret), "`{secret}` leaked into --json");
    }
}

#[test]
fn reader_warning_about_a_personal_column_withholds_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "tests/bad/studies/mixed_personal.toml",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    all(
        &out.stderr,
        &[
            "warning[read-warning]: ../mixed_encoding.csv, record 2, column `(personal, withheld)`: not valid UTF-8",
        ],
    );
    let json = std::fs::read_to_string(dir.path().join("results.json")).unwrap();
    assert!(json.contains("(personal, withheld)"));
    for leak in ["\"name\": \"name\"", "`name`", "\"column\": \"name\""] {
        assert!(
            !json.contains(leak),
            "a personal column name reached results.json: {leak}"
        );
    }
}

#[test]
fn datasets_linked_both_ways_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = clusterdx(&[
        "run",
        "tests/bad/studies/mutual_links.toml",
        "-q",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn missing_link_column_is_reported() {
    let e = run_fails("link_column_missing.toml");
    all(
        &e,
        &[
            "link_column_missing.toml:13:10: dataset `workers`: link column `frm_id` is not in `workers.csv`",
            "closest existing names: `firm_id`",
        ],
    );
}

#[test]
fn options_that_do_not_apply_are_flagged() {
    let e = run_fails("ignored_options.toml");
    all(
        &e,
        &[
            "warning[option-ignored]: ignored_options.toml: dataset `firms`: `sheet` is ignored (only workbooks have sheets)",
            "`delimiter` is ignored (only text files have delimiters)",
            "declared at: ignored_options.toml:10:13",
            "error[bad-header-row]",
        ],
    );
}
