//! The header: model name and the VPC shown (line 1); source, destination and verdict (line 2).
//!
//! ```text
//!  linkscope · tour: PrivateLink in one picture     vpc-app 10.0.0.0/16 · acct prod (111111111111) · us-east-1
//!  from i-app-a (10.0.1.10) → to s3://app-data/x            ALLOWED via vpce-s3 · ⚠ 1 problem
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{put, put_segs};
use crate::engine::Verdict;
use crate::model::ObjectRef;
use crate::text::{escape, truncate, width};
use crate::tui::state::App;
use crate::tui::theme;

/// The header's two lines in `r`: line 1 the model and the VPC shown, line 2 the request and
/// its verdict.
pub fn render(app: &App, r: Rect, buf: &mut Buffer) {
    let m = &app.model;
    // Line 1: the model, then the VPC shown (less of it when narrow).
    let variants = vpc_variants(app, r);
    let title = format!(" linkscope · {}", escape(&m.name));
    let right = variants
        .iter()
        .find(|v| width(v) + width(&title).min(40) < r.width as usize)
        .unwrap_or(variants.last().expect("one variant"));
    let left_max = (r.width as usize).saturating_sub(width(right) + 1);
    let left = truncate(&title, left_max).into_owned();
    let used = put(buf, r.x, r.y, r.width, &left, theme::title());
    let rx = r
        .right()
        .saturating_sub(width(right) as u16)
        .max(r.x + used + 1);
    put(
        buf,
        rx,
        r.y,
        r.right().saturating_sub(rx),
        right,
        theme::dim(),
    );

    // Line 2.
    if r.height < 2 {
        return;
    }
    let y = r.y + 1;
    let segs = request_segs(app);
    let seg_w = |v: &[(String, Style)]| v.iter().map(|(s, _)| width(s)).sum::<usize>();
    let full = verdict_segs(app, true);
    let verdict = if seg_w(&segs) + seg_w(&full) < r.width as usize {
        full
    } else {
        verdict_segs(app, false)
    };
    let vw = seg_w(&verdict);
    let lw = (r.width as usize).saturating_sub(vw + 1) as u16;
    put_segs(buf, r.x, y, lw, &segs);
    let vx = r.right().saturating_sub(vw as u16);
    put_segs(buf, vx.max(r.x), y, r.right() - vx.max(r.x), &verdict);
}

/// Line 1's right side, the VPC shown: each variant shorter than the one before.
fn vpc_variants(app: &App, r: Rect) -> Vec<String> {
    let m = &app.model;
    if let Some(v) = m.vpcs.get(app.map.view.vpc) {
        let cidrs: Vec<String> = v.cidrs.iter().map(|c| c.to_string()).collect();
        let cidrs = cidrs.join(",");
        let name = if v.name.is_empty() || v.name == v.id {
            String::new()
        } else {
            format!(" ({})", escape(&v.name))
        };
        let (count, short) = if m.vpcs.len() > 1 {
            (
                format!(" · VPC {}/{} (v)", app.map.view.vpc + 1, m.vpcs.len()),
                format!(" · {}/{}", app.map.view.vpc + 1, m.vpcs.len()),
            )
        } else {
            (String::new(), String::new())
        };
        let id = escape(&v.id);
        let account = &m.accounts[v.account];
        let acct = crate::tui::ids::account_label(account);
        let acct_id = escape(&account.id);
        let region = escape(&v.region);
        // The last variant cuts the VPC id in the middle when even it does not fit.
        let room = (r.width as usize).saturating_sub(width(&short) + 2);
        let short_id = crate::tui::ids::shorten(&id, room);
        vec![
            format!("{id}{name} {cidrs} · acct {acct} · {region}{count} "),
            format!("{id} {cidrs} · acct {acct} · {region}{short} "),
            format!("{id} {cidrs} · acct {acct_id} · {region}{short} "),
            format!("{id} {cidrs} · {region}{short} "),
            format!("{short_id}{short} "),
        ]
    } else {
        vec!["no VPC in this model ".into()]
    }
}

/// Line 2's left side: `from` the source `→ to` the destination, and the request's options.
fn request_segs(app: &App) -> Vec<(String, Style)> {
    let mut segs: Vec<(String, Style)> = vec![(" from ".into(), theme::dim())];
    match &app.request.source {
        Some(s) => segs.push((endpoint_label(app, s), theme::bold())),
        None => segs.push(("— (s)".into(), theme::dim())),
    }
    segs.push(("  →  to ".into(), theme::dim()));
    match &app.request.destination {
        Some(d) => segs.push((escape(d), theme::bold())),
        None => segs.push(("— (d)".into(), theme::dim())),
    }
    let o = &app.request.options;
    let mut extra: Vec<String> = Vec::new();
    match (&o.protocol, o.port) {
        (Some(p), Some(n)) => extra.push(format!("{}/{n}", escape(p))),
        (Some(p), None) => extra.push(escape(p)),
        (None, Some(n)) => extra.push(format!("port {n}")),
        _ => {}
    }
    if let Some(a) = &o.action {
        extra.push(escape(a));
    }
    // The rest of a request edited with `o`.
    if let Some(r) = &o.resource {
        extra.push(format!("on {}", escape(r)));
    }
    if let Some(p) = &o.principal {
        extra.push(format!("as {}", escape(p)));
    }
    extra.extend(o.context.iter().map(|(k, v)| escape(&format!("{k}={v}"))));
    if !extra.is_empty() {
        segs.push((format!(" ({})", extra.join(", ")), theme::dim()));
    }
    segs
}

/// Line 2's right side: the verdict and the problems, shorter when not `full`.
fn verdict_segs(app: &App, full: bool) -> Vec<(String, Style)> {
    let mut v: Vec<(String, Style)> = Vec::new();
    if let Some(t) = &app.run.trace {
        match t.verdict {
            Verdict::Allowed => {
                v.push(("ALLOWED".into(), theme::allowed()));
                if let (true, Some(via)) = (full, &t.via) {
                    v.push((format!(" via {}", escape(via)), theme::text()));
                }
            }
            Verdict::Blocked => {
                v.push(("BLOCKED".into(), theme::blocked()));
                if let (true, Some(reason)) = (full, t.reason) {
                    v.push((format!(" {reason}"), theme::text()));
                }
            }
            Verdict::Partial => {
                v.push(("PARTIAL".into(), theme::partial()));
                if let (true, Some(reason)) = (full, t.reason) {
                    v.push((format!(" {reason} on some answers"), theme::text()));
                }
            }
        }
    } else if app.run.trace_error.is_some() {
        v.push(("cannot trace".into(), theme::error()));
    }
    let n = app.problem_count();
    if n > 0 {
        if !v.is_empty() {
            v.push((" · ".into(), theme::dim()));
        }
        let st = if app.file.reload_errors.is_empty() {
            theme::warning()
        } else {
            theme::error()
        };
        if full {
            let plural = if n == 1 { "" } else { "s" };
            let failed = if app.file.reload_errors.is_empty() {
                ""
            } else {
                ", reload failed"
            };
            v.push((format!("⚠ {n} problem{plural}{failed}"), st));
        } else {
            v.push((format!("⚠{n}"), st));
        }
    }
    v.push((" ".into(), theme::text()));
    v
}

/// `i-app-a (10.0.1.10)` for an instance; the text itself otherwise.
fn endpoint_label(app: &App, s: &str) -> String {
    match app.model.lookup(s) {
        Some(ObjectRef::Instance(i)) => format!("{} ({})", escape(s), app.model.instances[i].ip),
        _ => escape(s),
    }
}
