//! The explorer's cost per frame and per finder keystroke on large models.
//!
//! Frames: one 200x60 frame into a TestBackend, for
//! - the generated 10,000-subnet model of `src/testgen.rs` (`Spec::LARGE`: 50 VPCs of 200
//!   subnets), on its first screen and with a trace on screen (trace panel, highlights);
//! - a harder case for the VPC view: one VPC of 12,000 subnets (6 AZs x 2,000), on its first
//!   screen and scrolled to its last subnets.
//!
//! Only the visible part is laid out and drawn, so a frame should not depend on the model's
//! size.
//!
//! Finder: one keystroke in the `/` finder over every object of a generated model of more
//! than 50,000 objects (`Spec::LARGE` with 24 accounts: 120 VPCs, 24,000 subnets, 24,000
//! instances). Opening it builds a candidate per object, once per model (reopening, as the
//! `open` bench does, reuses them); the first keystroke scores every object; a narrowing keystroke rescores the previous matches. The characters are the worst case: `g` is in every generated id, so all
//! objects match and all are sorted. Only the keystroke is timed (the finder is restored from a
//! copy before each one).
//!
//! Then the same over ten times as many objects (the candidates copied ten times), timing the
//! finder's own ranking and fitting of one 40-row screen.
//!
//! Tour: loading the tour with its expectations run, and an `n` + `p` step move.
//!
//! Request editor: one Tab on the principal and on the action field, and a frame of the open
//! editor, on the 10,000-subnet model.
//!
//! `cargo bench --bench draw -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use linkscope::model::Model;
use linkscope::testgen::{Spec, generate};
use linkscope::tui::finder::Finder;
use linkscope::tui::keymap::{message_for_key, parse_key};
use linkscope::tui::message::FinderKind;
use linkscope::tui::message::Message;
use linkscope::tui::{App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

const AZS: usize = 6;
const PER_AZ: usize = 2000;

/// One VPC of 12,000 subnets: the largest VPC view (testgen's VPCs have 200 subnets each).
fn one_huge_vpc() -> Model {
    let mut y = String::from(
        "linkscope: 1\nname: large\nregion: us-east-1\naccounts:\n  - { id: \"111111111111\" }\nvpcs:\n  - id: vpc-big\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/8]\n    dns_hostnames: true\n    subnets:\n",
    );
    let zones = ["a", "b", "c", "d", "e", "f"];
    for k in 0..AZS * PER_AZ {
        let z = zones[k % AZS];
        writeln!(
            y,
            "      - {{ id: subnet-{k}, zone: us-east-1{z}, cidr: 10.{}.{}.0/24, route_table: rtb-{} }}",
            k / 256,
            k % 256,
            k % 4
        )
        .unwrap();
    }
    y.push_str("    route_tables:\n");
    for t in 0..4 {
        writeln!(
            y,
            "      - id: rtb-{t}\n        routes: [{{ to: 0.0.0.0/0, via: igw }}]"
        )
        .unwrap();
    }
    y.push_str("    gateways:\n      - { id: igw, type: internet }\n    instances:\n");
    for k in (0..AZS * PER_AZ).step_by(3) {
        writeln!(y, "      - {{ id: i-{k}, subnet: subnet-{k} }}").unwrap();
    }
    y.push_str("    endpoints:\n      - { id: vpce-s3, type: gateway, service: s3, route_tables: [rtb-0, rtb-1] }\n");
    y.push_str("      - { id: vpce-ssm, type: interface, service: ssm, subnets: [subnet-0, subnet-1, subnet-2, subnet-3, subnet-4, subnet-5] }\n");
    linkscope::model::load_str(&y, "<large>", None).expect("the generated model loads")
}

fn app_for(m: Model) -> App {
    let mut app = App::new(m, None);
    update(&mut app, Message::Resize(200, 60));
    app
}

fn frames(c: &mut Criterion) {
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut g = c.benchmark_group("draw-200x60");

    let big = generate(&Spec::LARGE);
    let mut app = app_for(linkscope::model::load_str(&big, "gen.yaml", None).expect("loads"));
    assert_eq!(app.model.subnets.len(), 10_000);
    g.bench_function("testgen-10k-subnets", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });
    app.request.source = Some("i-g0-2".into());
    app.request.destination = Some("s3://gen-data/x".into());
    update(&mut app, Message::RunTrace);
    assert!(app.run.trace.is_some(), "{:?}", app.run.trace_error);
    g.bench_function("testgen-10k-subnets-with-trace", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });
    drop(app);

    let mut app = app_for(one_huge_vpc());
    g.bench_function("one-vpc-12k-subnets", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });
    // Deep in the panes: the cost stays that of one screen.
    for _ in 0..5 {
        update(&mut app, Message::End);
    }
    g.bench_function("one-vpc-12k-subnets-scrolled-to-end", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });
    g.finish();
}

/// Time `update(FinderInput(key))` alone, the finder restored from `before` each time.
fn keystroke(
    app: &mut App,
    before: &linkscope::tui::finder::Finder,
    key: char,
    iters: u64,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        app.panels.finder = Some(before.clone());
        let t = Instant::now();
        update(app, Message::FinderInput(key));
        total += t.elapsed();
        black_box(&app.panels.finder);
    }
    total
}

fn finder(c: &mut Criterion) {
    let spec = Spec {
        accounts: 24,
        ..Spec::LARGE
    };
    let m = linkscope::model::load_str(&generate(&spec), "gen.yaml", None).expect("loads");
    let mut app = app_for(m);
    let slash = message_for_key(&app, &parse_key("/").unwrap()).expect("/ opens the finder");
    update(&mut app, slash.clone());
    let empty = app.panels.finder.clone().expect("finder open");
    let objects = empty.candidates.len();
    assert!(objects >= 50_000, "{objects} objects");

    update(&mut app, Message::FinderInput('g'));
    let after_g = app.panels.finder.clone().expect("finder open");
    update(&mut app, Message::FinderInput('7'));
    let after_g7 = app.panels.finder.as_ref().expect("finder open");
    eprintln!(
        "finder: {objects} objects; `g` matches {}, `g7` matches {}",
        after_g.matches.len(),
        after_g7.matches.len()
    );

    let mut g = c.benchmark_group(format!("finder-{objects}-objects"));
    g.sample_size(20);
    // `/` itself: building the candidates (one text per object).
    g.bench_function("open", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                app.panels.finder = None;
                let t = Instant::now();
                update(&mut app, slash.clone());
                total += t.elapsed();
            }
            total
        })
    });
    g.bench_function("first-keystroke-g", |b| {
        b.iter_custom(|iters| keystroke(&mut app, &empty, 'g', iters))
    });
    g.bench_function("narrowing-keystroke-g-to-g7", |b| {
        b.iter_custom(|iters| keystroke(&mut app, &after_g, '7', iters))
    });
    g.finish();

    // Ten times the objects: the same candidates ten times over, each copy's texts made
    // distinct, matched by the finder itself (no model of that size is loaded).
    let base = empty.candidates.clone();
    let mut many = Vec::with_capacity(base.len() * 10);
    for copy in 0..10 {
        for c in base.iter() {
            let mut c = c.clone();
            c.text = format!("{}  x{copy}", c.text);
            many.push(c);
        }
    }
    let big = Finder::new(FinderKind::Search, many);
    let objects = big.candidates.len();
    let mut big_g = big.clone();
    big_g.set_query("g".into());
    let mut g = c.benchmark_group(format!("finder-{objects}-objects"));
    g.sample_size(10);
    let type_key = |from: &Finder, q: &str, iters: u64| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let mut f = from.clone();
            let t = Instant::now();
            f.set_query(q.to_string());
            f.fit(40);
            total += t.elapsed();
            black_box(&f);
        }
        total
    };
    g.bench_function("first-keystroke-g", |b| {
        b.iter_custom(|iters| type_key(&big, "g", iters))
    });
    g.bench_function("narrowing-keystroke-g-to-g7", |b| {
        b.iter_custom(|iters| type_key(&big_g, "g7", iters))
    });
    g.finish();
}

/// The live test loop and the trace panel on the tour: loading the tour with every
/// expectation run (what a reload costs), and one `n` / `p` step move (update and settle:
/// the trace's and the details' lines built once).
fn tour(c: &mut Criterion) {
    let mut g = c.benchmark_group("tour");
    g.bench_function("load-and-expectations", |b| {
        b.iter(|| black_box(linkscope::tui::load_app(None).expect("the tour loads")))
    });
    let mut app = linkscope::tui::load_app(None).unwrap();
    update(&mut app, Message::Resize(200, 60));
    let e = &app.model.expectations[0];
    app.request.source = Some(e.from.clone());
    app.request.destination = Some(e.to.clone());
    update(&mut app, Message::RunTrace);
    assert!(app.run.trace.is_some());
    g.bench_function("step-n-then-p", |b| {
        b.iter(|| {
            update(&mut app, Message::StepNext);
            update(&mut app, Message::StepPrev);
        })
    });
    g.finish();
}

/// The request editor (`o`) on the generated 10,000-subnet model: one Tab on the principal
/// field (every instance's role and every policy's principals gathered, matched and deduped)
/// and on the action field, and one frame of the open editor.
fn request_editor(c: &mut Criterion) {
    use linkscope::tui::form::FormKey;
    let mut g = c.benchmark_group("request-editor");
    let big = generate(&Spec::LARGE);
    let mut app = app_for(linkscope::model::load_str(&big, "gen.yaml", None).expect("loads"));
    app.request.source = Some("i-g0-2".into());
    app.request.destination = Some("s3://gen-data/x".into());
    update(&mut app, Message::RunTrace);
    update(&mut app, Message::EditRequest);
    assert!(app.panels.form.is_some());
    let opened = app.panels.form.clone();
    for (name, moves) in [("tab-principal", 2), ("tab-action", 0)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                app.panels.form = opened.clone();
                for _ in 0..moves {
                    update(&mut app, Message::Form(FormKey::Field(1)));
                }
                update(&mut app, Message::Form(FormKey::Complete(1)));
                black_box(&app.panels.form);
            })
        });
    }
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    app.panels.form = opened;
    g.bench_function("frame-200x60", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3));
    targets = frames, finder, tour, request_editor
}
criterion_main!(benches);
