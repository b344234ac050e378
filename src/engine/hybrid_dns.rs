//! Hybrid DNS (rule book §16): the chain of servers a query passes before an answer.
//!
//! From a VPC: the Resolver rules associated with it (most specific domain wins, RSLV-8; a
//! system rule takes its subtree back, RSLV-7) forward through the rule's outbound endpoint to
//! its targets (RSLV-3, RSLV-10); custom `dns_servers` (RSLV-16, RSLV-17) are asked instead of the
//! VPC's own resolver. From a site: its DNS server's conditional forwarders (most specific wins),
//! then its own zones, else public DNS. A query that reaches a Resolver inbound endpoint is
//! answered as that endpoint's VPC would answer it (RSLV-1). Each forwarded hop is a UDP 53
//! request traced over the model's routes, groups and ACLs; when no target can be reached the
//! answer is `DNS_FORWARD_UNREACHABLE`, and a server asked twice is `DNS_FORWARD_LOOP` (RSLV-11).
//! Resolver rules and endpoints are named in the `servers` chain (`via`, `endpoint`), not in the
//! step's `objects` (which hold only ids the model's index resolves).

use std::net::Ipv4Addr;

use serde_json::{Value, json};

use super::dns::{self, Resolution};
use super::query::{Parsed, SourceKind};
use super::trace::{QueryOptions, Verdict};
use crate::model::{Ix, Model, ResolverDirection, ResolverRuleKind};
use crate::outcome::Reason;

/// The resolution with the servers it passed (TRACE.md, the `dns` step's `servers`).
pub struct Hybrid {
    pub res: Resolution,
    /// Each server asked, in order: `server`, `ip`, `role`, `via`, `reachable`.
    pub servers: Vec<Value>,
    /// The `resolver` fact: who the source asked first.
    pub resolver: &'static str,
}

/// Servers already asked (loop guard) and the chain so far.
#[derive(Default)]
struct Chain {
    visited: Vec<String>,
    servers: Vec<Value>,
}

/// How deep forwarding may go before it is called a loop regardless.
const MAX_SERVERS: usize = 8;

/// Resolve `name` as the request's source would.
pub fn resolve(m: &Model, q: &Parsed, name: &str) -> Hybrid {
    let name = dns::norm(name);
    let mut ch = Chain::default();
    let (res, resolver) = match q.source.kind {
        SourceKind::Site { network, .. } => match &m.networks[network].dns {
            Some(_) => (from_site(m, network, &name, &mut ch), "site-dns"),
            None => (dns::resolve_public(m, &name), "public"),
        },
        _ => {
            let v = q.source.vpc;
            let resolver = if m.vpcs[v].dns_servers.is_empty() {
                "amazon-provided"
            } else {
                "custom"
            };
            (from_vpc(m, v, &name, &mut ch, q.source.ip, false), resolver)
        }
    };
    Hybrid {
        res,
        servers: ch.servers,
        resolver,
    }
}

/// The VPC's own resolver's answer (through an inbound endpoint: RSLV-21's S3 exception).
fn own(m: &Model, vpc: Ix, name: &str, inbound: bool) -> Resolution {
    if inbound {
        dns::resolve_inbound(m, vpc, name)
    } else {
        dns::resolve(m, vpc, name)
    }
}

fn matches(name: &str, domain: &str) -> bool {
    name == domain || name.strip_suffix(domain).is_some_and(|p| p.ends_with('.'))
}

/// Enter a server; a loop when it was asked before.
fn enter(ch: &mut Chain, key: String, entry: Value) -> Option<Resolution> {
    let looped = ch.visited.contains(&key) || ch.visited.len() >= MAX_SERVERS;
    ch.servers.push(entry);
    if looped {
        let mut r = Resolution {
            failure: Some(Reason::DnsForwardLoop),
            ..Default::default()
        };
        r.rules.push("RSLV-11");
        r.notes.push(format!(
            "The query comes back to {key}, which it already passed: forwarding loops, and the resolvers give up (SERVFAIL). Do not associate a forward rule with the VPC of the inbound endpoint it leads back to (RSLV-11)."
        ));
        return Some(r);
    }
    ch.visited.push(key);
    None
}

/// A query answered by (or forwarded from) the resolver of `vpc`. `inbound`: it arrived through
/// an inbound endpoint, so custom DNS servers of the VPC do not apply (RSLV-1).
fn from_vpc(
    m: &Model,
    vpc: Ix,
    name: &str,
    ch: &mut Chain,
    asker: Ipv4Addr,
    inbound: bool,
) -> Resolution {
    let v = &m.vpcs[vpc];
    if !inbound && let Some(&server) = v.dns_servers.first() {
        ch.servers.push(json!({"server": server.to_string(), "ip": server.to_string(), "role": "custom-dns", "via": "dns_servers", "reachable": null}));
        let mut r = forward_to(m, server, name, ch, asker);
        r.rules.insert(0, "RSLV-16");
        r.notes.insert(0, format!(
            "{} uses custom DNS servers (DHCP options): its instances ask {server}, bypassing the VPC's private hosted zones, endpoints' private DNS and Resolver rules (RSLV-17).",
            v.id
        ));
        return r;
    }
    let key = format!("the Resolver of {}", v.id);
    let entry = json!({"server": format!("{}:resolver", v.id), "ip": null, "role": if inbound { "inbound-endpoint-vpc" } else { "amazon-provided" }, "via": null, "reachable": true});
    if let Some(r) = enter(ch, key, entry) {
        return r;
    }
    let rule = m
        .resolver_rules
        .iter()
        .filter(|r| r.vpcs.contains(&vpc) && matches(name, &r.domain))
        .max_by_key(|r| r.domain.len());
    // A private hosted zone associated with the VPC and more specific than the rule wins over
    // it; at the same name the rule wins (RSLV-9).
    let zone = rule.and_then(|r| {
        m.hosted_zones.iter().find(|z| {
            z.vpcs.contains(&vpc) && matches(name, &z.name) && z.name.len() > r.domain.len()
        })
    });
    if let (Some(rule), Some(z)) = (rule, zone) {
        let mut r = own(m, vpc, name, inbound);
        r.rules.insert(0, "RSLV-9");
        r.notes.insert(0, format!(
            "Private hosted zone {} ({}) is more specific than Resolver rule {} ({}), so the VPC's resolver answers from the zone instead of forwarding (RSLV-9).",
            z.id, z.name, rule.id, rule.domain
        ));
        return r;
    }
    let Some(rule) = rule.filter(|r| r.kind == ResolverRuleKind::Forward) else {
        let mut r = own(m, vpc, name, inbound);
        if let Some(rule) = rule {
            r.rules.insert(0, "RSLV-7");
            r.notes.insert(0, format!("System rule {} ({}) keeps {name} with the VPC's own resolver (RSLV-7, RSLV-9).", rule.id, rule.domain));
        }
        return r;
    };
    let Some(ep) = rule.endpoint.map(|e| &m.resolver_endpoints[e]) else {
        return own(m, vpc, name, inbound);
    };
    let Some(&(_, src)) = ep.ips.first() else {
        return own(m, vpc, name, inbound);
    };
    let groups = ep.security_groups.clone();
    let mut notes = vec![format!(
        "Resolver rule {} forwards {} and its subdomains (the most specific rule associated with {} wins, RSLV-8) through outbound endpoint {} from {src} to {} (RSLV-3, RSLV-10).",
        rule.id,
        rule.domain,
        v.id,
        ep.id,
        rule.targets
            .iter()
            .map(|(ip, p)| format!("{ip}:{p}"))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    let mut reached = None;
    for &(ip, port) in &rule.targets {
        let (ok, why) = reach(m, &src.to_string(), ip, port, Some(groups.clone()));
        ch.servers.push(json!({"server": ip.to_string(), "ip": ip.to_string(), "role": "forward-target", "via": rule.id, "endpoint": ep.id, "reachable": ok}));
        if ok {
            reached = Some(ip);
            break;
        }
        notes.push(format!("UDP {port} from {src} to {ip}: {why}."));
    }
    let Some(target) = reached else {
        let mut r = Resolution {
            name: name.to_string(),
            failure: Some(Reason::DnsForwardUnreachable),
            ..Default::default()
        };
        r.rules.extend(["RSLV-8", "RSLV-3", "RSLV-10"]);
        notes.push("No target can be reached from the outbound endpoint, so the query times out (RSLV-10: make sure every target is reachable).".into());
        r.notes = notes;
        return r;
    };
    let mut r = answer_at(m, target, name, ch, src);
    r.rules.insert(0, "RSLV-8");
    notes.append(&mut r.notes);
    r.notes = notes;
    r
}

/// A query sent to `server` (already reached): a site's DNS server, an inbound endpoint, or a
/// server the model does not describe.
fn answer_at(
    m: &Model,
    server: Ipv4Addr,
    name: &str,
    ch: &mut Chain,
    asker: Ipv4Addr,
) -> Resolution {
    if let Some(n) = m.networks.iter().position(|n| {
        n.dns
            .as_ref()
            .is_some_and(|d| m.hosts[d.server].ip == server)
    }) {
        return from_site(m, n, name, ch);
    }
    if let Some(ep) = m.resolver_endpoints.iter().find(|e| {
        e.direction == ResolverDirection::Inbound && e.ips.iter().any(|(_, ip)| *ip == server)
    }) {
        let mut r = from_vpc(m, ep.vpc, name, ch, asker, true);
        r.rules.insert(0, "RSLV-1");
        r.notes.insert(0, format!(
            "Inbound endpoint {} answers as {} would answer one of its own instances: its private hosted zones, its endpoints' private DNS, its Resolver rules (RSLV-1).",
            ep.id, m.vpcs[ep.vpc].id
        ));
        return r;
    }
    let mut r = Resolution {
        name: name.to_string(),
        failure: Some(Reason::DnsNoAnswer),
        ..Default::default()
    };
    r.rules.push("RSLV-22");
    r.notes.push(format!(
        "{server} is not a DNS server the model describes (a site's `dns.server` or an inbound endpoint address), so its answer is unknown (RSLV-22)."
    ));
    r
}

/// A DNS server `server` asked by `asker`: traced as UDP 53 first, then answered there.
fn forward_to(
    m: &Model,
    server: Ipv4Addr,
    name: &str,
    ch: &mut Chain,
    asker: Ipv4Addr,
) -> Resolution {
    let (ok, why) = reach(m, &asker.to_string(), server, 53, None);
    if let Some(last) = ch.servers.last_mut() {
        last["reachable"] = Value::Bool(ok);
    }
    if !ok {
        let mut r = Resolution {
            name: name.to_string(),
            failure: Some(Reason::DnsForwardUnreachable),
            ..Default::default()
        };
        r.rules.push("RSLV-18");
        r.notes.push(format!(
            "The query to DNS server {server} is ordinary traffic (RSLV-18): UDP 53 from {asker}: {why}."
        ));
        return r;
    }
    answer_at(m, server, name, ch, asker)
}

/// A query at site `n`'s DNS server: its forwarders (most specific domain wins), its zones,
/// else public DNS.
fn from_site(m: &Model, n: Ix, name: &str, ch: &mut Chain) -> Resolution {
    let site = &m.networks[n];
    let Some(d) = &site.dns else {
        return dns::resolve_public(m, name);
    };
    let host = &m.hosts[d.server];
    let entry = json!({"server": host.id, "ip": host.ip.to_string(), "role": "site-dns", "via": site.id, "reachable": true});
    if let Some(r) = enter(ch, format!("{} ({})", host.id, host.ip), entry) {
        return r;
    }
    if let Some((domain, to)) = d
        .forward
        .iter()
        .filter(|(dom, _)| matches(name, dom))
        .max_by_key(|(dom, _)| dom.len())
    {
        let mut notes = vec![format!(
            "{}'s DNS server {} forwards {domain} to {} (its most specific conditional forwarder).",
            site.id,
            host.id,
            to.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )];
        for &ip in to {
            let (ok, why) = reach(m, &host.id, ip, 53, None);
            ch.servers.push(json!({"server": ip.to_string(), "ip": ip.to_string(), "role": "forward-target", "via": host.id, "reachable": ok}));
            if ok {
                let mut r = answer_at(m, ip, name, ch, host.ip);
                r.objects.insert(0, host.id.clone());
                notes.append(&mut r.notes);
                r.notes = notes;
                return r;
            }
            notes.push(format!("UDP 53 from {} to {ip}: {why}.", host.id));
        }
        let mut r = Resolution {
            name: name.to_string(),
            failure: Some(Reason::DnsForwardUnreachable),
            ..Default::default()
        };
        r.rules.extend(["RSLV-6", "RSLV-4"]);
        r.objects.push(host.id.clone());
        notes.push("None of the forwarder's targets can be reached: the query times out (RSLV-6: the site's server needs a route to the inbound endpoint, and its security group must admit DNS, RSLV-4).".into());
        r.notes = notes;
        return r;
    }
    let zone = d
        .zones
        .iter()
        .filter(|(z, _)| matches(name, z))
        .max_by_key(|(z, _)| z.len());
    if let Some((z, records)) = zone {
        let mut r = Resolution {
            name: name.to_string(),
            ..Default::default()
        };
        r.objects.push(host.id.clone());
        match records.iter().find(|(rn, _)| rn == name) {
            Some((_, ips)) if !ips.is_empty() => {
                r.answers = ips.clone();
                r.answered_by = Some("site-dns");
                r.zone = Some(z.clone());
                r.notes
                    .push(format!("{} answers from its own zone {z}.", host.id));
            }
            _ => {
                r.failure = Some(Reason::DnsNoAnswer);
                r.notes.push(format!(
                    "{} holds zone {z}, which has no A record for {name} (NXDOMAIN).",
                    host.id
                ));
            }
        }
        return r;
    }
    let mut r = dns::resolve_public(m, name);
    r.notes.insert(
        0,
        format!(
            "{}'s DNS server {} has no forwarder or zone for {name}: it resolves it publicly.",
            site.id, host.id
        ),
    );
    r
}

/// Whether UDP `port` from `from` reaches `to` over the model, traced like any request; with the
/// sender's security groups when given (a Resolver endpoint's). The second value says why not.
fn reach(
    m: &Model,
    from: &str,
    to: Ipv4Addr,
    port: u16,
    groups: Option<Vec<Ix>>,
) -> (bool, String) {
    let opts = QueryOptions {
        port: Some(port),
        protocol: Some("udp".into()),
        ..Default::default()
    };
    let t = super::trace_adjusted(m, from, &to.to_string(), &opts, |q| {
        if let Some(g) = groups
            && !g.is_empty()
        {
            q.source.groups = g;
        }
    });
    match t {
        Ok(t) if t.verdict == Verdict::Allowed => (true, String::new()),
        Ok(t) => (
            false,
            format!(
                "{} ({})",
                t.reason.map(|r| r.as_str()).unwrap_or("blocked"),
                t.summary
            ),
        ),
        Err(e) => (false, e.to_string()),
    }
}
