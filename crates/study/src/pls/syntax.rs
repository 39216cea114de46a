//! A model from the study file: `constructs` and `paths`, or the
//! lavaan-like `syntax` (`X =~ a + b` Mode A, `X <~ a + b` Mode B, `Y ~ X
//! + Z` paths into Y, `#` comments, lines or `;` separated).

use crate::spec::{PlsConstructSpec, PlsMode, PlsSpec};

/// A construct as written: its name, item names or prefix, and mode.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Written {
    pub name: String,
    pub items: Vec<String>,
    pub prefix: Option<String>,
    pub mode: PlsMode,
    /// A common factor (corrected under consistent PLS).
    pub factor: bool,
}

/// Constructs and paths (from, to) as written.
pub(crate) type WrittenModel = (Vec<Written>, Vec<(String, String)>);

/// The constructs and paths (from, to) of a spec, or what is wrong.
pub(crate) fn written(spec: &PlsSpec) -> Result<WrittenModel, String> {
    match &spec.syntax {
        Some(text) => {
            if !spec.constructs.is_empty() || !spec.paths.is_empty() {
                return Err("give either `syntax` or `constructs` and `paths`, not both".into());
            }
            parse(text)
        }
        None => {
            let constructs = spec.constructs.iter().map(from_spec).collect();
            let paths = spec
                .paths
                .iter()
                .map(|p| {
                    let (a, b) = p
                        .split_once("->")
                        .ok_or_else(|| format!("path `{p}`: expected `FROM -> TO`"))?;
                    let (a, b) = (a.trim(), b.trim());
                    if a.is_empty() || b.is_empty() {
                        return Err(format!("path `{p}`: expected `FROM -> TO`"));
                    }
                    Ok((a.to_string(), b.to_string()))
                })
                .collect::<Result<_, String>>()?;
            Ok((constructs, paths))
        }
    }
}

fn from_spec(c: &PlsConstructSpec) -> Written {
    Written {
        name: c.name.clone(),
        items: c.items.clone(),
        prefix: c.prefix.clone(),
        mode: c.mode,
        factor: c.mode == PlsMode::A && !c.composite,
    }
}

/// Parses the syntax.
fn parse(text: &str) -> Result<WrittenModel, String> {
    let mut constructs: Vec<Written> = Vec::new();
    let mut paths = Vec::new();
    let statements = text
        .lines()
        .enumerate()
        .flat_map(|(k, line)| {
            let line = line.split('#').next().unwrap_or("");
            line.split(';').map(move |s| (k + 1, s.trim()))
        })
        .filter(|(_, s)| !s.is_empty());
    for (line, s) in statements {
        let at = |m: &str| format!("syntax line {line} (`{s}`): {m}");
        let terms = |rhs: &str| -> Result<Vec<String>, String> {
            let t: Vec<String> = rhs.split('+').map(|x| x.trim().to_string()).collect();
            if t.iter()
                .any(|x| x.is_empty() || x.contains(char::is_whitespace))
            {
                return Err(at("expected names joined by `+`"));
            }
            Ok(t)
        };
        let (lhs, op, rhs) = if let Some((l, r)) = s.split_once("=~") {
            (l, "=~", r)
        } else if let Some((l, r)) = s.split_once("<~") {
            (l, "<~", r)
        } else if let Some((l, r)) = s.split_once('~') {
            (l, "~", r)
        } else {
            return Err(at("expected `=~` (Mode A), `<~` (Mode B) or `~` (paths)"));
        };
        let lhs = lhs.trim();
        if lhs.is_empty() || lhs.contains(char::is_whitespace) {
            return Err(at("expected one construct name on the left"));
        }
        match op {
            "~" => {
                for from in terms(rhs)? {
                    paths.push((from, lhs.to_string()));
                }
            }
            _ => {
                if constructs.iter().any(|c| c.name == lhs) {
                    return Err(at(&format!("construct `{lhs}` is defined twice")));
                }
                constructs.push(Written {
                    name: lhs.to_string(),
                    items: terms(rhs)?,
                    prefix: None,
                    mode: if op == "=~" { PlsMode::A } else { PlsMode::B },
                    factor: op == "=~",
                });
            }
        }
    }
    Ok((constructs, paths))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_gives_constructs_and_paths() {
        let (c, p) = parse(
            "HRD =~ hrd1 + hrd2  # human resources\nCD <~ cd1 + cd2; PA =~ pa1\nCD ~ HRD\nPA ~ CD + HRD",
        )
        .unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].mode, PlsMode::B);
        assert_eq!(c[0].items, ["hrd1", "hrd2"]);
        assert_eq!(
            p,
            [
                ("HRD".to_string(), "CD".to_string()),
                ("CD".into(), "PA".into()),
                ("HRD".into(), "PA".into())
            ]
        );
        assert!(parse("X =~ a b").unwrap_err().contains("line 1"));
        assert!(parse("X = a").unwrap_err().contains("expected `=~`"));
        assert!(
            parse("X =~ a\nX =~ b")
                .unwrap_err()
                .contains("defined twice")
        );
    }
}
