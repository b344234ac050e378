//! Network ACLs.

use super::*;

impl B<'_> {
    pub(super) fn network_acls(&mut self) {
        let c = self.c;
        for x in dedup(
            &c.network_acls,
            |a| &a.network_acl_id,
            self.r,
            "network ACL",
        ) {
            let a = &x.v;
            if !self.vpcs.contains_key(&a.vpc_id) {
                self.r.skip(
                    "network ACLs of VPCs not captured",
                    a.network_acl_id.clone(),
                );
                continue;
            }
            if !self.claim(&a.network_acl_id, "network ACLs") {
                continue;
            }
            let mut inbound = Vec::new();
            let mut outbound = Vec::new();
            let mut seen: HashSet<(bool, i64)> = HashSet::new();
            for e in &a.entries {
                if e.rule_number >= 32767 {
                    continue; // the implicit `*` deny, which the model always has
                }
                let cidr = match (e.cidr_block.as_deref(), e.ipv6_cidr_block.as_deref()) {
                    (Some(c), _) => cidr4(c).map(|n| n.to_string()),
                    (None, Some(c)) => c
                        .trim()
                        .parse::<ipnet::Ipv6Net>()
                        .ok()
                        .map(|n| n.trunc().to_string()),
                    (None, None) => None,
                };
                let Some(cidr) = cidr else {
                    self.r.skip(
                        "network ACL entries without a readable CIDR",
                        a.network_acl_id.clone(),
                    );
                    continue;
                };
                if e.rule_number < 1 || !seen.insert((e.egress, e.rule_number)) {
                    self.r.skip(
                        "network ACL entries with an invalid or repeated rule number",
                        a.network_acl_id.clone(),
                    );
                    continue;
                }
                let Some(proto) = protocol(&e.protocol) else {
                    self.r.skip(
                        "network ACL entries for protocols other than TCP, UDP, ICMP (not traced)",
                        format!("{} rule {}", a.network_acl_id, e.rule_number),
                    );
                    continue;
                };
                let ports = if matches!(proto, "tcp" | "udp") {
                    e.port_range.as_ref().and_then(|p| ports(p.from, p.to))
                } else {
                    None
                };
                // The model has no ICMP type or code (MODEL.md): say so rather than widen
                // silently.
                if proto == "icmp"
                    && e.icmp_type_code
                        .as_ref()
                        .is_some_and(|t| t.kind.is_some_and(|k| k >= 0))
                {
                    self.r.skip(
                        "ICMP type/code limits of network ACL entries (the entry is kept for all ICMP)",
                        format!("{} rule {}", a.network_acl_id, e.rule_number),
                    );
                }
                let rule = doc::AclRule {
                    rule: e.rule_number as u32,
                    protocol: proto.to_string(),
                    ports,
                    cidr,
                    allow: e.rule_action.eq_ignore_ascii_case("allow"),
                };
                if e.egress {
                    outbound.push(rule)
                } else {
                    inbound.push(rule)
                }
            }
            inbound.sort_by_key(|r| r.rule);
            outbound.sort_by_key(|r| r.rule);
            if !a.is_default {
                for s in &a.associations {
                    if let Some(sid) = &s.subnet_id
                        && let Some(vpc) = self.vpcs.get_mut(&a.vpc_id)
                        && let Some(sub) = vpc.subnets.iter_mut().find(|x| &x.id == sid)
                    {
                        sub.network_acl = Some(a.network_acl_id.clone());
                    }
                }
            }
            let vpc = self.vpcs.get_mut(&a.vpc_id).expect("checked");
            if a.is_default && vpc.network_acls.iter().any(|n| n.default) {
                self.r.note(format!(
                    "{}: a second default network ACL in {}; marked non-default",
                    a.network_acl_id, a.vpc_id
                ));
            }
            let default = a.is_default && !vpc.network_acls.iter().any(|n| n.default);
            vpc.network_acls.push(doc::NetworkAcl {
                id: a.network_acl_id.clone(),
                name: name_tag(&a.tags),
                default,
                inbound,
                outbound,
            });
        }
    }
}
