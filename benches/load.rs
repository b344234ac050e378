//! Load + validate + index of a 10,000-subnet model, beside the bare YAML parse of the same
//! text into the raw serde types, in the same run.
//!
//! The same pair for a generated 1,000-spoke hub-and-spoke model (transit gateway, attachments,
//! TGW route tables, a site over VPN: the hybrid sections' validation and indexes).
//!
//! `cargo bench --bench load -- --warm-up-time 1 --measurement-time 3` (target: load + validate +
//! index at most 1.5x the bare parse)

use criterion::{Criterion, criterion_group, criterion_main};
use linkscope::model::{self, raw::RawModel};
use linkscope::testgen::{Spec, generate};

fn load(c: &mut Criterion) {
    let text = generate(&Spec::LARGE);
    eprintln!(
        "model: {} subnets, {} bytes of YAML",
        Spec::LARGE.subnets(),
        text.len()
    );
    let mut g = c.benchmark_group("load-10k-subnets");
    g.sample_size(10);
    g.bench_function("bare-parse", |b| {
        b.iter(|| {
            let raw: RawModel = model::load::parse_raw(&text).expect("parses");
            std::hint::black_box(raw);
        })
    });
    g.bench_function("load-validate-index", |b| {
        b.iter(|| {
            let m = model::load_str(&text, "gen.yaml", None).expect("loads");
            std::hint::black_box(m);
        })
    });
    g.finish();
}

fn hub_and_spoke(c: &mut Criterion) {
    let text = linkscope::testgen::hub_and_spoke(1000);
    eprintln!("model: 1,000 spokes, {} bytes of YAML", text.len());
    let mut g = c.benchmark_group("load-1000-spokes");
    g.sample_size(10);
    g.bench_function("bare-parse", |b| {
        b.iter(|| {
            let raw: RawModel = model::load::parse_raw(&text).expect("parses");
            std::hint::black_box(raw);
        })
    });
    g.bench_function("load-validate-index", |b| {
        b.iter(|| {
            let m = model::load_str(&text, "gen.yaml", None).expect("loads");
            std::hint::black_box(m);
        })
    });
    g.finish();
}

criterion_group!(benches, load, hub_and_spoke);
criterion_main!(benches);
