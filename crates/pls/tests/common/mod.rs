//! The reference data and models of `../shared/reference/pls`.
#![allow(dead_code)]

use std::path::PathBuf;

use clusterdx_pls::{Construct, Mode, Model, Sample};
use serde_json::Value;

pub fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/pls")
        .join(rel)
}

pub struct Mobi {
    pub names: Vec<String>,
    pub columns: Vec<Vec<f64>>,
    pub sample: Sample,
}

pub fn mobi() -> Mobi {
    let mut rdr = csv::Reader::from_path(reference("mobi.csv")).unwrap();
    let names: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let mut columns = vec![Vec::new(); names.len()];
    for r in rdr.records() {
        for (c, v) in columns.iter_mut().zip(r.unwrap().iter()) {
            c.push(v.parse().unwrap());
        }
    }
    let sample = Sample::from_columns(&columns);
    Mobi {
        names,
        columns,
        sample,
    }
}

/// The Model 1 numbers; the file writes undefined entries as `NaN`, which
/// JSON lacks: read as null.
pub fn expected() -> Value {
    let text = std::fs::read_to_string(reference("ecsi_mobi_seminr_py.json")).unwrap();
    serde_json::from_str(&text.replace("NaN", "null")).unwrap()
}

fn items(names: &[String], prefix: &str) -> Vec<usize> {
    names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.starts_with(prefix))
        .map(|(i, _)| i)
        .collect()
}

/// Model 1: the full ECSI model, every construct in `mode`.
pub fn ecsi(names: &[String], mode: Mode) -> Model {
    let blocks = [
        ("Image", "IMAG"),
        ("Expectation", "CUEX"),
        ("Quality", "PERQ"),
        ("Value", "PERV"),
        ("Satisfaction", "CUSA"),
        ("Complaints", "CUSCO"),
        ("Loyalty", "CUSL"),
    ];
    let constructs = blocks
        .iter()
        .map(|(n, p)| Construct {
            name: n.to_string(),
            items: items(names, p),
            mode,
            factor: false,
        })
        .collect();
    let paths = vec![
        (0, 1),
        (0, 4),
        (0, 6),
        (1, 2),
        (1, 3),
        (1, 4),
        (2, 3),
        (2, 4),
        (3, 4),
        (4, 5),
        (4, 6),
        (5, 6),
    ];
    Model::new(constructs, paths, names.len()).unwrap()
}

/// Expected (weight, loading) by item.
pub type Outer = Vec<(String, (f64, f64))>;

/// Model 2: R seminr's golden model, with its expected outer weights and
/// loadings by item and its paths (from, to, value).
pub fn model_two(names: &[String]) -> (Model, Outer, Vec<(usize, usize, f64)>) {
    let constructs = vec![
        Construct {
            name: "Expectation".into(),
            items: items(names, "CUEX"),
            mode: Mode::A,
            factor: false,
        },
        Construct {
            name: "Quality".into(),
            items: items(names, "PERQ"),
            mode: Mode::B,
            factor: false,
        },
        Construct {
            name: "Image".into(),
            items: items(names, "IMAG"),
            mode: Mode::A,
            factor: false,
        },
        Construct {
            name: "Complaints".into(),
            items: items(names, "CUSCO"),
            mode: Mode::A,
            factor: false,
        },
        Construct {
            name: "Loyalty".into(),
            items: items(names, "CUSL"),
            mode: Mode::A,
            factor: false,
        },
    ];
    let model = Model::new(
        constructs,
        vec![(0, 4), (1, 4), (3, 4), (2, 0)],
        names.len(),
    )
    .unwrap();
    let mut outer = Vec::new();
    let mut rdr = csv::Reader::from_path(reference("seminr-mobi-basic-outer-model.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        outer.push((
            r[0].to_string(),
            (r[1].parse().unwrap(), r[2].parse().unwrap()),
        ));
    }
    // The paths file: rows and columns named by construct.
    let mut rdr = csv::Reader::from_path(reference("seminr-mobi-basic-paths.csv")).unwrap();
    let head: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let index = |n: &str| model.construct(n).unwrap();
    let mut paths = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        for (c, v) in head.iter().zip(r.iter()).skip(1) {
            let v: f64 = v.parse().unwrap();
            if v != 0.0 {
                paths.push((index(&r[0]), index(c), v));
            }
        }
    }
    (model, outer, paths)
}

/// Standard normal draws (an LCG and Box–Muller), seeded.
pub struct Normal(pub u64);

impl Normal {
    /// A uniform in (0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A standard normal.
    pub fn draw(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}
