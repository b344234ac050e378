//! The importer against fixtures written for this project in the shape of real AWS CLI output
//! (tests/fixtures/import/), and against public real captures when ../shared/real-data exists.

use std::path::{Path, PathBuf};

use linkscope::import::{self, Imported, export};
use linkscope::model::{self, Model};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn import_ok(dir: &Path) -> Imported {
    import::import_dir(dir).unwrap_or_else(|d| panic!("import of {} failed: {d:#?}", dir.display()))
}

fn load(imp: &Imported) -> Model {
    model::load_str(&imp.yaml, "<imported>", None)
        .unwrap_or_else(|e| panic!("imported model does not load:\n{}\n---\n{}", e.render(false), imp.yaml))
}

/// The YAML without its header comment (which lists the report, not the model).
fn body(yaml: &str) -> String {
    yaml.lines().skip_while(|l| l.starts_with('#') || l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[test]
fn import_export_import_is_a_fixpoint() {
    let first = import_ok(&fixture("org"));
    let m = load(&first);
    let tmp = tempfile::tempdir().unwrap();
    // Same folder name, so the model's name is the same.
    let dir = tmp.path().join("org");
    export::write_dir(&m, &dir).unwrap();
    let second = import_ok(&dir);
    let a = body(&first.yaml);
    let b = body(&second.yaml);
    if a != b {
        let diff: Vec<String> = a
            .lines()
            .zip(b.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .take(10)
            .map(|(i, (x, y))| format!("line {}:\n  first:  {x}\n  second: {y}", i + 1))
            .collect();
        panic!("re-import differs ({} vs {} lines):\n{}", a.lines().count(), b.lines().count(), diff.join("\n"));
    }
    for needle in ["endpoint_services:", "hosted_zones:", "buckets:", "policy:", "peerings:", "ips: {", "role:"] {
        assert!(b.contains(needle), "{needle} missing after the round trip:\n{b}");
    }
    assert!(second.details.skipped.is_empty(), "the export holds only what the model says: {:#?}", second.details.skipped);
    load(&second);
}
