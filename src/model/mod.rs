//! The model: what the user's world looks like, validated and indexed.
//!
//! YAML text -> [`raw`] serde types -> [`validate`] -> [`Model`]. A `Model` is immutable once
//! built: every reference is resolved to an index, every default is applied (AWS's own
//! defaults, MODEL.md), and lookups by id, by address and by name are O(1) or O(log n).
//! Problems are [`Diagnostic`]s: errors stop the load, warnings ride along in
//! [`Model::warnings`].

pub mod checks;
pub mod load;
pub mod raw;
pub mod schema;
pub mod validate;
pub mod warnings;

use ipnet::Ipv4Net;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::net::Ipv4Addr;
use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::diag::{Diagnostic, Pos};
use crate::policy::PolicyDocument;

pub use load::{LoadError, Source, load_file, load_str};

/// Index types: positions in the model's object vectors.
pub type Ix = usize;

/// A loaded, validated, indexed model.
#[derive(Debug, Clone)]
pub struct Model {
    pub source: Source,
    pub name: String,
    pub description: String,
    pub region: String,
    pub organization: Option<String>,
    pub accounts: Vec<Account>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub network_acls: Vec<NetworkAcl>,
    pub security_groups: Vec<SecurityGroup>,
    pub gateways: Vec<Gateway>,
    pub peerings: Vec<Peering>,
    pub instances: Vec<Instance>,
    pub endpoints: Vec<Endpoint>,
    pub endpoint_services: Vec<EndpointService>,
    /// VPC Lattice resource gateways (RES-2); `#[serde(default)]`-style: empty when absent.
    pub resource_gateways: Vec<ResourceGateway>,
    /// VPC Lattice resource configurations of type SINGLE (RES-1, RES-3).
    pub resource_configurations: Vec<ResourceConfiguration>,
    /// VPC Lattice service networks (ES-33..ES-39).
    pub service_networks: Vec<ServiceNetwork>,
    pub hosted_zones: Vec<HostedZone>,
    pub buckets: Vec<Bucket>,
    pub transit_gateways: Vec<TransitGateway>,
    pub tgw_attachments: Vec<TgwAttachment>,
    pub tgw_route_tables: Vec<TgwRouteTable>,
    pub networks: Vec<Network>,
    pub hosts: Vec<Host>,
    pub resolver_endpoints: Vec<ResolverEndpoint>,
    pub resolver_rules: Vec<ResolverRule>,
    /// The built-in catalogue with the model's `services:` and `prefix_lists:` applied.
    pub catalogue: Catalogue,
    pub expectations: Vec<Expectation>,
    pub warnings: Vec<Diagnostic>,
    pub(crate) index: Index,
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "kebab-case")]
pub enum ObjectRef {
    Account(Ix),
    Vpc(Ix),
    Subnet(Ix),
    RouteTable(Ix),
    NetworkAcl(Ix),
    SecurityGroup(Ix),
    Gateway(Ix),
    Peering(Ix),
    Instance(Ix),
    Endpoint(Ix),
    EndpointService(Ix),
    HostedZone(Ix),
    Bucket(Ix),
    PrefixList,
    TransitGateway(Ix),
    TgwAttachment(Ix),
    TgwRouteTable(Ix),
    Network(Ix),
    Host(Ix),
    /// A resource gateway of `resource_gateways` (RES-2). Not in the id index: the explorer
    /// names it (its finder and details); `Model::resource_object` finds it by id.
    ResourceGateway(Ix),
    /// A resource configuration of `resource_configurations` (RES-3); a trace destination
    /// (`--to rcfg-…`). Not in the id index, like `ResourceGateway`.
    ResourceConfiguration(Ix),
    /// A service network of `service_networks` (ES-33). Not in the id index.
    ServiceNetwork(Ix),
}

impl ObjectRef {
    /// A short word for the kind of object, for messages ("subnet", "security group").
    pub fn kind_name(&self) -> &'static str {
        match self {
            ObjectRef::Account(_) => "account",
            ObjectRef::Vpc(_) => "VPC",
            ObjectRef::Subnet(_) => "subnet",
            ObjectRef::RouteTable(_) => "route table",
            ObjectRef::NetworkAcl(_) => "network ACL",
            ObjectRef::SecurityGroup(_) => "security group",
            ObjectRef::Gateway(_) => "gateway",
            ObjectRef::Peering(_) => "peering connection",
            ObjectRef::Instance(_) => "instance",
            ObjectRef::Endpoint(_) => "VPC endpoint",
            ObjectRef::EndpointService(_) => "endpoint service",
            ObjectRef::HostedZone(_) => "hosted zone",
            ObjectRef::Bucket(_) => "bucket",
            ObjectRef::PrefixList => "prefix list",
            ObjectRef::TransitGateway(_) => "transit gateway",
            ObjectRef::TgwAttachment(_) => "transit gateway attachment",
            ObjectRef::TgwRouteTable(_) => "transit gateway route table",
            ObjectRef::Network(_) => "site",
            ObjectRef::Host(_) => "site host",
            ObjectRef::ResourceGateway(_) => "resource gateway",
            ObjectRef::ResourceConfiguration(_) => "resource configuration",
            ObjectRef::ServiceNetwork(_) => "service network",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Every id (and bucket name) -> object.
    pub ids: HashMap<String, ObjectRef>,
    /// Names -> objects carrying them (names need not be unique).
    pub names: HashMap<String, Named>,
    /// Per VPC: its subnets as (first, last, subnet) sorted by first address.
    pub subnets_by_addr: Vec<Vec<(u32, u32, Ix)>>,
    /// (VPC, private address) -> the interface that holds it.
    pub addrs: HashMap<(Ix, Ipv4Addr), Holder>,
    /// Derived by [`Model::build_derived_indexes`]: per VPC, the private hosted zones
    /// associated with it (DNS-7).
    pub zones_by_vpc: Vec<Vec<Ix>>,
    /// Derived: endpoint services by DNS name (their `dns_name` and `private_dns_name`,
    /// lowercase; wildcard private names keep their `*.`).
    pub service_dns: HashMap<String, Ix>,
    /// Derived: VPC CIDRs bucketed by the /16 they fall in (`addr >> 16`); CIDRs wider than
    /// a /8 go to `wide_vpc_cidrs`.
    pub vpc_cidrs_by_16: HashMap<u32, Vec<(Ipv4Net, Ix)>>,
    pub wide_vpc_cidrs: Vec<(Ipv4Net, Ix)>,
}

/// The objects carrying one name: almost always one, so that one is kept inline (a large
/// model has tens of thousands of names; a vector each would be one more allocation each).
#[derive(Debug, Clone)]
pub(crate) enum Named {
    One(ObjectRef),
    Many(Vec<ObjectRef>),
}

impl Named {
    pub fn push(&mut self, r: ObjectRef) {
        match self {
            Named::One(first) => *self = Named::Many(vec![*first, r]),
            Named::Many(v) => v.push(r),
        }
    }

    pub fn as_slice(&self) -> &[ObjectRef] {
        match self {
            Named::One(r) => std::slice::from_ref(r),
            Named::Many(v) => v,
        }
    }
}

/// What holds a private address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "kebab-case")]
pub enum Holder {
    Instance(Ix),
    /// Endpoint index and ENI index within it.
    EndpointEni(Ix, usize),
    NatGateway(Ix),
    /// A load balancer node of an endpoint service, in that subnet.
    LoadBalancer(Ix, Ix),
    /// A transit gateway attachment's interface (attachment, interface index).
    TgwAttachment(Ix, usize),
    /// A Route 53 Resolver endpoint's interface (endpoint, address index).
    ResolverEndpoint(Ix, usize),
}

#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// AZ name -> AZ ID for this account.
    pub zones: BTreeMap<String, String>,
    /// True when `zones` was written in the file, false when derived by AWS's default order.
    pub zones_explicit: bool,
    /// Its AWS Organizations entity path, ending in `/` (POL-28), when the model gives it.
    pub org_path: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Vpc {
    pub id: String,
    pub name: String,
    pub account: Ix,
    pub region: String,
    pub cidrs: Vec<Ipv4Net>,
    /// Its IPv6 block (AWS gives a VPC a /56); its local route carries IPv6 inside the VPC (RT-19).
    pub ipv6_cidr: Option<ipnet::Ipv6Net>,
    pub dns_support: bool,
    pub dns_hostnames: bool,
    /// DHCP options' DNS servers; empty: the Amazon-provided resolver (RSLV-16).
    pub dns_servers: Vec<Ipv4Addr>,
    pub subnets: Vec<Ix>,
    pub route_tables: Vec<Ix>,
    pub main_route_table: Ix,
    pub network_acls: Vec<Ix>,
    pub default_network_acl: Ix,
    pub security_groups: Vec<Ix>,
    pub default_security_group: Ix,
    pub gateways: Vec<Ix>,
    pub peerings: Vec<Ix>,
    pub instances: Vec<Ix>,
    pub endpoints: Vec<Ix>,
    /// AZ names used by this VPC's subnets, in order (AZ name order).
    pub zones: Vec<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Subnet {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub zone: String,
    pub zone_id: String,
    pub cidr: Ipv4Net,
    /// Its IPv6 block, when it has one (dual-stack subnets, IF-28).
    pub ipv6_cidr: Option<ipnet::Ipv6Net>,
    pub route_table: Ix,
    /// False when the subnet uses the main table implicitly.
    pub route_table_explicit: bool,
    pub network_acl: Ix,
    pub network_acl_explicit: bool,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteTable {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub main: bool,
    /// True for the implicit main table of a VPC that declared none.
    pub implicit: bool,
    /// Routes in file order; the `local` routes first; gateway-endpoint routes added for
    /// the tables the endpoints name (GW-3).
    pub routes: Vec<Route>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub destination: RouteDest,
    pub target: RouteTarget,
    pub origin: RouteOrigin,
    pub blackhole: bool,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum RouteDest {
    Cidr(Ipv4Net),
    /// An IPv6 destination (`DestinationIpv6CidrBlock`); it never carries IPv4 traffic (RT-19).
    Cidr6(ipnet::Ipv6Net),
    /// A prefix list by id (resolved in the catalogue).
    PrefixList(String),
}

impl RouteDest {
    pub fn label(&self) -> String {
        match self {
            RouteDest::Cidr(c) => c.to_string(),
            RouteDest::Cidr6(c) => c.to_string(),
            RouteDest::PrefixList(p) => p.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "kebab-case")]
pub enum RouteTarget {
    Local,
    Gateway(Ix),
    Endpoint(Ix),
    Peering(Ix),
    Instance(Ix),
    /// A transit gateway of `transit_gateways` (TGW-1).
    TransitGateway(Ix),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RouteOrigin {
    /// The local route of a VPC CIDR.
    Local,
    /// Written in the file (CreateRoute).
    Static,
    /// Added by a gateway endpoint's route table association (GW-3).
    GatewayEndpoint,
    /// Learned from a virtual private gateway (RT-12).
    Propagated,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkAcl {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub default: bool,
    pub implicit: bool,
    /// Sorted by rule number.
    pub inbound: Vec<AclRule>,
    pub outbound: Vec<AclRule>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AclRule {
    pub rule: u32,
    pub protocol: Protocol,
    pub ports: PortRange,
    /// `CidrBlock` or `Ipv6CidrBlock`: a rule matches only packets of its family (NACL-4).
    pub cidr: ipnet::IpNet,
    pub allow: bool,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    All,
}

impl Protocol {
    pub fn as_str(&self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::All => "all",
        }
    }
    /// Does a rule for `self` cover traffic of protocol `p`?
    pub fn covers(&self, p: Protocol) -> bool {
        *self == Protocol::All || *self == p
    }
}

/// Inclusive port range; `0-65535` means all ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };
    pub fn single(p: u16) -> Self {
        PortRange { from: p, to: p }
    }
    pub fn contains(&self, p: u16) -> bool {
        self.from <= p && p <= self.to
    }
    pub fn is_all(&self) -> bool {
        *self == Self::ALL
    }
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_all() {
            write!(f, "all")
        } else if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub default: bool,
    pub implicit: bool,
    pub inbound: Vec<SgRule>,
    pub outbound: Vec<SgRule>,
    /// True when `outbound` was omitted and AWS's allow-all default applies (D-5).
    pub outbound_defaulted: bool,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SgRule {
    pub protocol: Protocol,
    pub ports: PortRange,
    pub peer: SgPeer,
    pub description: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum SgPeer {
    Cidr(Ipv4Net),
    /// `CidrIpv6`: matches IPv6 peers only; `::/0` admits no IPv4 address (SG-4).
    Cidr6(ipnet::Ipv6Net),
    Group(Ix),
    PrefixList(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GatewayKind {
    Internet,
    Nat,
    Transit,
    Vpn,
    /// An egress-only internet gateway: IPv6 out, and replies back, only (RT-20).
    EgressOnly,
}

impl GatewayKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            GatewayKind::Internet => "internet",
            GatewayKind::Nat => "nat",
            GatewayKind::Transit => "transit",
            GatewayKind::Vpn => "vpn",
            GatewayKind::EgressOnly => "egress-only",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Gateway {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub kind: GatewayKind,
    /// NAT gateways live in a subnet.
    pub subnet: Option<Ix>,
    pub ip: Option<Ipv4Addr>,
    pub public_ip: Option<Ipv4Addr>,
    /// A virtual private gateway's connections to sites (SITE-1).
    pub connections: Vec<VgwConnection>,
    pub pos: Pos,
}

/// One connection of a virtual private gateway to a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VgwConnection {
    pub network: Ix,
    /// Vpn or DirectConnect.
    pub kind: AttachmentKind,
    pub bgp: bool,
}

/// A site: a data centre or office, reached over VPN or Direct Connect (rule book §17).
#[derive(Debug, Clone, Serialize)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub cidrs: Vec<Ipv4Net>,
    pub internet: bool,
    pub hosts: Vec<Ix>,
    /// Where the site sends over static connections (its own routes).
    pub routes: Vec<Ipv4Net>,
    /// Its attachments to transit gateways.
    pub attachments: Vec<Ix>,
    /// What its hosts resolve names with; None: public DNS.
    pub dns: Option<SiteDns>,
    pub pos: Pos,
}

/// A site's DNS server: conditional forwarders (most specific domain wins) and its own zones.
#[derive(Debug, Clone, Serialize)]
pub struct SiteDns {
    /// The host that serves DNS.
    pub server: Ix,
    /// (domain, target addresses), lower case without the trailing dot.
    pub forward: Vec<(String, Vec<Ipv4Addr>)>,
    /// Zones the server answers itself.
    pub zones: Vec<SiteZone>,
}

/// A zone a site's DNS server answers itself: its name and A records (name, addresses).
pub type SiteZone = (String, Vec<(String, Vec<Ipv4Addr>)>);

/// Which way a Resolver endpoint carries queries (RSLV-1, RSLV-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResolverDirection {
    Inbound,
    Outbound,
}

/// A Route 53 Resolver endpoint: network interfaces in a VPC's subnets (RSLV-1…6).
#[derive(Debug, Clone, Serialize)]
pub struct ResolverEndpoint {
    pub id: String,
    pub name: String,
    pub direction: ResolverDirection,
    pub vpc: Ix,
    pub subnets: Vec<Ix>,
    /// Its addresses, each with its subnet.
    pub ips: Vec<(Ix, Ipv4Addr)>,
    pub security_groups: Vec<Ix>,
    pub pos: Pos,
}

/// What a Resolver rule does with matching names (RSLV-7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResolverRuleKind {
    Forward,
    System,
    Delegate,
}

/// A Route 53 Resolver rule and the VPCs associated with it (RSLV-7…13).
#[derive(Debug, Clone, Serialize)]
pub struct ResolverRule {
    pub id: String,
    pub name: String,
    /// Lower case, without the trailing dot.
    pub domain: String,
    pub kind: ResolverRuleKind,
    /// The outbound endpoint (forward and delegate rules).
    pub endpoint: Option<Ix>,
    /// Target address and port (forward rules).
    pub targets: Vec<(Ipv4Addr, u16)>,
    pub vpcs: Vec<Ix>,
    pub pos: Pos,
}

/// A machine at a site.
#[derive(Debug, Clone, Serialize)]
pub struct Host {
    pub id: String,
    pub name: String,
    pub network: Ix,
    pub ip: Ipv4Addr,
    pub pos: Pos,
}

/// A transit gateway: a Regional router between its attachments (TGW-1).
#[derive(Debug, Clone, Serialize)]
pub struct TransitGateway {
    pub id: String,
    pub name: String,
    pub account: Ix,
    pub region: String,
    pub attachments: Vec<Ix>,
    pub route_tables: Vec<Ix>,
    /// Security group references across it (TGW-20; AWS default off).
    pub sg_referencing: bool,
    pub pos: Pos,
}

/// What a transit gateway attachment connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttachmentKind {
    Vpc,
    Vpn,
    DirectConnect,
}

/// One interface of a VPC attachment: one subnet per AZ (TGW-12).
#[derive(Debug, Clone, Serialize)]
pub struct TgwEni {
    pub subnet: Ix,
    pub ip: Ipv4Addr,
    pub zone: String,
    pub zone_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TgwAttachment {
    pub id: String,
    pub name: String,
    pub tgw: Ix,
    pub kind: AttachmentKind,
    pub vpc: Option<Ix>,
    /// The site of a VPN or Direct Connect attachment.
    pub network: Option<Ix>,
    pub enis: Vec<TgwEni>,
    pub appliance_mode: bool,
    pub state: String,
    pub available: bool,
    /// The TGW route table it is associated with (TGW-2), if any.
    pub association: Option<Ix>,
    /// BGP (propagates what it learns) or static (propagates nothing).
    pub bgp: bool,
    /// Direct Connect: the prefixes advertised to the site (SITE-9).
    pub allowed_prefixes: Vec<Ipv4Net>,
    pub pos: Pos,
}

/// How a TGW route was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TgwRouteOrigin {
    Static,
    Propagated,
}

#[derive(Debug, Clone, Serialize)]
pub struct TgwRoute {
    pub destination: Ipv4Net,
    /// None: a blackhole route (TGW-7).
    pub target: Option<Ix>,
    pub origin: TgwRouteOrigin,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct TgwRouteTable {
    pub id: String,
    pub name: String,
    pub tgw: Ix,
    pub associations: Vec<Ix>,
    pub propagations: Vec<Ix>,
    /// Static routes as written, then the propagated ones (TGW-3).
    pub routes: Vec<TgwRoute>,
    /// True for the table made when a transit gateway lists none.
    pub implicit: bool,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Peering {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub peer_vpc: Ix,
    pub active: bool,
    pub state: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Instance {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub subnet: Ix,
    pub ip: Ipv4Addr,
    /// Its IPv6 address, from its subnet's /64 (`Ipv6Address`); IPv6 traces start here (RT-19).
    pub ipv6: Option<std::net::Ipv6Addr>,
    pub security_groups: Vec<Ix>,
    pub public_ip: Option<Ipv4Addr>,
    /// The principal its API calls are signed with.
    pub role: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointKind {
    Gateway,
    Interface,
    InstanceConnect,
}

impl EndpointKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EndpointKind::Gateway => "gateway",
            EndpointKind::Interface => "interface",
            EndpointKind::InstanceConnect => "instance-connect",
        }
    }
}

/// What an endpoint connects to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum EndpointTarget {
    /// An AWS service by full name (`com.amazonaws.us-east-1.s3`); may be unknown to the
    /// catalogue (then a warning said so).
    Aws(String),
    /// An endpoint service of the model.
    Service(Ix),
    /// EC2 Instance Connect: no service.
    InstanceConnect,
    /// A resource endpoint (VPC endpoint type `Resource`): the model's resource configuration
    /// it is associated with (RES-1..RES-8).
    Resource(Ix),
    /// A service-network endpoint (VPC endpoint type `ServiceNetwork`): the model's service
    /// network (ES-33).
    ServiceNetwork(Ix),
}

/// Endpoint lifecycle state (ES-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EndpointState {
    PendingAcceptance,
    Pending,
    Available,
    Rejected,
    Expired,
    Failed,
    Deleting,
    Deleted,
    Partial,
}

impl EndpointState {
    pub fn parse(s: &str) -> Option<Self> {
        let k: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match k.as_str() {
            "pendingacceptance" => Self::PendingAcceptance,
            "pending" => Self::Pending,
            "available" => Self::Available,
            "rejected" => Self::Rejected,
            "expired" => Self::Expired,
            "failed" => Self::Failed,
            "deleting" => Self::Deleting,
            "deleted" => Self::Deleted,
            "partial" => Self::Partial,
            _ => return None,
        })
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::PendingAcceptance => "pendingAcceptance",
            Self::Pending => "pending",
            Self::Available => "available",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
            Self::Failed => "failed",
            Self::Deleting => "deleting",
            Self::Deleted => "deleted",
            Self::Partial => "partial",
        }
    }
}

/// One endpoint network interface (interface and instance-connect endpoints).
#[derive(Debug, Clone, Serialize)]
pub struct Eni {
    pub subnet: Ix,
    pub ip: Ipv4Addr,
    pub zone: String,
    pub zone_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    pub kind: EndpointKind,
    pub target: EndpointTarget,
    /// Gateway endpoints: the route tables given the service's prefix-list route.
    pub route_tables: Vec<Ix>,
    pub enis: Vec<Eni>,
    pub security_groups: Vec<Ix>,
    pub private_dns: bool,
    pub private_dns_only_for_inbound_resolver: bool,
    /// None: the default full-access policy (D-6). Always None for endpoint services.
    #[serde(skip)]
    pub policy: Option<Arc<PolicyDocument>>,
    pub policy_pos: Pos,
    pub state: EndpointState,
    /// True when `state` was written in the file rather than derived.
    pub state_explicit: bool,
    pub preserve_client_ip: bool,
    /// `vpce-<id>-<suffix>.<service>.<region>.vpce.amazonaws.com` (IF-13, ES-2).
    pub regional_dns: Option<String>,
    /// (AZ name, zonal DNS name) per ENI.
    pub zonal_dns: Vec<(String, String)>,
    /// A service-network endpoint: the DNS name of each resource configuration associated
    /// with its service network (ES-38), as (resource configuration, name).
    pub lattice_names: Vec<(Ix, String)>,
    /// `ipv4` or `dualstack` (IF-28).
    pub ip_address_type: String,
    /// `ipv4`, `dualstack`, `ipv6` or `service-defined` (IF-28).
    pub dns_record_ip_type: String,
    pub pos: Pos,
}

impl Endpoint {
    /// The IPv6 address of interface `k` of a dual-stack endpoint: its subnet's /64 with the
    /// IPv4 address's offset in its subnet as the host part (AWS picks its own; linkscope
    /// derives one so that the answer is stable, IF-28).
    pub fn eni_ipv6(&self, subnets: &[Subnet], k: usize) -> Option<std::net::Ipv6Addr> {
        if self.ip_address_type != "dualstack" {
            return None;
        }
        let eni = self.enis.get(k)?;
        let sub = subnets.get(eni.subnet)?;
        let net = sub.ipv6_cidr?;
        let offset = u32::from(eni.ip).wrapping_sub(u32::from(sub.cidr.network()));
        Some(std::net::Ipv6Addr::from(
            u128::from(net.network()) | u128::from(offset),
        ))
    }

    /// The DNS record types its names answer with (IF-28): A for IPv4, AAAA for IPv6.
    pub fn dns_record_types(&self) -> Vec<&'static str> {
        match self.dns_record_ip_type.as_str() {
            "ipv6" => vec!["AAAA"],
            "dualstack" | "service-defined" => vec!["A", "AAAA"],
            _ => vec!["A"],
        }
    }
}

/// A resource gateway: the point of ingress into the VPC where resources reside (RES-2).
#[derive(Debug, Clone, Serialize)]
pub struct ResourceGateway {
    pub id: String,
    pub name: String,
    pub vpc: Ix,
    /// Its subnets and its address in each (the source address resources see, RES-5).
    pub subnets: Vec<Ix>,
    pub ips: Vec<std::net::Ipv4Addr>,
    /// Its security groups: their outbound rules control traffic to the resources (RES-4).
    pub security_groups: Vec<Ix>,
    pub pos: Pos,
}

/// What a resource configuration points at (RES-3).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceTarget {
    Ip(std::net::Ipv4Addr),
    Domain(String),
}

/// A resource configuration of type SINGLE (RES-1, RES-3), shared through AWS RAM (RES-6).
#[derive(Debug, Clone, Serialize)]
pub struct ResourceConfiguration {
    pub id: String,
    pub name: String,
    /// The owner account (the resource gateway's VPC's account).
    pub account: Ix,
    pub gateway: Ix,
    pub target: ResourceTarget,
    /// TCP port ranges consumers may use (RES-3).
    pub port_ranges: Vec<PortRange>,
    /// Accounts the configuration is shared with through AWS RAM (accepted shares, RES-6).
    pub shared_with: Vec<String>,
    /// AWS's `allowAssociationToShareableServiceNetwork` (ES-35).
    pub allow_shareable_service_network: bool,
    pub pos: Pos,
}

/// A VPC Lattice service network (ES-33..ES-39): what its service-network endpoints reach.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceNetwork {
    pub id: String,
    pub name: String,
    /// The owner account.
    pub account: Ix,
    /// `NONE` or `AWS_IAM` (ES-36).
    pub auth_type: String,
    /// The auth policy: it governs the Lattice services, not the resource configurations (ES-36).
    #[serde(skip)]
    pub auth_policy: Option<std::sync::Arc<crate::policy::PolicyDocument>>,
    /// Sharing enabled (`sharingConfig.enabled`, ES-35).
    pub sharing: bool,
    /// Accounts it is shared with through AWS RAM (accepted shares, ES-33).
    pub shared_with: Vec<String>,
    /// The resource configurations associated with it (ES-34).
    pub resource_configurations: Vec<Ix>,
    /// VPC Lattice services associated with it, by id: recorded, not traced (ES-36).
    pub services: Vec<String>,
    pub pos: Pos,
}

impl ServiceNetwork {
    /// Whether an endpoint of account `account` may use it: the owner's, or shared with it
    /// through AWS RAM (ES-33).
    pub fn usable_by(&self, accounts: &[Account], account: Ix) -> bool {
        self.account == account || self.shared_with.iter().any(|a| *a == accounts[account].id)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointService {
    pub id: String,
    pub name: String,
    pub account: Ix,
    pub region: String,
    /// `com.amazonaws.vpce.<region>.<id>`.
    pub service_name: String,
    /// `<id>.<region>.vpce.amazonaws.com`.
    pub dns_name: String,
    pub load_balancer: LoadBalancer,
    /// AZ IDs where the service exists (its load balancer's subnets' zones, ES-10).
    pub zone_ids: Vec<String>,
    pub acceptance_required: bool,
    pub allowed_principals: Vec<String>,
    pub accepted: Vec<Ix>,
    pub rejected: Vec<Ix>,
    pub private_dns_name: Option<String>,
    pub private_dns_verified: bool,
    /// Regions other than `region` whose consumers may connect (cross-Region PrivateLink, ES-15).
    pub supported_regions: Vec<String>,
    /// `ipv4` and/or `ipv6` (ES-18).
    pub supported_ip_address_types: Vec<String>,
    pub pos: Pos,
}

impl EndpointService {
    /// Whether consumers in `region` may connect: the host Region always, others when listed
    /// (ES-15, ES-17).
    pub fn serves_region(&self, region: &str) -> bool {
        self.region == region || self.supported_regions.iter().any(|r| r == region)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LoadBalancer {
    pub kind: String,
    pub name: String,
    pub vpc: Ix,
    pub subnets: Vec<Ix>,
    /// One node address per subnet (what the provider's targets see as source, ES-3).
    pub node_ips: Vec<Ipv4Addr>,
    pub listeners: Vec<Listener>,
    pub security_groups: Vec<Ix>,
    pub cross_zone: bool,
    pub enforce_security_groups_on_privatelink: bool,
    /// Empty when the model does not describe targets (their health is then not checked).
    pub target_groups: Vec<TargetGroup>,
}

impl LoadBalancer {
    /// The target group behind a listener: the one it names, else the only one (ES-20).
    pub fn target_group_of(&self, l: &Listener) -> Option<&TargetGroup> {
        match l.target_group {
            Some(t) => self.target_groups.get(t),
            None if self.target_groups.len() == 1 => self.target_groups.first(),
            None => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listener {
    pub protocol: Protocol,
    pub port: u16,
    /// Index into the load balancer's `target_groups`.
    pub target_group: Option<Ix>,
}

/// An NLB target group (ES-20..ES-23).
#[derive(Debug, Clone, Serialize)]
pub struct TargetGroup {
    pub id: String,
    pub port: Option<u16>,
    /// The group's own cross-zone setting; None: the load balancer's (ES-21).
    pub cross_zone: Option<bool>,
    pub proxy_protocol_v2: bool,
    pub targets: Vec<Target>,
    pub pos: Pos,
}

impl TargetGroup {
    /// Cross-zone as it applies to this group: its own setting wins over the load balancer's (ES-21).
    pub fn cross_zone(&self, lb: &LoadBalancer) -> bool {
        self.cross_zone.unwrap_or(lb.cross_zone)
    }
    /// Whether any target is healthy; with none the load balancer fails open (ES-22).
    pub fn any_healthy(&self) -> bool {
        self.targets.iter().any(|t| t.healthy)
    }
}

/// A registered target, placed in its subnet's AZ.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// As registered: an instance id or an IPv4 address.
    pub id: String,
    /// The instance, for an instance target (its address is the instance's).
    pub instance: Option<Ix>,
    /// The address, for an IP target.
    pub ip: Option<Ipv4Addr>,
    pub subnet: Ix,
    pub zone: String,
    pub zone_id: String,
    /// `healthy`, `unhealthy`, `initial`, `draining`, `unused`, `unavailable`.
    pub health: String,
    pub healthy: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostedZone {
    pub id: String,
    /// Lowercase, no trailing dot.
    pub name: String,
    pub vpcs: Vec<Ix>,
    pub records: Vec<Record>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Lowercase, no trailing dot.
    pub name: String,
    pub kind: RecordKind,
    pub values: Vec<RecordValue>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RecordKind {
    A,
    Cname,
    Alias,
    Txt,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum RecordValue {
    Ip(Ipv4Addr),
    Name(String),
    /// An endpoint id standing for its regional DNS name.
    Endpoint(Ix),
    Text(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    pub name: String,
    pub region: String,
    pub account: Option<String>,
    #[serde(skip)]
    pub policy: Option<Arc<PolicyDocument>>,
    pub policy_pos: Pos,
    /// False for a bucket the model does not list (assumed in the top-level region).
    pub declared: bool,
    pub pos: Pos,
}

#[derive(Debug, Clone, Serialize)]
pub struct Expectation {
    pub name: Option<String>,
    pub from: String,
    pub to: String,
    /// What the author expects: allowed, blocked or partial.
    pub expect: crate::outcome::Verdict,
    pub via: Option<String>,
    /// A failure code, as written (an unknown one is warned about, EXPECTATION_UNKNOWN_REASON).
    pub reason: Option<String>,
    pub port: Option<u16>,
    pub protocol: Option<String>,
    pub action: Option<String>,
    pub resource: Option<String>,
    pub principal: Option<String>,
    pub pos: Pos,
}

impl Model {
    /// Look an id up (any kind of object; bucket names too). Resource gateways, resource
    /// configurations and service networks are found by a scan of their (short) lists: they
    /// are not in the id index that validation builds.
    pub fn lookup(&self, id: &str) -> Option<ObjectRef> {
        self.index
            .ids
            .get(id)
            .copied()
            .or_else(|| self.resource_object(id))
    }

    /// Objects whose `name` is exactly `name`.
    pub fn by_name(&self, name: &str) -> &[ObjectRef] {
        self.index
            .names
            .get(name)
            .map(Named::as_slice)
            .unwrap_or(&[])
    }

    /// Every id in the model, for suggestions and finders.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let resources = self
            .resource_gateways
            .iter()
            .map(|g| g.id.as_str())
            .chain(self.resource_configurations.iter().map(|c| c.id.as_str()))
            .chain(self.service_networks.iter().map(|n| n.id.as_str()));
        self.index.ids.keys().map(String::as_str).chain(resources)
    }

    /// The id of an object.
    pub fn id_of(&self, r: ObjectRef) -> &str {
        match r {
            ObjectRef::Account(i) => &self.accounts[i].id,
            ObjectRef::Vpc(i) => &self.vpcs[i].id,
            ObjectRef::Subnet(i) => &self.subnets[i].id,
            ObjectRef::RouteTable(i) => &self.route_tables[i].id,
            ObjectRef::NetworkAcl(i) => &self.network_acls[i].id,
            ObjectRef::SecurityGroup(i) => &self.security_groups[i].id,
            ObjectRef::Gateway(i) => &self.gateways[i].id,
            ObjectRef::Peering(i) => &self.peerings[i].id,
            ObjectRef::Instance(i) => &self.instances[i].id,
            ObjectRef::Endpoint(i) => &self.endpoints[i].id,
            ObjectRef::EndpointService(i) => &self.endpoint_services[i].id,
            ObjectRef::HostedZone(i) => &self.hosted_zones[i].id,
            ObjectRef::Bucket(i) => &self.buckets[i].name,
            ObjectRef::PrefixList => "",
            ObjectRef::TransitGateway(i) => &self.transit_gateways[i].id,
            ObjectRef::TgwAttachment(i) => &self.tgw_attachments[i].id,
            ObjectRef::TgwRouteTable(i) => &self.tgw_route_tables[i].id,
            ObjectRef::Network(i) => &self.networks[i].id,
            ObjectRef::Host(i) => &self.hosts[i].id,
            ObjectRef::ResourceGateway(i) => &self.resource_gateways[i].id,
            ObjectRef::ResourceConfiguration(i) => &self.resource_configurations[i].id,
            ObjectRef::ServiceNetwork(i) => &self.service_networks[i].id,
        }
    }

    /// The display name of an object (its `name`, else its id).
    pub fn name_of(&self, r: ObjectRef) -> &str {
        let n = match r {
            ObjectRef::Account(i) => &self.accounts[i].name,
            ObjectRef::Vpc(i) => &self.vpcs[i].name,
            ObjectRef::Subnet(i) => &self.subnets[i].name,
            ObjectRef::RouteTable(i) => &self.route_tables[i].name,
            ObjectRef::NetworkAcl(i) => &self.network_acls[i].name,
            ObjectRef::SecurityGroup(i) => &self.security_groups[i].name,
            ObjectRef::Gateway(i) => &self.gateways[i].name,
            ObjectRef::Peering(i) => &self.peerings[i].name,
            ObjectRef::Instance(i) => &self.instances[i].name,
            ObjectRef::Endpoint(i) => &self.endpoints[i].name,
            ObjectRef::EndpointService(i) => &self.endpoint_services[i].name,
            ObjectRef::HostedZone(i) => &self.hosted_zones[i].name,
            ObjectRef::Bucket(i) => &self.buckets[i].name,
            ObjectRef::PrefixList => "",
            ObjectRef::TransitGateway(i) => &self.transit_gateways[i].name,
            ObjectRef::TgwAttachment(i) => &self.tgw_attachments[i].name,
            ObjectRef::TgwRouteTable(i) => &self.tgw_route_tables[i].name,
            ObjectRef::Network(i) => &self.networks[i].name,
            ObjectRef::Host(i) => &self.hosts[i].name,
            ObjectRef::ResourceGateway(i) => &self.resource_gateways[i].name,
            ObjectRef::ResourceConfiguration(i) => &self.resource_configurations[i].name,
            ObjectRef::ServiceNetwork(i) => &self.service_networks[i].name,
        };
        if n.is_empty() { self.id_of(r) } else { n }
    }

    /// The subnet of `vpc` containing a private address, if any (O(log n)).
    pub fn subnet_in_vpc(&self, vpc: Ix, ip: Ipv4Addr) -> Option<Ix> {
        let v = u32::from(ip);
        let list = &self.index.subnets_by_addr[vpc];
        let pos = list.partition_point(|&(start, _, _)| start <= v);
        // Overlapping subnets are a warning, not an error: look back over a few candidates.
        list[..pos]
            .iter()
            .rev()
            .take(8)
            .find(|&&(start, end, _)| start <= v && v <= end)
            .map(|&(_, _, ix)| ix)
    }

    /// Every subnet of the model containing `ip` (VPCs in different accounts may overlap).
    pub fn subnets_for_ip(&self, ip: Ipv4Addr) -> Vec<Ix> {
        (0..self.vpcs.len())
            .filter(|&v| self.vpcs[v].cidrs.iter().any(|c| c.contains(&ip)))
            .filter_map(|v| self.subnet_in_vpc(v, ip))
            .collect()
    }

    /// What holds a private address in a VPC (instance, endpoint ENI, NAT gateway, NLB node).
    pub fn holder_of(&self, vpc: Ix, ip: Ipv4Addr) -> Option<Holder> {
        self.index.addrs.get(&(vpc, ip)).copied()
    }

    /// A resource gateway, resource configuration or service network by id (they are not in
    /// the id index that [`Model::lookup`] reads).
    pub fn resource_object(&self, id: &str) -> Option<ObjectRef> {
        if let Some(i) = self.resource_configurations.iter().position(|c| c.id == id) {
            return Some(ObjectRef::ResourceConfiguration(i));
        }
        if let Some(i) = self.resource_gateways.iter().position(|g| g.id == id) {
            return Some(ObjectRef::ResourceGateway(i));
        }
        self.service_networks
            .iter()
            .position(|n| n.id == id)
            .map(ObjectRef::ServiceNetwork)
    }

    pub fn account_ix(&self, id: &str) -> Option<Ix> {
        match self.lookup(id) {
            Some(ObjectRef::Account(i)) => Some(i),
            _ => None,
        }
    }

    /// The bucket named `name`, declared or not.
    pub fn bucket(&self, name: &str) -> Option<&Bucket> {
        match self.lookup(name) {
            Some(ObjectRef::Bucket(i)) => Some(&self.buckets[i]),
            _ => None,
        }
    }

    /// The account owning a VPC.
    pub fn vpc_account(&self, vpc: Ix) -> &Account {
        &self.accounts[self.vpcs[vpc].account]
    }

    /// AZ ID of an AZ name as `account` sees it.
    pub fn zone_id(&self, account: Ix, zone: &str) -> Option<&str> {
        self.accounts[account].zones.get(zone).map(String::as_str)
    }

    /// Private hosted zones associated with a VPC (O(1)).
    pub fn hosted_zones_of(&self, vpc: Ix) -> &[Ix] {
        self.index
            .zones_by_vpc
            .get(vpc)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The endpoint service whose service DNS name or private DNS name is exactly `name`
    /// (lowercase, no trailing dot), or whose wildcard private DNS name covers it.
    pub fn endpoint_service_for_dns(&self, name: &str) -> Option<Ix> {
        if let Some(&s) = self.index.service_dns.get(name) {
            return Some(s);
        }
        let mut rest = name;
        while let Some((_, parent)) = rest.split_once('.') {
            if let Some(&s) = self.index.service_dns.get(&format!("*.{parent}")) {
                return Some(s);
            }
            rest = parent;
        }
        None
    }

    /// VPCs one of whose CIDRs contains `ip`, in model order (VPCs of different accounts may
    /// overlap). O(VPC CIDRs in that /16), not O(VPCs).
    pub fn vpcs_containing(&self, ip: Ipv4Addr) -> Vec<Ix> {
        let key = u32::from(ip) >> 16;
        let mut out: Vec<Ix> = self
            .index
            .vpc_cidrs_by_16
            .get(&key)
            .into_iter()
            .flatten()
            .chain(self.index.wide_vpc_cidrs.iter())
            .filter(|(net, _)| net.contains(&ip))
            .map(|&(_, v)| v)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Build the derived indexes (hosted zones per VPC, endpoint services by DNS name, VPC
    /// CIDRs by address). Called once by the validator after every object is in place.
    pub(crate) fn build_derived_indexes(&mut self) {
        let mut zones = vec![Vec::new(); self.vpcs.len()];
        for (z, hz) in self.hosted_zones.iter().enumerate() {
            for &v in &hz.vpcs {
                if let Some(list) = zones.get_mut(v)
                    && !list.contains(&z)
                {
                    list.push(z);
                }
            }
        }
        let mut service_dns = HashMap::new();
        for (i, s) in self.endpoint_services.iter().enumerate() {
            service_dns
                .entry(s.dns_name.to_ascii_lowercase())
                .or_insert(i);
            if let Some(n) = &s.private_dns_name {
                service_dns.entry(n.to_ascii_lowercase()).or_insert(i);
            }
        }
        let mut by16: HashMap<u32, Vec<(Ipv4Net, Ix)>> = HashMap::new();
        let mut wide = Vec::new();
        for (v, vpc) in self.vpcs.iter().enumerate() {
            for &c in &vpc.cidrs {
                if c.prefix_len() < 8 {
                    wide.push((c, v));
                    continue;
                }
                let first = u32::from(c.network()) >> 16;
                let last = u32::from(c.broadcast()) >> 16;
                for k in first..=last {
                    by16.entry(k).or_default().push((c, v));
                }
            }
        }
        self.index.zones_by_vpc = zones;
        self.index.service_dns = service_dns;
        self.index.vpc_cidrs_by_16 = by16;
        self.index.wide_vpc_cidrs = wide;
    }
}
