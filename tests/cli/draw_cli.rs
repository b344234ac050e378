//! `linkscope draw` as a user runs it: the SVG parses as XML and holds every object of the
//! model, the trace overlay marks the path, `--vpc` keeps one VPC, `-o` writes only when asked
//! and never replaces a file without `--force`; DOT and Mermaid nest and close what they open.

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    let mut c = Command::cargo_bin("linkscope").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

const TOUR: &str = "assets/tour.yaml";
const HUB: &str = "samples/hub-and-spoke.yaml";

fn model(path: &str) -> linkscope::model::Model {
    let text = std::fs::read_to_string(path).unwrap();
    linkscope::model::load::load_str(&text, path, None).unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = bin()
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// `data-object` of every element whose class starts with `class_prefix`, with its rect's stroke.
fn objects(doc: &roxmltree::Document) -> Vec<(String, String, String)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("data-object").is_some())
        .map(|n| {
            let rect = n.children().find(|c| c.has_tag_name("rect")).unwrap();
            (
                n.attribute("data-object").unwrap().to_string(),
                n.attribute("class").unwrap().to_string(),
                rect.attribute("stroke").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn svg_parses_and_holds_every_object_of_the_model() {
    for path in [TOUR, HUB] {
        let m = model(path);
        let svg = stdout(&["draw", path]);
        let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert_eq!(
            doc.root_element().tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let drawn: Vec<String> = objects(&doc).into_iter().map(|o| o.0).collect();
        let want = m
            .vpcs
            .iter()
            .map(|v| &v.id)
            .chain(m.subnets.iter().map(|s| &s.id))
            .chain(m.instances.iter().map(|s| &s.id))
            .chain(m.endpoints.iter().map(|s| &s.id))
            .chain(m.endpoint_services.iter().map(|s| &s.id))
            .chain(m.transit_gateways.iter().map(|s| &s.id))
            .chain(m.networks.iter().map(|s| &s.id))
            .chain(m.hosts.iter().map(|s| &s.id))
            .chain(m.accounts.iter().map(|s| &s.id));
        for id in want {
            assert!(drawn.contains(id), "{path}: {id} not drawn");
        }
        // AZs by name and zone ID.
        for s in &m.subnets {
            assert!(
                svg.contains(&format!("AZ {} ({})", s.zone, s.zone_id)),
                "{path}: AZ of {}",
                s.id
            );
        }
        // No trace: nothing marked, no path.
        assert!(objects(&doc).iter().all(|o| o.2 != "#d00"), "{path}");
        assert!(!svg.contains("class=\"trace\""));
    }
}

#[test]
fn svg_trace_overlay_marks_exactly_the_path() {
    let t = {
        let m = model(TOUR);
        linkscope::engine::trace(&m, "i-app-a", "vpce-partner", &Default::default()).unwrap()
    };
    let on_path: Vec<&String> = t.steps.iter().flat_map(|s| &s.objects).collect();
    let svg = stdout(&["draw", TOUR, "--trace", "i-app-a", "vpce-partner"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let objs = objects(&doc);
    for (o, class, stroke) in &objs {
        assert_eq!(
            stroke == "#d00",
            on_path.contains(&o),
            "{o} ({class}) marked {stroke}, on the path: {}",
            on_path.contains(&o)
        );
    }
    assert!(objs.iter().any(|o| o.0 == "i-app-a" && o.2 == "#d00"));
    assert!(objs.iter().any(|o| o.0 == "i-app-b" && o.2 != "#d00"));
    let line = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("trace"))
        .expect("a path line");
    assert!(line.attribute("points").unwrap().split(' ').count() >= 2);
    assert!(svg.contains("trace i-app-a → vpce-partner: ALLOWED"));
}

#[test]
fn vpc_filter_keeps_one_vpc_and_what_it_connects_to() {
    let svg = stdout(&["draw", TOUR, "--vpc", "app"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let drawn: Vec<String> = objects(&doc).into_iter().map(|o| o.0).collect();
    assert!(drawn.contains(&"vpc-app".to_string()));
    assert!(
        drawn.contains(&"vpce-svc-0partner".to_string()),
        "{drawn:?}"
    );
    assert!(
        !drawn
            .iter()
            .any(|d| d == "vpc-partner" || d == "subnet-partner-a")
    );
    bin()
        .args(["draw", TOUR, "--vpc", "vpc-ap"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("no VPC of the model")
                .and(predicate::str::contains("vpc-app")),
        );
}

#[test]
fn dot_and_mermaid_nest_every_group_and_draw_the_trace() {
    let m = model(TOUR);
    let zones: std::collections::BTreeSet<_> =
        m.subnets.iter().map(|s| (&s.vpc, &s.zone)).collect();
    let groups = m.accounts.len() + m.vpcs.len() + zones.len() + m.subnets.len() + m.networks.len();
    let dot = stdout(&[
        "draw",
        TOUR,
        "--format",
        "dot",
        "--trace",
        "i-app-a",
        "vpce-partner",
    ]);
    assert!(dot.starts_with("digraph topology {"));
    assert_eq!(dot.matches("subgraph cluster_").count(), groups);
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
    assert!(dot.contains("label=\"trace\""), "{dot}");
    let mm = stdout(&[
        "draw",
        TOUR,
        "--format",
        "mermaid",
        "--trace",
        "i-app-a",
        "vpce-partner",
    ]);
    assert_eq!(mm.matches("subgraph ").count(), groups);
    assert_eq!(mm.lines().filter(|l| l.trim() == "end").count(), groups);
    assert!(mm.contains("==>|trace|"));
    assert!(mm.contains("-.->|privatelink|"));
    insta::assert_snapshot!("draw_tour_mermaid_trace", mm);
    insta::assert_snapshot!("draw_tour_dot_trace", dot);
}

#[test]
fn output_file_is_written_only_when_asked_and_never_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("topology.svg");
    let o = out.to_str().unwrap();
    bin()
        .args(["draw", TOUR, "-o", o])
        .assert()
        .code(0)
        .stdout("");
    let first = std::fs::read_to_string(&out).unwrap();
    roxmltree::Document::parse(&first).unwrap();
    bin()
        .args(["draw", TOUR, "--format", "dot", "-o", o])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    bin()
        .args(["draw", TOUR, "--format", "dot", "-o", o, "--force"])
        .assert()
        .code(0);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("digraph")
    );
    // No temporary file left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// The SVG as a renderer reads it: usvg (resvg's parser) resolves it into a tree of drawable
/// nodes; every object group keeps its id, has a box of positive size inside the picture, and
/// nests inside its VPC's box. A malformed length, paint or transform would drop or misplace
/// nodes here even where the XML is well-formed.
#[test]
fn svg_is_read_by_a_renderer_with_every_object_in_the_picture() {
    for (path, args) in [
        (
            TOUR,
            vec!["draw", TOUR, "--trace", "i-app-a", "vpce-partner"],
        ),
        (HUB, vec!["draw", HUB]),
    ] {
        let svg = stdout(&args);
        let tree = usvg::Tree::from_str(&svg, &usvg::Options::default())
            .unwrap_or_else(|e| panic!("{path}: usvg refused the SVG: {e}"));
        let (w, h) = (tree.size().width(), tree.size().height());
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let groups: Vec<(String, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("g") && n.attribute("data-object").is_some())
            .map(|n| {
                (
                    n.attribute("id")
                        .expect("object groups carry an id")
                        .to_string(),
                    n.attribute("data-object").unwrap().to_string(),
                )
            })
            .collect();
        assert!(groups.len() > 10, "{path}: {} objects", groups.len());
        for (id, object) in &groups {
            let node = tree
                .node_by_id(id)
                .unwrap_or_else(|| panic!("{path}: {object} ({id}) lost by the renderer"));
            let b = node.abs_bounding_box();
            assert!(
                b.width() > 0.0 && b.height() > 0.0,
                "{path}: {object} has an empty box"
            );
            assert!(
                b.left() >= 0.0 && b.top() >= 0.0 && b.right() <= w && b.bottom() <= h,
                "{path}: {object} at {b:?} outside the {w}x{h} picture"
            );
        }
        // A subnet's box lies inside its VPC's box.
        let m = model(path);
        let by_object = |o: &str| {
            let id = &groups.iter().find(|g| g.1 == o).unwrap().0;
            tree.node_by_id(id).unwrap().abs_bounding_box()
        };
        for s in &m.subnets {
            let (sb, vb) = (by_object(&s.id), by_object(&m.vpcs[s.vpc].id));
            assert!(
                sb.left() >= vb.left()
                    && sb.top() >= vb.top()
                    && sb.right() <= vb.right()
                    && sb.bottom() <= vb.bottom(),
                "{path}: {} outside its VPC",
                s.id
            );
        }
        if path == TOUR {
            // The path overlay is a drawable line, not dropped.
            let line = doc
                .descendants()
                .find(|n| n.attribute("class") == Some("trace"))
                .expect("a path line");
            assert!(line.attribute("points").is_some());
            assert!(tree.root().has_children());
        }
    }
}
