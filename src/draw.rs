//! `linkscope draw`: the topology of a model as a picture (SVG), a Graphviz DOT graph or a
//! Mermaid flowchart: accounts, VPCs, AZs (name and zone ID), subnets with their instances and
//! endpoint and Resolver endpoint interfaces, endpoints, Resolver endpoints (with their DNS
//! forwarding edges), endpoint services, transit gateways and sites. Optionally one
//! VPC only, and optionally one trace's path overlaid (its objects marked, joined in order).
//!
//! Pure: a model (and a trace) in, a string out. [`scene`] decides what is drawn; the three
//! renderers only lay it out and escape text for their format.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::engine::Trace;
use crate::model::{AttachmentKind, EndpointTarget, Ix, Model, ResolverDirection};
use crate::text::escape;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Dot,
    Mermaid,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "svg" => Some(Format::Svg),
            "dot" => Some(Format::Dot),
            "mermaid" => Some(Format::Mermaid),
            _ => None,
        }
    }
}

/// What to draw beyond the whole model.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// A VPC id or name: that VPC only, with the endpoint services and transit gateways it
    /// connects to (and the sites on those).
    pub vpc: Option<&'a str>,
    /// A trace whose path is overlaid.
    pub trace: Option<&'a Trace>,
}

/// One drawn box without contents: an instance, an endpoint, an interface, a gateway.
#[derive(Debug, Clone)]
pub struct Node {
    /// Drawing key (`n12`): unique in the drawing, safe in every format.
    pub key: String,
    /// The model id it stands for (several nodes may stand for one object: an endpoint and
    /// its interfaces).
    pub object: String,
    pub lines: Vec<String>,
    pub kind: &'static str,
    pub marked: bool,
}

/// A box with contents: account, VPC, AZ, subnet, site.
#[derive(Debug, Clone)]
pub struct Group {
    pub key: String,
    pub object: String,
    pub title: String,
    pub kind: &'static str,
    /// Children side by side (AZs in a VPC, VPCs in an account) rather than stacked.
    pub horizontal: bool,
    pub groups: Vec<Group>,
    pub nodes: Vec<Node>,
    pub marked: bool,
}

#[derive(Debug, Clone)]
pub struct Scene {
    pub title: String,
    pub groups: Vec<Group>,
    /// Topology edges between node keys, with a label.
    pub edges: Vec<(String, String, &'static str)>,
    /// The trace's drawn nodes in path order (keys), empty without a trace.
    pub path: Vec<String>,
}

/// Draw `m` in `format`. Errors: an unknown `--vpc` (with a suggestion).
pub fn draw(m: &Model, format: Format, opts: &Options) -> Result<String, String> {
    let s = scene(m, opts)?;
    Ok(match format {
        Format::Svg => svg(&s),
        Format::Dot => dot(&s),
        Format::Mermaid => mermaid(&s),
    })
}

struct Builder {
    next: usize,
    marked: HashSet<String>,
}

impl Builder {
    fn key(&mut self) -> String {
        self.next += 1;
        format!("n{}", self.next)
    }
    fn node(&mut self, object: &str, kind: &'static str, lines: Vec<String>) -> Node {
        Node {
            key: self.key(),
            object: object.to_string(),
            lines,
            kind,
            marked: self.marked.contains(object),
        }
    }
    fn group(
        &mut self,
        object: &str,
        kind: &'static str,
        title: String,
        horizontal: bool,
    ) -> Group {
        Group {
            key: self.key(),
            object: object.to_string(),
            title,
            kind,
            horizontal,
            groups: Vec::new(),
            nodes: Vec::new(),
            marked: self.marked.contains(object),
        }
    }
}

fn named(id: &str, name: &str) -> String {
    if name.is_empty() || name == id {
        id.to_string()
    } else {
        format!("{id} ({name})")
    }
}

/// Which VPCs, endpoint services, transit gateways and sites are drawn.
struct Selection {
    vpcs: Vec<Ix>,
    services: HashSet<Ix>,
    tgws: HashSet<Ix>,
    networks: HashSet<Ix>,
}

fn select(m: &Model, vpc: Option<&str>) -> Result<Selection, String> {
    let Some(want) = vpc else {
        return Ok(Selection {
            vpcs: (0..m.vpcs.len()).collect(),
            services: (0..m.endpoint_services.len()).collect(),
            tgws: (0..m.transit_gateways.len()).collect(),
            networks: (0..m.networks.len()).collect(),
        });
    };
    let Some(v) = m.vpcs.iter().position(|v| v.id == want || v.name == want) else {
        let ids = m.vpcs.iter().flat_map(|v| [v.id.as_str(), v.name.as_str()]);
        let s = crate::suggest::suggest(want, ids);
        let help = crate::suggest::did_you_mean(&s).unwrap_or_else(|| {
            let all: Vec<&str> = m.vpcs.iter().map(|v| v.id.as_str()).collect();
            format!("the model's VPCs: {}", all.join(", "))
        });
        return Err(format!(
            "--vpc `{want}`: no VPC of the model has this id or name\n  help: {help}"
        ));
    };
    let services = m.vpcs[v]
        .endpoints
        .iter()
        .filter_map(|&e| match m.endpoints[e].target {
            EndpointTarget::Service(s) => Some(s),
            _ => None,
        })
        .collect();
    let tgws: HashSet<Ix> = m
        .tgw_attachments
        .iter()
        .filter(|a| a.vpc == Some(v))
        .map(|a| a.tgw)
        .collect();
    let networks = m
        .tgw_attachments
        .iter()
        .filter(|a| tgws.contains(&a.tgw))
        .filter_map(|a| a.network)
        .collect();
    Ok(Selection {
        vpcs: vec![v],
        services,
        tgws,
        networks,
    })
}

/// What is drawn, grouped as it nests; edges and the trace's path by drawing key.
pub fn scene(m: &Model, opts: &Options) -> Result<Scene, String> {
    let sel = select(m, opts.vpc)?;
    let path_objects: Vec<String> = opts
        .trace
        .map(|t| {
            t.steps
                .iter()
                .flat_map(|s| s.objects.iter().cloned())
                .collect()
        })
        .unwrap_or_default();
    let mut b = Builder {
        next: 0,
        marked: path_objects.iter().cloned().collect(),
    };
    let mut edges = Vec::new();
    // Model id -> the node standing for it (the first one: the endpoint, not its interfaces).
    let mut first: HashMap<String, String> = HashMap::new();
    let mut pending: Vec<(String, String, &'static str)> = Vec::new();
    let mut accounts: Vec<Group> = m
        .accounts
        .iter()
        .map(|a| {
            b.group(
                &a.id,
                "account",
                format!("account {}", named(&a.id, &a.name)),
                true,
            )
        })
        .collect();
    for &v in &sel.vpcs {
        let g = vpc_group(m, v, &mut b, &mut first, &mut pending);
        accounts[m.vpcs[v].account].groups.push(g);
    }
    for (i, s) in m.endpoint_services.iter().enumerate() {
        if !sel.services.contains(&i) {
            continue;
        }
        let n = b.node(
            &s.id,
            "endpoint-service",
            vec![
                named(&s.id, &s.name),
                format!("endpoint service {}", s.service_name),
            ],
        );
        first.entry(s.id.clone()).or_insert(n.key.clone());
        accounts[s.account].nodes.push(n);
    }
    for (i, t) in m.transit_gateways.iter().enumerate() {
        if !sel.tgws.contains(&i) {
            continue;
        }
        let n = b.node(
            &t.id,
            "transit-gateway",
            vec![named(&t.id, &t.name), "transit gateway".into()],
        );
        first.entry(t.id.clone()).or_insert(n.key.clone());
        accounts[t.account].nodes.push(n);
    }
    let mut groups: Vec<Group> = accounts
        .into_iter()
        .filter(|a| !a.groups.is_empty() || !a.nodes.is_empty())
        .collect();
    for (i, net) in m.networks.iter().enumerate() {
        if !sel.networks.contains(&i) {
            continue;
        }
        groups.push(site_group(m, i, &mut b, &mut first, &mut pending));
        let _ = net;
    }
    for (from, to_object, label) in pending {
        if let Some(to) = first.get(&to_object) {
            edges.push((from, to.clone(), label));
        }
    }
    let mut path: Vec<String> = Vec::new();
    for o in &path_objects {
        if let Some(k) = first.get(o)
            && path.last() != Some(k)
            && !path.contains(k)
        {
            path.push(k.clone());
        }
    }
    let title = match opts.trace {
        Some(t) => format!(
            "{} — trace {} → {}: {}",
            m.name,
            t.query.from,
            t.query.to,
            t.verdict.as_str().to_uppercase()
        ),
        None => m.name.clone(),
    };
    Ok(Scene {
        title,
        groups,
        edges,
        path,
    })
}

/// One VPC: its AZs side by side, each with its subnets, each with its instances and endpoint
/// interfaces; the VPC's endpoints, gateways, peerings and transit attachments below.
fn vpc_group(
    m: &Model,
    v: Ix,
    b: &mut Builder,
    first: &mut HashMap<String, String>,
    pending: &mut Vec<(String, String, &'static str)>,
) -> Group {
    let vpc = &m.vpcs[v];
    let cidrs: Vec<String> = vpc.cidrs.iter().map(|c| c.to_string()).collect();
    let mut g = b.group(
        &vpc.id,
        "vpc",
        format!("VPC {} {}", named(&vpc.id, &vpc.name), cidrs.join(" ")),
        true,
    );
    // AZ name -> zone id, then subnets in model order.
    let mut zones: BTreeMap<(String, String), Vec<Ix>> = BTreeMap::new();
    for &s in &vpc.subnets {
        let sn = &m.subnets[s];
        zones
            .entry((sn.zone.clone(), sn.zone_id.clone()))
            .or_default()
            .push(s);
    }
    for ((zone, zone_id), subnets) in zones {
        let mut az = b.group(&zone_id, "az", format!("AZ {zone} ({zone_id})"), false);
        for s in subnets {
            az.groups.push(subnet_group(m, s, b, first));
        }
        g.groups.push(az);
    }
    for &e in &vpc.endpoints {
        let ep = &m.endpoints[e];
        let what = match &ep.target {
            EndpointTarget::Aws(s) => s.clone(),
            EndpointTarget::Service(s) => m.endpoint_services[*s].service_name.clone(),
            EndpointTarget::InstanceConnect => "EC2 Instance Connect".into(),
            EndpointTarget::Resource(r) => m.resource_configurations[*r].id.clone(),
            EndpointTarget::ServiceNetwork(n) => m.service_networks[*n].id.clone(),
        };
        let n = b.node(
            &ep.id,
            "endpoint",
            vec![
                named(&ep.id, &ep.name),
                format!("{} endpoint: {what}", ep.kind.as_str()),
            ],
        );
        first.insert(ep.id.clone(), n.key.clone());
        if let EndpointTarget::Service(s) = ep.target {
            pending.push((
                n.key.clone(),
                m.endpoint_services[s].id.clone(),
                "privatelink",
            ));
        }
        g.nodes.push(n);
    }
    for &gw in &vpc.gateways {
        let gw = &m.gateways[gw];
        let n = b.node(
            &gw.id,
            "gateway",
            vec![named(&gw.id, &gw.name), gw.kind.as_str().to_string()],
        );
        first.entry(gw.id.clone()).or_insert(n.key.clone());
        g.nodes.push(n);
    }
    for &p in &vpc.peerings {
        let p = &m.peerings[p];
        let other = if p.vpc == v { p.peer_vpc } else { p.vpc };
        let n = b.node(
            &p.id,
            "peering",
            vec![
                named(&p.id, &p.name),
                format!("peering with {}", m.vpcs[other].id),
            ],
        );
        first.entry(p.id.clone()).or_insert(n.key.clone());
        g.nodes.push(n);
    }
    resolver_endpoints(m, v, b, first, pending, &mut g);
    for a in m.tgw_attachments.iter().filter(|a| a.vpc == Some(v)) {
        let n = b.node(
            &a.id,
            "attachment",
            vec![named(&a.id, &a.name), "transit gateway attachment".into()],
        );
        first.entry(a.id.clone()).or_insert(n.key.clone());
        pending.push((
            n.key.clone(),
            m.transit_gateways[a.tgw].id.clone(),
            "attached",
        ));
        g.nodes.push(n);
    }
    g
}

/// A VPC's Route 53 Resolver endpoints (their interfaces are drawn in their subnets), with an
/// edge from an outbound endpoint to each site host its forward rules send queries to.
fn resolver_endpoints(
    m: &Model,
    v: Ix,
    b: &mut Builder,
    first: &mut HashMap<String, String>,
    pending: &mut Vec<(String, String, &'static str)>,
    g: &mut Group,
) {
    for (ei, e) in m
        .resolver_endpoints
        .iter()
        .enumerate()
        .filter(|(_, e)| e.vpc == v)
    {
        let dir = match e.direction {
            ResolverDirection::Inbound => "inbound",
            ResolverDirection::Outbound => "outbound",
        };
        let n = b.node(
            &e.id,
            "resolver-endpoint",
            vec![named(&e.id, &e.name), format!("Resolver {dir} endpoint")],
        );
        first.insert(e.id.clone(), n.key.clone());
        for r in m.resolver_rules.iter().filter(|r| r.endpoint == Some(ei)) {
            for (ip, _) in &r.targets {
                if let Some(h) = m.hosts.iter().find(|h| h.ip == *ip)
                    && !pending.iter().any(|p| p.0 == n.key && p.1 == h.id)
                {
                    pending.push((n.key.clone(), h.id.clone(), "dns-forward"));
                }
            }
        }
        g.nodes.push(n);
    }
}

fn subnet_group(m: &Model, s: Ix, b: &mut Builder, first: &mut HashMap<String, String>) -> Group {
    let sn = &m.subnets[s];
    let mut g = b.group(
        &sn.id,
        "subnet",
        format!("subnet {} {}", named(&sn.id, &sn.name), sn.cidr),
        false,
    );
    for i in m.instances.iter().filter(|i| i.subnet == s) {
        let n = b.node(
            &i.id,
            "instance",
            vec![named(&i.id, &i.name), format!("instance {}", i.ip)],
        );
        first.entry(i.id.clone()).or_insert(n.key.clone());
        g.nodes.push(n);
    }
    for e in &m.endpoints {
        for eni in e.enis.iter().filter(|x| x.subnet == s) {
            g.nodes.push(b.node(
                &e.id,
                "interface",
                vec![format!("interface of {}", e.id), eni.ip.to_string()],
            ));
        }
    }
    for e in &m.resolver_endpoints {
        for (_, ip) in e.ips.iter().filter(|(x, _)| *x == s) {
            g.nodes.push(b.node(
                &e.id,
                "interface",
                vec![format!("interface of {}", e.id), ip.to_string()],
            ));
        }
    }
    for a in &m.tgw_attachments {
        for eni in a.enis.iter().filter(|x| x.subnet == s) {
            g.nodes.push(b.node(
                &a.id,
                "interface",
                vec![format!("interface of {}", a.id), eni.ip.to_string()],
            ));
        }
    }
    g
}

/// A site (on-premises network or the internet): its hosts and its attachments.
fn site_group(
    m: &Model,
    i: Ix,
    b: &mut Builder,
    first: &mut HashMap<String, String>,
    pending: &mut Vec<(String, String, &'static str)>,
) -> Group {
    let net = &m.networks[i];
    let cidrs: Vec<String> = net.cidrs.iter().map(|c| c.to_string()).collect();
    let mut g = b.group(
        &net.id,
        "site",
        format!("site {} {}", named(&net.id, &net.name), cidrs.join(" ")),
        false,
    );
    for &hi in &net.hosts {
        let h = &m.hosts[hi];
        let n = b.node(
            &h.id,
            "host",
            vec![named(&h.id, &h.name), format!("host {}", h.ip)],
        );
        first.entry(h.id.clone()).or_insert(n.key.clone());
        // The site's DNS server forwarding to an inbound Resolver endpoint's addresses.
        for (_, to) in net
            .dns
            .iter()
            .filter(|d| d.server == hi)
            .flat_map(|d| &d.forward)
        {
            for e in &m.resolver_endpoints {
                if e.direction == ResolverDirection::Inbound
                    && e.ips.iter().any(|(_, ip)| to.contains(ip))
                    && !pending.iter().any(|p| p.0 == n.key && p.1 == e.id)
                {
                    pending.push((n.key.clone(), e.id.clone(), "dns-forward"));
                }
            }
        }
        g.nodes.push(n);
    }
    for &a in &net.attachments {
        let a = &m.tgw_attachments[a];
        let kind = match a.kind {
            AttachmentKind::Vpn => "VPN attachment",
            AttachmentKind::DirectConnect => "Direct Connect attachment",
            AttachmentKind::Vpc => "attachment",
        };
        let n = b.node(
            &a.id,
            "attachment",
            vec![named(&a.id, &a.name), kind.into()],
        );
        first.entry(a.id.clone()).or_insert(n.key.clone());
        pending.push((
            n.key.clone(),
            m.transit_gateways[a.tgw].id.clone(),
            "attached",
        ));
        g.nodes.push(n);
    }
    g
}

// ---- DOT ----

fn dot_text(s: &str) -> String {
    escape(s).replace('\\', "\\\\").replace('"', "\\\"")
}

/// Graphviz DOT: groups as clusters, the trace's path as bold red edges.
pub fn dot(s: &Scene) -> String {
    fn group(g: &Group, depth: usize, out: &mut String) {
        let ind = "  ".repeat(depth);
        out.push_str(&format!("{ind}subgraph cluster_{} {{\n", g.key));
        let color = if g.marked {
            ", color=red, penwidth=2"
        } else {
            ""
        };
        out.push_str(&format!(
            "{ind}  graph [label=\"{}\", style=rounded{color}];\n",
            dot_text(&g.title)
        ));
        for c in &g.groups {
            group(c, depth + 1, out);
        }
        for n in &g.nodes {
            let label: Vec<String> = n.lines.iter().map(|l| dot_text(l)).collect();
            let color = if n.marked {
                ", color=red, penwidth=2"
            } else {
                ""
            };
            out.push_str(&format!(
                "{ind}  {} [label=\"{}\"{color}];\n",
                n.key,
                label.join("\\n")
            ));
        }
        out.push_str(&format!("{ind}}}\n"));
    }
    let mut out = format!(
        "digraph topology {{\n  graph [label=\"{}\", labelloc=t, fontname=\"Helvetica\", compound=true];\n  node [shape=box, fontname=\"Helvetica\"];\n",
        dot_text(&s.title)
    );
    for g in &s.groups {
        group(g, 1, &mut out);
    }
    for (a, b, l) in &s.edges {
        out.push_str(&format!("  {a} -> {b} [label=\"{l}\", style=dashed];\n"));
    }
    for w in s.path.windows(2) {
        out.push_str(&format!(
            "  {} -> {} [color=red, penwidth=3, label=\"trace\"];\n",
            w[0], w[1]
        ));
    }
    out.push_str("}\n");
    out
}

// ---- Mermaid ----

fn mermaid_text(s: &str) -> String {
    escape(s)
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// A Mermaid flowchart: groups as subgraphs, the trace's path as thick links.
pub fn mermaid(s: &Scene) -> String {
    fn group(g: &Group, depth: usize, out: &mut String, marked: &mut Vec<String>) {
        let ind = "  ".repeat(depth);
        out.push_str(&format!(
            "{ind}subgraph {}[\"{}\"]\n",
            g.key,
            mermaid_text(&g.title)
        ));
        for c in &g.groups {
            group(c, depth + 1, out, marked);
        }
        for n in &g.nodes {
            let label: Vec<String> = n.lines.iter().map(|l| mermaid_text(l)).collect();
            out.push_str(&format!("{ind}  {}[\"{}\"]\n", n.key, label.join("<br/>")));
            if n.marked {
                marked.push(n.key.clone());
            }
        }
        out.push_str(&format!("{ind}end\n"));
        if g.marked {
            marked.push(g.key.clone());
        }
    }
    let mut out = format!(
        "---\ntitle: \"{}\"\n---\nflowchart TB\n",
        mermaid_text(&s.title)
    );
    let mut marked = Vec::new();
    for g in &s.groups {
        group(g, 1, &mut out, &mut marked);
    }
    for (a, b, l) in &s.edges {
        out.push_str(&format!("  {a} -.->|{l}| {b}\n"));
    }
    for w in s.path.windows(2) {
        out.push_str(&format!("  {} ==>|trace| {}\n", w[0], w[1]));
    }
    if !marked.is_empty() {
        out.push_str("  classDef path stroke:#d00,stroke-width:3px\n");
        out.push_str(&format!("  class {} path\n", marked.join(",")));
    }
    out
}

// ---- SVG ----

const CHAR_W: f64 = 7.2;
const LINE_H: f64 = 16.0;
const PAD: f64 = 8.0;

fn xml(s: &str) -> String {
    escape(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text_w(s: &str) -> f64 {
    crate::text::width(&escape(s)) as f64 * CHAR_W
}

fn fill(kind: &str) -> &'static str {
    match kind {
        "account" => "#f6f6f6",
        "vpc" => "#e8f0fe",
        "az" => "#ffffff",
        "subnet" => "#e6f4ea",
        "site" => "#f3e8fd",
        "endpoint" => "#fff3cd",
        "endpoint-service" => "#fde2e4",
        "transit-gateway" => "#fde7d9",
        "resolver-endpoint" => "#e0f2f1",
        _ => "#ffffff",
    }
}

struct Svg {
    out: Vec<String>,
    centers: HashMap<String, (f64, f64)>,
}

impl Svg {
    fn node(&mut self, n: &Node, x: f64, y: f64) -> (f64, f64) {
        let w = n.lines.iter().map(|l| text_w(l)).fold(0.0, f64::max) + 2.0 * PAD;
        let h = n.lines.len() as f64 * LINE_H + PAD;
        let (stroke, sw) = if n.marked { ("#d00", 3) } else { ("#555", 1) };
        self.out.push(format!(
            "<g class=\"node {}\" id=\"{}\" data-object=\"{}\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"4\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>",
            n.kind,
            n.key,
            xml(&n.object),
            fill(n.kind)
        ));
        for (i, l) in n.lines.iter().enumerate() {
            self.out.push(format!(
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x + PAD,
                y + PAD / 2.0 + (i as f64 + 0.75) * LINE_H,
                xml(l)
            ));
        }
        self.out.push("</g>".into());
        self.centers
            .insert(n.key.clone(), (x + w / 2.0, y + h / 2.0));
        (w, h)
    }

    /// Lays `g` out at (x, y), children first, then inserts its frame beneath them.
    fn group(&mut self, g: &Group, x: f64, y: f64) -> (f64, f64) {
        let at = self.out.len();
        let top = y + LINE_H + PAD;
        let (mut cx, mut cy) = (x + PAD, top);
        let (mut w, mut row_h) = (text_w(&g.title) + 2.0 * PAD, 0.0f64);
        for c in &g.groups {
            let (cw, ch) = self.group(c, cx, cy);
            if g.horizontal {
                cx += cw + PAD;
                row_h = row_h.max(ch);
                w = w.max(cx - x);
            } else {
                cy += ch + PAD;
                w = w.max(cw + 2.0 * PAD);
            }
        }
        if g.horizontal && !g.groups.is_empty() {
            cy += row_h + PAD;
        }
        for n in &g.nodes {
            let (nw, nh) = self.node(n, x + PAD, cy);
            cy += nh + PAD;
            w = w.max(nw + 2.0 * PAD);
        }
        let h = (cy - y).max(LINE_H + 2.0 * PAD);
        let (stroke, sw) = if g.marked { ("#d00", 3) } else { ("#888", 1) };
        self.out.insert(
            at,
            format!(
                "<g class=\"group {}\" id=\"{}\" data-object=\"{}\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"6\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"bold\">{}</text></g>",
                g.kind,
                g.key,
                xml(&g.object),
                fill(g.kind),
                x + PAD,
                y + LINE_H,
                xml(&g.title)
            ),
        );
        (w, h)
    }
}

/// A self-contained SVG: nested boxes (groups stacked, AZs and VPCs side by side), dashed
/// topology edges, the trace's path as a red line through its objects' centres.
pub fn svg(s: &Scene) -> String {
    let mut d = Svg {
        out: Vec::new(),
        centers: HashMap::new(),
    };
    let (mut y, mut w) = (LINE_H * 2.0 + PAD, text_w(&s.title) + 2.0 * PAD);
    for g in &s.groups {
        let (gw, gh) = d.group(g, PAD, y);
        y += gh + PAD;
        w = w.max(gw + 2.0 * PAD);
    }
    let line = |a: &(f64, f64), b: &(f64, f64), style: &str| {
        format!(
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" {style}/>",
            a.0, a.1, b.0, b.1
        )
    };
    let mut overlay = Vec::new();
    for (a, b, _) in &s.edges {
        if let (Some(p), Some(q)) = (d.centers.get(a), d.centers.get(b)) {
            overlay.push(line(
                p,
                q,
                "class=\"edge\" stroke=\"#777\" stroke-dasharray=\"4 3\"",
            ));
        }
    }
    let pts: Vec<String> = s
        .path
        .iter()
        .filter_map(|k| d.centers.get(k))
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    if pts.len() > 1 {
        overlay.push(format!(
            "<polyline class=\"trace\" points=\"{}\" fill=\"none\" stroke=\"#d00\" stroke-width=\"3\" stroke-opacity=\"0.8\" marker-end=\"url(#arrow)\"/>",
            pts.join(" ")
        ));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{y:.0}\" viewBox=\"0 0 {w:.0} {y:.0}\" font-family=\"monospace\" font-size=\"12\">\n<title>{}</title>\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#d00\"/></marker></defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"{PAD}\" y=\"{LINE_H}\" font-weight=\"bold\" font-size=\"14\">{}</text>\n{}\n{}\n</svg>\n",
        xml(&s.title),
        xml(&s.title),
        d.out.join("\n"),
        overlay.join("\n")
    )
}
