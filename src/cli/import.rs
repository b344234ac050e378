//! `linkscope import INPUT [-o MODEL] [--force]`: build a model from a folder of AWS CLI
//! captures, one JSON file (Terraform plan or state, AWS Config, AWS CLI output), or stdin (`-`).
//!
//! The model goes to stdout, or to `-o FILE` (never over an existing file without `--force`).
//! The import report (what was skipped, what was inferred) and whether the model loads go to
//! stderr. Exit 0 when a model was produced, 2 when the folder could not be imported.

use std::io::Write;
use std::path::Path;

use super::output::{color_stderr, errln, out};
use super::{Exit, args::ImportArgs};
use crate::text::escape;

pub fn run(a: &ImportArgs) -> Exit {
    if let Some(out) = &a.output
        && !a.force
        && std::fs::symlink_metadata(out).is_ok()
    {
        errln!(
            "error: `{}` already exists; linkscope does not overwrite it without --force",
            escape(&out.display().to_string())
        );
        return Exit::BadInput;
    }
    let imported = match crate::import::import_path(&a.dir) {
        Ok(i) => i,
        Err(diags) => {
            for d in &diags {
                let text = d
                    .file
                    .as_ref()
                    .and_then(|f| std::fs::read_to_string(f).ok());
                errln!("{}", d.render(text.as_deref(), color_stderr()));
            }
            errln!(
                "import failed: {} error{}",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
            return Exit::BadInput;
        }
    };
    for line in &imported.report {
        errln!("{}", escape(line));
    }
    let name = match &a.output {
        Some(p) => p.display().to_string(),
        None => "<imported>".to_string(),
    };
    // Built from the document directly: the same model the written text loads as (a test
    // checks it on every import fixture), without parsing that text back.
    match imported.model(&name) {
        Ok(m) => errln!(
            "the model loads: {}; {} warning{} (run `linkscope validate` to see them)",
            super::validate::counts(&m),
            m.warnings.len(),
            if m.warnings.len() == 1 { "" } else { "s" }
        ),
        Err(e) => {
            errln!(
                "warning: the imported model does not load; this is a bug in the importer, please report it:"
            );
            errln!("{}", e.render(color_stderr()));
        }
    }
    match &a.output {
        Some(path) => {
            if let Err(e) = write_atomically(path, imported.yaml.as_bytes(), a.force) {
                errln!(
                    "error: cannot write `{}`: {e}\n  help: check the folder's free space and permissions; nothing was changed",
                    escape(&path.display().to_string())
                );
                return Exit::BadInput;
            }
            errln!("wrote {}", escape(&path.display().to_string()));
        }
        None => out!("{}", imported.yaml),
    }
    Exit::Ok
}

/// Write `bytes` to `path` without ever leaving a partial file there: into a new temporary
/// file beside it, flushed to disk, then renamed over `path` (atomic on one file system). A
/// crash, a full disk or a file-size limit leaves `path` as it was. Without `force`, an
/// existing `path` is not replaced (checked again just before the rename).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model.yaml".into());
    // Past a file-size limit (`ulimit -f`), a write fails with EFBIG instead of the signal
    // killing the process: the temporary file is then removed and the error reported.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" has no handler to be unsafe in.
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let mut tmp = None;
    for i in 0..100u32 {
        let candidate = dir.join(format!(".{name}.linkscope-{}-{i}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(f) => {
                tmp = Some((candidate, f));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    let Some((tmp_path, mut f)) = tmp else {
        return Err(std::io::Error::other(
            "cannot create a temporary file beside it",
        ));
    };
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if force {
            std::fs::rename(&tmp_path, path)
        } else {
            // No replacing: a hard link fails if `path` appeared meanwhile.
            std::fs::hard_link(&tmp_path, path).or_else(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Err(e)
                } else {
                    // File systems without hard links: the check above is the best we have.
                    if path.exists() {
                        Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
                    } else {
                        std::fs::rename(&tmp_path, path)
                    }
                }
            })
        }
    })();
    let _ = std::fs::remove_file(&tmp_path);
    result
}
