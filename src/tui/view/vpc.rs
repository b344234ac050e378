//! The VPC view: one pane per Availability Zone, a box per subnet with what is in it, and the
//! VPC-wide strip (gateway endpoints and the route tables they are in, gateways, peerings).
//!
//! ```text
//! ┏ us-east-1a · use1-az1 ━━━━━━━━━━━━━━━━┓┌ us-east-1b · use1-az2 ─────────────────┐
//! ┃┌ app-a 10.0.1.0/24 ── rtb-app ───────┐┃│┌ app-b 10.0.2.0/24 ── rtb-app ────────┐│
//! ┃│ ◆ i-app-a               10.0.1.10   │┃││ ◆ i-app-b               10.0.2.10    ││
//! ┃│▶▣ vpce-ssm              10.0.1.100  │┃││ ▣ vpce-ssm              10.0.2.100   ││
//! ┃└─────────────────────────────────────┘┃│└──────────────────────────────────────┘│
//!  VPC-wide: ⊕ igw-main · ◈ vpce-s3 s3 → rtb-app · ▣ vpce-ssm ssm (private DNS)
//! ```
//! ◆ instance, ▣ endpoint network interface, ⇄ NAT gateway, ▤ load balancer node of an
//! endpoint service, ⇥ resource gateway (its address in that subnet); ◈ gateway endpoint, ⊕ internet gateway, ⊗ transit or VPN gateway,
//! ⇆ peering. `▶` marks what the selected trace step used.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::{focused, panel, panel_with, put, put_right, put_segs, style_row};
use crate::model::{ObjectRef, Subnet};
use crate::text::{escape, escape_cow, width};
use crate::tui::layout::{BoxLayout, CHIP_SEP, ItemRow, Layout, STRIP_LABEL};
use crate::tui::state::{App, Item, Panel, SubnetEntry};
use crate::tui::theme;

pub fn render(app: &App, l: &Layout, buf: &mut Buffer) {
    let focus = focused(app, Panel::Vpc);
    if app.map.view.columns.is_empty()
        && let Some(r) = l.vpc
    {
        let inner = panel(buf, r, "VPC", focus);
        let msg = if app.has_vpc() {
            "this VPC has no subnets"
        } else {
            "this model has no VPC"
        };
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            msg,
            theme::dim(),
        );
    }
    let last = l.panes.len().saturating_sub(1);
    for (k, pane) in l.panes.iter().enumerate() {
        let col = &app.map.view.columns[pane.col];
        let mut title = vec![Span::raw(" ")];
        if k == 0 && l.cols_left > 0 {
            title.push(Span::styled(format!("◂{} ", l.cols_left), theme::key()));
        }
        if let Some((mark, st)) = super::partial::zone_mark(app, &col.zone_id) {
            title.push(Span::styled(mark, st));
        }
        title.push(Span::styled(escape(&col.zone), theme::title()));
        if !col.zone_id.is_empty() {
            title.push(Span::styled(
                format!(" · {}", escape(&col.zone_id)),
                theme::dim(),
            ));
        }
        if k == last && l.cols_right > 0 {
            title.push(Span::styled(format!(" {}▸", l.cols_right), theme::key()));
        }
        title.push(Span::raw(" "));
        let pane_focus = focus && app.map.cursor.col == pane.col;
        let inner = panel_with(buf, pane.rect, Line::from(title), pane_focus);
        // The map filter (F): said on the first pane's bottom border, and in a pane it empties.
        if !app.map.filter.is_empty() {
            if col.subnets.is_empty() {
                put(
                    buf,
                    inner.x + 1,
                    inner.y,
                    inner.width.saturating_sub(1),
                    "no subnet here matches the filter",
                    theme::dim(),
                );
            }
            if k == 0 {
                let f = format!(" filter “{}” · Esc clears ", escape(&app.map.filter));
                put(
                    buf,
                    pane.rect.x + 1,
                    pane.rect.bottom() - 1,
                    pane.rect.width.saturating_sub(2),
                    &f,
                    theme::key(),
                );
            }
        }
        if pane.above > 0 {
            put_right(
                buf,
                pane.rect.right() - 1,
                pane.rect.x + 1,
                pane.rect.y,
                &format!(" ▲{} ", pane.above),
                theme::key(),
            );
        }
        if pane.below > 0 {
            put_right(
                buf,
                pane.rect.right() - 1,
                pane.rect.x + 1,
                pane.rect.bottom() - 1,
                &format!(" ▼{} more ", pane.below),
                theme::key(),
            );
        }
        for b in &pane.boxes {
            subnet_box(app, pane.col, b, focus, buf);
        }
    }
    if let Some(s) = l.strip {
        strip(app, l, s, focus, buf);
    }
    if let Some(r) = l.reach_bar {
        put_segs(
            buf,
            r.x + 1,
            r.y,
            r.width.saturating_sub(1),
            &app.reach.legend(),
        );
    }
}

/// One subnet's box: its border, its title line, its IPv6 /64 on the bottom border, and a row
/// per thing inside it.
fn subnet_box(app: &App, col: usize, b: &BoxLayout, focus: bool, buf: &mut Buffer) {
    let entry = &app.map.view.columns[col].subnets[b.sub];
    let sb = SubnetBox {
        app,
        entry,
        s: &app.model.subnets[entry.subnet],
        b,
        at_subnet: app.map.cursor.col == col && app.map.cursor.sub == b.sub,
        hl: app.map.highlight.contains(&ObjectRef::Subnet(entry.subnet)),
        focus,
    };
    if !app.map.compact {
        Block::new()
            .borders(Borders::ALL)
            .border_style(sb.border())
            .render(b.rect, buf);
    }
    sb.title(buf);
    sb.ipv6_border(buf);
    sb.rows(buf);
}

/// What the parts of one subnet box read: the subnet, its box, whether the cursor is on it and
/// whether the selected step used it.
struct SubnetBox<'a> {
    app: &'a App,
    entry: &'a SubnetEntry,
    s: &'a Subnet,
    b: &'a BoxLayout,
    at_subnet: bool,
    hl: bool,
    focus: bool,
}

impl SubnetBox<'_> {
    /// The box border's style: lit when the selected step used the subnet, focused under the cursor.
    fn border(&self) -> Style {
        if self.hl {
            theme::highlight()
        } else if self.at_subnet && self.focus {
            theme::border(true)
        } else {
            theme::border(false)
        }
    }

    /// The title line on the top border (or the whole line in the compact map).
    fn title(&self, buf: &mut Buffer) {
        let (app, s, b, hl) = (self.app, self.s, self.b, self.hl);
        let compact = app.map.compact;
        // Title: name cidr ── rtb (· acl when the step used it). In the compact map the title is
        // the whole line, with a count of what the subnet holds.
        let held = self.entry.items.len();
        let count = if compact && held > 0 {
            format!(" [{held}]")
        } else {
            String::new()
        };
        let name = if s.name.is_empty() { &s.id } else { &s.name };
        let name_style = if self.at_subnet && app.map.cursor.item.is_none() {
            theme::cursor(self.focus)
        } else if hl {
            theme::highlight()
        } else {
            theme::bold()
        };
        let (table, table_style, lit) = self.table();
        // A long name or id gives way first, cut in the middle; the table is cut last.
        // The compact line names the table only while a step uses it.
        let (cidr, table) = if !compact {
            (format!(" {} ── ", s.cidr), table)
        } else if lit {
            (format!(" {} ", s.cidr), table)
        } else {
            (format!(" {}", s.cidr), String::new())
        };
        // No border in the compact map: the line is the whole width, and the CIDR may be cut.
        let (tx, tw) = if compact {
            (b.rect.x, b.rect.width)
        } else {
            (b.rect.x + 1, b.rect.width.saturating_sub(2))
        };
        let others = if compact {
            1 + width(&count)
        } else {
            2 + width(&cidr) + width(&table)
        };
        let room = (tw as usize).saturating_sub(others).max(12);
        // A dual-stack subnet's IPv6 /64: in the compact map after the IPv4 CIDR when the whole
        // line still fits (else left out); in boxes on the bottom border (below).
        let v6 = match s.ipv6_cidr {
            Some(c)
                if compact
                    && 2 + width(&escape(name))
                        + width(&count)
                        + width(&cidr)
                        + width(&table)
                        + 1
                        + c.to_string().len()
                        <= tw as usize =>
            {
                // `name cidr v6 table`: the CIDR's trailing space moves after the /64.
                format!(" {c}{}", if lit { " " } else { "" })
            }
            _ => String::new(),
        };
        let cidr = if v6.is_empty() {
            cidr
        } else {
            cidr.trim_end().to_string()
        };
        let room = room.saturating_sub(width(&v6)).max(12);
        // An id is cut in the middle (its end tells ids apart); a name is words, cut at the end,
        // never after its first word.
        let name = if s.name.is_empty() {
            crate::tui::ids::shorten(&escape(name), room).into_owned()
        } else {
            crate::text::truncate(&escape(name), room).into_owned()
        };
        let segs = vec![
            (
                if lit {
                    "▶".to_string()
                } else {
                    " ".to_string()
                },
                theme::highlight(),
            ),
            (name, name_style),
            (count, theme::text()),
            (cidr, theme::dim()),
            (v6, theme::dim()),
            (table, table_style),
            (" ".into(), Style::new()),
        ];
        put_segs(buf, tx, b.rect.y, tw, &segs);
    }

    /// The table the title names and its style, and whether the title is lit (▶): the route
    /// table; the network ACL instead while a step uses it.
    fn table(&self) -> (String, Style, bool) {
        let (app, s, hl) = (self.app, self.s, self.hl);
        let m = &app.model;
        // A table or ACL lights only the subnet the step used, never every subnet sharing it.
        let hl_rtb = hl
            && app
                .map
                .highlight
                .contains(&ObjectRef::RouteTable(s.route_table));
        let hl_acl = hl
            && app
                .map
                .highlight
                .contains(&ObjectRef::NetworkAcl(s.network_acl));
        let (table, table_style) = if hl_acl && hl && !hl_rtb {
            let acl = &m.network_acls[s.network_acl];
            let id = if acl.implicit {
                "default ACL".to_string()
            } else {
                escape(&acl.id)
            };
            (id, theme::highlight())
        } else {
            let rt = &m.route_tables[s.route_table];
            let id = if rt.implicit {
                "main".to_string()
            } else {
                escape(&rt.id)
            };
            (
                id,
                if hl_rtb {
                    theme::highlight()
                } else {
                    theme::text()
                },
            )
        };
        (table, table_style, hl || hl_rtb)
    }

    /// A box's bottom border carries the subnet's IPv6 /64 when it fits: `└ 2600:…::/64 ──┘`.
    fn ipv6_border(&self, buf: &mut Buffer) {
        let b = self.b;
        if !self.app.map.compact
            && let Some(c) = self.s.ipv6_cidr
            && b.rect.height >= 2
        {
            let text = format!(" {c} ");
            if width(&text) + 3 <= b.rect.width as usize {
                put(
                    buf,
                    b.rect.x + 1,
                    b.rect.bottom() - 1,
                    b.rect.width.saturating_sub(2),
                    &text,
                    theme::dim(),
                );
            }
        }
    }

    /// The rows under the title, while the box has room: an item each, `+N more`, or
    /// `(nothing inside)`.
    fn rows(&self, buf: &mut Buffer) {
        let b = self.b;
        let x = b.rect.x + 1;
        // One column of air on the right.
        let w = b.rect.width.saturating_sub(3);
        for (i, row) in b.rows.iter().enumerate() {
            let y = b.rect.y + 1 + i as u16;
            if y >= b.rect.bottom() - 1 {
                break;
            }
            match *row {
                ItemRow::Empty => {
                    put(
                        buf,
                        x + 2,
                        y,
                        w.saturating_sub(2),
                        "(nothing inside)",
                        theme::dim(),
                    );
                }
                ItemRow::More(n) => {
                    put(
                        buf,
                        x + 2,
                        y,
                        w.saturating_sub(2),
                        &format!("+{n} more"),
                        theme::dim(),
                    );
                }
                ItemRow::Item(k) => self.item_row(k, x, y, w, buf),
            }
        }
    }

    /// The row of the subnet's k-th item at (x, y), w wide: its badge, glyph, label, a dim extra
    /// when it fits, and its address (after the trace's hops) on the right.
    fn item_row(&self, k: usize, x: u16, y: u16, w: u16, buf: &mut Buffer) {
        let (app, focus) = (self.app, self.focus);
        let item = self.entry.items[k];
        let (glyph, label, extra, ip) = item_text(app, item);
        // The trace's hops that used this item, before its address: `#1,4`.
        let ip = match app.lines.hops.get(&item) {
            Some(h) => format!("{h} {ip}"),
            None => ip,
        };
        let on_cursor = self.at_subnet && app.map.cursor.item == Some(k);
        let lit = item_highlighted(app, item);
        let style = if on_cursor {
            theme::cursor(focus)
        } else if lit {
            theme::highlight()
        } else {
            theme::text()
        };
        if on_cursor {
            style_row(buf, x, y, w, style);
        }
        // The path's badges, whatever step is selected: ✗ where the packet was
        // stopped, S and D on the source and the destination; else ▶ when the
        // selected step used the item.
        let (mark, mark_style) = match path_badge(app, item) {
            Some(Badge::Blocked) => ("✗", theme::blocked()),
            Some(Badge::Source) => ("S", theme::highlight()),
            Some(Badge::Destination) => ("D", theme::highlight()),
            None if lit => ("▶", theme::highlight()),
            // The reach's verdict for this source (R).
            None => match crate::tui::reach::shade(app, item.object()) {
                Some(s) => (s.mark(), s.style()),
                None => (" ", theme::highlight()),
            },
        };
        let glyph_style = match crate::tui::reach::shade(app, item.object()) {
            Some(s) if !on_cursor => s.style(),
            _ => style,
        };
        put(buf, x, y, w, mark, mark_style);
        let used = 1 + put(
            buf,
            x + 1,
            y,
            w.saturating_sub(1),
            &format!("{glyph} "),
            glyph_style,
        );
        // A dual-stack item's IPv6 address after its IPv4 one, when the row holds both next
        // to the whole label and extra (else the IPv4 alone, as before).
        let ip = match item_ipv6(app, item) {
            Some(v6) => {
                let both = format!("{ip}  {v6}");
                let extra_w = if extra.is_empty() {
                    0
                } else {
                    2 + width(&extra)
                };
                let need = used as usize + width(&label) + extra_w + 1 + width(&both);
                if need <= w as usize { both } else { ip }
            }
            None => ip,
        };
        let ipw = width(&ip) as u16;
        let lw = w.saturating_sub(used + ipw + 1);
        let lab = crate::tui::ids::shorten(&label, lw as usize);
        let lu = put(buf, x + used, y, lw, &lab, style);
        // The extra, when it fits whole.
        if !extra.is_empty() && (lu as usize) + 2 + width(&extra) <= lw as usize {
            let st = if on_cursor { style } else { theme::dim() };
            put(buf, x + used + lu + 2, y, lw - lu - 2, &extra, st);
        }
        if w > used + ipw {
            put_right(
                buf,
                x + w,
                x + used,
                y,
                &ip,
                if on_cursor { style } else { theme::dim() },
            );
        }
    }
}

/// The IPv6 address of a dual-stack instance or endpoint interface.
fn item_ipv6(app: &App, item: Item) -> Option<std::net::Ipv6Addr> {
    let m = &app.model;
    match item {
        Item::Instance(i) => m.instances[i].ipv6,
        Item::Eni(e, k) => m.endpoints[e].eni_ipv6(&m.subnets, k),
        _ => None,
    }
}

/// Glyph, label (escaped), a dim extra shown when there is room (name, service), and the
/// address of an item.
pub fn item_text(app: &App, item: Item) -> (&'static str, String, String, String) {
    let m = &app.model;
    match item {
        Item::Instance(i) => {
            let x = &m.instances[i];
            let name = if x.name.is_empty() || x.name == x.id {
                String::new()
            } else {
                escape(&x.name)
            };
            ("◆", escape(&x.id), name, x.ip.to_string())
        }
        Item::Eni(e, k) => {
            let ep = &m.endpoints[e];
            let ip = ep.enis.get(k).map(|n| n.ip.to_string()).unwrap_or_default();
            let region = &m.vpcs[ep.vpc].region;
            let extra = match ep.kind {
                crate::model::EndpointKind::InstanceConnect => "instance connect".to_string(),
                _ => escape(&crate::tui::state::service_short(m, &ep.target, region)),
            };
            ("▣", escape(&ep.id), extra, ip)
        }
        Item::Nat(g) => {
            let gw = &m.gateways[g];
            let public = gw
                .public_ip
                .map(|p| format!("NAT, public {p}"))
                .unwrap_or_else(|| "NAT".into());
            (
                "⇄",
                escape(&gw.id),
                public,
                gw.ip.map(|i| i.to_string()).unwrap_or_default(),
            )
        }
        Item::LbNode(s, k) => {
            let svc = &m.endpoint_services[s];
            let ip = svc
                .load_balancer
                .node_ips
                .get(k)
                .map(|i| i.to_string())
                .unwrap_or_default();
            ("▤", escape(&svc.id), "load balancer node".into(), ip)
        }
        Item::ResourceGw(g, k) => {
            let gw = &m.resource_gateways[g];
            let ip = gw.ips.get(k).map(|i| i.to_string()).unwrap_or_default();
            ("⇥", escape(&gw.id), "resource gateway".into(), ip)
        }
    }
}

/// Did the selected step use this item? For an endpoint's interface, only the one whose
/// address or AZ ID the step names (all of them when it names none).
/// What an item is on the current trace's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    /// The step that stopped the packet used it.
    Blocked,
    Source,
    Destination,
}

/// The badge of an item on the current trace's path (pure: read from the trace).
pub fn path_badge(app: &App, item: Item) -> Option<Badge> {
    use crate::engine::{Status, StepKind};
    let t = app.run.trace.as_ref()?;
    if super::partial::blocked_interface(app, item) {
        return Some(Badge::Blocked);
    }
    if let Some(f) = t.steps.iter().find(|s| s.status == Status::Fail)
        && f.kind != StepKind::Source
        && crate::tui::lines::step_names_item(app, f, item)
    {
        return Some(Badge::Blocked);
    }
    if let Some(s) = t.steps.first()
        && s.kind == StepKind::Source
        && s.objects.first().map(String::as_str) == Some(app.model.id_of(item.object()))
    {
        return Some(Badge::Source);
    }
    if let Some(d) = t.steps.last()
        && d.kind == StepKind::Delivery
        && d.status != Status::Fail
        && crate::tui::lines::step_names_item(app, d, item)
    {
        return Some(Badge::Destination);
    }
    None
}

pub fn item_highlighted(app: &App, item: Item) -> bool {
    if !app.map.highlight.contains(&item.object()) {
        return false;
    }
    match item {
        Item::Eni(e, k) => {
            let ep = &app.model.endpoints[e];
            // By its IPv4 or (dual-stack) IPv6 address, or its AZ ID.
            let named = |j: usize| {
                let n = &ep.enis[j];
                let h = &app.map.highlight_addrs;
                h.contains(&n.ip.to_string())
                    || h.contains(&n.zone_id)
                    || ep
                        .eni_ipv6(&app.model.subnets, j)
                        .is_some_and(|a| h.contains(&a.to_string()))
            };
            if !(0..ep.enis.len()).any(named) {
                return true;
            }
            k < ep.enis.len() && named(k)
        }
        _ => true,
    }
}

fn strip(app: &App, l: &Layout, r: Rect, focus: bool, buf: &mut Buffer) {
    put(
        buf,
        r.x + 1,
        r.y,
        r.width.saturating_sub(1),
        STRIP_LABEL,
        theme::dim(),
    );
    let in_strip = app.map.cursor.col == app.map.view.strip_col();
    for (i, c) in l.chips.iter().enumerate() {
        let chip = &app.map.view.strip[c.chip];
        let style = if in_strip && app.map.cursor.sub == c.chip {
            theme::cursor(focus)
        } else if app.map.highlight.contains(&chip.object) {
            theme::highlight()
        } else {
            theme::text()
        };
        let label = crate::tui::ids::shorten(&chip.label, c.rect.width as usize);
        put(
            buf,
            c.rect.x,
            c.rect.y,
            c.rect.width,
            &escape_cow(&label),
            style,
        );
        // ✗ in place of the glyph on the object that stopped the packet.
        if super::partial::chip_blocked(app, chip.object) {
            put(buf, c.rect.x, c.rect.y, 1, "✗", theme::blocked());
        }
        if let Some(next) = l.chips.get(i + 1)
            && next.rect.y == c.rect.y
        {
            put(
                buf,
                c.rect.right() + 1,
                c.rect.y,
                CHIP_SEP - 1,
                "·",
                theme::dim(),
            );
        }
    }
    if l.chips_right > 0 {
        let y = l.chips.last().map(|c| c.rect.y).unwrap_or(r.y);
        put_right(
            buf,
            r.right(),
            r.x,
            y,
            &format!(" +{} ▸", l.chips_right),
            theme::key(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::message::Message;
    use crate::tui::update::update;

    fn app_with(model: &str, from: &str, to: &str) -> App {
        let path = std::path::PathBuf::from(format!("{}/{model}", env!("CARGO_MANIFEST_DIR")));
        let mut a = crate::tui::load_app(Some(&path)).expect("loads");
        update(&mut a, Message::Resize(120, 40));
        let m = &a.model;
        let t = crate::engine::trace(m, from, to, &Default::default()).expect("traced");
        a.request.source = Some(from.into());
        a.request.destination = Some(to.into());
        a.run.trace = Some(t);
        crate::tui::update::set_step(&mut a, 0);
        a
    }

    fn screen(a: &App) -> String {
        let area = Rect::new(0, 0, a.size.0, a.size.1);
        let mut buf = Buffer::empty(area);
        crate::tui::view::render(a, area, &mut buf);
        crate::tui::view::buffer_text(&buf)
    }

    #[test]
    fn the_path_carries_source_destination_and_blocking_badges() {
        // Allowed: S on the client, D on the endpoint interface it reached.
        let a = app_with(
            "samples/cross-account-privatelink.yaml",
            "i-cons-b",
            "https://api.partner.example.com",
        );
        let s = screen(&a);
        assert!(s.contains("S◆ i-cons-b"), "{s}");
        assert!(s.contains("D▣ vpce-partner "), "{s}");
        // Of the provider's two load balancer nodes, only the one used is the destination.
        let svc = a
            .model
            .endpoint_services
            .iter()
            .position(|s| s.id == "vpce-svc-0partner")
            .unwrap();
        let nodes = a.model.endpoint_services[svc].load_balancer.subnets.len();
        assert_eq!(nodes, 2);
        let dests = (0..nodes)
            .filter(|&k| path_badge(&a, Item::LbNode(svc, k)) == Some(Badge::Destination))
            .count();
        assert_eq!(dests, 1, "only the node used is the destination");
        // Blocked by the endpoint interface's own group: ✗ on that interface.
        let a = app_with("tests/models/trace/fidelity.yaml", "i-c", "vpce-svc-order");
        let a = {
            let mut a = a;
            let opts = crate::engine::QueryOptions {
                port: Some(8443),
                ..Default::default()
            };
            a.run.trace =
                Some(crate::engine::trace(&a.model, "i-c", "vpce-svc-order", &opts).unwrap());
            crate::tui::update::set_step(&mut a, 0);
            a
        };
        assert_eq!(
            a.run.trace.as_ref().unwrap().reason_code(),
            Some("SG_INBOUND_DENY")
        );
        let s = screen(&a);
        assert!(s.contains("✗▣ vpce-order"), "{s}");
        assert!(s.contains("S◆ i-c "), "{s}");
    }

    #[test]
    fn a_route_step_lights_the_subnet_it_used_not_every_subnet_of_the_table() {
        // sn-c-a, sn-c-b and sn-c-c share rtb-c; the route step is the source subnet's.
        let mut a = app_with("tests/models/trace/fidelity.yaml", "i-c", "10.0.3.10:22");
        let k = a
            .run
            .trace
            .as_ref()
            .unwrap()
            .steps
            .iter()
            .position(|s| s.kind == crate::engine::StepKind::Route)
            .unwrap();
        crate::tui::update::set_step(&mut a, k);
        let s = screen(&a);
        assert!(s.contains("┌▶sn-c-a"), "{s}");
        assert!(
            s.contains("┌ sn-c-b"),
            "the other subnets of rtb-c stay dark:\n{s}"
        );
    }
}
