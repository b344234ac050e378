//! The request editor (`o`) and the copy-out form (`Y`), centred over the screen.
//!
//! ```text
//! ┌ Request · i-pay-a → s3://payments-archive/2026/12.csv ───────────────────────┐
//! │  port       443 (the destination's default)                                  │
//! │  protocol   tcp (the destination's default)                                  │
//! │▶ action     s3:PutObject█                                                    │
//! │  resource   arn:aws:s3:::payments-archive/2026/12.csv (from the destination) │
//! │  principal  anonymous: the source has no role                                │
//! │  context    KEY=VALUE, ... (keys the path sets are set anyway)               │
//! │ Tab 2/7: s3:GetObject · s3:PutObject · s3:DeleteObject · s3:ListBucket       │
//! │ Enter traces it again · Esc changes nothing · an empty field: the default    │
//! └──────────────────────────────────────────────────────────────────────────────┘
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

use super::{panel, put, put_segs, style_row, wrap};
use crate::text::{escape, truncate, width};
use crate::tui::copyout::{CopyForm, Format};
use crate::tui::form::{Completion, Field, Form};
use crate::tui::request::RequestForm;
use crate::tui::state::App;
use crate::tui::theme;

/// The label column's width.
const LABEL: usize = 11;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    match &app.panels.form {
        Some(Form::Request(f)) => request(app, f, area, buf),
        Some(Form::Copy(f)) => copy(f, area, buf),
        None => {}
    }
}

/// A box `w` wide and `h` high in the middle of `area` (smaller when the screen is).
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A field's row: the mark, the label, the value (its end shown when too long, with a cursor
/// when edited) or its placeholder.
fn field_row(buf: &mut Buffer, x: u16, y: u16, w: u16, f: &Field, edited: bool) {
    let mark = if edited { "▶ " } else { "  " };
    let room = (w as usize).saturating_sub(2 + LABEL + 1);
    let mut segs = vec![
        (mark.to_string(), theme::highlight()),
        (format!("{:<LABEL$}", f.label), theme::dim()),
    ];
    if f.value.is_empty() {
        if edited {
            segs.push(("█".into(), theme::key()));
        }
        segs.push((escape(&f.placeholder), theme::dim()));
    } else {
        let v = escape(&f.value);
        let shown = if edited && width(&v) + 1 > room {
            // The end, where the typing is.
            let chars: Vec<char> = v.chars().collect();
            let mut s = String::from("…");
            let keep = room.saturating_sub(2);
            s.extend(&chars[chars.len().saturating_sub(keep)..]);
            s
        } else {
            v
        };
        segs.push((shown, if edited { theme::bold() } else { theme::text() }));
        if edited {
            segs.push(("█".into(), theme::key()));
        }
    }
    if edited {
        style_row(buf, x, y, w, theme::cursor(true));
    }
    put_segs(buf, x, y, w, &segs);
}

/// The completion line: `Tab 2/7: a · b · c` with the one shown highlighted.
fn completion_row(buf: &mut Buffer, x: u16, y: u16, w: u16, c: &Completion) {
    let mut segs: Vec<(String, Style)> = vec![(
        format!("Tab {}/{}: ", c.at + 1, c.options.len()),
        theme::key(),
    )];
    // From the one shown, so it is always on screen.
    for (i, o) in c.options.iter().enumerate().skip(c.at) {
        if i > c.at {
            segs.push((" · ".into(), theme::dim()));
        }
        segs.push((
            escape(o),
            if i == c.at {
                theme::highlight()
            } else {
                theme::text()
            },
        ));
    }
    put_segs(buf, x, y, w, &segs);
}

/// The first of `variants` that fits in `w` (the last, cut, when none does).
fn hint(buf: &mut Buffer, x: u16, y: u16, w: u16, variants: &[&str]) {
    let pick = variants
        .iter()
        .find(|v| width(v) <= w as usize)
        .or(variants.last());
    if let Some(v) = pick {
        put_segs(buf, x, y, w, &[(v.to_string(), theme::dim())]);
    }
}

fn request(app: &App, f: &RequestForm, area: Rect, buf: &mut Buffer) {
    let w = area.width.saturating_sub(4).min(96);
    let inner_w = w.saturating_sub(3) as usize;
    let note = f
        .error
        .as_deref()
        .map(|e| wrap(e, inner_w))
        .unwrap_or_default();
    let h = f.fields.len() as u16 + 2 + 1 + note.len() as u16 + u16::from(f.completion.is_some());
    let r = centred(area, w, h);
    Clear.render(r, buf);
    let title = match (&app.request.source, &app.request.destination) {
        (Some(s), Some(d)) => format!("Request · {} → {}", escape(s), escape(d)),
        _ => "Request".into(),
    };
    let title = truncate(&title, (w as usize).saturating_sub(4)).into_owned();
    let inner = panel(buf, r, &title, true);
    if inner.height == 0 || inner.width < 8 {
        return;
    }
    let mut y = inner.y;
    let bottom = inner.bottom();
    for (i, field) in f.fields.iter().enumerate() {
        if y >= bottom {
            return;
        }
        field_row(buf, inner.x, y, inner.width, field, i == f.at);
        y += 1;
    }
    if let Some(c) = &f.completion
        && y < bottom
    {
        completion_row(buf, inner.x + 1, y, inner.width - 1, c);
        y += 1;
    }
    for l in &note {
        if y >= bottom {
            return;
        }
        put(buf, inner.x + 1, y, inner.width - 1, l, theme::error());
        y += 1;
    }
    if y < bottom {
        hint(
            buf,
            inner.x + 1,
            y,
            inner.width - 1,
            &[
                "Enter traces it again · Esc changes nothing · Tab completes · an empty field: the default",
                "Enter traces · Esc cancels · Tab completes · empty: the default",
                "Enter traces · Esc cancels · Tab completes",
            ],
        );
    }
}

fn copy(f: &CopyForm, area: Rect, buf: &mut Buffer) {
    let w = area.width.saturating_sub(4).min(80);
    let inner_w = w.saturating_sub(3) as usize;
    let note = f
        .note
        .as_deref()
        .map(|e| wrap(e, inner_w))
        .unwrap_or_default();
    let h = 2 + 2 + 1 + note.len() as u16;
    let r = centred(area, w, h);
    Clear.render(r, buf);
    let inner = panel(buf, r, "Copy out the trace", true);
    if inner.height == 0 || inner.width < 8 {
        return;
    }
    let bottom = inner.bottom();
    // The format: every choice, the one picked in brackets.
    let mut segs = vec![
        (
            if f.at == 0 { "▶ " } else { "  " }.to_string(),
            theme::highlight(),
        ),
        (format!("{:<LABEL$}", "format"), theme::dim()),
    ];
    for x in Format::ALL {
        let picked = x == f.format;
        segs.push((
            if picked {
                format!("[{}] ", x.name())
            } else {
                format!(" {}  ", x.name())
            },
            if picked {
                theme::highlight()
            } else {
                theme::text()
            },
        ));
    }
    if f.at == 0 {
        style_row(buf, inner.x, inner.y, inner.width, theme::cursor(true));
    }
    put_segs(buf, inner.x, inner.y, inner.width, &segs);
    let mut y = inner.y + 1;
    if y < bottom {
        field_row(buf, inner.x, y, inner.width, &f.file, f.at == 1);
        y += 1;
    }
    for l in &note {
        if y >= bottom {
            return;
        }
        put(buf, inner.x + 1, y, inner.width - 1, l, theme::warning());
        y += 1;
    }
    if y < bottom {
        hint(
            buf,
            inner.x + 1,
            y,
            inner.width - 1,
            &[
                "Enter copies (or writes the file) · Tab: the next format, or a file name · Esc cancels",
                "Enter copies or writes · Tab: next format / a name · Esc cancels",
                "Enter copies · Tab next · Esc cancels",
            ],
        );
    }
}
