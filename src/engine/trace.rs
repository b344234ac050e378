//! The trace: plain data describing what AWS does to one request, step by step (TRACE.md).
//!
//! These types are the contract between the engine and everything that shows a trace (the
//! text/JSON report, `linkscope test`, the explorer). They hold no references into the model:
//! objects are named by id, so a trace can be printed, compared and serialised on its own.

use serde::Serialize;
use serde_json::{Map, Value};

pub use crate::outcome::{Reason, Verdict};

/// What the user asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Query {
    pub from: String,
    pub to: String,
    pub protocol: String,
    pub port: u16,
    pub action: Option<String>,
    pub resource: Option<String>,
    pub principal: Option<String>,
}

/// Overrides for a query (the command line's flags); `None` means "the destination's default".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOptions {
    pub port: Option<u16>,
    pub protocol: Option<String>,
    pub action: Option<String>,
    pub resource: Option<String>,
    pub principal: Option<String>,
    /// The client's ephemeral port for return traffic through network ACLs (NACL-7); default
    /// [`crate::engine::filter::DEFAULT_EPHEMERAL_PORT`] (50000).
    pub source_port: Option<u16>,
    /// Extra or overriding policy context keys (`--context KEY=VALUE`).
    pub context: Vec<(String, String)>,
}

/// The result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    pub query: Query,
    pub verdict: Verdict,
    /// A failure code (TRACE.md) when blocked, or the first blocked answer's when partial.
    pub reason: Option<Reason>,
    pub path: Option<PathKind>,
    /// The endpoint or gateway carrying the traffic.
    pub via: Option<String>,
    pub steps: Vec<Step>,
    /// One sentence summing the outcome up, as a teacher would say it.
    pub summary: String,
    /// What other DNS answers would have met (TRACE.md: several addresses).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// On `partial` (and on `blocked` with several answers): every DNS answer that is blocked,
    /// the chosen one included, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked_answers: Vec<Alternative>,
    /// Every DNS answer's outcome, the one the steps show first (when there are several).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Alternative>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathKind {
    Local,
    Peering,
    TransitGateway,
    GatewayEndpoint,
    InterfaceEndpoint,
    EndpointService,
    InstanceConnect,
    NatInternet,
    Internet,
    /// To or from a site over a VPN through a virtual private gateway.
    Vpn,
    /// To or from a site over Direct Connect through a virtual private gateway.
    DirectConnect,
}

impl PathKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            PathKind::Local => "local",
            PathKind::Peering => "peering",
            PathKind::TransitGateway => "transit-gateway",
            PathKind::GatewayEndpoint => "gateway-endpoint",
            PathKind::InterfaceEndpoint => "interface-endpoint",
            PathKind::EndpointService => "endpoint-service",
            PathKind::InstanceConnect => "instance-connect",
            PathKind::NatInternet => "nat-internet",
            PathKind::Internet => "internet",
            PathKind::Vpn => "vpn",
            PathKind::DirectConnect => "direct-connect",
        }
    }
}

/// One thing AWS does, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub status: Status,
    /// One short line.
    pub title: String,
    /// Plain-words explanation, as a teacher would give it; cites rule book ids.
    pub detail: String,
    /// Model ids this step used (for highlighting).
    pub objects: Vec<String>,
    /// The step's data (TRACE.md lists the keys per kind).
    pub facts: Map<String, Value>,
    /// rule book ids the step relies on (e.g. `GW-6`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// The concept (assets/concepts) a learner can open from this step; the engine names one
    /// for every step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
    /// What the explorer marks for this step, typed (not in the JSON: `facts` say it there).
    #[serde(skip)]
    pub focus: Focus,
}

/// What a step points at, for a screen: the object it is about, the row, rule or statement it
/// used there, the addresses to light, and the object that blocked the packet. Filled by the
/// engine, so nothing downstream reads `facts` by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Focus {
    /// The model id the step is mainly about (its details open there).
    pub main: Option<String>,
    /// The row, rule or statement of `main` the step used.
    pub mark: Option<FocusMark>,
    /// Addresses to light on the map (the source's, the chosen DNS answer, an interface's).
    pub addresses: Vec<String>,
    /// When the step failed: the model id of the object that blocked the packet.
    pub blocking: Option<String>,
}

/// The part of an object a step used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FocusMark {
    /// A route of `table`, by its destination label (CIDR or prefix-list id).
    Route { table: String, destination: String },
    /// The rule of `group` that allowed the packet (its index among the group's rules of that
    /// direction), or none when none did.
    SgRule {
        group: String,
        outbound: bool,
        rule: Option<usize>,
    },
    /// The rule of `acl` that decided, by number (`*` for the final deny).
    AclRule {
        acl: String,
        outbound: bool,
        rule: String,
    },
    /// The deciding statement (Sid or index) of the policy of `owner` (an endpoint or bucket).
    Statement { owner: String, statement: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    Source,
    Dns,
    Route,
    SecurityGroup,
    NetworkAcl,
    Endpoint,
    EndpointService,
    Policy,
    Delivery,
    TransitGateway,
    Site,
}

impl StepKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            StepKind::Source => "source",
            StepKind::Dns => "dns",
            StepKind::Route => "route",
            StepKind::SecurityGroup => "security-group",
            StepKind::NetworkAcl => "network-acl",
            StepKind::Endpoint => "endpoint",
            StepKind::EndpointService => "endpoint-service",
            StepKind::Policy => "policy",
            StepKind::Delivery => "delivery",
            StepKind::TransitGateway => "transit-gateway",
            StepKind::Site => "site",
        }
    }
    /// Short label for one-line displays.
    pub fn short(&self) -> &'static str {
        match self {
            StepKind::Source => "source",
            StepKind::Dns => "dns",
            StepKind::Route => "route",
            StepKind::SecurityGroup => "sg",
            StepKind::NetworkAcl => "nacl",
            StepKind::Endpoint => "endpoint",
            StepKind::EndpointService => "service",
            StepKind::Policy => "policy",
            StepKind::Delivery => "delivery",
            StepKind::TransitGateway => "tgw",
            StepKind::Site => "site",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Info,
    Pass,
    Warn,
    Fail,
}

impl Status {
    pub fn mark(&self) -> &'static str {
        match self {
            Status::Info => "·",
            Status::Pass => "✓",
            Status::Warn => "!",
            Status::Fail => "✗",
        }
    }
}

/// What another DNS answer would have met.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub address: String,
    /// The AZ name of the interface answering (for an endpoint's interfaces).
    pub zone: Option<String>,
    pub zone_id: Option<String>,
    pub verdict: Verdict,
    pub reason: Option<Reason>,
    /// e.g. "via 10.0.2.100 in us-east-1b: blocked by acl-strict inbound rule *".
    pub note: String,
    #[serde(skip)]
    pub path: Option<PathKind>,
    #[serde(skip)]
    pub via: Option<String>,
    /// The step at which this answer is blocked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_step: Option<Box<Step>>,
    /// Every model id the walk of this answer named, in its steps (what `diff` checks against
    /// a change). Empty for the chosen answer: its steps are the trace's.
    #[serde(skip)]
    pub objects: Vec<String>,
}

impl Trace {
    pub fn allowed(&self) -> bool {
        self.verdict == Verdict::Allowed
    }
    /// The failure code as written in JSON (`None` when allowed).
    pub fn reason_code(&self) -> Option<&'static str> {
        self.reason.map(Reason::as_str)
    }
}
