//! `clusterdx schema`: print the study file's JSON Schema.
//!
//! Point your editor at it (e.g. with Taplo / Even Better TOML:
//! `#:schema ./study.schema.json` on the first line of `study.toml`).

use anyhow::Result;

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `schema`.
pub fn exec(_args: Args) -> Result<u8> {
    println!(
        "{}",
        serde_json::to_string_pretty(&clusterdx_study::json_schema())?
    );
    Ok(0)
}
