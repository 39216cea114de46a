//! Writes a [`Dataset`] as a Stata `.dta` file, release 118, with the `dta`
//! crate's writer: variable labels, value labels, `%td` dates.
//!
//! `dta` 0.6 reads value-label sets but offers no public constructor for
//! them, so the sets are obtained from the crate's own reader: a one-variable
//! carrier file is written with `dta`'s writer, the label table bytes (the
//! documented release-118 `<lbl>` layout) are placed in its value-label
//! section and its `<map>` offsets patched, and the carrier is read back
//! with `dta`'s reader, which validates it. The real file is then written
//! entirely by `dta`'s writer, value labels included.
//!
//! Stata has no user-missing values: a code declared user-missing in the
//! dataset (e.g. 98 "don't know") is written as its raw value, labelled.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Cursor;

use clusterdx_data::{ColumnData, Dataset, MissingReason, Value as Cell};
use dta::stata::dta::byte_order::ByteOrder;
use dta::stata::dta::dta_reader::DtaReader;
use dta::stata::dta::dta_writer::DtaWriter;
use dta::stata::dta::header::Header;
use dta::stata::dta::release::Release;
use dta::stata::dta::schema::Schema;
use dta::stata::dta::value::Value;
use dta::stata::dta::value_label::ValueLabelSet;
use dta::stata::dta::variable::Variable;
use dta::stata::dta::variable_type::VariableType;
use dta::stata::missing_value::MissingValue;
use dta::stata::stata_byte::StataByte;
use dta::stata::stata_double::StataDouble;
use dta::stata::stata_int::StataInt;
use dta::stata::stata_long::StataLong;

/// Days from 1960-01-01 (Stata's epoch) to 1970-01-01.
const STATA_EPOCH_SHIFT_DAYS: i64 = 3653;

/// Storage chosen for a column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Storage {
    Byte,
    Int,
    Long,
    Double,
    Str(u16),
    Date,
    DateTime,
}

fn numeric_cell(col: &clusterdx_data::Column, i: usize) -> Option<f64> {
    match col.get(i) {
        Cell::Missing(MissingReason::UserCode { raw }) => raw.parse::<f64>().ok(),
        other => other.as_f64(),
    }
}

fn storage(col: &clusterdx_data::Column) -> Storage {
    match &col.data {
        ColumnData::Int(_) => {
            let (mut lo, mut hi) = (0i64, 0i64);
            for i in 0..col.len() {
                if let Some(x) = numeric_cell(col, i) {
                    lo = lo.min(x as i64);
                    hi = hi.max(x as i64);
                }
            }
            if lo >= -127 && hi <= 100 {
                Storage::Byte
            } else if lo >= -32_767 && hi <= 32_740 {
                Storage::Int
            } else if lo >= -2_147_483_647 && hi <= 2_147_483_620 {
                Storage::Long
            } else {
                Storage::Double
            }
        }
        ColumnData::Float(_) | ColumnData::Bool(_) => Storage::Double,
        ColumnData::DateTime(_) => Storage::DateTime,
        ColumnData::Date(_) => Storage::Date,
        ColumnData::Text(t) => {
            let max = t.iter().map(str::len).max().unwrap_or(1).clamp(1, 2045);
            Storage::Str(max as u16)
        }
    }
}

/// The `<lbl>` block of one value-label set, release 118, little-endian.
fn lbl_bytes(name: &str, entries: &[(i32, String)]) -> Vec<u8> {
    let mut text = Vec::new();
    let mut offsets = Vec::new();
    for (_, label) in entries {
        offsets.push(text.len() as u32);
        text.extend_from_slice(label.as_bytes());
        text.push(0);
    }
    let n = entries.len() as u32;
    let table_len = 8 + 8 * n + text.len() as u32;
    let mut out = Vec::with_capacity(table_len as usize + 150);
    out.extend_from_slice(b"<lbl>");
    out.extend_from_slice(&table_len.to_le_bytes());
    let mut padded = [0u8; 129];
    let nb = name.as_bytes();
    padded[..nb.len().min(128)].copy_from_slice(&nb[..nb.len().min(128)]);
    out.extend_from_slice(&padded);
    out.extend_from_slice(&[0, 0, 0]);
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    for o in &offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    for (v, _) in entries {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&text);
    out.extend_from_slice(b"</lbl>");
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn find_first(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dta_err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Value-label sets built through the carrier file (see the module docs).
fn label_sets(sets: &BTreeMap<String, Vec<(i32, String)>>) -> Result<Vec<ValueLabelSet>, String> {
    if sets.is_empty() {
        return Ok(Vec::new());
    }
    let header = Header::builder(Release::V118, ByteOrder::LittleEndian)
        .dataset_label("value-label carrier")
        .build();
    let schema = Schema::builder()
        .add_variable(Variable::builder(VariableType::Byte, "x").format("%8.0g"))
        .build()
        .map_err(dta_err)?;
    let cursor = DtaWriter::new()
        .from_writer(Cursor::new(Vec::new()))
        .write_header(header)
        .map_err(dta_err)?
        .write_schema(schema)
        .map_err(dta_err)?
        .into_record_writer()
        .map_err(dta_err)?
        .into_long_string_writer()
        .map_err(dta_err)?
        .into_value_label_writer()
        .map_err(dta_err)?
        .finish()
        .map_err(dta_err)?;
    let mut bytes = cursor.into_inner();
    let mut block = Vec::new();
    for (name, entries) in sets {
        block.extend(lbl_bytes(name, entries));
    }
    let open = b"<value_labels>";
    let at = find_last(&bytes, open).ok_or("carrier has no value-label section")? + open.len();
    bytes.splice(at..at, block.iter().copied());
    let map = find_first(&bytes, b"<map>").ok_or("carrier has no map")? + 5;
    for slot in [12usize, 13] {
        let p = map + 8 * slot;
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&bytes[p..p + 8]);
        let v = u64::from_le_bytes(raw) + block.len() as u64;
        bytes[p..p + 8].copy_from_slice(&v.to_le_bytes());
    }
    let mut chars = DtaReader::new()
        .from_reader(Cursor::new(bytes))
        .read_header()
        .map_err(dta_err)?
        .read_schema()
        .map_err(dta_err)?;
    chars.skip_to_end().map_err(dta_err)?;
    let mut records = chars.into_record_reader().map_err(dta_err)?;
    records.skip_to_end().map_err(dta_err)?;
    let mut strls = records.into_long_string_reader().map_err(dta_err)?;
    strls.skip_to_end().map_err(dta_err)?;
    let mut labels = strls.into_value_label_reader().map_err(dta_err)?;
    let mut out = Vec::new();
    while let Some(set) = labels.read_value_label_set().map_err(dta_err)? {
        out.push(set);
    }
    Ok(out)
}

/// The bytes of `ds` as a release-118 `.dta` file.
///
/// # Errors
/// A message when the dataset cannot be represented (names, labels or codes
/// out of Stata's limits) or the `dta` writer fails.
pub(crate) fn dta_bytes(ds: &Dataset) -> Result<Vec<u8>, String> {
    let cols = ds.columns();
    let storages: Vec<Storage> = cols.iter().map(storage).collect();
    // Value-label sets by name (the ValueLabels name, else the column name).
    let mut sets: BTreeMap<String, Vec<(i32, String)>> = BTreeMap::new();
    let mut set_of: Vec<Option<String>> = Vec::with_capacity(cols.len());
    for c in cols {
        match (&c.value_labels, c.is_numeric()) {
            (Some(vl), true) => {
                let name = vl.name.clone().unwrap_or_else(|| c.name.clone());
                let entries: Vec<(i32, String)> = vl
                    .iter()
                    .filter_map(|(code, label)| {
                        code.parse::<i32>().ok().map(|v| (v, label.to_string()))
                    })
                    .collect();
                sets.entry(name.clone()).or_insert(entries);
                set_of.push(Some(name));
            }
            _ => set_of.push(None),
        }
    }
    let mut builder = Schema::builder();
    for ((c, s), set) in cols.iter().zip(&storages).zip(&set_of) {
        let (ty, fmt) = match s {
            Storage::Byte => (VariableType::Byte, "%8.0g".to_string()),
            Storage::Int => (VariableType::Int, "%8.0g".to_string()),
            Storage::Long => (VariableType::Long, "%12.0g".to_string()),
            Storage::Double => (VariableType::Double, "%10.0g".to_string()),
            Storage::Date => (VariableType::Long, "%td".to_string()),
            Storage::DateTime => (VariableType::Double, "%tc".to_string()),
            Storage::Str(n) => (VariableType::FixedString(*n), format!("%{}s", (*n).min(40))),
        };
        let mut v = Variable::builder(ty, c.name.clone()).format(fmt);
        if let Some(label) = &c.label {
            v = v.label(label.clone());
        }
        if let Some(set) = set {
            v = v.value_label_name(set.clone());
        }
        builder = builder.add_variable(v);
    }
    let schema = builder.build().map_err(dta_err)?;
    let header = Header::builder(Release::V118, ByteOrder::LittleEndian)
        .dataset_label(ds.label.clone().unwrap_or_default())
        .build();
    let mut records = DtaWriter::new()
        .from_writer(Cursor::new(Vec::new()))
        .write_header(header)
        .map_err(dta_err)?
        .write_schema(schema)
        .map_err(dta_err)?
        .into_record_writer()
        .map_err(dta_err)?;
    let sys = MissingValue::System;
    let mut row: Vec<Value<'_>> = Vec::with_capacity(cols.len());
    for i in 0..ds.n_rows() {
        row.clear();
        for (c, s) in cols.iter().zip(&storages) {
            let x = numeric_cell(c, i);
            row.push(match s {
                Storage::Byte => {
                    Value::Byte(x.map_or(StataByte::Missing(sys), |x| StataByte::Present(x as i8)))
                }
                Storage::Int => {
                    Value::Int(x.map_or(StataInt::Missing(sys), |x| StataInt::Present(x as i16)))
                }
                Storage::Long => {
                    Value::Long(x.map_or(StataLong::Missing(sys), |x| StataLong::Present(x as i32)))
                }
                Storage::Double => {
                    Value::Double(x.map_or(StataDouble::Missing(sys), StataDouble::Present))
                }
                Storage::DateTime => Value::Double(match c.get(i) {
                    Cell::DateTime(ms) => {
                        StataDouble::Present((ms + STATA_EPOCH_SHIFT_DAYS * 86_400_000) as f64)
                    }
                    _ => StataDouble::Missing(sys),
                }),
                Storage::Date => Value::Long(match c.get(i) {
                    Cell::Date(d) => {
                        StataLong::Present((i64::from(d) + STATA_EPOCH_SHIFT_DAYS) as i32)
                    }
                    _ => StataLong::Missing(sys),
                }),
                Storage::Str(_) => Value::String(match c.get(i) {
                    Cell::Text(t) => Cow::Borrowed(t),
                    Cell::Missing(_) => Cow::Borrowed(""),
                    other => Cow::Owned(other.to_string()),
                }),
            });
        }
        records.write_record(&row).map_err(dta_err)?;
    }
    let mut labels = records
        .into_long_string_writer()
        .map_err(dta_err)?
        .into_value_label_writer()
        .map_err(dta_err)?;
    for set in label_sets(&sets)? {
        labels.write_value_label_set(&set).map_err(dta_err)?;
    }
    Ok(labels.finish().map_err(dta_err)?.into_inner())
}
