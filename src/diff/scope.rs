//! Which of `diff`'s queries a change can affect, so that only those are traced.
//!
//! Two bounds, both conservative (a query they let through unchanged must have the same outcome
//! in OLD and NEW; letting an unaffected query through only costs time):
//!
//! 1. **Zones, before any trace.** Every object of either model is placed at its home (the VPC
//!    it lives in; a site host at its site; anything else at itself), and homes are joined into
//!    zones by every reference between objects (ids written anywhere in an object, including
//!    policies and DNS names that carry an endpoint's id), by every address written in two
//!    objects, and by overlapping VPC or site CIDRs. A trace reads only objects of the zones of
//!    its source and its destination: it leaves the source's VPC only by following a reference
//!    (a route's target, a peering, an attachment, a resolver rule, a hosted zone's record) or
//!    an address that some object holds. A query neither of whose zones holds a changed object
//!    is not traced at all.
//! 2. **Footprints, after the OLD trace.** Every object a trace names (its steps, the steps of
//!    every other DNS answer's walk, its carrier, the source and the destination) is its
//!    footprint. A
//!    query is traced again in NEW only when its footprint names a changed object or an object
//!    whose VPC holds a change (a VPC that holds a change may answer a lookup differently: a new
//!    endpoint's private DNS, a new route, a new association, an added instance's address), or
//!    when the trace crossed something whose reach is wider than a VPC (a transit gateway, a
//!    peering, a site, a VPN gateway, a Resolver rule: then the zone bound alone decides), or
//!    could not be traced in OLD. One narrower case: a route table whose routes alone changed
//!    touches only itself and its subnets, not its VPC ([`Scope::touch`] says why).
//!
//! Changes this cannot place (the region, the organization, an account, the catalogue's
//! services and prefix lists) make every query affected: the diff is then the full one.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::Value;

use super::ObjectChange;
use crate::engine::Trace;
use crate::model::Model;

/// Objects of one model by kind, as (id, JSON with references as ids) — [`super::objects`].
pub(super) type Objects = Vec<(&'static str, Vec<(String, Value)>)>;

/// Kinds whose objects a trace names when it reads them and whose reach ends at their VPC
/// (or, for a hosted zone, an endpoint service and a bucket, at the objects they reference).
const PLAIN: &[&str] = &[
    "VPC",
    "subnet",
    "route table",
    "network ACL",
    "security group",
    "instance",
    "endpoint",
    "endpoint service",
    "hosted zone",
    "bucket",
];

/// Kinds not placed in any zone: a change to one affects every query.
const GLOBAL: &[&str] = &["account"];

pub(super) struct Scope {
    /// Every query affected: something changed that has no place.
    everything: bool,
    ids: HashMap<String, u32>,
    home: Vec<u32>,
    plain: Vec<bool>,
    /// Each node's zone (its union-find root).
    zone: Vec<u32>,
    /// Nodes a change touched: the changed object, its home, what it references and their homes.
    touched: Vec<bool>,
    /// Zones holding a touched node, by root: a query from a source there is affected.
    touched_zone: Vec<bool>,
    /// The same for a query's destination: a query to a destination there is affected.
    touched_zone_to: Vec<bool>,
    /// Homes holding an address the internet can send to (see [`Scope::touch`]).
    public: Vec<bool>,
}

struct UnionFind(Vec<u32>);
impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let up = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = up;
            x = up;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b) as usize] = a.min(b);
        }
    }
}

/// Every string value of a JSON tree (object keys left out).
fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The pieces of a string that may be ids: the string itself, its parts between `.`, `:`, `/`,
/// `,`, `*`, spaces and quotes, and each part's prefixes ending before a `-` (an interface
/// endpoint's DNS name starts `vpce-0abc-x1y2.`, an ARN ends `vpc/vpc-0abc`).
fn tokens(s: &str, mut each: impl FnMut(&str)) {
    each(s);
    for part in s.split(['.', ':', '/', ',', '*', ' ', '"', '=']) {
        if part.is_empty() || part.len() == s.len() {
            continue;
        }
        each(part);
        for (i, _) in part.match_indices('-').skip(1).take(4) {
            each(&part[..i]);
        }
    }
}

impl Scope {
    /// The scope of `changes` between the models whose objects are `old` and `new`.
    pub(super) fn new(
        old: (&Model, &Objects),
        new: (&Model, &Objects),
        changes: &[ObjectChange],
    ) -> Scope {
        let everything = old.0.region != new.0.region
            || old.0.organization != new.0.organization
            || serde_json::to_value(&old.0.catalogue).ok()
                != serde_json::to_value(&new.0.catalogue).ok()
            || changes.iter().any(|c| GLOBAL.contains(&c.kind));
        let mut s = Scope {
            everything,
            ids: HashMap::new(),
            home: Vec::new(),
            plain: Vec::new(),
            zone: Vec::new(),
            touched: Vec::new(),
            touched_zone: Vec::new(),
            touched_zone_to: Vec::new(),
            public: Vec::new(),
        };
        if everything {
            return s;
        }
        let all = || {
            [old.1, new.1].into_iter().flat_map(|o| {
                o.iter()
                    .filter(|(k, _)| !GLOBAL.contains(k))
                    .flat_map(|(k, l)| l.iter().map(move |(id, v)| (*k, id, v)))
            })
        };
        for (kind, id, v) in all() {
            let n = s.node(id);
            // Internet and NAT gateways act inside their VPC; a VPN or transit gateway reaches
            // beyond it.
            let plain = PLAIN.contains(&kind)
                || (kind == "gateway"
                    && matches!(
                        v.get("kind").and_then(Value::as_str),
                        Some("internet" | "nat")
                    ));
            // An id two kinds share is as wide as the wider of them.
            s.plain[n as usize] &= plain;
        }
        let mut uf = UnionFind((0..s.home.len() as u32).collect());
        for (kind, id, v) in all() {
            let n = s.ids[id.as_str()];
            let at = |key: &str| {
                v.get(key)
                    .and_then(Value::as_str)
                    .and_then(|x| s.ids.get(x))
            };
            let home = match kind {
                "VPC" => None,
                "site host" => at("network"),
                _ => at("vpc").or_else(|| at("network")),
            };
            if let Some(&h) = home {
                // The first model's home wins; a second one is joined to it below.
                if s.home[n as usize] == n {
                    s.home[n as usize] = h;
                }
                uf.union(n, h);
            }
        }
        s.public = vec![false; s.home.len()];
        s.link(&mut uf, all());
        s.zone = (0..s.home.len() as u32).map(|n| uf.find(n)).collect();
        s.touch(old.1, new.1, changes);
        s
    }

    fn node(&mut self, id: &str) -> u32 {
        if let Some(&n) = self.ids.get(id) {
            return n;
        }
        let n = self.home.len() as u32;
        self.ids.insert(id.to_string(), n);
        self.home.push(n);
        self.plain.push(true);
        n
    }

    /// Join into one zone every object with what it references, every two objects writing the
    /// same address, and VPCs and sites whose CIDRs overlap.
    fn link<'a>(
        &mut self,
        uf: &mut UnionFind,
        all: impl Iterator<Item = (&'static str, &'a String, &'a Value)>,
    ) {
        let mut by_ip: HashMap<Ipv4Addr, u32> = HashMap::new();
        let mut cidrs: Vec<(Ipv4Net, u32)> = Vec::new();
        let mut buf = Vec::new();
        for (kind, id, v) in all {
            let n = self.ids[id.as_str()];
            buf.clear();
            strings(v, &mut buf);
            for s in &buf {
                if let Ok(ip) = s.parse::<Ipv4Addr>() {
                    let other = *by_ip.entry(ip).or_insert(n);
                    uf.union(n, other);
                    // A NAT gateway's public address takes no connection from outside.
                    let nat =
                        kind == "gateway" && v.get("kind").and_then(Value::as_str) == Some("nat");
                    if !nat && !crate::engine::steps::is_private(ip) {
                        self.public[self.home[n as usize] as usize] = true;
                    }
                    continue;
                }
                tokens(s, |t| {
                    if let Some(&r) = self.ids.get(t) {
                        uf.union(n, r);
                    }
                });
            }
            if matches!(kind, "VPC" | "site")
                && let Some(Value::Array(cs)) = v.get("cidrs")
            {
                cidrs.extend(
                    cs.iter()
                        .filter_map(|c| c.as_str()?.parse::<Ipv4Net>().ok())
                        .map(|c| (c.trunc(), n)),
                );
            }
        }
        cidrs.sort_by_key(|(c, _)| (c.network(), c.broadcast()));
        let mut open: Option<(Ipv4Addr, u32)> = None;
        for (c, n) in cidrs {
            match open {
                Some((end, m)) if c.network() <= end => {
                    uf.union(n, m);
                    open = Some((end.max(c.broadcast()), m));
                }
                _ => open = Some((c.broadcast(), n)),
            }
        }
    }

    /// Mark what each change touched: the object, its home, and what its JSON in either model
    /// references, with their homes. A route table whose routes alone changed touches only
    /// itself and the subnets using it (in either model): a trace reads a route table only
    /// for a packet in one of its subnets, and names the table and the subnet when it does
    /// (the route step, the return-route step, the NAT gateway's and the transit gateway
    /// attachment's onward route), so the VPC around it need not be. Nor need a query from
    /// another zone: its packet can enter that VPC only by a link (which would have joined the
    /// zones) or from the internet to a public address there (an instance's public IP; not a
    /// NAT gateway's: "external services can't initiate a connection" through one, says AWS's
    /// guide, docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html). So such a table
    /// affects queries to its zone only when its VPC holds such an address.
    fn touch(&mut self, old: &Objects, new: &Objects, changes: &[ObjectChange]) {
        self.touched = vec![false; self.home.len()];
        let mut wide: HashMap<(&str, &str), ()> = HashMap::new();
        let mut routes_only: HashMap<&str, ()> = HashMap::new();
        for c in changes {
            if c.kind == "route table"
                && c.change == "changed"
                && c.fields.iter().all(|f| f == "routes" || f == "name")
            {
                routes_only.insert(c.id.as_str(), ());
            } else {
                wide.insert((c.kind, c.id.as_str()), ());
            }
        }
        let mut buf = Vec::new();
        // (node, whether its home and the queries to its zone are touched too)
        let mut hit: Vec<(u32, bool)> = Vec::new();
        for objs in [old, new] {
            for (kind, list) in objs {
                for (id, v) in list {
                    if *kind == "route table" && routes_only.contains_key(id.as_str()) {
                        hit.push((self.ids[id.as_str()], false));
                    }
                    if *kind == "subnet"
                        && let Some(t) = v.get("route_table").and_then(Value::as_str)
                        && routes_only.contains_key(t)
                    {
                        hit.push((self.ids[id.as_str()], false));
                    }
                    if !wide.contains_key(&(*kind, id.as_str())) {
                        continue;
                    }
                    hit.push((self.ids[id.as_str()], true));
                    buf.clear();
                    strings(v, &mut buf);
                    for s in &buf {
                        tokens(s, |t| {
                            if let Some(&r) = self.ids.get(t) {
                                hit.push((r, true));
                            }
                        });
                    }
                }
            }
        }
        let mut from = vec![false; self.home.len()];
        let mut to = vec![false; self.home.len()];
        for (n, wide) in hit {
            let home = self.home[n as usize];
            for x in [n].into_iter().chain(wide.then_some(home)) {
                self.touched[x as usize] = true;
                let z = self.zone[x as usize] as usize;
                from[z] = true;
                to[z] |= wide || self.public[home as usize];
            }
        }
        self.touched_zone = from;
        self.touched_zone_to = to;
    }

    /// The node of a query's end: an id, or `s3://bucket/...`'s bucket.
    fn end(&self, id: &str) -> Option<u32> {
        let id = id
            .strip_prefix("s3://")
            .map_or(id, |b| b.split('/').next().unwrap_or(b));
        self.ids.get(id).copied()
    }

    /// Bound 1: whether a query from (`to` false) or to (`to` true) this id may be affected:
    /// its zone holds a change. An id no model names is affected (its trace fails in both, or
    /// in one).
    pub(super) fn zone_affected(&self, id: &str, to: bool) -> bool {
        if self.everything {
            return true;
        }
        let zones = if to {
            &self.touched_zone_to
        } else {
            &self.touched_zone
        };
        match self.end(id) {
            Some(n) => zones[self.zone[n as usize] as usize],
            None => true,
        }
    }

    /// Bound 2: whether the OLD trace of `from` → `to` may differ in NEW (see the module's
    /// rule 2). `trace` is the OLD outcome; `Err` when it could not be traced.
    pub(super) fn retrace(&self, from: &str, to: &str, trace: Option<&Trace>) -> bool {
        let Some(t) = trace else { return true };
        if self.everything {
            return true;
        }
        let named = |id: &str| -> bool {
            match self.end(id) {
                // Not a model object (a prefix list, an AWS service name): the catalogue's.
                None => false,
                Some(n) => {
                    let n = n as usize;
                    !self.plain[n] || self.touched[n] || self.touched[self.home[n] as usize]
                }
            }
        };
        let answers = || {
            t.alternatives
                .iter()
                .chain(&t.blocked_answers)
                .chain(&t.answers)
        };
        let steps = t
            .steps
            .iter()
            .chain(answers().filter_map(|a| a.failed_step.as_deref()));
        let walked = answers().flat_map(|a| &a.objects);
        [from, to]
            .into_iter()
            .any(|id| self.end(id).is_none() || named(id))
            || t.via.as_deref().is_some_and(named)
            || t.alternatives
                .iter()
                .chain(&t.answers)
                .filter_map(|a| a.via.as_deref())
                .any(named)
            || steps.flat_map(|s| &s.objects).any(|o| named(o))
            || walked.into_iter().any(|o| named(o))
    }
}
