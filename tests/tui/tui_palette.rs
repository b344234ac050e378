//! The command palette (`:`), the rule view, the concept index and the align-by-AZ-ID view
//! (issue 14): update-level checks of what the user sees, and snapshots at 80x24, 120x40 and
//! 200x60. Refresh the snapshots with `INSTA_UPDATE=always cargo test --test tui tui_palette`.
#![cfg(feature = "tui")]

use super::common::{draw, press, type_text};
use linkscope::tui::App;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn tour() -> App {
    linkscope::tui::load_app(None).expect("the tour loads")
}

fn sample(name: &str) -> App {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    linkscope::tui::load_app(Some(&p)).expect("the sample loads")
}

/// 10 accounts × 5 VPCs, 4 AZs of 4 subnets each (src/testgen.rs).
fn fifty_vpcs() -> App {
    let spec = linkscope::testgen::Spec::small_vpcs(800);
    assert_eq!(spec.accounts * spec.vpcs_per_account, 50);
    let y = linkscope::testgen::generate(&spec);
    let m = linkscope::model::load_str(&y, "<generated>", None).expect("loads");
    assert_eq!(m.vpcs.len(), 50);
    App::new(m, None)
}

#[test]
fn palette_snapshots() {
    for (w, h) in SIZES {
        let mut a = tour();
        press(&mut a, ":");
        type_text(&mut a, "az2");
        insta::assert_snapshot!(format!("palette_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn palette_jumps_to_a_vpc_by_name_among_fifty() {
    let mut a = fifty_vpcs();
    let target = a.model.vpcs.len() - 3;
    let name = a.model.vpcs[target].id.clone();
    assert_ne!(a.map.view.vpc, target);
    press(&mut a, ":");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("Go to or run"), "{s}");
    type_text(&mut a, &name);
    press(&mut a, "Enter");
    assert!(a.panels.finder.is_none());
    assert_eq!(a.map.view.vpc, target, "the palette shows the VPC chosen");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains(&name), "the header names the VPC:\n{s}");
    // A map filter stays when the VPC shown changes.
    press(&mut a, "F");
    type_text(&mut a, "-1 ");
    press(&mut a, "Enter");
    let count = |a: &App| -> usize { a.map.view.columns.iter().map(|c| c.subnets.len()).sum() };
    let filtered = count(&a);
    assert!(filtered > 0 && filtered < 16, "{filtered}");
    press(&mut a, "v");
    assert_ne!(a.map.view.vpc, target);
    assert_eq!(count(&a), filtered, "the next VPC is filtered too");
}

#[test]
fn palette_goes_to_an_availability_zone_by_its_id() {
    let mut a = sample("cross-account-privatelink.yaml");
    press(&mut a, ":");
    // The consumer's zone whose AZ ID is use1-az2 (its name differs from the provider's).
    type_text(&mut a, "use1-az2 vpc-consumer");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("Availability Zone"), "{s}");
    press(&mut a, "Enter");
    let v = &a.model.vpcs[a.map.view.vpc];
    assert_eq!(v.id, "vpc-consumer");
    let col = &a.map.view.columns[a.map.cursor.col];
    assert_eq!(col.zone_id, "use1-az2", "the cursor is in that zone");
    let s = draw(&mut a, 120, 40);
    assert!(
        s.contains("(use1-az2) in vpc-consumer"),
        "status says where:\n{s}"
    );
}

#[test]
fn palette_runs_a_command_by_name() {
    let mut a = tour();
    assert!(!a.map.compact);
    press(&mut a, ":");
    type_text(&mut a, "compact map");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("command: compact map"), "{s}");
    assert!(s.contains("key m"), "the command names its key:\n{s}");
    press(&mut a, "Enter");
    assert!(a.map.compact, "the command ran");
    // And the help names the palette.
    press(&mut a, "?");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("command palette"), "{s}");
}

#[test]
fn palette_jumps_to_an_account_and_a_subnet() {
    let mut a = tour();
    press(&mut a, ":");
    type_text(&mut a, "app-team");
    press(&mut a, "Enter");
    let s = draw(&mut a, 160, 48);
    assert!(s.contains("VPCs (1)"), "the account's details:\n{s}");
    let sub = a.model.subnets.last().unwrap().id.clone();
    press(&mut a, "Esc :");
    type_text(&mut a, &sub);
    press(&mut a, "Enter");
    assert_eq!(
        a.map.selected,
        a.model.lookup(&sub),
        "the subnet is selected on the map"
    );
}

/// The tour traced along its first expectation, on the first step that cites two rules or more.
fn traced_on_a_step_with_rules() -> App {
    let mut a = tour();
    press(&mut a, "e Enter");
    let t = a.run.trace.as_ref().expect("traced");
    let i = t
        .steps
        .iter()
        .position(|s| linkscope::tui::rulebook::cited(s).len() > 1)
        .expect("a step citing two rules");
    linkscope::tui::update::set_step(&mut a, i);
    a
}

#[test]
fn rule_view_reads_each_rule_a_step_cites_with_its_source() {
    let mut a = traced_on_a_step_with_rules();
    let ids = linkscope::tui::rulebook::cited(a.current_step().unwrap());
    press(&mut a, "R");
    let s = draw(&mut a, 120, 40);
    let first = linkscope::rules::get(&ids[0]).unwrap();
    assert!(s.contains("Rule book"), "{s}");
    assert!(
        s.contains(&format!("{} · rule 1 of {}", ids[0], ids.len())),
        "{s}"
    );
    let url = first.sources().first().map(|x| x.1).unwrap_or("none given");
    assert!(
        s.contains(&url[..40.min(url.len())]),
        "its AWS source:\n{s}"
    );
    press(&mut a, "R");
    let s = draw(&mut a, 120, 40);
    assert!(
        s.contains(&format!("{} · rule 2 of {}", ids[1], ids.len())),
        "R again: the next cited rule:\n{s}"
    );
    for (w, h) in SIZES {
        let mut a = traced_on_a_step_with_rules();
        press(&mut a, "R");
        insta::assert_snapshot!(format!("rule_view_{w}x{h}"), draw(&mut a, w, h));
    }
    // Without a trace, R says what to do.
    let mut a = tour();
    press(&mut a, "R");
    assert!(a.panels.popup.is_none());
    assert!(
        a.status.as_deref().unwrap_or("").contains("trace"),
        "{:?}",
        a.status
    );
}

#[test]
fn concept_index_is_one_key_away() {
    let mut a = tour();
    press(&mut a, "C");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("Concept index"), "{s}");
    for c in linkscope::tui::concepts::CONCEPTS.iter().take(5) {
        assert!(s.contains(c.title()), "{} listed:\n{s}", c.title());
    }
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("concept_index_{w}x{h}"), draw(&mut a, w, h));
    }
    // Down twice, Enter: the third concept opens.
    press(&mut a, "j j Enter");
    let third = &linkscope::tui::concepts::CONCEPTS[2];
    let s = draw(&mut a, 120, 40);
    assert!(s.contains(third.title()), "{s}");
    assert!(s.contains("C lists every concept"), "{s}");
    // C from a concept goes back to the index.
    press(&mut a, "C");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("Concept index"), "{s}");
}

#[test]
fn align_by_az_id_puts_consumer_and_provider_zones_side_by_side() {
    let mut a = sample("cross-account-privatelink.yaml");
    // Jump to the consumer with the palette, then align.
    press(&mut a, ":");
    type_text(&mut a, "vpc-consumer");
    press(&mut a, "Enter A");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("Align by AZ ID"), "{s}");
    assert!(s.contains("vpc-consumer · consumer"), "{s}");
    assert!(s.contains("vpc-provider · provider"), "{s}");
    // The row of use1-az2: the consumer calls it us-east-1b, the provider us-east-1a.
    let rows: Vec<&str> = s.lines().collect();
    let az2 = rows
        .iter()
        .find(|l| l.contains("┃ use1-az2 "))
        .expect("a row per AZ ID");
    let b = az2.find("us-east-1b").expect("consumer's name");
    let a1 = az2.find("us-east-1a").expect("provider's name");
    assert!(b < a1, "consumer first, provider beside it: {az2}");
    // The interface put in the consumer's us-east-1a (use1-az1), where the service is not.
    assert!(s.contains("✗ vpce-partner-az1: no service here"), "{s}");
    assert!(s.contains("partner-api node"), "the service's nodes:\n{s}");
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("align_az_id_{w}x{h}"), draw(&mut a, w, h));
    }
    press(&mut a, "A");
    assert!(a.panels.popup.is_none(), "A again closes it");
}

#[test]
fn align_in_a_fifty_vpc_model_after_a_palette_jump() {
    let mut a = fifty_vpcs();
    let name = a.model.vpcs[17].id.clone();
    press(&mut a, ":");
    type_text(&mut a, &name);
    press(&mut a, "Enter A");
    assert_eq!(a.map.view.vpc, 17);
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("Align by AZ ID") && s.contains(&name), "{s}");
    let zone_rows = s.lines().filter(|l| l.contains("use1-az")).count();
    assert!(zone_rows >= 4, "one row per AZ ID:\n{s}");
    // No PrivateLink partner: the first VPC of each other account stands beside it.
    assert!(s.contains("the first VPC of each other account"), "{s}");
    assert!(s.contains("vpc-g0 · acct-0"), "{s}");
}

/// The tour traced from i-legacy to S3 (through nat-a, bypassing vpce-s3), on its route step.
fn legacy_to_s3() -> App {
    let mut a = tour();
    press(&mut a, "s");
    type_text(&mut a, "i-legacy");
    press(&mut a, "Enter d");
    type_text(&mut a, "s3://app-data/reports/today.csv");
    press(&mut a, "Enter");
    let t = a.run.trace.as_ref().expect("traced");
    let i = t
        .steps
        .iter()
        .position(|s| s.kind == linkscope::engine::StepKind::Route)
        .unwrap();
    linkscope::tui::update::set_step(&mut a, i);
    a
}

#[test]
fn teaching_mode_shows_lessons_and_hides_raw_facts() {
    let mut a = legacy_to_s3();
    let before = draw(&mut a, 120, 40);
    assert!(
        before.contains("candidates"),
        "raw facts outside teaching mode:\n{before}"
    );
    assert!(before.contains("[RT-16 +"), "rule badges:\n{before}");
    press(&mut a, "T");
    assert!(a.teach.on);
    let s = draw(&mut a, 120, 40);
    assert!(!s.contains("candidates"), "no raw facts:\n{s}");
    assert!(!s.contains("[RT-16"), "no rule badges:\n{s}");
    assert!(
        !s.contains("wins, RT-11)") && s.contains("longest prefix wins)"),
        "no rule ids in the words:\n{s}"
    );
    assert!(
        s.contains("Lesson: This traffic goes through nat-a, not vpce-s3, because rtb-legacy has"),
        "the engine's bypass lesson:\n{s}"
    );
    assert!(s.contains("security group"), "kinds in words:\n{s}");
    assert!(
        !s.contains("(path nat-internet"),
        "no internal path name:\n{s}"
    );
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("teach_trace_{w}x{h}"), draw(&mut a, w, h));
    }
    // Another step: the lesson of its concept.
    press(&mut a, "n");
    let st = a.current_step().unwrap().clone();
    let c = linkscope::tui::concepts::for_step(&st);
    let s = draw(&mut a, 200, 60);
    assert!(s.contains(&format!("Lesson: {}", c.title())), "{s}");
    press(&mut a, "T");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("[") && !s.contains("Lesson:"), "T leaves:\n{s}");
}

#[test]
fn teaching_mode_hides_a_labs_answers_and_problems_until_asked() {
    let mut a = sample("find-the-mistakes.yaml");
    assert!(a.problem_count() > 0);
    let s = draw(&mut a, 120, 40);
    assert!(
        s.contains("Spoilers"),
        "outside teaching mode the answers show:\n{s}"
    );
    press(&mut a, "T");
    assert_eq!(a.problem_count(), 0, "the problems are hidden");
    let s = draw(&mut a, 120, 40);
    assert!(
        !s.contains("Spoilers") && !s.contains("dns_hostnames is false"),
        "{s}"
    );
    assert!(s.contains("! shows them"), "says how to show them:\n{s}");
    assert!(
        !s.contains("warning"),
        "no problem count in the header:\n{s}"
    );
    press(&mut a, "?");
    let help = linkscope::tui::lines::help::lines(&a, 96);
    assert!(
        !help
            .iter()
            .any(|(l, _)| l.contains("dns_hostnames is false")),
        "the help hides them too"
    );
    press(&mut a, "Esc");
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("teach_lab_{w}x{h}"), draw(&mut a, w, h));
    }
    press(&mut a, "!");
    assert!(a.problem_count() > 0, "! shows the problems");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("Spoilers"), "! shows the answers:\n{s}");
    // A model without marked answers: ! says how a lab marks them.
    let mut t = tour();
    press(&mut t, "T !");
    assert!(
        t.status.as_deref().unwrap_or("").contains("Spoilers:"),
        "{:?}",
        t.status
    );
}

#[test]
fn names_with_spaces_are_shown_whole() {
    let y = "linkscope: 1\nname: names\nregion: us-east-1\naccounts:\n  - { id: \"111111111111\", name: shop prod team }\nvpcs:\n  - id: vpc-a\n    name: main shop vpc\n    account: \"111111111111\"\n    cidrs: [10.0.0.0/16]\n    subnets:\n      - { id: subnet-1, name: application-tier private subnets, zone: us-east-1a, cidr: 10.0.1.0/24 }\n      - { id: subnet-2, name: db, zone: us-east-1b, cidr: 10.0.2.0/24 }\n    instances:\n      - { id: i-1, name: web server one, subnet: subnet-1 }\n";
    let m = linkscope::model::load_str(y, "<names>", None).expect("loads");
    let mut a = App::new(m, None);
    // A box too narrow for the whole name cuts it at the end, after its first words.
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("┌ application-t… 10.0.1.0/24"), "{s}");
    let s = draw(&mut a, 200, 60);
    assert!(s.contains("application-tier private subnets"), "{s}");
    press(&mut a, "m");
    let s = draw(&mut a, 200, 60);
    assert!(
        s.contains("application-tier private subnets"),
        "compact:\n{s}"
    );
    press(&mut a, ":");
    type_text(&mut a, "private subnets");
    let s = draw(&mut a, 120, 40);
    assert!(s.contains("application-tier private subnets"), "{s}");
    // An id still loses its middle, never its end.
    assert!(s.contains("subnet-1"), "{s}");
}

/// A VPC of three AZs with twelve subnets each (subnet-a0 … subnet-c11), an instance in every
/// third subnet.
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
                    "      - {{ id: i-{z}{j}, name: worker {z}{j}, subnet: subnet-{z}{j} }}\n"
                ));
            }
        }
    }
    y.push_str(&inst);
    let m = linkscope::model::load_str(&y, "<large>", None).expect("loads");
    App::new(m, None)
}

#[test]
fn the_map_filter_keeps_the_matching_subnets() {
    let mut a = large_vpc();
    press(&mut a, "F");
    type_text(&mut a, "c1");
    let s = draw(&mut a, 120, 40);
    let shown: Vec<usize> = a.map.view.columns.iter().map(|c| c.subnets.len()).collect();
    assert_eq!(shown, vec![0, 0, 3], "subnet-c1, c10, c11:\n{s}");
    assert!(s.contains("3 of 36 subnets"), "{s}");
    assert!(s.contains("subnet-c10") && !s.contains("subnet-a1 "), "{s}");
    assert!(s.contains("no subnet here matches the filter"), "{s}");
    // Typing `q` is part of the filter, not quit.
    type_text(&mut a, "q");
    assert!(!a.quit);
    press(&mut a, "Backspace Enter");
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("map_filter_{w}x{h}"), draw(&mut a, w, h));
    }
    // By an object's name, with words in any order.
    press(&mut a, "F");
    type_text(&mut a, "b6 worker");
    press(&mut a, "Enter");
    let n: usize = a.map.view.columns.iter().map(|c| c.subnets.len()).sum();
    assert_eq!(n, 1);
    assert_eq!(
        a.map.selected,
        a.model.lookup("subnet-b6"),
        "the cursor is on it"
    );
    // Esc clears it.
    press(&mut a, "Esc");
    let n: usize = a.map.view.columns.iter().map(|c| c.subnets.len()).sum();
    assert_eq!(n, 36);
    assert!(a.map.filter.is_empty());
}

/// Each new screen drawn at many sizes, from 1x1 up: never a panic, always the whole height.
fn renders_at_every_size(mut a: App) {
    let mut widths: Vec<u16> = (1..=300).step_by(23).collect();
    widths.extend([2, 3, 59, 60, 61, 79, 80, 119, 120, 200]);
    let mut heights: Vec<u16> = (1..=100).step_by(11).collect();
    heights.extend([2, 3, 15, 16, 17, 23, 24, 40, 60]);
    for &w in &widths {
        for &h in &heights {
            let s = draw(&mut a, w, h);
            assert_eq!(s.lines().count(), h as usize);
        }
    }
}

#[test]
fn the_palette_renders_at_every_size() {
    let mut p = tour();
    press(&mut p, ":");
    type_text(&mut p, "az");
    renders_at_every_size(p);
}

#[test]
fn the_rule_view_renders_at_every_size() {
    let mut r = traced_on_a_step_with_rules();
    press(&mut r, "R");
    renders_at_every_size(r);
}

#[test]
fn the_concept_index_renders_at_every_size() {
    let mut c = tour();
    press(&mut c, "C");
    renders_at_every_size(c);
}

#[test]
fn the_aligned_view_renders_at_every_size() {
    let mut al = sample("cross-account-privatelink.yaml");
    press(&mut al, ":");
    type_text(&mut al, "vpc-consumer");
    press(&mut al, "Enter A");
    renders_at_every_size(al);
}

#[test]
fn the_map_filter_renders_at_every_size() {
    let mut f = large_vpc();
    press(&mut f, "F");
    type_text(&mut f, "b1");
    renders_at_every_size(f);
}

#[test]
fn teaching_mode_renders_at_every_size() {
    let mut t = legacy_to_s3();
    press(&mut t, "T");
    renders_at_every_size(t);
}
