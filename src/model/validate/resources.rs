//! Pass 2, VPC Lattice resources (ES-26..ES-32): resource gateways (VPC, subnets, addresses,
//! security groups) and resource configurations of type SINGLE (gateway, IP address or domain
//! name, TCP port ranges, the accounts they are shared with through AWS RAM).

use super::*;

/// Every resource gateway, then every resource configuration, in file order (one model object
/// per raw entry, so indexes match the raw lists).
pub(super) fn resources(
    cx: &mut Cx,
    m: &Builder,
    raw: &RawModel,
) -> (Vec<ResourceGateway>, Vec<ResourceConfiguration>) {
    unique_ids(cx, raw);
    let gateways: Vec<ResourceGateway> = raw
        .resource_gateways
        .iter()
        .map(|g| gateway(cx, m, g))
        .collect();
    let configs = raw
        .resource_configurations
        .iter()
        .map(|c| configuration(cx, m, raw, &gateways, c))
        .collect();
    (gateways, configs)
}

/// Resource gateway and configuration ids are unique among themselves and the model's ids
/// (references to them are resolved by id).
fn unique_ids(cx: &mut Cx, raw: &RawModel) {
    let mut seen: HashSet<&str> = HashSet::new();
    let ids = raw
        .resource_gateways
        .iter()
        .map(|g| &g.id)
        .chain(raw.resource_configurations.iter().map(|c| &c.id));
    for id in ids {
        let v = id.value.as_str();
        if !seen.insert(v) || cx.ids.contains_key(v) {
            cx.err("DUPLICATE_ID", format!("`{v}` is used twice"), pos(id))
                .help("give every object its own id")
                .object = Some(v.to_string());
        }
    }
}

fn gateway(cx: &mut Cx, m: &Builder, g: &RawResourceGateway) -> ResourceGateway {
    let owner = g.id.value.clone();
    let vpc = cx
        .resolve(&g.vpc, "VPC", &owner, |o| match o {
            ObjectRef::Vpc(i) => Some(i),
            _ => None,
        })
        .unwrap_or(0);
    if g.subnets.is_empty() {
        cx.err(
            "MISSING_FIELD",
            "a resource gateway needs `subnets`",
            pos(&g.id),
        )
        .help("list the subnets it has interfaces in, ideally one per AZ (ES-27)")
        .object = Some(owner.clone());
    }
    let mut subnets = Vec::new();
    let mut ips = Vec::new();
    for r in &g.subnets {
        let Some(sn) = cx.resolve(r, "subnet", &owner, |o| match o {
            ObjectRef::Subnet(i) => Some(i),
            _ => None,
        }) else {
            continue;
        };
        if m.vpcs.is_empty() {
            continue;
        }
        check_same_vpc(cx, m, sn, vpc, r, &owner);
        let cidr = m.subnets[sn].cidr;
        let ip = match g.ips.get(&r.value) {
            Some(s) => match parse_ip(cx, s, &owner) {
                Some(ip) if cidr.contains(&ip) => ip,
                Some(ip) => {
                    cx.err(
                        "BAD_VALUE",
                        format!("{ip} is not in subnet {} ({cidr})", r.value),
                        pos(s),
                    )
                    .help("give an address of that subnet")
                    .object = Some(owner.clone());
                    ip
                }
                None => cidr.network(),
            },
            // Derived, stable: AWS picks its own (ES-30).
            None => derived_ip(cidr, &owner),
        };
        subnets.push(sn);
        ips.push(ip);
    }
    for k in g.ips.keys() {
        if !g.subnets.iter().any(|s| &s.value == k) {
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("`ips` names subnet `{k}`, which is not in `subnets`"),
                pos(&g.id),
            )
            .help("key `ips` by the gateway's own subnets")
            .object = Some(owner.clone());
        }
    }
    let security_groups = match &g.security_groups {
        Some(list) => resolve_sgs(cx, list, &owner),
        None => m
            .vpcs
            .get(vpc)
            .map(|v| vec![v.default_security_group])
            .unwrap_or_default(),
    };
    for (&sg, r) in security_groups
        .iter()
        .zip(g.security_groups.iter().flatten())
    {
        if m.security_groups.get(sg).is_some_and(|x| x.vpc != vpc) {
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("security group `{}` is not in the gateway's VPC", r.value),
                pos(r),
            )
            .help("a resource gateway's security groups must be in its own VPC (ES-27)")
            .object = Some(owner.clone());
        }
    }
    ResourceGateway {
        id: owner,
        name: label(&g.name),
        vpc,
        subnets,
        ips,
        security_groups,
        pos: pos(&g.id),
    }
}

/// An address of `cidr` derived from the gateway's id (past AWS's reserved first four).
fn derived_ip(cidr: Ipv4Net, id: &str) -> Ipv4Addr {
    let size = 1u64 << (32 - cidr.prefix_len());
    let usable = size.saturating_sub(5).max(1);
    let off = 4 + u64::from(stable_hash(id)) % usable;
    let base = u32::from(cidr.network());
    Ipv4Addr::from(base.wrapping_add(off.min(u64::from(u32::MAX)) as u32))
}

fn configuration(
    cx: &mut Cx,
    m: &Builder,
    raw: &RawModel,
    gateways: &[ResourceGateway],
    c: &RawResourceConfiguration,
) -> ResourceConfiguration {
    let owner = c.id.value.clone();
    if let Some(k) = &c.kind {
        let t = k.value.trim().to_ascii_lowercase();
        if t != "single" {
            let err = if ["group", "child", "arn"].contains(&t.as_str()) {
                cx.err(
                    "NOT_MODELLED",
                    format!("`{t}` resource configurations are not modelled yet"),
                    pos(k),
                )
            } else {
                cx.err(
                    "BAD_ENUM",
                    format!("unknown resource configuration type `{t}`"),
                    pos(k),
                )
            };
            err.help("linkscope models resource configurations of type `single` (an IP address or a domain name, ES-28)")
                .object = Some(owner.clone());
        }
    }
    let gw_ref = c.resource_gateway.value.trim();
    let gateway = match raw
        .resource_gateways
        .iter()
        .position(|g| g.id.value == gw_ref)
    {
        Some(i) => i,
        None => {
            let s = suggest(
                gw_ref,
                raw.resource_gateways.iter().map(|g| g.id.value.as_str()),
            );
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("unknown resource gateway `{gw_ref}`"),
                pos(&c.resource_gateway),
            )
            .help(
                did_you_mean(&s)
                    .unwrap_or_else(|| "name a resource gateway of `resource_gateways:`".into()),
            )
            .object = Some(owner.clone());
            0
        }
    };
    let target = match (&c.ip, &c.domain) {
        (Some(ip), None) => {
            ResourceTarget::Ip(parse_ip(cx, ip, &owner).unwrap_or(Ipv4Addr::UNSPECIFIED))
        }
        (None, Some(d)) => {
            ResourceTarget::Domain(d.value.trim().trim_end_matches('.').to_ascii_lowercase())
        }
        (Some(_), Some(d)) => {
            cx.err(
                "BAD_VALUE",
                "a resource configuration has either `ip` or `domain`, not both",
                pos(d),
            )
            .help("a SINGLE resource configuration defines one resource (ES-28)")
            .object = Some(owner.clone());
            ResourceTarget::Domain(String::new())
        }
        (None, None) => {
            cx.err(
                "MISSING_FIELD",
                "a resource configuration needs `ip` or `domain`",
                pos(&c.id),
            )
            .help("e.g. `ip: 10.9.1.50` or `domain: db.internal.example.com` (ES-28)")
            .object = Some(owner.clone());
            ResourceTarget::Domain(String::new())
        }
    };
    let port_ranges = port_ranges(cx, c, &owner);
    let account = gateways
        .get(gateway)
        .and_then(|g| m.vpcs.get(g.vpc))
        .map(|v| v.account)
        .unwrap_or(0);
    ResourceConfiguration {
        id: owner,
        name: label(&c.name),
        account,
        gateway,
        target,
        port_ranges,
        shared_with: c
            .shared_with
            .iter()
            .map(|a| a.value.trim().to_string())
            .collect(),
        allow_shareable_service_network: c
            .allow_association_to_shareable_service_network
            .as_ref()
            .map(|b| b.value)
            .unwrap_or(false),
        pos: pos(&c.id),
    }
}

/// AWS's `portRanges`: `1-65535`, or comma-separated ports and ranges (`1,2,22-30`, ES-28).
fn port_ranges(cx: &mut Cx, c: &RawResourceConfiguration, owner: &str) -> Vec<PortRange> {
    let Some(s) = &c.port_ranges else {
        return vec![PortRange { from: 1, to: 65535 }];
    };
    let mut out = Vec::new();
    for part in s.value.0.split(',') {
        let p = part.trim();
        let r = match p.split_once('-') {
            Some((a, b)) => match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
                (Ok(a), Ok(b)) if 1 <= a && a <= b => Some(PortRange { from: a, to: b }),
                _ => None,
            },
            None => p
                .parse::<u16>()
                .ok()
                .filter(|&x| x >= 1)
                .map(PortRange::single),
        };
        match r {
            Some(r) => out.push(r),
            None => {
                cx.err(
                    "BAD_PORTS",
                    format!("`{p}` is not a port or port range"),
                    pos(s),
                )
                .help("write AWS's form: `5432`, `1-65535` or `1,2,22-30` (ES-28)")
                .object = Some(owner.to_string());
            }
        }
    }
    out
}
