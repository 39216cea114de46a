//! Links between datasets: every key must exist in the target, once.

use std::collections::HashMap;

use clusterdx_results::Diagnostic;

use super::LoadedDataset;
use super::resolve_spec::missing_column;
use crate::Study;
use crate::resolve::resolve_column_hiding;

/// The target key column of a link (its `to_column`, else the target's id).
/// `Err` carries the diagnostic when it cannot be found.
pub(crate) fn target_key(
    study: &Study,
    target: &LoadedDataset,
    to_column: Option<&crate::Located<String>>,
) -> Result<String, Option<Box<Diagnostic>>> {
    match to_column {
        Some(r) => resolve_column_hiding(&target.dataset, r.get(), &target.columns.personal)
            .map_err(|u| {
                Some(Box::new(missing_column(
                    study,
                    target,
                    "link target",
                    r.get(),
                    r.span(),
                    u,
                )))
            }),
        None => target.columns.id.clone().ok_or(None),
    }
}

/// Checks the links declared by `ds`.
pub(super) fn check_links(
    study: &Study,
    ds: &LoadedDataset,
    all: &[LoadedDataset],
    diags: &mut Vec<Diagnostic>,
) {
    for link in &ds.columns.links {
        let Some(target) = all.iter().find(|d| d.name == link.to) else {
            continue;
        };
        let key_col = match target_key(study, target, link.to_column.as_ref()) {
            Ok(k) => k,
            Err(Some(d)) => {
                diags.push(*d);
                continue;
            }
            Err(None) => {
                diags.push(
                    Diagnostic::error(
                        "link-without-key",
                        format!(
                            "{}: link to `{}`, which declares no `id`",
                            ds.source, target.name
                        ),
                    )
                    .with_position(link.position.clone())
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_column(&link.column)
                    .with_expected(format!(
                        "`id = \"...\"` in dataset `{}`, or `to_column` in the link",
                        target.name
                    )),
                );
                continue;
            }
        };
        let (Some(key_column), Some(c)) = (
            target.dataset.column(&key_col),
            ds.dataset.column(&link.column),
        ) else {
            continue;
        };
        // Target keys: row of first occurrence; duplicates make the link ambiguous.
        let mut keys: HashMap<String, usize> = HashMap::new();
        let mut duplicated = Vec::new();
        for i in 0..key_column.len() {
            if let Some(k) = key_column.code_at(i)
                && keys.insert(k, i).is_some()
            {
                duplicated.push(i as u64 + 1);
            }
        }
        if !duplicated.is_empty() && link.to_column.is_some() {
            diags.push(
                Diagnostic::error(
                    "link-key-not-unique",
                    format!(
                        "{}, column `{}`: {} rows repeat a key, so links to `{}` are ambiguous (first at row {})",
                        target.source,
                        target.columns.shown(&key_col, &key_col),
                        duplicated.len(),
                        target.name,
                        duplicated[0]
                    ),
                )
                .with_position(link.position.clone())
                .with_dataset(&target.name, Some(target.source.clone()))
                .with_rows(&duplicated, duplicated.len() as u64)
                .with_expected("a unique key in every row of the link target"),
            );
        }
        let (mut orphans, mut missing) = (Vec::new(), Vec::new());
        let mut example = None;
        for i in 0..c.len() {
            match c.code_at(i) {
                Some(k) if !keys.contains_key(&k) => {
                    example.get_or_insert(k);
                    orphans.push(i as u64 + 1);
                }
                None if !link.optional => missing.push(i as u64 + 1),
                _ => {}
            }
        }
        let col = ds.columns.shown(&link.column, &link.column);
        if let Some(k) = example {
            diags.push(
                Diagnostic::error(
                    "broken-link",
                    format!(
                        "{}, column `{col}`: {} rows point to a `{}` that does not exist (first: row {}, `{}` is not in `{}` column `{}`)",
                        ds.source,
                        orphans.len(),
                        target.name,
                        orphans[0],
                        ds.columns.shown(&link.column, &k),
                        target.source,
                        target.columns.shown(&key_col, &key_col)
                    ),
                )
                .with_position(link.position.clone())
                .with_dataset(&ds.name, Some(ds.source.clone()))
                .with_column(&col)
                .with_rows(&orphans, orphans.len() as u64)
                .with_expected(format!("ids present in `{}`", target.name)),
            );
        }
        if let Some(&first) = missing.first() {
            diags.push(
                Diagnostic::error(
                    "link-missing",
                    format!(
                        "{}, column `{col}`: {} rows have no `{}` key (first at row {first})",
                        ds.source,
                        missing.len(),
                        target.name
                    ),
                )
                .with_position(link.position.clone())
                .with_dataset(&ds.name, Some(ds.source.clone()))
                .with_column(&col)
                .with_rows(&missing, missing.len() as u64)
                .with_expected("a key in every row")
                .with_help("set `optional = true` on the link if some rows legitimately have none"),
            );
        }
    }
}
