//! The firm survey: sample and identity, value chain (suppliers, buyers,
//! subcontracting), cooperation (joint action, trust), innovation,
//! institutions (association, support used), finance, human resources, the
//! employment roster (level × occupation × origin) and the training given
//! (provider × level), each as a repeat.

use crate::form::{Row, end_group, end_repeat, group, repeat};

/// A sampling value preloaded from `sample_frame.csv` by `firm_id`.
fn frame(name: &str, label: &str) -> Row {
    super::preload("sample_frame", "firm_id", name, label)
}

/// The sample group: id and design columns.
pub(crate) fn sample() -> Vec<Row> {
    vec![
        group("sample", "Sample"),
        Row::new("integer", "firm_id", "Firm id (from the sample list)")
            .required()
            .constraint(
                ". > 0",
                "A firm id is a positive number from the sample list.",
            )
            .id()
            .design("psu"),
        frame("stratum", "Sampling stratum").design("strata"),
        frame("weight", "Design weight").design("weights"),
        frame("fpc", "Principal units on the stratum frame").design("fpc"),
        frame("mos", "Measure of size on the frame"),
        end_group("sample"),
    ]
}

/// The firm group: sector, district, type, age, location, size, sales.
pub(crate) fn identity() -> Vec<Row> {
    vec![
        group("firm", "The firm"),
        Row::new("select_one sector", "sector", "Sector of the firm")
            .required()
            .concept("sector"),
        Row::new(
            "select_one district",
            "district",
            "District of the main unit",
        )
        .required()
        .concept("district"),
        Row::new("text", "firm_type", "Type of principal unit"),
        Row::new("integer", "year_est", "Year established")
            .constraint(". >= 1900 and . <= 2030", "A year between 1900 and 2030.")
            .range(Some(1900.0), Some(2030.0)),
        Row::new(
            "select_one yes_no",
            "core_product",
            "Is the sector's core product the firm's main product?",
        )
        .required()
        .variable("core_product"),
        Row::new("geopoint", "location", "GPS location of the main unit").personal(),
        Row::new(
            "calculate",
            "emp_total",
            "Total employees (sum of the employment roster)",
        )
        .calculation("sum(${count})"),
        Row::new(
            "decimal",
            "sales_m_pkr",
            "Annual sales (million, local currency)",
        )
        .constraint(". >= 0", "Sales cannot be negative.")
        .range(Some(0.0), None),
        end_group("firm"),
        group("respondent", "The respondent"),
        Row::new("text", "resp_name", "Respondent name").personal(),
        Row::new("text", "resp_phone", "Respondent phone").personal(),
        Row::new(
            "select_one position",
            "resp_position",
            "Respondent position",
        ),
        end_group("respondent"),
    ]
}

/// The employment roster: one row per job level × occupation × origin.
pub(crate) fn roster() -> Vec<Row> {
    vec![
        repeat(
            "roster",
            "Employees by job level, occupation and origin (one row per combination)",
            "roster",
            "roster",
        ),
        Row::new("select_one job_level", "level", "Job level")
            .required()
            .concept("job_level"),
        super::isco(),
        Row::new("select_one origin", "origin", "Domicile of the employees")
            .required()
            .concept("origin"),
        Row::new("integer", "count", "Number of employees")
            .required()
            .constraint(". > 0", "At least one employee.")
            .concept("count"),
        end_repeat("roster"),
    ]
}

/// Suppliers, buyers and subcontracting.
pub(crate) fn value_chain() -> Vec<Row> {
    vec![
        group("value_chain", "Suppliers and buyers"),
        Row::new(
            "select_one inputs_source",
            "inputs_source",
            "Where does the firm buy most of its inputs?",
        )
        .required()
        .variable("inputs_source")
        .missing(&["98"]),
        Row::new(
            "select_multiple markets",
            "markets",
            "Where does the firm sell its products?",
        )
        .required(),
        Row::new(
            "calculate",
            "sells_beyond",
            "Sells outside the province, exports or sells via traders",
        )
        .calculation("if(selected(${markets}, 'traders') or selected(${markets}, 'other_province') or selected(${markets}, 'export'), 1, 0)")
        .variable("sells_beyond"),
        Row::new(
            "select_one yes_no",
            "subcontract",
            "In the last 12 months, did the firm subcontract work to or from other local firms?",
        )
        .variable("subcontract"),
        end_group("value_chain"),
    ]
}

/// Joint action and trust.
pub(crate) fn cooperation() -> Vec<Row> {
    let likert = |name: &str, label: &str| {
        Row::new("select_one agree5", name, label)
            .required()
            .variable(name)
            .missing(&["98"])
    };
    vec![
        group("cooperation", "Cooperation with other firms"),
        Row::new(
            "select_one yes_no",
            "joint_action",
            "In the last 12 months, did the firm undertake any joint action with other local firms?",
        )
        .required()
        .variable("joint_action"),
        Row::new(
            "select_multiple joint_type",
            "joint_action_type",
            "Type of joint action",
        )
        .required()
        .relevant("${joint_action} = 'yes'"),
        likert("trust_firms", "Other firms in this sector can be trusted"),
        likert("share_info", "Firms here share information on markets and technology"),
        likert("keep_agreements", "Local firms keep their agreements"),
        end_group("cooperation"),
    ]
}

/// Innovation and where its idea came from.
pub(crate) fn innovation() -> Vec<Row> {
    vec![
        group("innovation", "Innovation"),
        Row::new(
            "select_one yes_no",
            "innovated",
            "In the last 3 years, did the firm introduce a new or improved product or process?",
        )
        .required(),
        Row::new(
            "select_one innov_source",
            "innov_source",
            "Main source of the idea for the innovation",
        )
        .required()
        .relevant("${innovated} = 'yes'"),
        Row::new("calculate", "innov_local", "Innovated naming a local source")
            .calculation("if(${innovated} = 'yes' and (${innov_source} = 'local_firm' or ${innov_source} = 'local_institution'), 1, 0)")
            .variable("innov_local"),
        end_group("innovation"),
    ]
}

/// Association membership and support institutions used.
pub(crate) fn institutions() -> Vec<Row> {
    vec![
        group("institutions", "Associations and support institutions"),
        Row::new(
            "select_one yes_no",
            "assoc_member",
            "Is the firm a member of a business association?",
        )
        .required()
        .variable("assoc_member"),
        Row::new(
            "select_multiple support",
            "support_used",
            "Which support institutions did the firm use in the last 12 months?",
        )
        .required()
        .constraint(
            "not(selected(., 'none') and count-selected(.) > 1)",
            "'None' cannot be chosen with an institution.",
        ),
        Row::new(
            "calculate",
            "support_any",
            "Used at least one support institution",
        )
        .calculation("if(selected(${support_used}, 'none'), 0, 1)")
        .variable("support_any"),
        end_group("institutions"),
    ]
}

/// Formal credit.
pub(crate) fn finance() -> Vec<Row> {
    vec![
        group("finance", "Finance"),
        Row::new(
            "select_one yes_no",
            "formal_credit",
            "Does the firm currently have a loan from a bank, microfinance bank or government scheme?",
        )
        .variable("formal_credit"),
        Row::new(
            "select_one credit_source",
            "credit_source",
            "Source of the formal loan",
        )
        .relevant("${formal_credit} = 'yes'"),
        end_group("finance"),
    ]
}

/// Hiring and the training the firm gives.
pub(crate) fn human_resources() -> Vec<Row> {
    vec![
        group("hr", "Human resources"),
        Row::new(
            "select_one agree5",
            "ease_hiring",
            "It is easy to hire skilled staff locally",
        )
        .required()
        .variable("ease_hiring")
        .missing(&["98"]),
        Row::new(
            "select_one yes_no",
            "training_given",
            "In the last 12 months, did the firm give formal training to its staff?",
        )
        .required()
        .variable("training_given"),
        Row::new(
            "integer",
            "n_trainings",
            "Number of training programmes given in the last 12 months",
        )
        .required()
        .relevant("${training_given} = 'yes'")
        .constraint(". >= 1 and . <= 50", "Between 1 and 50 programmes."),
        end_group("hr"),
        repeat(
            "training",
            "Training programmes given in the last 12 months",
            "training",
            "training",
        )
        .relevant("${training_given} = 'yes'")
        .repeat_count("${n_trainings}"),
        Row::new("select_one provider", "provider", "Provider")
            .required()
            .concept("training_provider"),
        Row::new("select_one job_level", "level", "Job level of trainees")
            .required()
            .concept("job_level"),
        Row::new("integer", "participants", "Number of participants")
            .required()
            .constraint(". > 0", "At least one participant.")
            .concept("count"),
        Row::new("decimal", "hours", "Hours per participant")
            .required()
            .constraint(". > 0 and . <= 2000", "Between 0 and 2000 hours.")
            .variable("hours"),
        end_repeat("training"),
    ]
}

/// The whole firm survey, in the order of the questionnaire.
pub(crate) fn rows() -> Vec<Row> {
    let mut out = vec![Row::new("start", "start", ""), Row::new("end", "end", "")];
    out.extend(sample());
    out.extend(identity());
    out.extend(roster());
    out.extend(value_chain());
    out.extend(cooperation());
    out.extend(innovation());
    out.extend(institutions());
    out.extend(finance());
    out.extend(human_resources());
    out.push(Row::new("text", "remarks", "Any other remarks").appearance("multiline"));
    out
}
