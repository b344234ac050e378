//! Route 53 hosted zones and their records.

use super::*;

impl B<'_> {
    pub(super) fn hosted_zones(&mut self) -> Vec<doc::HostedZone> {
        let c = self.c;
        let mut zones: BTreeMap<String, (String, bool)> = BTreeMap::new(); // id -> (name, private)
        for z in &c.hosted_zones {
            let id = zone_id(&z.v.id);
            if id.is_empty() {
                continue;
            }
            let private = z.v.config.as_ref().map(|c| c.private_zone).unwrap_or(false);
            let e = zones.entry(id).or_insert((dns_name(&z.v.name), private));
            e.1 |= private;
        }
        let mut assoc: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for a in &c.zone_vpcs {
            assoc
                .entry(a.v.0.clone())
                .or_default()
                .insert(a.v.1.vpc_id.clone());
        }
        let mut out = Vec::new();
        let mut records_done: HashSet<String> = HashSet::new();
        for (id, (name, private)) in &zones {
            if !private && !assoc.contains_key(id) {
                self.r.skip("public hosted zones", format!("{name} ({id})"));
                continue;
            }
            if !self.claim(id, "hosted zones") {
                continue;
            }
            let mut vpcs = Vec::new();
            for v in assoc.get(id).into_iter().flatten() {
                if self.vpcs.contains_key(v) {
                    vpcs.push(v.clone());
                } else {
                    self.r.skip(
                        "hosted zone associations with VPCs not captured",
                        format!("{name} -> {v}"),
                    );
                }
            }
            if !assoc.contains_key(id) {
                self.r.infer(format!("{name} ({id}): its VPC associations were not captured (route53 get-hosted-zone); none written"));
            }
            let mut records = Vec::new();
            let mut seen_sets = false;
            for rs in c.record_sets.iter().filter(|r| &r.v.0 == id) {
                seen_sets = true;
                for set in &rs.v.1 {
                    if let Some(rec) = self.record(name, set)
                        && !records
                            .iter()
                            .any(|r: &doc::Record| r.name == rec.name && r.kind == rec.kind)
                    {
                        records.push(rec);
                    }
                }
            }
            if seen_sets {
                records_done.insert(id.clone());
            } else {
                self.r.note(format!(
                    "{name} ({id}): record sets not captured (route53 list-resource-record-sets)"
                ));
            }
            records.sort_by(|a, b| (&a.name, &a.kind).cmp(&(&b.name, &b.kind)));
            out.push(doc::HostedZone {
                id: id.clone(),
                name: name.clone(),
                vpcs,
                records,
            });
        }
        for rs in &c.record_sets {
            if !zones.contains_key(&rs.v.0) {
                self.r.skip(
                    "record sets of hosted zones not captured (route53 list-hosted-zones)",
                    rs.v.0.clone(),
                );
            }
        }
        out.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        out
    }

    pub(super) fn record(
        &mut self,
        zone: &str,
        set: &aws::ResourceRecordSet,
    ) -> Option<doc::Record> {
        let name = dns_name(&set.name);
        if !(name == zone || name.ends_with(&format!(".{zone}"))) {
            self.r.skip("records outside their zone", name);
            return None;
        }
        let kind = set.kind.to_ascii_uppercase();
        let to_target = |b: &Self, v: &str| {
            let n = dns_name(v);
            let bare = n
                .trim_start_matches("*.")
                .trim_start_matches("dualstack.")
                .to_string();
            if let Some(e) = b.endpoint_dns.get(&bare) {
                return e.clone();
            }
            if bare.ends_with(".vpce.amazonaws.com")
                && let Some(e) = b
                    .endpoint_vpc
                    .keys()
                    .find(|e| bare.starts_with(&format!("{e}-")))
            {
                return e.clone();
            }
            n
        };
        if let Some(alias) = &set.alias_target {
            if !matches!(kind.as_str(), "A" | "CNAME") {
                self.r
                    .skip(&format!("{kind} alias records (IPv6 or other types)"), name);
                return None;
            }
            let value = to_target(self, &alias.dns_name);
            return Some(doc::Record {
                name,
                kind: "ALIAS".into(),
                values: vec![value],
            });
        }
        let raw: Vec<&str> = set
            .resource_records
            .iter()
            .map(|r| r.value.as_str())
            .collect();
        let values: Vec<String> = match kind.as_str() {
            "A" => raw
                .iter()
                .filter_map(|v| ipv4(v))
                .map(|i| i.to_string())
                .collect(),
            "CNAME" => raw.iter().map(|v| to_target(self, v)).collect(),
            "TXT" => raw
                .iter()
                .map(|v| v.trim_matches('"').to_string())
                .collect(),
            "AAAA" => {
                self.r.skip("AAAA records (IPv6)", name);
                return None;
            }
            "NS" | "SOA" => {
                self.r
                    .skip("NS and SOA records (not needed to resolve names)", name);
                return None;
            }
            other => {
                self.r
                    .skip(&format!("{other} records (not used by traces)"), name);
                return None;
            }
        };
        if values.is_empty() {
            self.r.skip("records without a usable value", name);
            return None;
        }
        Some(doc::Record { name, kind, values })
    }
}
