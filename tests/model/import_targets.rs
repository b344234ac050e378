//! Target groups and target health imported from elbv2 captures change a trace's verdict.
//!
//! The two-account fixture (tests/fixtures/import/org) plus the load balancer's target groups
//! (tests/fixtures/import/targets): the consumer's endpoint to partner-api has its interface
//! in use1-az2; the `api` group behind listener 443 has an unhealthy target there and a
//! healthy one in use1-az4, with cross-zone off.

use std::path::{Path, PathBuf};

use linkscope::engine::{self, Verdict};
use linkscope::import::{self, Imported};
use linkscope::model::{self, Model};

const SVC: &str = "vpce-svc-0b1234567890abcde";
const VPCE_PARTNER: &str = "vpce-0a3333333333333d3";
const FROM: &str = "i-0a2000000000000a2";
const API_HEALTH: &str = "222222222222/us-east-1/elbv2-describe-target-health.api.1111.json";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// The org capture with the target group files laid over it; `edit` may change the folder.
fn capture(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("org");
    crate::copy_tree(&fixtures().join("org"), &dir);
    crate::copy_tree(&fixtures().join("targets"), &dir);
    edit(&dir);
    (tmp, dir)
}

fn import(dir: &Path) -> (Imported, Model) {
    let imp = import::import_dir(dir).unwrap_or_else(|d| panic!("{d:#?}"));
    // The model as `linkscope trace captures/` builds it (directly from the document), and
    // the same as the one its YAML (`import -o`) loads to.
    crate::import_direct::assert_same_model(&dir.display().to_string(), &imp);
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn trace(m: &Model, port: u16) -> engine::Trace {
    let opts = engine::QueryOptions {
        port: Some(port),
        ..Default::default()
    };
    engine::trace(m, FROM, VPCE_PARTNER, &opts).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_unhealthy_target_in_the_interface_az_blocks_the_imported_trace() {
    let (_tmp, dir) = capture(|_| {});
    let (imp, m) = import(&dir);
    let s = m
        .endpoint_services
        .iter()
        .find(|s| s.id == SVC)
        .expect("the service");
    let lb = &s.load_balancer;
    let api = lb
        .target_groups
        .iter()
        .find(|g| g.id == "api")
        .unwrap_or_else(|| panic!("no target group api:\n{}", imp.yaml));
    assert_eq!(api.port, Some(8080));
    assert!(api.proxy_protocol_v2, "from the group's attributes");
    assert_eq!(api.cross_zone, None, "use_load_balancer_configuration");
    let unhealthy: Vec<&str> = api
        .targets
        .iter()
        .filter(|t| !t.healthy)
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(unhealthy, ["10.20.1.50"]);
    let l443 = lb.listeners.iter().find(|l| l.port == 443).unwrap();
    assert_eq!(lb.target_group_of(l443).map(|g| g.id.as_str()), Some("api"));
    let l8443 = lb.listeners.iter().find(|l| l.port == 8443).unwrap();
    assert_eq!(
        lb.target_group_of(l8443).map(|g| g.id.as_str()),
        Some("admin")
    );
    assert!(
        !lb.cross_zone,
        "the group's attributes are not the load balancer's"
    );
    // The application load balancer's group is not written.
    assert!(!imp.yaml.contains("id: web"), "{}", imp.yaml);

    let t = trace(&m, 443);
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(
        t.reason_code(),
        Some("ELB_NO_HEALTHY_TARGET_IN_AZ"),
        "{t:#?}"
    );
}

#[test]
fn the_same_capture_with_the_target_healthy_is_allowed() {
    let (_tmp, dir) = capture(|d| {
        let f = d.join(API_HEALTH);
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, text.replace("\"unhealthy\"", "\"healthy\"")).unwrap();
    });
    let (_, m) = import(&dir);
    let t = trace(&m, 443);
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.reason_code(), None);
}

#[test]
fn target_health_not_captured_leaves_targets_unchecked_and_says_so() {
    let (_tmp, dir) = capture(|d| std::fs::remove_file(d.join(API_HEALTH)).unwrap());
    let (imp, m) = import(&dir);
    let s = m.endpoint_services.iter().find(|s| s.id == SVC).unwrap();
    assert!(
        s.load_balancer.target_groups.is_empty(),
        "all or nothing per load balancer"
    );
    let said = imp.details.inferred.iter().any(|i| {
        i.contains(SVC)
            && i.contains("health of target group api not captured")
            && i.contains("elbv2-describe-target-health.api.1111.json")
    });
    assert!(said, "{:#?}", imp.details.inferred);
    assert_ne!(
        trace(&m, 443).reason_code(),
        Some("ELB_NO_HEALTHY_TARGET_IN_AZ")
    );
}

#[test]
fn no_target_groups_captured_is_in_the_not_captured_section() {
    let (imp, m) = import(&fixtures().join("org"));
    assert!(
        m.endpoint_services
            .iter()
            .all(|s| s.load_balancer.target_groups.is_empty())
    );
    let line = imp
        .details
        .not_captured
        .iter()
        .find(|l| l.starts_with("target groups and target health"))
        .unwrap_or_else(|| panic!("{:#?}", imp.details.not_captured));
    assert!(line.contains(SVC), "{line}");
    // With the groups captured, the line goes.
    let (_tmp, dir) = capture(|_| {});
    let (imp, _) = import(&dir);
    assert!(
        !imp.details
            .not_captured
            .iter()
            .any(|l| l.starts_with("target groups")),
        "{:#?}",
        imp.details.not_captured
    );
}

#[test]
fn a_healthy_target_outside_the_capture_drops_the_groups_an_unhealthy_one_is_skipped() {
    let (_tmp, dir) = capture(|d| {
        let f = d.join(API_HEALTH);
        let text = std::fs::read_to_string(&f).unwrap();
        // The unhealthy target moves outside the VPC: skipped and counted.
        std::fs::write(&f, text.replace("10.20.1.50", "192.168.7.7")).unwrap();
    });
    let (imp, m) = import(&dir);
    let s = m.endpoint_services.iter().find(|s| s.id == SVC).unwrap();
    let api = s
        .load_balancer
        .target_groups
        .iter()
        .find(|g| g.id == "api")
        .unwrap();
    assert_eq!(api.targets.len(), 1);
    assert_eq!(
        imp.details
            .skipped_count("targets that are not healthy and not in a captured instance or subnet"),
        1
    );
    let (_tmp, dir) = capture(|d| {
        let f = d.join(API_HEALTH);
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, text.replace("10.20.2.50", "192.168.7.7")).unwrap();
    });
    let (imp, m) = import(&dir);
    let s = m.endpoint_services.iter().find(|s| s.id == SVC).unwrap();
    assert!(s.load_balancer.target_groups.is_empty());
    assert!(
        imp.details
            .inferred
            .iter()
            .any(|i| i.contains("healthy target 192.168.7.7")),
        "{:#?}",
        imp.details.inferred
    );
}

/// Edit one capture file as JSON.
fn edit_json(path: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn supported_regions_ip_types_and_dual_stack_endpoints_are_imported() {
    use serde_json::json;
    let (_tmp, dir) = capture(|d| {
        let consumer = d.join("111111111111/us-east-1");
        edit_json(&consumer.join("describe-subnets.json"), |v| {
            for s in v["Subnets"].as_array_mut().unwrap() {
                if s["SubnetId"] == "subnet-0a22bb22bb22bb222" {
                    s["Ipv6CidrBlockAssociationSet"] = json!([{
                        "AssociationId": "subnet-cidr-assoc-1",
                        "Ipv6CidrBlock": "2600:1f18:abcd:2::/64",
                        "Ipv6CidrBlockState": { "State": "associated" }
                    }]);
                }
            }
        });
        edit_json(&consumer.join("describe-vpc-endpoints.json"), |v| {
            for e in v["VpcEndpoints"].as_array_mut().unwrap() {
                if e["VpcEndpointId"] == VPCE_PARTNER {
                    e["IpAddressType"] = json!("dualstack");
                    e["DnsOptions"] = json!({ "DnsRecordIpType": "service-defined" });
                    // Not the Region in the service's name: not written (the model would
                    // not load).
                    e["ServiceRegion"] = json!("us-west-2");
                }
            }
        });
        let provider = d.join("222222222222/us-east-1");
        edit_json(
            &provider.join("describe-vpc-endpoint-service-configurations.json"),
            |v| {
                let s = &mut v["ServiceConfigurations"][0];
                s["SupportedIpAddressTypes"] = json!(["ipv4", "ipv6"]);
                s["SupportedRegions"] = json!([
                    { "Region": "us-east-1", "ServiceState": "Available" },
                    { "Region": "us-west-2", "ServiceState": "Available" },
                    { "Region": "eu-west-1", "ServiceState": "Pending" }
                ]);
            },
        );
    });
    let (imp, m) = import(&dir);
    let s = m.endpoint_services.iter().find(|s| s.id == SVC).unwrap();
    assert_eq!(
        s.supported_regions,
        ["us-west-2"],
        "own Region implied, pending skipped"
    );
    assert_eq!(s.supported_ip_address_types, ["ipv4", "ipv6"]);
    assert_eq!(
        imp.details
            .skipped_count("supported Regions not available (pending, deleting, closed, failed)"),
        1
    );
    let e = m.endpoints.iter().find(|e| e.id == VPCE_PARTNER).unwrap();
    assert_eq!(e.ip_address_type, "dualstack");
    assert_eq!(e.dns_record_ip_type, "service-defined");
    // A service Region its service's name contradicts is not written.
    assert!(!imp.yaml.contains("service_region:"), "{}", imp.yaml);
    let sub = m
        .subnets
        .iter()
        .find(|s| s.id == "subnet-0a22bb22bb22bb222")
        .unwrap();
    assert_eq!(
        sub.ipv6_cidr.map(|n| n.to_string()).as_deref(),
        Some("2600:1f18:abcd:2::/64")
    );
    // No warning that the subnet or the service lacks IPv6.
    assert!(
        !m.warnings
            .iter()
            .any(|w| w.code.starts_with("ENDPOINT_IP_TYPE")),
        "{:#?}",
        m.warnings
    );
    // The endpoint step says the interface has an IPv6 address too.
    let t = trace(&m, 8443);
    let step = t
        .steps
        .iter()
        .find(|s| s.facts.contains_key("eni_ipv6"))
        .unwrap_or_else(|| panic!("{t:#?}"));
    assert!(
        step.facts["eni_ipv6"]
            .as_str()
            .unwrap()
            .starts_with("2600:1f18:abcd:2::")
    );
}

// ---- the same from Terraform (tests/fixtures/import/terraform/state.json, edited)

const TF_FROM: &str = "i-0c0000000000000c1";
const TF_TO: &str =
    "vpce-0c0000000000000e1-abcd1234.vpce-svc-0b00000000000000a.us-east-1.vpce.amazonaws.com";
const TG_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/0b0000000000tg01";

fn tf_resource(
    address: &str,
    rtype: &str,
    name: &str,
    values: serde_json::Value,
) -> serde_json::Value {
    serde_json::json!({
        "address": address, "mode": "managed", "type": rtype, "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
        "values": values, "sensitive_values": {}
    })
}

/// The state with a second provider subnet (use1-az6), the load balancer in both, a target
/// group `api` behind its listener, and `attach` targets (IP addresses).
fn tf_state(cross_zone: &str, attach: &[&str]) -> (tempfile::TempDir, PathBuf) {
    use serde_json::json;
    let text = std::fs::read_to_string(fixtures().join("terraform/state.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let provider = v["values"]["root_module"]["child_modules"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["address"] == "module.provider")
        .unwrap();
    let res = provider["resources"].as_array_mut().unwrap();
    for r in res.iter_mut() {
        if r["address"] == "module.provider.aws_lb.api" {
            r["values"]["subnets"] =
                json!(["subnet-0b00000000000000a", "subnet-0b00000000000000b"]);
        }
        if r["address"] == "module.provider.aws_lb_listener.https" {
            r["values"]["default_action"] =
                json!([{ "type": "forward", "target_group_arn": TG_ARN }]);
        }
    }
    let mut sub_b = res
        .iter()
        .find(|r| r["address"] == "module.provider.aws_subnet.this[0]")
        .unwrap()
        .clone();
    sub_b["address"] = json!("module.provider.aws_subnet.this[1]");
    sub_b["index"] = json!(1);
    sub_b["values"]["id"] = json!("subnet-0b00000000000000b");
    sub_b["values"]["cidr_block"] = json!("10.2.2.0/24");
    sub_b["values"]["availability_zone"] = json!("us-east-1b");
    sub_b["values"]["availability_zone_id"] = json!("use1-az6");
    sub_b["values"]["tags"] = json!({ "Name": "provider-b" });
    res.push(sub_b);
    res.push(tf_resource(
        "module.provider.aws_lb_target_group.api",
        "aws_lb_target_group",
        "api",
        json!({ "id": TG_ARN, "arn": TG_ARN, "name": "api", "port": 8443, "protocol": "TCP",
                "target_type": "ip", "vpc_id": "vpc-0b0000000000000b1", "proxy_protocol_v2": true,
                "load_balancing_cross_zone_enabled": cross_zone }),
    ));
    for (i, ip) in attach.iter().enumerate() {
        res.push(tf_resource(
            &format!("module.provider.aws_lb_target_group_attachment.api[{i}]"),
            "aws_lb_target_group_attachment",
            "api",
            json!({ "id": format!("{TG_ARN}-{i}"), "target_group_arn": TG_ARN, "target_id": ip, "port": 8443 }),
        ));
    }
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("state.json");
    std::fs::write(&f, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    (tmp, f)
}

fn tf_import(f: &Path) -> (Imported, Model) {
    let imp = import::import_path(f).unwrap_or_else(|d| panic!("{d:#?}"));
    // The model as `linkscope trace captures/` builds it (directly from the document), and
    // the same as the one its YAML (`import -o`) loads to.
    crate::import_direct::assert_same_model(&f.display().to_string(), &imp);
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn tf_trace(m: &Model) -> engine::Trace {
    let opts = engine::QueryOptions {
        port: Some(443),
        ..Default::default()
    };
    engine::trace(m, TF_FROM, TF_TO, &opts).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn terraform_targets_only_in_another_az_with_cross_zone_off_block_the_plan() {
    // The consumer's interface is in use1-az4; the only target is in use1-az6.
    let (_tmp, f) = tf_state("false", &["10.2.2.10"]);
    let (imp, m) = tf_import(&f);
    let lb = &m.endpoint_services[0].load_balancer;
    assert_eq!(lb.target_groups.len(), 1, "{}", imp.yaml);
    let g = &lb.target_groups[0];
    assert_eq!(
        (g.id.as_str(), g.port, g.cross_zone),
        ("api", Some(8443), Some(false))
    );
    assert!(g.proxy_protocol_v2);
    assert_eq!(g.targets[0].zone_id, "use1-az6");
    assert_eq!(
        lb.target_group_of(&lb.listeners[0]).map(|g| g.id.as_str()),
        Some("api")
    );
    assert!(
        imp.details
            .inferred
            .iter()
            .any(|i| i.contains("target health is not in Terraform")),
        "{:#?}",
        imp.details.inferred
    );
    let t = tf_trace(&m);
    assert_eq!(t.verdict, Verdict::Blocked, "{t:#?}");
    assert_eq!(t.reason_code(), Some("ELB_NO_HEALTHY_TARGET_IN_AZ"));

    // Cross-zone on for the group: the node in use1-az4 may send to use1-az6.
    let (_tmp, f) = tf_state("true", &["10.2.2.10"]);
    let (_, m) = tf_import(&f);
    let t = tf_trace(&m);
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert!(
        t.steps
            .iter()
            .any(|s| s.facts.get("proxy_protocol_v2").and_then(|v| v.as_bool()) == Some(true)),
        "{t:#?}"
    );
}

#[test]
fn terraform_target_group_without_attachments_is_not_taken_for_empty() {
    let (_tmp, f) = tf_state("false", &[]);
    let (imp, m) = tf_import(&f);
    assert!(
        m.endpoint_services[0]
            .load_balancer
            .target_groups
            .is_empty()
    );
    assert!(
        imp.details
            .inferred
            .iter()
            .any(|i| i.contains("health of target group api not captured")),
        "{:#?}",
        imp.details.inferred
    );
    assert_eq!(tf_trace(&m).verdict, Verdict::Allowed);
}

#[test]
fn target_groups_survive_export_and_re_import() {
    let (_tmp, dir) = capture(|_| {});
    let (first, _) = import(&dir);
    // Export reads policies and listener protocols as written, from the model's text: the
    // model loaded from the import's YAML has it (the one built directly has no text).
    let m = model::load_str(&first.yaml, "<imported>", None).unwrap();
    let out = tempfile::tempdir().unwrap();
    let again = out.path().join("org");
    import::export::write_dir(&m, &again).unwrap();
    let (second, m2) = import(&again);
    let body = |y: &str| -> String {
        y.lines()
            .skip_while(|l| l.starts_with('#') || l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(first.yaml.contains("target_group: api"), "{}", first.yaml);
    assert!(
        first.yaml.contains("proxy_protocol_v2: true"),
        "{}",
        first.yaml
    );
    assert_eq!(body(&first.yaml), body(&second.yaml));
    assert_eq!(
        trace(&m2, 443).reason_code(),
        Some("ELB_NO_HEALTHY_TARGET_IN_AZ")
    );
}

/// samples/privatelink-2026.yaml as captures (the exporter writes what the capture script
/// saves), imported again: its expectations hold on the imported model, so target groups and
/// health, cross-zone, supported Regions, service Regions and dual-stack endpoints all travel
/// through the describe-* outputs, and so do resource configurations, service networks and
/// the resource and service-network endpoints (their expectations hold too).
#[test]
fn privatelink_2026_sample_exported_and_imported_keeps_its_verdicts() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/privatelink-2026.yaml");
    let m = model::load_file(&sample).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("privatelink-2026");
    import::export::write_dir(&m, &dir).unwrap();
    let (imp, mut m2) = import(&dir);
    for s in &m.endpoint_services {
        let s2 = m2
            .endpoint_services
            .iter()
            .find(|x| x.id == s.id)
            .unwrap_or_else(|| panic!("{} lost:\n{}", s.id, imp.yaml));
        assert_eq!(s.supported_regions, s2.supported_regions, "{}", s.id);
        assert_eq!(
            s.load_balancer.target_groups.len(),
            s2.load_balancer.target_groups.len(),
            "{}:\n{}",
            s.id,
            imp.yaml
        );
    }
    // Resource gateways and configurations, service networks with their associations and
    // sharing, resource and service-network endpoints travel too (ES-26, ES-33).
    let ids = |v: Vec<&str>| {
        let mut v: Vec<String> = v.into_iter().map(str::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(
        ids(m
            .resource_configurations
            .iter()
            .map(|c| c.id.as_str())
            .collect()),
        ids(m2
            .resource_configurations
            .iter()
            .map(|c| c.id.as_str())
            .collect()),
        "{}",
        imp.yaml
    );
    assert_eq!(
        m.service_networks.len(),
        m2.service_networks.len(),
        "{}",
        imp.yaml
    );
    for (a, b) in m.service_networks.iter().zip(&m2.service_networks) {
        assert_eq!(
            (&a.id, &a.auth_type, a.sharing, &a.shared_with, &a.services),
            (&b.id, &b.auth_type, b.sharing, &b.shared_with, &b.services)
        );
        assert_eq!(a.auth_policy.is_some(), b.auth_policy.is_some(), "{}", a.id);
        let names = |m: &Model, n: &linkscope::model::ServiceNetwork| {
            n.resource_configurations
                .iter()
                .map(|&r| m.resource_configurations[r].id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&m, a), names(&m2, b), "{}", a.id);
    }
    // The organization and the accounts' OU paths (aws:VpceOrgPaths) are not in any describe-*
    // output, so the bucket read that needs them is left out.
    m2.expectations = m
        .expectations
        .iter()
        .filter(|x| !x.to.starts_with("s3://"))
        .cloned()
        .collect();
    assert!(m2.expectations.len() >= 10);
    let failed: Vec<String> = engine::run_expectations(&m2)
        .into_iter()
        .filter(|r| !r.passed)
        .map(|r| format!("{} -> {}: {:?} {:?}", r.from, r.to, r.mismatch, r.error))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}\n{}", imp.yaml);
}

/// A capture folder of `n` endpoint services, each with its VPC, two subnets, a network load
/// balancer, a listener, a target group with two IP targets (one unhealthy) and its health and
/// attributes files.
fn generated_capture(dir: &Path, n: usize) {
    use serde_json::json;
    let acct = "333333333333";
    let d = dir.join(acct).join("us-east-1");
    std::fs::create_dir_all(&d).unwrap();
    let (mut vpcs, mut subnets, mut svcs, mut lbs, mut listeners, mut tgs) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for i in 0..n {
        let (a, b) = (i / 250, i % 250);
        let vpc = format!("vpc-{i:017x}");
        vpcs.push(
            json!({ "VpcId": vpc, "OwnerId": acct, "CidrBlock": format!("10.{a}.{b}.0/24") }),
        );
        for (k, z) in ["a", "b"].iter().enumerate() {
            subnets.push(json!({ "SubnetId": format!("subnet-{i:011x}{k:06x}"), "VpcId": vpc, "OwnerId": acct,
                "CidrBlock": format!("10.{a}.{b}.{}/25", k * 128), "AvailabilityZone": format!("us-east-1{z}") }));
        }
        let lb = format!(
            "arn:aws:elasticloadbalancing:us-east-1:{acct}:loadbalancer/net/lb{i}/{i:016x}"
        );
        let tg =
            format!("arn:aws:elasticloadbalancing:us-east-1:{acct}:targetgroup/tg{i}/{i:016x}");
        lbs.push(json!({ "LoadBalancerArn": lb, "LoadBalancerName": format!("lb{i}"), "Type": "network", "VpcId": vpc,
            "AvailabilityZones": [{ "ZoneName": "us-east-1a", "SubnetId": format!("subnet-{i:011x}{:06x}", 0) },
                                  { "ZoneName": "us-east-1b", "SubnetId": format!("subnet-{i:011x}{:06x}", 1) }] }));
        listeners.push(
            json!({ "LoadBalancerArn": lb, "Port": 443, "Protocol": "TCP",
            "DefaultActions": [{ "Type": "forward", "TargetGroupArn": tg }] }),
        );
        tgs.push(json!({ "TargetGroupArn": tg, "TargetGroupName": format!("tg{i}"), "Port": 443, "VpcId": vpc,
            "TargetType": "ip", "LoadBalancerArns": [lb] }));
        svcs.push(json!({ "ServiceId": format!("vpce-svc-{i:017x}"), "ServiceType": [{ "ServiceType": "Interface" }],
            "AcceptanceRequired": false, "NetworkLoadBalancerArns": [lb] }));
        let health = json!({ "TargetHealthDescriptions": [
            { "Target": { "Id": format!("10.{a}.{b}.10") }, "TargetHealth": { "State": "healthy" } },
            { "Target": { "Id": format!("10.{a}.{b}.140") }, "TargetHealth": { "State": "unhealthy" } } ] });
        std::fs::write(
            d.join(format!("elbv2-describe-target-health.tg{i}.{i:016x}.json")),
            health.to_string(),
        )
        .unwrap();
        let attrs =
            json!({ "Attributes": [{ "Key": "proxy_protocol_v2.enabled", "Value": "false" }] });
        std::fs::write(
            d.join(format!(
                "elbv2-describe-target-group-attributes.tg{i}.{i:016x}.json"
            )),
            attrs.to_string(),
        )
        .unwrap();
    }
    for (file, key, list) in [
        ("describe-vpcs.json", "Vpcs", vpcs),
        ("describe-subnets.json", "Subnets", subnets),
        (
            "describe-vpc-endpoint-service-configurations.json",
            "ServiceConfigurations",
            svcs,
        ),
        ("elbv2-describe-load-balancers.json", "LoadBalancers", lbs),
        ("elbv2-describe-listeners.json", "Listeners", listeners),
        ("elbv2-describe-target-groups.json", "TargetGroups", tgs),
    ] {
        std::fs::write(d.join(file), json!({ key: list }).to_string()).unwrap();
    }
}

/// Import time with target groups grows linearly: `cargo test --test model
/// import_target_groups_scale -- --ignored --nocapture`.
#[test]
#[ignore]
fn import_target_groups_scale() {
    for n in [500, 2000, 8000] {
        let tmp = tempfile::tempdir().unwrap();
        generated_capture(tmp.path(), n);
        let t = std::time::Instant::now();
        let imp = import::import_dir(tmp.path()).unwrap_or_else(|d| panic!("{d:#?}"));
        let took = t.elapsed();
        let groups = imp
            .doc
            .endpoint_services
            .iter()
            .filter(|s| s.load_balancer.target_groups.len() == 1)
            .count();
        assert_eq!(groups, n, "{:#?}", imp.details.inferred.first());
        eprintln!("{n} services with target groups: import {took:.2?}");
    }
}

#[test]
fn query_shaped_target_lists_are_read_too() {
    // `aws elbv2 describe-target-health --query 'TargetHealthDescriptions[]'` and
    // `describe-target-groups --query 'TargetGroups[]'` print bare lists.
    let (_tmp, dir) = capture(|d| {
        let r = d.join("222222222222/us-east-1");
        for (file, key) in [
            (
                "elbv2-describe-target-health.api.1111.json",
                "TargetHealthDescriptions",
            ),
            ("elbv2-describe-target-groups.json", "TargetGroups"),
        ] {
            edit_json(&r.join(file), |v| *v = v[key].take());
        }
    });
    let (_, m) = import(&dir);
    assert_eq!(
        trace(&m, 443).reason_code(),
        Some("ELB_NO_HEALTHY_TARGET_IN_AZ")
    );
}

#[test]
fn terraform_target_in_an_az_the_load_balancer_does_not_use_is_unused() {
    // The load balancer only in use1-az4 (subnet a); targets in use1-az4 and use1-az6.
    let (_tmp, f) = tf_state("false", &["10.2.1.10", "10.2.2.10"]);
    edit_json(&f, |v| {
        for m in v["values"]["root_module"]["child_modules"]
            .as_array_mut()
            .unwrap()
        {
            for r in m["resources"].as_array_mut().unwrap() {
                if r["address"] == "module.provider.aws_lb.api" {
                    r["values"]["subnets"] = serde_json::json!(["subnet-0b00000000000000a"]);
                }
            }
        }
    });
    let (imp, m) = tf_import(&f);
    let g = &m.endpoint_services[0].load_balancer.target_groups[0];
    let health: Vec<(&str, &str)> = g
        .targets
        .iter()
        .map(|t| (t.id.as_str(), t.health.as_str()))
        .collect();
    assert_eq!(health, [("10.2.1.10", "healthy"), ("10.2.2.10", "unused")]);
    assert!(
        imp.details
            .inferred
            .iter()
            .any(|i| i.contains("10.2.2.10") && i.contains("Target.NotInUse")),
        "{:#?}",
        imp.details.inferred
    );
    assert_eq!(tf_trace(&m).verdict, Verdict::Allowed);
}

#[test]
fn a_target_group_without_a_name_is_reported_not_written() {
    let (_tmp, dir) = capture(|d| {
        edit_json(
            &d.join("222222222222/us-east-1/elbv2-describe-target-groups.json"),
            |v| v["TargetGroups"][0]["TargetGroupName"] = serde_json::json!(""),
        );
    });
    let (imp, m) = import(&dir);
    let s = m.endpoint_services.iter().find(|s| s.id == SVC).unwrap();
    assert!(s.load_balancer.target_groups.is_empty());
    assert!(
        imp.details
            .inferred
            .iter()
            .any(|i| i.contains("has no usable name")),
        "{:#?}",
        imp.details.inferred
    );
}

/// A model with resource endpoints exports them as AWS describes them (type `Resource`, a
/// resource configuration ARN; the gateways and configurations as `vpc-lattice get-*` output,
/// who they are shared with as AWS RAM share associations) and imports back to the same
/// resource endpoints, configurations and verdicts (ES-26..ES-32).
#[test]
fn resource_endpoints_survive_export_and_re_import() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models/trace/resource.yaml");
    let m = model::load_file(&path).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("resource");
    import::export::write_dir(&m, &dir).unwrap();
    let text =
        std::fs::read_to_string(dir.join("111111111111/us-east-1/describe-vpc-endpoints.json"))
            .unwrap_or_default();
    assert!(
        text.contains("\"VpcEndpointType\": \"Resource\"")
            || text.contains("\"VpcEndpointType\":\"Resource\""),
        "{text}"
    );
    assert!(
        text.contains("arn:aws:vpc-lattice:us-east-1:222222222222:resourceconfiguration/rcfg-db"),
        "{text}"
    );
    let (imp, m2) = import(&dir);
    let ids = |m: &Model| {
        let mut v: Vec<String> = m
            .endpoints
            .iter()
            .filter(|e| matches!(e.target, linkscope::model::EndpointTarget::Resource(_)))
            .map(|e| e.id.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids(&m2), ids(&m), "{}", imp.yaml);
    for c in &m.resource_configurations {
        let c2 = m2
            .resource_configurations
            .iter()
            .find(|x| x.id == c.id)
            .unwrap_or_else(|| panic!("{} not re-imported:\n{}", c.id, imp.yaml));
        assert_eq!(c2.shared_with, c.shared_with, "{}", c.id);
        assert_eq!(c2.port_ranges, c.port_ranges, "{}", c.id);
        assert_eq!(c2.target, c.target, "{}", c.id);
    }
    assert!(
        imp.details.skipped.is_empty(),
        "nothing of it is skipped: {:#?}",
        imp.details.skipped
    );
    // The same verdicts (the gateway's fixed address aside, which the capture does not hold).
    for x in &m.expectations {
        let opts = engine::QueryOptions {
            port: x.port,
            protocol: x.protocol.clone(),
            ..Default::default()
        };
        let a = engine::trace(&m, &x.from, &x.to, &opts).unwrap();
        let b = engine::trace(&m2, &x.from, &x.to, &opts).unwrap();
        assert_eq!(
            (a.verdict, a.reason_code()),
            (b.verdict, b.reason_code()),
            "{} -> {}",
            x.from,
            x.to
        );
    }
}
