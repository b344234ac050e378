//! Who can reach what: one destination from every source of a model (`reach --to`), or one
//! source to every destination the model offers (`reach --from`). Each row is one full trace,
//! kept as its outcome only; the traces run on every core.

use serde::Serialize;

use super::{PathKind, QueryOptions, Reason, Verdict, trace};
use crate::model::{EndpointKind, EndpointTarget, Model};

/// Which sources `reach --to` traces from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sources {
    /// Every instance, every instance-connect endpoint when the destination is an instance,
    /// and every site host other than the destination.
    #[default]
    Instances,
    /// One unnamed interface per subnet (its first free address).
    Subnets,
}

/// One trace's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub from: String,
    pub to: String,
    pub port: u16,
    /// None when the query could not be traced (`error` says why).
    pub verdict: Option<Verdict>,
    pub reason: Option<Reason>,
    pub path: Option<PathKind>,
    pub via: Option<String>,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The sources `reach --to DST` traces from (the CLI and the explorer's matrix use this one
/// list): instances, instance-connect endpoints (when DST is an instance), then site hosts.
pub fn sources(m: &Model, which: Sources, to: &str) -> Vec<String> {
    match which {
        Sources::Subnets => m.subnets.iter().map(|s| s.id.clone()).collect(),
        Sources::Instances => {
            let to_instance = matches!(m.lookup(to), Some(crate::model::ObjectRef::Instance(_)));
            let mut out: Vec<String> = m.instances.iter().map(|i| i.id.clone()).collect();
            if to_instance {
                out.extend(
                    m.endpoints
                        .iter()
                        .filter(|e| e.kind == EndpointKind::InstanceConnect)
                        .map(|e| e.id.clone()),
                );
            }
            out.extend(m.hosts.iter().filter(|h| h.id != to).map(|h| h.id.clone()));
            out
        }
    }
}

/// The destinations `reach --from SRC` traces to: each endpoint (its service through it), each
/// endpoint service, each bucket, each instance and each host of another site (443, or
/// `--port`; 22 from an instance-connect endpoint, which reaches instances only).
pub fn destinations(m: &Model, from: &str) -> Vec<String> {
    let eice = matches!(
        m.lookup(from),
        Some(crate::model::ObjectRef::Endpoint(e)) if m.endpoints[e].kind == EndpointKind::InstanceConnect
    );
    let mut out = Vec::new();
    if !eice {
        for e in &m.endpoints {
            match (&e.kind, &e.target) {
                (EndpointKind::Interface, EndpointTarget::Aws(_)) => out.push(e.id.clone()),
                (EndpointKind::Gateway, EndpointTarget::Aws(n)) if n.ends_with(".s3") => {}
                _ => {}
            }
        }
        out.extend(m.endpoint_services.iter().map(|s| s.id.clone()));
        out.extend(m.buckets.iter().map(|b| format!("s3://{}", b.name)));
    }
    out.extend(
        m.instances
            .iter()
            .filter(|i| i.id != from)
            .map(|i| i.id.clone()),
    );
    // Site hosts, except those of the source's own site (that traffic never meets AWS).
    let own_site = match m.lookup(from) {
        Some(crate::model::ObjectRef::Host(h)) => Some(m.hosts[h].network),
        _ => None,
    };
    if !eice {
        out.extend(
            m.hosts
                .iter()
                .filter(|h| Some(h.network) != own_site)
                .map(|h| h.id.clone()),
        );
    }
    out
}

fn row(m: &Model, from: &str, to: &str, opts: &QueryOptions) -> Row {
    match trace(m, from, to, opts) {
        Ok(t) => Row {
            from: from.to_string(),
            to: to.to_string(),
            port: t.query.port,
            verdict: Some(t.verdict),
            reason: t.reason,
            path: t.path,
            via: t.via.clone(),
            summary: t.summary,
            error: None,
        },
        Err(e) => Row {
            from: from.to_string(),
            to: to.to_string(),
            port: opts.port.unwrap_or(0),
            verdict: None,
            reason: None,
            path: None,
            via: None,
            summary: String::new(),
            error: Some(e.message),
        },
    }
}

/// Trace every pair, on every core, in the order given.
pub fn run(m: &Model, pairs: &[(String, String)], opts: &QueryOptions) -> Vec<Row> {
    crate::par::par_map(pairs, |(f, t)| row(m, f, t, opts))
}

/// `reach --to DST`: every source of the model to `to`.
pub fn to(m: &Model, to: &str, which: Sources, opts: &QueryOptions) -> Vec<Row> {
    let pairs: Vec<(String, String)> = sources(m, which, to)
        .into_iter()
        .map(|f| (f, to.to_string()))
        .collect();
    run(m, &pairs, opts)
}

/// `reach --from SRC`: `from` to every destination the model offers.
pub fn from(m: &Model, from: &str, opts: &QueryOptions) -> Vec<Row> {
    let pairs: Vec<(String, String)> = destinations(m, from)
        .into_iter()
        .map(|t| (from.to_string(), t))
        .collect();
    run(m, &pairs, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(p: &str) -> Model {
        let p = format!("{}/{p}", env!("CARGO_MANIFEST_DIR"));
        crate::model::load::load_file(std::path::Path::new(&p)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn reach_to_traces_every_instance_and_agrees_with_single_traces() {
        let m = model("samples/hub-and-spoke.yaml");
        let opts = QueryOptions {
            port: Some(5432),
            ..Default::default()
        };
        let rows = to(&m, "db1", Sources::Instances, &opts);
        assert_eq!(rows.len(), m.instances.len());
        for r in &rows {
            let t = trace(&m, &r.from, "db1", &opts).unwrap();
            assert_eq!(r.verdict, Some(t.verdict), "{}", r.from);
            assert_eq!(r.reason, t.reason, "{}", r.from);
        }
        let by = |id: &str| rows.iter().find(|r| r.from == id).unwrap();
        assert_eq!(by("i-a").verdict, Some(Verdict::Allowed));
        assert_eq!(by("i-b").reason, Some(Reason::NoReturnRoute));
        assert_eq!(by("i-a-c").reason, Some(Reason::TgwNoAttachmentInZone));
    }

    #[test]
    fn reach_from_covers_endpoints_services_buckets_and_instances() {
        let m = model("samples/cross-account-privatelink.yaml");
        let src = m.instances[0].id.clone();
        let rows = from(&m, &src, &QueryOptions::default());
        let tos: Vec<&str> = rows.iter().map(|r| r.to.as_str()).collect();
        for s in &m.endpoint_services {
            assert!(tos.contains(&s.id.as_str()), "{tos:?}");
        }
        assert!(
            rows.iter()
                .all(|r| r.verdict.is_some() || r.error.is_some())
        );
        assert!(!tos.contains(&src.as_str()));
    }

    #[test]
    fn the_parallel_run_keeps_order_and_results() {
        let m = model("samples/hub-and-spoke.yaml");
        let opts = QueryOptions::default();
        let pairs: Vec<(String, String)> = (0..100)
            .map(|i| {
                (
                    m.instances[i % m.instances.len()].id.clone(),
                    "db1".to_string(),
                )
            })
            .collect();
        let par = run(&m, &pairs, &opts);
        let seq: Vec<Row> = pairs.iter().map(|(f, t)| row(&m, f, t, &opts)).collect();
        assert_eq!(par, seq);
    }
}
