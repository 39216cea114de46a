//! The table model as HTML: an estimate with its interval in one cell,
//! numbers right-aligned, matrix statuses as a colour plus a symbol with
//! the evidence on hover, values past a threshold marked in words as well
//! as colour. Every text passes through [`esc`].

use std::fmt::Write as _;

use super::esc;
use crate::tables::{Status, Table, Value};

/// The status's CSS class and symbol.
fn status_look(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Present => ("present", "●"),
        Status::Partial => ("partial", "◐"),
        Status::Absent => ("absent", "○"),
        Status::NoEvidence => ("none", "–"),
    }
}

/// A value's cell text (escaped) and whether it is a number.
fn cell(v: &Value) -> (String, bool) {
    match v {
        Value::Empty => ("–".into(), false),
        Value::Text(s) => (esc(s), false),
        Value::Count(x) => (format!("{x:.0}"), true),
        Value::Number(x, d) => (format!("{x:.d$}"), true),
        Value::Share(x) => (format!("{:.1}%", 100.0 * x), true),
        Value::P(p) if *p < 0.001 => ("&lt; 0.001".into(), true),
        Value::P(p) => (format!("{p:.3}"), true),
        Value::Estimate(e) => (esc(&e.text()), true),
        Value::Status(s, _) => (status_look(*s).1.into(), false),
        Value::Flagged(v, why) => {
            let (inner, numeric) = cell(v);
            (
                format!(
                    r#"<span class="warn" title="{}">{inner} ⚠</span>"#,
                    esc(why)
                ),
                numeric,
            )
        }
    }
}

/// Writes `t` as an HTML table of CSS class `class`.
pub(crate) fn table(out: &mut String, class: &str, t: &Table) {
    let _ = write!(out, r#"<table class="{class}"><thead><tr>"#);
    for c in &t.columns {
        let _ = write!(out, "<th>{}</th>", esc(&c.head));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for v in row {
            if let Value::Status(s, words) = v {
                let (class, symbol) = status_look(*s);
                let _ = write!(
                    out,
                    r#"<td class="cell {class}" title="{}">{symbol}</td>"#,
                    esc(words)
                );
                continue;
            }
            let (text, numeric) = cell(v);
            if numeric {
                let _ = write!(out, r#"<td class="num">{text}</td>"#);
            } else {
                let _ = write!(out, "<td>{text}</td>");
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::col;

    #[test]
    fn cells_are_escaped_and_flags_are_said_in_words() {
        let mut t = Table::new("t", "", vec![col("<b>"), col("x"), col("p")]);
        t.push(vec![
            Value::text("<script>alert(1)</script>"),
            Value::at_least(0.61, 0.7, 3),
            Value::P(0.0001),
        ]);
        let mut out = String::new();
        table(&mut out, "", &t);
        assert!(out.contains("<th>&lt;b&gt;</th>"));
        assert!(out.contains("&lt;script&gt;"));
        assert!(!out.contains("<script>"));
        assert!(out.contains(r#"title="below 0.7">0.610 ⚠</span>"#));
        assert!(out.contains("&lt; 0.001"));
    }
}
