//! Load + validate + index against the bare YAML parse of the same text, for organisation-sized
//! models of both shapes (`src/testgen.rs`): many small VPCs (16 subnets, 21 routes per table, a
//! gateway endpoint each) and few large ones (200 subnets each), from 1,000 to 100,000 subnets.
//!
//! Not criterion: one 100,000-subnet parse takes seconds, so each size runs the bare parse and
//! the full load alternately, `LINKSCOPE_SCALE_RUNS` times each (default 3), and reports the
//! better time of each and their ratio, measured in the same run. The slope is the full load's
//! time per subnet from 1k to 100k, relative to that at 10k (1.0 = linear).
//!
//! `cargo bench --bench scale` (all sizes, a few minutes);
//! `LINKSCOPE_SCALE_SIZES=10000,50000 cargo bench --bench scale` for some of them;
//! `LINKSCOPE_SCALE_WRITE=/tmp/m.yaml LINKSCOPE_SCALE_SIZES=100000 LINKSCOPE_SCALE_SHAPES=small
//! cargo bench --bench scale` also writes that model (for `/usr/bin/time -v linkscope validate`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use linkscope::model::{self, raw::RawModel};
use linkscope::testgen::{Spec, generate};

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn best(t: &mut Duration, d: Duration) {
    if d < *t {
        *t = d;
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter on the shape name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let runs: usize = std::env::var("LINKSCOPE_SCALE_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let sizes: Vec<usize> = env_list("LINKSCOPE_SCALE_SIZES", "1000,10000,50000,100000")
        .iter()
        .map(|s| s.parse().expect("a size in subnets"))
        .collect();
    let shapes = env_list("LINKSCOPE_SCALE_SHAPES", "small,large");
    let write = std::env::var("LINKSCOPE_SCALE_WRITE").ok();
    println!("shape   subnets     bytes   bare parse   load+validate+index   ratio   per subnet");
    for shape in &shapes {
        if !filter.is_empty() && !filter.iter().any(|f| shape.contains(f.as_str())) {
            continue;
        }
        let mut per_subnet = Vec::new();
        for &n in &sizes {
            let spec = match shape.as_str() {
                "small" => Spec::small_vpcs(n),
                "large" => Spec::large_vpcs(n),
                other => panic!("unknown shape {other} (small, large)"),
            };
            let text = generate(&spec);
            if let Some(path) = &write {
                std::fs::write(path, &text).expect("write the model");
                eprintln!("wrote {path}: {} bytes", text.len());
            }
            let (mut parse, mut load) = (Duration::MAX, Duration::MAX);
            for _ in 0..runs {
                let t = Instant::now();
                let raw: RawModel = model::load::parse_raw(&text).expect("parses");
                black_box(raw);
                best(&mut parse, t.elapsed());
                let t = Instant::now();
                let m = model::load_str(&text, "gen.yaml", None).expect("loads");
                black_box(m);
                best(&mut load, t.elapsed());
            }
            let per = load.as_secs_f64() / spec.subnets() as f64;
            per_subnet.push((spec.subnets(), per));
            println!(
                "{shape:<7} {:>7} {:>9}   {:>9.1} ms   {:>13.1} ms   {:>5.2}x   {:.2} µs",
                spec.subnets(),
                text.len(),
                parse.as_secs_f64() * 1e3,
                load.as_secs_f64() * 1e3,
                load.as_secs_f64() / parse.as_secs_f64(),
                per * 1e6
            );
        }
        if let (Some(first), Some(last)) = (per_subnet.first(), per_subnet.last())
            && per_subnet.len() > 1
        {
            println!(
                "{shape:<7} slope: time per subnet at {} subnets is {:.2}x that at {}",
                last.0,
                last.1 / first.1,
                first.0
            );
        }
    }
}
