//! Every input a fuzzer found crashing, kept as a regression test and replayed through the
//! fuzz target's own body (`linkscope::fuzzing`): each must load, trace or fail with
//! diagnostics, never panic. A file's name starts with its target: `load_model-*`,
//! `policy-*`, `import-*`, `destination-*`. (`cargo fuzz run TARGET` under fuzz/; see the
//! README.)

use std::path::PathBuf;

#[test]
fn fuzz_crash_inputs_no_longer_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let tour = linkscope::model::load_str(linkscope::TOUR, "<tour>", None).expect("the tour");
    let scratch = tempfile::tempdir().expect("tmp");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz_regressions") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let target = name.split(['-', '.']).next().unwrap_or_default();
        match target {
            "load_model" => linkscope::fuzzing::load_model(&bytes),
            "policy" => linkscope::fuzzing::policy(&bytes),
            "import" => linkscope::fuzzing::import(scratch.path(), &bytes),
            "destination" => linkscope::fuzzing::destination(&tour, &bytes),
            _ => panic!("{name}: the name must start with a fuzz target's name"),
        }
        n += 1;
    }
    assert!(n >= 1, "regression inputs present");
}

#[test]
fn destination_inputs_read_as_the_command_line_would() {
    let (from, to, o) = linkscope::fuzzing::destination_question(
        b"i-app-a\ns3://b/k\ntcp\n443\nx\ns3:GetObject\n\n\naws:SourceIp=10.0.0.1\nnot-a-pair",
    );
    assert_eq!((from.as_str(), to.as_str()), ("i-app-a", "s3://b/k"));
    assert_eq!(
        (o.protocol.as_deref(), o.port, o.source_port),
        (Some("tcp"), Some(443), None)
    );
    assert_eq!(o.action.as_deref(), Some("s3:GetObject"));
    assert_eq!((o.resource, o.principal), (None, None));
    assert_eq!(
        o.context,
        vec![("aws:SourceIp".to_string(), "10.0.0.1".to_string())]
    );
    // The seeds of the corpus trace on the tour.
    let tour = linkscope::model::load_str(linkscope::TOUR, "<tour>", None).unwrap();
    let (from, to, o) =
        linkscope::fuzzing::destination_question(b"i-app-a\ns3://app-data/reports/today.csv");
    assert!(
        linkscope::engine::trace(&tour, &from, &to, &o)
            .unwrap()
            .allowed()
    );
}

#[test]
fn an_unresolved_endpoint_subnet_does_not_shift_eni_indexes() {
    // The first fuzz find: an interface endpoint whose first subnet is unknown.
    let y = "linkscope: 1\naccounts: [{ id: \"111111111111\" }]\nvpcs:\n  - id: vpc-a\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: subnet-b, zone: us-east-1b, cidr: 10.0.2.0/24 }\n    endpoints:\n      - { id: vpce-x, type: interface, service: ssm, subnets: [subnet-nope, subnet-b] }\n";
    let e = linkscope::model::load_str(y, "m.yaml", None).expect_err("unknown subnet");
    assert_eq!(
        e.errors().next().map(|d| d.code.as_str()),
        Some("UNKNOWN_REFERENCE")
    );
}
