//! Resource endpoints (rule book ES-26..ES-32): the consumer's endpoint interface, its resource
//! configuration (ownership or AWS RAM share, TCP port ranges), the provider's resource gateway
//! (interface, security groups, subnet ACL) and delivery to the resource, which sees the
//! gateway's address as the source.

use std::net::Ipv4Addr;

use serde_json::Value;

use super::filter::{self, Dir, Peer};
use super::steps::{Crossing, Flow, S, Stop, Walk};
use super::trace::StepKind;
use crate::model::{EndpointTarget, Holder, Ix, Model, Protocol, ResourceTarget};
use crate::outcome::Reason;

/// The endpoint interface `k` of resource endpoint `e` is usable (its state was checked by
/// the caller): say what it is (ES-26).
pub(crate) fn interface(w: &mut Walk, e: Ix, k: usize, r: Ix, s: S) -> Flow {
    let m = w.m;
    let ep = &m.endpoints[e];
    let eni = &ep.enis[k];
    let c = &m.resource_configurations[r];
    w.push(
        s.title(format!(
            "{} (resource endpoint, {}): available, interface {} in {} ({})",
            ep.id, c.id, eni.ip, eni.zone, eni.zone_id
        ))
        .lead("ES-26")
        .obj(&c.id)
        .detail(format!(
            "Resource endpoint {} is available; the packet reaches its network interface {} in {} (AZ {}). A resource endpoint is associated with one resource configuration, here {} (ES-26); its interface has a subnet ACL and security groups, checked next.",
            ep.id, eni.ip, m.subnets[eni.subnet].id, eni.zone_id, c.id
        )),
    );
    Ok(())
}

fn target_words(t: &ResourceTarget) -> String {
    match t {
        ResourceTarget::Ip(ip) => format!("IP address {ip}"),
        ResourceTarget::Domain(d) => format!("domain name {d}"),
    }
}

fn ranges_words(c: &crate::model::ResourceConfiguration) -> String {
    c.port_ranges
        .iter()
        .map(|p| {
            if p.from == p.to {
                p.from.to_string()
            } else {
                format!("{}-{}", p.from, p.to)
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The resource configuration behind the endpoint: whether the endpoint's account may use it
/// (owner, or shared through AWS RAM, ES-26) and whether it carries the protocol and port
/// (TCP, its port ranges, ES-28).
pub(crate) fn configuration_step(w: &mut Walk, e: Ix, r: Ix) -> Flow {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let c = &m.resource_configurations[r];
    let g = &m.resource_gateways[c.gateway];
    let consumer = &m.accounts[m.vpcs[ep.vpc].account].id;
    let owner = &m.accounts[c.account].id;
    let ranges = ranges_words(c);
    let s = S::new(StepKind::EndpointService, "")
        .obj(&c.id)
        .obj(&g.id)
        .fact("resource_configuration", c.id.clone())
        .fact("resource_gateway", g.id.clone())
        .fact("owner_account", owner.clone())
        .fact("consumer_account", consumer.clone())
        .fact("shared_with", c.shared_with.clone())
        .fact("resource", target_words(&c.target))
        .fact("port_ranges", ranges.clone())
        .rules(&["ES-26", "ES-28"]);
    let shared = owner == consumer || c.shared_with.iter().any(|a| a == consumer);
    if !shared {
        return Err(w.fail(
            s.title(format!("{} is not shared with account {consumer}", c.id))
                .lead("ES-26")
                .detail(format!(
                    "Resource configuration {} belongs to account {owner}. Another account can use it only when the owner shares it through AWS RAM and that account accepts the share (ES-26); it is shared with {}. Endpoint {} of account {consumer} cannot reach it.",
                    c.id,
                    if c.shared_with.is_empty() { "no account".to_string() } else { c.shared_with.join(", ") },
                    ep.id
                )),
            Reason::ResourceNotShared,
            format!("{} not shared with {consumer}", c.id),
        ));
    }
    carries(w, r, s.clone())?;
    let how = if owner == consumer {
        format!("belongs to the endpoint's own account {owner}")
    } else {
        format!("belongs to account {owner} and is shared with account {consumer} through AWS RAM")
    };
    w.push(
        s.title(format!("{} ({}) {how}; TCP {} is in {ranges}", c.id, target_words(&c.target), q.port))
            .detail(format!(
                "Resource configuration {} defines one resource, {}, reached through resource gateway {} (ES-28). It {how} (ES-26), and it carries TCP on {ranges}, which includes {} (ES-28).",
                c.id,
                target_words(&c.target),
                g.id,
                q.port
            )),
    );
    Ok(())
}

/// Whether resource configuration `r` carries the request's protocol and port (TCP, its port
/// ranges, ES-28); the failure is reported on step `s`.
fn carries(w: &mut Walk, r: Ix, s: S) -> Flow {
    let q = w.q;
    let c = &w.m.resource_configurations[r];
    let ranges = ranges_words(c);
    let port_ok = q.protocol == Protocol::Tcp && c.port_ranges.iter().any(|p| p.contains(q.port));
    if !port_ok {
        return Err(w.fail(
            s.title(format!("{} does not carry {} {}", c.id, q.protocol.as_str(), q.port))
                .lead("ES-28")
                .detail(format!(
                    "Resource configuration {} accepts TCP on the port ranges {ranges} (ES-28); {} {} is not among them, so the connection goes no further.",
                    c.id,
                    q.protocol.as_str(),
                    q.port
                )),
            Reason::ResourcePortNotAllowed,
            format!("{} carries TCP {ranges}, not {} {}", c.id, q.protocol.as_str(), q.port),
        ));
    }
    Ok(())
}

/// The gateway interface that forwards the connection: the one in the endpoint interface's AZ
/// (by AZ ID), else the first (ES-32, inferred).
fn gateway_interface(m: &Model, e: Ix, k: usize, gw: Ix) -> Option<usize> {
    let g = &m.resource_gateways[gw];
    let zone = &m.endpoints[e].enis[k].zone_id;
    g.subnets
        .iter()
        .position(|&s| &m.subnets[s].zone_id == zone)
        .or_else(|| (!g.subnets.is_empty()).then_some(0))
}

/// What the resource gateway forwards to: the resource's address and the interface that holds
/// it, when the model has one.
struct Dest {
    ip: Option<Ipv4Addr>,
    holder: Option<Holder>,
    subnet: Option<Ix>,
}

fn dest(m: &Model, r: Ix) -> Dest {
    let c = &m.resource_configurations[r];
    let vpc = m.resource_gateways[c.gateway].vpc;
    match &c.target {
        ResourceTarget::Ip(ip) => Dest {
            ip: Some(*ip),
            holder: m.holder_of(vpc, *ip),
            subnet: m.subnet_in_vpc(vpc, *ip),
        },
        ResourceTarget::Domain(_) => Dest {
            ip: None,
            holder: None,
            subnet: None,
        },
    }
}

/// The resource gateway leaves towards the resource: its security groups' outbound rules
/// (ES-29), its subnet's ACL outbound and the resource subnet's ACL inbound (ES-32), the
/// resource's security groups inbound from the gateway's address (ES-30).
pub(crate) fn gateway_steps(w: &mut Walk, e: Ix, k: usize, r: Ix) -> Flow {
    let m = w.m;
    let q = w.q;
    let c = &m.resource_configurations[r];
    let g = &m.resource_gateways[c.gateway];
    let Some(gi) = gateway_interface(m, e, k, c.gateway) else {
        let s = S::new(
            StepKind::EndpointService,
            format!("{} has no interface", g.id),
        )
        .obj(&g.id)
        .rule("ES-27")
        .detail(format!(
            "Resource gateway {} has no subnet, so nothing forwards the connection (ES-27).",
            g.id
        ));
        return Err(w.fail(
            s,
            Reason::UnreachableTarget,
            format!("{} has no interface", g.id),
        ));
    };
    let (gsub, gip) = (g.subnets[gi], g.ips[gi]);
    let d = dest(m, r);
    let Some(rip) = d.ip else {
        // A domain name: the gateway resolves it in its VPC; linkscope does not follow it.
        return Ok(());
    };
    let peer = Peer {
        ip: rip,
        vpc: d.holder.map(|_| g.vpc),
        groups: d.holder.map(|h| filter::holder_groups(m, h)),
    };
    let group_ids: Vec<&str> = g
        .security_groups
        .iter()
        .map(|&x| m.security_groups[x].id.as_str())
        .collect();
    let mut s = S::new(StepKind::SecurityGroup, "")
        .obj(&g.id)
        .fact("direction", "outbound")
        .fact("owner", g.id.clone())
        .fact("groups", group_ids.clone())
        .fact("peer", rip.to_string())
        // The gateway's interface whose groups were checked (lit on the map).
        .fact("eni_ip", gip.to_string())
        .rules(&["SG-2", "ES-29"]);
    for id in &group_ids {
        s = s.obj(id);
    }
    match filter::sg_allows(
        m,
        &g.security_groups,
        Dir::Outbound,
        q.protocol,
        q.port,
        &peer,
    ) {
        None => {
            return Err(w.fail(
                s.title(format!("{}'s security groups do not let TCP {} out to {rip}", g.id, q.port))
                    .detail(format!(
                        "A resource gateway's security groups control the traffic from the gateway to the resource through their outbound rules (ES-29). No outbound rule of {} allows TCP {} to {rip}.",
                        group_ids.join(", "),
                        q.port
                    )),
                Reason::SgOutboundDeny,
                format!("{} outbound denies TCP {} to {rip}", g.id, q.port),
            ));
        }
        Some(hit) => {
            let rule = &m.security_groups[hit.group].outbound[hit.rule];
            w.push(
                s.title(format!("{}'s security groups let TCP {} out to {rip}", g.id, q.port))
                    .detail(format!(
                        "A resource gateway's security groups control the traffic from the gateway to the resource through their outbound rules (ES-29): {} allows it ({}).",
                        m.security_groups[hit.group].id,
                        filter::describe_sg_rule(m, rule, Dir::Outbound)
                    )),
            );
        }
    }
    let what = format!("Leaving resource gateway {}", g.id);
    if d.subnet != Some(gsub) {
        w.acl(
            Crossing {
                subnet: gsub,
                dir: Dir::Outbound,
                peer: rip,
                port: q.port,
            },
            Reason::NaclOutboundDeny,
            &what,
        )?;
        if let Some(rs) = d.subnet {
            w.acl(
                Crossing {
                    subnet: rs,
                    dir: Dir::Inbound,
                    peer: gip,
                    port: q.port,
                },
                Reason::NaclInboundDeny,
                &format!("Entering {}", m.subnets[rs].id),
            )?;
        }
    }
    if let Some(h) = d.holder {
        let groups = filter::holder_groups(m, h);
        let owner = holder_id(m, h).to_string();
        w.sg_in(
            groups,
            &owner,
            None,
            Peer {
                ip: gip,
                vpc: Some(g.vpc),
                groups: Some(&g.security_groups),
            },
            &format!("resource {rip}"),
            Reason::SgInboundDeny,
            &["ES-30"],
            "The resource sees the connection coming from the resource gateway's address, so its security groups must admit that address or the gateway's groups (ES-30).",
        )?;
    }
    Ok(())
}

/// The id of the object holding an address.
fn holder_id(m: &Model, h: Holder) -> &str {
    match h {
        Holder::Instance(i) => &m.instances[i].id,
        Holder::EndpointEni(i, _) => &m.endpoints[i].id,
        Holder::NatGateway(i) => &m.gateways[i].id,
        Holder::LoadBalancer(i, _) => &m.endpoint_services[i].id,
        Holder::TgwAttachment(i, _) => &m.tgw_attachments[i].id,
        Holder::ResolverEndpoint(i, _) => &m.resolver_endpoints[i].id,
    }
}

/// The connection reaches the resource, which sees the gateway's address (ES-30).
pub(crate) fn delivery(w: &mut Walk, e: Ix, k: usize, r: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let c = &m.resource_configurations[r];
    let g = &m.resource_gateways[c.gateway];
    let gi = gateway_interface(m, e, k, c.gateway).unwrap_or(0);
    let (gsub, gip) = (g.subnets[gi], g.ips[gi]);
    let d = dest(m, r);
    let what = target_words(&c.target);
    if let (Some(rip), None) = (d.ip, d.holder) {
        let s = S::new(StepKind::Delivery, format!("nothing holds {rip}"))
            .obj(&c.id)
            .obj(&g.id)
            .fact("destination", rip.to_string())
            .fact("seen_source_ip", Value::Null)
            .rule("ES-28")
            .detail(format!(
                "Resource configuration {} points at {rip}, but no instance or interface of {}'s VPC {} holds that address in the model. The resource gateway has nowhere to deliver.",
                c.id, g.id, m.vpcs[g.vpc].id
            ));
        return Err(w.fail(s, Reason::UnreachableTarget, format!("nothing holds {rip}")));
    }
    let domain_note = match &c.target {
        ResourceTarget::Domain(dn) => format!(
            " The resource gateway resolves {dn} in its own VPC; linkscope does not follow that name further (ES-31), so the gateway's security groups, the ACLs and the resource's own groups are not checked for it."
        ),
        ResourceTarget::Ip(_) => String::new(),
    };
    w.reached = Some(format!("resource {} ({})", c.id, what));
    let mut s = S::new(
        StepKind::Delivery,
        format!("{what} receives TCP {}; it sees source {gip} ({})", q.port, g.id),
    )
    .obj(&c.id)
    .obj(&g.id)
    .obj(&m.subnets[gsub].id)
    .obj(&ep.id)
    .fact("destination", d.ip.map(|i| i.to_string()).unwrap_or_else(|| what.clone()))
    .fact("endpoint_ip", dst.to_string())
    .fact("resource_gateway", g.id.clone())
    .fact("seen_source_ip", gip.to_string())
    .fact("eni_ip", gip.to_string())
    .rules(&["ES-30", "ES-27", "ES-32"])
    .detail(format!(
        "Through {} {}, the connection reaches resource gateway {}'s interface {gip} in {} ({}), which opens it to {what}. The resource sees the gateway's address {gip} as the source, not {} (ES-30); a resource gateway does not balance load (ES-27).{domain_note}",
        endpoint_words(m, e),
        ep.id,
        g.id,
        m.subnets[gsub].id,
        m.subnets[gsub].zone_id,
        q.source.ip
    ));
    if let crate::model::EndpointTarget::ServiceNetwork(n) = ep.target {
        s = s.obj(&m.service_networks[n].id).rule("ES-33");
    }
    if let Some(h) = d.holder {
        s = s.obj(holder_id(m, h));
    }
    w.push(s);
    Ok(())
}

/// "resource endpoint" or "service-network endpoint".
fn endpoint_words(m: &Model, e: Ix) -> &'static str {
    match m.endpoints[e].target {
        EndpointTarget::ServiceNetwork(_) => "service-network endpoint",
        _ => "resource endpoint",
    }
}

/// The interface `k` of service-network endpoint `e` is usable (its state was checked by the
/// caller): say what it is (ES-33, ES-37).
pub(crate) fn sn_interface(w: &mut Walk, e: Ix, k: usize, n: Ix, s: S) -> Flow {
    let m = w.m;
    let ep = &m.endpoints[e];
    let eni = &ep.enis[k];
    let sn = &m.service_networks[n];
    w.push(
        s.title(format!(
            "{} (service-network endpoint, {}): available, interface {} in {} ({})",
            ep.id, sn.id, eni.ip, eni.zone, eni.zone_id
        ))
        .lead("ES-33")
        .rule("ES-37")
        .obj(&sn.id)
        .detail(format!(
            "Service-network endpoint {} is available; the packet reaches its network interface {} in {} (AZ {}). It gives access to what is associated with service network {} (ES-33). AWS gives each resource of the service network its own address per AZ in the endpoint's subnets; linkscope uses the interface's one address and tells the resources apart by the name asked (simplified, ES-37). Its subnet ACL and security groups are checked next.",
            ep.id, eni.ip, m.subnets[eni.subnet].id, eni.zone_id, sn.id
        )),
    );
    Ok(())
}

/// Which resource configuration the request asks for through service-network endpoint `e`:
/// the one the question named, else the one whose name DNS resolved (ES-38).
fn asked_resource(w: &Walk, e: Ix) -> Option<Ix> {
    if let Some(r) = w.q.lattice_resource {
        return Some(r);
    }
    let res = w.dns?;
    let ep = &w.m.endpoints[e];
    let names = std::iter::once(&res.name).chain(res.cname_chain.iter());
    for name in names {
        if let Some((r, _)) = ep.lattice_names.iter().find(|(_, x)| x == name) {
            return Some(*r);
        }
    }
    None
}

/// The service network behind endpoint `e`: the endpoint's account may use it (ES-33), the
/// resource configuration asked for is associated with it (ES-34), its resource gateway has
/// an interface in an AZ of the endpoint (ES-27, ES-39), and it carries the protocol and port
/// (ES-28). The service network's auth policy does not apply to resource configurations
/// (ES-36). Returns the resource configuration.
pub(crate) fn association_step(w: &mut Walk, e: Ix, n: Ix) -> Result<Ix, Stop> {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let sn = &m.service_networks[n];
    let consumer_ix = m.vpcs[ep.vpc].account;
    let consumer = &m.accounts[consumer_ix].id;
    let owner = &m.accounts[sn.account].id;
    let associated: Vec<&str> = sn
        .resource_configurations
        .iter()
        .map(|&r| m.resource_configurations[r].id.as_str())
        .collect();
    let base = S::new(StepKind::EndpointService, "")
        .obj(&sn.id)
        .fact("service", sn.id.clone())
        .fact("service_network", sn.id.clone())
        .fact("owner_account", owner.clone())
        .fact("consumer_account", consumer.clone())
        .fact("shared_with", sn.shared_with.clone())
        .fact("associated", associated.clone())
        .fact("auth_type", sn.auth_type.clone())
        .rules(&["ES-33", "ES-34"]);
    if !sn.usable_by(&m.accounts, consumer_ix) {
        return Err(w.fail(
            base.title(format!("{} is not shared with account {consumer}", sn.id))
                .lead("ES-33")
                .detail(format!(
                    "Service network {} belongs to account {owner}. Another account can create a service-network endpoint to it only when the owner shares it through AWS RAM and that account accepts the share (ES-33); it is shared with {}. Endpoint {} of account {consumer} reaches nothing through it.",
                    sn.id,
                    if sn.shared_with.is_empty() { "no account".to_string() } else { sn.shared_with.join(", ") },
                    ep.id
                )),
            Reason::ResourceNotShared,
            format!("{} not shared with {consumer}", sn.id),
        ));
    }
    let Some(r) = asked_resource(w, e) else {
        return Err(w.fail(
            base.title(format!("{} serves several resources; the address alone names none", ep.id))
                .lead("ES-37")
                .detail(format!(
                    "A service-network endpoint reaches every resource configuration associated with {} ({}); each has its own DNS name and, at AWS, its own address per AZ (ES-37, ES-38). linkscope gives the endpoint one address per interface and needs the resource's name to know which one is meant (simplified): trace to a resource configuration id or its name instead.",
                    sn.id,
                    if associated.is_empty() { "none".to_string() } else { associated.join(", ") }
                )),
            Reason::UnreachableTarget,
            format!("{}: no resource named", ep.id),
        ));
    };
    let c = &m.resource_configurations[r];
    let g = &m.resource_gateways[c.gateway];
    let s = base
        .obj(&c.id)
        .obj(&g.id)
        .fact("resource_configuration", c.id.clone())
        .fact("resource_gateway", g.id.clone())
        .fact("resource", target_words(&c.target))
        .fact("port_ranges", ranges_words(c));
    if !sn.resource_configurations.contains(&r) {
        return Err(w.fail(
            s.title(format!("{} is not associated with {}", c.id, sn.id))
                .lead("ES-34")
                .detail(format!(
                    "A resource configuration receives connections through a service network, and so through its service-network endpoints, only once it is associated with that service network (ES-34). {} has {}; {} is not among them, so endpoint {} does not reach it (AWS publishes no name for it there).",
                    sn.id,
                    if associated.is_empty() { "no resource configuration".to_string() } else { format!("these: {}", associated.join(", ")) },
                    c.id,
                    ep.id
                )),
            Reason::ResourceNotAssociated,
            format!("{} not associated with {}", c.id, sn.id),
        ));
    }
    let gw_zones: Vec<&str> = g
        .subnets
        .iter()
        .map(|&x| m.subnets[x].zone_id.as_str())
        .collect();
    if !ep
        .enis
        .iter()
        .any(|x| gw_zones.contains(&x.zone_id.as_str()))
    {
        let ep_zones: Vec<&str> = ep.enis.iter().map(|x| x.zone_id.as_str()).collect();
        return Err(w.fail(
            s.title(format!("{} and resource gateway {} share no AZ", ep.id, g.id))
                .lead("ES-39")
                .rule("ES-27")
                .detail(format!(
                    "Endpoint {} has interfaces in {}; resource gateway {} of {} is only in {}. A VPC endpoint and the resource gateway must have at least one AZ (by AZ ID) in common (ES-27); for a resource reached through a service-network endpoint linkscope takes that as: nothing serves {} through this endpoint (inferred, ES-39).",
                    ep.id,
                    ep_zones.join(", "),
                    g.id,
                    c.id,
                    if gw_zones.is_empty() { "no AZ".to_string() } else { gw_zones.join(", ") },
                    c.id
                )),
            Reason::ServiceZoneUnsupported,
            format!("{} shares no AZ with {}", g.id, ep.id),
        ));
    }
    carries(w, r, s.clone().rule("ES-28"))?;
    let auth = if sn.auth_type == "AWS_IAM" {
        format!(
            " Its auth type is AWS_IAM{}, but a service network's auth policy governs its VPC Lattice services, not its resource configurations (ES-36), so it is not evaluated here.",
            if sn.auth_policy.is_some() {
                " with an auth policy"
            } else {
                ""
            }
        )
    } else {
        " Its auth type is NONE; a service network's auth policy would not apply to resource configurations anyway (ES-36).".to_string()
    };
    w.push(
        s.title(format!(
            "{} ({}) is associated with {}; TCP {} is in {}",
            c.id,
            target_words(&c.target),
            sn.id,
            q.port,
            ranges_words(c)
        ))
        .rules(&["ES-28", "ES-36"])
        .detail(format!(
            "Service network {} (account {owner}) {} account {consumer} (ES-33). Resource configuration {} ({}) is associated with it (ES-34) and reached through resource gateway {}; it carries TCP on {}, which includes {} (ES-28).{auth}",
            sn.id,
            if sn.account == consumer_ix { "belongs to the endpoint's own" } else { "is shared through AWS RAM with" },
            c.id,
            target_words(&c.target),
            g.id,
            ranges_words(c),
            q.port
        )),
    );
    Ok(r)
}
