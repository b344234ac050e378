//! The whole update step: `update(&mut App, Message)`. No drawing, no terminal. It may read
//! the model file (`r`, a change on disk) and runs the trace engine; everything else is state.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use ratatui::layout::Rect;

use super::concepts;
use super::finder::{self, Finder, vpc_of};
use super::layout::{self, Hit, box_height, item_cap};
use super::message::{Dir, FinderKind, Message};
use super::state::{App, Cursor, Mark, Panel, Popup, VpcView};
use crate::engine::FocusMark;
use crate::engine::{self, Status, Verdict};
use crate::model::{Ix, Model, ObjectRef};

/// Apply one message.
pub fn update(app: &mut App, msg: Message) {
    if !matches!(
        msg,
        Message::Resize(..) | Message::FileChanged | Message::Loaded(_) | Message::Wheel { .. }
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
            if app.finder.is_some() {
                app.finder = None;
            } else if app.popup.is_some() {
                app.popup = None;
            } else if matches!(app.focus, Panel::Details | Panel::Problems) {
                // Back to the VPC view (on a narrow screen it takes the area back).
                app.focus = Panel::Vpc;
                app.top = Panel::Vpc;
                ensure_visible(app);
            }
        }
        Message::RunTrace => {
            if app.source.is_none() || app.destination.is_none() {
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
        Message::Help => app.popup = Some(Popup::Help { scroll: 0 }),
        Message::Reload => reload(app, true),
        Message::FileChanged => reload(app, false),
        Message::FinderInput(c) => edit_query(app, |q| q.push(c)),
        Message::FinderPaste(s) => edit_query(app, |q| {
            q.extend(s.chars().filter(|c| !crate::text::is_unsafe(*c)));
        }),
        Message::FinderBackspace => edit_query(app, |q| {
            q.pop();
        }),
        Message::FinderClear => edit_query(app, |q| q.clear()),
        Message::FinderMove(d) => {
            if let Some(f) = app.finder.as_mut() {
                f.move_by(d);
            }
            fit_finder(app);
        }
        Message::FinderComplete => {
            let text = app
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
                app.watch_files = m.source.files.clone();
                apply_model(app, m)
            }
            Err(e) => {
                if let Some(s) = &e.source {
                    app.watch_files = s.files.clone();
                }
                let n = e.errors().count().max(1);
                app.reload_errors = e.diagnostics;
                app.reload_errors.sort_by_key(|d| d.severity);
                app.problem_sel = 0;
                app.problems_scroll = 0;
                app.status = Some(format!(
                    "reload failed: {n} error{} in the model file; the last good model stays on screen",
                    if n == 1 { "" } else { "s" }
                ));
                if narrow(app) && app.finder.is_none() {
                    app.top = Panel::Problems;
                }
            }
        },
    }
    refresh_lines(app);
}

/// Build the line models the layout and the views read ([`super::state::LineCache`]): the
/// trace's lines, then (with the layout they give) the selected object's details.
pub fn refresh_lines(app: &mut App) {
    refresh_trace_lines(app);
    let w = details_width(app);
    app.lines.details = app
        .selected
        .map(|o| super::view::details::lines(app, o, w))
        .unwrap_or_default();
    app.lines.details_w = w;
    app.lines.details_for = app.selected;
}

/// Rebuild the trace's lines for the state as it is now (update reads them, and the layout
/// counts them, after changing what the trace panel shows).
fn refresh_trace_lines(app: &mut App) {
    let w = trace_width(app);
    app.lines.trace = super::view::trace::lines(app, w);
    app.lines.trace_w = w;
}

/// The layout for the state as it is now.
fn layout_now(app: &mut App) -> layout::Layout {
    refresh_trace_lines(app);
    layout::compute(app, screen(app))
}

fn narrow(app: &App) -> bool {
    app.size.0 < layout::WIDE_W
}

fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

fn missing_hint(app: &App) -> String {
    match (&app.source, &app.destination) {
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
    let panels = app.panels();
    let i = panels.iter().position(|p| *p == app.focus).unwrap_or(0) as i32;
    let n = panels.len() as i32;
    app.focus = panels[(i + d).rem_euclid(n) as usize];
    if matches!(app.focus, Panel::Vpc | Panel::Details | Panel::Problems) {
        app.top = app.focus;
    }
    ensure_visible(app);
}

fn move_in_focus(app: &mut App, d: Dir) {
    if let Some(p) = app.popup.as_mut() {
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
    match app.focus {
        Panel::Vpc => move_cursor(app, d),
        Panel::Details => match d {
            Dir::Up => app.details_scroll = app.details_scroll.saturating_sub(1),
            Dir::Down => app.details_scroll += 1,
            _ => {}
        },
        // Without a trace, the panel holds hints and the model's description: scroll it.
        Panel::Trace if app.trace.is_none() => {
            match d {
                Dir::Up => app.trace_scroll = app.trace_scroll.saturating_sub(1),
                Dir::Down => app.trace_scroll += 1,
                _ => {}
            }
            clamp_trace_scroll(app);
        }
        Panel::Trace => match d {
            Dir::Up => step_by(app, -1),
            Dir::Down => step_by(app, 1),
            _ => {}
        },
        Panel::Problems => {
            let n = app.problem_count();
            match d {
                Dir::Up => app.problem_sel = app.problem_sel.saturating_sub(1),
                Dir::Down if app.problem_sel + 1 < n => app.problem_sel += 1,
                _ => {}
            }
            ensure_problem_visible(app);
        }
    }
}

fn page(app: &mut App, d: Dir) {
    let sign: i32 = if d == Dir::Up { -1 } else { 1 };
    if let Some(p) = app.popup.as_mut() {
        let h = app.size.1.saturating_sub(6).max(1) as i32;
        scroll_popup(p, sign * h);
        return;
    }
    let l = layout_now(app);
    let h = |r: Option<Rect>| {
        r.map(|r| r.height.saturating_sub(2).max(1) as usize)
            .unwrap_or(5)
    };
    match app.focus {
        Panel::Vpc => {
            let col = app.cursor.col;
            if col < app.view.columns.len() {
                let n = app.view.columns[col].subnets.len();
                let shown = l
                    .panes
                    .iter()
                    .find(|p| p.col == col)
                    .map(|p| p.boxes.len())
                    .unwrap_or(1)
                    .max(1);
                let sub = if sign < 0 {
                    app.cursor.sub.saturating_sub(shown)
                } else {
                    (app.cursor.sub + shown).min(n.saturating_sub(1))
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
            app.details_scroll = if sign < 0 {
                app.details_scroll.saturating_sub(n)
            } else {
                app.details_scroll + n
            };
        }
        Panel::Trace => {
            let n = h(Some(l.trace));
            app.trace_scroll = if sign < 0 {
                app.trace_scroll.saturating_sub(n)
            } else {
                app.trace_scroll + n
            };
            clamp_trace_scroll(app);
        }
        Panel::Problems => {
            let n = h(l.problems);
            let max = app.problem_count().saturating_sub(1);
            app.problem_sel = if sign < 0 {
                app.problem_sel.saturating_sub(n)
            } else {
                (app.problem_sel + n).min(max)
            };
            ensure_problem_visible(app);
        }
    }
}

fn home_end(app: &mut App, home: bool) {
    if let Some(p) = app.popup.as_mut() {
        let s = match p {
            Popup::Help { scroll } | Popup::Concept { scroll, .. } => scroll,
        };
        *s = if home { 0 } else { usize::MAX / 2 };
        return;
    }
    match app.focus {
        Panel::Vpc => {
            let col = app.cursor.col;
            if col < app.view.columns.len() {
                let n = app.view.columns[col].subnets.len();
                let sub = if home { 0 } else { n.saturating_sub(1) };
                set_cursor(
                    app,
                    Cursor {
                        col,
                        sub,
                        item: None,
                    },
                );
            } else if !app.view.strip.is_empty() {
                let sub = if home { 0 } else { app.view.strip.len() - 1 };
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
        Panel::Details => app.details_scroll = if home { 0 } else { usize::MAX / 2 },
        Panel::Trace => {
            if let Some(t) = &app.trace {
                let last = t.steps.len().saturating_sub(1);
                set_step(app, if home { 0 } else { last });
            }
        }
        Panel::Problems => {
            app.problem_sel = if home {
                0
            } else {
                app.problem_count().saturating_sub(1)
            };
            ensure_problem_visible(app);
        }
    }
}

fn scroll_popup(p: &mut Popup, d: i32) {
    let s = match p {
        Popup::Help { scroll } | Popup::Concept { scroll, .. } => scroll,
    };
    *s = (*s as i64 + d as i64).max(0) as usize;
}

/// Move the VPC view's cursor.
fn move_cursor(app: &mut App, d: Dir) {
    let v = &app.view;
    let strip = v.strip_col();
    let mut c = app.cursor;
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
                let col = app.last_col.min(v.columns.len() - 1);
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
        match d {
            Dir::Down => match c.item {
                None if !s.items.is_empty() => c.item = Some(0),
                Some(k) if k + 1 < s.items.len() => c.item = Some(k + 1),
                _ if c.sub + 1 < col.subnets.len() => {
                    c.sub += 1;
                    c.item = None;
                }
                _ if !v.strip.is_empty() => {
                    app.last_col = c.col;
                    c = Cursor {
                        col: strip,
                        sub: app.strip_offset.min(v.strip.len() - 1),
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
                    let n = col.subnets[c.sub].items.len();
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
    app.cursor = c;
    if c.col < app.view.columns.len() {
        app.last_col = c.col;
    }
    let obj = app.view.object_at(c);
    if obj != app.selected {
        app.selected = obj;
        app.details_scroll = 0;
    }
    ensure_visible(app);
}

/// Scroll the AZ panes, the zones and the strip so the cursor is on screen.
pub fn ensure_visible(app: &mut App) {
    let c = app.cursor;
    let l = layout_now(app);
    let Some(area) = l.vpc else { return };
    let ncols = app.view.columns.len();
    if c.col < ncols {
        let n = layout::panes_fitting(area.width, ncols);
        if c.col < app.zone_offset {
            app.zone_offset = c.col;
        } else if c.col >= app.zone_offset + n {
            app.zone_offset = c.col + 1 - n;
        }
        app.zone_offset = app.zone_offset.min(ncols - n);
        // Vertical: is the cursor's box fully shown?
        let inner_h = area.height.saturating_sub(2);
        let cap = item_cap(app.size.1);
        let subs = &app.view.columns[c.col].subnets;
        let scroll = &mut app.az_scroll[c.col];
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
    } else if !app.view.strip.is_empty() {
        if c.sub < app.strip_offset {
            app.strip_offset = c.sub;
        } else {
            for _ in 0..app.view.strip.len() {
                let l = layout_now(app);
                if l.chips.iter().any(|ch| ch.chip == c.sub) || l.strip.is_none() {
                    break;
                }
                app.strip_offset += 1;
            }
        }
    }
}

// ---------------------------------------------------------------- finder

fn open_finder(app: &mut App, kind: FinderKind) {
    let m = &app.model;
    let vpc = app.view.vpc;
    // The candidates depend on the model, the kind and (for sources and destinations) a VPC:
    // built once, kept until the model changes.
    type Build = fn(&Model, Ix) -> Vec<finder::Candidate>;
    let (vpc, build): (Ix, Build) = match kind {
        FinderKind::Source => (vpc, finder::source_candidates),
        FinderKind::Destination => {
            // The region of the source's VPC when there is a source.
            let v = app
                .source
                .as_deref()
                .and_then(|s| source_vpc(m, s))
                .unwrap_or(vpc);
            (v, finder::destination_candidates)
        }
        FinderKind::Search => (0, |m, _| finder::object_candidates(m)),
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
    let cands = app.finder_candidates.get(kind, vpc, || build(m, vpc));
    app.finder = Some(Finder::new(kind, cands));
    fit_finder(app);
}

fn edit_query(app: &mut App, f: impl FnOnce(&mut String)) {
    let Some(fd) = app.finder.as_mut() else {
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
    if let Some(f) = app.finder.as_mut() {
        f.fit(h);
    }
}

fn accept_finder(app: &mut App) {
    let Some(f) = app.finder.take() else { return };
    let Some((value, object)) = f.choice() else {
        app.finder = Some(f);
        app.status = Some("nothing matches; Esc closes the finder".into());
        return;
    };
    if matches!(f.kind, FinderKind::Source | FinderKind::Destination) {
        app.options = Default::default();
        app.expectation = None;
    }
    match f.kind {
        FinderKind::Expectation => {
            let Some(e) = value
                .parse::<usize>()
                .ok()
                .and_then(|i| app.model.expectations.get(i).map(|e| (i, e.clone())))
            else {
                return;
            };
            let (i, e) = e;
            app.source = Some(e.from.clone());
            app.destination = Some(e.to.clone());
            app.options = crate::engine::QueryOptions {
                port: e.port,
                protocol: e.protocol.clone(),
                action: e.action.clone(),
                resource: e.resource.clone(),
                principal: e.principal.clone(),
                ..Default::default()
            };
            app.expectation = Some(i);
            if let Some(v) = source_vpc(&app.model, &e.from)
                && v != app.view.vpc
            {
                switch_vpc(app, v);
            }
            if let Some(o) = app.model.lookup(&e.from) {
                jump_in_view(app, o);
            }
            run_trace(app, false);
        }
        FinderKind::Source => {
            app.source = Some(value.clone());
            if let Some(v) = source_vpc(&app.model, &value)
                && v != app.view.vpc
            {
                switch_vpc(app, v);
            }
            match object {
                Some(o) => jump_in_view(app, o),
                None => {
                    if let Ok(ip) = value.parse::<Ipv4Addr>()
                        && let Some(s) = app.model.subnet_in_vpc(app.view.vpc, ip)
                    {
                        jump_in_view(app, ObjectRef::Subnet(s));
                    }
                }
            }
            if app.destination.is_some() {
                run_trace(app, false);
            } else {
                app.status = Some(format!(
                    "source {}; now pick a destination with d",
                    crate::text::escape(&value)
                ));
            }
        }
        FinderKind::Destination => {
            app.destination = Some(value.clone());
            if app.source.is_some() {
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
    }
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
        && v != app.view.vpc
    {
        switch_vpc(app, v);
    }
    if app.view.find(o).is_some() {
        jump_in_view(app, o);
        app.focus = Panel::Vpc;
        app.top = Panel::Vpc;
    } else {
        app.selected = Some(o);
        app.details_scroll = 0;
        app.focus = Panel::Details;
        app.top = Panel::Details;
    }
}

/// Put the cursor on an object of the VPC shown, if it is drawn there.
fn jump_in_view(app: &mut App, o: ObjectRef) {
    if let Some(c) = app.view.find(o) {
        set_cursor(app, c);
    }
    app.selected = Some(o);
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
    let v = (app.view.vpc as i32 + d).rem_euclid(n) as usize;
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
    app.view = VpcView::build(&app.model, v);
    app.az_scroll = vec![0; app.view.columns.len()];
    app.zone_offset = 0;
    app.strip_offset = 0;
    app.last_col = 0;
    app.cursor = Cursor {
        col: if app.view.columns.is_empty() {
            app.view.strip_col()
        } else {
            0
        },
        sub: 0,
        item: None,
    };
    app.selected = app.view.object_at(app.cursor);
    app.details_scroll = 0;
}

// ---------------------------------------------------------------- trace

/// Run the engine for the current source and destination. `keep_step` keeps the selected
/// step (re-runs); otherwise the failing step (or the first) is selected.
pub fn run_trace(app: &mut App, keep_step: bool) {
    let (Some(src), Some(dst)) = (app.source.clone(), app.destination.clone()) else {
        return;
    };
    match engine::trace(&app.model, &src, &dst, &app.options) {
        Ok(t) => {
            let last = t.steps.len().saturating_sub(1);
            let step = if keep_step && app.trace.is_some() {
                app.step.min(last)
            } else if t.verdict == Verdict::Blocked {
                t.steps
                    .iter()
                    .position(|s| s.status == Status::Fail)
                    .unwrap_or(last)
            } else {
                0
            };
            app.trace = Some(t);
            app.trace_error = None;
            app.trace_scroll = 0;
            set_step(app, step);
        }
        Err(e) => {
            app.trace = None;
            app.trace_error = Some(match e.help {
                Some(h) => format!("{}\n{}", e.message, h),
                None => e.message,
            });
            app.highlight.clear();
            app.highlight_addrs.clear();
            app.mark = None;
            app.step = 0;
            app.trace_scroll = 0;
        }
    }
}

fn step_by(app: &mut App, d: i32) {
    let Some(t) = &app.trace else {
        app.status = Some(if app.trace_error.is_some() {
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
    let s = (app.step as i32 + d).clamp(0, n - 1) as usize;
    set_step(app, s);
}

/// Select a trace step: highlight its objects, point the details at its main object and the
/// route / rule / statement it used.
pub fn set_step(app: &mut App, s: usize) {
    app.step = s;
    app.highlight.clear();
    app.highlight_addrs.clear();
    app.mark = None;
    let Some(step) = app.current_step().cloned() else {
        return;
    };
    let m = &app.model;
    let look = |id: &str| {
        m.lookup(id).or_else(|| match m.by_name(id) {
            [r] => Some(*r),
            _ => None,
        })
    };
    let objs: Vec<ObjectRef> = step.objects.iter().filter_map(|id| look(id)).collect();
    // The engine's typed focus: what the step is about and the row it used.
    let focus = &step.focus;
    app.highlight_addrs.extend(focus.addresses.iter().cloned());
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
    app.mark = mark;
    app.highlight.extend(objs.iter().copied());
    if let Some(r) = main {
        app.highlight.insert(r);
        // Show the VPC the step happens in, when the one shown has none of its objects.
        let vpcs: Vec<Ix> = app
            .highlight
            .iter()
            .filter_map(|&o| vpc_of(&app.model, o))
            .collect();
        if !vpcs.is_empty() && !vpcs.contains(&app.view.vpc) {
            let v = vpc_of(&app.model, r).unwrap_or(vpcs[0]);
            switch_vpc(app, v);
        }
        // On the interface the step used, when it names one (the chosen DNS answer).
        let at = app
            .view
            .find_item(r, |it| super::view::vpc::item_highlighted(app, it))
            .or_else(|| app.view.find(r));
        if let Some(c) = at {
            set_cursor(app, c);
            app.selected = Some(r);
        } else {
            // Keep the cursor, show a highlighted object of this VPC if there is one.
            if let Some(o) = objs.iter().copied().find(|&o| app.view.find(o).is_some())
                && let Some(c) = app.view.find(o)
            {
                let keep = app.selected;
                set_cursor(app, c);
                app.selected = keep;
            }
            app.selected = Some(r);
        }
        app.details_scroll = 0;
        if app.mark.is_some() {
            refresh_trace_lines(app);
            let w = details_width(app);
            let lines = super::view::details::lines(app, r, w);
            if let Some(k) = lines.iter().position(|l| l.marked) {
                app.details_scroll = k.saturating_sub(3);
            }
        }
    }
    ensure_step_visible(app);
}

/// The details panel's inner width (the trace's lines must be fresh: the layout counts them).
fn details_width(app: &App) -> u16 {
    let l = layout::compute(app, screen(app));
    l.details
        .map(|r| r.width.saturating_sub(2))
        .unwrap_or(app.size.0.saturating_sub(2))
}

fn trace_width(app: &App) -> u16 {
    app.size.0.saturating_sub(2)
}

/// Rows of the trace panel the steps get (the verdict is pinned below them), with the trace's
/// lines fresh.
fn trace_body_rows(app: &App) -> usize {
    let l = layout::compute(app, screen(app));
    app.lines
        .trace
        .body_rows(l.trace.height.saturating_sub(2) as usize)
}

fn ensure_step_visible(app: &mut App) {
    refresh_trace_lines(app);
    let h = trace_body_rows(app).max(1);
    let body = &app.lines.trace.body;
    let first = body
        .iter()
        .position(|x| x.step == Some(app.step))
        .unwrap_or(0);
    let last = body
        .iter()
        .rposition(|x| x.step == Some(app.step))
        .unwrap_or(first);
    if first < app.trace_scroll {
        app.trace_scroll = first;
    } else if last >= app.trace_scroll + h {
        app.trace_scroll = (last + 1).saturating_sub(h).min(first);
    }
    clamp_fresh_trace_scroll(app);
}

fn clamp_trace_scroll(app: &mut App) {
    refresh_trace_lines(app);
    clamp_fresh_trace_scroll(app);
}

fn clamp_fresh_trace_scroll(app: &mut App) {
    let h = trace_body_rows(app);
    let n = app.lines.trace.body.len();
    app.trace_scroll = app.trace_scroll.min(n.saturating_sub(h));
}

fn open_concept(app: &mut App) {
    match app.current_step() {
        Some(s) => {
            let c = concepts::for_step(s);
            app.popup = Some(Popup::Concept {
                id: c.id,
                scroll: 0,
            });
        }
        None => app.status = Some("no trace step selected; ? lists every concept".into()),
    }
}

fn activate(app: &mut App) {
    match app.focus {
        Panel::Vpc => {
            if let Some(o) = app.view.object_at(app.cursor) {
                app.selected = Some(o);
                app.focus = Panel::Details;
                app.top = Panel::Details;
            }
        }
        Panel::Trace => open_concept(app),
        Panel::Problems => {
            let id = app
                .problems()
                .nth(app.problem_sel)
                .and_then(|d| d.object.clone());
            match id.as_deref().and_then(|id| app.model.lookup(id)) {
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
    match layout::hit(app, &l, x, y) {
        Hit::FinderRow(r) => {
            if let Some(f) = app.finder.as_mut()
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
        Hit::Nothing if app.popup.is_some() || app.finder.is_some() => {
            app.popup = None;
            app.finder = None;
        }
        Hit::Subnet { col, sub, item } => {
            app.focus = Panel::Vpc;
            set_cursor(app, Cursor { col, sub, item });
        }
        Hit::Pane { .. } => app.focus = Panel::Vpc,
        Hit::Chip(k) => {
            app.focus = Panel::Vpc;
            set_cursor(
                app,
                Cursor {
                    col: app.view.strip_col(),
                    sub: k,
                    item: None,
                },
            );
        }
        Hit::Strip => app.focus = Panel::Vpc,
        Hit::Details => app.focus = Panel::Details,
        Hit::Trace { row } => {
            app.focus = Panel::Trace;
            refresh_trace_lines(app);
            let bh = trace_body_rows(app);
            let line = if row < bh {
                app.lines.trace.body.get(app.trace_scroll + row)
            } else {
                None
            };
            if let Some(s) = line.and_then(|l| l.step)
                && s != app.step
            {
                set_step(app, s);
            }
        }
        Hit::Problems { row } => {
            app.focus = Panel::Problems;
            let w = l.problems.map(|r| r.width.saturating_sub(2)).unwrap_or(10);
            let lines = super::view::problems::lines(app, w);
            if let Some((Some(k), _)) = lines.get(app.problems_scroll + row) {
                app.problem_sel = *k;
            }
        }
        Hit::Header | Hit::Footer | Hit::Nothing => {}
    }
}

fn wheel(app: &mut App, x: u16, y: u16, down: bool) {
    let l = layout_now(app);
    let d: i64 = if down { 1 } else { -1 };
    let bump =
        |v: &mut usize, by: i64, max: usize| *v = ((*v as i64 + by).max(0) as usize).min(max);
    match layout::hit(app, &l, x, y) {
        Hit::Subnet { col, .. } | Hit::Pane { col } => {
            let n = app
                .view
                .columns
                .get(col)
                .map(|c| c.subnets.len())
                .unwrap_or(0);
            if let Some(s) = app.az_scroll.get_mut(col) {
                bump(s, d, n.saturating_sub(1));
            }
        }
        Hit::Chip(_) | Hit::Strip => {
            let n = app.view.strip.len();
            bump(&mut app.strip_offset, d, n.saturating_sub(1));
        }
        Hit::Details => bump(&mut app.details_scroll, 3 * d, usize::MAX / 2),
        Hit::Trace { .. } => {
            bump(&mut app.trace_scroll, 3 * d, usize::MAX / 2);
            clamp_trace_scroll(app);
        }
        Hit::Problems { .. } => {
            let n = app.problem_count();
            bump(&mut app.problems_scroll, 3 * d, n.saturating_sub(1));
        }
        Hit::FinderRow(_) => {
            if let Some(f) = app.finder.as_mut() {
                f.move_by(if down { 3 } else { -3 });
            }
            fit_finder(app);
        }
        Hit::Popup => {
            if let Some(p) = app.popup.as_mut() {
                scroll_popup(p, 3 * d as i32);
            }
        }
        _ => {}
    }
}

fn ensure_problem_visible(app: &mut App) {
    let l = layout_now(app);
    let Some(r) = l.problems else { return };
    let h = r.height.saturating_sub(2).max(1) as usize;
    let lines = super::view::problems::lines(app, r.width.saturating_sub(2));
    let first = lines
        .iter()
        .position(|x| x.0 == Some(app.problem_sel))
        .unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|x| x.0 == Some(app.problem_sel))
        .unwrap_or(first);
    if first < app.problems_scroll {
        app.problems_scroll = first;
    } else if last >= app.problems_scroll + h {
        app.problems_scroll = (last + 1).saturating_sub(h).min(first);
    }
}

// ---------------------------------------------------------------- reload

fn reload(app: &mut App, forced: bool) {
    let Some(path) = app.model_path.clone() else {
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
    let vpc_id = app.model.vpcs.get(app.view.vpc).map(|v| v.id.clone());
    let sel_id = app.selected.map(|o| app.model.id_of(o).to_string());
    let cursor = app.cursor;
    let scrolls = (app.az_scroll.clone(), app.zone_offset, app.strip_offset);
    app.model = m;
    app.finder_candidates.clear();
    app.reload_errors.clear();
    app.problem_sel = app.problem_sel.min(app.problem_count().saturating_sub(1));
    app.problems_scroll = 0;
    if app.top == Panel::Problems && app.problem_count() == 0 {
        app.top = Panel::Vpc;
    }
    if app.focus == Panel::Problems && app.problem_count() == 0 {
        app.focus = Panel::Vpc;
    }
    let v = vpc_id.and_then(|id| match app.model.lookup(&id) {
        Some(ObjectRef::Vpc(v)) => Some(v),
        _ => None,
    });
    if app.model.vpcs.is_empty() {
        app.view = VpcView::default();
        app.az_scroll.clear();
    } else {
        switch_vpc(app, v.unwrap_or(0));
        if v.is_some() && scrolls.0.len() == app.az_scroll.len() {
            app.az_scroll = scrolls.0;
            app.zone_offset = scrolls.1;
            app.strip_offset = scrolls.2;
            if app.view.object_at(cursor).is_some() {
                app.cursor = cursor;
            }
        }
    }
    app.selected = sel_id
        .and_then(|id| app.model.lookup(&id))
        .or(app.view.object_at(app.cursor));
    if app.source.is_some() && app.destination.is_some() {
        run_trace(app, true);
    } else {
        app.highlight.clear();
        app.highlight_addrs.clear();
        app.mark = None;
    }
    ensure_visible(app);
    app.status = Some(format!(
        "reloaded {}",
        crate::text::escape(&app.model.source.name)
    ));
}

/// Ids of the objects the selected step highlights (for tests and the header).
pub fn highlighted_ids(app: &App) -> HashSet<String> {
    app.highlight
        .iter()
        .map(|&o| app.model.id_of(o).to_string())
        .collect()
}
