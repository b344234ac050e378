//! PrivateLink as it is in 2026 (issue 17): load balancer targets per AZ, cross-zone at the load
//! balancer and the target group, fail-open, proxy protocol v2, cross-Region endpoint services
//! and AWS services, and the endpoint types that are refused.

use crate::common::*;
use linkscope::engine::{Status, StepKind, Verdict};
use serde_json::json;

const MODEL: &str = "tests/models/trace/modern.yaml";

/// The endpoint-service step about the target group (the one with a `target_group` fact).
fn target_step(t: &linkscope::engine::Trace) -> &linkscope::engine::Step {
    t.steps
        .iter()
        .find(|s| s.kind == StepKind::EndpointService && s.facts.contains_key("target_group"))
        .unwrap_or_else(|| panic!("no target-group step in {:#?}", titles(t)))
}

#[test]
fn a_zone_without_healthy_targets_blocks_with_cross_zone_off() {
    let m = load(MODEL);
    let t = tr(&m, "i-b", "vpce-zonal-b");
    expect(
        &t,
        false,
        Some("ELB_NO_HEALTHY_TARGET_IN_AZ"),
        Some("vpce-zonal-b"),
    );
    let s = last(&t);
    assert_eq!(s.status, Status::Fail);
    assert_eq!(fact(s, "target_group"), "tg-zonal");
    assert_eq!(fact(s, "cross_zone"), false);
    assert_eq!(fact(s, "node_zone_id"), "use1-az2");
    assert_eq!(fact(s, "healthy_zone_ids"), &json!(["use1-az1"]));
    assert_eq!(s.rules.first().map(String::as_str), Some("ES-22"));
    assert!(s.detail.contains("inferred"), "{}", s.detail);
    assert!(
        s.objects.iter().any(|o| o == "t-a"),
        "targets are highlighted"
    );
}

#[test]
fn the_healthy_zone_passes_and_the_regional_name_is_partial() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "vpce-zonal");
    assert_eq!(t.verdict, Verdict::Partial);
    assert_eq!(t.reason_code(), Some("ELB_NO_HEALTHY_TARGET_IN_AZ"));
    assert_eq!(t.blocked_answers.len(), 1);
    assert_eq!(t.blocked_answers[0].zone_id.as_deref(), Some("use1-az2"));
    // The steps shown are the source's own AZ, which has a healthy target.
    let s = target_step(&t);
    assert_eq!(s.status, Status::Pass);
    assert_eq!(fact(s, "node_zone_id"), "use1-az1");
    assert!(s.title.contains("1 healthy target"), "{}", s.title);
}

#[test]
fn proxy_protocol_v2_says_what_the_targets_learn() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "vpce-zonal");
    let d = step(&t, StepKind::Delivery);
    assert_eq!(fact(d, "proxy_protocol_v2"), true);
    assert_eq!(fact(d, "proxy_protocol_client_ip"), "10.0.1.10");
    assert!(d.rules.iter().any(|r| r == "ES-23"));
    assert!(d.detail.contains("vpce-zonal"), "{}", d.detail);
    // The packet's source is still the load balancer node (ES-3).
    assert!(
        fact(d, "seen_source_ip")
            .as_str()
            .unwrap()
            .starts_with("10.9.1."),
        "{:?}",
        d.facts
    );
    // Off: the fact says so and no client address is passed.
    let t = tr(&m, "i-b", "vpce-tgcross-b");
    let d = step(&t, StepKind::Delivery);
    assert_eq!(fact(d, "proxy_protocol_v2"), false);
    assert_eq!(fact(d, "proxy_protocol_client_ip"), &json!(null));
}

#[test]
fn the_target_groups_cross_zone_wins_over_the_load_balancers() {
    let m = load(MODEL);
    let t = tr(&m, "i-b", "vpce-tgcross-b");
    expect(&t, true, None, Some("vpce-tgcross-b"));
    let s = target_step(&t);
    assert_eq!(fact(s, "cross_zone"), true);
    assert!(
        s.detail.contains("target group's own setting"),
        "{}",
        s.detail
    );
}

#[test]
fn no_healthy_target_anywhere_fails_open() {
    let m = load(MODEL);
    let t = tr(&m, "i-b", "vpce-failopen");
    expect(&t, true, None, Some("vpce-failopen"));
    let s = target_step(&t);
    assert_eq!(s.status, Status::Warn);
    assert!(s.title.contains("fails open"), "{}", s.title);
    assert_eq!(s.rules.first().map(String::as_str), Some("ES-22"));
}

#[test]
fn without_target_groups_nothing_changes() {
    // The older samples list no targets: no target-group step, same verdicts.
    let m = load("samples/cross-account-privatelink.yaml");
    let t = tr(&m, "i-cons-b", "vpce-svc-0partner");
    assert!(t.allowed());
    assert!(
        !t.steps.iter().any(|s| s.facts.contains_key("target_group")),
        "{:#?}",
        titles(&t)
    );
}

#[test]
fn cross_region_endpoint_service_allowed_with_region_facts() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "vpce-west");
    expect(&t, true, None, Some("vpce-west"));
    let s = steps(&t, StepKind::EndpointService)
        .into_iter()
        .find(|s| s.facts.contains_key("service_region"))
        .expect("service step");
    assert_eq!(fact(s, "service_region"), "us-west-2");
    assert_eq!(fact(s, "endpoint_region"), "us-east-1");
    assert!(s.title.contains("cross-Region"), "{}", s.title);
    assert!(s.rules.iter().any(|r| r == "ES-15"));
    // No AZ match across Regions: use1-az1 is not one of the service's usw2 AZs, yet it passes.
    assert!(s.detail.contains("use1-az1"), "{}", s.detail);
    // With cross-zone off the node is not known: the step says it is inferred (ES-24).
    let g = target_step(&t);
    assert_eq!(fact(g, "node_zone_id"), &json!(null));
    assert!(g.detail.contains("inferred"), "{}", g.detail);
}

#[test]
fn cross_region_refusals_say_why() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "vpce-westonly");
    expect(
        &t,
        false,
        Some("CROSS_REGION_NOT_SUPPORTED"),
        Some("vpce-westonly"),
    );
    let s = last(&t);
    assert_eq!(s.rules.first().map(String::as_str), Some("ES-17"));
    assert!(s.detail.contains("supported_regions"), "{}", s.detail);

    let t = tr(&m, "i-c", "vpce-west-c");
    expect(
        &t,
        false,
        Some("CROSS_REGION_NOT_SUPPORTED"),
        Some("vpce-west-c"),
    );
    let s = last(&t);
    assert_eq!(s.rules.first().map(String::as_str), Some("ES-16"));
    assert!(s.title.contains("use1-az3"), "{}", s.title);

    let t = tr(&m, "i-a", "vpce-sqs-west");
    expect(
        &t,
        false,
        Some("CROSS_REGION_NOT_SUPPORTED"),
        Some("vpce-sqs-west"),
    );
    let s = last(&t);
    assert_eq!(s.kind, StepKind::Endpoint);
    assert_eq!(s.rules.first().map(String::as_str), Some("IF-30"));
    assert_eq!(fact(s, "service_region"), "us-west-2");
}

#[test]
fn cross_region_aws_service_reaches_the_other_regions_service() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "vpce-s3-west");
    expect(&t, true, None, Some("vpce-s3-west"));
    let e = step(&t, StepKind::Endpoint);
    assert_eq!(fact(e, "service"), "com.amazonaws.us-west-2.s3");
    assert_eq!(fact(e, "endpoint_region"), "us-east-1");
    assert!(e.title.contains("cross-Region"), "{}", e.title);
    // Its DNS name is in the service's Region (ES-2).
    let ep = m.endpoints.iter().find(|e| e.id == "vpce-s3-west").unwrap();
    assert!(
        ep.regional_dns
            .as_deref()
            .unwrap()
            .ends_with(".s3.us-west-2.vpce.amazonaws.com"),
        "{:?}",
        ep.regional_dns
    );
}

#[test]
fn a_wrong_service_region_is_a_located_error() {
    let y = "linkscope: 1\naccounts: [{ id: \"111111111111\" }]\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: s1, zone: us-east-1a, cidr: 10.0.1.0/24 }\n    endpoints:\n      - { id: vpce-x, type: interface, service: vpce-svc-x, service_region: eu-west-1, subnets: [s1] }\nendpoint_services:\n  - id: vpce-svc-x\n    account: \"111111111111\"\n    load_balancer: { vpc: vpc-a, subnets: [s1], listeners: [{ protocol: tcp, port: 443 }] }\n    allowed_principals: [\"*\"]\n";
    let e = linkscope::model::load_str(y, "m.yaml", None).expect_err("invalid");
    let d = e.errors().next().expect("an error").clone();
    assert_eq!(d.code, "BAD_VALUE");
    assert_eq!(d.line, Some(10));
    assert!(d.message.contains("us-east-1"), "{}", d.message);
}

#[test]
fn target_group_references_are_checked() {
    let y = "linkscope: 1\naccounts: [{ id: \"111111111111\" }]\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: s1, zone: us-east-1a, cidr: 10.0.1.0/24 }\nendpoint_services:\n  - id: vpce-svc-x\n    account: \"111111111111\"\n    load_balancer:\n      vpc: vpc-a\n      subnets: [s1]\n      listeners: [{ protocol: tcp, port: 443, target_group: tg-y }]\n      target_groups: [{ id: tg-x, targets: [{ id: 10.5.0.1 }, { id: 10.0.1.9, health: sick }] }]\n    allowed_principals: [\"*\"]\n";
    let e = linkscope::model::load_str(y, "m.yaml", None).expect_err("invalid");
    let codes: Vec<(String, Option<usize>)> =
        e.errors().map(|d| (d.code.clone(), d.line)).collect();
    assert!(
        codes.contains(&("UNKNOWN_REFERENCE".into(), Some(15))),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("IP_OUTSIDE_SUBNET".into(), Some(16))),
        "{codes:?}"
    );
    assert!(codes.contains(&("BAD_ENUM".into(), Some(16))), "{codes:?}");
    let unknown = e.errors().find(|d| d.code == "UNKNOWN_REFERENCE").unwrap();
    assert!(
        unknown.help.as_deref().unwrap_or("").contains("tg-x"),
        "{:?}",
        unknown.help
    );
}

/// The policy step of a bucket, with its request context.
fn bucket_step(t: &linkscope::engine::Trace) -> &linkscope::engine::Step {
    t.steps
        .iter()
        .rev()
        .find(|s| s.kind == StepKind::Policy && s.facts.contains_key("context"))
        .unwrap_or_else(|| panic!("no policy step in {:#?}", titles(t)))
}

#[test]
fn endpoint_owner_keys_reach_the_bucket_policy() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "s3://perimeter-payments/report.csv");
    expect(&t, true, None, Some("vpce-s3"));
    let ctx = fact(bucket_step(&t), "context");
    assert_eq!(ctx["aws:VpceAccount"], "111111111111");
    assert_eq!(ctx["aws:VpceOrgID"], "o-a1b2c3d4e5");
    assert_eq!(
        ctx["aws:VpceOrgPaths"],
        "o-a1b2c3d4e5/r-ab12/ou-ab12-payments/"
    );
    assert_eq!(
        ctx["aws:SourceVpcArn"],
        "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-c"
    );
    assert!(
        bucket_step(&t)
            .detail
            .contains("aws:VpceAccount = 111111111111"),
        "{}",
        bucket_step(&t).detail
    );

    // Without the account's org_path the key is absent and the allow no longer matches.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/modern.yaml"
    ))
    .unwrap()
    .replace("    org_path: o-a1b2c3d4e5/r-ab12/ou-ab12-payments/\n", "");
    let m2 = model(&text);
    let t = tr(&m2, "i-a", "s3://perimeter-payments/report.csv");
    assert!(!t.allowed(), "{:#?}", titles(&t));
    assert_eq!(t.reason_code(), Some("BUCKET_POLICY_NO_ALLOW"));
    assert!(
        fact(bucket_step(&t), "context")
            .get("aws:VpceOrgPaths")
            .is_none()
    );

    // A deny on another owner account: BUCKET_POLICY_DENY (POL-28).
    let t = tr(&m, "i-a", "s3://perimeter-platform/report.csv");
    expect(&t, false, Some("BUCKET_POLICY_DENY"), Some("vpce-s3"));
}

#[test]
fn an_org_path_outside_the_organization_is_refused() {
    let y = "linkscope: 1\norganization: o-a1b2c3d4e5\naccounts:\n  - { id: \"111111111111\", org_path: o-other/r-ab12/ }\nvpcs: []\n";
    let e = linkscope::model::load_str(y, "m.yaml", None).expect_err("invalid");
    let d = e.errors().next().expect("an error").clone();
    assert_eq!(d.code, "BAD_VALUE");
    assert_eq!(d.line, Some(4));
    let y =
        "linkscope: 1\naccounts:\n  - { id: \"111111111111\", org_path: o-a/r-ab12/ }\nvpcs: []\n";
    let e = linkscope::model::load_str(y, "m.yaml", None).expect_err("invalid");
    assert_eq!(e.errors().next().unwrap().code, "MISSING_FIELD");
}

#[test]
fn a_dual_stack_endpoint_answers_a_and_aaaa() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "vpce-dual");
    expect(&t, true, None, Some("vpce-dual"));
    let e = step(&t, StepKind::Endpoint);
    assert_eq!(fact(e, "ip_address_type"), "dualstack");
    assert_eq!(fact(e, "dns_records"), &json!(["A", "AAAA"]));
    // 10.0.1.x in 10.0.1.0/24 -> the same offset in sn-a's /64.
    let ip4: std::net::Ipv4Addr = fact(e, "eni_ip").as_str().unwrap().parse().unwrap();
    let v6 = fact(e, "eni_ipv6").as_str().unwrap().to_string();
    assert_eq!(
        v6,
        format!("2600:1f18:1234:5601::{:x}", ip4.octets()[3]),
        "derived from the IPv4 offset"
    );
    assert!(e.rules.iter().any(|r| r == "IF-28"));
    assert!(e.detail.contains("A and AAAA"), "{}", e.detail);
    // IPv4 endpoints keep A records only and no IPv6 address.
    let t = tr(&m, "i-b", "vpce-tgcross-b");
    let e = step(&t, StepKind::Endpoint);
    assert_eq!(fact(e, "dns_records"), &json!(["A"]));
    assert_eq!(fact(e, "eni_ipv6"), &json!(null));
}

#[test]
fn ip_address_type_errors_are_located() {
    let base = "linkscope: 1\naccounts: [{ id: \"111111111111\" }]\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: s1, zone: us-east-1a, cidr: 10.0.1.0/24, ipv6_cidr: \"2600:1f18:1:2::/64\" }\n    endpoints:\n      - { id: vpce-x, type: interface, service: s3, subnets: [s1], private_dns: false, EXTRA }\n";
    let first = |extra: &str| {
        let e = linkscope::model::load_str(&base.replace("EXTRA", extra), "m.yaml", None)
            .expect_err("invalid");
        let d = e.errors().next().expect("an error").clone();
        (d.code.clone(), d.line)
    };
    assert_eq!(
        first("ip_address_type: ipv6"),
        ("NOT_MODELLED".into(), Some(10))
    );
    assert_eq!(first("ip_address_type: v4"), ("BAD_ENUM".into(), Some(10)));
    assert_eq!(
        first("ip_address_type: ipv4, dns_record_ip_type: ipv6"),
        ("BAD_VALUE".into(), Some(10))
    );
    let bad_v6 = base
        .replace("2600:1f18:1:2::/64", "2600:1f18:1:2::/56")
        .replace(", EXTRA", "");
    let e = linkscope::model::load_str(&bad_v6, "m.yaml", None).expect_err("invalid");
    assert_eq!(e.errors().next().unwrap().code, "BAD_CIDR");
    // dualstack with AAAA-only records loads.
    let ok = base.replace(
        "EXTRA",
        "ip_address_type: dualstack, dns_record_ip_type: ipv6",
    );
    let m = model(&ok);
    assert_eq!(m.endpoints[0].dns_record_types(), vec!["AAAA"]);
}

#[test]
fn an_aaaa_only_endpoint_gives_an_ipv4_client_no_answer() {
    let m = load(MODEL);
    let t = tr(&m, "i-a", "vpce-aaaa");
    expect(&t, false, Some("DNS_NO_ANSWER"), None);
    let d = last(&t);
    assert_eq!(d.kind, StepKind::Dns);
    assert!(d.title.contains("AAAA only"), "{}", d.title);
    assert_eq!(d.rules.first().map(String::as_str), Some("IF-28"));
    // Dual-stack (A and AAAA): the DNS step says so and the trace goes on over IPv4.
    let t = tr(&m, "i-a", "vpce-dual");
    let d = step(&t, StepKind::Dns);
    assert!(d.detail.contains("AAAA"), "{}", d.detail);
    assert!(d.rules.iter().any(|r| r == "IF-28"));
}

#[test]
fn an_empty_group_fails_open_and_an_unnamed_group_among_several_is_not_checked() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/modern.yaml"
    ))
    .unwrap();
    // No registered target at all: fail open (ES-22).
    let empty = text.replace(
        "targets: [{ id: t-a, health: unhealthy }, { id: t-b, health: draining }]",
        "targets: []",
    );
    assert_ne!(empty, text);
    let m = model(&empty);
    let t = tr(&m, "i-b", "vpce-failopen");
    assert!(t.allowed());
    let s = target_step(&t);
    assert_eq!(s.status, Status::Warn);
    assert!(s.title.contains("no registered target"), "{}", s.title);
    // Two groups and a listener that names none: linkscope cannot tell which one serves it,
    // so it checks no target health (the zonal endpoint then passes).
    let two = text
        .replace(
            "listeners: [{ protocol: tcp, port: 443, target_group: tg-zonal }]",
            "listeners: [{ protocol: tcp, port: 443 }]",
        )
        .replace(
            "          targets: [{ id: t-a }, { id: t-b, health: unhealthy }]\n",
            "          targets: [{ id: t-a }, { id: t-b, health: unhealthy }]\n        - { id: tg-other, targets: [{ id: t-b }] }\n",
        );
    let m = model(&two);
    let t = tr(&m, "i-b", "vpce-zonal-b");
    assert!(t.allowed(), "{:#?}", titles(&t));
    assert!(!t.steps.iter().any(|s| s.facts.contains_key("target_group")));
}
