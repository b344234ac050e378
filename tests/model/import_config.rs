//! AWS Config (a configuration snapshot, `select-resource-config` output) imported and traced.

use std::path::{Path, PathBuf};

use linkscope::engine::{QueryOptions, Verdict, trace};
use linkscope::import::{self, Imported};
use linkscope::model::{self, Model};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/config")
        .join(name)
}

fn import_file(name: &str) -> (Imported, Model) {
    let imp = import::import_path(&fixture(name)).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
    let m = model::load_str(&imp.yaml, name, None)
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn body(yaml: &str) -> String {
    yaml.lines()
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .filter(|l| !l.starts_with("name:") && !l.starts_with("description:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshot_imports_with_accounts_regions_and_names() {
    let (imp, m) = import_file("snapshot.json");
    let y = &imp.yaml;
    assert!(y.contains("region: us-east-1"), "{y}");
    assert!(y.contains("id: \"111122223333\""), "{y}");
    assert!(y.contains("name: config-vpc"), "{y}");
    assert_eq!(m.vpcs.len(), 1);
    assert_eq!(m.subnets.len(), 1, "the deleted subnet is not imported");
    // CIDRs are read from `ipv4Ranges` (Config also lists them as bare strings in `ipRanges`).
    assert!(
        y.contains("{ protocol: tcp, ports: 443, to: 0.0.0.0/0 }"),
        "{y}"
    );
    assert!(
        y.contains("{ protocol: tcp, ports: 443, from: sg-0e0000000000000e1 }"),
        "{y}"
    );
    let r = &imp.details;
    assert_eq!(
        r.skipped_count("AWS Config items of deleted or unrecorded resources"),
        1
    );
    assert_eq!(
        r.skipped_count("AWS Config items of types linkscope does not read"),
        1
    );
    assert!(
        r.skipped["AWS Config items of types linkscope does not read"].examples[0]
            .contains("AWS::S3::Bucket")
    );
    let t = trace(
        &m,
        "i-0e0000000000000e1",
        "ssm.us-east-1.amazonaws.com",
        &QueryOptions {
            port: Some(443),
            ..Default::default()
        },
    )
    .expect("trace");
    assert_eq!(t.verdict, Verdict::Allowed, "{t:#?}");
    assert_eq!(t.via.as_deref(), Some("vpce-0e0000000000000e1"), "{t:#?}");
}

#[test]
fn select_resource_config_gives_the_same_model_as_the_snapshot() {
    let (a, _) = import_file("snapshot.json");
    let (b, _) = import_file("select-resource-config.json");
    assert_eq!(body(&a.yaml), body(&b.yaml));
}
