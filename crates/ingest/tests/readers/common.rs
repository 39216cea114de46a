//! Helpers shared by the reader tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/reference/<rel>` from the workspace root.
pub fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference")
        .join(rel)
}

/// `tests/bad/<rel>` at the workspace root (the bad-input corpus).
pub fn bad(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/bad")
        .join(rel)
}
