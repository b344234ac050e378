//! Layout: every rectangle on screen, computed from the terminal size and the state, by one
//! pure function. The views draw into these rectangles and mouse clicks are hit-tested
//! against the very same ones.
//!
//! ```text
//! wide (>= 110 columns)                            narrow (< 110 columns)
//! ┌ header (2 rows) ─────────────────────────────┐ ┌ header ─────────────────────────┐
//! │ AZ pane │ AZ pane │ AZ pane ... │ details    │ │ AZ pane │ AZ pane               │
//! │  subnet boxes, scrolled per pane │           │ │  (or the details, or the        │
//! │                                  ├──────────-│ │   problems: the panel focused   │
//! │                                  │ problems  │ │   last fills this area)         │
//! │ strip: VPC-wide endpoints, gateways          │ │ strip                           │
//! ├ trace (sized to its content, <= 45%) ───────-┤ ├ trace ──────────────────────────┤
//! └ footer (1 row) ──────────────────────────────┘ └ footer ─────────────────────────┘
//! ```
//! Only what is visible is laid out: an AZ pane holds the subnet boxes from its scroll offset
//! until it is full, a box shows a window of its items, the strip shows the chips from its
//! offset. Below [`MIN_W`]x[`MIN_H`] the screen says it is too small.

use ratatui::layout::{Position, Rect};

use super::state::{App, Panel, SubnetEntry};
use crate::text::width;

pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 16;
/// From this width on, the details panel sits beside the VPC view.
pub const WIDE_W: u16 = 110;
/// An AZ pane is at least this wide; more zones than fit scroll sideways.
pub const MIN_PANE_W: u16 = 30;
/// In the compact map (`m`) a pane is at least this wide: three AZs fit at 120 columns.
pub const MIN_COMPACT_PANE_W: u16 = 24;

/// Where one AZ pane is and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneLayout {
    /// The AZ column of the view.
    pub col: usize,
    pub rect: Rect,
    pub boxes: Vec<BoxLayout>,
    /// Subnets above and below the ones shown.
    pub above: usize,
    pub below: usize,
}

/// One subnet box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxLayout {
    /// The subnet's index in its column.
    pub sub: usize,
    pub rect: Rect,
    pub rows: Vec<ItemRow>,
}

/// One row inside a subnet box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemRow {
    /// The n-th item of the subnet.
    Item(usize),
    /// "+N more" (items not shown).
    More(usize),
    /// The subnet holds nothing.
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipLayout {
    pub chip: usize,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub area: Rect,
    pub too_small: bool,
    pub narrow: bool,
    pub header: Rect,
    pub footer: Rect,
    /// The area of the AZ panes, when shown.
    pub vpc: Option<Rect>,
    pub panes: Vec<PaneLayout>,
    /// AZ columns left and right of the panes shown.
    pub cols_left: usize,
    pub cols_right: usize,
    pub strip: Option<Rect>,
    pub chips: Vec<ChipLayout>,
    /// Chips after the last one shown.
    pub chips_right: usize,
    pub details: Option<Rect>,
    pub problems: Option<Rect>,
    pub trace: Rect,
    /// The finder or help popup.
    pub popup: Option<Rect>,
    /// The finder's list rows (inside the popup).
    pub finder_list: Option<Rect>,
    /// Above the AZ panes while a reach matrix is shown: its legend and counts.
    pub reach_bar: Option<Rect>,
}

/// Rows of items a subnet box shows at most (then "+N more"); 0 in the compact map.
pub fn item_cap(app: &App, h: u16) -> usize {
    if app.map.compact {
        0
    } else if h >= 40 {
        8
    } else {
        4
    }
}

/// Height of a subnet box with this many items: one line in the compact map (cap 0).
pub fn box_height(items: usize, cap: usize) -> u16 {
    if cap == 0 {
        return 1;
    }
    2 + items.clamp(1, cap) as u16
}

/// Rows a box shows: a window of items (around the cursor's item when it is in this box).
pub fn box_rows(entry: &SubnetEntry, cap: usize, cursor_item: Option<usize>) -> Vec<ItemRow> {
    let n = entry.items.len();
    if cap == 0 {
        return Vec::new();
    }
    if n == 0 {
        return vec![ItemRow::Empty];
    }
    if n <= cap {
        return (0..n).map(ItemRow::Item).collect();
    }
    let shown = cap - 1;
    let start = match cursor_item {
        Some(k) if k >= shown => (k + 1 - shown).min(n - shown),
        _ => 0,
    };
    let mut rows: Vec<ItemRow> = (start..start + shown).map(ItemRow::Item).collect();
    rows.push(ItemRow::More(n - shown));
    rows
}

fn split_v(r: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(r.height);
    (
        Rect { height: top, ..r },
        Rect {
            y: r.y + top,
            height: r.height - top,
            ..r
        },
    )
}

fn split_h(r: Rect, left: u16) -> (Rect, Rect) {
    let left = left.min(r.width);
    (
        Rect { width: left, ..r },
        Rect {
            x: r.x + left,
            width: r.width - left,
            ..r
        },
    )
}

/// How many AZ panes fit side by side in `w` columns (narrower panes in the compact map).
pub fn panes_fitting(w: u16, zones: usize, compact: bool) -> usize {
    let min = if compact {
        MIN_COMPACT_PANE_W
    } else {
        MIN_PANE_W
    };
    ((w / min).max(1) as usize).min(zones.max(1))
}

/// Rows the trace panel would like (inside its border): its lines as the last settle step
/// built them ([`App::lines`]).
fn trace_rows_wanted(app: &App) -> u16 {
    app.lines.trace.len().min(u16::MAX as usize) as u16
}

/// Rows the VPC view needs to show every box of the columns on screen (at most `max`).
fn vpc_rows_wanted(app: &App, width: u16, max: u16) -> u16 {
    if app.overview.on {
        // Border, the path line (and the reach's legend), every entry of the longest column.
        let two = width.saturating_sub(2) >= super::overview::TWO_COLUMNS_FROM;
        let n = app.overview.view.total_lines(two) + 3 + usize::from(app.reach.shown());
        return n.min(max as usize) as u16;
    }
    let cols = &app.map.view.columns;
    if cols.is_empty() {
        return 3;
    }
    let n = panes_fitting(width, cols.len(), app.map.compact);
    let first = app.map.zone_offset.min(cols.len() - n);
    let cap = item_cap(app, app.size.1);
    let mut need = 0u16;
    for (col, column) in cols.iter().enumerate().skip(first).take(n) {
        let mut h = 2u16;
        let start = app.map.az_scroll.get(col).copied().unwrap_or(0);
        for s in column.subnets.iter().skip(start) {
            h = h.saturating_add(box_height(s.items.len(), cap));
            if h >= max {
                return max;
            }
        }
        need = need.max(h);
    }
    let strip = if app.map.view.strip.is_empty() {
        0
    } else if app.size.1 >= 40 {
        2
    } else {
        1
    };
    let reach = u16::from(app.reach.shown());
    (need + strip + reach).min(max)
}

/// The whole layout for a screen of `area`.
pub fn compute(app: &App, area: Rect) -> Layout {
    let mut l = Layout {
        area,
        ..Default::default()
    };
    if area.width < MIN_W || area.height < MIN_H {
        l.too_small = true;
        return l;
    }
    let (header, rest) = split_v(area, 2);
    let (body, footer) = split_v(rest, rest.height - 1);
    l.header = header;
    l.footer = footer;
    l.narrow = area.width < WIDE_W;

    // Trace panel: sized to its content, up to 45% of the body, or more when the VPC view
    // needs less. Without a trace (hints and the model's description) the VPC view comes first.
    let has_trace = app.run.trace.is_some() || app.run.trace_error.is_some();
    let vpc_w = if area.width < WIDE_W {
        area.width
    } else {
        area.width - (area.width * 33 / 100).clamp(40, 70)
    };
    let vpc_need = vpc_rows_wanted(app, vpc_w, body.height).max(8);
    let spare = body.height.saturating_sub(vpc_need);
    // On short screens a trace gets a little more than half.
    let share = if area.height < 32 { 55 } else { 45 };
    let max_trace = if has_trace {
        (body.height * share / 100).max(spare).max(6)
    } else {
        spare.max(6).min(body.height * 45 / 100)
    }
    .min(body.height.saturating_sub(3));
    let min_trace = if has_trace { 6 } else { 3 };
    let trace_h = (trace_rows_wanted(app) + 2)
        .min(max_trace)
        .max(min_trace.min(max_trace));
    if app.panels.zoom {
        zoomed(app, &mut l, body);
        layout_popups(app, &mut l, area);
        return l;
    }
    let (top, trace) = split_v(body, body.height - trace_h);
    l.trace = trace;

    // The top: VPC view (+ strip), details, problems.
    let show_vpc_top;
    let (left, right) = if l.narrow {
        show_vpc_top = app.panels.top == Panel::Vpc || !app.has_vpc();
        match app.panels.top {
            Panel::Details => l.details = Some(top),
            Panel::Problems if app.problem_count() > 0 => l.problems = Some(top),
            _ => {}
        }
        if l.details.is_none() && l.problems.is_none() && !show_vpc_top {
            l.details = Some(top);
        }
        (top, None)
    } else {
        show_vpc_top = true;
        let rw = (area.width * 33 / 100).clamp(40, 70);
        let (a, b) = split_h(top, top.width - rw);
        let n = app.problem_count() as u16;
        if n > 0 {
            // About three lines a problem (code, message), within a third of the column.
            let ph = (3 * n + 2 + u16::from(!app.file.reload_errors.is_empty()))
                .min(b.height / 3)
                .max(4)
                .min(b.height);
            let (d, p) = split_v(b, b.height - ph);
            l.details = Some(d);
            l.problems = Some(p);
        } else {
            l.details = Some(b);
        }
        (a, Some(()))
    };
    let _ = right;
    if show_vpc_top && (l.details.is_none() || !l.narrow) && app.overview.on {
        l.vpc = Some(left);
    } else if show_vpc_top && (l.details.is_none() || !l.narrow) {
        let left = reach_bar(app, &mut l, left);
        let strip_h = if area.height >= 40 { 2 } else { 1 };
        let strip_h = if app.map.view.strip.is_empty() {
            0
        } else {
            strip_h
        };
        let (panes, strip) = split_v(left, left.height.saturating_sub(strip_h));
        l.vpc = Some(panes);
        if strip.height > 0 {
            l.strip = Some(strip);
            layout_strip(app, &mut l, strip);
        }
        layout_panes(app, &mut l, panes);
    }

    layout_popups(app, &mut l, area);
    l
}

/// The finder or the help, concept or expectations popup over the screen.
fn layout_popups(app: &App, l: &mut Layout, area: Rect) {
    if app.panels.finder.is_some() {
        let w = area.width.saturating_sub(4).min(110);
        let h = area.height.saturating_sub(4).min(24);
        let r = centered(area, w, h);
        l.popup = Some(r);
        // Border, query line, rule.
        l.finder_list = Some(Rect {
            x: r.x + 1,
            y: r.y + 3,
            width: r.width.saturating_sub(2),
            height: r.height.saturating_sub(4),
        });
    } else if let Some(p) = &app.panels.popup {
        // The align view's columns use what width there is.
        let max_w = if matches!(p, super::state::Popup::Align { .. }) {
            180
        } else {
            100
        };
        let w = area.width.saturating_sub(2).min(max_w);
        let mut h = area.height.saturating_sub(2);
        if matches!(
            p,
            super::state::Popup::Concept { .. }
                | super::state::Popup::Rule { .. }
                | super::state::Popup::Align { .. }
        ) {
            // A concept is short: fit it.
            let n = super::lines::help::lines(app, w.saturating_sub(4)).len() as u16;
            h = h.min(n + 2);
        }
        l.popup = Some(centered(area, w, h));
    }
}

/// `z`: the focused panel takes the whole body (the others are not drawn; the trace gets an
/// empty rectangle under it).
fn zoomed(app: &App, l: &mut Layout, body: Rect) {
    l.trace = Rect {
        y: body.bottom(),
        height: 0,
        ..body
    };
    match app.panels.focus {
        Panel::Trace => l.trace = body,
        Panel::Details => l.details = Some(body),
        Panel::Problems => l.problems = Some(body),
        Panel::Vpc if app.overview.on => l.vpc = Some(body),
        Panel::Vpc => {
            let body = reach_bar(app, l, body);
            let strip_h = if app.map.view.strip.is_empty() {
                0
            } else if body.height >= 40 {
                2
            } else {
                1
            };
            let (panes, strip) = split_v(body, body.height.saturating_sub(strip_h));
            l.vpc = Some(panes);
            if strip.height > 0 {
                l.strip = Some(strip);
                layout_strip(app, l, strip);
            }
            layout_panes(app, l, panes);
        }
    }
}

/// A row for the reach's legend above the AZ panes, while a reach is shown; the rest.
fn reach_bar(app: &App, l: &mut Layout, area: Rect) -> Rect {
    if !app.reach.shown() || area.height < 6 {
        return area;
    }
    let (bar, rest) = split_v(area, 1);
    l.reach_bar = Some(bar);
    rest
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn layout_panes(app: &App, l: &mut Layout, area: Rect) {
    let cols = &app.map.view.columns;
    if cols.is_empty() || area.height < 3 {
        return;
    }
    let n = panes_fitting(area.width, cols.len(), app.map.compact);
    let first = app.map.zone_offset.min(cols.len() - n);
    l.cols_left = first;
    l.cols_right = cols.len() - first - n;
    let cap = item_cap(app, l.area.height);
    let w = area.width / n as u16;
    for k in 0..n {
        let col = first + k;
        let x = area.x + w * k as u16;
        let width = if k + 1 == n { area.right() - x } else { w };
        let rect = Rect {
            x,
            y: area.y,
            width,
            height: area.height,
        };
        let inner = Rect {
            x: rect.x + 1,
            y: rect.y + 1,
            width: rect.width.saturating_sub(2),
            height: rect.height.saturating_sub(2),
        };
        let subnets = &cols[col].subnets;
        let start = app
            .map
            .az_scroll
            .get(col)
            .copied()
            .unwrap_or(0)
            .min(subnets.len().saturating_sub(1));
        let mut y = inner.y;
        let mut boxes = Vec::new();
        let mut i = start;
        while i < subnets.len() && y < inner.bottom() {
            let cursor_item = (app.map.cursor.col == col && app.map.cursor.sub == i)
                .then_some(app.map.cursor.item)
                .flatten();
            let mut rows = box_rows(&subnets[i], cap, cursor_item);
            let h = box_height(rows.len(), cap);
            let room = inner.bottom() - y;
            if cap > 0 && h > room {
                if room < 3 {
                    break;
                }
                // The box does not fit: show its first rows, then how many are hidden.
                let keep = (room - 2) as usize;
                let hidden = subnets[i]
                    .items
                    .len()
                    .saturating_sub(keep.saturating_sub(1));
                rows.truncate(keep);
                if hidden > 0
                    && let Some(last) = rows.last_mut()
                {
                    *last = ItemRow::More(hidden);
                }
            }
            let h = if cap == 0 { 1 } else { 2 + rows.len() as u16 };
            boxes.push(BoxLayout {
                sub: i,
                rect: Rect {
                    x: inner.x,
                    y,
                    width: inner.width,
                    height: h,
                },
                rows,
            });
            y += h;
            i += 1;
        }
        l.panes.push(PaneLayout {
            col,
            rect,
            above: start,
            below: subnets.len() - i,
            boxes,
        });
    }
}

/// The strip's label, drawn before the chips.
pub const STRIP_LABEL: &str = "VPC-wide: ";
/// Between chips.
pub const CHIP_SEP: u16 = 3;

fn layout_strip(app: &App, l: &mut Layout, area: Rect) {
    let chips = &app.map.view.strip;
    let start = app.map.strip_offset.min(chips.len().saturating_sub(1));
    let mut x = area.x + 1 + width(STRIP_LABEL) as u16;
    let mut y = area.y;
    let right = area.right().saturating_sub(1);
    let mut k = start;
    while k < chips.len() {
        let w = (width(&chips[k].label) as u16).min(area.width.saturating_sub(2));
        if x + w > right {
            if y + 1 < area.bottom() {
                y += 1;
                x = area.x + 1 + width(STRIP_LABEL) as u16;
                if x + w > right {
                    break;
                }
            } else {
                break;
            }
        }
        l.chips.push(ChipLayout {
            chip: k,
            rect: Rect {
                x,
                y,
                width: w,
                height: 1,
            },
        });
        x += w + CHIP_SEP;
        k += 1;
    }
    if l.chips.is_empty() && k < chips.len() {
        // Too narrow for the chip: show it cut.
        let x0 = area.x + 1 + width(STRIP_LABEL) as u16;
        l.chips.push(ChipLayout {
            chip: k,
            rect: Rect {
                x: x0,
                y: area.y,
                width: right.saturating_sub(x0),
                height: 1,
            },
        });
        k += 1;
    }
    l.chips_right = chips.len() - k;
}

/// What is under a screen position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Nothing,
    /// A subnet box's title or border (item None) or one of its items.
    Subnet {
        col: usize,
        sub: usize,
        item: Option<usize>,
    },
    /// An AZ pane outside any box.
    Pane {
        col: usize,
    },
    Chip(usize),
    Strip,
    Details,
    /// The trace panel, at a row inside its border.
    Trace {
        row: usize,
    },
    /// The problems panel, at a row inside its border.
    Problems {
        row: usize,
    },
    /// A finder row.
    FinderRow(usize),
    Popup,
    Header,
    Footer,
}

/// Hit-test a position against the layout (the same one the views draw).
pub fn hit(app: &App, l: &Layout, x: u16, y: u16) -> Hit {
    let p = Position { x, y };
    if let Some(pop) = l.popup {
        if let Some(list) = l.finder_list
            && list.contains(p)
            && let Some(f) = &app.panels.finder
        {
            return Hit::FinderRow(f.scroll + (y - list.y) as usize);
        }
        return if pop.contains(p) {
            Hit::Popup
        } else {
            Hit::Nothing
        };
    }
    if l.too_small {
        return Hit::Nothing;
    }
    for pane in &l.panes {
        if pane.rect.contains(p) {
            for b in &pane.boxes {
                if b.rect.contains(p) {
                    let row = y as i32 - b.rect.y as i32 - 1;
                    let item = if row >= 0 {
                        match b.rows.get(row as usize) {
                            Some(ItemRow::Item(k)) => Some(*k),
                            _ => None,
                        }
                    } else {
                        None
                    };
                    return Hit::Subnet {
                        col: pane.col,
                        sub: b.sub,
                        item,
                    };
                }
            }
            return Hit::Pane { col: pane.col };
        }
    }
    for c in &l.chips {
        if c.rect.contains(p) {
            return Hit::Chip(c.chip);
        }
    }
    if l.strip.is_some_and(|s| s.contains(p)) {
        return Hit::Strip;
    }
    if l.details.is_some_and(|d| d.contains(p)) {
        return Hit::Details;
    }
    if let Some(r) = l.problems
        && r.contains(p)
    {
        return Hit::Problems {
            row: (y as usize).saturating_sub(r.y as usize + 1),
        };
    }
    if l.trace.contains(p) {
        return Hit::Trace {
            row: (y as usize).saturating_sub(l.trace.y as usize + 1),
        };
    }
    if l.header.contains(p) {
        return Hit::Header;
    }
    if l.footer.contains(p) {
        return Hit::Footer;
    }
    Hit::Nothing
}
