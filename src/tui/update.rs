//! The whole update step: `update(&mut App, Message)`. No drawing, no terminal. It may read
//! the model file (`r`, a change on disk) and runs the trace engine; everything else is state.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use ratatui::layout::Rect;

use super::concepts;
use super::finder::{self, Finder, vpc_of};
use super::layout::{self, Hit, box_height, item_cap};
use super::lines;
use super::message::{Dir, FinderKind, Message};
use super::state::{App, Cursor, Mark, Panel, Popup, VpcView};
use crate::engine::FocusMark;
use crate::engine::{self, Status, Verdict};
use crate::model::{Ix, Model, ObjectRef};

/// Apply one message.
// One piece on purpose: the one dispatch from a message to the function that handles it (one
// arm per message, most a single call), then `settle`; splitting it would only spread the
// table of messages over several matches.
pub fn update(app: &mut App, msg: Message) {
    // A form (`o`, `Y`) is modal: the mouse does not reach the panels under it.
    if app.panels.form.is_some() && matches!(msg, Message::Click(..) | Message::Wheel { .. }) {
        return;
    }
    if !matches!(
        msg,
        Message::Resize(..)
            | Message::FileChanged
            | Message::Loaded(_)
            | Message::Wheel { .. }
            | Message::ReachDone { .. }
    ) {
        app.status = None;
    }
    match msg {
        Message::Quit => app.quit = true,
        Message::Move(d) => move_in_focus(app, d),
        Message::Page(d) => page(app, d),
        Message::Home => home_end(app, true),
        Message::End => home_end(app, false),
        Message::FocusNext => cycle_focus(app, 1),
        Message::FocusPrev => cycle_focus(app, -1),
        Message::OpenFinder(kind) => open_finder(app, kind),
        Message::Activate => activate(app),
        Message::Close => {
            if app.panels.finder.is_some() {
                app.panels.finder = None;
            } else if app.panels.popup.is_none() && super::map_filter::clear(app) {
                // Esc cleared the map filter.
            } else if let Some(Popup::Help { search, typing, .. }) = &mut app.panels.popup
                && *typing
            {
                // Esc while typing a help search clears it; the help stays.
                search.clear();
                *typing = false;
            } else if app.panels.popup.is_some() {
                app.panels.popup = None;
            } else if matches!(app.panels.focus, Panel::Details | Panel::Problems) {
                // Back to the VPC view (on a narrow screen it takes the area back).
                app.panels.focus = Panel::Vpc;
                app.panels.top = Panel::Vpc;
                ensure_visible(app);
            }
        }
        Message::RunTrace => {
            if app.request.source.is_none() || app.request.destination.is_none() {
                app.status = Some(missing_hint(app));
            } else {
                run_trace(app, true);
            }
        }
        Message::StepNext => step_by(app, 1),
        Message::StepPrev => step_by(app, -1),
        Message::OpenConcept => open_concept(app),
        Message::NextVpc => cycle_vpc(app, 1),
        Message::PrevVpc => cycle_vpc(app, -1),
        Message::Help => {
            app.panels.popup = Some(Popup::Help {
                scroll: Default::default(),
                search: String::new(),
                typing: false,
            })
        }
        Message::Reload => reload(app, true),
        Message::Pin => {
            if app.run.pinned.take().is_some() {
                app.status = Some("unpinned".into());
            } else if let Some(t) = &app.run.trace {
                app.status = Some(format!(
                    "pinned {} → {}: the next traces are compared with it (≠)",
                    crate::text::escape(&t.query.from),
                    crate::text::escape(&t.query.to)
                ));
                app.run.pinned = Some(t.clone());
            } else {
                app.status = Some("no trace to pin: pick a source and a destination (s, d)".into());
            }
        }
        Message::Copy => match &app.run.trace {
            Some(t) => {
                let text = crate::report::text(t, false);
                app.status = Some(format!(
                    "copied the trace ({} lines) to the clipboard (OSC 52, where the terminal allows it)",
                    text.lines().count()
                ));
                app.clipboard = Some(text);
            }
            None => {
                app.status = Some("no trace to copy: pick a source and a destination (s, d)".into())
            }
        },
        Message::Compact => {
            app.map.compact = !app.map.compact;
            app.status = Some(if app.map.compact {
                "compact map: one line per subnet, [N] objects inside (m: the boxes again)".into()
            } else {
                "the map shows each subnet's contents again".into()
            });
            if app.map.compact && app.map.cursor.item.is_some() {
                let c = app.map.cursor;
                set_cursor(app, Cursor { item: None, ..c });
            }
            ensure_visible(app);
        }
        Message::Zoom => {
            app.panels.zoom = !app.panels.zoom;
            ensure_visible(app);
        }
        Message::History(d) => history(app, d),
        Message::UseSelected(as_source) => use_selected(app, as_source),
        Message::Rules => super::rulebook::rules_key(app),
        Message::ConceptIndex => super::rulebook::open_index(app),
        Message::Teach | Message::Answers => {
            if matches!(msg, Message::Teach) {
                super::teach::toggle(app);
            } else {
                super::teach::toggle_answers(app);
            }
            // The problems may have been hidden: keep the selection and the focus valid.
            app.panels.problem_sel = app
                .panels
                .problem_sel
                .min(app.problem_count().saturating_sub(1));
            if app.problem_count() == 0 && app.panels.focus == Panel::Problems {
                app.panels.focus = Panel::Vpc;
                app.panels.top = Panel::Vpc;
            }
        }
        Message::Align => match app.panels.popup {
            Some(Popup::Align { .. }) => app.panels.popup = None,
            None if app.has_vpc() => {
                app.panels.popup = Some(Popup::Align {
                    scroll: Default::default(),
                })
            }
            _ => {}
        },
        Message::EditRequest => super::request::open(app),
        Message::CopyOut => super::copyout::open(app),
        Message::Form(k) => super::form::handle(app, k),
        Message::Overview => super::overview::toggle(app),
        Message::Reach => open_finder(app, FinderKind::Reach),
        Message::ReachList => super::reach::list(app),
        Message::ReachClear => super::reach::clear(app),
        Message::ReachDone { to, rows, took } => super::reach::done(app, to, rows, took),
        Message::Swap => {
            let r = &mut app.request;
            std::mem::swap(&mut r.source, &mut r.destination);
            r.expectation = None;
            if app.request.source.is_some() && app.request.destination.is_some() {
                run_trace(app, false);
            } else {
                app.status = Some(missing_hint(app));
            }
        }
        Message::Expectations => {
            if app.model.expectations.is_empty() {
                app.status =
                    Some("this model has no expectations (see `expect:` in the README)".into());
            } else {
                let sel = app.tests.first_failure().unwrap_or(0);
                app.panels.popup = Some(Popup::Expectations {
                    scroll: Default::default(),
                    sel,
                });
            }
        }
        Message::FirstFailure => match app.tests.first_failure() {
            Some(i) => {
                app.panels.popup = None;
                trace_expectation(app, i);
            }
            None => {
                app.status = Some(match app.tests.summary() {
                    Some(s) => format!("no failure: {s}"),
                    None => "this model has no expectations".into(),
                })
            }
        },
        Message::FileChanged => reload(app, false),
        Message::HelpSearch => {
            if let Some(Popup::Help { search, typing, .. }) = &mut app.panels.popup {
                search.clear();
                *typing = true;
            }
        }
        Message::HelpSearchDone => {
            if let Some(Popup::Help { typing, .. }) = &mut app.panels.popup {
                *typing = false;
            }
        }
        Message::HelpSearchNext => help_search(app, |_| {}, 1),
        Message::MapFilter => super::map_filter::start(app),
        Message::MapFilterDone => super::map_filter::done(app),
        Message::FinderInput(c) if app.map.filter_typing => {
            super::map_filter::edit(app, |q| q.push(c))
        }
        Message::FinderBackspace if app.map.filter_typing => super::map_filter::edit(app, |q| {
            q.pop();
        }),
        Message::FinderInput(c) if help_typing(app) => help_search(app, |q| q.push(c), 0),
        Message::FinderBackspace if help_typing(app) => help_search(
            app,
            |q| {
                q.pop();
            },
            0,
        ),
        Message::FinderInput(c) => edit_query(app, |q| q.push(c)),
        Message::FinderPaste(s) => edit_query(app, |q| {
            q.extend(s.chars().filter(|c| !crate::text::is_unsafe(*c)));
        }),
        Message::FinderBackspace => edit_query(app, |q| {
            q.pop();
        }),
        Message::FinderClear => edit_query(app, |q| q.clear()),
        Message::FinderMove(d) => {
            if let Some(f) = app.panels.finder.as_mut() {
                f.move_by(d);
            }
            fit_finder(app);
        }
        Message::FinderComplete => {
            let text = app
                .panels
                .finder
                .as_ref()
                .and_then(|f| f.selected_candidate())
                .map(|c| c.complete.clone().unwrap_or_else(|| c.value.clone()));
            if let Some(t) = text {
                edit_query(app, |q| *q = t);
            }
        }
        Message::FinderAccept => accept_finder(app),
        Message::Resize(w, h) => {
            app.size = (w, h);
            ensure_visible(app);
            fit_finder(app);
        }
        Message::Click(x, y) => click(app, x, y),
        Message::Wheel { x, y, down } => wheel(app, x, y, down),
        Message::Loaded(r) => match *r {
            Ok(m) => {
                app.file.watch_files = m.source.files.clone();
                apply_model(app, m)
            }
            Err(e) => {
                if let Some(s) = &e.source {
                    app.file.watch_files = s.files.clone();
                }
                app.file.reload_text = e.source.as_ref().map(|s| s.text.clone());
                let n = e.errors().count().max(1);
                app.file.reload_errors = e.diagnostics;
                app.file.reload_errors.sort_by_key(|d| d.severity);
                app.panels.problem_sel = 0;
                app.panels.problems.offset = 0;
                app.status = Some(format!(
                    "reload failed: {n} error{} in the model file; the last good model stays on screen",
                    if n == 1 { "" } else { "s" }
                ));
                if narrow(app) && app.panels.finder.is_none() {
                    app.panels.top = Panel::Problems;
                }
            }
        },
    }
    settle(app);
}

/// The settle step, run once at the end of every update: build the trace's lines, bring on
/// screen what the update asked for ([`Reveal`]) with the layout those lines give, then build
/// the selected object's details and the problems at their panels' widths. The layout, the
/// update's next step and the views read what it built ([`super::lines::LineCache`]).
pub fn settle(app: &mut App) {
    let w = app.size.0.saturating_sub(2);
    app.lines.trace = lines::trace::lines(app, w);
    app.lines.trace_w = w;
    app.lines.hops = lines::hops(app);
    super::overview::settle(app);
    let reveal = std::mem::take(&mut app.panels.reveal);
    if reveal.cursor {
        reveal_cursor(app);
    }
    let l = layout::compute(app, screen(app));
    if let (true, Some(r)) = (app.overview.on, l.vpc) {
        let cols: Vec<_> = super::view::overview::columns(app, r)
            .into_iter()
            .map(|(c, rect)| (c, rect.height as usize))
            .collect();
        super::overview::reveal(app, &cols);
    }
    // The trace: the selected step on screen, no empty rows under the last.
    let bh = app
        .lines
        .trace
        .body_rows(l.trace.height.saturating_sub(2) as usize);
    let body = &app.lines.trace.body;
    if reveal.step
        && let Some(first) = body.iter().position(|x| x.step == Some(app.run.step))
    {
        let last = body
            .iter()
            .rposition(|x| x.step == Some(app.run.step))
            .unwrap_or(first);
        app.panels.trace.reveal(first, last, bh.max(1));
    }
    let n = app.lines.trace.body.len();
    app.panels.trace.clamp(n, bh);
    // The details of the selected object, the marked line a little under the top.
    let dw = l
        .details
        .map(|r| r.width.saturating_sub(2))
        .unwrap_or(app.size.0.saturating_sub(2));
    app.lines.details = app
        .map
        .selected
        .map(|o| lines::details::lines(app, o, dw))
        .unwrap_or_default();
    app.lines.details_w = dw;
    app.lines.details_for = app.map.selected;
    // Details open at their top; only a marked line below the panel's fold scrolls them, to a
    // few lines above it, at the start of its paragraph (never an orphan fragment on top).
    if reveal.mark
        && let Some(k) = app.lines.details.iter().position(|l| l.marked)
    {
        let h = l
            .details
            .map(|r| r.height.saturating_sub(2) as usize)
            .unwrap_or(0);
        app.panels.details.offset = if k < h.max(1) {
            0
        } else {
            let d = &app.lines.details;
            let from = k.saturating_sub(3);
            (0..=from)
                .rev()
                .take(4)
                .find(|&i| i == 0 || d[i - 1].segs.is_empty())
                .unwrap_or(from)
        };
    }
    // The expectations panel: the selected one on screen (its text is 4 narrower than the
    // popup: borders and margins, view/help.rs).
    if let (Some(Popup::Expectations { sel, .. }), Some(r)) = (&app.panels.popup, l.popup) {
        let (first, last) =
            lines::expectations::rows_of(app, *sel, r.width.saturating_sub(4) as usize);
        if let Some(Popup::Expectations { scroll, .. }) = app.panels.popup.as_mut() {
            scroll.reveal(first, last, r.height.saturating_sub(2).max(1) as usize);
        }
    }
    if let (Some(Popup::Concepts { scroll, sel }), Some(r)) = (app.panels.popup.as_mut(), l.popup) {
        let row = lines::rulebook::index_row(*sel, r.width.saturating_sub(5) as usize);
        scroll.reveal(row, row + 1, r.height.saturating_sub(2).max(1) as usize);
    }
    if let (Some(Popup::Reach { sel, .. }), Some(r)) = (app.panels.popup.as_ref(), l.popup) {
        let row = super::reach::line_of(app, *sel);
        if let Some(Popup::Reach { scroll, .. }) = app.panels.popup.as_mut() {
            scroll.reveal(row, row, r.height.saturating_sub(2).max(1) as usize);
        }
    }
    // The problems, the selected one on screen.
    let pw = l.problems.map(|r| r.width.saturating_sub(2)).unwrap_or(10);
    app.lines.problems = lines::problems::lines(app, pw);
    app.lines.problems_w = pw;
    if reveal.problem
        && let Some(r) = l.problems
    {
        let sel = Some(app.panels.problem_sel);
        let pl = &app.lines.problems;
        let first = pl.iter().position(|x| x.0 == sel).unwrap_or(0);
        let last = pl.iter().rposition(|x| x.0 == sel).unwrap_or(first);
        app.panels
            .problems
            .reveal(first, last, r.height.saturating_sub(2).max(1) as usize);
    }
}

/// The layout as on screen: the line models of the last settle.
fn layout_now(app: &App) -> layout::Layout {
    layout::compute(app, screen(app))
}

fn narrow(app: &App) -> bool {
    app.size.0 < layout::WIDE_W
}

fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

fn missing_hint(app: &App) -> String {
    match (&app.request.source, &app.request.destination) {
        (None, None) => {
            "pick a source with s and a destination with d; the trace runs at once".into()
        }
        (None, Some(_)) => "now pick a source with s".into(),
        (Some(_), None) => "now pick a destination with d".into(),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------- focus and movement

fn cycle_focus(app: &mut App, d: i32) {
    let panels = app.focus_order();
    let i = panels
        .iter()
        .position(|p| *p == app.panels.focus)
        .unwrap_or(0) as i32;
    let n = panels.len() as i32;
    app.panels.focus = panels[(i + d).rem_euclid(n) as usize];
    if matches!(
        app.panels.focus,
        Panel::Vpc | Panel::Details | Panel::Problems
    ) {
        app.panels.top = app.panels.focus;
    }
    ensure_visible(app);
}

fn move_in_focus(app: &mut App, d: Dir) {
    let rows = app.reach.matrix.as_ref().map_or(0, |m| m.rows.len());
    if let Some(Popup::Reach { sel, .. }) = app.panels.popup.as_mut() {
        match d {
            Dir::Up => *sel = sel.saturating_sub(1),
            Dir::Down if *sel + 1 < rows => *sel += 1,
            _ => {}
        }
        return;
    }
    let n = app.tests.results.len();
    if let Some(Popup::Expectations { sel, .. }) = app.panels.popup.as_mut() {
        match d {
            Dir::Up => *sel = sel.saturating_sub(1),
            Dir::Down if *sel + 1 < n => *sel += 1,
            _ => {}
        }
        return;
    }
    if let Some(Popup::Concepts { sel, .. }) = app.panels.popup.as_mut() {
        super::rulebook::index_move(sel, d == Dir::Down);
        return;
    }
    if let Some(p) = app.panels.popup.as_mut() {
        scroll_popup(
            p,
            if d == Dir::Up {
                -1
            } else if d == Dir::Down {
                1
            } else {
                0
            },
        );
        return;
    }
    match app.panels.focus {
        Panel::Vpc if app.overview.on => match d {
            Dir::Up => super::overview::move_by(app, -1),
            Dir::Down => super::overview::move_by(app, 1),
            Dir::Left | Dir::Right => super::overview::other_column(app, d == Dir::Right),
        },
        Panel::Vpc => move_cursor(app, d),
        Panel::Details => match d {
            Dir::Up => app.panels.details.by(-1),
            Dir::Down => app.panels.details.by(1),
            _ => {}
        },
        // Without a trace, the panel holds hints and the model's description: scroll it.
        Panel::Trace if app.run.trace.is_none() => match d {
            Dir::Up => app.panels.trace.by(-1),
            Dir::Down => app.panels.trace.by(1),
            _ => {}
        },
        Panel::Trace => match d {
            Dir::Up => step_by(app, -1),
            Dir::Down => step_by(app, 1),
            _ => {}
        },
        Panel::Problems => {
            let n = app.problem_count();
            match d {
                Dir::Up => app.panels.problem_sel = app.panels.problem_sel.saturating_sub(1),
                Dir::Down if app.panels.problem_sel + 1 < n => app.panels.problem_sel += 1,
                _ => {}
            }
            ensure_problem_visible(app);
        }
    }
}

fn page(app: &mut App, d: Dir) {
    let sign: i32 = if d == Dir::Up { -1 } else { 1 };
    if let Some(p) = app.panels.popup.as_mut() {
        let h = app.size.1.saturating_sub(6).max(1) as i32;
        scroll_popup(p, sign * h);
        return;
    }
    let l = layout_now(app);
    let h = |r: Option<Rect>| {
        r.map(|r| r.height.saturating_sub(2).max(1) as usize)
            .unwrap_or(5)
    };
    match app.panels.focus {
        Panel::Vpc if app.overview.on => super::overview::move_by(app, sign as i64 * 5),
        Panel::Vpc => {
            let col = app.map.cursor.col;
            if col < app.map.view.columns.len() {
                let n = app.map.view.columns[col].subnets.len();
                let shown = l
                    .panes
                    .iter()
                    .find(|p| p.col == col)
                    .map(|p| p.boxes.len())
                    .unwrap_or(1)
                    .max(1);
                let sub = if sign < 0 {
                    app.map.cursor.sub.saturating_sub(shown)
                } else {
                    (app.map.cursor.sub + shown).min(n.saturating_sub(1))
                };
                set_cursor(
                    app,
                    Cursor {
                        col,
                        sub,
                        item: None,
                    },
                );
            }
        }
        Panel::Details => {
            let n = h(l.details);
            app.panels.details.step(sign < 0, n);
        }
        Panel::Trace => {
            let n = h(Some(l.trace));
            app.panels.trace.step(sign < 0, n);
        }
        Panel::Problems => {
            let n = h(l.problems);
            let max = app.problem_count().saturating_sub(1);
            app.panels.problem_sel = if sign < 0 {
                app.panels.problem_sel.saturating_sub(n)
            } else {
                (app.panels.problem_sel + n).min(max)
            };
            ensure_problem_visible(app);
        }
    }
}

fn home_end(app: &mut App, home: bool) {
    if let Some(p) = app.panels.popup.as_mut() {
        p.scroll().to_end(home);
        return;
    }
    match app.panels.focus {
        Panel::Vpc if app.overview.on => {
            super::overview::move_by(app, if home { i64::MIN / 2 } else { i64::MAX / 2 })
        }
        Panel::Vpc => {
            let col = app.map.cursor.col;
            if col < app.map.view.columns.len() {
                let n = app.map.view.columns[col].subnets.len();
                let sub = if home { 0 } else { n.saturating_sub(1) };
                set_cursor(
                    app,
                    Cursor {
                        col,
                        sub,
                        item: None,
                    },
                );
            } else if !app.map.view.strip.is_empty() {
                let sub = if home {
                    0
                } else {
                    app.map.view.strip.len() - 1
                };
                set_cursor(
                    app,
                    Cursor {
                        col,
                        sub,
                        item: None,
                    },
                );
            }
        }
        Panel::Details => app.panels.details.to_end(home),
        Panel::Trace => {
            if let Some(t) = &app.run.trace {
                let last = t.steps.len().saturating_sub(1);
                set_step(app, if home { 0 } else { last });
            }
        }
        Panel::Problems => {
            app.panels.problem_sel = if home {
                0
            } else {
                app.problem_count().saturating_sub(1)
            };
            ensure_problem_visible(app);
        }
    }
}

fn scroll_popup(p: &mut Popup, d: i32) {
    p.scroll().by(d as i64);
}

/// Move the VPC view's cursor.
fn move_cursor(app: &mut App, d: Dir) {
    let v = &app.map.view;
    let strip = v.strip_col();
    let mut c = app.map.cursor;
    if v.columns.is_empty() && v.strip.is_empty() {
        return;
    }
    if c.col >= strip {
        match d {
            Dir::Left => c.sub = c.sub.saturating_sub(1),
            Dir::Right => c.sub = (c.sub + 1).min(v.strip.len().saturating_sub(1)),
            Dir::Up if !v.columns.is_empty() => {
                // Back to the last subnet shown in the nearest visible column (nothing has
                // changed since the last update: its trace lines are fresh).
                let l = layout::compute(app, screen(app));
                let col = app.map.last_col.min(v.columns.len() - 1);
                let sub = l
                    .panes
                    .iter()
                    .find(|p| p.col == col)
                    .and_then(|p| p.boxes.last())
                    .map(|b| b.sub)
                    .unwrap_or(0);
                c = Cursor {
                    col,
                    sub,
                    item: None,
                };
            }
            _ => {}
        }
    } else {
        let col = &v.columns[c.col];
        let s = &col.subnets[c.sub];
        // The compact map shows no items: the cursor goes subnet by subnet.
        let n_items = |s: &crate::tui::state::SubnetEntry| {
            if app.map.compact { 0 } else { s.items.len() }
        };
        match d {
            Dir::Down => match c.item {
                None if n_items(s) > 0 => c.item = Some(0),
                Some(k) if k + 1 < n_items(s) => c.item = Some(k + 1),
                _ if c.sub + 1 < col.subnets.len() => {
                    c.sub += 1;
                    c.item = None;
                }
                _ if !v.strip.is_empty() => {
                    app.map.last_col = c.col;
                    c = Cursor {
                        col: strip,
                        sub: app.map.strip_offset.min(v.strip.len() - 1),
                        item: None,
                    };
                }
                _ => {}
            },
            Dir::Up => match c.item {
                Some(0) => c.item = None,
                Some(k) => c.item = Some(k - 1),
                None if c.sub > 0 => {
                    c.sub -= 1;
                    let n = n_items(&col.subnets[c.sub]);
                    c.item = n.checked_sub(1);
                }
                None => {}
            },
            Dir::Left | Dir::Right => {
                let to = if d == Dir::Left {
                    c.col.checked_sub(1)
                } else {
                    Some(c.col + 1)
                };
                if let Some(to) = to.filter(|&t| t < v.columns.len()) {
                    // Keep the same place in the column as far as it goes.
                    let n = v.columns[to].subnets.len();
                    c = Cursor {
                        col: to,
                        sub: c.sub.min(n.saturating_sub(1)),
                        item: None,
                    };
                }
            }
        }
    }
    set_cursor(app, c);
}

/// Put the cursor somewhere, select what is there, keep it on screen.
fn set_cursor(app: &mut App, c: Cursor) {
    app.map.cursor = c;
    if c.col < app.map.view.columns.len() {
        app.map.last_col = c.col;
    }
    let obj = app.map.view.object_at(c);
    if obj != app.map.selected {
        app.map.selected = obj;
        app.panels.details.offset = 0;
    }
    ensure_visible(app);
}

/// Ask the settle step to bring the cursor on screen.
pub fn ensure_visible(app: &mut App) {
    app.panels.reveal.cursor = true;
}

/// Scroll the AZ panes, the zones and the strip so the cursor is on screen (settle step: the
/// trace's lines are fresh).
fn reveal_cursor(app: &mut App) {
    let c = app.map.cursor;
    let l = layout_now(app);
    let Some(area) = l.vpc else { return };
    let ncols = app.map.view.columns.len();
    if c.col < ncols {
        let n = layout::panes_fitting(area.width, ncols, app.map.compact);
        if c.col < app.map.zone_offset {
            app.map.zone_offset = c.col;
        } else if c.col >= app.map.zone_offset + n {
            app.map.zone_offset = c.col + 1 - n;
        }
        app.map.zone_offset = app.map.zone_offset.min(ncols - n);
        // Vertical: is the cursor's box fully shown?
        let inner_h = area.height.saturating_sub(2);
        let cap = item_cap(app, app.size.1);
        let subs = &app.map.view.columns[c.col].subnets;
        let scroll = &mut app.map.az_scroll[c.col];
        if c.sub < *scroll {
            *scroll = c.sub;
        } else {
            let mut used = 0u16;
            let mut visible = false;
            for (k, s) in subs.iter().enumerate().skip(*scroll) {
                used += box_height(s.items.len(), cap);
                if used > inner_h && k != *scroll {
                    break;
                }
                if k == c.sub {
                    visible = true;
                    break;
                }
            }
            if !visible {
                // Put the cursor's box at the bottom.
                let mut start = c.sub;
                let mut total = box_height(subs[c.sub].items.len(), cap);
                while start > 0 {
                    let h = box_height(subs[start - 1].items.len(), cap);
                    if total + h > inner_h {
                        break;
                    }
                    total += h;
                    start -= 1;
                }
                *scroll = start;
            }
        }
    } else if !app.map.view.strip.is_empty() {
        if c.sub < app.map.strip_offset {
            app.map.strip_offset = c.sub;
        } else {
            for _ in 0..app.map.view.strip.len() {
                let l = layout_now(app);
                if l.chips.iter().any(|ch| ch.chip == c.sub) || l.strip.is_none() {
                    break;
                }
                app.map.strip_offset += 1;
            }
        }
    }
}

// ---------------------------------------------------------------- finder

fn open_finder(app: &mut App, kind: FinderKind) {
    let m = &app.model;
    let vpc = app.map.view.vpc;
    // The candidates depend on the model, the kind and (for sources and destinations) a VPC:
    // built once, kept until the model changes.
    type Build = fn(&Model, Ix) -> Vec<finder::Candidate>;
    let (vpc, build): (Ix, Build) = match kind {
        FinderKind::Source => (vpc, finder::source_candidates),
        FinderKind::Destination | FinderKind::Reach => {
            // The region of the source's VPC when there is a source.
            let v = app
                .request
                .source
                .as_deref()
                .and_then(|s| source_vpc(m, s))
                .unwrap_or(vpc);
            (v, finder::destination_candidates)
        }
        FinderKind::Search => (0, |m, _| finder::object_candidates(m)),
        FinderKind::Palette => (0, |m, _| super::palette::candidates(m)),
        FinderKind::Expectation => {
            if m.expectations.is_empty() {
                app.status = Some(
                    "this model has no expectations; s and d pick a source and a destination"
                        .into(),
                );
                return;
            }
            (0, |m, _| finder::expectation_candidates(m))
        }
    };
    // The reach picks among the destinations of `d`: the same list.
    let cache_kind = match kind {
        FinderKind::Reach => FinderKind::Destination,
        k => k,
    };
    let cands = app
        .panels
        .finder_candidates
        .get(cache_kind, vpc, || build(m, vpc));
    app.panels.finder = Some(Finder::new(kind, cands));
    fit_finder(app);
}

/// Is a help search being typed?
fn help_typing(app: &App) -> bool {
    matches!(app.panels.popup, Some(Popup::Help { typing: true, .. }))
}

/// Change the help search and scroll to its first match from the top (`step` 0), or to the
/// next match after the line shown first (`step` 1).
fn help_search(app: &mut App, f: impl FnOnce(&mut String), step: usize) {
    let Some(Popup::Help { search, .. }) = &mut app.panels.popup else {
        return;
    };
    f(search);
    let query = search.clone();
    // The help is drawn at the popup's width less its border and margins (view/help.rs).
    let w = layout_now(app)
        .popup
        .map(|r| r.width.saturating_sub(4))
        .unwrap_or(76);
    let lines = super::lines::help::lines(app, w);
    let Some(Popup::Help { scroll, .. }) = &mut app.panels.popup else {
        return;
    };
    let from = if step == 0 { 0 } else { scroll.offset + 1 };
    match super::lines::help::next_help_match(&lines, &query, from) {
        Some(i) => scroll.offset = i,
        None if !query.trim().is_empty() => {
            app.status = Some(format!(
                "nothing in the help matches “{}”",
                crate::text::escape(&query)
            ))
        }
        None => scroll.offset = 0,
    }
}

fn edit_query(app: &mut App, f: impl FnOnce(&mut String)) {
    let Some(fd) = app.panels.finder.as_mut() else {
        return;
    };
    let mut q = fd.query.clone();
    f(&mut q);
    fd.set_query(q);
    fit_finder(app);
}

fn fit_finder(app: &mut App) {
    let l = layout_now(app);
    let h = l.finder_list.map(|r| r.height as usize).unwrap_or(10);
    if let Some(f) = app.panels.finder.as_mut() {
        f.fit(h);
    }
}

fn accept_finder(app: &mut App) {
    let Some(f) = app.panels.finder.take() else {
        return;
    };
    let Some((value, object)) = f.choice() else {
        app.panels.finder = Some(f);
        app.status = Some("nothing matches; Esc closes the finder".into());
        return;
    };
    if matches!(f.kind, FinderKind::Source | FinderKind::Destination) {
        app.request.options = Default::default();
        app.request.expectation = None;
    }
    match f.kind {
        FinderKind::Expectation => {
            if let Ok(i) = value.parse::<usize>() {
                trace_expectation(app, i);
            }
        }
        FinderKind::Source => {
            app.request.source = Some(value.clone());
            if let Some(v) = source_vpc(&app.model, &value)
                && v != app.map.view.vpc
            {
                switch_vpc(app, v);
            }
            match object {
                Some(o) => jump_in_view(app, o),
                None => {
                    if let Ok(ip) = value.parse::<Ipv4Addr>()
                        && let Some(s) = app.model.subnet_in_vpc(app.map.view.vpc, ip)
                    {
                        jump_in_view(app, ObjectRef::Subnet(s));
                    }
                }
            }
            if app.request.destination.is_some() {
                run_trace(app, false);
            } else {
                app.status = Some(format!(
                    "source {}; now pick a destination with d",
                    crate::text::escape(&value)
                ));
            }
        }
        FinderKind::Destination => {
            app.request.destination = Some(value.clone());
            if app.request.source.is_some() {
                run_trace(app, false);
            } else {
                app.status = Some(format!(
                    "destination {}; now pick a source with s",
                    crate::text::escape(&value)
                ));
            }
        }
        FinderKind::Search => {
            if let Some(o) = object {
                jump_to(app, o);
            }
        }
        FinderKind::Palette => super::palette_run::accept(app, &value, object),
        FinderKind::Reach => super::reach::start(app, &value),
    }
}

/// `S` / `D`: the object under the map cursor becomes the source or the destination.
fn use_selected(app: &mut App, as_source: bool) {
    // On the overview: the entry under its cursor (a site stands for its first host).
    let on_overview = app
        .overview
        .on
        .then(|| super::overview::selected_object(app));
    let Some(o) = on_overview.unwrap_or_else(|| app.map.view.object_at(app.map.cursor)) else {
        app.status = Some("select an object on the map first (arrows or h/j/k/l)".into());
        return;
    };
    let id = app.model.id_of(o).to_string();
    let can_send = match o {
        ObjectRef::Instance(_) | ObjectRef::Subnet(_) | ObjectRef::Host(_) => true,
        ObjectRef::Endpoint(e) => {
            app.model.endpoints[e].kind == crate::model::EndpointKind::InstanceConnect
        }
        _ => false,
    };
    if as_source && !can_send {
        app.status = Some(format!(
            "{} is a {}: a source is an instance, a subnet, an instance-connect endpoint or a site host",
            crate::text::escape(&id),
            o.kind_name()
        ));
        return;
    }
    let r = &mut app.request;
    if as_source {
        r.source = Some(id.clone());
    } else {
        r.destination = Some(id.clone());
    }
    r.options = Default::default();
    r.expectation = None;
    if app.request.source.is_some() && app.request.destination.is_some() {
        run_trace(app, false);
    } else {
        app.status = Some(format!(
            "{} {}; {}",
            if as_source { "source" } else { "destination" },
            crate::text::escape(&id),
            missing_hint(app)
        ));
    }
}

/// Trace the model's expectation `i` with its own source, destination and options.
pub fn trace_expectation(app: &mut App, i: usize) {
    let Some(e) = app.model.expectations.get(i).cloned() else {
        return;
    };
    app.request.source = Some(e.from.clone());
    app.request.destination = Some(e.to.clone());
    app.request.options = crate::engine::QueryOptions {
        port: e.port,
        protocol: e.protocol.clone(),
        action: e.action.clone(),
        resource: e.resource.clone(),
        principal: e.principal.clone(),
        ..Default::default()
    };
    app.request.expectation = Some(i);
    if let Some(v) = source_vpc(&app.model, &e.from)
        && v != app.map.view.vpc
    {
        switch_vpc(app, v);
    }
    if let Some(o) = app.model.lookup(&e.from) {
        jump_in_view(app, o);
    }
    run_trace(app, false);
}

/// Add a request to the history (after the position shown: going back then tracing
/// something else drops what was ahead), unless it is the one shown.
fn remember(app: &mut App, src: &str, dst: &str) {
    let r = &mut app.request;
    let t = super::state::Traced {
        source: src.to_string(),
        destination: dst.to_string(),
        options: r.options.clone(),
        expectation: r.expectation,
    };
    if r.history.get(r.at) == Some(&t) {
        return;
    }
    if !r.history.is_empty() {
        r.history.truncate(r.at + 1);
    }
    r.history.push(t);
    r.at = r.history.len() - 1;
}

/// `[` / `]`: trace the previous / next request of the history.
fn history(app: &mut App, d: i32) {
    let r = &app.request;
    let to = r.at as i64 + d as i64;
    if r.history.is_empty() || to < 0 || to >= r.history.len() as i64 {
        app.status = Some(format!(
            "no {} request in the history ({} traced)",
            if d < 0 { "earlier" } else { "later" },
            r.history.len()
        ));
        return;
    }
    let t = r.history[to as usize].clone();
    app.request.at = to as usize;
    app.request.source = Some(t.source.clone());
    app.request.destination = Some(t.destination.clone());
    app.request.options = t.options;
    app.request.expectation = t.expectation;
    if let Some(v) = source_vpc(&app.model, &t.source)
        && v != app.map.view.vpc
    {
        switch_vpc(app, v);
    }
    run_trace(app, false);
    app.status = Some(format!(
        "request {} of {}: {} → {}",
        to + 1,
        app.request.history.len(),
        crate::text::escape(&t.source),
        crate::text::escape(&t.destination)
    ));
}

/// The VPC a source (id or address) lives in.
fn source_vpc(m: &Model, s: &str) -> Option<Ix> {
    if let Some(r) = m.lookup(s) {
        return vpc_of(m, r);
    }
    if let [r] = m.by_name(s) {
        return vpc_of(m, *r);
    }
    let ip: Ipv4Addr = s.parse().ok()?;
    m.subnets_for_ip(ip).first().map(|&sub| m.subnets[sub].vpc)
}

/// Show an object: switch to its VPC, put the cursor on it (or show it in the details).
pub fn jump_to(app: &mut App, o: ObjectRef) {
    if let Some(v) = vpc_of(&app.model, o)
        && v != app.map.view.vpc
    {
        switch_vpc(app, v);
    }
    if app.map.view.find(o).is_some() {
        jump_in_view(app, o);
        app.panels.focus = Panel::Vpc;
        app.panels.top = Panel::Vpc;
    } else {
        app.map.selected = Some(o);
        app.panels.details.offset = 0;
        app.panels.focus = Panel::Details;
        app.panels.top = Panel::Details;
    }
}

/// Put the cursor on an object of the VPC shown, if it is drawn there.
fn jump_in_view(app: &mut App, o: ObjectRef) {
    if let Some(c) = app.map.view.find(o) {
        set_cursor(app, c);
    }
    app.map.selected = Some(o);
}

// ---------------------------------------------------------------- VPCs

fn cycle_vpc(app: &mut App, d: i32) {
    let n = app.model.vpcs.len() as i32;
    if n == 0 {
        return;
    }
    if n == 1 {
        app.status = Some("this model has one VPC".into());
        return;
    }
    let v = (app.map.view.vpc as i32 + d).rem_euclid(n) as usize;
    switch_vpc(app, v);
    app.status = Some(format!(
        "VPC {} of {}: {}",
        v + 1,
        n,
        crate::text::escape(&app.model.vpcs[v].id)
    ));
}

/// Show another VPC (the trace and its highlights stay).
pub fn switch_vpc(app: &mut App, v: Ix) {
    if v >= app.model.vpcs.len() {
        return;
    }
    app.map.view = VpcView::build(&app.model, v);
    app.map.az_scroll = vec![0; app.map.view.columns.len()];
    app.map.zone_offset = 0;
    app.map.strip_offset = 0;
    app.map.last_col = 0;
    app.map.cursor = Cursor {
        col: if app.map.view.columns.is_empty() {
            app.map.view.strip_col()
        } else {
            0
        },
        sub: 0,
        item: None,
    };
    app.map.selected = app.map.view.object_at(app.map.cursor);
    app.panels.details.offset = 0;
    if !app.map.filter.is_empty() {
        super::map_filter::apply(app);
    }
}

// ---------------------------------------------------------------- trace

/// Run the engine for the current source and destination. `keep_step` keeps the selected
/// step (re-runs); otherwise the failing step (or the first) is selected.
pub fn run_trace(app: &mut App, keep_step: bool) {
    let (Some(src), Some(dst)) = (app.request.source.clone(), app.request.destination.clone())
    else {
        return;
    };
    if !keep_step {
        remember(app, &src, &dst);
    }
    match engine::trace(&app.model, &src, &dst, &app.request.options) {
        Ok(t) => {
            let last = t.steps.len().saturating_sub(1);
            let step = if keep_step && app.run.trace.is_some() {
                app.run.step.min(last)
            } else if t.verdict == Verdict::Blocked {
                t.steps
                    .iter()
                    .position(|s| s.status == Status::Fail)
                    .unwrap_or(last)
            } else {
                0
            };
            app.run.trace = Some(t);
            app.run.trace_error = None;
            app.panels.trace.offset = 0;
            set_step(app, step);
        }
        Err(e) => {
            app.run.trace = None;
            app.run.trace_error = Some(match e.help {
                Some(h) => format!("{}\n{}", e.message, h),
                None => e.message,
            });
            app.map.highlight.clear();
            app.map.highlight_addrs.clear();
            app.run.mark = None;
            app.run.step = 0;
            app.panels.trace.offset = 0;
        }
    }
}

fn step_by(app: &mut App, d: i32) {
    let Some(t) = &app.run.trace else {
        app.status = Some(if app.run.trace_error.is_some() {
            "no trace: fix the source or destination (s, d)".into()
        } else {
            missing_hint(app)
        });
        return;
    };
    let n = t.steps.len() as i32;
    if n == 0 {
        return;
    }
    let s = (app.run.step as i32 + d).clamp(0, n - 1) as usize;
    set_step(app, s);
}

/// Select a trace step: highlight its objects, point the details at its main object and the
/// route / rule / statement it used.
pub fn set_step(app: &mut App, s: usize) {
    app.run.step = s;
    app.map.highlight.clear();
    app.map.highlight_addrs.clear();
    app.run.mark = None;
    let Some(step) = app.current_step().cloned() else {
        return;
    };
    let m = &app.model;
    let look = |id: &str| {
        m.lookup(id)
            .or_else(|| m.resource_object(id))
            .or_else(|| match m.by_name(id) {
                [r] => Some(*r),
                _ => None,
            })
    };
    let objs: Vec<ObjectRef> = step.objects.iter().filter_map(|id| look(id)).collect();
    // The engine's typed focus: what the step is about and the row it used.
    let focus = &step.focus;
    app.map
        .highlight_addrs
        .extend(focus.addresses.iter().cloned());
    let main: Option<ObjectRef> = focus
        .main
        .as_deref()
        .and_then(look)
        .or_else(|| objs.first().copied());
    let mark = match &focus.mark {
        Some(FocusMark::Route { table, destination }) => match look(table) {
            Some(ObjectRef::RouteTable(t)) => Some(Mark::Route {
                table: t,
                destination: destination.clone(),
            }),
            _ => None,
        },
        Some(FocusMark::SgRule {
            group,
            outbound,
            rule,
        }) => match look(group) {
            Some(ObjectRef::SecurityGroup(g)) => Some(Mark::SgRule {
                group: g,
                outbound: *outbound,
                rule: *rule,
            }),
            _ => None,
        },
        Some(FocusMark::AclRule {
            acl,
            outbound,
            rule,
        }) => match look(acl) {
            Some(ObjectRef::NetworkAcl(a)) => Some(Mark::AclRule {
                acl: a,
                outbound: *outbound,
                rule: rule.clone(),
            }),
            _ => None,
        },
        Some(FocusMark::Statement { owner, statement }) => look(owner).map(|o| Mark::Statement {
            owner: o,
            statement: statement.clone(),
        }),
        None => None,
    };
    app.run.mark = mark;
    app.map.highlight.extend(objs.iter().copied());
    if let Some(r) = main {
        app.map.highlight.insert(r);
        // Show the VPC the step happens in, when the one shown has none of its objects.
        let vpcs: Vec<Ix> = app
            .map
            .highlight
            .iter()
            .filter_map(|&o| vpc_of(&app.model, o))
            .collect();
        if !vpcs.is_empty() && !vpcs.contains(&app.map.view.vpc) {
            let v = vpc_of(&app.model, r).unwrap_or(vpcs[0]);
            switch_vpc(app, v);
        }
        // On the interface the step used, when it names one (the chosen DNS answer).
        let at = app
            .map
            .view
            .find_item(r, |it| super::view::vpc::item_highlighted(app, it))
            .or_else(|| app.map.view.find(r));
        if let Some(c) = at {
            set_cursor(app, c);
            app.map.selected = Some(r);
        } else {
            // Keep the cursor, show a highlighted object of this VPC if there is one.
            if let Some(o) = objs
                .iter()
                .copied()
                .find(|&o| app.map.view.find(o).is_some())
                && let Some(c) = app.map.view.find(o)
            {
                let keep = app.map.selected;
                set_cursor(app, c);
                app.map.selected = keep;
            }
            app.map.selected = Some(r);
        }
        app.panels.details.offset = 0;
        app.panels.reveal.mark = app.run.mark.is_some();
    }
    super::overview::follow_step(app);
    ensure_step_visible(app);
}

/// Rows of the trace panel the steps get as on screen (the verdict is pinned below them).
fn trace_body_rows(app: &App) -> usize {
    let l = layout_now(app);
    app.lines
        .trace
        .body_rows(l.trace.height.saturating_sub(2) as usize)
}

/// Ask the settle step to bring the selected step on screen.
fn ensure_step_visible(app: &mut App) {
    app.panels.reveal.step = true;
}

fn open_concept(app: &mut App) {
    match app.current_step() {
        Some(s) => {
            let c = concepts::for_step(s);
            app.panels.popup = Some(Popup::Concept {
                id: c.id,
                scroll: Default::default(),
            });
        }
        None => app.status = Some("no trace step selected; ? lists every concept".into()),
    }
}

fn activate(app: &mut App) {
    if let Some(p) = app.panels.popup.take() {
        if let Popup::Concepts { sel, .. } = p {
            super::rulebook::index_open(app, sel);
            return;
        }
        if let Popup::Expectations { sel, .. } = p
            && sel < app.model.expectations.len()
        {
            trace_expectation(app, sel);
        }
        if let Popup::Reach { sel, .. } = p {
            super::reach::open(app, sel);
        }
        return;
    }
    match app.panels.focus {
        Panel::Vpc if app.overview.on => super::overview::activate(app),
        Panel::Vpc => {
            if let Some(o) = app.map.view.object_at(app.map.cursor) {
                app.map.selected = Some(o);
                app.panels.focus = Panel::Details;
                app.panels.top = Panel::Details;
            }
        }
        Panel::Trace => open_concept(app),
        Panel::Problems => {
            let id = app
                .problems()
                .nth(app.panels.problem_sel)
                .and_then(|d| d.object.clone());
            let m = &app.model;
            match id
                .as_deref()
                .and_then(|id| m.lookup(id).or_else(|| m.resource_object(id)))
            {
                Some(o) => jump_to(app, o),
                None => app.status = Some("this problem names no object of the model shown".into()),
            }
        }
        Panel::Details => {}
    }
}

// ---------------------------------------------------------------- mouse

fn click(app: &mut App, x: u16, y: u16) {
    let l = layout_now(app);
    if let Some((col, ci, row)) = overview_at(app, &l, x, y) {
        super::overview::click(app, col, ci, row);
        return;
    }
    match layout::hit(app, &l, x, y) {
        Hit::FinderRow(r) => {
            if let Some(f) = app.panels.finder.as_mut()
                && r < f.rows_len()
            {
                if f.selected == r {
                    accept_finder(app);
                } else {
                    f.selected = r;
                    fit_finder(app);
                }
            }
        }
        Hit::Popup => {}
        Hit::Nothing if app.panels.popup.is_some() || app.panels.finder.is_some() => {
            app.panels.popup = None;
            app.panels.finder = None;
        }
        Hit::Subnet { col, sub, item } => {
            app.panels.focus = Panel::Vpc;
            set_cursor(app, Cursor { col, sub, item });
        }
        Hit::Pane { .. } => app.panels.focus = Panel::Vpc,
        Hit::Chip(k) => {
            app.panels.focus = Panel::Vpc;
            set_cursor(
                app,
                Cursor {
                    col: app.map.view.strip_col(),
                    sub: k,
                    item: None,
                },
            );
        }
        Hit::Strip => app.panels.focus = Panel::Vpc,
        Hit::Details => app.panels.focus = Panel::Details,
        Hit::Trace { row } => {
            app.panels.focus = Panel::Trace;
            let bh = trace_body_rows(app);
            let line = if row < bh {
                app.lines.trace.body.get(app.panels.trace.offset + row)
            } else {
                None
            };
            if let Some(s) = line.and_then(|l| l.step)
                && s != app.run.step
            {
                set_step(app, s);
            }
        }
        Hit::Problems { row } => {
            app.panels.focus = Panel::Problems;
            if let Some((Some(k), _)) = app.lines.problems.get(app.panels.problems.offset + row) {
                app.panels.problem_sel = *k;
            }
        }
        Hit::Header | Hit::Footer | Hit::Nothing => {}
    }
}

/// The overview's column under a screen position (its entries, its index, the line of it
/// on screen), when the overview is there and nothing is over it.
fn overview_at(
    app: &App,
    l: &layout::Layout,
    x: u16,
    y: u16,
) -> Option<(std::ops::Range<usize>, usize, usize)> {
    let r = l.vpc.filter(|_| app.overview.on && l.popup.is_none())?;
    let p = ratatui::layout::Position { x, y };
    super::view::overview::columns(app, r)
        .into_iter()
        .enumerate()
        .find(|(_, (_, rect))| rect.contains(p))
        .map(|(ci, (col, rect))| (col, ci, (y - rect.y) as usize))
}

fn wheel(app: &mut App, x: u16, y: u16, down: bool) {
    let l = layout_now(app);
    if let Some((col, ci, _)) = overview_at(app, &l, x, y) {
        super::overview::wheel(app, col, ci, down);
        return;
    }
    let d: i64 = if down { 1 } else { -1 };
    let bump =
        |v: &mut usize, by: i64, max: usize| *v = ((*v as i64 + by).max(0) as usize).min(max);
    match layout::hit(app, &l, x, y) {
        Hit::Subnet { col, .. } | Hit::Pane { col } => {
            let n = app
                .map
                .view
                .columns
                .get(col)
                .map(|c| c.subnets.len())
                .unwrap_or(0);
            if let Some(s) = app.map.az_scroll.get_mut(col) {
                bump(s, d, n.saturating_sub(1));
            }
        }
        Hit::Chip(_) | Hit::Strip => {
            let n = app.map.view.strip.len();
            bump(&mut app.map.strip_offset, d, n.saturating_sub(1));
        }
        Hit::Details => bump(&mut app.panels.details.offset, 3 * d, usize::MAX / 2),
        Hit::Trace { .. } => {
            bump(&mut app.panels.trace.offset, 3 * d, usize::MAX / 2);
        }
        Hit::Problems { .. } => {
            let n = app.problem_count();
            bump(&mut app.panels.problems.offset, 3 * d, n.saturating_sub(1));
        }
        Hit::FinderRow(_) => {
            if let Some(f) = app.panels.finder.as_mut() {
                f.move_by(if down { 3 } else { -3 });
            }
            fit_finder(app);
        }
        Hit::Popup => {
            if let Some(p) = app.panels.popup.as_mut() {
                scroll_popup(p, 3 * d as i32);
            }
        }
        _ => {}
    }
}

/// Ask the settle step to bring the selected problem on screen.
fn ensure_problem_visible(app: &mut App) {
    app.panels.reveal.problem = true;
}

// ---------------------------------------------------------------- reload

fn reload(app: &mut App, forced: bool) {
    let Some(path) = app.file.model_path.clone() else {
        if forced {
            app.status = Some("the built-in tour has no file to reload".into());
        }
        return;
    };
    let r = crate::open::reopen(&path, &app.model.source);
    update(app, Message::Loaded(Box::new(r)));
}

/// A new good model: keep the VPC, the selection, the source and destination by id, and
/// run the trace again.
fn apply_model(app: &mut App, m: Model) {
    let vpc_id = app.model.vpcs.get(app.map.view.vpc).map(|v| v.id.clone());
    let sel_id = app.map.selected.map(|o| app.model.id_of(o).to_string());
    let cursor = app.map.cursor;
    let scrolls = (
        app.map.az_scroll.clone(),
        app.map.zone_offset,
        app.map.strip_offset,
    );
    app.model = m;
    super::overview::rebuild(app);
    // The reach ran over the old model: run it again over the new one.
    if let Some(to) = app
        .reach
        .matrix
        .take()
        .map(|m| m.to)
        .or(app.reach.running.take())
    {
        app.reach = Default::default();
        let popup = app.panels.popup.take();
        super::reach::start(app, &to);
        app.panels.popup = popup.filter(|p| !matches!(p, Popup::Reach { .. }));
    }
    app.panels.finder_candidates.clear();
    app.file.reload_errors.clear();
    app.file.reload_text = None;
    app.panels.problem_sel = app
        .panels
        .problem_sel
        .min(app.problem_count().saturating_sub(1));
    app.panels.problems.offset = 0;
    if app.panels.top == Panel::Problems && app.problem_count() == 0 {
        app.panels.top = Panel::Vpc;
    }
    if app.panels.focus == Panel::Problems && app.problem_count() == 0 {
        app.panels.focus = Panel::Vpc;
    }
    let v = vpc_id.and_then(|id| match app.model.lookup(&id) {
        Some(ObjectRef::Vpc(v)) => Some(v),
        _ => None,
    });
    if app.model.vpcs.is_empty() {
        app.map.view = VpcView::default();
        app.map.az_scroll.clear();
    } else {
        switch_vpc(app, v.unwrap_or(0));
        if v.is_some() && scrolls.0.len() == app.map.az_scroll.len() {
            app.map.az_scroll = scrolls.0;
            app.map.zone_offset = scrolls.1;
            app.map.strip_offset = scrolls.2;
            if app.map.view.object_at(cursor).is_some() {
                app.map.cursor = cursor;
            }
        }
    }
    app.map.selected = sel_id
        .and_then(|id| app.model.lookup(&id))
        .or(app.map.view.object_at(app.map.cursor));
    if app.request.source.is_some() && app.request.destination.is_some() {
        run_trace(app, true);
    } else {
        app.map.highlight.clear();
        app.map.highlight_addrs.clear();
        app.run.mark = None;
    }
    ensure_visible(app);
    let old = std::mem::take(&mut app.tests);
    app.tests = super::state::Tests::run(&app.model);
    app.tests.changes = test_changes(&old.results, &app.tests.results);
    let mut status = format!("reloaded {}", crate::text::escape(&app.model.source.name));
    if let Some(s) = app.tests.summary() {
        status.push_str(&format!(" · {s}"));
    }
    match app.tests.changes.as_slice() {
        [] => {}
        [one] => status.push_str(&format!(" · {one}")),
        more => status.push_str(&format!(" · {} expectations changed (E)", more.len())),
    }
    app.status = Some(status);
}

/// One line per expectation whose result changed between two runs (matched by source,
/// destination and name): `✗ i-a → s3://x: ALLOWED → BLOCKED`; new ones are named too.
fn test_changes(
    old: &[crate::engine::ExpectationResult],
    new: &[crate::engine::ExpectationResult],
) -> Vec<String> {
    use super::state::{result_got, result_mark};
    let mut out = Vec::new();
    for r in new {
        let before = old
            .iter()
            .find(|o| o.from == r.from && o.to == r.to && o.name == r.name);
        let now = result_got(r);
        let route = format!(
            "{} → {}",
            crate::text::escape(&r.from),
            crate::text::escape(&r.to)
        );
        match before {
            Some(b) if b.passed == r.passed && result_got(b) == now => {}
            Some(b) => {
                let was = result_got(b);
                let got = if was == now {
                    format!("still {now}, expects {}", r.expected.verdict.upper())
                } else {
                    format!("{was} → {now}")
                };
                out.push(format!(
                    "{}→{} {route}: {got}",
                    result_mark(b),
                    result_mark(r)
                ));
            }
            None => out.push(format!("{} {route}: new, {now}", result_mark(r))),
        }
    }
    out
}

/// Ids of the objects the selected step highlights (for tests and the header).
pub fn highlighted_ids(app: &App) -> HashSet<String> {
    app.map
        .highlight
        .iter()
        .map(|&o| app.model.id_of(o).to_string())
        .collect()
}
