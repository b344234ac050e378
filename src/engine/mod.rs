//! The trace engine: `trace(&Model, from, to, &QueryOptions) -> Trace`.
//!
//! Pure functions over a loaded model: no I/O, no UI types, no printing. Each AWS mechanism is
//! its own module and cites rule book ids:
//!
//! - [`query`]: reading `--from`/`--to` and their defaults (TRACE.md tables);
//! - [`dns`]: the source VPC's resolver (§4, §2.4-2.6, §3.4);
//! - [`route`]: route selection (§5);
//! - [`filter`]: security groups and network ACLs (§6, §7);
//! - [`endpoint`]: gateway and interface endpoints, endpoint services, instance connect
//!   (§1-§3, §9);
//! - [`authorize`]: endpoint and bucket policies with the path's request context (§8);
//! - [`transit`]: through a transit gateway (§15); [`site`]: machines at a site as sources,
//!   virtual private gateways to sites (§17);
//! - `steps`: the walk that assembles them in order;
//! - [`codes`]: every failure code with its meaning.
//!
//! A trace never scans the whole model: it uses the model's indexes (ids, subnets by address,
//! holders of addresses, hosted zones per VPC), so it stays fast on large models.

pub mod authorize;
mod bypass;

pub mod dns;
pub mod endpoint;
pub mod filter;
pub mod hybrid_dns;
pub mod ipv6;
pub mod query;
pub mod reach;
mod resource;
pub mod route;
pub mod site;
pub(crate) mod steps;
pub(crate) mod targets;
pub mod trace;
pub mod transit;

pub use steps::focus_of;
pub use trace::*;

use serde::Serialize;
use serde_json::Value;
use std::net::Ipv4Addr;

use crate::model::{Expectation, Model};
use query::{Parsed, SourceKind, Target};
use steps::{S, Walk};

/// Bad input to a trace (unknown id, malformed destination).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// Trace one request from `from` to `to` (TRACE.md).
pub fn trace(
    model: &Model,
    from: &str,
    to: &str,
    opts: &QueryOptions,
) -> Result<Trace, QueryError> {
    if ipv6::parse_destination(to).is_some() {
        return ipv6::trace_v6(model, from, to, opts);
    }
    trace_adjusted(model, from, to, opts, |_| {})
}

/// [`trace`] with the parsed request adjusted before the walk (e.g. a Resolver endpoint's
/// security groups on the address it sends from).
pub(crate) fn trace_adjusted(
    model: &Model,
    from: &str,
    to: &str,
    opts: &QueryOptions,
    adjust: impl FnOnce(&mut Parsed),
) -> Result<Trace, QueryError> {
    let mut q = query::parse(model, from, to, opts)?;
    adjust(&mut q);
    let query = Query {
        from: from.to_string(),
        to: to.to_string(),
        protocol: q.protocol.as_str().to_string(),
        port: q.port,
        action: q.action.clone(),
        resource: q.resource.clone(),
        principal: q.principal.clone(),
    };
    let mut w = Walk::new(model, &q, None);
    w.steps.push(source_step(model, &q));
    if let SourceKind::InstanceConnect(e) = q.source.kind
        && endpoint::eice_step(&mut w, e).is_err()
    {
        return Ok(finish(model, &q, query, w, vec![], None));
    }
    let resolution;
    let (dst, others) = match &q.target {
        Target::Addr(ip) => (*ip, vec![]),
        Target::Instance(i) => (model.instances[*i].ip, vec![]),
        Target::Name(name) => {
            let hybrid = hybrid_dns::resolve(model, &q, name);
            resolution = hybrid.res;
            let chosen = choose(model, &q, &resolution);
            let mut step = dns_step(model, &q, &resolution, chosen);
            if !hybrid.servers.is_empty() {
                step.facts
                    .insert("servers".into(), Value::Array(hybrid.servers));
                step.facts
                    .insert("resolver".into(), Value::from(hybrid.resolver));
            }
            w.steps.push(step);
            let Some(chosen) = chosen else {
                w.reason = resolution.failure.or(Some(Reason::DnsNoAnswer));
                // A site has no VPC: its anchor VPC is not where it resolves.
                let from = if q.source.is_site() {
                    q.source.label.clone()
                } else {
                    model.vpcs[q.source.vpc].id.clone()
                };
                w.short = Some(match resolution.failure {
                    Some(Reason::DnsForwardUnreachable) => {
                        format!("{name}: the forwarded query cannot reach its DNS server")
                    }
                    Some(Reason::DnsForwardLoop) => format!("{name}: DNS forwarding loops"),
                    _ => format!("{name} does not resolve from {from}"),
                });
                return Ok(finish(model, &q, query, w, vec![], None));
            };
            w.dns = Some(&resolution);
            let others: Vec<Ipv4Addr> = resolution
                .answers
                .iter()
                .copied()
                .filter(|a| *a != chosen)
                .collect();
            (chosen, others)
        }
    };
    let _ = w.run(dst);
    // Every other DNS answer, walked in full: clients spread connections over all of them
    // (TRACE.md, IF-15), so each counts for the verdict.
    let mut alternatives = Vec::new();
    for ip in others {
        let mut alt = Walk::new(model, &q, w.dns);
        let _ = alt.run(ip);
        alternatives.push(answer_outcome(model, w.dns, ip, alt));
    }
    Ok(finish(model, &q, query, w, alternatives, Some(dst)))
}

/// One DNS answer's outcome, from its walk.
fn answer_outcome(m: &Model, res: Option<&dns::Resolution>, ip: Ipv4Addr, w: Walk) -> Alternative {
    let (zone, zone_id) = match answer_zone(m, res, ip) {
        Some((z, id)) => (Some(z), Some(id)),
        None => (w.dest_zone.clone(), None),
    };
    let where_ = match (&zone, &zone_id) {
        (Some(z), Some(id)) => format!("via {ip} in {z} ({id})"),
        (Some(z), None) => format!("via {ip} in {z}"),
        _ => format!("via {ip}"),
    };
    let (verdict, note) = match w.reason {
        None => (Verdict::Allowed, format!("{where_}: allowed")),
        Some(code) => (
            Verdict::Blocked,
            format!(
                "{where_}: {} ({code})",
                w.short.clone().unwrap_or_else(|| "blocked".into())
            ),
        ),
    };
    let failed_step = w.reason.and_then(|_| {
        w.steps
            .iter()
            .rev()
            .find(|s| s.status == Status::Fail)
            .cloned()
            .map(Box::new)
    });
    Alternative {
        address: ip.to_string(),
        zone,
        zone_id,
        verdict,
        reason: w.reason,
        note,
        path: w.path,
        via: w.via.clone(),
        failed_step,
        objects: w.steps.into_iter().flat_map(|s| s.objects).collect(),
    }
}

fn answer_zone(m: &Model, res: Option<&dns::Resolution>, ip: Ipv4Addr) -> Option<(String, String)> {
    let e = res?.endpoint?;
    m.endpoints[e]
        .enis
        .iter()
        .find(|eni| eni.ip == ip)
        .map(|eni| (eni.zone.clone(), eni.zone_id.clone()))
}

/// The answer a client would use: the endpoint interface in the source's AZ (by AZ ID; what
/// the zonal name gives), else the first in the endpoint's subnet order (IF-15); else the
/// first answer.
fn choose(m: &Model, q: &Parsed, res: &dns::Resolution) -> Option<Ipv4Addr> {
    if res.failure.is_some() || res.answers.is_empty() {
        return None;
    }
    if let Some(e) = res.endpoint.filter(|_| !q.source.is_site()) {
        let zid = &m.subnets[q.source.subnet].zone_id;
        let enis = &m.endpoints[e].enis;
        if let Some(eni) = enis
            .iter()
            .find(|eni| &eni.zone_id == zid && res.answers.contains(&eni.ip))
        {
            return Some(eni.ip);
        }
        if let Some(eni) = enis.iter().find(|eni| res.answers.contains(&eni.ip)) {
            return Some(eni.ip);
        }
    }
    res.answers.first().copied()
}

fn source_step(m: &Model, q: &Parsed) -> Step {
    let src = &q.source;
    if let SourceKind::Site { network, host } = src.kind {
        return site::source_step(m, q, network, host);
    }
    let sub = &m.subnets[src.subnet];
    let vpc = &m.vpcs[src.vpc];
    let acct = &m.accounts[vpc.account];
    let who = match src.kind {
        SourceKind::Interface => format!("interface {}", src.ip),
        _ => format!("{} ({})", src.label, src.ip),
    };
    let mut s = S::new(
        StepKind::Source,
        format!("{who} in {} ({} · {})", sub.id, sub.zone, sub.zone_id),
    )
    .status(Status::Info)
    .fact("ip", src.ip.to_string())
    .fact("subnet", sub.id.clone())
    .fact("vpc", vpc.id.clone())
    .fact("account", acct.id.clone())
    .fact("zone", sub.zone.clone())
    .fact("zone_id", sub.zone_id.clone())
    .fact("region", vpc.region.clone())
    .fact("public_ip", src.public_ip.map(|p| p.to_string()))
    .fact("principal", q.principal.clone())
    .fact(
        "groups",
        src.groups
            .iter()
            .map(|&g| m.security_groups[g].id.clone())
            .collect::<Vec<_>>(),
    );
    match src.kind {
        SourceKind::Instance(i) => s = s.obj(&m.instances[i].id),
        SourceKind::InstanceConnect(e) => s = s.obj(&m.endpoints[e].id).rule("EICE-1"),
        SourceKind::Interface => s = s.rule("SG-7"),
        SourceKind::Site { .. } => {}
    }
    s = s.obj(&sub.id).obj(&vpc.id).obj(&acct.id);
    for o in &q.objects {
        s = s.obj(o);
    }
    // What signs the request: an Instance Connect session carries no AWS API request (the
    // user's IAM permission is checked when the tunnel opens, EICE-1); a site host's software
    // signs with whatever credentials it has; an instance with its role, else nothing.
    let who = match (&q.principal, src.kind) {
        (_, SourceKind::InstanceConnect(_)) => "What reaches the target is a TCP connection, not an AWS API request: the user's IAM permission (ec2-instance-connect:OpenTunnel) is checked when the tunnel opens.".to_string(),
        (Some(p), _) => format!("API requests are signed as {p}."),
        (None, SourceKind::Instance(_)) => "It has no instance role, so any AWS API request it makes is unsigned (anonymous) unless given credentials (--principal).".to_string(),
        (None, _) => "No principal is given, so AWS API requests are taken as unsigned (anonymous; --principal names one).".to_string(),
    };
    let mut d = format!(
        "The request starts at {}: address {} in subnet {} of {} (account {}), AZ {} whose AZ ID is {}. {who}",
        src.how, src.ip, sub.id, vpc.id, acct.id, sub.zone, sub.zone_id
    );
    if src.kind == SourceKind::Interface {
        d.push_str(
            " Without groups of its own it has the VPC's default security group (D-4, SG-7).",
        );
    }
    for n in &q.notes {
        d.push(' ');
        d.push_str(n);
    }
    s.detail(d).build()
}

fn dns_step(m: &Model, q: &Parsed, res: &dns::Resolution, chosen: Option<Ipv4Addr>) -> Step {
    let mut s = S::new(StepKind::Dns, "")
        .fact("name", res.name.clone())
        .fact(
            "resolver",
            if q.source.is_site() {
                "public"
            } else {
                "amazon-provided"
            },
        )
        .fact("answered_by", res.answered_by)
        .fact("zone", res.zone.clone())
        .fact("answers", res.answers.iter().map(|a| a.to_string()).collect::<Vec<_>>())
        .fact("chosen", chosen.map(|c| c.to_string()))
        .fact("cname_chain", res.cname_chain.clone())
        .fact(
            "hops",
            Value::Array(
                res.hops
                    .iter()
                    .map(|h| serde_json::json!({"name": h.name, "answered_by": h.answered_by, "zone": h.zone, "answer": h.answer}))
                    .collect(),
            ),
        )
        .rules(&res.rules);
    if !q.source.is_site() {
        s = s.obj(&m.vpcs[q.source.vpc].id);
    }
    for o in &res.objects {
        s = s.obj(o);
    }
    let mut d = res.notes.join(" ");
    let Some(chosen) = chosen else {
        let title = match res.failure {
            Some(Reason::DnsResolutionDisabled) => format!(
                "{}: DNS resolution disabled in {}",
                res.name, m.vpcs[q.source.vpc].id
            ),
            Some(Reason::DnsForwardUnreachable) => {
                format!("{}: forwarded query cannot reach its DNS server", res.name)
            }
            Some(Reason::DnsForwardLoop) => format!("{}: DNS forwarding loops", res.name),
            _ if res.endpoint.is_some() && res.rules.last() == Some(&"IF-28") => {
                format!("{}: no A record, AAAA only (IF-28)", res.name)
            }
            _ => format!("{}: no answer (NXDOMAIN)", res.name),
        };
        // The rule that decided the failure is the last the resolver applied.
        if let Some(r) = res.rules.last() {
            s = s.lead(r);
        }
        return s.status(Status::Fail).title(title).detail(d).build();
    };
    let by = res.answered_by.unwrap_or("");
    let mut title = if res.answers.len() > 1 {
        format!("{} → {} of {} ({by})", res.name, chosen, res.answers.len())
    } else {
        format!("{} → {chosen} ({by})", res.name)
    };
    if !res.cname_chain.is_empty() {
        title.push_str(&format!(" via {} CNAME", res.cname_chain.len() - 1));
    }
    if res.answers.len() > 1 {
        let why = match res.endpoint {
            Some(_) if q.source.is_site() => format!(
                "Several addresses came back (one per endpoint interface). A site has no AZ, so the trace follows {chosen}, the first in the endpoint's subnet order (IF-2, IF-15); the other answers are traced too (see alternatives)."
            ),
            Some(e) => {
                let zid = &m.subnets[q.source.subnet].zone_id;
                let eni = m.endpoints[e].enis.iter().find(|x| x.ip == chosen);
                match eni {
                    Some(x) if &x.zone_id == zid => format!(
                        "Several addresses came back (one per endpoint interface). The trace follows {chosen}, the interface in the source's own AZ {} — what the zonal name would give (IF-15); the other answers are traced too (see alternatives).",
                        x.zone
                    ),
                    _ => format!(
                        "Several addresses came back (one per endpoint interface) and none is in the source's AZ; the trace follows {chosen}, the first in the endpoint's subnet order (IF-2, IF-15); the other answers are traced too (see alternatives)."
                    ),
                }
            }
            None => format!(
                "Several addresses came back; the trace follows the first, {chosen}, and traces the others too (see alternatives)."
            ),
        };
        d.push(' ');
        d.push_str(&why);
        s = s.rule("IF-15");
    }
    s.title(title).detail(d).build()
}

fn path_words(m: &Model, w: &Walk) -> String {
    let via = w.via.clone().unwrap_or_default();
    let mut words = match w.path {
        Some(PathKind::Local) => "inside the VPC (local route)".into(),
        Some(PathKind::Peering) => format!("over peering connection {via}"),
        Some(PathKind::TransitGateway) if w.tgw.is_some() || w.q.source.is_site() => {
            format!("through transit gateway {via}")
        }
        Some(PathKind::TransitGateway) => {
            format!("through transit gateway {via} (assumed; not modelled)")
        }
        Some(PathKind::GatewayEndpoint) => format!("through gateway endpoint {via}"),
        Some(PathKind::InterfaceEndpoint)
            if m.endpoints.iter().any(|e| {
                e.id == via && matches!(e.target, crate::model::EndpointTarget::Resource(_))
            }) =>
        {
            format!("through resource endpoint {via} (PrivateLink, VPC Lattice)")
        }
        Some(PathKind::InterfaceEndpoint)
            if m.endpoints.iter().any(|e| {
                e.id == via && matches!(e.target, crate::model::EndpointTarget::ServiceNetwork(_))
            }) =>
        {
            format!("through service-network endpoint {via} (VPC Lattice)")
        }
        Some(PathKind::InterfaceEndpoint) => {
            format!("through interface endpoint {via} (PrivateLink)")
        }
        Some(PathKind::EndpointService) => format!("through endpoint {via} (PrivateLink)"),
        Some(PathKind::InstanceConnect) => format!("through EC2 Instance Connect endpoint {via}"),
        Some(PathKind::NatInternet) => format!("through NAT gateway {via} and the internet"),
        Some(PathKind::Internet) => format!("over the internet through {via}"),
        Some(PathKind::Vpn) => format!("over a VPN through virtual private gateway {via}"),
        Some(PathKind::DirectConnect) => {
            format!("over Direct Connect through virtual private gateway {via}")
        }
        None => String::new(),
    };
    if let Some(h) = w.tgw
        && w.path != Some(PathKind::TransitGateway)
    {
        words.push_str(&format!(
            ", across transit gateway {}",
            m.transit_gateways[h.tgw].id
        ));
    }
    words
}

/// The trace from the finished walk: the verdict over every DNS answer (partial when some are
/// blocked and some allowed), its summary, and the steps limited to the model's ids.
fn finish(
    m: &Model,
    q: &Parsed,
    query: Query,
    w: Walk,
    alternatives: Vec<Alternative>,
    dst: Option<Ipv4Addr>,
) -> Trace {
    // The chosen answer's own outcome, next to the others (TRACE.md: every answer counts).
    let chosen = dst
        .filter(|_| !alternatives.is_empty())
        .map(|ip| chosen_answer(m, &w, ip));
    let answers: Vec<Alternative> = chosen.iter().chain(alternatives.iter()).cloned().collect();
    let blocked_answers: Vec<Alternative> = answers
        .iter()
        .filter(|a| a.verdict == Verdict::Blocked)
        .cloned()
        .collect();
    let first_allowed = chosen
        .iter()
        .chain(alternatives.iter())
        .find(|a| a.verdict == Verdict::Allowed);
    let partial = !blocked_answers.is_empty() && first_allowed.is_some();
    let verdict = if partial {
        Verdict::Partial
    } else if w.reason.is_some() {
        Verdict::Blocked
    } else {
        Verdict::Allowed
    };
    // On partial, `path` and `via` describe the allowed answers; `reason` is the first blocked
    // answer's code.
    let (path, via) = match (partial, first_allowed) {
        (true, Some(a)) => (a.path, a.via.clone()),
        _ => (w.path, w.via.clone()),
    };
    let reason = if partial {
        blocked_answers.first().and_then(|a| a.reason)
    } else {
        w.reason
    };
    let summary = if partial {
        partial_summary(q, &query, &answers, &blocked_answers)
    } else {
        verdict_summary(m, q, &query, &w, &alternatives)
    };
    let steps = model_steps(m, w.steps);
    Trace {
        query,
        verdict,
        reason,
        path,
        via,
        steps,
        summary,
        alternatives,
        blocked_answers,
        answers,
    }
}

/// The walked answer (`ip`) as one of the DNS answers: its zone, verdict and failing step.
fn chosen_answer(m: &Model, w: &Walk, ip: Ipv4Addr) -> Alternative {
    let (zone, zone_id) = match answer_zone(m, w.dns, ip) {
        Some((z, id)) => (Some(z), Some(id)),
        None => (w.dest_zone.clone(), None),
    };
    let where_ = match (&zone, &zone_id) {
        (Some(z), Some(id)) => format!("via {ip} in {z} ({id})"),
        _ => format!("via {ip}"),
    };
    Alternative {
        address: ip.to_string(),
        zone,
        zone_id,
        verdict: if w.reason.is_some() {
            Verdict::Blocked
        } else {
            Verdict::Allowed
        },
        reason: w.reason,
        note: match w.reason {
            None => format!("{where_}: allowed"),
            Some(code) => format!(
                "{where_}: {} ({code})",
                w.short.clone().unwrap_or_else(|| "blocked".into())
            ),
        },
        path: w.path,
        via: w.via.clone(),
        failed_step: w.reason.and_then(|_| {
            w.steps
                .iter()
                .rev()
                .find(|s| s.status == Status::Fail)
                .cloned()
                .map(Box::new)
        }),
        objects: vec![],
    }
}

/// The summary of a partial verdict: which answers get through and which fail (IF-15).
fn partial_summary(
    q: &Parsed,
    query: &Query,
    answers: &[Alternative],
    blocked_answers: &[Alternative],
) -> String {
    let ok: Vec<String> = answers
        .iter()
        .filter(|a| a.verdict == Verdict::Allowed)
        .map(answer_place)
        .collect();
    let bad: Vec<String> = blocked_answers
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                answer_place(a),
                a.note.split_once(": ").map(|x| x.1).unwrap_or(&a.note)
            )
        })
        .collect();
    format!(
        "{} reaches {} only partly: DNS answers with {} addresses and clients spread their connections over all of them, with no preference for their own AZ (IF-15). Connections to {} get through; connections to {} fail. Fix the failing answers, or expect that share of connections to fail.",
        q.source.label,
        query.to,
        blocked_answers.len() + ok.len(),
        ok.join(", "),
        bad.join("; ")
    )
}

/// The summary of an allowed or blocked verdict, and of the other answers blocked differently.
fn verdict_summary(
    m: &Model,
    q: &Parsed,
    query: &Query,
    w: &Walk,
    alternatives: &[Alternative],
) -> String {
    let mut summary = match w.reason {
        None => format!(
            "{} reaches {} {}.",
            q.source.label,
            w.reached.clone().unwrap_or_else(|| query.to.clone()),
            path_words(m, w)
        ),
        // The code is the verdict's; the sentence says why in words.
        Some(_) => format!(
            "{} cannot reach {}: {}.",
            q.source.label,
            query.to,
            w.short.clone().unwrap_or_else(|| "blocked".into())
        ),
    };
    let differ: Vec<&Alternative> = alternatives
        .iter()
        .filter(|a| a.reason != w.reason)
        .collect();
    if !differ.is_empty() {
        summary.push_str(&format!(
            " Another DNS answer is blocked differently: {}.",
            differ
                .iter()
                .map(|a| a.note.clone())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    summary
}

/// The steps as traced: only ids of the model (the explorer highlights them), a concept each.
fn model_steps(m: &Model, mut steps: Vec<Step>) -> Vec<Step> {
    for s in &mut steps {
        // Only ids of the model (the explorer highlights them).
        s.objects.retain(|id| m.lookup(id).is_some());
        if s.concept.is_none() {
            s.concept = concept_for(s).map(str::to_string);
        }
    }
    steps
}

/// "10.0.1.5 (us-east-1a, use1-az1)".
fn answer_place(a: &Alternative) -> String {
    match (&a.zone, &a.zone_id) {
        (Some(z), Some(id)) => format!("{} ({z}, {id})", a.address),
        (Some(z), None) => format!("{} ({z})", a.address),
        _ => a.address.clone(),
    }
}

/// The primer text (assets/concepts, by id) a learner can open from a step.
fn concept_for(s: &Step) -> Option<&'static str> {
    let fact = |k: &str| s.facts.get(k).and_then(Value::as_str);
    Some(match s.kind {
        StepKind::Source => "az-ids",
        StepKind::Delivery => "gateway-vs-interface",
        StepKind::Dns => match fact("answered_by") {
            Some(dns::ENDPOINT_PRIVATE_DNS) => "private-dns",
            Some(dns::ENDPOINT_DNS) => "endpoint-dns-names",
            _ => "dns-resolution",
        },
        StepKind::Route => "route-tables",
        StepKind::SecurityGroup => "security-groups",
        StepKind::NetworkAcl => "network-acls",
        StepKind::Endpoint => match fact("type") {
            Some("gateway") => "gateway-endpoints",
            Some("instance-connect") => "instance-connect",
            _ => "interface-endpoints",
        },
        StepKind::EndpointService => {
            if s.status == Status::Fail && s.rules.iter().any(|r| r == "IF-3") {
                "az-ids"
            } else {
                "endpoint-services"
            }
        }
        StepKind::TransitGateway | StepKind::Site => "transit-gateways",
        StepKind::Policy => match fact("policy") {
            Some("bucket") => "bucket-policies",
            _ => "endpoint-policies",
        },
    })
}

/// What an expectation asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expected {
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub via: Option<String>,
}

/// One expectation run: expected against got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpectationResult {
    pub name: Option<String>,
    pub from: String,
    pub to: String,
    /// Line of the expectation in the model file (0 when unknown).
    pub line: usize,
    pub expected: Expected,
    /// The trace, or why the query could not be traced.
    pub trace: Option<Trace>,
    pub error: Option<String>,
    pub passed: bool,
    /// What did not match, in words (empty when passed).
    pub mismatch: Vec<String>,
}

fn opts_for(x: &Expectation) -> QueryOptions {
    QueryOptions {
        port: x.port,
        protocol: x.protocol.clone(),
        action: x.action.clone(),
        resource: x.resource.clone(),
        principal: x.principal.clone(),
        source_port: None,
        context: vec![],
    }
}

impl Expectation {
    /// What of this expectation a trace does not meet, in words (empty when it holds): the
    /// verdict, and the reason and `via` when the expectation names them. The one check used by
    /// `linkscope test` and the explorer.
    pub fn check(&self, t: &Trace) -> Vec<String> {
        let mut mismatch = Vec::new();
        if t.verdict != self.expect {
            mismatch.push("verdict".into());
        }
        if let Some(r) = &self.reason
            && t.reason_code() != Some(r.as_str())
        {
            mismatch.push("reason".into());
        }
        if let Some(v) = &self.via
            && t.via.as_deref() != Some(v.as_str())
        {
            mismatch.push("via".into());
        }
        mismatch
    }

    /// Trace this expectation on `model` and check it.
    pub fn run(&self, model: &Model) -> ExpectationResult {
        let expected = Expected {
            verdict: self.expect,
            reason: self.reason.clone(),
            via: self.via.clone(),
        };
        let (trace, error) = match trace(model, &self.from, &self.to, &opts_for(self)) {
            Ok(t) => (Some(t), None),
            Err(e) => (
                None,
                Some(match &e.help {
                    Some(h) => format!("{} ({h})", e.message),
                    None => e.message.clone(),
                }),
            ),
        };
        let mismatch = match &trace {
            None => vec!["the query could not be traced".to_string()],
            Some(t) => self.check(t),
        };
        ExpectationResult {
            name: self.name.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            line: self.pos.line,
            expected,
            passed: mismatch.is_empty(),
            trace,
            error,
            mismatch,
        }
    }
}

/// Run every expectation of a model (for `linkscope test`).
pub fn run_expectations(model: &Model) -> Vec<ExpectationResult> {
    model.expectations.iter().map(|x| x.run(model)).collect()
}
