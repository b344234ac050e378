//! IPv6 traces (rule book §5, §6, §7: RT-19, SG-4, NACL-4, IF-32).
//!
//! A request whose destination is an IPv6 address starts at the source instance's `ipv6`
//! address and is walked with IPv6 data only: the route table's IPv6 routes (the VPC's IPv6
//! local route, `::/0`), security group rules with `CidrIpv6` ranges and network ACL rules with
//! `Ipv6CidrBlock`s. An IPv4 rule or route never matches IPv6 traffic, and the reverse.
//!
//! Destinations: an instance's `ipv6`, a dual-stack interface endpoint's IPv6 address (one per
//! interface, from its subnet's /64, IF-32), or an address outside the VPC reached through an
//! internet gateway or an egress-only internet gateway (outbound only, RT-20). Not modelled for
//! IPv6 yet: peering, transit gateways, DNS (AAAA answers are shown by DNS traces; name a
//! destination by its IPv6 address here), group references and prefix lists in rules, and
//! endpoint policies (the trace stops at the endpoint's interface).

use std::net::Ipv6Addr;

use super::filter::{Dir, acl_eval_v6, sg_allows_v6};
use super::steps::S;
use super::trace::{PathKind, Query, QueryOptions, Reason, Status, Step, StepKind, Trace, Verdict};
use super::{QueryError, route};
use crate::model::{GatewayKind, Ix, Model, ObjectRef, Protocol, RouteTarget};

/// Where an IPv6 address leads inside a VPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holder6 {
    Instance(Ix),
    /// Endpoint `e`, interface `k`.
    EndpointEni(Ix, usize),
}

/// The IPv6 destination of `to`: `2600::5`, or `[2600::5]:443`. `None` when `to` is not IPv6.
pub fn parse_destination(to: &str) -> Option<(Ipv6Addr, Option<u16>)> {
    let t = to.trim();
    if let Some(rest) = t.strip_prefix('[') {
        let (addr, tail) = rest.split_once(']')?;
        let ip = addr.parse().ok()?;
        let port = tail.strip_prefix(':').and_then(|p| p.parse().ok());
        return Some((ip, port));
    }
    t.parse().ok().map(|ip| (ip, None))
}

/// Who holds `ip` in `vpc`: an instance's `ipv6` or a dual-stack endpoint interface's address.
fn holder(m: &Model, vpc: Ix, ip: Ipv6Addr) -> Option<Holder6> {
    for &i in &m.vpcs[vpc].instances {
        if m.instances[i].ipv6 == Some(ip) {
            return Some(Holder6::Instance(i));
        }
    }
    for &e in &m.vpcs[vpc].endpoints {
        let ep = &m.endpoints[e];
        if let Some(k) = (0..ep.enis.len()).find(|&k| ep.eni_ipv6(&m.subnets, k) == Some(ip)) {
            return Some(Holder6::EndpointEni(e, k));
        }
    }
    None
}

/// The source: an instance with an `ipv6` address.
fn source(m: &Model, from: &str) -> Result<(Ix, Ipv6Addr), QueryError> {
    let i = match m.lookup(from.trim()) {
        Some(ObjectRef::Instance(i)) => i,
        _ => {
            return Err(QueryError {
                message: format!("`{from}` is not an instance; IPv6 traces start at an instance"),
                help: Some("name an instance that has an `ipv6` address".into()),
            });
        }
    };
    match m.instances[i].ipv6 {
        Some(ip) => Ok((i, ip)),
        None => Err(QueryError {
            message: format!(
                "{} has no IPv6 address, so it cannot send IPv6",
                m.instances[i].id
            ),
            help: Some(
                "give the instance an `ipv6` address from its subnet's `ipv6_cidr` (RT-19)".into(),
            ),
        }),
    }
}

/// The walk's state: the steps so far and the first failure.
struct Walk6<'m> {
    m: &'m Model,
    steps: Vec<Step>,
    reason: Option<Reason>,
    short: String,
    path: Option<PathKind>,
    via: Option<String>,
}

impl Walk6<'_> {
    fn push(&mut self, s: Step) {
        self.steps.push(s);
    }
    fn fail(&mut self, s: Step, reason: Reason, short: String) {
        self.steps.push(s);
        self.reason = Some(reason);
        self.short = short;
    }
}

/// Trace an IPv6 request from the instance `from` to the address in `to` (module docs).
pub fn trace_v6(m: &Model, from: &str, to: &str, opts: &QueryOptions) -> Result<Trace, QueryError> {
    let (dst, port_in_to) = parse_destination(to).ok_or_else(|| QueryError {
        message: format!("`{to}` is not an IPv6 address"),
        help: Some("write 2600:1f18::5 or [2600:1f18::5]:443".into()),
    })?;
    let (src_i, src) = source(m, from)?;
    let protocol = match opts
        .protocol
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("tcp") => Protocol::Tcp,
        Some("udp") => Protocol::Udp,
        Some(other) => {
            return Err(QueryError {
                message: format!("protocol `{other}` is not traced over IPv6"),
                help: Some("use tcp or udp".into()),
            });
        }
    };
    let port = opts.port.or(port_in_to).unwrap_or(443);
    let sport = opts
        .source_port
        .unwrap_or(super::filter::DEFAULT_EPHEMERAL_PORT);
    let mut w = Walk6 {
        m,
        steps: vec![],
        reason: None,
        short: String::new(),
        path: None,
        via: None,
    };
    w.push(source_step(m, src_i, src));
    let f = Flow {
        src_i,
        src,
        dst,
        protocol,
        port,
        sport,
    };
    walk(&mut w, &f);
    let query = Query {
        from: from.to_string(),
        to: to.to_string(),
        protocol: protocol.as_str().to_string(),
        port,
        action: None,
        resource: None,
        principal: None,
    };
    let summary = match w.reason {
        None => format!(
            "{from} reaches {dst} on {} {port} over IPv6.",
            protocol.as_str()
        ),
        Some(code) => format!("{from} cannot reach {dst} over IPv6: {} ({code}).", w.short),
    };
    Ok(Trace {
        query,
        verdict: if w.reason.is_some() {
            Verdict::Blocked
        } else {
            Verdict::Allowed
        },
        reason: w.reason,
        path: w.path,
        via: w.via,
        steps: w.steps,
        summary,
        alternatives: vec![],
        blocked_answers: vec![],
        answers: vec![],
    })
}

/// One IPv6 flow.
struct Flow {
    src_i: Ix,
    src: Ipv6Addr,
    dst: Ipv6Addr,
    protocol: Protocol,
    port: u16,
    sport: u16,
}

fn source_step(m: &Model, i: Ix, ip: Ipv6Addr) -> Step {
    let inst = &m.instances[i];
    let sub = &m.subnets[inst.subnet];
    let vpc = &m.vpcs[inst.vpc];
    S::new(
        StepKind::Source,
        format!(
            "{} ({ip}) in {} ({} · {})",
            inst.id, sub.id, sub.zone, sub.zone_id
        ),
    )
    .status(Status::Info)
    .fact("ip", ip.to_string())
    .fact("family", "ipv6")
    .fact("subnet", sub.id.clone())
    .fact("vpc", vpc.id.clone())
    .fact("zone", sub.zone.clone())
    .fact("zone_id", sub.zone_id.clone())
    .obj(&inst.id)
    .obj(&sub.id)
    .obj(&vpc.id)
    .rule("RT-19")
    .concept("az-ids")
    .detail(format!(
        "The request starts at instance {} from its IPv6 address {ip} in subnet {} of {}. \
         An IPv6 packet is routed and filtered by IPv6 routes and rules only (RT-19).",
        inst.id, sub.id, vpc.id
    ))
    .build()
}

/// The walk after the source step: route, filters out, filters in, the reply's ACLs, delivery.
fn walk(w: &mut Walk6, f: &Flow) {
    let m = w.m;
    let inst = &m.instances[f.src_i];
    let table = &m.route_tables[m.subnets[inst.subnet].route_table];
    let Some((k, net)) = route::select_v6(table, f.dst) else {
        let s = S::new(
            StepKind::Route,
            format!("no IPv6 route to {} in {}", f.dst, table.id),
        )
        .status(Status::Fail)
        .fact("route_table", table.id.clone())
        .fact("address", f.dst.to_string())
        .obj(&table.id)
        .rules(&["RT-11", "RT-19"])
        .concept("route-tables")
        .detail(format!(
            "Route table {} has no IPv6 route containing {}: IPv4 routes such as 0.0.0.0/0 \
                 never carry IPv6 packets. Add a route for ::/0 (or a narrower IPv6 prefix) to an \
                 internet gateway or an egress-only internet gateway (RT-19, RT-20).",
            table.id, f.dst
        ))
        .build();
        w.fail(
            s,
            Reason::NoRoute,
            format!("{} has no IPv6 route", table.id),
        );
        return;
    };
    let r = &table.routes[k];
    let (target, dest) = match r.target {
        RouteTarget::Local => ("local".to_string(), holder(m, inst.vpc, f.dst)),
        RouteTarget::Gateway(g) => (m.gateways[g].id.clone(), None),
        _ => ("another target".to_string(), None),
    };
    let mut s = S::new(
        StepKind::Route,
        format!("{} matches {net} → {target}", f.dst),
    )
    .fact("route_table", table.id.clone())
    .fact("destination", net.to_string())
    .fact("matched_cidr", net.to_string())
    .fact("target", target.clone())
    .obj(&table.id)
    .rules(&["RT-11", "RT-19"])
    .concept("route-tables");
    if r.blackhole {
        s = s.status(Status::Fail).detail(format!(
            "The route {net} → {target} in {} is a blackhole: its target is gone (RT-8).",
            table.id
        ));
        w.fail(
            s.build(),
            Reason::BlackholeRoute,
            format!("{net} is a blackhole"),
        );
        return;
    }
    match r.target {
        RouteTarget::Local => {
            let Some(h) = dest else {
                let s = s.status(Status::Fail).detail(format!(
                    "{} is inside the VPC's IPv6 block ({net}, the IPv6 local route), but no \
                     instance or dual-stack endpoint interface holds it.",
                    f.dst
                ));
                w.fail(
                    s.build(),
                    Reason::UnreachableTarget,
                    format!("nothing holds {}", f.dst),
                );
                return;
            };
            w.push(
                s.status(Status::Pass)
                    .detail(format!(
                        "The VPC's IPv6 local route {net} carries {} inside the VPC (RT-19).",
                        f.dst
                    ))
                    .build(),
            );
            inside(w, f, h);
        }
        RouteTarget::Gateway(g)
            if matches!(
                m.gateways[g].kind,
                GatewayKind::Internet | GatewayKind::EgressOnly
            ) =>
        {
            let gw = &m.gateways[g];
            let rule = if gw.kind == GatewayKind::EgressOnly {
                "RT-20"
            } else {
                "RT-19"
            };
            w.push(s.status(Status::Pass).rule(rule).detail(format!(
                "{net} sends the packet to {} ({}). IPv6 addresses are public, so no address \
                 translation happens (RT-19); an egress-only gateway carries connections the VPC \
                 starts and their replies only (RT-20).",
                gw.id,
                gw.kind.as_str()
            )).build());
            w.path = Some(PathKind::Internet);
            w.via = Some(gw.id.clone());
            outside(w, f);
        }
        _ => {
            let s = s.status(Status::Fail).detail(format!(
                "{net} → {target}: linkscope follows IPv6 only to the VPC's local route, internet \
                 gateways and egress-only internet gateways (not modelled: {target})."
            ));
            w.fail(
                s.build(),
                Reason::UnreachableTarget,
                format!("IPv6 via {target} is not modelled"),
            );
        }
    }
}

/// The security group step for `groups` in one direction.
fn sg_step(w: &mut Walk6, f: &Flow, groups: &[Ix], dir: Dir, peer: Ipv6Addr, owner: &str) -> bool {
    let m = w.m;
    let hit = sg_allows_v6(m, groups, dir, f.protocol, f.port, peer);
    let ids: Vec<String> = groups
        .iter()
        .map(|&g| m.security_groups[g].id.clone())
        .collect();
    let mut s = S::new(
        StepKind::SecurityGroup,
        format!("{owner} {} {}", dir.as_str(), ids.join(", ")),
    )
    .fact("direction", dir.as_str())
    .fact("groups", ids.clone())
    .rules(&["SG-2", "SG-4"])
    .concept("security-groups");
    for id in &ids {
        s = s.obj(id);
    }
    match hit {
        Some(h) => {
            let sg = &m.security_groups[h.group];
            let rules = if dir == Dir::Inbound {
                &sg.inbound
            } else {
                &sg.outbound
            };
            let words = super::filter::describe_sg_rule(m, &rules[h.rule], dir);
            w.push(
                s.status(Status::Pass)
                    .fact("group", sg.id.clone())
                    .fact("rule_index", h.rule as u64)
                    .detail(format!(
                        "{} allows it: {words} (an IPv6 range, SG-4).",
                        sg.id
                    ))
                    .build(),
            );
            true
        }
        None => {
            let (reason, word) = if dir == Dir::Inbound {
                (Reason::SgInboundDeny, "from")
            } else {
                (Reason::SgOutboundDeny, "to")
            };
            let s = s
                .status(Status::Fail)
                .fact("group", ids.first().cloned().unwrap_or_default())
                .detail(format!(
                    "No {} rule of {} allows {} {} {word} {peer}. Rules with IPv4 ranges \
                     (0.0.0.0/0 included) never match IPv6 packets: add a rule with an IPv6 \
                     range such as ::/0 (SG-4). Group references and prefix lists are not \
                     evaluated for IPv6 by linkscope yet.",
                    dir.as_str(),
                    ids.join(", "),
                    f.protocol.as_str(),
                    f.port
                ))
                .build();
            w.fail(
                s,
                reason,
                format!("no {} IPv6 rule of {owner}'s groups", dir.as_str()),
            );
            false
        }
    }
}

/// The network ACL of `subnet` for one packet; `peer` is the other end, `port` the packet's
/// destination port.
fn acl_step(
    w: &mut Walk6,
    f: &Flow,
    subnet: Ix,
    dir: Dir,
    (peer, port): (Ipv6Addr, u16),
    reason: Reason,
) -> bool {
    let m = w.m;
    let acl = &m.network_acls[m.subnets[subnet].network_acl];
    let hit = acl_eval_v6(acl, dir, f.protocol, port, peer);
    let words = super::filter::describe_acl_hit(acl, dir, &hit);
    let is_return = reason == Reason::NaclReturnDeny;
    let s = S::new(
        StepKind::NetworkAcl,
        format!(
            "{}{} {} of {}: {}",
            if is_return { "reply: " } else { "" },
            acl.id,
            dir.as_str(),
            m.subnets[subnet].id,
            if hit.allow { "allow" } else { "deny" }
        ),
    )
    .fact("acl", acl.id.clone())
    .fact("direction", dir.as_str())
    .fact("rule", hit.label())
    .fact("return", is_return)
    .obj(&acl.id)
    .rules(if is_return {
        &["NACL-3", "NACL-4", "NACL-2"][..]
    } else {
        &["NACL-3", "NACL-4"][..]
    })
    .concept("network-acls")
    .detail(format!(
        "{words}. ACL rules match one address family: ::/0 matches IPv6 only, 0.0.0.0/0 IPv4 \
         only (NACL-4){}.",
        if is_return {
            "; ACLs are stateless, so the reply needs its own rule (NACL-2)"
        } else {
            ""
        }
    ));
    if hit.allow {
        w.push(s.status(Status::Pass).build());
        true
    } else {
        let short = format!("{} {} rule {} denies", acl.id, dir.as_str(), hit.label());
        w.fail(s.status(Status::Fail).build(), reason, short);
        false
    }
}

/// From the source's groups to a holder inside the VPC, and the reply back.
fn inside(w: &mut Walk6, f: &Flow, h: Holder6) {
    let m = w.m;
    let inst = &m.instances[f.src_i];
    let (dst_subnet, groups, id, eni_rule) = match h {
        Holder6::Instance(i) => (
            m.instances[i].subnet,
            m.instances[i].security_groups.clone(),
            m.instances[i].id.clone(),
            None,
        ),
        Holder6::EndpointEni(e, k) => (
            m.endpoints[e].enis[k].subnet,
            m.endpoints[e].security_groups.clone(),
            m.endpoints[e].id.clone(),
            Some("IF-32"),
        ),
    };
    if !sg_step(w, f, &inst.security_groups, Dir::Outbound, f.dst, &inst.id) {
        return;
    }
    // ACLs apply where traffic crosses a subnet boundary (NACL-5).
    let crosses = dst_subnet != inst.subnet;
    if crosses
        && (!acl_step(
            w,
            f,
            inst.subnet,
            Dir::Outbound,
            (f.dst, f.port),
            Reason::NaclOutboundDeny,
        ) || !acl_step(
            w,
            f,
            dst_subnet,
            Dir::Inbound,
            (f.src, f.port),
            Reason::NaclInboundDeny,
        ))
    {
        return;
    }
    if !sg_step(w, f, &groups, Dir::Inbound, f.src, &id) {
        return;
    }
    if crosses
        && (!acl_step(
            w,
            f,
            dst_subnet,
            Dir::Outbound,
            (f.src, f.sport),
            Reason::NaclReturnDeny,
        ) || !acl_step(
            w,
            f,
            inst.subnet,
            Dir::Inbound,
            (f.dst, f.sport),
            Reason::NaclReturnDeny,
        ))
    {
        return;
    }
    if eni_rule.is_some() {
        w.path = Some(PathKind::InterfaceEndpoint);
        w.via = Some(id.clone());
    } else {
        w.path = Some(PathKind::Local);
    }
    let what = match h {
        Holder6::Instance(_) => format!("instance {id}"),
        Holder6::EndpointEni(e, k) => format!(
            "interface {} of dual-stack endpoint {id} in {} (its IPv6 address comes from the \
             subnet's /64, IF-32)",
            k + 1,
            m.subnets[m.endpoints[e].enis[k].subnet].id
        ),
    };
    let mut s = S::new(
        StepKind::Delivery,
        format!("delivered to {id} at {}", f.dst),
    )
    .status(Status::Pass)
    .fact("destination", f.dst.to_string())
    .fact("family", "ipv6")
    .obj(&id)
    .rule("RT-19")
    .concept(if eni_rule.is_some() {
        "interface-endpoints"
    } else {
        "gateway-vs-interface"
    })
    .detail(format!("The packet reaches {what}."));
    if let Some(r) = eni_rule {
        s = s.rule(r).fact("endpoint", id.clone());
    }
    w.push(s.build());
}

/// Out through an internet or egress-only internet gateway: the source's groups and ACLs only.
fn outside(w: &mut Walk6, f: &Flow) {
    let m = w.m;
    let inst = &m.instances[f.src_i];
    if !sg_step(w, f, &inst.security_groups, Dir::Outbound, f.dst, &inst.id)
        || !acl_step(
            w,
            f,
            inst.subnet,
            Dir::Outbound,
            (f.dst, f.port),
            Reason::NaclOutboundDeny,
        )
        || !acl_step(
            w,
            f,
            inst.subnet,
            Dir::Inbound,
            (f.dst, f.sport),
            Reason::NaclReturnDeny,
        )
    {
        return;
    }
    let via = w.via.clone().unwrap_or_default();
    w.push(
        S::new(
            StepKind::Delivery,
            format!("leaves through {via} to {}", f.dst),
        )
        .status(Status::Pass)
        .fact("destination", f.dst.to_string())
        .fact("family", "ipv6")
        .obj(&via)
        .rules(&["RT-19", "RT-20"])
        .concept("gateway-vs-interface")
        .detail(format!(
            "The packet leaves the VPC through {via} towards {}; what lies beyond is outside \
                 the model.",
            f.dst
        ))
        .build(),
    );
}
