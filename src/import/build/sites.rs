//! Sites (MODEL.md `networks`) from VPN connections and their customer gateways.
//!
//! AWS holds only AWS's side of a site: the customer gateway (its public address and BGP ASN),
//! the VPN connection (static or BGP), and the prefixes AWS routes to it. A site's address
//! ranges are therefore taken from what AWS routes there: the connection's static routes, its
//! `LocalIpv4NetworkCidr` when set, transit gateway routes through its attachment, and VPC
//! routes through its virtual private gateway (propagated BGP routes included). Its hosts are
//! the targets of Resolver forward rules that lie in those ranges (they are its DNS servers);
//! everything else about the site (other hosts, its DNS forwarders, what a static site sends
//! to AWS) is not in any AWS output, and what the importer assumes instead is reported.

use super::*;

/// One site being built: the customer gateway it stands for and what AWS says about it.
#[derive(Debug, Default)]
pub(super) struct SitePlan {
    pub name: Option<String>,
    pub cidrs: BTreeSet<Ipv4Net>,
    /// Where the CIDRs came from, for the report.
    pub sources: BTreeSet<&'static str>,
    /// VPN connection ids -> static routing?
    pub vpns: BTreeMap<String, bool>,
}

/// `0.0.0.0/0` says "everything else", not where a site is.
fn site_prefix(s: &str) -> Option<Ipv4Net> {
    cidr4(s).filter(|n| n.prefix_len() > 0)
}

impl B<'_> {
    /// Plan the sites: one per customer gateway with an active VPN connection, with the CIDRs
    /// AWS routes to it. Sites with no known CIDR are reported and left out.
    pub(super) fn site_plans(&mut self) {
        let c = self.c;
        let h = &c.hybrid;
        let cgws: HashMap<&str, &super::super::hybrid::CustomerGateway> = h
            .customer_gateways
            .iter()
            .map(|x| (x.v.customer_gateway_id.as_str(), &x.v))
            .collect();
        // TGW attachment of each VPN connection.
        let vpn_att: HashMap<&str, &str> = h
            .attachments
            .iter()
            .filter(|a| a.v.resource_type.as_deref() == Some("vpn"))
            .filter_map(|a| {
                a.v.resource_id
                    .as_deref()
                    .map(|r| (r, a.v.transit_gateway_attachment_id.as_str()))
            })
            .collect();
        let mut plans: BTreeMap<String, SitePlan> = BTreeMap::new();
        for x in dedup(
            &h.vpn_connections,
            |v| &v.vpn_connection_id,
            self.r,
            "VPN connection",
        ) {
            let v = &x.v;
            if matches!(v.state.as_deref(), Some("deleted" | "deleting")) {
                self.r
                    .skip("VPN connections deleted", v.vpn_connection_id.clone());
                continue;
            }
            let Some(cgw) = v.customer_gateway_id.clone() else {
                self.r.skip(
                    "VPN connections without a customer gateway",
                    v.vpn_connection_id.clone(),
                );
                continue;
            };
            let is_static = v.options.as_ref().and_then(|o| o.static_routes_only) == Some(true);
            let p = plans.entry(cgw.clone()).or_insert_with(|| SitePlan {
                name: cgws.get(cgw.as_str()).and_then(|g| {
                    name_tag(&g.tags).or_else(|| {
                        g.ip_address
                            .as_ref()
                            .map(|ip| format!("site behind customer gateway {ip}"))
                    })
                }),
                ..SitePlan::default()
            });
            p.vpns.insert(v.vpn_connection_id.clone(), is_static);
            for r in &v.routes {
                if matches!(r.state.as_deref(), Some("deleted" | "deleting")) {
                    continue;
                }
                if let Some(n) = r.destination_cidr_block.as_deref().and_then(site_prefix) {
                    p.cidrs.insert(n);
                    p.sources.insert("the VPN connection's static routes");
                }
            }
            if let Some(n) = v
                .options
                .as_ref()
                .and_then(|o| o.local_ipv4_network_cidr.as_deref())
                .and_then(site_prefix)
            {
                p.cidrs.insert(n);
                p.sources
                    .insert("the VPN connection's LocalIpv4NetworkCidr");
            }
            if let Some(att) = vpn_att.get(v.vpn_connection_id.as_str()) {
                for r in &h.routes {
                    let (_, route) = &r.v;
                    if route
                        .transit_gateway_attachments
                        .iter()
                        .any(|a| a.transit_gateway_attachment_id == *att)
                        && let Some(n) = route
                            .destination_cidr_block
                            .as_deref()
                            .and_then(site_prefix)
                    {
                        p.cidrs.insert(n);
                        p.sources.insert("transit gateway routes to its attachment");
                    }
                }
            }
            if let Some(vgw) = &v.vpn_gateway_id {
                for t in &c.route_tables {
                    for r in &t.v.routes {
                        if r.gateway_id.as_deref() == Some(vgw.as_str())
                            && let Some(n) =
                                r.destination_cidr_block.as_deref().and_then(site_prefix)
                        {
                            p.cidrs.insert(n);
                            p.sources
                                .insert("VPC routes to its virtual private gateway");
                        }
                    }
                }
            }
        }
        for (id, p) in plans {
            if p.cidrs.is_empty() {
                self.r.skip(
                    "sites (customer gateways) whose address ranges no captured route shows; add them to `networks` by hand",
                    id,
                );
                continue;
            }
            if !self.claim(&id, "sites") {
                continue;
            }
            for vpn in p.vpns.keys() {
                self.vpn_site.insert(vpn.clone(), id.clone());
            }
            self.site_plans.insert(id, p);
        }
    }

    /// The sites as written, with their DNS servers (forward rule targets inside them) and,
    /// when the model has an inbound Resolver endpoint, the assumed forwarders to it.
    pub(super) fn sites(
        &mut self,
        rules: &[doc::ResolverRule],
        inbound: Option<&doc::ResolverEndpoint>,
        zones: &[doc::HostedZone],
        static_routes: &BTreeMap<String, BTreeSet<String>>,
    ) -> Vec<doc::Network> {
        let mut out = Vec::new();
        let plans = std::mem::take(&mut self.site_plans);
        for (id, p) in &plans {
            let cidrs: Vec<String> = p.cidrs.iter().map(|n| n.to_string()).collect();
            let mut hosts: Vec<doc::Host> = Vec::new();
            for r in rules.iter().filter(|r| r.kind == "forward") {
                for t in &r.targets {
                    let ip_text = t.split(':').next().unwrap_or(t);
                    let Some(ip) = ipv4(ip_text) else { continue };
                    if !p.cidrs.iter().any(|n| n.contains(&ip))
                        || hosts.iter().any(|h| h.ip == ip.to_string())
                    {
                        continue;
                    }
                    let hid = format!("{id}-dns-{}", hosts.len() + 1);
                    if !self.claim(&hid, "site hosts") {
                        continue;
                    }
                    hosts.push(doc::Host {
                        id: hid,
                        name: Some(format!("DNS server (target of Resolver rule {})", r.id)),
                        ip: ip.to_string(),
                    });
                }
            }
            let dns = match (hosts.first(), inbound) {
                (Some(server), Some(ep)) => {
                    let to: Vec<String> = ep.ips.values().flatten().cloned().collect();
                    let mut domains: BTreeSet<String> = BTreeSet::new();
                    domains.insert("amazonaws.com".to_string());
                    for z in zones.iter().filter(|z| z.vpcs.contains(&ep.vpc)) {
                        domains.insert(z.name.clone());
                    }
                    self.r.infer(format!(
                        "{id}: its DNS server {} ({}) is assumed to forward {} to inbound Resolver endpoint {} ({}); AWS does not hold the site's DNS configuration",
                        server.id,
                        server.ip,
                        domains.iter().cloned().collect::<Vec<_>>().join(", "),
                        ep.id,
                        to.join(", ")
                    ));
                    Some(doc::SiteDns {
                        server: server.id.clone(),
                        forward: domains.into_iter().map(|d| (d, to.clone())).collect(),
                    })
                }
                (Some(server), None) => {
                    self.r.infer(format!(
                        "{id}: DNS server {} known from a Resolver rule; no inbound Resolver endpoint captured, so the site resolves AWS names publicly",
                        server.ip
                    ));
                    None
                }
                (None, _) => {
                    self.r.infer(format!(
                        "{id}: no DNS server known (no Resolver forward rule targets the site); the site resolves names publicly"
                    ));
                    None
                }
            };
            let any_static = p.vpns.values().any(|s| *s);
            let routes = if any_static {
                let r: Vec<String> = static_routes
                    .get(id)
                    .map(|s| s.iter().cloned().collect())
                    .unwrap_or_default();
                self.r.infer(format!(
                    "{id}: a static VPN; what the site sends to AWS is not in AWS's outputs, so it is assumed to send the CIDRs of the VPCs behind its connection ({})",
                    if r.is_empty() { "none known".to_string() } else { r.join(", ") }
                ));
                Some(r)
            } else {
                None
            };
            self.r.infer(format!(
                "{id}: a site (customer gateway) with CIDRs {} taken from {}; its hosts are unknown to AWS: trace from an address in those CIDRs",
                cidrs.join(", "),
                p.sources.iter().copied().collect::<Vec<_>>().join(" and ")
            ));
            out.push(doc::Network {
                id: id.clone(),
                name: p.name.clone(),
                cidrs,
                hosts,
                routes,
                dns,
            });
        }
        self.site_plans = plans;
        out
    }

    /// Virtual private gateways with VPN connections to written sites become `type: vgw`
    /// with those connections.
    pub(super) fn vgw_connections(&mut self) {
        let c = self.c;
        for x in &c.hybrid.vpn_connections {
            let v = &x.v;
            let (Some(vgw), Some(site)) =
                (&v.vpn_gateway_id, self.vpn_site.get(&v.vpn_connection_id))
            else {
                continue;
            };
            let Some(vpc) = self.gateway_vpc.get(vgw).cloned() else {
                self.r.skip(
                    "VPN connections to virtual private gateways not attached to a captured VPC",
                    v.vpn_connection_id.clone(),
                );
                continue;
            };
            let routing = if v.options.as_ref().and_then(|o| o.static_routes_only) == Some(true) {
                "static"
            } else {
                "bgp"
            };
            if let Some(g) = self
                .vpcs
                .get_mut(&vpc)
                .and_then(|d| d.gateways.iter_mut().find(|g| &g.id == vgw))
            {
                g.kind = "vgw".into();
                let conn = doc::VgwConnection {
                    network: site.clone(),
                    kind: "vpn".into(),
                    routing: routing.into(),
                };
                if !g.connections.contains(&conn) {
                    g.connections.push(conn);
                }
            }
        }
    }
}
