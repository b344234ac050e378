//! Security groups (§6) and network ACLs (§7): group references, prefix lists, stateless
//! replies on the ephemeral port, no evaluation inside one subnet.

use crate::common::*;
use linkscope::engine::{QueryOptions, Status, StepKind};

const MODEL: &str = "tests/models/trace/filters.yaml";

#[test]
fn filter_table() {
    let m = load(MODEL);
    // (from, to, allowed, reason, the failing/deciding step kind)
    let cases: &[(&str, &str, bool, Option<&str>)] = &[
        // SG-5: a rule naming sg-db matches i-db's private address.
        ("i-app", "tcp://10.0.2.10:5432", true, None),
        // ... and not i-db-cidr, which is in another group: no outbound rule (SG-2).
        (
            "i-app",
            "tcp://10.0.2.11:5432",
            false,
            Some("SG_OUTBOUND_DENY"),
        ),
        // An empty outbound list allows nothing (SG-2, D-5 only when omitted).
        (
            "i-mute",
            "tcp://10.0.2.10:5432",
            false,
            Some("SG_OUTBOUND_DENY"),
        ),
        // sg-db admits members of sg-app only.
        (
            "i-other",
            "tcp://10.0.2.10:5432",
            false,
            Some("SG_INBOUND_DENY"),
        ),
        // The first matching ACL rule (90, deny) wins over a later allow (NACL-3).
        (
            "i-app-high",
            "tcp://10.0.2.10:5432",
            false,
            Some("NACL_INBOUND_DENY"),
        ),
        // A custom ACL without outbound rules denies (NACL-6).
        (
            "i-strict",
            "tcp://10.0.2.10:5432",
            false,
            Some("NACL_OUTBOUND_DENY"),
        ),
        // Replies to 50000 are outside 32768-40000 (NACL-2, NACL-7).
        (
            "i-app",
            "tcp://10.0.4.10:5432",
            false,
            Some("NACL_RETURN_DENY"),
        ),
    ];
    for (from, to, allowed, reason) in cases {
        let t = tr(&m, from, to);
        expect(&t, *allowed, *reason, None);
    }
}

#[test]
fn deciding_rules_are_in_the_facts() {
    let m = load(MODEL);
    let t = tr(&m, "i-app-high", "tcp://10.0.2.10:5432");
    let acl = last(&t);
    assert_eq!(acl.kind, StepKind::NetworkAcl);
    assert_eq!(fact(acl, "acl"), "acl-db");
    assert_eq!(fact(acl, "direction"), "inbound");
    assert_eq!(fact(acl, "rule"), "90");
    assert_eq!(fact(acl, "action"), "deny");
    let t = tr(&m, "i-strict", "tcp://10.0.2.10:5432");
    assert_eq!(fact(last(&t), "rule"), "*");
    let t = tr(&m, "i-app", "tcp://10.0.2.10:5432");
    let sgs = steps(&t, StepKind::SecurityGroup);
    assert_eq!(fact(sgs[0], "direction"), "outbound");
    assert_eq!(fact(sgs[0], "group"), "sg-app");
    assert_eq!(fact(sgs[0], "rule"), "tcp 5432 to members of sg-db");
    assert_eq!(fact(sgs[1], "direction"), "inbound");
    assert_eq!(fact(sgs[1], "rule"), "tcp 5432 from members of sg-app");
    let ret = steps(&t, StepKind::NetworkAcl)
        .into_iter()
        .find(|s| fact(s, "direction") == "return")
        .expect("return step");
    assert_eq!(fact(ret, "ephemeral_port"), 50000);
    assert_eq!(fact(ret, "crossings").as_array().unwrap().len(), 2);
}

#[test]
fn source_port_override_changes_the_return_verdict() {
    let m = load(MODEL);
    let o = QueryOptions {
        source_port: Some(33000),
        ..Default::default()
    };
    let t = tr_with(&m, "i-app", "tcp://10.0.4.10:5432", &o);
    expect(&t, true, None, None);
}

#[test]
fn acls_are_not_evaluated_inside_one_subnet() {
    // Two instances in sn-strict-out, whose ACL denies all outbound: NACL-5.
    let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/trace/filters.yaml"))
        .unwrap()
        .replace("      - { id: i-neighbour,", "      - { id: i-strict-2, subnet: sn-strict-out, ip: 10.0.3.20, security_groups: [sg-db] }\n      - { id: i-neighbour,");
    let m = model(&yaml);
    let t = tr(&m, "i-strict", "tcp://10.0.3.20:5432");
    expect(&t, true, None, None);
    let acl = step(&t, StepKind::NetworkAcl);
    assert_eq!(acl.status, Status::Info);
    assert!(acl.rules.iter().any(|r| r == "NACL-5"));
    assert!(
        !t.steps
            .iter()
            .any(|s| s.kind == StepKind::NetworkAcl && s.status != Status::Info)
    );
}

const PL_MODEL: &str = r#"
linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" } ]
prefix_lists:
  - { id: pl-corp, name: corp, cidrs: [10.0.1.0/24] }
vpcs:
  - id: vpc-x
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    subnets:
      - { id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24, route_table: rtb-a }
      - { id: sn-b, zone: us-east-1a, cidr: 10.0.2.0/24 }
    route_tables:
      - { id: rtb-a, routes: [] }
    security_groups:
      - id: sg-s3-only
        outbound: [ { protocol: tcp, ports: 443, to: pl-63a5400a } ]
      - id: sg-from-corp
        inbound: [ { protocol: tcp, ports: 443, from: pl-corp } ]
    instances:
      - { id: i-a, subnet: sn-a, ip: 10.0.1.10, security_groups: [sg-s3-only] }
      - { id: i-a2, subnet: sn-a, ip: 10.0.1.11 }
      - { id: i-b, subnet: sn-b, ip: 10.0.2.10, security_groups: [sg-from-corp] }
      - { id: i-b2, subnet: sn-b, ip: 10.0.2.11 }
    endpoints:
      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-a] }
"#;

#[test]
fn prefix_lists_in_security_group_rules() {
    let m = model(PL_MODEL);
    // GW-16: an outbound rule to the S3 prefix list allows S3 and nothing else.
    expect(&tr(&m, "i-a", "s3://b/k"), true, None, Some("vpce-s3"));
    expect(
        &tr(&m, "i-a", "10.0.2.10"),
        false,
        Some("SG_OUTBOUND_DENY"),
        None,
    );
    // A customer prefix list as an inbound peer.
    expect(&tr(&m, "i-a2", "10.0.2.10"), true, None, None);
    expect(
        &tr(&m, "i-b2", "10.0.2.10"),
        false,
        Some("SG_INBOUND_DENY"),
        None,
    );
}
