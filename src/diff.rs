//! `linkscope diff OLD NEW`: what changed between two models, and what that does — every
//! expectation whose verdict changed, and the verdicts that changed between every source and
//! every endpoint, endpoint service, bucket and site host the models name.
//!
//! Objects are compared by id, field by field, with references written as ids (never as the
//! indexes a model uses inside) and positions in the file left out, so moving an object in the
//! file or adding another before it changes nothing.

mod scope;
#[cfg(test)]
mod scope_tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::engine::{QueryOptions, Reason, Verdict};
use crate::model::Model;

/// One object added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectChange {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub kind: &'static str,
    pub id: String,
    /// For `changed`: the fields that differ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// One query whose outcome changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictChange {
    pub from: String,
    pub to: String,
    /// The expectation's name when the query is one of the models' expectations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expectation: Option<String>,
    pub before: Outcome,
    pub after: Outcome,
}

/// A verdict with its reason and carrier, or why it could not be traced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub verdict: Option<Verdict>,
    pub reason: Option<Reason>,
    pub via: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Outcome {
    /// "allowed via vpce-s3", "blocked (NO_ROUTE)", "cannot trace".
    pub fn words(&self) -> String {
        match (self.verdict, self.reason) {
            (None, _) => "cannot trace".into(),
            (Some(v), Some(r)) => format!("{} ({r})", v.as_str()),
            (Some(v), None) => match &self.via {
                Some(via) => format!("{} via {via}", v.as_str()),
                None => v.as_str().to_string(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub format: u32,
    pub objects: Vec<ObjectChange>,
    pub verdicts: Vec<VerdictChange>,
    /// How many queries the diff answers: every expectation, and every source against every
    /// destination.
    pub queries: usize,
    /// How many of them were traced in each model: the others cannot reach a changed object.
    pub traced: Traced,
}

/// Traces run in each model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Traced {
    pub old: usize,
    pub new: usize,
}

impl Diff {
    /// Whether any verdict changed (`diff` exits 1 then).
    pub fn verdicts_changed(&self) -> bool {
        !self.verdicts.is_empty()
    }
}

/// The kinds compared, with their objects as (id, JSON with references as ids).
fn objects(m: &Model) -> Vec<(&'static str, Vec<(String, Value)>)> {
    fn list<T: Serialize>(
        m: &Model,
        items: &[T],
        id: impl Fn(&T) -> String,
        extra: impl Fn(&T) -> Option<Value>,
    ) -> Vec<(String, Value)> {
        items
            .iter()
            .map(|x| {
                let mut v = serde_json::to_value(x).unwrap_or(Value::Null);
                if let (Value::Object(o), Some(e)) = (&mut v, extra(x)) {
                    o.insert("policy".into(), e);
                }
                (id(x), with_ids(m, v, None))
            })
            .collect()
    }
    vec![
        ("VPC", list(m, &m.vpcs, |x| x.id.clone(), |_| None)),
        ("subnet", list(m, &m.subnets, |x| x.id.clone(), |_| None)),
        (
            "route table",
            list(m, &m.route_tables, |x| x.id.clone(), |_| None),
        ),
        (
            "network ACL",
            list(m, &m.network_acls, |x| x.id.clone(), |_| None),
        ),
        (
            "security group",
            list(m, &m.security_groups, |x| x.id.clone(), |_| None),
        ),
        ("gateway", list(m, &m.gateways, |x| x.id.clone(), |_| None)),
        ("peering", list(m, &m.peerings, |x| x.id.clone(), |_| None)),
        (
            "instance",
            list(m, &m.instances, |x| x.id.clone(), |_| None),
        ),
        (
            "endpoint",
            list(
                m,
                &m.endpoints,
                |x| x.id.clone(),
                |x| x.policy.as_ref().map(|p| p.to_value()),
            ),
        ),
        (
            "endpoint service",
            list(m, &m.endpoint_services, |x| x.id.clone(), |_| None),
        ),
        (
            "hosted zone",
            list(m, &m.hosted_zones, |x| x.id.clone(), |_| None),
        ),
        (
            "bucket",
            list(
                m,
                &m.buckets,
                |x| x.name.clone(),
                |x| x.policy.as_ref().map(|p| p.to_value()),
            ),
        ),
        (
            "transit gateway",
            list(m, &m.transit_gateways, |x| x.id.clone(), |_| None),
        ),
        (
            "TGW attachment",
            list(m, &m.tgw_attachments, |x| x.id.clone(), |_| None),
        ),
        (
            "TGW route table",
            list(m, &m.tgw_route_tables, |x| x.id.clone(), |_| None),
        ),
        ("site", list(m, &m.networks, |x| x.id.clone(), |_| None)),
        ("site host", list(m, &m.hosts, |x| x.id.clone(), |_| None)),
        (
            "resolver endpoint",
            list(m, &m.resolver_endpoints, |x| x.id.clone(), |_| None),
        ),
        ("resolver rule", resolver_rules(m)),
        ("account", list(m, &m.accounts, |x| x.id.clone(), |_| None)),
    ]
}

/// Resolver rules, their `endpoint` written as the Resolver endpoint's id: [`with_ids`] reads
/// an `endpoint` index as a VPC endpoint's.
fn resolver_rules(m: &Model) -> Vec<(String, Value)> {
    m.resolver_rules
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
            if let (Value::Object(o), Some(e)) = (&mut v, r.endpoint) {
                let id = m.resolver_endpoints.get(e).map(|x| x.id.clone());
                o.insert(
                    "endpoint".into(),
                    id.map(Value::String).unwrap_or(Value::Null),
                );
            }
            (r.id.clone(), with_ids(m, v, None))
        })
        .collect()
}

/// The id an index names, for a field or tag name.
fn id_for(m: &Model, key: &str, i: usize) -> Option<String> {
    let get = |v: Option<&str>| v.map(str::to_string);
    match key {
        "vpc" | "vpcs" | "peer_vpc" => get(m.vpcs.get(i).map(|x| x.id.as_str())),
        "subnet" | "subnets" => get(m.subnets.get(i).map(|x| x.id.as_str())),
        "route_table" | "route_tables" => get(m.route_tables.get(i).map(|x| x.id.as_str())),
        "network_acl" => get(m.network_acls.get(i).map(|x| x.id.as_str())),
        "security_groups" | "group" => get(m.security_groups.get(i).map(|x| x.id.as_str())),
        "account" => get(m.accounts.get(i).map(|x| x.id.as_str())),
        "accepted" | "rejected" | "endpoint" | "endpoints" => {
            get(m.endpoints.get(i).map(|x| x.id.as_str()))
        }
        "gateway" => get(m.gateways.get(i).map(|x| x.id.as_str())),
        "peering" => get(m.peerings.get(i).map(|x| x.id.as_str())),
        "instance" => get(m.instances.get(i).map(|x| x.id.as_str())),
        "service" => get(m.endpoint_services.get(i).map(|x| x.id.as_str())),
        "transit-gateway" | "tgw" => get(m.transit_gateways.get(i).map(|x| x.id.as_str())),
        "attachments" | "associations" | "propagations" | "target" | "association" => {
            get(m.tgw_attachments.get(i).map(|x| x.id.as_str()))
        }
        "network" | "networks" => get(m.networks.get(i).map(|x| x.id.as_str())),
        "hosts" => get(m.hosts.get(i).map(|x| x.id.as_str())),
        _ => None,
    }
}

/// A JSON object with its index references replaced by ids and positions dropped.
fn with_ids(m: &Model, v: Value, key: Option<&str>) -> Value {
    match v {
        Value::Object(mut o) => {
            o.remove("pos");
            o.remove("policy_pos");
            // Tagged references: {"kind": "gateway", "index": 3} / {"kind": "group", "value": 2}.
            if let Some(kind) = o.get("kind").and_then(Value::as_str).map(str::to_string) {
                for slot in ["index", "value"] {
                    if let Some(i) = o.get(slot).and_then(Value::as_u64)
                        && let Some(id) = id_for(m, &kind, i as usize)
                    {
                        o.insert(slot.into(), Value::String(id));
                    }
                }
            }
            Value::Object(
                o.into_iter()
                    .map(|(k, v)| {
                        let v = with_ids(m, v, Some(&k));
                        (k, v)
                    })
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|x| with_ids(m, x, key)).collect()),
        Value::Number(n) => match (key, n.as_u64()) {
            (Some(k), Some(i)) => id_for(m, k, i as usize)
                .map(Value::String)
                .unwrap_or(Value::Number(n)),
            _ => Value::Number(n),
        },
        other => other,
    }
}

fn object_changes(old: &scope::Objects, new: &scope::Objects) -> Vec<ObjectChange> {
    let mut out = Vec::new();
    for ((kind, a), (_, b)) in old.iter().zip(new) {
        let kind = *kind;
        let a: BTreeMap<&String, &Value> = a.iter().map(|(k, v)| (k, v)).collect();
        let b: BTreeMap<&String, &Value> = b.iter().map(|(k, v)| (k, v)).collect();
        for (id, va) in &a {
            match b.get(id) {
                None => out.push(ObjectChange {
                    change: "removed",
                    kind,
                    id: (*id).clone(),
                    fields: vec![],
                }),
                Some(vb) if vb != va => {
                    let fields = match (va, vb) {
                        (Value::Object(x), Value::Object(y)) => x
                            .keys()
                            .chain(y.keys())
                            .collect::<BTreeSet<_>>()
                            .into_iter()
                            .filter(|k| x.get(*k) != y.get(*k))
                            .cloned()
                            .collect(),
                        _ => vec![],
                    };
                    out.push(ObjectChange {
                        change: "changed",
                        kind,
                        id: (*id).clone(),
                        fields,
                    });
                }
                _ => {}
            }
        }
        for id in b.keys().filter(|id| !a.contains_key(*id)) {
            out.push(ObjectChange {
                change: "added",
                kind,
                id: (*id).clone(),
                fields: vec![],
            });
        }
    }
    out
}

/// Sources and destinations named by either model: instances against every endpoint,
/// endpoint service, bucket and site host. The matrix is every source against every
/// destination; it is never written out (10,000 instances by 350 endpoints is 3.5 M queries).
fn ends(old: &Model, new: &Model) -> (Vec<String>, Vec<String>) {
    let mut sources = BTreeSet::new();
    let mut dests = BTreeSet::new();
    for m in [old, new] {
        sources.extend(m.instances.iter().map(|i| i.id.clone()));
        dests.extend(
            m.endpoints
                .iter()
                .filter(|e| e.kind != crate::model::EndpointKind::InstanceConnect)
                .map(|e| e.id.clone()),
        );
        dests.extend(m.endpoint_services.iter().map(|s| s.id.clone()));
        dests.extend(m.buckets.iter().map(|b| format!("s3://{}/x", b.name)));
        dests.extend(m.hosts.iter().map(|h| h.id.clone()));
    }
    (sources.into_iter().collect(), dests.into_iter().collect())
}

fn outcome_of_trace(r: &crate::engine::ExpectationResult) -> Outcome {
    match &r.trace {
        Some(t) => Outcome {
            verdict: Some(t.verdict),
            reason: t.reason,
            via: t.via.clone(),
            error: None,
        },
        None => Outcome {
            verdict: None,
            reason: None,
            via: None,
            error: r.error.clone(),
        },
    }
}

/// Compare two models (`linkscope diff`), tracing only the queries a change can affect
/// ([`scope`]'s two bounds). Gives the same verdict changes as [`diff_full`].
pub fn diff(old: &Model, new: &Model) -> Diff {
    compare(old, new, false)
}

/// Compare two models tracing every query of the matrix in both (`diff --full`): the slow
/// reference the scoped [`diff`] is tested against.
pub fn diff_full(old: &Model, new: &Model) -> Diff {
    compare(old, new, true)
}

/// The outcome of one trace, kept instead of the trace.
fn outcome(r: &Result<crate::engine::Trace, crate::engine::QueryError>) -> Outcome {
    match r {
        Ok(t) => Outcome {
            verdict: Some(t.verdict),
            reason: t.reason,
            via: t.via.clone(),
            error: None,
        },
        Err(e) => Outcome {
            verdict: None,
            reason: None,
            via: None,
            error: Some(e.message.clone()),
        },
    }
}

fn compare(old: &Model, new: &Model, full: bool) -> Diff {
    let (objs_old, objs_new) = (objects(old), objects(new));
    let objects = object_changes(&objs_old, &objs_new);
    let scope = (!full).then(|| scope::Scope::new((old, &objs_old), (new, &objs_new), &objects));
    drop((objs_old, objs_new));
    let mut verdicts = expectation_changes(old, new);
    let expectations = verdicts.1;
    let mut verdicts = std::mem::take(&mut verdicts.0);
    let (sources, dests) = ends(old, new);
    // Bound 1: only pairs with an end in a zone that holds a change.
    let affected = |ids: &[String], to: bool| -> Vec<bool> {
        ids.iter()
            .map(|id| scope.as_ref().is_none_or(|s| s.zone_affected(id, to)))
            .collect()
    };
    let (src_hit, dst_hit) = (affected(&sources, false), affected(&dests, true));
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (i, sh) in src_hit.iter().enumerate() {
        for (j, dh) in dst_hit.iter().enumerate() {
            if *sh || *dh {
                pairs.push((i as u32, j as u32));
            }
        }
    }
    let opts = QueryOptions::default();
    let name = |(i, j): (u32, u32)| (sources[i as usize].as_str(), dests[j as usize].as_str());
    // Bound 2: each OLD trace kept as its outcome and whether NEW must be traced.
    let before: Vec<(Outcome, bool)> = crate::par::par_map(&pairs, |p| {
        let (f, t) = name(*p);
        let r = crate::engine::trace(old, f, t, &opts);
        let again = scope
            .as_ref()
            .is_none_or(|s| s.retrace(f, t, r.as_ref().ok()));
        (outcome(&r), again)
    });
    let again: Vec<usize> = (0..pairs.len()).filter(|k| before[*k].1).collect();
    let after: Vec<Outcome> = crate::par::par_map(&again, |k| {
        let (f, t) = name(pairs[*k]);
        outcome(&crate::engine::trace(new, f, t, &opts))
    });
    for (k, b) in again.iter().zip(after) {
        let a = &before[*k].0;
        if *a != b {
            let (f, t) = name(pairs[*k]);
            verdicts.push(VerdictChange {
                from: f.to_string(),
                to: t.to_string(),
                expectation: None,
                before: a.clone(),
                after: b,
            });
        }
    }
    Diff {
        format: 1,
        objects,
        verdicts,
        queries: sources.len() * dests.len() + expectations,
        traced: Traced {
            old: pairs.len() + expectations,
            new: again.len() + expectations,
        },
    }
}

/// Every expectation of either model, traced with its own port, protocol and action in both:
/// the ones whose outcome changed, and how many there are.
fn expectation_changes(old: &Model, new: &Model) -> (Vec<VerdictChange>, usize) {
    let mut verdicts = Vec::new();
    let mut seen = BTreeSet::new();
    for x in new.expectations.iter().chain(&old.expectations) {
        let key = format!(
            "{:?}",
            (
                &x.from,
                &x.to,
                x.port,
                &x.protocol,
                &x.action,
                &x.resource,
                &x.principal
            )
        );
        if !seen.insert(key) {
            continue;
        }
        let (ra, rb) = (x.run(old), x.run(new));
        let (oa, ob) = (outcome_of_trace(&ra), outcome_of_trace(&rb));
        if oa != ob {
            verdicts.push(VerdictChange {
                from: x.from.clone(),
                to: x.to.clone(),
                expectation: Some(x.name.clone().unwrap_or_default()),
                before: oa,
                after: ob,
            });
        }
    }
    (verdicts, seen.len())
}

/// The diff as text.
pub fn text(d: &Diff) -> String {
    use crate::text::escape;
    let mut out = String::new();
    if d.objects.is_empty() {
        out.push_str("objects: no change\n");
    } else {
        out.push_str(&format!("objects: {} changed\n", d.objects.len()));
        for c in &d.objects {
            let f = if c.fields.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.fields.join(", "))
            };
            out.push_str(&format!(
                "  {:<8} {} {}{f}\n",
                c.change,
                c.kind,
                escape(&c.id)
            ));
        }
    }
    // The rest cannot reach a changed object, so their verdicts are the same in both.
    let traced = format!("traced: {} in OLD, {} in NEW", d.traced.old, d.traced.new);
    if d.verdicts.is_empty() {
        out.push_str(&format!(
            "verdicts: no change in {} queries ({traced})\n",
            d.queries
        ));
    } else {
        out.push_str(&format!(
            "verdicts: {} of {} queries changed ({traced})\n",
            d.verdicts.len(),
            d.queries
        ));
        for v in &d.verdicts {
            let name = match v.expectation.as_deref() {
                Some("") => " [expectation]".to_string(),
                Some(n) => format!(" [expectation: {}]", escape(n)),
                None => String::new(),
            };
            out.push_str(&format!(
                "  {} → {}: {} → {}{name}\n",
                escape(&v.from),
                escape(&v.to),
                v.before.words(),
                v.after.words()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/hub-and-spoke.yaml"
        ))
        .unwrap()
    }

    fn load(text: &str) -> Model {
        crate::model::load::load_str(text, "m.yaml", None).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn one_route_removed_flips_exactly_the_queries_that_used_it() {
        let before = sample();
        let after = before.replace(
            "routes: [ { to: 10.0.0.0/8, via: tgw-core }, { to: 192.168.0.0/16, via: tgw-core } ]\n  - id: vpc-spoke-c",
            "routes: [ { to: 10.0.0.0/8, via: tgw-core } ]\n  - id: vpc-spoke-c",
        );
        let after = if after == before {
            // The route of rtb-b, wherever the sample puts it.
            before.replacen(
                "      - id: rtb-b\n        routes: [ { to: 10.0.0.0/8, via: tgw-core }, { to: 192.168.0.0/16, via: tgw-core } ]",
                "      - id: rtb-b\n        routes: [ { to: 10.0.0.0/8, via: tgw-core } ]",
                1,
            )
        } else {
            after
        };
        assert_ne!(after, before, "the sample has rtb-b's data-centre route");
        let d = diff(&load(&before), &load(&after));
        let full = diff_full(&load(&before), &load(&after));
        assert_eq!(d.verdicts, full.verdicts, "scoped and full diffs agree");
        assert_eq!(
            d.objects,
            vec![ObjectChange {
                change: "changed",
                kind: "route table",
                id: "rtb-b".into(),
                fields: vec!["routes".into()],
            }]
        );
        let flipped: BTreeSet<(String, String)> = d
            .verdicts
            .iter()
            .map(|v| (v.from.clone(), v.to.clone()))
            .collect();
        assert_eq!(
            flipped,
            BTreeSet::from([("i-b".to_string(), "db1".to_string())]),
            "{:#?}",
            d.verdicts
        );
        assert!(
            d.verdicts
                .iter()
                .all(|v| v.after.reason == Some(Reason::NoRoute))
        );
        assert!(d.verdicts.iter().any(|v| v.expectation.is_some()));
        assert!(d.verdicts_changed());
    }

    #[test]
    fn moving_objects_or_renaming_changes_no_verdict() {
        let before = sample();
        // A name changes; an object added first shifts every index after it.
        let after = before
            .replace("name: datacenter", "name: dc-frankfurt")
            .replacen(
                "vpcs:\n",
                "vpcs:\n  - { id: vpc-new, account: \"111111111111\", cidrs: [172.16.0.0/16] }\n",
                1,
            );
        let d = diff(&load(&before), &load(&after));
        let kinds: Vec<(&str, &str, String)> = d
            .objects
            .iter()
            .map(|c| (c.change, c.kind, c.id.clone()))
            .collect();
        assert!(
            kinds.contains(&("changed", "site", "dc1".into())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("added", "VPC", "vpc-new".into())),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .all(|(_, k, id)| *k != "subnet" && id != "rtb-a"),
            "indexes shifted but nothing else changed: {kinds:?}"
        );
        assert!(!d.verdicts_changed(), "{:#?}", d.verdicts);
    }
}
