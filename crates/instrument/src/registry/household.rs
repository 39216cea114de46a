//! The household survey: sample and members, consumption (a short form or
//! modules), the link to a member in the worker survey, and the questions
//! behind the study's MPI indicators.

use crate::form::Row;

/// A sampling value preloaded from `ea_frame.csv` by `ea`.
fn frame(name: &str, label: &str) -> Row {
    super::preload("ea_frame", "ea", name, label)
}

/// How consumption is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Consumption {
    /// One question: the household's monthly consumption.
    #[default]
    Short,
    /// Monthly totals of consumption modules, summed.
    Modules,
}

/// The consumption modules (monthly totals).
const MODULES: [(&str, &str); 8] = [
    (
        "cons_food",
        "Food and drink, including own production (last month)",
    ),
    (
        "cons_housing",
        "Rent, water, electricity and fuel (last month)",
    ),
    (
        "cons_education",
        "Education: fees, books, uniforms (monthly average)",
    ),
    (
        "cons_health",
        "Health: consultations and medicines (monthly average)",
    ),
    ("cons_transport", "Transport and communication (last month)"),
    ("cons_clothing", "Clothing and footwear (monthly average)"),
    (
        "cons_durables",
        "Household goods and repairs (monthly average)",
    ),
    ("cons_other", "Other consumption (last month)"),
];

/// The rows before consumption.
pub(crate) fn opening() -> Vec<Row> {
    vec![
        Row::new("integer", "hh_id", "Household id (from the listing)")
            .required()
            .constraint(
                ". > 0",
                "A household id is a positive number from the listing.",
            )
            .id(),
        Row::new("select_one district", "district", "District")
            .required()
            .concept("district"),
        Row::new("select_one urban", "urban", "Area")
            .required()
            .concept("area"),
        Row::new("integer", "ea", "Enumeration area (from the listing)")
            .required()
            .constraint(". > 0", "An enumeration area code from the listing.")
            .design("psu"),
        frame("stratum", "Sampling stratum").design("strata"),
        frame("weight", "Household weight").design("weights"),
        frame("fpc", "Enumeration areas on the stratum frame").design("fpc"),
        Row::new("date", "interview_date", "Date of interview").required(),
        Row::new("integer", "hh_size", "Household size (members)")
            .required()
            .constraint(". >= 1 and . <= 30", "Between 1 and 30 members.")
            .range(Some(1.0), Some(30.0))
            .concept("household_size"),
        Row::new("integer", "adults", "Members aged 18 or more")
            .required()
            .constraint(
                ". >= 1 and . <= ${hh_size}",
                "At least one adult, at most the household size.",
            )
            .variable("adults"),
        Row::new("integer", "children", "Members under 18")
            .required()
            .constraint(". = ${hh_size} - ${adults}", "Household size minus adults.")
            .variable("children"),
        Row::new("integer", "children_under5", "Members under 5")
            .required()
            .constraint(". <= ${children}", "At most the number of children."),
        Row::new("integer", "children_5_16", "Members aged 5-16")
            .required()
            .constraint(". <= ${hh_size}", "At most the household size."),
        Row::new(
            "integer",
            "children_5_16_out",
            "Members aged 5-16 not attending school",
        )
        .required()
        .constraint(". <= ${children_5_16}", "At most the members aged 5-16."),
    ]
}

/// Consumption, asked as `how`; both give `cons_month`.
pub(crate) fn consumption(how: Consumption) -> Vec<Row> {
    let total = "Household consumption, local currency per month";
    match how {
        Consumption::Short => vec![
            Row::new("decimal", "cons_month", total)
                .required()
                .constraint(". >= 0", "Consumption cannot be negative.")
                .range(Some(0.0), None)
                .concept("consumption"),
        ],
        Consumption::Modules => {
            let mut out: Vec<Row> = MODULES
                .iter()
                .map(|(n, l)| {
                    Row::new("decimal", n, l)
                        .required()
                        .constraint(". >= 0", "An amount cannot be negative.")
                })
                .collect();
            let sum = MODULES
                .iter()
                .map(|(n, _)| format!("${{{n}}}"))
                .collect::<Vec<_>>()
                .join(" + ");
            out.push(
                Row::new("calculate", "cons_month", total)
                    .calculation(&sum)
                    .concept("consumption"),
            );
            out
        }
    }
}

/// The rows after consumption: deflator, worker link, head.
pub(crate) fn links() -> Vec<Row> {
    vec![
        frame(
            "deflator",
            "Price factor from the poverty line's base year to survey prices",
        )
        .variable("deflator"),
        Row::new(
            "select_one yes_no01",
            "worker_hh",
            "Does a member work in one of the study's sectors?",
        )
        .required()
        .variable("worker_household"),
        Row::new(
            "select_one sector",
            "worker_sector",
            "Sector of the member working in the study's sectors",
        )
        .required()
        .relevant("${worker_hh} = '1'")
        .variable("worker_sector"),
        Row::new(
            "integer",
            "worker_id",
            "Worker id of that member in the worker survey (empty if not surveyed)",
        )
        .relevant("${worker_hh} = '1'")
        .link("workers", true),
        Row::new("select_one sex", "head_sex", "Sex of the household head").required(),
        Row::new("integer", "head_age", "Age of the household head")
            .required()
            .constraint(". >= 10 and . <= 110", "An age between 10 and 110."),
    ]
}

/// The MPI variables the registry has questions for.
pub(crate) const MPI_NAMES: [&str; 22] = [
    "edu_max_years",
    "health_access",
    "under5_immunised",
    "water_source",
    "toilet",
    "electricity",
    "cooking_fuel",
    "walls",
    "floor",
    "sleeping_rooms",
    "asset_radio",
    "asset_tv",
    "asset_mobile",
    "asset_fridge",
    "asset_fan",
    "asset_iron",
    "asset_sewing",
    "asset_cooler",
    "asset_bicycle",
    "asset_motorcycle",
    "asset_computer",
    "asset_car",
];

/// The question behind an MPI variable the registry knows, by name.
pub(crate) fn mpi_question(name: &str) -> Option<Row> {
    let asset = |item: &str| {
        Row::new(
            "select_one yes_no01",
            name,
            &format!("Does the household own: {item}?"),
        )
        .required()
    };
    Some(match name {
        "edu_max_years" => Row::new(
            "integer",
            name,
            "Highest years of schooling of any member aged 10 or more",
        )
        .required()
        .constraint(". >= 0 and . <= 25", "Between 0 and 25 years."),
        "health_access" => Row::new(
            "select_one health_access",
            name,
            "Travel time to the nearest health facility",
        )
        .required()
        .missing(&["98"]),
        "under5_immunised" => Row::new(
            "select_one immunised",
            name,
            "Are all children under 5 fully immunised?",
        )
        .required()
        .relevant("${children_under5} > 0")
        .missing(&["98"]),
        "water_source" => Row::new(
            "select_one water_source",
            name,
            "Main source of drinking water",
        )
        .required(),
        "toilet" => Row::new("select_one toilet", name, "Type of toilet facility").required(),
        "electricity" => {
            Row::new("select_one electricity", name, "Source of electricity").required()
        }
        "cooking_fuel" => Row::new("select_one cooking_fuel", name, "Main cooking fuel").required(),
        "walls" => Row::new("select_one walls", name, "Main material of the walls").required(),
        "floor" => Row::new("select_one floor", name, "Main material of the floor").required(),
        "sleeping_rooms" => Row::new("integer", name, "Rooms used for sleeping")
            .required()
            .constraint(". >= 1 and . <= 30", "Between 1 and 30 rooms."),
        "asset_radio" => asset("radio"),
        "asset_tv" => asset("television"),
        "asset_mobile" => asset("mobile phone"),
        "asset_fridge" => asset("refrigerator"),
        "asset_fan" => asset("electric fan"),
        "asset_iron" => asset("iron"),
        "asset_sewing" => asset("sewing machine"),
        "asset_cooler" => asset("air cooler"),
        "asset_bicycle" => asset("bicycle"),
        "asset_motorcycle" => asset("motorcycle"),
        "asset_computer" => asset("computer / laptop"),
        "asset_car" => asset("car / tractor"),
        _ => return None,
    })
}

/// The closing rows: personal contact and location.
pub(crate) fn closing() -> Vec<Row> {
    vec![
        Row::new("text", "resp_name", "Name of the respondent").personal(),
        Row::new("text", "phone", "Phone of the respondent").personal(),
        Row::new("geopoint", "gps", "GPS location of the dwelling").personal(),
    ]
}
