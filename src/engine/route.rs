//! Route selection in a subnet's route table (rule book §5).
//!
//! Longest-prefix match first, always (RT-11), over CIDR routes and over every entry of each
//! prefix-list route (RT-13; gateway endpoint routes point at their region's AWS-managed list,
//! GW-6). Among routes of equal length: static (and `local`) routes beat prefix-list routes,
//! which beat propagated routes (RT-12, GW-7). Two prefix-list routes tying exactly is resolved
//! by AWS at random and then kept (RT-13); we keep the first in table order and say so.
//!
//! [`best_route`] is the selection itself, over plain entries, so tests can compare it with a
//! brute-force scan; [`select`] applies it to a model route table and explains the losers.

use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

use crate::model::{Model, Route, RouteDest, RouteOrigin, RouteTable};

/// Route priority among equal prefixes: lower wins (RT-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Static CIDR routes, and the `local` routes.
    Static = 0,
    /// Routes whose destination is a prefix list (gateway endpoint routes included).
    PrefixList = 1,
    /// Routes propagated from a virtual private gateway.
    Propagated = 2,
}

impl Priority {
    pub fn of(r: &Route) -> Priority {
        match (&r.destination, r.origin) {
            (RouteDest::PrefixList(_), _) => Priority::PrefixList,
            (_, RouteOrigin::Propagated) => Priority::Propagated,
            _ => Priority::Static,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Priority::Static => "static",
            Priority::PrefixList => "prefix-list",
            Priority::Propagated => "propagated",
        }
    }
}

/// One route as the selection sees it: its destination CIDRs (one, or a prefix list's entries)
/// and its priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteEntry {
    pub nets: Vec<Ipv4Net>,
    pub priority: Priority,
}

/// The most specific of `nets` containing `ip`.
pub fn best_net(nets: &[Ipv4Net], ip: Ipv4Addr) -> Option<Ipv4Net> {
    nets.iter()
        .filter(|n| n.contains(&ip))
        .max_by_key(|n| n.prefix_len())
        .copied()
}

/// The winning entry for `ip`: longest prefix, then priority, then table order.
pub fn best_route(entries: &[RouteEntry], ip: Ipv4Addr) -> Option<usize> {
    best_by(entries.len(), |k| {
        best_net(&entries[k].nets, ip).map(|n| (n, entries[k].priority))
    })
}

/// The selection itself over `n` routes, given each route's best matching net and priority:
/// longest prefix, then priority, then table order.
fn best_by(n: usize, matched: impl Fn(usize) -> Option<(Ipv4Net, Priority)>) -> Option<usize> {
    let mut best: Option<(u8, Priority, usize)> = None;
    for k in 0..n {
        let Some((net, priority)) = matched(k) else {
            continue;
        };
        let key = (net.prefix_len(), priority, k);
        best = match best {
            Some(b) if !(key.0 > b.0 || (key.0 == b.0 && key.1 < b.1)) => Some(b),
            _ => Some(key),
        };
    }
    best.map(|(_, _, k)| k)
}

/// A matching route of a table: its index in `table.routes`, the entry that matched, its
/// priority.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub route: usize,
    pub net: Ipv4Net,
    pub priority: Priority,
}

/// Why a matching route lost.
#[derive(Debug, Clone, PartialEq)]
pub struct Loser {
    pub matched: Matched,
    pub why: String,
}

/// The outcome of route selection in one table.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub winner: Option<Matched>,
    pub losers: Vec<Loser>,
    /// Another prefix-list route tied exactly with the winner (RT-13: AWS picks one).
    pub tie: bool,
}

/// The entries of a route: a CIDR, or the prefix list's CIDRs in the VPC's region (GW-6 (b): a
/// gateway endpoint route only covers its own region's list).
pub fn route_nets(m: &Model, r: &Route, region: &str) -> Vec<Ipv4Net> {
    match &r.destination {
        RouteDest::Cidr(c) => vec![*c],
        RouteDest::Cidr6(_) => vec![],
        RouteDest::PrefixList(id) => super::filter::prefix_list_cidrs(m, id, region)
            .map(<[Ipv4Net]>::to_vec)
            .unwrap_or_default(),
    }
}

/// The most specific entry of a route containing `ip` (no allocation).
fn route_match(m: &Model, r: &Route, region: &str, ip: Ipv4Addr) -> Option<Ipv4Net> {
    match &r.destination {
        RouteDest::Cidr(c) => c.contains(&ip).then_some(*c),
        // An IPv6 route never carries IPv4 traffic (RT-19).
        RouteDest::Cidr6(_) => None,
        RouteDest::PrefixList(id) => {
            super::filter::prefix_list_cidrs(m, id, region).and_then(|cs| best_net(cs, ip))
        }
    }
}

/// Select the route for `ip` in `table` and explain every other matching route.
pub fn select(m: &Model, table: &RouteTable, ip: Ipv4Addr) -> Selection {
    let region = &m.vpcs[table.vpc].region;
    let matches: Vec<Option<(Ipv4Net, Priority)>> = table
        .routes
        .iter()
        .map(|r| route_match(m, r, region, ip).map(|n| (n, Priority::of(r))))
        .collect();
    let Some(w) = best_by(matches.len(), |k| matches[k]) else {
        return Selection {
            winner: None,
            losers: vec![],
            tie: false,
        };
    };
    let (wnet, wprio) = matches[w].expect("winner matches");
    let winner = Matched {
        route: w,
        net: wnet,
        priority: wprio,
    };
    let mut losers = Vec::new();
    let mut tie = false;
    for (k, mk) in matches.iter().enumerate() {
        if k == w {
            continue;
        }
        let Some((net, priority)) = *mk else { continue };
        let why = if net.prefix_len() < wnet.prefix_len() {
            format!(
                "less specific: /{} loses to /{} (longest prefix wins, RT-11)",
                net.prefix_len(),
                wnet.prefix_len()
            )
        } else if priority > winner.priority {
            format!(
                "same prefix /{}, but a {} route loses to a {} route (RT-12, GW-7)",
                net.prefix_len(),
                priority.as_str(),
                winner.priority.as_str()
            )
        } else {
            if priority == Priority::PrefixList && table.routes[k].target != table.routes[w].target
            {
                tie = true;
            }
            format!(
                "same prefix /{} and priority: AWS picks one at random and keeps it; this trace takes the first in the table (RT-13)",
                net.prefix_len()
            )
        };
        losers.push(Loser {
            matched: Matched {
                route: k,
                net,
                priority,
            },
            why,
        });
    }
    Selection {
        winner: Some(winner),
        losers,
        tie,
    }
}

/// The route for an IPv6 destination (RT-6, RT-19): longest prefix over the table's IPv6
/// routes, the VPC's IPv6 local route included; IPv4 and prefix-list routes never match.
/// Returns the route's index in `table.routes` and its prefix; equal prefixes keep table order
/// (propagated IPv6 routes are not modelled, so no priority applies).
pub fn select_v6(table: &RouteTable, ip: std::net::Ipv6Addr) -> Option<(usize, ipnet::Ipv6Net)> {
    let mut best: Option<(usize, ipnet::Ipv6Net)> = None;
    for (k, r) in table.routes.iter().enumerate() {
        if let RouteDest::Cidr6(c) = &r.destination
            && c.contains(&ip)
            && best.is_none_or(|(_, b)| c.prefix_len() > b.prefix_len())
        {
            best = Some((k, *c));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(nets: &[&str], p: Priority) -> RouteEntry {
        RouteEntry {
            nets: nets.iter().map(|n| n.parse().unwrap()).collect(),
            priority: p,
        }
    }

    #[test]
    fn ipv6_selection_ignores_ipv4_routes() {
        use crate::diag::Pos;
        use crate::model::{Route, RouteOrigin, RouteTarget};
        let r = |d: RouteDest| Route {
            destination: d,
            target: RouteTarget::Local,
            origin: RouteOrigin::Static,
            blackhole: false,
            pos: Pos::UNKNOWN,
        };
        let table = RouteTable {
            id: "rtb".into(),
            name: String::new(),
            vpc: 0,
            main: false,
            implicit: false,
            routes: vec![
                r(RouteDest::Cidr("0.0.0.0/0".parse().unwrap())),
                r(RouteDest::Cidr6("::/0".parse().unwrap())),
                r(RouteDest::Cidr6("2600:1f18::/56".parse().unwrap())),
            ],
            pos: Pos::UNKNOWN,
        };
        let ip = |s: &str| s.parse::<std::net::Ipv6Addr>().unwrap();
        assert_eq!(select_v6(&table, ip("2600:1f18::5")).map(|x| x.0), Some(2));
        assert_eq!(select_v6(&table, ip("2606:4700::1")).map(|x| x.0), Some(1));
        let v4_only = RouteTable {
            routes: table.routes[..1].to_vec(),
            ..table
        };
        assert_eq!(select_v6(&v4_only, ip("2606:4700::1")), None);
    }

    #[test]
    fn longest_prefix_then_priority() {
        let t = vec![
            e(&["0.0.0.0/0"], Priority::Static),
            e(&["52.216.0.0/15", "54.231.0.0/17"], Priority::PrefixList),
            e(&["52.216.0.0/15"], Priority::Propagated),
            e(&["52.216.0.0/15"], Priority::Static),
        ];
        let ip: Ipv4Addr = "52.216.8.10".parse().unwrap();
        assert_eq!(best_route(&t, ip), Some(3));
        assert_eq!(best_route(&t[..3], ip), Some(1));
        assert_eq!(best_route(&t[..1], ip), Some(0));
        assert_eq!(best_route(&t[1..3], "10.0.0.1".parse().unwrap()), None);
    }
}
