//! The choice lists of the registry's questions. Names are the codes the
//! exports carry; lists used by several forms are defined once.

use crate::form::Choice;

/// A list's choices from (name, label) pairs.
pub(crate) fn list(name: &str, items: &[(&str, &str)]) -> Vec<Choice> {
    items
        .iter()
        .map(|(n, l)| Choice {
            list: name.to_string(),
            name: n.to_string(),
            label: l.to_string(),
            extra: Vec::new(),
            generated: false,
        })
        .collect()
}

/// Every list the registry's questions may use, by name.
pub(crate) fn standard(name: &str) -> Option<Vec<Choice>> {
    let items: &[(&str, &str)] = match name {
        "yes_no" => &[("yes", "Yes"), ("no", "No")],
        "yes_no01" => &[("1", "Yes"), ("0", "No")],
        "agree5" => &[
            ("1", "Strongly disagree"),
            ("2", "Disagree"),
            ("3", "Neither agree nor disagree"),
            ("4", "Agree"),
            ("5", "Strongly agree"),
            ("98", "Don't know"),
        ],
        "job_level" => &[
            ("entry", "Entry"),
            ("supervisory", "Supervisory"),
            ("managerial", "Managerial"),
        ],
        "job_level_num" => &[("1", "Entry"), ("2", "Supervisory"), ("3", "Managerial")],
        "origin" => &[
            ("district", "Same district as the firm"),
            ("sindh", "Rest of the province"),
            ("other_province", "Other province of the country"),
            ("foreign", "Foreign"),
        ],
        "origin_num" => &[
            ("1", "Same district as the firm"),
            ("2", "Rest of the province"),
            ("3", "Other province of the country"),
            ("4", "Foreign"),
        ],
        "provider" => &[
            ("govt", "Government"),
            ("industry", "Industry / own firm"),
            ("ngo", "NGO / donor"),
            ("other", "Other"),
        ],
        "provider_num" => &[
            ("1", "Government"),
            ("2", "Industry / own firm"),
            ("3", "NGO / donor"),
            ("4", "Other"),
        ],
        "position" => &[
            ("owner", "Owner"),
            ("manager", "Manager"),
            ("hr", "HR / admin officer"),
            ("other", "Other"),
        ],
        "inputs_source" => &[
            ("district", "In this district"),
            ("sindh", "Elsewhere in the province"),
            ("pakistan", "Other provinces of the country"),
            ("imported", "Imported"),
            ("98", "Don't know"),
        ],
        "markets" => &[
            ("local", "Direct sales in the district"),
            ("traders", "Through local traders / middlemen"),
            ("sindh", "Buyers elsewhere in the province"),
            ("other_province", "Buyers in other provinces"),
            ("export", "Export"),
        ],
        "joint_type" => &[
            ("purchase", "Joint purchasing of inputs"),
            ("marketing", "Joint marketing / branding"),
            ("fairs", "Joint participation in trade fairs"),
            ("equipment", "Shared equipment or facilities"),
            ("training", "Joint training"),
            ("lobby", "Joint lobbying"),
        ],
        "innov_source" => &[
            ("own_staff", "Own staff"),
            ("local_firm", "Another firm in the district"),
            (
                "local_institution",
                "A local institution (training, research, university)",
            ),
            ("buyer", "A buyer or trader"),
            ("outside_supplier", "A supplier from outside the district"),
            ("other", "Other"),
        ],
        "support" => &[
            ("tvet", "TVET institute / training centre"),
            ("university", "University / R&D institute"),
            ("testing", "Testing or quality lab"),
            ("smeda", "SME agency / government programme"),
            ("bds", "Business development services"),
            ("cfc", "Common facility centre"),
            ("none", "None"),
        ],
        "credit_source" => &[
            ("bank", "Commercial bank"),
            ("mfi", "Microfinance bank / institution"),
            ("govt_scheme", "Government credit scheme"),
        ],
        "sex" => &[("1", "Male"), ("2", "Female")],
        "education" => &[
            ("0", "No schooling"),
            ("1", "Primary (1-5)"),
            ("2", "Middle (6-8)"),
            ("3", "Matric (9-10)"),
            ("4", "Intermediate (11-12)"),
            ("5", "Technical / vocational diploma"),
            ("6", "Graduate (13-14)"),
            ("7", "Master's or higher (16+)"),
        ],
        "urban" => &[("1", "Urban"), ("2", "Rural")],
        "health_access" => &[
            ("1", "Under 30 minutes"),
            ("2", "30-60 minutes"),
            ("3", "Over 60 minutes"),
            ("4", "No facility used / none reachable"),
            ("98", "Don't know"),
        ],
        "immunised" => &[
            ("1", "Yes, all"),
            ("2", "No / incomplete"),
            ("98", "Don't know"),
        ],
        "water_source" => &[
            ("1", "Piped into dwelling"),
            ("2", "Public tap / standpipe"),
            ("3", "Hand pump"),
            ("4", "Motor pump / tube well"),
            ("5", "Protected well"),
            ("6", "Unprotected well"),
            ("7", "Pond, canal, river or stream"),
            ("8", "Tanker / water vendor"),
            ("9", "Filtration plant / bottled water"),
            ("96", "Other"),
        ],
        "toilet" => &[
            ("1", "Flush to public sewer"),
            ("2", "Flush to septic tank"),
            ("3", "Flush to open drain"),
            ("4", "Pit latrine with slab"),
            ("5", "Pit latrine without slab"),
            ("6", "Bucket / hanging latrine"),
            ("7", "No facility (open field)"),
        ],
        "electricity" => &[
            ("1", "Grid"),
            ("2", "Solar home system only"),
            ("3", "None"),
        ],
        "cooking_fuel" => &[
            ("1", "Natural gas"),
            ("2", "LPG"),
            ("3", "Electricity"),
            ("4", "Kerosene"),
            ("5", "Wood"),
            ("6", "Dung cakes"),
            ("7", "Crop residue"),
            ("8", "Charcoal"),
        ],
        "walls" => &[
            ("1", "Burnt brick / block"),
            ("2", "Unbaked (mud) brick"),
            ("3", "Mud, thatch or wood"),
            ("4", "Stone"),
            ("96", "Other"),
        ],
        "floor" => &[
            ("1", "Earth / sand"),
            ("2", "Cement / brick"),
            ("3", "Tiles, marble or chips"),
        ],
        "actor_type" => &[
            ("association", "Industry / business association"),
            ("chamber", "Chamber of commerce"),
            ("cooperative", "Producers' cooperative"),
            ("training_institute", "Training institute (TVET)"),
            ("university", "University"),
            ("research_institute", "Research institute / testing lab"),
            ("government", "Government department"),
            ("sez_authority", "SEZ / zone authority"),
            ("bank", "Bank"),
            ("microfinance", "Microfinance institution"),
            ("ngo", "NGO / donor programme"),
            ("lead_firm", "Lead firm"),
            ("bds_provider", "Business development service provider"),
        ],
        "cluster_body" => &[
            ("formal", "Formal cluster body with members and meetings"),
            ("informal", "Informal convening lead firm or association"),
            ("none", "None"),
        ],
        "strength" => &[
            ("0", "No link"),
            ("1", "Weak"),
            ("2", "Moderate"),
            ("3", "Strong"),
        ],
        "link_type" => &[
            ("finance", "Finance"),
            ("information", "Information"),
            ("market", "Market"),
            ("regulation", "Regulation"),
            ("training", "Training"),
        ],
        _ => return None,
    };
    Some(list(name, items))
}
