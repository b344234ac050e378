//! Route 53 Resolver in the model (issue 12): endpoints, rules, VPC DNS servers and sites' DNS
//! load into the model, and wrong references are located errors with a suggestion.

use linkscope::model::{self, ResolverDirection, ResolverRuleKind};
use std::net::Ipv4Addr;

const BASE: &str = r#"linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" } ]
vpcs:
  - id: vpc-hub
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    dns_servers: [AmazonProvidedDNS]
    subnets:
      - { id: subnet-hub-a, zone: us-east-1a, cidr: 10.0.20.0/24 }
      - { id: subnet-hub-b, zone: us-east-1b, cidr: 10.0.21.0/24 }
    security_groups:
      - id: sg-resolver
        inbound: [ { protocol: udp, ports: 53, from: 192.168.0.0/16 } ]
  - id: vpc-app
    account: "111111111111"
    cidrs: [10.1.0.0/16]
    dns_servers: [192.168.1.53]
networks:
  - id: dc1
    cidrs: [192.168.0.0/16]
    hosts:
      - { id: dns-dc1, ip: 192.168.1.53 }
    dns:
      server: dns-dc1
      forward:
        - { domain: amazonaws.com., to: [10.0.20.10, 10.0.21.10] }
      zones:
        - name: corp.example.com
          records: [ { name: db.corp.example.com, type: A, values: [192.168.5.5] } ]
resolver_endpoints:
  - id: rslvr-in
    direction: inbound
    vpc: vpc-hub
    subnets: [subnet-hub-a, subnet-hub-b]
    ips: { subnet-hub-a: 10.0.20.10, subnet-hub-b: [10.0.21.10] }
    security_groups: [sg-resolver]
  - id: rslvr-out
    direction: outbound
    vpc: vpc-hub
    subnets: [subnet-hub-a, subnet-hub-b]
resolver_rules:
  - id: rr-corp
    domain: Corp.Example.com.
    type: forward
    endpoint: rslvr-out
    targets: [192.168.1.53, "192.168.1.54:5353"]
    vpcs: [vpc-hub, vpc-app]
  - id: rr-sys
    domain: aws.corp.example.com
    type: system
    vpcs: [vpc-hub]
"#;

#[test]
fn resolver_sections_load_into_the_model() {
    let m = model::load_str(BASE, "m.yaml", None).expect("loads");
    // vpc-hub has no route to the data centre: the one warning is that (RSLV-10).
    let codes: Vec<&str> = m.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["FORWARD_TARGET_UNREACHABLE"], "{:?}", m.warnings);
    let inb = &m.resolver_endpoints[0];
    assert_eq!(inb.direction, ResolverDirection::Inbound);
    let ips: Vec<Ipv4Addr> = inb.ips.iter().map(|x| x.1).collect();
    assert_eq!(
        ips,
        [
            "10.0.20.10".parse::<Ipv4Addr>().unwrap(),
            "10.0.21.10".parse().unwrap()
        ]
    );
    assert_eq!(inb.security_groups.len(), 1);
    // The outbound endpoint gets the first free address of each subnet.
    let out: Vec<String> = m.resolver_endpoints[1]
        .ips
        .iter()
        .map(|x| x.1.to_string())
        .collect();
    assert_eq!(out, ["10.0.20.4", "10.0.21.4"]);
    let r = &m.resolver_rules[0];
    assert_eq!(
        (r.kind, r.domain.as_str()),
        (ResolverRuleKind::Forward, "corp.example.com")
    );
    assert_eq!(r.endpoint, Some(1));
    assert_eq!(r.targets[1], ("192.168.1.54".parse().unwrap(), 5353));
    assert_eq!(r.vpcs, [0, 1]);
    assert_eq!(m.resolver_rules[1].kind, ResolverRuleKind::System);
    assert!(
        m.vpcs[0].dns_servers.is_empty(),
        "AmazonProvidedDNS is the default"
    );
    assert_eq!(
        m.vpcs[1].dns_servers,
        ["192.168.1.53".parse::<Ipv4Addr>().unwrap()]
    );
    let dns = m.networks[0].dns.as_ref().expect("site dns");
    assert_eq!(m.hosts[dns.server].id, "dns-dc1");
    assert_eq!(dns.forward[0].0, "amazonaws.com");
    assert_eq!(dns.zones[0].1[0].0, "db.corp.example.com");
}

/// The first error with `code`, as (line, column, help).
fn error(text: &str, code: &str) -> (Option<usize>, Option<usize>, String) {
    let e = model::load_str(text, "m.yaml", None).expect_err("must not load");
    let d = e
        .errors()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {e}"));
    (d.line, d.column, d.help.clone().unwrap_or_default())
}

#[test]
fn a_mistyped_outbound_endpoint_is_located_with_a_suggestion() {
    let text = BASE.replace("endpoint: rslvr-out", "endpoint: rslvr-outt");
    let (line, col, help) = error(&text, "UNKNOWN_REFERENCE");
    assert_eq!((line, col), (Some(46), Some(15)));
    assert!(help.contains("rslvr-out"), "{help}");
}

#[test]
fn a_rule_through_an_inbound_endpoint_is_refused() {
    let text = BASE.replace("endpoint: rslvr-out", "endpoint: rslvr-in");
    let (line, _, help) = error(&text, "UNKNOWN_REFERENCE");
    assert_eq!(line, Some(46));
    assert!(help.contains("outbound"), "{help}");
}

#[test]
fn unknown_subnets_vpcs_and_site_servers_are_located() {
    let text = BASE.replace(
        "subnets: [subnet-hub-a, subnet-hub-b]\n    ips",
        "subnets: [subnet-hub-x, subnet-hub-b]\n    ips",
    );
    let (line, col, help) = error(&text, "UNKNOWN_REFERENCE");
    assert_eq!((line, col), (Some(35), Some(15)));
    assert!(help.contains("subnet-hub-a"), "{help}");

    let text = BASE.replace("vpcs: [vpc-hub, vpc-app]", "vpcs: [vpc-hub, vpc-ap]");
    let (line, _, help) = error(&text, "UNKNOWN_REFERENCE");
    assert_eq!(line, Some(48));
    assert!(help.contains("vpc-app"), "{help}");

    let text = BASE.replace("server: dns-dc1", "server: dns-dc");
    let (line, col, help) = error(&text, "UNKNOWN_REFERENCE");
    assert_eq!((line, col), (Some(25), Some(15)));
    assert!(help.contains("dns-dc1"), "{help}");
}

#[test]
fn endpoint_addresses_and_rule_shapes_are_checked() {
    let text = BASE.replace("subnet-hub-a: 10.0.20.10", "subnet-hub-a: 10.0.99.10");
    assert_eq!(error(&text, "IP_OUTSIDE_SUBNET").0, Some(36));
    let text = BASE.replace("direction: outbound", "direction: outward");
    assert_eq!(error(&text, "BAD_ENUM").0, Some(39));
    let text = BASE.replace("type: system", "type: recursive");
    assert_eq!(error(&text, "BAD_ENUM").0, Some(51));
    let text = BASE.replace(
        "dns_servers: [192.168.1.53]",
        "dns_servers: [192.168.1.533]",
    );
    assert_eq!(error(&text, "BAD_IP").0, Some(18));
}
