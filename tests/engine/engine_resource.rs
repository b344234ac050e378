//! Resource endpoints (issue 17, rule book ES-26..ES-32): a consumer reaches a resource by IP
//! or domain name through a resource endpoint, a resource configuration shared through AWS RAM
//! and the provider's resource gateway; each way it fails names its code and rule.

use crate::common::*;
use linkscope::engine::{QueryOptions, Status, StepKind, Trace};

const MODEL: &str = "tests/models/trace/resource.yaml";

fn tr_port(m: &linkscope::model::Model, from: &str, to: &str, port: u16) -> Trace {
    let o = QueryOptions {
        port: Some(port),
        ..Default::default()
    };
    tr_with(m, from, to, &o)
}

#[test]
fn the_resource_sees_the_gateway_address_of_the_endpoint_zone() {
    let m = load(MODEL);
    let t = tr_port(&m, "i-a", "vpce-db", 5432);
    expect(&t, true, None, Some("vpce-db"));
    // Packet order: DNS, the endpoint interface, its group, the configuration, the gateway's
    // group, the ACLs, the resource's group, delivery.
    let kinds: Vec<StepKind> = t.steps.iter().map(|s| s.kind).collect();
    let pos = |k: StepKind| kinds.iter().position(|&x| x == k).expect("step");
    assert!(pos(StepKind::Dns) < pos(StepKind::Endpoint));
    assert!(pos(StepKind::Endpoint) < pos(StepKind::EndpointService));
    let d = last(&t);
    assert_eq!(d.kind, StepKind::Delivery);
    // i-a is in use1-az1: the gateway's interface there, with the address the model gives.
    assert_eq!(fact(d, "seen_source_ip"), "10.9.1.5");
    assert_eq!(fact(d, "resource_gateway"), "rgw-main");
    assert_eq!(fact(d, "destination"), "10.9.3.10");
    assert!(d.rules.iter().any(|r| r == "ES-30"));
    assert!(d.objects.iter().any(|o| o == "db-1"), "{:?}", d.objects);
    // i-b is in use1-az2: the gateway's other interface (derived address in sn-gw-b).
    let t = tr_port(&m, "i-b", "vpce-db", 5432);
    let seen = fact(last(&t), "seen_source_ip")
        .as_str()
        .expect("an address");
    assert!(seen.starts_with("10.9.2."), "{seen}");
    // The resource's group admits the gateway's group, checked with the gateway's address.
    let sg = steps(&t, StepKind::SecurityGroup);
    assert!(
        sg.iter().any(|s| s.rules.iter().any(|r| r == "ES-29")),
        "the gateway's outbound step"
    );
    assert!(
        sg.iter().any(|s| s.rules.iter().any(|r| r == "ES-30")),
        "the resource's inbound step"
    );
}

#[test]
fn the_configuration_step_names_owner_share_and_ports() {
    let m = load(MODEL);
    let t = tr_port(&m, "i-a", "vpce-db", 5432);
    let s = step(&t, StepKind::EndpointService);
    assert_eq!(fact(s, "resource_configuration"), "rcfg-db");
    assert_eq!(fact(s, "owner_account"), "222222222222");
    assert_eq!(fact(s, "consumer_account"), "111111111111");
    assert_eq!(fact(s, "port_ranges"), "5432");
    assert!(
        s.title.contains("shared with account 111111111111"),
        "{}",
        s.title
    );
    let e = step(&t, StepKind::Endpoint);
    assert_eq!(fact(e, "type"), "resource");
}

#[test]
fn each_way_it_fails_leads_with_its_rule() {
    let m = load(MODEL);
    let cases = [
        ("vpce-private", 5432, "RESOURCE_NOT_SHARED", "ES-26"),
        ("vpce-db", 22, "RESOURCE_PORT_NOT_ALLOWED", "ES-28"),
        ("vpce-locked", 5432, "SG_OUTBOUND_DENY", "SG-2"),
        ("vpce-ghost", 5432, "UNREACHABLE_TARGET", "ES-28"),
    ];
    for (to, port, code, rule) in cases {
        let t = tr_port(&m, "i-a", to, port);
        expect(&t, false, Some(code), Some(to));
        let s = last(&t);
        assert_eq!(s.status, Status::Fail);
        assert_eq!(
            s.rules.first().map(String::as_str),
            Some(rule),
            "{to}: {:?}",
            s.rules
        );
    }
    // The locked gateway's step names ES-29 too.
    let t = tr_port(&m, "i-a", "vpce-locked", 5432);
    assert!(last(&t).rules.iter().any(|r| r == "ES-29"));
    assert!(last(&t).title.contains("rgw-locked"), "{}", last(&t).title);
}

#[test]
fn a_domain_resource_is_delivered_to_the_gateway_with_the_name() {
    let m = load(MODEL);
    let t = tr_port(&m, "i-b", "vpce-api", 8080);
    expect(&t, true, None, Some("vpce-api"));
    let d = last(&t);
    assert_eq!(
        fact(d, "destination"),
        "domain name api.internal.example.com"
    );
    assert!(d.detail.contains("ES-31"), "{}", d.detail);
    assert!(d.detail.contains("not checked"), "{}", d.detail);
    assert!(
        t.summary.contains("through resource endpoint vpce-api"),
        "{}",
        t.summary
    );
}

#[test]
fn the_endpoint_name_is_a_lattice_name() {
    let m = load(MODEL);
    let e = m
        .endpoints
        .iter()
        .find(|e| e.id == "vpce-db")
        .expect("vpce-db");
    let name = e.regional_dns.as_deref().expect("a name");
    assert!(name.starts_with("vpce-db-"), "{name}");
    assert!(
        name.ends_with(".rcfg-db.vpc-lattice-rsc.us-east-1.on.aws"),
        "{name}"
    );
    assert!(e.zonal_dns.is_empty());
    assert!(!e.private_dns);
}

#[test]
fn resource_model_errors_are_located() {
    let base = "linkscope: 1\naccounts: [{ id: \"111111111111\" }]\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: s1, zone: us-east-1a, cidr: 10.0.1.0/24 }\n    endpoints:\n      - { id: vpce-x, type: resource, subnets: [s1], EP }\nresource_gateways:\n  - { id: rgw-a, vpc: vpc-a, subnets: [s1] }\nresource_configurations:\n  - { id: rcfg-db, resource_gateway: rgw-a, CFG }\n";
    let first = |ep: &str, cfg: &str| {
        let e =
            linkscope::model::load_str(&base.replace("EP", ep).replace("CFG", cfg), "m.yaml", None)
                .expect_err("invalid");
        let d = e.errors().next().expect("an error").clone();
        (d.code.clone(), d.line, d.help.clone().unwrap_or_default())
    };
    let (code, line, help) = first("resource_configuration: rcfg-bd", "ip: 10.0.1.50");
    assert_eq!((code.as_str(), line), ("UNKNOWN_REFERENCE", Some(10)));
    assert!(help.contains("rcfg-db"), "did you mean: {help}");
    let (code, line, _) = first("service: s3", "ip: 10.0.1.50");
    assert_eq!((code.as_str(), line), ("WRONG_ENDPOINT_FIELD", Some(10)));
    let (code, line, _) = first(
        "resource_configuration: rcfg-db",
        "type: group, ip: 10.0.1.50",
    );
    assert_eq!((code.as_str(), line), ("NOT_MODELLED", Some(14)));
    let (code, line, _) = first(
        "resource_configuration: rcfg-db",
        "port_ranges: \"22-x\", ip: 10.0.1.50",
    );
    assert_eq!((code.as_str(), line), ("BAD_PORTS", Some(14)));
    let (code, line, _) = first("resource_configuration: rcfg-db", "port_ranges: \"5432\"");
    assert_eq!((code.as_str(), line), ("MISSING_FIELD", Some(14)));
    let (code, line, _) = first(
        "resource_configuration: rcfg-db",
        "ip: 10.0.1.50, domain: db.example.com",
    );
    assert_eq!((code.as_str(), line), ("BAD_VALUE", Some(14)));
}

#[test]
fn resource_ids_must_be_unique() {
    let yaml = "linkscope: 1\naccounts: [{ id: \"111111111111\" }]\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: s1, zone: us-east-1a, cidr: 10.0.1.0/24 }\nresource_gateways:\n  - { id: rgw-a, vpc: vpc-a, subnets: [s1] }\n  - { id: s1, vpc: vpc-a, subnets: [s1] }\nresource_configurations:\n  - { id: rgw-a, resource_gateway: rgw-a, ip: 10.0.1.50 }\n";
    let e = linkscope::model::load_str(yaml, "m.yaml", None).expect_err("duplicates");
    let lines: Vec<(String, Option<usize>)> =
        e.errors().map(|d| (d.code.clone(), d.line)).collect();
    assert_eq!(
        lines,
        vec![
            ("DUPLICATE_ID".to_string(), Some(11)),
            ("DUPLICATE_ID".to_string(), Some(13))
        ]
    );
}
