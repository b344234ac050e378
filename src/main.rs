//! linkscope's binary: parse the command line, run the mode, map the outcome to an exit code.
//! Everything else lives in the library (`linkscope::cli` for the commands).

use std::process::ExitCode;

fn main() -> ExitCode {
    linkscope::cli::main()
}
