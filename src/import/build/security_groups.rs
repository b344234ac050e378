//! Security groups and their rules.

use super::*;

impl B<'_> {
    pub(super) fn security_groups(&mut self) {
        let c = self.c;
        let groups = dedup(
            &c.security_groups,
            |g| &g.group_id,
            self.r,
            "security group",
        );
        let mut kept = Vec::new();
        for x in groups {
            let g = &x.v;
            match g.vpc_id.as_deref() {
                Some(v) if self.vpcs.contains_key(v) => {}
                Some(_) => {
                    self.r
                        .skip("security groups of VPCs not captured", g.group_id.clone());
                    continue;
                }
                None => {
                    self.r
                        .skip("EC2-Classic security groups (no VPC)", g.group_id.clone());
                    continue;
                }
            }
            if !self.claim(&g.group_id, "security groups") {
                continue;
            }
            self.sg_ids.insert(g.group_id.clone());
            kept.push(x);
        }
        for x in kept {
            let g = &x.v;
            let inbound = self.sg_rules(&g.group_id, &g.ip_permissions);
            let outbound = self.sg_rules(&g.group_id, &g.ip_permissions_egress);
            let name =
                name_tag(&g.tags).or_else(|| Some(g.group_name.clone()).filter(|n| !n.is_empty()));
            let is_default = g.group_name == "default";
            let vpc = self
                .vpcs
                .get_mut(g.vpc_id.as_deref().unwrap_or_default())
                .expect("checked");
            let default =
                if is_default && !vpc.security_groups.iter().any(|s| s.default == Some(true)) {
                    Some(true)
                } else if name.as_deref() == Some("default") {
                    Some(false)
                } else {
                    None
                };
            vpc.security_groups.push(doc::SecurityGroup {
                id: g.group_id.clone(),
                name,
                default,
                inbound,
                outbound,
            });
        }
    }

    pub(super) fn sg_rules(
        &mut self,
        owner: &str,
        perms: &[aws::IpPermission],
    ) -> Vec<doc::SgRule> {
        let mut out = Vec::new();
        for p in perms {
            if is_icmpv6(&p.ip_protocol) {
                self.r.skip("ICMPv6 security group rules", owner);
                continue;
            }
            let Some(proto) = protocol(&p.ip_protocol) else {
                self.r.skip(
                    "security group rules for protocols other than TCP, UDP, ICMP (not traced)",
                    owner,
                );
                continue;
            };
            let ports = if matches!(proto, "tcp" | "udp") {
                ports(p.from_port, p.to_port)
            } else {
                None
            };
            if proto == "icmp" && p.from_port.is_some_and(|f| f >= 0) {
                self.r.skip(
                    "ICMP type/code limits of security group rules (the rule is kept for all ICMP)",
                    owner,
                );
            }
            let rule = |peer: String, description: &Option<String>| doc::SgRule {
                protocol: proto.to_string(),
                ports: ports.clone(),
                peer,
                description: description.clone().filter(|d| !d.is_empty()),
            };
            for r in &p.ip_ranges {
                match cidr4(&r.cidr_ip) {
                    Some(n) => out.push(rule(n.to_string(), &r.description)),
                    None => self
                        .r
                        .skip("security group rules with an unreadable CIDR", owner),
                }
            }
            for r in &p.ipv6_ranges {
                match r.cidr_ipv6.trim().parse::<ipnet::Ipv6Net>() {
                    Ok(n) => out.push(rule(n.trunc().to_string(), &r.description)),
                    Err(_) => self
                        .r
                        .skip("security group rules with an unreadable CIDR", owner),
                }
            }
            for pl in &p.prefix_list_ids {
                if self.pl_known(&pl.prefix_list_id) {
                    out.push(rule(pl.prefix_list_id.clone(), &pl.description));
                } else {
                    self.r.skip(
                        "security group rules naming prefix lists not captured (describe-prefix-lists / get-managed-prefix-list-entries)",
                        format!("{owner} -> {}", pl.prefix_list_id),
                    );
                }
            }
            for g in &p.user_id_group_pairs {
                match &g.group_id {
                    Some(id) if self.sg_ids.contains(id) => out.push(rule(id.clone(), &g.description)),
                    Some(id) => self.r.skip(
                        "security group rules referencing groups not captured (other accounts or VPCs)",
                        format!("{owner} -> {id}"),
                    ),
                    None => self.r.skip("security group rules referencing groups by name only", owner),
                }
            }
        }
        out
    }
}
