//! The panels' line models: what the trace, details, problems and help panels show, as wrapped
//! lines. [`super::update::settle`] builds the trace's and the selected object's once per update
//! into [`LineCache`]; the layout (the trace panel's height), the update (scrolling, mouse
//! hit-testing) and the views all read that cache, so a keystroke wraps the trace once and
//! drawing wraps nothing.

pub mod align;
pub mod details;
pub mod expectations;
pub mod help;
pub mod problems;
pub mod rulebook;
pub mod trace;

use std::cell::Cell;

use std::collections::HashMap;

use crate::model::ObjectRef;
use crate::tui::state::{App, Item};

use details::DLine;
use problems::PLine;
use trace::TraceLines;

/// The line models as of the last update.
#[derive(Debug, Default)]
pub struct LineCache {
    /// The trace panel's lines, for an inner width of `trace_w`.
    pub trace: TraceLines,
    pub trace_w: u16,
    /// The details of `details_for`, for an inner width of `details_w`.
    pub details: Vec<DLine>,
    pub details_w: u16,
    pub details_for: Option<ObjectRef>,
    /// The problems panel's lines, for an inner width of `problems_w`.
    pub problems: Vec<PLine>,
    pub problems_w: u16,
    /// The trace's hops (1-based steps) per item of the VPC shown, as drawn: `#1,4`.
    pub hops: HashMap<Item, String>,
}

/// The steps of the current trace that used each item of the VPC shown, as `#1,4` (at most
/// four numbers, else three then `+N`).
pub fn hops(app: &App) -> HashMap<Item, String> {
    let mut out = HashMap::new();
    let Some(t) = &app.run.trace else {
        return out;
    };
    for col in &app.map.view.columns {
        for s in &col.subnets {
            for &item in &s.items {
                let n: Vec<String> = t
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(_, st)| step_names_item(app, st, item))
                    .map(|(i, _)| (i + 1).to_string())
                    .collect();
                if n.is_empty() {
                    continue;
                }
                let label = if n.len() > 4 {
                    format!("#{}+{}", n[..3].join(","), n.len() - 3)
                } else {
                    format!("#{}", n.join(","))
                };
                out.insert(item, label);
            }
        }
    }
    out
}

/// Whether `item` is one of the interfaces a step names: an endpoint's interface only when the
/// step names its address or AZ (or names no interface of that endpoint at all).
pub fn step_names_item(app: &App, step: &crate::engine::Step, item: Item) -> bool {
    let id = app.model.id_of(item.object());
    if !step.objects.iter().any(|o| o == id) {
        return false;
    }
    match item {
        Item::Eni(e, k) => {
            let ep = &app.model.endpoints[e];
            // By its IPv4 or (dual-stack) IPv6 address, or its AZ ID.
            let named = |j: usize| {
                let n = &ep.enis[j];
                let v6 = ep.eni_ipv6(&app.model.subnets, j).map(|a| a.to_string());
                step.focus.addresses.iter().any(|a| {
                    *a == n.ip.to_string() || *a == n.zone_id || v6.as_deref() == Some(a.as_str())
                })
            };
            !(0..ep.enis.len()).any(named) || (k < ep.enis.len() && named(k))
        }
        // One load balancer node: the one in the subnet the step names, when it names one.
        Item::LbNode(s, k) => {
            let lb = &app.model.endpoint_services[s].load_balancer;
            let named = |sx: &usize| step.objects.iter().any(|o| *o == app.model.subnets[*sx].id);
            !lb.subnets.iter().any(named) || lb.subnets.get(k).is_some_and(named)
        }
        // One resource gateway interface: the one whose address the step names, when it
        // names one of them.
        Item::ResourceGw(g, k) => {
            let ips = &app.model.resource_gateways[g].ips;
            let named = |ip: &std::net::Ipv4Addr| {
                let ip = ip.to_string();
                step.focus.addresses.contains(&ip)
            };
            !ips.iter().any(named) || ips.get(k).is_some_and(named)
        }
        _ => true,
    }
}

/// How many times this thread built the trace's and an object's details' lines: a cheap count
/// that lets tests prove a keystroke builds each once and drawing builds none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Builds {
    pub trace: usize,
    pub details: usize,
}

thread_local! {
    static BUILDS: Cell<Builds> = const { Cell::new(Builds { trace: 0, details: 0 }) };
}

/// The counts so far on this thread.
pub fn builds() -> Builds {
    BUILDS.with(|b| b.get())
}

fn count(f: impl FnOnce(&mut Builds)) {
    BUILDS.with(|b| {
        let mut v = b.get();
        f(&mut v);
        b.set(v);
    });
}

/// Most bytes of the model's description the explorer wraps: a hostile megabyte must not make
/// a keystroke lag (the rest is named, not shown).
pub const DESCRIPTION_MAX: usize = 16 * 1024;

/// The model's description, trimmed, escaped and cut at [`DESCRIPTION_MAX`] bytes (on a
/// character boundary) with a note saying how much was left out.
pub fn description(d: &str) -> String {
    let d = d.trim();
    if d.len() <= DESCRIPTION_MAX {
        return crate::text::escape_multiline(d);
    }
    let mut cut = DESCRIPTION_MAX;
    while !d.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        "{}\n… (description cut: {} more bytes; the whole text is in the model file)",
        crate::text::escape_multiline(&d[..cut]),
        d.len() - cut
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn description_is_cut_at_16_kib() {
        let d = "word ".repeat(200_000);
        let s = super::description(&d);
        assert!(s.len() < super::DESCRIPTION_MAX + 200, "{}", s.len());
        assert!(s.contains("description cut"));
        assert_eq!(super::description(" short "), "short");
    }
}
