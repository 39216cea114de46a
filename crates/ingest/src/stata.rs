//! Reader placeholder, replaced by the real reader in this same change.

use std::path::Path;

use crate::{ErrorKind, IngestError, Ingested, ReadOptions};

/// Reads a file (not available yet).
///
/// # Errors
/// Always, until the reader lands.
pub fn read(path: &Path, _options: &ReadOptions) -> Result<Ingested, IngestError> {
    Err(IngestError::new(path, ErrorKind::UnknownFormat { extension: "stata".into() }))
}
