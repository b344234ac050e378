//! `linkscope draw` shows Route 53 Resolver endpoints: a node per endpoint in its VPC, an
//! interface per address in its subnet, and DNS forwarding edges (a site's server to an inbound
//! endpoint, an outbound endpoint to the site server its forward rules target).

use std::collections::HashMap;

use linkscope::draw::{self, Node, Scene};

fn nodes(s: &Scene) -> Vec<Node> {
    fn walk(g: &draw::Group, out: &mut Vec<Node>) {
        out.extend(g.nodes.iter().cloned());
        for c in &g.groups {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for g in &s.groups {
        walk(g, &mut out);
    }
    out
}

#[test]
fn resolver_endpoints_and_dns_forwarding_are_drawn() {
    let text = std::fs::read_to_string("samples/hybrid-dns.yaml").unwrap();
    let m = linkscope::model::load_str(&text, "hybrid-dns.yaml", None).unwrap();
    let s = draw::scene(&m, &draw::Options::default()).unwrap();
    let all = nodes(&s);
    let endpoints: Vec<&Node> = all
        .iter()
        .filter(|n| n.kind == "resolver-endpoint")
        .collect();
    let ids: Vec<&str> = endpoints.iter().map(|n| n.object.as_str()).collect();
    assert_eq!(ids, ["rslvr-in-hub", "rslvr-out-hub"]);
    assert_eq!(endpoints[0].lines[1], "Resolver inbound endpoint");
    let interfaces: Vec<&str> = all
        .iter()
        .filter(|n| n.kind == "interface" && n.object == "rslvr-in-hub")
        .map(|n| n.lines[1].as_str())
        .collect();
    assert_eq!(interfaces, ["10.0.1.10", "10.0.2.10"]);
    let object: HashMap<&str, &str> = all
        .iter()
        .filter(|n| n.kind != "interface")
        .map(|n| (n.key.as_str(), n.object.as_str()))
        .collect();
    let forwards: Vec<(&str, &str)> = s
        .edges
        .iter()
        .filter(|e| e.2 == "dns-forward")
        .map(|e| (object[e.0.as_str()], object[e.1.as_str()]))
        .collect();
    assert!(
        forwards.contains(&("dns-dc1", "rslvr-in-hub")),
        "{forwards:?}"
    );
    assert!(
        forwards.contains(&("rslvr-out-hub", "dns-dc1")),
        "{forwards:?}"
    );
    // Rule rr-partner targets 172.16.0.53, no site's host: no edge for it.
    assert_eq!(forwards.len(), 2, "{forwards:?}");
    // Every format carries them.
    let dot = draw::dot(&s);
    assert!(dot.contains("dns-forward") && dot.contains("rslvr-in-hub"));
}
