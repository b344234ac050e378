//! Built-in AWS service catalogue.
//!
//! The facts linkscope needs about AWS itself: regions and their AZ IDs, the regional services
//! (service name, public DNS name, the names an interface endpoint's private DNS answers for,
//! endpoint types offered, endpoint-policy support, representative public CIDRs, AZ IDs a service
//! is missing from) and the AWS-managed prefix lists of S3 and DynamoDB.
//!
//! The data lives in `assets/catalogue.yaml` (compiled in with `include_str!`), written compactly
//! as service templates with `{region}` placeholders plus per-region values; [`Catalogue::from_yaml`]
//! expands it into one [`ServiceDef`] per service and region. The header of that file says where
//! each fact comes from. A model's `services:` and `prefix_lists:` entries are layered on top with
//! [`Catalogue::add_service`] and [`Catalogue::add_prefix_list`]; every index is rebuilt so lookups
//! stay right.
//!
//! Prefix-list ids are unique only within a region (`pl-6fa54006` is S3 in ap-southeast-1 and
//! DynamoDB in eu-west-1): use [`Catalogue::prefix_list_in`] when the region is known.
//!
//! No I/O, no UI: the only input is the embedded asset or a string handed in.

use std::collections::{BTreeMap, HashMap};
use std::net::Ipv4Addr;
use std::sync::OnceLock;

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// The catalogue shipped with linkscope.
const BUILTIN_YAML: &str = include_str!("../assets/catalogue.yaml");

/// The kinds of VPC endpoint an AWS service can offer (`types:` in the catalogue and models).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EndpointType {
    /// A route-table target (S3 and DynamoDB only, GW-1).
    Gateway,
    /// Endpoint network interfaces in subnets (PrivateLink).
    Interface,
}

/// A region: its name, the abbreviation its AZ IDs start with, and its AZ IDs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionDef {
    /// e.g. `us-east-1`.
    pub name: String,
    /// e.g. `use1` (AZ IDs are `use1-az1`, ...).
    pub abbr: String,
    /// The region's AZ IDs, e.g. `use1-az1`.
    pub zone_ids: Vec<String>,
}

/// One AWS service in one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDef {
    /// Full service name, e.g. `com.amazonaws.us-east-1.s3`.
    pub name: String,
    /// Short name, e.g. `s3`, `ecr.api`.
    pub short: String,
    /// Region, e.g. `us-east-1`.
    pub region: String,
    /// Public DNS name of the service, e.g. `s3.us-east-1.amazonaws.com`.
    pub dns: String,
    /// Names an interface endpoint with private DNS answers for inside its VPC; `*.` entries are
    /// wildcards covering one or more labels (`*.s3.us-east-1.amazonaws.com`).
    #[serde(default)]
    pub private_dns_names: Vec<String>,
    /// Endpoint types the service offers.
    #[serde(default = "default_types")]
    pub types: Vec<EndpointType>,
    /// Whether endpoints to this service accept an endpoint policy (POL-3: if not, full access).
    #[serde(default = "default_true")]
    pub policy_supported: bool,
    /// Representative public addresses of the service (for S3 and DynamoDB: the prefix list's).
    #[serde(default)]
    pub public_cidrs: Vec<Ipv4Net>,
    /// The AWS-managed prefix list a gateway endpoint route points at (same region).
    #[serde(default)]
    pub prefix_list: Option<String>,
    /// AZ IDs of the region where the service offers no endpoint (IF-3).
    #[serde(default)]
    pub missing_zone_ids: Vec<String>,
    /// Global public names (no Region in them) that resolve to this Region's service, e.g.
    /// `sts.amazonaws.com`, `s3.amazonaws.com` and `*.s3.amazonaws.com` (GLB-1..GLB-5). A
    /// Regional endpoint's private DNS never covers them.
    #[serde(default)]
    pub global_names: Vec<String>,
}

fn default_types() -> Vec<EndpointType> {
    vec![EndpointType::Interface]
}

fn default_true() -> bool {
    true
}

impl ServiceDef {
    /// A service with AWS's usual shape, derived from a full name `com.amazonaws.<region>.<short>`:
    /// DNS `<short>.<region>.amazonaws.com`, private DNS covering that name, interface type,
    /// endpoint policies supported, no CIDRs. `None` if the name does not have that shape.
    /// Meant for a model's `services:` entries, which then set what they state.
    pub fn from_name(name: &str) -> Option<ServiceDef> {
        let (region, short) = split_service_name(name)?;
        let dns = format!("{short}.{region}.amazonaws.com");
        Some(ServiceDef {
            name: name.to_string(),
            short: short.to_string(),
            region: region.to_string(),
            private_dns_names: vec![dns.clone()],
            dns,
            types: default_types(),
            policy_supported: true,
            public_cidrs: Vec::new(),
            prefix_list: None,
            missing_zone_ids: Vec::new(),
            global_names: Vec::new(),
        })
    }

    /// Whether the service offers this endpoint type.
    pub fn offers(&self, t: EndpointType) -> bool {
        self.types.contains(&t)
    }

    /// Whether the service can place an endpoint interface in this AZ ID.
    pub fn supports_zone(&self, zone_id: &str) -> bool {
        !self.missing_zone_ids.iter().any(|z| z == zone_id)
    }
}

/// Split `com.amazonaws.<region>.<short>` into (region, short). The short name may contain dots
/// (`ecr.api`); the region is the label after `com.amazonaws.`.
fn split_service_name(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix("com.amazonaws.")?;
    let (region, short) = rest.split_once('.')?;
    if region.is_empty() || short.is_empty() || region == "vpce" || region_abbr(region).is_none() {
        return None;
    }
    Some((region, short))
}

/// A prefix list: AWS-managed (S3, DynamoDB) or customer-managed (from a model).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixListDef {
    /// e.g. `pl-63a5400a`. Unique only within a region.
    pub id: String,
    /// e.g. `com.amazonaws.us-east-1.s3`.
    #[serde(default)]
    pub name: String,
    /// The region it belongs to; `None` for a model's list that did not say (matches any region).
    #[serde(default)]
    pub region: Option<String>,
    /// Its entries.
    pub cidrs: Vec<Ipv4Net>,
    /// AWS-managed (read-only, weight 1 for S3/DynamoDB) or customer-managed.
    #[serde(default)]
    pub aws_managed: bool,
}

/// The catalogue: regions, services, prefix lists, with indexes for the lookups the engine does.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "CatalogueData", into = "CatalogueData")]
pub struct Catalogue {
    regions: Vec<RegionDef>,
    services: Vec<ServiceDef>,
    prefix_lists: Vec<PrefixListDef>,
    index: Index,
}

/// The plain data of a [`Catalogue`], for serde (the indexes are rebuilt on load).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CatalogueData {
    regions: Vec<RegionDef>,
    services: Vec<ServiceDef>,
    prefix_lists: Vec<PrefixListDef>,
}

impl From<CatalogueData> for Catalogue {
    fn from(d: CatalogueData) -> Self {
        Catalogue::new(d.regions, d.services, d.prefix_lists)
    }
}

impl From<Catalogue> for CatalogueData {
    fn from(c: Catalogue) -> Self {
        CatalogueData {
            regions: c.regions,
            services: c.services,
            prefix_lists: c.prefix_lists,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Index {
    region: HashMap<String, usize>,
    service: HashMap<String, usize>,
    short_region: HashMap<(String, String), usize>,
    /// Exact host names (dns and non-wildcard private names), lowercase.
    host_exact: HashMap<String, usize>,
    /// Wildcard private names by the suffix after `*.`, lowercase.
    host_wild: HashMap<String, usize>,
    prefix_list: HashMap<String, Vec<usize>>,
    /// (cidr, service index), most specific first; ties keep catalogue order.
    cidrs: Vec<(Ipv4Net, usize)>,
}

impl Catalogue {
    /// The catalogue shipped in `assets/catalogue.yaml`, parsed once.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The asset is tested (`builtin_asset_parses`); failing here is a build defect.
            Catalogue::from_yaml(BUILTIN_YAML)
                .unwrap_or_else(|e| panic!("assets/catalogue.yaml is invalid: {e}"))
        })
    }

    /// Parse a catalogue in the asset format (see the header of `assets/catalogue.yaml`).
    pub fn from_yaml(text: &str) -> Result<Catalogue, String> {
        let raw: RawCatalogue = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        raw.expand()
    }

    /// Build a catalogue from plain parts (indexes are computed here).
    pub fn new(
        regions: Vec<RegionDef>,
        services: Vec<ServiceDef>,
        prefix_lists: Vec<PrefixListDef>,
    ) -> Catalogue {
        let mut c = Catalogue {
            regions,
            services,
            prefix_lists,
            index: Index::default(),
        };
        c.reindex();
        c
    }

    /// All regions, in catalogue order.
    pub fn regions(&self) -> &[RegionDef] {
        &self.regions
    }

    /// A region by name.
    pub fn region(&self, name: &str) -> Option<&RegionDef> {
        self.index.region.get(name).map(|&i| &self.regions[i])
    }

    /// All services, region by region.
    pub fn services(&self) -> &[ServiceDef] {
        &self.services
    }

    /// A service by full name (`com.amazonaws.us-east-1.s3`).
    pub fn service(&self, full_name: &str) -> Option<&ServiceDef> {
        self.index
            .service
            .get(full_name)
            .map(|&i| &self.services[i])
    }

    /// A service by short name and region (`s3`, `us-east-1`).
    pub fn service_short(&self, short: &str, region: &str) -> Option<&ServiceDef> {
        self.index
            .short_region
            .get(&(short.to_string(), region.to_string()))
            .map(|&i| &self.services[i])
    }

    /// All prefix lists.
    pub fn prefix_lists(&self) -> &[PrefixListDef] {
        &self.prefix_lists
    }

    /// The first prefix list with this id. Ids repeat across regions; prefer
    /// [`Catalogue::prefix_list_in`] when the region is known.
    pub fn prefix_list(&self, id: &str) -> Option<&PrefixListDef> {
        self.index
            .prefix_list
            .get(id)
            .and_then(|v| v.first())
            .map(|&i| &self.prefix_lists[i])
    }

    /// The prefix list with this id in this region (a list without a region matches any).
    pub fn prefix_list_in(&self, id: &str, region: &str) -> Option<&PrefixListDef> {
        let candidates = self.index.prefix_list.get(id)?;
        let exact = candidates
            .iter()
            .map(|&i| &self.prefix_lists[i])
            .find(|p| p.region.as_deref() == Some(region));
        exact.or_else(|| {
            candidates
                .iter()
                .map(|&i| &self.prefix_lists[i])
                .find(|p| p.region.is_none())
        })
    }

    /// The CIDRs a service's traffic may go to: its public CIDRs plus those of its prefix list.
    pub fn service_cidrs(&self, svc: &ServiceDef) -> Vec<Ipv4Net> {
        let mut out = svc.public_cidrs.clone();
        if let Some(pl) = svc
            .prefix_list
            .as_deref()
            .and_then(|id| self.prefix_list_in(id, &svc.region))
        {
            for c in &pl.cidrs {
                if !out.contains(c) {
                    out.push(*c);
                }
            }
        }
        out
    }

    /// The service a host name belongs to: its public DNS name, or a name its interface
    /// endpoint's private DNS covers (wildcards too: `bucket.s3.us-east-1.amazonaws.com`).
    /// Case-insensitive; a trailing dot is ignored. Exact names win over wildcards, and the
    /// most specific wildcard wins.
    pub fn service_for_host(&self, host: &str) -> Option<&ServiceDef> {
        let host = normalize_host(host);
        if host.is_empty() {
            return None;
        }
        if let Some(&i) = self.index.host_exact.get(&host) {
            return Some(&self.services[i]);
        }
        // A wildcard `*.suffix` covers any name with at least one label before `suffix`.
        let mut rest = host.as_str();
        while let Some((_, suffix)) = rest.split_once('.') {
            if let Some(&i) = self.index.host_wild.get(suffix) {
                return Some(&self.services[i]);
            }
            rest = suffix;
        }
        None
    }

    /// Whether `host` is one of a service's global names (`sts.amazonaws.com`,
    /// `BUCKET.s3.amazonaws.com`): public names with no Region that a Regional endpoint's
    /// private DNS never covers (GLB-5).
    pub fn is_global_name(&self, svc: &ServiceDef, host: &str) -> bool {
        let host = normalize_host(host);
        svc.global_names.iter().any(|g| {
            let g = normalize_host(g);
            match g.strip_prefix("*.") {
                Some(suffix) => host
                    .strip_suffix(suffix)
                    .is_some_and(|head| head.len() > 1 && head.ends_with('.')),
                None => g == host,
            }
        })
    }

    /// The service whose public CIDRs (prefix-list CIDRs included) contain this address; the
    /// most specific CIDR wins.
    pub fn service_for_ip(&self, ip: Ipv4Addr) -> Option<&ServiceDef> {
        self.index
            .cidrs
            .iter()
            .find(|(net, _)| net.contains(&ip))
            .map(|&(_, i)| &self.services[i])
    }

    /// A deterministic representative public address for a DNS name of a service: a stable hash
    /// of the name (case-insensitive, trailing dot ignored) placed in the service's first CIDR,
    /// never its network or broadcast address. A service without CIDRs gets an address in
    /// 203.0.113.0/24 (TEST-NET-3, documentation only), which no service owns.
    pub fn public_ip_for(&self, svc: &ServiceDef, name: &str) -> Ipv4Addr {
        let net = self
            .service_cidrs(svc)
            .first()
            .copied()
            .unwrap_or_else(|| Ipv4Net::new(Ipv4Addr::new(203, 0, 113, 0), 24).expect("valid"));
        let hash = fnv1a64(normalize_host(name).as_bytes());
        let base = u32::from(net.network());
        let size: u64 = 1u64 << (32 - u32::from(net.prefix_len()));
        if size <= 2 {
            // /31 and /32 have no network/broadcast distinction worth avoiding.
            return Ipv4Addr::from(base + (hash % size) as u32);
        }
        let offset = 1 + hash % (size - 2);
        Ipv4Addr::from(base + offset as u32)
    }

    /// Add a service, or replace the one with the same full name (a model's `services:`).
    /// The replacement is whole: fields it leaves empty stay empty.
    pub fn add_service(&mut self, s: ServiceDef) {
        match self.index.service.get(&s.name) {
            Some(&i) => self.services[i] = s,
            None => self.services.push(s),
        }
        self.reindex();
    }

    /// Add a prefix list, or replace the one with the same id in the same region (a list without
    /// a region replaces every list with that id, in place of the first).
    pub fn add_prefix_list(&mut self, p: PrefixListDef) {
        let same = |q: &PrefixListDef| {
            q.id == p.id && (p.region.is_none() || q.region.is_none() || q.region == p.region)
        };
        match self.prefix_lists.iter().position(same) {
            Some(first) => {
                let mut i = 0;
                self.prefix_lists.retain(|q| {
                    let keep = i == first || !same(q);
                    i += 1;
                    keep
                });
                self.prefix_lists[first] = p;
            }
            None => self.prefix_lists.push(p),
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        let mut ix = Index::default();
        for (i, r) in self.regions.iter().enumerate() {
            ix.region.insert(r.name.clone(), i);
        }
        for (i, p) in self.prefix_lists.iter().enumerate() {
            ix.prefix_list.entry(p.id.clone()).or_default().push(i);
        }
        self.index = ix;
        // Hosts and CIDRs need prefix-list lookups, so they come after the lists are indexed.
        let mut host_exact = HashMap::new();
        let mut host_wild = HashMap::new();
        let mut service = HashMap::new();
        let mut short_region = HashMap::new();
        let mut cidrs = Vec::new();
        for (i, s) in self.services.iter().enumerate() {
            service.insert(s.name.clone(), i);
            short_region.insert((s.short.clone(), s.region.clone()), i);
            // Later services (a model's additions) win a name claimed twice.
            host_exact.insert(normalize_host(&s.dns), i);
            for n in &s.private_dns_names {
                let n = normalize_host(n);
                match n.strip_prefix("*.") {
                    Some(suffix) => host_wild.insert(suffix.to_string(), i),
                    None => host_exact.insert(n, i),
                };
            }
            for n in &s.global_names {
                let n = normalize_host(n);
                match n.strip_prefix("*.") {
                    Some(suffix) => host_wild.insert(suffix.to_string(), i),
                    None => host_exact.insert(n, i),
                };
            }
            for c in self.service_cidrs(s) {
                cidrs.push((c, i));
            }
        }
        // Stable sort: most specific first, catalogue order among equals.
        cidrs.sort_by_key(|(net, _)| std::cmp::Reverse(net.prefix_len()));
        self.index.service = service;
        self.index.short_region = short_region;
        self.index.host_exact = host_exact;
        self.index.host_wild = host_wild;
        self.index.cidrs = cidrs;
    }
}

fn normalize_host(host: &str) -> String {
    host.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// FNV-1a, 64 bit: stable across platforms and releases (unlike `DefaultHasher`).
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The AZ-ID abbreviation of a region: `us-east-1` -> `use1`, `eu-central-1` -> `euc1`,
/// `ap-southeast-1` -> `apse1`, `us-gov-west-1` -> `usgw1`, `cn-northwest-1` -> `cnnw1`.
/// A Local Zone group keeps its city: `us-west-2-lax-1` -> `usw2-lax1`.
/// Works for any name of that shape; `None` for anything else.
pub fn region_abbr(region: &str) -> Option<String> {
    let parts: Vec<&str> = region.split('-').collect();
    let num_pos = parts
        .iter()
        .position(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?;
    if num_pos < 2 {
        return None;
    }
    let geo = parts[0];
    if geo.len() != 2 || !geo.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut out = String::from(geo);
    for p in &parts[1..num_pos] {
        out.push_str(match *p {
            "east" => "e",
            "west" => "w",
            "north" => "n",
            "south" => "s",
            "central" => "c",
            "northeast" => "ne",
            "northwest" => "nw",
            "southeast" => "se",
            "southwest" => "sw",
            "gov" => "g",
            _ => return None,
        });
    }
    out.push_str(parts[num_pos]);
    match &parts[num_pos + 1..] {
        [] => Some(out),
        // Local Zone: us-west-2-lax-1 -> usw2-lax1
        [city, n]
            if !city.is_empty()
                && city.bytes().all(|b| b.is_ascii_lowercase())
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(format!("{out}-{city}{n}"))
        }
        _ => None,
    }
}

/// MODEL.md's default AZ mapping for one zone name: `<region>a` -> `<abbr>-az1`, `b` -> `az2`, ...
/// `None` if the name is not the region followed by one letter.
pub fn default_zone_id(region: &str, zone_name: &str) -> Option<String> {
    let suffix = zone_name.strip_prefix(region)?;
    let mut chars = suffix.chars();
    let letter = chars.next()?;
    if chars.next().is_some() || !letter.is_ascii_lowercase() {
        return None;
    }
    let n = u32::from(letter) - u32::from('a') + 1;
    Some(format!("{}-az{n}", region_abbr(region)?))
}

/// MODEL.md's default `accounts.zones`: each zone name mapped by [`default_zone_id`]. Names
/// that do not have the `<region><letter>` shape are left out (the caller reports them).
pub fn default_zone_ids<S: AsRef<str>>(region: &str, zone_names: &[S]) -> BTreeMap<String, String> {
    zone_names
        .iter()
        .filter_map(|z| {
            let z = z.as_ref();
            default_zone_id(region, z).map(|id| (z.to_string(), id))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The asset format (templates + per-region values), expanded by `RawCatalogue::expand`.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    regions: Vec<RegionDef>,
    #[serde(default)]
    prefix_lists: Vec<RawPrefixList>,
    services: Vec<RawService>,
    #[serde(default)]
    regional: BTreeMap<String, RawRegional>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrefixList {
    id: String,
    name: String,
    region: String,
    cidrs: Vec<Ipv4Net>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    short: String,
    /// The full service name when AWS's has no Region in it (`com.amazonaws.iam`).
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    dns: Option<String>,
    #[serde(default)]
    private_dns_names: Option<Vec<String>>,
    #[serde(default = "default_types")]
    types: Vec<EndpointType>,
    policy_supported: bool,
    #[serde(default)]
    regions: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegional {
    #[serde(default)]
    public_cidrs: BTreeMap<String, Vec<Ipv4Net>>,
    #[serde(default)]
    missing_zone_ids: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    global_names: BTreeMap<String, Vec<String>>,
}

impl RawCatalogue {
    fn expand(self) -> Result<Catalogue, String> {
        let mut seen = HashMap::new();
        for r in &self.regions {
            if seen.insert(r.name.as_str(), ()).is_some() {
                return Err(format!("region {} is listed twice", r.name));
            }
        }
        let known_region = |r: &str| self.regions.iter().any(|x| x.name == r);
        let known_short = |s: &str| self.services.iter().any(|x| x.short == s);

        let mut prefix_lists = Vec::new();
        for p in &self.prefix_lists {
            if !known_region(&p.region) {
                return Err(format!("prefix list {}: unknown region {}", p.id, p.region));
            }
            if prefix_lists
                .iter()
                .any(|q: &PrefixListDef| q.id == p.id && q.region.as_deref() == Some(&p.region))
            {
                return Err(format!(
                    "prefix list {} in {} is listed twice",
                    p.id, p.region
                ));
            }
            prefix_lists.push(PrefixListDef {
                id: p.id.clone(),
                name: p.name.clone(),
                region: Some(p.region.clone()),
                cidrs: p.cidrs.clone(),
                aws_managed: true,
            });
        }
        for (region, values) in &self.regional {
            if !known_region(region) {
                return Err(format!("regional: unknown region {region}"));
            }
            for short in values
                .public_cidrs
                .keys()
                .chain(values.missing_zone_ids.keys())
                .chain(values.global_names.keys())
            {
                if !known_short(short) {
                    return Err(format!("regional {region}: unknown service {short}"));
                }
            }
            let zones = &self
                .regions
                .iter()
                .find(|r| &r.name == region)
                .expect("known")
                .zone_ids;
            for (short, ids) in &values.missing_zone_ids {
                if let Some(z) = ids.iter().find(|z| !zones.contains(z)) {
                    return Err(format!(
                        "regional {region}: {short} misses unknown AZ ID {z}"
                    ));
                }
            }
        }

        let empty = RawRegional::default();
        let mut services: Vec<ServiceDef> = Vec::new();
        for region in &self.regions {
            let rname = region.name.as_str();
            let values = self.regional.get(rname).unwrap_or(&empty);
            for t in &self.services {
                if let Some(list) = &t.regions
                    && !list.iter().any(|r| r == rname)
                {
                    continue;
                }
                let fill = |s: &str| s.replace("{region}", rname).replace("{short}", &t.short);
                let name = t
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("com.amazonaws.{rname}.{}", t.short));
                if services.iter().any(|s| s.name == name) {
                    return Err(format!("service {} is listed twice", t.short));
                }
                let dns = fill(t.dns.as_deref().unwrap_or("{short}.{region}.amazonaws.com"));
                let private_dns_names = match &t.private_dns_names {
                    Some(v) => v.iter().map(|n| fill(n)).collect(),
                    None => vec![dns.clone()],
                };
                let pl = if t.types.contains(&EndpointType::Gateway) {
                    let pl = prefix_lists
                        .iter()
                        .find(|p| p.name == name && p.region.as_deref() == Some(rname))
                        .ok_or_else(|| format!("gateway service {name} has no prefix list"))?;
                    Some(pl)
                } else {
                    None
                };
                let public_cidrs = match values.public_cidrs.get(&t.short) {
                    Some(c) => c.clone(),
                    None => pl.map(|p| p.cidrs.clone()).unwrap_or_default(),
                };
                services.push(ServiceDef {
                    name,
                    short: t.short.clone(),
                    region: rname.to_string(),
                    dns,
                    private_dns_names,
                    types: t.types.clone(),
                    policy_supported: t.policy_supported,
                    public_cidrs,
                    prefix_list: pl.map(|p| p.id.clone()),
                    missing_zone_ids: values
                        .missing_zone_ids
                        .get(&t.short)
                        .cloned()
                        .unwrap_or_default(),
                    global_names: values
                        .global_names
                        .get(&t.short)
                        .cloned()
                        .unwrap_or_default(),
                });
            }
        }
        Ok(Catalogue::new(self.regions, services, prefix_lists))
    }
}

/// AZ IDs where AWS does not offer cross-Region PrivateLink (rule book IF-31, ES-15, ES-16).
pub const CROSS_REGION_UNSUPPORTED_ZONES: [&str; 5] = [
    "use1-az3",
    "usw1-az2",
    "apne1-az3",
    "apne2-az2",
    "apne2-az4",
];

/// The AWS services reachable through a cross-Region interface endpoint, by the part of the
/// service name after the Region (IF-30): `com.amazonaws.<region>.<this>`.
pub const CROSS_REGION_AWS_SERVICES: [&str; 11] = [
    "s3",
    "ecr.api",
    "ecr.dkr",
    "kms",
    "kms-fips",
    "ecs",
    "lambda",
    "kinesis-firehose",
    "kinesisanalytics",
    "kinesisanalytics-fips",
    "iam",
];

/// Whether an AWS service (full name) may be reached from another Region (IF-30).
pub fn cross_region_capable(full_name: &str) -> bool {
    full_name
        .strip_prefix("com.amazonaws.")
        .and_then(|r| r.split_once('.'))
        .is_some_and(|(_, short)| CROSS_REGION_AWS_SERVICES.contains(&short))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalogue {
        Catalogue::builtin()
    }

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_asset_parses() {
        let c = Catalogue::from_yaml(BUILTIN_YAML).expect("assets/catalogue.yaml parses");
        assert_eq!(c.regions().len(), 7);
        // 26 services in every region, and IAM (global, us-east-1 only).
        assert_eq!(c.services().len(), 7 * 26 + 1);
        assert_eq!(c.prefix_lists().len(), 14);
    }

    #[test]
    fn regions_have_their_abbreviation_and_az_ids() {
        let expect = [
            ("us-east-1", "use1", 6),
            ("us-east-2", "use2", 3),
            ("us-west-2", "usw2", 4),
            ("eu-west-1", "euw1", 3),
            ("eu-central-1", "euc1", 3),
            ("ap-southeast-1", "apse1", 3),
            ("ap-northeast-1", "apne1", 3),
        ];
        for (name, abbr, n) in expect {
            let r = cat().region(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(r.abbr, abbr);
            assert_eq!(region_abbr(name).as_deref(), Some(abbr));
            assert_eq!(r.zone_ids.len(), n, "{name}");
            assert!(
                r.zone_ids
                    .iter()
                    .all(|z| z.starts_with(&format!("{abbr}-az")))
            );
        }
        assert!(cat().region("mars-north-1").is_none());
        // Tokyo: new accounts see 1a/1c/1d = apne1-az4/az1/az2.
        let apne1 = cat().region("ap-northeast-1").unwrap();
        assert!(apne1.zone_ids.contains(&"apne1-az4".to_string()));
    }

    #[test]
    fn every_region_has_every_required_service() {
        let required = [
            "s3",
            "dynamodb",
            "ec2",
            "ssm",
            "ssmmessages",
            "ec2messages",
            "sts",
            "kms",
            "logs",
            "monitoring",
            "secretsmanager",
            "ecr.api",
            "ecr.dkr",
            "sqs",
            "sns",
            "lambda",
            "execute-api",
            "elasticloadbalancing",
            "autoscaling",
            "ecs",
            "kinesis-streams",
            "events",
            "states",
            "rds",
            "elasticfilesystem",
            "cloudtrail",
        ];
        for r in cat().regions() {
            for short in required {
                let s = cat()
                    .service_short(short, &r.name)
                    .unwrap_or_else(|| panic!("{short} in {}", r.name));
                assert_eq!(s.name, format!("com.amazonaws.{}.{short}", r.name));
                assert!(!s.public_cidrs.is_empty(), "{} has CIDRs", s.name);
                assert!(!s.types.is_empty());
            }
        }
    }

    #[test]
    fn service_by_full_name() {
        let s3 = cat().service("com.amazonaws.us-east-1.s3").unwrap();
        assert_eq!(s3.short, "s3");
        assert_eq!(s3.region, "us-east-1");
        assert_eq!(s3.dns, "s3.us-east-1.amazonaws.com");
        assert_eq!(
            s3.types,
            vec![EndpointType::Gateway, EndpointType::Interface]
        );
        assert!(s3.policy_supported);
        assert_eq!(s3.prefix_list.as_deref(), Some("pl-63a5400a"));
        assert!(
            s3.private_dns_names
                .contains(&"*.s3.us-east-1.amazonaws.com".to_string())
        );
        assert!(cat().service("com.amazonaws.us-east-1.nope").is_none());

        let kinesis = cat()
            .service("com.amazonaws.eu-west-1.kinesis-streams")
            .unwrap();
        assert_eq!(kinesis.dns, "kinesis.eu-west-1.amazonaws.com");
        let ecr = cat().service("com.amazonaws.us-west-2.ecr.api").unwrap();
        assert_eq!(ecr.dns, "api.ecr.us-west-2.amazonaws.com");
        assert_eq!(ecr.short, "ecr.api");
    }

    #[test]
    fn short_names_are_per_region() {
        let a = cat().service_short("ssm", "us-east-1").unwrap();
        let b = cat().service_short("ssm", "eu-central-1").unwrap();
        assert_eq!(a.dns, "ssm.us-east-1.amazonaws.com");
        assert_eq!(b.dns, "ssm.eu-central-1.amazonaws.com");
        assert_ne!(a.public_cidrs, b.public_cidrs);
        assert!(cat().service_short("ssm", "mars-north-1").is_none());
    }

    #[test]
    fn endpoint_policy_support_matches_aws() {
        // describe-vpc-endpoint-services: VpcEndpointPolicySupported=false for these.
        for short in ["ssmmessages", "ec2messages", "ecs"] {
            assert!(
                !cat()
                    .service_short(short, "us-east-1")
                    .unwrap()
                    .policy_supported,
                "{short}"
            );
        }
        for short in [
            "s3",
            "dynamodb",
            "ssm",
            "sts",
            "kms",
            "sqs",
            "execute-api",
            "cloudtrail",
        ] {
            assert!(
                cat()
                    .service_short(short, "us-east-1")
                    .unwrap()
                    .policy_supported,
                "{short}"
            );
        }
    }

    #[test]
    fn only_s3_and_dynamodb_offer_gateway_endpoints() {
        for s in cat().services() {
            let gw = s.offers(EndpointType::Gateway);
            assert_eq!(gw, s.short == "s3" || s.short == "dynamodb", "{}", s.name);
            assert_eq!(gw, s.prefix_list.is_some(), "{}", s.name);
            assert!(s.offers(EndpointType::Interface), "{}", s.name);
        }
    }

    #[test]
    fn real_prefix_list_ids() {
        let expect = [
            ("s3", "us-east-1", "pl-63a5400a"),
            ("dynamodb", "us-east-1", "pl-02cd2c6b"),
            ("s3", "us-east-2", "pl-7ba54012"),
            ("dynamodb", "us-east-2", "pl-4ca54025"),
            ("s3", "us-west-2", "pl-68a54001"),
            ("dynamodb", "us-west-2", "pl-00a54069"),
            ("s3", "eu-west-1", "pl-6da54004"),
            ("dynamodb", "eu-west-1", "pl-6fa54006"),
            ("s3", "eu-central-1", "pl-6ea54007"),
            ("dynamodb", "eu-central-1", "pl-66a5400f"),
            ("s3", "ap-southeast-1", "pl-6fa54006"),
            ("dynamodb", "ap-southeast-1", "pl-67a5400e"),
            ("s3", "ap-northeast-1", "pl-61a54008"),
            ("dynamodb", "ap-northeast-1", "pl-78a54011"),
        ];
        for (short, region, id) in expect {
            let s = cat().service_short(short, region).unwrap();
            assert_eq!(s.prefix_list.as_deref(), Some(id), "{short} {region}");
            let pl = cat().prefix_list_in(id, region).unwrap();
            assert_eq!(pl.name, format!("com.amazonaws.{region}.{short}"));
            assert!(pl.aws_managed);
            assert_eq!(
                s.public_cidrs, pl.cidrs,
                "gateway service CIDRs are the list's"
            );
        }
        let s3 = cat().prefix_list("pl-63a5400a").unwrap();
        assert_eq!(
            s3.cidrs,
            [
                "54.231.0.0/17",
                "52.216.0.0/15",
                "3.5.16.0/21",
                "3.5.0.0/20"
            ]
            .map(net)
        );
        assert!(cat().prefix_list("pl-00000000").is_none());
    }

    #[test]
    fn prefix_list_ids_repeat_across_regions() {
        let sg = cat()
            .prefix_list_in("pl-6fa54006", "ap-southeast-1")
            .unwrap();
        let ie = cat().prefix_list_in("pl-6fa54006", "eu-west-1").unwrap();
        assert_eq!(sg.name, "com.amazonaws.ap-southeast-1.s3");
        assert_eq!(ie.name, "com.amazonaws.eu-west-1.dynamodb");
        assert!(cat().prefix_list_in("pl-6fa54006", "us-east-1").is_none());
        // Without a region: the first in catalogue order.
        assert_eq!(cat().prefix_list("pl-6fa54006").unwrap().name, ie.name);
    }

    #[test]
    fn services_do_not_share_addresses() {
        let all: Vec<(Ipv4Net, &str)> = cat()
            .services()
            .iter()
            .flat_map(|s| {
                cat()
                    .service_cidrs(s)
                    .into_iter()
                    .map(move |c| (c, s.name.as_str()))
            })
            .collect();
        for (i, (a, sa)) in all.iter().enumerate() {
            for (b, sb) in &all[i + 1..] {
                if sa != sb {
                    assert!(
                        !a.contains(b) && !b.contains(a),
                        "{sa} {a} overlaps {sb} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn host_lookup_exact_and_wildcard() {
        let c = cat();
        let find = |h: &str| c.service_for_host(h).map(|s| s.name.as_str());
        assert_eq!(
            find("ssm.us-east-1.amazonaws.com"),
            Some("com.amazonaws.us-east-1.ssm")
        );
        assert_eq!(
            find("SSM.US-EAST-1.AMAZONAWS.COM."),
            Some("com.amazonaws.us-east-1.ssm")
        );
        assert_eq!(
            find("s3.eu-west-1.amazonaws.com"),
            Some("com.amazonaws.eu-west-1.s3")
        );
        assert_eq!(
            find("app-data.s3.us-east-1.amazonaws.com"),
            Some("com.amazonaws.us-east-1.s3")
        );
        // A bucket name with dots: the wildcard covers several labels.
        assert_eq!(
            find("logs.example.com.s3.us-west-2.amazonaws.com"),
            Some("com.amazonaws.us-west-2.s3")
        );
        assert_eq!(
            find("111122223333.dkr.ecr.ap-northeast-1.amazonaws.com"),
            Some("com.amazonaws.ap-northeast-1.ecr.dkr")
        );
        assert_eq!(
            find("a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com"),
            Some("com.amazonaws.eu-central-1.execute-api")
        );
        assert_eq!(
            find("kinesis.us-east-2.amazonaws.com"),
            Some("com.amazonaws.us-east-2.kinesis-streams")
        );
        // Global names resolve publicly to us-east-1's service (GLB-1, GLB-3, GLB-4), and are
        // global names, never the Regional one.
        assert_eq!(
            find("sts.amazonaws.com"),
            Some("com.amazonaws.us-east-1.sts")
        );
        assert_eq!(find("iam.amazonaws.com"), Some("com.amazonaws.iam"));
        assert_eq!(find("s3.amazonaws.com"), Some("com.amazonaws.us-east-1.s3"));
        assert_eq!(
            find("my-bucket.s3.amazonaws.com"),
            Some("com.amazonaws.us-east-1.s3")
        );
        let sts = c.service("com.amazonaws.us-east-1.sts").unwrap();
        assert!(c.is_global_name(sts, "sts.amazonaws.com"));
        assert!(!c.is_global_name(sts, "sts.us-east-1.amazonaws.com"));
        let s3 = c.service("com.amazonaws.us-east-1.s3").unwrap();
        assert!(c.is_global_name(s3, "b.s3.amazonaws.com"));
        assert!(!c.is_global_name(s3, "b.s3.us-east-1.amazonaws.com"));
        assert_eq!(find("sts.amazonaws.co"), None);
        assert_eq!(find("example.com"), None);
        assert_eq!(find(""), None);
        assert_eq!(find("."), None);
    }

    #[test]
    fn ip_lookup_uses_prefix_list_and_service_cidrs() {
        let c = cat();
        let find = |a: &str| c.service_for_ip(ip(a)).map(|s| s.name.as_str());
        // batfish A1: 52.216.237.77 is S3 in us-east-1 (inside pl-63a5400a's 52.216.0.0/15).
        assert_eq!(find("52.216.237.77"), Some("com.amazonaws.us-east-1.s3"));
        assert_eq!(find("52.94.0.10"), Some("com.amazonaws.us-east-1.dynamodb"));
        assert_eq!(find("52.218.1.1"), Some("com.amazonaws.eu-west-1.s3"));
        assert_eq!(find("52.94.68.20"), Some("com.amazonaws.us-east-1.ec2"));
        // batfish A3: 54.222.57.1 is no service in these regions.
        assert_eq!(find("54.222.57.1"), None);
        assert_eq!(find("10.0.1.10"), None);
    }

    #[test]
    fn public_ip_is_deterministic_and_inside_the_first_cidr() {
        let c = cat();
        let s3 = c.service_short("s3", "us-east-1").unwrap();
        let a = c.public_ip_for(s3, "app-data.s3.us-east-1.amazonaws.com");
        let b = c.public_ip_for(s3, "APP-DATA.s3.us-east-1.amazonaws.com.");
        assert_eq!(a, b);
        let first = s3.public_cidrs[0];
        assert!(first.contains(&a));
        assert_ne!(a, first.network());
        assert_ne!(a, first.broadcast());
        assert_eq!(
            c.service_for_ip(a).map(|s| s.name.as_str()),
            Some(s3.name.as_str())
        );
        let other = c.public_ip_for(s3, "other-bucket.s3.us-east-1.amazonaws.com");
        assert!(first.contains(&other));
        // Every service's address maps back to it.
        for s in c.services() {
            let addr = c.public_ip_for(s, &s.dns);
            assert_eq!(c.service_for_ip(addr).map(|x| &x.name), Some(&s.name));
        }
    }

    #[test]
    fn public_ip_never_network_or_broadcast_in_tiny_nets() {
        let mut c = Catalogue::new(vec![], vec![], vec![]);
        let mut s = ServiceDef::from_name("com.amazonaws.us-east-1.tiny").unwrap();
        s.public_cidrs = vec![net("198.51.100.8/30")];
        c.add_service(s.clone());
        for i in 0..200 {
            let a = c.public_ip_for(&s, &format!("h{i}.example"));
            assert!(a == ip("198.51.100.9") || a == ip("198.51.100.10"), "{a}");
        }
        let none = ServiceDef::from_name("com.amazonaws.us-east-1.nocidr").unwrap();
        assert!(net("203.0.113.0/24").contains(&c.public_ip_for(&none, "x")));
    }

    #[test]
    fn no_invented_zone_gaps() {
        // AWS documents no AZ gap we could cite for the built-in services: none is assumed
        // (a real subnet in use1-az3 would otherwise get a false SERVICE_ZONE_UNSUPPORTED).
        for s in cat().services() {
            assert!(
                s.missing_zone_ids.is_empty(),
                "{} has an uncited AZ gap {:?}",
                s.name,
                s.missing_zone_ids
            );
        }
        let ssm = cat().service_short("ssm", "us-east-1").unwrap();
        assert!(ssm.supports_zone("use1-az3"));
    }

    #[test]
    fn add_service_overrides_by_name_and_keeps_indexes() {
        let mut c = cat().clone();
        let n = c.services().len();
        let mut api = c
            .service("com.amazonaws.us-east-1.execute-api")
            .unwrap()
            .clone();
        api.dns = "execute-api.us-east-1.amazonaws.com".into();
        api.public_cidrs = vec![net("198.51.100.0/24")];
        api.policy_supported = false;
        c.add_service(api);
        assert_eq!(c.services().len(), n);
        let got = c.service("com.amazonaws.us-east-1.execute-api").unwrap();
        assert!(!got.policy_supported);
        assert_eq!(
            c.service_for_ip(ip("198.51.100.7"))
                .map(|s| s.name.as_str()),
            Some("com.amazonaws.us-east-1.execute-api")
        );
        // Its old CIDR no longer maps to it.
        assert!(c.service_for_ip(ip("3.216.136.5")).is_none());

        let mut custom = ServiceDef::from_name("com.amazonaws.us-east-1.bedrock-runtime").unwrap();
        custom.public_cidrs = vec![net("192.0.2.0/24")];
        c.add_service(custom);
        assert_eq!(c.services().len(), n + 1);
        assert_eq!(
            c.service_short("bedrock-runtime", "us-east-1")
                .map(|s| s.dns.as_str()),
            Some("bedrock-runtime.us-east-1.amazonaws.com")
        );
        assert_eq!(
            c.service_for_host("bedrock-runtime.us-east-1.amazonaws.com")
                .map(|s| s.short.as_str()),
            Some("bedrock-runtime")
        );
        // The shared builtin is untouched.
        assert!(
            cat()
                .service("com.amazonaws.us-east-1.bedrock-runtime")
                .is_none()
        );
    }

    #[test]
    fn add_prefix_list_overrides_by_id_and_feeds_ip_lookup() {
        let mut c = cat().clone();
        let n = c.prefix_lists().len();
        c.add_prefix_list(PrefixListDef {
            id: "pl-corp".into(),
            name: "corp-ranges".into(),
            region: None,
            cidrs: vec![net("192.168.0.0/16")],
            aws_managed: false,
        });
        assert_eq!(c.prefix_lists().len(), n + 1);
        assert_eq!(
            c.prefix_list_in("pl-corp", "eu-west-1").unwrap().name,
            "corp-ranges"
        );

        // GW-8: a model carrying today's S3 range for us-east-1.
        c.add_prefix_list(PrefixListDef {
            id: "pl-63a5400a".into(),
            name: "com.amazonaws.us-east-1.s3".into(),
            region: Some("us-east-1".into()),
            cidrs: vec![net("16.182.0.0/16")],
            aws_managed: true,
        });
        assert_eq!(c.prefix_lists().len(), n + 1);
        assert_eq!(
            c.prefix_list("pl-63a5400a").unwrap().cidrs,
            vec![net("16.182.0.0/16")]
        );
        assert_eq!(
            c.service_for_ip(ip("16.182.3.4")).map(|s| s.name.as_str()),
            Some("com.amazonaws.us-east-1.s3")
        );
        // The other region's list with a shared id is untouched.
        c.add_prefix_list(PrefixListDef {
            id: "pl-6fa54006".into(),
            name: "com.amazonaws.eu-west-1.dynamodb".into(),
            region: Some("eu-west-1".into()),
            cidrs: vec![net("52.94.5.0/24")],
            aws_managed: true,
        });
        assert_eq!(c.prefix_lists().len(), n + 1);
        assert_eq!(
            c.prefix_list_in("pl-6fa54006", "ap-southeast-1")
                .unwrap()
                .name,
            "com.amazonaws.ap-southeast-1.s3"
        );
    }

    #[test]
    fn region_abbr_any_shape() {
        let cases = [
            ("us-east-1", Some("use1")),
            ("us-west-1", Some("usw1")),
            ("eu-central-1", Some("euc1")),
            ("eu-central-2", Some("euc2")),
            ("eu-north-1", Some("eun1")),
            ("eu-south-2", Some("eus2")),
            ("ap-southeast-1", Some("apse1")),
            ("ap-southeast-5", Some("apse5")),
            ("ap-northeast-3", Some("apne3")),
            ("ap-south-1", Some("aps1")),
            ("ap-east-1", Some("ape1")),
            ("sa-east-1", Some("sae1")),
            ("ca-central-1", Some("cac1")),
            ("ca-west-1", Some("caw1")),
            ("me-central-1", Some("mec1")),
            ("il-central-1", Some("ilc1")),
            ("af-south-1", Some("afs1")),
            ("mx-central-1", Some("mxc1")),
            ("us-gov-west-1", Some("usgw1")),
            ("cn-northwest-1", Some("cnnw1")),
            ("us-west-2-lax-1", Some("usw2-lax1")),
            ("us-east-1a", None),
            ("useast1", None),
            ("us-1", None),
            ("us-up-1", None),
            ("", None),
            ("us-east-1-lax", None),
        ];
        for (r, want) in cases {
            assert_eq!(region_abbr(r).as_deref(), want, "{r}");
        }
    }

    #[test]
    fn default_zone_ids_follow_model_md() {
        assert_eq!(
            default_zone_id("us-east-1", "us-east-1a").as_deref(),
            Some("use1-az1")
        );
        assert_eq!(
            default_zone_id("us-east-1", "us-east-1f").as_deref(),
            Some("use1-az6")
        );
        assert_eq!(
            default_zone_id("ap-southeast-1", "ap-southeast-1c").as_deref(),
            Some("apse1-az3")
        );
        assert_eq!(default_zone_id("us-east-1", "us-east-2a"), None);
        assert_eq!(default_zone_id("us-east-1", "us-east-1"), None);
        assert_eq!(default_zone_id("us-east-1", "us-east-1ab"), None);
        assert_eq!(default_zone_id("us-east-1", "us-east-1A"), None);
        let m = default_zone_ids("eu-central-1", &["eu-central-1a", "eu-central-1b", "bogus"]);
        assert_eq!(m.len(), 2);
        assert_eq!(m["eu-central-1a"], "euc1-az1");
        assert_eq!(m["eu-central-1b"], "euc1-az2");
    }

    #[test]
    fn from_name_derives_the_usual_shape() {
        let s = ServiceDef::from_name("com.amazonaws.eu-west-1.ecr.api").unwrap();
        assert_eq!(
            (s.region.as_str(), s.short.as_str()),
            ("eu-west-1", "ecr.api")
        );
        assert!(ServiceDef::from_name("com.amazonaws.vpce.us-east-1.vpce-svc-0abc").is_none());
        assert!(ServiceDef::from_name("aws.sagemaker.us-east-1.notebook").is_none());
        assert!(ServiceDef::from_name("com.amazonaws.iam").is_none());
    }

    #[test]
    fn from_yaml_reports_mistakes() {
        assert!(Catalogue::from_yaml("regions: [").is_err());
        let unknown_field = "regions: []\nservices: []\nbogus: 1\n";
        assert!(Catalogue::from_yaml(unknown_field).is_err());
        let no_pl = "regions: [{name: us-east-1, abbr: use1, zone_ids: [use1-az1]}]\n\
                     services: [{short: s3, types: [gateway], policy_supported: true}]\n";
        let e = Catalogue::from_yaml(no_pl).unwrap_err();
        assert!(e.contains("no prefix list"), "{e}");
        let bad_region = "regions: [{name: us-east-1, abbr: use1, zone_ids: [use1-az1]}]\n\
                          services: [{short: sqs, policy_supported: true}]\n\
                          regional: {us-west-9: {public_cidrs: {sqs: [10.0.0.0/8]}}}\n";
        assert!(
            Catalogue::from_yaml(bad_region)
                .unwrap_err()
                .contains("us-west-9")
        );
        let bad_cidr = "regions: [{name: us-east-1, abbr: use1, zone_ids: [use1-az1]}]\n\
                        services: [{short: sqs, policy_supported: true}]\n\
                        regional: {us-east-1: {public_cidrs: {sqs: [10.0.0.0/33]}}}\n";
        assert!(Catalogue::from_yaml(bad_cidr).is_err());
        let bad_zone = "regions: [{name: us-east-1, abbr: use1, zone_ids: [use1-az1]}]\n\
                        services: [{short: sqs, policy_supported: true}]\n\
                        regional: {us-east-1: {missing_zone_ids: {sqs: [use1-az9]}}}\n";
        assert!(
            Catalogue::from_yaml(bad_zone)
                .unwrap_err()
                .contains("use1-az9")
        );
    }

    #[test]
    fn serde_round_trip_rebuilds_indexes() {
        let json = serde_json::to_string(cat()).unwrap();
        let back: Catalogue = serde_json::from_str(&json).unwrap();
        assert_eq!(back.services(), cat().services());
        assert_eq!(
            back.service_for_host("x.s3.us-east-1.amazonaws.com")
                .map(|s| s.name.as_str()),
            Some("com.amazonaws.us-east-1.s3")
        );
        let t: EndpointType = serde_json::from_str("\"gateway\"").unwrap();
        assert_eq!(t, EndpointType::Gateway);
        assert_eq!(
            serde_json::to_string(&EndpointType::Interface).unwrap(),
            "\"interface\""
        );
    }
}
