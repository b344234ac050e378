//! `linkscope test MODEL... [--json]`: run every model's `expectations`.
//! One line per expectation (`PASS`/`FAIL`, from, to, expected, got), then exactly
//! `N passed, N failed`. Exit 0 when all hold, 1 when any fails, 2 on bad input.

use super::output::{color_stdout, print_load_error, write_out};
use super::{Exit, args::TestArgs};
use crate::engine;
use crate::report;

pub fn run(a: &TestArgs) -> Exit {
    let mut models = Vec::new();
    for path in &a.models {
        match crate::open::open(path) {
            Ok(m) => models.push((path.display().to_string(), m)),
            Err(e) => {
                print_load_error(&e);
                return Exit::BadInput;
            }
        }
    }
    let mut results = Vec::new();
    for (file, m) in &models {
        for r in engine::run_expectations(m) {
            results.push((file.clone(), r));
        }
    }
    let passed = results.iter().filter(|(_, r)| r.passed).count();
    let failed = results.len() - passed;
    if a.json {
        write_out(&format!("{}\n", report::expectations_json(&results)));
    } else {
        let color = color_stdout();
        for (file, r) in &results {
            write_out(&format!("{}\n", report::expectation_line(r, file, color)));
        }
        write_out(&format!("{}\n", report::summary_line(passed, failed)));
    }
    if failed == 0 { Exit::Ok } else { Exit::Failed }
}
