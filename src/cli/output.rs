//! Output helpers shared by the commands: writing results and messages, colour decisions and
//! printing load errors.
//!
//! Results go through [`write_out`] (the `outln!`/`out!` macros), never `println!`, which panics
//! when stdout is a closed pipe (`| head -c1`) or a full disk. The first write error is
//! remembered and later writes are skipped; [`finish`] flushes stdout and turns that error into
//! the exit: a closed pipe is a quiet exit 0, as ripgrep and other Unix tools do (the reader
//! has what it wanted); any other error (`> /dev/full`) is a message on stderr and exit 2,
//! because the result was lost. Messages go through [`err`] (`errln!`), which never panics.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use super::Exit;
use crate::model::LoadError;

/// The first error writing to stdout, if any.
static STDOUT_ERROR: Mutex<Option<std::io::Error>> = Mutex::new(None);

/// Write `s` to stdout, unless an earlier write failed.
pub fn write_out(s: &str) {
    let mut failed = STDOUT_ERROR.lock().unwrap_or_else(|e| e.into_inner());
    if failed.is_some() {
        return;
    }
    if let Err(e) = std::io::stdout().lock().write_all(s.as_bytes()) {
        *failed = Some(e);
    }
}

/// Write `s` to stderr; an error there has nowhere to be reported, so it is ignored.
pub fn err(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// `println!` to stdout through [`write_out`].
macro_rules! outln {
    () => { $crate::cli::output::write_out("\n") };
    ($($t:tt)*) => { $crate::cli::output::write_out(&format!("{}\n", format_args!($($t)*))) };
}
/// `print!` to stdout through [`write_out`].
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::output::write_out(&format!($($t)*)) };
}
/// `eprintln!` that never panics.
macro_rules! errln {
    () => { $crate::cli::output::err("\n") };
    ($($t:tt)*) => { $crate::cli::output::err(&format!("{}\n", format_args!($($t)*))) };
}
pub(crate) use {errln, out, outln};

/// Flush stdout and decide the exit: `code` when every write succeeded, 0 after a closed
/// pipe, 2 (with a message) after any other write error.
pub fn finish(code: Exit) -> Exit {
    let flushed = std::io::stdout().lock().flush();
    let mut failed = STDOUT_ERROR.lock().unwrap_or_else(|e| e.into_inner());
    if failed.is_none()
        && let Err(e) = flushed
    {
        *failed = Some(e);
    }
    match failed.take() {
        None => code,
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Some(e) => {
            err(&format!(
                "linkscope: cannot write the output to standard output: {e}\n  help: check the disk or the file standard output is redirected to, then run the command again\n"
            ));
            Exit::BadInput
        }
    }
}

/// `--color`: 0 auto, 1 always, 2 never.
static COLOR: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Set by `--color`.
pub fn set_color(choice: super::args::ColorChoice) {
    use super::args::ColorChoice;
    let v = match choice {
        ColorChoice::Auto => 0,
        ColorChoice::Always => 1,
        ColorChoice::Never => 2,
    };
    COLOR.store(v, std::sync::atomic::Ordering::Relaxed);
}

/// The colour decision for one stream (https://no-color.org, https://bixense.com/clicolors):
/// `--color always|never` decides; under `auto`, a non-empty NO_COLOR turns colour off,
/// a CLICOLOR_FORCE other than `0` turns it on, else colour only on a terminal.
fn color_for(is_terminal: bool) -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    match COLOR.load(std::sync::atomic::Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            if set("NO_COLOR") {
                false
            } else if set("CLICOLOR_FORCE")
                && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0")
            {
                true
            } else {
                is_terminal
            }
        }
    }
}

pub fn color_stdout() -> bool {
    color_for(std::io::stdout().is_terminal())
}

pub fn color_stderr() -> bool {
    color_for(std::io::stderr().is_terminal())
}

/// Set when the command was asked for `--json` (or `--format json`): errors then go to stderr
/// as one JSON document, so a script reading JSON never has to parse prose.
static JSON_ERRORS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_json_errors(on: bool) {
    JSON_ERRORS.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn json_errors() -> bool {
    JSON_ERRORS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Under `--json`, write `{"format": 1, "error": KIND, ...fields}` to stderr and say so.
fn json_error(kind: &str, fields: serde_json::Value) -> bool {
    if !json_errors() {
        return false;
    }
    let mut doc = serde_json::json!({ "format": 1, "error": kind });
    if let (Some(d), serde_json::Value::Object(f)) = (doc.as_object_mut(), fields) {
        d.extend(f);
    }
    err(&format!(
        "{}\n",
        crate::text::json_safe(serde_json::to_string_pretty(&doc).unwrap_or_default())
    ));
    true
}

/// A bad request (an unknown source or destination, a malformed flag value): the message and
/// its fix, in prose or, under `--json`, as `{"format":1,"error":"request",...}`.
pub fn print_request_error(message: &str, help: Option<&str>) {
    if json_error(
        "request",
        serde_json::json!({ "message": message, "help": help }),
    ) {
        return;
    }
    let red = |s: &str| {
        if color_stderr() {
            format!("\x1b[31;1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    errln!("{}: {}", red("error"), crate::text::escape(message));
    if let Some(h) = help {
        errln!("  help: {}", crate::text::escape(h));
    }
}

/// Print a load failure to stderr, rendered with snippets (under `--json`: the located
/// diagnostics as `{"format":1,"error":"load","file":...,"diagnostics":[...]}`).
pub fn print_load_error(e: &LoadError) {
    let file = e
        .source
        .as_ref()
        .map(|s| s.name.clone())
        .or_else(|| e.diagnostics.first().and_then(|d| d.file.clone()));
    if json_error(
        "load",
        serde_json::json!({ "file": file, "diagnostics": e.diagnostics }),
    ) {
        return;
    }
    errln!("{}", e.render(color_stderr()));
    let n = e.errors().count();
    errln!(
        "{n} error{} in {}",
        if n == 1 { "" } else { "s" },
        // The model's name, not the first diagnostic's file (which may be a policy file).
        e.source
            .as_ref()
            .map(|s| s.name.clone())
            .or_else(|| e.diagnostics.first().and_then(|d| d.file.clone()))
            .unwrap_or_default()
    );
}

/// Open a MODEL file or capture folder; on failure print why (located, with a fix) and give
/// `None` (the command then exits 2).
pub fn open_or_report(path: &std::path::Path) -> Option<crate::model::Model> {
    match crate::open::open(path) {
        Ok(m) => Some(m),
        Err(e) => {
            print_load_error(&e);
            None
        }
    }
}
