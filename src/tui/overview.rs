//! The overview (`O`): the whole model on one screen — VPCs (with account and AZs), transit
//! gateways (attachments, route tables), sites (their connections), Route 53 Resolver
//! endpoints and endpoint services — and the current trace's path across them. Enter on a VPC
//! drills down to its AZ panes.
//!
//! What is drawn is derived from the model once ([`Overview::build`]); the path (which hops
//! touched which node, where the packet was stopped) is derived from the trace once per update
//! ([`settle`]), so drawing ([`super::view::overview`]) only reads.

use std::collections::HashMap;

use crate::engine::{Status, Trace};
use crate::model::{AttachmentKind, GatewayKind, Ix, Model, ObjectRef, ResolverDirection};
use crate::text::escape;

use super::state::App;

/// One thing drawn on the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Vpc(Ix),
    TransitGateway(Ix),
    Site(Ix),
    Resolver(Ix),
    Service(Ix),
}

impl Node {
    /// The model object the details panel shows for it (a Resolver endpoint has none: the
    /// details show its VPC).
    pub fn object(&self, m: &Model) -> ObjectRef {
        match *self {
            Node::Vpc(v) => ObjectRef::Vpc(v),
            Node::TransitGateway(t) => ObjectRef::TransitGateway(t),
            Node::Site(n) => ObjectRef::Network(n),
            Node::Resolver(r) => ObjectRef::Vpc(m.resolver_endpoints[r].vpc),
            Node::Service(s) => ObjectRef::EndpointService(s),
        }
    }

    /// The section it is listed under.
    pub fn section(&self) -> &'static str {
        match self {
            Node::Vpc(_) => "VPCs",
            Node::TransitGateway(_) => "Transit gateways",
            Node::Site(_) => "Sites",
            Node::Resolver(_) => "Route 53 Resolver endpoints",
            Node::Service(_) => "Endpoint services",
        }
    }
}

/// A node as drawn: a glyph, its head line and detail lines (escaped, ready to draw).
#[derive(Debug, Clone)]
pub struct NodeEntry {
    pub node: Node,
    pub glyph: &'static str,
    pub id: String,
    pub head: String,
    pub details: Vec<String>,
}

impl NodeEntry {
    /// Lines it takes: the head and its details.
    pub fn height(&self) -> usize {
        1 + self.details.len()
    }
}

/// The overview of one model, built once per model.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub entries: Vec<NodeEntry>,
    /// Resolver endpoint id -> its entry (Resolver endpoints are no [`ObjectRef`]).
    resolver_ids: HashMap<String, Ix>,
    /// A Resolver endpoint's address, or a Resolver rule's id -> the endpoint: how a `dns`
    /// step's `servers` chain (TRACE.md) names the endpoints the query passed.
    resolver_names: HashMap<String, Ix>,
    /// Node -> its entry.
    positions: HashMap<Node, usize>,
}

/// The current trace's path over the overview's entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMarks {
    /// Per entry: the 1-based steps that used it.
    pub hops: HashMap<usize, Vec<usize>>,
    /// The entries the failing step used.
    pub blocked: Vec<usize>,
    /// The entries the selected step uses.
    pub current: Vec<usize>,
    /// The entries in the order the trace first visits them.
    pub order: Vec<usize>,
}

/// The overview's state: on or off, its cursor and scroll, the path of the current trace.
#[derive(Debug, Default)]
pub struct OverviewState {
    /// Shown instead of the AZ panes.
    pub on: bool,
    pub view: Overview,
    /// The selected entry.
    pub cursor: usize,
    /// The first line shown, per column.
    pub scroll: [usize; 2],
    pub path: PathMarks,
}

/// From this width of the list on, two columns: the VPCs left, the rest right.
pub const TWO_COLUMNS_FROM: u16 = 120;

/// Does a model open on the overview? With several VPCs joined by a transit gateway or
/// reaching sites, one VPC's AZ panes show only a part of any path: the whole comes first.
pub fn opens_on_overview(m: &Model) -> bool {
    m.vpcs.len() > 1 && (!m.transit_gateways.is_empty() || !m.networks.is_empty())
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn named(id: &str, name: &str) -> String {
    if name.is_empty() || name == id {
        escape(id)
    } else {
        format!("{} ({})", escape(id), escape(name))
    }
}

impl Overview {
    pub fn build(m: &Model) -> Overview {
        let mut entries = Vec::new();
        for (i, v) in m.vpcs.iter().enumerate() {
            entries.push(vpc_entry(m, i, v));
        }
        for (i, t) in m.transit_gateways.iter().enumerate() {
            entries.push(tgw_entry(m, i, t));
        }
        for (i, n) in m.networks.iter().enumerate() {
            entries.push(site_entry(m, i, n));
        }
        let mut resolver_ids = HashMap::new();
        let mut resolver_names = HashMap::new();
        for rr in &m.resolver_rules {
            if let Some(e) = rr.endpoint {
                resolver_names.insert(rr.id.clone(), e);
            }
        }
        for (i, r) in m.resolver_endpoints.iter().enumerate() {
            resolver_ids.insert(r.id.clone(), i);
            for (_, ip) in &r.ips {
                resolver_names.insert(ip.to_string(), i);
            }
            let dir = match r.direction {
                ResolverDirection::Inbound => "inbound",
                ResolverDirection::Outbound => "outbound",
            };
            let ips: Vec<String> = r.ips.iter().map(|(_, ip)| ip.to_string()).collect();
            let rules: Vec<String> = m
                .resolver_rules
                .iter()
                .filter(|rr| rr.endpoint == Some(i))
                .map(|rr| format!("{} → {}", escape(&rr.id), escape(&rr.domain)))
                .collect();
            let mut details = vec![format!(
                "addresses {}",
                if ips.is_empty() {
                    "(none given)".to_string()
                } else {
                    ips.join(", ")
                }
            )];
            if !rules.is_empty() {
                details.push(format!("rules {}", rules.join(" · ")));
            }
            entries.push(NodeEntry {
                node: Node::Resolver(i),
                glyph: "⇵",
                id: escape(&r.id),
                head: format!(
                    "{} {dir} in {}",
                    named(&r.id, &r.name),
                    escape(&m.vpcs[r.vpc].id)
                ),
                details,
            });
        }
        for (i, s) in m.endpoint_services.iter().enumerate() {
            let consumers = m
                .endpoints
                .iter()
                .filter(|e| e.target == crate::model::EndpointTarget::Service(i))
                .count();
            entries.push(NodeEntry {
                node: Node::Service(i),
                glyph: "▤",
                id: escape(&s.id),
                head: format!(
                    "{} {} · provider {}",
                    escape(&s.id),
                    escape(&s.name),
                    escape(&m.vpcs[s.load_balancer.vpc].id)
                ),
                details: vec![format!(
                    "{} · {}",
                    plural(consumers, "endpoint"),
                    if s.acceptance_required {
                        "acceptance required"
                    } else {
                        "accepts at once"
                    }
                )],
            });
        }
        let positions = entries
            .iter()
            .enumerate()
            .map(|(k, e)| (e.node, k))
            .collect();
        Overview {
            entries,
            resolver_ids,
            resolver_names,
            positions,
        }
    }

    /// The entry standing for a node.
    pub fn position(&self, node: Node) -> Option<usize> {
        self.positions.get(&node).copied()
    }

    /// The entries of each column: all in one, or (`two`) the VPCs left and the rest right.
    pub fn columns(&self, two: bool) -> Vec<std::ops::Range<usize>> {
        let n = self.entries.len();
        let k = self
            .entries
            .iter()
            .position(|e| !matches!(e.node, Node::Vpc(_)))
            .unwrap_or(n);
        if two && k > 0 && k < n {
            vec![0..k, k..n]
        } else {
            std::iter::once(0..n).collect()
        }
    }

    /// The line each entry of a column starts on within it, section headings included (a
    /// heading, then the entries of that section).
    pub fn starts_in(&self, col: std::ops::Range<usize>) -> Vec<usize> {
        let mut out = Vec::with_capacity(col.len());
        let mut line = 0;
        let mut section = "";
        for e in &self.entries[col] {
            if e.node.section() != section {
                section = e.node.section();
                line += 1;
            }
            out.push(line);
            line += e.height();
        }
        out
    }

    /// Lines of a column (headings included).
    pub fn lines_in(&self, col: std::ops::Range<usize>) -> usize {
        let starts = self.starts_in(col.clone());
        match (starts.last(), col.end.checked_sub(1)) {
            (Some(s), Some(last)) if !col.is_empty() => s + self.entries[last].height(),
            _ => 0,
        }
    }

    /// Lines the overview needs: its longest column.
    pub fn total_lines(&self, two: bool) -> usize {
        self.columns(two)
            .into_iter()
            .map(|c| self.lines_in(c))
            .max()
            .unwrap_or(0)
    }

    /// The entries a step's object stands in: a transit gateway's attachment and route table
    /// are the transit gateway's, a site host is its site's, the rest is its VPC's.
    fn entry_of(&self, m: &Model, id: &str) -> Option<usize> {
        if let Some(&r) = self.resolver_ids.get(id) {
            return self.position(Node::Resolver(r));
        }
        let o = m.lookup(id).or_else(|| match m.by_name(id) {
            [r] => Some(*r),
            _ => None,
        })?;
        let node = match o {
            ObjectRef::TransitGateway(t) => Node::TransitGateway(t),
            ObjectRef::TgwAttachment(a) => Node::TransitGateway(m.tgw_attachments[a].tgw),
            ObjectRef::TgwRouteTable(r) => Node::TransitGateway(m.tgw_route_tables[r].tgw),
            ObjectRef::Network(n) => Node::Site(n),
            ObjectRef::Host(h) => Node::Site(m.hosts[h].network),
            ObjectRef::EndpointService(s) => Node::Service(s),
            o => Node::Vpc(super::finder::vpc_of(m, o)?),
        };
        self.position(node)
    }

    /// The entries one step used, in the order of its objects; a `dns` step also the Resolver
    /// endpoints its `servers` chain passed (by address, or by the rule forwarding through one).
    fn step_entries(&self, m: &Model, s: &crate::engine::Step) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut add = |e: Option<usize>| {
            if let Some(e) = e
                && !out.contains(&e)
            {
                out.push(e);
            }
        };
        for id in s.focus.main.iter().chain(s.objects.iter()) {
            add(self.entry_of(m, id));
        }
        if s.kind == crate::engine::StepKind::Dns
            && let Some(servers) = s.facts.get("servers").and_then(|v| v.as_array())
        {
            for sv in servers {
                for key in ["ip", "via"] {
                    let r = sv
                        .get(key)
                        .and_then(|v| v.as_str())
                        .and_then(|k| self.resolver_names.get(k));
                    add(r.and_then(|&r| self.position(Node::Resolver(r))));
                }
            }
        }
        out
    }

    /// The path of a trace over the entries; `selected` is the selected step.
    pub fn path(&self, m: &Model, t: &Trace, selected: usize) -> PathMarks {
        let mut p = PathMarks::default();
        let mut failed = false;
        for (i, s) in t.steps.iter().enumerate() {
            let used = self.step_entries(m, s);
            for &e in &used {
                let h = p.hops.entry(e).or_default();
                if h.last() != Some(&(i + 1)) {
                    h.push(i + 1);
                }
            }
            // The path follows what each step is mainly about (a step also names the objects
            // it compared with, which are not where the packet is); a DNS lookup names where
            // the answer points, not where the packet is yet.
            if let Some(&e) = used.first()
                && s.kind != crate::engine::StepKind::Dns
                && !p.order.contains(&e)
            {
                p.order.push(e);
            }
            if s.status == Status::Fail && !failed {
                failed = true;
                // The object that stopped the packet when the engine names one.
                p.blocked = match s.focus.blocking.as_deref() {
                    Some(b) => self.entry_of(m, b).map(|e| vec![e]).unwrap_or(used.clone()),
                    None => used.clone(),
                };
            }
            if i == selected {
                p.current = used;
            }
        }
        p
    }
}

fn vpc_entry(m: &Model, i: Ix, v: &crate::model::Vpc) -> NodeEntry {
    let cidrs: Vec<String> = v.cidrs.iter().map(|c| c.to_string()).collect();
    let account = &m.accounts[v.account];
    let zones: Vec<String> = v
        .zones
        .iter()
        .map(|z| match m.zone_id(v.account, z) {
            Some(id) => format!("{} · {}", escape(z), escape(id)),
            None => escape(z),
        })
        .collect();
    let mut counts = vec![plural(v.subnets.len(), "subnet")];
    if !v.instances.is_empty() {
        counts.push(plural(v.instances.len(), "instance"));
    }
    if !v.endpoints.is_empty() {
        counts.push(plural(v.endpoints.len(), "endpoint"));
    }
    let vgws: Vec<String> = v
        .gateways
        .iter()
        .map(|&g| &m.gateways[g])
        .filter(|g| g.kind == GatewayKind::Vpn)
        .map(|g| format!("VGW {}", escape(&g.id)))
        .collect();
    counts.extend(vgws);
    NodeEntry {
        node: Node::Vpc(i),
        glyph: "▢",
        id: escape(&v.id),
        head: format!(
            "{} {} · acct {}",
            named(&v.id, &v.name),
            cidrs.join(","),
            super::ids::account_label(account)
        ),
        details: vec![
            format!(
                "{}: {}",
                if zones.len() == 1 { "AZ" } else { "AZs" },
                if zones.is_empty() {
                    "none".to_string()
                } else {
                    zones.join("  ")
                }
            ),
            counts.join(" · "),
        ],
    }
}

/// Attachment lines under a transit gateway, at most.
const MAX_ATTACHMENT_LINES: usize = 12;

fn attachment_label(m: &Model, a: Ix) -> String {
    let at = &m.tgw_attachments[a];
    let to = match (at.kind, at.vpc, at.network) {
        (AttachmentKind::Vpc, Some(v), _) => escape(&m.vpcs[v].id),
        (AttachmentKind::Vpn, _, Some(n)) => format!("{} VPN", escape(&m.networks[n].id)),
        (AttachmentKind::DirectConnect, _, Some(n)) => {
            format!("{} Direct Connect", escape(&m.networks[n].id))
        }
        _ => "?".into(),
    };
    let table = match at.association {
        Some(r) => escape(&m.tgw_route_tables[r].id),
        None => "no table".into(),
    };
    let state = if at.available {
        String::new()
    } else {
        format!(" {}", escape(&at.state))
    };
    format!("{} → {to} [{table}]{state}", escape(&at.id))
}

fn tgw_entry(m: &Model, i: Ix, t: &crate::model::TransitGateway) -> NodeEntry {
    let atts: Vec<String> = t
        .attachments
        .iter()
        .map(|&a| attachment_label(m, a))
        .collect();
    let tables: Vec<String> = t
        .route_tables
        .iter()
        .map(|&r| {
            let rt = &m.tgw_route_tables[r];
            let blackholes = rt.routes.iter().filter(|r| r.target.is_none()).count();
            let bh = if blackholes > 0 {
                format!(", {}", plural(blackholes, "blackhole"))
            } else {
                String::new()
            };
            format!(
                "{} ({}{bh})",
                escape(&rt.id),
                plural(rt.routes.len(), "route")
            )
        })
        .collect();
    // A hub with hundreds of spokes: the first attachments, then how many more (the details
    // panel lists them all).
    let n = atts.len();
    let mut details: Vec<String> = atts
        .into_iter()
        .take(if n > MAX_ATTACHMENT_LINES {
            MAX_ATTACHMENT_LINES - 1
        } else {
            n
        })
        .map(|a| format!("  {a}"))
        .collect();
    if n > MAX_ATTACHMENT_LINES {
        details.push(format!(
            "  +{} more attachments (Enter: the details)",
            n - details.len()
        ));
    }
    let shown_tables = tables.len().min(MAX_ATTACHMENT_LINES);
    let more_tables = if tables.len() > shown_tables {
        format!(" · +{} more", tables.len() - shown_tables)
    } else {
        String::new()
    };
    details.push(format!(
        "tables: {}{more_tables}",
        tables[..shown_tables].join(" · ")
    ));
    NodeEntry {
        node: Node::TransitGateway(i),
        glyph: "⊗",
        id: escape(&t.id),
        head: format!(
            "{} · acct {} · {} · {}",
            named(&t.id, &t.name),
            super::ids::account_label(&m.accounts[t.account]),
            plural(t.attachments.len(), "attachment"),
            plural(t.route_tables.len(), "route table")
        ),
        details,
    }
}

fn site_entry(m: &Model, i: Ix, n: &crate::model::Network) -> NodeEntry {
    let cidrs: Vec<String> = n.cidrs.iter().map(|c| c.to_string()).collect();
    let mut conns: Vec<String> = n
        .attachments
        .iter()
        .map(|&a| {
            let at = &m.tgw_attachments[a];
            let kind = match at.kind {
                AttachmentKind::DirectConnect => "Direct Connect",
                _ => "VPN",
            };
            format!(
                "{kind}{} to {} ({})",
                if at.bgp { " (BGP)" } else { " (static)" },
                escape(&m.transit_gateways[at.tgw].id),
                escape(&at.id)
            )
        })
        .collect();
    for g in &m.gateways {
        for c in g.connections.iter().filter(|c| c.network == i) {
            let kind = match c.kind {
                AttachmentKind::DirectConnect => "Direct Connect",
                _ => "VPN",
            };
            conns.push(format!(
                "{kind}{} to VGW {} of {}",
                if c.bgp { " (BGP)" } else { " (static)" },
                escape(&g.id),
                escape(&m.vpcs[g.vpc].id)
            ));
        }
    }
    let mut details = vec![if conns.is_empty() {
        "no connection".to_string()
    } else {
        conns.join(" · ")
    }];
    let dns = n
        .dns
        .as_ref()
        .map(|d| format!(" · DNS {}", escape(&m.hosts[d.server].id)))
        .unwrap_or_default();
    details.push(format!("{}{dns}", plural(n.hosts.len(), "host")));
    NodeEntry {
        node: Node::Site(i),
        glyph: "⌂",
        id: escape(&n.id),
        head: format!("{} {}", named(&n.id, &n.name), cidrs.join(",")),
        details,
    }
}

/// After every update: the trace's path over the entries, and the cursor on screen.
pub fn settle(app: &mut App) {
    let ov = &app.overview;
    app.overview.path = match &app.run.trace {
        Some(t) => ov.view.path(&app.model, t, app.run.step),
        None => PathMarks::default(),
    };
}

/// A step was selected: the overview's cursor goes to what it is mainly about.
pub fn follow_step(app: &mut App) {
    let Some(s) = app.current_step() else {
        return;
    };
    if let Some(&e) = app.overview.view.step_entries(&app.model, s).first() {
        app.overview.cursor = e;
    }
}

/// Rebuild for a new model (the cursor stays on the same id when it is still there).
pub fn rebuild(app: &mut App) {
    let id = app
        .overview
        .view
        .entries
        .get(app.overview.cursor)
        .map(|e| e.id.clone());
    app.overview.view = Overview::build(&app.model);
    app.overview.cursor = id
        .and_then(|id| app.overview.view.entries.iter().position(|e| e.id == id))
        .unwrap_or(0);
}

/// `O`: the overview, and back to the AZ panes of the VPC shown.
pub fn toggle(app: &mut App) {
    app.overview.on = !app.overview.on;
    app.panels.focus = super::state::Panel::Vpc;
    app.panels.top = super::state::Panel::Vpc;
    if app.overview.on {
        // On the VPC shown.
        if let Some(k) = app
            .overview
            .view
            .position(Node::Vpc(app.map.view.vpc))
            .filter(|_| !app.model.vpcs.is_empty())
        {
            app.overview.cursor = k;
        }
        select_cursor(app);
        app.status = Some("overview: ↑↓ choose, Enter opens a VPC's AZ panes, O back".into());
    } else {
        app.map.selected = app.map.view.object_at(app.map.cursor);
    }
}

/// What `S` / `D` take on the overview: the entry under the cursor; a site, its first host.
pub fn selected_object(app: &App) -> Option<ObjectRef> {
    let e = app.overview.view.entries.get(app.overview.cursor)?;
    match e.node {
        Node::Site(n) => app.model.networks[n]
            .hosts
            .first()
            .map(|&h| ObjectRef::Host(h)),
        node => Some(node.object(&app.model)),
    }
}

/// The details panel shows the entry under the cursor.
fn select_cursor(app: &mut App) {
    if let Some(e) = app.overview.view.entries.get(app.overview.cursor) {
        let o = e.node.object(&app.model);
        if app.map.selected != Some(o) {
            app.map.selected = Some(o);
            app.panels.details.offset = 0;
        }
    }
}

/// Move the overview's cursor by `d` entries (clamped).
pub fn move_by(app: &mut App, d: i64) {
    let n = app.overview.view.entries.len();
    if n == 0 {
        return;
    }
    app.overview.cursor = (app.overview.cursor as i64 + d).clamp(0, n as i64 - 1) as usize;
    select_cursor(app);
}

/// ← / →: the other column (the VPCs, the rest), on the VPC whose AZ panes are shown or the
/// first entry of the rest. One column: nothing.
pub fn other_column(app: &mut App, right: bool) {
    let cols = app.overview.view.columns(true);
    let [left_col, right_col] = cols.as_slice() else {
        return;
    };
    let k = if right {
        right_col.start
    } else {
        app.overview
            .view
            .position(Node::Vpc(app.map.view.vpc))
            .filter(|k| left_col.contains(k))
            .unwrap_or(left_col.start)
    };
    if (right && !right_col.contains(&app.overview.cursor))
        || (!right && !left_col.contains(&app.overview.cursor))
    {
        app.overview.cursor = k;
        select_cursor(app);
    }
}

/// Enter: a VPC opens its AZ panes; anything else shows its details.
pub fn activate(app: &mut App) {
    let Some(e) = app.overview.view.entries.get(app.overview.cursor) else {
        return;
    };
    match e.node {
        Node::Vpc(v) => {
            app.overview.on = false;
            if v != app.map.view.vpc {
                super::update::switch_vpc(app, v);
            }
            app.map.selected = app.map.view.object_at(app.map.cursor);
            app.status = Some(format!(
                "{}: its AZ panes (O: the overview again)",
                escape(&app.model.vpcs[v].id)
            ));
        }
        node => {
            app.map.selected = Some(node.object(&app.model));
            app.panels.details.offset = 0;
            app.panels.focus = super::state::Panel::Details;
            app.panels.top = super::state::Panel::Details;
        }
    }
}

/// A click at line `row` of column `col` (0: its first line on screen): the entry drawn
/// there. A second click on the entry under the cursor opens it (as Enter).
pub fn click(app: &mut App, col: std::ops::Range<usize>, ci: usize, row: usize) {
    let line = app.overview.scroll[ci] + row;
    let starts = app.overview.view.starts_in(col.clone());
    let Some(k) = starts.iter().rposition(|&s| s <= line) else {
        return;
    };
    if line >= starts[k] + app.overview.view.entries[col.start + k].height() {
        return; // a section heading
    }
    let k = col.start + k;
    app.panels.focus = super::state::Panel::Vpc;
    if k == app.overview.cursor {
        activate(app);
    } else {
        app.overview.cursor = k;
        select_cursor(app);
    }
}

/// The wheel over column `ci` of the overview: scroll it by three lines.
pub fn wheel(app: &mut App, col: std::ops::Range<usize>, ci: usize, down: bool) {
    let max = app.overview.view.lines_in(col).saturating_sub(1);
    let s = &mut app.overview.scroll[ci];
    *s = if down {
        (*s + 3).min(max)
    } else {
        s.saturating_sub(3)
    };
}

/// Keep the cursor's entry on screen in its column (`cols`: each column's entries and its
/// rows on screen).
pub fn reveal(app: &mut App, cols: &[(std::ops::Range<usize>, usize)]) {
    let ov = &mut app.overview;
    for (ci, (col, rows)) in cols.iter().enumerate().take(2) {
        let rows = (*rows).max(1);
        let lines = ov.view.lines_in(col.clone());
        if !col.contains(&ov.cursor) {
            ov.scroll[ci] = ov.scroll[ci].min(lines.saturating_sub(rows));
            continue;
        }
        let k = ov.cursor - col.start;
        let start = ov.view.starts_in(col.clone())[k];
        let end = start + ov.view.entries[ov.cursor].height();
        // The heading of the column's first section stays in view with its first entry.
        let start = if k == 0 { 0 } else { start };
        let s = &mut ov.scroll[ci];
        if start < *s {
            *s = start;
        } else if end > *s + rows {
            *s = end.saturating_sub(rows).min(start);
        }
        *s = (*s).min(lines.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(p: &str) -> Model {
        let p = format!("{}/{p}", env!("CARGO_MANIFEST_DIR"));
        crate::model::load::load_file(std::path::Path::new(&p)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_trace_across_a_transit_gateway_visits_spoke_tgw_and_site() {
        let m = model("samples/hub-and-spoke.yaml");
        let ov = Overview::build(&m);
        let opts = crate::engine::QueryOptions {
            port: Some(5432),
            ..Default::default()
        };
        let t = crate::engine::trace(&m, "i-a", "db1", &opts).unwrap();
        let p = ov.path(&m, &t, 0);
        let ids: Vec<&str> = p.order.iter().map(|&e| ov.entries[e].id.as_str()).collect();
        let pos = |id: &str| ids.iter().position(|x| *x == id).unwrap_or(usize::MAX);
        assert!(pos("vpc-spoke-a") < pos("tgw-core"), "{ids:?}");
        assert!(pos("tgw-core") < pos("dc1"), "{ids:?}");
        assert!(p.blocked.is_empty());
        // Blocked at the transit gateway: ✗ on it, not on the spoke.
        let t = crate::engine::trace(&m, "i-c", "i-hub-app", &opts).unwrap();
        let p = ov.path(&m, &t, 0);
        let tgw = ov.position(Node::TransitGateway(0)).unwrap();
        assert_eq!(p.blocked, vec![tgw], "{:?}", t.reason_code());
    }

    #[test]
    fn the_hybrid_sample_lists_resolver_endpoints_and_the_site_connection() {
        let m = model("samples/hybrid-dns.yaml");
        let ov = Overview::build(&m);
        let r = ov
            .entries
            .iter()
            .find(|e| e.id == "rslvr-in-hub")
            .expect("listed");
        assert!(r.head.contains("inbound in vpc-hub"), "{}", r.head);
        assert!(
            r.details[0].contains("10.0.1.10, 10.0.2.10"),
            "{:?}",
            r.details
        );
        let site = ov.entries.iter().find(|e| e.id == "dc1").unwrap();
        assert!(
            site.details[0].contains("VPN (BGP) to tgw-core"),
            "{:?}",
            site.details
        );
        assert!(opens_on_overview(&m));
        // The site's query reaches the hub's inbound endpoint: its hop is on that entry.
        let t = crate::engine::trace(
            &m,
            "laptop",
            "https://ssm.us-east-1.amazonaws.com",
            &Default::default(),
        )
        .unwrap();
        let p = ov.path(&m, &t, 0);
        let dns = t
            .steps
            .iter()
            .position(|s| s.kind == crate::engine::StepKind::Dns)
            .unwrap();
        let inbound = ov.position(Node::Resolver(0)).unwrap();
        assert_eq!(ov.entries[inbound].id, "rslvr-in-hub");
        assert_eq!(p.hops.get(&inbound), Some(&vec![dns + 1]));
        // A VPC's query forwarded by rule rr-corp leaves through the outbound endpoint.
        let t =
            crate::engine::trace(&m, "i-app", "db.corp.example:443", &Default::default()).unwrap();
        let p = ov.path(&m, &t, 0);
        let outbound = ov.position(Node::Resolver(1)).unwrap();
        assert!(p.hops.contains_key(&outbound), "{:?}", p.hops);
    }
}
