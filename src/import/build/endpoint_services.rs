//! Endpoint services (provider side).

use super::modern::supported_ip_types;
use super::*;

impl B<'_> {
    pub(super) fn endpoint_services(&mut self) -> Vec<doc::EndpointService> {
        let c = self.c;
        let lbs: HashMap<&str, &At<aws::LoadBalancer>> = c
            .load_balancers
            .iter()
            .map(|l| (l.v.load_balancer_arn.as_str(), l))
            .collect();
        let mut used_lbs: HashSet<&str> = HashSet::new();
        let ix = targets::ElbIndex::new(c);
        let mut out = Vec::new();
        for x in dedup(
            &c.service_configurations,
            |s| &s.service_id,
            self.r,
            "endpoint service",
        ) {
            let s = &x.v;
            let id = s.service_id.clone();
            if matches!(
                s.service_state
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("deleted" | "deleting" | "failed")
            ) {
                self.r.skip("deleted or failed endpoint services", id);
                continue;
            }
            let (arn, kind) = if let Some(a) = s.network_load_balancer_arns.first() {
                (a.clone(), "network")
            } else if let Some(a) = s.gateway_load_balancer_arns.first() {
                (a.clone(), "gateway")
            } else {
                self.r.skip(
                    "endpoint services without a load balancer (e.g. resource configurations)",
                    id,
                );
                continue;
            };
            let Some(lb) = lbs.get(arn.as_str()) else {
                self.r.skip("endpoint services whose load balancer was not captured (elbv2 describe-load-balancers)", id);
                continue;
            };
            used_lbs.insert(
                lbs.get_key_value(arn.as_str())
                    .map(|(k, _)| *k)
                    .unwrap_or_default(),
            );
            let lbv = &lb.v;
            let Some(vpc) = lbv.vpc_id.clone().filter(|v| self.vpcs.contains_key(v)) else {
                self.r.skip(
                    "endpoint services whose load balancer's VPC was not captured",
                    id,
                );
                continue;
            };
            let subnets: Vec<String> = lbv
                .availability_zones
                .iter()
                .filter_map(|z| z.subnet_id.clone())
                .filter(|sid| self.subnet_vpc.get(sid) == Some(&vpc))
                .collect();
            if subnets.is_empty() {
                self.r.skip(
                    "endpoint services whose load balancer's subnets were not captured",
                    id,
                );
                continue;
            }
            let listeners = self.service_listeners(&ix, &id, &arn, kind);
            let targets = if kind == "network" {
                self.lb_targets(&ix, &id, &arn, &vpc, &subnets, &listeners)
            } else {
                targets::LbTargets::default()
            };
            let lb_groups = self.lb_groups(&id, &lbv.security_groups);
            let (cross_zone, enforce) = self.lb_flags(&ix, &arn, lbv);
            let (arn_region, arn_acct) = arn_parts(&arn);
            let region = s
                .service_name
                .as_deref()
                .and_then(service_region)
                .or(arn_region)
                .map(str::to_string)
                .unwrap_or_else(|| self.vpcs[&vpc].region.clone());
            let account = arn_acct
                .map(str::to_string)
                .unwrap_or_else(|| self.vpcs[&vpc].account.clone());
            let allowed = self.allowed_principals(&id);
            let (accepted, rejected) = self.service_connections(&id);
            if !self.claim(&id, "endpoint services") {
                continue;
            }
            out.push(doc::EndpointService {
                id: id.clone(),
                name: name_tag(&s.tags),
                account,
                load_balancer: doc::LoadBalancer {
                    kind: kind.to_string(),
                    name: Some(lbv.load_balancer_name.clone()).filter(|n| !n.is_empty()),
                    vpc,
                    subnets,
                    listeners,
                    security_groups: lb_groups,
                    cross_zone,
                    enforce_security_groups_on_privatelink: enforce,
                    target_groups: targets.groups,
                    listener_target_groups: targets.listener_groups,
                },
                acceptance_required: s.acceptance_required.unwrap_or(true),
                allowed_principals: allowed,
                accepted,
                rejected,
                private_dns_name: s.private_dns_name.clone().filter(|n| !n.is_empty()),
                private_dns_verified: s.private_dns_name.as_ref().map(|_| {
                    s.private_dns_name_configuration
                        .as_ref()
                        .and_then(|c| c.state.as_deref())
                        == Some("verified")
                }),
                supported_regions: self.supported_regions(&id, s, &region),
                supported_ip_address_types: supported_ip_types(s),
                region,
            });
        }
        self.unused_load_balancers(&used_lbs);
        self.name_consumer_endpoints(&out);
        out
    }

    /// A network load balancer's TCP, TLS and UDP listeners, sorted; none for a gateway one.
    fn service_listeners(
        &mut self,
        ix: &targets::ElbIndex,
        id: &str,
        arn: &str,
        kind: &str,
    ) -> Vec<(String, u16)> {
        let mut listeners: Vec<(String, u16)> = Vec::new();
        if kind == "network" {
            for l in ix.listeners(arn) {
                let proto = l.protocol.clone().unwrap_or_default().to_ascii_lowercase();
                match (proto.as_str(), l.port) {
                    ("tcp" | "tls" | "udp" | "tcp_udp", Some(p)) => {
                        if !listeners.contains(&(proto.clone(), p)) {
                            listeners.push((proto, p));
                        }
                    }
                    _ => self.r.skip(
                        "listeners other than TCP, TLS, UDP",
                        l.listener_arn.clone().unwrap_or_default(),
                    ),
                }
            }
            if listeners.is_empty() {
                self.r.infer(format!("{id}: listeners of its load balancer not captured (elbv2 describe-listeners); none written"));
            }
        }
        listeners.sort();
        listeners
    }

    /// The load balancer's security groups that were captured.
    fn lb_groups(&mut self, id: &str, groups: &[String]) -> Vec<String> {
        let mut lb_groups = Vec::new();
        for g in groups {
            if self.sg_ids.contains(g) {
                lb_groups.push(g.clone());
            } else {
                self.r.skip(
                    "security group references to groups not captured",
                    format!("{id} -> {g}"),
                );
            }
        }
        lb_groups
    }

    /// Cross-zone and PrivateLink enforcement, written only where they differ from the
    /// model's defaults (off, on).
    fn lb_flags(
        &self,
        ix: &targets::ElbIndex,
        arn: &str,
        lbv: &aws::LoadBalancer,
    ) -> (Option<bool>, Option<bool>) {
        // Saved as `<command>.<name>.json` (or by the ARN's name or id part).
        let mut parts = arn.rsplit('/');
        let keys = [
            lbv.load_balancer_name.as_str(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        ];
        let attrs: Vec<&aws::KeyValue> = ix
            .attributes(&keys)
            .into_iter()
            .filter(|a| !targets::is_target_group_attributes(a))
            .flat_map(|a| a.iter())
            .collect();
        // Written only where they differ from the model's defaults (off, on).
        let cross_zone = attrs
            .iter()
            .find(|a| a.key == "load_balancing.cross_zone.enabled")
            .and_then(|a| a.value.as_deref())
            .filter(|v| *v == "true")
            .map(|_| true);
        let enforce = lbv
            .enforce_security_group_inbound_rules_on_private_link_traffic
            .as_deref()
            .filter(|v| v.eq_ignore_ascii_case("off"))
            .map(|_| false);
        (cross_zone, enforce)
    }

    /// The service's allowed principals; noted when none were captured.
    fn allowed_principals(&mut self, id: &str) -> Vec<String> {
        let c = self.c;
        let mut allowed: Vec<String> = Vec::new();
        let mut captured_perms = false;
        for p in c.allowed_principals.iter().filter(|p| p.v.0 == id) {
            captured_perms = true;
            if !p.v.1.principal.is_empty() && !allowed.contains(&p.v.1.principal) {
                allowed.push(p.v.1.principal.clone());
            }
        }
        if !captured_perms {
            self.r.infer(format!(
                "{id}: allowed principals not captured (describe-vpc-endpoint-service-permissions); none written, so nobody may connect"
            ));
        }
        allowed
    }

    /// Connections from captured endpoints: (accepted, rejected), sorted.
    fn service_connections(&mut self, id: &str) -> (Vec<String>, Vec<String>) {
        let c = self.c;
        let mut accepted = Vec::new();
        let mut rejected = Vec::new();
        for conn in c
            .connections
            .iter()
            .filter(|k| k.v.service_id.as_deref() == Some(id))
        {
            let e = &conn.v.vpc_endpoint_id;
            if !self.endpoint_vpc.contains_key(e) {
                self.r.skip(
                    "endpoint connections from endpoints not captured (other accounts)",
                    format!("{id} <- {e}"),
                );
                continue;
            }
            match conn
                .v
                .vpc_endpoint_state
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("available") => accepted.push(e.clone()),
                Some("rejected") => rejected.push(e.clone()),
                _ => {}
            }
        }
        accepted.sort();
        accepted.dedup();
        rejected.sort();
        rejected.dedup();
        (accepted, rejected)
    }

    /// Load balancers no captured endpoint service uses.
    fn unused_load_balancers(&mut self, used_lbs: &HashSet<&str>) {
        let c = self.c;
        let unused = c
            .load_balancers
            .iter()
            .filter(|l| !used_lbs.contains(l.v.load_balancer_arn.as_str()))
            .count();
        if unused > 0 {
            self.r.skip_n(
                "load balancers not behind a captured endpoint service",
                unused,
                c.load_balancers
                    .iter()
                    .find(|l| !used_lbs.contains(l.v.load_balancer_arn.as_str()))
                    .map(|l| l.v.load_balancer_name.clone())
                    .unwrap_or_default(),
            );
        }
    }

    /// Consumer endpoints to these services name them by id.
    fn name_consumer_endpoints(&mut self, out: &[doc::EndpointService]) {
        let c = self.c;
        // Consumer endpoints to these services name them by id.
        let names: HashMap<String, String> = out
            .iter()
            .map(|s| {
                (
                    format!("com.amazonaws.vpce.{}.{}", s.region, s.id),
                    s.id.clone(),
                )
            })
            .collect();
        let states: HashMap<&str, &str> = c
            .vpc_endpoints
            .iter()
            .filter_map(|e| {
                e.v.state
                    .as_deref()
                    .map(|s| (e.v.vpc_endpoint_id.as_str(), s))
            })
            .collect();
        for v in self.vpcs.values_mut() {
            for e in &mut v.endpoints {
                if let Some(svc) = e.service.as_ref().and_then(|s| names.get(s)) {
                    e.service = Some(svc.clone());
                    e.policy = None;
                    // The captured state, rather than one derived from the captured connections.
                    if let Some(st) = states.get(e.id.as_str()) {
                        e.state = Some(st.to_string());
                    }
                }
            }
        }
    }
}
