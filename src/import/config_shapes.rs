//! AWS Config configuration blobs that do not share the describe-* shape, rewritten to it.
//!
//! Most Config items carry the describe-* object (camelCase, made PascalCase by
//! [`super::config`]). Some newer types carry the CloudFormation resource's properties instead
//! (AWS Config resource schema, awslabs/aws-config-resource-schema,
//! `config/properties/resource-types/*.properties.json`):
//!
//! - `AWS::EC2::TransitGateway`: `Id`, the gateway options at the top level
//!   (`DefaultRouteTableAssociation`, `AssociationDefaultRouteTableId`, ...).
//! - `AWS::EC2::TransitGatewayAttachment`: `Id`, `TransitGatewayId`, `VpcId`, `SubnetIds` (a VPC
//!   attachment; no state, no route table association).
//! - `AWS::EC2::TransitGatewayRouteTable`: `Id`, `TransitGatewayId` (no routes, associations or
//!   propagations).
//! - `AWS::EC2::DHCPOptions`: `DomainName`, `DomainNameServers` flat rather than
//!   `DhcpConfigurations`.
//! - `AWS::EC2::VPNConnection` / `CustomerGateway` / `VPNGateway`: `state` is `{ "value": .. }`.
//! - `AWS::Route53Resolver::ResolverRule` / `ResolverRuleAssociation`: the Resolver API's
//!   objects with the id as `ResolverRuleId` / `ResolverRuleAssociationId`.
//! - `AWS::Route53Resolver::ResolverEndpoint` (not in the schema; inferred): the Resolver API's
//!   object, the id as `Id` or `ResolverEndpointId`, its addresses read when the item lists
//!   `IpAddresses` (the CloudFormation shape).
//!
//! Blobs already in the describe-* shape pass through unchanged.

use serde_json::{Map, Value, json};

/// The describe-* top-level key(s) and object(s) for one Config item's configuration
/// (PascalCase already). Empty when the type is not one of these.
pub(crate) fn describe(resource_type: &str, conf: Value) -> Vec<(&'static str, Value)> {
    let Value::Object(mut o) = conf else {
        return Vec::new();
    };
    match resource_type {
        "AWS::EC2::TransitGateway" => {
            rename(&mut o, "Id", "TransitGatewayId");
            if !o.contains_key("Options") {
                let mut opts = Map::new();
                for k in [
                    "DefaultRouteTableAssociation",
                    "AssociationDefaultRouteTableId",
                    "DefaultRouteTablePropagation",
                    "PropagationDefaultRouteTableId",
                    "SecurityGroupReferencingSupport",
                ] {
                    if let Some(v) = o.remove(k) {
                        opts.insert(k.into(), v);
                    }
                }
                o.insert("Options".into(), Value::Object(opts));
            }
            flatten_state(&mut o);
            vec![("TransitGateways", Value::Object(o))]
        }
        "AWS::EC2::TransitGatewayAttachment" => {
            rename(&mut o, "Id", "TransitGatewayAttachmentId");
            flatten_state(&mut o);
            let Some(vpc) = o.get("VpcId").cloned() else {
                // Not a VPC attachment: the attachment list alone.
                return vec![("TransitGatewayAttachments", Value::Object(o))];
            };
            let summary = json!({
                "TransitGatewayAttachmentId": o.get("TransitGatewayAttachmentId"),
                "TransitGatewayId": o.get("TransitGatewayId"),
                "ResourceType": "vpc",
                "ResourceId": vpc,
                "State": o.get("State").cloned().unwrap_or(Value::Null),
                "Tags": o.get("Tags").cloned().unwrap_or(Value::Null),
            });
            vec![
                ("TransitGatewayAttachments", strip_nulls(summary)),
                ("TransitGatewayVpcAttachments", Value::Object(o)),
            ]
        }
        "AWS::EC2::TransitGatewayRouteTable" => {
            rename(&mut o, "Id", "TransitGatewayRouteTableId");
            flatten_state(&mut o);
            vec![("TransitGatewayRouteTables", Value::Object(o))]
        }
        "AWS::EC2::DHCPOptions" => {
            if !o.contains_key("DhcpConfigurations") {
                let mut list = Vec::new();
                for (k, key) in [
                    ("DomainName", "domain-name"),
                    ("DomainNameServers", "domain-name-servers"),
                ] {
                    if let Some(v) = o.remove(k) {
                        let values: Vec<Value> = match v {
                            Value::Array(a) => {
                                a.into_iter().map(|x| json!({ "Value": x })).collect()
                            }
                            Value::String(s) => {
                                s.split(',').map(|x| json!({ "Value": x.trim() })).collect()
                            }
                            _ => Vec::new(),
                        };
                        list.push(json!({ "Key": key, "Values": values }));
                    }
                }
                o.insert("DhcpConfigurations".into(), Value::Array(list));
            }
            vec![("DhcpOptions", Value::Object(o))]
        }
        "AWS::EC2::VPNConnection" => {
            flatten_state(&mut o);
            vec![("VpnConnections", Value::Object(o))]
        }
        "AWS::EC2::CustomerGateway" => {
            flatten_state(&mut o);
            vec![("CustomerGateways", Value::Object(o))]
        }
        "AWS::EC2::VPNGateway" => {
            flatten_state(&mut o);
            vec![("VpnGateways", Value::Object(o))]
        }
        "AWS::Route53Resolver::ResolverEndpoint" => {
            rename(&mut o, "ResolverEndpointId", "Id");
            rename(&mut o, "HostVpcId", "HostVPCId");
            vec![("ResolverEndpoints", Value::Object(o))]
        }
        "AWS::Route53Resolver::ResolverRule" => {
            if !o.contains_key("Id") {
                rename(&mut o, "ResolverRuleId", "Id");
            }
            vec![("ResolverRules", Value::Object(o))]
        }
        "AWS::Route53Resolver::ResolverRuleAssociation" => {
            rename(&mut o, "ResolverRuleAssociationId", "Id");
            rename(&mut o, "VpcId", "VPCId");
            vec![("ResolverRuleAssociations", Value::Object(o))]
        }
        _ => Vec::new(),
    }
}

/// `from` -> `to` when `to` is not there already.
fn rename(o: &mut Map<String, Value>, from: &str, to: &str) {
    if !o.contains_key(to)
        && let Some(v) = o.remove(from)
    {
        o.insert(to.into(), v);
    }
}

/// Config's `state: { value }` (the SDK's enum object) -> the CLI's `State` string.
fn flatten_state(o: &mut Map<String, Value>) {
    if let Some(Value::Object(s)) = o.get("State")
        && let Some(v) = s.get("Value").or_else(|| s.get("Name")).cloned()
    {
        o.insert("State".into(), v);
    }
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(o.into_iter().filter(|(_, x)| !x.is_null()).collect()),
        v => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transit_gateway_options_are_gathered_and_the_id_named() {
        let v = json!({"Id": "tgw-1", "DefaultRouteTableAssociation": "enable",
            "AssociationDefaultRouteTableId": "tgw-rtb-1"});
        let out = describe("AWS::EC2::TransitGateway", v);
        assert_eq!(out[0].0, "TransitGateways");
        assert_eq!(out[0].1["TransitGatewayId"], "tgw-1");
        assert_eq!(
            out[0].1["Options"]["AssociationDefaultRouteTableId"],
            "tgw-rtb-1"
        );
    }

    #[test]
    fn a_vpc_attachment_gives_both_lists_and_dhcp_options_their_configurations() {
        let v = json!({"Id": "tgw-attach-1", "TransitGatewayId": "tgw-1", "VpcId": "vpc-1",
            "SubnetIds": ["subnet-1"]});
        let out = describe("AWS::EC2::TransitGatewayAttachment", v);
        let keys: Vec<_> = out.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            ["TransitGatewayAttachments", "TransitGatewayVpcAttachments"]
        );
        assert_eq!(out[0].1["ResourceId"], "vpc-1");
        assert_eq!(out[1].1["TransitGatewayAttachmentId"], "tgw-attach-1");
        let d = describe(
            "AWS::EC2::DHCPOptions",
            json!({"DhcpOptionsId": "dopt-1", "DomainNameServers": ["10.0.0.2", "10.9.0.2"]}),
        );
        assert_eq!(
            d[0].1["DhcpConfigurations"][0]["Key"],
            "domain-name-servers"
        );
        assert_eq!(
            d[0].1["DhcpConfigurations"][0]["Values"][1]["Value"],
            "10.9.0.2"
        );
    }
}
