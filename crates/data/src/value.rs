//! A single cell, borrowed from a column.

use crate::{MissingReason, code_key, format_date, format_datetime};

/// One cell of a [`crate::Column`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// No value, with the reason.
    Missing(MissingReason),
    /// A floating-point number.
    Float(f64),
    /// An integer.
    Int(i64),
    /// Text.
    Text(&'a str),
    /// A boolean.
    Bool(bool),
    /// Days since 1970-01-01.
    Date(i32),
    /// Milliseconds since 1970-01-01T00:00:00.
    DateTime(i64),
}

impl Value<'_> {
    /// True for [`Value::Missing`].
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing(_))
    }

    /// The value as a number, when it is one (booleans as 0/1).
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Float(x) => Some(x),
            Value::Int(i) => Some(i as f64),
            Value::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }

    /// The value's code: its canonical text, used to match value sets and ids
    /// across formats (`1.0` and `"1"` give the same code). `None` when missing.
    pub fn code(&self) -> Option<String> {
        match self {
            Value::Missing(_) => None,
            Value::Float(x) => Some(code_key(*x)),
            Value::Int(i) => Some(i.to_string()),
            Value::Text(s) => Some((*s).to_string()),
            Value::Bool(b) => Some(if *b { "1".into() } else { "0".into() }),
            Value::Date(d) => Some(format_date(*d)),
            Value::DateTime(t) => Some(format_datetime(*t)),
        }
    }
}

impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Missing(_) => Ok(()),
            Value::Bool(b) => write!(f, "{b}"),
            other => f.write_str(&other.code().unwrap_or_default()),
        }
    }
}
