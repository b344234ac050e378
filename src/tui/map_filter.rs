//! The map filter (`F`): on a large VPC, only the subnets whose id, name, CIDR, or one of whose
//! objects (instance, endpoint, NAT gateway, load balancer node: id or name) contains every
//! typed word (case-insensitive). The AZ panes stay, with fewer subnets; Esc clears the filter.
//! The filter stays when the VPC shown changes and across reloads.

use super::state::{App, Cursor, VpcView};
use crate::model::Model;

/// The text the filter matches a subnet by: its id, name, CIDR and its objects' ids and names.
fn haystack(m: &Model, e: &super::state::SubnetEntry) -> String {
    let s = &m.subnets[e.subnet];
    let mut h = format!("{} {} {}", s.id, s.name, s.cidr);
    for it in &e.items {
        let o = it.object();
        h.push(' ');
        h.push_str(m.id_of(o));
        h.push(' ');
        h.push_str(m.name_of(o));
    }
    h.to_lowercase()
}

/// Keep in `view` only the subnets that match every word of `filter`; (shown, total).
pub fn retain(m: &Model, view: &mut VpcView, filter: &str) -> (usize, usize) {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    let total: usize = view.columns.iter().map(|c| c.subnets.len()).sum();
    if words.is_empty() {
        return (total, total);
    }
    for c in &mut view.columns {
        c.subnets.retain(|e| {
            let h = haystack(m, e);
            words.iter().all(|w| h.contains(w.as_str()))
        });
    }
    let shown = view.columns.iter().map(|c| c.subnets.len()).sum();
    (shown, total)
}

/// Build the VPC shown again with the current filter, the cursor on its first subnet; says how
/// many subnets match.
pub fn apply(app: &mut App) {
    if !app.has_vpc() {
        return;
    }
    let mut view = VpcView::build(&app.model, app.map.view.vpc);
    let (shown, total) = retain(&app.model, &mut view, &app.map.filter);
    app.map.view = view;
    app.map.az_scroll = vec![0; app.map.view.columns.len()];
    app.map.zone_offset = 0;
    let col = app
        .map
        .view
        .columns
        .iter()
        .position(|c| !c.subnets.is_empty())
        .unwrap_or(app.map.view.strip_col());
    app.map.cursor = Cursor {
        col,
        sub: 0,
        item: None,
    };
    app.map.last_col = col.min(app.map.view.columns.len().saturating_sub(1));
    app.map.selected = app.map.view.object_at(app.map.cursor);
    let q = crate::text::escape(&app.map.filter);
    app.status = Some(if app.map.filter_typing {
        format!("filter the map: {q}█ · {shown} of {total} subnets · Enter keeps it, Esc clears")
    } else if app.map.filter.is_empty() {
        format!("every subnet shown ({total})")
    } else {
        format!("map filter “{q}”: {shown} of {total} subnets · F changes it, Esc clears")
    });
    super::update::ensure_visible(app);
}

/// `F`: start typing a filter (the previous one is replaced).
pub fn start(app: &mut App) {
    if !app.has_vpc() {
        return;
    }
    app.map.filter.clear();
    app.map.filter_typing = true;
    apply(app);
}

/// A typed character or Backspace while typing the filter.
pub fn edit(app: &mut App, f: impl FnOnce(&mut String)) {
    f(&mut app.map.filter);
    apply(app);
}

/// Enter: keep the filter, stop typing.
pub fn done(app: &mut App) {
    app.map.filter_typing = false;
    apply(app);
}

/// Esc: clear the filter (typing or not); false when there was none.
pub fn clear(app: &mut App) -> bool {
    if app.map.filter.is_empty() && !app.map.filter_typing {
        return false;
    }
    app.map.filter.clear();
    app.map.filter_typing = false;
    apply(app);
    true
}
