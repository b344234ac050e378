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
//!
//! `cargo bench --bench scale import` measures the importer instead (issue 20, issue 16): a
//! generated organisation (many small VPCs, `LINKSCOPE_SCALE_IMPORT_SIZES`, default 20,000
//! subnets) exported as AWS CLI captures into a temporary folder, then, alternately: opening it
//! (read, recognise, build, validate: what `linkscope validate DIR` and the explorer do), the
//! same plus writing the YAML (what `linkscope import DIR -o FILE` does), the old way of opening
//! it (write the YAML and load that text), and `validate` of the written model (loading its
//! text). Ratios are against that last one. Then the absolute time of importing 20,000 VPCs in
//! one `describe-vpcs` file (issue 16: "well under 10 s").

use std::hint::black_box;
use std::time::{Duration, Instant};

use linkscope::import::{self, export};
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
    if filter.iter().any(|f| f == "import") {
        import_bench(runs);
        return;
    }
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

/// The importer against `validate` of the model it writes (see the module's note).
fn import_bench(runs: usize) {
    let sizes: Vec<usize> = env_list("LINKSCOPE_SCALE_IMPORT_SIZES", "20000")
        .iter()
        .map(|s| s.parse().expect("a size in subnets"))
        .collect();
    println!(
        "subnets  capture MB   validate (parse+build)   open (import+build)   import -o (+YAML)   old open (YAML+parse)"
    );
    for n in sizes {
        let spec = Spec::small_vpcs(n);
        let m = model::load_str(&generate(&spec), "gen.yaml", None).expect("loads");
        let dir = tempfile::tempdir().expect("a temporary folder");
        export::write_dir(&m, dir.path()).expect("writes the captures");
        drop(m);
        let bytes: u64 = walk_bytes(dir.path());
        let yaml = import::import_dir(dir.path())
            .expect("imports")
            .yaml
            .to_string();
        let (mut validate, mut open, mut write, mut old) =
            (Duration::MAX, Duration::MAX, Duration::MAX, Duration::MAX);
        for _ in 0..runs {
            let t = Instant::now();
            black_box(model::load_str(&yaml, "model.yaml", None).expect("loads"));
            best(&mut validate, t.elapsed());
            let t = Instant::now();
            let imp = import::import_dir(dir.path()).expect("imports");
            black_box(imp.model("captures (imported)").expect("loads"));
            best(&mut open, t.elapsed());
            let t = Instant::now();
            let imp = import::import_dir(dir.path()).expect("imports");
            black_box(imp.model("captures (imported)").expect("loads"));
            black_box(imp.yaml.len());
            best(&mut write, t.elapsed());
            let t = Instant::now();
            let imp = import::import_dir(dir.path()).expect("imports");
            black_box(model::load_str(&imp.yaml, "captures (imported)", None).expect("loads"));
            best(&mut old, t.elapsed());
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let x = |d: Duration| d.as_secs_f64() / validate.as_secs_f64();
        println!(
            "{:>7}  {:>10.1}   {:>17.1} ms   {:>9.1} ms {:.2}x   {:>7.1} ms {:.2}x   {:>9.1} ms {:.2}x",
            spec.subnets(),
            bytes as f64 / 1e6,
            ms(validate),
            ms(open),
            x(open),
            ms(write),
            x(write),
            ms(old),
            x(old)
        );
    }
    // Issue 16: 20,000 VPCs in one describe-vpcs file, imported and written as YAML.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let vpcs: Vec<serde_json::Value> = (0..20_000)
        .map(|i| {
            serde_json::json!({"VpcId": format!("vpc-{i:08x}"),
                "CidrBlock": format!("10.{}.{}.0/24", i / 256 % 256, i % 256),
                "OwnerId": "111111111111", "IsDefault": false, "State": "available"})
        })
        .collect();
    std::fs::write(
        dir.path().join("describe-vpcs.json"),
        serde_json::json!({ "Vpcs": vpcs }).to_string(),
    )
    .expect("writes the capture");
    let mut vpcs_time = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        let imp = import::import_dir(dir.path()).expect("imports");
        black_box(imp.model("vpcs (imported)").expect("loads"));
        black_box(imp.yaml.len());
        best(&mut vpcs_time, t.elapsed());
    }
    println!(
        "20,000 VPCs in one describe-vpcs file: import + build + YAML {:.1} ms",
        vpcs_time.as_secs_f64() * 1e3
    );
}

/// Total size of the files under `dir`.
fn walk_bytes(dir: &std::path::Path) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(dir).expect("a folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            n += walk_bytes(&p);
        } else {
            n += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    n
}
