//! The finished document and the report notes.

use super::*;

impl B<'_> {
    pub(super) fn finish(
        &mut self,
        label: &str,
        endpoint_services: Vec<doc::EndpointService>,
        hosted_zones: Vec<doc::HostedZone>,
        buckets: Vec<doc::Bucket>,
        services: Vec<doc::Service>,
    ) -> doc::Doc {
        // Top-level region: the most common VPC region.
        let mut regions: BTreeMap<&str, usize> = BTreeMap::new();
        for v in self.vpcs.values() {
            if !v.region.is_empty() {
                *regions.entry(v.region.as_str()).or_default() += 1;
            }
        }
        let region = regions
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(r, _)| r.to_string())
            .or_else(|| self.ctx_region.iter().flatten().next().cloned())
            .unwrap_or_else(|| "us-east-1".to_string());
        let mut accounts: BTreeSet<String> =
            self.vpcs.values().map(|v| v.account.clone()).collect();
        accounts.extend(endpoint_services.iter().map(|s| s.account.clone()));
        accounts.extend(self.service_networks.iter().map(|n| n.account.clone()));
        let accounts: Vec<doc::Account> = accounts
            .into_iter()
            .map(|id| doc::Account {
                zones: if self.zones_captured.contains(&id) {
                    self.zones.get(&id).cloned().unwrap_or_default()
                } else {
                    BTreeMap::new()
                },
                id,
                name: None,
            })
            .collect();
        let mut vpcs: Vec<doc::Vpc> = std::mem::take(&mut self.vpcs).into_values().collect();
        for v in &mut vpcs {
            if v.region.is_empty() {
                v.region = region.clone();
            }
            v.subnets.sort_by(|a, b| {
                let key = |s: &doc::Subnet| {
                    (
                        s.zone.clone(),
                        cidr4(&s.cidr).map(|n| u32::from(n.network())).unwrap_or(0),
                        s.id.clone(),
                    )
                };
                key(a).cmp(&key(b))
            });
            v.route_tables
                .sort_by(|a, b| (!a.main, &a.id).cmp(&(!b.main, &b.id)));
            v.network_acls
                .sort_by(|a, b| (!a.default, &a.id).cmp(&(!b.default, &b.id)));
            v.security_groups.sort_by(|a, b| {
                (a.default != Some(true), &a.id).cmp(&(b.default != Some(true), &b.id))
            });
            v.gateways.sort_by(|a, b| a.id.cmp(&b.id));
            v.peerings.sort_by(|a, b| a.id.cmp(&b.id));
            v.instances.sort_by(|a, b| a.id.cmp(&b.id));
            v.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
            for e in &mut v.endpoints {
                e.route_tables.sort();
                e.route_tables.dedup();
            }
        }
        vpcs.sort_by(|a, b| (&a.account, &a.id).cmp(&(&b.account, &b.id)));
        let prefix_lists = self
            .pls
            .iter()
            .map(|(id, (name, region, cidrs))| doc::PrefixList {
                id: id.clone(),
                name: name.clone(),
                region: region.clone(),
                cidrs: cidrs.clone(),
            })
            .collect();
        let mut endpoint_services = endpoint_services;
        endpoint_services.sort_by(|a, b| a.id.cmp(&b.id));
        doc::Doc {
            name: format!("Imported from {label}"),
            description: format!(
                "AWS resources imported by `linkscope import` from the captures in {label}."
            ),
            region,
            accounts,
            vpcs,
            endpoint_services,
            hosted_zones,
            buckets,
            services,
            prefix_lists,
            ..doc::Doc::default()
        }
    }
}
