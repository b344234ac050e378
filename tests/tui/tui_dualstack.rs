//! IPv6, dual-stack and resource endpoints in the explorer (issue 17): the Details of the new
//! objects and fields, the `/` and `d` finders' resource entries, the map's IPv6 blocks, and
//! IPv6 addresses in the trace panel, at 80x24, 120x40 and 200x60.
#![cfg(feature = "tui")]

use super::common::{draw, press, type_text};
use linkscope::model::ObjectRef;
use linkscope::tui::message::{FinderKind, Message};
use linkscope::tui::{App, update};
use std::path::Path;

const SAMPLE_2026: &str = "samples/privatelink-2026.yaml";
const IPV6: &str = "tests/models/trace/ipv6.yaml";
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn load(path: &str) -> App {
    let mut a = linkscope::tui::load_app(Some(Path::new(path))).expect("model loads");
    update(&mut a, Message::Resize(120, 40));
    a
}

/// `/`, the text, Enter: jump to an object.
fn go_to(a: &mut App, what: &str) {
    press(a, "/");
    type_text(a, what);
    press(a, "Enter");
}

fn finder_values(a: &App) -> Vec<(String, Option<ObjectRef>)> {
    let f = a.panels.finder.as_ref().expect("a finder is open");
    f.candidates
        .iter()
        .map(|c| (c.value.clone(), c.object))
        .collect()
}

#[test]
fn the_object_finder_offers_resource_gateways_configurations_and_service_networks() {
    let mut a = load(SAMPLE_2026);
    press(&mut a, "/");
    let v = finder_values(&a);
    for (id, kind) in [
        ("rgw-ledger", "resource gateway"),
        ("rcfg-ledger-db", "resource configuration"),
        ("rcfg-ledger-cache", "resource configuration"),
        ("sn-platform", "service network"),
    ] {
        let (_, o) = v
            .iter()
            .find(|(val, _)| val == id)
            .unwrap_or_else(|| panic!("{id} is a candidate"));
        assert_eq!(o.expect("an object").kind_name(), kind, "{id}");
    }
    press(&mut a, "Esc");

    // Choosing a configuration shows it in the details, in its gateway's VPC (the provider's).
    go_to(&mut a, "rcfg-ledger-db");
    let rc = a
        .model
        .resource_configurations
        .iter()
        .position(|c| c.id == "rcfg-ledger-db")
        .unwrap();
    assert_eq!(a.map.selected, Some(ObjectRef::ResourceConfiguration(rc)));
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-ledger");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("Details: resource configuration"), "{s}");
    assert!(s.contains("rgw-ledger in vpc-ledger"), "{s}");
    assert!(s.contains("tcp 5432"), "{s}");
    assert!(s.contains("payments (111111111111)"), "{s}");

    // A resource gateway: its subnets, AZs and addresses, its groups, what it serves.
    go_to(&mut a, "rgw-ledger");
    // Drawn in its subnets' boxes: the cursor lands on it.
    assert_eq!(
        a.map.view.object_at(a.map.cursor),
        Some(ObjectRef::ResourceGateway(0))
    );
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("Details: resource gateway rgw-ledger"), "{s}");
    assert!(s.contains("sn-led-a  us-east-1a · use1-az1"), "{s}");
    assert!(s.contains("sg-ledger-rgw"), "{s}");
    assert!(s.contains("rcfg-ledger-db, rcfg-ledger-cache"), "{s}");

    // A service network: its resources and the endpoints using it.
    go_to(&mut a, "sn-platform");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("Details: service network sn-platform"), "{s}");
    assert!(s.contains("vpce-platform-sn"), "{s}");
}

#[test]
fn a_resource_configuration_is_a_destination_and_traces() {
    let mut a = load(SAMPLE_2026);
    press(&mut a, "d");
    assert_eq!(
        a.panels.finder.as_ref().map(|f| f.kind),
        Some(FinderKind::Destination)
    );
    let v = finder_values(&a);
    assert!(
        v.iter().any(|(val, o)| val == "rcfg-ledger-db"
            && matches!(o, Some(ObjectRef::ResourceConfiguration(_)))),
        "the d finder offers resource configurations"
    );
    type_text(&mut a, "rcfg-ledger-db");
    press(&mut a, "Enter");
    assert_eq!(a.request.destination.as_deref(), Some("rcfg-ledger-db"));
    press(&mut a, "s");
    type_text(&mut a, "i-pay-a");
    press(&mut a, "Enter");
    let t = a.run.trace.as_ref().expect("a trace ran");
    let cli = linkscope::engine::trace(&a.model, "i-pay-a", "rcfg-ledger-db", &Default::default())
        .unwrap();
    assert_eq!(t.verdict, cli.verdict, "the explorer and the engine agree");
}

#[test]
fn ipv6_cidrs_addresses_and_egress_only_routes_in_the_details() {
    let mut a = load(IPV6);
    // The VPC: its /56 beside its IPv4 CIDR, its gateways with their kinds.
    go_to(&mut a, "vpc-6");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("ipv6 cidr    2600:1f18:1234:5600::/56"), "{s}");
    assert!(s.contains("eigw-6 (egress-only)"), "{s}");
    // A subnet: its /64, and its table's IPv6 routes naming the egress-only gateway.
    go_to(&mut a, "sn-app");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("ipv6 cidr    2600:1f18:1234:5601::/64"), "{s}");
    assert!(s.contains("::/0         eigw-6 (egress-only)"), "{s}");
    // An instance: its IPv6 address.
    go_to(&mut a, "i-app");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("ipv6         2600:1f18:1234:5601::10"), "{s}");
    // The egress-only gateway says what it does.
    go_to(&mut a, "eigw-6");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("egress-only"), "{s}");
    assert!(s.contains("RT-20"), "{s}");
    // ACL and group rules with IPv6 blocks.
    go_to(&mut a, "acl-deny6");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("110 deny  all from ::/0"), "{s}");
    go_to(&mut a, "sg-app");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("2600:1f18:1234:5600::/56"), "{s}");
}

#[test]
fn a_dual_stack_endpoint_shows_its_types_and_each_interfaces_ipv6() {
    let mut a = load(SAMPLE_2026);
    go_to(&mut a, "vpce-reports-v6");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("ip type      dualstack"), "{s}");
    assert!(s.contains("dns records  ipv6 → AAAA"), "{s}");
    assert!(s.contains("ipv6 2600:1f18:4a3b:1001::"), "{s}");
    // An endpoint service's supported IP address types.
    go_to(&mut a, "vpce-svc-reports");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("ip types     ipv4, ipv6"), "{s}");
}

#[test]
fn the_map_shows_a_dual_stack_subnets_ipv6_block_where_there_is_room() {
    let mut a = load(IPV6);
    for (w, h) in SIZES {
        let s = draw(&mut a, w, h);
        assert!(s.contains("└ 2600:1f18:1234:5601::/64 ─"), "{w}x{h}:\n{s}");
    }
    press(&mut a, "m");
    assert!(a.map.compact);
    // Compact: one line a subnet; the /64 only when the whole line fits.
    let s = draw(&mut a, 80, 24);
    assert!(!s.contains("2600:"), "{s}");
    assert!(s.contains("sn-app [4] 10.0.1.0/24"), "{s}");
    let s = draw(&mut a, 200, 60);
    assert!(
        s.contains("sn-app [4] 10.0.1.0/24 2600:1f18:1234:5601::/64"),
        "{s}"
    );
}

#[test]
fn a_dual_stack_instance_row_shows_its_ipv6_address_where_the_row_holds_it() {
    let mut a = load(IPV6);
    // The instance's row inside its subnet's box (up to the box's border).
    let row = |s: &str, id: &str| {
        let at = format!("◆ {id} ");
        let line = s
            .lines()
            .find(|l| l.contains(&at))
            .unwrap_or_else(|| panic!("a row for {id}:\n{s}"));
        let from = &line[line.find(&at).unwrap()..];
        from.split('│').next().unwrap().to_string()
    };
    // Wide boxes: both addresses; an instance without IPv6 keeps its IPv4 alone.
    let s = draw(&mut a, 200, 60);
    assert!(
        row(&s, "i-app").contains("10.0.1.10  2600:1f18:1234:5601::10"),
        "{s}"
    );
    assert!(!row(&s, "i-noipv6").contains("2600:"), "{s}");
    // Narrow boxes: the IPv4 alone, never a cut IPv6 address.
    for (w, h) in [(80, 24), (120, 40)] {
        let s = draw(&mut a, w, h);
        let r = row(&s, "i-app");
        assert!(
            r.contains("10.0.1.10") && !r.contains("2600:"),
            "{w}x{h}: {r}"
        );
    }
}

#[test]
fn ipv6_addresses_wrap_at_colons_not_group_by_group() {
    let dest = "delivered to vpce-sts6 at [2600:1f18:1234:5602:abcd:ef01:2345:6789]:443 now";
    for w in [20usize, 24, 30, 36] {
        let lines = linkscope::text::wrap(dest, w);
        assert!(
            lines.iter().all(|l| linkscope::text::width(l) <= w),
            "{lines:?}"
        );
        // The address is broken after a colon into pieces of at least a third of the width
        // (the wrapper's rule), never a group a line.
        let pieces: Vec<&String> = lines.iter().filter(|l| l.contains(':')).collect();
        for l in &pieces[..pieces.len() - 1] {
            assert!(l.ends_with(':'), "{w}: {lines:?}");
            assert!(linkscope::text::width(l) * 3 >= w, "{w}: {lines:?}");
        }
        assert!(pieces.len() <= 3, "{w}: {lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), dest.replace(' ', ""));
    }
}

/// Snapshots: the 2026 sample's resource configuration and dual-stack endpoint, and the IPv6
/// model's subnet and trace, at the three sizes.
#[test]
fn snapshots_of_the_new_details() {
    for (w, h) in SIZES {
        let mut a = load(SAMPLE_2026);
        go_to(&mut a, "rcfg-ledger-db");
        insta::assert_snapshot!(format!("rcfg_details_{w}x{h}"), draw(&mut a, w, h));
        let mut a = load(SAMPLE_2026);
        go_to(&mut a, "vpce-reports");
        press(&mut a, "Tab");
        insta::assert_snapshot!(format!("dualstack_endpoint_{w}x{h}"), draw(&mut a, w, h));
        let mut a = load(IPV6);
        go_to(&mut a, "rtb-app");
        insta::assert_snapshot!(format!("ipv6_route_table_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn snapshots_of_an_ipv6_trace() {
    for (w, h) in SIZES {
        let mut a = load(IPV6);
        press(&mut a, "s");
        type_text(&mut a, "i-app");
        press(&mut a, "Enter d");
        type_text(&mut a, "[2600:1f18:1234:5602::5]:443");
        press(&mut a, "Enter");
        let t = a.run.trace.as_ref().expect("traced");
        assert!(t.allowed(), "{:?}", t.verdict);
        let s = draw(&mut a, w, h);
        assert!(s.contains("2600:1f18:1234:5602::5"), "{s}");
        insta::assert_snapshot!(format!("ipv6_trace_{w}x{h}"), s);
    }
}

#[test]
fn every_size_renders_the_resource_details() {
    let mut a = load(SAMPLE_2026);
    go_to(&mut a, "rcfg-ledger-db");
    for w in [1u16, 2, 20, 40, 59, 61, 79, 80, 81, 119, 120, 200, 300] {
        for h in [1u16, 2, 10, 23, 24, 40, 60, 100] {
            let s = draw(&mut a, w, h);
            assert_eq!(s.lines().count(), h as usize);
        }
    }
}

#[test]
fn an_ipv6_destination_lights_only_the_interface_holding_that_address() {
    use linkscope::tui::state::Item;
    use linkscope::tui::view::vpc::{Badge, path_badge};
    // vpce-sts6 with a second interface, in sn-v4only (2600:1f18:1234:5603::5).
    let text = std::fs::read_to_string(IPV6).unwrap().replace(
        "subnets: [sn-ep], ips: { sn-ep: 10.0.2.5 }",
        "subnets: [sn-ep, sn-v4only], ips: { sn-ep: 10.0.2.5, sn-v4only: 10.0.3.5 }",
    );
    assert!(text.contains("sn-v4only: 10.0.3.5"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ipv6.yaml");
    std::fs::write(&path, text).unwrap();
    let mut a = linkscope::tui::load_app(Some(&path)).expect("loads");
    update(&mut a, Message::Resize(120, 40));
    press(&mut a, "s");
    type_text(&mut a, "i-app");
    press(&mut a, "Enter d");
    type_text(&mut a, "[2600:1f18:1234:5602::5]:443");
    press(&mut a, "Enter");
    assert!(a.run.trace.as_ref().expect("traced").allowed());
    let e = a
        .model
        .endpoints
        .iter()
        .position(|e| e.id == "vpce-sts6")
        .unwrap();
    assert_eq!(a.model.endpoints[e].enis.len(), 2);
    let badges: Vec<Option<Badge>> = (0..2).map(|k| path_badge(&a, Item::Eni(e, k))).collect();
    assert_eq!(badges, vec![Some(Badge::Destination), None], "{badges:?}");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("D▣ vpce-sts6"), "{s}");
}

/// The security-group step of an endpoint's interface lights that interface only, not the
/// endpoint's interface in every AZ: a resource endpoint (the 2026 sample) and an interface
/// endpoint (the tour), each with interfaces in two AZs.
#[test]
fn an_endpoint_security_group_step_lights_only_the_interface_it_checked() {
    use linkscope::engine::StepKind;
    use linkscope::tui::lines::step_names_item;
    use linkscope::tui::state::Item;
    for (model, from, to, endpoint) in [
        (
            Some(SAMPLE_2026),
            "i-pay-a",
            "rcfg-ledger-db",
            "vpce-ledger-db",
        ),
        (None, "i-app-a", "ssm.us-east-1.amazonaws.com", "vpce-ssm"),
    ] {
        let mut a = linkscope::tui::load_app(model.map(Path::new)).expect("loads");
        update(&mut a, Message::Resize(120, 40));
        press(&mut a, "s");
        type_text(&mut a, from);
        press(&mut a, "Enter d");
        type_text(&mut a, to);
        press(&mut a, "Enter");
        let t = a.run.trace.clone().expect("traced");
        assert!(t.allowed(), "{from} → {to}");
        let e = a
            .model
            .endpoints
            .iter()
            .position(|x| x.id == endpoint)
            .unwrap();
        let n = a.model.endpoints[e].enis.len();
        assert!(n >= 2, "{endpoint} has interfaces in two AZs");
        let sg = t
            .steps
            .iter()
            .find(|s| s.kind == StepKind::SecurityGroup && s.objects.iter().any(|o| o == endpoint))
            .expect("the endpoint's security-group step");
        let lit: Vec<usize> = (0..n)
            .filter(|&k| step_names_item(&a, sg, Item::Eni(e, k)))
            .collect();
        assert_eq!(lit.len(), 1, "{endpoint}: {lit:?} lit by {:?}", sg.title);
        let ip = a.model.endpoints[e].enis[lit[0]].ip.to_string();
        assert!(
            sg.detail.contains(&ip),
            "{ip} is the interface the step names"
        );
    }
}

/// A resource trace's steps keep the resource configuration and gateway among their objects,
/// so the map lights the gateway's `⇥ rgw-…` rows on the steps that used it; `:`/`/` and the
/// engine's lookups know the resource ids.
#[test]
fn a_resource_trace_lights_its_resource_gateway_on_the_map() {
    use linkscope::engine::StepKind;
    use linkscope::tui::lines::step_names_item;
    use linkscope::tui::state::Item;
    let mut a = load(SAMPLE_2026);
    press(&mut a, "s");
    type_text(&mut a, "i-pay-a");
    press(&mut a, "Enter d");
    type_text(&mut a, "rcfg-ledger-db");
    press(&mut a, "Enter");
    let t = a.run.trace.clone().expect("traced");
    assert!(t.allowed());
    let g = a
        .model
        .resource_gateways
        .iter()
        .position(|g| g.id == "rgw-ledger")
        .unwrap();
    assert!(matches!(
        a.model.lookup("rgw-ledger"),
        Some(ObjectRef::ResourceGateway(x)) if x == g
    ));
    assert!(a.model.ids().any(|i| i == "rcfg-ledger-db"));
    let svc = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::EndpointService)
        .expect("the resource configuration step");
    assert!(
        svc.objects.iter().any(|o| o == "rcfg-ledger-db"),
        "{:?}",
        svc.objects
    );
    // The configuration step is about the gateway as a whole: every interface.
    let n = a.model.resource_gateways[g].ips.len();
    assert_eq!(n, 2);
    assert!((0..n).all(|k| step_names_item(&a, svc, Item::ResourceGw(g, k))));
    // Its security groups and the delivery used one interface: that one only, the same one,
    // the address the delivery names.
    let lit = |kind: StepKind| -> Vec<usize> {
        let s = t
            .steps
            .iter()
            .rfind(|s| s.kind == kind && s.objects.iter().any(|o| o == "rgw-ledger"))
            .expect("a step through the gateway");
        (0..n)
            .filter(|&k| step_names_item(&a, s, Item::ResourceGw(g, k)))
            .collect()
    };
    let (by_sg, by_delivery) = (lit(StepKind::SecurityGroup), lit(StepKind::Delivery));
    assert_eq!(by_delivery.len(), 1, "{by_delivery:?}");
    assert_eq!(by_sg, by_delivery);
    let ip = a.model.resource_gateways[g].ips[by_delivery[0]].to_string();
    let delivery = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Delivery)
        .unwrap();
    assert!(
        delivery
            .detail
            .contains(&format!("rgw-ledger's interface {ip}")),
        "{ip}"
    );
    // A step that did not use it does not light it.
    let dns = t.steps.iter().find(|s| s.kind == StepKind::Dns).unwrap();
    assert!(!step_names_item(&a, dns, Item::ResourceGw(g, 0)));
}
