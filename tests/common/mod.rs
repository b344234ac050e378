//! Helpers shared by the engine tests.
#![allow(dead_code)]

use linkscope::engine::{self, QueryOptions, Status, Step, StepKind, Trace, Verdict};
use linkscope::model::{self, Model};
use serde_json::Value;
use std::path::Path;

/// Load a model from YAML text; panics with the rendered diagnostics when it does not load.
pub fn model(yaml: &str) -> Model {
    match model::load_str(yaml, "test.yaml", None) {
        Ok(m) => m,
        Err(e) => panic!("model does not load:\n{}", e.render(false)),
    }
}

/// Load a model file relative to the crate root.
pub fn load(path: &str) -> Model {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    match linkscope::open::open(&p) {
        Ok(m) => m,
        Err(e) => panic!("{path} does not load:\n{}", e.render(false)),
    }
}

pub fn tr(m: &Model, from: &str, to: &str) -> Trace {
    tr_with(m, from, to, &QueryOptions::default())
}

pub fn tr_with(m: &Model, from: &str, to: &str, o: &QueryOptions) -> Trace {
    let t = engine::trace(m, from, to, o)
        .unwrap_or_else(|e| panic!("{from} -> {to}: {} ({:?})", e.message, e.help));
    check_invariants(m, &t);
    t
}

/// Invariants every trace keeps: ids exist, the first failing step is the last step, the
/// verdict agrees with the reason, a blocked trace ends on a failing step.
pub fn check_invariants(m: &Model, t: &Trace) {
    for s in &t.steps {
        for id in &s.objects {
            assert!(
                m.lookup(id).is_some(),
                "step {:?} names unknown id {id}",
                s.kind
            );
        }
        assert!(!s.title.is_empty(), "step {:?} has no title", s.kind);
        assert!(!s.title.contains('\n'), "title is one line: {}", s.title);
    }
    let fails: Vec<usize> = t
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.status == Status::Fail)
        .map(|(i, _)| i)
        .collect();
    match t.verdict {
        Verdict::Allowed => {
            assert!(fails.is_empty(), "allowed trace with a failing step");
            assert!(t.reason.is_none());
        }
        Verdict::Blocked => {
            assert_eq!(fails.len(), 1, "one failing step ends a blocked trace");
            assert_eq!(fails[0], t.steps.len() - 1, "the failing step is the last");
            let r = t.reason_code().expect("blocked trace has a reason");
            assert!(
                linkscope::outcome::Reason::parse(r).is_some(),
                "unknown code {r}"
            );
        }
        Verdict::Partial => {
            // The steps show one answer (allowed or blocked); the others are in the answers.
            assert!(fails.len() <= 1, "at most one failing step");
            assert!(
                t.reason.is_some(),
                "a partial trace names the first blocked answer's code"
            );
            assert!(
                !t.blocked_answers.is_empty(),
                "a partial trace lists its blocked answers"
            );
            assert!(
                t.blocked_answers.iter().all(|a| a.reason.is_some()),
                "each blocked answer has its code"
            );
        }
    }
    assert_eq!(t.steps.first().map(|s| s.kind), Some(StepKind::Source));
}

pub fn step(t: &Trace, kind: StepKind) -> &Step {
    t.steps
        .iter()
        .find(|s| s.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} step in {:#?}", titles(t)))
}

pub fn steps(t: &Trace, kind: StepKind) -> Vec<&Step> {
    t.steps.iter().filter(|s| s.kind == kind).collect()
}

pub fn last(t: &Trace) -> &Step {
    t.steps.last().expect("steps")
}

pub fn fact<'a>(s: &'a Step, key: &str) -> &'a Value {
    s.facts
        .get(key)
        .unwrap_or_else(|| panic!("step {:?} has no fact {key}: {:?}", s.kind, s.facts))
}

pub fn titles(t: &Trace) -> Vec<String> {
    t.steps
        .iter()
        .map(|s| format!("{} {} {}", s.status.mark(), s.kind.as_str(), s.title))
        .collect()
}

/// Assert verdict, reason and via in one line of a table.
pub fn expect(t: &Trace, allowed: bool, reason: Option<&str>, via: Option<&str>) {
    let ctx = format!("{} -> {}: {:#?}", t.query.from, t.query.to, titles(t));
    assert_eq!(t.allowed(), allowed, "verdict for {ctx}");
    if let Some(r) = reason {
        assert_eq!(t.reason_code(), Some(r), "reason for {ctx}");
    }
    if let Some(v) = via {
        assert_eq!(t.via.as_deref(), Some(v), "via for {ctx}");
    }
}

pub fn opts() -> QueryOptions {
    QueryOptions::default()
}
