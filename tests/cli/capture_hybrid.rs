//! assets/capture-aws.sh's transit gateway, VPN and Route 53 Resolver commands against a
//! stand-in `aws` answering from the hub account of tests/fixtures/import/hybrid: the files
//! it saves (route table and endpoint ids in their names) import, and a site's request reaches
//! the hub's interface endpoint through the transit gateway, resolved by the inbound endpoint.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

const TABLE: &str = "tgw-rtb-0c0e000000000001";
const INBOUND: &str = "rslvr-in-0e00000000000001";
const OUTBOUND: &str = "rslvr-out-0e00000000000001";

/// A fake `aws` for the hub account: id queries answered here, every other call from the
/// fixture file named after the command (and its route table or endpoint); a call with no
/// file fails as an access-denied call would.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
args="$*"
echo "$args" >> "$LOG"
case "$args" in
  "configure get region") echo us-east-1; exit 0 ;;
  "sts get-caller-identity --query Account --output text") echo 111111111111; exit 0 ;;
esac
arg() { local want=$1; shift
  while [ $# -gt 0 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }
svc=$1; cmd=$2
if [[ "$args" == *"--output text"* ]]; then
  case "$svc $cmd" in
    "ec2 describe-transit-gateway-route-tables") printf 'tgw-rtb-0c0e000000000001\n' ;;
    "route53resolver list-resolver-endpoints") printf 'rslvr-in-0e00000000000001\trslvr-out-0e00000000000001\n' ;;
    *) echo None ;;
  esac
  exit 0
fi
R="$FIXTURE/111111111111/us-east-1"
case "$svc $cmd" in
  "ec2 search-transit-gateway-routes"|"ec2 get-transit-gateway-route-table-"*)
    [[ "$args" == *"--filters Name=state,Values=active,blackhole"* || "$cmd" != search* ]] || exit 252
    f="$R/$cmd.$(arg --transit-gateway-route-table-id "$@").json" ;;
  "ec2 describe-vpc-attribute") f="$R/$cmd.$(arg --vpc-id "$@").$(arg --attribute "$@").json" ;;
  "ec2 "*) f="$R/$cmd.json" ;;
  "route53resolver list-resolver-endpoint-ip-addresses")
    f="$R/route53resolver-$cmd.$(arg --resolver-endpoint-id "$@").json" ;;
  "route53resolver "*) f="$R/route53resolver-$cmd.json" ;;
  *) f="" ;;
esac
if [ -n "$f" ] && [ -f "$f" ]; then cat "$f"; exit 0; fi
echo "An error occurred (AccessDenied) when calling the $cmd operation" >&2
exit 254
"#;

#[test]
fn capture_script_saves_transit_vpn_and_resolver_outputs_that_import() {
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
        .env("PATH", path)
        .env("FIXTURE", root.join("tests/fixtures/import/hybrid"))
        .env("LOG", tmp.path().join("calls.log"))
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .status()
        .expect("bash runs");
    assert!(status.success());
    let r = out.join("111111111111/us-east-1");
    for f in [
        "describe-transit-gateways.json".to_string(),
        "describe-transit-gateway-attachments.json".into(),
        "describe-transit-gateway-vpc-attachments.json".into(),
        "describe-transit-gateway-route-tables.json".into(),
        format!("search-transit-gateway-routes.{TABLE}.json"),
        format!("get-transit-gateway-route-table-associations.{TABLE}.json"),
        format!("get-transit-gateway-route-table-propagations.{TABLE}.json"),
        "describe-vpn-connections.json".into(),
        "describe-customer-gateways.json".into(),
        "describe-dhcp-options.json".into(),
        "route53resolver-list-resolver-endpoints.json".into(),
        format!("route53resolver-list-resolver-endpoint-ip-addresses.{INBOUND}.json"),
        format!("route53resolver-list-resolver-endpoint-ip-addresses.{OUTBOUND}.json"),
        "route53resolver-list-resolver-rules.json".into(),
        "route53resolver-list-resolver-rule-associations.json".into(),
    ] {
        assert!(r.join(&f).is_file(), "{f} missing");
    }
    let imp = linkscope::import::import_dir(&out).unwrap_or_else(|d| panic!("{d:#?}"));
    let m = linkscope::model::load_str(&imp.yaml, "<capture>", None)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    // Only the hub account was captured: the spoke's attachment is skipped, the site stays.
    assert_eq!(
        imp.doc.transit_gateways[0].attachments.len(),
        2,
        "{}",
        imp.yaml
    );
    let t = linkscope::engine::trace(
        &m,
        "192.168.10.20",
        "https://ssm.us-east-1.amazonaws.com",
        &Default::default(),
    )
    .expect("traced");
    assert_eq!(
        t.verdict,
        linkscope::engine::Verdict::Allowed,
        "{}",
        t.summary
    );
    assert_eq!(t.via.as_deref(), Some("vpce-0a00000000000ssm1"));
}
