use linkscope::engine::{QueryOptions, trace};
use linkscope::testgen::{Spec, generate};
fn main() {
    let text = generate(&Spec::LARGE);
    let big = linkscope::model::load_str(&text, "gen.yaml", None).unwrap();
    let first = "i-g0-2".to_string();
    let last = "i-g0-150".to_string();
    if std::env::args().nth(1).as_deref() == Some("loop") {
        let tour = linkscope::model::load_str(linkscope::TOUR, "<tour>", None).unwrap();
        let n = 20000;
        for (m, from, to) in [
            (&big, first.as_str(), "https://ssm.us-east-1.amazonaws.com"),
            (&big, first.as_str(), "s3://gen-data/x"),
            (&big, first.as_str(), last.as_str()),
            (&tour, "i-app-a", "s3://app-data/reports/today.csv"),
            (&tour, "i-app-a", "https://ssm.us-east-1.amazonaws.com"),
            (&tour, "i-app-a", "https://api.partner.example.com"),
        ] {
            let t0 = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(trace(m, from, to, &QueryOptions::default()).unwrap());
            }
            println!("{to}: {:?} per trace", t0.elapsed() / n);
        }
        return;
    }
    for to in [
        "s3://gen-data/x",
        "https://ssm.us-east-1.amazonaws.com",
        &last,
        "tcp://db3.corp0.internal:5432",
    ] {
        let t = trace(&big, &first, to, &QueryOptions::default()).unwrap();
        println!(
            "{to}: {:?} {:?} {:?} steps={} alts={}",
            t.verdict,
            t.reason,
            t.via,
            t.steps.len(),
            t.alternatives.len()
        );
    }
}
