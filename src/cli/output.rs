//! Output helpers shared by the commands: colour decisions and printing load errors.

use std::io::IsTerminal;

use crate::model::LoadError;

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn color_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Print a load failure to stderr, rendered with snippets.
pub fn print_load_error(e: &LoadError) {
    eprintln!("{}", e.render(color_stderr()));
    let n = e.errors().count();
    eprintln!(
        "{n} error{} in {}",
        if n == 1 { "" } else { "s" },
        e.diagnostics
            .first()
            .and_then(|d| d.file.clone())
            .unwrap_or_default()
    );
}
