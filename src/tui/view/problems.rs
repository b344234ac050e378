//! The problems panel: errors of a reload that failed (the last good model stays on screen),
//! then the model's warnings. Enter on one goes to its object.

use super::{focused, panel, put_segs, style_row};
use crate::tui::lines::problems::*;
use crate::tui::state::{App, Panel};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let focus = focused(app, Panel::Problems);
    let n = app.problem_count();
    let title = if app.file.reload_errors.is_empty() {
        format!("Problems ({n})")
    } else {
        format!("Problems ({n}) · reload failed")
    };
    let inner = panel(buf, r, &title, focus);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let built;
    let lines = if app.lines.problems_w == inner.width {
        &app.lines.problems
    } else {
        built = lines(app, inner.width);
        &built
    };
    let h = inner.height as usize;
    let scroll = app.panels.problems.shown(lines.len(), h);
    for (k, (idx, segs)) in lines.iter().skip(scroll).take(h).enumerate() {
        let y = inner.y + k as u16;
        if *idx == Some(app.panels.problem_sel) && focus {
            style_row(buf, inner.x, y, inner.width, theme::cursor(true));
        }
        put_segs(buf, inner.x + 1, y, inner.width - 1, segs);
    }
    super::scroll_marks(buf, r, scroll, h, lines.len());
}
