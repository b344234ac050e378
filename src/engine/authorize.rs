//! The policy step (rule book §8): which policies a request meets on its path, with the request
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

use crate::outcome::Reason;
use crate::policy::{
    self, ContextKeys, Decision, Evaluation, PolicyDocument, PolicyKind, Principal, Request,
};

/// Evaluate one policy document for one request: the only call into the IAM evaluator
/// ([`crate::policy::evaluate`]).
pub fn evaluate(doc: &PolicyDocument, kind: PolicyKind, req: &Request) -> Evaluation {
    policy::evaluate(doc, kind, req)
}

// ---------------------------------------------------------------------------- the policy steps

use serde_json::{Value, json};
use std::net::Ipv4Addr;

use super::steps::{Flow, S, Walk};
use super::trace::{Status, StepKind};
use crate::model::{EndpointKind, EndpointTarget, Ix};

/// The caller: anonymous, or an IAM identity by ARN (POL-26).
fn who(principal: Option<&str>) -> Principal {
    match principal {
        None => Principal::Anonymous,
        Some(p) => Principal::from_arn(p),
    }
}

fn keys(c: &[(String, String)]) -> ContextKeys {
    let mut k = ContextKeys::new();
    for (name, v) in c {
        k.insert(name.clone(), v.clone());
    }
    k
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
    let caller = who(q.principal.as_deref());
    if let Some(arn) = caller.principal_arn() {
        set(&mut c, "aws:PrincipalArn", arn);
    }
    if let Some(a) = caller.account() {
        // aws:PrincipalOrgID: every account of the model belongs to its organization (GW-23).
        if let Some(org) = &m.organization
            && m.account_ix(a).is_some()
        {
            set(&mut c, "aws:PrincipalOrgID", org.clone());
        }
        set(&mut c, "aws:PrincipalAccount", a.to_string());
    }
    if let Some(e) = via {
        let ep = &m.endpoints[e];
        set(&mut c, "aws:SourceVpce", ep.id.clone());
        set(&mut c, "aws:SourceVpc", m.vpcs[ep.vpc].id.clone());
        set(&mut c, "aws:VpcSourceIp", q.source.ip.to_string());
        endpoint_owner_keys(w, e, &mut c);
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

/// The keys that name the endpoint's VPC by ARN and its owner (POL-27, POL-28), for the
/// services that include them: `aws:SourceVpcArn`, `aws:VpceAccount`, `aws:VpceOrgID` (the
/// model's organization) and `aws:VpceOrgPaths` (the owner account's `org_path`).
fn endpoint_owner_keys(w: &Walk, e: Ix, c: &mut Vec<(String, String)>) {
    let m = w.m;
    let ep = &m.endpoints[e];
    let vpc = &m.vpcs[ep.vpc];
    let owner = &m.accounts[vpc.account];
    let action = match &w.q.action {
        Some(a) => a.clone(),
        None => match &ep.target {
            EndpointTarget::Aws(n) => {
                let short = m
                    .catalogue
                    .service(n)
                    .map(|s| s.short.clone())
                    .unwrap_or_default();
                format!("{}:*", policy::iam_prefix_of_service(&short))
            }
            _ => return,
        },
    };
    let k = policy::NetworkKeys::for_action(&action);
    if k.source_vpc_arn {
        set(
            c,
            "aws:SourceVpcArn",
            format!("arn:aws:ec2:{}:{}:vpc/{}", vpc.region, owner.id, vpc.id),
        );
    }
    if k.vpce_account {
        set(c, "aws:VpceAccount", owner.id.clone());
    }
    if k.vpce_org_id
        && let Some(org) = &m.organization
    {
        set(c, "aws:VpceOrgID", org.clone());
    }
    if k.vpce_org_paths
        && let Some(p) = &owner.org_path
    {
        set(c, "aws:VpceOrgPaths", p.clone());
    }
}

/// Which endpoint-owner keys the request carries, for the step text (POL-27, POL-28).
fn owner_keys_words(c: &[(String, String)]) -> String {
    let names = [
        "aws:SourceVpcArn",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
    ];
    let set: Vec<String> = names
        .iter()
        .filter_map(|n| {
            c.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| format!("{n} = {v}"))
        })
        .collect();
    if set.is_empty() {
        " This service is not listed for aws:SourceVpcArn or the aws:Vpce* owner keys, so they are absent (POL-27, POL-28).".into()
    } else {
        format!(
            " For this service the request also carries {} (POL-27, POL-28).",
            set.join(", ")
        )
    }
}

fn ctx_json(c: &[(String, String)]) -> Value {
    let mut o = serde_json::Map::new();
    for (k, v) in c {
        o.insert(k.clone(), Value::String(v.clone()));
    }
    Value::Object(o)
}

fn evaluated_json(e: &Evaluation) -> Value {
    Value::Array(
        e.statements
            .iter()
            .map(|s| {
                json!({
                    "index": s.index, "sid": s.sid, "effect": s.effect.as_str(),
                    "matched": s.applies, "reason": s.reason,
                    "absent_keys": s.absent_keys,
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
                    S::new(StepKind::Policy, format!("{}: no endpoint policy (endpoint service)", ep.id))
                        .status(Status::Info)
                        .obj(&ep.id)
                        .fact("policy", "endpoint")
                        .fact("owner", ep.id.clone())
                        .fact("decision", Value::Null)
                        .fact("statement", Value::Null)
                        .fact("evaluated", Value::Array(vec![]))
                        .rule("ES-9")
                        .detail(format!(
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
            EndpointTarget::InstanceConnect
            | EndpointTarget::Resource(_)
            | EndpointTarget::ServiceNetwork(_) => {}
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
                .title(format!("{}: {} supports no endpoint policy (full access)", ep.id, super::steps::service_words(m, svc)))
                .fact("decision", if q.action.is_some() { Value::from("allow") } else { Value::Null })
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .rule("POL-3")
                .detail(format!(
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
                .title(format!("{}: default endpoint policy (full access)", ep.id))
                .fact("decision", if q.action.is_some() { Value::from("allow") } else { Value::Null })
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .rule("D-6")
                .detail(format!(
                    "{} has no policy of its own, so it has AWS's default: allow everything to everyone (D-6). It never grants anything by itself; the caller's own policies still decide (POL-2).",
                    ep.id
                )),
        );
        return Ok(());
    };
    let Some(action) = q.action.clone() else {
        w.push(
            base.status(Status::Info)
                .title(format!("{}: endpoint policy (not evaluated: no action)", ep.id))
                .fact("decision", Value::Null)
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .detail(format!(
                    "{} has an endpoint policy. This trace asks about connectivity only (no action), so the policy decides nothing here; give --action (and --resource) to evaluate it.",
                    ep.id
                )),
        );
        return Ok(());
    };
    let resource = q.resource.clone().unwrap_or_else(|| "*".into());
    let mut req = Request::new(
        who(q.principal.as_deref()),
        action.clone(),
        resource.clone(),
    );
    req.context = keys(&ctx);
    let ev = evaluate(doc, kind, &req);
    let label = ev.deciding_name();
    let s = base
        .fact("decision", ev.decision.as_str())
        .fact("statement", label.clone())
        .fact("evaluated", evaluated_json(&ev))
        .fact("action", action.clone())
        .fact("resource", resource.clone());
    let who_words = principal_words(q.principal.as_deref());
    // GW-19 matters only when a statement failed on it.
    let gw_note = if kind == PolicyKind::GatewayEndpoint
        && ev.statements.iter().any(|st| st.reason.contains("GW-19"))
    {
        " In a gateway endpoint policy, an account principal means that account's root user only (GW-19)."
    } else {
        ""
    };
    match ev.decision {
        Decision::Allow => {
            w.push(
                s.title(format!("{} endpoint policy: statement {} allows {action} on {resource}", ep.id, label.clone().unwrap_or_default()))
                    .detail(format!(
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
                s.title(format!("{} endpoint policy denies {action} (statement {l})", ep.id)).lead("POL-6").detail(format!(
                    "Statement {l} of {}'s endpoint policy is a Deny that applies to {action} on {resource} for {who_words} ({reason}). An explicit deny anywhere wins (POL-7): AWS reports \"... with an explicit deny in a VPC endpoint policy\" (POL-6).{gw_note}",
                    ep.id
                )),
                Reason::EndpointPolicyDeny,
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
                s.title(format!("no statement of {}'s policy allows {action}", ep.id)).lead("POL-2").rule("POL-6").detail(format!(
                    "An endpoint policy never grants by itself, but it must allow the request (POL-2). No statement of {}'s policy allows {action} on {resource} for {who_words}: {}. AWS reports \"... because no VPC endpoint policy allows the {action} action\" (POL-6).{gw_note}",
                    ep.id,
                    if why.is_empty() { "it has no statements".to_string() } else { why.join("; ") }
                )),
                Reason::EndpointPolicyNoAllow,
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

/// The bucket's side of an S3 request (§8.2): its policy evaluated in the path's context.
fn bucket_policy(w: &mut Walk, bucket: &str, via: Option<Ix>, public_ip: Option<Ipv4Addr>) -> Flow {
    let m = w.m;
    let q = w.q;
    let Some(action) = q.action.clone() else {
        bucket_policy_without_action(w, bucket);
        return Ok(());
    };
    let resource = q
        .resource
        .clone()
        .unwrap_or_else(|| format!("arn:aws:s3:::{bucket}"));
    let b = m.bucket(bucket);
    let bucket_account = b.and_then(|b| b.account.clone());
    // Through a NAT gateway whose public address the model omits, aws:SourceIp is present with
    // an unknown value (POL-25): read it as an address outside the policy's ranges.
    let nat_unknown =
        via.is_none() && public_ip.is_none() && w.path == Some(super::trace::PathKind::NatInternet);
    let doc_for_ip = b.and_then(|b| b.policy.as_deref());
    let stand_in = nat_unknown.then(|| outside_address(doc_for_ip));
    let ctx = context(w, via, public_ip.or(stand_in), bucket_account.as_deref());
    let principal = who(q.principal.as_deref());
    let who_words = principal_words(q.principal.as_deref());
    let cross = match (&principal, &bucket_account) {
        (Principal::Anonymous, Some(_)) => true,
        (p @ Principal::Aws { .. }, Some(b)) => p.account().is_some_and(|a| a != b),
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
                .title(format!("bucket {bucket}: not in the model, no bucket policy assumed"))
                .fact("decision", Value::Null)
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .detail(format!(
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
    let ask = BucketAsk {
        bucket,
        action: &action,
        resource: &resource,
        who_words: &who_words,
        owner: &owner,
        cross,
    };
    let Some(doc) = b.policy.as_deref() else {
        return no_bucket_policy(w, s, &ask);
    };
    let mut req = Request::new(principal.clone(), action.clone(), resource.clone());
    req.context = keys(&ctx);
    let ev = evaluate(doc, PolicyKind::Bucket, &req);
    let unknown_ip = stand_in.and_then(|ip| unknown_source_ip(w, doc, &req, &ev, ip));
    let s = s
        .fact("decision", ev.decision.as_str())
        .fact("statement", ev.deciding_name())
        .fact("evaluated", evaluated_json(&ev));
    let path_note = match (via, public_ip) {
        (Some(e), _) => format!(
            "The request came through {}, so aws:SourceVpce and aws:SourceVpc are set and aws:SourceIp is absent (POL-24, POL-25).{}",
            m.endpoints[e].id,
            owner_keys_words(&ctx)
        ),
        (None, Some(ip)) => format!(
            "The request came over the internet from {ip}, so aws:SourceIp is {ip} and aws:SourceVpce is absent (POL-24, POL-25)."
        ),
        _ => String::new(),
    };
    let path_note = match &unknown_ip {
        Some(n) => format!("{path_note} {n}").trim_start().to_string(),
        None => path_note,
    };
    let s = if unknown_ip.is_some() {
        s.status(Status::Warn).lead("POL-25")
    } else {
        s
    };
    bucket_decision(w, s, &ask, &ev, &path_note)
}

/// What a bucket-policy step says of the request, past the policy's evaluation.
struct BucketAsk<'a> {
    bucket: &'a str,
    action: &'a str,
    resource: &'a str,
    /// The principal in words (`an anonymous (unsigned) caller` or its ARN).
    who_words: &'a str,
    /// The bucket's account, or `unknown`.
    owner: &'a str,
    /// Whether the caller is outside the bucket's account (or anonymous).
    cross: bool,
}

/// Without an action the trace is about connectivity: a bucket policy is shown, not evaluated.
fn bucket_policy_without_action(w: &mut Walk, bucket: &str) {
    if let Some(b) = w.m.bucket(bucket).filter(|b| b.policy.is_some()) {
        w.push(
            S::new(StepKind::Policy, format!("bucket {}: policy (not evaluated: no action)", b.name))
                .status(Status::Info)
                .obj(&b.name)
                .fact("policy", "bucket")
                .fact("owner", b.name.clone())
                .fact("decision", Value::Null)
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .detail(format!(
                    "Bucket {} has a bucket policy; without an action this trace is about connectivity, so it decides nothing here.",
                    b.name
                )),
        );
    }
}

/// A bucket in the model without a policy: a cross-account request fails (POL-14), a
/// same-account one is left to the caller's identity policy.
fn no_bucket_policy(w: &mut Walk, s: S, ask: &BucketAsk) -> Flow {
    let BucketAsk {
        bucket,
        action,
        who_words,
        owner,
        cross,
        ..
    } = *ask;
    if cross {
        return Err(w.fail(
            s.title(format!("bucket {bucket} has no policy allowing {who_words}"))
                .fact("decision", "implicit-deny")
                .fact("statement", Value::Null)
                .fact("evaluated", Value::Array(vec![]))
                .lead("POL-14")
                .detail(format!(
                    "Bucket {bucket} belongs to account {owner}; the request comes from {who_words}, outside that account. A cross-account (or anonymous) request is allowed only if the resource's own policy allows it too (§8.2 step 5), and {bucket} has no bucket policy."
                )),
            Reason::BucketPolicyNoAllow,
            format!("bucket {bucket} does not allow {who_words}"),
        ));
    }
    w.push(
        s.title(format!("bucket {bucket}: no bucket policy"))
            .fact("decision", Value::Null)
            .fact("statement", Value::Null)
            .fact("evaluated", Value::Array(vec![]))
            .detail(format!(
                "Bucket {bucket} has no bucket policy, so nothing on the bucket's side denies the request; within account {owner} the caller's identity policy (not in the model) must allow {action} (§8.2 step 4)."
            )),
    );
    Ok(())
}

/// The step for the bucket policy's decision: a deny, an allow, or no statement applying (which
/// fails a cross-account request, §8.2 step 5). `path_note` says which context keys the path set.
fn bucket_decision(w: &mut Walk, s: S, ask: &BucketAsk, ev: &Evaluation, path_note: &str) -> Flow {
    let BucketAsk {
        bucket,
        action,
        resource,
        who_words,
        owner,
        cross,
    } = *ask;
    let label = ev.deciding_name();
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
                s.title(format!("bucket {bucket} policy denies {action} (statement {l})")).lead("GW-24").detail(format!(
                    "Statement {l} of bucket {bucket}'s policy is a Deny that applies here ({reason}). {path_note} An explicit deny in any policy wins (POL-7)."
                )),
                Reason::BucketPolicyDeny,
                format!("bucket {bucket}'s policy denies {action}"),
            ))
        }
        Decision::Allow => {
            w.push(
                s.title(format!("bucket {bucket} policy: statement {} allows {action}", label.clone().unwrap_or_default())).detail(format!(
                    "Statement {} of bucket {bucket}'s policy allows {action} on {resource} for {who_words}, and none denies it. {path_note}",
                    label.unwrap_or_default()
                )),
            );
            Ok(())
        }
        Decision::ImplicitDeny if cross => Err(w.fail(
            s.title(format!("bucket {bucket} policy does not allow {who_words}")).detail(format!(
                "No statement of bucket {bucket}'s policy allows {action} on {resource} for {who_words}. The bucket belongs to account {owner} and the caller is outside it, so the bucket policy itself must allow the request (§8.2 step 5). {path_note}"
            )),
            Reason::BucketPolicyNoAllow,
            format!("bucket {bucket} does not allow {who_words}"),
        )),
        Decision::ImplicitDeny => {
            w.push(
                s.title(format!("bucket {bucket} policy: no statement applies"))
                    .detail(format!(
                        "No statement of bucket {bucket}'s policy applies to {action} for {who_words}, so the bucket neither allows nor denies it; within account {owner} the caller's identity policy (not in the model) decides (§8.2 step 4). {path_note}"
                    )),
            );
            Ok(())
        }
    }
}

/// An address that stands for a NAT gateway's unknown public address: outside every
/// `aws:SourceIp` range the policy names (but 0.0.0.0/0), so that conditions on it read as
/// they would for an address that is not one of the policy's own.
fn outside_address(doc: Option<&PolicyDocument>) -> Ipv4Addr {
    let ranges: Vec<ipnet::Ipv4Net> = doc
        .map(|d| source_ip_ranges(d).into_iter().map(|(_, n)| n).collect())
        .unwrap_or_default();
    let candidates = [
        Ipv4Addr::new(192, 0, 2, 1),
        Ipv4Addr::new(198, 51, 100, 1),
        Ipv4Addr::new(203, 0, 113, 1),
    ];
    candidates
        .into_iter()
        .find(|ip| !ranges.iter().any(|n| n.prefix_len() > 0 && n.contains(ip)))
        .unwrap_or(candidates[0])
}

/// The `aws:SourceIp` ranges a policy's conditions name, with their statement's index.
fn source_ip_ranges(doc: &PolicyDocument) -> Vec<(usize, ipnet::Ipv4Net)> {
    let mut out = Vec::new();
    for (i, st) in doc.statements.iter().enumerate() {
        for c in &st.conditions {
            if c.key.eq_ignore_ascii_case("aws:SourceIp") {
                for v in &c.values {
                    let net = v
                        .parse::<ipnet::Ipv4Net>()
                        .ok()
                        .or_else(|| v.parse::<Ipv4Addr>().ok().map(ipnet::Ipv4Net::from));
                    if let Some(n) = net {
                        out.push((i, n));
                    }
                }
            }
        }
    }
    out
}

/// When a policy's statements depend on a NAT gateway's unknown public address: which ones,
/// and what each reading gives (outside their ranges: the verdict; inside: the other).
fn unknown_source_ip(
    w: &Walk,
    doc: &PolicyDocument,
    req: &Request,
    ev: &Evaluation,
    stand_in: Ipv4Addr,
) -> Option<String> {
    let ranges = source_ip_ranges(doc);
    let depend: Vec<usize> = doc
        .statements
        .iter()
        .enumerate()
        .filter(|(_, st)| {
            st.conditions
                .iter()
                .any(|c| c.key.eq_ignore_ascii_case("aws:SourceIp"))
        })
        .map(|(i, _)| i)
        .collect();
    if depend.is_empty() {
        return None;
    }
    let nat = w.via.clone().unwrap_or_else(|| "the NAT gateway".into());
    let names: Vec<String> = depend.iter().map(|&i| doc.statement_label(i)).collect();
    // The other reading: the NAT's address inside the first named range.
    let inside = ranges
        .iter()
        .map(|(_, n)| n)
        .find(|n| n.prefix_len() > 0)
        .map(|n| {
            let base = u32::from(n.network());
            Ipv4Addr::from(if n.prefix_len() >= 31 { base } else { base + 1 })
        });
    let other = inside.map(|ip| {
        let mut r = req.clone();
        r.context.insert("aws:SourceIp".to_string(), ip.to_string());
        (ip, evaluate(doc, PolicyKind::Bucket, &r).decision)
    });
    let mut words = format!(
        "{nat}'s public address is not in the model. aws:SourceIp is present on this path (the NAT gateway's Elastic IP, POL-25) but its value is unknown, and statement{} {} depend{} on it. This trace reads it as an address outside the ranges they name ({stand_in} stands for it), which holds unless the policy names the NAT's own address; so read, the policy gives {}.",
        if names.len() == 1 { "" } else { "s" },
        names.join(", "),
        if names.len() == 1 { "s" } else { "" },
        ev.decision.as_str()
    );
    if let Some((ip, d)) = other {
        words.push_str(&format!(
            " Were the NAT's address inside them (e.g. {ip}), the policy would give {}.",
            d.as_str()
        ));
    }
    words.push_str(" Give the NAT gateway its public_ip in the model to decide.");
    Some(words)
}
