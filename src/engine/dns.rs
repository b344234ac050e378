//! Name resolution from a VPC (rule book §4, §2.4-2.6, §3.4).
//!
//! The source asks the Amazon-provided resolver of its VPC (DNS-1, DNS-2). With `dns_support`
//! off nothing resolves (DNS-4). With both DNS attributes on, the private zones associated with
//! the VPC take part: the customer's private hosted zones, and the hidden zones AWS creates for
//! interface endpoints with private DNS (IF-17) and for endpoint services' verified private DNS
//! names (ES-14). The most specific zone wins (DNS-8); once a zone wins, the answer comes only
//! from it, and a missing record is NXDOMAIN with no public fallback (DNS-11). Without a private
//! match the resolver answers from public DNS (DNS-12): AWS service names resolve to public
//! addresses (from the catalogue), endpoint regional and zonal names to the endpoint's interface
//! addresses from anywhere (IF-14). CNAME and alias records are followed, with a loop guard.
//!
//! A customer zone named exactly like an endpoint's private DNS zone is a conflict AWS refuses
//! to create (IF-20; validation warns); should a model have one, the customer zone answers.

use crate::outcome::Reason;
use std::net::Ipv4Addr;

use crate::model::{
    EndpointKind, EndpointTarget, HostedZone, Ix, Model, ObjectRef, Record, RecordKind, RecordValue,
};

/// Which layer answered, as TRACE.md spells it.
pub const PRIVATE_ZONE: &str = "private-hosted-zone";
pub const ENDPOINT_PRIVATE_DNS: &str = "endpoint-private-dns";
pub const ENDPOINT_DNS: &str = "endpoint-dns";
pub const PUBLIC: &str = "public";

/// The longest CNAME chain followed before giving up.
const MAX_HOPS: usize = 8;

/// One name looked up on the way to an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    pub name: String,
    pub answered_by: &'static str,
    /// Hosted zone id, or endpoint id for endpoint-managed names.
    pub zone: Option<String>,
    /// The record's answer: addresses, or the CNAME target.
    pub answer: String,
}

/// The outcome of resolving one name from one VPC.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolution {
    pub name: String,
    pub answers: Vec<Ipv4Addr>,
    /// Of the final hop.
    pub answered_by: Option<&'static str>,
    pub zone: Option<String>,
    /// Every name visited, the asked name first, when at least one CNAME was followed.
    pub cname_chain: Vec<String>,
    pub hops: Vec<Hop>,
    /// When the answers are the interfaces of an endpoint: that endpoint, and the AZ name when
    /// a zonal name narrowed them to one interface.
    pub endpoint: Option<Ix>,
    pub zonal: Option<String>,
    /// When answered publicly for an AWS service: the service's full name.
    pub service: Option<String>,
    /// Model ids used.
    pub objects: Vec<String>,
    /// Sentences explaining what happened, in order.
    pub notes: Vec<String>,
    pub rules: Vec<&'static str>,
    /// A failure code, when nothing usable came back.
    pub failure: Option<Reason>,
}

impl Resolution {
    fn rule(&mut self, r: &'static str) {
        if !self.rules.contains(&r) {
            self.rules.push(r);
        }
    }
    fn object(&mut self, id: &str) {
        if !self.objects.iter().any(|o| o == id) {
            self.objects.push(id.to_string());
        }
    }
}

/// Lowercase, no trailing dot.
pub fn norm(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `name` is `zone` or below it, label-wise (DNS-8).
fn in_zone(name: &str, zone: &str) -> bool {
    name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
}

/// Whether a record name (possibly `*.x`) covers `name`; exact names only match exactly.
fn covers(pattern: &str, name: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => name.len() > suffix.len() && in_zone(name, suffix),
        None => pattern == name,
    }
}

/// A private zone that matched the name.
#[derive(Debug, Clone)]
enum Cand {
    /// A customer private hosted zone.
    Customer(Ix),
    /// The hidden zone of an interface endpoint to an AWS service (IF-17), named `zone`.
    EndpointZone { endpoint: Ix, zone: String },
    /// The hidden zone of an endpoint to an endpoint service with a verified private DNS name
    /// (ES-14): a CNAME to the endpoint's regional name.
    ServiceZone { endpoint: Ix, service: Ix },
}

enum Step {
    Addrs(Vec<Ipv4Addr>),
    Cname(String),
    NoAnswer(String),
}

/// Which endpoint (and which AZ, for a zonal name) a public endpoint DNS name belongs to
/// (IF-13, IF-22, ES-2). Sub-names of the regional name are S3's `bucket.`/`accesspoint.` forms.
pub fn endpoint_for_name(m: &Model, name: &str) -> Option<(Ix, Option<String>)> {
    let mut s = name;
    loop {
        let label = s.split('.').next().unwrap_or("");
        let mut cuts: Vec<usize> = label.match_indices('-').map(|(i, _)| i).collect();
        cuts.push(label.len());
        for cut in cuts {
            if let Some(ObjectRef::Endpoint(e)) = m.lookup(&label[..cut]) {
                let ep = &m.endpoints[e];
                let sub = s.len() != name.len();
                let s3 = matches!(&ep.target, EndpointTarget::Aws(n) if n.ends_with(".s3"));
                if sub && !s3 {
                    continue;
                }
                if ep.regional_dns.as_deref() == Some(s) {
                    return Some((e, None));
                }
                if let Some((zone, _)) = ep.zonal_dns.iter().find(|(_, z)| z == s) {
                    return Some((e, Some(zone.clone())));
                }
                // A resource configuration's name through a service-network endpoint (ES-38).
                if !sub && ep.lattice_names.iter().any(|(_, n)| n == s) {
                    return Some((e, None));
                }
            }
        }
        match s.split_once('.') {
            Some((_, rest)) if rest.contains('.') => s = rest,
            _ => return None,
        }
    }
}

/// Resolve `name` as the resolver of `vpc` would.
pub fn resolve(m: &Model, vpc: Ix, name: &str) -> Resolution {
    resolve_as(m, vpc, name, false)
}

/// Resolve `name` as the resolver of `vpc` answers a query that arrived through one of its
/// inbound Resolver endpoints (RSLV-1): the same view, except that S3 interface endpoints with
/// private DNS only for inbound endpoints answer with their interfaces here (RSLV-21, IF-24).
pub fn resolve_inbound(m: &Model, vpc: Ix, name: &str) -> Resolution {
    resolve_as(m, vpc, name, true)
}

fn resolve_as(m: &Model, vpc: Ix, name: &str, inbound: bool) -> Resolution {
    let v = &m.vpcs[vpc];
    let mut r = Resolution {
        name: norm(name),
        ..Default::default()
    };
    if !v.dns_support {
        r.failure = Some(Reason::DnsResolutionDisabled);
        r.rule("DNS-4");
        r.object(&v.id);
        r.notes.push(format!(
            "{} has dns_support off, so the Amazon-provided resolver (VPC+2) does not answer: nothing resolves, not even public names (DNS-4).",
            v.id
        ));
        return r;
    }
    r.rule("DNS-1");
    let private_on = v.dns_hostnames;
    follow(m, &mut r, |cur, r| {
        lookup_once(m, vpc, cur, (private_on, inbound), r)
    });
    r
}

/// Resolve `name` as public DNS would, for a site without a modelled DNS server (MODEL.md
/// networks: "absent: public DNS"): AWS service names give public addresses, endpoint-specific
/// names their interfaces' private addresses (IF-14), private zones nothing.
pub fn resolve_public(m: &Model, name: &str) -> Resolution {
    let mut r = Resolution {
        name: norm(name),
        ..Default::default()
    };
    r.rule("DNS-12");
    follow(m, &mut r, |cur, r| public_answer(m, cur, r));
    r
}

/// Look `r.name` up with `once`, following CNAMEs with a loop guard.
fn follow(m: &Model, r: &mut Resolution, mut once: impl FnMut(&str, &mut Resolution) -> Step) {
    let mut current = r.name.clone();
    let mut visited: Vec<String> = Vec::new();
    loop {
        if visited.contains(&current) || visited.len() > MAX_HOPS {
            r.failure = Some(Reason::DnsNoAnswer);
            r.notes.push(format!(
                "The CNAME chain {} loops (or runs longer than {MAX_HOPS} names): the resolver gives up (SERVFAIL).",
                visited.join(" → ")
            ));
            break;
        }
        visited.push(current.clone());
        match once(&current, r) {
            Step::Addrs(a) => {
                r.answers = a;
                break;
            }
            Step::Cname(t) => {
                current = norm(&t);
            }
            Step::NoAnswer(why) => {
                r.failure = Some(Reason::DnsNoAnswer);
                r.notes.push(why);
                break;
            }
        }
    }
    if visited.len() > 1 {
        r.cname_chain = visited;
    }
    endpoint_record_types(m, r);
    if r.failure.is_none() && r.answers.is_empty() {
        r.failure = Some(Reason::DnsNoAnswer);
    }
}

/// An endpoint's names answer with the record types its `dns_record_ip_type` gives (IF-28): a
/// dual-stack endpoint adds AAAA records; one that publishes AAAA only leaves an IPv4 client
/// (every source linkscope traces) without an A answer.
fn endpoint_record_types(m: &Model, r: &mut Resolution) {
    let Some(e) = r.endpoint else { return };
    if r.failure.is_some() {
        return;
    }
    let ep = &m.endpoints[e];
    let types = ep.dns_record_types();
    if types.contains(&"A") {
        if types.contains(&"AAAA") {
            r.rule("IF-28");
            r.notes.push(format!(
                "{} is dual-stack: its names also answer AAAA records with the interfaces' IPv6 addresses (IF-28); an IPv4 client uses the A records.",
                ep.id
            ));
        }
        return;
    }
    r.rule("IF-28");
    r.answers.clear();
    r.failure = Some(Reason::DnsNoAnswer);
    r.notes.push(format!(
        "{} publishes AAAA records only (dns_record_ip_type ipv6): {} has no A record, so an IPv4 client gets no address to use (IF-28).",
        ep.id, r.name
    ));
}

/// `how`: (private zones on, arrived through an inbound endpoint).
fn lookup_once(m: &Model, vpc: Ix, name: &str, how: (bool, bool), r: &mut Resolution) -> Step {
    let (private_on, inbound) = how;
    let v = &m.vpcs[vpc];
    // Private candidates (DNS-7): customer zones associated with the VPC, endpoint-managed zones.
    let mut best: Option<(usize, Cand)> = None;
    let offer = |len: usize, c: Cand, best: &mut Option<(usize, Cand)>| {
        if best.as_ref().is_none_or(|(l, _)| len > *l) {
            *best = Some((len, c));
        }
    };
    for &z in m.hosted_zones_of(vpc) {
        let zn = &m.hosted_zones[z].name;
        if in_zone(name, zn) {
            offer(zn.len(), Cand::Customer(z), &mut best);
        }
    }
    for &e in &v.endpoints {
        let ep = &m.endpoints[e];
        if ep.kind != EndpointKind::Interface || !ep.private_dns {
            continue;
        }
        match &ep.target {
            EndpointTarget::Resource(_) | EndpointTarget::ServiceNetwork(_) => continue,
            EndpointTarget::Aws(full) => {
                let Some(svc) = m.catalogue.service(full) else {
                    continue;
                };
                for pdn in &svc.private_dns_names {
                    let pdn = norm(pdn);
                    let zone = pdn.trim_start_matches("*.").to_string();
                    if !in_zone(name, &zone) {
                        continue;
                    }
                    if ep.private_dns_only_for_inbound_resolver && inbound {
                        let note = format!(
                            "{} (S3) has private DNS only for inbound resolver endpoints, and this query arrived through one: it gets the endpoint's interface addresses (RSLV-21, IF-24).",
                            ep.id
                        );
                        if !r.notes.contains(&note) {
                            r.notes.push(note);
                        }
                        r.rule("RSLV-21");
                    } else if ep.private_dns_only_for_inbound_resolver {
                        let note = format!(
                            "{} (S3) has private DNS only for inbound resolver endpoints: queries from inside {} still get S3's public addresses, which the gateway endpoint route carries (IF-24).",
                            ep.id, v.id
                        );
                        if !r.notes.contains(&note) {
                            r.notes.push(note);
                        }
                        r.rule("IF-24");
                        r.object(&ep.id);
                        break;
                    }
                    offer(
                        zone.len(),
                        Cand::EndpointZone { endpoint: e, zone },
                        &mut best,
                    );
                }
            }
            EndpointTarget::Service(si) => {
                let es = &m.endpoint_services[*si];
                let Some(pn) = &es.private_dns_name else {
                    continue;
                };
                let zone = pn.trim_start_matches("*.").to_string();
                if !in_zone(name, &zone) {
                    continue;
                }
                if !es.private_dns_verified {
                    r.notes.push(format!(
                        "{}'s private DNS name {pn} is not verified, so {} serves no private zone for it (ES-13).",
                        es.id, ep.id
                    ));
                    r.rule("ES-13");
                    r.object(&es.id);
                    continue;
                }
                offer(
                    zone.len(),
                    Cand::ServiceZone {
                        endpoint: e,
                        service: *si,
                    },
                    &mut best,
                );
            }
            EndpointTarget::InstanceConnect => {}
        }
    }
    if let Some((_, cand)) = &best
        && !private_on
    {
        let what = match cand {
            Cand::Customer(z) => format!(
                "private hosted zone {} ({})",
                m.hosted_zones[*z].id, m.hosted_zones[*z].name
            ),
            Cand::EndpointZone { endpoint, .. } | Cand::ServiceZone { endpoint, .. } => {
                format!("the private DNS of {}", m.endpoints[*endpoint].id)
            }
        };
        r.notes.push(format!(
            "{what} would answer, but {} has dns_hostnames off; private zones and endpoint private DNS need both DNS attributes (DNS-5, IF-18), so the name is resolved publicly.",
            v.id
        ));
        r.rule("DNS-5");
        r.object(&v.id);
        best = None;
    }
    if let Some((_, cand)) = best {
        return private_answer(m, name, cand, r);
    }
    public_answer(m, name, r)
}

/// The answer of the private zone that won (DNS-8): a customer hosted zone's record, or an
/// endpoint's hidden zone.
fn private_answer(m: &Model, name: &str, cand: Cand, r: &mut Resolution) -> Step {
    r.rule("DNS-8");
    match cand {
        Cand::Customer(z) => customer_zone_answer(m, name, z, r),
        Cand::EndpointZone { endpoint, zone } => endpoint_zone_answer(m, name, endpoint, &zone, r),
        Cand::ServiceZone { endpoint, service } => {
            service_zone_answer(m, name, endpoint, service, r)
        }
    }
}

/// A customer private hosted zone's answer for `name`: its A record, or the CNAME or alias
/// the resolver follows; NXDOMAIN without one (DNS-11).
fn customer_zone_answer(m: &Model, name: &str, z: Ix, r: &mut Resolution) -> Step {
    let hz = &m.hosted_zones[z];
    r.object(&hz.id);
    r.answered_by = Some(PRIVATE_ZONE);
    r.zone = Some(hz.id.clone());
    r.endpoint = None;
    r.service = None;
    let Some(rec) = zone_record(hz, name) else {
        r.rule("DNS-11");
        return Step::NoAnswer(format!(
            "Private hosted zone {} ({}) is the most specific zone for {name}, and it has no A, CNAME or alias record for it. The resolver answers NXDOMAIN and does not fall back to public DNS (DNS-11).",
            hz.id, hz.name
        ));
    };
    match rec.kind {
        RecordKind::A => {
            let ips: Vec<Ipv4Addr> = rec
                .values
                .iter()
                .filter_map(|v| match v {
                    RecordValue::Ip(ip) => Some(*ip),
                    _ => None,
                })
                .collect();
            r.hops.push(Hop {
                name: name.to_string(),
                answered_by: PRIVATE_ZONE,
                zone: Some(hz.id.clone()),
                answer: join_ips(&ips),
            });
            r.notes.push(format!(
                "Private hosted zone {} ({}) is associated with the VPC and is the most specific match; its A record gives {} (DNS-8).",
                hz.id,
                hz.name,
                join_ips(&ips)
            ));
            Step::Addrs(ips)
        }
        _ => {
            let target = match rec.values.first() {
                Some(RecordValue::Name(n)) => n.clone(),
                Some(RecordValue::Endpoint(e)) => {
                    r.object(&m.endpoints[*e].id);
                    match &m.endpoints[*e].regional_dns {
                        Some(d) => d.clone(),
                        None => {
                            return Step::NoAnswer(format!(
                                "The record for {name} in {} points at {}, which has no DNS name (only interface endpoints have one).",
                                hz.id, m.endpoints[*e].id
                            ));
                        }
                    }
                }
                _ => {
                    return Step::NoAnswer(format!(
                        "The record for {name} in {} has no usable value.",
                        hz.id
                    ));
                }
            };
            let kind = if rec.kind == RecordKind::Alias {
                "alias"
            } else {
                "CNAME"
            };
            r.hops.push(Hop {
                name: name.to_string(),
                answered_by: PRIVATE_ZONE,
                zone: Some(hz.id.clone()),
                answer: target.clone(),
            });
            r.notes.push(format!(
                "Private hosted zone {} ({}) answers {name} with a {kind} to {target}, which the resolver follows.",
                hz.id, hz.name
            ));
            Step::Cname(target)
        }
    }
}

/// The A, CNAME or alias record of a hosted zone that answers `name`: an exact name first,
/// else the most specific wildcard (none when the name has records of other kinds only).
fn zone_record<'z>(hz: &'z HostedZone, name: &str) -> Option<&'z Record> {
    let exact: Vec<_> = hz.records.iter().filter(|rec| rec.name == name).collect();
    exact
        .iter()
        .find(|rec| {
            matches!(
                rec.kind,
                RecordKind::A | RecordKind::Cname | RecordKind::Alias
            )
        })
        .copied()
        .or_else(|| {
            if !exact.is_empty() {
                return None;
            }
            hz.records
                .iter()
                .filter(|rec| rec.name.starts_with("*.") && covers(&rec.name, name))
                .filter(|rec| {
                    matches!(
                        rec.kind,
                        RecordKind::A | RecordKind::Cname | RecordKind::Alias
                    )
                })
                .max_by_key(|rec| rec.name.len())
        })
}

/// The hidden zone of an interface endpoint with private DNS (IF-17): the endpoint's
/// interface addresses for the service's names, NXDOMAIN for any other name in it (DNS-11).
fn endpoint_zone_answer(
    m: &Model,
    name: &str,
    endpoint: Ix,
    zone: &str,
    r: &mut Resolution,
) -> Step {
    let ep = &m.endpoints[endpoint];
    r.object(&ep.id);
    r.rule("IF-17");
    r.answered_by = Some(ENDPOINT_PRIVATE_DNS);
    r.zone = Some(ep.id.clone());
    r.service = None;
    let svc_names: Vec<String> = match &ep.target {
        EndpointTarget::Aws(full) => m
            .catalogue
            .service(full)
            .map(|s| s.private_dns_names.iter().map(|n| norm(n)).collect())
            .unwrap_or_default(),
        _ => vec![],
    };
    if !svc_names.iter().any(|p| covers(p, name)) {
        r.rule("DNS-11");
        return Step::NoAnswer(format!(
            "{}'s private DNS zone {zone} is the most specific match for {name} but holds no record for it: NXDOMAIN, no public fallback (DNS-11, DNS-14).",
            ep.id
        ));
    }
    let ips: Vec<Ipv4Addr> = ep.enis.iter().map(|e| e.ip).collect();
    r.endpoint = Some(endpoint);
    r.zonal = None;
    r.hops.push(Hop {
        name: name.to_string(),
        answered_by: ENDPOINT_PRIVATE_DNS,
        zone: Some(ep.id.clone()),
        answer: join_ips(&ips),
    });
    r.notes.push(format!(
        "Interface endpoint {} has private DNS on, so AWS answers {name} inside this VPC with the endpoint's interface addresses {} instead of the service's public ones (IF-17).",
        ep.id,
        join_ips(&ips)
    ));
    Step::Addrs(ips)
}

/// The hidden zone of an endpoint to a service with a verified private DNS name (ES-14): a
/// CNAME to the endpoint's regional name, NXDOMAIN for any other name in it (DNS-11).
fn service_zone_answer(
    m: &Model,
    name: &str,
    endpoint: Ix,
    service: Ix,
    r: &mut Resolution,
) -> Step {
    let ep = &m.endpoints[endpoint];
    let es = &m.endpoint_services[service];
    r.object(&ep.id);
    r.object(&es.id);
    r.rule("ES-14");
    r.answered_by = Some(ENDPOINT_PRIVATE_DNS);
    r.zone = Some(ep.id.clone());
    let pn = es.private_dns_name.clone().unwrap_or_default();
    if !covers(&pn, name) {
        r.rule("DNS-11");
        return Step::NoAnswer(format!(
            "{}'s private zone for {pn} is the most specific match for {name} but holds no record for it: NXDOMAIN (DNS-11).",
            ep.id
        ));
    }
    let Some(target) = ep.regional_dns.clone() else {
        return Step::NoAnswer(format!("{} has no regional DNS name.", ep.id));
    };
    r.hops.push(Hop {
        name: name.to_string(),
        answered_by: ENDPOINT_PRIVATE_DNS,
        zone: Some(ep.id.clone()),
        answer: target.clone(),
    });
    r.notes.push(format!(
        "{} ({}) has a verified private DNS name and {} has private DNS on, so AWS answers {name} in this VPC with a CNAME to the endpoint's regional name {target} (ES-14).",
        es.id, pn, ep.id
    ));
    Step::Cname(target)
}

fn public_answer(m: &Model, name: &str, r: &mut Resolution) -> Step {
    r.rule("DNS-12");
    if let Some((e, zonal)) = endpoint_for_name(m, name) {
        let ep = &m.endpoints[e];
        r.object(&ep.id);
        r.rule("IF-14");
        let ips: Vec<Ipv4Addr> = ep
            .enis
            .iter()
            .filter(|eni| zonal.as_ref().is_none_or(|z| &eni.zone == z))
            .map(|eni| eni.ip)
            .collect();
        r.answered_by = Some(ENDPOINT_DNS);
        r.zone = Some(ep.id.clone());
        r.endpoint = Some(e);
        r.zonal = zonal.clone();
        r.service = None;
        r.hops.push(Hop {
            name: name.to_string(),
            answered_by: ENDPOINT_DNS,
            zone: Some(ep.id.clone()),
            answer: join_ips(&ips),
        });
        let kind = match &zonal {
            Some(z) => {
                r.rule("IF-15");
                format!("zonal name (only its interface in {z})")
            }
            None if ep.regional_dns.as_deref() != Some(name) => format!(
                "S3 name under its regional name {} (all its interfaces)",
                ep.regional_dns.as_deref().unwrap_or("")
            ),
            None => "regional name (all its interfaces)".to_string(),
        };
        r.notes.push(format!(
            "{name} is {}'s {kind}. Endpoint names are public records that resolve to the interfaces' private addresses from anywhere: {} (IF-14).",
            ep.id,
            join_ips(&ips)
        ));
        // S3's forms under the regional name (IF-22): bucket., BUCKET.bucket., accesspoint.,
        // control. Anything else resolves through the wildcard record but is no S3 name.
        if zonal.is_none()
            && let Some(regional) = ep.regional_dns.as_deref()
            && let Some(prefix) = name
                .strip_suffix(regional)
                .and_then(|p| p.strip_suffix('.'))
        {
            r.rule("IF-22");
            let last = prefix.rsplit('.').next().unwrap_or("");
            if matches!(last, "bucket" | "accesspoint" | "control") {
                r.notes.push(format!(
                    "{prefix}.… is one of the name forms S3 interface endpoints answer: bucket.<endpoint name> (BUCKET.bucket.… for virtual-hosted style), accesspoint.… and control.… (IF-22)."
                ));
            } else {
                r.notes.push(format!(
                    "It resolves through the endpoint's wildcard record, but {prefix}.… is not a name S3 understands behind an interface endpoint: S3 expects bucket.<endpoint name>, BUCKET.bucket.<endpoint name>, accesspoint.… or control.… (IF-22). Point the client at {}.bucket.{regional} instead.",
                    prefix.split('.').next().unwrap_or(prefix)
                ));
            }
        }
        if ips.is_empty() {
            return Step::NoAnswer(format!("{} has no interface for that name.", ep.id));
        }
        return Step::Addrs(ips);
    }
    if let Some(si) = m.endpoint_service_for_dns(name) {
        let es = &m.endpoint_services[si];
        r.object(&es.id);
        if es.dns_name == name {
            r.rule("ES-2");
            return Step::NoAnswer(format!(
                "{name} is endpoint service {}'s own DNS name. Consumers do not connect to it: they use their interface endpoint's regional or zonal names, or the service's private DNS name through an endpoint with private DNS on (ES-2). Nothing the source can reach answers it.",
                es.id
            ));
        }
        r.rule("ES-14");
        return Step::NoAnswer(format!(
            "{name} is endpoint service {}'s private DNS name. It resolves privately only in VPCs with an endpoint to the service that has private DNS on (ES-14); publicly it is whatever the provider publishes, and the model holds no public record for it.",
            es.id
        ));
    }
    if let Some(svc) = public_service(m, name) {
        let ip = m.catalogue.public_ip_for(svc, name);
        r.answered_by = Some(PUBLIC);
        r.zone = None;
        r.endpoint = None;
        r.service = Some(svc.name.clone());
        r.hops.push(Hop {
            name: name.to_string(),
            answered_by: PUBLIC,
            zone: None,
            answer: ip.to_string(),
        });
        r.notes.push(format!(
            "No private zone of the VPC covers {name}, so the resolver answers from public DNS: it is {} ({}), at public address {ip} (DNS-12).",
            svc.short, svc.region
        ));
        if m.catalogue.is_global_name(svc, name) {
            r.rule("GLB-5");
            let (rule, lesson) = match svc.short.as_str() {
                "sts" => (
                    "GLB-1",
                    format!(
                        "{name} is STS's global name. An STS interface endpoint's private DNS answers only the Regional names ({} here), so this name resolves publicly and the request leaves by whatever route the VPC has to the internet (a NAT or internet gateway), or not at all (GLB-1). Set the SDK to use Regional STS endpoints (AWS_STS_REGIONAL_ENDPOINTS=regional) to go through the endpoint. Since 2025 AWS serves global-name requests in the caller's Region, but the name still resolves publicly (GLB-2).",
                        svc.dns
                    ),
                ),
                "s3" => (
                    "GLB-3",
                    "This is S3's legacy global endpoint. It is served from us-east-1 (for other Regions' buckets S3 redirects or refuses), S3 interface endpoints do not support it (IF-25), and its addresses lie in us-east-1's S3 prefix list, so only a gateway endpoint in us-east-1 carries it privately (GLB-3, GW-6). Use the Regional name BUCKET.s3.REGION.amazonaws.com.".to_string(),
                ),
                "iam" => (
                    "GLB-4",
                    "IAM is global; its control plane and its only interface endpoints are in us-east-1 (com.amazonaws.iam). Without such an endpoint (reached from other Regions over a transit gateway or peering) the name resolves publicly (GLB-4).".to_string(),
                ),
                _ => ("GLB-5", String::new()),
            };
            r.rule(rule);
            if !lesson.is_empty() {
                r.notes.push(lesson);
            }
            r.notes.push(
                "A global name (no Region in it) is covered only by a private DNS name or private hosted zone for exactly that name; a Regional endpoint's private DNS never covers it (GLB-5).".to_string(),
            );
        }
        return Step::Addrs(vec![ip]);
    }
    Step::NoAnswer(format!(
        "No private zone of the VPC covers {name}, and the model knows no public record for it (DNS-12): as far as this model can tell, it does not exist (NXDOMAIN)."
    ))
}

/// The AWS service a public name belongs to: the catalogue's answer, or for a virtual-hosted S3
/// name (`BUCKET.s3.REGION.amazonaws.com`) the S3 service of that region (IF-23, U-7).
fn public_service<'m>(m: &'m Model, name: &str) -> Option<&'m crate::catalogue::ServiceDef> {
    if let Some(s) = m.catalogue.service_for_host(name) {
        return Some(s);
    }
    let (_, parent) = name.split_once('.')?;
    m.catalogue
        .service_for_host(parent)
        .filter(|s| s.short == "s3")
}

fn join_ips(ips: &[Ipv4Addr]) -> String {
    ips.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_matching_is_label_wise() {
        assert!(in_zone("db.corp.internal", "corp.internal"));
        assert!(in_zone("corp.internal", "corp.internal"));
        assert!(!in_zone("xcorp.internal", "corp.internal"));
        assert!(covers(
            "*.s3.us-east-1.amazonaws.com",
            "b.s3.us-east-1.amazonaws.com"
        ));
        assert!(!covers(
            "*.s3.us-east-1.amazonaws.com",
            "s3.us-east-1.amazonaws.com"
        ));
        assert!(covers(
            "s3.us-east-1.amazonaws.com",
            "s3.us-east-1.amazonaws.com"
        ));
    }
}
