//! Pure render functions over `&App`: one per screen region, each drawing into the rectangle
//! [`super::layout::compute`] gave it. No I/O, no engine calls, no sorting or matching.
//!
//! Every model string goes through [`crate::text::escape`] before it is measured, and [`put`]
//! escapes again as a safety net, so control characters never reach the terminal.

pub mod details;
pub mod finder;
pub mod footer;
pub mod form;
pub mod header;
pub mod help;
pub mod overview;
pub mod partial;
pub mod problems;
pub mod trace;
pub mod vpc;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use super::layout::{self, MIN_H, MIN_W};
use super::state::{App, Panel};
use super::theme;
use crate::text::{escape_cow, width};

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Render the whole screen into a buffer.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let l = layout::compute(app, area);
    if l.too_small {
        too_small(area, buf);
        return;
    }
    header::render(app, l.header, buf);
    match l.vpc {
        Some(r) if app.overview.on => overview::render(app, r, buf),
        Some(_) => vpc::render(app, &l, buf),
        None => {}
    }
    if let Some(r) = l.details {
        details::render(app, r, buf);
    }
    if let Some(r) = l.problems {
        problems::render(app, r, buf);
    }
    trace::render(app, l.trace, buf);
    footer::render(app, l.footer, buf);
    if let Some(r) = l.popup {
        if app.panels.finder.is_some() {
            finder::render(app, &l, r, buf);
        } else {
            help::render(app, r, buf);
        }
    }
    form::render(app, area, buf);
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let msgs = [
        "terminal too small".to_string(),
        format!("need {MIN_W}x{MIN_H}, have {}x{}", area.width, area.height),
    ];
    for (i, m) in msgs.iter().enumerate() {
        let y = area.y + area.height / 2 + i as u16;
        if y >= area.bottom() && i > 0 {
            break;
        }
        let y = y.min(area.bottom().saturating_sub(1));
        let w = width(m) as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        put(buf, x, y, area.right().saturating_sub(x), m, theme::bold());
    }
}

/// Draw `s` at (x, y), at most `w` cells; returns the cells used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, w: u16, s: &str, style: Style) -> u16 {
    let area = *buf.area();
    if w == 0 || y >= area.bottom() || x >= area.right() {
        return 0;
    }
    let s = escape_cow(s);
    let w = w.min(area.right() - x);
    let (end, _) = buf.set_stringn(x, y, s.as_ref(), w as usize, style);
    end - x
}

/// Draw segments one after another, ending with `…` when cut; returns the cells used.
pub fn put_segs(buf: &mut Buffer, x: u16, y: u16, w: u16, segs: &[(String, Style)]) -> u16 {
    let total: usize = segs.iter().map(|(s, _)| width(&escape_cow(s))).sum();
    let cut = total > w as usize;
    let mut used = 0;
    for (s, st) in segs {
        if used >= w {
            break;
        }
        let s = escape_cow(s);
        let room = w - used;
        if cut && width(&s) >= room as usize {
            used += put(
                buf,
                x + used,
                y,
                room,
                &crate::text::truncate(&s, room as usize),
                *st,
            );
            break;
        }
        used += put(buf, x + used, y, room, &s, *st);
    }
    used
}

/// Give one row of `w` cells from (`x`, `y`) the style `style` (a cursor or selection bar).
pub fn style_row(buf: &mut Buffer, x: u16, y: u16, w: u16, style: Style) {
    buf.set_style(
        Rect {
            x,
            y,
            width: w,
            height: 1,
        },
        style,
    );
}

/// Draw `s` right-aligned so it ends at `right` (exclusive), never left of `min_x`.
pub fn put_right(buf: &mut Buffer, right: u16, min_x: u16, y: u16, s: &str, style: Style) {
    let w = width(s) as u16;
    let x = right.saturating_sub(w).max(min_x);
    put(buf, x, y, right.saturating_sub(x), s, style);
}

/// On a panel's bottom border: how many lines are above and below the part shown.
pub fn scroll_marks(buf: &mut Buffer, r: Rect, scroll: usize, shown: usize, total: usize) {
    let below = total.saturating_sub(scroll + shown);
    let text = match (scroll, below) {
        (0, 0) => return,
        (0, b) => format!(" ▼{b} "),
        (a, 0) => format!(" ▲{a} "),
        (a, b) => format!(" ▲{a} ▼{b} "),
    };
    put_right(
        buf,
        r.right().saturating_sub(1),
        r.x + 1,
        r.bottom().saturating_sub(1),
        &text,
        theme::key(),
    );
}

/// A bordered panel with a title; returns the inner area.
pub fn panel(buf: &mut Buffer, r: Rect, title: &str, focused: bool) -> Rect {
    panel_with(
        buf,
        r,
        Line::from(Span::styled(format!(" {title} "), theme::title())),
        focused,
    )
}

pub fn panel_with(buf: &mut Buffer, r: Rect, title: Line<'_>, focused: bool) -> Rect {
    let b = Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme::border(focused))
        .title(title);
    let inner = b.inner(r);
    b.render(r, buf);
    inner
}

/// Is this panel focused (and no popup over it)?
pub fn focused(app: &App, p: Panel) -> bool {
    app.panels.focus == p && app.panels.finder.is_none() && app.panels.popup.is_none()
}

pub use crate::text::wrap;

/// Wrap with a hanging indent: the first line `w` wide, the next ones indented by `indent`
/// (and `w - indent` wide).
pub fn wrap_hanging(text: &str, w: usize, indent: usize) -> Vec<String> {
    let indent = if indent * 2 < w { indent } else { 0 };
    let first = wrap(text, w);
    let Some(head) = first.first() else {
        return vec![];
    };
    let mut out = vec![head.clone()];
    if first.len() > 1 {
        // Everything after the first line, re-wrapped to the narrower width.
        let rest = text.get(head.len()..).unwrap_or("").trim_start();
        for l in wrap(rest, w.saturating_sub(indent).max(1)) {
            out.push(format!("{}{l}", " ".repeat(indent)));
        }
    }
    out
}

/// Prose as written in concept files and model descriptions: lines of a paragraph joined and
/// wrapped to `w`, `- ` items as bullets with a hanging indent, blank lines kept.
pub fn prose(text: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut bullet = false;
    let flush = |out: &mut Vec<String>, cur: &mut String, bullet: bool| {
        if cur.is_empty() {
            return;
        }
        if bullet {
            for (i, l) in wrap(cur, w.saturating_sub(4).max(10))
                .into_iter()
                .enumerate()
            {
                out.push(format!("{}{l}", if i == 0 { "• " } else { "  " }));
            }
        } else {
            out.extend(wrap(cur, w.max(10)));
        }
        cur.clear();
    };
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut out, &mut cur, bullet);
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            bullet = false;
        } else if let Some(rest) = t.strip_prefix("- ") {
            flush(&mut out, &mut cur, bullet);
            cur.push_str(rest);
            bullet = true;
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(t);
        }
    }
    flush(&mut out, &mut cur, bullet);
    out
}

/// The text of a buffer, one line per row, trailing spaces trimmed (for snapshots and tests).
pub fn buffer_text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    let mut out = String::new();
    if w == 0 {
        return out;
    }
    for row in buf.content.chunks(w) {
        let mut line = String::new();
        let mut skip = 0usize;
        for c in row {
            if skip == 0 {
                line.push_str(c.symbol());
            }
            skip = skip.max(width(c.symbol())).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width() {
        let w = wrap("a gateway endpoint is not a thing in a subnet at all", 12);
        assert!(w.iter().all(|l| width(l) <= 12), "{w:?}");
        assert_eq!(
            w.join(" "),
            "a gateway endpoint is not a thing in a subnet at all"
        );
        let w = wrap("xxxxxxxxxxxxxxxxxxxxxxxxx", 10);
        assert!(w.iter().all(|l| width(l) <= 10), "{w:?}");
    }

    #[test]
    fn hanging_wrap_uses_the_full_width_first() {
        let w = wrap_hanging(
            "  100 allow all from 0.0.0.0/0 and some more words here",
            30,
            12,
        );
        assert_eq!(w[0], "  100 allow all from 0.0.0.0/0");
        assert!(
            w[1..]
                .iter()
                .all(|l| l.starts_with(&" ".repeat(12)) && width(l) <= 30),
            "{w:?}"
        );
    }

    #[test]
    fn put_escapes_control_characters() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        put(&mut buf, 0, 0, 20, "a\x1b[31mb", Style::new());
        assert_eq!(buffer_text(&buf).trim_end(), "a\\x1b[31mb");
    }
}
