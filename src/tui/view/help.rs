//! The help popup (every key from the keymap, the symbols, and the primer on concepts) and the
//! concept popup (one concept, opened from a trace step).

use super::{panel, put, put_right};
use crate::tui::lines::help::*;
use crate::tui::state::{App, Popup};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let Some(p) = &app.panels.popup else { return };
    Clear.render(r, buf);
    let (title, scroll) = match p {
        Popup::Help { scroll, .. } => ("Help · keys and concepts · / search", scroll.offset),
        Popup::Concept { scroll, .. } => ("Concept", scroll.offset),
        Popup::Expectations { scroll, .. } => ("Expectations", scroll.offset),
        Popup::Rule { scroll, .. } => ("Rule book", scroll.offset),
        Popup::Concepts { scroll, .. } => ("Concept index", scroll.offset),
        Popup::Align { scroll } => ("Align by AZ ID", scroll.offset),
        Popup::Reach { scroll, .. } => ("Reach: every source to one destination", scroll.offset),
    };
    let inner = panel(buf, r, title, true);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width - 1,
        ..inner
    };
    let lines = lines(app, inner.width.saturating_sub(1));
    let h = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let search = match p {
        Popup::Help { search, typing, .. } if *typing || !search.is_empty() => {
            Some((search.as_str(), *typing))
        }
        _ => None,
    };
    for (i, (s, st)) in lines.iter().skip(scroll).take(h).enumerate() {
        let st = match search {
            Some((q, _)) if help_line_matches(s, q) => theme::highlight(),
            _ => *st,
        };
        put(buf, inner.x, inner.y + i as u16, inner.width, s, st);
    }
    if let Some((q, typing)) = search {
        let n = lines
            .iter()
            .filter(|(s, _)| help_line_matches(s, q))
            .count();
        let text = if typing {
            format!(
                " /{}█ · {n} lines · Enter keeps it, Esc clears ",
                crate::text::escape(q)
            )
        } else {
            format!(
                " /{} · {n} lines · n next match · / again ",
                crate::text::escape(q)
            )
        };
        put(
            buf,
            r.x + 1,
            r.bottom() - 1,
            r.width.saturating_sub(2),
            &text,
            theme::key(),
        );
        return;
    }
    if scroll + h < lines.len() {
        put_right(
            buf,
            r.right() - 1,
            r.x + 1,
            r.bottom() - 1,
            &format!(" ▼{} more · j/k scroll ", lines.len() - scroll - h),
            theme::key(),
        );
    }
}
