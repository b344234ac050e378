//! An import builds its model directly from the document (`Imported::model`, src/import/to_raw.rs)
//! and writes YAML only when asked. Both ways must give the same model: for every import
//! fixture, every sample exported as captures, and generated organisations, the model built
//! directly equals the model loaded from the written text, object for object, default for
//! default, warning for warning (positions aside: the direct model has none).
//!
//! When this fails after a field was added to `import::doc::Doc` and written by `to_yaml`, the
//! field still needs its line in `src/import/to_raw.rs`: the message names the first object
//! that differs.

use std::path::{Path, PathBuf};

use serde_json::Value;

use linkscope::import::{self, Imported, export};
use linkscope::model::{self, LoadError, Model};
use linkscope::testgen::{Spec, generate};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// `v` without positions (`pos`, `line`, `column`, `line_text` keys), which only the text has.
fn strip(v: Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "pos" | "line" | "column" | "line_text"))
                .map(|(k, v)| (k, strip(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip).collect()),
        v => v,
    }
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    strip(serde_json::to_value(v).expect("serialises"))
}

/// Everything a loaded model holds, as (section, value) pairs, positions stripped.
fn sections(m: &Model) -> Vec<(&'static str, Value)> {
    vec![
        ("name", json(&m.name)),
        ("description", json(&m.description)),
        ("region", json(&m.region)),
        ("organization", json(&m.organization)),
        ("accounts", json(&m.accounts)),
        ("vpcs", json(&m.vpcs)),
        ("subnets", json(&m.subnets)),
        ("route_tables", json(&m.route_tables)),
        ("network_acls", json(&m.network_acls)),
        ("security_groups", json(&m.security_groups)),
        ("gateways", json(&m.gateways)),
        ("peerings", json(&m.peerings)),
        ("instances", json(&m.instances)),
        ("endpoints", json(&m.endpoints)),
        ("endpoint_services", json(&m.endpoint_services)),
        ("resource_gateways", json(&m.resource_gateways)),
        ("resource_configurations", json(&m.resource_configurations)),
        ("service_networks", json(&m.service_networks)),
        (
            "service_network_auth_policies",
            json(
                &m.service_networks
                    .iter()
                    .map(|n| n.auth_policy.is_some())
                    .collect::<Vec<_>>(),
            ),
        ),
        ("hosted_zones", json(&m.hosted_zones)),
        ("buckets", json(&m.buckets)),
        ("transit_gateways", json(&m.transit_gateways)),
        ("tgw_attachments", json(&m.tgw_attachments)),
        ("tgw_route_tables", json(&m.tgw_route_tables)),
        ("networks", json(&m.networks)),
        ("hosts", json(&m.hosts)),
        ("resolver_endpoints", json(&m.resolver_endpoints)),
        ("resolver_rules", json(&m.resolver_rules)),
        ("catalogue", json(&m.catalogue)),
        ("expectations", json(&m.expectations)),
        ("warnings", json(&m.warnings)),
    ]
}

/// The first difference between two values, as a path and both sides.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        _ if a == b => None,
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y)),
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                first_difference(
                    &format!("{path}.{k}"),
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                )
            })
        }
        _ => Some(format!("{path}:\n  direct: {a}\n  text:   {b}")),
    }
}

/// Diagnostics without positions and file names, for comparing failed loads.
fn errors(e: &LoadError) -> Value {
    let mut v = json(&e.diagnostics);
    if let Value::Array(a) = &mut v {
        for d in a {
            if let Value::Object(o) = d {
                o.remove("file");
            }
        }
    }
    v
}

/// The model built directly equals the model loaded from the YAML text (both named `what`).
pub(crate) fn assert_same_model(what: &str, imp: &Imported) {
    let direct = imp.model(what);
    let text = model::load_str(&imp.yaml, what, None);
    match (direct, text) {
        (Ok(d), Ok(t)) => {
            for ((section, a), (_, b)) in sections(&d).into_iter().zip(sections(&t)) {
                if let Some(diff) = first_difference(section, &a, &b) {
                    panic!(
                        "{what}: the model built directly differs from the one loaded from its \
                         YAML (convert the field in src/import/to_raw.rs) at {diff}"
                    );
                }
            }
        }
        (Err(d), Err(t)) => assert_eq!(errors(&d), errors(&t), "{what}: different errors"),
        (Ok(_), Err(t)) => panic!(
            "{what}: built directly, the model loads; from its YAML it does not:\n{}",
            t.render(false)
        ),
        (Err(d), Ok(_)) => panic!(
            "{what}: from its YAML the model loads; built directly it does not:\n{}",
            d.render(false)
        ),
    }
}

fn import_ok(path: &Path) -> Imported {
    import::import_path(path)
        .unwrap_or_else(|d| panic!("import of {} failed: {d:#?}", path.display()))
}

/// Every import fixture: folders, and each single file of the Terraform and Config fixtures.
#[test]
fn import_builds_the_model_it_writes() {
    let mut inputs = vec![
        fixture("flat"),
        fixture("org"),
        fixture("hybrid"),
        fixture("lattice6"),
    ];
    for dir in ["terraform", "config"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        inputs.extend(files);
    }
    assert!(inputs.len() >= 8, "{inputs:?}");
    for path in &inputs {
        let imp = import_ok(path);
        assert_same_model(&path.display().to_string(), &imp);
    }
}

/// Every sample model, exported as captures and imported: endpoint services, zones, buckets,
/// policies, peerings, gateways, whatever the samples hold and the importer reads.
#[test]
fn import_of_every_sample_builds_the_model_it_writes() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&samples)
        .expect("samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let m = model::load_file(&file).unwrap_or_else(|e| panic!("{}", e.render(false)));
        let tmp = tempfile::tempdir().unwrap();
        export::write_dir(&m, tmp.path()).unwrap();
        let imp = import_ok(tmp.path());
        assert!(!imp.doc.vpcs.is_empty(), "{}", file.display());
        assert_same_model(&file.display().to_string(), &imp);
    }
}

/// Generated organisations of both shapes (the scale bench's models, smaller), as captures.
#[test]
fn import_of_a_generated_organisation_builds_the_model_it_writes() {
    for spec in [Spec::small_vpcs(800), Spec::large_vpcs(1000)] {
        let m = model::load_str(&generate(&spec), "gen.yaml", None)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        let tmp = tempfile::tempdir().unwrap();
        export::write_dir(&m, tmp.path()).unwrap();
        let imp = import_ok(tmp.path());
        assert_eq!(imp.doc.vpcs.len(), m.vpcs.len());
        assert_same_model(&format!("{} subnets", spec.subnets()), &imp);
    }
}

/// An imported model's messages name the object and the input, not a line of a text the user
/// has not seen: a warning on the directly built model has no line, and says which object.
#[test]
fn an_imported_models_warnings_name_the_input_and_no_line() {
    let imp = import_ok(&fixture("flat"));
    let m = imp.model("flat (imported)").expect("loads");
    let from_text = model::load_str(&imp.yaml, "flat.yaml", None).expect("loads");
    assert!(!m.warnings.is_empty(), "the flat fixture has a warning");
    assert_eq!(m.warnings.len(), from_text.warnings.len());
    for (w, t) in m.warnings.iter().zip(&from_text.warnings) {
        assert_eq!(w.file.as_deref(), Some("flat (imported)"));
        assert_eq!(w.line, None, "{w}");
        assert!(t.line.is_some(), "the text's warning has a line: {t}");
        assert_eq!(w.message, t.message);
        let shown = w.render(None, false);
        assert!(shown.contains("in flat (imported)"), "{shown}");
        assert!(
            shown.contains("vpce-0a3333333333333d3"),
            "names the endpoint: {shown}"
        );
    }
}
