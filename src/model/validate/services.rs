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
    let listeners = lb
        .listeners
        .iter()
        .map(|l| Listener {
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
        pos: pos(&s.id),
    });
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
