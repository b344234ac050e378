//! What every explorer test does: press keys, type text, draw a screen.

use linkscope::tui::keymap::{message_for_key, parse_key};
use linkscope::tui::message::Message;
use linkscope::tui::{App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

/// Press keys: names separated by spaces (`s`, `Enter`, `Esc`, `C-c`, `S-Tab`, ...).
pub fn press(a: &mut App, keys: &str) {
    for k in keys.split_whitespace() {
        let ev = parse_key(k).unwrap_or_else(|| panic!("bad key {k}"));
        if let Some(m) = message_for_key(a, &ev) {
            update(a, m);
        }
    }
}

/// Type text, one key per character.
pub fn type_text(a: &mut App, s: &str) {
    for c in s.chars() {
        if let Some(m) = message_for_key(a, &KeyEvent::from(KeyCode::Char(c))) {
            update(a, m);
        }
    }
}

/// The screen at `w`x`h`, drawn through a terminal as the binary draws it.
pub fn draw(a: &mut App, w: u16, h: u16) -> String {
    update(a, Message::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, a)).unwrap();
    view::buffer_text(t.backend().buffer())
}

/// The screen at the app's own size, rendered straight into a buffer.
pub fn screen(a: &App) -> String {
    let area = Rect::new(0, 0, a.size.0, a.size.1);
    let mut buf = Buffer::empty(area);
    view::render(a, area, &mut buf);
    view::buffer_text(&buf)
}
