//! Sites as trace sources (rule book §17): the site's learned routes, the transit gateway from
//! the site's attachment, the reply's way back, and `partial` where an attachment covers only
//! some of an endpoint's AZs (tests/models/trace/sites.yaml).

use crate::common::{fact, last, load, step, steps, tr_with};
use linkscope::engine::{self, PathKind, QueryOptions, Status, StepKind, Verdict};
use linkscope::outcome::Reason;

const MODEL: &str = "tests/models/trace/sites.yaml";

fn port(p: u16) -> QueryOptions {
    QueryOptions {
        port: Some(p),
        ..Default::default()
    }
}

#[test]
fn a_site_host_reaches_a_hub_instance_over_its_bgp_vpn() {
    let m = load(MODEL);
    let t = tr_with(&m, "laptop", "i-hub-app", &port(8080));
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.path, Some(PathKind::TransitGateway));
    assert_eq!(t.via.as_deref(), Some("tgw-core"));
    let src = step(&t, StepKind::Source);
    assert_eq!(fact(src, "network"), "dc1");
    assert_eq!(fact(src, "host"), "laptop");
    assert!(fact(src, "vpc").is_null() && fact(src, "zone_id").is_null());
    let site = step(&t, StepKind::Site);
    assert_eq!(fact(site, "connection"), "tgw-attach-dc1");
    assert_eq!(fact(site, "advertised"), "10.0.0.0/16");
    let tgw = &steps(&t, StepKind::TransitGateway)[0];
    assert_eq!(fact(tgw, "attachment"), "tgw-attach-dc1");
    assert_eq!(fact(tgw, "route_table"), "tgw-rtb-onprem");
    assert_eq!(fact(tgw, "target"), "tgw-attach-hub");
    // The site's own address reaches the instance unchanged; its group admits 192.168.0.0/16.
    let d = step(&t, StepKind::Delivery);
    assert_eq!(fact(d, "seen_source_ip"), "192.168.10.20");
    // The reply: the hub's table and the table of the hub's attachment route it back.
    let back = steps(&t, StepKind::TransitGateway)
        .into_iter()
        .find(|s| s.facts.get("direction").is_some_and(|d| d == "return"))
        .expect("a return transit-gateway step");
    assert_eq!(fact(back, "route_table"), "tgw-rtb-vpcs");
    assert_eq!(fact(back, "target"), "tgw-attach-dc1");
}

#[test]
fn an_address_of_a_site_and_a_static_site_are_sources_too() {
    let m = load(MODEL);
    let t = tr_with(&m, "192.168.9.9", "i-hub-app", &port(8080));
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert!(fact(step(&t, StepKind::Source), "host").is_null());
    let t = tr_with(&m, "colo1", "i-hub-app", &port(8080));
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    let site = step(&t, StepKind::Site);
    assert_eq!(fact(site, "connection"), "tgw-attach-dc2");
    assert!(site.detail.contains("static"), "{}", site.detail);
}

#[test]
fn a_prefix_the_site_never_learned_is_site_no_route() {
    let m = load(MODEL);
    let t = tr_with(&m, "laptop", "i-hidden", &port(8080));
    assert_eq!(t.reason, Some(Reason::SiteNoRoute), "{}", t.summary);
    let s = last(&t);
    assert_eq!(s.kind, StepKind::Site);
    assert_eq!(s.status, Status::Fail);
    assert!(fact(s, "connection").is_null());
    assert!(s.detail.contains("tgw-rtb-onprem"), "{}", s.detail);
    // Nothing of AWS was crossed.
    assert!(steps(&t, StepKind::TransitGateway).is_empty());
}

#[test]
fn the_reply_needs_the_vpc_table_and_the_tgw_table() {
    let m = load(MODEL);
    let t = tr_with(&m, "laptop", "i-noback", &port(8080));
    assert_eq!(t.reason, Some(Reason::NoReturnRoute), "{}", t.summary);
    assert_eq!(last(&t).kind, StepKind::Route);
    assert!(last(&t).objects.iter().any(|o| o == "rtb-nb"));
    let t = tr_with(&m, "laptop", "i-tgwback", &port(8080));
    assert_eq!(t.reason, Some(Reason::NoReturnRoute), "{}", t.summary);
    assert_eq!(last(&t).kind, StepKind::TransitGateway);
    assert_eq!(fact(last(&t), "route_table"), "tgw-rtb-isolated");
}

#[test]
fn an_endpoint_az_without_attachment_subnet_makes_it_partial() {
    let m = load(MODEL);
    let t = tr_with(&m, "laptop", "vpce-ssm-hub", &QueryOptions::default());
    assert_eq!(t.verdict, Verdict::Partial, "{}", t.summary);
    assert_eq!(t.reason, Some(Reason::TgwNoAttachmentInZone));
    assert_eq!(t.blocked_answers.len(), 1);
    assert_eq!(t.blocked_answers[0].zone.as_deref(), Some("us-east-1b"));
    let dns = step(&t, StepKind::Dns);
    assert_eq!(fact(dns, "resolver"), "public");
    assert!(dns.detail.contains("A site has no AZ"), "{}", dns.detail);
}

#[test]
fn a_site_itself_is_not_a_source() {
    let m = load(MODEL);
    let e = engine::trace(&m, "dc1", "i-hub-app", &QueryOptions::default()).unwrap_err();
    assert!(e.message.contains("is a site"), "{}", e.message);
    assert!(e.help.unwrap_or_default().contains("laptop"));
}

#[test]
fn a_generated_hub_and_spoke_traces_across_the_hub_and_from_the_site() {
    let m = crate::common::model(&linkscope::testgen::hub_and_spoke(40));
    assert_eq!(m.vpcs.len(), 41);
    // Spoke to hub through the spokes table; the site to a spoke through the on-premises table.
    for (from, to) in [("i-spoke-39", "i-hub-app"), ("laptop", "i-spoke-39")] {
        let t = tr_with(&m, from, to, &port(8080));
        assert_eq!(t.verdict, Verdict::Allowed, "{from} -> {to}: {}", t.summary);
        assert_eq!(t.via.as_deref(), Some("tgw-core"));
    }
    let t = tr_with(&m, "i-spoke-7", "vpce-ssm-hub", &QueryOptions::default());
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    // The spokes are isolated from each other: their table propagates only the hub and the site.
    let t = tr_with(&m, "i-spoke-0", "i-spoke-39", &port(8080));
    assert_eq!(t.reason, Some(Reason::TgwNoRoute), "{}", t.summary);
}

#[test]
fn a_virtual_private_gateway_carries_propagated_site_prefixes_only() {
    let m = load("tests/models/trace/vgw.yaml");
    // dc1's CIDR propagated into rtb-app (SITE-2) beats nothing else; the site learns the VPC.
    let t = tr_with(&m, "i-app", "db1", &port(5432));
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.path, Some(PathKind::Vpn));
    assert_eq!(t.via.as_deref(), Some("vgw-dc1"));
    let r = step(&t, StepKind::Route);
    assert_eq!(fact(r, "destination"), "192.168.0.0/16");
    let site = step(&t, StepKind::Site);
    assert_eq!(fact(site, "connection"), "vgw-dc1");
    assert_eq!(fact(site, "advertised"), "10.10.0.0/16");
    // The wide static route reaches the gateway, which drops what it does not know (SITE-4).
    let t = tr_with(&m, "i-app", "172.31.0.5", &port(5432));
    assert_eq!(t.reason, Some(Reason::VgwUnknownPrefix), "{}", t.summary);
    assert_eq!(last(&t).kind, StepKind::Site);
    assert!(
        last(&t).detail.contains("192.168.0.0/16"),
        "{}",
        last(&t).detail
    );
    // Direct Connect, static: the site's own routes miss vpc-b.
    let t = tr_with(&m, "i-b", "db2", &port(5432));
    assert_eq!(t.path, Some(PathKind::DirectConnect));
    assert_eq!(t.reason, Some(Reason::NoReturnRoute), "{}", t.summary);
    assert!(fact(last(&t), "advertised").is_null());
}

#[test]
fn a_route_table_propagating_a_gateway_of_another_vpc_is_an_error() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/vgw.yaml"
    ))
    .unwrap()
    .replace(
        "      - id: rtb-b\n",
        "      - id: rtb-b\n        propagating: [vgw-dc1]\n",
    );
    let e = linkscope::model::load_str(&text, "vgw.yaml", None).unwrap_err();
    let r = e.render(false);
    assert!(
        r.contains("UNKNOWN_REFERENCE") && r.contains("vgw-dc1"),
        "{r}"
    );
}

#[test]
fn a_site_host_reaches_a_vpc_through_its_virtual_private_gateway() {
    let m = load("tests/models/trace/vgw.yaml");
    // dc1 learned vpc-app's CIDR from vgw-dc1 over BGP (SITE-6); rtb-app propagates dc1 back.
    let t = tr_with(&m, "db1", "i-app", &port(22));
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.path, Some(PathKind::Vpn));
    assert_eq!(t.via.as_deref(), Some("vgw-dc1"));
    let src = step(&t, StepKind::Source);
    assert_eq!(fact(src, "network"), "dc1");
    assert!(src.detail.contains("vgw-dc1"), "{}", src.detail);
    let sites = steps(&t, StepKind::Site);
    assert_eq!(fact(sites[0], "connection"), "vgw-dc1");
    assert_eq!(fact(sites[0], "advertised"), "10.10.0.0/16");
    assert!(sites[1].rules.iter().any(|r| r == "SITE-13"));
    // No transit gateway on this path, and the instance sees the site's own address.
    assert!(steps(&t, StepKind::TransitGateway).is_empty());
    let d = step(&t, StepKind::Delivery);
    assert_eq!(fact(d, "seen_source_ip"), "192.168.5.5");
    let back = steps(&t, StepKind::Route);
    assert!(
        back.iter().any(|r| r.title.contains("back via vgw-dc1")),
        "{:?}",
        back.iter().map(|r| &r.title).collect::<Vec<_>>()
    );
    // The JSON names the step kinds and the gateway.
    let j = serde_json::to_value(&t).unwrap();
    let kinds: Vec<&str> = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(&kinds[..3], ["source", "site", "site"], "{kinds:?}");
    assert_eq!(j["steps"][2]["facts"]["connection"], "vgw-dc1");

    // The group admits dc1 on 22 only.
    let t = tr_with(&m, "db1", "i-app", &port(5432));
    assert_eq!(t.reason, Some(Reason::SgInboundDeny), "{}", t.summary);
    // sn-app-b's table has no route to the gateway: the reply cannot leave.
    let t = tr_with(&m, "db1", "i-app-b", &port(22));
    assert_eq!(t.reason, Some(Reason::NoReturnRoute), "{}", t.summary);
    assert_eq!(last(&t).kind, StepKind::Route);
    assert!(last(&t).title.contains("rtb-app-b"), "{}", last(&t).title);
    // dc2's static routes name no address of vpc-b.
    let t = tr_with(&m, "db2", "i-b", &port(5432));
    assert_eq!(t.reason, Some(Reason::SiteNoRoute), "{}", t.summary);
    assert!(
        last(&t).detail.contains("10.99.0.0/16"),
        "{}",
        last(&t).detail
    );
}

/// transit.yaml with appliance mode on the hub's attachment (two interfaces, two AZs).
fn transit_with_appliance_mode() -> linkscope::model::Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/transit.yaml"
    ))
    .unwrap();
    let old = "{ id: tgw-attach-hub, vpc: vpc-hub, subnets: [sn-hub-tgw-a, sn-hub-tgw-b] }";
    assert!(text.contains(old));
    let text = text.replace(
        old,
        "{ id: tgw-attach-hub, vpc: vpc-hub, subnets: [sn-hub-tgw-a, sn-hub-tgw-b], appliance_mode: true }",
    );
    linkscope::model::load_str(&text, "transit.yaml", None).unwrap()
}

#[test]
fn appliance_mode_on_the_destination_attachment_is_said_in_the_transit_step() {
    let plain = load("tests/models/trace/transit.yaml");
    let t = tr_with(&plain, "i-a", "i-hub-app", &port(8080));
    let s = &steps(&t, StepKind::TransitGateway)[0];
    assert_eq!(fact(s, "appliance_mode"), false);
    assert!(!s.rules.iter().any(|r| r == "TGW-15"), "{:?}", s.rules);
    assert!(!s.detail.contains("appliance mode"), "{}", s.detail);

    let m = transit_with_appliance_mode();
    let t = tr_with(&m, "i-a", "i-hub-app", &port(8080));
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    let s = &steps(&t, StepKind::TransitGateway)[0];
    assert_eq!(fact(s, "attachment"), "tgw-attach-a");
    assert_eq!(fact(s, "appliance_mode"), true);
    assert!(s.rules.iter().any(|r| r == "TGW-15"), "{:?}", s.rules);
    // The step says precisely what is and is not modelled, naming both interfaces' AZs.
    assert!(
        s.detail.contains("tgw-attach-hub has appliance mode on")
            && s.detail.contains("by a hash of the flow")
            && s.detail.contains("not modelled"),
        "{}",
        s.detail
    );
    let zones: Vec<String> = m
        .tgw_attachments
        .iter()
        .find(|a| a.id == "tgw-attach-hub")
        .unwrap()
        .enis
        .iter()
        .map(|e| e.zone_id.clone())
        .collect();
    assert_eq!(zones.len(), 2);
    assert!(s.detail.contains(&zones.join(", ")), "{}", s.detail);
    // From a site, into an attachment with one interface: nothing to choose, and it says so.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/sites.yaml"
    ))
    .unwrap()
    .replace(
        "{ id: tgw-attach-hub, vpc: vpc-hub, subnets: [sn-hub-tgw-a] }",
        "{ id: tgw-attach-hub, vpc: vpc-hub, subnets: [sn-hub-tgw-a], appliance_mode: true }",
    );
    let m = linkscope::model::load_str(&text, "sites.yaml", None).unwrap();
    let t = tr_with(&m, "laptop", "i-hub-app", &port(8080));
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    let s = &steps(&t, StepKind::TransitGateway)[0];
    assert_eq!(fact(s, "appliance_mode"), true);
    assert!(
        s.detail
            .contains("with one interface the flow hash has only one to pick"),
        "{}",
        s.detail
    );
}
