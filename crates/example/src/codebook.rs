//! The codebook of the example: every dataset and column, its meaning, role,
//! type and value set, as Markdown built from the generated datasets (so it
//! cannot drift from the data).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use clusterdx_data::{Column, Dataset, LogicalType, MissingReason};

use crate::{SindhExample, files};

/// Roles of columns in the study design, by dataset and column.
const ROLES: &[(&str, &str, &str)] = &[
    ("firms", "start", "meta"),
    ("firms", "end", "meta"),
    (
        "firms",
        "sample/firm_id",
        "**id**; **PSU**; `workers.firm_id` links here",
    ),
    ("firms", "sample/stratum", "**strata** (sector × district)"),
    ("firms", "sample/weight", "**weight**"),
    ("firms", "sample/fpc", "**fpc** (stratum population size)"),
    ("firms", "sample/mos", "PPS measure of size"),
    ("firms", "firm/sector", "**sector**"),
    ("firms", "firm/district", "**district**"),
    ("firms", "firm/core_product", "evidence A3"),
    ("firms", "firm/location", "**personal** (GPS)"),
    ("firms", "firm/_location_latitude", "**personal** (GPS)"),
    ("firms", "firm/_location_longitude", "**personal** (GPS)"),
    ("firms", "firm/_location_altitude", "**personal** (GPS)"),
    ("firms", "firm/_location_precision", "**personal** (GPS)"),
    ("firms", "firm/emp_total", "firm size"),
    ("firms", "respondent/resp_name", "**personal**"),
    ("firms", "respondent/resp_phone", "**personal**"),
    (
        "firms",
        "value_chain/inputs_source",
        "evidence B1 (share `district`); 98 = don't know",
    ),
    ("firms", "value_chain/sells_beyond", "evidence B2"),
    ("firms", "value_chain/subcontract", "evidence B3"),
    ("firms", "cooperation/joint_action", "evidence C1"),
    (
        "firms",
        "cooperation/trust_firms",
        "evidence C2 (mean); 98 = don't know",
    ),
    (
        "firms",
        "cooperation/share_info",
        "evidence C2 (mean); 98 = don't know",
    ),
    (
        "firms",
        "cooperation/keep_agreements",
        "evidence C2 (mean); 98 = don't know",
    ),
    ("firms", "innovation/innov_local", "evidence C3"),
    ("firms", "institutions/assoc_member", "evidence D1"),
    ("firms", "institutions/support_any", "evidence D2"),
    ("firms", "finance/formal_credit", "evidence D3"),
    (
        "firms",
        "hr/ease_hiring",
        "evidence E1 (mean); 98 = don't know",
    ),
    ("firms", "hr/training_given", "evidence E2"),
    ("firms", "remarks", "free text (English, Urdu, Sindhi)"),
    (
        "firms",
        "_index",
        "row key; repeat sheets' `_parent_index` links here",
    ),
    ("roster", "roster/level", "**job level**"),
    (
        "roster",
        "roster/isco",
        "**occupation** (ISCO-08 → skill level)",
    ),
    (
        "roster",
        "roster/origin",
        "**origin** (local = `district`; province = `district` or `sindh`)",
    ),
    ("roster", "roster/count", "head count (frequency)"),
    ("roster", "_parent_index", "**link** → `firms._index`"),
    ("training", "training/provider", "provider"),
    ("training", "training/level", "**job level**"),
    ("training", "_parent_index", "**link** → `firms._index`"),
    ("workers", "worker_id", "**id**"),
    (
        "workers",
        "firm_id",
        "**PSU** (stage 1); **link** → `firms.sample/firm_id`",
    ),
    ("workers", "sector", "**sector**"),
    ("workers", "district", "**district**"),
    ("workers", "stratum", "**strata**"),
    ("workers", "weight", "**weight**"),
    ("workers", "fpc_firms", "**fpc** stage 1"),
    ("workers", "fpc_workers", "**fpc** stage 2"),
    (
        "workers",
        "origin",
        "**origin** (local = 1; province = 1 or 2)",
    ),
    ("workers", "level", "**job level**"),
    ("workers", "isco", "**occupation** (ISCO-08)"),
    ("workers", "trained", "training received"),
    ("workers", "train_provider", "provider"),
    ("workers", "comment", "free text (English, Urdu, Sindhi)"),
    ("workers", "name", "**personal**"),
    ("workers", "phone", "**personal**"),
    ("households", "hh_id", "**id**"),
    ("households", "district", "**district**"),
    (
        "households",
        "stratum",
        "**strata** (district × urban/rural)",
    ),
    ("households", "ea", "**PSU** (enumeration area)"),
    ("households", "weight", "**weight**"),
    ("households", "fpc", "**fpc** (EAs in the stratum frame)"),
    (
        "households",
        "cons_month",
        "welfare (per adult equivalent: ÷ (adults + 0.8 × children))",
    ),
    (
        "households",
        "deflator",
        "poverty line in survey prices = 3,030.32 × deflator",
    ),
    ("households", "worker_hh", "worker-household flag"),
    ("households", "worker_id", "**link** → `workers.worker_id`"),
    ("households", "health_access", "MPI health; 98 user-missing"),
    (
        "households",
        "under5_immunised",
        "MPI health; 98 user-missing",
    ),
    ("households", "edu_max_years", "MPI education"),
    ("households", "children_5_16_out", "MPI education"),
    ("households", "water_source", "MPI living standard"),
    ("households", "toilet", "MPI living standard"),
    ("households", "electricity", "MPI living standard"),
    ("households", "cooking_fuel", "MPI living standard"),
    ("households", "walls", "MPI living standard"),
    ("households", "floor", "MPI living standard"),
    (
        "households",
        "sleeping_rooms",
        "MPI overcrowding (hh_size ÷ rooms)",
    ),
    ("households", "resp_name", "**personal**"),
    ("households", "phone", "**personal**"),
    ("households", "gps_lat", "**personal** (GPS)"),
    ("households", "gps_lon", "**personal** (GPS)"),
    ("stakeholders", "sector", "**sector**"),
    ("stakeholders", "actor_id", "**id**; linkages refer to it"),
    ("stakeholders", "actor_type", "actor type"),
    ("stakeholders", "kii", "key-informant flag"),
    (
        "stakeholders",
        "programmes_12m",
        "capacity building by stakeholders",
    ),
    (
        "stakeholders",
        "trainees_12m",
        "capacity building by stakeholders",
    ),
    ("stakeholders", "informant_name", "**personal**"),
    ("stakeholders", "informant_phone", "**personal**"),
    ("linkages", "sector", "**sector**"),
    (
        "linkages",
        "from_actor",
        "**link** → `stakeholders.actor_id`",
    ),
    ("linkages", "to_actor", "**link** → `stakeholders.actor_id`"),
    ("linkages", "strength", "tie strength (0 = no tie)"),
    ("employment", "region", "region"),
    ("employment", "isic4", "industry"),
    ("employment", "sector", "**sector** of the industry"),
    ("employment", "employed", "count"),
    ("segments", "segment", "**id**"),
    ("segments", "sector", "**sector**"),
    ("segments", "interview", "interview id"),
    ("segments", "actor_type", "informant's stakeholder type"),
    ("segments", "code", "qualitative code (joint display)"),
    ("segments", "stance", "supports / contradicts"),
    ("segments", "quote", "coded text"),
];

fn role(dataset: &str, column: &str) -> String {
    if let Some((_, _, r)) = ROLES.iter().find(|(d, c, _)| *d == dataset && *c == column) {
        return (*r).to_string();
    }
    if dataset == "workers" && ["hrd", "cd", "pa"].iter().any(|p| column.starts_with(p)) {
        let construct = match column.trim_end_matches(|c: char| c.is_ascii_digit()) {
            "hrd" => "HRD",
            "cd" => "CD",
            _ => "PA",
        };
        return format!("indicator of {construct}; 98 = don't know");
    }
    if dataset == "stakeholders"
        && !matches!(
            column,
            "actor_name" | "kii" | "programmes_12m" | "trainees_12m"
        )
    {
        return "KII checklist (informant rows)".into();
    }
    String::new()
}

fn kind(c: &Column) -> &'static str {
    match c.logical_type() {
        LogicalType::Float => "number",
        LogicalType::Integer => "integer",
        LogicalType::Categorical => "coded",
        LogicalType::Text if c.value_labels.is_some() => "text code",
        LogicalType::Text => "text",
        LogicalType::Date => "date",
        LogicalType::DateTime => "datetime",
        LogicalType::Boolean => "yes/no",
    }
}

fn escape(s: &str) -> String {
    s.replace('|', "\\|")
}

fn values(c: &Column) -> String {
    if let Some(vl) = &c.value_labels {
        let all: Vec<String> = vl
            .iter()
            .map(|(code, label)| format!("`{code}` {}", escape(label)))
            .collect();
        return if all.len() > 12 {
            format!(
                "{}; … ({} codes, see the file's labels)",
                all[..6].join("; "),
                all.len()
            )
        } else {
            all.join("; ")
        };
    }
    let n = c.len();
    match c.logical_type() {
        LogicalType::Float | LogicalType::Integer => {
            let xs: Vec<f64> = (0..n).filter_map(|i| c.f64_at(i)).collect();
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if xs.is_empty() {
                String::new()
            } else if c.logical_type() == LogicalType::Integer {
                format!("{lo:.0} – {hi:.0}")
            } else {
                format!("{} – {}", trim(lo), trim(hi))
            }
        }
        LogicalType::Text => {
            let distinct: BTreeSet<String> = (0..n).filter_map(|i| c.code_at(i)).collect();
            if distinct.len() <= 10 && distinct.iter().all(|s| s.len() <= 20) {
                distinct
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                format!("{} distinct", distinct.len())
            }
        }
        LogicalType::Date | LogicalType::DateTime => {
            let codes: Vec<String> = (0..n).filter_map(|i| c.code_at(i)).collect();
            match (codes.iter().min(), codes.iter().max()) {
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => String::new(),
            }
        }
        _ => String::new(),
    }
}

fn trim(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn missing(c: &Column) -> String {
    let n = c.missing_count();
    if n == 0 {
        return String::new();
    }
    let user = c
        .validity
        .reasons()
        .iter()
        .filter(|(_, r)| matches!(r, MissingReason::UserCode { .. }))
        .count();
    if user > 0 {
        format!("{n} ({user} user-missing 98)")
    } else {
        n.to_string()
    }
}

fn table(out: &mut String, d: &Dataset) {
    out.push_str("| column | meaning | role | type | values | missing |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for c in d.columns() {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            c.name,
            escape(c.label.as_deref().unwrap_or("")),
            role(&d.name, &c.name),
            kind(c),
            values(c),
            missing(c),
        );
    }
}

/// The codebook of `ex` as Markdown: one section per dataset with its file,
/// rows and a table of every column (meaning, design role, type, value set,
/// missing count). The committed `examples/sindh/README.md` embeds the
/// codebook of [`crate::DEFAULT_SEED`].
pub fn codebook(ex: &SindhExample) -> String {
    let mut out = String::new();
    let file_of = |name: &str| -> String {
        match name {
            "firms" => format!(
                "`{}`, sheet `{}` (KoboToolbox export)",
                files::FIRMS,
                files::KOBO_MAIN_SHEET
            ),
            "roster" | "training" => format!(
                "`{}`, sheet `{name}` (repeat group; child of `firms` by `_parent_index` = `_index`)",
                files::FIRMS
            ),
            "workers" => format!("`{}` (Stata 118)", files::WORKERS),
            "households" => format!("`{}` (SPSS)", files::HOUSEHOLDS),
            "stakeholders" => format!("`{}`", files::STAKEHOLDERS),
            "linkages" => format!("`{}`", files::LINKAGES),
            "segments" => format!("`{}`", files::SEGMENTS),
            _ => format!("`{}`", files::EMPLOYMENT),
        }
    };
    for d in ex.datasets() {
        let _ = writeln!(out, "### `{}`\n", d.name);
        let _ = writeln!(
            out,
            "{} — {}; {} rows, {} columns.\n",
            file_of(&d.name),
            d.label.as_deref().unwrap_or(""),
            d.n_rows(),
            d.columns().len()
        );
        table(&mut out, d);
        out.push('\n');
    }
    out
}
