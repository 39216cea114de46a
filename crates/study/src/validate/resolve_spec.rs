//! Resolving the study file's column references against the loaded data,
//! and applying the declared missing codes.

use std::collections::HashMap;
use std::ops::Range;

use clusterdx_data::{MissingReason, ValueLabels, code_key};
use clusterdx_results::Diagnostic;

use super::{LoadedDataset, Resolved, ResolvedLink};
use crate::resolve::{Unresolved, resolve_column_hiding};
use crate::spec::{DatasetSpec, ReplicateColumns, ReplicatesSpec};
use crate::{Located, Study};

pub(super) struct Checker<'a> {
    pub study: &'a Study,
    /// Value set name → (labels, missing codes).
    pub value_sets: &'a HashMap<String, (ValueLabels, Vec<String>)>,
}

impl Checker<'_> {
    /// Resolves every declared dataset; personal entries of a parent that
    /// name a column of one of its undeclared repeat groups apply there.
    pub fn resolve_all(&self, loaded: &mut [LoadedDataset], diags: &mut Vec<Diagnostic>) {
        for i in 0..loaded.len() {
            let Some(spec) = loaded[i].spec.clone() else {
                continue;
            };
            let children: Vec<usize> = (0..loaded.len())
                .filter(|&j| {
                    loaded[j].parent.as_deref() == Some(&loaded[i].name) && loaded[j].spec.is_none()
                })
                .collect();
            // Personal columns first, so that no suggestion names them.
            let mut personal = Vec::new();
            for p in &spec.personal {
                match resolve_column_hiding(&loaded[i].dataset, p.get(), &[]) {
                    Ok(c) => {
                        if !personal.contains(&c) {
                            personal.push(c);
                        }
                    }
                    Err(_) => {
                        let in_child = children.iter().find_map(|&j| {
                            resolve_column_hiding(&loaded[j].dataset, p.get(), &[])
                                .ok()
                                .map(|c| (j, c))
                        });
                        match in_child {
                            Some((j, c)) => {
                                if !loaded[j].columns.personal.contains(&c) {
                                    loaded[j].columns.personal.push(c);
                                }
                            }
                            None => {
                                self.column(
                                    &loaded[i],
                                    "personal",
                                    p.get(),
                                    p.span(),
                                    &personal,
                                    diags,
                                );
                            }
                        }
                    }
                }
            }
            let resolved = self.resolve(&mut loaded[i], &spec, personal, diags);
            loaded[i].columns = resolved;
        }
    }

    /// Resolves `name` in `ds`, reporting a missing or ambiguous column with
    /// its study-file position and the closest non-personal names.
    pub fn column(
        &self,
        ds: &LoadedDataset,
        what: &str,
        name: &str,
        span: Range<usize>,
        personal: &[String],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        match resolve_column_hiding(&ds.dataset, name, personal) {
            Ok(c) => Some(c),
            Err(u) => {
                diags.push(missing_column(self.study, ds, what, name, span, u));
                None
            }
        }
    }

    /// The replicate weight columns a design names: a list, or every column
    /// matching a pattern with one `*`, in the natural order of the part the
    /// `*` stands for (`brr_2` before `brr_10`).
    fn replicate_columns(
        &self,
        ds: &LoadedDataset,
        spec: &ReplicatesSpec,
        personal: &[String],
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        let Some(columns) = &spec.columns else {
            return Vec::new();
        };
        let span = columns.span();
        match columns.get() {
            ReplicateColumns::List(list) => list
                .iter()
                .filter_map(|c| {
                    self.column(ds, "replicate weights", c, span.clone(), personal, diags)
                })
                .collect(),
            ReplicateColumns::Pattern(text) => {
                let Some((head, tail)) = text.split_once('*') else {
                    return self
                        .column(ds, "replicate weights", text, span, personal, diags)
                        .into_iter()
                        .collect();
                };
                let mut matched: Vec<(&str, &str)> = ds
                    .dataset
                    .column_names()
                    .filter(|c| {
                        c.len() > head.len() + tail.len()
                            && c.starts_with(head)
                            && c.ends_with(tail)
                            && !personal.iter().any(|p| p == c)
                    })
                    .map(|c| (c, &c[head.len()..c.len() - tail.len()]))
                    .collect();
                matched.sort_by(|a, b| clusterdx_data::compare_codes(a.1, b.1));
                if matched.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            "missing-column",
                            format!(
                                "{}: dataset `{}`: no column matches the replicate weights pattern `{text}`",
                                self.study.locate(span.clone()),
                                ds.name
                            ),
                        )
                        .with_position(self.study.position(span))
                        .with_dataset(&ds.name, Some(ds.source.clone()))
                        .with_expected("columns named like the pattern, `*` standing for the replicate number"),
                    );
                }
                matched.into_iter().map(|(c, _)| c.to_string()).collect()
            }
        }
    }

    fn column_ref(
        &self,
        ds: &LoadedDataset,
        what: &str,
        r: &Option<Located<String>>,
        personal: &[String],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let r = r.as_ref()?;
        self.column(ds, what, r.get(), r.span(), personal, diags)
    }

    /// Resolves every column the spec names and applies declared missing codes.
    fn resolve(
        &self,
        ds: &mut LoadedDataset,
        spec: &DatasetSpec,
        personal: Vec<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Resolved {
        let p = personal.clone();
        let mut out = Resolved {
            id: self.column_ref(ds, "id", &spec.id, &p, diags),
            personal,
            ..Default::default()
        };
        if let Some(design) = &spec.design {
            out.weights = self.column_ref(ds, "weights", &design.weights, &p, diags);
            out.strata = self.column_ref(ds, "strata", &design.strata, &p, diags);
            out.psu = self.column_ref(ds, "psu", &design.psu, &p, diags);
            out.fpc = self.column_ref(ds, "fpc", &design.fpc, &p, diags);
            out.ssu = self.column_ref(ds, "ssu", &design.ssu, &p, diags);
            out.fpc2 = self.column_ref(ds, "fpc2", &design.fpc2, &p, diags);
        }
        for (concept, col) in spec.concepts.mapped() {
            if let Some(c) = self.column(ds, concept, col.get(), col.span(), &p, diags) {
                out.concepts.insert(concept.to_string(), c);
            }
        }
        for (var, col) in &spec.variables {
            if let Some(c) = self.column(ds, var.get(), col.get(), col.span(), &p, diags) {
                out.variables.insert(var.get().clone(), c);
            }
        }
        if let Some(design) = &spec.design {
            if let Some(r) = &design.replicates {
                out.replicate_weights = self.replicate_columns(ds, r, &p, diags);
            }
            for m in design.calibration.iter().flat_map(|c| &c.margins) {
                let name = m.column.get();
                let mapped = out
                    .concepts
                    .get(name)
                    .or_else(|| out.variables.get(name))
                    .cloned();
                out.margins.push(mapped.or_else(|| {
                    self.column(ds, "calibration margin", name, m.column.span(), &p, diags)
                }));
            }
        }
        for link in &spec.links {
            if let Some(c) =
                self.column(ds, "link", link.column.get(), link.column.span(), &p, diags)
            {
                out.links.push(ResolvedLink {
                    to: link.to.get().clone(),
                    column: c,
                    to_column: link.to_column.clone(),
                    optional: link.optional,
                    position: self.study.position(link.column.span()),
                });
            }
        }
        // Declared labels of columns.
        for (col, text) in &spec.labels {
            if let Some(c) = self.column(ds, "labels", col.get(), col.span(), &p, diags)
                && let Some(column) = ds.dataset.column_mut(&c)
            {
                column.label = Some(text.clone());
            }
        }
        // Declared missing codes per column, then value-set missing codes.
        let mut missing: Vec<(String, Vec<String>)> = Vec::new();
        for (col, codes) in &spec.missing_codes {
            if let Some(c) = self.column(ds, "missing_codes", col.get(), col.span(), &p, diags) {
                missing.push((c, codes.iter().map(|c| c.key()).collect()));
            }
        }
        for (col, set) in &spec.codes {
            if let Some(c) = self.column(ds, "codes", col.get(), col.span(), &p, diags)
                && let Some((labels, miss)) = self.value_sets.get(set.get())
            {
                out.value_sets.insert(c.clone(), labels.clone());
                out.declared_sets.insert(c.clone());
                missing.push((c, miss.clone()));
            }
        }
        for (col, codes) in missing {
            if codes.is_empty() {
                continue;
            }
            if let Some(column) = ds.dataset.column_mut(&col) {
                for i in 0..column.len() {
                    if let Some(code) = column.code_at(i)
                        && codes.contains(&code)
                    {
                        column
                            .validity
                            .set_missing(i, MissingReason::UserCode { raw: code });
                    }
                }
            }
        }
        // File value labels govern mapped coded columns not given a value set.
        for col in out.concepts.values() {
            if out.value_sets.contains_key(col) {
                continue;
            }
            if let Some(labels) = ds.dataset.column(col).and_then(|c| c.value_labels.clone()) {
                out.value_sets.insert(col.clone(), labels);
            }
        }
        for (col, range) in &spec.ranges {
            let position = self.study.position(col.span());
            let Some(c) = self.column(ds, "ranges", col.get(), col.span(), &p, diags) else {
                continue;
            };
            if let (Some(lo), Some(hi)) = (range.min, range.max)
                && lo > hi
            {
                diags.push(
                    Diagnostic::error(
                        "bad-range",
                        format!(
                            "{}: range of `{}` has min {lo} > max {hi}",
                            self.study.locate(col.span()),
                            col.get()
                        ),
                    )
                    .with_position(position.clone())
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_expected("min ≤ max"),
                );
            }
            if ds.dataset.column(&c).is_some_and(|col| !col.is_numeric()) {
                diags.push(
                    Diagnostic::warning(
                        "range-on-text",
                        format!(
                            "{}: `{}` is not numeric, so its range is not checked",
                            self.study.locate(col.span()),
                            col.get()
                        ),
                    )
                    .with_position(position.clone())
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_column(&c)
                    .with_expected("a numeric column"),
                );
            }
            out.ranges.push((c, range.clone(), position));
        }
        out
    }
}

/// The diagnostic for a column reference that does not resolve.
pub(crate) fn missing_column(
    study: &Study,
    ds: &LoadedDataset,
    what: &str,
    name: &str,
    span: Range<usize>,
    why: Unresolved,
) -> Diagnostic {
    let (expected, help) = match why {
        Unresolved::Missing { closest } => (
            format!(
                "a column of `{}` ({} columns)",
                ds.source,
                ds.dataset.columns().len()
            ),
            (!closest.is_empty()).then(|| {
                format!(
                    "closest existing names: {}",
                    closest
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        ),
        Unresolved::Ambiguous { matches } => (
            "a name that identifies one column".to_string(),
            Some(format!(
                "several columns end in `{name}`; write the full path: {}",
                matches
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
    };
    let mut d = Diagnostic::error(
        "missing-column",
        format!(
            "{}: dataset `{}`: {what} column `{name}` is not in `{}`",
            study.locate(span.clone()),
            ds.name,
            ds.source
        ),
    )
    .with_position(study.position(span))
    .with_dataset(&ds.name, Some(ds.source.clone()))
    .with_column(name)
    .with_expected(expected);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}

/// Canonical form of a value-set key: numeric-looking keys without a
/// leading zero become [`code_key`] text (`"1.0"` → `"1"`), others stay.
pub(crate) fn canonical_code(key: &str) -> String {
    let t = key.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() && !leading_zero && !t.is_empty() => code_key(x),
        _ => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::canonical_code;

    #[test]
    fn canonical_codes() {
        assert_eq!(canonical_code("1.0"), "1");
        assert_eq!(canonical_code("1"), "1");
        assert_eq!(canonical_code("2.5"), "2.5");
        assert_eq!(canonical_code("007"), "007");
        assert_eq!(canonical_code("marble"), "marble");
        assert_eq!(canonical_code("0.5"), "0.5");
    }
}
