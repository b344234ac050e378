//! Shapes of AWS CLI output other than whole describe-* answers: bare `--query` lists,
//! `describe-security-group-rules`, one file; and the report's "not captured" section.

use std::path::Path;

use linkscope::import;
use linkscope::model;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const VPCS: &str = r#"[{"VpcId": "vpc-0f0000000000000f1", "CidrBlock": "10.5.0.0/16", "OwnerId": "111122223333", "State": "available", "IsDefault": false}]"#;
const SUBNETS: &str = r#"[{"SubnetId": "subnet-0f00000000000000a", "VpcId": "vpc-0f0000000000000f1", "CidrBlock": "10.5.1.0/24", "AvailabilityZone": "us-east-1a", "OwnerId": "111122223333"}]"#;
/// `--query 'Reservations[*].Instances'`: a list of lists.
const INSTANCES: &str = r#"[[{"InstanceId": "i-0f0000000000000f1", "ImageId": "ami-1", "InstanceType": "t3.micro", "SubnetId": "subnet-0f00000000000000a", "VpcId": "vpc-0f0000000000000f1", "PrivateIpAddress": "10.5.1.10", "State": {"Code": 16, "Name": "running"}, "SecurityGroups": [{"GroupId": "sg-0f0000000000000f1", "GroupName": "app"}]}]]"#;
const GROUPS: &str = r#"{"SecurityGroups": [{"GroupId": "sg-0f0000000000000f1", "GroupName": "app", "VpcId": "vpc-0f0000000000000f1", "OwnerId": "111122223333",
  "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}],
  "IpPermissionsEgress": []}]}"#;
/// describe-security-group-rules: the ingress rule again, and an egress rule the groups file lacks.
const RULES: &str = r#"{"SecurityGroupRules": [
  {"SecurityGroupRuleId": "sgr-01", "GroupId": "sg-0f0000000000000f1", "GroupOwnerId": "111122223333", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "10.0.0.0/8"},
  {"SecurityGroupRuleId": "sgr-02", "GroupId": "sg-0f0000000000000f1", "GroupOwnerId": "111122223333", "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0"}
]}"#;

#[test]
fn query_lists_and_security_group_rules_import() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "my-vpcs.json", VPCS);
    write(tmp.path(), "subnets-query.json", SUBNETS);
    write(tmp.path(), "instances.json", INSTANCES);
    write(tmp.path(), "sgs.json", GROUPS);
    write(tmp.path(), "sg-rules.json", RULES);
    let imp = import::import_dir(tmp.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(imp.details.files_used, 5, "{:#?}", imp.report);
    let m = model::load_str(&imp.yaml, "x", None).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(m.vpcs.len(), 1);
    assert_eq!(m.instances.len(), 1);
    let y = &imp.yaml;
    // The rule present in both files is written once; the egress rule is added.
    assert_eq!(
        y.matches("{ protocol: tcp, ports: 22, from: 10.0.0.0/8 }")
            .count(),
        1,
        "{y}"
    );
    assert!(y.contains("{ protocol: all, to: 0.0.0.0/0 }"), "{y}");
}

#[test]
fn one_file_imports_and_the_report_says_what_was_not_captured() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("vpcs.json");
    std::fs::write(&f, VPCS).unwrap();
    let imp = import::import_path(&f).unwrap_or_else(|d| panic!("{d:#?}"));
    let text = imp.report.join("\n");
    assert!(text.contains("not captured"), "{text}");
    assert!(
        text.contains("route tables: every subnet gets only the local route"),
        "{text}"
    );
    assert!(text.contains("subnets:"), "{text}");
}

#[test]
fn another_format_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("steampipe.json");
    std::fs::write(
        &f,
        r#"[{"vpc_id": "vpc-1", "cidr_block": "10.0.0.0/16", "akas": ["arn:aws:ec2:us-east-1:1:vpc/vpc-1"], "sp_connection_name": "aws"}]"#,
    )
    .unwrap();
    let e = import::import_path(&f).unwrap_err();
    assert_eq!(e[0].code, "IMPORT_NOTHING_RECOGNISED");
    assert!(e[0].message.contains("Steampipe"), "{:?}", e[0]);
}

#[test]
fn terraform_without_aws_resources_says_so() {
    let e = import::import_text(
        r#"{"format_version": "1.0", "terraform_version": "1.9.5", "values": {"root_module": {"resources": [{"address": "random_id.x", "mode": "managed", "type": "random_id", "name": "x", "values": {"id": "abc"}}]}}}"#,
        "state.json",
    )
    .unwrap_err();
    assert_eq!(e[0].code, "IMPORT_NOTHING_RECOGNISED");
    assert!(
        e[0].message
            .contains("Terraform JSON without any AWS resource"),
        "{:?}",
        e[0]
    );
}
