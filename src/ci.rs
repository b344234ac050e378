//! `linkscope test --format junit|sarif|github`: expectation results for CI systems, each
//! failure located at its expectation's file and line. JUnit XML (one test suite per model
//! file, one test case per expectation), SARIF 2.1.0 (one result per failed expectation, rule
//! `linkscope/expectation`) and GitHub Actions workflow commands (`::error file=…,line=…::`).
//! Pure: results in, text out.

use serde_json::json;

use crate::engine::ExpectationResult;
use crate::report::expected_and_got;
use crate::text::escape;

/// One result with the model file it came from.
pub type Run = (String, ExpectationResult);

fn case_name(r: &ExpectationResult) -> String {
    match &r.name {
        Some(n) => format!("{n}: {} → {}", r.from, r.to),
        None => format!("{} → {}", r.from, r.to),
    }
}

/// The failure in one sentence: expected, got, what did not match.
fn failure_message(r: &ExpectationResult) -> String {
    let (expected, got) = expected_and_got(r);
    let mut s = format!("{} → {}: expected {expected}, got {got}", r.from, r.to);
    if !r.mismatch.is_empty() {
        s.push_str(&format!(" ({})", r.mismatch.join("; ")));
    }
    s
}

fn xml(s: &str) -> String {
    escape(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: `<testsuites>` with one `<testsuite>` per model file; a failed expectation has a
/// `<failure>`, one that could not be traced an `<error>`.
pub fn junit(runs: &[Run]) -> String {
    let failures = |rs: &[&Run]| {
        rs.iter()
            .filter(|(_, r)| !r.passed && r.error.is_none())
            .count()
    };
    let errors = |rs: &[&Run]| rs.iter().filter(|(_, r)| r.error.is_some()).count();
    let all: Vec<&Run> = runs.iter().collect();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"linkscope test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
        runs.len(),
        failures(&all),
        errors(&all)
    );
    let mut files: Vec<&str> = Vec::new();
    for (f, _) in runs {
        if !files.contains(&f.as_str()) {
            files.push(f);
        }
    }
    for file in files {
        let rs: Vec<&Run> = runs.iter().filter(|(f, _)| f == file).collect();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
            xml(file),
            rs.len(),
            failures(&rs),
            errors(&rs)
        ));
        for (f, r) in rs {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                xml(&case_name(r)),
                xml(f),
                xml(f),
                r.line
            ));
            match (&r.error, r.passed) {
                (_, true) => out.push_str("/>\n"),
                (Some(e), false) => out.push_str(&format!(
                    ">\n      <error message=\"{}\">{}:{}</error>\n    </testcase>\n",
                    xml(e),
                    xml(f),
                    r.line
                )),
                (None, false) => out.push_str(&format!(
                    ">\n      <failure message=\"{}\">{}:{}</failure>\n    </testcase>\n",
                    xml(&failure_message(r)),
                    xml(f),
                    r.line
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// SARIF 2.1.0: one run of the tool `linkscope`, one `error` result per failed expectation at
/// its file and line (no region when the line is unknown).
pub fn sarif(runs: &[Run]) -> String {
    let results: Vec<serde_json::Value> = runs
        .iter()
        .filter(|(_, r)| !r.passed)
        .map(|(f, r)| {
            let mut loc = json!({ "artifactLocation": { "uri": f } });
            if r.line > 0 {
                loc["region"] = json!({ "startLine": r.line });
            }
            let text = match &r.error {
                Some(e) => format!("{} → {}: cannot be traced: {e}", r.from, r.to),
                None => failure_message(r),
            };
            json!({
                "ruleId": "linkscope/expectation",
                "level": "error",
                "message": { "text": escape(&text) },
                "locations": [ { "physicalLocation": loc } ]
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "linkscope",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": [{
                    "id": "linkscope/expectation",
                    "shortDescription": { "text": "An expectation of the model does not hold" }
                }]
            }},
            "results": results
        }]
    });
    crate::text::json_safe(serde_json::to_string_pretty(&doc).unwrap_or_default())
}

/// GitHub Actions workflow commands: an `::error` annotation per failed expectation at its
/// line, then the `N passed, N failed` line.
pub fn github(runs: &[Run]) -> String {
    // Workflow command escaping: data escapes %, CR, LF; properties also `:` and `,`.
    fn data(s: &str) -> String {
        escape(s)
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn prop(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for (f, r) in runs.iter().filter(|(_, r)| !r.passed) {
        let msg = match &r.error {
            Some(e) => format!("{} → {}: cannot be traced: {e}", r.from, r.to),
            None => failure_message(r),
        };
        let line = if r.line > 0 {
            format!(",line={}", r.line)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "::error file={}{line},title={}::{}\n",
            prop(f),
            prop(&format!("linkscope expectation {}", case_name(r))),
            data(&msg)
        ));
    }
    let failed = runs.iter().filter(|(_, r)| !r.passed).count();
    out.push_str(&crate::report::summary_line(runs.len() - failed, failed));
    out.push('\n');
    out
}
