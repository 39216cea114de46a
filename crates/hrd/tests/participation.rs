//! Participation shares on a case small enough to check by hand: one
//! sector of 11 employees (each weight 2, simple random sample), no
//! managers.

use clusterdx_hrd::{Layout, participation};
use clusterdx_survey::{CellTable, Design, LonelyPsu, SurveyDesign};

fn layout() -> Layout {
    Layout {
        levels: ["entry", "supervisory", "managerial"]
            .map(String::from)
            .to_vec(),
        skills: ["unskilled", "skilled", "professional"]
            .map(String::from)
            .to_vec(),
        tiers: ["district", "rest_of_province"].map(String::from).to_vec(),
        definitions: vec![
            ("district".into(), vec![0]),
            ("province".into(), vec![0, 1]),
        ],
    }
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

#[test]
fn shares_of_levels_and_of_locals_by_hand() {
    let l = layout();
    // (level, skill, tier, how many)
    let people: [(usize, Option<usize>, usize, usize); 6] = [
        (0, Some(0), 0, 4),
        (0, Some(0), 1, 2),
        (0, Some(1), 0, 1),
        (1, Some(1), 0, 1),
        (1, Some(1), 1, 2),
        (1, None, 1, 1), // an invalid occupation code: counts in its level
    ];
    let mut place = Vec::new();
    for (lv, sk, t, k) in people {
        for _ in 0..k {
            place.push(Some((0u32, l.cell(lv, sk, t))));
        }
    }
    let n = place.len();
    assert_eq!(n, 11);
    let design =
        SurveyDesign::Taylor(Design::new(vec![2.0; n], None, None, None, LonelyPsu::Fail).unwrap());
    let table = CellTable::new(&design, &place, &vec![1.0; n], 1, l.n_cells());
    let p = participation(&table, 0, &l, 0.95);
    close(p.employees.as_ref().unwrap().value, 22.0);
    let d = &p.local[0];
    assert_eq!(d.definition, "district");
    let overall = d.overall.as_ref().unwrap();
    close(overall.value, 6.0 / 11.0);
    // SRS: se² = p(1 − p)/(n − 1).
    close(overall.se, (6.0 / 11.0 * 5.0 / 11.0 / 10.0f64).sqrt());
    assert_eq!(overall.n, 11);
    assert!(overall.ci[0] < overall.value && overall.value < overall.ci[1]);

    let entry = &d.levels[0];
    assert_eq!(entry.level, "entry");
    close(entry.employees, 14.0);
    close(entry.locals, 10.0);
    close(entry.local_share.as_ref().unwrap().value, 5.0 / 7.0);
    close(entry.share_of_locals.as_ref().unwrap().value, 5.0 / 6.0);
    close(
        entry.representation.as_ref().unwrap().value,
        (5.0 / 7.0) / (6.0 / 11.0),
    );

    let sup = &d.levels[1];
    close(sup.local_share.as_ref().unwrap().value, 1.0 / 4.0);
    close(sup.share_of_locals.as_ref().unwrap().value, 1.0 / 6.0);
    close(
        sup.representation.as_ref().unwrap().value,
        (1.0 / 4.0) / (6.0 / 11.0),
    );

    // No managers: their local share is not defined, not 0; the share of
    // locals who are managers is 0, which is defined.
    let man = &d.levels[2];
    close(man.employees, 0.0);
    assert!(man.local_share.is_none());
    assert!(man.representation.is_none());
    close(man.share_of_locals.as_ref().unwrap().value, 0.0);

    // Level × skill: entry unskilled holds 6, of whom 4 local.
    let cell = d
        .cells
        .iter()
        .find(|c| c.level == "entry" && c.skill.as_deref() == Some("unskilled"))
        .unwrap();
    close(cell.local_share.as_ref().unwrap().value, 4.0 / 6.0);
    // The supervisor without a valid code is in no level × skill cell.
    let sup_cells: f64 = d
        .cells
        .iter()
        .filter(|c| c.level == "supervisory")
        .map(|c| c.employees)
        .sum();
    close(sup_cells, 6.0);
    assert_eq!(d.cells.len(), 9);

    // Province: everyone is local.
    let prov = &p.local[1];
    close(prov.overall.as_ref().unwrap().value, 1.0);
    close(prov.levels[0].representation.as_ref().unwrap().value, 1.0);

    // Origin by level: supervisors 1 of 4 from the district.
    let tiers = &p.origin_by_level[1].tiers;
    close(tiers[0].as_ref().unwrap().value, 0.25);
    close(tiers[1].as_ref().unwrap().value, 0.75);
    assert!(p.origin_by_level[2].tiers.iter().all(Option::is_none));

    // Shares serialise with no NaN: an undefined figure is absent.
    let json = serde_json::to_string(&d.levels[2]).unwrap();
    assert!(!json.contains("NaN") && !json.contains("null"), "{json}");
}
