//! Transit gateways with their attachments and route tables (routes, associations,
//! propagations), from `describe-transit-gateways`, `describe-transit-gateway-attachments`,
//! `describe-transit-gateway-vpc-attachments`, `describe-transit-gateway-route-tables`,
//! `search-transit-gateway-routes`, and `get-transit-gateway-route-table-associations` /
//! `-propagations`, across the accounts captured (a shared gateway's attachments are seen
//! from both the owner's and the attaching account; they are merged by id).
//!
//! Propagated routes are not written as routes: the model derives them from `propagations`
//! (VPC attachments propagate their VPC's CIDRs, BGP sites theirs), so a propagated route seen
//! in a capture adds its attachment to the table's propagations instead.

use super::*;

/// Attachment states that carry no traffic and are not written.
fn attachment_gone(state: Option<&str>) -> bool {
    matches!(
        state,
        Some("deleted" | "deleting" | "failed" | "failing" | "rejected" | "rejecting")
    )
}

/// The report's kind for attachments of a gateway written as a VPC exit.
const SUBNETLESS: &str = "transit gateway attachments whose gateway is written as an exit (no attachment subnets captured: describe-transit-gateway-vpc-attachments)";

/// One attachment, merged from the outputs that describe it.
#[derive(Debug, Default, Clone)]
struct Att {
    tgw: String,
    owner: Option<String>,
    kind: Option<String>,
    resource: Option<String>,
    state: Option<String>,
    name: Option<String>,
    subnets: Vec<String>,
    appliance: Option<bool>,
    table: Option<String>,
}

/// TGW route tables by id: their gateway and name; each gateway's default-flagged tables.
#[derive(Default)]
struct Tables {
    tgw: BTreeMap<String, String>,
    name: HashMap<String, String>,
    default_assoc: HashMap<String, String>,
    default_prop: HashMap<String, String>,
}

impl B<'_> {
    fn merged_attachments(&self) -> BTreeMap<String, Att> {
        let h = &self.c.hybrid;
        let mut atts: BTreeMap<String, Att> = BTreeMap::new();
        for x in &h.attachments {
            let a = &x.v;
            let e = atts
                .entry(a.transit_gateway_attachment_id.clone())
                .or_default();
            e.tgw = a.transit_gateway_id.clone();
            e.owner = e.owner.clone().or(a.transit_gateway_owner_id.clone());
            e.kind = e.kind.clone().or(a.resource_type.clone());
            e.resource = e.resource.clone().or(a.resource_id.clone());
            e.state = e.state.clone().or(a.state.clone());
            e.name = e.name.clone().or(name_tag(&a.tags));
            if let Some(t) = a
                .association
                .as_ref()
                .filter(|t| !matches!(t.state.as_deref(), Some("disassociated" | "disassociating")))
            {
                e.table = e.table.clone().or(t.transit_gateway_route_table_id.clone());
            }
        }
        for x in &h.vpc_attachments {
            let a = &x.v;
            let e = atts
                .entry(a.transit_gateway_attachment_id.clone())
                .or_default();
            e.tgw = a.transit_gateway_id.clone();
            e.kind = Some("vpc".into());
            e.resource = Some(a.vpc_id.clone());
            e.state = e.state.clone().or(a.state.clone());
            e.name = e.name.clone().or(name_tag(&a.tags));
            if e.subnets.is_empty() {
                e.subnets = a.subnet_ids.clone();
            }
            if let Some(m) = a
                .options
                .as_ref()
                .and_then(|o| o.appliance_mode_support.as_deref())
            {
                e.appliance = Some(m == "enable");
            }
        }
        atts
    }

    /// The transit gateways written at the top level: those with a live attachment to a
    /// captured VPC. Run before the route tables, whose routes then name them directly.
    /// A gateway whose attachments' subnets were not captured stays what it was before: an
    /// exit from each VPC that routes to it (the model cannot place its interfaces).
    pub(super) fn transit_plan(&mut self) {
        let mut subnetless: BTreeSet<String> = BTreeSet::new();
        for a in self.merged_attachments().values() {
            if a.kind.as_deref() == Some("vpc")
                && !attachment_gone(a.state.as_deref())
                && a.resource
                    .as_ref()
                    .is_some_and(|v| self.vpcs.contains_key(v))
                && !a.tgw.is_empty()
            {
                if a.subnets.iter().any(|s| self.subnet_vpc.contains_key(s)) {
                    self.tgw_top.insert(a.tgw.clone());
                } else {
                    subnetless.insert(a.tgw.clone());
                }
            }
        }
        let lost: Vec<String> = self
            .merged_attachments()
            .into_iter()
            .filter(|(_, a)| subnetless.contains(&a.tgw) && !self.tgw_top.contains(&a.tgw))
            .map(|(id, _)| id)
            .collect();
        for id in lost {
            self.r.skip(SUBNETLESS, id);
        }
        let ids: Vec<String> = self.tgw_top.iter().cloned().collect();
        for t in ids {
            if !self.claim(&t, "transit gateways") {
                self.tgw_top.remove(&t);
            }
        }
    }

    /// VPC CIDRs behind each site's connections (for static sites' assumed `routes`).
    pub(super) fn site_static_routes(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let atts = self.merged_attachments();
        for a in atts.values().filter(|a| a.kind.as_deref() == Some("vpn")) {
            let Some(site) = a.resource.as_ref().and_then(|v| self.vpn_site.get(v)) else {
                continue;
            };
            for b in atts
                .values()
                .filter(|b| b.tgw == a.tgw && b.kind.as_deref() == Some("vpc"))
            {
                if let Some(v) = b.resource.as_ref().and_then(|v| self.vpcs.get(v)) {
                    out.entry(site.clone())
                        .or_default()
                        .extend(v.cidrs.iter().cloned());
                }
            }
        }
        for x in &self.c.hybrid.vpn_connections {
            let (Some(vgw), Some(site)) = (
                &x.v.vpn_gateway_id,
                self.vpn_site.get(&x.v.vpn_connection_id),
            ) else {
                continue;
            };
            if let Some(v) = self.gateway_vpc.get(vgw).and_then(|v| self.vpcs.get(v)) {
                out.entry(site.clone())
                    .or_default()
                    .extend(v.cidrs.iter().cloned());
            }
        }
        out
    }

    /// The transit gateways written at the top level, with their attachments and tables.
    pub(super) fn transit_gateways(&mut self) -> Vec<doc::TransitGateway> {
        let atts = self.merged_attachments();
        let tables = self.table_index(&atts);
        let tgws: Vec<String> = self.tgw_top.iter().cloned().collect();
        tgws.iter()
            .map(|tgw| self.transit_gateway(tgw, &atts, &tables))
            .collect()
    }

    /// Route tables known from describe-transit-gateway-route-tables, then from attachments'
    /// associations: which gateway each belongs to, its name, and the default-flagged ones.
    fn table_index(&self, atts: &BTreeMap<String, Att>) -> Tables {
        let mut x = Tables::default();
        for t in &self.c.hybrid.route_tables {
            let t = &t.v;
            if matches!(t.state.as_deref(), Some("deleted" | "deleting")) {
                continue;
            }
            let (id, tgw) = (&t.transit_gateway_route_table_id, &t.transit_gateway_id);
            x.tgw.insert(id.clone(), tgw.clone());
            if let Some(n) = name_tag(&t.tags) {
                x.name.insert(id.clone(), n);
            }
            if t.default_association_route_table {
                x.default_assoc.insert(tgw.clone(), id.clone());
            }
            if t.default_propagation_route_table {
                x.default_prop.insert(tgw.clone(), id.clone());
            }
        }
        for a in atts.values() {
            if let Some(t) = &a.table {
                x.tgw.entry(t.clone()).or_insert(a.tgw.clone());
            }
        }
        x
    }

    /// One attachment as written, or None (reported) when the model cannot have it.
    fn tgw_attachment(&mut self, id: &str, a: &Att) -> Option<doc::TgwAttachment> {
        if attachment_gone(a.state.as_deref()) {
            self.r.skip(
                "transit gateway attachments deleted, failed or rejected",
                id,
            );
            return None;
        }
        let state = a.state.clone().filter(|s| s != "available");
        let att = match a.kind.as_deref() {
            Some("vpc") => {
                let vpc = a.resource.clone().unwrap_or_default();
                if !self.vpcs.contains_key(&vpc) {
                    self.r.skip(
                        "transit gateway attachments to VPCs not captured",
                        format!("{id} ({vpc})"),
                    );
                    return None;
                }
                let subnets: Vec<String> = a
                    .subnets
                    .iter()
                    .filter(|s| self.subnet_vpc.get(*s) == Some(&vpc))
                    .cloned()
                    .collect();
                if subnets.is_empty() {
                    self.r.skip(
                        "transit gateway VPC attachments whose subnets were not captured (describe-transit-gateway-vpc-attachments in the VPC's account)",
                        id,
                    );
                    return None;
                }
                doc::TgwAttachment {
                    id: id.to_string(),
                    name: a.name.clone(),
                    vpc: Some(vpc),
                    subnets,
                    appliance_mode: a.appliance.filter(|b| *b),
                    state,
                    ..Default::default()
                }
            }
            Some("vpn") => {
                let vpn = a.resource.clone().unwrap_or_default();
                let Some(site) = self.vpn_site.get(&vpn).cloned() else {
                    self.r.skip(
                        "transit gateway VPN attachments whose site is not written (VPN connection or its CIDRs not captured)",
                        format!("{id} ({vpn})"),
                    );
                    return None;
                };
                let is_static = self
                    .site_plans
                    .get(&site)
                    .and_then(|p| p.vpns.get(&vpn).copied())
                    .unwrap_or(false);
                doc::TgwAttachment {
                    id: id.to_string(),
                    name: a.name.clone(),
                    network: Some(site),
                    kind: Some("vpn".into()),
                    routing: Some(if is_static { "static" } else { "bgp" }.into()),
                    state,
                    ..Default::default()
                }
            }
            Some("direct-connect-gateway") => {
                self.r.skip(
                    "transit gateway Direct Connect attachments (the site behind a Direct Connect gateway is not in AWS's outputs; add it to `networks` by hand)",
                    id,
                );
                return None;
            }
            other => {
                self.r.skip(
                    "transit gateway attachments of kinds the model does not have (peering, Connect)",
                    format!("{id} ({})", other.unwrap_or("unknown")),
                );
                return None;
            }
        };
        self.claim(id, "transit gateway attachments").then_some(att)
    }

    fn transit_gateway(
        &mut self,
        tgw: &str,
        atts: &BTreeMap<String, Att>,
        x: &Tables,
    ) -> doc::TransitGateway {
        let desc = self
            .c
            .transit_gateways
            .iter()
            .find(|t| t.v.transit_gateway_id == tgw);
        let mut written: Vec<doc::TgwAttachment> = Vec::new();
        for (id, a) in atts.iter().filter(|(_, a)| a.tgw == tgw) {
            written.extend(self.tgw_attachment(id, a));
        }
        let att_ids: HashSet<&str> = written.iter().map(|a| a.id.as_str()).collect();
        let tables: Vec<String> = x
            .tgw
            .iter()
            .filter(|(_, g)| *g == tgw)
            .map(|(t, _)| t.clone())
            .collect();
        let route_tables = if tables.is_empty() {
            self.r.infer(format!(
                "{tgw}: route tables not captured; one default table is assumed, every attachment associated with it and propagating to it (AWS's default)"
            ));
            None
        } else {
            let mut list = Vec::new();
            for t in &tables {
                list.push(self.tgw_table(t, atts, &att_ids, x.name.get(t).cloned()));
            }
            Some(list)
        };
        let opts = desc.and_then(|d| d.v.options.clone()).unwrap_or_default();
        // AWS applies the default tables when an attachment is created; the model applies
        // them to attachments no table lists. So they are written only when no table's
        // associations (propagations) were captured: captured state wins.
        let listed = |f: fn(&doc::TgwRouteTable) -> &Vec<String>| {
            route_tables.iter().flatten().any(|t| !f(t).is_empty())
        };
        let (assoc_known, prop_known) = (listed(|t| &t.associations), listed(|t| &t.propagations));
        let pick = |enabled: Option<&str>, id: Option<String>, flagged: Option<&String>, known| {
            if enabled == Some("disable") || route_tables.is_none() || known {
                return None;
            }
            id.or(flagged.cloned()).filter(|t| tables.contains(t))
        };
        let default_association_table = pick(
            opts.default_route_table_association.as_deref(),
            opts.association_default_route_table_id.clone(),
            x.default_assoc.get(tgw),
            assoc_known,
        );
        let default_propagation_table = pick(
            opts.default_route_table_propagation.as_deref(),
            opts.propagation_default_route_table_id.clone(),
            x.default_prop.get(tgw),
            prop_known,
        );
        let account = desc
            .and_then(|d| d.v.owner_id.clone().or_else(|| self.acct(d.ctx)))
            .or_else(|| {
                atts.values()
                    .filter(|a| a.tgw == tgw)
                    .find_map(|a| a.owner.clone())
            })
            .filter(|a| is_account_id(a))
            .unwrap_or_else(|| {
                self.r.infer(format!(
                    "{tgw}: owner account not captured; placeholder {PLACEHOLDER_ACCOUNT} written"
                ));
                PLACEHOLDER_ACCOUNT.to_string()
            });
        if desc.is_none() {
            self.r.infer(format!(
                "{tgw}: known from its attachments only (describe-transit-gateways not captured)"
            ));
        }
        // Its region: its own capture's folder, else its first VPC attachment's VPC's.
        let region = desc.and_then(|d| self.region(d.ctx)).or_else(|| {
            written
                .iter()
                .filter_map(|a| a.vpc.as_ref().and_then(|v| self.vpcs.get(v)))
                .map(|v| v.region.clone())
                .find(|r| !r.is_empty())
        });
        doc::TransitGateway {
            id: tgw.to_string(),
            name: self.tgw_names.get(tgw).cloned(),
            account,
            region,
            default_association_table,
            default_propagation_table,
            security_group_referencing: opts
                .security_group_referencing_support
                .as_deref()
                .map(|s| s == "enable")
                .filter(|b| *b),
            attachments: written,
            route_tables,
        }
    }

    /// One TGW route table: its associations, propagations (captured, plus the attachments
    /// of propagated routes) and static and blackhole routes.
    fn tgw_table(
        &mut self,
        t: &str,
        atts: &BTreeMap<String, Att>,
        written: &HashSet<&str>,
        name: Option<String>,
    ) -> doc::TgwRouteTable {
        let h = &self.c.hybrid;
        let live = |s: Option<&str>| {
            !matches!(
                s,
                Some("disassociated" | "disassociating" | "disabled" | "disabling")
            )
        };
        let mut assoc: BTreeSet<String> = h
            .associations
            .iter()
            .filter(|a| a.v.0 == t && live(a.v.1.state.as_deref()))
            .map(|a| a.v.1.transit_gateway_attachment_id.clone())
            .collect();
        assoc.extend(
            atts.iter()
                .filter(|(_, a)| a.table.as_deref() == Some(t))
                .map(|(id, _)| id.clone()),
        );
        let mut props: BTreeSet<String> = h
            .propagations
            .iter()
            .filter(|a| a.v.0 == t && live(a.v.1.state.as_deref()))
            .map(|a| a.v.1.transit_gateway_attachment_id.clone())
            .collect();
        let mut routes: Vec<doc::TgwRoute> = Vec::new();
        let mut any_routes = false;
        for x in h.routes.iter().filter(|x| x.v.0 == t) {
            any_routes = true;
            let r = &x.v.1;
            let to = if let Some(c) = r.destination_cidr_block.as_deref() {
                match cidr4(c) {
                    Some(n) => n.to_string(),
                    None => {
                        self.r.skip(
                            "transit gateway routes with an unreadable or IPv6 destination",
                            format!("{t}: {c}"),
                        );
                        continue;
                    }
                }
            } else if let Some(pl) = r.prefix_list_id.clone().filter(|p| self.pl_known(p)) {
                pl
            } else {
                self.r.skip(
                    "transit gateway routes to prefix lists not captured",
                    t.to_string(),
                );
                continue;
            };
            let first = r
                .transit_gateway_attachments
                .first()
                .map(|a| a.transit_gateway_attachment_id.clone());
            if r.kind.as_deref() == Some("propagated") {
                props.extend(first.filter(|a| written.contains(a.as_str())));
                continue;
            }
            if routes.iter().any(|x| x.to == to) {
                continue;
            }
            if r.state.as_deref() == Some("blackhole") {
                routes.push(doc::TgwRoute { to, via: None });
                continue;
            }
            if matches!(r.state.as_deref(), Some("deleted" | "deleting")) {
                continue;
            }
            match first {
                Some(a) if written.contains(a.as_str()) => {
                    if r.transit_gateway_attachments.len() > 1 {
                        self.r.note(format!("{t}: route {to} has several attachments (ECMP); the first, {a}, is written"));
                    }
                    routes.push(doc::TgwRoute { to, via: Some(a) });
                }
                Some(a) => {
                    self.r.skip(
                        "transit gateway routes to attachments not imported",
                        format!("{t}: {to} -> {a}"),
                    );
                }
                None => self.r.skip(
                    "transit gateway routes without an attachment",
                    format!("{t}: {to}"),
                ),
            }
        }
        if !any_routes && !self.c.hybrid.complete_tables.iter().any(|x| x == t) {
            self.r.infer(format!(
                "{t}: routes not captured (search-transit-gateway-routes.{t}.json); only its propagations are modelled"
            ));
        }
        if self.c.hybrid.truncated_tables.iter().any(|x| x == t) {
            self.r.note(format!("{t}: the route search returned only part of the table (AdditionalRoutesAvailable); routes may be missing"));
        }
        let _ = &atts;
        doc::TgwRouteTable {
            id: t.to_string(),
            name,
            associations: assoc
                .into_iter()
                .filter(|a| written.contains(a.as_str()))
                .collect(),
            propagations: props
                .into_iter()
                .filter(|a| written.contains(a.as_str()))
                .collect(),
            routes,
        }
    }
}
