//! `linkscope import` of one file and of standard input (`-`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

#[test]
fn a_terraform_plan_from_stdin() {
    let plan = std::fs::read_to_string(fixture("terraform/plan.json")).unwrap();
    Command::cargo_bin("linkscope")
        .unwrap()
        .args(["import", "-"])
        .write_stdin(plan)
        .assert()
        .success()
        .stdout(predicate::str::contains("id: subnet-app-a"))
        .stderr(
            predicate::str::contains("unknown until apply (12)")
                .and(predicate::str::contains("the model loads")),
        );
}

#[test]
fn one_config_file() {
    Command::cargo_bin("linkscope")
        .unwrap()
        .arg("import")
        .arg(fixture("config/snapshot.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("id: vpce-0e0000000000000e1"))
        .stderr(predicate::str::contains("not captured"));
}

#[test]
fn empty_stdin_is_an_error() {
    Command::cargo_bin("linkscope")
        .unwrap()
        .args(["import", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("IMPORT_EMPTY"));
}
