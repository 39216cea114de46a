//! Stata `.dta` files, releases 113–119 (Stata 8 to Stata 18), read through
//! the [`dta`] crate.
//!
//! Format reference: the Stata manual's description of the file format,
//! `help dta` (<https://www.stata.com/help.cgi?dta>), and for releases 113–115
//! the older `help dta_115` / `help dta_113` pages. Releases 113–116 are the
//! binary layout (header, descriptors, expansion fields, data, value labels);
//! 117–119 are the tagged layout (`<stata_dta>`, a `<map>` of section
//! offsets, `<data>`, `<strls>`, `<value_labels>`).
//!
//! # Mapping
//!
//! | Stata                                   | clusterdx                                   |
//! |-----------------------------------------|---------------------------------------------|
//! | `byte`, `int`, `long`                   | [`ColumnData::Int`]                         |
//! | `float`, `double`                       | [`ColumnData::Float`]                       |
//! | `str#`, `strL`                          | [`ColumnData::Text`]                        |
//! | numeric with a `%td` (or old `%d`) format | [`ColumnData::Date`] (days since 1970)    |
//! | numeric with a `%tc` / `%tC` format     | [`ColumnData::DateTime`] (ms since 1970)    |
//! | system missing `.`                      | [`MissingReason::System`]                   |
//! | extended missing `.a`–`.z`              | [`MissingReason::Extended`]                 |
//! | empty string `""`                       | [`MissingReason::System`]                   |
//!
//! * **Empty strings are missing.** Stata has no missing value for strings;
//!   its `missing()` function is true for `""`, so an empty string cell is
//!   read as system missing (a string of blanks is kept as text).
//! * A `float` is stored in single precision. It is widened to `f64` through
//!   its shortest decimal form, so a weight Stata shows as `34.6727` is
//!   `34.6727`, not `34.672698974609375`. `double` values are kept exactly.
//! * Stata dates count days from 1960-01-01 (day 0 is 1970-01-01 minus 3653
//!   days). `%tc` counts milliseconds from 1960-01-01 00:00:00, ignoring leap
//!   seconds; `%tC` counts them, and the leap seconds inserted since 1972 are
//!   removed so the result is the civil clock time. Other `%t` formats
//!   (`%tw`, `%tm`, `%tq`, `%th`, `%ty`) stay numeric, with their format kept
//!   in [`Column::format`].
//! * Variable labels become [`Column::label`], display formats
//!   [`Column::format`], the value-label set attached to a variable becomes
//!   [`Column::value_labels`] (with [`ValueLabels::name`] the Stata label
//!   name; labels of the extended missing codes are keyed `.a`–`.z`), and the
//!   dataset label becomes [`Dataset::label`].
//!
//! # Text encoding
//!
//! Releases 113–116 predate Unicode Stata and are decoded as Windows-1252
//! (a superset of Latin-1; every byte decodes). Release 118–119 text is
//! UTF-8. Release 117 (Stata 13) files are officially Windows-1252, but many
//! tools (ReadStat, pandas) write UTF-8 into them, so release 117 is read as
//! UTF-8 first and, only if some text is not valid UTF-8, read again as
//! Windows-1252 with a [`Warning`].
//!
//! # Damaged files
//!
//! The whole file is read into memory and every length the file declares
//! (variable count, observation count, characteristic, `strL` and
//! value-label sizes) is checked against the bytes actually present before
//! the [`dta`] crate is asked to read it, so a damaged length can never make
//! the reader allocate more than the file holds. Every problem is an
//! [`IngestError`] naming the file, the byte offset or the record and
//! column. A `double`/`float` holding a non-standard missing-value bit
//! pattern (some non-Stata writers store NaN) is read as system missing with
//! a warning rather than rejected.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use clusterdx_data::{
    Column, ColumnData, Dataset, MissingReason, TextColumn, Validity, ValueLabels,
};
use dta::stata::dta::byte_order::ByteOrder;
use dta::stata::dta::dta_error::{DtaError, FormatErrorKind, Section};
use dta::stata::dta::dta_reader::DtaReader;
use dta::stata::dta::header::Header;
use dta::stata::dta::long_string::LongStringContent;
use dta::stata::dta::release::Release;
use dta::stata::dta::value::Value as DtaValue;
use dta::stata::dta::value_label::ValueLabelSet;
use dta::stata::dta::variable::Variable;
use dta::stata::dta::variable_type::VariableType;
use dta::stata::missing_value::MissingValue;
use dta::stata::stata_byte::StataByte;
use dta::stata::stata_double::StataDouble;
use dta::stata::stata_float::StataFloat;
use dta::stata::stata_int::StataInt;
use dta::stata::stata_long::StataLong;
use encoding_rs::Encoding;

use crate::common::{dataset_name, describe_start};
use crate::{ErrorKind, IngestError, Ingested, Position, ReadOptions, Warning};

/// What every malformed-file error says was expected.
const EXPECTED: &str = "a Stata .dta file (release 113–119)";

/// Days from 1960-01-01 (Stata's day 0) to 1970-01-01.
const STATA_EPOCH_DAYS: i64 = -3653;

/// Milliseconds from 1960-01-01 to 1970-01-01.
const STATA_EPOCH_MS: i64 = STATA_EPOCH_DAYS * 86_400_000;

/// Reads a Stata `.dta` file (releases 113–119).
///
/// # Errors
/// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::Malformed`]
/// for anything that is not a well-formed release 113–119 file (damaged
/// header, truncated data, an impossible length), with the byte offset, or
/// the record and column, where known; [`ErrorKind::Encoding`] for text that
/// is not valid in the file's encoding (UTF-8 for releases 118–119);
/// [`ErrorKind::DuplicateColumn`] when two variables share a name.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError::io(path, &e))?;
    let name = dataset_name(path, options);
    match sniff_release(path, &bytes)? {
        117 => match read_bytes(path, &bytes, &name, Some(encoding_rs::UTF_8)) {
            Err(e) if matches!(e.kind(), ErrorKind::Encoding { .. }) => {
                let mut ingested =
                    read_bytes(path, &bytes, &name, Some(encoding_rs::WINDOWS_1252))?;
                ingested.warnings.insert(0, utf8_fallback_warning(path, &e));
                Ok(ingested)
            }
            other => other,
        },
        _ => read_bytes(path, &bytes, &name, None),
    }
}

/// The warning for a release 117 file read as Windows-1252 after `e`, an
/// [`ErrorKind::Encoding`] error from reading it as UTF-8. The record and
/// column go into their fields, not the message.
fn utf8_fallback_warning(path: &Path, e: &IngestError) -> Warning {
    let pos = e.position();
    let mut detail = match e.kind() {
        ErrorKind::Encoding { message } => message.clone(),
        _ => "text is not valid UTF-8".to_string(),
    };
    if let (Some(b), None) = (pos.byte, pos.record) {
        detail.push_str(&format!(" at byte {b}"));
    }
    let mut w = Warning::new(
        path,
        format!(
            "release 117 file whose text is not UTF-8 ({detail}); read as Windows-1252 instead"
        ),
    );
    w.record = pos.record;
    w.column = pos.column.clone();
    w
}

/// The release number from the first bytes, rejecting releases outside 113–119.
fn sniff_release(path: &Path, bytes: &[u8]) -> Result<u8, IngestError> {
    const TAG: &[u8] = b"<stata_dta><header><release>";
    let release = if bytes.starts_with(TAG) {
        bytes
            .get(TAG.len()..TAG.len() + 3)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| d.parse::<u8>().ok())
    } else {
        // Binary releases: release, byte order (1 = HILO, 2 = LOHI), file type 1.
        match bytes {
            [r @ 113..=116, ..] => Some(*r),
            [r @ 102..=112, 1 | 2, 1, ..] => Some(*r),
            _ => None,
        }
    };
    match release {
        Some(r @ 113..=119) => Ok(r),
        Some(r) if bytes.starts_with(TAG) => Err(malformed(
            path,
            format!("release {r}, which this reader does not support"),
            Some(TAG.len() as u64),
        )),
        Some(r @ 102..=112) => Err(malformed(
            path,
            format!(
                "an old release {r} file, which this reader does not support (re-save it with Stata 8 or later)"
            ),
            Some(0),
        )),
        _ if bytes.is_empty() => Err(malformed(path, "an empty file", Some(0))),
        _ => Err(malformed(
            path,
            format!(
                "bytes that do not start a Stata file ({})",
                describe_start(bytes)
            ),
            Some(0),
        )),
    }
}

fn malformed(path: &Path, found: impl Into<String>, byte: Option<u64>) -> IngestError {
    IngestError::malformed(path, EXPECTED, found).at(Position {
        byte,
        ..Position::default()
    })
}

/// A reader over the in-memory file that publishes how far it has read, so
/// the wrapper knows where the [`dta`] crate is between calls.
struct Tracked<'a> {
    data: &'a [u8],
    pos: Rc<Cell<usize>>,
}

impl Read for Tracked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let at = self.pos.get().min(self.data.len());
        let n = buf.len().min(self.data.len() - at);
        buf[..n].copy_from_slice(&self.data[at..at + n]);
        self.pos.set(at + n);
        Ok(n)
    }
}

/// State shared by the steps of one read.
struct Ctx<'a> {
    path: &'a Path,
    data: &'a [u8],
    pos: Rc<Cell<usize>>,
    order: ByteOrder,
    release: Release,
    encoding: &'static Encoding,
    warnings: Vec<Warning>,
}

impl Ctx<'_> {
    fn here(&self) -> usize {
        self.pos.get()
    }

    fn malformed(&self, found: impl Into<String>, byte: usize) -> IngestError {
        malformed(self.path, found, Some(byte as u64))
    }

    /// Converts an error of the `dta` crate.
    fn convert(&self, e: &DtaError) -> IngestError {
        convert_error(self.path, e, self.here(), self.data.len(), self.encoding)
    }

    /// Checks that `len` bytes starting at `at` lie inside the file.
    fn need(&self, at: usize, len: u64, what: &str) -> Result<(), IngestError> {
        let end = (at as u64).checked_add(len);
        match end {
            Some(end) if end <= self.data.len() as u64 => Ok(()),
            _ => Err(self.malformed(
                format!(
                    "{what} ({len} bytes from byte {at}), but the file has only {} bytes (damaged or truncated file)",
                    self.data.len()
                ),
                at,
            )),
        }
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let b: [u8; 4] = self.data.get(at..at + 4)?.try_into().ok()?;
        Some(match self.order {
            ByteOrder::LittleEndian => u32::from_le_bytes(b),
            ByteOrder::BigEndian => u32::from_be_bytes(b),
        })
    }

    fn bytes_at(&self, at: usize, expected: &[u8]) -> bool {
        self.data.get(at..at + expected.len()) == Some(expected)
    }

    /// Records a warning about column `column` (named apart from the
    /// message) and, when known, one data record.
    fn warn_column(&mut self, column: &str, record: Option<u64>, message: String) {
        let mut w = Warning::new(self.path, message).with_column(column);
        w.record = record;
        self.warnings.push(w);
    }
}

/// Release-dependent field widths (see `help dta`).
fn name_len(release: Release) -> usize {
    if release >= Release::V118 { 129 } else { 33 }
}

/// Bytes one variable takes in the descriptor sections: type, name, sort
/// entry, format, value-label name and variable label.
fn descriptor_bytes(release: Release) -> u64 {
    match release {
        Release::V113 => 1 + 33 + 2 + 12 + 33 + 81,
        Release::V114 | Release::V115 | Release::V116 => 1 + 33 + 2 + 49 + 33 + 81,
        Release::V117 => 2 + 33 + 2 + 49 + 33 + 81,
        Release::V118 => 2 + 129 + 2 + 57 + 129 + 321,
        _ => 2 + 129 + 4 + 57 + 129 + 321,
    }
}

fn read_bytes(
    path: &Path,
    data: &[u8],
    name: &str,
    encoding: Option<&'static Encoding>,
) -> Result<Ingested, IngestError> {
    let pos = Rc::new(Cell::new(0));
    let reader = Tracked {
        data,
        pos: Rc::clone(&pos),
    };
    let mut dta_reader = DtaReader::new();
    if let Some(enc) = encoding {
        dta_reader = dta_reader.encoding(enc);
    }
    let header_reader = dta_reader.from_reader(reader);
    let schema_reader = header_reader.read_header().map_err(|e| {
        convert_error(
            path,
            &e,
            pos.get(),
            data.len(),
            encoding.unwrap_or(encoding_rs::UTF_8),
        )
    })?;
    let header: Header = schema_reader.header().clone();
    let mut ctx = Ctx {
        path,
        data,
        pos,
        order: header.byte_order(),
        release: header.release(),
        encoding: schema_reader.encoding(),
        warnings: Vec::new(),
    };
    if !(Release::V113..=Release::V119).contains(&ctx.release) {
        return Err(ctx.malformed(format!("release {}", ctx.release), 0));
    }

    // Descriptors: the variable count must fit in the bytes that follow.
    let k = u64::from(header.variable_count());
    let after_header = ctx.here();
    ctx.need(
        after_header,
        k.saturating_mul(descriptor_bytes(ctx.release)),
        &format!("descriptors of the {k} variables the header declares"),
    )?;
    let mut characteristics = schema_reader.read_schema().map_err(|e| ctx.convert(&e))?;
    let variables: Vec<Variable> = characteristics.schema().variables().to_vec();

    check_characteristics(&ctx)?;
    characteristics.skip_to_end().map_err(|e| ctx.convert(&e))?;

    let n_obs = header.observation_count();
    if variables.is_empty() {
        // No variables: there is nothing to read, whatever N says.
        let mut dataset = Dataset::new(name, Vec::new())
            .map_err(|e| IngestError::malformed(path, EXPECTED, e.to_string()))?;
        dataset.label = non_empty(header.dataset_label());
        return Ok(Ingested {
            dataset,
            children: Vec::new(),
            warnings: ctx.warnings,
        });
    }

    let row_len: u64 = variables.iter().map(|v| width(v.variable_type())).sum();
    let mut records = characteristics
        .into_record_reader()
        .map_err(|e| ctx.convert(&e))?;
    let data_start = ctx.here() + if ctx.release >= Release::V117 { 6 } else { 0 };
    let rows_present = (data.len().saturating_sub(data_start) as u64) / row_len.max(1);
    let capacity = usize::try_from(n_obs.min(rows_present)).unwrap_or(0);

    let mut builders: Vec<Builder> = variables
        .iter()
        .map(|v| Builder::new(v, capacity))
        .collect();

    let mut row: u64 = 0;
    loop {
        let record = match records.read_lazy_record() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(e) => {
                let err = convert_error(path, &e, ctx.here(), data.len(), ctx.encoding);
                return Err(if row < n_obs {
                    err.at_record(row + 1, None)
                } else {
                    err
                });
            }
        };
        row += 1;
        for (i, builder) in builders.iter_mut().enumerate() {
            match record.value(i) {
                Ok(value) => {
                    if let Some(message) = builder.push(&value) {
                        ctx.warnings.push(
                            Warning::new(path, message)
                                .with_record(row)
                                .with_column(variables[i].name()),
                        );
                    }
                }
                Err(e) => {
                    if builder.is_text() {
                        return Err(IngestError::new(
                            path,
                            ErrorKind::Encoding {
                                message: format!("string is not valid {}", ctx.encoding.name()),
                            },
                        )
                        .at_record(row, None)
                        .in_column(variables[i].name()));
                    }
                    if !is_bad_missing_pattern(&e) {
                        return Err(
                            convert_error(path, &e, ctx.here(), data.len(), ctx.encoding)
                                .at_record(row, None)
                                .in_column(variables[i].name()),
                        );
                    }
                    builder.push_missing(MissingReason::System);
                    ctx.warnings.push(
                        Warning::new(
                            path,
                            "non-standard missing-value bit pattern read as system missing",
                        )
                        .with_record(row)
                        .with_column(variables[i].name()),
                    );
                }
            }
        }
    }

    // Long strings (117+): check the declared sizes, then collect the ones
    // the data refers to.
    let mut long_strings = records
        .into_long_string_reader()
        .map_err(|e| ctx.convert(&e))?;
    let mut strls: HashMap<(u32, u64), String> = HashMap::new();
    if ctx.release >= Release::V117 {
        check_long_strings(&ctx)?;
        let wanted = builders.iter().any(|b| matches!(b.data, Data::StrL(_)));
        if wanted {
            loop {
                let entry_at = ctx.here();
                let entry = match long_strings.read_long_string() {
                    Ok(Some(entry)) => entry,
                    Ok(None) => break,
                    Err(e) => return Err(ctx.convert(&e)),
                };
                let text = match entry.content() {
                    LongStringContent::Text(bytes) => {
                        decode_text(bytes, ctx.encoding).ok_or_else(|| {
                            IngestError::new(
                                path,
                                ErrorKind::Encoding {
                                    message: format!(
                                        "strL at byte {entry_at} is not valid {}",
                                        ctx.encoding.name()
                                    ),
                                },
                            )
                        })?
                    }
                    LongStringContent::Binary(bytes) => ctx
                        .encoding
                        .decode_without_bom_handling(bytes)
                        .0
                        .into_owned(),
                };
                strls.insert((entry.variable(), entry.observation()), text);
            }
        } else {
            long_strings.skip_to_end().map_err(|e| ctx.convert(&e))?;
        }
    }

    // Value labels.
    let mut label_reader = long_strings
        .into_value_label_reader()
        .map_err(|e| ctx.convert(&e))?;
    check_value_labels(&ctx)?;
    let mut label_sets: HashMap<String, ValueLabels> = HashMap::new();
    loop {
        match label_reader.read_value_label_set() {
            Ok(Some(set)) => {
                let labels = convert_labels(&set);
                label_sets.entry(set.name().to_string()).or_insert(labels);
            }
            Ok(None) => break,
            Err(e) => return Err(ctx.convert(&e)),
        }
    }
    if ctx.release >= Release::V117 && !ctx.bytes_at(ctx.here(), b"</stata_dta>") {
        let at = ctx.here();
        let found = if at >= data.len() {
            format!(
                "the end of the file (byte {at}) before the closing `</stata_dta>` tag (truncated file?)"
            )
        } else {
            format!("bytes other than the closing `</stata_dta>` tag at byte {at}")
        };
        return Err(ctx.malformed(found, at));
    }

    // Assemble.
    let mut columns = Vec::with_capacity(variables.len());
    for (variable, builder) in variables.iter().zip(builders) {
        let mut column = builder.finish(variable.name(), &strls, &mut ctx);
        column.label = non_empty(variable.label());
        column.format = non_empty(variable.format());
        let label_name = variable.value_label_name();
        if !label_name.is_empty() && column.is_numeric() {
            column.value_labels = label_sets.get(label_name).cloned();
        }
        columns.push(column);
    }
    let mut dataset = Dataset::new(name, columns).map_err(|e| match e {
        clusterdx_data::DatasetError::DuplicateColumn { name } => {
            IngestError::new(path, ErrorKind::DuplicateColumn { name })
        }
        other => IngestError::malformed(path, EXPECTED, other.to_string()),
    })?;
    dataset.label = non_empty(header.dataset_label());
    Ok(Ingested {
        dataset,
        children: Vec::new(),
        warnings: ctx.warnings,
    })
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn width(t: VariableType) -> u64 {
    match t {
        VariableType::Byte => 1,
        VariableType::Int => 2,
        VariableType::Long | VariableType::Float => 4,
        VariableType::Double | VariableType::LongString => 8,
        VariableType::FixedString(n) => u64::from(n),
    }
}

/// Walks the characteristics (expansion fields) from the current position,
/// checking each declared length against the file before `dta` skips it.
/// Stops quietly at anything unexpected: `dta` then reports it.
fn check_characteristics(ctx: &Ctx<'_>) -> Result<(), IngestError> {
    let mut at = ctx.here();
    if ctx.release >= Release::V117 {
        if !ctx.bytes_at(at, b"<characteristics>") {
            return Ok(());
        }
        at += b"<characteristics>".len();
        while ctx.bytes_at(at, b"<ch>") {
            let Some(len) = ctx.u32_at(at + 4) else {
                return Ok(());
            };
            ctx.need(at + 8, u64::from(len), "a characteristic")?;
            at += 8 + len as usize + b"</ch>".len();
        }
    } else {
        loop {
            let Some(&kind) = ctx.data.get(at) else {
                return Ok(());
            };
            let Some(len) = ctx.u32_at(at + 1) else {
                return Ok(());
            };
            if kind == 0 {
                return Ok(());
            }
            ctx.need(at + 5, u64::from(len), "an expansion field")?;
            at += 5 + len as usize;
        }
    }
    Ok(())
}

/// Walks the `<strls>` section (117+), checking each `GSO` length.
fn check_long_strings(ctx: &Ctx<'_>) -> Result<(), IngestError> {
    let mut at = ctx.here();
    if !ctx.bytes_at(at, b"<strls>") {
        return Ok(());
    }
    at += b"<strls>".len();
    let obs_len = if ctx.release >= Release::V118 { 8 } else { 4 };
    while ctx.bytes_at(at, b"GSO") {
        let len_at = at + 3 + 4 + obs_len + 1;
        let Some(len) = ctx.u32_at(len_at) else {
            return Ok(());
        };
        ctx.need(len_at + 4, u64::from(len), "a strL")?;
        at = len_at + 4 + len as usize;
    }
    Ok(())
}

/// Walks the value-label tables, checking each table length.
fn check_value_labels(ctx: &Ctx<'_>) -> Result<(), IngestError> {
    let mut at = ctx.here();
    let xml = ctx.release >= Release::V117;
    if xml {
        if !ctx.bytes_at(at, b"<value_labels>") {
            return Ok(());
        }
        at += b"<value_labels>".len();
    }
    let head = name_len(ctx.release) + 3;
    loop {
        if xml {
            if !ctx.bytes_at(at, b"<lbl>") {
                return Ok(());
            }
            at += b"<lbl>".len();
        }
        let Some(len) = ctx.u32_at(at) else {
            return Ok(());
        };
        ctx.need(at + 4 + head, u64::from(len), "a value-label table")?;
        at += 4 + head + len as usize;
        if xml {
            at += b"</lbl>".len();
        }
    }
}

/// True for the `dta` error raised on a float/double whose bits lie in the
/// missing range but are none of the 27 standard missing values.
fn is_bad_missing_pattern(e: &DtaError) -> bool {
    match e {
        DtaError::Io { section, source } => {
            *section == Section::Records && source.to_string().contains("missing value bit pattern")
        }
        _ => false,
    }
}

fn convert_error(
    path: &Path,
    e: &DtaError,
    here: usize,
    file_len: usize,
    encoding: &'static Encoding,
) -> IngestError {
    match e {
        DtaError::Format(f) => {
            let byte = Some(f.position());
            let section = f.section();
            match f.kind() {
                FormatErrorKind::InvalidEncoding { field } => IngestError::new(
                    path,
                    ErrorKind::Encoding {
                        message: format!(
                            "{field} in the {section} section is not valid {}",
                            encoding.name()
                        ),
                    },
                )
                .at(Position {
                    byte,
                    ..Position::default()
                }),
                FormatErrorKind::UnsupportedRelease { release } => {
                    malformed(path, format!("release {release}"), byte)
                }
                FormatErrorKind::InvalidMagic => malformed(
                    path,
                    format!(
                        "bytes that are not the expected tag or signature in the {section} section"
                    ),
                    byte,
                ),
                kind => malformed(path, format!("{kind} in the {section} section"), byte),
            }
        }
        DtaError::Io { section, source } => {
            if source.kind() == std::io::ErrorKind::UnexpectedEof || here >= file_len {
                malformed(
                    path,
                    format!(
                        "the end of the file (byte {file_len}) inside the {section} section (truncated file?)"
                    ),
                    Some(file_len as u64),
                )
            } else if source.to_string().contains("invalid string encoding") {
                IngestError::new(
                    path,
                    ErrorKind::Encoding {
                        message: format!(
                            "text in the {section} section is not valid {}",
                            encoding.name()
                        ),
                    },
                )
            } else {
                malformed(
                    path,
                    format!("{source} in the {section} section"),
                    Some(here as u64),
                )
            }
        }
        other => malformed(path, other.to_string(), None),
    }
}

/// Decodes a null-terminated text `strL`; `None` when not valid in `encoding`.
fn decode_text(bytes: &[u8], encoding: &'static Encoding) -> Option<String> {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    encoding
        .decode_without_bom_handling_and_without_replacement(&bytes[..end])
        .map(|s| s.into_owned())
}

fn convert_labels(set: &ValueLabelSet) -> ValueLabels {
    let mut labels = ValueLabels::new();
    labels.name = Some(set.name().to_string());
    for entry in set.entries() {
        let value = entry.value();
        // Labels of missing codes: 2147483621 is `.`, then `.a` … `.z`.
        if value >= 2_147_483_621 {
            let k = value - 2_147_483_621;
            let code = match u8::try_from(k) {
                Ok(0) => ".".to_string(),
                Ok(k @ 1..=26) => format!(".{}", char::from(b'a' + k - 1)),
                _ => value.to_string(),
            };
            labels.insert(code, entry.label());
        } else {
            labels.insert_num(f64::from(value), entry.label());
        }
    }
    labels
}

/// How a numeric variable's values are interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Temporal {
    Date,
    DateTime,
    DateTimeLeap,
}

/// Classifies a display format: `%td` (and the old `%d`), `%tc`, `%tC`, each
/// possibly left-aligned (`%-td`) and with display details (`%tdCCYY-NN-DD`).
fn temporal(format: &str) -> Option<Temporal> {
    let body = format.strip_prefix('%')?;
    let body = body.strip_prefix('-').unwrap_or(body);
    if body.starts_with("td") || body.starts_with('d') {
        Some(Temporal::Date)
    } else if body.starts_with("tc") {
        Some(Temporal::DateTime)
    } else if body.starts_with("tC") {
        Some(Temporal::DateTimeLeap)
    } else {
        None
    }
}

enum Data {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Date(Vec<i32>),
    DateTime(Vec<i64>, bool),
    Text(TextColumn),
    StrL(Vec<(u32, u64)>),
}

struct Builder {
    data: Data,
    validity: Validity,
}

/// A numeric cell as `dta` decodes it.
enum Num {
    Int(i64),
    Float(f64),
    Missing(MissingValue),
}

fn numeric(value: &DtaValue<'_>) -> Option<Num> {
    Some(match *value {
        DtaValue::Byte(StataByte::Present(v)) => Num::Int(i64::from(v)),
        DtaValue::Int(StataInt::Present(v)) => Num::Int(i64::from(v)),
        DtaValue::Long(StataLong::Present(v)) => Num::Int(i64::from(v)),
        DtaValue::Float(StataFloat::Present(v)) => Num::Float(widen_f32(v)),
        DtaValue::Double(StataDouble::Present(v)) => Num::Float(v),
        DtaValue::Byte(StataByte::Missing(m))
        | DtaValue::Int(StataInt::Missing(m))
        | DtaValue::Long(StataLong::Missing(m))
        | DtaValue::Float(StataFloat::Missing(m))
        | DtaValue::Double(StataDouble::Missing(m)) => Num::Missing(m),
        DtaValue::String(_) | DtaValue::LongStringRef(_) => return None,
    })
}

/// Widens a single-precision value through its shortest decimal form, so it
/// reads as Stata displays it (`34.6727f32` → `34.6727`).
fn widen_f32(v: f32) -> f64 {
    if v.is_finite() {
        v.to_string().parse().unwrap_or(f64::from(v))
    } else {
        f64::from(v)
    }
}

fn missing_reason(m: MissingValue) -> MissingReason {
    match m.code() {
        0 => MissingReason::System,
        k => MissingReason::Extended {
            letter: char::from(b'a' + (k - 1).min(25)),
        },
    }
}

impl Builder {
    fn new(variable: &Variable, capacity: usize) -> Self {
        let t = variable.variable_type();
        let data = match t {
            VariableType::FixedString(_) => Data::Text(TextColumn::with_capacity(capacity, 8)),
            VariableType::LongString => Data::StrL(Vec::with_capacity(capacity)),
            _ => match temporal(variable.format()) {
                Some(Temporal::Date) => Data::Date(Vec::with_capacity(capacity)),
                Some(Temporal::DateTime) => Data::DateTime(Vec::with_capacity(capacity), false),
                Some(Temporal::DateTimeLeap) => Data::DateTime(Vec::with_capacity(capacity), true),
                None => match t {
                    VariableType::Float | VariableType::Double => {
                        Data::Float(Vec::with_capacity(capacity))
                    }
                    _ => Data::Int(Vec::with_capacity(capacity)),
                },
            },
        };
        Self {
            data,
            validity: Validity::with_capacity(capacity),
        }
    }

    fn is_text(&self) -> bool {
        matches!(self.data, Data::Text(_) | Data::StrL(_))
    }

    fn push_missing(&mut self, reason: MissingReason) {
        match &mut self.data {
            Data::Int(v) => v.push(0),
            Data::Float(v) => v.push(f64::NAN),
            Data::Date(v) => v.push(0),
            Data::DateTime(v, _) => v.push(0),
            Data::Text(v) => v.push(""),
            Data::StrL(v) => v.push((0, 0)),
        }
        self.validity.push_missing(reason);
    }

    /// Appends a cell; returns a warning when a value had to be dropped.
    fn push(&mut self, value: &DtaValue<'_>) -> Option<String> {
        match (&mut self.data, value) {
            (Data::Text(t), DtaValue::String(s)) => {
                if s.is_empty() {
                    t.push("");
                    self.validity.push_missing(MissingReason::System);
                } else {
                    t.push(s);
                    self.validity.push(true);
                }
                None
            }
            (Data::StrL(v), DtaValue::LongStringRef(r)) => {
                v.push((r.variable(), r.observation()));
                // Validity is settled in `finish`, once the strLs are known.
                self.validity.push(true);
                None
            }
            (data, value) => {
                let Some(num) = numeric(value) else {
                    self.push_missing(MissingReason::System);
                    return Some("value of an unexpected type read as missing".into());
                };
                let num = match num {
                    Num::Missing(m) => {
                        self.push_missing(missing_reason(m));
                        return None;
                    }
                    n => n,
                };
                let ok = match (data, num) {
                    (Data::Int(v), Num::Int(i)) => {
                        v.push(i);
                        true
                    }
                    (Data::Float(v), Num::Float(x)) => {
                        v.push(x);
                        true
                    }
                    (Data::Float(v), Num::Int(i)) => {
                        v.push(i as f64);
                        true
                    }
                    (Data::Date(v), n) => match stata_days(n) {
                        Some(d) => {
                            v.push(d);
                            true
                        }
                        None => false,
                    },
                    (Data::DateTime(v, leap), n) => match stata_ms(n, *leap) {
                        Some(ms) => {
                            v.push(ms);
                            true
                        }
                        None => false,
                    },
                    _ => false,
                };
                if ok {
                    self.validity.push(true);
                    None
                } else {
                    self.push_missing(MissingReason::System);
                    Some("date/time value out of range read as missing".into())
                }
            }
        }
    }

    fn finish(self, name: &str, strls: &HashMap<(u32, u64), String>, ctx: &mut Ctx<'_>) -> Column {
        let data = match self.data {
            Data::Int(v) => ColumnData::Int(v),
            Data::Float(v) => ColumnData::Float(v),
            Data::Date(v) => ColumnData::Date(v),
            Data::DateTime(v, _) => ColumnData::DateTime(v),
            Data::Text(t) => ColumnData::Text(t),
            Data::StrL(refs) => {
                let mut validity = Validity::with_capacity(refs.len());
                let mut text = TextColumn::with_capacity(refs.len(), 16);
                let mut unresolved = 0usize;
                let mut first_unresolved = 0usize;
                for (i, key) in refs.iter().enumerate() {
                    if let Some(reason) = self.validity.reason(i) {
                        text.push("");
                        validity.push_missing(reason);
                        continue;
                    }
                    match strls.get(key).map(String::as_str) {
                        Some(s) if !s.is_empty() => {
                            text.push(s);
                            validity.push(true);
                        }
                        found => {
                            // (0, 0) is Stata's empty strL; anything else
                            // missing from <strls> is a damaged reference.
                            if found.is_none() && *key != (0, 0) {
                                if unresolved == 0 {
                                    first_unresolved = i;
                                }
                                unresolved += 1;
                            }
                            text.push("");
                            validity.push_missing(MissingReason::System);
                        }
                    }
                }
                if unresolved > 0 {
                    ctx.warn_column(
                        name,
                        (unresolved == 1).then_some(first_unresolved as u64 + 1),
                        format!(
                            "{unresolved} strL reference{} not found in the file, read as missing",
                            if unresolved == 1 { "" } else { "s" }
                        ),
                    );
                }
                return Column::new(name, ColumnData::Text(text), validity);
            }
        };
        Column::new(name, data, self.validity)
    }
}

/// A Stata day count (`%td`) as days since 1970-01-01.
fn stata_days(n: Num) -> Option<i32> {
    let days = match n {
        Num::Int(i) => i,
        Num::Float(x) if x.is_finite() && x.abs() < 1e12 => x.floor() as i64,
        _ => return None,
    };
    i32::try_from(days.checked_add(STATA_EPOCH_DAYS)?).ok()
}

/// A Stata `%tc`/`%tC` value as milliseconds since 1970-01-01.
fn stata_ms(n: Num, leap: bool) -> Option<i64> {
    let ms = match n {
        Num::Int(i) => i,
        Num::Float(x) if x.is_finite() && x.abs() < 9.0e18 => x.round() as i64,
        _ => return None,
    };
    let ms = if leap {
        ms - leap_seconds_before(ms) * 1000
    } else {
        ms
    };
    ms.checked_add(STATA_EPOCH_MS)
}

/// Civil days (since 1960-01-01) after whose end a leap second was inserted.
/// Source: IERS Bulletin C; the same table Stata uses for `%tC`.
const LEAP_DAYS_1960: [i64; 27] = [
    4564,  // 1972-06-30
    4748,  // 1972-12-31
    5113,  // 1973-12-31
    5478,  // 1974-12-31
    5843,  // 1975-12-31
    6209,  // 1976-12-31
    6574,  // 1977-12-31
    6939,  // 1978-12-31
    7304,  // 1979-12-31
    7851,  // 1981-06-30
    8216,  // 1982-06-30
    8581,  // 1983-06-30
    9312,  // 1985-06-30
    10226, // 1987-12-31
    10957, // 1989-12-31
    11322, // 1990-12-31
    11869, // 1992-06-30
    12234, // 1993-06-30
    12599, // 1994-06-30
    13148, // 1995-12-31
    13695, // 1997-06-30
    14244, // 1998-12-31
    16800, // 2005-12-31
    17896, // 2008-12-31
    19173, // 2012-06-30
    20269, // 2015-06-30
    20819, // 2016-12-31
];

/// How many leap seconds a `%tC` instant (ms since 1960, leap seconds
/// counted) includes. The leap second itself maps to the last civil second
/// of its day.
fn leap_seconds_before(tc_ms: i64) -> i64 {
    let mut k = 0;
    for (i, day) in LEAP_DAYS_1960.iter().enumerate() {
        // The leap second starts at civil midnight after `day`, which on the
        // %tC scale is shifted by the i leap seconds inserted before it.
        let start = (day + 1) * 86_400_000 + i as i64 * 1000;
        if tc_ms >= start {
            k = i as i64 + 1;
        } else {
            break;
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusterdx_data::{days_from_civil, format_datetime};

    #[test]
    fn utf8_fallback_warning_keeps_the_column_out_of_the_message() {
        let path = Path::new("w.dta");
        let e = IngestError::new(
            path,
            ErrorKind::Encoding {
                message: "string is not valid UTF-8".into(),
            },
        )
        .at_record(3, None)
        .in_column("resp_name");
        let w = utf8_fallback_warning(path, &e);
        assert_eq!(w.record, Some(3));
        assert_eq!(w.column.as_deref(), Some("resp_name"));
        assert!(!w.message.contains("resp_name"), "{}", w.message);
        assert!(!w.message.contains("w.dta"), "{}", w.message);
        assert_eq!(
            w.to_string(),
            "w.dta, record 3, column `resp_name`: release 117 file whose text is not UTF-8 \
             (string is not valid UTF-8); read as Windows-1252 instead"
        );
    }

    #[test]
    fn classifies_formats() {
        assert_eq!(temporal("%td"), Some(Temporal::Date));
        assert_eq!(temporal("%-tdCCYY-NN-DD"), Some(Temporal::Date));
        assert_eq!(temporal("%d"), Some(Temporal::Date));
        assert_eq!(temporal("%tc"), Some(Temporal::DateTime));
        assert_eq!(
            temporal("%tCDDmonCCYY_HH:MM:SS"),
            Some(Temporal::DateTimeLeap)
        );
        assert_eq!(temporal("%tm"), None);
        assert_eq!(temporal("%10.0g"), None);
        assert_eq!(temporal("%-9s"), None);
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(stata_days(Num::Int(0)), Some(days_from_civil(1960, 1, 1)));
        assert_eq!(
            stata_days(Num::Float(21621.0)),
            Some(days_from_civil(2019, 3, 13))
        );
        assert_eq!(stata_days(Num::Float(f64::INFINITY)), None);
        assert_eq!(stata_days(Num::Int(i64::MAX)), None);
        let ms = stata_ms(Num::Float(0.0), false).unwrap();
        assert_eq!(format_datetime(ms), "1960-01-01T00:00:00");
        // 2020-01-01 00:00:00 on the %tC scale includes all 27 leap seconds.
        let civil = (i64::from(days_from_civil(2020, 1, 1)) - STATA_EPOCH_DAYS) * 86_400_000;
        let ms = stata_ms(Num::Int(civil + 27_000), true).unwrap();
        assert_eq!(format_datetime(ms), "2020-01-01T00:00:00");
        // Before the first leap second nothing changes.
        let civil = (i64::from(days_from_civil(1970, 1, 1)) - STATA_EPOCH_DAYS) * 86_400_000;
        assert_eq!(
            format_datetime(stata_ms(Num::Int(civil), true).unwrap()),
            "1970-01-01T00:00:00"
        );
    }

    #[test]
    fn leap_table_matches_calendar() {
        let days: Vec<i64> = [
            (1972, 6, 30),
            (1972, 12, 31),
            (1998, 12, 31),
            (2016, 12, 31),
        ]
        .iter()
        .map(|&(y, m, d)| i64::from(days_from_civil(y, m, d)) - STATA_EPOCH_DAYS)
        .collect();
        assert_eq!(
            days,
            [
                LEAP_DAYS_1960[0],
                LEAP_DAYS_1960[1],
                LEAP_DAYS_1960[21],
                LEAP_DAYS_1960[26]
            ]
        );
    }

    #[test]
    fn widens_floats_as_displayed() {
        assert_eq!(widen_f32(34.6727_f32), 34.6727);
        assert_eq!(widen_f32(0.1_f32), 0.1);
        assert_eq!(widen_f32(-3.0_f32), -3.0);
    }

    #[test]
    fn missing_letters() {
        assert_eq!(missing_reason(MissingValue::System), MissingReason::System);
        assert_eq!(
            missing_reason(MissingValue::A),
            MissingReason::Extended { letter: 'a' }
        );
        assert_eq!(
            missing_reason(MissingValue::Z),
            MissingReason::Extended { letter: 'z' }
        );
    }
}
