//! `linkscope policy eval POLICY --action A --resource R [--principal P] [--context K=V]...`:
//! evaluate one policy document outside any model. Exit 0 allow, 1 deny, 2 bad input.

use super::output::{errln, out, outln};
use super::{Exit, args::PolicyEvalArgs};
use crate::policy::{self as command, PolicyKind};
use crate::text::escape;

pub fn eval(a: &PolicyEvalArgs) -> Exit {
    let name = a.policy.display().to_string();
    let kind: PolicyKind = match a.kind.parse() {
        Ok(k) => k,
        Err(e) => {
            errln!("error: --kind: {}", escape(&e));
            return Exit::BadInput;
        }
    };
    let text = match crate::model::load::read_policy_file(&a.policy) {
        Ok(t) => t,
        Err(e) => {
            errln!("error: cannot read policy `{}`: {e}", escape(&name));
            return Exit::BadInput;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let input = command::EvalInput {
        policy_text: text,
        kind,
        principal: a.principal.as_deref(),
        action: &a.action,
        resource: &a.resource,
        context: &a.context,
    };
    match command::eval_command(&input) {
        Ok(report) => {
            if a.json {
                outln!(
                    "{}",
                    crate::text::json_safe(
                        serde_json::to_string_pretty(&crate::report::with_format(
                            serde_json::to_value(&report).unwrap_or_default(),
                        ))
                        .unwrap_or_default()
                    )
                );
            } else {
                out!("{}", report.to_text());
            }
            if report.exit_code() == 0 {
                Exit::Ok
            } else {
                Exit::Failed
            }
        }
        Err(e) => {
            let loc = match &e {
                command::EvalInputError::Policy(_) => format!("{}: ", escape(&name)),
                _ => String::new(),
            };
            errln!("error: {loc}{}", escape(&e.to_string()));
            Exit::BadInput
        }
    }
}
