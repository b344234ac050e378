//! `linkscope trace MODEL --from SRC --to DST [...]`: one trace, as text or JSON.
//! Exit 0 when allowed, 1 when blocked, 2 on bad input (TRACE.md).

use super::output::{color_stdout, open_or_report, write_out};
use super::{Exit, args::TraceArgs};
use crate::engine::{self, QueryOptions};

/// `KEY=VALUE` pairs of `--context`.
pub fn parse_context(items: &[String]) -> Result<Vec<(String, String)>, String> {
    items
        .iter()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(format!(
                "--context `{kv}` is not KEY=VALUE (e.g. aws:SourceVpce=vpce-1234)"
            )),
        })
        .collect()
}

pub fn run(a: &TraceArgs) -> Exit {
    let context = match parse_context(&a.context) {
        Ok(c) => c,
        Err(e) => {
            super::output::print_request_error(&e, None);
            return Exit::BadInput;
        }
    };
    let Some(model) = open_or_report(&a.model) else {
        return Exit::BadInput;
    };
    let opts = QueryOptions {
        port: a.port,
        protocol: a.protocol.clone(),
        action: a.action.clone(),
        resource: a.resource.clone(),
        principal: a.principal.clone(),
        source_port: a.source_port,
        context,
    };
    match engine::trace(&model, &a.from, &a.to, &opts) {
        Ok(t) => {
            let format = a
                .format
                .as_deref()
                .unwrap_or(if a.json { "json" } else { "text" });
            match format {
                "json" => write_out(&format!("{}\n", crate::report::json(&t))),
                "markdown" => write_out(&crate::share::markdown(&t)),
                "mermaid" => write_out(&crate::share::mermaid(&t)),
                "dot" => write_out(&crate::share::dot(&t)),
                _ => write_out(&crate::report::text(&t, color_stdout())),
            }
            if t.allowed() { Exit::Ok } else { Exit::Failed }
        }
        Err(e) => {
            super::output::print_request_error(&e.message, e.help.as_deref());
            Exit::BadInput
        }
    }
}
