//! Who-can-reach-what and what-a-change-changes on the 10,000-subnet generated model
//! (`src/testgen.rs`, `Spec::LARGE`: 50 VPCs, 10,000 subnets, 10,000 instances, 350 endpoints):
//!
//! - `reach --to` over every source, one unnamed interface per subnet (10,000 traces), to the
//!   model's first interface endpoint and to S3 through a gateway endpoint;
//! - `diff` of two such models that differ in one route table (its default route removed).
//!
//! Not criterion: one diff takes seconds (it traces only the queries the change can reach; the
//! whole matrix, every instance against every endpoint, bucket and site host in both models,
//! is 3.5 M queries and took longer than 12 minutes), more than criterion's samples allow.
//! Each measurement runs `LINKSCOPE_REVIEW_RUNS` times (default 2) and reports the better.
//! `cargo bench --bench review`; `cargo bench --bench review reach` for the reach half only.

use std::hint::black_box;
use std::time::{Duration, Instant};

use linkscope::engine::{QueryOptions, reach};
use linkscope::model;
use linkscope::testgen::{Spec, generate};

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
    }
    best
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let runs: usize = std::env::var("LINKSCOPE_REVIEW_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let text = generate(&Spec::LARGE);
    let old = model::load_str(&text, "gen.yaml", None).expect("loads");
    let opts = QueryOptions::default();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "cores: {cores}; model: {} subnets, {} instances, {} endpoints",
        old.subnets.len(),
        old.instances.len(),
        old.endpoints.len()
    );
    if want("reach") {
        let iface = old
            .endpoints
            .iter()
            .find(|e| e.kind == model::EndpointKind::Interface)
            .expect("an interface endpoint")
            .id
            .clone();
        let bucket = old
            .buckets
            .first()
            .map(|b| format!("s3://{}/x", b.name))
            .unwrap_or_else(|| "s3://bench-bucket/x".into());
        for to in [iface, bucket] {
            let mut rows = 0;
            let d = best_of(runs, || {
                let r = reach::to(&old, &to, reach::Sources::Subnets, &opts);
                rows = r.len();
                black_box(r);
            });
            println!(
                "reach --to {to} --sources subnets: {rows} sources in {:.1} ms ({:.1} µs per source)",
                d.as_secs_f64() * 1e3,
                d.as_secs_f64() * 1e6 / rows.max(1) as f64
            );
        }
    }
    if want("diff") {
        // One route table of NEW loses its first route (the default route to the NAT gateway).
        let at = text.find("      - id: rtb-g0-0\n").expect("rtb-g0-0");
        let route = text[at..]
            .find("          - { to: 0.0.0.0/0")
            .expect("a default route")
            + at;
        let end = text[route..].find('\n').expect("line end") + route + 1;
        let new_text = format!("{}{}", &text[..route], &text[end..]);
        let new = model::load_str(&new_text, "gen-after.yaml", None).expect("loads");
        let mut summary = String::new();
        let d = best_of(runs, || {
            let d = linkscope::diff::diff(&old, &new);
            summary = format!(
                "{} queries, traced {} in OLD and {} in NEW, {} verdicts changed, {} objects changed",
                d.queries,
                d.traced.old,
                d.traced.new,
                d.verdicts.len(),
                d.objects.len()
            );
            black_box(d);
        });
        println!(
            "diff (one route removed from rtb-g0-0): {:.2} s; {summary}",
            d.as_secs_f64()
        );
    }
}
