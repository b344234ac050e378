//! Time `engine::trace` on the built-in tour model, and on the generated 10,000-subnet model
//! (`testgen::Spec::LARGE`), in the same run. Targets: a trace on the large model under 100 µs,
//! and at most 2x the same kind of trace on the tour (`s3-gateway-endpoint` and
//! `interface-endpoint*` are in both groups): traces use the model's indexes, never a scan.
//!
//! A third group traces over a generated 1,000-spoke hub with a site (`testgen::hub_and_spoke`):
//! target under 200 µs a trace.
//!
//! `cargo bench --bench trace -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use linkscope::engine::{QueryOptions, trace};
use linkscope::model;
use linkscope::testgen::{Spec, generate};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let tour = model::load_str(linkscope::TOUR, "<tour>", None).expect("tour loads");
    let o = QueryOptions::default();
    let mut g = c.benchmark_group("trace-tour");
    for (name, from, to) in [
        (
            "s3-gateway-endpoint",
            "i-app-a",
            "s3://app-data/reports/today.csv",
        ),
        (
            "interface-endpoint-private-dns",
            "i-app-a",
            "https://ssm.us-east-1.amazonaws.com",
        ),
        (
            "endpoint-service",
            "i-app-a",
            "https://api.partner.example.com",
        ),
        (
            "nat-to-kms",
            "i-app-a",
            "https://kms.us-east-1.amazonaws.com",
        ),
        (
            "blocked-endpoint-policy",
            "i-app-a",
            "s3://someone-elses-bucket/data.csv",
        ),
    ] {
        trace(&tour, from, to, &o).expect("traces");
        g.bench_function(name, |b| {
            b.iter(|| black_box(trace(black_box(&tour), from, to, &o).unwrap()))
        });
    }
    g.finish();

    let text = generate(&Spec::LARGE);
    let big = model::load_str(&text, "gen.yaml", None).expect("generated model loads");
    // An instance in a private subnet (the generator's subnet 0 is public) and a neighbour in
    // another AZ of the same VPC.
    let first = "i-g0-2".to_string();
    let last = "i-g0-150".to_string();
    let mut g = c.benchmark_group("trace-10k-subnets");
    for (name, to) in [
        ("s3-gateway-endpoint", "s3://gen-data/x".to_string()),
        (
            "interface-endpoint",
            "https://ssm.us-east-1.amazonaws.com".to_string(),
        ),
        ("instance-far-away", last.clone()),
        (
            "private-zone-record",
            "tcp://db3.corp0.internal:5432".to_string(),
        ),
    ] {
        trace(&big, &first, &to, &o).expect("traces");
        g.bench_function(name, |b| {
            b.iter(|| black_box(trace(black_box(&big), &first, &to, &o).unwrap()))
        });
    }
    g.finish();

    // A 1,000-spoke hub (testgen::hub_and_spoke): target under 200 µs a trace (issue 12).
    let text = linkscope::testgen::hub_and_spoke(1000);
    let hub = model::load_str(&text, "hub.yaml", None).expect("hub-and-spoke model loads");
    let p8080 = QueryOptions {
        port: Some(8080),
        ..Default::default()
    };
    let mut g = c.benchmark_group("trace-1000-spokes");
    for (name, from, to, opts) in [
        ("spoke-to-hub-instance", "i-spoke-999", "i-hub-app", &p8080),
        ("spoke-to-hub-endpoint", "i-spoke-500", "vpce-ssm-hub", &o),
        ("site-to-spoke", "laptop", "i-spoke-999", &p8080),
        ("spoke-to-spoke-blocked", "i-spoke-0", "i-spoke-999", &p8080),
    ] {
        trace(&hub, from, to, opts).expect("traces");
        g.bench_function(name, |b| {
            b.iter(|| black_box(trace(black_box(&hub), from, to, opts).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
