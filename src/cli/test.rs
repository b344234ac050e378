//! `linkscope test MODEL... [--json] [--format junit|sarif|github]`: run every model's
//! `expectations` (the CI formats are `crate::ci`).
//! One line per expectation (`PASS`/`FAIL`, from, to, expected, got), then exactly
//! `N passed, N failed`. Exit 0 when all hold, 1 when any fails, 2 on bad input (every model
//! is loaded before the first line). The text lines stream: each is printed as its
//! expectation is traced, and the trace dropped; `--json` collects them into one document.

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
    let format = a
        .format
        .as_deref()
        .unwrap_or(if a.json { "json" } else { "text" });
    if format != "text" {
        // One document: every result is needed before it is written.
        let mut results = Vec::new();
        for (file, m) in &models {
            for r in engine::run_expectations(m) {
                results.push((file.clone(), r));
            }
        }
        let failed = results.iter().filter(|(_, r)| !r.passed).count();
        write_out(&match format {
            "junit" => crate::ci::junit(&results),
            "sarif" => format!("{}\n", crate::ci::sarif(&results)),
            "github" => crate::ci::github(&results),
            _ => format!("{}\n", report::expectations_json(&results)),
        });
        return if failed == 0 { Exit::Ok } else { Exit::Failed };
    }
    // Text: each expectation's line as soon as it is traced; its trace is dropped at once, so
    // a model with many expectations never holds more than one trace.
    let color = color_stdout();
    let (mut passed, mut failed) = (0, 0);
    for (file, m) in &models {
        for x in &m.expectations {
            let r = x.run(m);
            if r.passed {
                passed += 1;
            } else {
                failed += 1;
            }
            write_out(&format!("{}\n", report::expectation_line(&r, file, color)));
        }
    }
    write_out(&format!("{}\n", report::summary_line(passed, failed)));
    if failed == 0 { Exit::Ok } else { Exit::Failed }
}
