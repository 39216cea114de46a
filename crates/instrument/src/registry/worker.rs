//! The worker survey: the worker's firm (the link up), origin, job level,
//! occupation, education, training received by provider, wage, and the
//! Likert items of the study's structural models.

use crate::form::Row;

/// A sampling value preloaded from `worker_frame.csv` by `worker_id`.
fn frame(name: &str, label: &str) -> Row {
    super::preload("worker_frame", "worker_id", name, label)
}

/// The worker survey's rows before the model items.
pub(crate) fn rows() -> Vec<Row> {
    vec![
        Row::new("integer", "worker_id", "Worker id (from the sample list)")
            .required()
            .constraint(
                ". > 0",
                "A worker id is a positive number from the sample list.",
            )
            .id()
            .design("ssu"),
        Row::new("integer", "firm_id", "Firm id of the worker's employer")
            .required()
            .constraint(". > 0", "A firm id from the firm sample list.")
            .link("firms", false)
            .design("psu"),
        Row::new("select_one sector", "sector", "Sector")
            .required()
            .concept("sector"),
        Row::new("select_one district", "district", "District of the firm")
            .required()
            .concept("district"),
        frame("stratum", "Sampling stratum").design("strata"),
        frame("weight", "Worker weight").design("weights"),
        frame("firm_weight", "Weight of the worker's firm"),
        frame("fpc_firms", "Principal units on the stratum frame").design("fpc"),
        frame("fpc_workers", "Employees of the firm").design("fpc2"),
        Row::new("date", "interview_date", "Date of interview").required(),
        Row::new("select_one sex", "sex", "Sex")
            .required()
            .concept("sex"),
        Row::new("integer", "age", "Age in years")
            .constraint(". >= 14 and . <= 80", "An age between 14 and 80.")
            .range(Some(14.0), Some(80.0))
            .concept("age"),
        Row::new(
            "select_one origin_num",
            "origin",
            "Domicile relative to the firm's district",
        )
        .required()
        .concept("origin"),
        Row::new("select_one job_level_num", "level", "Job level")
            .required()
            .concept("job_level"),
        super::isco(),
        Row::new(
            "select_one education",
            "educ",
            "Highest level of education completed",
        ),
        Row::new("integer", "educ_years", "Years of schooling completed")
            .constraint(". >= 0 and . <= 25", "Between 0 and 25 years.")
            .concept("education"),
        Row::new(
            "select_one yes_no01",
            "trained",
            "Received formal training in the last 12 months",
        )
        .required()
        .concept("trained"),
        Row::new(
            "select_one provider_num",
            "train_provider",
            "Provider of the training received",
        )
        .required()
        .relevant("${trained} = '1'")
        .concept("training_provider"),
        Row::new("decimal", "train_hours", "Hours of training received")
            .relevant("${trained} = '1'")
            .constraint(". > 0 and . <= 2000", "Between 0 and 2000 hours."),
        Row::new(
            "decimal",
            "wage",
            "Monthly wage (local currency); leave empty if refused",
        )
        .constraint(
            ". >= 1000 and . <= 2000000",
            "A monthly wage between 1,000 and 2,000,000.",
        )
        .range(Some(1000.0), Some(2_000_000.0))
        .concept("wage"),
    ]
}

/// The rows after the model items.
pub(crate) fn closing() -> Vec<Row> {
    vec![
        Row::new("text", "comment", "Comments of the worker").appearance("multiline"),
        Row::new("text", "name", "Name of the worker").personal(),
        Row::new("text", "phone", "Phone of the worker").personal(),
    ]
}

/// The wording of the seed study's Model 1 items (human-resource
/// development, cluster dynamics, poverty alleviation), by item name.
pub(crate) fn known_item(name: &str) -> Option<&'static str> {
    Some(match name {
        "hrd1" => "My employer provides training that improves my skills",
        "hrd2" => "I have a fair chance of promotion in this firm",
        "hrd3" => "Local people can get good jobs in this sector",
        "hrd4" => "My skills match the work I do",
        "hrd5" => "Institutions in this area prepare people for jobs in this sector",
        "cd1" => "Firms in this sector cooperate with each other",
        "cd2" => "New firms and investment are coming to this area",
        "cd3" => "Firms here share skills and knowledge",
        "cd4" => "Associations and government support firms in this sector",
        "pa1" => "My household's income has improved since I took this job",
        "pa2" => "My household can afford enough food throughout the year",
        "pa3" => "My household can afford schooling and health care",
        "pa4" => "I expect my household's living standard to improve",
        _ => return None,
    })
}
