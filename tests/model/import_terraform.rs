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
    // Its instance profile's role, so its API calls are signed as that role.
    assert_eq!(
        inst.role.as_deref(),
        Some("arn:aws:iam::000000000000:role/app-role")
    );
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

#[test]
fn shown_state_keeps_aws_ids_and_traces_through_the_endpoint_service() {
    let (imp, m) = import_file("state.json");
    let y = &imp.yaml;
    assert!(
        imp.details.placeholders.is_empty(),
        "{:?}",
        imp.details.placeholders
    );
    for id in [
        "vpc-0c0000000000000c1",
        "vpc-0b0000000000000b1",
        "vpce-svc-0b00000000000000a",
        "i-0c0000000000000c1",
    ] {
        assert!(y.contains(&format!("id: {id}")), "{id}:\n{y}");
    }
    // Named by tag, else by group name, else by the module address.
    assert!(y.contains("name: partner-endpoint"), "{y}");
    assert!(y.contains("name: module.provider.aws_vpc.this"), "{y}");
    let dns =
        "vpce-0c0000000000000e1-abcd1234.vpce-svc-0b00000000000000a.us-east-1.vpce.amazonaws.com";
    assert_eq!(
        verdict(&m, "i-0c0000000000000c1", dns, Some(443)),
        Verdict::Allowed
    );
    // The rule resource (aws_vpc_security_group_ingress_rule) is the group's only rule.
    let t = run(&m, "i-0c0000000000000c1", dns, Some(80));
    assert_eq!(t.verdict, Verdict::Blocked);
    assert_eq!(
        t.reason,
        Some(linkscope::engine::Reason::SgInboundDeny),
        "{t:#?}"
    );
}

#[test]
fn raw_tfstate_with_for_each_modules() {
    let (imp, m) = import_file("terraform.tfstate");
    let y = &imp.yaml;
    assert!(y.contains("region: eu-west-1"), "{y}");
    assert!(y.contains("id: \"444455556666\""), "{y}");
    // Module instance keys are kept in names.
    assert!(
        y.contains(r#"name: "module.vpc[\"shared\"].aws_subnet.this[\"a\"]""#),
        "{y}"
    );
    let b = m
        .subnets
        .iter()
        .find(|s| s.id == "subnet-0d00000000000000b")
        .expect("subnet b");
    assert_eq!(m.network_acls[b.network_acl].id, "acl-0d0000000000000d1");
    let rt = &m.route_tables[b.route_table];
    assert_eq!(rt.id, "rtb-0d0000000000000d1");
    // Data sources are not resources: nothing skipped.
    assert_eq!(imp.details.skipped_total(), 0, "{:?}", imp.details.skipped);
    let report = imp.report.join("\n");
    assert!(report.contains("not captured"), "{report}");
    assert!(report.contains("security groups:"), "{report}");
}

/// A plan of `n` VPCs, each with a subnet, a route table and its association, a security
/// group and an interface endpoint, all created (ids unknown) and linked by `count.index`.
fn generated_plan(n: usize) -> String {
    use serde_json::json;
    let mut res = Vec::new();
    let mut changes = Vec::new();
    let mut add = |t: &str, name: &str, i: usize, values: serde_json::Value, unknown: &[&str]| {
        let address = format!("{t}.{name}[{i}]");
        res.push(
            json!({"address": address, "mode": "managed", "type": t, "name": name,
            "index": i, "values": values}),
        );
        let mut u = serde_json::Map::new();
        u.insert("id".into(), json!(true));
        for k in unknown {
            u.insert((*k).into(), json!(true));
        }
        changes.push(
            json!({"address": address, "change": {"actions": ["create"], "after_unknown": u}}),
        );
    };
    for i in 0..n {
        let c = format!("10.{}.{}", i / 256 % 256, i % 256);
        add(
            "aws_vpc",
            "v",
            i,
            json!({"cidr_block": format!("{c}.0/24")}),
            &[],
        );
        add(
            "aws_subnet",
            "s",
            i,
            json!({"cidr_block": format!("{c}.0/25"), "availability_zone": "us-east-1a"}),
            &["vpc_id"],
        );
        add("aws_route_table", "r", i, json!({}), &["vpc_id"]);
        add(
            "aws_route_table_association",
            "a",
            i,
            json!({}),
            &["subnet_id", "route_table_id"],
        );
        add(
            "aws_security_group",
            "g",
            i,
            json!({"name": format!("g{i}"), "egress": [],
            "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": [format!("{c}.0/24")]}]}),
            &["vpc_id"],
        );
        add(
            "aws_vpc_endpoint",
            "e",
            i,
            json!({"service_name": "com.amazonaws.us-east-1.ssm",
            "vpc_endpoint_type": "Interface", "private_dns_enabled": true}),
            &["vpc_id", "subnet_ids", "security_group_ids"],
        );
    }
    let by_index = |t: &str| json!({"references": [t, "count.index"]});
    let conf = |t: &str, name: &str, ex: serde_json::Value| {
        json!({"address": format!("{t}.{name}"),
        "mode": "managed", "type": t, "name": name, "expressions": ex})
    };
    let cfg = vec![
        conf("aws_subnet", "s", json!({"vpc_id": by_index("aws_vpc.v")})),
        conf(
            "aws_route_table",
            "r",
            json!({"vpc_id": by_index("aws_vpc.v")}),
        ),
        conf(
            "aws_route_table_association",
            "a",
            json!({"subnet_id": by_index("aws_subnet.s"), "route_table_id": by_index("aws_route_table.r")}),
        ),
        conf(
            "aws_security_group",
            "g",
            json!({"vpc_id": by_index("aws_vpc.v")}),
        ),
        conf(
            "aws_vpc_endpoint",
            "e",
            json!({"vpc_id": by_index("aws_vpc.v"), "subnet_ids": by_index("aws_subnet.s"), "security_group_ids": by_index("aws_security_group.g")}),
        ),
    ];
    json!({"format_version": "1.2", "planned_values": {"root_module": {"resources": res}},
        "resource_changes": changes,
        "configuration": {"provider_config": {"aws": {"expressions": {"region": {"constant_value": "us-east-1"}}}},
            "root_module": {"resources": cfg}}})
    .to_string()
}

#[test]
fn generated_plan_links_every_instance_to_its_own_vpc() {
    let text = generated_plan(300);
    let imp = import::import_text(&text, "plan.json").unwrap_or_else(|d| panic!("{d:#?}"));
    let m =
        model::load_str(&imp.yaml, "plan", None).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(m.vpcs.len(), 300);
    assert_eq!(m.endpoints.len(), 300);
    let s = m
        .subnets
        .iter()
        .find(|s| s.id == "subnet-s-217")
        .expect("subnet 217");
    assert_eq!(m.vpcs[s.vpc].id, "vpc-v-217");
    assert_eq!(m.route_tables[s.route_table].id, "rtb-r-217");
}

/// Import time of generated plans: `cargo test --test model import_terraform_scale --
/// --ignored --nocapture` (debug build unless `--release`).
#[test]
#[ignore]
fn import_terraform_scale() {
    for n in [2_000, 20_000] {
        let text = generated_plan(n);
        let t0 = std::time::Instant::now();
        let imp = import::import_text(&text, "plan.json").unwrap_or_else(|d| panic!("{d:#?}"));
        let t1 = t0.elapsed();
        let m = model::load_str(&imp.yaml, "plan", None)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        eprintln!(
            "{n} VPCs ({} MB of plan JSON): import {t1:?}, then loading the model {:?}",
            text.len() / 1_000_000,
            t0.elapsed() - t1
        );
        assert_eq!(m.vpcs.len(), n);
    }
}

#[test]
fn inline_routes_with_unknown_targets_follow_the_block_references() {
    let (imp, m) = import_file("plan-routes.json");
    let y = &imp.yaml;
    // `route = [...]` written as one attribute: its references name the NAT gateway.
    assert!(y.contains("{ to: 0.0.0.0/0, via: nat-main }"), "{y}");
    assert!(y.contains("{ to: 0.0.0.0/0, via: igw-main }"), "{y}");
    // An aws_route to a peering connection created by the same plan.
    assert!(y.contains("{ to: 10.20.0.0/16, via: pcx-ab }"), "{y}");
    assert!(y.contains("peer_vpc: vpc-b"), "{y}");
    let t = run(&m, "subnet-private", "8.8.8.8", Some(443));
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some("nat-main"));
}

#[test]
fn a_bucket_policy_from_a_policy_document_data_source_is_read() {
    let (imp, m) = import_file("plan-routes.json");
    let b = m
        .bucket("app-data")
        .unwrap_or_else(|| panic!("{}", imp.yaml));
    assert!(b.policy.is_some(), "{}", imp.yaml);
    let opts = QueryOptions {
        action: Some("s3:DeleteObject".into()),
        ..Default::default()
    };
    let t = trace(&m, "subnet-private", "s3://app-data/x", &opts).expect("trace");
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(
        t.reason,
        Some(linkscope::engine::Reason::BucketPolicyDeny),
        "{t:#?}"
    );
    assert_eq!(
        verdict(&m, "subnet-private", "s3://app-data/x", None),
        Verdict::Allowed
    );
}
