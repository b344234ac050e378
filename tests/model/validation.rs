//! One invalid model per error rule and one model per warning code (tests/models/invalid,
//! tests/models/warn). Each asserts the code, the line and column, and the suggestion where
//! there is one, through the library and (for a few) through `linkscope validate`.

use std::path::PathBuf;

use linkscope::diag::Diagnostic;
use linkscope::model::{self, warnings};

fn path(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/models")
        .join(dir)
        .join(format!("{name}.yaml"))
}

fn first_error(name: &str) -> Diagnostic {
    match model::load_file(&path("invalid", name)) {
        Ok(_) => panic!("{name}: loaded, but it is invalid"),
        Err(e) => e.errors().next().expect("at least one error").clone(),
    }
}

/// (file, code, line, column, help contains)
const ERRORS: &[(&str, &str, usize, usize, Option<&str>)] = &[
    ("yaml_syntax", "YAML_SYNTAX", 3, 3, Some("indentation")),
    (
        "unknown_field",
        "UNKNOWN_FIELD",
        11,
        62,
        Some("did you mean `route_table`?"),
    ),
    ("missing_field", "MISSING_FIELD", 11, 25, Some("`cidr:`")),
    ("bad_value", "BAD_VALUE", 10, 18, Some("booleans")),
    ("duplicate_key", "DUPLICATE_KEY", 10, 5, Some("remove one")),
    (
        "unsupported_version",
        "UNSUPPORTED_VERSION",
        1,
        12,
        Some("linkscope: 1"),
    ),
    ("bad_cidr", "BAD_CIDR", 11, 49, Some("10.0.1.0/24")),
    ("bad_ip", "BAD_IP", 13, 42, Some("10.0.1.10")),
    ("bad_ipv6_cidr", "BAD_CIDR", 15, 55, Some("::/0")),
    (
        "ipv6_outside_subnet",
        "IP_OUTSIDE_SUBNET",
        14,
        44,
        Some("2600:1f18:1234:5601::/64"),
    ),
    ("bad_account_id", "BAD_ACCOUNT_ID", 3, 9, Some("12 digits")),
    (
        "unknown_reference",
        "UNKNOWN_REFERENCE",
        13,
        28,
        Some("did you mean `subnet-app-a`?"),
    ),
    (
        "duplicate_id",
        "DUPLICATE_ID",
        12,
        15,
        Some("first defined at line 11"),
    ),
    (
        "subnet_outside_vpc",
        "SUBNET_OUTSIDE_VPC",
        11,
        49,
        Some("inside the VPC"),
    ),
    (
        "ip_outside_subnet",
        "IP_OUTSIDE_SUBNET",
        13,
        42,
        Some("inside 10.0.1.0/24"),
    ),
    ("ip_collision", "IP_COLLISION", 14, 42, Some("own address")),
    ("subnet_full", "SUBNET_FULL", 11, 15, Some("larger subnet")),
    ("unknown_zone", "UNKNOWN_ZONE", 11, 31, Some("`us-east-1a`")),
    (
        "bad_protocol",
        "BAD_PROTOCOL",
        13,
        25,
        Some("tcp, udp, icmp or all"),
    ),
    ("bad_ports", "BAD_PORTS", 13, 37, Some("1024-65535")),
    (
        "bad_enum",
        "BAD_ENUM",
        11,
        29,
        Some("did you mean `gateway`?"),
    ),
    (
        "two_main_tables",
        "TWO_MAIN_TABLES",
        12,
        15,
        Some("one table only"),
    ),
    ("two_defaults", "TWO_DEFAULTS", 12, 15, Some("one ACL only")),
    ("bad_policy", "BAD_POLICY", 14, 17, None),
    (
        "policy_file_unreadable",
        "POLICY_FILE_UNREADABLE",
        11,
        60,
        Some("relative to the model file"),
    ),
    (
        "duplicate_rule_number",
        "DUPLICATE_RULE_NUMBER",
        14,
        21,
        Some("once per direction"),
    ),
    (
        "wrong_endpoint_field",
        "WRONG_ENDPOINT_FIELD",
        13,
        15,
        Some("route_tables"),
    ),
    ("tab_indent", "TAB_INDENT", 3, 1, Some("spaces")),
    ("not_modelled", "NOT_MODELLED", 13, 30, Some("ES-25")),
];

#[test]
fn every_error_rule_has_a_located_case() {
    for &(file, code, line, col, help) in ERRORS {
        let d = first_error(file);
        assert_eq!(d.code, code, "{file}: {d}");
        assert_eq!((d.line, d.column), (Some(line), Some(col)), "{file}: {d}");
        assert!(
            d.file
                .as_deref()
                .is_some_and(|f| f.ends_with(&format!("{file}.yaml"))),
            "{file}: {d}"
        );
        if let Some(h) = help {
            let got = d.help.clone().unwrap_or_default();
            assert!(got.contains(h), "{file}: help {got:?} lacks {h:?}");
        }
    }
}

#[test]
fn the_error_list_is_covered() {
    // Every documented error code that a model file can cause has a case above (file-level
    // ones are covered in tests/model/robustness.rs).
    let file_level = [
        "FILE_UNREADABLE",
        "NOT_A_FILE",
        "FILE_TOO_LARGE",
        "INVALID_UTF8",
        "EMPTY_FILE",
        "YAML_LIMIT",
        "TOO_MANY_ERRORS",
    ];
    for (code, _) in warnings::ERRORS {
        if file_level.contains(code) {
            continue;
        }
        assert!(
            ERRORS.iter().any(|e| e.1 == *code),
            "no invalid model for {code}"
        );
    }
}

/// (file, code, line, column)
const WARNINGS: &[(&str, &str, usize, usize)] = &[
    ("overlapping_subnets", "OVERLAPPING_SUBNETS", 12, 15),
    (
        "endpoint_two_subnets_one_az",
        "ENDPOINT_TWO_SUBNETS_ONE_AZ",
        15,
        15,
    ),
    (
        "endpoint_zone_unsupported",
        "ENDPOINT_ZONE_UNSUPPORTED",
        13,
        15,
    ),
    (
        "private_dns_needs_dns_attributes",
        "PRIVATE_DNS_NEEDS_DNS_ATTRIBUTES",
        14,
        15,
    ),
    ("private_dns_conflict", "PRIVATE_DNS_CONFLICT", 16, 15),
    (
        "gateway_endpoint_service",
        "GATEWAY_ENDPOINT_SERVICE",
        11,
        15,
    ),
    ("gateway_endpoint_region", "GATEWAY_ENDPOINT_REGION", 11, 15),
    ("nat_without_igw_route", "NAT_WITHOUT_IGW_ROUTE", 13, 15),
    (
        "route_to_other_vpc_gateway",
        "ROUTE_TO_OTHER_VPC_GATEWAY",
        13,
        19,
    ),
    (
        "service_allows_no_principal",
        "SERVICE_ALLOWS_NO_PRINCIPAL",
        13,
        9,
    ),
    (
        "s3_inbound_only_without_gateway",
        "S3_INBOUND_ONLY_WITHOUT_GATEWAY",
        15,
        15,
    ),
    ("dns_hostnames_default", "DNS_HOSTNAMES_DEFAULT", 13, 9),
    ("endpoint_service_policy", "ENDPOINT_SERVICE_POLICY", 18, 17),
    ("unknown_service", "UNKNOWN_SERVICE", 14, 49),
    ("private_dns_unverified", "PRIVATE_DNS_UNVERIFIED", 14, 15),
    (
        "gateway_endpoint_route_conflict",
        "GATEWAY_ENDPOINT_ROUTE_CONFLICT",
        11,
        15,
    ),
    ("instance_connect_limit", "INSTANCE_CONNECT_LIMIT", 15, 15),
    ("ip_reserved", "IP_RESERVED", 13, 42),
    ("hosted_zone_no_vpc", "HOSTED_ZONE_NO_VPC", 11, 9),
    ("tgw_two_subnets_in_zone", "TGW_TWO_SUBNETS_IN_ZONE", 15, 57),
    ("overlapping_vpcs", "OVERLAPPING_VPCS", 8, 9),
    ("site_overlaps_vpc", "SITE_OVERLAPS_VPC", 10, 9),
    (
        "forward_target_unreachable",
        "FORWARD_TARGET_UNREACHABLE",
        15,
        11,
    ),
    (
        "resolver_endpoint_one_zone",
        "RESOLVER_ENDPOINT_ONE_ZONE",
        13,
        9,
    ),
    ("tgw_two_associations", "TGW_TWO_ASSOCIATIONS", 17, 15),
    (
        "tgw_zone_without_attachment",
        "TGW_ZONE_WITHOUT_ATTACHMENT",
        17,
        15,
    ),
    (
        "expectation_unknown_reason",
        "EXPECTATION_UNKNOWN_REASON",
        13,
        13,
    ),
    ("zone_id_repeated", "ZONE_ID_REPEATED", 12, 15),
    ("zone_other_region", "ZONE_OTHER_REGION", 13, 15),
    ("vpc_cidr_repeated", "VPC_CIDR_REPEATED", 7, 9),
    ("cidr_host_bits", "CIDR_HOST_BITS", 11, 49),
    (
        "resource_gateway_no_shared_az",
        "RESOURCE_GATEWAY_NO_SHARED_AZ",
        14,
        15,
    ),
    (
        "endpoint_region_unsupported",
        "ENDPOINT_REGION_UNSUPPORTED",
        13,
        15,
    ),
    (
        "cross_region_zone_unsupported",
        "CROSS_REGION_ZONE_UNSUPPORTED",
        14,
        15,
    ),
    (
        "cross_region_service_unsupported",
        "CROSS_REGION_SERVICE_UNSUPPORTED",
        13,
        15,
    ),
    ("target_zone_no_healthy", "TARGET_ZONE_NO_HEALTHY", 21, 15),
    ("endpoint_ip_type_subnet", "ENDPOINT_IP_TYPE_SUBNET", 13, 15),
    (
        "endpoint_ip_type_service",
        "ENDPOINT_IP_TYPE_SERVICE",
        13,
        15,
    ),
    ("egress_only_ipv4_route", "EGRESS_ONLY_IPV4_ROUTE", 15, 19),
    (
        "service_network_not_shared",
        "SERVICE_NETWORK_NOT_SHARED",
        16,
        15,
    ),
    (
        "resource_config_not_shareable",
        "RESOURCE_CONFIG_NOT_SHAREABLE",
        27,
        102,
    ),
    ("auth_policy_without_iam", "AUTH_POLICY_WITHOUT_IAM", 30, 18),
];

#[test]
fn every_warning_code_has_a_case_that_still_loads() {
    for &(file, code, line, col) in WARNINGS {
        let m = model::load_file(&path("warn", file))
            .unwrap_or_else(|e| panic!("{file}: a warning must not stop the load:\n{e}"));
        let w = m
            .warnings
            .iter()
            .find(|w| w.code == code)
            .unwrap_or_else(|| panic!("{file}: no {code}; got {:?}", m.warnings));
        assert_eq!((w.line, w.column), (Some(line), Some(col)), "{file}: {w}");
        let def = warnings::ALL
            .iter()
            .find(|d| d.code == code)
            .expect("listed");
        assert_eq!(w.rule.as_deref(), Some(def.rule), "{file}: rule id");
    }
}

#[test]
fn the_warning_list_is_covered() {
    for def in warnings::ALL {
        if def.code == "ENDPOINT_SERVICE_TYPE" {
            continue; // every catalogue service offers the types its endpoints use
        }
        assert!(
            WARNINGS.iter().any(|w| w.1 == def.code),
            "no model for {}",
            def.code
        );
    }
}

#[test]
fn validate_exit_codes_and_rendering() {
    let bin = env!("CARGO_BIN_EXE_linkscope");
    let out = std::process::Command::new(bin)
        .args(["validate"])
        .arg(path("invalid", "unknown_reference"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[UNKNOWN_REFERENCE]: unknown subnet `subnet-app-b`"),
        "{err}"
    );
    assert!(err.contains("unknown_reference.yaml:13:28"), "{err}");
    assert!(
        err.contains("subnet: subnet-app-b"),
        "snippet of the line: {err}"
    );
    assert!(err.contains("did you mean `subnet-app-a`?"), "{err}");

    let out = std::process::Command::new(bin)
        .args(["validate"])
        .arg(path("warn", "overlapping_subnets"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "warnings still validate");
    let so = String::from_utf8_lossy(&out.stdout);
    assert!(so.contains("warning[OVERLAPPING_SUBNETS]"), "{so}");
}

#[test]
fn all_errors_are_collected_at_once() {
    let text = "linkscope: 1\naccounts: [{ id: \"111111111111\" }]\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: s1, zone: us-east-1a, cidr: 10.9.0.0/24 }\n    instances:\n      - { id: i-1, subnet: nope }\n      - { id: i-2, subnet: s1, security_groups: [sg-nope] }\n";
    let e = model::load_str(text, "m.yaml", None).expect_err("invalid");
    let codes: Vec<&str> = e.errors().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"SUBNET_OUTSIDE_VPC"), "{codes:?}");
    assert_eq!(
        codes.iter().filter(|c| **c == "UNKNOWN_REFERENCE").count(),
        2,
        "{codes:?}"
    );
}

#[test]
fn schema_is_json_and_names_every_top_level_field() {
    let v: serde_json::Value =
        serde_json::from_str(linkscope::model::schema::SCHEMA).expect("valid JSON");
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    for k in [
        "linkscope",
        "accounts",
        "vpcs",
        "endpoint_services",
        "hosted_zones",
        "buckets",
        "services",
        "prefix_lists",
        "expectations",
        "resolver_endpoints",
        "resolver_rules",
    ] {
        assert!(v["properties"].get(k).is_some(), "schema lacks {k}");
    }
    assert_eq!(
        v["definitions"]["endpoint"]["properties"]["type"]["enum"][2],
        "instance-connect"
    );
}

#[test]
fn readme_documents_every_failure_code_and_warning() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for code in linkscope::outcome::Reason::ALL {
        assert!(
            readme.contains(&format!("`{code}`")),
            "README lacks failure code {code}"
        );
    }
    for def in warnings::ALL {
        assert!(
            readme.contains(&format!("`{}`", def.code)),
            "README lacks warning {}",
            def.code
        );
    }
}
