//! Endpoints (§1-§3, §9): the endpoint and endpoint-service steps, their facts and the
//! explanations of each refusal.

use crate::common::*;
use linkscope::engine::{Status, StepKind};
use serde_json::json;

const MODEL: &str = "tests/models/trace/endpoints.yaml";

#[test]
fn endpoint_service_facts() {
    let m = load(MODEL);
    let t = tr(&m, "i-c", "vpce-svc-ok");
    expect(&t, true, None, Some("vpce-ok"));
    assert_eq!(t.path.map(|p| p.as_str()), Some("endpoint-service"));
    let e = step(&t, StepKind::Endpoint);
    assert_eq!(fact(e, "endpoint"), "vpce-ok");
    assert_eq!(fact(e, "type"), "interface");
    assert_eq!(fact(e, "state"), "available");
    assert_eq!(fact(e, "zone_id"), "use1-az1");
    let s = step(&t, StepKind::EndpointService);
    assert_eq!(fact(s, "service"), "vpce-svc-ok");
    assert_eq!(fact(s, "provider_account"), "222222222222");
    assert_eq!(fact(s, "acceptance"), "automatic");
    assert_eq!(fact(s, "principal_allowed"), true);
    // AZ IDs, not names: the provider's us-east-1a is use1-az2 (ES-11).
    assert_eq!(fact(s, "zones"), &json!(["use1-az2", "use1-az1"]));
    // ES-9: no endpoint policy; ES-3: targets see the load balancer node in the same AZ ID.
    let p = step(&t, StepKind::Policy);
    assert_eq!(p.status, Status::Info);
    assert!(p.rules.iter().any(|r| r == "ES-9"));
    let d = step(&t, StepKind::Delivery);
    let node = fact(d, "seen_source_ip").as_str().unwrap().to_string();
    assert!(
        node.starts_with("10.9.2."),
        "node in sn-p-b (use1-az1 for the provider): {node}"
    );
    assert!(d.rules.iter().any(|r| r == "ES-3"));
}

#[test]
fn refusals_explain_themselves() {
    let m = load(MODEL);
    let t = tr(&m, "i-c", "vpce-svc-pending");
    let e = last(&t);
    assert_eq!(e.kind, StepKind::Endpoint);
    assert_eq!(fact(e, "state"), "pendingAcceptance");
    assert!(e.detail.contains("accept"), "{}", e.detail);
    assert!(e.rules.iter().any(|r| r == "ES-8"));

    let t = tr(&m, "i-c", "vpce-svc-denied");
    // The endpoint step warns; the service step says why (ES-6).
    assert_eq!(step(&t, StepKind::Endpoint).status, Status::Warn);
    let s = last(&t);
    assert_eq!(s.kind, StepKind::EndpointService);
    assert_eq!(fact(s, "principal_allowed"), false);
    assert!(s.detail.contains("111111111111"));

    let t = tr(&m, "i-c", "vpce-svc-onezone");
    let s = last(&t);
    assert!(
        s.detail.contains("AZ names are mapped per account"),
        "{}",
        s.detail
    );
    assert!(s.rules.iter().any(|r| r == "ES-11"));

    let t = tr(&m, "i-c", "vpce-svc-nlbsg");
    let s = last(&t);
    assert_eq!(s.kind, StepKind::SecurityGroup);
    assert!(s.objects.iter().any(|o| o == "sg-nlb"));
    assert!(s.rules.iter().any(|r| r == "ES-4"));
}

#[test]
fn rejected_and_explicit_states() {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/endpoints.yaml"
    ))
    .unwrap();
    let m = model(&yaml.replace("    acceptance_required: true\n    allowed_principals: [\"arn:aws:iam::111111111111:role/netops\"]", "    acceptance_required: true\n    allowed_principals: [\"arn:aws:iam::111111111111:role/netops\"]\n    rejected: [vpce-pending]"));
    let t = tr(&m, "i-c", "vpce-svc-pending");
    expect(
        &t,
        false,
        Some("ENDPOINT_NOT_AVAILABLE"),
        Some("vpce-pending"),
    );
    assert_eq!(fact(last(&t), "state"), "rejected");
    assert!(last(&t).detail.contains("rejected"));
    // An explicit state on an AWS-service endpoint.
    let m = model(&yaml.replace(
        "security_groups: [sg-ep], private_dns: false }",
        "security_groups: [sg-ep], private_dns: false, state: failed }",
    ));
    let t = tr(&m, "i-c", "vpce-s3if");
    expect(&t, false, Some("ENDPOINT_NOT_AVAILABLE"), Some("vpce-s3if"));
}

#[test]
fn nlb_groups_not_enforced_on_privatelink() {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/endpoints.yaml"
    ))
    .unwrap();
    let m = model(&yaml.replace(
        "security_groups: [sg-nlb] }",
        "security_groups: [sg-nlb], enforce_security_groups_on_privatelink: false }",
    ));
    let t = tr(&m, "i-c", "vpce-svc-nlbsg");
    expect(&t, true, None, Some("vpce-nlbsg"));
    assert!(t.steps.iter().any(|s| s.kind == StepKind::SecurityGroup
        && s.status == Status::Info
        && s.rules.iter().any(|r| r == "ES-4")));
}

#[test]
fn gateway_endpoint_step() {
    let m = load(MODEL);
    let t = tr(&m, "i-c", "s3://local-bucket/x");
    let e = step(&t, StepKind::Endpoint);
    assert_eq!(fact(e, "type"), "gateway");
    assert_eq!(fact(e, "service"), "com.amazonaws.us-east-1.s3");
    assert_eq!(fact(e, "zone_id"), &serde_json::Value::Null);
    let d = step(&t, StepKind::Delivery);
    assert_eq!(
        fact(d, "seen_source_ip"),
        "10.0.1.10",
        "GW-13: the private address"
    );
    assert_eq!(t.path.map(|p| p.as_str()), Some("gateway-endpoint"));
    // Another port: the API does not answer (D-1).
    let o = linkscope::engine::QueryOptions {
        port: Some(8080),
        ..Default::default()
    };
    let t = tr_with(&m, "i-c", "s3://local-bucket/x", &o);
    expect(&t, false, Some("NO_LISTENER"), None);
}

#[test]
fn instance_connect() {
    let m = load(MODEL);
    let t = tr(&m, "eice-c", "i-target");
    expect(&t, true, None, Some("eice-c"));
    assert_eq!(t.path.map(|p| p.as_str()), Some("instance-connect"));
    assert_eq!(
        t.query.port, 22,
        "22 by default through an instance-connect endpoint"
    );
    assert_eq!(t.steps[1].kind, StepKind::Endpoint);
    assert_eq!(fact(&t.steps[1], "type"), "instance-connect");
    let sgs = steps(&t, StepKind::SecurityGroup);
    assert_eq!(
        fact(sgs[0], "group"),
        "sg-eice",
        "EICE-4: the endpoint's group, outbound"
    );
    assert!(sgs[0].rules.iter().any(|r| r == "EICE-4"));
    assert_eq!(
        fact(sgs[1], "rule"),
        "tcp 22 from members of sg-eice",
        "EICE-5"
    );
    let eni = m.endpoints.iter().find(|e| e.id == "eice-c").unwrap().enis[0]
        .ip
        .to_string();
    assert_eq!(
        fact(step(&t, StepKind::Delivery), "seen_source_ip"),
        eni.as_str(),
        "D-9: the endpoint's address"
    );
    // RDP is carried too, but the endpoint's group allows only 22 out (EICE-4).
    let o = linkscope::engine::QueryOptions {
        port: Some(3389),
        ..Default::default()
    };
    expect(
        &tr_with(&m, "eice-c", "i-target", &o),
        false,
        Some("SG_OUTBOUND_DENY"),
        Some("eice-c"),
    );
    // An instance-connect endpoint is not a destination.
    assert!(linkscope::engine::trace(&m, "i-c", "eice-c", &Default::default()).is_err());
}

#[test]
fn instance_connect_with_client_ip_preservation() {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/trace/endpoints.yaml"
    ))
    .unwrap();
    // The target's group admits the endpoint's group: allowed either way (EICE-5).
    let m = model(&yaml.replace(
        "subnet: sn-c-a, security_groups: [sg-eice] }",
        "subnet: sn-c-a, security_groups: [sg-eice], preserve_client_ip: true }",
    ));
    let t = tr(&m, "eice-c", "i-target");
    expect(&t, true, None, Some("eice-c"));
    assert_eq!(
        fact(step(&t, StepKind::Delivery), "seen_source_ip"),
        "the user's public address"
    );
    // A target group admitting only the VPC's range admits the endpoint's address, but not a
    // preserved client address.
    let narrow = yaml.replace(
        "inbound: [ { protocol: tcp, ports: 22, from: sg-eice } ]",
        "inbound: [ { protocol: tcp, ports: 22, from: 10.0.0.0/16 } ]",
    );
    let m = model(&narrow);
    expect(&tr(&m, "eice-c", "i-target"), true, None, Some("eice-c"));
    let m = model(&narrow.replace(
        "subnet: sn-c-a, security_groups: [sg-eice] }",
        "subnet: sn-c-a, security_groups: [sg-eice], preserve_client_ip: true }",
    ));
    let t = tr(&m, "eice-c", "i-target");
    expect(&t, false, Some("SG_INBOUND_DENY"), Some("eice-c"));
    assert!(last(&t).rules.iter().any(|r| r == "EICE-5"));
}

#[test]
fn steps_name_a_primer_concept() {
    // Ids of assets/concepts/*.md (the explorer's primer).
    let known: Vec<&str> = linkscope::tui::concepts::CONCEPTS
        .iter()
        .map(|c| c.id)
        .collect();
    let m = load(MODEL);
    for (from, to) in [
        ("i-c", "vpce-svc-ok"),
        ("i-c", "vpce-svc-onezone"),
        ("i-c", "s3://b/k"),
        ("eice-c", "i-target"),
    ] {
        let t = tr(&m, from, to);
        for s in &t.steps {
            // Every step names one: the engine picks it, the explorer only opens it.
            let c = s
                .concept
                .as_deref()
                .unwrap_or_else(|| panic!("{:?} has a concept", s.kind));
            assert!(known.contains(&c), "{c}");
        }
    }
    let t = tr(&m, "i-c", "vpce-svc-onezone");
    assert_eq!(last(&t).concept.as_deref(), Some("az-ids"));
    let t = tr(&m, "i-c", "s3://b/k");
    assert_eq!(
        step(&t, StepKind::Route).concept.as_deref(),
        Some("gateway-endpoints")
    );
}
