//! The help and concept popups' line model.

use crate::tui::concepts::{self, Concept};
use crate::tui::keymap::{BINDINGS, Layer, panel_keys};
use crate::tui::state::{App, Panel, Popup};
use crate::tui::theme;
use crate::tui::view::wrap;
use ratatui::style::Style;

type L = (String, Style);

fn para(out: &mut Vec<L>, text: &str, w: usize, indent: usize, st: Style) {
    for l in wrap(text, w.saturating_sub(indent).max(10)) {
        out.push((format!("{}{l}", " ".repeat(indent)), st));
    }
}

/// A concept's body: paragraphs joined and wrapped, `- ` items as bullets.
fn body(out: &mut Vec<L>, c: &Concept, w: usize) {
    for l in crate::tui::view::prose(c.body(), w.saturating_sub(2)) {
        out.push((format!("  {l}"), theme::text()));
    }
}

/// Does a help line match the `/` query (case-insensitive; an empty query matches nothing)?
pub fn help_line_matches(line: &str, query: &str) -> bool {
    let q = query.trim();
    !q.is_empty() && line.to_lowercase().contains(&q.to_lowercase())
}

/// The first line at or after `from` (wrapping round) that matches the query.
pub fn next_help_match(lines: &[L], query: &str, from: usize) -> Option<usize> {
    let n = lines.len();
    (0..n)
        .map(|k| (from + k) % n)
        .find(|&i| help_line_matches(&lines[i].0, query))
}

/// One binding: its keys in a column, the description wrapped beside them.
fn key_line(out: &mut Vec<L>, b: &crate::tui::keymap::Binding, w: usize) {
    for (i, l) in wrap(b.help, w.saturating_sub(14).max(10))
        .into_iter()
        .enumerate()
    {
        let l = if i == 0 {
            format!("  {:<11} {l}", b.label)
        } else {
            format!("{}{l}", " ".repeat(14))
        };
        out.push((l, theme::text()));
    }
}

fn panel_name(p: Panel) -> &'static str {
    match p {
        Panel::Vpc => "VPC",
        Panel::Details => "details",
        Panel::Trace => "trace",
        Panel::Problems => "problems",
    }
}

/// Every line of a popup at inner width `w`.
pub fn lines(app: &App, w: u16) -> Vec<L> {
    let w = w as usize;
    let mut out: Vec<L> = Vec::new();
    match &app.panels.popup {
        Some(Popup::Expectations { sel, .. }) => return super::expectations::lines(app, *sel, w),
        Some(Popup::Rule { ids, at, .. }) => return super::rulebook::rule_lines(ids, *at, w),
        Some(Popup::Concepts { sel, .. }) => return super::rulebook::index_lines(*sel, w),
        Some(Popup::Align { .. }) => return super::align::lines(&app.model, app.map.view.vpc, w),
        Some(Popup::Reach { sel, .. }) => return crate::tui::reach::lines(app, *sel),
        Some(Popup::Concept { id, .. }) => {
            if let Some(c) = concepts::get(id) {
                out.push((c.title().to_string(), theme::title()));
                out.push((String::new(), theme::text()));
                body(&mut out, c, w);
                out.push((String::new(), theme::text()));
                para(
                    &mut out,
                    "Esc closes · C lists every concept · ? shows every key",
                    w,
                    0,
                    theme::dim(),
                );
            }
        }
        _ => {
            // Keys first: the focused panel's, then the rest of the main screen's, then the
            // finder's and the popups'. Concepts and the model's description come after.
            let focus = app.panels.focus;
            let own = panel_keys(focus);
            out.push((
                format!("Keys · {} panel (Tab moves the focus)", panel_name(focus)),
                theme::title(),
            ));
            let main = |b: &&crate::tui::keymap::Binding| b.layer == Layer::Main;
            for label in own {
                if let Some(b) = BINDINGS.iter().filter(main).find(|b| b.label == *label) {
                    key_line(&mut out, b, w);
                }
            }
            out.push((String::new(), theme::text()));
            out.push((
                "Keys · everywhere on the main screen".into(),
                theme::title(),
            ));
            for b in BINDINGS
                .iter()
                .filter(main)
                .filter(|b| !own.contains(&b.label))
            {
                key_line(&mut out, b, w);
            }
            for b in BINDINGS.iter().filter(|b| b.layer == Layer::Any) {
                key_line(&mut out, b, w);
            }
            for layer in [
                Layer::Finder,
                Layer::Form,
                Layer::Popup,
                Layer::HelpSearch,
                Layer::MapFilter,
            ] {
                out.push((layer.title().into(), theme::bold()));
                for b in BINDINGS.iter().filter(|b| b.layer == layer) {
                    key_line(&mut out, b, w);
                }
            }
            para(
                &mut out,
                "Mouse: click a subnet or an object to select it, a trace step to select it; the wheel scrolls the panel under the pointer.",
                w,
                2,
                theme::text(),
            );
            out.push((String::new(), theme::text()));
            out.push(("Symbols".into(), theme::title()));
            for s in [
                "◆ instance   ▣ endpoint network interface   ⇄ NAT gateway   ▤ load balancer node   ⇥ resource gateway",
                "◈ gateway endpoint   ⊕ internet gateway   ⊗ transit or VPN gateway   ⇆ peering",
                "▶ used by the selected trace step   ✓ pass   ✗ fail   ! warning   · information",
                "[GW-6 +2] on a step: the rule that decided it, and 2 more rules it relied on (R reads each, with its AWS source)",
                "overview (O): ▢ VPC   ⊗ transit gateway   ⌂ site   ⇵ Resolver endpoint   ▤ endpoint service   #1,4 the trace's hops   ◉ the VPC whose AZ panes are shown",
                "reach (M): ✓ allowed   ◐ partial   ✗ blocked   ? not traced, before a source on the map; ✓2 ✗1 a VPC's or site's sources",
            ] {
                para(&mut out, s, w, 2, theme::text());
            }
            out.push((String::new(), theme::text()));
            out.push(("Concepts".into(), theme::title()));
            out.push((String::new(), theme::text()));
            for c in concepts::CONCEPTS {
                out.push((c.title().to_string(), theme::bold()));
                body(&mut out, c, w);
                out.push((String::new(), theme::text()));
            }
            para(
                &mut out,
                "linkscope explains how a request gets from a source to a destination in AWS: DNS, route tables, security groups, network ACLs, endpoints, endpoint services and policies, one step at a time. Rule ids such as GW-6 refer to the rule book the engine follows.",
                w,
                0,
                theme::text(),
            );
            out.push((String::new(), theme::text()));
            out.push((
                format!("This model: {}", crate::text::escape(&app.model.name)),
                theme::title(),
            ));
            let d = crate::tui::teach::description(app);
            let d = d.trim();
            if d.is_empty() {
                out.push(("  (no description)".into(), theme::dim()));
            } else {
                for l in crate::tui::view::prose(&super::description(d), w.saturating_sub(2)) {
                    out.push((format!("  {l}"), theme::text()));
                }
            }
        }
    }
    out
}
