//! Value labels: code → label, as Stata and SPSS store them and as a study
//! file's value sets declare them.

use std::collections::BTreeMap;

use serde::Serialize;

/// The canonical text form of a numeric code: integral values print without
/// a fractional part (`1.0` → `"1"`), others in Rust's shortest round-trip
/// form. Value sets key their codes by this text, so a code `1` in a `.dta`
/// file, `"1"` in a CSV and `1` in `study.toml` are the same code.
pub fn code_key(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Total order of codes in canonical text form: numeric codes first, in
/// numeric order (to 1e-6), then text codes in byte order. The order of
/// [`ValueLabels::iter`] and of sector tables.
pub fn compare_codes(a: &str, b: &str) -> std::cmp::Ordering {
    CodeOrder::new(a).cmp(&CodeOrder::new(b))
}

/// A set of labelled codes. Codes are kept in their canonical text form
/// (see [`code_key`]); iteration is in code order (numeric codes numerically).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ValueLabels {
    /// Name of the label set in the source file (Stata label name), if any.
    pub name: Option<String>,
    entries: BTreeMap<CodeOrder, String>,
}

/// Sort key of a code: numeric codes first in numeric order (to 1e-6), then text codes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CodeOrder {
    is_text: bool,
    num: i128,
    text: String,
}

impl Serialize for CodeOrder {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl CodeOrder {
    fn new(code: &str) -> Self {
        let num = code
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(|x| (x * 1e6).round() as i128);
        Self {
            is_text: num.is_none(),
            num: num.unwrap_or(0),
            text: code.to_string(),
        }
    }
}

impl ValueLabels {
    /// An empty label set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces the label of `code` (canonical text form).
    pub fn insert(&mut self, code: impl Into<String>, label: impl Into<String>) {
        let code = code.into();
        self.entries.insert(CodeOrder::new(&code), label.into());
    }

    /// Adds a numeric code.
    pub fn insert_num(&mut self, code: f64, label: impl Into<String>) {
        self.insert(code_key(code), label);
    }

    /// The label of a code, if declared.
    pub fn get(&self, code: &str) -> Option<&str> {
        self.entries.get(&CodeOrder::new(code)).map(String::as_str)
    }

    /// True when the code is declared.
    pub fn contains(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// `(code, label)` pairs in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(k, v)| (k.text.as_str(), v.as_str()))
    }

    /// Number of labelled codes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no code is labelled.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_codes() {
        assert_eq!(code_key(1.0), "1");
        assert_eq!(code_key(-3.0), "-3");
        assert_eq!(code_key(2.5), "2.5");
        let mut v = ValueLabels::new();
        v.insert_num(10.0, "ten");
        v.insert_num(2.0, "two");
        v.insert("other", "text code");
        assert_eq!(v.get("2"), Some("two"));
        let order: Vec<_> = v.iter().map(|(c, _)| c).collect();
        assert_eq!(order, ["2", "10", "other"]);
        let mut codes = vec!["9", "10", "5x", "100x", "1", "100"];
        codes.sort_by(|a, b| compare_codes(a, b));
        assert_eq!(codes, ["1", "9", "10", "100", "100x", "5x"]);
    }
}
