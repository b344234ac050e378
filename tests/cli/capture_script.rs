//! assets/capture-aws.sh against a stand-in `aws` that answers from the fixture captures:
//! the script's file names are the ones the importer reads, and its output imports.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// A fake `aws`: answers `sts`, `configure` and `--query ... --output text` itself, and every
/// other call from the saved file named after the command and its resource; fails (as an
/// access-denied call would) when there is none.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
FIX="$FIXTURE"
args="$*"
echo "$args" >> "$LOG"
case "$args" in
  "configure get region") echo us-east-1; exit 0 ;;
  "sts get-caller-identity --query Account --output text") echo 111111111111; exit 0 ;;
esac
arg() { # value after a flag
  local want=$1; shift
  while [ $# -gt 0 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done
}
svc=$1; cmd=$2
if [[ "$args" == *"--output text"* ]]; then
  case "$svc $cmd" in
    "ec2 describe-vpcs") printf 'vpc-0a1a2b3c4d5e6f701\n' ;;
    "ec2 describe-managed-prefix-lists") printf 'pl-0a1234567890abcde\n' ;;
    "route53 list-hosted-zones") printf '/hostedzone/Z0123456789CORPZONE1\n' ;;
    "elbv2 describe-target-groups") printf 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/api/1111\n' ;;
    "vpc-lattice list-resource-gateways") printf 'rgw-0d1e2f3a4b5c6d7e8\n' ;;
    "vpc-lattice list-resource-configurations") printf 'rcfg-0d1e2f3a4b5c6d7e8\trcfg-0d9e8f7a6b5c4d3e2\n' ;;
    "vpc-lattice list-service-networks") printf 'sn-0d1e2f3a4b5c6d7e8\n' ;;
    *) echo None ;;
  esac
  exit 0
fi
R="$FIX/111111111111/us-east-1"
G="$FIX/111111111111"
case "$svc $cmd" in
  "ec2 describe-vpc-attribute") f="$R/$cmd.$(arg --vpc-id "$@").$(arg --attribute "$@").json" ;;
  "ec2 get-managed-prefix-list-entries") f="$R/$cmd.$(arg --prefix-list-id "$@").json" ;;
  "ec2 "*) f="$R/$cmd.json" ;;
  "vpc-lattice get-resource-gateway") f="$LATTICE/vpc-lattice-$cmd.$(arg --resource-gateway-identifier "$@").json" ;;
  "vpc-lattice get-resource-configuration") f="$LATTICE/vpc-lattice-$cmd.$(arg --resource-configuration-identifier "$@").json" ;;
  "vpc-lattice get-service-network"|"vpc-lattice list-service-network-"*)
    f="$LATTICE/vpc-lattice-$cmd.$(arg --service-network-identifier "$@").json" ;;
  "vpc-lattice get-auth-policy") f="$LATTICE/vpc-lattice-$cmd.$(arg --resource-identifier "$@").json" ;;
  "vpc-lattice "*) f="$LATTICE/vpc-lattice-$cmd.json" ;;
  "route53 list-hosted-zones") f="$G/route53-list-hosted-zones.json" ;;
  "route53 get-hosted-zone") f="$G/$cmd.$(arg --id "$@").json" ;;
  "route53 list-resource-record-sets") f="$G/$cmd.$(arg --hosted-zone-id "$@").json" ;;
  "iam list-instance-profiles") f="$G/iam-list-instance-profiles.json" ;;
  "s3api get-bucket-policy"|"s3api get-bucket-location") f="$G/$cmd.$(arg --bucket "$@").json" ;;
  "elbv2 describe-target-health"|"elbv2 describe-target-group-attributes")
    tg=$(arg --target-group-arn "$@")
    f="$TARGETS/elbv2-$cmd.$(basename "$(dirname "$tg")").$(basename "$tg").json" ;;
  *) f="" ;;
esac
if [ -n "$f" ] && [ -f "$f" ]; then cat "$f"; exit 0; fi
echo "An error occurred (UnauthorizedOperation) when calling the $cmd operation" >&2
exit 254
"#;

#[test]
fn capture_script_output_imports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(&aws, FAKE_AWS).unwrap();
    std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = tmp.path().join("capture");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("bash")
        .arg(root.join("assets/capture-aws.sh"))
        .arg(&out)
        .arg("app-data")
        .env("PATH", path)
        .env("FIXTURE", root.join("tests/fixtures/import/org"))
        .env(
            "TARGETS",
            root.join("tests/fixtures/import/targets/222222222222/us-east-1"),
        )
        .env(
            "LATTICE",
            root.join("tests/fixtures/import/lattice6/222222222222/us-east-1"),
        )
        .env("LOG", tmp.path().join("calls.log"))
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .status()
        .expect("bash runs");
    assert!(status.success());
    let calls = std::fs::read_to_string(tmp.path().join("calls.log")).unwrap();
    assert!(
        calls
            .lines()
            .all(|l| !l.contains("create-") && !l.contains("delete-") && !l.contains("modify-")),
        "read-only: {calls}"
    );
    let r = out.join("111111111111/us-east-1");
    for f in [
        "describe-vpcs.json",
        "describe-vpc-endpoints.json",
        "describe-vpc-attribute.vpc-0a1a2b3c4d5e6f701.enableDnsSupport.json",
        "get-managed-prefix-list-entries.pl-0a1234567890abcde.json",
        // Named after the group's ARN, as the importer attributes them.
        "elbv2-describe-target-health.api.1111.json",
        "elbv2-describe-target-group-attributes.api.1111.json",
        // VPC Lattice: the lists, and each gateway and configuration by id.
        "vpc-lattice-list-resource-gateways.json",
        "vpc-lattice-get-resource-gateway.rgw-0d1e2f3a4b5c6d7e8.json",
        "vpc-lattice-list-resource-configurations.json",
        "vpc-lattice-get-resource-configuration.rcfg-0d1e2f3a4b5c6d7e8.json",
        // Service networks: the list, and per service network its details, associations and
        // auth policy, named after it.
        "vpc-lattice-list-service-networks.json",
        "vpc-lattice-get-service-network.sn-0d1e2f3a4b5c6d7e8.json",
        "vpc-lattice-list-service-network-resource-associations.sn-0d1e2f3a4b5c6d7e8.json",
        "vpc-lattice-list-service-network-service-associations.sn-0d1e2f3a4b5c6d7e8.json",
        "vpc-lattice-list-service-network-vpc-associations.sn-0d1e2f3a4b5c6d7e8.json",
        "vpc-lattice-get-auth-policy.sn-0d1e2f3a4b5c6d7e8.json",
    ] {
        assert!(r.join(f).is_file(), "{f} missing");
    }
    for f in [
        "route53-list-hosted-zones.json",
        "get-hosted-zone.Z0123456789CORPZONE1.json",
        "list-resource-record-sets.Z0123456789CORPZONE1.json",
        "iam-list-instance-profiles.json",
        "get-bucket-policy.app-data.json",
    ] {
        assert!(out.join("111111111111").join(f).is_file(), "{f} missing");
    }
    // A denied call leaves no file behind (not even an empty one).
    assert!(
        !r.join("describe-vpc-attribute.vpc-0a1a2b3c4d5e6f701.enableDnsHostnames.json")
            .exists()
    );
    assert!(!r.join("elbv2-describe-load-balancers.json").exists());
    assert!(
        calls.contains("ec2 describe-egress-only-internet-gateways")
            && calls.contains("ram get-resource-share-associations --region us-east-1 --association-type PRINCIPAL"),
        "{calls}"
    );

    let imp = linkscope::import::import_dir(&out).unwrap_or_else(|d| panic!("{d:#?}"));
    let m = linkscope::model::load_str(&imp.yaml, "<capture>", None)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert!(m.lookup("vpce-0a2222222222222c2").is_some());
    assert!(m.lookup("Z0123456789CORPZONE1").is_some());
    assert!(m.bucket("app-data").is_some_and(|b| b.policy.is_some()));
    assert_eq!(m.accounts[0].zones["us-east-1b"], "use1-az2");
    // The provider's gateway was read, and reported: its VPC is in an account not captured.
    let r = imp.report.join("\n");
    assert!(r.contains("resource gateways in VPCs not captured"), "{r}");
    // The service network was read (its owner from its ARN); its association names a
    // configuration that was not imported, which is reported.
    assert_eq!(m.service_networks.len(), 1);
    assert_eq!(m.accounts[m.service_networks[0].account].id, "222222222222");
    assert!(
        r.contains(
            "service network resource associations whose resource configuration was not imported"
        ),
        "{r}"
    );
}
