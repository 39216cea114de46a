//! Loading the study's data and checking it against the study file:
//! columns exist, codes belong to their value sets, weights are usable, ids
//! are unique, links resolve, strata have enough PSUs.
//!
//! [`validate`] reads every file ([`mod@self`]), resolves the study file's
//! column references ([`resolve_spec`]), then checks each dataset
//! ([`checks`]) and the links between them ([`links`]). Values of personal
//! columns never appear in a finding ([`Resolved::shown`]).

mod checks;
mod design;
mod links;
mod resolve_spec;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use clusterdx_data::{Column, Dataset, ValueLabels};
use clusterdx_ingest::{ReadOptions, SheetRef};
use clusterdx_results::{Diagnostic, StudyPosition};

pub(crate) use design::design_structure;
pub(crate) use links::target_key;
pub(crate) use resolve_spec::{canonical_code, missing_column};

use crate::spec::{DatasetSpec, RangeSpec, UnitKind};
use crate::{Study, did_you_mean};

/// Text shown in place of a personal column's values and names.
pub const WITHHELD: &str = "(personal, withheld)";

/// The first dataset declared with the unit kind named `unit` (`firm`,
/// `employment` …): how analyses find their data.
pub(crate) fn by_unit<'a>(loaded: &'a [LoadedDataset], unit: &str) -> Option<&'a LoadedDataset> {
    loaded
        .iter()
        .find(|d| d.unit.map(crate::spec::UnitKind::name) == Some(unit))
}

/// Per-row codes of `concept` in `ds`, and whether the column they come
/// from is personal: from `ds`'s own column, else through the first of its
/// links whose target maps the concept (an interview segment's informant's
/// sector and actor type, a worker's firm's sector). Rows whose key finds
/// no target row get `None`. `None` when neither `ds` nor a linked dataset
/// maps the concept.
pub(crate) fn concept_codes(
    loaded: &[LoadedDataset],
    ds: &LoadedDataset,
    concept: &str,
) -> Option<(Vec<Option<String>>, bool)> {
    let codes = |c: &Column| (0..c.len()).map(|i| c.code_at(i)).collect::<Vec<_>>();
    if let Some(name) = ds.columns.concepts.get(concept) {
        let c = ds.dataset.column(name)?;
        return Some((codes(c), ds.columns.is_personal(name)));
    }
    ds.columns.links.iter().find_map(|link| {
        let target = loaded.iter().find(|d| d.name == link.to)?;
        let name = target.columns.concepts.get(concept)?;
        let values = codes(target.dataset.column(name)?);
        let key_name = match &link.to_column {
            Some(k) => crate::resolve::resolve_column_hiding(
                &target.dataset,
                k.get(),
                &target.columns.personal,
            )
            .ok()?,
            None => target.columns.id.clone()?,
        };
        let keys = codes(target.dataset.column(&key_name)?);
        let row_of: HashMap<&str, usize> = keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((k.as_deref()?, i)))
            .collect();
        let local = ds.dataset.column(&link.column)?;
        let out = (0..local.len())
            .map(|i| {
                let k = local.code_at(i)?;
                values[*row_of.get(k.as_str())?].clone()
            })
            .collect();
        Some((out, target.columns.is_personal(name)))
    })
}

/// Distinct codes in code order, each with its label.
pub(crate) type LabelledCodes = Vec<(String, Option<String>)>;

/// A domain variable's code in each row, and its distinct codes in code
/// order with their labels (the study's value set, else the file's).
pub(crate) fn domain_codes(ds: &LoadedDataset, c: &Column) -> (Vec<Option<String>>, LabelledCodes) {
    let codes: Vec<Option<String>> = (0..c.len()).map(|i| c.code_at(i)).collect();
    let mut distinct: Vec<String> = codes
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    distinct.sort_by(|a, b| clusterdx_data::compare_codes(a, b));
    let labels = ds
        .columns
        .value_sets
        .get(&c.name)
        .or(c.value_labels.as_ref());
    let distinct = distinct
        .into_iter()
        .map(|code| {
            let label = labels.and_then(|l| l.get(&code)).map(str::to_string);
            (code, label)
        })
        .collect();
    (codes, distinct)
}

/// An analysis asked to publish a personal column of `ds`: refused, with
/// `message` saying which and where.
pub(crate) fn personal_refused(ds: &LoadedDataset, message: String) -> Diagnostic {
    Diagnostic::error("personal-estimate", message)
        .with_dataset(&ds.name, Some(ds.source.clone()))
        .with_expected("a non-personal column: personal data never reach an output")
}

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
    /// The declared survey design, built when the dataset passed its checks
    /// (shared: analyses estimate through it).
    pub survey: Option<std::sync::Arc<crate::BuiltDesign>>,
}

/// Study-file column references resolved to the dataset's column names.
/// A reference that did not resolve is absent (and reported).
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Row id.
    pub id: Option<String>,
    /// Personal columns (each once).
    pub personal: Vec<String>,
    /// Weights.
    pub weights: Option<String>,
    /// Strata.
    pub strata: Option<String>,
    /// PSUs.
    pub psu: Option<String>,
    /// First-stage fpc.
    pub fpc: Option<String>,
    /// Second-stage units.
    pub ssu: Option<String>,
    /// Second-stage fpc.
    pub fpc2: Option<String>,
    /// Replicate weight columns, in replicate order.
    pub replicate_weights: Vec<String>,
    /// Calibration margin columns, one per margin (`None`: did not resolve).
    pub margins: Vec<Option<String>>,
    /// Concept → column.
    pub concepts: BTreeMap<String, String>,
    /// Other named variables → column.
    pub variables: BTreeMap<String, String>,
    /// Column → value labels that govern it (declared value set or file labels).
    pub value_sets: BTreeMap<String, ValueLabels>,
    /// Columns whose value set is declared in the study file (codes outside are errors).
    pub declared_sets: BTreeSet<String>,
    /// Plausible ranges: column, range, where declared.
    pub ranges: Vec<(String, RangeSpec, Option<StudyPosition>)>,
    /// Links to other datasets.
    pub links: Vec<ResolvedLink>,
}

/// A link with its local column resolved.
#[derive(Debug, Clone)]
pub struct ResolvedLink {
    /// Target dataset.
    pub to: String,
    /// Local key column.
    pub column: String,
    /// Target key column as written (resolved against the target later).
    pub to_column: Option<crate::Located<String>>,
    /// Rows may lack a key.
    pub optional: bool,
    /// Where the link's column is declared.
    pub position: Option<StudyPosition>,
}

impl Resolved {
    /// True when `column` is declared personal.
    pub fn is_personal(&self, column: &str) -> bool {
        self.personal.iter().any(|p| p == column)
    }

    /// A value of `column` as it may appear in a finding or output:
    /// withheld when the column is personal.
    pub fn shown(&self, column: &str, value: &str) -> String {
        if self.is_personal(column) {
            WITHHELD.to_string()
        } else {
            value.to_string()
        }
    }

    /// Every role of every column (id, weights, strata, psu, fpc, ssu, fpc2,
    /// concepts, variables), for summaries.
    pub fn roles(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let design = [
            ("id", &self.id),
            ("weights", &self.weights),
            ("strata", &self.strata),
            ("psu", &self.psu),
            ("fpc", &self.fpc),
            ("ssu", &self.ssu),
            ("fpc2", &self.fpc2),
        ];
        for (role, col) in design {
            if let Some(c) = col {
                out.entry(c.as_str()).or_default().push(role);
            }
        }
        for c in &self.replicate_weights {
            out.entry(c.as_str()).or_default().push("replicate weights");
        }
        for c in self.margins.iter().flatten() {
            out.entry(c.as_str())
                .or_default()
                .push("calibration margin");
        }
        for (role, c) in self.concepts.iter().chain(&self.variables) {
            out.entry(c.as_str()).or_default().push(role.as_str());
        }
        out
    }
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
    let mut diags = study.warnings.clone();
    let mut loaded: Vec<LoadedDataset> = Vec::new();
    let mut read_warnings = Vec::new();
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
                    path.get()
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
            threads: None,
            qdpx_offsets: spec.offsets.unwrap_or_default().into(),
        };
        let format = match options.format {
            Some(f) => f.name(),
            None => clusterdx_ingest::Format::from_path(&full).map_or("", |f| f.name()),
        }
        .to_string();
        if spec.offsets.is_some() && format != clusterdx_ingest::Format::Qdpx.name() {
            diags.push(
                Diagnostic::warning(
                    "unused-option",
                    format!(
                        "{}: dataset `{name}`: `offsets` applies to REFI-QDA projects only; this {} file ignores it",
                        study.locate(path.span()),
                        if format.is_empty() { "unrecognised" } else { &format }
                    ),
                )
                .with_dataset(name, Some(path.get().clone())),
            );
        }
        match clusterdx_ingest::read(&full, &options) {
            Err(e) => {
                // Name the file as the study file does, so messages do not
                // depend on the folder clusterdx was started from.
                let message = e
                    .to_string()
                    .replacen(&full.display().to_string(), path.get(), 1);
                let mut d = Diagnostic::error("read-error", message)
                    .with_position(study.position(path.span()))
                    .with_dataset(name, Some(path.get().clone()));
                if let Some(c) = &e.position().column {
                    d = d.with_column(c);
                }
                if let Some(r) = e.position().record {
                    d = d.with_rows(&[r], 1);
                }
                diags.push(d);
            }
            Ok(ingested) => {
                read_warnings.push((name.clone(), path.get().clone(), ingested.warnings));
                loaded.push(LoadedDataset {
                    name: name.clone(),
                    source: path.get().clone(),
                    format: format.clone(),
                    dataset: ingested.dataset,
                    parent: None,
                    unit: spec.unit,
                    spec: Some(spec.clone()),
                    columns: Resolved::default(),
                    survey: None,
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
                        survey: None,
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
    let checker = resolve_spec::Checker {
        study: &study,
        value_sets: &value_sets,
    };
    checker.resolve_all(&mut loaded, &mut diags);
    // Reader warnings, with personal column names withheld.
    for (name, source, warnings) in read_warnings {
        let Some(ds) = loaded.iter().find(|d| d.name == name) else {
            continue;
        };
        for w in warnings {
            let mut text = source.clone();
            if let Some(r) = w.record {
                text.push_str(&format!(", record {r}"));
            }
            let mut d = Diagnostic::warning("read-warning", String::new())
                .with_dataset(&name, Some(source.clone()));
            if let Some(c) = &w.column {
                let shown = if ds.columns.is_personal(c) {
                    WITHHELD
                } else {
                    c.as_str()
                };
                text.push_str(&format!(", column `{shown}`"));
                d = d.with_column(shown);
            }
            if let Some(r) = w.record {
                d = d.with_rows(&[r], 1);
            }
            d.message = format!("{text}: {}", w.message);
            diags.push(d);
        }
    }
    for ds in &loaded {
        if ds.spec.is_some() {
            checks::check_dataset(&study, ds, &mut diags);
        }
    }
    // Links need every dataset resolved first.
    for ds in &loaded {
        links::check_links(&study, ds, &loaded, &mut diags);
    }
    crate::estimate::check(&study, &loaded, &mut diags);
    crate::cluster::check(&study, &loaded, &mut diags);
    crate::concentration::check(&study, &loaded, &mut diags);
    crate::hrd::check(&study, &loaded, &mut diags);
    crate::poverty::check(&study, &loaded, &mut diags);
    crate::mpi::check(&study, &loaded, &mut diags);
    crate::pls::check(&study, &loaded, &mut diags);
    // Each declared design, once its columns passed their checks.
    for ds in &mut loaded {
        let Some(design) = ds.spec.as_ref().and_then(|s| s.design.clone()) else {
            continue;
        };
        let failed = diags
            .iter()
            .any(|d| d.is_error() && d.dataset.as_deref() == Some(ds.name.as_str()));
        if failed {
            continue;
        }
        match crate::survey_design::build(&study, ds, &design, &mut diags) {
            Ok(built) => ds.survey = Some(std::sync::Arc::new(built)),
            Err(errors) => diags.extend(errors),
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
                labels.insert(resolve_spec::canonical_code(code), label.clone());
            }
            (
                name.clone(),
                (labels, set.missing.iter().map(|c| c.key()).collect()),
            )
        })
        .collect()
}
