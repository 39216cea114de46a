//! Poverty, inequality and multidimensional poverty.

use clusterdx_results::{Figure, Mpi, Poverty, PovertyChange, Results};

use super::{Scale, Table, Value, col, domain_name, est, sector_name};

fn poverty(r: &Results) -> Option<&Poverty> {
    r.poverty.as_ref()
}

fn mpi(r: &Results) -> Option<&Mpi> {
    r.mpi.as_ref()
}

/// Each domain's headcount at every line, poverty gap (first line), Gini
/// and Palma.
pub(crate) fn domains(r: &Results) -> Table {
    let mut columns = vec![col("domain")];
    if let Some(p) = poverty(r) {
        columns.extend(
            p.lines
                .iter()
                .map(|l| est(format!("headcount ({})", l.name))),
        );
    }
    columns.extend([est("poverty gap"), est("Gini"), est("Palma")]);
    let mut t = Table::new(
        "poverty_domains",
        "Each domain's headcount at every line, poverty gap at the first line, Gini and Palma ratio.",
        columns,
    );
    let Some(p) = poverty(r) else {
        return t;
    };
    for d in &p.domains {
        let mut row = vec![Value::text(domain_name(
            d.by.as_ref(),
            d.code.as_ref(),
            d.label.as_ref(),
        ))];
        for m in &d.lines {
            let h = m.fgt.iter().find(|f| f.parameter == 0.0);
            row.push(Value::figure(h.map(|f| &f.figure), Scale::Share));
        }
        let gap = d
            .lines
            .first()
            .and_then(|m| m.fgt.iter().find(|f| f.parameter == 1.0));
        row.push(Value::figure(gap.map(|f| &f.figure), Scale::Share));
        row.push(Value::figure(Some(&d.inequality.gini), Scale::Number(3)));
        row.push(Value::figure(Some(&d.inequality.palma), Scale::Number(3)));
        t.push(row);
    }
    t
}

/// Every poverty measure of every domain at every line.
pub(crate) fn measures(r: &Results) -> Table {
    let mut t = Table::new(
        "poverty",
        "Poverty measures of each domain at each line (FGT(α), Watts, Sen, SST).",
        vec![col("domain"), col("line"), col("measure"), est("value")],
    );
    let Some(p) = poverty(r) else {
        return t;
    };
    for d in &p.domains {
        let name = domain_name(d.by.as_ref(), d.code.as_ref(), d.label.as_ref());
        for m in &d.lines {
            let mut add = |measure: String, f: &Figure, scale: Scale| {
                t.push(vec![
                    Value::text(&name),
                    Value::text(&m.line),
                    Value::text(measure),
                    Value::figure(Some(f), scale),
                ]);
            };
            for f in &m.fgt {
                let scale = if f.parameter == 0.0 {
                    Scale::Share
                } else {
                    Scale::Number(4)
                };
                add(format!("FGT({})", f.parameter), &f.figure, scale);
            }
            if let Some(w) = &m.watts {
                add("Watts".into(), w, Scale::Number(4));
            }
            add("Sen".into(), &m.sen, Scale::Number(4));
            add("SST".into(), &m.sst, Scale::Number(4));
        }
    }
    t
}

/// Every inequality measure of every domain.
pub(crate) fn inequality(r: &Results) -> Table {
    let mut t = Table::new(
        "inequality",
        "Inequality of each domain: mean, median, Gini, generalised entropy, Atkinson, Palma, S80/S20, P90/P10 and any other ratios.",
        vec![col("domain"), col("measure"), est("value")],
    );
    let Some(p) = poverty(r) else {
        return t;
    };
    for d in &p.domains {
        let name = domain_name(d.by.as_ref(), d.code.as_ref(), d.label.as_ref());
        let i = &d.inequality;
        let mut add = |measure: String, f: &Figure| {
            t.push(vec![
                Value::text(&name),
                Value::text(measure),
                Value::figure(Some(f), Scale::Number(3)),
            ]);
        };
        add("mean".into(), &d.mean);
        add("median".into(), &d.median);
        add("Gini".into(), &i.gini);
        for g in &i.generalised_entropy {
            add(format!("GE({})", g.parameter), &g.figure);
        }
        for a in &i.atkinson {
            add(format!("Atkinson({})", a.parameter), &a.figure);
        }
        add("Palma".into(), &i.palma);
        add("S80/S20".into(), &i.s80_s20);
        add("P90/P10".into(), &i.p90_p10);
        for o in &i.other_ratios {
            add(o.name.clone(), &o.figure);
        }
    }
    t
}

/// Each sector's worker households against non-worker households of the
/// same districts.
pub(crate) fn comparisons(r: &Results) -> Table {
    let mut t = Table::new(
        "poverty_comparisons",
        "Each sector's worker households against non-worker households of the same districts: headcounts and their difference (descriptive, not causal).",
        vec![
            col("sector"),
            col("line"),
            est("workers' households"),
            est("other households"),
            est("difference, points"),
        ],
    );
    let Some(p) = poverty(r) else {
        return t;
    };
    for c in &p.comparisons {
        t.push(vec![
            Value::text(sector_name(&c.sector, c.label.as_ref())),
            Value::text(&c.line),
            Value::figure(Some(&c.headcount_workers), Scale::Share),
            Value::figure(Some(&c.headcount_others), Scale::Share),
            Value::figure(Some(&c.headcount_difference), Scale::Points),
        ]);
    }
    t
}

/// The study's declared contrasts of two groups.
pub(crate) fn contrasts(r: &Results) -> Table {
    let mut t = Table::new(
        "poverty_contrasts",
        "The study's declared contrasts: the headcount of group a against group b, and their difference.",
        vec![
            col("contrast"),
            col("line"),
            col("group a"),
            est("headcount a"),
            col("group b"),
            est("headcount b"),
            est("difference, points"),
        ],
    );
    let Some(p) = poverty(r) else {
        return t;
    };
    for c in &p.contrasts {
        t.push(vec![
            Value::text(&c.what),
            Value::text(&c.line),
            Value::text(&c.a),
            Value::figure(Some(&c.headcount_a), Scale::Share),
            Value::text(&c.b),
            Value::figure(Some(&c.headcount_b), Scale::Share),
            Value::figure(Some(&c.headcount_difference), Scale::Points),
        ]);
    }
    t
}

/// Changes between rounds of a measure list.
fn changes(t: &mut Table, changes: &[PovertyChange]) {
    for c in changes {
        t.push(vec![
            Value::text(&c.from),
            Value::text(&c.to),
            c.line.as_ref().map_or(Value::Empty, Value::text),
            Value::text(&c.measure),
            Value::figure(Some(&c.figure), Scale::Number(4)),
        ]);
    }
}

fn change_columns() -> Vec<super::Column> {
    vec![
        col("from round"),
        col("to round"),
        col("line"),
        col("measure"),
        est("change"),
    ]
}

/// Poverty's changes between rounds.
pub(crate) fn poverty_changes(r: &Results) -> Table {
    let mut t = Table::new(
        "poverty_changes",
        "Each poverty and inequality measure's change between rounds, with its SE.",
        change_columns(),
    );
    if let Some(p) = poverty(r) {
        changes(&mut t, &p.changes);
    }
    t
}

/// The MPI's changes between rounds.
pub(crate) fn mpi_changes(r: &Results) -> Table {
    let mut t = Table::new(
        "mpi_changes",
        "H, A and M0's change between rounds, with its SE.",
        change_columns(),
    );
    if let Some(m) = mpi(r) {
        changes(&mut t, &m.changes);
    }
    t
}

/// The headcount at lines around the first (the poverty line's
/// sensitivity).
pub(crate) fn line_sensitivity(r: &Results) -> Table {
    let mut t = Table::new(
        "poverty_line_sensitivity",
        "The headcount of everyone at lines around the first line.",
        vec![col("line"), est("headcount")],
    );
    if let Some(p) = poverty(r) {
        for s in &p.sensitivity {
            t.push(vec![
                Value::number(Some(s.line), 2),
                Value::figure(Some(&s.headcount), Scale::Share),
            ]);
        }
    }
    t
}

/// H, A and M0 of everyone and each group.
pub(crate) fn mpi_groups(r: &Results) -> Table {
    let mut t = Table::new(
        "mpi",
        "Alkire–Foster H, A and M0 of everyone and each group, and each group's share of the population and of M0.",
        vec![
            col("group"),
            est("H"),
            est("A"),
            est("M0"),
            col("population share"),
            col("share of M0"),
        ],
    );
    let Some(m) = mpi(r) else {
        return t;
    };
    for g in &m.groups {
        t.push(vec![
            Value::text(domain_name(
                g.by.as_ref(),
                g.code.as_ref(),
                g.label.as_ref(),
            )),
            Value::figure(Some(&g.h), Scale::Share),
            Value::figure(g.a.as_ref(), Scale::Number(3)),
            Value::figure(Some(&g.m0), Scale::Number(3)),
            Value::share(g.population_share),
            Value::share(g.share_of_m0),
        ]);
    }
    t
}

/// Each sector's worker households against others, multidimensionally.
pub(crate) fn mpi_comparisons(r: &Results) -> Table {
    let mut t = Table::new(
        "mpi_comparisons",
        "Each sector's worker households against non-worker households of the same districts: H and M0 and their differences (descriptive, not causal).",
        vec![
            col("sector"),
            est("H, workers' households"),
            est("H, other households"),
            est("H difference, points"),
            est("M0, workers' households"),
            est("M0, other households"),
            est("M0 difference"),
        ],
    );
    let Some(m) = mpi(r) else {
        return t;
    };
    for c in &m.comparisons {
        t.push(vec![
            Value::text(sector_name(&c.sector, c.label.as_ref())),
            Value::figure(Some(&c.h_workers), Scale::Share),
            Value::figure(Some(&c.h_others), Scale::Share),
            Value::figure(Some(&c.h_difference), Scale::Points),
            Value::figure(Some(&c.m0_workers), Scale::Number(3)),
            Value::figure(Some(&c.m0_others), Scale::Number(3)),
            Value::figure(Some(&c.m0_difference), Scale::Number(3)),
        ]);
    }
    t
}

/// Each indicator's weight, censored headcount and contribution
/// (everyone).
pub(crate) fn mpi_indicators(r: &Results) -> Table {
    let mut t = Table::new(
        "mpi_indicators",
        "Each indicator's dimension, weight, censored headcount (everyone) and contribution to M0.",
        vec![
            col("indicator"),
            col("dimension"),
            col("weight"),
            est("censored headcount"),
            col("contribution to M0"),
        ],
    );
    let Some(m) = mpi(r) else {
        return t;
    };
    let Some(all) = m.groups.first() else {
        return t;
    };
    for ((i, c), h) in m
        .indicators
        .iter()
        .zip(&all.contributions)
        .zip(&all.censored)
    {
        t.push(vec![
            Value::text(&i.name),
            Value::text(&i.dimension),
            Value::number(Some(i.weight), 3),
            Value::figure(Some(h), Scale::Share),
            Value::share(*c),
        ]);
    }
    t
}

/// Each group's contributions by indicator (the stacked bars' numbers).
pub(crate) fn mpi_contributions(r: &Results) -> Table {
    let mut t = Table::new(
        "mpi_contributions",
        "Each group's censored headcount and contribution to M0 by indicator.",
        vec![
            col("group"),
            col("indicator"),
            col("dimension"),
            est("censored headcount"),
            col("contribution to M0"),
        ],
    );
    let Some(m) = mpi(r) else {
        return t;
    };
    for g in &m.groups {
        let name = domain_name(g.by.as_ref(), g.code.as_ref(), g.label.as_ref());
        for ((i, c), h) in m.indicators.iter().zip(&g.contributions).zip(&g.censored) {
            t.push(vec![
                Value::text(&name),
                Value::text(&i.name),
                Value::text(&i.dimension),
                Value::figure(Some(h), Scale::Share),
                Value::share(*c),
            ]);
        }
    }
    t
}
