//! The hub-and-spoke and hybrid part of the model document (MODEL.md, "Hub and spoke, hybrid
//! networks, Resolver"): transit gateways, sites (`networks`), Resolver endpoints and rules,
//! and their YAML text. Re-exported by [`super::doc`].

use std::collections::BTreeMap;

use super::yaml::{Writer, flow_map, flow_seq, quoted, scalar};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransitGateway {
    pub id: String,
    pub name: Option<String>,
    pub account: String,
    pub region: Option<String>,
    pub default_association_table: Option<String>,
    pub default_propagation_table: Option<String>,
    pub security_group_referencing: Option<bool>,
    pub attachments: Vec<TgwAttachment>,
    /// None: not captured (the model then assumes one default table for everything).
    pub route_tables: Option<Vec<TgwRouteTable>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TgwAttachment {
    pub id: String,
    pub name: Option<String>,
    pub vpc: Option<String>,
    pub subnets: Vec<String>,
    pub appliance_mode: Option<bool>,
    /// Written when not `available`.
    pub state: Option<String>,
    pub network: Option<String>,
    /// vpn | direct-connect
    pub kind: Option<String>,
    /// bgp | static
    pub routing: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TgwRouteTable {
    pub id: String,
    pub name: Option<String>,
    pub associations: Vec<String>,
    pub propagations: Vec<String>,
    pub routes: Vec<TgwRoute>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TgwRoute {
    pub to: String,
    /// None for a blackhole.
    pub via: Option<String>,
}

/// A site (MODEL.md `networks`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    pub id: String,
    pub name: Option<String>,
    pub cidrs: Vec<String>,
    pub hosts: Vec<Host>,
    /// Prefixes the site sends to its static connections.
    pub routes: Option<Vec<String>>,
    pub dns: Option<SiteDns>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Host {
    pub id: String,
    pub name: Option<String>,
    pub ip: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteDns {
    pub server: String,
    /// (domain, forwarder addresses)
    pub forward: Vec<(String, Vec<String>)>,
}

/// A virtual private gateway's connection to a site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VgwConnection {
    pub network: String,
    pub kind: String,
    pub routing: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolverEndpoint {
    pub id: String,
    pub name: Option<String>,
    /// inbound | outbound
    pub direction: String,
    pub vpc: String,
    pub subnets: Vec<String>,
    /// subnet -> addresses
    pub ips: BTreeMap<String, Vec<String>>,
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolverRule {
    pub id: String,
    pub name: Option<String>,
    pub domain: String,
    /// forward | system | delegate
    pub kind: String,
    pub endpoint: Option<String>,
    pub targets: Vec<String>,
    pub vpcs: Vec<String>,
}

/// The four top-level sections, after `hosted_zones`.
pub(super) fn write(
    w: &mut Writer,
    tgws: &[TransitGateway],
    nets: &[Network],
    eps: &[ResolverEndpoint],
    rules: &[ResolverRule],
) {
    if !nets.is_empty() {
        w.line(0, "");
        w.line(0, "networks:");
        for n in nets {
            write_network(w, n);
        }
    }
    if !tgws.is_empty() {
        w.line(0, "");
        w.line(0, "transit_gateways:");
        for t in tgws {
            write_tgw(w, t);
        }
    }
    if !eps.is_empty() {
        w.line(0, "");
        w.line(0, "resolver_endpoints:");
        for e in eps {
            w.kv(2, "- id", &scalar(&e.id));
            if let Some(n) = &e.name {
                w.kv(4, "name", &scalar(n));
            }
            w.kv(4, "direction", &scalar(&e.direction));
            w.kv(4, "vpc", &scalar(&e.vpc));
            w.kv(4, "subnets", &flow_seq(&e.subnets));
            if !e.ips.is_empty() {
                let pairs: Vec<(String, String)> = e
                    .ips
                    .iter()
                    .map(|(s, ips)| {
                        let v = if ips.len() == 1 {
                            scalar(&ips[0])
                        } else {
                            flow_seq(ips)
                        };
                        (scalar(s), v)
                    })
                    .collect();
                let refs: Vec<(&str, String)> =
                    pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                w.kv(4, "ips", &flow_map(&refs));
            }
            w.kv(4, "security_groups", &flow_seq(&e.security_groups));
        }
    }
    if !rules.is_empty() {
        w.line(0, "");
        w.line(0, "resolver_rules:");
        for r in rules {
            let mut pairs = vec![("id", scalar(&r.id))];
            if let Some(n) = &r.name {
                pairs.push(("name", quoted(n)));
            }
            pairs.push(("domain", scalar(&r.domain)));
            pairs.push(("type", scalar(&r.kind)));
            if let Some(e) = &r.endpoint {
                pairs.push(("endpoint", scalar(e)));
            }
            if !r.targets.is_empty() {
                pairs.push(("targets", flow_seq(&r.targets)));
            }
            pairs.push(("vpcs", flow_seq(&r.vpcs)));
            w.line(2, &format!("- {}", flow_map(&pairs)));
        }
    }
}

fn write_network(w: &mut Writer, n: &Network) {
    w.kv(2, "- id", &scalar(&n.id));
    if let Some(x) = &n.name {
        w.kv(4, "name", &quoted(x));
    }
    w.kv(4, "cidrs", &flow_seq(&n.cidrs));
    if !n.hosts.is_empty() {
        w.line(4, "hosts:");
        for h in &n.hosts {
            let mut pairs = vec![("id", scalar(&h.id))];
            if let Some(x) = &h.name {
                pairs.push(("name", quoted(x)));
            }
            pairs.push(("ip", scalar(&h.ip)));
            w.line(6, &format!("- {}", flow_map(&pairs)));
        }
    }
    if let Some(r) = &n.routes {
        w.kv(4, "routes", &flow_seq(r));
    }
    if let Some(d) = &n.dns {
        w.line(4, "dns:");
        w.kv(6, "server", &scalar(&d.server));
        if !d.forward.is_empty() {
            w.line(6, "forward:");
            for (domain, to) in &d.forward {
                let pairs = [("domain", scalar(domain)), ("to", flow_seq(to))];
                w.line(8, &format!("- {}", flow_map(&pairs)));
            }
        }
    }
}

fn write_tgw(w: &mut Writer, t: &TransitGateway) {
    w.kv(2, "- id", &scalar(&t.id));
    if let Some(n) = &t.name {
        w.kv(4, "name", &quoted(n));
    }
    w.kv(4, "account", &quoted(&t.account));
    if let Some(r) = &t.region {
        w.kv(4, "region", &scalar(r));
    }
    if let Some(x) = &t.default_association_table {
        w.kv(4, "default_association_table", &scalar(x));
    }
    if let Some(x) = &t.default_propagation_table {
        w.kv(4, "default_propagation_table", &scalar(x));
    }
    if let Some(b) = t.security_group_referencing {
        w.kv(4, "security_group_referencing", &b.to_string());
    }
    if t.attachments.is_empty() {
        w.kv(4, "attachments", "[]");
    } else {
        w.line(4, "attachments:");
    }
    for a in &t.attachments {
        let mut pairs = vec![("id", scalar(&a.id))];
        if let Some(n) = &a.name {
            pairs.push(("name", quoted(n)));
        }
        if let Some(v) = &a.vpc {
            pairs.push(("vpc", scalar(v)));
            pairs.push(("subnets", flow_seq(&a.subnets)));
        }
        if let Some(n) = &a.network {
            pairs.push(("network", scalar(n)));
        }
        if let Some(k) = &a.kind {
            pairs.push(("kind", scalar(k)));
        }
        if let Some(r) = &a.routing {
            pairs.push(("routing", scalar(r)));
        }
        if let Some(b) = a.appliance_mode {
            pairs.push(("appliance_mode", b.to_string()));
        }
        if let Some(s) = &a.state {
            pairs.push(("state", scalar(s)));
        }
        w.line(6, &format!("- {}", flow_map(&pairs)));
    }
    let Some(tables) = &t.route_tables else {
        return;
    };
    w.line(4, "route_tables:");
    for rt in tables {
        w.kv(6, "- id", &scalar(&rt.id));
        if let Some(n) = &rt.name {
            w.kv(8, "name", &quoted(n));
        }
        w.kv(8, "associations", &flow_seq(&rt.associations));
        w.kv(8, "propagations", &flow_seq(&rt.propagations));
        if rt.routes.is_empty() {
            w.kv(8, "routes", "[]");
            continue;
        }
        w.line(8, "routes:");
        for r in &rt.routes {
            let pairs = match &r.via {
                Some(v) => vec![("to", scalar(&r.to)), ("via", scalar(v))],
                None => vec![("to", scalar(&r.to)), ("blackhole", "true".to_string())],
            };
            w.line(10, &format!("- {}", flow_map(&pairs)));
        }
    }
}
