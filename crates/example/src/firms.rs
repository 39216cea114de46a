//! Firm survey: frames, PPS samples, employment by level × occupation ×
//! origin, indicator answers and training programmes.

use crate::params::{FirmType, SECTORS, SectorSpec};
use crate::rng::{Rng, calibrate_mean, calibrate_share};
use crate::text;

/// One employee of a sampled firm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Person {
    /// 0 entry, 1 supervisory, 2 managerial.
    pub level: usize,
    /// ISCO-08 unit group.
    pub isco: i64,
    /// 0 same district, 1 rest of Sindh, 2 other province, 3 foreign.
    pub origin: usize,
}

/// One training programme a firm gave.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Programme {
    /// Index into `PROVIDERS`.
    pub provider: usize,
    pub level: usize,
    pub participants: i64,
    pub hours: f64,
}

/// A sampled firm and its answers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Firm {
    pub id: i64,
    pub sector: usize,
    pub district: &'static str,
    pub stratum: String,
    /// Inclusion probability and design weight.
    pub pi: f64,
    pub weight: f64,
    /// Frame units in the stratum.
    pub fpc: i64,
    /// Frame measure of size (employment on the frame).
    pub mos: i64,
    pub ftype: usize,
    pub persons: Vec<Person>,
    pub year_est: Option<i64>,
    pub sales_m_pkr: Option<f64>,
    pub core_product: Option<bool>,
    pub lat: f64,
    pub lon: f64,
    pub altitude: f64,
    pub precision: f64,
    pub resp_name: String,
    pub resp_phone: String,
    /// Index into `POSITIONS`.
    pub resp_position: usize,
    /// `None` is "don't know" (98).
    pub inputs_source: Option<usize>,
    /// Flags over `MARKETS`.
    pub markets: [bool; 5],
    pub sells_beyond: bool,
    pub subcontract: Option<bool>,
    pub joint_action: Option<bool>,
    pub joint_types: [bool; 6],
    /// Three trust items, 1–5 or 98.
    pub trust: [Option<i64>; 3],
    pub innovated: Option<bool>,
    pub innov_source: Option<usize>,
    pub innov_local: bool,
    pub assoc_member: Option<bool>,
    /// Flags over `SUPPORT` (the last is "none").
    pub support: [bool; 7],
    pub formal_credit: Option<bool>,
    pub credit_source: Option<usize>,
    pub ease_hiring: Option<i64>,
    pub training_given: Option<bool>,
    pub programmes: Vec<Programme>,
    pub remarks: Option<String>,
    /// Interview start, end and submission times (ms since epoch, local clock).
    pub start_ms: i64,
    pub end_ms: i64,
    pub submitted_ms: i64,
    pub uuid: String,
}

impl Firm {
    /// The sector's specification.
    pub(crate) fn spec(&self) -> &'static SectorSpec {
        &SECTORS[self.sector]
    }

    /// The firm type's specification.
    pub(crate) fn firm_type(&self) -> &'static FirmType {
        &self.spec().types[self.ftype]
    }
}

/// Respondent positions (Kobo choice names and labels).
pub(crate) const POSITIONS: [(&str, &str); 4] = [
    ("owner", "Owner"),
    ("manager", "Manager"),
    ("hr", "HR / admin officer"),
    ("other", "Other"),
];

/// Where most inputs are bought.
pub(crate) const INPUT_SOURCES: [(&str, &str); 4] = [
    ("district", "In this district"),
    ("sindh", "Elsewhere in Sindh"),
    ("pakistan", "Other provinces of Pakistan"),
    ("imported", "Imported"),
];

/// Markets served (select_multiple).
pub(crate) const MARKETS: [(&str, &str); 5] = [
    ("local", "Direct sales in the district"),
    ("traders", "Through local traders / middlemen"),
    ("sindh", "Buyers elsewhere in Sindh"),
    ("other_province", "Buyers in other provinces"),
    ("export", "Export"),
];

/// Joint-action types (select_multiple).
pub(crate) const JOINT_TYPES: [(&str, &str); 6] = [
    ("purchase", "Joint purchasing of inputs"),
    ("marketing", "Joint marketing / branding"),
    ("fairs", "Joint participation in trade fairs"),
    ("equipment", "Shared equipment or facilities"),
    ("training", "Joint training"),
    ("lobby", "Joint lobbying"),
];

/// Innovation sources (select_one).
pub(crate) const INNOV_SOURCES: [(&str, &str); 6] = [
    ("local_firm", "Another firm in the district"),
    (
        "local_institution",
        "A local institution (training, research, university)",
    ),
    ("buyer", "A buyer or trader"),
    ("outside_supplier", "A supplier from outside the district"),
    ("own_staff", "Own staff"),
    ("other", "Other"),
];

/// Support institutions used (select_multiple; last is "none").
pub(crate) const SUPPORT: [(&str, &str); 7] = [
    ("tvet", "TVET institute / training centre"),
    ("university", "University / R&D institute"),
    ("testing", "Testing or quality lab"),
    ("smeda", "SME agency / government programme"),
    ("bds", "Business development services"),
    ("cfc", "Common facility centre"),
    ("none", "None"),
];

/// Sources of formal credit.
pub(crate) const CREDIT_SOURCES: [(&str, &str); 3] = [
    ("bank", "Commercial bank"),
    ("mfi", "Microfinance bank / institution"),
    ("govt_scheme", "Government credit scheme"),
];

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Probability-proportional-to-size sample of `n` units from `sizes`:
/// units whose expected selections reach 1 are taken with certainty
/// (repeatedly), the rest by systematic sampling from a random order, so
/// that each inclusion probability is exactly `n_rest · x_i / X_rest`.
/// Returns `(unit index, inclusion probability)` in frame order.
pub(crate) fn pps_sample(rng: &mut Rng, sizes: &[f64], n: usize) -> Vec<(usize, f64)> {
    let n = n.min(sizes.len());
    let mut pi = vec![0.0; sizes.len()];
    let mut certain = vec![false; sizes.len()];
    let mut n_rest = n;
    loop {
        let total: f64 = (0..sizes.len())
            .filter(|&i| !certain[i])
            .map(|i| sizes[i])
            .sum();
        let mut changed = false;
        for i in 0..sizes.len() {
            if !certain[i] && n_rest > 0 && n_rest as f64 * sizes[i] / total >= 1.0 {
                certain[i] = true;
                n_rest -= 1;
                changed = true;
            }
        }
        if !changed {
            for i in 0..sizes.len() {
                pi[i] = if certain[i] {
                    1.0
                } else if total > 0.0 {
                    n_rest as f64 * sizes[i] / total
                } else {
                    0.0
                };
            }
            break;
        }
    }
    let mut order: Vec<usize> = (0..sizes.len()).filter(|&i| !certain[i]).collect();
    rng.shuffle(&mut order);
    let start = rng.uniform();
    let mut chosen: Vec<usize> = (0..sizes.len()).filter(|&i| certain[i]).collect();
    let mut cum = 0.0;
    let mut next = start;
    for &i in &order {
        cum += pi[i];
        while cum > next && (chosen.len() < n) {
            chosen.push(i);
            next += 1.0;
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    chosen.into_iter().map(|i| (i, pi[i])).collect()
}

/// Design weights of a stratum sample: base weights 1/π, those of the units
/// not taken with certainty ratio-adjusted so that the weights add up to the
/// frame count `population` (the Horvitz–Thompson count is noisy under PPS),
/// with no weight below 1 (units pushed below 1 are fixed at 1 and the
/// others re-adjusted).
pub(crate) fn frame_weights(sample: &[(usize, f64)], population: usize) -> Vec<f64> {
    let mut w: Vec<f64> = sample.iter().map(|(_, pi)| 1.0 / pi).collect();
    let mut fixed: Vec<bool> = sample.iter().map(|(_, pi)| *pi >= 1.0).collect();
    for _ in 0..sample.len() + 1 {
        let fixed_sum: f64 = w
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| **f)
            .map(|(w, _)| w)
            .sum();
        let free_sum: f64 = w
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| !**f)
            .map(|(w, _)| w)
            .sum();
        if free_sum <= 0.0 {
            break;
        }
        let adjust = (population as f64 - fixed_sum) / free_sum;
        let mut again = false;
        for (x, f) in w.iter_mut().zip(fixed.iter_mut()) {
            if !*f {
                *x *= adjust;
                if *x < 1.0 {
                    *x = 1.0;
                    *f = true;
                    again = true;
                }
            }
        }
        if !again {
            break;
        }
    }
    w
}

/// Generates the firm sample of every sector.
pub(crate) fn generate(seed: u64) -> Vec<Firm> {
    let mut firms = Vec::new();
    let mut next_id = 100_001;
    for (s, spec) in SECTORS.iter().enumerate() {
        let mut rng = Rng::new(seed, &format!("firms/{}", spec.id));
        let mut sector_firms = sample_sector(&mut rng, s, spec, &mut next_id);
        plant_origins(&mut rng, spec, &mut sector_firms);
        plant_answers(&mut rng, spec, &mut sector_firms);
        firms.extend(sector_firms);
    }
    let mut rng = Rng::new(seed, "firms/meta");
    add_meta(&mut rng, &mut firms);
    firms
}

fn sample_sector(rng: &mut Rng, s: usize, spec: &SectorSpec, next_id: &mut i64) -> Vec<Firm> {
    let mut out = Vec::new();
    for stratum in spec.strata {
        // The frame: firm types in fixed proportions, sizes log-normal.
        let mut types = Vec::with_capacity(stratum.population);
        for (t, ft) in spec.types.iter().enumerate() {
            let k = (ft.share * stratum.population as f64).round() as usize;
            types.extend(std::iter::repeat_n(t, k));
        }
        types.truncate(stratum.population);
        while types.len() < stratum.population {
            types.push(spec.types.len() - 1);
        }
        let sizes: Vec<f64> = types
            .iter()
            .map(|&t| {
                let ft = &spec.types[t];
                rng.lognormal(ft.ln_mu, ft.ln_sigma)
                    .round()
                    .clamp(ft.min as f64, ft.max as f64)
            })
            .collect();
        let sample = pps_sample(rng, &sizes, stratum.sample);
        let weights = frame_weights(&sample, stratum.population);
        // Units taken with certainty form a take-all stratum of their own
        // (fpc = their number, f = 1), as a survey statistician would
        // declare them; the rest keep the stratum, with the frame less the
        // certainty units as its fpc.
        let n_certain = sample.iter().filter(|(_, pi)| *pi >= 1.0).count();
        for ((i, pi), weight) in sample.into_iter().zip(weights) {
            let certain = pi >= 1.0;
            let ft = &spec.types[types[i]];
            let mos = sizes[i] as i64;
            let actual = (sizes[i] * rng.lognormal(0.0, 0.12))
                .round()
                .clamp(1.0, ft.max as f64 * 1.2) as i64;
            let d = crate::params::district(stratum.district);
            let persons = staff(rng, spec, ft, actual);
            let firm = Firm {
                id: *next_id,
                sector: s,
                district: stratum.district,
                stratum: if certain {
                    format!("{}_{}_certainty", spec.id, stratum.district)
                } else {
                    format!("{}_{}", spec.id, stratum.district)
                },
                pi,
                weight,
                fpc: if certain {
                    n_certain as i64
                } else {
                    (stratum.population - n_certain) as i64
                },
                mos,
                ftype: types[i],
                persons,
                year_est: None,
                sales_m_pkr: None,
                core_product: None,
                lat: d.lat + rng.normal_with(0.0, 0.08),
                lon: d.lon + rng.normal_with(0.0, 0.08),
                altitude: rng.uniform_in(2.0, 60.0).round(),
                precision: rng.uniform_in(3.0, 15.0).round(),
                resp_name: String::new(),
                resp_phone: String::new(),
                resp_position: 0,
                inputs_source: None,
                markets: [false; 5],
                sells_beyond: false,
                subcontract: None,
                joint_action: None,
                joint_types: [false; 6],
                trust: [None; 3],
                innovated: None,
                innov_source: None,
                innov_local: false,
                assoc_member: None,
                support: [false; 7],
                formal_credit: None,
                credit_source: None,
                ease_hiring: None,
                training_given: None,
                programmes: Vec::new(),
                remarks: None,
                start_ms: 0,
                end_ms: 0,
                submitted_ms: 0,
                uuid: String::new(),
            };
            *next_id += 1;
            out.push(firm);
        }
    }
    out
}

/// The staff of a firm of `m` employees: level counts from the type's
/// shares (at least one manager, the owner), occupations from the
/// sector's lists with firm-specific emphasis. Origins are set later.
fn staff(rng: &mut Rng, spec: &SectorSpec, ft: &FirmType, m: i64) -> Vec<Person> {
    let mgr = ((m as f64 * ft.mgr_share).round() as i64).clamp(1, m);
    let mut sup = (m as f64 * ft.sup_share).round() as i64;
    if m >= 8 && ft.sup_share > 0.0 {
        sup = sup.max(1);
    }
    let sup = sup.min(m - mgr);
    let entry = m - mgr - sup;
    let mut out = Vec::with_capacity(m as usize);
    for (level, count) in [(0, entry), (1, sup), (2, mgr)] {
        let list = spec.isco[level];
        let emphasis: Vec<f64> = list
            .iter()
            .map(|(_, w)| w * rng.lognormal(0.0, 0.6))
            .collect();
        for _ in 0..count {
            let isco = list[rng.weighted_index(&emphasis)].0;
            out.push(Person {
                level,
                isco,
                origin: 0,
            });
        }
    }
    out
}

/// Draws each employee's origin tier with a firm random effect, then
/// calibrates the design-weighted district-local share of each level to
/// the planted value.
fn plant_origins(rng: &mut Rng, spec: &SectorSpec, firms: &mut [Firm]) {
    for level in 0..3 {
        let probs = spec.origin[level];
        let target = probs[0];
        // (firm, person) slots of this level.
        let mut slots = Vec::new();
        let mut local = Vec::new();
        let mut w = Vec::new();
        for (f, firm) in firms.iter().enumerate() {
            let effect = rng.normal_with(0.0, 0.6);
            let p = if target <= 0.0 {
                0.0
            } else {
                logistic(logit(target) + effect)
            };
            for (k, person) in firm.persons.iter().enumerate() {
                if person.level == level {
                    slots.push((f, k));
                    local.push(Some(rng.bernoulli(p)));
                    w.push(firm.weight);
                }
            }
        }
        if target <= 0.0 {
            local.iter_mut().for_each(|v| *v = Some(false));
        } else {
            let tol = if target < 0.05 { 0.003 } else { 0.008 };
            calibrate_share(rng, &mut local, &w, target, tol);
        }
        let rest = [probs[1], probs[2], probs[3]];
        for ((f, k), is_local) in slots.into_iter().zip(local) {
            let origin = if is_local == Some(true) {
                0
            } else {
                1 + rng.weighted_index(&rest)
            };
            firms[f].persons[k].origin = origin;
        }
    }
}

/// A yes/no item: firm propensities that rise with firm size, drawn, a few
/// left unanswered (`missing` share), then calibrated to the planted
/// design-weighted share.
fn binary_item(
    rng: &mut Rng,
    firms: &[Firm],
    target: f64,
    size_slope: f64,
    missing: f64,
) -> Vec<Option<bool>> {
    let w: Vec<f64> = firms.iter().map(|f| f.weight).collect();
    let mean_ln: f64 = firms
        .iter()
        .map(|f| (f.persons.len() as f64).ln())
        .sum::<f64>()
        / firms.len() as f64;
    let mut y: Vec<Option<bool>> = firms
        .iter()
        .map(|f| {
            if rng.bernoulli(missing) {
                return None;
            }
            let x = (f.persons.len() as f64).ln() - mean_ln;
            Some(rng.bernoulli(logistic(logit(target) + size_slope * x)))
        })
        .collect();
    calibrate_share(rng, &mut y, &w, target, 0.005);
    y
}

fn likert_item(rng: &mut Rng, latent: &[f64], w: &[f64], target: f64, dk: f64) -> Vec<Option<i64>> {
    let mut y: Vec<Option<i64>> = latent
        .iter()
        .map(|t| {
            if rng.bernoulli(dk) {
                Some(98)
            } else {
                Some((t + rng.normal_with(0.0, 0.6)).round().clamp(1.0, 5.0) as i64)
            }
        })
        .collect();
    calibrate_mean(rng, &mut y, w, target, 0.04);
    y
}

fn plant_answers(rng: &mut Rng, spec: &SectorSpec, firms: &mut [Firm]) {
    let fs = &spec.fs;
    let w: Vec<f64> = firms.iter().map(|f| f.weight).collect();

    let core = binary_item(rng, firms, fs.core_product, 0.2, 0.0);
    let inputs_local = binary_item(rng, firms, fs.inputs_district, -0.2, 0.03);
    let beyond = binary_item(rng, firms, fs.sells_beyond, 0.5, 0.0);
    let subcontract = binary_item(rng, firms, fs.subcontract, 0.4, 0.01);
    let joint = binary_item(rng, firms, fs.joint_action, 0.2, 0.0);
    let innov_local = binary_item(rng, firms, fs.innov_local, 0.4, 0.0);
    let assoc = binary_item(rng, firms, fs.assoc_member, 0.6, 0.0);
    let support_any = binary_item(rng, firms, fs.support_any, 0.5, 0.0);
    let credit = binary_item(rng, firms, fs.formal_credit, 0.7, 0.02);
    let training = binary_item(rng, firms, fs.training_given, 0.9, 0.0);

    let trust_latent: Vec<f64> = firms
        .iter()
        .map(|_| rng.normal_with(fs.trust, 0.7))
        .collect();
    let trust: Vec<Vec<Option<i64>>> = (0..3)
        .map(|_| likert_item(rng, &trust_latent, &w, fs.trust, 0.02))
        .collect();
    let ease_latent: Vec<f64> = firms
        .iter()
        .map(|_| rng.normal_with(fs.ease_hiring, 0.8))
        .collect();
    let ease = likert_item(rng, &ease_latent, &w, fs.ease_hiring, 0.03);

    // Institutions the sector actually has, for the support-used answers.
    let inst = spec.kii.institutions;
    let support_weights = [
        if inst[0] { 3.0 } else { 0.3 },
        if inst[1] { 1.5 } else { 0.1 },
        if inst[2] { 1.0 } else { 0.1 },
        1.2,
        if inst[3] { 1.5 } else { 0.4 },
        if inst[4] { 1.0 } else { 0.0 },
    ];
    let sales_per_worker = match spec.id {
        "thar" => 9.0,
        "sugar" => 4.0,
        "khairpur" => 1.8,
        "fisheries" => 1.2,
        "marble" => 1.5,
        _ => 0.6,
    };

    for (i, firm) in firms.iter_mut().enumerate() {
        let m = firm.persons.len() as f64;
        let ft = firm.firm_type();
        firm.core_product = core[i];
        firm.year_est = if rng.bernoulli(0.02) {
            None
        } else if ft.id == "sez_unit" {
            Some(rng.int_in(2019, 2024))
        } else if firm.spec().id == "thar" {
            Some(rng.int_in(2012, 2023))
        } else {
            Some((2024.0 - rng.lognormal(2.7, 0.7)).round().max(1948.0) as i64)
        };
        firm.sales_m_pkr = if rng.bernoulli(0.08) {
            None
        } else {
            Some((m * sales_per_worker * rng.lognormal(0.0, 0.5) * 10.0).round() / 10.0)
        };
        firm.inputs_source = match inputs_local[i] {
            None => None,
            Some(true) => Some(0),
            Some(false) => Some(1 + rng.weighted_index(&[0.5, 0.35, 0.15])),
        };
        firm.sells_beyond = beyond[i] == Some(true);
        let mut mk = [false; 5];
        if firm.sells_beyond {
            let k = rng.weighted_index(&[0.45, 0.35, 0.20]);
            mk[[1, 3, 4][k]] = true;
            for j in [1, 3, 4] {
                if rng.bernoulli(0.25) {
                    mk[j] = true;
                }
            }
            mk[0] = rng.bernoulli(0.4);
            mk[2] = rng.bernoulli(0.3);
        } else {
            mk[0] = rng.bernoulli(0.8);
            mk[2] = !mk[0] || rng.bernoulli(0.3);
        }
        firm.markets = mk;
        firm.subcontract = subcontract[i];
        firm.joint_action = joint[i];
        if joint[i] == Some(true) {
            let k = 1 + rng.index(2);
            for _ in 0..k {
                let t = rng.weighted_index(&[2.0, 1.5, 1.0, 1.0, 0.8, 1.5]);
                firm.joint_types[t] = true;
            }
        }
        firm.trust = [trust[0][i], trust[1][i], trust[2][i]];
        firm.innov_local = innov_local[i] == Some(true);
        if firm.innov_local {
            firm.innovated = Some(true);
            firm.innov_source = Some(rng.weighted_index(&[0.6, 0.4]));
        } else if rng.bernoulli(0.18) {
            firm.innovated = Some(true);
            firm.innov_source = Some(2 + rng.weighted_index(&[0.35, 0.25, 0.3, 0.1]));
        } else {
            firm.innovated = Some(false);
        }
        firm.assoc_member = assoc[i];
        if support_any[i] == Some(true) {
            let k = 1 + usize::from(rng.bernoulli(0.3));
            for _ in 0..k {
                firm.support[rng.weighted_index(&support_weights)] = true;
            }
        } else {
            firm.support[6] = true;
        }
        firm.formal_credit = credit[i];
        if credit[i] == Some(true) {
            let big = m > 50.0;
            firm.credit_source = Some(rng.weighted_index(if big {
                &[0.85, 0.05, 0.10]
            } else {
                &[0.40, 0.45, 0.15]
            }));
        }
        firm.ease_hiring = ease[i];
        firm.training_given = training[i];
        if training[i] == Some(true) {
            firm.programmes = programmes(rng, spec, &firm.persons);
        }
    }
}

/// Training programmes of a firm that gave training: at least one; more in
/// large firms; participants never exceed the staff at the level.
fn programmes(rng: &mut Rng, spec: &SectorSpec, persons: &[Person]) -> Vec<Programme> {
    let mut at_level = [0i64; 3];
    for p in persons {
        at_level[p.level] += 1;
    }
    let m = persons.len() as f64;
    let n = 1 + rng.poisson((m.ln() - 1.5).max(0.0) * 0.8).min(12) as usize;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let lw = [
            if at_level[0] > 0 { 6.0 } else { 0.0 },
            if at_level[1] > 0 { 3.0 } else { 0.0 },
            if at_level[2] > 0 { 1.0 } else { 0.0 },
        ];
        let level = rng.weighted_index(&lw);
        let cap = at_level[level].max(1);
        let participants = (1 + rng.poisson(cap as f64 * 0.25)).min(cap);
        let hours = match level {
            0 => rng.uniform_in(6.0, 120.0),
            1 => rng.uniform_in(8.0, 80.0),
            _ => rng.uniform_in(4.0, 40.0),
        };
        out.push(Programme {
            provider: rng.weighted_index(&spec.providers),
            level,
            participants,
            hours: (hours / 2.0).round() * 2.0,
        });
    }
    out
}

/// Respondent, GPS, interview times, Kobo ids and remarks.
fn add_meta(rng: &mut Rng, firms: &mut [Firm]) {
    // Fieldwork 2024-10-07 .. 2025-01-24, interviews 09:00-17:00 local time.
    let day0 = clusterdx_data::days_from_civil(2024, 10, 7) as i64;
    for firm in firms.iter_mut() {
        let day = day0 + rng.int_in(0, 109);
        let start = day * 86_400_000 + rng.int_in(9 * 3600, 16 * 3600) * 1000;
        let dur = rng.int_in(22 * 60, 75 * 60) * 1000;
        firm.start_ms = start;
        firm.end_ms = start + dur;
        // Submitted when the tablet next had a connection; server clock is UTC.
        firm.submitted_ms = firm.end_ms - 5 * 3_600_000 + rng.int_in(60, 36 * 3600) * 1000;
        firm.uuid = format!(
            "{}-{}-4{}-{}{}-{}",
            rng.hex(8),
            rng.hex(4),
            rng.hex(3),
            ["8", "9", "a", "b"][rng.index(4)],
            rng.hex(3),
            rng.hex(12)
        );
        firm.resp_position = if firm.persons.len() <= 10 {
            rng.weighted_index(&[0.85, 0.1, 0.0, 0.05])
        } else {
            rng.weighted_index(&[0.2, 0.45, 0.3, 0.05])
        };
        let female = firm.spec().id == "handicraft" && rng.bernoulli(0.4);
        firm.resp_name = text::person_name(rng, 0, firm.spec().id, female);
        firm.resp_phone = text::phone(rng);
        firm.remarks = if rng.bernoulli(0.18) {
            Some(text::firm_remark(rng))
        } else {
            None
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pps_probabilities_and_size() {
        let mut rng = Rng::new(1, "pps");
        let sizes: Vec<f64> = (0..200).map(|i| 1.0 + (i % 17) as f64).collect();
        let mut sizes = sizes;
        sizes[5] = 5000.0;
        let s = pps_sample(&mut rng, &sizes, 20);
        assert_eq!(s.len(), 20);
        assert!(s.iter().any(|(i, p)| *i == 5 && *p == 1.0));
        let sum_pi: f64 = (0..sizes.len())
            .map(|i| s.iter().find(|(j, _)| *j == i).map_or(0.0, |_| 1.0))
            .sum();
        assert_eq!(sum_pi, 20.0);
    }
}
