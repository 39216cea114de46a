//! The cluster diagnostic and the concentration indices.

use clusterdx_results::{Results, SectorDiagnosis};

use super::{Column, Estimate, Scale, Status, Table, Value, col, est, sector_name};

/// The status of indicator `id` in sector `s`.
fn status(s: &SectorDiagnosis, id: &str) -> Status {
    let has = |v: &[String]| v.iter().any(|x| x == id);
    if has(&s.present) {
        Status::Present
    } else if has(&s.partial) {
        Status::Partial
    } else if has(&s.missing) {
        Status::Absent
    } else {
        Status::NoEvidence
    }
}

/// The sector × indicator matrix; each cell's words carry the evidence.
pub(crate) fn matrix(r: &Results) -> Table {
    let Some(c) = &r.cluster else {
        return Table::new("cluster_matrix", "", Vec::new());
    };
    let mut columns = vec![col("sector"), col("class")];
    columns.extend(c.indicators.iter().map(|i| Column {
        head: i.id.clone(),
        estimate: false,
    }));
    let mut t = Table::new(
        "cluster_matrix",
        "Each sector's status on each indicator: present, partial, absent or no evidence.",
        columns,
    );
    for s in &c.sectors {
        let mut row = vec![
            Value::text(sector_name(&s.sector, s.label.as_ref())),
            Value::text(&s.class),
        ];
        for i in &c.indicators {
            let st = status(s, &i.id);
            let evidence: Vec<String> = s
                .indicators
                .iter()
                .find(|x| x.id == i.id)
                .map(|x| {
                    x.evidence
                        .iter()
                        .flatten()
                        .map(|e| {
                            Estimate {
                                value: e.value,
                                se: e.se,
                                ci: e.ci,
                                scale: Scale::Number(3),
                            }
                            .text()
                        })
                        .collect()
                })
                .unwrap_or_default();
            let words = if evidence.is_empty() {
                format!("{}: {}", i.name, st.word())
            } else {
                format!(
                    "{}: {}; evidence {}",
                    i.name,
                    st.word(),
                    evidence.join(", ")
                )
            };
            row.push(Value::Status(st, words));
        }
        t.push(row);
    }
    t
}

/// Each source's evidence on each indicator, with its interval.
pub(crate) fn evidence(r: &Results) -> Table {
    let mut t = Table::new(
        "cluster_evidence",
        "The evidence behind each cell of the matrix: each source's value with its SE and interval, and the score it earns.",
        vec![
            col("sector"),
            col("indicator"),
            col("indicator name"),
            col("source"),
            est("evidence"),
            col("source score"),
            col("n"),
            col("indicator score"),
            col("interval straddles a cut-off"),
        ],
    );
    let Some(c) = &r.cluster else {
        return t;
    };
    for s in &c.sectors {
        for x in &s.indicators {
            let name = c
                .indicators
                .iter()
                .find(|i| i.id == x.id)
                .map_or_else(String::new, |i| i.name.clone());
            for (k, e) in x.evidence.iter().enumerate() {
                let Some(e) = e else {
                    continue;
                };
                t.push(vec![
                    Value::text(sector_name(&s.sector, s.label.as_ref())),
                    Value::text(&x.id),
                    Value::text(&name),
                    Value::Count((k + 1) as f64),
                    Value::Estimate(Estimate {
                        value: e.value,
                        se: e.se,
                        ci: e.ci,
                        scale: Scale::Number(3),
                    }),
                    Value::number(Some(e.score), 2),
                    Value::Count(e.n as f64),
                    Value::number(x.score, 2),
                    Value::text(if x.uncertain { "yes" } else { "no" }),
                ]);
            }
        }
    }
    t
}

/// Each sector's class, what it lacks and what would raise it.
pub(crate) fn classes(r: &Results) -> Table {
    let mut t = Table::new(
        "cluster_classes",
        "Each sector's class, interaction score, absent indicators, the smallest sets of raises that would lift the class, and stability under resampling.",
        vec![
            col("sector"),
            col("class"),
            col("interaction score"),
            col("absent indicators"),
            col("what would raise the class"),
            col("same class under resampling"),
        ],
    );
    let Some(c) = &r.cluster else {
        return t;
    };
    for s in &c.sectors {
        let next: Vec<String> = s
            .to_next_class
            .iter()
            .map(|alt| {
                alt.iter()
                    .map(|x| x.indicator.clone())
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        t.push(vec![
            Value::text(sector_name(&s.sector, s.label.as_ref())),
            Value::text(&s.class),
            Value::number(s.interaction, 2),
            Value::text(s.missing.join(", ")),
            Value::text(next.join("; or ")),
            Value::share(s.stability),
        ]);
    }
    t
}

/// The cut-off moves that change a sector's class.
pub(crate) fn sensitivity(r: &Results) -> Table {
    let mut t = Table::new(
        "cluster_sensitivity",
        "The moves of one indicator's cut-offs (scaled by a factor) that change a sector's class.",
        vec![
            col("sector"),
            col("class"),
            col("indicator moved"),
            col("source"),
            col("cut-offs × factor"),
            col("class after"),
        ],
    );
    let Some(c) = &r.cluster else {
        return t;
    };
    for d in &c.sectors {
        for m in d.threshold_effects.iter().filter(|m| m.class_changed) {
            t.push(vec![
                Value::text(sector_name(&d.sector, d.label.as_ref())),
                Value::text(&d.class),
                Value::text(&m.indicator),
                Value::Count(m.source as f64),
                Value::number(Some(m.factor), 2),
                Value::text(&m.class),
            ]);
        }
    }
    t
}

/// The qualitative evidence beside the score: segments for and against
/// each indicator, and the informants' words.
pub(crate) fn joint_display(r: &Results) -> Table {
    let mut t = Table::new(
        "joint_display",
        "Coded interview segments on each indicator beside its score: segments supporting and contradicting it, whether they agree with the score, and the quotes.",
        vec![
            col("sector"),
            col("indicator"),
            col("status"),
            col("segments supporting"),
            col("segments contradicting"),
            col("agree with the score"),
            col("quotes"),
        ],
    );
    let Some(c) = &r.cluster else {
        return t;
    };
    for s in &c.sectors {
        for x in &s.indicators {
            let Some(q) = &x.qualitative else {
                continue;
            };
            // The same words from several informants are shown once,
            // with everyone who said them.
            let mut quotes: Vec<(&str, &str, Vec<&str>)> = Vec::new();
            for g in &q.segments {
                let Some(quote) = g.quote.as_deref() else {
                    continue;
                };
                let who = g.stakeholder.as_deref().unwrap_or("informant");
                match quotes
                    .iter_mut()
                    .find(|(text, stance, _)| *text == quote && *stance == g.stance)
                {
                    Some((_, _, people)) => people.push(who),
                    None => quotes.push((quote, &g.stance, vec![who])),
                }
            }
            let quotes: Vec<String> = quotes
                .iter()
                .map(|(text, stance, people)| format!("“{text}” ({}; {stance})", people.join(", ")))
                .collect();
            t.push(vec![
                Value::text(sector_name(&s.sector, s.label.as_ref())),
                Value::text(&x.id),
                Value::text(status(s, &x.id).word()),
                Value::Count(q.supports as f64),
                Value::Count(q.contradicts as f64),
                Value::text(match q.agrees {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "–",
                }),
                Value::text(quotes.join(" · ")),
            ]);
        }
    }
    t
}

/// Every coded segment, one row each.
pub(crate) fn segments(r: &Results) -> Table {
    let mut t = Table::new(
        "joint_segments",
        "Every coded interview segment on an indicator: sector, indicator, code, stance, interview, stakeholder type and quote (personal columns withheld).",
        vec![
            col("sector"),
            col("indicator"),
            col("code"),
            col("stance"),
            col("interview"),
            col("stakeholder"),
            col("quote"),
        ],
    );
    let Some(c) = &r.cluster else {
        return t;
    };
    let opt = |x: &Option<String>| x.as_ref().map_or(Value::Empty, Value::text);
    for s in &c.sectors {
        for x in &s.indicators {
            for g in x.qualitative.iter().flat_map(|q| &q.segments) {
                t.push(vec![
                    Value::text(sector_name(&s.sector, s.label.as_ref())),
                    Value::text(&x.id),
                    Value::text(&g.code),
                    Value::text(&g.stance),
                    opt(&g.interview),
                    opt(&g.stakeholder),
                    opt(&g.quote),
                ]);
            }
        }
    }
    t
}

/// Concentration indices of each industry.
pub(crate) fn concentration(r: &Results) -> Table {
    let mut t = Table::new(
        "concentration",
        "Concentration indices of each industry: locational Gini, Hoover, Ellison–Glaeser, Maurel–Sédillot, product complexity.",
        vec![
            col("industry"),
            col("employment"),
            col("locational Gini"),
            col("Hoover"),
            col("Ellison–Glaeser"),
            col("Maurel–Sédillot"),
            col("PCI"),
        ],
    );
    let Some(c) = &r.concentration else {
        return t;
    };
    for i in &c.industries {
        t.push(vec![
            Value::text(i.label.clone().unwrap_or_else(|| i.industry.clone())),
            Value::Count(i.total),
            Value::number(Some(i.locational_gini), 3),
            Value::number(Some(i.hoover), 3),
            Value::number(i.ellison_glaeser, 3),
            Value::number(i.maurel_sedillot, 3),
            Value::number(i.pci, 3),
        ]);
    }
    t
}
