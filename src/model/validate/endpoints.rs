//! Pass 2, VPC endpoints: type, the fields that apply to it, target service, route tables,
//! ENIs, security groups, policy, state and DNS names; then the routes gateway endpoints add.

use std::path::Path;

use super::*;

/// What every endpoint reads besides its own raw entry.
pub(super) struct Env<'a> {
    pub raw: &'a RawModel,
    pub catalogue: &'a Catalogue,
    /// The model file's folder (policy paths are relative to it).
    pub base: Option<&'a Path>,
    pub region: &'a str,
}

/// Every endpoint, VPC by VPC in file order.
pub(super) fn endpoints(cx: &mut Cx, m: &mut Builder, env: &Env, pending_ips: &mut Vec<PendingIp>) {
    for (vix, v) in env.raw.vpcs.iter().enumerate() {
        for e in &v.endpoints {
            endpoint(cx, m, env, e, vix, pending_ips);
        }
    }
}

fn endpoint(
    cx: &mut Cx,
    m: &mut Builder,
    env: &Env,
    e: &RawEndpoint,
    vix: Ix,
    pending_ips: &mut Vec<PendingIp>,
) {
    let eix = m.endpoints.len();
    let owner = e.id.value.clone();
    let Some(kind) = endpoint_kind(cx, e) else {
        // Register a placeholder so indexes stay aligned; nothing else is checked.
        m.vpcs[vix].endpoints.push(eix);
        m.endpoints.push(placeholder_endpoint(&owner, vix));
        return;
    };
    let vregion = m.vpcs[vix].region.clone();
    let at = pos(&e.id);
    wrong_fields(cx, e, kind);
    // Target service.
    let is_resource = e.kind.value.trim().eq_ignore_ascii_case("resource");
    let is_sn = is_service_network(e);
    let target = match kind {
        EndpointKind::InstanceConnect => EndpointTarget::InstanceConnect,
        _ if is_resource => resource_target(cx, env, e),
        _ if is_sn => service_network_target(cx, env, e),
        _ => match &e.service {
            None => {
                cx.err("MISSING_FIELD", "an endpoint needs a `service`", at)
                    .help("e.g. `service: s3`, a full name, or an endpoint_service id")
                    .object = Some(owner.clone());
                EndpointTarget::Aws(String::new())
            }
            Some(s) => {
                let lookup = e
                    .service_region
                    .as_ref()
                    .map(|r| r.value.trim().to_string())
                    .unwrap_or_else(|| vregion.clone());
                resolve_service(cx, env.raw, env.catalogue, s, &lookup, &owner)
            }
        },
    };
    if let (false, Some(r)) = (is_resource, &e.resource_configuration) {
        cx.err(
            "WRONG_ENDPOINT_FIELD",
            format!(
                "`resource_configuration` does not apply to a {} endpoint",
                kind.as_str()
            ),
            pos(r),
        )
        .help("write `type: resource` for a resource endpoint (ES-26), or remove the field")
        .object = Some(owner.clone());
    }
    if let (false, Some(r)) = (is_sn, &e.service_network) {
        cx.err(
            "WRONG_ENDPOINT_FIELD",
            format!(
                "`service_network` does not apply to a {} endpoint",
                kind.as_str()
            ),
            pos(r),
        )
        .help("write `type: service-network` for a service-network endpoint (ES-33), or remove the field")
        .object = Some(owner.clone());
    }
    service_region_matches(cx, env, e, &target);
    let is_svc = matches!(target, EndpointTarget::Service(_));
    let route_tables = gateway_route_tables(cx, m, e, vix);
    let enis = enis(cx, m, e, vix, eix, kind, pending_ips);
    let security_groups = match (&e.security_groups, kind) {
        (_, EndpointKind::Gateway) => vec![],
        (Some(list), _) => resolve_sgs(cx, list, &owner),
        (None, _) => vec![m.vpcs[vix].default_security_group],
    };
    let is_s3 = matches!(&target, EndpointTarget::Aws(n) if n.ends_with(".s3"));
    // Private DNS and custom domain names of resource endpoints are not modelled (ES-31).
    // Nor private DNS of service-network endpoints (ES-38).
    let private_dns = kind == EndpointKind::Interface
        && !is_resource
        && !is_sn
        && bool_or(&e.private_dns, !is_svc);
    let inbound_only =
        private_dns && is_s3 && bool_or(&e.private_dns_only_for_inbound_resolver, true);
    if e.private_dns_only_for_inbound_resolver.is_some() && !is_s3 {
        cx.err(
            "WRONG_ENDPOINT_FIELD",
            "`private_dns_only_for_inbound_resolver` applies only to S3 interface endpoints",
            at,
        )
        .help("remove it")
        .object = Some(owner.clone());
    }
    let policy_kind = if kind == EndpointKind::Gateway {
        PolicyKind::GatewayEndpoint
    } else {
        PolicyKind::InterfaceEndpoint
    };
    let policy = e
        .policy
        .as_ref()
        .and_then(|p| load_policy(cx, p, env.base, &owner, policy_kind));
    if let (true, Some(p)) = (is_svc, &e.policy) {
        cx.warn(
            w::ENDPOINT_SERVICE_POLICY,
            "endpoints to endpoint services accept no policy; this one is ignored (access is full, ES-9)",
            pos(p),
            &owner,
        );
    }
    let (ip_address_type, dns_record_ip_type) = ip_types(cx, e, kind);
    let state = endpoint_state(cx, e);
    // Derived from acceptance later (needs endpoint services).
    let (service_id, svc_region) = service_id_and_region(env, &target, &vregion);
    let (regional_dns, zonal_dns, lattice_names) =
        dns_names(cx, env, e, kind, (&service_id, &svc_region), &target, &enis);
    m.vpcs[vix].endpoints.push(eix);
    m.endpoints.push(Endpoint {
        id: owner.clone(),
        name: label(&e.name),
        vpc: vix,
        kind,
        target,
        route_tables,
        enis,
        security_groups,
        private_dns,
        private_dns_only_for_inbound_resolver: inbound_only,
        policy: if is_svc { None } else { policy },
        policy_pos: e.policy.as_ref().map(pos).unwrap_or(Pos::UNKNOWN),
        state: state.unwrap_or(EndpointState::Available),
        state_explicit: state.is_some(),
        preserve_client_ip: bool_or(&e.preserve_client_ip, false),
        regional_dns,
        zonal_dns,
        lattice_names,
        ip_address_type,
        dns_record_ip_type,
        pos: at,
    });
}

/// A resource endpoint's resource configuration (ES-26): by id among `resource_configurations:`.
fn resource_target(cx: &mut Cx, env: &Env, e: &RawEndpoint) -> EndpointTarget {
    let ids = env
        .raw
        .resource_configurations
        .iter()
        .map(|c| c.id.value.as_str());
    let i = named_target(
        cx,
        e,
        &Named {
            endpoint: "resource endpoint",
            field: "resource_configuration",
            section: "resource_configurations",
            noun: "resource configuration",
            rule: "ES-26",
            takes: "a resource endpoint takes resource_configuration, subnets, ips, security_groups (ES-26)",
        },
        &[],
        e.resource_configuration.as_ref(),
        ids,
    );
    EndpointTarget::Resource(i)
}

fn is_service_network(e: &RawEndpoint) -> bool {
    matches!(
        e.kind.value.trim().to_ascii_lowercase().as_str(),
        "service-network" | "servicenetwork" | "service_network"
    )
}

/// A service-network endpoint's service network (ES-33): by id among `service_networks:`.
fn service_network_target(cx: &mut Cx, env: &Env, e: &RawEndpoint) -> EndpointTarget {
    let ids = env.raw.service_networks.iter().map(|n| n.id.value.as_str());
    let i = named_target(
        cx,
        e,
        &Named {
            endpoint: "service-network endpoint",
            field: "service_network",
            section: "service_networks",
            noun: "service network",
            rule: "ES-33",
            takes: "a service-network endpoint takes service_network, subnets, ips, security_groups (ES-33); the resource configurations are associated with the service network",
        },
        &[("resource_configuration", e.resource_configuration.is_some())],
        e.service_network.as_ref(),
        ids,
    );
    EndpointTarget::ServiceNetwork(i)
}

/// How a resource or service-network endpoint names the one object it reaches.
struct Named<'a> {
    endpoint: &'a str,
    field: &'a str,
    section: &'a str,
    noun: &'a str,
    rule: &'a str,
    /// The help of a field that does not apply.
    takes: &'a str,
}

/// The index of the object `value` names among `ids` (0 after an error): the interface
/// endpoint fields (and `also`) refused, a missing or unknown reference reported with a
/// did-you-mean.
fn named_target<'a>(
    cx: &mut Cx,
    e: &RawEndpoint,
    n: &Named,
    also: &[(&str, bool)],
    value: Option<&Str>,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> usize {
    let owner = e.id.value.as_str();
    let common = [
        ("service", e.service.is_some()),
        ("service_region", e.service_region.is_some()),
        ("policy", e.policy.is_some()),
        ("private_dns", e.private_dns.is_some()),
    ];
    for &(f, present) in common.iter().chain(also) {
        if present {
            cx.err(
                "WRONG_ENDPOINT_FIELD",
                format!("`{f}` does not apply to a {}", n.endpoint),
                pos(&e.id),
            )
            .help(n.takes)
            .object = Some(owner.to_string());
        }
    }
    let Some(r) = value else {
        cx.err(
            "MISSING_FIELD",
            format!("a {} needs a `{}`", n.endpoint, n.field),
            pos(&e.id),
        )
        .help(format!("name one of `{}:` ({})", n.section, n.rule))
        .object = Some(owner.to_string());
        return 0;
    };
    let v = r.value.trim();
    if let Some(i) = ids.clone().position(|id| id == v) {
        return i;
    }
    let s = suggest(v, ids);
    cx.err(
        "UNKNOWN_REFERENCE",
        format!("unknown {} `{v}`", n.noun),
        pos(r),
    )
    .help(did_you_mean(&s).unwrap_or_else(|| format!("name a {} of `{}:`", n.noun, n.section)))
    .object = Some(owner.to_string());
    0
}

/// `service_region` (cross-Region PrivateLink, ES-15, IF-30) must name the Region of the
/// service it reaches: an endpoint service's own, or the Region in an AWS service's full name.
fn service_region_matches(cx: &mut Cx, env: &Env, e: &RawEndpoint, target: &EndpointTarget) {
    let Some(r) = &e.service_region else { return };
    let asked = r.value.trim();
    let actual = match target {
        EndpointTarget::Service(i) => env.raw.endpoint_services[*i]
            .region
            .as_ref()
            .map(|x| x.value.clone())
            .unwrap_or_else(|| env.region.to_string()),
        EndpointTarget::Aws(n) => match n
            .strip_prefix("com.amazonaws.")
            .and_then(|x| x.split_once('.'))
        {
            Some((reg, _)) => reg.to_string(),
            None => return,
        },
        EndpointTarget::InstanceConnect
        | EndpointTarget::Resource(_)
        | EndpointTarget::ServiceNetwork(_) => return,
    };
    if asked != actual {
        cx.err(
            "BAD_VALUE",
            format!("`service_region: {asked}`, but the service is in {actual}"),
            pos(r),
        )
        .help(format!(
            "write `service_region: {actual}`, or name the service in {asked} (ES-15)"
        ))
        .object = Some(e.id.value.clone());
    }
}

/// The endpoint's type, or `None` (reported) when it is unknown.
fn endpoint_kind(cx: &mut Cx, e: &RawEndpoint) -> Option<EndpointKind> {
    let owner = e.id.value.as_str();
    Some(match e.kind.value.trim().to_ascii_lowercase().as_str() {
        "gateway" => EndpointKind::Gateway,
        "interface" => EndpointKind::Interface,
        "instance-connect" | "instance_connect" | "eice" => EndpointKind::InstanceConnect,
        // A resource or service-network endpoint has interfaces in subnets like an interface
        // endpoint; its target says what it reaches (ES-26, ES-33).
        "resource" | "service-network" | "servicenetwork" | "service_network" => {
            EndpointKind::Interface
        }
        t @ ("gateway-load-balancer" | "gatewayloadbalancer" | "gwlb") => {
            cx.err(
                "NOT_MODELLED",
                format!("`{t}` endpoints are not modelled yet"),
                pos(&e.kind),
            )
            .help("linkscope traces gateway, interface, resource, service-network and instance-connect endpoints; Gateway Load Balancer endpoints are refused rather than traced wrongly (ES-25). Remove this endpoint to trace the rest of the model")
            .object = Some(owner.to_string());
            return None;
        }
        other => {
            let s = suggest(
                other,
                [
                    "gateway",
                    "interface",
                    "instance-connect",
                    "resource",
                    "service-network",
                ],
            );
            cx.err(
                "BAD_ENUM",
                format!("unknown endpoint type `{other}`"),
                pos(&e.kind),
            )
            .help(did_you_mean(&s).unwrap_or_else(|| {
                "use gateway, interface, resource, service-network or instance-connect".into()
            }))
            .object = Some(owner.to_string());
            return None;
        }
    })
}

/// Fields that do not apply to this type.
fn wrong_fields(cx: &mut Cx, e: &RawEndpoint, kind: EndpointKind) {
    let owner = e.id.value.as_str();
    let wrong = |cx: &mut Cx, present: bool, field: &str, at: Pos| {
        if present {
            cx.err(
                "WRONG_ENDPOINT_FIELD",
                format!("`{field}` does not apply to a {} endpoint", kind.as_str()),
                at,
            )
            .help(match kind {
                EndpointKind::Gateway => "a gateway endpoint takes service, route_tables and policy",
                EndpointKind::Interface => "an interface endpoint takes service, subnets, ips, security_groups, private_dns, policy",
                EndpointKind::InstanceConnect => "an instance-connect endpoint takes subnet, ip, security_groups, preserve_client_ip",
            })
            .object = Some(owner.to_string());
        }
    };
    let at = pos(&e.id);
    match kind {
        EndpointKind::Gateway => {
            wrong(cx, !e.subnets.is_empty(), "subnets", at);
            wrong(cx, e.subnet.is_some(), "subnet", at);
            wrong(cx, e.security_groups.is_some(), "security_groups", at);
            wrong(cx, e.private_dns.is_some(), "private_dns", at);
        }
        EndpointKind::Interface => {
            wrong(cx, !e.route_tables.is_empty(), "route_tables", at);
            wrong(cx, e.subnet.is_some(), "subnet (use `subnets`)", at);
        }
        EndpointKind::InstanceConnect => {
            wrong(cx, !e.route_tables.is_empty(), "route_tables", at);
            wrong(cx, !e.subnets.is_empty(), "subnets (use `subnet`)", at);
            wrong(cx, e.policy.is_some(), "policy", at);
            wrong(cx, e.service.is_some(), "service", at);
        }
    }
}

/// A gateway endpoint's route tables (each once, of its own VPC).
fn gateway_route_tables(cx: &mut Cx, m: &Builder, e: &RawEndpoint, vix: Ix) -> Vec<Ix> {
    let owner = e.id.value.as_str();
    let mut route_tables = Vec::new();
    for r in &e.route_tables {
        if let Some(t) = cx.resolve(r, "route table", owner, |o| match o {
            ObjectRef::RouteTable(i) => Some(i),
            _ => None,
        }) {
            if m.route_tables[t].vpc != vix {
                cx.err(
                    "UNKNOWN_REFERENCE",
                    format!("route table `{}` is in another VPC", r.value),
                    pos(r),
                )
                .help("a gateway endpoint's route tables are in its own VPC")
                .object = Some(owner.to_string());
            } else if !route_tables.contains(&t) {
                route_tables.push(t);
            }
        }
    }
    route_tables
}

/// The endpoint's network interfaces, one per resolved subnet, each waiting for its address.
fn enis(
    cx: &mut Cx,
    m: &Builder,
    e: &RawEndpoint,
    vix: Ix,
    eix: Ix,
    kind: EndpointKind,
    pending_ips: &mut Vec<PendingIp>,
) -> Vec<Eni> {
    let owner = e.id.value.as_str();
    let at = pos(&e.id);
    let mut subnet_refs: Vec<&Str> = e.subnets.iter().collect();
    if let Some(s) = &e.subnet {
        subnet_refs.push(s);
    }
    let mut enis = Vec::new();
    for sref in subnet_refs.iter() {
        // The ENI's index is its position among the ENIs actually built (an unresolved
        // subnet builds none; found by fuzzing).
        let k = enis.len();
        let Some(s) = cx.resolve(sref, "subnet", owner, |o| match o {
            ObjectRef::Subnet(i) => Some(i),
            _ => None,
        }) else {
            continue;
        };
        check_same_vpc(cx, m, s, vix, sref, owner);
        let explicit = if kind == EndpointKind::InstanceConnect {
            e.ip.as_ref()
        } else {
            e.ips.get(&sref.value)
        };
        let explicit_ip = explicit.and_then(|i| parse_ip(cx, i, owner));
        pending_ips.push((
            Holder::EndpointEni(eix, k),
            vix,
            s,
            explicit_ip.map(|a| (a, pos(explicit.expect("ip")), owner.to_string())),
        ));
        enis.push(Eni {
            subnet: s,
            ip: Ipv4Addr::UNSPECIFIED,
            zone: m.subnets[s].zone.clone(),
            zone_id: m.subnets[s].zone_id.clone(),
        });
    }
    for (sname, ipref) in &e.ips {
        if !e.subnets.iter().any(|s| &s.value == sname) {
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("`ips` names subnet `{sname}`, which is not in `subnets`"),
                pos(ipref),
            )
            .help("key `ips` by the endpoint's subnet ids")
            .object = Some(owner.to_string());
        }
    }
    if kind != EndpointKind::Gateway && enis.is_empty() && subnet_refs.is_empty() {
        cx.err(
            "MISSING_FIELD",
            format!("an {} endpoint needs a subnet", kind.as_str()),
            at,
        )
        .help(if kind == EndpointKind::Interface {
            "add `subnets: [subnet-id, ...]` (one per AZ)"
        } else {
            "add `subnet: subnet-id`"
        })
        .object = Some(owner.to_string());
    }
    enis
}

/// The state written in the model, if any (`None` also when it is unknown: reported).
fn endpoint_state(cx: &mut Cx, e: &RawEndpoint) -> Option<EndpointState> {
    let owner = e.id.value.as_str();
    match &e.state {
        Some(s) => match EndpointState::parse(&s.value) {
            Some(st) => Some(st),
            None => {
                cx.err("BAD_ENUM", format!("unknown endpoint state `{}`", s.value), pos(s))
                    .help("use available, pendingAcceptance, pending, rejected, expired, failed, deleting, deleted")
                    .object = Some(owner.to_string());
                None
            }
        },
        None => None,
    }
}

/// The service's short id and region, as they appear in the endpoint's DNS names.
fn service_id_and_region(env: &Env, target: &EndpointTarget, vregion: &str) -> (String, String) {
    let service_id = match &target {
        EndpointTarget::Aws(n) => n
            .strip_prefix("com.amazonaws.")
            .and_then(|r| r.split_once('.'))
            .map(|(_, s)| s.to_string())
            .unwrap_or_else(|| n.clone()),
        EndpointTarget::Service(i) => env.raw.endpoint_services[*i].id.value.clone(),
        EndpointTarget::InstanceConnect => String::new(),
        EndpointTarget::Resource(i) => env
            .raw
            .resource_configurations
            .get(*i)
            .map(|c| c.id.value.clone())
            .unwrap_or_default(),
        EndpointTarget::ServiceNetwork(i) => env
            .raw
            .service_networks
            .get(*i)
            .map(|n| n.id.value.clone())
            .unwrap_or_default(),
    };
    let svc_region = match &target {
        EndpointTarget::Service(i) => env.raw.endpoint_services[*i]
            .region
            .as_ref()
            .map(|r| r.value.clone())
            .unwrap_or_else(|| env.region.to_string()),
        EndpointTarget::Aws(n) => n
            .strip_prefix("com.amazonaws.")
            .and_then(|r| r.split_once('.'))
            .map(|(r, _)| r.to_string())
            .unwrap_or_else(|| vregion.to_string()),
        _ => vregion.to_string(),
    };
    (service_id, svc_region)
}

type Names = (Option<String>, Vec<(String, String)>, Vec<(Ix, String)>);

/// An interface endpoint's regional and zonal DNS names (none for other types); for a
/// service-network endpoint, one name per resource configuration of its service network.
fn dns_names(
    cx: &mut Cx,
    env: &Env,
    e: &RawEndpoint,
    kind: EndpointKind,
    (service_id, svc_region): (&str, &str),
    target: &EndpointTarget,
    enis: &[Eni],
) -> Names {
    let owner = e.id.value.as_str();
    if kind == EndpointKind::Interface {
        // AWS's random suffix when the model gives it (an import keeps AWS's), else one
        // derived from the id, stable from release to release (MODEL.md).
        let suffix = match &e.dns_suffix {
            Some(s) => {
                let v = s.value.trim().to_ascii_lowercase();
                if v.is_empty() || v.len() > 32 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                    cx.err(
                        "BAD_VALUE",
                        format!("dns_suffix `{}` is not a DNS label suffix", s.value),
                        pos(s),
                    )
                    .help("AWS's suffixes are short lowercase letters and digits, e.g. `di6gaqom` in vpce-0a1b2c-di6gaqom.s3.us-east-1.vpce.amazonaws.com");
                }
                v
            }
            None => dns_suffix(owner),
        };
        let base = format!("{owner}-{suffix}");
        if e.kind.value.trim().eq_ignore_ascii_case("resource") {
            // A resource endpoint's name (ES-31, the form inferred): no zonal names.
            let name = format!("{base}.{service_id}.vpc-lattice-rsc.{svc_region}.on.aws");
            return (Some(name), vec![], vec![]);
        }
        if let EndpointTarget::ServiceNetwork(n) = target {
            // One name per associated resource configuration (ES-38, the form inferred, as
            // ES-31's); unknown ids were reported with the service network.
            let configs = &env.raw.resource_configurations;
            let mut names: Vec<(Ix, String)> = Vec::new();
            for r in env
                .raw
                .service_networks
                .get(*n)
                .into_iter()
                .flat_map(|x| &x.resource_configurations)
            {
                let v = r.value.trim();
                if let Some(i) = configs.iter().position(|c| c.id.value == v)
                    && !names.iter().any(|(j, _)| *j == i)
                {
                    names.push((i, format!("{base}.{v}.vpc-lattice-rsc.{svc_region}.on.aws")));
                }
            }
            return (None, vec![], names);
        }
        let regional = format!("{base}.{service_id}.{svc_region}.vpce.amazonaws.com");
        let zonal = enis
            .iter()
            .map(|eni| {
                (
                    eni.zone.clone(),
                    format!(
                        "{base}-{}.{service_id}.{svc_region}.vpce.amazonaws.com",
                        eni.zone
                    ),
                )
            })
            .collect();
        (Some(regional), zonal, vec![])
    } else {
        (None, vec![], vec![])
    }
}

/// Gateway endpoint routes (GW-3): each associated table gets the prefix-list route.
/// Tables that route to an endpoint explicitly count as associated: one pass over every
/// route finds them for all endpoints at once (in table order), rather than a scan of the
/// whole model per endpoint, which was quadratic in VPCs.
pub(super) fn gateway_endpoint_routes(m: &mut Builder, catalogue: &Catalogue) {
    let mut explicit_tables: Vec<Vec<Ix>> = vec![Vec::new(); m.endpoints.len()];
    for (t, table) in m.route_tables.iter().enumerate() {
        for r in &table.routes {
            if let RouteTarget::Endpoint(e) = r.target
                && let Some(list) = explicit_tables.get_mut(e)
                && list.last() != Some(&t)
            {
                list.push(t);
            }
        }
    }
    for (eix, explicit) in explicit_tables.into_iter().enumerate() {
        let e = &m.endpoints[eix];
        if e.kind != EndpointKind::Gateway {
            continue;
        }
        let EndpointTarget::Aws(name) = &e.target else {
            continue;
        };
        let Some(pl) = catalogue.service(name).and_then(|s| s.prefix_list.clone()) else {
            continue;
        };
        let mut tables = m.endpoints[eix].route_tables.clone();
        for t in explicit {
            if !tables.contains(&t) {
                tables.push(t);
            }
        }
        for &t in &tables {
            let routes = &mut m.route_tables[t].routes;
            if let Some(r) = routes
                .iter_mut()
                .find(|r| r.target == RouteTarget::Endpoint(eix))
            {
                r.origin = RouteOrigin::GatewayEndpoint;
            } else {
                routes.push(Route {
                    destination: RouteDest::PrefixList(pl.clone()),
                    target: RouteTarget::Endpoint(eix),
                    origin: RouteOrigin::GatewayEndpoint,
                    blackhole: false,
                    pos: m.endpoints[eix].pos,
                });
            }
        }
        m.endpoints[eix].route_tables = tables;
    }
}

/// `ip_address_type` and `dns_record_ip_type` (IF-28): `ipv4` (default) or `dualstack`; the
/// record type must fit the address type. IPv6-only endpoints need IPv6-only subnets, which
/// the model cannot express: refused as not modelled (ES-25).
fn ip_types(cx: &mut Cx, e: &RawEndpoint, kind: EndpointKind) -> (String, String) {
    let owner = e.id.value.as_str();
    let norm = |s: &Str| s.value.trim().to_ascii_lowercase();
    let ip = e
        .ip_address_type
        .as_ref()
        .map(norm)
        .unwrap_or_else(|| "ipv4".into());
    if let Some(t) = &e.ip_address_type {
        let msg = match ip.as_str() {
            "ipv4" | "dualstack" if kind == EndpointKind::Interface => None,
            "ipv4" | "dualstack" => Some(("WRONG_ENDPOINT_FIELD", "`ip_address_type` applies to interface endpoints here".to_string(), "remove it".to_string())),
            "ipv6" => Some(("NOT_MODELLED", "IPv6-only endpoints are not modelled yet".to_string(), "IPv6-only endpoints need IPv6-only subnets, which linkscope does not model; use `dualstack` (ES-25)".to_string())),
            other => Some(("BAD_ENUM", format!("unknown IP address type `{other}`"), "use ipv4 or dualstack".to_string())),
        };
        if let Some((code, m, help)) = msg {
            cx.err(code, m, pos(t)).help(help).object = Some(owner.to_string());
            return ("ipv4".into(), "ipv4".into());
        }
    }
    let dns = e
        .dns_record_ip_type
        .as_ref()
        .map(norm)
        .unwrap_or_else(|| ip.clone());
    if let Some(t) = &e.dns_record_ip_type {
        let allowed: &[&str] = if ip == "dualstack" {
            &["dualstack", "ipv4", "ipv6", "service-defined"]
        } else {
            &["ipv4"]
        };
        if !allowed.contains(&dns.as_str()) {
            cx.err(
                "BAD_VALUE",
                format!("`dns_record_ip_type: {dns}` does not fit `ip_address_type: {ip}`"),
                pos(t),
            )
            .help(format!(
                "with {ip} the records may be: {} (IF-28)",
                allowed.join(", ")
            ))
            .object = Some(owner.to_string());
            return (ip, "ipv4".into());
        }
    }
    (ip, dns)
}
