//! The explorer: a terminal UI over a model and the trace engine (TUI.md).
//!
//! The shape (ARCHITECTURE.md): [`state`] holds everything; terminal events become
//! [`message::Message`]s through the one [`keymap`] table; [`update::update`] is the whole
//! update step (no drawing, no terminal), tested by key sequences; [`layout`] computes every
//! rectangle from the terminal size, for drawing and for mouse hit-testing alike; [`lines`]
//! holds the panels' line models, built once per update by [`update::settle`]; [`view`]
//! holds pure render functions over `&App`. [`finder`] ranks fuzzy matches on keystrokes (on
//! a thread of its own for large models: [`Ranker`] below feeds it and polls its results),
//! [`watch`] reports changes of the model file, [`terminal`] enters and restores the terminal.
//!
//! ```text
//!  linkscope · tour: PrivateLink in one picture        vpc-app 10.0.0.0/16 · acct … · us-east-1
//!  from i-app-a (10.0.1.10)  →  to s3://app-data/reports/1.csv          ALLOWED via vpce-s3
//! ┌ us-east-1a · use1-az1 ──────┐┌ us-east-1b · use1-az2 ──────┐┌ Details: route table rtb-app ┐
//! │┌ app-a 10.0.1.0/24 ── rtb-app┐││┌ app-b 10.0.2.0/24 ── rtb-app ││ 10.0.0.0/16   local       │
//! ││ ◆ i-app-a     10.0.1.10    ││││ ◆ i-app-b     10.0.2.10    │││▶pl-63a5400a   vpce-s3     │
//! │└────────────────────────────┘││└────────────────────────────┘││ 0.0.0.0/0     nat-a       │
//! └──────────────────────────────┘└──────────────────────────────┘└────────────────────────────┘
//!  VPC-wide: ⊕ igw-main · ◈ vpce-s3 s3 → rtb-app · ▣ vpce-ssm ssm (private DNS)
//! ┌ Trace · step 3/6 ───────────────────────────────────────────────────────────────────────┐
//! │▶✓ route    rtb-app: pl-63a5400a → vpce-s3                                        [GW-6] │
//! │ ALLOWED — reaches S3 through gateway endpoint vpce-s3                                    │
//! └──────────────────────────────────────────────────────────────────────────────────────────┘
//!  s source  d destination  n/p step  Tab panel  v VPC  / search  ? help  q quit
//! ```

pub mod concepts;
pub mod copyout;
pub mod finder;
pub mod form;
pub mod ids;
pub mod keymap;
pub mod layout;
pub mod lines;
pub mod message;
pub mod overview;
pub mod palette;
mod palette_run;
pub mod reach;
pub mod request;
pub mod rulebook;
pub mod scroll;
pub mod state;
pub mod teach;
#[allow(unsafe_code)] // signal handling and poll(2) on the terminal; nowhere else
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod watch;

use std::io::{IsTerminal, Write, stdout};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::crossterm::event;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

pub use message::Message;
pub use state::App;
pub use terminal::NotATerminal;
pub use update::update;

use crate::model;

/// How long the file must stay quiet before a reload (editors write in several steps).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Load a model (the built-in tour without a path) into a fresh explorer state.
pub fn load_app(model_path: Option<&Path>) -> Result<App, model::LoadError> {
    let m = match model_path {
        Some(p) => crate::open::open(p)?,
        None => model::load_str(crate::TOUR, "<tour>", None)?,
    };
    Ok(App::new(m, model_path.map(PathBuf::from)))
}

/// An explorer over a model file that does not load (yet: broken or missing): an empty model,
/// the errors in the problems panel, waiting for the file to become valid (it is watched, `r`
/// reloads).
pub fn waiting_app(path: &Path, e: model::LoadError) -> App {
    let empty = model::load_str(
        "linkscope: 1\nname: waiting for the model file\n",
        "<empty>",
        None,
    )
    .expect("the empty model loads");
    let mut app = App::new(empty, Some(path.to_path_buf()));
    update(&mut app, Message::Loaded(Box::new(Err(e))));
    app.status = Some(format!(
        "{} does not load yet: waiting for it to become valid (fix and save; r reloads)",
        crate::text::escape(&path.display().to_string())
    ));
    app
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard (base64, as the
/// sequence requires).
pub fn osc52(text: &str) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 12);
    out.push_str("\x1b]52;c;");
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= n {
                out.push(B64[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out.push('\x07');
    out
}

/// Run the explorer until the user quits. Errors: [`NotATerminal`] when stdout is not a
/// terminal, [`model::LoadError`] when the model does not load, I/O errors of the terminal.
pub fn run(model_path: Option<&Path>, teach: bool) -> anyhow::Result<()> {
    if !stdout().is_terminal() {
        return Err(NotATerminal.into());
    }
    // A broken or missing model file opens anyway and waits for the fix.
    let mut app = match (load_app(model_path), model_path) {
        (Ok(a), _) => a,
        (Err(e), Some(p)) if !p.is_dir() => waiting_app(p, e),
        (Err(e), _) => return Err(e.into()),
    };
    if teach {
        teach::toggle(&mut app);
    }
    let watch_path = model_path.filter(|p| !p.is_dir());
    let mut watcher = None;
    if let Some(p) = watch_path {
        match watch::Watcher::new(p, &watched_files(p, &app.file.watch_files)) {
            Ok(w) => watcher = Some(w),
            Err(e) => {
                app.status = Some(format!("not watching the file for changes: {e}; r reloads"));
            }
        }
    }
    let (mut term, _guard) = terminal::init()?;
    let size = term.size()?;
    update(&mut app, Message::Resize(size.width, size.height));

    // Hidden, for measuring start-up (the README's Performance section): quit cleanly, the
    // terminal restored, as soon as the first frame is on the screen.
    let exit_after_first_frame = std::env::var_os("LINKSCOPE_EXIT_AFTER_FIRST_FRAME")
        .is_some_and(|v| !v.is_empty() && v != "0");

    let mut pending: Option<Instant> = None;
    let mut dirty = true;
    let mut loader = Loader::new();
    let mut ranker = Ranker::default();
    let mut reach_runner = reach::Runner::default();
    loop {
        // The window closed (a hang-up with SIGHUP ignored): nothing more will be read.
        if terminal::input_closed() {
            break;
        }
        if terminal::take_redraw() {
            // Resumed after a suspend: the screen is not what ratatui last drew.
            term.clear()?;
            let size = term.size()?;
            update(&mut app, Message::Resize(size.width, size.height));
            dirty = true;
        }
        if dirty {
            let _lock = terminal::TERMINAL.lock().unwrap_or_else(|e| e.into_inner());
            execute!(term.backend_mut(), BeginSynchronizedUpdate)?;
            term.draw(|f| view::draw(f, &app))?;
            execute!(term.backend_mut(), EndSynchronizedUpdate)?;
            dirty = false;
            if exit_after_first_frame {
                break;
            }
            // For the end-to-end test that a panic restores the terminal.
            if std::env::var_os("LINKSCOPE_TEST_PANIC").is_some() {
                panic!("LINKSCOPE_TEST_PANIC: a deliberate panic after drawing");
            }
        }
        let mut timeout = match pending {
            Some(t) => t.saturating_duration_since(Instant::now()),
            None => Duration::from_millis(250),
        };
        if loader.busy() {
            timeout = timeout.min(Duration::from_millis(50));
        }
        if ranker.busy(&app) {
            timeout = timeout.min(Duration::from_millis(5));
        }
        if reach_runner.busy() {
            timeout = timeout.min(Duration::from_millis(20));
        }
        // Drain every queued event, then draw once.
        if event::poll(timeout)? {
            loop {
                let ev = event::read()?;
                if is_suspend_key(&ev) {
                    terminal::suspend();
                } else if let Some(m) = keymap::message_for_event(&app, &ev) {
                    match m {
                        // Loading happens off this thread: keys stay live whatever the file.
                        Message::Reload if app.file.model_path.is_some() => loader.start(&mut app),
                        m => {
                            // Choosing acts on the ranking of the query typed, not an older one.
                            if matches!(m, Message::FinderAccept | Message::FinderComplete) {
                                ranker.wait(&mut app);
                            }
                            update(&mut app, m);
                            ranker.dispatch(&mut app);
                            reach_runner.dispatch(&mut app);
                            if let Some(text) = app.clipboard.take() {
                                let _lock =
                                    terminal::TERMINAL.lock().unwrap_or_else(|e| e.into_inner());
                                let mut out = stdout();
                                out.write_all(osc52(&text).as_bytes())?;
                                out.flush()?;
                            }
                        }
                    }
                    dirty = true;
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        if app.quit {
            break;
        }
        if watcher.as_ref().is_some_and(|w| w.changed()) {
            pending = Some(Instant::now() + DEBOUNCE);
        }
        if pending.is_some_and(|t| Instant::now() >= t) {
            pending = None;
            loader.start(&mut app);
            dirty = true;
        }
        if ranker.poll(&mut app) {
            dirty = true;
        }
        if let Some(r) = loader.finished(&mut app) {
            update(&mut app, Message::Loaded(Box::new(r)));
            reach_runner.dispatch(&mut app);
            dirty = true;
        }
        if reach_runner.poll(&mut app) {
            dirty = true;
        }
        // The model now names other policy files (or its link points elsewhere): watch those.
        if let (Some(p), Some(w)) = (watch_path, watcher.as_ref()) {
            let wanted = watched_files(p, &app.file.watch_files);
            if w.files() != wanted.as_slice()
                && let Ok(w) = watch::Watcher::new(p, &wanted)
            {
                watcher = Some(w);
            }
        }
    }
    Ok(())
}

/// The files watched besides the model's own path: the policy files it names and, when the
/// model path is a symbolic link, the file it points to (an edit there changes the model).
fn watched_files(model: &Path, policies: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = policies.to_vec();
    if std::fs::symlink_metadata(model).is_ok_and(|m| m.file_type().is_symlink())
        && let Ok(target) = std::fs::canonicalize(model)
    {
        files.push(target);
    }
    files
}

/// Reloads on a thread of their own, one at a time; a request while one runs is kept and
/// started when it ends (the file may have changed again meanwhile).
struct Loader {
    tx: std::sync::mpsc::Sender<Result<model::Model, model::LoadError>>,
    rx: std::sync::mpsc::Receiver<Result<model::Model, model::LoadError>>,
    running: bool,
    again: bool,
}

impl Loader {
    fn new() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        Loader {
            tx,
            rx,
            running: false,
            again: false,
        }
    }

    fn busy(&self) -> bool {
        self.running
    }

    fn start(&mut self, app: &mut App) {
        let Some(path) = app.file.model_path.clone() else {
            return;
        };
        if self.running {
            self.again = true;
            return;
        }
        self.running = true;
        let previous = app.model.source.clone();
        let tx = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || {
                let _ = tx.send(crate::open::reopen(&path, &previous));
            });
        if let Err(e) = spawned {
            self.running = false;
            app.status = Some(format!("cannot reload: {e}"));
        }
    }

    /// The result of the reload that ended, if one did; starts the next one if asked meanwhile.
    fn finished(&mut self, app: &mut App) -> Option<Result<model::Model, model::LoadError>> {
        let r = self.rx.try_recv().ok()?;
        self.running = false;
        if std::mem::take(&mut self.again) {
            self.start(app);
        }
        Some(r)
    }
}

/// Ranks the finder's queries on a [`finder::Worker`] thread when the finder has more than
/// [`finder::WORKER_ABOVE`] candidates, so typing never waits for the ranking.
#[derive(Default)]
struct Ranker {
    /// Spawned at the first query of a large finder.
    worker: Option<finder::Worker>,
}

impl Ranker {
    fn busy(&self, app: &App) -> bool {
        app.panels.finder.as_ref().is_some_and(|f| f.pending)
    }

    /// After an update: hand the finder's new query, if any, to the worker.
    fn dispatch(&mut self, app: &mut App) {
        let Some(f) = app.panels.finder.as_mut() else {
            return;
        };
        f.use_worker_above(finder::WORKER_ABOVE);
        let Some(job) = f.take_job() else {
            return;
        };
        if self.worker.is_none() {
            self.worker = finder::Worker::spawn().ok();
        }
        match &self.worker {
            Some(w) if w.send(job.clone()) => {}
            _ => {
                // No thread: rank here rather than not at all.
                self.worker = None;
                f.receive(job.rank(&mut None));
                update(app, Message::FinderMove(0));
            }
        }
    }

    /// Take the worker's results; true when the finder's rows changed (a stale result is
    /// dropped).
    fn poll(&mut self, app: &mut App) -> bool {
        let Some(w) = &self.worker else {
            return false;
        };
        let mut changed = false;
        while let Some(r) = w.try_recv() {
            changed |= app.panels.finder.as_mut().is_some_and(|f| f.receive(r));
        }
        if changed {
            // Fit the list to the new rows (a move by nothing).
            update(app, Message::FinderMove(0));
        }
        changed
    }

    /// Wait (a few seconds at most) for the ranking of the current query.
    fn wait(&mut self, app: &mut App) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.busy(app) {
            let Some(w) = &self.worker else { return };
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(r) = w.recv_timeout(left) else {
                return;
            };
            if app.panels.finder.as_mut().is_some_and(|f| f.receive(r)) {
                update(app, Message::FinderMove(0));
            }
        }
    }
}

/// Ctrl-Z: raw mode turns the terminal's suspend character into a key; act on it as the
/// terminal would have.
fn is_suspend_key(ev: &event::Event) -> bool {
    use event::{KeyCode, KeyEventKind, KeyModifiers};
    matches!(ev, event::Event::Key(k)
        if k.kind != KeyEventKind::Release
            && k.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(k.code, KeyCode::Char('z') | KeyCode::Char('Z')))
}
