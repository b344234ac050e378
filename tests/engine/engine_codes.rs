//! Every failure code is produced by at least one test model, and every expectation of the
//! test models (tests/models/trace), the samples and the tour holds.

use linkscope::engine;
use linkscope::outcome::Reason;
use std::collections::BTreeSet;

const TRACE_MODELS: &[&str] = &[
    "tests/models/trace/dns.yaml",
    "tests/models/trace/routes.yaml",
    "tests/models/trace/filters.yaml",
    "tests/models/trace/endpoints.yaml",
    "tests/models/trace/policies.yaml",
    "tests/models/trace/fidelity.yaml",
    "tests/models/trace/transit.yaml",
    "tests/models/trace/modern.yaml",
    "tests/models/trace/sites.yaml",
    "tests/models/trace/vgw.yaml",
    "tests/models/trace/hybrid_dns.yaml",
    "tests/models/trace/resource.yaml",
    "tests/models/trace/service_network.yaml",
    "tests/models/trace/ipv6.yaml",
];

fn run(path: &str) -> Vec<engine::ExpectationResult> {
    let m = crate::common::load(path);
    assert!(!m.expectations.is_empty(), "{path} has expectations");
    let results = engine::run_expectations(&m);
    for r in &results {
        if let Some(t) = &r.trace {
            crate::common::check_invariants(&m, t);
        }
    }
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| {
            let got = r
                .trace
                .as_ref()
                .map(|t| {
                    format!(
                        "{:?} {:?} via {:?}\n{:#?}",
                        t.verdict,
                        t.reason,
                        t.via,
                        crate::common::titles(t)
                    )
                })
                .unwrap_or_else(|| format!("error {:?}", r.error));
            format!(
                "{path}:{} {} -> {}: expected {:?}, got {got}",
                r.line, r.from, r.to, r.expected
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "failed expectations:\n{}",
        failed.join("\n")
    );
    results
}

#[test]
fn test_models_hold_and_cover_every_code() {
    let mut produced = BTreeSet::new();
    for path in TRACE_MODELS {
        for r in run(path) {
            if let Some(reason) = r.trace.and_then(|t| t.reason) {
                produced.insert(reason.as_str());
            }
        }
    }
    let missing: Vec<&str> = Reason::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !produced.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes no test model produces: {missing:?}"
    );
}

/// Rule ids (`ES-10`, `RT-8`) named in a text.
fn rule_ids(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| {
            w.split_once('-').is_some_and(|(a, n)| {
                !a.is_empty()
                    && a.chars().all(|c| c.is_ascii_uppercase())
                    && !n.is_empty()
                    && n.chars().all(|c| c.is_ascii_digit())
            })
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_rule_a_failing_step_cites_first_is_one_that_decides() {
    // The rule a step shows first is the rule that decided (issue 11, point 10): for a blocked
    // trace, the failing step's first rule is one its failure code names.
    let mut checked = 0;
    let mut bad = Vec::new();
    for path in TRACE_MODELS {
        for r in run(path) {
            let Some(t) = r.trace else { continue };
            let (Some(reason), Some(last)) = (t.reason, t.steps.last()) else {
                continue;
            };
            if t.verdict != engine::Verdict::Blocked {
                continue;
            }
            let first = last.rules.first().cloned().unwrap_or_default();
            let named = rule_ids(reason.meaning());
            // Codes that no single rule id decides (a model limit, §8.2 step 5) are not checked.
            if !named.is_empty() && !named.contains(&first) {
                bad.push(format!(
                    "{path}:{} {} -> {}: {reason} names {named:?}, but the failing step cites {first} first ({:?})",
                    r.line, r.from, r.to, last.rules
                ));
            }
            checked += 1;
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked > 30, "{checked}");
}

#[test]
fn samples_and_tour_hold() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut paths: Vec<String> = std::fs::read_dir(&dir)
        .expect("samples/")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| format!("samples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    paths.push("assets/tour.yaml".into());
    for p in &paths {
        let m = crate::common::load(p);
        if m.expectations.is_empty() {
            continue;
        }
        run(p);
    }
}

#[test]
fn trace_md_codes_are_all_listed() {
    // The contract's table (TRACE.md), which CODES must contain.
    for c in [
        "DNS_NO_ANSWER",
        "DNS_RESOLUTION_DISABLED",
        "NO_ROUTE",
        "BLACKHOLE_ROUTE",
        "SG_OUTBOUND_DENY",
        "SG_INBOUND_DENY",
        "NACL_OUTBOUND_DENY",
        "NACL_INBOUND_DENY",
        "NACL_RETURN_DENY",
        "PROTOCOL_UNSUPPORTED",
        "ENDPOINT_NOT_AVAILABLE",
        "SERVICE_PRINCIPAL_NOT_ALLOWED",
        "SERVICE_ZONE_UNSUPPORTED",
        "ENDPOINT_WRONG_REGION",
        "ENDPOINT_POLICY_DENY",
        "ENDPOINT_POLICY_NO_ALLOW",
        "BUCKET_POLICY_DENY",
        "INSTANCE_CONNECT_PORT",
        "NO_PUBLIC_ADDRESS",
        "NO_LISTENER",
        "UNREACHABLE_TARGET",
    ] {
        assert!(
            linkscope::outcome::Reason::parse(c).is_some(),
            "{c} missing from CODES"
        );
    }
}
