//! A VPC and what lives in it -> describe-vpcs, describe-subnets, describe-route-tables, ...,
//! describe-vpc-endpoints: one method per output family, all called per VPC by `Exporter::vpc`.

use serde_json::{Value, json};

use super::{Exporter, acct_of_vpc, dir, synth_id, tags};
use crate::model::{
    EndpointKind, EndpointTarget, GatewayKind, Model, Protocol, Route, RouteDest, RouteOrigin,
    RouteTarget, SgPeer, SgRule, Vpc,
};

/// The VPC being written: its index, the VPC, its owner account and its `<account>/<region>`
/// folder.
struct InVpc<'m> {
    vix: usize,
    v: &'m Vpc,
    acct: String,
    d: String,
}

/// An endpoint network interface's stable made-up id, from the endpoint and the index `k`.
fn eni_id(m: &Model, e: usize, k: usize) -> String {
    synth_id("eni", &format!("{}#{k}", m.endpoints[e].id))
}

impl Exporter<'_> {
    /// Every per-VPC output of VPC `vix`, family by family (see each method).
    pub(super) fn vpc(&mut self, vix: usize) {
        let m = self.m;
        let v = &m.vpcs[vix];
        let acct = acct_of_vpc(m, vix);
        let d = dir(&acct, &v.region);
        let at = InVpc { vix, v, acct, d };
        self.vpc_itself(&at);
        self.subnets(&at);
        self.route_tables(&at);
        self.network_acls(&at);
        self.security_groups(&at);
        self.gateways(&at);
        self.peerings(&at);
        self.instances(&at);
        self.endpoints(&at);
    }

    /// describe-vpcs, and describe-vpc-attribute for enableDnsSupport and enableDnsHostnames.
    fn vpc_itself(&mut self, at: &InVpc) {
        let (v, acct, d) = (at.v, &at.acct, &at.d);
        let assoc: Vec<Value> = v
            .cidrs
            .iter()
            .map(|c| json!({ "CidrBlock": c.to_string(), "CidrBlockState": { "State": "associated" } }))
            .collect();
        let mut item = json!({ "VpcId": v.id, "OwnerId": acct, "State": "available",
                "CidrBlock": v.cidrs.first().map(|c| c.to_string()), "CidrBlockAssociationSet": assoc,
                "IsDefault": false, "Tags": tags(&v.name) });
        if let Some(n) = v.ipv6_cidr {
            item["Ipv6CidrBlockAssociationSet"] = json!([{ "Ipv6CidrBlock": n.to_string(),
                "Ipv6CidrBlockState": { "State": "associated" }, "Ipv6Pool": "Amazon" }]);
        }
        self.f
            .push(&format!("{d}/describe-vpcs.json"), "Vpcs", item);
        self.f.put(
            &format!("{d}/describe-vpc-attribute.{}.enableDnsSupport.json", v.id),
            json!({ "VpcId": v.id, "EnableDnsSupport": { "Value": v.dns_support } }),
        );
        self.f.put(
            &format!(
                "{d}/describe-vpc-attribute.{}.enableDnsHostnames.json",
                v.id
            ),
            json!({ "VpcId": v.id, "EnableDnsHostnames": { "Value": v.dns_hostnames } }),
        );
    }

    /// describe-subnets.
    fn subnets(&mut self, at: &InVpc) {
        let (m, v, acct, d) = (self.m, at.v, &at.acct, &at.d);
        let zones_explicit = m.accounts[v.account].zones_explicit;
        for &s in &v.subnets {
            let s = &m.subnets[s];
            let mut item = json!({ "SubnetId": s.id, "VpcId": v.id, "OwnerId": acct, "CidrBlock": s.cidr.to_string(),
                                   "AvailabilityZone": s.zone, "State": "available", "Tags": tags(&s.name) });
            if zones_explicit {
                item["AvailabilityZoneId"] = json!(s.zone_id);
            }
            if let Some(n) = s.ipv6_cidr {
                item["Ipv6CidrBlockAssociationSet"] = json!([{ "Ipv6CidrBlock": n.to_string(), "Ipv6CidrBlockState": { "State": "associated" } }]);
            }
            self.f
                .push(&format!("{d}/describe-subnets.json"), "Subnets", item);
        }
    }

    /// describe-route-tables (the tables the model states; not the implicit main table).
    fn route_tables(&mut self, at: &InVpc) {
        let (m, v, acct, d) = (self.m, at.v, &at.acct, &at.d);
        for &t in &v.route_tables {
            let t = &m.route_tables[t];
            if t.implicit {
                continue;
            }
            let mut associations = Vec::new();
            if t.main {
                associations.push(json!({ "Main": true, "RouteTableId": t.id, "AssociationState": { "State": "associated" } }));
            }
            for &s in &v.subnets {
                let s = &m.subnets[s];
                if s.route_table_explicit && m.route_tables[s.route_table].id == t.id {
                    associations.push(
                        json!({ "Main": false, "RouteTableId": t.id, "SubnetId": s.id,
                                              "AssociationState": { "State": "associated" } }),
                    );
                }
            }
            let routes: Vec<Value> = t.routes.iter().map(|r| route(m, r)).collect();
            self.f.push(
                &format!("{d}/describe-route-tables.json"),
                "RouteTables",
                json!({ "RouteTableId": t.id, "VpcId": v.id, "OwnerId": acct, "Associations": associations,
                        "PropagatingVgws": [], "Routes": routes, "Tags": tags(&t.name) }),
            );
        }
    }

    /// describe-network-acls (the ACLs the model states; not the implicit default one).
    fn network_acls(&mut self, at: &InVpc) {
        let (m, v, acct, d) = (self.m, at.v, &at.acct, &at.d);
        for &a in &v.network_acls {
            let a = &m.network_acls[a];
            if a.implicit {
                continue;
            }
            let mut entries = Vec::new();
            for (egress, rules) in [(false, &a.inbound), (true, &a.outbound)] {
                for r in rules {
                    let mut e = json!({ "RuleNumber": r.rule, "Egress": egress, "Protocol": proto_number(r.protocol),
                                        "RuleAction": if r.allow { "allow" } else { "deny" } });
                    let key = if r.cidr.addr().is_ipv6() {
                        "Ipv6CidrBlock"
                    } else {
                        "CidrBlock"
                    };
                    e[key] = json!(r.cidr.to_string());
                    if matches!(r.protocol, Protocol::Tcp | Protocol::Udp) && !r.ports.is_all() {
                        e["PortRange"] = json!({ "From": r.ports.from, "To": r.ports.to });
                    }
                    entries.push(e);
                }
                entries.push(json!({ "RuleNumber": 32767, "Egress": egress, "Protocol": "-1", "RuleAction": "deny",
                                     "CidrBlock": "0.0.0.0/0" }));
            }
            let associations: Vec<Value> = v
                .subnets
                .iter()
                .map(|&s| &m.subnets[s])
                .filter(|s| m.network_acls[s.network_acl].id == a.id)
                .map(|s| json!({ "NetworkAclId": a.id, "SubnetId": s.id }))
                .collect();
            self.f.push(
                &format!("{d}/describe-network-acls.json"),
                "NetworkAcls",
                json!({ "NetworkAclId": a.id, "VpcId": v.id, "OwnerId": acct, "IsDefault": a.default,
                        "Associations": associations, "Entries": entries, "Tags": tags(&a.name) }),
            );
        }
    }

    /// describe-security-groups (the groups the model states; not the implicit default one).
    fn security_groups(&mut self, at: &InVpc) {
        let (m, v, acct, d) = (self.m, at.v, &at.acct, &at.d);
        for &g in &v.security_groups {
            let g = &m.security_groups[g];
            if g.implicit {
                continue;
            }
            let group_name = if g.default {
                "default".to_string()
            } else if g.name.is_empty() || g.name == "default" {
                g.id.clone()
            } else {
                g.name.clone()
            };
            let tag = if g.name.is_empty() || g.name == group_name {
                String::new()
            } else {
                g.name.clone()
            };
            let perms = |rules: &[SgRule], defaulted: bool| -> Vec<Value> {
                rules
                    .iter()
                    .map(|r| sg_permission(m, r, defaulted))
                    .collect()
            };
            self.f.push(
                &format!("{d}/describe-security-groups.json"),
                "SecurityGroups",
                json!({ "GroupId": g.id, "GroupName": group_name, "VpcId": v.id, "OwnerId": acct,
                        "Description": g.name, "IpPermissions": perms(&g.inbound, false),
                        "IpPermissionsEgress": perms(&g.outbound, g.outbound_defaulted), "Tags": tags(&tag) }),
            );
        }
    }

    /// describe-{internet,egress-only-internet,vpn,nat,transit}-gateways.
    fn gateways(&mut self, at: &InVpc) {
        let (m, v, acct, d) = (self.m, at.v, &at.acct, &at.d);
        let f = &mut self.f;
        f.list(
            &format!("{d}/describe-internet-gateways.json"),
            "InternetGateways",
        );
        f.list(&format!("{d}/describe-nat-gateways.json"), "NatGateways");
        for &g in &v.gateways {
            let g = &m.gateways[g];
            match g.kind {
                GatewayKind::Internet => f.push(
                    &format!("{d}/describe-internet-gateways.json"),
                    "InternetGateways",
                    json!({ "InternetGatewayId": g.id, "OwnerId": acct,
                            "Attachments": [{ "State": "available", "VpcId": v.id }], "Tags": tags(&g.name) }),
                ),
                GatewayKind::EgressOnly => f.push(
                    &format!("{d}/describe-egress-only-internet-gateways.json"),
                    "EgressOnlyInternetGateways",
                    json!({ "EgressOnlyInternetGatewayId": g.id,
                            "Attachments": [{ "State": "attached", "VpcId": v.id }], "Tags": tags(&g.name) }),
                ),
                GatewayKind::Vpn => f.push(
                    &format!("{d}/describe-vpn-gateways.json"),
                    "VpnGateways",
                    json!({ "VpnGatewayId": g.id, "Type": "ipsec.1", "State": "available",
                            "VpcAttachments": [{ "State": "attached", "VpcId": v.id }], "Tags": tags(&g.name) }),
                ),
                GatewayKind::Nat => {
                    let mut addr = json!({ "IsPrimary": true });
                    if let Some(ip) = g.ip {
                        addr["PrivateIp"] = json!(ip.to_string());
                    }
                    if let Some(ip) = g.public_ip {
                        addr["PublicIp"] = json!(ip.to_string());
                    }
                    f.push(
                        &format!("{d}/describe-nat-gateways.json"),
                        "NatGateways",
                        json!({ "NatGatewayId": g.id, "VpcId": v.id, "State": "available",
                                "SubnetId": g.subnet.map(|s| m.subnets[s].id.clone()),
                                "ConnectivityType": if g.public_ip.is_some() { "public" } else { "private" },
                                "NatGatewayAddresses": [addr], "Tags": tags(&g.name) }),
                    );
                }
                GatewayKind::Transit => {
                    // Which VPCs use it is known from the routes; the object carries its name.
                    let base = g.id.split('/').next().unwrap_or(&g.id);
                    let shared_default = g.name == base;
                    if !g.name.is_empty() && !shared_default {
                        f.push(
                            &format!("{d}/describe-transit-gateways.json"),
                            "TransitGateways",
                            json!({ "TransitGatewayId": base, "State": "available", "Tags": tags(&g.name) }),
                        );
                    }
                }
            }
        }
    }

    /// describe-vpc-peering-connections: the peerings this VPC requests.
    fn peerings(&mut self, at: &InVpc) {
        let (m, v, d) = (self.m, at.v, &at.d);
        for &p in &v.peerings {
            let p = &m.peerings[p];
            if p.vpc != at.vix {
                continue;
            }
            let info = |x: usize| {
                let pv = &m.vpcs[x];
                json!({ "VpcId": pv.id, "OwnerId": acct_of_vpc(m, x), "Region": pv.region,
                        "CidrBlock": pv.cidrs.first().map(|c| c.to_string()),
                        "CidrBlockSet": pv.cidrs.iter().map(|c| json!({ "CidrBlock": c.to_string() })).collect::<Vec<_>>() })
            };
            self.f.push(
                &format!("{d}/describe-vpc-peering-connections.json"),
                "VpcPeeringConnections",
                json!({ "VpcPeeringConnectionId": p.id, "RequesterVpcInfo": info(p.vpc), "AccepterVpcInfo": info(p.peer_vpc),
                        "Status": { "Code": p.state, "Message": p.state }, "Tags": tags(&p.name) }),
            );
        }
    }

    /// describe-instances, iam-list-instance-profiles (`i-` ids); describe-network-interfaces.
    fn instances(&mut self, at: &InVpc) {
        let (m, v, acct, d) = (self.m, at.v, &at.acct, &at.d);
        let f = &mut self.f;
        f.list(&format!("{d}/describe-instances.json"), "Reservations");
        f.list(
            &format!("{d}/describe-network-interfaces.json"),
            "NetworkInterfaces",
        );
        for &i in &v.instances {
            let inst = &m.instances[i];
            let s = &m.subnets[inst.subnet];
            let groups: Vec<&str> = inst
                .security_groups
                .iter()
                .map(|&g| m.security_groups[g].id.as_str())
                .collect();
            if inst.id.starts_with("i-") {
                let mut item = json!({ "InstanceId": inst.id, "SubnetId": s.id, "VpcId": v.id,
                                       "PrivateIpAddress": inst.ip.to_string(), "State": { "Code": 16, "Name": "running" },
                                       "Placement": { "AvailabilityZone": s.zone },
                                       "SecurityGroups": groups.iter().map(|g| json!({ "GroupId": g })).collect::<Vec<_>>(),
                                       "Tags": tags(&inst.name) });
                if let Some(ip) = inst.public_ip {
                    item["PublicIpAddress"] = json!(ip.to_string());
                }
                if let Some(ip) = inst.ipv6 {
                    item["Ipv6Address"] = json!(ip.to_string());
                }
                if let Some(role) = &inst.role {
                    let name = role.rsplit('/').next().unwrap_or(role);
                    let profile = format!("arn:aws:iam::{acct}:instance-profile/{name}");
                    item["IamInstanceProfile"] = json!({ "Arn": profile });
                    f.push(
                        &format!("{acct}/iam-list-instance-profiles.json"),
                        "InstanceProfiles",
                        json!({ "InstanceProfileName": name, "Arn": profile, "Roles": [{ "RoleName": name, "Arn": role }] }),
                    );
                }
                f.push(
                    &format!("{d}/describe-instances.json"),
                    "Reservations",
                    json!({ "OwnerId": acct, "Instances": [item] }),
                );
            } else {
                let mut item = json!({ "NetworkInterfaceId": inst.id, "SubnetId": s.id, "VpcId": v.id,
                                       "AvailabilityZone": s.zone, "PrivateIpAddress": inst.ip.to_string(),
                                       "InterfaceType": "interface", "Description": inst.name, "OwnerId": acct,
                                       "Groups": groups.iter().map(|g| json!({ "GroupId": g })).collect::<Vec<_>>() });
                if let Some(ip) = inst.public_ip {
                    item["Association"] = json!({ "PublicIp": ip.to_string() });
                }
                if let Some(ip) = inst.ipv6 {
                    item["Ipv6Addresses"] =
                        json!([{ "Ipv6Address": ip.to_string(), "IsPrimaryIpv6": true }]);
                }
                f.push(
                    &format!("{d}/describe-network-interfaces.json"),
                    "NetworkInterfaces",
                    item,
                );
            }
        }
    }

    /// describe-network-interfaces, describe-instance-connect-endpoints, describe-vpc-endpoints.
    fn endpoints(&mut self, at: &InVpc) {
        let (m, v, acct, d) = (self.m, at.v, &at.acct, &at.d);
        self.f
            .list(&format!("{d}/describe-vpc-endpoints.json"), "VpcEndpoints");
        for &e in &v.endpoints {
            let ep = &m.endpoints[e];
            let groups: Vec<&str> = ep
                .security_groups
                .iter()
                .map(|&g| m.security_groups[g].id.as_str())
                .collect();
            let enis: Vec<String> = (0..ep.enis.len()).map(|k| eni_id(m, e, k)).collect();
            for (k, eni) in ep.enis.iter().enumerate() {
                let s = &m.subnets[eni.subnet];
                let itype = if ep.kind == EndpointKind::InstanceConnect {
                    "ec2_instance_connect_endpoint"
                } else {
                    "vpc_endpoint"
                };
                self.f.push(
                    &format!("{d}/describe-network-interfaces.json"),
                    "NetworkInterfaces",
                    json!({ "NetworkInterfaceId": enis[k], "SubnetId": s.id, "VpcId": v.id, "AvailabilityZone": s.zone,
                            "PrivateIpAddress": eni.ip.to_string(), "InterfaceType": itype, "RequesterManaged": true,
                            "Description": format!("VPC Endpoint Interface {}", ep.id),
                            "Groups": groups.iter().map(|g| json!({ "GroupId": g })).collect::<Vec<_>>() }),
                );
            }
            if ep.kind == EndpointKind::InstanceConnect {
                self.f.push(
                    &format!("{d}/describe-instance-connect-endpoints.json"),
                    "InstanceConnectEndpoints",
                    json!({ "InstanceConnectEndpointId": ep.id, "VpcId": v.id, "OwnerId": acct,
                            "SubnetId": ep.enis.first().map(|x| m.subnets[x.subnet].id.clone()),
                            "State": "create-complete", "PreserveClientIp": ep.preserve_client_ip,
                            "SecurityGroupIds": groups, "NetworkInterfaceIds": enis, "Tags": tags(&ep.name) }),
                );
                continue;
            }
            let item = self.vpc_endpoint(at, e, &groups, &enis);
            self.f.push(
                &format!("{d}/describe-vpc-endpoints.json"),
                "VpcEndpoints",
                item,
            );
        }
    }

    /// Endpoint `e` (not an EC2 Instance Connect one) as a describe-vpc-endpoints entry.
    fn vpc_endpoint(&self, at: &InVpc, e: usize, groups: &[&str], enis: &[String]) -> Value {
        let (m, v, acct) = (self.m, at.v, &at.acct);
        let ep = &m.endpoints[e];
        let service = match &ep.target {
            EndpointTarget::Aws(n) => n.clone(),
            EndpointTarget::Service(s) => m.endpoint_services[*s].service_name.clone(),
            EndpointTarget::InstanceConnect
            | EndpointTarget::Resource(_)
            | EndpointTarget::ServiceNetwork(_) => String::new(),
        };
        let mut dns_entries: Vec<Value> = Vec::new();
        if let Some(r) = &ep.regional_dns {
            dns_entries.push(json!({ "DnsName": r, "HostedZoneId": "Z7HUB22UULQXV" }));
        }
        for (_, z) in &ep.zonal_dns {
            dns_entries.push(json!({ "DnsName": z, "HostedZoneId": "Z7HUB22UULQXV" }));
        }
        let mut item = json!({ "VpcEndpointId": ep.id, "VpcId": v.id, "OwnerId": acct, "ServiceName": service,
                               "State": ep.state.as_str(), "Tags": tags(&ep.name), "DnsEntries": dns_entries });
        // Cross-Region PrivateLink: the service's Region when not the endpoint's.
        let service_region = match &ep.target {
            EndpointTarget::Service(x) => Some(m.endpoint_services[*x].region.clone()),
            EndpointTarget::Aws(n) => n
                .strip_prefix("com.amazonaws.")
                .and_then(|r| r.split('.').next())
                .map(str::to_string),
            EndpointTarget::InstanceConnect
            | EndpointTarget::Resource(_)
            | EndpointTarget::ServiceNetwork(_) => None,
        };
        if let Some(r) = service_region.filter(|r| *r != v.region) {
            item["ServiceRegion"] = json!(r);
        }
        match ep.kind {
            EndpointKind::Gateway => {
                item["VpcEndpointType"] = json!("Gateway");
                item["RouteTableIds"] = json!(
                    ep.route_tables
                        .iter()
                        .map(|&t| m.route_tables[t].id.clone())
                        .collect::<Vec<_>>()
                );
            }
            _ => {
                item["VpcEndpointType"] = json!("Interface");
                item["SubnetIds"] = json!(
                    ep.enis
                        .iter()
                        .map(|x| m.subnets[x.subnet].id.clone())
                        .collect::<Vec<_>>()
                );
                item["NetworkInterfaceIds"] = json!(enis);
                item["Groups"] = json!(
                    groups
                        .iter()
                        .map(|g| json!({ "GroupId": g }))
                        .collect::<Vec<_>>()
                );
                item["PrivateDnsEnabled"] = json!(ep.private_dns);
                if service.ends_with(".s3") && ep.private_dns {
                    item["DnsOptions"] = json!({ "PrivateDnsOnlyForInboundResolverEndpoint": ep.private_dns_only_for_inbound_resolver });
                }
                item["IpAddressType"] = json!(ep.ip_address_type);
                if item.get("DnsOptions").is_none() {
                    item["DnsOptions"] = json!({});
                }
                item["DnsOptions"]["DnsRecordIpType"] = json!(ep.dns_record_ip_type);
            }
        }
        // A resource endpoint as AWS describes it (ES-26).
        if let EndpointTarget::Resource(r) = ep.target {
            let c = &m.resource_configurations[r];
            item["VpcEndpointType"] = json!("Resource");
            item["ResourceConfigurationArn"] = json!(format!(
                "arn:aws:vpc-lattice:{}:{}:resourceconfiguration/{}",
                v.region, m.accounts[c.account].id, c.id
            ));
            if let Some(o) = item.as_object_mut() {
                o.remove("ServiceName");
            }
        }
        // A service-network endpoint as AWS describes it (ES-33).
        if let EndpointTarget::ServiceNetwork(n) = ep.target {
            let sn = &m.service_networks[n];
            item["VpcEndpointType"] = json!("ServiceNetwork");
            item["ServiceNetworkArn"] = json!(format!(
                "arn:aws:vpc-lattice:{}:{}:servicenetwork/{}",
                v.region, m.accounts[sn.account].id, sn.id
            ));
            if let Some(o) = item.as_object_mut() {
                o.remove("ServiceName");
            }
        }
        let policy = self.written.endpoint_policies.get(&ep.id).cloned().unwrap_or_else(|| {
            json!({ "Version": "2008-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*" }] })
        });
        if !matches!(
            ep.target,
            EndpointTarget::Service(_)
                | EndpointTarget::Resource(_)
                | EndpointTarget::ServiceNetwork(_)
        ) {
            item["PolicyDocument"] = json!(policy.to_string());
        }
        item
    }
}

fn proto_number(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "6",
        Protocol::Udp => "17",
        Protocol::Icmp => "1",
        Protocol::All => "-1",
    }
}

/// One route as a describe-route-tables `Routes` entry.
fn route(m: &Model, r: &Route) -> Value {
    let mut item = serde_json::Map::new();
    match &r.destination {
        RouteDest::Cidr(c) => item.insert("DestinationCidrBlock".into(), json!(c.to_string())),
        RouteDest::Cidr6(c) => item.insert("DestinationIpv6CidrBlock".into(), json!(c.to_string())),
        RouteDest::PrefixList(p) => item.insert("DestinationPrefixListId".into(), json!(p)),
    };
    let (key, id) = match r.target {
        RouteTarget::Local => ("GatewayId", "local".to_string()),
        RouteTarget::Gateway(g) => {
            let g = &m.gateways[g];
            let key = match g.kind {
                GatewayKind::Internet | GatewayKind::Vpn => "GatewayId",
                GatewayKind::Nat => "NatGatewayId",
                GatewayKind::Transit => "TransitGatewayId",
                GatewayKind::EgressOnly => "EgressOnlyInternetGatewayId",
            };
            // A transit gateway shared by several VPCs is `tgw-x/vpc-y` in the model.
            let id = if g.kind == GatewayKind::Transit {
                g.id.split('/').next().unwrap_or(&g.id).to_string()
            } else {
                g.id.clone()
            };
            (key, id)
        }
        RouteTarget::Endpoint(e) => ("GatewayId", m.endpoints[e].id.clone()),
        RouteTarget::Peering(p) => ("VpcPeeringConnectionId", m.peerings[p].id.clone()),
        RouteTarget::Instance(i) => ("InstanceId", m.instances[i].id.clone()),
        RouteTarget::TransitGateway(t) => ("TransitGatewayId", m.transit_gateways[t].id.clone()),
    };
    item.insert(key.into(), json!(id));
    let origin = match r.origin {
        RouteOrigin::Local => "CreateRouteTable",
        RouteOrigin::Static | RouteOrigin::GatewayEndpoint => "CreateRoute",
        RouteOrigin::Propagated => "EnableVgwRoutePropagation",
    };
    item.insert("Origin".into(), json!(origin));
    item.insert(
        "State".into(),
        json!(if r.blackhole { "blackhole" } else { "active" }),
    );
    Value::Object(item)
}

/// One security group rule as an `IpPermissions` entry.
fn sg_permission(m: &Model, r: &SgRule, defaulted: bool) -> Value {
    let proto = match r.protocol {
        Protocol::All => "-1",
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp => "icmp",
    };
    let mut p = json!({ "IpProtocol": proto, "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": [] });
    match r.protocol {
        Protocol::Tcp | Protocol::Udp => {
            p["FromPort"] = json!(r.ports.from);
            p["ToPort"] = json!(r.ports.to);
        }
        Protocol::Icmp => {
            p["FromPort"] = json!(-1);
            p["ToPort"] = json!(-1);
        }
        Protocol::All => {}
    }
    let mut peer = match &r.peer {
        SgPeer::Cidr(c) => ("IpRanges", json!({ "CidrIp": c.to_string() })),
        SgPeer::Cidr6(c) => ("Ipv6Ranges", json!({ "CidrIpv6": c.to_string() })),
        SgPeer::Group(g) => (
            "UserIdGroupPairs",
            json!({ "GroupId": m.security_groups[*g].id }),
        ),
        SgPeer::PrefixList(pl) => ("PrefixListIds", json!({ "PrefixListId": pl })),
    };
    if !r.description.is_empty() && !defaulted {
        peer.1["Description"] = json!(r.description);
    }
    p[peer.0] = json!([peer.1]);
    p
}
