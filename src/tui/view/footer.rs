//! The footer: a status message (until the next key), then the keys that work here, from the
//! keymap; lower-priority keys are dropped first when the line is short.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::put;
use crate::text::{escape, truncate, width};
use crate::tui::keymap::{self, Footer};
use crate::tui::state::App;
use crate::tui::theme;

fn entry_w(f: &Footer) -> usize {
    width(f.keys) + 1 + width(f.text) + 2
}

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let mut x = r.x;
    let mut avail = r.width as usize;
    if let Some(s) = &app.status {
        let s = format!(" {} ", escape(s));
        let s = truncate(&s, avail).into_owned();
        let used = put(buf, x, r.y, r.width, &s, theme::message());
        x += used + 1;
        avail = avail.saturating_sub(used as usize + 1);
    }
    let mut entries = keymap::footer(app);
    // Drop the lowest priorities until the rest fits.
    while entries.iter().map(entry_w).sum::<usize>() + 1 > avail && !entries.is_empty() {
        let min = entries.iter().map(|e| e.prio).min().unwrap_or(0);
        let k = entries.iter().rposition(|e| e.prio == min).unwrap_or(0);
        entries.remove(k);
    }
    x += put(buf, x, r.y, 1, " ", theme::text());
    for e in entries {
        x += put(
            buf,
            x,
            r.y,
            r.right().saturating_sub(x),
            e.keys,
            theme::key(),
        );
        x += put(
            buf,
            x,
            r.y,
            r.right().saturating_sub(x),
            &format!(" {}  ", e.text),
            theme::dim(),
        );
    }
}
