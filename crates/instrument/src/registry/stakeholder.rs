//! The stakeholder and key-informant instrument: each actor of a sector
//! (its type and the programmes it ran), the key informant's checklists
//! (suppliers and institutions present, association, finance,
//! infrastructure, shared threats, governance), and the linkage matrix as
//! a repeat of the actor's ties.

use crate::form::{Row, end_group, end_repeat, group, repeat};

/// A yes (1) / no (0) checklist item.
fn item(name: &str, label: &str) -> Row {
    Row::new("select_one yes_no01", name, label).required()
}

/// The rows before the checklists.
pub(crate) fn opening() -> Vec<Row> {
    vec![
        Row::new("select_one sector", "sector", "Sector")
            .required()
            .concept("sector"),
        Row::new("text", "actor_id", "Actor id (from the stakeholder list)")
            .required()
            .constraint(
                "regex(., '^[A-Za-z0-9_]+$')",
                "Letters, digits and _ only, as on the stakeholder list.",
            )
            .id(),
        Row::new("text", "actor_name", "Actor (organisation)").required(),
        Row::new("select_one actor_type", "actor_type", "Type of actor")
            .required()
            .concept("actor_type"),
        Row::new(
            "select_one yes_no01",
            "kii",
            "Is a key informant of this actor interviewed?",
        )
        .required(),
        Row::new("text", "informant_name", "Name of the key informant")
            .relevant("${kii} = '1'")
            .personal(),
        Row::new("text", "informant_phone", "Phone of the key informant")
            .relevant("${kii} = '1'")
            .personal(),
    ]
}

/// The checklist items the registry knows, in questionnaire order:
/// (name, label, group).
pub(crate) const CHECKLIST: [(&str, &str, &str); 19] = [
    (
        "sup_inputs",
        "Specialised input suppliers are present locally",
        "institutions",
    ),
    (
        "sup_machinery",
        "Machinery and repair suppliers are present locally",
        "institutions",
    ),
    (
        "sup_packaging",
        "Packaging suppliers are present locally",
        "institutions",
    ),
    (
        "sup_logistics",
        "Logistics / transport providers are present locally",
        "institutions",
    ),
    (
        "inst_training",
        "A specialised training institution serves the sector",
        "institutions",
    ),
    (
        "inst_rnd",
        "An R&D institution serves the sector",
        "institutions",
    ),
    (
        "inst_testing",
        "A testing / quality lab serves the sector",
        "institutions",
    ),
    (
        "inst_bds",
        "Business development services are available",
        "institutions",
    ),
    (
        "inst_cfc",
        "A common facility centre is available",
        "institutions",
    ),
    (
        "assoc_exists",
        "A business association of the sector exists",
        "institutions",
    ),
    (
        "assoc_service_12m",
        "The association delivered at least one service in the last 12 months",
        "institutions",
    ),
    (
        "finance_products",
        "Banks offer finance products designed for the sector",
        "institutions",
    ),
    ("infra_power", "Power supply is adequate", "infrastructure"),
    ("infra_water", "Water supply is adequate", "infrastructure"),
    (
        "infra_roads",
        "Roads and transport are adequate",
        "infrastructure",
    ),
    (
        "infra_estate",
        "The industrial estate / SEZ / market place is adequate",
        "infrastructure",
    ),
    (
        "infra_common",
        "Common facilities are adequate",
        "infrastructure",
    ),
    (
        "infra_connect",
        "Telecom and internet connectivity are adequate",
        "infrastructure",
    ),
    (
        "shared_threats",
        "Firms of the sector face shared threats",
        "sector",
    ),
];

/// A checklist item the registry knows.
pub(crate) fn checklist_item(name: &str) -> Option<Row> {
    CHECKLIST
        .iter()
        .find(|c| c.0 == name)
        .map(|(n, l, _)| item(n, l))
}

/// The checklists, asked of key informants only: `items` in their groups
/// (institutions, infrastructure, the sector), then the sector's core
/// product, threats, governance body and designation.
pub(crate) fn checklists(items: &[Row]) -> Vec<Row> {
    let in_group = |g: &str| -> Vec<Row> {
        items
            .iter()
            .filter(|r| {
                CHECKLIST
                    .iter()
                    .find(|c| c.0 == r.name)
                    .map_or(g == "sector", |c| c.2 == g)
            })
            .cloned()
            .collect()
    };
    let mut out = vec![
        group(
            "institutions",
            "Checklist: suppliers, institutions, association and finance",
        )
        .relevant("${kii} = '1'"),
    ];
    out.extend(in_group("institutions"));
    out.push(end_group("institutions"));
    out.push(group("infrastructure", "Checklist: infrastructure").relevant("${kii} = '1'"));
    out.extend(in_group("infrastructure"));
    out.push(end_group("infrastructure"));
    out.push(group("sector_view", "The sector").relevant("${kii} = '1'"));
    out.extend(in_group("sector"));
    out.extend([
        Row::new("text", "core_product", "The sector's core product").required(),
        Row::new("text", "threats", "Shared threats the firms face")
            .relevant("${shared_threats} = '1'"),
        Row::new(
            "select_one cluster_body",
            "cluster_body",
            "Is there a cluster governance body?",
        )
        .required(),
        Row::new(
            "select_one yes_no01",
            "govt_designated",
            "Is the sector designated by government (SEZ or state-led project)?",
        )
        .required(),
        end_group("sector_view"),
    ]);
    out
}

/// Programmes, then the linkage matrix as a repeat.
pub(crate) fn closing() -> Vec<Row> {
    vec![
        Row::new(
            "integer",
            "programmes_12m",
            "Training programmes the actor ran for the sector in the last 12 months",
        )
        .required()
        .constraint(". >= 0", "Zero or more."),
        Row::new("integer", "trainees_12m", "Persons trained by those programmes")
            .required()
            .constraint(". >= 0", "Zero or more."),
        Row::new(
            "integer",
            "n_links",
            "With how many other actors of the sector does this actor have ties (or was asked about)?",
        )
        .required()
        .constraint(". >= 0 and . <= 100", "Between 0 and 100."),
        repeat("linkages", "Ties to other actors of the sector", "linkages", "linkage")
            .relevant("${n_links} > 0")
            .repeat_count("${n_links}"),
        Row::new("calculate", "from_actor", "This actor")
            .calculation("${actor_id}")
            .concept("from_actor")
            .link("stakeholders", false),
        Row::new("calculate", "link_sector", "Sector")
            .calculation("${sector}")
            .concept("sector"),
        Row::new("text", "to_actor", "The other actor's id (from the stakeholder list)")
            .required()
            .constraint("regex(., '^[A-Za-z0-9_]+$')", "An actor id from the stakeholder list.")
            .concept("to_actor")
            .link("stakeholders", false),
        Row::new("select_one strength", "strength", "Strength of the tie")
            .required()
            .concept("strength"),
        Row::new("select_one link_type", "link_type", "Main content of the tie").required(),
        end_repeat("linkages"),
    ]
}
