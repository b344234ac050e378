//! The work behind `linkscope policy eval`, without the command line: read the policy text,
//! build the request from strings, evaluate, lint, and render a plain-text report. The CLI
//! only parses flags, reads the file, prints [`EvalReport::to_text`] (or the JSON form) and
//! exits with [`EvalReport::exit_code`].

use serde::Serialize;
use std::fmt::Write as _;

use super::{
    ContextKeys, Evaluation, Lint, PolicyError, PolicyKind, Principal, Request, evaluate, lint,
    parse_json,
};
use crate::text::escape;

/// What `policy eval` is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalInput<'a> {
    /// The policy file's text.
    pub policy_text: &'a str,
    pub kind: PolicyKind,
    /// `anonymous`, a 12-digit account id or a principal ARN; None: anonymous.
    pub principal: Option<&'a str>,
    pub action: &'a str,
    pub resource: &'a str,
    /// `KEY=VALUE` entries; a key given twice has both values.
    pub context: &'a [String],
}

/// Why `policy eval` could not evaluate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalInputError {
    #[error("invalid policy: {0}")]
    Policy(PolicyError),
    #[error("invalid principal: {0}")]
    Principal(String),
    #[error("invalid context: {0}")]
    Context(String),
    #[error("invalid request: {0}")]
    Request(String),
}

/// The answer of `policy eval`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalReport {
    pub kind: PolicyKind,
    pub request: Request,
    pub evaluation: Evaluation,
    pub lints: Vec<Lint>,
}

/// Parse, lint and evaluate.
pub fn eval_command(input: &EvalInput<'_>) -> Result<EvalReport, EvalInputError> {
    let doc = parse_json(input.policy_text).map_err(EvalInputError::Policy)?;
    let principal = match input.principal {
        None => Principal::Anonymous,
        Some(p) => Principal::parse(p).map_err(EvalInputError::Principal)?,
    };
    if input.action.trim().is_empty() || !input.action.contains(':') {
        return Err(EvalInputError::Request(format!(
            "action `{}` is not SERVICE:Action (e.g. s3:GetObject)",
            input.action
        )));
    }
    if input.resource.trim().is_empty() {
        return Err(EvalInputError::Request(
            "the resource is empty (give an ARN, or * for actions without resources)".into(),
        ));
    }
    let context = ContextKeys::parse_assignments(input.context).map_err(EvalInputError::Context)?;
    let request = Request {
        principal,
        action: input.action.trim().to_string(),
        resource: input.resource.trim().to_string(),
        context,
    };
    let evaluation = evaluate(&doc, input.kind, &request);
    Ok(EvalReport {
        kind: input.kind,
        request,
        evaluation,
        lints: lint(&doc, input.kind),
    })
}

impl EvalReport {
    /// 0 when allowed, 1 when denied (as `trace`).
    pub fn exit_code(&self) -> u8 {
        if self.evaluation.decision.is_allow() {
            0
        } else {
            1
        }
    }

    /// Plain text, control characters escaped:
    /// ```text
    /// implicit-deny: Denied because no VPC endpoint policy allows the s3:PutObject action: ...
    ///   #0 "ReadOnly" Allow  no: action s3:PutObject not in [s3:GetObject]
    /// warning[POLICY_NO_PRINCIPAL] (POL-1) Statement[0]: statement ... has no Principal ...
    /// ```
    pub fn to_text(&self) -> String {
        let ev = &self.evaluation;
        let mut s = String::new();
        let _ = writeln!(s, "{}: {}", ev.decision.as_str(), escape(&ev.summary));
        for st in &ev.statements {
            let label = match &st.sid {
                Some(sid) if !sid.is_empty() => format!("#{} \"{}\"", st.index, escape(sid)),
                _ => format!("#{}", st.index),
            };
            let mark = if Some(st.index) == ev.deciding {
                "decides"
            } else if st.applies {
                "applies"
            } else {
                "no"
            };
            let _ = write!(s, "  {label} {} {mark}", st.effect);
            if !st.applies {
                let _ = write!(s, ": {}", escape(&st.reason));
            }
            for n in &st.notes {
                let _ = write!(s, " [{}]", escape(n));
            }
            s.push('\n');
        }
        for l in &self.lints {
            let at = if l.path.is_empty() {
                String::new()
            } else {
                format!(" {}", escape(&l.path))
            };
            let _ = writeln!(
                s,
                "warning[{}] ({}){at}: {}",
                l.code,
                l.rule,
                escape(&l.message)
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "ReadOnly", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/*"},
        {"Sid": "OnlyOurEndpoint", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}
      ]
    }"#;

    fn input<'a>(action: &'a str, ctx: &'a [String]) -> EvalInput<'a> {
        EvalInput {
            policy_text: POLICY,
            kind: PolicyKind::InterfaceEndpoint,
            principal: Some("arn:aws:iam::111122223333:role/app"),
            action,
            resource: "arn:aws:s3:::b/k",
            context: ctx,
        }
    }

    #[test]
    fn allows_denies_and_explains() {
        let ctx = vec!["aws:SourceVpce=vpce-1".to_string()];
        let r = eval_command(&input("s3:GetObject", &ctx)).unwrap();
        assert_eq!(r.exit_code(), 0);
        let t = r.to_text();
        assert!(
            t.starts_with("allow: Allowed by the VPC endpoint policy: statement \"ReadOnly\""),
            "{t}"
        );
        assert!(t.contains("#0 \"ReadOnly\" Allow decides"), "{t}");

        let r = eval_command(&input("s3:PutObject", &ctx)).unwrap();
        assert_eq!(r.exit_code(), 1);
        assert!(
            r.to_text()
                .contains("no VPC endpoint policy allows the s3:PutObject action")
        );

        let r = eval_command(&input("s3:GetObject", &[])).unwrap();
        assert_eq!(r.evaluation.decision, super::super::Decision::ExplicitDeny);
        assert!(
            r.to_text()
                .contains("explicit deny in a VPC endpoint policy")
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["evaluation"]["decision"], "explicit-deny");
        assert_eq!(json["kind"], "interface-endpoint");
    }

    #[test]
    fn bad_inputs() {
        let mut i = input("s3:GetObject", &[]);
        i.principal = Some("bob");
        assert!(matches!(
            eval_command(&i),
            Err(EvalInputError::Principal(_))
        ));
        let i = input("GetObject", &[]);
        assert!(matches!(eval_command(&i), Err(EvalInputError::Request(_))));
        let bad = vec!["novalue".to_string()];
        let i = input("s3:GetObject", &bad);
        assert!(matches!(eval_command(&i), Err(EvalInputError::Context(_))));
        let mut i = input("s3:GetObject", &[]);
        i.policy_text = "{";
        let Err(EvalInputError::Policy(e)) = eval_command(&i) else {
            panic!("a syntax error")
        };
        assert_eq!(e.line, Some(1));
        i.principal = None;
        i.policy_text = POLICY;
        assert_eq!(
            eval_command(&i).unwrap().request.principal,
            Principal::Anonymous
        );
    }
}
