//! Which network condition keys a request through a VPC endpoint carries (rule book POL-27,
//! POL-28). `aws:SourceVpce`, `aws:SourceVpc` and `aws:VpcSourceIp` come with every such
//! request; `aws:SourceVpcArn`, `aws:VpceAccount`, `aws:VpceOrgID` and `aws:VpceOrgPaths` only
//! for the services the IAM User Guide lists under each key ("AWS global condition context
//! keys", 2026 text), named here by their action prefix.

/// `aws:SourceVpcArn` (POL-27).
const SOURCE_VPC_ARN: &[&str] = &[
    "apprunner",
    "discovery",
    "athena",
    "servicediscovery",
    "applicationinsights",
    "cloudformation",
    "comprehendmedical",
    "compute-optimizer",
    "ecr",
    "ecs",
    "kinesisanalytics",
    "route53",
    "datasync",
    "ebs",
    "scheduler",
    "firehose",
    "medical-imaging",
    "healthlake",
    "omics",
    "iam",
    "iotfleetwise",
    "iotwireless",
    "kms",
    "lambda",
    "payment-cryptography",
    "polly",
    "acm-pca",
    "rbin",
    "rekognition",
    "servicequotas",
    "s3",
    "storagegateway",
    "ssm-contacts",
    "textract",
    "transcribe",
    "transfer",
];

/// `aws:VpceAccount` and `aws:VpceOrgPaths` (the same list in the guide, POL-28).
const VPCE_ACCOUNT: &[&str] = &[
    "apprunner",
    "discovery",
    "athena",
    "servicediscovery",
    "applicationinsights",
    "cloudformation",
    "comprehendmedical",
    "compute-optimizer",
    "ecr",
    "ecs",
    "kinesisanalytics",
    "route53",
    "datasync",
    "dynamodb",
    "ebs",
    "scheduler",
    "firehose",
    "gamelift",
    "medical-imaging",
    "healthlake",
    "omics",
    "iam",
    "iotfleetwise",
    "iotwireless",
    "kms",
    "lambda",
    "payment-cryptography",
    "polly",
    "acm-pca",
    "rbin",
    "rekognition",
    "servicequotas",
    "s3",
    "shield",
    "storagegateway",
    "ssm-contacts",
    "textract",
    "transcribe",
    "transfer",
];

/// `aws:VpceOrgID`: the `aws:VpceAccount` services and these (POL-28).
const VPCE_ORG_ID_MORE: &[&str] = &[
    "b2bi",
    "cognito-identity",
    "dms",
    "ds-data",
    "identitystore",
    "iottwinmaker",
    "cassandra",
    "network-firewall",
    "sms-voice",
    "pricing",
    "ses",
    "sqs",
    "workmail",
];

/// The endpoint-owner keys a request for `action` (`s3:GetObject`) carries, by the action's
/// service prefix. IAM's `iam:PassRole` is excluded from every list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NetworkKeys {
    pub source_vpc_arn: bool,
    pub vpce_account: bool,
    pub vpce_org_id: bool,
    pub vpce_org_paths: bool,
}

impl NetworkKeys {
    /// For a request whose action (or, without one, service) has IAM prefix `prefix`.
    pub fn for_action(action: &str) -> NetworkKeys {
        if action.eq_ignore_ascii_case("iam:PassRole") {
            return NetworkKeys::default();
        }
        let prefix = action.split(':').next().unwrap_or("").to_ascii_lowercase();
        let has = |list: &[&str]| list.contains(&prefix.as_str());
        NetworkKeys {
            source_vpc_arn: has(SOURCE_VPC_ARN),
            vpce_account: has(VPCE_ACCOUNT),
            vpce_org_id: has(VPCE_ACCOUNT) || has(VPCE_ORG_ID_MORE),
            vpce_org_paths: has(VPCE_ACCOUNT),
        }
    }
}

/// The IAM action prefix of an AWS service endpoint's short name (`ecr.api` → `ecr`,
/// `kinesis-firehose` → `firehose`), for requests that name no action.
pub fn iam_prefix_of_service(short: &str) -> String {
    let base = short.split('.').next().unwrap_or(short);
    match base {
        "kinesis-firehose" => "firehose".into(),
        "kms-fips" => "kms".into(),
        "kinesisanalytics-fips" => "kinesisanalytics".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_has_every_key_sqs_only_the_org_id_dynamodb_no_vpc_arn() {
        let s3 = NetworkKeys::for_action("s3:GetObject");
        assert!(s3.source_vpc_arn && s3.vpce_account && s3.vpce_org_id && s3.vpce_org_paths);
        let sqs = NetworkKeys::for_action("sqs:SendMessage");
        assert!(!sqs.source_vpc_arn && !sqs.vpce_account && sqs.vpce_org_id && !sqs.vpce_org_paths);
        let ddb = NetworkKeys::for_action("dynamodb:GetItem");
        assert!(!ddb.source_vpc_arn && ddb.vpce_account && ddb.vpce_org_paths);
        assert_eq!(
            NetworkKeys::for_action("iam:PassRole"),
            NetworkKeys::default()
        );
        assert!(NetworkKeys::for_action("IAM:GetRole").vpce_account);
        assert_eq!(
            NetworkKeys::for_action("ec2:DescribeVpcs"),
            NetworkKeys::default()
        );
        assert_eq!(iam_prefix_of_service("ecr.dkr"), "ecr");
        assert_eq!(iam_prefix_of_service("kinesis-firehose"), "firehose");
    }
}
