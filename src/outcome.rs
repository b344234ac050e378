//! A trace's outcome as types: the [`Verdict`] and the failure code ([`Reason`], TRACE.md
//! "Failure codes").
//!
//! A base module: the engine sets them, the model's expectations name them, `test`, the reports
//! and the explorer print them. A [`Reason`] is serialised as the contract's
//! SCREAMING_SNAKE_CASE code; each says when it is given and the rule ids behind it. The README publishes this table (a test keeps the two in step).

use serde::Serialize;

/// allowed | blocked | partial (TRACE.md): partial when some DNS answers are allowed and others
/// blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Allowed,
    Blocked,
    Partial,
}

impl Verdict {
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::Blocked => "blocked",
            Verdict::Partial => "partial",
        }
    }
    /// As the reports print it.
    pub const fn upper(self) -> &'static str {
        match self {
            Verdict::Allowed => "ALLOWED",
            Verdict::Blocked => "BLOCKED",
            Verdict::Partial => "PARTIAL",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a trace is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    /// the source VPC has dns_support: false, so the Amazon-provided resolver answers nothing (DNS-4)
    DnsResolutionDisabled,
    /// the name does not resolve from the source's VPC (no record, a private zone shadowing it, or a CNAME loop) (DNS-11)
    DnsNoAnswer,
    /// no route in the source subnet's route table matches the destination address (RT-11)
    NoRoute,
    /// the matched route's target is gone or unusable, e.g. a NAT gateway whose subnet has no internet route (RT-8, RT-16)
    BlackholeRoute,
    /// no outbound rule of the source's security groups allows the traffic (SG-2)
    SgOutboundDeny,
    /// no inbound rule of the destination's (or the endpoint interface's) security groups allows the traffic (SG-2, IF-11)
    SgInboundDeny,
    /// a network ACL denies the traffic as it leaves a subnet (NACL-3)
    NaclOutboundDeny,
    /// a network ACL denies the traffic as it enters a subnet (NACL-3)
    NaclInboundDeny,
    /// a network ACL denies the reply to the client's ephemeral port; ACLs are stateless (NACL-2, NACL-7)
    NaclReturnDeny,
    /// the endpoint does not carry this protocol: gateway endpoints and AWS-service interface endpoints carry TCP only (GW-9, IF-7)
    ProtocolUnsupported,
    /// the endpoint is not in the available state (pending acceptance, rejected, failed, ...) (ES-7, ES-8)
    EndpointNotAvailable,
    /// the endpoint's account is not among the endpoint service's allowed principals (ES-6)
    ServicePrincipalNotAllowed,
    /// the endpoint interface used is in an AZ ID where the service is not offered (IF-3, ES-10, ES-11)
    ServiceZoneUnsupported,
    /// the request targets another region than the endpoint's; endpoints are regional (GW-10)
    EndpointWrongRegion,
    /// the endpoint policy explicitly denies the request (POL-6)
    EndpointPolicyDeny,
    /// no statement of the endpoint policy allows the request: implicit deny (POL-2)
    EndpointPolicyNoAllow,
    /// the bucket policy explicitly denies the request, e.g. an aws:SourceVpce mismatch (GW-24, POL-25)
    BucketPolicyDeny,
    /// an EC2 Instance Connect endpoint carries only ports 22 and 3389 (EICE-2)
    InstanceConnectPort,
    /// the path leaves through an internet gateway but the source has no public address (RT-15)
    NoPublicAddress,
    /// nothing listens on this protocol and port: the endpoint service's load balancer has no such listener (ES-5), or an AWS API is asked on a port other than 443 (D-1)
    NoListener,
    /// nothing delivers to the destination address: no interface holds it, or the path leaves the model (transit or VPN gateway) towards something the model does not describe
    UnreachableTarget,
    /// cross-account (or anonymous) request and the bucket policy has no statement allowing it; the resource account must allow it (§8.2 step 5, XACCT)
    BucketPolicyNoAllow,
    /// traffic sent over a VPC peering to an address outside the peer VPC's CIDRs; peering is not transitive (RT-17, GW-11)
    PeeringNotTransitive,
    /// the route's VPC peering connection is not active (RT-8, RA BAD_STATE)
    PeeringNotActive,
    /// the reply finds no route back: the destination subnet's table (RT-1, RT-17), or across a transit gateway that table and the TGW route table associated with the destination's attachment (TGW-5), or a site whose connections taught it no way back (SITE-10)
    NoReturnRoute,
    /// an internet gateway does not carry traffic to private (RFC 1918 / RFC 6598) addresses (RT-15)
    IgwPrivateDestination,
    /// the endpoint service's load balancer security groups enforce inbound rules on PrivateLink traffic and none allows the client (ES-4)
    NlbSgIngressDenied,
    /// the packet is delivered, but to another object than the one asked for: two VPCs share an address range and the route leads to the other one (TGW-9, RT-4)
    WrongDestination,
    /// an EC2 Instance Connect endpoint with client IP preservation on reaches only instances in its own VPC (EICE-6)
    EiceClientIpPreservationUnsupported,
    /// the VPC's transit gateway attachment has no subnet in the sender's AZ, so nothing there reaches the transit gateway, replies included (TGW-13)
    TgwNoAttachmentInZone,
    /// the attachment the packet enters by is associated with no transit gateway route table (TGW-2)
    TgwNotAssociated,
    /// the transit gateway route table associated with the entering attachment has no route for the destination; it has no default route (TGW-8)
    TgwNoRoute,
    /// the transit gateway route that matches is a blackhole (TGW-7)
    TgwBlackhole,
    /// a transit gateway attachment on the path is not available, e.g. a cross-account attachment not accepted (TGW-22)
    TgwAttachmentNotAvailable,
    /// traffic that entered the endpoint's VPC from outside (a transit gateway, a VPN, Direct Connect) cannot use its gateway endpoint (GW-11, TGW-23)
    GatewayEndpointNotTransitive,
    /// cross-zone load balancing is off for the listener's target group and the load balancer node in the endpoint interface's AZ has no healthy target; other AZs have some, so it does not fail open (ES-5, ES-21, ES-22)
    ElbNoHealthyTargetInAz,
    /// the endpoint is in another Region than its service: the endpoint service does not list that Region in `supported_regions` (ES-15, ES-17), the AWS service offers no cross-Region endpoints (IF-30), or the consumer's AZ has no cross-Region access (ES-16, IF-31)
    CrossRegionNotSupported,
    /// a machine at a site sends only what the site learned from its connections, and none covers the destination (SITE-7, SITE-8, SITE-9)
    SiteNoRoute,
    /// a virtual private gateway forwards only to prefixes it learned from its connections (or its VPC's CIDR); it drops the rest (SITE-4)
    VgwUnknownPrefix,
    /// a forwarded DNS query cannot reach its target: no route, connection, security group or ACL lets UDP 53 from the forwarding server (a site's DNS server, a Resolver outbound endpoint) reach it (RSLV-4, RSLV-6, RSLV-10, RSLV-18)
    DnsForwardUnreachable,
    /// DNS forwarding returns to a server already asked (a Resolver rule associated with the inbound endpoint's VPC sending the query back out, RSLV-11)
    DnsForwardLoop,
    /// the resource endpoint's account may not use its resource configuration: the configuration belongs to another account and is not shared with this one through AWS RAM, or the share was not accepted (ES-26)
    ResourceNotShared,
    /// the resource configuration does not carry this protocol and port: it accepts TCP only, on its port ranges (ES-28)
    ResourcePortNotAllowed,
    /// the resource configuration is not associated with the service network of the service-network endpoint, so the endpoint does not reach it (ES-34)
    ResourceNotAssociated,
}

impl Reason {
    /// Every code, in the order a trace meets them.
    pub const ALL: &[Reason] = &[
        Reason::DnsResolutionDisabled,
        Reason::DnsNoAnswer,
        Reason::NoRoute,
        Reason::BlackholeRoute,
        Reason::SgOutboundDeny,
        Reason::SgInboundDeny,
        Reason::NaclOutboundDeny,
        Reason::NaclInboundDeny,
        Reason::NaclReturnDeny,
        Reason::ProtocolUnsupported,
        Reason::EndpointNotAvailable,
        Reason::ServicePrincipalNotAllowed,
        Reason::ServiceZoneUnsupported,
        Reason::EndpointWrongRegion,
        Reason::EndpointPolicyDeny,
        Reason::EndpointPolicyNoAllow,
        Reason::BucketPolicyDeny,
        Reason::InstanceConnectPort,
        Reason::NoPublicAddress,
        Reason::NoListener,
        Reason::UnreachableTarget,
        Reason::BucketPolicyNoAllow,
        Reason::PeeringNotTransitive,
        Reason::PeeringNotActive,
        Reason::NoReturnRoute,
        Reason::IgwPrivateDestination,
        Reason::NlbSgIngressDenied,
        Reason::WrongDestination,
        Reason::EiceClientIpPreservationUnsupported,
        Reason::TgwNoAttachmentInZone,
        Reason::TgwNotAssociated,
        Reason::TgwNoRoute,
        Reason::TgwBlackhole,
        Reason::TgwAttachmentNotAvailable,
        Reason::GatewayEndpointNotTransitive,
        Reason::ElbNoHealthyTargetInAz,
        Reason::CrossRegionNotSupported,
        Reason::SiteNoRoute,
        Reason::VgwUnknownPrefix,
        Reason::DnsForwardUnreachable,
        Reason::DnsForwardLoop,
        Reason::ResourceNotShared,
        Reason::ResourcePortNotAllowed,
        Reason::ResourceNotAssociated,
    ];

    /// The code as written in JSON, expectations and the README.
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::DnsResolutionDisabled => "DNS_RESOLUTION_DISABLED",
            Reason::DnsNoAnswer => "DNS_NO_ANSWER",
            Reason::NoRoute => "NO_ROUTE",
            Reason::BlackholeRoute => "BLACKHOLE_ROUTE",
            Reason::SgOutboundDeny => "SG_OUTBOUND_DENY",
            Reason::SgInboundDeny => "SG_INBOUND_DENY",
            Reason::NaclOutboundDeny => "NACL_OUTBOUND_DENY",
            Reason::NaclInboundDeny => "NACL_INBOUND_DENY",
            Reason::NaclReturnDeny => "NACL_RETURN_DENY",
            Reason::ProtocolUnsupported => "PROTOCOL_UNSUPPORTED",
            Reason::EndpointNotAvailable => "ENDPOINT_NOT_AVAILABLE",
            Reason::ServicePrincipalNotAllowed => "SERVICE_PRINCIPAL_NOT_ALLOWED",
            Reason::ServiceZoneUnsupported => "SERVICE_ZONE_UNSUPPORTED",
            Reason::EndpointWrongRegion => "ENDPOINT_WRONG_REGION",
            Reason::EndpointPolicyDeny => "ENDPOINT_POLICY_DENY",
            Reason::EndpointPolicyNoAllow => "ENDPOINT_POLICY_NO_ALLOW",
            Reason::BucketPolicyDeny => "BUCKET_POLICY_DENY",
            Reason::InstanceConnectPort => "INSTANCE_CONNECT_PORT",
            Reason::NoPublicAddress => "NO_PUBLIC_ADDRESS",
            Reason::NoListener => "NO_LISTENER",
            Reason::UnreachableTarget => "UNREACHABLE_TARGET",
            Reason::BucketPolicyNoAllow => "BUCKET_POLICY_NO_ALLOW",
            Reason::PeeringNotTransitive => "PEERING_NOT_TRANSITIVE",
            Reason::PeeringNotActive => "PEERING_NOT_ACTIVE",
            Reason::NoReturnRoute => "NO_RETURN_ROUTE",
            Reason::IgwPrivateDestination => "IGW_PRIVATE_DESTINATION",
            Reason::NlbSgIngressDenied => "NLB_SG_INGRESS_DENIED",
            Reason::WrongDestination => "WRONG_DESTINATION",
            Reason::EiceClientIpPreservationUnsupported => {
                "EICE_CLIENT_IP_PRESERVATION_UNSUPPORTED"
            }
            Reason::TgwNoAttachmentInZone => "TGW_NO_ATTACHMENT_IN_ZONE",
            Reason::TgwNotAssociated => "TGW_NOT_ASSOCIATED",
            Reason::TgwNoRoute => "TGW_NO_ROUTE",
            Reason::TgwBlackhole => "TGW_BLACKHOLE",
            Reason::TgwAttachmentNotAvailable => "TGW_ATTACHMENT_NOT_AVAILABLE",
            Reason::GatewayEndpointNotTransitive => "GATEWAY_ENDPOINT_NOT_TRANSITIVE",
            Reason::ElbNoHealthyTargetInAz => "ELB_NO_HEALTHY_TARGET_IN_AZ",
            Reason::CrossRegionNotSupported => "CROSS_REGION_NOT_SUPPORTED",
            Reason::SiteNoRoute => "SITE_NO_ROUTE",
            Reason::VgwUnknownPrefix => "VGW_UNKNOWN_PREFIX",
            Reason::DnsForwardUnreachable => "DNS_FORWARD_UNREACHABLE",
            Reason::DnsForwardLoop => "DNS_FORWARD_LOOP",
            Reason::ResourceNotShared => "RESOURCE_NOT_SHARED",
            Reason::ResourcePortNotAllowed => "RESOURCE_PORT_NOT_ALLOWED",
            Reason::ResourceNotAssociated => "RESOURCE_NOT_ASSOCIATED",
        }
    }

    /// One line saying when the code is given, with its rule ids.
    pub const fn meaning(self) -> &'static str {
        match self {
            Reason::DnsResolutionDisabled => {
                "the source VPC has dns_support: false, so the Amazon-provided resolver answers nothing (DNS-4)"
            }
            Reason::DnsNoAnswer => {
                "the name does not resolve from the source's VPC: no record (DNS-12), a private zone shadowing it (DNS-8, DNS-11), the VPC's DNS attributes off for private names (DNS-5), a CNAME loop, an endpoint service's name no endpoint serves (ES-2, ES-13, ES-14), or an endpoint that publishes AAAA records only (IF-28)"
            }
            Reason::NoRoute => {
                "no route in the source subnet's route table matches the destination address (RT-11)"
            }
            Reason::BlackholeRoute => {
                "the matched route's target is gone or unusable, e.g. a NAT gateway whose subnet has no internet route (RT-8, RT-16)"
            }
            Reason::SgOutboundDeny => {
                "no outbound rule of the source's security groups allows the traffic (SG-2)"
            }
            Reason::SgInboundDeny => {
                "no inbound rule of the destination's (or the endpoint interface's) security groups allows the traffic (SG-2, IF-11)"
            }
            Reason::NaclOutboundDeny => {
                "a network ACL denies the traffic as it leaves a subnet (NACL-3)"
            }
            Reason::NaclInboundDeny => {
                "a network ACL denies the traffic as it enters a subnet (NACL-3)"
            }
            Reason::NaclReturnDeny => {
                "a network ACL denies the reply to the client's ephemeral port; ACLs are stateless (NACL-2, NACL-7)"
            }
            Reason::ProtocolUnsupported => {
                "the endpoint does not carry this protocol: gateway endpoints and AWS-service interface endpoints carry TCP only (GW-9, IF-7)"
            }
            Reason::EndpointNotAvailable => {
                "the endpoint is not in the available state (pending acceptance, rejected, failed, ...) (ES-7, ES-8)"
            }
            Reason::ServicePrincipalNotAllowed => {
                "the endpoint's account is not among the endpoint service's allowed principals (ES-6)"
            }
            Reason::ServiceZoneUnsupported => {
                "the endpoint interface used is in an AZ ID where the service is not offered (IF-3, ES-10, ES-11), or a resource reached through a service-network endpoint has its resource gateway in none of the endpoint's AZ IDs (ES-39)"
            }
            Reason::EndpointWrongRegion => {
                "the request targets another region than the endpoint's; endpoints are regional (GW-10)"
            }
            Reason::EndpointPolicyDeny => {
                "the endpoint policy explicitly denies the request (POL-6)"
            }
            Reason::EndpointPolicyNoAllow => {
                "no statement of the endpoint policy allows the request: implicit deny (POL-2)"
            }
            Reason::BucketPolicyDeny => {
                "the bucket policy explicitly denies the request, e.g. an aws:SourceVpce mismatch (GW-24, POL-25)"
            }
            Reason::InstanceConnectPort => {
                "an EC2 Instance Connect endpoint carries only ports 22 and 3389 (EICE-2)"
            }
            Reason::NoPublicAddress => {
                "the path leaves through an internet gateway but the source has no public address (RT-15)"
            }
            Reason::NoListener => {
                "nothing listens on this protocol and port: the endpoint service's load balancer has no such listener (ES-5), or an AWS API is asked on a port other than 443 (D-1)"
            }
            Reason::UnreachableTarget => {
                "nothing delivers to the destination address: no interface holds it, or the path leaves the model (transit or VPN gateway) towards something the model does not describe"
            }
            Reason::BucketPolicyNoAllow => {
                "cross-account (or anonymous) request and the bucket policy has no statement allowing it; the resource account must allow it (§8.2 step 5, XACCT)"
            }
            Reason::PeeringNotTransitive => {
                "traffic sent over a VPC peering to an address outside the peer VPC's CIDRs; peering is not transitive (RT-17, GW-11)"
            }
            Reason::PeeringNotActive => {
                "the route's VPC peering connection is not active (RT-8, RA BAD_STATE)"
            }
            Reason::NoReturnRoute => {
                "the reply finds no route back: the destination subnet's table (RT-1, RT-17), or across a transit gateway that table and the TGW route table associated with the destination's attachment (TGW-5), or a site whose connections taught it no way back (SITE-10)"
            }
            Reason::IgwPrivateDestination => {
                "an internet gateway does not carry traffic to private (RFC 1918 / RFC 6598) addresses (RT-15)"
            }
            Reason::NlbSgIngressDenied => {
                "the endpoint service's load balancer security groups enforce inbound rules on PrivateLink traffic and none allows the client (ES-4)"
            }
            Reason::WrongDestination => {
                "the packet is delivered, but to another object than the one asked for: two VPCs share an address range and the route leads to the other one (TGW-9, RT-4)"
            }
            Reason::EiceClientIpPreservationUnsupported => {
                "an EC2 Instance Connect endpoint with client IP preservation on reaches only instances in its own VPC (EICE-6)"
            }
            Reason::TgwNoAttachmentInZone => {
                "the VPC's transit gateway attachment has no subnet in the sender's AZ, so nothing there reaches the transit gateway, replies included (TGW-13)"
            }
            Reason::TgwNotAssociated => {
                "the attachment the packet enters by is associated with no transit gateway route table (TGW-2)"
            }
            Reason::TgwNoRoute => {
                "the transit gateway route table associated with the entering attachment has no route for the destination; it has no default route (TGW-8)"
            }
            Reason::TgwBlackhole => "the transit gateway route that matches is a blackhole (TGW-7)",
            Reason::TgwAttachmentNotAvailable => {
                "a transit gateway attachment on the path is not available, e.g. a cross-account attachment not accepted (TGW-22)"
            }
            Reason::GatewayEndpointNotTransitive => {
                "traffic that entered the endpoint's VPC from outside (a transit gateway, a VPN, Direct Connect) cannot use its gateway endpoint (GW-11, TGW-23)"
            }
            Reason::ElbNoHealthyTargetInAz => {
                "cross-zone load balancing is off for the listener's target group and the load balancer node in the endpoint interface's AZ has no healthy target; other AZs have some, so it does not fail open (ES-5, ES-21, ES-22)"
            }
            Reason::CrossRegionNotSupported => {
                "the endpoint is in another Region than its service: the endpoint service does not list that Region in `supported_regions` (ES-15, ES-17), the AWS service offers no cross-Region endpoints (IF-30), or the consumer's AZ has no cross-Region access (ES-16, IF-31)"
            }
            Reason::SiteNoRoute => {
                "a machine at a site sends only what the site learned from its connections, and none covers the destination (SITE-7, SITE-8, SITE-9)"
            }
            Reason::VgwUnknownPrefix => {
                "a virtual private gateway forwards only to prefixes it learned from its connections (or its VPC's CIDR); it drops the rest (SITE-4)"
            }
            Reason::DnsForwardUnreachable => {
                "a forwarded DNS query cannot reach its target: no route, connection, security group or ACL lets UDP 53 from the forwarding server (a site's DNS server, a Resolver outbound endpoint) reach it (RSLV-4, RSLV-6, RSLV-10, RSLV-18)"
            }
            Reason::DnsForwardLoop => {
                "DNS forwarding returns to a server already asked (a Resolver rule associated with the inbound endpoint's VPC sending the query back out, RSLV-11)"
            }
            Reason::ResourceNotShared => {
                "the resource endpoint's account may not use its resource configuration (or the service-network endpoint's account its service network): it belongs to another account and is not shared with this one through AWS RAM, or the share was not accepted (ES-26, ES-33)"
            }
            Reason::ResourcePortNotAllowed => {
                "the resource configuration does not carry this protocol and port: it accepts TCP only, on its port ranges (ES-28)"
            }
            Reason::ResourceNotAssociated => {
                "the resource configuration is not associated with the service network of the service-network endpoint, so the endpoint does not reach it (ES-34)"
            }
        }
    }

    /// The code named by `s`, if it is one.
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.iter().copied().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Reason {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reason::parse(s).ok_or_else(|| format!("unknown failure code {s}"))
    }
}

impl PartialEq<str> for Reason {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_shouty_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for r in Reason::ALL {
            let c = r.as_str();
            assert!(seen.insert(c), "duplicate {c}");
            assert!(
                c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'),
                "{c}"
            );
            assert!(!r.meaning().is_empty());
            assert_eq!(Reason::parse(c), Some(*r));
            assert_eq!(serde_json::to_value(r).unwrap(), serde_json::json!(c));
        }
    }
}
