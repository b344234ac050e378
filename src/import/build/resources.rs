//! VPC Lattice resource gateways and resource configurations (the provider side of resource
//! endpoints, ES-26..ES-32), from `aws vpc-lattice get-resource-gateway` /
//! `list-resource-gateways` and `get-resource-configuration` (`list-resource-configurations`
//! lacks the definition and port ranges), and who a configuration is shared with, from
//! `aws ram get-resource-share-associations` or, when that was not captured, from the resource
//! endpoints that use it.

use super::*;

/// `rcfg-…` from a resource configuration's ARN (`…:resourceconfiguration/rcfg-…`) or id.
pub(super) fn rcfg_id(arn_or_id: &str) -> Option<String> {
    let last = arn_or_id.trim().rsplit('/').next()?;
    (last.starts_with("rcfg-") && last.len() > 5).then(|| last.to_string())
}

/// The statuses of a resource gateway or configuration that is not (or no longer) there.
fn gone(status: Option<&str>) -> bool {
    matches!(
        status.map(str::to_ascii_uppercase).as_deref(),
        Some("DELETE_IN_PROGRESS" | "CREATE_FAILED" | "DELETE_FAILED")
    )
}

impl B<'_> {
    /// Resource gateways, then the SINGLE resource configurations on them.
    pub(super) fn resources(&mut self) {
        self.resource_gateways_pass();
        self.resource_configurations_pass();
    }

    fn resource_gateways_pass(&mut self) {
        let c = self.c;
        for x in dedup(&c.resource_gateways, |g| &g.id, self.r, "resource gateway") {
            let g = &x.v;
            let id = g.id.clone();
            if gone(g.status.as_deref()) {
                self.r
                    .skip("resource gateways being deleted or failed", id.clone());
                continue;
            }
            let Some(vpc) = g.vpc_id.clone().filter(|v| self.vpcs.contains_key(v)) else {
                self.r.skip("resource gateways in VPCs not captured", id);
                continue;
            };
            match g
                .ip_address_type
                .as_deref()
                .map(str::to_ascii_uppercase)
                .as_deref()
            {
                Some("IPV6") => {
                    self.r
                        .skip("IPv6-only resource gateways (not modelled)", id);
                    continue;
                }
                Some("DUALSTACK") => self.r.skip(
                    "IPv6 side of dual-stack resource gateways (traced over IPv4 only)",
                    id.clone(),
                ),
                _ => {}
            }
            let mut subnets = Vec::new();
            for s in &g.subnet_ids {
                if self.subnet_vpc.get(s) == Some(&vpc) {
                    subnets.push(s.clone());
                } else {
                    self.r.skip(
                        "resource gateway subnets not captured",
                        format!("{id} -> {s}"),
                    );
                }
            }
            if subnets.is_empty() {
                self.r
                    .skip("resource gateways none of whose subnets were captured", id);
                continue;
            }
            let security_groups = self.keep_groups(&id, g.security_group_ids.clone());
            if !self.claim(&id, "resource gateways") {
                continue;
            }
            self.r.infer(format!(
                "{id}: its interfaces' addresses are not in the vpc-lattice output; the loader derives one per subnet"
            ));
            self.resource_gateways.push(doc::ResourceGateway {
                id,
                name: g.name.clone().filter(|n| !n.trim().is_empty()),
                vpc,
                subnets,
                security_groups,
            });
        }
        self.resource_gateways.sort_by(|a, b| a.id.cmp(&b.id));
    }

    fn resource_configurations_pass(&mut self) {
        let c = self.c;
        // get-resource-configuration (with its definition) wins over a list summary.
        let mut by_id: BTreeMap<&str, &aws::ResourceConfiguration> = BTreeMap::new();
        for x in &c.resource_configurations {
            let v = &x.v;
            if v.id.is_empty() {
                self.r.skip("resource configurations without an id", "");
                continue;
            }
            let better = by_id.get(v.id.as_str()).is_none_or(|old| {
                old.resource_configuration_definition.is_none()
                    && v.resource_configuration_definition.is_some()
            });
            if better {
                by_id.insert(v.id.as_str(), v);
            }
        }
        let gateways: HashSet<String> = self
            .resource_gateways
            .iter()
            .map(|g| g.id.clone())
            .collect();
        for (id, v) in by_id {
            let id = id.to_string();
            if gone(v.status.as_deref()) {
                self.r
                    .skip("resource configurations being deleted or failed", id);
                continue;
            }
            let kind = v.kind.as_deref().unwrap_or("SINGLE").to_ascii_uppercase();
            if kind != "SINGLE" {
                self.r.skip(
                    &format!("{kind} resource configurations (not modelled: only SINGLE)"),
                    id,
                );
                continue;
            }
            if let Some(p) = v.protocol.as_deref()
                && !p.eq_ignore_ascii_case("tcp")
            {
                self.r.skip(
                    "resource configurations for protocols other than TCP",
                    format!("{id} ({p})"),
                );
                continue;
            }
            let Some(def) = &v.resource_configuration_definition else {
                self.r.skip(
                    "resource configurations without their definition (capture vpc-lattice get-resource-configuration)",
                    id,
                );
                continue;
            };
            let (ip, domain) = if let Some(r) = &def.ip_resource {
                match ipv4(&r.ip_address) {
                    Some(a) => (Some(a.to_string()), None),
                    None => {
                        self.r.skip(
                            "resource configurations on IPv6 or unreadable addresses",
                            format!("{id} ({})", r.ip_address),
                        );
                        continue;
                    }
                }
            } else if let Some(d) = &def.dns_resource {
                let name = dns_name(&d.domain_name);
                if name.is_empty() {
                    self.r
                        .skip("resource configurations with an empty domain name", id);
                    continue;
                }
                (None, Some(name))
            } else if def.arn_resource.is_some() {
                self.r.skip(
                    "ARN resource configurations (RDS and other AWS resources, not modelled)",
                    id,
                );
                continue;
            } else {
                self.r
                    .skip("resource configurations with an empty definition", id);
                continue;
            };
            let Some(gw) = v
                .resource_gateway_id
                .clone()
                .filter(|g| gateways.contains(g))
            else {
                self.r.skip(
                    "resource configurations whose resource gateway was not captured",
                    format!(
                        "{id} -> {}",
                        v.resource_gateway_id.as_deref().unwrap_or("?")
                    ),
                );
                continue;
            };
            let port_ranges = match v.port_ranges.as_deref() {
                None | Some([]) => None,
                Some(list) => {
                    let parts: Vec<String> = list
                        .iter()
                        .flat_map(|p| p.split(','))
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect();
                    if parts.iter().any(|p| !port_range_ok(p)) {
                        self.r.skip(
                            "resource configurations with unreadable port ranges",
                            format!("{id} ({})", list.join(",")),
                        );
                        continue;
                    }
                    Some(parts.join(","))
                }
            };
            if let Some(d) = v.custom_domain_name.as_deref().filter(|d| !d.is_empty()) {
                self.r.skip(
                    "custom domain names of resource configurations (not modelled)",
                    format!("{id} ({d})"),
                );
            }
            if !self.claim(&id, "resource configurations") {
                continue;
            }
            self.resource_configurations
                .push(doc::ResourceConfiguration {
                    id,
                    name: v.name.clone().filter(|n| !n.trim().is_empty()),
                    resource_gateway: gw,
                    ip,
                    domain,
                    port_ranges,
                    shared_with: Vec::new(),
                    allow_association_to_shareable_service_network: v
                        .allow_association_to_shareable_service_network
                        == Some(true),
                });
        }
    }

    /// A resource endpoint's configuration id, if it was imported; reports why not otherwise.
    pub(super) fn resource_target(&mut self, e: &aws::VpcEndpoint) -> Option<String> {
        let id = &e.vpc_endpoint_id;
        let Some(arn) = e.resource_configuration_arn.as_deref() else {
            self.r
                .skip("resource endpoints without a ResourceConfigurationArn", id);
            return None;
        };
        let Some(rcfg) = rcfg_id(arn) else {
            self.r.skip(
                "resource endpoints with an unreadable ResourceConfigurationArn",
                format!("{id} ({arn})"),
            );
            return None;
        };
        if self.resource_configurations.iter().any(|c| c.id == rcfg) {
            Some(rcfg)
        } else {
            self.r.skip(
                "resource endpoints whose resource configuration was not imported (capture vpc-lattice get-resource-configuration and get-resource-gateway in its owner's account)",
                format!("{id} -> {rcfg}"),
            );
            None
        }
    }

    /// `shared_with` of each configuration: the accounts AWS RAM shares it with (principals of
    /// the shares whose resources name its ARN); without RAM captures for it, the accounts of
    /// the resource endpoints that use it (AWS let them connect, so it was shared; inferred).
    pub(super) fn resource_sharing(&mut self) {
        if self.resource_configurations.is_empty() {
            return;
        }
        let ram = self.ram_principals(rcfg_id);
        // Configuration id -> the accounts of the endpoints that use it.
        let mut users: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
        for v in self.vpcs.values() {
            for e in &v.endpoints {
                if let Some(r) = &e.resource_configuration {
                    users
                        .entry(r.clone())
                        .or_default()
                        .insert((v.account.clone(), e.id.clone()));
                }
            }
        }
        let gateway_vpc: HashMap<&str, &str> = self
            .resource_gateways
            .iter()
            .map(|g| (g.id.as_str(), g.vpc.as_str()))
            .collect();
        let mut notes = Notes::default();
        for cfg in &mut self.resource_configurations {
            let owner = gateway_vpc
                .get(cfg.resource_gateway.as_str())
                .and_then(|v| self.vpcs.get(*v))
                .map(|v| v.account.clone())
                .unwrap_or_default();
            cfg.shared_with = shared_with(
                &cfg.id,
                &owner,
                ram.get(&cfg.id),
                users.get(&cfg.id),
                &mut notes,
            );
        }
        notes.flush(self.r);
    }

    /// AWS RAM: resource id (`id_of` the associated entity's ARN) -> the principals of the
    /// shares naming it (an entry, perhaps empty, for every resource a share names).
    pub(super) fn ram_principals(
        &self,
        id_of: impl Fn(&str) -> Option<String>,
    ) -> HashMap<String, Vec<String>> {
        let associated = |a: &aws::ResourceShareAssociation| {
            a.status
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case("associated"))
        };
        // share ARN -> resource ids; share ARN -> principals.
        let mut share_resources: HashMap<&str, Vec<String>> = HashMap::new();
        let mut share_principals: HashMap<&str, Vec<String>> = HashMap::new();
        for x in &self.c.share_associations {
            let a = &x.v;
            if !associated(a) {
                continue;
            }
            match a.association_type.to_ascii_uppercase().as_str() {
                "RESOURCE" => {
                    if let Some(r) = id_of(&a.associated_entity) {
                        share_resources
                            .entry(a.resource_share_arn.as_str())
                            .or_default()
                            .push(r);
                    }
                }
                "PRINCIPAL" => share_principals
                    .entry(a.resource_share_arn.as_str())
                    .or_default()
                    .push(a.associated_entity.clone()),
                _ => {}
            }
        }
        let mut ram: HashMap<String, Vec<String>> = HashMap::new();
        for (share, resources) in &share_resources {
            let principals = share_principals.get(share).cloned().unwrap_or_default();
            for r in resources {
                ram.entry(r.clone())
                    .or_default()
                    .extend(principals.iter().cloned());
            }
        }
        ram
    }
}

/// What sharing decisions leave for the report.
#[derive(Default)]
pub(super) struct Notes {
    infer: Vec<String>,
    skip: Vec<(&'static str, String)>,
}

impl Notes {
    pub(super) fn flush(self, r: &mut Report) {
        for i in self.infer {
            r.infer(i);
        }
        for (k, e) in self.skip {
            r.skip(k, e);
        }
    }
}

/// Who a shareable resource (resource configuration, service network) `id` of `owner` is
/// shared with: the accounts among the RAM principals naming it (`ram`, None when no share
/// names it), and, when RAM does not say (not captured, or shared with an organization or
/// OU), the accounts of the endpoints that use it (`users`: account, endpoint), inferred.
pub(super) fn shared_with(
    id: &str,
    owner: &str,
    ram: Option<&Vec<String>>,
    users: Option<&BTreeSet<(String, String)>>,
    notes: &mut Notes,
) -> Vec<String> {
    let mut shared: BTreeSet<String> = BTreeSet::new();
    let mut org_wide = false;
    for p in ram.into_iter().flatten() {
        if is_account_id(p) {
            if p != owner {
                shared.insert(p.clone());
            }
        } else if p.contains(":organization/") || p.contains(":ou/") {
            org_wide = true;
        } else {
            notes.skip.push((
                "AWS RAM principals other than accounts, organizations and OUs (roles, users, services)",
                format!("{id} -> {p}"),
            ));
        }
    }
    for (account, endpoint) in users.into_iter().flatten() {
        if account == owner || shared.contains(account) {
            continue;
        }
        if ram.is_none() {
            notes.infer.push(format!(
                "{id}: shared with {account} (its endpoint {endpoint} uses it, which AWS allows only once shared; AWS RAM shares not captured)"
            ));
        } else if org_wide {
            notes.infer.push(format!(
                "{id}: shared with {account} (AWS RAM shares it with an organization or OU; membership not captured, taken from endpoint {endpoint})"
            ));
        } else {
            continue; // RAM says not shared: the trace says RESOURCE_NOT_SHARED.
        }
        shared.insert(account.clone());
    }
    shared.into_iter().collect()
}

/// A port or range as AWS's `portRanges` writes it: `443` or `1-65535`.
fn port_range_ok(p: &str) -> bool {
    let num = |s: &str| s.trim().parse::<u16>().ok().filter(|n| *n >= 1);
    match p.split_once('-') {
        Some((a, b)) => matches!((num(a), num(b)), (Some(a), Some(b)) if a <= b),
        None => num(p).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_ports() {
        assert_eq!(
            rcfg_id("arn:aws:vpc-lattice:us-east-1:222222222222:resourceconfiguration/rcfg-0a1b2c3d4e5f60718")
                .as_deref(),
            Some("rcfg-0a1b2c3d4e5f60718")
        );
        assert_eq!(rcfg_id("rcfg-x").as_deref(), Some("rcfg-x"));
        assert_eq!(rcfg_id("arn:aws:rds:us-east-1:1:db/x"), None);
        assert!(port_range_ok("5432"));
        assert!(port_range_ok("1-65535"));
        assert!(!port_range_ok("0"));
        assert!(!port_range_ok("9-2"));
        assert!(!port_range_ok("x"));
    }
}
