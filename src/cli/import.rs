//! `linkscope import DIR [-o MODEL]` (scaffolding until the import branch lands).
use super::{Exit, args::ImportArgs};
pub fn run(_a: &ImportArgs) -> Exit {
    eprintln!("import: not built yet");
    Exit::BadInput
}
