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

/// A Terraform plan or state is a MODEL as it is: `trace` and `validate` import it in memory,
/// and write nothing beside it.
#[test]
fn a_terraform_plan_is_traced_without_an_import_step() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::copy(fixture("terraform/plan.json"), &plan).unwrap();
    Command::cargo_bin("linkscope")
        .unwrap()
        .arg("trace")
        .arg(&plan)
        .args(["--from", "i-app-a", "--to", "s3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ALLOWED via vpce-network-s3"));
    Command::cargo_bin("linkscope")
        .unwrap()
        .arg("validate")
        .arg(fixture("terraform/terraform.tfstate"))
        .assert()
        .success()
        .stdout(predicate::str::contains("valid (1 VPC, 2 subnets"));
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "nothing written beside the plan");
}

/// A model written in JSON syntax (YAML's subset) with a `.json` name is still a model file.
#[test]
fn a_model_in_json_syntax_is_still_a_model() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("model.json");
    std::fs::write(
        &m,
        r#"{"linkscope": 1, "region": "us-east-1",
           "accounts": [{"id": "111111111111"}],
           "vpcs": [{"id": "vpc-a", "account": "111111111111", "cidrs": ["10.0.0.0/16"]}]}"#,
    )
    .unwrap();
    Command::cargo_bin("linkscope")
        .unwrap()
        .arg("validate")
        .arg(&m)
        .assert()
        .success()
        .stdout(predicate::str::contains("valid (1 VPC, 0 subnets"));
}
