//! Behind an endpoint service's listener: its target group, the targets' health per AZ and
//! cross-zone load balancing (rule book ES-20..ES-24).

use super::steps::{Flow, S, Walk};
use super::trace::{Status, StepKind};
use crate::model::{Ix, Model, Protocol, TargetGroup};
use crate::outcome::Reason;

/// Where the healthy targets of `g` are: (AZ ID, count), in the group's order.
fn healthy_by_zone(g: &TargetGroup) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for t in g.targets.iter().filter(|t| t.healthy) {
        match out.iter_mut().find(|(z, _)| *z == t.zone_id) {
            Some((_, n)) => *n += 1,
            None => out.push((t.zone_id.clone(), 1)),
        }
    }
    out
}

fn zones_words(z: &[(String, usize)]) -> String {
    if z.is_empty() {
        return "none".into();
    }
    z.iter()
        .map(|(z, n)| format!("{z} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The AZ ID whose load balancer node takes the connection from interface `k` of endpoint `e`:
/// the same AZ ID (ES-1, ES-22), or None for a cross-Region endpoint (ES-24).
fn node_zone(m: &Model, e: Ix, k: usize, si: Ix) -> Option<String> {
    let ep = &m.endpoints[e];
    let es = &m.endpoint_services[si];
    if m.vpcs[ep.vpc].region != es.region {
        return None;
    }
    Some(ep.enis[k].zone_id.clone())
}

/// The listener's target group: healthy targets in the node's AZ, or anywhere with cross-zone
/// on; fail open when none is healthy at all (ES-20..ES-24). Nothing to check when the model
/// lists no target group for the listener.
pub(crate) fn targets_step(w: &mut Walk, e: Ix, k: usize, si: Ix) -> Flow {
    let m = w.m;
    let q = w.q;
    let es = &m.endpoint_services[si];
    let lb = &es.load_balancer;
    let Some(listener) = lb
        .listeners
        .iter()
        .find(|l| l.protocol == q.protocol && l.port == q.port)
    else {
        return Ok(());
    };
    let Some(g) = lb.target_group_of(listener) else {
        return Ok(());
    };
    let cross = g.cross_zone(lb);
    let cross_from = if g.cross_zone.is_some() {
        "the target group's own setting"
    } else {
        "the load balancer's setting"
    };
    let healthy = healthy_by_zone(g);
    let zone = node_zone(m, e, k, si);
    let target_port = g.port.unwrap_or(q.port);
    let mut s = S::new(StepKind::EndpointService, "")
        .obj(&es.id)
        .obj(&g.id)
        .fact("service", es.id.clone())
        .fact("target_group", g.id.clone())
        .fact("cross_zone", cross)
        .fact("proxy_protocol_v2", g.proxy_protocol_v2)
        .fact("node_zone_id", zone.clone())
        .fact(
            "healthy_zone_ids",
            healthy.iter().map(|(z, _)| z.clone()).collect::<Vec<_>>(),
        )
        .fact("targets", g.targets.len())
        .rules(&["ES-20", "ES-21", "ES-22"]);
    for t in &g.targets {
        if let Some(i) = t.instance {
            s = s.obj(&m.instances[i].id);
        }
    }
    if !g.any_healthy() {
        let why = if g.targets.is_empty() {
            "has no registered target".to_string()
        } else {
            format!("has {} targets and none is healthy", g.targets.len())
        };
        w.push(
            s.status(Status::Warn)
                .lead("ES-22")
                .title(format!("{} {why}: the load balancer fails open", g.id))
                .detail(format!(
                    "Target group {} of {}'s load balancer {why}. When every target in every enabled AZ fails its health checks (or the group is empty), a network load balancer fails open and sends to all targets whatever their health (ES-22): the connection is forwarded, but to targets that may not answer.",
                    g.id, es.id
                )),
        );
        return Ok(());
    }
    let in_zone = zone
        .as_ref()
        .and_then(|z| healthy.iter().find(|(hz, _)| hz == z))
        .map(|(_, n)| *n);
    let where_words = zones_words(&healthy);
    if cross || zone.is_none() {
        let (title, detail) = if cross {
            (
                format!("{}: cross-zone on, healthy targets in {where_words}", g.id),
                format!(
                    "The listener on {} {} forwards to target group {} (port {target_port}). Cross-zone load balancing is on ({cross_from}, ES-21), so the node may send to the healthy targets of every enabled AZ: {where_words} (ES-20).",
                    q.protocol.as_str(),
                    q.port,
                    g.id
                ),
            )
        } else {
            (
                format!(
                    "{}: cross-Region connection, healthy targets in {where_words}",
                    g.id
                ),
                format!(
                    "The listener on {} {} forwards to target group {} (port {target_port}). The endpoint is in another Region, so its AZ does not name a provider AZ (ES-24). AWS does not document which node receives a cross-Region connection; with cross-zone off, linkscope asks only that some AZ has a healthy target: {where_words} (inferred, ES-24).",
                    q.protocol.as_str(),
                    q.port,
                    g.id
                ),
            )
        };
        w.push(s.title(title).detail(detail).rule("ES-24"));
        return Ok(());
    }
    let z = zone.unwrap_or_default();
    match in_zone {
        Some(n) => {
            w.push(
                s.title(format!("{}: {n} healthy target(s) in {z}, the node's AZ", g.id))
                    .detail(format!(
                        "The listener on {} {} forwards to target group {} (port {target_port}). Cross-zone load balancing is off ({cross_from}, ES-21), so the node in {z}, which takes this interface's connections, sends only to healthy targets in {z}: it has {n} (ES-20).",
                        q.protocol.as_str(),
                        q.port,
                        g.id
                    )),
            );
            Ok(())
        }
        None => {
            let ep = &m.endpoints[e];
            Err(w.fail(
                s.lead("ES-22")
                    .fact("healthy_in_zone", 0)
                    .title(format!("{} has no healthy target in {z} and cross-zone is off", g.id))
                    .detail(format!(
                        "{}'s interface {} is in {z}; it hands the connection to {}'s load balancer node in the same AZ ID (ES-1). Target group {} has cross-zone load balancing off ({cross_from}, ES-21), so that node sends only to healthy targets in {z}, and there are none. Other AZs have healthy targets ({where_words}), so the load balancer does not fail open (ES-22): this AZ's connections fail while others work (the composition for PrivateLink is inferred, ES-22). Register a healthy target in {z}, or turn cross-zone load balancing on for the group.",
                        ep.id, ep.enis[k].ip, es.id, g.id
                    )),
                Reason::ElbNoHealthyTargetInAz,
                format!("{} has no healthy target in {z}", g.id),
            ))
        }
    }
}

/// What the targets see (ES-3, ES-23): the node's address, and with proxy protocol v2 the
/// client's address and the endpoint id in the header.
pub(crate) fn seen_words(
    m: &Model,
    e: Ix,
    si: Ix,
    protocol: Protocol,
    port: u16,
) -> Option<(bool, String)> {
    let lb = &m.endpoint_services[si].load_balancer;
    let l = lb
        .listeners
        .iter()
        .find(|l| l.protocol == protocol && l.port == port)?;
    let g = lb.target_group_of(l)?;
    let ep = &m.endpoints[e];
    Some(if g.proxy_protocol_v2 {
        (
            true,
            format!(
                " Target group {} has proxy protocol v2 on: each connection starts with a header that carries the client's address and the endpoint id {} (ES-23); the targets must parse it.",
                g.id, ep.id
            ),
        )
    } else {
        (
            false,
            format!(
                " Target group {} has proxy protocol v2 off, so the targets cannot learn the client's address (ES-23).",
                g.id
            ),
        )
    })
}
