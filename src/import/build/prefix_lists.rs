//! Managed prefix lists.

use super::*;

impl B<'_> {
    pub(super) fn prefix_lists(&mut self) {
        let c = self.c;
        let mut entries: HashMap<&str, Vec<String>> = HashMap::new();
        for e in &c.prefix_list_entries {
            let list = entries.entry(e.v.0.as_str()).or_default();
            for x in &e.v.1 {
                if let Some(n) = cidr4(&x.cidr) {
                    list.push(n.to_string());
                } else {
                    self.r.skip("IPv6 prefix list entries", e.v.0.clone());
                }
            }
        }
        // The `Cidrs` form (describe-prefix-lists) first, so a managed list's entries count as
        // captured when either command listed them.
        let mut ordered: Vec<&At<aws::PrefixList>> = c
            .prefix_lists
            .iter()
            .filter(|p| p.v.cidrs.is_some())
            .collect();
        ordered.extend(c.prefix_lists.iter().filter(|p| p.v.cidrs.is_none()));
        for p in ordered {
            let pl = &p.v;
            if pl.prefix_list_id.is_empty() {
                continue;
            }
            if pl
                .address_family
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case("ipv6"))
            {
                self.r.skip("IPv6 prefix lists", pl.prefix_list_id.clone());
                continue;
            }
            let cidrs: Vec<String> = match (&pl.cidrs, entries.get(pl.prefix_list_id.as_str())) {
                (Some(list), _) => list
                    .iter()
                    .filter_map(|s| cidr4(s))
                    .map(|n| n.to_string())
                    .collect(),
                (None, Some(list)) => list.clone(),
                (None, None) => {
                    if !self.pls.contains_key(&pl.prefix_list_id) {
                        self.r.note(format!(
                            "entries of prefix list {} not captured (get-managed-prefix-list-entries); rules and routes naming it are kept only if another capture lists its CIDRs",
                            pl.prefix_list_id
                        ));
                    }
                    continue;
                }
            };
            let region = self.region(p.ctx);
            let e = self
                .pls
                .entry(pl.prefix_list_id.clone())
                .or_insert((None, None, vec![]));
            if e.0.is_none() {
                e.0 = pl.prefix_list_name.clone();
            }
            if e.1.is_none() {
                e.1 = region;
            }
            if e.2.is_empty() {
                e.2 = cidrs;
            }
        }
        // Entries captured for a list whose description was not.
        for (id, list) in entries {
            self.pls.entry(id.to_string()).or_insert((None, None, list));
        }
        let ids: Vec<String> = self.pls.keys().cloned().collect();
        for id in ids {
            self.ids.insert(id);
        }
    }

    pub(super) fn pl_known(&self, id: &str) -> bool {
        self.pls.contains_key(id) || self.builtin.prefix_list(id).is_some()
    }
}
