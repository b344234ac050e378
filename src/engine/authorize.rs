//! The policy step (AWS-RULES §8): which policies a request meets on its path, with the request
//! context that path implies, and what they decide.
//!
//! Through a VPC endpoint to an AWS service the endpoint policy is evaluated (POL-2; the default
//! is full access, D-6; services without endpoint-policy support allow everything, POL-3);
//! endpoints to endpoint services have no policy (ES-9). For S3 the bucket policy follows.
//! Context keys depend on the path (POL-24..26): `aws:SourceVpce`, `aws:SourceVpc` and
//! `aws:VpcSourceIp` exist only through an endpoint; `aws:SourceIp` (the public address) only on
//! public paths; `aws:PrincipalOrgID` from the model's organization; `aws:PrincipalAccount` and
//! `aws:PrincipalArn` from the principal; `s3:ResourceAccount` from the bucket's account;
//! `aws:SecureTransport` true on 443 and false on 80. `--context` adds or overrides keys.
//!
//! Identity-based policies, SCPs and RCPs are not in the model. Same-account requests are
//! therefore assumed to be allowed by the caller's identity policy (said in the step). A
//! cross-account or anonymous request needs the bucket policy itself to allow it (§8.2 step 5):
//! when it does not, the trace fails with `BUCKET_POLICY_NO_ALLOW`.
//!
//! Every call to the IAM evaluator goes through [`evaluate`], the one function to change when
//! the evaluator's API moves.

use crate::policy::{PolicyDocument, PolicyKind};

/// The principal making the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Aws {
        arn: String,
        account: Option<String>,
    },
}

/// One request as the evaluator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Req {
    pub principal: Who,
    pub action: String,
    pub resource: String,
    /// Context keys (name, value), names as written (`aws:SourceVpce`).
    pub context: Vec<(String, String)>,
}

/// The decision of one policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::ExplicitDeny => "explicit-deny",
            Decision::ImplicitDeny => "implicit-deny",
        }
    }
}

/// What one statement did.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementEval {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: String,
    pub applies: bool,
    pub reason: String,
}

/// A policy's evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Eval {
    pub decision: Decision,
    /// Index of the deciding statement (the deny, or the first allow).
    pub deciding: Option<usize>,
    pub statements: Vec<StatementEval>,
}

impl Eval {
    /// "Sid" or "#index" of the deciding statement.
    pub fn deciding_label(&self) -> Option<String> {
        let i = self.deciding?;
        let s = self.statements.iter().find(|s| s.index == i)?;
        Some(s.sid.clone().unwrap_or_else(|| format!("#{i}")))
    }
}

/// Evaluate one policy document for one request. The only call into the IAM evaluator.
pub fn evaluate(doc: &PolicyDocument, kind: PolicyKind, req: &Req) -> Eval {
    interim::evaluate(&doc.raw, kind, req)
}

/// A small IAM evaluator over the policy's JSON, standing in until `crate::policy::evaluate`
/// lands (same semantics for what it covers: POL-8..23, GW-19). Removed then.
mod interim {
    use super::*;
    use serde_json::Value;
    use std::net::Ipv4Addr;

    fn list(v: Option<&Value>) -> Vec<String> {
        match v {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.clone()),
                    Value::Bool(b) => Some(b.to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            Some(Value::Bool(b)) => vec![b.to_string()],
            Some(Value::Number(n)) => vec![n.to_string()],
            _ => vec![],
        }
    }

    fn get<'a>(o: &'a serde_json::Map<String, Value>, k: &str) -> Option<&'a Value> {
        o.iter()
            .find(|(kk, _)| kk.eq_ignore_ascii_case(k))
            .map(|(_, v)| v)
    }

    fn wild(pattern: &str, s: &str) -> bool {
        wildmatch::WildMatch::new(pattern).matches(s)
    }

    fn account_of(p: &str) -> Option<String> {
        crate::engine::query::arn_account(p)
    }

    fn principal_matches(v: &Value, kind: PolicyKind, who: &Who) -> bool {
        let vals: Vec<String> = match v {
            Value::String(s) => vec![s.clone()],
            Value::Object(o) => get(o, "AWS").map(|x| list(Some(x))).unwrap_or_default(),
            _ => vec![],
        };
        vals.iter().any(|p| {
            if p == "*" {
                return true;
            }
            let Who::Aws { arn, account } = who else {
                return false;
            };
            let is_account = p.len() == 12 && p.chars().all(|c| c.is_ascii_digit())
                || (p.starts_with("arn:aws:iam::") && p.ends_with(":root"));
            if is_account {
                let acct = account_of(p);
                if kind == PolicyKind::GatewayEndpoint {
                    // GW-19: an account principal in a gateway endpoint policy is the root user only.
                    return acct.is_some_and(|a| *arn == format!("arn:aws:iam::{a}:root"));
                }
                return acct.is_some() && acct == *account;
            }
            p == arn
        })
    }

    fn ctx<'a>(req: &'a Req, key: &str) -> Option<&'a str> {
        req.context
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    fn ip_in(pattern: &str, value: &str) -> bool {
        let Ok(ip) = value.parse::<Ipv4Addr>() else {
            return false;
        };
        if let Ok(net) = pattern.parse::<ipnet::Ipv4Net>() {
            return net.contains(&ip);
        }
        pattern.parse::<Ipv4Addr>().is_ok_and(|p| p == ip)
    }

    /// One condition operator over one key: (matches, why).
    fn condition(op: &str, key: &str, values: &[String], req: &Req) -> Result<bool, String> {
        let mut base = op;
        for prefix in ["ForAnyValue:", "ForAllValues:"] {
            if let Some(rest) = base.strip_prefix(prefix) {
                base = rest;
            }
        }
        let if_exists = base.ends_with("IfExists");
        let base = base.trim_end_matches("IfExists");
        let actual = ctx(req, key);
        if base == "Null" {
            let want_absent = values.iter().any(|v| v.eq_ignore_ascii_case("true"));
            return Ok(actual.is_none() == want_absent);
        }
        let negated = matches!(
            base,
            "StringNotEquals"
                | "StringNotEqualsIgnoreCase"
                | "StringNotLike"
                | "ArnNotEquals"
                | "ArnNotLike"
                | "NotIpAddress"
        );
        let Some(actual) = actual else {
            // POL-18: absent key -> false, except negated operators and IfExists.
            return Ok(negated || if_exists);
        };
        let one = |p: &str| -> Result<bool, String> {
            Ok(match base {
                "StringEquals" | "StringNotEquals" => p == actual,
                "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase" => {
                    p.eq_ignore_ascii_case(actual)
                }
                "StringLike" | "StringNotLike" | "ArnEquals" | "ArnLike" | "ArnNotEquals"
                | "ArnNotLike" => wild(p, actual),
                "IpAddress" | "NotIpAddress" => ip_in(p, actual),
                "Bool" => p.eq_ignore_ascii_case(actual),
                "NumericEquals" => p.parse::<f64>().ok() == actual.parse::<f64>().ok(),
                _ => return Err(format!("operator {op} is not supported by this evaluator")),
            })
        };
        let mut any = false;
        for p in values {
            if one(p)? {
                any = true;
            }
        }
        Ok(if negated { !any } else { any })
    }

    fn statement(
        s: &serde_json::Map<String, Value>,
        kind: PolicyKind,
        req: &Req,
    ) -> (bool, String) {
        if let Some(p) = get(s, "Principal")
            && !principal_matches(p, kind, &req.principal)
        {
            return (false, "principal does not match".into());
        }
        if let Some(p) = get(s, "NotPrincipal")
            && principal_matches(p, kind, &req.principal)
        {
            return (false, "principal is excluded by NotPrincipal".into());
        }
        let action = req.action.to_ascii_lowercase();
        if let Some(a) = get(s, "Action") {
            if !list(Some(a))
                .iter()
                .any(|p| wild(&p.to_ascii_lowercase(), &action))
            {
                return (false, format!("action {} is not listed", req.action));
            }
        } else if let Some(a) = get(s, "NotAction") {
            if list(Some(a))
                .iter()
                .any(|p| wild(&p.to_ascii_lowercase(), &action))
            {
                return (
                    false,
                    format!("action {} is excluded by NotAction", req.action),
                );
            }
        }
        if let Some(r) = get(s, "Resource") {
            if !list(Some(r)).iter().any(|p| wild(p, &req.resource)) {
                return (false, format!("resource {} is not listed", req.resource));
            }
        } else if let Some(r) = get(s, "NotResource")
            && list(Some(r)).iter().any(|p| wild(p, &req.resource))
        {
            return (
                false,
                format!("resource {} is excluded by NotResource", req.resource),
            );
        }
        if let Some(Value::Object(c)) = get(s, "Condition") {
            for (op, block) in c {
                let Value::Object(keys) = block else { continue };
                for (key, vals) in keys {
                    match condition(op, key, &list(Some(vals)), req) {
                        Ok(true) => {}
                        Ok(false) => {
                            let have = ctx(req, key)
                                .map(|v| format!("is {v}"))
                                .unwrap_or_else(|| "is absent".into());
                            return (false, format!("condition {op} {key} fails ({key} {have})"));
                        }
                        Err(e) => return (false, e),
                    }
                }
            }
        }
        (true, "matches".into())
    }

    pub fn evaluate(raw: &Value, kind: PolicyKind, req: &Req) -> Eval {
        let stmts: Vec<&serde_json::Map<String, Value>> =
            match raw.as_object().and_then(|o| get(o, "Statement")) {
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
                Some(Value::Object(o)) => vec![o],
                _ => vec![],
            };
        let mut out = Vec::new();
        let mut deny = None;
        let mut allow = None;
        for (i, s) in stmts.iter().enumerate() {
            let effect = get(s, "Effect")
                .and_then(Value::as_str)
                .unwrap_or("Allow")
                .to_string();
            let (applies, reason) = statement(s, kind, req);
            if applies {
                if effect.eq_ignore_ascii_case("deny") {
                    deny.get_or_insert(i);
                } else {
                    allow.get_or_insert(i);
                }
            }
            out.push(StatementEval {
                index: i,
                sid: get(s, "Sid").and_then(Value::as_str).map(str::to_string),
                effect,
                applies,
                reason,
            });
        }
        let (decision, deciding) = match (deny, allow) {
            (Some(d), _) => (Decision::ExplicitDeny, Some(d)),
            (None, Some(a)) => (Decision::Allow, Some(a)),
            _ => (Decision::ImplicitDeny, None),
        };
        Eval {
            decision,
            deciding,
            statements: out,
        }
    }
}

// ---------------------------------------------------------------------------- the policy steps

use serde_json::{Value, json};
use std::net::Ipv4Addr;

use super::steps::{Flow, S, Walk, txt};
use super::trace::{Status, StepKind};
use crate::model::{EndpointKind, EndpointTarget, Ix};

/// `arn:aws:sts::A:assumed-role/R/session` -> `arn:aws:iam::A:role/R` (POL-26).
pub fn principal_arn(arn: &str) -> String {
    if let Some(rest) = arn.strip_prefix("arn:aws:sts::")
        && let Some((acct, path)) = rest.split_once(':')
        && let Some(role) = path.strip_prefix("assumed-role/")
    {
        let name = role.split('/').next().unwrap_or(role);
        return format!("arn:aws:iam::{acct}:role/{name}");
    }
    arn.to_string()
}

fn who(principal: Option<&str>) -> Who {
    match principal {
        None => Who::Anonymous,
        Some(p) => Who::Aws {
            arn: principal_arn(p),
            account: super::query::arn_account(p),
        },
    }
}

fn set(ctx: &mut Vec<(String, String)>, k: &str, v: String) {
    ctx.retain(|(kk, _)| !kk.eq_ignore_ascii_case(k));
    ctx.push((k.to_string(), v));
}

/// The request context the path implies (POL-24..26), then `--context` overrides.
fn context(
    w: &Walk,
    via: Option<Ix>,
    public_ip: Option<Ipv4Addr>,
    bucket_account: Option<&str>,
) -> Vec<(String, String)> {
    let m = w.m;
    let q = w.q;
    let mut c = Vec::new();
    if let Who::Aws { arn, account } = who(q.principal.as_deref()) {
        set(&mut c, "aws:PrincipalArn", arn);
        if let Some(a) = account {
            if let Some(org) = &m.organization
                && m.account_ix(&a).is_some()
            {
                set(&mut c, "aws:PrincipalOrgID", org.clone());
            }
            set(&mut c, "aws:PrincipalAccount", a);
        }
    }
    if let Some(e) = via {
        let ep = &m.endpoints[e];
        set(&mut c, "aws:SourceVpce", ep.id.clone());
        set(&mut c, "aws:SourceVpc", m.vpcs[ep.vpc].id.clone());
        set(&mut c, "aws:VpcSourceIp", q.source.ip.to_string());
    } else if let Some(ip) = public_ip {
        set(&mut c, "aws:SourceIp", ip.to_string());
    }
    if let Some(a) = bucket_account {
        set(&mut c, "s3:ResourceAccount", a.to_string());
    }
    match q.port {
        443 => set(&mut c, "aws:SecureTransport", "true".into()),
        80 => set(&mut c, "aws:SecureTransport", "false".into()),
        _ => {}
    }
    let region = q
        .request_region
        .clone()
        .unwrap_or_else(|| m.vpcs[q.source.vpc].region.clone());
    set(&mut c, "aws:RequestedRegion", region);
    for (k, v) in &q.context {
        set(&mut c, k, v.clone());
    }
    c
}

fn ctx_json(c: &[(String, String)]) -> Value {
    let mut o = serde_json::Map::new();
    for (k, v) in c {
        o.insert(k.clone(), Value::String(v.clone()));
    }
    Value::Object(o)
}

fn evaluated_json(e: &Eval) -> Value {
    Value::Array(
        e.statements
            .iter()
            .map(|s| {
                json!({
                    "index": s.index, "sid": s.sid, "effect": s.effect,
                    "matched": s.applies, "reason": s.reason,
                })
            })
            .collect(),
    )
}

fn is_s3(full: &str) -> bool {
    full.ends_with(".s3")
}

/// The policy steps for the path: the endpoint's policy (when an endpoint to an AWS service is
/// crossed), then the bucket policy (S3). `via` is the endpoint crossed, `public_ip` the
/// address the service sees on a public path.
pub(crate) fn policy_steps(w: &mut Walk, via: Option<Ix>, public_ip: Option<Ipv4Addr>) -> Flow {
    let m = w.m;
    let q = w.q;
    let mut s3_path = q
        .resource
        .as_deref()
        .is_some_and(|r| r.starts_with("arn:aws:s3:::"));
    if let Some(e) = via {
        let ep = &m.endpoints[e];
        match &ep.target {
            EndpointTarget::Service(si) => {
                w.push(
                    S::new(StepKind::Policy, txt!("{}: no endpoint policy (endpoint service)", ep.id))
                        .status(Status::Info)
                        .obj(&ep.id)
                        .fact("policy", "endpoint")
                        .fact("owner", ep.id.clone())
                        .fact("decision", Value::Null)
                        .fact("statement", Value::Null)
                        .fact("evaluated", Value::Array(vec![]))
                        .rule("ES-9")
                        .detail(txt!(
                            "Endpoints to endpoint services accept no endpoint policy: access through {} is full, and {} applies its own authentication (ES-9).",
                            ep.id, m.endpoint_services[*si].id
                        )),
                );
                return Ok(());
            }
            EndpointTarget::Aws(svc) => {
                s3_path = s3_path && is_s3(svc);
                endpoint_policy(w, e, svc)?;
            }
            EndpointTarget::InstanceConnect => {}
        }
    }
    if s3_path && let Some(b) = q.bucket.clone() {
        bucket_policy(w, &b, via, public_ip)?;
    }
    Ok(())
}

fn endpoint_policy(w: &mut Walk, e: Ix, svc: &str) -> Flow {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let kind = if ep.kind == EndpointKind::Gateway {
        PolicyKind::GatewayEndpoint
    } else {
        PolicyKind::InterfaceEndpoint
    };
    let ctx = context(w, Some(e), None, None);
    let base = S::new(StepKind::Policy, "")
        .obj(&ep.id)
        .fact("policy", "endpoint")
        .fact("owner", ep.id.clone())
        .fact("context", ctx_json(&ctx))
        .rules(&["POL-2", "POL-24"]);
    let supported = m.catalogue.service(svc).is_none_or(|s| s.policy_supported);
    if !supported {
        w.push(
            base.status(if q.action.is_some() { Status::Pass } else { Status::Info })
                .title(txt!("{}: {} supports no endpoint policy (full access)", ep.id, super::steps::service_words(m, svc)))
                .fact("decision", if q.action.is_some() { Value::from("allow") } else { Value::Null })
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .rule("POL-3")
                .detail(txt!(
                    "{} does not support VPC endpoint policies, so access through {} is full: the endpoint lets every request through and only the caller's own policies decide (POL-3).",
                    super::steps::service_words(m, svc),
                    ep.id
                )),
        );
        return Ok(());
    }
    let Some(doc) = ep.policy.as_deref() else {
        w.push(
            base.status(if q.action.is_some() { Status::Pass } else { Status::Info })
                .title(txt!("{}: default endpoint policy (full access)", ep.id))
                .fact("decision", if q.action.is_some() { Value::from("allow") } else { Value::Null })
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .rule("D-6")
                .detail(txt!(
                    "{} has no policy of its own, so it has AWS's default: allow everything to everyone (D-6). It never grants anything by itself; the caller's own policies still decide (POL-2).",
                    ep.id
                )),
        );
        return Ok(());
    };
    let Some(action) = q.action.clone() else {
        w.push(
            base.status(Status::Info)
                .title(txt!("{}: endpoint policy (not evaluated: no action)", ep.id))
                .fact("decision", Value::Null)
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .detail(txt!(
                    "{} has an endpoint policy. This trace asks about connectivity only (no action), so the policy decides nothing here; give --action (and --resource) to evaluate it.",
                    ep.id
                )),
        );
        return Ok(());
    };
    let resource = q.resource.clone().unwrap_or_else(|| "*".into());
    let req = Req {
        principal: who(q.principal.as_deref()),
        action: action.clone(),
        resource: resource.clone(),
        context: ctx,
    };
    let ev = evaluate(doc, kind, &req);
    let label = ev.deciding_label();
    let s = base
        .fact("decision", ev.decision.as_str())
        .fact("statement", label.clone())
        .fact("evaluated", evaluated_json(&ev))
        .fact("action", action.clone())
        .fact("resource", resource.clone());
    let who_words = principal_words(q.principal.as_deref());
    let gw_note = if kind == PolicyKind::GatewayEndpoint {
        " In a gateway endpoint policy, an account principal means that account's root user only (GW-19)."
    } else {
        ""
    };
    match ev.decision {
        Decision::Allow => {
            w.push(
                s.title(txt!("{} endpoint policy: statement {} allows {action} on {resource}", ep.id, label.clone().unwrap_or_default()))
                    .detail(txt!(
                        "Requests through {} must be allowed by its endpoint policy as well as by the caller's own policies (POL-2). Statement {} allows {action} on {resource} for {who_words}, and no statement denies it.",
                        ep.id,
                        label.unwrap_or_default()
                    )),
            );
            Ok(())
        }
        Decision::ExplicitDeny => {
            let l = label.unwrap_or_default();
            let reason = ev
                .statements
                .iter()
                .find(|st| Some(st.index) == ev.deciding)
                .map(|st| st.reason.clone())
                .unwrap_or_default();
            Err(w.fail(
                s.title(txt!("{} endpoint policy denies {action} (statement {l})", ep.id)).rule("POL-6").detail(txt!(
                    "Statement {l} of {}'s endpoint policy is a Deny that applies to {action} on {resource} for {who_words} ({reason}). An explicit deny anywhere wins (POL-7): AWS reports \"... with an explicit deny in a VPC endpoint policy\" (POL-6).{gw_note}",
                    ep.id
                )),
                "ENDPOINT_POLICY_DENY",
                format!("{}'s endpoint policy denies {action}", ep.id),
            ))
        }
        Decision::ImplicitDeny => {
            let why: Vec<String> = ev
                .statements
                .iter()
                .map(|st| {
                    format!(
                        "{} ({}): {}",
                        st.sid.clone().unwrap_or_else(|| format!("#{}", st.index)),
                        st.effect,
                        st.reason
                    )
                })
                .collect();
            Err(w.fail(
                s.title(txt!("no statement of {}'s policy allows {action}", ep.id)).rule("POL-6").detail(txt!(
                    "An endpoint policy never grants by itself, but it must allow the request (POL-2). No statement of {}'s policy allows {action} on {resource} for {who_words}: {}. AWS reports \"... because no VPC endpoint policy allows the {action} action\" (POL-6).{gw_note}",
                    ep.id,
                    if why.is_empty() { "it has no statements".to_string() } else { why.join("; ") }
                )),
                "ENDPOINT_POLICY_NO_ALLOW",
                format!("{}'s endpoint policy does not allow {action}", ep.id),
            ))
        }
    }
}

fn principal_words(p: Option<&str>) -> String {
    match p {
        None => "an anonymous (unsigned) caller".into(),
        Some(a) => a.to_string(),
    }
}

fn bucket_policy(w: &mut Walk, bucket: &str, via: Option<Ix>, public_ip: Option<Ipv4Addr>) -> Flow {
    let m = w.m;
    let q = w.q;
    let Some(action) = q.action.clone() else {
        if let Some(b) = m.bucket(bucket).filter(|b| b.policy.is_some()) {
            w.push(
                S::new(StepKind::Policy, txt!("bucket {}: policy (not evaluated: no action)", b.name))
                    .status(Status::Info)
                    .obj(&b.name)
                    .fact("policy", "bucket")
                    .fact("owner", b.name.clone())
                    .fact("decision", Value::Null)
                    .fact("statement", Value::Null)
                    .fact("evaluated", Value::Array(vec![]))
                    .detail(txt!(
                        "Bucket {} has a bucket policy; without an action this trace is about connectivity, so it decides nothing here.",
                        b.name
                    )),
            );
        }
        return Ok(());
    };
    let resource = q
        .resource
        .clone()
        .unwrap_or_else(|| format!("arn:aws:s3:::{bucket}"));
    let b = m.bucket(bucket);
    let bucket_account = b.and_then(|b| b.account.clone());
    let ctx = context(w, via, public_ip, bucket_account.as_deref());
    let principal = who(q.principal.as_deref());
    let who_words = principal_words(q.principal.as_deref());
    let cross = match (&principal, &bucket_account) {
        (Who::Anonymous, Some(_)) => true,
        (
            Who::Aws {
                account: Some(a), ..
            },
            Some(b),
        ) => a != b,
        _ => false,
    };
    let mut s = S::new(StepKind::Policy, "")
        .fact("policy", "bucket")
        .fact("owner", bucket.to_string())
        .fact("context", ctx_json(&ctx))
        .fact("action", action.clone())
        .fact("resource", resource.clone())
        .fact("cross_account", cross)
        .rules(&["POL-7", "POL-24", "POL-25"]);
    let Some(b) = b else {
        w.push(
            s.status(Status::Info)
                .title(txt!("bucket {bucket}: not in the model, no bucket policy assumed"))
                .fact("decision", Value::Null)
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .detail(txt!(
                    "The model does not describe bucket {bucket}, so it is taken to have no bucket policy and its owner is unknown; the caller's own policies (not in the model) decide."
                )),
        );
        return Ok(());
    };
    s = s.obj(&b.name);
    if let Some(a) = &bucket_account
        && m.account_ix(a).is_some()
    {
        s = s.obj(a);
    }
    let owner = bucket_account.clone().unwrap_or_else(|| "unknown".into());
    let Some(doc) = b.policy.as_deref() else {
        if cross {
            return Err(w.fail(
                s.title(txt!("bucket {bucket} has no policy allowing {who_words}"))
                    .fact("decision", "implicit-deny")
                    .fact("statement", Value::Null)
                    .fact("evaluated", Value::Array(vec![]))
                    .rule("POL-14")
                    .detail(txt!(
                        "Bucket {bucket} belongs to account {owner}; the request comes from {who_words}, outside that account. A cross-account (or anonymous) request is allowed only if the resource's own policy allows it too (§8.2 step 5), and {bucket} has no bucket policy."
                    )),
                "BUCKET_POLICY_NO_ALLOW",
                format!("bucket {bucket} does not allow {who_words}"),
            ));
        }
        w.push(
            s.title(txt!("bucket {bucket}: no bucket policy"))
                .fact("decision", Value::Null)
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .detail(txt!(
                    "Bucket {bucket} has no bucket policy, so nothing on the bucket's side denies the request; within account {owner} the caller's identity policy (not in the model) must allow {action} (§8.2 step 4)."
                )),
        );
        return Ok(());
    };
    let req = Req {
        principal: principal.clone(),
        action: action.clone(),
        resource: resource.clone(),
        context: ctx,
    };
    let ev = evaluate(doc, PolicyKind::Bucket, &req);
    let label = ev.deciding_label();
    let s = s
        .fact("decision", ev.decision.as_str())
        .fact("statement", label.clone())
        .fact("evaluated", evaluated_json(&ev));
    let path_note = match (via, public_ip) {
        (Some(e), _) => format!(
            "The request came through {}, so aws:SourceVpce and aws:SourceVpc are set and aws:SourceIp is absent (POL-24, POL-25).",
            m.endpoints[e].id
        ),
        (None, Some(ip)) => format!(
            "The request came over the internet from {ip}, so aws:SourceIp is {ip} and aws:SourceVpce is absent (POL-24, POL-25)."
        ),
        _ => String::new(),
    };
    match ev.decision {
        Decision::ExplicitDeny => {
            let l = label.unwrap_or_default();
            let reason = ev
                .statements
                .iter()
                .find(|st| Some(st.index) == ev.deciding)
                .map(|st| st.reason.clone())
                .unwrap_or_default();
            Err(w.fail(
                s.title(txt!("bucket {bucket} policy denies {action} (statement {l})")).rule("GW-24").detail(txt!(
                    "Statement {l} of bucket {bucket}'s policy is a Deny that applies here ({reason}). {path_note} An explicit deny in any policy wins (POL-7)."
                )),
                "BUCKET_POLICY_DENY",
                format!("bucket {bucket}'s policy denies {action}"),
            ))
        }
        Decision::Allow => {
            w.push(
                s.title(txt!("bucket {bucket} policy: statement {} allows {action}", label.clone().unwrap_or_default())).detail(txt!(
                    "Statement {} of bucket {bucket}'s policy allows {action} on {resource} for {who_words}, and none denies it. {path_note}",
                    label.unwrap_or_default()
                )),
            );
            Ok(())
        }
        Decision::ImplicitDeny if cross => Err(w.fail(
            s.title(txt!("bucket {bucket} policy does not allow {who_words}")).detail(txt!(
                "No statement of bucket {bucket}'s policy allows {action} on {resource} for {who_words}. The bucket belongs to account {owner} and the caller is outside it, so the bucket policy itself must allow the request (§8.2 step 5). {path_note}"
            )),
            "BUCKET_POLICY_NO_ALLOW",
            format!("bucket {bucket} does not allow {who_words}"),
        )),
        Decision::ImplicitDeny => {
            w.push(
                s.title(txt!("bucket {bucket} policy: no statement applies"))
                    .detail(txt!(
                        "No statement of bucket {bucket}'s policy applies to {action} for {who_words}, so the bucket neither allows nor denies it; within account {owner} the caller's identity policy (not in the model) decides (§8.2 step 4). {path_note}"
                    )),
            );
            Ok(())
        }
    }
}
