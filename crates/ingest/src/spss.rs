//! SPSS system files (`.sav`, and `.zsav` with zlib compression), read
//! through the [`ambers`] crate.
//!
//! Format reference: the PSPP developers' guide, "System File Format"
//! (<https://www.gnu.org/software/pspp/pspp-dev/html_node/System-File-Format.html>),
//! which documents the header, the variable, value-label and extension
//! records, the bytecode and zlib compression schemes and the data layout.
//!
//! # Mapping
//!
//! | SPSS                                              | clusterdx                         |
//! |---------------------------------------------------|-----------------------------------|
//! | numeric (`F`, `COMMA`, `DOLLAR`, `PCT`, …)        | [`ColumnData::Float`]             |
//! | string (`A`, `AHEX`)                              | [`ColumnData::Text`]              |
//! | `DATE`, `ADATE`, `EDATE`, `SDATE`, `JDATE`, `MOYR`, `QYR`, `WKYR` | [`ColumnData::Date`] |
//! | `DATETIME`, `YMDHMS`                              | [`ColumnData::DateTime`]          |
//! | `TIME`, `DTIME`, `MTIME` (durations)              | [`ColumnData::Float`], in seconds |
//! | system missing (sysmis)                           | [`MissingReason::System`]         |
//! | user-missing value or range (incl. `LO`/`HI`)     | [`MissingReason::UserCode`]       |
//! | empty string                                      | [`MissingReason::System`]         |
//!
//! * Numbers are always [`ColumnData::Float`]: SPSS stores every number as
//!   a double, and a format such as `F8.0` does not promise integral data.
//! * SPSS counts time in seconds from 1582-10-14 (the Gregorian calendar's
//!   first day); dates become days and date-times milliseconds since
//!   1970-01-01 (a date's time of day, if any, is dropped).
//! * Strings lose their trailing blanks (SPSS pads them to the variable
//!   width); an empty string is missing, as for Stata.
//! * **User-missing values** declared on a variable (up to three discrete
//!   values, or a range plus one value; `LO`/`HI` bounds included) mark the
//!   row missing with [`MissingReason::UserCode`] whose `raw` is the code as
//!   read ([`code_key`]: `98`, `99`, or the string value). The slot keeps
//!   the raw value, but [`Column::get`] reports it as missing.
//! * Variable labels become [`Column::label`], print formats (`F8.2`, `A10`,
//!   `DATE11`) [`Column::format`], value labels [`Column::value_labels`]
//!   (unnamed: SPSS label sets have no names), the file label
//!   [`Dataset::label`]. Column names are the long variable names.
//!
//! # What the wrapper adds to `ambers`
//!
//! `ambers` 0.4 returns Arrow arrays and leaves user-missing values in the
//! data; this module reads the arrays by their Arrow data types (through
//! `arrow-array`, at the version `ambers` uses), applies the missing-value
//! declarations and builds the columns. It also checks what `ambers` only
//! reports as a warning: when the header declares a case count and the data
//! ends before it, the file is truncated and reading fails, naming the first
//! record that is missing. `ambers` reads numeric data as little-endian whatever
//! the file's byte order, so big-endian files are refused with a clear
//! error rather than read wrongly. Its other findings (damaged header
//! fields, out-of-range dates set to missing) become [`Warning`]s.
//!
//! # Limitations
//!
//! A truncated file whose header does not state the case count (`-1`, which
//! SPSS allows) cannot be told from a complete one: a partial last record is
//! dropped silently, as SPSS does.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, DurationMicrosecondType, Float64Type, TimestampMicrosecondType,
};
use arrow_schema::{DataType, TimeUnit};
use clusterdx_data::{
    Column, ColumnData, Dataset, DatasetError, MissingReason, TextColumn, Validity, ValueLabels,
    code_key,
};

use crate::common::{dataset_name, describe_start};
use crate::{ErrorKind, IngestError, Ingested, Position, ReadOptions, Warning};

/// What every malformed-file error says was expected.
const EXPECTED: &str = "an SPSS system file (.sav or .zsav)";

/// Seconds from the SPSS epoch (1582-10-14) to 1970-01-01.
const SPSS_EPOCH_SECONDS: f64 = 12_219_379_200.0;

/// Rows per batch asked of `ambers`: bounds the Arrow copy held at once.
const BATCH_ROWS: usize = 65_536;

/// Reads an SPSS `.sav` or `.zsav` file.
///
/// # Errors
/// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::Malformed`]
/// when it is not an SPSS system file, when its dictionary is damaged, when
/// its data ends before the case count the header declares (with the first
/// missing record), or when it is a big-endian file;
/// [`ErrorKind::DuplicateColumn`] when two variables share a name.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let mut file = File::open(path).map_err(|e| IngestError::io(path, &e))?;
    check_header(path, &mut file)?;
    check_structure(path, BufReader::new(file))?;
    let file = File::open(path).map_err(|e| IngestError::io(path, &e))?;
    let mut scanner = guard(path, || {
        ambers::scan_sav_from_reader(BufReader::new(file), BATCH_ROWS)
    })?
    .map_err(|e| convert_error(path, &e))?;

    let meta = scanner.metadata().clone();
    let names = &meta.variable_names;
    // The schema lists the variables in dictionary order, as `names` does.
    let schema = scanner.schema();
    let mut builders: Vec<Builder> = (0..names.len())
        .map(|i| Builder::new(schema.fields().get(i).map(|field| field.data_type())))
        .collect();

    let mut rows: usize = 0;
    loop {
        let next =
            guard(path, || scanner.next_batch()).map_err(|e| e.at_record(rows as u64 + 1, None))?;
        let batch = match next {
            Ok(Some(batch)) => batch,
            Ok(None) => break,
            Err(e) => return Err(convert_error(path, &e).at_record(rows as u64 + 1, None)),
        };
        if batch.num_columns() != builders.len() {
            return Err(IngestError::malformed(
                path,
                EXPECTED,
                format!(
                    "{} data columns for {} variables",
                    batch.num_columns(),
                    builders.len()
                ),
            ));
        }
        let n = batch.num_rows();
        for (i, builder) in builders.iter_mut().enumerate() {
            builder
                .append(batch.column(i).as_ref(), n)
                .map_err(|found| {
                    IngestError::malformed(path, EXPECTED, found).in_column(names[i].as_str())
                })?;
        }
        rows += n;
    }

    let mut warnings: Vec<Warning> = Vec::new();
    let declared = meta.number_rows.and_then(|n| usize::try_from(n).ok());
    match declared {
        Some(declared) if rows < declared => {
            return Err(IngestError::malformed(
                path,
                EXPECTED,
                format!(
                    "the end of the data after {rows} of the {declared} records the header declares (truncated file?)"
                ),
            )
            .at_record(rows as u64 + 1, None));
        }
        Some(declared) if rows > declared => warnings.push(Warning::new(
            path,
            format!(
                "the header declares {declared} records but the file holds {rows}; all {rows} were read"
            ),
        )),
        _ => {}
    }
    for message in &scanner.metadata().warnings {
        // The case-count finding ("header declares N rows but M rows were
        // read") is handled above.
        if !(message.starts_with("header declares") && message.ends_with("rows were read")) {
            warnings.push(library_warning(path, message, names));
        }
    }

    let mut columns = Vec::with_capacity(builders.len());
    for (name, builder) in names.iter().zip(builders) {
        let mut column = builder.finish(name);
        if let Some(specs) = meta.variable_missing_values.get(name) {
            apply_user_missing(&mut column, specs);
        }
        column.label = meta
            .variable_labels
            .get(name)
            .filter(|l| !l.is_empty())
            .cloned();
        column.format = meta
            .variable_formats
            .get(name)
            .filter(|f| !f.is_empty())
            .cloned();
        if let Some(map) = meta.variable_value_labels.get(name) {
            let mut labels = ValueLabels::new();
            for (value, label) in map {
                match value {
                    ambers::Value::Numeric(x) => labels.insert_num(*x, label.as_str()),
                    ambers::Value::String(s) => {
                        labels.insert(s.trim_end_matches([' ', '\0']), label.as_str())
                    }
                }
            }
            if !labels.is_empty() {
                column.value_labels = Some(labels);
            }
        }
        columns.push(column);
    }

    let mut dataset = Dataset::new(dataset_name(path, options), columns).map_err(|e| match e {
        DatasetError::DuplicateColumn { name } => {
            IngestError::new(path, ErrorKind::DuplicateColumn { name })
        }
        other => IngestError::malformed(path, EXPECTED, other.to_string()),
    })?;
    let label = meta.file_label.trim_end();
    dataset.label = (!label.is_empty()).then(|| label.to_string());
    Ok(Ingested {
        dataset,
        children: Vec::new(),
        warnings,
    })
}

/// Checks the magic number and the byte order before `ambers` reads the file.
fn check_header(path: &Path, file: &mut File) -> Result<(), IngestError> {
    let mut head = Vec::with_capacity(68);
    file.take(68)
        .read_to_end(&mut head)
        .map_err(|e| IngestError::io(path, &e))?;
    let at = |byte: u64| Position {
        byte: Some(byte),
        ..Position::default()
    };
    if head.is_empty() {
        return Err(IngestError::malformed(path, EXPECTED, "an empty file").at(at(0)));
    }
    let magic = &head[..head.len().min(4)];
    if magic != b"$FL2" && magic != b"$FL3" {
        return Err(IngestError::malformed(
            path,
            EXPECTED,
            format!(
                "{} instead of the `$FL2`/`$FL3` signature",
                describe_start(&head)
            ),
        )
        .at(at(0)));
    }
    let Some(layout) = head.get(64..68).and_then(|b| <[u8; 4]>::try_from(b).ok()) else {
        return Err(IngestError::malformed(
            path,
            EXPECTED,
            format!(
                "the end of the file (byte {}) inside the header (truncated file?)",
                head.len()
            ),
        )
        .at(at(head.len() as u64)));
    };
    let le = i32::from_le_bytes(layout);
    let be = i32::from_be_bytes(layout);
    if !matches!(le, 2 | 3) && matches!(be, 2 | 3) {
        return Err(IngestError::malformed(
            path,
            "a little-endian SPSS system file",
            "a big-endian file, whose data the SPSS reader (ambers 0.4) cannot decode; re-save it with SPSS or PSPP on a current machine",
        )
        .at(at(64)));
    }
    Ok(())
}

/// Runs a call into `ambers`, turning a panic into an error.
///
/// Last resort: fuzzing found `ambers` 0.4 panicking on some damaged
/// dictionaries (an overflowing size in an extension record, a negative
/// zlib block size). [`check_structure`] rejects those before `ambers` sees
/// them; this guard catches whatever else may remain. The default panic hook
/// still prints the panic message to stderr if it ever fires.
fn guard<T>(path: &Path, f: impl FnOnce() -> T) -> Result<T, IngestError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        IngestError::malformed(
            path,
            EXPECTED,
            format!("content the SPSS reader cannot decode (it failed with: {detail})"),
        )
    })
}

/// Upper bound on one zlib block of a `.zsav` file once inflated. SPSS and
/// PSPP write 0x3FF000-byte blocks; the bound only stops a damaged size from
/// turning into a huge allocation.
const MAX_ZLIB_BLOCK: i64 = 64 << 20;

/// A little-endian reader that knows the file length and its position.
struct Walk {
    inner: BufReader<File>,
    pos: u64,
    len: u64,
}

impl Walk {
    fn i32(&mut self) -> Option<i32> {
        let mut b = [0u8; 4];
        self.inner.read_exact(&mut b).ok()?;
        self.pos += 4;
        Some(i32::from_le_bytes(b))
    }

    fn i64(&mut self) -> Option<i64> {
        let mut b = [0u8; 8];
        self.inner.read_exact(&mut b).ok()?;
        self.pos += 8;
        Some(i64::from_le_bytes(b))
    }

    /// Skips `n` bytes; `None` when they run past the end of the file.
    fn skip(&mut self, n: u64) -> Option<()> {
        let to = self.pos.checked_add(n).filter(|to| *to <= self.len)?;
        // Relative seeks keep the buffer, so small skips cost no system call.
        self.inner.seek_relative(i64::try_from(n).ok()?).ok()?;
        self.pos = to;
        Some(())
    }

    fn seek(&mut self, to: u64) -> Option<()> {
        self.inner.seek(SeekFrom::Start(to)).ok()?;
        self.pos = to;
        Some(())
    }

    fn remaining(&self) -> u64 {
        self.len.saturating_sub(self.pos)
    }
}

/// Walks the dictionary records (PSPP "System File Format": variable,
/// value-label, document and extension records up to the type 999
/// terminator) and, for `.zsav`, the zlib trailer, rejecting negative or
/// oversized counts and lengths before `ambers` acts on them. Anything else
/// it does not understand is left for `ambers` to report.
fn check_structure(path: &Path, mut reader: BufReader<File>) -> Result<(), IngestError> {
    let Ok(len) = reader.seek(SeekFrom::End(0)) else {
        return Ok(());
    };
    let mut w = Walk {
        inner: reader,
        pos: 0,
        len,
    };
    let bad = |what: String, at: u64| {
        IngestError::malformed(path, EXPECTED, format!("{what} (damaged file)")).at(Position {
            byte: Some(at),
            ..Position::default()
        })
    };
    // Header: compression code at byte 72; the dictionary starts at 176.
    let compression = (|| {
        w.seek(72)?;
        let c = w.i32()?;
        w.seek(176)?;
        Some(c)
    })();
    let Some(compression) = compression else {
        return Ok(());
    };
    loop {
        let at = w.pos;
        let Some(record) = w.i32() else { return Ok(()) };
        let fits = |n: i64, w: &Walk| n >= 0 && (n as u64) <= w.remaining();
        match record {
            2 => {
                let Some([_, has_label, n_missing, _, _]) =
                    (|| Some([w.i32()?, w.i32()?, w.i32()?, w.i32()?, w.i32()?]))()
                else {
                    return Ok(());
                };
                if w.skip(8).is_none() {
                    return Ok(());
                }
                if has_label == 1 {
                    let Some(label_len) = w.i32() else {
                        return Ok(());
                    };
                    let padded = i64::from(label_len).saturating_add(3) / 4 * 4;
                    // A negative length wraps to a huge one inside ambers.
                    if label_len < 0 || !fits(padded, &w) {
                        return Err(bad(
                            format!(
                                "a variable label of {label_len} bytes in the variable record at byte {at}"
                            ),
                            at,
                        ));
                    }
                    w.skip(padded as u64);
                }
                if !(-3..=3).contains(&n_missing)
                    || w.skip(u64::from(n_missing.unsigned_abs()) * 8).is_none()
                {
                    return Ok(());
                }
            }
            3 => {
                let Some(count) = w.i32() else { return Ok(()) };
                if !fits(i64::from(count).saturating_mul(16), &w) {
                    return Err(bad(
                        format!("{count} value labels in the value-label record at byte {at}"),
                        at,
                    ));
                }
                for _ in 0..count {
                    if w.skip(8).is_none() {
                        return Ok(());
                    }
                    let mut n = [0u8; 1];
                    if w.inner.read_exact(&mut n).is_err() {
                        return Ok(());
                    }
                    w.pos += 1;
                    let padded = (u64::from(n[0]) + 1).div_ceil(8) * 8 - 1;
                    if w.skip(padded).is_none() {
                        return Ok(());
                    }
                }
            }
            4 => {
                let Some(count) = w.i32() else { return Ok(()) };
                if !fits(i64::from(count).saturating_mul(4), &w) {
                    return Err(bad(
                        format!(
                            "{count} variables in the value-label variables record at byte {at}"
                        ),
                        at,
                    ));
                }
                w.skip(count as u64 * 4);
            }
            6 => {
                let Some(lines) = w.i32() else { return Ok(()) };
                if !fits(i64::from(lines).saturating_mul(80), &w) {
                    return Err(bad(
                        format!("{lines} document lines in the record at byte {at}"),
                        at,
                    ));
                }
                w.skip(lines as u64 * 80);
            }
            7 => {
                let Some([subtype, size, count]) = (|| Some([w.i32()?, w.i32()?, w.i32()?]))()
                else {
                    return Ok(());
                };
                if size < 0 || count < 0 || !fits(i64::from(size) * i64::from(count), &w) {
                    return Err(bad(
                        format!(
                            "an extension record (subtype {subtype}) of {count} elements of {size} bytes at byte {at}"
                        ),
                        at,
                    ));
                }
                w.skip(size as u64 * count as u64);
            }
            999 => {
                if w.i32().is_none() {
                    return Ok(());
                }
                break;
            }
            _ => return Ok(()),
        }
    }
    if compression != 2 {
        return Ok(());
    }
    // zlib: the header after the dictionary points to the trailer, whose
    // entries locate and size each block.
    let zheader_at = w.pos;
    let Some([_, trailer_at, _]) = (|| Some([w.i64()?, w.i64()?, w.i64()?]))() else {
        return Ok(());
    };
    if trailer_at < 0
        || (trailer_at as u64).saturating_add(24) > len
        || w.seek(trailer_at as u64).is_none()
    {
        return Err(bad(
            format!(
                "a zlib trailer offset of {trailer_at} in the zlib header at byte {zheader_at}"
            ),
            zheader_at,
        ));
    }
    let Some([_, _]) = (|| Some([w.i64()?, w.i64()?]))() else {
        return Ok(());
    };
    let Some([_, n_blocks]) = (|| Some([w.i32()?, w.i32()?]))() else {
        return Ok(());
    };
    if !fits_blocks(n_blocks, w.remaining()) {
        return Err(bad(
            format!("{n_blocks} zlib blocks in the trailer at byte {trailer_at}"),
            trailer_at as u64,
        ));
    }
    for block in 0..n_blocks {
        let entry_at = w.pos;
        let Some([_, offset]) = (|| Some([w.i64()?, w.i64()?]))() else {
            return Ok(());
        };
        let Some([inflated, size]) = (|| Some([w.i32()?, w.i32()?]))() else {
            return Ok(());
        };
        let inside = offset >= 0 && size >= 0 && (offset as u64).saturating_add(size as u64) <= len;
        if !inside || !(0..=MAX_ZLIB_BLOCK).contains(&i64::from(inflated)) {
            return Err(bad(
                format!(
                    "zlib block {} declared at byte {offset} with {size} compressed and {inflated} inflated bytes (trailer entry at byte {entry_at})",
                    block + 1
                ),
                entry_at,
            ));
        }
    }
    Ok(())
}

/// A warning of the `ambers` library, which may quote a variable's (short)
/// name as `"NAME"` in the message: the name is taken out of the message and
/// put in [`Warning::column`] when it is one of `columns` (compared ignoring
/// case, as SPSS does), else left out, so that no column name reaches the
/// message.
fn library_warning(path: &Path, message: &str, columns: &[String]) -> Warning {
    let Some((start, end, quoted)) = quoted_name(message) else {
        return Warning::new(path, message);
    };
    let column = columns
        .iter()
        .find(|c| c.eq_ignore_ascii_case(&quoted))
        .cloned();
    let (before, after) = (&message[..start], &message[end..]);
    let text = if let (Some(b), Some(a)) = (before.strip_suffix(" ("), after.strip_prefix(')')) {
        // `variable record 3 ("NAME") declares …`
        format!("{b}{a}")
    } else {
        let what = if column.is_some() {
            "this variable"
        } else {
            "a variable"
        };
        format!("{before}{what}{after}")
    };
    let w = Warning::new(path, text);
    match column {
        Some(c) => w.with_column(c),
        None => w,
    }
}

/// The first `"…"` (Rust debug quoting) in `message`: its byte range, quotes
/// included, and its unescaped content.
fn quoted_name(message: &str) -> Option<(usize, usize, String)> {
    let start = message.find('"')?;
    let mut name = String::new();
    let mut chars = message[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((start, start + 1 + i + 1, name)),
            '\\' => {
                let (_, e) = chars.next()?;
                name.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    other => other,
                });
            }
            c => name.push(c),
        }
    }
    None
}

fn fits_blocks(n_blocks: i32, remaining: u64) -> bool {
    n_blocks >= 0 && (n_blocks as u64) * 24 <= remaining
}

fn convert_error(path: &Path, e: &ambers::error::SpssError) -> IngestError {
    use ambers::error::SpssError as E;
    let found = match e {
        E::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the end of the file inside the dictionary or data (truncated file?)".to_string()
        }
        E::Io(io) => return IngestError::io(path, io),
        E::TruncatedFile { expected, actual } => {
            format!(
                "the end of the data: {expected} bytes needed, {actual} present (truncated file?)"
            )
        }
        other => other.to_string(),
    };
    IngestError::malformed(path, EXPECTED, found)
}

/// What `ambers` produces for a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Date,
    DateTime,
    Duration,
    Text,
}

struct Builder {
    kind: Kind,
    data: ColumnData,
    validity: Validity,
}

impl Builder {
    /// A builder for the Arrow type `ambers` declares for the variable
    /// (`SavScanner::schema`).
    fn new(data_type: Option<&DataType>) -> Self {
        let kind = match data_type {
            Some(DataType::Date32) => Kind::Date,
            Some(DataType::Timestamp(..)) => Kind::DateTime,
            Some(DataType::Duration(_)) => Kind::Duration,
            Some(DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8) => Kind::Text,
            _ => Kind::Number,
        };
        let data = match kind {
            Kind::Number | Kind::Duration => ColumnData::Float(Vec::new()),
            Kind::Date => ColumnData::Date(Vec::new()),
            Kind::DateTime => ColumnData::DateTime(Vec::new()),
            Kind::Text => ColumnData::Text(TextColumn::default()),
        };
        Self {
            kind,
            data,
            validity: Validity::new(),
        }
    }

    /// Appends the first `rows` rows of a batch's column; `Err` describes an
    /// Arrow layout this reader does not expect.
    fn append(&mut self, array: &dyn Array, rows: usize) -> Result<(), String> {
        let data_type = array.data_type();
        let expected = match self.kind {
            Kind::Number => *data_type == DataType::Float64,
            Kind::Date => *data_type == DataType::Date32,
            Kind::DateTime => matches!(data_type, DataType::Timestamp(TimeUnit::Microsecond, _)),
            Kind::Duration => *data_type == DataType::Duration(TimeUnit::Microsecond),
            Kind::Text => matches!(
                data_type,
                DataType::Utf8View | DataType::Utf8 | DataType::LargeUtf8
            ),
        };
        if !expected {
            return Err(format!(
                "a {data_type:?} column for a {:?} variable (unsupported layout from the SPSS reader)",
                self.kind
            ));
        }
        let bad = || {
            "a data buffer shorter than its row count (internal error in the SPSS reader)"
                .to_string()
        };
        if array.len() < rows {
            return Err(bad());
        }
        let validity = &mut self.validity;
        match (&mut self.data, data_type) {
            (ColumnData::Float(v), DataType::Duration(_)) => {
                let values = array
                    .as_primitive_opt::<DurationMicrosecondType>()
                    .ok_or_else(bad)?;
                let seconds = values.iter().map(|us| us.map(|us| us as f64 / 1e6));
                extend(v, validity, seconds.take(rows), f64::NAN);
            }
            (ColumnData::Float(v), _) => {
                let values = array.as_primitive_opt::<Float64Type>().ok_or_else(bad)?;
                extend(v, validity, values.iter().take(rows), f64::NAN);
            }
            (ColumnData::Date(v), _) => {
                let values = array.as_primitive_opt::<Date32Type>().ok_or_else(bad)?;
                extend(v, validity, values.iter().take(rows), 0);
            }
            (ColumnData::DateTime(v), _) => {
                let values = array
                    .as_primitive_opt::<TimestampMicrosecondType>()
                    .ok_or_else(bad)?;
                let millis = values
                    .iter()
                    .map(|us| us.map(|us| (us + 500).div_euclid(1000)));
                extend(v, validity, millis.take(rows), 0);
            }
            (ColumnData::Text(t), DataType::Utf8View) => {
                let values = array.as_string_view_opt().ok_or_else(bad)?;
                extend_text(t, validity, values.iter().take(rows));
            }
            (ColumnData::Text(t), DataType::Utf8) => {
                let values = array.as_string_opt::<i32>().ok_or_else(bad)?;
                extend_text(t, validity, values.iter().take(rows));
            }
            (ColumnData::Text(t), _) => {
                let values = array.as_string_opt::<i64>().ok_or_else(bad)?;
                extend_text(t, validity, values.iter().take(rows));
            }
            (ColumnData::Int(_) | ColumnData::Bool(_), _) => return Err(bad()),
        }
        Ok(())
    }

    fn finish(self, name: &str) -> Column {
        Column::new(name, self.data, self.validity)
    }
}

/// Appends values, a null becoming `missing` marked system-missing.
fn extend<T>(
    values: &mut Vec<T>,
    validity: &mut Validity,
    items: impl Iterator<Item = Option<T>>,
    missing: T,
) where
    T: Copy,
{
    for item in items {
        match item {
            Some(x) => {
                values.push(x);
                validity.push(true);
            }
            None => {
                values.push(missing);
                validity.push_missing(MissingReason::System);
            }
        }
    }
}

/// Appends strings; a null or an empty string is system-missing.
fn extend_text<'a>(
    text: &mut TextColumn,
    validity: &mut Validity,
    items: impl Iterator<Item = Option<&'a str>>,
) {
    for item in items {
        match item {
            Some(s) if !s.is_empty() => {
                text.push(s);
                validity.push(true);
            }
            _ => {
                text.push("");
                validity.push_missing(MissingReason::System);
            }
        }
    }
}

/// Marks the rows holding a declared user-missing value as missing, with the
/// raw code as the reason.
fn apply_user_missing(column: &mut Column, specs: &[ambers::MissingSpec]) {
    use ambers::MissingSpec;
    if specs.is_empty() {
        return;
    }
    let mut hits: Vec<(usize, String)> = Vec::new();
    match &column.data {
        ColumnData::Text(t) => {
            for (i, s) in t.iter().enumerate() {
                if !column.validity.is_valid(i) {
                    continue;
                }
                let hit = specs.iter().any(|spec| match spec {
                    MissingSpec::StringValue(m) => m.trim_end_matches([' ', '\0']) == s,
                    _ => false,
                });
                if hit {
                    hits.push((i, s.to_string()));
                }
            }
        }
        data => {
            // The value as SPSS stored it (seconds for dates and times).
            let raw = |i: usize| -> Option<f64> {
                match data {
                    ColumnData::Float(v) => v.get(i).copied(),
                    ColumnData::Date(v) => v
                        .get(i)
                        .map(|d| f64::from(*d) * 86_400.0 + SPSS_EPOCH_SECONDS),
                    ColumnData::DateTime(v) => {
                        v.get(i).map(|ms| *ms as f64 / 1000.0 + SPSS_EPOCH_SECONDS)
                    }
                    _ => None,
                }
            };
            for i in 0..column.len() {
                if !column.validity.is_valid(i) {
                    continue;
                }
                let Some(x) = raw(i) else { continue };
                let hit = specs.iter().any(|spec| match spec {
                    MissingSpec::Value(m) => x == *m,
                    MissingSpec::Range { lo, hi } => *lo <= x && x <= *hi,
                    MissingSpec::StringValue(_) => false,
                });
                if hit {
                    hits.push((i, code_key(x)));
                }
            }
        }
    }
    for (i, raw) in hits {
        column
            .validity
            .set_missing(i, MissingReason::UserCode { raw });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_warnings_keep_variable_names_out_of_the_message() {
        let path = Path::new("f.sav");
        let columns = ["respname".to_string(), "age".to_string()];
        let w = library_warning(
            path,
            "variable record 4 (\"RESPNAME\") declares type -257; treated as a continuation slot",
            &columns,
        );
        assert_eq!(
            w.message,
            "variable record 4 declares type -257; treated as a continuation slot"
        );
        assert_eq!(w.column.as_deref(), Some("respname"));
        assert_eq!(w.record, None);

        let w = library_warning(
            path,
            "very long string record declares width 9 for \"AGE\"; ignored (valid range 256-32767)",
            &columns,
        );
        assert_eq!(
            w.message,
            "very long string record declares width 9 for this variable; ignored (valid range 256-32767)"
        );
        assert_eq!(w.column.as_deref(), Some("age"));

        // A name that is no column (a continuation slot) is left out entirely.
        let w = library_warning(
            path,
            "very long string record declares width 9 for \"SECRET\\\"X\"; ignored",
            &columns,
        );
        assert_eq!(
            w.message,
            "very long string record declares width 9 for a variable; ignored"
        );
        assert_eq!(w.column, None);

        let plain = "zsav trailer declares a compression bias of 7 instead of the standard 100";
        let w = library_warning(path, plain, &columns);
        assert_eq!(w, Warning::new(path, plain));
    }

    #[test]
    fn user_missing_values_and_ranges() {
        let mut c = Column::float("w", [Some(98.0), Some(5.0), Some(99.0), None, Some(-7.0)]);
        apply_user_missing(
            &mut c,
            &[
                ambers::MissingSpec::Value(98.0),
                ambers::MissingSpec::Range {
                    lo: f64::MIN,
                    hi: -1.0,
                },
            ],
        );
        assert_eq!(
            c.validity.reason(0),
            Some(MissingReason::UserCode { raw: "98".into() })
        );
        assert_eq!(c.validity.reason(1), None);
        assert_eq!(c.validity.reason(2), None);
        assert_eq!(c.validity.reason(3), Some(MissingReason::System));
        assert_eq!(
            c.validity.reason(4),
            Some(MissingReason::UserCode { raw: "-7".into() })
        );
    }

    #[test]
    fn string_user_missing() {
        let mut c = Column::text("s", [Some("NA"), Some("ok"), None]);
        apply_user_missing(
            &mut c,
            &[ambers::MissingSpec::StringValue("NA      ".into())],
        );
        assert_eq!(
            c.validity.reason(0),
            Some(MissingReason::UserCode { raw: "NA".into() })
        );
        assert_eq!(c.validity.reason(1), None);
    }

    #[test]
    fn typed_arrays() {
        use std::sync::Arc;

        use arrow_array::{
            ArrayRef, Date32Array, DurationMicrosecondArray, Float64Array, LargeStringArray,
            StringArray, StringViewArray, TimestampMicrosecondArray,
        };

        let column = |data_type: DataType, array: ArrayRef| {
            let mut builder = Builder::new(Some(&data_type));
            builder.append(array.as_ref(), array.len()).unwrap();
            builder.finish("c")
        };

        let c = column(
            DataType::Float64,
            Arc::new(Float64Array::from(vec![Some(1.5), None])),
        );
        assert_eq!(c.f64_at(0), Some(1.5));
        assert_eq!(c.validity.reason(1), Some(MissingReason::System));

        let c = column(
            DataType::Date32,
            Arc::new(Date32Array::from(vec![Some(-3), None])),
        );
        assert!(matches!(&c.data, ColumnData::Date(v) if v == &[-3, 0]));
        assert_eq!(c.validity.reason(1), Some(MissingReason::System));

        let c = column(
            DataType::Timestamp(TimeUnit::Microsecond, None),
            Arc::new(TimestampMicrosecondArray::from(vec![Some(-1_500), None])),
        );
        // Nearest millisecond, halves up.
        assert!(matches!(&c.data, ColumnData::DateTime(v) if v == &[-1, 0]));

        let c = column(
            DataType::Duration(TimeUnit::Microsecond),
            Arc::new(DurationMicrosecondArray::from(vec![Some(90_500_000)])),
        );
        assert_eq!(c.f64_at(0), Some(90.5));

        // Utf8View keeps short strings inline and longer ones in a buffer.
        let text: [(DataType, ArrayRef); 3] = [
            (
                DataType::Utf8View,
                Arc::new(StringViewArray::from(vec![
                    Some("short"),
                    Some("a string over twelve bytes"),
                    Some(""),
                    None,
                ])),
            ),
            (
                DataType::Utf8,
                Arc::new(StringArray::from(vec![
                    Some("short"),
                    Some("a string over twelve bytes"),
                    Some(""),
                    None,
                ])),
            ),
            (
                DataType::LargeUtf8,
                Arc::new(LargeStringArray::from(vec![
                    Some("short"),
                    Some("a string over twelve bytes"),
                    Some(""),
                    None,
                ])),
            ),
        ];
        for (data_type, array) in text {
            let c = column(data_type.clone(), array);
            assert_eq!(
                c.get(0),
                clusterdx_data::Value::Text("short"),
                "{data_type}"
            );
            assert_eq!(
                c.get(1),
                clusterdx_data::Value::Text("a string over twelve bytes")
            );
            assert_eq!(c.validity.reason(2), Some(MissingReason::System));
            assert_eq!(c.validity.reason(3), Some(MissingReason::System));
        }
    }

    #[test]
    fn unexpected_layout() {
        let mut builder = Builder::new(Some(&DataType::Date32));
        let array = arrow_array::Float64Array::from(vec![1.0]);
        assert_eq!(
            builder.append(&array, 1),
            Err(
                "a Float64 column for a Date variable (unsupported layout from the SPSS reader)"
                    .to_string()
            )
        );
        let mut builder = Builder::new(Some(&DataType::Float64));
        assert_eq!(
            builder.append(&array, 2),
            Err(
                "a data buffer shorter than its row count (internal error in the SPSS reader)"
                    .to_string()
            )
        );
    }
}
