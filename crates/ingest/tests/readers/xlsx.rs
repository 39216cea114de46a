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
    // Sheet rows 4 to 9 (records 1 to 6): the title row above the header is
    // not a record; the blank sheet row 6 is record 3, all missing, so that
    // record n is always sheet row header_row + n.
    assert_eq!(d.n_rows(), 6);
    let col = |n: &str| d.column(n).unwrap();
    let values = |n: &str| (0..6).map(|i| col(n).get(i)).collect::<Vec<_>>();
    for c in d.columns() {
        assert_eq!(c.get(2), SYS, "blank row, column `{}`", c.name);
    }

    assert_eq!(
        values("id"),
        [
            Value::Int(1),
            Value::Int(2),
            SYS,
            Value::Int(3),
            Value::Int(4),
            Value::Int(5)
        ]
    );
    assert_eq!(
        values("visit_date"),
        [
            Value::Date(days_from_civil(2024, 2, 1)),
            Value::Date(days_from_civil(2024, 2, 29)),
            SYS,
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
            SYS,
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
            SYS,
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
            SYS,
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
            SYS,
            Value::Int(2),
            Value::Int(2),
            Value::Int(1)
        ]
    );

    // The blank row is no longer reported; the error cells are, with the
    // column in its own field and not in the message.
    let messages: Vec<String> = got.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let w = &got.warnings[0];
    assert!(w.path.ends_with("xlsx_types.xlsx"));
    assert_eq!(w.column.as_deref(), Some("err"));
    // Two error cells on two records: no single record to name.
    assert_eq!(w.record, None);
    assert!(!w.message.contains("err`"), "{}", w.message);
    assert!(
        w.message.contains("sheet `Data`")
            && w.message.contains("spreadsheet column G")
            && w.message.contains("2 Excel error cells")
            && w.message.contains("#N/A in G5")
            && w.message.contains("#DIV/0! in G8"),
        "{}",
        w.message
    );
    assert!(messages[0].contains("column `err`"), "{}", messages[0]);
    assert!(!messages.iter().any(|m| m.contains("blank row")));
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
    assert_eq!(by_index.dataset.n_rows(), 6);
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

/// CRC-32 (IEEE) of `data`, for the zip entries of [`workbook`].
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of `files`, stored without compression.
fn stored_zip(files: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let (name, data) = (name.as_bytes(), data.as_bytes());
        let crc = crc32(data);
        let offset = out.len() as u32;
        let size = data.len() as u32;
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let (cd_offset, cd_size, n) = (out.len() as u32, central.len() as u32, files.len() as u16);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// One sheet row's cells as `<c>` elements: `(reference, value)`, where a
/// value is a number, `#…` an Excel error, `~` an empty styled cell, and
/// anything else an inline string (kept verbatim, spaces included).
pub(crate) fn row_xml(row: u32, cells: &[(&str, &str)]) -> String {
    let mut xml = format!("<row r=\"{row}\">");
    for (col, v) in cells {
        let r = format!("{col}{row}");
        if *v == "~" {
            xml.push_str(&format!("<c r=\"{r}\" s=\"0\"/>"));
        } else if v.parse::<f64>().is_ok() {
            xml.push_str(&format!("<c r=\"{r}\"><v>{v}</v></c>"));
        } else if v.starts_with('#') {
            xml.push_str(&format!("<c r=\"{r}\" t=\"e\"><v>{v}</v></c>"));
        } else {
            xml.push_str(&format!(
                "<c r=\"{r}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{v}</t></is></c>"
            ));
        }
    }
    xml.push_str("</row>");
    xml
}

/// A minimal `.xlsx` workbook on disk: one worksheet per `(name, rows)`,
/// `rows` being `<row>` elements (see [`row_xml`]).
pub(crate) fn workbook(sheets: &[(&str, Vec<String>)]) -> tempfile::NamedTempFile {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let mut files = Vec::new();
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
    );
    let mut sheet_list = String::new();
    let mut rels = String::new();
    for (k, (name, rows)) in sheets.iter().enumerate() {
        let n = k + 1;
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
        sheet_list.push_str(&format!(
            "<sheet name=\"{name}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"
        ));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
        files.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>{}</sheetData></worksheet>",
                rows.concat()
            ),
        ));
    }
    types.push_str("</Types>");
    files.push(("[Content_Types].xml".into(), types));
    files.push((
        "_rels/.rels".into(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\">\
             <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        ),
    ));
    files.push((
        "xl/workbook.xml".into(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets>{sheet_list}</sheets></workbook>"
        ),
    ));
    files.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\">{rels}</Relationships>"),
    ));
    tmp(&stored_zip(&files), ".xlsx")
}

#[test]
fn crc32_matches_the_standard_check_value() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
}

/// Record n is sheet row header_row + n: interior blank rows are all-missing
/// records (no warning), blank rows after the data are not records, and
/// warnings give the data record.
#[test]
fn interior_blank_rows_are_records_and_trailing_ones_are_dropped() {
    let rows = vec![
        row_xml(1, &[("A", "Survey 2024")]),
        row_xml(2, &[("A", "id"), ("B", "name"), ("C", "score")]),
        row_xml(3, &[("A", "1"), ("B", "Asha"), ("C", "10")]),
        // Sheet row 4 has no <row> element at all; row 5 only blank cells.
        row_xml(5, &[("A", "~"), ("B", "   ")]),
        row_xml(6, &[("A", "2"), ("B", "Bilal"), ("C", "#N/A")]),
        row_xml(7, &[("A", "3"), ("C", "30")]),
        // Trailing: styled empty cells and blank text, then an empty row.
        row_xml(8, &[("A", "~"), ("C", "~")]),
        row_xml(9, &[("B", " ")]),
        "<row r=\"10\"/>".to_string(),
    ];
    let f = workbook(&[("Data", rows)]);
    let got = read(
        f.path(),
        &ReadOptions {
            header_row: Some(2),
            ..opts(Format::Xlsx, "d")
        },
    )
    .unwrap();
    let d = &got.dataset;
    // Sheet rows 3 to 7.
    assert_eq!(d.n_rows(), 5);
    let values = |n: &str| {
        (0..d.n_rows())
            .map(|i| d.column(n).unwrap().get(i))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        values("id"),
        [Value::Int(1), SYS, SYS, Value::Int(2), Value::Int(3)]
    );
    assert_eq!(
        values("name"),
        [Value::Text("Asha"), SYS, SYS, Value::Text("Bilal"), SYS]
    );
    assert_eq!(
        values("score"),
        [Value::Int(10), SYS, SYS, user("#N/A"), Value::Int(30)]
    );
    // No warning for the blank rows; the one error cell is on sheet row 6,
    // data record 4, with the column apart from the message.
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    let w = &got.warnings[0];
    assert_eq!(w.record, Some(4));
    assert_eq!(w.column.as_deref(), Some("score"));
    assert!(w.message.contains("#N/A in C6"), "{}", w.message);
    assert!(!w.message.contains("score"), "{}", w.message);
    assert!(!w.message.contains("blank"), "{}", w.message);
    let shown = w.to_string();
    assert!(
        shown.ends_with(&format!(", record 4, column `score`: {}", w.message)),
        "{shown}"
    );
}

#[test]
fn header_only_sheet_with_trailing_blank_rows_has_no_records() {
    let rows = vec![
        row_xml(1, &[("A", "id"), ("B", "name")]),
        row_xml(2, &[("A", "~")]),
        row_xml(3, &[("B", "  ")]),
    ];
    let f = workbook(&[("Data", rows)]);
    let got = read(f.path(), &opts(Format::Xlsx, "d")).unwrap();
    assert_eq!(got.dataset.n_rows(), 0);
    assert_eq!(got.dataset.columns().len(), 2);
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}
