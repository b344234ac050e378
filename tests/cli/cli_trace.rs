//! `linkscope trace` and `linkscope test` as a user runs them: exit codes, JSON shape, the
//! summary line.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::cargo_bin("linkscope").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

const ENDPOINTS: &str = "tests/models/trace/endpoints.yaml";

#[test]
fn trace_exit_codes() {
    bin()
        .args(["trace", ENDPOINTS, "--from", "i-c", "--to", "vpce-svc-ok"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ALLOWED via vpce-ok"));
    bin()
        .args([
            "trace",
            ENDPOINTS,
            "--from",
            "i-c",
            "--to",
            "vpce-svc-denied",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "BLOCKED: SERVICE_PRINCIPAL_NOT_ALLOWED",
        ));
    // Unknown id: 2, message on stderr with a suggestion, nothing on stdout.
    bin()
        .args(["trace", ENDPOINTS, "--from", "i-cc", "--to", "vpce-svc-ok"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("unknown source").and(predicate::str::contains("i-c")));
    // Malformed destination, bad flag, unreadable model, bad --context.
    bin()
        .args([
            "trace",
            ENDPOINTS,
            "--from",
            "i-c",
            "--to",
            "tcp://x.example.com",
        ])
        .assert()
        .code(2);
    bin()
        .args([
            "trace",
            ENDPOINTS,
            "--from",
            "i-c",
            "--to",
            "x",
            "--protocol",
            "sctp",
        ])
        .assert()
        .code(2);
    bin()
        .args([
            "trace",
            "tests/models/trace/nope.yaml",
            "--from",
            "i-c",
            "--to",
            "x",
        ])
        .assert()
        .code(2);
    bin()
        .args([
            "trace",
            ENDPOINTS,
            "--from",
            "i-c",
            "--to",
            "vpce-ok",
            "--context",
            "novalue",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("KEY=VALUE"));
}

#[test]
fn trace_text_has_a_mark_per_step_and_the_verdict_last() {
    let out = bin()
        .args([
            "trace",
            ENDPOINTS,
            "--from",
            "i-c",
            "--to",
            "vpce-svc-nlbsg",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("trace i-c → vpce-svc-nlbsg"));
    assert!(lines.iter().any(|l| l.starts_with("· source")));
    assert!(lines.iter().any(|l| l.starts_with("✓ route")));
    assert!(lines.iter().any(|l| l.starts_with("✗ security-group")));
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("BLOCKED: NLB_SG_INGRESS_DENIED")
    );
    assert!(
        !text.contains('\x1b'),
        "no colour when NO_COLOR / not a terminal"
    );
}

#[test]
fn trace_json_shape() {
    let out = bin()
        .args([
            "trace",
            "tests/models/trace/policies.yaml",
            "--from",
            "i-app",
            "--to",
            "s3://app-data/r.csv",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for k in [
        "query", "verdict", "reason", "path", "via", "steps", "summary",
    ] {
        assert!(v.get(k).is_some(), "key {k}");
    }
    let q = &v["query"];
    for k in [
        "from",
        "to",
        "protocol",
        "port",
        "action",
        "resource",
        "principal",
    ] {
        assert!(q.get(k).is_some(), "query.{k}");
    }
    assert_eq!(q["port"], 443);
    assert_eq!(q["action"], "s3:GetObject");
    assert_eq!(q["principal"], "arn:aws:iam::111111111111:role/app");
    assert_eq!(v["verdict"], "allowed");
    assert_eq!(v["reason"], Value::Null);
    assert_eq!(v["path"], "gateway-endpoint");
    assert_eq!(v["via"], "vpce-s3");
    let steps = v["steps"].as_array().unwrap();
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "source",
            "dns",
            "route",
            "security-group",
            "network-acl",
            "endpoint",
            "network-acl",
            "policy",
            "policy",
            "delivery"
        ]
    );
    let required: &[(&str, &[&str])] = &[
        (
            "source",
            &["ip", "subnet", "vpc", "account", "zone", "zone_id"],
        ),
        (
            "dns",
            &[
                "name",
                "resolver",
                "answered_by",
                "zone",
                "answers",
                "chosen",
                "cname_chain",
            ],
        ),
        (
            "route",
            &[
                "route_table",
                "destination",
                "matched_cidr",
                "target",
                "candidates",
            ],
        ),
        ("security-group", &["group", "direction", "rule"]),
        ("network-acl", &["acl", "direction", "rule", "action"]),
        (
            "endpoint",
            &["endpoint", "type", "service", "state", "zone_id"],
        ),
        (
            "policy",
            &["policy", "owner", "decision", "statement", "evaluated"],
        ),
        ("delivery", &["destination", "seen_source_ip"]),
    ];
    for s in steps {
        for k in ["kind", "status", "title", "detail", "objects", "facts"] {
            assert!(s.get(k).is_some(), "step key {k}");
        }
        assert!(["info", "pass", "warn", "fail"].contains(&s["status"].as_str().unwrap()));
        let kind = s["kind"].as_str().unwrap();
        if let Some((_, keys)) = required.iter().find(|(k, _)| *k == kind) {
            for k in *keys {
                assert!(
                    s["facts"].get(*k).is_some(),
                    "{kind} fact {k}: {}",
                    s["facts"]
                );
            }
        }
    }
    // The endpoint-service step's facts.
    let out = bin()
        .args([
            "trace",
            ENDPOINTS,
            "--from",
            "i-c",
            "--to",
            "vpce-svc-ok",
            "--json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let es = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "endpoint-service")
        .unwrap();
    for k in [
        "service",
        "provider_account",
        "acceptance",
        "principal_allowed",
        "zones",
    ] {
        assert!(es["facts"].get(k).is_some(), "endpoint-service fact {k}");
    }
}

#[test]
fn flags_override_defaults() {
    let out = bin()
        .args([
            "trace",
            "tests/models/trace/policies.yaml",
            "--from",
            "i-app",
            "--to",
            "s3://app-data/r.csv",
            "--action",
            "s3:DeleteObject",
            "--principal",
            "arn:aws:iam::111111111111:role/other",
            "--port",
            "443",
            "--source-port",
            "40000",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reason"], "ENDPOINT_POLICY_DENY");
    assert_eq!(
        v["query"]["principal"],
        "arn:aws:iam::111111111111:role/other"
    );
    // --context makes the bucket's aws:SourceVpce condition hold on the NAT path.
    bin()
        .args([
            "trace",
            "tests/models/trace/policies.yaml",
            "--from",
            "i-batch",
            "--to",
            "s3://app-data/r.csv",
            "--context",
            "aws:SourceVpce=vpce-s3",
        ])
        .assert()
        .code(0);
}

#[test]
fn test_command_summary_and_exit_codes() {
    let out = bin()
        .args([
            "test",
            "tests/models/trace/routes.yaml",
            "tests/models/trace/filters.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(*lines.last().unwrap(), "25 passed, 0 failed");
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.starts_with("PASS  "))
    );
    assert!(lines[0].contains("expected") && lines[0].contains("got"));
    // A failing expectation: exit 1, FAIL line, summary counts it.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.yaml");
    let yaml = std::fs::read_to_string("tests/models/trace/filters.yaml").unwrap().replace(
        "  - { from: i-app, to: \"tcp://10.0.1.20:5432\", expect: allowed }",
        "  - { from: i-app, to: \"tcp://10.0.1.20:5432\", expect: blocked, reason: NO_ROUTE }\n  - { from: i-app, to: i-nope, expect: allowed }",
    );
    std::fs::write(&p, yaml).unwrap();
    let out = bin().args(["test", p.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with(
            "FAIL  i-app → tcp://10.0.1.20:5432  expected blocked (NO_ROUTE)  got allowed"
        )),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("FAIL  i-app → i-nope")
                && l.contains("error: unknown destination")),
        "{text}"
    );
    assert_eq!(text.lines().last().unwrap(), "8 passed, 2 failed");
    // --json: a list of traces, each with `expected`.
    let out = bin()
        .args(["test", p.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 10);
    assert!(list.iter().all(|x| x.get("expected").is_some()
        && x.get("passed").is_some()
        && x.get("query").is_some()));
    assert!(list.iter().filter(|x| x["passed"] == false).count() == 2);
    // Bad input: 2.
    bin()
        .args(["test", "tests/models/invalid/bad_cidr.yaml"])
        .assert()
        .code(2);
}

#[test]
fn hostile_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.yaml");
    std::fs::write(
        &p,
        "linkscope: 1\naccounts: [ { id: \"111111111111\" } ]\nvpcs:\n  - id: vpc-x\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets: [ { id: \"sn-\\e[31mred\", zone: us-east-1a, cidr: 10.0.1.0/24 } ]\n    instances: [ { id: \"i-\\u202eevil\", subnet: \"sn-\\e[31mred\", ip: 10.0.1.10 } ]\n",
    )
    .unwrap();
    let out = bin()
        .args([
            "trace",
            p.to_str().unwrap(),
            "--from",
            "i-\u{202e}evil",
            "--to",
            "10.0.1.10",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\x1b') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(text.contains("\\x1b[31mred"));
    let out = bin()
        .args([
            "trace",
            p.to_str().unwrap(),
            "--from",
            "i-\u{202e}evil",
            "--to",
            "10.0.1.10",
            "--json",
        ])
        .output()
        .unwrap();
    let raw = String::from_utf8(out.stdout).unwrap();
    assert!(!raw.contains('\x1b') && !raw.contains('\u{202e}'));
    let v: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        v["query"]["from"], "i-\u{202e}evil",
        "JSON keeps the data, escaped losslessly"
    );
}

#[test]
fn privatelink_2026_from_the_command_line() {
    // The sample's expectations all hold: exit 0 and the summary line.
    bin()
        .args(["test", "samples/privatelink-2026.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("17 passed, 0 failed"));
    // A zone without healthy targets: exit 1, the code and the AZ in JSON.
    let out = bin()
        .args([
            "trace",
            "samples/privatelink-2026.yaml",
            "--from",
            "i-pay-b",
            "--to",
            "vpce-ledger-b",
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["reason"], "ELB_NO_HEALTHY_TARGET_IN_AZ");
    let last = v["steps"].as_array().unwrap().last().unwrap();
    assert_eq!(last["facts"]["node_zone_id"], "use1-az2");
    // The regional name: partial, the blocked answer names its AZ.
    let out = bin()
        .args([
            "trace",
            "samples/privatelink-2026.yaml",
            "--from",
            "i-pay-a",
            "--to",
            "vpce-ledger",
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["verdict"], "partial");
    assert_eq!(v["blocked_answers"][0]["zone_id"], "use1-az2");
    // Cross-Region refusal, and the rule book knows the new rules.
    bin()
        .args([
            "trace",
            "samples/privatelink-2026.yaml",
            "--from",
            "i-pay-a",
            "--to",
            "vpce-quotes",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "BLOCKED: CROSS_REGION_NOT_SUPPORTED",
        ));
    bin()
        .args(["rules", "ES-22"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fails open"));
    // A resource endpoint is refused at its line (exit 2).
    bin()
        .args(["validate", "tests/models/invalid/not_modelled.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[NOT_MODELLED]"))
        .stderr(predicate::str::contains("not_modelled.yaml:13:30"));
}

/// An IPv6 trace as JSON: the steps walk IPv6 data only (RT-19, SG-4, NACL-4, IF-32).
#[test]
fn ipv6_trace_json_steps() {
    const IPV6: &str = "tests/models/trace/ipv6.yaml";
    let json = |from: &str, to: &str, code: i32| -> Value {
        let out = bin()
            .args(["trace", IPV6, "--from", from, "--to", to, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{from} -> {to}");
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    // Allowed: the VPC's IPv6 local route to a dual-stack endpoint's interface.
    let v = json("i-app", "[2600:1f18:1234:5602::5]:443", 0);
    assert_eq!(v["verdict"], "allowed");
    assert_eq!(v["path"], "interface-endpoint");
    assert_eq!(v["via"], "vpce-sts6");
    assert_eq!(v["query"]["port"], 443);
    let steps = v["steps"].as_array().unwrap();
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "source",
            "route",
            "security-group",
            "network-acl",
            "network-acl",
            "security-group",
            "network-acl",
            "network-acl",
            "delivery"
        ]
    );
    assert_eq!(steps[0]["facts"]["ip"], "2600:1f18:1234:5601::10");
    assert_eq!(
        steps[1]["facts"]["matched_cidr"],
        "2600:1f18:1234:5600::/56"
    );
    assert_eq!(steps[1]["facts"]["target"], "local");
    // The default ACL of a VPC with IPv6 allows it with rule 101 (::/0), not rule 100 (IPv4).
    assert_eq!(steps[3]["facts"]["rule"], "101");
    assert_eq!(steps[5]["facts"]["group"], "sg-ep");
    assert_eq!(steps[8]["facts"]["destination"], "2600:1f18:1234:5602::5");
    assert!(
        steps[8]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "IF-32")
    );
    // Blocked: the ACL allows 0.0.0.0/0 but denies ::/0 with rule 110.
    let v = json("i-app", "[2600:1f18:1234:5604::10]:443", 1);
    assert_eq!(v["reason"], "NACL_INBOUND_DENY");
    let last = v["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "network-acl");
    assert_eq!(last["status"], "fail");
    assert_eq!(last["facts"]["acl"], "acl-deny6");
    assert_eq!(last["facts"]["rule"], "110");
    // Blocked: only 0.0.0.0/0 in the table, which never carries IPv6.
    let v = json("i-v4only", "2606:4700::1111", 1);
    assert_eq!(v["reason"], "NO_ROUTE");
    // An instance without an IPv6 address is a query error with help.
    let out = bin()
        .args([
            "trace",
            IPV6,
            "--from",
            "i-noipv6",
            "--to",
            "2606:4700::1111",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no IPv6 address"));
}
