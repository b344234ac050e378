//! The explorer, one test binary: the update step, snapshots of its screens, and the real binary
//! in tmux.

mod common;
mod tui_dualstack;
mod tui_overview;
mod tui_palette;
mod tui_request;
mod tui_snapshots;
mod tui_tmux;
mod tui_update;
