//! Policy document parsing, linting and evaluation from arbitrary bytes: never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use linkscope::policy::{self, PolicyKind, Principal, Request};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = policy::parse_json(text) else { return };
    for kind in [PolicyKind::GatewayEndpoint, PolicyKind::InterfaceEndpoint, PolicyKind::Bucket] {
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
});
