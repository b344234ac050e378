//! AWS objects -> the model document.
//!
//! One pass per kind, in dependency order (prefix lists, VPCs, subnets, zones, ACLs, groups,
//! gateways, peerings, instances, endpoints, routes, endpoint services, DNS, buckets). Every
//! reference is checked against what has been imported so far, so the document always loads:
//! a reference to something not captured is dropped and counted, never written dangling.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::Ipv4Addr;
use std::path::Path;

use ipnet::Ipv4Net;
use serde_json::Value;

use super::aws::{self, name_tag};
use super::doc;
use super::report::Report;
use super::{At, Captures, is_account_id, is_region, zone_id};
use crate::catalogue::{Catalogue, region_abbr};

mod buckets;
mod catalogue;
mod contexts;
mod endpoint_services;
mod endpoints;
mod finish;
mod gateways;
mod hosted_zones;
mod instances;
mod modern;
mod network_acls;
mod peerings;
mod prefix_lists;
mod resolver;
mod resources;
mod route_tables;
mod security_groups;
mod service_networks;
mod sites;
mod targets;
mod transit;
mod vpcs;
mod zones;

/// Account id written when no capture names the owner.
pub const PLACEHOLDER_ACCOUNT: &str = "000000000000";

/// Build the document from everything captured.
pub(crate) fn build(c: &Captures, r: &mut Report, label: &str) -> doc::Doc {
    let mut b = B::new(c, r);
    b.run(label)
}

/// The region an AZ name belongs to (`us-east-1a` -> `us-east-1`); None for Local Zones and
/// Wavelength Zones (`us-west-2-lax-1a`) and anything else.
pub fn zone_region(az: &str) -> Option<&str> {
    let last = az.chars().last()?;
    if !last.is_ascii_lowercase() {
        return None;
    }
    let region = &az[..az.len() - 1];
    is_region(region).then_some(region)
}

/// The region in a service name (`com.amazonaws.us-east-1.s3`, `com.amazonaws.vpce.us-east-1.vpce-svc-x`).
fn service_region(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("com.amazonaws.")?;
    let rest = rest.strip_prefix("vpce.").unwrap_or(rest);
    let region = rest.split('.').next()?;
    is_region(region).then_some(region)
}

/// (region, account) of an ARN.
fn arn_parts(arn: &str) -> (Option<&str>, Option<&str>) {
    let p: Vec<&str> = arn.split(':').collect();
    if p.len() < 6 || p[0] != "arn" {
        return (None, None);
    }
    (
        Some(p[3]).filter(|s| is_region(s)),
        Some(p[4]).filter(|s| is_account_id(s)),
    )
}

fn ipv4(s: &str) -> Option<Ipv4Addr> {
    s.trim().parse().ok()
}

fn cidr4(s: &str) -> Option<Ipv4Net> {
    s.trim().parse::<Ipv4Net>().ok().map(|n| n.trunc())
}

/// Lowercase, no trailing dot, Route 53's `\052` octal escapes decoded.
fn dns_name(s: &str) -> String {
    let mut out = String::new();
    let b: Vec<char> = s.trim().chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '\\' && i + 3 < b.len() && b[i + 1..i + 4].iter().all(|c| c.is_digit(8)) {
            let n =
                u32::from_str_radix(&b[i + 1..i + 4].iter().collect::<String>(), 8).unwrap_or(0);
            if let Some(c) = char::from_u32(n) {
                out.push(c);
            }
            i += 4;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out.trim_end_matches('.').to_ascii_lowercase()
}

/// `-1`/`all` -> all, numbers and names -> tcp/udp/icmp; None for anything else.
fn protocol(p: &str) -> Option<&'static str> {
    match p.trim().to_ascii_lowercase().as_str() {
        "-1" | "all" => Some("all"),
        "6" | "tcp" => Some("tcp"),
        "17" | "udp" => Some("udp"),
        "1" | "icmp" => Some("icmp"),
        _ => None,
    }
}

/// A TCP/UDP port range as the model writes it; None for all ports.
fn ports(from: Option<i64>, to: Option<i64>) -> Option<String> {
    let (Some(f), Some(t)) = (from, to) else {
        return None;
    };
    if f < 0 || t < 0 || (f <= 0 && t >= 65535) || t > 65535 || f > t {
        return None;
    }
    if f == t {
        Some(f.to_string())
    } else {
        Some(format!("{f}-{t}"))
    }
}

fn is_icmpv6(p: &str) -> bool {
    matches!(p.trim().to_ascii_lowercase().as_str(), "58" | "icmpv6")
}

/// The default full-access policy (D-6), in any Version.
fn is_default_policy(v: &Value) -> bool {
    let Some(st) = v.get("Statement") else {
        return false;
    };
    let list: Vec<&Value> = match st {
        Value::Array(a) => a.iter().collect(),
        o @ Value::Object(_) => vec![o],
        _ => return false,
    };
    if list.len() != 1 {
        return false;
    }
    let s = list[0];
    let star = |v: Option<&Value>| match v {
        Some(Value::String(x)) => x == "*",
        Some(Value::Array(a)) => a.len() == 1 && a[0] == "*",
        _ => false,
    };
    let principal_star = match s.get("Principal") {
        Some(Value::String(x)) => x == "*",
        Some(Value::Object(o)) => o.len() == 1 && o.get("AWS").is_some_and(|a| star(Some(a))),
        _ => false,
    };
    s.get("Effect").and_then(Value::as_str) == Some("Allow")
        && principal_star
        && star(s.get("Action"))
        && star(s.get("Resource"))
        && s.get("Condition").is_none()
        && s.as_object().is_some_and(|o| {
            o.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "Effect" | "Principal" | "Action" | "Resource" | "Sid"
                )
            })
        })
}

/// Keep the first of several captures of one object (the same VPC saved twice, flat and nested).
fn dedup<'x, T>(
    items: &'x [At<T>],
    id: impl Fn(&T) -> &str,
    r: &mut Report,
    kind: &str,
) -> Vec<&'x At<T>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut dups = 0;
    for it in items {
        let k = id(&it.v).to_string();
        if k.is_empty() {
            r.skip(&format!("{kind} without an id"), String::new());
            continue;
        }
        if seen.insert(k) {
            out.push(it);
        } else {
            dups += 1;
        }
    }
    if dups > 0 {
        r.note(format!(
            "{dups} repeated capture(s) of the same {kind} merged (the first file read wins)"
        ));
    }
    out
}

/// A captured prefix list: (name, region, IPv4 CIDRs).
type PrefixListCapture = (Option<String>, Option<String>, Vec<String>);

struct B<'a> {
    c: &'a Captures,
    r: &'a mut Report,
    builtin: &'static Catalogue,
    /// Per capture file: the account and region it is about.
    ctx_account: Vec<Option<String>>,
    ctx_region: Vec<Option<String>>,
    vpcs: BTreeMap<String, doc::Vpc>,
    vpc_is_default: HashMap<String, bool>,
    vpc_dhcp: HashMap<String, String>,
    /// Subnet -> VPC, and the subnet's CIDR and zone.
    subnet_vpc: HashMap<String, String>,
    subnet_cidr: HashMap<String, Ipv4Net>,
    /// Every id written, for uniqueness.
    ids: HashSet<String>,
    /// Captured prefix lists with IPv4 entries: id -> (name, region, cidrs).
    pls: BTreeMap<String, PrefixListCapture>,
    sg_ids: HashSet<String>,
    /// Gateway id -> VPC.
    gateway_vpc: HashMap<String, String>,
    peering_ids: HashSet<String>,
    instance_ids: HashSet<String>,
    /// ENI id -> the instance (model id) it stands for.
    eni_instance: HashMap<String, String>,
    /// Endpoint id -> VPC id.
    endpoint_vpc: HashMap<String, String>,
    /// Endpoint DNS names (regional, zonal, private) -> endpoint id.
    endpoint_dns: HashMap<String, String>,
    /// Addresses in use per VPC.
    used_ips: HashSet<(String, Ipv4Addr)>,
    zones: BTreeMap<String, BTreeMap<String, String>>,
    /// Accounts whose zone map came from a capture (describe-availability-zones or subnets).
    zones_captured: HashSet<String>,
    /// Deleted or failed NAT gateways: id -> (VPC, subnet, name).
    gone_nats: BTreeMap<String, (String, Option<String>, Option<String>)>,
    /// Transit gateway id -> its Name tag (describe-transit-gateways).
    tgw_names: HashMap<String, String>,
    /// Transit gateways written at the top level (`transit`): VPC routes name them directly.
    tgw_top: BTreeSet<String>,
    /// VPN connection id -> the site written for its customer gateway (`sites`).
    vpn_site: HashMap<String, String>,
    site_plans: BTreeMap<String, sites::SitePlan>,
    /// VPC Lattice resource gateways and configurations written (`resources`).
    resource_gateways: Vec<doc::ResourceGateway>,
    resource_configurations: Vec<doc::ResourceConfiguration>,
    /// VPC Lattice service networks written (`service_networks`).
    service_networks: Vec<doc::ServiceNetwork>,
}

impl<'a> B<'a> {
    fn new(c: &'a Captures, r: &'a mut Report) -> Self {
        B {
            c,
            r,
            builtin: Catalogue::builtin(),
            ctx_account: vec![],
            ctx_region: vec![],
            vpcs: BTreeMap::new(),
            vpc_is_default: HashMap::new(),
            vpc_dhcp: HashMap::new(),
            subnet_vpc: HashMap::new(),
            subnet_cidr: HashMap::new(),
            ids: HashSet::new(),
            pls: BTreeMap::new(),
            sg_ids: HashSet::new(),
            gateway_vpc: HashMap::new(),
            peering_ids: HashSet::new(),
            instance_ids: HashSet::new(),
            eni_instance: HashMap::new(),
            endpoint_vpc: HashMap::new(),
            endpoint_dns: HashMap::new(),
            used_ips: HashSet::new(),
            zones: BTreeMap::new(),
            zones_captured: HashSet::new(),
            gone_nats: BTreeMap::new(),
            tgw_names: HashMap::new(),
            tgw_top: BTreeSet::new(),
            vpn_site: HashMap::new(),
            site_plans: BTreeMap::new(),
            resource_gateways: Vec::new(),
            resource_configurations: Vec::new(),
            service_networks: Vec::new(),
        }
    }

    fn run(&mut self, label: &str) -> doc::Doc {
        self.contexts();
        self.prefix_lists();
        self.vpcs();
        self.subnets();
        self.zones();
        self.network_acls();
        self.security_groups();
        self.gateways();
        self.peerings();
        self.instances();
        self.resources();
        self.service_networks_pass();
        self.endpoints();
        self.resource_sharing();
        self.service_network_sharing();
        self.transit_plan();
        self.route_tables();
        self.unused_gone_nats();
        let services = self.endpoint_services();
        self.endpoint_states();
        self.modern_fields();
        self.ipv6_addresses();
        let hosted_zones = self.hosted_zones();
        let buckets = self.buckets();
        let catalogue = self.catalogue_additions();
        self.dns_attributes();
        self.site_plans();
        self.vgw_connections();
        let resolver_endpoints = self.resolver_endpoints();
        let resolver_rules = self.resolver_rules(&resolver_endpoints);
        let transit_gateways = self.transit_gateways();
        let static_routes = self.site_static_routes();
        let inbound = resolver_endpoints.iter().find(|e| e.direction == "inbound");
        let networks = self.sites(&resolver_rules, inbound, &hosted_zones, &static_routes);
        let mut doc = self.finish(label, services, hosted_zones, buckets, catalogue);
        doc.resource_gateways = std::mem::take(&mut self.resource_gateways);
        doc.resource_configurations = std::mem::take(&mut self.resource_configurations);
        doc.service_networks = std::mem::take(&mut self.service_networks);
        doc.transit_gateways = transit_gateways;
        doc.networks = networks;
        doc.resolver_endpoints = resolver_endpoints;
        doc.resolver_rules = resolver_rules;
        doc
    }

    fn acct(&self, ctx: usize) -> Option<String> {
        self.ctx_account.get(ctx).cloned().flatten()
    }

    fn region(&self, ctx: usize) -> Option<String> {
        self.ctx_region.get(ctx).cloned().flatten()
    }

    fn claim(&mut self, id: &str, kind: &str) -> bool {
        if self.ids.insert(id.to_string()) {
            true
        } else {
            self.r.skip(
                &format!("{kind} whose id is already used by another object"),
                id,
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(zone_region("us-east-1a"), Some("us-east-1"));
        assert_eq!(zone_region("us-west-2-lax-1a"), None);
        assert_eq!(
            service_region("com.amazonaws.vpce.eu-west-1.vpce-svc-1"),
            Some("eu-west-1")
        );
        assert_eq!(
            service_region("com.amazonaws.us-east-1.s3"),
            Some("us-east-1")
        );
        assert_eq!(dns_name("\\052.Example.COM."), "*.example.com");
        assert_eq!(ports(Some(0), Some(65535)), None);
        assert_eq!(ports(Some(-1), Some(-1)), None);
        assert_eq!(ports(Some(443), Some(443)).as_deref(), Some("443"));
        assert_eq!(
            ports(Some(1024), Some(65535)).as_deref(),
            Some("1024-65535")
        );
        assert_eq!(protocol("-1"), Some("all"));
        assert_eq!(protocol("50"), None);
        let d: Value = serde_json::from_str(r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#).unwrap();
        assert!(is_default_policy(&d));
        let n: Value = serde_json::from_str(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#).unwrap();
        assert!(!is_default_policy(&n));
    }
}
