//! Loading the study's data and checking it against the study file:
//! columns exist, codes belong to their value sets, weights are usable, ids
//! are unique, links resolve, strata have enough PSUs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use clusterdx_data::{Dataset, MissingReason, ValueLabels};
use clusterdx_ingest::{ReadOptions, SheetRef};
use clusterdx_results::Diagnostic;

use crate::resolve::{Unresolved, resolve_column};
use crate::spec::{DatasetSpec, LonelyPsu, UnitKind};
use crate::{Located, Study, did_you_mean};

/// A dataset as loaded, with its study-file columns resolved to real names.
#[derive(Debug, Clone)]
pub struct LoadedDataset {
    /// Study name (`firms`; `firms/roster` for an undeclared repeat group).
    pub name: String,
    /// The file, as written in the study file (or the parent's, for a repeat group).
    pub source: String,
    /// Format read.
    pub format: String,
    /// The data.
    pub dataset: Dataset,
    /// Parent dataset, for repeat groups.
    pub parent: Option<String>,
    /// Declared unit kind.
    pub unit: Option<UnitKind>,
    /// The spec, when the dataset is declared in the study file.
    pub spec: Option<DatasetSpec>,
    /// Resolved column names.
    pub columns: Resolved,
}

/// Study-file column references resolved to the dataset's column names.
/// A reference that did not resolve is absent (and reported).
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Row id.
    pub id: Option<String>,
    /// Personal columns.
    pub personal: Vec<String>,
    /// Weights.
    pub weights: Option<String>,
    /// Strata.
    pub strata: Option<String>,
    /// PSUs.
    pub psu: Option<String>,
    /// First-stage fpc.
    pub fpc: Option<String>,
    /// Concept → column.
    pub concepts: BTreeMap<String, String>,
    /// Column → value labels that govern it (declared value set or file labels).
    pub value_sets: BTreeMap<String, ValueLabels>,
}

/// All datasets of a study, loaded and checked.
#[derive(Debug, Clone)]
pub struct LoadedStudy {
    /// The study file.
    pub study: Study,
    /// Datasets in study order, repeat groups after their parent.
    pub datasets: Vec<LoadedDataset>,
}

impl LoadedStudy {
    /// The dataset named `name`.
    pub fn dataset(&self, name: &str) -> Option<&LoadedDataset> {
        self.datasets.iter().find(|d| d.name == name)
    }
}

/// The outcome of validation: findings, and the loaded study when every
/// dataset could at least be read.
#[derive(Debug, Clone)]
pub struct Validation {
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// The loaded data.
    pub loaded: Option<LoadedStudy>,
}

impl Validation {
    /// True when there is no error.
    pub fn is_clean(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads every dataset of `study` and checks it. `progress` is called with
/// the name of each dataset before it is read (the CLI draws a bar).
pub fn validate(study: Study, progress: &mut dyn FnMut(&str)) -> Validation {
    let mut diags = Vec::new();
    let mut loaded: Vec<LoadedDataset> = Vec::new();
    let base = study.base_dir();
    for (name, spec) in &study.spec.datasets {
        let Some(path) = &spec.path else { continue };
        progress(name);
        let full = base.join(path.get());
        if !full.exists() {
            let mut d = Diagnostic::error(
                "file-not-found",
                format!(
                    "{}: dataset `{name}`: file `{}` not found",
                    study.locate(path.span()),
                    full.display()
                ),
            )
            .with_position(study.position(path.span()))
            .with_dataset(name, Some(path.get().clone()))
            .with_expected("an existing file, relative to the study file");
            if let Some(s) = sibling_suggestion(&full) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diags.push(d);
            continue;
        }
        let options = ReadOptions {
            format: spec.format.map(Into::into),
            sheet: spec.sheet.as_ref().map(|s| match s {
                crate::spec::SheetSpec::Index(i) => SheetRef::Index(*i),
                crate::spec::SheetSpec::Name(n) => SheetRef::Name(n.clone()),
            }),
            header_row: spec.header_row,
            delimiter: spec.delimiter.as_ref().map(|d| {
                if d.get() == "tab" {
                    b'\t'
                } else {
                    d.get().as_bytes().first().copied().unwrap_or(b',')
                }
            }),
            na_values: spec.na_values.clone(),
            name: name.clone(),
        };
        let format = match options.format {
            Some(f) => f.name(),
            None => clusterdx_ingest::Format::from_path(&full).map_or("", |f| f.name()),
        }
        .to_string();
        match clusterdx_ingest::read(&full, &options) {
            Err(e) => diags.push(
                Diagnostic::error("read-error", e.to_string())
                    .with_position(study.position(path.span()))
                    .with_dataset(name, Some(path.get().clone())),
            ),
            Ok(ingested) => {
                for w in ingested.warnings {
                    diags.push(
                        Diagnostic::warning(
                            "read-warning",
                            format!("{}: {}", w.path.display(), w.message),
                        )
                        .with_dataset(name, Some(path.get().clone())),
                    );
                }
                loaded.push(LoadedDataset {
                    name: name.clone(),
                    source: path.get().clone(),
                    format: format.clone(),
                    dataset: ingested.dataset,
                    parent: None,
                    unit: spec.unit,
                    spec: Some(spec.clone()),
                    columns: Resolved::default(),
                });
                for child in ingested.children {
                    loaded.push(LoadedDataset {
                        name: format!("{name}/{}", child.name),
                        source: path.get().clone(),
                        format: format.clone(),
                        parent: Some(name.clone()),
                        unit: None,
                        spec: None,
                        columns: Resolved::default(),
                        dataset: child,
                    });
                }
            }
        }
    }
    // Declared repeat groups take over the auto-named child.
    for (name, spec) in &study.spec.datasets {
        let (Some(parent), Some(repeat)) = (&spec.parent, &spec.repeat) else {
            continue;
        };
        let auto = format!("{}/{}", parent.get(), repeat.get());
        match loaded.iter_mut().find(|d| d.name == auto) {
            Some(d) => {
                d.name = name.clone();
                d.dataset.name = name.clone();
                d.unit = spec.unit;
                d.spec = Some(spec.clone());
            }
            None => {
                if loaded.iter().any(|d| &d.name == parent.get()) {
                    let available: Vec<String> = loaded
                        .iter()
                        .filter(|d| d.parent.as_deref() == Some(parent.get()))
                        .map(|d| d.dataset.name.clone())
                        .collect();
                    let mut d = Diagnostic::error(
                        "unknown-repeat",
                        format!(
                            "{}: dataset `{}` has no repeat group `{}`",
                            study.locate(repeat.span()),
                            parent.get(),
                            repeat.get()
                        ),
                    )
                    .with_position(study.position(repeat.span()))
                    .with_dataset(name, None)
                    .with_expected(if available.is_empty() {
                        "a repeat group (the export has none: Kobo XLSX sheets or ODK `<form>-<repeat>.csv` files)".to_string()
                    } else {
                        format!("one of: {}", available.join(", "))
                    });
                    if let Some(s) =
                        did_you_mean(repeat.get(), available.iter().map(String::as_str))
                    {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    diags.push(d);
                }
            }
        }
    }
    let value_sets = declared_value_sets(&study);
    let checker = Checker {
        study: &study,
        value_sets: &value_sets,
    };
    for ds in loaded.iter_mut() {
        let Some(spec) = ds.spec.clone() else {
            continue;
        };
        ds.columns = checker.resolve(ds, &spec, &mut diags);
        checker.check_dataset(ds, &spec, &mut diags);
    }
    // Links need every dataset resolved first.
    for ds in &loaded {
        if let Some(spec) = &ds.spec {
            check_links(&study, ds, spec, &loaded, &mut diags);
        }
    }
    let all_read = study
        .spec
        .datasets
        .values()
        .filter(|s| s.path.is_some())
        .count()
        == loaded.iter().filter(|d| d.parent.is_none()).count();
    Validation {
        diagnostics: diags,
        loaded: all_read.then_some(LoadedStudy {
            study,
            datasets: loaded,
        }),
    }
}

fn sibling_suggestion(path: &Path) -> Option<String> {
    let dir = path.parent()?;
    let want = path.file_name()?.to_str()?;
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    did_you_mean(want, names.iter().map(String::as_str)).map(str::to_string)
}

fn declared_value_sets(study: &Study) -> HashMap<String, (ValueLabels, Vec<String>)> {
    study
        .spec
        .value_sets
        .iter()
        .map(|(name, set)| {
            let mut labels = ValueLabels::new();
            labels.name = Some(name.clone());
            for (code, label) in &set.labels {
                labels.insert(code.clone(), label.clone());
            }
            (
                name.clone(),
                (labels, set.missing.iter().map(|c| c.key()).collect()),
            )
        })
        .collect()
}

struct Checker<'a> {
    study: &'a Study,
    value_sets: &'a HashMap<String, (ValueLabels, Vec<String>)>,
}

impl Checker<'_> {
    fn column(
        &self,
        ds: &LoadedDataset,
        what: &str,
        name: &str,
        span: Range<usize>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        match resolve_column(&ds.dataset, name) {
            Ok(c) => Some(c),
            Err(u) => {
                let (expected, help) = match u {
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
                        self.study.locate(span.clone()),
                        ds.name,
                        ds.source
                    ),
                )
                .with_position(self.study.position(span))
                .with_dataset(&ds.name, Some(ds.source.clone()))
                .with_column(name)
                .with_expected(expected);
                if let Some(h) = help {
                    d = d.with_help(h);
                }
                diags.push(d);
                None
            }
        }
    }

    fn column_ref(
        &self,
        ds: &LoadedDataset,
        what: &str,
        r: &Option<Located<String>>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let r = r.as_ref()?;
        self.column(ds, what, r.get(), r.span(), diags)
    }

    /// Resolves every column the spec names and applies declared missing codes.
    fn resolve(
        &self,
        ds: &mut LoadedDataset,
        spec: &DatasetSpec,
        diags: &mut Vec<Diagnostic>,
    ) -> Resolved {
        let mut out = Resolved {
            id: self.column_ref(ds, "id", &spec.id, diags),
            ..Default::default()
        };
        for p in &spec.personal {
            if let Some(c) = self.column(ds, "personal", p.get(), p.span(), diags) {
                out.personal.push(c);
            }
        }
        if let Some(design) = &spec.design {
            out.weights = self.column_ref(ds, "weights", &design.weights, diags);
            out.strata = self.column_ref(ds, "strata", &design.strata, diags);
            out.psu = self.column_ref(ds, "psu", &design.psu, diags);
            out.fpc = self.column_ref(ds, "fpc", &design.fpc, diags);
            self.column_ref(ds, "ssu", &design.ssu, diags);
            self.column_ref(ds, "fpc2", &design.fpc2, diags);
        }
        for (concept, col) in spec.concepts.mapped() {
            if let Some(c) = self.column(ds, concept, col.get(), col.span(), diags) {
                out.concepts.insert(concept.to_string(), c);
            }
        }
        for (var, col) in &spec.variables {
            if let Some(c) = self.column(ds, var, col.get(), col.span(), diags) {
                out.concepts.insert(var.clone(), c);
            }
        }
        // Declared missing codes per column, then value-set missing codes.
        let mut missing: Vec<(String, Vec<String>)> = Vec::new();
        for (col, codes) in &spec.missing_codes {
            let span = self.key_span(col);
            if let Some(c) = self.column(ds, "missing_codes", col, span, diags) {
                missing.push((c, codes.iter().map(|c| c.key()).collect()));
            }
        }
        for (col, set) in &spec.codes {
            let span = self.key_span(col);
            if let Some(c) = self.column(ds, "codes", col, span, diags)
                && let Some((labels, miss)) = self.value_sets.get(set.get())
            {
                out.value_sets.insert(c.clone(), labels.clone());
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
        for (col, _) in &spec.ranges {
            let span = self.key_span(col);
            self.column(ds, "ranges", col, span, diags);
        }
        out
    }

    /// Span of a table key in the study file (best effort: first occurrence).
    fn key_span(&self, key: &str) -> Range<usize> {
        let src = &self.study.source;
        for pat in [format!("\"{key}\""), key.to_string()] {
            if let Some(i) = src
                .find(&format!("\n{pat} "))
                .or_else(|| src.find(&format!("\n{pat}=")))
            {
                return i + 1..i + 1 + pat.len();
            }
        }
        0..0
    }

    fn check_dataset(&self, ds: &LoadedDataset, spec: &DatasetSpec, diags: &mut Vec<Diagnostic>) {
        let data = &ds.dataset;
        let file = Some(ds.source.clone());
        let here = |span: Option<Range<usize>>| span.and_then(|s| self.study.position(s));
        // Unique, present ids.
        if let (Some(id), Some(r)) = (&ds.columns.id, &spec.id)
            && let Some(col) = data.column(id)
        {
            let mut first: HashMap<String, u64> = HashMap::new();
            let (mut dup_rows, mut missing_rows) = (Vec::new(), Vec::new());
            let mut example = None;
            for i in 0..col.len() {
                match col.code_at(i) {
                    None => missing_rows.push(i as u64 + 1),
                    Some(code) => {
                        if let Some(&f) = first.get(&code) {
                            example.get_or_insert((code.clone(), f, i as u64 + 1));
                            dup_rows.push(i as u64 + 1);
                        } else {
                            first.insert(code, i as u64 + 1);
                        }
                    }
                }
            }
            if let Some((code, f, second)) = example {
                diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!(
                            "{}, column `{id}`: id `{code}` appears in rows {f} and {second} ({} duplicate rows in all)",
                            ds.source,
                            dup_rows.len()
                        ),
                    )
                    .with_position(here(Some(r.span())))
                    .with_dataset(&ds.name, file.clone())
                    .with_column(id)
                    .with_rows(&dup_rows, dup_rows.len() as u64)
                    .with_expected("a unique id in every row"),
                );
            }
            if !missing_rows.is_empty() {
                diags.push(
                    Diagnostic::error(
                        "missing-id",
                        format!(
                            "{}, column `{id}`: {} rows have no id (first: row {})",
                            ds.source,
                            missing_rows.len(),
                            missing_rows[0]
                        ),
                    )
                    .with_dataset(&ds.name, file.clone())
                    .with_column(id)
                    .with_rows(&missing_rows, missing_rows.len() as u64)
                    .with_expected("an id in every row"),
                );
            }
        }
        // Codes inside their value sets (declared sets are errors, file labels warnings).
        for (col, labels) in &ds.columns.value_sets {
            let declared = spec
                .codes
                .keys()
                .any(|k| resolve_column(data, k).ok().as_deref() == Some(col.as_str()));
            let Some(column) = data.column(col) else {
                continue;
            };
            let mut rows = Vec::new();
            let mut examples: Vec<String> = Vec::new();
            for i in 0..column.len() {
                if let Some(code) = column.code_at(i)
                    && !labels.contains(&code)
                {
                    rows.push(i as u64 + 1);
                    if examples.len() < 5 && !examples.contains(&code) {
                        examples.push(code);
                    }
                }
            }
            if rows.is_empty() {
                continue;
            }
            let set_name = labels
                .name
                .clone()
                .unwrap_or_else(|| "the file's value labels".into());
            let allowed: Vec<String> = labels.iter().map(|(c, _)| c.to_string()).collect();
            let make = if declared {
                Diagnostic::error
            } else {
                Diagnostic::warning
            };
            diags.push(
                make(
                    "code-outside-value-set",
                    format!(
                        "{}, column `{col}`: {} rows hold codes outside `{set_name}` ({}; first at row {})",
                        ds.source,
                        rows.len(),
                        examples.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", "),
                        rows[0]
                    ),
                )
                .with_dataset(&ds.name, file.clone())
                .with_column(col)
                .with_rows(&rows, rows.len() as u64)
                .with_expected(format!("one of: {}", allowed.join(", ")))
                .with_help("add the code to the value set, declare it in `missing_codes`, or correct the data"),
            );
        }
        if let Some(design) = &spec.design {
            self.check_design(ds, design, diags);
        }
        // Ranges.
        for (col, range) in &spec.ranges {
            let Ok(name) = resolve_column(data, col) else {
                continue;
            };
            let Some(column) = data.column(&name) else {
                continue;
            };
            let rows: Vec<u64> = (0..column.len())
                .filter(|&i| {
                    column.f64_at(i).is_some_and(|x| {
                        range.min.is_some_and(|m| x < m) || range.max.is_some_and(|m| x > m)
                    })
                })
                .map(|i| i as u64 + 1)
                .collect();
            if !rows.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        "out-of-range",
                        format!(
                            "{}, column `{name}`: {} values outside the plausible range (first at row {})",
                            ds.source,
                            rows.len(),
                            rows[0]
                        ),
                    )
                    .with_dataset(&ds.name, file.clone())
                    .with_column(&name)
                    .with_rows(&rows, rows.len() as u64)
                    .with_expected(format!(
                        "values in [{}, {}]",
                        range.min.map_or("-inf".into(), |m| m.to_string()),
                        range.max.map_or("inf".into(), |m| m.to_string())
                    )),
                );
            }
        }
    }

    fn check_design(
        &self,
        ds: &LoadedDataset,
        design: &crate::spec::DesignSpec,
        diags: &mut Vec<Diagnostic>,
    ) {
        let data = &ds.dataset;
        let file = Some(ds.source.clone());
        if let Some(w) = &ds.columns.weights
            && let Some(col) = data.column(w)
        {
            let pos = design
                .weights
                .as_ref()
                .and_then(|r| self.study.position(r.span()));
            if !col.is_numeric() {
                diags.push(
                    Diagnostic::error(
                        "weights-not-numeric",
                        format!(
                            "{}, column `{w}`: weights are {:?}, not numbers",
                            ds.source,
                            col.logical_type()
                        ),
                    )
                    .with_position(pos.clone())
                    .with_dataset(&ds.name, file.clone())
                    .with_column(w)
                    .with_expected("positive numbers"),
                );
            } else {
                let mut missing = Vec::new();
                let mut negative = Vec::new();
                let mut zero = Vec::new();
                for i in 0..col.len() {
                    match col.f64_at(i) {
                        None => missing.push(i as u64 + 1),
                        Some(x) if !x.is_finite() => missing.push(i as u64 + 1),
                        Some(x) if x < 0.0 => negative.push(i as u64 + 1),
                        Some(x) if x == 0.0 && !design.allow_zero_weights => {
                            zero.push(i as u64 + 1)
                        }
                        _ => {}
                    }
                }
                for (rows, what, code) in [
                    (missing, "missing", "weight-missing"),
                    (negative, "negative", "weight-negative"),
                    (zero, "zero", "weight-zero"),
                ] {
                    if rows.is_empty() {
                        continue;
                    }
                    let mut d = Diagnostic::error(
                        code,
                        format!(
                            "{}, column `{w}`: {} {what} weights (first at row {})",
                            ds.source,
                            rows.len(),
                            rows[0]
                        ),
                    )
                    .with_position(pos.clone())
                    .with_dataset(&ds.name, file.clone())
                    .with_column(w)
                    .with_rows(&rows, rows.len() as u64)
                    .with_expected("a positive weight in every row");
                    if code == "weight-zero" {
                        d = d.with_help("set `allow_zero_weights = true` in the design if these units are out of scope on purpose");
                    }
                    diags.push(d);
                }
            }
        }
        for (col, what) in [(&ds.columns.strata, "strata"), (&ds.columns.psu, "psu")] {
            let Some(col) = col else { continue };
            let Some(c) = data.column(col) else {
                continue;
            };
            let rows: Vec<u64> = (0..c.len())
                .filter(|&i| c.get(i).is_missing())
                .map(|i| i as u64 + 1)
                .collect();
            if !rows.is_empty() {
                diags.push(
                    Diagnostic::error(
                        "design-missing",
                        format!(
                            "{}, column `{col}`: {} rows have no {what} (first at row {})",
                            ds.source,
                            rows.len(),
                            rows[0]
                        ),
                    )
                    .with_dataset(&ds.name, file.clone())
                    .with_column(col)
                    .with_rows(&rows, rows.len() as u64)
                    .with_expected(format!("a {what} in every row")),
                );
            }
        }
        let summary = design_structure(ds);
        // Strata declared in the strata column's value set but without a PSU.
        if let Some(strata) = &ds.columns.strata
            && let Some(labels) = ds.columns.value_sets.get(strata)
        {
            let empty: Vec<&str> = labels
                .iter()
                .map(|(code, _)| code)
                .filter(|code| !summary.psus_per_stratum.contains_key(*code))
                .collect();
            if !empty.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        "empty-stratum",
                        format!(
                            "{}, column `{strata}`: {} declared strata have no sampled PSU: {}",
                            ds.source,
                            empty.len(),
                            empty.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .with_position(design.strata.as_ref().and_then(|r| self.study.position(r.span())))
                    .with_dataset(&ds.name, file.clone())
                    .with_column(strata)
                    .with_expected("at least two sampled PSUs in every stratum of the design")
                    .with_help("estimates for the population of an empty stratum rest on the others: collapse it with a similar stratum or say so in the report"),
                );
            }
        }
        for stratum in &summary.single_psu {
            let msg = format!(
                "{}: stratum `{stratum}` of dataset `{}` has a single PSU, so its variance cannot be estimated",
                ds.source, ds.name
            );
            let d = match design.lonely_psu {
                LonelyPsu::Fail => Diagnostic::error("single-psu-stratum", msg)
                    .with_help("set `lonely_psu` in the design to remove, adjust, average or certainty, or merge the stratum with a similar one"),
                other => Diagnostic::warning("single-psu-stratum", format!("{msg}; handled by lonely_psu = \"{}\"", other.name())),
            };
            diags.push(
                d.with_position(
                    design
                        .strata
                        .as_ref()
                        .and_then(|r| self.study.position(r.span())),
                )
                .with_dataset(&ds.name, file.clone())
                .with_expected("at least two PSUs in every stratum"),
            );
        }
        if let Some(fpc) = &ds.columns.fpc
            && let Some(c) = data.column(fpc)
        {
            let mut bad = Vec::new();
            let mut per_stratum: HashMap<String, f64> = HashMap::new();
            let mut varying = Vec::new();
            let strata = ds.columns.strata.as_ref().and_then(|s| data.column(s));
            for i in 0..c.len() {
                match c.f64_at(i) {
                    Some(x) if x > 0.0 => {
                        let s = strata.and_then(|s| s.code_at(i)).unwrap_or_default();
                        let prev = *per_stratum.entry(s).or_insert(x);
                        if prev != x {
                            varying.push(i as u64 + 1);
                        }
                    }
                    _ => bad.push(i as u64 + 1),
                }
            }
            if !bad.is_empty() {
                diags.push(
                    Diagnostic::error("fpc-invalid", format!("{}, column `{fpc}`: {} rows with a missing or non-positive fpc (first at row {})", ds.source, bad.len(), bad[0]))
                        .with_dataset(&ds.name, file.clone()).with_column(fpc).with_rows(&bad, bad.len() as u64)
                        .with_expected("the population count of PSUs in the stratum, or the sampling fraction (0 < f ≤ 1)"),
                );
            }
            if !varying.is_empty() {
                diags.push(
                    Diagnostic::error("fpc-varies", format!("{}, column `{fpc}`: the fpc differs within a stratum (first at row {})", ds.source, varying[0]))
                        .with_dataset(&ds.name, file.clone()).with_column(fpc).with_rows(&varying, varying.len() as u64)
                        .with_expected("one fpc value per stratum"),
                );
            }
            for (stratum, n_psu) in &summary.psus_per_stratum {
                if let Some(&pop) = per_stratum.get(stratum)
                    && pop > 1.0
                    && (pop as u64) < *n_psu
                {
                    diags.push(
                        Diagnostic::error("fpc-too-small", format!("{}, column `{fpc}`: stratum `{stratum}` has {n_psu} sampled PSUs but a population of {pop}", ds.source))
                            .with_dataset(&ds.name, file.clone()).with_column(fpc)
                            .with_expected("a population count at least the number of sampled PSUs"),
                    );
                }
            }
        }
    }
}

/// Strata and PSU counts of a dataset's design.
#[derive(Debug, Clone, Default)]
pub(crate) struct DesignStructure {
    pub psus_per_stratum: BTreeMap<String, u64>,
    pub single_psu: Vec<String>,
    pub n_psu: u64,
}

/// Counts PSUs per stratum (PSU ids nested in strata). Rows without a
/// stratum or PSU value are skipped (they are reported separately).
pub(crate) fn design_structure(ds: &LoadedDataset) -> DesignStructure {
    let data = &ds.dataset;
    let strata = ds.columns.strata.as_ref().and_then(|s| data.column(s));
    let psu = ds.columns.psu.as_ref().and_then(|s| data.column(s));
    let mut sets: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for i in 0..data.n_rows() {
        let s = match strata {
            Some(c) => match c.code_at(i) {
                Some(s) => s,
                None => continue,
            },
            None => "(all)".to_string(),
        };
        let p = match psu {
            Some(c) => match c.code_at(i) {
                Some(p) => p,
                None => continue,
            },
            None => format!("row{i}"),
        };
        sets.entry(s).or_default().insert(p);
    }
    let psus_per_stratum: BTreeMap<String, u64> = sets
        .iter()
        .map(|(s, p)| (s.clone(), p.len() as u64))
        .collect();
    DesignStructure {
        single_psu: psus_per_stratum
            .iter()
            .filter(|(_, n)| **n == 1)
            .map(|(s, _)| s.clone())
            .collect(),
        n_psu: psus_per_stratum.values().sum(),
        psus_per_stratum,
    }
}

fn check_links(
    study: &Study,
    ds: &LoadedDataset,
    spec: &DatasetSpec,
    all: &[LoadedDataset],
    diags: &mut Vec<Diagnostic>,
) {
    for link in &spec.links {
        let Some(target) = all.iter().find(|d| &d.name == link.to.get()) else {
            continue;
        };
        let Ok(col) = resolve_column(&ds.dataset, link.column.get()) else {
            continue; // reported as a missing column already
        };
        let key_col = match &link.to_column {
            Some(r) => match resolve_column(&target.dataset, r.get()) {
                Ok(c) => c,
                Err(_) => {
                    diags.push(
                        Diagnostic::error(
                            "missing-column",
                            format!(
                                "{}: link to `{}`: column `{}` is not in `{}`",
                                study.locate(r.span()),
                                target.name,
                                r.get(),
                                target.source
                            ),
                        )
                        .with_position(study.position(r.span()))
                        .with_dataset(&target.name, Some(target.source.clone()))
                        .with_expected(format!("a column of `{}`", target.source)),
                    );
                    continue;
                }
            },
            None => match &target.columns.id {
                Some(id) => id.clone(),
                None => {
                    diags.push(
                        Diagnostic::error(
                            "link-without-key",
                            format!(
                                "{}: link to `{}`, which declares no `id`",
                                study.locate(link.to.span()),
                                target.name
                            ),
                        )
                        .with_position(study.position(link.to.span()))
                        .with_expected(format!(
                            "`id = \"...\"` in dataset `{}`, or `to_column` in the link",
                            target.name
                        )),
                    );
                    continue;
                }
            },
        };
        let (Some(key_column), Some(c)) =
            (target.dataset.column(&key_col), ds.dataset.column(&col))
        else {
            continue;
        };
        let keys: HashSet<String> = (0..key_column.len())
            .filter_map(|i| key_column.code_at(i))
            .collect();
        let (mut orphans, mut missing) = (Vec::new(), Vec::new());
        let mut example = None;
        for i in 0..c.len() {
            match c.code_at(i) {
                Some(k) if !keys.contains(&k) => {
                    example.get_or_insert(k);
                    orphans.push(i as u64 + 1);
                }
                None if !link.optional => missing.push(i as u64 + 1),
                _ => {}
            }
        }
        if let Some(k) = example {
            diags.push(
                Diagnostic::error(
                    "broken-link",
                    format!(
                        "{}, column `{col}`: {} rows point to a `{}` that does not exist (first: row {}, `{k}` is not in `{}` column `{key_col}`)",
                        ds.source, orphans.len(), target.name, orphans[0], target.source
                    ),
                )
                .with_position(study.position(link.column.span()))
                .with_dataset(&ds.name, Some(ds.source.clone()))
                .with_column(&col)
                .with_rows(&orphans, orphans.len() as u64)
                .with_expected(format!("ids present in `{}`", target.name)),
            );
        }
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(
                    "link-missing",
                    format!(
                        "{}, column `{col}`: {} rows have no `{}` key (first at row {})",
                        ds.source,
                        missing.len(),
                        target.name,
                        missing[0]
                    ),
                )
                .with_position(study.position(link.column.span()))
                .with_dataset(&ds.name, Some(ds.source.clone()))
                .with_column(&col)
                .with_rows(&missing, missing.len() as u64)
                .with_expected("a key in every row")
                .with_help("set `optional = true` on the link if some rows legitimately have none"),
            );
        }
    }
}
