//! The rule book and the concepts inside the explorer: `R` opens the rule a trace step cites
//! (with its AWS source) and, pressed again, the step's next cited rule; `C` opens the concept
//! index (every concept; Enter opens one). The texts: [`crate::rules`], [`super::concepts`];
//! the popups' lines: [`super::lines::rulebook`].

use super::concepts::CONCEPTS;
use super::state::{App, Popup};
use crate::engine::Step;

/// The rule ids a step cites, the deciding one first: its `rules`, then ids its title or
/// explanation names, each once, only those in the rule book.
pub fn cited(step: &Step) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let words = step.rules.iter().map(String::as_str).chain(
        [step.title.as_str(), step.detail.as_str()]
            .into_iter()
            .flat_map(|t| t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))),
    );
    for w in words {
        if crate::rules::looks_like_id(w)
            && let Some(r) = crate::rules::get(w)
            && !out.iter().any(|o| o == r.id)
        {
            out.push(r.id.to_string());
        }
    }
    out
}

/// `R`: on the main screen, open the first rule the selected step cites; in the rule view,
/// the step's next cited rule (round).
pub fn rules_key(app: &mut App) {
    if let Some(Popup::Rule { ids, at, scroll }) = &mut app.panels.popup {
        if ids.len() > 1 {
            *at = (*at + 1) % ids.len();
            scroll.offset = 0;
        }
        return;
    }
    if app.panels.popup.is_some() {
        return;
    }
    let Some(step) = app.current_step() else {
        app.status = Some(
            "no trace step selected: trace something (s, d), then R reads the rules a step cites; `linkscope rules WORD` searches the book".into(),
        );
        return;
    };
    let ids = cited(step);
    if ids.is_empty() {
        app.status = Some("this step cites no rule; c opens its concept".into());
        return;
    }
    app.panels.popup = Some(Popup::Rule {
        ids,
        at: 0,
        scroll: Default::default(),
    });
}

/// `C`: the concept index (from the main screen or any popup).
pub fn open_index(app: &mut App) {
    app.panels.finder = None;
    app.panels.popup = Some(Popup::Concepts {
        sel: 0,
        scroll: Default::default(),
    });
}

/// Up / down in the concept index.
pub fn index_move(sel: &mut usize, down: bool) {
    if down {
        *sel = (*sel + 1).min(CONCEPTS.len().saturating_sub(1));
    } else {
        *sel = sel.saturating_sub(1);
    }
}

/// Enter in the concept index: open the selected concept.
pub fn index_open(app: &mut App, sel: usize) {
    if let Some(c) = CONCEPTS.get(sel) {
        app.panels.popup = Some(Popup::Concept {
            id: c.id,
            scroll: Default::default(),
        });
    }
}
