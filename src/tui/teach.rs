//! Teaching mode (`T`, `linkscope --teach MODEL`): the trace in plain words for a classroom.
//! Each step shows its explanation without rule ids, and its lesson: the concept the step
//! teaches (the right one for its kind, [`crate::tui::concepts::for_step`]) in one sentence, or
//! the engine's own lesson when the step has one (a path that bypasses a gateway endpoint). Raw
//! facts, rule badges and short internal names (`sg`, `nacl`, `tgw`) are hidden.
//!
//! Spoilers: a lab model marks its answers in its description with a line that starts with
//! `Spoilers:` (everything from that line on is the answers). In teaching mode the answers and
//! the problems list (the model's warnings, which name the mistakes) stay hidden until `!`
//! shows them; reload errors always show.

use std::borrow::Cow;

use crate::engine::{Step, StepKind};

use super::state::App;

/// Teaching mode's state.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Teach {
    /// Teaching mode is on.
    pub on: bool,
    /// `!`: the lab's answers and the problems are shown.
    pub answers: bool,
}

/// The line that starts a lab's answers in its description.
pub const SPOILERS: &str = "Spoilers:";

/// Where the answers start in a description (the byte offset of the `Spoilers:` line).
pub fn spoilers_at(description: &str) -> Option<usize> {
    let mut at = 0;
    for line in description.split_inclusive('\n') {
        if line.trim_start().starts_with(SPOILERS) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// Is this a lab model (its description marks answers)?
pub fn is_lab(app: &App) -> bool {
    spoilers_at(&app.model.description).is_some()
}

/// Are the answers hidden now?
pub fn hiding(app: &App) -> bool {
    app.teach.on && !app.teach.answers && is_lab(app)
}

/// The description as it may be shown: without the answers while they are hidden, with a line
/// saying how to show them.
pub fn description(app: &App) -> Cow<'_, str> {
    let d = &app.model.description;
    match spoilers_at(d) {
        Some(at) if hiding(app) => Cow::Owned(format!(
            "{}\n(The lab's answers and the problems list are hidden in teaching mode: ! shows them.)",
            d[..at].trim_end()
        )),
        _ => Cow::Borrowed(d),
    }
}

/// A step kind in words (teaching mode's label).
pub fn kind_words(k: StepKind) -> &'static str {
    match k {
        StepKind::Source => "start",
        StepKind::Dns => "name lookup",
        StepKind::Route => "route",
        StepKind::SecurityGroup => "security group",
        StepKind::NetworkAcl => "network ACL",
        StepKind::Endpoint => "endpoint",
        StepKind::EndpointService => "endpoint service",
        StepKind::Policy => "policy",
        StepKind::Delivery => "arrival",
        StepKind::TransitGateway => "transit gateway",
        StepKind::Site => "data centre",
    }
}

/// The step kind's label: words in teaching mode, the short name otherwise.
pub fn kind_label(app: &App, k: StepKind) -> &'static str {
    if app.teach.on {
        kind_words(k)
    } else {
        k.short()
    }
}

/// Text without rule-book ids: `(… wins, RT-11)` becomes `(… wins)`, `(GW-3, GW-4)` goes.
pub fn without_rule_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |out: &mut String, word: &mut String| {
        let is_rule = crate::rules::looks_like_id(word) && crate::rules::get(word).is_some();
        if is_rule {
            // Drop a separator written before the id (", " or "; ").
            let t = out.trim_end_matches(' ');
            let t = t.strip_suffix([',', ';']).unwrap_or(t);
            out.truncate(t.len());
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            word.push(c);
        } else {
            flush(&mut out, &mut word);
            out.push(c);
        }
    }
    flush(&mut out, &mut word);
    // Parentheses left empty, and a separator left before a closing one.
    let mut s = out
        .replace(" ()", "")
        .replace("()", "")
        .replace("(, ", "(")
        .replace("(; ", "(");
    while s.contains("  ") {
        s = s.replace("  ", " ");
    }
    s.replace(" .", ".").replace(" ,", ",")
}

/// The step's lesson in one plain sentence: the engine's lesson when the step carries one (a
/// gateway endpoint bypassed), else the first sentence of the concept the step teaches.
pub fn lesson(step: &Step) -> String {
    if step.facts.contains_key("bypassed_endpoint")
        && let Some(at) = step.detail.find("This traffic goes through")
    {
        let s = &step.detail[at..];
        let end = s.find(": a gateway endpoint").unwrap_or(s.len());
        return format!(
            "{}. A gateway endpoint only serves the subnets whose route table it was added to.",
            without_rule_ids(&s[..end]).trim_end_matches('.')
        );
    }
    let c = super::concepts::for_step(step);
    let first = c
        .body()
        .split_inclusive(". ")
        .next()
        .unwrap_or("")
        .replace('\n', " ");
    format!("{}: {}", c.title(), without_rule_ids(first.trim()))
}

/// `T`: teaching mode on or off.
pub fn toggle(app: &mut App) {
    app.teach.on = !app.teach.on;
    app.teach.answers = false;
    app.status = Some(if app.teach.on {
        if is_lab(app) {
            "teaching mode: plain words, a lesson per step; the lab's answers and problems are hidden (! shows them; T leaves)".into()
        } else {
            "teaching mode: plain words and a lesson per step (T leaves)".into()
        }
    } else {
        "teaching mode off: facts and rule ids are back".into()
    });
}

/// `!`: show or hide a lab's answers in teaching mode.
pub fn toggle_answers(app: &mut App) {
    if !app.teach.on {
        app.status = Some("answers are only hidden in teaching mode (T)".into());
        return;
    }
    if !is_lab(app) {
        app.status = Some(format!(
            "this model marks no answers (a line starting with `{SPOILERS}` in its description)"
        ));
        return;
    }
    app.teach.answers = !app.teach.answers;
    app.status = Some(if app.teach.answers {
        "the lab's answers and the problems list are shown (! hides them)".into()
    } else {
        "the lab's answers and the problems list are hidden (! shows them)".into()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_go_and_the_words_stay() {
        assert_eq!(
            without_rule_ids("is 0.0.0.0/0 → nat-a (/0; longest prefix wins, RT-11). Then"),
            "is 0.0.0.0/0 → nat-a (/0; longest prefix wins). Then"
        );
        assert_eq!(
            without_rule_ids("not at all (GW-3, GW-4). use1-az1 stays"),
            "not at all. use1-az1 stays"
        );
        assert_eq!(
            without_rule_ids("only (it is associated with rtb-app only; GW-3), and"),
            "only (it is associated with rtb-app only), and"
        );
    }

    #[test]
    fn spoilers_start_at_their_line() {
        let d = "Find them.\n\nSpoilers: the mistakes\n1. x\n";
        assert_eq!(
            &d[spoilers_at(d).unwrap()..],
            "Spoilers: the mistakes\n1. x\n"
        );
        assert!(spoilers_at("no answers here").is_none());
    }
}
