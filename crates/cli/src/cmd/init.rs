//! `clusterdx init --from-forms DIR`: writes the study file for the
//! exports of the forms in DIR (as `clusterdx instrument` wrote them, with
//! the questions a user added): a dataset per form and per repeat, every
//! column mapped by the forms' stable names, in the names of the export's
//! shape (Kobo XLSX or CSV, ODK Central CSV) found in `--data`; merged with
//! the study's side (`DIR/clusterdx-study.toml`) when it is there.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clusterdx_instrument::export::Shape;
use clusterdx_instrument::init::{Source, detect, study_toml};
use clusterdx_instrument::{manifest, registry, xlsform};
use clusterdx_render::write_atomic;

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of forms (`clusterdx instrument --out`).
    #[arg(long = "from-forms", value_name = "DIR")]
    forms: PathBuf,
    /// The folder of the exports (FORM_ID.xlsx, FORM_ID.csv and ODK's
    /// FORM_ID-REPEAT.csv); default `data` beside the study file.
    #[arg(long)]
    data: Option<PathBuf>,
    /// The study file to write.
    #[arg(long, default_value = "study.toml")]
    out: PathBuf,
    /// Overwrite an existing study file.
    #[arg(long)]
    force: bool,
    /// Print nothing on success.
    #[arg(short, long)]
    quiet: bool,
}

/// `path` as the study file at `study` should write it: relative to the
/// study's folder when inside it, else absolute.
fn relative_to(path: &Path, study: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path, dir) = (abs(path), abs(study.parent().unwrap_or(Path::new("."))));
    path.strip_prefix(&dir)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

/// Runs `init`.
pub fn exec(args: Args) -> Result<u8> {
    if args.out.exists() && !args.force {
        bail!(
            "{} exists; choose another --out or pass --force to overwrite",
            args.out.display()
        );
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.forms)
        .with_context(|| format!("reading the forms folder {}", args.forms.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"))
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(['.', '~']))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{}: no XLSForm (.xlsx) in the folder", args.forms.display());
    }
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| args.out.parent().unwrap_or(Path::new(".")).join("data"));
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    for f in &files {
        let mut form = match xlsform::read(f) {
            Ok(form) => form,
            // A workbook that is not a form (no survey sheet): not ours.
            Err(xlsform::FormError::MissingSheet { .. }) => {
                notes.push(format!(
                    "{}: not an XLSForm (no survey sheet); left out",
                    f.display()
                ));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let restored = registry::restore_roles(&mut form);
        if restored > 0 {
            notes.push(format!(
                "{}: its clusterdx column is missing (a form builder may drop it); the roles of {restored} questions were restored by their names",
                f.display()
            ));
        }
        let (shape, path) = match detect(&data, &form.id) {
            Some(found) => found,
            None => {
                notes.push(format!(
                    "{}: no export yet in {} (expected {}.xlsx or {}.csv); the study file names {}.xlsx",
                    form.id,
                    data.display(),
                    form.id,
                    form.id,
                    form.id
                ));
                (Shape::KoboXlsx, data.join(format!("{}.xlsx", form.id)))
            }
        };
        let path = relative_to(&path, &args.out);
        sources.push(Source { form, shape, path });
    }
    if sources.is_empty() {
        bail!(
            "{}: no XLSForm in the folder (no workbook has a survey sheet)",
            args.forms.display()
        );
    }
    let manifest_path = args.forms.join(manifest::FILE);
    let manifest_text = match std::fs::read_to_string(&manifest_path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", manifest_path.display())),
    };
    let header = format!(
        "# Written by `clusterdx init --from-forms {}`: the forms' questions\n\
         # mapped by their stable names to the exports in {}.\n\n",
        args.forms.display(),
        data.display()
    );
    let (text, more) = study_toml(&sources, manifest_text.as_deref(), &header)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.forms.display()))?;
    notes.extend(more);
    write_atomic(&args.out, text.as_bytes())?;
    if !args.quiet {
        for s in &sources {
            let shape = match s.shape {
                Shape::KoboXlsx => "Kobo XLSX",
                Shape::KoboCsv => "Kobo CSV",
                Shape::OdkCentral => "ODK Central CSV",
            };
            eprintln!("{}: {} ({shape})", s.form.id, s.path);
        }
        for n in &notes {
            eprintln!("note: {n}");
        }
        eprintln!("wrote {}", args.out.display());
        eprintln!("next: clusterdx validate {}", args.out.display());
    }
    Ok(0)
}
