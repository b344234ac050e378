//! The reach matrix in the explorer (`M`): one destination traced from every source of the
//! model (instances, instance-connect endpoints when the destination is an instance, site
//! hosts), each source then marked by its verdict on the AZ panes and the overview, with a
//! legend and the counts; `L` lists the sources by verdict and Enter opens one as a full trace.
//!
//! The traces are [`crate::engine::reach`]'s. Up to [`SYNC_UP_TO`] sources they run inside the
//! update; above, the update leaves a [`Job`] that the event loop runs on a thread of its own
//! (the model cloned for it) and hands back as [`Message::ReachDone`], so keys stay live.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ratatui::style::Style;

use crate::engine::QueryOptions;
use crate::engine::reach::{Row, Sources};
use crate::model::{Model, ObjectRef};
use crate::outcome::Verdict;
use crate::text::escape;

use super::message::Message;
use super::overview::Node;
use super::state::{App, Popup};
use super::theme;

/// Above this many sources the traces run off the UI thread. Measured (the README's
/// Performance table): 10,000 sources of the generated model take 5.1 s in a debug build on the
/// 2 shared cores, about 0.4 s in a release build (`reach --to`), so some 40 µs a trace; 64
/// traces hold a frame for about 3 ms.
pub const SYNC_UP_TO: usize = 64;

/// What a source's mark says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    Allowed,
    Partial,
    Blocked,
    /// The query could not be traced from it (the row's error says why).
    NoTrace,
}

impl Shade {
    pub fn of(r: &Row) -> Shade {
        match r.verdict {
            Some(Verdict::Allowed) => Shade::Allowed,
            Some(Verdict::Partial) => Shade::Partial,
            Some(Verdict::Blocked) => Shade::Blocked,
            None => Shade::NoTrace,
        }
    }

    pub fn mark(self) -> &'static str {
        match self {
            Shade::Allowed => "✓",
            Shade::Partial => "◐",
            Shade::Blocked => "✗",
            Shade::NoTrace => "?",
        }
    }

    pub fn style(self) -> Style {
        match self {
            Shade::Allowed => theme::allowed(),
            Shade::Partial => theme::partial(),
            Shade::Blocked => theme::blocked(),
            Shade::NoTrace => theme::dim(),
        }
    }

    fn word(self) -> &'static str {
        match self {
            Shade::Allowed => "allowed",
            Shade::Partial => "partial",
            Shade::Blocked => "blocked",
            Shade::NoTrace => "not traced",
        }
    }
}

const ORDER: [Shade; 4] = [
    Shade::Allowed,
    Shade::Partial,
    Shade::Blocked,
    Shade::NoTrace,
];

/// One destination from every source: the rows (grouped by verdict, then by reason, then by
/// source id) and each source object's shade.
#[derive(Debug, Clone)]
pub struct Matrix {
    pub to: String,
    pub rows: Vec<Row>,
    pub shades: HashMap<ObjectRef, Shade>,
    pub took: Duration,
    /// Off the UI thread?
    pub threaded: bool,
}

impl Matrix {
    fn new(m: &Model, to: String, mut rows: Vec<Row>, took: Duration, threaded: bool) -> Matrix {
        let rank = |r: &Row| ORDER.iter().position(|&s| s == Shade::of(r)).unwrap_or(0);
        rows.sort_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then_with(|| {
                    a.reason
                        .map(|x| x.as_str())
                        .cmp(&b.reason.map(|x| x.as_str()))
                })
                .then_with(|| a.from.cmp(&b.from))
        });
        let shades = rows
            .iter()
            .filter_map(|r| m.lookup(&r.from).map(|o| (o, Shade::of(r))))
            .collect();
        Matrix {
            to,
            rows,
            shades,
            took,
            threaded,
        }
    }

    /// How many sources got each shade.
    pub fn count(&self, s: Shade) -> usize {
        self.rows.iter().filter(|r| Shade::of(r) == s).count()
    }

    /// `reach → db1 · ✓ 3 allowed · ◐ 0 partial · ✗ 4 blocked` (the legend and the counts).
    pub fn legend(&self) -> Vec<(String, Style)> {
        let mut v = vec![(format!("reach → {} · ", escape(&self.to)), theme::bold())];
        for s in ORDER {
            let n = self.count(s);
            if s == Shade::NoTrace && n == 0 {
                continue;
            }
            v.push((format!("{} {n} {}", s.mark(), s.word()), s.style()));
            v.push(("  ".into(), theme::text()));
        }
        v.push((
            format!("of {} sources · L list · X clear", self.rows.len()),
            theme::dim(),
        ));
        v
    }
}

/// The traces to run for a destination.
#[derive(Debug, Clone)]
pub struct Job {
    pub to: String,
    pub sources: Vec<String>,
    pub options: QueryOptions,
}

impl Job {
    /// Every source the model offers for `to`, the engine's list as `linkscope reach` takes it
    /// (instances, instance-connect endpoints when `to` is an instance, the sites' hosts).
    pub fn new(m: &Model, to: &str, options: QueryOptions) -> Job {
        let sources = crate::engine::reach::sources(m, Sources::Instances, to);
        Job {
            to: to.to_string(),
            sources,
            options,
        }
    }

    /// Run the traces (on every core) and say how long they took.
    pub fn run(&self, m: &Model) -> (Vec<Row>, Duration) {
        let t0 = Instant::now();
        let pairs: Vec<(String, String)> = self
            .sources
            .iter()
            .map(|s| (s.clone(), self.to.clone()))
            .collect();
        let rows = crate::engine::reach::run(m, &pairs, &self.options);
        (rows, t0.elapsed())
    }
}

/// The reach's state: the matrix shown, the destination being computed off the UI thread.
#[derive(Debug, Default)]
pub struct ReachState {
    pub matrix: Option<Matrix>,
    /// A job for the event loop to run on a thread.
    pub job: Option<Job>,
    /// The destination whose traces run on a thread now.
    pub running: Option<String>,
}

impl ReachState {
    /// Is there a legend to show (a matrix, or one being traced)?
    pub fn shown(&self) -> bool {
        self.matrix.is_some() || self.running.is_some()
    }

    /// The legend line: the matrix's, or what is being traced meanwhile (the marks of the
    /// previous matrix stay until the new one is back).
    pub fn legend(&self) -> Vec<(String, Style)> {
        match (&self.running, &self.matrix) {
            (Some(to), _) => vec![
                (format!("reach → {} · ", escape(to)), theme::bold()),
                (
                    "tracing from every source on a thread of their own… (keys work meanwhile)"
                        .into(),
                    theme::key(),
                ),
            ],
            (None, Some(m)) => m.legend(),
            (None, None) => Vec::new(),
        }
    }
}

/// Start the reach for a destination: at once for a small model, else leave the job for the
/// event loop.
pub fn start(app: &mut App, to: &str) {
    let job = Job::new(&app.model, to, QueryOptions::default());
    if job.sources.is_empty() {
        app.status =
            Some("this model has no source to trace from (no instance, no site host)".into());
        return;
    }
    // The destination is the request's: S on any source of the map opens its full trace.
    app.request.destination = Some(to.to_string());
    app.request.options = QueryOptions::default();
    app.request.expectation = None;
    if job.sources.len() <= SYNC_UP_TO {
        let (rows, took) = job.run(&app.model);
        finish(app, job.to, rows, took, false);
    } else {
        app.status = Some(format!(
            "tracing {} sources to {} on a thread of their own…",
            job.sources.len(),
            escape(to)
        ));
        app.reach.running = Some(job.to.clone());
        app.reach.job = Some(job);
    }
}

/// Run a job left for the event loop, here (tests, and when no thread can be spawned).
pub fn run_job_here(app: &mut App) {
    if let Some(job) = app.reach.job.take() {
        let (rows, took) = job.run(&app.model);
        super::update::update(
            app,
            Message::ReachDone {
                to: job.to,
                rows,
                took,
            },
        );
    }
}

/// The traces of a job are back (a result for a destination no longer wanted is dropped).
pub fn done(app: &mut App, to: String, rows: Vec<Row>, took: Duration) {
    if app.reach.running.as_deref() != Some(to.as_str()) {
        return;
    }
    app.reach.running = None;
    finish(app, to, rows, took, true);
}

fn finish(app: &mut App, to: String, rows: Vec<Row>, took: Duration, threaded: bool) {
    let m = Matrix::new(&app.model, to, rows, took, threaded);
    app.status = Some(format!(
        "reach → {}: {} allowed, {} partial, {} blocked of {} sources in {} ms · S on a source opens its trace · L lists them",
        escape(&m.to),
        m.count(Shade::Allowed),
        m.count(Shade::Partial),
        m.count(Shade::Blocked),
        m.rows.len(),
        m.took.as_millis()
    ));
    app.reach.matrix = Some(m);
    app.panels.popup = Some(Popup::Reach {
        scroll: Default::default(),
        sel: 0,
    });
}

/// `X`: no more marks.
pub fn clear(app: &mut App) {
    app.reach = ReachState::default();
    if matches!(app.panels.popup, Some(Popup::Reach { .. })) {
        app.panels.popup = None;
    }
    app.status = Some("reach cleared".into());
}

/// `L`: the list of sources by verdict.
pub fn list(app: &mut App) {
    if app.reach.matrix.is_none() {
        app.status =
            Some("no reach yet: R picks a destination and traces it from every source".into());
        return;
    }
    app.panels.popup = Some(Popup::Reach {
        scroll: Default::default(),
        sel: 0,
    });
}

/// Enter in the list: the selected source's full trace.
pub fn open(app: &mut App, sel: usize) {
    let Some(r) = app.reach.matrix.as_ref().and_then(|m| m.rows.get(sel)) else {
        return;
    };
    let (from, to) = (r.from.clone(), r.to.clone());
    app.request.source = Some(from.clone());
    app.request.destination = Some(to);
    app.request.options = QueryOptions::default();
    app.request.expectation = None;
    if let Some(o) = app.model.lookup(&from) {
        if let Some(v) = super::finder::vpc_of(&app.model, o)
            && v != app.map.view.vpc
        {
            super::update::switch_vpc(app, v);
        }
        if let Some(c) = app.map.view.find(o) {
            app.map.cursor = c;
        }
    }
    super::update::run_trace(app, false);
}

/// The shade of a map item, when it is a source of the matrix shown.
pub fn shade(app: &App, o: ObjectRef) -> Option<Shade> {
    app.reach.matrix.as_ref()?.shades.get(&o).copied()
}

/// `✓2 ✗1` for an entry of the overview: its sources' shades (a VPC's instances and
/// instance-connect endpoints, a site's hosts).
pub fn node_counts(app: &App, node: Node) -> Option<String> {
    let mx = app.reach.matrix.as_ref()?;
    let m = &app.model;
    let mut n = [0usize; 4];
    let mut add = |o: ObjectRef| {
        if let Some(s) = mx.shades.get(&o) {
            n[ORDER.iter().position(|x| x == s).unwrap_or(0)] += 1;
        }
    };
    match node {
        Node::Vpc(v) => {
            m.vpcs[v]
                .instances
                .iter()
                .for_each(|&i| add(ObjectRef::Instance(i)));
            m.vpcs[v]
                .endpoints
                .iter()
                .for_each(|&e| add(ObjectRef::Endpoint(e)));
        }
        Node::Site(s) => m.networks[s]
            .hosts
            .iter()
            .for_each(|&h| add(ObjectRef::Host(h))),
        _ => return None,
    }
    let parts: Vec<String> = ORDER
        .iter()
        .zip(n)
        .filter(|(_, k)| *k > 0)
        .map(|(s, k)| format!("{}{k}", s.mark()))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The list popup's lines: the legend, then one line per source grouped by verdict; `sel` is
/// the selected row.
pub fn lines(app: &App, sel: usize) -> Vec<(String, Style)> {
    let Some(mx) = &app.reach.matrix else {
        return vec![];
    };
    let legend: String = mx.legend().into_iter().map(|(s, _)| s).collect();
    let mut out = vec![
        (legend, theme::bold()),
        (
            format!(
                "traced in {} ms{} · Enter opens the selected source's full trace · Esc closes",
                mx.took.as_millis(),
                if mx.threaded {
                    " (off the UI thread)"
                } else {
                    ""
                }
            ),
            theme::dim(),
        ),
    ];
    let mut group: Option<Shade> = None;
    for (i, r) in mx.rows.iter().enumerate() {
        let s = Shade::of(r);
        if group != Some(s) {
            group = Some(s);
            out.push((String::new(), theme::text()));
            out.push((
                format!("{} {} ({})", s.mark(), s.word(), mx.count(s)),
                s.style(),
            ));
        }
        let why = match (&r.reason, &r.via, &r.error) {
            (_, _, Some(e)) => escape(e),
            (Some(reason), _, _) if s != Shade::Allowed => reason.as_str().to_string(),
            (_, Some(via), _) => format!("via {}", escape(via)),
            _ => String::new(),
        };
        let line = format!(
            "{} {} {:<24} {why}",
            if i == sel { "▶" } else { " " },
            s.mark(),
            escape(&r.from)
        );
        out.push((
            line,
            if i == sel {
                theme::highlight()
            } else {
                theme::text()
            },
        ));
    }
    out
}

/// The line of row `sel` in [`lines`].
pub fn line_of(app: &App, sel: usize) -> usize {
    let Some(mx) = &app.reach.matrix else {
        return 0;
    };
    let mut groups = 0;
    let mut last = None;
    for r in mx.rows.iter().take(sel + 1) {
        if last != Some(Shade::of(r)) {
            last = Some(Shade::of(r));
            groups += 1;
        }
    }
    2 + 2 * groups + sel
}

type Done = (String, Vec<Row>, Duration);

/// Runs the jobs the updates leave ([`ReachState::job`]) on threads of their own, for the
/// event loop; their results come back as [`Message::ReachDone`].
pub struct Runner {
    tx: std::sync::mpsc::Sender<Done>,
    rx: std::sync::mpsc::Receiver<Done>,
    /// Jobs started and not yet back.
    out: usize,
}

impl Default for Runner {
    fn default() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        Runner { tx, rx, out: 0 }
    }
}

impl Runner {
    pub fn busy(&self) -> bool {
        self.out > 0
    }

    /// After an update: start the job it left, if any (on this thread when no thread can be
    /// spawned).
    pub fn dispatch(&mut self, app: &mut App) {
        let Some(job) = app.reach.job.take() else {
            return;
        };
        let model = app.model.clone();
        let tx = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("reach".into())
            .spawn(move || {
                let (rows, took) = job.run(&model);
                let _ = tx.send((job.to, rows, took));
            });
        match spawned {
            Ok(_) => self.out += 1,
            Err(e) => {
                app.status = Some(format!("no thread for the reach ({e}): tracing here"));
                if let Some(to) = app.reach.running.clone() {
                    app.reach.job = Some(Job::new(&app.model, &to, QueryOptions::default()));
                    run_job_here(app);
                }
            }
        }
    }

    /// Hand the finished jobs to the update; true when one came back.
    pub fn poll(&mut self, app: &mut App) -> bool {
        let mut any = false;
        while let Ok((to, rows, took)) = self.rx.try_recv() {
            self.out = self.out.saturating_sub(1);
            super::update::update(app, Message::ReachDone { to, rows, took });
            any = true;
        }
        any
    }
}
