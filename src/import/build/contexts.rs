//! Account and region of each capture file.

use super::*;

impl B<'_> {
    /// Account and region of each capture file: from its folders, else from the owners and
    /// zones named in the files of the same folder, else the only one there is.
    pub(super) fn contexts(&mut self) {
        let c = self.c;
        let folder = |i: usize| {
            Path::new(&c.ctxs[i].file)
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        };
        let mut acct_votes: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        let mut region_votes: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        let vote =
            |m: &mut HashMap<String, BTreeMap<String, usize>>, ctx: usize, v: Option<&str>| {
                if let Some(v) = v {
                    *m.entry(folder(ctx))
                        .or_default()
                        .entry(v.to_string())
                        .or_default() += 1;
                }
            };
        let good = |o: &Option<String>| {
            o.as_deref()
                .filter(|a| is_account_id(a))
                .map(str::to_string)
        };
        for x in &c.vpcs {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.subnets {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
            vote(
                &mut region_votes,
                x.ctx,
                x.v.availability_zone.as_deref().and_then(zone_region),
            );
        }
        for x in &c.security_groups {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.route_tables {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.network_acls {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
        }
        for x in &c.vpc_endpoints {
            vote(&mut acct_votes, x.ctx, good(&x.v.owner_id).as_deref());
            vote(&mut region_votes, x.ctx, service_region(&x.v.service_name));
        }
        for x in &c.availability_zones {
            vote(
                &mut region_votes,
                x.ctx,
                x.v.region_name.as_deref().filter(|r| is_region(r)),
            );
        }
        for x in &c.instances {
            vote(&mut acct_votes, x.ctx, good(&x.v.0).as_deref());
        }
        for x in &c.load_balancers {
            let (r, a) = arn_parts(&x.v.load_balancer_arn);
            vote(&mut acct_votes, x.ctx, a);
            vote(&mut region_votes, x.ctx, r);
        }
        let best =
            |m: &BTreeMap<String, usize>| m.iter().max_by_key(|(_, n)| **n).map(|(k, _)| k.clone());
        let mut folder_acct: HashMap<String, String> = HashMap::new();
        let mut folder_region: HashMap<String, String> = HashMap::new();
        for (i, ctx) in c.ctxs.iter().enumerate() {
            if let Some(a) = &ctx.account {
                folder_acct.entry(folder(i)).or_insert_with(|| a.clone());
            }
            if let Some(r) = &ctx.region {
                folder_region.entry(folder(i)).or_insert_with(|| r.clone());
            }
        }
        for (f, m) in &acct_votes {
            if let Some(b) = best(m) {
                folder_acct.entry(f.clone()).or_insert(b);
            }
        }
        for (f, m) in &region_votes {
            if let Some(b) = best(m) {
                folder_region.entry(f.clone()).or_insert(b);
            }
        }
        let all_accts: BTreeSet<&String> = folder_acct.values().collect();
        let all_regions: BTreeSet<&String> = folder_region.values().collect();
        let only_acct =
            (all_accts.len() == 1).then(|| (*all_accts.iter().next().expect("one")).clone());
        let only_region =
            (all_regions.len() == 1).then(|| (*all_regions.iter().next().expect("one")).clone());
        for i in 0..c.ctxs.len() {
            let f = folder(i);
            self.ctx_account
                .push(folder_acct.get(&f).cloned().or_else(|| only_acct.clone()));
            self.ctx_region.push(
                folder_region
                    .get(&f)
                    .cloned()
                    .or_else(|| only_region.clone()),
            );
        }
    }
}
