//! Columns: one physical type, a validity bitmap, optional value and variable labels.

use serde::Serialize;

use crate::{MissingReason, Validity, Value, ValueLabels};

/// Text values stored contiguously (one buffer plus offsets), which keeps a
/// million-row text column to its bytes plus 8 bytes a row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextColumn {
    bytes: String,
    ends: Vec<usize>,
}

impl TextColumn {
    /// An empty column with room for `rows` values of about `avg_len` bytes.
    pub fn with_capacity(rows: usize, avg_len: usize) -> Self {
        Self {
            bytes: String::with_capacity(rows * avg_len),
            ends: Vec::with_capacity(rows),
        }
    }

    /// Appends a value.
    pub fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }

    /// The value at row `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Iterates over the values.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 8
    }
}

impl<S: AsRef<str>> FromIterator<S> for TextColumn {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut t = TextColumn::default();
        for s in iter {
            t.push(s.as_ref());
        }
        t
    }
}

/// The physical storage of a column. Slots of missing rows hold a filler
/// (`0`, `NaN`, `""`, `false`) that must never be read as data: consult the
/// column's [`Validity`].
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// 64-bit floating point.
    Float(Vec<f64>),
    /// 64-bit integers.
    Int(Vec<i64>),
    /// UTF-8 text.
    Text(TextColumn),
    /// Booleans.
    Bool(Vec<bool>),
    /// Dates as days since 1970-01-01.
    Date(Vec<i32>),
    /// Datetimes as milliseconds since 1970-01-01T00:00:00 (local time of the source).
    DateTime(Vec<i64>),
}

impl ColumnData {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Float(v) => v.len(),
            ColumnData::Int(v) => v.len(),
            ColumnData::Text(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::Date(v) => v.len(),
            ColumnData::DateTime(v) => v.len(),
        }
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn heap_bytes(&self) -> usize {
        match self {
            ColumnData::Float(v) => v.capacity() * 8,
            ColumnData::Int(v) => v.capacity() * 8,
            ColumnData::Text(v) => v.heap_bytes(),
            ColumnData::Bool(v) => v.capacity(),
            ColumnData::Date(v) => v.capacity() * 4,
            ColumnData::DateTime(v) => v.capacity() * 8,
        }
    }
}

/// What a column means to an analysis, as opposed to how it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogicalType {
    /// Continuous number.
    Float,
    /// Integer count or code without labels.
    Integer,
    /// Numeric codes with value labels.
    Categorical,
    /// Free text (or text codes).
    Text,
    /// Calendar date.
    Date,
    /// Date and time.
    DateTime,
    /// Yes/no.
    Boolean,
}

impl LogicalType {
    /// The type's name in outputs (`float`, `integer`, `categorical`, `text`,
    /// `date`, `date_time`, `boolean`).
    pub fn name(self) -> &'static str {
        match self {
            LogicalType::Float => "float",
            LogicalType::Integer => "integer",
            LogicalType::Categorical => "categorical",
            LogicalType::Text => "text",
            LogicalType::Date => "date",
            LogicalType::DateTime => "date_time",
            LogicalType::Boolean => "boolean",
        }
    }
}

/// A named column with its data, missing values and metadata.
///
/// Two columns are equal when their metadata, physical type and every cell
/// (value, or missing with its reason) are equal; the fillers stored in
/// missing slots are not compared.
#[derive(Debug, Clone)]
pub struct Column {
    /// Column name as in the source file.
    pub name: String,
    /// Variable label (question text), if the source has one.
    pub label: Option<String>,
    /// The values.
    pub data: ColumnData,
    /// Which rows hold a value.
    pub validity: Validity,
    /// Value labels for coded columns.
    pub value_labels: Option<ValueLabels>,
    /// Source display format (Stata `%td`, SPSS `F8.2`), kept for reference.
    pub format: Option<String>,
}

impl PartialEq for Column {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.label == other.label
            && self.value_labels == other.value_labels
            && self.format == other.format
            && std::mem::discriminant(&self.data) == std::mem::discriminant(&other.data)
            && self.len() == other.len()
            && (0..self.len()).all(|i| self.get(i) == other.get(i))
    }
}

impl Column {
    /// A column from data and validity of equal length.
    ///
    /// # Panics
    /// Never on valid input; lengths are checked by [`crate::Dataset::new`].
    pub fn new(name: impl Into<String>, data: ColumnData, validity: Validity) -> Self {
        Self {
            name: name.into(),
            label: None,
            data,
            validity,
            value_labels: None,
            format: None,
        }
    }

    fn from_options<T: Default>(
        name: impl Into<String>,
        values: impl IntoIterator<Item = Option<T>>,
        wrap: impl FnOnce(Vec<T>) -> ColumnData,
    ) -> Self {
        let mut validity = Validity::new();
        let data: Vec<T> = values
            .into_iter()
            .map(|v| {
                validity.push(v.is_some());
                v.unwrap_or_default()
            })
            .collect();
        Self::new(name, wrap(data), validity)
    }

    /// A float column; `None` is system missing.
    pub fn float(name: impl Into<String>, values: impl IntoIterator<Item = Option<f64>>) -> Self {
        Self::from_options(name, values, ColumnData::Float)
    }

    /// An integer column; `None` is system missing.
    pub fn int(name: impl Into<String>, values: impl IntoIterator<Item = Option<i64>>) -> Self {
        Self::from_options(name, values, ColumnData::Int)
    }

    /// A boolean column; `None` is system missing.
    pub fn bool(name: impl Into<String>, values: impl IntoIterator<Item = Option<bool>>) -> Self {
        Self::from_options(name, values, ColumnData::Bool)
    }

    /// A date column (days since 1970-01-01); `None` is system missing.
    pub fn date(name: impl Into<String>, values: impl IntoIterator<Item = Option<i32>>) -> Self {
        Self::from_options(name, values, ColumnData::Date)
    }

    /// A datetime column (ms since the epoch); `None` is system missing.
    pub fn datetime(
        name: impl Into<String>,
        values: impl IntoIterator<Item = Option<i64>>,
    ) -> Self {
        Self::from_options(name, values, ColumnData::DateTime)
    }

    /// A text column; `None` is missing (distinct from `Some("")`).
    pub fn text<S: AsRef<str>>(
        name: impl Into<String>,
        values: impl IntoIterator<Item = Option<S>>,
    ) -> Self {
        let mut validity = Validity::new();
        let mut t = TextColumn::default();
        for v in values {
            validity.push(v.is_some());
            t.push(v.as_ref().map(|s| s.as_ref()).unwrap_or(""));
        }
        Self::new(name, ColumnData::Text(t), validity)
    }

    /// Sets the variable label.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the value labels.
    pub fn with_value_labels(mut self, labels: ValueLabels) -> Self {
        self.value_labels = Some(labels);
        self
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The cell at row `i` (missing when out of range).
    pub fn get(&self, i: usize) -> Value<'_> {
        if i >= self.len() {
            return Value::Missing(MissingReason::System);
        }
        if let Some(r) = self.validity.reason(i) {
            return Value::Missing(r);
        }
        match &self.data {
            ColumnData::Float(v) => Value::Float(v[i]),
            ColumnData::Int(v) => Value::Int(v[i]),
            ColumnData::Text(v) => Value::Text(v.get(i)),
            ColumnData::Bool(v) => Value::Bool(v[i]),
            ColumnData::Date(v) => Value::Date(v[i]),
            ColumnData::DateTime(v) => Value::DateTime(v[i]),
        }
    }

    /// The numeric value at row `i`, `None` when missing or not numeric.
    pub fn f64_at(&self, i: usize) -> Option<f64> {
        self.get(i).as_f64()
    }

    /// The canonical code of row `i` (see [`crate::code_key`]), `None` when missing.
    pub fn code_at(&self, i: usize) -> Option<String> {
        self.get(i).code()
    }

    /// The label of row `i`'s code when the column has value labels.
    pub fn label_at(&self, i: usize) -> Option<&str> {
        let labels = self.value_labels.as_ref()?;
        labels.get(&self.code_at(i)?)
    }

    /// Number of missing rows.
    pub fn missing_count(&self) -> usize {
        self.validity.missing_count()
    }

    /// The column's logical type.
    pub fn logical_type(&self) -> LogicalType {
        match &self.data {
            ColumnData::Float(_) | ColumnData::Int(_) if self.value_labels.is_some() => {
                LogicalType::Categorical
            }
            ColumnData::Float(_) => LogicalType::Float,
            ColumnData::Int(_) => LogicalType::Integer,
            ColumnData::Text(_) => LogicalType::Text,
            ColumnData::Bool(_) => LogicalType::Boolean,
            ColumnData::Date(_) => LogicalType::Date,
            ColumnData::DateTime(_) => LogicalType::DateTime,
        }
    }

    /// True for float and integer columns.
    pub fn is_numeric(&self) -> bool {
        matches!(self.data, ColumnData::Float(_) | ColumnData::Int(_))
    }

    /// Keeps the rows for which `keep` is true.
    pub fn filter(&self, keep: &[bool]) -> Self {
        fn pick<T: Clone>(v: &[T], keep: &[bool]) -> Vec<T> {
            v.iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(x, _)| x.clone())
                .collect()
        }
        let data = match &self.data {
            ColumnData::Float(v) => ColumnData::Float(pick(v, keep)),
            ColumnData::Int(v) => ColumnData::Int(pick(v, keep)),
            ColumnData::Bool(v) => ColumnData::Bool(pick(v, keep)),
            ColumnData::Date(v) => ColumnData::Date(pick(v, keep)),
            ColumnData::DateTime(v) => ColumnData::DateTime(pick(v, keep)),
            ColumnData::Text(t) => ColumnData::Text(
                t.iter()
                    .zip(keep)
                    .filter(|(_, k)| **k)
                    .map(|(s, _)| s)
                    .collect(),
            ),
        };
        Self {
            data,
            validity: self.validity.filter(keep),
            ..self.clone_meta()
        }
    }

    fn clone_meta(&self) -> Self {
        Self {
            name: self.name.clone(),
            label: self.label.clone(),
            data: ColumnData::Bool(Vec::new()),
            validity: Validity::new(),
            value_labels: self.value_labels.clone(),
            format: self.format.clone(),
        }
    }

    /// Approximate heap bytes held by the column's data and validity.
    pub fn heap_bytes(&self) -> usize {
        self.data.heap_bytes() + self.validity.heap_bytes() + self.name.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_not_zero_or_empty() {
        let c = Column::float("x", [Some(0.0), None, Some(2.5)]);
        assert_eq!(c.get(0), Value::Float(0.0));
        assert!(c.get(1).is_missing());
        let t = Column::text("t", [Some(""), None]);
        assert_eq!(t.get(0), Value::Text(""));
        assert!(t.get(1).is_missing());
        assert_eq!(t.missing_count(), 1);
    }

    #[test]
    fn equality_ignores_missing_fillers() {
        let mut a = Column::float("x", [Some(1.0), None]);
        let b = Column::float("x", [Some(1.0), None]);
        assert_eq!(a, b);
        if let ColumnData::Float(v) = &mut a.data {
            v[1] = f64::NAN;
        }
        assert_eq!(a, b, "the filler of a missing cell is not data");
        assert_ne!(a, Column::float("x", [Some(1.0), Some(0.0)]));
        assert_ne!(Column::int("x", [Some(1)]), Column::float("x", [Some(1.0)]));
    }

    #[test]
    fn categorical_and_filter() {
        let mut labels = ValueLabels::new();
        labels.insert_num(1.0, "Sugar");
        let c = Column::float("sector", [Some(1.0), Some(2.0), None]).with_value_labels(labels);
        assert_eq!(c.logical_type(), LogicalType::Categorical);
        assert_eq!(c.label_at(0), Some("Sugar"));
        assert_eq!(c.label_at(1), None);
        let f = c.filter(&[false, true, true]);
        assert_eq!(f.len(), 2);
        assert_eq!(f.get(0), Value::Float(2.0));
        assert!(f.get(1).is_missing());
    }
}
