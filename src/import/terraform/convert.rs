//! Terraform resources (AWS provider) -> the AWS CLI shapes in [`Captures`], type by type.
//!
//! Terraform's own behaviour is kept: a security group has exactly the rules declared (the
//! provider removes AWS's default egress rule), a rule given both inline and as a rule
//! resource is counted once, and `aws_vpc_endpoint`'s `vpc_endpoint_type` defaults to Gateway.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{Res, Tf, dns_label};

mod hybrid;
use crate::import::aws::{self, Tag};
use crate::import::report::Report;
use crate::import::{At, Captures, Ctx};

mod lattice;
mod targets;

/// The AWS id Terraform knows for `r`, if any.
pub(super) fn aws_id(r: &Res) -> Option<String> {
    let key = match r.rtype.as_str() {
        "aws_route53_zone" => "zone_id",
        "aws_lb" | "aws_alb" | "aws_lb_target_group" | "aws_alb_target_group" => "arn",
        _ => "id",
    };
    // A bucket's id is its name, known in a plan when the name is configured.
    r.str(key)
        .or_else(|| {
            (r.rtype == "aws_s3_bucket")
                .then(|| r.str("bucket"))
                .flatten()
        })
        .map(str::to_string)
}

/// The AWS id prefix of a resource type (placeholders look like the real ids).
pub(super) fn id_prefix(t: &str) -> &'static str {
    match t {
        "aws_vpc" => "vpc",
        "aws_subnet" => "subnet",
        "aws_route_table" | "aws_default_route_table" => "rtb",
        "aws_security_group" | "aws_default_security_group" => "sg",
        "aws_network_acl" | "aws_default_network_acl" => "acl",
        "aws_vpc_endpoint" => "vpce",
        "aws_vpc_endpoint_service" => "vpce-svc",
        "aws_internet_gateway" => "igw",
        "aws_nat_gateway" => "nat",
        "aws_ec2_transit_gateway" => "tgw",
        "aws_ec2_transit_gateway_vpc_attachment" => "tgw-attach",
        "aws_ec2_transit_gateway_route_table" => "tgw-rtb",
        "aws_vpn_connection" => "vpn",
        "aws_customer_gateway" => "cgw",
        "aws_route53_resolver_endpoint" => "rslvr",
        "aws_route53_resolver_rule" => "rslvr-rr",
        "aws_vpc_dhcp_options" => "dopt",
        "aws_vpn_gateway" => "vgw",
        "aws_vpc_peering_connection" => "pcx",
        "aws_instance" => "i",
        "aws_route53_zone" => "Z",
        "aws_lb" | "aws_alb" => "lb",
        "aws_lb_target_group" | "aws_alb_target_group" => "tg",
        "aws_ec2_managed_prefix_list" => "pl",
        "aws_egress_only_internet_gateway" => "eigw",
        "aws_vpclattice_resource_gateway" => "rgw",
        "aws_vpclattice_resource_configuration" => "rcfg",
        "aws_vpclattice_service_network" => "sn",
        _ => "tf",
    }
}

/// An attribute that is unknown until apply and has a value derived from the id.
pub(super) fn derived(tf: &Tf, r: &Res, attr: &str) -> String {
    match (r.rtype.as_str(), attr) {
        ("aws_vpc_endpoint_service", "service_name") => format!(
            "com.amazonaws.vpce.{}.{}",
            tf.region.as_deref().unwrap_or("us-east-1"),
            r.id
        ),
        ("aws_vpc", "default_route_table_id" | "main_route_table_id") => {
            format!("rtb-{}-main", r.id.trim_start_matches("vpc-"))
        }
        // AWS creates a gateway's default route table; one table serves both defaults.
        (
            "aws_ec2_transit_gateway",
            "association_default_route_table_id" | "propagation_default_route_table_id",
        ) => format!("tgw-rtb-{}-default", r.id.trim_start_matches("tgw-")),
        // A VPN connection's transit gateway attachment is created with it.
        ("aws_vpn_connection", "transit_gateway_attachment_id") => {
            format!("tgw-attach-{}", r.id.trim_start_matches("vpn-"))
        }
        ("aws_vpc", "default_security_group_id") => {
            format!("sg-{}-default", r.id.trim_start_matches("vpc-"))
        }
        ("aws_vpc", "default_network_acl_id") => {
            format!("acl-{}-default", r.id.trim_start_matches("vpc-"))
        }
        // A gateway endpoint's prefix list is its service's AWS-managed list.
        ("aws_vpc_endpoint", "prefix_list_id") => tf
            .str1(r, "service_name")
            .and_then(|n| {
                crate::catalogue::Catalogue::builtin()
                    .service(&n)?
                    .prefix_list
                    .clone()
            })
            .unwrap_or_else(|| r.id.clone()),
        // IPv6 blocks AWS assigns at apply: the placeholders the VPC and subnet are given.
        ("aws_vpc", "ipv6_cidr_block") => match lattice::vpc_ipv6_placeholder(tf, r) {
            Some(Ok(p)) => p,
            _ => r.id.clone(),
        },
        ("aws_subnet", "ipv6_cidr_block") => {
            lattice::subnet_ipv6_placeholder(tf, r).unwrap_or_else(|| r.id.clone())
        }
        // VPC Lattice ARNs: the id is their last part, which is what the build reads.
        ("aws_vpclattice_resource_configuration", "arn") => format!(
            "arn:aws:vpc-lattice:{}:{}:resourceconfiguration/{}",
            tf.region.as_deref().unwrap_or("us-east-1"),
            crate::import::build::PLACEHOLDER_ACCOUNT,
            r.id
        ),
        ("aws_vpclattice_service_network", "arn") => format!(
            "arn:aws:vpc-lattice:{}:{}:servicenetwork/{}",
            tf.region.as_deref().unwrap_or("us-east-1"),
            crate::import::build::PLACEHOLDER_ACCOUNT,
            r.id
        ),
        _ => r.id.clone(),
    }
}

/// Terraform resource types read; anything else of the AWS provider is counted as skipped.
const READ: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_route_table",
    "aws_default_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_subnet_association",
    "aws_vpc_endpoint_route_table_association",
    "aws_vpc_endpoint_security_group_association",
    "aws_vpc_endpoint_policy",
    "aws_vpc_endpoint_service",
    "aws_vpc_endpoint_service_allowed_principal",
    "aws_vpc_endpoint_connection_accepter",
    "aws_lb",
    "aws_alb",
    "aws_lb_listener",
    "aws_lb_target_group",
    "aws_alb_target_group",
    "aws_lb_target_group_attachment",
    "aws_alb_target_group_attachment",
    "aws_internet_gateway",
    "aws_internet_gateway_attachment",
    "aws_nat_gateway",
    "aws_ec2_transit_gateway",
    "aws_vpn_gateway",
    "aws_vpc_peering_connection",
    "aws_route53_zone",
    "aws_route53_zone_association",
    "aws_route53_record",
    "aws_instance",
    "aws_s3_bucket_policy",
    "aws_iam_instance_profile",
    "aws_iam_role",
    "aws_egress_only_internet_gateway",
    "aws_vpclattice_resource_gateway",
    "aws_vpclattice_resource_configuration",
    "aws_vpclattice_service_network",
    "aws_vpclattice_service_network_resource_association",
    "aws_vpclattice_service_network_service_association",
    "aws_vpclattice_service_network_vpc_association",
    "aws_vpclattice_auth_policy",
    "aws_ram_resource_association",
    "aws_ram_principal_association",
];

/// Everything of one Terraform JSON into `caps`. False when it held no resource read.
pub(super) fn convert(tf: &Tf, caps: &mut Captures, report: &mut Report, mut ctx: Ctx) -> bool {
    ctx.region = ctx.region.or_else(|| tf.region.clone()).or_else(|| {
        tf.of("aws_subnet")
            .find_map(|s| s.str("availability_zone"))
            .and_then(crate::import::build::zone_region)
            .map(str::to_string)
    });
    ctx.account = ctx.account.or_else(|| {
        tf.res
            .iter()
            .find_map(|r| r.str("owner_id"))
            .filter(|a| crate::import::is_account_id(a))
            .map(str::to_string)
    });
    let ci = caps.ctxs.len();
    caps.ctxs.push(ctx);
    let mut c = Conv {
        tf,
        caps,
        report,
        ci,
        route_tables: BTreeMap::new(),
        groups: BTreeMap::new(),
        acls: BTreeMap::new(),
        endpoints: BTreeMap::new(),
        subnet_info: HashMap::new(),
        default_ids: HashMap::new(),
    };
    let mut used = 0;
    for r in &tf.res {
        if READ.contains(&r.rtype.as_str()) || hybrid::HYBRID_READ.contains(&r.rtype.as_str()) {
            used += 1;
        } else if r.rtype.starts_with("aws_") {
            c.report.skip(
                "Terraform resources linkscope does not model",
                r.address.clone(),
            );
        }
    }
    c.network();
    c.ipv6_blocks();
    c.lattice();
    c.rules();
    c.endpoints_and_services();
    c.target_groups();
    c.gateways_and_instances();
    c.instance_profiles();
    c.dns_and_buckets();
    c.hybrid();
    c.flush();
    for (address, id) in &tf.placeholders {
        c.report.placeholder(address, id);
    }
    used > 0
}

struct Conv<'a> {
    tf: &'a Tf,
    caps: &'a mut Captures,
    report: &'a mut Report,
    ci: usize,
    route_tables: BTreeMap<String, aws::RouteTable>,
    groups: BTreeMap<String, aws::SecurityGroup>,
    acls: BTreeMap<String, aws::NetworkAcl>,
    endpoints: BTreeMap<String, aws::VpcEndpoint>,
    /// subnet id -> (VPC id, AZ).
    subnet_info: HashMap<String, (String, Option<String>)>,
    /// A VPC's default route table, ACL and group ids -> the VPC (filled when first needed).
    default_ids: HashMap<String, String>,
}

/// `tags` as AWS tags, with `Name` set to the address when the tags have none.
fn tags(r: &Res) -> Vec<Tag> {
    let mut out: Vec<Tag> = r
        .values
        .get("tags")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            Some(Tag {
                key: k.clone(),
                value: v.as_str()?.to_string(),
            })
        })
        .collect();
    if aws::name_tag(&out).is_none() {
        out.retain(|t| t.key != "Name");
        out.push(Tag {
            key: "Name".into(),
            value: r.address.clone(),
        });
    }
    out
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn bool_of(r: &Res, k: &str) -> Option<bool> {
    r.values.get(k).and_then(Value::as_bool)
}

fn string_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_all(p: &str) -> bool {
    matches!(p, "-1" | "all")
}

impl Conv<'_> {
    fn at<T>(&self, v: T) -> At<T> {
        At { v, ctx: self.ci }
    }

    /// A nested block attribute (`ingress[2].security_groups`): its value, else what its
    /// configuration references resolve to.
    fn nested(&self, r: &Res, block: &str, i: usize, key: &str) -> Vec<String> {
        let item = r
            .values
            .get(block)
            .and_then(Value::as_array)
            .and_then(|a| a.get(i));
        let known = match item.and_then(|o| o.get(key)) {
            Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
            v @ Some(Value::Array(_)) => string_list(v),
            _ => Vec::new(),
        };
        let unknown = r
            .unknown
            .get(block)
            .and_then(|b| b.get(i))
            .and_then(|o| o.get(key))
            .is_some_and(|u| {
                u == &Value::Bool(true)
                    || u.as_array()
                        .is_some_and(|a| a.iter().any(|x| x == &Value::Bool(true)))
            });
        if !unknown && item.is_some_and(|o| o.get(key).is_some()) {
            return known;
        }
        let exprs = self
            .tf
            .config
            .get(&format!("{}|{}.{}", r.module, r.rtype, r.name));
        let b = exprs.and_then(|e| e.get(block));
        let refs = match b
            .and_then(|b| b.as_array().and_then(|a| a.get(i)).or(Some(b)))
            .and_then(|o| o.get(key))
        {
            Some(e) => super::refs(Some(e)),
            // `route = [{...}]` written as an attribute: one expression for the whole block;
            // keep the references of the type this key names.
            None => {
                let want = key_type(key);
                super::refs(b)
                    .into_iter()
                    .filter(|x| {
                        x == "count.index"
                            || x.starts_with("each.")
                            || want.iter().any(|t| x.starts_with(&format!("{t}.")))
                    })
                    .collect()
            }
        };
        let mut got = known;
        for v in self.tf.resolve(&refs, &r.module_instance, r.index.as_ref()) {
            if !got.contains(&v) {
                got.push(v);
            }
        }
        got
    }

    fn network(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpc") {
            let Some(cidr) = tf.str1(r, "cidr_block") else {
                self.report.skip(
                    "Terraform VPCs without an IPv4 CIDR (IPAM)",
                    r.address.clone(),
                );
                continue;
            };
            self.caps.vpcs.push(self.at(aws::Vpc {
                vpc_id: r.id.clone(),
                owner_id: r.str("owner_id").map(str::to_string),
                cidr_block: Some(cidr),
                state: Some("available".into()),
                tags: tags(r),
                ..Default::default()
            }));
            let b = |v: Option<bool>| Some(aws::BoolValue { value: v });
            self.caps.vpc_attributes.push(self.at(aws::VpcAttribute {
                vpc_id: r.id.clone(),
                // The provider's defaults: support on, hostnames off.
                enable_dns_support: b(Some(bool_of(r, "enable_dns_support").unwrap_or(true))),
                enable_dns_hostnames: b(Some(bool_of(r, "enable_dns_hostnames").unwrap_or(false))),
            }));
        }
        for r in tf.of("aws_subnet") {
            let vpc = tf.str1(r, "vpc_id").unwrap_or_default();
            let az = tf.str1(r, "availability_zone");
            self.subnet_info
                .insert(r.id.clone(), (vpc.clone(), az.clone()));
            self.caps.subnets.push(self.at(aws::Subnet {
                subnet_id: r.id.clone(),
                vpc_id: vpc,
                cidr_block: tf.str1(r, "cidr_block"),
                availability_zone: az,
                availability_zone_id: r.str("availability_zone_id").map(str::to_string),
                owner_id: r.str("owner_id").map(str::to_string),
                tags: tags(r),
                ..Default::default()
            }));
        }
        for r in tf.of("aws_route_table") {
            let t = self.table(&r.id);
            t.vpc_id = tf.str1(r, "vpc_id").unwrap_or_default();
            t.tags = tags(r);
            self.inline_routes(r);
        }
        for r in tf.of("aws_default_route_table") {
            let id = tf.str1(r, "default_route_table_id").unwrap_or(r.id.clone());
            let vpc = self.default_owner_vpc(r, "default_route_table_id");
            let t = self.table(&id);
            t.vpc_id = vpc;
            t.tags = tags(r);
            t.associations.push(aws::RouteTableAssociation {
                main: true,
                ..Default::default()
            });
            self.inline_routes(r);
        }
        for r in tf.of("aws_route") {
            let Some(rt) = tf.str1(r, "route_table_id") else {
                continue;
            };
            let route = self.route(r, None);
            self.table(&rt).routes.push(route);
        }
        for r in tf.of("aws_route_table_association") {
            let Some(rt) = tf.str1(r, "route_table_id") else {
                continue;
            };
            let a = aws::RouteTableAssociation {
                main: false,
                subnet_id: tf.str1(r, "subnet_id"),
                gateway_id: tf.str1(r, "gateway_id"),
                association_state: None,
            };
            self.table(&rt).associations.push(a);
        }
        for r in tf.of("aws_main_route_table_association") {
            if let Some(rt) = tf.str1(r, "route_table_id") {
                self.table(&rt)
                    .associations
                    .push(aws::RouteTableAssociation {
                        main: true,
                        ..Default::default()
                    });
            }
        }
    }

    /// The VPC an `aws_default_*` resource belongs to: its `vpc_id`, else the VPC its
    /// `default_*_id` refers to.
    fn default_owner_vpc(&mut self, r: &Res, attr: &str) -> String {
        if let Some(v) = r.str("vpc_id") {
            return v.to_string();
        }
        if self.default_ids.is_empty() {
            // Every VPC's default table, group and ACL ids (known or derived) -> the VPC.
            for v in self.tf.of("aws_vpc") {
                for a in [
                    "default_route_table_id",
                    "main_route_table_id",
                    "default_network_acl_id",
                    "default_security_group_id",
                ] {
                    for id in [v.str(a).map(str::to_string), Some(derived(self.tf, v, a))]
                        .into_iter()
                        .flatten()
                    {
                        self.default_ids.insert(id, v.id.clone());
                    }
                }
            }
        }
        self.tf
            .str1(r, attr)
            .and_then(|w| self.default_ids.get(&w).cloned())
            .unwrap_or_default()
    }

    fn table(&mut self, id: &str) -> &mut aws::RouteTable {
        self.route_tables
            .entry(id.to_string())
            .or_insert_with(|| aws::RouteTable {
                route_table_id: id.to_string(),
                ..Default::default()
            })
    }

    fn inline_routes(&mut self, r: &Res) {
        let n = r
            .values
            .get("route")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let id = if r.rtype == "aws_default_route_table" {
            self.tf
                .str1(r, "default_route_table_id")
                .unwrap_or(r.id.clone())
        } else {
            r.id.clone()
        };
        for i in 0..n {
            let route = self.route(r, Some(i));
            self.table(&id).routes.push(route);
        }
    }

    /// One route: an `aws_route`, or the `i`th inline `route` block of a table.
    fn route(&self, r: &Res, i: Option<usize>) -> aws::Route {
        let get = |k: &str| -> Option<String> {
            match i {
                None => self.tf.str1(r, k),
                Some(i) => self.nested(r, "route", i, k).into_iter().next(),
            }
        };
        let key = |inline: &'static str, resource: &'static str| {
            if i.is_some() { inline } else { resource }
        };
        let vpce = get("vpc_endpoint_id");
        aws::Route {
            destination_cidr_block: get(key("cidr_block", "destination_cidr_block")),
            destination_ipv6_cidr_block: get(key("ipv6_cidr_block", "destination_ipv6_cidr_block")),
            destination_prefix_list_id: get("destination_prefix_list_id"),
            gateway_id: get("gateway_id").or(vpce),
            nat_gateway_id: get("nat_gateway_id"),
            transit_gateway_id: get("transit_gateway_id"),
            vpc_peering_connection_id: get("vpc_peering_connection_id"),
            network_interface_id: get("network_interface_id"),
            egress_only_internet_gateway_id: get("egress_only_gateway_id"),
            state: Some("active".into()),
            ..Default::default()
        }
    }

    fn group(&mut self, id: &str) -> &mut aws::SecurityGroup {
        self.groups
            .entry(id.to_string())
            .or_insert_with(|| aws::SecurityGroup {
                group_id: id.to_string(),
                group_name: id.to_string(),
                ..Default::default()
            })
    }

    /// Add a rule to a group unless the same rule is there already.
    fn add_rule(&mut self, sg: &str, egress: bool, p: aws::IpPermission) {
        let g = self.group(sg);
        let list = if egress {
            &mut g.ip_permissions_egress
        } else {
            &mut g.ip_permissions
        };
        let key = |p: &aws::IpPermission| {
            format!(
                "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                p.ip_protocol,
                p.from_port,
                p.to_port,
                p.ip_ranges.iter().map(|r| &r.cidr_ip).collect::<Vec<_>>(),
                p.ipv6_ranges
                    .iter()
                    .map(|r| &r.cidr_ipv6)
                    .collect::<Vec<_>>(),
                p.prefix_list_ids
                    .iter()
                    .map(|r| &r.prefix_list_id)
                    .collect::<Vec<_>>(),
                p.user_id_group_pairs
                    .iter()
                    .map(|r| &r.group_id)
                    .collect::<Vec<_>>()
            )
        };
        // Split into one permission per source, so inline and resource rules compare equal.
        for one in split(p) {
            let k = key(&one);
            if !list.iter().any(|q| key(q) == k) {
                list.push(one);
            }
        }
    }

    fn rules(&mut self) {
        let tf = self.tf;
        for t in ["aws_security_group", "aws_default_security_group"] {
            for r in tf.of(t) {
                let vpc = if t == "aws_default_security_group" {
                    r.str("vpc_id")
                        .map(str::to_string)
                        .or_else(|| tf.str1(r, "vpc_id"))
                } else {
                    tf.str1(r, "vpc_id")
                };
                let name = r.str("name").map(str::to_string).unwrap_or_else(|| {
                    if t == "aws_default_security_group" {
                        "default".into()
                    } else {
                        r.address.clone()
                    }
                });
                let g = self.group(&r.id);
                g.vpc_id = vpc;
                g.group_name = name;
                g.owner_id = r.str("owner_id").map(str::to_string);
                g.description = r.str("description").map(str::to_string);
                g.tags = tags(r);
                // A group has a name of its own: the address is not needed as one.
                if r.str("name").is_some() {
                    g.tags.retain(|t| t.key != "Name" || t.value != r.address);
                }
                for (block, egress) in [("ingress", false), ("egress", true)] {
                    let n = r
                        .values
                        .get(block)
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len);
                    for i in 0..n {
                        let item = &r.values[block][i];
                        let mut groups = self.nested(r, block, i, "security_groups");
                        if item.get("self").and_then(Value::as_bool) == Some(true) {
                            groups.push(r.id.clone());
                        }
                        let mut p = permission(
                            item.get("protocol").and_then(Value::as_str).unwrap_or("-1"),
                            int(item.get("from_port")),
                            int(item.get("to_port")),
                            self.nested(r, block, i, "cidr_blocks"),
                            self.nested(r, block, i, "prefix_list_ids"),
                            groups,
                        );
                        p.ipv6_ranges = ipv6_ranges(self.nested(r, block, i, "ipv6_cidr_blocks"));
                        self.add_rule(&r.id, egress, p);
                    }
                }
            }
        }
        for r in tf.of("aws_security_group_rule") {
            let Some(sg) = tf.str1(r, "security_group_id") else {
                continue;
            };
            let mut groups: Vec<String> = tf.strs(r, "source_security_group_id");
            if bool_of(r, "self") == Some(true) {
                groups.push(sg.clone());
            }
            let mut p = permission(
                r.str("protocol").unwrap_or("-1"),
                int(r.values.get("from_port")),
                int(r.values.get("to_port")),
                tf.strs(r, "cidr_blocks"),
                tf.strs(r, "prefix_list_ids"),
                groups,
            );
            p.ipv6_ranges = ipv6_ranges(tf.strs(r, "ipv6_cidr_blocks"));
            self.add_rule(&sg, r.str("type") == Some("egress"), p);
        }
        for (t, egress) in [
            ("aws_vpc_security_group_ingress_rule", false),
            ("aws_vpc_security_group_egress_rule", true),
        ] {
            for r in tf.of(t) {
                let Some(sg) = tf.str1(r, "security_group_id") else {
                    continue;
                };
                let mut p = permission(
                    r.str("ip_protocol").unwrap_or("-1"),
                    int(r.values.get("from_port")),
                    int(r.values.get("to_port")),
                    tf.strs(r, "cidr_ipv4"),
                    tf.strs(r, "prefix_list_id"),
                    tf.strs(r, "referenced_security_group_id"),
                );
                p.ipv6_ranges = ipv6_ranges(tf.strs(r, "cidr_ipv6"));
                self.add_rule(&sg, egress, p);
            }
        }
        self.acl_rules();
    }

    fn acl(&mut self, id: &str) -> &mut aws::NetworkAcl {
        self.acls
            .entry(id.to_string())
            .or_insert_with(|| aws::NetworkAcl {
                network_acl_id: id.to_string(),
                ..Default::default()
            })
    }

    fn acl_rules(&mut self) {
        let tf = self.tf;
        for t in ["aws_network_acl", "aws_default_network_acl"] {
            for r in tf.of(t) {
                let default = t == "aws_default_network_acl";
                let id = if default {
                    tf.str1(r, "default_network_acl_id").unwrap_or(r.id.clone())
                } else {
                    r.id.clone()
                };
                let vpc = if default {
                    self.default_owner_vpc(r, "default_network_acl_id")
                } else {
                    tf.str1(r, "vpc_id").unwrap_or_default()
                };
                let subnets = tf.strs(r, "subnet_ids");
                let a = self.acl(&id);
                a.vpc_id = vpc;
                a.is_default = default;
                a.tags = tags(r);
                a.associations.extend(
                    subnets
                        .into_iter()
                        .map(|s| aws::AclAssociation { subnet_id: Some(s) }),
                );
                for (block, egress) in [("ingress", false), ("egress", true)] {
                    for e in r
                        .values
                        .get(block)
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        let entry = aws::AclEntry {
                            cidr_block: e
                                .get("cidr_block")
                                .and_then(Value::as_str)
                                .filter(|s| !s.is_empty())
                                .map(str::to_string),
                            ipv6_cidr_block: e
                                .get("ipv6_cidr_block")
                                .and_then(Value::as_str)
                                .filter(|s| !s.is_empty())
                                .map(str::to_string),
                            egress,
                            protocol: e
                                .get("protocol")
                                .and_then(Value::as_str)
                                .unwrap_or("-1")
                                .to_string(),
                            rule_action: e
                                .get("action")
                                .and_then(Value::as_str)
                                .unwrap_or("deny")
                                .to_string(),
                            rule_number: int(e.get("rule_no")).unwrap_or(0),
                            port_range: acl_ports(int(e.get("from_port")), int(e.get("to_port"))),
                            icmp_type_code: icmp(e.get("icmp_type"), e.get("icmp_code")),
                        };
                        self.acl(&id).entries.push(entry);
                    }
                }
            }
        }
        for r in tf.of("aws_network_acl_rule") {
            let Some(id) = tf.str1(r, "network_acl_id") else {
                continue;
            };
            let entry = aws::AclEntry {
                cidr_block: tf.str1(r, "cidr_block"),
                ipv6_cidr_block: tf.str1(r, "ipv6_cidr_block"),
                egress: bool_of(r, "egress").unwrap_or(false),
                protocol: r.str("protocol").unwrap_or("-1").to_string(),
                rule_action: r.str("rule_action").unwrap_or("deny").to_string(),
                rule_number: int(r.values.get("rule_number")).unwrap_or(0),
                port_range: acl_ports(int(r.values.get("from_port")), int(r.values.get("to_port"))),
                icmp_type_code: icmp(r.values.get("icmp_type"), r.values.get("icmp_code")),
            };
            self.acl(&id).entries.push(entry);
        }
        for r in tf.of("aws_network_acl_association") {
            if let (Some(id), Some(s)) = (tf.str1(r, "network_acl_id"), tf.str1(r, "subnet_id")) {
                self.acl(&id)
                    .associations
                    .push(aws::AclAssociation { subnet_id: Some(s) });
            }
        }
    }

    /// The endpoints and endpoint services, then the load balancers behind the services.
    fn endpoints_and_services(&mut self) {
        self.vpc_endpoints();
        self.endpoint_associations();
        self.endpoint_services();
        self.endpoint_connections();
        self.load_balancers();
    }

    /// `aws_vpc_endpoint` -> the endpoints, by id.
    fn vpc_endpoints(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpc_endpoint") {
            let kind = r.str("vpc_endpoint_type").unwrap_or("Gateway").to_string();
            let dns_entries = r
                .values
                .get("dns_entry")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|d| {
                    Some(aws::DnsEntry {
                        dns_name: d.get("dns_name")?.as_str()?.to_string(),
                        hosted_zone_id: d
                            .get("hosted_zone_id")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    })
                })
                .collect();
            let e = aws::VpcEndpoint {
                vpc_endpoint_id: r.id.clone(),
                vpc_endpoint_type: kind,
                vpc_id: tf.str1(r, "vpc_id").unwrap_or_default(),
                owner_id: r.str("owner_id").map(str::to_string),
                service_name: tf.str1(r, "service_name").unwrap_or_default(),
                state: r.str("state").map(str::to_string),
                policy_document: tf.str1(r, "policy"),
                route_table_ids: tf.strs(r, "route_table_ids"),
                subnet_ids: tf.strs(r, "subnet_ids"),
                groups: tf
                    .strs(r, "security_group_ids")
                    .into_iter()
                    .map(|g| aws::GroupIdentifier {
                        group_id: g,
                        group_name: None,
                    })
                    .collect(),
                private_dns_enabled: bool_of(r, "private_dns_enabled"),
                dns_entries,
                ip_address_type: r.str("ip_address_type").map(str::to_string),
                dns_options: r
                    .values
                    .get("dns_options")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .map(|o| aws::DnsOptions {
                        dns_record_ip_type: o
                            .get("dns_record_ip_type")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        private_dns_only_for_inbound_resolver_endpoint: o
                            .get("private_dns_only_for_inbound_resolver_endpoint")
                            .and_then(Value::as_bool),
                    }),
                resource_configuration_arn: tf.str1(r, "resource_configuration_arn"),
                service_network_arn: tf.str1(r, "service_network_arn"),
                tags: tags(r),
                ..Default::default()
            };
            self.endpoints.insert(r.id.clone(), e);
        }
    }

    /// The endpoints' subnet, route table, security group and policy associations (to endpoints
    /// in the file).
    fn endpoint_associations(&mut self) {
        let tf = self.tf;
        for (t, key) in [
            ("aws_vpc_endpoint_subnet_association", "subnet_id"),
            ("aws_vpc_endpoint_route_table_association", "route_table_id"),
            (
                "aws_vpc_endpoint_security_group_association",
                "security_group_id",
            ),
            ("aws_vpc_endpoint_policy", "policy"),
        ] {
            for r in tf.of(t) {
                let (Some(ep), Some(v)) = (tf.str1(r, "vpc_endpoint_id"), tf.str1(r, key)) else {
                    continue;
                };
                let Some(e) = self.endpoints.get_mut(&ep) else {
                    self.report.skip(
                        "Terraform endpoint associations whose endpoint is not in the file",
                        r.address.clone(),
                    );
                    continue;
                };
                match key {
                    "subnet_id" if !e.subnet_ids.contains(&v) => e.subnet_ids.push(v),
                    "route_table_id" if !e.route_table_ids.contains(&v) => {
                        e.route_table_ids.push(v)
                    }
                    "security_group_id" if !e.groups.iter().any(|g| g.group_id == v) => {
                        e.groups.push(aws::GroupIdentifier {
                            group_id: v,
                            group_name: None,
                        })
                    }
                    "policy" => e.policy_document = Some(v),
                    _ => {}
                }
            }
        }
    }

    /// `aws_vpc_endpoint_service` and its allowed principals.
    fn endpoint_services(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpc_endpoint_service") {
            let id = r.id.clone();
            let principals = tf.strs(r, "allowed_principals");
            let explicit_none = r
                .values
                .get("allowed_principals")
                .is_some_and(|v| v.as_array().is_some_and(Vec::is_empty));
            for p in principals {
                let v = self.at((
                    id.clone(),
                    aws::AllowedPrincipal {
                        principal: p,
                        ..Default::default()
                    },
                ));
                self.caps.allowed_principals.push(v);
            }
            if explicit_none {
                let v = self.at((id.clone(), aws::AllowedPrincipal::default()));
                self.caps.allowed_principals.push(v);
            }
            let name = tf
                .str1(r, "service_name")
                .unwrap_or_else(|| derived(tf, r, "service_name"));
            let s = aws::ServiceConfiguration {
                service_id: id,
                service_name: Some(name),
                service_type: vec![aws::ServiceTypeDetail {
                    service_type: "Interface".into(),
                }],
                service_state: Some("Available".into()),
                availability_zones: tf.strs(r, "availability_zones"),
                acceptance_required: bool_of(r, "acceptance_required"),
                network_load_balancer_arns: tf.strs(r, "network_load_balancer_arns"),
                gateway_load_balancer_arns: tf.strs(r, "gateway_load_balancer_arns"),
                private_dns_name: tf.str1(r, "private_dns_name"),
                tags: tags(r),
                ..Default::default()
            };
            self.caps.service_configurations.push(self.at(s));
        }
        for r in tf.of("aws_vpc_endpoint_service_allowed_principal") {
            if let (Some(s), Some(p)) = (
                tf.str1(r, "vpc_endpoint_service_id"),
                tf.str1(r, "principal_arn"),
            ) {
                let v = self.at((
                    s,
                    aws::AllowedPrincipal {
                        principal: p,
                        ..Default::default()
                    },
                ));
                self.caps.allowed_principals.push(v);
            }
        }
    }

    /// `aws_vpc_endpoint_connection_accepter` -> accepted connections.
    fn endpoint_connections(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpc_endpoint_connection_accepter") {
            if let Some(ep) = tf.str1(r, "vpc_endpoint_id") {
                let v = self.at(aws::VpcEndpointConnection {
                    vpc_endpoint_id: ep,
                    service_id: tf.str1(r, "vpc_endpoint_service_id"),
                    vpc_endpoint_state: Some(
                        r.str("vpc_endpoint_state")
                            .unwrap_or("available")
                            .to_string(),
                    ),
                    vpc_endpoint_owner: None,
                });
                self.caps.connections.push(v);
            }
        }
    }

    fn load_balancers(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_lb").chain(tf.of("aws_alb")) {
            let mut subnets = tf.strs(r, "subnets");
            for (i, _) in r
                .values
                .get("subnet_mapping")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                subnets.extend(self.nested(r, "subnet_mapping", i, "subnet_id"));
            }
            let vpc = r.str("vpc_id").map(str::to_string).or_else(|| {
                subnets
                    .iter()
                    .find_map(|s| self.subnet_info.get(s).map(|x| x.0.clone()))
            });
            let zones = subnets
                .iter()
                .map(|s| aws::LbZone {
                    subnet_id: Some(s.clone()),
                    zone_name: self.subnet_info.get(s).and_then(|x| x.1.clone()),
                })
                .collect();
            let name = r
                .str("name")
                .map(str::to_string)
                .unwrap_or_else(|| dns_label(&r.address));
            let internal = bool_of(r, "internal").unwrap_or(false);
            self.caps.load_balancers.push(
                self.at(aws::LoadBalancer {
                    load_balancer_arn: r.id.clone(),
                    load_balancer_name: name.clone(),
                    kind: Some(
                        r.str("load_balancer_type")
                            .unwrap_or("application")
                            .to_string(),
                    ),
                    scheme: Some(
                        if internal {
                            "internal"
                        } else {
                            "internet-facing"
                        }
                        .into(),
                    ),
                    vpc_id: vpc,
                    availability_zones: zones,
                    security_groups: tf.strs(r, "security_groups"),
                    enforce_security_group_inbound_rules_on_private_link_traffic: r
                        .str("enforce_security_group_inbound_rules_on_private_link_traffic")
                        .map(str::to_string),
                }),
            );
            if let Some(cz) = bool_of(r, "enable_cross_zone_load_balancing") {
                let kv = vec![aws::KeyValue {
                    key: "load_balancing.cross_zone.enabled".into(),
                    value: Some(cz.to_string()),
                }];
                let v = self.at((name, kv));
                self.caps.lb_attributes.push(v);
            }
        }
        for r in tf.of("aws_lb_listener") {
            if let Some(lb) = tf.str1(r, "load_balancer_arn") {
                let v = self.at(aws::Listener {
                    listener_arn: r.str("arn").map(str::to_string),
                    load_balancer_arn: lb,
                    port: int(r.values.get("port")).and_then(|p| u16::try_from(p).ok()),
                    protocol: r.str("protocol").map(str::to_string),
                    default_actions: self.listener_actions(r),
                });
                self.caps.listeners.push(v);
            }
        }
    }

    /// The gateways, peering connections and instances.
    fn gateways_and_instances(&mut self) {
        self.internet_gateways();
        self.nat_transit_and_vpn_gateways();
        self.peerings();
        self.instances();
    }

    /// `aws_internet_gateway` and its attachments, one gateway each.
    fn internet_gateways(&mut self) {
        let tf = self.tf;
        let mut igws: BTreeMap<String, aws::InternetGateway> = BTreeMap::new();
        for r in tf.of("aws_internet_gateway") {
            let g = igws.entry(r.id.clone()).or_default();
            g.internet_gateway_id = r.id.clone();
            g.tags = tags(r);
            if let Some(v) = tf.str1(r, "vpc_id") {
                g.attachments.push(aws::GatewayAttachment {
                    vpc_id: v,
                    state: Some("available".into()),
                });
            }
        }
        for r in tf.of("aws_internet_gateway_attachment") {
            if let (Some(g), Some(v)) = (tf.str1(r, "internet_gateway_id"), tf.str1(r, "vpc_id")) {
                let e = igws.entry(g.clone()).or_default();
                e.internet_gateway_id = g;
                e.attachments.push(aws::GatewayAttachment {
                    vpc_id: v,
                    state: Some("available".into()),
                });
            }
        }
        for g in igws.into_values() {
            self.caps.internet_gateways.push(self.at(g));
        }
    }

    /// `aws_nat_gateway`, `aws_ec2_transit_gateway` and `aws_vpn_gateway`.
    fn nat_transit_and_vpn_gateways(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_nat_gateway") {
            let subnet = tf.str1(r, "subnet_id");
            let vpc = subnet
                .as_ref()
                .and_then(|s| self.subnet_info.get(s))
                .map(|x| x.0.clone())
                .unwrap_or_default();
            let v = self.at(aws::NatGateway {
                nat_gateway_id: r.id.clone(),
                vpc_id: vpc,
                subnet_id: subnet,
                state: Some("available".into()),
                connectivity_type: r.str("connectivity_type").map(str::to_string),
                nat_gateway_addresses: vec![aws::NatGatewayAddress {
                    private_ip: r.str("private_ip").map(str::to_string),
                    public_ip: r.str("public_ip").map(str::to_string),
                    is_primary: Some(true),
                }],
                tags: tags(r),
            });
            self.caps.nat_gateways.push(v);
        }
        for r in tf.of("aws_ec2_transit_gateway") {
            let v = self.at(aws::TransitGateway {
                transit_gateway_id: r.id.clone(),
                state: Some("available".into()),
                tags: tags(r),
                ..Default::default()
            });
            self.caps.transit_gateways.push(v);
        }
        for r in tf.of("aws_vpn_gateway") {
            let v = self.at(aws::VpnGateway {
                vpn_gateway_id: r.id.clone(),
                vpc_attachments: tf
                    .str1(r, "vpc_id")
                    .map(|v| aws::GatewayAttachment {
                        vpc_id: v,
                        state: Some("attached".into()),
                    })
                    .into_iter()
                    .collect(),
                tags: tags(r),
            });
            self.caps.vpn_gateways.push(v);
        }
    }

    /// `aws_vpc_peering_connection`, active when auto-accepted or accepted.
    fn peerings(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_vpc_peering_connection") {
            let accepted =
                bool_of(r, "auto_accept") == Some(true) || r.str("accept_status") == Some("active");
            let info = |vpc: Option<String>, owner: Option<String>, region: Option<String>| {
                aws::PeeringVpcInfo {
                    vpc_id: vpc,
                    owner_id: owner,
                    region,
                    ..Default::default()
                }
            };
            let v = self.at(aws::VpcPeeringConnection {
                vpc_peering_connection_id: r.id.clone(),
                requester_vpc_info: Some(info(tf.str1(r, "vpc_id"), None, None)),
                accepter_vpc_info: Some(info(
                    tf.str1(r, "peer_vpc_id"),
                    tf.str1(r, "peer_owner_id"),
                    tf.str1(r, "peer_region"),
                )),
                status: Some(aws::StateObj {
                    code: Some(Value::String(
                        if accepted {
                            "active"
                        } else {
                            "pending-acceptance"
                        }
                        .into(),
                    )),
                    ..Default::default()
                }),
                tags: tags(r),
            });
            self.caps.peerings.push(v);
        }
    }

    /// `aws_instance`, placed by its subnet.
    fn instances(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_instance") {
            let subnet = tf.str1(r, "subnet_id");
            let info = subnet
                .as_ref()
                .and_then(|s| self.subnet_info.get(s))
                .cloned();
            let mut groups = tf.strs(r, "vpc_security_group_ids");
            groups.extend(
                tf.strs(r, "security_groups")
                    .into_iter()
                    .filter(|g| g.starts_with("sg-")),
            );
            let profile = tf
                .str1(r, "iam_instance_profile")
                .map(|n| aws::IamInstanceProfile {
                    arn: format!("instance-profile/{n}"),
                    id: None,
                });
            let i = aws::Instance {
                iam_instance_profile: profile,
                instance_id: r.id.clone(),
                subnet_id: subnet,
                vpc_id: info.as_ref().map(|x| x.0.clone()),
                private_ip_address: r.str("private_ip").map(str::to_string),
                public_ip_address: r.str("public_ip").map(str::to_string),
                ipv6_address: string_list(r.values.get("ipv6_addresses"))
                    .into_iter()
                    .next(),
                security_groups: groups
                    .into_iter()
                    .map(|g| aws::GroupIdentifier {
                        group_id: g,
                        group_name: None,
                    })
                    .collect(),
                state: Some(aws::StateObj {
                    name: Some("running".into()),
                    ..Default::default()
                }),
                placement: Some(aws::Placement {
                    availability_zone: tf.str1(r, "availability_zone").or(info.and_then(|x| x.1)),
                }),
                tags: tags(r),
                ..Default::default()
            };
            self.caps
                .instances
                .push(self.at((r.str("owner_id").map(str::to_string), i)));
        }
    }

    /// `aws_iam_instance_profile` -> its role, so instances call AWS as that role.
    fn instance_profiles(&mut self) {
        let tf = self.tf;
        let account = self.caps.ctxs[self.ci]
            .account
            .clone()
            .unwrap_or_else(|| crate::import::build::PLACEHOLDER_ACCOUNT.to_string());
        let role_arns: HashMap<String, String> = tf
            .of("aws_iam_role")
            .filter_map(|r| {
                let name = r.str("name")?.to_string();
                let arn = r
                    .str("arn")
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("arn:aws:iam::{account}:role/{name}"));
                Some((name, arn))
            })
            .collect();
        for r in tf.of("aws_iam_instance_profile") {
            let Some(name) = tf.str1(r, "name") else {
                continue;
            };
            let roles = tf
                .str1(r, "role")
                .map(|role| aws::Role {
                    arn: role_arns
                        .get(&role)
                        .cloned()
                        .unwrap_or_else(|| format!("arn:aws:iam::{account}:role/{role}")),
                    role_name: Some(role),
                })
                .into_iter()
                .collect();
            let p = self.at(aws::InstanceProfile {
                arn: r
                    .str("arn")
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("arn:aws:iam::{account}:instance-profile/{name}")),
                instance_profile_name: name,
                roles,
            });
            self.caps.instance_profiles.push(p);
        }
    }

    fn dns_and_buckets(&mut self) {
        let tf = self.tf;
        for r in tf.of("aws_route53_zone") {
            let mut private = false;
            for (i, v) in r
                .values
                .get("vpc")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                private = true;
                for vpc in self.nested(r, "vpc", i, "vpc_id") {
                    let region = v
                        .get("vpc_region")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    let z = self.at((
                        r.id.clone(),
                        aws::ZoneVpc {
                            vpc_id: vpc,
                            vpc_region: region,
                        },
                    ));
                    self.caps.zone_vpcs.push(z);
                }
            }
            let z = self.at(aws::HostedZone {
                id: r.id.clone(),
                name: r.str("name").unwrap_or_default().to_string(),
                config: Some(aws::HostedZoneConfig {
                    private_zone: private,
                }),
            });
            self.caps.hosted_zones.push(z);
        }
        for r in tf.of("aws_route53_zone_association") {
            if let (Some(z), Some(v)) = (tf.str1(r, "zone_id"), tf.str1(r, "vpc_id")) {
                let x = self.at((
                    z,
                    aws::ZoneVpc {
                        vpc_id: v,
                        vpc_region: tf.str1(r, "vpc_region"),
                    },
                ));
                self.caps.zone_vpcs.push(x);
            }
        }
        let mut records: BTreeMap<String, Vec<aws::ResourceRecordSet>> = BTreeMap::new();
        for r in tf.of("aws_route53_record") {
            let Some(z) = tf.str1(r, "zone_id") else {
                continue;
            };
            let alias = r
                .values
                .get("alias")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .map(|_| aws::AliasTarget {
                    dns_name: self
                        .nested(r, "alias", 0, "name")
                        .into_iter()
                        .next()
                        .unwrap_or_default(),
                    hosted_zone_id: self.nested(r, "alias", 0, "zone_id").into_iter().next(),
                });
            records.entry(z).or_default().push(aws::ResourceRecordSet {
                name: r.str("name").unwrap_or_default().to_string(),
                kind: r.str("type").unwrap_or_default().to_string(),
                ttl: int(r.values.get("ttl")).and_then(|t| u32::try_from(t).ok()),
                resource_records: tf
                    .strs(r, "records")
                    .into_iter()
                    .map(|v| aws::ResourceRecord { value: v })
                    .collect(),
                alias_target: alias,
            });
        }
        for (z, list) in records {
            let x = self.at((z, list));
            self.caps.record_sets.push(x);
        }
        for r in tf.of("aws_s3_bucket_policy") {
            // The policy may come from a policy-document data source, read while planning.
            if let (Some(b), Some(p)) = (tf.str1(r, "bucket"), tf.str1(r, "policy")) {
                let x = self.at((b, p));
                self.caps.bucket_policies.push(x);
            }
        }
    }

    /// Write the objects assembled from several resources.
    fn flush(&mut self) {
        for t in std::mem::take(&mut self.route_tables).into_values() {
            let x = self.at(t);
            self.caps.route_tables.push(x);
        }
        for g in std::mem::take(&mut self.groups).into_values() {
            let x = self.at(g);
            self.caps.security_groups.push(x);
        }
        for a in std::mem::take(&mut self.acls).into_values() {
            let x = self.at(a);
            self.caps.network_acls.push(x);
        }
        for e in std::mem::take(&mut self.endpoints).into_values() {
            let x = self.at(e);
            self.caps.vpc_endpoints.push(x);
        }
    }
}

/// Resource types an id-valued key of a nested block refers to.
fn key_type(key: &str) -> &'static [&'static str] {
    match key {
        "nat_gateway_id" => &["aws_nat_gateway"],
        "gateway_id" => &["aws_internet_gateway", "aws_vpn_gateway"],
        "transit_gateway_id" => &["aws_ec2_transit_gateway"],
        "vpc_peering_connection_id" => &["aws_vpc_peering_connection"],
        "vpc_endpoint_id" => &["aws_vpc_endpoint"],
        "security_groups" => &["aws_security_group", "aws_default_security_group"],
        "vpc_id" => &["aws_vpc"],
        "subnet_id" => &["aws_subnet"],
        _ => &[],
    }
}

/// An ACL entry's `icmp_type` / `icmp_code` (numbers or numeric strings), when set.
fn icmp(t: Option<&Value>, c: Option<&Value>) -> Option<aws::IcmpTypeCode> {
    let (kind, code) = (int(t), int(c));
    (kind.is_some() || code.is_some()).then_some(aws::IcmpTypeCode { kind, code })
}

fn acl_ports(from: Option<i64>, to: Option<i64>) -> Option<aws::PortRange> {
    match (from, to) {
        (Some(0), Some(0)) | (None, None) => None,
        (f, t) => Some(aws::PortRange { from: f, to: t }),
    }
}

fn permission(
    protocol: &str,
    from: Option<i64>,
    to: Option<i64>,
    cidrs: Vec<String>,
    prefix_lists: Vec<String>,
    groups: Vec<String>,
) -> aws::IpPermission {
    let all = is_all(protocol);
    aws::IpPermission {
        ip_protocol: if all {
            "-1".into()
        } else {
            protocol.to_string()
        },
        from_port: if all { None } else { from },
        to_port: if all { None } else { to },
        ip_ranges: cidrs
            .into_iter()
            .map(|c| aws::IpRange {
                cidr_ip: c,
                description: None,
            })
            .collect(),
        prefix_list_ids: prefix_lists
            .into_iter()
            .map(|p| aws::PrefixListId {
                prefix_list_id: p,
                description: None,
            })
            .collect(),
        user_id_group_pairs: groups
            .into_iter()
            .map(|g| aws::UserIdGroupPair {
                group_id: Some(g),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// IPv6 sources or destinations of a rule (`ipv6_cidr_blocks`, `cidr_ipv6`).
fn ipv6_ranges(cidrs: Vec<String>) -> Vec<aws::Ipv6Range> {
    cidrs
        .into_iter()
        .map(|c| aws::Ipv6Range {
            cidr_ipv6: c,
            ..Default::default()
        })
        .collect()
}

/// One permission per source (CIDR, IPv6 CIDR, prefix list or group).
fn split(p: aws::IpPermission) -> Vec<aws::IpPermission> {
    let base = aws::IpPermission {
        ip_ranges: vec![],
        ipv6_ranges: vec![],
        prefix_list_ids: vec![],
        user_id_group_pairs: vec![],
        ..p.clone()
    };
    let mut out = Vec::new();
    for r in p.ip_ranges {
        out.push(aws::IpPermission {
            ip_ranges: vec![r],
            ..base.clone()
        });
    }
    for r in p.ipv6_ranges {
        out.push(aws::IpPermission {
            ipv6_ranges: vec![r],
            ..base.clone()
        });
    }
    for r in p.prefix_list_ids {
        out.push(aws::IpPermission {
            prefix_list_ids: vec![r],
            ..base.clone()
        });
    }
    for r in p.user_id_group_pairs {
        out.push(aws::IpPermission {
            user_id_group_pairs: vec![r],
            ..base.clone()
        });
    }
    out
}
