//! Tests of the ODK Central reader against the reference export shapes, and
//! of the ODK and Kobo exports of the same submissions against each other.

use std::io::Write;

use clusterdx_data::{Dataset, Link, Value};
use clusterdx_ingest::{ErrorKind, Format, read};

use crate::common::bad;
use crate::kobo::{assert_table, fixture, opts, shape, split};

/// Types of the 46 columns of the ODK main export, in header order.
const ODK_MAIN_SPEC: &str = concat!(
    "ddd",     // SubmissionDate, start, end
    "tiffiff", // firm-sector, year_est, location (4 parts), sales_m_pkr
    "iiiiiii", // workforce-emp_* and emp_total
    "f",       // workforce-local_share
    "t",       // linkages-support_used (select_multiple)
    "iiiiiii", // its 0/1 choice columns
    "tt",      // joint_action, joint_action_type
    "iiiii",   // joint_action_type choice columns
    "ti",      // assoc_member, n_trainings
    "tt",      // meta-instanceID, KEY
    "itii",    // SubmitterID, SubmitterName, AttachmentsPresent, AttachmentsExpected
    "tttii",   // Status, ReviewState, DeviceID, Edits, FormVersion
);

fn records(file: &str) -> Vec<Vec<String>> {
    split(&std::fs::read_to_string(shape(file)).unwrap(), ',')
}

fn read_odk() -> clusterdx_ingest::Ingested {
    read(
        &shape("odk_central_cluster_firm_survey.csv"),
        &opts(Format::OdkCentral, "firms"),
    )
    .unwrap()
}

#[test]
fn main_export_every_value() {
    let got = read_odk();
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(got.dataset.name, "firms");
    assert_eq!(got.dataset.parent, None);
    assert_table(
        &got.dataset,
        &records("odk_central_cluster_firm_survey.csv"),
        ODK_MAIN_SPEC,
    );
    let d = &got.dataset;
    assert_eq!(
        d.column("firm-sector").unwrap().get(1),
        Value::Text("fisheries")
    );
    assert_eq!(
        d.column("SubmissionDate").unwrap().code_at(0).as_deref(),
        Some("2024-02-01T08:15:02")
    );
    assert!(d.column("Status").unwrap().get(0).is_missing());
}

#[test]
fn repeat_file_is_found_and_linked_by_parent_key() {
    let got = read_odk();
    assert_eq!(got.children.len(), 1);
    let t = &got.children[0];
    assert_eq!(t.name, "training");
    assert_eq!(
        t.parent,
        Some(Link {
            parent: "firms".into(),
            child_column: "PARENT_KEY".into(),
            parent_column: "KEY".into(),
        })
    );
    assert_eq!(t.n_rows(), 2);
    // `hours` is written `16.0`: a float in CSV.
    assert_table(
        t,
        &records("odk_central_cluster_firm_survey-training.csv"),
        "ttiftt",
    );
    let keys = got.dataset.column("KEY").unwrap();
    for i in 0..t.n_rows() {
        let parent = t.column("PARENT_KEY").unwrap().code_at(i);
        assert_eq!(
            keys.code_at(0),
            parent,
            "both rows belong to the first submission"
        );
    }
}

/// The Kobo name of an ODK column: groups joined by `/` instead of `-`
/// (the `/choice` of a select_multiple column is `/` in both).
fn kobo_name(odk: &str) -> String {
    match odk {
        "SubmissionDate" => "_submission_time".into(),
        "firm-location-Latitude" => "firm/_location_latitude".into(),
        "firm-location-Longitude" => "firm/_location_longitude".into(),
        "firm-location-Altitude" => "firm/_location_altitude".into(),
        "firm-location-Accuracy" => "firm/_location_precision".into(),
        other => other.replace('-', "/"),
    }
}

fn row_of(d: &Dataset, column: &str, code: &str) -> usize {
    let c = d.column(column).unwrap();
    (0..d.n_rows())
        .find(|&i| c.code_at(i).as_deref() == Some(code))
        .unwrap()
}

#[test]
fn odk_and_kobo_exports_hold_the_same_submissions() {
    let odk = read_odk();
    for kobo_file in ["kobo_xml_values_groups.csv", "kobo_xml_values_groups.xlsx"] {
        let kobo = read(&shape(kobo_file), &opts(Format::Kobo, "firms")).unwrap();
        let (o, k) = (&odk.dataset, &kobo.dataset);
        assert_eq!(o.n_rows(), k.n_rows());
        let mut shared = 0;
        let mut differences = Vec::new();
        for oc in o.columns() {
            let Some(kc) = k.column(&kobo_name(&oc.name)) else {
                continue;
            };
            shared += 1;
            for i in 0..o.n_rows() {
                if oc.code_at(i) != kc.code_at(i) {
                    differences.push(format!("{}[{i}]", oc.name));
                }
            }
        }
        assert_eq!(shared, 35, "{kobo_file}: shared fields");
        // Kobo leaves the choice columns of a skipped select_multiple empty;
        // ODK Central writes 0.
        let expected: Vec<String> = ["purchase", "marketing", "training", "lobby", "equipment"]
            .iter()
            .map(|c| format!("linkages-joint_action_type/{c}[1]"))
            .collect();
        assert_eq!(differences, expected, "{kobo_file}");
        for i in 0..o.n_rows() {
            let key = o.column("KEY").unwrap().code_at(i).unwrap();
            assert_eq!(
                Some(key.trim_start_matches("uuid:").to_string()),
                k.column("_uuid").unwrap().code_at(i)
            );
        }
    }

    // The repeat rows: same values, linked to the same submission.
    let kobo = read(
        &shape("kobo_xml_values_groups.xlsx"),
        &opts(Format::Kobo, "firms"),
    )
    .unwrap();
    let (ot, kt) = (&odk.children[0], &kobo.children[0]);
    assert_eq!(ot.n_rows(), kt.n_rows());
    for i in 0..ot.n_rows() {
        for field in ["provider", "level", "participants", "hours"] {
            assert_eq!(
                ot.column(field).unwrap().code_at(i),
                kt.column(&format!("training/{field}")).unwrap().code_at(i),
                "{field}[{i}]"
            );
        }
        let o_parent = row_of(
            &odk.dataset,
            "KEY",
            &ot.column("PARENT_KEY").unwrap().code_at(i).unwrap(),
        );
        let k_parent = row_of(
            &kobo.dataset,
            "_index",
            &kt.column("_parent_index").unwrap().code_at(i).unwrap(),
        );
        assert_eq!(o_parent, k_parent);
    }
}

#[test]
fn nested_repeat_links_to_the_repeat_holding_its_parent_key() {
    let got = read(&fixture("odk_nested.csv"), &opts(Format::OdkCentral, "hh")).unwrap();
    let names: Vec<&str> = got.children.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["crops", "members"]);
    let parent = |name: &str| {
        got.children
            .iter()
            .find(|d| d.name == name)
            .and_then(|d| d.parent.as_ref())
            .map(|l| l.parent.clone())
    };
    assert_eq!(parent("members").as_deref(), Some("hh"));
    assert_eq!(parent("crops").as_deref(), Some("members"));
    let crops = &got.children[0];
    assert_eq!(crops.column("acres").unwrap().get(0), Value::Float(2.5));
    assert_eq!(
        crops.column("PARENT_KEY").unwrap().get(0),
        Value::Text("uuid:h2/members[1]")
    );
    // `odk_nested-notes.csv` is named like a repeat file but has no PARENT_KEY.
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    assert!(got.warnings[0].path.ends_with("odk_nested-notes.csv"));
    assert!(got.warnings[0].message.contains("PARENT_KEY"));
}

#[test]
fn orphan_repeat_row_is_an_error_naming_file_record_and_column() {
    let err = read(&bad("odk_orphan.csv"), &opts(Format::OdkCentral, "firms")).unwrap_err();
    assert_eq!(
        *err.kind(),
        ErrorKind::OrphanChild {
            key: "uuid:aaaa-0009".into(),
            parent: "odk_orphan.csv".into(),
        }
    );
    assert!(err.path().ends_with("odk_orphan-training.csv"));
    assert_eq!(err.position().record, Some(3));
    assert_eq!(err.position().column.as_deref(), Some("PARENT_KEY"));
    let msg = err.to_string();
    assert!(msg.contains("odk_orphan-training.csv"), "{msg}");
    assert!(msg.contains("record 3"), "{msg}");
    assert!(msg.contains("column `PARENT_KEY`"), "{msg}");
    assert!(msg.contains("`uuid:aaaa-0009`"), "{msg}");
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    p
}

#[test]
fn nested_orphan_names_the_enclosing_repeat_file() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "f.csv", "x,KEY\n1,uuid:a\n");
    write(
        dir.path(),
        "f-outer.csv",
        "y,PARENT_KEY,KEY\n2,uuid:a,uuid:a/outer[1]\n",
    );
    write(
        dir.path(),
        "f-inner.csv",
        "z,PARENT_KEY,KEY\n3,uuid:a/outer[1],uuid:a/outer[1]/inner[1]\n4,uuid:a/outer[2],uuid:a/outer[2]/inner[1]\n",
    );
    let err = read(&main, &opts(Format::OdkCentral, "m")).unwrap_err();
    assert_eq!(
        *err.kind(),
        ErrorKind::OrphanChild {
            key: "uuid:a/outer[2]".into(),
            parent: "f-outer.csv".into(),
        }
    );
    assert!(err.path().ends_with("f-inner.csv"));
    assert_eq!(err.position().record, Some(2));
}

#[test]
fn empty_parent_key_and_missing_key_column_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "g.csv", "x,KEY\n1,uuid:a\n");
    write(dir.path(), "g-r.csv", "y,PARENT_KEY\n2,uuid:a\n3,\n");
    let err = read(&main, &opts(Format::OdkCentral, "m")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Malformed { .. }));
    assert!(err.path().ends_with("g-r.csv"));
    assert_eq!(err.position().record, Some(2));
    assert!(err.to_string().contains("empty cell"), "{err}");

    let main = write(dir.path(), "h.csv", "x\n1\n");
    write(dir.path(), "h-r.csv", "y,PARENT_KEY\n2,uuid:a\n");
    let err = read(&main, &opts(Format::OdkCentral, "m")).unwrap_err();
    let msg = err.to_string();
    assert!(err.path().ends_with("h.csv"));
    assert!(msg.contains("`KEY` column"), "{msg}");
    assert!(msg.contains("`h-r.csv`"), "{msg}");
}

#[test]
fn main_file_alone_has_no_children() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "solo.csv", "a,KEY\n1,uuid:x\n");
    // Neither `solo.csv.bak` nor `solo-.csv` nor `other-solo-x.csv` is a repeat file.
    write(dir.path(), "solo-.csv", "z\n1\n");
    write(dir.path(), "other-solo-x.csv", "z\n1\n");
    let got = read(&main, &opts(Format::OdkCentral, "m")).unwrap();
    assert!(got.children.is_empty());
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(got.dataset.column("a").unwrap().get(0), Value::Int(1));
}
