//! Transit gateways, sites, Route 53 Resolver and DHCP DNS servers -> the AWS CLI outputs the
//! importer reads for them (`super::super::hybrid`), in the capture script's file names.
//!
//! AWS has no object for a site: each one becomes a customer gateway (id and name the site's)
//! with a VPN connection per VPN attachment (a stable made-up `vpn-` id); its ranges come back
//! through the transit gateway routes to that attachment, as they do from a real capture.

use super::*;
use crate::model::{AttachmentKind, ResolverDirection, ResolverRuleKind, TgwRouteOrigin};

/// Add the hybrid outputs of `m` to `f`.
pub(super) fn export(m: &Model, f: &mut Files) {
    transit(m, f);
    resolver(m, f);
    dhcp(m, f);
}

fn acct(m: &Model, a: usize) -> String {
    m.accounts[a].id.clone()
}

fn vpc_dir(m: &Model, v: usize) -> String {
    format!("{}/{}", acct(m, m.vpcs[v].account), m.vpcs[v].region)
}

/// (resource type, resource id) of an attachment, as AWS names them.
fn resource(m: &Model, a: usize) -> (&'static str, String) {
    let at = &m.tgw_attachments[a];
    match (at.kind, at.vpc) {
        (AttachmentKind::Vpc, Some(v)) => ("vpc", m.vpcs[v].id.clone()),
        (AttachmentKind::DirectConnect, _) => ("direct-connect-gateway", synth_id("dxgw", &at.id)),
        _ => ("vpn", synth_id("vpn", &at.id)),
    }
}

fn transit(m: &Model, f: &mut Files) {
    for t in &m.transit_gateways {
        let d = format!("{}/{}", acct(m, t.account), t.region);
        let explicit: Vec<usize> = t
            .route_tables
            .iter()
            .copied()
            .filter(|&r| !m.tgw_route_tables[r].implicit)
            .collect();
        f.push(
            &format!("{d}/describe-transit-gateways.json"),
            "TransitGateways",
            json!({ "TransitGatewayId": t.id, "OwnerId": acct(m, t.account), "State": "available",
                    "Options": { "DefaultRouteTableAssociation": "disable", "DefaultRouteTablePropagation": "disable",
                                 "SecurityGroupReferencingSupport": if t.sg_referencing { "enable" } else { "disable" } },
                    "Tags": tags(&t.name) }),
        );
        for &a in &t.attachments {
            let at = &m.tgw_attachments[a];
            let (rtype, rid) = resource(m, a);
            let mut item = json!({ "TransitGatewayAttachmentId": at.id, "TransitGatewayId": t.id,
                                   "TransitGatewayOwnerId": acct(m, t.account), "ResourceType": rtype,
                                   "ResourceId": rid, "State": at.state, "Tags": tags(&at.name) });
            if let Some(r) = at.association.filter(|r| !m.tgw_route_tables[*r].implicit) {
                item["Association"] = json!({ "TransitGatewayRouteTableId": m.tgw_route_tables[r].id,
                                              "State": "associated" });
            }
            f.push(
                &format!("{d}/describe-transit-gateway-attachments.json"),
                "TransitGatewayAttachments",
                item,
            );
            if let Some(v) = at.vpc {
                let subnets: Vec<&str> = at
                    .enis
                    .iter()
                    .map(|e| m.subnets[e.subnet].id.as_str())
                    .collect();
                f.push(
                    &format!("{}/describe-transit-gateway-vpc-attachments.json", vpc_dir(m, v)),
                    "TransitGatewayVpcAttachments",
                    json!({ "TransitGatewayAttachmentId": at.id, "TransitGatewayId": t.id, "VpcId": m.vpcs[v].id,
                            "VpcOwnerId": acct(m, m.vpcs[v].account), "State": at.state, "SubnetIds": subnets,
                            "Options": { "ApplianceModeSupport": if at.appliance_mode { "enable" } else { "disable" } },
                            "Tags": tags(&at.name) }),
                );
            }
            if let (AttachmentKind::Vpn, Some(n)) = (at.kind, at.network) {
                site(
                    m,
                    f,
                    &d,
                    n,
                    json!({ "VpnConnectionId": rid, "TransitGatewayId": t.id, "State": "available",
                    "Options": { "StaticRoutesOnly": !at.bgp }, "Routes": [] }),
                );
            }
        }
        for r in explicit {
            table(m, f, &d, r);
        }
    }
}

/// A site's customer gateway and one VPN connection to it.
fn site(m: &Model, f: &mut Files, d: &str, n: usize, mut vpn: Value) {
    let net = &m.networks[n];
    vpn["CustomerGatewayId"] = json!(net.id);
    f.push(
        &format!("{d}/describe-vpn-connections.json"),
        "VpnConnections",
        vpn,
    );
    let path = format!("{d}/describe-customer-gateways.json");
    let listed = f
        .files
        .get(&path)
        .and_then(|o| o.get("CustomerGateways"))
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|g| g["CustomerGatewayId"] == json!(net.id)));
    if !listed {
        f.push(&path, "CustomerGateways",
            json!({ "CustomerGatewayId": net.id, "State": "available", "Type": "ipsec.1", "Tags": tags(&net.name) }));
    }
}

/// One TGW route table: its description, routes, associations and propagations.
fn table(m: &Model, f: &mut Files, d: &str, r: usize) {
    let rt = &m.tgw_route_tables[r];
    f.push(
        &format!("{d}/describe-transit-gateway-route-tables.json"),
        "TransitGatewayRouteTables",
        json!({ "TransitGatewayRouteTableId": rt.id, "TransitGatewayId": m.transit_gateways[rt.tgw].id,
                "State": "available", "DefaultAssociationRouteTable": false, "DefaultPropagationRouteTable": false,
                "Tags": tags(&rt.name) }),
    );
    let link = |a: usize| {
        let (rtype, rid) = resource(m, a);
        json!({ "TransitGatewayAttachmentId": m.tgw_attachments[a].id, "ResourceType": rtype, "ResourceId": rid })
    };
    let routes: Vec<Value> = rt
        .routes
        .iter()
        .map(|x| {
            let atts: Vec<Value> = x.target.into_iter().map(link).collect();
            json!({ "DestinationCidrBlock": x.destination.to_string(), "TransitGatewayAttachments": atts,
                    "Type": if x.origin == TgwRouteOrigin::Propagated { "propagated" } else { "static" },
                    "State": if x.target.is_some() { "active" } else { "blackhole" } })
        })
        .collect();
    f.put(
        &format!("{d}/search-transit-gateway-routes.{}.json", rt.id),
        json!({ "Routes": routes, "AdditionalRoutesAvailable": false }),
    );
    let with = |list: &[usize], state: &str| -> Vec<Value> {
        list.iter()
            .map(|&a| {
                let mut v = link(a);
                v["State"] = json!(state);
                v
            })
            .collect()
    };
    f.put(
        &format!(
            "{d}/get-transit-gateway-route-table-associations.{}.json",
            rt.id
        ),
        json!({ "Associations": with(&rt.associations, "associated") }),
    );
    f.put(
        &format!(
            "{d}/get-transit-gateway-route-table-propagations.{}.json",
            rt.id
        ),
        json!({ "TransitGatewayRouteTablePropagations": with(&rt.propagations, "enabled") }),
    );
}

fn resolver(m: &Model, f: &mut Files) {
    for e in &m.resolver_endpoints {
        let d = vpc_dir(m, e.vpc);
        let dir = match e.direction {
            ResolverDirection::Inbound => "INBOUND",
            ResolverDirection::Outbound => "OUTBOUND",
        };
        let groups: Vec<&str> = e
            .security_groups
            .iter()
            .map(|&g| m.security_groups[g].id.as_str())
            .collect();
        let mut item = json!({ "Id": e.id, "Direction": dir, "HostVPCId": m.vpcs[e.vpc].id,
                               "SecurityGroupIds": groups, "Status": "OPERATIONAL", "IpAddressCount": e.ips.len() });
        if !e.name.is_empty() && e.name != e.id {
            item["Name"] = json!(e.name);
        }
        f.push(
            &format!("{d}/route53resolver-list-resolver-endpoints.json"),
            "ResolverEndpoints",
            item,
        );
        let ips: Vec<Value> = e
            .ips
            .iter()
            .map(|(s, ip)| json!({ "IpId": synth_id("rni", &format!("{}#{ip}", e.id)), "SubnetId": m.subnets[*s].id,
                                   "Ip": ip.to_string(), "Status": "ATTACHED" }))
            .collect();
        f.put(
            &format!(
                "{d}/route53resolver-list-resolver-endpoint-ip-addresses.{}.json",
                e.id
            ),
            json!({ "IpAddresses": ips }),
        );
    }
    for r in &m.resolver_rules {
        let home = r
            .endpoint
            .map(|e| m.resolver_endpoints[e].vpc)
            .or(r.vpcs.first().copied());
        let Some(home) = home else { continue };
        let kind = match r.kind {
            ResolverRuleKind::Forward => "FORWARD",
            ResolverRuleKind::System => "SYSTEM",
            ResolverRuleKind::Delegate => "DELEGATE",
        };
        let targets: Vec<Value> = r
            .targets
            .iter()
            .map(|(ip, port)| json!({ "Ip": ip.to_string(), "Port": port }))
            .collect();
        let mut item = json!({ "Id": r.id, "DomainName": format!("{}.", r.domain), "RuleType": kind,
                               "TargetIps": targets, "Status": "COMPLETE" });
        if let Some(e) = r.endpoint {
            item["ResolverEndpointId"] = json!(m.resolver_endpoints[e].id);
        }
        if !r.name.is_empty() && r.name != r.id {
            item["Name"] = json!(r.name);
        }
        f.push(
            &format!(
                "{}/route53resolver-list-resolver-rules.json",
                vpc_dir(m, home)
            ),
            "ResolverRules",
            item,
        );
        for &v in &r.vpcs {
            f.push(
                &format!(
                    "{}/route53resolver-list-resolver-rule-associations.json",
                    vpc_dir(m, v)
                ),
                "ResolverRuleAssociations",
                json!({ "Id": synth_id("rslvr-rrassoc", &format!("{}#{}", r.id, m.vpcs[v].id)),
                        "ResolverRuleId": r.id, "VPCId": m.vpcs[v].id, "Status": "COMPLETE" }),
            );
        }
    }
}

/// VPCs with their own DNS servers: a DHCP options set each, named on the VPC.
fn dhcp(m: &Model, f: &mut Files) {
    for (v, vpc) in m
        .vpcs
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.dns_servers.is_empty())
    {
        let d = vpc_dir(m, v);
        let id = synth_id("dopt", &vpc.id);
        let values: Vec<Value> = vpc
            .dns_servers
            .iter()
            .map(|s| json!({ "Value": s.to_string() }))
            .collect();
        f.push(
            &format!("{d}/describe-dhcp-options.json"),
            "DhcpOptions",
            json!({ "DhcpOptionsId": id, "DhcpConfigurations": [{ "Key": "domain-name-servers", "Values": values }] }),
        );
        if let Some(items) = f
            .files
            .get_mut(&format!("{d}/describe-vpcs.json"))
            .and_then(|o| o.get_mut("Vpcs"))
            .and_then(Value::as_array_mut)
        {
            for it in items.iter_mut().filter(|it| it["VpcId"] == json!(vpc.id)) {
                it["DhcpOptionsId"] = json!(id);
            }
        }
    }
}
