//! The command line (TRACE.md): argument definitions and one module per subcommand.
//! Each command returns an [`Exit`]; results go to stdout, errors to stderr.

pub mod args;
pub mod capture;
pub mod diff;
pub mod draw;
pub mod import;
pub mod output;
pub mod policy;
pub mod reach;
pub mod rules;
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
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(exit) = misspelt_command(&args) {
        return exit.into();
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version: to stdout, a closed pipe is not an error.
                let _ = e.print();
                return Exit::Ok.into();
            }
            // clap echoes the user's words: escape control, bidi and invisible characters.
            errln!(
                "{}",
                crate::text::escape_multiline(e.render().to_string().trim_end())
            );
            return Exit::BadInput.into();
        }
    };
    output::set_color(cli.color);
    if let (Some(m), Some(_)) = (&cli.model, &cli.command) {
        errln!(
            "error: a MODEL (`{}`) before a command: the command comes first\n  help: e.g. `linkscope validate MODEL`, `linkscope trace MODEL --from SRC --to DST`",
            crate::text::escape(&m.display().to_string())
        );
        return Exit::BadInput.into();
    }
    let code = run(cli);
    output::finish(code).into()
}

/// `linkscope tarce model.yaml`: the first word is no command and no file, but close to a
/// command; clap would say "the subcommand 'model.yaml' cannot be used with '[MODEL]'".
fn misspelt_command(args: &[std::ffi::OsString]) -> Option<Exit> {
    use clap::CommandFactory;
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-') || std::path::Path::new(first).exists() {
        return None;
    }
    let cmd = Cli::command();
    // Hidden commands (`ids`, `gen-model`) run; they are only never suggested.
    if cmd.get_subcommands().any(|c| c.get_name() == first) {
        return None;
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    if names.iter().any(|n| n == first) {
        return None;
    }
    let s = crate::suggest::suggest(first, names.iter().map(String::as_str));
    let help = crate::suggest::did_you_mean(&s)?;
    errln!(
        "error: `{}` is not a linkscope command, nor a MODEL file or capture folder\n  help: {help}\n  (run `linkscope --help` for every command)",
        crate::text::escape(first)
    );
    Some(Exit::BadInput)
}

pub fn run(cli: Cli) -> Exit {
    output::set_json_errors(wants_json(&cli.command));
    match cli.command {
        Some(Command::Validate(a)) => validate::run(&a),
        Some(Command::Trace(a)) => trace::run(&a),
        Some(Command::Test(a)) => test::run(&a),
        Some(Command::Import(a)) => import::run(&a),
        Some(Command::Policy(args::PolicyCommand::Eval(a))) => policy::eval(&a),
        Some(Command::Rules(a)) => rules::run(&a),
        Some(Command::Reach(a)) => reach::run(&a),
        Some(Command::Diff(a)) => diff::run(&a),
        Some(Command::Draw(a)) => draw::run(&a),
        Some(Command::CaptureScript) => capture::run(),
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
            if shell == clap_complete::Shell::Bash {
                out!("{BASH_IDS}");
            }
            Exit::Ok
        }
        Some(Command::Man) => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                Ok(()) => {
                    out!("{}", String::from_utf8_lossy(&buf));
                    Exit::Ok
                }
                Err(e) => {
                    errln!("error: cannot render the manual page: {e}");
                    Exit::Failed
                }
            }
        }
        Some(Command::Ids { model }) => {
            let Some(m) = output::open_or_report(&model) else {
                return Exit::BadInput;
            };
            let mut ids: Vec<&str> = m.ids().collect();
            ids.sort_unstable();
            for id in ids {
                outln!("{}", crate::text::escape(id));
            }
            Exit::Ok
        }
        None => explore(cli.model.as_deref(), cli.teach),
    }
}

/// Appended to the bash completions: after --from, --to, --vpc or --trace, the ids of the first
/// MODEL file or folder on the line (from the hidden `linkscope ids MODEL`); anything else goes
/// to clap's completion function.
const BASH_IDS: &str = r#"
_linkscope_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" model="" w
    case "$prev" in
        --from|--to|--vpc|--trace)
            for w in "${COMP_WORDS[@]:2:COMP_CWORD-2}"; do
                if [[ "$w" != -* && ( -f "$w" || -d "$w" ) ]]; then model="$w"; break; fi
            done
            if [[ -n "$model" ]]; then
                local IFS=$'\n'
                COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" ids "$model" 2>/dev/null)" -- "$cur") )
                return 0
            fi
            ;;
    esac
    _linkscope "$@"
}
complete -F _linkscope_ids -o bashdefault -o default linkscope
"#;

/// Whether the command's result is JSON, so its errors should be too.
fn wants_json(c: &Option<Command>) -> bool {
    let json_format = |f: &Option<String>| f.as_deref() == Some("json");
    match c {
        Some(Command::Validate(a)) => a.json,
        Some(Command::Trace(a)) => a.json || json_format(&a.format),
        Some(Command::Test(a)) => a.json || json_format(&a.format),
        Some(Command::Reach(a)) => a.json,
        Some(Command::Diff(a)) => a.json,
        Some(Command::Rules(a)) => a.json,
        Some(Command::Policy(args::PolicyCommand::Eval(a))) => a.json,
        _ => false,
    }
}

/// `linkscope [MODEL]`: the explorer (or, without the `tui` feature, a summary).
#[cfg(feature = "tui")]
fn explore(model: Option<&std::path::Path>, teach: bool) -> Exit {
    match crate::tui::run(model, teach) {
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
fn explore(model: Option<&std::path::Path>, _teach: bool) -> Exit {
    validate::summary(model)
}
