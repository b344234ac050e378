//! The terminal: raw mode, the alternate screen, mouse capture and bracketed paste on the way
//! in; all of it undone on the way out, on every path: a normal quit, an error (the guard's
//! Drop), and a panic (the hook restores the terminal before the panic message is printed).

use std::io::{self, IsTerminal, Stdout, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{
    cursor::Show,
    event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture},
    execute,
    terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode},
};

/// The explorer needs a terminal on stdout.
#[derive(Debug)]
pub struct NotATerminal;

impl std::fmt::Display for NotATerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the explorer needs a terminal, and standard output is not one.\n\
             For scripts and pipes use:\n  \
             linkscope trace MODEL --from SOURCE --to DESTINATION [--json]\n  \
             linkscope validate MODEL\n  \
             linkscope test MODEL"
        )
    }
}

impl std::error::Error for NotATerminal {}

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Is the terminal in the explorer's state (raw, alternate screen, mouse)?
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Undo everything `init` did, once: leaving the alternate screen twice would move the cursor
/// back over what was printed in between (a panic message).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped (error paths included).
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Check stdout, install the panic hook, enter raw mode and the alternate screen.
pub fn init() -> anyhow::Result<(Term, Guard)> {
    if !stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(NotATerminal.into());
    }
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        prev(info);
    }));
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    let term = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((term, guard))
}
