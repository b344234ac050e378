//! The lesson on a path that bypasses a gateway endpoint: the VPC has a gateway endpoint for
//! the destination's service, but the route table the packet uses is not associated with it,
//! so the packet leaves through another route (a NAT gateway, an internet gateway) and the
//! endpoint is never used (GW-3, GW-4).

use std::net::Ipv4Addr;

use crate::model::{EndpointKind, EndpointTarget, Model, RouteTable, RouteTarget};

use super::steps::S;

/// The prefix list of a gateway endpoint's service in `region` (from the catalogue: the
/// AWS-managed list named like the service, `com.amazonaws.us-east-1.s3`).
fn service_prefix_list<'m>(
    m: &'m Model,
    service: &str,
    region: &str,
) -> Option<&'m crate::catalogue::PrefixListDef> {
    m.catalogue
        .prefix_lists()
        .iter()
        .find(|p| p.name == service && p.region.as_deref().is_none_or(|r| r == region))
}

/// When the route chosen in `table` for `dst` is not a gateway endpoint, but a gateway endpoint
/// of the same VPC serves `dst` (its service's prefix list covers it) in other route tables or
/// in none: say so on the route step, with the rule (GW-4) and the endpoint bypassed.
pub(crate) fn note(
    m: &Model,
    table: &RouteTable,
    target: RouteTarget,
    dst: Ipv4Addr,
    base: S,
) -> S {
    if matches!(target, RouteTarget::Endpoint(_) | RouteTarget::Local) {
        return base;
    }
    let vpc = &m.vpcs[table.vpc];
    for &e in &vpc.endpoints {
        let ep = &m.endpoints[e];
        let EndpointTarget::Aws(service) = &ep.target else {
            continue;
        };
        if ep.kind != EndpointKind::Gateway
            || ep
                .route_tables
                .iter()
                .any(|&t| m.route_tables[t].id == table.id)
        {
            continue;
        }
        let Some(pl) = service_prefix_list(m, service, &vpc.region) else {
            continue;
        };
        if !pl.cidrs.iter().any(|c| c.contains(&dst)) {
            continue;
        }
        let via = super::steps::target_label(m, target);
        let tables: Vec<&str> = ep
            .route_tables
            .iter()
            .map(|&t| m.route_tables[t].id.as_str())
            .collect();
        let assoc = if tables.is_empty() {
            "it is associated with no route table".to_string()
        } else {
            format!("it is associated with {} only", tables.join(", "))
        };
        return base
            .more(format!(
                "This traffic goes through {via}, not {}, because {} has no route to {} ({}): a gateway endpoint adds its prefix-list route only to the route tables associated with it ({assoc}; GW-3), and a subnet whose table lacks that route reaches the service over its public endpoint, through a NAT or internet gateway, or not at all (GW-4).",
                ep.id, table.id, pl.id, pl.name
            ))
            .rule("GW-4")
            .rule("GW-3")
            .fact("bypassed_endpoint", ep.id.clone())
            .concept("gateway-endpoints");
    }
    base
}
