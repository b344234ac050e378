//! Assembling a trace: the walk from the source's interface to the destination, one step per
//! thing AWS does, in the order it happens (TRACE.md):
//!
//! source, [endpoint: instance connect], dns, route, security-group (source outbound),
//! network-acl (out), [endpoint, endpoint-service], network-acl (in at the destination subnet),
//! security-group (destination inbound), network-acl (return), policy, delivery.
//!
//! The first failing step ends the walk. Each path (local, peering, transit, internet, NAT,
//! gateway endpoint) has its own function here; the endpoint checks live in [`super::endpoint`],
//! the policy step in [`super::authorize`].

use crate::outcome::Reason;
use serde_json::{Map, Value, json};
use std::net::Ipv4Addr;

use super::dns::Resolution;
use super::filter::{self, Dir, Peer};
use super::query::{Parsed, SourceKind};
use super::route;
use super::trace::{Focus, FocusMark, PathKind, Status, Step, StepKind};
use crate::model::{EndpointKind, GatewayKind, Holder, Ix, Model, Protocol, RouteTarget};

/// The walk stopped at a failing step.
#[derive(Debug)]
pub(crate) struct Stop;
pub(crate) type Flow = Result<(), Stop>;

/// Builds one step.
#[derive(Clone)]
pub(crate) struct S(Step);

impl S {
    pub fn new(kind: StepKind, title: impl Into<String>) -> S {
        S(Step {
            kind,
            status: Status::Pass,
            title: title.into(),
            detail: String::new(),
            objects: vec![],
            facts: Map::with_capacity(8),
            rules: vec![],
            concept: None,
            focus: Focus::default(),
        })
    }
    pub fn status(mut self, s: Status) -> S {
        self.0.status = s;
        self
    }
    pub fn title(mut self, t: impl Into<String>) -> S {
        self.0.title = t.into();
        self
    }
    pub fn detail(mut self, d: impl Into<String>) -> S {
        self.0.detail = d.into();
        self
    }
    pub fn more(mut self, d: impl AsRef<str>) -> S {
        if !self.0.detail.is_empty() {
            self.0.detail.push(' ');
        }
        self.0.detail.push_str(d.as_ref());
        self
    }
    pub fn obj(mut self, id: &str) -> S {
        if !id.is_empty() && !self.0.objects.iter().any(|o| o == id) {
            self.0.objects.push(id.to_string());
        }
        self
    }
    pub fn fact(mut self, k: &str, v: impl Into<Value>) -> S {
        self.0.facts.insert(k.to_string(), v.into());
        self
    }
    pub fn rule(mut self, r: &str) -> S {
        if !self.0.rules.iter().any(|x| x == r) {
            self.0.rules.push(r.to_string());
        }
        self
    }
    /// Put `r` first: the rule that decided the step is the one cited first.
    pub fn lead(mut self, r: &str) -> S {
        self.0.rules.retain(|x| x != r);
        self.0.rules.insert(0, r.to_string());
        self
    }
    pub fn rules(mut self, rs: &[&str]) -> S {
        for r in rs {
            self = self.rule(r);
        }
        self
    }
    pub fn concept(mut self, c: &str) -> S {
        self.0.concept = Some(c.to_string());
        self
    }
    pub fn build(mut self) -> Step {
        self.0.focus = focus_of(&self.0);
        self.0
    }
}

/// Private or shared address space that an internet gateway never carries (RT-15).
pub(crate) fn is_private(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    ip.is_private()
        || (o[0] == 100 && (64..128).contains(&o[1]))
        || ip.is_loopback()
        || ip.is_link_local()
}

fn proto_port(p: Protocol, port: u16) -> String {
    format!("{} {port}", p.as_str())
}

/// Stands for a user's public address the model does not know (TEST-NET-2, RFC 5737), when an
/// instance-connect endpoint preserves client IPs (EICE-5).
pub(crate) const CLIENT_STAND_IN: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 10);

/// One ACL crossing: the subnet's ACL read in `dir` for a packet to/from `peer` on `port`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Crossing {
    pub subnet: Ix,
    pub dir: Dir,
    pub peer: Ipv4Addr,
    pub port: u16,
}

/// The walk from the source's interface to one destination address.
pub(crate) struct Walk<'a> {
    pub m: &'a Model,
    pub q: &'a Parsed,
    pub dns: Option<&'a Resolution>,
    pub steps: Vec<Step>,
    pub reason: Option<Reason>,
    /// A short phrase for the failure ("blocked by acl-strict inbound rule *").
    pub short: Option<String>,
    pub path: Option<PathKind>,
    pub via: Option<String>,
    /// What the request reached, for the summary ("S3 in us-east-1").
    pub reached: Option<String>,
    /// The AZ (name) of the destination interface, for alternatives.
    pub dest_zone: Option<String>,
    /// Set once the packet crossed a transit gateway: where it entered and left.
    pub tgw: Option<super::transit::Hop>,
    /// Set when a site's packet entered the VPC through this virtual private gateway (SITE-13).
    pub vgw: Option<Ix>,
}

impl<'a> Walk<'a> {
    pub fn new(m: &'a Model, q: &'a Parsed, dns: Option<&'a Resolution>) -> Self {
        let (path, via) = match q.source.kind {
            SourceKind::InstanceConnect(e) => (
                Some(PathKind::InstanceConnect),
                Some(m.endpoints[e].id.clone()),
            ),
            _ => (None, None),
        };
        Walk {
            m,
            q,
            dns,
            steps: vec![],
            reason: None,
            short: None,
            path,
            via,
            reached: None,
            dest_zone: None,
            tgw: None,
            vgw: None,
        }
    }

    pub fn push(&mut self, s: S) {
        self.steps.push(s.build());
    }

    /// Push a failing step and stop.
    pub fn fail(&mut self, s: S, code: Reason, short: impl Into<String>) -> Stop {
        let mut step = s.status(Status::Fail).build();
        step.focus.blocking = step
            .focus
            .main
            .clone()
            .or_else(|| step.objects.first().cloned());
        self.steps.push(step);
        self.reason = Some(code);
        self.short = Some(short.into());
        Stop
    }

    /// Record the path kind and what carries it (an instance-connect session keeps its own).
    pub fn set_path(&mut self, kind: PathKind, via: Option<&str>) {
        if matches!(self.q.source.kind, SourceKind::InstanceConnect(_)) {
            return;
        }
        self.path = Some(kind);
        self.via = via.map(str::to_string);
    }

    fn src_label(&self) -> String {
        self.q.source.who()
    }

    fn src_is_eice(&self) -> Option<Ix> {
        match self.q.source.kind {
            SourceKind::InstanceConnect(e) => Some(e),
            _ => None,
        }
    }

    // ------------------------------------------------------------------ filters

    /// The source's security groups, outbound (SG-2; EICE-4 for an instance-connect endpoint).
    pub fn sg_out(
        &mut self,
        dst: Ipv4Addr,
        dst_vpc: Option<Ix>,
        dst_groups: Option<&[Ix]>,
    ) -> Flow {
        let m = self.m;
        let q = self.q;
        let src = &q.source;
        let peer = Peer {
            ip: dst,
            vpc: dst_vpc,
            groups: dst_groups,
        };
        let hit = filter::sg_allows(m, &src.groups, Dir::Outbound, q.protocol, q.port, &peer);
        let owner = match src.kind {
            SourceKind::InstanceConnect(e) => {
                format!("instance-connect endpoint {}", m.endpoints[e].id)
            }
            SourceKind::Instance(i) => m.instances[i].id.clone(),
            SourceKind::Interface => format!("the interface at {}", src.ip),
            SourceKind::Site { .. } => src.label.clone(),
        };
        let group_ids: Vec<&str> = src
            .groups
            .iter()
            .map(|&g| m.security_groups[g].id.as_str())
            .collect();
        let mut s = S::new(StepKind::SecurityGroup, "")
            .fact("direction", "outbound")
            .fact("groups", group_ids.clone())
            .rules(&["SG-2", "SG-3"]);
        if matches!(src.kind, SourceKind::InstanceConnect(_)) {
            s = s.rule("EICE-4");
        }
        for g in &group_ids {
            s = s.obj(g);
        }
        // The interface whose groups were checked (lit on the map).
        match src.kind {
            SourceKind::Instance(i) => s = s.obj(&m.instances[i].id),
            SourceKind::InstanceConnect(e) => s = s.obj(&m.endpoints[e].id),
            SourceKind::Interface => s = s.obj(&m.subnets[src.subnet].id),
            SourceKind::Site { network, .. } => s = s.obj(&m.networks[network].id),
        }
        let pp = proto_port(q.protocol, q.port);
        match hit {
            Some(h) => {
                let sg = &m.security_groups[h.group];
                let rule = filter::describe_sg_rule(m, &sg.outbound[h.rule], Dir::Outbound);
                let mut d = format!(
                    "Security groups allow only what a rule names, and they are stateful (SG-2, SG-3). {}'s group {} has the outbound rule \"{rule}\", which covers {pp} to {dst}; the reply is let back in without an inbound rule.",
                    owner, sg.id
                );
                if sg.outbound_defaulted {
                    d.push_str(" (That rule is AWS's default for a group created without outbound rules, D-5.)");
                }
                if matches!(src.kind, SourceKind::InstanceConnect(_)) {
                    d.push_str(" An instance-connect endpoint's group needs outbound rules to the instances it reaches (EICE-4).");
                }
                self.push(
                    s.title(format!("{} outbound: {rule}", sg.id))
                        .detail(d)
                        .fact("group", sg.id.clone())
                        .fact("rule", rule)
                        .fact("rule_index", h.rule),
                );
                Ok(())
            }
            None => {
                let mut d = format!(
                    "None of {owner}'s security groups ({}) has an outbound rule covering {pp} to {dst}. Security groups have no deny rules: without an allowing rule the packet is dropped (SG-2).",
                    group_ids.join(", ")
                );
                if dst_vpc.is_none() && self.has_group_rule(&src.groups, Dir::Outbound) {
                    d.push_str(" A rule naming a security group matches only private addresses of that group's interfaces, never a public address (SG-5).");
                }
                if matches!(src.kind, SourceKind::InstanceConnect(_)) {
                    d.push_str(" An instance-connect endpoint's group needs an outbound rule to the instance on 22 or 3389 (EICE-4).");
                }
                let title = format!("{} allows no outbound {pp} to {dst}", group_ids.join(", "));
                let short = format!(
                    "blocked by {} outbound (no rule for {pp})",
                    group_ids.join(", ")
                );
                Err(self.fail(
                    s.title(title)
                        .detail(d)
                        .fact("group", group_ids.first().copied())
                        .fact("rule", Value::Null),
                    Reason::SgOutboundDeny,
                    short,
                ))
            }
        }
    }

    fn has_group_rule(&self, groups: &[Ix], dir: Dir) -> bool {
        groups.iter().any(|&g| {
            let sg = &self.m.security_groups[g];
            let rules = if dir == Dir::Inbound {
                &sg.inbound
            } else {
                &sg.outbound
            };
            rules
                .iter()
                .any(|r| matches!(r.peer, crate::model::SgPeer::Group(_)))
        })
    }

    /// A destination's security groups, inbound. `who` names the destination.
    #[allow(clippy::too_many_arguments)]
    pub fn sg_in(
        &mut self,
        groups: &[Ix],
        owner: &str,
        at: Option<String>,
        peer: Peer,
        who: &str,
        code: Reason,
        rules: &[&str],
        extra: &str,
    ) -> Flow {
        let m = self.m;
        let q = self.q;
        let pp = proto_port(q.protocol, q.port);
        let hit = filter::sg_allows(m, groups, Dir::Inbound, q.protocol, q.port, &peer);
        let group_ids: Vec<&str> = groups
            .iter()
            .map(|&g| m.security_groups[g].id.as_str())
            .collect();
        let mut s = S::new(StepKind::SecurityGroup, "")
            .fact("direction", "inbound")
            .fact("groups", group_ids.clone())
            .rules(&["SG-2", "SG-3"])
            .rules(rules);
        for g in &group_ids {
            s = s.obj(g);
        }
        // The interface whose groups were checked (lit on the map): by its address when the
        // owner has several (an endpoint's interfaces in each AZ).
        s = s.obj(owner);
        if let Some(a) = at {
            s = s.fact("eni_ip", a);
        }
        match hit {
            Some(h) => {
                let sg = &m.security_groups[h.group];
                let rule = filter::describe_sg_rule(m, &sg.inbound[h.rule], Dir::Inbound);
                let d = format!(
                    "Group {} of {who} has the inbound rule \"{rule}\", which admits {pp} from {}. Being stateful, the group lets the reply out without an outbound rule (SG-3). {extra}",
                    sg.id, peer.ip
                );
                self.push(
                    s.title(format!("{} inbound: {rule}", sg.id))
                        .detail(d.trim_end().to_string())
                        .fact("group", sg.id.clone())
                        .fact("rule", rule)
                        .fact("rule_index", h.rule),
                );
                Ok(())
            }
            None => {
                let mut d = format!(
                    "None of the security groups of {who} ({}) has an inbound rule admitting {pp} from {}. Security groups only allow; with no matching rule the packet is dropped (SG-2).",
                    if group_ids.is_empty() {
                        "none".to_string()
                    } else {
                        group_ids.join(", ")
                    },
                    peer.ip
                );
                if self.has_group_rule(groups, Dir::Inbound) {
                    d.push_str(" A rule naming a security group matches only the private addresses of interfaces in that group (SG-5).");
                }
                if !extra.is_empty() {
                    d.push(' ');
                    d.push_str(extra);
                }
                let title = format!(
                    "{} allows no inbound {pp} from {}",
                    group_ids.join(", "),
                    peer.ip
                );
                let short = format!(
                    "blocked by {} inbound (no rule for {pp} from {})",
                    group_ids.join(", "),
                    peer.ip
                );
                Err(self.fail(
                    s.title(title)
                        .detail(d)
                        .fact("group", group_ids.first().copied())
                        .fact("rule", Value::Null),
                    code,
                    short,
                ))
            }
        }
    }

    /// One network ACL crossing as its own step (`what` says where: "leaving subnet-a").
    pub fn acl(&mut self, c: Crossing, code: Reason, what: &str) -> Flow {
        let m = self.m;
        let q = self.q;
        let sub = &m.subnets[c.subnet];
        let acl = &m.network_acls[sub.network_acl];
        let hit = filter::acl_eval(acl, c.dir, q.protocol, c.port, c.peer);
        let words = filter::describe_acl_hit(acl, c.dir, &hit);
        let pp = proto_port(q.protocol, c.port);
        let s = S::new(StepKind::NetworkAcl, "")
            .obj(&acl.id)
            .obj(&sub.id)
            .fact("acl", acl.id.clone())
            .fact("subnet", sub.id.clone())
            .fact("direction", c.dir.as_str())
            .fact("rule", hit.label())
            .fact("action", if hit.allow { "allow" } else { "deny" })
            .rules(&["NACL-2", "NACL-3"]);
        let fw = if c.dir == Dir::Inbound { "from" } else { "to" };
        let default_note = if acl.implicit {
            " (the VPC's default ACL, which allows everything, NACL-6)"
        } else {
            ""
        };
        if hit.allow {
            self.push(
                s.title(format!("{} {}: {words}", acl.id, c.dir.as_str()))
                    .detail(format!(
                        "Network ACLs are checked where traffic crosses a subnet's edge, rule by rule in ascending number; the first match decides (NACL-3). {what}, {pp} {fw} {} meets {}{default_note}: {words}.",
                        c.peer, acl.id
                    )),
            );
            Ok(())
        } else {
            let short = format!(
                "blocked by {} {} rule {}",
                acl.id,
                c.dir.as_str(),
                hit.label()
            );
            Err(self.fail(
                s.title(format!("{} {} denies {pp} {fw} {}", acl.id, c.dir.as_str(), c.peer)).lead("NACL-3").detail(format!(
                    "{what}, {pp} {fw} {} meets network ACL {} of {}: {words} (NACL-3). ACLs are stateless and check every packet that crosses the subnet's edge (NACL-2).",
                    c.peer, acl.id, sub.id
                )),
                code,
                short,
            ))
        }
    }

    /// The forward crossing out of the source subnet (or a note that the ACLs are not read).
    pub fn acl_out(&mut self, dst: Ipv4Addr, dst_subnet: Option<Ix>) -> Flow {
        let src = &self.q.source;
        if dst_subnet == Some(src.subnet) {
            let sub = &self.m.subnets[src.subnet];
            let acl = &self.m.network_acls[sub.network_acl];
            self.push(
                S::new(StepKind::NetworkAcl, format!("{}: not evaluated inside one subnet", acl.id))
                    .status(Status::Info)
                    .obj(&acl.id)
                    .obj(&sub.id)
                    .fact("acl", acl.id.clone())
                    .fact("direction", "none")
                    .fact("rule", Value::Null)
                    .fact("action", Value::Null)
                    .rule("NACL-5")
                    .detail(format!(
                        "Source and destination are both in {}: the packet never crosses the subnet's edge, and network ACLs are evaluated only where traffic enters or leaves a subnet (NACL-5).",
                        sub.id
                    )),
            );
            return Ok(());
        }
        let what = format!("Leaving {}", self.m.subnets[src.subnet].id);
        self.acl(
            Crossing {
                subnet: src.subnet,
                dir: Dir::Outbound,
                peer: dst,
                port: self.q.port,
            },
            Reason::NaclOutboundDeny,
            &what,
        )
    }

    /// The reply's ACL crossings, as one step (NACL-2, NACL-7).
    pub fn acl_return(&mut self, crossings: &[Crossing]) -> Flow {
        if crossings.is_empty() {
            return Ok(());
        }
        let m = self.m;
        let q = self.q;
        let mut list = Vec::new();
        let mut s = S::new(StepKind::NetworkAcl, "")
            .fact("direction", "return")
            .rules(&["NACL-2", "NACL-7"]);
        let mut last = None;
        for c in crossings {
            let sub = &m.subnets[c.subnet];
            let acl = &m.network_acls[sub.network_acl];
            let hit = filter::acl_eval(acl, c.dir, q.protocol, c.port, c.peer);
            s = s.obj(&acl.id).obj(&sub.id);
            {
                list.push(json!({
                "acl": acl.id, "subnet": sub.id, "direction": c.dir.as_str(), "peer": c.peer.to_string(),
                "port": c.port, "rule": hit.label(), "action": if hit.allow { "allow" } else { "deny" },
            }));
            }
            last = Some((*c, hit));
            if !hit.allow {
                break;
            }
        }
        let (c, hit) = last.expect("non-empty");
        let sub = &m.subnets[c.subnet];
        let acl = &m.network_acls[sub.network_acl];
        s = s
            .fact("acl", acl.id.clone())
            .fact("rule", hit.label())
            .fact("action", if hit.allow { "allow" } else { "deny" })
            .fact("ephemeral_port", q.source_port)
            .fact("crossings", list);
        let eph = format!(
            "The reply goes back to the client's ephemeral port; this trace assumes {} (within the ranges of Linux, Windows 2008+, NAT gateways and ELB, NACL-7; --source-port picks another).",
            q.source_port
        );
        if hit.allow {
            self.push(
                s.title(format!("return traffic to port {} allowed", q.source_port)).detail(format!(
                    "Network ACLs are stateless, so the reply must be allowed by its own rules on the way back (NACL-2). {eph} Every ACL it crosses allows it; the last is {}: {}.",
                    acl.id,
                    filter::describe_acl_hit(acl, c.dir, &hit)
                )),
            );
            Ok(())
        } else {
            let fw = if c.dir == Dir::Inbound { "from" } else { "to" };
            let short = format!(
                "reply blocked by {} {} rule {}",
                acl.id,
                c.dir.as_str(),
                hit.label()
            );
            Err(self.fail(
                s.title(format!("{} {} denies the reply {fw} {} to port {}", acl.id, c.dir.as_str(), c.peer, c.port)).detail(format!(
                    "The request gets through, but network ACLs are stateless (NACL-2): the reply needs its own allowing rule. {eph} At {} the reply {fw} {} meets {}: {}. Allow the ephemeral range (1024-65535 is the usual advice) for return traffic.",
                    sub.id,
                    c.peer,
                    acl.id,
                    filter::describe_acl_hit(acl, c.dir, &hit)
                )),
                Reason::NaclReturnDeny,
                short,
            ))
        }
    }

    // ------------------------------------------------------------------ the walk

    /// Route from the source subnet to `dst`, then follow the path.
    pub fn run(&mut self, dst: Ipv4Addr) -> Flow {
        let m = self.m;
        let src = &self.q.source;
        if let SourceKind::Site { network, .. } = src.kind {
            return super::site::run(self, network, dst);
        }
        let sub = &m.subnets[src.subnet];
        let table = &m.route_tables[sub.route_table];
        let sel = route::select(m, table, dst);
        let base = route_step_base(m, table, &sel, dst, sub.route_table_explicit, &sub.id);
        let Some(w) = sel.winner.clone() else {
            let s = base
                .title(format!("{}: no route matches {dst}", table.id))
                .detail(format!(
                    "{} uses route table {}. No route in it covers {dst}: not the local route of the VPC's CIDRs, nor any other (RT-11). The packet is dropped.",
                    sub.id, table.id
                ))
                .lead("RT-11");
            return Err(self.fail(
                s,
                Reason::NoRoute,
                format!("no route in {} matches {dst}", table.id),
            ));
        };
        let r = &table.routes[w.route];
        if r.blackhole {
            let s = base
                .title(format!("{}: {} → {} is a blackhole", table.id, r.destination.label(), target_label(m, r.target)))
                .detail(format!(
                    "The best route for {dst} in {} is {} → {}, but its state is blackhole: its target is gone or unusable (RT-8), so the packet is dropped.",
                    table.id,
                    r.destination.label(),
                    target_label(m, r.target)
                ))
                .lead("RT-8");
            return Err(self.fail(
                s,
                Reason::BlackholeRoute,
                format!(
                    "route {} in {} is a blackhole",
                    r.destination.label(),
                    table.id
                ),
            ));
        }
        let base = super::bypass::note(m, table, r.target, dst, base);
        match r.target {
            RouteTarget::Local => self.local(base, dst),
            RouteTarget::Gateway(g) => match m.gateways[g].kind {
                GatewayKind::Internet => self.internet(base, g, dst),
                GatewayKind::Nat => self.nat(base, g, dst),
                // An egress-only gateway takes IPv6 routes only (RT-20); validation refuses an
                // IPv4 route to one, so this arm is for completeness.
                GatewayKind::Transit | GatewayKind::Vpn | GatewayKind::EgressOnly => {
                    self.exit(base, g, dst)
                }
            },
            RouteTarget::Endpoint(e) => self.gateway_endpoint(base, e, dst),
            RouteTarget::Peering(p) => self.peering(base, p, dst),
            RouteTarget::Instance(i) => self.appliance(base, i, dst),
            RouteTarget::TransitGateway(t) => super::transit::transit(self, base, t, dst),
        }
    }

    fn local(&mut self, base: S, dst: Ipv4Addr) -> Flow {
        let vpc = self.q.source.vpc;
        let v = &self.m.vpcs[vpc];
        self.set_path(PathKind::Local, None);
        self.push(base.more(format!(
            "{dst} lies in {}'s CIDRs, so the local route carries it inside the VPC (RT-4): no gateway is involved.",
            v.id
        )));
        self.deliver_in_vpc(vpc, dst, None)
    }

    fn peering(&mut self, base: S, p: Ix, dst: Ipv4Addr) -> Flow {
        let m = self.m;
        let pc = &m.peerings[p];
        let src_vpc = self.q.source.vpc;
        let peer_vpc = if pc.vpc == src_vpc {
            pc.peer_vpc
        } else {
            pc.vpc
        };
        let base = base.obj(&pc.id).obj(&m.vpcs[peer_vpc].id).lead("RT-17");
        self.set_path(PathKind::Peering, Some(&pc.id));
        if !pc.active {
            let s = base.lead("RT-8").more(format!(
                "The route sends {dst} to peering connection {}, but its state is {}: only an active peering carries traffic (RT-8).",
                pc.id, pc.state
            ));
            return Err(self.fail(
                s,
                Reason::PeeringNotActive,
                format!("peering {} is {}", pc.id, pc.state),
            ));
        }
        let pv = &m.vpcs[peer_vpc];
        if !pv.cidrs.iter().any(|c| c.contains(&dst)) {
            let s = base.more(format!(
                "The route sends {dst} over peering {} to {}, but {dst} is not inside {}'s CIDRs ({}). A peering carries traffic only to addresses inside the peer VPC: it is not transitive, and the peer's internet gateway, NAT gateway, gateway endpoints or VPN cannot be borrowed across it (RT-17, GW-11).",
                pc.id,
                pv.id,
                pv.id,
                pv.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
            ));
            return Err(self.fail(
                s,
                Reason::PeeringNotTransitive,
                format!(
                    "{dst} is outside peer {} (peering is not transitive)",
                    pv.id
                ),
            ));
        }
        self.push(base.more(format!(
            "The route sends {dst} over peering connection {} (active) to {}, whose CIDRs contain it (RT-17).",
            pc.id, pv.id
        )));
        self.deliver_in_vpc(peer_vpc, dst, Some(RouteTarget::Peering(p)))
    }

    fn exit(&mut self, base: S, g: Ix, dst: Ipv4Addr) -> Flow {
        let m = self.m;
        let gw = &m.gateways[g];
        if gw.kind == GatewayKind::Vpn && !gw.connections.is_empty() {
            return super::site::through_vgw(self, base, g, dst);
        }
        let src_vpc = self.q.source.vpc;
        let kind = if gw.kind == GatewayKind::Transit {
            "transit gateway"
        } else {
            "virtual private gateway (VPN)"
        };
        let base = base.obj(&gw.id);
        if gw.kind == GatewayKind::Transit {
            self.set_path(PathKind::TransitGateway, Some(&gw.id));
        }
        let found: Option<Ix> = if gw.kind == GatewayKind::Transit {
            m.vpcs_containing(dst)
                .into_iter()
                .find(|&v| v != src_vpc && m.subnet_in_vpc(v, dst).is_some())
        } else {
            None
        };
        match found {
            Some(v) => {
                self.set_path(PathKind::TransitGateway, Some(&gw.id));
                self.push(base.status(Status::Warn).obj(&m.vpcs[v].id).more(format!(
                    "The route sends {dst} to {kind} {}. Transit gateway route tables and attachments are not in the model, so this trace assumes the transit gateway delivers to {}, the VPC of the model holding {dst}. Check the transit gateway's route tables yourself.",
                    gw.id,
                    m.vpcs[v].id
                )));
                self.deliver_in_vpc(v, dst, Some(RouteTarget::Gateway(g)))
            }
            None => {
                let s = base.more(format!(
                    "The route sends {dst} to {kind} {}, and there the path leaves the model: no VPC of the model holds {dst}, and what lies beyond the {kind} is not described. The trace cannot show anything delivering to {dst}.",
                    gw.id
                ));
                Err(self.fail(
                    s,
                    Reason::UnreachableTarget,
                    format!("leaves the model through {}", gw.id),
                ))
            }
        }
    }

    fn appliance(&mut self, base: S, i: Ix, dst: Ipv4Addr) -> Flow {
        let m = self.m;
        let inst = &m.instances[i];
        let s = base.obj(&inst.id).more(format!(
            "The route sends {dst} to instance {} (a NAT instance or appliance). The model does not describe what that instance does with traffic, so the trace cannot follow it further.",
            inst.id
        ));
        Err(self.fail(
            s,
            Reason::UnreachableTarget,
            format!("handed to appliance {}", inst.id),
        ))
    }

    fn internet(&mut self, base: S, g: Ix, dst: Ipv4Addr) -> Flow {
        let m = self.m;
        let gw = &m.gateways[g];
        let src = &self.q.source;
        let base = base.obj(&gw.id).lead("RT-15");
        self.set_path(PathKind::Internet, Some(&gw.id));
        if is_private(dst) {
            let s = base.more(format!(
                "The route sends {dst} to internet gateway {}, but {dst} is a private (RFC 1918/6598) address: an internet gateway does not carry traffic to private addresses (RT-15).",
                gw.id
            ));
            return Err(self.fail(
                s,
                Reason::IgwPrivateDestination,
                format!("{} does not carry private address {dst}", gw.id),
            ));
        }
        let Some(public) = src.public_ip else {
            let s = base.more(format!(
                "The route sends {dst} to internet gateway {}, but {} has no public IPv4 address. An internet gateway translates a private address to its public one; without a public address (or an Elastic IP) the packet cannot leave (RT-15). Give it a public address, or route through a NAT gateway.",
                gw.id,
                self.src_label()
            ));
            return Err(self.fail(
                s,
                Reason::NoPublicAddress,
                format!("{} has no public address for {}", self.src_label(), gw.id),
            ));
        };
        self.push(base.more(format!(
            "The route sends {dst} to internet gateway {}; {} leaves with its public address {public} (RT-15).",
            gw.id,
            self.src_label()
        )));
        self.sg_out(dst, None, None)?;
        self.acl_out(dst, None)?;
        self.acl_return(&[Crossing {
            subnet: src.subnet,
            dir: Dir::Inbound,
            peer: dst,
            port: self.q.source_port,
        }])?;
        self.public_delivery(
            dst,
            Some(public),
            format!("{}'s public address {public}", self.src_label()),
        )
    }

    fn nat(&mut self, base: S, g: Ix, dst: Ipv4Addr) -> Flow {
        let m = self.m;
        let q = self.q;
        let nat = &m.gateways[g];
        let src = &q.source;
        let base = base.obj(&nat.id).lead("RT-16");
        self.set_path(PathKind::NatInternet, Some(&nat.id));
        let Some(ns) = nat.subnet else {
            return Err(self.fail(
                base.detail(format!("NAT gateway {} has no subnet.", nat.id)),
                Reason::BlackholeRoute,
                format!("{} has no subnet", nat.id),
            ));
        };
        self.push(base.more(format!(
            "The route sends {dst} to NAT gateway {} in {}. The NAT gateway replaces the source address with its own and forwards the packet using its own subnet's route table (RT-16).",
            nat.id, m.subnets[ns].id
        )));
        // The NAT's own subnet must route the destination to an internet gateway.
        let nsub = &m.subnets[ns];
        let ntable = &m.route_tables[nsub.route_table];
        let sel = route::select(m, ntable, dst);
        let nbase = route_step_base(m, ntable, &sel, dst, nsub.route_table_explicit, &nsub.id)
            .obj(&nat.id)
            .lead("RT-16");
        let onward = sel.winner.as_ref().map(|w| &ntable.routes[w.route]);
        let igw = onward.and_then(|r| match r.target {
            RouteTarget::Gateway(x)
                if m.gateways[x].kind == GatewayKind::Internet && !r.blackhole =>
            {
                Some(x)
            }
            _ => None,
        });
        let Some(igw) = igw else {
            let what = match onward {
                None => format!("has no route for {dst} at all"),
                Some(r) if r.blackhole => format!(
                    "routes it to a blackhole ({} → {})",
                    r.destination.label(),
                    target_label(m, r.target)
                ),
                Some(r) => format!(
                    "routes it to {}, not to an internet gateway",
                    target_label(m, r.target)
                ),
            };
            let s = nbase.title(format!("NAT {}'s subnet {}: no internet route", nat.id, nsub.id)).more(format!(
                "A public NAT gateway reaches the internet through an internet gateway on its own subnet's route table (RT-16). {}'s subnet {} uses {}, which {what}. Traffic sent to {} is dropped: the route to it is a dead end.",
                nat.id, nsub.id, ntable.id, nat.id
            ));
            return Err(self.fail(
                s,
                Reason::BlackholeRoute,
                format!("{}'s subnet {} has no internet route", nat.id, nsub.id),
            ));
        };
        if is_private(dst) {
            let s = nbase.obj(&m.gateways[igw].id).more(format!(
                "{dst} is a private address; the NAT gateway's subnet sends it to internet gateway {}, which does not carry private destinations (RT-15).",
                m.gateways[igw].id
            ));
            return Err(self.fail(
                s,
                Reason::IgwPrivateDestination,
                format!(
                    "{} does not carry private address {dst}",
                    m.gateways[igw].id
                ),
            ));
        }
        let seen = match nat.public_ip {
            Some(ip) => format!("{ip}"),
            None => "its Elastic IP (not given in the model)".into(),
        };
        self.push(nbase.obj(&m.gateways[igw].id).more(format!(
            "From {}'s subnet {}, table {} sends {dst} to internet gateway {}; the world sees the NAT gateway's public address {seen} (RT-16).",
            nat.id,
            nsub.id,
            ntable.id,
            m.gateways[igw].id
        )));
        self.sg_out(dst, None, None)?;
        let nat_ip = nat.ip.unwrap_or(dst);
        if ns != src.subnet {
            self.acl_out(dst, Some(ns))?;
            let what = format!("Entering {} on the way to NAT gateway {}", nsub.id, nat.id);
            self.acl(
                Crossing {
                    subnet: ns,
                    dir: Dir::Inbound,
                    peer: src.ip,
                    port: q.port,
                },
                Reason::NaclInboundDeny,
                &what,
            )?;
        } else {
            self.acl_out(nat_ip, Some(ns))?;
        }
        let what = format!(
            "Leaving {} from NAT gateway {} towards the internet",
            nsub.id, nat.id
        );
        self.acl(
            Crossing {
                subnet: ns,
                dir: Dir::Outbound,
                peer: dst,
                port: q.port,
            },
            Reason::NaclOutboundDeny,
            &what,
        )?;
        let mut back = vec![Crossing {
            subnet: ns,
            dir: Dir::Inbound,
            peer: dst,
            port: q.source_port,
        }];
        if ns != src.subnet {
            back.push(Crossing {
                subnet: ns,
                dir: Dir::Outbound,
                peer: src.ip,
                port: q.source_port,
            });
            back.push(Crossing {
                subnet: src.subnet,
                dir: Dir::Inbound,
                peer: dst,
                port: q.source_port,
            });
        }
        self.acl_return(&back)?;
        self.public_delivery(
            dst,
            nat.public_ip,
            format!("NAT gateway {}'s public address {seen}", nat.id),
        )
    }

    fn gateway_endpoint(&mut self, base: S, e: Ix, dst: Ipv4Addr) -> Flow {
        let m = self.m;
        let ep = &m.endpoints[e];
        let src = &self.q.source;
        self.set_path(PathKind::GatewayEndpoint, Some(&ep.id));
        self.push(base.obj(&ep.id).rules(&["GW-3", "GW-6"]).more(format!(
            "{dst} is in the AWS-managed prefix list of the service in this region, and the gateway endpoint's route to that list is the most specific match, so the packet goes to gateway endpoint {} rather than to the internet (GW-3, GW-6). DNS did not change: gateway endpoints work by routing (GW-12).",
            ep.id
        )));
        self.sg_out(dst, None, None)?;
        self.acl_out(dst, None)?;
        super::endpoint::gateway_step(self, e, dst)?;
        self.acl_return(&[Crossing {
            subnet: src.subnet,
            dir: Dir::Inbound,
            peer: dst,
            port: self.q.source_port,
        }])?;
        let svc = super::endpoint::endpoint_service_name(m, e);
        super::endpoint::aws_port_check(self, svc.as_deref(), dst)?;
        super::authorize::policy_steps(self, Some(e), None)?;
        let seen = src.ip.to_string();
        let what = svc
            .clone()
            .map(|s| service_words(m, &s))
            .unwrap_or_else(|| "the service".into());
        self.reached = Some(what.clone());
        self.push(
            S::new(StepKind::Delivery, format!("{what} sees source {seen} (private address, via {})", ep.id))
                .fact("destination", dst.to_string())
                .fact("seen_source_ip", seen.clone())
                .fact("service", svc)
                .rule("GW-13")
                .detail(format!(
                    "The request reaches {what} at {dst} through gateway endpoint {}. The service sees the private source address {seen}, not a public one (GW-13), and aws:SourceVpce/aws:SourceVpc are set for its policies.",
                    ep.id
                )),
        );
        Ok(())
    }

    /// Delivery to an AWS service or the internet over a public path (IGW or NAT).
    fn public_delivery(
        &mut self,
        dst: Ipv4Addr,
        public: Option<Ipv4Addr>,
        seen_words: String,
    ) -> Flow {
        let m = self.m;
        let svc: Option<String> = self
            .dns
            .and_then(|d| d.service.clone())
            .or_else(|| m.catalogue.service_for_ip(dst).map(|s| s.name.clone()));
        let seen = public.map(|p| p.to_string());
        match svc {
            Some(svc) => {
                super::endpoint::aws_port_check(self, Some(&svc), dst)?;
                super::authorize::policy_steps(self, None, public)?;
                let what = service_words(m, &svc);
                self.reached = Some(what.clone());
                self.push(
                    S::new(StepKind::Delivery, format!("{what} sees source {}", seen.clone().unwrap_or_else(|| "the NAT's Elastic IP".into())))
                        .fact("destination", dst.to_string())
                        .fact("seen_source_ip", seen)
                        .fact("service", svc.clone())
                        .rules(&["DNS-12", "POL-25"])
                        .detail(format!(
                            "The request reaches {what} at its public address {dst} over the internet. It sees {seen_words} as the source; no VPC endpoint is involved, so aws:SourceVpce is absent and aws:SourceIp is that public address (POL-25)."
                        )),
                );
            }
            None => {
                self.reached = Some(format!("the internet ({dst})"));
                self.push(
                    S::new(StepKind::Delivery, format!("reaches the internet at {dst}"))
                        .status(Status::Warn)
                        .fact("destination", dst.to_string())
                        .fact("seen_source_ip", seen)
                        .detail(format!(
                            "The packet leaves AWS for {dst} with source {seen_words}. Whether anything answers there is outside the model."
                        )),
                );
            }
        }
        Ok(())
    }

    /// Delivery to an interface endpoint's interface (in the VPC, after the source's side):
    /// the interface, its ACL and groups, then what lies behind it — an endpoint service, a
    /// resource configuration, a service network or an AWS service (TRACE.md, order of checks).
    fn deliver_to_interface(&mut self, e: Ix, k: usize, a: Arrival) -> Flow {
        let m = self.m;
        let q = self.q;
        let src = &q.source;
        let Arrival {
            dst,
            subnet: ds,
            same,
            src_peer,
            back,
            hop,
            in_what,
        } = a;
        let ep = &m.endpoints[e];
        let svc_target = match ep.target {
            crate::model::EndpointTarget::Service(s) => Some(s),
            _ => None,
        };
        // Is the interface usable at all (state, acceptance, principals, AZs)? Then
        // its ACL and groups; then what lies behind it (TRACE.md, order of checks).
        super::endpoint::interface_step(self, e, k)?;
        if let Some(s) = svc_target {
            super::endpoint::service_step(self, e, k, s)?;
        }
        if !same {
            self.acl(
                Crossing {
                    subnet: ds,
                    dir: Dir::Inbound,
                    peer: src.ip,
                    port: q.port,
                },
                Reason::NaclInboundDeny,
                &in_what,
            )?;
        }
        let who = format!("endpoint {}'s interface {dst}", ep.id);
        self.sg_in(
            &ep.security_groups,
            &ep.id,
            Some(dst.to_string()),
            src_peer,
            &who,
            Reason::SgInboundDeny,
            &["IF-11"],
            "An interface endpoint's security groups must admit the clients on the service's port (IF-11).",
        )?;
        if let crate::model::EndpointTarget::Resource(r) = ep.target {
            // A resource endpoint (ES-26..ES-32): configuration, gateway, resource.
            super::resource::configuration_step(self, e, r)?;
            super::resource::gateway_steps(self, e, k, r)?;
            self.return_route(ds, hop)?;
            self.acl_return(&back)?;
            return super::resource::delivery(self, e, k, r, dst);
        }
        if let crate::model::EndpointTarget::ServiceNetwork(n) = ep.target {
            // A service-network endpoint (ES-33..ES-39): the association, then the
            // same resource gateway and delivery as a resource endpoint.
            let r = super::resource::association_step(self, e, n)?;
            super::resource::gateway_steps(self, e, k, r)?;
            self.return_route(ds, hop)?;
            self.acl_return(&back)?;
            return super::resource::delivery(self, e, k, r, dst);
        }
        super::endpoint::interface_behind(self, e, k)?;
        if let Some(s) = svc_target {
            super::endpoint::nlb_groups_step(self, s)?;
            super::endpoint::service_behind(self, e, s)?;
            super::targets::targets_step(self, e, k, s)?;
        }
        self.return_route(ds, hop)?;
        self.acl_return(&back)?;
        match svc_target {
            Some(s) => {
                super::authorize::policy_steps(self, Some(e), None)?;
                super::endpoint::service_delivery(self, e, k, s, dst);
            }
            None => {
                let svc = super::endpoint::endpoint_service_name(m, e);
                super::authorize::policy_steps(self, Some(e), None)?;
                let what = svc
                    .clone()
                    .map(|s| service_words(m, &s))
                    .unwrap_or_else(|| "the service".into());
                self.reached = Some(what.clone());
                self.push(
                    S::new(StepKind::Delivery, format!("{what} sees source {} (via {})", src.ip, ep.id))
                        .obj(&ep.id)
                        .fact("destination", dst.to_string())
                        .fact("seen_source_ip", src.ip.to_string())
                        .fact("service", svc)
                        .rules(&["IF-9", "POL-24"])
                        .detail(format!(
                            "The request reaches {what} through interface endpoint {}'s network interface {dst} (PrivateLink). The service sees the private source address {}, and aws:SourceVpce/aws:SourceVpc are set (POL-24). Only replies flow back: the service cannot open connections into the VPC (IF-9).",
                            ep.id, src.ip
                        )),
                );
            }
        }
        Ok(())
    }

    /// Deliver to whatever holds `dst` in VPC `vpc`; `hop` is the peering or transit gateway the
    /// traffic crossed, whose return route is checked.
    /// One piece on purpose: the checks at the destination in the packet's order (holder,
    /// groups and ACLs out, then per kind of holder the checks behind the interface, the reply's
    /// route and ACLs, policies, delivery); each holder's branch shares the crossings computed
    /// above it. The per-service checks live in `endpoint`, `authorize` and `transit`; an interface
    /// endpoint's branch in [`Walk::deliver_to_interface`].
    pub(crate) fn deliver_in_vpc(
        &mut self,
        vpc: Ix,
        dst: Ipv4Addr,
        hop: Option<RouteTarget>,
    ) -> Flow {
        let m = self.m;
        let q = self.q;
        let src = &q.source;
        let dsub = m.subnet_in_vpc(vpc, dst);
        let holder = m.holder_of(vpc, dst);
        if let Some(ds) = dsub {
            self.dest_zone = Some(m.subnets[ds].zone.clone());
        }
        let (Some(ds), Some(holder)) = (dsub, holder) else {
            let where_ = match dsub {
                Some(s) => format!("in subnet {}", m.subnets[s].id),
                None => format!("in no subnet of {}", m.vpcs[vpc].id),
            };
            let mut s = S::new(StepKind::Delivery, format!("nothing holds {dst}"))
                .obj(&m.vpcs[vpc].id)
                .fact("destination", dst.to_string())
                .fact("seen_source_ip", Value::Null)
                .detail(format!(
                    "{dst} is {where_}, but no instance, endpoint interface, NAT gateway or load balancer of the model holds that address. The packet has nowhere to go."
                ));
            if let Some(sn) = dsub {
                s = s.obj(&m.subnets[sn].id);
            }
            return Err(self.fail(s, Reason::UnreachableTarget, format!("nothing holds {dst}")));
        };
        self.right_destination(vpc, dst, ds, holder)?;
        self.eice_same_vpc(vpc, holder)?;
        // Where the packet leads is known from here on, whatever fails next.
        if let Holder::EndpointEni(e, _) = holder
            && m.endpoints[e].kind == EndpointKind::Interface
        {
            let ep = &m.endpoints[e];
            let kind = match ep.target {
                crate::model::EndpointTarget::Service(_) => PathKind::EndpointService,
                _ => PathKind::InterfaceEndpoint,
            };
            self.set_path(kind, Some(&ep.id));
        }
        let tgw = self.tgw;
        if let Some(h) = tgw {
            // Across a transit gateway the source's group and ACL were checked on the way in;
            // here the packet leaves the attachment's interface (TGW-18).
            super::transit::leave_attachment(self, &h, ds, dst)?;
        } else if self.vgw.is_some() {
            // From a site through a virtual private gateway: no interface or subnet of the
            // source in AWS, so nothing to leave (SITE-13).
        } else {
            let dgroups = filter::holder_groups(m, holder);
            self.sg_out(dst, Some(vpc), Some(dgroups))?;
            self.acl_out(dst, Some(ds))?;
        }
        // Within one subnet no ACL applies (NACL-5); from a transit gateway interface in the
        // destination's own subnet, none either (TGW-18).
        let same = match tgw {
            Some(h) => m.tgw_attachments[h.dst_att].enis[h.dst_eni].subnet == ds,
            None => self.vgw.is_none() && ds == src.subnet,
        };
        let dsub_id = m.subnets[ds].id.clone();
        // Group references match across a transit gateway only with referencing on (TGW-20).
        let refs_ok =
            tgw.is_none_or(|h| m.transit_gateways[h.tgw].sg_referencing) && !src.is_site();
        let src_peer = Peer {
            ip: src.ip,
            vpc: refs_ok.then_some(src.vpc),
            groups: refs_ok.then_some(&src.groups[..]),
        };
        let back: Vec<Crossing> = if let Some(h) = tgw {
            super::transit::reply_crossings(self, &h, ds, dst)
        } else if same {
            vec![]
        } else if self.vgw.is_some() {
            // The reply leaves the destination subnet for the gateway; no source subnet.
            vec![Crossing {
                subnet: ds,
                dir: Dir::Outbound,
                peer: src.ip,
                port: q.source_port,
            }]
        } else {
            vec![
                Crossing {
                    subnet: ds,
                    dir: Dir::Outbound,
                    peer: src.ip,
                    port: q.source_port,
                },
                Crossing {
                    subnet: src.subnet,
                    dir: Dir::Inbound,
                    peer: dst,
                    port: q.source_port,
                },
            ]
        };
        let in_what = format!("Entering {dsub_id}");
        match holder {
            Holder::EndpointEni(e, k) if m.endpoints[e].kind == EndpointKind::Interface => self
                .deliver_to_interface(
                    e,
                    k,
                    Arrival {
                        dst,
                        subnet: ds,
                        same,
                        src_peer,
                        back,
                        hop,
                        in_what,
                    },
                ),
            Holder::EndpointEni(e, _) => {
                let ep = &m.endpoints[e];
                let s = S::new(StepKind::Delivery, format!("{} accepts no connections", ep.id))
                    .obj(&ep.id)
                    .fact("destination", dst.to_string())
                    .fact("seen_source_ip", Value::Null)
                    .rule("EICE-1")
                    .detail(format!(
                        "{dst} is the interface of EC2 Instance Connect endpoint {}. It relays users' sessions outward to instances; it is not something a client in the VPC connects to (EICE-1).",
                        ep.id
                    ));
                Err(self.fail(
                    s,
                    Reason::UnreachableTarget,
                    format!("{} accepts no connections", ep.id),
                ))
            }
            Holder::TgwAttachment(a, _) => {
                let att = &m.tgw_attachments[a];
                let s = S::new(StepKind::Delivery, format!("{} accepts no connections", att.id))
                    .obj(&att.id)
                    .fact("destination", dst.to_string())
                    .fact("seen_source_ip", Value::Null)
                    .rule("TGW-12")
                    .detail(format!(
                        "{dst} is an interface of transit gateway attachment {}. It carries traffic routed through the transit gateway; nothing listens on it (TGW-12).",
                        att.id
                    ));
                Err(self.fail(
                    s,
                    Reason::UnreachableTarget,
                    format!("{} accepts no connections", att.id),
                ))
            }
            Holder::NatGateway(g) => {
                let gw = &m.gateways[g];
                let s = S::new(StepKind::Delivery, format!("NAT gateway {} accepts no connections", gw.id))
                    .obj(&gw.id)
                    .fact("destination", dst.to_string())
                    .fact("seen_source_ip", Value::Null)
                    .rule("RT-16")
                    .detail(format!(
                        "{dst} is NAT gateway {}'s private address. A NAT gateway forwards traffic routed through it; nothing listens on its address (RT-16).",
                        gw.id
                    ));
                Err(self.fail(
                    s,
                    Reason::UnreachableTarget,
                    format!("NAT gateway {} accepts no connections", gw.id),
                ))
            }
            Holder::ResolverEndpoint(e, _) => {
                let ep = &m.resolver_endpoints[e];
                if ep.direction != crate::model::ResolverDirection::Inbound || q.port != 53 {
                    let s = S::new(StepKind::Delivery, format!("{} accepts no {} {}", ep.id, q.protocol.as_str(), q.port))
                        .obj(&ep.id)
                        .fact("destination", dst.to_string())
                        .fact("seen_source_ip", Value::Null)
                        .rule("RSLV-1")
                        .detail(format!(
                            "{dst} is an interface of Resolver endpoint {}. Only an inbound endpoint answers, and only DNS on port 53 (RSLV-1, RSLV-4); an outbound endpoint only sends queries (RSLV-3).",
                            ep.id
                        ));
                    return Err(self.fail(
                        s,
                        Reason::UnreachableTarget,
                        format!("{} accepts no {} {}", ep.id, q.protocol.as_str(), q.port),
                    ));
                }
                self.set_path_default_local();
                if !same {
                    self.acl(
                        Crossing {
                            subnet: ds,
                            dir: Dir::Inbound,
                            peer: src.ip,
                            port: q.port,
                        },
                        Reason::NaclInboundDeny,
                        &in_what,
                    )?;
                }
                let (peer, _) = self.inbound_peer_for_instance();
                self.sg_in(
                    &ep.security_groups,
                    &ep.id,
                    Some(dst.to_string()),
                    peer,
                    &format!("Resolver endpoint {}", ep.id),
                    Reason::SgInboundDeny,
                    &["RSLV-4"],
                    "",
                )?;
                self.return_route(ds, hop)?;
                self.acl_return(&back)?;
                self.reached = Some(format!("Resolver endpoint {}", ep.id));
                self.push(
                    S::new(StepKind::Delivery, format!("{} receives DNS from {}", ep.id, src.ip))
                        .obj(&ep.id)
                        .obj(&dsub_id)
                        .fact("destination", ep.id.clone())
                        .fact("seen_source_ip", src.ip.to_string())
                        .rule("RSLV-4")
                        .detail(format!(
                            "The query reaches inbound Resolver endpoint {} at {dst} on {} 53: its security groups admit it and its subnet's ACL and routes apply like any interface's (RSLV-4).",
                            ep.id,
                            q.protocol.as_str()
                        )),
                );
                Ok(())
            }
            Holder::Instance(i) => {
                let inst = &m.instances[i];
                self.set_path_default_local();
                // With client IP preservation, the instance's subnet sees the user's address.
                let client = self.client_ip();
                let back: Vec<Crossing> = back
                    .into_iter()
                    .map(|c| {
                        if c.subnet == ds && c.dir == Dir::Outbound {
                            Crossing { peer: client, ..c }
                        } else {
                            c
                        }
                    })
                    .collect();
                if !same {
                    self.acl(
                        Crossing {
                            subnet: ds,
                            dir: Dir::Inbound,
                            peer: client,
                            port: q.port,
                        },
                        Reason::NaclInboundDeny,
                        &in_what,
                    )?;
                }
                let (peer, extra) = self.inbound_peer_for_instance();
                self.sg_in(
                    &inst.security_groups,
                    &inst.id,
                    None,
                    peer,
                    &format!("instance {}", inst.id),
                    Reason::SgInboundDeny,
                    &self.eice_rules(),
                    &extra,
                )?;
                self.return_route(ds, hop)?;
                self.acl_return(&back)?;
                let seen = self.seen_by_instance();
                self.reached = Some(format!("instance {}", inst.id));
                self.push(
                    S::new(StepKind::Delivery, format!("{} receives {} {} from {seen}", inst.id, q.protocol.as_str(), q.port))
                        .obj(&inst.id)
                        .obj(&dsub_id)
                        .fact("destination", inst.id.clone())
                        .fact("seen_source_ip", seen.clone())
                        .detail(format!(
                            "The packet reaches instance {} at {dst} on {} {}, with source address {seen}.{}",
                            inst.id,
                            q.protocol.as_str(),
                            q.port,
                            self.eice_seen_note()
                        )),
                );
                Ok(())
            }
            Holder::LoadBalancer(s, _) => {
                let es = &m.endpoint_services[s];
                self.set_path_default_local();
                if !same {
                    self.acl(
                        Crossing {
                            subnet: ds,
                            dir: Dir::Inbound,
                            peer: src.ip,
                            port: q.port,
                        },
                        Reason::NaclInboundDeny,
                        &in_what,
                    )?;
                }
                let lb = &es.load_balancer;
                if !lb.security_groups.is_empty() {
                    let who = format!("{}'s load balancer", es.id);
                    self.sg_in(
                        &lb.security_groups,
                        &es.id,
                        None,
                        src_peer,
                        &who,
                        Reason::SgInboundDeny,
                        &[],
                        "",
                    )?;
                }
                super::endpoint::listener_check(self, s)?;
                self.return_route(ds, hop)?;
                self.acl_return(&back)?;
                self.reached = Some(format!("{}'s load balancer", es.id));
                self.push(
                    S::new(StepKind::Delivery, format!("{}'s load balancer node {dst} accepts {} {}", es.id, q.protocol.as_str(), q.port))
                        .obj(&es.id)
                        .fact("destination", dst.to_string())
                        .fact("seen_source_ip", src.ip.to_string())
                        .detail(format!(
                            "The packet reaches a node of {}'s network load balancer directly (not through PrivateLink); it has a listener for {} {}.",
                            es.id,
                            q.protocol.as_str(),
                            q.port
                        )),
                );
                Ok(())
            }
        }
    }

    /// The instance asked for by id is the one the address leads to: two VPCs may share an
    /// address range, and the route then leads to the other VPC's machine (RT-4, TGW-9).
    fn right_destination(&mut self, vpc: Ix, dst: Ipv4Addr, ds: Ix, holder: Holder) -> Flow {
        let m = self.m;
        let super::query::Target::Instance(want) = self.q.target else {
            return Ok(());
        };
        if holder == Holder::Instance(want) {
            return Ok(());
        }
        let wanted = &m.instances[want];
        let got = match holder {
            Holder::Instance(i) => format!("instance {}", m.instances[i].id),
            Holder::EndpointEni(e, _) => format!("an interface of {}", m.endpoints[e].id),
            Holder::NatGateway(g) => format!("NAT gateway {}", m.gateways[g].id),
            Holder::LoadBalancer(s, _) => format!("{}'s load balancer", m.endpoint_services[s].id),
            Holder::TgwAttachment(a, _) => {
                format!(
                    "an interface of transit gateway attachment {}",
                    m.tgw_attachments[a].id
                )
            }
            Holder::ResolverEndpoint(e, _) => {
                format!(
                    "an interface of Resolver endpoint {}",
                    m.resolver_endpoints[e].id
                )
            }
        };
        let here = &m.vpcs[vpc];
        let there = &m.vpcs[m.subnets[wanted.subnet].vpc];
        let s = S::new(
            StepKind::Delivery,
            format!("{dst} here is {got}, not {}", wanted.id),
        )
        .obj(&here.id)
        .obj(&m.subnets[ds].id)
        .obj(&wanted.id)
        .fact("destination", dst.to_string())
        .fact("expected", wanted.id.clone())
        .fact("seen_source_ip", Value::Null)
        .rules(&["RT-4", "TGW-9"])
        .detail(format!(
            "{} has address {dst} in {}, but {} also uses that range, and the route leads to {}'s {dst}: {got}. The packet reaches the wrong machine. Two VPCs that share an address range cannot reach each other's copies of it: the local route of a VPC always wins for its own CIDRs (RT-4), and a transit gateway routes a shared range to one attachment only (TGW-9). Renumber one VPC, or reach the service through PrivateLink, which does not care about overlapping ranges.",
            wanted.id, there.id, here.id, here.id
        ));
        let short = format!("{dst} leads to {got} in {}, not {}", here.id, wanted.id);
        Err(self.fail(s, Reason::WrongDestination, short))
    }

    /// With client IP preservation on, an instance-connect endpoint reaches only instances of
    /// its own VPC (EICE-6).
    fn eice_same_vpc(&mut self, vpc: Ix, holder: Holder) -> Flow {
        let m = self.m;
        let Some(e) = self.src_is_eice() else {
            return Ok(());
        };
        let ep = &m.endpoints[e];
        if !ep.preserve_client_ip || ep.vpc == vpc || !matches!(holder, Holder::Instance(_)) {
            return Ok(());
        }
        let target = match holder {
            Holder::Instance(i) => m.instances[i].id.clone(),
            _ => String::new(),
        };
        let s = S::new(
            StepKind::Endpoint,
            format!(
                "{} preserves client IPs: it reaches only instances in {}",
                ep.id, m.vpcs[ep.vpc].id
            ),
        )
        .obj(&ep.id)
        .obj(&target)
        .fact("endpoint", ep.id.clone())
        .fact("type", "instance-connect")
        .fact("preserve_client_ip", true)
        .fact("target_vpc", m.vpcs[vpc].id.clone())
        .rules(&["EICE-6", "EICE-5"])
        .detail(format!(
            "Instance Connect endpoint {} has client IP preservation on, and then the target instance must be in the endpoint's own VPC {} (EICE-6). {target} is in {},: the connection fails. Turn client IP preservation off (the instance then sees the endpoint's address, EICE-5), or create an endpoint in {}.",
            ep.id,
            m.vpcs[ep.vpc].id,
            m.vpcs[vpc].id,
            m.vpcs[vpc].id
        ));
        Err(self.fail(
            s,
            Reason::EiceClientIpPreservationUnsupported,
            format!(
                "{} preserves client IPs and {target} is outside {}",
                ep.id, m.vpcs[ep.vpc].id
            ),
        ))
    }

    fn set_path_default_local(&mut self) {
        if self.path.is_none() {
            self.set_path(PathKind::Local, None);
        }
    }

    fn eice_rules(&self) -> Vec<&'static str> {
        if self.src_is_eice().is_some() {
            vec!["EICE-5"]
        } else {
            vec![]
        }
    }

    /// Who the destination instance's groups see (EICE-5 with client IP preservation).
    /// The address the destination instance sees: the source's, or with an instance-connect
    /// endpoint that preserves client IPs, the user's public address (EICE-5), which the model
    /// does not know: [`CLIENT_STAND_IN`] stands for it.
    fn client_ip(&self) -> Ipv4Addr {
        match self.src_is_eice() {
            Some(e) if self.m.endpoints[e].preserve_client_ip => CLIENT_STAND_IN,
            _ => self.q.source.ip,
        }
    }

    /// Who the destination instance's groups see (EICE-5).
    fn inbound_peer_for_instance(&self) -> (Peer<'a>, String) {
        let src = &self.q.source;
        let peer = Peer {
            ip: self.client_ip(),
            vpc: (!src.is_site()).then_some(src.vpc),
            groups: Some(&self.q.source.groups),
        };
        match self.src_is_eice() {
            Some(e) if self.m.endpoints[e].preserve_client_ip => (
                peer,
                format!("With client IP preservation on, the instance sees the user's own public address (EICE-5). The model does not know it, so {CLIENT_STAND_IN} (a documentation address) stands for it: a rule naming the endpoint's security group, or an address range covering any client, admits it.")
            ),
            Some(_) => (
                peer,
                "With client IP preservation off (the default, D-9), the instance sees the instance-connect endpoint's interface address, so its group must admit the endpoint's security group or address range (EICE-5).".to_string(),
            ),
            None => (peer, String::new()),
        }
    }

    fn seen_by_instance(&self) -> String {
        match self.src_is_eice() {
            Some(e) if self.m.endpoints[e].preserve_client_ip => {
                "the user's public address".to_string()
            }
            _ => self.q.source.ip.to_string(),
        }
    }

    fn eice_seen_note(&self) -> String {
        match self.src_is_eice() {
            Some(e) if self.m.endpoints[e].preserve_client_ip => format!(
                " {} preserves the client IP, so the instance sees the user's public address (EICE-5).",
                self.m.endpoints[e].id
            ),
            Some(e) => format!(
                " The session is relayed by {}; with client IP preservation off the instance sees the endpoint's interface address (EICE-5, D-9).",
                self.m.endpoints[e].id
            ),
            None => String::new(),
        }
    }

    /// Across a peering or transit gateway, the destination subnet must route the reply back the
    /// same way (RT-1, RT-17).
    fn return_route(&mut self, ds: Ix, hop: Option<RouteTarget>) -> Flow {
        let Some(hop) = hop else { return Ok(()) };
        if let (RouteTarget::TransitGateway(_), Some(h)) = (hop, self.tgw) {
            return super::transit::return_route(self, &h, ds);
        }
        let m = self.m;
        let src_ip = self.q.source.ip;
        let sub = &m.subnets[ds];
        let table = &m.route_tables[sub.route_table];
        let sel = route::select(m, table, src_ip);
        let back = sel.winner.as_ref().map(|w| &table.routes[w.route]);
        let ok = back.is_some_and(|r| {
            !r.blackhole
                && match (hop, r.target) {
                    (RouteTarget::Peering(a), RouteTarget::Peering(b)) => a == b,
                    (RouteTarget::Gateway(a), RouteTarget::Gateway(b)) => {
                        a == b || m.gateways[b].kind == GatewayKind::Transit
                    }
                    _ => false,
                }
        });
        let way = match hop {
            RouteTarget::Peering(p) => m.peerings[p].id.clone(),
            RouteTarget::Gateway(g) => m.gateways[g].id.clone(),
            _ => String::new(),
        };
        let s = route_step_base(m, table, &sel, src_ip, sub.route_table_explicit, &sub.id)
            .fact("return", true)
            .rules(&["RT-1", "RT-17"]);
        if ok {
            let r = back.expect("ok");
            self.push(s.title(format!("return route: {} sends {src_ip} back via {}", table.id, target_label(m, r.target))).more(format!(
                "Replies need a route too: {}'s table {} sends {src_ip} back through {way} (RT-1).",
                sub.id, table.id
            )));
            Ok(())
        } else {
            let what = match back {
                None => "has no route for it".to_string(),
                Some(r) if r.blackhole => "sends it to a blackhole".to_string(),
                Some(r) => format!("sends it to {}", target_label(m, r.target)),
            };
            let s = s.title(format!("return route: {} has no way back to {src_ip}", table.id)).more(format!(
                "The request arrives, but the reply cannot return: {}'s route table {} {what}, not back through {way}. Each side of a peering, transit attachment or VPN/Direct Connect gateway needs its own route to the other (RT-1, RT-17, SITE-13).",
                sub.id, table.id
            ));
            Err(self.fail(
                s,
                Reason::NoReturnRoute,
                format!("{} has no route back to {src_ip}", table.id),
            ))
        }
    }
}

/// "S3 (us-east-1)".
pub(crate) fn service_words(m: &Model, full: &str) -> String {
    match m.catalogue.service(full) {
        Some(s) => format!("{} ({})", s.short, s.region),
        None => full.to_string(),
    }
}

pub(crate) fn target_label(m: &Model, t: RouteTarget) -> String {
    match t {
        RouteTarget::Local => "local".into(),
        RouteTarget::Gateway(g) => m.gateways[g].id.clone(),
        RouteTarget::Endpoint(e) => m.endpoints[e].id.clone(),
        RouteTarget::Peering(p) => m.peerings[p].id.clone(),
        RouteTarget::Instance(i) => m.instances[i].id.clone(),
        RouteTarget::TransitGateway(t) => m.transit_gateways[t].id.clone(),
    }
}

fn target_obj(m: &Model, t: RouteTarget) -> Option<String> {
    match t {
        RouteTarget::Local => None,
        other => Some(target_label(m, other)),
    }
}

/// The route step's common part: table, matched route, candidates and why they lost.
pub(crate) fn route_step_base(
    m: &Model,
    table: &crate::model::RouteTable,
    sel: &route::Selection,
    dst: Ipv4Addr,
    explicit: bool,
    subnet_id: &str,
) -> S {
    let mut s = S::new(StepKind::Route, "")
        .obj(&table.id)
        .obj(subnet_id)
        .fact("route_table", table.id.clone())
        .rules(&["RT-1", "RT-11"]);
    if !explicit {
        s = s.rule("D-2");
    }
    let candidates: Vec<Value> = sel
        .losers
        .iter()
        .map(|l| {
            let r = &table.routes[l.matched.route];
            json!({
                "destination": r.destination.label(),
                "matched_cidr": l.matched.net.to_string(),
                "target": target_label(m, r.target),
                "priority": l.matched.priority.as_str(),
                "why": l.why,
            })
        })
        .collect();
    s = s.fact("candidates", candidates);
    match &sel.winner {
        Some(w) => {
            let r = &table.routes[w.route];
            if let Some(o) = target_obj(m, r.target) {
                s = s.obj(&o);
            }
            if matches!(r.target, RouteTarget::Endpoint(_)) {
                s = s.concept("gateway-endpoints");
            }
            if let crate::model::RouteDest::PrefixList(p) = &r.destination {
                s = s.rule("RT-13").fact("prefix_list", p.clone());
            }
            let beats = sel
                .losers
                .first()
                .map(|l| {
                    let lr = &table.routes[l.matched.route];
                    format!(
                        " (/{} beats {} → {})",
                        w.net.prefix_len(),
                        lr.destination.label(),
                        target_label(m, lr.target)
                    )
                })
                .unwrap_or_default();
            let mut title = format!(
                "{}: {} → {}{beats}",
                table.id,
                r.destination.label(),
                target_label(m, r.target)
            );
            if sel.tie {
                title.push_str(" [tie, RT-13]");
            }
            s = s
                .title(title)
                .fact("destination", r.destination.label())
                .fact("matched_cidr", w.net.to_string())
                .fact("target", target_label(m, r.target))
                .fact(
                    "origin",
                    serde_json::to_value(r.origin).unwrap_or(Value::Null),
                );
            let how = if explicit {
                format!("{subnet_id} is associated with route table {}", table.id)
            } else {
                format!(
                    "{subnet_id} has no route table of its own, so it uses the VPC's main table {} (D-2)",
                    table.id
                )
            };
            let lost = if sel.losers.is_empty() {
                String::new()
            } else {
                format!(
                    " Other routes also cover it and lose: {}.",
                    sel.losers
                        .iter()
                        .map(|l| {
                            let lr = &table.routes[l.matched.route];
                            format!(
                                "{} → {} ({})",
                                lr.destination.label(),
                                target_label(m, lr.target),
                                l.why
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            };
            let via_pl = match &r.destination {
                crate::model::RouteDest::PrefixList(p) => {
                    format!(" through prefix list {p}'s entry {}", w.net)
                }
                _ => String::new(),
            };
            s = s.detail(format!(
                "{how}. The most specific route covering {dst} is {} → {}{via_pl} (/{}; longest prefix wins, RT-11).{lost}",
                r.destination.label(),
                target_label(m, r.target),
                w.net.prefix_len()
            ));
        }
        None => {
            s = s
                .fact("destination", Value::Null)
                .fact("matched_cidr", Value::Null)
                .fact("target", Value::Null);
        }
    }
    s
}

/// A step's focus, from what it recorded: the one place that reads a step's facts by key, next
/// to the code that writes them.
pub fn focus_of(s: &Step) -> Focus {
    let fact = |k: &str| -> Option<String> {
        s.facts.get(k).and_then(|v| match v {
            Value::String(x) => Some(x.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let outbound = fact("direction").is_some_and(|d| d == "outbound");
    let main = match s.kind {
        StepKind::Route => fact("route_table"),
        StepKind::SecurityGroup => fact("group"),
        StepKind::NetworkAcl => fact("acl"),
        StepKind::Policy => fact("owner"),
        StepKind::Endpoint => fact("endpoint"),
        StepKind::EndpointService => fact("service"),
        StepKind::Dns => fact("zone"),
        StepKind::Delivery => fact("destination"),
        StepKind::TransitGateway => fact("route_table").or_else(|| fact("attachment")),
        StepKind::Site => fact("network"),
        StepKind::Source => None,
    };
    let mark = match (s.kind, &main) {
        (StepKind::Route, Some(t)) => fact("destination").map(|d| FocusMark::Route {
            table: t.clone(),
            destination: d,
        }),
        (StepKind::SecurityGroup, Some(g)) => Some(FocusMark::SgRule {
            group: g.clone(),
            outbound,
            rule: s
                .facts
                .get("rule_index")
                .and_then(Value::as_u64)
                .map(|i| i as usize),
        }),
        (StepKind::NetworkAcl, Some(a)) => fact("rule").map(|r| FocusMark::AclRule {
            acl: a.clone(),
            outbound,
            rule: r,
        }),
        (StepKind::Policy, Some(o)) => fact("statement").map(|st| FocusMark::Statement {
            owner: o.clone(),
            statement: st,
        }),
        _ => None,
    };
    let mut addresses: Vec<String> = ["ip", "chosen", "zone_id", "eni_ip"]
        .iter()
        .filter_map(|k| fact(k))
        .collect();
    // A delivery names the interface it reached by address (IPv4, or a dual-stack
    // interface's IPv6 address).
    addresses.extend(
        ["destination", "endpoint_ip"]
            .iter()
            .filter_map(|k| fact(k))
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok()),
    );
    Focus {
        main,
        mark,
        addresses,
        blocking: None,
    }
}

/// How a packet arrives at an interface in the destination VPC: what
/// [`Walk::deliver_to_interface`] needs from [`Walk::deliver_in_vpc`].
struct Arrival<'p> {
    dst: Ipv4Addr,
    /// The destination's subnet.
    subnet: Ix,
    /// Source and destination share the subnet (no ACL crossed).
    same: bool,
    src_peer: Peer<'p>,
    /// The reply's ACL crossings.
    back: Vec<Crossing>,
    hop: Option<RouteTarget>,
    /// "Entering <subnet>", for the ACL step.
    in_what: String,
}
