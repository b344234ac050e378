//! The terminal: raw mode, the alternate screen, mouse capture and bracketed paste on the way
//! in; all of it undone on the way out, on every path: a normal quit, an error (the guard's
//! Drop), a panic (the hook restores the terminal before the panic message is printed), and a
//! signal: SIGTERM, SIGHUP, SIGQUIT and SIGINT restore the terminal, then end the process by
//! the same signal (its parent sees what it sent); SIGTSTP (and Ctrl-Z, which raw mode turns
//! into a key) restores the terminal and stops; on `fg` (SIGCONT) the explorer's terminal state
//! is set again and the screen redrawn in full. A SIGHUP ignored when the explorer started
//! (`nohup`) stays ignored; the event loop then ends on the terminal's hang-up
//! ([`input_closed`]).

use std::io::{self, IsTerminal, Stdout, Write, stdout};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{
    cursor::Show,
    event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture},
    execute,
    terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode},
};

/// The explorer needs a terminal on stdin and stdout.
#[derive(Debug)]
pub struct NotATerminal;

impl std::fmt::Display for NotATerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let which = match (io::stdin().is_terminal(), stdout().is_terminal()) {
            (false, false) => "neither standard input nor standard output is one",
            (false, true) => "standard input is not one",
            _ => "standard output is not one",
        };
        write!(
            f,
            "the explorer needs a terminal, and {which}.\n\
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

/// Held while a frame is written and while a signal changes the terminal, so that a restore
/// never lands in the middle of a frame.
pub static TERMINAL: Mutex<()> = Mutex::new(());

/// Set when the screen must be redrawn in full (after a suspend and resume).
static REDRAW: AtomicBool = AtomicBool::new(false);

/// Set by [`suspend`] after it has resumed, so the SIGCONT that follows does not enter again.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Does the screen need a full redraw (after a resume)? Clears the request.
pub fn take_redraw() -> bool {
    REDRAW.swap(false, Ordering::SeqCst)
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    TERMINAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Enter the explorer's terminal state (again). Raw mode is switched off first: after a stop
/// the shell may have reset the modes while crossterm still believes them raw.
fn enter() -> io::Result<()> {
    let _ = disable_raw_mode();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Ctrl-Z or SIGTSTP: give the terminal back to the shell, stop, and on resume take it again
/// and ask for a full redraw.
pub fn suspend() {
    let _g = lock();
    restore();
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    }
    // Resumed (`fg`).
    let _ = enter();
    RESUMED.store(true, Ordering::SeqCst);
    REDRAW.store(true, Ordering::SeqCst);
}

/// SIGCONT without our own suspend (stopped by SIGSTOP from elsewhere): the shell may have
/// changed the modes; set them again and redraw.
#[cfg(unix)]
fn resumed() {
    // Locked first: a suspend in progress sets RESUMED before it lets go.
    let _g = lock();
    if RESUMED.swap(false, Ordering::SeqCst) {
        return;
    }
    if ACTIVE.load(Ordering::SeqCst) {
        let _ = enter();
        REDRAW.store(true, Ordering::SeqCst);
    }
}

/// Was this signal ignored when the process started (e.g. SIGHUP under `nohup`)?
#[cfg(unix)]
fn ignored_at_start(sig: i32) -> bool {
    // SAFETY: sigaction with a null new action only reads the current disposition.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// Handle terminating and job-control signals on a thread of their own (see the module doc).
#[cfg(unix)]
fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let wanted: Vec<i32> = [SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGTSTP, SIGCONT]
        .into_iter()
        .filter(|&s| !ignored_at_start(s))
        .collect();
    let mut signals = signal_hook::iterator::Signals::new(&wanted)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                match sig {
                    SIGTSTP => suspend(),
                    SIGCONT => resumed(),
                    _ => {
                        let _g = lock();
                        restore();
                        // Die of the same signal, as if it had not been caught.
                        let _ = signal_hook::low_level::emulate_default_handler(sig);
                        std::process::exit(128 + sig);
                    }
                }
            }
        })?;
    Ok(())
}

/// Watch the terminal for a hang-up (the window closed) on a thread of its own: crossterm's
/// reader would otherwise spin on `read(0) = 0` forever at 100% CPU when SIGHUP is ignored.
/// On a hang-up the process ends as a SIGHUP would end it (exit status 129).
#[cfg(unix)]
fn watch_for_hangup() -> io::Result<()> {
    std::thread::Builder::new()
        .name("hangup".into())
        .spawn(|| {
            loop {
                let mut fds = libc::pollfd {
                    fd: 0,
                    events: 0,
                    revents: 0,
                };
                // SAFETY: one valid pollfd; with no events asked, only a hang-up or an error
                // wakes it.
                let n = unsafe { libc::poll(&mut fds, 1, -1) };
                if n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                    let _g = lock();
                    restore();
                    std::process::exit(128 + libc::SIGHUP);
                }
                if n < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                    return;
                }
            }
        })?;
    Ok(())
}

/// Has the terminal gone (the window closed: a hang-up, or end of input)? Reading would then
/// return nothing forever and the event loop would spin.
pub fn input_closed() -> bool {
    #[cfg(unix)]
    {
        let mut fds = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, no waiting.
        let n = unsafe { libc::poll(&mut fds, 1, 0) };
        n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
    }
    #[cfg(not(unix))]
    {
        false
    }
}

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
    #[cfg(unix)]
    {
        install_signal_handlers()?;
        watch_for_hangup()?;
    }
    let guard = Guard;
    enter()?;
    let term = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((term, guard))
}
