//! The expectations panel's line model (`E`): a summary, what the last reload changed, then
//! one line per expectation with its mark (✓ met, ✗ not met, ◐ met with a partial verdict),
//! what it expects and what it got.
//!
//! ```text
//! ✗ 1/2 expectations met · f traces the first failure · Enter traces the selected one
//!
//! Changed by the last reload:
//!   ✗ i-app-a → s3://app-data/x: ALLOWED → BLOCKED ENDPOINT_POLICY_DENY
//!
//! ▶ ✗ i-app-a → s3://app-data/x · expects ALLOWED, got BLOCKED ENDPOINT_POLICY_DENY (verdict)
//!   ✓ i-app-b → ssm · expects ALLOWED, got ALLOWED
//! ```

use ratatui::style::Style;

use crate::text::escape;
use crate::tui::state::{App, result_got, result_mark};
use crate::tui::theme;
use crate::tui::view::{wrap, wrap_hanging};

type L = (String, Style);

/// The first and last rows of expectation `sel` in [`lines`] at width `w`.
pub fn rows_of(app: &App, sel: usize, w: usize) -> (usize, usize) {
    let tagged = tagged(app, sel, w);
    let first = tagged.iter().position(|l| l.0 == Some(sel)).unwrap_or(0);
    let last = tagged
        .iter()
        .rposition(|l| l.0 == Some(sel))
        .unwrap_or(first);
    (first, last)
}

/// Every line of the panel at width `w`; `sel` is the selected expectation. A row too long for
/// the width goes on under its text, broken between words (ids and names at dots, slashes
/// and colons), never cut.
pub fn lines(app: &App, sel: usize, w: usize) -> Vec<L> {
    tagged(app, sel, w)
        .into_iter()
        .map(|(_, s, st)| (s, st))
        .collect()
}

/// The lines, each with the expectation it belongs to.
fn tagged(app: &App, sel: usize, w: usize) -> Vec<(Option<usize>, String, Style)> {
    let t = &app.tests;
    let w = w.max(20);
    let mut out: Vec<(Option<usize>, String, Style)> = Vec::new();
    let all = t.passed() == t.results.len();
    let head = format!(
        "{} · f traces the first failure · Enter traces the selected one",
        t.summary().unwrap_or_else(|| "no expectations".into())
    );
    let head_style = if all {
        theme::allowed()
    } else {
        theme::blocked()
    };
    for l in wrap(&head, w) {
        out.push((None, l, head_style));
    }
    out.push((None, String::new(), theme::text()));
    if !t.changes.is_empty() {
        out.push((None, "Changed by the last reload:".into(), theme::title()));
        for c in &t.changes {
            for l in wrap_hanging(&format!("  {c}"), w, 4) {
                out.push((None, l, theme::message()));
            }
        }
        out.push((None, String::new(), theme::text()));
    }
    for (i, r) in t.results.iter().enumerate() {
        let label = match &r.name {
            Some(n) => format!("{}: ", escape(n)),
            None => String::new(),
        };
        let what = if r.mismatch.is_empty() {
            String::new()
        } else {
            format!(" ({})", escape(&r.mismatch.join(", ")))
        };
        let mut expects = r.expected.verdict.upper().to_string();
        if let Some(reason) = &r.expected.reason {
            expects.push_str(&format!(" {}", escape(reason)));
        }
        if let Some(via) = &r.expected.via {
            expects.push_str(&format!(" via {}", escape(via)));
        }
        let line = format!(
            "{} {} {label}{} → {} · expects {expects}, got {}{what}",
            if i == sel { "▶" } else { " " },
            result_mark(r),
            escape(&r.from),
            escape(&r.to),
            escape(&result_got(r)),
        );
        let style = if i == sel {
            theme::highlight()
        } else if r.passed {
            theme::text()
        } else {
            theme::blocked()
        };
        for l in wrap_hanging(&line, w, 4) {
            out.push((Some(i), l, style));
        }
    }
    out
}
