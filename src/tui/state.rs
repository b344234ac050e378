//! The explorer's state: the model, what is shown and selected, the current trace, the
//! finder and popups. Plain data; [`super::update`] changes it, [`super::view`] draws it.
//!
//! What is derived from the model for display (the AZ columns of the VPC shown, the items of
//! each subnet, the VPC-wide strip) is built once per model and VPC in [`VpcView::build`], so
//! drawing never searches or sorts the model.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::engine::Trace;
use crate::model::{EndpointKind, EndpointTarget, GatewayKind, Ix, Model, ObjectRef};
use crate::text::escape;

use super::finder::Finder;
pub use super::lines::LineCache;
pub use super::scroll::Scroll;

/// The panels that take the focus (Tab / Shift-Tab).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Vpc,
    Details,
    Trace,
    Problems,
}

/// A popup over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// Every key and the primer on concepts; `search` is the `/` query (`typing` while it is
    /// being typed).
    Help {
        scroll: Scroll,
        search: String,
        typing: bool,
    },
    /// One concept (from a trace step, `c`).
    Concept { id: &'static str, scroll: Scroll },
    /// The model's expectations with their results (`E`); `sel` is the selected one.
    Expectations { scroll: Scroll, sel: usize },
    /// `R`: the rules a trace step cites (`ids`, the deciding one first), `at` the one shown.
    Rule {
        ids: Vec<String>,
        at: usize,
        scroll: Scroll,
    },
    /// `C`: every concept; `sel` is the selected one (Enter reads it).
    Concepts { sel: usize, scroll: Scroll },
    /// `A`: the VPC shown and the VPCs PrivateLink connects it to, side by side by AZ ID.
    Align { scroll: Scroll },
    /// The reach matrix's sources by verdict (`L`); `sel` is the selected row.
    Reach { scroll: Scroll, sel: usize },
}

impl Popup {
    /// The popup's scroll position.
    pub fn scroll(&mut self) -> &mut Scroll {
        match self {
            Popup::Help { scroll, .. }
            | Popup::Concept { scroll, .. }
            | Popup::Expectations { scroll, .. }
            | Popup::Rule { scroll, .. }
            | Popup::Concepts { scroll, .. }
            | Popup::Align { scroll } => scroll,
            Popup::Reach { scroll, .. } => scroll,
        }
    }
}

/// One thing drawn inside a subnet box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    Instance(Ix),
    /// An endpoint's network interface: endpoint index, ENI index.
    Eni(Ix, usize),
    /// A NAT gateway (gateway index).
    Nat(Ix),
    /// A load balancer node of an endpoint service: service index, node index.
    LbNode(Ix, usize),
    /// A resource gateway's address in one of its subnets: gateway index, subnet index.
    ResourceGw(Ix, usize),
}

impl Item {
    /// The model object this item stands for.
    pub fn object(&self) -> ObjectRef {
        match *self {
            Item::Instance(i) => ObjectRef::Instance(i),
            Item::Eni(e, _) => ObjectRef::Endpoint(e),
            Item::Nat(g) => ObjectRef::Gateway(g),
            Item::LbNode(s, _) => ObjectRef::EndpointService(s),
            Item::ResourceGw(g, _) => ObjectRef::ResourceGateway(g),
        }
    }
}

/// A subnet box: the subnet and what is in it.
#[derive(Debug, Clone)]
pub struct SubnetEntry {
    pub subnet: Ix,
    pub items: Vec<Item>,
}

/// One Availability Zone of the VPC shown.
#[derive(Debug, Clone)]
pub struct ZoneColumn {
    pub zone: String,
    pub zone_id: String,
    pub subnets: Vec<SubnetEntry>,
}

/// One VPC-wide object (endpoint, gateway, peering) in the strip under the AZ panes.
#[derive(Debug, Clone)]
pub struct Chip {
    pub object: ObjectRef,
    /// Escaped, ready to draw.
    pub label: String,
}

/// What is drawn for one VPC, derived from the model once.
#[derive(Debug, Clone, Default)]
pub struct VpcView {
    pub vpc: Ix,
    pub columns: Vec<ZoneColumn>,
    pub strip: Vec<Chip>,
    /// Route table -> the subnets using it.
    pub table_users: std::collections::HashMap<Ix, Vec<Ix>>,
    /// Network ACL -> the subnets using it.
    pub acl_users: std::collections::HashMap<Ix, Vec<Ix>>,
}

impl VpcView {
    pub fn build(m: &Model, vpc: Ix) -> VpcView {
        let v = &m.vpcs[vpc];
        let mut columns: Vec<ZoneColumn> = v
            .zones
            .iter()
            .map(|z| ZoneColumn {
                zone: z.clone(),
                zone_id: m.zone_id(v.account, z).unwrap_or("").to_string(),
                subnets: Vec::new(),
            })
            .collect();
        // Items per subnet, indexed by the subnet's position in the model.
        let mut items: std::collections::HashMap<Ix, Vec<Item>> = Default::default();
        for &i in &v.instances {
            items
                .entry(m.instances[i].subnet)
                .or_default()
                .push(Item::Instance(i));
        }
        for &e in &v.endpoints {
            for (k, eni) in m.endpoints[e].enis.iter().enumerate() {
                items.entry(eni.subnet).or_default().push(Item::Eni(e, k));
            }
        }
        for &g in &v.gateways {
            if let Some(s) = m.gateways[g].subnet {
                items.entry(s).or_default().push(Item::Nat(g));
            }
        }
        for (si, svc) in m.endpoint_services.iter().enumerate() {
            if svc.load_balancer.vpc == vpc {
                for (k, &s) in svc.load_balancer.subnets.iter().enumerate() {
                    items.entry(s).or_default().push(Item::LbNode(si, k));
                }
            }
        }
        for (gi, gw) in m.resource_gateways.iter().enumerate() {
            if gw.vpc == vpc {
                for (k, &s) in gw.subnets.iter().enumerate() {
                    items.entry(s).or_default().push(Item::ResourceGw(gi, k));
                }
            }
        }
        let mut table_users: std::collections::HashMap<Ix, Vec<Ix>> = Default::default();
        let mut acl_users: std::collections::HashMap<Ix, Vec<Ix>> = Default::default();
        for &s in &v.subnets {
            let sub = &m.subnets[s];
            table_users.entry(sub.route_table).or_default().push(s);
            acl_users.entry(sub.network_acl).or_default().push(s);
            let col = match columns.iter().position(|c| c.zone == sub.zone) {
                Some(c) => c,
                None => {
                    columns.push(ZoneColumn {
                        zone: sub.zone.clone(),
                        zone_id: sub.zone_id.clone(),
                        subnets: Vec::new(),
                    });
                    columns.len() - 1
                }
            };
            if columns[col].zone_id.is_empty() {
                columns[col].zone_id = sub.zone_id.clone();
            }
            columns[col].subnets.push(SubnetEntry {
                subnet: s,
                items: items.remove(&s).unwrap_or_default(),
            });
        }
        let mut strip = Vec::new();
        for &g in &v.gateways {
            let gw = &m.gateways[g];
            let mark = match gw.kind {
                GatewayKind::Nat => continue,
                GatewayKind::Internet | GatewayKind::EgressOnly => "⊕",
                GatewayKind::Transit | GatewayKind::Vpn => "⊗",
            };
            let kind = match gw.kind {
                GatewayKind::Internet => "",
                GatewayKind::Transit => " (transit)",
                GatewayKind::EgressOnly => " (egress-only)",
                _ => " (VPN)",
            };
            strip.push(Chip {
                object: ObjectRef::Gateway(g),
                label: format!("{mark} {}{kind}", escape(&gw.id)),
            });
        }
        for &e in &v.endpoints {
            let ep = &m.endpoints[e];
            let label = match ep.kind {
                EndpointKind::Gateway => {
                    let tables: Vec<String> = ep
                        .route_tables
                        .iter()
                        .map(|&t| escape(&m.route_tables[t].id))
                        .collect();
                    format!(
                        "◈ {} {} → {}",
                        escape(&ep.id),
                        escape(&service_short(m, &ep.target, &m.vpcs[vpc].region)),
                        if tables.is_empty() {
                            "no route table".to_string()
                        } else {
                            tables.join(", ")
                        }
                    )
                }
                EndpointKind::Interface => format!(
                    "▣ {} {}{}",
                    escape(&ep.id),
                    escape(&service_short(m, &ep.target, &m.vpcs[vpc].region)),
                    if ep.private_dns { " (private DNS)" } else { "" }
                ),
                EndpointKind::InstanceConnect => format!("▣ {} instance connect", escape(&ep.id)),
            };
            strip.push(Chip {
                object: ObjectRef::Endpoint(e),
                label,
            });
        }
        for &p in &v.peerings {
            let pc = &m.peerings[p];
            strip.push(Chip {
                object: ObjectRef::Peering(p),
                label: format!("⇆ {} → {}", escape(&pc.id), escape(&m.vpcs[pc.peer_vpc].id)),
            });
        }
        VpcView {
            vpc,
            columns,
            strip,
            table_users,
            acl_users,
        }
    }

    /// Number of cursor columns: the AZ columns, then the strip.
    pub fn strip_col(&self) -> usize {
        self.columns.len()
    }

    /// The object at a cursor position, if any.
    pub fn object_at(&self, c: Cursor) -> Option<ObjectRef> {
        if c.col == self.strip_col() {
            return self.strip.get(c.sub).map(|ch| ch.object);
        }
        let s = self.columns.get(c.col)?.subnets.get(c.sub)?;
        match c.item {
            None => Some(ObjectRef::Subnet(s.subnet)),
            Some(i) => s.items.get(i).map(Item::object),
        }
    }

    /// Where an object is drawn (the first place), if it is drawn in this VPC's panes or strip.
    pub fn find(&self, obj: ObjectRef) -> Option<Cursor> {
        self.find_item(obj, |_| true).or_else(|| {
            self.strip
                .iter()
                .position(|c| c.object == obj)
                .map(|k| Cursor {
                    col: self.strip_col(),
                    sub: k,
                    item: None,
                })
        })
    }

    /// Where an object is drawn in the AZ panes: the subnet box, or the first item standing
    /// for it that `pick` accepts (an endpoint has one interface per subnet).
    pub fn find_item(&self, obj: ObjectRef, pick: impl Fn(Item) -> bool) -> Option<Cursor> {
        for (ci, col) in self.columns.iter().enumerate() {
            for (si, s) in col.subnets.iter().enumerate() {
                if obj == ObjectRef::Subnet(s.subnet) {
                    return Some(Cursor {
                        col: ci,
                        sub: si,
                        item: None,
                    });
                }
                if let Some(k) = s
                    .items
                    .iter()
                    .position(|&it| it.object() == obj && pick(it))
                {
                    return Some(Cursor {
                        col: ci,
                        sub: si,
                        item: Some(k),
                    });
                }
            }
        }
        None
    }
}

/// `com.amazonaws.us-east-1.ssm` -> `ssm`; an endpoint service -> its name.
pub fn service_short(m: &Model, t: &EndpointTarget, region: &str) -> String {
    match t {
        EndpointTarget::Aws(name) => {
            let prefix = format!("com.amazonaws.{region}.");
            name.strip_prefix(&prefix).unwrap_or(name).to_string()
        }
        EndpointTarget::Service(s) => m.endpoint_services[*s].name.clone(),
        EndpointTarget::InstanceConnect => "instance connect".into(),
        EndpointTarget::Resource(r) => m.resource_configurations[*r].id.clone(),
        EndpointTarget::ServiceNetwork(n) => m.service_networks[*n].id.clone(),
    }
}

/// A position in the VPC view: an AZ column (or the strip, `col == columns.len()`), a subnet
/// of it (or a chip of the strip), and optionally an item of the subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub col: usize,
    pub sub: usize,
    pub item: Option<usize>,
}

/// What the selected trace step points at inside the details panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A route of a route table, by destination label (CIDR or prefix-list id).
    Route { table: Ix, destination: String },
    /// A security group rule: direction and the engine's `rule` fact.
    SgRule {
        group: Ix,
        outbound: bool,
        rule: Option<usize>,
    },
    /// A network ACL rule by number (`*` for the final deny).
    AclRule {
        acl: Ix,
        outbound: bool,
        rule: String,
    },
    /// A policy statement (Sid or index) of an endpoint's or a bucket's policy.
    Statement { owner: ObjectRef, statement: String },
}

/// The VPC map: what is drawn, where the cursor is, what is selected and highlighted.
#[derive(Debug, Default)]
pub struct MapState {
    pub view: VpcView,
    pub cursor: Cursor,
    /// First AZ column shown (when not all fit).
    pub zone_offset: usize,
    /// Per AZ column: first subnet shown.
    pub az_scroll: Vec<usize>,
    /// First chip shown in the strip.
    pub strip_offset: usize,
    /// The AZ column the cursor was in last (to return from the strip).
    pub last_col: usize,
    /// The object the details panel shows.
    pub selected: Option<ObjectRef>,
    /// `m`: one line per subnet (no items), narrower AZ panes: a large VPC and all its AZs fit.
    pub compact: bool,
    /// `F`: only the subnets matching these words are drawn ([`super::map_filter`]).
    pub filter: String,
    /// The filter is being typed.
    pub filter_typing: bool,
    /// Objects the selected step used, highlighted in the VPC view.
    pub highlight: HashSet<ObjectRef>,
    /// Addresses and AZ IDs the selected step names (which ENI of an endpoint it used).
    pub highlight_addrs: HashSet<String>,
}

/// What [`super::lines::settle`] must bring on screen once the line models are built: the
/// update asks, the settle step (which knows the layout) scrolls.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reveal {
    /// The VPC view's cursor.
    pub cursor: bool,
    /// The selected trace step (else the trace scroll is only clamped).
    pub step: bool,
    /// The details' marked line (the route, rule or statement the step used).
    pub mark: bool,
    /// The selected problem.
    pub problem: bool,
}

/// The panels: focus, scroll positions, popups and the finder.
#[derive(Debug)]
pub struct Panels {
    pub focus: Panel,
    /// On narrow screens the VPC view, the details and the problems share one area: the one
    /// focused last is shown.
    pub top: Panel,
    pub trace: Scroll,
    pub details: Scroll,
    pub problems: Scroll,
    pub problem_sel: usize,
    pub finder: Option<Finder>,
    /// The finders' candidates, built once per model.
    pub finder_candidates: super::finder::CandidateCache,
    pub popup: Option<Popup>,
    /// What the settle step brings on screen after this update.
    pub reveal: Reveal,
    /// `z`: the focused panel fills the screen.
    pub zoom: bool,
    /// The request editor (`o`) or the copy-out form (`Y`), over everything.
    pub form: Option<super::form::Form>,
}

/// One request as traced, for the history (`[` / `]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Traced {
    pub source: String,
    pub destination: String,
    pub options: crate::engine::QueryOptions,
    pub expectation: Option<usize>,
}

/// The request traced: source, destination and options.
#[derive(Debug, Default)]
pub struct Request {
    /// Every request traced, oldest first, and the position in it (`[` / `]`).
    pub history: Vec<Traced>,
    pub at: usize,
    pub source: Option<String>,
    pub destination: Option<String>,
    /// Port, protocol, action... for the trace (set by an expectation; reset by s and d).
    pub options: crate::engine::QueryOptions,
    /// The expectation being traced, while source and destination are its own.
    pub expectation: Option<usize>,
}

/// The current trace and its selected step.
#[derive(Debug, Default)]
pub struct TraceRun {
    pub trace: Option<Trace>,
    /// Why the last trace could not run (bad source or destination).
    pub trace_error: Option<String>,
    /// The selected trace step.
    pub step: usize,
    /// The route, rule or statement the selected step used.
    pub mark: Option<Mark>,
    /// A trace pinned with `P`: the current one is compared with it (≠ on the steps that
    /// differ).
    pub pinned: Option<Trace>,
}

/// The model's expectations, run on every load and reload (the live test loop).
#[derive(Debug, Default)]
pub struct Tests {
    /// One result per expectation of the model shown.
    pub results: Vec<crate::engine::ExpectationResult>,
    /// What the last reload changed, one line per expectation whose result changed.
    pub changes: Vec<String>,
}

impl Tests {
    /// Run every expectation of a model.
    pub fn run(m: &Model) -> Tests {
        Tests {
            results: crate::engine::run_expectations(m),
            changes: Vec::new(),
        }
    }

    /// How many pass.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed).count()
    }

    /// `✓ 2/2 expectations met`, `✗ 1/2 expectations met`; None without expectations.
    pub fn summary(&self) -> Option<String> {
        let n = self.results.len();
        if n == 0 {
            return None;
        }
        let p = self.passed();
        Some(format!(
            "{} {p}/{n} expectation{} met",
            if p == n { "✓" } else { "✗" },
            if n == 1 { "" } else { "s" }
        ))
    }

    /// The first failing expectation.
    pub fn first_failure(&self) -> Option<usize> {
        self.results.iter().position(|r| !r.passed)
    }
}

/// An expectation's mark: ✓ met, ✗ not met, ◐ met with a partial verdict (some answers or
/// Availability Zones reach, others do not).
pub fn result_mark(r: &crate::engine::ExpectationResult) -> &'static str {
    if !r.passed {
        "✗"
    } else if r
        .trace
        .as_ref()
        .is_some_and(|t| t.verdict == crate::outcome::Verdict::Partial)
    {
        "◐"
    } else {
        "✓"
    }
}

/// What a result got, in words: the verdict (and reason), or why it could not be traced.
pub fn result_got(r: &crate::engine::ExpectationResult) -> String {
    match (&r.trace, &r.error) {
        (Some(t), _) => match t.reason_code() {
            Some(c) if t.verdict != crate::outcome::Verdict::Allowed => {
                format!("{} {c}", t.verdict.upper())
            }
            _ => t.verdict.upper().to_string(),
        },
        (None, Some(e)) => format!("no trace: {e}"),
        (None, None) => "no trace".into(),
    }
}

/// The model file and its reloads.
#[derive(Debug, Default)]
pub struct FileState {
    /// The file the model came from (None for the built-in tour).
    pub model_path: Option<PathBuf>,
    /// Errors of the last reload that failed (the last good model stays on screen).
    pub reload_errors: Vec<Diagnostic>,
    /// The text of the file that failed to load, for the errors' snippets.
    pub reload_text: Option<std::sync::Arc<str>>,
    /// The policy files the model file names, as of the last load or reload attempt (good or
    /// not): the explorer watches them with the model file.
    pub watch_files: Vec<PathBuf>,
}

/// The whole state of the explorer.
#[derive(Debug)]
pub struct App {
    pub model: Model,
    pub map: MapState,
    pub panels: Panels,
    pub request: Request,
    pub run: TraceRun,
    pub file: FileState,
    /// The expectations' results.
    pub tests: Tests,
    /// A one-line message in the footer until the next key.
    pub status: Option<String>,
    /// Text to put on the terminal's clipboard (OSC 52), sent by the event loop after the
    /// update that asked for it (`y`).
    pub clipboard: Option<String>,
    /// The terminal size (for layout-dependent updates and mouse hit-testing).
    pub size: (u16, u16),
    pub quit: bool,
    /// The panels' line models as of the last update ([`super::lines::settle`]).
    pub lines: LineCache,
    /// The overview (`O`): every VPC, transit gateway, site, Resolver endpoint and endpoint
    /// service, and the trace's path across them.
    pub overview: super::overview::OverviewState,
    /// Teaching mode (`T`, `--teach`) and whether a lab's answers are shown (`!`).
    pub teach: super::teach::Teach,
    /// The reach matrix (`R`): one destination from every source.
    pub reach: super::reach::ReachState,
}

/// The VPC the explorer opens on: the first with an instance, an endpoint or a NAT gateway (an
/// imported account lists its default VPC first, which holds only subnets and an internet
/// gateway), else the first with a subnet, else 0.
pub fn first_busy_vpc(m: &Model) -> Ix {
    let busy = |v: &crate::model::Vpc| {
        !v.instances.is_empty()
            || !v.endpoints.is_empty()
            || v.gateways
                .iter()
                .any(|&g| m.gateways[g].kind == GatewayKind::Nat)
    };
    m.vpcs
        .iter()
        .position(busy)
        .or_else(|| m.vpcs.iter().position(|v| !v.subnets.is_empty()))
        .unwrap_or(0)
}

impl App {
    /// A fresh explorer over a model, showing its first VPC that holds something.
    pub fn new(model: Model, model_path: Option<PathBuf>) -> App {
        let vpc = first_busy_vpc(&model);
        let view = if model.vpcs.is_empty() {
            VpcView::default()
        } else {
            VpcView::build(&model, vpc)
        };
        let az_scroll = vec![0; view.columns.len()];
        let watch_files = model.source.files.clone();
        let mut app = App {
            model,
            map: MapState {
                view,
                az_scroll,
                ..Default::default()
            },
            panels: Panels {
                focus: Panel::Vpc,
                top: Panel::Vpc,
                trace: Scroll::default(),
                details: Scroll::default(),
                problems: Scroll::default(),
                problem_sel: 0,
                finder: None,
                finder_candidates: Default::default(),
                popup: None,
                reveal: Reveal::default(),
                zoom: false,
                form: None,
            },
            request: Request::default(),
            run: TraceRun::default(),
            file: FileState {
                model_path,
                reload_errors: Vec::new(),
                reload_text: None,
                watch_files,
            },
            tests: Tests::default(),
            status: None,
            clipboard: None,
            size: (80, 24),
            quit: false,
            lines: LineCache::default(),
            overview: Default::default(),
            teach: Default::default(),
            reach: Default::default(),
        };
        app.overview.view = super::overview::Overview::build(&app.model);
        app.overview.on = super::overview::opens_on_overview(&app.model);
        app.overview.cursor = app
            .overview
            .view
            .position(super::overview::Node::Vpc(vpc))
            .unwrap_or(0);
        if app.map.view.columns.is_empty() && !app.map.view.strip.is_empty() {
            app.map.cursor.col = app.map.view.strip_col();
        }
        app.map.selected = app.map.view.object_at(app.map.cursor);
        app.tests = Tests::run(&app.model);
        super::update::settle(&mut app);
        app
    }

    /// Does the model have any VPC to show?
    pub fn has_vpc(&self) -> bool {
        !self.model.vpcs.is_empty()
    }

    /// Reload errors first, then the model's warnings (hidden while a lab's answers are, in
    /// teaching mode: [`super::teach`]).
    pub fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        let hide = super::teach::hiding(self);
        self.file
            .reload_errors
            .iter()
            .chain(self.model.warnings.iter().filter(move |_| !hide))
    }

    pub fn problem_count(&self) -> usize {
        let warnings = if super::teach::hiding(self) {
            0
        } else {
            self.model.warnings.len()
        };
        self.file.reload_errors.len() + warnings
    }

    /// The selected step of the current trace.
    pub fn current_step(&self) -> Option<&crate::engine::Step> {
        self.run
            .trace
            .as_ref()
            .and_then(|t| t.steps.get(self.run.step))
    }

    /// The panels Tab cycles through, in order.
    pub fn focus_order(&self) -> Vec<Panel> {
        let mut p = vec![Panel::Vpc, Panel::Details, Panel::Trace];
        if self.problem_count() > 0 {
            p.push(Panel::Problems);
        }
        p
    }
}
