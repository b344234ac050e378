//! The bodies of the fuzz targets (fuzz/fuzz_targets/), here so that a crash input kept in
//! tests/fuzz_regressions/ is replayed by exactly the code that found it. Not an API.

use std::path::Path;

use crate::engine::{self, QueryOptions};
use crate::model::Model;
use crate::policy::{self, PolicyKind, Principal, Request};

/// `load_model`: a model file from arbitrary bytes.
pub fn load_model(data: &[u8]) {
    if let Err(e) = crate::model::load::load_bytes(data, "fuzz.yaml", None) {
        // A failed load names its errors, and renders.
        assert!(
            e.errors().next().is_some(),
            "a failed load names its errors"
        );
        let _ = e.render(false);
    }
}

/// `policy`: a policy document parsed, linted and evaluated for every kind.
pub fn policy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = policy::parse_json(text) else {
        return;
    };
    for kind in [
        PolicyKind::GatewayEndpoint,
        PolicyKind::InterfaceEndpoint,
        PolicyKind::Bucket,
    ] {
        let _ = policy::lint(&doc, kind);
        let req = Request::new(
            Principal::parse("arn:aws:iam::111122223333:role/app").unwrap_or(Principal::Anonymous),
            "s3:GetObject",
            "arn:aws:s3:::bucket/key",
        )
        .with("aws:SourceVpce", "vpce-1a2b3c4d")
        .with("aws:SourceIp", "203.0.113.7")
        .with("aws:CurrentTime", "2026-11-29T00:00:00Z");
        let _ = policy::evaluate(&doc, kind, &req);
    }
}

/// `import`: one capture file (written into `dir`, which it owns) imported; what it produces
/// loads or fails with diagnostics.
pub fn import(dir: &Path, data: &[u8]) {
    let path = dir.join("capture.json");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(imp) = crate::import::import_dir(dir) {
        // Both ways a model comes from an import: built directly, and from the text written.
        let _ = imp.model("imported");
        let _ = crate::model::load_str(&imp.yaml, "imported", None);
    }
}

/// The question of a `destination` input: lines `FROM`, `TO`, `PROTOCOL`, `PORT`,
/// `SOURCE_PORT`, `ACTION`, `RESOURCE`, `PRINCIPAL`, then `KEY=VALUE` context lines. A missing
/// or empty line is "not given"; a port that is not a number is "not given" too (the command
/// line refuses it before the engine sees it).
pub fn destination_question(data: &[u8]) -> (String, String, QueryOptions) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let mut field = || lines.next().unwrap_or("").to_string();
    let from = field();
    let to = field();
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let protocol = opt(field());
    let port = field().parse::<u16>().ok();
    let source_port = field().parse::<u16>().ok();
    let action = opt(field());
    let resource = opt(field());
    let principal = opt(field());
    let context = lines
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let opts = QueryOptions {
        port,
        protocol,
        action,
        resource,
        principal,
        source_port,
        context,
    };
    (from, to, opts)
}

/// `destination`: `--from`/`--to` and the options traced on `model` (the tour), and the trace
/// written as text and JSON.
pub fn destination(model: &Model, data: &[u8]) {
    let (from, to, opts) = destination_question(data);
    if let Ok(t) = engine::trace(model, &from, &to, &opts) {
        let _ = crate::report::text(&t, false);
        let _ = crate::report::json(&t);
    }
}
