//! AWS Config (a configuration snapshot, `select-resource-config` output) imported and traced.

use std::path::{Path, PathBuf};

use linkscope::engine::{QueryOptions, StepKind, Verdict, trace};
use linkscope::import::{self, Imported};
use linkscope::model::{self, Model};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/config")
        .join(name)
}

fn import_file(name: &str) -> (Imported, Model) {
    let imp = import::import_path(&fixture(name)).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
    let m = model::load_str(&imp.yaml, name, None)
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn body(yaml: &str) -> String {
    yaml.lines()
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .filter(|l| !l.starts_with("name:") && !l.starts_with("description:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshot_imports_with_accounts_regions_and_names() {
    let (imp, m) = import_file("snapshot.json");
    let y = &imp.yaml;
    assert!(y.contains("region: us-east-1"), "{y}");
    assert!(y.contains("id: \"111122223333\""), "{y}");
    assert!(y.contains("name: config-vpc"), "{y}");
    assert_eq!(m.vpcs.len(), 1);
    assert_eq!(m.subnets.len(), 1, "the deleted subnet is not imported");
    // CIDRs are read from `ipv4Ranges` (Config also lists them as bare strings in `ipRanges`).
    assert!(
        y.contains("{ protocol: tcp, ports: 443, to: 0.0.0.0/0 }"),
        "{y}"
    );
    assert!(
        y.contains("{ protocol: tcp, ports: 443, from: sg-0e0000000000000e1 }"),
        "{y}"
    );
    let r = &imp.details;
    assert_eq!(
        r.skipped_count("AWS Config items of deleted or unrecorded resources"),
        1
    );
    assert_eq!(
        r.skipped_count("AWS Config items of types linkscope does not read"),
        1
    );
    assert!(
        r.skipped["AWS Config items of types linkscope does not read"].examples[0]
            .contains("AWS::S3::Bucket")
    );
    let t = trace(
        &m,
        "i-0e0000000000000e1",
        "ssm.us-east-1.amazonaws.com",
        &QueryOptions {
            port: Some(443),
            ..Default::default()
        },
    )
    .expect("trace");
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some("vpce-0e0000000000000e1"), "{t:#?}");
}

#[test]
fn select_resource_config_gives_the_same_model_as_the_snapshot() {
    let (a, _) = import_file("snapshot.json");
    let (b, _) = import_file("select-resource-config.json");
    assert_eq!(body(&a.yaml), body(&b.yaml));
}

// ---- transit gateways, Resolver, DHCP options (tests/fixtures/import/config/hybrid-snapshot.json:
// a hub VPC with an interface endpoint and an inbound Resolver endpoint, a spoke VPC whose DHCP
// options point at it, a transit gateway with both VPCs attached; the newer types carry the
// CloudFormation-shaped configuration of the AWS Config resource schema).

const HYBRID: &str = "hybrid-snapshot.json";
const SPOKE_APP: &str = "i-0f00000000000app1";
const HUB_VPCE: &str = "vpce-0f0000000000ssm1";

/// The model as `linkscope trace snapshot.json` builds it, checked equal to the one its YAML
/// loads to.
fn import_direct(path: &Path) -> (Imported, Model) {
    let imp = import::import_path(path).unwrap_or_else(|d| panic!("{path:?}: {d:#?}"));
    crate::import_direct::assert_same_model(&path.display().to_string(), &imp);
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn trace_ssm(m: &Model) -> linkscope::engine::Trace {
    trace(
        m,
        SPOKE_APP,
        "https://ssm.us-east-1.amazonaws.com",
        &QueryOptions::default(),
    )
    .expect("trace")
}

#[test]
fn config_transit_gateway_resolver_and_dhcp_options_import_and_trace() {
    let (imp, m) = import_direct(&fixture(HYBRID));
    let tgw = &imp.doc.transit_gateways[0];
    assert_eq!(tgw.id, "tgw-0f0e0000000000001");
    let atts: Vec<&str> = tgw.attachments.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        atts,
        ["tgw-attach-0f000000000hub1", "tgw-attach-0f000000000spk1"]
    );
    let y = &imp.yaml;
    assert!(
        y.contains("default_association_table: tgw-rtb-0f0e000000000001"),
        "{y}"
    );
    assert!(y.contains("dns_servers: [10.0.1.10]"), "{y}");
    assert!(
        y.contains("ips: { subnet-0f000000000000h1a: 10.0.1.10 }"),
        "{y}"
    );
    // Rules and associations name their ids `ResolverRuleId` / `ResolverRuleAssociationId`.
    assert!(
        y.contains("{ id: rslvr-rr-0f00000000000001, name: \"corp\", domain: corp.example, type: forward, endpoint: rslvr-out-0f00000000000001, targets: [192.168.0.2], vpcs: [vpc-0f0000000000000h1] }"),
        "{y}"
    );
    // What Config does not record is said, and the unread type is counted.
    assert!(
        imp.details.not_captured.iter().any(|l| l.starts_with(
            "transit gateway routes, associations and propagations (AWS Config records none)"
        )),
        "{:#?}",
        imp.details.not_captured
    );
    assert!(
        imp.details.skipped["AWS Config items of types linkscope does not read"].examples[0]
            .contains("AWS::EC2::Volume")
    );

    // The spoke's instance asks the hub's inbound Resolver endpoint (DHCP options), gets the
    // endpoint's private address, and crosses the transit gateway to it.
    let t = trace_ssm(&m);
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.via.as_deref(), Some(HUB_VPCE));
    let dns = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Dns)
        .expect("dns step");
    assert_eq!(dns.facts["answered_by"], "endpoint-private-dns");
    assert!(
        t.steps.iter().any(|s| s.kind == StepKind::TransitGateway
            && s.title.contains("tgw-attach-0f000000000hub1")),
        "{:#?}",
        t.steps.iter().map(|s| &s.title).collect::<Vec<_>>()
    );
}

#[test]
fn without_the_spokes_config_attachment_the_trace_does_not_cross() {
    let text = std::fs::read_to_string(fixture(HYBRID)).expect("fixture");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["configurationItems"]
        .as_array_mut()
        .expect("items")
        .retain(|it| it["resourceId"] != "tgw-attach-0f000000000spk1");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(HYBRID);
    std::fs::write(&path, v.to_string()).expect("write");
    let (_, m) = import_direct(&path);
    let t = trace_ssm(&m);
    assert_ne!(t.verdict, Verdict::Allowed, "{}", t.summary);
}

// ---- ELBv2 (tests/fixtures/import/config/elbv2-snapshot.json: an endpoint service behind an
// NLB whose listener forwards to a target group; Config records no target health).

#[test]
fn config_load_balancer_listener_and_target_group_are_read_and_missing_health_said() {
    let (imp, _) = import_direct(&fixture("elbv2-snapshot.json"));
    let y = &imp.yaml;
    assert!(
        y.contains("listeners: [{ protocol: tcp, port: 443 }]"),
        "{y}"
    );
    let said = |d: &import::Imported, what: &str| {
        d.details.inferred.iter().any(|l| l.contains(what))
            || d.details.not_captured.iter().any(|l| l.contains(what))
    };
    assert!(
        said(&imp, "health of target group api not captured"),
        "{:#?}",
        imp.report
    );
    // Without the target group item, the group itself is what is missing.
    let text = std::fs::read_to_string(fixture("elbv2-snapshot.json")).expect("fixture");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["configurationItems"]
        .as_array_mut()
        .expect("items")
        .retain(|it| it["resourceType"] != "AWS::ElasticLoadBalancingV2::TargetGroup");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("elbv2-snapshot.json");
    std::fs::write(&path, v.to_string()).expect("write");
    let (without, _) = import_direct(&path);
    assert!(!said(&without, "health of target group api not captured"));
    assert!(said(&without, "target groups and target health"));
}

#[test]
fn a_config_vpn_to_a_transit_gateway_gives_its_site_and_says_the_attachment_is_missing() {
    let (imp, m) = import_direct(&fixture(HYBRID));
    let y = &imp.yaml;
    // `state: {value: available}` is read as the state: the connection is not taken as deleted.
    assert!(
        y.contains("- id: cgw-0f00000000000dc1\n    name: \"dc-1\"\n    cidrs: [192.168.0.0/16]"),
        "{y}"
    );
    assert!(
        imp.details.not_captured.iter().any(|l| l.starts_with(
            "VPN attachments of transit gateways (AWS Config records only VPC attachments)"
        ) && l.contains("vpn-0f00000000000dc1")),
        "{:#?}",
        imp.details.not_captured
    );
    // No attachment, so a trace from the site is refused with the missing connection named.
    let e = trace(
        &m,
        "192.168.10.20",
        "10.0.1.4:443",
        &QueryOptions::default(),
    )
    .expect_err("the site has no connection");
    assert!(
        e.message
            .contains("site cgw-0f00000000000dc1 has no connection to a VPC"),
        "{e:?}"
    );
}

#[test]
fn select_resource_config_of_the_hybrid_types_gives_the_same_model_as_the_snapshot() {
    // `select-resource-config` returns each item as a JSON string, tags as a key/value list.
    let text = std::fs::read_to_string(fixture(HYBRID)).expect("fixture");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let results: Vec<serde_json::Value> = v["configurationItems"]
        .as_array()
        .expect("items")
        .iter()
        .map(|it| {
            let mut it = it.clone();
            let tags: Vec<serde_json::Value> = it["tags"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
                .collect();
            it["tags"] = serde_json::Value::Array(tags);
            it["accountId"] = it["awsAccountId"].take();
            serde_json::Value::String(it.to_string())
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(HYBRID);
    std::fs::write(
        &path,
        serde_json::json!({"Results": results, "QueryInfo": {"SelectFields": [{"Name": "*"}]}})
            .to_string(),
    )
    .expect("write");
    let (a, _) = import_direct(&fixture(HYBRID));
    let (b, _) = import_direct(&path);
    assert!(b.yaml.contains("transit_gateways:"), "{}", b.yaml);
    assert_eq!(body(&a.yaml), body(&b.yaml));
}

#[test]
fn a_config_resolver_endpoint_without_addresses_is_reported_and_the_spoke_cannot_resolve_through_it()
 {
    let text = std::fs::read_to_string(fixture(HYBRID)).expect("fixture");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    for it in v["configurationItems"].as_array_mut().expect("items") {
        if it["resourceId"] == "rslvr-in-0f00000000000001" {
            it["configuration"]
                .as_object_mut()
                .expect("configuration")
                .remove("IpAddresses");
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(HYBRID);
    std::fs::write(&path, v.to_string()).expect("write");
    let (imp, m) = import_direct(&path);
    assert!(
        imp.details.not_captured.iter().any(|l| l
            .starts_with("Resolver endpoint addresses (the AWS Config item lists no IpAddresses)")
            && l.contains("rslvr-in-0f00000000000001")),
        "{:#?}",
        imp.details.not_captured
    );
    // The spoke's DNS server 10.0.1.10 is no longer an inbound endpoint: the lookup fails.
    let t = trace_ssm(&m);
    assert_ne!(t.verdict, Verdict::Allowed, "{}", t.summary);
    let last = t.steps.last().expect("steps");
    assert_eq!(last.kind, StepKind::Dns, "{}", t.summary);
}

// ---- IPv6, egress-only gateways and Lattice endpoints (tests/fixtures/import/config/ipv6-snapshot.json:
// the lattice6 consumer capture as AWS Config records it: camelCase describe-* objects, unset
// fields null, a security group's IPv4 CIDRs in both `ipv4Ranges` and `ipRanges`).

const IPV6: &str = "ipv6-snapshot.json";
const IPV6_APP: &str = "i-0c1000000000000a1";
const EIGW: &str = "eigw-0c1e2f3a4b5c6d701";
const RESOURCE_VPCE: &str = "vpce-0c1e2f3a4b5c6d7e8";

#[test]
fn a_config_ipv6_snapshot_imports_and_traces_through_the_egress_only_gateway() {
    let (imp, m) = import_direct(&fixture(IPV6));
    let y = imp.yaml.as_str();
    let vpc = m
        .vpcs
        .iter()
        .find(|v| v.id == "vpc-0c1c2d3e4f5a6b701")
        .unwrap();
    assert_eq!(
        vpc.ipv6_cidr.map(|n| n.to_string()).as_deref(),
        Some("2600:1f18:1234:5600::/56"),
        "the associated block, not the disassociated one"
    );
    let sub = m
        .subnets
        .iter()
        .find(|s| s.id == "subnet-0c22bb22bb22bb222")
        .unwrap();
    assert_eq!(
        sub.ipv6_cidr.map(|n| n.to_string()).as_deref(),
        Some("2600:1f18:1234:5602::/64")
    );
    // The AWS::EC2::EgressOnlyInternetGateway item, with its Name tag (not inferred from the route).
    assert!(
        y.contains(&format!(
            "{{ id: {EIGW}, name: consumer-eigw, type: egress-only }}"
        )),
        "{y}"
    );
    assert!(
        y.contains(&format!("{{ to: \"::/0\", via: {EIGW} }}")),
        "{y}"
    );
    assert!(!y.contains(&format!("{EIGW}: ")), "not inferred:\n{y}");
    assert!(y.contains("{ protocol: all, to: \"::/0\" }"), "{y}");
    assert!(
        y.contains("{ rule: 101, protocol: all, cidr: \"::/0\", action: allow }"),
        "{y}"
    );
    let inst = m.instances.iter().find(|i| i.id == IPV6_APP).unwrap();
    assert_eq!(
        inst.ipv6.map(|a| a.to_string()).as_deref(),
        Some("2600:1f18:1234:5601::10")
    );
    let t = trace(
        &m,
        IPV6_APP,
        "[2606:4700::1111]:443",
        &QueryOptions::default(),
    )
    .expect("trace");
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(EIGW), "{t:#?}");
    // Config records no VPC Lattice type: the resource and service-network endpoints are read
    // (their type and ARNs) but left out without the provider's vpc-lattice output, and said so.
    let r = &imp.details;
    assert_eq!(
        r.skipped_count(
            "resource endpoints whose resource configuration was not imported (capture vpc-lattice get-resource-configuration and get-resource-gateway in its owner's account)"
        ),
        1,
        "{:#?}",
        r.skipped
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("AWS Config records no AWS::VpcLattice type")),
        "{:#?}",
        r.notes
    );
    assert_eq!(
        r.skipped_count("AWS Config items of types linkscope does not read"),
        0
    );
}

#[test]
fn a_config_snapshot_with_the_providers_vpc_lattice_capture_traces_the_resource_endpoint() {
    // The consumer from AWS Config, the provider's resource gateway, configuration and service
    // network from its vpc-lattice CLI output, in one capture folder.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mixed");
    crate::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/lattice6/222222222222"),
        &dir.join("222222222222"),
    );
    std::fs::copy(fixture(IPV6), dir.join(IPV6)).unwrap();
    let imp = import::import_dir(&dir).unwrap_or_else(|d| panic!("{d:#?}"));
    crate::import_direct::assert_same_model(&dir.display().to_string(), &imp);
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    let opts = QueryOptions {
        port: Some(5432),
        ..Default::default()
    };
    let t = trace(&m, IPV6_APP, RESOURCE_VPCE, &opts).expect("trace");
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(RESOURCE_VPCE));
    let t = trace(
        &m,
        IPV6_APP,
        "[2606:4700::1111]:443",
        &QueryOptions::default(),
    )
    .expect("trace");
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(EIGW));
    assert_eq!(
        imp.details.skipped_count(
            "resource endpoints whose resource configuration was not imported (capture vpc-lattice get-resource-configuration and get-resource-gateway in its owner's account)"
        ),
        0
    );
}

#[test]
fn a_bad_config_egress_only_gateway_is_reported_never_a_panic() {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture(IPV6)).unwrap()).unwrap();
    for it in v["configurationItems"].as_array_mut().unwrap() {
        if it["resourceType"] == "AWS::EC2::EgressOnlyInternetGateway" {
            it["configuration"]["attachments"] = serde_json::json!("not a list");
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("bad.json");
    std::fs::write(&f, v.to_string()).unwrap();
    let imp = import::import_path(&f).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        imp.details
            .skipped_count("unreadable egress-only internet gateways entries"),
        1,
        "{:#?}",
        imp.details.skipped
    );
    // The gateway named by the route is still written (inferred, without its name).
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    assert!(m.gateways.iter().any(|g| g.id == EIGW));
}
