//! Every input a fuzzer found crashing, kept as a regression test: each must load or fail with
//! diagnostics, never panic. (`cargo fuzz run load_model` etc. under fuzz/; see the README.)

use std::path::PathBuf;

#[test]
fn fuzz_crash_inputs_no_longer_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz_regressions") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.starts_with("load_model") {
            let r = linkscope::model::load::load_bytes(&bytes, &name, None);
            if let Err(e) = r {
                assert!(
                    e.errors().next().is_some(),
                    "{name}: a failed load names its errors"
                );
            }
            n += 1;
        }
    }
    assert!(n >= 1, "regression inputs present");
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
