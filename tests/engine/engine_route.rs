//! Route selection (rule book §5): longest prefix, then static > prefix list > propagated,
//! gateway endpoint routes only for their region's prefix list, and a brute-force check of the
//! longest-prefix match.

use crate::common::*;
use ipnet::Ipv4Net;
use linkscope::engine::StepKind;
use linkscope::engine::route::{Priority, RouteEntry, best_route};
use proptest::prelude::*;
use std::net::Ipv4Addr;

const MODEL: &str = r#"
linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" } ]
vpcs:
  - id: vpc-r
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    subnets:
      - { id: sn-static, zone: us-east-1a, cidr: 10.0.1.0/24, route_table: rtb-static }
      - { id: sn-specific, zone: us-east-1a, cidr: 10.0.2.0/24, route_table: rtb-specific }
      - { id: sn-prop, zone: us-east-1a, cidr: 10.0.3.0/24, route_table: rtb-prop }
      - { id: sn-plain, zone: us-east-1a, cidr: 10.0.4.0/24, route_table: rtb-plain }
      - { id: sn-pub, zone: us-east-1b, cidr: 10.0.9.0/24, route_table: rtb-pub }
    route_tables:
      - id: rtb-static
        routes: [ { to: 52.216.0.0/15, via: nat-a } ]
      - id: rtb-specific
        routes: [ { to: 52.216.8.0/24, via: igw-a }, { to: 0.0.0.0/0, via: nat-a } ]
      - id: rtb-prop
        routes: [ { to: 52.216.0.0/15, via: vgw-a, origin: propagated } ]
      - id: rtb-plain
        routes: [ { to: 0.0.0.0/0, via: nat-a } ]
      - id: rtb-pub
        routes: [ { to: 0.0.0.0/0, via: igw-a } ]
    gateways:
      - { id: igw-a, type: internet }
      - { id: vgw-a, type: vpn }
      - { id: nat-a, type: nat, subnet: sn-pub, public_ip: 3.3.3.3 }
    instances:
      - { id: i-static, subnet: sn-static, ip: 10.0.1.10, public_ip: 54.0.0.1 }
      - { id: i-specific, subnet: sn-specific, ip: 10.0.2.10, public_ip: 54.0.0.2 }
      - { id: i-prop, subnet: sn-prop, ip: 10.0.3.10 }
      - { id: i-plain, subnet: sn-plain, ip: 10.0.4.10 }
      - { id: i-main, subnet: sn-pub, ip: 10.0.9.10 }
    endpoints:
      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-static, rtb-specific, rtb-prop, rtb-plain] }
"#;

fn route_of(t: &linkscope::engine::Trace) -> (String, String, String) {
    let r = step(t, StepKind::Route);
    (
        fact(r, "destination").as_str().unwrap_or("").to_string(),
        fact(r, "matched_cidr").as_str().unwrap_or("").to_string(),
        fact(r, "target").as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn priority_table() {
    let m = model(MODEL);
    // (from, to, destination, matched, target, why-a-loser-lost contains)
    let cases = [
        // Same /15: a static CIDR route beats the prefix-list route (GW-7, RT-12).
        (
            "i-static",
            "52.216.8.10",
            "52.216.0.0/15",
            "52.216.0.0/15",
            "nat-a",
            Some("RT-12"),
        ),
        // A more specific static route beats the endpoint's prefix list (GW-6 (c)) ...
        (
            "i-specific",
            "52.216.8.10",
            "52.216.8.0/24",
            "52.216.8.0/24",
            "igw-a",
            Some("RT-11"),
        ),
        // ... but only for its range; the rest of the list goes to the endpoint (GW-6 (a)).
        (
            "i-specific",
            "52.217.1.1",
            "pl-63a5400a",
            "52.216.0.0/15",
            "vpce-s3",
            Some("RT-11"),
        ),
        // Same /15: the prefix-list route beats a propagated route (RT-12).
        (
            "i-prop",
            "52.216.8.10",
            "pl-63a5400a",
            "52.216.0.0/15",
            "vpce-s3",
            Some("RT-12"),
        ),
        // Another region's S3 address is not in this region's list: default route (GW-6 (b)).
        (
            "i-plain",
            "52.218.130.1",
            "0.0.0.0/0",
            "0.0.0.0/0",
            "nat-a",
            None,
        ),
        // Local always covers the VPC (RT-4).
        (
            "i-plain",
            "10.0.9.10",
            "10.0.0.0/16",
            "10.0.0.0/16",
            "local",
            Some("RT-11"),
        ),
    ];
    for (from, to, dest, matched, target, why) in cases {
        let t = tr(&m, from, to);
        assert_eq!(
            route_of(&t),
            (dest.to_string(), matched.to_string(), target.to_string()),
            "{from} -> {to}: {:#?}",
            titles(&t)
        );
        let cands = fact(step(&t, StepKind::Route), "candidates")
            .as_array()
            .unwrap()
            .clone();
        if let Some(rule) = why {
            assert!(!cands.is_empty(), "{from} -> {to}: losers listed");
            assert!(
                cands
                    .iter()
                    .all(|c| c["why"].as_str().unwrap().contains(rule)
                        || c["why"].as_str().unwrap().contains("RT-11")),
                "{cands:?}"
            );
            assert!(
                cands
                    .iter()
                    .any(|c| c["why"].as_str().unwrap().contains(rule)),
                "{cands:?}"
            );
        }
    }
}

#[test]
fn main_table_is_used_when_a_subnet_has_none() {
    let m = model(&MODEL.replace(", route_table: rtb-pub }", " }").replace(
        "      - id: rtb-pub\n",
        "      - id: rtb-pub\n        main: true\n",
    ));
    let t = tr(&m, "i-main", "8.8.8.8");
    let r = step(&t, StepKind::Route);
    assert_eq!(fact(r, "route_table"), "rtb-pub");
    assert!(r.rules.iter().any(|x| x == "D-2"));
}

#[test]
fn nat_path_shows_the_nat_subnet_route_and_public_address() {
    let m = model(MODEL);
    let t = tr(&m, "i-plain", "https://sts.us-east-1.amazonaws.com");
    expect(&t, true, None, Some("nat-a"));
    let routes = steps(&t, StepKind::Route);
    assert_eq!(
        routes.len(),
        2,
        "source table, then the NAT's own subnet table (RT-16)"
    );
    assert_eq!(fact(routes[1], "target"), "igw-a");
    assert_eq!(
        fact(step(&t, StepKind::Delivery), "seen_source_ip"),
        "3.3.3.3"
    );
    assert_eq!(t.path.map(|p| p.as_str()), Some("nat-internet"));
}

// ---------------------------------------------------------------- brute force

/// The route for `ip` by scanning prefix lengths from /32 down: at the first length where some
/// route has an entry equal to the masked address, the best priority, then table order.
fn brute(entries: &[RouteEntry], ip: Ipv4Addr) -> Option<usize> {
    for len in (0..=32u8).rev() {
        let net = Ipv4Net::new(ip, len).unwrap().trunc();
        let hits: Vec<usize> = (0..entries.len())
            .filter(|&k| entries[k].nets.contains(&net))
            .collect();
        if let Some(&best) = hits.iter().min_by_key(|&&k| (entries[k].priority, k)) {
            return Some(best);
        }
    }
    None
}

fn arb_entries() -> impl Strategy<Value = (Vec<RouteEntry>, Ipv4Addr)> {
    (
        any::<u32>(),
        prop::collection::vec(
            (
                prop::collection::vec((any::<u32>(), 0u8..=32, any::<bool>()), 1..4),
                0u8..3,
            ),
            0..24,
        ),
    )
        .prop_map(|(ipn, raw)| {
            let ip = Ipv4Addr::from(ipn);
            let entries = raw
                .into_iter()
                .map(|(nets, p)| RouteEntry {
                    // Half the entries are built around the address so they match often.
                    nets: nets
                        .into_iter()
                        .map(|(a, len, near)| {
                            Ipv4Net::new(Ipv4Addr::from(if near { ipn } else { a }), len)
                                .unwrap()
                                .trunc()
                        })
                        .collect(),
                    priority: match p {
                        0 => Priority::Static,
                        1 => Priority::PrefixList,
                        _ => Priority::Propagated,
                    },
                })
                .collect();
            (entries, ip)
        })
}

proptest! {
    #[test]
    fn lpm_agrees_with_brute_force((entries, ip) in arb_entries()) {
        prop_assert_eq!(best_route(&entries, ip), brute(&entries, ip));
    }

    /// The same through a real model: random static routes to an internet gateway, the trace's
    /// matched CIDR is the brute-force winner's.
    #[test]
    fn traced_route_agrees_with_brute_force(
        routes in prop::collection::vec((any::<u32>(), 0u8..=32), 1..12),
        dst in any::<u32>(),
    ) {
        let dst = Ipv4Addr::from(dst);
        prop_assume!(!dst.is_private() && !dst.is_unspecified());
        let mut nets: Vec<Ipv4Net> = Vec::new();
        for (k, (a, len)) in routes.iter().enumerate() {
            // Every third route is built around the destination.
            let base = if k % 3 == 0 { u32::from(dst) } else { *a };
            let n = Ipv4Net::new(Ipv4Addr::from(base), *len).unwrap().trunc();
            if !nets.contains(&n) && !n.contains(&"10.0.0.0".parse::<Ipv4Addr>().unwrap()) && !Ipv4Net::new("10.0.0.0".parse().unwrap(), 16).unwrap().contains(&n.network()) {
                nets.push(n);
            }
        }
        prop_assume!(!nets.is_empty());
        let yaml_routes: String = nets.iter().map(|n| format!("          - {{ to: {n}, via: igw-x }}\n")).collect();
        let yaml = format!(r#"
linkscope: 1
accounts: [ {{ id: "111111111111" }} ]
vpcs:
  - id: vpc-x
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    subnets: [ {{ id: sn-x, zone: us-east-1a, cidr: 10.0.1.0/24, route_table: rtb-x }} ]
    route_tables:
      - id: rtb-x
        routes:
{yaml_routes}
    gateways: [ {{ id: igw-x, type: internet }} ]
    instances: [ {{ id: i-x, subnet: sn-x, ip: 10.0.1.10, public_ip: 54.0.0.9 }} ]
"#);
        let m = model(&yaml);
        let t = tr(&m, "i-x", &dst.to_string());
        let mut entries: Vec<RouteEntry> = vec![RouteEntry { nets: vec!["10.0.0.0/16".parse().unwrap()], priority: Priority::Static }];
        entries.extend(nets.iter().map(|n| RouteEntry { nets: vec![*n], priority: Priority::Static }));
        let want = brute(&entries, dst);
        let r = step(&t, StepKind::Route);
        match want {
            None => prop_assert_eq!(t.reason_code(), Some("NO_ROUTE")),
            Some(k) => prop_assert_eq!(fact(r, "matched_cidr").as_str().unwrap(), entries[k].nets[0].to_string()),
        }
    }
}

#[test]
fn a_gateway_endpoint_of_another_region_carries_nothing() {
    // GW-10, GW-6 (b): prefix lists are regional; the us-west-2 list does not apply in us-east-1.
    let m = model(
        r#"
linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" } ]
vpcs:
  - id: vpc-x
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    subnets: [ { id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24, route_table: rtb-a } ]
    route_tables:
      - { id: rtb-a, routes: [ { to: 0.0.0.0/0, via: igw-x } ] }
    gateways: [ { id: igw-x, type: internet } ]
    instances: [ { id: i-a, subnet: sn-a, ip: 10.0.1.10, public_ip: 54.0.0.1 } ]
    endpoints:
      - { id: vpce-west, type: gateway, service: com.amazonaws.us-west-2.s3, route_tables: [rtb-a] }
"#,
    );
    let t = tr(&m, "i-a", "52.218.130.1");
    expect(&t, true, None, Some("igw-x"));
    assert_eq!(route_of(&t).2, "igw-x");
}

/// A subnet whose route table is not associated with the VPC's S3 gateway endpoint: the route
/// step says the traffic bypasses the endpoint, through which gateway, and why (GW-4); a subnet
/// whose table has the endpoint route gets no such note.
#[test]
fn a_path_that_bypasses_a_gateway_endpoint_says_so() {
    let m = load("assets/tour.yaml");
    let t = tr(&m, "i-legacy", "s3://app-data/reports/today.csv");
    let r = step(&t, StepKind::Route);
    assert!(
        r.detail.contains(
            "This traffic goes through nat-a, not vpce-s3, because rtb-legacy has no route to pl-63a5400a"
        ),
        "{}",
        r.detail
    );
    assert!(r.rules.iter().any(|x| x == "GW-4"), "{:?}", r.rules);
    assert_eq!(fact(r, "bypassed_endpoint"), "vpce-s3");
    // Through the endpoint: no note.
    let t = tr(&m, "i-app-a", "s3://app-data/reports/today.csv");
    let r = step(&t, StepKind::Route);
    assert!(!r.detail.contains("not vpce-s3"), "{}", r.detail);
    assert!(r.facts.get("bypassed_endpoint").is_none());
    // To a service no gateway endpoint serves: no note.
    let t = tr(&m, "i-legacy", "https://sqs.us-east-1.amazonaws.com");
    for s in steps(&t, StepKind::Route) {
        assert!(s.facts.get("bypassed_endpoint").is_none(), "{}", s.detail);
    }
}
