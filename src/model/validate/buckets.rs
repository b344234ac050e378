//! Buckets (with their policies) and the model's expectations.

use std::path::Path;

use super::*;

pub(super) fn buckets(
    cx: &mut Cx,
    m: &mut Builder,
    raw: &RawModel,
    base: Option<&Path>,
    region: &str,
) {
    for b in &raw.buckets {
        let policy = b
            .policy
            .as_ref()
            .and_then(|p| load_policy(cx, p, base, &b.name.value, PolicyKind::Bucket));
        m.buckets.push(Bucket {
            name: b.name.value.clone(),
            region: b
                .region
                .as_ref()
                .map(|r| r.value.clone())
                .unwrap_or_else(|| region.to_string()),
            account: b.account.as_ref().map(|a| a.value.0.clone()),
            policy,
            policy_pos: b.policy.as_ref().map(pos).unwrap_or(Pos::UNKNOWN),
            declared: true,
            pos: pos(&b.name),
        });
    }
}

pub(super) fn expectations(cx: &mut Cx, raw: &RawModel) -> Vec<Expectation> {
    let mut expectations = Vec::new();
    for x in &raw.expectations {
        use crate::outcome::Verdict;
        let expect = match x.expect.value.trim().to_ascii_lowercase().as_str() {
            "allowed" | "allow" | "reachable" => Verdict::Allowed,
            "blocked" | "block" | "denied" | "unreachable" => Verdict::Blocked,
            "partial" | "partially" => Verdict::Partial,
            other => {
                cx.err(
                    "BAD_ENUM",
                    format!("`expect: {other}` is not allowed, blocked or partial"),
                    pos(&x.expect),
                )
                .help("write `expect: allowed`, `expect: blocked` or `expect: partial`");
                Verdict::Blocked
            }
        };
        expectations.push(Expectation {
            name: x.name.clone(),
            from: x.from.value.clone(),
            to: x.to.value.clone(),
            expect,
            via: x.via.as_ref().map(|v| v.value.clone()),
            reason: x.reason.as_ref().map(|v| v.value.clone()),
            port: x.port.as_ref().map(|p| p.value),
            protocol: x.protocol.as_ref().map(|p| p.value.clone()),
            action: x.action.as_ref().map(|p| p.value.clone()),
            resource: x.resource.as_ref().map(|p| p.value.clone()),
            principal: x.principal.as_ref().map(|p| p.value.clone()),
            pos: pos(&x.from),
        });
    }
    expectations
}
