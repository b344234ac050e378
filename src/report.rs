//! Traces as text and JSON (TRACE.md), for `linkscope trace` and `linkscope test`.
//!
//! Text: a header with the question, one line per step with its mark (✓ pass, ✗ fail, ! warn,
//! · info), the explanation indented under it, other DNS answers, and the verdict last. Colour
//! only when asked. Every piece of model text goes through [`crate::text::escape`]. JSON is the
//! trace as serde writes it, with any control or bidi character left in a string written as a
//! `\uXXXX` escape, so the data is unchanged and nothing reaches a terminal raw.

use serde_json::Value;

use crate::engine::{ExpectationResult, Status, Trace, Verdict};
use crate::text::{escape, json_safe, width};

/// Text width explanations are wrapped to.
const WRAP: usize = 100;
const INDENT: &str = "      ";

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn mark(st: Status, color: bool) -> String {
    let (m, code) = match st {
        Status::Pass => ("✓", "32"),
        Status::Fail => ("✗", "31;1"),
        Status::Warn => ("!", "33;1"),
        Status::Info => ("·", "2"),
    };
    paint(m, code, color)
}

/// Wrap `text` to `WRAP` display columns, each line indented.
fn wrap(text: &str, indent: &str) -> String {
    let max = WRAP.saturating_sub(width(indent)).max(20);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for line in crate::text::wrap(&flat, max) {
        if line.is_empty() {
            continue;
        }
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The question in one line: "i-app-a → s3://app-data/x (tcp 443, s3:GetObject on ..., as ...)".
pub fn question(t: &Trace) -> String {
    let q = &t.query;
    let mut extra = vec![format!("{} {}", q.protocol, q.port)];
    if let Some(a) = &q.action {
        let mut s = a.clone();
        if let Some(r) = &q.resource {
            s.push_str(&format!(" on {r}"));
        }
        extra.push(s);
    }
    if q.action.is_some() {
        extra.push(match &q.principal {
            Some(p) => format!("as {p}"),
            None => "anonymous".into(),
        });
    }
    escape(&format!("{} → {} ({})", q.from, q.to, extra.join(", ")))
}

/// The verdict line: "ALLOWED via vpce-s3 (gateway-endpoint)" / "BLOCKED: SG_INBOUND_DENY".
pub fn verdict_words(t: &Trace) -> String {
    match t.verdict {
        Verdict::Allowed => {
            let mut s = "ALLOWED".to_string();
            if let Some(v) = &t.via {
                s.push_str(&format!(" via {}", escape(v)));
            }
            if let Some(p) = t.path {
                s.push_str(&format!(" ({})", p.as_str()));
            }
            s
        }
        Verdict::Blocked => format!("BLOCKED: {}", t.reason_code().unwrap_or("?")),
        Verdict::Partial => {
            let mut s = format!("PARTIAL: {}", t.reason_code().unwrap_or("?"));
            if let Some(v) = &t.via {
                s.push_str(&format!(" (allowed via {} for some answers)", escape(v)));
            }
            s
        }
    }
}

/// A trace as text.
pub fn text(t: &Trace, color: bool) -> String {
    let mut out = String::new();
    out.push_str(&paint(&format!("trace {}", question(t)), "1", color));
    out.push('\n');
    for s in &t.steps {
        out.push_str(&format!(
            "{} {:<16} {}\n",
            mark(s.status, color),
            s.kind.as_str(),
            escape(&s.title)
        ));
        if !s.detail.is_empty() {
            out.push_str(&wrap(&escape(&s.detail), INDENT));
        }
        if !s.rules.is_empty() {
            let r = format!("rules: {}", escape(&s.rules.join(", ")));
            out.push_str(&paint(&format!("{INDENT}{r}"), "2", color));
            out.push('\n');
        }
    }
    if !t.alternatives.is_empty() {
        out.push_str("other DNS answers:\n");
        for a in &t.alternatives {
            out.push_str(&format!(
                "  {} {}\n",
                if a.verdict == Verdict::Allowed {
                    mark(Status::Pass, color)
                } else {
                    mark(Status::Fail, color)
                },
                escape(&a.note)
            ));
        }
    }
    let verdict = verdict_words(t);
    let code = if t.verdict == Verdict::Allowed {
        "32;1"
    } else {
        "31;1"
    };
    out.push_str(&paint(&verdict, code, color));
    out.push_str(" — ");
    out.push_str(&escape(&t.summary));
    out.push('\n');
    out
}

/// The version of the JSON documents the commands print (`"format": 1`); raised when a
/// field changes meaning or goes away, not when one is added.
pub const JSON_FORMAT: u32 = 1;

/// `v` with `"format": JSON_FORMAT` as its first field (objects only; anything else as is).
pub fn with_format(v: Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut out = serde_json::Map::new();
            out.insert("format".into(), Value::from(JSON_FORMAT));
            out.extend(o);
            Value::Object(out)
        }
        other => other,
    }
}

/// A trace as pretty JSON (TRACE.md's shape, with `format`).
pub fn json(t: &Trace) -> String {
    let v = with_format(serde_json::to_value(t).unwrap_or(Value::Null));
    json_safe(serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into()))
}

/// The JSON value of an expectation run: the trace's object plus `expected`, `passed`, `file`,
/// `line` (and `error` when the query could not be traced).
pub fn expectation_value(r: &ExpectationResult, file: &str) -> Value {
    let mut o = match &r.trace {
        Some(t) => match serde_json::to_value(t) {
            Ok(Value::Object(o)) => o,
            _ => serde_json::Map::new(),
        },
        None => {
            let mut o = serde_json::Map::new();
            o.insert(
                "query".into(),
                serde_json::json!({"from": r.from, "to": r.to}),
            );
            o
        }
    };
    o.insert(
        "expected".into(),
        serde_json::to_value(&r.expected).unwrap_or(Value::Null),
    );
    o.insert("passed".into(), Value::Bool(r.passed));
    o.insert("file".into(), Value::String(file.to_string()));
    o.insert("line".into(), Value::from(r.line));
    if let Some(n) = &r.name {
        o.insert("name".into(), Value::String(n.clone()));
    }
    if let Some(e) = &r.error {
        o.insert("error".into(), Value::String(e.clone()));
    }
    Value::Object(o)
}

/// A list of expectation runs as pretty JSON.
pub fn expectations_json(results: &[(String, ExpectationResult)]) -> String {
    let list: Vec<Value> = results
        .iter()
        .map(|(f, r)| expectation_value(r, f))
        .collect();
    json_safe(serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into()))
}

fn outcome(verdict: Verdict, reason: Option<&str>, via: Option<&str>) -> String {
    let mut s = verdict.as_str().to_string();
    if let Some(r) = reason {
        s.push_str(&format!(" ({r})"));
    }
    if let Some(v) = via {
        s.push_str(&format!(" via {v}"));
    }
    s
}

/// What an expectation expected and what the trace gave, each as `verdict (REASON) via X`
/// (or `error: ...` when the query could not be traced).
pub fn expected_and_got(r: &ExpectationResult) -> (String, String) {
    let expected = outcome(
        r.expected.verdict,
        r.expected.reason.as_deref(),
        r.expected.via.as_deref(),
    );
    let got = match (&r.trace, &r.error) {
        (Some(t), _) => outcome(t.verdict, t.reason_code(), t.via.as_deref()),
        (None, Some(e)) => format!("error: {e}"),
        (None, None) => "error".into(),
    };
    (expected, got)
}

/// One line of `linkscope test`: `PASS  from → to  expected ...  got ...  file:line`.
pub fn expectation_line(r: &ExpectationResult, file: &str, color: bool) -> String {
    let word = if r.passed {
        paint("PASS", "32;1", color)
    } else {
        paint("FAIL", "31;1", color)
    };
    let (expected, got) = expected_and_got(r);
    let name = r
        .name
        .as_deref()
        .map(|n| format!("  [{n}]"))
        .unwrap_or_default();
    let rest = format!(
        "{} → {}  expected {expected}  got {got}  {file}:{}{name}",
        r.from, r.to, r.line
    );
    format!("{word}  {}", escape(&rest))
}

/// The last line of `linkscope test`, exactly `N passed, N failed`.
pub fn summary_line(passed: usize, failed: usize) -> String {
    format!("{passed} passed, {failed} failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_width_with_indent() {
        let w = wrap(&"word ".repeat(60), "  ");
        assert!(w.lines().count() > 1);
        assert!(w.lines().all(|l| l.starts_with("  ") && width(l) <= WRAP));
    }

    #[test]
    fn json_escapes_unsafe_characters_losslessly() {
        let s = json_safe(
            serde_json::to_string(&serde_json::json!({"a": "x\u{202e}y\u{9b}z"})).unwrap(),
        );
        assert!(!s.chars().any(crate::text::is_unsafe));
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["a"], "x\u{202e}y\u{9b}z");
    }

    #[test]
    fn summary_line_is_exact() {
        assert_eq!(summary_line(3, 1), "3 passed, 1 failed");
    }
}
