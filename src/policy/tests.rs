//! Unit tests of parsing, evaluation, explanations and lints. Fixtures are our own.

use super::*;
use serde_json::json;

const ACCT: &str = "111122223333";
const ROLE: &str = "arn:aws:iam::111122223333:role/app";

fn doc(v: serde_json::Value) -> PolicyDocument {
    parse_value(&v).unwrap_or_else(|e| panic!("{e}"))
}

/// A 2012-10-17 document with these statements.
fn stmts(s: serde_json::Value) -> PolicyDocument {
    doc(json!({"Version": "2012-10-17", "Statement": s}))
}

fn role() -> Principal {
    Principal::from_arn(ROLE)
}

fn req(action: &str, resource: &str) -> Request {
    Request::new(role(), action, resource)
}

fn decide(d: &PolicyDocument, kind: PolicyKind, r: &Request) -> Decision {
    evaluate(d, kind, r).decision
}

use Decision::{Allow, ExplicitDeny, ImplicitDeny};
use PolicyKind::{Bucket, GatewayEndpoint, InterfaceEndpoint};

// ---------------------------------------------------------------- parsing

#[test]
fn statement_as_object_or_list_and_string_or_list() {
    let a = doc(
        json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}),
    );
    let b = doc(
        json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "Resource": ["*"]}]}),
    );
    assert_eq!(a.statements, b.statements);
    assert_eq!(a.statements.len(), 1);
    assert_eq!(
        a.statements[0].action,
        Some(vec!["s3:GetObject".to_string()])
    );
    assert_eq!(a.version, None);
    let c = doc(json!({"Version": "2012-10-17", "Id": "P1", "Statement": []}));
    assert_eq!(c.id.as_deref(), Some("P1"));
    assert!(c.statements.is_empty());
}

#[test]
fn principal_forms() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": ["111122223333", ROLE]}, "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "AWS": ROLE}, "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "NotPrincipal": {"AWS": ROLE}, "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"}
    ]));
    let s = &d.statements;
    assert_eq!(s[0].principal, Some(PrincipalSpec::Everyone));
    assert!(s[1].principal.as_ref().unwrap().is_everyone());
    assert_eq!(
        s[2].principal,
        Some(PrincipalSpec::Map(vec![(
            PrincipalType::Aws,
            vec![ACCT.into(), ROLE.into()]
        )]))
    );
    assert_eq!(
        s[3].principal,
        Some(PrincipalSpec::Map(vec![
            (PrincipalType::Service, vec!["ec2.amazonaws.com".into()]),
            (PrincipalType::Aws, vec![ROLE.into()])
        ]))
    );
    assert!(
        matches!(&s[4].principal, Some(PrincipalSpec::Map(m)) if m[0].0 == PrincipalType::Federated)
    );
    assert!(s[5].principal.is_none() && s[5].not_principal.is_some());
    assert!(s[6].principal.is_none() && s[6].not_principal.is_none());
}

#[test]
fn conditions_parse_to_triples() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"], "aws:PrincipalAccount": "111122223333"},
            "Bool": {"aws:SecureTransport": false},
            "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}
        }}),
    );
    let c = &d.statements[0].conditions;
    assert_eq!(c.len(), 4);
    assert_eq!(
        c[0],
        Condition {
            operator: "StringEquals".into(),
            key: "aws:SourceVpce".into(),
            values: vec!["vpce-1".into(), "vpce-2".into()]
        }
    );
    assert_eq!(c[1].key, "aws:PrincipalAccount");
    assert_eq!(c[2].values, vec!["false"]);
    assert_eq!(c[3].values, vec!["3600"]);
}

fn err(v: serde_json::Value) -> PolicyError {
    parse_value(&v).expect_err("invalid")
}

#[test]
fn parse_errors_name_the_element() {
    let e = err(json!({"Effect": "Allow", "Action": "*", "Resource": "*"}));
    assert!(e.message.contains("single statement"), "{e}");
    assert!(e.help.unwrap().contains("wrap it"));

    let e = err(json!({"Version": "2012-10-17"}));
    assert!(e.message.contains("needs a `Statement`"), "{e}");

    let e = err(json!({"Version": "2024-01-01", "Statement": []}));
    assert_eq!(e.path, "Version");

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "allow", "Action": "*", "Resource": "*"}]}),
    );
    assert_eq!(e.path, "Statement[1].Effect");
    assert!(e.help.unwrap().contains("write `Allow`"));

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condtion": {}}]}),
    );
    assert_eq!(e.path, "Statement[0].Condtion");
    assert_eq!(e.help.as_deref(), Some("did you mean `Condition`?"));

    let e = err(json!({"Statement": [{"effect": "Allow", "Action": "*", "Resource": "*"}]}));
    assert!(e.help.unwrap().contains("case-sensitive"));

    let e = err(json!({"Statement": [{"Effect": "Allow", "Resource": "*"}]}));
    assert_eq!(e.path, "Statement[0]");
    assert!(e.message.contains("Action"));

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}]}),
    );
    assert_eq!(e.path, "Statement[0].NotAction");

    let e = err(json!({"Statement": [{"Effect": "Allow", "Action": "*"}]}));
    assert!(e.message.contains("Resource"));

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "x"}]}),
    );
    assert_eq!(e.path, "Statement[0].NotResource");

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", 5], "Resource": "*"}]}),
    );
    assert_eq!(e.path, "Statement[0].Action[1]");

    let e = err(json!({"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}));
    assert!(e.message.contains("empty list"));

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Principal": ROLE, "Action": "*", "Resource": "*"}]}),
    );
    assert_eq!(e.path, "Statement[0].Principal");
    assert!(e.help.unwrap().contains("{\"AWS\""));

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Principal": {"Aws": "*"}, "Action": "*", "Resource": "*"}]}),
    );
    assert_eq!(e.path, "Statement[0].Principal.Aws");

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "*", "Resource": "*"}]}),
    );
    assert!(e.message.contains("both"));

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": "vpce-1"}}]}),
    );
    assert_eq!(e.path, "Statement[0].Condition.StringEquals");

    let e = err(
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:SourceVpce": null}}}]}),
    );
    assert_eq!(e.path, "Statement[0].Condition.StringEquals.aws:SourceVpce");

    let e = err(json!({"Statement": "x"}));
    assert_eq!(e.path, "Statement");
    let e = err(json!(["x"]));
    assert!(e.message.contains("mapping"));
    assert!(e.to_string().contains("mapping"));
}

#[test]
fn file_errors_have_lines_and_columns() {
    // JSON syntax: serde_json's position.
    let e =
        parse_json("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}").expect_err("bad");
    assert_eq!(e.line, Some(3));
    assert!(e.column.is_some());
    assert!(e.message.starts_with("not valid JSON"));

    // Semantic: the offending element.
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "StringEquals": ["vpce-1"]
      }
    }
  ]
}"#;
    let e = parse_json(text).expect_err("bad");
    assert_eq!(e.path, "Statement[1].Condition.StringEquals");
    assert_eq!((e.line, e.column), (Some(11), Some(9)));
    assert!(
        e.to_string()
            .starts_with("11:9: Statement[1].Condition.StringEquals:"),
        "{e}"
    );

    // A missing element: the statement that lacks it.
    let e = parse_json("{\"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"*\"}\n]}")
        .expect_err("bad");
    assert_eq!((e.line, e.column), (Some(2), Some(3)));
}

#[test]
fn file_form_records_statement_spans_and_length() {
    let text = "\u{feff}{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}}";
    let d = parse_json(text).unwrap();
    let sp = d.statements[0].span.expect("span");
    assert_eq!((sp.line, sp.column), (1, 37));
    assert_eq!(sp.end_column, text.chars().count() - 2); // before the document's `}` (and after the BOM)
    assert_eq!(d.text_len, text.chars().count() - 1);
    // The inline form counts the compact JSON, has no spans, and holds equal statements.
    let v: serde_json::Value = serde_json::from_str(&text[3..]).unwrap();
    let inline = parse_value(&v).unwrap();
    assert_eq!(inline.text_len, text.chars().count() - 1);
    assert_eq!(inline.statements[0].span, None);
    assert_eq!(inline.statements, d.statements);
    assert_eq!(inline, d);
}

#[test]
fn pretty_json_round_trips() {
    let text = r#"{"Version": "2012-10-17", "Id": "x", "Statement": [
        {"Sid": "A", "Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/app"]},
         "NotAction": "s3:GetObject", "NotResource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
         "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1", "aws:SourceVpc": ["vpc-1", "vpc-2"]},
                       "Bool": {"aws:SecureTransport": "true"}}}]}"#;
    let d = parse_json(text).unwrap();
    let printed = d.to_pretty_json();
    assert!(printed.contains("\"NotPrincipal\": {"), "{printed}");
    assert!(
        printed.contains("\"NotAction\": \"s3:GetObject\""),
        "{printed}"
    );
    let again = parse_json(&printed).unwrap();
    let strip = |d: &PolicyDocument| -> Vec<Statement> {
        d.statements
            .iter()
            .cloned()
            .map(|mut s| {
                s.span = None;
                s
            })
            .collect()
    };
    assert_eq!(strip(&d), strip(&again));
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        serde_json::from_str::<serde_json::Value>(&printed).unwrap()
    );
    // Serialize of a statement is the AWS form too.
    let v = serde_json::to_value(&d.statements[0]).unwrap();
    assert_eq!(v["Sid"], "A");
    assert_eq!(
        v["Condition"]["StringNotEquals"]["aws:SourceVpc"],
        json!(["vpc-1", "vpc-2"])
    );
}

#[test]
fn full_access_is_the_default_policy() {
    let d = full_access();
    assert_eq!(d.version.as_deref(), Some("2008-10-17"));
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        json!({"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})
    );
    assert!(d.text_len > 50 && d.text_len < 120);
    for kind in [GatewayEndpoint, InterfaceEndpoint, Bucket] {
        assert!(lint(&d, kind).is_empty(), "{kind:?}");
        for p in [Principal::Anonymous, role(), Principal::from_arn(ACCT)] {
            let ev = evaluate(
                &d,
                kind,
                &Request::new(p, "s3:DeleteObject", "arn:aws:s3:::any/x"),
            );
            assert_eq!(ev.decision, Allow);
            assert_eq!(ev.deciding, Some(0));
        }
    }
}

// ---------------------------------------------------------------- evaluation: elements

#[test]
fn action_matching_is_case_insensitive_with_wildcards() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": ["s3:Get*", "iam:*AccessKey*", "dynamodb:?etItem"], "Resource": "*"}),
    );
    for (a, want) in [
        ("s3:GetObject", Allow),
        ("S3:GETOBJECT", Allow),
        ("s3:getobjectacl", Allow),
        ("s3:PutObject", ImplicitDeny),
        ("iam:ListAccessKeys", Allow),
        ("IAM:listaccesskeys", Allow),
        ("dynamodb:GetItem", Allow),
        ("dynamodb:SetItem", Allow),
        ("dynamodb:PutItems", ImplicitDeny),
        ("s3x:GetObject", ImplicitDeny),
    ] {
        assert_eq!(decide(&d, InterfaceEndpoint, &req(a, "*")), want, "{a}");
    }
    let ev = evaluate(&d, InterfaceEndpoint, &req("s3:PutObject", "*"));
    assert_eq!(
        ev.statements[0].reason,
        "action s3:PutObject not in [s3:Get*, iam:*AccessKey*, dynamodb:?etItem]"
    );
}

#[test]
fn not_action() {
    let allow =
        stmts(json!({"Effect": "Allow", "Principal": "*", "NotAction": "iam:*", "Resource": "*"}));
    assert_eq!(
        decide(&allow, InterfaceEndpoint, &req("s3:GetObject", "*")),
        Allow
    );
    assert_eq!(
        decide(&allow, InterfaceEndpoint, &req("IAM:CreateUser", "*")),
        ImplicitDeny
    );
    let ev = evaluate(&allow, InterfaceEndpoint, &req("iam:CreateUser", "*"));
    assert_eq!(
        ev.statements[0].reason,
        "action iam:CreateUser is excluded by NotAction [iam:*]"
    );
    let deny = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "NotAction": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}
    ]));
    assert_eq!(
        decide(&deny, InterfaceEndpoint, &req("s3:GetObject", "*")),
        Allow
    );
    assert_eq!(
        decide(&deny, InterfaceEndpoint, &req("s3:PutObject", "*")),
        ExplicitDeny
    );
}

#[test]
fn resource_matching_is_case_sensitive_and_stars_cross_slashes() {
    let d = stmts(json!({"Effect": "Allow", "Principal": "*", "Action": "*",
        "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*", "arn:aws:s3:::logs-??/*"]}));
    for (r, want) in [
        ("arn:aws:s3:::app-data", Allow),
        ("arn:aws:s3:::app-data/a/b/c.txt", Allow),
        ("arn:aws:s3:::app-data/", Allow),
        ("arn:aws:s3:::APP-DATA/x", ImplicitDeny),
        ("arn:aws:s3:::app-data2/x", ImplicitDeny),
        ("arn:aws:s3:::logs-01/x", Allow),
        ("arn:aws:s3:::logs-1/x", ImplicitDeny),
    ] {
        assert_eq!(
            decide(&d, InterfaceEndpoint, &req("s3:GetObject", r)),
            want,
            "{r}"
        );
    }
    let ev = evaluate(
        &d,
        InterfaceEndpoint,
        &req("s3:GetObject", "arn:aws:s3:::other/x"),
    );
    assert!(
        ev.statements[0]
            .reason
            .starts_with("resource arn:aws:s3:::other/x not in [arn:aws:s3:::app-data, "),
        "{}",
        ev.statements[0].reason
    );
}

#[test]
fn not_resource() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "NotResource": ["arn:aws:s3:::ours", "arn:aws:s3:::ours/*"]}
    ]));
    assert_eq!(
        decide(
            &d,
            GatewayEndpoint,
            &req("s3:GetObject", "arn:aws:s3:::ours/k")
        ),
        Allow
    );
    let ev = evaluate(
        &d,
        GatewayEndpoint,
        &req("s3:GetObject", "arn:aws:s3:::theirs/k"),
    );
    assert_eq!(ev.decision, ExplicitDeny);
    assert_eq!(ev.deciding, Some(1));
    assert_eq!(
        evaluate(
            &d,
            GatewayEndpoint,
            &req("s3:GetObject", "arn:aws:s3:::ours/k")
        )
        .statements[1]
            .reason,
        "resource arn:aws:s3:::ours/k is excluded by NotResource [arn:aws:s3:::ours, arn:aws:s3:::ours/*]"
    );
}

#[test]
fn explicit_deny_beats_allow_beats_implicit_deny() {
    let d = stmts(json!([
        {"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
        {"Sid": "NoDelete", "Effect": "Deny", "Principal": "*", "Action": "s3:Delete*", "Resource": "*"}
    ]));
    let ev = evaluate(
        &d,
        InterfaceEndpoint,
        &req("s3:DeleteObject", "arn:aws:s3:::b/k"),
    );
    assert_eq!((ev.decision, ev.deciding), (ExplicitDeny, Some(1)));
    assert!(ev.statements.iter().all(|s| s.applies));
    assert_eq!(ev.deciding_name().as_deref(), Some("NoDelete"));
    let ev = evaluate(
        &d,
        InterfaceEndpoint,
        &req("s3:GetObject", "arn:aws:s3:::b/k"),
    );
    assert_eq!((ev.decision, ev.deciding), (Allow, Some(0)));
    assert_eq!(
        ev.statements[1].reason,
        "action s3:GetObject not in [s3:Delete*]"
    );
    let empty = stmts(json!([]));
    let ev = evaluate(&empty, InterfaceEndpoint, &req("s3:GetObject", "*"));
    assert_eq!((ev.decision, ev.deciding), (ImplicitDeny, None));
    assert_eq!(ev.deciding_name(), None);
}

#[test]
fn principals_per_policy_kind() {
    let acct = |v: serde_json::Value| {
        stmts(json!({"Effect": "Allow", "Principal": {"AWS": v}, "Action": "*", "Resource": "*"}))
    };
    let root = Principal::from_arn(ACCT);
    let session = Principal::from_arn("arn:aws:sts::111122223333:assumed-role/app/i-0abc");
    let other = Principal::from_arn("arn:aws:iam::444455556666:role/app");
    for d in [
        acct(json!(ACCT)),
        acct(json!("arn:aws:iam::111122223333:root")),
    ] {
        for kind in [Bucket, InterfaceEndpoint] {
            assert_eq!(
                decide(&d, kind, &Request::new(role(), "s3:GetObject", "*")),
                Allow
            );
            assert_eq!(
                decide(
                    &d,
                    kind,
                    &Request::new(session.clone(), "s3:GetObject", "*")
                ),
                Allow
            );
            assert_eq!(
                decide(&d, kind, &Request::new(root.clone(), "s3:GetObject", "*")),
                Allow
            );
            assert_eq!(
                decide(&d, kind, &Request::new(other.clone(), "s3:GetObject", "*")),
                ImplicitDeny
            );
            assert_eq!(
                decide(
                    &d,
                    kind,
                    &Request::new(Principal::Anonymous, "s3:GetObject", "*")
                ),
                ImplicitDeny
            );
        }
        // GW-19: only the root user.
        assert_eq!(
            decide(
                &d,
                GatewayEndpoint,
                &Request::new(root.clone(), "s3:GetObject", "*")
            ),
            Allow
        );
        let ev = evaluate(
            &d,
            GatewayEndpoint,
            &Request::new(role(), "s3:GetObject", "*"),
        );
        assert_eq!(ev.decision, ImplicitDeny);
        assert!(
            ev.statements[0].reason.contains("(GW-19)"),
            "{}",
            ev.statements[0].reason
        );
    }
    // A role ARN names the role and its sessions.
    let d = acct(json!(ROLE));
    for kind in [Bucket, InterfaceEndpoint, GatewayEndpoint] {
        assert_eq!(
            decide(&d, kind, &Request::new(role(), "s3:GetObject", "*")),
            Allow
        );
        assert_eq!(
            decide(
                &d,
                kind,
                &Request::new(session.clone(), "s3:GetObject", "*")
            ),
            Allow
        );
        assert_eq!(
            decide(&d, kind, &Request::new(other.clone(), "s3:GetObject", "*")),
            ImplicitDeny
        );
    }
    let ev = evaluate(&d, Bucket, &Request::new(other, "s3:GetObject", "*"));
    assert_eq!(
        ev.statements[0].reason,
        format!("principal arn:aws:iam::444455556666:role/app not in [{ROLE}]")
    );
    let ev = evaluate(
        &d,
        Bucket,
        &Request::new(Principal::Anonymous, "s3:GetObject", "*"),
    );
    assert!(
        ev.statements[0].reason.contains("anonymous"),
        "{}",
        ev.statements[0].reason
    );
    // "*" names anonymous callers too.
    for d in [
        acct(json!("*")),
        stmts(json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})),
    ] {
        assert_eq!(
            decide(
                &d,
                Bucket,
                &Request::new(Principal::Anonymous, "s3:GetObject", "*")
            ),
            Allow
        );
    }
    // Missing Principal reads as "*".
    let d = stmts(json!({"Effect": "Allow", "Action": "*", "Resource": "*"}));
    assert_eq!(
        decide(
            &d,
            GatewayEndpoint,
            &Request::new(Principal::Anonymous, "s3:GetObject", "*")
        ),
        Allow
    );
}

#[test]
fn not_principal_with_deny() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "NotPrincipal": {"AWS": [ROLE, "arn:aws:iam::111122223333:root"]}, "Action": "*", "Resource": "*"}
    ]));
    assert_eq!(decide(&d, Bucket, &req("s3:GetObject", "*")), Allow);
    let other = Request::new(
        Principal::from_arn("arn:aws:iam::111122223333:role/intruder"),
        "s3:GetObject",
        "*",
    );
    // The account ARN in NotPrincipal names every principal of the account in a bucket policy.
    assert_eq!(decide(&d, Bucket, &other), Allow);
    let stranger = Request::new(
        Principal::from_arn("arn:aws:iam::444455556666:role/x"),
        "s3:GetObject",
        "*",
    );
    assert_eq!(decide(&d, Bucket, &stranger), ExplicitDeny);
    assert_eq!(
        decide(
            &d,
            Bucket,
            &Request::new(Principal::Anonymous, "s3:GetObject", "*")
        ),
        ExplicitDeny
    );
    let ev = evaluate(&d, Bucket, &req("s3:GetObject", "*"));
    assert!(
        ev.statements[1].reason.contains("excluded by NotPrincipal"),
        "{}",
        ev.statements[1].reason
    );
}

#[test]
fn conditions_and_across_keys_and_operators_or_across_values() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"], "aws:SourceVpc": "vpc-1"},
            "Bool": {"aws:SecureTransport": "true"}
        }}),
    );
    let r = |vpce: &str, vpc: &str, tls: &str| {
        req("s3:GetObject", "*")
            .with("aws:SourceVpce", vpce)
            .with("aws:SourceVpc", vpc)
            .with("aws:SecureTransport", tls)
    };
    assert_eq!(
        decide(&d, InterfaceEndpoint, &r("vpce-1", "vpc-1", "true")),
        Allow
    );
    assert_eq!(
        decide(&d, InterfaceEndpoint, &r("vpce-2", "vpc-1", "true")),
        Allow
    );
    assert_eq!(
        decide(&d, InterfaceEndpoint, &r("vpce-3", "vpc-1", "true")),
        ImplicitDeny
    );
    assert_eq!(
        decide(&d, InterfaceEndpoint, &r("vpce-1", "vpc-2", "true")),
        ImplicitDeny
    );
    assert_eq!(
        decide(&d, InterfaceEndpoint, &r("vpce-1", "vpc-1", "false")),
        ImplicitDeny
    );
    let ev = evaluate(&d, InterfaceEndpoint, &r("vpce-3", "vpc-2", "true"));
    assert_eq!(
        ev.statements[0].reason,
        "condition StringEquals aws:SourceVpce: request has vpce-3, policy wants [vpce-1, vpce-2]; condition StringEquals aws:SourceVpc: request has vpc-2, policy wants [vpc-1]"
    );
}

#[test]
fn condition_key_names_are_case_insensitive() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"AWS:SOURCEVPCE": "vpce-1"}}}),
    );
    assert_eq!(
        decide(
            &d,
            InterfaceEndpoint,
            &req("s3:GetObject", "*").with("aws:sourcevpce", "vpce-1")
        ),
        Allow
    );
}

#[test]
fn principal_keys_are_derived_from_the_caller() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {"ArnEquals": {"aws:PrincipalArn": ROLE}, "StringEquals": {"aws:PrincipalAccount": ACCT}}}),
    );
    let session = Principal::from_arn("arn:aws:sts::111122223333:assumed-role/app/s");
    assert_eq!(
        decide(
            &d,
            GatewayEndpoint,
            &Request::new(session, "s3:GetObject", "*")
        ),
        Allow
    );
    assert_eq!(
        decide(&d, GatewayEndpoint, &req("s3:GetObject", "*")),
        Allow
    );
    let ev = evaluate(
        &d,
        GatewayEndpoint,
        &Request::new(Principal::Anonymous, "s3:GetObject", "*"),
    );
    assert_eq!(ev.decision, ImplicitDeny);
    assert_eq!(
        ev.statements[0].absent_keys,
        vec!["aws:PrincipalArn", "aws:PrincipalAccount"]
    );
    // An explicit context value wins over the derived one.
    let r = req("s3:GetObject", "*").with("aws:PrincipalAccount", "444455556666");
    assert_eq!(decide(&d, GatewayEndpoint, &r), ImplicitDeny);
}

#[test]
fn unknown_operator_is_explained_not_fatal() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {"StringEqualz": {"aws:SourceVpce": "vpce-1"}}}),
    );
    let ev = evaluate(
        &d,
        InterfaceEndpoint,
        &req("s3:GetObject", "*").with("aws:SourceVpce", "vpce-1"),
    );
    assert_eq!(ev.decision, ImplicitDeny);
    assert!(ev.statements[0].unknown_operator);
    assert!(
        ev.statements[0]
            .reason
            .contains("StringEqualz is not one IAM knows"),
        "{}",
        ev.statements[0].reason
    );
    let l = lint(&d, InterfaceEndpoint);
    let u = l
        .iter()
        .find(|l| l.code == "POLICY_UNKNOWN_OPERATOR")
        .expect("lint");
    assert_eq!(u.path, "Statement[0].Condition.StringEqualz");
    assert!(u.message.contains("did you mean `StringEquals`?"));
}

#[test]
fn policy_variables_only_in_the_current_version() {
    let st = json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*",
        "Resource": "arn:aws:s3:::home/${aws:username}/*",
        "Condition": {"StringLike": {"s3:prefix": "${aws:username}/*"}}});
    let new = doc(json!({"Version": "2012-10-17", "Statement": st.clone()}));
    let old = doc(json!({"Version": "2008-10-17", "Statement": st.clone()}));
    let none = doc(json!({"Statement": st}));
    let alice = Principal::from_arn("arn:aws:iam::111122223333:user/alice");
    let r = Request::new(
        alice.clone(),
        "s3:GetObject",
        "arn:aws:s3:::home/alice/notes.txt",
    )
    .with("s3:prefix", "alice/x");
    assert_eq!(decide(&new, Bucket, &r), Allow);
    assert_eq!(decide(&old, Bucket, &r), ImplicitDeny);
    assert_eq!(decide(&none, Bucket, &r), ImplicitDeny);
    let bob = Request::new(
        alice.clone(),
        "s3:GetObject",
        "arn:aws:s3:::home/bob/notes.txt",
    )
    .with("s3:prefix", "alice/x");
    assert_eq!(decide(&new, Bucket, &bob), ImplicitDeny);
    // In the old version the text is literal.
    let literal = Request::new(alice, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/x")
        .with("s3:prefix", "${aws:username}/x");
    assert_eq!(decide(&old, Bucket, &literal), Allow);
    assert!(
        lint(&old, Bucket)
            .iter()
            .any(|l| l.code == "POLICY_VARIABLES_IGNORED")
    );
    assert!(
        !lint(&new, Bucket)
            .iter()
            .any(|l| l.code == "POLICY_VARIABLES_IGNORED")
    );
    // A role session has no aws:username: the variable is unresolved and matches nothing.
    let r = req("s3:GetObject", "arn:aws:s3:::home/app/x").with("s3:prefix", "app/x");
    assert_eq!(decide(&new, Bucket, &r), ImplicitDeny);
}

#[test]
fn policy_variable_escapes_and_account_variable() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::literal-${*}-star/*", "arn:aws:s3:::acct-${aws:PrincipalAccount}/*"]}),
    );
    assert_eq!(
        decide(
            &d,
            Bucket,
            &req("s3:GetObject", "arn:aws:s3:::literal-*-star/k")
        ),
        Allow
    );
    assert_eq!(
        decide(
            &d,
            Bucket,
            &req("s3:GetObject", "arn:aws:s3:::literal-x-star/k")
        ),
        ImplicitDeny
    );
    assert_eq!(
        decide(
            &d,
            Bucket,
            &req("s3:GetObject", "arn:aws:s3:::acct-111122223333/k")
        ),
        Allow
    );
    assert_eq!(
        decide(
            &d,
            Bucket,
            &req("s3:GetObject", "arn:aws:s3:::acct-444455556666/k")
        ),
        ImplicitDeny
    );
}

// ---------------------------------------------------------------- documented examples (our fixtures)

#[test]
fn gw21_restrict_to_one_bucket() {
    let d = stmts(
        json!({"Sid": "OnlyAppData", "Effect": "Allow", "Principal": "*",
        "Action": ["s3:ListBucket", "s3:GetObject", "s3:PutObject"],
        "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"]}),
    );
    assert_eq!(
        decide(
            &d,
            GatewayEndpoint,
            &req("s3:ListBucket", "arn:aws:s3:::app-data")
        ),
        Allow
    );
    assert_eq!(
        decide(
            &d,
            GatewayEndpoint,
            &req("s3:PutObject", "arn:aws:s3:::app-data/in/x")
        ),
        Allow
    );
    let ev = evaluate(
        &d,
        GatewayEndpoint,
        &req(
            "s3:GetObject",
            "arn:aws:s3:::packages.us-east-1.amazonaws.com/x.rpm",
        ),
    );
    assert_eq!(ev.decision, ImplicitDeny);
    assert_eq!(
        ev.summary,
        "Denied because no VPC endpoint policy allows the s3:GetObject action: statement \"OnlyAppData\" does not apply: resource arn:aws:s3:::packages.us-east-1.amazonaws.com/x.rpm not in [arn:aws:s3:::app-data, arn:aws:s3:::app-data/*]."
    );
    let ev = evaluate(
        &d,
        GatewayEndpoint,
        &req("s3:DeleteObject", "arn:aws:s3:::app-data/x"),
    );
    assert_eq!(
        ev.statements[0].reason,
        "action s3:DeleteObject not in [s3:ListBucket, s3:GetObject, s3:PutObject]"
    );
    let ev = evaluate(
        &d,
        GatewayEndpoint,
        &req("s3:GetObject", "arn:aws:s3:::app-data/x"),
    );
    assert_eq!(
        ev.summary,
        "Allowed by the VPC endpoint policy: statement \"OnlyAppData\" allows s3:GetObject on arn:aws:s3:::app-data/x."
    );
}

#[test]
fn gw22_restrict_to_a_role_and_to_an_account() {
    let by_role = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {"ArnEquals": {"aws:PrincipalArn": ROLE}}}),
    );
    let by_acct = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCT}}}),
    );
    let other_role = Principal::from_arn("arn:aws:iam::111122223333:role/other");
    let other_acct = Principal::from_arn("arn:aws:iam::444455556666:role/app");
    for kind in [GatewayEndpoint, InterfaceEndpoint] {
        assert_eq!(decide(&by_role, kind, &req("dynamodb:GetItem", "*")), Allow);
        assert_eq!(
            decide(
                &by_role,
                kind,
                &Request::new(other_role.clone(), "dynamodb:GetItem", "*")
            ),
            ImplicitDeny
        );
        assert_eq!(
            decide(
                &by_acct,
                kind,
                &Request::new(other_role.clone(), "dynamodb:GetItem", "*")
            ),
            Allow
        );
        assert_eq!(
            decide(
                &by_acct,
                kind,
                &Request::new(other_acct.clone(), "dynamodb:GetItem", "*")
            ),
            ImplicitDeny
        );
    }
    let ev = evaluate(
        &by_role,
        GatewayEndpoint,
        &Request::new(other_role, "s3:GetObject", "*"),
    );
    assert_eq!(
        ev.statements[0].reason,
        format!(
            "condition ArnEquals aws:PrincipalArn: request has arn:aws:iam::111122223333:role/other, policy wants [{ROLE}]"
        )
    );
}

#[test]
fn gw23_restrict_to_an_organization() {
    let d = stmts(
        json!({"Sid": "OurOrg", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}),
    );
    assert_eq!(
        decide(
            &d,
            InterfaceEndpoint,
            &req("sqs:SendMessage", "*").with("aws:PrincipalOrgID", "o-abc123")
        ),
        Allow
    );
    assert_eq!(
        decide(
            &d,
            InterfaceEndpoint,
            &req("sqs:SendMessage", "*").with("aws:PrincipalOrgID", "o-zzz")
        ),
        ImplicitDeny
    );
    let ev = evaluate(&d, InterfaceEndpoint, &req("sqs:SendMessage", "*"));
    assert_eq!(ev.decision, ImplicitDeny);
    assert_eq!(
        ev.statements[0].reason,
        "condition key aws:PrincipalOrgID absent (POL-18)"
    );
    assert_eq!(ev.statements[0].absent_keys, vec!["aws:PrincipalOrgID"]);
    // Anonymous callers never carry it.
    assert_eq!(
        decide(
            &d,
            InterfaceEndpoint,
            &Request::new(Principal::Anonymous, "sqs:SendMessage", "*")
        ),
        ImplicitDeny
    );
}

fn locked_bucket() -> PolicyDocument {
    stmts(json!([
        {"Sid": "AppAccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app-data/*"},
        {"Sid": "OnlyThroughOurEndpoint", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"],
         "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}
    ]))
}

#[test]
fn gw24_bucket_locked_to_one_endpoint() {
    let d = locked_bucket();
    let through =
        req("s3:GetObject", "arn:aws:s3:::app-data/k").with("aws:SourceVpce", "vpce-1a2b3c4d");
    let ev = evaluate(&d, Bucket, &through);
    assert_eq!((ev.decision, ev.deciding), (Allow, Some(0)));
    assert_eq!(
        ev.statements[1].reason,
        "condition StringNotEquals aws:SourceVpce: request has vpce-1a2b3c4d, policy excludes [vpce-1a2b3c4d]"
    );
    let other =
        req("s3:GetObject", "arn:aws:s3:::app-data/k").with("aws:SourceVpce", "vpce-99999999");
    let ev = evaluate(&d, Bucket, &other);
    assert_eq!((ev.decision, ev.deciding), (ExplicitDeny, Some(1)));
    assert_eq!(
        ev.summary,
        "Denied with an explicit deny in a resource-based policy: statement \"OnlyThroughOurEndpoint\" denies s3:GetObject on arn:aws:s3:::app-data/k."
    );
    // Not through an endpoint at all (console, internet): the key is absent, the negated
    // operator holds, the deny applies (POL-18).
    let ev = evaluate(&d, Bucket, &req("s3:GetObject", "arn:aws:s3:::app-data/k"));
    assert_eq!(ev.decision, ExplicitDeny);
    assert!(
        ev.summary
            .contains("key absent, and a negated operator holds on a missing key (POL-18)"),
        "{}",
        ev.summary
    );
    assert_eq!(ev.statements[1].absent_keys, vec!["aws:SourceVpce"]);
}

#[test]
fn pol25_not_ip_address_source_ip_blocks_endpoint_requests() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
        {"Sid": "OfficeOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7"]}}}
    ]));
    // Over the internet from the office: allowed; from elsewhere: denied.
    assert_eq!(
        decide(
            &d,
            Bucket,
            &req("s3:GetObject", "arn:aws:s3:::b/k").with("aws:SourceIp", "203.0.113.9")
        ),
        Allow
    );
    assert_eq!(
        decide(
            &d,
            Bucket,
            &req("s3:GetObject", "arn:aws:s3:::b/k").with("aws:SourceIp", "198.51.100.7")
        ),
        Allow
    );
    assert_eq!(
        decide(
            &d,
            Bucket,
            &req("s3:GetObject", "arn:aws:s3:::b/k").with("aws:SourceIp", "192.0.2.1")
        ),
        ExplicitDeny
    );
    // Through a VPC endpoint: aws:SourceIp is absent, so NotIpAddress holds and the deny fires.
    let via = req("s3:GetObject", "arn:aws:s3:::b/k")
        .with("aws:SourceVpce", "vpce-1")
        .with("aws:VpcSourceIp", "10.0.1.5");
    let ev = evaluate(&d, Bucket, &via);
    assert_eq!((ev.decision, ev.deciding), (ExplicitDeny, Some(1)));
    assert_eq!(ev.statements[1].absent_keys, vec!["aws:SourceIp"]);
    let l = lint(&d, Bucket);
    let s = l
        .iter()
        .find(|l| l.code == "POLICY_SOURCEIP_DENY")
        .expect("lint");
    assert_eq!(s.rule, "POL-25");
    assert_eq!(s.path, "Statement[1].Condition.NotIpAddress.aws:SourceIp");
}

#[test]
fn s3_resource_account_restriction_in_an_endpoint_policy() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::*",
         "Condition": {"StringNotEquals": {"s3:ResourceAccount": ACCT}}}
    ]));
    assert_eq!(
        decide(
            &d,
            GatewayEndpoint,
            &req("s3:GetObject", "arn:aws:s3:::ours/k").with("s3:ResourceAccount", ACCT)
        ),
        Allow
    );
    assert_eq!(
        decide(
            &d,
            GatewayEndpoint,
            &req("s3:GetObject", "arn:aws:s3:::theirs/k")
                .with("s3:ResourceAccount", "444455556666")
        ),
        ExplicitDeny
    );
}

// ---------------------------------------------------------------- summaries

#[test]
fn summaries_use_aws_wording() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "*"}
    ]));
    let ev = evaluate(
        &d,
        InterfaceEndpoint,
        &req("s3:PutObject", "arn:aws:s3:::b/k"),
    );
    assert_eq!(
        ev.summary,
        "Denied because no VPC endpoint policy allows the s3:PutObject action: none of its 2 Allow statements applies (statement #0: action s3:PutObject not in [s3:GetObject])."
    );
    let ev = evaluate(&d, Bucket, &req("s3:PutObject", "arn:aws:s3:::b/k"));
    assert!(
        ev.summary
            .starts_with("Denied because no resource-based policy allows the s3:PutObject action"),
        "{}",
        ev.summary
    );
    let deny_only = stmts(
        json!({"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}),
    );
    let ev = evaluate(&deny_only, GatewayEndpoint, &req("s3:GetObject", "*"));
    assert_eq!(
        ev.summary,
        "Denied because no VPC endpoint policy allows the s3:GetObject action: the policy has no Allow statement."
    );
    let ev = evaluate(&deny_only, GatewayEndpoint, &req("s3:DeleteObject", "*"));
    assert_eq!(
        ev.summary,
        "Denied with an explicit deny in a VPC endpoint policy: statement #0 denies s3:DeleteObject on *."
    );
}

#[test]
fn decisions_serialize_in_kebab_case() {
    assert_eq!(serde_json::to_value(Allow).unwrap(), "allow");
    assert_eq!(serde_json::to_value(ExplicitDeny).unwrap(), "explicit-deny");
    assert_eq!(serde_json::to_value(ImplicitDeny).unwrap(), "implicit-deny");
    let ev = evaluate(
        &locked_bucket(),
        Bucket,
        &req("s3:GetObject", "arn:aws:s3:::app-data/k"),
    );
    let v = serde_json::to_value(&ev).unwrap();
    assert_eq!(v["decision"], "explicit-deny");
    assert_eq!(v["deciding"], 1);
    assert_eq!(v["statements"][0]["effect"], "Allow");
    assert_eq!(v["statements"][1]["sid"], "OnlyThroughOurEndpoint");
    let r =
        serde_json::to_value(req("s3:GetObject", "x").with("aws:SourceVpce", "vpce-1")).unwrap();
    assert_eq!(
        r["principal"],
        json!({"type": "aws", "arn": ROLE, "account": ACCT})
    );
    assert_eq!(r["context"]["aws:SourceVpce"], json!(["vpce-1"]));
    assert_eq!(
        serde_json::to_value(Principal::Anonymous).unwrap(),
        json!({"type": "anonymous"})
    );
}

// ---------------------------------------------------------------- lints

fn codes(d: &PolicyDocument, kind: PolicyKind) -> Vec<&'static str> {
    lint(d, kind).into_iter().map(|l| l.code).collect()
}

#[test]
fn lint_too_long() {
    let resources: Vec<String> = (0..600)
        .map(|i| format!("arn:aws:s3:::bucket-number-{i:04}/*"))
        .collect();
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": resources}),
    );
    assert!(d.text_len > 20_480);
    let l = lint(&d, InterfaceEndpoint);
    assert_eq!(l[0].code, "POLICY_TOO_LONG");
    assert_eq!(l[0].rule, "POL-1");
    assert!(codes(&full_access(), InterfaceEndpoint).is_empty());
}

#[test]
fn lint_no_principal() {
    let d = doc(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}));
    for kind in [GatewayEndpoint, InterfaceEndpoint, Bucket] {
        let l = lint(&d, kind);
        assert_eq!(l.len(), 1, "{kind:?}: {l:?}");
        assert_eq!(
            (l[0].code, l[0].rule, l[0].path.as_str()),
            ("POLICY_NO_PRINCIPAL", "POL-1", "Statement[0]")
        );
    }
}

#[test]
fn lint_gateway_account_principal() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:root"]}, "Action": "*", "Resource": "*"}),
    );
    let l = lint(&d, GatewayEndpoint);
    assert_eq!(
        l.iter()
            .filter(|l| l.code == "POLICY_GATEWAY_ACCOUNT_PRINCIPAL")
            .count(),
        2
    );
    assert!(l.iter().all(|l| l.rule == "GW-19"));
    assert_eq!(l[0].path, "Statement[0].Principal.AWS");
    assert!(
        l[0].message.contains("aws:PrincipalAccount 111122223333"),
        "{}",
        l[0].message
    );
    assert!(codes(&d, InterfaceEndpoint).is_empty());
    assert!(codes(&d, Bucket).is_empty());
    let role_p = stmts(
        json!({"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "*", "Resource": "*"}),
    );
    assert_eq!(
        codes(&role_p, GatewayEndpoint),
        vec!["POLICY_GATEWAY_PRINCIPAL"]
    );
}

#[test]
fn lint_unknown_global_key_suggests_the_closest() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "arn:aws:s3:::b/${aws:usrname}/*",
        "Condition": {"StringEquals": {"aws:PrincpalAccount": ACCT, "aws:SourceVPCE": "vpce-1", "s3:prefix": "x", "aws:PrincipalTag/team": "a"}}}),
    );
    let l: Vec<Lint> = lint(&d, InterfaceEndpoint)
        .into_iter()
        .filter(|l| l.code == "POLICY_UNKNOWN_GLOBAL_KEY")
        .collect();
    assert_eq!(l.len(), 2, "{l:?}");
    assert_eq!(l[0].path, "Statement[0].Resource");
    assert!(
        l[0].message.contains("did you mean `aws:username`?"),
        "{}",
        l[0].message
    );
    assert_eq!(
        l[1].path,
        "Statement[0].Condition.StringEquals.aws:PrincpalAccount"
    );
    assert!(
        l[1].message
            .contains("did you mean `aws:PrincipalAccount`?"),
        "{}",
        l[1].message
    );
}

#[test]
fn lint_deny_only() {
    let d = stmts(json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}));
    assert_eq!(codes(&d, GatewayEndpoint), vec!["POLICY_DENY_ONLY"]);
    assert_eq!(codes(&d, InterfaceEndpoint), vec!["POLICY_DENY_ONLY"]);
    assert!(
        codes(&d, Bucket).is_empty(),
        "deny-only bucket policies are ordinary"
    );
}

#[test]
fn lint_source_ip_in_endpoint_policies() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
        {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"NotIpAddressIfExists": {"aws:sourceip": "203.0.113.0/24"}}}
    ]));
    assert_eq!(
        codes(&d, InterfaceEndpoint),
        vec!["POLICY_SOURCEIP_ALLOW", "POLICY_SOURCEIP_DENY"]
    );
    assert_eq!(codes(&d, Bucket), vec!["POLICY_SOURCEIP_DENY"]);
}

#[test]
fn lint_wildcard_system_ids() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {
        "StringLike": {"aws:PrincipalAccount": "1111*", "aws:SourceVpce": "vpce-1"},
        "StringEquals": {"aws:SourceVpc": "vpc-?"},
        "NumericEquals": {"aws:SourceVpce": "1"}}}),
    );
    let l: Vec<Lint> = lint(&d, GatewayEndpoint)
        .into_iter()
        .filter(|l| l.code == "POLICY_WILDCARD_SYSTEM_ID")
        .collect();
    let paths: Vec<&str> = l.iter().map(|l| l.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "Statement[0].Condition.StringLike.aws:PrincipalAccount",
            "Statement[0].Condition.StringEquals.aws:SourceVpc",
            "Statement[0].Condition.NumericEquals.aws:SourceVpce",
        ]
    );
    assert!(l.iter().all(|l| l.rule == "POL-4"));
    assert!(!codes(&d, Bucket).contains(&"POLICY_WILDCARD_SYSTEM_ID"));
}

#[test]
fn lint_for_all_values_and_not_principal_allow() {
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}},
        {"Effect": "Allow", "NotPrincipal": {"AWS": ROLE}, "Action": "*", "Resource": "*"}
    ]));
    assert_eq!(
        codes(&d, Bucket),
        vec!["POLICY_FORALLVALUES_ALLOW", "POLICY_NOTPRINCIPAL_ALLOW"]
    );
}

#[test]
fn every_lint_code_is_documented() {
    // Each lint raised anywhere in these tests is listed in LINTS with the same rule.
    for code in [
        "POLICY_TOO_LONG",
        "POLICY_NO_PRINCIPAL",
        "POLICY_GATEWAY_ACCOUNT_PRINCIPAL",
        "POLICY_UNKNOWN_OPERATOR",
        "POLICY_UNKNOWN_GLOBAL_KEY",
        "POLICY_DENY_ONLY",
        "POLICY_SOURCEIP_DENY",
        "POLICY_WILDCARD_SYSTEM_ID",
    ] {
        assert!(LINTS.iter().any(|l| l.code == code), "{code}");
    }
}

// ------------------------------------------ endpoint-owner keys (POL-27, POL-28), issue 17

/// The keys a request through vpce-1 of account 111122223333 (in o-abc, under ou-prod) carries
/// for S3 (POL-27, POL-28).
fn via_owned_endpoint(action: &str) -> Request {
    let mut r = req(action, "arn:aws:s3:::b/k")
        .with("aws:SourceVpce", "vpce-1")
        .with("aws:SourceVpc", "vpc-1")
        .with(
            "aws:SourceVpcArn",
            "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1",
        )
        .with("aws:VpceAccount", ACCT)
        .with("aws:VpceOrgID", "o-abc");
    r.context.insert_multi(
        "aws:VpceOrgPaths",
        ["o-abc/r-ab12/ou-ab12-prod/", "o-abc/r-ab12/ou-ab12-shared/"],
    );
    r
}

#[test]
fn vpce_account_string_equals_and_its_absence() {
    let d = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "*", "Condition": {"StringEquals": {"aws:VpceAccount": ACCT}}}),
    );
    assert_eq!(
        decide(&d, Bucket, &via_owned_endpoint("s3:GetObject")),
        Allow
    );
    let other = via_owned_endpoint("s3:GetObject").with("aws:VpceAccount", "444455556666");
    assert_eq!(decide(&d, Bucket, &other), ImplicitDeny);
    // Over the internet the key is absent: StringEquals cannot match (POL-18, POL-28).
    let public = req("s3:GetObject", "arn:aws:s3:::b/k").with("aws:SourceIp", "203.0.113.9");
    let ev = evaluate(&d, Bucket, &public);
    assert_eq!(ev.decision, ImplicitDeny);
    assert!(
        ev.statements[0]
            .absent_keys
            .iter()
            .any(|k| k == "aws:VpceAccount"),
        "{:?}",
        ev.statements[0].absent_keys
    );
}

#[test]
fn vpce_org_id_deny_perimeter_with_if_exists() {
    // The IAM guide's RCP shape: deny unless the endpoint belongs to the organization. An
    // absent key makes ...IfExists true, so a public request (no endpoint) is denied too.
    let d = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
         "Condition": {"StringNotEqualsIfExists": {"aws:VpceOrgID": "o-abc"}}}
    ]));
    assert_eq!(
        decide(&d, Bucket, &via_owned_endpoint("s3:GetObject")),
        Allow
    );
    let foreign = via_owned_endpoint("s3:GetObject").with("aws:VpceOrgID", "o-zzz");
    assert_eq!(decide(&d, Bucket, &foreign), ExplicitDeny);
    let public = req("s3:GetObject", "arn:aws:s3:::b/k");
    assert_eq!(decide(&d, Bucket, &public), ExplicitDeny);
    // A positive operator: StringEqualsIfExists allows when the key is absent, StringEquals
    // does not (POL-18) — why an allow-list on aws:VpceOrgID must not use IfExists.
    let lax = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*",
         "Condition": {"StringEqualsIfExists": {"aws:VpceOrgID": "o-abc"}}}),
    );
    let strict = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:VpceOrgID": "o-abc"}}}),
    );
    assert_eq!(decide(&lax, Bucket, &public), Allow);
    assert_eq!(decide(&strict, Bucket, &public), ImplicitDeny);
    assert_eq!(
        decide(&strict, Bucket, &via_owned_endpoint("s3:GetObject")),
        Allow
    );
}

#[test]
fn vpce_org_paths_is_multivalued() {
    let any_like = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "*", "Condition": {"ForAnyValue:StringLike": {"aws:VpceOrgPaths": "o-abc/r-ab12/ou-ab12-prod/*"}}}),
    );
    assert_eq!(
        decide(&any_like, Bucket, &via_owned_endpoint("s3:GetObject")),
        Allow
    );
    // ForAllValues: every path must match; ou-ab12-shared does not.
    let all_like = stmts(
        json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "*", "Condition": {"ForAllValues:StringLike": {"aws:VpceOrgPaths": "o-abc/r-ab12/ou-ab12-prod/*"}}}),
    );
    assert_eq!(
        decide(&all_like, Bucket, &via_owned_endpoint("s3:GetObject")),
        ImplicitDeny
    );
    // ForAllValues on an absent key is true (the classic trap, POL-18); ForAnyValue false.
    let public = req("s3:GetObject", "arn:aws:s3:::b/k");
    assert_eq!(decide(&all_like, Bucket, &public), Allow);
    assert_eq!(decide(&any_like, Bucket, &public), ImplicitDeny);
}

#[test]
fn source_vpc_arn_with_arn_operators() {
    let d = stmts(
        json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
        "Condition": {"ArnNotLike": {"aws:SourceVpcArn": "arn:aws:ec2:us-east-1:*:vpc/vpc-1"}}}),
    );
    let allow_all = stmts(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
         "Condition": {"ArnNotLike": {"aws:SourceVpcArn": "arn:aws:ec2:us-east-1:*:vpc/vpc-1"}}}
    ]));
    assert_eq!(
        decide(&allow_all, Bucket, &via_owned_endpoint("s3:GetObject")),
        Allow
    );
    // The same VPC id in another Region is another VPC: the ARN says so (POL-27).
    let west = via_owned_endpoint("s3:GetObject").with(
        "aws:SourceVpcArn",
        "arn:aws:ec2:us-west-2:111122223333:vpc/vpc-1",
    );
    assert_eq!(decide(&allow_all, Bucket, &west), ExplicitDeny);
    assert_eq!(decide(&d, Bucket, &west), ExplicitDeny);
}
