//! `ninesim validate`: each model checked, a line (or a JSON record) per file, the worst exit
//! code of them all.

use std::path::Path;
use std::process::ExitCode;

use ninesim::ModelError;
use ninesim::model::{Diagnostic, Model};
use ninesim::report::ValidationRecord as Record;
use ninesim::units::fmt::visible;

use crate::cli::{ValidateArgs, ValidateFormatArg};
use crate::failure;
use crate::output::Outputs;

/// Checks every model and says what it found; the exit code is the worst of the files' (2 for
/// an invalid model, 1 for a file that could not be read), as in a batch of `run`.
pub fn command(args: &ValidateArgs) -> failure::Result<ExitCode> {
    crate::stdin_at_most_once(&args.models)?;
    let mut worst = 0u8;
    let mut records = Vec::with_capacity(args.models.len());
    for path in &args.models {
        let loaded = ninesim::load(path);
        worst = worst.max(match &loaded {
            Ok(_) => 0,
            Err(e) if e.is_bad_input() => failure::EXIT_BAD_INPUT,
            Err(_) => 1,
        });
        match args.format {
            ValidateFormatArg::Text => print_text(loaded, args.quiet),
            ValidateFormatArg::Json => records.push(record(path, loaded)),
        }
    }
    if args.format == ValidateFormatArg::Json {
        let mut bytes = serde_json::to_vec_pretty(&records).map_err(anyhow::Error::from)?;
        bytes.push(b'\n');
        crate::emit(&Outputs::new(&args.models), &bytes, None)?;
    }
    Ok(ExitCode::from(worst))
}

fn print_text(loaded: Result<Model, ModelError>, quiet: bool) {
    let warn = |file: &Path, warnings: &[Diagnostic]| {
        for w in warnings.iter().filter(|_| !quiet) {
            eprintln!("warning: {}: {}", file.display(), visible(&w.to_string()));
        }
    };
    match loaded {
        Ok(model) => {
            warn(&model.file, &model.warnings);
            if !quiet {
                let s = &model.system;
                println!(
                    "{}: valid — \"{}\", {} component instance(s), {} block(s), single points of failure: {}",
                    model.file.display(),
                    visible(&s.name),
                    s.components().len(),
                    s.blocks().len(),
                    spof_text(s)
                );
            }
        }
        Err(ModelError::Invalid { file, errors, warnings }) => {
            warn(&file, &warnings);
            eprintln!("{}: {} error(s):", file.display(), errors.len());
            for e in &errors {
                eprintln!("  {}", visible(&e.to_string()));
            }
        }
        Err(e) => eprintln!("error: {}", crate::shown(&format!("{:#}", anyhow::Error::from(e)))),
    }
}

fn record(path: &Path, loaded: Result<Model, ModelError>) -> Record {
    let file = ninesim::model::source_name(path).display().to_string();
    match loaded {
        Ok(model) => {
            let s = &model.system;
            Record {
                file,
                valid: true,
                name: Some(s.name.clone()),
                components: Some(s.components().len()),
                blocks: Some(s.blocks().len()),
                single_points_of_failure: Some(spofs(s).into_iter().map(str::to_string).collect()),
                errors: Vec::new(),
                warnings: model.warnings,
            }
        }
        Err(e) => {
            let (errors, warnings) = match e {
                ModelError::Invalid { errors, warnings, .. } => (errors, warnings),
                other => {
                    // The record names the file: its message need not begin with it again.
                    let text = format!("{:#}", anyhow::Error::from(other));
                    let message = text.strip_prefix(&format!("{file}:")).map_or(text.as_str(), str::trim_start).to_string();
                    (vec![Diagnostic::new("$", message)], Vec::new())
                }
            };
            Record { file, valid: false, name: None, components: None, blocks: None, single_points_of_failure: None, errors, warnings }
        }
    }
}

fn spofs(s: &ninesim::System) -> Vec<&str> {
    s.single_points_of_failure().into_iter().map(|c| s.components()[c].name.as_str()).collect()
}

fn spof_text(s: &ninesim::System) -> String {
    let names = spofs(s);
    if names.is_empty() { "none".into() } else { visible(&names.join(", ")).into_owned() }
}
