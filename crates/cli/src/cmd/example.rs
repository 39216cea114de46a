//! `clusterdx example sindh DIR [--seed N]`: write the bundled synthetic
//! Sindh example study — `study.toml`, `README.md` (codebook) and `data/` —
//! into DIR, generated from its seed. With the default seed the files equal
//! the repository's `examples/sindh/` (a test checks it value by value).
//!
//! Refuses to overwrite an existing study unless `--force`.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clusterdx_render::write_atomic;

/// The example study file, as committed.
const STUDY_TOML: &str = include_str!("../../../../examples/sindh/study.toml");
/// The example's README with the codebook of the default seed.
const README: &str = include_str!("../../../../examples/sindh/README.md");

/// Which bundled example.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Name {
    /// Six trade sectors of Sindh, Pakistan (synthetic).
    Sindh,
}

/// Arguments of `example`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which example.
    #[arg(value_enum)]
    name: Name,
    /// Folder to write into (created if needed).
    dir: PathBuf,
    /// Generator seed (default: the seed of the bundled files).
    #[arg(long, default_value_t = clusterdx_example::DEFAULT_SEED)]
    seed: u64,
    /// Overwrite an existing study in DIR.
    #[arg(long)]
    force: bool,
}

/// Runs `example`.
pub fn exec(args: Args) -> Result<u8> {
    let Name::Sindh = args.name;
    let study = args.dir.join("study.toml");
    if study.exists() && !args.force {
        bail!(
            "{} exists; choose another folder or pass --force to overwrite",
            study.display()
        );
    }
    let data = args.dir.join("data");
    std::fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
    let written = clusterdx_example::write(&data, args.seed)
        .with_context(|| format!("writing the example data into {}", data.display()))?;
    let readme = if args.seed == clusterdx_example::DEFAULT_SEED {
        README.to_string()
    } else {
        with_codebook(
            README,
            &clusterdx_example::codebook(&clusterdx_example::generate(args.seed)),
        )
        .replace(
            &format!("seed `{}`", clusterdx_example::DEFAULT_SEED),
            &format!("seed `{}`", args.seed),
        )
    };
    write_atomic(&args.dir.join("README.md"), readme.as_bytes())?;
    write_atomic(&study, STUDY_TOML.as_bytes())?;
    eprintln!(
        "wrote the SYNTHETIC Sindh example (seed {}) to {}: study.toml, README.md and {} data files",
        args.seed,
        args.dir.display(),
        written.len()
    );
    eprintln!("next: clusterdx run {}", study.display());
    Ok(0)
}

/// Replaces the generated codebook section of the README.
fn with_codebook(readme: &str, codebook: &str) -> String {
    const START: &str = "<!-- codebook:start";
    const END: &str = "<!-- codebook:end -->";
    match (readme.find(START), readme.find(END)) {
        (Some(s), Some(e)) if s < e => {
            let after_marker = s + readme[s..].find('\n').map_or(0, |i| i + 1);
            format!("{}\n{codebook}\n{}", &readme[..after_marker], &readme[e..])
        }
        _ => readme.to_string(),
    }
}
