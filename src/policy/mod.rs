//! IAM policy documents (temporary stub; replaced by the policy branch).
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub id: Option<String>,
    pub text_len: usize,
    #[serde(skip)]
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyError {
    pub path: String,
    pub message: String,
    pub help: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}
impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

pub fn parse_value(v: &serde_json::Value) -> Result<PolicyDocument, PolicyError> {
    if v.get("Statement").is_none() {
        return Err(PolicyError {
            path: String::new(),
            message: "a policy needs a `Statement`".into(),
            help: None,
            line: None,
            column: None,
        });
    }
    Ok(PolicyDocument {
        version: None,
        id: None,
        text_len: v.to_string().len(),
        raw: v.clone(),
    })
}
pub fn parse_json(text: &str) -> Result<PolicyDocument, PolicyError> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| PolicyError {
        path: String::new(),
        message: e.to_string(),
        help: None,
        line: Some(e.line()),
        column: Some(e.column()),
    })?;
    parse_value(&v)
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    GatewayEndpoint,
    InterfaceEndpoint,
    Bucket,
}
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lint {
    pub code: &'static str,
    pub message: String,
    pub path: String,
    pub rule: &'static str,
}
pub fn lint(_doc: &PolicyDocument, _kind: PolicyKind) -> Vec<Lint> {
    vec![]
}
