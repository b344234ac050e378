//! `linkscope policy eval`: exit codes 0 allow / 1 deny / 2 bad input, AWS's wording, JSON.

use assert_cmd::Command;
use predicates::prelude::*;

fn sample(p: &str) -> String {
    format!("{}/samples/policies/{p}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn allow_deny_and_bad_input() {
    Command::cargo_bin("linkscope")
        .unwrap()
        .args([
            "policy",
            "eval",
            &sample("s3-only-app-data.json"),
            "--kind",
            "gateway",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::app-data/x",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("allow"));
    Command::cargo_bin("linkscope")
        .unwrap()
        .args([
            "policy",
            "eval",
            &sample("s3-only-app-data.json"),
            "--kind",
            "gateway",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::other/x",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "no VPC endpoint policy allows the s3:GetObject action",
        ));
    Command::cargo_bin("linkscope")
        .unwrap()
        .args([
            "policy",
            "eval",
            "/nonexistent.json",
            "--action",
            "s3:GetObject",
            "--resource",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read policy"));
    Command::cargo_bin("linkscope")
        .unwrap()
        .args([
            "policy",
            "eval",
            &sample("s3-only-app-data.json"),
            "--action",
            "GetObject",
            "--resource",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SERVICE:Action"));
}

#[test]
fn json_output_is_data() {
    let out = Command::cargo_bin("linkscope")
        .unwrap()
        .args([
            "policy",
            "eval",
            &sample("s3-only-app-data.json"),
            "--kind",
            "gateway",
            "--action",
            "s3:PutObject",
            "--resource",
            "arn:aws:s3:::other/x",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["evaluation"]["decision"], "implicit-deny");
    assert!(
        v["evaluation"]["statements"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
}

#[test]
fn rules_prints_a_rule_with_its_source_and_searches() {
    let out = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .args(["rules", "GW-6"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.starts_with("GW-6  (1.2 Routing"), "{s}");
    assert!(s.contains("longest-prefix match"), "{s}");
    assert!(
        s.contains("https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html"),
        "the rule's source: {s}"
    );
    let out = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .args(["rules", "prefix", "list"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.lines().any(|l| l.starts_with("GW-6 ")), "{s}");
    let out = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .args(["rules", "qqqq-no-such-thing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule matches"));
}

#[test]
fn reach_groups_every_source_by_verdict_and_reason() {
    let out = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .args([
            "reach",
            "samples/hub-and-spoke.yaml",
            "--to",
            "db1",
            "--port",
            "5432",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "reach exits 0 when it ran");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("ALLOWED (2)"), "{s}");
    assert!(
        s.contains("via tgw-core (transit-gateway): i-a, i-a-b"),
        "{s}"
    );
    assert!(s.contains("NO_RETURN_ROUTE: i-b"), "{s}");
    assert!(s.contains("TGW_NO_ATTACHMENT_IN_ZONE: i-a-c"), "{s}");
    let out = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .args([
            "reach",
            "samples/hub-and-spoke.yaml",
            "--to",
            "db1",
            "--port",
            "5432",
            "--json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["format"], 1);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    assert!(
        rows.iter()
            .any(|r| r["from"] == "i-b" && r["reason"] == "NO_RETURN_ROUTE")
    );
    let out = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .args(["reach", "samples/hub-and-spoke.yaml", "--to", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn reach_traces_site_hosts_as_sources_and_destinations() {
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("linkscope")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["rows"].as_array().unwrap().clone()
    };
    // --to: the data centre's hosts reach the hub's SSM endpoint over the VPN; the instance,
    // with no route to the hub, does not.
    let rows = run(&[
        "reach",
        "samples/hybrid-dns.yaml",
        "--to",
        "https://ssm.us-east-1.amazonaws.com",
        "--json",
    ]);
    let from: Vec<&str> = rows.iter().map(|r| r["from"].as_str().unwrap()).collect();
    assert_eq!(from, ["i-app", "laptop", "dns-dc1", "db1"], "{rows:?}");
    for host in ["laptop", "dns-dc1", "db1"] {
        let r = rows.iter().find(|r| r["from"] == host).unwrap();
        assert_eq!(r["verdict"], "allowed", "{r}");
        assert_eq!(r["via"], "vpce-ssm-hub", "{r}");
    }
    // --from an instance: each site host is a destination; --from a site host: not its own
    // site's hosts.
    let rows = run(&[
        "reach",
        "samples/hybrid-dns.yaml",
        "--from",
        "i-app",
        "--port",
        "5432",
        "--json",
    ]);
    let db1 = rows.iter().find(|r| r["to"] == "db1").expect("db1 row");
    assert_eq!(db1["verdict"], "allowed", "{db1}");
    assert_eq!(db1["path"], "transit-gateway", "{db1}");
    let rows = run(&[
        "reach",
        "samples/hybrid-dns.yaml",
        "--from",
        "laptop",
        "--json",
    ]);
    assert!(
        rows.iter()
            .all(|r| r["to"] != "db1" && r["to"] != "dns-dc1"),
        "{rows:?}"
    );
}
