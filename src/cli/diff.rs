//! `linkscope diff OLD NEW`: objects changed and verdicts changed. Exit 0 when no verdict
//! changed, 1 when one did (a pull-request check), 2 on bad input.

use super::output::{open_or_report, write_out};
use super::{Exit, args::DiffArgs};

pub fn run(a: &DiffArgs) -> Exit {
    let mut models = Vec::new();
    for p in [&a.old, &a.new] {
        match open_or_report(p) {
            Some(m) => models.push(m),
            None => return Exit::BadInput,
        }
    }
    let d = if a.full {
        crate::diff::diff_full(&models[0], &models[1])
    } else {
        crate::diff::diff(&models[0], &models[1])
    };
    if a.json {
        write_out(&format!(
            "{}\n",
            crate::text::json_safe(serde_json::to_string_pretty(&d).unwrap_or_default())
        ));
    } else {
        write_out(&crate::diff::text(&d));
    }
    if d.verdicts_changed() {
        Exit::Failed
    } else {
        Exit::Ok
    }
}
