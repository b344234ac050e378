//! The policy evaluator against outside material and properties:
//! - the AWS documentation's endpoint/bucket policy examples with their stated effects
//!   (`../shared/real-data/aws-docs-endpoint-policies/policy-cases.json`, read in place, never
//!   copied; the test skips when the folder is absent);
//! - the IAM policy simulator examples of the AWS CLI reference (`aws-cli-examples`);
//! - properties: the wildcard matcher agrees with a plain recursive reference; the decision
//!   does not depend on statement order, and `decide` agrees with `evaluate`; printed documents parse back to the same statements;
//!   no text makes the parser panic.

use linkscope::policy::{
    self, Decision, PolicyDocument, PolicyKind, Principal, Request, evaluate, lint, parse_json,
    parse_value, wildcard_match,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::PathBuf;

fn real_data() -> Option<PathBuf> {
    let near = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/real-data");
    [near, PathBuf::from("/work/shared/real-data")]
        .into_iter()
        .find(|p| p.is_dir())
}

fn expected(text: &str) -> Option<Decision> {
    if text.starts_with("Allowed") {
        Some(Decision::Allow)
    } else if text.starts_with("ImplicitlyDenied") {
        Some(Decision::ImplicitDeny)
    } else if text.starts_with("ExplicitlyDenied") {
        Some(Decision::ExplicitDeny)
    } else {
        None // "not denied by this statement ...": checked separately
    }
}

#[test]
fn aws_documentation_policy_cases() {
    let Some(dir) = real_data() else {
        eprintln!("skipped: ../shared/real-data is absent");
        return;
    };
    let path = dir.join("aws-docs-endpoint-policies/policy-cases.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let all: Value = serde_json::from_str(&text).expect("policy-cases.json parses");
    let cases = all["cases"].as_array().expect("cases");
    let (mut policies, mut requests) = (0, 0);
    for case in cases {
        let id = case["id"].as_str().unwrap_or("?");
        let kind = match case["kind"].as_str() {
            Some("endpoint-policy") => PolicyKind::GatewayEndpoint,
            Some("bucket-policy") => PolicyKind::Bucket,
            // An identity policy names no principal: it is about its caller. Evaluated as a
            // policy whose missing Principal means "*", which is the same thing here.
            Some("identity-policy") => PolicyKind::InterfaceEndpoint,
            other => panic!("{id}: unknown kind {other:?}"),
        };
        let mut raw = case["policy"].clone();
        if raw.get("Statement").is_none() {
            // The docs show some statements bare; AWS would refuse that, and so do we.
            let e = parse_value(&raw).expect_err("a bare statement is not a document");
            assert!(e.message.contains("single statement"), "{id}: {e}");
            raw = json!({ "Statement": [raw] });
        }
        let doc = parse_value(&raw).unwrap_or_else(|e| panic!("{id}: {e}"));
        // The document survives printing and parsing again.
        assert_eq!(
            parse_json(&doc.to_pretty_json()).unwrap().to_value(),
            doc.to_value(),
            "{id}"
        );
        policies += 1;
        let lints: Vec<&str> = lint(&doc, kind).iter().map(|l| l.code).collect();
        match id {
            "s3-restrict-to-bucket" => {
                assert!(lints.contains(&"POLICY_NO_PRINCIPAL"), "{id}: {lints:?}")
            }
            "s3-restrict-to-account-TYPO" => {
                let l = lint(&doc, kind);
                let typo = l
                    .iter()
                    .find(|l| l.code == "POLICY_UNKNOWN_GLOBAL_KEY")
                    .unwrap_or_else(|| panic!("{id}: the misspelt key is flagged: {lints:?}"));
                assert!(
                    typo.message
                        .contains("did you mean `aws:PrincipalAccount`?"),
                    "{}",
                    typo.message
                );
            }
            "s3-only-buckets-in-account" => {
                assert!(lints.contains(&"POLICY_DENY_ONLY"), "{id}: {lints:?}")
            }
            "default-full-access" => assert!(lints.is_empty(), "{id}: {lints:?}"),
            _ => {}
        }
        for r in case["derived_requests"].as_array().into_iter().flatten() {
            let principal = if let Some(arn) = r["principal_arn"].as_str() {
                Principal::from_arn(arn)
            } else if let Some(acct) = r["principal_account"].as_str() {
                Principal::from_arn(&format!("arn:aws:iam::{acct}:role/Tester"))
            } else {
                Principal::from_arn("arn:aws:iam::111122223333:role/Tester")
            };
            let mut req = Request::new(
                principal,
                r["action"].as_str().expect("action"),
                r["resource"].as_str().expect("resource"),
            );
            if let Some(ctx) = r["context"].as_object() {
                for (k, v) in ctx {
                    req.context
                        .insert(k.clone(), v.as_str().expect("string value"));
                }
            }
            let layer = ["endpoint_layer", "bucket_layer", "identity_layer"]
                .iter()
                .find_map(|k| r[*k].as_str())
                .unwrap_or_else(|| panic!("{id}: a request without a stated outcome"));
            let ev = evaluate(&doc, kind, &req);
            match expected(layer) {
                Some(want) => assert_eq!(ev.decision, want, "{id}: {req:?}: {}", ev.summary),
                None => {
                    assert!(layer.starts_with("not denied"), "{id}: {layer}");
                    assert_ne!(ev.decision, Decision::ExplicitDeny, "{id}: {}", ev.summary);
                }
            }
            // The typo fixed, the same request is allowed.
            if let Some(fixed) = r["endpoint_layer_if_key_fixed"].as_str() {
                let good = raw
                    .to_string()
                    .replace("aws:PrincpalAccount", "aws:PrincipalAccount");
                let good = parse_json(&good).expect("fixed policy");
                assert!(lint(&good, kind).is_empty());
                assert_eq!(
                    Some(evaluate(&good, kind, &req).decision),
                    expected(fixed),
                    "{id} fixed"
                );
            }
            requests += 1;
        }
    }
    assert!(
        policies >= 10 && requests >= 20,
        "{policies} policies, {requests} requests"
    );
    eprintln!("{policies} documented policies, {requests} requests checked");
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

#[test]
fn iam_policy_simulator_examples() {
    let Some(dir) = real_data() else {
        eprintln!("skipped: ../shared/real-data is absent");
        return;
    };
    let base = dir.join("aws-cli-examples");
    let Ok(rst) = std::fs::read_to_string(base.join("rst/iam-simulate-custom-policy.rst")) else {
        eprintln!("skipped: iam-simulate-custom-policy.rst is absent");
        return;
    };
    // Two examples: the command (policy, action, context) and the output saved as JSON.
    let examples: Vec<&str> = rst.split("**Example").skip(1).collect();
    assert_eq!(examples.len(), 2);
    for (i, ex) in examples.iter().enumerate() {
        let policy_text = between(ex, "--policy-input-list '", "'").expect("policy");
        let action = between(ex, "--action-names ", " ").expect("action").trim();
        let time = between(ex, "ContextKeyValues='", "'").expect("context value");
        let out: Value = serde_json::from_str(
            &std::fs::read_to_string(
                base.join(format!("json/iam-simulate-custom-policy.{}.json", i + 1)),
            )
            .expect("output"),
        )
        .expect("json");
        let result = &out["EvaluationResults"][0];
        assert_eq!(result["EvalActionName"], action);
        let want = match result["EvalDecision"].as_str() {
            Some("allowed") => Decision::Allow,
            Some("implicitDeny") => Decision::ImplicitDeny,
            Some("explicitDeny") => Decision::ExplicitDeny,
            other => panic!("{other:?}"),
        };
        let doc = parse_json(policy_text).expect("the simulator's policy parses");
        let req = Request::new(
            Principal::from_arn("arn:aws:iam::123456789012:user/alejandro"),
            action,
            result["EvalResourceName"].as_str().expect("resource"),
        )
        .with("aws:CurrentTime", time);
        // An identity policy: no Principal, it is about the caller.
        let ev = evaluate(&doc, PolicyKind::InterfaceEndpoint, &req);
        assert_eq!(ev.decision, want, "example {}: {}", i + 1, ev.summary);
        let matched = result["MatchedStatements"].as_array().expect("list");
        assert_eq!(matched.len(), usize::from(ev.decision == Decision::Allow));
        if let Some(m) = matched.first() {
            // The simulator's statement position is on the same line as ours.
            let span = doc.statements[ev.deciding.unwrap()].span.expect("span");
            assert_eq!(Some(span.line as u64), m["StartPosition"]["Line"].as_u64());
        }
    }
}

// ---------------------------------------------------------------- properties

/// A plain recursive matcher: the definition of IAM wildcards.
fn reference(p: &[char], t: &[char], ci: bool) -> bool {
    match p.split_first() {
        None => t.is_empty(),
        Some(('*', rest)) => reference(rest, t, ci) || (!t.is_empty() && reference(p, &t[1..], ci)),
        Some(('?', rest)) => !t.is_empty() && reference(rest, &t[1..], ci),
        Some((c, rest)) => {
            !t.is_empty()
                && (*c == t[0] || (ci && c.eq_ignore_ascii_case(&t[0])))
                && reference(rest, &t[1..], ci)
        }
    }
}

fn pattern() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just('a'),
            Just('B'),
            Just('/'),
            Just('é'),
            Just('*'),
            Just('?')
        ],
        0..10,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just('a'), Just('b'), Just('B'), Just('/'), Just('é')],
        0..12,
    )
    .prop_map(|v| v.into_iter().collect())
}

// Pools for random statements and requests.
const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "dynamodb:GetItem",
];
const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:*",
    "s3:Get*",
    "s3:PutObject",
    "dynamodb:*",
    "S3:LIST*",
];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::a/x",
    "arn:aws:s3:::a",
    "arn:aws:s3:::b/y/z",
    "*",
];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::a/*",
    "arn:aws:s3:::a",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::?/*",
];
const PRINCIPALS: &[&str] = &[
    "*",
    "111122223333",
    "arn:aws:iam::111122223333:role/app",
    "arn:aws:iam::444455556666:root",
];
const CALLERS: &[&str] = &[
    "arn:aws:iam::111122223333:role/app",
    "arn:aws:sts::111122223333:assumed-role/app/s",
    "111122223333",
    "arn:aws:iam::444455556666:user/u",
    "anonymous",
];
const VPCES: &[&str] = &["vpce-1", "vpce-2"];

fn statement() -> impl Strategy<Value = Value> {
    (
        any::<bool>(),
        prop::sample::subsequence(ACTION_PATTERNS, 1..3),
        any::<bool>(),
        prop::sample::subsequence(RESOURCE_PATTERNS, 1..3),
        prop::sample::select(PRINCIPALS),
        0..4usize,
        prop::sample::select(VPCES),
    )
        .prop_map(|(allow, actions, not_action, resources, principal, cond, vpce)| {
            let mut s = json!({
                "Effect": if allow { "Allow" } else { "Deny" },
                "Principal": if principal == "*" { json!("*") } else { json!({"AWS": principal}) },
                "Resource": resources,
            });
            s[if not_action { "NotAction" } else { "Action" }] = json!(actions);
            match cond {
                1 => s["Condition"] = json!({"StringEquals": {"aws:SourceVpce": vpce}}),
                2 => s["Condition"] = json!({"StringNotEquals": {"aws:SourceVpce": vpce}}),
                3 => s["Condition"] = json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}),
                _ => {}
            }
            s
        })
}

fn request() -> impl Strategy<Value = Request> {
    (
        prop::sample::select(CALLERS),
        prop::sample::select(ACTIONS),
        prop::sample::select(RESOURCES),
        prop::option::of(prop::sample::select(VPCES)),
    )
        .prop_map(|(caller, action, resource, vpce)| {
            let mut r = Request::new(Principal::parse(caller).unwrap(), action, resource);
            if let Some(v) = vpce {
                r.context.insert("aws:SourceVpce", v);
            }
            r
        })
}

fn kind() -> impl Strategy<Value = PolicyKind> {
    prop::sample::select(vec![
        PolicyKind::GatewayEndpoint,
        PolicyKind::InterfaceEndpoint,
        PolicyKind::Bucket,
    ])
}

fn document(statements: Vec<Value>) -> PolicyDocument {
    parse_value(&json!({"Version": "2012-10-17", "Statement": statements}))
        .expect("generated policies parse")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn wildcards_agree_with_the_reference(p in pattern(), t in text(), ci in any::<bool>()) {
        let pc: Vec<char> = p.chars().collect();
        let tc: Vec<char> = t.chars().collect();
        prop_assert_eq!(wildcard_match(&p, &t, ci), reference(&pc, &tc, ci), "pattern {:?} text {:?} ci {}", p, t, ci);
    }

    #[test]
    fn a_pattern_without_wildcards_is_equality(t in text(), u in text()) {
        prop_assert_eq!(wildcard_match(&t, &u, false), t == u);
        prop_assert!(wildcard_match(&t, &t, false));
    }

    #[test]
    fn decision_does_not_depend_on_statement_order(
        (stmts, perm) in proptest::collection::vec(statement(), 0..6).prop_flat_map(|s| {
            let n = s.len();
            (Just(s), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        }),
        req in request(),
        kind in kind(),
    ) {
        let original = document(stmts.clone());
        let shuffled = document(perm.iter().map(|&i| stmts[i].clone()).collect());
        let a = evaluate(&original, kind, &req);
        let b = evaluate(&shuffled, kind, &req);
        prop_assert_eq!(a.decision, b.decision);
        // The quick form agrees with the explained one.
        prop_assert_eq!(policy::decide(&original, kind, &req), (a.decision, a.deciding));
        prop_assert_eq!(policy::decide(&shuffled, kind, &req), (b.decision, b.deciding));
        // The same statements apply, whatever their place.
        for (new, &old) in perm.iter().enumerate() {
            prop_assert_eq!(&a.statements[old].reason, &b.statements[new].reason);
            prop_assert_eq!(a.statements[old].applies, b.statements[new].applies);
        }
        // The deciding statement applies and has the decision's effect.
        match a.deciding {
            Some(i) => {
                prop_assert!(a.statements[i].applies);
                prop_assert_eq!(a.statements[i].effect == policy::Effect::Allow, a.decision == Decision::Allow);
            }
            None => prop_assert_eq!(a.decision, Decision::ImplicitDeny),
        }
    }

    #[test]
    fn printed_documents_parse_back(stmts in proptest::collection::vec(statement(), 0..5)) {
        let d = document(stmts);
        let again = parse_json(&d.to_pretty_json()).expect("parses");
        let strip = |d: &PolicyDocument| d.statements.iter().cloned().map(|mut s| { s.span = None; s }).collect::<Vec<_>>();
        prop_assert_eq!(strip(&d), strip(&again));
    }

    #[test]
    fn the_parser_never_panics(s in "\\PC{0,200}") {
        let _ = parse_json(&s);
    }

    #[test]
    fn json_shaped_garbage_never_panics(v in json_value()) {
        if let Ok(d) = parse_value(&v) {
            for k in [PolicyKind::GatewayEndpoint, PolicyKind::Bucket] {
                let _ = lint(&d, k);
                let _ = evaluate(&d, k, &Request::new(Principal::Anonymous, "s3:GetObject", "arn:aws:s3:::a/b"));
            }
        }
        let _ = parse_json(&v.to_string());
    }
}

/// Random JSON built from policy vocabulary, so parsing gets past the first checks.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!("*")),
        Just(json!("Allow")),
        Just(json!("Deny")),
        Just(json!("s3:Get*")),
        Just(json!("${aws:username}/${")),
        Just(json!(1)),
        Just(json!(true)),
        Just(Value::Null),
        "[a-z:/*?${}]{0,12}".prop_map(Value::String),
    ];
    let keys = prop::sample::select(vec![
        "Version",
        "Statement",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
        "AWS",
        "StringLike",
        "ForAllValues:StringEquals",
        "aws:SourceVpce",
        "Null",
        "IpAddress",
        "DateLessThan",
        "Sid",
    ]);
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((keys.clone(), inner), 0..5).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// Every string of length `0..=n` over `alphabet`.
fn all_strings(alphabet: &[char], n: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..n {
        let next: Vec<String> = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        out.extend(next.iter().cloned());
        last = next;
    }
    out
}

#[test]
fn wildcards_agree_with_the_reference_exhaustively() {
    // Small but complete: multi-byte characters next to `?` and `*` are where byte-level
    // matchers go wrong.
    let patterns = all_strings(&['a', 'é', '*', '?'], 5);
    let texts = all_strings(&['a', 'é', 'A'], 4);
    for p in &patterns {
        let pc: Vec<char> = p.chars().collect();
        for t in &texts {
            let tc: Vec<char> = t.chars().collect();
            for ci in [false, true] {
                assert_eq!(
                    wildcard_match(p, t, ci),
                    reference(&pc, &tc, ci),
                    "pattern {p:?} text {t:?} ci {ci}"
                );
            }
        }
    }
}
