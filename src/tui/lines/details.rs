//! The details panel's line model: the selected object's fields, routes, rules and policies,
//! the route / rule / statement the selected step used marked. Built once per update by
//! [`super::settle`] at the panel's width.

use crate::model::{
    AclRule, EndpointKind, EndpointTarget, GatewayKind, Ix, Model, ObjectRef, RecordValue,
    RouteDest, RouteOrigin, RouteTarget, SgRule,
};
use crate::policy::PolicyDocument;
use crate::text::{escape, escape_multiline, width};
use crate::tui::state::{App, Mark};
use crate::tui::theme;
use crate::tui::view::wrap;
use ratatui::style::Style;

/// One line of the details panel.
#[derive(Debug, Clone, Default)]
pub struct DLine {
    pub segs: Vec<(String, Style)>,
    /// The route, rule or statement the selected step used.
    pub marked: bool,
}

const KEY_W: usize = 13;
/// Most lines a list (subnets of a VPC, records of a zone, ...) contributes.
const LIST_MAX: usize = 200;

struct Out {
    lines: Vec<DLine>,
    w: usize,
}

impl Out {
    fn line(&mut self, segs: Vec<(String, Style)>, marked: bool) {
        self.lines.push(DLine { segs, marked });
    }
    fn blank(&mut self) {
        self.lines.push(DLine::default());
    }
    fn heading(&mut self, s: &str) {
        self.line(vec![(s.to_string(), theme::title())], false);
    }
    fn note(&mut self, s: &str) {
        for l in wrap(s, self.w.saturating_sub(1)) {
            self.line(vec![(l, theme::dim())], false);
        }
    }
    /// `key  value`, the value wrapped under itself.
    fn kv(&mut self, k: &str, v: &str) {
        let vw = self.w.saturating_sub(KEY_W).max(8);
        for (i, l) in wrap(v, vw).into_iter().enumerate() {
            let key = if i == 0 {
                format!("{:<KEY_W$}", format!("{k} "))
            } else {
                " ".repeat(KEY_W)
            };
            self.line(vec![(key, theme::dim()), (l, theme::text())], false);
        }
    }
    /// A line indented by `indent` columns, wrapped under itself.
    fn text_at(&mut self, s: &str, style: Style, marked: bool, indent: usize) {
        let indent = if indent * 2 < self.w { indent } else { 2 };
        for l in wrap(s, self.w.saturating_sub(indent).max(8)) {
            self.line(vec![(format!("{}{l}", " ".repeat(indent)), style)], marked);
        }
    }
    /// A free line, wrapped with a hanging indent.
    fn text(&mut self, s: &str, style: Style, marked: bool, indent: usize) {
        for l in crate::tui::view::wrap_hanging(s, self.w, indent) {
            self.line(vec![(l, style)], marked);
        }
    }
    fn list(&mut self, k: &str, items: Vec<String>) {
        if items.is_empty() {
            self.kv(k, "none");
            return;
        }
        let n = items.len();
        let shown: Vec<String> = items.into_iter().take(13).collect();
        let more = if n > 13 {
            format!(" (+{} more)", n - 13)
        } else {
            String::new()
        };
        self.kv(k, &format!("{}{more}", shown.join(", ")));
    }
}

/// The lines for an object, at a panel width (the gutter excluded).
pub fn lines(app: &App, obj: ObjectRef, w: u16) -> Vec<DLine> {
    super::count(|b| b.details += 1);
    let mut o = Out {
        lines: Vec::new(),
        w: (w as usize).saturating_sub(1).max(10),
    };
    let m = &app.model;
    let mark = app.run.mark.as_ref();
    match obj {
        ObjectRef::Subnet(s) => subnet(&mut o, app, s),
        ObjectRef::RouteTable(t) => route_table(&mut o, app, t),
        ObjectRef::NetworkAcl(a) => network_acl(&mut o, app, a),
        ObjectRef::SecurityGroup(g) => security_group(&mut o, app, g),
        ObjectRef::Instance(i) => instance(&mut o, app, i),
        ObjectRef::Endpoint(e) => endpoint(&mut o, m, e, mark),
        ObjectRef::EndpointService(s) => endpoint_service(&mut o, app, s),
        ObjectRef::Gateway(g) => gateway(&mut o, app, g),
        ObjectRef::Peering(p) => peering(&mut o, app, p),
        ObjectRef::HostedZone(z) => hosted_zone(&mut o, app, z),
        ObjectRef::TransitGateway(t) => transit_gateway(&mut o, app, t),
        ObjectRef::TgwAttachment(a) => tgw_attachment(&mut o, app, a),
        ObjectRef::TgwRouteTable(r) => tgw_route_table(&mut o, app, r),
        ObjectRef::Network(n) => network(&mut o, app, n),
        ObjectRef::Host(h) => host(&mut o, app, h),
        ObjectRef::Bucket(b) => bucket(&mut o, app, b),
        ObjectRef::Vpc(v) => vpc(&mut o, app, v),
        ObjectRef::Account(a) => account(&mut o, app, a),
        ObjectRef::ResourceGateway(g) => resource_gateway(&mut o, m, g),
        ObjectRef::ResourceConfiguration(c) => resource_configuration(&mut o, m, c),
        ObjectRef::ServiceNetwork(n) => service_network(&mut o, m, n),
        ObjectRef::PrefixList => {}
    }
    o.lines
}

/// A subnet: zone, CIDR, route table and ACL (and why), what it holds.
fn subnet(o: &mut Out, app: &App, s: Ix) {
    let m = &app.model;
    let mark = app.run.mark.as_ref();
    let sub = &m.subnets[s];
    o.kv("subnet", &title(&sub.id, &sub.name));
    o.kv(
        "zone",
        &format!("{} · {}", escape(&sub.zone), escape(&sub.zone_id)),
    );
    o.kv("cidr", &sub.cidr.to_string());
    // The IPv6 block where IPv6 is in play (an IPv4-only VPC is spared the line).
    match (sub.ipv6_cidr, m.vpcs[sub.vpc].ipv6_cidr) {
        (Some(c), _) => o.kv("ipv6 cidr", &format!("{c} (dual-stack)")),
        (None, Some(_)) => o.kv("ipv6 cidr", "none: IPv4 only (the VPC has an IPv6 block)"),
        (None, None) => {}
    }
    o.kv("vpc", &escape(&m.vpcs[sub.vpc].id));
    let rt = &m.route_tables[sub.route_table];
    o.kv(
        "route table",
        &format!(
            "{}{}",
            escape(&rt.id),
            if sub.route_table_explicit {
                ""
            } else {
                " (the VPC's main table, RT-1)"
            }
        ),
    );
    let acl = &m.network_acls[sub.network_acl];
    o.kv(
        "network ACL",
        &format!(
            "{}{}",
            escape(&acl.id),
            if sub.network_acl_explicit {
                ""
            } else {
                " (default)"
            }
        ),
    );
    o.blank();
    routes(o, m, sub.route_table, mark);
}

/// A route table: who uses it, its routes.
fn route_table(o: &mut Out, app: &App, t: Ix) {
    let m = &app.model;
    let mark = app.run.mark.as_ref();
    let rt = &m.route_tables[t];
    o.kv("route table", &title(&rt.id, &rt.name));
    o.kv("vpc", &escape(&m.vpcs[rt.vpc].id));
    if rt.main {
        o.kv("main", "yes: subnets without an association use it (RT-1)");
    }
    o.list("used by", users(app, rt.vpc, &app.map.view.table_users, t));
    o.blank();
    routes(o, m, t, mark);
}

/// A network ACL: who uses it, its rules in evaluation order.
fn network_acl(o: &mut Out, app: &App, a: Ix) {
    let m = &app.model;
    let mark = app.run.mark.as_ref();
    let acl = &m.network_acls[a];
    o.kv("network ACL", &title(&acl.id, &acl.name));
    o.kv("vpc", &escape(&m.vpcs[acl.vpc].id));
    if acl.default {
        o.kv("default", "yes: subnets without an association use it");
    }
    o.list("used by", users(app, acl.vpc, &app.map.view.acl_users, a));
    o.note("Stateless; rules in ascending order, first match decides (NACL-2, NACL-3).");
    for (outbound, rules) in [(false, &acl.inbound), (true, &acl.outbound)] {
        o.blank();
        o.heading(if outbound { "Outbound" } else { "Inbound" });
        let marked = |r: &str| matches!(mark, Some(Mark::AclRule { acl: x, outbound: ob, rule }) if *x == a && *ob == outbound && rule == r);
        for r in rules.iter() {
            let n = r.rule.to_string();
            acl_line(o, r, outbound, marked(&n));
        }
        o.text(
            &format!("{:>5} deny  everything else", "*"),
            theme::dim(),
            marked("*"),
            12,
        );
    }
}

/// A security group: members and rules.
fn security_group(o: &mut Out, app: &App, g: Ix) {
    let m = &app.model;
    let mark = app.run.mark.as_ref();
    let sg = &m.security_groups[g];
    o.kv("group", &title(&sg.id, &sg.name));
    o.kv("vpc", &escape(&m.vpcs[sg.vpc].id));
    if sg.default {
        o.kv("default", "yes: the VPC's default group (D-4, SG-7)");
    }
    o.note("Allow rules only; stateful: replies pass (SG-2, SG-3).");
    for (outbound, rules) in [(false, &sg.inbound), (true, &sg.outbound)] {
        o.blank();
        o.heading(if outbound { "Outbound" } else { "Inbound" });
        if outbound && sg.outbound_defaulted {
            o.note("(not written: AWS's default for a new group, all traffic, D-5)");
        }
        if rules.is_empty() {
            o.note("none: nothing is allowed this way");
        }
        let want = match mark {
            Some(Mark::SgRule {
                group,
                outbound: ob,
                rule,
            }) if *group == g && *ob == outbound => *rule,
            _ => None,
        };
        for (i, r) in rules.iter().enumerate() {
            let marked = want == Some(i);
            o.text(&sg_rule_text(m, r, outbound), theme::text(), marked, 4);
        }
    }
}

/// An instance: where it is, its address and groups.
fn instance(o: &mut Out, app: &App, i: Ix) {
    let m = &app.model;
    let x = &m.instances[i];
    let sub = &m.subnets[x.subnet];
    o.kv("instance", &title(&x.id, &x.name));
    o.kv("address", &x.ip.to_string());
    if let Some(v6) = x.ipv6 {
        o.kv("ipv6", &v6.to_string());
    } else if sub.ipv6_cidr.is_some() {
        o.kv("ipv6", "none (its subnet is dual-stack)");
    }
    o.kv(
        "public",
        &x.public_ip
            .map(|p| p.to_string())
            .unwrap_or_else(|| "none".into()),
    );
    o.kv(
        "subnet",
        &format!(
            "{} ({} · {})",
            escape(&sub.id),
            escape(&sub.zone),
            escape(&sub.zone_id)
        ),
    );
    o.kv("vpc", &escape(&m.vpcs[x.vpc].id));
    o.kv(
        "role",
        &x.role
            .as_deref()
            .map(escape)
            .unwrap_or_else(|| "none (anonymous)".into()),
    );
    o.list(
        "groups",
        x.security_groups
            .iter()
            .map(|&g| escape(&m.security_groups[g].id))
            .collect(),
    );
}

/// An endpoint service: its load balancer, acceptance, principals, private DNS.
fn endpoint_service(o: &mut Out, app: &App, s: Ix) {
    let m = &app.model;
    let svc = &m.endpoint_services[s];
    o.kv("service", &title(&svc.id, &svc.name));
    o.kv("full name", &escape(&svc.service_name));
    o.kv("dns name", &escape(&svc.dns_name));
    o.kv(
        "provider",
        &format!(
            "{} · {}",
            crate::tui::ids::account_label(&m.accounts[svc.account]),
            escape(&svc.region)
        ),
    );
    o.kv(
        "acceptance",
        if svc.acceptance_required {
            "required (ES-7)"
        } else {
            "automatic"
        },
    );
    o.list(
        "principals",
        svc.allowed_principals.iter().map(|p| escape(p)).collect(),
    );
    o.list(
        "accepted",
        svc.accepted
            .iter()
            .map(|&e| escape(&m.endpoints[e].id))
            .collect(),
    );
    if !svc.rejected.is_empty() {
        o.list(
            "rejected",
            svc.rejected
                .iter()
                .map(|&e| escape(&m.endpoints[e].id))
                .collect(),
        );
    }
    match &svc.private_dns_name {
        Some(n) => o.kv(
            "private DNS",
            &format!(
                "{} ({})",
                escape(n),
                if svc.private_dns_verified {
                    "verified"
                } else {
                    "NOT verified: not served, ES-13"
                }
            ),
        ),
        None => o.kv("private DNS", "none"),
    }
    o.list("AZ IDs", svc.zone_ids.iter().map(|z| escape(z)).collect());
    o.kv(
        "ip types",
        &service_ip_types(&svc.supported_ip_address_types),
    );
    let lb = &svc.load_balancer;
    o.blank();
    o.heading("Load balancer");
    o.kv("type", &escape(&lb.kind));
    o.kv("vpc", &escape(&m.vpcs[lb.vpc].id));
    o.list(
        "nodes",
        lb.subnets
            .iter()
            .zip(lb.node_ips.iter())
            .map(|(&s, ip)| format!("{} {}", escape(&m.subnets[s].id), ip))
            .collect(),
    );
    o.list(
        "listeners",
        lb.listeners
            .iter()
            .map(|l| format!("{} {}", l.protocol.as_str(), l.port))
            .collect(),
    );
    o.kv("cross-zone", if lb.cross_zone { "on" } else { "off" });
    if !lb.security_groups.is_empty() {
        o.list(
            "groups",
            lb.security_groups
                .iter()
                .map(|&g| escape(&m.security_groups[g].id))
                .collect(),
        );
    }
    target_groups(o, m, lb);
}

/// The load balancer's target groups: each one's port and cross-zone setting, then per AZ ID
/// of a node its targets and their health, and what that does to connections through that
/// AZ (ES-20..ES-22).
fn target_groups(o: &mut Out, m: &Model, lb: &crate::model::LoadBalancer) {
    if lb.target_groups.is_empty() {
        return;
    }
    o.blank();
    o.heading("Target groups");
    let mut node_zones: Vec<&str> = lb
        .subnets
        .iter()
        .map(|&s| m.subnets[s].zone_id.as_str())
        .collect();
    node_zones.dedup();
    for g in &lb.target_groups {
        let cross = g.cross_zone(lb);
        let mut head = vec![escape(&g.id)];
        if let Some(p) = g.port {
            head.push(format!("port {p}"));
        }
        head.push(format!(
            "cross-zone {} ({}, ES-21)",
            if cross { "on" } else { "off" },
            if g.cross_zone.is_some() {
                "the group's own setting"
            } else {
                "the load balancer's"
            }
        ));
        if g.proxy_protocol_v2 {
            head.push("proxy protocol v2".into());
        }
        o.kv("group", &head.join(" · "));
        let any = g.any_healthy();
        // The nodes' AZs first, then any other AZ a target is in.
        let mut zones = node_zones.clone();
        for t in &g.targets {
            if !zones.contains(&t.zone_id.as_str()) {
                zones.push(&t.zone_id);
            }
        }
        for z in zones {
            let here: Vec<_> = g.targets.iter().filter(|t| t.zone_id == z).collect();
            let healthy = here.iter().filter(|t| t.healthy).count();
            let names: Vec<String> = here
                .iter()
                .map(|t| format!("{} {}", escape(&t.id), escape(&t.health)))
                .collect();
            let mut v = format!("{healthy}/{} healthy", here.len());
            if !names.is_empty() {
                v.push_str(&format!(": {}", names.join(", ")));
            }
            let has_node = node_zones.contains(&z);
            if !any {
                v.push_str(" · none healthy anywhere: the load balancer fails open (ES-22)");
            } else if has_node && healthy == 0 && !cross {
                v.push_str(" · ✗ connections through this AZ fail: cross-zone off (ES-20, ES-22)");
            } else if has_node && healthy == 0 {
                v.push_str(" · cross-zone on: this AZ's node sends to other AZs (ES-20)");
            } else if !has_node {
                v.push_str(" · no node of the load balancer in this AZ");
            }
            o.kv(z, &v);
        }
        if g.targets.is_empty() {
            o.kv("targets", "none registered");
        }
    }
}

/// A gateway: its kind and where it is.
fn gateway(o: &mut Out, app: &App, g: Ix) {
    let m = &app.model;
    let gw = &m.gateways[g];
    o.kv("gateway", &title(&gw.id, &gw.name));
    o.kv("type", gw.kind.as_str());
    o.kv("vpc", &escape(&m.vpcs[gw.vpc].id));
    if let Some(s) = gw.subnet {
        o.kv("subnet", &escape(&m.subnets[s].id));
    }
    if let Some(ip) = gw.ip {
        o.kv("address", &ip.to_string());
    }
    if let Some(ip) = gw.public_ip {
        o.kv("public", &ip.to_string());
    }
    let tables = tables_routing_to(m, gw.vpc, RouteTarget::Gateway(g));
    o.list("routes from", tables);
    if gw.kind == GatewayKind::EgressOnly {
        o.note("IPv6 only: out to the internet, and the replies back; nothing from the internet starts a connection in (RT-20).");
    }
}

/// A peering connection: its VPCs and state.
fn peering(o: &mut Out, app: &App, p: Ix) {
    let m = &app.model;
    let pc = &m.peerings[p];
    o.kv("peering", &title(&pc.id, &pc.name));
    o.kv("vpc", &escape(&m.vpcs[pc.vpc].id));
    o.kv("peer vpc", &escape(&m.vpcs[pc.peer_vpc].id));
    o.kv(
        "state",
        &format!(
            "{}{}",
            escape(&pc.state),
            if pc.active { "" } else { " (not active)" }
        ),
    );
    o.list(
        "routes from",
        tables_routing_to(m, pc.vpc, RouteTarget::Peering(p)),
    );
    o.note("Not transitive: only addresses inside the peer VPC cross (RT-17).");
}

/// A private hosted zone: its VPCs and records.
fn hosted_zone(o: &mut Out, app: &App, z: Ix) {
    let m = &app.model;
    let hz = &m.hosted_zones[z];
    o.kv("hosted zone", &escape(&hz.id));
    o.kv("name", &escape(&hz.name));
    o.list(
        "vpcs",
        hz.vpcs.iter().map(|&v| escape(&m.vpcs[v].id)).collect(),
    );
    o.note("Private: only associated VPCs see it; the most specific zone answers alone (DNS-8, DNS-11).");
    o.blank();
    o.heading("Records");
    for r in hz.records.iter().take(LIST_MAX) {
        let vals: Vec<String> = r
            .values
            .iter()
            .map(|v| match v {
                RecordValue::Ip(ip) => ip.to_string(),
                RecordValue::Name(n) | RecordValue::Text(n) => escape(n),
                RecordValue::Endpoint(e) => {
                    format!("{} (its regional name)", escape(&m.endpoints[*e].id))
                }
            })
            .collect();
        let kind = format!("{:?}", r.kind).to_uppercase();
        o.text(
            &format!("{} {kind} {}", escape(&r.name), vals.join(", ")),
            theme::text(),
            false,
            4,
        );
    }
    if hz.records.len() > LIST_MAX {
        o.note(&format!("+{} more records", hz.records.len() - LIST_MAX));
    }
}

/// A transit gateway: attachments and route tables.
fn transit_gateway(o: &mut Out, app: &App, t: Ix) {
    let m = &app.model;
    let tg = &m.transit_gateways[t];
    o.kv("transit gateway", &title(&tg.id, &tg.name));
    o.kv(
        "account",
        &crate::tui::ids::account_label(&m.accounts[tg.account]),
    );
    o.kv("region", &escape(&tg.region));
    o.kv(
        "sg references",
        if tg.sg_referencing {
            "on"
        } else {
            "off (AWS default, TGW-20)"
        },
    );
    o.blank();
    o.heading("Attachments");
    for &a in &tg.attachments {
        let at = &m.tgw_attachments[a];
        let what = match at.vpc {
            Some(v) => format!("{} ({} AZ)", m.vpcs[v].id, at.enis.len()),
            None => format!("{:?}", at.kind).to_lowercase(),
        };
        o.text(
            &format!(
                "{} → {} · {}",
                escape(&at.id),
                escape(&what),
                escape(&at.state)
            ),
            theme::text(),
            false,
            2,
        );
    }
    o.blank();
    o.heading("Route tables");
    for &r in &tg.route_tables {
        o.text(&escape(&m.tgw_route_tables[r].id), theme::text(), false, 2);
    }
}

/// A transit gateway attachment: its VPC, subnets and table.
fn tgw_attachment(o: &mut Out, app: &App, a: Ix) {
    let m = &app.model;
    let at = &m.tgw_attachments[a];
    o.kv("attachment", &title(&at.id, &at.name));
    o.kv("transit gateway", &escape(&m.transit_gateways[at.tgw].id));
    o.kv("state", &escape(&at.state));
    o.kv(
        "route table",
        &at.association
            .map(|t| escape(&m.tgw_route_tables[t].id))
            .unwrap_or_else(|| "none: it forwards nothing (TGW-2)".into()),
    );
    o.kv(
        "appliance mode",
        if at.appliance_mode { "on" } else { "off" },
    );
    o.blank();
    o.heading("Interfaces (one subnet per AZ, TGW-12)");
    for e in &at.enis {
        o.text(
            &format!(
                "{} in {} ({} · {})",
                e.ip,
                escape(&m.subnets[e.subnet].id),
                escape(&e.zone),
                escape(&e.zone_id)
            ),
            theme::text(),
            false,
            2,
        );
    }
}

/// A transit gateway route table: associations, propagations, routes.
fn tgw_route_table(o: &mut Out, app: &App, r: Ix) {
    let m = &app.model;
    let rt = &m.tgw_route_tables[r];
    o.kv("TGW route table", &title(&rt.id, &rt.name));
    o.kv("transit gateway", &escape(&m.transit_gateways[rt.tgw].id));
    let ids = |l: &[Ix]| {
        l.iter()
            .map(|&a| escape(&m.tgw_attachments[a].id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    o.kv("associations", &ids(&rt.associations));
    o.kv("propagations", &ids(&rt.propagations));
    o.blank();
    o.heading("Routes (longest prefix, static before propagated, TGW-6)");
    for route in &rt.routes {
        let to = route
            .target
            .map(|a| escape(&m.tgw_attachments[a].id))
            .unwrap_or_else(|| "blackhole".into());
        let how = match route.origin {
            crate::model::TgwRouteOrigin::Static => "static",
            crate::model::TgwRouteOrigin::Propagated => "propagated",
        };
        o.text(
            &format!("{} → {to} ({how})", route.destination),
            theme::text(),
            false,
            2,
        );
    }
}

/// A bucket and its policy.
fn network(o: &mut Out, app: &App, n: Ix) {
    let m = &app.model;
    let net = &m.networks[n];
    o.kv("site", &title(&net.id, &net.name));
    o.kv(
        "cidrs",
        &net.cidrs
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    o.kv(
        "connections",
        &net.attachments
            .iter()
            .map(|&a| escape(&m.tgw_attachments[a].id))
            .collect::<Vec<_>>()
            .join(", "),
    );
    o.blank();
    o.heading("Hosts");
    for &h in &net.hosts {
        let host = &m.hosts[h];
        o.text(
            &format!("{} {}", escape(&host.id), host.ip),
            theme::text(),
            false,
            2,
        );
    }
}

fn host(o: &mut Out, app: &App, h: Ix) {
    let m = &app.model;
    let host = &m.hosts[h];
    o.kv("host", &title(&host.id, &host.name));
    o.kv("address", &host.ip.to_string());
    o.kv("site", &escape(&m.networks[host.network].id));
}

fn bucket(o: &mut Out, app: &App, b: Ix) {
    let m = &app.model;
    let mark = app.run.mark.as_ref();
    let bk = &m.buckets[b];
    o.kv("bucket", &escape(&bk.name));
    o.kv("region", &escape(&bk.region));
    o.kv(
        "account",
        &bk.account
            .as_deref()
            .map(escape)
            .unwrap_or_else(|| "not given".into()),
    );
    if !bk.declared {
        o.note("Not declared in the model: assumed in the model's region, with no bucket policy.");
    }
    o.blank();
    o.heading("Bucket policy");
    match &bk.policy {
        Some(p) => policy(o, p, mark_statement(mark, ObjectRef::Bucket(b))),
        None => o.note("none: the bucket's owner account decides with IAM alone"),
    }
}

/// A VPC: CIDRs, DNS settings, what it holds.
fn vpc(o: &mut Out, app: &App, v: Ix) {
    let m = &app.model;
    let vpc = &m.vpcs[v];
    o.kv("vpc", &title(&vpc.id, &vpc.name));
    o.kv(
        "account",
        &crate::tui::ids::account_label(&m.accounts[vpc.account]),
    );
    o.kv("region", &escape(&vpc.region));
    o.kv(
        "cidrs",
        &vpc.cidrs
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    if let Some(c) = vpc.ipv6_cidr {
        o.kv("ipv6 cidr", &c.to_string());
    } else if vpc
        .subnets
        .iter()
        .any(|&s| m.subnets[s].ipv6_cidr.is_some())
    {
        o.kv("ipv6 cidr", "none given (its subnets have IPv6 blocks)");
    }
    o.kv(
        "dns support",
        if vpc.dns_support {
            "on"
        } else {
            "off: nothing resolves (DNS-4)"
        },
    );
    o.kv(
        "dns hostnames",
        if vpc.dns_hostnames {
            "on"
        } else {
            "off: private DNS and private zones do not work (DNS-5)"
        },
    );
    o.kv(
        "holds",
        &format!(
            "{} subnets, {} instances, {} endpoints",
            vpc.subnets.len(),
            vpc.instances.len(),
            vpc.endpoints.len()
        ),
    );
    o.kv(
        "main table",
        &escape(&m.route_tables[vpc.main_route_table].id),
    );
    o.kv(
        "default ACL",
        &escape(&m.network_acls[vpc.default_network_acl].id),
    );
    o.kv(
        "default SG",
        &escape(&m.security_groups[vpc.default_security_group].id),
    );
    if !vpc.gateways.is_empty() {
        o.list(
            "gateways",
            vpc.gateways.iter().map(|&g| gateway_label(m, g)).collect(),
        );
    }
    let rgws: Vec<String> = m
        .resource_gateways
        .iter()
        .filter(|g| g.vpc == v)
        .map(|g| escape(&g.id))
        .collect();
    if !rgws.is_empty() {
        o.list("resource gws", rgws);
    }
}

/// An account and its zone map.
fn account(o: &mut Out, app: &App, a: Ix) {
    let m = &app.model;
    let acct = &m.accounts[a];
    o.kv("account", &title(&acct.id, &acct.name));
    // Its VPCs (/ jumps to one by name), with what each holds.
    let vpcs: Vec<&crate::model::Vpc> = m.vpcs.iter().filter(|v| v.account == a).collect();
    o.heading(&format!("VPCs ({})", vpcs.len()));
    if vpcs.is_empty() {
        o.note("(none in this model)");
    }
    for v in vpcs {
        let name = if v.name.is_empty() || v.name == v.id {
            String::new()
        } else {
            format!(" ({})", escape(&v.name))
        };
        o.text(
            &format!(
                "{}{name} · {} subnets, {} instances, {} endpoints",
                escape(&v.id),
                v.subnets.len(),
                v.instances.len(),
                v.endpoints.len()
            ),
            theme::text(),
            false,
            4,
        );
    }
    o.heading("AZ names → AZ IDs (ES-11)");
    if !acct.zones_explicit {
        o.note("(not given: AWS's default order)");
    }
    for (name, id) in &acct.zones {
        o.text(
            &format!("{} → {}", escape(name), escape(id)),
            theme::text(),
            false,
            4,
        );
    }
}

/// Subnets using a route table or ACL (precomputed for the VPC shown; at most 13 named).
fn users(app: &App, vpc: Ix, map: &std::collections::HashMap<Ix, Vec<Ix>>, k: Ix) -> Vec<String> {
    let m = &app.model;
    if vpc == app.map.view.vpc {
        let v = map.get(&k).map(Vec::as_slice).unwrap_or(&[]);
        let mut out: Vec<String> = v
            .iter()
            .take(12)
            .map(|&s| escape(&m.subnets[s].id))
            .collect();
        if v.len() > 12 {
            out.push(format!("+{} more", v.len() - 12));
        }
        out
    } else {
        vec!["(shown for the VPC on screen; v switches)".into()]
    }
}

fn title(id: &str, name: &str) -> String {
    if name.is_empty() || name == id {
        escape(id)
    } else {
        format!("{} ({})", escape(id), escape(name))
    }
}

fn target_label(m: &Model, t: RouteTarget) -> String {
    match t {
        RouteTarget::Local => "local".into(),
        // An egress-only gateway is named as one: `::/0 → eigw-… (egress-only)` (RT-20).
        RouteTarget::Gateway(g) if m.gateways[g].kind == GatewayKind::EgressOnly => {
            gateway_label(m, g)
        }
        RouteTarget::Gateway(g) => escape(&m.gateways[g].id),
        RouteTarget::Endpoint(e) => escape(&m.endpoints[e].id),
        RouteTarget::Peering(p) => escape(&m.peerings[p].id),
        RouteTarget::Instance(i) => escape(&m.instances[i].id),
        RouteTarget::TransitGateway(t) => escape(&m.transit_gateways[t].id),
    }
}

/// A gateway and its kind: `eigw-6 (egress-only)`, `igw-main (internet)`.
fn gateway_label(m: &Model, g: Ix) -> String {
    let gw = &m.gateways[g];
    format!("{} ({})", escape(&gw.id), gw.kind.as_str())
}

/// An endpoint service's `supported_ip_address_types`, with what they allow (ES-18).
fn service_ip_types(types: &[String]) -> String {
    let v6 = types.iter().any(|t| t == "ipv6");
    let v4 = types.is_empty() || types.iter().any(|t| t == "ipv4");
    let list = if types.is_empty() {
        "ipv4".to_string()
    } else {
        types
            .iter()
            .map(|t| escape(t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let what = match (v4, v6) {
        (true, true) => "consumers' endpoints may be IPv4 or dual-stack",
        (false, true) => "IPv6 only",
        _ => "dual-stack endpoints get no IPv6 (ES-18)",
    };
    format!("{list} · {what}")
}

fn tables_routing_to(m: &Model, vpc: Ix, t: RouteTarget) -> Vec<String> {
    m.vpcs[vpc]
        .route_tables
        .iter()
        .filter(|&&r| m.route_tables[r].routes.iter().any(|x| x.target == t))
        .map(|&r| escape(&m.route_tables[r].id))
        .collect()
}

fn routes(o: &mut Out, m: &Model, t: Ix, mark: Option<&Mark>) {
    let rt = &m.route_tables[t];
    o.heading(&format!("Routes of {}", escape(&rt.id)));
    o.note("longest prefix wins (RT-11)");
    // The destination column fits IPv4 CIDRs and prefix lists; a wider destination (an IPv6
    // block) overruns it rather than push every target to the right.
    let dw = rt
        .routes
        .iter()
        .map(|r| width(&escape(&r.destination.label())))
        .filter(|&w| w <= 20)
        .max()
        .unwrap_or(9)
        .clamp(9, 20);
    for r in rt.routes.iter().take(LIST_MAX) {
        let dest = r.destination.label();
        let marked = matches!(mark, Some(Mark::Route { table, destination }) if *table == t && *destination == dest);
        let mut line = format!("{:<dw$}  {}", escape(&dest), target_label(m, r.target));
        if r.origin == RouteOrigin::Propagated {
            line.push_str(" (propagated)");
        }
        if r.blackhole {
            line.push_str(" ✗ blackhole: its target is gone (RT-8)");
        }
        o.text(
            &line,
            if r.blackhole {
                theme::error()
            } else {
                theme::text()
            },
            marked,
            dw + 2,
        );
        if let RouteDest::PrefixList(p) = &r.destination {
            let pl = m.catalogue.prefix_list(p);
            let n = pl.map(|pl| pl.cidrs.len()).unwrap_or(0);
            let s = if n == 1 { "" } else { "s" };
            let what = match pl {
                Some(pl) if pl.aws_managed => {
                    let short = pl.name.rsplit('.').next().unwrap_or(&pl.name);
                    format!("{}'s addresses ({n} range{s}), AWS-managed", escape(short))
                }
                Some(pl) => format!("{} ({n} range{s})", escape(&pl.name)),
                None => "a prefix list".into(),
            };
            o.text_at(&what, theme::dim(), marked, 4);
        }
    }
    if rt.routes.len() > LIST_MAX {
        o.note(&format!("+{} more routes", rt.routes.len() - LIST_MAX));
    }
}

fn acl_line(o: &mut Out, r: &AclRule, outbound: bool, marked: bool) {
    let proto = r.protocol.as_str();
    let ports = if r.ports.is_all() {
        String::new()
    } else {
        format!(" {}", r.ports)
    };
    let dir = if outbound { "to" } else { "from" };
    let action = if r.allow { "allow" } else { "deny " };
    let text = format!("{:>5} {action} {proto}{ports} {dir} {}", r.rule, r.cidr);
    o.text(
        &text,
        if r.allow {
            theme::text()
        } else {
            theme::warning()
        },
        marked,
        12,
    );
}

/// A rule in the trace engine's own words (the engine's `rule` fact), so the details and the
/// trace agree. Not escaped: compared with the fact as it is; [`sg_rule_text`] escapes for display.
pub fn sg_rule_words(m: &Model, r: &SgRule, outbound: bool) -> String {
    let dir = if outbound {
        crate::engine::filter::Dir::Outbound
    } else {
        crate::engine::filter::Dir::Inbound
    };
    crate::engine::filter::describe_sg_rule(m, r, dir)
}

/// The rule's words, then its description.
pub fn sg_rule_text(m: &Model, r: &SgRule, outbound: bool) -> String {
    let desc = if r.description.is_empty() {
        String::new()
    } else {
        format!(" — {}", escape(&r.description))
    };
    format!("{}{desc}", escape(&sg_rule_words(m, r, outbound)))
}

/// Does the engine's `rule` fact name this rule? It may be the rule in words (as
/// [`sg_rule_words`] writes it), its description, an index, or an object with an `index`.
fn mark_statement(mark: Option<&Mark>, owner: ObjectRef) -> Option<&str> {
    match mark {
        Some(Mark::Statement {
            owner: o,
            statement,
        }) if *o == owner => Some(statement.as_str()),
        _ => None,
    }
}

/// A VPC endpoint's details: its type and what it reaches, its state, its address and DNS
/// record types, its route tables or network interfaces, and its policy.
fn endpoint(o: &mut Out, m: &Model, e: Ix, mark: Option<&Mark>) {
    let ep = &m.endpoints[e];
    o.kv("endpoint", &title(&ep.id, &ep.name));
    o.kv(
        "type",
        match ep.target {
            EndpointTarget::Resource(_) => "resource",
            EndpointTarget::ServiceNetwork(_) => "service-network",
            _ => ep.kind.as_str(),
        },
    );
    endpoint_target(o, m, ep);
    o.kv(
        "state",
        &format!(
            "{}{}",
            ep.state.as_str(),
            if ep.state.as_str() == "available" {
                ""
            } else {
                ": carries nothing (ES-8)"
            }
        ),
    );
    o.kv("vpc", &escape(&m.vpcs[ep.vpc].id));
    endpoint_ip_types(o, m, ep);
    match ep.kind {
        EndpointKind::Gateway => {
            o.list(
                "route tables",
                ep.route_tables
                    .iter()
                    .map(|&t| escape(&m.route_tables[t].id))
                    .collect(),
            );
            o.note("Adds a prefix-list route to each table; DNS does not change (GW-3, GW-12).");
        }
        EndpointKind::Interface | EndpointKind::InstanceConnect => {
            if ep.kind == EndpointKind::Interface {
                interface_endpoint_dns(o, m, ep);
            } else {
                o.kv(
                    "client IP",
                    if ep.preserve_client_ip {
                        "preserved"
                    } else {
                        "not preserved: targets see the ENI (EICE-5)"
                    },
                );
            }
            endpoint_interfaces(o, m, ep);
        }
    }
    if ep.kind != EndpointKind::InstanceConnect {
        o.blank();
        o.heading("Endpoint policy");
        match (&ep.policy, &ep.target) {
            (_, EndpointTarget::Service(_)) => {
                o.note("none: endpoint services take no policy (ES-9)")
            }
            (Some(p), _) => policy(o, p, mark_statement(mark, ObjectRef::Endpoint(e))),
            (None, _) => o.note("the default: full access to the service (D-6)"),
        }
    }
}

/// What an endpoint reaches, by its target: an AWS service, an endpoint service, EC2 Instance
/// Connect, a resource configuration, or a service network and what it holds.
fn endpoint_target(o: &mut Out, m: &Model, ep: &crate::model::Endpoint) {
    match &ep.target {
        EndpointTarget::Aws(n) => o.kv("service", &escape(n)),
        EndpointTarget::Service(s) => {
            let svc = &m.endpoint_services[*s];
            o.kv(
                "service",
                &format!("{} ({})", escape(&svc.service_name), escape(&svc.id)),
            )
        }
        EndpointTarget::InstanceConnect => o.kv("service", "EC2 Instance Connect"),
        EndpointTarget::Resource(r) => {
            let c = &m.resource_configurations[*r];
            o.kv(
                "resource",
                &format!(
                    "{} (gateway {}) → {} tcp {}",
                    escape(&c.id),
                    escape(&m.resource_gateways[c.gateway].id),
                    escape(&crate::tui::finder::resource_target_text(&c.target)),
                    port_ranges(&c.port_ranges)
                ),
            )
        }
        EndpointTarget::ServiceNetwork(n) => {
            let sn = &m.service_networks[*n];
            o.kv(
                "service network",
                &format!("{} (auth {})", escape(&sn.id), escape(&sn.auth_type)),
            );
            o.list(
                "resources",
                sn.resource_configurations
                    .iter()
                    .map(|&r| escape(&m.resource_configurations[r].id))
                    .collect(),
            );
            if !sn.services.is_empty() {
                o.list(
                    "Lattice services (not traced)",
                    sn.services.iter().map(|s| escape(s)).collect(),
                );
            }
        }
    }
}

/// An interface endpoint's IP address and DNS record types, where IPv6 is in play.
fn endpoint_ip_types(o: &mut Out, m: &Model, ep: &crate::model::Endpoint) {
    // IP address and DNS record types: where IPv6 is in play (a non-default setting,
    // a dual-stack VPC or subnet); an IPv4-only world is spared the two lines.
    let v6_world = ep.ip_address_type != "ipv4"
        || ep.dns_record_ip_type != "ipv4"
        || m.vpcs[ep.vpc].ipv6_cidr.is_some()
        || ep
            .enis
            .iter()
            .any(|n| m.subnets[n.subnet].ipv6_cidr.is_some());
    if ep.kind == EndpointKind::Interface && v6_world {
        o.kv("ip type", &endpoint_ip_type(ep));
        o.kv(
            "dns records",
            &format!(
                "{} → {}",
                escape(&ep.dns_record_ip_type),
                ep.dns_record_types().join(" and ")
            ),
        );
    }
}

/// An interface endpoint's DNS: private DNS, its regional and zonal names, its Lattice names.
fn interface_endpoint_dns(o: &mut Out, m: &Model, ep: &crate::model::Endpoint) {
    let pd = if ep.private_dns {
        if ep.private_dns_only_for_inbound_resolver {
            "on, only for inbound resolver endpoints (IF-24)"
        } else {
            "on (IF-17)"
        }
    } else {
        "off"
    };
    o.kv("private DNS", pd);
    if let Some(r) = &ep.regional_dns {
        o.kv("regional", &escape(r));
    }
    for (z, n) in &ep.zonal_dns {
        o.kv("zonal", &format!("{}: {}", escape(z), escape(n)));
    }
    for (r, n) in &ep.lattice_names {
        o.kv(
            "name",
            &format!(
                "{}: {}",
                escape(&m.resource_configurations[*r].id),
                escape(n)
            ),
        );
    }
}

/// An endpoint's network interfaces (address, subnet, zone, IPv6) and its security groups.
fn endpoint_interfaces(o: &mut Out, m: &Model, ep: &crate::model::Endpoint) {
    o.heading("Network interfaces");
    for (k, n) in ep.enis.iter().enumerate() {
        o.text(
            &format!(
                "{}  {}  {} · {}",
                n.ip,
                escape(&m.subnets[n.subnet].id),
                escape(&n.zone),
                escape(&n.zone_id)
            ),
            theme::text(),
            false,
            4,
        );
        if let Some(v6) = ep.eni_ipv6(&m.subnets, k) {
            o.text_at(&format!("ipv6 {v6}"), theme::dim(), false, 2);
        } else if ep.ip_address_type == "dualstack" {
            o.text_at(
                "ipv6 none: its subnet has no IPv6 CIDR",
                theme::warning(),
                false,
                2,
            );
        }
    }
    o.list(
        "groups",
        ep.security_groups
            .iter()
            .map(|&g| escape(&m.security_groups[g].id))
            .collect(),
    );
}

/// Does the engine's `statement` fact (a Sid, `#index`, or an index) name statement `i`?
fn statement_named(want: &str, i: usize, sid: Option<&str>) -> bool {
    let want = want.trim().trim_matches('"');
    let by_sid = sid.is_some_and(|s| !s.is_empty() && s == want);
    by_sid || want.trim_start_matches('#') == i.to_string()
}

/// A policy pretty-printed, statement by statement; the deciding one marked.
fn policy(o: &mut Out, doc: &PolicyDocument, marked_stmt: Option<&str>) {
    if let Some(v) = &doc.version {
        o.kv("Version", &escape(v));
    }
    if let Some(v) = &doc.id {
        o.kv("Id", &escape(v));
    }
    let mut budget = 400usize;
    for (i, st) in doc.statements.iter().enumerate() {
        let sid = st.sid.as_deref();
        let marked = marked_stmt.is_some_and(|want| statement_named(want, i, sid));
        let pretty = serde_json::to_string_pretty(&st.to_value()).unwrap_or_default();
        let header = match sid {
            Some(s) if !s.is_empty() => format!("statement #{i} · {}", escape(s)),
            _ => format!("statement #{i}"),
        };
        o.line(
            vec![(
                header,
                if marked {
                    theme::highlight()
                } else {
                    theme::dim()
                },
            )],
            marked,
        );
        for l in escape_multiline(&pretty).lines() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            let indent = l.len() - l.trim_start().len() + 2;
            o.text(l, theme::text(), marked, indent.min(12));
        }
    }
    if budget == 0 {
        o.note("(policy cut here)");
    }
}

/// An endpoint's `ip_address_type`, with what it means (IF-28).
fn endpoint_ip_type(ep: &crate::model::Endpoint) -> String {
    let t = escape(&ep.ip_address_type);
    match ep.ip_address_type.as_str() {
        "dualstack" => format!("{t}: IPv4 and IPv6 on each interface"),
        "ipv6" => format!("{t}: IPv6 addresses only"),
        _ => format!("{t}: IPv4 addresses only"),
    }
}

/// Port ranges as `5432` or `5432, 8000-8100`; `all` for none.
fn port_ranges(p: &[crate::model::PortRange]) -> String {
    if p.is_empty() {
        return "all".into();
    }
    p.iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A resource gateway: its VPC, subnets (AZs) and addresses, groups, and what it serves.
fn resource_gateway(o: &mut Out, m: &Model, g: Ix) {
    let gw = &m.resource_gateways[g];
    o.kv("resource gw", &title(&gw.id, &gw.name));
    o.kv(
        "vpc",
        &format!(
            "{} ({})",
            escape(&m.vpcs[gw.vpc].id),
            crate::tui::ids::account_label(m.vpc_account(gw.vpc))
        ),
    );
    o.note("Where resource endpoints' traffic enters the VPC; resources see its address as the source (RES-2, RES-5).");
    o.heading("Subnets and addresses");
    for (k, &s) in gw.subnets.iter().enumerate() {
        let sub = &m.subnets[s];
        let ip = gw
            .ips
            .get(k)
            .map(|i| i.to_string())
            .unwrap_or_else(|| "(no address)".into());
        o.text(
            &format!(
                "{ip}  {}  {} · {}",
                escape(&sub.id),
                escape(&sub.zone),
                escape(&sub.zone_id)
            ),
            theme::text(),
            false,
            4,
        );
    }
    if gw.subnets.is_empty() {
        o.note("none");
    }
    o.list(
        "groups",
        gw.security_groups
            .iter()
            .map(|&s| escape(&m.security_groups[s].id))
            .collect(),
    );
    o.note("Their outbound rules decide what reaches the resources (RES-4).");
    o.list(
        "serves",
        m.resource_configurations
            .iter()
            .filter(|c| c.gateway == g)
            .map(|c| escape(&c.id))
            .collect(),
    );
}

/// A resource configuration: its gateway, what it points at, ports, sharing, and who uses it.
fn resource_configuration(o: &mut Out, m: &Model, c: Ix) {
    let rc = &m.resource_configurations[c];
    let gw = &m.resource_gateways[rc.gateway];
    o.kv("resource cfg", &title(&rc.id, &rc.name));
    o.kv(
        "owner",
        &crate::tui::ids::account_label(&m.accounts[rc.account]),
    );
    o.kv(
        "gateway",
        &format!("{} in {}", escape(&gw.id), escape(&m.vpcs[gw.vpc].id)),
    );
    match &rc.target {
        crate::model::ResourceTarget::Ip(ip) => o.kv("ip", &ip.to_string()),
        crate::model::ResourceTarget::Domain(d) => o.kv("domain", &escape(d)),
    }
    o.kv("ports", &format!("tcp {}", port_ranges(&rc.port_ranges)));
    o.list(
        "shared with",
        rc.shared_with.iter().map(|a| account_named(m, a)).collect(),
    );
    o.kv(
        "shareable SN",
        if rc.allow_shareable_service_network {
            "allowed: may join a service network shared with other accounts (ES-35)"
        } else {
            "not allowed: a shareable service network cannot take it (ES-35)"
        },
    );
    let via_sn: Vec<String> = m
        .service_networks
        .iter()
        .filter(|n| n.resource_configurations.contains(&c))
        .map(|n| escape(&n.id))
        .collect();
    o.list("in networks", via_sn);
    o.list(
        "endpoints",
        m.endpoints
            .iter()
            .filter(|e| match e.target {
                EndpointTarget::Resource(r) => r == c,
                EndpointTarget::ServiceNetwork(n) => {
                    m.service_networks[n].resource_configurations.contains(&c)
                }
                _ => false,
            })
            .map(|e| escape(&e.id))
            .collect(),
    );
    o.note("A trace destination: d, or linkscope trace --to this id.");
}

/// A service network: owner, auth, sharing, and its resource configurations.
fn service_network(o: &mut Out, m: &Model, n: Ix) {
    let sn = &m.service_networks[n];
    o.kv("network", &title(&sn.id, &sn.name));
    o.kv(
        "owner",
        &crate::tui::ids::account_label(&m.accounts[sn.account]),
    );
    o.kv(
        "auth",
        &format!(
            "{} (governs its Lattice services, not its resources, ES-36)",
            escape(&sn.auth_type)
        ),
    );
    o.kv("sharing", if sn.sharing { "on" } else { "off" });
    o.list(
        "shared with",
        sn.shared_with.iter().map(|a| account_named(m, a)).collect(),
    );
    o.list(
        "resources",
        sn.resource_configurations
            .iter()
            .map(|&r| escape(&m.resource_configurations[r].id))
            .collect(),
    );
    if !sn.services.is_empty() {
        o.list("services", sn.services.iter().map(|s| escape(s)).collect());
    }
    o.list(
        "endpoints",
        m.endpoints
            .iter()
            .filter(|e| e.target == EndpointTarget::ServiceNetwork(n))
            .map(|e| escape(&e.id))
            .collect(),
    );
}

/// An account id, with its name when the model has the account.
fn account_named(m: &Model, id: &str) -> String {
    match m.account_ix(id) {
        Some(a) => crate::tui::ids::account_label(&m.accounts[a]),
        None => escape(id),
    }
}
