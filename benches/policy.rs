//! Policy evaluation speed on realistic documents: the one-bucket gateway endpoint policy
//! (GW-21), a bucket policy locked to an endpoint with organisation and TLS conditions (GW-24),
//! and a 60-statement policy of mixed rules where most statements miss. Throughput is in
//! evaluations per second; parsing is measured beside it.
//!
//! `cargo bench --bench policy` (quick look: `cargo bench --bench policy -- --quick`)

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use linkscope::policy::{self, PolicyKind, Principal, Request};
use std::hint::black_box;

const ONE_BUCKET: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "OnlyAppData", "Effect": "Allow", "Principal": "*",
    "Action": ["s3:ListBucket", "s3:GetObject", "s3:PutObject"],
    "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"]
  }]
}"#;

const LOCKED_BUCKET: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "AppAccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
     "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
     "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"]},
    {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::app-data/shared/*",
     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}},
    {"Sid": "OnlyThroughOurEndpoint", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"],
     "Condition": {"StringNotEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-5e6f7a8b"]}}},
    {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Resource": "arn:aws:s3:::app-data/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Sid": "HomeDirs", "Effect": "Allow", "Principal": "*", "Action": "s3:*",
     "Resource": "arn:aws:s3:::app-data/home/${aws:username}/*"},
    {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:Delete*",
     "Resource": "*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin-*"}}}
  ]
}"#;

/// 60 statements: per-team bucket grants with account and endpoint conditions.
fn many_statements() -> String {
    let mut st = Vec::new();
    for i in 0..60 {
        st.push(format!(
            r#"{{"Sid": "Team{i}", "Effect": "{}", "Principal": "*",
               "Action": ["s3:GetObject", "s3:PutObject", "s3:List*"],
               "Resource": ["arn:aws:s3:::team-{i}-data", "arn:aws:s3:::team-{i}-data/*"],
               "Condition": {{"StringEquals": {{"aws:PrincipalAccount": "1111222233{:02}"}},
                             "IpAddress": {{"aws:VpcSourceIp": "10.{i}.0.0/16"}}}}}}"#,
            if i % 10 == 9 { "Deny" } else { "Allow" },
            i % 100
        ));
    }
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        st.join(",")
    )
}

fn bench(c: &mut Criterion) {
    let role = Principal::from_arn("arn:aws:sts::111122223333:assumed-role/app/i-0abc");
    let one = policy::parse_json(ONE_BUCKET).unwrap();
    let locked = policy::parse_json(LOCKED_BUCKET).unwrap();
    let many_text = many_statements();
    let many = policy::parse_json(&many_text).unwrap();
    let get = Request::new(
        role.clone(),
        "s3:GetObject",
        "arn:aws:s3:::app-data/reports/2024/q1.csv",
    )
    .with("aws:SourceVpce", "vpce-1a2b3c4d")
    .with("aws:SecureTransport", "true")
    .with("aws:PrincipalOrgID", "o-abc123");
    let team = Request::new(
        Principal::from_arn("arn:aws:sts::111122223333:assumed-role/t/s"),
        "s3:PutObject",
        "arn:aws:s3:::team-33-data/x/y.bin",
    )
    .with("aws:VpcSourceIp", "10.33.4.5");

    // The requests take the paths they are meant to: allowed after reading every statement.
    use policy::Decision::Allow;
    assert_eq!(
        policy::evaluate(&one, PolicyKind::GatewayEndpoint, &get).decision,
        Allow
    );
    assert_eq!(
        policy::evaluate(&locked, PolicyKind::Bucket, &get).decision,
        Allow
    );
    let ev = policy::evaluate(&many, PolicyKind::InterfaceEndpoint, &team);
    assert_eq!((ev.decision, ev.deciding), (Allow, Some(33)));

    let mut g = c.benchmark_group("policy-evaluate");
    g.throughput(Throughput::Elements(1));
    g.bench_function("gateway-one-bucket-1-statement", |b| {
        b.iter(|| {
            black_box(policy::evaluate(
                &one,
                PolicyKind::GatewayEndpoint,
                black_box(&get),
            ))
        })
    });
    g.bench_function("bucket-locked-6-statements", |b| {
        b.iter(|| {
            black_box(policy::evaluate(
                &locked,
                PolicyKind::Bucket,
                black_box(&get),
            ))
        })
    });
    g.bench_function("interface-60-statements", |b| {
        b.iter(|| {
            black_box(policy::evaluate(
                &many,
                PolicyKind::InterfaceEndpoint,
                black_box(&team),
            ))
        })
    });
    g.bench_function("interface-60-statements-decide-only", |b| {
        b.iter(|| {
            black_box(policy::decide(
                &many,
                PolicyKind::InterfaceEndpoint,
                black_box(&team),
            ))
        })
    });
    g.bench_function("default-full-access", |b| {
        let full = policy::full_access();
        b.iter(|| {
            black_box(policy::evaluate(
                &full,
                PolicyKind::InterfaceEndpoint,
                black_box(&get),
            ))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("policy-parse");
    g.throughput(Throughput::Bytes(many_text.len() as u64));
    g.bench_function("parse-json-60-statements", |b| {
        b.iter(|| black_box(policy::parse_json(black_box(&many_text)).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
