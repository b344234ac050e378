//! Raw types -> [`Model`]: resolve every reference, apply AWS's defaults, allocate addresses,
//! derive endpoint states and DNS names, build the indexes, and collect every problem at once.
//!
//! Two passes: the first registers every id (so references may point forward), the second
//! builds objects in exactly the registration order, so an object's index is known before it
//! is built. Checks that need the whole model (warnings) run last.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::sync::Arc;

use ipnet::Ipv4Net;

use super::load::Limits;
use super::raw::*;
use super::warnings as w;
use super::*;
use crate::catalogue::{self, Catalogue, EndpointType, PrefixListDef, ServiceDef};
use crate::diag::{Diagnostic, Pos};
use crate::policy::{self, PolicyKind};
use crate::suggest::{did_you_mean, suggest};

mod additions;
mod addresses;
mod buckets;
mod endpoints;
mod register;
mod resolver;
mod resources;
mod service_networks;
mod services;
mod vpcs;
mod zones;

/// The format versions this build reads.
pub const FORMAT_VERSIONS: &[&str] = &["1"];

fn pos<T>(s: &Located<T>) -> Pos {
    Pos::new(s.line as usize, s.column as usize)
}

/// `help` on a diagnostic being built in place (`cx.err(..).help(..).object = ..`).
trait HelpMut {
    fn help(self, h: impl Into<String>) -> Self;
}

impl HelpMut for &mut Diagnostic {
    fn help(self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }
}

struct Cx {
    file: String,
    diags: Vec<Diagnostic>,
    ids: HashMap<String, ObjectRef>,
    /// Line where each object was first defined (for duplicate-id help).
    first_line: HashMap<ObjectRef, Pos>,
    names: HashMap<String, Named>,
    /// Errors and warnings kept so far, and those counted but not kept
    /// ([`Limits::MAX_DIAGNOSTICS`] of each are kept).
    kept: [usize; 2],
    dropped: [usize; 2],
    /// Where a diagnostic past the limit is built (and forgotten).
    spare: Diagnostic,
    /// Policy files named by the model (read or not), for [`Source::files`].
    files: Vec<PathBuf>,
    /// Comparisons left for "did you mean" suggestions: each compares an unknown reference
    /// with every id of its kind, so a file of many broken references would be quadratic.
    suggest_work_left: usize,
}

/// Comparisons (unknown reference x candidate) spent on suggestions per file: every unknown
/// reference of an ordinary model gets them; a huge file's first few do.
const SUGGEST_WORK: usize = 5_000_000;

impl Cx {
    fn new(file: String) -> Cx {
        Cx {
            file,
            diags: Vec::new(),
            ids: HashMap::new(),
            first_line: HashMap::new(),
            names: HashMap::new(),
            kept: [0; 2],
            dropped: [0; 2],
            spare: Diagnostic::error("", ""),
            suggest_work_left: SUGGEST_WORK,
            files: Vec::new(),
        }
    }

    /// Keep a diagnostic, up to [`Limits::MAX_DIAGNOSTICS`] errors and as many warnings; past
    /// that it is only counted (a file of millions of broken objects must not exhaust memory).
    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        let k = usize::from(!d.is_error());
        if self.kept[k] >= Limits::MAX_DIAGNOSTICS {
            self.dropped[k] += 1;
            self.spare = d;
            return &mut self.spare;
        }
        self.kept[k] += 1;
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn err(&mut self, code: &str, msg: impl Into<String>, at: Pos) -> &mut Diagnostic {
        let d = Diagnostic::error(code, msg).file(self.file.clone()).at(at);
        self.push(d)
    }

    fn warn(&mut self, def: w::WarningDef, msg: impl Into<String>, at: Pos, object: &str) {
        let d = def
            .with(msg)
            .file(self.file.clone())
            .at(at)
            .object(object.to_string());
        self.push(d);
    }

    /// May one more unknown reference get suggestions from `candidates` candidates (at most)?
    /// (See `suggest_work_left`.)
    fn may_suggest(&mut self, candidates: usize) -> bool {
        let yes = candidates <= self.suggest_work_left;
        if yes {
            self.suggest_work_left -= candidates;
        }
        yes
    }

    /// A VPC's implicit object (`vpc-a:main-rtb` and the like) whose id a written object
    /// already holds: a DUPLICATE_ID at the written one. Without this the implicit object
    /// silently replaced it in the id map and references to it went to the implicit one.
    /// Pass 1 calls it once every written id is registered (`first_line` still held).
    fn implicit_id_taken(&mut self, id: &str, vpc_id: &str) {
        let Some(prev) = self.ids.get(id) else { return };
        let at = self.first_line.get(prev).copied().unwrap_or(Pos::UNKNOWN);
        self.err(
            "DUPLICATE_ID",
            format!("duplicate id `{id}`: {vpc_id}'s implicit object has this id"),
            at,
        )
        .help(format!(
            "`{id}` is the id linkscope gives {vpc_id}'s implicit default object; rename this one, or mark it `main: true` / `default: true` if it is meant to be that object"
        ))
        .object = Some(id.to_string());
    }

    fn register(&mut self, id: &Str, r: ObjectRef, name: Option<&str>) {
        let p = pos(id);
        let key = id.value.clone();
        if key.trim().is_empty() {
            self.err("BAD_VALUE", "an id may not be empty", p)
                .help("give every object a unique, non-empty `id`");
            return;
        }
        if let Some(prev) = self
            .ids
            .get(&key)
            .and_then(|r| self.first_line.get(r))
            .map(|p| p.line)
            .or(self.ids.contains_key(&key).then_some(0))
        {
            let help = if prev > 0 {
                format!(
                    "`{key}` is first defined at line {prev}; ids must be unique across the whole file"
                )
            } else {
                "ids must be unique across the whole file".to_string()
            };
            self.err("DUPLICATE_ID", format!("duplicate id `{key}`"), p)
                .help(help)
                .object = Some(key.clone());
            return;
        }
        self.first_line.insert(r, p);
        self.ids.insert(key, r);
        if let Some(n) = name.filter(|n| !n.is_empty()) {
            match self.names.get_mut(n) {
                Some(named) => named.push(r),
                None => {
                    self.names.insert(n.to_string(), Named::One(r));
                }
            }
        }
    }

    /// The account an object names (reported when unknown; 0 then, so building goes on).
    fn account_ix(&mut self, a: &S<Scalar>, owner: &str) -> Ix {
        self.resolve(&a.with(a.value.0.clone()), "account", owner, |o| match o {
            ObjectRef::Account(i) => Some(i),
            _ => None,
        })
        .unwrap_or(0)
    }

    /// Resolve a reference that must be of one kind; report unknown ids with suggestions.
    fn resolve<F>(&mut self, r: &Str, what: &str, owner: &str, pick: F) -> Option<Ix>
    where
        F: Fn(ObjectRef) -> Option<Ix>,
    {
        let id = r.value.as_str();
        match self.ids.get(id).copied() {
            Some(o) => match pick(o) {
                Some(ix) => Some(ix),
                None => {
                    let msg = format!("`{id}` is a {}, not a {what}", o.kind_name());
                    self.err("UNKNOWN_REFERENCE", msg, pos(r))
                        .help(format!("name a {what} here"))
                        .object = Some(owner.to_string());
                    None
                }
            },
            None => {
                // Suggest ids of the right kind first, then names.
                let suggesting = self.may_suggest(self.ids.len());
                let cands: Vec<&str> = if suggesting {
                    self.ids
                        .iter()
                        .filter(|(_, o)| pick(**o).is_some())
                        .map(|(k, _)| k.as_str())
                        .collect()
                } else {
                    // Only whether there is any (for the help's wording).
                    self.ids
                        .iter()
                        .find(|(_, o)| pick(**o).is_some())
                        .map(|(k, _)| k.as_str())
                        .into_iter()
                        .collect()
                };
                let mut s = if suggesting {
                    suggest(id, cands.iter().copied())
                } else {
                    Vec::new()
                };
                if s.is_empty() && suggesting {
                    // A name used where an id is needed?
                    if let Some(objs) = self.names.get(id) {
                        for o in objs.as_slice() {
                            if pick(*o).is_some()
                                && let Some((k, _)) = self.ids.iter().find(|(_, v)| *v == o)
                            {
                                s.push(k.clone());
                            }
                        }
                    }
                }
                let help = did_you_mean(&s).unwrap_or_else(|| {
                    if cands.is_empty() {
                        format!("the model has no {what}; define one, or fix the reference")
                    } else {
                        format!("define a {what} with id `{id}`, or fix the reference")
                    }
                });
                self.err(
                    "UNKNOWN_REFERENCE",
                    format!("unknown {what} `{id}`"),
                    pos(r),
                )
                .help(help)
                .object = Some(owner.to_string());
                None
            }
        }
    }
}

/// An IPv6 CIDR of a route, rule or VPC (RT-19, SG-4, NACL-4), or None after a located error.
fn parse_ipv6_net(cx: &mut Cx, s: &Str, owner: &str) -> Option<ipnet::Ipv6Net> {
    let v = s.value.trim();
    match v.parse::<ipnet::Ipv6Net>() {
        Ok(n) => Some(n.trunc()),
        Err(_) => {
            cx.err("BAD_CIDR", format!("`{v}` is not an IPv6 CIDR"), pos(s))
                .help("write an IPv6 CIDR like ::/0 or 2600:1f18:1234:5600::/56")
                .object = Some(owner.to_string());
            None
        }
    }
}

/// Whether a written CIDR or address is IPv6 (it has a colon; IPv4 never does).
fn is_ipv6_text(s: &Str) -> bool {
    s.value.contains(':')
}

/// A subnet's IPv6 block: AWS gives subnets a /64 (IF-28).
fn parse_ipv6_cidr(cx: &mut Cx, s: &Str, owner: &str) -> Option<ipnet::Ipv6Net> {
    let v = s.value.trim();
    match v.parse::<ipnet::Ipv6Net>() {
        Ok(n) if n.prefix_len() == 64 => Some(n.trunc()),
        _ => {
            cx.err(
                "BAD_CIDR",
                format!("`{v}` is not an IPv6 /64 block"),
                pos(s),
            )
            .help("a subnet's IPv6 CIDR is a /64, e.g. 2600:1f18:1234:5601::/64")
            .object = Some(owner.to_string());
            None
        }
    }
}

fn parse_cidr(cx: &mut Cx, s: &Str, owner: &str) -> Option<Ipv4Net> {
    let v = s.value.trim();
    match v.parse::<Ipv4Net>() {
        Ok(n) => {
            if n.network() != n.addr() {
                // AWS canonicalises (NACL-4); so do we, silently for rules, but a subnet or VPC
                // CIDR with host bits is almost surely a typo: say so.
                return Some(n.trunc());
            }
            Some(n)
        }
        Err(_) => {
            let help = if v.parse::<Ipv4Addr>().is_ok() {
                format!("a CIDR needs a prefix length, e.g. `{v}/32`")
            } else if v.contains(':') {
                "an IPv6 block goes in `ipv6_cidr` (VPCs and subnets); here use an IPv4 CIDR like 10.0.0.0/16".to_string()
            } else {
                "write a CIDR like 10.0.1.0/24".to_string()
            };
            cx.err(
                "BAD_CIDR",
                format!("`{v}` is not an IPv4 CIDR block"),
                pos(s),
            )
            .help(help)
            .object = Some(owner.to_string());
            None
        }
    }
}

fn parse_ip(cx: &mut Cx, s: &Str, owner: &str) -> Option<Ipv4Addr> {
    match s.value.trim().parse::<Ipv4Addr>() {
        Ok(ip) => Some(ip),
        Err(_) => {
            cx.err(
                "BAD_IP",
                format!("`{}` is not an IPv4 address", s.value),
                pos(s),
            )
            .help("write an address like 10.0.1.10")
            .object = Some(owner.to_string());
            None
        }
    }
}

fn parse_protocol(cx: &mut Cx, s: &S<Scalar>, owner: &str) -> Protocol {
    match s.value.0.trim().to_ascii_lowercase().as_str() {
        "tcp" | "6" => Protocol::Tcp,
        "udp" | "17" => Protocol::Udp,
        "icmp" | "1" => Protocol::Icmp,
        "all" | "-1" | "any" => Protocol::All,
        other => {
            cx.err(
                "BAD_PROTOCOL",
                format!("unknown protocol `{other}`"),
                pos(s),
            )
            .help("use tcp, udp, icmp or all")
            .object = Some(owner.to_string());
            Protocol::All
        }
    }
}

fn parse_ports(cx: &mut Cx, s: Option<&S<Scalar>>, owner: &str) -> PortRange {
    let Some(s) = s else {
        return PortRange::ALL;
    };
    let v = s.value.0.trim();
    let parsed = if v.eq_ignore_ascii_case("all") || v == "-1" {
        Some(PortRange::ALL)
    } else if let Some((a, b)) = v.split_once('-') {
        match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
            (Ok(a), Ok(b)) if a <= b => Some(PortRange { from: a, to: b }),
            _ => None,
        }
    } else {
        v.parse::<u16>().ok().map(PortRange::single)
    };
    parsed.unwrap_or_else(|| {
        cx.err(
            "BAD_PORTS",
            format!("`{v}` is not a port or port range"),
            pos(s),
        )
        .help("write a port (443) or a range (1024-65535); omit `ports` for all")
        .object = Some(owner.to_string());
        PortRange::ALL
    })
}

fn bool_or(b: &Option<S<bool>>, default: bool) -> bool {
    b.as_ref().map(|b| b.value).unwrap_or(default)
}

fn label(name: &Option<String>) -> String {
    name.clone().unwrap_or_default()
}

/// Per-subnet address allocator: AWS reserves the first four and the last address (IF-1).
struct Alloc {
    used: HashSet<(Ix, Ipv4Addr)>,
    next: HashMap<Ix, u32>,
}

impl Alloc {
    fn reserved(cidr: &Ipv4Net, ip: Ipv4Addr) -> bool {
        let v = u32::from(ip);
        let start = u32::from(cidr.network());
        let end = u32::from(cidr.broadcast());
        v < start + 4 || v == end
    }

    fn take(&mut self, vpc: Ix, subnet: Ix, cidr: &Ipv4Net) -> Option<Ipv4Addr> {
        let start = u32::from(cidr.network());
        let end = u32::from(cidr.broadcast());
        let cur = self.next.entry(subnet).or_insert(start + 4);
        while *cur < end {
            let ip = Ipv4Addr::from(*cur);
            *cur += 1;
            if self.used.insert((vpc, ip)) {
                return Some(ip);
            }
        }
        None
    }
}

/// Stable 32-bit FNV-1a, for deterministic DNS suffixes.
pub fn stable_hash(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The 8-character suffix AWS adds to an endpoint's DNS names, derived from its id.
pub fn dns_suffix(endpoint_id: &str) -> String {
    const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut h =
        stable_hash(endpoint_id) as u64 | ((stable_hash(&format!("{endpoint_id}#")) as u64) << 32);
    (0..8)
        .map(|_| {
            let c = ALPHA[(h % 36) as usize] as char;
            h /= 36;
            c
        })
        .collect()
}

/// Normalise a DNS name: lowercase, no trailing dot.
pub fn norm_name(s: &str) -> String {
    s.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// YAML numbers and booleans inside an inline policy become JSON strings, as IAM reads them.
fn normalise_policy_value(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Array(a) => Value::Array(a.iter().map(normalise_policy_value).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), normalise_policy_value(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Parse a policy given inline or as a path relative to the model file.
fn load_policy(
    cx: &mut Cx,
    spec: &S<serde_json::Value>,
    base: Option<&std::path::Path>,
    owner: &str,
    kind: PolicyKind,
) -> Option<Arc<policy::PolicyDocument>> {
    let at = pos(spec);
    let doc = match &spec.value {
        serde_json::Value::String(path) => {
            let full: PathBuf = match base {
                Some(b) => b.join(path),
                None => PathBuf::from(path),
            };
            if !cx.files.contains(&full) {
                cx.files.push(full.clone());
            }
            let text = match super::load::read_policy_file(&full) {
                Ok(t) => t,
                Err(e) => {
                    cx.err(
                        "POLICY_FILE_UNREADABLE",
                        format!("cannot read policy file `{}`: {e}", full.display()),
                        at,
                    )
                    .help("paths are relative to the model file; or write the policy inline")
                    .object = Some(owner.to_string());
                    return None;
                }
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            match policy::parse_json(text) {
                Ok(d) => d,
                Err(e) => {
                    let mut d = Diagnostic::error(
                        "BAD_POLICY",
                        format!(
                            "policy `{path}`: {}{}",
                            e.message,
                            if e.path.is_empty() {
                                String::new()
                            } else {
                                format!(" (at {})", e.path)
                            }
                        ),
                    )
                    .file(full.display().to_string())
                    .object(owner.to_string());
                    if let Some(l) = e.line {
                        d = d.at(Pos::new(l, e.column.unwrap_or(1))).line_from(text);
                    }
                    if let Some(h) = e.help {
                        d = d.help(h);
                    }
                    cx.push(d);
                    return None;
                }
            }
        }
        serde_json::Value::Object(_) => {
            match policy::parse_value(&normalise_policy_value(&spec.value)) {
                Ok(d) => d,
                Err(e) => {
                    let msg = format!(
                        "invalid policy: {}{}",
                        e.message,
                        if e.path.is_empty() {
                            String::new()
                        } else {
                            format!(" (at {})", e.path)
                        }
                    );
                    let d = cx.err("BAD_POLICY", msg, at);
                    d.object = Some(owner.to_string());
                    d.help = Some(e.help.unwrap_or_else(|| {
                        "a policy has `Version: \"2012-10-17\"` and `Statement:` with Effect, Principal, Action, Resource".into()
                    }));
                    return None;
                }
            }
        }
        _ => {
            cx.err("BAD_POLICY", "a policy is a mapping (inline document) or a file path", at)
                .help("write `policy: policies/x.json` or an inline `policy: { Version: ..., Statement: [...] }`")
                .object = Some(owner.to_string());
            return None;
        }
    };
    for l in policy::lint(&doc, kind) {
        let msg = if l.path.is_empty() {
            l.message.clone()
        } else {
            format!("{} (at {})", l.message, l.path)
        };
        let d = Diagnostic::warning(l.code, msg)
            .rule(l.rule)
            .file(cx.file.clone())
            .at(at)
            .object(owner.to_string());
        cx.push(d);
    }
    Some(Arc::new(doc))
}

/// Build the model. Every error and warning is collected; errors fail the load.
///
/// The sections run in an order that lets each reference what the earlier ones built (and
/// that fixes the order of diagnostics and of address allocation).
pub fn validate(mut raw: RawModel, mut source: Source) -> Result<Model, LoadError> {
    let mut cx = Cx::new(source.name.clone());
    let base = source.base_dir().map(|p| p.to_path_buf());
    let base = base.as_deref();

    // ---- format version
    let version = raw.linkscope.value.0.trim().to_string();
    if !FORMAT_VERSIONS.contains(&version.as_str()) {
        cx.err(
            "UNSUPPORTED_VERSION",
            format!("this build reads model format version 1, not `{version}`"),
            pos(&raw.linkscope),
        )
        .help("write `linkscope: 1` at the top, or upgrade linkscope");
        return Err(LoadError {
            source: Some(source),
            diagnostics: cx.diags,
        });
    }
    let region = raw
        .region
        .as_ref()
        .map(|r| r.value.trim().to_string())
        .unwrap_or_else(|| "us-east-1".to_string());

    let catalogue = additions::catalogue(&mut cx, &raw);
    // ---- pass 1: register ids in build order
    let n = register::register_ids(&mut cx, &raw);
    let mut accounts = register::accounts(&mut cx, &raw);

    // ---- pass 2: VPCs and everything in them
    // The vectors get their final size up front (pass 1 counted every object): growing by
    // doubling would leave up to half of each unused, and these are the model's largest.
    let mut m = Builder::with_capacity(&n);
    let mut alloc = Alloc {
        used: HashSet::new(),
        next: HashMap::new(),
    };
    vpcs::build_vpcs(&mut cx, &mut m, &mut raw.vpcs, &mut accounts, &region);
    // Everything below may reference any VPC or subnet.
    vpcs::vpc_contents(&mut cx, &mut m, &mut raw.vpcs, &catalogue);
    let propagating = vpcs::routes(&mut cx, &mut m, &mut raw.vpcs, &catalogue);

    // Instances and endpoints, then addresses.
    m.instances.reserve_exact(n.inst);
    let mut pending_ips: Vec<PendingIp> = Vec::with_capacity(n.inst + n.gw + n.ep);
    vpcs::instances(&mut cx, &mut m, &mut raw.vpcs, &mut pending_ips);
    m.endpoints.reserve_exact(n.ep);
    let env = endpoints::Env {
        raw: &raw,
        catalogue: &catalogue,
        base,
        region: &region,
    };
    endpoints::endpoints(&mut cx, &mut m, &env, &mut pending_ips);
    let (resource_gateways, resource_configurations) = resources::resources(&mut cx, &m, &raw);
    let service_networks = service_networks::service_networks(
        &mut cx,
        &raw,
        &resource_configurations,
        &accounts,
        base,
    );

    // The raw VPCs are done with: free them before the rest is built (peak memory on large
    // models is raw + model; this halves the raw part).
    drop(std::mem::take(&mut raw.vpcs));

    services::endpoint_services(&mut cx, &mut m, &raw, &region, &mut pending_ips);
    services::derive_endpoint_states(&cx, &mut m);

    // Transit gateways, their attachments and route tables (MODEL.md, hub and spoke).
    let (mut networks, hosts) = build_networks(&mut cx, &raw.networks);
    vpcs::vgw_propagation(&mut m, &networks, &propagating);
    let transit = build_transit(
        &mut cx,
        &raw.transit_gateways,
        &mut m,
        &mut pending_ips,
        &mut networks,
        &region,
    );

    let mut addrs = addresses::addresses(&mut cx, &mut m, &mut alloc, &pending_ips);
    let (resolver_endpoints, resolver_rules) = resolver::resolver(&mut cx, &m, &mut alloc, &raw);
    for (ei, ep) in resolver_endpoints.iter().enumerate() {
        for (k, (_, ip)) in ep.ips.iter().enumerate() {
            addrs.insert((ep.vpc, *ip), Holder::ResolverEndpoint(ei, k));
        }
    }
    endpoints::gateway_endpoint_routes(&mut m, &catalogue);
    zones::hosted_zones(&mut cx, &mut m, &raw);
    buckets::buckets(&mut cx, &mut m, &raw, base, &region);
    let expectations = buckets::expectations(&mut cx, &raw);
    let subnets_by_addr = subnets_by_addr(&m);
    let has_errors = cx.diags.iter().any(|d| d.is_error());
    source.files = std::mem::take(&mut cx.files);
    let mut model = Model {
        source: source.clone(),
        name: raw.name.clone().unwrap_or_else(|| source.name.clone()),
        description: raw.description.clone().unwrap_or_default(),
        region,
        organization: raw.organization.as_ref().map(|o| o.value.clone()),
        accounts,
        vpcs: m.vpcs,
        subnets: m.subnets,
        route_tables: m.route_tables,
        network_acls: m.network_acls,
        security_groups: m.security_groups,
        gateways: m.gateways,
        peerings: m.peerings,
        instances: m.instances,
        endpoints: m.endpoints,
        endpoint_services: m.endpoint_services,
        resource_gateways,
        resource_configurations,
        service_networks,
        hosted_zones: m.hosted_zones,
        transit_gateways: transit.0,
        tgw_attachments: std::mem::take(&mut m.tgw_attachments),
        tgw_route_tables: transit.1,
        networks,
        hosts,
        resolver_endpoints,
        resolver_rules,
        buckets: m.buckets,
        catalogue,
        expectations,
        warnings: vec![],
        index: Index {
            ids: std::mem::take(&mut cx.ids),
            names: std::mem::take(&mut cx.names),
            subnets_by_addr,
            addrs,
            ..Default::default()
        },
    };
    model.build_derived_indexes();
    if !has_errors {
        cx.dropped[1] += super::checks::run(&model, &mut cx.diags, &cx.file);
    }
    let (errors, warnings): (Vec<_>, Vec<_>) = cx.diags.into_iter().partition(|d| d.is_error());
    let errors = within_limit(errors, cx.dropped[0], &cx.file);
    let warnings = within_limit(warnings, cx.dropped[1], &cx.file);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(LoadError {
            source: Some(source),
            diagnostics: all,
        });
    }
    model.warnings = warnings;
    Ok(model)
}

/// Per VPC, its subnets' address ranges (first, last, subnet), sorted.
fn subnets_by_addr(m: &Builder) -> Vec<Vec<(u32, u32, Ix)>> {
    let mut subnets_by_addr: Vec<Vec<(u32, u32, Ix)>> = vec![Vec::new(); m.vpcs.len()];
    for (i, s) in m.subnets.iter().enumerate() {
        subnets_by_addr[s.vpc].push((
            u32::from(s.cidr.network()),
            u32::from(s.cidr.broadcast()),
            i,
        ));
    }
    for list in &mut subnets_by_addr {
        list.sort_unstable();
    }
    subnets_by_addr
}

/// An interface waiting for its address: holder, VPC, subnet, explicit address (with where it
/// was written and by whom).
type PendingIp = (Holder, Ix, Ix, Option<(Ipv4Addr, Pos, String)>);

#[derive(Default)]
struct Counts {
    vpc: usize,
    subnet: usize,
    rt: usize,
    acl: usize,
    sg: usize,
    gw: usize,
    pcx: usize,
    inst: usize,
    ep: usize,
}

#[derive(Default)]
struct Builder {
    vpcs: Vec<Vpc>,
    subnets: Vec<Subnet>,
    route_tables: Vec<RouteTable>,
    network_acls: Vec<NetworkAcl>,
    security_groups: Vec<SecurityGroup>,
    gateways: Vec<Gateway>,
    peerings: Vec<Peering>,
    instances: Vec<Instance>,
    endpoints: Vec<Endpoint>,
    endpoint_services: Vec<EndpointService>,
    hosted_zones: Vec<HostedZone>,
    buckets: Vec<Bucket>,
    tgw_attachments: Vec<TgwAttachment>,
}

impl Builder {
    /// Vectors sized for the objects pass 1 counted (implicit tables, ACLs and groups
    /// included). Instances and endpoints are reserved in their own pass, once the raw
    /// subnets and routes are freed.
    fn with_capacity(n: &Counts) -> Self {
        Builder {
            vpcs: Vec::with_capacity(n.vpc),
            subnets: Vec::with_capacity(n.subnet),
            route_tables: Vec::with_capacity(n.rt),
            network_acls: Vec::with_capacity(n.acl),
            security_groups: Vec::with_capacity(n.sg),
            gateways: Vec::with_capacity(n.gw),
            peerings: Vec::with_capacity(n.pcx),
            ..Default::default()
        }
    }
}

fn placeholder_endpoint(id: &str, vpc: Ix) -> Endpoint {
    Endpoint {
        id: id.to_string(),
        name: String::new(),
        vpc,
        kind: EndpointKind::Interface,
        target: EndpointTarget::Aws(String::new()),
        route_tables: vec![],
        enis: vec![],
        security_groups: vec![],
        private_dns: false,
        private_dns_only_for_inbound_resolver: false,
        policy: None,
        policy_pos: Pos::UNKNOWN,
        state: EndpointState::Failed,
        state_explicit: false,
        preserve_client_ip: false,
        regional_dns: None,
        zonal_dns: vec![],
        lattice_names: vec![],
        ip_address_type: "ipv4".into(),
        dns_record_ip_type: "ipv4".into(),
        pos: Pos::UNKNOWN,
    }
}

fn has_default_sg(v: &RawVpc) -> bool {
    v.security_groups.iter().any(|g| {
        bool_or(&g.default, false) || (g.default.is_none() && g.name.as_deref() == Some("default"))
    })
}

/// AWS's default outbound rules: all IPv4, and all IPv6 when the VPC has an IPv6 block (SG-7).
fn all_outbound(ipv6: bool) -> Vec<SgRule> {
    let rule = |peer| SgRule {
        protocol: Protocol::All,
        ports: PortRange::ALL,
        peer,
        description: "AWS default: all outbound traffic".into(),
        pos: Pos::UNKNOWN,
    };
    let mut rules = vec![rule(SgPeer::Cidr("0.0.0.0/0".parse().expect("valid")))];
    if ipv6 {
        rules.push(rule(SgPeer::Cidr6("::/0".parse().expect("valid"))));
    }
    rules
}

fn set_ip(m: &mut Builder, h: Holder, ip: Ipv4Addr) {
    match h {
        Holder::Instance(i) => m.instances[i].ip = ip,
        Holder::EndpointEni(e, k) => m.endpoints[e].enis[k].ip = ip,
        Holder::NatGateway(g) => m.gateways[g].ip = Some(ip),
        Holder::LoadBalancer(s, _) => m.endpoint_services[s].load_balancer.node_ips.push(ip),
        Holder::TgwAttachment(a, k) => m.tgw_attachments[a].enis[k].ip = ip,
        Holder::ResolverEndpoint(..) => {} // placed after the other interfaces
    }
}

fn check_same_vpc(cx: &mut Cx, m: &Builder, subnet: Ix, vpc: Ix, r: &Str, owner: &str) {
    if m.subnets[subnet].vpc != vpc {
        let other = m
            .vpcs
            .get(m.subnets[subnet].vpc)
            .map(|v| v.id.clone())
            .unwrap_or_default();
        cx.err(
            "UNKNOWN_REFERENCE",
            format!(
                "subnet `{}` is in VPC `{other}`, not in this object's VPC",
                r.value
            ),
            pos(r),
        )
        .help("use a subnet of the same VPC")
        .object = Some(owner.to_string());
    }
}

fn zone_id_for(
    cx: &mut Cx,
    accounts: &mut [Account],
    account: Ix,
    region: &str,
    zone: &str,
    at: &Str,
    owner: &str,
) -> String {
    let Some(acct) = accounts.get_mut(account) else {
        return String::new();
    };
    if let Some(id) = acct.zones.get(zone) {
        return id.clone();
    }
    if acct.zones_explicit {
        let known: Vec<&str> = acct.zones.keys().map(String::as_str).collect();
        let s = suggest(zone, known.iter().copied());
        cx.err(
            "UNKNOWN_ZONE",
            format!(
                "account {} has no Availability Zone `{zone}` in its `zones`",
                acct.id
            ),
            pos(at),
        )
        .help(did_you_mean(&s).unwrap_or_else(|| format!("known zones: {}", known.join(", "))))
        .object = Some(owner.to_string());
        return String::new();
    }
    // AWS's default order: <region>a -> <abbr>-az1, b -> az2, ...
    let letter = zone
        .strip_prefix(region)
        .filter(|l| l.len() == 1)
        .and_then(|l| l.chars().next());
    match (letter, catalogue::region_abbr(region)) {
        (Some(c), Some(abbr)) if c.is_ascii_lowercase() => {
            let id = format!("{abbr}-az{}", (c as u8 - b'a') + 1);
            acct.zones.insert(zone.to_string(), id.clone());
            id
        }
        _ => {
            cx.err(
                "UNKNOWN_ZONE",
                format!("`{zone}` is not an Availability Zone of region {region}"),
                pos(at),
            )
            .help(format!(
                "AZ names look like {region}a; or give the account an explicit `zones:` map"
            ))
            .object = Some(owner.to_string());
            String::new()
        }
    }
}

fn acl_rules(cx: &mut Cx, rules: &[RawAclRule], owner: &str, dir: &str) -> Vec<AclRule> {
    let mut seen: HashMap<u32, Pos> = HashMap::new();
    let mut out = Vec::new();
    for r in rules {
        let n = r.rule.value;
        if n == 0 || n > 32766 {
            cx.err(
                "BAD_VALUE",
                format!("rule number {n} is outside 1-32766"),
                pos(&r.rule),
            )
            .help("network ACL rules are numbered 1 to 32766 (NACL-3)")
            .object = Some(owner.to_string());
        }
        if let Some(prev) = seen.insert(n, pos(&r.rule)) {
            cx.err(
                "DUPLICATE_RULE_NUMBER",
                format!(
                    "{dir} rule {n} is defined twice (first at line {})",
                    prev.line
                ),
                pos(&r.rule),
            )
            .help("each rule number appears once per direction")
            .object = Some(owner.to_string());
        }
        let protocol = parse_protocol(cx, &r.protocol, owner);
        let ports = parse_ports(cx, r.ports.as_ref(), owner);
        let cidr = if is_ipv6_text(&r.cidr) {
            parse_ipv6_net(cx, &r.cidr, owner).map(ipnet::IpNet::V6)
        } else {
            parse_cidr(cx, &r.cidr, owner).map(ipnet::IpNet::V4)
        };
        let allow = match r.action.value.trim().to_ascii_lowercase().as_str() {
            "allow" => true,
            "deny" => false,
            other => {
                cx.err(
                    "BAD_ENUM",
                    format!("unknown action `{other}`"),
                    pos(&r.action),
                )
                .help("use allow or deny")
                .object = Some(owner.to_string());
                false
            }
        };
        if let Some(cidr) = cidr {
            out.push(AclRule {
                rule: n,
                protocol,
                ports,
                cidr,
                allow,
                pos: pos(&r.rule),
            });
        }
    }
    out
}

fn sg_rules(
    cx: &mut Cx,
    rules: &[RawSgRule],
    owner: &str,
    inbound: bool,
    cat: &Catalogue,
) -> Vec<SgRule> {
    let mut out = Vec::new();
    for r in rules {
        let protocol = parse_protocol(cx, &r.protocol, owner);
        let ports = parse_ports(cx, r.ports.as_ref(), owner);
        let (field, wrong) = if inbound {
            (&r.from, &r.to)
        } else {
            (&r.to, &r.from)
        };
        if let Some(wr) = wrong {
            cx.err(
                "UNKNOWN_FIELD",
                format!(
                    "{} rules name their peer with `{}`, not `{}`",
                    if inbound { "inbound" } else { "outbound" },
                    if inbound { "from" } else { "to" },
                    if inbound { "to" } else { "from" }
                ),
                pos(wr),
            )
            .help(if inbound {
                "write `from: <CIDR, sg id or prefix list id>`"
            } else {
                "write `to: <CIDR, sg id or prefix list id>`"
            })
            .object = Some(owner.to_string());
            continue;
        }
        let Some(peer_ref) = field else {
            cx.err(
                "MISSING_FIELD",
                format!(
                    "a security group rule needs `{}`",
                    if inbound { "from" } else { "to" }
                ),
                pos(&r.protocol),
            )
            .help("give a CIDR, a security group id, or a prefix list id")
            .object = Some(owner.to_string());
            continue;
        };
        let v = peer_ref.value.trim();
        let peer = if v.starts_with("pl-") {
            if cat.prefix_list(v).is_none() {
                let ids: Vec<&str> = cat.prefix_lists().iter().map(|p| p.id.as_str()).collect();
                let s = suggest(v, ids.iter().copied());
                cx.err(
                    "UNKNOWN_REFERENCE",
                    format!("unknown prefix list `{v}`"),
                    pos(peer_ref),
                )
                .help(did_you_mean(&s).unwrap_or_else(|| "declare it under `prefix_lists:`".into()))
                .object = Some(owner.to_string());
                continue;
            }
            SgPeer::PrefixList(v.to_string())
        } else if is_ipv6_text(peer_ref) {
            match parse_ipv6_net(cx, peer_ref, owner) {
                Some(c) => SgPeer::Cidr6(c),
                None => continue,
            }
        } else if v.contains('/') || v.parse::<Ipv4Addr>().is_ok() {
            match parse_cidr(cx, peer_ref, owner) {
                Some(c) => SgPeer::Cidr(c),
                None => continue,
            }
        } else {
            match cx.resolve(peer_ref, "security group", owner, |o| match o {
                ObjectRef::SecurityGroup(i) => Some(i),
                _ => None,
            }) {
                Some(g) => SgPeer::Group(g),
                None => continue,
            }
        };
        out.push(SgRule {
            protocol,
            ports,
            peer,
            description: r.description.clone().unwrap_or_default(),
            pos: pos(&r.protocol),
        });
    }
    out
}

fn resolve_sgs(cx: &mut Cx, list: &[Str], owner: &str) -> Vec<Ix> {
    list.iter()
        .filter_map(|r| {
            cx.resolve(r, "security group", owner, |o| match o {
                ObjectRef::SecurityGroup(i) => Some(i),
                _ => None,
            })
        })
        .collect()
}

fn resolve_endpoints(cx: &mut Cx, list: &[Str], owner: &str) -> Vec<Ix> {
    list.iter()
        .filter_map(|r| {
            cx.resolve(r, "VPC endpoint", owner, |o| match o {
                ObjectRef::Endpoint(i) => Some(i),
                _ => None,
            })
        })
        .collect()
}

fn route(cx: &mut Cx, r: &RawRoute, owner: &str, cat: &Catalogue) -> Option<Route> {
    let to = r.to.value.trim();
    let destination = if to.starts_with("pl-") {
        if cat.prefix_list(to).is_none() {
            let ids: Vec<&str> = cat.prefix_lists().iter().map(|p| p.id.as_str()).collect();
            let s = suggest(to, ids.iter().copied());
            cx.err(
                "UNKNOWN_REFERENCE",
                format!("unknown prefix list `{to}`"),
                pos(&r.to),
            )
            .help(
                did_you_mean(&s)
                    .unwrap_or_else(|| "declare it under `prefix_lists:`, or use a CIDR".into()),
            )
            .object = Some(owner.to_string());
            return None;
        }
        RouteDest::PrefixList(to.to_string())
    } else if is_ipv6_text(&r.to) {
        RouteDest::Cidr6(parse_ipv6_net(cx, &r.to, owner)?)
    } else {
        RouteDest::Cidr(parse_cidr(cx, &r.to, owner)?)
    };
    let via = r.via.value.trim();
    let target = if via == "local" {
        RouteTarget::Local
    } else {
        let o = cx.resolve(
            &r.via,
            "route target (gateway, endpoint, peering or instance)",
            owner,
            |o| match o {
                ObjectRef::Gateway(_)
                | ObjectRef::Endpoint(_)
                | ObjectRef::Peering(_)
                | ObjectRef::Instance(_)
                | ObjectRef::TransitGateway(_) => Some(0),
                _ => None,
            },
        );
        o?;
        match cx.ids.get(via).copied()? {
            ObjectRef::Gateway(i) => RouteTarget::Gateway(i),
            ObjectRef::Endpoint(i) => RouteTarget::Endpoint(i),
            ObjectRef::Peering(i) => RouteTarget::Peering(i),
            ObjectRef::Instance(i) => RouteTarget::Instance(i),
            ObjectRef::TransitGateway(i) => RouteTarget::TransitGateway(i),
            _ => return None,
        }
    };
    let blackhole = match r
        .state
        .as_ref()
        .map(|s| s.value.trim().to_ascii_lowercase())
    {
        None => false,
        Some(s) if s == "active" => false,
        Some(s) if s == "blackhole" => true,
        Some(other) => {
            let st = r.state.as_ref().expect("state");
            cx.err(
                "BAD_ENUM",
                format!("unknown route state `{other}`"),
                pos(st),
            )
            .help("use active or blackhole")
            .object = Some(owner.to_string());
            false
        }
    };
    let origin = match r
        .origin
        .as_ref()
        .map(|s| s.value.trim().to_ascii_lowercase())
    {
        None => RouteOrigin::Static,
        Some(s) if s == "static" => RouteOrigin::Static,
        Some(s) if s == "propagated" => RouteOrigin::Propagated,
        Some(other) => {
            let st = r.origin.as_ref().expect("origin");
            cx.err(
                "BAD_ENUM",
                format!("unknown route origin `{other}`"),
                pos(st),
            )
            .help("use static or propagated")
            .object = Some(owner.to_string());
            RouteOrigin::Static
        }
    };
    Some(Route {
        destination,
        target,
        origin,
        blackhole,
        pos: pos(&r.to),
    })
}

fn resolve_service(
    cx: &mut Cx,
    raw: &RawModel,
    cat: &Catalogue,
    s: &Str,
    vpc_region: &str,
    owner: &str,
) -> EndpointTarget {
    let v = s.value.trim();
    // An endpoint service of the model, by id, service name or name.
    for (i, es) in raw.endpoint_services.iter().enumerate() {
        let region = es.region.as_ref().map(|r| r.value.as_str()).unwrap_or(
            raw.region
                .as_ref()
                .map(|r| r.value.as_str())
                .unwrap_or("us-east-1"),
        );
        if es.id.value == v
            || format!("com.amazonaws.vpce.{region}.{}", es.id.value) == v
            || es.name.as_deref() == Some(v)
        {
            return EndpointTarget::Service(i);
        }
    }
    let full = if v.starts_with("com.amazonaws.") {
        v.to_string()
    } else {
        format!("com.amazonaws.{vpc_region}.{v}")
    };
    if cat.service(&full).is_none() {
        let sug = if cx.may_suggest(cat.services().len() + raw.endpoint_services.len()) {
            let mut cands: Vec<String> = cat
                .services()
                .iter()
                .filter(|x| x.region == vpc_region)
                .map(|x| x.short.clone())
                .collect();
            cands.extend(raw.endpoint_services.iter().map(|e| e.id.value.clone()));
            suggest(v, cands.iter().map(String::as_str))
        } else {
            Vec::new()
        };
        let help = did_you_mean(&sug)
            .unwrap_or_else(|| "add it under `services:` (name, dns, types) if it is real".into());
        let d = w::UNKNOWN_SERVICE
            .with(format!("service `{full}` is not in the built-in catalogue"))
            .file(cx.file.clone())
            .at(pos(s))
            .object(owner.to_string())
            .help(help);
        cx.push(d);
    }
    EndpointTarget::Aws(full)
}

/// At most [`Limits::MAX_DIAGNOSTICS`] diagnostics of one severity, then one that counts the
/// rest (`TOO_MANY_ERRORS`, `TOO_MANY_WARNINGS`).
fn within_limit(mut list: Vec<Diagnostic>, dropped: usize, file: &str) -> Vec<Diagnostic> {
    let max = Limits::MAX_DIAGNOSTICS;
    let more = dropped + list.len().saturating_sub(max);
    if more == 0 {
        return list;
    }
    list.truncate(max);
    let error = list.first().is_none_or(Diagnostic::is_error);
    let (code, what) = if error {
        ("TOO_MANY_ERRORS", "error")
    } else {
        ("TOO_MANY_WARNINGS", "warning")
    };
    let msg = format!(
        "{more} more {what}{} not listed: linkscope lists at most {max} {what}s per file",
        if more == 1 { "" } else { "s" }
    );
    let d = if error {
        Diagnostic::error(code, msg)
    } else {
        Diagnostic::warning(code, msg)
    };
    list.push(
        d.file(file.to_string())
            .help("fix the ones listed (often one mistake repeated) and validate again"),
    );
    list
}

// ---------------------------------------------------------------- transit gateways (§15)

fn register_transit(cx: &mut Cx, tgws: &[RawTransitGateway]) {
    let (mut a, mut t) = (0, 0);
    for (i, g) in tgws.iter().enumerate() {
        cx.register(&g.id, ObjectRef::TransitGateway(i), g.name.as_deref());
        for x in &g.attachments {
            cx.register(&x.id, ObjectRef::TgwAttachment(a), x.name.as_deref());
            a += 1;
        }
        for rt in g.route_tables.iter().flatten() {
            cx.register(&rt.id, ObjectRef::TgwRouteTable(t), rt.name.as_deref());
            t += 1;
        }
        if g.route_tables.is_none() {
            t += 1; // the implicit default table
        }
    }
}

fn attachment_ix(cx: &mut Cx, r: &Str, owner: &str) -> Option<Ix> {
    cx.resolve(r, "transit gateway attachment", owner, |o| match o {
        ObjectRef::TgwAttachment(i) => Some(i),
        _ => None,
    })
}

/// Transit gateways, attachments (interfaces queued in `pending`) and route tables with their
/// propagated routes (TGW-1..TGW-13).
fn build_transit(
    cx: &mut Cx,
    raws: &[RawTransitGateway],
    m: &mut Builder,
    pending: &mut Vec<PendingIp>,
    networks: &mut [Network],
    region: &str,
) -> (Vec<TransitGateway>, Vec<TgwRouteTable>) {
    let mut tgws = Vec::new();
    let mut tables: Vec<TgwRouteTable> = Vec::new();
    for (ti, g) in raws.iter().enumerate() {
        let owner = g.id.value.clone();
        let account = cx.account_ix(&g.account, &owner);
        let tregion = g
            .region
            .as_ref()
            .map(|r| r.value.clone())
            .unwrap_or_else(|| region.to_string());
        let atts: Vec<Ix> = g
            .attachments
            .iter()
            .map(|x| build_attachment(cx, x, ti, m, pending, networks))
            .collect();
        let my_tables = build_tgw_tables(cx, g, ti, &atts, &mut tables);
        associate_tgw_tables(cx, &my_tables, &mut tables, m);
        propagate_tgw_routes(&my_tables, &mut tables, m, networks);
        tgws.push(TransitGateway {
            id: owner,
            name: label(&g.name),
            account,
            region: tregion,
            attachments: atts,
            route_tables: my_tables,
            sg_referencing: bool_or(&g.security_group_referencing, false),
            pos: pos(&g.id),
        });
    }
    (tgws, tables)
}

/// One transit gateway attachment (interfaces queued in `pending`); its index.
fn build_attachment(
    cx: &mut Cx,
    x: &RawTgwAttachment,
    ti: Ix,
    m: &mut Builder,
    pending: &mut Vec<PendingIp>,
    networks: &mut [Network],
) -> Ix {
    let aix = m.tgw_attachments.len();
    let aid = x.id.value.clone();
    let kind = match (&x.vpc, &x.network, x.kind.as_ref().map(|k| k.value.trim())) {
        (Some(_), _, _) => AttachmentKind::Vpc,
        (None, _, Some("direct-connect")) => AttachmentKind::DirectConnect,
        (None, Some(_), _) => AttachmentKind::Vpn,
        (None, None, _) => {
            cx.err(
                "MISSING_FIELD",
                format!("attachment `{aid}` names neither a `vpc` nor a `network`"),
                pos(&x.id),
            )
            .help("a VPC attachment names its `vpc` and `subnets`; a VPN or Direct Connect attachment its `network`")
            .object = Some(aid.clone());
            AttachmentKind::Vpc
        }
    };
    let network = x.network.as_ref().and_then(|r| {
        cx.resolve(r, "site (networks)", &aid, |o| match o {
            ObjectRef::Network(i) => Some(i),
            _ => None,
        })
    });
    if let Some(n) = network {
        networks[n].attachments.push(aix);
    }
    let vpc = x.vpc.as_ref().and_then(|v| {
        cx.resolve(v, "VPC", &aid, |o| match o {
            ObjectRef::Vpc(i) => Some(i),
            _ => None,
        })
    });
    let mut enis = Vec::new();
    if let Some(vix) = vpc {
        let subnets = x.subnets.clone().unwrap_or_default();
        if subnets.is_empty() {
            cx.err(
                "MISSING_FIELD",
                format!("VPC attachment `{aid}` has no `subnets`"),
                pos(&x.id),
            )
            .help("give it one subnet in each AZ whose resources use the transit gateway (TGW-12, TGW-13)")
            .object = Some(aid.clone());
        }
        let mut seen_zone: HashMap<String, String> = HashMap::new();
        for r in &subnets {
            let Some(sx) = cx.resolve(r, "subnet", &aid, |o| match o {
                ObjectRef::Subnet(i) => Some(i),
                _ => None,
            }) else {
                continue;
            };
            check_same_vpc(cx, m, sx, vix, r, &aid);
            let sub = &m.subnets[sx];
            if let Some(prev) = seen_zone.insert(sub.zone_id.clone(), sub.id.clone()) {
                cx.warn(
                    w::TGW_TWO_SUBNETS_IN_ZONE,
                    format!(
                        "attachment `{aid}` lists `{prev}` and `{}`, both in {} ({}); AWS takes one subnet per AZ (TGW-12)",
                        sub.id, sub.zone, sub.zone_id
                    ),
                    pos(r),
                    &aid,
                );
                continue;
            }
            let explicit = x
                .ips
                .as_ref()
                .and_then(|ips| ips.get(&sub.id))
                .and_then(|s| parse_ip(cx, s, &aid).map(|ip| (ip, pos(s), aid.clone())));
            let k = enis.len();
            enis.push(TgwEni {
                subnet: sx,
                ip: Ipv4Addr::UNSPECIFIED,
                zone: sub.zone.clone(),
                zone_id: sub.zone_id.clone(),
            });
            pending.push((Holder::TgwAttachment(aix, k), vix, sx, explicit));
        }
    }
    let state = x
        .state
        .as_ref()
        .map(|s| s.value.trim().to_string())
        .unwrap_or_else(|| "available".into());
    let bgp = !x
        .routing
        .as_ref()
        .is_some_and(|r| r.value.trim().eq_ignore_ascii_case("static"));
    m.tgw_attachments.push(TgwAttachment {
        id: aid,
        name: label(&x.name),
        tgw: ti,
        kind,
        vpc,
        network,
        enis,
        appliance_mode: bool_or(&x.appliance_mode, false),
        available: state.eq_ignore_ascii_case("available"),
        state,
        association: None,
        bgp,
        allowed_prefixes: x
            .allowed_prefixes
            .iter()
            .flatten()
            .filter_map(|c| parse_cidr(cx, c, &x.id.value))
            .collect(),
        pos: pos(&x.id),
    });
    aix
}

/// A transit gateway's route tables: as written, or one default table everything uses; the
/// default association and propagation tables take the attachments no table lists (TGW-4).
fn build_tgw_tables(
    cx: &mut Cx,
    g: &RawTransitGateway,
    ti: Ix,
    atts: &[Ix],
    tables: &mut Vec<TgwRouteTable>,
) -> Vec<Ix> {
    let owner = g.id.value.clone();
    // Route tables: as written, or one default table everything uses (TGW-4).
    let mut my_tables = Vec::new();
    match &g.route_tables {
        None => {
            let tix = tables.len();
            tables.push(TgwRouteTable {
                id: format!("{owner}:default-rtb"),
                name: String::new(),
                tgw: ti,
                associations: atts.to_vec(),
                propagations: atts.to_vec(),
                routes: vec![],
                implicit: true,
                pos: pos(&g.id),
            });
            my_tables.push(tix);
        }
        Some(list) => {
            for rt in list {
                let tix = tables.len();
                let rid = rt.id.value.clone();
                let resolve_list = |cx: &mut Cx, l: &Option<Vec<Str>>| -> Vec<Ix> {
                    l.iter()
                        .flatten()
                        .filter_map(|r| attachment_ix(cx, r, &rid))
                        .collect()
                };
                let associations = resolve_list(cx, &rt.associations);
                let propagations = resolve_list(cx, &rt.propagations);
                let mut routes = Vec::new();
                for r in rt.routes.iter().flatten() {
                    let Some(dest) = parse_cidr(cx, &r.to, &rid) else {
                        continue;
                    };
                    let blackhole = bool_or(&r.blackhole, false);
                    let target = match (&r.via, blackhole) {
                        (_, true) => None,
                        (Some(v), false) => match attachment_ix(cx, v, &rid) {
                            Some(a) => Some(a),
                            None => continue,
                        },
                        (None, false) => {
                            cx.err(
                                "MISSING_FIELD",
                                format!(
                                    "route {} of `{rid}` has neither `via` nor `blackhole: true`",
                                    r.to.value
                                ),
                                pos(&r.to),
                            )
                            .help("name the attachment the route leads to, or make it a blackhole")
                            .object = Some(rid.clone());
                            continue;
                        }
                    };
                    routes.push(TgwRoute {
                        destination: dest,
                        target,
                        origin: TgwRouteOrigin::Static,
                        pos: pos(&r.to),
                    });
                }
                tables.push(TgwRouteTable {
                    id: rid,
                    name: label(&rt.name),
                    tgw: ti,
                    associations,
                    propagations,
                    routes,
                    implicit: false,
                    pos: pos(&rt.id),
                });
                my_tables.push(tix);
            }
            // Defaults: attachments no table lists go to the default tables (TGW-4).
            let default_of = |cx: &mut Cx, r: &Option<Str>| -> Option<Ix> {
                let r = r.as_ref()?;
                cx.resolve(r, "transit gateway route table", &owner, |o| match o {
                    ObjectRef::TgwRouteTable(i) => Some(i),
                    _ => None,
                })
            };
            let da = default_of(cx, &g.default_association_table);
            let dp = default_of(cx, &g.default_propagation_table);
            for &a in atts {
                let listed_a = my_tables
                    .iter()
                    .any(|&t| tables[t].associations.contains(&a));
                let listed_p = my_tables
                    .iter()
                    .any(|&t| tables[t].propagations.contains(&a));
                if let Some(t) = da.filter(|_| !listed_a) {
                    tables[t].associations.push(a);
                }
                if let Some(t) = dp.filter(|_| !listed_p) {
                    tables[t].propagations.push(a);
                }
            }
        }
    }
    my_tables
}

/// Each attachment's association: at most one table (TGW-2).
fn associate_tgw_tables(
    cx: &mut Cx,
    my_tables: &[Ix],
    tables: &mut [TgwRouteTable],
    m: &mut Builder,
) {
    // Associations: at most one table per attachment (TGW-2).
    for &t in my_tables {
        for k in 0..tables[t].associations.len() {
            let a = tables[t].associations[k];
            match m.tgw_attachments[a].association {
                None => m.tgw_attachments[a].association = Some(t),
                Some(prev) if prev != t => {
                    let (aid, p) = (m.tgw_attachments[a].id.clone(), tables[t].pos);
                    cx.warn(
                        w::TGW_TWO_ASSOCIATIONS,
                        format!(
                            "attachment `{aid}` is associated with `{}` and `{}`; AWS associates an attachment with one route table (TGW-2), so this trace uses the first",
                            tables[prev].id, tables[t].id
                        ),
                        p,
                        &aid,
                    );
                }
                _ => {}
            }
        }
    }
}

/// Propagated routes: a VPC attachment propagates its VPC's CIDRs, a BGP VPN or Direct Connect
/// attachment its site's prefixes, a static VPN nothing (TGW-3).
fn propagate_tgw_routes(
    my_tables: &[Ix],
    tables: &mut [TgwRouteTable],
    m: &Builder,
    networks: &[Network],
) {
    // Propagated routes: a VPC attachment propagates its VPC's CIDRs (TGW-3).
    for &t in my_tables {
        let mut extra = Vec::new();
        for &a in &tables[t].propagations {
            let att = &m.tgw_attachments[a];
            // A VPC attachment propagates its CIDRs; a BGP VPN or Direct Connect attachment
            // the site's prefixes; a static VPN nothing (TGW-3).
            let cidrs: Vec<Ipv4Net> = match (att.vpc, att.network) {
                (Some(v), _) => m.vpcs[v].cidrs.clone(),
                (None, Some(n)) if att.bgp => networks[n].cidrs.clone(),
                _ => vec![],
            };
            for c in cidrs {
                extra.push(TgwRoute {
                    destination: c,
                    target: Some(a),
                    origin: TgwRouteOrigin::Propagated,
                    pos: att.pos,
                });
            }
        }
        tables[t].routes.extend(extra);
    }
}

// ---------------------------------------------------------------- sites (§17)

fn register_networks(cx: &mut Cx, nets: &[RawNetwork]) {
    let mut h = 0;
    for (i, n) in nets.iter().enumerate() {
        cx.register(&n.id, ObjectRef::Network(i), n.name.as_deref());
        for x in &n.hosts {
            cx.register(&x.id, ObjectRef::Host(h), x.name.as_deref());
            h += 1;
        }
    }
}

/// Sites and their hosts; a host's address must lie in its site's CIDRs.
fn build_networks(cx: &mut Cx, raws: &[RawNetwork]) -> (Vec<Network>, Vec<Host>) {
    let mut nets = Vec::new();
    let mut hosts = Vec::new();
    for (ni, n) in raws.iter().enumerate() {
        let owner = n.id.value.clone();
        let cidrs: Vec<Ipv4Net> = n
            .cidrs
            .iter()
            .filter_map(|c| parse_cidr(cx, c, &owner))
            .collect();
        if n.cidrs.is_empty() {
            cx.err(
                "MISSING_FIELD",
                format!("site `{owner}` has no `cidrs`"),
                pos(&n.id),
            )
            .help("list the site's address ranges, e.g. cidrs: [192.168.0.0/16]")
            .object = Some(owner.clone());
        }
        let mut mine = Vec::new();
        for x in &n.hosts {
            let Some(ip) = parse_ip(cx, &x.ip, &x.id.value) else {
                continue;
            };
            if !cidrs.is_empty() && !cidrs.iter().any(|c| c.contains(&ip)) {
                cx.err(
                    "IP_OUTSIDE_SUBNET",
                    format!(
                        "host `{}` has address {ip}, outside site `{owner}`'s CIDRs",
                        x.id.value
                    ),
                    pos(&x.ip),
                )
                .help(format!(
                    "use an address in {}",
                    cidrs
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .object = Some(x.id.value.clone());
            }
            mine.push(hosts.len());
            hosts.push(Host {
                id: x.id.value.clone(),
                name: label(&x.name),
                network: ni,
                ip,
                pos: pos(&x.id),
            });
        }
        let routes = n
            .routes
            .iter()
            .flatten()
            .filter_map(|c| parse_cidr(cx, c, &owner))
            .collect();
        let dns = n
            .dns
            .as_ref()
            .and_then(|d| resolver::site_dns(cx, d, ni, &owner, &hosts));
        nets.push(Network {
            id: owner,
            name: label(&n.name),
            cidrs,
            internet: bool_or(&n.internet, false),
            hosts: mine,
            routes,
            attachments: vec![],
            dns,
            pos: pos(&n.id),
        });
    }
    (nets, hosts)
}
