//! The command line (TRACE.md): argument definitions and one module per subcommand.
//! Each command returns an [`Exit`]; results go to stdout, errors to stderr.

pub mod args;
pub mod import;
pub mod output;
pub mod policy;
pub mod test;
pub mod trace;
pub mod validate;

use std::process::ExitCode;

use clap::Parser;

use output::{errln, out, outln};

pub use args::{Cli, Command};

/// Exit codes (TRACE.md): 0 allowed/valid/passed, 1 blocked/failed, 2 bad input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Failed = 1,
    BadInput = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::BadInput
            } else {
                Exit::Ok
            };
            let _ = e.print();
            return code.into();
        }
    };
    let code = run(cli);
    output::finish(code).into()
}

pub fn run(cli: Cli) -> Exit {
    match cli.command {
        Some(Command::Validate(a)) => validate::run(&a),
        Some(Command::Trace(a)) => trace::run(&a),
        Some(Command::Test(a)) => test::run(&a),
        Some(Command::Import(a)) => import::run(&a),
        Some(Command::Policy(args::PolicyCommand::Eval(a))) => policy::eval(&a),
        Some(Command::Schema) => {
            outln!("{}", crate::model::schema::SCHEMA.trim_end());
            Exit::Ok
        }
        Some(Command::GenModel { scale }) => {
            let mut spec = crate::testgen::Spec::LARGE;
            spec.accounts *= scale.max(1);
            out!("{}", crate::testgen::generate(&spec));
            Exit::Ok
        }
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            // Into memory first: clap_complete panics when its writer fails.
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "linkscope", &mut buf);
            out!("{}", String::from_utf8_lossy(&buf));
            Exit::Ok
        }
        None => explore(cli.model.as_deref()),
    }
}

/// `linkscope [MODEL]`: the explorer (or, without the `tui` feature, a summary).
#[cfg(feature = "tui")]
fn explore(model: Option<&std::path::Path>) -> Exit {
    match crate::tui::run(model) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            if let Some(le) = e.downcast_ref::<crate::model::LoadError>() {
                output::print_load_error(le);
            } else if e.downcast_ref::<crate::tui::NotATerminal>().is_some() {
                errln!("linkscope: {e}");
            } else {
                errln!("linkscope: {}", crate::text::escape(&format!("{e:#}")));
                return Exit::Failed;
            }
            Exit::BadInput
        }
    }
}

/// `linkscope [MODEL]` without the explorer: a summary of the model.
#[cfg(not(feature = "tui"))]
fn explore(model: Option<&std::path::Path>) -> Exit {
    validate::summary(model)
}
