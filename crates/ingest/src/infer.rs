//! Typing of text cells, shared by the text-based readers (CSV, Kobo, ODK,
//! and text cells of workbooks).
//!
//! An [`AdaptiveColumn`] parses cells straight into typed storage in one
//! pass, starting from the type of the first value and widening when a cell
//! does not fit: integer → float, date → datetime (widened in place), and
//! anything → text. Widening to text cannot recover the earlier cells'
//! original spelling from their parsed values, so the column asks for the
//! text of the rows before the change ([`AdaptiveColumn::reread_rows`]); the
//! reader re-reads just those rows of just those columns. In most files no
//! column ever widens to text after its first values, and the file is read
//! once.
//!
//! Types, narrowest first: boolean (`true`/`false`, any case), integer
//! (no leading zeros, so ids such as `007` stay text), float, date
//! (`YYYY-MM-DD`), datetime (`YYYY-MM-DD[T ]HH:MM[:SS[.fff]]`, an optional
//! `Z` or `±HH:MM` offset is dropped: the local clock time is kept; a bare
//! date in a datetime column is midnight), text. The result never depends
//! on the order of the rows. Missing cells do not vote.

use clusterdx_data::{Column, ColumnData, MissingReason, TextColumn, Validity, days_from_civil};

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    /// `true` / `false`.
    Bool,
    /// Integers.
    Int,
    /// Numbers.
    Float,
    /// ISO dates.
    Date,
    /// ISO datetimes.
    DateTime,
    /// Anything else.
    Text,
}

/// The narrowest type of one (trimmed) cell.
pub fn cell_type(cell: &str) -> CellType {
    if parse_bool(cell).is_some() {
        CellType::Bool
    } else if parse_int(cell).is_some() {
        CellType::Int
    } else if parse_float(cell).is_some() {
        CellType::Float
    } else if parse_date(cell).is_some() {
        CellType::Date
    } else if parse_datetime(cell).is_some() {
        CellType::DateTime
    } else {
        CellType::Text
    }
}

/// The narrowest type holding values of both types.
fn join(a: CellType, b: CellType) -> CellType {
    use CellType::*;
    match (a, b) {
        _ if a == b => a,
        (Int, Float) | (Float, Int) => Float,
        (Date, DateTime) | (DateTime, Date) => DateTime,
        _ => Text,
    }
}

/// One column being read: typed storage that widens as cells require.
#[derive(Debug, Clone, Default)]
pub struct AdaptiveColumn {
    data: Option<ColumnData>,
    validity: Validity,
    rows: usize,
    valid: usize,
    reread: usize,
}

impl AdaptiveColumn {
    /// An empty column expecting about `rows` cells.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            validity: Validity::with_capacity(rows),
            ..Self::default()
        }
    }

    /// The current type (`None` until a value arrives).
    pub fn cell_type(&self) -> Option<CellType> {
        self.data.as_ref().map(|d| match d {
            ColumnData::Bool(_) => CellType::Bool,
            ColumnData::Int(_) => CellType::Int,
            ColumnData::Float(_) => CellType::Float,
            ColumnData::Date(_) => CellType::Date,
            ColumnData::DateTime(_) => CellType::DateTime,
            ColumnData::Text(_) => CellType::Text,
        })
    }

    /// Rows `0..n` whose text must be supplied to [`AdaptiveColumn::finish`]
    /// because the column widened to text after them (0: none).
    pub fn reread_rows(&self) -> usize {
        self.reread
    }

    /// Appends a missing cell.
    pub fn push_missing(&mut self, reason: MissingReason) {
        if let Some(d) = &mut self.data {
            push_filler(d);
        }
        self.validity.push_missing(reason);
        self.rows += 1;
    }

    /// Appends a trimmed, non-missing cell given as bytes when the column
    /// is numeric and the cell parses as its type; returns `false` (and
    /// appends nothing) otherwise, so the caller falls back to
    /// [`AdaptiveColumn::push`]. Saves validating and trimming text for the
    /// bulk of numeric cells.
    #[inline]
    pub fn try_push_number(&mut self, t: &[u8]) -> bool {
        let ok = match &mut self.data {
            Some(ColumnData::Int(v)) => parse_int_bytes(t).map(|x| v.push(x)).is_some(),
            Some(ColumnData::Float(v)) => parse_float_bytes(t).map(|x| v.push(x)).is_some(),
            _ => false,
        };
        if ok {
            self.validity.push(true);
            self.rows += 1;
            self.valid += 1;
        }
        ok
    }

    /// Appends a non-missing cell (untrimmed; text keeps it as written).
    pub fn push(&mut self, cell: &str) {
        self.push_trimmed(cell, cell.trim());
    }

    /// As [`AdaptiveColumn::push`], with the cell's trimmed form already known.
    pub fn push_trimmed(&mut self, cell: &str, t: &str) {
        let fits = match &mut self.data {
            None => false,
            Some(ColumnData::Bool(v)) => parse_bool(t).map(|x| v.push(x)).is_some(),
            Some(ColumnData::Int(v)) => parse_int(t).map(|x| v.push(x)).is_some(),
            Some(ColumnData::Float(v)) => parse_float(t).map(|x| v.push(x)).is_some(),
            Some(ColumnData::Date(v)) => parse_date(t).map(|x| v.push(x)).is_some(),
            Some(ColumnData::DateTime(v)) => parse_datetime(t).map(|x| v.push(x)).is_some(),
            Some(ColumnData::Text(v)) => {
                v.push(cell);
                true
            }
        };
        if !fits {
            let target = match self.cell_type() {
                None => cell_type(t),
                Some(current) => join(current, cell_type(t)),
            };
            self.widen(target);
            // The widened type holds the cell by construction.
            match &mut self.data {
                Some(ColumnData::Bool(v)) => v.push(parse_bool(t).unwrap_or_default()),
                Some(ColumnData::Int(v)) => v.push(parse_int(t).unwrap_or_default()),
                Some(ColumnData::Float(v)) => v.push(parse_float(t).unwrap_or(f64::NAN)),
                Some(ColumnData::Date(v)) => v.push(parse_date(t).unwrap_or_default()),
                Some(ColumnData::DateTime(v)) => v.push(parse_datetime(t).unwrap_or_default()),
                Some(ColumnData::Text(v)) => v.push(cell),
                None => {}
            }
        }
        self.validity.push(true);
        self.rows += 1;
        self.valid += 1;
    }

    /// Converts the stored rows to `target` (a wider type).
    fn widen(&mut self, target: CellType) {
        let n = self.rows;
        let data = match (self.data.take(), target) {
            (None, ty) => empty_with_fillers(ty, n),
            (Some(ColumnData::Int(v)), CellType::Float) => {
                ColumnData::Float(v.into_iter().map(|x| x as f64).collect())
            }
            (Some(ColumnData::Date(v)), CellType::DateTime) => {
                ColumnData::DateTime(v.into_iter().map(|d| i64::from(d) * 86_400_000).collect())
            }
            (Some(_), ty) => {
                // Only text is wider than two different families; the
                // spelling of the earlier values must be re-read.
                if self.valid > 0 {
                    self.reread = n;
                }
                empty_with_fillers(ty, n)
            }
        };
        self.data = Some(data);
    }

    /// Finishes the column. `earlier_text` holds the text of rows
    /// `0..reread_rows()` (`None` for missing ones) when that is not 0.
    pub fn finish(self, name: impl Into<String>, earlier_text: &[Option<String>]) -> Column {
        let data = match self.data {
            None => ColumnData::Text((0..self.rows).map(|_| "").collect()),
            Some(ColumnData::Text(t)) if self.reread > 0 => {
                let mut out = TextColumn::with_capacity(self.rows, 8);
                for i in 0..self.rows {
                    if i < self.reread {
                        out.push(earlier_text.get(i).and_then(|s| s.as_deref()).unwrap_or(""));
                    } else {
                        out.push(t.get(i));
                    }
                }
                ColumnData::Text(out)
            }
            Some(d) => d,
        };
        Column::new(name, data, self.validity)
    }
}

fn empty_with_fillers(ty: CellType, n: usize) -> ColumnData {
    match ty {
        CellType::Bool => ColumnData::Bool(vec![false; n]),
        CellType::Int => ColumnData::Int(vec![0; n]),
        CellType::Float => ColumnData::Float(vec![f64::NAN; n]),
        CellType::Date => ColumnData::Date(vec![0; n]),
        CellType::DateTime => ColumnData::DateTime(vec![0; n]),
        CellType::Text => ColumnData::Text((0..n).map(|_| "").collect()),
    }
}

fn push_filler(d: &mut ColumnData) {
    match d {
        ColumnData::Bool(v) => v.push(false),
        ColumnData::Int(v) => v.push(0),
        ColumnData::Float(v) => v.push(f64::NAN),
        ColumnData::Date(v) => v.push(0),
        ColumnData::DateTime(v) => v.push(0),
        ColumnData::Text(v) => v.push(""),
    }
}

/// Types a whole column of cells at once (`None` = missing). Convenient for
/// small inputs such as workbook sheets and repeat files.
pub fn column_from_cells(name: impl Into<String>, cells: &[Option<&str>]) -> Column {
    let mut col = AdaptiveColumn::with_capacity(cells.len());
    for c in cells {
        match c {
            Some(c) => col.push(c),
            None => col.push_missing(MissingReason::System),
        }
    }
    let earlier: Vec<Option<String>> = cells[..col.reread_rows()]
        .iter()
        .map(|c| c.map(str::to_string))
        .collect();
    col.finish(name, &earlier)
}

/// `true`/`false` in any case.
pub fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An integer without leading zeros (so `007` stays text) and without `+`.
pub fn parse_int(s: &str) -> Option<i64> {
    parse_int_bytes(s.as_bytes())
}

/// [`parse_int`] on bytes.
pub fn parse_int_bytes(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
        return None;
    }
    // Accumulate negatively so that i64::MIN parses too.
    let mut acc: i64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        acc = acc.checked_mul(10)?.checked_sub(i64::from(d))?;
    }
    if neg { Some(acc) } else { acc.checked_neg() }
}

/// A finite decimal number (`1.5`, `-2e3`, `.5`); not `inf`/`nan`, and not
/// integers with leading zeros (`007` is an id, not seven).
pub fn parse_float(s: &str) -> Option<f64> {
    parse_float_bytes(s.as_bytes())
}

/// [`parse_float`] on bytes (correctly rounded: Eisel–Lemire, via `fast-float2`).
pub fn parse_float_bytes(s: &[u8]) -> Option<f64> {
    let digits = s.strip_prefix(b"-").unwrap_or(s);
    let first = *digits.first()?;
    if !(first.is_ascii_digit() || first == b'.') {
        return None;
    }
    if first == b'0' && digits.get(1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    fast_float2::parse::<f64, _>(s)
        .ok()
        .filter(|x| x.is_finite())
}

fn num<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD` as days since 1970-01-01, with the day checked against the month.
pub fn parse_date(s: &str) -> Option<i32> {
    let mut it = s.split('-');
    let y: i32 = num(it.next()?, 4)?;
    let m: u32 = num(it.next()?, 2)?;
    let d: u32 = num(it.next()?, 2)?;
    if it.next().is_some() || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let max = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1];
    (d <= max).then(|| days_from_civil(y, m, d))
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` with an optional `Z` or `±HH[:]MM`
/// offset (dropped), as milliseconds since the epoch of the local clock time;
/// a bare `YYYY-MM-DD` is its midnight.
pub fn parse_datetime(s: &str) -> Option<i64> {
    if s.len() == 10 {
        return parse_date(s).map(|d| i64::from(d) * 86_400_000);
    }
    if s.len() < 16 || !s.is_char_boundary(10) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let days = parse_date(date)? as i64;
    let rest = rest.strip_prefix(['T', ' '])?;
    let rest = rest.strip_suffix('Z').unwrap_or(rest);
    // Drop a trailing offset: +05:00, -0300, +05.
    let time = match rest.rfind(['+', '-']) {
        Some(i) if i >= 5 => &rest[..i],
        _ => rest,
    };
    let (hms, frac) = match time.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (time, None),
    };
    let mut parts = hms.split(':');
    let h: i64 = num(parts.next()?, 2)?;
    let mi: i64 = num(parts.next()?, 2)?;
    let sec: i64 = match parts.next() {
        Some(p) => num(p, 2)?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let ms = match frac {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let f3 = format!("{f:0<3}");
            f3[..3].parse::<i64>().ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    Some(((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusterdx_data::Value;

    #[test]
    fn settles_narrowest_type() {
        let c = column_from_cells("a", &[Some("1"), None, Some("-3")]);
        assert_eq!(c.get(0), Value::Int(1));
        assert!(c.get(1).is_missing());
        let c = column_from_cells("a", &[Some("1"), Some("2.5")]);
        assert_eq!(c.get(0), Value::Float(1.0));
        let c = column_from_cells("a", &[Some("007"), Some("12")]);
        assert_eq!(c.get(0), Value::Text("007"));
        let c = column_from_cells("a", &[Some("2019-03-13"), Some("2019-02-29")]);
        assert_eq!(
            c.get(0),
            Value::Text("2019-03-13"),
            "invalid day makes text"
        );
        let c = column_from_cells("a", &[Some("2019-03-13")]);
        assert_eq!(c.get(0).code().as_deref(), Some("2019-03-13"));
        let c = column_from_cells("a", &[Some("TRUE"), Some("false")]);
        assert_eq!(c.get(1), Value::Bool(false));
        let c = column_from_cells("a", &[Some("yes"), Some("no")]);
        assert_eq!(c.get(0), Value::Text("yes"));
    }

    #[test]
    fn type_does_not_depend_on_row_order() {
        let cells = [Some("2019-03-13"), Some("2019-03-14T10:00"), None];
        let a = column_from_cells("a", &cells);
        let mut rev = cells;
        rev.reverse();
        let b = column_from_cells("b", &rev);
        assert_eq!(a.logical_type(), clusterdx_data::LogicalType::DateTime);
        assert_eq!(b.logical_type(), clusterdx_data::LogicalType::DateTime);
        assert_eq!(a.code_at(0).as_deref(), Some("2019-03-13T00:00:00"));
        assert_eq!(a.missing_count(), 1);
        // Widening to text keeps the original spelling of earlier cells.
        let c = column_from_cells("c", &[Some("1.50"), None, Some("-0"), Some("x")]);
        assert_eq!(c.get(0), Value::Text("1.50"));
        assert!(c.get(1).is_missing());
        assert_eq!(c.get(2), Value::Text("-0"));
        assert_eq!(c.get(3), Value::Text("x"));
        let d = column_from_cells("d", &[None, Some("3"), Some("2.5")]);
        assert_eq!(d.get(1), Value::Float(3.0));
        assert!(d.get(0).is_missing());
    }

    #[test]
    fn datetimes() {
        let t = parse_datetime("2024-02-01T12:01:10.000+05:00").unwrap();
        assert_eq!(clusterdx_data::format_datetime(t), "2024-02-01T12:01:10");
        let t = parse_datetime("2024-02-01T08:15:02").unwrap();
        assert_eq!(clusterdx_data::format_datetime(t), "2024-02-01T08:15:02");
        assert!(parse_datetime("2024-02-01T25:00").is_none());
        assert!(parse_float("inf").is_none());
        assert_eq!(parse_float(".5"), Some(0.5));
        assert_eq!(parse_float("0.5"), Some(0.5));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert_eq!(parse_float("007"), None);
        assert_eq!(parse_float("0.07"), Some(0.07));
        assert_eq!(parse_float("-"), None);
        assert_eq!(parse_int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int("9223372036854775808"), None);
        assert_eq!(parse_int("-0"), Some(0));
        assert_eq!(parse_int("00"), None);
        assert_eq!(parse_int("1a"), None);
        assert_eq!(parse_int(""), None);
    }
}
