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
        self.endpoints();
        self.route_tables();
        self.unused_gone_nats();
        let services = self.endpoint_services();
        self.endpoint_states();
        let hosted_zones = self.hosted_zones();
        let buckets = self.buckets();
        let catalogue = self.catalogue_additions();
        self.dns_attributes();
        self.finish(label, services, hosted_zones, buckets, catalogue)
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

    /// Account and region of each capture file: from its folders, else from the owners and
    /// zones named in the files of the same folder, else the only one there is.
    fn contexts(&mut self) {
        let c = self.c;
        let folder = |i: usize| {
            Path::new(&c.ctxs[i].file)
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        };
        let mut acct_votes: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        let mut region_votes: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        let vote =
            |m: &mut HashMap<String, BTreeMap<String, usize>>, ctx: usize, v: Option<&str>| {
                if let Some(v) = v {
                    *m.entry(folder(ctx))
                        .or_default()
                        .entry(v.to_string())
                        .or_default() += 1;
                }
            };
        let good = |o: &Option<String>| {
            o.as_deref()
                .filter(|a| is_account_id(a))
                .map(str::to_string)
        };
        for x in &c.vpcs {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.subnets {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
            vote(
                &mut region_votes,
                x.ctx,
                x.v.availability_zone.as_deref().and_then(zone_region),
            );
        }
        for x in &c.security_groups {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.route_tables {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.network_acls {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.vpc_endpoints {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
            vote(&mut region_votes, x.ctx, service_region(&x.v.service_name));
        }
        for x in &c.availability_zones {
            vote(
                &mut region_votes,
                x.ctx,
                x.v.region_name.as_deref().filter(|r| is_region(r)),
            );
        }
        for x in &c.instances {
            vote(&mut acct_votes, x.ctx, good(&x.v.0).as_deref());
        }
        for x in &c.load_balancers {
            let (r, a) = arn_parts(&x.v.load_balancer_arn);
            vote(&mut acct_votes, x.ctx, a);
            vote(&mut region_votes, x.ctx, r);
        }
        let best =
            |m: &BTreeMap<String, usize>| m.iter().max_by_key(|(_, n)| **n).map(|(k, _)| k.clone());
        let mut folder_acct: HashMap<String, String> = HashMap::new();
        let mut folder_region: HashMap<String, String> = HashMap::new();
        for (i, ctx) in c.ctxs.iter().enumerate() {
            if let Some(a) = &ctx.account {
                folder_acct.entry(folder(i)).or_insert_with(|| a.clone());
            }
            if let Some(r) = &ctx.region {
                folder_region.entry(folder(i)).or_insert_with(|| r.clone());
            }
        }
        for (f, m) in &acct_votes {
            if let Some(b) = best(m) {
                folder_acct.entry(f.clone()).or_insert(b);
            }
        }
        for (f, m) in &region_votes {
            if let Some(b) = best(m) {
                folder_region.entry(f.clone()).or_insert(b);
            }
        }
        let all_accts: BTreeSet<&String> = folder_acct.values().collect();
        let all_regions: BTreeSet<&String> = folder_region.values().collect();
        let only_acct =
            (all_accts.len() == 1).then(|| (*all_accts.iter().next().expect("one")).clone());
        let only_region =
            (all_regions.len() == 1).then(|| (*all_regions.iter().next().expect("one")).clone());
        for i in 0..c.ctxs.len() {
            let f = folder(i);
            self.ctx_account
                .push(folder_acct.get(&f).cloned().or_else(|| only_acct.clone()));
            self.ctx_region.push(
                folder_region
                    .get(&f)
                    .cloned()
                    .or_else(|| only_region.clone()),
            );
        }
    }

    fn prefix_lists(&mut self) {
        let c = self.c;
        let mut entries: HashMap<&str, Vec<String>> = HashMap::new();
        for e in &c.prefix_list_entries {
            let list = entries.entry(e.v.0.as_str()).or_default();
            for x in &e.v.1 {
                if let Some(n) = cidr4(&x.cidr) {
                    list.push(n.to_string());
                } else {
                    self.r.skip("IPv6 prefix list entries", e.v.0.clone());
                }
            }
        }
        // The `Cidrs` form (describe-prefix-lists) first, so a managed list's entries count as
        // captured when either command listed them.
        let mut ordered: Vec<&At<aws::PrefixList>> = c
            .prefix_lists
            .iter()
            .filter(|p| p.v.cidrs.is_some())
            .collect();
        ordered.extend(c.prefix_lists.iter().filter(|p| p.v.cidrs.is_none()));
        for p in ordered {
            let pl = &p.v;
            if pl.prefix_list_id.is_empty() {
                continue;
            }
            if pl
                .address_family
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case("ipv6"))
            {
                self.r.skip("IPv6 prefix lists", pl.prefix_list_id.clone());
                continue;
            }
            let cidrs: Vec<String> = match (&pl.cidrs, entries.get(pl.prefix_list_id.as_str())) {
                (Some(list), _) => list
                    .iter()
                    .filter_map(|s| cidr4(s))
                    .map(|n| n.to_string())
                    .collect(),
                (None, Some(list)) => list.clone(),
                (None, None) => {
                    if !self.pls.contains_key(&pl.prefix_list_id) {
                        self.r.note(format!(
                            "entries of prefix list {} not captured (get-managed-prefix-list-entries); rules and routes naming it are kept only if another capture lists its CIDRs",
                            pl.prefix_list_id
                        ));
                    }
                    continue;
                }
            };
            let region = self.region(p.ctx);
            let e = self
                .pls
                .entry(pl.prefix_list_id.clone())
                .or_insert((None, None, vec![]));
            if e.0.is_none() {
                e.0 = pl.prefix_list_name.clone();
            }
            if e.1.is_none() {
                e.1 = region;
            }
            if e.2.is_empty() {
                e.2 = cidrs;
            }
        }
        // Entries captured for a list whose description was not.
        for (id, list) in entries {
            self.pls.entry(id.to_string()).or_insert((None, None, list));
        }
        let ids: Vec<String> = self.pls.keys().cloned().collect();
        for id in ids {
            self.ids.insert(id);
        }
    }

    fn pl_known(&self, id: &str) -> bool {
        self.pls.contains_key(id) || self.builtin.prefix_list(id).is_some()
    }

    fn vpcs(&mut self) {
        let c = self.c;
        for x in dedup(&c.vpcs, |v| &v.vpc_id, self.r, "VPC") {
            let v = &x.v;
            let mut cidrs: Vec<String> = Vec::new();
            for a in &v.cidr_block_association_set {
                let state = a
                    .cidr_block_state
                    .as_ref()
                    .and_then(|s| s.state.clone())
                    .unwrap_or_default();
                if matches!(
                    state.as_str(),
                    "disassociated" | "disassociating" | "failed" | "failing"
                ) {
                    continue;
                }
                if let Some(n) = a.cidr_block.as_deref().and_then(cidr4) {
                    let s = n.to_string();
                    if !cidrs.contains(&s) {
                        cidrs.push(s);
                    }
                }
            }
            if cidrs.is_empty()
                && let Some(n) = v.cidr_block.as_deref().and_then(cidr4)
            {
                cidrs.push(n.to_string());
            }
            if cidrs.is_empty() {
                self.r.skip("VPCs without an IPv4 CIDR", v.vpc_id.clone());
                continue;
            }
            if !v.ipv6_cidr_block_association_set.is_empty() {
                self.r.skip("IPv6 CIDR blocks of VPCs", v.vpc_id.clone());
            }
            if !self.claim(&v.vpc_id, "VPCs") {
                continue;
            }
            let account = v
                .owner_id
                .clone()
                .filter(|a| is_account_id(a))
                .or_else(|| self.acct(x.ctx))
                .unwrap_or_else(|| {
                    self.r.infer(format!(
                        "{}: owner account not captured; placeholder {PLACEHOLDER_ACCOUNT} written",
                        v.vpc_id
                    ));
                    PLACEHOLDER_ACCOUNT.to_string()
                });
            let region = self.region(x.ctx).unwrap_or_default();
            self.vpc_is_default.insert(v.vpc_id.clone(), v.is_default);
            if let Some(d) = &v.dhcp_options_id {
                self.vpc_dhcp.insert(v.vpc_id.clone(), d.clone());
            }
            self.vpcs.insert(
                v.vpc_id.clone(),
                doc::Vpc {
                    id: v.vpc_id.clone(),
                    name: name_tag(&v.tags),
                    account,
                    region,
                    cidrs,
                    dns_support: true,
                    dns_hostnames: v.is_default,
                    ..doc::Vpc::default()
                },
            );
        }
    }

    fn subnets(&mut self) {
        let c = self.c;
        let az_types: HashMap<&str, &str> = c
            .availability_zones
            .iter()
            .filter_map(|z| {
                z.v.zone_type
                    .as_deref()
                    .map(|t| (z.v.zone_name.as_str(), t))
            })
            .collect();
        let mut zone_regions: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        for x in dedup(&c.subnets, |s| &s.subnet_id, self.r, "subnet") {
            let s = &x.v;
            let Some(vpc) = self.vpcs.get(&s.vpc_id) else {
                self.r
                    .skip("subnets of VPCs not captured", s.subnet_id.clone());
                continue;
            };
            let Some(cidr) = s.cidr_block.as_deref().and_then(cidr4) else {
                self.r.skip("IPv6-only subnets", s.subnet_id.clone());
                continue;
            };
            if s.outpost_arn.is_some() {
                self.r.skip("Outposts subnets", s.subnet_id.clone());
                continue;
            }
            let zone = s.availability_zone.clone().unwrap_or_default();
            let zt = az_types
                .get(zone.as_str())
                .copied()
                .unwrap_or("availability-zone");
            if zt != "availability-zone" || zone_region(&zone).is_none() {
                self.r.skip(
                    "Local Zone and Wavelength Zone subnets",
                    s.subnet_id.clone(),
                );
                continue;
            }
            let inside = vpc
                .cidrs
                .iter()
                .filter_map(|c| cidr4(c))
                .any(|v| v.contains(&cidr));
            if !inside {
                self.r.skip(
                    "subnets outside their VPC's captured IPv4 CIDRs",
                    s.subnet_id.clone(),
                );
                continue;
            }
            if !self.claim(&s.subnet_id, "subnets") {
                continue;
            }
            if let Some(r) = zone_region(&zone) {
                *zone_regions
                    .entry(s.vpc_id.clone())
                    .or_default()
                    .entry(r.to_string())
                    .or_default() += 1;
            }
            self.subnet_vpc
                .insert(s.subnet_id.clone(), s.vpc_id.clone());
            self.subnet_cidr.insert(s.subnet_id.clone(), cidr);
            let vpc = self.vpcs.get_mut(&s.vpc_id).expect("checked");
            vpc.subnets.push(doc::Subnet {
                id: s.subnet_id.clone(),
                name: name_tag(&s.tags),
                zone,
                cidr: cidr.to_string(),
                route_table: None,
                network_acl: None,
            });
        }
        // A VPC's region: where its subnets are, else its capture folder's.
        for (id, v) in self.vpcs.iter_mut() {
            if let Some(m) = zone_regions.get(id)
                && let Some((r, _)) = m.iter().max_by_key(|(_, n)| **n)
            {
                v.region = r.clone();
            }
            if v.region.is_empty() {
                self.r
                    .infer(format!("{id}: region not captured; us-east-1 assumed"));
                v.region = "us-east-1".to_string();
            }
        }
    }

    /// AZ name -> AZ ID per account, from describe-availability-zones and the subnets'
    /// `AvailabilityZoneId`; names no capture maps are given AWS's default order and listed.
    fn zones(&mut self) {
        let c = self.c;
        for z in &c.availability_zones {
            let zt = z.v.zone_type.as_deref().unwrap_or("availability-zone");
            if zt != "availability-zone" || zone_region(&z.v.zone_name).is_none() {
                self.r.skip(
                    "Local Zones and Wavelength Zones (describe-availability-zones)",
                    z.v.zone_name.clone(),
                );
                continue;
            }
            let (Some(acct), Some(id)) = (self.acct(z.ctx), z.v.zone_id.clone()) else {
                continue;
            };
            self.add_zone(&acct, &z.v.zone_name, &id);
        }
        let subnet_owner: HashMap<&str, Option<&String>> = c
            .subnets
            .iter()
            .map(|s| (s.v.subnet_id.as_str(), s.v.owner_id.as_ref()))
            .collect();
        let subnet_zone_id: HashMap<&str, &String> = c
            .subnets
            .iter()
            .filter_map(|s| {
                s.v.availability_zone_id
                    .as_ref()
                    .map(|z| (s.v.subnet_id.as_str(), z))
            })
            .collect();
        let mut needed: Vec<(String, String, String)> = Vec::new(); // (account, zone, subnet)
        for v in self.vpcs.values() {
            for s in &v.subnets {
                let acct = subnet_owner
                    .get(s.id.as_str())
                    .copied()
                    .flatten()
                    .filter(|a| is_account_id(a))
                    .cloned()
                    .unwrap_or_else(|| v.account.clone());
                // A subnet shared through RAM is seen by its owner; zones follow the VPC's account.
                let acct = if acct == v.account {
                    acct
                } else {
                    v.account.clone()
                };
                if let Some(id) = subnet_zone_id.get(s.id.as_str()) {
                    needed.push((acct.clone(), s.zone.clone(), (*id).clone()));
                } else {
                    needed.push((acct, s.zone.clone(), String::new()));
                }
            }
        }
        for (acct, zone, id) in &needed {
            if !id.is_empty() {
                self.add_zone(acct, zone, id);
            }
        }
        let mut uncaptured: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (acct, zone, _) in &needed {
            let known = self.zones.get(acct).is_some_and(|m| m.contains_key(zone));
            if known {
                continue;
            }
            if !self.zones_captured.contains(acct) {
                uncaptured
                    .entry(acct.clone())
                    .or_default()
                    .insert(zone.clone());
                continue;
            }
            let region = zone_region(zone).unwrap_or_default();
            let letter = zone.chars().last().unwrap_or('a');
            if let Some(abbr) = region_abbr(region) {
                let id = format!("{abbr}-az{}", (letter as u8).saturating_sub(b'a') + 1);
                self.r.infer(format!("account {acct}: AZ ID of {zone} not captured; {id} assumed (AWS's default order)"));
                self.zones
                    .entry(acct.clone())
                    .or_default()
                    .insert(zone.clone(), id);
            }
        }
        for (acct, zones) in uncaptured {
            let list: Vec<String> = zones.into_iter().collect();
            self.r.infer(format!(
                "account {acct}: AZ IDs not captured (describe-availability-zones); AWS's default order assumed for {}",
                list.join(", ")
            ));
        }
    }

    fn add_zone(&mut self, acct: &str, name: &str, id: &str) {
        let m = self.zones.entry(acct.to_string()).or_default();
        match m.get(name) {
            Some(prev) if prev != id => {
                let msg = format!(
                    "account {acct}: {name} maps to both {prev} and {id} in the captures; {prev} kept"
                );
                self.r.note(msg);
            }
            Some(_) => {}
            None => {
                m.insert(name.to_string(), id.to_string());
            }
        }
        self.zones_captured.insert(acct.to_string());
    }

    fn network_acls(&mut self) {
        let c = self.c;
        for x in dedup(
            &c.network_acls,
            |a| &a.network_acl_id,
            self.r,
            "network ACL",
        ) {
            let a = &x.v;
            if !self.vpcs.contains_key(&a.vpc_id) {
                self.r.skip(
                    "network ACLs of VPCs not captured",
                    a.network_acl_id.clone(),
                );
                continue;
            }
            if !self.claim(&a.network_acl_id, "network ACLs") {
                continue;
            }
            let mut inbound = Vec::new();
            let mut outbound = Vec::new();
            let mut seen: HashSet<(bool, i64)> = HashSet::new();
            for e in &a.entries {
                if e.rule_number >= 32767 {
                    continue; // the implicit `*` deny, which the model always has
                }
                if e.ipv6_cidr_block.is_some() && e.cidr_block.is_none() {
                    self.r
                        .skip("IPv6 network ACL entries", a.network_acl_id.clone());
                    continue;
                }
                let Some(cidr) = e.cidr_block.as_deref().and_then(cidr4) else {
                    self.r.skip(
                        "network ACL entries without an IPv4 CIDR",
                        a.network_acl_id.clone(),
                    );
                    continue;
                };
                if e.rule_number < 1 || !seen.insert((e.egress, e.rule_number)) {
                    self.r.skip(
                        "network ACL entries with an invalid or repeated rule number",
                        a.network_acl_id.clone(),
                    );
                    continue;
                }
                let Some(proto) = protocol(&e.protocol) else {
                    self.r.skip(
                        "network ACL entries for protocols other than TCP, UDP, ICMP (not traced)",
                        format!("{} rule {}", a.network_acl_id, e.rule_number),
                    );
                    continue;
                };
                let ports = if matches!(proto, "tcp" | "udp") {
                    e.port_range.as_ref().and_then(|p| ports(p.from, p.to))
                } else {
                    None
                };
                let rule = doc::AclRule {
                    rule: e.rule_number as u32,
                    protocol: proto.to_string(),
                    ports,
                    cidr: cidr.to_string(),
                    allow: e.rule_action.eq_ignore_ascii_case("allow"),
                };
                if e.egress {
                    outbound.push(rule)
                } else {
                    inbound.push(rule)
                }
            }
            inbound.sort_by_key(|r| r.rule);
            outbound.sort_by_key(|r| r.rule);
            if !a.is_default {
                for s in &a.associations {
                    if let Some(sid) = &s.subnet_id
                        && let Some(vpc) = self.vpcs.get_mut(&a.vpc_id)
                        && let Some(sub) = vpc.subnets.iter_mut().find(|x| &x.id == sid)
                    {
                        sub.network_acl = Some(a.network_acl_id.clone());
                    }
                }
            }
            let vpc = self.vpcs.get_mut(&a.vpc_id).expect("checked");
            if a.is_default && vpc.network_acls.iter().any(|n| n.default) {
                self.r.note(format!(
                    "{}: a second default network ACL in {}; marked non-default",
                    a.network_acl_id, a.vpc_id
                ));
            }
            let default = a.is_default && !vpc.network_acls.iter().any(|n| n.default);
            vpc.network_acls.push(doc::NetworkAcl {
                id: a.network_acl_id.clone(),
                name: name_tag(&a.tags),
                default,
                inbound,
                outbound,
            });
        }
    }

    fn security_groups(&mut self) {
        let c = self.c;
        let groups = dedup(
            &c.security_groups,
            |g| &g.group_id,
            self.r,
            "security group",
        );
        let mut kept = Vec::new();
        for x in groups {
            let g = &x.v;
            match g.vpc_id.as_deref() {
                Some(v) if self.vpcs.contains_key(v) => {}
                Some(_) => {
                    self.r
                        .skip("security groups of VPCs not captured", g.group_id.clone());
                    continue;
                }
                None => {
                    self.r
                        .skip("EC2-Classic security groups (no VPC)", g.group_id.clone());
                    continue;
                }
            }
            if !self.claim(&g.group_id, "security groups") {
                continue;
            }
            self.sg_ids.insert(g.group_id.clone());
            kept.push(x);
        }
        for x in kept {
            let g = &x.v;
            let inbound = self.sg_rules(&g.group_id, &g.ip_permissions);
            let outbound = self.sg_rules(&g.group_id, &g.ip_permissions_egress);
            let name =
                name_tag(&g.tags).or_else(|| Some(g.group_name.clone()).filter(|n| !n.is_empty()));
            let is_default = g.group_name == "default";
            let vpc = self
                .vpcs
                .get_mut(g.vpc_id.as_deref().unwrap_or_default())
                .expect("checked");
            let default =
                if is_default && !vpc.security_groups.iter().any(|s| s.default == Some(true)) {
                    Some(true)
                } else if name.as_deref() == Some("default") {
                    Some(false)
                } else {
                    None
                };
            vpc.security_groups.push(doc::SecurityGroup {
                id: g.group_id.clone(),
                name,
                default,
                inbound,
                outbound,
            });
        }
    }

    fn sg_rules(&mut self, owner: &str, perms: &[aws::IpPermission]) -> Vec<doc::SgRule> {
        let mut out = Vec::new();
        for p in perms {
            if is_icmpv6(&p.ip_protocol) {
                self.r.skip("ICMPv6 security group rules", owner);
                continue;
            }
            let Some(proto) = protocol(&p.ip_protocol) else {
                self.r.skip(
                    "security group rules for protocols other than TCP, UDP, ICMP (not traced)",
                    owner,
                );
                continue;
            };
            let ports = if matches!(proto, "tcp" | "udp") {
                ports(p.from_port, p.to_port)
            } else {
                None
            };
            if proto == "icmp" && p.from_port.is_some_and(|f| f >= 0) {
                self.r.skip(
                    "ICMP type/code limits of security group rules (the rule is kept for all ICMP)",
                    owner,
                );
            }
            let rule = |peer: String, description: &Option<String>| doc::SgRule {
                protocol: proto.to_string(),
                ports: ports.clone(),
                peer,
                description: description.clone().filter(|d| !d.is_empty()),
            };
            for r in &p.ip_ranges {
                match cidr4(&r.cidr_ip) {
                    Some(n) => out.push(rule(n.to_string(), &r.description)),
                    None => self
                        .r
                        .skip("security group rules with an unreadable CIDR", owner),
                }
            }
            if !p.ipv6_ranges.is_empty() {
                self.r
                    .skip_n("IPv6 security group rules", p.ipv6_ranges.len(), owner);
            }
            for pl in &p.prefix_list_ids {
                if self.pl_known(&pl.prefix_list_id) {
                    out.push(rule(pl.prefix_list_id.clone(), &pl.description));
                } else {
                    self.r.skip(
                        "security group rules naming prefix lists not captured (describe-prefix-lists / get-managed-prefix-list-entries)",
                        format!("{owner} -> {}", pl.prefix_list_id),
                    );
                }
            }
            for g in &p.user_id_group_pairs {
                match &g.group_id {
                    Some(id) if self.sg_ids.contains(id) => out.push(rule(id.clone(), &g.description)),
                    Some(id) => self.r.skip(
                        "security group rules referencing groups not captured (other accounts or VPCs)",
                        format!("{owner} -> {id}"),
                    ),
                    None => self.r.skip("security group rules referencing groups by name only", owner),
                }
            }
        }
        out
    }

    fn gateways(&mut self) {
        let c = self.c;
        for x in dedup(
            &c.internet_gateways,
            |g| &g.internet_gateway_id,
            self.r,
            "internet gateway",
        ) {
            let g = &x.v;
            let attached: Vec<&aws::GatewayAttachment> = g
                .attachments
                .iter()
                .filter(|a| {
                    matches!(
                        a.state.as_deref(),
                        None | Some("available" | "attached" | "attaching")
                    )
                })
                .collect();
            let Some(att) = attached.iter().find(|a| self.vpcs.contains_key(&a.vpc_id)) else {
                self.r.skip(
                    "internet gateways not attached to a captured VPC",
                    g.internet_gateway_id.clone(),
                );
                continue;
            };
            let vpc = att.vpc_id.clone();
            self.add_gateway(
                &vpc,
                &g.internet_gateway_id,
                name_tag(&g.tags),
                "internet",
                None,
                None,
                None,
            );
        }
        for x in dedup(
            &c.vpn_gateways,
            |g| &g.vpn_gateway_id,
            self.r,
            "VPN gateway",
        ) {
            let g = &x.v;
            let Some(att) = g.vpc_attachments.iter().find(|a| {
                matches!(a.state.as_deref(), None | Some("attached" | "attaching"))
                    && self.vpcs.contains_key(&a.vpc_id)
            }) else {
                self.r.skip(
                    "VPN gateways not attached to a captured VPC",
                    g.vpn_gateway_id.clone(),
                );
                continue;
            };
            let vpc = att.vpc_id.clone();
            self.add_gateway(
                &vpc,
                &g.vpn_gateway_id,
                name_tag(&g.tags),
                "vpn",
                None,
                None,
                None,
            );
        }
        for x in dedup(
            &c.nat_gateways,
            |g| &g.nat_gateway_id,
            self.r,
            "NAT gateway",
        ) {
            let g = &x.v;
            if matches!(g.state.as_deref(), Some("deleted" | "failed" | "deleting")) {
                // Kept aside: a blackhole route may still name it.
                self.gone_nats.insert(
                    g.nat_gateway_id.clone(),
                    (g.vpc_id.clone(), g.subnet_id.clone(), name_tag(&g.tags)),
                );
                continue;
            }
            let subnet = g.subnet_id.clone().unwrap_or_default();
            if self.subnet_vpc.get(&subnet) != Some(&g.vpc_id) {
                self.r.skip(
                    "NAT gateways in subnets not captured",
                    g.nat_gateway_id.clone(),
                );
                continue;
            }
            let primary = g
                .nat_gateway_addresses
                .iter()
                .find(|a| a.is_primary.unwrap_or(true))
                .or_else(|| g.nat_gateway_addresses.first());
            let ip = primary
                .and_then(|a| a.private_ip.as_deref())
                .and_then(ipv4)
                .filter(|ip| {
                    self.subnet_cidr
                        .get(&subnet)
                        .is_some_and(|n| n.contains(ip))
                })
                .filter(|ip| self.used_ips.insert((g.vpc_id.clone(), *ip)))
                .map(|ip| ip.to_string());
            let public_ip = if g.connectivity_type.as_deref() == Some("private") {
                None
            } else {
                primary
                    .and_then(|a| a.public_ip.as_deref())
                    .and_then(ipv4)
                    .map(|ip| ip.to_string())
            };
            self.add_gateway(
                &g.vpc_id.clone(),
                &g.nat_gateway_id,
                name_tag(&g.tags),
                "nat",
                Some(subnet),
                ip,
                public_ip,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_gateway(
        &mut self,
        vpc: &str,
        id: &str,
        name: Option<String>,
        kind: &str,
        subnet: Option<String>,
        ip: Option<String>,
        public_ip: Option<String>,
    ) -> bool {
        if !self.claim(id, "gateways") {
            return false;
        }
        self.gateway_vpc.insert(id.to_string(), vpc.to_string());
        self.vpcs
            .get_mut(vpc)
            .expect("captured VPC")
            .gateways
            .push(doc::Gateway {
                id: id.to_string(),
                name,
                kind: kind.to_string(),
                subnet,
                ip,
                public_ip,
            });
        true
    }

    fn peerings(&mut self) {
        let c = self.c;
        for x in dedup(
            &c.peerings,
            |p| &p.vpc_peering_connection_id,
            self.r,
            "peering connection",
        ) {
            let p = &x.v;
            let id = &p.vpc_peering_connection_id;
            let state = p
                .status
                .as_ref()
                .and_then(|s| s.code_str())
                .unwrap_or_else(|| "active".into());
            if matches!(
                state.as_str(),
                "deleted" | "rejected" | "expired" | "failed"
            ) {
                self.r.skip(
                    "peering connections that are deleted, rejected, expired or failed",
                    id.clone(),
                );
                continue;
            }
            let (Some(req), Some(acc)) = (&p.requester_vpc_info, &p.accepter_vpc_info) else {
                self.r
                    .skip("peering connections without both VPCs", id.clone());
                continue;
            };
            let (Some(rv), Some(av)) = (req.vpc_id.clone(), acc.vpc_id.clone()) else {
                self.r
                    .skip("peering connections without both VPCs", id.clone());
                continue;
            };
            let (home, peer, peer_info) = if self.vpcs.contains_key(&rv) {
                (rv, av, acc)
            } else if self.vpcs.contains_key(&av) {
                (av, rv, req)
            } else {
                self.r
                    .skip("peering connections between VPCs not captured", id.clone());
                continue;
            };
            if !self.vpcs.contains_key(&peer) && !self.stub_vpc(&peer, peer_info, id) {
                self.r.skip(
                    "peering connections to VPCs whose CIDR is unknown",
                    id.clone(),
                );
                continue;
            }
            if !self.claim(id, "peering connections") {
                continue;
            }
            self.peering_ids.insert(id.clone());
            self.vpcs
                .get_mut(&home)
                .expect("checked")
                .peerings
                .push(doc::Peering {
                    id: id.clone(),
                    name: name_tag(&p.tags),
                    peer_vpc: peer,
                    state: (state != "active").then_some(state),
                });
        }
    }

    /// A VPC known only as the other side of a peering connection: its CIDRs and owner.
    fn stub_vpc(&mut self, id: &str, info: &aws::PeeringVpcInfo, pcx: &str) -> bool {
        let mut cidrs: Vec<String> = info
            .cidr_block_set
            .iter()
            .filter_map(|c| c.cidr_block.as_deref().and_then(cidr4))
            .map(|n| n.to_string())
            .collect();
        if cidrs.is_empty()
            && let Some(n) = info.cidr_block.as_deref().and_then(cidr4)
        {
            cidrs.push(n.to_string());
        }
        if cidrs.is_empty() || !self.claim(id, "VPCs") {
            return false;
        }
        let account = info
            .owner_id
            .clone()
            .filter(|a| is_account_id(a))
            .unwrap_or_else(|| PLACEHOLDER_ACCOUNT.into());
        let region = info
            .region
            .clone()
            .filter(|r| is_region(r))
            .unwrap_or_default();
        self.r.infer(format!(
            "{id}: not captured; written as the peer of {pcx} with only its CIDRs (no subnets, so traffic into it stops there)"
        ));
        self.vpcs.insert(
            id.to_string(),
            doc::Vpc {
                id: id.to_string(),
                name: Some("peer VPC (not captured)".into()),
                account,
                region,
                cidrs,
                dns_support: true,
                dns_hostnames: false,
                ..doc::Vpc::default()
            },
        );
        self.vpc_is_default.insert(id.to_string(), false);
        true
    }

    fn roles(&self) -> HashMap<String, String> {
        let mut m = HashMap::new();
        for p in &self.c.instance_profiles {
            if let Some(role) = p.v.roles.first() {
                m.insert(p.v.arn.clone(), role.arn.clone());
                m.insert(p.v.instance_profile_name.clone(), role.arn.clone());
            }
        }
        m
    }

    fn instances(&mut self) {
        let c = self.c;
        let roles = self.roles();
        let profiles_captured = !c.instance_profiles.is_empty();
        let insts = dedup(&c.instances, |i| &i.1.instance_id, self.r, "instance");
        let captured: HashSet<&str> = insts.iter().map(|i| i.v.1.instance_id.as_str()).collect();
        for x in &insts {
            let i = &x.v.1;
            let state = i
                .state
                .as_ref()
                .and_then(|s| s.name.clone())
                .unwrap_or_default();
            if matches!(state.as_str(), "terminated" | "shutting-down") {
                self.r.skip("terminated instances", i.instance_id.clone());
                continue;
            }
            let Some(subnet) = i
                .subnet_id
                .clone()
                .filter(|s| self.subnet_vpc.contains_key(s))
            else {
                self.r
                    .skip("instances in subnets not captured", i.instance_id.clone());
                continue;
            };
            let groups: Vec<String> = i
                .security_groups
                .iter()
                .map(|g| g.group_id.clone())
                .collect();
            // The role comes from the profile's description (iam list-instance-profiles); a
            // profile's name need not be its role's, so it is never guessed.
            let role = i.iam_instance_profile.as_ref().and_then(|p| {
                let name = p.arn.rsplit('/').next().unwrap_or_default().to_string();
                let role = roles.get(&p.arn).or_else(|| roles.get(&name)).cloned();
                if role.is_none() {
                    let kind = if profiles_captured {
                        "instance roles not derivable (profile not in iam list-instance-profiles)"
                    } else {
                        "instance roles not derivable (iam list-instance-profiles not captured)"
                    };
                    self.r.skip(kind, format!("{} ({name})", i.instance_id));
                }
                role
            });
            let extra = i.network_interfaces.len().saturating_sub(1);
            if extra > 0 {
                self.r.skip_n(
                    "secondary network interfaces of instances (the primary address is used)",
                    extra,
                    i.instance_id.clone(),
                );
            }
            for n in &i.network_interfaces {
                self.eni_instance
                    .insert(n.network_interface_id.clone(), i.instance_id.clone());
            }
            self.add_instance(
                &i.instance_id,
                name_tag(&i.tags),
                &subnet,
                i.private_ip_address.as_deref(),
                groups,
                i.public_ip_address.as_deref(),
                role,
            );
        }
        // Interfaces: instances describe-instances did not list, and other ENI-owning things
        // (Lambda, EFS, RDS, ...) as sources and destinations.
        let enis = dedup(
            &c.network_interfaces,
            |n| &n.network_interface_id,
            self.r,
            "network interface",
        );
        let endpoint_enis: HashSet<&str> = c
            .vpc_endpoints
            .iter()
            .flat_map(|e| e.v.network_interface_ids.iter().map(String::as_str))
            .chain(
                c.instance_connect_endpoints
                    .iter()
                    .flat_map(|e| e.v.network_interface_ids.iter().map(String::as_str)),
            )
            .collect();
        let mut from_enis = 0usize;
        for x in enis {
            let n = &x.v;
            if endpoint_enis.contains(n.network_interface_id.as_str()) {
                continue;
            }
            let itype = n.interface_type.as_deref().unwrap_or("interface");
            let desc = n.description.clone().unwrap_or_default();
            let managed_desc = [
                "ELB ",
                "VPC Endpoint Interface",
                "Interface for NAT Gateway",
                "EC2 Instance Connect Endpoint",
            ]
            .iter()
            .any(|p| desc.starts_with(p));
            if !matches!(itype, "interface" | "lambda" | "efs" | "branch") || managed_desc {
                continue; // load balancer nodes, NAT gateways, endpoints: modelled by their owners
            }
            let attached_to = n.attachment.as_ref().and_then(|a| a.instance_id.clone());
            if let Some(iid) = &attached_to {
                if captured.contains(iid.as_str()) || self.instance_ids.contains(iid) {
                    if !self.eni_instance.contains_key(&n.network_interface_id) {
                        self.r.skip("secondary network interfaces of instances (the primary address is used)", iid.clone());
                    }
                    self.eni_instance
                        .insert(n.network_interface_id.clone(), iid.clone());
                    continue;
                }
                if n.attachment
                    .as_ref()
                    .and_then(|a| a.device_index)
                    .unwrap_or(0)
                    != 0
                {
                    self.r.skip(
                        "secondary network interfaces of instances (the primary address is used)",
                        iid.clone(),
                    );
                    continue;
                }
            }
            let Some(subnet) = n
                .subnet_id
                .clone()
                .filter(|s| self.subnet_vpc.contains_key(s))
            else {
                self.r.skip(
                    "network interfaces in subnets not captured",
                    n.network_interface_id.clone(),
                );
                continue;
            };
            let id = attached_to
                .clone()
                .unwrap_or_else(|| n.network_interface_id.clone());
            let name = name_tag(&n.tag_set).or_else(|| {
                let d = desc.trim();
                let short: String = d.chars().take(60).collect();
                match d.chars().count() {
                    0 => None,
                    n if n > 60 => Some(format!("{short}…")),
                    _ => Some(short),
                }
            });
            let groups = n.groups.iter().map(|g| g.group_id.clone()).collect();
            let public = n.association.as_ref().and_then(|a| a.public_ip.clone());
            if self.add_instance(
                &id,
                name,
                &subnet,
                n.private_ip_address.as_deref(),
                groups,
                public.as_deref(),
                None,
            ) {
                self.eni_instance
                    .insert(n.network_interface_id.clone(), id.clone());
                from_enis += 1;
            }
        }
        if from_enis > 0 {
            self.r.note(format!(
                "{from_enis} instance(s) built from network interfaces (describe-network-interfaces): instances describe-instances did not list, and other interface owners (Lambda, EFS, RDS, ...)"
            ));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_instance(
        &mut self,
        id: &str,
        name: Option<String>,
        subnet: &str,
        ip: Option<&str>,
        groups: Vec<String>,
        public_ip: Option<&str>,
        role: Option<String>,
    ) -> bool {
        if !self.claim(id, "instances") {
            return false;
        }
        let vpc = self.subnet_vpc[subnet].clone();
        let ip = self.own_ip(&vpc, subnet, ip, id);
        let mut kept = Vec::new();
        for g in groups {
            if self.sg_ids.contains(&g) {
                kept.push(g);
            } else {
                self.r.skip(
                    "security group references to groups not captured",
                    format!("{id} -> {g}"),
                );
            }
        }
        let security_groups = if kept.is_empty() { None } else { Some(kept) };
        self.instance_ids.insert(id.to_string());
        self.vpcs
            .get_mut(&vpc)
            .expect("subnet's VPC")
            .instances
            .push(doc::Instance {
                id: id.to_string(),
                name,
                subnet: subnet.to_string(),
                ip,
                security_groups,
                public_ip: public_ip.and_then(ipv4).map(|i| i.to_string()),
                role,
            });
        true
    }

    /// An interface's address, if it is an IPv4 address inside its subnet not already taken.
    fn own_ip(&mut self, vpc: &str, subnet: &str, ip: Option<&str>, owner: &str) -> Option<String> {
        let raw = ip?;
        let Some(addr) = ipv4(raw) else {
            self.r.skip("IPv6 or unreadable interface addresses", owner);
            return None;
        };
        if !self
            .subnet_cidr
            .get(subnet)
            .is_some_and(|n| n.contains(&addr))
        {
            self.r.note(format!(
                "{owner}: address {addr} is outside subnet {subnet}; left to the loader"
            ));
            return None;
        }
        if !self.used_ips.insert((vpc.to_string(), addr)) {
            self.r.note(format!(
                "{owner}: address {addr} is already used in {vpc}; left to the loader"
            ));
            return None;
        }
        Some(addr.to_string())
    }

    fn endpoints(&mut self) {
        let c = self.c;
        let eni_by_id: HashMap<&str, &aws::NetworkInterface> = c
            .network_interfaces
            .iter()
            .map(|n| (n.v.network_interface_id.as_str(), &n.v))
            .collect();
        let svc_configs: HashSet<String> = c
            .service_configurations
            .iter()
            .filter_map(|s| s.v.service_name.clone())
            .collect();
        for x in dedup(
            &c.vpc_endpoints,
            |e| &e.vpc_endpoint_id,
            self.r,
            "VPC endpoint",
        ) {
            let e = &x.v;
            let id = e.vpc_endpoint_id.clone();
            let kind = match e.vpc_endpoint_type.to_ascii_lowercase().as_str() {
                "gateway" => "gateway",
                "interface" => "interface",
                "gatewayloadbalancer" => {
                    self.r.skip("Gateway Load Balancer endpoints", id);
                    continue;
                }
                other => {
                    self.r.skip(
                        &format!("{other} endpoints (VPC Lattice and other types)"),
                        id,
                    );
                    continue;
                }
            };
            let state = e.state.clone().unwrap_or_else(|| "available".into());
            if matches!(state.to_ascii_lowercase().as_str(), "deleted" | "deleting") {
                self.r.skip("deleted endpoints", id);
                continue;
            }
            if !self.vpcs.contains_key(&e.vpc_id) {
                self.r.skip("endpoints in VPCs not captured", id);
                continue;
            }
            if e.ip_address_type.as_deref() == Some("ipv6") {
                self.r.skip("IPv6-only endpoints", id);
                continue;
            }
            if !e.service_name.starts_with("com.amazonaws.") {
                self.r.skip("endpoints to services named outside com.amazonaws.* (not in the model's naming)", id);
                continue;
            }
            if e.service_name.starts_with("com.amazonaws.vpce.")
                && !svc_configs.contains(&e.service_name)
            {
                self.r.note(format!(
                    "{id}: connects to endpoint service {} whose provider side was not captured; it loads as an unknown service",
                    e.service_name
                ));
            }
            let mut ep = doc::Endpoint {
                id: id.clone(),
                name: name_tag(&e.tags),
                kind: kind.to_string(),
                service: Some(e.service_name.clone()),
                ..doc::Endpoint::default()
            };
            let sub_ok = |b: &Self, s: &String| b.subnet_vpc.get(s) == Some(&e.vpc_id);
            if kind == "interface" {
                for s in &e.subnet_ids {
                    if sub_ok(self, s) {
                        ep.subnets.push(s.clone());
                    } else {
                        self.r
                            .skip("endpoint subnets not captured", format!("{id} -> {s}"));
                    }
                }
                if ep.subnets.is_empty() {
                    self.r.skip(
                        "interface endpoints none of whose subnets were captured",
                        id,
                    );
                    continue;
                }
                for n in &e.network_interface_ids {
                    match eni_by_id.get(n.as_str()) {
                        Some(eni) => {
                            let Some(sub) = eni.subnet_id.clone().filter(|s| ep.subnets.contains(s)) else {
                                continue;
                            };
                            if let Some(ip) = self.own_ip(&e.vpc_id, &sub, eni.private_ip_address.as_deref(), &id) {
                                ep.ips.insert(sub, ip);
                            }
                        }
                        None => self.r.infer(format!(
                            "{id}: address of interface {n} not captured (describe-network-interfaces); the loader picks one"
                        )),
                    }
                }
                let groups: Vec<String> = e.groups.iter().map(|g| g.group_id.clone()).collect();
                ep.security_groups = self.keep_groups(&id, groups);
                ep.private_dns = Some(e.private_dns_enabled.unwrap_or(false));
                if e.service_name.ends_with(".s3") && ep.private_dns == Some(true) {
                    ep.private_dns_only_for_inbound_resolver = e
                        .dns_options
                        .as_ref()
                        .and_then(|d| d.private_dns_only_for_inbound_resolver_endpoint);
                }
            } else {
                for t in &e.route_table_ids {
                    ep.route_tables.push(t.clone()); // checked against captured tables in route_tables()
                }
            }
            if let Some(doc_text) = &e.policy_document
                && !e.service_name.starts_with("com.amazonaws.vpce.")
            {
                ep.policy = self.policy(doc_text, &id);
            }
            let lower = state.to_ascii_lowercase();
            if lower != "available" {
                ep.state = Some(state.clone());
            }
            for d in &e.dns_entries {
                let n = dns_name(&d.dns_name);
                if n.contains(".vpce.amazonaws.com") || n.starts_with(&format!("{id}-")) {
                    // The regional name is `<id>-<suffix>.<service>...`: keep AWS's suffix.
                    if ep.dns_suffix.is_none()
                        && let Some(rest) = n.strip_prefix(&format!("{id}-"))
                        && let Some(label) = rest.split('.').next()
                        && !label.is_empty()
                        && label.chars().all(|c| c.is_ascii_alphanumeric())
                    {
                        ep.dns_suffix = Some(label.to_string());
                    }
                    self.endpoint_dns.insert(n, id.clone());
                }
            }
            if !self.claim(&id, "endpoints") {
                continue;
            }
            self.endpoint_vpc.insert(id.clone(), e.vpc_id.clone());
            self.vpcs
                .get_mut(&e.vpc_id)
                .expect("checked")
                .endpoints
                .push(ep);
        }
        for x in dedup(
            &c.instance_connect_endpoints,
            |e| &e.instance_connect_endpoint_id,
            self.r,
            "instance connect endpoint",
        ) {
            let e = &x.v;
            let id = e.instance_connect_endpoint_id.clone();
            if matches!(
                e.state.as_deref(),
                Some("delete-complete" | "delete-in-progress" | "create-failed" | "delete-failed")
            ) {
                self.r
                    .skip("deleted or failed instance connect endpoints", id);
                continue;
            }
            if self.subnet_vpc.get(&e.subnet_id) != Some(&e.vpc_id) {
                self.r
                    .skip("instance connect endpoints in subnets not captured", id);
                continue;
            }
            let ip = e
                .network_interface_ids
                .iter()
                .filter_map(|n| eni_by_id.get(n.as_str()))
                .find_map(|eni| eni.private_ip_address.clone());
            let ip = self.own_ip(&e.vpc_id, &e.subnet_id, ip.as_deref(), &id);
            let security_groups = self.keep_groups(&id, e.security_group_ids.clone());
            if !self.claim(&id, "endpoints") {
                continue;
            }
            self.endpoint_vpc.insert(id.clone(), e.vpc_id.clone());
            self.vpcs
                .get_mut(&e.vpc_id)
                .expect("checked")
                .endpoints
                .push(doc::Endpoint {
                    id,
                    name: name_tag(&e.tags),
                    kind: "instance-connect".into(),
                    subnet: Some(e.subnet_id.clone()),
                    ip,
                    security_groups,
                    preserve_client_ip: Some(e.preserve_client_ip.unwrap_or(false)),
                    ..doc::Endpoint::default()
                });
        }
    }

    /// Groups that were captured; None (the VPC's default group) when none was.
    fn keep_groups(&mut self, owner: &str, groups: Vec<String>) -> Option<Vec<String>> {
        let mut kept = Vec::new();
        for g in groups {
            if self.sg_ids.contains(&g) {
                kept.push(g);
            } else {
                self.r.skip(
                    "security group references to groups not captured",
                    format!("{owner} -> {g}"),
                );
            }
        }
        if kept.is_empty() { None } else { Some(kept) }
    }

    /// A policy document string -> an inline policy; None for the default full-access policy.
    fn policy(&mut self, text: &str, owner: &str) -> Option<Value> {
        let v: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.r.skip(
                    "policies that are not valid JSON (full access assumed)",
                    format!("{owner}: {e}"),
                );
                return None;
            }
        };
        if is_default_policy(&v) {
            return None;
        }
        if let Err(e) = crate::policy::parse_value(&v) {
            self.r.skip(
                "policies linkscope cannot read (full access assumed)",
                format!("{owner}: {}", e.message),
            );
            return None;
        }
        Some(v)
    }

    fn route_tables(&mut self) {
        let c = self.c;
        let tables = dedup(
            &c.route_tables,
            |t| &t.route_table_id,
            self.r,
            "route table",
        );
        // Transit gateways: one gateway object per VPC that routes to it.
        let mut tgw_vpcs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for t in &tables {
            for r in &t.v.routes {
                if let Some(tgw) = &r.transit_gateway_id {
                    tgw_vpcs
                        .entry(tgw.clone())
                        .or_default()
                        .insert(t.v.vpc_id.clone());
                }
            }
        }
        for g in &c.transit_gateways {
            if let Some(n) = name_tag(&g.v.tags) {
                self.tgw_names
                    .entry(g.v.transit_gateway_id.clone())
                    .or_insert(n);
            }
        }
        let mut tgw_ids: HashMap<(String, String), String> = HashMap::new();
        for (tgw, vpcs) in &tgw_vpcs {
            for v in vpcs {
                let id = if vpcs.len() == 1 {
                    tgw.clone()
                } else {
                    format!("{tgw}/{v}")
                };
                tgw_ids.insert((tgw.clone(), v.clone()), id);
            }
            if vpcs.len() > 1 {
                self.r.note(format!(
                    "transit gateway {tgw} is used by {} VPCs; each gets its own gateway `{tgw}/<vpc-id>` (model ids are unique per file)",
                    vpcs.len()
                ));
            }
        }
        let mut kept: Vec<&At<aws::RouteTable>> = Vec::new();
        for t in tables {
            if !self.vpcs.contains_key(&t.v.vpc_id) {
                self.r.skip(
                    "route tables of VPCs not captured",
                    t.v.route_table_id.clone(),
                );
                continue;
            }
            if !self.claim(&t.v.route_table_id, "route tables") {
                continue;
            }
            kept.push(t);
        }
        let table_ids: HashSet<String> = kept.iter().map(|t| t.v.route_table_id.clone()).collect();
        // Gateway endpoint associations named by the endpoint.
        for v in self.vpcs.values_mut() {
            for e in v.endpoints.iter_mut().filter(|e| e.kind == "gateway") {
                let before = e.route_tables.len();
                e.route_tables.retain(|t| table_ids.contains(t));
                let dropped = before - e.route_tables.len();
                if dropped > 0 {
                    self.r.skip_n(
                        "gateway endpoint route tables not captured",
                        dropped,
                        e.id.clone(),
                    );
                }
            }
        }
        for t in kept {
            let t = &t.v;
            let vpc_id = t.vpc_id.clone();
            let mut main = false;
            for a in &t.associations {
                let state = a
                    .association_state
                    .as_ref()
                    .and_then(|s| s.state.clone())
                    .unwrap_or_default();
                if matches!(
                    state.as_str(),
                    "disassociated" | "disassociating" | "failed"
                ) {
                    continue;
                }
                if a.main {
                    main = true;
                } else if let Some(s) = &a.subnet_id {
                    if let Some(sub) = self
                        .vpcs
                        .get_mut(&vpc_id)
                        .and_then(|v| v.subnets.iter_mut().find(|x| &x.id == s))
                    {
                        sub.route_table = Some(t.route_table_id.clone());
                    }
                } else if a.gateway_id.is_some() {
                    self.r.skip(
                        "gateway route table associations (edge associations)",
                        t.route_table_id.clone(),
                    );
                }
            }
            let vpc = &self.vpcs[&vpc_id];
            if main && vpc.route_tables.iter().any(|r| r.main) {
                self.r.note(format!(
                    "{}: a second main route table in {vpc_id}; marked non-main",
                    t.route_table_id
                ));
                main = false;
            }
            let mut routes = Vec::new();
            for r in &t.routes {
                if let Some(route) = self.route(&vpc_id, &t.route_table_id, r, &tgw_ids)
                    && !routes.iter().any(|x: &doc::Route| x.to == route.to)
                {
                    routes.push(route);
                }
            }
            self.vpcs
                .get_mut(&vpc_id)
                .expect("checked")
                .route_tables
                .push(doc::RouteTable {
                    id: t.route_table_id.clone(),
                    name: name_tag(&t.tags),
                    main,
                    routes,
                });
        }
    }

    /// Deleted NAT gateways no route needed.
    fn unused_gone_nats(&mut self) {
        let unused: Vec<String> = self
            .gone_nats
            .keys()
            .filter(|id| !self.gateway_vpc.contains_key(*id))
            .cloned()
            .collect();
        for id in unused {
            self.r.skip("deleted or failed NAT gateways", id);
        }
    }

    fn route(
        &mut self,
        vpc: &str,
        table: &str,
        r: &aws::Route,
        tgw_ids: &HashMap<(String, String), String>,
    ) -> Option<doc::Route> {
        let blackhole = r.state.as_deref() == Some("blackhole");
        let propagated = r.origin.as_deref() == Some("EnableVgwRoutePropagation");
        if r.gateway_id.as_deref() == Some("local") {
            return None; // local routes are implicit in the model
        }
        let to = if let Some(c) = &r.destination_cidr_block {
            match cidr4(c) {
                Some(n) => n.to_string(),
                None => {
                    self.r.skip("routes with an unreadable destination", table);
                    return None;
                }
            }
        } else if let Some(pl) = &r.destination_prefix_list_id {
            pl.clone()
        } else if r.destination_ipv6_cidr_block.is_some() {
            self.r.skip("IPv6 routes", table);
            return None;
        } else {
            self.r.skip("routes without a destination", table);
            return None;
        };
        let skip = |b: &mut Self, kind: &str, target: &str| {
            b.r.skip(kind, format!("{table}: {to} -> {target}"));
            None
        };
        let via = if let Some(g) = r.gateway_id.as_deref() {
            if g.starts_with("vpce-") {
                // A gateway endpoint route (GW-3): written as the endpoint's association.
                if self.endpoint_vpc.get(g).map(String::as_str) == Some(vpc)
                    && let Some(e) = self.vpcs.get_mut(vpc).and_then(|v| {
                        v.endpoints
                            .iter_mut()
                            .find(|e| e.id == g && e.kind == "gateway")
                    })
                {
                    if !e.route_tables.iter().any(|t| t == table) {
                        e.route_tables.push(table.to_string());
                    }
                    return None;
                }
                return skip(
                    self,
                    "routes to endpoints not captured (or Gateway Load Balancer endpoints)",
                    g,
                );
            } else if self.gateway_vpc.get(g).map(String::as_str) == Some(vpc) {
                g.to_string()
            } else if self.gateway_vpc.contains_key(g) {
                return skip(self, "routes to a gateway of another VPC", g);
            } else if g.starts_with("igw-") || g.starts_with("vgw-") {
                let kind = if g.starts_with("igw-") {
                    "internet"
                } else {
                    "vpn"
                };
                let what = if kind == "internet" {
                    "internet gateway"
                } else {
                    "virtual private gateway"
                };
                if !self.add_gateway(vpc, g, None, kind, None, None, None) {
                    return None;
                }
                self.r.infer(format!(
                    "{vpc}: {what} {g} taken from a route of {table} (not captured as an object)"
                ));
                g.to_string()
            } else {
                return skip(self, "routes to unknown gateway kinds", g);
            }
        } else if let Some(n) = r.nat_gateway_id.as_deref() {
            if self.gateway_vpc.get(n).map(String::as_str) == Some(vpc) {
                n.to_string()
            } else if blackhole {
                return self.gone_target(vpc, table, to, n, blackhole, propagated);
            } else {
                return skip(self, "routes to NAT gateways not captured", n);
            }
        } else if let Some(t) = r.transit_gateway_id.as_deref() {
            let id = tgw_ids
                .get(&(t.to_string(), vpc.to_string()))
                .cloned()
                .unwrap_or_else(|| t.to_string());
            let name = self
                .tgw_names
                .get(t)
                .cloned()
                .or_else(|| (id != t).then(|| t.to_string()));
            if !self.gateway_vpc.contains_key(&id)
                && !self.add_gateway(vpc, &id, name, "transit", None, None, None)
            {
                return None;
            }
            id
        } else if let Some(p) = r.vpc_peering_connection_id.as_deref() {
            if self.peering_ids.contains(p) {
                p.to_string()
            } else if blackhole {
                return self.gone_target(vpc, table, to, p, blackhole, propagated);
            } else {
                return skip(self, "routes to peering connections not captured", p);
            }
        } else if let Some(i) = r.instance_id.as_deref() {
            if self.instance_ids.contains(i) {
                i.to_string()
            } else if blackhole {
                return self.gone_target(vpc, table, to, i, blackhole, propagated);
            } else {
                return skip(self, "routes to instances not captured", i);
            }
        } else if let Some(n) = r.network_interface_id.as_deref() {
            match self.eni_instance.get(n) {
                Some(i) => i.clone(),
                None if blackhole => {
                    return self.gone_target(vpc, table, to, n, blackhole, propagated);
                }
                None => {
                    return skip(
                        self,
                        "routes to network interfaces not modelled (endpoint, load balancer or uncaptured ENIs)",
                        n,
                    );
                }
            }
        } else if let Some(x) = r.local_gateway_id.as_deref() {
            return skip(self, "routes to local gateways (Outposts)", x);
        } else if let Some(x) = r.carrier_gateway_id.as_deref() {
            return skip(self, "routes to carrier gateways (Wavelength)", x);
        } else if let Some(x) = r.egress_only_internet_gateway_id.as_deref() {
            return skip(self, "routes to egress-only internet gateways (IPv6)", x);
        } else if let Some(x) = r.core_network_arn.as_deref() {
            return skip(self, "routes to Cloud WAN core networks", x);
        } else {
            return skip(self, "routes without a target", "?");
        };
        if to.starts_with("pl-") && !self.pl_known(&to) {
            return skip(
                self,
                "routes to prefix lists not captured (describe-prefix-lists / get-managed-prefix-list-entries)",
                &via,
            );
        }
        Some(doc::Route {
            to,
            via,
            blackhole,
            propagated,
        })
    }

    /// A blackhole route whose target is gone. The route still drops traffic that a less
    /// specific route would carry (RT-8), so it is kept, through a placeholder gateway of type
    /// `transit` (the one kind that needs no subnet or peer) named so nobody takes it for a
    /// real one. A blackhole route drops traffic whatever its target's kind.
    fn gone_target(
        &mut self,
        vpc: &str,
        table: &str,
        to: String,
        id: &str,
        blackhole: bool,
        propagated: bool,
    ) -> Option<doc::Route> {
        if self.gateway_vpc.get(id).map(String::as_str) != Some(vpc) {
            if self.gateway_vpc.contains_key(id) || self.ids.contains(id) {
                self.r.skip(
                    "blackhole routes to a target of another VPC",
                    format!("{table}: {to} -> {id}"),
                );
                return None;
            }
            let what = match self.gone_nats.get(id) {
                Some((_, _, Some(name))) => format!("{name}: deleted NAT gateway"),
                Some(_) => "deleted NAT gateway".to_string(),
                None => "gone".to_string(),
            };
            let name = Some(format!(
                "{id} ({what}; stands in for a blackhole route target)"
            ));
            if !self.add_gateway(vpc, id, name, "transit", None, None, None) {
                return None;
            }
            self.r.infer(format!(
                "{table}: blackhole route {to} -> {id} kept; {id} no longer exists and is written as a placeholder gateway"
            ));
        }
        if to.starts_with("pl-") && !self.pl_known(&to) {
            self.r.skip(
                "routes to prefix lists not captured (describe-prefix-lists / get-managed-prefix-list-entries)",
                format!("{table}: {to} -> {id}"),
            );
            return None;
        }
        Some(doc::Route {
            to,
            via: id.to_string(),
            blackhole,
            propagated,
        })
    }

    fn endpoint_services(&mut self) -> Vec<doc::EndpointService> {
        let c = self.c;
        let lbs: HashMap<&str, &At<aws::LoadBalancer>> = c
            .load_balancers
            .iter()
            .map(|l| (l.v.load_balancer_arn.as_str(), l))
            .collect();
        let mut used_lbs: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        for x in dedup(
            &c.service_configurations,
            |s| &s.service_id,
            self.r,
            "endpoint service",
        ) {
            let s = &x.v;
            let id = s.service_id.clone();
            if matches!(
                s.service_state
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("deleted" | "deleting" | "failed")
            ) {
                self.r.skip("deleted or failed endpoint services", id);
                continue;
            }
            let (arn, kind) = if let Some(a) = s.network_load_balancer_arns.first() {
                (a.clone(), "network")
            } else if let Some(a) = s.gateway_load_balancer_arns.first() {
                (a.clone(), "gateway")
            } else {
                self.r.skip(
                    "endpoint services without a load balancer (e.g. resource configurations)",
                    id,
                );
                continue;
            };
            let Some(lb) = lbs.get(arn.as_str()) else {
                self.r.skip("endpoint services whose load balancer was not captured (elbv2 describe-load-balancers)", id);
                continue;
            };
            used_lbs.insert(
                lbs.get_key_value(arn.as_str())
                    .map(|(k, _)| *k)
                    .unwrap_or_default(),
            );
            let lbv = &lb.v;
            let Some(vpc) = lbv.vpc_id.clone().filter(|v| self.vpcs.contains_key(v)) else {
                self.r.skip(
                    "endpoint services whose load balancer's VPC was not captured",
                    id,
                );
                continue;
            };
            let subnets: Vec<String> = lbv
                .availability_zones
                .iter()
                .filter_map(|z| z.subnet_id.clone())
                .filter(|sid| self.subnet_vpc.get(sid) == Some(&vpc))
                .collect();
            if subnets.is_empty() {
                self.r.skip(
                    "endpoint services whose load balancer's subnets were not captured",
                    id,
                );
                continue;
            }
            let mut listeners: Vec<(String, u16)> = Vec::new();
            if kind == "network" {
                for l in c.listeners.iter().filter(|l| l.v.load_balancer_arn == arn) {
                    let proto =
                        l.v.protocol
                            .clone()
                            .unwrap_or_default()
                            .to_ascii_lowercase();
                    match (proto.as_str(), l.v.port) {
                        ("tcp" | "tls" | "udp" | "tcp_udp", Some(p)) => {
                            if !listeners.contains(&(proto.clone(), p)) {
                                listeners.push((proto, p));
                            }
                        }
                        _ => self.r.skip(
                            "listeners other than TCP, TLS, UDP",
                            l.v.listener_arn.clone().unwrap_or_default(),
                        ),
                    }
                }
                if listeners.is_empty() {
                    self.r.infer(format!("{id}: listeners of its load balancer not captured (elbv2 describe-listeners); none written"));
                }
            }
            listeners.sort();
            let mut lb_groups = Vec::new();
            for g in &lbv.security_groups {
                if self.sg_ids.contains(g) {
                    lb_groups.push(g.clone());
                } else {
                    self.r.skip(
                        "security group references to groups not captured",
                        format!("{id} -> {g}"),
                    );
                }
            }
            let lb_id = arn
                .rsplit('/')
                .nth(1)
                .unwrap_or(&lbv.load_balancer_name)
                .to_string();
            let attrs: Vec<&aws::KeyValue> = c
                .lb_attributes
                .iter()
                .filter(|a| {
                    a.v.0 == lbv.load_balancer_name || a.v.0 == lb_id || arn.ends_with(&a.v.0)
                })
                .flat_map(|a| a.v.1.iter())
                .collect();
            // Written only where they differ from the model's defaults (off, on).
            let cross_zone = attrs
                .iter()
                .find(|a| a.key == "load_balancing.cross_zone.enabled")
                .and_then(|a| a.value.as_deref())
                .filter(|v| *v == "true")
                .map(|_| true);
            let enforce = lbv
                .enforce_security_group_inbound_rules_on_private_link_traffic
                .as_deref()
                .filter(|v| v.eq_ignore_ascii_case("off"))
                .map(|_| false);
            let (arn_region, arn_acct) = arn_parts(&arn);
            let region = s
                .service_name
                .as_deref()
                .and_then(service_region)
                .or(arn_region)
                .map(str::to_string)
                .unwrap_or_else(|| self.vpcs[&vpc].region.clone());
            let account = arn_acct
                .map(str::to_string)
                .unwrap_or_else(|| self.vpcs[&vpc].account.clone());
            let mut allowed: Vec<String> = Vec::new();
            let mut captured_perms = false;
            for p in c.allowed_principals.iter().filter(|p| p.v.0 == id) {
                captured_perms = true;
                if !p.v.1.principal.is_empty() && !allowed.contains(&p.v.1.principal) {
                    allowed.push(p.v.1.principal.clone());
                }
            }
            if !captured_perms {
                self.r.infer(format!(
                    "{id}: allowed principals not captured (describe-vpc-endpoint-service-permissions); none written, so nobody may connect"
                ));
            }
            let mut accepted = Vec::new();
            let mut rejected = Vec::new();
            for conn in c
                .connections
                .iter()
                .filter(|k| k.v.service_id.as_deref() == Some(id.as_str()))
            {
                let e = &conn.v.vpc_endpoint_id;
                if !self.endpoint_vpc.contains_key(e) {
                    self.r.skip(
                        "endpoint connections from endpoints not captured (other accounts)",
                        format!("{id} <- {e}"),
                    );
                    continue;
                }
                match conn
                    .v
                    .vpc_endpoint_state
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("available") => accepted.push(e.clone()),
                    Some("rejected") => rejected.push(e.clone()),
                    _ => {}
                }
            }
            accepted.sort();
            accepted.dedup();
            rejected.sort();
            rejected.dedup();
            if !self.claim(&id, "endpoint services") {
                continue;
            }
            out.push(doc::EndpointService {
                id: id.clone(),
                name: name_tag(&s.tags),
                account,
                region,
                load_balancer: doc::LoadBalancer {
                    kind: kind.to_string(),
                    name: Some(lbv.load_balancer_name.clone()).filter(|n| !n.is_empty()),
                    vpc,
                    subnets,
                    listeners,
                    security_groups: lb_groups,
                    cross_zone,
                    enforce_security_groups_on_privatelink: enforce,
                },
                acceptance_required: s.acceptance_required.unwrap_or(true),
                allowed_principals: allowed,
                accepted,
                rejected,
                private_dns_name: s.private_dns_name.clone().filter(|n| !n.is_empty()),
                private_dns_verified: s.private_dns_name.as_ref().map(|_| {
                    s.private_dns_name_configuration
                        .as_ref()
                        .and_then(|c| c.state.as_deref())
                        == Some("verified")
                }),
            });
        }
        let unused = c
            .load_balancers
            .iter()
            .filter(|l| !used_lbs.contains(l.v.load_balancer_arn.as_str()))
            .count();
        if unused > 0 {
            self.r.skip_n(
                "load balancers not behind a captured endpoint service",
                unused,
                c.load_balancers
                    .iter()
                    .find(|l| !used_lbs.contains(l.v.load_balancer_arn.as_str()))
                    .map(|l| l.v.load_balancer_name.clone())
                    .unwrap_or_default(),
            );
        }
        // Consumer endpoints to these services name them by id.
        let names: HashMap<String, String> = out
            .iter()
            .map(|s| {
                (
                    format!("com.amazonaws.vpce.{}.{}", s.region, s.id),
                    s.id.clone(),
                )
            })
            .collect();
        let states: HashMap<&str, &str> = c
            .vpc_endpoints
            .iter()
            .filter_map(|e| {
                e.v.state
                    .as_deref()
                    .map(|s| (e.v.vpc_endpoint_id.as_str(), s))
            })
            .collect();
        for v in self.vpcs.values_mut() {
            for e in &mut v.endpoints {
                if let Some(svc) = e.service.as_ref().and_then(|s| names.get(s)) {
                    e.service = Some(svc.clone());
                    e.policy = None;
                    // The captured state, rather than one derived from the captured connections.
                    if let Some(st) = states.get(e.id.as_str()) {
                        e.state = Some(st.to_string());
                    }
                }
            }
        }
        out
    }

    /// An endpoint whose own state was not captured takes its connection's (provider view).
    fn endpoint_states(&mut self) {
        let c = self.c;
        let listed: HashSet<&str> = c
            .vpc_endpoints
            .iter()
            .filter(|e| e.v.state.is_some())
            .map(|e| e.v.vpc_endpoint_id.as_str())
            .collect();
        for conn in &c.connections {
            let e = conn.v.vpc_endpoint_id.as_str();
            if listed.contains(e) {
                continue;
            }
            let Some(state) = conn.v.vpc_endpoint_state.clone() else {
                continue;
            };
            let Some(vpc) = self.endpoint_vpc.get(e).cloned() else {
                continue;
            };
            if let Some(ep) = self
                .vpcs
                .get_mut(&vpc)
                .and_then(|v| v.endpoints.iter_mut().find(|x| x.id == e))
            {
                ep.state = (!state.eq_ignore_ascii_case("available")).then_some(state);
            }
        }
    }

    fn hosted_zones(&mut self) -> Vec<doc::HostedZone> {
        let c = self.c;
        let mut zones: BTreeMap<String, (String, bool)> = BTreeMap::new(); // id -> (name, private)
        for z in &c.hosted_zones {
            let id = zone_id(&z.v.id);
            if id.is_empty() {
                continue;
            }
            let private = z.v.config.as_ref().map(|c| c.private_zone).unwrap_or(false);
            let e = zones.entry(id).or_insert((dns_name(&z.v.name), private));
            e.1 |= private;
        }
        let mut assoc: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for a in &c.zone_vpcs {
            assoc
                .entry(a.v.0.clone())
                .or_default()
                .insert(a.v.1.vpc_id.clone());
        }
        let mut out = Vec::new();
        let mut records_done: HashSet<String> = HashSet::new();
        for (id, (name, private)) in &zones {
            if !private && !assoc.contains_key(id) {
                self.r.skip("public hosted zones", format!("{name} ({id})"));
                continue;
            }
            if !self.claim(id, "hosted zones") {
                continue;
            }
            let mut vpcs = Vec::new();
            for v in assoc.get(id).into_iter().flatten() {
                if self.vpcs.contains_key(v) {
                    vpcs.push(v.clone());
                } else {
                    self.r.skip(
                        "hosted zone associations with VPCs not captured",
                        format!("{name} -> {v}"),
                    );
                }
            }
            if !assoc.contains_key(id) {
                self.r.infer(format!("{name} ({id}): its VPC associations were not captured (route53 get-hosted-zone); none written"));
            }
            let mut records = Vec::new();
            let mut seen_sets = false;
            for rs in c.record_sets.iter().filter(|r| &r.v.0 == id) {
                seen_sets = true;
                for set in &rs.v.1 {
                    if let Some(rec) = self.record(name, set)
                        && !records
                            .iter()
                            .any(|r: &doc::Record| r.name == rec.name && r.kind == rec.kind)
                    {
                        records.push(rec);
                    }
                }
            }
            if seen_sets {
                records_done.insert(id.clone());
            } else {
                self.r.note(format!(
                    "{name} ({id}): record sets not captured (route53 list-resource-record-sets)"
                ));
            }
            records.sort_by(|a, b| (&a.name, &a.kind).cmp(&(&b.name, &b.kind)));
            out.push(doc::HostedZone {
                id: id.clone(),
                name: name.clone(),
                vpcs,
                records,
            });
        }
        for rs in &c.record_sets {
            if !zones.contains_key(&rs.v.0) {
                self.r.skip(
                    "record sets of hosted zones not captured (route53 list-hosted-zones)",
                    rs.v.0.clone(),
                );
            }
        }
        out.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        out
    }

    fn record(&mut self, zone: &str, set: &aws::ResourceRecordSet) -> Option<doc::Record> {
        let name = dns_name(&set.name);
        if !(name == zone || name.ends_with(&format!(".{zone}"))) {
            self.r.skip("records outside their zone", name);
            return None;
        }
        let kind = set.kind.to_ascii_uppercase();
        let to_target = |b: &Self, v: &str| {
            let n = dns_name(v);
            let bare = n
                .trim_start_matches("*.")
                .trim_start_matches("dualstack.")
                .to_string();
            if let Some(e) = b.endpoint_dns.get(&bare) {
                return e.clone();
            }
            if bare.ends_with(".vpce.amazonaws.com")
                && let Some(e) = b
                    .endpoint_vpc
                    .keys()
                    .find(|e| bare.starts_with(&format!("{e}-")))
            {
                return e.clone();
            }
            n
        };
        if let Some(alias) = &set.alias_target {
            if !matches!(kind.as_str(), "A" | "CNAME") {
                self.r
                    .skip(&format!("{kind} alias records (IPv6 or other types)"), name);
                return None;
            }
            let value = to_target(self, &alias.dns_name);
            return Some(doc::Record {
                name,
                kind: "ALIAS".into(),
                values: vec![value],
            });
        }
        let raw: Vec<&str> = set
            .resource_records
            .iter()
            .map(|r| r.value.as_str())
            .collect();
        let values: Vec<String> = match kind.as_str() {
            "A" => raw
                .iter()
                .filter_map(|v| ipv4(v))
                .map(|i| i.to_string())
                .collect(),
            "CNAME" => raw.iter().map(|v| to_target(self, v)).collect(),
            "TXT" => raw
                .iter()
                .map(|v| v.trim_matches('"').to_string())
                .collect(),
            "AAAA" => {
                self.r.skip("AAAA records (IPv6)", name);
                return None;
            }
            "NS" | "SOA" => {
                self.r
                    .skip("NS and SOA records (not needed to resolve names)", name);
                return None;
            }
            other => {
                self.r
                    .skip(&format!("{other} records (not used by traces)"), name);
                return None;
            }
        };
        if values.is_empty() {
            self.r.skip("records without a usable value", name);
            return None;
        }
        Some(doc::Record { name, kind, values })
    }

    fn buckets(&mut self) -> Vec<doc::Bucket> {
        let c = self.c;
        let mut out: BTreeMap<String, doc::Bucket> = BTreeMap::new();
        for p in &c.bucket_policies {
            let (name, text) = (&p.v.0, &p.v.1);
            let account = self.acct(p.ctx);
            let policy = self.bucket_policy(text, name);
            let b = out.entry(name.clone()).or_insert_with(|| doc::Bucket {
                name: name.clone(),
                ..Default::default()
            });
            if b.policy.is_none() {
                b.policy = policy;
            }
            if b.account.is_none() {
                b.account = account;
            }
        }
        for l in &c.bucket_locations {
            let name = &l.v.0;
            let region = match l.v.1.as_deref() {
                None | Some("") => "us-east-1".to_string(),
                Some("EU") => "eu-west-1".to_string(),
                Some(r) => r.to_string(),
            };
            let account = self.acct(l.ctx);
            let b = out.entry(name.clone()).or_insert_with(|| doc::Bucket {
                name: name.clone(),
                ..Default::default()
            });
            b.region.get_or_insert(region);
            if b.account.is_none() {
                b.account = account;
            }
        }
        let mut list = Vec::new();
        for (name, b) in out {
            if self.claim(&name, "buckets") {
                list.push(b);
            }
        }
        list
    }

    fn bucket_policy(&mut self, text: &str, bucket: &str) -> Option<Value> {
        let v: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.r.skip(
                    "bucket policies that are not valid JSON",
                    format!("{bucket}: {e}"),
                );
                return None;
            }
        };
        if let Err(e) = crate::policy::parse_value(&v) {
            self.r.skip(
                "bucket policies linkscope cannot read",
                format!("{bucket}: {}", e.message),
            );
            return None;
        }
        Some(v)
    }

    /// Additions to the built-in catalogue: a gateway endpoint's captured prefix list where
    /// the catalogue names another (or none), and interface services it does not know.
    fn catalogue_additions(&mut self) -> Vec<doc::Service> {
        let c = self.c;
        let mut out: BTreeMap<String, doc::Service> = BTreeMap::new();
        let details: HashMap<&str, &aws::ServiceDetail> = c
            .service_details
            .iter()
            .map(|d| (d.v.service_name.as_str(), &d.v))
            .collect();
        let types_of = |d: Option<&&aws::ServiceDetail>| -> Vec<String> {
            let mut t: Vec<String> = d
                .map(|d| {
                    d.service_type
                        .iter()
                        .map(|t| t.service_type.to_ascii_lowercase())
                        .filter(|t| t == "gateway" || t == "interface")
                        .collect()
                })
                .unwrap_or_default();
            t.sort();
            t.dedup();
            t
        };
        let endpoints: Vec<(String, String, String, String)> = self
            .vpcs
            .values()
            .flat_map(|v| {
                v.endpoints.iter().filter_map(move |e| {
                    e.service
                        .clone()
                        .map(|s| (e.id.clone(), e.kind.clone(), s, v.account.clone()))
                })
            })
            .collect();
        for (eid, kind, svc, account) in endpoints {
            if !svc.starts_with("com.amazonaws.") || svc.starts_with("com.amazonaws.vpce.") {
                continue;
            }
            let builtin = self.builtin.service(&svc);
            if kind == "gateway" {
                let captured = self
                    .pls
                    .iter()
                    .find(|(_, (n, _, _))| n.as_deref() == Some(svc.as_str()));
                let builtin_pl = builtin.and_then(|b| b.prefix_list.clone());
                match captured {
                    Some((pl, (_, _, cidrs))) if builtin_pl.as_deref() != Some(pl.as_str()) => {
                        let mut types = builtin
                            .map(|b| {
                                b.types
                                    .iter()
                                    .map(|t| format!("{t:?}").to_ascii_lowercase())
                                    .collect::<Vec<_>>()
                            })
                            .unwrap_or_default();
                        if types.is_empty() {
                            types = types_of(details.get(svc.as_str()));
                        }
                        if !types.contains(&"gateway".to_string()) {
                            types.push("gateway".into());
                        }
                        types.sort();
                        out.insert(
                            svc.clone(),
                            doc::Service {
                                name: svc.clone(),
                                types,
                                prefix_list: Some(pl.clone()),
                                cidrs: cidrs.clone(),
                                ..Default::default()
                            },
                        );
                    }
                    Some(_) => {}
                    None if builtin_pl.is_none() => self.r.note(format!(
                        "{eid}: the prefix list of {svc} was neither captured (describe-prefix-lists) nor built in; its routes cannot be modelled"
                    )),
                    None => {}
                }
                continue;
            }
            if kind != "interface" || builtin.is_some() || out.contains_key(&svc) {
                continue;
            }
            let Some(d) = details.get(svc.as_str()) else {
                continue; // the loader warns that the service is unknown
            };
            let mut names: Vec<String> = d
                .private_dns_names
                .iter()
                .map(|n| dns_name(&n.private_dns_name))
                .collect();
            if names.is_empty()
                && let Some(n) = &d.private_dns_name
            {
                names.push(dns_name(n));
            }
            names.retain(|n| !n.is_empty());
            let dns = names.iter().find(|n| !n.starts_with('*')).cloned();
            let region = service_region(&svc).unwrap_or_default().to_string();
            let missing = self.missing_zone_ids(&account, &region, &d.availability_zones);
            let mut types = types_of(Some(d));
            if types.is_empty() {
                types.push("interface".into());
            }
            out.insert(
                svc.clone(),
                doc::Service {
                    name: svc.clone(),
                    dns,
                    types,
                    policy_supported: d.vpc_endpoint_policy_supported,
                    private_dns_names: names,
                    missing_zone_ids: missing,
                    ..Default::default()
                },
            );
        }
        out.into_values().collect()
    }

    /// AZ IDs of `region` the service does not list, from `account`'s captured zone map.
    fn missing_zone_ids(&self, account: &str, region: &str, offered: &[String]) -> Vec<String> {
        if offered.is_empty() || !self.zones_captured.contains(account) {
            return vec![];
        }
        let Some(m) = self.zones.get(account) else {
            return vec![];
        };
        let mut out: Vec<String> = m
            .iter()
            .filter(|(name, _)| zone_region(name) == Some(region) && !offered.contains(name))
            .map(|(_, id)| id.clone())
            .collect();
        out.sort();
        out
    }

    fn dns_attributes(&mut self) {
        let c = self.c;
        let mut support: HashMap<&str, bool> = HashMap::new();
        let mut hostnames: HashMap<&str, bool> = HashMap::new();
        for a in &c.vpc_attributes {
            if let Some(v) = a.v.enable_dns_support.as_ref().and_then(|b| b.value) {
                support.entry(a.v.vpc_id.as_str()).or_insert(v);
            }
            if let Some(v) = a.v.enable_dns_hostnames.as_ref().and_then(|b| b.value) {
                hostnames.entry(a.v.vpc_id.as_str()).or_insert(v);
            }
        }
        let dhcp: HashMap<&str, &aws::DhcpOptions> = c
            .dhcp_options
            .iter()
            .map(|d| (d.v.dhcp_options_id.as_str(), &d.v))
            .collect();
        let stubs: HashSet<String> = self
            .vpcs
            .values()
            .filter(|v| {
                v.subnets.is_empty() && v.name.as_deref() == Some("peer VPC (not captured)")
            })
            .map(|v| v.id.clone())
            .collect();
        for (id, v) in self.vpcs.iter_mut() {
            if stubs.contains(id) {
                continue;
            }
            let private_dns_ep = v
                .endpoints
                .iter()
                .find(|e| e.kind == "interface" && e.private_dns == Some(true))
                .map(|e| e.id.clone());
            let is_default = self.vpc_is_default.get(id).copied().unwrap_or(false);
            let mut infer = |attr: &str, captured: Option<&bool>| -> bool {
                if let Some(b) = captured {
                    return *b;
                }
                if let Some(e) = &private_dns_ep {
                    self.r.infer(format!(
                        "{id}: {attr} = true (not captured; endpoint {e} has private DNS, which AWS allows only with both DNS attributes on)"
                    ));
                    return true;
                }
                let (value, why) = match attr {
                    "dns_support" => (true, "AWS's default"),
                    _ if is_default => (true, "AWS's default for a default VPC"),
                    _ => (false, "AWS's default"),
                };
                self.r
                    .infer(format!("{id}: {attr} = {value} (not captured; {why})"));
                value
            };
            v.dns_support = infer("dns_support", support.get(id.as_str()));
            v.dns_hostnames = infer("dns_hostnames", hostnames.get(id.as_str()));
            if let Some(d) = self.vpc_dhcp.get(id).and_then(|d| dhcp.get(d.as_str())) {
                let servers: Vec<String> = d
                    .dhcp_configurations
                    .iter()
                    .filter(|c| c.key == "domain-name-servers")
                    .flat_map(|c| c.values.iter())
                    .filter_map(|v| v.value.as_ref().and_then(Value::as_str).map(str::to_string))
                    .collect();
                if !servers.is_empty() && !servers.iter().any(|s| s == "AmazonProvidedDNS") {
                    self.r.note(format!(
                        "{id} uses custom DNS servers ({}); the model assumes the Amazon-provided resolver, so private DNS answers hold only if those servers forward to it",
                        servers.join(", ")
                    ));
                }
            }
        }
    }

    fn finish(
        &mut self,
        label: &str,
        endpoint_services: Vec<doc::EndpointService>,
        hosted_zones: Vec<doc::HostedZone>,
        buckets: Vec<doc::Bucket>,
        services: Vec<doc::Service>,
    ) -> doc::Doc {
        // Top-level region: the most common VPC region.
        let mut regions: BTreeMap<&str, usize> = BTreeMap::new();
        for v in self.vpcs.values() {
            if !v.region.is_empty() {
                *regions.entry(v.region.as_str()).or_default() += 1;
            }
        }
        let region = regions
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(r, _)| r.to_string())
            .or_else(|| self.ctx_region.iter().flatten().next().cloned())
            .unwrap_or_else(|| "us-east-1".to_string());
        let mut accounts: BTreeSet<String> =
            self.vpcs.values().map(|v| v.account.clone()).collect();
        accounts.extend(endpoint_services.iter().map(|s| s.account.clone()));
        let accounts: Vec<doc::Account> = accounts
            .into_iter()
            .map(|id| doc::Account {
                zones: if self.zones_captured.contains(&id) {
                    self.zones.get(&id).cloned().unwrap_or_default()
                } else {
                    BTreeMap::new()
                },
                id,
                name: None,
            })
            .collect();
        let mut vpcs: Vec<doc::Vpc> = std::mem::take(&mut self.vpcs).into_values().collect();
        for v in &mut vpcs {
            if v.region.is_empty() {
                v.region = region.clone();
            }
            v.subnets.sort_by(|a, b| {
                let key = |s: &doc::Subnet| {
                    (
                        s.zone.clone(),
                        cidr4(&s.cidr).map(|n| u32::from(n.network())).unwrap_or(0),
                        s.id.clone(),
                    )
                };
                key(a).cmp(&key(b))
            });
            v.route_tables
                .sort_by(|a, b| (!a.main, &a.id).cmp(&(!b.main, &b.id)));
            v.network_acls
                .sort_by(|a, b| (!a.default, &a.id).cmp(&(!b.default, &b.id)));
            v.security_groups.sort_by(|a, b| {
                (a.default != Some(true), &a.id).cmp(&(b.default != Some(true), &b.id))
            });
            v.gateways.sort_by(|a, b| a.id.cmp(&b.id));
            v.peerings.sort_by(|a, b| a.id.cmp(&b.id));
            v.instances.sort_by(|a, b| a.id.cmp(&b.id));
            v.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
            for e in &mut v.endpoints {
                e.route_tables.sort();
                e.route_tables.dedup();
            }
        }
        vpcs.sort_by(|a, b| (&a.account, &a.id).cmp(&(&b.account, &b.id)));
        let prefix_lists = self
            .pls
            .iter()
            .map(|(id, (name, region, cidrs))| doc::PrefixList {
                id: id.clone(),
                name: name.clone(),
                region: region.clone(),
                cidrs: cidrs.clone(),
            })
            .collect();
        let mut endpoint_services = endpoint_services;
        endpoint_services.sort_by(|a, b| a.id.cmp(&b.id));
        doc::Doc {
            name: format!("Imported from {label}"),
            description: format!(
                "AWS resources imported by `linkscope import` from the captures in {label}."
            ),
            region,
            accounts,
            vpcs,
            endpoint_services,
            hosted_zones,
            buckets,
            services,
            prefix_lists,
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
