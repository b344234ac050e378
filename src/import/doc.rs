//! The model document an import produces, and its YAML form.
//!
//! These types mirror the model file (MODEL.md) field for field, but only as far as the
//! importer writes it, and they are plain owned data (the loader's raw types carry spans and
//! only deserialise). [`Doc::to_yaml`] writes the text `linkscope` loads: grouped by VPC, ids
//! kept as AWS ids, rules and routes one per line, a header comment saying where it came from.

use std::collections::BTreeMap;

use serde_json::Value;

pub use super::doc_hybrid::{
    Host, Network, ResolverEndpoint, ResolverRule, SiteDns, TgwAttachment, TgwRoute, TgwRouteTable,
    TransitGateway, VgwConnection,
};
use super::yaml::{Writer, flow_map, flow_seq, quoted, scalar};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    pub name: String,
    pub description: String,
    pub region: String,
    pub accounts: Vec<Account>,
    pub vpcs: Vec<Vpc>,
    pub endpoint_services: Vec<EndpointService>,
    /// VPC Lattice resource gateways (provider side of resource endpoints).
    pub resource_gateways: Vec<ResourceGateway>,
    pub resource_configurations: Vec<ResourceConfiguration>,
    /// VPC Lattice service networks (what service-network endpoints reach).
    pub service_networks: Vec<ServiceNetwork>,
    pub hosted_zones: Vec<HostedZone>,
    pub buckets: Vec<Bucket>,
    pub services: Vec<Service>,
    pub prefix_lists: Vec<PrefixList>,
    pub transit_gateways: Vec<TransitGateway>,
    pub networks: Vec<Network>,
    pub resolver_endpoints: Vec<ResolverEndpoint>,
    pub resolver_rules: Vec<ResolverRule>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Account {
    pub id: String,
    pub name: Option<String>,
    /// AZ name -> AZ ID; empty means "not captured" (the loader then assumes AWS's order).
    pub zones: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vpc {
    pub id: String,
    pub name: Option<String>,
    pub account: String,
    /// Written only when it differs from the top-level region.
    pub region: String,
    pub cidrs: Vec<String>,
    /// The VPC's associated IPv6 block (a /56).
    pub ipv6_cidr: Option<String>,
    pub dns_support: bool,
    pub dns_hostnames: bool,
    /// DHCP options' `domain-name-servers`; empty: the Amazon-provided resolver.
    pub dns_servers: Vec<String>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub network_acls: Vec<NetworkAcl>,
    pub security_groups: Vec<SecurityGroup>,
    pub gateways: Vec<Gateway>,
    pub peerings: Vec<Peering>,
    pub instances: Vec<Instance>,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subnet {
    pub id: String,
    pub name: Option<String>,
    pub zone: String,
    pub cidr: String,
    pub route_table: Option<String>,
    pub network_acl: Option<String>,
    /// The subnet's IPv6 /64, when it has one (for dual-stack endpoints).
    pub ipv6_cidr: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteTable {
    pub id: String,
    pub name: Option<String>,
    pub main: bool,
    pub routes: Vec<Route>,
    /// Virtual private gateways propagating into the table.
    pub propagating: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Route {
    pub to: String,
    pub via: String,
    pub blackhole: bool,
    pub propagated: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkAcl {
    pub id: String,
    pub name: Option<String>,
    pub default: bool,
    pub inbound: Vec<AclRule>,
    pub outbound: Vec<AclRule>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AclRule {
    pub rule: u32,
    pub protocol: String,
    /// `443`, `1024-65535`; None for all.
    pub ports: Option<String>,
    pub cidr: String,
    pub allow: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: Option<String>,
    /// Some(true) for the VPC's default group; Some(false) only to stop a group *named*
    /// `default` from being taken for it.
    pub default: Option<bool>,
    pub inbound: Vec<SgRule>,
    pub outbound: Vec<SgRule>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SgRule {
    pub protocol: String,
    pub ports: Option<String>,
    /// CIDR, security group id or prefix list id.
    pub peer: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gateway {
    pub id: String,
    pub name: Option<String>,
    /// internet | nat | transit | vpn
    pub kind: String,
    pub subnet: Option<String>,
    pub ip: Option<String>,
    pub public_ip: Option<String>,
    /// A virtual private gateway's sites.
    pub connections: Vec<VgwConnection>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Peering {
    pub id: String,
    pub name: Option<String>,
    pub peer_vpc: String,
    /// Written when not `active`.
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Instance {
    pub id: String,
    pub name: Option<String>,
    pub subnet: String,
    pub ip: Option<String>,
    /// Its primary IPv6 address, in its subnet's /64.
    pub ipv6: Option<String>,
    /// None: the VPC's default group (AWS's default); Some(list) as captured.
    pub security_groups: Option<Vec<String>>,
    pub public_ip: Option<String>,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Endpoint {
    pub id: String,
    pub name: Option<String>,
    /// gateway | interface | instance-connect
    pub kind: String,
    pub service: Option<String>,
    pub route_tables: Vec<String>,
    pub subnets: Vec<String>,
    pub ips: BTreeMap<String, String>,
    pub security_groups: Option<Vec<String>>,
    pub private_dns: Option<bool>,
    pub private_dns_only_for_inbound_resolver: Option<bool>,
    pub policy: Option<Value>,
    pub state: Option<String>,
    /// AWS's random part of the endpoint's DNS names, from its DnsEntries.
    pub dns_suffix: Option<String>,
    pub subnet: Option<String>,
    pub ip: Option<String>,
    pub preserve_client_ip: Option<bool>,
    /// Cross-Region PrivateLink: the endpoint service's Region, when not the endpoint's own.
    pub service_region: Option<String>,
    /// `dualstack` (written only when not the default `ipv4`).
    pub ip_address_type: Option<String>,
    /// `ipv4`, `dualstack`, `ipv6`, `service-defined` (written only when not the default).
    pub dns_record_ip_type: Option<String>,
    /// Resource endpoints: the id of the resource configuration they connect to.
    pub resource_configuration: Option<String>,
    /// Service-network endpoints: the id of the service network they connect to.
    pub service_network: Option<String>,
}

/// A VPC Lattice resource gateway.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceGateway {
    pub id: String,
    pub name: Option<String>,
    pub vpc: String,
    pub subnets: Vec<String>,
    /// None: the VPC's default group.
    pub security_groups: Option<Vec<String>>,
}

/// A VPC Lattice resource configuration of type SINGLE.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceConfiguration {
    pub id: String,
    pub name: Option<String>,
    pub resource_gateway: String,
    pub ip: Option<String>,
    pub domain: Option<String>,
    /// AWS's form: `443`, `1-65535`, `1,2,22-30`.
    pub port_ranges: Option<String>,
    /// Accounts it is shared with (AWS RAM).
    pub shared_with: Vec<String>,
    /// AWS's `allowAssociationToShareableServiceNetwork` (written only when true).
    pub allow_association_to_shareable_service_network: bool,
}

/// A VPC Lattice service network.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceNetwork {
    pub id: String,
    pub name: Option<String>,
    /// The owner account.
    pub account: String,
    /// `AWS_IAM` (written only when not `NONE`).
    pub auth_type: Option<String>,
    pub auth_policy: Option<Value>,
    /// `sharingConfig.enabled`.
    pub sharing: bool,
    /// Accounts it is shared with (AWS RAM).
    pub shared_with: Vec<String>,
    /// Ids of the resource configurations associated with it.
    pub resource_configurations: Vec<String>,
    /// Ids of the VPC Lattice services associated with it (recorded, not traced).
    pub services: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointService {
    pub id: String,
    pub name: Option<String>,
    pub account: String,
    pub region: String,
    pub load_balancer: LoadBalancer,
    pub acceptance_required: bool,
    pub allowed_principals: Vec<String>,
    pub accepted: Vec<String>,
    pub rejected: Vec<String>,
    pub private_dns_name: Option<String>,
    pub private_dns_verified: Option<bool>,
    /// Regions besides its own from which consumers may connect.
    pub supported_regions: Vec<String>,
    /// Written only when not the default `[ipv4]`.
    pub supported_ip_address_types: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadBalancer {
    /// network | gateway
    pub kind: String,
    pub name: Option<String>,
    pub vpc: String,
    pub subnets: Vec<String>,
    /// (protocol, port)
    pub listeners: Vec<(String, u16)>,
    pub security_groups: Vec<String>,
    pub cross_zone: Option<bool>,
    pub enforce_security_groups_on_privatelink: Option<bool>,
    /// Target groups with their targets' health (only when every group a listener forwards
    /// to was captured with its health).
    pub target_groups: Vec<TargetGroup>,
    /// (protocol, port) of a listener -> the id of the target group it forwards to.
    pub listener_target_groups: BTreeMap<(String, u16), String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetGroup {
    pub id: String,
    pub port: Option<u16>,
    /// None: the load balancer's setting.
    pub cross_zone: Option<bool>,
    pub proxy_protocol_v2: Option<bool>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    /// Instance id or IPv4 address.
    pub id: String,
    /// None: healthy (the model's default).
    pub health: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostedZone {
    pub id: String,
    pub name: String,
    pub vpcs: Vec<String>,
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub name: String,
    pub kind: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bucket {
    pub name: String,
    pub region: Option<String>,
    pub account: Option<String>,
    pub policy: Option<Value>,
}

/// An addition to the built-in service catalogue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Service {
    pub name: String,
    pub dns: Option<String>,
    pub types: Vec<String>,
    pub policy_supported: Option<bool>,
    pub private_dns_names: Vec<String>,
    pub cidrs: Vec<String>,
    pub prefix_list: Option<String>,
    pub missing_zone_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrefixList {
    pub id: String,
    pub name: Option<String>,
    pub region: Option<String>,
    pub cidrs: Vec<String>,
}

fn opt_name(pairs: &mut Vec<(&'static str, String)>, name: &Option<String>) {
    if let Some(n) = name {
        pairs.push(("name", scalar(n)));
    }
}

impl Doc {
    /// The model as YAML. `header` lines become the leading comment block.
    pub fn to_yaml(&self, header: &[String]) -> String {
        let mut w = Writer::default();
        for h in header {
            w.comment(0, h);
        }
        if !header.is_empty() {
            w.line(0, "");
        }
        w.kv(0, "linkscope", "1");
        w.kv(0, "name", &quoted(&self.name));
        if !self.description.is_empty() {
            w.kv(0, "description", &quoted(&self.description));
        }
        w.kv(0, "region", &scalar(&self.region));

        write_accounts(&mut w, &self.accounts);
        write_prefix_lists(&mut w, &self.prefix_lists);
        write_services(&mut w, &self.services);
        if !self.vpcs.is_empty() {
            w.line(0, "");
            w.line(0, "vpcs:");
            for (i, v) in self.vpcs.iter().enumerate() {
                if i > 0 {
                    w.line(0, "");
                }
                self.write_vpc(&mut w, v);
            }
        }

        if !self.endpoint_services.is_empty() {
            w.line(0, "");
            w.line(0, "endpoint_services:");
            for s in &self.endpoint_services {
                write_service(&mut w, s);
            }
        }

        write_resource_gateways(&mut w, &self.resource_gateways);
        write_resource_configurations(&mut w, &self.resource_configurations);
        if !self.service_networks.is_empty() {
            w.line(0, "");
            w.line(0, "service_networks:");
            for n in &self.service_networks {
                write_service_network(&mut w, n);
            }
        }

        write_hosted_zones(&mut w, &self.hosted_zones);
        super::doc_hybrid::write(
            &mut w,
            &self.transit_gateways,
            &self.networks,
            &self.resolver_endpoints,
            &self.resolver_rules,
        );

        write_buckets(&mut w, &self.buckets);
        w.out
    }

    /// One VPC's entry under `vpcs:`: its own fields, then a list each for what it holds.
    fn write_vpc(&self, w: &mut Writer, v: &Vpc) {
        w.kv(2, "- id", &scalar(&v.id));
        if let Some(n) = &v.name {
            w.kv(4, "name", &scalar(n));
        }
        w.kv(4, "account", &quoted(&v.account));
        if v.region != self.region {
            w.kv(4, "region", &scalar(&v.region));
        }
        w.kv(4, "cidrs", &flow_seq(&v.cidrs));
        if let Some(c) = &v.ipv6_cidr {
            w.kv(4, "ipv6_cidr", &scalar(c));
        }
        w.kv(4, "dns_support", &v.dns_support.to_string());
        w.kv(4, "dns_hostnames", &v.dns_hostnames.to_string());
        if !v.dns_servers.is_empty() {
            w.kv(4, "dns_servers", &flow_seq(&v.dns_servers));
        }
        write_subnets(w, &v.subnets);
        write_route_tables(w, &v.route_tables);
        write_network_acls(w, &v.network_acls);
        write_security_groups(w, &v.security_groups);
        write_gateways(w, &v.gateways);
        write_peerings(w, &v.peerings);
        write_instances(w, &v.instances);
        if !v.endpoints.is_empty() {
            w.line(4, "endpoints:");
            for e in &v.endpoints {
                write_endpoint(w, e);
            }
        }
    }
}

/// The `accounts:` list: each account's id, name and zone names; nothing when there are none.
fn write_accounts(w: &mut Writer, accounts: &[Account]) {
    if accounts.is_empty() {
        return;
    }
    w.line(0, "");
    w.line(0, "accounts:");
    for a in accounts {
        w.kv(2, "- id", &quoted(&a.id));
        if let Some(n) = &a.name {
            w.kv(4, "name", &scalar(n));
        }
        if !a.zones.is_empty() {
            w.line(4, "zones:");
            for (name, id) in &a.zones {
                w.kv(6, &scalar(name), &scalar(id));
            }
        }
    }
}

/// The `prefix_lists:` list, a flow map each; nothing when there are none.
fn write_prefix_lists(w: &mut Writer, prefix_lists: &[PrefixList]) {
    if prefix_lists.is_empty() {
        return;
    }
    w.line(0, "");
    w.line(0, "prefix_lists:");
    for p in prefix_lists {
        let mut pairs = vec![("id", scalar(&p.id))];
        opt_name(&mut pairs, &p.name);
        if let Some(r) = &p.region {
            pairs.push(("region", scalar(r)));
        }
        pairs.push(("cidrs", flow_seq(&p.cidrs)));
        w.line(2, &format!("- {}", flow_map(&pairs)));
    }
}

/// The `services:` list: what each AWS service offers; nothing when there are none.
fn write_services(w: &mut Writer, services: &[Service]) {
    if services.is_empty() {
        return;
    }
    w.line(0, "");
    w.line(0, "services:");
    for s in services {
        w.kv(2, "- name", &scalar(&s.name));
        if let Some(d) = &s.dns {
            w.kv(4, "dns", &scalar(d));
        }
        w.kv(4, "types", &flow_seq(&s.types));
        if let Some(p) = s.policy_supported {
            w.kv(4, "policy_supported", &p.to_string());
        }
        if !s.private_dns_names.is_empty() {
            w.kv(4, "private_dns_names", &flow_seq(&s.private_dns_names));
        }
        if let Some(p) = &s.prefix_list {
            w.kv(4, "prefix_list", &scalar(p));
        }
        if !s.cidrs.is_empty() {
            w.kv(4, "cidrs", &flow_seq(&s.cidrs));
        }
        if !s.missing_zone_ids.is_empty() {
            w.kv(4, "missing_zone_ids", &flow_seq(&s.missing_zone_ids));
        }
    }
}

/// The `resource_gateways:` list, a flow map each; nothing when there are none.
fn write_resource_gateways(w: &mut Writer, resource_gateways: &[ResourceGateway]) {
    if resource_gateways.is_empty() {
        return;
    }
    w.line(0, "");
    w.line(0, "resource_gateways:");
    for g in resource_gateways {
        let mut pairs = vec![("id", scalar(&g.id))];
        opt_name(&mut pairs, &g.name);
        pairs.push(("vpc", scalar(&g.vpc)));
        pairs.push(("subnets", flow_seq(&g.subnets)));
        if let Some(sg) = &g.security_groups {
            pairs.push(("security_groups", flow_seq(sg)));
        }
        w.line(2, &format!("- {}", flow_map(&pairs)));
    }
}

/// The `resource_configurations:` list, a flow map each; nothing when there are none.
fn write_resource_configurations(
    w: &mut Writer,
    resource_configurations: &[ResourceConfiguration],
) {
    if resource_configurations.is_empty() {
        return;
    }
    w.line(0, "");
    w.line(0, "resource_configurations:");
    for c in resource_configurations {
        let mut pairs = vec![("id", scalar(&c.id))];
        opt_name(&mut pairs, &c.name);
        pairs.push(("resource_gateway", scalar(&c.resource_gateway)));
        if let Some(ip) = &c.ip {
            pairs.push(("ip", scalar(ip)));
        }
        if let Some(d) = &c.domain {
            pairs.push(("domain", scalar(d)));
        }
        if let Some(p) = &c.port_ranges {
            pairs.push(("port_ranges", quoted(p)));
        }
        if !c.shared_with.is_empty() {
            let q: Vec<String> = c.shared_with.iter().map(|a| quoted(a)).collect();
            pairs.push(("shared_with", format!("[{}]", q.join(", "))));
        }
        if c.allow_association_to_shareable_service_network {
            pairs.push((
                "allow_association_to_shareable_service_network",
                "true".into(),
            ));
        }
        w.line(2, &format!("- {}", flow_map(&pairs)));
    }
}

/// The `hosted_zones:` list with each zone's records; nothing when there are none.
fn write_hosted_zones(w: &mut Writer, hosted_zones: &[HostedZone]) {
    if hosted_zones.is_empty() {
        return;
    }
    w.line(0, "");
    w.line(0, "hosted_zones:");
    for z in hosted_zones {
        w.kv(2, "- id", &scalar(&z.id));
        w.kv(4, "name", &scalar(&z.name));
        w.kv(4, "vpcs", &flow_seq(&z.vpcs));
        if !z.records.is_empty() {
            w.line(4, "records:");
            for r in &z.records {
                let pairs = [
                    ("name", scalar(&r.name)),
                    ("type", scalar(&r.kind)),
                    ("values", flow_seq(&r.values)),
                ];
                w.line(6, &format!("- {}", flow_map(&pairs)));
            }
        }
    }
}

/// The `buckets:` list with each bucket's policy as JSON; nothing when there are none.
fn write_buckets(w: &mut Writer, buckets: &[Bucket]) {
    if buckets.is_empty() {
        return;
    }
    w.line(0, "");
    w.line(0, "buckets:");
    for b in buckets {
        w.kv(2, "- name", &scalar(&b.name));
        if let Some(r) = &b.region {
            w.kv(4, "region", &scalar(r));
        }
        if let Some(a) = &b.account {
            w.kv(4, "account", &quoted(a));
        }
        if let Some(p) = &b.policy {
            w.line(4, "policy:");
            w.json_block(6, p);
        }
    }
}

/// A VPC's `subnets:`, a flow map each; nothing when it has none.
fn write_subnets(w: &mut Writer, subnets: &[Subnet]) {
    if subnets.is_empty() {
        return;
    }
    w.line(4, "subnets:");
    for s in subnets {
        let mut pairs = vec![("id", scalar(&s.id))];
        opt_name(&mut pairs, &s.name);
        pairs.push(("zone", scalar(&s.zone)));
        pairs.push(("cidr", scalar(&s.cidr)));
        if let Some(r) = &s.route_table {
            pairs.push(("route_table", scalar(r)));
        }
        if let Some(a) = &s.network_acl {
            pairs.push(("network_acl", scalar(a)));
        }
        if let Some(c) = &s.ipv6_cidr {
            pairs.push(("ipv6_cidr", scalar(c)));
        }
        w.line(6, &format!("- {}", flow_map(&pairs)));
    }
}

/// A VPC's `route_tables:`, their routes one a line; nothing when it has none.
fn write_route_tables(w: &mut Writer, tables: &[RouteTable]) {
    if tables.is_empty() {
        return;
    }
    w.line(4, "route_tables:");
    for t in tables {
        w.kv(6, "- id", &scalar(&t.id));
        if let Some(n) = &t.name {
            w.kv(8, "name", &scalar(n));
        }
        if t.main {
            w.kv(8, "main", "true");
        }
        if !t.propagating.is_empty() {
            w.kv(8, "propagating", &flow_seq(&t.propagating));
        }
        if !t.routes.is_empty() {
            w.line(8, "routes:");
            for r in &t.routes {
                let mut pairs = vec![("to", scalar(&r.to)), ("via", scalar(&r.via))];
                if r.blackhole {
                    pairs.push(("state", "blackhole".to_string()));
                }
                if r.propagated {
                    pairs.push(("origin", "propagated".to_string()));
                }
                w.line(10, &format!("- {}", flow_map(&pairs)));
            }
        }
    }
}

/// A VPC's `network_acls:`, their inbound and outbound rules one a line; nothing when it has
/// none.
fn write_network_acls(w: &mut Writer, acls: &[NetworkAcl]) {
    if acls.is_empty() {
        return;
    }
    w.line(4, "network_acls:");
    for a in acls {
        w.kv(6, "- id", &scalar(&a.id));
        if let Some(n) = &a.name {
            w.kv(8, "name", &scalar(n));
        }
        if a.default {
            w.kv(8, "default", "true");
        }
        for (dir, rules) in [("inbound", &a.inbound), ("outbound", &a.outbound)] {
            if rules.is_empty() {
                w.kv(8, dir, "[]");
                continue;
            }
            w.line(8, &format!("{dir}:"));
            for r in rules {
                let mut pairs = vec![
                    ("rule", r.rule.to_string()),
                    ("protocol", scalar(&r.protocol)),
                ];
                if let Some(p) = &r.ports {
                    pairs.push(("ports", ports(p)));
                }
                pairs.push(("cidr", scalar(&r.cidr)));
                pairs.push(("action", if r.allow { "allow" } else { "deny" }.to_string()));
                w.line(10, &format!("- {}", flow_map(&pairs)));
            }
        }
    }
}

/// A VPC's `security_groups:`, their inbound and outbound rules one a line; nothing when it has
/// none.
fn write_security_groups(w: &mut Writer, groups: &[SecurityGroup]) {
    if groups.is_empty() {
        return;
    }
    w.line(4, "security_groups:");
    for g in groups {
        w.kv(6, "- id", &scalar(&g.id));
        if let Some(n) = &g.name {
            w.kv(8, "name", &scalar(n));
        }
        if let Some(d) = g.default {
            w.kv(8, "default", &d.to_string());
        }
        for (dir, key, rules) in [
            ("inbound", "from", &g.inbound),
            ("outbound", "to", &g.outbound),
        ] {
            if rules.is_empty() {
                w.kv(8, dir, "[]");
                continue;
            }
            w.line(8, &format!("{dir}:"));
            for r in rules {
                let mut pairs = vec![("protocol", scalar(&r.protocol))];
                if let Some(p) = &r.ports {
                    pairs.push(("ports", ports(p)));
                }
                pairs.push((key, scalar(&r.peer)));
                if let Some(d) = &r.description {
                    pairs.push(("description", quoted(d)));
                }
                w.line(10, &format!("- {}", flow_map(&pairs)));
            }
        }
    }
}

/// A VPC's `gateways:`, a flow map each (a virtual private gateway's sites inline);
/// nothing when it has none.
fn write_gateways(w: &mut Writer, gateways: &[Gateway]) {
    if gateways.is_empty() {
        return;
    }
    w.line(4, "gateways:");
    for g in gateways {
        let mut pairs = vec![("id", scalar(&g.id))];
        opt_name(&mut pairs, &g.name);
        pairs.push(("type", scalar(&g.kind)));
        if let Some(s) = &g.subnet {
            pairs.push(("subnet", scalar(s)));
        }
        if let Some(s) = &g.ip {
            pairs.push(("ip", scalar(s)));
        }
        if let Some(s) = &g.public_ip {
            pairs.push(("public_ip", scalar(s)));
        }
        if !g.connections.is_empty() {
            let cs: Vec<String> = g
                .connections
                .iter()
                .map(|c| {
                    flow_map(&[
                        ("network", scalar(&c.network)),
                        ("kind", scalar(&c.kind)),
                        ("routing", scalar(&c.routing)),
                    ])
                })
                .collect();
            pairs.push(("connections", format!("[{}]", cs.join(", "))));
        }
        w.line(6, &format!("- {}", flow_map(&pairs)));
    }
}

/// A VPC's `peerings:`, a flow map each; nothing when it has none.
fn write_peerings(w: &mut Writer, peerings: &[Peering]) {
    if peerings.is_empty() {
        return;
    }
    w.line(4, "peerings:");
    for p in peerings {
        let mut pairs = vec![("id", scalar(&p.id))];
        opt_name(&mut pairs, &p.name);
        pairs.push(("peer_vpc", scalar(&p.peer_vpc)));
        if let Some(s) = &p.state {
            pairs.push(("state", scalar(s)));
        }
        w.line(6, &format!("- {}", flow_map(&pairs)));
    }
}

/// A VPC's `instances:`, a flow map each; nothing when it has none.
fn write_instances(w: &mut Writer, instances: &[Instance]) {
    if instances.is_empty() {
        return;
    }
    w.line(4, "instances:");
    for i in instances {
        let mut pairs = vec![("id", scalar(&i.id))];
        opt_name(&mut pairs, &i.name);
        pairs.push(("subnet", scalar(&i.subnet)));
        if let Some(s) = &i.ip {
            pairs.push(("ip", scalar(s)));
        }
        if let Some(s) = &i.ipv6 {
            pairs.push(("ipv6", scalar(s)));
        }
        if let Some(g) = &i.security_groups {
            pairs.push(("security_groups", flow_seq(g)));
        }
        if let Some(s) = &i.public_ip {
            pairs.push(("public_ip", scalar(s)));
        }
        if let Some(s) = &i.role {
            pairs.push(("role", scalar(s)));
        }
        w.line(6, &format!("- {}", flow_map(&pairs)));
    }
}

/// Ports: a number stays a number, a range is quoted.
fn ports(p: &str) -> String {
    if p.parse::<u16>().is_ok() {
        p.to_string()
    } else {
        quoted(p)
    }
}

fn write_endpoint(w: &mut Writer, e: &Endpoint) {
    w.kv(6, "- id", &scalar(&e.id));
    if let Some(n) = &e.name {
        w.kv(8, "name", &scalar(n));
    }
    w.kv(8, "type", &scalar(&e.kind));
    if let Some(s) = &e.service {
        w.kv(8, "service", &scalar(s));
    }
    if let Some(s) = &e.resource_configuration {
        w.kv(8, "resource_configuration", &scalar(s));
    }
    if let Some(s) = &e.service_network {
        w.kv(8, "service_network", &scalar(s));
    }
    if !e.route_tables.is_empty() {
        w.kv(8, "route_tables", &flow_seq(&e.route_tables));
    }
    if !e.subnets.is_empty() {
        w.kv(8, "subnets", &flow_seq(&e.subnets));
    }
    if !e.ips.is_empty() {
        let pairs: Vec<(String, String)> =
            e.ips.iter().map(|(k, v)| (scalar(k), scalar(v))).collect();
        let refs: Vec<(&str, String)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        w.kv(8, "ips", &flow_map(&refs));
    }
    if let Some(s) = &e.subnet {
        w.kv(8, "subnet", &scalar(s));
    }
    if let Some(s) = &e.ip {
        w.kv(8, "ip", &scalar(s));
    }
    if let Some(g) = &e.security_groups {
        w.kv(8, "security_groups", &flow_seq(g));
    }
    if let Some(b) = e.private_dns {
        w.kv(8, "private_dns", &b.to_string());
    }
    if let Some(b) = e.private_dns_only_for_inbound_resolver {
        w.kv(8, "private_dns_only_for_inbound_resolver", &b.to_string());
    }
    if let Some(b) = e.preserve_client_ip {
        w.kv(8, "preserve_client_ip", &b.to_string());
    }
    if let Some(s) = &e.service_region {
        w.kv(8, "service_region", &scalar(s));
    }
    if let Some(s) = &e.ip_address_type {
        w.kv(8, "ip_address_type", &scalar(s));
    }
    if let Some(s) = &e.dns_record_ip_type {
        w.kv(8, "dns_record_ip_type", &scalar(s));
    }
    if let Some(s) = &e.state {
        w.kv(8, "state", &scalar(s));
    }
    if let Some(s) = &e.dns_suffix {
        w.kv(8, "dns_suffix", &scalar(s));
    }
    if let Some(p) = &e.policy {
        w.line(8, "policy:");
        w.json_block(10, p);
    }
}

fn write_service_network(w: &mut Writer, n: &ServiceNetwork) {
    w.kv(2, "- id", &scalar(&n.id));
    if let Some(x) = &n.name {
        w.kv(4, "name", &scalar(x));
    }
    w.kv(4, "account", &quoted(&n.account));
    if let Some(t) = &n.auth_type {
        w.kv(4, "auth_type", &scalar(t));
    }
    if let Some(p) = &n.auth_policy {
        w.line(4, "auth_policy:");
        w.json_block(6, p);
    }
    if n.sharing {
        w.kv(4, "sharing", "true");
    }
    if !n.shared_with.is_empty() {
        let q: Vec<String> = n.shared_with.iter().map(|a| quoted(a)).collect();
        w.kv(4, "shared_with", &format!("[{}]", q.join(", ")));
    }
    if !n.resource_configurations.is_empty() {
        w.kv(
            4,
            "resource_configurations",
            &flow_seq(&n.resource_configurations),
        );
    }
    if !n.services.is_empty() {
        w.kv(4, "services", &flow_seq(&n.services));
    }
}

fn write_service(w: &mut Writer, s: &EndpointService) {
    w.kv(2, "- id", &scalar(&s.id));
    if let Some(n) = &s.name {
        w.kv(4, "name", &scalar(n));
    }
    w.kv(4, "account", &quoted(&s.account));
    w.kv(4, "region", &scalar(&s.region));
    let lb = &s.load_balancer;
    w.line(4, "load_balancer:");
    w.kv(6, "type", &scalar(&lb.kind));
    if let Some(n) = &lb.name {
        w.kv(6, "name", &scalar(n));
    }
    w.kv(6, "vpc", &scalar(&lb.vpc));
    w.kv(6, "subnets", &flow_seq(&lb.subnets));
    if !lb.listeners.is_empty() {
        let ls: Vec<String> = lb
            .listeners
            .iter()
            .map(|(p, port)| {
                let mut pairs = vec![("protocol", scalar(p)), ("port", port.to_string())];
                if let Some(g) = lb.listener_target_groups.get(&(p.clone(), *port)) {
                    pairs.push(("target_group", scalar(g)));
                }
                flow_map(&pairs)
            })
            .collect();
        w.kv(6, "listeners", &format!("[{}]", ls.join(", ")));
    }
    if !lb.security_groups.is_empty() {
        w.kv(6, "security_groups", &flow_seq(&lb.security_groups));
    }
    if let Some(b) = lb.cross_zone {
        w.kv(6, "cross_zone", &b.to_string());
    }
    if let Some(b) = lb.enforce_security_groups_on_privatelink {
        w.kv(6, "enforce_security_groups_on_privatelink", &b.to_string());
    }
    write_target_groups(w, &lb.target_groups);
    w.kv(4, "acceptance_required", &s.acceptance_required.to_string());
    let principals: Vec<String> = s.allowed_principals.iter().map(|p| quoted(p)).collect();
    w.kv(
        4,
        "allowed_principals",
        &format!("[{}]", principals.join(", ")),
    );
    if !s.accepted.is_empty() {
        w.kv(4, "accepted", &flow_seq(&s.accepted));
    }
    if !s.rejected.is_empty() {
        w.kv(4, "rejected", &flow_seq(&s.rejected));
    }
    if let Some(n) = &s.private_dns_name {
        w.kv(4, "private_dns_name", &scalar(n));
    }
    if let Some(b) = s.private_dns_verified {
        w.kv(4, "private_dns_verified", &b.to_string());
    }
    if !s.supported_regions.is_empty() {
        w.kv(4, "supported_regions", &flow_seq(&s.supported_regions));
    }
    if !s.supported_ip_address_types.is_empty() {
        w.kv(
            4,
            "supported_ip_address_types",
            &flow_seq(&s.supported_ip_address_types),
        );
    }
}

fn write_target_groups(w: &mut Writer, groups: &[TargetGroup]) {
    if groups.is_empty() {
        return;
    }
    w.line(6, "target_groups:");
    for g in groups {
        w.kv(8, "- id", &scalar(&g.id));
        if let Some(p) = g.port {
            w.kv(10, "port", &p.to_string());
        }
        if let Some(b) = g.cross_zone {
            w.kv(10, "cross_zone", &b.to_string());
        }
        if let Some(b) = g.proxy_protocol_v2 {
            w.kv(10, "proxy_protocol_v2", &b.to_string());
        }
        if g.targets.is_empty() {
            w.kv(10, "targets", "[]");
            continue;
        }
        w.line(10, "targets:");
        for t in &g.targets {
            let mut pairs = vec![("id", scalar(&t.id))];
            if let Some(h) = &t.health {
                pairs.push(("health", scalar(h)));
            }
            w.line(12, &format!("- {}", flow_map(&pairs)));
        }
    }
}
