//! What the model cannot say about rules is reported, not widened silently (ICMP type and
//! code), and Terraform's `aws_default_security_group` is its VPC's default group.

use linkscope::import;
use linkscope::model::{self, Model};
use serde_json::{Value, json};

/// A Terraform plan (`terraform show -json`) of root resources: (type.name, values, unknown
/// attributes, references per attribute).
fn plan(resources: &[(&str, Value, &[&str], Value)]) -> String {
    let mut planned = Vec::new();
    let mut changes = Vec::new();
    let mut config = Vec::new();
    for (address, values, unknown, refs) in resources {
        let (rtype, name) = address.split_once('.').unwrap();
        planned.push(
            json!({ "address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
            "values": values, "sensitive_values": {} }),
        );
        let after_unknown: serde_json::Map<String, Value> = unknown
            .iter()
            .map(|k| (k.to_string(), json!(true)))
            .collect();
        changes.push(json!({ "address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": { "actions": ["create"], "before": null, "after": values, "after_unknown": after_unknown } }));
        let exprs: serde_json::Map<String, Value> = refs
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, r)| (k.clone(), json!({ "references": r })))
            .collect();
        config.push(
            json!({ "address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_config_key": "aws", "expressions": exprs, "schema_version": 0 }),
        );
    }
    json!({
        "format_version": "1.2", "terraform_version": "1.9.5",
        "planned_values": { "root_module": { "resources": planned } },
        "resource_changes": changes,
        "configuration": {
            "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "us-east-1" } } } },
            "root_module": { "resources": config }
        }
    })
    .to_string()
}

fn import_plan(text: &str) -> (import::Imported, Model) {
    let imp = import::import_text(text, "plan.json").unwrap_or_else(|d| panic!("{d:#?}"));
    let m = model::load_str(&imp.yaml, "<imported>", None)
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn the_plan() -> String {
    let sg_rule = |proto: &str, from: i64, to: i64| {
        json!({ "protocol": proto, "from_port": from, "to_port": to, "cidr_blocks": ["10.0.0.0/8"],
                "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false,
                "description": "" })
    };
    plan(&[
        (
            "aws_vpc.main",
            json!({ "cidr_block": "10.30.0.0/16" }),
            &["id", "default_security_group_id"],
            json!({}),
        ),
        (
            "aws_subnet.app",
            json!({ "cidr_block": "10.30.1.0/24", "availability_zone": "us-east-1a" }),
            &["id", "vpc_id"],
            json!({ "vpc_id": ["aws_vpc.main.id", "aws_vpc.main"] }),
        ),
        (
            "aws_default_security_group.main",
            json!({ "ingress": [sg_rule("icmp", 8, 0), sg_rule("tcp", 22, 22)], "egress": [] }),
            &["id", "vpc_id"],
            json!({ "vpc_id": ["aws_vpc.main.id", "aws_vpc.main"] }),
        ),
        (
            "aws_network_acl.app",
            json!({ "ingress": [
                        { "rule_no": 100, "action": "allow", "protocol": "icmp", "icmp_type": 8, "icmp_code": 0,
                          "cidr_block": "10.0.0.0/8", "from_port": 0, "to_port": 0 },
                        { "rule_no": 110, "action": "allow", "protocol": "icmp", "icmp_type": -1, "icmp_code": -1,
                          "cidr_block": "10.1.0.0/16", "from_port": 0, "to_port": 0 }],
                    "egress": [] }),
            &["id", "vpc_id", "subnet_ids"],
            json!({ "vpc_id": ["aws_vpc.main.id", "aws_vpc.main"], "subnet_ids": ["aws_subnet.app.id", "aws_subnet.app"] }),
        ),
        (
            "aws_instance.app",
            json!({ "private_ip": "10.30.1.10", "tags": { "Name": "app" } }),
            &["id", "subnet_id", "vpc_security_group_ids"],
            json!({ "subnet_id": ["aws_subnet.app.id", "aws_subnet.app"],
                    "vpc_security_group_ids": ["aws_vpc.main.default_security_group_id", "aws_vpc.main"] }),
        ),
    ])
}

#[test]
fn icmp_type_and_code_are_reported_not_widened_silently() {
    let (imp, _) = import_plan(&the_plan());
    assert_eq!(
        imp.details.skipped_count(
            "ICMP type/code limits of security group rules (the rule is kept for all ICMP)"
        ),
        1,
        "{:#?}",
        imp.details.skipped
    );
    // Rule 110 (type -1: all ICMP) loses nothing.
    assert_eq!(
        imp.details.skipped_count(
            "ICMP type/code limits of network ACL entries (the entry is kept for all ICMP)"
        ),
        1,
        "{:#?}",
        imp.details.skipped
    );
    assert!(
        imp.report
            .iter()
            .any(|l| l.contains("(e.g. acl-app rule 100)")),
        "{:#?}",
        imp.report
    );
}

#[test]
fn terraform_default_security_group_is_the_vpcs_default_group() {
    let (imp, m) = import_plan(&the_plan());
    let groups: Vec<&model::SecurityGroup> =
        m.security_groups.iter().filter(|g| !g.implicit).collect();
    assert_eq!(groups.len(), 1, "one group, not two: {}", imp.yaml);
    let g = groups[0];
    assert!(g.default, "{}", imp.yaml);
    assert_eq!(g.id, "sg-main-default");
    assert!(
        imp.details
            .placeholders
            .iter()
            .any(|(a, id)| a == "aws_default_security_group.main" && id == "sg-main-default"),
        "{:?}",
        imp.details.placeholders
    );
    // The instance that names the VPC's default group gets the resource's rules.
    let i = m.instances.iter().find(|i| i.name == "app").unwrap();
    assert_eq!(
        i.security_groups
            .iter()
            .map(|&x| m.security_groups[x].id.as_str())
            .collect::<Vec<_>>(),
        ["sg-main-default"]
    );
    assert_eq!(g.inbound.len(), 2, "{:#?}", g.inbound);
    assert!(
        g.outbound.is_empty(),
        "Terraform removes the default egress rule"
    );
}
