//! The problems panel: errors of a reload that failed (the last good model stays on screen),
//! then the model's warnings. Enter on one goes to its object.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{focused, panel, put_right, put_segs};
use crate::diag::Severity;
use crate::text::escape;
use crate::tui::state::{App, Panel};
use crate::tui::theme;

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let focus = focused(app, Panel::Problems);
    let n = app.problem_count();
    let title = if app.reload_errors.is_empty() {
        format!("Problems ({n})")
    } else {
        format!("Problems ({n}) · reload failed")
    };
    let inner = panel(buf, r, &title, focus);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let mut lines: Vec<(Option<usize>, Vec<(String, Style)>)> = Vec::new();
    if !app.reload_errors.is_empty() {
        lines.push((
            None,
            vec![("The file on disk does not load; the last good model is shown.".into(), theme::error())],
        ));
    }
    for (i, d) in app.problems().enumerate() {
        let (mark, st) = match d.severity {
            Severity::Error => ("✗", theme::error()),
            Severity::Warning => ("!", theme::warning()),
        };
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!(" {l}:{c}"),
            (Some(l), None) => format!(" {l}"),
            _ => String::new(),
        };
        let mut segs = vec![
            (format!("{mark} "), st),
            (escape(&d.code), st),
            (format!("{at} "), theme::dim()),
            (escape(&d.message), theme::text()),
        ];
        if let Some(rule) = &d.rule {
            segs.push((format!(" ({})", escape(rule)), theme::dim()));
        }
        lines.push((Some(i), segs));
    }
    let h = inner.height as usize;
    let scroll = app.problems_scroll.min(lines.len().saturating_sub(h));
    for (k, (idx, segs)) in lines.iter().skip(scroll).take(h).enumerate() {
        let y = inner.y + k as u16;
        if *idx == Some(app.problem_sel) && focus {
            buf.set_style(Rect { x: inner.x, y, width: inner.width, height: 1 }, theme::cursor(true));
        }
        put_segs(buf, inner.x + 1, y, inner.width - 1, segs);
    }
    if scroll + h < lines.len() {
        put_right(buf, r.right() - 1, r.x + 1, r.bottom() - 1, &format!(" ▼{} ", lines.len() - scroll - h), theme::key());
    }
}
