//! VPC Lattice -> vpc-lattice-get-resource-gateway, -get-resource-configuration,
//! -get-service-network (with its association lists and auth policy), and the AWS RAM share
//! of each configuration and service network.

use serde_json::{Value, json};

use super::{Exporter, acct_of_vpc, dir, synth_id};

impl Exporter<'_> {
    /// vpc-lattice-get-resource-gateway, one file per resource gateway.
    pub(super) fn resource_gateways(&mut self) {
        let m = self.m;
        for g in &m.resource_gateways {
            let v = &m.vpcs[g.vpc];
            let acct = acct_of_vpc(m, g.vpc);
            self.f.put(
                &format!("{}/vpc-lattice-get-resource-gateway.{}.json", dir(&acct, &v.region), g.id),
                json!({ "id": g.id, "arn": format!("arn:aws:vpc-lattice:{}:{acct}:resourcegateway/{}", v.region, g.id),
                        "name": g.name, "vpcId": v.id, "status": "ACTIVE", "ipAddressType": "IPV4",
                        "subnetIds": g.subnets.iter().map(|&s| m.subnets[s].id.as_str()).collect::<Vec<_>>(),
                        "securityGroupIds": g.security_groups.iter().map(|&x| m.security_groups[x].id.as_str()).collect::<Vec<_>>() }),
            );
        }
    }

    /// vpc-lattice-get-resource-configuration, and the RAM share (`ram_share`) of each.
    pub(super) fn resource_configurations(&mut self) {
        let m = self.m;
        for c in &m.resource_configurations {
            let g = &m.resource_gateways[c.gateway];
            let region = &m.vpcs[g.vpc].region;
            let acct = m.accounts[c.account].id.clone();
            let d = dir(&acct, region);
            let arn = format!(
                "arn:aws:vpc-lattice:{region}:{acct}:resourceconfiguration/{}",
                c.id
            );
            let definition = match &c.target {
                crate::model::ResourceTarget::Ip(ip) => {
                    json!({ "ipResource": { "ipAddress": ip.to_string() } })
                }
                crate::model::ResourceTarget::Domain(d) => {
                    json!({ "dnsResource": { "domainName": d, "ipAddressType": "IPV4" } })
                }
            };
            let ranges: Vec<String> = c
                .port_ranges
                .iter()
                .map(|r| {
                    if r.from == r.to {
                        r.from.to_string()
                    } else {
                        format!("{}-{}", r.from, r.to)
                    }
                })
                .collect();
            self.f.put(
                &format!("{d}/vpc-lattice-get-resource-configuration.{}.json", c.id),
                json!({ "id": c.id, "arn": arn, "name": c.name, "type": "SINGLE", "status": "ACTIVE",
                        "resourceGatewayId": g.id, "protocol": "TCP", "portRanges": ranges,
                        "resourceConfigurationDefinition": definition,
                        "allowAssociationToShareableServiceNetwork": c.allow_shareable_service_network }),
            );
            self.ram_share(&d, region, &acct, &c.id, &arn, &c.shared_with);
        }
    }

    /// vpc-lattice-get-service-network, -list-*-associations, -get-auth-policy; the RAM share.
    pub(super) fn service_networks(&mut self) {
        let m = self.m;
        for n in &m.service_networks {
            let acct = m.accounts[n.account].id.clone();
            let region = &m.region;
            let d = dir(&acct, region);
            let arn = format!(
                "arn:aws:vpc-lattice:{region}:{acct}:servicenetwork/{}",
                n.id
            );
            self.f.put(
                &format!("{d}/vpc-lattice-get-service-network.{}.json", n.id),
                json!({ "id": n.id, "arn": arn, "name": n.name, "authType": n.auth_type,
                        "sharingConfig": { "enabled": n.sharing } }),
            );
            let resources: Vec<Value> = n
                .resource_configurations
                .iter()
                .map(|&r| {
                    let c = &m.resource_configurations[r];
                    let c_acct = &m.accounts[c.account].id;
                    json!({ "id": synth_id("snra", &format!("{}/{}", n.id, c.id)),
                            "resourceConfigurationId": c.id,
                            "resourceConfigurationArn": format!("arn:aws:vpc-lattice:{region}:{c_acct}:resourceconfiguration/{}", c.id),
                            "serviceNetworkId": n.id, "serviceNetworkArn": arn, "status": "ACTIVE" })
                })
                .collect();
            self.f.put(
                &format!(
                    "{d}/vpc-lattice-list-service-network-resource-associations.{}.json",
                    n.id
                ),
                json!({ "items": resources }),
            );
            let services: Vec<Value> = n
                .services
                .iter()
                .map(|s| {
                    json!({ "id": synth_id("snsa", &format!("{}/{s}", n.id)), "serviceId": s,
                            "serviceNetworkId": n.id, "serviceNetworkArn": arn, "status": "ACTIVE" })
                })
                .collect();
            self.f.put(
                &format!(
                    "{d}/vpc-lattice-list-service-network-service-associations.{}.json",
                    n.id
                ),
                json!({ "items": services }),
            );
            if let Some(p) = self.written.auth_policies.get(&n.id) {
                self.f.put(
                    &format!("{d}/vpc-lattice-get-auth-policy.{}.json", n.id),
                    json!({ "policy": p.to_string(), "state": if n.auth_type == "AWS_IAM" { "Active" } else { "Inactive" } }),
                );
            }
            self.ram_share(&d, region, &acct, &n.id, &arn, &n.shared_with);
        }
    }

    /// ram-get-resource-share-associations (RESOURCE, PRINCIPAL): `arn` shared with `shared_with`.
    fn ram_share(
        &mut self,
        d: &str,
        region: &str,
        acct: &str,
        id: &str,
        arn: &str,
        shared_with: &[String],
    ) {
        let share = format!(
            "arn:aws:ram:{region}:{acct}:resource-share/{}",
            synth_id("share", id)
        );
        self.f.push(
            &format!("{d}/ram-get-resource-share-associations.RESOURCE.json"),
            "resourceShareAssociations",
            json!({ "resourceShareArn": share, "associatedEntity": arn, "associationType": "RESOURCE", "status": "ASSOCIATED" }),
        );
        self.f.list(
            &format!("{d}/ram-get-resource-share-associations.PRINCIPAL.json"),
            "resourceShareAssociations",
        );
        for a in shared_with {
            self.f.push(
                &format!("{d}/ram-get-resource-share-associations.PRINCIPAL.json"),
                "resourceShareAssociations",
                json!({ "resourceShareArn": share, "associatedEntity": a, "associationType": "PRINCIPAL", "status": "ASSOCIATED" }),
            );
        }
    }
}
