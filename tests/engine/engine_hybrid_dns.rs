//! Hybrid DNS through Route 53 Resolver (rule book §16): a site's DNS server forwarding to an
//! inbound endpoint, a spoke's forward rule through an outbound endpoint, the forwarded query
//! traced over the model (DNS_FORWARD_UNREACHABLE) and loops (DNS_FORWARD_LOOP), with the `dns`
//! step's `servers` chain (tests/models/trace/hybrid_dns.yaml).

use crate::common::{fact, model, step, tr};
use linkscope::engine::{StepKind, Verdict};
use linkscope::outcome::Reason;
use serde_json::Value;

const PATH: &str = "tests/models/trace/hybrid_dns.yaml";

fn text() -> String {
    std::fs::read_to_string(PATH).expect("model")
}

/// The `servers` chain of the trace's dns step as (server, role, reachable).
fn servers(t: &linkscope::engine::Trace) -> Vec<(String, String, Value)> {
    let d = step(t, StepKind::Dns);
    fact(d, "servers")
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| {
            (
                s["server"].as_str().unwrap_or("").to_string(),
                s["role"].as_str().unwrap_or("").to_string(),
                s["reachable"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_site_resolves_a_hub_endpoint_through_the_inbound_endpoint() {
    let m = model(&text());
    let t = tr(&m, "laptop", "ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.via.as_deref(), Some("vpce-ssm-hub"));
    let d = step(&t, StepKind::Dns);
    // The hub's view: the endpoint's private DNS, not the service's public addresses.
    assert_eq!(fact(d, "answered_by"), "endpoint-private-dns");
    assert_eq!(fact(d, "resolver"), "site-dns");
    assert_eq!(
        servers(&t),
        [
            ("dns-dc1".into(), "site-dns".into(), Value::Bool(true)),
            (
                "10.0.1.10".into(),
                "forward-target".into(),
                Value::Bool(true)
            ),
            (
                "vpc-hub:resolver".into(),
                "inbound-endpoint-vpc".into(),
                Value::Bool(true)
            ),
        ]
    );
    assert!(d.rules.iter().any(|r| r == "RSLV-1"), "{:?}", d.rules);
}

#[test]
fn the_inbound_endpoints_security_group_must_admit_dns() {
    let text = text().replace(
        "inbound: [ { protocol: udp, ports: 53, from: 192.168.0.0/16 }, { protocol: tcp, ports: 53, from: 192.168.0.0/16 } ]",
        "inbound: [ { protocol: tcp, ports: 53, from: 192.168.0.0/16 } ]",
    );
    let m = model(&text);
    let t = tr(&m, "laptop", "ssm.us-east-1.amazonaws.com");
    assert_eq!(
        t.reason,
        Some(Reason::DnsForwardUnreachable),
        "{}",
        t.summary
    );
    let d = step(&t, StepKind::Dns);
    assert!(d.detail.contains("SG_INBOUND_DENY"), "{}", d.detail);
    let s = servers(&t);
    assert_eq!(
        s[1],
        (
            "10.0.1.10".into(),
            "forward-target".into(),
            Value::Bool(false)
        )
    );
    assert_eq!(s[2].2, Value::Bool(false));
}

#[test]
fn a_spoke_resolves_a_data_centre_name_through_the_outbound_endpoint() {
    let m = model(&text());
    let t = tr(&m, "i-app", "db.corp.example.com:443");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "answers")[0], "192.168.5.5");
    assert_eq!(fact(d, "answered_by"), "site-dns");
    let s = servers(&t);
    assert_eq!(s[0].1, "amazon-provided");
    assert_eq!(
        s[1],
        (
            "192.168.1.53".into(),
            "forward-target".into(),
            Value::Bool(true)
        )
    );
    assert_eq!(s[2].0, "dns-dc1");
    let chain = fact(d, "servers");
    assert_eq!(chain[1]["via"], "rr-corp");
    assert_eq!(chain[1]["endpoint"], "rslvr-out-hub");
}

#[test]
fn the_outbound_endpoints_group_must_let_dns_out() {
    let text = text().replace(
        "outbound: [ { protocol: udp, ports: 53, to: 192.168.0.0/16 }, { protocol: tcp, ports: 53, to: 192.168.0.0/16 } ]",
        "outbound: [ { protocol: udp, ports: 53, to: 10.99.0.0/16 } ]",
    );
    let m = model(&text);
    let t = tr(&m, "i-app", "db.corp.example.com:443");
    assert_eq!(
        t.reason,
        Some(Reason::DnsForwardUnreachable),
        "{}",
        t.summary
    );
    assert!(step(&t, StepKind::Dns).detail.contains("SG_OUTBOUND_DENY"));
    // A VPC without the rule resolves the name itself (publicly): no answer, no forwarding.
    let t = tr(&m, "i-app", "db.corp.example.org:443");
    assert_eq!(t.reason, Some(Reason::DnsNoAnswer));
}

#[test]
fn a_forward_target_nothing_routes_to_is_unreachable() {
    let m = model(&text());
    let t = tr(&m, "i-app", "x.lab.example.com:443");
    assert_eq!(t.reason, Some(Reason::DnsForwardUnreachable));
    let d = step(&t, StepKind::Dns);
    assert!(d.detail.contains("NO_ROUTE"), "{}", d.detail);
    assert_eq!(
        servers(&t)[1],
        (
            "172.31.0.53".into(),
            "forward-target".into(),
            Value::Bool(false)
        )
    );
}

#[test]
fn forwarding_back_to_a_server_already_asked_is_a_loop() {
    let m = model(&text());
    let t = tr(&m, "laptop", "x.loop.example.com:443");
    assert_eq!(t.reason, Some(Reason::DnsForwardLoop), "{}", t.summary);
    let s = servers(&t);
    assert_eq!(s.first().map(|x| x.0.as_str()), Some("dns-dc1"));
    assert_eq!(s.last().map(|x| x.0.as_str()), Some("dns-dc1"));
    assert!(step(&t, StepKind::Dns).rules.iter().any(|r| r == "RSLV-11"));
    // Without the rule on the hub, the hub answers the name itself (NXDOMAIN, no loop).
    let m = model(&text().replace("vpcs: [vpc-hub] }", "vpcs: [vpc-app] }"));
    let t = tr(&m, "laptop", "x.loop.example.com:443");
    assert_eq!(t.reason, Some(Reason::DnsNoAnswer), "{}", t.summary);
}

#[test]
fn a_more_specific_private_zone_wins_over_a_forward_rule() {
    // vpc-app gets its own zone for app.corp.example.com: more specific than rr-corp.
    let zone = "hosted_zones:\n  - id: zone-app\n    name: app.corp.example.com\n    vpcs: [vpc-app]\n    records:\n      - { name: web.app.corp.example.com, type: A, values: [10.1.1.10] }\nexpectations:\n";
    let m = model(&text().replacen("expectations:\n", zone, 1));
    let t = tr(&m, "i-app", "web.app.corp.example.com:443");
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "answers")[0], "10.1.1.10", "{}", d.detail);
    assert_eq!(fact(d, "answered_by"), "private-hosted-zone");
    assert!(d.rules.iter().any(|r| r == "RSLV-9"), "{:?}", d.rules);
    // Under the rule but outside the zone, the rule still forwards.
    let t = tr(&m, "i-app", "db.corp.example.com:443");
    assert_eq!(fact(step(&t, StepKind::Dns), "answered_by"), "site-dns");
}

#[test]
fn custom_dns_servers_are_asked_instead_of_the_vpc_resolver() {
    let text = text().replacen(
        "    cidrs: [10.1.0.0/16]\n",
        "    cidrs: [10.1.0.0/16]\n    dns_servers: [192.168.1.53]\n",
        1,
    );
    let m = model(&text);
    // The data centre's server answers its own zone directly, without the Resolver rule.
    let t = tr(&m, "i-app", "db.corp.example.com:443");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    let d = step(&t, StepKind::Dns);
    assert_eq!(fact(d, "resolver"), "custom");
    let s = servers(&t);
    assert_eq!(
        s[0],
        (
            "192.168.1.53".into(),
            "custom-dns".into(),
            Value::Bool(true)
        )
    );
    assert_eq!(s[1].0, "dns-dc1");
    assert!(d.rules.iter().any(|r| r == "RSLV-16"));
    // The app VPC's own rules are bypassed: lab.example.com goes to dns-dc1, which resolves it
    // publicly (no answer) instead of DNS_FORWARD_UNREACHABLE through rr-lab (RSLV-17).
    let t = tr(&m, "i-app", "x.lab.example.com:443");
    assert_eq!(t.reason, Some(Reason::DnsNoAnswer), "{}", t.summary);
}

#[test]
fn s3_inbound_only_private_dns_answers_with_interfaces_through_the_inbound_endpoint() {
    let m = model(&text());
    let eni: Vec<String> = m
        .endpoints
        .iter()
        .find(|e| e.id == "vpce-s3-hub")
        .expect("s3 endpoint")
        .enis
        .iter()
        .map(|x| x.ip.to_string())
        .collect();
    let t = tr(&m, "laptop", "s3.us-east-1.amazonaws.com");
    let d = step(&t, StepKind::Dns);
    let answers: Vec<String> = fact(d, "answers")
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| a.as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(answers, eni, "{}", d.detail);
    assert!(d.rules.iter().any(|r| r == "RSLV-21"), "{:?}", d.rules);
    // Asked by the hub's own resolver (a VPC source), the same name stays public (IF-24).
    let hub = m.vpcs.iter().position(|v| v.id == "vpc-hub").expect("hub");
    let own = linkscope::engine::dns::resolve(&m, hub, "s3.us-east-1.amazonaws.com");
    assert!(
        own.answers.iter().all(|a| !eni.contains(&a.to_string())),
        "{:?}",
        own.answers
    );
}
