//! `clusterdx instrument STUDY.toml --out DIR`: one XLSForm per survey the
//! study's analyses read (firm, worker, household, stakeholder / key
//! informant), with the questions its frameworks, models and indicators
//! need, each carrying a stable name and its role in the study file; and
//! `DIR/clusterdx-study.toml`, the study's side that `clusterdx init
//! --from-forms DIR` merges back. Regenerating into a folder keeps the
//! questions and translations a user added to the forms.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clusterdx_instrument::{Consumption, manifest, merge, registry, xlsform};
use clusterdx_render::write_atomic;
use clusterdx_study::Study;

/// How the household survey asks consumption.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ConsumptionArg {
    /// One question: the household's monthly consumption.
    Short,
    /// Monthly totals of eight consumption modules, summed.
    Modules,
}

/// Arguments of `instrument`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The study file.
    study: PathBuf,
    /// Folder to write the forms into (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// How the household survey asks consumption.
    #[arg(long, value_enum, default_value = "short")]
    consumption: ConsumptionArg,
    /// Print nothing on success.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs `instrument`.
pub fn exec(args: Args) -> Result<u8> {
    let study = match Study::load(&args.study) {
        Ok(s) => s,
        Err(e) => {
            eprint!("{}", clusterdx_render::diagnostics_text(&e.diagnostics));
            return Ok(crate::EXIT_USAGE);
        }
    };
    let consumption = match args.consumption {
        ConsumptionArg::Short => Consumption::Short,
        ConsumptionArg::Modules => Consumption::Modules,
    };
    let needs = match clusterdx_instrument::needs(&study, consumption) {
        Ok(n) => n,
        Err(why) => {
            eprintln!("error[instrument]: {}: {why}", args.study.display());
            return Ok(crate::EXIT_ERRORS);
        }
    };
    let forms = registry::forms(&needs);
    if forms.is_empty() {
        bail!(
            "{}: the study's analyses read no survey (no cluster, hrd, poverty, mpi or pls analysis and no firm, worker, household or stakeholder dataset)",
            args.study.display()
        );
    }
    // Read every existing form before writing any, so that a form that
    // cannot be read leaves the folder as it was.
    let mut merged = Vec::new();
    for mut form in forms {
        let path = args.out.join(format!("{}.xlsx", form.id));
        let kept = if path.exists() {
            let old = xlsform::read(&path).with_context(|| {
                format!(
                    "reading the existing form {} to keep its added questions",
                    path.display()
                )
            })?;
            merge::keep_user_work(&mut form, &old)
        } else {
            merge::Kept::default()
        };
        merged.push((path, form, kept));
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for (path, form, kept) in &merged {
        let bytes =
            xlsform::to_xlsx(form).with_context(|| format!("writing {}", path.display()))?;
        write_atomic(path, &bytes)?;
        if !args.quiet {
            let questions = form.rows.iter().filter(|r| r.is_field()).count();
            let repeats = form.repeats().count();
            eprintln!(
                "wrote {} ({}: {questions} questions{}, version {}){}",
                path.display(),
                form.title,
                if repeats > 0 {
                    format!(", {repeats} repeat{}", if repeats == 1 { "" } else { "s" })
                } else {
                    String::new()
                },
                form.version,
                if kept.questions.is_empty() {
                    String::new()
                } else {
                    format!("; kept your questions {}", kept.questions.join(", "))
                }
            );
        }
        if !kept.clashes.is_empty() {
            eprintln!(
                "warning: {}: your rows {} were left out: the form now has questions of the same names (rename yours and add them again)",
                path.display(),
                kept.clashes.join(", ")
            );
        }
    }
    // Templates of the sample frames the forms preload from, to fill and
    // attach as media files (a filled frame is never overwritten).
    let media = args.out.join("media");
    for (_, form, _) in &merged {
        for (frame, key, columns) in form.frames() {
            let path = media.join(format!("{frame}.csv"));
            if path.exists() {
                continue;
            }
            let mut header = vec![key];
            header.extend(columns);
            write_atomic(&path, format!("{}\n", header.join(",")).as_bytes())?;
            if !args.quiet {
                eprintln!(
                    "wrote {} (the sample frame {} preloads from: fill one row per unit and attach it as a media file)",
                    path.display(),
                    form.id
                );
            }
        }
    }
    if !args.quiet {
        for n in &needs.notes {
            eprintln!("note: {n}");
        }
        // Forms of this folder the study no longer asks for.
        let written: Vec<&PathBuf> = merged.iter().map(|(p, _, _)| p).collect();
        if let Ok(entries) = std::fs::read_dir(&args.out) {
            let mut stale: Vec<String> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "xlsx") && !written.contains(&p))
                .map(|p| p.display().to_string())
                .collect();
            stale.sort();
            for p in stale {
                eprintln!(
                    "note: {p} is not a form this study needs; left as it is (init reads every form in the folder)"
                );
            }
        }
    }
    let text = manifest::from_study(&study.source, &study.base_dir())
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.study.display()))?;
    let path = args.out.join(manifest::FILE);
    write_atomic(&path, text.as_bytes())?;
    if !args.quiet {
        eprintln!("wrote {} (the study's side of the forms)", path.display());
        eprintln!(
            "next: field the forms; then clusterdx init --from-forms {} --data EXPORTS",
            args.out.display()
        );
    }
    Ok(0)
}
