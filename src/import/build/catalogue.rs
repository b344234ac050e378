//! Additions to the built-in service catalogue.

use super::*;

impl B<'_> {
    /// Additions to the built-in catalogue: a gateway endpoint's captured prefix list where
    /// the catalogue names another (or none), and interface services it does not know.
    pub(super) fn catalogue_additions(&mut self) -> Vec<doc::Service> {
        let c = self.c;
        let mut out: BTreeMap<String, doc::Service> = BTreeMap::new();
        let details: HashMap<&str, &aws::ServiceDetail> = c
            .service_details
            .iter()
            .map(|d| (d.v.service_name.as_str(), &d.v))
            .collect();
        let types_of = |d: Option<&&aws::ServiceDetail>| -> Vec<String> {
            let mut t: Vec<String> = d
                .map(|d| {
                    d.service_type
                        .iter()
                        .map(|t| t.service_type.to_ascii_lowercase())
                        .filter(|t| t == "gateway" || t == "interface")
                        .collect()
                })
                .unwrap_or_default();
            t.sort();
            t.dedup();
            t
        };
        let endpoints: Vec<(String, String, String, String)> = self
            .vpcs
            .values()
            .flat_map(|v| {
                v.endpoints.iter().filter_map(move |e| {
                    e.service
                        .clone()
                        .map(|s| (e.id.clone(), e.kind.clone(), s, v.account.clone()))
                })
            })
            .collect();
        for (eid, kind, svc, account) in endpoints {
            if !svc.starts_with("com.amazonaws.") || svc.starts_with("com.amazonaws.vpce.") {
                continue;
            }
            let builtin = self.builtin.service(&svc);
            if kind == "gateway" {
                let captured = self
                    .pls
                    .iter()
                    .find(|(_, (n, _, _))| n.as_deref() == Some(svc.as_str()));
                let builtin_pl = builtin.and_then(|b| b.prefix_list.clone());
                match captured {
                    Some((pl, (_, _, cidrs))) if builtin_pl.as_deref() != Some(pl.as_str()) => {
                        let mut types = builtin
                            .map(|b| {
                                b.types
                                    .iter()
                                    .map(|t| format!("{t:?}").to_ascii_lowercase())
                                    .collect::<Vec<_>>()
                            })
                            .unwrap_or_default();
                        if types.is_empty() {
                            types = types_of(details.get(svc.as_str()));
                        }
                        if !types.contains(&"gateway".to_string()) {
                            types.push("gateway".into());
                        }
                        types.sort();
                        out.insert(
                            svc.clone(),
                            doc::Service {
                                name: svc.clone(),
                                types,
                                prefix_list: Some(pl.clone()),
                                cidrs: cidrs.clone(),
                                ..Default::default()
                            },
                        );
                    }
                    Some(_) => {}
                    None if builtin_pl.is_none() => self.r.note(format!(
                        "{eid}: the prefix list of {svc} was neither captured (describe-prefix-lists) nor built in; its routes cannot be modelled"
                    )),
                    None => {}
                }
                continue;
            }
            if kind != "interface" || builtin.is_some() || out.contains_key(&svc) {
                continue;
            }
            let Some(d) = details.get(svc.as_str()) else {
                continue; // the loader warns that the service is unknown
            };
            let mut names: Vec<String> = d
                .private_dns_names
                .iter()
                .map(|n| dns_name(&n.private_dns_name))
                .collect();
            if names.is_empty()
                && let Some(n) = &d.private_dns_name
            {
                names.push(dns_name(n));
            }
            names.retain(|n| !n.is_empty());
            let dns = names.iter().find(|n| !n.starts_with('*')).cloned();
            let region = service_region(&svc).unwrap_or_default().to_string();
            let missing = self.missing_zone_ids(&account, &region, &d.availability_zones);
            let mut types = types_of(Some(d));
            if types.is_empty() {
                types.push("interface".into());
            }
            out.insert(
                svc.clone(),
                doc::Service {
                    name: svc.clone(),
                    dns,
                    types,
                    policy_supported: d.vpc_endpoint_policy_supported,
                    private_dns_names: names,
                    missing_zone_ids: missing,
                    ..Default::default()
                },
            );
        }
        out.into_values().collect()
    }

    /// AZ IDs of `region` the service does not list, from `account`'s captured zone map.
    pub(super) fn missing_zone_ids(
        &self,
        account: &str,
        region: &str,
        offered: &[String],
    ) -> Vec<String> {
        if offered.is_empty() || !self.zones_captured.contains(account) {
            return vec![];
        }
        let Some(m) = self.zones.get(account) else {
            return vec![];
        };
        let mut out: Vec<String> = m
            .iter()
            .filter(|(name, _)| zone_region(name) == Some(region) && !offered.contains(name))
            .map(|(_, id)| id.clone())
            .collect();
        out.sort();
        out
    }
}
