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

type L = (String, Style);

/// The row of expectation `sel` in [`lines`].
pub fn row_of_counts(changes: usize, sel: usize) -> usize {
    2 + if changes > 0 { changes + 2 } else { 0 } + sel
}

/// Every line of the panel; `sel` is the selected expectation.
pub fn lines(app: &App, sel: usize) -> Vec<L> {
    let t = &app.tests;
    let mut out: Vec<L> = Vec::new();
    let all = t.passed() == t.results.len();
    out.push((
        format!(
            "{} · f traces the first failure · Enter traces the selected one",
            t.summary().unwrap_or_else(|| "no expectations".into())
        ),
        if all {
            theme::allowed()
        } else {
            theme::blocked()
        },
    ));
    out.push((String::new(), theme::text()));
    if !t.changes.is_empty() {
        out.push(("Changed by the last reload:".into(), theme::title()));
        for c in &t.changes {
            out.push((format!("  {c}"), theme::message()));
        }
        out.push((String::new(), theme::text()));
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
        out.push((line, style));
    }
    out
}
