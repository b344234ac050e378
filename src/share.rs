//! A trace to hand on: Markdown for a ticket, a Mermaid flowchart or a Graphviz DOT graph of its
//! hops for a slide (`trace --format markdown|mermaid|dot`). Every text is escaped for its
//! format; nothing here decides anything.

use crate::engine::{Status, Trace, Verdict};
use crate::text::escape;

fn verdict_line(t: &Trace) -> String {
    match (t.verdict, t.reason_code()) {
        (Verdict::Allowed, _) => format!(
            "ALLOWED{}",
            t.via
                .as_deref()
                .map(|v| format!(" via {v}"))
                .unwrap_or_default()
        ),
        (v, Some(r)) => format!("{} ({r})", v.as_str().to_uppercase()),
        (v, None) => v.as_str().to_uppercase(),
    }
}

fn md(s: &str) -> String {
    escape(s)
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('`', "\\`")
        .replace('<', "&lt;")
}

/// Markdown: the question, the verdict, a table of steps, then each step's explanation.
pub fn markdown(t: &Trace) -> String {
    let q = &t.query;
    let mut out = format!(
        "### linkscope trace: {} → {}\n\n**{}** — {}\n\n",
        md(&q.from),
        md(&q.to),
        verdict_line(t),
        md(&t.summary)
    );
    out.push_str(&format!(
        "Query: {} {}{}{}\n\n",
        md(&q.protocol),
        q.port,
        q.action
            .as_deref()
            .map(|a| format!(", action {}", md(a)))
            .unwrap_or_default(),
        q.principal
            .as_deref()
            .map(|p| format!(", as {}", md(p)))
            .unwrap_or_default()
    ));
    out.push_str("| # | | step | what AWS did | rules |\n|---|---|---|---|---|\n");
    for (i, s) in t.steps.iter().enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            i + 1,
            s.status.mark(),
            s.kind.as_str(),
            md(&s.title),
            md(&s.rules.join(", "))
        ));
    }
    out.push('\n');
    for (i, s) in t.steps.iter().enumerate() {
        out.push_str(&format!(
            "{}. **{}** — {}\n",
            i + 1,
            s.kind.as_str(),
            md(&s.detail)
        ));
    }
    if !t.answers.is_empty() {
        out.push_str("\nDNS answers (clients use every one):\n\n");
        for a in &t.answers {
            out.push_str(&format!("- {}\n", md(&a.note)));
        }
    }
    out
}

fn label(s: &str) -> String {
    escape(s)
        .replace('"', "'")
        .replace(['[', ']', '{', '}', '<', '>'], " ")
}

/// A Mermaid flowchart of the steps, left to right; the failing step marked.
pub fn mermaid(t: &Trace) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, s) in t.steps.iter().enumerate() {
        out.push_str(&format!(
            "  s{i}[\"{} {}: {}\"]\n",
            s.status.mark(),
            s.kind.as_str(),
            label(&s.title)
        ));
    }
    for i in 1..t.steps.len() {
        out.push_str(&format!("  s{} --> s{i}\n", i - 1));
    }
    out.push_str(&format!(
        "  v[\"{}\"]\n  s{} --> v\n",
        label(&verdict_line(t)),
        t.steps.len().saturating_sub(1)
    ));
    for (i, s) in t.steps.iter().enumerate() {
        let class = match s.status {
            Status::Fail => "fail",
            Status::Warn => "warn",
            _ => continue,
        };
        out.push_str(&format!("  class s{i} {class}\n"));
    }
    out.push_str("  classDef fail fill:#f8d7da,stroke:#b02a37\n  classDef warn fill:#fff3cd,stroke:#997404\n");
    out
}

/// A Graphviz DOT graph of the steps; the failing step red.
pub fn dot(t: &Trace) -> String {
    let mut out = String::from(
        "digraph trace {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n",
    );
    for (i, s) in t.steps.iter().enumerate() {
        let color = match s.status {
            Status::Fail => ", color=red, fontcolor=red",
            Status::Warn => ", color=orange",
            _ => "",
        };
        out.push_str(&format!(
            "  s{i} [label=\"{} {}\\n{}\"{color}];\n",
            s.status.mark(),
            s.kind.as_str(),
            label(&s.title).replace('\\', "\\\\")
        ));
    }
    for i in 1..t.steps.len() {
        out.push_str(&format!("  s{} -> s{i};\n", i - 1));
    }
    out.push_str(&format!(
        "  verdict [label=\"{}\", shape=oval];\n  s{} -> verdict;\n}}\n",
        label(&verdict_line(t)),
        t.steps.len().saturating_sub(1)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace() -> Trace {
        let m = crate::model::load::load_str(crate::TOUR, "tour.yaml", None).unwrap();
        let from = m.instances[0].id.clone();
        let to = format!(
            "s3://{}/x",
            m.buckets.first().map(|b| b.name.as_str()).unwrap_or("b")
        );
        crate::engine::trace(&m, &from, &to, &Default::default()).unwrap()
    }

    #[test]
    fn markdown_has_the_verdict_a_row_per_step_and_escapes_tables() {
        let t = trace();
        let s = markdown(&t);
        assert!(s.starts_with("### linkscope trace: "), "{s}");
        let rows = s
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
            .count();
        assert_eq!(rows, t.steps.len(), "{s}");
        assert!(s.contains(&verdict_line(&t)));
        assert_eq!(md("a|b_c"), "a\\|b\\_c");
    }

    #[test]
    fn mermaid_and_dot_chain_every_step_to_the_verdict() {
        let t = trace();
        let m = mermaid(&t);
        assert!(m.starts_with("flowchart LR\n"));
        assert_eq!(m.matches(" --> ").count(), t.steps.len(), "{m}");
        assert!(!m.contains("\"\""), "{m}");
        let d = dot(&t);
        assert!(d.starts_with("digraph trace {") && d.trim_end().ends_with('}'));
        assert_eq!(d.matches(" -> ").count(), t.steps.len(), "{d}");
        // Labels never carry a raw quote that would end them.
        assert!(!label("say \"hi\" [x]").contains('"'));
    }
}
