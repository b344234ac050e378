//! `linkscope validate MODEL...`: load each model, print errors and warnings.
//! Exit 0 when every model loads (warnings allowed), 2 when any does not; with
//! `--deny-warnings`, 1 when every model loads but one has a warning.

use std::path::Path;

use super::output::{color_stdout, outln, print_load_error};
use super::{Exit, args::ValidateArgs};
use crate::model::{self, Model};

pub fn run(a: &ValidateArgs) -> Exit {
    let mut exit = Exit::Ok;
    let mut json = Vec::new();
    for path in &a.models {
        match crate::open::open(path) {
            Ok(m) => {
                if a.deny_warnings && !m.warnings.is_empty() && exit == Exit::Ok {
                    exit = Exit::Failed;
                }
                if a.json {
                    json.push(serde_json::json!({
                        "file": path.display().to_string(), "valid": true, "diagnostics": m.warnings,
                    }));
                    continue;
                }
                let lines = crate::diag::SourceLines::new(&m.source.text);
                for w in &m.warnings {
                    outln!("{}", w.render_indexed(Some(&lines), color_stdout()));
                }
                outln!(
                    "{}: valid ({}; {} warning{})",
                    crate::text::escape(&path.display().to_string()),
                    counts(&m),
                    m.warnings.len(),
                    if m.warnings.len() == 1 { "" } else { "s" }
                );
            }
            Err(e) => {
                exit = Exit::BadInput;
                if a.json {
                    json.push(serde_json::json!({
                        "file": path.display().to_string(), "valid": false, "diagnostics": e.diagnostics,
                    }));
                } else {
                    print_load_error(&e);
                }
            }
        }
    }
    if exit == Exit::Failed && !a.json {
        super::output::errln!("error: warnings with --deny-warnings (exit 1)");
    }
    if a.json {
        outln!(
            "{}",
            crate::text::json_safe(serde_json::to_string_pretty(&json).unwrap_or_default())
        );
    }
    exit
}

/// "2 VPCs, 6 subnets, 4 endpoints".
pub fn counts(m: &Model) -> String {
    let p = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}, {}",
        p(m.vpcs.len(), "VPC"),
        p(m.subnets.len(), "subnet"),
        p(m.endpoints.len(), "endpoint"),
        p(m.instances.len(), "instance")
    )
}

/// Without the explorer: a summary of the model and what to try next.
pub fn summary(path: Option<&Path>) -> Exit {
    let loaded = match path {
        Some(p) => crate::open::open(p),
        None => model::load_str(crate::TOUR, "<tour>", None),
    };
    let m = match loaded {
        Ok(m) => m,
        Err(e) => {
            print_load_error(&e);
            return Exit::BadInput;
        }
    };
    use crate::text::escape;
    outln!("{} — {}", escape(&m.name), counts(&m));
    for v in &m.vpcs {
        outln!(
            "  {} {} ({}, account {})",
            escape(&v.id),
            v.cidrs
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(","),
            v.region,
            escape(&m.accounts[v.account].id)
        );
        for z in &v.zones {
            let subnets: Vec<&str> = v
                .subnets
                .iter()
                .map(|&s| &m.subnets[s])
                .filter(|s| &s.zone == z)
                .map(|s| s.id.as_str())
                .collect();
            outln!("    {z}: {}", escape(&subnets.join(", ")));
        }
        for &e in &v.endpoints {
            let e = &m.endpoints[e];
            outln!("    endpoint {} ({})", escape(&e.id), e.kind.as_str());
        }
    }
    outln!("\nTry: linkscope trace MODEL --from <instance> --to s3://bucket/key");
    Exit::Ok
}
