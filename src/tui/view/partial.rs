//! The map's marks for a trace whose DNS answers fare differently (a `partial` verdict, or a
//! `blocked` one with several answers): each AZ pane of the VPC shown is marked ✗ when the
//! answer through its endpoint interface is blocked, ✓ when it is allowed, and the interface of
//! a blocked answer carries ✗; and the VPC-wide strip's ✗ on the object that stopped the packet
//! (a gateway endpoint whose policy refused). Pure: read from the trace and the model.

use std::net::Ipv4Addr;

use ratatui::style::Style;

use crate::engine::{Alternative, Status, StepKind, Verdict};
use crate::model::ObjectRef;
use crate::tui::state::{App, Item};
use crate::tui::theme;

/// The DNS answers when there are several (else none: one path, no per-AZ story).
fn answers(app: &App) -> &[Alternative] {
    match &app.run.trace {
        Some(t) if t.answers.len() > 1 => &t.answers,
        _ => &[],
    }
}

/// Is this answer's address in a subnet of the VPC shown, in the AZ with this AZ ID?
fn answer_in(app: &App, a: &Alternative, zone_id: &str) -> bool {
    if a.zone_id.as_deref() != Some(zone_id) {
        return false;
    }
    let Ok(ip) = a.address.parse::<Ipv4Addr>() else {
        return false;
    };
    let m = &app.model;
    m.subnets_for_ip(ip)
        .iter()
        .any(|&s| m.subnets[s].vpc == app.map.view.vpc)
}

/// The mark before an AZ pane's name: ✗ when an answer through this AZ is blocked, ✓ when
/// the answers through it are allowed; None when the trace has one answer or none here.
pub fn zone_mark(app: &App, zone_id: &str) -> Option<(&'static str, Style)> {
    let here: Vec<&Alternative> = answers(app)
        .iter()
        .filter(|a| answer_in(app, a, zone_id))
        .collect();
    if here.is_empty() {
        None
    } else if here.iter().any(|a| a.verdict != Verdict::Allowed) {
        Some(("✗ ", theme::blocked()))
    } else {
        Some(("✓ ", theme::allowed()))
    }
}

/// Is this an endpoint interface a blocked DNS answer went through?
pub fn blocked_interface(app: &App, item: Item) -> bool {
    let Item::Eni(e, k) = item else {
        return false;
    };
    let Some(eni) = app.model.endpoints.get(e).and_then(|ep| ep.enis.get(k)) else {
        return false;
    };
    let ip = eni.ip.to_string();
    answers(app)
        .iter()
        .any(|a| a.verdict != Verdict::Allowed && a.address == ip)
}

/// Did the step that stopped the packet use this VPC-wide object (a gateway endpoint whose
/// policy refused, a gateway)?
pub fn chip_blocked(app: &App, o: ObjectRef) -> bool {
    let Some(t) = &app.run.trace else {
        return false;
    };
    let id = app.model.id_of(o);
    t.steps
        .iter()
        .find(|s| s.status == Status::Fail)
        .is_some_and(|f| f.kind != StepKind::Source && f.objects.iter().any(|x| x == id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::message::Message;
    use crate::tui::update::update;

    fn traced(model: &str, from: &str, to: &str) -> App {
        let path = std::path::PathBuf::from(format!("{}/{model}", env!("CARGO_MANIFEST_DIR")));
        let mut a = crate::tui::load_app(Some(&path)).expect("loads");
        update(&mut a, Message::Resize(120, 40));
        a.request.source = Some(from.into());
        a.request.destination = Some(to.into());
        crate::tui::update::run_trace(&mut a, false);
        crate::tui::update::settle(&mut a);
        a
    }

    fn screen(a: &App) -> String {
        let area = ratatui::layout::Rect::new(0, 0, a.size.0, a.size.1);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        crate::tui::view::render(a, area, &mut buf);
        crate::tui::view::buffer_text(&buf)
    }

    #[test]
    fn a_partial_trace_marks_the_failing_az_and_its_interface() {
        // vpce-ledger: healthy targets only in use1-az1, cross-zone off.
        let a = traced("samples/privatelink-2026.yaml", "i-pay-a", "vpce-ledger");
        assert_eq!(a.run.trace.as_ref().unwrap().verdict, Verdict::Partial);
        assert_eq!(zone_mark(&a, "use1-az1").map(|m| m.0), Some("✓ "));
        assert_eq!(zone_mark(&a, "use1-az2").map(|m| m.0), Some("✗ "));
        let s = screen(&a);
        assert!(s.contains(" ✓ us-east-1a · use1-az1 "), "{s}");
        assert!(s.contains(" ✗ us-east-1b · use1-az2 "), "{s}");
        let row = |ip: &str| {
            s.lines()
                .find(|l| l.contains(ip))
                .unwrap_or_default()
                .to_string()
        };
        assert!(row("10.0.2.4 ").contains("✗▣ vpce-ledger"), "{s}");
        assert!(row("10.0.1.4 ").contains("D▣ vpce-ledger"), "{s}");
        let e = a
            .model
            .endpoints
            .iter()
            .position(|e| e.id == "vpce-ledger")
            .unwrap();
        let blocked: Vec<String> = a.model.endpoints[e]
            .enis
            .iter()
            .enumerate()
            .filter(|(k, _)| blocked_interface(&a, Item::Eni(e, *k)))
            .map(|(_, n)| n.zone_id.clone())
            .collect();
        assert_eq!(blocked, vec!["use1-az2"]);
    }

    #[test]
    fn one_answer_marks_no_az() {
        let a = traced(
            "tests/fixtures/explorer.yaml",
            "i-app-a",
            "s3://app-data/reports/1.csv",
        );
        assert_eq!(zone_mark(&a, "use1-az1"), None);
        let s = screen(&a);
        assert!(!s.contains("✓ us-east-1a"), "{s}");
    }
}
