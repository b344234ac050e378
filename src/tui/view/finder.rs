//! The finder popup: the query, then the ranked matches with the matched characters
//! highlighted; only the rows on screen are drawn.
//!
//! ```text
//! ┌ Destination: a service, bucket, endpoint, instance, name or address ─┐
//! │ > s3app                                                   3 of 41    │
//! │──────────────────────────────────────────────────────────────────────│
//! │▶ s3://app-data/                                  bucket · us-east-1  │
//! │  s3.us-east-1.amazonaws.com                         AWS service s3   │
//! │  ↵ use "s3app" as typed                                               │
//! └──────────────────────────────────────────────────────────────────────┘
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use super::{panel, put, put_right, style_row};
use crate::text::{escape, width};
use crate::tui::finder::Row;
use crate::tui::ids;
use crate::tui::layout::Layout;
use crate::tui::state::App;
use crate::tui::theme;

pub fn render(app: &App, l: &Layout, r: Rect, buf: &mut Buffer) {
    let Some(f) = &app.panels.finder else { return };
    Clear.render(r, buf);
    let inner = panel(buf, r, f.title(), true);
    if inner.height < 3 || inner.width < 8 {
        return;
    }
    // Query line.
    let count = format!("{} of {} ", f.matches.len(), f.candidates.len());
    let qx = put(buf, inner.x, inner.y, inner.width, " > ", theme::key());
    let qw = inner.width.saturating_sub(qx + width(&count) as u16 + 1);
    let q = escape(&f.query);
    // Show the end of a long query.
    let shown: String = if width(&q) + 1 > qw as usize {
        let chars: Vec<char> = q.chars().collect();
        let mut s = String::new();
        for c in chars.iter().rev() {
            if width(&s) + 2 >= qw as usize {
                break;
            }
            s.insert(0, *c);
        }
        format!("…{s}")
    } else {
        q
    };
    let used = put(buf, inner.x + qx, inner.y, qw, &shown, theme::bold());
    put(buf, inner.x + qx + used, inner.y, 1, "█", theme::key());
    put_right(
        buf,
        inner.right(),
        inner.x + qx + used + 1,
        inner.y,
        &count,
        theme::dim(),
    );
    let rule = "─".repeat(inner.width as usize);
    put(buf, inner.x, inner.y + 1, inner.width, &rule, theme::dim());

    let Some(list) = l.finder_list else { return };
    if f.rows_len() == 0 {
        let msg = if f.query.is_empty() {
            "nothing to choose from"
        } else {
            "no match"
        };
        put(
            buf,
            list.x + 2,
            list.y,
            list.width.saturating_sub(2),
            msg,
            theme::dim(),
        );
        return;
    }
    for i in 0..list.height as usize {
        let r = f.scroll + i;
        let Some(row) = f.row(r) else { break };
        let y = list.y + i as u16;
        let sel = r == f.selected;
        let base = if sel {
            theme::cursor(true)
        } else {
            theme::text()
        };
        if sel {
            style_row(buf, list.x, y, list.width, base);
        }
        put(
            buf,
            list.x,
            y,
            2,
            if sel { "▶ " } else { "  " },
            theme::key(),
        );
        let x0 = list.x + 2;
        let w = list.width.saturating_sub(2);
        match row {
            Row::Free => {
                let t = format!("↵ use “{}” as typed", escape(f.query.trim()));
                put(buf, x0, y, w, &t, base.patch(theme::bold()));
            }
            Row::Match(k) => {
                let m = &f.matches[k];
                let c = &f.candidates[m.cand as usize];
                let hint_w = (width(&c.hint) as u16).min(w / 2);
                let text_w = w.saturating_sub(hint_w + 2);
                // A long id is cut in the middle; the highlight follows the kept characters.
                let (text, origin): (String, Vec<Option<usize>>) =
                    match ids::plan(&c.text, text_w as usize) {
                        Some(p) => (ids::render(&c.text, &p), ids::origins(&p)),
                        None => (
                            c.text.clone(),
                            (0..c.text.chars().count()).map(Some).collect(),
                        ),
                    };
                let idx = f.indices(m.cand);
                let mut x = x0;
                for (ch, o) in text.chars().zip(origin) {
                    let st = if o.is_some_and(|ci| idx.contains(&ci)) {
                        base.patch(theme::matched())
                    } else {
                        base
                    };
                    let mut tmp = [0u8; 4];
                    x += put(
                        buf,
                        x,
                        y,
                        (x0 + text_w).saturating_sub(x),
                        ch.encode_utf8(&mut tmp),
                        st,
                    );
                }
                let hint = ids::shorten(&c.hint, hint_w as usize);
                put_right(
                    buf,
                    list.right(),
                    x + 1,
                    y,
                    &hint,
                    if sel { base } else { theme::dim() },
                );
            }
        }
    }
    if f.scroll + (list.height as usize) < f.rows_len() {
        put_right(
            buf,
            r.right() - 1,
            r.x + 1,
            r.bottom() - 1,
            &format!(" ▼{} ", f.rows_len() - f.scroll - list.height as usize),
            theme::key(),
        );
    }
}
