//! VPCs, their subnets and their DNS attributes.

use super::*;

impl B<'_> {
    pub(super) fn vpcs(&mut self) {
        let c = self.c;
        for x in dedup(&c.vpcs, |v| &v.vpc_id, self.r, "VPC") {
            let v = &x.v;
            let mut cidrs: Vec<String> = Vec::new();
            for a in &v.cidr_block_association_set {
                let state = a
                    .cidr_block_state
                    .as_ref()
                    .and_then(|s| s.state.clone())
                    .unwrap_or_default();
                if matches!(
                    state.as_str(),
                    "disassociated" | "disassociating" | "failed" | "failing"
                ) {
                    continue;
                }
                if let Some(n) = a.cidr_block.as_deref().and_then(cidr4) {
                    let s = n.to_string();
                    if !cidrs.contains(&s) {
                        cidrs.push(s);
                    }
                }
            }
            if cidrs.is_empty()
                && let Some(n) = v.cidr_block.as_deref().and_then(cidr4)
            {
                cidrs.push(n.to_string());
            }
            if cidrs.is_empty() {
                self.r.skip("VPCs without an IPv4 CIDR", v.vpc_id.clone());
                continue;
            }
            let mut ipv6: Vec<String> = Vec::new();
            for a in &v.ipv6_cidr_block_association_set {
                let state = a
                    .ipv6_cidr_block_state
                    .as_ref()
                    .and_then(|s| s.state.as_deref())
                    .unwrap_or("associated");
                if !state.eq_ignore_ascii_case("associated") {
                    continue;
                }
                match a
                    .ipv6_cidr_block
                    .as_deref()
                    .and_then(|c| c.trim().parse::<ipnet::Ipv6Net>().ok())
                {
                    Some(n) => ipv6.push(n.trunc().to_string()),
                    None => self
                        .r
                        .skip("unreadable IPv6 CIDR blocks of VPCs", v.vpc_id.clone()),
                }
            }
            if ipv6.len() > 1 {
                self.r.skip_n(
                    "additional IPv6 CIDR blocks of VPCs (the model has one per VPC: the first is written)",
                    ipv6.len() - 1,
                    v.vpc_id.clone(),
                );
            }
            if !self.claim(&v.vpc_id, "VPCs") {
                continue;
            }
            let account = v
                .owner_id
                .clone()
                .filter(|a| is_account_id(a))
                .or_else(|| self.acct(x.ctx))
                .unwrap_or_else(|| {
                    self.r.infer(format!(
                        "{}: owner account not captured; placeholder {PLACEHOLDER_ACCOUNT} written",
                        v.vpc_id
                    ));
                    PLACEHOLDER_ACCOUNT.to_string()
                });
            let region = self.region(x.ctx).unwrap_or_default();
            self.vpc_is_default.insert(v.vpc_id.clone(), v.is_default);
            if let Some(d) = &v.dhcp_options_id {
                self.vpc_dhcp.insert(v.vpc_id.clone(), d.clone());
            }
            self.vpcs.insert(
                v.vpc_id.clone(),
                doc::Vpc {
                    id: v.vpc_id.clone(),
                    name: name_tag(&v.tags),
                    account,
                    region,
                    cidrs,
                    ipv6_cidr: ipv6.into_iter().next(),
                    dns_support: true,
                    dns_hostnames: v.is_default,
                    ..doc::Vpc::default()
                },
            );
        }
    }

    pub(super) fn subnets(&mut self) {
        let c = self.c;
        let az_types: HashMap<&str, &str> = c
            .availability_zones
            .iter()
            .filter_map(|z| {
                z.v.zone_type
                    .as_deref()
                    .map(|t| (z.v.zone_name.as_str(), t))
            })
            .collect();
        let mut zone_regions: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        for x in dedup(&c.subnets, |s| &s.subnet_id, self.r, "subnet") {
            let s = &x.v;
            let Some(vpc) = self.vpcs.get(&s.vpc_id) else {
                self.r
                    .skip("subnets of VPCs not captured", s.subnet_id.clone());
                continue;
            };
            let Some(cidr) = s.cidr_block.as_deref().and_then(cidr4) else {
                self.r.skip("IPv6-only subnets", s.subnet_id.clone());
                continue;
            };
            if s.outpost_arn.is_some() {
                self.r.skip("Outposts subnets", s.subnet_id.clone());
                continue;
            }
            let zone = s.availability_zone.clone().unwrap_or_default();
            let zt = az_types
                .get(zone.as_str())
                .copied()
                .unwrap_or("availability-zone");
            if zt != "availability-zone" || zone_region(&zone).is_none() {
                self.r.skip(
                    "Local Zone and Wavelength Zone subnets",
                    s.subnet_id.clone(),
                );
                continue;
            }
            let inside = vpc
                .cidrs
                .iter()
                .filter_map(|c| cidr4(c))
                .any(|v| v.contains(&cidr));
            if !inside {
                self.r.skip(
                    "subnets outside their VPC's captured IPv4 CIDRs",
                    s.subnet_id.clone(),
                );
                continue;
            }
            if !self.claim(&s.subnet_id, "subnets") {
                continue;
            }
            if let Some(r) = zone_region(&zone) {
                *zone_regions
                    .entry(s.vpc_id.clone())
                    .or_default()
                    .entry(r.to_string())
                    .or_default() += 1;
            }
            self.subnet_vpc
                .insert(s.subnet_id.clone(), s.vpc_id.clone());
            self.subnet_cidr.insert(s.subnet_id.clone(), cidr);
            let vpc = self.vpcs.get_mut(&s.vpc_id).expect("checked");
            vpc.subnets.push(doc::Subnet {
                id: s.subnet_id.clone(),
                name: name_tag(&s.tags),
                zone,
                cidr: cidr.to_string(),
                route_table: None,
                network_acl: None,
                ipv6_cidr: None,
            });
        }
        // A VPC's region: where its subnets are, else its capture folder's.
        for (id, v) in self.vpcs.iter_mut() {
            if let Some(m) = zone_regions.get(id)
                && let Some((r, _)) = m.iter().max_by_key(|(_, n)| **n)
            {
                v.region = r.clone();
            }
            if v.region.is_empty() {
                self.r
                    .infer(format!("{id}: region not captured; us-east-1 assumed"));
                v.region = "us-east-1".to_string();
            }
        }
    }

    pub(super) fn dns_attributes(&mut self) {
        let c = self.c;
        let mut support: HashMap<&str, bool> = HashMap::new();
        let mut hostnames: HashMap<&str, bool> = HashMap::new();
        for a in &c.vpc_attributes {
            if let Some(v) = a.v.enable_dns_support.as_ref().and_then(|b| b.value) {
                support.entry(a.v.vpc_id.as_str()).or_insert(v);
            }
            if let Some(v) = a.v.enable_dns_hostnames.as_ref().and_then(|b| b.value) {
                hostnames.entry(a.v.vpc_id.as_str()).or_insert(v);
            }
        }
        let dhcp: HashMap<&str, &aws::DhcpOptions> = c
            .dhcp_options
            .iter()
            .map(|d| (d.v.dhcp_options_id.as_str(), &d.v))
            .collect();
        let stubs: HashSet<String> = self
            .vpcs
            .values()
            .filter(|v| {
                v.subnets.is_empty() && v.name.as_deref() == Some("peer VPC (not captured)")
            })
            .map(|v| v.id.clone())
            .collect();
        for (id, v) in self.vpcs.iter_mut() {
            if stubs.contains(id) {
                continue;
            }
            let private_dns_ep = v
                .endpoints
                .iter()
                .find(|e| e.kind == "interface" && e.private_dns == Some(true))
                .map(|e| e.id.clone());
            let is_default = self.vpc_is_default.get(id).copied().unwrap_or(false);
            let mut infer = |attr: &str, captured: Option<&bool>| -> bool {
                if let Some(b) = captured {
                    return *b;
                }
                if let Some(e) = &private_dns_ep {
                    self.r.infer(format!(
                        "{id}: {attr} = true (not captured; endpoint {e} has private DNS, which AWS allows only with both DNS attributes on)"
                    ));
                    return true;
                }
                let (value, why) = match attr {
                    "dns_support" => (true, "AWS's default"),
                    _ if is_default => (true, "AWS's default for a default VPC"),
                    _ => (false, "AWS's default"),
                };
                self.r
                    .infer(format!("{id}: {attr} = {value} (not captured; {why})"));
                value
            };
            v.dns_support = infer("dns_support", support.get(id.as_str()));
            v.dns_hostnames = infer("dns_hostnames", hostnames.get(id.as_str()));
            if let Some(d) = self.vpc_dhcp.get(id).and_then(|d| dhcp.get(d.as_str())) {
                let servers = resolver::dns_servers_of(d);
                // Written only when it is not AWS's default (the Amazon-provided resolver).
                if servers.iter().any(|s| s != "AmazonProvidedDNS") {
                    v.dns_servers = servers;
                }
            }
        }
    }
}
