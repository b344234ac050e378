//! Terraform's transit gateway, VPN, Route 53 Resolver and DHCP options resources -> the AWS
//! CLI shapes of [`crate::import::hybrid`], so one build turns them into the model.
//!
//! Terraform's own behaviour is kept: a VPC attachment is associated with and propagates to
//! its gateway's default route table unless `transit_gateway_default_route_table_association`
//! (`_propagation`) is false or the gateway disables defaults; a VPN connection's attachment
//! always uses the defaults (the provider has no such switch for it); a transit gateway's
//! default route table is created by AWS, not declared, so it is added when something uses it.

use super::*;
use crate::import::hybrid::{
    CustomerGateway, ResolverEndpoint, ResolverIp, ResolverRule, ResolverRuleAssociation, TargetIp,
    TgwAssociationRef, TgwAttachment, TgwOptions, TgwRoute, TgwRouteAttachment, TgwRouteTable,
    TgwTableAttachment, TgwVpcAttachment, TgwVpcOptions, VpnConnection, VpnOptions, VpnStaticRoute,
};

/// Resource types read here (added to [`READ`]).
pub(super) const HYBRID_READ: &[&str] = &[
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_route_table",
    "aws_ec2_transit_gateway_route_table_association",
    "aws_ec2_transit_gateway_route_table_propagation",
    "aws_ec2_transit_gateway_route",
    "aws_vpn_connection",
    "aws_vpn_connection_route",
    "aws_customer_gateway",
    "aws_vpn_gateway_route_propagation",
    "aws_route53_resolver_endpoint",
    "aws_route53_resolver_rule",
    "aws_route53_resolver_rule_association",
    "aws_vpc_dhcp_options",
    "aws_vpc_dhcp_options_association",
];

/// A gateway's default tables: (association table if enabled, propagation table if enabled).
type Defaults = (Option<String>, Option<String>);

impl Conv<'_> {
    // One pass per resource type, in dependency order (gateways, tables, attachments,
    // associations, routes, VPN, Resolver, DHCP): each loop is short and independent.
    pub(super) fn hybrid(&mut self) {
        let defaults = self.transit_gateway_defaults();
        self.tgw_tables();
        self.tgw_vpc_attachments(&defaults);
        self.tgw_links();
        self.vpn(&defaults);
        self.resolver();
        self.dhcp();
    }

    /// Each gateway's options (also written onto its captured describe-transit-gateways
    /// entry), and its default tables.
    fn transit_gateway_defaults(&mut self) -> HashMap<String, Defaults> {
        let tf = self.tf;
        let mut out = HashMap::new();
        for r in tf.of("aws_ec2_transit_gateway") {
            let enabled = |k: &str| r.str(k) != Some("disable");
            let table = |k: &str| tf.str1(r, k).unwrap_or_else(|| derived(tf, r, k));
            let assoc = enabled("default_route_table_association")
                .then(|| table("association_default_route_table_id"));
            let prop = enabled("default_route_table_propagation")
                .then(|| table("propagation_default_route_table_id"));
            for t in assoc.iter().chain(prop.iter()) {
                if !self
                    .caps
                    .hybrid
                    .route_tables
                    .iter()
                    .any(|x| &x.v.transit_gateway_route_table_id == t)
                {
                    let v = self.at(TgwRouteTable {
                        transit_gateway_route_table_id: t.clone(),
                        transit_gateway_id: r.id.clone(),
                        default_association_route_table: assoc.as_ref() == Some(t),
                        default_propagation_route_table: prop.as_ref() == Some(t),
                        tags: vec![Tag {
                            key: "Name".into(),
                            value: format!("default route table of {}", r.address),
                        }],
                        ..Default::default()
                    });
                    self.caps.hybrid.route_tables.push(v);
                    self.caps.hybrid.complete_tables.push(t.clone());
                }
            }
            if let Some(g) = self
                .caps
                .transit_gateways
                .iter_mut()
                .find(|g| g.v.transit_gateway_id == r.id)
            {
                g.v.owner_id = r.str("owner_id").map(str::to_string);
                g.v.options = Some(TgwOptions {
                    default_route_table_association: r
                        .str("default_route_table_association")
                        .map(str::to_string),
                    association_default_route_table_id: assoc.clone(),
                    default_route_table_propagation: r
                        .str("default_route_table_propagation")
                        .map(str::to_string),
                    propagation_default_route_table_id: prop.clone(),
                    security_group_referencing_support: r
                        .str("security_group_referencing_support")
                        .map(str::to_string),
                });
            }
            out.insert(r.id.clone(), (assoc, prop));
        }
        out
    }

    fn tgw_tables(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_ec2_transit_gateway_route_table") {
            let v = self.at(TgwRouteTable {
                transit_gateway_route_table_id: r.id.clone(),
                transit_gateway_id: tf.str1(r, "transit_gateway_id").unwrap_or_default(),
                default_association_route_table: bool_of(r, "default_association_route_table")
                    .unwrap_or(false),
                default_propagation_route_table: bool_of(r, "default_propagation_route_table")
                    .unwrap_or(false),
                tags: tags(r),
                ..Default::default()
            });
            self.caps.hybrid.route_tables.push(v);
            // Its routes are the aws_ec2_transit_gateway_route resources: none is none.
            self.caps.hybrid.complete_tables.push(r.id.clone());
        }
    }

    /// The association and propagation of an attachment that uses its gateway's defaults.
    fn default_links(&mut self, att: &str, rtype: &str, resource: &str, tables: &Defaults) {
        let link = |t: &String| {
            (
                t.clone(),
                TgwTableAttachment {
                    transit_gateway_attachment_id: att.to_string(),
                    resource_id: Some(resource.to_string()),
                    resource_type: Some(rtype.to_string()),
                    state: None,
                },
            )
        };
        if let Some(t) = &tables.0 {
            let v = self.at(link(t));
            self.caps.hybrid.associations.push(v);
        }
        if let Some(t) = &tables.1 {
            let v = self.at(link(t));
            self.caps.hybrid.propagations.push(v);
        }
    }

    fn tgw_vpc_attachments(&mut self, defaults: &HashMap<String, Defaults>) {
        let tf = self.tf;
        for r in tf.of("aws_ec2_transit_gateway_vpc_attachment") {
            let tgw = tf.str1(r, "transit_gateway_id").unwrap_or_default();
            let vpc = tf.str1(r, "vpc_id").unwrap_or_default();
            let appliance = r.str("appliance_mode_support").map(str::to_string);
            let v = self.at(TgwVpcAttachment {
                transit_gateway_attachment_id: r.id.clone(),
                transit_gateway_id: tgw.clone(),
                vpc_id: vpc.clone(),
                vpc_owner_id: r.str("vpc_owner_id").map(str::to_string),
                state: Some("available".into()),
                subnet_ids: tf.strs(r, "subnet_ids"),
                options: Some(TgwVpcOptions {
                    appliance_mode_support: appliance,
                }),
                tags: tags(r),
            });
            self.caps.hybrid.vpc_attachments.push(v);
            let d = defaults.get(&tgw).cloned().unwrap_or_default();
            let uses = |k: &str| bool_of(r, k) != Some(false);
            let tables = (
                d.0.filter(|_| uses("transit_gateway_default_route_table_association")),
                d.1.filter(|_| uses("transit_gateway_default_route_table_propagation")),
            );
            self.default_links(&r.id, "vpc", &vpc, &tables);
        }
    }

    /// Explicit associations, propagations and static routes of TGW route tables.
    fn tgw_links(&mut self) {
        let tf = self.tf;
        for (t, assoc) in [
            ("aws_ec2_transit_gateway_route_table_association", true),
            ("aws_ec2_transit_gateway_route_table_propagation", false),
        ] {
            for r in tf.of(t) {
                let (Some(table), Some(att)) = (
                    tf.str1(r, "transit_gateway_route_table_id"),
                    tf.str1(r, "transit_gateway_attachment_id"),
                ) else {
                    continue;
                };
                let v = self.at((
                    table,
                    TgwTableAttachment {
                        transit_gateway_attachment_id: att.clone(),
                        ..Default::default()
                    },
                ));
                if assoc {
                    // An explicit association replaces the default one.
                    self.caps
                        .hybrid
                        .associations
                        .retain(|a| a.v.1.transit_gateway_attachment_id != att);
                    self.caps.hybrid.associations.push(v);
                } else {
                    self.caps.hybrid.propagations.push(v);
                }
            }
        }
        for r in tf.of("aws_ec2_transit_gateway_route") {
            let Some(table) = tf.str1(r, "transit_gateway_route_table_id") else {
                continue;
            };
            let blackhole = bool_of(r, "blackhole") == Some(true);
            let v = self.at((
                table,
                TgwRoute {
                    destination_cidr_block: tf.str1(r, "destination_cidr_block"),
                    transit_gateway_attachments: tf
                        .str1(r, "transit_gateway_attachment_id")
                        .filter(|_| !blackhole)
                        .map(|a| TgwRouteAttachment {
                            transit_gateway_attachment_id: a,
                            ..Default::default()
                        })
                        .into_iter()
                        .collect(),
                    kind: Some("static".into()),
                    state: Some(if blackhole { "blackhole" } else { "active" }.into()),
                    ..Default::default()
                },
            ));
            self.caps.hybrid.routes.push(v);
        }
    }

    fn vpn(&mut self, defaults: &HashMap<String, Defaults>) {
        let tf = self.tf;
        for r in tf.of("aws_customer_gateway") {
            let v = self.at(CustomerGateway {
                customer_gateway_id: r.id.clone(),
                ip_address: r.str("ip_address").map(str::to_string),
                bgp_asn: r.values.get("bgp_asn").map(|v| match v {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                }),
                state: Some("available".into()),
                device_name: r.str("device_name").map(str::to_string),
                tags: tags(r),
            });
            self.caps.hybrid.customer_gateways.push(v);
        }
        let mut statics: HashMap<String, Vec<VpnStaticRoute>> = HashMap::new();
        for r in tf.of("aws_vpn_connection_route") {
            if let Some(vpn) = tf.str1(r, "vpn_connection_id") {
                statics.entry(vpn).or_default().push(VpnStaticRoute {
                    destination_cidr_block: tf.str1(r, "destination_cidr_block"),
                    state: Some("available".into()),
                });
            }
        }
        for r in tf.of("aws_vpn_connection") {
            let tgw = tf.str1(r, "transit_gateway_id");
            let v = self.at(VpnConnection {
                vpn_connection_id: r.id.clone(),
                customer_gateway_id: tf.str1(r, "customer_gateway_id"),
                vpn_gateway_id: tf.str1(r, "vpn_gateway_id"),
                transit_gateway_id: tgw.clone(),
                state: Some("available".into()),
                options: Some(VpnOptions {
                    static_routes_only: bool_of(r, "static_routes_only"),
                    local_ipv4_network_cidr: r.str("local_ipv4_network_cidr").map(str::to_string),
                }),
                routes: statics.remove(&r.id).unwrap_or_default(),
                tags: tags(r),
            });
            self.caps.hybrid.vpn_connections.push(v);
            let Some(tgw) = tgw else { continue };
            let att = tf
                .str1(r, "transit_gateway_attachment_id")
                .unwrap_or_else(|| derived(tf, r, "transit_gateway_attachment_id"));
            let v = self.at(TgwAttachment {
                transit_gateway_attachment_id: att.clone(),
                transit_gateway_id: tgw.clone(),
                resource_type: Some("vpn".into()),
                resource_id: Some(r.id.clone()),
                state: Some("available".into()),
                association: None::<TgwAssociationRef>,
                ..Default::default()
            });
            self.caps.hybrid.attachments.push(v);
            let d = defaults.get(&tgw).cloned().unwrap_or_default();
            self.default_links(&att, "vpn", &r.id, &d);
        }
        for r in tf.of("aws_vpn_gateway_route_propagation") {
            let (Some(vgw), Some(rtb)) =
                (tf.str1(r, "vpn_gateway_id"), tf.str1(r, "route_table_id"))
            else {
                continue;
            };
            self.table(&rtb)
                .propagating_vgws
                .push(aws::PropagatingVgw { gateway_id: vgw });
        }
        for r in tf.of("aws_route_table") {
            for vgw in tf.strs(r, "propagating_vgws") {
                let t = self.table(&r.id);
                if !t.propagating_vgws.iter().any(|p| p.gateway_id == vgw) {
                    t.propagating_vgws
                        .push(aws::PropagatingVgw { gateway_id: vgw });
                }
            }
        }
    }

    fn resolver(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_route53_resolver_endpoint") {
            let n = r
                .values
                .get("ip_address")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let mut vpc = None;
            for i in 0..n {
                let Some(subnet) = self
                    .nested(r, "ip_address", i, "subnet_id")
                    .into_iter()
                    .next()
                else {
                    continue;
                };
                vpc = vpc.or_else(|| self.subnet_info.get(&subnet).map(|x| x.0.clone()));
                let ip = self.nested(r, "ip_address", i, "ip").into_iter().next();
                if ip.is_none() {
                    self.report.skip(
                        "Resolver endpoint addresses AWS picks at apply (no `ip` given): give the endpoint fixed addresses to trace it",
                        format!("{}: {subnet}", r.address),
                    );
                    continue;
                }
                let v = self.at((
                    r.id.clone(),
                    ResolverIp {
                        subnet_id: subnet,
                        ip,
                        ..Default::default()
                    },
                ));
                self.caps.hybrid.resolver_ips.push(v);
            }
            let v = self.at(ResolverEndpoint {
                id: r.id.clone(),
                name: r.str("name").map(str::to_string),
                direction: r.str("direction").map(str::to_string),
                host_vpc_id: vpc.or_else(|| r.str("host_vpc_id").map(str::to_string)),
                security_group_ids: tf.strs(r, "security_group_ids"),
                status: None,
            });
            self.caps.hybrid.resolver_endpoints.push(v);
        }
        for r in tf.of("aws_route53_resolver_rule") {
            let n = r
                .values
                .get("target_ip")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let targets = (0..n)
                .map(|i| TargetIp {
                    ip: self.nested(r, "target_ip", i, "ip").into_iter().next(),
                    port: r
                        .values
                        .get("target_ip")
                        .and_then(|a| a.get(i))
                        .and_then(|t| t.get("port"))
                        .and_then(|p| int(Some(p)))
                        .and_then(|p| u32::try_from(p).ok()),
                })
                .collect();
            let v = self.at(ResolverRule {
                id: r.id.clone(),
                name: r.str("name").map(str::to_string),
                domain_name: r.str("domain_name").map(str::to_string),
                rule_type: r.str("rule_type").map(str::to_string),
                target_ips: targets,
                resolver_endpoint_id: tf.str1(r, "resolver_endpoint_id"),
                owner_id: r.str("owner_id").map(str::to_string),
                status: None,
            });
            self.caps.hybrid.resolver_rules.push(v);
        }
        for r in tf.of("aws_route53_resolver_rule_association") {
            let (Some(rule), Some(vpc)) = (tf.str1(r, "resolver_rule_id"), tf.str1(r, "vpc_id"))
            else {
                continue;
            };
            let v = self.at(ResolverRuleAssociation {
                id: Some(r.id.clone()),
                resolver_rule_id: rule,
                vpc_id: vpc,
                status: None,
            });
            self.caps.hybrid.rule_associations.push(v);
        }
    }

    /// DHCP options sets and their VPC associations (`dns_servers`).
    fn dhcp(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpc_dhcp_options") {
            let servers = tf.strs(r, "domain_name_servers");
            let v = self.at(aws::DhcpOptions {
                dhcp_options_id: r.id.clone(),
                dhcp_configurations: vec![aws::DhcpConfiguration {
                    key: "domain-name-servers".into(),
                    values: servers
                        .into_iter()
                        .map(|s| aws::BoolOrString {
                            value: Some(Value::String(s)),
                        })
                        .collect(),
                }],
            });
            self.caps.dhcp_options.push(v);
        }
        for r in tf.of("aws_vpc_dhcp_options_association") {
            let (Some(vpc), Some(dopt)) = (tf.str1(r, "vpc_id"), tf.str1(r, "dhcp_options_id"))
            else {
                continue;
            };
            for v in self.caps.vpcs.iter_mut().filter(|v| v.v.vpc_id == vpc) {
                v.v.dhcp_options_id = Some(dopt.clone());
            }
        }
    }
}
