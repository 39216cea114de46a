//! The question registry: every question clusterdx knows, with a stable
//! name and its role in the study file, grouped into the four instruments.
//! [`forms`] picks the instruments and questions a study needs.

mod firm;
mod household;
mod lists;
mod stakeholder;
mod worker;

pub use household::Consumption;

use crate::form::{Choice, Form, Row, end_group, group};

/// A question a framework or model asks for that the registry does not
/// know: its name and how to ask it.
#[derive(Debug, Clone, PartialEq)]
pub struct Extra {
    /// The column name.
    pub name: String,
    /// The question, in words (what the study needs it for).
    pub label: String,
    /// `yes_no` (share), `yes_no01` (checklist item), `agree5` (mean of
    /// Likert items), `number`, or `choice` with these codes.
    pub kind: ExtraKind,
}

/// How an [`Extra`] question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum ExtraKind {
    YesNo,
    YesNo01,
    Agree5,
    Number,
    Choice(Vec<String>),
}

/// What a study needs from its instruments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Needs {
    /// The study's name (for the forms' titles).
    pub study: String,
    pub firm: bool,
    pub worker: bool,
    pub household: bool,
    pub stakeholder: bool,
    /// The dataset names of the firm, worker, household and stakeholder
    /// surveys (for links between them).
    pub names: Names,
    /// Sector and district codes with labels (the study's value sets).
    pub sectors: Vec<(String, String)>,
    pub districts: Vec<(String, String)>,
    /// Labels the study gives the codes of a registry list (`job_level`,
    /// `origin`, …): list → (code, label).
    pub relabel: Vec<(String, Vec<(String, String)>)>,
    /// Framework evidence the registry does not know, by unit.
    pub firm_extra: Vec<Extra>,
    pub stakeholder_extra: Vec<Extra>,
    /// Checklist items the framework reads (registry names or extras).
    pub checklist: Vec<String>,
    /// Model items of worker-survey models: (construct, item).
    pub worker_items: Vec<(String, String)>,
    /// Variables of the MPI indicators (household survey).
    pub mpi_variables: Vec<Extra>,
    pub consumption: Consumption,
    /// What the forms cannot ask, in words (for the user).
    pub notes: Vec<String>,
}

/// The datasets' names in the study.
#[derive(Debug, Clone, PartialEq)]
pub struct Names {
    pub firms: String,
    pub workers: String,
    pub households: String,
    pub stakeholders: String,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            firms: "firms".into(),
            workers: "workers".into(),
            households: "households".into(),
            stakeholders: "stakeholders".into(),
        }
    }
}

/// The form ids, datasets and units of the four instruments.
pub const FIRM: (&str, &str) = ("firm_survey", "firm");
pub const WORKER: (&str, &str) = ("worker_survey", "worker");
pub const HOUSEHOLD: (&str, &str) = ("household_survey", "household");
pub const STAKEHOLDER: (&str, &str) = ("stakeholder_kii", "stakeholder");

/// The occupation as an ISCO-08 unit group (four digits).
pub(crate) fn isco() -> Row {
    Row::new("text", "isco", "Occupation (ISCO-08 unit group, 4 digits)")
        .required()
        .constraint(
            "regex(., '^[0-9]{4}$')",
            "Four digits of ISCO-08, e.g. 7531.",
        )
        .hint("The ISCO-08 unit group of the job, e.g. 8160 food machine operators.")
        .concept("occupation")
}

/// A sampling value preloaded from a frame attached to the form as a
/// media file (`FRAME.csv`), looked up by the `key` question.
pub(crate) fn preload(frame: &str, key: &str, name: &str, label: &str) -> Row {
    Row::new("calculate", name, label).calculation(&format!(
        "pulldata('{frame}', '{name}', '{key}', ${{{key}}})"
    ))
}

/// The checklist items the registry knows.
pub fn checklist_names() -> Vec<&'static str> {
    stakeholder::CHECKLIST.iter().map(|c| c.0).collect()
}

/// Every form with every question the registry knows (each survey, both
/// ways of asking consumption, every checklist item, every known model
/// item and MPI question).
fn everything() -> &'static [Form] {
    static ALL: std::sync::OnceLock<Vec<Form>> = std::sync::OnceLock::new();
    ALL.get_or_init(build_everything)
}

/// Builds [`everything`] (once per process).
fn build_everything() -> Vec<Form> {
    let known_items = [
        "hrd1", "hrd2", "hrd3", "hrd4", "hrd5", "cd1", "cd2", "cd3", "cd4", "pa1", "pa2", "pa3",
        "pa4",
    ];
    let mpi: Vec<Extra> = household::MPI_NAMES
        .iter()
        .map(|n| Extra {
            name: n.to_string(),
            label: String::new(),
            kind: ExtraKind::Number,
        })
        .collect();
    let all = Needs {
        firm: true,
        worker: true,
        household: true,
        stakeholder: true,
        sectors: vec![("s".into(), "s".into())],
        districts: vec![("d".into(), "d".into())],
        checklist: checklist_names().iter().map(|s| s.to_string()).collect(),
        worker_items: known_items
            .iter()
            .map(|i| (i[..i.len() - 1].to_uppercase(), i.to_string()))
            .collect(),
        mpi_variables: mpi,
        ..Needs::default()
    };
    let modules = Needs {
        household: true,
        consumption: Consumption::Modules,
        ..all.clone()
    };
    forms(&all).into_iter().chain(forms(&modules)).collect()
}

/// True when the registry asks `name` in the form `form_id` (a question
/// the user did not add).
pub fn is_known(form_id: &str, name: &str) -> bool {
    everything()
        .iter()
        .filter(|f| f.id == form_id)
        .any(|f| f.rows.iter().any(|r| r.name == name))
}

/// Gives a registry form that lost its `clusterdx` column (a form builder
/// may drop columns it does not know) its rows' roles back, by their
/// group path; returns how many rows got one. A form with any role left
/// is taken as it is.
pub fn restore_roles(form: &mut Form) -> usize {
    if form
        .rows
        .iter()
        .any(|r| r.role.generated || !r.role.is_empty())
    {
        return 0;
    }
    let known: Vec<&Form> = everything().iter().filter(|f| f.id == form.id).collect();
    let mut restored = 0;
    let paths = form.row_paths();
    for (r, p) in form.rows.iter_mut().zip(&paths) {
        for k in &known {
            let kp = k.row_paths();
            if let Some(i) = kp.iter().position(|x| x == p)
                && k.rows[i].kind == r.kind
            {
                r.role = k.rows[i].role.clone();
                restored += 1;
                break;
            }
        }
    }
    restored
}

/// The dataset and unit of a form by its id: the registry's for its four
/// instruments, else the form id and `other`.
pub fn dataset_of(form_id: &str) -> (String, String) {
    let n = Names::default();
    match form_id {
        id if id == FIRM.0 => (n.firms, FIRM.1.into()),
        id if id == WORKER.0 => (n.workers, WORKER.1.into()),
        id if id == HOUSEHOLD.0 => (n.households, HOUSEHOLD.1.into()),
        id if id == STAKEHOLDER.0 => (n.stakeholders, STAKEHOLDER.1.into()),
        id => (id.to_string(), "other".into()),
    }
}

/// An extra question as a row.
fn extra_row(e: &Extra, lists: &mut Vec<Choice>) -> Row {
    let kind = match &e.kind {
        ExtraKind::YesNo => "select_one yes_no".to_string(),
        ExtraKind::YesNo01 => "select_one yes_no01".to_string(),
        ExtraKind::Agree5 => "select_one agree5".to_string(),
        ExtraKind::Number => "decimal".to_string(),
        ExtraKind::Choice(codes) => {
            let list = format!("{}_codes", e.name);
            lists.extend(codes.iter().map(|c| Choice {
                list: list.clone(),
                name: c.clone(),
                label: c.clone(),
                extra: Vec::new(),
                generated: false,
            }));
            format!("select_one {list}")
        }
    };
    let row = Row::new(&kind, &e.name, &e.label).required();
    if e.kind == ExtraKind::Agree5 {
        row.missing(&["98"])
    } else {
        row
    }
}

/// The choice lists the rows use, the study's codes for sector and
/// district and its labels where it relabels a list.
fn choices(rows: &[Row], needs: &Needs, mut own: Vec<Choice>) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for r in rows {
        let Some(list) = r.list() else { continue };
        if seen.iter().any(|s| s == list) {
            continue;
        }
        seen.push(list.to_string());
        let from_study = |pairs: &[(String, String)]| {
            lists::list(
                list,
                &pairs
                    .iter()
                    .map(|(a, b)| (a.as_str(), b.as_str()))
                    .collect::<Vec<_>>(),
            )
        };
        let mut items = match list {
            "sector" => from_study(&needs.sectors),
            "district" => from_study(&needs.districts),
            _ => lists::standard(list).unwrap_or_default(),
        };
        if let Some((_, labels)) = needs.relabel.iter().find(|(l, _)| l == list) {
            for (code, label) in labels {
                match items.iter_mut().find(|c| &c.name == code) {
                    Some(c) => c.label = label.clone(),
                    None => items.push(Choice {
                        list: list.to_string(),
                        name: code.clone(),
                        label: label.clone(),
                        extra: Vec::new(),
                        generated: false,
                    }),
                }
            }
        }
        if items.is_empty() {
            items = own.iter().filter(|c| c.list == list).cloned().collect();
        }
        out.extend(items);
    }
    own.retain(|c| !seen.contains(&c.list));
    out.extend(own);
    out
}

fn form(
    id_unit: (&str, &str),
    dataset: &str,
    title: String,
    rows: Vec<Row>,
    needs: &Needs,
    own: Vec<Choice>,
) -> Form {
    let mut rows = rows;
    for r in &mut rows {
        r.role.generated = true;
    }
    let mut choices = choices(&rows, needs, own);
    for c in &mut choices {
        c.generated = true;
    }
    let mut f = Form {
        id: id_unit.0.to_string(),
        title,
        version: String::new(),
        dataset: dataset.to_string(),
        unit: id_unit.1.to_string(),
        choices,
        rows,
        settings: Vec::new(),
    };
    f.stamp_version();
    f
}

/// The forms the study needs, in the order firm, worker, household,
/// stakeholder.
pub fn forms(needs: &Needs) -> Vec<Form> {
    let mut out = Vec::new();
    let title = |what: &str| {
        if needs.study.is_empty() {
            what.to_string()
        } else {
            format!("{what} — {}", needs.study)
        }
    };
    let fix_links = |rows: &mut Vec<Row>| {
        for r in rows.iter_mut() {
            if let Some((to, _)) = &mut r.role.link {
                *to = match to.as_str() {
                    "firms" => needs.names.firms.clone(),
                    "workers" => needs.names.workers.clone(),
                    "households" => needs.names.households.clone(),
                    "stakeholders" => needs.names.stakeholders.clone(),
                    other => other.to_string(),
                };
            }
        }
    };
    if needs.firm {
        let mut own = Vec::new();
        let mut rows = firm::rows();
        if !needs.firm_extra.is_empty() {
            let at = rows.len() - 1;
            let mut extra = vec![group(
                "framework",
                "Further evidence of the cluster framework",
            )];
            extra.extend(needs.firm_extra.iter().map(|e| extra_row(e, &mut own)));
            extra.push(end_group("framework"));
            rows.splice(at..at, extra);
        }
        fix_links(&mut rows);
        out.push(form(
            FIRM,
            &needs.names.firms,
            title("Firm survey"),
            rows,
            needs,
            own,
        ));
    }
    if needs.worker {
        let mut own = Vec::new();
        let mut rows = worker::rows();
        if !needs.worker_items.is_empty() {
            // Flat, as item names are the model's columns: a group would
            // put its path in front of them.
            rows.push(Row::new(
                "note",
                "statements_intro",
                "How far do you agree with each of these statements?",
            ));
            for (construct, item) in &needs.worker_items {
                // A model may read a question the survey asks anyway.
                if rows.iter().any(|r| &r.name == item) {
                    continue;
                }
                let label = match worker::known_item(item) {
                    Some(text) => format!("{construct}: {text}"),
                    None => format!(
                        "{construct}: statement for item {item} (write the statement the model's construct {construct} is measured by)"
                    ),
                };
                let mut row = extra_row(
                    &Extra {
                        name: item.clone(),
                        label,
                        kind: ExtraKind::Agree5,
                    },
                    &mut own,
                );
                row.role.item = true;
                rows.push(row);
            }
        }
        rows.extend(worker::closing());
        fix_links(&mut rows);
        out.push(form(
            WORKER,
            &needs.names.workers,
            title("Worker survey"),
            rows,
            needs,
            own,
        ));
    }
    if needs.household {
        let mut own = Vec::new();
        let mut rows = household::opening();
        rows.extend(household::consumption(needs.consumption));
        // Without the study's sectors there are no workers to link to:
        // the household survey leaves out the worker questions.
        rows.extend(household::links().into_iter().filter(|r| {
            !needs.sectors.is_empty()
                || !matches!(r.name.as_str(), "worker_hh" | "worker_sector" | "worker_id")
        }));
        if !needs.mpi_variables.is_empty() {
            rows.push(group("mpi", "Living conditions"));
            for e in &needs.mpi_variables {
                if rows.iter().any(|r| r.name == e.name) {
                    continue;
                }
                let row =
                    household::mpi_question(&e.name).unwrap_or_else(|| extra_row(e, &mut own));
                rows.push(row);
            }
            rows.push(end_group("mpi"));
        }
        rows.extend(household::closing());
        fix_links(&mut rows);
        out.push(form(
            HOUSEHOLD,
            &needs.names.households,
            title("Household survey"),
            rows,
            needs,
            own,
        ));
    }
    if needs.stakeholder {
        let mut own = Vec::new();
        let mut rows = stakeholder::opening();
        let mut items: Vec<Row> = needs
            .checklist
            .iter()
            .filter_map(|n| stakeholder::checklist_item(n))
            .collect();
        items.extend(
            needs
                .stakeholder_extra
                .iter()
                .map(|e| extra_row(e, &mut own)),
        );
        rows.extend(stakeholder::checklists(&items));
        rows.extend(stakeholder::closing());
        fix_links(&mut rows);
        out.push(form(
            STAKEHOLDER,
            &needs.names.stakeholders,
            title("Stakeholder and key-informant instrument"),
            rows,
            needs,
            own,
        ));
    }
    out
}
