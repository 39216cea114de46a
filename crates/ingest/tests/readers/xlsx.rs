//! Tests of the xlsx reader: typing, sheets, header row, error cells, the
//! bad-input corpus, and damaged files that must not panic.

use std::io::Write;

use clusterdx_data::{MissingReason, Value, days_from_civil};
use clusterdx_ingest::xlsx::{Workbook, read_sheet, sheet_names};
use clusterdx_ingest::{ErrorKind, Format, ReadOptions, SheetRef, read};

use crate::common::bad;
use crate::kobo::{fixture, opts, shape};

fn ms(y: i32, mo: u32, d: u32, h: i64, mi: i64, s: i64, milli: i64) -> i64 {
    days_from_civil(y, mo, d) as i64 * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + milli
}

fn user(raw: &str) -> Value<'static> {
    Value::Missing(MissingReason::UserCode { raw: raw.into() })
}

const SYS: Value<'static> = Value::Missing(MissingReason::System);

fn data_sheet_opts() -> ReadOptions {
    ReadOptions {
        sheet: Some(SheetRef::Name("Data".into())),
        header_row: Some(3),
        na_values: vec!["NA".into(), "-99".into()],
        ..opts(Format::Xlsx, "typed")
    }
}

#[test]
fn typed_sheet_every_value() {
    let got = read(&fixture("xlsx_types.xlsx"), &data_sheet_opts()).unwrap();
    let d = &got.dataset;
    assert_eq!(d.name, "typed");
    assert_eq!(
        d.column_names().collect::<Vec<_>>(),
        [
            "id",
            "visit_date",
            "submitted",
            "sales",
            "mixed",
            "flag",
            "err",
            "numtext",
            "status",
            "coded"
        ]
    );
    // Sheet rows 4, 5, 7, 8, 9: the title row above the header and the blank
    // row 6 are not records.
    assert_eq!(d.n_rows(), 5);
    let col = |n: &str| d.column(n).unwrap();
    let values = |n: &str| (0..5).map(|i| col(n).get(i)).collect::<Vec<_>>();

    assert_eq!(values("id"), (1..=5).map(Value::Int).collect::<Vec<_>>());
    assert_eq!(
        values("visit_date"),
        [
            Value::Date(days_from_civil(2024, 2, 1)),
            Value::Date(days_from_civil(2024, 2, 29)),
            SYS,
            Value::Date(days_from_civil(1999, 12, 31)),
            Value::Date(days_from_civil(2024, 3, 1)),
        ]
    );
    // One value at midnight, the others with a time of day: a datetime column.
    assert_eq!(
        values("submitted"),
        [
            Value::DateTime(ms(2024, 2, 1, 8, 15, 2, 0)),
            Value::DateTime(ms(2024, 2, 2, 9, 0, 44, 500)),
            Value::DateTime(ms(2024, 2, 3, 0, 0, 0, 0)),
            SYS,
            Value::DateTime(-1000),
        ]
    );
    assert_eq!(
        values("sales"),
        [
            Value::Float(35.5),
            Value::Float(8.0),
            SYS,
            Value::Float(0.25),
            Value::Float(-3.0),
        ]
    );
    // Numbers and text mixed: text, numbers in canonical form, `007` kept.
    assert_eq!(
        values("mixed"),
        [
            Value::Text("1"),
            Value::Text("x"),
            Value::Text("2.5"),
            SYS,
            Value::Text("007"),
        ]
    );
    assert_eq!(
        values("flag"),
        [
            Value::Bool(true),
            Value::Bool(false),
            SYS,
            Value::Bool(true),
            Value::Bool(false),
        ]
    );
    assert_eq!(
        values("err"),
        [
            Value::Int(10),
            user("#N/A"),
            Value::Int(30),
            user("#DIV/0!"),
            Value::Int(50),
        ]
    );
    // Numbers stored as text stay numbers.
    assert_eq!(
        values("numtext"),
        [
            Value::Int(12),
            Value::Int(3),
            SYS,
            Value::Int(-4),
            Value::Int(5)
        ]
    );
    // `NA` is a declared NA text; a blank-looking cell is plain missing.
    assert_eq!(
        values("status"),
        [
            Value::Text("ok"),
            user("NA"),
            SYS,
            Value::Text("late"),
            Value::Text("ok"),
        ]
    );
    // `-99` declared NA: a numeric cell matches by its canonical text.
    assert_eq!(
        values("coded"),
        [
            Value::Int(1),
            user("-99"),
            Value::Int(2),
            Value::Int(2),
            Value::Int(1)
        ]
    );

    let messages: Vec<String> = got.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        got.warnings
            .iter()
            .all(|w| w.path.ends_with("xlsx_types.xlsx"))
    );
    assert!(
        messages[0].contains("sheet `Data`")
            && messages[0].contains("1 blank row")
            && messages[0].contains("row 6"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("column `err`")
            && messages[1].contains("spreadsheet column G")
            && messages[1].contains("2 Excel error cells")
            && messages[1].contains("#N/A in G5")
            && messages[1].contains("#DIV/0! in G8"),
        "{}",
        messages[1]
    );
}

#[test]
fn default_sheet_is_the_first_and_sheets_resolve_by_index_or_name() {
    let path = fixture("xlsx_types.xlsx");
    let got = read(&path, &opts(Format::Xlsx, "n")).unwrap();
    assert_eq!(got.dataset.column_names().collect::<Vec<_>>(), ["about"]);
    assert_eq!(
        got.dataset.column("about").unwrap().get(0),
        Value::Text("Fixture of the xlsx reader tests")
    );

    let by_index = read(
        &path,
        &ReadOptions {
            sheet: Some(SheetRef::Index(1)),
            ..data_sheet_opts()
        },
    )
    .unwrap();
    let by_name = read(
        &path,
        &ReadOptions {
            sheet: Some(SheetRef::Name("data".into())),
            ..data_sheet_opts()
        },
    )
    .unwrap();
    assert_eq!(by_index.dataset.n_rows(), 5);
    assert_eq!(
        by_index, by_name,
        "`data` matches sheet `Data` ignoring case"
    );

    assert_eq!(sheet_names(&path).unwrap(), ["Notes", "Data"]);
}

#[test]
fn header_row_default_on_a_sheet_with_a_title_row_explains_itself() {
    let err = read(
        &fixture("xlsx_types.xlsx"),
        &ReadOptions {
            sheet: Some(SheetRef::Name("Data".into())),
            ..opts(Format::Xlsx, "n")
        },
    )
    .unwrap_err();
    // Row 1 holds only a title in A1; column B holds data below an empty B1.
    let msg = err.to_string();
    assert!(matches!(err.kind(), ErrorKind::Malformed { .. }));
    assert_eq!(err.position().column.as_deref(), Some("B"));
    assert!(msg.contains("sheet `Data`"), "{msg}");
    assert!(msg.contains("cell B1"), "{msg}");
    assert!(msg.contains("header_row"), "{msg}");
}

#[test]
fn read_sheet_on_an_open_workbook() {
    let mut wb = Workbook::open(&shape("kobo_xml_values_groups.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["cluster_firm_survey", "training"]);
    let mut warnings = Vec::new();
    let t = read_sheet(&mut wb, "training", 1, &[], &mut warnings).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(t.name, "training");
    assert_eq!(t.n_rows(), 2);
    assert_eq!(
        t.column("training/participants").unwrap().get(1),
        Value::Int(3)
    );
    let main = read_sheet(&mut wb, "cluster_firm_survey", 1, &[], &mut warnings).unwrap();
    assert_eq!(main.column("_id").unwrap().get(1), Value::Int(102));
    let err = read_sheet(&mut wb, "members", 1, &[], &mut warnings).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NoSuchSheet { .. }));
}

#[test]
fn plain_xlsx_read_of_the_kobo_export_is_the_main_sheet_only() {
    let got = read(
        &shape("kobo_xml_values_groups.xlsx"),
        &opts(Format::Xlsx, "k"),
    )
    .unwrap();
    assert!(got.children.is_empty());
    assert_eq!(got.dataset.n_rows(), 2);
    assert_eq!(got.dataset.columns().len(), 45);
}

#[test]
fn no_such_sheet_lists_the_available_sheets() {
    let path = bad("no_such_sheet.xlsx");
    let err = read(
        &path,
        &ReadOptions {
            sheet: Some(SheetRef::Name("Sheet1".into())),
            ..opts(Format::Xlsx, "n")
        },
    )
    .unwrap_err();
    assert_eq!(
        *err.kind(),
        ErrorKind::NoSuchSheet {
            requested: "Sheet1".into(),
            available: vec!["Firms".into(), "Codebook".into()],
        }
    );
    let msg = err.to_string();
    assert!(msg.contains("no_such_sheet.xlsx"), "{msg}");
    assert!(msg.contains("no sheet `Sheet1`"), "{msg}");
    assert!(msg.contains("`Firms`, `Codebook`"), "{msg}");

    let err = read(
        &path,
        &ReadOptions {
            sheet: Some(SheetRef::Index(2)),
            ..opts(Format::Xlsx, "n")
        },
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("index 2"), "{msg}");
    assert!(msg.contains("`Firms`, `Codebook`"), "{msg}");
}

#[test]
fn corrupt_zip_is_malformed_and_names_the_file() {
    let err = read(&bad("corrupt.xlsx"), &opts(Format::Xlsx, "n")).unwrap_err();
    let ErrorKind::Malformed { expected, found } = err.kind() else {
        panic!("{err:?}");
    };
    assert!(expected.contains(".xlsx"), "{expected}");
    assert!(found.contains("zip"), "{found}");
    assert!(err.to_string().contains("corrupt.xlsx"));
}

#[test]
fn duplicate_header_names_both_columns() {
    let err = read(&bad("duplicate_header.xlsx"), &opts(Format::Xlsx, "n")).unwrap_err();
    assert_eq!(
        *err.kind(),
        ErrorKind::DuplicateColumn { name: "id".into() }
    );
    assert_eq!(err.position().sheet.as_deref(), Some("Data"));
    assert_eq!(err.position().column.as_deref(), Some("C (also A)"));
    let msg = err.to_string();
    assert!(msg.contains("duplicate_header.xlsx"), "{msg}");
    assert!(msg.contains("`id` twice"), "{msg}");
}

#[test]
fn empty_header_above_data_names_the_column_letter() {
    let err = read(&bad("empty_header.xlsx"), &opts(Format::Xlsx, "n")).unwrap_err();
    assert_eq!(err.position().sheet.as_deref(), Some("Data"));
    assert_eq!(err.position().column.as_deref(), Some("C"));
    let msg = err.to_string();
    assert!(msg.contains("empty_header.xlsx"), "{msg}");
    assert!(msg.contains("column `C`"), "{msg}");
    assert!(msg.contains("expected a column name in cell C1"), "{msg}");
    assert!(msg.contains("C2"), "{msg}");
}

fn tmp(bytes: &[u8], ext: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(ext).tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f
}

#[test]
fn not_a_workbook() {
    let f = tmp(b"id,sector\n1,marble\n", ".xlsx");
    let err = read(f.path(), &opts(Format::Xlsx, "n")).unwrap_err();
    assert!(err.to_string().contains("not a zip archive"), "{err}");
    let f = tmp(
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        ".xlsx",
    );
    let err = read(f.path(), &opts(Format::Xlsx, "n")).unwrap_err();
    assert!(err.to_string().contains("legacy .xls"), "{err}");
    let f = tmp(b"", ".xlsx");
    let err = read(f.path(), &opts(Format::Xlsx, "n")).unwrap_err();
    assert_eq!(*err.kind(), ErrorKind::Empty);
    let err = read(&bad("no_such_file.xlsx"), &opts(Format::Xlsx, "n")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }));
    assert!(err.to_string().contains("no_such_file.xlsx"));
}

/// Damaged copies of the reference workbook: 50 truncations and 50 single
/// flipped bytes. Every read returns (an error or data); none panics, and
/// every error names the file.
#[test]
fn damaged_workbooks_do_not_panic() {
    let original = std::fs::read(shape("kobo_xml_values_groups.xlsx")).unwrap();
    let n = original.len();
    let mut cases: Vec<Vec<u8>> = (0..50).map(|k| original[..k * n / 50].to_vec()).collect();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..50 {
        // xorshift64: deterministic positions and masks.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut bytes = original.clone();
        let at = (state % n as u64) as usize;
        bytes[at] ^= ((state >> 32) as u8) | 1;
        cases.push(bytes);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut errors = 0;
    for (k, bytes) in cases.iter().enumerate() {
        let path = dir.path().join(format!("damaged_{k}.xlsx"));
        std::fs::write(&path, bytes).unwrap();
        for format in [Format::Xlsx, Format::Kobo] {
            if let Err(e) = read(&path, &opts(format, "d")) {
                errors += 1;
                assert!(e.to_string().contains(&format!("damaged_{k}.xlsx")), "{e}");
            }
        }
    }
    // Every truncation (both readers) fails.
    assert!(errors >= 100, "{errors} errors");
}

#[test]
fn header_row_below_the_data_is_explained() {
    let err = read(
        &fixture("xlsx_types.xlsx"),
        &ReadOptions {
            header_row: Some(50),
            ..data_sheet_opts()
        },
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("xlsx_types.xlsx, sheet `Data`"), "{msg}");
    assert!(msg.contains("column names on row 50"), "{msg}");
}
