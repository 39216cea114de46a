//! Human-resource development: local participation, capacity building,
//! stakeholder networks.

use clusterdx_results::{Hrd, LocalParticipation, Results};

use super::{Scale, Table, Value, col, est, sector_name};

fn hrd(r: &Results) -> Option<&Hrd> {
    r.hrd.as_ref()
}

/// Every (sector name, source, local participation under a definition).
fn each_local(r: &Results) -> impl Iterator<Item = (String, &str, &LocalParticipation)> {
    hrd(r).into_iter().flat_map(|h| {
        h.sectors.iter().flat_map(|s| {
            let name = sector_name(&s.sector, s.label.as_ref());
            s.participation.iter().flat_map(move |p| {
                let name = name.clone();
                p.local
                    .iter()
                    .map(move |l| (name.clone(), p.source.as_str(), l))
            })
        })
    })
}

/// Each sector's local share by job level (first source and definition),
/// firms training and the HRD index.
pub(crate) fn levels(r: &Results) -> Table {
    let mut columns = vec![col("sector"), col("source")];
    if let Some(h) = hrd(r) {
        columns.extend(h.levels.iter().map(|l| est(format!("local share: {l}"))));
    }
    columns.extend([est("firms training"), col("HRD index")]);
    let mut t = Table::new(
        "hrd_levels",
        "Each sector's local share of each job level (first source and definition of local), the share of firms training, and the HRD index.",
        columns,
    );
    let Some(h) = hrd(r) else {
        return t;
    };
    for s in &h.sectors {
        let (Some(p), Some(l)) = (
            s.participation.first(),
            s.participation.first().and_then(|p| p.local.first()),
        ) else {
            continue;
        };
        let mut row = vec![
            Value::text(sector_name(&s.sector, s.label.as_ref())),
            Value::text(format!("{}, {}", p.source, l.definition)),
        ];
        for level in &h.levels {
            let f = l.levels.iter().find(|c| &c.level == level);
            row.push(Value::figure(
                f.and_then(|c| c.local_share.as_ref()),
                Scale::Share,
            ));
        }
        row.push(Value::figure(
            s.capacity.as_ref().and_then(|c| c.firms_training.as_ref()),
            Scale::Share,
        ));
        row.push(Value::number(s.summary.index, 2));
        t.push(row);
    }
    t
}

/// Every local share by sector, source, definition and level.
pub(crate) fn local_shares(r: &Results) -> Table {
    let mut t = Table::new(
        "hrd_local_shares",
        "Local share of each job level by sector, source and definition of local; the representation ratio; estimated employees.",
        vec![
            col("sector"),
            col("source"),
            col("definition"),
            col("level"),
            est("local share"),
            est("share of all locals"),
            est("representation ratio"),
            col("employees"),
        ],
    );
    for (sector, source, l) in each_local(r) {
        for c in &l.levels {
            t.push(vec![
                Value::text(&sector),
                Value::text(source),
                Value::text(&l.definition),
                Value::text(&c.level),
                Value::figure(c.local_share.as_ref(), Scale::Share),
                Value::figure(c.share_of_locals.as_ref(), Scale::Share),
                Value::figure(c.representation.as_ref(), Scale::Number(2)),
                Value::number(Some(c.employees), 0),
            ]);
        }
    }
    t
}

/// The local share of each level under every definition of local, side by
/// side (first source).
pub(crate) fn definitions(r: &Results) -> Table {
    let mut columns = vec![col("sector"), col("level")];
    if let Some(h) = hrd(r) {
        columns.extend(
            h.definitions
                .iter()
                .map(|d| est(format!("local share ({})", d.name))),
        );
    }
    let mut t = Table::new(
        "hrd_definitions",
        "The local share of each level under each definition of local, side by side (first source).",
        columns,
    );
    let Some(h) = hrd(r) else {
        return t;
    };
    if h.definitions.len() < 2 {
        return t;
    }
    for s in &h.sectors {
        let Some(p) = s.participation.first() else {
            continue;
        };
        for level in &h.levels {
            let mut row = vec![
                Value::text(sector_name(&s.sector, s.label.as_ref())),
                Value::text(level),
            ];
            for d in &h.definitions {
                let f = p
                    .local
                    .iter()
                    .find(|l| l.definition == d.name)
                    .and_then(|l| l.levels.iter().find(|c| &c.level == level))
                    .and_then(|c| c.local_share.as_ref());
                row.push(Value::figure(f, Scale::Share));
            }
            t.push(row);
        }
    }
    t
}

/// The level × skill local shares behind the heat maps.
pub(crate) fn cells(r: &Results) -> Table {
    let mut t = Table::new(
        "hrd_level_skill",
        "Local share of each job level × skill cell by sector, source and definition of local (the heat maps' numbers).",
        vec![
            col("sector"),
            col("source"),
            col("definition"),
            col("level"),
            col("skill"),
            est("local share"),
            col("employees"),
        ],
    );
    for (sector, source, l) in each_local(r) {
        for c in &l.cells {
            t.push(vec![
                Value::text(&sector),
                Value::text(source),
                Value::text(&l.definition),
                Value::text(&c.level),
                c.skill.as_ref().map_or(Value::Empty, Value::text),
                Value::figure(c.local_share.as_ref(), Scale::Share),
                Value::number(Some(c.employees), 0),
            ]);
        }
    }
    t
}

/// Capacity building: training given, its intensity, the main trainer and
/// the gaps.
pub(crate) fn capacity(r: &Results) -> Table {
    let mut t = Table::new(
        "hrd_capacity",
        "Capacity building by sector: firms training, training places and hours per employee, the main trainer, and the levels no training reaches.",
        vec![
            col("sector"),
            est("firms training"),
            est("training places per employee"),
            est("training hours per employee"),
            col("main trainer"),
            col("gaps: level (whose training, provider without any there)"),
        ],
    );
    let Some(h) = hrd(r) else {
        return t;
    };
    for s in &h.sectors {
        let Some(c) = &s.capacity else {
            continue;
        };
        let gaps: Vec<String> = c
            .gaps
            .iter()
            .map(|g| match &g.provider {
                Some(p) => format!("{} ({}, {p})", g.level, g.who),
                None => format!("{} ({})", g.level, g.who),
            })
            .collect();
        t.push(vec![
            Value::text(sector_name(&s.sector, s.label.as_ref())),
            Value::figure(c.firms_training.as_ref(), Scale::Share),
            Value::figure(c.participants_per_employee.as_ref(), Scale::Number(3)),
            Value::figure(c.hours_per_employee.as_ref(), Scale::Number(3)),
            s.summary
                .main_trainer
                .as_ref()
                .map_or(Value::Empty, Value::text),
            Value::text(gaps.join("; ")),
        ]);
    }
    t
}

/// Each sector's stakeholder network in figures.
pub(crate) fn networks(r: &Results) -> Table {
    let mut t = Table::new(
        "hrd_networks",
        "Each sector's stakeholder network: actors, ties, density, strength index, and the expected links between actor types that have no tie.",
        vec![
            col("sector"),
            col("actors"),
            col("ties"),
            col("density"),
            col("strength index"),
            col("missing expected links"),
        ],
    );
    let Some(h) = hrd(r) else {
        return t;
    };
    for s in &h.sectors {
        let Some(l) = &s.linkages else {
            continue;
        };
        t.push(vec![
            Value::text(sector_name(&s.sector, s.label.as_ref())),
            Value::Count(l.actors as f64),
            Value::Count(l.ties as f64),
            Value::number(Some(l.density), 3),
            Value::number(Some(l.strength_index), 3),
            Value::text(
                s.summary
                    .absent_links
                    .iter()
                    .map(|[a, b]| format!("{a}–{b}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]);
    }
    t
}

/// Each actor's type and centralities (the network graphs' numbers).
pub(crate) fn actors(r: &Results) -> Table {
    let mut t = Table::new(
        "hrd_actors",
        "Each actor of each sector's stakeholder network: type, ties (degree), degree, betweenness and closeness centrality.",
        vec![
            col("sector"),
            col("actor"),
            col("type"),
            col("ties"),
            col("degree centrality"),
            col("betweenness"),
            col("closeness"),
        ],
    );
    let Some(h) = hrd(r) else {
        return t;
    };
    for s in &h.sectors {
        let Some(l) = &s.linkages else {
            continue;
        };
        for a in &l.centrality {
            t.push(vec![
                Value::text(sector_name(&s.sector, s.label.as_ref())),
                Value::text(&a.actor),
                a.actor_type.as_ref().map_or(Value::Empty, Value::text),
                Value::Count(a.degree as f64),
                Value::number(Some(a.degree_centrality), 3),
                Value::number(Some(a.betweenness), 3),
                Value::number(Some(a.closeness), 3),
            ]);
        }
    }
    t
}
