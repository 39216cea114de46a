//! Stakeholder linkages for `[analyses.hrd]`: each sector's network of
//! stakeholders — density, a linkage-strength index, centralities,
//! isolates — and the links between actor types the study expects.

use clusterdx_results::{ActorCentrality, Edge, ExpectedLink, Linkages};

use crate::network::sector_network;
use crate::spec::{HrdSpec, UnitKind};
use crate::validate::{LoadedDataset, by_unit};

/// FRAMEWORKS.md §3's example of actors a cluster expects to be linked.
const EXPECTED: [[&str; 2]; 3] = [
    ["training_institute", "association"],
    ["association", "government"],
    ["training_institute", "lead_firm"],
];

/// The linkages of sector `s`, when the study has a linkage dataset.
pub(super) fn linkages(loaded: &[LoadedDataset], spec: &HrdSpec, s: &str) -> Option<Linkages> {
    let links = by_unit(loaded, UnitKind::Linkage.name())?;
    let actors = by_unit(loaded, UnitKind::Stakeholder.name());
    let net = sector_network(links, actors, s, spec.directed_links)?;
    let n = net.ids.len();
    if n == 0 {
        return None;
    }
    let graph = net.network()?;
    // The scale's top: the strongest tie anywhere in the linkage data.
    let top = links
        .columns
        .concepts
        .get("strength")
        .and_then(|c| links.dataset.column(c))
        .map_or(1.0, |c| {
            (0..c.len())
                .filter_map(|i| c.f64_at(i))
                .fold(0.0f64, f64::max)
        })
        .max(f64::MIN_POSITIVE);
    let strengths: Vec<f64> = net
        .strength
        .iter()
        .enumerate()
        .flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .filter(move |(j, _)| net.directed || *j > i)
                .map(|(_, w)| *w)
        })
        .filter(|w| *w > 0.0)
        .collect();
    let pairs = if net.directed {
        n * n.saturating_sub(1)
    } else {
        n * n.saturating_sub(1) / 2
    };
    let degree = graph.degree();
    let degree_c = graph.degree_centrality();
    let between = graph.betweenness(true);
    let close = graph.closeness();
    let eigen = graph.eigenvector_centrality();
    let expected = spec.expected_links.clone().unwrap_or_else(|| {
        EXPECTED
            .iter()
            .map(|[a, b]| [a.to_string(), b.to_string()])
            .collect()
    });
    let of_type = |t: &str| -> Vec<usize> {
        (0..n)
            .filter(|&i| net.types[i].as_deref() == Some(t))
            .collect()
    };
    Some(Linkages {
        actors: n as u64,
        ties: strengths.len() as u64,
        directed: net.directed,
        density: if n > 1 { graph.density() } else { 0.0 },
        mean_strength: (!strengths.is_empty())
            .then(|| strengths.iter().sum::<f64>() / strengths.len() as f64),
        strength_index: if pairs == 0 {
            0.0
        } else {
            strengths.iter().sum::<f64>() / (top * pairs as f64)
        },
        isolates: graph
            .isolates()
            .into_iter()
            .map(|i| net.ids[i].clone())
            .collect(),
        centrality: (0..n)
            .map(|i| ActorCentrality {
                actor: net.ids[i].clone(),
                actor_type: net.types[i].clone(),
                degree: degree[i] as u64,
                degree_centrality: degree_c[i],
                betweenness: between[i],
                closeness: close[i],
                eigenvector: eigen
                    .as_ref()
                    .map(|e| e[i])
                    .filter(|_| !strengths.is_empty()),
            })
            .collect(),
        edges: (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .filter(|&(i, j)| (net.directed || j > i) && net.strength[i][j] > 0.0)
            .map(|(i, j)| Edge {
                from: net.ids[i].clone(),
                to: net.ids[j].clone(),
                strength: net.strength[i][j],
            })
            .collect(),
        expected_links: expected
            .into_iter()
            .map(|[a, b]| {
                let (xa, xb) = (of_type(&a), of_type(&b));
                let ties = xa
                    .iter()
                    .flat_map(|&i| xb.iter().map(move |&j| (i, j)))
                    .filter(|&(i, j)| {
                        i != j && (net.strength[i][j] > 0.0 || net.strength[j][i] > 0.0)
                    })
                    .count();
                ExpectedLink {
                    actors: [xa.len() as u64, xb.len() as u64],
                    between: [a, b],
                    ties: ties as u64,
                }
            })
            .collect(),
    })
}
