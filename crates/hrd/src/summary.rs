//! A sector's HRD in brief (FRAMEWORKS.md §3): a compact, documented index
//! and the facts a policy reader needs — where locals are missing, who
//! trains, which links are absent.
//!
//! The index is the weighted mean, over the components that have a value,
//! of:
//!
//! | component | value in [0, 1] |
//! |---|---|
//! | `local_management` | local share of the jobs above the lowest level (first definition of local) |
//! | `training` | share of firms giving formal training |
//! | `trained_workers` | training places per employee, capped at 1 |
//! | `linkages` | the linkage-strength index |
//!
//! Equal weights by default; the study file can change them or drop a
//! component (weight 0). The components come from different samples, so
//! the index is descriptive and has no standard error.

use clusterdx_results::{Capacity, HrdSummary, IndexComponent, Linkages, Participation, ShareCell};

/// The components, in order.
pub const COMPONENTS: [&str; 4] = [
    "local_management",
    "training",
    "trained_workers",
    "linkages",
];

/// Cells with fewer rows than this are not listed among the lowest local
/// shares (their shares are too noisy to single out).
const MIN_ROWS: u64 = 5;

/// The summary of one sector. `weights` follow [`COMPONENTS`]; `primary` is
/// the participation source to describe (the roster when there is one).
pub fn summary(
    primary: Option<&Participation>,
    capacity: Option<&Capacity>,
    linkages: Option<&Linkages>,
    weights: &[f64; 4],
) -> HrdSummary {
    let first = primary.and_then(|p| p.local.first());
    let values = [
        first.and_then(|d| d.above_lowest.as_ref()).map(|f| f.value),
        capacity
            .and_then(|c| c.firms_training.as_ref())
            .map(|f| f.value),
        capacity
            .and_then(|c| c.participants_per_employee.as_ref())
            .map(|f| f.value.min(1.0)),
        linkages.map(|l| l.strength_index),
    ];
    let (num, den) = values
        .iter()
        .zip(weights)
        .filter_map(|(v, w)| v.map(|v| (v * w, *w)))
        .fold((0.0, 0.0), |(a, b), (x, w)| (a + x, b + w));
    let mut fewest: Vec<ShareCell> = first
        .map(|d| {
            d.cells
                .iter()
                .filter(|c| c.local_share.as_ref().is_some_and(|f| f.n >= MIN_ROWS))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    fewest.sort_by(|a, b| {
        let v = |c: &ShareCell| c.local_share.as_ref().map_or(f64::INFINITY, |f| f.value);
        v(a).total_cmp(&v(b))
    });
    fewest.truncate(3);
    HrdSummary {
        index: (den > 0.0).then(|| num / den),
        components: COMPONENTS
            .iter()
            .zip(values)
            .zip(weights)
            .map(|((name, value), weight)| IndexComponent {
                name: name.to_string(),
                weight: *weight,
                value,
            })
            .collect(),
        fewest_locals: fewest,
        main_trainer: capacity.and_then(|c| {
            c.providers
                .iter()
                .filter_map(|p| p.share.as_ref().map(|f| (p.provider.clone(), f.value)))
                .filter(|(_, v)| *v > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(p, _)| p)
        }),
        absent_links: linkages
            .map(|l| {
                l.expected_links
                    .iter()
                    .filter(|e| e.ties == 0)
                    .map(|e| e.between.clone())
                    .collect()
            })
            .unwrap_or_default(),
    }
}
