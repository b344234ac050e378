//! The trace panel: one line per step with its status mark, the selected step expanded with
//! its explanation and facts, then the verdict in plain words and what other DNS answers
//! would have met.
//!
//! ```text
//! ┌ Trace · step 3/6 ────────────────────────────────────────────────────────────────┐
//! │  ✓ source   i-app-a in app-a (us-east-1a · use1-az1)                              │
//! │  ✓ dns      app-data.s3.us-east-1.amazonaws.com → 52.216.8.10                     │
//! │▶ ✓ route    rtb-app: pl-63a5400a → vpce-s3                                [GW-6] │
//! │      The route table of app-a sends S3's addresses to the gateway endpoint...     │
//! │      destination: pl-63a5400a                                                     │
//! │  ✓ delivery S3 sees 10.0.1.10                                                     │
//! │ ALLOWED — reaches S3 through gateway endpoint vpce-s3                             │
//! └───────────────────────────────────────────────────────────────────────────────────┘
//! ```
//! [`lines`] is shared with the layout (the panel's height) and with mouse hit-testing.

use super::{focused, panel, put, put_right, put_segs, style_row};
use crate::text::width;
use crate::tui::lines::trace::*;
use crate::tui::state::{App, Panel};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let focus = focused(app, Panel::Trace);
    let title = match &app.run.trace {
        Some(t) if !t.steps.is_empty() => {
            format!("Trace · step {}/{}", app.run.step + 1, t.steps.len())
        }
        _ => "Trace".into(),
    };
    let inner = panel(buf, r, &title, focus);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let built;
    let lines = if app.lines.trace_w == inner.width {
        &app.lines.trace
    } else {
        built = lines(app, inner.width);
        &built
    };
    let h = inner.height as usize;
    let (fh, rule) = lines.foot_rows(h);
    let bh = lines.body_rows(h);
    let scroll = app.panels.trace.shown(lines.body.len(), bh);
    let shown = lines.body.iter().skip(scroll).take(bh);
    for (i, l) in shown.enumerate() {
        draw_line(app, l, inner, inner.y + i as u16, focus, buf);
    }
    // The verdict, pinned under the steps.
    let mut fy = inner.y + bh as u16;
    if rule {
        // The steps go on above the verdict.
        put(
            buf,
            inner.x,
            fy,
            inner.width,
            &"┄".repeat(inner.width as usize),
            theme::dim(),
        );
        fy += 1;
    }
    for (i, l) in lines.foot.iter().take(fh).enumerate() {
        draw_line(app, l, inner, fy + i as u16, focus, buf);
    }
    super::scroll_marks(buf, r, scroll, bh, lines.body.len());
}

fn draw_line(app: &App, l: &TLine, inner: Rect, y: u16, focus: bool, buf: &mut Buffer) {
    let selected_head = l.head && l.step == Some(app.run.step);
    let rw = l
        .right
        .as_ref()
        .map(|(s, _)| width(s) as u16 + 1)
        .unwrap_or(0);
    if selected_head {
        style_row(buf, inner.x + 1, y, inner.width - 1, theme::cursor(focus));
    }
    let used = put_segs(buf, inner.x, y, inner.width.saturating_sub(rw), &l.segs);
    if let Some((s, st)) = &l.right {
        put_right(buf, inner.right(), inner.x + used + 1, y, s, *st);
    }
}
