//! The `linkscope` binary as a user runs it, one test binary: commands, exit codes, JSON, output
//! escaping, files written only when asked, hostile files, the import command and the capture script.

mod capture_hybrid;
mod capture_org;
mod capture_script;
mod ci_formats;
mod cli_policy;
mod cli_shell;
mod cli_trace;
mod draw_cli;
mod draw_resolver;
mod hostile_files;
mod hostile_output;
mod import_cli;
mod import_inputs;
mod no_writes;
