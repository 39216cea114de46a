//! The exports' shapes against the documented ones in
//! `../shared/reference/instruments/export_shapes/`: the reference form's
//! exports have exactly the fixtures' columns, in order, for KoboToolbox
//! (CSV and XLSX sheets) and ODK Central (main and repeat CSV).

use std::path::PathBuf;

use clusterdx_instrument::export::{Shape, Submissions, export};
use clusterdx_instrument::xlsform;

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/instruments")
}

/// The first line of a CSV's bytes, split.
fn header(bytes: &[u8], delimiter: u8) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    r.headers().unwrap().iter().map(String::from).collect()
}

#[test]
fn exports_have_the_documented_columns() {
    let form = xlsform::read(&reference().join("cluster_firm_survey.xlsx")).unwrap();
    assert_eq!(form.id, "cluster_firm_survey");
    let subs = Submissions {
        main: Vec::new(),
        repeats: vec![("training".into(), Vec::new())],
    };
    let shapes = reference().join("export_shapes");
    let kobo = export(&form, &subs, Shape::KoboCsv).unwrap();
    let want = std::fs::read(shapes.join("kobo_xml_values_groups.csv")).unwrap();
    assert_eq!(header(&kobo[0].1, b';'), header(&want, b';'));
    let odk = export(&form, &subs, Shape::OdkCentral).unwrap();
    assert_eq!(odk[0].0, "cluster_firm_survey.csv");
    assert_eq!(odk[1].0, "cluster_firm_survey-training.csv");
    let want = std::fs::read(shapes.join("odk_central_cluster_firm_survey.csv")).unwrap();
    assert_eq!(header(&odk[0].1, b','), header(&want, b','));
    let want = std::fs::read(shapes.join("odk_central_cluster_firm_survey-training.csv")).unwrap();
    assert_eq!(header(&odk[1].1, b','), header(&want, b','));
}

/// The fixtures' two submissions, exported again, give the fixtures'
/// cells (answers, select_multiple splits empty in Kobo and 0 in ODK when
/// not relevant, geopoint parts).
#[test]
fn exports_have_the_documented_cells() {
    let form = xlsform::read(&reference().join("cluster_firm_survey.xlsx")).unwrap();
    let shapes = reference().join("export_shapes");
    let want = std::fs::read(shapes.join("kobo_xml_values_groups.csv")).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&want[..]);
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    // Each submission's answers by field name, from the Kobo fixture.
    let fields = form.fields();
    let main = rows
        .iter()
        .map(|row| {
            fields
                .iter()
                .filter(|f| f.repeat.is_none())
                .filter_map(|f| {
                    let k = head.iter().position(|h| *h == f.path)?;
                    Some((f.row.name.clone(), row[k].to_string()))
                })
                .collect()
        })
        .collect();
    let subs = Submissions {
        main,
        repeats: vec![("training".into(), Vec::new())],
    };
    let got = export(&form, &subs, Shape::KoboCsv).unwrap();
    let mut g = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&got[0].1[..]);
    let got_rows: Vec<csv::StringRecord> = g.records().map(Result::unwrap).collect();
    let meta = head.iter().position(|h| h == "_id").unwrap();
    for (a, b) in got_rows.iter().zip(&rows) {
        for k in 0..meta {
            assert_eq!(a[k], b[k], "column {}", head[k]);
        }
    }
    let odk = export(&form, &subs, Shape::OdkCentral).unwrap();
    let want = std::fs::read(shapes.join("odk_central_cluster_firm_survey.csv")).unwrap();
    let mut w = csv::Reader::from_reader(&want[..]);
    let whead: Vec<String> = w.headers().unwrap().iter().map(String::from).collect();
    let wrows: Vec<csv::StringRecord> = w.records().map(Result::unwrap).collect();
    let mut o = csv::Reader::from_reader(&odk[0].1[..]);
    let orows: Vec<csv::StringRecord> = o.records().map(Result::unwrap).collect();
    let first = whead.iter().position(|h| h == "start").unwrap();
    let last = whead.iter().position(|h| h == "meta-instanceID").unwrap();
    for (a, b) in orows.iter().zip(&wrows) {
        for k in first..last {
            // Numbers may be written differently (16 or 16.0).
            let same = a[k] == b[k]
                || matches!((a[k].parse::<f64>(), b[k].parse::<f64>()), (Ok(x), Ok(y)) if x == y);
            assert!(same, "column {}: {} vs {}", whead[k], &a[k], &b[k]);
        }
    }
}
