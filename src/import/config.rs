//! AWS Config -> the same shapes as `aws ec2 describe-*`.
//!
//! Read: a configuration snapshot (`configurationItems`, as Config delivers it to S3),
//! `aws configservice select-resource-config` (`Results`: one configuration item per JSON
//! string), and `get-resource-config-history` / `batch-get-resource-config`
//! (`configurationItems` / `baseConfigurationItems`, whose `configuration` is a JSON string).
//!
//! A configuration item's `configuration` is the describe-* object with camelCase keys; it
//! is rewritten to PascalCase and handed to the AWS CLI reader, grouped by account and region.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::report::Report;
use super::{Captures, Ctx, config_shapes, ingest};

/// The configuration items of a Config output, if `v` is one.
pub(crate) fn items(v: &Value) -> Option<Vec<Value>> {
    let o = v.as_object()?;
    let list = if let Some(Value::Array(r)) = o.get("Results") {
        r.iter()
            .map(|x| match x {
                Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
                v => v.clone(),
            })
            .collect()
    } else if let Some(Value::Array(r)) = o
        .get("configurationItems")
        .or_else(|| o.get("baseConfigurationItems"))
    {
        r.clone()
    } else {
        return None;
    };
    Some(list)
}

/// Describe-* top-level key per Config resource type.
fn key(resource_type: &str) -> Option<&'static str> {
    Some(match resource_type {
        "AWS::EC2::VPC" => "Vpcs",
        "AWS::EC2::Subnet" => "Subnets",
        "AWS::EC2::RouteTable" => "RouteTables",
        "AWS::EC2::NetworkAcl" => "NetworkAcls",
        "AWS::EC2::SecurityGroup" => "SecurityGroups",
        "AWS::EC2::Instance" => "Instances",
        "AWS::EC2::NetworkInterface" => "NetworkInterfaces",
        "AWS::EC2::InternetGateway" => "InternetGateways",
        "AWS::EC2::EgressOnlyInternetGateway" => "EgressOnlyInternetGateways",
        "AWS::EC2::NatGateway" => "NatGateways",
        "AWS::EC2::VPNGateway" => "VpnGateways",
        "AWS::EC2::TransitGateway" => "TransitGateways",
        "AWS::EC2::VPCEndpoint" => "VpcEndpoints",
        "AWS::EC2::VPCEndpointService" => "ServiceConfigurations",
        "AWS::EC2::VPCPeeringConnection" => "VpcPeeringConnections",
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => "LoadBalancers",
        "AWS::ElasticLoadBalancingV2::Listener" => "Listeners",
        // Recorded without target health (no Config type holds it): see build/targets.rs.
        "AWS::ElasticLoadBalancingV2::TargetGroup" => "TargetGroups",
        // Rewritten by `config_shapes` (one item may give more than one list).
        "AWS::EC2::TransitGatewayAttachment" => "TransitGatewayAttachments",
        "AWS::EC2::TransitGatewayRouteTable" => "TransitGatewayRouteTables",
        "AWS::EC2::VPNConnection" => "VpnConnections",
        "AWS::EC2::CustomerGateway" => "CustomerGateways",
        "AWS::EC2::DHCPOptions" => "DhcpOptions",
        "AWS::Route53Resolver::ResolverEndpoint" => "ResolverEndpoints",
        "AWS::Route53Resolver::ResolverRule" => "ResolverRules",
        "AWS::Route53Resolver::ResolverRuleAssociation" => "ResolverRuleAssociations",
        _ => return None,
    })
}

/// Add the items, grouped by account and region. False when none was of a type read.
pub(crate) fn ingest_items(
    caps: &mut Captures,
    report: &mut Report,
    ctx: Ctx,
    items: &[Value],
) -> bool {
    // (account, region) -> describe-* key -> objects
    let mut groups: BTreeMap<(String, String), Map<String, Value>> = BTreeMap::new();
    // (account, region, Resolver endpoint id) -> its addresses, when the item lists them.
    let mut addresses: Vec<(String, String, String, Value)> = Vec::new();
    for it in items {
        let text = |k: &str| it.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let rtype = text("resourceType");
        let id = text("resourceId");
        let status = text("configurationItemStatus");
        if status.starts_with("ResourceDeleted") || status == "ResourceNotRecorded" {
            report.skip("AWS Config items of deleted or unrecorded resources", id);
            continue;
        }
        let Some(k) = key(&rtype) else {
            report.skip(
                "AWS Config items of types linkscope does not read",
                if rtype.is_empty() { id } else { rtype },
            );
            continue;
        };
        let conf = match it.get("configuration") {
            Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::Null),
            Some(v) => v.clone(),
            None => Value::Null,
        };
        if !conf.is_object() {
            report.skip("AWS Config items without a configuration", id);
            continue;
        }
        let mut conf = pascal(&conf);
        // Item-level tags (a map) when the configuration carries none.
        // Item-level tags (a map in snapshots, a list in select results) when the
        // configuration carries none.
        if let Some(o) = conf.as_object_mut()
            && !o.contains_key("Tags")
        {
            let list = match it.get("tags") {
                Some(Value::Object(t)) => t
                    .iter()
                    .map(|(k, v)| serde_json::json!({"Key": k, "Value": v}))
                    .collect(),
                Some(Value::Array(a)) => a.iter().map(pascal).collect(),
                _ => Vec::new(),
            };
            o.insert("Tags".into(), Value::Array(list));
        }
        let account = [text("accountId"), text("awsAccountId")]
            .into_iter()
            .find(|a| !a.is_empty())
            .unwrap_or_default();
        let region = text("awsRegion");
        if rtype == "AWS::EC2::VPCEndpoint"
            && matches!(
                conf.get("VpcEndpointType").and_then(Value::as_str),
                Some("Resource" | "ServiceNetwork")
            )
        {
            report.note(
                "AWS Config records no AWS::VpcLattice type: a resource or service-network endpoint from AWS Config is written only with the vpc-lattice output of its owner's account (get-resource-configuration, get-resource-gateway, get-service-network) in a capture folder with the snapshot",
            );
        }
        let mut lists = config_shapes::describe(&rtype, conf.clone());
        if lists.is_empty() {
            lists.push((k, conf));
        }
        if rtype == "AWS::EC2::TransitGatewayRouteTable" {
            report.not_captured_once(
                "transit gateway routes, associations and propagations (AWS Config records none): each attachment is taken as associated with and propagating to its gateway's default route table",
                &id,
            );
        }
        if rtype == "AWS::EC2::VPNConnection"
            && lists
                .iter()
                .any(|(_, o)| o.get("TransitGatewayId").is_some_and(Value::is_string))
        {
            report.not_captured_once(
                "VPN attachments of transit gateways (AWS Config records only VPC attachments): the VPN connection's site is not connected to its transit gateway",
                &id,
            );
        }
        for (k, obj) in lists {
            if k == "ResolverEndpoints" {
                let eid = obj.get("Id").and_then(Value::as_str).unwrap_or_default();
                match obj.get("IpAddresses") {
                    Some(Value::Array(ips)) => addresses.push((
                        account.clone(),
                        region.clone(),
                        eid.to_string(),
                        Value::Array(ips.clone()),
                    )),
                    _ => report.not_captured_once(
                        "Resolver endpoint addresses (the AWS Config item lists no IpAddresses): add `aws route53resolver list-resolver-endpoint-ip-addresses --resolver-endpoint-id ID > route53resolver-list-resolver-endpoint-ip-addresses.ID.json` to a capture folder with the snapshot",
                        eid,
                    ),
                }
            }
            groups
                .entry((account.clone(), region.clone()))
                .or_default()
                .entry(k)
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()
                .expect("a list")
                .push(obj);
        }
    }
    let mut used = false;
    for ((account, region), obj) in groups {
        let c = Ctx {
            file: format!("{account}/{region}/{}", ctx.file),
            account: Some(account).filter(|a| super::is_account_id(a)),
            region: Some(region).filter(|r| super::is_region(r)),
            resource: None,
        };
        used |= ingest(caps, report, c, &Value::Object(obj));
    }
    // A Resolver endpoint's addresses, as `list-resolver-endpoint-ip-addresses` gives them.
    for (account, region, endpoint, ips) in addresses {
        let c = Ctx {
            file: format!("{account}/{region}/{}", ctx.file),
            account: Some(account).filter(|a| super::is_account_id(a)),
            region: Some(region).filter(|r| super::is_region(r)),
            resource: Some(endpoint),
        };
        used |= ingest(caps, report, c, &serde_json::json!({ "IpAddresses": ips }));
    }
    used
}

/// camelCase keys -> PascalCase, recursively, with Config's spellings mapped to the CLI's.
fn pascal(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, x) in o {
                // Config writes unset fields as null; the describe-* readers expect them absent.
                if x.is_null() {
                    continue;
                }
                let key = match k.as_str() {
                    // Config lists a group's CIDRs twice: `ipRanges` as strings and
                    // `ipv4Ranges` as the CLI's objects.
                    "ipRanges" if x.as_array().is_some_and(|a| a.iter().all(Value::is_string)) => {
                        if !o.contains_key("ipv4Ranges") {
                            // Only the strings: make them the CLI's objects.
                            let list = x
                                .as_array()
                                .into_iter()
                                .flatten()
                                .map(|c| serde_json::json!({ "CidrIp": c }))
                                .collect();
                            out.insert("IpRanges".into(), Value::Array(list));
                        }
                        continue;
                    }
                    "ipv4Ranges" => "IpRanges".to_string(),
                    "dNSName" | "dnsName" => "DnsName".to_string(),
                    k => {
                        let mut c = k.chars();
                        match c.next() {
                            Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                            None => String::new(),
                        }
                    }
                };
                out.insert(key, pascal(x));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(pascal).collect()),
        v => v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_pascal_case_and_config_spellings_map() {
        let v = serde_json::json!({"groupId": "sg-1", "ipPermissions": [{"ipRanges": ["10.0.0.0/8"], "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}]}]});
        let p = pascal(&v);
        assert_eq!(p["GroupId"], "sg-1");
        assert_eq!(p["IpPermissions"][0]["IpRanges"][0]["CidrIp"], "10.0.0.0/8");
        assert_eq!(
            p["IpPermissions"][0]["IpRanges"].as_array().map(Vec::len),
            Some(1)
        );
        let only_strings = serde_json::json!({"ipRanges": ["10.1.0.0/16"]});
        assert_eq!(
            pascal(&only_strings)["IpRanges"][0]["CidrIp"],
            "10.1.0.0/16"
        );
    }

    #[test]
    fn config_nulls_are_left_out() {
        let v = serde_json::json!({"routes": [{"destinationCidrBlock": null, "destinationIpv6CidrBlock": "::/0", "egressOnlyInternetGatewayId": "eigw-1"}]});
        let p = pascal(&v);
        let r = p["Routes"][0].as_object().unwrap();
        assert!(!r.contains_key("DestinationCidrBlock"));
        assert_eq!(r["DestinationIpv6CidrBlock"], "::/0");
        assert_eq!(r["EgressOnlyInternetGatewayId"], "eigw-1");
    }
}
