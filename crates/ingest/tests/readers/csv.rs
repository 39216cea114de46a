//! Tests of the delimited-text reader.

use std::io::Write;

use clusterdx_data::{MissingReason, Value};
use clusterdx_ingest::{ErrorKind, Format, ReadOptions, read};

use crate::common::bad;

fn opts() -> ReadOptions {
    ReadOptions {
        format: Some(Format::Csv),
        name: "t".into(),
        ..Default::default()
    }
}

fn write_tmp(bytes: &[u8], ext: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(ext).tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f
}

#[test]
fn reads_readstat_reference_values_csv_with_urdu_text() {
    let path = crate::common::reference("readstat/workers_dta_values.csv");
    let got = read(&path, &opts()).unwrap();
    let d = &got.dataset;
    assert_eq!(d.n_rows(), 40);
    assert!(got.warnings.is_empty());
    assert_eq!(d.column("name").unwrap().get(0), Value::Text("علی رضا"));
    assert_eq!(d.column("worker_id").unwrap().get(0), Value::Float(1001.0));
    assert!(d.column("educ_years").unwrap().get(3).is_missing());
    assert_eq!(
        d.column("interview_date").unwrap().code_at(0).as_deref(),
        Some("2019-03-13")
    );
}

#[test]
fn bom_quoted_newlines_and_semicolons() {
    let f = write_tmp(
        b"\xEF\xBB\xBF\"id\";\"note\";\"x\"\n\"1\";\"line one\nline two; still\";\"2,5\"\n\"2\";\"\";\"\"\n",
        ".csv",
    );
    let d = read(f.path(), &opts()).unwrap().dataset;
    assert_eq!(d.column_names().collect::<Vec<_>>(), ["id", "note", "x"]);
    assert_eq!(d.column("id").unwrap().get(1), Value::Int(2));
    assert_eq!(
        d.column("note").unwrap().get(0),
        Value::Text("line one\nline two; still")
    );
    assert!(d.column("note").unwrap().get(1).is_missing());
    // A decimal comma is text, never silently a number.
    assert_eq!(d.column("x").unwrap().get(0), Value::Text("2,5"));
}

#[test]
fn tab_and_pipe_and_na_values() {
    let f = write_tmp(b"a\tb\n1\tNA\n2\t3.5\n", ".tsv");
    let mut o = opts();
    o.na_values = vec!["NA".into()];
    let d = read(f.path(), &o).unwrap().dataset;
    let b = d.column("b").unwrap();
    assert_eq!(
        b.get(0),
        Value::Missing(MissingReason::UserCode { raw: "NA".into() })
    );
    assert_eq!(b.get(1), Value::Float(3.5));
    let f = write_tmp(b"a|b\n1|x\n", ".csv");
    let d = read(f.path(), &opts()).unwrap().dataset;
    assert_eq!(d.column("b").unwrap().get(0), Value::Text("x"));
}

#[test]
fn windows_1252_fallback_warns_with_position() {
    let path = bad("mixed_encoding.csv");
    let got = read(&path, &opts()).unwrap();
    assert_eq!(got.warnings.len(), 1);
    let w = &got.warnings[0].to_string();
    assert!(
        w.contains("Windows-1252") && w.contains("record 2") && w.contains("`name`"),
        "{w}"
    );
    assert_eq!(
        got.dataset.column("name").unwrap().get(1),
        Value::Text("naïve")
    );
}

#[test]
fn header_row_option_skips_title_lines() {
    let f = write_tmp(b"Survey export\n\nid,v\n1,2\n", ".csv");
    let mut o = opts();
    o.header_row = Some(2);
    // Blank lines are skipped by the csv parser, so the header is the 2nd record.
    let d = read(f.path(), &o).unwrap().dataset;
    assert_eq!(d.column_names().collect::<Vec<_>>(), ["id", "v"]);
    assert_eq!(d.n_rows(), 1);
}

#[test]
fn ragged_row_names_file_record_and_line() {
    let err = read(&bad("ragged.csv"), &opts()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(
        err.kind(),
        ErrorKind::Ragged {
            expected: 3,
            found: 2
        }
    ));
    assert!(
        msg.contains("ragged.csv") && msg.contains("record 2") && msg.contains("line 3"),
        "{msg}"
    );
    assert!(msg.contains("expected 3 fields"), "{msg}");
}

#[test]
fn wrong_delimiter_forced_is_reported() {
    let mut o = opts();
    o.delimiter = Some(b',');
    // Forcing `,` on a `;` file yields one column: reading succeeds but the
    // single column holds whole lines, which validation reports as missing
    // mapped columns. Detection picks `;` by itself.
    let d = read(&bad("semicolon.csv"), &o).unwrap().dataset;
    assert_eq!(d.columns().len(), 1);
    let d = read(&bad("semicolon.csv"), &opts()).unwrap().dataset;
    assert_eq!(d.columns().len(), 3);
}

#[test]
fn truncated_quote_is_an_error_not_a_panic() {
    let err = read(&bad("truncated.csv"), &opts()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("truncated.csv") && msg.contains("record 2"),
        "{msg}"
    );
}

#[test]
fn duplicate_and_empty_headers() {
    let err = read(&bad("duplicate_header.csv"), &opts()).unwrap_err();
    assert!(err.to_string().contains("`id` twice"), "{err}");
    assert!(err.to_string().contains("line 1"), "{err}");
    let err = read(&bad("empty.csv"), &opts()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Empty), "{err}");
    let f = write_tmp(b"a,,c\n1,2,3\n", ".csv");
    let err = read(f.path(), &opts()).unwrap_err();
    assert!(err.to_string().contains("field 2"), "{err}");
}

#[test]
fn utf16_is_refused_clearly() {
    let f = write_tmp(b"\xFF\xFEa\x00,\x00b\x00", ".csv");
    let err = read(f.path(), &opts()).unwrap_err();
    assert!(err.to_string().contains("UTF-16"), "{err}");
}

#[test]
fn missing_file() {
    let err = read(std::path::Path::new("no/such/file.csv"), &opts()).unwrap_err();
    assert!(
        err.to_string().starts_with("no/such/file.csv: cannot read"),
        "{err}"
    );
}

/// The result is identical whatever the number of worker threads: every
/// type (including a column that widens to text late, forcing a re-read),
/// missing values and their reasons.
#[test]
fn same_result_for_any_thread_count() {
    let mut text = String::from("id,x,when,code,note,flag\n");
    for i in 0..20_000 {
        let x = if i % 97 == 0 {
            String::new()
        } else {
            format!("{}.{}", i, i % 7)
        };
        let when = if i % 2 == 0 {
            "2024-01-02".to_string()
        } else {
            format!("2024-01-02T10:{:02}", i % 60)
        };
        let code = if i == 15_000 {
            "x7".to_string()
        } else {
            (i % 5).to_string()
        };
        let note = if i % 3 == 0 {
            "NA".to_string()
        } else {
            format!("\"n, {i}\"")
        };
        text.push_str(&format!("{i},{x},{when},{code},{note},{}\n", i % 2 == 0));
    }
    let f = write_tmp(text.as_bytes(), ".csv");
    let read_with = |threads| {
        let mut o = opts();
        o.na_values = vec!["NA".into()];
        o.threads = Some(threads);
        read(f.path(), &o).unwrap().dataset
    };
    let one = read_with(1);
    assert_eq!(one.n_rows(), 20_000);
    assert_eq!(one.column("code").unwrap().get(0), Value::Text("0"));
    assert_eq!(one.column("code").unwrap().get(15_000), Value::Text("x7"));
    assert_eq!(one.column("x").unwrap().get(1), Value::Float(1.1));
    assert!(one.column("x").unwrap().get(0).is_missing());
    for threads in [2, 3, 4, 6] {
        let other = read_with(threads);
        for (a, b) in one.columns().iter().zip(other.columns()) {
            assert_eq!(a.name, b.name);
            assert_eq!(
                a.logical_type(),
                b.logical_type(),
                "{threads} threads: `{}`",
                a.name
            );
            for i in 0..a.len() {
                // Values, and missing values with their reasons (NaN fillers
                // of missing floats are not compared).
                assert_eq!(
                    a.get(i),
                    b.get(i),
                    "{threads} threads: `{}` row {i}",
                    a.name
                );
            }
        }
    }
}
