//! Raw serde types mirroring the model file (MODEL.md) one to one.
//!
//! Every struct denies unknown fields, so a typo is an error that names the field and suggests
//! the closest known one. Ids and references are [`Spanned`] so validation can point at the
//! exact line and column. Nothing here is interpreted: that is [`super::validate`]'s job.

use serde::Deserialize;
use serde::de::{self, Visitor};
use std::collections::BTreeMap;
use std::fmt;

use serde_saphyr::Spanned;

/// A value with the line and column where it was written. Deserialised through serde-saphyr's
/// `Spanned` but kept compact (8 bytes of position instead of two full locations): a model of
/// 10,000 subnets holds hundreds of thousands of these while it is validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: u32,
    pub column: u32,
}

impl<T> Located<T> {
    pub fn new(value: T, line: u32, column: u32) -> Self {
        Located {
            value,
            line,
            column,
        }
    }

    /// The same position with another value.
    pub fn with<U>(&self, value: U) -> Located<U> {
        Located::new(value, self.line, self.column)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<T>::deserialize(d)?;
        let l = s.referenced;
        Ok(Located::new(
            s.value,
            u32::try_from(l.line()).unwrap_or(u32::MAX),
            u32::try_from(l.column()).unwrap_or(u32::MAX),
        ))
    }
}

/// A scalar written as a string, a number or a boolean, kept as text
/// (account ids written without quotes, `ports: 443` and `ports: 1024-65535`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A list without the spare capacity its growth left (up to half of it): the raw model of a
/// large file holds thousands of lists while it is validated, and peak memory is raw + model.
fn compact<'de, D: de::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let mut v = Vec::<T>::deserialize(d)?;
    v.shrink_to_fit();
    Ok(v)
}

/// [`compact`] for an optional list.
fn compact_opt<'de, D: de::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    let mut v = Option::<Vec<T>>::deserialize(d)?;
    if let Some(v) = &mut v {
        v.shrink_to_fit();
    }
    Ok(v)
}

pub type S<T> = Located<T>;
pub type Str = Located<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    pub linkscope: S<Scalar>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub region: Option<Str>,
    #[serde(default)]
    pub organization: Option<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub accounts: Vec<RawAccount>,
    #[serde(default, deserialize_with = "compact")]
    pub vpcs: Vec<RawVpc>,
    #[serde(default, deserialize_with = "compact")]
    pub endpoint_services: Vec<RawEndpointService>,
    #[serde(default)]
    pub resource_gateways: Vec<RawResourceGateway>,
    #[serde(default)]
    pub resource_configurations: Vec<RawResourceConfiguration>,
    /// VPC Lattice service networks (ES-33..ES-39).
    #[serde(default)]
    pub service_networks: Vec<RawServiceNetwork>,
    #[serde(default, deserialize_with = "compact")]
    pub hosted_zones: Vec<RawHostedZone>,
    #[serde(default, deserialize_with = "compact")]
    pub buckets: Vec<RawBucket>,
    #[serde(default, deserialize_with = "compact")]
    pub services: Vec<RawService>,
    #[serde(default, deserialize_with = "compact")]
    pub prefix_lists: Vec<RawPrefixList>,
    #[serde(default, deserialize_with = "compact")]
    pub transit_gateways: Vec<RawTransitGateway>,
    #[serde(default, deserialize_with = "compact")]
    pub networks: Vec<RawNetwork>,
    #[serde(default, deserialize_with = "compact")]
    pub resolver_endpoints: Vec<RawResolverEndpoint>,
    #[serde(default, deserialize_with = "compact")]
    pub resolver_rules: Vec<RawResolverRule>,
    #[serde(default, deserialize_with = "compact")]
    pub expectations: Vec<RawExpectation>,
}

/// A site: a data centre or office reached over VPN or Direct Connect (MODEL.md, networks).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "compact")]
    pub cidrs: Vec<Str>,
    #[serde(default)]
    pub internet: Option<S<bool>>,
    #[serde(default, deserialize_with = "compact")]
    pub hosts: Vec<RawHost>,
    /// Prefixes the site sends to its AWS connections when they are static.
    #[serde(default, deserialize_with = "compact_opt")]
    pub routes: Option<Vec<Str>>,
    /// What the site's hosts use to resolve names; absent: public DNS.
    #[serde(default)]
    pub dns: Option<RawSiteDns>,
}

/// A site's DNS server, its conditional forwarders and its own zones (MODEL.md, networks).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteDns {
    pub server: Str,
    #[serde(default)]
    pub forward: Vec<RawSiteForward>,
    #[serde(default)]
    pub zones: Vec<RawSiteZone>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteForward {
    pub domain: Str,
    pub to: Vec<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteZone {
    pub name: Str,
    #[serde(default)]
    pub records: Vec<RawSiteRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteRecord {
    pub name: Str,
    #[serde(rename = "type", default)]
    pub kind: Option<Str>,
    pub values: Vec<Str>,
}

/// A Route 53 Resolver endpoint (MODEL.md, resolver_endpoints; rule book RSLV-1…6).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResolverEndpoint {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub direction: Str,
    pub vpc: Str,
    #[serde(default)]
    pub subnets: Vec<Str>,
    /// Subnet id -> one address or a list of addresses.
    #[serde(default)]
    pub ips: Option<BTreeMap<String, S<RawIps>>>,
    #[serde(default)]
    pub security_groups: Vec<Str>,
}

/// One address or a list of them (located as a whole: untagged enums lose inner positions).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RawIps {
    One(String),
    Many(Vec<String>),
}

/// A Route 53 Resolver rule (MODEL.md, resolver_rules; rule book RSLV-7…13).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResolverRule {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub domain: Str,
    #[serde(rename = "type")]
    pub kind: Str,
    #[serde(default)]
    pub endpoint: Option<Str>,
    #[serde(default)]
    pub targets: Vec<Str>,
    #[serde(default)]
    pub vpcs: Vec<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHost {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub ip: Str,
}

/// A transit gateway (MODEL.md, hub and spoke).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTransitGateway {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub account: S<Scalar>,
    #[serde(default)]
    pub region: Option<Str>,
    #[serde(default)]
    pub default_association_table: Option<Str>,
    #[serde(default)]
    pub default_propagation_table: Option<Str>,
    #[serde(default)]
    pub security_group_referencing: Option<S<bool>>,
    #[serde(default, deserialize_with = "compact")]
    pub attachments: Vec<RawTgwAttachment>,
    /// None: one default table, every attachment associated and propagated.
    #[serde(default)]
    pub route_tables: Option<Vec<RawTgwRouteTable>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTgwAttachment {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub vpc: Option<Str>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub subnets: Option<Vec<Str>>,
    /// Optional per-subnet interface addresses.
    #[serde(default)]
    pub ips: Option<BTreeMap<String, Str>>,
    #[serde(default)]
    pub appliance_mode: Option<S<bool>>,
    /// `available` (default), `pendingAcceptance`, `rejected`, `deleted`, ...
    #[serde(default)]
    pub state: Option<Str>,
    /// A site in `networks` (VPN or Direct Connect attachments).
    #[serde(default)]
    pub network: Option<Str>,
    /// vpn | direct-connect
    #[serde(default)]
    pub kind: Option<Str>,
    /// bgp | static
    #[serde(default)]
    pub routing: Option<Str>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub allowed_prefixes: Option<Vec<Str>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTgwRouteTable {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub associations: Option<Vec<Str>>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub propagations: Option<Vec<Str>>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub routes: Option<Vec<RawTgwRoute>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTgwRoute {
    pub to: Str,
    #[serde(default)]
    pub via: Option<Str>,
    #[serde(default)]
    pub blackhole: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccount {
    pub id: S<Scalar>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub zones: Option<BTreeMap<String, Str>>,
    /// The account's AWS Organizations entity path (`o-…/r-…/ou-…/`), for
    /// `aws:VpceOrgPaths` (POL-28).
    #[serde(default)]
    pub org_path: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVpc {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub account: S<Scalar>,
    #[serde(default)]
    pub region: Option<Str>,
    pub cidrs: Vec<Str>,
    /// The VPC's IPv6 block, a /56 (`Ipv6CidrBlockAssociationSet`, RT-19).
    #[serde(default)]
    pub ipv6_cidr: Option<Str>,
    #[serde(default)]
    pub dns_support: Option<S<bool>>,
    #[serde(default)]
    pub dns_hostnames: Option<S<bool>>,
    /// DHCP options `domain-name-servers`: `AmazonProvidedDNS` (default) or IPv4 addresses.
    #[serde(default)]
    pub dns_servers: Option<Vec<Str>>,
    #[serde(default, deserialize_with = "compact")]
    pub subnets: Vec<RawSubnet>,
    #[serde(default, deserialize_with = "compact")]
    pub route_tables: Vec<RawRouteTable>,
    #[serde(default, deserialize_with = "compact")]
    pub network_acls: Vec<RawNetworkAcl>,
    #[serde(default, deserialize_with = "compact")]
    pub security_groups: Vec<RawSecurityGroup>,
    #[serde(default, deserialize_with = "compact")]
    pub gateways: Vec<RawGateway>,
    #[serde(default, deserialize_with = "compact")]
    pub peerings: Vec<RawPeering>,
    #[serde(default, deserialize_with = "compact")]
    pub instances: Vec<RawInstance>,
    #[serde(default, deserialize_with = "compact")]
    pub endpoints: Vec<RawEndpoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubnet {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub zone: Str,
    pub cidr: Str,
    #[serde(default)]
    pub route_table: Option<Str>,
    #[serde(default)]
    pub network_acl: Option<Str>,
    /// The subnet's IPv6 block (a /64), for dual-stack endpoints (IF-28).
    #[serde(default)]
    pub ipv6_cidr: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouteTable {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub main: Option<S<bool>>,
    #[serde(default, deserialize_with = "compact")]
    pub routes: Vec<RawRoute>,
    /// Virtual private gateways whose BGP routes propagate into the table (SITE-2).
    #[serde(default, deserialize_with = "compact")]
    pub propagating: Vec<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub to: Str,
    pub via: Str,
    /// `active` (default) or `blackhole` (the target is gone, RT-8).
    #[serde(default)]
    pub state: Option<Str>,
    /// `static` (default) or `propagated` (learned from a VPN/Direct Connect gateway, RT-12).
    #[serde(default)]
    pub origin: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetworkAcl {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub default: Option<S<bool>>,
    #[serde(default, deserialize_with = "compact")]
    pub inbound: Vec<RawAclRule>,
    #[serde(default, deserialize_with = "compact")]
    pub outbound: Vec<RawAclRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAclRule {
    pub rule: S<u32>,
    pub protocol: S<Scalar>,
    #[serde(default)]
    pub ports: Option<S<Scalar>>,
    pub cidr: Str,
    pub action: Str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecurityGroup {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    /// Marks the VPC's default security group (inbound: all from itself).
    #[serde(default)]
    pub default: Option<S<bool>>,
    #[serde(default, deserialize_with = "compact")]
    pub inbound: Vec<RawSgRule>,
    /// Omitted: AWS's default for a new group (all outbound). Empty: no outbound rule at all.
    #[serde(default, deserialize_with = "compact_opt")]
    pub outbound: Option<Vec<RawSgRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSgRule {
    pub protocol: S<Scalar>,
    #[serde(default)]
    pub ports: Option<S<Scalar>>,
    #[serde(default)]
    pub from: Option<Str>,
    #[serde(default)]
    pub to: Option<Str>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGateway {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Str,
    #[serde(default)]
    pub subnet: Option<Str>,
    /// A NAT gateway's private address (default: the subnet's first free address).
    #[serde(default)]
    pub ip: Option<Str>,
    /// A public NAT gateway's Elastic IP.
    #[serde(default)]
    pub public_ip: Option<Str>,
    /// A virtual private gateway's connections to sites (MODEL.md, networks).
    #[serde(default, deserialize_with = "compact")]
    pub connections: Vec<RawVgwConnection>,
}

/// One VPN or Direct Connect connection of a virtual private gateway to a site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVgwConnection {
    pub network: Str,
    /// vpn (default) | direct-connect
    #[serde(default)]
    pub kind: Option<Str>,
    /// bgp (default) | static
    #[serde(default)]
    pub routing: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeering {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub peer_vpc: Str,
    /// `active` (default), `pending-acceptance`, `rejected`, `deleted`, ...
    #[serde(default)]
    pub state: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstance {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub subnet: Str,
    #[serde(default)]
    pub ip: Option<Str>,
    /// An IPv6 address from the subnet's `ipv6_cidr` (RT-19).
    #[serde(default)]
    pub ipv6: Option<Str>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub security_groups: Option<Vec<Str>>,
    #[serde(default)]
    pub public_ip: Option<Str>,
    #[serde(default)]
    pub role: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Str,
    #[serde(default)]
    pub service: Option<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub route_tables: Vec<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub subnets: Vec<Str>,
    #[serde(default)]
    pub ips: BTreeMap<String, Str>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub security_groups: Option<Vec<Str>>,
    #[serde(default)]
    pub private_dns: Option<S<bool>>,
    #[serde(default)]
    pub private_dns_only_for_inbound_resolver: Option<S<bool>>,
    #[serde(default)]
    pub policy: Option<S<serde_json::Value>>,
    #[serde(default)]
    pub state: Option<Str>,
    /// The random part of an interface endpoint's DNS names (AWS's, kept by imports).
    #[serde(default)]
    pub dns_suffix: Option<Str>,
    #[serde(default)]
    pub subnet: Option<Str>,
    #[serde(default)]
    pub ip: Option<Str>,
    #[serde(default)]
    pub preserve_client_ip: Option<S<bool>>,
    /// Cross-Region PrivateLink: the Region of the endpoint service (AWS's `ServiceRegion`,
    /// IF-30, ES-15); absent: the service's own Region.
    #[serde(default)]
    pub service_region: Option<Str>,
    /// `ipv4` (default) or `dualstack` (AWS's `IpAddressType`, IF-28).
    #[serde(default)]
    pub ip_address_type: Option<Str>,
    /// `ipv4`, `dualstack`, `ipv6` or `service-defined` (AWS's `DnsRecordIpType`, IF-28).
    #[serde(default)]
    pub dns_record_ip_type: Option<Str>,
    /// Resource endpoints: the resource configuration (AWS's `ResourceConfigurationArn`, RES-1).
    #[serde(default)]
    pub resource_configuration: Option<Str>,
    /// Service-network endpoints: the service network (AWS's `ServiceNetworkArn`, ES-33).
    #[serde(default)]
    pub service_network: Option<Str>,
}

/// A VPC Lattice resource gateway (RES-2).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResourceGateway {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub vpc: Str,
    #[serde(default, deserialize_with = "compact")]
    pub subnets: Vec<Str>,
    #[serde(default)]
    pub ips: BTreeMap<String, Str>,
    #[serde(default, deserialize_with = "compact_opt")]
    pub security_groups: Option<Vec<Str>>,
}

/// A VPC Lattice resource configuration (RES-3).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResourceConfiguration {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    /// `single` (default); `group`, `child` and `arn` are not modelled.
    #[serde(default, rename = "type")]
    pub kind: Option<Str>,
    pub resource_gateway: Str,
    #[serde(default)]
    pub ip: Option<Str>,
    #[serde(default)]
    pub domain: Option<Str>,
    /// `"443"`, `"1-65535"`, `"1,2,22-30"` (AWS's `portRanges`).
    #[serde(default)]
    pub port_ranges: Option<S<Scalar>>,
    #[serde(default, deserialize_with = "compact")]
    pub shared_with: Vec<Str>,
    /// AWS's `allowAssociationToShareableServiceNetwork` (default false, ES-35).
    #[serde(default)]
    pub allow_association_to_shareable_service_network: Option<S<bool>>,
}

/// A VPC Lattice service network (ES-33..ES-39).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServiceNetwork {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    /// The owner account.
    pub account: S<Scalar>,
    /// `NONE` (default) or `AWS_IAM` (ES-36).
    #[serde(default)]
    pub auth_type: Option<Str>,
    /// The auth policy (inline JSON/YAML or a file path), for `AWS_IAM` (ES-36).
    #[serde(default)]
    pub auth_policy: Option<S<serde_json::Value>>,
    /// AWS's `sharingConfig.enabled`: a shareable service network (ES-35).
    #[serde(default)]
    pub sharing: Option<S<bool>>,
    /// Accounts it is shared with through AWS RAM (accepted shares, ES-33).
    #[serde(default, deserialize_with = "compact")]
    pub shared_with: Vec<Str>,
    /// The resource configurations associated with it (ES-34).
    #[serde(default, deserialize_with = "compact")]
    pub resource_configurations: Vec<Str>,
    /// VPC Lattice services associated with it: recorded, not traced (ES-36).
    #[serde(default, deserialize_with = "compact")]
    pub services: Vec<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpointService {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    pub account: S<Scalar>,
    #[serde(default)]
    pub region: Option<Str>,
    pub load_balancer: RawLoadBalancer,
    #[serde(default)]
    pub acceptance_required: Option<S<bool>>,
    #[serde(default, deserialize_with = "compact")]
    pub allowed_principals: Vec<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub accepted: Vec<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub rejected: Vec<Str>,
    #[serde(default)]
    pub private_dns_name: Option<Str>,
    #[serde(default)]
    pub private_dns_verified: Option<S<bool>>,
    /// Cross-Region PrivateLink (ES-15): the Regions besides its own from which consumers may
    /// connect (AWS's `SupportedRegions`).
    #[serde(default, deserialize_with = "compact")]
    pub supported_regions: Vec<Str>,
    /// `ipv4` and/or `ipv6` (AWS's `SupportedIpAddressTypes`, ES-18); default `[ipv4]`.
    #[serde(default, deserialize_with = "compact")]
    pub supported_ip_address_types: Vec<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoadBalancer {
    #[serde(rename = "type", default)]
    pub kind: Option<Str>,
    #[serde(default)]
    pub name: Option<String>,
    pub vpc: Str,
    pub subnets: Vec<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub listeners: Vec<RawListener>,
    #[serde(default, deserialize_with = "compact")]
    pub security_groups: Vec<Str>,
    #[serde(default)]
    pub cross_zone: Option<S<bool>>,
    /// `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic` (ES-4), default on.
    #[serde(default)]
    pub enforce_security_groups_on_privatelink: Option<S<bool>>,
    /// The load balancer's target groups and their targets (ES-20..ES-23).
    #[serde(default, deserialize_with = "compact")]
    pub target_groups: Vec<RawTargetGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawListener {
    pub protocol: Str,
    pub port: S<u16>,
    /// The target group the listener forwards to (AWS's default action).
    #[serde(default)]
    pub target_group: Option<Str>,
}

/// An NLB target group (AWS's `TargetGroup` and its attributes).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargetGroup {
    pub id: Str,
    #[serde(default)]
    pub port: Option<S<u16>>,
    /// `load_balancing.cross_zone.enabled`; absent: the load balancer's setting (ES-21).
    #[serde(default)]
    pub cross_zone: Option<S<bool>>,
    /// `proxy_protocol_v2.enabled` (ES-23), default off.
    #[serde(default)]
    pub proxy_protocol_v2: Option<S<bool>>,
    #[serde(default, deserialize_with = "compact")]
    pub targets: Vec<RawTarget>,
}

/// A registered target: an instance id (or name) or an IPv4 address (AWS's `Id`), and its health.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub id: Str,
    /// `healthy` (default), `unhealthy`, `initial`, `draining`, `unused`, `unavailable`.
    #[serde(default)]
    pub health: Option<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHostedZone {
    pub id: Str,
    pub name: Str,
    #[serde(default, deserialize_with = "compact")]
    pub vpcs: Vec<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub records: Vec<RawRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecord {
    pub name: Str,
    #[serde(rename = "type")]
    pub kind: Str,
    pub values: Vec<Str>,
    #[serde(default)]
    pub ttl: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBucket {
    pub name: Str,
    #[serde(default)]
    pub region: Option<Str>,
    #[serde(default)]
    pub account: Option<S<Scalar>>,
    #[serde(default)]
    pub policy: Option<S<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub name: Str,
    #[serde(default)]
    pub dns: Option<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub types: Vec<Str>,
    #[serde(default)]
    pub policy_supported: Option<bool>,
    #[serde(default, deserialize_with = "compact")]
    pub private_dns_names: Vec<String>,
    #[serde(default, deserialize_with = "compact")]
    pub cidrs: Vec<Str>,
    #[serde(default)]
    pub prefix_list: Option<Str>,
    #[serde(default, deserialize_with = "compact")]
    pub missing_zone_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrefixList {
    pub id: Str,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub region: Option<Str>,
    pub cidrs: Vec<Str>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpectation {
    #[serde(default)]
    pub name: Option<String>,
    pub from: Str,
    pub to: Str,
    pub expect: Str,
    #[serde(default)]
    pub via: Option<Str>,
    #[serde(default)]
    pub reason: Option<Str>,
    #[serde(default)]
    pub port: Option<S<u16>>,
    #[serde(default)]
    pub protocol: Option<Str>,
    #[serde(default)]
    pub action: Option<Str>,
    #[serde(default)]
    pub resource: Option<Str>,
    #[serde(default)]
    pub principal: Option<Str>,
}
