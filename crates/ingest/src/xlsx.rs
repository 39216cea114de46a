//! Excel 2007+ workbooks (`.xlsx`, `.xlsm`), read with [`calamine`].
//!
//! One sheet becomes one dataset: the header row (row 1 unless
//! [`ReadOptions::header_row`] says otherwise; rows above it are skipped)
//! names the columns, and every later row down to the last one holding a
//! value is a record: a blank row inside the data is a record whose values
//! are all missing, so record `n` (1-based, the number errors and warnings
//! give) is always sheet row `header_row + n`. Blank rows after the last
//! value are not records.
//!
//! Column typing follows the cells Excel stores:
//!
//! - numbers → integer when every value is integral and its number format
//!   shows a whole number (`General`, `0`, `#,##0`; not `0.00` or `0%`),
//!   else float;
//! - dates and datetimes (number cells with a date format) → date when no
//!   value has a time of day, else datetime;
//! - booleans → boolean;
//! - text → typed like CSV text by [`crate::infer`], so a column of numbers
//!   stored as text is still numeric;
//! - a mix of kinds (numbers and text, say) → every cell is turned into text
//!   (numbers in their canonical form, [`clusterdx_data::code_key`]) and
//!   typed by [`crate::infer`]: text unless every cell reads as one type.
//!
//! Empty cells are missing; so are cells whose text (or a number's canonical
//! text) is one of [`ReadOptions::na_values`], recorded as
//! [`MissingReason::UserCode`]. Excel error cells (`#N/A`, `#DIV/0!`…) are
//! missing with [`MissingReason::UserCode`] holding the error text, and each
//! column holding some gets a [`Warning`].

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use calamine::{DataRef, Reader, SheetType, Xlsx, XlsxError};
use clusterdx_data::{
    Column, Dataset, MissingReason, code_key, days_from_civil, format_date, format_datetime,
};

use crate::infer::{column_from_cells, parse_date, parse_datetime};
use crate::{ErrorKind, IngestError, Ingested, ReadOptions, SheetRef, Warning};

/// Rows in an Excel worksheet.
const MAX_ROWS: u32 = 1_048_576;
/// Columns in an Excel worksheet.
const MAX_COLS: u32 = 16_384;
const MS_PER_DAY: i64 = 86_400_000;
/// Largest magnitude below which every integer is exactly a double.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;
/// Cell references listed in a warning before "…".
const LISTED: usize = 3;

/// An open workbook.
pub struct Workbook {
    path: PathBuf,
    inner: Xlsx<BufReader<File>>,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("path", &self.path)
            .field("sheets", &self.sheet_names())
            .finish()
    }
}

impl Workbook {
    /// Opens a workbook and reads its sheet list.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::Empty`]
    /// for an empty file; [`ErrorKind::Malformed`] when it is not a zip
    /// archive (a legacy `.xls` or password-protected workbook, a truncated
    /// download) or its workbook parts are damaged.
    pub fn open(path: &Path) -> Result<Self, IngestError> {
        let mut file = File::open(path).map_err(|e| IngestError::io(path, &e))?;
        let mut magic = Vec::with_capacity(8);
        (&mut file)
            .take(8)
            .read_to_end(&mut magic)
            .map_err(|e| IngestError::io(path, &e))?;
        const EXPECTED: &str = "an Excel 2007+ workbook (.xlsx, a zip archive)";
        if magic.is_empty() {
            return Err(IngestError::new(path, ErrorKind::Empty));
        }
        if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(IngestError::malformed(
                path,
                EXPECTED,
                "an OLE2 compound file: a legacy .xls workbook or a password-protected .xlsx \
                 (save it from Excel as an unprotected .xlsx)",
            ));
        }
        if !magic.starts_with(b"PK") {
            return Err(IngestError::malformed(
                path,
                EXPECTED,
                "a file that is not a zip archive (it does not start with `PK`)",
            ));
        }
        file.seek(SeekFrom::Start(0))
            .map_err(|e| IngestError::io(path, &e))?;
        let inner = Xlsx::new(BufReader::new(file)).map_err(|e| xlsx_error(path, e))?;
        Ok(Self {
            path: path.to_path_buf(),
            inner,
        })
    }

    /// The workbook's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// All sheet names (worksheets and chart sheets), in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.inner.sheet_names()
    }

    /// The names of the sheets that hold cells (not chart or dialog
    /// sheets), in workbook order.
    pub fn worksheet_names(&self) -> Vec<String> {
        self.inner
            .sheets_metadata()
            .iter()
            .filter(|s| matches!(s.typ, SheetType::WorkSheet | SheetType::MacroSheet))
            .map(|s| s.name.clone())
            .collect()
    }

    /// The name of the sheet `sheet` designates: by exact name, else by name
    /// ignoring case and surrounding spaces (Excel itself does not allow two
    /// sheets differing only in case), else by 0-based index. `None` is the
    /// first worksheet.
    ///
    /// # Errors
    /// [`ErrorKind::NoSuchSheet`] listing the sheets there are;
    /// [`ErrorKind::Empty`] when the workbook has no sheet at all.
    pub fn resolve(&self, sheet: Option<&SheetRef>) -> Result<String, IngestError> {
        let names = self.sheet_names();
        let no_such = |requested: String| {
            IngestError::new(
                &self.path,
                ErrorKind::NoSuchSheet {
                    requested,
                    available: names.clone(),
                },
            )
        };
        match sheet {
            None => self
                .worksheet_names()
                .into_iter()
                .next()
                .or_else(|| names.first().cloned())
                .ok_or_else(|| IngestError::new(&self.path, ErrorKind::Empty)),
            Some(SheetRef::Name(n)) => {
                if names.iter().any(|s| s == n) {
                    return Ok(n.clone());
                }
                let want = n.trim().to_lowercase();
                let mut close = names.iter().filter(|s| s.trim().to_lowercase() == want);
                match (close.next(), close.next()) {
                    (Some(s), None) => Ok(s.clone()),
                    _ => Err(no_such(n.clone())),
                }
            }
            Some(SheetRef::Index(i)) => names
                .get(*i)
                .cloned()
                .ok_or_else(|| no_such(format!("index {i} (0-based)"))),
        }
    }
}

/// Reads one sheet of a workbook into [`Ingested`] (no children).
///
/// The sheet is [`ReadOptions::sheet`] (default: the first worksheet); the
/// header is on [`ReadOptions::header_row`] (default 1); the dataset is named
/// [`ReadOptions::name`].
///
/// # Errors
/// As [`Workbook::open`], [`Workbook::resolve`] and [`read_sheet`].
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let mut workbook = Workbook::open(path)?;
    let sheet = workbook.resolve(options.sheet.as_ref())?;
    let mut warnings = Vec::new();
    let mut dataset = read_sheet(
        &mut workbook,
        &sheet,
        options.header_row.unwrap_or(1),
        &options.na_values,
        &mut warnings,
    )?;
    dataset.name = options.name.clone();
    Ok(Ingested {
        dataset,
        children: Vec::new(),
        warnings,
    })
}

/// The sheet names of a workbook, in workbook order.
///
/// # Errors
/// As [`Workbook::open`].
pub fn sheet_names(path: &Path) -> Result<Vec<String>, IngestError> {
    Ok(Workbook::open(path)?.sheet_names())
}

/// Reads the sheet named `sheet` into a dataset named after the sheet.
///
/// `header_row` is the 1-based row holding the column names (rows above it
/// are skipped; `0` is taken as `1`); `na_values` are the cell texts that
/// mean "missing". Warnings (error cells) are appended to `warnings`. Dataset
/// row `i` (0-based) is sheet row `header_row + 1 + i`: blank rows inside the
/// data are kept as all-missing rows, trailing blank rows are dropped.
///
/// # Errors
/// [`ErrorKind::NoSuchSheet`] when there is no such sheet;
/// [`ErrorKind::Empty`] when the sheet has nothing from the header row on;
/// [`ErrorKind::Malformed`] for damaged sheet XML, a chart sheet, or a column
/// holding data under an empty header cell (named by its letter);
/// [`ErrorKind::DuplicateColumn`] when two header cells hold the same name.
pub fn read_sheet(
    workbook: &mut Workbook,
    sheet: &str,
    header_row: usize,
    na_values: &[String],
    warnings: &mut Vec<Warning>,
) -> Result<Dataset, IngestError> {
    read_sheet_table(workbook, sheet, header_row, na_values, warnings).map(|t| t.dataset)
}

/// A sheet read into a dataset. Dataset row `i` (0-based) is sheet row
/// `header_row + 1 + i` (1-based): blank rows inside the data are records
/// too (all missing).
#[derive(Debug, Clone)]
pub(crate) struct SheetTable {
    /// The records.
    pub dataset: Dataset,
    /// The 1-based header row.
    pub header_row: u32,
}

impl SheetTable {
    /// The 1-based data record number of dataset row `i`, as an error
    /// position: the sheet row minus the header row.
    pub fn record(&self, i: usize) -> u64 {
        i as u64 + 1
    }

    /// The 1-based sheet row of dataset row `i`.
    pub fn sheet_row(&self, i: usize) -> u64 {
        u64::from(self.header_row) + self.record(i)
    }
}

/// A cell as read, before its column is typed.
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    /// A number (not date-formatted), and whether its number format shows
    /// it as a whole number (`General`, `0`, `#,##0`; not `0.00` or `0%`).
    Num(f64, bool),
    /// An integer (only some writers store these).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A date or datetime, in ms since the epoch.
    Stamp(i64),
    /// Text (not blank, not an NA text).
    Text(String),
    /// Missing by a declared NA text (or canonical number text).
    Na(String),
    /// An Excel error value (`#N/A`…) or a number that is not finite.
    Error(String),
}

impl Raw {
    /// The cell as text, for mixed columns and headers.
    fn to_text(&self) -> Option<String> {
        match self {
            Raw::Num(x, _) => Some(code_key(*x)),
            Raw::Int(i) => Some(i.to_string()),
            Raw::Bool(b) => Some(b.to_string()),
            Raw::Stamp(ms) => Some(stamp_text(*ms)),
            Raw::Text(s) => Some(s.clone()),
            Raw::Na(_) | Raw::Error(_) => None,
        }
    }
}

fn stamp_text(ms: i64) -> String {
    if ms.rem_euclid(MS_PER_DAY) == 0 {
        i32::try_from(ms.div_euclid(MS_PER_DAY)).map_or_else(|_| format_datetime(ms), format_date)
    } else {
        format_datetime(ms)
    }
}

/// Converts a calamine cell; `None` for an empty (or blank-text) cell.
fn convert(value: &DataRef<'_>, whole: bool, na: &HashSet<&str>) -> Option<Raw> {
    let number = |x: f64| {
        if !x.is_finite() {
            return Raw::Error(x.to_string());
        }
        let key = code_key(x);
        if na.contains(key.as_str()) {
            Raw::Na(key)
        } else {
            Raw::Num(x, whole)
        }
    };
    let text = |s: &str| {
        let t = s.trim();
        if t.is_empty() {
            None
        } else if na.contains(t) {
            Some(Raw::Na(t.to_string()))
        } else {
            Some(Raw::Text(s.to_string()))
        }
    };
    Some(match value {
        DataRef::Empty => return None,
        DataRef::Int(i) => {
            let key = i.to_string();
            if na.contains(key.as_str()) {
                Raw::Na(key)
            } else {
                Raw::Int(*i)
            }
        }
        DataRef::Float(x) => number(*x),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::String(s) => return text(s),
        DataRef::SharedString(s) => return text(s),
        DataRef::DateTime(dt) => {
            let v = dt.as_f64();
            if !v.is_finite() {
                Raw::Error(v.to_string())
            } else if dt.is_duration() {
                // `[h]:mm:ss` durations have no calendar meaning: keep them as text.
                let secs = (v * 86_400.0).round() as i64;
                let sign = if secs < 0 { "-" } else { "" };
                let secs = secs.unsigned_abs();
                Raw::Text(format!(
                    "{sign}{}:{:02}:{:02}",
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                ))
            } else {
                let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
                let days = i64::from(days_from_civil(i32::from(y), u32::from(m), u32::from(d)));
                let time = ((i64::from(h) * 60 + i64::from(mi)) * 60 + i64::from(s)) * 1000
                    + i64::from(ms);
                Raw::Stamp(days * MS_PER_DAY + time)
            }
        }
        DataRef::DateTimeIso(s) => {
            let t = s.trim();
            if let Some(ms) = parse_datetime(t) {
                Raw::Stamp(ms)
            } else if let Some(days) = parse_date(t) {
                Raw::Stamp(i64::from(days) * MS_PER_DAY)
            } else {
                return text(s);
            }
        }
        DataRef::DurationIso(s) => return text(s),
        DataRef::Error(e) => Raw::Error(e.to_string()),
    })
}

/// True when a number format code shows a fraction of a unit: decimal
/// places (`0.00`, `#,##0.0`), a percentage, scientific notation or a
/// fraction (`# ?/?`). Only the first (positive) section counts; quoted
/// literals, escaped characters and `[...]` modifiers are ignored.
fn shows_fraction(code: &str) -> bool {
    let mut plain = String::with_capacity(code.len());
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            c => plain.push(c),
        }
    }
    let b = plain.as_bytes();
    plain.contains('%')
        || plain.contains("E+")
        || plain.contains("E-")
        || plain.contains("e+")
        || plain.contains("e-")
        || (plain.contains('/') && plain.contains('?'))
        || b.windows(2)
            .any(|w| w[0] == b'.' && matches!(w[1], b'0' | b'#' | b'?'))
}

/// The letters of a 0-based column index (`0` → `A`, `27` → `AB`).
pub fn column_letter(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letter(col), u64::from(row) + 1)
}

fn xlsx_error(path: &Path, e: XlsxError) -> IngestError {
    match e {
        XlsxError::Io(io) => IngestError::io(path, &io),
        XlsxError::Zip(z) => IngestError::malformed(
            path,
            "an Excel 2007+ workbook (.xlsx, a complete zip archive)",
            format!("a damaged or truncated zip archive ({z})"),
        ),
        other => IngestError::malformed(
            path,
            "a well-formed Excel 2007+ workbook",
            format!("damaged workbook content ({other})"),
        ),
    }
}

pub(crate) fn read_sheet_table(
    workbook: &mut Workbook,
    sheet: &str,
    header_row: usize,
    na_values: &[String],
    warnings: &mut Vec<Warning>,
) -> Result<SheetTable, IngestError> {
    let path = workbook.path.clone();
    let path = path.as_path();
    if !workbook.sheet_names().iter().any(|s| s == sheet) {
        return Err(IngestError::new(
            path,
            ErrorKind::NoSuchSheet {
                requested: sheet.to_string(),
                available: workbook.sheet_names(),
            },
        ));
    }
    // 0-based header row.
    let h = u32::try_from(header_row.max(1) - 1)
        .unwrap_or(u32::MAX)
        .min(MAX_ROWS);
    let na: HashSet<&str> = na_values.iter().map(|s| s.trim()).collect();
    // Header cells are names, never NA texts.
    let no_na = HashSet::new();

    let mut header: BTreeMap<u32, Raw> = BTreeMap::new();
    // Data cells: (row, col, value), row > h.
    let mut cells: Vec<(u32, u32, Raw)> = Vec::new();
    {
        let mut reader = match workbook.inner.worksheet_cells_reader(sheet) {
            Ok(r) => r,
            Err(XlsxError::NotAWorksheet(typ)) => {
                return Err(IngestError::malformed(
                    path,
                    "a worksheet holding cells",
                    format!("a `{typ}` sheet (a chart or dialog sheet)"),
                )
                .in_sheet(sheet));
            }
            Err(e) => return Err(xlsx_error(path, e).in_sheet(sheet)),
        };
        // Per style id: does its number format show whole numbers?
        let whole_format: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_none_or(|f| !shows_fraction(&f.format_code))
            })
            .collect();
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| xlsx_error(path, e).in_sheet(sheet))?
        {
            let whole = whole_format.get(style).copied().unwrap_or(true);
            let (row, col) = cell.get_position();
            if row < h {
                continue;
            }
            if row >= MAX_ROWS || col >= MAX_COLS {
                return Err(IngestError::malformed(
                    path,
                    "cell references within A1:XFD1048576",
                    format!(
                        "a cell at row {}, column {}",
                        u64::from(row) + 1,
                        u64::from(col) + 1
                    ),
                )
                .in_sheet(sheet));
            }
            let Some(raw) = convert(cell.get_value(), whole, if row == h { &no_na } else { &na })
            else {
                continue;
            };
            if row == h {
                header.insert(col, raw);
            } else {
                cells.push((row, col, raw));
            }
        }
    }

    // Column names.
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    for (&col, raw) in &header {
        let name = match raw {
            Raw::Text(s) => s.trim().to_string(),
            Raw::Error(e) | Raw::Na(e) => {
                return Err(IngestError::malformed(
                    path,
                    format!("a column name in cell {}", cell_ref(h, col)),
                    format!("the value `{e}`"),
                )
                .in_sheet(sheet)
                .in_column(column_letter(col)));
            }
            other => other.to_text().unwrap_or_default(),
        };
        names.insert(col, name);
    }
    if names.is_empty() && cells.is_empty() {
        if h > 0 {
            return Err(IngestError::malformed(
                path,
                format!("column names on row {} (`header_row`)", u64::from(h) + 1),
                "no cells on or below that row",
            )
            .in_sheet(sheet));
        }
        return Err(IngestError::new(path, ErrorKind::Empty).in_sheet(sheet));
    }
    if let Some(&(row, col, _)) = cells
        .iter()
        .filter(|(_, c, _)| !names.contains_key(c))
        .min_by_key(|(r, c, _)| (*c, *r))
    {
        let hint = if header_row <= 1 {
            " (if the names are on another row, set `header_row`)"
        } else {
            ""
        };
        return Err(IngestError::malformed(
            path,
            format!("a column name in cell {}", cell_ref(h, col)),
            format!(
                "an empty cell above data (first at {}){hint}",
                cell_ref(row, col)
            ),
        )
        .in_sheet(sheet)
        .in_column(column_letter(col)));
    }
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for (&col, name) in &names {
        if let Some(first) = seen.insert(name.as_str(), col) {
            return Err(
                IngestError::new(path, ErrorKind::DuplicateColumn { name: name.clone() })
                    .in_sheet(sheet)
                    .in_column(format!(
                        "{} (also {})",
                        column_letter(col),
                        column_letter(first)
                    )),
            );
        }
    }

    // Records: every sheet row below the header up to the last one holding
    // a value. Blank rows inside the data are kept as all-missing records,
    // so that record `i` (0-based) is always sheet row `h + 1 + i` (0-based),
    // the data record number users count is `i + 1`, and trailing blank rows
    // are not records.
    let last = cells.iter().map(|(r, _, _)| *r).max().unwrap_or(h);
    let n_rows = (last - h) as usize;
    let index = |row: u32| (row - h - 1) as usize;

    // One column at a time, so that only one column of raw cells is spread
    // out over all rows. Every data cell's column has a name (checked
    // above); a stable sort keeps the last of two cells at one position.
    cells.sort_by_key(|&(row, col, _)| (col, row));
    let mut cells = cells.into_iter().peekable();

    let mut columns = Vec::with_capacity(names.len());
    for (col, name) in names {
        let mut column_cells: Vec<Option<Raw>> = vec![None; n_rows];
        while let Some((row, _, raw)) = cells.next_if(|&(_, c, _)| c == col) {
            column_cells[index(row)] = Some(raw);
        }
        let cells = column_cells;
        let errors: Vec<(usize, &str)> = cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Some(Raw::Error(e)) => Some((i, e.as_str())),
                _ => None,
            })
            .collect();
        if !errors.is_empty() {
            let mut listed: Vec<String> = errors
                .iter()
                .take(LISTED)
                .map(|(i, e)| format!("{e} in {}", cell_ref(h + 1 + *i as u32, col)))
                .collect();
            if errors.len() > LISTED {
                listed.push("…".into());
            }
            let mut warning = Warning::new(
                path,
                format!(
                    "sheet `{sheet}`, spreadsheet column {}: {} Excel error cell{} read as missing ({})",
                    column_letter(col),
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    listed.join(", ")
                ),
            )
            .with_column(name.to_string());
            if let [(i, _)] = errors[..] {
                warning = warning.with_record(i as u64 + 1);
            }
            warnings.push(warning);
        }
        columns.push(type_column(name, &cells));
    }

    let dataset = Dataset::new(sheet, columns).map_err(|e| {
        IngestError::malformed(path, "a rectangular table", e.to_string()).in_sheet(sheet)
    })?;
    Ok(SheetTable {
        dataset,
        header_row: h + 1,
    })
}

/// Types one column from its cells (see the module documentation).
fn type_column(name: String, cells: &[Option<Raw>]) -> Column {
    let (mut num, mut int, mut boolean, mut stamp, mut text) = (false, false, false, false, false);
    for c in cells.iter().flatten() {
        match c {
            Raw::Num(..) => num = true,
            Raw::Int(_) => int = true,
            Raw::Bool(_) => boolean = true,
            Raw::Stamp(_) => stamp = true,
            Raw::Text(_) => text = true,
            Raw::Na(_) | Raw::Error(_) => {}
        }
    }
    let kinds = [num || int, boolean, stamp, text]
        .iter()
        .filter(|k| **k)
        .count();
    let mut column = if kinds == 1 && (num || int) {
        let integral = cells.iter().flatten().all(|c| match c {
            Raw::Num(x, whole) => *whole && x.fract() == 0.0 && x.abs() < EXACT_INT,
            _ => true,
        });
        if integral {
            Column::int(
                name,
                cells.iter().map(|c| match c {
                    Some(Raw::Num(x, _)) => Some(*x as i64),
                    Some(Raw::Int(i)) => Some(*i),
                    _ => None,
                }),
            )
        } else {
            Column::float(
                name,
                cells.iter().map(|c| match c {
                    Some(Raw::Num(x, _)) => Some(*x),
                    Some(Raw::Int(i)) => Some(*i as f64),
                    _ => None,
                }),
            )
        }
    } else if kinds == 1 && boolean {
        Column::bool(
            name,
            cells.iter().map(|c| match c {
                Some(Raw::Bool(b)) => Some(*b),
                _ => None,
            }),
        )
    } else if kinds == 1 && stamp {
        let stamps = || {
            cells.iter().map(|c| match c {
                Some(Raw::Stamp(ms)) => Some(*ms),
                _ => None,
            })
        };
        let day_of = |ms: i64| i32::try_from(ms.div_euclid(MS_PER_DAY)).ok();
        let dates = stamps()
            .flatten()
            .all(|ms| ms.rem_euclid(MS_PER_DAY) == 0 && day_of(ms).is_some());
        if dates {
            Column::date(name, stamps().map(|s| s.and_then(day_of)))
        } else {
            Column::datetime(name, stamps())
        }
    } else {
        let texts: Vec<Option<String>> = cells
            .iter()
            .map(|c| c.as_ref().and_then(Raw::to_text))
            .collect();
        let refs: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
        column_from_cells(name, &refs)
    };
    for (i, c) in cells.iter().enumerate() {
        if let Some(Raw::Na(raw) | Raw::Error(raw)) = c {
            column
                .validity
                .set_missing(i, MissingReason::UserCode { raw: raw.clone() });
        }
    }
    column
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusterdx_data::Value;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(column_letter(16_383), "XFD");
        assert_eq!(cell_ref(0, 2), "C1");
    }

    #[test]
    fn typing_rules() {
        let c = type_column(
            "n".into(),
            &[Some(Raw::Num(1.0, true)), None, Some(Raw::Int(3))],
        );
        assert_eq!(c.get(0), Value::Int(1));
        assert!(c.get(1).is_missing());
        let c = type_column(
            "f".into(),
            &[Some(Raw::Num(1.0, true)), Some(Raw::Num(2.5, true))],
        );
        assert_eq!(c.get(0), Value::Float(1.0));
        let c = type_column("big".into(), &[Some(Raw::Num(1e18, true))]);
        assert_eq!(c.get(0), Value::Float(1e18));
        // Shown with decimals: a float even when whole.
        let c = type_column(
            "shown".into(),
            &[Some(Raw::Num(16.0, false)), Some(Raw::Num(40.0, true))],
        );
        assert_eq!(c.get(0), Value::Float(16.0));
        let c = type_column(
            "m".into(),
            &[Some(Raw::Num(1.0, true)), Some(Raw::Text("x".into()))],
        );
        assert_eq!(c.get(0), Value::Text("1"));
        let c = type_column(
            "m".into(),
            &[Some(Raw::Num(1.0, true)), Some(Raw::Text("12".into()))],
        );
        assert_eq!(c.get(1), Value::Int(12));
        let c = type_column(
            "d".into(),
            &[Some(Raw::Stamp(MS_PER_DAY)), Some(Raw::Stamp(-MS_PER_DAY))],
        );
        assert_eq!(c.get(1), Value::Date(-1));
        let c = type_column(
            "t".into(),
            &[Some(Raw::Stamp(MS_PER_DAY)), Some(Raw::Stamp(1))],
        );
        assert_eq!(c.get(1), Value::DateTime(1));
        let c = type_column(
            "e".into(),
            &[Some(Raw::Error("#N/A".into())), Some(Raw::Bool(true))],
        );
        assert_eq!(
            c.get(0),
            Value::Missing(MissingReason::UserCode { raw: "#N/A".into() })
        );
        assert_eq!(c.get(1), Value::Bool(true));
        let c = type_column("empty".into(), &[None, None]);
        assert_eq!(c.missing_count(), 2);
    }

    #[test]
    fn number_formats() {
        for whole in [
            "General",
            "0",
            "#,##0",
            "@",
            "#,##0 ;(#,##0)",
            "0\".00\"",
            "[Red]0",
        ] {
            assert!(!shows_fraction(whole), "{whole}");
        }
        for frac in [
            "0.00",
            "#,##0.0",
            "0%",
            "0.00E+00",
            "# ?/?",
            "_(* #,##0.00_)",
        ] {
            assert!(shows_fraction(frac), "{frac}");
        }
    }

    #[test]
    fn converts_cells() {
        let na: HashSet<&str> = ["NA", "-99"].into_iter().collect();
        assert_eq!(convert(&DataRef::String("  ".into()), true, &na), None);
        assert_eq!(
            convert(&DataRef::String(" NA ".into()), true, &na),
            Some(Raw::Na("NA".into()))
        );
        assert_eq!(
            convert(&DataRef::Float(-99.0), true, &na),
            Some(Raw::Na("-99".into()))
        );
        assert_eq!(
            convert(&DataRef::Float(f64::NAN), true, &na),
            Some(Raw::Error("NaN".into()))
        );
        assert_eq!(
            convert(
                &DataRef::DateTimeIso("2024-02-01T08:15:02".into()),
                true,
                &na
            ),
            Some(Raw::Stamp(
                parse_datetime("2024-02-01T08:15:02").unwrap_or(0)
            ))
        );
    }
}
