//! `linkscope test` (stub until the engine lands).
use super::{Exit, args::TestArgs};
pub fn run(_a: &TestArgs) -> Exit {
    eprintln!("test: not built yet");
    Exit::BadInput
}
