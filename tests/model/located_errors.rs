//! Issue 19's smaller findings: each error names the right file, line and column, once.
//! An id shadowing an implicit table, a policy file's error shown with the policy file's own
//! line, JSON columns in characters, and a bad subnet CIDR reported once (no cascade).

use linkscope::model;

const HEAD: &str = "linkscope: 1\nregion: us-east-1\naccounts:\n  - id: \"111111111111\"\n";

fn codes(e: &model::LoadError) -> Vec<(String, Option<String>)> {
    e.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code.clone(), d.object.clone()))
        .collect()
}

#[test]
fn an_id_shadowing_an_implicit_table_is_a_duplicate_id() {
    // No table is `main: true`, so vpc-a gets the implicit `vpc-a:main-rtb`: a written table
    // with that id used to be silently replaced by it in the id map.
    for (id, section) in [
        (
            "vpc-a:main-rtb",
            "route_tables:\n      - id: \"vpc-a:main-rtb\"\n        routes: []\n",
        ),
        (
            "vpc-a:default-acl",
            "network_acls:\n      - id: \"vpc-a:default-acl\"\n        inbound: []\n        outbound: []\n",
        ),
        (
            "vpc-a:default-sg",
            "security_groups:\n      - id: \"vpc-a:default-sg\"\n        inbound: []\n",
        ),
    ] {
        let text = format!(
            "{HEAD}vpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    {section}"
        );
        let e = model::load_str(&text, "m.yaml", None).expect_err(id);
        let d = e
            .errors()
            .find(|d| d.code == "DUPLICATE_ID")
            .unwrap_or_else(|| panic!("{id}: no DUPLICATE_ID in {:?}", codes(&e)));
        assert_eq!(d.object.as_deref(), Some(id));
        // Located at the written object (line 10, the quoted id's column).
        assert_eq!((d.line, d.column), (Some(10), Some(13)), "{id}");
        assert!(d.help.as_deref().unwrap_or("").contains("implicit"), "{id}");
    }
}

fn gateway_model(dir: &std::path::Path, policy: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    std::fs::write(dir.join("policies/p.json"), policy).unwrap();
    let text = format!(
        "{HEAD}# a comment line that must not be shown as the policy's line 4 ......................\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    route_tables:\n      - {{ id: rtb-a, routes: [] }}\n    endpoints:\n      - {{ id: vpce-s3, type: gateway, service: com.amazonaws.us-east-1.s3, route_tables: [rtb-a], policy: policies/p.json }}\n"
    );
    let path = dir.join("m.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_policy_files_error_shows_the_policy_files_line() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Principal\": \"*\", \"Conditionz\": {}}\n  ]\n}\n";
    let path = gateway_model(dir.path(), policy);
    let e = model::load_file(&path).expect_err("a bad policy");
    let d = e
        .errors()
        .find(|d| d.code == "BAD_POLICY")
        .expect("BAD_POLICY");
    assert!(d.file.as_deref().unwrap().ends_with("p.json"));
    assert_eq!(d.line, Some(4));
    let shown = e.render(false);
    assert!(
        shown.contains("\"Conditionz\": {}"),
        "the snippet is the policy file's line 4:\n{shown}"
    );
    assert!(
        !shown.contains("a comment line"),
        "the model's line 4 is shown under the policy file's name:\n{shown}"
    );
    // The caret is under `"Conditionz"`.
    let line = shown
        .lines()
        .find(|l| l.contains("\"Conditionz\""))
        .unwrap();
    let caret = shown.lines().find(|l| l.contains('^')).unwrap();
    assert_eq!(caret.find('^'), line.find("\"Conditionz\""), "\n{shown}");
}

#[test]
fn a_policy_json_syntax_errors_column_counts_characters() {
    let dir = tempfile::tempdir().unwrap();
    // Five two-byte characters before the error: serde_json's byte column is 5 too far right.
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"ééééé\", \"Effect\": \"Allow\" \"Action\": \"s3:*\"}\n  ]\n}\n";
    let path = gateway_model(dir.path(), policy);
    let e = model::load_file(&path).expect_err("bad JSON");
    let d = e
        .errors()
        .find(|d| d.code == "BAD_POLICY")
        .expect("BAD_POLICY");
    let line4 = policy.lines().nth(3).unwrap();
    let want = line4[..line4.find("\"Action\"").unwrap()].chars().count() + 1;
    assert_eq!((d.line, d.column), (Some(4), Some(want)));
    // The location is said once, in characters: not serde_json's byte column in the message.
    assert!(!d.message.contains("column"), "{}", d.message);
    let shown = e.render(false);
    let caret = shown.lines().find(|l| l.contains('^')).unwrap();
    let src = shown.lines().find(|l| l.contains("\"Action\"")).unwrap();
    let action = src[..src.find("\"Action\"").unwrap()].chars().count();
    assert_eq!(
        caret.chars().position(|c| c == '^'),
        Some(action),
        "\n{shown}"
    );
}

#[test]
fn a_bad_subnet_cidr_is_one_error_not_a_cascade() {
    let text = format!(
        "{HEAD}vpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - {{ id: subnet-a, zone: us-east-1a, cidr: 10.0.1.0/33 }}\n      - {{ id: subnet-b, zone: us-east-1a, cidr: 10.0.2.x/24 }}\n    security_groups:\n      - {{ id: sg-a, inbound: [] }}\n    instances:\n      - {{ id: i-a, subnet: subnet-a, ip: 10.0.1.10, security_groups: [sg-a] }}\n      - {{ id: i-b, subnet: subnet-b, security_groups: [sg-a] }}\n"
    );
    let e = model::load_str(&text, "m.yaml", None).expect_err("bad CIDRs");
    assert_eq!(
        codes(&e),
        vec![
            ("BAD_CIDR".to_string(), Some("subnet-a".to_string())),
            ("BAD_CIDR".to_string(), Some("subnet-b".to_string())),
        ],
        "{}",
        e.render(false)
    );
}
