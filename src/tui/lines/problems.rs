//! The problems panel's line model (reload errors, then the model's warnings). Built once per
//! update by [`super::settle`].

use crate::diag::Severity;
use crate::text::escape;
use crate::tui::state::App;
use crate::tui::theme;
use ratatui::style::Style;

/// A line of the panel: the problem it belongs to (None for the reload banner), its text.
pub type PLine = (Option<usize>, Vec<(String, Style)>);

/// Every line of the panel at an inner width `w`.
pub fn lines(app: &App, w: u16) -> Vec<PLine> {
    let mut lines: Vec<PLine> = Vec::new();
    let w = w.saturating_sub(1) as usize;
    if !app.file.reload_errors.is_empty() {
        for l in crate::tui::view::wrap(
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
        for l in crate::tui::view::wrap(&escape(&d.message), w.saturating_sub(2).max(8)) {
            lines.push((Some(i), vec![(format!("  {l}"), theme::text())]));
        }
    }
    lines
}
