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
        // A reload error: the offending line of the file, a caret under the column, the fix.
        if i < app.file.reload_errors.len() {
            snippet(&mut lines, i, d, app.file.reload_text.as_deref(), w);
        }
    }
    lines
}

/// The line of `text` a diagnostic points at, numbered, with a caret under its column, then
/// its help.
fn snippet(
    out: &mut Vec<PLine>,
    i: usize,
    d: &crate::diag::Diagnostic,
    text: Option<&str>,
    w: usize,
) {
    if let (Some(n), Some(text)) = (d.line, text)
        && let Some(src) = text.lines().nth(n.saturating_sub(1))
    {
        let num = format!("  {n} │ ");
        let room = w.saturating_sub(num.chars().count()).max(8);
        // Leading blanks dropped, and a window around the column when the line is long.
        let chars: Vec<char> = src.chars().collect();
        let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
        let col = d.column.map(|c| c.saturating_sub(1).max(lead) - lead);
        let from = match col {
            Some(c) if c + 4 > room => lead + c + 4 - room,
            _ => lead,
        };
        let part: String = chars[from.min(chars.len())..].iter().collect();
        let shown = crate::text::truncate(&escape(&part), room).into_owned();
        out.push((
            Some(i),
            vec![(num.clone(), theme::dim()), (shown, theme::text())],
        ));
        if let Some(c) = col {
            let pad = " ".repeat(num.chars().count().saturating_sub(2));
            let at = " ".repeat((lead + c).saturating_sub(from));
            out.push((Some(i), vec![(format!("{pad}│ {at}^"), theme::error())]));
        }
    }
    if let Some(h) = &d.help {
        for l in crate::tui::view::wrap(&format!("help: {}", escape(h)), w.saturating_sub(2).max(8))
        {
            out.push((Some(i), vec![(format!("  {l}"), theme::dim())]));
        }
    }
}
