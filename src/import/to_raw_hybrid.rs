//! The hybrid sections of the import's document (transit gateways, sites, Resolver endpoints
//! and rules) -> the loader's raw types, as parsing what [`super::doc_hybrid`] writes would give
//! them (see [`super::to_raw`] for why and how positions are given).

use super::doc_hybrid::{
    Network, ResolverEndpoint, ResolverRule, TgwAttachment, TgwRouteTable, TransitGateway,
    VgwConnection,
};
use super::to_raw::{at, flag, opt, s, scalar, strs};
use crate::model::raw::*;

pub(super) fn transit_gateway(t: &TransitGateway) -> RawTransitGateway {
    RawTransitGateway {
        id: s(&t.id),
        name: t.name.clone(),
        account: scalar(&t.account),
        region: opt(&t.region),
        default_association_table: opt(&t.default_association_table),
        default_propagation_table: opt(&t.default_propagation_table),
        security_group_referencing: flag(t.security_group_referencing),
        attachments: t.attachments.iter().map(attachment).collect(),
        route_tables: t
            .route_tables
            .as_ref()
            .map(|tables| tables.iter().map(tgw_route_table).collect()),
    }
}

/// An attachment's subnets are written only beside its VPC.
fn attachment(a: &TgwAttachment) -> RawTgwAttachment {
    RawTgwAttachment {
        id: s(&a.id),
        name: a.name.clone(),
        vpc: opt(&a.vpc),
        subnets: a.vpc.as_ref().map(|_| strs(&a.subnets)),
        ips: None,
        appliance_mode: flag(a.appliance_mode),
        state: opt(&a.state),
        network: opt(&a.network),
        kind: opt(&a.kind),
        routing: opt(&a.routing),
        allowed_prefixes: None,
    }
}

/// Associations, propagations and routes are always written (`[]` when empty).
fn tgw_route_table(t: &TgwRouteTable) -> RawTgwRouteTable {
    RawTgwRouteTable {
        id: s(&t.id),
        name: t.name.clone(),
        associations: Some(strs(&t.associations)),
        propagations: Some(strs(&t.propagations)),
        routes: Some(
            t.routes
                .iter()
                .map(|r| RawTgwRoute {
                    to: s(&r.to),
                    via: opt(&r.via),
                    blackhole: r.via.is_none().then(|| at(true)),
                })
                .collect(),
        ),
    }
}

pub(super) fn network(n: &Network) -> RawNetwork {
    RawNetwork {
        id: s(&n.id),
        name: n.name.clone(),
        cidrs: strs(&n.cidrs),
        internet: None,
        hosts: n
            .hosts
            .iter()
            .map(|h| RawHost {
                id: s(&h.id),
                name: h.name.clone(),
                ip: s(&h.ip),
            })
            .collect(),
        routes: n.routes.as_deref().map(strs),
        dns: n.dns.as_ref().map(|d| RawSiteDns {
            server: s(&d.server),
            forward: d
                .forward
                .iter()
                .map(|(domain, to)| RawSiteForward {
                    domain: s(domain),
                    to: strs(to),
                })
                .collect(),
            zones: Vec::new(),
        }),
    }
}

/// Addresses per subnet: one is written as a scalar, several as a list.
pub(super) fn resolver_endpoint(e: &ResolverEndpoint) -> RawResolverEndpoint {
    RawResolverEndpoint {
        id: s(&e.id),
        name: e.name.clone(),
        direction: s(&e.direction),
        vpc: s(&e.vpc),
        subnets: strs(&e.subnets),
        ips: (!e.ips.is_empty()).then(|| {
            e.ips
                .iter()
                .map(|(subnet, ips)| {
                    let v = match ips.as_slice() {
                        [one] => RawIps::One(one.clone()),
                        _ => RawIps::Many(ips.clone()),
                    };
                    (subnet.clone(), at(v))
                })
                .collect()
        }),
        security_groups: strs(&e.security_groups),
    }
}

pub(super) fn resolver_rule(r: &ResolverRule) -> RawResolverRule {
    RawResolverRule {
        id: s(&r.id),
        name: r.name.clone(),
        domain: s(&r.domain),
        kind: s(&r.kind),
        endpoint: opt(&r.endpoint),
        targets: strs(&r.targets),
        vpcs: strs(&r.vpcs),
    }
}

pub(super) fn vgw_connection(c: &VgwConnection) -> RawVgwConnection {
    RawVgwConnection {
        network: s(&c.network),
        kind: Some(s(&c.kind)),
        routing: Some(s(&c.routing)),
    }
}
