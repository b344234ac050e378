//! Through a transit gateway (rule book §15): the sender's attachment and AZ, the ACLs around
//! the attachment's interfaces, the route table associated with the entering attachment, the
//! destination attachment's interface, and the reply's way back through both VPC tables and
//! both TGW tables.

use serde_json::{Value, json};
use std::net::Ipv4Addr;

use super::filter::Dir;
use super::steps::{Crossing, Flow, S, Walk};
use super::trace::{PathKind, Status, StepKind};
use crate::model::{AttachmentKind, Ix, Model, RouteTarget, TgwRouteOrigin};
use crate::outcome::Reason;

/// Where a packet crossed a transit gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    pub tgw: Ix,
    pub src_att: Ix,
    pub src_eni: usize,
    pub dst_att: Ix,
    pub dst_eni: usize,
}

/// The winning route of a TGW route table for `ip`: longest prefix, then static before
/// propagated (TGW-6); with the routes that also matched.
pub fn tgw_select(m: &Model, table: Ix, ip: Ipv4Addr) -> (Option<usize>, Vec<usize>) {
    let rt = &m.tgw_route_tables[table];
    let mut matched: Vec<usize> = (0..rt.routes.len())
        .filter(|&i| rt.routes[i].destination.contains(&ip))
        .collect();
    matched.sort_by_key(|&i| {
        let r = &rt.routes[i];
        (
            std::cmp::Reverse(r.destination.prefix_len()),
            r.origin != TgwRouteOrigin::Static,
            i,
        )
    });
    let best = matched.first().copied();
    let rest = matched.into_iter().skip(1).collect();
    (best, rest)
}

fn route_words(m: &Model, table: Ix, i: usize) -> String {
    let r = &m.tgw_route_tables[table].routes[i];
    let to = match r.target {
        Some(a) => m.tgw_attachments[a].id.clone(),
        None => "blackhole".into(),
    };
    let how = match r.origin {
        TgwRouteOrigin::Static => "static",
        TgwRouteOrigin::Propagated => "propagated",
    };
    format!("{} → {to} ({how})", r.destination)
}

/// The route step sent the packet to transit gateway `t`.
///
/// One piece on purpose: it is the packet's path through the gateway in AWS's order (attachment,
/// state, sending AZ, ACLs, associated table, route, exit interface), each check an early
/// return whose step carries what the previous checks found; split, each part would need the
/// whole state handed back and forth.
pub(crate) fn transit(w: &mut Walk, base: S, t: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let q = w.q;
    let src = &q.source;
    let tg = &m.transit_gateways[t];
    let base = base.obj(&tg.id).rule("TGW-1");
    w.set_path(PathKind::TransitGateway, Some(&tg.id));
    let Some(&sa) = tg
        .attachments
        .iter()
        .find(|&&a| m.tgw_attachments[a].vpc == Some(src.vpc))
    else {
        let s = base.lead("RT-8").more(format!(
            "The route sends {dst} to transit gateway {}, but {} has no attachment to it: a route to a transit gateway works only from an attached VPC, so the packet is dropped (RT-8, TGW-1). Attach the VPC, with a subnet in each AZ that sends.",
            tg.id, m.vpcs[src.vpc].id
        ));
        return Err(w.fail(
            s,
            Reason::BlackholeRoute,
            format!("{} is not attached to {}", m.vpcs[src.vpc].id, tg.id),
        ));
    };
    let att = &m.tgw_attachments[sa];
    w.push(base.obj(&att.id).more(format!(
        "The route sends {dst} to transit gateway {}, which {} reaches through its attachment {} (TGW-1).",
        tg.id, m.vpcs[src.vpc].id, att.id
    )));
    // The sender's group: a reference to a group across the gateway matches nothing unless
    // referencing is on (TGW-20).
    w.sg_out(dst, None, None)?;
    let step = S::new(StepKind::TransitGateway, "")
        .obj(&tg.id)
        .obj(&att.id)
        .fact("transit_gateway", tg.id.clone())
        .fact("attachment", att.id.clone())
        .fact("state", att.state.clone());
    if !att.available {
        return Err(w.fail(
            step.title(format!("{} is {}", att.id, att.state)).lead("TGW-22").detail(format!(
                "Attachment {} of {} is {}: it carries nothing until it is available. A VPC of another account attaching to a shared transit gateway waits for the owner to accept it (TGW-22).",
                att.id, tg.id, att.state
            )),
            Reason::TgwAttachmentNotAvailable,
            format!("{} is {}", att.id, att.state),
        ));
    }
    let sub = &m.subnets[src.subnet];
    let Some(k) = att.enis.iter().position(|e| e.zone_id == sub.zone_id) else {
        let zones: Vec<String> = att
            .enis
            .iter()
            .map(|e| format!("{} ({})", e.zone, e.zone_id))
            .collect();
        return Err(w.fail(
            step.title(format!("{} has no subnet in {} ({})", att.id, sub.zone, sub.zone_id))
                .lead("TGW-13")
                .fact("zone_id", sub.zone_id.clone())
                .detail(format!(
                    "{} sends from {} in {} ({}), but attachment {} has interfaces only in {}. Resources in an AZ where the attachment has no subnet cannot reach the transit gateway, whatever the route table says (TGW-13). Add a subnet of {} to the attachment.",
                    q.source.who(),
                    sub.id,
                    sub.zone,
                    sub.zone_id,
                    att.id,
                    if zones.is_empty() { "no AZ".to_string() } else { zones.join(", ") },
                    sub.zone
                )),
            Reason::TgwNoAttachmentInZone,
            format!("{} has no subnet in {}", att.id, sub.zone_id),
        ));
    };
    let eni = &att.enis[k];
    // The ACLs between the sender and the attachment's interface (TGW-18).
    let what = format!(
        "Leaving {} towards {}'s interface {}",
        sub.id, att.id, eni.ip
    );
    w.acl(
        Crossing {
            subnet: src.subnet,
            dir: Dir::Outbound,
            peer: dst,
            port: q.port,
        },
        Reason::NaclOutboundDeny,
        &what,
    )?;
    let what = format!(
        "Entering {}'s interface {} in {} (its inbound rules see the source address, TGW-18)",
        att.id, eni.ip, m.subnets[eni.subnet].id
    );
    w.acl(
        Crossing {
            subnet: eni.subnet,
            dir: Dir::Inbound,
            peer: src.ip,
            port: q.port,
        },
        Reason::NaclInboundDeny,
        &what,
    )?;
    // The route table associated with the attachment the packet entered by (TGW-1, TGW-2).
    let step = step
        .obj(&m.subnets[eni.subnet].id)
        .fact("zone_id", eni.zone_id.clone())
        .fact("interface", eni.ip.to_string());
    let Some(table) = att.association else {
        return Err(w.fail(
            step.title(format!("{} is associated with no route table", att.id))
                .fact("route_table", Value::Null)
                .lead("TGW-2")
                .detail(format!(
                    "A transit gateway routes a packet by the route table associated with the attachment it entered by (TGW-1). Attachment {} is associated with none, so it forwards nothing (TGW-2). Associate it with a route table of {}.",
                    att.id, tg.id
                )),
            Reason::TgwNotAssociated,
            format!("{} is associated with no route table", att.id),
        ));
    };
    let rt = &m.tgw_route_tables[table];
    let (best, others) = tgw_select(m, table, dst);
    let candidates: Vec<Value> = others
        .iter()
        .map(|&i| json!({"route": route_words(m, table, i), "why": "less specific, or propagated against a static route of the same prefix (TGW-6)"}))
        .collect();
    let step = step
        .obj(&rt.id)
        .fact("route_table", rt.id.clone())
        .fact("candidates", candidates);
    let Some(ri) = best else {
        return Err(w.fail(
            step.title(format!("{}: no route for {dst}", rt.id))
                .fact("destination", Value::Null)
                .fact("target", Value::Null)
                .lead("TGW-8")
                .detail(format!(
                    "{} entered by {}, so {} decides where it goes (TGW-1). No route of {} covers {dst}, and a transit gateway route table has no default or local route: the packet is dropped (TGW-8). Propagate the destination's attachment into {}, or add a static route.",
                    q.source.who(),
                    att.id,
                    rt.id,
                    rt.id,
                    rt.id
                )),
            Reason::TgwNoRoute,
            format!("{} has no route for {dst}", rt.id),
        ));
    };
    let r = &rt.routes[ri];
    let step = step.fact("destination", r.destination.to_string()).fact(
        "route_type",
        match r.origin {
            TgwRouteOrigin::Static => "static",
            TgwRouteOrigin::Propagated => "propagated",
        },
    );
    let Some(da) = r.target else {
        return Err(w.fail(
            step.title(format!("{}: {} is a blackhole", rt.id, r.destination))
                .fact("target", "blackhole")
                .lead("TGW-7")
                .detail(format!(
                    "The most specific route for {dst} in {} (the table of {}) is {}, a blackhole: the transit gateway drops what matches it (TGW-7).",
                    rt.id,
                    att.id,
                    r.destination
                )),
            Reason::TgwBlackhole,
            format!("{} sends {} to a blackhole", rt.id, r.destination),
        ));
    };
    let datt = &m.tgw_attachments[da];
    let step = step.obj(&datt.id).fact("target", datt.id.clone());
    let Some(dvpc) = datt.vpc.filter(|_| datt.kind == AttachmentKind::Vpc) else {
        let hop = Hop {
            tgw: t,
            src_att: sa,
            src_eni: k,
            dst_att: da,
            dst_eni: 0,
        };
        return to_site(w, step, hop, table, ri, dst);
    };
    if !datt.available {
        return Err(w.fail(
            step.title(format!("{} is {}", datt.id, datt.state))
                .lead("TGW-22")
                .detail(format!(
                    "{} sends {dst} to attachment {}, which is {}: it carries nothing (TGW-22).",
                    rt.id, datt.id, datt.state
                )),
            Reason::TgwAttachmentNotAvailable,
            format!("{} is {}", datt.id, datt.state),
        ));
    }
    // Out through the destination attachment's interface in the same AZ, else another (TGW-14).
    let Some(dk) = datt
        .enis
        .iter()
        .position(|e| e.zone_id == eni.zone_id)
        .or((!datt.enis.is_empty()).then_some(0))
    else {
        return Err(w.fail(
            step.title(format!("{} has no interface", datt.id)).detail(format!(
                "{} leads to attachment {}, which has no subnet: nothing carries the packet into {}.",
                rt.id, datt.id, m.vpcs[dvpc].id
            )),
            Reason::UnreachableTarget,
            format!("{} has no interface", datt.id),
        ));
    };
    let deni = &datt.enis[dk];
    let same_az = deni.zone_id == eni.zone_id;
    let kept = if same_az {
        format!("in the same AZ {} (TGW-14)", deni.zone_id)
    } else {
        format!(
            "in {} ({}): the attachment has no interface in {} (TGW-14)",
            deni.zone, deni.zone_id, eni.zone_id
        )
    };
    let rtype = match r.origin {
        TgwRouteOrigin::Static => "a static route",
        TgwRouteOrigin::Propagated => "a route propagated by that attachment",
    };
    let (amode, kept) = appliance_words(m, da, kept);
    w.push(
        step.obj(&m.vpcs[dvpc].id)
            .obj(&m.subnets[deni.subnet].id)
            .fact("appliance_mode", datt.appliance_mode)
            .title(format!(
                "{}: {} → {} (via {}, {})",
                tg.id, r.destination, datt.id, rt.id, eni.zone_id
            ))
            .rules(&["TGW-1", "TGW-6", "TGW-14"])
            .rules(amode)
            .detail(format!(
                "The packet enters {} by {} (interface {} in {}), so {}, the route table associated with that attachment, decides (TGW-1). Its most specific route for {dst} is {} → {}, {rtype} (TGW-6). It leaves through {}'s interface {} {kept}, into {}. The transit gateway changes no address and has no security groups (TGW-20).",
                tg.id,
                att.id,
                eni.ip,
                eni.zone_id,
                rt.id,
                r.destination,
                datt.id,
                datt.id,
                deni.ip,
                m.vpcs[dvpc].id
            )),
    );
    w.tgw = Some(Hop {
        tgw: t,
        src_att: sa,
        src_eni: k,
        dst_att: da,
        dst_eni: dk,
    });
    if !m.vpcs[dvpc].cidrs.iter().any(|c| c.contains(&dst)) {
        return beyond_vpc(w, dvpc, deni.subnet, dst);
    }
    w.deliver_in_vpc(dvpc, dst, Some(RouteTarget::TransitGateway(t)))
}

/// Appliance mode on destination attachment `da` (TGW-15): the transit gateway then picks one
/// of the attachment's interfaces by flow hash, for the life of the flow and for its replies,
/// instead of keeping the originating AZ (TGW-14). Which interface a flow's hash picks is not
/// documented, so the trace keeps the interface it chose and says so; with one interface, or
/// appliance mode off, `kept` stands as it is. Returns the rule ids to add and the words.
pub(crate) fn appliance_words(
    m: &Model,
    da: Ix,
    kept: String,
) -> (&'static [&'static str], String) {
    let datt = &m.tgw_attachments[da];
    if !datt.appliance_mode {
        return (&[], kept);
    }
    if datt.enis.len() < 2 {
        return (
            &["TGW-15"],
            format!(
                "{kept}; {} has appliance mode on, but with one interface the flow hash has only one to pick (TGW-15)",
                datt.id
            ),
        );
    }
    let zones: Vec<&str> = datt.enis.iter().map(|e| e.zone_id.as_str()).collect();
    (
        &["TGW-15"],
        format!(
            "{kept}. But {} has appliance mode on: the transit gateway picks one of its {} interfaces ({}) by a hash of the flow and keeps it for the flow's life and its replies (symmetric, TGW-15), so a real flow may enter through another AZ's interface. Which one a given flow gets is not documented and not modelled: this trace follows the interface above; if the attachment subnets' ACLs or route tables differ, another flow can get another verdict",
            datt.id,
            zones.len(),
            zones.join(", ")
        ),
    )
}

/// A destination outside the VPC the transit gateway delivered to: the attachment subnet's
/// route table forwards it (TGW-17). A gateway endpoint there is not for traffic from outside
/// the VPC (GW-11, TGW-23); centralised egress through a NAT gateway is not modelled yet.
pub(crate) fn beyond_vpc(w: &mut Walk, vpc: Ix, subnet: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let sub = &m.subnets[subnet];
    let table = &m.route_tables[sub.route_table];
    let sel = super::route::select(m, table, dst);
    let base =
        super::steps::route_step_base(m, table, &sel, dst, sub.route_table_explicit, &sub.id)
            .rules(&["TGW-17"]);
    let r = sel.winner.as_ref().map(|x| &table.routes[x.route]);
    match r.map(|r| r.target) {
        Some(RouteTarget::Endpoint(e)) => {
            let ep = &m.endpoints[e];
            let s = base
                .lead("GW-11")
                .rule("TGW-23")
                .obj(&ep.id)
                .title(format!(
                    "{}: {dst} → gateway endpoint {}, not for traffic from outside {}",
                    table.id, ep.id, m.vpcs[vpc].id
                ))
                .more(format!(
                    "The packet came into {} through a transit gateway, and {}'s table {} sends {dst} to gateway endpoint {}. A gateway endpoint carries only traffic that starts in its own VPC: connections from a VPN, Direct Connect, a peering or a transit gateway cannot use it (GW-11, TGW-23). Give the spokes their own gateway endpoints (they are free), or reach the service through an interface endpoint in the hub, which does carry traffic from outside.",
                    m.vpcs[vpc].id, sub.id, table.id, ep.id
                ));
            Err(w.fail(
                s,
                Reason::GatewayEndpointNotTransitive,
                format!("{} is not usable from outside {}", ep.id, m.vpcs[vpc].id),
            ))
        }
        _ => {
            let s = base.title(format!("{}: {dst} leaves {} (not modelled)", table.id, m.vpcs[vpc].id)).more(format!(
                "{dst} is outside {}: the packet is forwarded by {}'s route table {} (TGW-17). Centralised egress through that VPC's NAT gateway (TGW-23) is not modelled yet, so the trace stops here.",
                m.vpcs[vpc].id, sub.id, table.id
            ));
            Err(w.fail(
                s,
                Reason::UnreachableTarget,
                format!("{dst} lies beyond {}", m.vpcs[vpc].id),
            ))
        }
    }
}

/// The destination attachment's interface sends the packet on: its subnet's ACL outbound,
/// unless the destination is in that same subnet (TGW-18).
pub(crate) fn leave_attachment(w: &mut Walk, h: &Hop, ds: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let deni = &m.tgw_attachments[h.dst_att].enis[h.dst_eni];
    if deni.subnet == ds {
        return Ok(());
    }
    let what = format!(
        "Leaving {}'s interface {} in {} (its outbound rules see the destination, TGW-18)",
        m.tgw_attachments[h.dst_att].id, deni.ip, m.subnets[deni.subnet].id
    );
    w.acl(
        Crossing {
            subnet: deni.subnet,
            dir: Dir::Outbound,
            peer: dst,
            port: w.q.port,
        },
        Reason::NaclOutboundDeny,
        &what,
    )
}

/// The reply's ACL crossings, TGW-18 applied on both sides: the destination's subnet to its
/// attachment interface, then from the source's attachment interface to the source.
pub(crate) fn reply_crossings(w: &Walk, h: &Hop, ds: Ix, dst: Ipv4Addr) -> Vec<Crossing> {
    let m = w.m;
    let q = w.q;
    let src = &q.source;
    let port = q.source_port;
    let deni = &m.tgw_attachments[h.dst_att].enis[h.dst_eni];
    let mut out = vec![Crossing {
        subnet: ds,
        dir: Dir::Outbound,
        peer: src.ip,
        port,
    }];
    out.push(Crossing {
        subnet: deni.subnet,
        dir: Dir::Inbound,
        peer: dst,
        port,
    });
    // From a site the reply leaves by the site's attachment: no interface of a source VPC.
    let seni = m.tgw_attachments[h.src_att].enis.get(h.src_eni);
    if let Some(seni) = seni.filter(|e| e.subnet != src.subnet && !src.is_site()) {
        out.push(Crossing {
            subnet: seni.subnet,
            dir: Dir::Outbound,
            peer: src.ip,
            port,
        });
        out.push(Crossing {
            subnet: src.subnet,
            dir: Dir::Inbound,
            peer: dst,
            port,
        });
    }
    out
}

/// The reply's way back (TGW-5, TGW-13): the destination subnet's table must send the client's
/// address to the transit gateway, the destination's AZ must have an attachment interface, and
/// the table associated with the destination's attachment must route it back to the source's.
pub(crate) fn return_route(w: &mut Walk, h: &Hop, ds: Ix) -> Flow {
    let m = w.m;
    let src_ip = w.q.source.ip;
    let tg = &m.transit_gateways[h.tgw];
    let sub = &m.subnets[ds];
    let table = &m.route_tables[sub.route_table];
    let sel = super::route::select(m, table, src_ip);
    let back = sel.winner.as_ref().map(|x| &table.routes[x.route]);
    let base =
        super::steps::route_step_base(m, table, &sel, src_ip, sub.route_table_explicit, &sub.id)
            .fact("return", true)
            .rules(&["RT-1", "TGW-5"]);
    let to_tgw = back.is_some_and(|r| {
        !r.blackhole && matches!(r.target, RouteTarget::TransitGateway(t) if t == h.tgw)
    });
    if !to_tgw {
        let what = match back {
            None => "has no route for it".to_string(),
            Some(r) if r.blackhole => "sends it to a blackhole".to_string(),
            Some(r) => format!("sends it to {}", super::steps::target_label(m, r.target)),
        };
        let s = base
            .title(format!("return route: {} has no way back to {src_ip}", table.id))
            .lead("TGW-5")
            .more(format!(
                "The request arrives, but the reply cannot return: {}'s route table {} {what}, not back to {}. A transit gateway never writes VPC route tables: the destination's subnets need their own route to the client's prefix (TGW-5).",
                sub.id, table.id, tg.id
            ));
        return Err(w.fail(
            s,
            Reason::NoReturnRoute,
            format!("{} has no route back to {src_ip}", table.id),
        ));
    }
    let datt = &m.tgw_attachments[h.dst_att];
    let step = S::new(StepKind::TransitGateway, "")
        .obj(&tg.id)
        .obj(&datt.id)
        .fact("transit_gateway", tg.id.clone())
        .fact("attachment", datt.id.clone())
        .fact("direction", "return")
        .fact("zone_id", sub.zone_id.clone());
    if !datt.enis.iter().any(|e| e.zone_id == sub.zone_id) {
        return Err(w.fail(
            step.title(format!("reply: {} has no subnet in {} ({})", datt.id, sub.zone, sub.zone_id))
                .lead("TGW-13")
                .detail(format!(
                    "The reply leaves from {} in {} ({}), where attachment {} has no interface. The sending-AZ rule applies to replies too: the reply cannot reach the transit gateway (TGW-13).",
                    sub.id, sub.zone, sub.zone_id, datt.id
                )),
            Reason::TgwNoAttachmentInZone,
            format!("reply: {} has no subnet in {}", datt.id, sub.zone_id),
        ));
    }
    let Some(rtab) = datt.association else {
        return Err(w.fail(
            step.title(format!("reply: {} is associated with no route table", datt.id))
                .lead("TGW-2")
                .detail(format!(
                    "The reply enters {} by {}, which is associated with no route table, so the transit gateway forwards nothing back (TGW-2, TGW-5).",
                    tg.id, datt.id
                )),
            Reason::NoReturnRoute,
            format!("{} is associated with no route table", datt.id),
        ));
    };
    let rt = &m.tgw_route_tables[rtab];
    let (best, _) = tgw_select(m, rtab, src_ip);
    let ok = best.and_then(|i| rt.routes[i].target) == Some(h.src_att);
    let step = step.obj(&rt.id).fact("route_table", rt.id.clone());
    if !ok {
        let got = match best {
            None => "has no route for it".to_string(),
            Some(i) => format!("routes it by {}", route_words(m, rtab, i)),
        };
        return Err(w.fail(
            step.title(format!("reply: {} has no route back to {src_ip}", rt.id))
                .fact("destination", best.map(|i| rt.routes[i].destination.to_string()))
                .lead("TGW-5")
                .detail(format!(
                    "The reply is routed afresh: it enters {} by {}, whose associated table {} {got}, not back to {} (TGW-5). Propagate {} into {} (or add a static route), so the spoke's prefix is known there.",
                    tg.id,
                    datt.id,
                    rt.id,
                    m.tgw_attachments[h.src_att].id,
                    m.tgw_attachments[h.src_att].id,
                    rt.id
                )),
            Reason::NoReturnRoute,
            format!("{} has no route back to {src_ip}", rt.id),
        ));
    }
    let i = best.expect("ok");
    w.push(
        step.title(format!("return: {} and {} route {src_ip} back", table.id, rt.id))
            .status(Status::Pass)
            .fact("destination", rt.routes[i].destination.to_string())
            .fact("target", m.tgw_attachments[h.src_att].id.clone())
            .rules(&["TGW-5", "TGW-13"])
            .detail(format!(
                "Replies are routed afresh (TGW-5): {}'s table {} sends {src_ip} to {}, {} has an interface in {} (TGW-13), and {}, the table associated with {}, routes it by {} back to the source's attachment.",
                sub.id,
                table.id,
                tg.id,
                datt.id,
                sub.zone_id,
                rt.id,
                datt.id,
                route_words(m, rtab, i)
            )),
    );
    Ok(())
}

/// The packet leaves the transit gateway through a VPN or Direct Connect attachment to its site
/// (rule book §17): the connection must be up, the site must know the way back to the client
/// (what it learns: over BGP the routes of the TGW table associated with its attachment; over a
/// static connection its own `routes`), and the reply re-enters by that attachment.
fn to_site(w: &mut Walk, step: S, h: Hop, rtab: Ix, ri: usize, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let q = w.q;
    let src_ip = q.source.ip;
    let tg = &m.transit_gateways[h.tgw];
    let rt = &m.tgw_route_tables[rtab];
    let r = &rt.routes[ri];
    let datt = &m.tgw_attachments[h.dst_att];
    let kind = match datt.kind {
        AttachmentKind::DirectConnect => "Direct Connect",
        _ => "VPN",
    };
    w.tgw = Some(h);
    let Some(n) = datt.network else {
        return Err(w.fail(
            step.title(format!("{}: {dst} → {} (no site)", rt.id, datt.id)),
            Reason::UnreachableTarget,
            format!("{} leads to no site", datt.id),
        ));
    };
    let net = &m.networks[n];
    if !datt.available {
        return Err(w.fail(
            step.title(format!("{} is {}", datt.id, datt.state))
                .lead("TGW-22")
                .detail(format!(
                    "{} sends {dst} to {kind} attachment {}, which is {}: it carries nothing.",
                    rt.id, datt.id, datt.state
                )),
            Reason::TgwAttachmentNotAvailable,
            format!("{} is {}", datt.id, datt.state),
        ));
    }
    w.push(
        step.obj(&net.id)
            .title(format!(
                "{}: {} → {} ({kind} to site {})",
                tg.id, r.destination, datt.id, net.id
            ))
            .rules(&["TGW-1", "TGW-6"])
            .detail(format!(
                "The packet enters {} by {}, so {} decides (TGW-1): its most specific route for {dst} is {}, which leaves by {kind} attachment {} to site {}.",
                tg.id,
                m.tgw_attachments[h.src_att].id,
                rt.id,
                route_words(m, rtab, ri),
                datt.id,
                net.id
            )),
    );
    let host = net.hosts.iter().map(|&x| &m.hosts[x]).find(|x| x.ip == dst);
    // What the site knows of the way back to the client.
    let (learned, how) = super::site::learned(m, h.dst_att, src_ip);
    let learned = learned.map(|c| c.to_string());
    let s = S::new(StepKind::Site, "")
        .obj(&net.id)
        .obj(&datt.id)
        .fact("network", net.id.clone())
        .fact("host", host.map(|x| x.id.clone()))
        .fact("ip", dst.to_string())
        .fact("connection", datt.id.clone())
        .fact("advertised", learned.clone())
        .rules(&["SITE-8", "SITE-7", "SITE-9", "SITE-10", "TGW-5"]);
    let s = match host {
        Some(x) => s.obj(&x.id),
        None => s,
    };
    let Some(prefix) = learned else {
        return Err(w.fail(
            s.title(format!("site {} has no route back to {src_ip}", net.id))
                .lead("TGW-5")
                .detail(format!(
                    "The request reaches site {} over {}, but the reply cannot return: {how}, and none covers {src_ip} (SITE-7, SITE-8, SITE-9). {}",
                    net.id,
                    datt.id,
                    match datt.kind {
                        AttachmentKind::DirectConnect => format!(
                            "Add the client VPC's CIDR to {}'s allowed prefixes.",
                            datt.id
                        ),
                        _ if datt.bgp => "Propagate the client VPC's attachment into that table.".to_string(),
                        _ => format!("Add {src_ip}'s range to the site's routes."),
                    }
                )),
            Reason::NoReturnRoute,
            format!("site {} has no route back to {src_ip}", net.id),
        ));
    };
    // The reply re-enters the transit gateway by the site's attachment.
    if let Some(t) = datt.association {
        let (best, _) = tgw_select(m, t, src_ip);
        if best.and_then(|i| m.tgw_route_tables[t].routes[i].target) != Some(h.src_att) {
            let rtb = &m.tgw_route_tables[t];
            return Err(w.fail(
                s.title(format!("reply: {} has no route back to {src_ip}", rtb.id))
                    .obj(&rtb.id)
                    .lead("TGW-5")
                    .detail(format!(
                        "The reply enters {} by {}, whose associated table {} does not route {src_ip} back to {} (TGW-5).",
                        tg.id,
                        datt.id,
                        rtb.id,
                        m.tgw_attachments[h.src_att].id
                    )),
                Reason::NoReturnRoute,
                format!("{} has no route back to {src_ip}", rtb.id),
            ));
        }
    }
    let who = match host {
        Some(x) => format!("host {} ({dst})", x.id),
        None => format!("{dst}"),
    };
    w.push(s.title(format!("site {}: {who}, route back {prefix}", net.id)).detail(format!(
        "The packet reaches site {} over {}. The site's way back to {src_ip}: {how}, which gives {prefix}; the reply re-enters {} by {} and is routed back to the client's attachment (TGW-5).",
        net.id, datt.id, tg.id, datt.id
    )));
    w.reached = Some(match host {
        Some(x) => format!("host {} at site {}", x.id, net.id),
        None => format!("{dst} at site {}", net.id),
    });
    let s = S::new(
        StepKind::Delivery,
        format!("{who} at site {} receives {} {}", net.id, q.protocol.as_str(), q.port),
    )
    .obj(&net.id)
    .fact("destination", host.map(|x| x.id.clone()).unwrap_or_else(|| dst.to_string()))
    .fact("seen_source_ip", src_ip.to_string())
    .detail(format!(
        "The packet reaches {who} at site {} with its source address {src_ip} unchanged: a transit gateway and a VPN translate no addresses (TGW-20). Whatever filters the site applies itself are outside the model.{}",
        net.id,
        if host.is_none() { " No host of the model holds this address; the trace stops at the site's edge." } else { "" }
    ));
    let s = match host {
        Some(x) => s.obj(&x.id),
        None => s.status(Status::Warn),
    };
    w.push(s);
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::engine::{StepKind, Verdict, trace};

    fn model() -> crate::model::Model {
        let p = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/models/trace/transit.yaml"
        );
        crate::model::load::load_file(std::path::Path::new(p)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_json_carries_the_transit_gateway_and_site_steps() {
        let m = model();
        let t = trace(
            &m,
            "i-a",
            "db1",
            &crate::engine::QueryOptions {
                port: Some(5432),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
        let j = serde_json::to_value(&t).unwrap();
        assert_eq!(j["path"], "transit-gateway");
        assert_eq!(j["via"], "tgw-core");
        let steps = j["steps"].as_array().unwrap();
        let tgw = steps
            .iter()
            .find(|s| s["kind"] == "transit-gateway")
            .expect("a transit-gateway step");
        assert_eq!(tgw["facts"]["transit_gateway"], "tgw-core");
        assert_eq!(tgw["facts"]["attachment"], "tgw-attach-a");
        assert_eq!(tgw["facts"]["route_table"], "tgw-rtb-spokes");
        assert_eq!(tgw["facts"]["destination"], "192.168.0.0/16");
        assert_eq!(tgw["facts"]["target"], "tgw-attach-dc1");
        assert_eq!(tgw["facts"]["route_type"], "propagated");
        assert_eq!(tgw["facts"]["zone_id"], "use1-az1");
        let site = steps
            .iter()
            .find(|s| s["kind"] == "site")
            .expect("a site step");
        assert_eq!(site["facts"]["network"], "dc1");
        assert_eq!(site["facts"]["host"], "db1");
        assert_eq!(site["facts"]["connection"], "tgw-attach-dc1");
        assert_eq!(site["facts"]["advertised"], "10.1.0.0/16");
        assert!(t.steps.iter().any(|s| s.kind == StepKind::Site));
        assert!(
            t.summary.contains("through transit gateway tgw-core")
                && !t.summary.contains("not modelled"),
            "{}",
            t.summary
        );
    }
}
