//! The rule view's and the concept index's lines (state: [`crate::tui::rulebook`]).
//!
//! ```text
//! GW-6  · rule 1 of 3 cited by this step
//! 1.2 Routing · documented by AWS
//!
//!   Route choice is longest-prefix match over the prefix list's CIDR entries ...
//!
//! Source
//!   GW  https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
//!
//! R next rule cited (IF-1) · C every concept · Esc closes
//! ```

use crate::text::escape;
use crate::tui::concepts::CONCEPTS;
use crate::tui::theme;
use crate::tui::view::{prose, wrap};
use ratatui::style::Style;

type L = (String, Style);

/// The rule `ids[at]`, its section, evidence, words and sources, at inner width `w`.
pub fn rule_lines(ids: &[String], at: usize, w: usize) -> Vec<L> {
    let mut out: Vec<L> = Vec::new();
    let Some(id) = ids.get(at) else {
        return out;
    };
    let Some(r) = crate::rules::get(id) else {
        out.push((
            format!("{} is not in the rule book", escape(id)),
            theme::error(),
        ));
        return out;
    };
    let of = if ids.len() > 1 {
        format!(" · rule {} of {} cited by this step", at + 1, ids.len())
    } else {
        " · the rule this step cites".into()
    };
    out.push((format!("{}{of}", r.id), theme::title()));
    let evidence = match r.evidence() {
        "documented" => "documented by AWS",
        "inferred" => "inferred: the rule book composes documented rules itself",
        "uncertain" => "uncertain: AWS does not say; the rule book's best reading",
        other => other,
    };
    out.push((format!("{} · {evidence}", escape(r.section)), theme::dim()));
    out.push((String::new(), theme::text()));
    for l in prose(r.text, w.saturating_sub(2)) {
        out.push((format!("  {l}"), theme::text()));
    }
    out.push((String::new(), theme::text()));
    let sources = r.sources();
    out.push(("Source".into(), theme::bold()));
    if sources.is_empty() {
        out.push(("  none given (an inferred rule)".into(), theme::dim()));
    }
    for (abbr, url) in sources {
        let head = if abbr.is_empty() {
            String::new()
        } else {
            format!("{abbr}  ")
        };
        for l in wrap(&format!("{head}{url}"), w.saturating_sub(2).max(10)) {
            out.push((format!("  {l}"), theme::text()));
        }
    }
    out.push((String::new(), theme::text()));
    let next = if ids.len() > 1 {
        format!(
            "R next rule cited ({}) · ",
            escape(&ids[(at + 1) % ids.len()])
        )
    } else {
        String::new()
    };
    let keys =
        format!("{next}C every concept · Esc closes · `linkscope rules WORD` searches the book");
    for l in wrap(&keys, w.max(10)) {
        out.push((l, theme::dim()));
    }
    out
}

/// The concept index: every concept's title and first sentence, the selected one marked.
pub fn index_lines(sel: usize, w: usize) -> Vec<L> {
    let mut out: Vec<L> = vec![
        (
            "Concepts · ↑↓ select · Enter reads one · Esc closes".into(),
            theme::title(),
        ),
        (String::new(), theme::text()),
    ];
    for (i, c) in CONCEPTS.iter().enumerate() {
        let mark = if i == sel { "▶ " } else { "  " };
        let st = if i == sel {
            theme::highlight()
        } else {
            theme::bold()
        };
        out.push((format!("{mark}{}", c.title()), st));
        let first = c
            .body()
            .split_inclusive(". ")
            .next()
            .unwrap_or("")
            .replace('\n', " ");
        for l in wrap(first.trim(), w.saturating_sub(4).max(10)) {
            out.push((format!("    {l}"), theme::dim()));
        }
    }
    out
}

/// The row of the selected concept in [`index_lines`] (to keep it on screen).
pub fn index_row(sel: usize, w: usize) -> usize {
    index_lines(sel, w)
        .iter()
        .position(|(s, _)| s.starts_with('▶'))
        .unwrap_or(0)
}
