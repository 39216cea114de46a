//! Measures of a stakeholder linkage network (FRAMEWORKS.md §3), with the
//! conventions of networkx 3 (whose values `shared/reference/cluster` holds):
//! density, degree, degree centrality, betweenness, closeness and
//! eigenvector centrality. Links are unweighted (any positive entry is a
//! link); undirected networks take the upper triangle's links both ways.

use std::collections::VecDeque;

use nalgebra::{DMatrix, SymmetricEigen};

/// Why a network cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// The adjacency matrix is not square.
    #[error("the adjacency matrix has {rows} rows of which row {row} has {found} entries")]
    NotSquare {
        rows: usize,
        row: usize,
        found: usize,
    },
    /// An undirected network with A_ij ≠ A_ji.
    #[error("undirected network: link {from} → {to} is not matched by {to} → {from}")]
    Asymmetric { from: usize, to: usize },
}

/// A network of n actors.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Neighbours (out-neighbours when directed) of each actor.
    adjacent: Vec<Vec<usize>>,
    directed: bool,
}

impl Network {
    /// A network from an adjacency matrix (entry > 0: a link from row to
    /// column; the diagonal is ignored).
    ///
    /// # Errors
    /// [`NetworkError`] for a matrix that is not square, or an undirected
    /// one that is not symmetric.
    pub fn new(adjacency: &[Vec<f64>], directed: bool) -> Result<Self, NetworkError> {
        let n = adjacency.len();
        if let Some((row, r)) = adjacency.iter().enumerate().find(|(_, r)| r.len() != n) {
            return Err(NetworkError::NotSquare {
                rows: n,
                row,
                found: r.len(),
            });
        }
        let mut adjacent = vec![Vec::new(); n];
        for (i, (row, adj)) in adjacency.iter().zip(adjacent.iter_mut()).enumerate() {
            for (j, &x) in row.iter().enumerate() {
                let link = i != j && x > 0.0;
                if !directed && i != j && link != (adjacency[j][i] > 0.0) {
                    return Err(NetworkError::Asymmetric { from: i, to: j });
                }
                if link {
                    adj.push(j);
                }
            }
        }
        Ok(Self { adjacent, directed })
    }

    /// Number of actors.
    pub fn len(&self) -> usize {
        self.adjacent.len()
    }

    /// True without actors.
    pub fn is_empty(&self) -> bool {
        self.adjacent.is_empty()
    }

    /// Number of links (each undirected link once).
    pub fn n_links(&self) -> usize {
        let arcs: usize = self.adjacent.iter().map(Vec::len).sum();
        if self.directed { arcs } else { arcs / 2 }
    }

    /// Density: links over possible links, 2E/(n(n − 1)) undirected,
    /// E/(n(n − 1)) directed.
    pub fn density(&self) -> f64 {
        let n = self.len() as f64;
        let possible = n * (n - 1.0);
        let arcs: usize = self.adjacent.iter().map(Vec::len).sum();
        if possible > 0.0 {
            arcs as f64 / possible
        } else {
            0.0
        }
    }

    /// Degree (out-degree when directed) of each actor.
    pub fn degree(&self) -> Vec<usize> {
        self.adjacent.iter().map(Vec::len).collect()
    }

    /// Degree centrality: degree / (n − 1).
    pub fn degree_centrality(&self) -> Vec<f64> {
        let n = self.len() as f64;
        self.degree()
            .iter()
            .map(|d| if n > 1.0 { *d as f64 / (n - 1.0) } else { 0.0 })
            .collect()
    }

    /// Actors with no link.
    pub fn isolates(&self) -> Vec<usize> {
        let mut linked = vec![false; self.len()];
        for (i, adj) in self.adjacent.iter().enumerate() {
            if !adj.is_empty() {
                linked[i] = true;
            }
            for &j in adj {
                linked[j] = true;
            }
        }
        (0..self.len()).filter(|&i| !linked[i]).collect()
    }

    /// Shortest-path distances from `s` (breadth first; `None`:
    /// unreachable).
    fn distances(&self, s: usize) -> Vec<Option<usize>> {
        let mut dist = vec![None; self.len()];
        dist[s] = Some(0);
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            let dv = dist[v].unwrap_or(0);
            for &w in &self.adjacent[v] {
                if dist[w].is_none() {
                    dist[w] = Some(dv + 1);
                    queue.push_back(w);
                }
            }
        }
        dist
    }

    /// Betweenness centrality by Brandes' algorithm (Brandes 2001): the
    /// number of shortest paths between other actors through each actor,
    /// each undirected pair counted once. `normalised` divides by the
    /// number of pairs of other actors, (n − 1)(n − 2)/2 undirected,
    /// (n − 1)(n − 2) directed (networkx's `normalized=True`).
    pub fn betweenness(&self, normalised: bool) -> Vec<f64> {
        let n = self.len();
        let mut cb = vec![0.0; n];
        for s in 0..n {
            let mut stack = Vec::with_capacity(n);
            let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut sigma = vec![0.0; n];
            let mut dist: Vec<i64> = vec![-1; n];
            sigma[s] = 1.0;
            dist[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                for &w in &self.adjacent[v] {
                    if dist[w] < 0 {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w);
                    }
                    if dist[w] == dist[v] + 1 {
                        sigma[w] += sigma[v];
                        preds[w].push(v);
                    }
                }
            }
            let mut delta = vec![0.0; n];
            while let Some(w) = stack.pop() {
                for &v in &preds[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
                if w != s {
                    cb[w] += delta[w];
                }
            }
        }
        let pairs = (n as f64 - 1.0) * (n as f64 - 2.0);
        for x in &mut cb {
            if !self.directed {
                *x /= 2.0;
            }
            if normalised && pairs > 0.0 {
                *x /= if self.directed { pairs } else { pairs / 2.0 };
            }
        }
        cb
    }

    /// Closeness centrality with the correction for disconnected networks
    /// (Wasserman and Faust 1994; networkx's default): with r the actors
    /// reachable from i (itself included) and D the sum of their distances,
    /// (r − 1)/D · (r − 1)/(n − 1); 0 for an isolate. (Directed networks use
    /// distances to i, as networkx.)
    pub fn closeness(&self) -> Vec<f64> {
        let n = self.len();
        let reversed = if self.directed {
            let mut rev = vec![Vec::new(); n];
            for (i, adj) in self.adjacent.iter().enumerate() {
                for &j in adj {
                    rev[j].push(i);
                }
            }
            Some(Network {
                adjacent: rev,
                directed: true,
            })
        } else {
            None
        };
        let net = reversed.as_ref().unwrap_or(self);
        (0..n)
            .map(|i| {
                let d = net.distances(i);
                let reached: Vec<usize> = d.iter().flatten().copied().collect();
                let r = reached.len() as f64;
                let total: usize = reached.iter().sum();
                if total == 0 || n < 2 {
                    0.0
                } else {
                    (r - 1.0) / total as f64 * (r - 1.0) / (n as f64 - 1.0)
                }
            })
            .collect()
    }

    /// Eigenvector centrality of an undirected network: the leading
    /// eigenvector of the adjacency matrix, non-negative, with unit
    /// Euclidean norm (Bonacich 1972; networkx's normalisation). `None` for
    /// directed networks, or an empty one. networkx reaches the same vector
    /// by power iteration stopped at a tolerance of 1e-6 (its values differ
    /// in the 7th decimal); this is the exact eigenvector.
    pub fn eigenvector_centrality(&self) -> Option<Vec<f64>> {
        let n = self.len();
        if self.directed || n == 0 {
            return None;
        }
        let mut a = DMatrix::<f64>::zeros(n, n);
        for (i, adj) in self.adjacent.iter().enumerate() {
            for &j in adj {
                a[(i, j)] = 1.0;
            }
        }
        let eig = SymmetricEigen::new(a);
        let top = (0..n).max_by(|&x, &y| eig.eigenvalues[x].total_cmp(&eig.eigenvalues[y]))?;
        let v: Vec<f64> = eig.eigenvectors.column(top).iter().copied().collect();
        let sign = if v.iter().sum::<f64>() < 0.0 {
            -1.0
        } else {
            1.0
        };
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        Some(v.iter().map(|x| sign * x / norm).collect())
    }
}
