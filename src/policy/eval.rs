//! Evaluating one policy document against one request: which statements apply, the decision
//! (explicit deny > allow > implicit deny, POL-7), and the explanation in AWS's words (POL-6).

use serde::Serialize;
use std::borrow::Cow;

use super::condition::{self, Lookup};
use super::context::ContextKeys;
use super::document::{Effect, PolicyDocument, Statement};
use super::glob::{self, wildcard_match};
use super::principal::{IdMatch, Principal, spec_matches};
use super::{PolicyKind, vars};

/// One request as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub principal: Principal,
    /// e.g. `s3:GetObject`.
    pub action: String,
    /// e.g. `arn:aws:s3:::bucket/key`.
    pub resource: String,
    /// Condition keys of the request. Keys that follow from the principal
    /// (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`) are
    /// supplied by the evaluator when absent here; keys given here win.
    pub context: ContextKeys,
}

impl Request {
    pub fn new(
        principal: Principal,
        action: impl Into<String>,
        resource: impl Into<String>,
    ) -> Self {
        Request {
            principal,
            action: action.into(),
            resource: resource.into(),
            context: ContextKeys::new(),
        }
    }

    /// Builder: add a context key.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.context.insert(key, value);
        self
    }
}

/// The outcome for the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::ExplicitDeny => "explicit-deny",
            Decision::ImplicitDeny => "implicit-deny",
        }
    }
    pub fn is_allow(self) -> bool {
        self == Decision::Allow
    }
}

/// How one statement fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementResult {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// Every element matched (principal, action, resource, all conditions).
    pub applies: bool,
    /// `matched`, or each element that failed and why, joined by `; `.
    pub reason: String,
    /// Condition keys the request lacked where a condition needed them (or held only because
    /// they were missing): the `CONDITION_KEY_ABSENT` story.
    pub absent_keys: Vec<String>,
    /// Conditions that held only because their key was absent (negated operators, IfExists,
    /// ForAllValues), worth telling when such a statement decides.
    pub notes: Vec<String>,
    /// A condition used an operator IAM does not know (it never matches).
    pub unknown_operator: bool,
}

/// The result of evaluating one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub decision: Decision,
    /// The statement that decided: the first applying Deny for an explicit deny, the first
    /// applying Allow for an allow; None for an implicit deny.
    pub deciding: Option<usize>,
    pub statements: Vec<StatementResult>,
    /// One sentence in AWS's wording (POL-6), naming the deciding statement.
    pub summary: String,
}

impl Evaluation {
    /// The deciding statement's Sid, else its index as text (the trace's `statement` fact).
    pub fn deciding_name(&self) -> Option<String> {
        let i = self.deciding?;
        let s = self.statements.get(i)?;
        Some(match &s.sid {
            Some(sid) if !sid.is_empty() => sid.clone(),
            _ => i.to_string(),
        })
    }
}

/// The request context as conditions see it: given keys first, then keys derived from the
/// principal.
struct Cx<'a> {
    req: &'a Request,
    variables: bool,
}

impl Lookup for Cx<'_> {
    fn values(&self, key: &str) -> Option<Cow<'_, [String]>> {
        if let Some(v) = self.req.context.get(key) {
            return Some(Cow::Borrowed(v));
        }
        derived(&self.req.principal, key).map(|v| Cow::Owned(vec![v]))
    }
    fn variables(&self) -> bool {
        self.variables
    }
}

/// Keys that follow from the caller (POL-26).
pub(crate) fn derived(p: &Principal, key: &str) -> Option<String> {
    let is = |k: &str| key.eq_ignore_ascii_case(k);
    if is("aws:PrincipalArn") {
        p.principal_arn()
    } else if is("aws:PrincipalAccount") {
        p.account().map(str::to_string)
    } else if is("aws:PrincipalType") {
        Some(p.principal_type().to_string())
    } else if is("aws:username") {
        p.username().map(str::to_string)
    } else if is("aws:PrincipalIsAWSService") {
        p.arn().map(|_| "false".to_string())
    } else {
        None
    }
}

fn list(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}

fn resource_matches(pattern: &str, resource: &str, cx: &Cx<'_>) -> bool {
    if cx.variables && vars::has_vars(pattern) {
        return vars::expand_tokens(pattern, &|k| cx.first(k))
            .is_some_and(|t| glob::matches(t.as_slice(), resource, false));
    }
    wildcard_match(pattern, resource, false)
}

/// Does the statement apply? The quick form of [`eval_statement`]: stops at the first element
/// that fails and explains nothing.
fn applies(st: &Statement, kind: PolicyKind, req: &Request, cx: &Cx<'_>) -> bool {
    let principal_ok = match (&st.principal, &st.not_principal) {
        (Some(spec), _) => spec_matches(spec, &req.principal, kind) == IdMatch::Yes,
        (None, Some(spec)) => spec_matches(spec, &req.principal, kind) != IdMatch::Yes,
        (None, None) => true,
    };
    principal_ok
        && st
            .action
            .as_ref()
            .is_none_or(|a| a.iter().any(|p| wildcard_match(p, &req.action, true)))
        && st
            .not_action
            .as_ref()
            .is_none_or(|a| !a.iter().any(|p| wildcard_match(p, &req.action, true)))
        && st
            .resource
            .as_ref()
            .is_none_or(|r| r.iter().any(|p| resource_matches(p, &req.resource, cx)))
        && st
            .not_resource
            .as_ref()
            .is_none_or(|r| !r.iter().any(|p| resource_matches(p, &req.resource, cx)))
        && st.conditions.iter().all(|c| condition::evaluate(c, cx).ok)
}

fn eval_statement(
    index: usize,
    st: &Statement,
    kind: PolicyKind,
    req: &Request,
    cx: &Cx<'_>,
) -> StatementResult {
    let mut failures: Vec<String> = Vec::new();
    let mut absent_keys = Vec::new();
    let mut notes = Vec::new();
    let mut unknown_operator = false;
    let who = req.principal.describe();

    match (&st.principal, &st.not_principal) {
        (Some(spec), _) => match spec_matches(spec, &req.principal, kind) {
            IdMatch::Yes => {}
            IdMatch::No if req.principal == Principal::Anonymous => failures.push(format!(
                "principal: an anonymous request is named only by Principal \"*\", not {} (POL-14)",
                spec.describe()
            )),
            IdMatch::No => failures.push(format!("principal {who} not in {}", spec.describe())),
            IdMatch::GatewayRootOnly => failures.push(format!(
                "principal {who} is not the account's root user: in a gateway endpoint policy an account principal ({}) names only the root user (GW-19)",
                spec.describe()
            )),
        },
        (None, Some(spec)) => {
            if spec_matches(spec, &req.principal, kind) == IdMatch::Yes {
                failures.push(format!(
                    "principal {who} is excluded by NotPrincipal {}",
                    spec.describe()
                ));
            }
        }
        (None, None) => {} // no Principal: read as "*" (lint reports it)
    }

    if let Some(actions) = &st.action
        && !actions.iter().any(|p| wildcard_match(p, &req.action, true))
    {
        failures.push(format!("action {} not in {}", req.action, list(actions)));
    }
    if let Some(actions) = &st.not_action
        && actions.iter().any(|p| wildcard_match(p, &req.action, true))
    {
        failures.push(format!(
            "action {} is excluded by NotAction {}",
            req.action,
            list(actions)
        ));
    }
    if let Some(res) = &st.resource
        && !res.iter().any(|p| resource_matches(p, &req.resource, cx))
    {
        failures.push(format!("resource {} not in {}", req.resource, list(res)));
    }
    if let Some(res) = &st.not_resource
        && res.iter().any(|p| resource_matches(p, &req.resource, cx))
    {
        failures.push(format!(
            "resource {} is excluded by NotResource {}",
            req.resource,
            list(res)
        ));
    }
    for c in &st.conditions {
        let out = condition::evaluate(c, cx);
        unknown_operator |= out.unknown_operator;
        if out.absent && !absent_keys.contains(&c.key) {
            absent_keys.push(c.key.clone());
        }
        match (out.ok, out.reason) {
            (false, Some(r)) => failures.push(r),
            (false, None) => {
                failures.push(format!("condition {} {} does not hold", c.operator, c.key))
            }
            (true, Some(note)) => notes.push(note),
            (true, None) => {}
        }
    }

    let applies = failures.is_empty();
    StatementResult {
        index,
        sid: st.sid.clone(),
        effect: st.effect,
        applies,
        reason: if applies {
            "matched".to_string()
        } else {
            failures.join("; ")
        },
        absent_keys,
        notes,
        unknown_operator,
    }
}

/// "VPC endpoint policy" or "resource-based policy": the layer in AWS's denial messages.
pub fn layer_name(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::GatewayEndpoint | PolicyKind::InterfaceEndpoint => "VPC endpoint policy",
        PolicyKind::Bucket => "resource-based policy",
    }
}

fn summary(doc: &PolicyDocument, kind: PolicyKind, req: &Request, ev: &Evaluation) -> String {
    let layer = layer_name(kind);
    let label = |i: usize| doc.statement_label(i);
    match ev.decision {
        Decision::Allow => {
            let i = ev.deciding.unwrap_or(0);
            format!(
                "Allowed by the {layer}: statement {} allows {} on {}.",
                label(i),
                req.action,
                req.resource
            )
        }
        Decision::ExplicitDeny => {
            let i = ev.deciding.unwrap_or(0);
            let because = ev.statements[i]
                .notes
                .first()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!(
                "Denied with an explicit deny in a {layer}: statement {} denies {} on {}{because}.",
                label(i),
                req.action,
                req.resource
            )
        }
        Decision::ImplicitDeny => {
            let allows: Vec<&StatementResult> = ev
                .statements
                .iter()
                .filter(|s| s.effect == Effect::Allow)
                .collect();
            let detail = match allows.as_slice() {
                [] => "the policy has no Allow statement".to_string(),
                [one] => format!(
                    "statement {} does not apply: {}",
                    label(one.index),
                    one.reason
                ),
                [first, ..] => format!(
                    "none of its {} Allow statements applies (statement {}: {})",
                    allows.len(),
                    label(first.index),
                    first.reason
                ),
            };
            format!(
                "Denied because no {layer} allows the {} action: {detail}.",
                req.action
            )
        }
    }
}

/// The decision and the deciding statement only, without explanations: what [`evaluate`]
/// decides, several times faster on policies where most statements miss (a statement stops at
/// its first failing element, and an explicit deny stops the scan).
pub fn decide(doc: &PolicyDocument, kind: PolicyKind, req: &Request) -> (Decision, Option<usize>) {
    let cx = Cx {
        req,
        variables: doc.supports_variables(),
    };
    let mut allow = None;
    for (i, st) in doc.statements.iter().enumerate() {
        if st.effect == Effect::Allow && allow.is_some() {
            continue; // only a Deny can change the answer now
        }
        if applies(st, kind, req, &cx) {
            match st.effect {
                Effect::Deny => return (Decision::ExplicitDeny, Some(i)),
                Effect::Allow => allow = Some(i),
            }
        }
    }
    match allow {
        Some(i) => (Decision::Allow, Some(i)),
        None => (Decision::ImplicitDeny, None),
    }
}

/// Evaluate `doc` as a policy of `kind` for `req`. Every statement is evaluated (for the
/// explanation); the decision does not depend on statement order (POL-7).
pub fn evaluate(doc: &PolicyDocument, kind: PolicyKind, req: &Request) -> Evaluation {
    let cx = Cx {
        req,
        variables: doc.supports_variables(),
    };
    let statements: Vec<StatementResult> = doc
        .statements
        .iter()
        .enumerate()
        .map(|(i, st)| eval_statement(i, st, kind, req, &cx))
        .collect();
    let first = |e: Effect| {
        statements
            .iter()
            .find(|s| s.applies && s.effect == e)
            .map(|s| s.index)
    };
    let (decision, deciding) = match (first(Effect::Deny), first(Effect::Allow)) {
        (Some(d), _) => (Decision::ExplicitDeny, Some(d)),
        (None, Some(a)) => (Decision::Allow, Some(a)),
        (None, None) => (Decision::ImplicitDeny, None),
    };
    let mut ev = Evaluation {
        decision,
        deciding,
        statements,
        summary: String::new(),
    };
    ev.summary = summary(doc, kind, req, &ev);
    ev
}
