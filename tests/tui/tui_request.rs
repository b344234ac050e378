//! The request editor (`o`) and copy out (`Y`): key sequences through the update step, their
//! screens as snapshots at 80x24, 120x40 and 200x60, and the editor in a real terminal.
//!
//! The fixture's endpoint policy (tests/fixtures/explorer.yaml, vpce-s3) allows s3:GetObject and
//! s3:ListBucket on app-data, nothing else: i-app-a reading a report is ALLOWED, writing one
//! (s3:PutObject) is refused by that policy.
#![cfg(feature = "tui")]

use super::common::{draw, press, type_text};
use std::path::Path;

use linkscope::engine::Verdict;
use linkscope::tui::form::Form;
use linkscope::tui::message::Message;
use linkscope::tui::request::{ACTION, CONTEXT, PORT, PRINCIPAL};
use linkscope::tui::{App, update, view};

use super::tui_tmux::{Tmux, quit_and_check_shell, sh_quote};

const FIXTURE: &str = "tests/fixtures/explorer.yaml";
const FROM: &str = "i-app-a";
const TO: &str = "s3://app-data/reports/1.csv";

fn app() -> App {
    let mut a = linkscope::tui::load_app(Some(Path::new(FIXTURE))).expect("fixture loads");
    update(&mut a, Message::Resize(120, 40));
    a
}

/// i-app-a reading the report: ALLOWED.
fn traced() -> App {
    let mut a = app();
    press(&mut a, "s");
    type_text(&mut a, FROM);
    press(&mut a, "Enter d");
    type_text(&mut a, TO);
    press(&mut a, "Enter");
    assert_eq!(a.run.trace.as_ref().unwrap().verdict, Verdict::Allowed);
    a
}

fn form_value(a: &App, field: usize) -> String {
    match &a.panels.form {
        Some(Form::Request(f)) => f.fields[field].value.clone(),
        other => panic!("the request editor is not open: {other:?}"),
    }
}

#[test]
fn o_without_a_request_says_what_is_missing() {
    let mut a = app();
    press(&mut a, "o");
    assert!(a.panels.form.is_none());
    assert!(
        a.status
            .as_deref()
            .unwrap()
            .contains("pick a source and a destination"),
        "{:?}",
        a.status
    );
}

#[test]
fn editing_the_action_to_put_object_changes_the_verdict() {
    let mut a = traced();
    press(&mut a, "o");
    let s = view::buffer_text(&{
        let area = ratatui::layout::Rect::new(0, 0, 120, 40);
        let mut b = ratatui::buffer::Buffer::empty(area);
        view::render(&a, area, &mut b);
        b
    });
    assert!(
        s.contains("s3:GetObject (the destination's default)"),
        "{s}"
    );
    // The editor opens on the action; Tab after `s3:Pu` completes to s3:PutObject.
    type_text(&mut a, "s3:Pu");
    press(&mut a, "Tab");
    assert_eq!(form_value(&a, ACTION), "s3:PutObject");
    press(&mut a, "Enter");
    assert!(a.panels.form.is_none(), "Enter closes the editor");
    let t = a.run.trace.as_ref().unwrap();
    assert_eq!(t.verdict, Verdict::Blocked);
    assert_eq!(t.query.action.as_deref(), Some("s3:PutObject"));
    assert_eq!(t.reason_code(), Some("ENDPOINT_POLICY_NO_ALLOW"));
    assert_eq!(
        a.status.as_deref(),
        Some("action s3:PutObject: ALLOWED → BLOCKED")
    );
    // Where the trace is: in the header, and atop the trace's steps.
    let s = draw(&mut a, 120, 40);
    assert!(
        s.contains("to s3://app-data/reports/1.csv (s3:PutObject)"),
        "{s}"
    );
    // The gateway endpoint whose policy refused carries ✗ in the VPC-wide strip.
    assert!(
        s.contains("VPC-wide: ⊕ igw-main · ✗ vpce-s3 s3 → rtb-app"),
        "{s}"
    );
    let first = &a.lines.trace.body[0].segs[0].0;
    assert_eq!(first, " request: action s3:PutObject · o edits");
    // The edit is in the history: `[` goes back to the default request, ALLOWED again.
    press(&mut a, "[");
    assert_eq!(a.run.trace.as_ref().unwrap().verdict, Verdict::Allowed);
    assert!(a.request.options.action.is_none());
    press(&mut a, "]");
    assert_eq!(a.run.trace.as_ref().unwrap().verdict, Verdict::Blocked);
}

#[test]
fn esc_leaves_the_request_as_it_was() {
    let mut a = traced();
    press(&mut a, "o");
    type_text(&mut a, "s3:PutObject");
    press(&mut a, "Esc");
    assert!(a.panels.form.is_none());
    assert!(a.request.options.action.is_none());
    assert_eq!(a.run.trace.as_ref().unwrap().verdict, Verdict::Allowed);
    assert_eq!(a.status.as_deref(), Some("request unchanged"));
}

#[test]
fn a_bad_field_is_refused_in_place_and_can_be_fixed() {
    let mut a = traced();
    press(&mut a, "o Up Up");
    type_text(&mut a, "99999");
    press(&mut a, "Enter");
    let Some(Form::Request(f)) = &a.panels.form else {
        panic!("the editor stays open")
    };
    assert_eq!(f.at, PORT);
    assert!(
        f.error.as_deref().unwrap().contains("not a port"),
        "{:?}",
        f.error
    );
    assert!(draw(&mut a, 80, 24).contains("not a port"));
    // Ctrl-U empties the field: the destination's default again.
    press(&mut a, "C-u");
    type_text(&mut a, "443");
    press(&mut a, "Enter");
    assert!(a.panels.form.is_none());
    assert_eq!(a.request.options.port, Some(443));
    assert_eq!(a.status.as_deref(), Some("port 443: ALLOWED (unchanged)"));
}

#[test]
fn tab_completes_principals_and_context_keys_from_the_model() {
    let mut a = traced();
    // Principal: the instance roles of the model (and the trace's own first).
    press(&mut a, "o Down Down");
    type_text(&mut a, "role/");
    press(&mut a, "Tab");
    assert_eq!(
        form_value(&a, PRINCIPAL),
        "arn:aws:iam::111111111111:role/app"
    );
    // Tab again cycles; Shift-Tab comes back.
    press(&mut a, "Tab S-Tab");
    assert_eq!(
        form_value(&a, PRINCIPAL),
        "arn:aws:iam::111111111111:role/app"
    );
    // Context: the key of the last entry, from the keys the evaluator knows.
    press(&mut a, "Down");
    type_text(&mut a, "aws:SecureTr");
    press(&mut a, "Tab");
    assert_eq!(form_value(&a, CONTEXT), "aws:SecureTransport=");
    type_text(&mut a, "false, aws:SourceVp");
    press(&mut a, "Tab");
    assert!(
        form_value(&a, CONTEXT).starts_with("aws:SecureTransport=false, aws:SourceVp"),
        "{}",
        form_value(&a, CONTEXT)
    );
    press(&mut a, "Esc");
}

#[test]
fn nothing_to_complete_is_said() {
    let mut a = traced();
    press(&mut a, "o");
    type_text(&mut a, "zzz-no-such");
    press(&mut a, "Tab");
    let Some(Form::Request(f)) = &a.panels.form else {
        panic!()
    };
    assert!(
        f.error
            .as_deref()
            .unwrap()
            .contains("nothing the model knows")
    );
    assert_eq!(form_value(&a, ACTION), "zzz-no-such");
}

#[test]
fn the_form_keys_are_in_the_help_and_the_footer() {
    let mut a = traced();
    press(&mut a, "o");
    let s = draw(&mut a, 120, 40);
    let footer = s.lines().last().unwrap();
    assert!(
        footer.contains("Enter apply") && footer.contains("Tab complete"),
        "{footer}"
    );
    press(&mut a, "Esc ?");
    let all: Vec<String> = linkscope::tui::lines::help::lines(&a, 100)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let all = all.join("\n");
    assert!(
        all.contains("In the request editor (o) or the copy-out form (Y)"),
        "{all}"
    );
}

// ---- copy out

#[test]
fn y_then_enter_copies_text_to_the_clipboard() {
    let mut a = traced();
    press(&mut a, "Y Enter");
    let text = a.clipboard.clone().expect("copied");
    assert!(
        text.contains("i-app-a") && text.contains("ALLOWED"),
        "{text}"
    );
    assert!(a.status.as_deref().unwrap().contains("as text"));
}

#[test]
fn copy_out_writes_markdown_and_a_command_line_to_a_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trace.md");
    let mut a = traced();
    // Markdown (Tab on the format), then the file name.
    press(&mut a, "Y Tab Down");
    type_text(&mut a, file.to_str().unwrap());
    press(&mut a, "Enter");
    assert!(a.panels.form.is_none());
    assert!(a.clipboard.is_none(), "a file, not the clipboard");
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.starts_with("### linkscope trace: i-app-a"), "{md}");
    // Now the command line of an edited request into the same file: asked first.
    press(&mut a, "o");
    type_text(&mut a, "s3:PutObject");
    press(&mut a, "Enter");
    press(&mut a, "Y c Down");
    type_text(&mut a, file.to_str().unwrap());
    press(&mut a, "Enter");
    let Some(Form::Copy(f)) = &a.panels.form else {
        panic!("the form asks before overwriting")
    };
    assert!(
        f.note
            .as_deref()
            .unwrap()
            .contains("Enter again overwrites")
    );
    assert!(draw(&mut a, 80, 24).contains("exists"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        md,
        "not yet written"
    );
    press(&mut a, "Enter");
    assert!(a.panels.form.is_none());
    let cmd = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        cmd,
        format!("linkscope trace {FIXTURE} --from i-app-a --to {TO} --action s3:PutObject\n")
    );
    assert!(
        a.status
            .as_deref()
            .unwrap()
            .starts_with("wrote the trace as command line")
    );
}

#[test]
fn copy_out_into_a_folder_or_without_a_trace_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app();
    press(&mut a, "Y");
    assert!(a.panels.form.is_none());
    assert!(a.status.as_deref().unwrap().contains("no trace to copy"));
    let mut a = traced();
    press(&mut a, "Y Down");
    type_text(&mut a, dir.path().to_str().unwrap());
    press(&mut a, "Enter");
    let Some(Form::Copy(f)) = &a.panels.form else {
        panic!()
    };
    assert!(f.note.as_deref().unwrap().contains("is a folder"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

// ---- snapshots

#[test]
fn request_editor_snapshots() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut a = traced();
        press(&mut a, "o");
        type_text(&mut a, "s3:");
        press(&mut a, "Tab");
        insta::assert_snapshot!(format!("request_editor_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn edited_request_trace_snapshots() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut a = traced();
        press(&mut a, "o");
        type_text(&mut a, "s3:PutObject");
        press(&mut a, "Enter");
        insta::assert_snapshot!(format!("edited_request_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn copy_out_snapshots() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut a = traced();
        press(&mut a, "Y Tab Down");
        insta::assert_snapshot!(format!("copy_out_{w}x{h}"), draw(&mut a, w, h));
    }
}

#[test]
fn every_size_renders_the_forms() {
    for form in ["o", "Y"] {
        let mut a = traced();
        press(&mut a, form);
        for w in (1..=130).step_by(7) {
            for h in (1..=45).step_by(4) {
                draw(&mut a, w, h);
            }
        }
    }
}

// ---- a real terminal

/// In tmux: `o`, the action edited to s3:PutObject, Enter: the verdict flips to BLOCKED by the
/// endpoint policy, and the status line says so.
#[test]
fn editing_the_action_in_a_real_terminal_flips_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("request", dir.path()) else {
        return;
    };
    std::fs::copy(FIXTURE, dir.path().join("m.yaml")).unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("explorer fixture");
    t.keys(&["e"]);
    t.keys(&["Enter"]);
    let s = t.wait_for("Trace · step");
    assert!(s.contains("ALLOWED"), "{s}");
    t.keys(&["o"]);
    t.wait_for("s3:GetObject (the destination's default)");
    t.text("s3:Pu");
    t.keys(&["Tab"]);
    t.wait_for("s3:PutObject█");
    t.keys(&["Enter"]);
    let s = t.wait_for("ALLOWED → BLOCKED");
    assert!(
        s.contains("to s3://app-data/reports/1.csv (s3:PutObject)"),
        "{s}"
    );
    assert!(
        s.contains("✗ policy   no statement of vpce-s3's policy allows s3:PutObject"),
        "{s}"
    );
    quit_and_check_shell(&t, dir.path());
}

/// In tmux: the ✗ on the object that stopped the packet. i-c to the order service on 8443 is
/// refused by the endpoint interface's own security group: that interface carries ✗ on the map
/// whatever step is selected.
#[test]
fn the_blocking_object_carries_a_cross_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("cross", dir.path()) else {
        return;
    };
    std::fs::copy(
        "tests/models/trace/fidelity.yaml",
        dir.path().join("m.yaml"),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_linkscope");
    t.text(&format!("{} m.yaml", sh_quote(bin)));
    t.keys(&["Enter"]);
    t.wait_for("Trace");
    t.keys(&["s"]);
    t.text("i-c");
    t.keys(&["Enter"]);
    t.keys(&["d"]);
    t.text("vpce-svc-order");
    t.keys(&["Enter"]);
    let s = t.wait_for("Trace · step");
    assert!(
        !s.contains("✗▣ vpce-order"),
        "allowed on the default port:\n{s}"
    );
    t.keys(&["o", "Up", "Up"]);
    t.text("8443");
    t.keys(&["Enter"]);
    let s = t.wait_for("SG_INBOUND_DENY");
    assert!(s.contains("✗▣ vpce-order"), "{s}");
    // Another step selected: the ✗ stays.
    t.keys(&["g"]);
    t.keys(&["Tab", "Tab", "g"]);
    let s = t.wait_for("Trace · step 1/");
    assert!(s.contains("✗▣ vpce-order"), "{s}");
    quit_and_check_shell(&t, dir.path());
}

// ---- the expectations panel at 80 columns

/// At 80 columns a long expectation goes on under its text, broken between words, and moving
/// to the last one brings all its lines on screen.
#[test]
fn expectation_rows_wrap_between_words_at_80_columns() {
    let mut a = linkscope::tui::load_app(None).expect("the tour loads");
    update(&mut a, Message::Resize(80, 24));
    press(&mut a, "E");
    let s = draw(&mut a, 80, 24);
    assert!(
        s.contains("· expects BLOCKED         ┃")
            && s.contains("┃     ENDPOINT_POLICY_NO_ALLOW via vpce-s3, got BLOCKED"),
        "{s}"
    );
    let n = a.model.expectations.len();
    for _ in 1..n {
        press(&mut a, "Down");
    }
    let s = draw(&mut a, 80, 24);
    let last = &a.model.expectations[n - 1];
    let i = s
        .lines()
        .position(|l| l.contains(&format!("▶ ✓ {} → ", last.from)))
        .unwrap_or_else(|| panic!("the last expectation is on screen:\n{s}"));
    let next = s.lines().nth(i + 1).unwrap();
    assert!(
        next.contains("┃     "),
        "its second line is shown too:\n{s}"
    );
}

// ---- an endpoint service's targets in the details

/// The details of an endpoint service list its target groups with their cross-zone setting
/// and, per AZ ID of a load balancer node, the targets' health and what it does to the AZ.
#[test]
fn an_endpoint_services_details_show_its_targets_per_az() {
    let a = linkscope::tui::load_app(Some(Path::new("samples/privatelink-2026.yaml"))).unwrap();
    let text = |id: &str| {
        let s = a
            .model
            .endpoint_services
            .iter()
            .position(|s| s.id == id)
            .unwrap();
        linkscope::tui::lines::details::lines(
            &a,
            linkscope::model::ObjectRef::EndpointService(s),
            200,
        )
        .iter()
        .map(|l| l.segs.iter().map(|s| s.0.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
    };
    let ledger = text("vpce-svc-ledger");
    assert!(
        ledger.contains("tg-ledger · port 8443 · cross-zone off (the load balancer's, ES-21) · proxy protocol v2"),
        "{ledger}"
    );
    assert!(
        ledger.contains("use1-az1     1/1 healthy: i-ledger-a healthy"),
        "{ledger}"
    );
    assert!(
        ledger.contains("use1-az2     0/1 healthy: i-ledger-b unhealthy · ✗ connections through this AZ fail: cross-zone off (ES-20, ES-22)"),
        "{ledger}"
    );
    // The same targets with the group's cross-zone on: the AZ is served from the other.
    let reports = text("vpce-svc-reports");
    assert!(
        reports.contains("cross-zone on (the group's own setting, ES-21)"),
        "{reports}"
    );
    assert!(
        reports.contains("0/1 healthy: i-ledger-b unhealthy · cross-zone on: this AZ's node sends to other AZs (ES-20)"),
        "{reports}"
    );
}

/// The forms are modal: a click on the map under the editor selects nothing.
#[test]
fn clicks_do_not_reach_the_panels_under_a_form() {
    let mut a = traced();
    let before = (a.map.cursor, a.panels.focus);
    press(&mut a, "o");
    update(&mut a, Message::Click(5, 5));
    update(&mut a, Message::Click(5, 30));
    assert!(a.panels.form.is_some());
    assert_eq!((a.map.cursor, a.panels.focus), before);
}

/// Every key of the form layer: Backspace, Ctrl-N / Ctrl-P between fields, a paste, Ctrl-U.
#[test]
fn backspace_ctrl_n_ctrl_p_and_paste_edit_the_form() {
    use linkscope::tui::form::FormKey;
    use linkscope::tui::request::RESOURCE;
    let mut a = traced();
    press(&mut a, "o");
    type_text(&mut a, "s3:PutObjectX");
    press(&mut a, "Backspace");
    assert_eq!(form_value(&a, ACTION), "s3:PutObject");
    press(&mut a, "C-n");
    let ev = ratatui::crossterm::event::Event::Paste("arn:aws:s3:::app-data/\x1b[2Jx\n".into());
    let m = linkscope::tui::keymap::message_for_event(&a, &ev).expect("a paste into the form");
    assert!(matches!(&m, Message::Form(FormKey::Paste(_))));
    update(&mut a, m);
    assert_eq!(form_value(&a, RESOURCE), "arn:aws:s3:::app-data/[2Jx");
    press(&mut a, "C-u");
    assert_eq!(form_value(&a, RESOURCE), "");
    press(&mut a, "C-p C-p");
    assert_eq!(form_value(&a, ACTION - 1), "");
    let Some(Form::Request(f)) = &a.panels.form else {
        panic!()
    };
    assert_eq!(f.at, ACTION - 1, "Ctrl-P twice: from resource to protocol");
    press(&mut a, "Enter");
    assert_eq!(a.request.options.action.as_deref(), Some("s3:PutObject"));
    assert_eq!(a.request.options.resource, None);
}
