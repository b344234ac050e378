//! Drawing one frame of a large model: 1 VPC x 6 AZs x 2,000 subnets (12,000 subnets, 4,000
//! instances, an interface endpoint in every AZ) into a 200x60 TestBackend. Only the visible
//! part is laid out and drawn, so the figure should not depend on the model's size.
//! Also: one keystroke in the `/` finder over every object of that model.
//!
//! `cargo bench --bench draw`

use criterion::{Criterion, criterion_group, criterion_main};
use linkscope::tui::keymap::{message_for_key, parse_key};
use linkscope::tui::message::Message;
use linkscope::tui::{App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::fmt::Write;
use std::hint::black_box;

const AZS: usize = 6;
const PER_AZ: usize = 2000;

fn big_model() -> linkscope::model::Model {
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

fn bench(c: &mut Criterion) {
    let m = big_model();
    let mut app = App::new(m, None);
    update(&mut app, Message::Resize(200, 60));
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();

    c.bench_function("draw 200x60, 12,000 subnets", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });

    // Deep in the panes: the cost stays that of one screen.
    for _ in 0..5 {
        update(&mut app, Message::End);
    }
    c.bench_function("draw 200x60, scrolled to the last subnets", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });

    // One keystroke in the `/` finder over every object (~16,000 candidates).
    c.bench_function("finder keystroke over every object", |b| {
        b.iter_batched(
            || {
                let mut a = App::new(app.model.clone(), None);
                update(&mut a, Message::Resize(200, 60));
                if let Some(m) = message_for_key(&a, &parse_key("/").unwrap()) {
                    update(&mut a, m);
                }
                a
            },
            |mut a| {
                update(&mut a, Message::FinderInput('7'));
                a
            },
            criterion::BatchSize::LargeInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
