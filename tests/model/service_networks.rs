//! Service networks and service-network endpoints (issue 17, rule book ES-33..ES-39): located
//! errors with suggestions, and the warnings for what AWS refuses.

use linkscope::model;

/// A consumer VPC with a service-network endpoint, a provider VPC with a resource gateway and
/// two resource configurations; `{sn}` is the `service_networks:` list, `{ep}` the endpoint's
/// extra fields.
fn yaml(sn: &str, ep: &str) -> String {
    format!(
        r#"linkscope: 1
region: us-east-1
accounts:
  - id: "111111111111"
    zones: {{ us-east-1a: use1-az1 }}
  - id: "222222222222"
    zones: {{ us-east-1a: use1-az1 }}
vpcs:
  - id: vpc-c
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    subnets:
      - {{ id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24 }}
    endpoints:
      - {{ id: vpce-sn, type: service-network, subnets: [sn-a]{ep} }}
  - id: vpc-p
    account: "222222222222"
    cidrs: [10.9.0.0/16]
    subnets:
      - {{ id: sn-p, zone: us-east-1a, cidr: 10.9.1.0/24 }}
resource_gateways:
  - {{ id: rgw-x, vpc: vpc-p, subnets: [sn-p] }}
resource_configurations:
  - {{ id: rcfg-db, resource_gateway: rgw-x, ip: 10.9.1.50, allow_association_to_shareable_service_network: true }}
  - {{ id: rcfg-closed, resource_gateway: rgw-x, ip: 10.9.1.60 }}
service_networks:
{sn}"#
    )
}

const SHARED: &str = r#"  - { id: sn-main, account: "222222222222", shared_with: ["111111111111"], resource_configurations: [rcfg-db] }
"#;

fn error(text: &str) -> linkscope::diag::Diagnostic {
    match model::load_str(text, "sn.yaml", None) {
        Ok(_) => panic!("loaded, but it is invalid:\n{text}"),
        Err(e) => e.errors().next().expect("an error").clone(),
    }
}

fn warnings(text: &str) -> Vec<linkscope::diag::Diagnostic> {
    model::load_str(text, "sn.yaml", None)
        .unwrap_or_else(|e| panic!("a warning must not stop the load:\n{e}"))
        .warnings
}

#[test]
fn a_valid_service_network_endpoint_loads_with_a_name_per_resource() {
    let m = model::load_str(&yaml(SHARED, ", service_network: sn-main"), "sn.yaml", None)
        .expect("loads");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    let ep = &m.endpoints[0];
    assert_eq!(
        ep.target,
        model::EndpointTarget::ServiceNetwork(0),
        "the endpoint's target"
    );
    assert_eq!(ep.lattice_names.len(), 1);
    let (r, name) = &ep.lattice_names[0];
    assert_eq!(m.resource_configurations[*r].id, "rcfg-db");
    assert!(name.starts_with("vpce-sn-"), "{name}");
    assert!(
        name.ends_with(".rcfg-db.vpc-lattice-rsc.us-east-1.on.aws"),
        "{name}"
    );
    assert!(ep.regional_dns.is_none() && ep.zonal_dns.is_empty());
    let sn = &m.service_networks[0];
    assert_eq!(sn.auth_type, "NONE");
    assert_eq!(m.accounts[sn.account].id, "222222222222");
}

#[test]
fn an_unknown_service_network_is_located_with_a_suggestion() {
    let d = error(&yaml(SHARED, ", service_network: sn-mian"));
    assert_eq!(d.code, "UNKNOWN_REFERENCE", "{d}");
    assert_eq!((d.line, d.column), (Some(15), Some(81)), "{d}");
    assert!(d.help.as_deref().unwrap_or("").contains("sn-main"), "{d}");
}

#[test]
fn a_service_network_endpoint_without_its_service_network_is_refused() {
    let d = error(&yaml(SHARED, ""));
    assert_eq!(d.code, "MISSING_FIELD", "{d}");
    assert_eq!(d.line, Some(15), "{d}");
}

#[test]
fn fields_of_other_endpoint_types_are_refused() {
    let d = error(&yaml(
        SHARED,
        ", service_network: sn-main, policy: { Statement: [] }",
    ));
    assert_eq!(d.code, "WRONG_ENDPOINT_FIELD", "{d}");
    // And `service_network` on an interface endpoint.
    let text = yaml(SHARED, ", service_network: sn-main").replace(
        "type: service-network, subnets: [sn-a], service_network: sn-main",
        "type: interface, service: s3, subnets: [sn-a], service_network: sn-main",
    );
    let d = error(&text);
    assert_eq!(d.code, "WRONG_ENDPOINT_FIELD", "{d}");
    assert!(d.message.contains("service_network"), "{d}");
}

#[test]
fn an_unknown_resource_configuration_of_a_service_network_is_located() {
    let sn = r#"  - { id: sn-main, account: "222222222222", resource_configurations: [rcfg-bd] }
"#;
    let d = error(&yaml(sn, ", service_network: sn-main"));
    assert_eq!(d.code, "UNKNOWN_REFERENCE", "{d}");
    assert_eq!((d.line, d.column), (Some(27), Some(71)), "{d}");
    assert!(d.help.as_deref().unwrap_or("").contains("rcfg-db"), "{d}");
}

#[test]
fn a_bad_auth_type_and_an_unknown_account_are_located() {
    let sn = r#"  - { id: sn-main, account: "222222222222", auth_type: AWS_IMA, resource_configurations: [rcfg-db] }
"#;
    let d = error(&yaml(sn, ", service_network: sn-main"));
    assert_eq!(d.code, "BAD_ENUM", "{d}");
    assert!(d.help.as_deref().unwrap_or("").contains("AWS_IAM"), "{d}");
    let sn = r#"  - { id: sn-main, account: "333333333333" }
"#;
    let d = error(&yaml(sn, ", service_network: sn-main"));
    assert_eq!(d.code, "UNKNOWN_REFERENCE", "{d}");
    assert_eq!(d.line, Some(27), "{d}");
}

#[test]
fn a_service_network_id_used_twice_is_a_duplicate() {
    let sn = r#"  - { id: sn-main, account: "222222222222" }
  - { id: rcfg-db, account: "222222222222" }
"#;
    let d = error(&yaml(sn, ", service_network: sn-main"));
    assert_eq!(d.code, "DUPLICATE_ID", "{d}");
    assert_eq!(d.line, Some(28), "{d}");
}

#[test]
fn what_aws_refuses_is_a_warning_with_its_code_and_rule() {
    // Not shared with the endpoint's account (ES-33).
    let sn = r#"  - { id: sn-main, account: "222222222222", resource_configurations: [rcfg-db] }
"#;
    let w = warnings(&yaml(sn, ", service_network: sn-main"));
    let d = w
        .iter()
        .find(|d| d.code == "SERVICE_NETWORK_NOT_SHARED")
        .unwrap_or_else(|| panic!("{w:?}"));
    assert_eq!((d.line, d.column), (Some(15), Some(15)), "{d}");
    assert_eq!(d.rule.as_deref(), Some("ES-33"));
    // A configuration that does not allow shareable service networks (ES-35).
    let sn = r#"  - { id: sn-main, account: "222222222222", sharing: true, shared_with: ["111111111111"], resource_configurations: [rcfg-closed] }
"#;
    let w = warnings(&yaml(sn, ", service_network: sn-main"));
    let d = w
        .iter()
        .find(|d| d.code == "RESOURCE_CONFIG_NOT_SHAREABLE")
        .unwrap_or_else(|| panic!("{w:?}"));
    assert_eq!(d.line, Some(27), "{d}");
    assert_eq!(d.rule.as_deref(), Some("ES-35"));
    // An auth policy under auth type NONE (ES-36).
    let sn = r#"  - id: sn-main
    account: "222222222222"
    shared_with: ["111111111111"]
    auth_policy: { Statement: [{ Effect: Allow, Principal: "*", Action: "*", Resource: "*" }] }
"#;
    let w = warnings(&yaml(sn, ", service_network: sn-main"));
    let d = w
        .iter()
        .find(|d| d.code == "AUTH_POLICY_WITHOUT_IAM")
        .unwrap_or_else(|| panic!("{w:?}"));
    assert_eq!(d.line, Some(30), "{d}");
    // The resource gateway shares no AZ with the endpoint (ES-27).
    let text = yaml(SHARED, ", service_network: sn-main")
        .replace(
            "{ id: sn-p, zone: us-east-1a",
            "{ id: sn-p, zone: us-east-1b",
        )
        .replace(
            "{ us-east-1a: use1-az1 }\nvpcs",
            "{ us-east-1a: use1-az1, us-east-1b: use1-az2 }\nvpcs",
        );
    let w = warnings(&text);
    assert!(
        w.iter().any(|d| d.code == "RESOURCE_GATEWAY_NO_SHARED_AZ"),
        "{w:?}"
    );
}

#[test]
fn bad_input_in_service_networks_never_panics() {
    for sn in [
        "  - { id: sn-main }\n",
        "  - { id: sn-main, account: \"222222222222\", resource_configurations: [rcfg-db, rcfg-db] }\n",
        "  - { id: sn-main, account: \"222222222222\", auth_policy: \"missing.json\" }\n",
        "  - { id: sn-main, account: \"222222222222\", services: [svc-1], bogus: 1 }\n",
        "  []\n",
    ] {
        let _ = model::load_str(&yaml(sn, ", service_network: sn-main"), "sn.yaml", None);
        let _ = model::load_str(&yaml(sn, ""), "sn.yaml", None);
    }
}
