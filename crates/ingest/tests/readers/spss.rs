//! Tests of the spss reader: every value, missing marker (system and
//! user-missing), label and format of `readstat/workers.sav` against
//! `workers_sav_values.csv` and `expected_metadata.json`; the same data
//! re-written with bytecode and zlib (`.zsav`) compression; the bad-input
//! corpus; and deterministic truncation / byte-flip fuzzing.

use std::path::{Path, PathBuf};

use clusterdx_data::{ColumnData, MissingReason, Value};
use clusterdx_ingest::{ErrorKind, ReadOptions, read};

use crate::common;
use crate::stata::{
    assert_malformed, check_reference, expected_metadata, expected_values, fuzz, read_ok,
};

const EXPECTED: &str = "expected an SPSS system file (.sav or .zsav)";

fn check_sav(path: &Path) {
    let ingested = read_ok(path);
    let expected = expected_values("workers_sav_values.csv");
    let meta = expected_metadata("workers.sav");
    check_reference(&ingested, &expected, &meta, &|s| s.to_string());
    assert!(ingested.warnings.is_empty(), "{:?}", ingested.warnings);

    let d = &ingested.dataset;
    // User-missing wages: 99 "refused" in row 6, 98 "don't know" in row 23.
    let wage = d.column("wage_pkr").unwrap();
    assert_eq!(
        wage.get(5),
        Value::Missing(MissingReason::UserCode { raw: "99".into() })
    );
    assert_eq!(
        wage.get(22),
        Value::Missing(MissingReason::UserCode { raw: "98".into() })
    );
    assert_eq!(wage.missing_count(), 2);
    assert_eq!(wage.f64_at(0), Some(27040.0));
    // System-missing schooling in rows 4 and 18.
    let educ = d.column("educ_years").unwrap();
    assert_eq!(educ.get(3), Value::Missing(MissingReason::System));
    assert_eq!(educ.get(17), Value::Missing(MissingReason::System));
    assert!(matches!(
        d.column("sector").unwrap().data,
        ColumnData::Float(_)
    ));
    // SPSS label sets have no name.
    assert_eq!(
        d.column("sector")
            .unwrap()
            .value_labels
            .as_ref()
            .unwrap()
            .name,
        None
    );
    assert_eq!(
        d.column("name").unwrap().get(2),
        Value::Text("Ghulam Hyder")
    );
    assert_eq!(d.column("name").unwrap().get(3), Value::Text("سسئي"));
    assert_eq!(d.column("provider").unwrap().missing_count(), 16);
}

#[test]
fn workers_sav_matches_reference() {
    check_sav(&common::reference("readstat/workers.sav"));
}

/// `workers.sav` re-written by `ambers` with the given compression.
fn rewritten(dir: &tempfile::TempDir, name: &str, compression: ambers::Compression) -> PathBuf {
    let (batch, meta) = ambers::read_sav(common::reference("readstat/workers.sav")).unwrap();
    let path = dir.path().join(name);
    ambers::write_sav(&path, &batch, &meta, compression, None).unwrap();
    path
}

#[test]
fn bytecode_and_zlib_compressed_copies_match_reference() {
    let dir = tempfile::tempdir().unwrap();
    check_sav(&rewritten(
        &dir,
        "bytecode.sav",
        ambers::Compression::Bytecode,
    ));
    check_sav(&rewritten(&dir, "workers.zsav", ambers::Compression::Zlib));
}

#[test]
fn caller_names_the_dataset() {
    let options = ReadOptions {
        name: "workers_main".into(),
        ..ReadOptions::default()
    };
    let ingested = read(&common::reference("readstat/workers.sav"), &options).unwrap();
    assert_eq!(ingested.dataset.name, "workers_main");
    let ingested = read_ok(&common::reference("readstat/workers.sav"));
    assert_eq!(ingested.dataset.name, "workers");
}

// ---------------------------------------------------------------------------
// Damaged copies
// ---------------------------------------------------------------------------

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"))
}

fn le(values: &[i32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

#[test]
fn big_endian_files_are_refused() {
    let mut bytes = std::fs::read(common::reference("readstat/workers.sav")).unwrap();
    bytes[64..68].copy_from_slice(&2_i32.to_be_bytes());
    let dir = tempfile::tempdir().unwrap();
    let err = assert_malformed(&write_temp(&dir, "big.sav", &bytes), "little-endian");
    assert!(err.to_string().contains("big-endian"), "{err}");
    assert_eq!(err.position().byte, Some(64));
}

#[test]
fn damaged_extension_record_is_an_error_not_a_panic() {
    let bytes = std::fs::read(common::reference("readstat/workers.sav")).unwrap();
    // The integer-info extension record: type 7, subtype 3, 8 elements of 4 bytes.
    let at = find(&bytes, &le(&[7, 3, 4, 8]));
    let dir = tempfile::tempdir().unwrap();
    for (name, size, count) in [("negative.sav", -1, 8), ("huge.sav", 4, i32::MAX)] {
        let mut damaged = bytes.clone();
        damaged[at + 8..at + 16].copy_from_slice(&le(&[size, count]));
        let err = assert_malformed(&write_temp(&dir, name, &damaged), EXPECTED);
        assert!(
            err.to_string().contains("extension record (subtype 3)"),
            "{err}"
        );
        assert_eq!(err.position().byte, Some(at as u64));
    }
}

#[test]
fn damaged_zlib_trailer_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let zsav = std::fs::read(rewritten(&dir, "ok.zsav", ambers::Compression::Zlib)).unwrap();
    let dict_end = find(&zsav, &le(&[999, 0])) + 8;
    let trailer =
        i64::from_le_bytes(zsav[dict_end + 8..dict_end + 16].try_into().unwrap()) as usize;
    let first_size = trailer + 24 + 16;
    for (name, value) in [("negative.zsav", -1), ("huge.zsav", i32::MAX)] {
        let mut damaged = zsav.clone();
        damaged[first_size..first_size + 4].copy_from_slice(&value.to_le_bytes());
        let err = assert_malformed(&write_temp(&dir, name, &damaged), EXPECTED);
        assert!(err.to_string().contains("zlib block 1"), "{err}");
    }
}

#[test]
fn header_inconsistencies_are_warnings() {
    let bytes = std::fs::read(common::reference("readstat/workers.sav")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // A wrong number of values per row: ambers reports it, the data is fine.
    let mut case_size = bytes.clone();
    case_size[68..72].copy_from_slice(&99_i32.to_le_bytes());
    let ingested = read_ok(&write_temp(&dir, "case_size.sav", &case_size));
    assert_eq!(ingested.dataset.n_rows(), 40);
    assert_eq!(ingested.warnings.len(), 1, "{:?}", ingested.warnings);
    assert!(ingested.warnings[0].message.contains("99 values per row"));
    // An unknown case count (-1, allowed by the format) reads every record.
    let mut unknown = bytes.clone();
    unknown[80..84].copy_from_slice(&(-1_i32).to_le_bytes());
    let ingested = read_ok(&write_temp(&dir, "unknown_count.sav", &unknown));
    assert_eq!(ingested.dataset.n_rows(), 40);
    assert!(ingested.warnings.is_empty(), "{:?}", ingested.warnings);
    // A case count below the records present reads them all, with a warning.
    let mut fewer = bytes.clone();
    fewer[80..84].copy_from_slice(&30_i32.to_le_bytes());
    let ingested = read_ok(&write_temp(&dir, "fewer.sav", &fewer));
    assert_eq!(ingested.dataset.n_rows(), 40);
    assert_eq!(ingested.warnings.len(), 1, "{:?}", ingested.warnings);
    assert!(ingested.warnings[0].message.contains("declares 30 records"));
}

#[test]
fn empty_and_header_only_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    assert_malformed(&write_temp(&dir, "empty.sav", b""), EXPECTED);
    let bytes = std::fs::read(common::reference("readstat/workers.sav")).unwrap();
    assert_malformed(&write_temp(&dir, "header.sav", &bytes[..100]), EXPECTED);
    assert_malformed(
        &write_temp(&dir, "dictionary.sav", &bytes[..1000]),
        EXPECTED,
    );
}

// ---------------------------------------------------------------------------
// Bad-input corpus and fuzzing
// ---------------------------------------------------------------------------

#[test]
fn not_a_sav_is_an_error() {
    let err = assert_malformed(&common::bad("not_a_sav.sav"), EXPECTED);
    assert_eq!(err.position().byte, Some(0));
    assert!(err.to_string().contains("$FL2"), "{err}");
}

#[test]
fn truncated_sav_is_an_error_naming_the_record() {
    let err = assert_malformed(&common::bad("truncated.sav"), EXPECTED);
    assert_eq!(err.position().record, Some(24), "{err}");
    assert!(err.to_string().contains("23 of the 40 records"), "{err}");
}

#[test]
fn missing_file_is_an_io_error() {
    let err = read(&common::bad("no_such_file.sav"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }), "{err}");
    assert!(err.to_string().contains("no_such_file.sav"), "{err}");
}

#[test]
fn fuzzed_sav_never_panics() {
    fuzz(&common::reference("readstat/workers.sav"), "sav", true);
}

#[test]
fn fuzzed_zsav_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    fuzz(
        &rewritten(&dir, "workers.zsav", ambers::Compression::Zlib),
        "zsav",
        true,
    );
}

/// Regression (found by `cargo fuzz run spss`): a variable record declaring a
/// label length of -1 made ambers slice past its buffer. The pre-check must
/// refuse it with a positioned error before ambers sees it.
#[test]
fn fuzz_negative_variable_label_length() {
    let path = crate::common::bad("fuzz/spss_negative_label_length.sav");
    let err = clusterdx_ingest::read(
        &path,
        &clusterdx_ingest::ReadOptions {
            name: "t".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("spss_negative_label_length.sav") && msg.contains("a variable label of -"),
        "{msg}"
    );
    assert!(msg.contains("byte "), "{msg}");
}
