//! Tests of the stata reader: every value, missing marker, label and format
//! of `readstat/workers.dta` (release 119), `workers_v117.dta` and
//! `workers_v115.dta` against `workers_dta_values.csv` and
//! `expected_metadata.json`; the bad-input corpus; and deterministic
//! truncation / byte-flip fuzzing.
//!
//! The reference helpers here (`Expected`, `check_reference`, `fuzz`) are
//! shared with the spss tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clusterdx_data::{
    Column, ColumnData, Dataset, LogicalType, MissingReason, Value, code_key, format_date,
    format_datetime,
};
use clusterdx_ingest::{ErrorKind, IngestError, Ingested, ReadOptions, read};

use crate::common;

// ---------------------------------------------------------------------------
// Reference helpers (shared with spss.rs)
// ---------------------------------------------------------------------------

/// The expected cells of a reference CSV: empty cell = missing.
pub(crate) struct Expected {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads `readstat/<name>` with the `csv` crate.
pub(crate) fn expected_values(name: &str) -> Expected {
    let path = common::reference(&format!("readstat/{name}"));
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    Expected { header, rows }
}

/// The `expected_metadata.json` entry of one file.
pub(crate) fn expected_metadata(file: &str) -> serde_json::Value {
    let path = common::reference("readstat/expected_metadata.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let all: serde_json::Value = serde_json::from_str(&text).unwrap();
    all[file].clone()
}

/// Reads a file with default options, panicking with the error on failure.
pub(crate) fn read_ok(path: &Path) -> Ingested {
    read(path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn close(actual: f64, expected: f64) -> bool {
    actual == expected || (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

/// The user-missing codes `expected_metadata.json` declares for a column.
fn user_missing(meta: &serde_json::Value, column: &str) -> Vec<(f64, f64)> {
    meta["missing_ranges"][column]
        .as_array()
        .map(|ranges| {
            ranges
                .iter()
                .map(|r| (r["lo"].as_f64().unwrap(), r["hi"].as_f64().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts every cell, missing marker, variable label, value label, format
/// and the file label against the reference. `text` maps an expected text
/// cell to what the file can hold (identity, or `?` for non-ASCII in
/// release 115).
pub(crate) fn check_reference(
    ingested: &Ingested,
    expected: &Expected,
    meta: &serde_json::Value,
    text: &dyn Fn(&str) -> String,
) {
    let d: &Dataset = &ingested.dataset;
    let names: Vec<&str> = d.column_names().collect();
    let meta_columns: Vec<&str> = meta["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(names, meta_columns, "column names and order");
    assert_eq!(names, expected.header, "CSV header");
    assert_eq!(d.n_rows() as u64, meta["n_rows"].as_u64().unwrap());
    assert_eq!(d.n_rows(), expected.rows.len());
    assert_eq!(
        d.label.as_deref(),
        meta["file_label"].as_str(),
        "file label"
    );

    for (j, name) in names.iter().enumerate() {
        let column: &Column = d.column(name).unwrap();
        let missing_codes = user_missing(meta, name);
        for (i, row) in expected.rows.iter().enumerate() {
            let cell = row[j].as_str();
            let at = format!("{name}, row {}", i + 1);
            let got = column.get(i);
            if cell.is_empty() {
                assert_eq!(
                    got,
                    Value::Missing(MissingReason::System),
                    "{at}: expected system missing"
                );
                continue;
            }
            if let Ok(x) = cell.parse::<f64>()
                && missing_codes.iter().any(|(lo, hi)| *lo <= x && x <= *hi)
            {
                assert_eq!(
                    got,
                    Value::Missing(MissingReason::UserCode { raw: code_key(x) }),
                    "{at}: expected user-missing {cell}"
                );
                // The raw value stays in the slot.
                if let ColumnData::Float(v) = &column.data {
                    assert_eq!(v[i], x, "{at}: raw user-missing value kept");
                }
                continue;
            }
            match got {
                Value::Float(_) | Value::Int(_) => {
                    let want: f64 = cell
                        .parse()
                        .unwrap_or_else(|_| panic!("{at}: `{cell}` is not a number"));
                    let have = got.as_f64().unwrap();
                    assert!(close(have, want), "{at}: {have} != {want}");
                }
                Value::Date(days) => assert_eq!(format_date(days), cell, "{at}"),
                Value::DateTime(ms) => assert_eq!(format_datetime(ms), cell, "{at}"),
                Value::Text(s) => assert_eq!(s, text(cell), "{at}"),
                other => panic!("{at}: unexpected {other:?} for `{cell}`"),
            }
        }

        assert_eq!(
            column.label.as_deref(),
            meta["column_labels"][name].as_str(),
            "{name}: variable label"
        );
        assert_eq!(
            column.format.as_deref(),
            meta["original_variable_types"][name].as_str(),
            "{name}: format"
        );
        let expected_labels: Option<BTreeMap<String, String>> =
            meta["variable_value_labels"][name].as_object().map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                    .collect()
            });
        let got_labels: Option<BTreeMap<String, String>> = column.value_labels.as_ref().map(|l| {
            l.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        assert_eq!(got_labels, expected_labels, "{name}: value labels");
    }

    // Logical types follow from storage, formats and labels.
    let types: Vec<LogicalType> = d.columns().iter().map(Column::logical_type).collect();
    use LogicalType::*;
    assert_eq!(
        types,
        [
            Float,
            Text,
            Categorical,
            Categorical,
            Categorical,
            Float,
            Float,
            Float,
            Categorical,
            Text,
            Text,
            Date,
            Float
        ]
    );
}

/// Asserts that reading `path` fails with a malformed-file error naming the
/// file and saying what was expected.
pub(crate) fn assert_malformed(path: &Path, expected: &str) -> IngestError {
    let result = std::panic::catch_unwind(|| read(path, &ReadOptions::default()));
    let err = match result {
        Ok(Err(e)) => e,
        Ok(Ok(_)) => panic!("{}: read succeeded", path.display()),
        Err(_) => panic!("{}: read panicked", path.display()),
    };
    let msg = err.to_string();
    let file_name = path.file_name().unwrap().to_string_lossy();
    assert!(
        msg.contains(file_name.as_ref()),
        "message names the file: {msg}"
    );
    assert!(
        msg.contains(expected),
        "message says what was expected: {msg}"
    );
    assert!(matches!(err.kind(), ErrorKind::Malformed { .. }), "{msg}");
    err
}

/// Deterministic fuzzing: 50 truncations and 50 single-byte corruptions of
/// `reference`, each read from a temporary file. Nothing may panic; every
/// error must name the file and say what was expected. When
/// `truncation_fails` is set, every truncated copy must be an error.
pub(crate) fn fuzz(reference: &Path, extension: &str, truncation_fails: bool) {
    let bytes = std::fs::read(reference).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target: PathBuf = dir.path().join(format!("fuzzed.{extension}"));
    let mut failures = Vec::new();

    let mut run = |data: &[u8], what: String, must_fail: bool| {
        std::fs::write(&target, data).unwrap();
        let outcome = std::panic::catch_unwind(|| read(&target, &ReadOptions::default()));
        match outcome {
            Err(_) => failures.push(format!("{what}: panicked")),
            Ok(Ok(_)) if must_fail => failures.push(format!("{what}: read succeeded")),
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                let msg = e.to_string();
                if !msg.contains("fuzzed.") || !msg.contains("expected") {
                    failures.push(format!("{what}: unhelpful message `{msg}`"));
                }
            }
        }
    };

    let len = bytes.len();
    for k in 0..50 {
        let cut = (len * k / 50 + k * 7 % 13).min(len - 1);
        run(
            &bytes[..cut],
            format!("truncated to {cut} bytes"),
            truncation_fails,
        );
    }
    // A small linear congruential generator: the same positions every run.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D ^ len as u64;
    for _ in 0..50 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let pos = (state >> 33) as usize % len;
        let mask = ((state >> 17) as u8) | 1;
        let mut data = bytes.clone();
        data[pos] ^= mask;
        run(&data, format!("byte {pos} xor {mask:#04x}"), false);
    }
    assert!(
        failures.is_empty(),
        "{}: {failures:#?}",
        reference.display()
    );
}

// ---------------------------------------------------------------------------
// Reference files
// ---------------------------------------------------------------------------

fn check_dta(file: &str, text: &dyn Fn(&str) -> String) -> Ingested {
    let ingested = read_ok(&common::reference(&format!("readstat/{file}")));
    let expected = expected_values("workers_dta_values.csv");
    let meta = expected_metadata("workers.dta");
    check_reference(&ingested, &expected, &meta, text);
    assert!(ingested.warnings.is_empty(), "{:?}", ingested.warnings);
    assert!(ingested.children.is_empty());
    // Label set names as stored in the file.
    let d = &ingested.dataset;
    for (column, set) in [
        ("sector", "sector0"),
        ("job_level", "job_level1"),
        ("origin", "origin2"),
        ("trained", "trained3"),
    ] {
        let labels = d.column(column).unwrap().value_labels.as_ref().unwrap();
        assert_eq!(labels.name.as_deref(), Some(set), "{file}: {column}");
    }
    // The dataset is named after the file unless the caller names it.
    assert_eq!(d.name, file.trim_end_matches(".dta"));
    ingested
}

#[test]
fn release_119_matches_reference() {
    let ingested = check_dta("workers.dta", &|s| s.to_string());
    let d = &ingested.dataset;
    // Urdu and Sindhi text survives; empty strings are missing.
    assert_eq!(d.column("name").unwrap().get(1), Value::Text("فاطمہ بی بی"));
    assert_eq!(d.column("name").unwrap().get(6), Value::Text("ڄام صادق"));
    assert_eq!(d.column("provider").unwrap().missing_count(), 16);
    // The .dta file stores the user-missing wages as system missing.
    let wage = d.column("wage_pkr").unwrap();
    assert_eq!(wage.get(5), Value::Missing(MissingReason::System));
    assert_eq!(wage.get(22), Value::Missing(MissingReason::System));
    assert_eq!(d.column("educ_years").unwrap().missing_count(), 2);
    assert_eq!(d.column("weight").unwrap().get(0), Value::Float(34.6727));
    assert_eq!(d.column("sector").unwrap().label_at(0), Some("Thar coal"));
}

#[test]
fn release_117_matches_reference() {
    let ingested = check_dta("workers_v117.dta", &|s| s.to_string());
    assert_eq!(
        ingested.dataset.column("name").unwrap().get(0),
        Value::Text("علی رضا")
    );
}

#[test]
fn release_115_matches_reference_with_question_marks() {
    let ascii = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { c } else { '?' })
            .collect::<String>()
    };
    let ingested = check_dta("workers_v115.dta", &ascii);
    assert_eq!(
        ingested.dataset.column("name").unwrap().get(0),
        Value::Text("??? ???")
    );
}

#[test]
fn caller_names_the_dataset() {
    let options = ReadOptions {
        name: "workers_main".into(),
        ..ReadOptions::default()
    };
    let ingested = read(&common::reference("readstat/workers.dta"), &options).unwrap();
    assert_eq!(ingested.dataset.name, "workers_main");
}

// ---------------------------------------------------------------------------
// Patched copies of the reference: extended missing values, datetimes,
// encodings
// ---------------------------------------------------------------------------

fn reference_bytes(file: &str) -> Vec<u8> {
    std::fs::read(common::reference(&format!("readstat/{file}"))).unwrap()
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{:?} not found", String::from_utf8_lossy(needle)))
}

/// Byte offset of row `row`, field at `field_offset`, in workers.dta
/// (release 119: 114-byte rows; `educ_years` at 44, `name` at 78).
fn cell_offset(bytes: &[u8], row: usize, field_offset: usize) -> usize {
    find(bytes, b"<data>") + 6 + row * 114 + field_offset
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn extended_and_non_standard_missing_values() {
    let mut bytes = reference_bytes("workers.dta");
    let a = 0x7FE0_0100_0000_0000_u64; // .a
    let z = a + 25 * 0x0100_0000_0000; // .z
    let nan = 0x7FF8_0000_0000_0000_u64; // NaN: not a Stata missing value
    for (row, bits) in [(0, a), (1, z), (2, nan)] {
        let at = cell_offset(&bytes, row, 44);
        bytes[at..at + 8].copy_from_slice(&bits.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "extended.dta", &bytes);
    let ingested = read_ok(&path);
    let educ = ingested.dataset.column("educ_years").unwrap();
    assert_eq!(
        educ.get(0),
        Value::Missing(MissingReason::Extended { letter: 'a' })
    );
    assert_eq!(
        educ.get(1),
        Value::Missing(MissingReason::Extended { letter: 'z' })
    );
    assert_eq!(educ.get(2), Value::Missing(MissingReason::System));
    assert_eq!(educ.get(4), Value::Float(11.0));
    assert_eq!(ingested.warnings.len(), 1, "{:?}", ingested.warnings);
    assert!(
        ingested.warnings[0]
            .to_string()
            .contains("record 3, column `educ_years`")
    );
}

#[test]
fn tc_and_tcc_formats_are_datetimes() {
    for (format, leap) in [(b"%tc\0", false), (b"%tC\0", true)] {
        let mut bytes = reference_bytes("workers.dta");
        let at = find(&bytes, b"%td\0");
        bytes[at..at + 4].copy_from_slice(format);
        let dir = tempfile::tempdir().unwrap();
        let path = write_temp(&dir, "datetime.dta", &bytes);
        let ingested = read_ok(&path);
        let c = ingested.dataset.column("interview_date").unwrap();
        assert_eq!(c.logical_type(), LogicalType::DateTime, "leap {leap}");
        // Day 21621 read as 21 621 ms after 1960-01-01 00:00 (no leap second before 1972).
        assert_eq!(c.get(0).code().as_deref(), Some("1960-01-01T00:00:21.621"));
    }
}

#[test]
fn release_117_falls_back_to_windows_1252() {
    let mut bytes = reference_bytes("workers_v117.dta");
    // Row 3's name is "Ghulam Hyder": make its first letter é in Windows-1252.
    let at = find(&bytes, b"Ghulam Hyder");
    bytes[at] = 0xE9;
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "latin.dta", &bytes);
    let ingested = read_ok(&path);
    assert_eq!(ingested.warnings.len(), 1);
    assert!(ingested.warnings[0].message.contains("Windows-1252"));
    let name = ingested.dataset.column("name").unwrap();
    assert_eq!(name.get(2), Value::Text("éhulam Hyder"));
}

#[test]
fn release_119_invalid_utf8_is_an_encoding_error() {
    let mut bytes = reference_bytes("workers.dta");
    let at = cell_offset(&bytes, 2, 78);
    assert_eq!(&bytes[at..at + 6], b"Ghulam");
    bytes[at] = 0xE9;
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "bad_utf8.dta", &bytes);
    let err = read(&path, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Encoding { .. }), "{err}");
    assert_eq!(err.position().record, Some(3));
    assert_eq!(err.position().column.as_deref(), Some("name"));
    assert!(err.to_string().contains("bad_utf8.dta"), "{err}");
}

#[test]
fn impossible_lengths_are_refused_before_allocating() {
    let bytes = reference_bytes("workers.dta");
    let dir = tempfile::tempdir().unwrap();
    // A variable count of 2^31 in the header.
    let mut k = bytes.clone();
    let at = find(&k, b"<K>") + 3;
    k[at..at + 4].copy_from_slice(&0x8000_0000_u32.to_le_bytes());
    let err = assert_malformed(
        &write_temp(&dir, "huge_k.dta", &k),
        "expected a Stata .dta file",
    );
    assert!(err.to_string().contains("2147483648 variables"), "{err}");
    // A value-label table claiming 4 GB.
    let mut v = bytes.clone();
    let at = find(&v, b"<lbl>") + 5;
    v[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = assert_malformed(
        &write_temp(&dir, "huge_label.dta", &v),
        "expected a Stata .dta file",
    );
    assert!(err.to_string().contains("value-label table"), "{err}");
    // An observation count of 2^62: the data is read until it runs out.
    let mut n = bytes.clone();
    let at = find(&n, b"<N>") + 3;
    n[at..at + 8].copy_from_slice(&(1_u64 << 62).to_le_bytes());
    let err = assert_malformed(
        &write_temp(&dir, "huge_n.dta", &n),
        "expected a Stata .dta file",
    );
    assert!(err.position().record.is_some(), "{err}");
}

#[test]
fn old_and_foreign_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = reference_bytes("workers_v115.dta");
    old[0] = 110;
    let err = assert_malformed(&write_temp(&dir, "old.dta", &old), "release 113–119");
    assert!(err.to_string().contains("release 110"), "{err}");
    let err = assert_malformed(
        &write_temp(&dir, "text.dta", b"id,name\n1,x\n"),
        "release 113–119",
    );
    assert!(err.to_string().contains("id,name"), "{err}");
    assert_malformed(&write_temp(&dir, "empty.dta", b""), "release 113–119");
}

/// Writes a release 118 file with every storage type, a strL column, a
/// `%tc` column and extended missing values, through `dta`'s own writer.
fn write_synthetic_118(path: &Path) {
    use dta::stata::dta::byte_order::ByteOrder;
    use dta::stata::dta::dta_writer::DtaWriter;
    use dta::stata::dta::header::Header;
    use dta::stata::dta::long_string_table::LongStringTable;
    use dta::stata::dta::release::Release;
    use dta::stata::dta::schema::Schema;
    use dta::stata::dta::value::Value as V;
    use dta::stata::dta::variable::Variable;
    use dta::stata::dta::variable_type::VariableType as T;
    use dta::stata::missing_value::MissingValue as M;
    use dta::stata::stata_byte::StataByte;
    use dta::stata::stata_double::StataDouble;
    use dta::stata::stata_float::StataFloat;
    use dta::stata::stata_int::StataInt;
    use dta::stata::stata_long::StataLong;

    let header = Header::builder(Release::V118, ByteOrder::LittleEndian)
        .dataset_label("synthetic 118")
        .build();
    let schema = Schema::builder()
        .add_variable(Variable::builder(T::Byte, "b").format("%8.0g"))
        .add_variable(
            Variable::builder(T::Int, "i")
                .format("%8.0g")
                .label("an int"),
        )
        .add_variable(Variable::builder(T::Long, "l").format("%12.0g"))
        .add_variable(Variable::builder(T::Float, "f").format("%9.0g"))
        .add_variable(Variable::builder(T::Double, "d").format("%10.0g"))
        .add_variable(Variable::builder(T::FixedString(8), "s").format("%8s"))
        .add_variable(Variable::builder(T::LongString, "notes").format("%9s"))
        .add_variable(Variable::builder(T::Double, "t").format("%tcCCYY-NN-DD_HH:MM:SS"))
        .build()
        .unwrap();
    let mut strls = LongStringTable::for_writing();
    let long = "a long note: سندھ ".repeat(20);
    let r1 = strls.get_or_insert(7, 1, long.as_str());
    let r2 = strls.get_or_insert(7, 2, "");
    // 2024-02-01 12:01:10.5 is 23 407 days after 1960-01-01.
    let tc = 23_407.0 * 86_400_000.0 + (12.0 * 3600.0 + 70.5) * 1000.0;
    let mut records = DtaWriter::new()
        .from_path(path)
        .unwrap()
        .write_header(header)
        .unwrap()
        .write_schema(schema)
        .unwrap()
        .into_record_writer()
        .unwrap();
    records
        .write_record(&[
            V::Byte(StataByte::Present(-5)),
            V::Int(StataInt::Present(-300)),
            V::Long(StataLong::Present(100_000)),
            V::Float(StataFloat::Present(34.6727)),
            V::Double(StataDouble::Present(0.1)),
            V::string("abc"),
            V::LongStringRef(r1),
            V::Double(StataDouble::Present(tc)),
        ])
        .unwrap();
    records
        .write_record(&[
            V::Byte(StataByte::Missing(M::B)),
            V::Int(StataInt::Missing(M::System)),
            V::Long(StataLong::Missing(M::Z)),
            V::Float(StataFloat::Missing(M::A)),
            V::Double(StataDouble::Missing(M::System)),
            V::string(""),
            V::LongStringRef(r2),
            V::Double(StataDouble::Missing(M::C)),
        ])
        .unwrap();
    let mut long_strings = records.into_long_string_writer().unwrap();
    long_strings.write_long_string_table(&strls).unwrap();
    long_strings
        .into_value_label_writer()
        .unwrap()
        .finish()
        .unwrap();
}

#[test]
fn synthetic_release_118_storage_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetic.dta");
    write_synthetic_118(&path);
    let ingested = read_ok(&path);
    let d = &ingested.dataset;
    assert_eq!(d.label.as_deref(), Some("synthetic 118"));
    let types: Vec<LogicalType> = d.columns().iter().map(Column::logical_type).collect();
    use LogicalType::*;
    assert_eq!(
        types,
        [
            Integer, Integer, Integer, Float, Float, Text, Text, DateTime
        ]
    );
    let row0: Vec<Value<'_>> = d.columns().iter().map(|c| c.get(0)).collect();
    let long = "a long note: سندھ ".repeat(20);
    assert_eq!(
        row0,
        [
            Value::Int(-5),
            Value::Int(-300),
            Value::Int(100_000),
            Value::Float(34.6727),
            Value::Float(0.1),
            Value::Text("abc"),
            Value::Text(long.as_str()),
            Value::DateTime(
                clusterdx_ingest::infer::parse_datetime("2024-02-01T12:01:10.500").unwrap()
            ),
        ]
    );
    let row1: Vec<Value<'_>> = d.columns().iter().map(|c| c.get(1)).collect();
    let ext = |letter| Value::Missing(MissingReason::Extended { letter });
    let sys = Value::Missing(MissingReason::System);
    assert_eq!(
        row1,
        [
            ext('b'),
            sys.clone(),
            ext('z'),
            ext('a'),
            sys.clone(),
            sys.clone(),
            sys,
            ext('c')
        ]
    );
    assert_eq!(d.column("i").unwrap().label.as_deref(), Some("an int"));
    assert_eq!(
        d.column("t").unwrap().format.as_deref(),
        Some("%tcCCYY-NN-DD_HH:MM:SS")
    );
}

// ---------------------------------------------------------------------------
// Bad-input corpus and fuzzing
// ---------------------------------------------------------------------------

#[test]
fn damaged_header_is_an_error() {
    let err = assert_malformed(
        &common::bad("damaged_header.dta"),
        "expected a Stata .dta file (release 113–119)",
    );
    assert_eq!(err.position().byte, Some(41), "{err}");
    assert!(err.to_string().contains("header"), "{err}");
}

#[test]
fn truncated_data_is_an_error_naming_the_record() {
    let err = assert_malformed(
        &common::bad("truncated.dta"),
        "expected a Stata .dta file (release 113–119)",
    );
    assert_eq!(err.position().record, Some(21), "{err}");
    assert!(err.to_string().contains("truncated"), "{err}");
}

#[test]
fn fuzzed_release_119_never_panics() {
    fuzz(&common::reference("readstat/workers.dta"), "dta", true);
}

#[test]
fn fuzzed_release_117_never_panics() {
    fuzz(&common::reference("readstat/workers_v117.dta"), "dta", true);
}

#[test]
fn fuzzed_release_115_never_panics() {
    // Release 115 has no end marker: a cut exactly between two value-label
    // tables reads as a complete file, so truncations are not all errors.
    fuzz(
        &common::reference("readstat/workers_v115.dta"),
        "dta",
        false,
    );
}
