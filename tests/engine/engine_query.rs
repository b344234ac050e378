//! Reading `--from` and `--to` (TRACE.md tables): every form, its defaults, and bad input with
//! suggestions.

use crate::common::*;
use linkscope::engine::{self, QueryOptions, StepKind};

const MODEL: &str = "tests/models/trace/endpoints.yaml";

#[test]
fn destination_forms_and_defaults() {
    let m = load(MODEL);
    // (to, protocol, port, action, resource, dns name or None)
    type Case<'a> = (
        &'a str,
        &'a str,
        u16,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let cases: &[Case] = &[
        (
            "s3://local-bucket/a/b.csv",
            "tcp",
            443,
            Some("s3:GetObject"),
            Some("arn:aws:s3:::local-bucket/a/b.csv"),
            Some("local-bucket.s3.us-east-1.amazonaws.com"),
        ),
        (
            "s3://local-bucket",
            "tcp",
            443,
            Some("s3:ListBucket"),
            Some("arn:aws:s3:::local-bucket"),
            Some("local-bucket.s3.us-east-1.amazonaws.com"),
        ),
        // The bucket's region comes from `buckets`.
        (
            "s3://west-bucket/k",
            "tcp",
            443,
            Some("s3:GetObject"),
            Some("arn:aws:s3:::west-bucket/k"),
            Some("west-bucket.s3.us-west-2.amazonaws.com"),
        ),
        (
            "dynamodb://orders",
            "tcp",
            443,
            Some("dynamodb:GetItem"),
            Some("arn:aws:dynamodb:us-east-1:111111111111:table/orders"),
            Some("dynamodb.us-east-1.amazonaws.com"),
        ),
        (
            "https://sts.us-east-1.amazonaws.com/path",
            "tcp",
            443,
            None,
            None,
            Some("sts.us-east-1.amazonaws.com"),
        ),
        (
            "https://sts.us-east-1.amazonaws.com:8443",
            "tcp",
            8443,
            None,
            None,
            Some("sts.us-east-1.amazonaws.com"),
        ),
        (
            "http://sts.us-east-1.amazonaws.com",
            "tcp",
            80,
            None,
            None,
            Some("sts.us-east-1.amazonaws.com"),
        ),
        (
            "sts.us-east-1.amazonaws.com:444",
            "tcp",
            444,
            None,
            None,
            Some("sts.us-east-1.amazonaws.com"),
        ),
        (
            "STS.us-east-1.amazonaws.com.",
            "tcp",
            443,
            None,
            None,
            Some("sts.us-east-1.amazonaws.com"),
        ),
        ("tcp://10.0.2.10:22", "tcp", 22, None, None, None),
        (
            "udp://vpce-svc-ok.us-east-1.vpce.amazonaws.com:53",
            "udp",
            53,
            None,
            None,
            Some("vpce-svc-ok.us-east-1.vpce.amazonaws.com"),
        ),
        ("10.0.2.10", "tcp", 443, None, None, None),
        ("10.0.2.10:8080", "tcp", 8080, None, None, None),
        ("i-target", "tcp", 443, None, None, None),
        // An endpoint service: through the VPC's endpoint, first listener.
        ("vpce-svc-ok", "tcp", 443, None, None, None),
        ("svc-ok", "tcp", 443, None, None, None),
        ("vpce-ok", "tcp", 443, None, None, None),
    ];
    for (to, proto, port, action, resource, name) in cases {
        let t = tr(&m, "i-c", to);
        assert_eq!(t.query.to, *to);
        assert_eq!(t.query.protocol, *proto, "{to}");
        assert_eq!(t.query.port, *port, "{to}");
        assert_eq!(t.query.action.as_deref(), *action, "{to}");
        assert_eq!(t.query.resource.as_deref(), *resource, "{to}");
        let dns = t.steps.iter().find(|s| s.kind == StepKind::Dns);
        match name {
            Some(n) => assert_eq!(fact(dns.expect("dns step"), "name"), *n, "{to}"),
            None if to.starts_with("vpce") || to.starts_with("svc") => assert!(dns.is_some()),
            None => assert!(dns.is_none(), "{to}: no DNS for an address or instance"),
        }
    }
}

#[test]
fn source_forms() {
    let m = load(MODEL);
    // Instance id and (unique) name, subnet, address, instance-connect endpoint.
    let t = tr(&m, "i-c", "10.0.2.10");
    assert_eq!(fact(&t.steps[0], "ip"), "10.0.1.10");
    assert_eq!(
        t.query.principal.as_deref(),
        Some("arn:aws:iam::111111111111:role/app"),
        "the instance's role"
    );
    let t = tr(&m, "sn-c-b", "10.0.1.10");
    let s = &t.steps[0];
    assert_eq!(fact(s, "subnet"), "sn-c-b");
    assert_eq!(
        fact(s, "groups"),
        &serde_json::json!(["vpc-c:default-sg"]),
        "the VPC's default group"
    );
    assert!(t.query.principal.is_none(), "anonymous");
    let first_free = fact(s, "ip").as_str().unwrap().to_string();
    assert!(
        first_free.starts_with("10.0.2.") && first_free != "10.0.2.10",
        "{first_free}"
    );
    // An address held by an instance is that instance.
    let t = tr(&m, "10.0.1.10", "10.0.2.10");
    assert!(t.steps[0].objects.iter().any(|o| o == "i-c"));
    // An address nobody holds: an unnamed interface there.
    let t = tr(&m, "10.0.2.200", "10.0.1.10");
    assert_eq!(fact(&t.steps[0], "ip"), "10.0.2.200");
    let t = tr(&m, "eice-c", "i-target");
    assert_eq!(fact(&t.steps[0], "subnet"), "sn-c-a");
    // An Instance Connect session is a TCP tunnel opened with the user's IAM permission, not
    // an unsigned API request; an instance without a role does make unsigned API requests.
    let d = &t.steps[0].detail;
    assert!(
        d.contains("ec2-instance-connect:OpenTunnel") && !d.contains("unsigned"),
        "{d}"
    );
    let d = &tr(&m, "sn-c-b", "10.0.1.10").steps[0].detail;
    assert!(d.contains("unsigned (anonymous"), "{d}");
    // Principal override; account id shorthand.
    let o = QueryOptions {
        principal: Some("222222222222".into()),
        ..Default::default()
    };
    let t = tr_with(&m, "i-c", "s3://b/k", &o);
    assert_eq!(
        t.query.principal.as_deref(),
        Some("arn:aws:iam::222222222222:root")
    );
}

#[test]
fn bad_input_is_an_error_with_help() {
    let m = load(MODEL);
    let err = |from: &str, to: &str| {
        engine::trace(&m, from, to, &QueryOptions::default()).expect_err(&format!("{from} -> {to}"))
    };
    let e = err("i-cc", "10.0.2.10");
    assert!(e.message.contains("unknown source"), "{}", e.message);
    assert!(
        e.help.as_deref().unwrap_or("").contains("i-c"),
        "suggests i-c: {:?}",
        e.help
    );
    let e = err("i-c", "i-targt");
    assert!(e.message.contains("unknown destination"));
    assert!(
        e.help.as_deref().unwrap_or("").contains("i-target"),
        "{:?}",
        e.help
    );
    assert!(err("vpc-c", "10.0.2.10").message.contains("not a source"));
    // AWS's managed interfaces never open connections (TRACE.md, sources).
    let m = load(MODEL);
    let eni = m.endpoints[m.endpoints.iter().position(|e| e.id == "vpce-ok").unwrap()].enis[0].ip;
    let e = engine::trace(&m, &eni.to_string(), "10.0.2.10", &QueryOptions::default())
        .expect_err("an interface endpoint's address is not a source");
    assert!(e.message.contains("endpoint vpce-ok"), "{}", e.message);
    assert!(e.message.contains("never opens"), "{}", e.message);
    assert!(e.help.as_deref().unwrap_or("").contains("--to vpce-ok"));
    assert!(
        err("10.77.0.1", "10.0.2.10")
            .message
            .contains("not inside any subnet")
    );
    assert!(err("i-c", "s3://").message.contains("malformed"));
    assert!(
        err("i-c", "tcp://host.example.com")
            .message
            .contains("needs a port")
    );
    assert!(err("i-c", "ftp://host").message.contains("unknown scheme"));
    assert!(err("i-c", "10.0.2.10:99999").message.contains("port"));
    assert!(
        err("i-c", "bad host!.com").message.contains("malformed")
            || err("i-c", "bad host!.com").message.contains("unknown")
    );
    assert!(err("i-c", "eice-c").message.contains("instance-connect"));
    assert!(err("i-c", "sn-c-a").message.contains("not a destination"));
    let e = engine::trace(
        &m,
        "i-c",
        "10.0.2.10",
        &QueryOptions {
            protocol: Some("sctp".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.message.contains("protocol"));
}
