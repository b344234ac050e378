//! The overview (`O`): the model whole, one entry per VPC, transit gateway, site, Resolver
//! endpoint and endpoint service, and the current trace's path across them.
//!
//! ```text
//! ┏ Overview · 5 VPCs · 1 transit gateway · 1 site (Enter: a VPC's AZ panes · o) ━━━━━━━━━┓
//! ┃ path: vpc-spoke-a ▸ tgw-core ▸ ✗vpc-hub                                               ┃
//! ┃ VPCs                                                                                  ┃
//! ┃▶ ▢ vpc-spoke-a 10.1.0.0/16 · acct spoke-a (222222222222)                   #1,2,3,4  ┃
//! ┃      AZs: us-east-1a · use1-az1  us-east-1b · use1-az2                                 ┃
//! ┃ Transit gateways                                                                      ┃
//! ┃  ⊗ tgw-core · acct network · 6 attachments · 3 route tables                  #5,6     ┃
//! ```
//! The left column: `✗` on what stopped the packet, `▶` on what the selected step uses; the
//! right: the steps (hops) that used each entry, and `◉` on the VPC whose AZ panes are shown.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{focused, panel, put, put_right, put_segs, scroll_marks, style_row};
use crate::tui::overview::{Node, TWO_COLUMNS_FROM};
use crate::tui::state::{App, Panel};
use crate::tui::theme;

/// Where the list of entries is drawn inside the overview's rectangle (also what the update
/// scrolls by): under the trace's path, and the reach's legend while one is shown.
pub fn list_rect(app: &App, r: Rect) -> Rect {
    let inner = Rect {
        x: r.x + 1,
        y: r.y + 1,
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    };
    let top = (1 + u16::from(app.reach.shown())).min(inner.height);
    Rect {
        y: inner.y + top,
        height: inner.height - top,
        ..inner
    }
}

fn title(app: &App) -> String {
    let m = &app.model;
    let count = |n: usize, one: &str, many: &str| -> Option<String> {
        match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        }
    };
    let parts: Vec<String> = [
        count(m.vpcs.len(), "VPC", "VPCs"),
        count(
            m.transit_gateways.len(),
            "transit gateway",
            "transit gateways",
        ),
        count(m.networks.len(), "site", "sites"),
        count(
            m.resolver_endpoints.len(),
            "Resolver endpoint",
            "Resolver endpoints",
        ),
        count(
            m.endpoint_services.len(),
            "endpoint service",
            "endpoint services",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!("Overview · {}", parts.join(" · "))
}

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let focus = focused(app, Panel::Vpc);
    let inner = panel(buf, r, &title(app), focus);
    if inner.height == 0 {
        return;
    }
    path_line(app, inner, buf);
    if app.reach.shown() && inner.height > 1 {
        put_segs(
            buf,
            inner.x + 1,
            inner.y + 1,
            inner.width.saturating_sub(1),
            &app.reach.legend(),
        );
    }
    let ov = &app.overview;
    for (ci, (col, list)) in columns(app, r).into_iter().enumerate() {
        draw_column(app, focus, col.clone(), list, ov.scroll[ci], buf);
        // The column's scroll marks on the bottom border under it.
        let under = Rect {
            x: list.x.saturating_sub(1),
            width: list.width + 2,
            ..r
        };
        let lines = ov.view.lines_in(col);
        scroll_marks(buf, under, ov.scroll[ci], list.height as usize, lines);
    }
}

/// The overview's columns: each one's entries and where it is drawn. From
/// [`TWO_COLUMNS_FROM`] columns of list on, the VPCs left and the rest right.
pub fn columns(app: &App, r: Rect) -> Vec<(std::ops::Range<usize>, Rect)> {
    let list = list_rect(app, r);
    let cols = app.overview.view.columns(list.width >= TWO_COLUMNS_FROM);
    if cols.len() == 1 {
        return cols.into_iter().map(|c| (c, list)).collect();
    }
    let lw = list.width / 2;
    let left = Rect {
        width: lw - 1,
        ..list
    };
    let right = Rect {
        x: list.x + lw,
        width: list.width - lw,
        ..list
    };
    cols.into_iter().zip([left, right]).collect()
}

/// One column of entries from line `scroll` on.
fn draw_column(
    app: &App,
    focus: bool,
    col: std::ops::Range<usize>,
    list: Rect,
    scroll: usize,
    buf: &mut Buffer,
) {
    let ov = &app.overview;
    let starts = ov.view.starts_in(col.clone());
    let mut heading = "";
    for (j, e) in ov.view.entries[col.clone()].iter().enumerate() {
        let k = col.start + j;
        let start = starts[j];
        // Only what is on screen is drawn.
        if start > scroll + list.height as usize {
            break;
        }
        // The section heading sits on the line before the section's first entry.
        if e.node.section() != heading {
            heading = e.node.section();
            draw_line(list, scroll, start - 1, buf, |x, y, w, buf| {
                put(buf, x + 1, y, w.saturating_sub(1), heading, theme::title());
            });
        }
        draw_line(list, scroll, start, buf, |x, y, w, buf| {
            head_line(app, focus, k, x, y, w, buf)
        });
        for (i, d) in e.details.iter().enumerate() {
            draw_line(list, scroll, start + 1 + i, buf, |x, y, w, buf| {
                let segs = vec![(format!("     {d}"), theme::dim())];
                put_segs(buf, x, y, w, &segs);
            });
        }
    }
}

/// An entry's head line: its marks, glyph and head, then its hops, `◉` and the reach's counts
/// on the right.
fn head_line(app: &App, focus: bool, k: usize, x: u16, y: u16, w: u16, buf: &mut Buffer) {
    let ov = &app.overview;
    let e = &ov.view.entries[k];
    let on_cursor = k == ov.cursor;
    let blocked = ov.path.blocked.contains(&k);
    let current = ov.path.current.contains(&k);
    let style = if on_cursor {
        theme::cursor(focus)
    } else if current {
        theme::highlight()
    } else {
        theme::bold()
    };
    if on_cursor {
        style_row(buf, x, y, w, style);
    }
    let (mark, mark_style) = if blocked {
        ("✗", theme::blocked())
    } else if current {
        ("▶", theme::highlight())
    } else {
        (" ", theme::text())
    };
    let mut right: Vec<String> = Vec::new();
    if let Some(h) = ov.path.hops.get(&k) {
        right.push(hops_label(h));
    }
    if e.node == Node::Vpc(app.map.view.vpc) && !app.model.vpcs.is_empty() {
        right.push("◉".into());
    }
    // The reach's verdicts of the sources in it (M).
    if let Some(counts) = crate::tui::reach::node_counts(app, e.node) {
        right.push(counts);
    }
    let right = right.join(" ");
    let rw = crate::text::width(&right) as u16;
    let segs = vec![
        (mark.to_string(), mark_style),
        (format!(" {} ", e.glyph), style),
        (e.head.clone(), style),
    ];
    let lw = w.saturating_sub(if rw > 0 { rw + 2 } else { 0 });
    put_segs(buf, x, y, lw, &segs);
    if rw > 0 {
        let st = if on_cursor { style } else { theme::key() };
        put_right(buf, x + w - 1, x, y, &right, st);
    }
}

/// Draw line `line` of the list if it is on screen.
fn draw_line(
    list: Rect,
    scroll: usize,
    line: usize,
    buf: &mut Buffer,
    f: impl FnOnce(u16, u16, u16, &mut Buffer),
) {
    if line < scroll || line - scroll >= list.height as usize {
        return;
    }
    f(list.x, list.y + (line - scroll) as u16, list.width, buf);
}

/// `#1,4`: the steps that used an entry (at most four numbers, else three then `+N`).
fn hops_label(h: &[usize]) -> String {
    let shown: Vec<String> = h
        .iter()
        .take(if h.len() > 4 { 3 } else { 4 })
        .map(|n| n.to_string())
        .collect();
    let more = if h.len() > 4 {
        format!("+{}", h.len() - 3)
    } else {
        String::new()
    };
    format!("#{}{more}", shown.join(","))
}

/// The first line: the path the trace takes over the entries, `✗` on the one that stopped
/// it; a hint without a trace.
fn path_line(app: &App, inner: Rect, buf: &mut Buffer) {
    let ov = &app.overview;
    let y = inner.y;
    if app.run.trace.is_none() {
        put(
            buf,
            inner.x + 1,
            y,
            inner.width.saturating_sub(1),
            "no trace: s picks a source, d a destination — their path is drawn here",
            theme::dim(),
        );
        return;
    }
    let mut segs: Vec<(String, Style)> = vec![("path: ".into(), theme::dim())];
    for (i, &e) in ov.path.order.iter().enumerate() {
        if i > 0 {
            segs.push((" ▸ ".into(), theme::dim()));
        }
        if ov.path.blocked.contains(&e) && !ov.path.order[i + 1..].contains(&e) {
            segs.push(("✗".into(), theme::blocked()));
        }
        let st = if ov.path.current.contains(&e) {
            theme::highlight()
        } else {
            theme::text()
        };
        segs.push((ov.view.entries[e].id.clone(), st));
    }
    put_segs(buf, inner.x + 1, y, inner.width.saturating_sub(1), &segs);
}
