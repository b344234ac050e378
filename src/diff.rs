//! `linkscope diff OLD NEW`: what changed between two models, and what that does — every
//! expectation whose verdict changed, and the verdicts that changed between every source and
//! every endpoint, endpoint service, bucket and site host the models name.
//!
//! Objects are compared by id, field by field, with references written as ids (never as the
//! indexes a model uses inside) and positions in the file left out, so moving an object in the
//! file or adding another before it changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::engine::reach::{self, Row};
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
    fn of(r: &Row) -> Outcome {
        Outcome {
            verdict: r.verdict,
            reason: r.reason,
            via: r.via.clone(),
            error: r.error.clone(),
        }
    }
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
    /// How many queries were traced in each model.
    pub queries: usize,
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
    ]
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

fn object_changes(old: &Model, new: &Model) -> Vec<ObjectChange> {
    let mut out = Vec::new();
    for ((kind, a), (_, b)) in objects(old).into_iter().zip(objects(new)) {
        let a: BTreeMap<String, Value> = a.into_iter().collect();
        let b: BTreeMap<String, Value> = b.into_iter().collect();
        for (id, va) in &a {
            match b.get(id) {
                None => out.push(ObjectChange {
                    change: "removed",
                    kind,
                    id: id.clone(),
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
                        id: id.clone(),
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
                id: id.clone(),
                fields: vec![],
            });
        }
    }
    out
}

/// Sources and destinations named by either model: instances against every endpoint,
/// endpoint service, bucket and site host.
fn matrix(old: &Model, new: &Model) -> Vec<(String, String)> {
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
    let mut out = Vec::new();
    for s in &sources {
        for d in &dests {
            out.push((s.clone(), d.clone()));
        }
    }
    out
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

/// Compare two models (`linkscope diff`).
pub fn diff(old: &Model, new: &Model) -> Diff {
    let objects = object_changes(old, new);
    let pairs = matrix(old, new);
    let opts = QueryOptions::default();
    let a = reach::run(old, &pairs, &opts);
    let b = reach::run(new, &pairs, &opts);
    let mut verdicts = Vec::new();
    // Every expectation of either model, traced with its own port, protocol and action in both.
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
    for ((f, t), (ra, rb)) in pairs.iter().zip(a.iter().zip(&b)) {
        let (oa, ob) = (Outcome::of(ra), Outcome::of(rb));
        if oa != ob {
            verdicts.push(VerdictChange {
                from: f.clone(),
                to: t.clone(),
                expectation: None,
                before: oa,
                after: ob,
            });
        }
    }
    Diff {
        format: 1,
        objects,
        verdicts,
        queries: pairs.len() + seen.len(),
    }
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
    if d.verdicts.is_empty() {
        out.push_str(&format!("verdicts: no change in {} queries\n", d.queries));
    } else {
        out.push_str(&format!(
            "verdicts: {} of {} queries changed\n",
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
