//! Transit gateways, VPN connections, customer gateways and Route 53 Resolver: the AWS CLI's
//! JSON for them (serde types, PascalCase, lenient as in [`super::aws`]) and the part of the
//! ingest dispatch that recognises them by their top-level key.
//!
//! Outputs that do not name the object they are about (`search-transit-gateway-routes`,
//! `get-transit-gateway-route-table-associations` / `-propagations`,
//! `route53resolver list-resolver-endpoint-ip-addresses`) take it from the file name,
//! `<command>.<resource-id>.json`, as the capture script saves them.
//!
//! Shapes: EC2 API reference (TransitGateway, TransitGatewayAttachment,
//! TransitGatewayVpcAttachment, TransitGatewayRouteTable, TransitGatewayRoute,
//! TransitGatewayRouteTableAssociation / -Propagation, VpnConnection, CustomerGateway) and the
//! Route 53 Resolver API reference (ResolverEndpoint, IpAddressResponse, ResolverRule,
//! ResolverRuleAssociation).

use serde::Deserialize;
use serde_json::Value;

use super::aws::Tag;
use super::report::Report;
use super::{At, Captures, items, report_missing_resource, token};

/// Everything of these kinds read from the inputs.
#[derive(Debug, Default)]
pub(crate) struct HybridCaptures {
    pub attachments: Vec<At<TgwAttachment>>,
    pub vpc_attachments: Vec<At<TgwVpcAttachment>>,
    pub route_tables: Vec<At<TgwRouteTable>>,
    /// (TGW route table id, route)
    pub routes: Vec<At<(String, TgwRoute)>>,
    /// (TGW route table id, association)
    pub associations: Vec<At<(String, TgwTableAttachment)>>,
    /// (TGW route table id, propagation)
    pub propagations: Vec<At<(String, TgwTableAttachment)>>,
    /// Route tables whose every route is known even when none was read (Terraform declares
    /// them all).
    pub complete_tables: Vec<String>,
    /// Route tables whose route search said more routes were available (truncated).
    pub truncated_tables: Vec<String>,
    pub vpn_connections: Vec<At<VpnConnection>>,
    pub customer_gateways: Vec<At<CustomerGateway>>,
    pub resolver_endpoints: Vec<At<ResolverEndpoint>>,
    /// (Resolver endpoint id, address)
    pub resolver_ips: Vec<At<(String, ResolverIp)>>,
    pub resolver_rules: Vec<At<ResolverRule>>,
    pub rule_associations: Vec<At<ResolverRuleAssociation>>,
}

// ---- describe-transit-gateways (Options)

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwOptions {
    /// `enable` | `disable`
    pub default_route_table_association: Option<String>,
    pub association_default_route_table_id: Option<String>,
    pub default_route_table_propagation: Option<String>,
    pub propagation_default_route_table_id: Option<String>,
    /// `enable` | `disable`
    pub security_group_referencing_support: Option<String>,
}

// ---- describe-transit-gateway-attachments

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: String,
    pub transit_gateway_owner_id: Option<String>,
    pub resource_owner_id: Option<String>,
    /// vpc | vpn | direct-connect-gateway | connect | peering | tgw-peering
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub state: Option<String>,
    pub association: Option<TgwAssociationRef>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwAssociationRef {
    pub transit_gateway_route_table_id: Option<String>,
    pub state: Option<String>,
}

// ---- describe-transit-gateway-vpc-attachments

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwVpcAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: String,
    pub vpc_id: String,
    pub vpc_owner_id: Option<String>,
    pub state: Option<String>,
    pub subnet_ids: Vec<String>,
    pub options: Option<TgwVpcOptions>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwVpcOptions {
    /// `enable` | `disable`
    pub appliance_mode_support: Option<String>,
}

// ---- describe-transit-gateway-route-tables

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwRouteTable {
    pub transit_gateway_route_table_id: String,
    pub transit_gateway_id: String,
    pub state: Option<String>,
    pub default_association_route_table: bool,
    pub default_propagation_route_table: bool,
    pub tags: Vec<Tag>,
}

// ---- search-transit-gateway-routes

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwRoute {
    pub destination_cidr_block: Option<String>,
    pub prefix_list_id: Option<String>,
    pub transit_gateway_attachments: Vec<TgwRouteAttachment>,
    /// static | propagated
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    /// active | blackhole | pending | deleting | deleted
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwRouteAttachment {
    pub resource_id: Option<String>,
    pub transit_gateway_attachment_id: String,
    pub resource_type: Option<String>,
}

// ---- get-transit-gateway-route-table-associations / -propagations

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TgwTableAttachment {
    pub transit_gateway_attachment_id: String,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
    pub state: Option<String>,
}

// ---- describe-vpn-connections, describe-customer-gateways

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpnConnection {
    pub vpn_connection_id: String,
    pub customer_gateway_id: Option<String>,
    pub vpn_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub state: Option<String>,
    pub options: Option<VpnOptions>,
    /// Static routes: the site's prefixes (`DestinationCidrBlock` is on the customer side).
    pub routes: Vec<VpnStaticRoute>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpnOptions {
    pub static_routes_only: Option<bool>,
    /// The customer gateway (on-premises) side; `0.0.0.0/0` by default.
    pub local_ipv4_network_cidr: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpnStaticRoute {
    pub destination_cidr_block: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CustomerGateway {
    pub customer_gateway_id: String,
    pub ip_address: Option<String>,
    pub bgp_asn: Option<String>,
    pub state: Option<String>,
    pub device_name: Option<String>,
    pub tags: Vec<Tag>,
}

// ---- route53resolver

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResolverEndpoint {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Name")]
    pub name: Option<String>,
    /// INBOUND | OUTBOUND | INBOUND_DELEGATION
    #[serde(rename = "Direction")]
    pub direction: Option<String>,
    #[serde(rename = "HostVPCId")]
    pub host_vpc_id: Option<String>,
    #[serde(rename = "SecurityGroupIds")]
    pub security_group_ids: Vec<String>,
    #[serde(rename = "Status")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ResolverIp {
    pub ip_id: Option<String>,
    pub subnet_id: String,
    pub ip: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ResolverRule {
    pub id: String,
    pub name: Option<String>,
    pub domain_name: Option<String>,
    /// FORWARD | SYSTEM | RECURSIVE | DELEGATE
    pub rule_type: Option<String>,
    pub target_ips: Vec<TargetIp>,
    pub resolver_endpoint_id: Option<String>,
    pub owner_id: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TargetIp {
    pub ip: Option<String>,
    pub port: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResolverRuleAssociation {
    #[serde(rename = "Id")]
    pub id: Option<String>,
    #[serde(rename = "ResolverRuleId")]
    pub resolver_rule_id: String,
    #[serde(rename = "VPCId")]
    pub vpc_id: String,
    #[serde(rename = "Status")]
    pub status: Option<String>,
}

/// Read one top-level key of an AWS CLI output if it is one of these kinds; false otherwise.
pub(crate) fn ingest_key(
    caps: &mut Captures,
    report: &mut Report,
    ci: usize,
    key: &str,
    v: &Value,
    file: &str,
    resource: &str,
) -> bool {
    let h = &mut caps.hybrid;
    let named = |prefix: &str| token(resource, prefix).or_else(|| token(file, prefix));
    match key {
        "TransitGatewayAttachments" => items(v, "transit gateway attachments", file, report, |x| {
            h.attachments.push(At::of(ci, x))
        }),
        "TransitGatewayVpcAttachments" => {
            items(v, "transit gateway VPC attachments", file, report, |x| {
                h.vpc_attachments.push(At::of(ci, x))
            })
        }
        "TransitGatewayRouteTables" => {
            items(v, "transit gateway route tables", file, report, |x| {
                h.route_tables.push(At::of(ci, x))
            })
        }
        // search-transit-gateway-routes: the only output whose top-level key is `Routes`.
        "Routes" => match named("tgw-rtb-") {
            Some(t) => items(v, "transit gateway routes", file, report, |x| {
                h.routes.push(At::of(ci, (t.clone(), x)))
            }),
            None => report_missing_resource(report, "transit gateway routes", file),
        },
        "AdditionalRoutesAvailable" => {
            if v.as_bool() == Some(true) {
                h.truncated_tables
                    .push(named("tgw-rtb-").unwrap_or_else(|| file.to_string()));
            }
        }
        "Associations" => match named("tgw-rtb-") {
            Some(t) => items(
                v,
                "transit gateway route table associations",
                file,
                report,
                |x| h.associations.push(At::of(ci, (t.clone(), x))),
            ),
            None => {
                report_missing_resource(report, "transit gateway route table associations", file)
            }
        },
        "TransitGatewayRouteTablePropagations" => match named("tgw-rtb-") {
            Some(t) => items(
                v,
                "transit gateway route table propagations",
                file,
                report,
                |x| h.propagations.push(At::of(ci, (t.clone(), x))),
            ),
            None => {
                report_missing_resource(report, "transit gateway route table propagations", file)
            }
        },
        "VpnConnections" => items(v, "VPN connections", file, report, |x| {
            h.vpn_connections.push(At::of(ci, x))
        }),
        "CustomerGateways" => items(v, "customer gateways", file, report, |x| {
            h.customer_gateways.push(At::of(ci, x))
        }),
        "ResolverEndpoints" => items(v, "Resolver endpoints", file, report, |x| {
            h.resolver_endpoints.push(At::of(ci, x))
        }),
        "IpAddresses" => match resolver_token(resource).or_else(|| resolver_token(file)) {
            Some(e) => items(v, "Resolver endpoint addresses", file, report, |x| {
                h.resolver_ips.push(At::of(ci, (e.clone(), x)))
            }),
            None => report_missing_resource(report, "Resolver endpoint addresses", file),
        },
        "ResolverRules" => items(v, "Resolver rules", file, report, |x| {
            h.resolver_rules.push(At::of(ci, x))
        }),
        "ResolverRuleAssociations" => items(v, "Resolver rule associations", file, report, |x| {
            h.rule_associations.push(At::of(ci, x))
        }),
        _ => return false,
    }
    true
}

/// A Resolver endpoint id (`rslvr-in-…`, `rslvr-out-…`) inside a file name's resource part.
fn resolver_token(s: &str) -> Option<String> {
    ["rslvr-in-", "rslvr-out-"].iter().find_map(|p| token(s, p))
}
