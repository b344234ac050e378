//! The importer against fixtures written for this project in the shape of real AWS CLI output
//! (tests/fixtures/import/), and against public real captures when ../shared/real-data exists.

use std::path::{Path, PathBuf};

use linkscope::import::{self, Imported, export};
use linkscope::model::{self, Model};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import_ok(dir: &Path) -> Imported {
    import::import_dir(dir).unwrap_or_else(|d| panic!("import of {} failed: {d:#?}", dir.display()))
}

fn load(imp: &Imported) -> Model {
    model::load_str(&imp.yaml, "<imported>", None).unwrap_or_else(|e| {
        panic!(
            "imported model does not load:\n{}\n---\n{}",
            e.render(false),
            imp.yaml
        )
    })
}

/// The YAML without its header comment (which lists the report, not the model).
fn body(yaml: &str) -> String {
    yaml.lines()
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn import_export_import_is_a_fixpoint() {
    let b = fixpoint("org");
    for needle in [
        "endpoint_services:",
        "hosted_zones:",
        "buckets:",
        "policy:",
        "peerings:",
        "ips: {",
        "role:",
        "state: blackhole",
        "origin: propagated",
        "type: instance-connect",
    ] {
        assert!(
            b.contains(needle),
            "{needle} missing after the round trip:\n{b}"
        );
    }
}

#[test]
fn import_export_import_is_a_fixpoint_without_provider_or_profile_captures() {
    fixpoint("flat");
}

/// import -> load -> export -> import gives the same YAML (header aside); returns it.
fn fixpoint(name: &str) -> String {
    let first = import_ok(&fixture(name));
    let m = load(&first);
    let tmp = tempfile::tempdir().unwrap();
    // Same folder name, so the model's name is the same.
    let dir = tmp.path().join(name);
    export::write_dir(&m, &dir).unwrap();
    let second = import_ok(&dir);
    let a = body(&first.yaml);
    let b = body(&second.yaml);
    if a != b {
        let diff: Vec<String> = a
            .lines()
            .zip(b.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .take(10)
            .map(|(i, (x, y))| format!("line {}:\n  first:  {x}\n  second: {y}", i + 1))
            .collect();
        panic!(
            "re-import differs ({} vs {} lines):\n{}",
            a.lines().count(),
            b.lines().count(),
            diff.join("\n")
        );
    }
    assert!(
        second.details.skipped.is_empty(),
        "the export holds only what the model says: {:#?}",
        second.details.skipped
    );
    load(&second);
    b
}

// ---- the two-account fixture: what the model says after import

const VPC_APP: &str = "vpc-0a1a2b3c4d5e6f701";
const RT_APP: &str = "rtb-0a2000000000000a2";
const VPCE_S3: &str = "vpce-0a1111111111111f3";
const VPCE_SSM: &str = "vpce-0a2222222222222c2";
const VPCE_PARTNER: &str = "vpce-0a3333333333333d3";
const SG_ENDPOINTS: &str = "sg-0a3333333333333e0";
const SG_APP: &str = "sg-0a2222222222222a0";
const SVC: &str = "vpce-svc-0b1234567890abcde";

fn org() -> (Imported, Model) {
    let imp = import_ok(&fixture("org"));
    let m = load(&imp);
    (imp, m)
}

fn ix(m: &Model, id: &str) -> usize {
    use linkscope::model::ObjectRef::*;
    match m.lookup(id) {
        Some(
            Vpc(i) | Subnet(i) | RouteTable(i) | NetworkAcl(i) | SecurityGroup(i) | Gateway(i)
            | Peering(i) | Instance(i) | Endpoint(i) | EndpointService(i) | HostedZone(i)
            | Bucket(i) | Account(i),
        ) => i,
        other => panic!("`{id}` is not in the model ({other:?})"),
    }
}

/// Longest-prefix match over a route table, prefix lists resolved through the model's catalogue
/// (what the engine does at its route step; used until the engine lands).
fn route_for(m: &Model, table: &str, ip: std::net::Ipv4Addr) -> Option<linkscope::model::Route> {
    use linkscope::model::RouteDest;
    let t = &m.route_tables[ix(m, table)];
    let mut best: Option<(u8, u8, &linkscope::model::Route)> = None;
    for r in &t.routes {
        let (len, rank) = match &r.destination {
            RouteDest::Cidr(c) if c.contains(&ip) => (c.prefix_len(), 1),
            RouteDest::PrefixList(p) => {
                let Some(pl) = m.catalogue.prefix_list(p) else {
                    continue;
                };
                match pl
                    .cidrs
                    .iter()
                    .filter(|c| c.contains(&ip))
                    .map(|c| c.prefix_len())
                    .max()
                {
                    Some(l) => (l, 0),
                    None => continue,
                }
            }
            _ => continue,
        };
        if best.is_none_or(|(bl, br, _)| (len, rank) > (bl, br)) {
            best = Some((len, rank, r));
        }
    }
    best.map(|(_, _, r)| r.clone())
}

#[test]
fn gateway_endpoint_wins_over_the_default_route_by_its_prefix_list() {
    use linkscope::model::{RouteDest, RouteOrigin, RouteTarget};
    let (_, m) = org();
    let s3 = ix(&m, VPCE_S3);
    let nat = ix(&m, "nat-0a1234567890abcde");
    let t = &m.route_tables[ix(&m, RT_APP)];
    // The captured route `pl-63a5400a -> vpce` became the endpoint's association (GW-3) ...
    assert!(m.endpoints[s3].route_tables.contains(&ix(&m, RT_APP)));
    let pl_route = t
        .routes
        .iter()
        .find(|r| r.target == RouteTarget::Endpoint(s3))
        .expect("endpoint route");
    assert_eq!(
        pl_route.destination,
        RouteDest::PrefixList("pl-63a5400a".into())
    );
    assert_eq!(pl_route.origin, RouteOrigin::GatewayEndpoint);
    // ... with the captured CIDRs (16.182.0.0/16 is in the capture, not in the built-in list).
    let pl = m.catalogue.prefix_list("pl-63a5400a").unwrap();
    assert!(
        pl.cidrs.iter().any(|c| c.to_string() == "16.182.0.0/16"),
        "{pl:?}"
    );
    // An S3 address takes the endpoint, anything else the NAT gateway's default route.
    let via_s3 = route_for(&m, RT_APP, "52.216.10.20".parse().unwrap()).unwrap();
    assert_eq!(via_s3.target, RouteTarget::Endpoint(s3));
    let via_s3 = route_for(&m, RT_APP, "16.182.1.2".parse().unwrap()).unwrap();
    assert_eq!(via_s3.target, RouteTarget::Endpoint(s3));
    let other = route_for(&m, RT_APP, "8.8.8.8".parse().unwrap()).unwrap();
    assert_eq!(other.target, RouteTarget::Gateway(nat));
    // The endpoint policy came from the PolicyDocument string.
    assert!(m.endpoints[s3].policy.is_some());
}

#[test]
fn interface_endpoint_is_reachable_by_its_private_dns_name() {
    use linkscope::model::EndpointTarget;
    let (imp, m) = org();
    let e = &m.endpoints[ix(&m, VPCE_SSM)];
    assert!(e.private_dns);
    let v = &m.vpcs[ix(&m, VPC_APP)];
    assert!(v.dns_support && v.dns_hostnames);
    // dns_support was captured, dns_hostnames inferred from the private-DNS endpoint.
    assert!(
        imp.details
            .inferred
            .iter()
            .any(|i| i.contains("dns_hostnames = true") && i.contains(VPCE_SSM)),
        "{:?}",
        imp.details.inferred
    );
    assert!(
        !imp.details
            .inferred
            .iter()
            .any(|i| i.contains(VPC_APP) && i.contains("dns_support"))
    );
    let ips: Vec<String> = e.enis.iter().map(|n| n.ip.to_string()).collect();
    assert_eq!(ips, ["10.0.1.100", "10.0.2.100"]);
    let EndpointTarget::Aws(svc) = &e.target else {
        panic!("{:?}", e.target)
    };
    let by_name = m
        .catalogue
        .service_for_host("ssm.us-east-1.amazonaws.com")
        .expect("ssm in the catalogue");
    assert_eq!(&by_name.name, svc);
    assert_eq!(m.security_groups[e.security_groups[0]].id, SG_ENDPOINTS);
}

#[test]
fn the_endpoint_security_group_denies_other_ports() {
    use linkscope::model::{Protocol, SgPeer};
    let (_, m) = org();
    let e = &m.endpoints[ix(&m, VPCE_SSM)];
    let sg = &m.security_groups[e.security_groups[0]];
    let app = ix(&m, SG_APP);
    let allows = |port: u16| {
        sg.inbound.iter().any(|r| {
            r.protocol.covers(Protocol::Tcp)
                && r.ports.contains(port)
                && r.peer == SgPeer::Group(app)
        })
    };
    assert!(allows(443));
    assert!(!allows(8443));
    assert_eq!(sg.inbound.len(), 1, "{:?}", sg.inbound);
}

#[test]
fn provider_side_and_zone_ids_across_accounts() {
    use linkscope::model::{EndpointState, EndpointTarget};
    let (_, m) = org();
    let svc = &m.endpoint_services[ix(&m, SVC)];
    // The provider's us-east-1a/b are use1-az2/az4 in its account.
    assert_eq!(svc.zone_ids, ["use1-az2", "use1-az4"]);
    assert_eq!(svc.allowed_principals, ["arn:aws:iam::111111111111:root"]);
    assert!(svc.acceptance_required);
    assert_eq!(
        svc.private_dns_name.as_deref(),
        Some("api.partner.example.com")
    );
    assert!(svc.private_dns_verified);
    let ports: Vec<u16> = svc.load_balancer.listeners.iter().map(|l| l.port).collect();
    assert_eq!(ports, [443, 8443]);
    let e = &m.endpoints[ix(&m, VPCE_PARTNER)];
    assert_eq!(e.target, EndpointTarget::Service(ix(&m, SVC)));
    assert_eq!(e.state, EndpointState::Available);
    assert!(svc.accepted.contains(&ix(&m, VPCE_PARTNER)));
    // The consumer's us-east-1b is use1-az2: a zone the service has.
    assert_eq!(e.enis[0].zone_id, "use1-az2");
    let a = &m.accounts[m.account_ix("111111111111").unwrap()];
    let b = &m.accounts[m.account_ix("222222222222").unwrap()];
    assert_eq!(a.zones["us-east-1a"], "use1-az1");
    assert_eq!(b.zones["us-east-1a"], "use1-az2");
    assert!(a.zones_explicit && b.zones_explicit);
    assert!(
        !a.zones.contains_key("us-east-1-bos-1a"),
        "Local Zones are skipped"
    );
}

#[test]
fn instances_routes_dns_and_buckets() {
    use linkscope::model::{GatewayKind, RecordValue, RouteTarget};
    let (_, m) = org();
    let i = &m.instances[ix(&m, "i-0a1000000000000a1")];
    assert_eq!(
        i.role.as_deref(),
        Some("arn:aws:iam::111111111111:role/app-role")
    );
    assert_eq!(i.ip.to_string(), "10.0.1.10");
    let bastion = &m.instances[ix(&m, "i-0a3000000000000a3")];
    assert_eq!(
        bastion.public_ip.map(|p| p.to_string()).as_deref(),
        Some("54.0.0.10")
    );
    assert!(
        m.lookup("i-0a4000000000000a4").is_none(),
        "terminated instances are skipped"
    );
    // A Lambda interface becomes a source/destination of its own.
    assert_eq!(
        m.instances[ix(&m, "eni-0a80000000000e008")].ip.to_string(),
        "10.0.2.50"
    );
    // Routes: peering, transit gateway (named by describe-transit-gateways), NAT.
    let t = &m.route_tables[ix(&m, RT_APP)];
    let targets: Vec<RouteTarget> = t.routes.iter().map(|r| r.target).collect();
    assert!(targets.contains(&RouteTarget::Peering(ix(&m, "pcx-0ab1234567890abcd"))));
    let tgw = ix(&m, "tgw-0c1234567890abcde");
    assert_eq!(m.gateways[tgw].kind, GatewayKind::Transit);
    assert!(targets.contains(&RouteTarget::Gateway(tgw)));
    assert_eq!(m.gateways[tgw].name, "core-tgw");
    // The blackhole route to a deleted NAT gateway is kept: it still drops 172.16.0.0/12, which
    // the default route would otherwise carry to the live NAT gateway.
    let gone = ix(&m, "nat-0dead567890abcdef");
    let bh = route_for(&m, RT_APP, "172.16.5.5".parse().unwrap()).unwrap();
    assert!(bh.blackhole);
    assert_eq!(bh.target, RouteTarget::Gateway(gone));
    assert!(
        m.gateways[gone].name.contains("deleted NAT gateway"),
        "{}",
        m.gateways[gone].name
    );
    // A propagated route from the virtual private gateway.
    let vgw = ix(&m, "vgw-0a1234567890abcde");
    assert_eq!(m.gateways[vgw].kind, GatewayKind::Vpn);
    let prop = route_for(&m, RT_APP, "10.50.1.1".parse().unwrap()).unwrap();
    assert_eq!(prop.target, RouteTarget::Gateway(vgw));
    assert_eq!(prop.origin, linkscope::model::RouteOrigin::Propagated);
    // The EC2 Instance Connect endpoint, with its address.
    let eice = &m.endpoints[ix(&m, "eice-0a1234567890abcde")];
    assert_eq!(eice.kind, linkscope::model::EndpointKind::InstanceConnect);
    assert_eq!(eice.enis[0].ip.to_string(), "10.0.1.5");
    assert!(!eice.preserve_client_ip);
    let p = &m.peerings[ix(&m, "pcx-0ab1234567890abcd")];
    assert!(p.active);
    assert_eq!(m.vpcs[p.peer_vpc].id, "vpc-0b1b2c3d4e5f6a702");
    // Subnets: explicit table and ACL associations.
    let s = &m.subnets[ix(&m, "subnet-0a11aa11aa11aa111")];
    assert_eq!(m.route_tables[s.route_table].id, RT_APP);
    assert_eq!(m.network_acls[s.network_acl].id, "acl-0a2222222222222a0");
    let acl = &m.network_acls[s.network_acl];
    // Rule 140 is IPv6 (`Ipv6CidrBlock ::/0`, tcp 443): imported like the others.
    assert_eq!(
        acl.inbound.iter().map(|r| r.rule).collect::<Vec<_>>(),
        [100, 110, 120, 140]
    );
    assert!(acl.inbound[3].cidr.addr().is_ipv6(), "{:?}", acl.inbound[3]);
    // The VPC's IPv6 block, and the ::/0 route to the egress-only gateway only a route names.
    let vpc = &m.vpcs[ix(&m, "vpc-0a1a2b3c4d5e6f701")];
    assert_eq!(
        vpc.ipv6_cidr.map(|n| n.to_string()).as_deref(),
        Some("2600:1f18:1234:5600::/56")
    );
    let eigw = ix(&m, "eigw-0a1234567890abcd");
    assert_eq!(m.gateways[eigw].kind, GatewayKind::EgressOnly);
    // Private hosted zone: records pointing at endpoint DNS names stand for the endpoints.
    let z = &m.hosted_zones[ix(&m, "Z0123456789CORPZONE1")];
    assert_eq!(z.name, "corp.internal");
    let rec = |n: &str| {
        z.records
            .iter()
            .find(|r| r.name == n)
            .unwrap_or_else(|| panic!("{n}: {:?}", z.records))
    };
    assert_eq!(
        rec("partner.corp.internal").values,
        [RecordValue::Endpoint(ix(&m, VPCE_PARTNER))]
    );
    assert_eq!(
        rec("ssm.corp.internal").values,
        [RecordValue::Endpoint(ix(&m, VPCE_SSM))]
    );
    assert!(z.records.iter().any(|r| r.name == "*.apps.corp.internal"));
    assert!(
        m.lookup("Z0123456789PUBZONE22").is_none(),
        "public zones are skipped"
    );
    let b = m.bucket("app-data").unwrap();
    assert!(b.declared && b.policy.is_some());
    assert_eq!(b.account.as_deref(), Some("111111111111"));
}

#[test]
fn what_is_not_modelled_is_skipped_and_counted() {
    let (imp, _) = org();
    let r = &imp.details;
    for (kind, n) in [
        // IPv6 ACL entries, routes and VPC blocks are imported (see
        // `instances_routes_dns_and_buckets`); IPv6-only subnets are not modelled.
        ("IPv6 network ACL entries", 0),
        ("IPv6 routes", 0),
        ("Gateway Load Balancer endpoints", 1),
        ("Local Zone and Wavelength Zone subnets", 1),
        ("IPv6-only subnets", 1),
        (
            "transit gateway attachments whose gateway is written as an exit (no attachment subnets captured: describe-transit-gateway-vpc-attachments)",
            1,
        ),
        ("terminated instances", 1),
        ("public hosted zones", 1),
        ("unrecognised files", 1),
        (
            "instance roles not derivable (profile not in iam list-instance-profiles)",
            1,
        ),
        (
            "security group rules referencing groups not captured (other accounts or VPCs)",
            1,
        ),
        (
            "network ACL entries for protocols other than TCP, UDP, ICMP (not traced)",
            1,
        ),
        ("load balancers not behind a captured endpoint service", 1),
        (
            "endpoint services whose load balancer was not captured (elbv2 describe-load-balancers)",
            1,
        ),
    ] {
        assert_eq!(r.skipped_count(kind), n, "{kind}: {:#?}", r.skipped);
    }
    assert!(r.skipped["unrecognised files"].examples[0].contains("describe-key-pairs.json"));
    // The header says where the model came from and what was skipped.
    assert!(
        imp.yaml
            .starts_with("# Imported by linkscope from AWS CLI captures in org.")
    );
    assert!(imp.yaml.contains("#   IPv6-only subnets: 1"));
}

#[test]
fn files_are_recognised_by_content_not_name() {
    let imp = import_ok(&fixture("flat"));
    let m = load(&imp);
    assert_eq!(imp.details.files_read, 10);
    assert_eq!(imp.details.files_used, 10);
    assert!(m.lookup(VPCE_SSM).is_some() && m.lookup("i-0a1000000000000a1").is_some());
    // No folder names an account: the owner comes from the captures themselves.
    assert_eq!(m.accounts[0].id, "111111111111");
    // Without the provider's captures the endpoint service is unknown, and said so.
    assert!(
        imp.details
            .notes
            .iter()
            .any(|n| n.contains(VPCE_PARTNER) && n.contains("provider side was not captured"))
    );
    // Without list-instance-profiles no role is guessed from a profile's name; that is counted.
    assert_eq!(m.instances[ix(&m, "i-0a1000000000000a1")].role, None);
    assert_eq!(
        imp.details.skipped_count(
            "instance roles not derivable (iam list-instance-profiles not captured)"
        ),
        2
    );
}

#[test]
fn generated_yaml_is_readable() {
    let (imp, _) = org();
    let y = &imp.yaml;
    // Grouped by VPC, AWS ids kept, names from Name tags, rules one per line.
    assert!(
        y.contains("  - id: vpc-0a1a2b3c4d5e6f701\n    name: app\n    account: \"111111111111\"\n"),
        "{y}"
    );
    assert!(
        y.contains("- { rule: 110, protocol: tcp, ports: 443, cidr: 10.0.0.0/16, action: allow }"),
        "{y}"
    );
    assert!(y.contains("- { protocol: tcp, ports: 443, from: sg-0a2222222222222a0, description: \"HTTPS from app\" }"), "{y}");
    assert!(
        y.contains(
            "ips: { subnet-0a11aa11aa11aa111: 10.0.1.100, subnet-0a22bb22bb22bb222: 10.0.2.100 }"
        ),
        "{y}"
    );
    // The same import twice is the same text.
    assert_eq!(import_ok(&fixture("org")).yaml, *y);
}

// ---- errors and edge cases

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "describe-vpcs.json",
        "{\n    \"Vpcs\": [\n        {\"VpcId\": \"vpc-1\",}\n    ]\n}\n",
    );
    let errs = import::import_dir(tmp.path()).unwrap_err();
    assert_eq!(errs.len(), 1);
    let d = &errs[0];
    assert_eq!(d.code, "BAD_JSON");
    assert!(
        d.file.as_deref().unwrap().ends_with("describe-vpcs.json"),
        "{d:?}"
    );
    assert_eq!((d.line, d.column), (Some(3), Some(27)), "{d}");
    assert!(
        d.location().ends_with("describe-vpcs.json:3:27"),
        "{}",
        d.location()
    );
}

#[test]
fn empty_unknown_and_non_object_files_are_skipped_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-1", "OwnerId": "123456789012", "CidrBlock": "10.9.0.0/16"}]}"#,
    );
    write(tmp.path(), "empty.json", "  \n");
    write(tmp.path(), "list.json", r#"[{"Name": "x"}]"#);
    write(
        tmp.path(),
        "keys.json",
        r#"{"KeyPairs": [], "NextToken": "x"}"#,
    );
    write(tmp.path(), "odd.json", r#"{"Subnets": [{"SubnetId": 7}]}"#);
    let imp = import_ok(tmp.path());
    let r = &imp.details;
    assert_eq!(
        r.skipped_count("empty files (a command that printed nothing)"),
        1
    );
    assert_eq!(r.skipped_count("unrecognised files (not a JSON object)"), 1);
    assert_eq!(r.skipped_count("unrecognised files"), 1);
    assert_eq!(r.skipped_count("unreadable subnets entries"), 1);
    let m = load(&imp);
    assert_eq!(m.vpcs.len(), 1);
    assert_eq!(m.region, "us-east-1");
}

#[test]
fn folders_that_cannot_be_imported_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        import::import_dir(tmp.path()).unwrap_err()[0].code,
        "IMPORT_EMPTY"
    );
    write(tmp.path(), "a.json", r#"{"Something": 1}"#);
    assert_eq!(
        import::import_dir(tmp.path()).unwrap_err()[0].code,
        "IMPORT_NOTHING_RECOGNISED"
    );
    assert_eq!(
        import::import_dir(&tmp.path().join("missing")).unwrap_err()[0].code,
        "IMPORT_UNREADABLE"
    );
}

#[test]
fn hostile_names_round_trip_through_the_yaml() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}[31m \"quoted\" # not a comment: {x}\n- id: injected";
    let vpcs = serde_json::json!({"Vpcs": [{"VpcId": "vpc-1", "OwnerId": "123456789012", "CidrBlock": "10.9.0.0/16",
        "Tags": [{"Key": "Name", "Value": name}]}]});
    write(tmp.path(), "v.json", &vpcs.to_string());
    let imp = import_ok(tmp.path());
    let m = load(&imp);
    assert_eq!(m.vpcs[0].name, name);
    assert_eq!(m.vpcs.len(), 1);
}

#[test]
fn load_path_and_a_folder_give_the_same_model() {
    let m =
        linkscope::open::open(&fixture("org")).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(m.vpcs.len(), 2);
    assert!(m.lookup(VPCE_SSM).is_some());
}

// ---- public real captures (../shared/real-data), when present

fn real_data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-data");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

#[test]
fn real_captures_import_and_load() {
    let Some(root) = real_data() else { return };
    for dir in [
        "batfish/test-vpc-endpoint-gateway/aws_configs",
        "batfish/test-vpc-endpoint-interface/aws_configs",
        "cloudmapper-demo",
        "aws-cli-examples/json",
    ] {
        let d = root.join(dir);
        if !d.is_dir() {
            eprintln!("skipped: {} is absent", d.display());
            continue;
        }
        let imp = import_ok(&d);
        load(&imp);
    }
}

#[test]
fn batfish_gateway_capture_matches_its_asserted_topology() {
    use linkscope::model::RouteTarget;
    let Some(root) = real_data() else { return };
    let d = root.join("batfish/test-vpc-endpoint-gateway/aws_configs");
    if !d.is_dir() {
        return;
    }
    let m = load(&import_ok(&d));
    let e = ix(&m, "vpce-0b7357542bb7b83ec");
    assert_eq!(m.endpoints[e].route_tables.len(), 2);
    // A2: from the public subnet an S3 address takes the endpoint, not the internet gateway.
    let via = route_for(
        &m,
        "rtb-0efde4139784b75b0",
        "52.216.237.77".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(via.target, RouteTarget::Endpoint(e));
    let via = route_for(&m, "rtb-0efde4139784b75b0", "54.222.57.1".parse().unwrap()).unwrap();
    assert_eq!(
        via.target,
        RouteTarget::Gateway(ix(&m, "igw-0c8afe4471084ccba"))
    );
    // A3: from the private subnet other addresses have no route.
    assert!(route_for(&m, "rtb-04f71fc2caa8d94cf", "54.222.57.1".parse().unwrap()).is_none());
    assert_eq!(
        m.instances[ix(&m, "i-0464d440ca0ee9e34")]
            .public_ip
            .map(|p| p.to_string())
            .as_deref(),
        Some("18.206.223.222")
    );
}

#[test]
fn batfish_interface_capture_matches_its_asserted_topology() {
    let Some(root) = real_data() else { return };
    let d = root.join("batfish/test-vpc-endpoint-interface/aws_configs");
    if !d.is_dir() {
        return;
    }
    let imp = import_ok(&d);
    let m = load(&imp);
    let e = &m.endpoints[ix(&m, "vpce-083c683a6be29b889")];
    assert!(e.private_dns);
    assert_eq!(e.enis[0].ip.to_string(), "10.1.101.97");
    assert_eq!(
        m.security_groups[e.security_groups[0]].id,
        "sg-0973207c61f3466e1"
    );
    assert_eq!(
        m.instances[ix(&m, "i-0a0fbd0cfa774970f")].ip.to_string(),
        "10.1.101.63"
    );
    assert_eq!(
        m.instances[ix(&m, "i-0eb6eb395a0d09117")].ip.to_string(),
        "10.1.1.88"
    );
    // B3: private DNS needs both attributes; not captured, so inferred from the endpoint.
    let v = &m.vpcs[ix(&m, "vpc-072d45b801aeffef2")];
    assert!(v.dns_support && v.dns_hostnames);
    assert_eq!(m.accounts[0].zones["us-east-1a"], "use1-az2");
    // B4: tcp/80 to the endpoint's interface is dropped by the interface's security group,
    // before the service's port is looked at (TRACE.md, order of the checks).
    let t = linkscope::engine::trace(
        &m,
        "i-0eb6eb395a0d09117",
        "tcp://10.1.101.97:80",
        &Default::default(),
    )
    .expect("traced");
    assert_eq!(t.reason_code(), Some("SG_INBOUND_DENY"), "{:#?}", t.steps);
    assert_eq!(
        t.path,
        Some(linkscope::engine::PathKind::InterfaceEndpoint),
        "the path is known before the failure"
    );
}

// ---- traces through the imported model (TRACE.md). Until the engine lands, `trace` is
// scaffolding that answers every query the same way; these then check nothing and say so.

fn trace(m: &Model, from: &str, to: &str, port: Option<u16>) -> Option<linkscope::engine::Trace> {
    let opts = linkscope::engine::QueryOptions {
        port,
        ..Default::default()
    };
    let t = linkscope::engine::trace(m, from, to, &opts)
        .unwrap_or_else(|e| panic!("{from} -> {to}: {e}"));
    if t.summary == "scaffolding" {
        eprintln!("skipped: the trace engine is not built yet");
        return None;
    }
    Some(t)
}

#[test]
fn trace_s3_takes_the_gateway_endpoint_not_the_nat_gateway() {
    use linkscope::engine::{PathKind, StepKind};
    let (_, m) = org();
    let Some(t) = trace(
        &m,
        "i-0a1000000000000a1",
        "s3://app-data/reports/1.csv",
        None,
    ) else {
        return;
    };
    assert_eq!(t.path, Some(PathKind::GatewayEndpoint), "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(VPCE_S3), "{t:#?}");
    let route = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Route)
        .expect("a route step");
    assert!(route.objects.iter().any(|o| o == VPCE_S3), "{route:#?}");
    // Elsewhere on the internet the default route's NAT gateway carries it.
    let Some(t) = trace(&m, "i-0a1000000000000a1", "8.8.8.8", None) else {
        return;
    };
    assert_eq!(t.path, Some(PathKind::NatInternet), "{t:#?}");
}

#[test]
fn trace_reaches_the_interface_endpoint_by_its_private_dns_name() {
    use linkscope::engine::{PathKind, StepKind, Verdict};
    let (_, m) = org();
    let Some(t) = trace(
        &m,
        "i-0a1000000000000a1",
        "https://ssm.us-east-1.amazonaws.com",
        None,
    ) else {
        return;
    };
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.path, Some(PathKind::InterfaceEndpoint), "{t:#?}");
    assert_eq!(t.via.as_deref(), Some(VPCE_SSM), "{t:#?}");
    let dns = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Dns)
        .expect("a dns step");
    assert_eq!(
        dns.facts.get("answered_by").and_then(|v| v.as_str()),
        Some("endpoint-private-dns"),
        "{dns:#?}"
    );
    // The answer in the source's own AZ (us-east-1a).
    assert_eq!(
        dns.facts.get("chosen").and_then(|v| v.as_str()),
        Some("10.0.1.100"),
        "{dns:#?}"
    );
}

#[test]
fn imported_endpoints_keep_aws_dns_names() {
    // AWS's random suffix is kept (MODEL.md dns_suffix), so the names a user copies from the
    // console resolve in the imported model.
    let (_, m) = org();
    let e = m
        .endpoints
        .iter()
        .find(|e| e.id == "vpce-0a2222222222222c2")
        .expect("the ssm endpoint");
    assert_eq!(
        e.regional_dns.as_deref(),
        Some("vpce-0a2222222222222c2-k2j3h4g5.ssm.us-east-1.vpce.amazonaws.com")
    );
    let Some(t) = trace(
        &m,
        "i-0a1000000000000a1",
        "https://vpce-0a2222222222222c2-k2j3h4g5-us-east-1a.ssm.us-east-1.vpce.amazonaws.com",
        None,
    ) else {
        return;
    };
    let dns = t
        .steps
        .iter()
        .find(|s| s.kind == linkscope::engine::StepKind::Dns)
        .unwrap();
    assert_eq!(
        dns.facts.get("answered_by").and_then(|v| v.as_str()),
        Some("endpoint-dns"),
        "{dns:#?}"
    );
}

#[test]
fn trace_is_blocked_by_the_endpoint_security_group_on_another_port() {
    use linkscope::engine::Verdict;
    let (_, m) = org();
    // The partner's load balancer listens on 443 and 8443; the consumer's endpoint group
    // lets only 443 in.
    let from = "i-0a2000000000000a2";
    let Some(t) = trace(&m, from, VPCE_PARTNER, Some(8443)) else {
        return;
    };
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("SG_INBOUND_DENY"), "{t:#?}");
    let failing = t.steps.last().unwrap();
    assert!(
        failing.objects.iter().any(|o| o == SG_ENDPOINTS),
        "{failing:#?}"
    );
    let Some(t) = trace(&m, from, VPCE_PARTNER, Some(443)) else {
        return;
    };
    assert_ne!(t.reason_code(), Some("SG_INBOUND_DENY"), "{t:#?}");
}

/// A service the model adds to the catalogue leaves as AWS's `describe-vpc-endpoint-services`
/// shows it (offered zones, private DNS names, policy support) and comes back the same.
#[test]
fn a_service_added_to_the_catalogue_survives_export_and_import() {
    let yaml = r#"
linkscope: 1
name: custom service
region: us-east-1
accounts:
  - id: "111111111111"
    name: a
    zones: { us-east-1a: use1-az1, us-east-1b: use1-az2, us-east-1c: use1-az4 }
services:
  - name: com.amazonaws.us-east-1.example-svc
    dns: example-svc.us-east-1.amazonaws.com
    types: [interface]
    policy_supported: false
    private_dns_names: [example-svc.us-east-1.amazonaws.com]
    missing_zone_ids: [use1-az2]
vpcs:
  - id: vpc-c
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    dns_hostnames: true
    subnets:
      - { id: sn-c-a, zone: us-east-1a, cidr: 10.0.1.0/24 }
    security_groups:
      - id: sg-open
        inbound: [ { protocol: all, from: 10.0.0.0/8 } ]
    instances:
      - { id: i-c, subnet: sn-c-a, ip: 10.0.1.10, security_groups: [sg-open] }
    endpoints:
      - { id: vpce-ex, type: interface, service: com.amazonaws.us-east-1.example-svc, subnets: [sn-c-a], security_groups: [sg-open] }
expectations:
  - { from: i-c, to: https://example-svc.us-east-1.amazonaws.com, expect: allowed, via: vpce-ex }
"#;
    let name = "com.amazonaws.us-east-1.example-svc";
    let m = model::load_str(yaml, "custom.yaml", None)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("custom");
    export::write_dir(&m, &dir).unwrap();

    let file = dir.join("111111111111/us-east-1/describe-vpc-endpoint-services.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("the service's capture"))
            .unwrap();
    let details = doc["ServiceDetails"].as_array().unwrap();
    assert_eq!(
        details.len(),
        1,
        "only the added service, not the built-in ones: {doc:#}"
    );
    let d = &details[0];
    assert_eq!(d["ServiceName"], name);
    assert_eq!(
        d["ServiceType"],
        serde_json::json!([{ "ServiceType": "Interface" }])
    );
    // use1-az2 (us-east-1b) does not offer the service.
    assert_eq!(
        d["AvailabilityZones"],
        serde_json::json!(["us-east-1a", "us-east-1c"])
    );
    assert_eq!(d["VpcEndpointPolicySupported"], false);
    assert_eq!(
        d["PrivateDnsNames"],
        serde_json::json!([{ "PrivateDnsName": "example-svc.us-east-1.amazonaws.com" }])
    );

    let again = load(&import_ok(&dir));
    let s = again
        .catalogue
        .service(name)
        .expect("the service comes back");
    let before = m.catalogue.service(name).unwrap();
    assert_eq!(s.types, before.types);
    assert_eq!(s.private_dns_names, before.private_dns_names);
    assert_eq!(s.policy_supported, before.policy_supported);
    assert_eq!(s.missing_zone_ids, vec!["use1-az2".to_string()]);
}
