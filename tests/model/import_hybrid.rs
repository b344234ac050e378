//! Import of transit gateways, VPN sites and Route 53 Resolver from AWS CLI output across two
//! account folders (tests/fixtures/import/hybrid, written for this project in the shape of the
//! AWS CLI's output), traced end to end: a spoke reaches the hub's interface endpoint across
//! the transit gateway, a data centre resolves it through the hub's inbound Resolver endpoint.
//! Breaking the captured TGW routes breaks the traces.

use std::path::{Path, PathBuf};

use linkscope::engine::{self, StepKind, Trace, Verdict};
use linkscope::import::{self, Imported};
use linkscope::model::{self, Model};
use linkscope::outcome::Reason;

const TGW: &str = "tgw-0c0e0000000000001";
const RTB: &str = "tgw-rtb-0c0e000000000001";
const VPCE: &str = "vpce-0a00000000000ssm1";
const APP: &str = "i-0b000000000000app";
const SITE: &str = "cgw-0d0000000000000c1";
const HUB_DIR: &str = "111111111111/us-east-1";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/hybrid")
}

fn import(dir: &Path) -> (Imported, Model) {
    let imp = import::import_dir(dir).unwrap_or_else(|d| panic!("import failed: {d:#?}"));
    // The model as `linkscope trace captures/` builds it (directly from the document), and
    // the same as the one its YAML (`import -o`) loads to.
    crate::import_direct::assert_same_model(&dir.display().to_string(), &imp);
    let m = imp.model("<imported>").unwrap_or_else(|e| {
        panic!(
            "imported model does not load:\n{}\n---\n{}",
            e.render(false),
            imp.yaml
        )
    });
    (imp, m)
}

fn trace(m: &Model, from: &str, to: &str) -> Trace {
    engine::trace(m, from, to, &engine::QueryOptions::default())
        .unwrap_or_else(|e| panic!("{from} -> {to}: {e}"))
}

/// A copy of the fixture in a temporary folder, with one capture file rewritten.
fn edited(file: &str, edit: impl Fn(&str) -> String) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy(&fixture(), tmp.path());
    let path = tmp.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let new = edit(&text);
    assert_ne!(new, text, "the edit of {file} changed nothing");
    std::fs::write(&path, new).unwrap();
    let dir = tmp.path().to_path_buf();
    (tmp, dir)
}

fn copy(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn transit_gateway_site_and_resolver_are_imported() {
    let (imp, _) = import(&fixture());
    let d = &imp.doc;
    assert_eq!(d.transit_gateways.len(), 1, "{}", imp.yaml);
    let t = &d.transit_gateways[0];
    assert_eq!(t.id, TGW);
    assert_eq!(t.account, "111111111111");
    assert_eq!(t.region.as_deref(), Some("us-east-1"));
    // Associations and propagations were captured: no default tables to fill gaps with.
    assert_eq!(t.default_association_table, None);
    let kinds: Vec<(Option<&str>, Option<&str>)> = t
        .attachments
        .iter()
        .map(|a| (a.vpc.as_deref(), a.network.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (Some("vpc-0a0000000000000h1"), None),
            (Some("vpc-0b0000000000000s1"), None),
            (None, Some(SITE)),
        ]
    );
    // The spoke's attachment subnets come from the spoke account's folder.
    assert_eq!(t.attachments[1].subnets, ["subnet-0b000000000000at1"]);
    assert_eq!(t.attachments[2].routing.as_deref(), Some("bgp"));
    let rt = &t.route_tables.as_ref().expect("route tables")[0];
    assert_eq!(rt.associations.len(), 3);
    assert_eq!(rt.propagations.len(), 3);
    // VPC routes name the top-level gateway; no VPC-level `transit` exit is written.
    assert!(
        d.vpcs
            .iter()
            .all(|v| v.gateways.iter().all(|g| g.kind != "transit"))
    );
    assert!(
        imp.yaml
            .contains(&format!("{{ to: 10.0.0.0/16, via: {TGW} }}"))
    );
    // The site: CIDRs from the TGW routes to its VPN attachment; its DNS server from the
    // forward rule's target; its forwarder to the inbound endpoint assumed and reported.
    let n = &d.networks[0];
    assert_eq!(
        (n.id.as_str(), n.cidrs.as_slice()),
        (SITE, &["192.168.0.0/16".to_string()][..])
    );
    assert_eq!(n.name.as_deref(), Some("datacenter"));
    assert_eq!(n.hosts[0].ip, "192.168.1.53");
    let dns = n.dns.as_ref().expect("site dns");
    assert_eq!(dns.forward[0].0, "amazonaws.com");
    assert_eq!(dns.forward[0].1, ["10.0.1.10", "10.0.2.10"]);
    assert!(
        imp.report
            .iter()
            .any(|l| l.contains("AWS does not hold the site's DNS configuration")),
        "{:#?}",
        imp.report
    );
    // Resolver: both endpoints with their addresses; the forward rule with both VPCs (one
    // association from each account); the built-in recursive rule skipped, and said so.
    let eps: Vec<(&str, &str)> = d
        .resolver_endpoints
        .iter()
        .map(|e| (e.id.as_str(), e.direction.as_str()))
        .collect();
    assert_eq!(
        eps,
        [
            ("rslvr-in-0e00000000000001", "inbound"),
            ("rslvr-out-0e00000000000001", "outbound")
        ]
    );
    assert_eq!(
        d.resolver_endpoints[0].ips["subnet-0a000000000000ha1"],
        ["10.0.1.10"]
    );
    let r = &d.resolver_rules[0];
    assert_eq!(
        (r.domain.as_str(), r.kind.as_str(), r.targets.as_slice()),
        ("corp.example", "forward", &["192.168.1.53".to_string()][..])
    );
    assert_eq!(r.vpcs, ["vpc-0a0000000000000h1", "vpc-0b0000000000000s1"]);
    assert_eq!(
        imp.details.skipped_count(
            "Resolver's built-in recursive rules (the model resolves that way by default)"
        ),
        1
    );
}

#[test]
fn spoke_reaches_the_hub_endpoint_across_the_transit_gateway() {
    let (_, m) = import(&fixture());
    let t = trace(&m, APP, "https://ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.via.as_deref(), Some(VPCE));
    let hops: Vec<&str> = t
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::TransitGateway)
        .map(|s| s.title.as_str())
        .collect();
    assert!(
        hops.iter()
            .any(|h| h.contains("tgw-attach-0a0000000000000h1")),
        "{hops:?}"
    );
    assert!(hops.iter().any(|h| h.starts_with("return")), "{hops:?}");
}

#[test]
fn site_resolves_the_endpoint_through_the_inbound_endpoint() {
    let (_, m) = import(&fixture());
    let t = trace(&m, "192.168.10.20", "https://ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.via.as_deref(), Some(VPCE));
    let d = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Dns)
        .expect("dns step");
    assert_eq!(
        d.facts["answered_by"], "endpoint-private-dns",
        "{:#?}",
        d.facts
    );
    let chain: Vec<String> = d.facts["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| s["server"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        chain,
        [
            format!("{SITE}-dns-1"),
            "10.0.1.10".to_string(),
            "vpc-0a0000000000000h1:resolver".to_string()
        ]
    );
    assert!(t.steps.iter().any(|s| s.kind == StepKind::Site));
}

#[test]
fn without_the_spokes_propagation_the_reply_has_no_route() {
    let app_att = "tgw-attach-0a0000000000000s1";
    // The spoke's attachment no longer propagates: neither the propagation list nor the
    // route search shows it.
    let drop_app = |text: &str, marker: &str| {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut v = v;
        let list = v[marker].as_array_mut().unwrap();
        list.retain(|x| !x.to_string().contains(app_att));
        serde_json::to_string_pretty(&v).unwrap()
    };
    let (_tmp, dir) = edited(
        &format!("{HUB_DIR}/get-transit-gateway-route-table-propagations.{RTB}.json"),
        |t| drop_app(t, "TransitGatewayRouteTablePropagations"),
    );
    let routes = dir.join(format!(
        "{HUB_DIR}/search-transit-gateway-routes.{RTB}.json"
    ));
    let text = std::fs::read_to_string(&routes).unwrap();
    std::fs::write(&routes, drop_app(&text, "Routes")).unwrap();
    let (imp, m) = import(&dir);
    let rt = &imp.doc.transit_gateways[0].route_tables.as_ref().unwrap()[0];
    assert!(!rt.propagations.iter().any(|a| a == app_att), "{rt:?}");
    let t = trace(&m, APP, "https://ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Blocked, "{}", t.summary);
    assert_eq!(t.reason, Some(Reason::NoReturnRoute), "{}", t.summary);
}

#[test]
fn a_static_blackhole_route_in_the_tgw_table_drops_the_spokes_traffic() {
    let (_tmp, dir) = edited(
        &format!("{HUB_DIR}/search-transit-gateway-routes.{RTB}.json"),
        |t| {
            t.replacen(
                "\"Routes\": [",
                "\"Routes\": [{\"DestinationCidrBlock\": \"10.0.0.0/16\", \"Type\": \"static\", \"State\": \"blackhole\"},",
                1,
            )
        },
    );
    let (imp, m) = import(&dir);
    // Static wins over the propagated 10.0.0.0/16 of the hub's attachment (TGW-6).
    assert!(
        imp.yaml.contains("{ to: 10.0.0.0/16, blackhole: true }"),
        "{}",
        imp.yaml
    );
    let t = trace(&m, APP, "https://ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Blocked, "{}", t.summary);
    assert_eq!(t.reason, Some(Reason::TgwBlackhole), "{}", t.summary);
}

#[test]
fn custom_dhcp_dns_servers_become_the_vpcs_dns_servers() {
    let (_tmp, dir) = edited("222222222222/us-east-1/describe-dhcp-options.json", |t| {
        t.replace(
            "{\n                            \"Value\": \"AmazonProvidedDNS\"\n                        }",
            "{\"Value\": \"10.0.1.10\"}, {\"Value\": \"10.0.2.10\"}",
        )
    });
    let (imp, m) = import(&dir);
    let v = imp
        .doc
        .vpcs
        .iter()
        .find(|v| v.id == "vpc-0b0000000000000s1")
        .unwrap();
    assert_eq!(v.dns_servers, ["10.0.1.10", "10.0.2.10"]);
    assert!(imp.yaml.contains("dns_servers: [10.0.1.10, 10.0.2.10]"));
    let vi = m.vpcs.iter().position(|x| x.id == v.id).unwrap();
    assert_eq!(m.vpcs[vi].dns_servers.len(), 2);
}

#[test]
fn a_transit_gateway_without_attachment_subnets_stays_an_exit_and_is_reported() {
    // The org fixture routes to a transit gateway and has its attachment, but not the VPC
    // attachment's subnets (describe-transit-gateway-vpc-attachments).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/org");
    let (imp, m) = import(&dir);
    assert!(imp.doc.transit_gateways.is_empty());
    assert!(m.gateways.iter().any(|g| g.id == "tgw-0c1234567890abcde"));
    assert!(
        imp.details
            .not_captured
            .iter()
            .any(|l| l.starts_with("transit gateway VPC attachments")),
        "{:#?}",
        imp.details.not_captured
    );
    assert!(
        imp.details.skipped_count(
            "transit gateway attachments whose gateway is written as an exit (no attachment subnets captured: describe-transit-gateway-vpc-attachments)"
        ) == 1
    );
}

/// `n` spoke VPCs in a second account, each attached to the hub's transit gateway (one
/// attachment, route, association and propagation each), added to the fixture.
fn with_spokes(n: usize) -> (tempfile::TempDir, PathBuf) {
    use serde_json::{Value, json};
    let tmp = tempfile::tempdir().unwrap();
    copy(&fixture().join("111111111111"), &{
        let d = tmp.path().join("111111111111");
        std::fs::create_dir_all(&d).unwrap();
        d
    });
    let spoke = tmp.path().join("333333333333/us-east-1");
    std::fs::create_dir_all(&spoke).unwrap();
    let (mut vpcs, mut subnets, mut rts, mut vatts) = (vec![], vec![], vec![], vec![]);
    let (mut atts, mut routes, mut links) = (vec![], vec![], vec![]);
    for i in 0..n {
        let (v, s, a) = (
            format!("vpc-1{i:016x}"),
            format!("subnet-1{i:016x}"),
            format!("tgw-attach-1{i:016x}"),
        );
        let cidr = format!("10.{}.{}.0/24", 100 + i / 256, i % 256);
        vpcs.push(json!({"VpcId": v, "OwnerId": "333333333333", "CidrBlock": cidr}));
        subnets.push(json!({"SubnetId": s, "VpcId": v, "CidrBlock": cidr,
            "AvailabilityZone": "us-east-1a", "AvailabilityZoneId": "use1-az1"}));
        rts.push(json!({"RouteTableId": format!("rtb-1{i:016x}"), "VpcId": v,
            "Associations": [{"Main": true}],
            "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "TransitGatewayId": TGW, "State": "active"}]}));
        vatts.push(
            json!({"TransitGatewayAttachmentId": a, "TransitGatewayId": TGW, "VpcId": v,
            "State": "available", "SubnetIds": [s]}),
        );
        atts.push(
            json!({"TransitGatewayAttachmentId": a, "TransitGatewayId": TGW,
            "ResourceType": "vpc", "ResourceId": v, "State": "available"}),
        );
        routes.push(json!({"DestinationCidrBlock": cidr, "Type": "propagated", "State": "active",
            "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": a, "ResourceType": "vpc", "ResourceId": v}]}));
        links
            .push(json!({"TransitGatewayAttachmentId": a, "ResourceType": "vpc", "ResourceId": v}));
    }
    let put = |dir: &Path, name: &str, v: Value| {
        std::fs::write(dir.join(name), serde_json::to_string(&v).unwrap()).unwrap()
    };
    put(&spoke, "describe-vpcs.json", json!({"Vpcs": vpcs}));
    put(&spoke, "describe-subnets.json", json!({"Subnets": subnets}));
    put(
        &spoke,
        "describe-route-tables.json",
        json!({"RouteTables": rts}),
    );
    put(
        &spoke,
        "describe-transit-gateway-vpc-attachments.json",
        json!({"TransitGatewayVpcAttachments": vatts}),
    );
    let hub = tmp.path().join(HUB_DIR);
    let add = |name: &str, key: &str, extra: &[Value]| {
        let p = hub.join(name);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        v[key].as_array_mut().unwrap().extend_from_slice(extra);
        std::fs::write(&p, v.to_string()).unwrap();
    };
    add(
        "describe-transit-gateway-attachments.json",
        "TransitGatewayAttachments",
        &atts,
    );
    add(
        &format!("search-transit-gateway-routes.{RTB}.json"),
        "Routes",
        &routes,
    );
    add(
        &format!("get-transit-gateway-route-table-associations.{RTB}.json"),
        "Associations",
        &links,
    );
    add(
        &format!("get-transit-gateway-route-table-propagations.{RTB}.json"),
        "TransitGatewayRouteTablePropagations",
        &links,
    );
    let dir = tmp.path().to_path_buf();
    (tmp, dir)
}

#[test]
fn many_spokes_each_get_their_attachment_and_route() {
    let (_tmp, dir) = with_spokes(20);
    let (imp, m) = import(&dir);
    let t = &imp.doc.transit_gateways[0];
    // The hub's and the VPN's, plus 20 spokes (the fixture's own spoke account is not here).
    assert_eq!(t.attachments.len(), 22);
    let rt = &t.route_tables.as_ref().unwrap()[0];
    assert_eq!((rt.associations.len(), rt.propagations.len()), (22, 22));
    // A spoke reaches the hub across the gateway; the endpoint's group admits only
    // 10.1.0.0/16, so it is the group, not routing, that stops it.
    let t = trace(&m, "10.100.7.10", VPCE);
    assert_eq!(t.reason, Some(Reason::SgInboundDeny), "{}", t.summary);
    assert!(
        t.steps.iter().any(|s| s.kind == StepKind::TransitGateway
            && s.title.contains("tgw-attach-0a0000000000000h1")),
        "{}",
        t.summary
    );
}

/// Import time with many spokes: `cargo test --test model import_hybrid_scale -- --ignored
/// --nocapture`.
#[test]
#[ignore]
fn import_hybrid_scale() {
    for n in [1_000, 4_000] {
        let (_tmp, dir) = with_spokes(n);
        let start = std::time::Instant::now();
        let imp = import::import_dir(&dir).unwrap();
        let took = start.elapsed();
        let start = std::time::Instant::now();
        let m = model::load_str(&imp.yaml, "<scale>", None).unwrap();
        eprintln!(
            "{n} spokes: import {:.2} s, load {:.2} s ({} VPCs)",
            took.as_secs_f64(),
            start.elapsed().as_secs_f64(),
            m.vpcs.len()
        );
        assert_eq!(imp.doc.transit_gateways[0].attachments.len(), n + 2);
    }
}

#[test]
fn a_route_search_saved_without_its_table_id_is_reported_not_guessed() {
    let tmp = tempfile::tempdir().unwrap();
    copy(&fixture(), tmp.path());
    let hub = tmp.path().join(HUB_DIR);
    std::fs::rename(
        hub.join(format!("search-transit-gateway-routes.{RTB}.json")),
        hub.join("search-transit-gateway-routes.json"),
    )
    .unwrap();
    let (imp, _) = import(tmp.path());
    assert_eq!(
        imp.details.skipped_count(
            "transit gateway routes whose resource id is not in the file name (<command>.<resource-id>.json)"
        ),
        1,
        "{:#?}",
        imp.details.skipped
    );
    // The propagations file still holds the table's propagations; no route is invented.
    let rt = &imp.doc.transit_gateways[0].route_tables.as_ref().unwrap()[0];
    assert!(rt.routes.is_empty());
    assert!(
        imp.report
            .iter()
            .any(|l| l.contains(&format!("{RTB}: routes not captured"))),
        "{:#?}",
        imp.report
    );
}

/// A site on a virtual private gateway: the VPN connection names the VGW, BGP routes are
/// propagated into the VPC's route table.
#[test]
fn a_vpn_to_a_virtual_private_gateway_connects_its_site_to_the_vpc() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("444444444444/us-east-1");
    std::fs::create_dir_all(&d).unwrap();
    let put = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    put(
        "describe-vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-0v", "CidrBlock": "10.9.0.0/16", "OwnerId": "444444444444"}]}"#,
    );
    put(
        "describe-subnets.json",
        r#"{"Subnets": [{"SubnetId": "subnet-0v", "VpcId": "vpc-0v", "CidrBlock": "10.9.1.0/24", "AvailabilityZone": "us-east-1a", "AvailabilityZoneId": "use1-az1"}]}"#,
    );
    put(
        "describe-vpn-gateways.json",
        r#"{"VpnGateways": [{"VpnGatewayId": "vgw-0v", "State": "available", "Type": "ipsec.1", "VpcAttachments": [{"VpcId": "vpc-0v", "State": "attached"}]}]}"#,
    );
    put(
        "describe-route-tables.json",
        r#"{"RouteTables": [{"RouteTableId": "rtb-0v", "VpcId": "vpc-0v",
        "Associations": [{"Main": true}], "PropagatingVgws": [{"GatewayId": "vgw-0v"}],
        "Routes": [{"DestinationCidrBlock": "10.9.0.0/16", "GatewayId": "local", "State": "active"},
                   {"DestinationCidrBlock": "172.16.0.0/16", "GatewayId": "vgw-0v", "Origin": "EnableVgwRoutePropagation", "State": "active"}]}]}"#,
    );
    put(
        "describe-security-groups.json",
        r#"{"SecurityGroups": [{"GroupId": "sg-0v", "GroupName": "default", "VpcId": "vpc-0v",
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "172.16.0.0/16"}]}],
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
    );
    put(
        "describe-instances.json",
        r#"{"Reservations": [{"Instances": [{"InstanceId": "i-0v", "SubnetId": "subnet-0v", "VpcId": "vpc-0v",
        "PrivateIpAddress": "10.9.1.5", "SecurityGroups": [{"GroupId": "sg-0v"}], "State": {"Code": 16, "Name": "running"}}]}]}"#,
    );
    put(
        "describe-vpn-connections.json",
        r#"{"VpnConnections": [{"VpnConnectionId": "vpn-0v", "CustomerGatewayId": "cgw-0v",
        "VpnGatewayId": "vgw-0v", "State": "available", "Options": {"StaticRoutesOnly": false}, "Routes": []}]}"#,
    );
    put(
        "describe-customer-gateways.json",
        r#"{"CustomerGateways": [{"CustomerGatewayId": "cgw-0v", "IpAddress": "198.51.100.7", "BgpAsn": "65010", "State": "available"}]}"#,
    );
    let (imp, m) = import(tmp.path());
    let v = &imp.doc.vpcs[0];
    let g = v
        .gateways
        .iter()
        .find(|g| g.id == "vgw-0v")
        .expect("the VGW");
    assert_eq!(g.kind, "vgw");
    assert_eq!(g.connections[0].network, "cgw-0v");
    assert_eq!(g.connections[0].routing, "bgp");
    assert_eq!(v.route_tables[0].propagating, ["vgw-0v"]);
    let site = &imp.doc.networks[0];
    assert_eq!(site.cidrs, ["172.16.0.0/16"]);
    assert_eq!(
        site.name.as_deref(),
        Some("site behind customer gateway 198.51.100.7")
    );
    // The VPC reaches the site through the propagated route (the engine starts traces at a
    // site only through a transit gateway).
    let t = trace(&m, "i-0v", "172.16.3.4:443");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.via.as_deref(), Some("vgw-0v"), "{}", t.summary);
}

/// import -> load -> export -> import gives the same model: the importer reads every field of
/// transit gateways, sites, Resolver and DHCP DNS servers that the export writes.
#[test]
fn import_export_import_of_the_hybrid_capture_is_a_fixpoint() {
    use linkscope::import::export;
    let body = |y: &str| {
        y.lines()
            .skip_while(|l| l.starts_with('#') || l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let check = |dir: &Path| {
        let (first, m) = import(dir);
        let tmp = tempfile::tempdir().unwrap();
        // The same folder name, so the model's name is the same.
        let again = tmp.path().join(dir.file_name().unwrap());
        export::write_dir(&m, &again).unwrap();
        let (second, _) = import(&again);
        let (a, b) = (body(&first.yaml), body(&second.yaml));
        let diff: Vec<String> = a
            .lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .take(8)
            .map(|(x, y)| format!("first:  {x}\nsecond: {y}"))
            .collect();
        assert!(a == b, "re-import differs:\n{}\n---\n{b}", diff.join("\n"));
        assert!(
            second.details.skipped.is_empty(),
            "{:#?}",
            second.details.skipped
        );
        b
    };
    let b = check(&fixture());
    for needle in [
        "transit_gateways:",
        "networks:",
        "resolver_endpoints:",
        "resolver_rules:",
        "propagations:",
    ] {
        assert!(b.contains(needle), "{needle} missing after the round trip");
    }
    // DHCP DNS servers too.
    let (_tmp, dir) = edited("222222222222/us-east-1/describe-dhcp-options.json", |t| {
        t.replace(
            "{\n                            \"Value\": \"AmazonProvidedDNS\"\n                        }",
            "{\"Value\": \"10.0.1.10\"}",
        )
    });
    assert!(check(&dir).contains("dns_servers: [10.0.1.10]"));
}

/// `--query`-shaped lists of these objects are recognised by their keys (a VPN connection,
/// which also names its gateway, is not taken for a gateway).
#[test]
fn query_shaped_lists_of_vpn_and_resolver_objects_are_recognised() {
    let tmp = tempfile::tempdir().unwrap();
    copy(&fixture(), tmp.path());
    let hub = tmp.path().join(HUB_DIR);
    for (file, key) in [
        ("describe-vpn-connections.json", "VpnConnections"),
        ("describe-customer-gateways.json", "CustomerGateways"),
        (
            "describe-transit-gateway-attachments.json",
            "TransitGatewayAttachments",
        ),
        (
            "route53resolver-list-resolver-endpoints.json",
            "ResolverEndpoints",
        ),
        ("route53resolver-list-resolver-rules.json", "ResolverRules"),
    ] {
        let p = hub.join(file);
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        std::fs::write(&p, v[key].to_string()).unwrap();
    }
    let (imp, _) = import(tmp.path());
    let (orig, _) = import(&fixture());
    assert_eq!(imp.doc.networks, orig.doc.networks);
    assert_eq!(imp.doc.transit_gateways, orig.doc.transit_gateways);
    assert_eq!(imp.doc.resolver_endpoints, orig.doc.resolver_endpoints);
    assert_eq!(imp.doc.resolver_rules, orig.doc.resolver_rules);
}
