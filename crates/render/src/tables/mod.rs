//! The report's tables as one model that every output renders: the HTML
//! report shows a table's cells as text (an estimate with its interval in
//! one cell), the workbook and the CSV files as numbers (an estimate's
//! value, SE and limits in four columns). Each table is built once here,
//! from the results only; the renderers choose how it looks, never what
//! it holds.
//!
//! [`all`] lists every table in workbook order; the report's sections call
//! the builders of the tables they show.

mod cluster;
mod hrd;
mod poverty;
mod structural;
mod study;

pub(crate) use cluster::{
    classes, concentration, evidence, joint_display, matrix, segments, sensitivity,
};
pub(crate) use hrd::{actors, capacity, cells, definitions, levels, local_shares, networks};
pub(crate) use poverty::{
    comparisons, contrasts, domains, inequality, line_sensitivity, measures, mpi_changes,
    mpi_comparisons, mpi_contributions, mpi_groups, mpi_indicators, poverty_changes,
};
pub(crate) use structural::{
    constructs, fit, htmt, indirect_effects, items, multigroup, paths, predict_items,
    predict_power, total_effects,
};
pub(crate) use study::{datasets, designs, warnings};

use clusterdx_results::{Figure, PlsEstimate, Results};

/// How an estimate is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scale {
    /// A share, as a percentage.
    Share,
    /// A difference of shares, in percentage points with a sign.
    Points,
    /// A number with this many decimals.
    Number(usize),
}

/// An estimate with what is known of its precision.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Estimate {
    pub value: f64,
    pub se: Option<f64>,
    pub ci: Option<[f64; 2]>,
    pub scale: Scale,
}

impl Estimate {
    /// An estimate as "37.4% (33.4–41.7)", "+1.2 (−0.3 to +2.7)" points, or
    /// "0.280 (0.259–0.301)".
    pub(crate) fn text(&self) -> String {
        let e = self;
        match e.scale {
            Scale::Share => match e.ci {
                Some([lo, hi]) => format!(
                    "{:.1}% ({:.1}–{:.1})",
                    100.0 * e.value,
                    100.0 * lo,
                    100.0 * hi
                ),
                None => format!("{:.1}%", 100.0 * e.value),
            },
            Scale::Points => match e.ci {
                Some([lo, hi]) => format!(
                    "{:+.1} ({:+.1} to {:+.1})",
                    100.0 * e.value,
                    100.0 * lo,
                    100.0 * hi
                ),
                None => format!("{:+.1}", 100.0 * e.value),
            },
            // A dash between negative limits reads as a minus: "to" instead.
            Scale::Number(d) => match e.ci {
                Some([lo, hi]) if lo < 0.0 || hi < 0.0 => {
                    format!("{:.d$} ({lo:.d$} to {hi:.d$})", e.value)
                }
                Some([lo, hi]) => format!("{:.d$} ({lo:.d$}–{hi:.d$})", e.value),
                None => format!("{:.d$}", e.value),
            },
        }
    }
}

/// A cell's status in the cluster matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Status {
    Present,
    Partial,
    Absent,
    NoEvidence,
}

impl Status {
    /// The word shown in the workbook and read aloud.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Partial => "partial",
            Status::Absent => "absent",
            Status::NoEvidence => "no evidence",
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Nothing to show ("–" in the report, an empty cell elsewhere).
    Empty,
    Text(String),
    /// A count.
    Count(f64),
    /// A number with this many decimals in the report.
    Number(f64, usize),
    /// A share, as a percentage.
    Share(f64),
    /// A p-value ("< 0.001" in the report below that).
    P(f64),
    /// An estimate with its SE and interval.
    Estimate(Estimate),
    /// A cluster-matrix status, with the evidence in words.
    Status(Status, String),
    /// A value below a quality threshold, with the threshold in words.
    Flagged(Box<Value>, String),
}

impl Value {
    pub(crate) fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// A number, or empty when missing or not finite.
    pub(crate) fn number(x: Option<f64>, decimals: usize) -> Value {
        match x {
            Some(x) if x.is_finite() => Value::Number(x, decimals),
            _ => Value::Empty,
        }
    }

    /// A share, or empty when missing or not finite.
    pub(crate) fn share(x: Option<f64>) -> Value {
        match x {
            Some(x) if x.is_finite() => Value::Share(x),
            _ => Value::Empty,
        }
    }

    /// A survey figure, or empty when there is none.
    pub(crate) fn figure(f: Option<&Figure>, scale: Scale) -> Value {
        f.map_or(Value::Empty, |f| {
            Value::Estimate(Estimate {
                value: f.value,
                se: Some(f.se),
                ci: Some(f.ci),
                scale,
            })
        })
    }

    /// A PLS estimate with its bootstrap SE and percentile interval.
    pub(crate) fn pls(e: &PlsEstimate) -> Value {
        Value::Estimate(Estimate {
            value: e.value,
            se: e.se,
            ci: e.ci_percentile,
            scale: Scale::Number(3),
        })
    }

    /// `x` flagged when it is below `low`.
    pub(crate) fn at_least(x: f64, low: f64, decimals: usize) -> Value {
        let v = Value::number(Some(x), decimals);
        if x < low {
            Value::Flagged(Box::new(v), format!("below {low}"))
        } else {
            v
        }
    }
}

/// A column: its heading, and whether it holds estimates (which the
/// workbook spreads over value, SE and limit columns).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub head: String,
    pub estimate: bool,
}

/// A column of plain values.
pub(crate) fn col(head: impl Into<String>) -> Column {
    Column {
        head: head.into(),
        estimate: false,
    }
}

/// A column of estimates.
pub(crate) fn est(head: impl Into<String>) -> Column {
    Column {
        head: head.into(),
        estimate: true,
    }
}

/// One table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// The workbook sheet's and CSV file's name (at most 31 characters).
    pub name: &'static str,
    /// What the table holds, for the workbook's README sheet.
    pub about: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub(crate) fn new(name: &'static str, about: &'static str, columns: Vec<Column>) -> Table {
        debug_assert!(name.len() <= 31, "sheet name {name} too long");
        Table {
            name,
            about,
            columns,
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.name);
        self.rows.push(row);
    }

    /// The rows whose column `head` is the text `value`, without that
    /// column (one model's part of a table of several models).
    pub(crate) fn only(&self, head: &str, value: &str) -> Table {
        let Some(k) = self.columns.iter().position(|c| c.head == head) else {
            return self.clone();
        };
        let mut t = Table::new(self.name, self.about, self.columns.clone());
        t.columns.remove(k);
        for row in &self.rows {
            if matches!(&row[k], Value::Text(s) if s == value) {
                let mut row = row.clone();
                row.remove(k);
                t.rows.push(row);
            }
        }
        t
    }
}

impl Table {
    /// The table without column `head`.
    pub(crate) fn without(&self, head: &str) -> Table {
        let mut t = self.clone();
        if let Some(k) = t.columns.iter().position(|c| c.head == head) {
            t.columns.remove(k);
            for row in &mut t.rows {
                row.remove(k);
            }
        }
        t
    }
}

/// A sector's label, or its code.
pub(crate) fn sector_name(code: &str, label: Option<&String>) -> String {
    label.cloned().unwrap_or_else(|| code.to_string())
}

/// A domain's name: `by: label` (or code), or "everyone".
pub(crate) fn domain_name(
    by: Option<&String>,
    code: Option<&String>,
    label: Option<&String>,
) -> String {
    match (by, code) {
        (Some(by), Some(code)) => format!("{by}: {}", label.unwrap_or(code)),
        _ => "everyone".into(),
    }
}

/// Every table of the results in workbook order, empty ones left out.
pub(crate) fn all(r: &Results) -> Vec<Table> {
    let builders: &[fn(&Results) -> Table] = &[
        datasets,
        designs,
        warnings,
        matrix,
        evidence,
        classes,
        sensitivity,
        joint_display,
        segments,
        concentration,
        levels,
        local_shares,
        definitions,
        cells,
        capacity,
        networks,
        actors,
        domains,
        measures,
        inequality,
        comparisons,
        contrasts,
        line_sensitivity,
        poverty_changes,
        mpi_groups,
        mpi_comparisons,
        mpi_indicators,
        mpi_contributions,
        mpi_changes,
        fit,
        paths,
        constructs,
        items,
        htmt,
        indirect_effects,
        total_effects,
        multigroup,
        predict_power,
        predict_items,
    ];
    let out: Vec<Table> = builders
        .iter()
        .map(|b| b(r))
        .filter(|t| !t.rows.is_empty())
        .collect();
    debug_assert!(
        {
            let mut names: Vec<&str> = out.iter().map(|t| t.name).collect();
            names.sort_unstable();
            names.windows(2).all(|w| w[0] != w[1])
        },
        "two tables share a sheet name"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_read_with_their_intervals() {
        let e = |scale, ci| Estimate {
            value: 0.374,
            se: Some(0.02),
            ci,
            scale,
        };
        assert_eq!(
            e(Scale::Share, Some([0.334, 0.417])).text(),
            "37.4% (33.4–41.7)"
        );
        assert_eq!(
            e(Scale::Points, Some([-0.003, 0.75])).text(),
            "+37.4 (-0.3 to +75.0)"
        );
        assert_eq!(e(Scale::Number(2), None).text(), "0.37");
        assert_eq!(
            e(Scale::Number(3), Some([-0.149, -0.016])).text(),
            "0.374 (-0.149 to -0.016)"
        );
    }
}
