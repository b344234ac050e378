//! Route 53 Resolver: endpoints, rules, VPC DNS servers and sites' DNS (MODEL.md, "Hub and
//! spoke, hybrid networks, Resolver"; rule book §16).

use super::*;

/// A DNS name as compared: lower case, no trailing dot.
pub(super) fn dns_name(s: &str) -> String {
    s.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// A VPC's `dns_servers`: empty for the Amazon-provided resolver (RSLV-16).
pub(super) fn vpc_dns_servers(cx: &mut Cx, raw: &Option<Vec<Str>>, owner: &str) -> Vec<Ipv4Addr> {
    let mut out = Vec::new();
    for s in raw.iter().flatten() {
        if s.value.trim().eq_ignore_ascii_case("AmazonProvidedDNS") {
            continue;
        }
        if let Some(ip) = parse_ip(cx, s, owner) {
            out.push(ip);
        }
    }
    if raw.as_ref().is_some_and(|r| r.len() > 4) {
        let at = raw.as_ref().map(|r| pos(&r[4])).unwrap_or_default();
        cx.err(
            "BAD_VALUE",
            format!("VPC `{owner}` lists more than four DNS servers"),
            at,
        )
        .help("DHCP options take up to four DNS servers, or AmazonProvidedDNS (RSLV-16)")
        .object = Some(owner.to_string());
    }
    out
}

/// A site's DNS: its server must be one of its own hosts.
pub(super) fn site_dns(
    cx: &mut Cx,
    raw: &RawSiteDns,
    site: Ix,
    owner: &str,
    hosts: &[Host],
) -> Option<SiteDns> {
    let server = cx.resolve(&raw.server, "site host", owner, |o| match o {
        ObjectRef::Host(i) => Some(i),
        _ => None,
    });
    // Hosts of later sites are not built yet: a host index past the built ones is another site's.
    if let Some(h) = server
        && hosts.get(h).is_none_or(|x| x.network != site)
    {
        cx.err(
            "UNKNOWN_REFERENCE",
            format!("`{}` is not a host of site `{owner}`", raw.server.value),
            pos(&raw.server),
        )
        .help("a site's DNS server is one of its own `hosts`")
        .object = Some(owner.to_string());
        return None;
    }
    let forward = raw
        .forward
        .iter()
        .map(|f| {
            let to = f.to.iter().filter_map(|t| parse_ip(cx, t, owner)).collect();
            (dns_name(&f.domain.value), to)
        })
        .collect();
    let zones = raw
        .zones
        .iter()
        .map(|z| {
            let zone = dns_name(&z.name.value);
            let records = z
                .records
                .iter()
                .filter_map(|r| site_record(cx, r, &zone, owner))
                .collect();
            (zone, records)
        })
        .collect();
    Some(SiteDns {
        server: server?,
        forward,
        zones,
    })
}

fn site_record(
    cx: &mut Cx,
    r: &RawSiteRecord,
    zone: &str,
    owner: &str,
) -> Option<(String, Vec<Ipv4Addr>)> {
    if let Some(k) = &r.kind
        && !k.value.trim().eq_ignore_ascii_case("A")
    {
        cx.err(
            "BAD_ENUM",
            format!("record type `{}` in a site zone", k.value),
            pos(k),
        )
        .help("a site's zones hold A records (type: A)")
        .object = Some(owner.to_string());
        return None;
    }
    let name = dns_name(&r.name.value);
    if name != zone && !name.ends_with(&format!(".{zone}")) {
        cx.err(
            "BAD_VALUE",
            format!("record `{name}` is not in zone `{zone}`"),
            pos(&r.name),
        )
        .help(format!("name a record under {zone}"))
        .object = Some(owner.to_string());
        return None;
    }
    let ips = r
        .values
        .iter()
        .filter_map(|v| parse_ip(cx, v, owner))
        .collect();
    Some((name, ips))
}

/// Resolver endpoints and rules. Runs after addresses: endpoint addresses are checked against
/// (and allocated around) the interfaces already placed.
pub(super) fn resolver(
    cx: &mut Cx,
    m: &Builder,
    alloc: &mut Alloc,
    raw: &RawModel,
) -> (Vec<ResolverEndpoint>, Vec<ResolverRule>) {
    let eps: Vec<ResolverEndpoint> = raw
        .resolver_endpoints
        .iter()
        .filter_map(|e| endpoint(cx, m, alloc, e))
        .collect();
    let rules = raw
        .resolver_rules
        .iter()
        .filter_map(|r| rule(cx, r, &raw.resolver_endpoints, &eps))
        .collect();
    (eps, rules)
}

fn endpoint(
    cx: &mut Cx,
    m: &Builder,
    alloc: &mut Alloc,
    e: &RawResolverEndpoint,
) -> Option<ResolverEndpoint> {
    let owner = e.id.value.clone();
    let direction = match e.direction.value.trim().to_ascii_lowercase().as_str() {
        "inbound" => ResolverDirection::Inbound,
        "outbound" => ResolverDirection::Outbound,
        other => {
            cx.err(
                "BAD_ENUM",
                format!("Resolver endpoint direction `{other}`"),
                pos(&e.direction),
            )
            .help("write `direction: inbound` or `direction: outbound`")
            .object = Some(owner);
            return None;
        }
    };
    let vpc = cx.resolve(&e.vpc, "VPC", &owner, |o| match o {
        ObjectRef::Vpc(i) => Some(i),
        _ => None,
    })?;
    let mut subnets = Vec::new();
    for s in &e.subnets {
        let Some(si) = cx.resolve(s, "subnet", &owner, |o| match o {
            ObjectRef::Subnet(i) => Some(i),
            _ => None,
        }) else {
            continue;
        };
        if m.subnets[si].vpc != vpc {
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("subnet `{}` is not in VPC `{}`", s.value, m.vpcs[vpc].id),
                pos(s),
            )
            .help("a Resolver endpoint's subnets are in its own VPC")
            .object = Some(owner.clone());
            continue;
        }
        subnets.push(si);
    }
    if e.subnets.is_empty() {
        cx.err(
            "MISSING_FIELD",
            format!("Resolver endpoint `{owner}` has no `subnets`"),
            pos(&e.id),
        )
        .help("list two subnets in different AZs (RSLV-5)")
        .object = Some(owner.clone());
    }
    let ips = endpoint_ips(cx, m, alloc, e, vpc, &subnets);
    let mut security_groups = Vec::new();
    for g in &e.security_groups {
        if let Some(gi) = cx.resolve(g, "security group", &owner, |o| match o {
            ObjectRef::SecurityGroup(i) => Some(i),
            _ => None,
        }) {
            security_groups.push(gi);
        }
    }
    let zones: HashSet<&str> = ips
        .iter()
        .map(|(s, _)| m.subnets[*s].zone_id.as_str())
        .collect();
    if !ips.is_empty() && (ips.len() < 2 || zones.len() < 2) {
        let msg = if ips.len() < 2 {
            format!(
                "Resolver endpoint `{owner}` has one address; AWS requires at least two (RSLV-5)"
            )
        } else {
            format!(
                "Resolver endpoint `{owner}` has all its addresses in one Availability Zone; AWS recommends two AZs (RSLV-5)"
            )
        };
        cx.warn(w::RESOLVER_ENDPOINT_ONE_ZONE, msg, pos(&e.id), &owner);
    }
    Some(ResolverEndpoint {
        id: owner,
        name: label(&e.name),
        direction,
        vpc,
        subnets,
        ips,
        security_groups,
        pos: pos(&e.id),
    })
}

/// The endpoint's addresses: those written under `ips`, and the first free one in each subnet
/// that has none written.
fn endpoint_ips(
    cx: &mut Cx,
    m: &Builder,
    alloc: &mut Alloc,
    e: &RawResolverEndpoint,
    vpc: Ix,
    subnets: &[Ix],
) -> Vec<(Ix, Ipv4Addr)> {
    let owner = &e.id.value;
    let mut out = Vec::new();
    let written = e.ips.as_ref();
    for (sid, v) in written.into_iter().flatten() {
        let Some(&si) = subnets.iter().find(|&&s| m.subnets[s].id == *sid) else {
            let names: Vec<&str> = subnets.iter().map(|&s| m.subnets[s].id.as_str()).collect();
            let at = pos(v);
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("`ips` names subnet `{sid}`, which is not among the endpoint's `subnets`"),
                at,
            )
            .help(
                did_you_mean(&suggest(sid, names.iter().copied()))
                    .unwrap_or_else(|| "key `ips` by one of the endpoint's subnets".into()),
            )
            .object = Some(owner.clone());
            continue;
        };
        let list: Vec<Str> = match &v.value {
            RawIps::One(s) => vec![v.with(s.clone())],
            RawIps::Many(l) => l.iter().map(|s| v.with(s.clone())).collect(),
        };
        let cidr = m.subnets[si].cidr;
        for s in &list {
            let Some(ip) = parse_ip(cx, s, owner) else {
                continue;
            };
            if !cidr.contains(&ip) {
                cx.err(
                    "IP_OUTSIDE_SUBNET",
                    format!("address {ip} is outside subnet `{sid}` ({cidr})"),
                    pos(s),
                )
                .help(format!(
                    "pick an address inside {cidr}, or omit it to get the first free one"
                ))
                .object = Some(owner.clone());
                continue;
            }
            if !alloc.used.insert((vpc, ip)) {
                cx.err(
                    "IP_COLLISION",
                    format!("address {ip} is already used by another interface"),
                    pos(s),
                )
                .help("give each interface its own address, or omit it to get the first free one")
                .object = Some(owner.clone());
                continue;
            }
            out.push((si, ip));
        }
    }
    for &si in subnets {
        if out.iter().any(|(s, _)| *s == si) || cidr_unparsed(m, si) {
            continue;
        }
        let cidr = m.subnets[si].cidr;
        match alloc.take(vpc, si, &cidr) {
            Some(ip) => out.push((si, ip)),
            None => {
                cx.err(
                    "SUBNET_FULL",
                    format!(
                        "subnet `{}` ({cidr}) has no free address left",
                        m.subnets[si].id
                    ),
                    pos(&e.id),
                )
                .help("use a larger subnet, or give the endpoint an address under `ips`")
                .object = Some(owner.clone());
            }
        }
    }
    out
}

fn cidr_unparsed(m: &Builder, si: Ix) -> bool {
    m.subnets[si].cidr == super::vpcs::UNPARSED_SUBNET
}

fn rule(
    cx: &mut Cx,
    r: &RawResolverRule,
    raws: &[RawResolverEndpoint],
    eps: &[ResolverEndpoint],
) -> Option<ResolverRule> {
    let owner = r.id.value.clone();
    let kind = match r.kind.value.trim().to_ascii_lowercase().as_str() {
        "forward" => ResolverRuleKind::Forward,
        "system" => ResolverRuleKind::System,
        "delegate" => ResolverRuleKind::Delegate,
        other => {
            cx.err(
                "BAD_ENUM",
                format!("Resolver rule type `{other}`"),
                pos(&r.kind),
            )
            .help("write `type: forward`, `system` or `delegate` (RSLV-7)")
            .object = Some(owner);
            return None;
        }
    };
    let endpoint = match &r.endpoint {
        Some(e) => rule_endpoint(cx, e, &owner, raws, eps),
        None if kind != ResolverRuleKind::System => {
            cx.err(
                "MISSING_FIELD",
                format!("Resolver rule `{owner}` names no outbound `endpoint`"),
                pos(&r.id),
            )
            .help("forward and delegate rules send queries through an outbound Resolver endpoint (RSLV-7)")
            .object = Some(owner.clone());
            None
        }
        None => None,
    };
    let mut targets = Vec::new();
    for t in &r.targets {
        let (ip, port) = match t.value.trim().split_once(':') {
            Some((a, p)) => (a, p.parse::<u16>().ok()),
            None => (t.value.trim(), Some(53)),
        };
        let Some(port) = port else {
            cx.err(
                "BAD_PORTS",
                format!("`{}` has no valid port", t.value),
                pos(t),
            )
            .help("write `ip` or `ip:port`, e.g. 192.168.1.53:53")
            .object = Some(owner.clone());
            continue;
        };
        if let Some(ip) = parse_ip(cx, &t.with(ip.to_string()), &owner) {
            targets.push((ip, port));
        }
    }
    if kind == ResolverRuleKind::Forward && r.targets.is_empty() {
        cx.err(
            "MISSING_FIELD",
            format!("forward rule `{owner}` has no `targets`"),
            pos(&r.id),
        )
        .help("list the DNS servers that answer this domain, e.g. targets: [192.168.1.53]")
        .object = Some(owner.clone());
    }
    let mut vpcs = Vec::new();
    for v in &r.vpcs {
        if let Some(vi) = cx.resolve(v, "VPC", &owner, |o| match o {
            ObjectRef::Vpc(i) => Some(i),
            _ => None,
        }) {
            vpcs.push(vi);
        }
    }
    Some(ResolverRule {
        id: owner,
        name: label(&r.name),
        domain: dns_name(&r.domain.value),
        kind,
        endpoint,
        targets,
        vpcs,
        pos: pos(&r.id),
    })
}

/// A rule's endpoint: an outbound one among the model's Resolver endpoints.
fn rule_endpoint(
    cx: &mut Cx,
    e: &Str,
    owner: &str,
    raws: &[RawResolverEndpoint],
    eps: &[ResolverEndpoint],
) -> Option<Ix> {
    let Some(i) = eps.iter().position(|x| x.id == e.value) else {
        let ids = raws.iter().map(|x| x.id.value.as_str());
        let help = did_you_mean(&suggest(&e.value, ids)).unwrap_or_else(|| {
            "define it under `resolver_endpoints` (direction: outbound), or fix the reference"
                .into()
        });
        cx.err(
            "UNKNOWN_REFERENCE",
            format!("unknown Resolver endpoint `{}`", e.value),
            pos(e),
        )
        .help(help)
        .object = Some(owner.to_string());
        return None;
    };
    if eps[i].direction != ResolverDirection::Outbound {
        cx.err(
            "UNKNOWN_REFERENCE",
            format!(
                "Resolver endpoint `{}` is inbound; a rule forwards through an outbound one",
                e.value
            ),
            pos(e),
        )
        .help("name an endpoint with `direction: outbound` (RSLV-3)")
        .object = Some(owner.to_string());
        return None;
    }
    Some(i)
}
