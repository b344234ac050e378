//! DNS from a VPC (rule book §4, §2.4-2.6, §3.4): which zone answers, with what, and the facts
//! the dns step carries.

use crate::common::*;
use linkscope::engine::{Status, StepKind};
use serde_json::json;

const MODEL: &str = "tests/models/trace/dns.yaml";

struct Case {
    to: &'static str,
    from: &'static str,
    answered_by: Option<&'static str>,
    zone: Option<&'static str>,
    chosen: Option<&'static str>,
    reason: Option<&'static str>,
    rule: &'static str,
}

#[test]
fn who_answers_table() {
    let m = load(MODEL);
    let cases = [
        // A record in a customer zone (DNS-8).
        Case {
            from: "i-d",
            to: "tcp://db.corp.internal:5432",
            answered_by: Some("private-hosted-zone"),
            zone: Some("zone-corp"),
            chosen: Some("10.0.2.50"),
            reason: None,
            rule: "DNS-8",
        },
        // Wildcard record.
        Case {
            from: "i-d",
            to: "tcp://a.b.apps.corp.internal:5432",
            answered_by: Some("private-hosted-zone"),
            zone: Some("zone-corp"),
            chosen: Some("10.0.2.50"),
            reason: None,
            rule: "DNS-8",
        },
        // Matching zone without the record: NXDOMAIN, no public fallback (DNS-11).
        Case {
            from: "i-d",
            to: "tcp://nothere.corp.internal:5432",
            answered_by: Some("private-hosted-zone"),
            zone: Some("zone-corp"),
            chosen: None,
            reason: Some("DNS_NO_ANSWER"),
            rule: "DNS-11",
        },
        // A customer zone on a parent of AWS names shadows them (DNS-11, DNS-14) ...
        Case {
            from: "i-d",
            to: "https://kms.us-east-1.amazonaws.com",
            answered_by: Some("private-hosted-zone"),
            zone: Some("zone-shadow"),
            chosen: None,
            reason: Some("DNS_NO_ANSWER"),
            rule: "DNS-11",
        },
        // ... but the endpoint's private DNS zone is more specific and wins (DNS-8, IF-17).
        Case {
            from: "i-d",
            to: "https://sts.us-east-1.amazonaws.com",
            answered_by: Some("endpoint-private-dns"),
            zone: Some("vpce-sts"),
            chosen: Some("10.0.1.100"),
            reason: None,
            rule: "IF-17",
        },
        // No dns_support: nothing resolves (DNS-4).
        Case {
            from: "i-nodns",
            to: "https://sts.us-east-1.amazonaws.com",
            answered_by: None,
            zone: None,
            chosen: None,
            reason: Some("DNS_RESOLUTION_DISABLED"),
            rule: "DNS-4",
        },
        // No dns_hostnames: the private zone is not served; public DNS has no such name (DNS-5).
        Case {
            from: "i-noh",
            to: "tcp://db.corp.internal:5432",
            answered_by: None,
            zone: None,
            chosen: None,
            reason: Some("DNS_NO_ANSWER"),
            rule: "DNS-5",
        },
        // ... and the endpoint's private DNS is only for its own VPC: public answer (IF-19, DNS-12).
        Case {
            from: "i-noh",
            to: "https://sts.us-east-1.amazonaws.com",
            answered_by: Some("public"),
            zone: None,
            chosen: None,
            reason: Some("NO_ROUTE"),
            rule: "DNS-12",
        },
    ];
    for c in cases {
        let t = tr(&m, c.from, c.to);
        let d = step(&t, StepKind::Dns);
        assert!(
            d.rules.iter().any(|r| r == c.rule),
            "{} -> {}: rule {} in {:?}",
            c.from,
            c.to,
            c.rule,
            d.rules
        );
        assert_eq!(fact(d, "resolver"), "amazon-provided");
        if let Some(by) = c.answered_by {
            assert_eq!(fact(d, "answered_by"), by, "{}", c.to);
        }
        if let Some(z) = c.zone {
            assert_eq!(fact(d, "zone"), z, "{}", c.to);
        }
        if let Some(ch) = c.chosen {
            assert_eq!(fact(d, "chosen"), ch, "{}", c.to);
        }
        assert_eq!(
            t.reason_code(),
            c.reason,
            "{} -> {}: {:#?}",
            c.from,
            c.to,
            titles(&t)
        );
        if c.reason.is_some_and(|r| r.starts_with("DNS_")) {
            assert_eq!(d.status, Status::Fail);
            assert_eq!(t.steps.len(), 2, "the failing dns step ends the trace");
        }
    }
}

#[test]
fn regional_name_answers_every_interface_and_follows_the_source_az() {
    let m = load(MODEL);
    // vpce-sts has interfaces in sn-d-b (first) and sn-d-a; i-d is in us-east-1a.
    let t = tr(&m, "i-d", "https://sts.us-east-1.amazonaws.com");
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "answers"), &json!(["10.0.2.100", "10.0.1.100"]));
    assert_eq!(
        fact(d, "chosen"),
        "10.0.1.100",
        "same AZ as the source (IF-15)"
    );
    assert!(d.rules.iter().any(|r| r == "IF-15"));
    assert_eq!(t.alternatives.len(), 1);
    assert_eq!(t.alternatives[0].address, "10.0.2.100");
    assert_eq!(t.alternatives[0].zone.as_deref(), Some("us-east-1b"));
    // From a VPC in no AZ of the endpoint: the first interface in subnet order.
    let t = tr(&m, "i-db", "https://sts.us-east-1.amazonaws.com");
    assert_eq!(fact(step(&t, StepKind::Dns), "chosen"), "10.0.2.100");
}

#[test]
fn endpoint_names_resolve_from_anywhere_and_cnames_are_followed() {
    let m = load(MODEL);
    let regional = m
        .endpoints
        .iter()
        .find(|e| e.id == "vpce-sts")
        .unwrap()
        .regional_dns
        .clone()
        .unwrap();
    // From a peered VPC without dns_hostnames: public records (IF-14).
    let t = tr(&m, "i-noh", "vpce-sts");
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "name"), regional.as_str());
    assert_eq!(fact(d, "answered_by"), "endpoint-dns");
    assert!(d.rules.iter().any(|r| r == "IF-14"));
    expect(&t, true, None, Some("vpce-sts"));
    // A zonal name gives only its AZ's interface (IF-15).
    let (zone, zonal) = m
        .endpoints
        .iter()
        .find(|e| e.id == "vpce-sts")
        .unwrap()
        .zonal_dns[1]
        .clone();
    assert_eq!(zone, "us-east-1a");
    let t = tr(&m, "i-d", &format!("https://{zonal}"));
    assert_eq!(
        fact(step(&t, StepKind::Dns), "answers"),
        &json!(["10.0.1.100"])
    );
    // A CNAME in a private zone to an endpoint id stands for its regional name.
    let t = tr(&m, "i-d", "https://sts-alias.corp.internal");
    let d = step(&t, StepKind::Dns);
    assert_eq!(
        fact(d, "cname_chain"),
        &json!(["sts-alias.corp.internal", regional])
    );
    assert_eq!(fact(d, "answered_by"), "endpoint-dns");
    // A CNAME loop ends in no answer, not a hang.
    let t = tr(&m, "i-d", "tcp://loop1.corp.internal:5432");
    expect(&t, false, Some("DNS_NO_ANSWER"), None);
    assert!(step(&t, StepKind::Dns).detail.contains("loops"));
}

const S3_MODEL: &str = r#"
linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" } ]
vpcs:
  - id: vpc-s
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    dns_hostnames: true
    subnets:
      - { id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24, route_table: rtb-a }
    route_tables:
      - { id: rtb-a, routes: [] }
    security_groups:
      - { id: sg-all, inbound: [ { protocol: all, from: 10.0.0.0/16 } ] }
    instances:
      - { id: i-a, subnet: sn-a, ip: 10.0.1.10, security_groups: [sg-all] }
    endpoints:
      - { id: vpce-s3gw, type: gateway, service: s3, route_tables: [rtb-a] }
      - { id: vpce-s3if, type: interface, service: s3, subnets: [sn-a], security_groups: [sg-all], INBOUND }
"#;

#[test]
fn s3_inbound_only_private_dns_resolves_publicly_inside_the_vpc() {
    // IF-24: default (inbound-only) -> public answer, gateway endpoint carries it.
    let m = model(&S3_MODEL.replace(", INBOUND", ""));
    let t = tr(&m, "i-a", "s3://bucket-one/key");
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "answered_by"), "public");
    assert!(d.rules.iter().any(|r| r == "IF-24"), "{:?}", d.rules);
    expect(&t, true, None, Some("vpce-s3gw"));
    // Inbound-only off: in-VPC names resolve to the interface (IF-17, IF-23).
    let m = model(&S3_MODEL.replace("INBOUND", "private_dns_only_for_inbound_resolver: false"));
    let t = tr(&m, "i-a", "s3://bucket-one/key");
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "answered_by"), "endpoint-private-dns");
    assert_eq!(fact(d, "zone"), "vpce-s3if");
    expect(&t, true, None, Some("vpce-s3if"));
}

const SVC_MODEL: &str = r#"
linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" }, { id: "222222222222" } ]
vpcs:
  - id: vpc-c
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    dns_hostnames: true
    subnets: [ { id: sn-c, zone: us-east-1a, cidr: 10.0.1.0/24 } ]
    security_groups:
      - { id: sg-all, inbound: [ { protocol: all, from: 10.0.0.0/16 } ] }
    instances: [ { id: i-c, subnet: sn-c, ip: 10.0.1.10, security_groups: [sg-all] } ]
    endpoints:
      - { id: vpce-p, type: interface, service: vpce-svc-p, subnets: [sn-c], security_groups: [sg-all], private_dns: PDNS }
  - id: vpc-p
    account: "222222222222"
    cidrs: [10.9.0.0/16]
    subnets: [ { id: sn-p, zone: us-east-1a, cidr: 10.9.1.0/24 } ]
endpoint_services:
  - id: vpce-svc-p
    account: "222222222222"
    load_balancer: { vpc: vpc-p, subnets: [sn-p], listeners: [ { protocol: tcp, port: 443 } ] }
    acceptance_required: false
    allowed_principals: ["*"]
    private_dns_name: api.partner.example.com
    private_dns_verified: VERIFIED
"#;

#[test]
fn endpoint_service_private_dns_needs_verification_and_private_dns_on() {
    let mk = |pdns: &str, verified: &str| {
        model(
            &SVC_MODEL
                .replace("PDNS", pdns)
                .replace("VERIFIED", verified),
        )
    };
    // Verified and on: CNAME to the endpoint's regional name (ES-14).
    let m = mk("true", "true");
    let t = tr(&m, "i-c", "https://api.partner.example.com");
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "cname_chain").as_array().unwrap().len(), 2);
    assert!(d.rules.iter().any(|r| r == "ES-14"));
    expect(&t, true, None, Some("vpce-p"));
    // The service id as destination uses that name.
    let t = tr(&m, "i-c", "vpce-svc-p");
    assert_eq!(
        fact(step(&t, StepKind::Dns), "name"),
        "api.partner.example.com"
    );
    // Unverified: not served (ES-13); nothing public in the model either.
    let m = mk("true", "false");
    let t = tr(&m, "i-c", "https://api.partner.example.com");
    expect(&t, false, Some("DNS_NO_ANSWER"), None);
    assert!(step(&t, StepKind::Dns).rules.iter().any(|r| r == "ES-13"));
    // The service id then falls back to the endpoint's regional name.
    let t = tr(&m, "i-c", "vpce-svc-p");
    assert_eq!(fact(step(&t, StepKind::Dns), "answered_by"), "endpoint-dns");
    expect(&t, true, None, Some("vpce-p"));
    // Private DNS off on the endpoint: same.
    let m = mk("false", "true");
    let t = tr(&m, "i-c", "https://api.partner.example.com");
    expect(&t, false, Some("DNS_NO_ANSWER"), None);
    // The service's own DNS name is not something a consumer connects to (ES-2).
    let t = tr(&m, "i-c", "https://vpce-svc-p.us-east-1.vpce.amazonaws.com");
    expect(&t, false, Some("DNS_NO_ANSWER"), None);
    assert!(step(&t, StepKind::Dns).rules.iter().any(|r| r == "ES-2"));
}

const ALT_MODEL: &str = r#"
linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" } ]
vpcs:
  - id: vpc-alt
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    dns_hostnames: true
    subnets:
      - { id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24 }
      - { id: sn-b, zone: us-east-1b, cidr: 10.0.2.0/24, network_acl: acl-strict }
      - { id: sn-c, zone: us-east-1c, cidr: 10.0.3.0/24 }
    network_acls:
      - id: acl-strict
        inbound: [ { rule: 100, protocol: all, cidr: 10.0.2.0/24, action: allow } ]
        outbound: [ { rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow } ]
    security_groups:
      - { id: sg-all, inbound: [ { protocol: all, from: 10.0.0.0/16 } ] }
    instances:
      - { id: i-a, subnet: sn-a, ip: 10.0.1.10, security_groups: [sg-all] }
      - { id: i-c, subnet: sn-c, ip: 10.0.3.10, security_groups: [sg-all] }
    endpoints:
      - { id: vpce-sts, type: interface, service: sts, subnets: [ORDER], ips: { sn-a: 10.0.1.100, sn-b: 10.0.2.100 }, security_groups: [sg-all] }
"#;

#[test]
fn every_dns_answer_counts_partial_when_one_az_fails() {
    use linkscope::engine::Verdict;
    // From AZ a: the a interface is shown and allowed; the b interface is blocked. Clients
    // spread connections over both answers (IF-15), so the design works only partly.
    let m = model(&ALT_MODEL.replace("ORDER", "sn-a, sn-b"));
    let t = tr(&m, "i-a", "https://sts.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Partial, "{}", t.summary);
    assert_eq!(t.reason_code(), Some("NACL_INBOUND_DENY"));
    assert_eq!(t.via.as_deref(), Some("vpce-sts"));
    assert_eq!(t.blocked_answers.len(), 1);
    assert_eq!(t.blocked_answers[0].address, "10.0.2.100");
    assert_eq!(t.blocked_answers[0].zone_id.as_deref(), Some("use1-az2"));
    let failed = t.blocked_answers[0]
        .failed_step
        .as_ref()
        .expect("the failing step");
    assert_eq!(failed.kind, StepKind::NetworkAcl);
    // The JSON carries them.
    let j = serde_json::to_value(&t).unwrap();
    assert_eq!(j["verdict"], "partial");
    assert_eq!(j["blocked_answers"][0]["reason"], "NACL_INBOUND_DENY");
    assert_eq!(t.alternatives.len(), 1);
    let alt = &t.alternatives[0];
    assert_eq!(alt.address, "10.0.2.100");
    assert_eq!(alt.zone.as_deref(), Some("us-east-1b"));
    assert_eq!(alt.reason.map(|r| r.as_str()), Some("NACL_INBOUND_DENY"));
    assert!(
        alt.note.starts_with(
            "via 10.0.2.100 in us-east-1b (use1-az2): blocked by acl-strict inbound rule *"
        ),
        "{}",
        alt.note
    );
    assert!(
        t.summary.contains("us-east-1b") && t.summary.contains("only partly"),
        "the text names the AZ that fails: {}",
        t.summary
    );
    // From AZ c (no interface there): the first interface in subnet order is shown; it is the
    // blocked one, and the verdict is still partial.
    let m = model(&ALT_MODEL.replace("ORDER", "sn-b, sn-a"));
    let t = tr(&m, "i-c", "https://sts.us-east-1.amazonaws.com");
    assert_eq!(fact(step(&t, StepKind::Dns), "chosen"), "10.0.2.100");
    assert_eq!(t.verdict, Verdict::Partial);
    assert_eq!(t.reason_code(), Some("NACL_INBOUND_DENY"));
    assert_eq!(
        t.via.as_deref(),
        Some("vpce-sts"),
        "via: the allowed answers' path"
    );
    assert_eq!(t.alternatives[0].verdict, Verdict::Allowed);
    // Every answer blocked: blocked, not partial.
    let m = model(
        &ALT_MODEL
            .replace("ORDER", "sn-a, sn-b")
            .replace(
                "cidr: 10.0.2.0/24, action: allow",
                "cidr: 10.9.0.0/24, action: allow",
            )
            .replace(
                "{ id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24 }",
                "{ id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24, network_acl: acl-strict }",
            ),
    );
    let t = tr(&m, "i-c", "https://sts.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Blocked, "{}", t.summary);
    assert_eq!(t.blocked_answers.len(), 2);
}

#[test]
fn s3_interface_endpoint_names_follow_aws_forms() {
    // IF-22: bucket., BUCKET.bucket., accesspoint., control. under the regional name; anything
    // else resolves through the wildcard record but is flagged.
    let m = load("tests/models/trace/endpoints.yaml");
    let e = &m.endpoints[m
        .endpoints
        .iter()
        .position(|e| e.id == "vpce-s3if")
        .unwrap()];
    let regional = e.regional_dns.clone().unwrap();
    let t = tr(&m, "i-c", &format!("https://my-bucket.bucket.{regional}"));
    let d = step(&t, StepKind::Dns);
    assert!(d.rules.iter().any(|r| r == "IF-22"), "{:?}", d.rules);
    assert!(d.detail.contains("one of the name forms"), "{}", d.detail);
    assert!(t.allowed(), "{}", t.summary);
    let t = tr(&m, "i-c", &format!("https://my-bucket.{regional}"));
    let d = step(&t, StepKind::Dns);
    assert!(
        d.detail.contains(&format!("my-bucket.bucket.{regional}")),
        "suggests the AWS form: {}",
        d.detail
    );
}
