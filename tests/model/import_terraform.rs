//! Terraform plans and states (`terraform show -json`, `.tfstate`) imported into models and
//! traced: ids, names, references through modules and `count`/`for_each`, the report.

use std::path::{Path, PathBuf};

use linkscope::engine::{QueryOptions, Verdict, trace};
use linkscope::import::{self, Imported};
use linkscope::model::{self, Model};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/terraform")
        .join(name)
}

fn import_file(name: &str) -> (Imported, Model) {
    let p = fixture(name);
    let imp = import::import_path(&p).unwrap_or_else(|d| panic!("import of {name} failed: {d:#?}"));
    let m = model::load_str(&imp.yaml, name, None)
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn verdict(m: &Model, from: &str, to: &str, port: Option<u16>) -> Verdict {
    run(m, from, to, port).verdict
}

fn run(m: &Model, from: &str, to: &str, port: Option<u16>) -> linkscope::engine::Trace {
    let opts = QueryOptions {
        port,
        ..Default::default()
    };
    trace(m, from, to, &opts).unwrap_or_else(|e| panic!("{from} -> {to}: {e}"))
}

#[test]
fn plan_ids_are_addresses_as_dns_labels_and_names_are_tags() {
    let (imp, _) = import_file("plan.json");
    let y = &imp.yaml;
    for id in [
        "vpc-network-main",
        "subnet-network-private-0",
        "subnet-network-private-1",
        "subnet-app-a",
        "subnet-app-b",
        "rtb-network-private",
        "sg-network-endpoints",
        "sg-app",
        "vpce-network-ssm",
        "vpce-network-s3",
        "i-app-a",
        "i-app-b",
    ] {
        assert!(y.contains(&format!("id: {id}")), "{id} missing:\n{y}");
    }
    assert!(y.contains("name: private-a"), "{y}");
    let report = imp.report.join("\n");
    assert!(report.contains("unknown until apply (12)"), "{report}");
    assert!(!report.contains("aws_route_table_association"), "{report}");
    assert!(
        report.contains("aws_subnet.app[\"a\"] -> subnet-app-a"),
        "{report}"
    );
    assert!(
        report.contains("module.network.aws_vpc.main -> vpc-network-main"),
        "{report}"
    );
    assert!(
        report.contains(
            "Terraform resources linkscope does not model: 1 (e.g. aws_cloudwatch_log_group.app)"
        ),
        "{report}"
    );
}

#[test]
fn plan_references_follow_modules_count_and_for_each() {
    let (_, m) = import_file("plan.json");
    let sub = |id: &str| {
        m.subnets
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let vpc = |ix: usize| m.vpcs[ix].id.clone();
    // for_each subnets in the root reach the module's VPC through its output.
    assert_eq!(vpc(sub("subnet-app-a").vpc), "vpc-network-main");
    // each.key: app["b"] is in subnet app["b"]; count.index: association [1] is subnet [1].
    let inst = m
        .instances
        .iter()
        .find(|i| i.id == "i-app-b")
        .expect("i-app-b");
    assert_eq!(m.subnets[inst.subnet].id, "subnet-app-b");
    for s in ["subnet-network-private-1", "subnet-app-b"] {
        let rt = sub(s).route_table;
        assert_eq!(m.route_tables[rt].id, "rtb-network-private", "{s}");
    }
}

#[test]
fn plan_traces_before_apply() {
    let (imp, m) = import_file("plan.json");
    // The endpoint group admits app["a"]'s subnet, not app["b"]'s: seen before `apply`.
    assert_eq!(
        verdict(&m, "i-app-a", "ssm.us-east-1.amazonaws.com", Some(443)),
        Verdict::Allowed,
        "{}",
        imp.yaml
    );
    let t = run(&m, "i-app-b", "ssm.us-east-1.amazonaws.com", Some(443));
    assert_eq!(t.verdict, Verdict::Blocked);
    let last = t.steps.last().expect("steps");
    assert!(
        last.objects.iter().any(|o| o == "sg-network-endpoints"),
        "{last:#?}"
    );
    // S3 through the gateway endpoint: the egress rule names the endpoint's prefix list,
    // which is S3's managed list in us-east-1.
    assert_eq!(
        verdict(&m, "i-app-a", "s3://bucket/key", Some(443)),
        Verdict::Allowed,
        "{}",
        imp.yaml
    );
}
