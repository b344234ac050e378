//! Control and escape characters in a model, a policy or a capture never reach the terminal
//! raw: every command's text output (and JSON) shows them as visible escapes.
//!
//! One hostile string carries every kind: ESC with CSI (`\e[31m`), the 8-bit CSI (U+009B), OSC
//! (`\e]0;…\a`), BEL, backspace, carriage return and bidi overrides (U+202E RLO, U+2066 LRI).
//! It is put into names, ids, descriptions, expectation names and policy statement ids.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The hostile text as a YAML double-quoted escape sequence.
const H_YAML: &str = "\\e[31m\\x9b2J\\e]0;pwned\\a\\b\\r\\u202e\\u2066";
/// The same text as Rust characters.
const H: &str = "\u{1b}[31m\u{9b}2J\u{1b}]0;pwned\u{7}\u{8}\r\u{202e}\u{2066}";
/// Every character that must not appear raw.
const RAW: [char; 7] = [
    '\u{1b}', '\u{9b}', '\u{7}', '\u{8}', '\r', '\u{202e}', '\u{2066}',
];
/// How `text::escape` shows [`H`].
const SHOWN: &str = "\\x1b[31m\\u{9b}2J\\x1b]0;pwned\\x07\\x08\\x0d\\u{202e}\\u{2066}";

fn bin() -> Command {
    let mut c = Command::cargo_bin("linkscope").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

/// No raw hostile character anywhere in `out`.
fn assert_clean(what: &str, out: &str) {
    for c in RAW {
        assert!(
            !out.contains(c),
            "{what}: raw U+{:04X} reaches the terminal:\n{out:?}",
            c as u32
        );
    }
}

/// A model with the hostile text in its name, description, VPC, subnet, instance, security
/// group, endpoint and policy statement, and in its expectations.
fn hostile_model(dir: &Path) -> std::path::PathBuf {
    let h = H_YAML;
    let yaml = format!(
        r#"linkscope: 1
name: "model {h}"
description: "about {h}"
region: us-east-1
accounts:
  - {{ id: "111111111111", name: "acct {h}" }}
vpcs:
  - id: vpc-x
    name: "vpc {h}"
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    dns_hostnames: true
    subnets:
      - {{ id: "sn-{h}", name: "subnet {h}", zone: us-east-1a, cidr: 10.0.1.0/24, route_table: rtb-x }}
    route_tables:
      - {{ id: rtb-x, routes: [] }}
    security_groups:
      - id: "sg-{h}"
        inbound: [{{ protocol: tcp, ports: 443, from: 10.0.0.0/16 }}]
    instances:
      - {{ id: "i-{h}", name: "inst {h}", subnet: "sn-{h}", ip: 10.0.1.10, security_groups: ["sg-{h}"] }}
      - {{ id: i-b, subnet: "sn-{h}", ip: 10.0.1.20, security_groups: ["sg-{h}"] }}
    endpoints:
      - id: "vpce-{h}"
        type: gateway
        service: s3
        route_tables: [rtb-x]
        policy:
          Version: "2012-10-17"
          Statement:
            - {{ Sid: "deny {h}", Effect: Deny, Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::secret/*" }}
            - {{ Sid: "allow {h}", Effect: Allow, Principal: "*", Action: "s3:*", Resource: "*" }}
hosted_zones:
  - {{ id: "zone-{h}", name: corp.internal, records: [] }}
expectations:
  - {{ name: "passes {h}", from: "i-{h}", to: i-b, port: 443, expect: allowed }}
  - {{ name: "fails {h}", from: "i-{h}", to: "s3://secret/x", expect: allowed }}
  - {{ name: "errors {h}", from: "i-{h}", to: "nowhere-{h}.invalid", expect: allowed }}
  - {{ name: "unknown source {h}", from: "nobody-{h}", to: i-b, expect: allowed }}
"#
    );
    let p = dir.join("hostile.yaml");
    std::fs::write(&p, yaml).unwrap();
    // The model really carries the raw characters.
    let m = linkscope::open::open(&p).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(m.name, format!("model {H}"));
    p
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn trace_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_model(dir.path());
    let p = p.to_str().unwrap();
    let from = format!("i-{H}");

    // Allowed: the source, its subnet and group are named in the steps.
    let (code, out, err) = run(&["trace", p, "--from", &from, "--to", "i-b", "--port", "443"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_clean("trace (allowed)", &out);
    assert!(out.contains(&format!("i-{SHOWN}")), "{out}");
    assert!(out.contains(&format!("sg-{SHOWN}")), "{out}");

    // Blocked by the endpoint policy: the endpoint id and the statement's Sid are shown.
    let (code, out, err) = run(&["trace", p, "--from", &from, "--to", "s3://secret/x"]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_clean("trace (blocked)", &out);
    assert!(out.contains(&format!("vpce-{SHOWN}")), "{out}");
    assert!(out.contains(&format!("deny {SHOWN}")), "{out}");

    // Bad input naming hostile text: the error on stderr is escaped too.
    let (code, out, err) = run(&["trace", p, "--from", &from, "--to", &format!("i-{H}x")]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert_clean("trace (error)", &err);
    assert!(err.contains(SHOWN), "{err}");
    let (code, _, err) = run(&["trace", p, "--from", &format!("x{H}"), "--to", "i-b"]);
    assert_eq!(code, Some(2));
    assert_clean("trace (unknown source)", &err);
    assert!(err.contains(SHOWN), "{err}");

    // JSON: the data is kept (escaped as \uXXXX), nothing raw.
    let (_, out, _) = run(&[
        "trace",
        p,
        "--from",
        &from,
        "--to",
        "s3://secret/x",
        "--json",
    ]);
    assert_clean("trace --json", &out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["query"]["from"], from.as_str());
    assert_eq!(v["via"], format!("vpce-{H}").as_str());
}

#[test]
fn test_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_model(dir.path());
    let p = p.to_str().unwrap();
    let (code, out, err) = run(&["test", p]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_clean("test", &out);
    assert_clean("test (stderr)", &err);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines[0].starts_with(&format!("PASS  i-{SHOWN} → i-b  expected allowed")),
        "{out}"
    );
    assert!(lines[0].ends_with(&format!("[passes {SHOWN}]")), "{out}");
    assert!(
        lines[1].starts_with(&format!("FAIL  i-{SHOWN} → s3://secret/x")),
        "{out}"
    );
    assert!(lines[1].contains(&format!("via vpce-{SHOWN}")), "{out}");
    assert!(
        lines[2].contains(&format!("nowhere-{SHOWN}.invalid")),
        "{out}"
    );
    assert!(lines[2].ends_with(&format!("[errors {SHOWN}]")), "{out}");
    assert!(
        lines[3].starts_with(&format!("FAIL  nobody-{SHOWN} → i-b")),
        "{out}"
    );
    assert!(lines[3].contains("error: "), "{out}");
    assert_eq!(lines[4], "1 passed, 3 failed");

    let (_, out, _) = run(&["test", p, "--json"]);
    assert_clean("test --json", &out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["name"], format!("passes {H}").as_str());
}

#[test]
fn validate_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_model(dir.path());
    let ps = p.to_str().unwrap();
    // Valid, with a warning about the hostile hosted zone.
    let (code, out, err) = run(&["validate", ps]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_clean("validate", &out);
    assert!(out.contains("HOSTED_ZONE_NO_VPC"), "{out}");
    assert!(out.contains(&format!("zone-{SHOWN}")), "{out}");
    let (_, out, _) = run(&["validate", ps, "--json"]);
    assert_clean("validate --json", &out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["valid"], true);

    // Invalid: an unknown reference naming hostile text; the snippet line shows it too.
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("subnet: \"sn-\\e[31m", "subnet: \"nowhere-\\e[31m");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, text).unwrap();
    let (code, out, err) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert_clean("validate (errors)", &format!("{out}{err}"));
    assert!(err.contains("UNKNOWN_REFERENCE"), "{err}");
    assert!(err.contains(&format!("nowhere-{SHOWN}")), "{err}");
    let (_, out, _) = run(&["validate", bad.to_str().unwrap(), "--json"]);
    assert_clean("validate --json (errors)", &out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["valid"], false);
}

#[test]
fn a_hostile_file_name_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_model(dir.path());
    let named = dir.path().join(format!("m{H}.yaml"));
    std::fs::copy(&p, &named).unwrap();
    let (code, out, err) = run(&["validate", named.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_clean("validate (file name)", &out);
    assert!(out.contains(&format!("m{SHOWN}.yaml: valid")), "{out}");
    let (code, out, err) = run(&["test", named.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_clean("test (file name)", &out);
    assert!(out.contains(&format!("m{SHOWN}.yaml:")), "{out}");
}

#[test]
fn policy_eval_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": format!("deny {H}"), "Effect": "Deny", "Principal": "*",
             "Action": "s3:*", "Resource": format!("arn:aws:s3:::secret{H}/*")},
            {"Sid": format!("allow {H}"), "Effect": "Allow",
             "Action": format!("s3:Get{H}*"), "Resource": "*"}
        ]
    });
    let p = dir.path().join("p.json");
    std::fs::write(&p, policy.to_string()).unwrap();
    let ps = p.to_str().unwrap();
    let resource = format!("arn:aws:s3:::secret{H}/x");
    let args = [
        "policy",
        "eval",
        ps,
        "--kind",
        "gateway",
        "--action",
        "s3:GetObject",
        "--resource",
        &resource,
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_clean("policy eval", &out);
    assert!(out.starts_with("explicit-deny: "), "{out}");
    assert!(
        out.contains(&format!("#0 \"deny {SHOWN}\" Deny decides")),
        "{out}"
    );
    assert!(
        out.contains(&format!("#1 \"allow {SHOWN}\" Allow")),
        "{out}"
    );
    // The lints (a statement without a Principal) are escaped too.
    assert!(out.contains("warning[POLICY_"), "{out}");

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let (_, out, _) = run(&json_args);
    assert_clean("policy eval --json", &out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["evaluation"]["statements"][0]["sid"],
        format!("deny {H}").as_str()
    );

    // A policy that does not parse: the error names hostile text escaped.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        format!(
            "{{\"Statement\": [{{\"Effect\": \"{}\"}}]}}",
            "Perhaps\\u001b[31m"
        ),
    )
    .unwrap();
    let (code, out, err) = run(&[
        "policy",
        "eval",
        bad.to_str().unwrap(),
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
    ]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert_clean("policy eval (error)", &err);
}

#[test]
fn import_report_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let caps = dir.path().join("caps");
    std::fs::create_dir(&caps).unwrap();
    let vpcs = serde_json::json!({"Vpcs": [{"VpcId": "vpc-1", "OwnerId": "123456789012",
        "CidrBlock": "10.9.0.0/16", "Tags": [{"Key": "Name", "Value": format!("vpc {H}")}]}]});
    std::fs::write(caps.join("vpcs.json"), vpcs.to_string()).unwrap();
    // An unrecognised file, named with the hostile text: the report names it as an example.
    std::fs::write(caps.join(format!("odd{H}.json")), r#"{"Something": 1}"#).unwrap();
    let (code, out, err) = run(&["import", caps.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_clean("import report", &err);
    assert!(err.contains("unrecognised files: 1"), "{err}");
    assert!(err.contains(&format!("odd{SHOWN}.json")), "{err}");
    // The YAML on stdout writes the name with YAML escapes, and reads back the same.
    assert_clean("import YAML", &out);
    let m = linkscope::model::load_str(&out, "imported", None).unwrap();
    assert_eq!(m.vpcs[0].name, format!("vpc {H}"));

    // A capture that does not parse: the diagnostic's file name is escaped.
    std::fs::write(caps.join(format!("broken{H}.json")), "{\"Vpcs\": [").unwrap();
    let (code, _, err) = run(&["import", caps.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert_clean("import error", &err);
    assert!(err.contains(&format!("broken{SHOWN}.json")), "{err}");
}
