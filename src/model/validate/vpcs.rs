//! Pass 2: the VPCs and everything in them (route tables, ACLs, security groups, subnets,
//! gateways, peerings, routes, instances).

use super::*;

/// Each VPC with its route tables, network ACLs, security groups (without rules) and
/// subnets: the objects everything else may reference.
pub(super) fn build_vpcs(
    cx: &mut Cx,
    m: &mut Builder,
    raw_vpcs: &mut [RawVpc],
    accounts: &mut Vec<Account>,
    region: &str,
) {
    // Peak memory: the raw model and the model being built live side by side. Each raw list is
    // taken out of its VPC (and freed) in the pass that reads it last, so on large models the
    // raw part shrinks while the model grows, and ids and names are moved, not copied.
    for v in raw_vpcs.iter_mut() {
        build_vpc(cx, m, v, accounts, region);
    }
}

fn build_vpc(
    cx: &mut Cx,
    m: &mut Builder,
    v: &mut RawVpc,
    accounts: &mut Vec<Account>,
    region: &str,
) {
    let vix = m.vpcs.len();
    let account = cx.resolve(
        &v.account.with(v.account.value.0.clone()),
        "account",
        &v.id.value,
        |o| match o {
            ObjectRef::Account(i) => Some(i),
            _ => None,
        },
    );
    let account = account.unwrap_or(0);
    if accounts.is_empty() {
        accounts.push(Account {
            id: v.account.value.0.clone(),
            name: String::new(),
            zones: BTreeMap::new(),
            zones_explicit: false,
            org_path: None,
        });
    }
    let vregion = v
        .region
        .as_ref()
        .map(|r| r.value.trim().to_string())
        .unwrap_or_else(|| region.to_string());
    let cidrs: Vec<Ipv4Net> = v
        .cidrs
        .iter()
        .filter_map(|c| parse_cidr(cx, c, &v.id.value))
        .collect();
    if v.cidrs.is_empty() {
        cx.err("MISSING_FIELD", "a VPC needs at least one CIDR", pos(&v.id))
            .help("add `cidrs: [10.0.0.0/16]`")
            .object = Some(v.id.value.clone());
    }
    let ipv6_cidr = v
        .ipv6_cidr
        .as_ref()
        .and_then(|c| super::parse_ipv6_net(cx, c, &v.id.value));
    let mut vpc = Vpc {
        id: v.id.value.clone(),
        name: label(&v.name),
        account,
        region: vregion,
        cidrs,
        ipv6_cidr,
        dns_support: bool_or(&v.dns_support, true),
        dns_hostnames: bool_or(&v.dns_hostnames, false),
        dns_servers: super::resolver::vpc_dns_servers(cx, &v.dns_servers, &v.id.value),
        subnets: vec![],
        route_tables: vec![],
        main_route_table: 0,
        network_acls: vec![],
        default_network_acl: 0,
        security_groups: vec![],
        default_security_group: 0,
        gateways: vec![],
        peerings: vec![],
        instances: vec![],
        endpoints: vec![],
        zones: vec![],
        pos: pos(&v.id),
    };
    // Route tables (explicit, then implicit main), ACLs, SGs: indexes first.
    route_tables(cx, m, v, vix, &mut vpc);
    network_acls(cx, m, v, vix, &mut vpc);
    security_groups(cx, m, v, vix, &mut vpc);
    subnets(cx, m, v, vix, &mut vpc, accounts);
    m.vpcs.push(vpc);
}

/// The VPC's route tables with their local routes (the written routes come later), and the
/// implicit main table when none is marked main.
fn route_tables(cx: &mut Cx, m: &mut Builder, v: &RawVpc, vix: Ix, vpc: &mut Vpc) {
    let cidrs = &vpc.cidrs;
    let rt_start = m.route_tables.len();
    let main_explicit: Vec<usize> = v
        .route_tables
        .iter()
        .enumerate()
        .filter(|(_, t)| bool_or(&t.main, false))
        .map(|(i, _)| i)
        .collect();
    if main_explicit.len() > 1 {
        let t = &v.route_tables[main_explicit[1]];
        cx.err(
            "TWO_MAIN_TABLES",
            "a VPC has exactly one main route table",
            pos(&t.id),
        )
        .help("set `main: true` on one table only")
        .object = Some(t.id.value.clone());
    }
    let local_routes: Vec<Route> = cidrs
        .iter()
        .map(|c| Route {
            destination: RouteDest::Cidr(*c),
            target: RouteTarget::Local,
            origin: RouteOrigin::Local,
            blackhole: false,
            pos: Pos::UNKNOWN,
        })
        .chain(vpc.ipv6_cidr.map(|c| Route {
            destination: RouteDest::Cidr6(c),
            target: RouteTarget::Local,
            origin: RouteOrigin::Local,
            blackhole: false,
            pos: Pos::UNKNOWN,
        }))
        .collect();
    // Room for every route up front: the local routes, the written ones, and one per
    // gateway endpoint of the VPC (GW-3 adds its route to the tables it names).
    let gateway_endpoints = v
        .endpoints
        .iter()
        .filter(|e| e.kind.value.trim().eq_ignore_ascii_case("gateway"))
        .count();
    for t in &v.route_tables {
        let mut routes =
            Vec::with_capacity(local_routes.len() + t.routes.len() + gateway_endpoints);
        routes.extend_from_slice(&local_routes);
        vpc.route_tables.push(m.route_tables.len());
        m.route_tables.push(RouteTable {
            id: t.id.value.clone(),
            name: label(&t.name),
            vpc: vix,
            main: bool_or(&t.main, false),
            implicit: false,
            routes,
            pos: pos(&t.id),
        });
    }
    vpc.main_route_table = match main_explicit.first() {
        Some(&i) => rt_start + i,
        None => {
            let ix = m.route_tables.len();
            vpc.route_tables.push(ix);
            let id = format!("{}:main-rtb", v.id.value);
            cx.ids.insert(id.clone(), ObjectRef::RouteTable(ix));
            m.route_tables.push(RouteTable {
                id,
                name: "main (implicit)".into(),
                vpc: vix,
                main: true,
                implicit: true,
                routes: local_routes.clone(),
                pos: pos(&v.id),
            });
            ix
        }
    };
}

/// The VPC's network ACLs, and the implicit default ACL when none is marked default.
fn network_acls(cx: &mut Cx, m: &mut Builder, v: &RawVpc, vix: Ix, vpc: &mut Vpc) {
    let acl_start = m.network_acls.len();
    let defaults: Vec<usize> = v
        .network_acls
        .iter()
        .enumerate()
        .filter(|(_, a)| bool_or(&a.default, false))
        .map(|(i, _)| i)
        .collect();
    if defaults.len() > 1 {
        let a = &v.network_acls[defaults[1]];
        cx.err(
            "TWO_DEFAULTS",
            "a VPC has exactly one default network ACL",
            pos(&a.id),
        )
        .help("set `default: true` on one ACL only")
        .object = Some(a.id.value.clone());
    }
    for a in &v.network_acls {
        let mut inbound = acl_rules(cx, &a.inbound, &a.id.value, "inbound");
        let mut outbound = acl_rules(cx, &a.outbound, &a.id.value, "outbound");
        inbound.sort_by_key(|r| r.rule);
        outbound.sort_by_key(|r| r.rule);
        vpc.network_acls.push(m.network_acls.len());
        m.network_acls.push(NetworkAcl {
            id: a.id.value.clone(),
            name: label(&a.name),
            vpc: vix,
            default: bool_or(&a.default, false),
            implicit: false,
            inbound,
            outbound,
            pos: pos(&a.id),
        });
    }
    vpc.default_network_acl = match defaults.first() {
        Some(&i) => acl_start + i,
        None => {
            let ix = m.network_acls.len();
            vpc.network_acls.push(ix);
            let id = format!("{}:default-acl", v.id.value);
            cx.ids.insert(id.clone(), ObjectRef::NetworkAcl(ix));
            let rule = |rule, cidr: &str| AclRule {
                rule,
                protocol: Protocol::All,
                ports: PortRange::ALL,
                cidr: cidr.parse().expect("valid"),
                allow: true,
                pos: Pos::UNKNOWN,
            };
            // With an IPv6 block, AWS's default ACL also allows all IPv6: rule 101 (NACL-6).
            let all = |_| {
                let mut rules = vec![rule(100, "0.0.0.0/0")];
                if vpc.ipv6_cidr.is_some() {
                    rules.push(rule(101, "::/0"));
                }
                rules
            };
            m.network_acls.push(NetworkAcl {
                id,
                name: "default (implicit)".into(),
                vpc: vix,
                default: true,
                implicit: true,
                inbound: all(()),
                outbound: all(()),
                pos: pos(&v.id),
            });
            ix
        }
    };
}

/// The VPC's security groups (their rules come later: they may name groups of other VPCs),
/// and the implicit default group when none is the default.
fn security_groups(cx: &mut Cx, m: &mut Builder, v: &RawVpc, vix: Ix, vpc: &mut Vpc) {
    let sg_start = m.security_groups.len();
    for g in &v.security_groups {
        vpc.security_groups.push(m.security_groups.len());
        let is_default = bool_or(&g.default, false)
            || (g.default.is_none() && g.name.as_deref() == Some("default"));
        m.security_groups.push(SecurityGroup {
            id: g.id.value.clone(),
            name: label(&g.name),
            vpc: vix,
            default: is_default,
            implicit: false,
            inbound: vec![],
            outbound: vec![],
            outbound_defaulted: g.outbound.is_none(),
            pos: pos(&g.id),
        });
    }
    let default_sgs: Vec<usize> = (sg_start..m.security_groups.len())
        .filter(|&i| m.security_groups[i].default)
        .collect();
    if default_sgs.len() > 1 {
        let g = &m.security_groups[default_sgs[1]];
        let (id, p) = (g.id.clone(), g.pos);
        cx.err(
            "TWO_DEFAULTS",
            "a VPC has exactly one default security group",
            p,
        )
        .help("mark one group `default: true`")
        .object = Some(id);
    }
    vpc.default_security_group = match default_sgs.first() {
        Some(&i) => i,
        None => {
            let ix = m.security_groups.len();
            vpc.security_groups.push(ix);
            let id = format!("{}:default-sg", v.id.value);
            cx.ids.insert(id.clone(), ObjectRef::SecurityGroup(ix));
            // SG-7: inbound all from itself, outbound all.
            m.security_groups.push(SecurityGroup {
                id,
                name: "default (implicit)".into(),
                vpc: vix,
                default: true,
                implicit: true,
                inbound: vec![SgRule {
                    protocol: Protocol::All,
                    ports: PortRange::ALL,
                    peer: SgPeer::Group(ix),
                    description: "AWS default: all traffic from members of this group".into(),
                    pos: Pos::UNKNOWN,
                }],
                outbound: all_outbound(vpc.ipv6_cidr.is_some()),
                outbound_defaulted: true,
                pos: pos(&v.id),
            });
            ix
        }
    };
}

/// The stand-in CIDR of a subnet whose `cidr` did not parse (BAD_CIDR already said so).
/// No real subnet is a /32 (AWS allows /16 to /28), so the address checks can tell it apart
/// and stay quiet instead of cascading into "outside subnet 0.0.0.0/32" errors.
pub(super) const UNPARSED_SUBNET: Ipv4Net =
    Ipv4Net::new_assert(std::net::Ipv4Addr::UNSPECIFIED, 32);

/// The VPC's subnets, with their zones, route tables and ACLs.
fn subnets(
    cx: &mut Cx,
    m: &mut Builder,
    v: &mut RawVpc,
    vix: Ix,
    vpc: &mut Vpc,
    accounts: &mut [Account],
) {
    let cidrs = &vpc.cidrs;
    let (account, vregion) = (vpc.account, vpc.region.clone());
    // Subnets.
    let mut zones_seen: Vec<String> = Vec::new();
    // Last read of the raw subnets and ACLs.
    v.network_acls = Vec::new();
    for s in std::mem::take(&mut v.subnets) {
        let six = m.subnets.len();
        let parsed = parse_cidr(cx, &s.cidr, &s.id.value);
        if let Some(n) = parsed.filter(|n| s.cidr.value.trim() != n.to_string()) {
            let msg = format!(
                "`{}` has host bits set; AWS reads it as {n}",
                s.cidr.value.trim()
            );
            cx.warn(w::CIDR_HOST_BITS, msg, pos(&s.cidr), &s.id.value);
        }
        let cidr = parsed.unwrap_or(UNPARSED_SUBNET);
        if parsed.is_some() && !cidrs.is_empty() && !cidrs.iter().any(|c| c.contains(&cidr)) {
            let list = cidrs
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            cx.err(
                "SUBNET_OUTSIDE_VPC",
                format!("subnet CIDR {cidr} is not inside the VPC's CIDRs ({list})"),
                pos(&s.cidr),
            )
            .help("pick a CIDR inside the VPC, or add a CIDR to the VPC's `cidrs`")
            .object = Some(s.id.value.clone());
        }
        let zone = s.zone.value.trim().to_string();
        let zone_id = zone_id_for(cx, accounts, account, &vregion, &zone, &s.zone, &s.id.value);
        if !zones_seen.contains(&zone) {
            zones_seen.push(zone.clone());
        }
        let (route_table, rt_explicit) = match &s.route_table {
            Some(r) => (
                cx.resolve(r, "route table", &s.id.value, |o| match o {
                    ObjectRef::RouteTable(i) => Some(i),
                    _ => None,
                })
                .unwrap_or(vpc.main_route_table),
                true,
            ),
            None => (vpc.main_route_table, false),
        };
        if rt_explicit
            && m.route_tables
                .get(route_table)
                .is_some_and(|t| t.vpc != vix)
        {
            let r = s.route_table.as_ref().expect("explicit");
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("route table `{}` belongs to another VPC", r.value),
                pos(r),
            )
            .help("a subnet uses a route table of its own VPC")
            .object = Some(s.id.value.clone());
        }
        let (network_acl, acl_explicit) = match &s.network_acl {
            Some(r) => (
                cx.resolve(r, "network ACL", &s.id.value, |o| match o {
                    ObjectRef::NetworkAcl(i) => Some(i),
                    _ => None,
                })
                .unwrap_or(vpc.default_network_acl),
                true,
            ),
            None => (vpc.default_network_acl, false),
        };
        vpc.subnets.push(six);
        let ipv6_cidr = s
            .ipv6_cidr
            .as_ref()
            .and_then(|c| parse_ipv6_cidr(cx, c, &s.id.value));
        m.subnets.push(Subnet {
            pos: pos(&s.id),
            id: s.id.value,
            name: s.name.unwrap_or_default(),
            vpc: vix,
            zone,
            zone_id,
            cidr,
            ipv6_cidr,
            route_table,
            route_table_explicit: rt_explicit,
            network_acl,
            network_acl_explicit: acl_explicit,
        });
    }
    zones_seen.sort();
    vpc.zones = zones_seen;
}

/// What may reference any VPC or subnet: security group rules, gateways, peerings.
pub(super) fn vpc_contents(
    cx: &mut Cx,
    m: &mut Builder,
    raw_vpcs: &mut [RawVpc],
    catalogue: &Catalogue,
) {
    for (vix, v) in raw_vpcs.iter_mut().enumerate() {
        security_group_rules(cx, m, v, catalogue);
        gateways(cx, m, v, vix);
        peerings(cx, m, v, vix);
    }
}

fn security_group_rules(cx: &mut Cx, m: &mut Builder, v: &mut RawVpc, catalogue: &Catalogue) {
    // Security group rules (may reference groups of other, peered VPCs); their last read.
    for g in std::mem::take(&mut v.security_groups) {
        let gix = match cx.ids.get(&g.id.value) {
            Some(ObjectRef::SecurityGroup(i)) => *i,
            _ => continue,
        };
        let inbound = sg_rules(cx, &g.inbound, &g.id.value, true, catalogue);
        let outbound = match &g.outbound {
            None => all_outbound(m.vpcs[m.security_groups[gix].vpc].ipv6_cidr.is_some()),
            Some(rules) => sg_rules(cx, rules, &g.id.value, false, catalogue),
        };
        m.security_groups[gix].inbound = inbound;
        m.security_groups[gix].outbound = outbound;
    }
}

fn gateways(cx: &mut Cx, m: &mut Builder, v: &RawVpc, vix: Ix) {
    for g in &v.gateways {
        let kind = match g.kind.value.trim().to_ascii_lowercase().as_str() {
            "internet" | "igw" => GatewayKind::Internet,
            "nat" => GatewayKind::Nat,
            "transit" | "tgw" => GatewayKind::Transit,
            "vpn" | "vgw" => GatewayKind::Vpn,
            "egress-only" | "eigw" => GatewayKind::EgressOnly,
            other => {
                cx.err(
                    "BAD_ENUM",
                    format!("unknown gateway type `{other}`"),
                    pos(&g.kind),
                )
                .help("use internet, nat, transit, vpn or egress-only")
                .object = Some(g.id.value.clone());
                GatewayKind::Internet
            }
        };
        let subnet = g.subnet.as_ref().and_then(|s| {
            cx.resolve(s, "subnet", &g.id.value, |o| match o {
                ObjectRef::Subnet(i) => Some(i),
                _ => None,
            })
        });
        if kind == GatewayKind::Nat && g.subnet.is_none() {
            cx.err(
                "MISSING_FIELD",
                "a NAT gateway lives in a subnet",
                pos(&g.id),
            )
            .help("add `subnet: <a public subnet id>`")
            .object = Some(g.id.value.clone());
        }
        let ip = g.ip.as_ref().and_then(|i| parse_ip(cx, i, &g.id.value));
        let public_ip = g
            .public_ip
            .as_ref()
            .and_then(|i| parse_ip(cx, i, &g.id.value));
        let connections = vgw_connections(cx, g, kind);
        let gix = m.gateways.len();
        m.vpcs[vix].gateways.push(gix);
        m.gateways.push(Gateway {
            id: g.id.value.clone(),
            name: label(&g.name),
            vpc: vix,
            kind,
            subnet,
            ip,
            public_ip,
            connections,
            pos: pos(&g.id),
        });
    }
}

/// A virtual private gateway's connections to sites: `network` a site id, `kind` vpn or
/// direct-connect, `routing` bgp or static. Only a `vgw`/`vpn` gateway has them.
fn vgw_connections(cx: &mut Cx, g: &RawGateway, kind: GatewayKind) -> Vec<VgwConnection> {
    if kind != GatewayKind::Vpn {
        if let Some(c) = g.connections.first() {
            cx.err(
                "WRONG_ENDPOINT_FIELD",
                "`connections` belongs to a virtual private gateway (`type: vgw`)",
                pos(&c.network),
            )
            .help("remove it, or make the gateway `type: vgw`")
            .object = Some(g.id.value.clone());
        }
        return vec![];
    }
    let mut out = Vec::new();
    for c in &g.connections {
        let network = cx.resolve(&c.network, "site", &g.id.value, |o| match o {
            ObjectRef::Network(i) => Some(i),
            _ => None,
        });
        let ckind = match c.kind.as_ref().map(|k| k.value.trim().to_ascii_lowercase()) {
            None => AttachmentKind::Vpn,
            Some(k) if k == "vpn" => AttachmentKind::Vpn,
            Some(k) if k == "direct-connect" => AttachmentKind::DirectConnect,
            Some(other) => {
                cx.err(
                    "BAD_ENUM",
                    format!("unknown connection kind `{other}`"),
                    pos(c.kind.as_ref().expect("some")),
                )
                .help("use vpn or direct-connect")
                .object = Some(g.id.value.clone());
                AttachmentKind::Vpn
            }
        };
        let bgp = match c
            .routing
            .as_ref()
            .map(|k| k.value.trim().to_ascii_lowercase())
        {
            None => true,
            Some(k) if k == "bgp" => true,
            Some(k) if k == "static" => false,
            Some(other) => {
                cx.err(
                    "BAD_ENUM",
                    format!("unknown routing `{other}`"),
                    pos(c.routing.as_ref().expect("some")),
                )
                .help("use bgp or static")
                .object = Some(g.id.value.clone());
                true
            }
        };
        if let Some(network) = network {
            out.push(VgwConnection {
                network,
                kind: ckind,
                bgp,
            });
        }
    }
    out
}

fn peerings(cx: &mut Cx, m: &mut Builder, v: &RawVpc, vix: Ix) {
    for p in &v.peerings {
        let peer = cx.resolve(&p.peer_vpc, "VPC", &p.id.value, |o| match o {
            ObjectRef::Vpc(i) => Some(i),
            _ => None,
        });
        let state = p
            .state
            .as_ref()
            .map(|s| s.value.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "active".into());
        let pix = m.peerings.len();
        m.vpcs[vix].peerings.push(pix);
        if let Some(peer) = peer {
            m.vpcs[peer].peerings.push(pix);
        }
        m.peerings.push(Peering {
            id: p.id.value.clone(),
            name: label(&p.name),
            vpc: vix,
            peer_vpc: peer.unwrap_or(vix),
            active: state == "active",
            state,
            pos: pos(&p.id),
        });
    }
}

/// The written routes (they need gateways, endpoints, peerings registered - they are, by id);
/// the raw route tables' last read. Returns the tables' `propagating` virtual private
/// gateways (table, gateway), for [`vgw_propagation`] once the sites are built.
pub(super) fn routes(
    cx: &mut Cx,
    m: &mut Builder,
    raw_vpcs: &mut [RawVpc],
    catalogue: &Catalogue,
) -> Vec<(Ix, Ix, Pos)> {
    let mut propagating = Vec::new();
    for v in raw_vpcs.iter_mut() {
        for t in std::mem::take(&mut v.route_tables) {
            let Some(ObjectRef::RouteTable(tix)) = cx.ids.get(&t.id.value).copied() else {
                continue;
            };
            for g in &t.propagating {
                let gw = cx.resolve(g, "virtual private gateway", &t.id.value, |o| match o {
                    ObjectRef::Gateway(i) => Some(i),
                    _ => None,
                });
                let Some(gw) = gw else { continue };
                let ok = m.gateways[gw].kind == GatewayKind::Vpn
                    && m.gateways[gw].vpc == m.route_tables[tix].vpc;
                if ok {
                    propagating.push((tix, gw, pos(g)));
                } else {
                    cx.err(
                        "UNKNOWN_REFERENCE",
                        format!(
                            "`{}` is not a virtual private gateway of this table's VPC",
                            g.value
                        ),
                        pos(g),
                    )
                    .help("name a gateway of `type: vgw` in the same VPC")
                    .object = Some(t.id.value.clone());
                }
            }
            for r in &t.routes {
                if let Some(route) = route(cx, r, &t.id.value, catalogue) {
                    m.route_tables[tix].routes.push(route);
                }
            }
        }
    }
    propagating
}

/// Route propagation from virtual private gateways (SITE-2): each BGP connection's site CIDRs
/// become propagated routes of the table (a static connection propagates nothing, SITE-7).
pub(super) fn vgw_propagation(
    m: &mut Builder,
    networks: &[crate::model::Network],
    propagating: &[(Ix, Ix, Pos)],
) {
    for &(t, g, at) in propagating {
        let conns = m.gateways[g].connections.clone();
        for c in conns.iter().filter(|c| c.bgp) {
            for &cidr in &networks[c.network].cidrs {
                m.route_tables[t].routes.push(Route {
                    destination: RouteDest::Cidr(cidr),
                    target: RouteTarget::Gateway(g),
                    origin: RouteOrigin::Propagated,
                    blackhole: false,
                    pos: at,
                });
            }
        }
    }
}

/// Instances, and the addresses instances and NAT gateways wait for (in file order, VPC by
/// VPC: allocation follows it).
pub(super) fn instances(
    cx: &mut Cx,
    m: &mut Builder,
    raw_vpcs: &mut [RawVpc],
    pending_ips: &mut Vec<PendingIp>,
) {
    for (vix, v) in raw_vpcs.iter_mut().enumerate() {
        // The raw instances' last read.
        for i in std::mem::take(&mut v.instances) {
            let subnet = cx.resolve(&i.subnet, "subnet", &i.id.value, |o| match o {
                ObjectRef::Subnet(s) => Some(s),
                _ => None,
            });
            let sgs = match &i.security_groups {
                Some(list) => resolve_sgs(cx, list, &i.id.value),
                None => vec![m.vpcs[vix].default_security_group],
            };
            let ip = i.ip.as_ref().and_then(|p| parse_ip(cx, p, &i.id.value));
            let public_ip = i
                .public_ip
                .as_ref()
                .and_then(|p| parse_ip(cx, p, &i.id.value));
            let ipv6 = subnet.and_then(|s| instance_ipv6(cx, m, s, &i));
            let iix = m.instances.len();
            m.vpcs[vix].instances.push(iix);
            let subnet_ix = subnet.unwrap_or(usize::MAX);
            if let Some(s) = subnet {
                check_same_vpc(cx, m, s, vix, &i.subnet, &i.id.value);
                pending_ips.push((
                    Holder::Instance(iix),
                    vix,
                    s,
                    ip.map(|a| (a, pos(i.ip.as_ref().expect("ip")), i.id.value.clone())),
                ));
            }
            m.instances.push(Instance {
                pos: pos(&i.id),
                id: i.id.value,
                name: i.name.unwrap_or_default(),
                vpc: vix,
                subnet: subnet_ix,
                ip: Ipv4Addr::UNSPECIFIED,
                ipv6,
                security_groups: sgs,
                public_ip,
                role: i.role.map(|r| r.value),
            });
        }
        for g in &v.gateways {
            if let Some(ObjectRef::Gateway(gix)) = cx.ids.get(&g.id.value).copied()
                && m.gateways[gix].kind == GatewayKind::Nat
                && let Some(s) = m.gateways[gix].subnet
            {
                check_same_vpc(
                    cx,
                    m,
                    s,
                    vix,
                    g.subnet.as_ref().expect("nat subnet"),
                    &g.id.value,
                );
                let explicit = m.gateways[gix]
                    .ip
                    .map(|a| (a, pos(g.ip.as_ref().expect("ip")), g.id.value.clone()));
                pending_ips.push((Holder::NatGateway(gix), vix, s, explicit));
            }
        }
    }
}

/// An instance's IPv6 address: an IPv6 address inside its subnet's `ipv6_cidr` (RT-19).
fn instance_ipv6(
    cx: &mut Cx,
    m: &Builder,
    subnet: Ix,
    i: &RawInstance,
) -> Option<std::net::Ipv6Addr> {
    let raw = i.ipv6.as_ref()?;
    let owner = &i.id.value;
    let Ok(ip) = raw.value.trim().parse::<std::net::Ipv6Addr>() else {
        cx.err(
            "BAD_IP",
            format!("`{}` is not an IPv6 address", raw.value.trim()),
            pos(raw),
        )
        .help("write an address like 2600:1f18:1234:5601::10")
        .object = Some(owner.clone());
        return None;
    };
    let sub = &m.subnets[subnet];
    match sub.ipv6_cidr {
        Some(net) if net.contains(&ip) => Some(ip),
        Some(net) => {
            cx.err(
                "IP_OUTSIDE_SUBNET",
                format!("{ip} is outside subnet {}'s IPv6 block {net}", sub.id),
                pos(raw),
            )
            .help(format!("pick an address inside {net}"))
            .object = Some(owner.clone());
            None
        }
        None => {
            cx.err(
                "IP_OUTSIDE_SUBNET",
                format!(
                    "subnet {} has no IPv6 block, so {ip} cannot be in it",
                    sub.id
                ),
                pos(raw),
            )
            .help("give the subnet an `ipv6_cidr` (a /64), or remove `ipv6`")
            .object = Some(owner.clone());
            None
        }
    }
}
