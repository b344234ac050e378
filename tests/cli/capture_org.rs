//! `linkscope capture-script` with ROLE: two accounts × two regions against a stand-in `aws`;
//! every account is entered by assume-role, every region captured, the output imports.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// A fake `aws`: an organization of two accounts, two regions; `sts assume-role` hands out
/// keys naming the account, and `get-caller-identity` answers from them; `describe-vpcs`
/// returns one VPC per account and region; every other call is denied.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
echo "$AWS_REGION ${AWS_ACCESS_KEY_ID:-none} $*" >> "$LOG"
args="$*"
acct=${AWS_ACCESS_KEY_ID#AKIA}
case "$args" in
  "organizations list-accounts"*) printf '111111111111\t222222222222\n'; exit 0 ;;
  "ec2 describe-regions"*) printf 'us-east-1\teu-west-1\n'; exit 0 ;;
  "sts assume-role --role-arn arn:aws:iam::111111111111:role/Audit"*) printf 'AKIA111111111111\tsecret1\ttoken1\n'; exit 0 ;;
  "sts assume-role --role-arn arn:aws:iam::222222222222:role/Audit"*) printf 'AKIA222222222222\tsecret2\ttoken2\n'; exit 0 ;;
  "sts get-caller-identity"*) echo "$acct"; exit 0 ;;
esac
if [[ "$args" == *"--output text"* ]]; then echo None; exit 0; fi
case "$args" in
  "ec2 describe-vpcs"*)
    n=$([ "$AWS_REGION" = us-east-1 ] && echo 1 || echo 2)
    printf '{"Vpcs": [{"VpcId": "vpc-%s0000%s", "CidrBlock": "10.%s.0.0/16", "OwnerId": "%s", "State": "available"}]}\n' "${acct:0:4}" "$n" "$n" "$acct"
    exit 0 ;;
esac
echo "An error occurred (AccessDenied)" >&2
exit 254
"#;

#[test]
fn organization_capture_covers_every_account_and_region() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(&aws, FAKE_AWS).unwrap();
    std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).unwrap();
    let script = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .arg("capture-script")
        .output()
        .unwrap();
    assert!(script.status.success());
    let file = tmp.path().join("capture.sh");
    std::fs::write(&file, &script.stdout).unwrap();
    let out = tmp.path().join("capture");
    let log = tmp.path().join("calls.log");
    let run = Command::new("bash")
        .arg(&file)
        .arg(&out)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("ROLE", "Audit")
        .env("LOG", &log)
        .env_remove("AWS_REGION")
        .env_remove("REGIONS")
        .env_remove("ACCOUNTS")
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    for p in [
        "[1/4] account 111111111111, region us-east-1",
        "[4/4] account 222222222222, region eu-west-1",
    ] {
        assert!(stderr.contains(p), "{p}: {stderr}");
    }
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(
        calls.lines().all(|l| {
            let cmd = l.splitn(3, ' ').nth(2).unwrap_or("");
            cmd.split(' ').nth(1).is_some_and(|c| {
                c.starts_with("describe-")
                    || c.starts_with("list-")
                    || c.starts_with("get-")
                    || c == "assume-role"
            })
        }),
        "read-only: {calls}"
    );
    // Each account's calls are made with its own assumed keys.
    assert!(
        calls.contains("eu-west-1 AKIA222222222222 ec2 describe-vpcs"),
        "{calls}"
    );
    for (acct, region) in [
        ("111111111111", "us-east-1"),
        ("111111111111", "eu-west-1"),
        ("222222222222", "us-east-1"),
        ("222222222222", "eu-west-1"),
    ] {
        let f = out.join(acct).join(region).join("describe-vpcs.json");
        assert!(f.is_file(), "{} missing", f.display());
    }
    let imp = linkscope::import::import_dir(&out).unwrap_or_else(|d| panic!("{d:#?}"));
    let m = linkscope::model::load_str(&imp.yaml, "<capture>", None)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(m.vpcs.len(), 4);
    assert_eq!(m.accounts.len(), 2);
}

#[test]
fn the_printed_script_contains_the_account_script() {
    let out = assert_cmd::Command::cargo_bin("linkscope")
        .unwrap()
        .arg("capture-script")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let account = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/capture-aws.sh"),
    )
    .unwrap();
    assert!(text.contains(account.trim_end()));
    assert!(text.starts_with("#!/usr/bin/env bash"));
}
