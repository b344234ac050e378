//! Packet filters: security groups (rule book §6) and network ACLs (§7).
//!
//! Security groups are stateful and allow-only (SG-2, SG-3): a flow passes a group set when one
//! rule of one group matches, and its reply needs no rule. A rule's peer is a CIDR, a prefix list
//! (expanded from the catalogue, SG-6) or another security group, which matches the PRIVATE
//! addresses of the interfaces in that group (SG-5).
//!
//! Network ACLs are stateless (NACL-2): rules are read in ascending number, the first match
//! decides, and the implicit `*` rule denies (NACL-3). They apply only where traffic crosses a
//! subnet boundary (NACL-5), and replies must be allowed on the client's ephemeral port.
//!
//! The ephemeral port: a reply goes back to the port the client picked. Operating systems pick
//! from different ranges (NACL-7): Linux 32768-61000, Windows 2008+ 49152-65535, NAT gateways,
//! ELB and Lambda 1024-65535, Windows 2003 1025-5000. [`DEFAULT_EPHEMERAL_PORT`] is 50000, which
//! lies in every one of those ranges except Windows 2003's, so an ACL that fails for it fails for
//! nearly every client. `--source-port` picks another.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::model::{AclRule, Holder, Ix, Model, NetworkAcl, Protocol, SgPeer, SgRule};

/// The client's ephemeral port assumed for replies (see the module docs; NACL-7).
pub const DEFAULT_EPHEMERAL_PORT: u16 = 50000;

/// Which way a rule set is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Inbound,
    Outbound,
}

impl Dir {
    pub fn as_str(&self) -> &'static str {
        match self {
            Dir::Inbound => "inbound",
            Dir::Outbound => "outbound",
        }
    }
}

/// The other end of a flow, as a security group rule sees it.
#[derive(Debug, Clone, Copy)]
pub struct Peer<'a> {
    pub ip: Ipv4Addr,
    /// The VPC where `ip` is a private address of an interface, when it is one (a public
    /// address, or a private one translated by a NAT gateway, matches no group reference; SG-5).
    pub vpc: Option<Ix>,
    /// The security groups of the interface at `ip`, when the caller knows them (e.g. a source
    /// interface that is not in the model's address index).
    pub groups: Option<&'a [Ix]>,
}

/// The rule that allowed a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct SgHit {
    pub group: Ix,
    pub rule: usize,
}

/// Security groups of whatever holds an address.
pub fn holder_groups(m: &Model, h: Holder) -> &[Ix] {
    match h {
        Holder::Instance(i) => &m.instances[i].security_groups,
        Holder::EndpointEni(e, _) => &m.endpoints[e].security_groups,
        Holder::NatGateway(_) => &[],
        Holder::LoadBalancer(s, _) => &m.endpoint_services[s].load_balancer.security_groups,
        // A transit gateway's interfaces carry no security groups (TGW-20).
        Holder::TgwAttachment(..) => &[],
        Holder::ResolverEndpoint(e, _) => &m.resolver_endpoints[e].security_groups,
    }
}

/// Whether a group reference `g` matches `peer` (SG-5): the peer's private address belongs to an
/// interface in `g`, in `g`'s VPC or a VPC peered with it in the same region.
fn group_matches(m: &Model, g: Ix, peer: &Peer) -> bool {
    let Some(pvpc) = peer.vpc else { return false };
    let gvpc = m.security_groups[g].vpc;
    if pvpc != gvpc {
        // Only across an active peering in the same region (SG-5).
        let peered = m.vpcs[gvpc].peerings.iter().any(|&p| {
            let pc = &m.peerings[p];
            pc.active
                && ((pc.vpc == gvpc && pc.peer_vpc == pvpc)
                    || (pc.vpc == pvpc && pc.peer_vpc == gvpc))
        });
        if !peered || m.vpcs[gvpc].region != m.vpcs[pvpc].region {
            return false;
        }
    }
    match peer.groups {
        Some(gs) => gs.contains(&g),
        None => m
            .holder_of(pvpc, peer.ip)
            .is_some_and(|h| holder_groups(m, h).contains(&g)),
    }
}

/// Prefix list entries for a rule or route in a VPC's region. Prefix lists are regional (RT-14)
/// and ids repeat across regions, so a list of another region never applies (GW-6 (b)); a model's
/// list without a region applies anywhere.
pub fn prefix_list_cidrs<'m>(m: &'m Model, id: &str, region: &str) -> Option<&'m [ipnet::Ipv4Net]> {
    m.catalogue
        .prefix_list_in(id, region)
        .map(|p| p.cidrs.as_slice())
}

/// Does one rule match?
pub fn sg_rule_matches(
    m: &Model,
    rule: &SgRule,
    region: &str,
    proto: Protocol,
    port: u16,
    peer: &Peer,
) -> bool {
    if !rule.protocol.covers(proto) || !rule.ports.contains(port) {
        return false;
    }
    match &rule.peer {
        SgPeer::Cidr(c) => c.contains(&peer.ip),
        // An IPv6 range never admits an IPv4 peer, `::/0` included (SG-4).
        SgPeer::Cidr6(_) => false,
        SgPeer::PrefixList(id) => prefix_list_cidrs(m, id, region)
            .is_some_and(|cs| cs.iter().any(|c| c.contains(&peer.ip))),
        SgPeer::Group(g) => group_matches(m, *g, peer),
    }
}

/// The first rule (group order, then rule order) of `groups` that allows the flow.
pub fn sg_allows(
    m: &Model,
    groups: &[Ix],
    dir: Dir,
    proto: Protocol,
    port: u16,
    peer: &Peer,
) -> Option<SgHit> {
    for &g in groups {
        let sg = &m.security_groups[g];
        let region = &m.vpcs[sg.vpc].region;
        let rules = match dir {
            Dir::Inbound => &sg.inbound,
            Dir::Outbound => &sg.outbound,
        };
        if let Some(k) = rules
            .iter()
            .position(|r| sg_rule_matches(m, r, region, proto, port, peer))
        {
            return Some(SgHit { group: g, rule: k });
        }
    }
    None
}

/// The first rule of `groups` that allows an IPv6 flow with `peer` (SG-4): only `CidrIpv6`
/// rules match. Group references and prefix lists are not evaluated for IPv6 peers yet, so a
/// flow they alone would allow is reported as blocked (stated in the step text by the caller).
pub fn sg_allows_v6(
    m: &Model,
    groups: &[Ix],
    dir: Dir,
    proto: Protocol,
    port: u16,
    peer: Ipv6Addr,
) -> Option<SgHit> {
    for &g in groups {
        let sg = &m.security_groups[g];
        let rules = match dir {
            Dir::Inbound => &sg.inbound,
            Dir::Outbound => &sg.outbound,
        };
        if let Some(k) = rules.iter().position(|r| {
            r.protocol.covers(proto)
                && r.ports.contains(port)
                && matches!(&r.peer, SgPeer::Cidr6(c) if c.contains(&peer))
        }) {
            return Some(SgHit { group: g, rule: k });
        }
    }
    None
}

/// One rule as words: "tcp 443 from 10.0.0.0/16".
pub fn describe_sg_rule(m: &Model, rule: &SgRule, dir: Dir) -> String {
    let peer = match &rule.peer {
        SgPeer::Cidr(c) => c.to_string(),
        SgPeer::Cidr6(c) => c.to_string(),
        SgPeer::PrefixList(p) => format!("prefix list {p}"),
        SgPeer::Group(g) => format!("members of {}", m.security_groups[*g].id),
    };
    let what = if rule.protocol == Protocol::All {
        "all traffic".to_string()
    } else if rule.ports.is_all() {
        format!("{} all ports", rule.protocol.as_str())
    } else {
        format!("{} {}", rule.protocol.as_str(), rule.ports)
    };
    let word = if dir == Dir::Inbound { "from" } else { "to" };
    format!("{what} {word} {peer}")
}

/// The ACL rule that decides a packet: `rule` is `None` for the implicit `*` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AclHit {
    pub rule: Option<u32>,
    pub allow: bool,
}

impl AclHit {
    pub fn label(&self) -> String {
        match self.rule {
            Some(n) => n.to_string(),
            None => "*".into(),
        }
    }
}

/// A rule matches only packets of its own address family: `::/0` never matches IPv4 and
/// `0.0.0.0/0` never matches IPv6 (NACL-4).
fn acl_rule_matches(r: &AclRule, proto: Protocol, port: u16, peer: IpAddr) -> bool {
    r.protocol.covers(proto)
        && (r.protocol == Protocol::All || r.ports.contains(port))
        && r.cidr.contains(&peer)
}

/// Evaluate an ACL for one packet: `peer` is the source address for inbound rules and the
/// destination address for outbound rules; `port` the packet's destination port (NACL-3, NACL-4).
pub fn acl_eval(acl: &NetworkAcl, dir: Dir, proto: Protocol, port: u16, peer: Ipv4Addr) -> AclHit {
    acl_eval_ip(acl, dir, proto, port, IpAddr::V4(peer))
}

/// [`acl_eval`] for an IPv6 packet (NACL-4).
pub fn acl_eval_v6(
    acl: &NetworkAcl,
    dir: Dir,
    proto: Protocol,
    port: u16,
    peer: Ipv6Addr,
) -> AclHit {
    acl_eval_ip(acl, dir, proto, port, IpAddr::V6(peer))
}

fn acl_eval_ip(acl: &NetworkAcl, dir: Dir, proto: Protocol, port: u16, peer: IpAddr) -> AclHit {
    let rules = match dir {
        Dir::Inbound => &acl.inbound,
        Dir::Outbound => &acl.outbound,
    };
    // Rules are sorted by number at load; first match decides.
    match rules
        .iter()
        .find(|r| acl_rule_matches(r, proto, port, peer))
    {
        Some(r) => AclHit {
            rule: Some(r.rule),
            allow: r.allow,
        },
        None => AclHit {
            rule: None,
            allow: false,
        },
    }
}

/// The rule as words: "rule 100 allows tcp 443 from 10.0.0.0/16".
pub fn describe_acl_hit(acl: &NetworkAcl, dir: Dir, hit: &AclHit) -> String {
    let rules = match dir {
        Dir::Inbound => &acl.inbound,
        Dir::Outbound => &acl.outbound,
    };
    let word = if dir == Dir::Inbound { "from" } else { "to" };
    match hit.rule.and_then(|n| rules.iter().find(|r| r.rule == n)) {
        Some(r) => {
            let what = if r.protocol == Protocol::All {
                "all traffic".to_string()
            } else if r.ports.is_all() {
                format!("{} all ports", r.protocol.as_str())
            } else {
                format!("{} {}", r.protocol.as_str(), r.ports)
            };
            format!(
                "rule {} {} {what} {word} {}",
                r.rule,
                if r.allow { "allows" } else { "denies" },
                r.cidr
            )
        }
        None => "no numbered rule matches, so the final rule * denies".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::model::PortRange;

    fn rule(n: u32, proto: Protocol, ports: PortRange, cidr: &str, allow: bool) -> AclRule {
        AclRule {
            rule: n,
            protocol: proto,
            ports,
            cidr: cidr.parse().unwrap(),
            allow,
            pos: Pos::UNKNOWN,
        }
    }

    #[test]
    fn first_match_by_number_decides() {
        let acl = NetworkAcl {
            id: "acl".into(),
            name: String::new(),
            vpc: 0,
            default: false,
            implicit: false,
            inbound: vec![
                rule(
                    90,
                    Protocol::Tcp,
                    PortRange::single(443),
                    "10.0.1.0/24",
                    false,
                ),
                rule(
                    100,
                    Protocol::Tcp,
                    PortRange::single(443),
                    "10.0.0.0/16",
                    true,
                ),
            ],
            outbound: vec![],
            pos: Pos::UNKNOWN,
        };
        let ip = |s: &str| s.parse::<Ipv4Addr>().unwrap();
        assert_eq!(
            acl_eval(&acl, Dir::Inbound, Protocol::Tcp, 443, ip("10.0.1.5")),
            AclHit {
                rule: Some(90),
                allow: false
            }
        );
        assert_eq!(
            acl_eval(&acl, Dir::Inbound, Protocol::Tcp, 443, ip("10.0.2.5")),
            AclHit {
                rule: Some(100),
                allow: true
            }
        );
        assert_eq!(
            acl_eval(&acl, Dir::Inbound, Protocol::Tcp, 80, ip("10.0.2.5")),
            AclHit {
                rule: None,
                allow: false
            }
        );
        assert_eq!(
            acl_eval(&acl, Dir::Outbound, Protocol::Tcp, 443, ip("10.0.2.5")),
            AclHit {
                rule: None,
                allow: false
            }
        );
    }

    #[test]
    fn acl_rules_match_their_own_address_family_only() {
        let acl = NetworkAcl {
            id: "acl".into(),
            name: String::new(),
            vpc: 0,
            default: false,
            implicit: false,
            inbound: vec![
                rule(100, Protocol::All, PortRange::ALL, "0.0.0.0/0", true),
                rule(110, Protocol::All, PortRange::ALL, "::/0", false),
            ],
            outbound: vec![rule(100, Protocol::All, PortRange::ALL, "::/0", true)],
            pos: Pos::UNKNOWN,
        };
        let v6: Ipv6Addr = "2600:1f18::5".parse().unwrap();
        let v4: Ipv4Addr = "10.0.0.5".parse().unwrap();
        assert_eq!(
            acl_eval_v6(&acl, Dir::Inbound, Protocol::Tcp, 443, v6).rule,
            Some(110)
        );
        assert!(acl_eval(&acl, Dir::Inbound, Protocol::Tcp, 443, v4).allow);
        assert!(acl_eval_v6(&acl, Dir::Outbound, Protocol::Tcp, 443, v6).allow);
        assert_eq!(
            acl_eval(&acl, Dir::Outbound, Protocol::Tcp, 443, v4),
            AclHit {
                rule: None,
                allow: false
            }
        );
    }

    #[test]
    fn default_ephemeral_port_is_in_common_ranges() {
        for (lo, hi) in [(32768, 61000), (49152, 65535), (1024, 65535)] {
            assert!((lo..=hi).contains(&DEFAULT_EPHEMERAL_PORT));
        }
    }
}
