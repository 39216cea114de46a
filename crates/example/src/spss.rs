//! Writes a [`Dataset`] as an SPSS system file (`.sav`, bytecode
//! compression) with the `ambers` crate's writer: variable labels, value
//! labels (numeric and string), declared user-missing values, the file
//! label, UTF-8 text.
//!
//! # Mapping
//!
//! | clusterdx | SPSS |
//! |---|---|
//! | `Int` | numeric, `F{w}.0` (`w` = widest value) |
//! | `Float` | numeric, `F{w}.{d}` (`d` = decimals needed, at most 6) |
//! | `Bool` | numeric 0/1, `F1.0` |
//! | `Date` | numeric, `DATE11` |
//! | `DateTime` | numeric, `DATETIME20` (`DATETIME24.3` when a value has milliseconds; SPSS's double seconds since 1582 keep them to about a microsecond) |
//! | `Text` | string, `A{w}` (`w` = longest value in bytes, at least 1) |
//! | system or extended missing | sysmis; an empty string for text |
//! | [`MissingReason::UserCode`] | the raw code, declared user-missing on the variable (at most three codes) |
//!
//! Columns with value labels, and text columns, are nominal; the other
//! columns scale. SPSS's limits are kept by truncating at a character
//! boundary: the file label to 64 bytes, variable labels to 255, value labels
//! to 120.
//!
//! # Determinism
//!
//! The header's creation date and time are fixed ([`CREATED`]) instead of
//! the clock, so the same dataset always gives the same bytes (for a given
//! `ambers` version, whose name and version the header also carries).

use std::io::Cursor;
use std::sync::Arc;

use ambers::{Alignment, Compression, Measure, MissingSpec, SpssMetadata};
use arrow_array::{
    ArrayRef, Date32Array, Float64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use clusterdx_data::{Column, ColumnData, Dataset, MissingReason, Value};

/// Creation date and time written in the header: the same fixed date as
/// the Kobo workbook's document properties.
pub(crate) const CREATED: &str = "2025-02-01 00:00:00";

/// SPSS's limits, in bytes.
const FILE_LABEL_MAX: usize = 64;
const VARIABLE_LABEL_MAX: usize = 255;
const VALUE_LABEL_MAX: usize = 120;
const VARIABLE_NAME_MAX: usize = 64;
const STRING_WIDTH_MAX: usize = 32_767;
/// SPSS allows at most three discrete user-missing values per variable,
/// strings of at most 8 bytes.
const USER_MISSING_MAX: usize = 3;
const STRING_MISSING_MAX: usize = 8;
/// Widest `F` format SPSS accepts.
const F_WIDTH_MAX: usize = 40;
/// Most decimals shown by a float column's format (the data keep full
/// precision whatever the format).
const DECIMALS_MAX: usize = 6;

/// The bytes of `ds` as a bytecode-compressed SPSS `.sav` file.
///
/// # Errors
/// A message when a column cannot be represented: a variable name over 64
/// bytes, a non-finite or out-of-range number, more than three user-missing
/// codes, a user-missing code on a date column, one that is not a number on
/// a numeric column or one over 8 bytes on a text column, a numeric value
/// label whose code is not a number, a string over 32,767 bytes; or when
/// `ambers` refuses the data.
pub(crate) fn sav_bytes(ds: &Dataset) -> Result<Vec<u8>, String> {
    let mut meta = SpssMetadata {
        file_label: truncate(ds.label.as_deref().unwrap_or(""), FILE_LABEL_MAX).to_string(),
        creation_time: CREATED.to_string(),
        ..SpssMetadata::default()
    };
    let mut fields = Vec::with_capacity(ds.columns().len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(ds.columns().len());
    for col in ds.columns() {
        let (data_type, array) =
            variable(col, &mut meta).map_err(|e| format!("{}: {e}", col.name))?;
        fields.push(Field::new(col.name.as_str(), data_type, true));
        arrays.push(array);
    }
    let batch =
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| e.to_string())?;
    let mut out = Cursor::new(Vec::new());
    ambers::write_sav_to_writer(&mut out, &batch, &meta, Compression::Bytecode, None)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// How a column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Date,
    DateTime,
    Text,
}

/// Builds one variable: its Arrow column, and its format, labels, measure
/// and missing values in `meta`.
fn variable(col: &Column, meta: &mut SpssMetadata) -> Result<(DataType, ArrayRef), String> {
    let name = col.name.clone();
    if name.len() > VARIABLE_NAME_MAX {
        return Err(format!(
            "the name is {} bytes, over SPSS's {VARIABLE_NAME_MAX}",
            name.len()
        ));
    }
    let kind = match col.data {
        ColumnData::Text(_) => Kind::Text,
        ColumnData::Date(_) => Kind::Date,
        ColumnData::DateTime(_) => Kind::DateTime,
        ColumnData::Float(_) | ColumnData::Int(_) | ColumnData::Bool(_) => Kind::Number,
    };

    // User-missing codes, distinct and in order.
    let mut user_codes: Vec<String> = col
        .validity
        .reasons()
        .iter()
        .filter_map(|(_, r)| match r {
            MissingReason::UserCode { raw } => Some(raw.clone()),
            _ => None,
        })
        .collect();
    user_codes.sort();
    user_codes.dedup();

    if user_codes.len() > USER_MISSING_MAX {
        return Err(format!(
            "{} user-missing codes, over SPSS's {USER_MISSING_MAX}",
            user_codes.len()
        ));
    }

    let (data_type, array, format): (DataType, ArrayRef, String) = match kind {
        Kind::Text => {
            let cells: Vec<Option<String>> = (0..col.len())
                .map(|i| match col.get(i) {
                    Value::Missing(MissingReason::UserCode { raw }) => Some(raw),
                    Value::Missing(_) => None,
                    v => Some(v.to_string()),
                })
                .collect();
            let label_codes = col
                .value_labels
                .iter()
                .flat_map(|vl| vl.iter().map(|(code, _)| code.len()));
            let width = cells
                .iter()
                .flatten()
                .map(String::len)
                .chain(label_codes)
                .max()
                .unwrap_or(1)
                .max(1);
            if width > STRING_WIDTH_MAX {
                return Err(format!(
                    "a string of {width} bytes, over SPSS's {STRING_WIDTH_MAX}"
                ));
            }
            (
                DataType::Utf8,
                Arc::new(StringArray::from(cells)),
                format!("A{width}"),
            )
        }
        Kind::Date => {
            if !user_codes.is_empty() {
                return Err("user-missing codes on a date column".to_string());
            }
            let cells: Vec<Option<i32>> = (0..col.len())
                .map(|i| match col.get(i) {
                    Value::Date(d) => Some(d),
                    _ => None,
                })
                .collect();
            (
                DataType::Date32,
                Arc::new(Date32Array::from(cells)),
                "DATE11".to_string(),
            )
        }
        Kind::DateTime => {
            if !user_codes.is_empty() {
                return Err("user-missing codes on a datetime column".to_string());
            }
            let mut cells: Vec<Option<i64>> = Vec::with_capacity(col.len());
            for i in 0..col.len() {
                cells.push(match col.get(i) {
                    Value::DateTime(ms) => Some(
                        ms.checked_mul(1000)
                            .ok_or_else(|| format!("row {}: {ms} ms is out of range", i + 1))?,
                    ),
                    _ => None,
                });
            }
            let whole_seconds = cells.iter().flatten().all(|us| us % 1_000_000 == 0);
            (
                DataType::Timestamp(TimeUnit::Microsecond, None),
                Arc::new(TimestampMicrosecondArray::from(cells)),
                if whole_seconds {
                    "DATETIME20"
                } else {
                    "DATETIME24.3"
                }
                .to_string(),
            )
        }
        Kind::Number => {
            let mut cells = Vec::with_capacity(col.len());
            for i in 0..col.len() {
                let x = match col.get(i) {
                    Value::Missing(MissingReason::UserCode { raw }) => Some(
                        raw.parse::<f64>()
                            .map_err(|_| format!("user-missing code `{raw}` is not a number"))?,
                    ),
                    Value::Missing(_) => None,
                    Value::Int(v) => {
                        if v.unsigned_abs() > 1 << 53 {
                            return Err(format!(
                                "row {}: {v} is beyond a double's precision",
                                i + 1
                            ));
                        }
                        Some(v as f64)
                    }
                    Value::Float(x) => Some(x),
                    Value::Bool(b) => Some(f64::from(u8::from(b))),
                    other => other.as_f64(),
                };
                if let Some(x) = x
                    && !x.is_finite()
                {
                    return Err(format!("row {}: {x} is not a finite number", i + 1));
                }
                cells.push(x);
            }
            let format = match col.data {
                ColumnData::Bool(_) => "F1.0".to_string(),
                ColumnData::Int(_) => numeric_format(&cells, 0),
                _ => numeric_format(&cells, decimals(&cells)),
            };
            (
                DataType::Float64,
                Arc::new(Float64Array::from(cells)),
                format,
            )
        }
    };

    if !user_codes.is_empty() {
        let specs = if kind == Kind::Text {
            if let Some(long) = user_codes.iter().find(|c| c.len() > STRING_MISSING_MAX) {
                return Err(format!(
                    "user-missing code `{long}` is over SPSS's {STRING_MISSING_MAX} bytes"
                ));
            }
            user_codes
                .iter()
                .map(|raw| MissingSpec::StringValue(raw.clone()))
                .collect()
        } else {
            // Already checked to be numbers when the data were built.
            let mut codes: Vec<f64> = user_codes.iter().filter_map(|c| c.parse().ok()).collect();
            codes.sort_by(f64::total_cmp);
            codes.into_iter().map(MissingSpec::Value).collect()
        };
        meta.variable_missing_values.insert(name.clone(), specs);
    }
    if let Some(vl) = col.value_labels.as_ref().filter(|vl| !vl.is_empty()) {
        // `IndexMap::insert` through the metadata's own map: no direct
        // `indexmap` dependency needed.
        let labels = meta.variable_value_labels.entry(name.clone()).or_default();
        for (code, label) in vl.iter() {
            let value = match kind {
                Kind::Text => ambers::Value::String(code.to_string()),
                _ => ambers::Value::Numeric(
                    code.parse::<f64>()
                        .map_err(|_| format!("value label code `{code}` is not a number"))?,
                ),
            };
            labels.insert(value, truncate(label, VALUE_LABEL_MAX).to_string());
        }
    }
    if let Some(label) = col.label.as_deref().filter(|l| !l.is_empty()) {
        meta.variable_labels.insert(
            name.clone(),
            truncate(label, VARIABLE_LABEL_MAX).to_string(),
        );
    }
    let measure = if kind == Kind::Text || col.value_labels.is_some() {
        Measure::Nominal
    } else {
        Measure::Scale
    };
    let alignment = if kind == Kind::Text {
        Alignment::Left
    } else {
        Alignment::Right
    };
    meta.variable_formats.insert(name.clone(), format);
    meta.variable_measures.insert(name.clone(), measure);
    meta.variable_alignments.insert(name, alignment);
    Ok((data_type, array))
}

/// Fewest decimals (at most [`DECIMALS_MAX`]) that show every value exactly.
fn decimals(cells: &[Option<f64>]) -> usize {
    (0..=DECIMALS_MAX)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            cells.iter().flatten().all(|x| {
                let y = x * scale;
                (y - y.round()).abs() <= 1e-9 * y.abs().max(1.0)
            })
        })
        .unwrap_or(DECIMALS_MAX)
}

/// `F{w}.{d}` wide enough for every value.
fn numeric_format(cells: &[Option<f64>], d: usize) -> String {
    let int_width = cells
        .iter()
        .flatten()
        .map(|x| {
            let digits = format!("{:.0}", x.abs().trunc()).len();
            digits + usize::from(*x < 0.0)
        })
        .max()
        .unwrap_or(1);
    let width = (int_width + if d > 0 { d + 1 } else { 0 }).clamp(1, F_WIDTH_MAX);
    format!("F{width}.{}", d.min(width.saturating_sub(1)))
}

/// `s` cut to at most `max` bytes at a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusterdx_data::ValueLabels;

    /// Writes `ds` and reads it back through the clusterdx SPSS reader.
    fn round_trip(ds: &Dataset, tag: &str) -> (Vec<u8>, Dataset) {
        let bytes = sav_bytes(ds).unwrap();
        let path = std::env::temp_dir().join(format!(
            "clusterdx-example-spss-{tag}-{}.sav",
            std::process::id()
        ));
        std::fs::write(&path, &bytes).unwrap();
        let read = clusterdx_ingest::read(
            &path,
            &clusterdx_ingest::ReadOptions {
                format: Some(clusterdx_ingest::Format::Spss),
                name: ds.name.clone(),
                ..Default::default()
            },
        );
        let _ = std::fs::remove_file(&path);
        let read = read.unwrap();
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        (bytes, read.dataset)
    }

    fn sample() -> Dataset {
        let mut yes_no = ValueLabels::new();
        yes_no.insert_num(1.0, "Yes");
        yes_no.insert_num(2.0, "No");
        yes_no.insert_num(98.0, "Don't know");
        let mut dk = Column::int("q", [Some(1), Some(98), None, Some(2)])
            .with_label("A question — with “quotes”")
            .with_value_labels(yes_no);
        dk.validity.set_missing(
            1,
            MissingReason::UserCode {
                raw: "98".to_string(),
            },
        );
        let mut places = ValueLabels::new();
        places.insert("tharparkar", "Tharparkar");
        places.insert("ka", "Karachi");
        let mut na = Column::text("code", [Some("ok"), Some("NA"), Some("ok"), None]);
        na.validity.set_missing(
            1,
            MissingReason::UserCode {
                raw: "NA".to_string(),
            },
        );
        let long = "ا".repeat(200); // 400 bytes of Arabic script: a very long string
        let mut ds = Dataset::new(
            "t",
            vec![
                Column::int("n", [Some(-12), Some(3), None, Some(123_456)]).with_label("Count"),
                Column::float("x", [Some(1.25), None, Some(-0.5), Some(1e6)]),
                Column::bool("b", [Some(true), Some(false), None, Some(true)]),
                Column::date("d", [Some(20_000), None, Some(-1), Some(0)]),
                Column::datetime("t", [Some(1_700_000_000_123), None, Some(0), Some(-1_000)]),
                Column::text("place", [Some("ka"), Some("tharparkar"), None, Some("ka")])
                    .with_label("District")
                    .with_value_labels(places),
                Column::text("s", [Some("Ú"), Some(long.as_str()), Some(""), None]),
                dk,
                na,
            ],
        )
        .unwrap();
        // 63 ASCII bytes then a 3-byte character: cut before it.
        ds.label = Some(format!("SYNTHETIC{}—tail", "x".repeat(54)));
        ds
    }

    #[test]
    fn round_trips_values_labels_and_missing_values() {
        let ds = sample();
        let (_, got) = round_trip(&ds, "values");
        assert_eq!(
            got.label.as_deref(),
            Some(format!("SYNTHETIC{}", "x".repeat(54)).as_str())
        );
        for c in ds.columns() {
            let g = got.column(&c.name).unwrap();
            assert_eq!(g.label, c.label, "{}", c.name);
            assert_eq!(
                g.value_labels
                    .as_ref()
                    .map(|v| v.iter().collect::<Vec<_>>()),
                c.value_labels
                    .as_ref()
                    .map(|v| v.iter().collect::<Vec<_>>()),
                "{}",
                c.name
            );
            for i in 0..c.len() {
                let (want, have) = (c.get(i), g.get(i));
                let same = match (&want, &have) {
                    (Value::Int(a), Value::Float(b)) => *a as f64 == *b,
                    (Value::Bool(a), Value::Float(b)) => f64::from(u8::from(*a)) == *b,
                    // Seconds since 1582 in a double keep milliseconds exactly
                    // once the reader rounds to the nearest one.
                    (Value::DateTime(a), Value::DateTime(b)) => a == b,
                    // SPSS has no missing strings: empty is missing.
                    (Value::Text(""), Value::Missing(MissingReason::System)) => true,
                    (Value::Missing(MissingReason::System), Value::Missing(m)) => {
                        *m == MissingReason::System
                    }
                    (a, b) => a == b,
                };
                assert!(same, "{} row {i}: wrote {want:?}, read {have:?}", c.name);
            }
        }
    }

    #[test]
    fn formats_and_header() {
        let ds = sample();
        let bytes = sav_bytes(&ds).unwrap();
        assert_eq!(bytes, sav_bytes(&ds).unwrap(), "same dataset, same bytes");
        // Header: creation date (9 bytes) and time (8) at byte 92.
        assert_eq!(&bytes[92..109], b"01 Feb 2500:00:00");
        let (batch, meta) = ambers::read_sav_from_reader(Cursor::new(bytes)).unwrap();
        assert_eq!(batch.num_rows(), 4);
        let formats: Vec<&str> = ds.column_names().map(|n| meta.format(n).unwrap()).collect();
        assert_eq!(
            formats,
            [
                "F6.0",
                "F10.2",
                "F1.0",
                "DATE11",
                "DATETIME24", // ambers shows date formats without their decimals
                "A10",
                "A400",
                "F2.0",
                "A2"
            ]
        );
        assert_eq!(meta.file_encoding, "UTF-8");
        assert_eq!(meta.measure("q"), Some(Measure::Nominal));
        assert_eq!(meta.measure("n"), Some(Measure::Scale));
    }

    #[test]
    fn refuses_what_spss_cannot_hold() {
        let mut c = Column::int("q", [Some(1), Some(2), Some(3), Some(4)]);
        for (i, raw) in ["1", "2", "3", "4"].iter().enumerate() {
            c.validity.set_missing(
                i,
                MissingReason::UserCode {
                    raw: raw.to_string(),
                },
            );
        }
        let ds = Dataset::new("t", vec![c]).unwrap();
        assert!(sav_bytes(&ds).unwrap_err().contains("4 user-missing codes"));

        let ds = Dataset::new("t", vec![Column::float("x", [Some(f64::INFINITY)])]).unwrap();
        assert!(sav_bytes(&ds).unwrap_err().contains("not a finite number"));

        let mut c = Column::text("s", [Some("a long code")]);
        c.validity.set_missing(
            0,
            MissingReason::UserCode {
                raw: "a long code".to_string(),
            },
        );
        let ds = Dataset::new("t", vec![c]).unwrap();
        assert!(sav_bytes(&ds).unwrap_err().contains("over SPSS's 8 bytes"));

        let name = "v".repeat(65);
        let ds = Dataset::new("t", vec![Column::int(name.as_str(), [Some(1)])]).unwrap();
        assert!(sav_bytes(&ds).unwrap_err().contains("over SPSS's 64"));
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("ab—c", 3), "ab");
        assert_eq!(truncate("ab—c", 5), "ab—");
    }

    #[test]
    fn decimals_and_widths() {
        assert_eq!(decimals(&[Some(1.0), None, Some(-3.0)]), 0);
        assert_eq!(decimals(&[Some(24.83628), Some(66.8)]), 5);
        assert_eq!(decimals(&[Some(1.0 / 3.0)]), DECIMALS_MAX);
        assert_eq!(numeric_format(&[Some(-12.0), Some(3.0)], 0), "F3.0");
        assert_eq!(numeric_format(&[None], 0), "F1.0");
        assert_eq!(numeric_format(&[Some(14_121.5)], 1), "F7.1");
    }
}
