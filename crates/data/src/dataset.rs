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
    /// No column has this name.
    NoSuchColumn { name: String },
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
            DatasetError::NoSuchColumn { name } => write!(f, "no column `{name}`"),
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

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.position(name).map(|i| &self.columns[i])
    }

    /// Mutable access to the column named `name`, to change its values,
    /// validity, labels or format.
    ///
    /// Do not change [`Column::name`] through it: rename with
    /// [`Dataset::rename_column`], which keeps the name index right. (A name
    /// changed here is caught: the column is no longer found under its old
    /// name, but it is not found under the new one either, and in debug
    /// builds a lookup panics.)
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.position(name).map(|i| &mut self.columns[i])
    }

    /// Renames column `old` to `new`, keeping its position.
    ///
    /// # Errors
    /// [`DatasetError::NoSuchColumn`] when there is no column `old`;
    /// [`DatasetError::DuplicateColumn`] when another column is already
    /// named `new`.
    pub fn rename_column(&mut self, old: &str, new: &str) -> Result<(), DatasetError> {
        let i = self
            .position(old)
            .ok_or_else(|| DatasetError::NoSuchColumn { name: old.into() })?;
        if old == new {
            return Ok(());
        }
        if self.position(new).is_some() {
            return Err(DatasetError::DuplicateColumn { name: new.into() });
        }
        self.index.remove(old);
        self.index.insert(new.to_string(), i);
        self.columns[i].name = new.to_string();
        Ok(())
    }

    /// The index of the column named `name`. An index entry is used only if
    /// the column it points to still bears that name, so a name changed
    /// behind the index's back never yields the wrong column.
    fn position(&self, name: &str) -> Option<usize> {
        let i = *self.index.get(name)?;
        let found = self.columns[i].name == name;
        debug_assert!(
            found,
            "column `{name}` was renamed through `column_mut`; use `Dataset::rename_column`"
        );
        found.then_some(i)
    }

    /// Column names in file order.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// Removes and returns a column.
    pub fn remove_column(&mut self, name: &str) -> Option<Column> {
        let i = self.position(name)?;
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

    #[test]
    fn rename_keeps_the_index_right() {
        let mut d = Dataset::new(
            "d",
            vec![
                Column::int("a", [Some(1), Some(2)]),
                Column::int("b", [Some(3), None]),
                Column::int("c", [None, Some(4)]),
            ],
        )
        .unwrap();
        d.rename_column("b", "beta").unwrap();
        assert_eq!(d.column_names().collect::<Vec<_>>(), ["a", "beta", "c"]);
        assert!(d.column("b").is_none());
        assert_eq!(d.column("beta").unwrap().name, "beta");
        assert_eq!(d.column_mut("beta").unwrap().len(), 2);
        assert_eq!(
            d.rename_column("a", "c"),
            Err(DatasetError::DuplicateColumn { name: "c".into() })
        );
        assert_eq!(
            d.rename_column("b", "x"),
            Err(DatasetError::NoSuchColumn { name: "b".into() })
        );
        d.rename_column("a", "a").unwrap();
        // The index still serves every other operation.
        assert_eq!(d.remove_column("beta").unwrap().name, "beta");
        assert_eq!(d.column("c").unwrap().name, "c");
        assert!(matches!(
            d.push_column(Column::int("c", [None, None])),
            Err(DatasetError::DuplicateColumn { .. })
        ));
        d.push_column(Column::int("b", [None, None])).unwrap();
        assert_eq!(d.column_names().collect::<Vec<_>>(), ["a", "c", "b"]);
        assert_eq!(d.column("b").unwrap().name, "b");
    }
}
