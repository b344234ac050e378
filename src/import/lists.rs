//! Shapes of AWS CLI output other than a whole `describe-*` answer: a bare list (what
//! `--query 'Vpcs[]'` or `--query 'Reservations[].Instances[]'` prints), and the rules of
//! `describe-security-group-rules`, merged into their groups.

use serde_json::{Map, Value};

use super::report::Report;
use super::{Captures, aws};

/// Which describe-* key a list's objects belong to, from the keys they carry.
fn key_of(o: &Map<String, Value>) -> Option<&'static str> {
    let has = |k: &str| o.contains_key(k);
    Some(if has("SecurityGroupRuleId") {
        "SecurityGroupRules"
    } else if let Some(k) = hybrid_key(o) {
        k
    } else if has("RouteTableId") && has("Routes") {
        "RouteTables"
    } else if has("NetworkAclId") && has("Entries") {
        "NetworkAcls"
    } else if has("GroupId") && (has("IpPermissions") || has("IpPermissionsEgress")) {
        "SecurityGroups"
    } else if has("VpcEndpointId") && has("ServiceName") {
        "VpcEndpoints"
    } else if has("InstanceId") && (has("ImageId") || has("InstanceType")) {
        "Instances"
    } else if has("Instances") && has("ReservationId") {
        "Reservations"
    } else if has("NetworkInterfaceId") {
        "NetworkInterfaces"
    } else if has("InternetGatewayId") {
        "InternetGateways"
    } else if has("NatGatewayId") {
        "NatGateways"
    } else if has("VpcPeeringConnectionId") {
        "VpcPeeringConnections"
    } else if has("VpnGatewayId") {
        "VpnGateways"
    } else if has("TransitGatewayId") && !has("TransitGatewayAttachmentId") {
        "TransitGateways"
    } else if has("SubnetId") && has("CidrBlock") {
        "Subnets"
    } else if has("VpcId") && has("CidrBlock") {
        "Vpcs"
    } else if has("TargetGroupArn") && has("TargetGroupName") {
        "TargetGroups"
    } else if has("Target") && has("TargetHealth") {
        "TargetHealthDescriptions"
    } else if has("ListenerArn") {
        "Listeners"
    } else if has("LoadBalancerArn") && has("LoadBalancerName") {
        "LoadBalancers"
    } else if has("ServiceId") && has("ServiceState") {
        "ServiceConfigurations"
    } else if has("ServiceName") && has("ServiceType") {
        "ServiceDetails"
    } else if has("PrefixListId") && has("PrefixListName") {
        "PrefixLists"
    } else if has("ZoneName") && has("ZoneId") {
        "AvailabilityZones"
    } else if has("DhcpOptionsId") {
        "DhcpOptions"
    } else if has("InstanceProfileName") {
        "InstanceProfiles"
    } else {
        return None;
    })
}

/// Transit gateway, VPN and Resolver objects (checked first: a VPN connection also carries
/// `VpnGatewayId` or `TransitGatewayId`).
fn hybrid_key(o: &Map<String, Value>) -> Option<&'static str> {
    let has = |k: &str| o.contains_key(k);
    Some(if has("VpnConnectionId") {
        "VpnConnections"
    } else if has("CustomerGatewayId") && has("BgpAsn") {
        "CustomerGateways"
    } else if has("TransitGatewayAttachmentId") && has("SubnetIds") {
        "TransitGatewayVpcAttachments"
    } else if has("TransitGatewayAttachmentId") && has("ResourceType") && has("TransitGatewayId") {
        "TransitGatewayAttachments"
    } else if has("TransitGatewayRouteTableId") && has("TransitGatewayId") {
        "TransitGatewayRouteTables"
    } else if has("HostVPCId") {
        "ResolverEndpoints"
    } else if has("RuleType") && has("DomainName") {
        "ResolverRules"
    } else if has("ResolverRuleId") && has("VPCId") {
        "ResolverRuleAssociations"
    } else {
        return None;
    })
}

/// A bare list (or a list of lists) of describe-* objects, wrapped in the key the whole
/// answer would have had; None when `v` is not one.
pub(crate) fn wrap(v: &Value) -> Option<Value> {
    let a = v.as_array()?;
    let flat: Vec<&Value> = a
        .iter()
        .flat_map(|x| match x {
            Value::Array(inner) => inner.iter().collect::<Vec<_>>(),
            x => vec![x],
        })
        .collect();
    let mut out = Map::new();
    for x in flat {
        let Some(k) = x.as_object().and_then(key_of) else {
            continue;
        };
        out.entry(k)
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
            .expect("a list")
            .push(x.clone());
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// Fold `describe-security-group-rules` rules into their groups: a rule a group already has
/// (from describe-security-groups) is not added twice; a group known only from its rules is
/// created, without a VPC unless one of its rules' groups names it.
pub(crate) fn merge_group_rules(c: &mut Captures, r: &mut Report) {
    let rules = std::mem::take(&mut c.security_group_rules);
    // The first capture of a group wins, as in the build.
    let mut at: std::collections::HashMap<String, usize> = c
        .security_groups
        .iter()
        .enumerate()
        .rev()
        .map(|(i, g)| (g.v.group_id.clone(), i))
        .collect();
    for rule in rules {
        let x = &rule.v;
        let p = aws::IpPermission {
            ip_protocol: x.ip_protocol.clone(),
            from_port: x.from_port.filter(|_| x.ip_protocol != "-1"),
            to_port: x.to_port.filter(|_| x.ip_protocol != "-1"),
            ip_ranges: x
                .cidr_ipv4
                .iter()
                .map(|c| aws::IpRange {
                    cidr_ip: c.clone(),
                    description: x.description.clone(),
                })
                .collect(),
            ipv6_ranges: x
                .cidr_ipv6
                .iter()
                .map(|c| aws::Ipv6Range {
                    cidr_ipv6: c.clone(),
                    description: x.description.clone(),
                })
                .collect(),
            prefix_list_ids: x
                .prefix_list_id
                .iter()
                .map(|p| aws::PrefixListId {
                    prefix_list_id: p.clone(),
                    description: None,
                })
                .collect(),
            user_id_group_pairs: x
                .referenced_group_info
                .iter()
                .map(|g| aws::UserIdGroupPair {
                    group_id: g.group_id.clone(),
                    user_id: g.user_id.clone(),
                    vpc_id: g.vpc_id.clone(),
                    vpc_peering_connection_id: g.vpc_peering_connection_id.clone(),
                    description: None,
                })
                .collect(),
        };
        let i = match at.get(&x.group_id) {
            Some(&i) => i,
            None => {
                c.security_groups.push(super::At::of(
                    rule.ctx,
                    aws::SecurityGroup {
                        group_id: x.group_id.clone(),
                        group_name: x.group_id.clone(),
                        owner_id: x.group_owner_id.clone(),
                        ..Default::default()
                    },
                ));
                r.note(format!(
                    "security group {} is known only from describe-security-group-rules; capture describe-security-groups for its VPC and name",
                    x.group_id
                ));
                at.insert(x.group_id.clone(), c.security_groups.len() - 1);
                c.security_groups.len() - 1
            }
        };
        let g = &mut c.security_groups[i].v;
        let list = if x.is_egress {
            &mut g.ip_permissions_egress
        } else {
            &mut g.ip_permissions
        };
        if !list.iter().any(|q| same(q, &p)) {
            list.push(p);
        }
    }
}

/// The same single-source rule (what describe-security-group-rules lists one by one).
fn same(q: &aws::IpPermission, p: &aws::IpPermission) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase();
    norm(&q.ip_protocol) == norm(&p.ip_protocol)
        && q.from_port == p.from_port
        && q.to_port == p.to_port
        && p.ip_ranges
            .iter()
            .all(|r| q.ip_ranges.iter().any(|x| x.cidr_ip == r.cidr_ip))
        && p.prefix_list_ids.iter().all(|r| {
            q.prefix_list_ids
                .iter()
                .any(|x| x.prefix_list_id == r.prefix_list_id)
        })
        && p.user_id_group_pairs.iter().all(|r| {
            q.user_id_group_pairs
                .iter()
                .any(|x| x.group_id == r.group_id)
        })
        && p.ipv6_ranges.iter().all(|r| {
            q.ipv6_ranges
                .iter()
                .any(|x| norm(&x.cidr_ipv6) == norm(&r.cidr_ipv6))
        })
}
