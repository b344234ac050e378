//! Every failure code a trace can end with (`Trace::reason`), with a one-line meaning.
//!
//! The first block is TRACE.md's contract. The second block adds codes for reasons AWS-RULES §14
//! lists that TRACE.md has no code for; each names the rule that justifies it. The README
//! publishes this table, and `linkscope test` accepts exactly these codes in `reason:`.

/// (code, meaning), in the order a trace meets them.
pub const CODES: &[(&str, &str)] = &[
    // --- TRACE.md ---
    (
        "DNS_RESOLUTION_DISABLED",
        "the source VPC has dns_support: false, so the Amazon-provided resolver answers nothing (DNS-4)",
    ),
    (
        "DNS_NO_ANSWER",
        "the name does not resolve from the source's VPC (no record, a private zone shadowing it, or a CNAME loop) (DNS-11)",
    ),
    (
        "NO_ROUTE",
        "no route in the source subnet's route table matches the destination address (RT-11)",
    ),
    (
        "BLACKHOLE_ROUTE",
        "the matched route's target is gone or unusable, e.g. a NAT gateway whose subnet has no internet route (RT-8, RT-16)",
    ),
    (
        "SG_OUTBOUND_DENY",
        "no outbound rule of the source's security groups allows the traffic (SG-2)",
    ),
    (
        "SG_INBOUND_DENY",
        "no inbound rule of the destination's (or the endpoint interface's) security groups allows the traffic (SG-2, IF-11)",
    ),
    (
        "NACL_OUTBOUND_DENY",
        "a network ACL denies the traffic as it leaves a subnet (NACL-3)",
    ),
    (
        "NACL_INBOUND_DENY",
        "a network ACL denies the traffic as it enters a subnet (NACL-3)",
    ),
    (
        "NACL_RETURN_DENY",
        "a network ACL denies the reply to the client's ephemeral port; ACLs are stateless (NACL-2, NACL-7)",
    ),
    (
        "PROTOCOL_UNSUPPORTED",
        "the endpoint does not carry this protocol: gateway endpoints and AWS-service interface endpoints carry TCP only (GW-9, IF-7)",
    ),
    (
        "ENDPOINT_NOT_AVAILABLE",
        "the endpoint is not in the available state (pending acceptance, rejected, failed, ...) (ES-7, ES-8)",
    ),
    (
        "SERVICE_PRINCIPAL_NOT_ALLOWED",
        "the endpoint's account is not among the endpoint service's allowed principals (ES-6)",
    ),
    (
        "SERVICE_ZONE_UNSUPPORTED",
        "the endpoint interface used is in an AZ ID where the service is not offered (IF-3, ES-10, ES-11)",
    ),
    (
        "ENDPOINT_WRONG_REGION",
        "the request targets another region than the endpoint's; endpoints are regional (GW-10)",
    ),
    (
        "ENDPOINT_POLICY_DENY",
        "the endpoint policy explicitly denies the request (POL-6)",
    ),
    (
        "ENDPOINT_POLICY_NO_ALLOW",
        "no statement of the endpoint policy allows the request: implicit deny (POL-2)",
    ),
    (
        "BUCKET_POLICY_DENY",
        "the bucket policy explicitly denies the request, e.g. an aws:SourceVpce mismatch (GW-24, POL-25)",
    ),
    (
        "INSTANCE_CONNECT_PORT",
        "an EC2 Instance Connect endpoint carries only ports 22 and 3389 (EICE-2)",
    ),
    (
        "NO_PUBLIC_ADDRESS",
        "the path leaves through an internet gateway but the source has no public address (RT-15)",
    ),
    (
        "NO_LISTENER",
        "nothing listens on this protocol and port: the endpoint service's load balancer has no such listener (ES-5), or an AWS API is asked on a port other than 443 (D-1)",
    ),
    (
        "UNREACHABLE_TARGET",
        "nothing delivers to the destination address: no interface holds it, or the path leaves the model (transit or VPN gateway) towards something the model does not describe",
    ),
    // --- added from AWS-RULES §14 ---
    (
        "BUCKET_POLICY_NO_ALLOW",
        "cross-account (or anonymous) request and the bucket policy has no statement allowing it; the resource account must allow it (§8.2 step 5, XACCT)",
    ),
    (
        "PEERING_NOT_TRANSITIVE",
        "traffic sent over a VPC peering to an address outside the peer VPC's CIDRs; peering is not transitive (RT-17, GW-11)",
    ),
    (
        "PEERING_NOT_ACTIVE",
        "the route's VPC peering connection is not active (RT-8, RA BAD_STATE)",
    ),
    (
        "NO_RETURN_ROUTE",
        "the destination subnet's route table does not send replies back the way the request came (RT-1, RT-17)",
    ),
    (
        "IGW_PRIVATE_DESTINATION",
        "an internet gateway does not carry traffic to private (RFC 1918 / RFC 6598) addresses (RT-15)",
    ),
    (
        "NLB_SG_INGRESS_DENIED",
        "the endpoint service's load balancer security groups enforce inbound rules on PrivateLink traffic and none allows the client (ES-4)",
    ),
];

/// The meaning of a code, if it is one.
pub fn meaning(code: &str) -> Option<&'static str> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

/// Whether a string is a known failure code.
pub fn is_code(code: &str) -> bool {
    meaning(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_shouty() {
        let mut seen = std::collections::HashSet::new();
        for (c, m) in CODES {
            assert!(seen.insert(*c), "duplicate {c}");
            assert!(
                c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'),
                "{c}"
            );
            assert!(!m.is_empty());
        }
    }
}
