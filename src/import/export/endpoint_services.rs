//! Endpoint services (the provider side) -> describe-vpc-endpoint-service-configurations,
//! -permissions and -connections, and the elbv2 outputs of their load balancers.

use serde_json::{Value, json};

use super::{Exporter, acct_of_vpc, dir, fnv, tags};
use crate::model::EndpointService;

impl Exporter<'_> {
    /// describe-vpc-endpoint-service-configurations, -permissions, -connections; the elbv2 outputs.
    pub(super) fn endpoint_services(&mut self) {
        let m = self.m;
        for s in &m.endpoint_services {
            let acct = &m.accounts[s.account].id;
            let d = dir(acct, &s.region);
            let lb = &s.load_balancer;
            let lb_name = if lb.name.is_empty() {
                format!("lb-{}", s.id)
            } else {
                lb.name.clone()
            };
            let short = if lb.kind == "gateway" { "gwy" } else { "net" };
            let arn = format!(
                "arn:aws:elasticloadbalancing:{}:{acct}:loadbalancer/{short}/{lb_name}/{:016x}",
                s.region,
                fnv(&s.id)
            );
            let mut cfg = json!({ "ServiceId": s.id, "ServiceName": s.service_name, "ServiceState": "Available",
                                  "ServiceType": [{ "ServiceType": if lb.kind == "gateway" { "GatewayLoadBalancer" } else { "Interface" } }],
                                  "AcceptanceRequired": s.acceptance_required, "Tags": tags(&s.name) });
            cfg[if lb.kind == "gateway" {
                "GatewayLoadBalancerArns"
            } else {
                "NetworkLoadBalancerArns"
            }] = json!([arn]);
            cfg["SupportedRegions"] = json!(
                std::iter::once(&s.region)
                    .chain(&s.supported_regions)
                    .map(|r| json!({ "Region": r, "ServiceState": "Available" }))
                    .collect::<Vec<_>>()
            );
            cfg["SupportedIpAddressTypes"] = json!(s.supported_ip_address_types);
            if let Some(n) = &s.private_dns_name {
                cfg["PrivateDnsName"] = json!(n);
                cfg["PrivateDnsNameConfiguration"] = json!({ "State": if s.private_dns_verified { "verified" } else { "pendingVerification" } });
            }
            self.f.push(
                &format!("{d}/describe-vpc-endpoint-service-configurations.json"),
                "ServiceConfigurations",
                cfg,
            );
            self.load_balancer(s, &d, &arn, &lb_name);
            self.target_groups(s, &d, &arn);
            let principals: Vec<Value> = s
                .allowed_principals
                .iter()
                .map(|p| json!({ "Principal": p, "PrincipalType": "Account" }))
                .collect();
            self.f.put(
                &format!(
                    "{d}/describe-vpc-endpoint-service-permissions.{}.json",
                    s.id
                ),
                json!({ "AllowedPrincipals": principals }),
            );
            for (list, state) in [(&s.accepted, "available"), (&s.rejected, "rejected")] {
                for &e in list.iter() {
                    self.f.push(
                        &format!("{d}/describe-vpc-endpoint-connections.json"),
                        "VpcEndpointConnections",
                        json!({ "ServiceId": s.id, "VpcEndpointId": m.endpoints[e].id,
                                "VpcEndpointOwner": acct_of_vpc(m, m.endpoints[e].vpc), "VpcEndpointState": state }),
                    );
                }
            }
        }
    }

    /// elbv2-describe-load-balancers, -describe-load-balancer-attributes and -describe-listeners.
    fn load_balancer(&mut self, s: &EndpointService, d: &str, arn: &str, lb_name: &str) {
        let m = self.m;
        let acct = &m.accounts[s.account].id;
        let lb = &s.load_balancer;
        let mut lbv = json!({ "LoadBalancerArn": arn, "LoadBalancerName": lb_name,
                              "Type": if lb.kind == "gateway" { "gateway" } else { "network" }, "Scheme": "internal",
                              "VpcId": m.vpcs[lb.vpc].id,
                              "AvailabilityZones": lb.subnets.iter().map(|&x| json!({ "ZoneName": m.subnets[x].zone, "SubnetId": m.subnets[x].id })).collect::<Vec<_>>(),
                              "SecurityGroups": lb.security_groups.iter().map(|&g| m.security_groups[g].id.clone()).collect::<Vec<_>>() });
        if !lb.enforce_security_groups_on_privatelink {
            lbv["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] = json!("off");
        }
        self.f.push(
            &format!("{d}/elbv2-describe-load-balancers.json"),
            "LoadBalancers",
            lbv,
        );
        self.f.put(
            &format!("{d}/elbv2-describe-load-balancer-attributes.{lb_name}.json"),
            json!({ "Attributes": [{ "Key": "load_balancing.cross_zone.enabled", "Value": lb.cross_zone.to_string() }] }),
        );
        for l in &lb.listeners {
            let mut lv = json!({ "LoadBalancerArn": arn, "Port": l.port, "Protocol": self.written.listeners.get(&(s.id.clone(), l.port)).cloned().unwrap_or_else(|| l.protocol.as_str().to_ascii_uppercase()) });
            if let Some(g) = lb.target_group_of(l) {
                lv["DefaultActions"] = json!([{ "Type": "forward", "TargetGroupArn": target_group_arn(s, acct, &g.id) }]);
            }
            self.f.push(
                &format!("{d}/elbv2-describe-listeners.{lb_name}.json"),
                "Listeners",
                lv,
            );
        }
    }

    /// elbv2-describe-target-groups; per group -describe-target-health, -target-group-attributes.
    fn target_groups(&mut self, s: &EndpointService, d: &str, lb_arn: &str) {
        let m = self.m;
        let lb = &s.load_balancer;
        let acct = &m.accounts[s.account].id;
        for g in &lb.target_groups {
            let arn = target_group_arn(s, acct, &g.id);
            let file = arn.rsplit('/').take(2).collect::<Vec<_>>();
            let file = format!("{}.{}", file[1], file[0]);
            let kind = if g.targets.iter().all(|t| t.ip.is_some()) && !g.targets.is_empty() {
                "ip"
            } else {
                "instance"
            };
            let mut tg = json!({ "TargetGroupArn": arn, "TargetGroupName": g.id, "Protocol": "TCP",
                                 "VpcId": m.vpcs[lb.vpc].id, "TargetType": kind, "LoadBalancerArns": [lb_arn] });
            if let Some(p) = g.port {
                tg["Port"] = json!(p);
            }
            self.f.push(
                &format!("{d}/elbv2-describe-target-groups.json"),
                "TargetGroups",
                tg,
            );
            let health: Vec<Value> = g
                .targets
                .iter()
                .map(|t| {
                    let id = t
                        .instance
                        .map(|i| m.instances[i].id.clone())
                        .unwrap_or_else(|| t.id.clone());
                    json!({ "Target": { "Id": id }, "TargetHealth": { "State": t.health } })
                })
                .collect();
            self.f.put(
                &format!("{d}/elbv2-describe-target-health.{file}.json"),
                json!({ "TargetHealthDescriptions": health }),
            );
            let cross_zone = match g.cross_zone {
                Some(b) => b.to_string(),
                None => "use_load_balancer_configuration".to_string(),
            };
            self.f.put(
                &format!("{d}/elbv2-describe-target-group-attributes.{file}.json"),
                json!({ "Attributes": [
                    { "Key": "proxy_protocol_v2.enabled", "Value": g.proxy_protocol_v2.to_string() },
                    { "Key": "load_balancing.cross_zone.enabled", "Value": cross_zone }
                ] }),
            );
        }
    }
}

/// A target group's ARN, `…:targetgroup/<id>/<hex>`, as AWS forms it.
fn target_group_arn(s: &EndpointService, acct: &str, id: &str) -> String {
    format!(
        "arn:aws:elasticloadbalancing:{}:{acct}:targetgroup/{id}/{:016x}",
        s.region,
        fnv(&format!("{}/{id}", s.id))
    )
}
