//! Serde types for the AWS CLI's JSON output (PascalCase), kept apart from the model's types.
//!
//! Every struct takes `#[serde(default)]` and ignores fields it does not name, so a capture from
//! a newer CLI (or an older one missing a field) still reads. Only the fields the importer uses
//! are declared. Names follow the AWS API reference; where AWS spells a key in a way serde's
//! PascalCase rule would not produce (`VPCs`, `DNSName`, `TTL`, `PrivateIPv4Address`), the
//! field is renamed explicitly.

use serde::Deserialize;

/// `Tags` / `TagSet` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// The `Name` tag, if any (trimmed; empty counts as none).
pub fn name_tag(tags: &[Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key == "Name")
        .map(|t| t.value.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct StateObj {
    pub state: Option<String>,
    /// A string in most outputs (`active`), a number in an instance's state (`16`).
    pub code: Option<serde_json::Value>,
    pub name: Option<String>,
}

impl StateObj {
    /// `Code` as text.
    pub fn code_str(&self) -> Option<String> {
        match &self.code {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(v) => Some(v.to_string()),
            None => None,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct BoolValue {
    pub value: Option<bool>,
}

// ---- describe-vpcs

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Vpc {
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub cidr_block: Option<String>,
    pub cidr_block_association_set: Vec<CidrAssociation>,
    pub ipv6_cidr_block_association_set: Vec<Ipv6CidrAssociation>,
    pub is_default: bool,
    pub dhcp_options_id: Option<String>,
    pub state: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CidrAssociation {
    pub cidr_block: Option<String>,
    pub cidr_block_state: Option<StateObj>,
}

// ---- describe-subnets

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Subnet {
    pub subnet_id: String,
    pub vpc_id: String,
    pub cidr_block: Option<String>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
    pub owner_id: Option<String>,
    pub ipv6_native: bool,
    pub outpost_arn: Option<String>,
    pub ipv6_cidr_block_association_set: Vec<Ipv6CidrAssociation>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Ipv6CidrAssociation {
    pub ipv6_cidr_block: Option<String>,
    pub ipv6_cidr_block_state: Option<StateObj>,
}

// ---- describe-route-tables

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RouteTable {
    pub route_table_id: String,
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub associations: Vec<RouteTableAssociation>,
    pub routes: Vec<Route>,
    /// Virtual private gateways propagating their routes into the table.
    pub propagating_vgws: Vec<PropagatingVgw>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PropagatingVgw {
    pub gateway_id: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RouteTableAssociation {
    pub main: bool,
    pub subnet_id: Option<String>,
    pub gateway_id: Option<String>,
    pub association_state: Option<StateObj>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Route {
    pub destination_cidr_block: Option<String>,
    pub destination_ipv6_cidr_block: Option<String>,
    pub destination_prefix_list_id: Option<String>,
    pub gateway_id: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub local_gateway_id: Option<String>,
    pub carrier_gateway_id: Option<String>,
    pub egress_only_internet_gateway_id: Option<String>,
    pub core_network_arn: Option<String>,
    pub state: Option<String>,
    pub origin: Option<String>,
}

// ---- describe-network-acls

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkAcl {
    pub network_acl_id: String,
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub is_default: bool,
    pub associations: Vec<AclAssociation>,
    pub entries: Vec<AclEntry>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AclAssociation {
    pub subnet_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AclEntry {
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub egress: bool,
    pub protocol: String,
    pub rule_action: String,
    pub rule_number: i64,
    pub port_range: Option<PortRange>,
    /// ICMP entries: the type and code (-1: all).
    pub icmp_type_code: Option<IcmpTypeCode>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct IcmpTypeCode {
    #[serde(rename = "Type")]
    pub kind: Option<i64>,
    pub code: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PortRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

// ---- describe-security-groups

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub description: Option<String>,
    pub ip_permissions: Vec<IpPermission>,
    pub ip_permissions_egress: Vec<IpPermission>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct IpPermission {
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub ip_ranges: Vec<IpRange>,
    pub ipv6_ranges: Vec<Ipv6Range>,
    pub prefix_list_ids: Vec<PrefixListId>,
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

/// describe-security-group-rules: one rule, one source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SecurityGroupRule {
    pub security_group_rule_id: String,
    pub group_id: String,
    pub group_owner_id: Option<String>,
    pub is_egress: bool,
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub cidr_ipv4: Option<String>,
    pub cidr_ipv6: Option<String>,
    pub prefix_list_id: Option<String>,
    pub referenced_group_info: Option<UserIdGroupPair>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: String,
    pub description: Option<String>,
}

/// An IPv6 source or destination of a security group rule (`Ipv6Ranges`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrefixListId {
    pub prefix_list_id: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    pub group_id: Option<String>,
    pub user_id: Option<String>,
    pub vpc_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub description: Option<String>,
}

/// A group as listed on an instance or interface.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct GroupIdentifier {
    pub group_id: String,
    pub group_name: Option<String>,
}

// ---- describe-instances

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Reservation {
    pub owner_id: Option<String>,
    pub instances: Vec<Instance>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Instance {
    pub instance_id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub private_ip_address: Option<String>,
    pub public_ip_address: Option<String>,
    /// The primary IPv6 address (newer CLI outputs); else the primary interface's first.
    pub ipv6_address: Option<String>,
    pub security_groups: Vec<GroupIdentifier>,
    pub iam_instance_profile: Option<IamInstanceProfile>,
    pub state: Option<StateObj>,
    pub network_interfaces: Vec<NetworkInterface>,
    pub placement: Option<Placement>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Placement {
    pub availability_zone: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct IamInstanceProfile {
    pub arn: String,
    pub id: Option<String>,
}

// ---- describe-network-interfaces

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkInterface {
    pub network_interface_id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
    pub private_ip_address: Option<String>,
    pub ipv6_addresses: Vec<InstanceIpv6Address>,
    pub groups: Vec<GroupIdentifier>,
    pub interface_type: Option<String>,
    pub description: Option<String>,
    pub attachment: Option<Attachment>,
    pub association: Option<Association>,
    pub requester_managed: bool,
    pub owner_id: Option<String>,
    pub tag_set: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceIpv6Address {
    pub ipv6_address: String,
    pub is_primary_ipv6: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Attachment {
    pub instance_id: Option<String>,
    pub device_index: Option<i64>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Association {
    pub public_ip: Option<String>,
}

// ---- gateways

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InternetGateway {
    pub internet_gateway_id: String,
    pub owner_id: Option<String>,
    pub attachments: Vec<GatewayAttachment>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct GatewayAttachment {
    pub vpc_id: String,
    pub state: Option<String>,
}

/// describe-egress-only-internet-gateways.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct EgressOnlyInternetGateway {
    pub egress_only_internet_gateway_id: String,
    pub attachments: Vec<GatewayAttachment>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatGateway {
    pub nat_gateway_id: String,
    pub vpc_id: String,
    pub subnet_id: Option<String>,
    pub state: Option<String>,
    pub connectivity_type: Option<String>,
    pub nat_gateway_addresses: Vec<NatGatewayAddress>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatGatewayAddress {
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    pub is_primary: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpnGateway {
    pub vpn_gateway_id: String,
    pub vpc_attachments: Vec<GatewayAttachment>,
    pub tags: Vec<Tag>,
}

/// describe-transit-gateways: the owner and the default route table options (`hybrid`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TransitGateway {
    pub transit_gateway_id: String,
    pub state: Option<String>,
    pub owner_id: Option<String>,
    pub options: Option<super::hybrid::TgwOptions>,
    pub tags: Vec<Tag>,
}

// ---- describe-vpc-endpoints

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: String,
    pub vpc_endpoint_type: String,
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub service_name: String,
    pub state: Option<String>,
    pub policy_document: Option<String>,
    pub route_table_ids: Vec<String>,
    pub subnet_ids: Vec<String>,
    pub groups: Vec<GroupIdentifier>,
    pub private_dns_enabled: Option<bool>,
    pub network_interface_ids: Vec<String>,
    pub dns_entries: Vec<DnsEntry>,
    pub dns_options: Option<DnsOptions>,
    pub ip_address_type: Option<String>,
    /// Cross-Region PrivateLink: the endpoint service's Region when not the endpoint's own.
    pub service_region: Option<String>,
    /// `Resource` endpoints: the VPC Lattice resource configuration they connect to.
    pub resource_configuration_arn: Option<String>,
    /// `ServiceNetwork` endpoints: the VPC Lattice service network.
    pub service_network_arn: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DnsEntry {
    pub dns_name: String,
    pub hosted_zone_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DnsOptions {
    pub private_dns_only_for_inbound_resolver_endpoint: Option<bool>,
    /// `ipv4`, `dualstack`, `ipv6`, `service-defined`.
    pub dns_record_ip_type: Option<String>,
}

// ---- describe-instance-connect-endpoints

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceConnectEndpoint {
    pub instance_connect_endpoint_id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub owner_id: Option<String>,
    pub state: Option<String>,
    pub preserve_client_ip: Option<bool>,
    pub security_group_ids: Vec<String>,
    pub network_interface_ids: Vec<String>,
    pub tags: Vec<Tag>,
}

// ---- describe-vpc-endpoint-services

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ServiceDetail {
    pub service_name: String,
    pub service_id: Option<String>,
    pub service_type: Vec<ServiceTypeDetail>,
    pub availability_zones: Vec<String>,
    pub owner: Option<String>,
    pub base_endpoint_dns_names: Vec<String>,
    pub private_dns_name: Option<String>,
    pub private_dns_names: Vec<PrivateDnsNameItem>,
    pub vpc_endpoint_policy_supported: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ServiceTypeDetail {
    pub service_type: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrivateDnsNameItem {
    pub private_dns_name: String,
}

// ---- provider side: describe-vpc-endpoint-service-configurations, -permissions, -connections

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ServiceConfiguration {
    pub service_id: String,
    pub service_name: Option<String>,
    pub service_type: Vec<ServiceTypeDetail>,
    pub service_state: Option<String>,
    pub availability_zones: Vec<String>,
    pub acceptance_required: Option<bool>,
    pub network_load_balancer_arns: Vec<String>,
    pub gateway_load_balancer_arns: Vec<String>,
    pub private_dns_name: Option<String>,
    pub private_dns_name_configuration: Option<StateObj>,
    /// Cross-Region PrivateLink: the Regions consumers may connect from (`SupportedRegions`).
    pub supported_regions: Vec<SupportedRegion>,
    /// `ipv4`, `ipv6` (`SupportedIpAddressTypes`).
    pub supported_ip_address_types: Vec<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SupportedRegion {
    pub region: String,
    pub service_state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AllowedPrincipal {
    pub principal: String,
    pub principal_type: Option<String>,
    pub service_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpcEndpointConnection {
    pub vpc_endpoint_id: String,
    pub service_id: Option<String>,
    pub vpc_endpoint_state: Option<String>,
    pub vpc_endpoint_owner: Option<String>,
}

// ---- elbv2

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct LoadBalancer {
    pub load_balancer_arn: String,
    pub load_balancer_name: String,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub scheme: Option<String>,
    pub vpc_id: Option<String>,
    pub availability_zones: Vec<LbZone>,
    pub security_groups: Vec<String>,
    pub enforce_security_group_inbound_rules_on_private_link_traffic: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct LbZone {
    pub zone_name: Option<String>,
    pub subnet_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Listener {
    pub listener_arn: Option<String>,
    pub load_balancer_arn: String,
    pub port: Option<u16>,
    pub protocol: Option<String>,
    pub default_actions: Vec<ListenerAction>,
}

/// A listener's default action: `forward` names its target group (a network load balancer
/// forwards to one group: `TargetGroupArn`, or one entry of `ForwardConfig.TargetGroups`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ListenerAction {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub target_group_arn: Option<String>,
    pub forward_config: Option<ForwardConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ForwardConfig {
    pub target_groups: Vec<TargetGroupTuple>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TargetGroupTuple {
    pub target_group_arn: String,
}

/// elbv2 describe-target-groups.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TargetGroup {
    pub target_group_arn: String,
    pub target_group_name: String,
    pub protocol: Option<String>,
    pub port: Option<u16>,
    pub vpc_id: Option<String>,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: Option<String>,
    pub load_balancer_arns: Vec<String>,
}

/// elbv2 describe-target-health: one entry per registered target. The output does not name
/// its target group; the capture saves it as `elbv2-describe-target-health.<name>.<id>.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TargetHealthDescription {
    pub target: TargetDescription,
    pub target_health: Option<TargetHealth>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TargetDescription {
    pub id: String,
    pub port: Option<u16>,
    /// Set for IP targets outside the load balancer's VPC (`all`).
    pub availability_zone: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TargetHealth {
    pub state: Option<String>,
    pub reason: Option<String>,
}

/// describe-load-balancer-attributes: `Attributes: [{Key, Value}]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct KeyValue {
    pub key: String,
    pub value: Option<String>,
}

// ---- prefix lists

/// describe-prefix-lists (`Cidrs`) and describe-managed-prefix-lists (`AddressFamily`, `OwnerId`)
/// share the top-level key `PrefixLists`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrefixList {
    pub prefix_list_id: String,
    pub prefix_list_name: Option<String>,
    pub cidrs: Option<Vec<String>>,
    pub address_family: Option<String>,
    pub owner_id: Option<String>,
    pub tags: Vec<Tag>,
}

/// get-managed-prefix-list-entries.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrefixListEntry {
    pub cidr: String,
    pub description: Option<String>,
}

// ---- describe-availability-zones

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AvailabilityZone {
    pub zone_name: String,
    pub zone_id: Option<String>,
    pub region_name: Option<String>,
    pub zone_type: Option<String>,
}

// ---- describe-vpc-peering-connections

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: String,
    pub requester_vpc_info: Option<PeeringVpcInfo>,
    pub accepter_vpc_info: Option<PeeringVpcInfo>,
    pub status: Option<StateObj>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PeeringVpcInfo {
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub region: Option<String>,
    pub cidr_block: Option<String>,
    pub cidr_block_set: Vec<CidrAssociation>,
}

// ---- describe-dhcp-options

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DhcpOptions {
    pub dhcp_options_id: String,
    pub dhcp_configurations: Vec<DhcpConfiguration>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DhcpConfiguration {
    pub key: String,
    pub values: Vec<BoolOrString>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct BoolOrString {
    pub value: Option<serde_json::Value>,
}

// ---- describe-vpc-attribute

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpcAttribute {
    pub vpc_id: String,
    pub enable_dns_support: Option<BoolValue>,
    pub enable_dns_hostnames: Option<BoolValue>,
}

// ---- Route 53

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct HostedZone {
    pub id: String,
    pub name: String,
    pub config: Option<HostedZoneConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct HostedZoneConfig {
    pub private_zone: bool,
}

/// get-hosted-zone: `{HostedZone, VPCs}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GetHostedZone {
    #[serde(rename = "HostedZone")]
    pub hosted_zone: HostedZone,
    #[serde(rename = "VPCs")]
    pub vpcs: Vec<ZoneVpc>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ZoneVpc {
    #[serde(rename = "VPCId")]
    pub vpc_id: String,
    #[serde(rename = "VPCRegion")]
    pub vpc_region: Option<String>,
}

/// list-hosted-zones-by-vpc item.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct HostedZoneSummary {
    pub hosted_zone_id: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResourceRecordSet {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(rename = "TTL")]
    pub ttl: Option<u32>,
    #[serde(rename = "ResourceRecords")]
    pub resource_records: Vec<ResourceRecord>,
    #[serde(rename = "AliasTarget")]
    pub alias_target: Option<AliasTarget>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ResourceRecord {
    pub value: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AliasTarget {
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    #[serde(rename = "HostedZoneId")]
    pub hosted_zone_id: Option<String>,
}

// ---- IAM

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceProfile {
    pub instance_profile_name: String,
    pub arn: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Role {
    pub arn: String,
    pub role_name: Option<String>,
}

// ---- VPC Lattice (camelCase): resource gateways and resource configurations

/// `aws vpc-lattice get-resource-gateway` (`vpcId`) or an item of `list-resource-gateways`
/// (`vpcIdentifier`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceGateway {
    pub id: String,
    pub arn: Option<String>,
    pub name: Option<String>,
    #[serde(alias = "vpcIdentifier")]
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    /// `IPV4`, `IPV6`, `DUALSTACK`.
    pub ip_address_type: Option<String>,
    pub status: Option<String>,
}

/// `aws vpc-lattice get-resource-configuration`, or an item of `list-resource-configurations`
/// (which lacks the definition, port ranges and protocol).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceConfiguration {
    pub id: String,
    pub arn: Option<String>,
    pub name: Option<String>,
    /// `SINGLE`, `GROUP`, `CHILD`, `ARN`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub resource_gateway_id: Option<String>,
    pub resource_configuration_group_id: Option<String>,
    pub port_ranges: Option<Vec<String>>,
    /// `TCP`.
    pub protocol: Option<String>,
    pub resource_configuration_definition: Option<ResourceConfigurationDefinition>,
    pub allow_association_to_shareable_service_network: Option<bool>,
    pub custom_domain_name: Option<String>,
    pub amazon_managed: Option<bool>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceConfigurationDefinition {
    pub ip_resource: Option<IpResource>,
    pub dns_resource: Option<DnsResource>,
    pub arn_resource: Option<ArnResource>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IpResource {
    pub ip_address: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DnsResource {
    pub domain_name: String,
    pub ip_address_type: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ArnResource {
    pub arn: String,
}

/// `aws ram get-resource-share-associations --association-type PRINCIPAL|RESOURCE`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceShareAssociation {
    pub resource_share_arn: String,
    pub associated_entity: String,
    /// `PRINCIPAL` or `RESOURCE`.
    pub association_type: String,
    /// `ASSOCIATED`, `ASSOCIATING`, `DISASSOCIATED`, `FAILED`, ...
    pub status: Option<String>,
}

/// `aws vpc-lattice get-service-network`, or an item of `list-service-networks` (which lacks
/// `authType` and `sharingConfig`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceNetwork {
    pub id: String,
    pub arn: Option<String>,
    pub name: Option<String>,
    /// `NONE` or `AWS_IAM`.
    pub auth_type: Option<String>,
    pub sharing_config: Option<SharingConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SharingConfig {
    pub enabled: bool,
}

/// An item of `aws vpc-lattice list-service-network-resource-associations` (`snra-…`), or
/// `get-service-network-resource-association`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceNetworkResourceAssociation {
    pub id: String,
    pub resource_configuration_id: Option<String>,
    pub resource_configuration_arn: Option<String>,
    pub service_network_id: Option<String>,
    pub service_network_arn: Option<String>,
    /// `CREATE_IN_PROGRESS`, `ACTIVE`, `PARTIAL`, `DELETE_IN_PROGRESS`, `CREATE_FAILED`, `DELETE_FAILED`.
    pub status: Option<String>,
}

/// An item of `aws vpc-lattice list-service-network-service-associations` (`snsa-…`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceNetworkServiceAssociation {
    pub id: String,
    pub service_id: Option<String>,
    pub service_arn: Option<String>,
    pub service_network_id: Option<String>,
    pub service_network_arn: Option<String>,
    pub status: Option<String>,
}

/// An item of `aws vpc-lattice list-service-network-vpc-associations` (`snva-…`): the VPC is
/// connected to the service network without an endpoint. Read and reported, not modelled.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServiceNetworkVpcAssociation {
    pub id: String,
    pub vpc_id: Option<String>,
    pub service_network_id: Option<String>,
    pub service_network_arn: Option<String>,
    /// `CREATE_IN_PROGRESS`, `ACTIVE`, `UPDATE_IN_PROGRESS`, `DELETE_IN_PROGRESS`,
    /// `CREATE_FAILED`, `DELETE_FAILED`, `UPDATE_FAILED`.
    pub status: Option<String>,
}

/// `aws vpc-lattice get-auth-policy --resource-identifier <service network>`: the policy as
/// a JSON string, and its state (`Active`, `Inactive`: inactive when the auth type is NONE).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AuthPolicy {
    pub policy: Option<String>,
    pub state: Option<String>,
}
