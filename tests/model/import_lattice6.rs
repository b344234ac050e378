//! PrivateLink as it is in 2026, from a capture: a dual-stack consumer VPC (IPv6 blocks, an
//! egress-only internet gateway with a `::/0` route, IPv6 security group and ACL rules, an
//! instance's IPv6 address) and a resource endpoint to a VPC Lattice resource configuration on
//! a resource gateway in another account (tests/fixtures/import/lattice6), imported and traced
//! end to end.

use std::path::{Path, PathBuf};

use linkscope::engine::{self, Verdict};
use linkscope::import::{self, Imported};
use linkscope::model::Model;

const FROM: &str = "i-0c1000000000000a1";
const VPCE: &str = "vpce-0c1e2f3a4b5c6d7e8";
const RCFG: &str = "rcfg-0d1e2f3a4b5c6d7e8";
const RGW: &str = "rgw-0d1e2f3a4b5c6d7e8";
const EIGW: &str = "eigw-0c1e2f3a4b5c6d701";
const PROVIDER: &str = "222222222222/us-east-1";
const CONSUMER: &str = "111111111111/us-east-1";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/lattice6")
}

/// The fixture copied to a temporary folder, then changed by `edit`.
fn capture(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lattice6");
    crate::copy_tree(&fixture(), &dir);
    edit(&dir);
    (tmp, dir)
}

fn import(dir: &Path) -> (Imported, Model) {
    let imp = import::import_dir(dir).unwrap_or_else(|d| panic!("{d:#?}"));
    // Built directly (as `linkscope trace captures/` does) and loaded from its YAML
    // (`import -o`): the same model.
    crate::import_direct::assert_same_model(&dir.display().to_string(), &imp);
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn trace(m: &Model, to: &str, port: Option<u16>) -> engine::Trace {
    let opts = engine::QueryOptions {
        port,
        ..Default::default()
    };
    engine::trace(m, FROM, to, &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn report(imp: &Imported) -> String {
    imp.report.join("\n")
}

#[test]
fn the_capture_imports_the_resource_endpoint_and_ipv6() {
    let (imp, m) = import(&fixture());
    let yaml = imp.yaml.as_str();
    // IPv6: the associated block only, dual-stack subnets, the egress-only gateway and its route.
    let vpc = m
        .vpcs
        .iter()
        .find(|v| v.id == "vpc-0c1c2d3e4f5a6b701")
        .unwrap();
    assert_eq!(
        vpc.ipv6_cidr.map(|n| n.to_string()).as_deref(),
        Some("2600:1f18:1234:5600::/56"),
        "the disassociated block is not taken"
    );
    assert!(!yaml.contains("2600:1f18:9999:ab00::/56"), "{yaml}");
    let sub = m
        .subnets
        .iter()
        .find(|s| s.id == "subnet-0c22bb22bb22bb222")
        .unwrap();
    assert_eq!(
        sub.ipv6_cidr.map(|n| n.to_string()).as_deref(),
        Some("2600:1f18:1234:5602::/64")
    );
    assert!(
        yaml.contains(&format!(
            "{{ id: {EIGW}, name: consumer-eigw, type: egress-only }}"
        )),
        "{yaml}"
    );
    assert!(
        yaml.contains(&format!("{{ to: \"::/0\", via: {EIGW} }}")),
        "{yaml}"
    );
    let inst = m.instances.iter().find(|i| i.id == FROM).unwrap();
    assert_eq!(
        inst.ipv6.map(|a| a.to_string()).as_deref(),
        Some("2600:1f18:1234:5601::10")
    );
    // Security group rules from Ipv6Ranges and from describe-security-group-rules' CidrIpv6,
    // the latter's copy of the ::/0 egress rule counted once; ACL entries with Ipv6CidrBlock.
    assert!(
        yaml.contains("- { protocol: tcp, from: \"2600:1f18:1234:5600::/56\", description: \"TCP from the VPC over IPv6\" }"),
        "{yaml}"
    );
    assert!(
        yaml.contains("- { protocol: tcp, ports: 443, from: \"2600:1f18:1234:5600::/56\""),
        "{yaml}"
    );
    assert_eq!(
        yaml.matches("- { protocol: all, to: \"::/0\" }").count(),
        2,
        "{yaml}"
    );
    assert_eq!(
        yaml.matches("- { rule: 101, protocol: all, cidr: \"::/0\", action: allow }")
            .count(),
        2,
        "{yaml}"
    );
    // The provider side: the gateway (read from list and get), the SINGLE configuration.
    assert_eq!(m.resource_gateways.len(), 1);
    let g = &m.resource_gateways[0];
    assert_eq!(g.id, RGW);
    assert_eq!(g.subnets.len(), 2);
    // Three SINGLE configurations: the resource endpoint's, the service network's, one
    // associated with nothing.
    assert_eq!(m.resource_configurations.len(), 3, "{yaml}");
    let c = &m.resource_configurations[0];
    assert_eq!(c.id, RCFG);
    assert_eq!(c.shared_with, ["111111111111"]);
    assert!(yaml.contains("port_ranges: \"5432\""), "{yaml}");
    let e = m.endpoints.iter().find(|e| e.id == VPCE).unwrap();
    assert_eq!(e.enis.len(), 2);
    // What the model cannot express is reported, never dropped silently.
    let r = report(&imp);
    for line in [
        "GROUP resource configurations (not modelled: only SINGLE): 1 (e.g. rcfg-0d9e8f7a6b5c4d3e2)",
        "ARN resource configurations (not modelled: only SINGLE): 1 (e.g. rcfg-0d5e5f5a5b5c5d5e5)",
        "VPC Lattice services of service networks (recorded, not traced): 1 (e.g. sn-0d1e2f3a4b5c6d7e8: svc-0d1e2f3a4b5c6d7e8)",
        "rcfg-0d1e2f3a4b5c6d7e8: shared with 111111111111 (its endpoint vpce-0c1e2f3a4b5c6d7e8 uses it",
        "AWS RAM shares (ram get-resource-share-associations)",
    ] {
        assert!(r.contains(line), "missing `{line}` in:\n{r}");
    }
    assert!(!r.contains("IPv6"), "nothing IPv6 is skipped:\n{r}");
}

#[test]
fn the_imported_capture_traces_end_to_end() {
    let (_imp, m) = import(&fixture());
    // Through the resource endpoint to the database behind the resource gateway.
    let t = trace(&m, VPCE, Some(5432));
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(VPCE));
    // By the endpoint's DNS name, with AWS's suffix kept from DnsEntries.
    let name = format!("{VPCE}-k3x9q2ab.{RCFG}.vpc-lattice-rsc.us-east-1.on.aws");
    let t = trace(&m, &name, Some(5432));
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    // A port outside the configuration's portRanges.
    let t = trace(&m, &name, Some(22));
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("RESOURCE_PORT_NOT_ALLOWED"), "{t:#?}");
    // IPv6 out through the egress-only gateway: the ::/0 route, the groups' and the default
    // ACL's ::/0 rules all came from the capture.
    let t = trace(&m, "[2606:4700::1111]:443", None);
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(EIGW));
}

#[test]
fn without_the_acls_ipv6_entries_the_ipv6_trace_is_blocked() {
    // The same ACL as AWS would show it with the IPv6 allow rules removed: the IPv6 `*` deny
    // (32768) is implicit in the model, so IPv6 is denied.
    let (_tmp, dir) = capture(|d| {
        let f = d.join(CONSUMER).join("describe-network-acls.json");
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let entries = v["NetworkAcls"][0]["Entries"].as_array_mut().unwrap();
        entries.retain(|e| e["RuleNumber"] != 101);
        std::fs::write(&f, v.to_string()).unwrap();
    });
    let (_, m) = import(&dir);
    let t = trace(&m, "[2606:4700::1111]:443", None);
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("NACL_OUTBOUND_DENY"), "{t:#?}");
}

const RAM_SHARE: &str =
    "arn:aws:ram:us-east-1:222222222222:resource-share/0a1b2c3d-1111-2222-3333-444455556666";

/// `aws ram get-resource-share-associations` outputs sharing the configuration with `principal`.
fn ram_files(d: &Path, principal: &str) {
    let p = d.join(PROVIDER);
    let res = serde_json::json!({ "resourceShareAssociations": [{
        "resourceShareArn": RAM_SHARE, "resourceShareName": "ledger-db",
        "associatedEntity": format!("arn:aws:vpc-lattice:us-east-1:222222222222:resourceconfiguration/{RCFG}"),
        "associationType": "RESOURCE", "status": "ASSOCIATED", "external": false
    }]});
    let pri = serde_json::json!({ "resourceShareAssociations": [{
        "resourceShareArn": RAM_SHARE, "resourceShareName": "ledger-db",
        "associatedEntity": principal, "associationType": "PRINCIPAL", "status": "ASSOCIATED",
        "external": false
    }]});
    std::fs::write(
        p.join("ram-get-resource-share-associations.RESOURCE.json"),
        res.to_string(),
    )
    .unwrap();
    std::fs::write(
        p.join("ram-get-resource-share-associations.PRINCIPAL.json"),
        pri.to_string(),
    )
    .unwrap();
}

#[test]
fn ram_shares_decide_who_the_configuration_is_shared_with() {
    // Shared with the consumer: allowed, nothing inferred.
    let (_tmp, dir) = capture(|d| ram_files(d, "111111111111"));
    let (imp, m) = import(&dir);
    assert_eq!(m.resource_configurations[0].shared_with, ["111111111111"]);
    assert!(
        !report(&imp).contains(&format!("{RCFG}: shared with 111111111111")),
        "{}",
        report(&imp)
    );
    assert_eq!(trace(&m, VPCE, Some(5432)).verdict, Verdict::Allowed);

    // Shared with another account only (the share changed after the endpoint was made).
    let (_tmp, dir) = capture(|d| ram_files(d, "333333333333"));
    let (_, m) = import(&dir);
    assert_eq!(m.resource_configurations[0].shared_with, ["333333333333"]);
    let t = trace(&m, VPCE, Some(5432));
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("RESOURCE_NOT_SHARED"), "{t:#?}");

    // Shared with the organization: taken as including the consumer, and said so.
    let (_tmp, dir) = capture(|d| {
        ram_files(
            d,
            "arn:aws:organizations::222222222222:organization/o-a1b2c3d4e5",
        )
    });
    let (imp, m) = import(&dir);
    assert_eq!(m.resource_configurations[0].shared_with, ["111111111111"]);
    assert!(
        report(&imp).contains("AWS RAM shares it with an organization or OU"),
        "{}",
        report(&imp)
    );
}

#[test]
fn a_resource_endpoint_without_its_provider_is_reported_not_written() {
    let (_tmp, dir) = capture(|d| std::fs::remove_dir_all(d.join("222222222222")).unwrap());
    let (imp, m) = import(&dir);
    assert!(m.endpoints.iter().all(|e| e.id != VPCE));
    assert!(m.resource_configurations.is_empty());
    let r = report(&imp);
    assert!(
        r.contains("resource endpoints whose resource configuration was not imported"),
        "{r}"
    );
    assert!(
        r.contains("VPC Lattice resource configurations (vpc-lattice get-resource-configuration"),
        "{r}"
    );
    // Only the list output (no definition): the configuration is not guessed.
    let (_tmp, dir) = capture(|d| {
        std::fs::remove_file(d.join(PROVIDER).join(format!(
            "vpc-lattice-get-resource-configuration.{RCFG}.json"
        )))
        .unwrap()
    });
    let (imp, m) = import(&dir);
    assert!(m.resource_configurations.iter().all(|c| c.id != RCFG));
    assert!(
        report(&imp).contains("resource configurations without their definition"),
        "{}",
        report(&imp)
    );
}

#[test]
fn bad_lattice_output_is_reported_never_a_panic() {
    let (_tmp, dir) = capture(|d| {
        let p = d.join(PROVIDER);
        // A list where AWS has a list of strings; a port range AWS would refuse.
        std::fs::write(
            p.join(format!("vpc-lattice-get-resource-gateway.{RGW}.json")),
            format!(r#"{{"id": "{RGW}", "vpcId": 7, "subnetIds": "subnet-x"}}"#),
        )
        .unwrap();
        std::fs::remove_file(p.join("vpc-lattice-list-resource-gateways.json")).unwrap();
        let f = p.join(format!(
            "vpc-lattice-get-resource-configuration.{RCFG}.json"
        ));
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, text.replace("\"5432\"", "\"5432-80\"")).unwrap();
    });
    let (imp, m) = import(&dir);
    assert!(m.resource_gateways.is_empty());
    let r = report(&imp);
    assert!(r.contains("unreadable resource gateways"), "{r}");
    assert!(
        r.contains("resource configurations with unreadable port ranges")
            || r.contains("resource configurations whose resource gateway was not captured"),
        "{r}"
    );
    // Not JSON at all: a located error.
    let (_tmp, dir) = capture(|d| {
        std::fs::write(
            d.join(PROVIDER)
                .join("vpc-lattice-list-resource-gateways.json"),
            "{\"items\": [\n  {\"id\": \"rgw-1\",,}\n]}",
        )
        .unwrap();
    });
    let err = import::import_dir(&dir).expect_err("not JSON");
    let shown = format!("{err:?}");
    assert!(
        shown.contains("vpc-lattice-list-resource-gateways.json"),
        "{shown}"
    );
    assert!(err[0].line == Some(2), "{shown}");
}

#[test]
fn allow_association_to_shareable_service_network_is_carried_into_the_model() {
    let (imp, m) = import(&fixture());
    assert!(!m.resource_configurations[0].allow_shareable_service_network);
    let line = |yaml: &str| {
        yaml.lines()
            .find(|l| l.contains(&format!("id: {RCFG},")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(!line(&imp.yaml).contains("allow_association_to_shareable_service_network"));
    let (_tmp, dir) = capture(|d| {
        let f = d.join(format!(
            "222222222222/us-east-1/vpc-lattice-get-resource-configuration.{RCFG}.json"
        ));
        let text = std::fs::read_to_string(&f).unwrap();
        let on = text.replace(
            "\"allowAssociationToShareableServiceNetwork\": false",
            "\"allowAssociationToShareableServiceNetwork\": true",
        );
        assert_ne!(on, text, "the fixture states the flag");
        std::fs::write(&f, on).unwrap();
    });
    let (imp, m) = import(&dir);
    assert!(m.resource_configurations[0].allow_shareable_service_network);
    assert!(
        line(&imp.yaml).contains("allow_association_to_shareable_service_network: true"),
        "{}",
        imp.yaml
    );
}

const SN: &str = "sn-0d1e2f3a4b5c6d7e8";
const SN_VPCE: &str = "vpce-0c9e9f9a9b9c9d9e9";
const SN_RCFG: &str = "rcfg-0d2e2f2a2b2c2d2e2";
const LONE_RCFG: &str = "rcfg-0d3e3f3a3b3c3d3e3";

#[test]
fn the_service_network_endpoint_imports_and_traces_end_to_end() {
    let (imp, m) = import(&fixture());
    assert_eq!(m.service_networks.len(), 1, "{}", imp.yaml);
    let n = &m.service_networks[0];
    assert_eq!(n.id, SN);
    assert_eq!(n.name, "ledger-network");
    assert_eq!(m.accounts[n.account].id, "222222222222");
    assert_eq!(n.auth_type, "AWS_IAM");
    assert!(n.auth_policy.is_some(), "get-auth-policy read");
    assert!(n.sharing, "sharingConfig.enabled");
    assert_eq!(
        n.shared_with,
        ["111111111111"],
        "inferred from its endpoint"
    );
    let ids: Vec<&str> = n
        .resource_configurations
        .iter()
        .map(|&i| m.resource_configurations[i].id.as_str())
        .collect();
    assert_eq!(ids, [SN_RCFG]);
    assert_eq!(n.services, ["svc-0d1e2f3a4b5c6d7e8"]);
    let e = m.endpoints.iter().find(|e| e.id == SN_VPCE).unwrap();
    assert!(
        matches!(
            e.target,
            linkscope::model::EndpointTarget::ServiceNetwork(0)
        ),
        "{:?}",
        e.target
    );
    assert!(
        imp.yaml.contains(&format!("service_network: {SN}")),
        "{}",
        imp.yaml
    );
    // Through the service network to its associated configuration, by its id and by the name
    // AWS gives it at the endpoint.
    let t = trace(&m, SN_RCFG, None);
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(SN_VPCE));
    let (_, name) = e.lattice_names.first().expect("one name per association");
    let t = trace(&m, name, Some(5432));
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    // A configuration the service network does not have.
    let t = trace(&m, LONE_RCFG, None);
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("RESOURCE_NOT_ASSOCIATED"), "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(SN_VPCE));
}

#[test]
fn ram_shares_decide_who_the_service_network_is_shared_with() {
    let (_tmp, dir) = capture(|d| {
        let p = d.join(PROVIDER);
        let res = serde_json::json!({ "resourceShareAssociations": [{
            "resourceShareArn": RAM_SHARE, "resourceShareName": "ledger-network",
            "associatedEntity": format!("arn:aws:vpc-lattice:us-east-1:222222222222:servicenetwork/{SN}"),
            "associationType": "RESOURCE", "status": "ASSOCIATED", "external": false
        }]});
        let pri = serde_json::json!({ "resourceShareAssociations": [{
            "resourceShareArn": RAM_SHARE, "resourceShareName": "ledger-network",
            "associatedEntity": "333333333333", "associationType": "PRINCIPAL",
            "status": "ASSOCIATED", "external": true
        }]});
        std::fs::write(
            p.join("ram-get-resource-share-associations.RESOURCE.json"),
            res.to_string(),
        )
        .unwrap();
        std::fs::write(
            p.join("ram-get-resource-share-associations.PRINCIPAL.json"),
            pri.to_string(),
        )
        .unwrap();
    });
    let (_, m) = import(&dir);
    assert_eq!(m.service_networks[0].shared_with, ["333333333333"]);
    let t = trace(&m, SN_RCFG, None);
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("RESOURCE_NOT_SHARED"), "{t:#?}");
}

#[test]
fn a_service_network_endpoint_without_its_service_network_is_reported_not_written() {
    let (_tmp, dir) = capture(|d| {
        let p = d.join(PROVIDER);
        std::fs::remove_file(p.join(format!("vpc-lattice-get-service-network.{SN}.json"))).unwrap();
        std::fs::remove_file(p.join("vpc-lattice-list-service-networks.json")).unwrap();
    });
    let (imp, m) = import(&dir);
    assert!(m.service_networks.is_empty());
    assert!(m.endpoints.iter().all(|e| e.id != SN_VPCE));
    let r = report(&imp);
    assert!(
        r.contains("service-network endpoints whose service network was not imported"),
        "{r}"
    );
    assert!(
        r.contains("VPC Lattice service networks (vpc-lattice get-service-network"),
        "{r}"
    );
}

#[test]
fn bad_service_network_output_is_reported_never_a_panic() {
    let (_tmp, dir) = capture(|d| {
        let p = d.join(PROVIDER);
        // The list summary only (no auth type), an association being deleted, a service
        // network whose sharingConfig is not an object.
        std::fs::remove_file(p.join(format!("vpc-lattice-get-service-network.{SN}.json"))).unwrap();
        let f = p.join(format!(
            "vpc-lattice-list-service-network-resource-associations.{SN}.json"
        ));
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, text.replace("\"ACTIVE\"", "\"DELETE_IN_PROGRESS\"")).unwrap();
        std::fs::write(
            p.join("vpc-lattice-get-service-network.sn-0bad0bad0bad0bad0.json"),
            r#"{"id": "sn-0bad0bad0bad0bad0", "sharingConfig": "yes"}"#,
        )
        .unwrap();
    });
    let (imp, m) = import(&dir);
    assert_eq!(m.service_networks.len(), 1);
    let n = &m.service_networks[0];
    assert_eq!(n.auth_type, "NONE");
    assert!(n.auth_policy.is_none());
    assert!(n.resource_configurations.is_empty());
    let r = report(&imp);
    for line in [
        "unreadable service networks",
        "service network resource associations not ACTIVE (left out)",
        "auth type not in the list output",
        "auth policies of service networks whose auth type is NONE",
    ] {
        assert!(r.contains(line), "missing `{line}` in:\n{r}");
    }
    let t = trace(&m, SN_RCFG, None);
    assert_eq!(t.reason_code(), Some("RESOURCE_NOT_ASSOCIATED"), "{t:#?}");
}

const SNVA_FILE: &str =
    "vpc-lattice-list-service-network-vpc-associations.sn-0d1e2f3a4b5c6d7e8.json";
const VPC_ASSOC: &str = "service network VPC associations (read, not modelled: the VPC reaches the service network's Lattice services and resources without an endpoint; traces from it do not use them)";

#[test]
fn service_network_vpc_associations_are_read_and_reported_not_modelled() {
    let (imp, m) = import(&fixture());
    let r = &imp.details;
    assert_eq!(r.skipped_count(VPC_ASSOC), 1, "{:#?}", r.skipped);
    assert_eq!(
        r.skipped[VPC_ASSOC].examples,
        ["sn-0d1e2f3a4b5c6d7e8 -> vpc-0d1d2e3f4a5b6c702"]
    );
    assert_eq!(
        r.skipped_count("service network VPC associations not ACTIVE"),
        1
    );
    assert!(
        r.skipped["service network VPC associations not ACTIVE"].examples[0]
            .contains("CREATE_FAILED")
    );
    // Nothing of them in the model; the service network and its endpoint are as before.
    assert!(
        imp.yaml
            .lines()
            .filter(|l| !l.starts_with('#'))
            .all(|l| !l.contains("snva-") && !l.contains("vpc-0d2d2e2f2a2b2c702")),
        "{}",
        imp.yaml.as_str()
    );
    assert!(
        m.service_networks
            .iter()
            .any(|s| s.id == "sn-0d1e2f3a4b5c6d7e8")
    );
    // Without the file, the same model.
    let (_tmp, dir) = capture(|d| {
        std::fs::remove_file(d.join(PROVIDER).join(SNVA_FILE)).unwrap();
    });
    let (without, _) = import(&dir);
    assert_eq!(without.details.skipped_count(VPC_ASSOC), 0);
    let body = |y: &str| {
        y.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&imp.yaml), body(&without.yaml));
}

#[test]
fn bad_service_network_vpc_associations_are_reported_never_a_panic() {
    let (_tmp, dir) = capture(|d| {
        std::fs::write(
            d.join(PROVIDER).join(SNVA_FILE),
            r#"{"items": [
                {"id": "snva-0d1e2f3a4b5c6d7e8", "serviceNetworkId": "sn-0d1e2f3a4b5c6d7e8", "status": "ACTIVE"},
                {"id": "snva-0d2e2f3a4b5c6d7e8", "serviceNetworkId": 7, "vpcId": "vpc-0d1d2e3f4a5b6c702"},
                {"id": "snva-0d3e2f3a4b5c6d7e8", "serviceNetworkArn": "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-1", "vpcId": "vpc-0d1d2e3f4a5b6c702"}
            ]}"#,
        )
        .unwrap();
    });
    let (imp, _) = import(&dir);
    let r = &imp.details;
    assert_eq!(
        r.skipped_count(
            "service network VPC associations without a readable service network or VPC id"
        ),
        2,
        "{:#?}",
        r.skipped
    );
    assert_eq!(
        r.skipped_count("unreadable service network VPC associations"),
        1,
        "{:#?}",
        r.skipped
    );
    assert_eq!(r.skipped_count(VPC_ASSOC), 0);
}
