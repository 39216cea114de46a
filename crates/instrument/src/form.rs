//! The form model: an XLSForm's survey rows, choice lists and settings,
//! with each row's role in the study file (the `clusterdx` column).
//!
//! A role is what lets an export of the form ingest without a hand-written
//! mapping: `concept=sector`, `variable=joint_action`, `id`,
//! `design=weights`, `link=firms` (`link=workers?` when optional),
//! `personal`, `missing=98`, `range=1900..2025`, and on a `begin_repeat`
//! row `dataset=roster;unit=roster`. Tokens are separated by `;`.

use std::fmt::Write as _;

/// The languages every generated form carries: English, filled, and
/// columns for Urdu and Sindhi that users fill.
pub const LANGUAGES: [&str; 3] = ["English (en)", "Urdu (ur)", "Sindhi (sd)"];

/// A row's role in the study file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Role {
    /// The concept the column maps to (`sector`, `job_level`, …).
    pub concept: Option<String>,
    /// The study variable the column maps to (`joint_action`, …).
    pub variable: Option<String>,
    /// The dataset's id.
    pub id: bool,
    /// A design role: `weights`, `strata`, `psu`, `fpc`, `ssu`, `fpc2`.
    pub design: Option<String>,
    /// A link to another dataset's id: (dataset, optional).
    pub link: Option<(String, bool)>,
    /// Personal data: never in an output.
    pub personal: bool,
    /// An item of a structural model (its label, the statement, is written
    /// into the study file).
    pub item: bool,
    /// Codes that mean missing (`98` don't know).
    pub missing: Vec<String>,
    /// The valid range.
    pub range: (Option<f64>, Option<f64>),
    /// On a `begin_repeat`: the dataset of its rows and their unit.
    pub dataset: Option<(String, String)>,
    /// Written by clusterdx (the registry); a row without it is the
    /// user's.
    pub generated: bool,
}

impl Role {
    /// True when the role maps nothing (whether or not clusterdx wrote
    /// the row).
    pub fn is_empty(&self) -> bool {
        Role {
            generated: false,
            ..self.clone()
        } == Role::default()
    }

    /// The role as the `clusterdx` column's text.
    pub fn encode(&self) -> String {
        let mut out = Vec::new();
        if let Some(c) = &self.concept {
            out.push(format!("concept={c}"));
        }
        if let Some(v) = &self.variable {
            out.push(format!("variable={v}"));
        }
        if self.id {
            out.push("id".into());
        }
        if let Some(d) = &self.design {
            out.push(format!("design={d}"));
        }
        if let Some((to, optional)) = &self.link {
            out.push(format!("link={to}{}", if *optional { "?" } else { "" }));
        }
        if self.personal {
            out.push("personal".into());
        }
        if self.item {
            out.push("item".into());
        }
        if !self.missing.is_empty() {
            out.push(format!("missing={}", self.missing.join(",")));
        }
        if self.range != (None, None) {
            let mut s = String::from("range=");
            if let Some(a) = self.range.0 {
                let _ = write!(s, "{a}");
            }
            s.push_str("..");
            if let Some(b) = self.range.1 {
                let _ = write!(s, "{b}");
            }
            out.push(s);
        }
        if let Some((d, u)) = &self.dataset {
            out.push(format!("dataset={d}"));
            out.push(format!("unit={u}"));
        }
        if self.generated {
            out.push("generated".into());
        }
        out.join(";")
    }

    /// Reads a `clusterdx` column's text.
    ///
    /// # Errors
    /// The token that is not understood.
    pub fn decode(text: &str) -> Result<Role, String> {
        let mut r = Role::default();
        let mut unit = None;
        for tok in text.split(';').map(str::trim).filter(|t| !t.is_empty()) {
            let (key, value) = match tok.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim())),
                None => (tok, None),
            };
            let need = || {
                value
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .ok_or_else(|| format!("`{key}` needs a value (`{key}=…`)"))
            };
            match key {
                "concept" => r.concept = Some(need()?),
                "variable" => r.variable = Some(need()?),
                "id" => r.id = true,
                "design" => r.design = Some(need()?),
                "link" => {
                    let v = need()?;
                    r.link = Some(match v.strip_suffix('?') {
                        Some(to) => (to.to_string(), true),
                        None => (v, false),
                    });
                }
                "personal" => r.personal = true,
                "item" => r.item = true,
                "generated" => r.generated = true,
                "missing" => r.missing = need()?.split(',').map(|s| s.trim().to_string()).collect(),
                "range" => {
                    let v = need()?;
                    let (a, b) = v
                        .split_once("..")
                        .ok_or_else(|| format!("range `{v}`: expected MIN..MAX"))?;
                    let num = |s: &str| -> Result<Option<f64>, String> {
                        if s.trim().is_empty() {
                            Ok(None)
                        } else {
                            s.trim()
                                .parse()
                                .map(Some)
                                .map_err(|_| format!("range `{v}`: `{s}` is not a number"))
                        }
                    };
                    r.range = (num(a)?, num(b)?);
                }
                "dataset" => r.dataset = Some((need()?, String::new())),
                "unit" => unit = Some(need()?),
                other => return Err(format!("unknown role `{other}`")),
            }
        }
        if let Some(u) = unit {
            match &mut r.dataset {
                Some(d) => d.1 = u,
                None => return Err("`unit` without `dataset`".into()),
            }
        }
        if let Some(d) = &r.dataset
            && d.1.is_empty()
        {
            return Err(format!("`dataset={}` without `unit`", d.0));
        }
        Ok(r)
    }
}

/// One survey row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The XLSForm type: `integer`, `select_one yes_no`, `begin_group`, …
    pub kind: String,
    pub name: String,
    /// English label (the other languages are in `extra`).
    pub label: String,
    pub hint: String,
    pub required: bool,
    pub relevant: String,
    pub constraint: String,
    pub constraint_message: String,
    pub calculation: String,
    pub repeat_count: String,
    pub appearance: String,
    pub choice_filter: String,
    pub role: Role,
    /// Other columns, as read from a form (a user's translations, …):
    /// (column, text).
    pub extra: Vec<(String, String)>,
}

impl Row {
    /// A question of `kind` named `name` with an English label.
    pub fn new(kind: &str, name: &str, label: &str) -> Row {
        Row {
            kind: kind.to_string(),
            name: name.to_string(),
            label: label.to_string(),
            ..Row::default()
        }
    }

    /// The type's first word (`select_one yes_no` → `select_one`).
    pub fn base_type(&self) -> &str {
        self.kind.split_whitespace().next().unwrap_or("")
    }

    /// The choice list of a select question.
    pub fn list(&self) -> Option<&str> {
        match self.base_type() {
            "select_one" | "select_multiple" => self.kind.split_whitespace().nth(1),
            _ => None,
        }
    }

    /// True for a row the user added (clusterdx did not write it).
    pub fn is_users(&self) -> bool {
        !self.role.generated
    }

    /// True for rows that hold an answer (not groups, repeats or notes).
    pub fn is_field(&self) -> bool {
        !matches!(
            self.base_type(),
            "begin_group" | "end_group" | "begin_repeat" | "end_repeat" | "note" | ""
        ) && !self.kind.starts_with("begin ")
            && !self.kind.starts_with("end ")
    }

    pub fn required(mut self) -> Row {
        self.required = true;
        self
    }
    pub fn hint(mut self, h: &str) -> Row {
        self.hint = h.to_string();
        self
    }
    pub fn relevant(mut self, r: &str) -> Row {
        self.relevant = r.to_string();
        self
    }
    pub fn constraint(mut self, c: &str, message: &str) -> Row {
        self.constraint = c.to_string();
        self.constraint_message = message.to_string();
        self
    }
    pub fn calculation(mut self, c: &str) -> Row {
        self.calculation = c.to_string();
        self
    }
    pub fn concept(mut self, c: &str) -> Row {
        self.role.concept = Some(c.to_string());
        self
    }
    pub fn variable(mut self, v: &str) -> Row {
        self.role.variable = Some(v.to_string());
        self
    }
    pub fn id(mut self) -> Row {
        self.role.id = true;
        self
    }
    pub fn design(mut self, d: &str) -> Row {
        self.role.design = Some(d.to_string());
        self
    }
    pub fn link(mut self, to: &str, optional: bool) -> Row {
        self.role.link = Some((to.to_string(), optional));
        self
    }
    pub fn personal(mut self) -> Row {
        self.role.personal = true;
        self
    }
    pub fn missing(mut self, codes: &[&str]) -> Row {
        self.role.missing = codes.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn range(mut self, min: Option<f64>, max: Option<f64>) -> Row {
        self.role.range = (min, max);
        self
    }
    pub fn appearance(mut self, a: &str) -> Row {
        self.appearance = a.to_string();
        self
    }
    pub fn repeat_count(mut self, c: &str) -> Row {
        self.repeat_count = c.to_string();
        self
    }
    pub fn choice_filter(mut self, c: &str) -> Row {
        self.choice_filter = c.to_string();
        self
    }
}

/// A `begin_group` row.
pub fn group(name: &str, label: &str) -> Row {
    Row::new("begin_group", name, label)
}

/// An `end_group` row.
pub fn end_group(name: &str) -> Row {
    Row {
        kind: "end_group".into(),
        name: name.into(),
        ..Row::default()
    }
}

/// A `begin_repeat` row whose rows form `dataset` of `unit`.
pub fn repeat(name: &str, label: &str, dataset: &str, unit: &str) -> Row {
    let mut r = Row::new("begin_repeat", name, label);
    r.role.dataset = Some((dataset.to_string(), unit.to_string()));
    r
}

/// An `end_repeat` row.
pub fn end_repeat(name: &str) -> Row {
    Row {
        kind: "end_repeat".into(),
        name: name.into(),
        ..Row::default()
    }
}

/// One choice of a list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Choice {
    pub list: String,
    pub name: String,
    pub label: String,
    /// Other columns (translations, filters).
    pub extra: Vec<(String, String)>,
    /// Written by clusterdx; a choice without it is the user's.
    pub generated: bool,
}

/// A form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    /// `form_id` (also the export's file stem).
    pub id: String,
    pub title: String,
    /// `version`: derived from the content, so it changes exactly when the
    /// form does.
    pub version: String,
    /// The study dataset of its submissions, and their unit.
    pub dataset: String,
    pub unit: String,
    pub rows: Vec<Row>,
    pub choices: Vec<Choice>,
    /// Other settings columns (`instance_name`, `style`, …): (column,
    /// value).
    pub settings: Vec<(String, String)>,
}

impl Form {
    /// The choices of `list`, in order.
    pub fn list(&self, list: &str) -> impl Iterator<Item = &Choice> {
        self.choices.iter().filter(move |c| c.list == list)
    }

    /// Sets `version` from the content: the first ten hex digits of an
    /// FNV-1a hash of the id, title, dataset, every row and choice (the
    /// same form, the same version).
    pub fn stamp_version(&mut self) {
        let mut parts = vec![
            self.id.clone(),
            self.title.clone(),
            self.dataset.clone(),
            self.unit.clone(),
        ];
        parts.extend(self.rows.iter().map(|r| format!("{r:?}")));
        parts.extend(self.choices.iter().map(|c| format!("{c:?}")));
        for (k, v) in &self.settings {
            parts.extend([k.clone(), v.clone()]);
        }
        self.version = format!("{:010x}", fnv1a(parts.iter().map(String::as_str)) >> 24);
    }

    /// Each field with its group path (`firm/sector`) and the repeat it is
    /// in (`None`: the main table).
    pub fn fields(&self) -> Vec<Field<'_>> {
        let mut out = Vec::new();
        let mut path: Vec<&str> = Vec::new();
        let mut repeats: Vec<(usize, &Row)> = Vec::new();
        for r in &self.rows {
            match r.base_type() {
                "begin_group" => path.push(&r.name),
                "begin_repeat" => {
                    path.push(&r.name);
                    repeats.push((path.len(), r));
                }
                "end_group" => {
                    path.pop();
                }
                "end_repeat" => {
                    path.pop();
                    repeats.pop();
                }
                _ if r.is_field() => {
                    let repeat = repeats.last().copied();
                    let mut full = path.clone();
                    full.push(&r.name);
                    out.push(Field {
                        row: r,
                        path: full.join("/"),
                        // The path inside the repeat (ODK Central's repeat
                        // files drop the repeat's own prefix).
                        inner: repeat
                            .map_or_else(|| full.join("/"), |(depth, _)| full[depth..].join("/")),
                        repeat: repeat.map(|(_, r)| r),
                    });
                }
                _ => {}
            }
        }
        out
    }

    /// Each row's path: its groups' and repeats' names and its own
    /// (`firm/sector`, `roster/level`, and `hr` for the group itself), so
    /// that two rows of one name in different groups stay apart.
    pub fn row_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut path: Vec<&str> = Vec::new();
        for r in &self.rows {
            match r.base_type() {
                "end_group" | "end_repeat" => {
                    let mut p = path.join("/");
                    p.push_str("/end");
                    out.push(p);
                    path.pop();
                }
                t => {
                    let mut full = path.clone();
                    full.push(&r.name);
                    out.push(full.join("/"));
                    if t == "begin_group" || t == "begin_repeat" {
                        path.push(&r.name);
                    }
                }
            }
        }
        out
    }

    /// The sample frames the form preloads from (`pulldata('FRAME',
    /// 'COLUMN', 'KEY', …)`): each frame's key and the columns it must
    /// have, in order of use.
    pub fn frames(&self) -> Vec<(String, String, Vec<String>)> {
        let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
        for r in &self.rows {
            let Some(args) = r
                .calculation
                .trim()
                .strip_prefix("pulldata(")
                .and_then(|a| a.strip_suffix(')'))
            else {
                continue;
            };
            let parts: Vec<&str> = args
                .split(',')
                .map(|a| a.trim().trim_matches(['\'', '"']))
                .collect();
            let [frame, column, key, _] = parts[..] else {
                continue;
            };
            match out.iter_mut().find(|(f, _, _)| f == frame) {
                Some((_, _, cols)) => {
                    if !cols.iter().any(|c| c == column) {
                        cols.push(column.to_string());
                    }
                }
                None => out.push((frame.to_string(), key.to_string(), vec![column.to_string()])),
            }
        }
        out
    }

    /// The repeats, in form order.
    pub fn repeats(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.base_type() == "begin_repeat")
    }
}

/// The FNV-1a hash of `parts`, each followed by a 0 byte (so `ab`,`c`
/// and `a`,`bc` differ): a stable fingerprint, the same on every platform.
pub(crate) fn fnv1a<'a>(parts: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in parts {
        for b in s.bytes().chain([0u8]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The columns a geopoint at `path` (`group/name`) leaves in an export:
/// KoboToolbox's combined `path` and `group/_name_latitude`, `_longitude`,
/// `_altitude`, `_precision`; ODK Central's `path/Latitude`, `/Longitude`,
/// `/Altitude`, `/Accuracy` only (written with `-` in its files).
pub(crate) fn geopoint_columns(path: &str, odk: bool) -> Vec<String> {
    if odk {
        return ["Latitude", "Longitude", "Altitude", "Accuracy"]
            .iter()
            .map(|p| format!("{path}/{p}"))
            .collect();
    }
    let (group, name) = match path.rsplit_once('/') {
        Some((g, n)) => (format!("{g}/"), n),
        None => (String::new(), path),
    };
    let mut out = vec![path.to_string()];
    out.extend(
        ["latitude", "longitude", "altitude", "precision"]
            .iter()
            .map(|p| format!("{group}_{name}_{p}")),
    );
    out
}

/// A field of a form in context.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub row: &'a Row,
    /// Full group path, `/`-separated (the Kobo column).
    pub path: String,
    /// The path inside its repeat (equal to `path` in the main table).
    pub inner: String,
    /// The repeat it is in.
    pub repeat: Option<&'a Row>,
}
