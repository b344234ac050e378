//! `linkscope test --format junit|sarif|github` and `validate --deny-warnings` as a CI runs
//! them: the JUnit parses as XML and the SARIF as JSON with the failures at their lines, the
//! GitHub annotations name file and line, exit codes as with text.

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::cargo_bin("linkscope").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

/// A model with 8 passing expectations, one failing (expected NO_ROUTE, got allowed) and one
/// that cannot be traced; returns the folder, the path and the two failures' lines.
fn failing_model() -> (tempfile::TempDir, String, usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.yaml");
    let yaml = std::fs::read_to_string("tests/models/trace/filters.yaml").unwrap().replace(
        "  - { from: i-app, to: \"tcp://10.0.1.20:5432\", expect: allowed }",
        "  - { from: i-app, to: \"tcp://10.0.1.20:5432\", expect: blocked, reason: NO_ROUTE }\n  - { from: i-app, to: i-nope, expect: allowed }",
    );
    let line_of = |needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let (fail, error) = (line_of("reason: NO_ROUTE }"), line_of("to: i-nope"));
    std::fs::write(&p, &yaml).unwrap();
    (dir, p.to_str().unwrap().to_string(), fail, error)
}

fn run(args: &[&str], code: i32) -> String {
    let out = bin().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn junit_parses_and_locates_failures_and_errors() {
    let (_d, p, fail, error) = failing_model();
    let xml = run(&["test", &p, "--format", "junit"], 1);
    let doc = roxmltree::Document::parse(&xml).expect("JUnit is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("10"));
    assert_eq!(root.attribute("failures"), Some("1"));
    assert_eq!(root.attribute("errors"), Some("1"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 10);
    let failed: Vec<_> = cases
        .iter()
        .filter(|c| c.children().any(|x| x.has_tag_name("failure")))
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attribute("line"), Some(fail.to_string().as_str()));
    assert_eq!(failed[0].attribute("file"), Some(p.as_str()));
    let msg = failed[0]
        .children()
        .find(|x| x.has_tag_name("failure"))
        .unwrap()
        .attribute("message")
        .unwrap();
    assert!(
        msg.contains("expected blocked (NO_ROUTE)") && msg.contains("got allowed"),
        "{msg}"
    );
    let errored: Vec<_> = cases
        .iter()
        .filter(|c| c.children().any(|x| x.has_tag_name("error")))
        .collect();
    assert_eq!(errored.len(), 1);
    assert_eq!(
        errored[0].attribute("line"),
        Some(error.to_string().as_str())
    );
    // All passing: no failure element, exit 0.
    let ok = run(
        &[
            "test",
            "samples/find-the-mistakes.yaml",
            "--format",
            "junit",
        ],
        0,
    );
    let doc = roxmltree::Document::parse(&ok).unwrap();
    assert!(doc.descendants().all(|n| !n.has_tag_name("failure")));
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count()
            > 0
    );
}

#[test]
fn sarif_has_one_result_per_failure_at_its_line() {
    let (_d, p, fail, error) = failing_model();
    let v: Value = serde_json::from_str(&run(&["test", &p, "--format", "sarif"], 1)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["tool"]["driver"]["name"], "linkscope");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let mut lines: Vec<u64> = results
        .iter()
        .map(|r| {
            assert_eq!(r["level"], "error");
            assert_eq!(r["ruleId"], "linkscope/expectation");
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], p.as_str());
            loc["region"]["startLine"].as_u64().unwrap()
        })
        .collect();
    lines.sort();
    assert_eq!(lines, vec![fail as u64, error as u64]);
    let ok: Value = serde_json::from_str(&run(
        &[
            "test",
            "samples/find-the-mistakes.yaml",
            "--format",
            "sarif",
        ],
        0,
    ))
    .unwrap();
    assert_eq!(ok["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn github_annotations_name_file_and_line() {
    let (_d, p, fail, error) = failing_model();
    let text = run(&["test", &p, "--format", "github"], 1);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 2, "{text}");
    let esc = p.replace(':', "%3A").replace(',', "%2C");
    assert!(
        errors[0].starts_with(&format!("::error file={esc},line={fail},title=")),
        "{text}"
    );
    assert!(
        errors[0]
            .contains("::i-app → tcp://10.0.1.20:5432: expected blocked (NO_ROUTE), got allowed"),
        "{text}"
    );
    assert!(
        errors[1].starts_with(&format!("::error file={esc},line={error},")),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some("8 passed, 2 failed"));
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let warn = "tests/models/warn/cidr_host_bits.yaml";
    bin().args(["validate", warn]).assert().code(0);
    bin()
        .args(["validate", warn, "--deny-warnings"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("--deny-warnings"));
    bin()
        .args(["validate", warn, "--deny-warnings", "--json"])
        .assert()
        .code(1);
    bin()
        .args([
            "validate",
            "samples/instance-connect.yaml",
            "--deny-warnings",
        ])
        .assert()
        .code(0);
    // Errors stay exit 2.
    bin()
        .args([
            "validate",
            "tests/models/invalid/bad_cidr.yaml",
            warn,
            "--deny-warnings",
        ])
        .assert()
        .code(2);
}

#[test]
fn json_documents_carry_format_1() {
    let tour = "assets/tour.yaml";
    let docs = [
        run(
            &[
                "trace",
                tour,
                "--from",
                "i-app-a",
                "--to",
                "vpce-partner",
                "--json",
            ],
            0,
        ),
        run(
            &[
                "trace",
                tour,
                "--from",
                "i-app-a",
                "--to",
                "vpce-partner",
                "--format",
                "json",
            ],
            0,
        ),
        run(&["reach", tour, "--to", "vpce-partner", "--json"], 0),
        run(&["diff", tour, tour, "--json"], 0),
        run(
            &[
                "policy",
                "eval",
                "samples/policies/s3-only-app-data.json",
                "--kind",
                "gateway",
                "--action",
                "s3:GetObject",
                "--resource",
                "arn:aws:s3:::app-data/x",
                "--json",
            ],
            0,
        ),
    ];
    for d in docs {
        let v: Value = serde_json::from_str(&d).unwrap();
        assert_eq!(v["format"], 1, "{d}");
        // The first field, so a reader sees it before anything else.
        assert_eq!(
            v.as_object().unwrap().keys().next().map(String::as_str),
            Some("format")
        );
    }
}

/// `diff` as a pull-request check: exit 1 when a verdict changed, 0 when none, and the scoped
/// diff prints the same verdict changes as `--full`, which traces every query in both models.
#[test]
fn diff_exits_1_on_a_changed_verdict_and_agrees_with_full() {
    let dir = tempfile::tempdir().unwrap();
    let before = "samples/s3-gateway-endpoint.yaml";
    let text = std::fs::read_to_string(before).unwrap();
    // rtb-batch loses its default route: i-batch loses S3 through the NAT gateway.
    let after = dir.path().join("after.yaml");
    let edited = text.replacen(
        "endpoint)\n        routes:\n          - { to: 0.0.0.0/0, via: nat-a }",
        "endpoint)\n        routes: []",
        1,
    );
    assert_ne!(edited, text, "the sample's rtb-batch has a default route");
    std::fs::write(&after, edited).unwrap();
    // The sample's policies are files next to it.
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    for e in std::fs::read_dir("samples/policies").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), policies.join(e.file_name())).unwrap();
    }
    let after = after.to_str().unwrap();
    run(&["diff", before, before], 0);
    let scoped = run(&["diff", before, after], 1);
    let full = run(&["diff", before, after, "--full"], 1);
    let verdict_lines = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains(" → ") && !l.starts_with("verdicts"))
            .map(str::to_string)
            .collect()
    };
    assert!(!verdict_lines(&scoped).is_empty(), "{scoped}");
    assert_eq!(verdict_lines(&scoped), verdict_lines(&full));
    let j: Value = serde_json::from_str(&run(&["diff", before, after, "--json"], 1)).unwrap();
    let (queries, old) = (
        j["queries"].as_u64().unwrap(),
        j["traced"]["old"].as_u64().unwrap(),
    );
    assert!(
        old <= queries && j["traced"]["new"].as_u64().unwrap() <= old,
        "{j}"
    );
}
