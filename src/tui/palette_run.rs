//! What choosing a row of the command palette does (its candidates: [`super::palette`]).

use super::palette::{Choice, choice, command_name};
use super::state::{App, Cursor, Panel};
use super::update::{ensure_visible, jump_to, switch_vpc, update};
use crate::model::ObjectRef;

/// Run the palette's choice: a command, a VPC's Availability Zone, or an object.
pub fn accept(app: &mut App, value: &str, object: Option<ObjectRef>) {
    match choice(value) {
        Choice::Command(i) => {
            let Some(b) = super::keymap::BINDINGS.get(i) else {
                return;
            };
            let (msg, name) = (b.msg.clone(), command_name(b.help));
            update(app, msg);
            if app.status.is_none() {
                app.status = Some(format!("{name} (key {} does it too)", b.label));
            }
        }
        Choice::Zone(v, zone) => {
            if v != app.map.view.vpc {
                switch_vpc(app, v);
            }
            let Some(col) = app.map.view.columns.iter().position(|c| c.zone == zone) else {
                return;
            };
            app.map.cursor = Cursor {
                col,
                sub: 0,
                item: None,
            };
            app.map.last_col = col;
            app.map.selected = app.map.view.object_at(app.map.cursor);
            app.panels.focus = Panel::Vpc;
            app.panels.top = Panel::Vpc;
            let id = &app.map.view.columns[col].zone_id;
            app.status = Some(format!(
                "{} ({}) in {}",
                crate::text::escape(&zone),
                crate::text::escape(id),
                crate::text::escape(&app.model.vpcs[v].id)
            ));
            ensure_visible(app);
        }
        Choice::Object => {
            if let Some(o) = object {
                jump_to(app, o);
            }
        }
    }
}
