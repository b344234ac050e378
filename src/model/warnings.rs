//! Every warning a model can raise, in one place: stable code, what it means, and the AWS rule
//! (rule book id) it comes from. A warning means AWS would refuse the design or it is surely
//! a mistake; the model still loads so a design in progress can be explored.
//!
//! Errors (the model cannot be interpreted at all) are listed in [`ERRORS`] for documentation.

use crate::diag::Diagnostic;

/// A warning kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarningDef {
    pub code: &'static str,
    /// What it means, for `linkscope validate --explain` and the README.
    pub meaning: &'static str,
    pub rule: &'static str,
}

impl WarningDef {
    /// A diagnostic of this kind with a specific message.
    pub fn with(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.code, message).rule(self.rule)
    }
}

macro_rules! warnings {
    ($($name:ident = $code:literal, $rule:literal, $meaning:literal;)*) => {
        $(pub const $name: WarningDef = WarningDef { code: $code, meaning: $meaning, rule: $rule };)*
        /// All warning kinds.
        pub const ALL: &[WarningDef] = &[$($name),*];
    };
}

warnings! {
    OVERLAPPING_SUBNETS = "OVERLAPPING_SUBNETS", "RT-4",
        "two subnets of one VPC overlap; AWS refuses the second subnet";
    ENDPOINT_TWO_SUBNETS_ONE_AZ = "ENDPOINT_TWO_SUBNETS_ONE_AZ", "IF-1",
        "an interface endpoint lists two subnets in one Availability Zone; AWS allows one subnet per AZ";
    ENDPOINT_ZONE_UNSUPPORTED = "ENDPOINT_ZONE_UNSUPPORTED", "IF-3",
        "an endpoint subnet is in an AZ (by AZ ID) where its service is not offered; AWS refuses the subnet";
    PRIVATE_DNS_NEEDS_DNS_ATTRIBUTES = "PRIVATE_DNS_NEEDS_DNS_ATTRIBUTES", "IF-18",
        "private DNS is on but the VPC lacks dns_support or dns_hostnames, so the endpoint's names are not served";
    PRIVATE_DNS_CONFLICT = "PRIVATE_DNS_CONFLICT", "IF-20",
        "two private-DNS endpoints for one service in one VPC, or a hosted zone of the same name; AWS refuses the second";
    GATEWAY_ENDPOINT_SERVICE = "GATEWAY_ENDPOINT_SERVICE", "GW-1",
        "a gateway endpoint for a service other than S3 or DynamoDB; only those two offer gateway endpoints";
    GATEWAY_ENDPOINT_REGION = "GATEWAY_ENDPOINT_REGION", "GW-10",
        "a gateway endpoint for a service in another region; gateway endpoints work only in their own region";
    NAT_WITHOUT_IGW_ROUTE = "NAT_WITHOUT_IGW_ROUTE", "RT-16",
        "a NAT gateway's subnet has no route to an internet gateway, so it cannot reach the internet";
    ROUTE_TO_OTHER_VPC_GATEWAY = "ROUTE_TO_OTHER_VPC_GATEWAY", "RT-5",
        "a route targets a gateway, endpoint or peering of another VPC; AWS refuses it";
    SERVICE_ALLOWS_NO_PRINCIPAL = "SERVICE_ALLOWS_NO_PRINCIPAL", "ES-6",
        "an endpoint service allows no principal, so nobody can create an endpoint to it";
    S3_INBOUND_ONLY_WITHOUT_GATEWAY = "S3_INBOUND_ONLY_WITHOUT_GATEWAY", "IF-24",
        "an S3 interface endpoint uses private DNS only for inbound resolver endpoints, which needs an S3 gateway endpoint in the VPC";
    DNS_HOSTNAMES_DEFAULT = "DNS_HOSTNAMES_DEFAULT", "D-8",
        "a VPC with private hosted zones or private-DNS endpoints leaves dns_hostnames at AWS's default (false)";
    RESOURCE_GATEWAY_NO_SHARED_AZ = "RESOURCE_GATEWAY_NO_SHARED_AZ", "ES-27",
        "a resource endpoint (or a service-network endpoint, for a resource configuration of its service network) and the resource configuration's resource gateway share no Availability Zone (by AZ ID); AWS requires at least one in common";
    RESOURCE_CONFIG_NOT_SHAREABLE = "RESOURCE_CONFIG_NOT_SHAREABLE", "ES-35",
        "a resource configuration whose allow_association_to_shareable_service_network is off (AWS's default) is associated with a shareable service network (sharing on, or shared through AWS RAM); AWS refuses the association";
    SERVICE_NETWORK_NOT_SHARED = "SERVICE_NETWORK_NOT_SHARED", "ES-33",
        "a service network is used by an account that neither owns it nor has it shared through AWS RAM: a service-network endpoint of that account, or a resource configuration of that account associated with it; AWS refuses the endpoint or the association";
    AUTH_POLICY_WITHOUT_IAM = "AUTH_POLICY_WITHOUT_IAM", "ES-36",
        "a service network has an auth policy but auth type NONE, so the policy is not evaluated";
    ENDPOINT_SERVICE_POLICY = "ENDPOINT_SERVICE_POLICY", "ES-9",
        "an endpoint to an endpoint service has a policy; AWS supports none there, so it is ignored";
    UNKNOWN_SERVICE = "UNKNOWN_SERVICE", "IF-3",
        "an endpoint names a service the catalogue does not know in that region; add it under `services:`";
    ENDPOINT_SERVICE_TYPE = "ENDPOINT_SERVICE_TYPE", "IF-3",
        "the service does not offer this endpoint type (e.g. an interface endpoint for a gateway-only service)";
    PRIVATE_DNS_UNVERIFIED = "PRIVATE_DNS_UNVERIFIED", "ES-13",
        "an endpoint service's private DNS name is not verified, so consumers' private DNS does not serve it";
    GATEWAY_ENDPOINT_ROUTE_CONFLICT = "GATEWAY_ENDPOINT_ROUTE_CONFLICT", "GW-5",
        "a route table holds two gateway endpoint routes for one service; AWS allows one";
    INSTANCE_CONNECT_LIMIT = "INSTANCE_CONNECT_LIMIT", "EICE-3",
        "more than one EC2 Instance Connect endpoint in a VPC; AWS allows one per VPC";
    IP_RESERVED = "IP_RESERVED", "IF-1",
        "an address is one AWS reserves in its subnet (the first four and the last)";
    HOSTED_ZONE_NO_VPC = "HOSTED_ZONE_NO_VPC", "DNS-16",
        "a private hosted zone is associated with no VPC, so nobody resolves it";
    EXPECTATION_UNKNOWN_REASON = "EXPECTATION_UNKNOWN_REASON", "TRACE.md",
        "an expectation names a failure code that does not exist";
    TGW_TWO_SUBNETS_IN_ZONE = "TGW_TWO_SUBNETS_IN_ZONE", "TGW-12",
        "a transit gateway attachment lists two subnets in one AZ; AWS takes one per AZ";
    TGW_TWO_ASSOCIATIONS = "TGW_TWO_ASSOCIATIONS", "TGW-2",
        "a transit gateway attachment is associated with two route tables; AWS allows one";
    TGW_ZONE_WITHOUT_ATTACHMENT = "TGW_ZONE_WITHOUT_ATTACHMENT", "TGW-13",
        "a VPC attached to a transit gateway has instances in an AZ where the attachment has no subnet: they cannot reach the transit gateway";
    ZONE_ID_REPEATED = "ZONE_ID_REPEATED", "ES-11",
        "two AZ names of one account map to one AZ ID; each AZ name is a different physical AZ";
    ZONE_OTHER_REGION = "ZONE_OTHER_REGION", "ES-11",
        "a subnet is in an AZ of another region than its VPC's; a VPC and its subnets are in one region";
    CIDR_HOST_BITS = "CIDR_HOST_BITS", "NACL-4",
        "a subnet CIDR has host bits set (10.0.1.5/24); AWS canonicalises it (10.0.1.0/24), which is rarely what was meant";
    OVERLAPPING_VPCS = "OVERLAPPING_VPCS", "TGW-9",
        "two VPCs of the model share an address range: each reaches only its own copy, and traces to the other's addresses end at WRONG_DESTINATION";
    SITE_OVERLAPS_VPC = "SITE_OVERLAPS_VPC", "SITE-3",
        "a site's CIDR overlaps a VPC's: inside that VPC the local route wins (SITE-3), so its machines never reach the site's copy of the range, and a transit gateway routes the range to one of them (TGW-9)";
    VPC_CIDR_REPEATED = "VPC_CIDR_REPEATED", "RT-4",
        "a VPC lists one CIDR twice, or two CIDRs that overlap; AWS refuses the second";
    ENDPOINT_REGION_UNSUPPORTED = "ENDPOINT_REGION_UNSUPPORTED", "ES-17",
        "an endpoint is in another Region than its endpoint service, which does not list that Region in `supported_regions`; AWS refuses the endpoint";
    CROSS_REGION_ZONE_UNSUPPORTED = "CROSS_REGION_ZONE_UNSUPPORTED", "ES-16",
        "a cross-Region endpoint (or an AWS service endpoint in another Region) has a subnet in an AZ where cross-Region access is not offered; AWS refuses the subnet";
    CROSS_REGION_SERVICE_UNSUPPORTED = "CROSS_REGION_SERVICE_UNSUPPORTED", "IF-30",
        "an interface endpoint names an AWS service in another Region that does not offer cross-Region access; AWS refuses the endpoint";
    TARGET_ZONE_NO_HEALTHY = "TARGET_ZONE_NO_HEALTHY", "ES-22",
        "a target group with cross-zone load balancing off has no healthy target in an AZ of its load balancer while other AZs have some: connections through that AZ fail";
    ENDPOINT_IP_TYPE_SUBNET = "ENDPOINT_IP_TYPE_SUBNET", "IF-28",
        "a dual-stack endpoint has a subnet without an IPv6 CIDR; AWS requires dual-stack subnets for it";
    ENDPOINT_IP_TYPE_SERVICE = "ENDPOINT_IP_TYPE_SERVICE", "ES-18",
        "a dual-stack endpoint to an endpoint service that does not support IPv6; AWS refuses the IP address type";
    EGRESS_ONLY_IPV4_ROUTE = "EGRESS_ONLY_IPV4_ROUTE", "RT-20",
        "a route with an IPv4 destination or a prefix list targets an egress-only internet gateway, which carries IPv6 only; AWS refuses the route";
    RESOLVER_ENDPOINT_ONE_ZONE = "RESOLVER_ENDPOINT_ONE_ZONE", "RSLV-5",
        "a Route 53 Resolver endpoint has fewer than two addresses (AWS refuses it) or all of them in one Availability Zone (AWS recommends two AZs)";
    FORWARD_TARGET_UNREACHABLE = "FORWARD_TARGET_UNREACHABLE", "RSLV-10",
        "a Resolver forward rule's targets are covered by no route of its outbound endpoint's subnets, so its queries cannot leave (routes only; the trace checks the whole path)";
}

/// Error codes (the model cannot be interpreted), for documentation and tests.
pub const ERRORS: &[(&str, &str)] = &[
    ("YAML_SYNTAX", "the file is not valid YAML"),
    (
        "YAML_LIMIT",
        "the file exceeds a safety limit (depth, nodes, aliases)",
    ),
    (
        "UNKNOWN_FIELD",
        "a field the format does not have (a typo?)",
    ),
    ("MISSING_FIELD", "a required field is missing"),
    ("BAD_VALUE", "a value of the wrong type or shape"),
    ("DUPLICATE_KEY", "a key appears twice in one mapping"),
    (
        "UNSUPPORTED_VERSION",
        "`linkscope:` names a format version this build does not read",
    ),
    ("BAD_CIDR", "a malformed CIDR block"),
    ("BAD_IP", "a malformed IPv4 address"),
    ("BAD_ACCOUNT_ID", "an account id that is not 12 digits"),
    (
        "UNKNOWN_REFERENCE",
        "a reference to an id that does not exist (or is of the wrong kind)",
    ),
    ("DUPLICATE_ID", "two objects share one id"),
    (
        "SUBNET_OUTSIDE_VPC",
        "a subnet CIDR not inside any of its VPC's CIDRs",
    ),
    ("IP_OUTSIDE_SUBNET", "an address outside its subnet"),
    ("IP_COLLISION", "two interfaces with the same address"),
    (
        "SUBNET_FULL",
        "no free address left in a subnet for an interface without an explicit ip",
    ),
    (
        "UNKNOWN_ZONE",
        "an AZ name the account's zone mapping does not have",
    ),
    ("BAD_PROTOCOL", "a protocol other than tcp, udp, icmp, all"),
    (
        "BAD_PORTS",
        "a port range that is not `N` or `A-B` with A <= B",
    ),
    (
        "BAD_ENUM",
        "a value outside the allowed set (types, actions, states)",
    ),
    ("TWO_MAIN_TABLES", "more than one main route table in a VPC"),
    (
        "TWO_DEFAULTS",
        "more than one default network ACL or security group in a VPC",
    ),
    ("BAD_POLICY", "a policy document that cannot be parsed"),
    (
        "DUPLICATE_RULE_NUMBER",
        "two network ACL rules with one number in one direction",
    ),
    (
        "POLICY_FILE_UNREADABLE",
        "a policy file that cannot be read",
    ),
    (
        "WRONG_ENDPOINT_FIELD",
        "a field that does not apply to this endpoint type",
    ),
    (
        "NOT_MODELLED",
        "an AWS object linkscope does not model yet: Gateway Load Balancer endpoints, IPv6-only endpoints, resource configurations of type group, child or ARN (ES-25, ES-28)",
    ),
    ("FILE_UNREADABLE", "the file cannot be read"),
    ("NOT_A_FILE", "a directory was given where a file is needed"),
    ("FILE_TOO_LARGE", "the file exceeds the size limit"),
    ("INVALID_UTF8", "the file is not UTF-8"),
    ("EMPTY_FILE", "the file is empty"),
    ("TAB_INDENT", "a tab used for indentation"),
    (
        "TOO_MANY_ERRORS",
        "more errors than are listed per file; the rest are counted",
    ),
];
