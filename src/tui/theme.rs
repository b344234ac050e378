//! Styles, in one place. With `NO_COLOR` set, only bold, dim and reverse are used.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

use crate::engine::Status;

fn no_color() -> bool {
    static NC: OnceLock<bool> = OnceLock::new();
    *NC.get_or_init(|| std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
}

fn fg(c: Color) -> Style {
    if no_color() {
        Style::new()
    } else {
        Style::new().fg(c)
    }
}

pub fn text() -> Style {
    Style::new()
}
pub fn dim() -> Style {
    fg(Color::DarkGray).add_modifier(if no_color() {
        Modifier::DIM
    } else {
        Modifier::empty()
    })
}
pub fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
pub fn title() -> Style {
    fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
pub fn border(focused: bool) -> Style {
    if focused {
        fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        fg(Color::Gray)
    }
}
/// The cursor / selected row.
pub fn cursor(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}
/// What the selected trace step used.
pub fn highlight() -> Style {
    fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
/// Matched characters in the finder.
pub fn matched() -> Style {
    fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}
pub fn key() -> Style {
    fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
pub fn status(s: Status) -> Style {
    match s {
        Status::Pass => fg(Color::Green),
        Status::Fail => fg(Color::Red).add_modifier(Modifier::BOLD),
        Status::Warn => fg(Color::Yellow),
        Status::Info => fg(Color::Blue),
    }
}
pub fn allowed() -> Style {
    fg(Color::Green).add_modifier(Modifier::BOLD)
}
pub fn blocked() -> Style {
    fg(Color::Red).add_modifier(Modifier::BOLD)
}
/// A partial verdict: neither green nor red.
pub fn partial() -> Style {
    fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
pub fn error() -> Style {
    fg(Color::Red)
}
pub fn warning() -> Style {
    fg(Color::Yellow)
}
pub fn message() -> Style {
    fg(Color::Black)
        .bg(if no_color() {
            Color::Reset
        } else {
            Color::Yellow
        })
        .add_modifier(if no_color() {
            Modifier::REVERSED
        } else {
            Modifier::empty()
        })
}
