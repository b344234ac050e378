//! VPC endpoints, their groups, policies and states.

use super::*;

impl B<'_> {
    pub(super) fn endpoints(&mut self) {
        let c = self.c;
        let eni_by_id: HashMap<&str, &aws::NetworkInterface> = c
            .network_interfaces
            .iter()
            .map(|n| (n.v.network_interface_id.as_str(), &n.v))
            .collect();
        let svc_configs: HashSet<String> = c
            .service_configurations
            .iter()
            .filter_map(|s| s.v.service_name.clone())
            .collect();
        for x in dedup(
            &c.vpc_endpoints,
            |e| &e.vpc_endpoint_id,
            self.r,
            "VPC endpoint",
        ) {
            let e = &x.v;
            let id = e.vpc_endpoint_id.clone();
            let kind = match e.vpc_endpoint_type.to_ascii_lowercase().as_str() {
                "gateway" => "gateway",
                "interface" => "interface",
                "resource" => "resource",
                "servicenetwork" => "service-network",
                "gatewayloadbalancer" => {
                    self.r.skip("Gateway Load Balancer endpoints", id);
                    continue;
                }
                other => {
                    self.r.skip(
                        &format!("{other} endpoints (VPC Lattice and other types)"),
                        id,
                    );
                    continue;
                }
            };
            let state = e.state.clone().unwrap_or_else(|| "available".into());
            if matches!(state.to_ascii_lowercase().as_str(), "deleted" | "deleting") {
                self.r.skip("deleted endpoints", id);
                continue;
            }
            if !self.vpcs.contains_key(&e.vpc_id) {
                self.r.skip("endpoints in VPCs not captured", id);
                continue;
            }
            if e.ip_address_type.as_deref() == Some("ipv6") {
                self.r.skip("IPv6-only endpoints", id);
                continue;
            }
            if kind == "resource" || kind == "service-network" {
                self.resource_endpoint(e, &eni_by_id);
                continue;
            }
            if !e.service_name.starts_with("com.amazonaws.") {
                self.r.skip("endpoints to services named outside com.amazonaws.* (not in the model's naming)", id);
                continue;
            }
            if e.service_name.starts_with("com.amazonaws.vpce.")
                && !svc_configs.contains(&e.service_name)
            {
                self.r.note(format!(
                    "{id}: connects to endpoint service {} whose provider side was not captured; it loads as an unknown service",
                    e.service_name
                ));
            }
            let mut ep = doc::Endpoint {
                id: id.clone(),
                name: name_tag(&e.tags),
                kind: kind.to_string(),
                service: Some(e.service_name.clone()),
                ..doc::Endpoint::default()
            };
            if kind == "interface" {
                if !self.interface_parts(e, &id, &mut ep, &eni_by_id) {
                    continue;
                }
            } else {
                for t in &e.route_table_ids {
                    ep.route_tables.push(t.clone()); // checked against captured tables in route_tables()
                }
            }
            if let Some(doc_text) = &e.policy_document
                && !e.service_name.starts_with("com.amazonaws.vpce.")
            {
                ep.policy = self.policy(doc_text, &id);
            }
            let lower = state.to_ascii_lowercase();
            if lower != "available" {
                ep.state = Some(state.clone());
            }
            self.endpoint_dns_names(e, &id, &mut ep);
            if !self.claim(&id, "endpoints") {
                continue;
            }
            self.endpoint_vpc.insert(id.clone(), e.vpc_id.clone());
            self.vpcs
                .get_mut(&e.vpc_id)
                .expect("checked")
                .endpoints
                .push(ep);
        }
        self.instance_connect_endpoints(&eni_by_id);
    }

    /// A resource endpoint (type `Resource`) or a service-network endpoint (type
    /// `ServiceNetwork`): its resource configuration or service network, subnets, addresses and
    /// groups. Its private DNS and policy are not modelled (reported when set).
    fn resource_endpoint(
        &mut self,
        e: &aws::VpcEndpoint,
        eni_by_id: &HashMap<&str, &aws::NetworkInterface>,
    ) {
        let id = e.vpc_endpoint_id.clone();
        let sn = e.vpc_endpoint_type.eq_ignore_ascii_case("servicenetwork");
        let mut ep = doc::Endpoint {
            id: id.clone(),
            name: name_tag(&e.tags),
            ..doc::Endpoint::default()
        };
        let words = if sn {
            let Some(n) = self.service_network_target(e) else {
                return;
            };
            ep.kind = "service-network".to_string();
            ep.service_network = Some(n);
            "service-network endpoints"
        } else {
            let Some(rcfg) = self.resource_target(e) else {
                return;
            };
            ep.kind = "resource".to_string();
            ep.resource_configuration = Some(rcfg);
            "resource endpoints"
        };
        if !self.interface_parts(e, &id, &mut ep, eni_by_id) {
            return;
        }
        if ep.private_dns.take() == Some(true) {
            self.r.skip(
                &format!(
                    "private DNS of {words} (not modelled; the endpoint's own DNS names are traced)"
                ),
                id.clone(),
            );
        }
        ep.private_dns_only_for_inbound_resolver = None;
        if let Some(text) = &e.policy_document
            && self.policy(text, &id).is_some()
        {
            self.r
                .skip(&format!("policies of {words} (not modelled)"), id.clone());
        }
        let state = e.state.clone().unwrap_or_else(|| "available".into());
        if !state.eq_ignore_ascii_case("available") {
            ep.state = Some(state);
        }
        self.endpoint_dns_names(e, &id, &mut ep);
        if !self.claim(&id, "endpoints") {
            return;
        }
        self.endpoint_vpc.insert(id, e.vpc_id.clone());
        self.vpcs
            .get_mut(&e.vpc_id)
            .expect("checked")
            .endpoints
            .push(ep);
    }

    /// An interface endpoint's subnets, addresses, groups and DNS options; false when none of
    /// its subnets was captured.
    fn interface_parts(
        &mut self,
        e: &aws::VpcEndpoint,
        id: &str,
        ep: &mut doc::Endpoint,
        eni_by_id: &HashMap<&str, &aws::NetworkInterface>,
    ) -> bool {
        let sub_ok = |b: &Self, s: &String| b.subnet_vpc.get(s) == Some(&e.vpc_id);
        for s in &e.subnet_ids {
            if sub_ok(self, s) {
                ep.subnets.push(s.clone());
            } else {
                self.r
                    .skip("endpoint subnets not captured", format!("{id} -> {s}"));
            }
        }
        if ep.subnets.is_empty() {
            self.r.skip(
                "interface endpoints none of whose subnets were captured",
                id,
            );
            return false;
        }
        for n in &e.network_interface_ids {
            match eni_by_id.get(n.as_str()) {
                Some(eni) => {
                    let Some(sub) = eni.subnet_id.clone().filter(|s| ep.subnets.contains(s)) else {
                        continue;
                    };
                    if let Some(ip) = self.own_ip(&e.vpc_id, &sub, eni.private_ip_address.as_deref(), id) {
                        ep.ips.insert(sub, ip);
                    }
                }
                None => self.r.infer(format!(
                    "{id}: address of interface {n} not captured (describe-network-interfaces); the loader picks one"
                )),
            }
        }
        let groups: Vec<String> = e.groups.iter().map(|g| g.group_id.clone()).collect();
        ep.security_groups = self.keep_groups(id, groups);
        ep.private_dns = Some(e.private_dns_enabled.unwrap_or(false));
        if e.service_name.ends_with(".s3") && ep.private_dns == Some(true) {
            ep.private_dns_only_for_inbound_resolver = e
                .dns_options
                .as_ref()
                .and_then(|d| d.private_dns_only_for_inbound_resolver_endpoint);
        }
        true
    }

    /// The endpoint's DNS names, and AWS's suffix of its regional name.
    fn endpoint_dns_names(&mut self, e: &aws::VpcEndpoint, id: &str, ep: &mut doc::Endpoint) {
        for d in &e.dns_entries {
            let n = dns_name(&d.dns_name);
            if n.contains(".vpce.amazonaws.com") || n.starts_with(&format!("{id}-")) {
                // The regional name is `<id>-<suffix>.<service>...`: keep AWS's suffix.
                if ep.dns_suffix.is_none()
                    && let Some(rest) = n.strip_prefix(&format!("{id}-"))
                    && let Some(label) = rest.split('.').next()
                    && !label.is_empty()
                    && label.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    ep.dns_suffix = Some(label.to_string());
                }
                self.endpoint_dns.insert(n, id.to_string());
            }
        }
    }

    /// EC2 Instance Connect endpoints.
    fn instance_connect_endpoints(&mut self, eni_by_id: &HashMap<&str, &aws::NetworkInterface>) {
        let c = self.c;
        for x in dedup(
            &c.instance_connect_endpoints,
            |e| &e.instance_connect_endpoint_id,
            self.r,
            "instance connect endpoint",
        ) {
            let e = &x.v;
            let id = e.instance_connect_endpoint_id.clone();
            if matches!(
                e.state.as_deref(),
                Some("delete-complete" | "delete-in-progress" | "create-failed" | "delete-failed")
            ) {
                self.r
                    .skip("deleted or failed instance connect endpoints", id);
                continue;
            }
            if self.subnet_vpc.get(&e.subnet_id) != Some(&e.vpc_id) {
                self.r
                    .skip("instance connect endpoints in subnets not captured", id);
                continue;
            }
            let ip = e
                .network_interface_ids
                .iter()
                .filter_map(|n| eni_by_id.get(n.as_str()))
                .find_map(|eni| eni.private_ip_address.clone());
            let ip = self.own_ip(&e.vpc_id, &e.subnet_id, ip.as_deref(), &id);
            let security_groups = self.keep_groups(&id, e.security_group_ids.clone());
            if !self.claim(&id, "endpoints") {
                continue;
            }
            self.endpoint_vpc.insert(id.clone(), e.vpc_id.clone());
            self.vpcs
                .get_mut(&e.vpc_id)
                .expect("checked")
                .endpoints
                .push(doc::Endpoint {
                    id,
                    name: name_tag(&e.tags),
                    kind: "instance-connect".into(),
                    subnet: Some(e.subnet_id.clone()),
                    ip,
                    security_groups,
                    preserve_client_ip: Some(e.preserve_client_ip.unwrap_or(false)),
                    ..doc::Endpoint::default()
                });
        }
    }

    /// Groups that were captured; None (the VPC's default group) when none was.
    pub(super) fn keep_groups(&mut self, owner: &str, groups: Vec<String>) -> Option<Vec<String>> {
        let mut kept = Vec::new();
        for g in groups {
            if self.sg_ids.contains(&g) {
                kept.push(g);
            } else {
                self.r.skip(
                    "security group references to groups not captured",
                    format!("{owner} -> {g}"),
                );
            }
        }
        if kept.is_empty() { None } else { Some(kept) }
    }

    /// A policy document string -> an inline policy; None for the default full-access policy.
    pub(super) fn policy(&mut self, text: &str, owner: &str) -> Option<Value> {
        let v: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.r.skip(
                    "policies that are not valid JSON (full access assumed)",
                    format!("{owner}: {e}"),
                );
                return None;
            }
        };
        if is_default_policy(&v) {
            return None;
        }
        if let Err(e) = crate::policy::parse_value(&v) {
            self.r.skip(
                "policies linkscope cannot read (full access assumed)",
                format!("{owner}: {}", e.message),
            );
            return None;
        }
        Some(v)
    }

    /// An endpoint whose own state was not captured takes its connection's (provider view).
    pub(super) fn endpoint_states(&mut self) {
        let c = self.c;
        let listed: HashSet<&str> = c
            .vpc_endpoints
            .iter()
            .filter(|e| e.v.state.is_some())
            .map(|e| e.v.vpc_endpoint_id.as_str())
            .collect();
        for conn in &c.connections {
            let e = conn.v.vpc_endpoint_id.as_str();
            if listed.contains(e) {
                continue;
            }
            let Some(state) = conn.v.vpc_endpoint_state.clone() else {
                continue;
            };
            let Some(vpc) = self.endpoint_vpc.get(e).cloned() else {
                continue;
            };
            if let Some(ep) = self
                .vpcs
                .get_mut(&vpc)
                .and_then(|v| v.endpoints.iter_mut().find(|x| x.id == e))
            {
                ep.state = (!state.eq_ignore_ascii_case("available")).then_some(state);
            }
        }
    }
}
