//! Tests of the KoboToolbox reader against the reference export shapes.

use std::path::PathBuf;

use clusterdx_data::{Column, Dataset, Link, LogicalType, MissingReason, Value, days_from_civil};
use clusterdx_ingest::{ErrorKind, Format, ReadOptions, read};

use crate::common::{bad, reference};

pub(crate) fn shape(file: &str) -> PathBuf {
    reference(&format!("instruments/export_shapes/{file}"))
}

pub(crate) fn fixture(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file)
}

pub(crate) fn opts(format: Format, name: &str) -> ReadOptions {
    ReadOptions {
        format: Some(format),
        name: name.into(),
        ..Default::default()
    }
}

/// Local clock time of an ISO datetime (`YYYY-MM-DDTHH:MM:SS…`, any
/// fraction or offset after the seconds ignored) in ms since the epoch.
pub(crate) fn local_ms(raw: &str) -> i64 {
    let n = |a: usize, b: usize| raw[a..b].parse::<i64>().unwrap();
    let days = days_from_civil(n(0, 4) as i32, n(5, 7) as u32, n(8, 10) as u32) as i64;
    days * 86_400_000 + n(11, 13) * 3_600_000 + n(14, 16) * 60_000 + n(17, 19) * 1000
}

/// The records of a simple delimited file (no delimiter or newline inside
/// fields), with surrounding quotes removed.
pub(crate) fn split(text: &str, delimiter: char) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split(delimiter)
                .map(|f| f.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

/// Asserts one cell: `raw` as written in the export, `ty` the column's
/// expected type: `i` integer, `f` float, `d` datetime, `t` text.
pub(crate) fn assert_cell(col: &Column, row: usize, raw: &str, ty: char) {
    let expected = if raw.is_empty() {
        Value::Missing(MissingReason::System)
    } else {
        match ty {
            'i' => Value::Int(raw.parse().unwrap()),
            'f' => Value::Float(raw.parse().unwrap()),
            'd' => Value::DateTime(local_ms(raw)),
            't' => Value::Text(raw),
            other => panic!("unknown type {other}"),
        }
    };
    assert_eq!(col.get(row), expected, "column `{}`, row {row}", col.name);
}

/// Asserts names, types and every value of `d` against the raw records
/// (`records[0]` is the header) and the type spec (one char a column).
pub(crate) fn assert_table(d: &Dataset, records: &[Vec<String>], spec: &str) {
    let header = &records[0];
    assert_eq!(d.column_names().collect::<Vec<_>>(), *header);
    assert_eq!(spec.len(), header.len(), "spec length");
    assert_eq!(d.n_rows(), records.len() - 1);
    for (j, (name, ty)) in header.iter().zip(spec.chars()).enumerate() {
        let col = d.column(name).unwrap();
        let logical = match ty {
            'i' => LogicalType::Integer,
            'f' => LogicalType::Float,
            'd' => LogicalType::DateTime,
            _ => LogicalType::Text,
        };
        assert_eq!(col.logical_type(), logical, "type of column `{name}`");
        for (i, rec) in records[1..].iter().enumerate() {
            assert_cell(col, i, &rec[j], ty);
        }
    }
}

/// Types of the 45 main columns of the Kobo exports, in header order.
pub(crate) const KOBO_MAIN_SPEC: &str = concat!(
    "dd",       // start, end
    "titffiff", // firm/sector … firm/sales_m_pkr
    "iiiiiii",  // workforce/emp_* and emp_total
    "f",        // workforce/local_share
    "t",        // linkages/support_used (select_multiple)
    "iiiiiii",  // its 0/1 choice columns
    "tt",       // joint_action, joint_action_type
    "iiiii",    // joint_action_type choice columns
    "ti",       // assoc_member, n_trainings
    "itd",      // _id, _uuid, _submission_time
    "tttttt",   // _validation_status … _tags
    "i",        // _index
);

/// The Kobo CSV export's records, header first.
pub(crate) fn kobo_csv_records() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(shape("kobo_xml_values_groups.csv")).unwrap();
    split(&text, ';')
}

#[test]
fn csv_export_every_value() {
    let got = read(
        &shape("kobo_xml_values_groups.csv"),
        &opts(Format::Kobo, "firms"),
    )
    .unwrap();
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert!(got.children.is_empty());
    let d = &got.dataset;
    assert_eq!(d.name, "firms");
    assert_table(d, &kobo_csv_records(), KOBO_MAIN_SPEC);

    // The spot checks of the brief, spelled out.
    assert_eq!(d.column("_id").unwrap().get(0), Value::Int(101));
    assert_eq!(
        d.column("firm/sales_m_pkr").unwrap().get(0),
        Value::Float(35.5)
    );
    assert_eq!(
        d.column("firm/sector").unwrap().get(0),
        Value::Text("marble")
    );
    assert_eq!(
        d.column("_submission_time").unwrap().code_at(0).as_deref(),
        Some("2024-02-01T08:15:02")
    );
    assert_eq!(
        d.column("linkages/support_used").unwrap().get(0),
        Value::Text("smeda chamber")
    );
    assert_eq!(
        d.column("linkages/support_used/smeda").unwrap().get(0),
        Value::Int(1)
    );
    let jat = d.column("linkages/joint_action_type").unwrap();
    assert!(
        jat.get(1).is_missing(),
        "an empty cell is missing, not \"\""
    );
    assert_eq!(d.column("_validation_status").unwrap().missing_count(), 2);
}

#[test]
fn xlsx_export_main_sheet_has_the_csv_values() {
    let got = read(
        &shape("kobo_xml_values_groups.xlsx"),
        &opts(Format::Kobo, "firms"),
    )
    .unwrap();
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(got.dataset.name, "firms");
    assert_eq!(got.dataset.parent, None);
    assert_table(&got.dataset, &kobo_csv_records(), KOBO_MAIN_SPEC);

    // Numbers Excel stores as numbers, and numbers Kobo wrote as text.
    let d = &got.dataset;
    assert_eq!(d.column("firm/year_est").unwrap().get(1), Value::Int(2010));
    assert_eq!(
        d.column("firm/sales_m_pkr").unwrap().get(1),
        Value::Float(8.0)
    );
    assert_eq!(
        d.column("firm/_location_latitude").unwrap().get(1),
        Value::Float(24.78)
    );
    assert_eq!(
        d.column("firm/_location_altitude").unwrap().get(0),
        Value::Int(12)
    );
    assert_eq!(
        d.column("start").unwrap().code_at(0).as_deref(),
        Some("2024-02-01T12:01:10")
    );
}

#[test]
fn xlsx_export_repeat_sheet_is_a_linked_child() {
    let got = read(
        &shape("kobo_xml_values_groups.xlsx"),
        &opts(Format::Kobo, "firms"),
    )
    .unwrap();
    assert_eq!(got.children.len(), 1);
    let t = &got.children[0];
    assert_eq!(t.name, "training");
    assert_eq!(
        t.parent,
        Some(Link {
            parent: "firms".into(),
            child_column: "_parent_index".into(),
            parent_column: "_index".into(),
        })
    );
    let records: Vec<Vec<String>> = [
        "training/provider|training/level|training/participants|training/hours|_index|_parent_table_name|_parent_index|_submission__id|_submission__uuid|_submission__submission_time|_submission__validation_status|_submission__notes|_submission__status|_submission__submitted_by|_submission___version__|_submission__tags",
        "govt|entry|12|16|1|cluster_firm_survey|1|101|3f8a1d52-6c1e-4a57-9d7e-2f0c8b1a0001|2024-02-01T08:15:02|||submitted_via_web||vR4nd0mV3rs10n|",
        "industry|supervisory|3|40|2|cluster_firm_survey|1|101|3f8a1d52-6c1e-4a57-9d7e-2f0c8b1a0001|2024-02-01T08:15:02|||submitted_via_web||vR4nd0mV3rs10n|",
    ]
    .iter()
    .map(|l| l.split('|').map(String::from).collect())
    .collect();
    // `training/hours` holds whole numbers in a General-format column: integers.
    assert_table(t, &records, "ttiiitiitdtttttt");

    // Both repeat rows belong to the first submission (`_index` 1, `_id` 101).
    let main = &got.dataset;
    let index = main.column("_index").unwrap();
    for i in 0..t.n_rows() {
        let key = t.column("_parent_index").unwrap().code_at(i);
        let parent_row = (0..main.n_rows())
            .find(|&r| index.code_at(r) == key)
            .unwrap();
        assert_eq!(parent_row, 0);
        assert_eq!(main.column("_id").unwrap().get(parent_row), Value::Int(101));
        assert_eq!(
            t.column("_submission__id").unwrap().get(i),
            main.column("_id").unwrap().get(parent_row)
        );
    }
}

#[test]
fn nested_repeats_link_to_the_sheet_named_in_parent_table_name() {
    let got = read(&fixture("kobo_nested.xlsx"), &opts(Format::Kobo, "hh")).unwrap();
    assert_eq!(got.dataset.name, "hh");
    assert_eq!(got.dataset.n_rows(), 2);
    let names: Vec<&str> = got.children.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["members", "crops"]);
    let parent_of = |name: &str| {
        got.children
            .iter()
            .find(|d| d.name == name)
            .and_then(|d| d.parent.as_ref())
            .map(|l| l.parent.clone())
    };
    assert_eq!(parent_of("members").as_deref(), Some("hh"));
    assert_eq!(parent_of("crops").as_deref(), Some("members"));
    let crops = &got.children[1];
    assert_eq!(
        crops.column("crops/acres").unwrap().get(0),
        Value::Float(2.5)
    );
    assert_eq!(crops.column("_parent_index").unwrap().get(0), Value::Int(3));
    // The hand-added `notes` sheet has no `_parent_index`: skipped, with a warning.
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    assert!(got.warnings[0].message.contains("sheet `notes` skipped"));
    assert!(got.warnings[0].message.contains("_parent_index"));
}

#[test]
fn orphan_repeat_row_is_an_error_naming_sheet_record_and_column() {
    let path = bad("kobo_orphan.xlsx");
    let err = read(&path, &opts(Format::Kobo, "firms")).unwrap_err();
    assert_eq!(
        *err.kind(),
        ErrorKind::OrphanChild {
            key: "7".into(),
            parent: "cluster_firm_survey".into(),
        }
    );
    let p = err.position();
    assert_eq!(p.sheet.as_deref(), Some("training"));
    assert_eq!(p.record, Some(3));
    assert_eq!(p.column.as_deref(), Some("_parent_index"));
    let msg = err.to_string();
    assert!(msg.contains("kobo_orphan.xlsx"), "{msg}");
    assert!(msg.contains("sheet `training`"), "{msg}");
    assert!(msg.contains("record 3"), "{msg}");
    assert!(msg.contains("column `_parent_index`"), "{msg}");
    assert!(msg.contains("`cluster_firm_survey`"), "{msg}");
    assert!(msg.contains("`7`"), "{msg}");
}

#[test]
fn csv_export_made_with_commas_is_read_too() {
    use std::io::Write;
    // Kobo's default separator is `;`; an export made with `,` has no `;` in
    // its header and is left to delimiter detection.
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(b"\"_id\",\"q\"\n\"1\",\"a;b\"\n").unwrap();
    let d = read(f.path(), &opts(Format::Kobo, "k")).unwrap().dataset;
    assert_eq!(d.column_names().collect::<Vec<_>>(), ["_id", "q"]);
    assert_eq!(d.column("q").unwrap().get(0), Value::Text("a;b"));
}

#[test]
fn missing_file_names_the_file() {
    let path = bad("kobo_no_such_export.xlsx");
    let err = read(&path, &opts(Format::Kobo, "k")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }));
    assert!(err.to_string().contains("kobo_no_such_export.xlsx"));
}

/// A Kobo workbook whose sheets have a title row above the header (so
/// `header_row` is 2): the main sheet `survey` and the repeat `members`,
/// whose rows from sheet row 3 on are `member_rows`.
fn titled_kobo(main_rows: Vec<String>, member_rows: Vec<String>) -> tempfile::NamedTempFile {
    use crate::xlsx::{row_xml, workbook};
    let mut main = vec![
        row_xml(1, &[("A", "Household survey")]),
        row_xml(2, &[("A", "hh/size"), ("B", "_index")]),
    ];
    main.extend(main_rows);
    let mut members = vec![
        row_xml(1, &[("A", "Members")]),
        row_xml(
            2,
            &[
                ("A", "members/age"),
                ("B", "_index"),
                ("C", "_parent_index"),
            ],
        ),
    ];
    members.extend(member_rows);
    workbook(&[("survey", main), ("members", members)])
}

fn titled_opts() -> ReadOptions {
    ReadOptions {
        header_row: Some(2),
        ..opts(Format::Kobo, "hh")
    }
}

#[test]
fn blank_rows_inside_a_kobo_sheet_are_records_and_trailing_ones_are_not() {
    use crate::xlsx::row_xml;
    let f = titled_kobo(
        vec![
            row_xml(3, &[("A", "4"), ("B", "1")]),
            // Sheet row 4 blank: record 2 of `survey`, all missing.
            row_xml(5, &[("A", "2"), ("B", "3")]),
            row_xml(6, &[("A", "~")]),
        ],
        vec![
            row_xml(3, &[("A", "40"), ("B", "1"), ("C", "1")]),
            row_xml(4, &[("A", "7"), ("B", "2"), ("C", "3")]),
            row_xml(5, &[("B", " ")]),
        ],
    );
    let got = read(f.path(), &titled_opts()).unwrap();
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let main = &got.dataset;
    assert_eq!(main.n_rows(), 3);
    let index = main.column("_index").unwrap();
    assert_eq!(
        (0..3).map(|i| index.get(i)).collect::<Vec<_>>(),
        [
            Value::Int(1),
            Value::Missing(MissingReason::System),
            Value::Int(3)
        ]
    );
    assert!(main.columns().iter().all(|c| c.get(1).is_missing()));
    let members = &got.children[0];
    assert_eq!(members.n_rows(), 2);
    assert_eq!(
        members.column("_parent_index").unwrap().get(1),
        Value::Int(3)
    );
}

#[test]
fn kobo_errors_give_the_data_record_not_the_sheet_row() {
    use crate::xlsx::row_xml;
    let main = || {
        vec![
            row_xml(3, &[("A", "4"), ("B", "1")]),
            row_xml(4, &[("A", "2"), ("B", "2")]),
        ]
    };
    // An orphan on sheet row 6: data record 4 (the blank sheet row 5 is record 3).
    let f = titled_kobo(
        main(),
        vec![
            row_xml(3, &[("A", "40"), ("B", "1"), ("C", "1")]),
            row_xml(4, &[("A", "38"), ("B", "2"), ("C", "2")]),
            row_xml(6, &[("A", "7"), ("B", "4"), ("C", "9")]),
        ],
    );
    // The blank row comes first: it is a repeat row without a parent.
    let err = read(f.path(), &titled_opts()).unwrap_err();
    let p = err.position();
    assert_eq!(p.sheet.as_deref(), Some("members"));
    assert_eq!(p.record, Some(3));
    assert_eq!(p.column.as_deref(), Some("_parent_index"));
    assert!(
        err.to_string().contains("a blank row (sheet row 5;"),
        "{err}"
    );

    let f = titled_kobo(
        main(),
        vec![
            row_xml(3, &[("A", "40"), ("B", "1"), ("C", "1")]),
            row_xml(4, &[("A", "38"), ("B", "2"), ("C", "2")]),
            row_xml(5, &[("A", "12"), ("B", "3"), ("C", "2")]),
            row_xml(6, &[("A", "7"), ("B", "4"), ("C", "9")]),
        ],
    );
    let err = read(f.path(), &titled_opts()).unwrap_err();
    assert_eq!(
        *err.kind(),
        ErrorKind::OrphanChild {
            key: "9".into(),
            parent: "survey".into(),
        }
    );
    assert_eq!(err.position().record, Some(4));
    assert!(
        err.to_string().contains("sheet `members`, record 4"),
        "{err}"
    );

    // An empty `_parent_index` on a row holding other values is named as an
    // empty cell, at its record.
    let f = titled_kobo(
        main(),
        vec![
            row_xml(3, &[("A", "40"), ("B", "1"), ("C", "1")]),
            row_xml(4, &[("A", "38"), ("B", "2")]),
        ],
    );
    let err = read(f.path(), &titled_opts()).unwrap_err();
    assert_eq!(err.position().record, Some(2));
    assert!(err.to_string().contains("found an empty cell"), "{err}");
}
