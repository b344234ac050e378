//! Load + validate + index of a 10,000-subnet model, beside the bare YAML parse of the same
//! text into the raw serde types, in the same run.
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

criterion_group!(benches, load);
criterion_main!(benches);
