//! A sector's stakeholder network as the study describes it: the actors
//! (the stakeholder dataset's rows of the sector, so that isolates count,
//! and any actor a tie names) and the ties of positive strength among them
//! (the linkage dataset's `from_actor`, `to_actor`, `strength`, `sector`).
//! The cluster diagnostic's network density and the HRD linkage measures
//! both read it.

use std::collections::BTreeMap;

use clusterdx_indices::Network;

use crate::validate::LoadedDataset;

/// The actors and ties of one sector.
pub(crate) struct SectorNetwork {
    /// Actor ids, in code order.
    pub ids: Vec<String>,
    /// Each actor's type (from the stakeholder dataset), when known.
    pub types: Vec<Option<String>>,
    /// Tie strengths (0: no tie); symmetric unless directed. Without a
    /// strength concept every tie has strength 1.
    pub strength: Vec<Vec<f64>>,
    /// Whether ties run from one actor to another.
    pub directed: bool,
}

impl SectorNetwork {
    /// The binary network of the ties.
    pub fn network(&self) -> Option<Network> {
        Network::new(&self.strength, self.directed).ok()
    }
}

/// Sector `s`'s network, or `None` when the linkage dataset lacks the
/// tie concepts. Undirected ties take the stronger of the two directions.
pub(crate) fn sector_network(
    links: &LoadedDataset,
    actors: Option<&LoadedDataset>,
    s: &str,
    directed: bool,
) -> Option<SectorNetwork> {
    let data = &links.dataset;
    let col = |concept: &str| data.column(links.columns.concepts.get(concept)?);
    let (from, to, sector) = (col("from_actor")?, col("to_actor")?, col("sector")?);
    let strength = col("strength");
    let mut ids: BTreeMap<String, Option<String>> = BTreeMap::new();
    if let Some(a) = actors
        && let (Some(id), Some(sec)) = (
            a.columns.id.as_ref().and_then(|c| a.dataset.column(c)),
            a.columns
                .concepts
                .get("sector")
                .and_then(|c| a.dataset.column(c)),
        )
    {
        let kind = a
            .columns
            .concepts
            .get("actor_type")
            .filter(|c| !a.columns.is_personal(c))
            .and_then(|c| a.dataset.column(c));
        for i in 0..a.dataset.n_rows() {
            if sec.code_at(i).as_deref() == Some(s)
                && let Some(code) = id.code_at(i)
            {
                ids.insert(code, kind.and_then(|k| k.code_at(i)));
            }
        }
    }
    let mut ties: BTreeMap<(String, String), f64> = BTreeMap::new();
    for i in 0..data.n_rows() {
        if sector.code_at(i).as_deref() != Some(s) {
            continue;
        }
        let w = match strength {
            Some(c) => match c.f64_at(i) {
                Some(x) if x > 0.0 => x,
                _ => continue,
            },
            None => 1.0,
        };
        let (Some(a), Some(b)) = (from.code_at(i), to.code_at(i)) else {
            continue;
        };
        if a == b {
            continue;
        }
        ids.entry(a.clone()).or_insert(None);
        ids.entry(b.clone()).or_insert(None);
        let key = if directed || a < b { (a, b) } else { (b, a) };
        let e = ties.entry(key).or_insert(0.0);
        *e = e.max(w);
    }
    let index: BTreeMap<&String, usize> = ids.keys().enumerate().map(|(k, v)| (v, k)).collect();
    let n = ids.len();
    let mut m = vec![vec![0.0; n]; n];
    for ((a, b), w) in &ties {
        let (i, j) = (index[a], index[b]);
        m[i][j] = *w;
        if !directed {
            m[j][i] = *w;
        }
    }
    Some(SectorNetwork {
        ids: ids.keys().cloned().collect(),
        types: ids.into_values().collect(),
        strength: m,
        directed,
    })
}
