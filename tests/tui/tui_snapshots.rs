//! Screens of the explorer over the built-in tour, drawn into ratatui's TestBackend and
//! compared with insta snapshots (tests/tui/snapshots/). Refresh them after the tour or the engine
//! changes with `INSTA_UPDATE=always cargo test --test tui tui_snapshots`; with CI set, insta
//! never writes them.
//!
//! Also: every size from 1x1 to 300x100 renders without panicking, and model strings never
//! reach the screen with control characters in them.
#![cfg(feature = "tui")]

use super::common::{draw, press, type_text};
use linkscope::tui::message::Message;
use linkscope::tui::{App, layout, update};

fn tour() -> App {
    linkscope::tui::load_app(None).expect("the tour loads")
}

/// A query that fails in the tour: its first `blocked` expectation, else the first instance to
/// a bucket no policy lets through.
fn failing_query(a: &App) -> (String, String) {
    let m = &a.model;
    if let Some(e) = m
        .expectations
        .iter()
        .find(|e| e.expect == linkscope::engine::Verdict::Blocked)
    {
        return (e.from.clone(), e.to.clone());
    }
    let from = m
        .instances
        .first()
        .map(|i| i.id.clone())
        .unwrap_or_default();
    (from, "s3://linkscope-no-such-bucket/x".into())
}

fn with_trace(a: &mut App) {
    let (from, to) = failing_query(a);
    press(a, "s");
    type_text(a, &from);
    press(a, "Enter d");
    type_text(a, &to);
    press(a, "Enter");
    assert!(a.run.trace.is_some() || a.run.trace_error.is_some());
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn initial_view() {
    for (w, h) in SIZES {
        let mut a = tour();
        insta::assert_snapshot!(format!("tour_initial_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn finder_open() {
    for (w, h) in SIZES {
        let mut a = tour();
        press(&mut a, "d");
        type_text(&mut a, "s3");
        insta::assert_snapshot!(format!("tour_finder_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn trace_at_failing_step() {
    for (w, h) in SIZES {
        let mut a = tour();
        update(&mut a, Message::Resize(w, h));
        with_trace(&mut a);
        insta::assert_snapshot!(format!("tour_trace_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn help() {
    for (w, h) in SIZES {
        let mut a = tour();
        press(&mut a, "?");
        insta::assert_snapshot!(format!("tour_help_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn expectations_panel() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut a = tour();
        press(&mut a, "E");
        let s = draw(&mut a, w, h);
        assert!(s.contains("expectations met"), "{s}");
        insta::assert_snapshot!(format!("tour_expectations_{w}x{h}"), s);
    }
}

#[test]
fn zoomed_trace() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut a = tour();
        let (from, to) = failing_query(&a);
        a.request.source = Some(from);
        a.request.destination = Some(to);
        update(&mut a, Message::RunTrace);
        press(&mut a, "Tab Tab z");
        let s = draw(&mut a, w, h);
        assert!(s.contains("Trace · step"), "{s}");
        insta::assert_snapshot!(format!("tour_zoomed_trace_{w}x{h}"), s);
    }
}

#[test]
fn every_size_renders_a_zoomed_panel() {
    let mut a = tour();
    press(&mut a, "z");
    every_size_renders(a);
}

/// One state of the explorer, drawn at every size (one test per state, so they run in
/// parallel: together they were the slowest test of the suite).
fn every_size_renders(mut a: App) {
    let mut widths: Vec<u16> = (1..=300).step_by(19).collect();
    widths.extend([2, 3, 59, 60, 61, 79, 80, 109, 110, 119, 120, 200, 300]);
    let mut heights: Vec<u16> = (1..=100).step_by(9).collect();
    heights.extend([2, 3, 15, 16, 17, 23, 24, 39, 40, 60, 100]);
    for &w in &widths {
        for &h in &heights {
            let s = draw(&mut a, w, h);
            assert_eq!(s.lines().count(), h as usize);
            // Clicks and wheel anywhere never panic either.
            let l = layout::compute(&a, ratatui::layout::Rect::new(0, 0, w, h));
            let _ = layout::hit(&a, &l, w / 2, h / 2);
        }
    }
}

#[test]
fn every_size_renders_the_initial_screen() {
    every_size_renders(tour());
}

#[test]
fn every_size_renders_a_trace() {
    let mut t = tour();
    with_trace(&mut t);
    every_size_renders(t);
}

#[test]
fn every_size_renders_the_finder() {
    let mut f = tour();
    press(&mut f, "d");
    type_text(&mut f, "s3");
    every_size_renders(f);
}

#[test]
fn every_size_renders_the_expectations() {
    let mut a = tour();
    press(&mut a, "E");
    every_size_renders(a);
}

#[test]
fn every_size_renders_the_help() {
    let mut h = tour();
    press(&mut h, "?");
    every_size_renders(h);
}

#[test]
fn every_size_renders_a_trace_with_c() {
    let mut c = tour();
    with_trace(&mut c);
    press(&mut c, "c");
    every_size_renders(c);
}

#[test]
fn a_tiny_terminal_takes_keys_without_panic() {
    // Interaction at a tiny size.
    let mut a = tour();
    update(&mut a, Message::Resize(1, 1));
    press(&mut a, "j j l l Tab Tab n p v / Esc s Esc ? j Esc");
    update(&mut a, Message::Click(0, 0));
    update(
        &mut a,
        Message::Wheel {
            x: 0,
            y: 0,
            down: true,
        },
    );
    draw(&mut a, 1, 1);
}

#[test]
fn too_small_says_so() {
    let mut a = tour();
    let s = draw(&mut a, 40, 10);
    assert!(s.contains("terminal too small"), "{s}");
}

#[test]
fn control_characters_in_the_model_are_shown_escaped() {
    let yaml = "linkscope: 1\nname: \"evil\\e]0;pwned\\a\\e[31m\"\nregion: us-east-1\naccounts:\n  - { id: \"111111111111\" }\nvpcs:\n  - id: vpc-x\n    name: \"red\\e[31m\"\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: subnet-x, name: \"sub\\e[2J\\u202e\", zone: us-east-1a, cidr: 10.0.1.0/24 }\n    instances:\n      - { id: i-x, name: \"inst\\b\\b\", subnet: subnet-x }\n";
    let m = linkscope::model::load_str(yaml, "<evil>", None).expect("loads");
    let mut a = App::new(m, None);
    for keys in ["", "/", "?", "Tab"] {
        press(&mut a, keys);
        if keys == "/" {
            type_text(&mut a, "inst");
        }
        let s = draw(&mut a, 120, 40);
        assert!(
            !s.contains('\u{1b}')
                && !s.contains('\u{7}')
                && !s.contains('\u{8}')
                && !s.contains('\u{202e}'),
            "{s}"
        );
        if keys.is_empty() {
            assert!(s.contains("evil\\x1b]0;pwned"), "{s}");
            assert!(s.contains("sub\\x1b[2J"), "{s}");
        }
        press(&mut a, "Esc");
    }
}

#[test]
fn odd_models_render_and_take_keys() {
    // No VPC at all; one VPC with no subnet; many AZs (panes scroll sideways).
    let mut many = String::from(
        "linkscope: 1\nname: many zones\nregion: us-east-1\naccounts:\n  - { id: \"111111111111\" }\nvpcs:\n  - id: vpc-x\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n",
    );
    for (k, z) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        for j in 0..30 {
            many.push_str(&format!(
                "      - {{ id: subnet-{z}{j}, zone: us-east-1{z}, cidr: 10.0.{}.0/28 }}\n",
                k * 40 + j
            ));
        }
    }
    let models = [
        "linkscope: 1\nname: empty\n".to_string(),
        "linkscope: 1\nname: bare\nregion: us-east-1\naccounts:\n  - { id: \"111111111111\" }\nvpcs:\n  - { id: vpc-x, account: \"111111111111\", cidrs: [10.0.0.0/16] }\n".to_string(),
        many,
    ];
    for y in &models {
        let m = linkscope::model::load_str(y, "<m>", None).expect("loads");
        let mut a = App::new(m, None);
        for (w, h) in [(1, 1), (60, 16), (80, 24), (120, 40), (200, 60)] {
            draw(&mut a, w, h);
            press(
                &mut a,
                "j j j l l l l l l l j k h G g End Home PageDown PageUp Tab Enter Esc v V / Esc s Esc d Esc e ?",
            );
            press(&mut a, "Esc");
            update(&mut a, Message::Click(w / 2, h / 2));
            update(
                &mut a,
                Message::Wheel {
                    x: w / 3,
                    y: h / 3,
                    down: true,
                },
            );
            draw(&mut a, w, h);
        }
    }
    // With six zones at 120 columns only some panes fit: moving right scrolls them.
    let m = linkscope::model::load_str(&models[2], "<m>", None).unwrap();
    let mut a = App::new(m, None);
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("▸"), "more zones to the right are shown:\n{s}");
    press(&mut a, "l l l l l");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("us-east-1f"), "{s}");
    assert!(s.contains("◂"), "{s}");
    press(&mut a, "G");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("subnet-f29") || s.contains("f29"), "{s}");
}

/// Real ids (named accounts, `subnet-0…`, `i-0…`) in a narrow terminal: cut in the
/// middle, so the end that tells them apart stays on screen.
fn long_ids() -> App {
    let yaml = "linkscope: 1\nname: long ids\nregion: us-east-1\naccounts:\n  - { id: \"210987654321\", name: partner-production-account }\nvpcs:\n  - id: vpc-0123456789abcdef0\n    account: \"210987654321\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: subnet-0a1b2c3d4e5f6a7b8, zone: us-east-1a, cidr: 10.0.1.0/24 }\n      - { id: subnet-0a1b2c3d4e5f6c9d0, zone: us-east-1b, cidr: 10.0.2.0/24 }\n      - { id: subnet-0a1b2c3d4e5f6e1f2, zone: us-east-1c, cidr: 10.0.3.0/24 }\n    instances:\n      - { id: i-0a1b2c3d4e5f60001aa, subnet: subnet-0a1b2c3d4e5f6a7b8 }\n      - { id: i-0a1b2c3d4e5f60002bb, subnet: subnet-0a1b2c3d4e5f6a7b8 }\n";
    let m = linkscope::model::load_str(yaml, "<long>", None).expect("loads");
    App::new(m, None)
}

#[test]
fn long_ids_are_cut_in_the_middle() {
    let mut a = long_ids();
    let s = draw(&mut a, 80, 24);
    insta::assert_snapshot!("long_ids_80x24", s);
    // The two instances stay told apart by their ends; no subnet id is cut at its end.
    assert!(s.contains("01aa") && s.contains("02bb"), "{s}");
    assert!(s.contains("subnet-0a1…7b8") && s.contains("…9d0"), "{s}");
    let s = draw(&mut a, 60, 16);
    assert!(
        s.contains("vpc-01") && s.contains("def0"),
        "the VPC id keeps its end:\n{s}"
    );
    let s = draw(&mut a, 200, 40);
    assert!(
        s.contains("acct partner-production-account (210987654321)"),
        "the header names the account:\n{s}"
    );
}

#[test]
fn help_opens_on_the_focused_panels_keys() {
    let mut a = tour();
    press(&mut a, "?");
    let s = draw(&mut a, 80, 24);
    assert!(s.contains("Keys · VPC panel"), "{s}");
    assert!(s.contains("move left: the Availability Zone"), "{s}");
    // The model's description is after the keys and the concepts, out of sight on open.
    assert!(!s.contains("This model"), "{s}");
    press(&mut a, "Esc");
    // The trace panel in focus: its keys first.
    with_trace(&mut a);
    while a.panels.focus != linkscope::tui::state::Panel::Trace {
        press(&mut a, "Tab");
    }
    press(&mut a, "?");
    let s = draw(&mut a, 80, 24);
    let first = s.find("Keys · trace panel").expect("trace keys heading");
    let n = s.find("next trace step").expect("n is listed");
    let everywhere = s.find("Keys · everywhere").unwrap_or(usize::MAX);
    assert!(first < n && n < everywhere, "{s}");
    press(&mut a, "G");
    let s = draw(&mut a, 80, 24);
    assert!(
        s.contains("No endpoint for KMS"),
        "the description ends the help:\n{s}"
    );
}

#[test]
fn the_explorer_opens_on_the_first_vpc_that_holds_something() {
    // As an import lists it: the empty default VPC first (subnets and an internet gateway only).
    let yaml = "linkscope: 1\nname: imported\nregion: us-east-1\naccounts:\n  - { id: \"111111111111\", name: shop-prod }\nvpcs:\n  - id: vpc-default\n    account: \"111111111111\"\n    cidrs: [172.31.0.0/16]\n    subnets:\n      - { id: subnet-d1, zone: us-east-1a, cidr: 172.31.0.0/20 }\n    gateways:\n      - { id: igw-d, type: internet }\n  - id: vpc-shop\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: subnet-app, zone: us-east-1a, cidr: 10.0.1.0/24 }\n    instances:\n      - { id: i-web, subnet: subnet-app }\n";
    let m = linkscope::model::load_str(yaml, "<imported>", None).expect("loads");
    let mut a = App::new(m, None);
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("vpc-shop") && s.contains("i-web"), "{s}");
    assert!(s.contains("acct shop-prod (111111111111)"), "{s}");
}

/// A VPC of three AZs with many subnets each, as the cross-account and imported models have.
fn large_vpc() -> App {
    let mut y = String::from(
        "linkscope: 1\nname: large\nregion: us-east-1\naccounts:\n  - { id: \"111111111111\", name: shop-prod }\nvpcs:\n  - id: vpc-big\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n",
    );
    let mut inst = String::from("    instances:\n");
    for (k, z) in ["a", "b", "c"].iter().enumerate() {
        for j in 0..12 {
            y.push_str(&format!(
                "      - {{ id: subnet-{z}{j}, zone: us-east-1{z}, cidr: 10.0.{}.0/24 }}\n",
                k * 20 + j
            ));
            if j % 3 == 0 {
                inst.push_str(&format!(
                    "      - {{ id: i-{z}{j}, subnet: subnet-{z}{j} }}\n"
                ));
            }
        }
    }
    y.push_str(&inst);
    let m = linkscope::model::load_str(&y, "<large>", None).expect("loads");
    App::new(m, None)
}

#[test]
fn compact_map() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut a = large_vpc();
        press(&mut a, "m");
        insta::assert_snapshot!(format!("compact_map_{w}x{h}"), draw(&mut a, w, h));
    }
    // At 120 columns: the boxes show two AZs; the compact map shows all three, and more subnets.
    let mut a = large_vpc();
    let boxes = draw(&mut a, 120, 40);
    assert!(!boxes.contains("us-east-1c"), "{boxes}");
    press(&mut a, "m");
    let s = draw(&mut a, 120, 40);
    assert!(
        s.contains("us-east-1a") && s.contains("us-east-1b") && s.contains("us-east-1c"),
        "{s}"
    );
    assert!(
        s.contains("subnet-c11") && s.contains("subnet-a11"),
        "one line per subnet:\n{s}"
    );
    assert!(!s.contains("i-a0"), "no items in the compact map:\n{s}");
    // The cursor goes subnet by subnet; the details show the subnet under it.
    press(&mut a, "j j");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("subnet-a2"), "{s}");
    press(&mut a, "m");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("i-a0"), "m shows the boxes again:\n{s}");
}

#[test]
fn help_can_be_searched() {
    let mut a = tour();
    press(&mut a, "?");
    let s = draw(&mut a, 80, 24);
    assert!(
        !s.contains("AZ IDs"),
        "the concept is far down on open:\n{s}"
    );
    press(&mut a, "/");
    type_text(&mut a, "az id");
    let s = draw(&mut a, 80, 24);
    insta::assert_snapshot!("help_search_80x24", s);
    assert!(s.contains("/az id█"), "{s}");
    assert!(
        s.to_lowercase().contains("az id"),
        "scrolled to a match:\n{s}"
    );
    // `q` while typing is a letter, not "close".
    type_text(&mut a, "q");
    assert!(a.panels.popup.is_some());
    press(&mut a, "Backspace Enter");
    let first = a.panels.popup.clone();
    press(&mut a, "n");
    assert_ne!(a.panels.popup, first, "n moves to the next match");
    let s = draw(&mut a, 80, 24);
    assert!(s.contains("n next match"), "{s}");
    // Esc while typing clears the search and keeps the help; Esc again closes it.
    press(&mut a, "/ Esc");
    let s = draw(&mut a, 80, 24);
    assert!(s.contains("Help") && !s.contains("n next match"), "{s}");
    press(&mut a, "Esc");
    assert!(a.panels.popup.is_none());
}

#[test]
fn the_finder_names_a_vpcs_account() {
    let mut a = tour();
    press(&mut a, "/");
    type_text(&mut a, "vpc-app");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("VPC · app-team (111111111111)"), "{s}");
}

#[test]
fn an_accounts_details_list_its_vpcs() {
    let mut a = tour();
    press(&mut a, "/");
    type_text(&mut a, "111111111111");
    press(&mut a, "Enter");
    let s = draw(&mut a, 160, 48);
    assert!(s.contains("VPCs (1)"), "{s}");
    assert!(s.contains("vpc-app (app) · 6 subnets"), "{s}");
}

#[test]
fn help_at_the_issue_sizes() {
    for (w, h) in [(120, 40), (200, 60)] {
        let mut a = tour();
        press(&mut a, "?");
        let s = draw(&mut a, w, h);
        assert!(s.contains("Keys · VPC panel"), "{s}");
        insta::assert_snapshot!(format!("tour_help_{w}x{h}"), s);
    }
}
