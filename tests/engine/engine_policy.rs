//! Policies (§8): the request context each path implies, endpoint then bucket policy, info
//! without an action, overrides with --context.

use crate::common::*;
use linkscope::engine::{QueryOptions, Status, StepKind};

const MODEL: &str = "tests/models/trace/policies.yaml";

fn policy_steps(t: &linkscope::engine::Trace) -> Vec<&linkscope::engine::Step> {
    steps(t, StepKind::Policy)
}

#[test]
fn context_keys_follow_the_path() {
    let m = load(MODEL);
    // Through the gateway endpoint: SourceVpce, SourceVpc, VpcSourceIp; no SourceIp (POL-24/25).
    let t = tr(&m, "i-app", "s3://shared-data/x");
    let ps = policy_steps(&t);
    assert_eq!(ps.len(), 2, "endpoint policy, then bucket policy");
    assert_eq!(fact(ps[0], "policy"), "endpoint");
    assert_eq!(fact(ps[0], "owner"), "vpce-s3");
    assert_eq!(fact(ps[1], "policy"), "bucket");
    let ctx = fact(ps[1], "context");
    assert_eq!(ctx["aws:SourceVpce"], "vpce-s3");
    assert_eq!(ctx["aws:SourceVpc"], "vpc-p");
    assert_eq!(ctx["aws:VpcSourceIp"], "10.0.1.10");
    assert!(ctx.get("aws:SourceIp").is_none());
    assert_eq!(ctx["aws:PrincipalOrgID"], "o-test123456");
    assert_eq!(ctx["aws:PrincipalAccount"], "111111111111");
    assert_eq!(
        ctx["aws:PrincipalArn"],
        "arn:aws:iam::111111111111:role/app"
    );
    assert_eq!(ctx["s3:ResourceAccount"], "222222222222");
    assert_eq!(ctx["aws:SecureTransport"], "true");
    assert_eq!(fact(ps[1], "decision"), "allow");
    assert_eq!(fact(ps[1], "statement"), "OurOrganization");
    // Through the NAT gateway: SourceIp is the NAT's public address, no SourceVpce.
    let t = tr(&m, "i-batch", "s3://shared-data/x");
    let ps = policy_steps(&t);
    assert_eq!(ps.len(), 1, "no endpoint on a public path");
    let ctx = fact(ps[0], "context");
    assert_eq!(ctx["aws:SourceIp"], "3.4.5.6");
    assert!(ctx.get("aws:SourceVpce").is_none());
    // Anonymous: no principal keys.
    let t = tr(&m, "i-anon", "s3://shared-data/x");
    let ctx = fact(policy_steps(&t)[1], "context");
    assert!(ctx.get("aws:PrincipalOrgID").is_none());
    assert!(ctx.get("aws:PrincipalArn").is_none());
    // Plain HTTP: SecureTransport false.
    let t = tr_with(
        &m,
        "i-app",
        "s3://shared-data/x",
        &QueryOptions {
            port: Some(80),
            ..Default::default()
        },
    );
    assert_eq!(
        fact(policy_steps(&t)[0], "context")["aws:SecureTransport"],
        "false"
    );
}

#[test]
fn decisions_and_their_statements() {
    let m = load(MODEL);
    let t = tr(&m, "i-app", "s3://other-bucket/x");
    let p = last(&t);
    assert_eq!(fact(p, "decision"), "implicit-deny");
    assert!(
        p.detail.contains("no VPC endpoint policy allows"),
        "POL-6 phrasing: {}",
        p.detail
    );
    let t = tr_with(
        &m,
        "i-app",
        "s3://app-data/r.csv",
        &QueryOptions {
            action: Some("s3:DeleteObject".into()),
            ..Default::default()
        },
    );
    let p = last(&t);
    assert_eq!(fact(p, "decision"), "explicit-deny");
    assert_eq!(fact(p, "statement"), "NoDeletes");
    assert!(p.detail.contains("explicit deny in a VPC endpoint policy"));
    let evaluated = fact(p, "evaluated").as_array().unwrap();
    assert_eq!(evaluated.len(), 2);
    let t = tr(&m, "i-batch", "s3://app-data/r.csv");
    let p = last(&t);
    assert_eq!(fact(p, "policy"), "bucket");
    assert_eq!(fact(p, "statement"), "OnlyThroughOurEndpoint");
}

#[test]
fn no_action_means_information_only() {
    let m = load(MODEL);
    // https to the bucket's name: connectivity only; the endpoint policy is shown, decides nothing.
    let t = tr(
        &m,
        "i-app",
        "https://other-bucket.s3.us-east-1.amazonaws.com",
    );
    expect(&t, true, None, Some("vpce-s3"));
    let p = step(&t, StepKind::Policy);
    assert_eq!(p.status, Status::Info);
    assert_eq!(fact(p, "decision"), &serde_json::Value::Null);
}

#[test]
fn context_overrides() {
    let m = load(MODEL);
    // Pretend the request came through the endpoint: the bucket's deny no longer applies.
    let o = QueryOptions {
        context: vec![("aws:SourceVpce".into(), "vpce-s3".into())],
        ..Default::default()
    };
    let t = tr_with(&m, "i-batch", "s3://app-data/r.csv", &o);
    expect(&t, true, None, Some("nat-p"));
    // A principal from outside the organization.
    let o = QueryOptions {
        principal: Some("arn:aws:iam::999999999999:role/x".into()),
        ..Default::default()
    };
    expect(
        &tr_with(&m, "i-app", "s3://shared-data/x", &o),
        false,
        Some("BUCKET_POLICY_NO_ALLOW"),
        None,
    );
}

#[test]
fn services_without_endpoint_policy_support_allow_everything() {
    let m = model(
        r#"
linkscope: 1
region: us-east-1
accounts: [ { id: "111111111111" } ]
vpcs:
  - id: vpc-x
    account: "111111111111"
    cidrs: [10.0.0.0/16]
    dns_hostnames: true
    subnets: [ { id: sn-a, zone: us-east-1a, cidr: 10.0.1.0/24 } ]
    security_groups: [ { id: sg-all, inbound: [ { protocol: all, from: 10.0.0.0/16 } ] } ]
    instances: [ { id: i-a, subnet: sn-a, ip: 10.0.1.10, security_groups: [sg-all] } ]
    endpoints:
      - id: vpce-msg
        type: interface
        service: ssmmessages
        subnets: [sn-a]
        security_groups: [sg-all]
        policy: { Statement: [ { Effect: Deny, Principal: "*", Action: "*", Resource: "*" } ] }
"#,
    );
    let o = QueryOptions {
        action: Some("ssmmessages:OpenDataChannel".into()),
        ..Default::default()
    };
    let t = tr_with(&m, "i-a", "https://ssmmessages.us-east-1.amazonaws.com", &o);
    expect(&t, true, None, Some("vpce-msg"));
    let p = step(&t, StepKind::Policy);
    assert!(p.rules.iter().any(|r| r == "POL-3"), "{:?}", p.rules);
}
