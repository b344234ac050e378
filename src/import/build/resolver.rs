//! Route 53 Resolver endpoints (with their addresses) and rules (with their VPC
//! associations), from `aws route53resolver list-resolver-endpoints`,
//! `list-resolver-endpoint-ip-addresses`, `list-resolver-rules` and
//! `list-resolver-rule-associations`.

use super::*;

/// Statuses of an endpoint, address or association that no longer serves queries.
fn gone(status: Option<&str>) -> bool {
    matches!(
        status,
        Some("DELETING" | "FAILED_CREATION" | "FAILED_DELETION" | "FAILED" | "DETACHING")
    )
}

impl B<'_> {
    pub(super) fn resolver_endpoints(&mut self) -> Vec<doc::ResolverEndpoint> {
        let c = self.c;
        let h = &c.hybrid;
        let mut out = Vec::new();
        for x in dedup(
            &h.resolver_endpoints,
            |e| &e.id,
            self.r,
            "Resolver endpoint",
        ) {
            let e = &x.v;
            if gone(e.status.as_deref()) {
                self.r
                    .skip("Resolver endpoints being deleted or failed", e.id.clone());
                continue;
            }
            let direction = match e.direction.as_deref() {
                Some("INBOUND") => "inbound",
                Some("OUTBOUND") => "outbound",
                other => {
                    self.r.skip(
                        "Resolver endpoints of a direction the model does not have (delegation)",
                        format!("{} ({})", e.id, other.unwrap_or("no direction")),
                    );
                    continue;
                }
            };
            let vpc = e.host_vpc_id.clone().unwrap_or_default();
            if !self.vpcs.contains_key(&vpc) {
                self.r
                    .skip("Resolver endpoints in VPCs not captured", e.id.clone());
                continue;
            }
            let mut ips: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut seen_any = false;
            for a in h.resolver_ips.iter().filter(|a| a.v.0 == e.id) {
                seen_any = true;
                let a = &a.v.1;
                if gone(a.status.as_deref()) {
                    continue;
                }
                if self.subnet_vpc.get(&a.subnet_id) != Some(&vpc) {
                    self.r.skip(
                        "Resolver endpoint addresses in subnets not captured",
                        format!("{}: {}", e.id, a.subnet_id),
                    );
                    continue;
                }
                let list = ips.entry(a.subnet_id.clone()).or_default();
                let ip = a.ip.as_deref().and_then(ipv4).filter(|ip| {
                    self.subnet_cidr
                        .get(&a.subnet_id)
                        .is_some_and(|n| n.contains(ip))
                });
                if let Some(ip) = ip
                    && self.used_ips.insert((vpc.clone(), ip))
                {
                    list.push(ip.to_string());
                }
            }
            if !seen_any {
                self.r.skip(
                    "Resolver endpoints whose addresses were not captured (list-resolver-endpoint-ip-addresses.<endpoint-id>.json)",
                    e.id.clone(),
                );
                continue;
            }
            if ips.is_empty() {
                self.r
                    .skip("Resolver endpoints with no usable address", e.id.clone());
                continue;
            }
            let mut groups = Vec::new();
            for g in &e.security_group_ids {
                if self.sg_ids.contains(g) {
                    groups.push(g.clone());
                } else {
                    self.r.skip(
                        "Resolver endpoint security groups not captured",
                        format!("{}: {g}", e.id),
                    );
                }
            }
            if !self.claim(&e.id, "Resolver endpoints") {
                continue;
            }
            let subnets: Vec<String> = ips.keys().cloned().collect();
            ips.retain(|_, v| !v.is_empty());
            out.push(doc::ResolverEndpoint {
                id: e.id.clone(),
                name: e.name.clone().filter(|n| !n.trim().is_empty()),
                direction: direction.into(),
                vpc,
                subnets,
                ips,
                security_groups: groups,
            });
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    pub(super) fn resolver_rules(
        &mut self,
        endpoints: &[doc::ResolverEndpoint],
    ) -> Vec<doc::ResolverRule> {
        let c = self.c;
        let h = &c.hybrid;
        let mut out = Vec::new();
        for x in dedup(&h.resolver_rules, |r| &r.id, self.r, "Resolver rule") {
            let r = &x.v;
            if gone(r.status.as_deref()) {
                self.r
                    .skip("Resolver rules being deleted or failed", r.id.clone());
                continue;
            }
            let kind = match r.rule_type.as_deref() {
                Some("FORWARD") => "forward",
                Some("SYSTEM") => "system",
                Some("DELEGATE") => "delegate",
                Some("RECURSIVE") => {
                    // Resolver's own "Internet Resolver" rule for `.`: what the model does anyway.
                    self.r.skip(
                        "Resolver's built-in recursive rules (the model resolves that way by default)",
                        r.id.clone(),
                    );
                    continue;
                }
                other => {
                    self.r.skip(
                        "Resolver rules of an unknown type",
                        format!("{} ({})", r.id, other.unwrap_or("none")),
                    );
                    continue;
                }
            };
            let domain = dns_name(r.domain_name.as_deref().unwrap_or_default());
            if domain.is_empty() {
                self.r.skip("Resolver rules without a domain", r.id.clone());
                continue;
            }
            let endpoint = if kind == "system" {
                None
            } else {
                let e = r.resolver_endpoint_id.clone().unwrap_or_default();
                if !endpoints
                    .iter()
                    .any(|x| x.id == e && x.direction == "outbound")
                {
                    self.r.skip(
                        "Resolver rules whose outbound endpoint was not imported",
                        format!("{} ({})", r.id, if e.is_empty() { "none" } else { &e }),
                    );
                    continue;
                }
                Some(e)
            };
            let targets: Vec<String> = r
                .target_ips
                .iter()
                .filter_map(|t| {
                    let ip = t.ip.as_deref().and_then(ipv4)?;
                    Some(match t.port {
                        Some(p) if p != 53 => format!("{ip}:{p}"),
                        _ => ip.to_string(),
                    })
                })
                .collect();
            if kind == "forward" && targets.is_empty() {
                self.r.skip(
                    "forward Resolver rules without an IPv4 target",
                    r.id.clone(),
                );
                continue;
            }
            let mut vpcs: Vec<String> = h
                .rule_associations
                .iter()
                .filter(|a| a.v.resolver_rule_id == r.id && !gone(a.v.status.as_deref()))
                .filter(|a| {
                    let ok = self.vpcs.contains_key(&a.v.vpc_id);
                    if !ok {
                        self.r.skip(
                            "Resolver rule associations with VPCs not captured",
                            format!("{}: {}", r.id, a.v.vpc_id),
                        );
                    }
                    ok
                })
                .map(|a| a.v.vpc_id.clone())
                .collect();
            vpcs.sort();
            vpcs.dedup();
            if !self.claim(&r.id, "Resolver rules") {
                continue;
            }
            out.push(doc::ResolverRule {
                id: r.id.clone(),
                name: r.name.clone().filter(|n| !n.trim().is_empty()),
                domain,
                kind: kind.into(),
                endpoint,
                targets,
                vpcs,
            });
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }
}

/// A VPC's DNS servers from its DHCP options (`domain-name-servers`): at most four (RSLV-16).
pub(super) fn dns_servers_of(d: &aws::DhcpOptions) -> Vec<String> {
    d.dhcp_configurations
        .iter()
        .filter(|c| c.key == "domain-name-servers")
        .flat_map(|c| c.values.iter())
        .filter_map(|v| v.value.as_ref().and_then(Value::as_str))
        .filter_map(|s| {
            if s.trim().eq_ignore_ascii_case("AmazonProvidedDNS") {
                Some("AmazonProvidedDNS".to_string())
            } else {
                ipv4(s).map(|ip| ip.to_string())
            }
        })
        .take(4)
        .collect()
}
