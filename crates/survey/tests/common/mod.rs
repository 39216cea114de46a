//! Shared loaders of `../shared/reference/survey` for the survey tests.
#![allow(dead_code)]

use std::path::PathBuf;

use clusterdx_survey::{Design, LonelyPsu};

pub fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/survey")
        .join(rel)
}

pub struct Nhanes {
    pub strata: Vec<String>,
    pub psu: Vec<String>,
    pub weight: Vec<f64>,
    columns: Vec<String>,
    rows: Vec<Vec<Option<f64>>>,
}

impl Nhanes {
    pub fn load() -> Self {
        let mut rdr = csv::Reader::from_path(reference("nhanes2.csv")).unwrap();
        let columns: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.unwrap();
            rows.push(
                rec.iter()
                    .map(|f| f.parse::<f64>().ok())
                    .collect::<Vec<_>>(),
            );
        }
        let col = |name: &str| columns.iter().position(|c| c == name).unwrap();
        let (s, p, w) = (col("stratid"), col("psuid"), col("finalwgt"));
        Self {
            strata: rows.iter().map(|r| r[s].unwrap().to_string()).collect(),
            psu: rows.iter().map(|r| r[p].unwrap().to_string()).collect(),
            weight: rows.iter().map(|r| r[w].unwrap()).collect(),
            columns,
            rows,
        }
    }

    pub fn var(&self, name: &str) -> Vec<Option<f64>> {
        let j = self.columns.iter().position(|c| c == name).unwrap();
        self.rows.iter().map(|r| r[j]).collect()
    }

    pub fn design(&self) -> Design {
        Design::new(
            self.weight.clone(),
            Some(&self.strata),
            Some(&self.psu),
            None,
            LonelyPsu::Fail,
        )
        .unwrap()
    }
}

/// SplitMix64: a small, seeded, reproducible generator for simulations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-300), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// `k` distinct indices of 0..n (partial Fisher–Yates).
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + (self.next() % (n - i) as u64) as usize;
            idx.swap(i, j);
        }
        idx.truncate(k);
        idx
    }
}
