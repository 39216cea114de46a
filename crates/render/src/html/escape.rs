//! Escaping for HTML text and attribute values: every user-supplied string
//! (labels, names, quotes, file names) passes through [`esc`] on its way
//! into the report, so a planted `<script>` shows as text.

/// `s` with `&`, `<`, `>`, `"` and `'` replaced by their character
/// references: safe in element content and in quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("Matiari (Hala) — ٹھٹہ"), "Matiari (Hala) — ٹھٹہ");
    }
}
