//! PrivateLink as it is in 2026, from Terraform (`terraform show -json` of a state and of a
//! plan, tests/fixtures/import/terraform/lattice6-*.json): a dual-stack consumer VPC with an
//! egress-only gateway, IPv6 security group and ACL rules, a resource endpoint and a
//! service-network endpoint to resource configurations behind a resource gateway, imported and
//! traced end to end.

use std::path::{Path, PathBuf};

use linkscope::engine::{self, Verdict};
use linkscope::import::{self, Imported};
use linkscope::model::{EndpointTarget, Model};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/terraform")
        .join(name)
}

fn import_path(p: &Path) -> (Imported, Model) {
    let imp = import::import_path(p).unwrap_or_else(|d| panic!("{d:#?}"));
    crate::import_direct::assert_same_model(&p.display().to_string(), &imp);
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn trace(m: &Model, from: &str, to: &str, port: Option<u16>) -> engine::Trace {
    let opts = engine::QueryOptions {
        port,
        ..Default::default()
    };
    engine::trace(m, from, to, &opts).unwrap_or_else(|e| panic!("{from} -> {to}: {e}"))
}

fn report(imp: &Imported) -> String {
    imp.report.join("\n")
}

/// The same checks on the state (AWS ids) and the plan (addresses as ids).
struct Ids {
    app: &'static str,
    eigw: &'static str,
    sn: &'static str,
    sn_vpce: &'static str,
    res_vpce: &'static str,
    via_sn: &'static str,
    lone: &'static str,
    direct: &'static str,
}

const STATE: Ids = Ids {
    app: "i-0e1000000000000a1",
    eigw: "eigw-0e1e2f3a4b5c6d701",
    sn: "sn-0e1e2f3a4b5c6d7e8",
    sn_vpce: "vpce-0e1e2f3a4b5c6d7e2",
    res_vpce: "vpce-0e1e2f3a4b5c6d7e1",
    via_sn: "rcfg-0e1e2f3a4b5c6d7e1",
    lone: "rcfg-0e1e2f3a4b5c6d7e3",
    direct: "rcfg-0e1e2f3a4b5c6d7e2",
};

const PLAN: Ids = Ids {
    app: "i-app",
    eigw: "eigw-consumer",
    sn: "sn-ledger",
    sn_vpce: "vpce-ledger-network",
    res_vpce: "vpce-ledger-db",
    via_sn: "rcfg-ledger-via-sn",
    lone: "rcfg-ledger-lone",
    direct: "rcfg-ledger-direct",
};

fn lattice_traces(m: &Model, x: &Ids, yaml: &str) {
    // The service network: its association, auth type and policy.
    assert_eq!(m.service_networks.len(), 1, "{yaml}");
    let n = &m.service_networks[0];
    assert_eq!(n.id, x.sn);
    assert_eq!(n.auth_type, "AWS_IAM");
    assert!(n.auth_policy.is_some(), "aws_vpclattice_auth_policy read");
    let assoc: Vec<&str> = n
        .resource_configurations
        .iter()
        .map(|&i| m.resource_configurations[i].id.as_str())
        .collect();
    assert_eq!(assoc, [x.via_sn]);
    let e = m.endpoints.iter().find(|e| e.id == x.sn_vpce).unwrap();
    assert!(matches!(e.target, EndpointTarget::ServiceNetwork(0)));
    let e = m.endpoints.iter().find(|e| e.id == x.res_vpce).unwrap();
    assert!(matches!(e.target, EndpointTarget::Resource(_)));
    // Through the service-network endpoint to the associated configuration.
    let t = trace(m, x.app, x.via_sn, None);
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(x.sn_vpce));
    // One the service network does not have.
    let t = trace(m, x.app, x.lone, None);
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("RESOURCE_NOT_ASSOCIATED"), "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(x.sn_vpce));
    // Through the resource endpoint (resource_configuration_arn followed to its configuration).
    let t = trace(m, x.app, x.direct, None);
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(x.res_vpce));
    // The endpoint's group admits 5432 only (IF-11), before the configuration's port ranges.
    let t = trace(m, x.app, x.direct, Some(22));
    assert_eq!(t.reason_code(), Some("SG_INBOUND_DENY"), "{t:#?}");
}

#[test]
fn terraform_state_imports_lattice_and_ipv6_and_traces_end_to_end() {
    let t0 = std::time::Instant::now();
    let (imp, m) = import_path(&fixture("lattice6-state.json"));
    eprintln!(
        "lattice6-state.json imported and checked in {:?}",
        t0.elapsed()
    );
    let yaml = imp.yaml.as_str();
    lattice_traces(&m, &STATE, yaml);
    // IPv6: the VPC's and subnets' blocks, the egress-only gateway and its ::/0 route, the
    // security group and ACL rules, the instance's address.
    let vpc = m
        .vpcs
        .iter()
        .find(|v| v.id == "vpc-0e1c2d3e4f5a6b701")
        .unwrap();
    assert_eq!(
        vpc.ipv6_cidr.map(|n| n.to_string()).as_deref(),
        Some("2600:1f18:aaaa:bb00::/56")
    );
    assert!(
        yaml.contains(&format!("{{ to: \"::/0\", via: {} }}", STATE.eigw)),
        "{yaml}"
    );
    assert!(
        yaml.contains("{ protocol: tcp, ports: 5432, from: \"2600:1f18:aaaa:bb00::/56\" }"),
        "aws_vpc_security_group_ingress_rule cidr_ipv6:\n{yaml}"
    );
    assert!(yaml.contains("{ rule: 101, protocol: all, cidr: \"::/0\", action: allow }"));
    let app = m.instances.iter().find(|i| i.id == STATE.app).unwrap();
    assert_eq!(
        app.ipv6.map(|a| a.to_string()).as_deref(),
        Some("2600:1f18:aaaa:bb01::10")
    );
    let t = trace(&m, STATE.app, "[2606:4700::1111]:443", None);
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(STATE.eigw));
    // The owner account is the ARN's.
    assert_eq!(m.accounts[m.service_networks[0].account].id, "111111111111");
    let r = report(&imp);
    assert!(!r.contains("skipped ("), "nothing skipped:\n{r}");
}

#[test]
fn terraform_plan_imports_lattice_with_placeholders_and_traces() {
    let t0 = std::time::Instant::now();
    let (imp, m) = import_path(&fixture("lattice6-plan.json"));
    eprintln!(
        "lattice6-plan.json imported and checked in {:?}",
        t0.elapsed()
    );
    let yaml = imp.yaml.as_str();
    // References through `configuration`: ARNs unknown until apply name the placeholders.
    lattice_traces(&m, &PLAN, yaml);
    // assign_generated_ipv6_cidr_block: a documentation-range placeholder, reported, and the
    // subnets' and the rule's references to it take the same placeholder.
    let r = report(&imp);
    for line in [
        "aws_vpc.consumer: IPv6 block unknown until apply (assigned by AWS); placeholder 2001:db8:100::/56",
        "aws_subnet.consumer_a: IPv6 block unknown until apply (from its VPC's); placeholder 2001:db8:101::/64",
        "aws_vpclattice_resource_gateway.ledger -> rgw-ledger",
    ] {
        assert!(r.contains(line), "missing `{line}` in:\n{r}");
    }
    assert!(
        yaml.contains("{ protocol: tcp, ports: 5432, from: \"2001:db8:100::/56\" }"),
        "{yaml}"
    );
    assert!(
        yaml.contains(&format!("{{ to: \"::/0\", via: {} }}", PLAN.eigw)),
        "{yaml}"
    );
    assert!(!r.contains("skipped ("), "nothing skipped:\n{r}");
}

/// The state with `edit` applied to the resource at `address`'s values.
fn edited_state(address: &str, edit: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("lattice6-state.json")).unwrap())
            .unwrap();
    let r = v["values"]["root_module"]["resources"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["address"] == address)
        .unwrap();
    edit(&mut r["values"]);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("state.json"), v.to_string()).unwrap();
    tmp
}

#[test]
fn what_terraform_gives_the_model_cannot_express_is_reported_never_a_panic() {
    // A GROUP configuration, a definition that is not a block, a port range AWS refuses.
    for (address, edit, line) in [
        (
            "aws_vpclattice_resource_configuration.ledger_lone",
            Box::new(|v: &mut serde_json::Value| v["type"] = "GROUP".into())
                as Box<dyn FnOnce(&mut serde_json::Value)>,
            "GROUP resource configurations (not modelled: only SINGLE)",
        ),
        (
            "aws_vpclattice_resource_configuration.ledger_lone",
            Box::new(|v: &mut serde_json::Value| {
                v["resource_configuration_definition"] = "oops".into()
            }),
            "Terraform resource configurations without a resource_configuration_definition",
        ),
        (
            "aws_vpclattice_resource_configuration.ledger_via_sn",
            Box::new(|v: &mut serde_json::Value| v["port_ranges"] = serde_json::json!(["9-2"])),
            "resource configurations with unreadable port ranges",
        ),
        (
            "aws_vpc_endpoint.ledger_network",
            Box::new(|v: &mut serde_json::Value| {
                v["service_network_arn"] =
                    "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0missing0000000"
                        .into()
            }),
            "service-network endpoints whose service network was not imported",
        ),
    ] {
        let tmp = edited_state(address, edit);
        let (imp, _) = import_path(&tmp.path().join("state.json"));
        let r = report(&imp);
        assert!(r.contains(line), "missing `{line}` in:\n{r}");
    }
}

/// `aws_vpclattice_service_network_vpc_association` is read and reported as the AWS CLI's
/// `list-service-network-vpc-associations` is: not modelled, the model unchanged.
#[test]
fn a_service_network_vpc_association_is_reported_not_modelled() {
    let state = fixture("lattice6-state.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    v["values"]["root_module"]["resources"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "address": "aws_vpclattice_service_network_vpc_association.consumer",
            "mode": "managed",
            "type": "aws_vpclattice_service_network_vpc_association",
            "name": "consumer",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0,
            "values": {
                "id": "snva-0e1e2f3a4b5c6d7e9",
                "vpc_identifier": "vpc-0e1c2d3e4f5a6b701",
                "service_network_identifier": STATE.sn,
                "status": "ACTIVE",
                "security_group_ids": []
            },
            "sensitive_values": {}
        }));
    let tmp = tempfile::tempdir().unwrap();
    let with = tmp.path().join("state.json");
    std::fs::write(&with, v.to_string()).unwrap();
    let (imp, _) = import_path(&with);
    // The same state without it, under the same file name (the model is named after it).
    let tmp_plain = tempfile::tempdir().unwrap();
    let without = tmp_plain.path().join("state.json");
    std::fs::copy(&state, &without).unwrap();
    let (plain, _) = import_path(&without);
    let key = "service network VPC associations (read, not modelled: the VPC reaches the service network's Lattice services and resources without an endpoint; traces from it do not use them)";
    assert_eq!(
        imp.details.skipped[key].examples,
        [format!("{} -> vpc-0e1c2d3e4f5a6b701", STATE.sn)],
        "{}",
        report(&imp)
    );
    assert_eq!(plain.details.skipped_count(key), 0);
    let body = |y: &str| {
        y.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&imp.yaml), body(&plain.yaml), "the model is unchanged");
}
