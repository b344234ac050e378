//! Endpoint services (their load balancers and acceptance), and the endpoint states that
//! acceptance derives.

use super::*;

/// Every endpoint service; load balancer nodes wait for their addresses.
pub(super) fn endpoint_services(
    cx: &mut Cx,
    m: &mut Builder,
    raw: &RawModel,
    region: &str,
    pending_ips: &mut Vec<PendingIp>,
) {
    for s in &raw.endpoint_services {
        endpoint_service(cx, m, s, region, pending_ips);
    }
}

fn endpoint_service(
    cx: &mut Cx,
    m: &mut Builder,
    s: &RawEndpointService,
    region: &str,
    pending_ips: &mut Vec<PendingIp>,
) {
    let owner = s.id.value.clone();
    let account = cx.account_ix(&s.account, &owner);
    let sregion = s
        .region
        .as_ref()
        .map(|r| r.value.clone())
        .unwrap_or_else(|| region.to_string());
    let lb = &s.load_balancer;
    let lb_vpc = cx
        .resolve(&lb.vpc, "VPC", &owner, |o| match o {
            ObjectRef::Vpc(i) => Some(i),
            _ => None,
        })
        .unwrap_or(0);
    let mut subnets = Vec::new();
    for r in &lb.subnets {
        if let Some(sx) = cx.resolve(r, "subnet", &owner, |o| match o {
            ObjectRef::Subnet(i) => Some(i),
            _ => None,
        }) {
            check_same_vpc(cx, m, sx, lb_vpc, r, &owner);
            subnets.push(sx);
        }
    }
    let six = m.endpoint_services.len();
    for sx in &subnets {
        pending_ips.push((Holder::LoadBalancer(six, *sx), lb_vpc, *sx, None));
    }
    // In subnet order, each AZ ID once (subnets of one AZ need not be adjacent).
    let mut zone_ids: Vec<String> = Vec::new();
    for &sx in &subnets {
        if !zone_ids.contains(&m.subnets[sx].zone_id) {
            zone_ids.push(m.subnets[sx].zone_id.clone());
        }
    }
    let target_groups = target_groups(cx, m, lb, lb_vpc, &owner);
    let listeners = lb
        .listeners
        .iter()
        .map(|l| Listener {
            target_group: l.target_group.as_ref().and_then(|t| {
                let found = target_groups.iter().position(|g| g.id == t.value);
                if found.is_none() {
                    let ids: Vec<&str> = target_groups.iter().map(|g| g.id.as_str()).collect();
                    cx.err(
                        "UNKNOWN_REFERENCE",
                        format!("unknown target group `{}`", t.value),
                        pos(t),
                    )
                    .help(
                        match did_you_mean(&suggest(&t.value, ids.iter().copied())) {
                            Some(s) => s,
                            None => "name one of the load balancer's `target_groups`".into(),
                        },
                    )
                    .object = Some(owner.clone());
                }
                found
            }),
            protocol: match l.protocol.value.to_ascii_lowercase().as_str() {
                "udp" => Protocol::Udp,
                "tcp" | "tls" | "tcp_udp" => Protocol::Tcp,
                other => {
                    cx.err(
                        "BAD_PROTOCOL",
                        format!("unknown listener protocol `{other}`"),
                        pos(&l.protocol),
                    )
                    .help("use tcp, tls or udp")
                    .object = Some(owner.clone());
                    Protocol::Tcp
                }
            },
            port: l.port.value,
        })
        .collect();
    let security_groups = resolve_sgs(cx, &lb.security_groups, &owner);
    let accepted = resolve_endpoints(cx, &s.accepted, &owner);
    let rejected = resolve_endpoints(cx, &s.rejected, &owner);
    let kind = lb
        .kind
        .as_ref()
        .map(|k| k.value.to_ascii_lowercase())
        .unwrap_or_else(|| "network".into());
    if kind != "network" && kind != "gateway" {
        let k = lb.kind.as_ref().expect("kind");
        cx.err(
            "BAD_ENUM",
            format!("unknown load balancer type `{kind}`"),
            pos(k),
        )
        .help("use network or gateway")
        .object = Some(owner.clone());
    }
    m.endpoint_services.push(EndpointService {
        id: owner.clone(),
        name: label(&s.name),
        account,
        region: sregion.clone(),
        service_name: format!("com.amazonaws.vpce.{sregion}.{owner}"),
        dns_name: format!("{owner}.{sregion}.vpce.amazonaws.com"),
        load_balancer: LoadBalancer {
            kind,
            name: lb.name.clone().unwrap_or_default(),
            vpc: lb_vpc,
            subnets,
            node_ips: vec![],
            listeners,
            security_groups,
            cross_zone: bool_or(&lb.cross_zone, false),
            enforce_security_groups_on_privatelink: bool_or(
                &lb.enforce_security_groups_on_privatelink,
                true,
            ),
            target_groups,
        },
        zone_ids,
        acceptance_required: bool_or(&s.acceptance_required, true),
        allowed_principals: s
            .allowed_principals
            .iter()
            .map(|p| p.value.clone())
            .collect(),
        accepted,
        rejected,
        private_dns_name: s.private_dns_name.as_ref().map(|n| norm_name(&n.value)),
        private_dns_verified: bool_or(&s.private_dns_verified, false),
        supported_regions: s
            .supported_regions
            .iter()
            .map(|r| r.value.trim().to_string())
            .filter(|r| *r != sregion)
            .collect(),
        supported_ip_address_types: ip_types(cx, &s.supported_ip_address_types, &owner),
        pos: pos(&s.id),
    });
}

/// The load balancer's target groups: each target placed in its subnet's AZ (ES-20). An
/// instance target names an instance of the load balancer's VPC; an IP target an address in
/// one of its subnets (targets outside the VPC are not modelled).
fn target_groups(
    cx: &mut Cx,
    m: &Builder,
    lb: &RawLoadBalancer,
    lb_vpc: Ix,
    owner: &str,
) -> Vec<TargetGroup> {
    let mut out: Vec<TargetGroup> = Vec::new();
    for g in &lb.target_groups {
        if out.iter().any(|o| o.id == g.id.value) {
            cx.err(
                "DUPLICATE_ID",
                format!("target group `{}` is listed twice", g.id.value),
                pos(&g.id),
            )
            .help("give each target group its own id")
            .object = Some(owner.to_string());
            continue;
        }
        let targets = g
            .targets
            .iter()
            .filter_map(|t| target(cx, m, t, lb_vpc, owner))
            .collect();
        out.push(TargetGroup {
            id: g.id.value.clone(),
            port: g.port.as_ref().map(|p| p.value),
            cross_zone: g.cross_zone.as_ref().map(|c| c.value),
            proxy_protocol_v2: bool_or(&g.proxy_protocol_v2, false),
            targets,
            pos: pos(&g.id),
        });
    }
    out
}

const TARGET_HEALTH: [&str; 6] = [
    "healthy",
    "unhealthy",
    "initial",
    "draining",
    "unused",
    "unavailable",
];

fn target(cx: &mut Cx, m: &Builder, t: &RawTarget, lb_vpc: Ix, owner: &str) -> Option<Target> {
    let health = t
        .health
        .as_ref()
        .map(|h| h.value.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "healthy".into());
    if let Some(h) = &t.health
        && !TARGET_HEALTH.contains(&health.as_str())
    {
        cx.err(
            "BAD_ENUM",
            format!("unknown target health `{health}`"),
            pos(h),
        )
        .help(
            did_you_mean(&suggest(&health, TARGET_HEALTH))
                .unwrap_or_else(|| format!("use one of {}", TARGET_HEALTH.join(", "))),
        )
        .object = Some(owner.to_string());
    }
    let id = t.id.value.trim();
    let (instance, ip, subnet) = if let Ok(ip) = id.parse::<Ipv4Addr>() {
        let found = m
            .subnets
            .iter()
            .position(|s| s.vpc == lb_vpc && s.cidr.contains(&ip));
        let Some(sx) = found else {
            cx.err(
                "IP_OUTSIDE_SUBNET",
                format!("target {ip} is in no subnet of the load balancer's VPC"),
                pos(&t.id),
            )
            .help("an IP target must be inside a subnet of the load balancer's VPC (targets in other VPCs or on premises are not modelled)")
            .object = Some(owner.to_string());
            return None;
        };
        (None, Some(ip), sx)
    } else {
        let ix = cx.resolve(&t.id, "instance", owner, |o| match o {
            ObjectRef::Instance(i) => Some(i),
            _ => None,
        })?;
        if m.instances[ix].vpc != lb_vpc {
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("instance `{id}` is in another VPC than the load balancer"),
                pos(&t.id),
            )
            .help("register instances of the load balancer's own VPC, or use an IP target")
            .object = Some(owner.to_string());
            return None;
        }
        (Some(ix), None, m.instances[ix].subnet)
    };
    // An instance whose own subnet is unknown (that error is reported with the instance) has
    // no subnet to place its target in.
    let sub = m.subnets.get(subnet)?;
    Some(Target {
        id: id.to_string(),
        instance,
        ip,
        subnet,
        zone: sub.zone.clone(),
        zone_id: sub.zone_id.clone(),
        healthy: health == "healthy",
        health,
    })
}

/// Derive endpoint states from acceptance (ES-7).
pub(super) fn derive_endpoint_states(cx: &Cx, m: &mut Builder) {
    for e in &mut m.endpoints {
        if e.state_explicit {
            continue;
        }
        if let EndpointTarget::Service(si) = e.target {
            let s = &m.endpoint_services[si];
            let eix_self = cx.ids.get(&e.id).and_then(|o| match o {
                ObjectRef::Endpoint(i) => Some(*i),
                _ => None,
            });
            let mine = |list: &Vec<Ix>| eix_self.is_some_and(|i| list.contains(&i));
            e.state = if mine(&s.rejected) {
                EndpointState::Rejected
            } else if s.acceptance_required && !mine(&s.accepted) {
                EndpointState::PendingAcceptance
            } else {
                EndpointState::Available
            };
        }
    }
}

/// `supported_ip_address_types`: `ipv4` and/or `ipv6` (ES-18); default `[ipv4]`.
fn ip_types(cx: &mut Cx, raw: &[Str], owner: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in raw {
        let v = t.value.trim().to_ascii_lowercase();
        if v != "ipv4" && v != "ipv6" {
            cx.err("BAD_ENUM", format!("unknown IP address type `{v}`"), pos(t))
                .help("use ipv4 and/or ipv6")
                .object = Some(owner.to_string());
        } else if !out.contains(&v) {
            out.push(v);
        }
    }
    if out.is_empty() {
        out.push("ipv4".into());
    }
    out
}
