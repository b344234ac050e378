//! Internet, NAT, egress-only, virtual private and transit gateways.

use super::*;

impl B<'_> {
    pub(super) fn gateways(&mut self) {
        let c = self.c;
        for x in dedup(
            &c.internet_gateways,
            |g| &g.internet_gateway_id,
            self.r,
            "internet gateway",
        ) {
            let g = &x.v;
            let attached: Vec<&aws::GatewayAttachment> = g
                .attachments
                .iter()
                .filter(|a| {
                    matches!(
                        a.state.as_deref(),
                        None | Some("available" | "attached" | "attaching")
                    )
                })
                .collect();
            let Some(att) = attached.iter().find(|a| self.vpcs.contains_key(&a.vpc_id)) else {
                self.r.skip(
                    "internet gateways not attached to a captured VPC",
                    g.internet_gateway_id.clone(),
                );
                continue;
            };
            let vpc = att.vpc_id.clone();
            self.add_gateway(
                &vpc,
                &g.internet_gateway_id,
                name_tag(&g.tags),
                "internet",
                None,
                None,
                None,
            );
        }
        for x in dedup(
            &c.vpn_gateways,
            |g| &g.vpn_gateway_id,
            self.r,
            "VPN gateway",
        ) {
            let g = &x.v;
            let Some(att) = g.vpc_attachments.iter().find(|a| {
                matches!(a.state.as_deref(), None | Some("attached" | "attaching"))
                    && self.vpcs.contains_key(&a.vpc_id)
            }) else {
                self.r.skip(
                    "VPN gateways not attached to a captured VPC",
                    g.vpn_gateway_id.clone(),
                );
                continue;
            };
            let vpc = att.vpc_id.clone();
            self.add_gateway(
                &vpc,
                &g.vpn_gateway_id,
                name_tag(&g.tags),
                "vpn",
                None,
                None,
                None,
            );
        }
        for x in dedup(
            &c.egress_only_gateways,
            |g| &g.egress_only_internet_gateway_id,
            self.r,
            "egress-only internet gateway",
        ) {
            let g = &x.v;
            let Some(att) = g.attachments.iter().find(|a| {
                matches!(
                    a.state.as_deref(),
                    None | Some("attached" | "attaching" | "available")
                ) && self.vpcs.contains_key(&a.vpc_id)
            }) else {
                self.r.skip(
                    "egress-only internet gateways not attached to a captured VPC",
                    g.egress_only_internet_gateway_id.clone(),
                );
                continue;
            };
            let vpc = att.vpc_id.clone();
            self.add_gateway(
                &vpc,
                &g.egress_only_internet_gateway_id,
                name_tag(&g.tags),
                "egress-only",
                None,
                None,
                None,
            );
        }
        for x in dedup(
            &c.nat_gateways,
            |g| &g.nat_gateway_id,
            self.r,
            "NAT gateway",
        ) {
            let g = &x.v;
            if matches!(g.state.as_deref(), Some("deleted" | "failed" | "deleting")) {
                // Kept aside: a blackhole route may still name it.
                self.gone_nats.insert(
                    g.nat_gateway_id.clone(),
                    (g.vpc_id.clone(), g.subnet_id.clone(), name_tag(&g.tags)),
                );
                continue;
            }
            let subnet = g.subnet_id.clone().unwrap_or_default();
            if self.subnet_vpc.get(&subnet) != Some(&g.vpc_id) {
                self.r.skip(
                    "NAT gateways in subnets not captured",
                    g.nat_gateway_id.clone(),
                );
                continue;
            }
            let primary = g
                .nat_gateway_addresses
                .iter()
                .find(|a| a.is_primary.unwrap_or(true))
                .or_else(|| g.nat_gateway_addresses.first());
            let ip = primary
                .and_then(|a| a.private_ip.as_deref())
                .and_then(ipv4)
                .filter(|ip| {
                    self.subnet_cidr
                        .get(&subnet)
                        .is_some_and(|n| n.contains(ip))
                })
                .filter(|ip| self.used_ips.insert((g.vpc_id.clone(), *ip)))
                .map(|ip| ip.to_string());
            let public_ip = if g.connectivity_type.as_deref() == Some("private") {
                None
            } else {
                primary
                    .and_then(|a| a.public_ip.as_deref())
                    .and_then(ipv4)
                    .map(|ip| ip.to_string())
            };
            self.add_gateway(
                &g.vpc_id.clone(),
                &g.nat_gateway_id,
                name_tag(&g.tags),
                "nat",
                Some(subnet),
                ip,
                public_ip,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_gateway(
        &mut self,
        vpc: &str,
        id: &str,
        name: Option<String>,
        kind: &str,
        subnet: Option<String>,
        ip: Option<String>,
        public_ip: Option<String>,
    ) -> bool {
        if !self.claim(id, "gateways") {
            return false;
        }
        self.gateway_vpc.insert(id.to_string(), vpc.to_string());
        self.vpcs
            .get_mut(vpc)
            .expect("captured VPC")
            .gateways
            .push(doc::Gateway {
                id: id.to_string(),
                name,
                kind: kind.to_string(),
                subnet,
                ip,
                public_ip,
                connections: vec![],
            });
        true
    }
}
