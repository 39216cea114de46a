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
