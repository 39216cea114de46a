//! Turns the generated units into [`Dataset`]s with variable and value labels,
//! column names as they appear in the written files.

use clusterdx_data::{Column, Dataset, Link, MissingReason, ValueLabels};

use crate::firms::{
    CREDIT_SOURCES, Firm, INNOV_SOURCES, INPUT_SOURCES, JOINT_TYPES, MARKETS, POSITIONS, SUPPORT,
};
use crate::households::{ASSETS, Household};
use crate::params::{
    ACTOR_TYPES, DEFLATOR, DISTRICTS, INDUSTRIES, ISCO_TITLES, LEVELS, ORIGINS, PROVIDERS, REGIONS,
    SECTORS,
};
use crate::stakeholders::{ActorRow, CHECKLIST, EmploymentRow, LinkRow, checklist_values};
use crate::workers::{CD_ITEMS, EDUCATION, HRD_ITEMS, PA_ITEMS, Worker};

/// Dataset names (the keys a study file refers to).
pub mod names {
    /// Firm survey, main sheet of the Kobo export.
    pub const FIRMS: &str = "firms";
    /// Employment roster (repeat group `roster`), child of `firms`.
    pub const ROSTER: &str = "roster";
    /// Training programmes (repeat group `training`), child of `firms`.
    pub const TRAINING: &str = "training";
    /// Worker survey.
    pub const WORKERS: &str = "workers";
    /// Household survey.
    pub const HOUSEHOLDS: &str = "households";
    /// Stakeholders and key-informant checklists.
    pub const STAKEHOLDERS: &str = "stakeholders";
    /// Stakeholder linkages (edge list).
    pub const LINKAGES: &str = "linkages";
    /// Employment by region × industry.
    pub const EMPLOYMENT: &str = "employment";
    /// Coded key-informant interview segments.
    pub const SEGMENTS: &str = "segments";
}

/// The Kobo form id, also the name of the main sheet.
pub(crate) const KOBO_FORM: &str = "sindh_firm_survey";
const KOBO_VERSION: &str = "vGm3Tq8XcLw2RbZ7kNs5Pd";

const SYNTHETIC: &str = "SYNTHETIC — not real data";

fn dataset(name: &str, what: &str, columns: Vec<Column>) -> Dataset {
    // Column names are fixed in this module and all columns are built from
    // the same unit lists, so assembly cannot fail.
    let mut d = Dataset::new(name, columns).expect("generator columns are unique and equal-length");
    d.label = Some(format!("{SYNTHETIC}: Sindh example, {what}"));
    d
}

fn vl_text(name: &str, pairs: &[(&str, &str)]) -> ValueLabels {
    let mut v = ValueLabels::new();
    v.name = Some(name.to_string());
    for (c, l) in pairs {
        v.insert(*c, *l);
    }
    v
}

fn vl_num(name: &str, pairs: &[(i64, &str)]) -> ValueLabels {
    let mut v = ValueLabels::new();
    v.name = Some(name.to_string());
    for (c, l) in pairs {
        v.insert_num(*c as f64, *l);
    }
    v
}

fn yes_no_text() -> ValueLabels {
    vl_text("yes_no", &[("yes", "Yes"), ("no", "No")])
}

fn yes_no_num() -> ValueLabels {
    vl_num("yesno", &[(0, "No"), (1, "Yes")])
}

fn likert(dk: bool) -> ValueLabels {
    let mut pairs = vec![
        (1, "Strongly disagree"),
        (2, "Disagree"),
        (3, "Neither agree nor disagree"),
        (4, "Agree"),
        (5, "Strongly agree"),
    ];
    if dk {
        pairs.push((98, "Don't know"));
    }
    vl_num("likert", &pairs)
}

fn sector_labels() -> ValueLabels {
    let pairs: Vec<(&str, &str)> = SECTORS.iter().map(|s| (s.id, s.label)).collect();
    vl_text("sector", &pairs)
}

fn district_labels() -> ValueLabels {
    let pairs: Vec<(&str, &str)> = DISTRICTS.iter().map(|d| (d.id, d.label)).collect();
    vl_text("district", &pairs)
}

fn isco_labels() -> ValueLabels {
    vl_num("isco08", ISCO_TITLES)
}

fn yn(b: Option<bool>) -> Option<&'static str> {
    b.map(|b| if b { "yes" } else { "no" })
}

fn int<I: IntoIterator<Item = Option<i64>>>(name: &str, label: &str, v: I) -> Column {
    Column::int(name, v).with_label(label)
}

fn float<I: IntoIterator<Item = Option<f64>>>(name: &str, label: &str, v: I) -> Column {
    Column::float(name, v).with_label(label)
}

fn text<S: AsRef<str>, I: IntoIterator<Item = Option<S>>>(name: &str, label: &str, v: I) -> Column {
    Column::text(name, v).with_label(label)
}

fn empty_text(name: &str, n: usize) -> Column {
    Column::text(name, std::iter::repeat_n(None::<&str>, n))
}

fn coord(x: f64) -> String {
    format!("{x:.6}")
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// Kobo's space-separated select_multiple value.
fn multi(names: &[(&str, &str)], flags: &[bool]) -> String {
    names
        .iter()
        .zip(flags)
        .filter(|(_, f)| **f)
        .map(|(n, _)| n.0)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The firm survey as Kobo exports it: main sheet, roster and training.
pub(crate) fn firm_tables(firms: &[Firm]) -> (Dataset, Dataset, Dataset) {
    let n = firms.len();
    let f = firms;
    let mut c = vec![
        Column::datetime("start", f.iter().map(|x| Some(x.start_ms))).with_label("Interview start"),
        Column::datetime("end", f.iter().map(|x| Some(x.end_ms))).with_label("Interview end"),
        int(
            "sample/firm_id",
            "Firm id (PSU of the firm survey)",
            f.iter().map(|x| Some(x.id)),
        ),
        text(
            "sample/stratum",
            "Sampling stratum (sector_district)",
            f.iter().map(|x| Some(x.stratum.as_str())),
        ),
        float(
            "sample/weight",
            "Design weight (1/inclusion probability under PPS, adjusted to the stratum frame count)",
            f.iter().map(|x| Some(x.weight)),
        ),
        int(
            "sample/fpc",
            "Principal units on the stratum frame (finite population correction)",
            f.iter().map(|x| Some(x.fpc)),
        ),
        int(
            "sample/mos",
            "Employment on the frame (PPS measure of size)",
            f.iter().map(|x| Some(x.mos)),
        ),
        text(
            "firm/sector",
            "Sector of the firm",
            f.iter().map(|x| Some(x.spec().id)),
        )
        .with_value_labels(sector_labels()),
        text(
            "firm/district",
            "District of the main unit",
            f.iter().map(|x| Some(x.district)),
        )
        .with_value_labels(district_labels()),
        {
            let mut pairs: Vec<(&str, &str)> = Vec::new();
            for s in SECTORS {
                for t in s.types {
                    pairs.push((t.id, t.label));
                }
            }
            text(
                "firm/firm_type",
                "Type of principal unit",
                f.iter().map(|x| Some(x.firm_type().id)),
            )
            .with_value_labels(vl_text("firm_type", &pairs))
        },
        int(
            "firm/year_est",
            "Year established",
            f.iter().map(|x| x.year_est),
        ),
        text(
            "firm/core_product",
            "Is the sector's core product the firm's main product?",
            f.iter().map(|x| yn(x.core_product)),
        )
        .with_value_labels(yes_no_text()),
        text(
            "firm/location",
            "GPS location of the main unit",
            f.iter().map(|x| {
                Some(format!(
                    "{} {} {} {}",
                    coord(x.lat),
                    coord(x.lon),
                    coord(x.altitude),
                    coord(x.precision)
                ))
            }),
        ),
        text(
            "firm/_location_latitude",
            "GPS latitude",
            f.iter().map(|x| Some(coord(x.lat))),
        ),
        text(
            "firm/_location_longitude",
            "GPS longitude",
            f.iter().map(|x| Some(coord(x.lon))),
        ),
        text(
            "firm/_location_altitude",
            "GPS altitude",
            f.iter().map(|x| Some(coord(x.altitude))),
        ),
        text(
            "firm/_location_precision",
            "GPS precision",
            f.iter().map(|x| Some(coord(x.precision))),
        ),
        int(
            "firm/emp_total",
            "Total employees (sum of the employment roster)",
            f.iter().map(|x| Some(x.persons.len() as i64)),
        ),
        float(
            "firm/sales_m_pkr",
            "Annual sales (million PKR)",
            f.iter().map(|x| x.sales_m_pkr),
        ),
        text(
            "respondent/resp_name",
            "Respondent name",
            f.iter().map(|x| Some(x.resp_name.as_str())),
        ),
        text(
            "respondent/resp_phone",
            "Respondent phone",
            f.iter().map(|x| Some(x.resp_phone.as_str())),
        ),
        text(
            "respondent/resp_position",
            "Respondent position",
            f.iter().map(|x| Some(POSITIONS[x.resp_position].0)),
        )
        .with_value_labels(vl_text("position", &POSITIONS)),
        text(
            "value_chain/inputs_source",
            "Where does the firm buy most of its inputs?",
            f.iter()
                .map(|x| Some(x.inputs_source.map_or("98", |i| INPUT_SOURCES[i].0))),
        )
        .with_value_labels({
            let mut v = vl_text("inputs_source", &INPUT_SOURCES);
            v.insert("98", "Don't know");
            v
        }),
        text(
            "value_chain/markets",
            "Where does the firm sell its products?",
            f.iter().map(|x| Some(multi(&MARKETS, &x.markets))),
        ),
    ];
    for (k, (name, label)) in MARKETS.iter().enumerate() {
        c.push(int(
            &format!("value_chain/markets/{name}"),
            &format!("Sells: {label}"),
            f.iter().map(|x| Some(i64::from(x.markets[k]))),
        ));
    }
    c.push(int(
        "value_chain/sells_beyond",
        "Sells outside the province, exports or sells via traders (calculated)",
        f.iter().map(|x| Some(i64::from(x.sells_beyond))),
    ));
    c.push(
        text(
            "value_chain/subcontract",
            "In the last 12 months, did the firm subcontract work to or from other local firms?",
            f.iter().map(|x| yn(x.subcontract)),
        )
        .with_value_labels(yes_no_text()),
    );
    c.push(
        text(
            "cooperation/joint_action",
            "In the last 12 months, did the firm undertake any joint action with other local firms?",
            f.iter().map(|x| yn(x.joint_action)),
        )
        .with_value_labels(yes_no_text()),
    );
    let relevant_joint = |x: &Firm| x.joint_action == Some(true);
    c.push(text(
        "cooperation/joint_action_type",
        "Type of joint action",
        f.iter()
            .map(|x| relevant_joint(x).then(|| multi(&JOINT_TYPES, &x.joint_types))),
    ));
    for (k, (name, label)) in JOINT_TYPES.iter().enumerate() {
        c.push(int(
            &format!("cooperation/joint_action_type/{name}"),
            &format!("Joint action: {label}"),
            f.iter()
                .map(|x| relevant_joint(x).then(|| i64::from(x.joint_types[k]))),
        ));
    }
    let trust_items = [
        ("trust_firms", "Other firms in this sector can be trusted"),
        (
            "share_info",
            "Firms here share information on markets and technology",
        ),
        ("keep_agreements", "Local firms keep their agreements"),
    ];
    for (k, (name, label)) in trust_items.iter().enumerate() {
        c.push(
            int(
                &format!("cooperation/{name}"),
                label,
                f.iter().map(|x| x.trust[k]),
            )
            .with_value_labels(likert(true)),
        );
    }
    c.push(
        text(
            "innovation/innovated",
            "In the last 3 years, did the firm introduce a new or improved product or process?",
            f.iter().map(|x| yn(x.innovated)),
        )
        .with_value_labels(yes_no_text()),
    );
    c.push(
        text(
            "innovation/innov_source",
            "Main source of the idea for the innovation",
            f.iter().map(|x| x.innov_source.map(|i| INNOV_SOURCES[i].0)),
        )
        .with_value_labels(vl_text("innov_source", &INNOV_SOURCES)),
    );
    c.push(int(
        "innovation/innov_local",
        "Innovated naming a local source (calculated)",
        f.iter().map(|x| Some(i64::from(x.innov_local))),
    ));
    c.push(
        text(
            "institutions/assoc_member",
            "Is the firm a member of a business association?",
            f.iter().map(|x| yn(x.assoc_member)),
        )
        .with_value_labels(yes_no_text()),
    );
    c.push(text(
        "institutions/support_used",
        "Which support institutions did the firm use in the last 12 months?",
        f.iter().map(|x| Some(multi(&SUPPORT, &x.support))),
    ));
    for (k, (name, label)) in SUPPORT.iter().enumerate() {
        c.push(int(
            &format!("institutions/support_used/{name}"),
            &format!("Used: {label}"),
            f.iter().map(|x| Some(i64::from(x.support[k]))),
        ));
    }
    c.push(int(
        "institutions/support_any",
        "Used at least one support institution (calculated)",
        f.iter().map(|x| Some(i64::from(!x.support[6]))),
    ));
    c.push(
        text(
            "finance/formal_credit",
            "Does the firm currently have a loan from a bank, microfinance bank or government scheme?",
            f.iter().map(|x| yn(x.formal_credit)),
        )
        .with_value_labels(yes_no_text()),
    );
    c.push(
        text(
            "finance/credit_source",
            "Source of the formal loan",
            f.iter()
                .map(|x| x.credit_source.map(|i| CREDIT_SOURCES[i].0)),
        )
        .with_value_labels(vl_text("credit_source", &CREDIT_SOURCES)),
    );
    c.push(
        int(
            "hr/ease_hiring",
            "It is easy to hire skilled staff locally",
            f.iter().map(|x| x.ease_hiring),
        )
        .with_value_labels(likert(true)),
    );
    c.push(
        text(
            "hr/training_given",
            "In the last 12 months, did the firm give formal training to its staff?",
            f.iter().map(|x| yn(x.training_given)),
        )
        .with_value_labels(yes_no_text()),
    );
    c.push(int(
        "hr/n_trainings",
        "Number of training programmes given in the last 12 months",
        f.iter()
            .map(|x| (x.training_given == Some(true)).then_some(x.programmes.len() as i64)),
    ));
    c.push(text(
        "remarks",
        "Any other remarks (free text)",
        f.iter().map(|x| x.remarks.as_deref()),
    ));
    c.push(int(
        "_id",
        "Kobo submission id",
        f.iter()
            .enumerate()
            .map(|(i, _)| Some(52_310_001 + i as i64 * 3)),
    ));
    c.push(text(
        "_uuid",
        "Kobo submission uuid",
        f.iter().map(|x| Some(x.uuid.as_str())),
    ));
    c.push(
        Column::datetime("_submission_time", f.iter().map(|x| Some(x.submitted_ms)))
            .with_label("Submission time (server, UTC)"),
    );
    c.push(empty_text("_validation_status", n));
    c.push(empty_text("_notes", n));
    c.push(text(
        "_status",
        "Submission status",
        f.iter().map(|_| Some("submitted_via_web")),
    ));
    c.push(empty_text("_submitted_by", n));
    c.push(text(
        "__version__",
        "Form version",
        f.iter().map(|_| Some(KOBO_VERSION)),
    ));
    c.push(empty_text("_tags", n));
    c.push(int(
        "_index",
        "Row index of the submission",
        (1..=n as i64).map(Some),
    ));
    let main = dataset(names::FIRMS, "firm survey (KoboToolbox export)", c);

    // Children: one row per repeat instance, with the submission's meta.
    struct Row<'a> {
        parent: usize,
        firm: &'a Firm,
    }
    let mut roster_rows: Vec<(Row, usize, i64, usize, i64)> = Vec::new();
    for (i, firm) in f.iter().enumerate() {
        let mut cells: std::collections::BTreeMap<(usize, i64, usize), i64> =
            std::collections::BTreeMap::new();
        for p in &firm.persons {
            *cells.entry((p.level, p.isco, p.origin)).or_default() += 1;
        }
        for ((level, isco, origin), count) in cells {
            roster_rows.push((Row { parent: i, firm }, level, isco, origin, count));
        }
    }
    let mut rc = vec![
        text(
            "roster/level",
            "Job level",
            roster_rows.iter().map(|r| Some(LEVELS[r.1].0)),
        )
        .with_value_labels(vl_text("job_level", &LEVELS)),
        int(
            "roster/isco",
            "Occupation (ISCO-08 unit group)",
            roster_rows.iter().map(|r| Some(r.2)),
        )
        .with_value_labels(isco_labels()),
        text(
            "roster/origin",
            "Domicile of the employees",
            roster_rows.iter().map(|r| Some(ORIGINS[r.3].0)),
        )
        .with_value_labels(vl_text("origin", &ORIGINS)),
        int(
            "roster/count",
            "Number of employees",
            roster_rows.iter().map(|r| Some(r.4)),
        ),
    ];
    rc.extend(child_meta(
        &roster_rows
            .iter()
            .map(|r| (r.0.parent, r.0.firm))
            .collect::<Vec<_>>(),
    ));
    let mut roster = dataset(
        names::ROSTER,
        "firm employment roster (level × occupation × origin)",
        rc,
    );
    roster.parent = Some(Link {
        parent: names::FIRMS.to_string(),
        child_column: "_parent_index".to_string(),
        parent_column: "_index".to_string(),
    });

    let mut tr: Vec<(usize, &Firm, &crate::firms::Programme)> = Vec::new();
    for (i, firm) in f.iter().enumerate() {
        for p in &firm.programmes {
            tr.push((i, firm, p));
        }
    }
    let mut tc = vec![
        text(
            "training/provider",
            "Provider",
            tr.iter().map(|r| Some(PROVIDERS[r.2.provider].0)),
        )
        .with_value_labels(vl_text("provider", &PROVIDERS)),
        text(
            "training/level",
            "Job level of trainees",
            tr.iter().map(|r| Some(LEVELS[r.2.level].0)),
        )
        .with_value_labels(vl_text("job_level", &LEVELS)),
        int(
            "training/participants",
            "Number of participants",
            tr.iter().map(|r| Some(r.2.participants)),
        ),
        float(
            "training/hours",
            "Hours per participant",
            tr.iter().map(|r| Some(r.2.hours)),
        ),
    ];
    tc.extend(child_meta(
        &tr.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
    ));
    let mut training = dataset(names::TRAINING, "training programmes given by firms", tc);
    training.parent = roster.parent.clone();
    (main, roster, training)
}

/// Kobo's repeat-sheet meta columns for rows `(parent row, firm)`.
fn child_meta(rows: &[(usize, &Firm)]) -> Vec<Column> {
    let n = rows.len();
    vec![
        int("_index", "Row index", (1..=n as i64).map(Some)),
        text(
            "_parent_table_name",
            "Parent sheet",
            rows.iter().map(|_| Some(KOBO_FORM)),
        ),
        int(
            "_parent_index",
            "Row index of the parent submission",
            rows.iter().map(|r| Some(r.0 as i64 + 1)),
        ),
        int(
            "_submission__id",
            "Parent submission id",
            rows.iter().map(|r| Some(52_310_001 + r.0 as i64 * 3)),
        ),
        text(
            "_submission__uuid",
            "Parent submission uuid",
            rows.iter().map(|r| Some(r.1.uuid.as_str())),
        ),
        Column::datetime(
            "_submission__submission_time",
            rows.iter().map(|r| Some(r.1.submitted_ms)),
        ),
        empty_text("_submission__validation_status", n),
        empty_text("_submission__notes", n),
        text(
            "_submission__status",
            "Submission status",
            rows.iter().map(|_| Some("submitted_via_web")),
        ),
        empty_text("_submission__submitted_by", n),
        text(
            "_submission___version__",
            "Form version",
            rows.iter().map(|_| Some(KOBO_VERSION)),
        ),
        empty_text("_submission__tags", n),
    ]
}

/// The worker survey (written as Stata).
pub(crate) fn worker_table(workers: &[Worker], firms: &[Firm]) -> Dataset {
    let w = workers;
    let firm = |x: &Worker| &firms[x.firm];
    let mut c = vec![
        int("worker_id", "Worker id", w.iter().map(|x| Some(x.id))),
        int(
            "firm_id",
            "Firm id (PSU; links to firms sample/firm_id)",
            w.iter().map(|x| Some(firm(x).id)),
        ),
        text(
            "sector",
            "Sector",
            w.iter().map(|x| Some(firm(x).spec().id)),
        ),
        text(
            "district",
            "District of the firm",
            w.iter().map(|x| Some(firm(x).district)),
        ),
        text(
            "stratum",
            "Stratum (sector_district)",
            w.iter().map(|x| Some(firm(x).stratum.as_str())),
        ),
        float(
            "weight",
            "Worker weight = firm weight x firm employment / workers sampled",
            w.iter().map(|x| Some(x.weight)),
        ),
        float(
            "firm_weight",
            "Weight of the worker's firm",
            w.iter().map(|x| Some(firm(x).weight)),
        ),
        int(
            "fpc_firms",
            "Principal units on the stratum frame (stage-1 fpc)",
            w.iter().map(|x| Some(firm(x).fpc)),
        ),
        int(
            "fpc_workers",
            "Employees of the firm (stage-2 fpc)",
            w.iter().map(|x| Some(x.firm_size)),
        ),
        Column::date("interview_date", w.iter().map(|x| Some(x.date)))
            .with_label("Date of interview"),
        int(
            "sex",
            "Sex",
            w.iter().map(|x| Some(if x.female { 2 } else { 1 })),
        )
        .with_value_labels(vl_num("sex", &[(1, "Male"), (2, "Female")])),
        int("age", "Age in years", w.iter().map(|x| x.age)),
        int(
            "origin",
            "Domicile relative to the firm's district",
            w.iter().map(|x| Some(x.person.origin as i64 + 1)),
        )
        .with_value_labels(vl_num(
            "origin",
            &ORIGINS
                .iter()
                .enumerate()
                .map(|(i, o)| (i as i64 + 1, o.1))
                .collect::<Vec<_>>(),
        )),
        int(
            "level",
            "Job level",
            w.iter().map(|x| Some(x.person.level as i64 + 1)),
        )
        .with_value_labels(vl_num(
            "level",
            &LEVELS
                .iter()
                .enumerate()
                .map(|(i, o)| (i as i64 + 1, o.1))
                .collect::<Vec<_>>(),
        )),
        int(
            "isco",
            "Occupation (ISCO-08 unit group)",
            w.iter().map(|x| Some(x.person.isco)),
        )
        .with_value_labels(isco_labels()),
        int(
            "educ",
            "Highest level of education completed",
            w.iter().map(|x| x.educ),
        )
        .with_value_labels(vl_num("educ", &EDUCATION)),
        int(
            "educ_years",
            "Years of schooling completed",
            w.iter().map(|x| x.educ_years),
        ),
        int(
            "trained",
            "Received formal training in the last 12 months",
            w.iter().map(|x| Some(i64::from(x.trained))),
        )
        .with_value_labels(yes_no_num()),
        int(
            "train_provider",
            "Provider of the training received",
            w.iter().map(|x| x.provider.map(|p| p as i64 + 1)),
        )
        .with_value_labels(vl_num(
            "provider",
            &PROVIDERS
                .iter()
                .enumerate()
                .map(|(i, o)| (i as i64 + 1, o.1))
                .collect::<Vec<_>>(),
        )),
        float(
            "train_hours",
            "Hours of training received",
            w.iter().map(|x| x.train_hours),
        ),
        float(
            "wage",
            "Monthly wage, PKR (missing: refused)",
            w.iter().map(|x| x.wage),
        ),
    ];
    for (k, item) in HRD_ITEMS.iter().enumerate() {
        c.push(
            int(
                &format!("hrd{}", k + 1),
                &format!("HRD: {}", item),
                w.iter().map(|x| x.hrd[k]),
            )
            .with_value_labels(likert(true)),
        );
    }
    for (k, item) in CD_ITEMS.iter().enumerate() {
        c.push(
            int(
                &format!("cd{}", k + 1),
                &format!("CD: {}", item),
                w.iter().map(|x| x.cd[k]),
            )
            .with_value_labels(likert(true)),
        );
    }
    for (k, item) in PA_ITEMS.iter().enumerate() {
        c.push(
            int(
                &format!("pa{}", k + 1),
                &format!("PA: {}", item),
                w.iter().map(|x| x.pa[k]),
            )
            .with_value_labels(likert(true)),
        );
    }
    c.push(text(
        "comment",
        "Comments of the worker (free text)",
        w.iter().map(|x| x.comment.as_deref()),
    ));
    c.push(text(
        "name",
        "Name of the worker",
        w.iter().map(|x| Some(x.name.as_str())),
    ));
    c.push(text(
        "phone",
        "Phone of the worker",
        w.iter().map(|x| x.phone.as_deref()),
    ));
    dataset(names::WORKERS, "worker survey", c)
}

/// A "don't know" code declared user-missing (SPSS style).
fn with_user_missing(mut col: Column, code: i64) -> Column {
    let rows: Vec<usize> = (0..col.len())
        .filter(|&i| col.f64_at(i) == Some(code as f64))
        .collect();
    for i in rows {
        col.validity.set_missing(
            i,
            MissingReason::UserCode {
                raw: code.to_string(),
            },
        );
    }
    col
}

/// The household survey (written as SPSS).
pub(crate) fn household_table(hhs: &[Household]) -> Dataset {
    let h = hhs;
    let yesno = yes_no_num();
    let mut c = vec![
        int("hh_id", "Household id", h.iter().map(|x| Some(x.id))),
        text("district", "District", h.iter().map(|x| Some(x.district)))
            .with_value_labels(district_labels()),
        int(
            "urban",
            "Area",
            h.iter().map(|x| Some(if x.urban { 1 } else { 2 })),
        )
        .with_value_labels(vl_num("urban", &[(1, "Urban"), (2, "Rural")])),
        text(
            "stratum",
            "Stratum (district_urban/rural)",
            h.iter().map(|x| Some(x.stratum.as_str())),
        ),
        int("ea", "Enumeration area (PSU)", h.iter().map(|x| Some(x.ea))),
        float(
            "weight",
            "Household weight",
            h.iter().map(|x| Some(x.weight)),
        ),
        int(
            "fpc",
            "Enumeration areas on the stratum frame",
            h.iter().map(|x| Some(x.fpc)),
        ),
        Column::date("interview_date", h.iter().map(|x| Some(x.date)))
            .with_label("Date of interview"),
        int(
            "hh_size",
            "Household size",
            h.iter().map(|x| Some(x.hh_size)),
        ),
        int(
            "adults",
            "Members aged 18 or more",
            h.iter().map(|x| Some(x.adults)),
        ),
        int(
            "children",
            "Members under 18",
            h.iter().map(|x| Some(x.children)),
        ),
        int(
            "children_under5",
            "Members under 5",
            h.iter().map(|x| Some(x.under5)),
        ),
        int(
            "children_5_16",
            "Members aged 5-16",
            h.iter().map(|x| Some(x.kids_5_16)),
        ),
        int(
            "children_5_16_out",
            "Members aged 5-16 not attending school",
            h.iter().map(|x| Some(x.kids_out)),
        ),
        float(
            "cons_month",
            "Household consumption, PKR per month, survey (2024-25) prices",
            h.iter().map(|x| x.cons_month),
        ),
        float(
            "deflator",
            "Price factor 2013-14 to survey prices (poverty line x deflator)",
            h.iter().map(|_| Some(DEFLATOR)),
        ),
        int(
            "worker_hh",
            "A member works in one of the six sectors",
            h.iter().map(|x| Some(i64::from(x.worker_hh))),
        )
        .with_value_labels(yesno.clone()),
        text(
            "worker_sector",
            "Sector of the member working in the six sectors",
            h.iter().map(|x| x.worker_sector),
        ),
        int(
            "worker_id",
            "Worker id of the member in the worker survey (links to workers)",
            h.iter().map(|x| x.worker_id),
        ),
        int(
            "head_sex",
            "Sex of the household head",
            h.iter().map(|x| Some(if x.head_female { 2 } else { 1 })),
        )
        .with_value_labels(vl_num("sex", &[(1, "Male"), (2, "Female")])),
        int(
            "head_age",
            "Age of the household head",
            h.iter().map(|x| Some(x.head_age)),
        ),
        int(
            "edu_max_years",
            "Highest years of schooling of any member aged 10+",
            h.iter().map(|x| x.edu_max_years),
        ),
        with_user_missing(
            int(
                "health_access",
                "Travel time to the nearest health facility",
                h.iter().map(|x| Some(x.health_access)),
            )
            .with_value_labels(vl_num(
                "health_access",
                &[
                    (1, "Under 30 minutes"),
                    (2, "30-60 minutes"),
                    (3, "Over 60 minutes"),
                    (4, "No facility used / none reachable"),
                    (98, "Don't know"),
                ],
            )),
            98,
        ),
        with_user_missing(
            int(
                "under5_immunised",
                "All children under 5 fully immunised (missing: no child under 5)",
                h.iter().map(|x| x.immunised),
            )
            .with_value_labels(vl_num(
                "immunised",
                &[(1, "Yes, all"), (2, "No / incomplete"), (98, "Don't know")],
            )),
            98,
        ),
        int(
            "water_source",
            "Main source of drinking water",
            h.iter().map(|x| Some(x.water)),
        )
        .with_value_labels(vl_num(
            "water",
            &[
                (1, "Piped into dwelling"),
                (2, "Public tap / standpipe"),
                (3, "Hand pump"),
                (4, "Motor pump / tube well"),
                (5, "Protected well"),
                (6, "Unprotected well"),
                (7, "Pond, canal, river or stream"),
                (8, "Tanker / water vendor"),
                (9, "Filtration plant / bottled water"),
                (96, "Other"),
            ],
        )),
        int(
            "toilet",
            "Type of toilet facility",
            h.iter().map(|x| Some(x.toilet)),
        )
        .with_value_labels(vl_num(
            "toilet",
            &[
                (1, "Flush to public sewer"),
                (2, "Flush to septic tank"),
                (3, "Flush to open drain"),
                (4, "Pit latrine with slab"),
                (5, "Pit latrine without slab"),
                (6, "Bucket / hanging latrine"),
                (7, "No facility (open field)"),
            ],
        )),
        int(
            "electricity",
            "Source of electricity",
            h.iter().map(|x| Some(x.electricity)),
        )
        .with_value_labels(vl_num(
            "electricity",
            &[(1, "Grid"), (2, "Solar home system only"), (3, "None")],
        )),
        int(
            "cooking_fuel",
            "Main cooking fuel",
            h.iter().map(|x| Some(x.cooking)),
        )
        .with_value_labels(vl_num(
            "cooking_fuel",
            &[
                (1, "Natural gas"),
                (2, "LPG"),
                (3, "Electricity"),
                (4, "Kerosene"),
                (5, "Wood"),
                (6, "Dung cakes"),
                (7, "Crop residue"),
                (8, "Charcoal"),
            ],
        )),
        int(
            "walls",
            "Main material of the walls",
            h.iter().map(|x| Some(x.walls)),
        )
        .with_value_labels(vl_num(
            "walls",
            &[
                (1, "Burnt brick / block"),
                (2, "Unbaked (mud) brick"),
                (3, "Mud, thatch or wood"),
                (4, "Stone"),
                (96, "Other"),
            ],
        )),
        int(
            "floor",
            "Main material of the floor",
            h.iter().map(|x| Some(x.floor)),
        )
        .with_value_labels(vl_num(
            "floor",
            &[
                (1, "Earth / sand"),
                (2, "Cement / brick"),
                (3, "Tiles, marble or chips"),
            ],
        )),
        int(
            "sleeping_rooms",
            "Rooms used for sleeping",
            h.iter().map(|x| x.rooms),
        ),
    ];
    for (k, (name, label)) in ASSETS.iter().enumerate() {
        c.push(
            int(
                &format!("asset_{name}"),
                &format!("Household owns: {label}"),
                h.iter().map(|x| Some(i64::from(x.assets[k]))),
            )
            .with_value_labels(yesno.clone()),
        );
    }
    c.push(text(
        "resp_name",
        "Name of the respondent",
        h.iter().map(|x| Some(x.resp_name.as_str())),
    ));
    c.push(text(
        "phone",
        "Phone of the respondent",
        h.iter().map(|x| x.phone.as_deref()),
    ));
    c.push(float(
        "gps_lat",
        "GPS latitude of the dwelling",
        h.iter().map(|x| Some((x.lat * 1e5).round() / 1e5)),
    ));
    c.push(float(
        "gps_lon",
        "GPS longitude of the dwelling",
        h.iter().map(|x| Some((x.lon * 1e5).round() / 1e5)),
    ));
    dataset(names::HOUSEHOLDS, "household survey", c)
}

/// Stakeholders with key-informant checklists.
pub(crate) fn stakeholder_table(actors: &[ActorRow]) -> Dataset {
    let a = actors;
    let mut c = vec![
        text(
            "sector",
            "Sector",
            a.iter().map(|x| Some(SECTORS[x.sector].id)),
        )
        .with_value_labels(sector_labels()),
        text(
            "actor_id",
            "Actor id (linkages refer to it)",
            a.iter().map(|x| Some(x.id.as_str())),
        ),
        text(
            "actor_name",
            "Actor (synthetic description)",
            a.iter().map(|x| Some(x.name)),
        ),
        text(
            "actor_type",
            "Type of actor",
            a.iter().map(|x| Some(x.kind)),
        )
        .with_value_labels(vl_text("actor_type", ACTOR_TYPES)),
        int(
            "kii",
            "Interviewed as key informant (1 yes, 0 no)",
            a.iter().map(|x| Some(i64::from(x.kii))),
        ),
        text(
            "informant_name",
            "Name of the key informant",
            a.iter().map(|x| x.informant_name.as_deref()),
        ),
        text(
            "informant_phone",
            "Phone of the key informant",
            a.iter().map(|x| x.informant_phone.as_deref()),
        ),
    ];
    for (k, (name, label)) in CHECKLIST.iter().enumerate() {
        c.push(int(
            name,
            label,
            a.iter().map(|x| {
                (x.kii && !x.blanks.contains(&k)).then(|| i64::from(checklist_values(x.sector)[k]))
            }),
        ));
    }
    c.push(text(
        "core_product",
        "A3: the sector's core product named by the informant",
        a.iter()
            .map(|x| x.kii.then_some(SECTORS[x.sector].core_product)),
    ));
    c.push(text(
        "threats",
        "A3: shared threats named by the informant",
        a.iter()
            .map(|x| x.kii.then_some(SECTORS[x.sector].kii.threats)),
    ));
    c.push(
        text(
            "cluster_body",
            "D4: cluster governance body (formal: members and meetings; informal: convening lead firm or association; none)",
            a.iter()
                .map(|x| x.kii.then_some(SECTORS[x.sector].kii.cluster_body)),
        )
        .with_value_labels(vl_text(
            "cluster_body",
            &[
                ("formal", "Formal cluster body with members and meetings"),
                ("informal", "Informal convening lead firm or association"),
                ("none", "None"),
            ],
        )),
    );
    c.push(int(
        "govt_designated",
        "Sector designated by government (SEZ or state-led project; 1 yes, 0 no)",
        a.iter().map(|x| {
            x.kii
                .then(|| i64::from(SECTORS[x.sector].kii.govt_designated))
        }),
    ));
    c.push(int(
        "programmes_12m",
        "Training programmes the actor ran for the sector in the last 12 months",
        a.iter().map(|x| Some(x.programmes)),
    ));
    c.push(int(
        "trainees_12m",
        "Persons trained by those programmes",
        a.iter().map(|x| Some(x.trainees)),
    ));
    dataset(
        names::STAKEHOLDERS,
        "stakeholders and key-informant checklists",
        c,
    )
}

/// Linkage edge list.
pub(crate) fn linkage_table(links: &[LinkRow]) -> Dataset {
    let l = links;
    let c = vec![
        text(
            "sector",
            "Sector",
            l.iter().map(|x| Some(SECTORS[x.sector].id)),
        )
        .with_value_labels(sector_labels()),
        text(
            "from_actor",
            "Actor id",
            l.iter().map(|x| Some(x.from.as_str())),
        ),
        text(
            "to_actor",
            "Actor id",
            l.iter().map(|x| Some(x.to.as_str())),
        ),
        int(
            "strength",
            "Strength of the link: 0 none (asked, no link), 1 weak, 2 moderate, 3 strong",
            l.iter().map(|x| Some(x.strength)),
        )
        .with_value_labels(vl_num(
            "strength",
            &[(0, "No link"), (1, "Weak"), (2, "Moderate"), (3, "Strong")],
        )),
        text(
            "link_type",
            "Main content of the link",
            l.iter().map(|x| Some(x.kind)),
        ),
    ];
    dataset(
        names::LINKAGES,
        "stakeholder linkages (undirected edge list)",
        c,
    )
}

/// Employment by region × industry.
pub(crate) fn employment_table(rows: &[EmploymentRow]) -> Dataset {
    let e = rows;
    let c = vec![
        text(
            "region",
            "Region id (Sindh district or other province)",
            e.iter().map(|x| Some(REGIONS[x.region].id)),
        ),
        text(
            "region_label",
            "Region",
            e.iter().map(|x| Some(REGIONS[x.region].label)),
        ),
        text(
            "region_type",
            "district (of Sindh) or province",
            e.iter().map(|x| Some(REGIONS[x.region].kind)),
        ),
        text(
            "province",
            "Province",
            e.iter().map(|x| {
                let r = &REGIONS[x.region];
                Some(if r.kind == "district" { "sindh" } else { r.id })
            }),
        ),
        text(
            "isic4",
            "Industry code (ISIC Rev. 4 class, or a range of divisions)",
            e.iter().map(|x| Some(INDUSTRIES[x.industry].code)),
        ),
        text(
            "industry",
            "Industry",
            e.iter().map(|x| Some(INDUSTRIES[x.industry].label)),
        ),
        text(
            "sector",
            "Example sector the industry belongs to (empty for others)",
            e.iter().map(|x| INDUSTRIES[x.industry].sector),
        ),
        int(
            "employed",
            "Employed persons",
            e.iter().map(|x| Some(x.employed)),
        ),
        int("year", "Reference year", e.iter().map(|_| Some(2024))),
    ];
    dataset(names::EMPLOYMENT, "employment by region and industry", c)
}

/// Coded key-informant interview segments: one row per code.
pub(crate) fn segment_table(rows: &[crate::stakeholders::SegmentRow]) -> Dataset {
    let r = rows;
    let c = vec![
        int(
            "segment",
            "Segment id",
            (1..=r.len()).map(|i| Some(i as i64)),
        ),
        text(
            "sector",
            "Sector",
            r.iter().map(|x| Some(SECTORS[x.sector].id)),
        )
        .with_value_labels(sector_labels()),
        text(
            "interview",
            "Interview id (KII- + the informant's actor id)",
            r.iter().map(|x| Some(x.interview.as_str())),
        ),
        text(
            "actor_type",
            "Type of the informant's organisation",
            r.iter().map(|x| Some(x.actor_type)),
        ),
        text(
            "code",
            "Qualitative code of the segment",
            r.iter().map(|x| Some(x.code)),
        ),
        text(
            "stance",
            "Whether the segment supports or contradicts its code",
            r.iter().map(|x| {
                Some(if x.supports {
                    "supports"
                } else {
                    "contradicts"
                })
            }),
        ),
        text(
            "quote",
            "The coded text (English translation)",
            r.iter().map(|x| Some(x.quote.as_str())),
        ),
    ];
    dataset(names::SEGMENTS, "coded key-informant interview segments", c)
}
