//! Route tables and their routes.

use super::*;

impl B<'_> {
    pub(super) fn route_tables(&mut self) {
        let c = self.c;
        let tables = dedup(
            &c.route_tables,
            |t| &t.route_table_id,
            self.r,
            "route table",
        );
        // Transit gateways: one gateway object per VPC that routes to it.
        let mut tgw_vpcs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for t in &tables {
            for r in &t.v.routes {
                if let Some(tgw) = r
                    .transit_gateway_id
                    .as_ref()
                    .filter(|g| !self.tgw_top.contains(*g))
                {
                    tgw_vpcs
                        .entry(tgw.clone())
                        .or_default()
                        .insert(t.v.vpc_id.clone());
                }
            }
        }
        for g in &c.transit_gateways {
            if let Some(n) = name_tag(&g.v.tags) {
                self.tgw_names
                    .entry(g.v.transit_gateway_id.clone())
                    .or_insert(n);
            }
        }
        let mut tgw_ids: HashMap<(String, String), String> = HashMap::new();
        for (tgw, vpcs) in &tgw_vpcs {
            for v in vpcs {
                let id = if vpcs.len() == 1 {
                    tgw.clone()
                } else {
                    format!("{tgw}/{v}")
                };
                tgw_ids.insert((tgw.clone(), v.clone()), id);
            }
            if vpcs.len() > 1 {
                self.r.note(format!(
                    "transit gateway {tgw} is used by {} VPCs; each gets its own gateway `{tgw}/<vpc-id>` (model ids are unique per file)",
                    vpcs.len()
                ));
            }
        }
        let mut kept: Vec<&At<aws::RouteTable>> = Vec::new();
        for t in tables {
            if !self.vpcs.contains_key(&t.v.vpc_id) {
                self.r.skip(
                    "route tables of VPCs not captured",
                    t.v.route_table_id.clone(),
                );
                continue;
            }
            if !self.claim(&t.v.route_table_id, "route tables") {
                continue;
            }
            kept.push(t);
        }
        let table_ids: HashSet<String> = kept.iter().map(|t| t.v.route_table_id.clone()).collect();
        // Gateway endpoint associations named by the endpoint.
        for v in self.vpcs.values_mut() {
            for e in v.endpoints.iter_mut().filter(|e| e.kind == "gateway") {
                let before = e.route_tables.len();
                e.route_tables.retain(|t| table_ids.contains(t));
                let dropped = before - e.route_tables.len();
                if dropped > 0 {
                    self.r.skip_n(
                        "gateway endpoint route tables not captured",
                        dropped,
                        e.id.clone(),
                    );
                }
            }
        }
        for t in kept {
            let t = &t.v;
            let vpc_id = t.vpc_id.clone();
            let mut main = false;
            for a in &t.associations {
                let state = a
                    .association_state
                    .as_ref()
                    .and_then(|s| s.state.clone())
                    .unwrap_or_default();
                if matches!(
                    state.as_str(),
                    "disassociated" | "disassociating" | "failed"
                ) {
                    continue;
                }
                if a.main {
                    main = true;
                } else if let Some(s) = &a.subnet_id {
                    if let Some(sub) = self
                        .vpcs
                        .get_mut(&vpc_id)
                        .and_then(|v| v.subnets.iter_mut().find(|x| &x.id == s))
                    {
                        sub.route_table = Some(t.route_table_id.clone());
                    }
                } else if a.gateway_id.is_some() {
                    self.r.skip(
                        "gateway route table associations (edge associations)",
                        t.route_table_id.clone(),
                    );
                }
            }
            let vpc = &self.vpcs[&vpc_id];
            if main && vpc.route_tables.iter().any(|r| r.main) {
                self.r.note(format!(
                    "{}: a second main route table in {vpc_id}; marked non-main",
                    t.route_table_id
                ));
                main = false;
            }
            let mut routes = Vec::new();
            for r in &t.routes {
                if let Some(route) = self.route(&vpc_id, &t.route_table_id, r, &tgw_ids)
                    && !routes.iter().any(|x: &doc::Route| x.to == route.to)
                {
                    routes.push(route);
                }
            }
            let propagating: Vec<String> = t
                .propagating_vgws
                .iter()
                .map(|p| p.gateway_id.clone())
                .filter(|g| self.gateway_vpc.get(g) == Some(&vpc_id))
                .collect();
            self.vpcs
                .get_mut(&vpc_id)
                .expect("checked")
                .route_tables
                .push(doc::RouteTable {
                    id: t.route_table_id.clone(),
                    name: name_tag(&t.tags),
                    main,
                    routes,
                    propagating,
                });
        }
    }

    /// Deleted NAT gateways no route needed.
    pub(super) fn unused_gone_nats(&mut self) {
        let unused: Vec<String> = self
            .gone_nats
            .keys()
            .filter(|id| !self.gateway_vpc.contains_key(*id))
            .cloned()
            .collect();
        for id in unused {
            self.r.skip("deleted or failed NAT gateways", id);
        }
    }

    pub(super) fn route(
        &mut self,
        vpc: &str,
        table: &str,
        r: &aws::Route,
        tgw_ids: &HashMap<(String, String), String>,
    ) -> Option<doc::Route> {
        let blackhole = r.state.as_deref() == Some("blackhole");
        let propagated = r.origin.as_deref() == Some("EnableVgwRoutePropagation");
        if r.gateway_id.as_deref() == Some("local") {
            return None; // local routes are implicit in the model
        }
        let to = if let Some(c) = &r.destination_cidr_block {
            match cidr4(c) {
                Some(n) => n.to_string(),
                None => {
                    self.r.skip("routes with an unreadable destination", table);
                    return None;
                }
            }
        } else if let Some(pl) = &r.destination_prefix_list_id {
            pl.clone()
        } else if let Some(c) = &r.destination_ipv6_cidr_block {
            match c.trim().parse::<ipnet::Ipv6Net>() {
                Ok(n) => n.trunc().to_string(),
                Err(_) => {
                    self.r.skip("routes with an unreadable destination", table);
                    return None;
                }
            }
        } else {
            self.r.skip("routes without a destination", table);
            return None;
        };
        let skip = |b: &mut Self, kind: &str, target: &str| {
            b.r.skip(kind, format!("{table}: {to} -> {target}"));
            None
        };
        let via = if let Some(g) = r.gateway_id.as_deref() {
            self.route_via_gateway(vpc, table, &to, g)?
        } else if let Some(n) = r.nat_gateway_id.as_deref() {
            if self.gateway_vpc.get(n).map(String::as_str) == Some(vpc) {
                n.to_string()
            } else if blackhole {
                return self.gone_target(vpc, table, to, n, blackhole, propagated);
            } else {
                return skip(self, "routes to NAT gateways not captured", n);
            }
        } else if let Some(t) = r
            .transit_gateway_id
            .as_deref()
            .filter(|t| self.tgw_top.contains(*t))
        {
            t.to_string() // a top-level transit gateway (`transit`)
        } else if let Some(t) = r.transit_gateway_id.as_deref() {
            let id = tgw_ids
                .get(&(t.to_string(), vpc.to_string()))
                .cloned()
                .unwrap_or_else(|| t.to_string());
            let name = self
                .tgw_names
                .get(t)
                .cloned()
                .or_else(|| (id != t).then(|| t.to_string()));
            if !self.gateway_vpc.contains_key(&id)
                && !self.add_gateway(vpc, &id, name, "transit", None, None, None)
            {
                return None;
            }
            id
        } else if let Some(p) = r.vpc_peering_connection_id.as_deref() {
            if self.peering_ids.contains(p) {
                p.to_string()
            } else if blackhole {
                return self.gone_target(vpc, table, to, p, blackhole, propagated);
            } else {
                return skip(self, "routes to peering connections not captured", p);
            }
        } else if let Some(i) = r.instance_id.as_deref() {
            if self.instance_ids.contains(i) {
                i.to_string()
            } else if blackhole {
                return self.gone_target(vpc, table, to, i, blackhole, propagated);
            } else {
                return skip(self, "routes to instances not captured", i);
            }
        } else if let Some(n) = r.network_interface_id.as_deref() {
            match self.eni_instance.get(n) {
                Some(i) => i.clone(),
                None if blackhole => {
                    return self.gone_target(vpc, table, to, n, blackhole, propagated);
                }
                None => {
                    return skip(
                        self,
                        "routes to network interfaces not modelled (endpoint, load balancer or uncaptured ENIs)",
                        n,
                    );
                }
            }
        } else if let Some(x) = r.local_gateway_id.as_deref() {
            return skip(self, "routes to local gateways (Outposts)", x);
        } else if let Some(x) = r.carrier_gateway_id.as_deref() {
            return skip(self, "routes to carrier gateways (Wavelength)", x);
        } else if let Some(x) = r.egress_only_internet_gateway_id.as_deref() {
            if self.gateway_vpc.get(x).map(String::as_str) == Some(vpc) {
                x.to_string()
            } else if self.gateway_vpc.contains_key(x) {
                return skip(self, "routes to a gateway of another VPC", x);
            } else if blackhole {
                return self.gone_target(vpc, table, to, x, blackhole, propagated);
            } else {
                if !self.add_gateway(vpc, x, None, "egress-only", None, None, None) {
                    return None;
                }
                self.r.infer(format!(
                    "{vpc}: egress-only internet gateway {x} taken from a route of {table} (describe-egress-only-internet-gateways not captured)"
                ));
                x.to_string()
            }
        } else if let Some(x) = r.core_network_arn.as_deref() {
            return skip(self, "routes to Cloud WAN core networks", x);
        } else {
            return skip(self, "routes without a target", "?");
        };
        if to.starts_with("pl-") && !self.pl_known(&to) {
            return skip(
                self,
                "routes to prefix lists not captured (describe-prefix-lists / get-managed-prefix-list-entries)",
                &via,
            );
        }
        Some(doc::Route {
            to,
            via,
            blackhole,
            propagated,
        })
    }

    /// The target of a route through `GatewayId`: None when it is skipped, or when it is a
    /// gateway endpoint's (written as the endpoint's association instead).
    fn route_via_gateway(&mut self, vpc: &str, table: &str, to: &str, g: &str) -> Option<String> {
        let skip = |b: &mut Self, kind: &str, target: &str| {
            b.r.skip(kind, format!("{table}: {to} -> {target}"));
            None
        };
        if g.starts_with("vpce-") {
            // A gateway endpoint route (GW-3): written as the endpoint's association.
            if self.endpoint_vpc.get(g).map(String::as_str) == Some(vpc)
                && let Some(e) = self.vpcs.get_mut(vpc).and_then(|v| {
                    v.endpoints
                        .iter_mut()
                        .find(|e| e.id == g && e.kind == "gateway")
                })
            {
                if !e.route_tables.iter().any(|t| t == table) {
                    e.route_tables.push(table.to_string());
                }
                return None;
            }
            skip(
                self,
                "routes to endpoints not captured (or Gateway Load Balancer endpoints)",
                g,
            )
        } else if self.gateway_vpc.get(g).map(String::as_str) == Some(vpc) {
            Some(g.to_string())
        } else if self.gateway_vpc.contains_key(g) {
            skip(self, "routes to a gateway of another VPC", g)
        } else if g.starts_with("igw-") || g.starts_with("vgw-") {
            let kind = if g.starts_with("igw-") {
                "internet"
            } else {
                "vpn"
            };
            let what = if kind == "internet" {
                "internet gateway"
            } else {
                "virtual private gateway"
            };
            if !self.add_gateway(vpc, g, None, kind, None, None, None) {
                return None;
            }
            self.r.infer(format!(
                "{vpc}: {what} {g} taken from a route of {table} (not captured as an object)"
            ));
            Some(g.to_string())
        } else {
            skip(self, "routes to unknown gateway kinds", g)
        }
    }

    /// A blackhole route whose target is gone. The route still drops traffic that a less
    /// specific route would carry (RT-8), so it is kept, through a placeholder gateway of type
    /// `transit` (the one kind that needs no subnet or peer) named so nobody takes it for a
    /// real one. A blackhole route drops traffic whatever its target's kind.
    pub(super) fn gone_target(
        &mut self,
        vpc: &str,
        table: &str,
        to: String,
        id: &str,
        blackhole: bool,
        propagated: bool,
    ) -> Option<doc::Route> {
        if self.gateway_vpc.get(id).map(String::as_str) != Some(vpc) {
            if self.gateway_vpc.contains_key(id) || self.ids.contains(id) {
                self.r.skip(
                    "blackhole routes to a target of another VPC",
                    format!("{table}: {to} -> {id}"),
                );
                return None;
            }
            let what = match self.gone_nats.get(id) {
                Some((_, _, Some(name))) => format!("{name}: deleted NAT gateway"),
                Some(_) => "deleted NAT gateway".to_string(),
                None => "gone".to_string(),
            };
            let name = Some(format!(
                "{id} ({what}; stands in for a blackhole route target)"
            ));
            if !self.add_gateway(vpc, id, name, "transit", None, None, None) {
                return None;
            }
            self.r.infer(format!(
                "{table}: blackhole route {to} -> {id} kept; {id} no longer exists and is written as a placeholder gateway"
            ));
        }
        if to.starts_with("pl-") && !self.pl_known(&to) {
            self.r.skip(
                "routes to prefix lists not captured (describe-prefix-lists / get-managed-prefix-list-entries)",
                format!("{table}: {to} -> {id}"),
            );
            return None;
        }
        Some(doc::Route {
            to,
            via: id.to_string(),
            blackhole,
            propagated,
        })
    }
}
