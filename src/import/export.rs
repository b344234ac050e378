//! A loaded model -> AWS CLI captures: the inverse of [`super::import_dir`].
//!
//! Writes what `aws ec2 describe-*` (and the elbv2, route53, s3api and iam commands the capture
//! script runs) would print for the model's resources, in the `<account>/<region>/` layout the
//! capture script uses. Importing the result gives the model back; the tests use that to check
//! that the importer reads every field it writes.
//!
//! Objects the loader made up (implicit main tables, default ACLs and groups) are not written,
//! and nor are interface ids AWS would have: endpoint network interfaces get stable ids derived
//! from the endpoint and subnet. Policies are taken from the model's own text, so they come back
//! exactly as written.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{Value, json};

use crate::catalogue::Catalogue;
use crate::model::raw::RawModel;
use crate::model::{
    EndpointKind, EndpointTarget, GatewayKind, Model, Protocol, RecordKind, RecordValue, RouteDest,
    RouteOrigin, RouteTarget, SgPeer, SgRule,
};

mod hybrid;

/// One capture file: its path relative to the capture folder, and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    pub path: String,
    pub json: Value,
}

/// Write the captures of `model` under `dir` (created if missing).
pub fn write_dir(model: &Model, dir: &Path) -> std::io::Result<()> {
    for c in export(model) {
        let p = dir.join(&c.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let text = serde_json::to_string_pretty(&c.json).map_err(std::io::Error::other)?;
        std::fs::write(p, text + "\n")?;
    }
    Ok(())
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A stable, AWS-looking id: `eni-` and 17 hex digits.
fn synth_id(prefix: &str, seed: &str) -> String {
    format!("{prefix}-{:017x}", fnv(seed))
}

fn tags(name: &str) -> Value {
    if name.is_empty() {
        json!([])
    } else {
        json!([{ "Key": "Name", "Value": name }])
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

/// Collects files by path, appending list items under one top-level key.
#[derive(Default)]
struct Files {
    files: BTreeMap<String, serde_json::Map<String, Value>>,
}

impl Files {
    fn push(&mut self, path: &str, key: &str, item: Value) {
        let obj = self.files.entry(path.to_string()).or_default();
        match obj.entry(key.to_string()).or_insert_with(|| json!([])) {
            Value::Array(a) => a.push(item),
            other => *other = json!([item]),
        }
    }

    fn list(&mut self, path: &str, key: &str) {
        self.files
            .entry(path.to_string())
            .or_default()
            .entry(key.to_string())
            .or_insert_with(|| json!([]));
    }

    fn put(&mut self, path: &str, v: Value) {
        if let Value::Object(o) = v {
            self.files.insert(path.to_string(), o);
        }
    }
}

/// What the model's text says that the loaded model does not keep: policies as written (inline
/// or from their files) by owner, and listener protocols (`tls`, `tcp_udp`) by service and port.
#[derive(Default)]
struct AsWritten {
    endpoint_policies: HashMap<String, Value>,
    bucket_policies: HashMap<String, Value>,
    /// Service networks' auth policies, by service network id.
    auth_policies: HashMap<String, Value>,
    listeners: HashMap<(String, u16), String>,
}

fn as_written(model: &Model) -> AsWritten {
    let mut out = AsWritten::default();
    let Ok(raw) = serde_saphyr::from_str::<RawModel>(&model.source.text) else {
        return out;
    };
    let read = |v: &Value| -> Option<Value> {
        match v {
            Value::String(path) => {
                let full = match model.source.base_dir() {
                    Some(b) => b.join(path),
                    None => path.into(),
                };
                let text = crate::model::load::read_policy_file(&full).ok()?;
                serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
            }
            Value::Object(_) => Some(v.clone()),
            _ => None,
        }
    };
    for v in &raw.vpcs {
        for e in &v.endpoints {
            if let Some(p) = e.policy.as_ref().and_then(|p| read(&p.value)) {
                out.endpoint_policies.insert(e.id.value.clone(), p);
            }
        }
    }
    for n in &raw.service_networks {
        if let Some(p) = n.auth_policy.as_ref().and_then(|p| read(&p.value)) {
            out.auth_policies.insert(n.id.value.clone(), p);
        }
    }
    for b in &raw.buckets {
        if let Some(p) = b.policy.as_ref().and_then(|p| read(&p.value)) {
            out.bucket_policies.insert(b.name.value.clone(), p);
        }
    }
    for s in &raw.endpoint_services {
        for l in &s.load_balancer.listeners {
            out.listeners.insert(
                (s.id.value.clone(), l.port.value),
                l.protocol.value.to_ascii_uppercase(),
            );
        }
    }
    out
}

/// The capture files of a model.
// One piece on purpose: a straight list of the describe-* documents a model maps to, one block
// per AWS output, in the order AWS's CLI names them; nothing in it branches on another block.
pub fn export(model: &Model) -> Vec<Capture> {
    let m = model;
    let mut f = Files::default();
    let AsWritten {
        endpoint_policies,
        bucket_policies,
        auth_policies,
        listeners,
    } = as_written(m);
    let acct_of_vpc = |v: usize| m.accounts[m.vpcs[v].account].id.clone();
    let dir = |acct: &str, region: &str| format!("{acct}/{region}");
    let first_acct = m
        .accounts
        .first()
        .map(|a| a.id.clone())
        .unwrap_or_else(|| "000000000000".into());
    // Interface ids: (endpoint, eni index) -> id.
    let eni_id = |e: usize, k: usize| synth_id("eni", &format!("{}#{k}", m.endpoints[e].id));

    // Availability zones, where the model states them.
    for a in &m.accounts {
        if !a.zones_explicit {
            continue;
        }
        for (name, id) in &a.zones {
            let Some(region) = super::build::zone_region(name) else {
                continue;
            };
            f.push(
                &format!("{}/describe-availability-zones.json", dir(&a.id, region)),
                "AvailabilityZones",
                json!({ "State": "available", "RegionName": region, "ZoneName": name, "ZoneId": id,
                        "ZoneType": "availability-zone", "GroupName": region, "NetworkBorderGroup": region }),
            );
        }
    }

    for (vix, v) in m.vpcs.iter().enumerate() {
        let acct = acct_of_vpc(vix);
        let d = dir(&acct, &v.region);
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
        f.push(&format!("{d}/describe-vpcs.json"), "Vpcs", item);
        f.put(
            &format!("{d}/describe-vpc-attribute.{}.enableDnsSupport.json", v.id),
            json!({ "VpcId": v.id, "EnableDnsSupport": { "Value": v.dns_support } }),
        );
        f.put(
            &format!(
                "{d}/describe-vpc-attribute.{}.enableDnsHostnames.json",
                v.id
            ),
            json!({ "VpcId": v.id, "EnableDnsHostnames": { "Value": v.dns_hostnames } }),
        );
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
            f.push(&format!("{d}/describe-subnets.json"), "Subnets", item);
        }
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
            let mut routes = Vec::new();
            for r in &t.routes {
                let mut item = serde_json::Map::new();
                match &r.destination {
                    RouteDest::Cidr(c) => {
                        item.insert("DestinationCidrBlock".into(), json!(c.to_string()))
                    }
                    RouteDest::Cidr6(c) => {
                        item.insert("DestinationIpv6CidrBlock".into(), json!(c.to_string()))
                    }
                    RouteDest::PrefixList(p) => {
                        item.insert("DestinationPrefixListId".into(), json!(p))
                    }
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
                    RouteTarget::TransitGateway(t) => {
                        ("TransitGatewayId", m.transit_gateways[t].id.clone())
                    }
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
                routes.push(Value::Object(item));
            }
            f.push(
                &format!("{d}/describe-route-tables.json"),
                "RouteTables",
                json!({ "RouteTableId": t.id, "VpcId": v.id, "OwnerId": acct, "Associations": associations,
                        "PropagatingVgws": [], "Routes": routes, "Tags": tags(&t.name) }),
            );
        }
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
            f.push(
                &format!("{d}/describe-network-acls.json"),
                "NetworkAcls",
                json!({ "NetworkAclId": a.id, "VpcId": v.id, "OwnerId": acct, "IsDefault": a.default,
                        "Associations": associations, "Entries": entries, "Tags": tags(&a.name) }),
            );
        }
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
            f.push(
                &format!("{d}/describe-security-groups.json"),
                "SecurityGroups",
                json!({ "GroupId": g.id, "GroupName": group_name, "VpcId": v.id, "OwnerId": acct,
                        "Description": g.name, "IpPermissions": perms(&g.inbound, false),
                        "IpPermissionsEgress": perms(&g.outbound, g.outbound_defaulted), "Tags": tags(&tag) }),
            );
        }
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
        for &p in &v.peerings {
            let p = &m.peerings[p];
            if p.vpc != vix {
                continue;
            }
            let info = |x: usize| {
                let pv = &m.vpcs[x];
                json!({ "VpcId": pv.id, "OwnerId": acct_of_vpc(x), "Region": pv.region,
                        "CidrBlock": pv.cidrs.first().map(|c| c.to_string()),
                        "CidrBlockSet": pv.cidrs.iter().map(|c| json!({ "CidrBlock": c.to_string() })).collect::<Vec<_>>() })
            };
            f.push(
                &format!("{d}/describe-vpc-peering-connections.json"),
                "VpcPeeringConnections",
                json!({ "VpcPeeringConnectionId": p.id, "RequesterVpcInfo": info(p.vpc), "AccepterVpcInfo": info(p.peer_vpc),
                        "Status": { "Code": p.state, "Message": p.state }, "Tags": tags(&p.name) }),
            );
        }
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
        f.list(&format!("{d}/describe-vpc-endpoints.json"), "VpcEndpoints");
        for &e in &v.endpoints {
            let ep = &m.endpoints[e];
            let groups: Vec<&str> = ep
                .security_groups
                .iter()
                .map(|&g| m.security_groups[g].id.as_str())
                .collect();
            let enis: Vec<String> = (0..ep.enis.len()).map(|k| eni_id(e, k)).collect();
            for (k, eni) in ep.enis.iter().enumerate() {
                let s = &m.subnets[eni.subnet];
                let itype = if ep.kind == EndpointKind::InstanceConnect {
                    "ec2_instance_connect_endpoint"
                } else {
                    "vpc_endpoint"
                };
                f.push(
                    &format!("{d}/describe-network-interfaces.json"),
                    "NetworkInterfaces",
                    json!({ "NetworkInterfaceId": enis[k], "SubnetId": s.id, "VpcId": v.id, "AvailabilityZone": s.zone,
                            "PrivateIpAddress": eni.ip.to_string(), "InterfaceType": itype, "RequesterManaged": true,
                            "Description": format!("VPC Endpoint Interface {}", ep.id),
                            "Groups": groups.iter().map(|g| json!({ "GroupId": g })).collect::<Vec<_>>() }),
                );
            }
            if ep.kind == EndpointKind::InstanceConnect {
                f.push(
                    &format!("{d}/describe-instance-connect-endpoints.json"),
                    "InstanceConnectEndpoints",
                    json!({ "InstanceConnectEndpointId": ep.id, "VpcId": v.id, "OwnerId": acct,
                            "SubnetId": ep.enis.first().map(|x| m.subnets[x.subnet].id.clone()),
                            "State": "create-complete", "PreserveClientIp": ep.preserve_client_ip,
                            "SecurityGroupIds": groups, "NetworkInterfaceIds": enis, "Tags": tags(&ep.name) }),
                );
                continue;
            }
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
            let policy = endpoint_policies.get(&ep.id).cloned().unwrap_or_else(|| {
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
            f.push(
                &format!("{d}/describe-vpc-endpoints.json"),
                "VpcEndpoints",
                item,
            );
        }
    }

    // Prefix lists the model declares (the catalogue's own are not captures).
    let builtin = Catalogue::builtin();
    for p in m.catalogue.prefix_lists().iter().filter(|p| !p.aws_managed) {
        if builtin
            .prefix_list(&p.id)
            .is_some_and(|b| serde_json::to_value(b).ok() == serde_json::to_value(p).ok())
        {
            continue;
        }
        let region = p.region.clone().unwrap_or_else(|| m.region.clone());
        f.push(
            &format!("{}/describe-prefix-lists.json", dir(&first_acct, &region)),
            "PrefixLists",
            json!({ "PrefixListId": p.id, "PrefixListName": p.name,
                    "Cidrs": p.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>() }),
        );
    }
    // Interface services the model adds to the catalogue, as describe-vpc-endpoint-services saw them.
    let mut done = std::collections::HashSet::new();
    for e in &m.endpoints {
        let EndpointTarget::Aws(name) = &e.target else {
            continue;
        };
        if e.kind != EndpointKind::Interface
            || !done.insert(name.clone())
            || builtin.service(name).is_some()
        {
            continue;
        }
        let Some(s) = m.catalogue.service(name) else {
            continue;
        };
        let acct = &m.accounts[m.vpcs[e.vpc].account];
        let zones: Vec<&String> = if acct.zones_explicit {
            acct.zones
                .iter()
                .filter(|(n, id)| {
                    super::build::zone_region(n) == Some(s.region.as_str())
                        && !s.missing_zone_ids.contains(id)
                })
                .map(|(n, _)| n)
                .collect()
        } else {
            vec![]
        };
        let types: Vec<Value> = s
            .types
            .iter()
            .map(|t| json!({ "ServiceType": format!("{t:?}") }))
            .collect();
        f.push(
            &format!("{}/describe-vpc-endpoint-services.json", dir(&acct.id, &m.vpcs[e.vpc].region)),
            "ServiceDetails",
            json!({ "ServiceName": s.name, "ServiceType": types, "AvailabilityZones": zones, "Owner": "amazon",
                    "PrivateDnsNames": s.private_dns_names.iter().map(|n| json!({ "PrivateDnsName": n })).collect::<Vec<_>>(),
                    "VpcEndpointPolicySupported": s.policy_supported }),
        );
    }

    // VPC Lattice resource gateways and configurations (get-resource-gateway,
    // get-resource-configuration), and one AWS RAM share per configuration.
    for g in &m.resource_gateways {
        let v = &m.vpcs[g.vpc];
        let acct = acct_of_vpc(g.vpc);
        f.put(
            &format!("{}/vpc-lattice-get-resource-gateway.{}.json", dir(&acct, &v.region), g.id),
            json!({ "id": g.id, "arn": format!("arn:aws:vpc-lattice:{}:{acct}:resourcegateway/{}", v.region, g.id),
                    "name": g.name, "vpcId": v.id, "status": "ACTIVE", "ipAddressType": "IPV4",
                    "subnetIds": g.subnets.iter().map(|&s| m.subnets[s].id.as_str()).collect::<Vec<_>>(),
                    "securityGroupIds": g.security_groups.iter().map(|&x| m.security_groups[x].id.as_str()).collect::<Vec<_>>() }),
        );
    }
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
        f.put(
            &format!("{d}/vpc-lattice-get-resource-configuration.{}.json", c.id),
            json!({ "id": c.id, "arn": arn, "name": c.name, "type": "SINGLE", "status": "ACTIVE",
                    "resourceGatewayId": g.id, "protocol": "TCP", "portRanges": ranges,
                    "resourceConfigurationDefinition": definition,
                    "allowAssociationToShareableServiceNetwork": c.allow_shareable_service_network }),
        );
        let share = format!(
            "arn:aws:ram:{region}:{acct}:resource-share/{}",
            synth_id("share", &c.id)
        );
        f.push(
            &format!("{d}/ram-get-resource-share-associations.RESOURCE.json"),
            "resourceShareAssociations",
            json!({ "resourceShareArn": share, "associatedEntity": arn, "associationType": "RESOURCE", "status": "ASSOCIATED" }),
        );
        f.list(
            &format!("{d}/ram-get-resource-share-associations.PRINCIPAL.json"),
            "resourceShareAssociations",
        );
        for a in &c.shared_with {
            f.push(
                &format!("{d}/ram-get-resource-share-associations.PRINCIPAL.json"),
                "resourceShareAssociations",
                json!({ "resourceShareArn": share, "associatedEntity": a, "associationType": "PRINCIPAL", "status": "ASSOCIATED" }),
            );
        }
    }

    // VPC Lattice service networks (get-service-network), their resource configuration and
    // service associations, auth policy, and one AWS RAM share per shared service network.
    for n in &m.service_networks {
        let acct = m.accounts[n.account].id.clone();
        let region = &m.region;
        let d = dir(&acct, region);
        let arn = format!(
            "arn:aws:vpc-lattice:{region}:{acct}:servicenetwork/{}",
            n.id
        );
        f.put(
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
        f.put(
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
        f.put(
            &format!(
                "{d}/vpc-lattice-list-service-network-service-associations.{}.json",
                n.id
            ),
            json!({ "items": services }),
        );
        if let Some(p) = auth_policies.get(&n.id) {
            f.put(
                &format!("{d}/vpc-lattice-get-auth-policy.{}.json", n.id),
                json!({ "policy": p.to_string(), "state": if n.auth_type == "AWS_IAM" { "Active" } else { "Inactive" } }),
            );
        }
        let share = format!(
            "arn:aws:ram:{region}:{acct}:resource-share/{}",
            synth_id("share", &n.id)
        );
        f.push(
            &format!("{d}/ram-get-resource-share-associations.RESOURCE.json"),
            "resourceShareAssociations",
            json!({ "resourceShareArn": share, "associatedEntity": arn, "associationType": "RESOURCE", "status": "ASSOCIATED" }),
        );
        f.list(
            &format!("{d}/ram-get-resource-share-associations.PRINCIPAL.json"),
            "resourceShareAssociations",
        );
        for a in &n.shared_with {
            f.push(
                &format!("{d}/ram-get-resource-share-associations.PRINCIPAL.json"),
                "resourceShareAssociations",
                json!({ "resourceShareArn": share, "associatedEntity": a, "associationType": "PRINCIPAL", "status": "ASSOCIATED" }),
            );
        }
    }

    // Endpoint services, their load balancers, permissions and connections.
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
        f.push(
            &format!("{d}/describe-vpc-endpoint-service-configurations.json"),
            "ServiceConfigurations",
            cfg,
        );
        let mut lbv = json!({ "LoadBalancerArn": arn, "LoadBalancerName": lb_name,
                              "Type": if lb.kind == "gateway" { "gateway" } else { "network" }, "Scheme": "internal",
                              "VpcId": m.vpcs[lb.vpc].id,
                              "AvailabilityZones": lb.subnets.iter().map(|&x| json!({ "ZoneName": m.subnets[x].zone, "SubnetId": m.subnets[x].id })).collect::<Vec<_>>(),
                              "SecurityGroups": lb.security_groups.iter().map(|&g| m.security_groups[g].id.clone()).collect::<Vec<_>>() });
        if !lb.enforce_security_groups_on_privatelink {
            lbv["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] = json!("off");
        }
        f.push(
            &format!("{d}/elbv2-describe-load-balancers.json"),
            "LoadBalancers",
            lbv,
        );
        f.put(
            &format!("{d}/elbv2-describe-load-balancer-attributes.{lb_name}.json"),
            json!({ "Attributes": [{ "Key": "load_balancing.cross_zone.enabled", "Value": lb.cross_zone.to_string() }] }),
        );
        for l in &lb.listeners {
            let mut lv = json!({ "LoadBalancerArn": arn, "Port": l.port, "Protocol": listeners.get(&(s.id.clone(), l.port)).cloned().unwrap_or_else(|| l.protocol.as_str().to_ascii_uppercase()) });
            if let Some(g) = lb.target_group_of(l) {
                lv["DefaultActions"] = json!([{ "Type": "forward", "TargetGroupArn": target_group_arn(s, acct, &g.id) }]);
            }
            f.push(
                &format!("{d}/elbv2-describe-listeners.{lb_name}.json"),
                "Listeners",
                lv,
            );
        }
        export_target_groups(&mut f, m, s, &d, &arn);
        let principals: Vec<Value> = s
            .allowed_principals
            .iter()
            .map(|p| json!({ "Principal": p, "PrincipalType": "Account" }))
            .collect();
        f.put(
            &format!(
                "{d}/describe-vpc-endpoint-service-permissions.{}.json",
                s.id
            ),
            json!({ "AllowedPrincipals": principals }),
        );
        for (list, state) in [(&s.accepted, "available"), (&s.rejected, "rejected")] {
            for &e in list.iter() {
                f.push(
                    &format!("{d}/describe-vpc-endpoint-connections.json"),
                    "VpcEndpointConnections",
                    json!({ "ServiceId": s.id, "VpcEndpointId": m.endpoints[e].id,
                            "VpcEndpointOwner": acct_of_vpc(m.endpoints[e].vpc), "VpcEndpointState": state }),
                );
            }
        }
    }

    // Private hosted zones (global: the first account's folder).
    for z in &m.hosted_zones {
        let zone = json!({ "Id": format!("/hostedzone/{}", z.id), "Name": format!("{}.", z.name),
                           "Config": { "PrivateZone": true } });
        f.push(
            &format!("{first_acct}/route53-list-hosted-zones.json"),
            "HostedZones",
            zone.clone(),
        );
        let vpcs: Vec<Value> = z
            .vpcs
            .iter()
            .map(|&v| json!({ "VPCId": m.vpcs[v].id, "VPCRegion": m.vpcs[v].region }))
            .collect();
        f.put(
            &format!("{first_acct}/get-hosted-zone.{}.json", z.id),
            json!({ "HostedZone": zone, "VPCs": vpcs }),
        );
        let mut sets = Vec::new();
        for r in &z.records {
            let name = format!("{}.", r.name.replacen('*', "\\052", 1));
            let value = |v: &RecordValue| match v {
                RecordValue::Ip(ip) => ip.to_string(),
                RecordValue::Name(n) => n.clone(),
                RecordValue::Endpoint(e) => m.endpoints[*e]
                    .regional_dns
                    .clone()
                    .unwrap_or_else(|| m.endpoints[*e].id.clone()),
                RecordValue::Text(t) => t.clone(),
            };
            let set = match r.kind {
                RecordKind::A => json!({ "Name": name, "Type": "A",
                    "ResourceRecords": r.values.iter().map(|v| json!({ "Value": value(v) })).collect::<Vec<_>>() }),
                RecordKind::Cname => json!({ "Name": name, "Type": "CNAME",
                    "ResourceRecords": r.values.iter().map(|v| json!({ "Value": value(v) })).collect::<Vec<_>>() }),
                RecordKind::Txt => json!({ "Name": name, "Type": "TXT",
                    "ResourceRecords": r.values.iter().map(|v| json!({ "Value": format!("\"{}\"", value(v)) })).collect::<Vec<_>>() }),
                RecordKind::Alias => json!({ "Name": name, "Type": "A",
                    "AliasTarget": { "HostedZoneId": "Z7HUB22UULQXV", "DNSName": r.values.first().map(value).unwrap_or_default(),
                                     "EvaluateTargetHealth": false } }),
                RecordKind::Other => continue,
            };
            sets.push(set);
        }
        f.put(
            &format!("{first_acct}/list-resource-record-sets.{}.json", z.id),
            json!({ "ResourceRecordSets": sets }),
        );
    }

    // Buckets the model lists.
    for b in m.buckets.iter().filter(|b| b.declared) {
        let acct = b.account.clone().unwrap_or_else(|| first_acct.clone());
        if let Some(p) = bucket_policies.get(&b.name) {
            f.put(
                &format!("{acct}/get-bucket-policy.{}.json", b.name),
                json!({ "Policy": p.to_string() }),
            );
        }
        let location = if b.region == "us-east-1" {
            Value::Null
        } else {
            json!(b.region)
        };
        f.put(
            &format!("{acct}/get-bucket-location.{}.json", b.name),
            json!({ "LocationConstraint": location }),
        );
    }

    hybrid::export(m, &mut f);
    f.files
        .into_iter()
        .map(|(path, obj)| Capture {
            path,
            json: Value::Object(obj),
        })
        .collect()
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

/// A target group's ARN, `…:targetgroup/<id>/<hex>`, as AWS forms it.
fn target_group_arn(s: &crate::model::EndpointService, acct: &str, id: &str) -> String {
    format!(
        "arn:aws:elasticloadbalancing:{}:{acct}:targetgroup/{id}/{:016x}",
        s.region,
        fnv(&format!("{}/{id}", s.id))
    )
}

/// describe-target-groups, and per group describe-target-health and
/// describe-target-group-attributes, saved as the capture script names them.
fn export_target_groups(
    f: &mut Files,
    m: &Model,
    s: &crate::model::EndpointService,
    d: &str,
    lb_arn: &str,
) {
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
        f.push(
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
        f.put(
            &format!("{d}/elbv2-describe-target-health.{file}.json"),
            json!({ "TargetHealthDescriptions": health }),
        );
        let cross_zone = match g.cross_zone {
            Some(b) => b.to_string(),
            None => "use_load_balancer_configuration".to_string(),
        };
        f.put(
            &format!("{d}/elbv2-describe-target-group-attributes.{file}.json"),
            json!({ "Attributes": [
                { "Key": "proxy_protocol_v2.enabled", "Value": g.proxy_protocol_v2.to_string() },
                { "Key": "load_balancing.cross_zone.enabled", "Value": cross_zone }
            ] }),
        );
    }
}
