//! The import's document -> the loader's raw types, without YAML in between.
//!
//! [`raw_model`] gives exactly what [`crate::model::load::parse_raw`] would give for the text
//! [`Doc::to_yaml`] writes (field for field: what the text omits is `None` or empty here too),
//! so the same validation builds the same model in a fraction of the time (writing the text and
//! parsing it back was 37% of an import's CPU). The YAML is written only when asked for (`-o`,
//! `import` to stdout). The test `import_builds_the_model_it_writes` (tests/model) checks the
//! two paths give the same model for every import fixture and a generated organisation.
//!
//! Positions: there is no text, so every value is at line 0 ("unknown"). A validation message
//! on an imported model therefore points at the object (its id, which every message names)
//! and the input (the diagnostic's file is `INPUT (imported)`), not at a line of a file the
//! user has not seen; `linkscope import INPUT -o model.yaml` writes that file, whose messages
//! carry lines.
//!
//! A field added to [`Doc`] must be converted here as well as written by `to_yaml`; the test
//! above fails until it is.

use std::collections::BTreeMap;

use super::doc::{self, Doc};
use super::to_raw_hybrid as hybrid;
use crate::model::raw::*;

/// A value at no position (see the module's note on positions).
pub(super) fn at<T>(value: T) -> Located<T> {
    Located::new(value, 0, 0)
}

pub(super) fn s(v: &str) -> Str {
    at(v.to_string())
}

pub(super) fn scalar(v: &str) -> S<Scalar> {
    at(Scalar(v.to_string()))
}

pub(super) fn strs(v: &[String]) -> Vec<Str> {
    v.iter().map(|x| s(x)).collect()
}

pub(super) fn opt(v: &Option<String>) -> Option<Str> {
    v.as_deref().map(s)
}

pub(super) fn flag(b: Option<bool>) -> Option<S<bool>> {
    b.map(at)
}

/// The raw model of `doc`, as parsing `doc.to_yaml(..)` would give it.
pub fn raw_model(doc: &Doc) -> RawModel {
    RawModel {
        linkscope: scalar("1"),
        name: Some(doc.name.clone()),
        description: (!doc.description.is_empty()).then(|| doc.description.clone()),
        region: Some(s(&doc.region)),
        organization: None,
        accounts: doc.accounts.iter().map(account).collect(),
        vpcs: doc.vpcs.iter().map(|v| vpc(v, &doc.region)).collect(),
        endpoint_services: doc.endpoint_services.iter().map(endpoint_service).collect(),
        resource_gateways: doc.resource_gateways.iter().map(resource_gateway).collect(),
        resource_configurations: doc
            .resource_configurations
            .iter()
            .map(resource_configuration)
            .collect(),
        service_networks: doc.service_networks.iter().map(service_network).collect(),
        hosted_zones: doc.hosted_zones.iter().map(hosted_zone).collect(),
        buckets: doc.buckets.iter().map(bucket).collect(),
        services: doc.services.iter().map(service).collect(),
        prefix_lists: doc.prefix_lists.iter().map(prefix_list).collect(),
        transit_gateways: doc
            .transit_gateways
            .iter()
            .map(hybrid::transit_gateway)
            .collect(),
        networks: doc.networks.iter().map(hybrid::network).collect(),
        resolver_endpoints: doc
            .resolver_endpoints
            .iter()
            .map(hybrid::resolver_endpoint)
            .collect(),
        resolver_rules: doc
            .resolver_rules
            .iter()
            .map(hybrid::resolver_rule)
            .collect(),
        expectations: Vec::new(),
    }
}

fn account(a: &doc::Account) -> RawAccount {
    RawAccount {
        id: scalar(&a.id),
        name: a.name.clone(),
        zones: (!a.zones.is_empty()).then(|| {
            a.zones
                .iter()
                .map(|(name, id)| (name.clone(), s(id)))
                .collect()
        }),
        org_path: None,
    }
}

fn prefix_list(p: &doc::PrefixList) -> RawPrefixList {
    RawPrefixList {
        id: s(&p.id),
        name: p.name.clone(),
        region: opt(&p.region),
        cidrs: strs(&p.cidrs),
    }
}

fn service(x: &doc::Service) -> RawService {
    RawService {
        name: s(&x.name),
        dns: opt(&x.dns),
        types: strs(&x.types),
        policy_supported: x.policy_supported,
        private_dns_names: x.private_dns_names.clone(),
        cidrs: strs(&x.cidrs),
        prefix_list: opt(&x.prefix_list),
        missing_zone_ids: x.missing_zone_ids.clone(),
    }
}

/// A VPC; its region is written only when it differs from the model's.
fn vpc(v: &doc::Vpc, region: &str) -> RawVpc {
    RawVpc {
        id: s(&v.id),
        name: v.name.clone(),
        account: scalar(&v.account),
        region: (v.region != region).then(|| s(&v.region)),
        cidrs: strs(&v.cidrs),
        ipv6_cidr: opt(&v.ipv6_cidr),
        dns_support: Some(at(v.dns_support)),
        dns_hostnames: Some(at(v.dns_hostnames)),
        dns_servers: (!v.dns_servers.is_empty()).then(|| strs(&v.dns_servers)),
        subnets: v.subnets.iter().map(subnet).collect(),
        route_tables: v.route_tables.iter().map(route_table).collect(),
        network_acls: v.network_acls.iter().map(network_acl).collect(),
        security_groups: v.security_groups.iter().map(security_group).collect(),
        gateways: v.gateways.iter().map(gateway).collect(),
        peerings: v.peerings.iter().map(peering).collect(),
        instances: v.instances.iter().map(instance).collect(),
        endpoints: v.endpoints.iter().map(endpoint).collect(),
    }
}

fn subnet(x: &doc::Subnet) -> RawSubnet {
    RawSubnet {
        id: s(&x.id),
        name: x.name.clone(),
        zone: s(&x.zone),
        cidr: s(&x.cidr),
        route_table: opt(&x.route_table),
        network_acl: opt(&x.network_acl),
        ipv6_cidr: opt(&x.ipv6_cidr),
    }
}

fn route_table(t: &doc::RouteTable) -> RawRouteTable {
    RawRouteTable {
        id: s(&t.id),
        name: t.name.clone(),
        main: t.main.then(|| at(true)),
        routes: t
            .routes
            .iter()
            .map(|r| RawRoute {
                to: s(&r.to),
                via: s(&r.via),
                state: r.blackhole.then(|| s("blackhole")),
                origin: r.propagated.then(|| s("propagated")),
            })
            .collect(),
        propagating: strs(&t.propagating),
    }
}

fn network_acl(a: &doc::NetworkAcl) -> RawNetworkAcl {
    let rules = |rules: &[doc::AclRule]| -> Vec<RawAclRule> {
        rules
            .iter()
            .map(|r| RawAclRule {
                rule: at(r.rule),
                protocol: scalar(&r.protocol),
                ports: r.ports.as_deref().map(scalar),
                cidr: s(&r.cidr),
                action: s(if r.allow { "allow" } else { "deny" }),
            })
            .collect()
    };
    RawNetworkAcl {
        id: s(&a.id),
        name: a.name.clone(),
        default: a.default.then(|| at(true)),
        inbound: rules(&a.inbound),
        outbound: rules(&a.outbound),
    }
}

fn security_group(g: &doc::SecurityGroup) -> RawSecurityGroup {
    let rules = |rules: &[doc::SgRule], outbound: bool| -> Vec<RawSgRule> {
        rules
            .iter()
            .map(|r| RawSgRule {
                protocol: scalar(&r.protocol),
                ports: r.ports.as_deref().map(scalar),
                from: (!outbound).then(|| s(&r.peer)),
                to: outbound.then(|| s(&r.peer)),
                description: r.description.clone(),
            })
            .collect()
    };
    RawSecurityGroup {
        id: s(&g.id),
        name: g.name.clone(),
        default: flag(g.default),
        inbound: rules(&g.inbound, false),
        // Written even when empty (`outbound: []`: no outbound rule, not AWS's default).
        outbound: Some(rules(&g.outbound, true)),
    }
}

fn gateway(g: &doc::Gateway) -> RawGateway {
    RawGateway {
        id: s(&g.id),
        name: g.name.clone(),
        kind: s(&g.kind),
        subnet: opt(&g.subnet),
        ip: opt(&g.ip),
        public_ip: opt(&g.public_ip),
        connections: g.connections.iter().map(hybrid::vgw_connection).collect(),
    }
}

fn peering(p: &doc::Peering) -> RawPeering {
    RawPeering {
        id: s(&p.id),
        name: p.name.clone(),
        peer_vpc: s(&p.peer_vpc),
        state: opt(&p.state),
    }
}

fn instance(i: &doc::Instance) -> RawInstance {
    RawInstance {
        ipv6: opt(&i.ipv6),
        id: s(&i.id),
        name: i.name.clone(),
        subnet: s(&i.subnet),
        ip: opt(&i.ip),
        security_groups: i.security_groups.as_deref().map(strs),
        public_ip: opt(&i.public_ip),
        role: opt(&i.role),
    }
}

fn endpoint(e: &doc::Endpoint) -> RawEndpoint {
    RawEndpoint {
        id: s(&e.id),
        name: e.name.clone(),
        kind: s(&e.kind),
        service: opt(&e.service),
        route_tables: strs(&e.route_tables),
        subnets: strs(&e.subnets),
        ips: e
            .ips
            .iter()
            .map(|(k, v)| (k.clone(), s(v)))
            .collect::<BTreeMap<_, _>>(),
        security_groups: e.security_groups.as_deref().map(strs),
        private_dns: flag(e.private_dns),
        private_dns_only_for_inbound_resolver: flag(e.private_dns_only_for_inbound_resolver),
        policy: e.policy.clone().map(at),
        service_network: opt(&e.service_network),
        state: opt(&e.state),
        dns_suffix: opt(&e.dns_suffix),
        subnet: opt(&e.subnet),
        ip: opt(&e.ip),
        preserve_client_ip: flag(e.preserve_client_ip),
        service_region: opt(&e.service_region),
        ip_address_type: opt(&e.ip_address_type),
        resource_configuration: opt(&e.resource_configuration),
        dns_record_ip_type: opt(&e.dns_record_ip_type),
    }
}

fn resource_gateway(g: &doc::ResourceGateway) -> RawResourceGateway {
    RawResourceGateway {
        id: s(&g.id),
        name: g.name.clone(),
        vpc: s(&g.vpc),
        subnets: strs(&g.subnets),
        ips: BTreeMap::new(),
        security_groups: g.security_groups.as_deref().map(strs),
    }
}

fn resource_configuration(c: &doc::ResourceConfiguration) -> RawResourceConfiguration {
    RawResourceConfiguration {
        id: s(&c.id),
        name: c.name.clone(),
        kind: None,
        resource_gateway: s(&c.resource_gateway),
        ip: opt(&c.ip),
        domain: opt(&c.domain),
        port_ranges: c.port_ranges.as_deref().map(scalar),
        shared_with: strs(&c.shared_with),
        allow_association_to_shareable_service_network: c
            .allow_association_to_shareable_service_network
            .then(|| at(true)),
    }
}

fn service_network(n: &doc::ServiceNetwork) -> RawServiceNetwork {
    RawServiceNetwork {
        id: s(&n.id),
        name: n.name.clone(),
        account: scalar(&n.account),
        auth_type: opt(&n.auth_type),
        auth_policy: n.auth_policy.clone().map(at),
        sharing: n.sharing.then(|| at(true)),
        shared_with: strs(&n.shared_with),
        resource_configurations: strs(&n.resource_configurations),
        services: strs(&n.services),
    }
}

fn endpoint_service(x: &doc::EndpointService) -> RawEndpointService {
    let lb = &x.load_balancer;
    RawEndpointService {
        id: s(&x.id),
        name: x.name.clone(),
        account: scalar(&x.account),
        region: Some(s(&x.region)),
        load_balancer: RawLoadBalancer {
            kind: Some(s(&lb.kind)),
            name: lb.name.clone(),
            vpc: s(&lb.vpc),
            subnets: strs(&lb.subnets),
            listeners: lb
                .listeners
                .iter()
                .map(|(protocol, port)| RawListener {
                    protocol: s(protocol),
                    port: at(*port),
                    target_group: lb
                        .listener_target_groups
                        .get(&(protocol.clone(), *port))
                        .map(|g| s(g)),
                })
                .collect(),
            security_groups: strs(&lb.security_groups),
            cross_zone: flag(lb.cross_zone),
            enforce_security_groups_on_privatelink: flag(lb.enforce_security_groups_on_privatelink),
            target_groups: lb.target_groups.iter().map(target_group).collect(),
        },
        acceptance_required: Some(at(x.acceptance_required)),
        allowed_principals: strs(&x.allowed_principals),
        accepted: strs(&x.accepted),
        rejected: strs(&x.rejected),
        private_dns_name: opt(&x.private_dns_name),
        private_dns_verified: flag(x.private_dns_verified),
        supported_regions: strs(&x.supported_regions),
        supported_ip_address_types: strs(&x.supported_ip_address_types),
    }
}

fn target_group(g: &doc::TargetGroup) -> RawTargetGroup {
    RawTargetGroup {
        id: s(&g.id),
        port: g.port.map(at),
        cross_zone: flag(g.cross_zone),
        proxy_protocol_v2: flag(g.proxy_protocol_v2),
        targets: g
            .targets
            .iter()
            .map(|t| RawTarget {
                id: s(&t.id),
                health: opt(&t.health),
            })
            .collect(),
    }
}

fn hosted_zone(z: &doc::HostedZone) -> RawHostedZone {
    RawHostedZone {
        id: s(&z.id),
        name: s(&z.name),
        vpcs: strs(&z.vpcs),
        records: z
            .records
            .iter()
            .map(|r| RawRecord {
                name: s(&r.name),
                kind: s(&r.kind),
                values: strs(&r.values),
                ttl: None,
            })
            .collect(),
    }
}

fn bucket(b: &doc::Bucket) -> RawBucket {
    RawBucket {
        name: s(&b.name),
        region: opt(&b.region),
        account: b.account.as_deref().map(scalar),
        policy: b.policy.clone().map(at),
    }
}
