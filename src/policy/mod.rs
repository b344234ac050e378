//! IAM policy documents: parse, evaluate, explain (rule book §8, GW-19…25, ES-9).
//!
//! - [`parse_json`] (a policy file) and [`parse_value`] (an inline policy from the model)
//!   build a [`PolicyDocument`]; errors carry the element path and, for files, line and column.
//! - [`evaluate`] decides one [`Request`] against one policy of a [`PolicyKind`]: explicit deny
//!   beats allow beats implicit deny, every statement says why it applied or not, and the
//!   summary uses AWS's own words ("no VPC endpoint policy allows the s3:GetObject action").
//! - [`lint`] finds what AWS would refuse or what surely misleads (stable codes, see [`LINTS`]).
//! - [`eval_command`] is `linkscope policy eval` without the command line.
//!
//! One policy at a time: combining the endpoint policy with identity, bucket, SCP and RCP
//! layers (§8.2) is the trace engine's job, as is knowing when there is no policy to evaluate
//! (an endpoint to an endpoint service has none, ES-9; a service without endpoint-policy
//! support means full access, POL-3; an endpoint without a policy has [`full_access`], D-6).
//! [`decide`] gives the same decision as [`evaluate`] without the explanations. No I/O here.
//!
//! ```
//! use linkscope::policy::{self, Decision, PolicyKind, Principal, Request};
//! let doc = policy::parse_json(r#"{"Version": "2012-10-17", "Statement": [{
//!     "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"],
//!     "Resource": "arn:aws:s3:::app-data/*"}]}"#).unwrap();
//! let req = Request::new(Principal::from_arn("arn:aws:iam::111122223333:role/app"),
//!     "s3:PutObject", "arn:aws:s3:::app-data/x");
//! let ev = policy::evaluate(&doc, PolicyKind::GatewayEndpoint, &req);
//! assert_eq!(ev.decision, Decision::ImplicitDeny);
//! assert!(ev.summary.contains("no VPC endpoint policy allows the s3:PutObject action"));
//! ```

mod command;
mod condition;
mod context;
mod document;
mod eval;
mod glob;
mod lint;
mod locate;
mod network_keys;
mod principal;
mod vars;

use serde::Serialize;

pub use command::{EvalInput, EvalInputError, EvalReport, eval_command};
pub use condition::{BASE_OPERATORS, BaseOperator, Operator, SetQualifier, parse_date};
pub use context::ContextKeys;
pub use document::{
    Condition, Effect, PolicyDocument, PolicyError, Statement, VERSION_CURRENT, VERSION_OLD,
};
pub use eval::{Decision, Evaluation, Request, StatementResult, decide, evaluate, layer_name};
pub use glob::wildcard_match;
pub use lint::{
    GLOBAL_KEY_PREFIXES, GLOBAL_KEYS, LINTS, Lint, LintDef, closest, edit_distance, is_global_key,
    lint,
};
pub use locate::Span;
pub use network_keys::{NetworkKeys, iam_prefix_of_service};
pub use principal::{Principal, PrincipalSpec, PrincipalType};

/// Where a policy is attached; it changes what an account principal means (GW-19) and the
/// wording of explanations (POL-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    GatewayEndpoint,
    InterfaceEndpoint,
    /// A bucket policy (resource-based policy).
    Bucket,
}

impl std::str::FromStr for PolicyKind {
    type Err = String;
    /// `gateway`, `interface` (or `gateway-endpoint`, `interface-endpoint`), `bucket`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "gateway" | "gateway-endpoint" => Ok(PolicyKind::GatewayEndpoint),
            "interface" | "interface-endpoint" => Ok(PolicyKind::InterfaceEndpoint),
            "bucket" | "bucket-policy" => Ok(PolicyKind::Bucket),
            other => Err(format!(
                "`{other}` is not a policy kind: use gateway, interface or bucket"
            )),
        }
    }
}

/// Parse an inline policy (the model loader hands over a JSON value; YAML numbers and
/// booleans already turned into strings).
pub fn parse_value(v: &serde_json::Value) -> Result<PolicyDocument, PolicyError> {
    document::parse_document(v).map_err(document::RawError::into_error)
}

/// Parse a policy file's text. JSON syntax errors carry serde_json's line and column; other
/// errors carry the line and column of the offending element (or of the statement that lacks
/// it). Statements get their [`Span`] in the text.
///
/// A syntax error's column is in characters, as every other column linkscope prints:
/// serde_json counts bytes, which puts the caret too far right after `é` or `名`.
pub fn parse_json(text: &str) -> Result<PolicyDocument, PolicyError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_syntax_error(text, &e))?;
    let tree = locate::scan(text);
    if let Some((path, key, (line, column))) = tree.as_ref().and_then(|t| t.duplicate_key()) {
        return Err(PolicyError {
            path: locate::render(&path),
            message: format!("the key `{key}` appears twice in one object"),
            help: Some(
                "remove one of them: a JSON reader keeps only one value per key, and which one \
                 differs between readers (a Deny could silently become an Allow)"
                    .into(),
            ),
            line: Some(line),
            column: Some(column),
        });
    }
    match document::parse_document(&v) {
        Ok(mut doc) => {
            doc.text_len = text.chars().count();
            if let Some(tree) = &tree {
                for (st, span) in doc.statements.iter_mut().zip(tree.statement_spans()) {
                    st.span = Some(span);
                }
            }
            Ok(doc)
        }
        Err(raw) => {
            let pos = tree.as_ref().map(|t| {
                let (node, key_pos) = t.find(&raw.path);
                key_pos.unwrap_or((node.span.line, node.span.column))
            });
            let mut e = raw.into_error();
            if let Some((l, c)) = pos {
                e.line = Some(l);
                e.column = Some(c);
            }
            Err(e)
        }
    }
}

/// AWS's default endpoint policy, used when an endpoint has none (D-6): allow everyone every
/// action on every resource.
pub fn full_access() -> PolicyDocument {
    let mut doc = PolicyDocument {
        version: Some(VERSION_OLD.to_string()),
        id: None,
        statements: vec![Statement::everything(Effect::Allow)],
        text_len: 0,
    };
    doc.text_len = serde_json::to_string(&doc)
        .map(|s| s.chars().count())
        .unwrap_or(0);
    doc
}

#[cfg(test)]
mod tests;

/// serde_json's syntax error, located in characters (serde_json counts bytes in the line) and
/// without serde_json's own `at line L column C` (the location is given once, in characters).
fn json_syntax_error(text: &str, e: &serde_json::Error) -> PolicyError {
    let line = e.line();
    let byte_col = e.column();
    let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    let mut cut = byte_col.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(cut) {
        cut -= 1;
    }
    let column = line_text[..cut].chars().count() + 1;
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    PolicyError {
        path: String::new(),
        message: format!("not valid JSON: {message}"),
        help: None,
        line: Some(line),
        column: Some(column),
    }
}
