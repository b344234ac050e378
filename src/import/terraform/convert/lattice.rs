//! PrivateLink as it is in 2026, from Terraform: IPv6 blocks of `aws_vpc` and `aws_subnet`
//! (a plan's `assign_generated_ipv6_cidr_block` block is unknown until apply: a documentation
//! placeholder, reported), `aws_egress_only_internet_gateway`, and VPC Lattice:
//! `aws_vpclattice_resource_gateway`, `aws_vpclattice_resource_configuration`,
//! `aws_vpclattice_service_network`, `aws_vpclattice_service_network_resource_association`,
//! `aws_vpclattice_service_network_service_association`,
//! `aws_vpclattice_service_network_vpc_association` (reported, not modelled),
//! `aws_vpclattice_auth_policy`, and AWS RAM's `aws_ram_resource_association` /
//! `aws_ram_principal_association`, as the vpc-lattice and ram outputs the capture script saves.

use serde_json::Map;

use super::*;

/// A nested block as Terraform JSON writes it: a list of one object (or an object).
fn block(v: Option<&Value>) -> Option<&Map<String, Value>> {
    match v? {
        Value::Array(a) => a.first()?.as_object(),
        Value::Object(o) => Some(o),
        _ => None,
    }
}

fn text(o: &Map<String, Value>, k: &str) -> Option<String> {
    o.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn associated(block: String) -> aws::Ipv6CidrAssociation {
    aws::Ipv6CidrAssociation {
        ipv6_cidr_block: Some(block),
        ipv6_cidr_block_state: Some(aws::StateObj {
            state: Some("associated".into()),
            ..Default::default()
        }),
    }
}

/// Whether `r`'s configuration gives attribute `k` an expression (so a value absent from the
/// plan is one known only after apply).
fn config_names(tf: &Tf, r: &Res, k: &str) -> bool {
    tf.config
        .get(&format!("{}|{}.{}", r.module, r.rtype, r.name))
        .is_some_and(|e| e.get(k).is_some())
}

/// Whether a plan leaves the VPC's IPv6 block to AWS (known only after apply).
fn vpc_ipv6_unknown(r: &Res) -> bool {
    r.str("ipv6_cidr_block").is_none()
        && (bool_of(r, "assign_generated_ipv6_cidr_block") == Some(true)
            || r.str("ipv6_ipam_pool_id").is_some()
            || r.is_unknown("ipv6_cidr_block"))
}

/// The placeholder /56 of a VPC whose IPv6 block is unknown until apply: the n-th such VPC
/// of the file gets `2001:db8:n00::/56` (RFC 3849's documentation range); `Err` past 255.
pub(super) fn vpc_ipv6_placeholder(tf: &Tf, r: &Res) -> Option<Result<String, ()>> {
    if !vpc_ipv6_unknown(r) {
        return None;
    }
    let n = tf
        .of("aws_vpc")
        .filter(|v| vpc_ipv6_unknown(v))
        .position(|v| v.address == r.address)?
        + 1;
    Some(if n > 255 {
        Err(())
    } else {
        Ok(format!("2001:db8:{:x}::/56", n << 8))
    })
}

/// The placeholder /64 of a subnet whose IPv6 block is unknown until apply, inside its VPC's
/// placeholder: the k-th such subnet of the VPC gets `2001:db8:nkk::/64`. None when its VPC's
/// block is not a placeholder (or past 255 subnets).
pub(super) fn subnet_ipv6_placeholder(tf: &Tf, r: &Res) -> Option<String> {
    let vpc_id = tf.str1(r, "vpc_id")?;
    let vpc = tf.of("aws_vpc").find(|v| v.id == vpc_id)?;
    let Some(Ok(_)) = vpc_ipv6_placeholder(tf, vpc) else {
        return None;
    };
    let n = tf
        .of("aws_vpc")
        .filter(|v| vpc_ipv6_unknown(v))
        .position(|v| v.address == vpc.address)?
        + 1;
    let k = tf
        .of("aws_subnet")
        .filter(|s| s.str("ipv6_cidr_block").is_none())
        .filter(|s| tf.str1(s, "vpc_id").as_deref() == Some(vpc_id.as_str()))
        .position(|s| s.address == r.address)?
        + 1;
    (k <= 255).then(|| format!("2001:db8:{:x}::/64", (n << 8) | k))
}

impl Conv<'_> {
    /// IPv6 blocks of the VPCs and subnets just converted.
    pub(super) fn ipv6_blocks(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpc") {
            let block = match r.str("ipv6_cidr_block") {
                Some(b) => Some(b.to_string()),
                None => match vpc_ipv6_placeholder(tf, r) {
                    Some(Ok(p)) => {
                        self.report.infer(format!(
                            "{}: IPv6 block unknown until apply (assigned by AWS); placeholder {p} (documentation range)",
                            r.address
                        ));
                        Some(p)
                    }
                    Some(Err(())) => {
                        self.report.skip(
                            "Terraform IPv6 blocks unknown until apply beyond the 255 placeholders",
                            r.address.clone(),
                        );
                        None
                    }
                    None => None,
                },
            };
            if let Some(b) = block
                && let Some(v) = self
                    .caps
                    .vpcs
                    .iter_mut()
                    .rev()
                    .find(|v| v.ctx == self.ci && v.v.vpc_id == r.id)
            {
                v.v.ipv6_cidr_block_association_set.push(associated(b));
            }
        }
        for r in tf.of("aws_subnet") {
            let block = match r.str("ipv6_cidr_block") {
                Some(b) => Some(b.to_string()),
                None if r.is_unknown("ipv6_cidr_block")
                    || config_names(tf, r, "ipv6_cidr_block") =>
                {
                    match subnet_ipv6_placeholder(tf, r) {
                        Some(p) => {
                            self.report.infer(format!(
                                "{}: IPv6 block unknown until apply (from its VPC's); placeholder {p} inside the VPC's",
                                r.address
                            ));
                            Some(p)
                        }
                        None => {
                            self.report.skip(
                                "Terraform subnet IPv6 blocks unknown until apply (apply, then import the state)",
                                r.address.clone(),
                            );
                            None
                        }
                    }
                }
                None => None,
            };
            let native = bool_of(r, "ipv6_native") == Some(true);
            if let Some(s) = self
                .caps
                .subnets
                .iter_mut()
                .rev()
                .find(|s| s.ctx == self.ci && s.v.subnet_id == r.id)
            {
                s.v.ipv6_native = native;
                if let Some(b) = block {
                    s.v.ipv6_cidr_block_association_set.push(associated(b));
                }
            }
        }
        for r in tf.of("aws_egress_only_internet_gateway") {
            let vpc = tf.str1(r, "vpc_id");
            let g = aws::EgressOnlyInternetGateway {
                egress_only_internet_gateway_id: r.id.clone(),
                attachments: vpc
                    .into_iter()
                    .map(|v| aws::GatewayAttachment {
                        vpc_id: v,
                        state: Some("attached".into()),
                    })
                    .collect(),
                tags: tags(r),
            };
            self.caps.egress_only_gateways.push(self.at(g));
        }
    }

    /// Resource gateways, resource configurations, service networks, their associations and
    /// auth policies, RAM shares.
    pub(super) fn lattice(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpclattice_resource_gateway") {
            let g = aws::ResourceGateway {
                id: r.id.clone(),
                arn: r.str("arn").map(str::to_string),
                name: r.str("name").map(str::to_string),
                vpc_id: tf.str1(r, "vpc_id"),
                subnet_ids: tf.strs(r, "subnet_ids"),
                security_group_ids: tf.strs(r, "security_group_ids"),
                ip_address_type: r.str("ip_address_type").map(str::to_string),
                status: Some("ACTIVE".into()),
            };
            self.caps.resource_gateways.push(self.at(g));
        }
        for r in tf.of("aws_vpclattice_resource_configuration") {
            let def = block(r.values.get("resource_configuration_definition"));
            let one = |k: &str| def.and_then(|d| block(d.get(k)));
            let definition = def.map(|_| aws::ResourceConfigurationDefinition {
                ip_resource: one("ip_resource").map(|o| aws::IpResource {
                    ip_address: text(o, "ip_address").unwrap_or_default(),
                }),
                dns_resource: one("dns_resource").map(|o| aws::DnsResource {
                    domain_name: text(o, "domain_name").unwrap_or_default(),
                    ip_address_type: text(o, "ip_address_type"),
                }),
                arn_resource: one("arn_resource").map(|o| aws::ArnResource {
                    arn: text(o, "arn").unwrap_or_default(),
                }),
            });
            if def.is_none() {
                self.report.skip(
                    "Terraform resource configurations without a resource_configuration_definition",
                    r.address.clone(),
                );
            }
            let ports = tf.strs(r, "port_ranges");
            let c = aws::ResourceConfiguration {
                id: r.id.clone(),
                arn: r.str("arn").map(str::to_string),
                name: r.str("name").map(str::to_string),
                kind: Some(r.str("type").unwrap_or("SINGLE").to_string()),
                resource_gateway_id: tf.str1(r, "resource_gateway_identifier"),
                resource_configuration_group_id: tf.str1(r, "resource_configuration_group_id"),
                port_ranges: (!ports.is_empty()).then_some(ports),
                protocol: r.str("protocol").map(str::to_string),
                resource_configuration_definition: definition,
                allow_association_to_shareable_service_network: bool_of(
                    r,
                    "allow_association_to_shareable_service_network",
                ),
                custom_domain_name: r.str("custom_domain_name").map(str::to_string),
                amazon_managed: None,
                status: Some("ACTIVE".into()),
            };
            self.caps.resource_configurations.push(self.at(c));
        }
        for r in tf.of("aws_vpclattice_service_network") {
            if block(r.values.get("sharing_config")).is_none() {
                self.report.infer(format!(
                    "{}: sharing taken as off (the AWS provider's aws_vpclattice_service_network has no sharing argument; AWS's sharingConfig.enabled is not in the plan or state)",
                    r.address
                ));
            }
            let n = aws::ServiceNetwork {
                id: r.id.clone(),
                arn: r.str("arn").map(str::to_string),
                name: r.str("name").map(str::to_string),
                // The provider's default.
                auth_type: Some(r.str("auth_type").unwrap_or("NONE").to_string()),
                sharing_config: block(r.values.get("sharing_config")).map(|o| aws::SharingConfig {
                    enabled: o.get("enabled").and_then(Value::as_bool).unwrap_or(false),
                }),
            };
            self.caps.service_networks.push(self.at(n));
        }
        for r in tf.of("aws_vpclattice_service_network_resource_association") {
            let a = aws::ServiceNetworkResourceAssociation {
                id: format!("snra-{}", r.id),
                resource_configuration_id: tf.str1(r, "resource_configuration_identifier"),
                service_network_id: tf.str1(r, "service_network_identifier"),
                status: Some("ACTIVE".into()),
                ..Default::default()
            };
            self.caps.sn_resource_associations.push(self.at(a));
        }
        for r in tf.of("aws_vpclattice_service_network_service_association") {
            let a = aws::ServiceNetworkServiceAssociation {
                id: format!("snsa-{}", r.id),
                service_id: tf.str1(r, "service_identifier"),
                service_network_id: tf.str1(r, "service_network_identifier"),
                status: Some("ACTIVE".into()),
                ..Default::default()
            };
            self.caps.sn_service_associations.push(self.at(a));
        }
        // Read so that it is reported as AWS CLI's list-service-network-vpc-associations is:
        // the model has no VPC association (a VPC associated this way reaches the network's
        // services and resources without an endpoint).
        for r in tf.of("aws_vpclattice_service_network_vpc_association") {
            let id = if r.id.starts_with("snva-") {
                r.id.clone()
            } else {
                format!("snva-{}", r.id)
            };
            let a = aws::ServiceNetworkVpcAssociation {
                id,
                vpc_id: tf.str1(r, "vpc_identifier"),
                service_network_id: tf.str1(r, "service_network_identifier"),
                status: Some(r.str("status").unwrap_or("ACTIVE").to_string()),
                ..Default::default()
            };
            self.caps.sn_vpc_associations.push(self.at(a));
        }
        for r in tf.of("aws_vpclattice_auth_policy") {
            let (Some(target), Some(policy)) =
                (tf.str1(r, "resource_identifier"), tf.str1(r, "policy"))
            else {
                continue;
            };
            match target.rsplit('/').next().filter(|t| t.starts_with("sn-")) {
                Some(sn) => {
                    let v = self.at((
                        sn.to_string(),
                        aws::AuthPolicy {
                            policy: Some(policy),
                            state: Some("Active".into()),
                        },
                    ));
                    self.caps.auth_policies.push(v);
                }
                None => self.report.skip(
                    "Terraform auth policies of VPC Lattice services (not traced)",
                    r.address.clone(),
                ),
            }
        }
        for (t, key, kind) in [
            ("aws_ram_resource_association", "resource_arn", "RESOURCE"),
            ("aws_ram_principal_association", "principal", "PRINCIPAL"),
        ] {
            for r in tf.of(t) {
                let (Some(share), Some(entity)) =
                    (tf.str1(r, "resource_share_arn"), tf.str1(r, key))
                else {
                    continue;
                };
                let a = aws::ResourceShareAssociation {
                    resource_share_arn: share,
                    associated_entity: entity,
                    association_type: kind.into(),
                    status: Some("ASSOCIATED".into()),
                };
                self.caps.share_associations.push(self.at(a));
            }
        }
    }
}
