//! A PLS path model: constructs, each a composite of items, and the
//! directed paths between them (a recursive model: no cycles).

use thiserror::Error;

/// How a construct's outer weights are estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Mode A (correlation weights): each weight the covariance of its
    /// item with the inner proxy; reflective measurement.
    A,
    /// Mode B (regression weights): the multiple regression of the inner
    /// proxy on the block's items; formative measurement.
    B,
    /// Equal weights (a sum score), never updated.
    Unit,
}

/// A construct: its name, its items (column indices into the data), its
/// mode, and whether it is a common factor (reflective measurement, which
/// consistent PLS corrects) or a composite.
#[derive(Debug, Clone, PartialEq)]
pub struct Construct {
    /// Name.
    pub name: String,
    /// Item columns.
    pub items: Vec<usize>,
    /// Mode.
    pub mode: Mode,
    /// A common factor (estimated with Mode A; corrected under PLSc).
    pub factor: bool,
}

/// A path model, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    constructs: Vec<Construct>,
    /// (from, to) construct indices.
    paths: Vec<(usize, usize)>,
    n_items: usize,
    /// Constructs in an order where each comes after its predecessors.
    order: Vec<usize>,
}

/// Why a model cannot be estimated.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ModelError {
    /// A construct without items.
    #[error("construct `{0}` has no items")]
    NoItems(String),
    /// Two constructs share a name.
    #[error("two constructs are named `{0}`")]
    DuplicateName(String),
    /// An item index outside the data.
    #[error("construct `{0}`: item {1} is not a column of the data ({2} columns)")]
    NoSuchItem(String, usize, usize),
    /// An item listed twice in one construct.
    #[error("construct `{0}` lists an item twice")]
    RepeatedItem(String),
    /// A path from a construct to itself, to an unknown construct, or
    /// given twice.
    #[error("path {0}: {1}")]
    BadPath(String, &'static str),
    /// The paths form a cycle (PLS estimates recursive models only).
    #[error("the paths form a cycle through `{0}`")]
    Cycle(String),
    /// A construct in no path (with more than one construct).
    #[error("construct `{0}` is in no path")]
    Isolated(String),
}

impl Model {
    /// Checks and builds a model over data with `n_items` columns.
    pub fn new(
        constructs: Vec<Construct>,
        paths: Vec<(usize, usize)>,
        n_items: usize,
    ) -> Result<Self, ModelError> {
        for (k, c) in constructs.iter().enumerate() {
            if c.items.is_empty() {
                return Err(ModelError::NoItems(c.name.clone()));
            }
            if constructs[..k].iter().any(|o| o.name == c.name) {
                return Err(ModelError::DuplicateName(c.name.clone()));
            }
            if let Some(&i) = c.items.iter().find(|&&i| i >= n_items) {
                return Err(ModelError::NoSuchItem(c.name.clone(), i, n_items));
            }
            let mut seen = c.items.clone();
            seen.sort_unstable();
            seen.dedup();
            if seen.len() != c.items.len() {
                return Err(ModelError::RepeatedItem(c.name.clone()));
            }
        }
        let m = constructs.len();
        let name = |k: usize| constructs.get(k).map_or("?", |c| c.name.as_str());
        for (k, &(a, b)) in paths.iter().enumerate() {
            let what = format!("{} → {}", name(a), name(b));
            if a >= m || b >= m {
                return Err(ModelError::BadPath(what, "no such construct"));
            }
            if a == b {
                return Err(ModelError::BadPath(
                    what,
                    "a construct cannot explain itself",
                ));
            }
            if paths[..k].contains(&(a, b)) {
                return Err(ModelError::BadPath(what, "given twice"));
            }
        }
        if m > 1
            && let Some(c) = (0..m).find(|&k| !paths.iter().any(|&(a, b)| a == k || b == k))
        {
            return Err(ModelError::Isolated(constructs[c].name.clone()));
        }
        // Topological order (Kahn), smallest index first among the ready.
        let mut indegree = vec![0usize; m];
        for &(_, b) in &paths {
            indegree[b] += 1;
        }
        let mut order = Vec::with_capacity(m);
        let mut ready: Vec<usize> = (0..m).filter(|&k| indegree[k] == 0).collect();
        while let Some(k) = ready.first().copied() {
            ready.remove(0);
            order.push(k);
            for &(a, b) in &paths {
                if a == k {
                    indegree[b] -= 1;
                    if indegree[b] == 0 {
                        ready.push(b);
                        ready.sort_unstable();
                    }
                }
            }
        }
        if order.len() < m {
            let stuck = (0..m)
                .find(|k| !order.contains(k))
                .expect("a construct is left");
            return Err(ModelError::Cycle(constructs[stuck].name.clone()));
        }
        Ok(Self {
            constructs,
            paths,
            n_items,
            order,
        })
    }

    /// The constructs.
    pub fn constructs(&self) -> &[Construct] {
        &self.constructs
    }

    /// The paths (from, to).
    pub fn paths(&self) -> &[(usize, usize)] {
        &self.paths
    }

    /// Columns of the data.
    pub fn n_items(&self) -> usize {
        self.n_items
    }

    /// Constructs after their predecessors.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The constructs with a path into `j`, ascending.
    pub fn predecessors(&self, j: usize) -> Vec<usize> {
        let mut p: Vec<usize> = self
            .paths
            .iter()
            .filter(|&&(_, b)| b == j)
            .map(|&(a, _)| a)
            .collect();
        p.sort_unstable();
        p
    }

    /// The constructs `j` has a path into, ascending.
    pub fn successors(&self, j: usize) -> Vec<usize> {
        let mut s: Vec<usize> = self
            .paths
            .iter()
            .filter(|&&(a, _)| a == j)
            .map(|&(_, b)| b)
            .collect();
        s.sort_unstable();
        s
    }

    /// Constructs with at least one predecessor, in `order`.
    pub fn endogenous(&self) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|&j| self.paths.iter().any(|&(_, b)| b == j))
            .collect()
    }

    /// The index of the construct named `name`.
    pub fn construct(&self, name: &str) -> Option<usize> {
        self.constructs.iter().position(|c| c.name == name)
    }
}
