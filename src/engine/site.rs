//! A machine at a site as the source of a trace (rule book §17): what the site learned from its
//! connections decides which one it sends by (`SITE_NO_ROUTE` when none covers the destination),
//! then the transit gateway routes by the table associated with the site's attachment, and the
//! packet enters the destination VPC through that VPC attachment's interface.
//!
//! A site has no AZ: the interface the transit gateway uses into the VPC is taken in the
//! destination's AZ when the attachment has one there, else the first (inferred: AWS documents
//! no choice for traffic from a VPN or Direct Connect; SITE-12 in the rule book). Names are
//! resolved by public DNS (a site without a modelled DNS server, MODEL.md networks), where the
//! endpoint-specific names of interface endpoints resolve to their private addresses (IF-14).

use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

use super::QueryError;
use super::query::Parsed;
use super::query::{Source, SourceKind};
use super::steps::{Flow, S, Walk};
use super::trace::{PathKind, Status, Step, StepKind};
use super::transit::{Hop, tgw_select};
use crate::model::{AttachmentKind, Ix, Model, ObjectRef, RouteTarget};
use crate::outcome::Reason;

/// What a site learned from connection `att` for `ip`: the most specific prefix covering it,
/// and a sentence saying how the site learns. Over BGP VPN: the routes of the TGW table
/// associated with the attachment (SITE-8); over Direct Connect: exactly the allowed prefixes
/// (SITE-9); over a static connection: the site's own `routes` (SITE-7).
pub(crate) fn learned(m: &Model, att: Ix, ip: Ipv4Addr) -> (Option<Ipv4Net>, String) {
    let a = &m.tgw_attachments[att];
    let most = |l: &mut dyn Iterator<Item = Ipv4Net>| {
        l.filter(|c| c.contains(&ip)).max_by_key(|c| c.prefix_len())
    };
    let list = |l: &[Ipv4Net]| {
        if l.is_empty() {
            "none".to_string()
        } else {
            l.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    if a.kind == AttachmentKind::DirectConnect {
        return (
            most(&mut a.allowed_prefixes.iter().copied()),
            format!(
                "over Direct Connect the site learns exactly {}'s allowed prefixes ({})",
                a.id,
                list(&a.allowed_prefixes)
            ),
        );
    }
    if !a.bgp {
        let routes = a.network.map(|n| &m.networks[n].routes[..]).unwrap_or(&[]);
        return (
            most(&mut routes.iter().copied()),
            format!(
                "over a static connection the site sends what its own routes ({}) name",
                list(routes)
            ),
        );
    }
    match a.association {
        Some(t) => {
            let rt = &m.tgw_route_tables[t];
            let (best, _) = tgw_select(m, t, ip);
            let back = best.filter(|&i| rt.routes[i].target.is_some());
            (
                back.map(|i| rt.routes[i].destination),
                format!(
                    "over BGP the site learns the routes of {}, the table associated with {}",
                    rt.id, a.id
                ),
            )
        }
        None => (
            None,
            format!(
                "{} is associated with no route table, so the site learns nothing over BGP",
                a.id
            ),
        ),
    }
}

/// `--from` naming a host of a site, or an address in a site's CIDRs that no subnet holds.
/// `Ok(None)` when `from` is neither.
pub(crate) fn parse_site_source(m: &Model, from: &str) -> Result<Option<Source>, QueryError> {
    let (network, host, ip) = match m.lookup(from) {
        Some(ObjectRef::Host(h)) => (m.hosts[h].network, Some(h), m.hosts[h].ip),
        Some(ObjectRef::Network(n)) => {
            return Err(QueryError {
                message: format!("`{from}` is a site, not a machine"),
                help: Some(format!(
                    "name one of its hosts ({}) or an address in its CIDRs",
                    m.networks[n]
                        .hosts
                        .iter()
                        .map(|&h| m.hosts[h].id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
        }
        _ => {
            let Ok(ip) = from.parse::<Ipv4Addr>() else {
                return Ok(None);
            };
            if !m.vpcs_containing(ip).is_empty() {
                return Ok(None);
            }
            let Some(n) = m
                .networks
                .iter()
                .position(|n| n.cidrs.iter().any(|c| c.contains(&ip)))
            else {
                return Ok(None);
            };
            let host = m.networks[n]
                .hosts
                .iter()
                .copied()
                .find(|&h| m.hosts[h].ip == ip);
            (n, host, ip)
        }
    };
    let net = &m.networks[network];
    // The anchor: the first VPC attached to a transit gateway the site connects to. It gives
    // the request's region and account defaults only.
    let anchor = net
        .attachments
        .iter()
        .find_map(|&a| {
            let tg = &m.transit_gateways[m.tgw_attachments[a].tgw];
            tg.attachments.iter().find_map(|&b| {
                let v = m.tgw_attachments[b].vpc?;
                m.vpcs[v].subnets.first().map(|&s| (v, s))
            })
        })
        .or_else(|| {
            vgws_of(m, network).find_map(|(g, _)| {
                let v = m.gateways[g].vpc;
                m.vpcs[v].subnets.first().map(|&s| (v, s))
            })
        });
    let Some((vpc, subnet)) = anchor else {
        return Err(QueryError {
            message: format!(
                "site {} has no connection to a VPC of the model: it is attached to no transit gateway with a VPC attachment and no virtual private gateway connects to it",
                net.id
            ),
            help: Some(format!(
                "add a transit gateway attachment with `network: {}` (MODEL.md, transit_gateways), or a `connections` entry naming it on a VPC gateway of `type: vgw`",
                net.id
            )),
        });
    };
    let label = match host {
        Some(h) => m.hosts[h].id.clone(),
        None => ip.to_string(),
    };
    Ok(Some(Source {
        kind: SourceKind::Site { network, host },
        how: match host {
            Some(h) => format!("host {} at site {}", m.hosts[h].id, net.id),
            None => format!("an address of site {} ({ip})", net.id),
        },
        label,
        ip,
        subnet,
        vpc,
        groups: vec![],
        public_ip: None,
        role: None,
    }))
}

/// The walk from a site: the site picks the connection whose learned prefix for `dst` is the
/// most specific (SITE-7/8/9), then the transit gateway of that attachment forwards it.
pub(crate) fn run(w: &mut Walk, network: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let net = &m.networks[network];
    let mut best: Option<(Way, Ipv4Net)> = None;
    let mut hows = Vec::new();
    let mut consider = |way: Way, p: Option<Ipv4Net>| {
        if let Some(p) = p
            && best.is_none_or(|(_, b)| p.prefix_len() > b.prefix_len())
        {
            best = Some((way, p));
        }
    };
    for &a in &net.attachments {
        let (p, how) = learned(m, a, dst);
        hows.push(format!("{}: {how}", m.tgw_attachments[a].id));
        consider(Way::Tgw(a), p);
    }
    for (g, c) in vgws_of(m, network) {
        let (p, how) = learned_vgw(m, g, &c, dst);
        hows.push(format!("{}: {how}", m.gateways[g].id));
        consider(Way::Vgw(g), p);
    }
    let step = S::new(StepKind::Site, "")
        .obj(&net.id)
        .fact("network", net.id.clone())
        .fact(
            "host",
            match w.q.source.kind {
                SourceKind::Site { host: Some(h), .. } => Some(m.hosts[h].id.clone()),
                _ => None,
            },
        )
        .fact("ip", w.q.source.ip.to_string())
        .rules(&["SITE-7", "SITE-8", "SITE-9"]);
    let Some((way, prefix)) = best else {
        let s = step
            .title(format!("site {}: no route to {dst}", net.id))
            .fact("connection", None::<String>)
            .fact("advertised", None::<String>)
            .detail(format!(
                "Site {} sends to AWS only what it learned from its connections, and none covers {dst}. {}. Advertise {dst}'s range to the site (propagate the destination's attachment into the table associated with the site's attachment, add it to the allowed prefixes, or to the site's static routes).",
                net.id,
                if hows.is_empty() { "It has no connection".to_string() } else { hows.join("; ") }
            ));
        return Err(w.fail(
            s,
            Reason::SiteNoRoute,
            format!("site {} learned no route to {dst}", net.id),
        ));
    };
    let a = match way {
        Way::Tgw(a) => a,
        Way::Vgw(g) => {
            let gw = &m.gateways[g];
            w.push(
                step.obj(&gw.id)
                    .fact("connection", gw.id.clone())
                    .fact("advertised", prefix.to_string())
                    .status(Status::Pass)
                    .rule("SITE-6")
                    .title(format!("site {}: {prefix} via {}", net.id, gw.id))
                    .detail(format!(
                        "Site {} sends {dst} by virtual private gateway {} because it learned {prefix} from it: {}.",
                        net.id,
                        gw.id,
                        hows.join("; ")
                    )),
            );
            return enter_vgw(w, g, dst);
        }
    };
    let att = &m.tgw_attachments[a];
    w.push(
        step.obj(&att.id)
            .fact("connection", att.id.clone())
            .fact("advertised", prefix.to_string())
            .status(Status::Pass)
            .title(format!("site {}: {prefix} via {}", net.id, att.id))
            .detail(format!(
                "Site {} sends {dst} by {} because it learned {prefix} from it: {}.",
                net.id,
                att.id,
                hows.join("; ")
            )),
    );
    enter_tgw(w, a, dst)
}

/// Which way a site sends: a transit gateway attachment or a virtual private gateway.
#[derive(Clone, Copy)]
enum Way {
    Tgw(Ix),
    Vgw(Ix),
}

/// The virtual private gateways connected to site `network`, with the connection.
pub(crate) fn vgws_of(
    m: &Model,
    network: Ix,
) -> impl Iterator<Item = (Ix, crate::model::VgwConnection)> + '_ {
    m.gateways.iter().enumerate().flat_map(move |(g, gw)| {
        gw.connections
            .iter()
            .filter(move |c| c.network == network)
            .map(move |c| (g, *c))
    })
}

/// What a site learned from virtual private gateway `g` for `ip`: over BGP (VPN or Direct
/// Connect private VIF) the VPC's CIDRs (SITE-6); over a static VPN, the site's own routes
/// (SITE-7).
fn learned_vgw(
    m: &Model,
    g: Ix,
    c: &crate::model::VgwConnection,
    ip: Ipv4Addr,
) -> (Option<Ipv4Net>, String) {
    let gw = &m.gateways[g];
    let most = |l: &[Ipv4Net]| {
        l.iter()
            .filter(|x| x.contains(&ip))
            .max_by_key(|x| x.prefix_len())
            .copied()
    };
    let list = |l: &[Ipv4Net]| {
        l.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if c.bgp {
        let v = &m.vpcs[gw.vpc];
        (
            most(&v.cidrs),
            format!(
                "over BGP the site learns {}'s CIDRs ({}) from {} (SITE-6)",
                v.id,
                list(&v.cidrs),
                gw.id
            ),
        )
    } else {
        let routes = &m.networks[c.network].routes;
        (
            most(routes),
            format!(
                "over a static connection the site sends what its own routes ({}) name (SITE-7)",
                if routes.is_empty() {
                    "none".to_string()
                } else {
                    list(routes)
                }
            ),
        )
    }
}

/// The packet from a site enters virtual private gateway `g`'s VPC (SITE-13): the gateway has
/// no interface in a subnet, so the destination's own subnet ACL and groups see the site's
/// address, and the reply needs a route back to the same gateway in the destination subnet's
/// table (checked at delivery).
fn enter_vgw(w: &mut Walk, g: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let gw = &m.gateways[g];
    let vpc = &m.vpcs[gw.vpc];
    let conn = gw.connections.iter().find(
        |c| matches!(w.q.source.kind, SourceKind::Site { network, .. } if network == c.network),
    );
    let kind = match conn.map(|c| c.kind) {
        Some(AttachmentKind::DirectConnect) => PathKind::DirectConnect,
        _ => PathKind::Vpn,
    };
    w.set_path(kind, Some(&gw.id));
    w.vgw = Some(g);
    let step = S::new(StepKind::Site, "")
        .obj(&gw.id)
        .obj(&vpc.id)
        .fact("network", None::<String>)
        .fact("host", None::<String>)
        .fact("ip", dst.to_string())
        .fact("connection", gw.id.clone())
        .fact("advertised", None::<String>)
        .rules(&["SITE-1", "SITE-13"]);
    if !vpc.cidrs.iter().any(|c| c.contains(&dst)) {
        return Err(w.fail(
            step.title(format!("{}: {dst} is outside {}", gw.id, vpc.id))
                .lead("SITE-4")
                .detail(format!(
                    "Virtual private gateway {} delivers only into its VPC {} ({}); {dst} is none of its addresses, and a VGW carries no traffic on to other networks (SITE-4, SITE-11).",
                    gw.id,
                    vpc.id,
                    vpc.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
                )),
            Reason::VgwUnknownPrefix,
            format!("{} delivers nothing outside {} to {dst}", gw.id, vpc.id),
        ));
    }
    w.push(step.title(format!("{}: into {} toward {dst}", gw.id, vpc.id)).detail(format!(
        "The packet arrives on virtual private gateway {}, attached to {}, and is delivered by the VPC's local routing toward {dst}. The gateway has no interface in a subnet: the destination subnet's inbound ACL and the destination's security groups see the site's own address {} (no translation), and the reply needs a route back to {} in the destination subnet's table, static or propagated (SITE-2, SITE-13; inferred).",
        gw.id, vpc.id, w.q.source.ip, gw.id
    )));
    w.deliver_in_vpc(gw.vpc, dst, Some(RouteTarget::Gateway(g)))
}

/// The packet enters the transit gateway by the site's attachment `a` (TGW-1, TGW-2, TGW-6,
/// TGW-7, TGW-8, TGW-22) and leaves by a VPC attachment into its VPC.
fn enter_tgw(w: &mut Walk, a: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let att = &m.tgw_attachments[a];
    let t = att.tgw;
    let tg = &m.transit_gateways[t];
    w.set_path(PathKind::TransitGateway, Some(&tg.id));
    let step = S::new(StepKind::TransitGateway, "")
        .obj(&tg.id)
        .obj(&att.id)
        .fact("transit_gateway", tg.id.clone())
        .fact("attachment", att.id.clone())
        .fact("zone_id", None::<String>)
        .fact("state", att.state.clone());
    if !att.available {
        return Err(w.fail(
            step.title(format!("{} is {}", att.id, att.state))
                .lead("TGW-22")
                .detail(format!(
                    "The site's attachment {} is {}: it carries nothing.",
                    att.id, att.state
                )),
            Reason::TgwAttachmentNotAvailable,
            format!("{} is {}", att.id, att.state),
        ));
    }
    let Some(table) = att.association else {
        return Err(w.fail(
            step.title(format!("{} is associated with no route table", att.id))
                .lead("TGW-2")
                .detail(format!(
                    "A transit gateway routes a packet by the table associated with the attachment it entered by; {} is associated with none (TGW-2).",
                    att.id
                )),
            Reason::TgwNotAssociated,
            format!("{} is associated with no route table", att.id),
        ));
    };
    let rt = &m.tgw_route_tables[table];
    let step = step.obj(&rt.id).fact("route_table", rt.id.clone());
    let (best, _) = tgw_select(m, table, dst);
    let Some(ri) = best else {
        return Err(w.fail(
            step.title(format!("{}: no route for {dst}", rt.id)).lead("TGW-8").detail(format!(
                "The packet entered {} by {}, so {} decides; it has no route for {dst} and no default (TGW-8).",
                tg.id, att.id, rt.id
            )),
            Reason::TgwNoRoute,
            format!("{} has no route for {dst}", rt.id),
        ));
    };
    let r = &rt.routes[ri];
    let step = step.fact("destination", r.destination.to_string());
    let Some(da) = r.target else {
        return Err(w.fail(
            step.title(format!("{}: {} is a blackhole", rt.id, r.destination))
                .fact("target", "blackhole")
                .lead("TGW-7")
                .detail(format!(
                    "The most specific route for {dst} in {} is {}, a blackhole: dropped (TGW-7).",
                    rt.id, r.destination
                )),
            Reason::TgwBlackhole,
            format!("{} sends {} to a blackhole", rt.id, r.destination),
        ));
    };
    let datt = &m.tgw_attachments[da];
    let step = step.obj(&datt.id).fact("target", datt.id.clone());
    let (Some(dvpc), true) = (datt.vpc, datt.available) else {
        let why = if datt.vpc.is_none() {
            "another site: traffic from site to site through a transit gateway is not modelled"
                .to_string()
        } else {
            format!("{}, which carries nothing", datt.state)
        };
        return Err(w.fail(
            step.title(format!("{}: {dst} → {} ({why})", rt.id, datt.id)),
            if datt.vpc.is_none() {
                Reason::UnreachableTarget
            } else {
                Reason::TgwAttachmentNotAvailable
            },
            format!("{} leads to {why}", datt.id),
        ));
    };
    // No AZ at the site: the interface in the destination's AZ when there is one (inferred).
    let dzone = m
        .subnet_in_vpc(dvpc, dst)
        .map(|s| m.subnets[s].zone_id.clone());
    let Some(dk) = datt
        .enis
        .iter()
        .position(|e| Some(&e.zone_id) == dzone.as_ref())
        .or((!datt.enis.is_empty()).then_some(0))
    else {
        return Err(w.fail(
            step.title(format!("{} has no interface", datt.id)),
            Reason::UnreachableTarget,
            format!("{} has no interface", datt.id),
        ));
    };
    let deni = &datt.enis[dk];
    let (amode, chosen) = super::transit::appliance_words(
        m,
        da,
        format!(
            "the packet leaves through {}'s interface {} in {} (the destination's AZ when the attachment has an interface there; inferred, SITE-12)",
            datt.id, deni.ip, deni.zone_id
        ),
    );
    w.push(
        step.obj(&m.vpcs[dvpc].id)
            .obj(&m.subnets[deni.subnet].id)
            .fact("route_type", format!("{:?}", r.origin).to_lowercase())
            .fact("appliance_mode", datt.appliance_mode)
            .title(format!(
                "{}: {} → {} (via {}, from site)",
                tg.id, r.destination, datt.id, rt.id
            ))
            .rules(&["TGW-1", "TGW-6", "TGW-14", "SITE-12"])
            .rules(amode)
            .detail(format!(
                "The packet enters {} by the site's attachment {}, so {} decides (TGW-1): its most specific route for {dst} is {} → {} (TGW-6). A site has no AZ; {chosen}. Addresses are unchanged (TGW-20).",
                tg.id, att.id, rt.id, r.destination, datt.id
            )),
    );
    w.tgw = Some(Hop {
        tgw: t,
        src_att: a,
        src_eni: 0,
        dst_att: da,
        dst_eni: dk,
    });
    if !m.vpcs[dvpc].cidrs.iter().any(|c| c.contains(&dst)) {
        return super::transit::beyond_vpc(w, dvpc, deni.subnet, dst);
    }
    w.deliver_in_vpc(dvpc, dst, Some(RouteTarget::TransitGateway(t)))
}

/// The source step of a machine at a site: the site, the host, its address; no subnet, VPC or
/// AZ (TRACE.md sources).
pub(crate) fn source_step(m: &Model, q: &Parsed, network: Ix, host: Option<Ix>) -> Step {
    let src = &q.source;
    let net = &m.networks[network];
    let mut s = S::new(
        StepKind::Source,
        format!("{} ({}) at site {}", src.label, src.ip, net.id),
    )
    .status(Status::Info)
    .obj(&net.id)
    .fact("ip", src.ip.to_string())
    .fact("network", net.id.clone())
    .fact("host", host.map(|h| m.hosts[h].id.clone()))
    .fact("subnet", None::<String>)
    .fact("vpc", None::<String>)
    .fact("account", None::<String>)
    .fact("zone", None::<String>)
    .fact("zone_id", None::<String>)
    .fact("region", m.vpcs[src.vpc].region.clone())
    .fact("principal", q.principal.clone())
    .rules(&["SITE-7"]);
    if let Some(h) = host {
        s = s.obj(&m.hosts[h].id);
    }
    for o in &q.objects {
        s = s.obj(o);
    }
    let mut d = format!(
        "The request starts at {}: address {} of site {} ({}), outside AWS. A site has no AZ and no security groups the model knows; it reaches AWS over its connections ({}). {}",
        src.how,
        src.ip,
        net.id,
        net.cidrs
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        {
            let ways: Vec<&str> = net
                .attachments
                .iter()
                .map(|&a| m.tgw_attachments[a].id.as_str())
                .chain(vgws_of(m, network).map(|(g, _)| m.gateways[g].id.as_str()))
                .collect();
            if ways.is_empty() {
                "none".to_string()
            } else {
                ways.join(", ")
            }
        },
        match &net.dns {
            Some(d) => format!(
                "Names are resolved by the site's DNS server {} (its forwarders and zones, see the dns step).",
                m.hosts[d.server].id
            ),
            None => "Names are resolved by public DNS (the site has no `dns` server in the model)."
                .to_string(),
        }
    );
    for n in &q.notes {
        d.push(' ');
        d.push_str(n);
    }
    s.detail(d).build()
}

/// A VPC route sent the packet to virtual private gateway `g` with connections to sites
/// (rule book §17): the gateway forwards only to prefixes it knows (SITE-4): its BGP
/// connections' site CIDRs, and for a static connection the site's CIDRs standing for the
/// static routes entered on the connection (a simplification: the model has no such list).
/// The site must know the way back: over BGP the VPC's CIDRs (SITE-6), over a static connection
/// its own `routes` (SITE-7).
pub(crate) fn through_vgw(w: &mut Walk, base: S, g: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let gw = &m.gateways[g];
    let src_ip = w.q.source.ip;
    let vpc = &m.vpcs[gw.vpc];
    let path = |c: &crate::model::VgwConnection| match c.kind {
        AttachmentKind::DirectConnect => PathKind::DirectConnect,
        _ => PathKind::Vpn,
    };
    if let Some(c) = gw.connections.first() {
        w.set_path(path(c), Some(&gw.id));
    }
    w.push(base.obj(&gw.id).more(format!(
        "The route sends {dst} to virtual private gateway {}, {}'s way to its sites over VPN or Direct Connect (SITE-1, SITE-2).",
        gw.id, vpc.id
    )));
    w.sg_out(dst, None, None)?;
    w.acl_out(dst, None)?;
    let hit = gw.connections.iter().find_map(|c| {
        let net = &m.networks[c.network];
        net.cidrs
            .iter()
            .filter(|x| x.contains(&dst))
            .max_by_key(|x| x.prefix_len())
            .map(|x| (*c, *x))
    });
    let Some((c, known)) = hit else {
        let sites: Vec<String> = gw
            .connections
            .iter()
            .map(|c| {
                let n = &m.networks[c.network];
                format!(
                    "{} ({})",
                    n.id,
                    n.cidrs
                        .iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let s = S::new(StepKind::Site, format!("{}: {dst} is no prefix it knows", gw.id))
            .obj(&gw.id)
            .fact("network", None::<String>)
            .fact("host", None::<String>)
            .fact("ip", dst.to_string())
            .fact("connection", gw.id.clone())
            .fact("advertised", None::<String>)
            .lead("SITE-4")
            .detail(format!(
                "Virtual private gateway {} forwards only to prefixes it knows from its connections' BGP advertisements or static routes, and to its VPC: {}. None covers {dst}, so the gateway drops it, however wide the VPC route that sent it there (SITE-4).",
                gw.id,
                sites.join("; ")
            ));
        return Err(w.fail(
            s,
            Reason::VgwUnknownPrefix,
            format!("{} knows no prefix for {dst}", gw.id),
        ));
    };
    let net = &m.networks[c.network];
    w.set_path(path(&c), Some(&gw.id));
    let how_known = format!(
        "{} knows {known} from its {} connection to site {} (SITE-4)",
        gw.id,
        if c.bgp { "BGP" } else { "static" },
        net.id
    );
    let host = net.hosts.iter().map(|&x| &m.hosts[x]).find(|x| x.ip == dst);
    let (back, how) = if c.bgp {
        (
            vpc.cidrs
                .iter()
                .filter(|x| x.contains(&src_ip))
                .max_by_key(|x| x.prefix_len())
                .copied(),
            format!(
                "over BGP the site learns {}'s CIDRs from {} (SITE-6)",
                vpc.id, gw.id
            ),
        )
    } else {
        (
            net.routes
                .iter()
                .filter(|x| x.contains(&src_ip))
                .max_by_key(|x| x.prefix_len())
                .copied(),
            "over a static connection the site sends what its own routes name (SITE-7)".to_string(),
        )
    };
    let s = S::new(StepKind::Site, "")
        .obj(&net.id)
        .obj(&gw.id)
        .fact("network", net.id.clone())
        .fact("host", host.map(|x| x.id.clone()))
        .fact("ip", dst.to_string())
        .fact("connection", gw.id.clone())
        .fact("advertised", back.map(|x| x.to_string()))
        .rules(&["SITE-6", "SITE-7", "SITE-10"]);
    let s = match host {
        Some(x) => s.obj(&x.id),
        None => s,
    };
    let Some(back) = back else {
        return Err(w.fail(
            s.title(format!("site {} has no route back to {src_ip}", net.id))
                .lead("SITE-10")
                .detail(format!(
                    "{how_known}, so the request reaches site {} through {}, but the reply cannot return: {how}, and none covers {src_ip}. Add {src_ip}'s range to the site's routes.",
                    net.id, gw.id
                )),
            Reason::NoReturnRoute,
            format!("site {} has no route back to {src_ip}", net.id),
        ));
    };
    let who = match host {
        Some(x) => format!("host {} ({dst})", x.id),
        None => format!("{dst}"),
    };
    w.push(s.title(format!("site {}: {who}, route back {back}", net.id)).detail(format!(
        "{how_known}; the packet reaches site {} through {}. The site's way back to {src_ip}: {how}, which gives {back}.",
        net.id, gw.id
    )));
    let src = &w.q.source;
    w.acl_return(&[super::steps::Crossing {
        subnet: src.subnet,
        dir: super::filter::Dir::Inbound,
        peer: dst,
        port: w.q.source_port,
    }])?;
    w.reached = Some(format!("{who} at site {}", net.id));
    let d = S::new(
        StepKind::Delivery,
        format!("{who} at site {} receives {} {}", net.id, w.q.protocol.as_str(), w.q.port),
    )
    .obj(&net.id)
    .fact("destination", host.map(|x| x.id.clone()).unwrap_or_else(|| dst.to_string()))
    .fact("seen_source_ip", src_ip.to_string())
    .detail(format!(
        "The packet reaches {who} at site {} with its source address {src_ip} unchanged: a virtual private gateway translates no addresses. Whatever filters the site applies itself are outside the model.",
        net.id
    ));
    w.push(match host {
        Some(x) => d.obj(&x.id),
        None => d.status(Status::Warn),
    });
    Ok(())
}
