//! The problems panel: errors of a reload that failed (the last good model stays on screen),
//! then the model's warnings. Enter on one goes to its object.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{focused, panel, put_segs};
use crate::diag::Severity;
use crate::text::escape;
use crate::tui::state::{App, Panel};
use crate::tui::theme;

/// A line of the panel: the problem it belongs to (None for the reload banner), its text.
pub type PLine = (Option<usize>, Vec<(String, Style)>);

/// Every line of the panel at an inner width `w`.
pub fn lines(app: &App, w: u16) -> Vec<PLine> {
    let mut lines: Vec<PLine> = Vec::new();
    let w = w.saturating_sub(1) as usize;
    if !app.reload_errors.is_empty() {
        for l in super::wrap(
            "The file on disk does not load; the last good model is shown.",
            w.max(8),
        ) {
            lines.push((None, vec![(l, theme::error())]));
        }
    }
    for (i, d) in app.problems().enumerate() {
        let (mark, st) = match d.severity {
            Severity::Error => ("✗", theme::error()),
            Severity::Warning => ("!", theme::warning()),
        };
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!(" line {l}:{c}"),
            (Some(l), None) => format!(" line {l}"),
            _ => String::new(),
        };
        let rule = d
            .rule
            .as_deref()
            .map(|r| format!(" ({})", escape(r)))
            .unwrap_or_default();
        lines.push((
            Some(i),
            vec![
                (format!("{mark} "), st),
                (escape(&d.code), st),
                (format!("{at}{rule}"), theme::dim()),
            ],
        ));
        for l in super::wrap(&escape(&d.message), w.saturating_sub(2).max(8)) {
            lines.push((Some(i), vec![(format!("  {l}"), theme::text())]));
        }
    }
    lines
}

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
    let lines = lines(app, inner.width);
    let h = inner.height as usize;
    let scroll = app.problems_scroll.min(lines.len().saturating_sub(h));
    for (k, (idx, segs)) in lines.iter().skip(scroll).take(h).enumerate() {
        let y = inner.y + k as u16;
        if *idx == Some(app.problem_sel) && focus {
            buf.set_style(
                Rect {
                    x: inner.x,
                    y,
                    width: inner.width,
                    height: 1,
                },
                theme::cursor(true),
            );
        }
        put_segs(buf, inner.x + 1, y, inner.width - 1, segs);
    }
    super::scroll_marks(buf, r, scroll, h, lines.len());
}
