//! Worker survey: a simple random sample of employees within each sampled
//! firm (second stage), with the Likert items of the structural model
//! generated from latent HRD, CD and PA scores.

use crate::firms::{Firm, Person};
use crate::rng::Rng;
use crate::text;

/// Number of Likert items per construct (HRD, CD, PA).
pub(crate) const N_HRD: usize = 5;
pub(crate) const N_CD: usize = 4;
pub(crate) const N_PA: usize = 4;

/// Item wording of the structural-model constructs.
pub(crate) const HRD_ITEMS: [&str; N_HRD] = [
    "My employer provides training that improves my skills",
    "I have a fair chance of promotion in this firm",
    "Local people can get good jobs in this sector",
    "My skills match the work I do",
    "Institutions in this area prepare people for jobs in this sector",
];
pub(crate) const CD_ITEMS: [&str; N_CD] = [
    "Firms in this sector cooperate with each other",
    "New firms and investment are coming to this area",
    "Firms here share skills and knowledge",
    "Associations and government support firms in this sector",
];
pub(crate) const PA_ITEMS: [&str; N_PA] = [
    "My household's income has improved since I took this job",
    "My household can afford enough food throughout the year",
    "My household can afford schooling and health care",
    "I expect my household's living standard to improve",
];

/// Education levels (code, label, typical years).
pub(crate) const EDUCATION: [(i64, &str); 8] = [
    (0, "No schooling"),
    (1, "Primary (1-5)"),
    (2, "Middle (6-8)"),
    (3, "Matric (9-10)"),
    (4, "Intermediate (11-12)"),
    (5, "Technical / vocational diploma"),
    (6, "Graduate (13-14)"),
    (7, "Master's or higher (16+)"),
];

/// One sampled worker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Worker {
    pub id: i64,
    /// Index of the worker's firm in the firm list.
    pub firm: usize,
    pub person: Person,
    pub weight: f64,
    /// Firm employment (second-stage population).
    pub firm_size: i64,
    pub female: bool,
    pub age: Option<i64>,
    pub educ: Option<i64>,
    pub educ_years: Option<i64>,
    pub trained: bool,
    pub provider: Option<usize>,
    pub train_hours: Option<f64>,
    pub wage: Option<f64>,
    pub hrd: [Option<i64>; N_HRD],
    pub cd: [Option<i64>; N_CD],
    pub pa: [Option<i64>; N_PA],
    pub comment: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    /// Interview date, days since 1970-01-01.
    pub date: i32,
}

/// Workers sampled in a firm of `m` employees: all in firms of up to 4,
/// then 3 + ⌊1.5 ln m⌋, at most 16 — enough in the large firms for
/// estimates by job level (a firm of 1,400 gives 13 workers, about one
/// manager).
fn take(m: usize) -> usize {
    if m <= 4 {
        m
    } else {
        (3 + (1.5 * (m as f64).ln()).floor() as usize)
            .min(m)
            .min(16)
    }
}

/// ISCO-08 skill level bucket of a unit group: 1 unskilled (major group 9),
/// 2 skilled (4–8), 3 technicians (3), 4 professionals (2) and managers (1).
pub(crate) fn skill_of(isco: i64) -> usize {
    match isco / 1000 {
        9 => 1,
        4..=8 => 2,
        3 => 3,
        _ => 4,
    }
}

fn years_for(rng: &mut Rng, isco: i64) -> i64 {
    let dist: &[(i64, f64)] = match isco / 1000 {
        9 => &[(0, 0.40), (5, 0.30), (8, 0.20), (10, 0.10)],
        6..=8 => &[(0, 0.20), (5, 0.25), (8, 0.25), (10, 0.20), (12, 0.10)],
        4 | 5 => &[(10, 0.40), (12, 0.40), (14, 0.20)],
        3 => &[(10, 0.15), (12, 0.35), (14, 0.40), (16, 0.10)],
        2 => &[(14, 0.30), (16, 0.70)],
        _ => &[(10, 0.15), (12, 0.15), (14, 0.35), (16, 0.35)],
    };
    rng.pick(dist)
}

fn educ_code(rng: &mut Rng, years: i64, isco: i64) -> i64 {
    match years {
        0 => 0,
        1..=5 => 1,
        6..=8 => 2,
        9..=10 => 3,
        11..=12 => {
            if (3000..4000).contains(&isco) || ((7000..9000).contains(&isco) && rng.bernoulli(0.5))
            {
                5
            } else {
                4
            }
        }
        13..=14 => 6,
        _ => 7,
    }
}

/// Latent score → 1–5 answer with loading `l` (thresholds fixed).
fn item(rng: &mut Rng, eta: f64, l: f64) -> Option<i64> {
    if rng.bernoulli(0.004) {
        return None;
    }
    if rng.bernoulli(0.012) {
        return Some(98);
    }
    let x = l * eta + rng.normal_with(0.0, (1.0 - l * l).sqrt());
    let cuts = [-1.3, -0.45, 0.35, 1.2];
    Some(1 + cuts.iter().filter(|c| x > **c).count() as i64)
}

/// Samples workers within every firm and generates their answers.
pub(crate) fn generate(seed: u64, firms: &[Firm]) -> Vec<Worker> {
    let mut rng = Rng::new(seed, "workers");
    let mut out = Vec::new();
    for (f, firm) in firms.iter().enumerate() {
        let spec = firm.spec();
        let m = firm.persons.len();
        let k = take(m);
        let idx = rng.srs(m, k);
        let weight = firm.weight * m as f64 / k as f64;
        let firm_day = (firm.start_ms.div_euclid(86_400_000)) as i32;
        for (j, &p) in idx.iter().enumerate() {
            let person = firm.persons[p];
            let female = match spec.id {
                "handicraft" => rng.bernoulli(if person.level == 0 { 0.55 } else { 0.3 }),
                "khairpur" => rng.bernoulli(if person.level == 0 { 0.25 } else { 0.08 }),
                "fisheries" => rng.bernoulli(if person.level == 0 { 0.12 } else { 0.02 }),
                "thar" => rng.bernoulli(0.04),
                _ => rng.bernoulli(0.03),
            };
            let years = years_for(&mut rng, person.isco);
            let code = educ_code(&mut rng, years, person.isco);
            let missing_educ = rng.bernoulli(0.01);
            // Training received in the last 12 months.
            let level_progs: Vec<_> = firm
                .programmes
                .iter()
                .filter(|pr| pr.level == person.level)
                .collect();
            let (trained, provider, hours) =
                if !level_progs.is_empty() && rng.bernoulli(spec.worker_trained_if_firm) {
                    let pr = level_progs[rng.index(level_progs.len())];
                    (true, Some(pr.provider), Some(pr.hours))
                } else if rng.bernoulli(0.04) {
                    let prov = rng.weighted_index(&[0.5, 0.0, 0.4, 0.1]);
                    (
                        true,
                        Some(prov),
                        Some((rng.uniform_in(8.0, 60.0) / 2.0).round() * 2.0),
                    )
                } else {
                    (false, None, None)
                };
            let skill_factor = [0.85, 1.0, 1.25, 1.6][skill_of(person.isco) - 1];
            let level_factor = if person.level == 2 { 1.0 } else { skill_factor };
            let local_factor = if person.origin == 0 { 0.95 } else { 1.0 };
            let wage = if rng.bernoulli(0.03) {
                None
            } else {
                let w = spec.wage[person.level]
                    * level_factor
                    * local_factor
                    * rng.lognormal(0.0, 0.28);
                Some((w / 100.0).round() * 100.0)
            };
            // Latent constructs: HRD → CD → PA, all positive.
            let hrd = spec.hrd_effect
                + 0.45 * f64::from(u8::from(trained))
                + 0.06 * (years as f64 - 8.0) / 4.0
                + rng.normal_with(0.0, 0.85);
            let cd = 0.50 * hrd + rng.normal_with(0.0, 0.85);
            let pa = 0.25 * hrd + 0.45 * cd + rng.normal_with(0.0, 0.80);
            let hl = [0.80, 0.75, 0.70, 0.72, 0.78];
            let cl = [0.82, 0.74, 0.80, 0.70];
            let pl = [0.80, 0.84, 0.78, 0.72];
            let hrd_items = std::array::from_fn(|i| item(&mut rng, hrd, hl[i]));
            let cd_items = std::array::from_fn(|i| item(&mut rng, cd, cl[i]));
            let pa_items = std::array::from_fn(|i| item(&mut rng, pa, pl[i]));
            let comment = if rng.bernoulli(0.2) {
                Some(text::worker_comment(&mut rng))
            } else {
                None
            };
            let name = text::person_name(&mut rng, person.origin, spec.id, female);
            let phone = if rng.bernoulli(0.6) {
                Some(text::phone(&mut rng))
            } else {
                None
            };
            let age_mean = [27.0, 36.0, 44.0][person.level];
            let age = if rng.bernoulli(0.01) {
                None
            } else {
                Some(rng.normal_with(age_mean, 8.0).round().clamp(16.0, 68.0) as i64)
            };
            out.push(Worker {
                id: firm.id * 100 + j as i64 + 1,
                firm: f,
                person,
                weight,
                firm_size: m as i64,
                female,
                age,
                educ: if missing_educ { None } else { Some(code) },
                educ_years: if missing_educ { None } else { Some(years) },
                trained,
                provider,
                train_hours: hours,
                wage,
                hrd: hrd_items,
                cd: cd_items,
                pa: pa_items,
                comment,
                name,
                phone,
                date: firm_day + rng.int_in(0, 3) as i32,
            });
        }
    }
    out
}
