//! Typing of text cells, shared by the text-based readers (CSV, Kobo, ODK,
//! and text cells of workbooks).
//!
//! Reading is two-pass: a [`TypeSniffer`] per column sees every cell once and
//! settles the narrowest type that holds all of them; a [`ColumnBuilder`]
//! then parses the cells straight into typed storage, so the raw text is never
//! held in memory as a whole.
//!
//! Rules, narrowest first: boolean (`true`/`false`, any case), integer
//! (no leading zeros, so ids such as `007` stay text), float, date
//! (`YYYY-MM-DD`), datetime (`YYYY-MM-DD[T ]HH:MM[:SS[.fff]]`, an optional
//! `Z` or `±HH:MM` offset is dropped: the local clock time is kept), text.
//! Empty cells and the declared NA texts are missing and do not vote.

use clusterdx_data::{Column, ColumnData, MissingReason, TextColumn, Validity, days_from_civil};

/// The type a column was settled to.
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

/// Pass one: watches a column's cells and settles its type.
#[derive(Debug, Clone)]
pub struct TypeSniffer {
    bool_ok: bool,
    int_ok: bool,
    float_ok: bool,
    date_ok: bool,
    datetime_ok: bool,
    seen: bool,
}

impl Default for TypeSniffer {
    fn default() -> Self {
        Self {
            bool_ok: true,
            int_ok: true,
            float_ok: true,
            date_ok: true,
            datetime_ok: true,
            seen: false,
        }
    }
}

impl TypeSniffer {
    /// Sees one non-missing cell.
    pub fn observe(&mut self, cell: &str) {
        self.seen = true;
        let cell = cell.trim();
        if self.bool_ok && parse_bool(cell).is_none() {
            self.bool_ok = false;
        }
        if self.int_ok && parse_int(cell).is_none() {
            self.int_ok = false;
        }
        if self.float_ok && !self.int_ok && parse_float(cell).is_none() {
            self.float_ok = false;
        }
        if self.date_ok && parse_date(cell).is_none() {
            self.date_ok = false;
        }
        if self.datetime_ok && !self.date_ok && parse_datetime(cell).is_none() {
            self.datetime_ok = false;
        }
    }

    /// The settled type (text for a column with no values).
    pub fn settle(&self) -> CellType {
        if !self.seen {
            CellType::Text
        } else if self.bool_ok {
            CellType::Bool
        } else if self.int_ok {
            CellType::Int
        } else if self.float_ok {
            CellType::Float
        } else if self.date_ok {
            CellType::Date
        } else if self.datetime_ok {
            CellType::DateTime
        } else {
            CellType::Text
        }
    }
}

/// Pass two: parses cells of a settled type into a column.
#[derive(Debug, Clone)]
pub struct ColumnBuilder {
    ty: CellType,
    data: ColumnData,
    validity: Validity,
}

impl ColumnBuilder {
    /// A builder for `rows` cells of type `ty`.
    pub fn new(ty: CellType, rows: usize) -> Self {
        let data = match ty {
            CellType::Bool => ColumnData::Bool(Vec::with_capacity(rows)),
            CellType::Int => ColumnData::Int(Vec::with_capacity(rows)),
            CellType::Float => ColumnData::Float(Vec::with_capacity(rows)),
            CellType::Date => ColumnData::Date(Vec::with_capacity(rows)),
            CellType::DateTime => ColumnData::DateTime(Vec::with_capacity(rows)),
            CellType::Text => ColumnData::Text(TextColumn::with_capacity(rows, 8)),
        };
        Self {
            ty,
            data,
            validity: Validity::with_capacity(rows),
        }
    }

    /// Appends a missing cell.
    pub fn push_missing(&mut self, reason: MissingReason) {
        match &mut self.data {
            ColumnData::Bool(v) => v.push(false),
            ColumnData::Int(v) => v.push(0),
            ColumnData::Float(v) => v.push(f64::NAN),
            ColumnData::Date(v) => v.push(0),
            ColumnData::DateTime(v) => v.push(0),
            ColumnData::Text(v) => v.push(""),
        }
        self.validity.push_missing(reason);
    }

    /// Appends a non-missing cell. Returns `false` (and appends a missing
    /// value) when the cell does not parse as the settled type, which only
    /// happens if the data changed between the two passes.
    pub fn push(&mut self, cell: &str) -> bool {
        let t = cell.trim();
        let ok = match &mut self.data {
            ColumnData::Bool(v) => parse_bool(t).map(|x| v.push(x)).is_some(),
            ColumnData::Int(v) => parse_int(t).map(|x| v.push(x)).is_some(),
            ColumnData::Float(v) => parse_float(t).map(|x| v.push(x)).is_some(),
            ColumnData::Date(v) => parse_date(t).map(|x| v.push(x)).is_some(),
            ColumnData::DateTime(v) => parse_datetime(t).map(|x| v.push(x)).is_some(),
            ColumnData::Text(v) => {
                v.push(cell);
                true
            }
        };
        if ok {
            self.validity.push(true);
        } else {
            self.push_missing(MissingReason::System);
        }
        ok
    }

    /// The settled type.
    pub fn cell_type(&self) -> CellType {
        self.ty
    }

    /// Finishes the column.
    pub fn finish(self, name: impl Into<String>) -> Column {
        Column::new(name, self.data, self.validity)
    }
}

/// Types a whole column of cells at once (`None` = missing). Convenient for
/// small inputs such as workbook sheets and repeat files.
pub fn column_from_cells(name: impl Into<String>, cells: &[Option<&str>]) -> Column {
    let mut sniffer = TypeSniffer::default();
    for c in cells.iter().flatten() {
        sniffer.observe(c);
    }
    let mut b = ColumnBuilder::new(sniffer.settle(), cells.len());
    for c in cells {
        match c {
            Some(c) => {
                b.push(c);
            }
            None => b.push_missing(MissingReason::System),
        }
    }
    b.finish(name)
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
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    s.parse().ok()
}

/// A finite decimal number (`1.5`, `-2e3`, `.5`); not `inf`/`nan`, and not
/// integers with leading zeros (`007` is an id, not seven).
pub fn parse_float(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let first = digits.as_bytes().first()?;
    if !(first.is_ascii_digit() || *first == b'.') {
        return None;
    }
    let int_part = digits.split(['.', 'e', 'E']).next().unwrap_or("");
    if int_part.len() > 1 && int_part.starts_with('0') {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
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
/// offset (dropped), as milliseconds since the epoch of the local clock time.
pub fn parse_datetime(s: &str) -> Option<i64> {
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
    }
}
