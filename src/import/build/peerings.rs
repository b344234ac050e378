//! VPC peering connections and the VPCs known only through them.

use super::*;

impl B<'_> {
    pub(super) fn peerings(&mut self) {
        let c = self.c;
        for x in dedup(
            &c.peerings,
            |p| &p.vpc_peering_connection_id,
            self.r,
            "peering connection",
        ) {
            let p = &x.v;
            let id = &p.vpc_peering_connection_id;
            let state = p
                .status
                .as_ref()
                .and_then(|s| s.code_str())
                .unwrap_or_else(|| "active".into());
            if matches!(
                state.as_str(),
                "deleted" | "rejected" | "expired" | "failed"
            ) {
                self.r.skip(
                    "peering connections that are deleted, rejected, expired or failed",
                    id.clone(),
                );
                continue;
            }
            let (Some(req), Some(acc)) = (&p.requester_vpc_info, &p.accepter_vpc_info) else {
                self.r
                    .skip("peering connections without both VPCs", id.clone());
                continue;
            };
            let (Some(rv), Some(av)) = (req.vpc_id.clone(), acc.vpc_id.clone()) else {
                self.r
                    .skip("peering connections without both VPCs", id.clone());
                continue;
            };
            let (home, peer, peer_info) = if self.vpcs.contains_key(&rv) {
                (rv, av, acc)
            } else if self.vpcs.contains_key(&av) {
                (av, rv, req)
            } else {
                self.r
                    .skip("peering connections between VPCs not captured", id.clone());
                continue;
            };
            if !self.vpcs.contains_key(&peer) && !self.stub_vpc(&peer, peer_info, id) {
                self.r.skip(
                    "peering connections to VPCs whose CIDR is unknown",
                    id.clone(),
                );
                continue;
            }
            if !self.claim(id, "peering connections") {
                continue;
            }
            self.peering_ids.insert(id.clone());
            self.vpcs
                .get_mut(&home)
                .expect("checked")
                .peerings
                .push(doc::Peering {
                    id: id.clone(),
                    name: name_tag(&p.tags),
                    peer_vpc: peer,
                    state: (state != "active").then_some(state),
                });
        }
    }

    /// A VPC known only as the other side of a peering connection: its CIDRs and owner.
    pub(super) fn stub_vpc(&mut self, id: &str, info: &aws::PeeringVpcInfo, pcx: &str) -> bool {
        let mut cidrs: Vec<String> = info
            .cidr_block_set
            .iter()
            .filter_map(|c| c.cidr_block.as_deref().and_then(cidr4))
            .map(|n| n.to_string())
            .collect();
        if cidrs.is_empty()
            && let Some(n) = info.cidr_block.as_deref().and_then(cidr4)
        {
            cidrs.push(n.to_string());
        }
        if cidrs.is_empty() || !self.claim(id, "VPCs") {
            return false;
        }
        let account = info
            .owner_id
            .clone()
            .filter(|a| is_account_id(a))
            .unwrap_or_else(|| PLACEHOLDER_ACCOUNT.into());
        let region = info
            .region
            .clone()
            .filter(|r| is_region(r))
            .unwrap_or_default();
        self.r.infer(format!(
            "{id}: not captured; written as the peer of {pcx} with only its CIDRs (no subnets, so traffic into it stops there)"
        ));
        self.vpcs.insert(
            id.to_string(),
            doc::Vpc {
                id: id.to_string(),
                name: Some("peer VPC (not captured)".into()),
                account,
                region,
                cidrs,
                dns_support: true,
                dns_hostnames: false,
                ..doc::Vpc::default()
            },
        );
        self.vpc_is_default.insert(id.to_string(), false);
        true
    }
}
