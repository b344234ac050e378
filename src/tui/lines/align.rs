//! The align-by-AZ-ID view (`A`): the VPC shown and the VPCs PrivateLink connects it to (the
//! providers of the endpoint services its endpoints use, the consumers of the services it
//! offers), one column each, one row per AZ ID. Each account names its zones its own way; a row
//! is one physical zone, so reading across a row shows which names stand for the same zone,
//! where the service exists (its load balancer's nodes, ES-10) and which endpoint interfaces sit
//! where it does not (IF-3). A VPC without PrivateLink partners stands beside the first VPC of
//! each other account, to compare the accounts' zone maps.
//!
//! ```text
//! AZ ID     vpc-consumer · consumer (111111111111)   vpc-provider · provider (222222222222)
//! use1-az1  us-east-1a                               us-east-1c
//!           subnet-cons-a                            ·
//!           ✗ vpce-partner-az1: no service here
//! use1-az2  us-east-1b                               us-east-1a
//!           subnet-cons-b                            subnet-prov-a
//!           ▣ vpce-partner                           ▤ partner-api node
//! ```

use std::collections::BTreeSet;

use crate::model::{EndpointTarget, Ix, Model};
use crate::text::{escape, truncate, width};
use crate::tui::ids::account_label;
use crate::tui::theme;
use crate::tui::view::wrap;
use ratatui::style::Style;

type L = (String, Style);

/// The width of the AZ ID column.
const ID_W: usize = 10;

/// The VPCs shown beside `vpc`: the providers of the endpoint services its endpoints use and
/// the consumers of the services it offers, each once, in model order.
pub fn partners(m: &Model, vpc: Ix) -> Vec<Ix> {
    let mut out: BTreeSet<Ix> = BTreeSet::new();
    let v = &m.vpcs[vpc];
    for &e in &v.endpoints {
        if let EndpointTarget::Service(s) = m.endpoints[e].target {
            out.insert(m.endpoint_services[s].load_balancer.vpc);
        }
    }
    for (si, s) in m.endpoint_services.iter().enumerate() {
        if s.load_balancer.vpc != vpc {
            continue;
        }
        for (ei, e) in m.endpoints.iter().enumerate() {
            if e.target == EndpointTarget::Service(si) {
                out.insert(m.endpoints[ei].vpc);
            }
        }
    }
    out.remove(&vpc);
    out.into_iter().collect()
}

/// The first VPC of each account other than `vpc`'s, in model order.
fn other_accounts(m: &Model, vpc: Ix) -> Vec<Ix> {
    let own = m.vpcs[vpc].account;
    let mut seen = vec![own];
    let mut out = Vec::new();
    for (i, v) in m.vpcs.iter().enumerate() {
        if !seen.contains(&v.account) {
            seen.push(v.account);
            out.push(i);
        }
    }
    out
}

/// What one VPC has in one AZ ID: the zone's name in its account, and lines of contents.
fn cell(m: &Model, vpc: Ix, zone_id: &str) -> Vec<(String, Style)> {
    let v = &m.vpcs[vpc];
    let name = m.accounts[v.account]
        .zones
        .iter()
        .find(|(_, id)| *id == zone_id)
        .map(|(n, _)| n.clone())
        .or_else(|| {
            v.subnets
                .iter()
                .map(|&s| &m.subnets[s])
                .find(|s| s.zone_id == zone_id)
                .map(|s| s.zone.clone())
        });
    let mut out = vec![match name {
        Some(n) => (escape(&n), theme::bold()),
        None => ("·".into(), theme::dim()),
    }];
    for &s in &v.subnets {
        let sub = &m.subnets[s];
        if sub.zone_id != zone_id {
            continue;
        }
        out.push((escape(&sub.id), theme::text()));
        for &e in &v.endpoints {
            let ep = &m.endpoints[e];
            if !ep.enis.iter().any(|n| n.subnet == s) {
                continue;
            }
            // An interface where the endpoint's service does not exist (IF-3, ES-10).
            let missing = match ep.target {
                EndpointTarget::Service(si) => !m.endpoint_services[si]
                    .zone_ids
                    .iter()
                    .any(|z| z == zone_id),
                _ => false,
            };
            if missing {
                out.push((
                    format!("✗ {}: no service here", escape(&ep.id)),
                    theme::blocked(),
                ));
            } else {
                out.push((format!("▣ {}", escape(&ep.id)), theme::text()));
            }
        }
        for svc in &m.endpoint_services {
            if svc.load_balancer.vpc == vpc && svc.load_balancer.subnets.contains(&s) {
                out.push((format!("▤ {} node", escape(&svc.name)), theme::allowed()));
            }
        }
    }
    if out.len() == 1 && out[0].0 != "·" {
        out.push(("no subnet".into(), theme::dim()));
    }
    out
}

/// Every AZ ID of the VPCs shown, from their accounts' maps and their subnets, sorted.
fn zone_ids(m: &Model, vpcs: &[Ix]) -> Vec<String> {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for &v in vpcs {
        let vpc = &m.vpcs[v];
        for z in &vpc.zones {
            if let Some(id) = m.zone_id(vpc.account, z) {
                ids.insert(id.to_string());
            }
        }
        for &s in &vpc.subnets {
            if !m.subnets[s].zone_id.is_empty() {
                ids.insert(m.subnets[s].zone_id.clone());
            }
        }
    }
    ids.into_iter().collect()
}

fn pad(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    format!("{s}{}", " ".repeat(w.saturating_sub(width(&s))))
}

/// The view's lines at inner width `w`: as many partner columns as fit (at least one).
pub fn lines(m: &Model, vpc: Ix, w: usize) -> Vec<L> {
    let mut out: Vec<L> = Vec::new();
    if vpc >= m.vpcs.len() {
        return out;
    }
    let linked = partners(m, vpc);
    // Without PrivateLink partners: a VPC of each other account, to compare zone maps.
    let all = if linked.is_empty() {
        other_accounts(m, vpc)
    } else {
        linked.clone()
    };
    let fit = (w.saturating_sub(ID_W) / 26).max(2);
    let mut vpcs = vec![vpc];
    vpcs.extend(all.iter().copied().take(fit - 1));
    let hidden = all.len() + 1 - vpcs.len();
    let col_w = (w.saturating_sub(ID_W) / vpcs.len()).max(8);
    let intro = if linked.is_empty() {
        format!(
            "{} uses no endpoint service of another VPC and offers none{}. Each account maps zone names to AZ IDs its own way; PrivateLink matches zones by AZ ID (IF-3, ES-10).",
            escape(&m.vpcs[vpc].id),
            if all.is_empty() {
                ": its own AZ names and AZ IDs"
            } else {
                "; beside it, the first VPC of each other account"
            }
        )
    } else {
        "Each account maps zone names to AZ IDs its own way: read across a row, one physical zone. An endpoint interface works only in an AZ ID where the service's load balancer has a node (IF-3, ES-10).".to_string()
    };
    for l in wrap(&intro, w.max(10)) {
        out.push((l, theme::text()));
    }
    if hidden > 0 {
        out.push((
            format!("{hidden} more connected VPCs do not fit: widen the terminal or zoom"),
            theme::dim(),
        ));
    }
    out.push((String::new(), theme::text()));
    let mut head = pad("AZ ID", ID_W);
    for &v in &vpcs {
        let acct = account_label(&m.accounts[m.vpcs[v].account]);
        head.push_str(&pad(
            &format!("{} · {acct}", escape(&m.vpcs[v].id)),
            col_w.saturating_sub(1),
        ));
        head.push(' ');
    }
    out.push((head.trim_end().to_string(), theme::title()));
    for id in zone_ids(m, &vpcs) {
        let cells: Vec<Vec<(String, Style)>> = vpcs.iter().map(|&v| cell(m, v, &id)).collect();
        let rows = cells.iter().map(Vec::len).max().unwrap_or(1);
        for r in 0..rows {
            let mut line = if r == 0 {
                pad(&escape(&id), ID_W)
            } else {
                " ".repeat(ID_W)
            };
            // One style per line: the strongest of its cells (a ✗ shows red).
            let mut st = if r == 0 { theme::bold() } else { theme::text() };
            for c in &cells {
                let (s, cst) = c.get(r).cloned().unwrap_or_default();
                if cst == theme::blocked() || (cst == theme::allowed() && st != theme::blocked()) {
                    st = cst;
                }
                line.push_str(&pad(&s, col_w.saturating_sub(1)));
                line.push(' ');
            }
            out.push((line.trim_end().to_string(), st));
        }
        out.push((String::new(), theme::text()));
    }
    for l in wrap(
        "▣ endpoint interface · ▤ the service's load balancer node (the service exists in that AZ ID) · ✗ an endpoint interface where it does not",
        w.max(10),
    ) {
        out.push((l, theme::dim()));
    }
    for l in wrap(
        "A or Esc closes · : jumps to a zone by its AZ ID · C every concept (AZ IDs)",
        w.max(10),
    ) {
        out.push((l, theme::dim()));
    }
    out
}
