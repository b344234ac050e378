//! The details panel: the selected object's fields; the routes of a route table; the rules of a
//! security group or network ACL; endpoint and bucket policies pretty-printed. The route, rule
//! or statement the selected trace step used is marked `▶`.
//!
//! ```text
//! ┌ Details: rtb-app ───────────────────┐
//! │ route table  rtb-app                │
//! │ used by      subnet-app-a, …        │
//! │ Routes (longest prefix wins, RT-11) │
//! │  10.0.0.0/16        local           │
//! │▶ pl-63a5400a        vpce-s3         │
//! │  0.0.0.0/0          nat-a           │
//! └─────────────────────────────────────┘
//! ```

use super::{focused, panel, put, put_segs};
use crate::model::ObjectRef;
use crate::text::escape;
use crate::tui::lines::details::*;
use crate::tui::state::{App, Panel};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let focus = focused(app, Panel::Details);
    let title = match app.map.selected {
        Some(o) if o != ObjectRef::PrefixList => {
            format!("Details: {} {}", o.kind_name(), escape(app.model.id_of(o)))
        }
        _ => "Details".into(),
    };
    let t = crate::text::truncate(&title, r.width.saturating_sub(4) as usize).into_owned();
    let inner = panel(buf, r, &t, focus);
    if inner.height == 0 || inner.width < 3 {
        return;
    }
    let Some(obj) = app.map.selected else {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            "Select an object to see it here.",
            theme::dim(),
        );
        return;
    };
    let built;
    let lines = if app.lines.details_w == inner.width && app.lines.details_for == Some(obj) {
        &app.lines.details
    } else {
        built = lines(app, obj, inner.width);
        &built
    };
    let h = inner.height as usize;
    let scroll = app.panels.details.shown(lines.len(), h);
    for (i, l) in lines.iter().skip(scroll).take(h).enumerate() {
        let y = inner.y + i as u16;
        if l.marked {
            put(buf, inner.x, y, 1, "▶", theme::highlight());
        }
        let segs: Vec<(String, Style)> = if l.marked {
            l.segs
                .iter()
                .map(|(s, _)| (s.clone(), theme::highlight()))
                .collect()
        } else {
            l.segs.clone()
        };
        put_segs(buf, inner.x + 1, y, inner.width - 1, &segs);
    }
    super::scroll_marks(buf, r, scroll, h, lines.len());
}
