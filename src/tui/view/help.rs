//! The help popup (every key from the keymap, the symbols, and the primer on concepts) and the
//! concept popup (one concept, opened from a trace step).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

use super::{panel, put, put_right, wrap};
use crate::tui::concepts::{self, Concept};
use crate::tui::keymap::{BINDINGS, Layer};
use crate::tui::state::{App, Popup};
use crate::tui::theme;

type L = (String, Style);

fn para(out: &mut Vec<L>, text: &str, w: usize, indent: usize, st: Style) {
    for l in wrap(text, w.saturating_sub(indent).max(10)) {
        out.push((format!("{}{l}", " ".repeat(indent)), st));
    }
}

/// A concept's body: paragraphs joined and wrapped, `- ` items as bullets.
fn body(out: &mut Vec<L>, c: &Concept, w: usize) {
    for l in super::prose(c.body(), w.saturating_sub(2)) {
        out.push((format!("  {l}"), theme::text()));
    }
}

/// Every line of a popup at inner width `w`.
pub fn lines(app: &App, w: u16) -> Vec<L> {
    let w = w as usize;
    let mut out: Vec<L> = Vec::new();
    match &app.popup {
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
                for l in super::prose(&crate::text::escape_multiline(d), w.saturating_sub(2)) {
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

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let Some(p) = &app.popup else { return };
    Clear.render(r, buf);
    let (title, scroll) = match p {
        Popup::Help { scroll } => ("Help · keys and concepts", *scroll),
        Popup::Concept { scroll, .. } => ("Concept", *scroll),
    };
    let inner = panel(buf, r, title, true);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width - 1,
        ..inner
    };
    let lines = lines(app, inner.width.saturating_sub(1));
    let h = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(h));
    for (i, (s, st)) in lines.iter().skip(scroll).take(h).enumerate() {
        put(buf, inner.x, inner.y + i as u16, inner.width, s, *st);
    }
    if scroll + h < lines.len() {
        put_right(
            buf,
            r.right() - 1,
            r.x + 1,
            r.bottom() - 1,
            &format!(" ▼{} more · j/k scroll ", lines.len() - scroll - h),
            theme::key(),
        );
    }
}
