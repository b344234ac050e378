//! `linkscope import DIR [-o MODEL] [--force]`: build a model from a folder of AWS CLI captures.
//!
//! The model goes to stdout, or to `-o FILE` (never over an existing file without `--force`).
//! The import report (what was skipped, what was inferred) and whether the model loads go to
//! stderr. Exit 0 when a model was produced, 2 when the folder could not be imported.

use std::io::Write;

use super::output::color_stderr;
use super::{Exit, args::ImportArgs};
use crate::text::escape;

pub fn run(a: &ImportArgs) -> Exit {
    if let Some(out) = &a.output
        && !a.force
        && std::fs::symlink_metadata(out).is_ok()
    {
        eprintln!(
            "error: `{}` already exists; linkscope does not overwrite it without --force",
            escape(&out.display().to_string())
        );
        return Exit::BadInput;
    }
    let imported = match crate::import::import_dir(&a.dir) {
        Ok(i) => i,
        Err(diags) => {
            for d in &diags {
                let text = d
                    .file
                    .as_ref()
                    .and_then(|f| std::fs::read_to_string(f).ok());
                eprintln!("{}", d.render(text.as_deref(), color_stderr()));
            }
            eprintln!(
                "import failed: {} error{}",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
            return Exit::BadInput;
        }
    };
    for line in &imported.report {
        eprintln!("{}", escape(line));
    }
    let name = match &a.output {
        Some(p) => p.display().to_string(),
        None => "<imported>".to_string(),
    };
    match crate::model::load_str(&imported.yaml, &name, None) {
        Ok(m) => eprintln!(
            "the model loads: {}; {} warning{} (run `linkscope validate` to see them)",
            super::validate::counts(&m),
            m.warnings.len(),
            if m.warnings.len() == 1 { "" } else { "s" }
        ),
        Err(e) => {
            eprintln!(
                "warning: the imported model does not load; this is a bug in the importer, please report it:"
            );
            eprintln!("{}", e.render(color_stderr()));
        }
    }
    match &a.output {
        Some(path) => {
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true);
            if a.force {
                opts.create(true).truncate(true);
            } else {
                opts.create_new(true);
            }
            let written = opts
                .open(path)
                .and_then(|mut f| f.write_all(imported.yaml.as_bytes()));
            if let Err(e) = written {
                eprintln!(
                    "error: cannot write `{}`: {e}",
                    escape(&path.display().to_string())
                );
                return Exit::BadInput;
            }
            eprintln!("wrote {}", escape(&path.display().to_string()));
        }
        None => {
            let mut out = std::io::stdout().lock();
            if out.write_all(imported.yaml.as_bytes()).is_err() {
                return Exit::Failed;
            }
        }
    }
    Exit::Ok
}
