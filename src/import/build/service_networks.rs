//! VPC Lattice service networks (what service-network endpoints reach, ES-33..ES-39), from
//! `aws vpc-lattice get-service-network` / `list-service-networks`, the resource
//! configurations associated with them (`list-service-network-resource-associations`), the
//! Lattice services associated with them (`list-service-network-service-associations`,
//! recorded, not traced), their auth policy (`get-auth-policy`), and who they are shared with
//! (`aws ram get-resource-share-associations`, else the endpoints that use them).

use super::resources::{Notes, rcfg_id, shared_with};
use super::*;

/// `sn-…` from a service network's ARN (`…:servicenetwork/sn-…`) or id.
pub(super) fn sn_id(arn_or_id: &str) -> Option<String> {
    let v = arn_or_id.trim();
    if v.starts_with("arn:") && !v.contains(":servicenetwork/") {
        return None;
    }
    let last = v.rsplit('/').next()?;
    (last.starts_with("sn-") && last.len() > 3).then(|| last.to_string())
}

/// `svc-…` from a Lattice service's ARN (`…:service/svc-…`) or id.
fn svc_id(arn_or_id: &str) -> Option<String> {
    let last = arn_or_id.trim().rsplit('/').next()?;
    (last.starts_with("svc-") && last.len() > 4).then(|| last.to_string())
}

/// The account of an ARN (`arn:aws:vpc-lattice:<region>:<account>:…`).
fn arn_account(arn: &str) -> Option<String> {
    let a = arn.split(':').nth(4)?;
    is_account_id(a).then(|| a.to_string())
}

/// An association that is (still, or about to be) in place: ACTIVE, or no status given.
fn active(status: Option<&str>) -> bool {
    status.is_none_or(|s| s.eq_ignore_ascii_case("active"))
}

impl B<'_> {
    /// Service networks, with their associations and auth policies.
    pub(super) fn service_networks_pass(&mut self) {
        let c = self.c;
        self.sn_vpc_associations();
        // get-service-network (auth type, sharing) wins over a list summary.
        let mut by_id: BTreeMap<String, &At<aws::ServiceNetwork>> = BTreeMap::new();
        for x in &c.service_networks {
            let v = &x.v;
            let Some(id) = sn_id(&v.id) else {
                self.r
                    .skip("service networks with an unreadable id", v.id.clone());
                continue;
            };
            let better = by_id
                .get(&id)
                .is_none_or(|old| old.v.auth_type.is_none() && v.auth_type.is_some());
            if better {
                by_id.insert(id, x);
            }
        }
        let configs: HashSet<String> = self
            .resource_configurations
            .iter()
            .map(|c| c.id.clone())
            .collect();
        for (id, x) in by_id {
            let v = &x.v;
            let account = v
                .arn
                .as_deref()
                .and_then(arn_account)
                .filter(|a| a != PLACEHOLDER_ACCOUNT)
                .or_else(|| self.acct(x.ctx))
                .unwrap_or_else(|| {
                    self.r.infer(format!(
                        "{id}: owner account not captured; placeholder {PLACEHOLDER_ACCOUNT} written"
                    ));
                    PLACEHOLDER_ACCOUNT.to_string()
                });
            let auth_type = match v
                .auth_type
                .as_deref()
                .map(|t| t.trim().to_ascii_uppercase())
                .as_deref()
            {
                None | Some("NONE") => None,
                Some("AWS_IAM") => Some("AWS_IAM".to_string()),
                Some(other) => {
                    self.r.skip(
                        "service network auth types other than NONE and AWS_IAM (taken as NONE)",
                        format!("{id} ({other})"),
                    );
                    None
                }
            };
            if v.auth_type.is_none() {
                self.r.infer(format!(
                    "{id}: auth type not in the list output (capture vpc-lattice get-service-network); NONE assumed"
                ));
            }
            let auth_policy = self.auth_policy(&id, auth_type.is_some());
            let mut resource_configurations: Vec<String> = Vec::new();
            for a in &c.sn_resource_associations {
                let a = &a.v;
                let of_this = a
                    .service_network_id
                    .as_deref()
                    .or(a.service_network_arn.as_deref())
                    .and_then(sn_id)
                    .is_some_and(|n| n == id);
                if !of_this {
                    continue;
                }
                let Some(r) = a
                    .resource_configuration_id
                    .as_deref()
                    .or(a.resource_configuration_arn.as_deref())
                    .and_then(rcfg_id)
                else {
                    self.r.skip(
                        "service network resource associations without a readable resource configuration",
                        a.id.clone(),
                    );
                    continue;
                };
                if !active(a.status.as_deref()) {
                    self.r.skip(
                        "service network resource associations not ACTIVE (left out)",
                        format!("{id} -> {r} ({})", a.status.as_deref().unwrap_or("")),
                    );
                    continue;
                }
                if !configs.contains(&r) {
                    self.r.skip(
                        "service network resource associations whose resource configuration was not imported",
                        format!("{id} -> {r}"),
                    );
                    continue;
                }
                if !resource_configurations.contains(&r) {
                    resource_configurations.push(r);
                }
            }
            resource_configurations.sort();
            let mut services: Vec<String> = Vec::new();
            for a in &c.sn_service_associations {
                let a = &a.v;
                let of_this = a
                    .service_network_id
                    .as_deref()
                    .or(a.service_network_arn.as_deref())
                    .and_then(sn_id)
                    .is_some_and(|n| n == id);
                if !of_this || !active(a.status.as_deref()) {
                    continue;
                }
                match a
                    .service_id
                    .as_deref()
                    .or(a.service_arn.as_deref())
                    .and_then(svc_id)
                {
                    Some(s) if !services.contains(&s) => services.push(s),
                    Some(_) => {}
                    None => self.r.skip(
                        "service network service associations without a readable service id",
                        a.id.clone(),
                    ),
                }
            }
            services.sort();
            if !services.is_empty() {
                self.r.skip(
                    "VPC Lattice services of service networks (recorded, not traced)",
                    format!("{id}: {}", services.join(", ")),
                );
            }
            if !self.claim(&id, "service networks") {
                continue;
            }
            self.service_networks.push(doc::ServiceNetwork {
                id,
                name: v.name.clone().filter(|n| !n.trim().is_empty()),
                account,
                auth_type,
                auth_policy,
                sharing: v.sharing_config.as_ref().is_some_and(|s| s.enabled),
                shared_with: Vec::new(),
                resource_configurations,
                services,
            });
        }
    }

    /// The service network's auth policy, from get-auth-policy: kept for AWS_IAM networks
    /// (AWS evaluates it only then), reported otherwise.
    fn auth_policy(&mut self, id: &str, iam: bool) -> Option<Value> {
        let text = self
            .c
            .auth_policies
            .iter()
            .rev()
            .find(|x| x.v.0 == id)
            .and_then(|x| x.v.1.policy.clone())
            .filter(|t| !t.trim().is_empty())?;
        if !iam {
            self.r.skip(
                "auth policies of service networks whose auth type is NONE (not evaluated by AWS, left out)",
                id,
            );
            return None;
        }
        self.policy(&text, id)
    }

    /// The service network of a service-network endpoint (type `ServiceNetwork`), if it was
    /// imported; reports why not otherwise.
    pub(super) fn service_network_target(&mut self, e: &aws::VpcEndpoint) -> Option<String> {
        let id = &e.vpc_endpoint_id;
        let Some(arn) = e.service_network_arn.as_deref() else {
            self.r
                .skip("service-network endpoints without a ServiceNetworkArn", id);
            return None;
        };
        let Some(sn) = sn_id(arn) else {
            self.r.skip(
                "service-network endpoints with an unreadable ServiceNetworkArn",
                format!("{id} ({arn})"),
            );
            return None;
        };
        if self.service_networks.iter().any(|n| n.id == sn) {
            Some(sn)
        } else {
            self.r.skip(
                "service-network endpoints whose service network was not imported (capture vpc-lattice get-service-network in its owner's account)",
                format!("{id} -> {sn}"),
            );
            None
        }
    }

    /// `shared_with` of each service network, as for resource configurations: AWS RAM, else the
    /// accounts of the service-network endpoints that use it (inferred).
    pub(super) fn service_network_sharing(&mut self) {
        if self.service_networks.is_empty() {
            return;
        }
        let ram = self.ram_principals(sn_id);
        let mut users: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
        for v in self.vpcs.values() {
            for e in &v.endpoints {
                if let Some(n) = &e.service_network {
                    users
                        .entry(n.clone())
                        .or_default()
                        .insert((v.account.clone(), e.id.clone()));
                }
            }
        }
        let mut notes = Notes::default();
        for n in &mut self.service_networks {
            n.shared_with = shared_with(
                &n.id,
                &n.account,
                ram.get(&n.id),
                users.get(&n.id),
                &mut notes,
            );
        }
        notes.flush(self.r);
    }
}

impl B<'_> {
    /// `list-service-network-vpc-associations`: read, reported, not modelled (the model has
    /// no VPC association: a VPC connected to a service network this way reaches its Lattice
    /// services and resource configurations without an endpoint).
    fn sn_vpc_associations(&mut self) {
        let mut seen: HashSet<&str> = HashSet::new();
        for a in &self.c.sn_vpc_associations {
            let a = &a.v;
            if !seen.insert(a.id.as_str()) {
                continue;
            }
            let sn = a
                .service_network_id
                .as_deref()
                .or(a.service_network_arn.as_deref())
                .and_then(sn_id);
            let vpc = a
                .vpc_id
                .as_deref()
                .map(str::trim)
                .filter(|v| v.starts_with("vpc-"));
            let (Some(sn), Some(vpc)) = (sn, vpc) else {
                self.r.skip(
                    "service network VPC associations without a readable service network or VPC id",
                    a.id.clone(),
                );
                continue;
            };
            if active(a.status.as_deref()) {
                self.r.skip(
                    "service network VPC associations (read, not modelled: the VPC reaches the service network's Lattice services and resources without an endpoint; traces from it do not use them)",
                    format!("{sn} -> {vpc}"),
                );
            } else {
                self.r.skip(
                    "service network VPC associations not ACTIVE",
                    format!(
                        "{} ({sn} -> {vpc}, {})",
                        a.id,
                        a.status.as_deref().unwrap_or("")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(
            sn_id("arn:aws:vpc-lattice:us-east-1:222222222222:servicenetwork/sn-0d1e2f3a4b5c6d7e8")
                .as_deref(),
            Some("sn-0d1e2f3a4b5c6d7e8")
        );
        assert_eq!(sn_id("sn-x").as_deref(), Some("sn-x"));
        assert_eq!(
            sn_id("arn:aws:vpc-lattice:us-east-1:1:resourceconfiguration/rcfg-1"),
            None
        );
        assert_eq!(
            arn_account("arn:aws:vpc-lattice:us-east-1:222222222222:servicenetwork/sn-1")
                .as_deref(),
            Some("222222222222")
        );
        assert_eq!(
            svc_id("arn:aws:vpc-lattice:us-east-1:2:service/svc-0abc").as_deref(),
            Some("svc-0abc")
        );
    }
}
