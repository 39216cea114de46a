//! Finding the column a study file names, including Kobo (`group/question`)
//! and ODK Central (`group-question`) group paths.

use clusterdx_data::Dataset;

/// Why a name did not resolve to one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    /// No column matches; the closest names, best first.
    Missing { closest: Vec<String> },
    /// Several columns end in this name.
    Ambiguous { matches: Vec<String> },
}

fn normalise(s: &str) -> String {
    s.replace('-', "/").to_lowercase()
}

fn leaf(s: &str) -> &str {
    s.rsplit(['/', '-']).next().unwrap_or(s)
}

/// The name of the column of `dataset` that `name` refers to.
///
/// Tried in order: the exact name; the same group path with `/` and `-`
/// taken as the same separator and case ignored (so a study written for a
/// Kobo export reads the ODK Central export of the same form); the last path
/// segment, when exactly one column ends in it.
///
/// # Errors
/// [`Unresolved::Missing`] with up to three close names, or
/// [`Unresolved::Ambiguous`] listing the candidates.
pub fn resolve_column(dataset: &Dataset, name: &str) -> Result<String, Unresolved> {
    resolve_column_hiding(dataset, name, &[])
}

/// As [`resolve_column`], but the columns in `hidden` (personal columns)
/// are never named in the suggestions or ambiguity lists of the error.
///
/// # Errors
/// As [`resolve_column`].
pub fn resolve_column_hiding(
    dataset: &Dataset,
    name: &str,
    hidden: &[String],
) -> Result<String, Unresolved> {
    let hide = |c: &str| hidden.iter().any(|h| h == c);
    if dataset.column(name).is_some() {
        return Ok(name.to_string());
    }
    let wanted = normalise(name);
    let same_path: Vec<&str> = dataset
        .column_names()
        .filter(|c| normalise(c) == wanted)
        .collect();
    if same_path.len() == 1 {
        return Ok(same_path[0].to_string());
    }
    if !name.contains(['/', '-']) {
        let by_leaf: Vec<&str> = dataset
            .column_names()
            .filter(|c| leaf(c).eq_ignore_ascii_case(name))
            .collect();
        match by_leaf.len() {
            1 => return Ok(by_leaf[0].to_string()),
            0 => {}
            _ => {
                return Err(Unresolved::Ambiguous {
                    matches: by_leaf
                        .iter()
                        .map(|s| {
                            if hide(s) {
                                crate::validate::WITHHELD.to_string()
                            } else {
                                s.to_string()
                            }
                        })
                        .collect(),
                });
            }
        }
    }
    let mut scored: Vec<(f64, &str)> = dataset
        .column_names()
        .filter(|c| !hide(c))
        .map(|c| {
            let full = strsim::jaro_winkler(&wanted, &normalise(c));
            let l = strsim::jaro_winkler(&name.to_lowercase(), &leaf(c).to_lowercase());
            (full.max(l), c)
        })
        .filter(|(s, _)| *s >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    Err(Unresolved::Missing {
        closest: scored
            .into_iter()
            .take(3)
            .map(|(_, c)| c.to_string())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusterdx_data::Column;

    fn ds(names: &[&str]) -> Dataset {
        Dataset::new(
            "d",
            names.iter().map(|n| Column::int(*n, [Some(1)])).collect(),
        )
        .unwrap()
    }

    #[test]
    fn exact_path_and_leaf() {
        let d = ds(&["firm/sector", "firm/year_est", "linkages/support_used/tvet"]);
        assert_eq!(resolve_column(&d, "firm/sector").unwrap(), "firm/sector");
        assert_eq!(resolve_column(&d, "firm-sector").unwrap(), "firm/sector");
        assert_eq!(resolve_column(&d, "sector").unwrap(), "firm/sector");
        assert_eq!(
            resolve_column(&d, "tvet").unwrap(),
            "linkages/support_used/tvet"
        );
        let odk = ds(&["firm-sector", "linkages-support_used/tvet"]);
        assert_eq!(resolve_column(&odk, "firm/sector").unwrap(), "firm-sector");
        assert_eq!(
            resolve_column(&odk, "linkages/support_used/tvet").unwrap(),
            "linkages-support_used/tvet"
        );
    }

    #[test]
    fn hidden_columns_are_never_suggested() {
        let d = ds(&["owner_phone", "owner_name"]);
        let hidden = vec!["owner_phone".to_string()];
        match resolve_column_hiding(&d, "owner_phon", &hidden) {
            Err(Unresolved::Missing { closest }) => {
                assert!(!closest.contains(&"owner_phone".to_string()), "{closest:?}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn suggestions_and_ambiguity() {
        let d = ds(&["a/x", "b/x", "sector_code"]);
        assert!(matches!(
            resolve_column(&d, "x"),
            Err(Unresolved::Ambiguous { .. })
        ));
        match resolve_column(&d, "sectr_code") {
            Err(Unresolved::Missing { closest }) => assert_eq!(closest[0], "sector_code"),
            other => panic!("{other:?}"),
        }
    }
}
