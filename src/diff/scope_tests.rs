//! The scoped diff against the full one: the same objects and exactly the same verdict changes,
//! on small model pairs that each change one kind of thing, while tracing fewer queries where
//! the models have parts a change cannot reach.

use super::*;
use crate::testgen::{Spec, generate};

fn load(text: &str) -> Model {
    crate::model::load::load_str(text, "m.yaml", None).unwrap_or_else(|e| panic!("{e}"))
}

/// 4 VPCs (2 accounts of 2) of 6 subnets, one instance each, 7 endpoints each, one bucket; the
/// VPCs share nothing, so a change in one cannot reach the others.
fn small() -> String {
    generate(&Spec {
        accounts: 2,
        vpcs_per_account: 2,
        zones: 2,
        subnets_per_zone: 3,
        route_tables: 2,
        routes_per_table: 2,
        rules_per_group: 2,
        seed: 1,
    })
}

fn sample(name: &str) -> String {
    let p = format!("{}/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(p).unwrap()
}

/// `text` with `from` replaced by `to` once; the test fails if `from` is not there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the model has no {from:?}");
    text.replacen(from, to, 1)
}

/// The scoped and the full diff of `before` → `after`, after checking they agree.
fn both(before: &str, after: &str) -> (Diff, Diff) {
    let (a, b) = (load(before), load(after));
    let (scoped, full) = (diff(&a, &b), diff_full(&a, &b));
    assert_eq!(scoped.objects, full.objects);
    assert_eq!(
        scoped.verdicts, full.verdicts,
        "the scoped diff missed or invented a verdict change"
    );
    assert_eq!(scoped.queries, full.queries);
    assert_eq!(
        full.traced.old, full.queries,
        "the full diff traces everything"
    );
    (scoped, full)
}

/// The verdict changes of the matrix (not the expectations), as (from, to).
fn flipped(d: &Diff) -> BTreeSet<(String, String)> {
    d.verdicts
        .iter()
        .filter(|v| v.expectation.is_none())
        .map(|v| (v.from.clone(), v.to.clone()))
        .collect()
}

#[test]
fn route_removed_flips_only_sources_on_that_table_and_is_traced_in_one_vpc() {
    let before = small();
    // rtb-g1-0 loses its default route to the NAT gateway.
    let at = before.find("      - id: rtb-g1-0\n").unwrap();
    let line = "          - { to: 0.0.0.0/0, via: nat-g1 }\n";
    let after = format!("{}{}", &before[..at], edit(&before[at..], line, ""));
    let (scoped, full) = both(&before, &after);
    let flips = flipped(&scoped);
    assert!(!flips.is_empty(), "{:#?}", scoped.verdicts);
    // Subnets k = 2, 4 use rtb-g1-0 (k = 0 has the public table).
    assert!(
        flips.iter().all(|(f, _)| f == "i-g1-2" || f == "i-g1-4"),
        "{flips:?}"
    );
    assert!(
        scoped
            .verdicts
            .iter()
            .all(|v| v.after.reason == Some(Reason::NoRoute)),
        "{:#?}",
        scoped.verdicts
    );
    // Only queries from vpc-g1 are traced (6 sources x 29 destinations, and the expectation):
    // a packet from another VPC never enters vpc-g1, which has no public address.
    assert_eq!(scoped.traced.old, 6 * 29 + 1, "{:?}", scoped.traced);
    // Traced again in NEW: only the queries whose OLD trace named rtb-g1-0 or its subnets
    // (the sources on it, and every answer's walk into subnet-g1-4, where vpce-g1-* have an
    // interface): 83 of 175.
    assert!(
        scoped.traced.new * 2 < scoped.traced.old,
        "{:?}",
        scoped.traced
    );
    assert!(full.traced.old > 2 * scoped.traced.old);
}

#[test]
fn security_group_rule_removed() {
    let before = small();
    let after = edit(
        &before,
        "      - id: sg-g2-ep\n        inbound:\n          - { protocol: tcp, ports: 443, from: 10.2.0.0/16 }\n",
        "      - id: sg-g2-ep\n        inbound: []\n",
    );
    let (scoped, full) = both(&before, &after);
    let flips = flipped(&scoped);
    assert!(!flips.is_empty(), "{:#?}", scoped.verdicts);
    assert!(
        flips
            .iter()
            .all(|(f, t)| f.starts_with("i-g2-") && t.starts_with("vpce-g2-")),
        "{flips:?}"
    );
    assert!(scoped.traced.old < full.traced.old);
}

#[test]
fn endpoint_added() {
    let before = small();
    let after = edit(
        &before,
        "      - { id: vpce-g3-s3,",
        "      - { id: vpce-g3-secrets, type: interface, service: secretsmanager, subnets: [subnet-g3-1], security_groups: [sg-g3-ep] }\n      - { id: vpce-g3-s3,",
    );
    let (scoped, _) = both(&before, &after);
    let flips = flipped(&scoped);
    // A new destination: every source against it, unknown before.
    assert!(
        flips.iter().any(|(_, t)| t == "vpce-g3-secrets"),
        "{flips:?}"
    );
    assert!(
        scoped
            .verdicts
            .iter()
            .filter(|v| v.to == "vpce-g3-secrets")
            .all(|v| v.before.verdict.is_none()),
    );
}

#[test]
fn endpoint_policy_changed() {
    let before = small();
    let after = edit(
        &before,
        "type: gateway, service: s3, route_tables: [rtb-g0-0, rtb-g0-1] }",
        "type: gateway, service: s3, route_tables: [rtb-g0-0, rtb-g0-1], policy: { Statement: [ { Effect: Deny, Principal: \"*\", Action: \"*\", Resource: \"*\" } ] } }",
    );
    let (scoped, full) = both(&before, &after);
    let flips = flipped(&scoped);
    assert!(!flips.is_empty(), "{:#?}", scoped.objects);
    assert!(
        flips
            .iter()
            .all(|(f, t)| f.starts_with("i-g0-") && t == "s3://gen-data/x"),
        "{flips:?}"
    );
    assert!(scoped.traced.old < full.traced.old);
}

#[test]
fn subnet_moved_to_another_table() {
    let before = small();
    let after = edit(
        &before,
        "cidr: 10.3.1.0/24, route_table: rtb-g3-1,",
        "cidr: 10.3.1.0/24, route_table: rtb-g3-pub,",
    );
    let (scoped, full) = both(&before, &after);
    assert_eq!(
        scoped
            .objects
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["subnet-g3-1"]
    );
    // The moved subnet holds vpce-g3-*'s first interfaces: its own instance's verdicts and
    // replies from those interfaces may change; nothing outside vpc-g3's queries is traced.
    assert!(!flipped(&scoped).is_empty(), "{:#?}", scoped.verdicts);
    assert!(scoped.traced.old < full.traced.old);
}

#[test]
fn hosted_zone_association_removed() {
    let before = sample("hub-and-spoke.yaml");
    let after = edit(
        &before,
        "vpcs: [vpc-spoke-a, vpc-spoke-b]",
        "vpcs: [vpc-spoke-a]",
    );
    let (scoped, _) = both(&before, &after);
    assert_eq!(scoped.objects.len(), 1, "{:#?}", scoped.objects);
}

#[test]
fn hosted_zone_association_added_in_an_isolated_vpc() {
    let before = small();
    let after = edit(&before, "vpcs: [vpc-g0]", "vpcs: [vpc-g0, vpc-g1]");
    let (scoped, full) = both(&before, &after);
    assert!(scoped.traced.old < full.traced.old);
}

#[test]
fn bucket_policy_changed() {
    let before = sample("privatelink-2026.yaml");
    let after = edit(
        &before,
        "aws:VpceAccount: \"222222222222\"",
        "aws:VpceAccount: \"999999999999\"",
    );
    let (scoped, _) = both(&before, &after);
    assert!(
        flipped(&scoped)
            .iter()
            .all(|(_, t)| t.starts_with("s3://ledger-archive")),
        "{:#?}",
        scoped.verdicts
    );
}

#[test]
fn a_change_the_scope_cannot_place_traces_everything() {
    let before = small();
    let after = edit(&before, "    name: acct-1\n", "    name: acct-one\n");
    let (scoped, full) = both(&before, &after);
    assert_eq!(scoped.traced, full.traced);
}

#[test]
fn no_change_traces_nothing_but_the_expectations() {
    let before = small();
    let (scoped, _) = both(&before, &before);
    assert!(scoped.verdicts.is_empty());
    assert_eq!(scoped.traced.old, 1, "the one expectation");
}
