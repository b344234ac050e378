//! Availability zones: AZ name -> AZ ID per account.

use super::*;

impl B<'_> {
    /// AZ name -> AZ ID per account, from describe-availability-zones and the subnets'
    /// `AvailabilityZoneId`; names no capture maps are given AWS's default order and listed.
    pub(super) fn zones(&mut self) {
        let c = self.c;
        for z in &c.availability_zones {
            let zt = z.v.zone_type.as_deref().unwrap_or("availability-zone");
            if zt != "availability-zone" || zone_region(&z.v.zone_name).is_none() {
                self.r.skip(
                    "Local Zones and Wavelength Zones (describe-availability-zones)",
                    z.v.zone_name.clone(),
                );
                continue;
            }
            let (Some(acct), Some(id)) = (self.acct(z.ctx), z.v.zone_id.clone()) else {
                continue;
            };
            self.add_zone(&acct, &z.v.zone_name, &id);
        }
        let subnet_owner: HashMap<&str, Option<&String>> = c
            .subnets
            .iter()
            .map(|s| (s.v.subnet_id.as_str(), s.v.owner_id.as_ref()))
            .collect();
        let subnet_zone_id: HashMap<&str, &String> = c
            .subnets
            .iter()
            .filter_map(|s| {
                s.v.availability_zone_id
                    .as_ref()
                    .map(|z| (s.v.subnet_id.as_str(), z))
            })
            .collect();
        let mut needed: Vec<(String, String, String)> = Vec::new(); // (account, zone, subnet)
        for v in self.vpcs.values() {
            for s in &v.subnets {
                let acct = subnet_owner
                    .get(s.id.as_str())
                    .copied()
                    .flatten()
                    .filter(|a| is_account_id(a))
                    .cloned()
                    .unwrap_or_else(|| v.account.clone());
                // A subnet shared through RAM is seen by its owner; zones follow the VPC's account.
                let acct = if acct == v.account {
                    acct
                } else {
                    v.account.clone()
                };
                if let Some(id) = subnet_zone_id.get(s.id.as_str()) {
                    needed.push((acct.clone(), s.zone.clone(), (*id).clone()));
                } else {
                    needed.push((acct, s.zone.clone(), String::new()));
                }
            }
        }
        for (acct, zone, id) in &needed {
            if !id.is_empty() {
                self.add_zone(acct, zone, id);
            }
        }
        let mut uncaptured: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (acct, zone, _) in &needed {
            let known = self.zones.get(acct).is_some_and(|m| m.contains_key(zone));
            if known {
                continue;
            }
            if !self.zones_captured.contains(acct) {
                uncaptured
                    .entry(acct.clone())
                    .or_default()
                    .insert(zone.clone());
                continue;
            }
            let region = zone_region(zone).unwrap_or_default();
            let letter = zone.chars().last().unwrap_or('a');
            if let Some(abbr) = region_abbr(region) {
                let id = format!("{abbr}-az{}", (letter as u8).saturating_sub(b'a') + 1);
                self.r.infer(format!("account {acct}: AZ ID of {zone} not captured; {id} assumed (AWS's default order)"));
                self.zones
                    .entry(acct.clone())
                    .or_default()
                    .insert(zone.clone(), id);
            }
        }
        for (acct, zones) in uncaptured {
            let list: Vec<String> = zones.into_iter().collect();
            self.r.infer(format!(
                "account {acct}: AZ IDs not captured (describe-availability-zones); AWS's default order assumed for {}",
                list.join(", ")
            ));
        }
    }

    pub(super) fn add_zone(&mut self, acct: &str, name: &str, id: &str) {
        let m = self.zones.entry(acct.to_string()).or_default();
        match m.get(name) {
            Some(prev) if prev != id => {
                let msg = format!(
                    "account {acct}: {name} maps to both {prev} and {id} in the captures; {prev} kept"
                );
                self.r.note(msg);
            }
            Some(_) => {}
            None => {
                m.insert(name.to_string(), id.to_string());
            }
        }
        self.zones_captured.insert(acct.to_string());
    }
}
