//! `linkscope trace` (stub until the engine lands).
use super::{Exit, args::TraceArgs};
pub fn run(_a: &TraceArgs) -> Exit {
    eprintln!("trace: not built yet");
    Exit::BadInput
}
