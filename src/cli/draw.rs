//! `linkscope draw MODEL [--vpc ID] [--format svg|dot|mermaid] [--trace SRC DST] [-o FILE]`:
//! the topology as a picture (`crate::draw`), to stdout or written atomically to FILE.
//! Exit 0 when drawn, 2 on bad input.

use super::output::{errln, open_or_report, write_out};
use super::{Exit, args::DrawArgs};
use crate::draw::{self, Format, Options};
use crate::text::escape;

pub fn run(a: &DrawArgs) -> Exit {
    let Some(model) = open_or_report(&a.model) else {
        return Exit::BadInput;
    };
    let trace = match a.trace.as_deref() {
        Some([from, to]) => match crate::engine::trace(&model, from, to, &Default::default()) {
            Ok(t) => Some(t),
            Err(e) => {
                errln!("error: --trace: {}", escape(&e.message));
                if let Some(h) = &e.help {
                    errln!("  help: {}", escape(h));
                }
                return Exit::BadInput;
            }
        },
        _ => None,
    };
    let format = Format::parse(&a.format).unwrap_or(Format::Svg);
    let opts = Options {
        vpc: a.vpc.as_deref(),
        trace: trace.as_ref(),
    };
    let text = match draw::draw(&model, format, &opts) {
        Ok(t) => t,
        Err(e) => {
            errln!("error: {}", crate::text::escape_multiline(&e));
            return Exit::BadInput;
        }
    };
    match &a.output {
        Some(path) => {
            if let Err(e) = super::import::write_atomically(path, text.as_bytes(), a.force) {
                let help = if e.kind() == std::io::ErrorKind::AlreadyExists {
                    "add --force to replace it"
                } else {
                    "check the folder's free space and permissions; nothing was changed"
                };
                errln!(
                    "error: cannot write `{}`: {e}\n  help: {help}",
                    escape(&path.display().to_string())
                );
                return Exit::BadInput;
            }
            errln!("wrote {}", escape(&path.display().to_string()));
        }
        None => write_out(&text),
    }
    Exit::Ok
}
