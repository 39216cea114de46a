//! Datasets: named tables of equal-length columns, optionally linked to a parent.

use std::collections::HashMap;

use serde::Serialize;

use crate::Column;

/// How a child dataset (a repeat group, a roster) points to its parent:
/// rows whose `child_column` equals the parent's `parent_column`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Name of the parent dataset.
    pub parent: String,
    /// Column of the child holding the parent's key.
    pub child_column: String,
    /// Key column of the parent.
    pub parent_column: String,
}

/// Why a dataset could not be assembled.
#[derive(Debug, Clone, PartialEq)]
pub enum DatasetError {
    /// Two columns share a name.
    DuplicateColumn { name: String },
    /// A column's length differs from the first column's.
    RaggedColumn {
        name: String,
        len: usize,
        expected: usize,
    },
}

impl std::fmt::Display for DatasetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatasetError::DuplicateColumn { name } => {
                write!(f, "column `{name}` appears more than once")
            }
            DatasetError::RaggedColumn {
                name,
                len,
                expected,
            } => write!(f, "column `{name}` has {len} rows, expected {expected}"),
        }
    }
}

impl std::error::Error for DatasetError {}

/// A table of columns of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Dataset name (the study file's key, or a repeat group's name).
    pub name: String,
    /// File label, if the source has one.
    pub label: Option<String>,
    columns: Vec<Column>,
    index: HashMap<String, usize>,
    n_rows: usize,
    /// Link to the parent dataset, for repeat groups and rosters.
    pub parent: Option<Link>,
}

impl Dataset {
    /// Assembles a dataset.
    ///
    /// # Errors
    /// [`DatasetError::DuplicateColumn`] when two columns share a name;
    /// [`DatasetError::RaggedColumn`] when lengths differ.
    pub fn new(name: impl Into<String>, columns: Vec<Column>) -> Result<Self, DatasetError> {
        let n_rows = columns.first().map_or(0, Column::len);
        let mut index = HashMap::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            if c.len() != n_rows || c.validity.len() != n_rows {
                return Err(DatasetError::RaggedColumn {
                    name: c.name.clone(),
                    len: c.len().min(c.validity.len()),
                    expected: n_rows,
                });
            }
            if index.insert(c.name.clone(), i).is_some() {
                return Err(DatasetError::DuplicateColumn {
                    name: c.name.clone(),
                });
            }
        }
        Ok(Self {
            name: name.into(),
            label: None,
            columns,
            index,
            n_rows,
            parent: None,
        })
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// The columns in file order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Mutable access to the columns (names must stay unique; use
    /// [`Dataset::rename_column`] to rename).
    pub fn columns_mut(&mut self) -> impl Iterator<Item = &mut Column> {
        self.columns.iter_mut()
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.index.get(name).map(|&i| &self.columns[i])
    }

    /// Mutable access to the column named `name`.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.index.get(name).map(|&i| &mut self.columns[i])
    }

    /// Column names in file order.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// Removes and returns a column.
    pub fn remove_column(&mut self, name: &str) -> Option<Column> {
        let i = self.index.remove(name)?;
        let c = self.columns.remove(i);
        self.reindex();
        Some(c)
    }

    /// Appends a column.
    ///
    /// # Errors
    /// As [`Dataset::new`].
    pub fn push_column(&mut self, column: Column) -> Result<(), DatasetError> {
        if self.index.contains_key(&column.name) {
            return Err(DatasetError::DuplicateColumn { name: column.name });
        }
        if !self.columns.is_empty() && column.len() != self.n_rows {
            return Err(DatasetError::RaggedColumn {
                len: column.len(),
                name: column.name,
                expected: self.n_rows,
            });
        }
        self.n_rows = column.len();
        self.index.insert(column.name.clone(), self.columns.len());
        self.columns.push(column);
        Ok(())
    }

    /// Keeps the rows for which `keep` is true.
    pub fn filter(&self, keep: &[bool]) -> Self {
        let columns: Vec<Column> = self.columns.iter().map(|c| c.filter(keep)).collect();
        let n_rows = keep.iter().filter(|k| **k).count();
        Self {
            name: self.name.clone(),
            label: self.label.clone(),
            columns,
            index: self.index.clone(),
            n_rows,
            parent: self.parent.clone(),
        }
    }

    /// Approximate heap bytes held by the data.
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum()
    }

    fn reindex(&mut self) {
        self.index = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), i))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_ragged_and_duplicates() {
        let a = Column::float("a", [Some(1.0), None]);
        let b = Column::int("b", [Some(1)]);
        assert!(matches!(
            Dataset::new("d", vec![a.clone(), b]),
            Err(DatasetError::RaggedColumn { .. })
        ));
        assert!(matches!(
            Dataset::new("d", vec![a.clone(), a.clone()]),
            Err(DatasetError::DuplicateColumn { .. })
        ));
        let mut d = Dataset::new("d", vec![a]).unwrap();
        assert_eq!(d.n_rows(), 2);
        d.push_column(Column::text("t", [Some("x"), None])).unwrap();
        assert_eq!(d.column_names().collect::<Vec<_>>(), ["a", "t"]);
        d.remove_column("a");
        assert!(d.column("t").is_some());
        assert!(d.column("a").is_none());
    }
}
