//! `linkscope reach MODEL --to DST | --from SRC`: who can reach what, grouped by verdict and
//! reason. Exit 0 when it ran, 2 on bad input.

use std::collections::BTreeMap;

use super::output::{errln, open_or_report, write_out};
use super::{Exit, args::ReachArgs};
use crate::engine::reach::{self, Row, Sources};
use crate::engine::{QueryOptions, Verdict};
use crate::text::escape;

pub fn run(a: &ReachArgs) -> Exit {
    let Some(model) = open_or_report(&a.model) else {
        return Exit::BadInput;
    };
    let opts = QueryOptions {
        port: a.port,
        protocol: a.protocol.clone(),
        action: a.action.clone(),
        ..Default::default()
    };
    let (rows, what) = match (&a.to, &a.from) {
        (Some(to), _) => {
            let which = if a.sources == "subnets" {
                Sources::Subnets
            } else {
                Sources::Instances
            };
            // A destination every source fails to read is bad input, not a table of errors.
            if let Some(first) = reach::sources(&model, which, to).first()
                && let Err(e) = crate::engine::trace(&model, first, to, &opts)
                && e.message.contains("destination")
            {
                errln!("error: {}", escape(&e.message));
                if let Some(h) = &e.help {
                    errln!("  help: {}", escape(h));
                }
                return Exit::BadInput;
            }
            (
                reach::to(&model, to, which, &opts),
                format!("every source → {to}"),
            )
        }
        (None, Some(from)) => {
            if let Err(e) = crate::engine::query::parse_source(&model, from) {
                errln!("error: {}", escape(&e.message));
                if let Some(h) = &e.help {
                    errln!("  help: {}", escape(h));
                }
                return Exit::BadInput;
            }
            (
                reach::from(&model, from, &opts),
                format!("{from} → every destination"),
            )
        }
        (None, None) => {
            errln!("error: give --to DST or --from SRC");
            return Exit::BadInput;
        }
    };
    if a.json {
        let v = serde_json::json!({ "format": 1, "rows": rows });
        write_out(&format!(
            "{}\n",
            crate::text::json_safe(serde_json::to_string_pretty(&v).unwrap_or_default())
        ));
    } else {
        write_out(&text(&rows, &what, a.to.is_some()));
    }
    Exit::Ok
}

/// Rows grouped: allowed by path and via, partial and blocked by reason, then errors.
pub fn text(rows: &[Row], what: &str, by_source: bool) -> String {
    let mut out = format!("reach: {} ({} traces)\n", escape(what), rows.len());
    let name = |r: &Row| {
        if by_source {
            escape(&r.from)
        } else {
            escape(&r.to)
        }
    };
    let mut groups: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
    for r in rows {
        let key = match (r.verdict, &r.error) {
            (Some(Verdict::Allowed), _) => (
                0,
                format!(
                    "via {} ({})",
                    r.via.as_deref().map(escape).unwrap_or_else(|| "—".into()),
                    r.path.map(|p| p.as_str()).unwrap_or("?")
                ),
            ),
            (Some(Verdict::Partial), _) => {
                (1, r.reason.map(|x| x.as_str()).unwrap_or("?").to_string())
            }
            (Some(Verdict::Blocked), _) => {
                (2, r.reason.map(|x| x.as_str()).unwrap_or("?").to_string())
            }
            (None, e) => (3, e.clone().map(|e| escape(&e)).unwrap_or_default()),
        };
        groups.entry(key).or_default().push(name(r));
    }
    let heads = ["ALLOWED", "PARTIAL", "BLOCKED", "CANNOT TRACE"];
    for (i, head) in heads.iter().enumerate() {
        let n: usize = groups
            .iter()
            .filter(|((k, _), _)| *k as usize == i)
            .map(|(_, v)| v.len())
            .sum();
        if n == 0 {
            continue;
        }
        out.push_str(&format!("{head} ({n})\n"));
        for ((_, key), names) in groups.iter().filter(|((k, _), _)| *k as usize == i) {
            out.push_str(&format!("  {key}: {}\n", names.join(", ")));
        }
    }
    out
}
