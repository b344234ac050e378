//! Terraform's transit gateway, VPN, Route 53 Resolver and DHCP options resources
//! (tests/fixtures/import/terraform/hybrid-state.json, a `terraform show -json` state written
//! for this project): imported with Terraform's defaults (attachments associated with and
//! propagating to the gateway's default table) and traced end to end.

use std::path::Path;

use linkscope::engine::{self, StepKind, Verdict};
use linkscope::import::{self, Imported};
use linkscope::model::Model;
use linkscope::outcome::Reason;

const STATE: &str = "tests/fixtures/import/terraform/hybrid-state.json";
const VPCE: &str = "vpce-0h000000000000ssm";

fn import_text(text: &str) -> (Imported, Model) {
    let imp = import::import_text(text, "hybrid-state.json").unwrap_or_else(|d| panic!("{d:#?}"));
    crate::import_direct::assert_same_model("hybrid-state.json", &imp);
    let m = imp
        .model("<imported>")
        .unwrap_or_else(|e| panic!("{}\n---\n{}", e.render(false), imp.yaml));
    (imp, m)
}

fn state() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(STATE)).unwrap()
}

fn trace(m: &Model, from: &str, to: &str) -> engine::Trace {
    engine::trace(m, from, to, &engine::QueryOptions::default())
        .unwrap_or_else(|e| panic!("{from} -> {to}: {e}"))
}

#[test]
fn terraform_transit_gateway_vpn_and_resolver_import() {
    let (imp, _) = import_text(&state());
    assert_eq!(imp.details.skipped_total(), 0, "{:#?}", imp.details.skipped);
    let t = &imp.doc.transit_gateways[0];
    let rt = &t.route_tables.as_ref().expect("the default table")[0];
    assert_eq!(rt.id, "tgw-rtb-0c0000000000001");
    // Terraform's default: every attachment associated with and propagating to it.
    assert_eq!(rt.associations.len(), 3, "{rt:?}");
    assert_eq!(rt.propagations.len(), 3, "{rt:?}");
    assert_eq!(rt.routes.len(), 1);
    let site = &imp.doc.networks[0];
    assert_eq!(site.cidrs, ["192.168.0.0/16"]);
    // A static VPN: what the site sends is assumed to be the VPCs behind the gateway.
    assert_eq!(
        site.routes.as_deref(),
        Some(&["10.0.0.0/16".to_string(), "10.1.0.0/16".to_string()][..])
    );
    assert_eq!(imp.doc.resolver_endpoints.len(), 2);
    assert_eq!(imp.doc.resolver_rules[0].vpcs, ["vpc-0s0000000000000001"]);
}

#[test]
fn terraform_hybrid_traces_spoke_and_site_to_the_hub_endpoint() {
    let (_, m) = import_text(&state());
    let t = trace(
        &m,
        "i-0s0000000000000app",
        "https://ssm.us-east-1.amazonaws.com",
    );
    // The spoke has no private hosted zone for SSM: it resolves publicly and has no route.
    assert_eq!(t.reason, Some(Reason::NoRoute), "{}", t.summary);
    let t = trace(&m, "i-0s0000000000000app", VPCE);
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert!(t.steps.iter().any(|s| s.kind == StepKind::TransitGateway));
    let t = trace(&m, "192.168.10.20", "https://ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    assert_eq!(t.via.as_deref(), Some(VPCE));
    let d = t.steps.iter().find(|s| s.kind == StepKind::Dns).unwrap();
    assert_eq!(d.facts["answered_by"], "endpoint-private-dns");
}

#[test]
fn an_attachment_opted_out_of_the_default_table_is_not_associated() {
    let text = state().replacen(
        "\"transit_gateway_default_route_table_association\": true",
        "\"transit_gateway_default_route_table_association\": false",
        1,
    );
    let (imp, m) = import_text(&text);
    let rt = &imp.doc.transit_gateways[0].route_tables.as_ref().unwrap()[0];
    assert!(
        !rt.associations
            .iter()
            .any(|a| a == "tgw-attach-0hub00000000001"),
        "{rt:?}"
    );
    let t = trace(&m, "192.168.10.20", "https://ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Blocked, "{}", t.summary);
}

/// The same network as a plan (tests/fixtures/import/terraform/hybrid-plan.json) that creates
/// the spoke's attachment, the VPN connection, its TGW route, the forward rule and the DHCP
/// options: their ids are unknown until apply, and the references between them still hold.
#[test]
fn terraform_plan_links_unknown_transit_and_vpn_ids_and_traces_before_apply() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/terraform/hybrid-plan.json"),
    )
    .unwrap();
    let (imp, m) = import_text(&text);
    let placeholders: Vec<(&str, &str)> = imp
        .details
        .placeholders
        .iter()
        .map(|(a, i)| (a.as_str(), i.as_str()))
        .collect();
    assert!(
        placeholders.contains(&("aws_vpn_connection.dc1", "vpn-dc1")),
        "{placeholders:?}"
    );
    assert!(placeholders.contains(&(
        "aws_ec2_transit_gateway_vpc_attachment.app",
        "tgw-attach-app"
    )));
    let t = &imp.doc.transit_gateways[0];
    // The VPN's attachment (computed by AWS) and the route naming it agree.
    let vpn = t.attachments.iter().find(|a| a.network.is_some()).unwrap();
    let rt = &t.route_tables.as_ref().unwrap()[0];
    assert_eq!(rt.routes[0].via.as_deref(), Some(vpn.id.as_str()));
    assert!(rt.associations.contains(&"tgw-attach-app".to_string()));
    assert_eq!(imp.doc.resolver_rules[0].id, "rslvr-rr-corp");
    let t = trace(&m, "192.168.10.20", "https://ssm.us-east-1.amazonaws.com");
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
    let t = trace(&m, "i-0s0000000000000app", VPCE);
    assert_eq!(t.verdict, Verdict::Allowed, "{}", t.summary);
}
