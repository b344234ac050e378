//! `linkscope rules [ID|WORDS]`: the rule book (assets/rules.md) from the command line.

use super::{Exit, args::RulesArgs};
use crate::rules::{self, Rule};
use crate::text::{escape, wrap};

pub fn run(a: &RulesArgs) -> Exit {
    let query = a.query.join(" ");
    if query.trim().is_empty() {
        return sections(a.json);
    }
    let hits: Vec<&Rule> = match rules::get(&query) {
        Some(r) => vec![r],
        None => rules::search(&query),
    };
    if a.json {
        let list: Vec<serde_json::Value> = hits.iter().map(|r| json(r)).collect();
        println!(
            "{}",
            crate::text::json_safe(serde_json::to_string_pretty(&list).unwrap_or_default())
        );
        return if hits.is_empty() {
            Exit::Failed
        } else {
            Exit::Ok
        };
    }
    match hits.as_slice() {
        [] => {
            eprintln!(
                "no rule matches `{}`; `linkscope rules` lists the sections, `linkscope rules WORD` searches",
                escape(&query)
            );
            Exit::Failed
        }
        [one] => {
            print!("{}", full(one));
            Exit::Ok
        }
        many => {
            for r in many {
                let first = r.text.chars().take(90).collect::<String>();
                let more = if r.text.chars().count() > 90 {
                    "…"
                } else {
                    ""
                };
                println!("{:<8} {}{more}", r.id, escape(&first));
            }
            println!(
                "{} rules match; `linkscope rules ID` shows one with its sources.",
                many.len()
            );
            Exit::Ok
        }
    }
}

fn json(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "section": r.section,
        "evidence": r.evidence(),
        "text": r.text,
        "sources": r.sources().iter().map(|(a, u)| serde_json::json!({"abbreviation": a, "url": u})).collect::<Vec<_>>(),
    })
}

/// One rule in full: id, section, evidence, the words wrapped, its sources.
pub fn full(r: &Rule) -> String {
    let mut out = format!("{}  ({} · {})\n", r.id, escape(r.section), r.evidence());
    for l in wrap(&escape(r.text), 96) {
        out.push_str("  ");
        out.push_str(&l);
        out.push('\n');
    }
    let sources = r.sources();
    if !sources.is_empty() {
        out.push_str("  sources:\n");
        for (a, u) in sources {
            if a.is_empty() {
                out.push_str(&format!("    {}\n", escape(u)));
            } else {
                out.push_str(&format!("    {:<6} {}\n", escape(&a), escape(u)));
            }
        }
    }
    out
}

fn sections(json: bool) -> Exit {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for r in rules::all() {
        match seen.last_mut() {
            Some((s, n)) if *s == r.section => *n += 1,
            _ => seen.push((r.section, 1)),
        }
    }
    if json {
        let list: Vec<serde_json::Value> = rules::all().iter().map(json_of).collect();
        println!(
            "{}",
            crate::text::json_safe(serde_json::to_string_pretty(&list).unwrap_or_default())
        );
        return Exit::Ok;
    }
    println!(
        "The rule book: {} rules on how AWS behaves, each with its source. Steps cite their ids.",
        rules::all().len()
    );
    for (s, n) in seen {
        let ids: Vec<&str> = rules::all()
            .iter()
            .filter(|r| r.section == s)
            .map(|r| r.id)
            .collect();
        let span = match (ids.first(), ids.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}..{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        println!("  {:<60} {n:>3}  {span}", escape(s));
    }
    println!("`linkscope rules GW-6` shows one rule; `linkscope rules WORDS` searches.");
    Exit::Ok
}

fn json_of(r: &Rule) -> serde_json::Value {
    json(r)
}
