//! The explorer's update step driven by key sequences, without a terminal.
#![cfg(feature = "tui")]

use super::common::{press, screen, type_text};
use std::path::Path;

use linkscope::engine::{Status, Step, StepKind, Trace};
use linkscope::model::ObjectRef;
use linkscope::tui::keymap::{message_for_key, parse_key};
use linkscope::tui::layout::{self, Hit};
use linkscope::tui::message::Message;
use linkscope::tui::state::{Mark, Panel};
use linkscope::tui::{App, update};
use ratatui::crossterm::event::KeyEventKind;
use ratatui::layout::Rect;

const FIXTURE: &str = "tests/fixtures/explorer.yaml";

fn app() -> App {
    let mut a = linkscope::tui::load_app(Some(Path::new(FIXTURE))).expect("fixture loads");
    update(&mut a, Message::Resize(120, 40));
    a
}

fn pick(a: &mut App, src: &str, dst: &str) {
    press(a, "s");
    type_text(a, src);
    press(a, "Enter");
    press(a, "d");
    type_text(a, dst);
    press(a, "Enter");
}

#[test]
fn picking_source_and_destination_runs_a_trace() {
    let mut a = app();
    press(&mut a, "s");
    assert!(a.panels.finder.is_some(), "s opens the source finder");
    type_text(&mut a, "i-app-a");
    press(&mut a, "Enter");
    assert!(a.panels.finder.is_none());
    assert_eq!(a.request.source.as_deref(), Some("i-app-a"));
    assert!(a.run.trace.is_none(), "no trace without a destination");
    assert_eq!(
        a.map.selected,
        a.model.lookup("i-app-a"),
        "the cursor goes to the source"
    );
    press(&mut a, "d");
    type_text(&mut a, "s3://app-data/reports/1.csv");
    press(&mut a, "Enter");
    assert_eq!(
        a.request.destination.as_deref(),
        Some("s3://app-data/reports/1.csv")
    );
    let t = a
        .run
        .trace
        .as_ref()
        .expect("choosing both runs the trace at once");
    assert_eq!(t.query.from, "i-app-a");
    assert!(!t.steps.is_empty());
    let word = if t.allowed() { "ALLOWED" } else { "BLOCKED" };
    assert!(screen(&a).contains(word), "the verdict is on screen");
}

#[test]
fn t_reruns_and_explains_what_is_missing() {
    let mut a = app();
    press(&mut a, "t");
    assert!(a.run.trace.is_none());
    assert!(
        a.status.as_deref().unwrap_or("").contains("source"),
        "{:?}",
        a.status
    );
    pick(&mut a, "i-app-a", "s3://app-data/x");
    a.run.trace = None;
    press(&mut a, "t");
    assert!(a.run.trace.is_some(), "t runs the trace again");
}

#[test]
fn n_and_p_move_the_step() {
    let mut a = app();
    pick(&mut a, "i-app-a", "s3://app-data/reports/1.csv");
    let n = a.run.trace.as_ref().unwrap().steps.len();
    assert!(n >= 2);
    for _ in 0..n {
        press(&mut a, "p");
    }
    assert_eq!(a.run.step, 0);
    press(&mut a, "n");
    assert_eq!(a.run.step, 1);
    for _ in 0..n + 3 {
        press(&mut a, "n");
    }
    assert_eq!(a.run.step, n - 1, "n stops at the last step");
    press(&mut a, "p");
    assert_eq!(a.run.step, n - 2);
    assert!(screen(&a).contains(&format!("step {}/{n}", n - 1)));
}

#[test]
fn v_switches_vpc_and_picking_a_source_shows_its_vpc() {
    let mut a = app();
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-app");
    press(&mut a, "v");
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-provider");
    assert!(screen(&a).contains("vpc-provider"));
    assert!(screen(&a).contains("subnet-prov-a") || screen(&a).contains("prov-a"));
    press(&mut a, "v");
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-app", "v cycles");
    press(&mut a, "V");
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-provider");
    press(&mut a, "s");
    type_text(&mut a, "i-app-b");
    press(&mut a, "Enter");
    assert_eq!(
        a.model.vpcs[a.map.view.vpc].id, "vpc-app",
        "the source's VPC is shown"
    );
}

#[test]
fn esc_closes_the_finder_and_popups() {
    let mut a = app();
    press(&mut a, "s");
    type_text(&mut a, "i-app");
    press(&mut a, "Esc");
    assert!(a.panels.finder.is_none());
    assert!(a.request.source.is_none(), "Esc chooses nothing");
    press(&mut a, "?");
    assert!(a.panels.popup.is_some());
    press(&mut a, "Esc");
    assert!(a.panels.popup.is_none());
}

#[test]
fn q_quits_but_types_in_a_finder() {
    let mut a = app();
    press(&mut a, "/");
    type_text(&mut a, "q");
    assert!(!a.quit, "q is a character in the finder");
    assert_eq!(a.panels.finder.as_ref().unwrap().query, "q");
    press(&mut a, "Esc q");
    assert!(a.quit);
    let mut b = app();
    press(&mut b, "s C-c");
    assert!(b.quit, "Ctrl-C quits from a finder too");
}

#[test]
fn key_releases_are_ignored() {
    let a = app();
    let mut ev = parse_key("q").unwrap();
    ev.kind = KeyEventKind::Release;
    assert!(message_for_key(&a, &ev).is_none());
}

#[test]
fn search_jumps_to_any_object_switching_vpc() {
    let mut a = app();
    press(&mut a, "/");
    type_text(&mut a, "subnet-prov-b");
    press(&mut a, "Enter");
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-provider");
    assert_eq!(a.map.selected, a.model.lookup("subnet-prov-b"));
    // An object that is not drawn in the panes goes to the details panel.
    press(&mut a, "/");
    type_text(&mut a, "acl-strict");
    press(&mut a, "Enter");
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-app");
    assert_eq!(a.map.selected, a.model.lookup("acl-strict"));
    assert_eq!(a.panels.focus, Panel::Details);
    assert!(screen(&a).contains("Inbound"));
}

#[test]
fn arrows_move_through_subnets_items_and_the_strip() {
    let mut a = app();
    let first = a.map.selected;
    assert_eq!(first, a.model.lookup("subnet-app-a"));
    press(&mut a, "j");
    assert_eq!(a.map.selected, a.model.lookup("i-app-a"));
    press(&mut a, "j");
    assert_eq!(a.map.selected, a.model.lookup("vpce-ssm"));
    press(&mut a, "k k");
    assert_eq!(a.map.selected, first);
    press(&mut a, "l");
    assert_eq!(a.map.selected, a.model.lookup("subnet-app-b"));
    press(&mut a, "h");
    assert_eq!(a.map.selected, first);
    // Down to the end of the column, then into the strip.
    for _ in 0..20 {
        press(&mut a, "j");
    }
    assert_eq!(a.map.cursor.col, a.map.view.strip_col());
    assert_eq!(a.map.selected, a.model.lookup("igw-main"));
    press(&mut a, "l");
    assert_eq!(a.map.selected, a.model.lookup("vpce-s3"));
    press(&mut a, "k");
    assert!(
        a.map.cursor.col < a.map.view.strip_col(),
        "k leaves the strip"
    );
}

#[test]
fn tab_cycles_panels_and_shows_them_on_narrow_screens() {
    let mut a = app();
    update(&mut a, Message::Resize(80, 24));
    assert_eq!(a.panels.focus, Panel::Vpc);
    press(&mut a, "Tab");
    assert_eq!(a.panels.focus, Panel::Details);
    let s = screen(&a);
    assert!(s.contains("Details"), "{s}");
    assert!(
        !s.contains("┏ us-east-1a") && !s.contains("┌ us-east-1a"),
        "the details take the VPC view's place: {s}"
    );
    press(&mut a, "Tab");
    assert_eq!(a.panels.focus, Panel::Trace);
    press(&mut a, "Tab");
    assert_eq!(a.panels.focus, Panel::Problems, "the fixture has a warning");
    assert!(screen(&a).contains("ENDPOINT_ZONE_UNSUPPORTED"));
    press(&mut a, "Tab");
    assert_eq!(a.panels.focus, Panel::Vpc);
    assert!(
        screen(&a).contains("┏ us-east-1a · use1-az1"),
        "{}",
        screen(&a)
    );
    press(&mut a, "S-Tab");
    assert_eq!(a.panels.focus, Panel::Problems);
    press(&mut a, "Esc");
    assert_eq!(a.panels.focus, Panel::Vpc, "Esc goes back to the VPC view");
    assert!(screen(&a).contains("┏ us-east-1a · use1-az1"));
}

fn step(kind: StepKind, status: Status, objects: &[&str], facts: serde_json::Value) -> Step {
    let mut s = Step {
        kind,
        status,
        title: format!("{} step", kind.as_str()),
        detail: "what AWS does here".into(),
        objects: objects.iter().map(|s| s.to_string()).collect(),
        facts: facts.as_object().cloned().unwrap_or_default(),
        rules: vec!["GW-6".into()],
        concept: None,
        focus: Default::default(),
    };
    s.focus = linkscope::engine::focus_of(&s);
    s
}

/// A hand-made trace, so highlighting is tested whatever the engine says.
fn synthetic_trace(a: &mut App) {
    let mut t: Trace =
        linkscope::engine::trace(&a.model, "i-app-a", "s3://app-data/x", &Default::default())
            .unwrap();
    t.steps = vec![
        step(
            StepKind::Source,
            Status::Info,
            &["i-app-a", "subnet-app-a", "vpc-app"],
            serde_json::json!({"ip": "10.0.1.10"}),
        ),
        step(
            StepKind::Route,
            Status::Pass,
            &["rtb-app", "vpce-s3"],
            serde_json::json!({"route_table": "rtb-app", "destination": "pl-63a5400a", "target": "vpce-s3"}),
        ),
        step(
            StepKind::SecurityGroup,
            Status::Pass,
            &["sg-app"],
            serde_json::json!({"group": "sg-app", "direction": "inbound", "rule": "tcp 443 from 10.0.0.0/16", "rule_index": 0}),
        ),
        step(
            StepKind::NetworkAcl,
            Status::Fail,
            &["acl-strict", "subnet-legacy"],
            serde_json::json!({"acl": "acl-strict", "direction": "inbound", "rule": "*", "action": "deny"}),
        ),
        step(
            StepKind::Policy,
            Status::Pass,
            &["vpce-s3"],
            serde_json::json!({"policy": "endpoint", "owner": "vpce-s3", "decision": "allow", "statement": "OnlyOurBuckets"}),
        ),
        step(
            StepKind::Endpoint,
            Status::Pass,
            &["vpce-ssm"],
            serde_json::json!({"endpoint": "vpce-ssm", "type": "interface", "zone_id": "use1-az2"}),
        ),
        step(
            StepKind::EndpointService,
            Status::Pass,
            &["vpce-svc-0partner", "subnet-prov-a"],
            serde_json::json!({"service": "vpce-svc-0partner"}),
        ),
    ];
    // The engine names each step's concept; the explorer opens it.
    t.steps[6].concept = Some("endpoint-services".into());
    a.request.source = Some("i-app-a".into());
    a.request.destination = Some("s3://app-data/x".into());
    a.run.trace = Some(t);
}

#[test]
fn a_step_highlights_its_objects_and_marks_the_route_rule_or_statement() {
    let mut a = app();
    synthetic_trace(&mut a);
    linkscope::tui::update::set_step(&mut a, 0);
    let ids = linkscope::tui::update::highlighted_ids(&a);
    assert!(
        ids.contains("i-app-a") && ids.contains("subnet-app-a"),
        "{ids:?}"
    );
    // The source keeps its badge whatever step is selected (issue 13).
    assert!(screen(&a).contains("S◆ i-app-a"), "{}", screen(&a));

    press(&mut a, "n");
    assert_eq!(a.run.step, 1);
    assert_eq!(
        a.map.selected,
        a.model.lookup("rtb-app"),
        "details follow the step's route table"
    );
    let ObjectRef::RouteTable(t) = a.model.lookup("rtb-app").unwrap() else {
        panic!()
    };
    assert_eq!(
        a.run.mark,
        Some(Mark::Route {
            table: t,
            destination: "pl-63a5400a".into()
        })
    );
    let s = screen(&a);
    assert!(s.contains("▶pl-63a5400a"), "the route row is marked:\n{s}");

    press(&mut a, "n");
    assert_eq!(a.map.selected, a.model.lookup("sg-app"));
    assert!(
        screen(&a).contains("▶tcp 443 from 10.0.0.0/16"),
        "{}",
        screen(&a)
    );

    press(&mut a, "n");
    assert_eq!(a.map.selected, a.model.lookup("acl-strict"));
    assert!(screen(&a).contains("▶    * deny"), "{}", screen(&a));
    assert!(
        screen(&a).contains("legacy 10.0.3.0/24 ── acl-strict"),
        "{}",
        screen(&a)
    );

    press(&mut a, "n");
    assert_eq!(a.map.selected, a.model.lookup("vpce-s3"));
    let s = screen(&a);
    assert!(s.contains("▶statement #0 · OnlyOurBuckets"), "{s}");

    press(&mut a, "n");
    // Only the ENI in the step's AZ ID is marked.
    let s = screen(&a);
    assert!(
        s.contains("▶▣ vpce-ssm") && s.matches("▶▣ vpce-ssm").count() == 1,
        "{s}"
    );

    press(&mut a, "n");
    assert_eq!(
        a.model.vpcs[a.map.view.vpc].id, "vpc-provider",
        "a step in another VPC shows that VPC"
    );
    press(&mut a, "c");
    assert!(matches!(
        a.panels.popup,
        Some(linkscope::tui::state::Popup::Concept {
            id: "endpoint-services",
            ..
        })
    ));
    assert!(screen(&a).contains("Endpoint services and acceptance"));
}

#[test]
fn reload_keeps_the_last_good_model_and_lists_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("m.yaml");
    let good = std::fs::read_to_string(FIXTURE).unwrap();
    std::fs::write(&f, &good).unwrap();
    let mut a = linkscope::tui::load_app(Some(&f)).unwrap();
    update(&mut a, Message::Resize(120, 40));
    pick(&mut a, "i-app-a", "s3://app-data/x");
    assert!(a.run.trace.is_some());

    std::fs::write(
        &f,
        good.replace(
            "subnet: subnet-app-a, ip: 10.0.1.10",
            "subnet: subnet-nowhere, ip: 10.0.1.10",
        ),
    )
    .unwrap();
    press(&mut a, "r");
    assert!(!a.file.reload_errors.is_empty(), "the errors are listed");
    assert!(
        a.model.lookup("i-app-a").is_some(),
        "the last good model stays"
    );
    assert!(a.run.trace.is_some(), "and its trace");
    let s = screen(&a);
    assert!(s.contains("reload failed"), "{s}");
    assert!(s.contains("subnet-nowhere") || s.contains("UNKNOWN"), "{s}");

    std::fs::write(&f, good.replace("explorer fixture", "edited fixture")).unwrap();
    update(&mut a, Message::FileChanged);
    assert!(a.file.reload_errors.is_empty());
    assert!(a.model.name.starts_with("edited fixture"));
    assert!(a.run.trace.is_some(), "the trace is run again");
    assert!(screen(&a).contains("edited fixture"));
}

#[test]
fn the_tour_has_nothing_to_reload() {
    let mut a = linkscope::tui::load_app(None).unwrap();
    press(&mut a, "r");
    assert!(a.status.as_deref().unwrap_or("").contains("tour"));
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls() {
    let mut a = app();
    let l = layout::compute(&a, Rect::new(0, 0, 120, 40));
    let target = a.model.lookup("subnet-app-b").unwrap();
    let (x, y) = l
        .panes
        .iter()
        .flat_map(|p| p.boxes.iter().map(move |b| (p.col, b)))
        .find(|(col, b)| {
            a.map.view.object_at(linkscope::tui::state::Cursor {
                col: *col,
                sub: b.sub,
                item: None,
            }) == Some(target)
        })
        .map(|(_, b)| (b.rect.x + 2, b.rect.y))
        .expect("subnet-app-b is drawn");
    assert!(matches!(layout::hit(&a, &l, x, y), Hit::Subnet { .. }));
    update(&mut a, Message::Click(x, y));
    assert_eq!(a.map.selected, Some(target));
    // The item row under the title.
    update(&mut a, Message::Click(x + 2, y + 1));
    assert_eq!(a.map.selected, a.model.lookup("i-app-b"));
    // Wheel over the details scrolls them.
    let d = l.details.unwrap();
    update(
        &mut a,
        Message::Wheel {
            x: d.x + 2,
            y: d.y + 2,
            down: true,
        },
    );
    assert_eq!(a.panels.details.offset, 3);
    // Clicking a trace step selects it.
    pick(&mut a, "i-app-a", "s3://app-data/x");
    let l = layout::compute(&a, Rect::new(0, 0, 120, 40));
    update(&mut a, Message::Click(l.trace.x + 3, l.trace.y + 1));
    assert_eq!(a.panels.focus, Panel::Trace);
    assert_eq!(a.run.step, 0);
}

#[test]
fn finder_narrows_and_restores_on_backspace() {
    let mut a = app();
    press(&mut a, "d");
    let all = a.panels.finder.as_ref().unwrap().matches.len();
    type_text(&mut a, "ssm");
    let some = a.panels.finder.as_ref().unwrap().matches.len();
    assert!(some < all && some > 0);
    let s = screen(&a);
    assert!(s.contains("ssm.us-east-1.amazonaws.com"), "{s}");
    press(&mut a, "Backspace Backspace Backspace");
    assert_eq!(a.panels.finder.as_ref().unwrap().matches.len(), all);
    // Tab completes a bucket so a key can be typed.
    type_text(&mut a, "s3://app");
    press(&mut a, "Down");
    let sel = a
        .panels
        .finder
        .as_ref()
        .unwrap()
        .selected_candidate()
        .map(|c| c.value.clone());
    if sel.as_deref() == Some("s3://app-data") {
        press(&mut a, "Tab");
        assert_eq!(a.panels.finder.as_ref().unwrap().query, "s3://app-data/");
    }
}

#[test]
fn enter_on_a_problem_goes_to_its_object() {
    let mut a = app();
    press(&mut a, "Tab Tab Tab");
    assert_eq!(a.panels.focus, Panel::Problems);
    press(&mut a, "Enter");
    assert_eq!(a.map.selected, a.model.lookup("vpce-partner"));
}

#[test]
fn refuses_politely_without_a_terminal() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_linkscope"))
        .arg(FIXTURE)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs a terminal") && err.contains("linkscope trace"),
        "{err}"
    );
}

#[test]
fn e_traces_one_of_the_models_expectations() {
    let mut a = app();
    press(&mut a, "e");
    let f = a.panels.finder.as_ref().expect("e opens the expectations");
    assert_eq!(f.rows_len(), a.model.expectations.len());
    press(&mut a, "Down Enter");
    let e = &a.model.expectations[1];
    assert_eq!(a.request.source.as_deref(), Some(e.from.as_str()));
    assert_eq!(a.request.destination.as_deref(), Some(e.to.as_str()));
    assert_eq!(a.request.expectation, Some(1));
    let t = a.run.trace.as_ref().expect("traced at once");
    let met = e.check(t).is_empty();
    let s = screen(&a);
    assert!(
        s.contains(if met {
            "as expected"
        } else {
            "the model expects"
        }),
        "{s}"
    );
    // Picking a destination by hand leaves the expectation.
    press(&mut a, "d");
    type_text(&mut a, "10.0.2.10");
    press(&mut a, "Enter");
    assert_eq!(a.request.expectation, None);
    // A model without expectations says so.
    let m = linkscope::model::load_str("linkscope: 1\nname: empty\n", "<m>", None).unwrap();
    let mut b = App::new(m, None);
    press(&mut b, "e");
    assert!(b.panels.finder.is_none());
    assert!(
        b.status
            .as_deref()
            .unwrap_or("")
            .contains("no expectations")
    );
}

#[test]
fn the_model_description_greets_a_newcomer() {
    let mut a = linkscope::tui::load_app(None).unwrap();
    update(&mut a, Message::Resize(120, 40));
    let first = a
        .model
        .description
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(screen(&a).contains(&first), "{}", screen(&a));
    pick(&mut a, "i-app-a", "s3://app-data/x");
    assert!(!screen(&a).contains(&first), "the trace takes its place");
}

#[test]
fn a_sequence_of_writes_never_replaces_the_last_good_model_with_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("m.yaml");
    let good = std::fs::read_to_string(FIXTURE).unwrap();
    std::fs::write(&f, &good).unwrap();
    let mut a = linkscope::tui::load_app(Some(&f)).unwrap();
    update(&mut a, Message::Resize(120, 40));
    pick(&mut a, "i-app-a", "s3://app-data/x");
    let first_trace = a.run.trace.clone().expect("a trace");

    let cut = good.find("subnet: subnet-app-a, ip: 10.0.1.10").unwrap() + "subnet: subn".len();
    let mut bad_utf8 = good.as_bytes()[..cut].to_vec();
    bad_utf8.extend_from_slice(&[0xff, 0xfe, b'\n']);
    enum W {
        Text(String),
        Bytes(Vec<u8>),
        Delete,
        /// A directory where the file was.
        Dir,
    }
    // (what is written, the model name expected on screen after the reload, its first error)
    let named = |n: &str| good.replace("explorer fixture", n);
    let steps: Vec<(&str, W, &str, Option<&str>)> = vec![
        (
            "invalid reference",
            W::Text(good.replace(
                "subnet: subnet-app-a, ip: 10.0.1.10",
                "subnet: subnet-nowhere",
            )),
            "explorer fixture",
            Some("UNKNOWN_REFERENCE"),
        ),
        (
            "truncated mid-mapping",
            W::Text(good[..cut].to_string()),
            "explorer fixture",
            Some("YAML_SYNTAX"),
        ),
        (
            "emptied",
            W::Text(String::new()),
            "explorer fixture",
            Some("EMPTY_FILE"),
        ),
        (
            "invalid UTF-8",
            W::Bytes(bad_utf8),
            "explorer fixture",
            Some("INVALID_UTF8"),
        ),
        (
            "deleted",
            W::Delete,
            "explorer fixture",
            Some("FILE_UNREADABLE"),
        ),
        (
            "recreated",
            W::Text(named("second model")),
            "second model",
            None,
        ),
        (
            "truncated to one line",
            W::Text("linkscope: 1\nvpcs: [".into()),
            "second model",
            Some("YAML_SYNTAX"),
        ),
        (
            "deleted again",
            W::Delete,
            "second model",
            Some("FILE_UNREADABLE"),
        ),
        (
            "a directory in its place (an error, never an import of it)",
            W::Dir,
            "second model",
            Some("NOT_A_FILE"),
        ),
        (
            "valid again",
            W::Text(named("third model")),
            "third model",
            None,
        ),
        (
            "unknown field",
            W::Text(named("fourth").replace("cidrs:", "cidr_blocks:")),
            "third model",
            Some("UNKNOWN_FIELD"),
        ),
        (
            "valid at last",
            W::Text(named("fourth model")),
            "fourth model",
            None,
        ),
    ];
    for (what, w, name, error) in steps {
        if f.is_dir() {
            std::fs::remove_dir(&f).unwrap();
        }
        match w {
            W::Text(t) => std::fs::write(&f, t).unwrap(),
            W::Bytes(b) => std::fs::write(&f, b).unwrap(),
            W::Delete => std::fs::remove_file(&f).unwrap(),
            W::Dir => {
                std::fs::remove_file(&f).ok();
                std::fs::create_dir(&f).unwrap();
            }
        }
        update(&mut a, Message::FileChanged);
        assert!(
            a.model.name.starts_with(name),
            "{what}: the model is {:?}, expected {name:?}",
            a.model.name
        );
        assert!(a.run.trace.is_some(), "{what}: the trace stays");
        match error {
            Some(code) => {
                assert_eq!(
                    a.file.reload_errors.first().map(|d| d.code.as_str()),
                    Some(code),
                    "{what}: {:?}",
                    a.file.reload_errors
                );
                assert!(
                    a.status
                        .as_deref()
                        .unwrap_or("")
                        .starts_with("reload failed"),
                    "{what}: {:?}",
                    a.status
                );
                if name == "explorer fixture" {
                    assert_eq!(
                        a.run.trace.as_ref(),
                        Some(&first_trace),
                        "{what}: the same trace"
                    );
                }
            }
            None => {
                assert!(
                    a.file.reload_errors.is_empty(),
                    "{what}: {:?}",
                    a.file.reload_errors
                );
                assert!(
                    a.status.as_deref().unwrap_or("").starts_with("reloaded"),
                    "{what}: {:?}",
                    a.status
                );
            }
        }
        // Every screen size draws it (the problems panel included), and keys still work.
        for (w, h) in [(120, 40), (80, 24), (200, 60)] {
            update(&mut a, Message::Resize(w, h));
            let s = screen(&a);
            assert!(
                s.contains(&name[..12.min(name.len())]) || w < 100,
                "{what} at {w}x{h}:\n{s}"
            );
            if let Some(code) = error {
                assert!(s.contains("reload failed"), "{what} at {w}x{h}:\n{s}");
                if w >= 120 {
                    assert!(
                        s.contains(code),
                        "{what}: the problems panel at {w}x{h}:\n{s}"
                    );
                }
            }
        }
        update(&mut a, Message::Resize(120, 40));
        press(&mut a, "n p Tab Tab S-Tab Esc");
    }
}

#[test]
fn the_policy_files_a_model_names_are_watched_even_when_a_reload_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    let allow = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#;
    std::fs::write(dir.path().join("policies/p.json"), allow).unwrap();
    let good = std::fs::read_to_string(FIXTURE).unwrap();
    let start = good.find("        policy:\n          Version").unwrap();
    let end = good.find("      - { id: vpce-ssm").unwrap();
    let with = |file: &str| {
        format!(
            "{}        policy: policies/{file}\n{}",
            &good[..start],
            &good[end..]
        )
    };
    let f = dir.path().join("m.yaml");
    std::fs::write(&f, with("p.json")).unwrap();
    let mut a = linkscope::tui::load_app(Some(&f)).unwrap();
    assert_eq!(a.file.watch_files, [dir.path().join("policies/p.json")]);

    // The model now names a policy that does not exist yet: the reload fails, and the new
    // file is what is watched (so creating it reloads).
    std::fs::write(&f, with("q.json")).unwrap();
    update(&mut a, Message::FileChanged);
    assert_eq!(
        a.file.reload_errors.first().map(|d| d.code.as_str()),
        Some("POLICY_FILE_UNREADABLE")
    );
    assert_eq!(a.file.watch_files, [dir.path().join("policies/q.json")]);
    std::fs::write(dir.path().join("policies/q.json"), allow).unwrap();
    update(&mut a, Message::FileChanged);
    assert!(
        a.file.reload_errors.is_empty(),
        "{:?}",
        a.file.reload_errors
    );
    assert_eq!(a.file.watch_files, [dir.path().join("policies/q.json")]);
}

/// The line models are built once per update and shared: a step move wraps the trace once
/// (and the selected object's details once), drawing the screen wraps nothing.
#[test]
fn a_step_move_builds_the_trace_once_and_drawing_builds_nothing() {
    use linkscope::tui::lines::builds;
    let mut a = app();
    pick(&mut a, "i-app-a", "s3://app-data/x");
    press(&mut a, "Tab Tab");
    assert_eq!(a.panels.focus, Panel::Trace);
    let step = a.run.step;
    let before = builds();
    press(&mut a, "n");
    let after = builds();
    assert_ne!(a.run.step, step, "n moves to another step");
    assert_eq!(
        after.trace - before.trace,
        1,
        "one trace build per step move"
    );
    assert_eq!(
        after.details - before.details,
        1,
        "one details build per step move"
    );
    let s = screen(&a);
    assert!(s.contains("Trace · step"), "{s}");
    assert_eq!(builds(), after, "drawing builds no line model");
    // The same for a scroll in the details panel and a cursor move on the map.
    for keys in ["Tab Tab Tab j", "Esc j"] {
        let b0 = builds();
        press(&mut a, keys);
        let n = keys.split_whitespace().count();
        assert!(
            builds().trace - b0.trace <= n,
            "{keys}: at most one build per key"
        );
        let b1 = builds();
        let _ = screen(&a);
        assert_eq!(builds(), b1, "{keys}: drawing builds nothing");
    }
}

/// A hostile description (1 MB) is wrapped only up to 16 KiB: the panel says it was cut and a
/// keystroke stays fast.
#[test]
fn a_megabyte_description_is_cut_and_does_not_lag() {
    let mut a = app();
    a.model.description = "lorem ipsum dolor ".repeat(60_000);
    assert!(a.model.description.len() > 1_000_000);
    update(&mut a, Message::Resize(120, 40));
    let shown: usize = a
        .lines
        .trace
        .body
        .iter()
        .map(|l| l.segs.iter().map(|s| s.0.len()).sum::<usize>())
        .sum();
    assert!(
        shown < 24 * 1024,
        "the trace panel wraps {shown} bytes of description"
    );
    let text: String = a
        .lines
        .trace
        .body
        .iter()
        .flat_map(|l| l.segs.iter().map(|s| s.0.as_str()))
        .collect();
    assert!(text.contains("description cut"), "the cut is said");
    press(&mut a, "Tab Tab");
    let t = std::time::Instant::now();
    for _ in 0..10 {
        press(&mut a, "j");
    }
    let per_key = t.elapsed() / 10;
    // Debug build, shared machine: generous, yet a 1 MB wrap per key would take far longer.
    assert!(per_key.as_millis() < 100, "{per_key:?} per key");
    press(&mut a, "?");
    let help = screen(&a);
    assert!(help.contains("Help"), "{help}");
}

/// `E` lists every expectation with its mark; `f` traces the first failure; an edit on disk
/// that flips an expectation is reported in the footer and at the top of the panel.
#[test]
fn the_expectations_panel_reruns_on_reload_and_names_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("m.yaml");
    let good = std::fs::read_to_string(FIXTURE).unwrap();
    std::fs::write(&f, &good).unwrap();
    let mut a = linkscope::tui::load_app(Some(&f)).unwrap();
    update(&mut a, Message::Resize(120, 40));
    press(&mut a, "E");
    let s = screen(&a);
    assert!(s.contains("✓ 2/2 expectations met"), "{s}");
    assert!(s.contains("✓ i-app-a → s3://app-data/reports/1.csv"), "{s}");
    press(&mut a, "f");
    assert!(
        a.status.as_deref().unwrap_or("").contains("no failure"),
        "{:?}",
        a.status
    );
    press(&mut a, "Esc");
    assert!(a.panels.popup.is_none());

    // The endpoint policy no longer allows GetObject: the first expectation fails.
    std::fs::write(
        &f,
        good.replace(
            r#"Action: ["s3:GetObject", "s3:ListBucket"]"#,
            r#"Action: ["s3:ListBucket"]"#,
        ),
    )
    .unwrap();
    update(&mut a, Message::FileChanged);
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("✗ 1/2 expectations met"), "{status}");
    assert!(
        status.contains("✓→✗ i-app-a → s3://app-data/reports/1.csv: ALLOWED → BLOCKED"),
        "{status}"
    );
    press(&mut a, "E");
    let s = screen(&a);
    assert!(s.contains("Changed by the last reload"), "{s}");
    assert!(s.contains("▶ ✗ i-app-a"), "the failure is selected: {s}");
    // Enter traces the selected expectation; its failing step is selected.
    press(&mut a, "Enter");
    assert!(a.panels.popup.is_none());
    assert_eq!(a.request.expectation, Some(0));
    let t = a.run.trace.as_ref().expect("traced");
    assert_eq!(t.verdict, linkscope::engine::Verdict::Blocked);
    assert_eq!(t.steps[a.run.step].status, Status::Fail);
    // f from the main screen does the same.
    press(&mut a, "E j Esc");
    a.request.expectation = None;
    press(&mut a, "f");
    assert_eq!(a.request.expectation, Some(0));
    // j/k move the selection in the panel.
    press(&mut a, "E j");
    assert!(matches!(
        a.panels.popup,
        Some(linkscope::tui::state::Popup::Expectations { sel: 1, .. })
    ));
}

#[test]
fn e_on_a_model_without_expectations_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("m.yaml");
    let good = std::fs::read_to_string(FIXTURE).unwrap();
    let cut = good.find("expectations:").unwrap();
    std::fs::write(&f, &good[..cut]).unwrap();
    let mut a = linkscope::tui::load_app(Some(&f)).unwrap();
    press(&mut a, "E");
    assert!(a.panels.popup.is_none());
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("no expectations")
    );
}

/// A missing model file at start: an empty explorer lists the error and waits; the file's
/// arrival loads it.
#[test]
fn a_missing_file_at_start_waits_then_loads() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("later.yaml");
    let err = linkscope::tui::load_app(Some(&f)).expect_err("missing");
    let mut a = linkscope::tui::waiting_app(&f, err);
    update(&mut a, Message::Resize(120, 40));
    assert!(!a.file.reload_errors.is_empty(), "the error is listed");
    assert!(a.model.vpcs.is_empty());
    let s = screen(&a);
    assert!(s.contains("Problems"), "{s}");
    std::fs::copy(FIXTURE, &f).unwrap();
    update(&mut a, Message::FileChanged);
    assert!(a.file.reload_errors.is_empty());
    assert!(a.model.lookup("i-app-a").is_some(), "the model appears");
    assert!(screen(&a).contains("explorer fixture"));
}

/// A reload that fails shows each error with the offending line of the file, a caret under its
/// column and the fix, in the problems panel.
#[test]
fn a_failed_reload_shows_the_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("m.yaml");
    let good = std::fs::read_to_string(FIXTURE).unwrap();
    std::fs::write(&f, &good).unwrap();
    let mut a = linkscope::tui::load_app(Some(&f)).unwrap();
    update(&mut a, Message::Resize(200, 60));
    std::fs::write(
        &f,
        good.replace(
            "subnet: subnet-app-a, ip: 10.0.1.10",
            "subnet: subnet-nowhere, ip: 10.0.1.10",
        ),
    )
    .unwrap();
    update(&mut a, Message::FileChanged);
    let d = &a.file.reload_errors[0];
    let n = d.line.expect("located");
    let text: Vec<String> = a
        .lines
        .problems
        .iter()
        .map(|(_, segs)| segs.iter().map(|s| s.0.as_str()).collect())
        .collect();
    let at = text
        .iter()
        .position(|l| l.starts_with(&format!("  {n} │ ")))
        .unwrap_or_else(|| panic!("no snippet line {n}: {text:#?}"));
    assert!(
        text[at].contains("i-app-a") && text[at].contains("subnet-now"),
        "{}",
        text[at]
    );
    assert!(text[at + 1].trim_end().ends_with('^'), "{}", text[at + 1]);
    assert!(screen(&a).contains(" │ - { id: i-app-a"));
}

/// Each item on the trace's path carries the numbers of the steps that used it (`#1,4`).
#[test]
fn the_map_numbers_the_hops_on_the_objects_the_trace_used() {
    let mut a = app();
    pick(&mut a, "i-app-a", "vpce-ssm");
    let t = a.run.trace.as_ref().expect("traced");
    let src_steps: Vec<String> = t
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.objects.iter().any(|o| o == "i-app-a"))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    assert!(!src_steps.is_empty());
    let want = format!("#{}", src_steps.join(","));
    let s = screen(&a);
    let line = s
        .lines()
        .find(|l| l.contains("◆ i-app-a"))
        .expect("the source is drawn");
    assert!(
        line.contains(&want),
        "{want} on the source's row: {line}\n{s}"
    );
    // An item the trace did not use carries none.
    let other = s.lines().find(|l| l.contains("◆ i-app-b")).unwrap();
    let other = &other[other.find("◆ i-app-b").unwrap()..];
    let other = &other[..other.find('│').unwrap_or(other.len())];
    assert!(!other.contains('#'), "{other}");
}

#[test]
fn w_swaps_source_and_destination_and_traces_the_way_back() {
    let mut a = app();
    pick(&mut a, "i-app-a", "i-app-b");
    assert!(a.run.trace.is_some());
    press(&mut a, "w");
    assert_eq!(a.request.source.as_deref(), Some("i-app-b"));
    assert_eq!(a.request.destination.as_deref(), Some("i-app-a"));
    let t = a.run.trace.as_ref().expect("the way back is traced");
    assert!(
        t.steps[0].objects.iter().any(|o| o == "i-app-b"),
        "{:?}",
        t.steps[0].objects
    );
    assert!(screen(&a).contains("from i-app-b"));
}

#[test]
fn brackets_walk_the_history_of_requests() {
    let mut a = app();
    press(&mut a, "[");
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("no earlier request")
    );
    pick(&mut a, "i-app-a", "i-app-b");
    press(&mut a, "w");
    assert_eq!(a.request.source.as_deref(), Some("i-app-b"));
    press(&mut a, "[");
    assert_eq!(a.request.source.as_deref(), Some("i-app-a"));
    assert_eq!(a.request.destination.as_deref(), Some("i-app-b"));
    assert!(
        a.status.as_deref().unwrap_or("").contains("request 1 of 2"),
        "{:?}",
        a.status
    );
    assert!(a.run.trace.is_some());
    press(&mut a, "]");
    assert_eq!(a.request.source.as_deref(), Some("i-app-b"));
    press(&mut a, "]");
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("no later request")
    );
    // Going back then tracing something new drops what was ahead.
    press(&mut a, "[ w");
    assert_eq!(a.request.history.len(), 2);
    assert_eq!(a.request.at, 1);
}

/// Details open at their top when the marked line fits; the marked line is on screen at
/// every step, at a small and a large size.
#[test]
fn details_open_at_the_top_and_keep_the_marked_line_on_screen() {
    for (w, h) in [(120, 40), (200, 60)] {
        let mut a = app();
        update(&mut a, Message::Resize(w, h));
        pick(&mut a, "i-app-a", "s3://app-data/reports/1.csv");
        let n = a.run.trace.as_ref().unwrap().steps.len();
        let mut marked_steps = 0;
        for s in 0..n {
            linkscope::tui::update::set_step(&mut a, s);
            update(&mut a, Message::Resize(w, h));
            let l = layout::compute(&a, Rect::new(0, 0, w, h));
            let dh = l.details.map(|r| r.height as usize - 2).unwrap_or(0);
            if let Some(k) = a.lines.details.iter().position(|x| x.marked) {
                marked_steps += 1;
                let off = a.panels.details.offset;
                assert!(
                    off <= k && k < off + dh,
                    "{w}x{h} step {s}: line {k}, shown from {off}, {dh} rows"
                );
                if k < dh {
                    assert_eq!(
                        off, 0,
                        "{w}x{h} step {s}: the mark fits, the details open at the top"
                    );
                }
            }
        }
        assert!(
            marked_steps > 0,
            "some step marks a route, rule or statement"
        );
    }
}

/// `z` gives the focused panel the whole body and gives it back; every panel can be zoomed.
#[test]
fn z_zooms_the_focused_panel_and_back() {
    let mut a = app();
    pick(&mut a, "i-app-a", "s3://app-data/x");
    let full = Rect::new(0, 0, 120, 40);
    for _ in 0..a.focus_order().len() {
        press(&mut a, "z");
        let l = layout::compute(&a, full);
        let r = match a.panels.focus {
            Panel::Vpc => l.vpc.unwrap(),
            Panel::Details => l.details.unwrap(),
            Panel::Trace => l.trace,
            Panel::Problems => l.problems.unwrap(),
        };
        assert_eq!(r.width, 120, "{:?} zoomed fills the width", a.panels.focus);
        assert!(r.height >= 30, "{:?} zoomed: {r:?}", a.panels.focus);
        let _ = screen(&a);
        press(&mut a, "z");
        let l = layout::compute(&a, full);
        assert!(
            l.trace.height > 0 && l.details.is_some(),
            "back to the usual layout"
        );
        press(&mut a, "Tab");
    }
    press(&mut a, "Tab Tab z");
    assert_eq!(a.panels.focus, Panel::Trace);
    let s = screen(&a);
    assert!(s.contains("Trace · step"), "{s}");
    assert!(
        !s.lines().any(|l| l.starts_with("┌ us-east-1a")),
        "the map is hidden while the trace is zoomed: {s}"
    );
}

/// `y` hands the trace's text to the event loop for the clipboard (OSC 52); nothing without a
/// trace.
#[test]
fn y_copies_the_trace_text() {
    let mut a = app();
    press(&mut a, "y");
    assert!(a.clipboard.is_none());
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("no trace to copy")
    );
    pick(&mut a, "i-app-a", "s3://app-data/x");
    press(&mut a, "y");
    let text = a.clipboard.clone().expect("the trace is copied");
    assert_eq!(
        text,
        linkscope::report::text(a.run.trace.as_ref().unwrap(), false)
    );
    assert!(
        text.contains("i-app-a") && text.contains("ALLOWED"),
        "{text}"
    );
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("copied the trace")
    );
    // The sequence: base64 of the text between ESC ] 52 ; c ; and BEL.
    assert_eq!(linkscope::tui::osc52("hi!"), "\x1b]52;c;aGkh\x07");
    assert_eq!(linkscope::tui::osc52("a"), "\x1b]52;c;YQ==\x07");
}

/// `P` pins a trace; the next trace says what is pinned and marks ≠ on the steps that differ;
/// `P` again unpins.
#[test]
fn p_pins_a_trace_and_marks_the_steps_that_differ() {
    let mut a = app();
    press(&mut a, "P");
    assert!(a.run.pinned.is_none());
    pick(&mut a, "i-app-a", "s3://app-data/reports/1.csv");
    press(&mut a, "P");
    assert!(a.run.pinned.is_some());
    // The same query: nothing differs.
    press(&mut a, "t");
    let s = screen(&a);
    assert!(
        s.contains("pinned: i-app-a → s3://app-data/reports/1.csv"),
        "{s}"
    );
    let marks = |a: &App| {
        a.lines
            .trace
            .body
            .iter()
            .filter(|l| l.head && l.segs.iter().any(|s| s.0 == "≠ "))
            .count()
    };
    assert_eq!(marks(&a), 0, "the same query differs nowhere: {s}");
    // The legacy instance goes another way: its steps differ.
    pick(&mut a, "i-legacy", "s3://app-data/reports/1.csv");
    let s = screen(&a);
    let pinned = a.run.pinned.as_ref().unwrap();
    let cur = a.run.trace.as_ref().unwrap();
    let differ =
        cur.steps
            .iter()
            .enumerate()
            .filter(|(i, st)| {
                pinned.steps.get(*i).is_none_or(|q| {
                    q.kind != st.kind || q.status != st.status || q.title != st.title
                })
            })
            .count();
    assert!(differ > 0);
    assert_eq!(
        a.lines
            .trace
            .body
            .iter()
            .filter(|l| l.head && l.segs.iter().any(|s| s.0 == "≠ "))
            .count(),
        differ,
        "one ≠ per differing step"
    );
    assert!(s.contains("≠ "), "{s}");
    press(&mut a, "P");
    assert!(a.run.pinned.is_none());
    assert_eq!(marks(&a), 0);
    assert!(!screen(&a).contains("pinned:"));
}

/// `S` and `D` take the object under the map cursor: no finder, no typing.
#[test]
fn s_and_d_make_the_selected_object_source_and_destination() {
    let mut a = app();
    press(&mut a, "S"); // subnet-app-a: a subnet can send
    assert_eq!(a.request.source.as_deref(), Some("subnet-app-a"));
    press(&mut a, "j"); // i-app-a
    assert_eq!(a.map.selected, a.model.lookup("i-app-a"));
    press(&mut a, "S");
    assert_eq!(a.request.source.as_deref(), Some("i-app-a"));
    assert!(a.run.trace.is_none(), "no destination yet");
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("now pick a destination"),
        "{:?}",
        a.status
    );
    press(&mut a, "j"); // vpce-ssm
    // An interface endpoint cannot send: refused with why, the source kept.
    press(&mut a, "S");
    assert_eq!(a.request.source.as_deref(), Some("i-app-a"));
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("a source is an instance"),
        "{:?}",
        a.status
    );
    press(&mut a, "D");
    assert_eq!(a.request.destination.as_deref(), Some("vpce-ssm"));
    let t = a.run.trace.as_ref().expect("both set: traced at once");
    assert!(t.steps[0].objects.iter().any(|o| o == "i-app-a"));
    assert!(screen(&a).contains("from i-app-a"));
}
