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
