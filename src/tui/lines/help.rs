//! The help and concept popups' line model.

use crate::tui::concepts::{self, Concept};
use crate::tui::keymap::{BINDINGS, Layer};
use crate::tui::state::{App, Popup};
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

/// Every line of a popup at inner width `w`.
pub fn lines(app: &App, w: u16) -> Vec<L> {
    let w = w as usize;
    let mut out: Vec<L> = Vec::new();
    match &app.panels.popup {
        Some(Popup::Expectations { sel, .. }) => return super::expectations::lines(app, *sel),
        Some(Popup::Concept { id, .. }) => {
            if let Some(c) = concepts::get(id) {
                out.push((c.title().to_string(), theme::title()));
                out.push((String::new(), theme::text()));
                body(&mut out, c, w);
                out.push((String::new(), theme::text()));
                para(
                    &mut out,
                    "Esc closes · ? shows every key and every concept",
                    w,
                    0,
                    theme::dim(),
                );
            }
        }
        _ => {
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
            let d = app.model.description.trim();
            if d.is_empty() {
                out.push(("  (no description)".into(), theme::dim()));
            } else {
                for l in crate::tui::view::prose(&super::description(d), w.saturating_sub(2)) {
                    out.push((format!("  {l}"), theme::text()));
                }
            }
            out.push((String::new(), theme::text()));
            out.push(("Keys".into(), theme::title()));
            for layer in [Layer::Main, Layer::Finder, Layer::Popup, Layer::Any] {
                out.push((layer.title().into(), theme::bold()));
                for b in BINDINGS.iter().filter(|b| b.layer == layer) {
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
                "◆ instance   ▣ endpoint network interface   ⇄ NAT gateway   ▤ load balancer node",
                "◈ gateway endpoint   ⊕ internet gateway   ⊗ transit or VPN gateway   ⇆ peering",
                "▶ used by the selected trace step   ✓ pass   ✗ fail   ! warning   · information",
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
        }
    }
    out
}
