//! The overview (`O`) and the reach matrix in the explorer, over the hub-and-spoke and
//! hybrid-DNS samples: the update step driven by keys, and snapshots at 80x24, 120x40 and
//! 200x60 (refresh with `INSTA_UPDATE=always cargo test --test tui tui_overview`).
#![cfg(feature = "tui")]

use super::common::{press, screen, type_text};
use std::path::Path;

use linkscope::model::ObjectRef;
use linkscope::tui::message::Message;
use linkscope::tui::overview::Node;
use linkscope::tui::state::Panel;
use linkscope::tui::{App, update};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const HUB: &str = "samples/hub-and-spoke.yaml";
const HYBRID: &str = "samples/hybrid-dns.yaml";
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn open(path: &str, w: u16, h: u16) -> App {
    let mut a = linkscope::tui::load_app(Some(Path::new(path))).expect("sample loads");
    update(&mut a, Message::Resize(w, h));
    a
}

/// Pick a source and a destination with the finders, as a user would.
fn pick(a: &mut App, src: &str, dst: &str) {
    press(a, "s");
    type_text(a, src);
    press(a, "Enter d");
    type_text(a, dst);
    press(a, "Enter");
}

/// The line of the screen that holds `text`.
fn line_with<'a>(s: &'a str, text: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line with {text:?} in:\n{s}"))
}

#[test]
fn a_model_with_a_transit_gateway_opens_on_the_overview() {
    let a = open(HUB, 120, 40);
    assert!(a.overview.on);
    let s = screen(&a);
    assert!(
        s.contains("Overview · 5 VPCs · 1 transit gateway · 1 site"),
        "{s}"
    );
    for id in ["vpc-hub", "vpc-spoke-a", "tgw-core", "dc1"] {
        assert!(s.contains(id), "{id} on the overview:\n{s}");
    }
    // Accounts and AZs of a VPC, the attachments and tables of the transit gateway.
    assert!(
        line_with(&s, "vpc-spoke-a 10.1.0.0/16").contains("spoke-a"),
        "{s}"
    );
    assert!(s.contains("us-east-1c · use1-az"), "{s}");
    assert!(s.contains("tgw-attach-c → vpc-spoke-c [no table]"), "{s}");
    // A model with one VPC opens on its AZ panes as before.
    let a = linkscope::tui::load_app(None).unwrap();
    assert!(!a.overview.on);
}

#[test]
fn the_trace_path_is_drawn_with_hops_and_a_cross_on_what_blocked_it() {
    let mut a = open(HUB, 120, 40);
    pick(&mut a, "i-a", "db1");
    let s = screen(&a);
    let path = line_with(&s, "path:");
    let at = |id: &str| path.find(id).unwrap_or_else(|| panic!("{id} in {path}"));
    assert!(
        at("vpc-spoke-a") < at("tgw-core") && at("tgw-core") < at("dc1"),
        "{path}"
    );
    assert!(!path.contains('✗'), "{path}");
    // Hop numbers on the transit gateway's line.
    assert!(line_with(&s, "⊗ tgw-core").contains('#'), "{s}");
    // Spoke c's attachment is associated with no table: ✗ on the transit gateway.
    let mut a = open(HUB, 120, 40);
    pick(&mut a, "i-c", "i-hub-app");
    assert_eq!(
        a.run.trace.as_ref().unwrap().reason_code(),
        Some("TGW_NOT_ASSOCIATED")
    );
    let s = screen(&a);
    assert!(line_with(&s, "path:").contains("✗tgw-core"), "{s}");
    assert!(line_with(&s, "⊗ tgw-core").starts_with("┃✗"), "{s}");
    assert!(!line_with(&s, "▢ vpc-spoke-c").contains('✗'), "{s}");
}

#[test]
fn enter_on_a_vpc_drills_down_to_its_az_panes_and_o_comes_back() {
    let mut a = open(HUB, 120, 40);
    let spoke_a = a
        .overview
        .view
        .position(Node::Vpc(1))
        .expect("vpc-spoke-a listed");
    press(&mut a, "g");
    while a.overview.cursor < spoke_a {
        press(&mut a, "j");
    }
    assert_eq!(a.map.selected, Some(ObjectRef::Vpc(1)), "details follow");
    press(&mut a, "Enter");
    assert!(!a.overview.on);
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-spoke-a");
    let s = screen(&a);
    assert!(s.contains("us-east-1b · use1-az2"), "the AZ panes:\n{s}");
    assert!(s.contains("sn-a-app-a"), "{s}");
    press(&mut a, "O");
    assert!(a.overview.on);
    assert_eq!(a.overview.cursor, spoke_a, "back on the VPC shown");
    // Enter on the transit gateway shows its details.
    let tgw = a.overview.view.position(Node::TransitGateway(0)).unwrap();
    while a.overview.cursor < tgw {
        press(&mut a, "j");
    }
    press(&mut a, "Enter");
    assert!(a.overview.on);
    assert_eq!(a.panels.focus, Panel::Details);
    assert_eq!(a.map.selected, Some(ObjectRef::TransitGateway(0)));
}

#[test]
fn a_click_selects_an_entry_and_a_second_click_opens_it() {
    let mut a = open(HUB, 120, 40);
    let s = screen(&a);
    let y = s
        .lines()
        .position(|l| l.contains("▢ vpc-spoke-b"))
        .expect("drawn") as u16;
    update(&mut a, Message::Click(10, y));
    assert!(a.overview.on);
    assert_eq!(a.map.selected, Some(ObjectRef::Vpc(2)));
    update(&mut a, Message::Click(10, y));
    assert!(!a.overview.on);
    assert_eq!(a.model.vpcs[a.map.view.vpc].id, "vpc-spoke-b");
}

#[test]
fn stepping_a_trace_across_vpcs_shows_each_hops_vpc() {
    let mut a = open(HUB, 120, 40);
    press(&mut a, "O");
    assert!(!a.overview.on);
    pick(&mut a, "i-a", "i-hub-app");
    // Port 8080, as the sample's expectation; from the first step.
    a.request.options.port = Some(8080);
    press(&mut a, "t");
    linkscope::tui::update::set_step(&mut a, 0);
    let t = a.run.trace.clone().unwrap();
    let mut shown = Vec::new();
    for _ in 0..t.steps.len() {
        let v = a.model.vpcs[a.map.view.vpc].id.clone();
        if shown.last() != Some(&v) {
            shown.push(v);
        }
        press(&mut a, "n");
    }
    assert_eq!(shown.first().map(String::as_str), Some("vpc-spoke-a"));
    assert!(shown.contains(&"vpc-hub".to_string()), "{shown:?}");
    // On the overview the selected step's entries carry ▶.
    press(&mut a, "O");
    let s = screen(&a);
    assert!(s.contains("┃▶"), "{s}");
}

#[test]
fn the_hybrid_sample_shows_resolver_endpoints_and_the_site() {
    let mut a = open(HYBRID, 200, 60);
    assert!(a.overview.on);
    pick(&mut a, "laptop", "https://ssm.us-east-1.amazonaws.com");
    let s = screen(&a);
    assert!(s.contains("⇵ rslvr-in-hub inbound in vpc-hub"), "{s}");
    assert!(s.contains("⌂ dc1 (datacenter) 192.168.0.0/16"), "{s}");
    let path = line_with(&s, "path:");
    assert!(path.starts_with("┃ path: dc1"), "{path}");
    assert!(path.contains("vpc-hub"), "{path}");
}

#[test]
fn overview_snapshots() {
    for (w, h) in SIZES {
        let mut a = open(HUB, w, h);
        pick(&mut a, "i-c", "i-hub-app");
        insta::assert_snapshot!(format!("overview_hub_{w}x{h}"), screen(&a));
        let mut a = open(HYBRID, w, h);
        pick(&mut a, "laptop", "https://ssm.us-east-1.amazonaws.com");
        insta::assert_snapshot!(format!("overview_hybrid_{w}x{h}"), screen(&a));
    }
}

/// The real binary in tmux: the hub-and-spoke sample opens on the overview, a trace's path
/// is drawn there, Enter opens a VPC's AZ panes and `O` comes back.
#[test]
fn overview_in_a_real_terminal() {
    use super::tui_tmux::{Tmux, quit_and_check_shell, sh_quote};
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("overview", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");
    let model = format!("{}/{HUB}", env!("CARGO_MANIFEST_DIR"));
    t.text(&format!("{} {}", sh_quote(bin), sh_quote(&model)));
    t.keys(&["Enter"]);
    t.wait_for("Overview · 5 VPCs · 1 transit gateway · 1 site");
    t.keys(&["s"]);
    t.wait_for("Source:");
    t.text("i-c");
    t.wait_for("> i-c");
    t.keys(&["Enter"]);
    t.keys(&["d"]);
    t.wait_for("Destination:");
    t.text("i-hub-app");
    t.wait_for("> i-hub-app");
    t.keys(&["Enter"]);
    t.wait("the path and the verdict", |s| {
        s.contains("path: vpc-spoke-c ▸ ✗tgw-core") && s.contains("TGW_NOT_ASSOCIATED")
    });
    // Up to the top, down to vpc-spoke-a, open it: the AZ panes replace the overview.
    t.keys(&["g", "j", "Enter"]);
    t.wait("spoke-a's AZ panes", |s| {
        s.contains("sn-a-app-a") && !s.contains("Overview ·")
    });
    t.keys(&["O"]);
    t.wait_for("Overview · 5 VPCs");
    quit_and_check_shell(&t, dir.path());
}

/// `M` + a destination: the reach matrix, as the user picks it.
fn reach(a: &mut App, dst: &str) {
    press(a, "M");
    type_text(a, dst);
    press(a, "Enter");
}

#[test]
fn the_reach_matrix_marks_every_source_by_its_verdict() {
    let mut a = open(HUB, 120, 40);
    reach(&mut a, "db1");
    let mx = a.reach.matrix.as_ref().expect("a matrix");
    // Every instance and the other site hosts, each agreeing with its own trace.
    assert_eq!(mx.to, "db1");
    assert_eq!(
        mx.rows.len(),
        a.model.instances.len() + a.model.hosts.len() - 1
    );
    for r in &mx.rows {
        let t = linkscope::engine::trace(&a.model, &r.from, "db1", &Default::default()).unwrap();
        assert_eq!(r.verdict, Some(t.verdict), "{}", r.from);
    }
    let shade = |id: &str| {
        let o = a.model.lookup(id).unwrap();
        linkscope::tui::reach::shade(&a, o)
    };
    use linkscope::tui::reach::Shade;
    assert_eq!(shade("i-a"), Some(Shade::Allowed));
    assert_eq!(
        shade("i-b"),
        Some(Shade::Blocked),
        "dc1 does not know spoke-b"
    );
    // The list opens on the result, grouped by verdict with the reasons.
    let s = screen(&a);
    assert!(s.contains("Reach: every source to one destination"), "{s}");
    assert!(s.contains("✓ allowed ("), "{s}");
    assert!(line_with(&s, "✗ i-b ").contains("NO_RETURN_ROUTE"), "{s}");
    // The overview: the legend and each VPC's counts.
    press(&mut a, "Esc");
    let s = screen(&a);
    let allowed = mx_count(&a, Shade::Allowed);
    assert!(
        line_with(&s, "reach → db1").contains(&format!("✓ {allowed} allowed")),
        "{s}"
    );
    assert!(line_with(&s, "▢ vpc-spoke-b").contains("✗1"), "{s}");
    assert!(line_with(&s, "▢ vpc-spoke-a").contains("✓"), "{s}");
    // The AZ panes of spoke-a: each instance marked.
    press(&mut a, "g j Enter");
    let s = screen(&a);
    assert!(
        s.contains("reach → db1"),
        "the legend above the panes:\n{s}"
    );
    assert!(s.contains("✓◆ i-a "), "{s}");
    // X clears the marks.
    press(&mut a, "X");
    assert!(a.reach.matrix.is_none());
    assert!(!screen(&a).contains("reach → db1"));
}

fn mx_count(a: &App, s: linkscope::tui::reach::Shade) -> usize {
    a.reach.matrix.as_ref().unwrap().count(s)
}

#[test]
fn a_source_of_the_matrix_opens_as_a_full_trace() {
    let mut a = open(HUB, 120, 40);
    reach(&mut a, "db1");
    // In the list: down to i-b (blocked) and Enter.
    let rows = a.reach.matrix.as_ref().unwrap().rows.clone();
    let k = rows.iter().position(|r| r.from == "i-b").unwrap();
    for _ in 0..k {
        press(&mut a, "j");
    }
    press(&mut a, "Enter");
    assert!(a.panels.popup.is_none());
    let t = a.run.trace.as_ref().expect("traced");
    assert_eq!((t.query.from.as_str(), t.query.to.as_str()), ("i-b", "db1"));
    assert_eq!(t.reason_code(), Some("NO_RETURN_ROUTE"));
    assert!(a.reach.matrix.is_some(), "the marks stay");
    // From the map: S on a marked source traces it to the reach's destination.
    press(&mut a, "L Esc");
    press(&mut a, "O");
    assert!(!a.overview.on);
    let i_a = a.model.lookup("i-a").unwrap();
    linkscope::tui::update::jump_to(&mut a, i_a);
    press(&mut a, "S");
    let t = a.run.trace.as_ref().expect("traced");
    assert_eq!((t.query.from.as_str(), t.query.to.as_str()), ("i-a", "db1"));
}

#[test]
fn a_large_model_traces_the_matrix_off_the_ui_thread() {
    let text = linkscope::testgen::hub_and_spoke(300);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.yaml");
    std::fs::write(&path, text).unwrap();
    let mut a = linkscope::tui::load_app(Some(&path)).expect("loads");
    update(&mut a, Message::Resize(120, 40));
    let n = a.model.instances.len() + a.model.hosts.len();
    assert!(n > linkscope::tui::reach::SYNC_UP_TO, "{n} sources");
    reach(&mut a, "i-hub-app");
    // The update only left the job: keys stay live.
    assert!(a.reach.matrix.is_none());
    assert!(a.reach.job.is_some());
    assert_eq!(a.reach.running.as_deref(), Some("i-hub-app"));
    assert!(
        a.status.as_deref().unwrap_or("").contains("on a thread"),
        "{:?}",
        a.status
    );
    // The legend says so meanwhile, above the map.
    assert!(
        screen(&a).contains("reach → i-hub-app · tracing from every source"),
        "{}",
        screen(&a)
    );
    // The event loop's runner: a real thread, polled.
    let mut runner = linkscope::tui::reach::Runner::default();
    runner.dispatch(&mut a);
    assert!(a.reach.job.is_none() && runner.busy());
    let t0 = std::time::Instant::now();
    while !runner.poll(&mut a) {
        assert!(
            t0.elapsed().as_secs() < 120,
            "the reach thread never answered"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let mx = a.reach.matrix.as_ref().expect("the matrix came back");
    assert!(mx.threaded);
    assert_eq!(mx.rows.len(), n);
    assert!(screen(&a).contains("reach → i-hub-app"));
}

#[test]
fn reach_snapshots() {
    for (w, h) in SIZES {
        let mut a = open(HUB, w, h);
        reach(&mut a, "db1");
        press(&mut a, "Esc");
        insta::assert_snapshot!(format!("reach_overview_hub_{w}x{h}"), screen(&a));
        press(&mut a, "g j Enter");
        insta::assert_snapshot!(format!("reach_panes_hub_{w}x{h}"), screen(&a));
    }
}

/// A measurement, not a check (`cargo test --test tui reach_timing -- --ignored --nocapture`):
/// on the 10,000-subnet generated model, how long `M` holds the UI thread (the update, then
/// the runner's model clone) and how long the traces take on their thread.
#[test]
#[ignore]
fn reach_timing() {
    use std::time::Instant;
    let text = linkscope::testgen::generate(&linkscope::testgen::Spec::LARGE);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, text).unwrap();
    let mut a = linkscope::tui::load_app(Some(&path)).expect("loads");
    update(&mut a, Message::Resize(200, 60));
    let to = a
        .model
        .endpoints
        .iter()
        .find(|e| e.kind == linkscope::model::EndpointKind::Interface)
        .unwrap()
        .id
        .clone();
    press(&mut a, "M");
    type_text(&mut a, &to);
    let t0 = Instant::now();
    press(&mut a, "Enter");
    let accept = t0.elapsed();
    let mut runner = linkscope::tui::reach::Runner::default();
    let t1 = Instant::now();
    runner.dispatch(&mut a);
    let dispatch = t1.elapsed();
    while !runner.poll(&mut a) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mx = a.reach.matrix.as_ref().unwrap();
    let best_frame = |a: &App| {
        (0..10)
            .map(|_| {
                let t = Instant::now();
                let _ = screen(a);
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let frame = best_frame(&a);
    println!(
        "reach → {to}: {} sources; UI thread: accept {accept:?} + dispatch (model clone) {dispatch:?}; traces {:?} on their thread; a 200x60 frame with the marks {frame:?}",
        mx.rows.len(),
        mx.took
    );
}

#[test]
fn s_and_d_on_the_overview_take_the_entry_under_its_cursor() {
    let mut a = open(HYBRID, 120, 40);
    let site = a.overview.view.position(Node::Site(0)).unwrap();
    press(&mut a, "g");
    while a.overview.cursor < site {
        press(&mut a, "j");
    }
    // A site stands for its first host.
    press(&mut a, "S");
    assert_eq!(a.request.source.as_deref(), Some("laptop"));
    // A VPC is no destination, its id goes anyway and the engine says why.
    press(&mut a, "g D");
    assert_eq!(a.request.destination.as_deref(), Some("vpc-hub"));
}

/// The real binary in tmux: `M` over the hub-and-spoke sample marks the sources and the list
/// opens a source's full trace.
#[test]
fn reach_in_a_real_terminal() {
    use super::tui_tmux::{Tmux, quit_and_check_shell, sh_quote};
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("reach", dir.path()) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_linkscope");
    let model = format!("{}/{HUB}", env!("CARGO_MANIFEST_DIR"));
    t.text(&format!("{} {}", sh_quote(bin), sh_quote(&model)));
    t.keys(&["Enter"]);
    t.wait_for("Overview · 5 VPCs");
    t.keys(&["M"]);
    t.wait_for("Reach: a destination");
    t.text("db1");
    t.wait_for("> db1");
    t.keys(&["Enter"]);
    // (Waits for the whole list: a capture may catch a frame half drawn.)
    t.wait("the reach list with its groups", |s| {
        s.contains("Reach: every source to one destination")
            && s.contains("✓ allowed (2)")
            && s.contains("✗ blocked (5)")
    });
    t.keys(&["Escape"]);
    // Spoke a's counts on the overview.
    t.wait("the list to close and the overview's counts", |s| {
        !s.contains("Reach: every source")
            && s.contains("reach → db1 · ✓ 2 allowed")
            && s.contains("✓2 ✗1")
    });
    // The list again, the first source (allowed), Enter: its trace.
    t.keys(&["L"]);
    t.wait_for("Reach: every source to one destination");
    t.keys(&["Enter"]);
    t.wait_for("Trace · step");
    t.wait_for("ALLOWED via tgw-core");
    quit_and_check_shell(&t, dir.path());
}

#[test]
fn a_thousand_spoke_hub_keeps_the_transit_gateway_entry_short() {
    let text = linkscope::testgen::hub_and_spoke(1000);
    let m = linkscope::model::load_str(&text, "hub.yaml", None).expect("loads");
    let ov = linkscope::tui::overview::Overview::build(&m);
    let tgw = &ov.entries[ov.position(Node::TransitGateway(0)).unwrap()];
    assert!(tgw.height() <= 14, "{}", tgw.height());
    assert!(
        tgw.details.iter().any(|d| d.contains("more attachments")),
        "{:?}",
        tgw.details
    );
    assert_eq!(
        ov.entries.len(),
        m.vpcs.len()
            + 1
            + m.networks.len()
            + m.resolver_endpoints.len()
            + m.endpoint_services.len()
    );
}

#[test]
fn a_reload_runs_the_reach_again_over_the_new_model() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.yaml");
    let text = std::fs::read_to_string(HUB).unwrap();
    std::fs::write(&path, &text).unwrap();
    let mut a = open(path.to_str().unwrap(), 120, 40);
    reach(&mut a, "db1");
    press(&mut a, "Esc");
    let shade = |a: &App, id: &str| linkscope::tui::reach::shade(a, a.model.lookup(id).unwrap());
    use linkscope::tui::reach::Shade;
    assert_eq!(shade(&a, "i-a"), Some(Shade::Allowed));
    // Spoke a's route to the data centre removed: i-a is blocked after the reload.
    let edited = text.replace(
        "routes: [ { to: 10.0.0.0/8, via: tgw-core }, { to: 192.168.0.0/16, via: tgw-core }, { to: 0.0.0.0/0, via: tgw-core } ]",
        "routes: [ { to: 10.0.0.0/8, via: tgw-core } ]",
    );
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    press(&mut a, "r");
    assert_eq!(a.reach.matrix.as_ref().map(|m| m.to.as_str()), Some("db1"));
    assert_eq!(shade(&a, "i-a"), Some(Shade::Blocked));
    assert!(a.panels.popup.is_none(), "a reload does not open the list");
}

#[test]
fn a_wide_overview_has_two_columns_each_scrolled_on_its_own() {
    let text = linkscope::testgen::hub_and_spoke(60);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.yaml");
    std::fs::write(&path, text).unwrap();
    let mut a = open(path.to_str().unwrap(), 200, 60);
    assert!(a.overview.on);
    let s = screen(&a);
    // VPCs left, the transit gateway right, on the same lines.
    let first = line_with(&s, "Transit gateways");
    assert!(first.contains("VPCs"), "{s}");
    // Down the VPCs past the screen: the left column scrolls, the right one stays.
    press(&mut a, "G");
    let last_vpc = a.model.vpcs.len() - 1;
    press(&mut a, "g");
    for _ in 0..last_vpc {
        press(&mut a, "j");
    }
    assert!(a.overview.scroll[0] > 0);
    assert_eq!(a.overview.scroll[1], 0);
    let s = screen(&a);
    assert!(s.contains(&a.model.vpcs[last_vpc].id), "{s}");
    assert!(line_with(&s, "Transit gateways").contains("┃ "), "{s}");
    // → goes to the right column's first entry, ← back to the VPC shown.
    press(&mut a, "l");
    assert_eq!(a.map.selected, Some(ObjectRef::TransitGateway(0)));
    press(&mut a, "h");
    assert_eq!(a.map.selected, Some(ObjectRef::Vpc(a.map.view.vpc)));
    // A click in the right column selects what is drawn there.
    let y = s.lines().position(|l| l.contains("⊗ tgw-")).unwrap() as u16;
    let x = line_with(&s, "⊗ tgw-")
        .find("⊗")
        .map(|b| s.lines().nth(y as usize).unwrap()[..b].chars().count())
        .unwrap() as u16;
    update(&mut a, Message::Click(x, y));
    assert_eq!(a.map.selected, Some(ObjectRef::TransitGateway(0)));
}

/// A measurement, not a check (`cargo test --test tui overview_timing -- --ignored
/// --nocapture`): over the generated 1,000-spoke hub, building the overview, a keystroke on
/// it (update and settle) and one 200x60 frame, with a trace across the hub shown.
#[test]
#[ignore]
fn overview_timing() {
    use std::time::Instant;
    let text = linkscope::testgen::hub_and_spoke(1000);
    let m = linkscope::model::load_str(&text, "hub.yaml", None).expect("loads");
    let t0 = Instant::now();
    let ov = linkscope::tui::overview::Overview::build(&m);
    let build = t0.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.yaml");
    std::fs::write(&path, &text).unwrap();
    let mut a = open(path.to_str().unwrap(), 200, 60);
    a.request.source = Some("i-spoke-999".into());
    a.request.destination = Some("i-hub-app".into());
    a.request.options.port = Some(8080);
    press(&mut a, "t");
    press(&mut a, "j");
    // The better of ten keystrokes (the machine is shared).
    let key = (0..10)
        .map(|i| {
            let t = Instant::now();
            press(&mut a, if i % 2 == 0 { "j" } else { "k" });
            t.elapsed()
        })
        .min()
        .unwrap();
    let best_frame = |a: &App| {
        (0..10)
            .map(|_| {
                let t = Instant::now();
                let _ = screen(a);
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let frame = best_frame(&a);
    let t5 = Instant::now();
    linkscope::tui::overview::settle(&mut a);
    let path = t5.elapsed();
    let t6 = Instant::now();
    let _ = linkscope::tui::lines::details::lines(&a, ObjectRef::Vpc(1), 60);
    let details = t6.elapsed();
    let t7 = Instant::now();
    let l = linkscope::tui::layout::compute(&a, Rect::new(0, 0, 200, 60));
    let lay = t7.elapsed();
    let mut buf = Buffer::empty(Rect::new(0, 0, 200, 60));
    let t8 = Instant::now();
    linkscope::tui::view::overview::render(&a, l.vpc.unwrap(), &mut buf);
    let ovr = t8.elapsed();
    let t9 = Instant::now();
    linkscope::tui::view::details::render(&a, l.details.unwrap(), &mut buf);
    let det = t9.elapsed();
    println!(
        "path {path:?}, VPC details {details:?}, layout {lay:?}, overview render {ovr:?}, details render {det:?}"
    );
    // The same with the AZ panes, for comparison.
    press(&mut a, "O");
    let key_panes = (0..10)
        .map(|i| {
            let t = Instant::now();
            press(&mut a, if i % 2 == 0 { "j" } else { "k" });
            t.elapsed()
        })
        .min()
        .unwrap();
    let frame_panes = best_frame(&a);
    println!(
        "1,000-spoke hub: {} entries; build {build:?}; a keystroke {key:?}; a 200x60 frame {frame:?}; on the AZ panes instead: a keystroke {key_panes:?}, a frame {frame_panes:?}",
        ov.entries.len()
    );
}
