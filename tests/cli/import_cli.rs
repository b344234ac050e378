//! `linkscope import` on the command line: output, the report, `-o` and `--force`, errors.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn linkscope() -> Command {
    Command::cargo_bin("linkscope").unwrap()
}

#[test]
fn prints_the_model_and_reports_on_stderr() {
    linkscope()
        .args(["import"])
        .arg(fixture("org"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("linkscope: 1")
                .and(predicate::str::contains("vpc-0a1a2b3c4d5e6f701")),
        )
        .stderr(
            predicate::str::contains("IPv6-only subnets: 1")
                .and(predicate::str::contains("inferred"))
                .and(predicate::str::contains("the model loads")),
        );
}

/// The capture with a resource endpoint and IPv6 (tests/fixtures/import/lattice6): traced from
/// the folder, and from the model `import -o` writes.
#[test]
fn a_resource_endpoint_capture_traces_from_the_folder_and_the_written_model() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("model.yaml");
    linkscope()
        .arg("import")
        .arg(fixture("lattice6"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "GROUP resource configurations (not modelled: only SINGLE): 1",
        ));
    let name =
        "vpce-0c1e2f3a4b5c6d7e8-k3x9q2ab.rcfg-0d1e2f3a4b5c6d7e8.vpc-lattice-rsc.us-east-1.on.aws";
    for input in [fixture("lattice6"), out.clone()] {
        linkscope()
            .arg("trace")
            .arg(&input)
            .args([
                "--from",
                "i-0c1000000000000a1",
                "--to",
                name,
                "--port",
                "5432",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "ALLOWED via vpce-0c1e2f3a4b5c6d7e8",
            ));
        linkscope()
            .arg("trace")
            .arg(&input)
            .args([
                "--from",
                "i-0c1000000000000a1",
                "--to",
                name,
                "--port",
                "22",
            ])
            .assert()
            .stdout(predicate::str::contains(
                "BLOCKED: RESOURCE_PORT_NOT_ALLOWED",
            ));
        linkscope()
            .arg("trace")
            .arg(&input)
            .args([
                "--from",
                "i-0c1000000000000a1",
                "--to",
                "[2606:4700::1111]:443",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "ALLOWED via eigw-0c1e2f3a4b5c6d701",
            ));
    }
}

#[test]
fn output_file_is_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("model.yaml");
    linkscope()
        .arg("import")
        .arg(fixture("org"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.contains("endpoint_services:"));

    std::fs::write(&out, "keep me\n").unwrap();
    linkscope()
        .arg("import")
        .arg(fixture("org"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");

    linkscope()
        .arg("import")
        .arg(fixture("org"))
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    // What was written loads.
    linkscope().arg("validate").arg(&out).assert().success();
}

#[test]
fn nothing_is_written_when_the_import_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let caps = tmp.path().join("caps");
    std::fs::create_dir(&caps).unwrap();
    std::fs::write(
        caps.join("describe-subnets.json"),
        "{\n  \"Subnets\": [\n    {\"SubnetId\": \"subnet-1\" \"VpcId\": \"vpc-1\"}\n  ]\n}\n",
    )
    .unwrap();
    let out = tmp.path().join("model.yaml");
    linkscope()
        .arg("import")
        .arg(&caps)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("describe-subnets.json:3:29")
                .and(predicate::str::contains("BAD_JSON")),
        );
    assert!(!out.exists());
}

#[test]
fn validate_and_trace_accept_a_capture_folder() {
    linkscope()
        .arg("validate")
        .arg(fixture("org"))
        .assert()
        .success()
        .stdout(predicate::str::contains("valid"));
}
