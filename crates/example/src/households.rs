//! Household survey: area sample (strata district × urban/rural, enumeration
//! areas by PPS), listing with second-stage stratification into worker and
//! non-worker households, consumption calibrated to the planted poverty
//! headcounts, and the raw indicators of a Pakistan-style MPI.

use std::collections::BTreeMap;

use crate::firms::Firm;
use crate::params::{CHILD_AE, DEFLATOR, DISTRICTS, HH_PER_EA, POVERTY_LINE_2013_14, WELFARE};
use crate::rng::Rng;
use crate::text;
use crate::workers::Worker;

/// Small assets and a car, in column order.
pub(crate) const ASSETS: [(&str, &str); 12] = [
    ("radio", "Radio"),
    ("tv", "Television"),
    ("mobile", "Mobile phone"),
    ("fridge", "Refrigerator"),
    ("fan", "Electric fan"),
    ("iron", "Iron"),
    ("sewing", "Sewing machine"),
    ("cooler", "Air cooler"),
    ("bicycle", "Bicycle"),
    ("motorcycle", "Motorcycle"),
    ("computer", "Computer / laptop"),
    ("car", "Car / tractor"),
];

/// One interviewed household.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Household {
    pub id: i64,
    pub district: &'static str,
    pub urban: bool,
    pub stratum: String,
    pub ea: i64,
    pub weight: f64,
    /// Enumeration areas in the stratum frame.
    pub fpc: i64,
    pub hh_size: i64,
    pub adults: i64,
    pub children: i64,
    pub under5: i64,
    pub kids_5_16: i64,
    pub kids_out: i64,
    pub cons_month: Option<f64>,
    pub worker_hh: bool,
    pub worker_sector: Option<&'static str>,
    pub worker_id: Option<i64>,
    pub head_female: bool,
    pub head_age: i64,
    pub edu_max_years: Option<i64>,
    /// 1–4, or 98 "don't know".
    pub health_access: i64,
    /// 1 all fully immunised, 2 not, 98 don't know; `None` with no child under 5.
    pub immunised: Option<i64>,
    pub water: i64,
    pub toilet: i64,
    pub electricity: i64,
    pub cooking: i64,
    pub walls: i64,
    pub floor: i64,
    pub rooms: Option<i64>,
    pub assets: [bool; 12],
    pub resp_name: String,
    pub phone: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub date: i32,
    /// The enumeration area's deprivation effect (not an output column).
    pub ea_effect: f64,
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The poverty line in survey prices (Rs per adult equivalent per month).
pub(crate) fn line_current() -> f64 {
    POVERTY_LINE_2013_14 * DEFLATOR
}

/// Adult equivalents of a household.
pub(crate) fn adult_equivalents(adults: i64, children: i64) -> f64 {
    adults as f64 + CHILD_AE * children as f64
}

/// Generates the household sample.
pub(crate) fn generate(seed: u64, firms: &[Firm], workers: &[Worker]) -> Vec<Household> {
    let mut rng = Rng::new(seed, "households");
    // Local workers by (district, sector), for the household → worker link.
    let mut pool: BTreeMap<(&str, &str), Vec<i64>> = BTreeMap::new();
    for w in workers {
        let firm = &firms[w.firm];
        if w.person.origin == 0 {
            pool.entry((firm.district, firm.spec().id))
                .or_default()
                .push(w.id);
        }
    }
    for ids in pool.values_mut() {
        rng.shuffle(ids);
    }
    let line = line_current();
    let mut out = Vec::new();
    for (d_idx, wf) in WELFARE.iter().enumerate() {
        let dist = crate::params::district(wf.district);
        let d_code = DISTRICTS
            .iter()
            .position(|d| d.id == wf.district)
            .unwrap_or(d_idx) as i64
            + 1;
        let mut district_hh = Vec::new();
        for urban in [true, false] {
            let share = if urban {
                wf.urban_share
            } else {
                1.0 - wf.urban_share
            };
            let frame_hh = wf.households * share;
            let n_ea = if urban { wf.ea_urban } else { wf.ea_rural };
            let frame_ea = (frame_hh / 200.0).round().max(n_ea as f64) as i64;
            let stratum = format!("{}_{}", wf.district, if urban { "urban" } else { "rural" });
            for e in 0..n_ea {
                let ea = d_code * 1000 + if urban { 100 } else { 200 } + e as i64 + 1;
                let listed = (200.0 * rng.lognormal(0.0, 0.3)).round().clamp(60.0, 600.0) as i64;
                let p_ea = (wf.worker_prevalence * rng.lognormal(-0.1, 0.45)).min(0.9);
                let workers_listed = rng.poisson(listed as f64 * p_ea).min(listed - 20);
                let m_w = workers_listed.min(5) as usize;
                let m_nw = HH_PER_EA - m_w;
                let base = frame_hh / (n_ea as f64 * listed as f64);
                let ea_lat = dist.lat + rng.normal_with(0.0, 0.12);
                let ea_lon = dist.lon + rng.normal_with(0.0, 0.12);
                let ea_level = rng.normal_with(0.0, 0.15);
                let ea_depr = rng.normal_with(0.0, 0.4);
                let day0 = clusterdx_data::days_from_civil(2024, 11, 4);
                let ea_day = day0 + rng.int_in(0, 100) as i32;
                // Interview order within the EA mixes the two listing strata.
                let mut is_worker: Vec<bool> = (0..HH_PER_EA).map(|j| j < m_w).collect();
                rng.shuffle(&mut is_worker);
                for (j, &worker_hh) in is_worker.iter().enumerate() {
                    let weight = if worker_hh {
                        base * workers_listed as f64 / m_w as f64
                    } else {
                        base * (listed - workers_listed) as f64 / m_nw as f64
                    };
                    let date = ea_day + rng.int_in(0, 4) as i32;
                    let hh = household(
                        &mut rng,
                        HouseholdSeed {
                            id: ea * 100 + j as i64 + 1,
                            district: wf.district,
                            urban,
                            stratum: stratum.clone(),
                            ea,
                            weight,
                            fpc: frame_ea,
                            worker_hh,
                            lat: ea_lat,
                            lon: ea_lon,
                            level: ea_level,
                            depr: ea_depr,
                            date,
                        },
                        wf.worker_sectors,
                        &mut pool,
                    );
                    district_hh.push(hh);
                }
            }
        }
        calibrate_poverty(&mut district_hh, false, wf.poverty_nonworker, line);
        calibrate_poverty(&mut district_hh, true, wf.poverty_worker, line);
        for hh in &mut district_hh {
            deprivations(&mut rng, hh, wf.deprivation, line);
        }
        out.extend(district_hh);
    }
    out
}

struct HouseholdSeed {
    id: i64,
    district: &'static str,
    urban: bool,
    stratum: String,
    ea: i64,
    weight: f64,
    fpc: i64,
    worker_hh: bool,
    lat: f64,
    lon: f64,
    level: f64,
    depr: f64,
    date: i32,
}

/// Demographics, a provisional consumption level (calibrated later) and the
/// worker link. Deprivation indicators are filled in afterwards.
fn household(
    rng: &mut Rng,
    s: HouseholdSeed,
    sectors: &[(&'static str, f64)],
    pool: &mut BTreeMap<(&str, &str), Vec<i64>>,
) -> Household {
    let hh_size = (1 + rng.poisson(if s.urban { 4.6 } else { 5.4 })).min(18);
    let children = if hh_size <= 1 {
        0
    } else {
        let share = rng.uniform_in(0.25, 0.6);
        ((hh_size as f64 * share).round() as i64).min(hh_size - 1)
    };
    let adults = hh_size - children;
    let under5 = if children > 0 {
        (0..children).filter(|_| rng.bernoulli(0.3)).count() as i64
    } else {
        0
    };
    let kids_5_16 = (0..children - under5)
        .filter(|_| rng.bernoulli(0.9))
        .count() as i64;
    let head_female = rng.bernoulli(0.08);
    let head_age = rng.normal_with(43.0, 11.0).round().clamp(19.0, 85.0) as i64;
    let worker_sector = if s.worker_hh {
        Some(rng.pick(sectors))
    } else {
        None
    };
    let worker_id = match worker_sector {
        Some(sector) if rng.bernoulli(0.5) => pool
            .get_mut(&(s.district, sector))
            .and_then(|ids| ids.pop()),
        _ => None,
    };
    // Provisional log consumption per adult equivalent (shifted per group
    // later so the planted headcounts hold exactly).
    let ln_y = 9.2
        + if s.urban { 0.25 } else { 0.0 }
        + if s.worker_hh { 0.12 } else { 0.0 }
        + 0.03 * (adults as f64 - 3.0)
        + s.level
        + rng.normal_with(0.0, 0.45);
    let ae = adult_equivalents(adults, children);
    let cons = if rng.bernoulli(0.006) {
        None
    } else {
        Some(ln_y.exp() * ae)
    };
    let female_resp = rng.bernoulli(0.35);
    Household {
        id: s.id,
        district: s.district,
        urban: s.urban,
        stratum: s.stratum,
        ea: s.ea,
        weight: s.weight,
        fpc: s.fpc,
        hh_size,
        adults,
        children,
        under5,
        kids_5_16,
        kids_out: 0,
        cons_month: cons,
        worker_hh: s.worker_hh,
        worker_sector,
        worker_id,
        head_female,
        head_age,
        edu_max_years: None,
        health_access: 1,
        immunised: None,
        water: 1,
        toilet: 1,
        electricity: 1,
        cooking: 1,
        walls: 1,
        floor: 2,
        rooms: None,
        assets: [false; 12],
        resp_name: text::person_name(rng, 0, "", female_resp),
        phone: if rng.bernoulli(0.7) {
            Some(text::phone(rng))
        } else {
            None
        },
        lat: s.lat + rng.normal_with(0.0, 0.01),
        lon: s.lon + rng.normal_with(0.0, 0.01),
        date: s.date,
        ea_effect: s.depr,
    }
}

/// Scales the consumption of one group (worker or non-worker households of
/// a district) so that the design-weighted share below the line equals
/// `target`: the weighted `target`-quantile of per-adult-equivalent
/// consumption is moved to the line, midway between adjacent values.
fn calibrate_poverty(hhs: &mut [Household], worker: bool, target: f64, line: f64) {
    let mut v: Vec<(f64, f64)> = hhs
        .iter()
        .filter(|h| h.worker_hh == worker)
        .filter_map(|h| {
            h.cons_month
                .map(|c| (c / adult_equivalents(h.adults, h.children), h.weight))
        })
        .collect();
    if v.is_empty() {
        return;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = v.iter().map(|x| x.1).sum();
    let mut cum = 0.0;
    let mut k = v.len() - 1;
    for (i, x) in v.iter().enumerate() {
        cum += x.1;
        // Include unit i when that brings the share nearer the target.
        if cum / total >= target {
            let before = (cum - x.1) / total;
            k = if (target - before) < (cum / total - target) && i > 0 {
                i - 1
            } else {
                i
            };
            break;
        }
    }
    let cut = if k + 1 < v.len() {
        0.5 * (v[k].0 + v[k + 1].0)
    } else {
        v[k].0 * 1.01
    };
    let factor = line / cut;
    for h in hhs.iter_mut().filter(|h| h.worker_hh == worker) {
        if let Some(c) = h.cons_month.as_mut() {
            *c = (*c * factor).round();
        }
    }
}

/// Fills the MPI indicators from a latent deprivation score that rises with
/// the district level, rurality and low consumption.
fn deprivations(rng: &mut Rng, h: &mut Household, district_level: f64, line: f64) {
    let ea_effect = h.ea_effect;
    let ae = adult_equivalents(h.adults, h.children);
    let zc = match h.cons_month {
        Some(c) => ((c / ae) / line).ln() / 0.5,
        None => 0.0,
    };
    let d = district_level + if h.urban { -0.5 } else { 0.4 } + ea_effect - 0.6 * zc
        + rng.normal_with(0.0, 0.7);
    let dep = |rng: &mut Rng, a: f64, b: f64| rng.bernoulli(logistic(a + b * d));

    // Education.
    h.edu_max_years = if rng.bernoulli(0.01) {
        None
    } else if dep(rng, -0.6, 1.0) {
        Some(rng.pick(&[(0, 0.7), (2, 0.1), (3, 0.1), (4, 0.1)]))
    } else {
        Some(rng.pick(&[
            (5, 0.25),
            (8, 0.25),
            (10, 0.25),
            (12, 0.12),
            (14, 0.08),
            (16, 0.05),
        ]))
    };
    h.kids_out = if h.kids_5_16 > 0 && dep(rng, -0.4, 1.0) {
        1 + rng.int_in(0, h.kids_5_16 - 1)
    } else {
        0
    };
    // Health.
    h.health_access = if rng.bernoulli(0.02) {
        98
    } else if dep(rng, -0.8, 1.0) {
        rng.pick(&[(3, 0.75), (4, 0.25)])
    } else {
        rng.pick(&[(1, 0.6), (2, 0.4)])
    };
    h.immunised = if h.under5 == 0 {
        None
    } else if rng.bernoulli(0.03) {
        Some(98)
    } else if dep(rng, -0.7, 0.9) {
        Some(2)
    } else {
        Some(1)
    };
    // Living standards.
    h.water = if dep(rng, -1.4, 0.9) {
        rng.pick(&[(6, 0.45), (7, 0.45), (96, 0.10)])
    } else if h.urban {
        rng.pick(&[(1, 0.45), (2, 0.15), (4, 0.15), (8, 0.15), (9, 0.10)])
    } else {
        rng.pick(&[(3, 0.5), (4, 0.25), (5, 0.15), (2, 0.10)])
    };
    h.toilet = if dep(rng, -0.3, 1.2) {
        rng.pick(&[(5, 0.35), (6, 0.05), (7, 0.60)])
    } else if h.urban {
        rng.pick(&[(1, 0.55), (2, 0.30), (3, 0.10), (4, 0.05)])
    } else {
        rng.pick(&[(2, 0.35), (3, 0.25), (4, 0.40)])
    };
    h.electricity = if dep(rng, -2.0, 1.3) {
        3
    } else if !h.urban && rng.bernoulli(0.15) {
        2
    } else {
        1
    };
    h.cooking = if dep(rng, 0.3, 1.4) {
        rng.pick(&[(5, 0.55), (6, 0.25), (7, 0.15), (8, 0.05)])
    } else {
        rng.pick(&[(1, 0.6), (2, 0.3), (3, 0.03), (4, 0.07)])
    };
    let poor_walls = dep(rng, -0.4, 1.2);
    h.walls = if poor_walls {
        rng.pick(&[(2, 0.55), (3, 0.45)])
    } else {
        rng.pick(&[(1, 0.85), (4, 0.12), (96, 0.03)])
    };
    h.floor = if poor_walls || rng.bernoulli(0.15) {
        if rng.bernoulli(0.85) { 1 } else { 2 }
    } else if rng.bernoulli(0.25) {
        3
    } else {
        2
    };
    // Assets: deprived households own at most one small asset and no car.
    let asset_poor = dep(rng, -0.9, 1.1);
    let mut a = [false; 12];
    let small = 11;
    if asset_poor {
        if rng.bernoulli(0.6) {
            let k = rng.weighted_index(&[0.2, 0.1, 0.5, 0.0, 0.1, 0.05, 0.05, 0.0, 0.0, 0.0, 0.0]);
            a[k] = true;
        }
    } else {
        let probs = [0.2, 0.7, 0.95, 0.5, 0.85, 0.7, 0.35, 0.4, 0.3, 0.45, 0.15];
        for k in 0..small {
            a[k] = rng.bernoulli(probs[k]);
        }
        if a[..small].iter().filter(|x| **x).count() < 2 {
            a[2] = true;
            a[4] = true;
        }
        a[11] = rng.bernoulli(if h.urban { 0.12 } else { 0.05 });
    }
    h.assets = a;
    // Overcrowding: deprived households have four or more per sleeping room.
    let crowded = dep(rng, -0.6, 1.0);
    h.rooms = if rng.bernoulli(0.01) {
        None
    } else if crowded && h.hh_size >= 4 {
        Some((h.hh_size / 4).max(1))
    } else {
        Some(((h.hh_size + 2) / 3).max(1) + rng.int_in(0, 1))
    };
}
