//! The policy document: types, parsing (JSON text or an already-parsed value), and printing
//! back in AWS JSON form.
//!
//! Parsing is strict where AWS is strict (element names, `Effect` values, exactly one of
//! `Action`/`NotAction` and of `Resource`/`NotResource`, POL-8) and lenient where AWS is
//! (strings or lists; numbers and booleans as condition values). A missing `Principal` parses
//! (the AWS documentation's own examples omit it) and is reported by [`super::lint`].

use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

use super::lint::closest;
use super::locate::{self, Seg, Span};
use super::principal::{PrincipalSpec, PrincipalType};

/// Allow or Deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One condition: `"Operator": { "key": [values] }`. Blocks with several keys become several
/// conditions (they are ANDed, POL-17). Values are kept as text (`3600`, `false` become
/// `"3600"`, `"false"`, which is how IAM reads them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// As written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// As written (condition key names are case-insensitive).
    pub key: String,
    pub values: Vec<String>,
}

/// One statement. Equality ignores [`Statement::span`]: the same statement read from a file
/// and from an inline document is the same statement.
#[derive(Debug, Clone, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<PrincipalSpec>,
    pub not_principal: Option<PrincipalSpec>,
    pub action: Option<Vec<String>>,
    pub not_action: Option<Vec<String>>,
    pub resource: Option<Vec<String>>,
    pub not_resource: Option<Vec<String>>,
    pub conditions: Vec<Condition>,
    /// Where the statement is in its file ([`super::parse_json`] only).
    pub span: Option<Span>,
}

impl PartialEq for Statement {
    fn eq(&self, o: &Self) -> bool {
        self.sid == o.sid
            && self.effect == o.effect
            && self.principal == o.principal
            && self.not_principal == o.not_principal
            && self.action == o.action
            && self.not_action == o.not_action
            && self.resource == o.resource
            && self.not_resource == o.not_resource
            && self.conditions == o.conditions
    }
}

/// A policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
    /// Characters of the JSON form (the file's text, or the compact form of an inline
    /// document), for the 20,480-character limit (POL-1).
    pub text_len: usize,
}

/// A policy that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyError {
    /// Where in the document, e.g. `Statement[1].Condition.StringEquals`; empty for the whole.
    pub path: String,
    pub message: String,
    pub help: Option<String>,
    /// 1-based, in the file given to [`super::parse_json`].
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "{l}:{c}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(h) = &self.help {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// The versions AWS knows. Policy variables work only in the current one (POL-16).
pub const VERSION_CURRENT: &str = "2012-10-17";
pub const VERSION_OLD: &str = "2008-10-17";

/// Statement elements in AWS order.
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const TOP_KEYS: &[&str] = &["Version", "Id", "Statement"];

/// A parse error before it is located in the text.
#[derive(Debug)]
pub(crate) struct RawError {
    pub path: Vec<Seg>,
    pub message: String,
    pub help: Option<String>,
}

impl RawError {
    fn new(path: &[Seg], message: impl Into<String>) -> Self {
        RawError {
            path: path.to_vec(),
            message: message.into(),
            help: None,
        }
    }
    fn help(mut self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }
    pub(crate) fn into_error(self) -> PolicyError {
        PolicyError {
            path: locate::render(&self.path),
            message: self.message,
            help: self.help,
            line: None,
            column: None,
        }
    }
}

fn with(path: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

fn key(path: &[Seg], k: &str) -> Vec<Seg> {
    with(path, Seg::Key(k.to_string()))
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// An element name that is not one AWS knows: say what was probably meant.
fn unknown_element(path: &[Seg], k: &str, known: &[&str], what: &str) -> RawError {
    let e = RawError::new(&key(path, k), format!("`{k}` is not a {what} element"));
    if let Some(good) = known.iter().find(|g| g.eq_ignore_ascii_case(k)) {
        return e.help(format!("element names are case-sensitive: write `{good}`"));
    }
    match closest(k, known.iter().copied()) {
        Some(good) => e.help(format!("did you mean `{good}`?")),
        None => e.help(format!("a {what} has {}", known.join(", "))),
    }
}

fn string_or_list(v: &Value, path: &[Seg], name: &str) -> Result<Vec<String>, RawError> {
    let out = match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    other => {
                        return Err(RawError::new(
                            &with(path, Seg::Index(i)),
                            format!("`{name}` holds {}; it takes strings", type_name(other)),
                        ));
                    }
                }
            }
            out
        }
        other => {
            return Err(RawError::new(
                path,
                format!(
                    "`{name}` is {}; it takes a string or a list of strings",
                    type_name(other)
                ),
            ));
        }
    };
    if out.is_empty() {
        return Err(RawError::new(path, format!("`{name}` is an empty list"))
            .help("an element with no values matches nothing; AWS refuses it"));
    }
    Ok(out)
}

fn condition_values(v: &Value, path: &[Seg]) -> Result<Vec<String>, RawError> {
    fn one(v: &Value, path: &[Seg]) -> Result<String, RawError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(RawError::new(
                path,
                format!(
                    "a condition value is {}; it takes strings (or numbers, booleans)",
                    type_name(other)
                ),
            )),
        }
    }
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| one(x, &with(path, Seg::Index(i))))
            .collect(),
        other => Ok(vec![one(other, path)?]),
    }
}

fn principal_spec(v: &Value, path: &[Seg], name: &str) -> Result<PrincipalSpec, RawError> {
    match v {
        Value::String(s) if s == "*" => Ok(PrincipalSpec::Everyone),
        Value::String(s) => Err(RawError::new(
            path,
            format!("`{name}` is the string `{s}`; only \"*\" may be written as a string"),
        )
        .help(format!("write `\"{name}\": {{\"AWS\": \"{s}\"}}`"))),
        Value::Object(m) => {
            if m.is_empty() {
                return Err(RawError::new(path, format!("`{name}` is an empty mapping"))
                    .help("name principals: {\"AWS\": \"arn:aws:iam::111122223333:role/app\"}, or write \"*\""));
            }
            let mut out = Vec::new();
            for (k, vals) in m {
                let kp = key(path, k);
                let t = PrincipalType::from_key(k).ok_or_else(|| {
                    unknown_element(
                        path,
                        k,
                        &["AWS", "Service", "Federated", "CanonicalUser"],
                        "principal type",
                    )
                })?;
                out.push((t, string_or_list(vals, &kp, k)?));
            }
            Ok(PrincipalSpec::Map(out))
        }
        other => Err(RawError::new(
            path,
            format!(
                "`{name}` is {}; it takes \"*\" or a mapping such as {{\"AWS\": ...}}",
                type_name(other)
            ),
        )),
    }
}

/// One statement of a policy document, checked as AWS checks it: the first error found.
fn parse_statement(v: &Value, path: &[Seg]) -> Result<Statement, RawError> {
    let Value::Object(m) = v else {
        return Err(RawError::new(
            path,
            format!("a statement is a mapping, not {}", type_name(v)),
        ));
    };
    for k in m.keys() {
        if !STATEMENT_KEYS.contains(&k.as_str()) {
            return Err(unknown_element(path, k, STATEMENT_KEYS, "statement"));
        }
    }
    let sid = statement_sid(m, path)?;
    let effect = statement_effect(m, path)?;
    let (principal, not_principal) = statement_principals(m, path)?;
    let list = |name: &str| -> Result<Option<Vec<String>>, RawError> {
        m.get(name)
            .map(|v| string_or_list(v, &key(path, name), name))
            .transpose()
    };
    let action = list("Action")?;
    let not_action = list("NotAction")?;
    let resource = list("Resource")?;
    let not_resource = list("NotResource")?;
    one_of_each_pair(path, &action, &not_action, &resource, &not_resource)?;
    let conditions = statement_conditions(m, path)?;
    Ok(Statement {
        sid,
        effect,
        principal,
        not_principal,
        action,
        not_action,
        resource,
        not_resource,
        conditions,
        span: None,
    })
}

/// A statement's `Sid`, if any: a string.
fn statement_sid(m: &Map<String, Value>, path: &[Seg]) -> Result<Option<String>, RawError> {
    match m.get("Sid") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(RawError::new(
            &key(path, "Sid"),
            format!("`Sid` is {}; it takes a string", type_name(other)),
        )),
    }
}

/// A statement's `Effect`: `Allow` or `Deny`, case-sensitive, required.
fn statement_effect(m: &Map<String, Value>, path: &[Seg]) -> Result<Effect, RawError> {
    Ok(match m.get("Effect") {
        Some(Value::String(s)) if s == "Allow" => Effect::Allow,
        Some(Value::String(s)) if s == "Deny" => Effect::Deny,
        Some(Value::String(s)) => {
            let e = RawError::new(
                &key(path, "Effect"),
                format!("`Effect` is `{s}`; it must be `Allow` or `Deny`"),
            );
            return Err(if s.eq_ignore_ascii_case("allow") {
                e.help("values are case-sensitive: write `Allow`")
            } else if s.eq_ignore_ascii_case("deny") {
                e.help("values are case-sensitive: write `Deny`")
            } else {
                e
            });
        }
        Some(other) => {
            return Err(RawError::new(
                &key(path, "Effect"),
                format!(
                    "`Effect` is {}; it must be `Allow` or `Deny`",
                    type_name(other)
                ),
            ));
        }
        None => {
            return Err(RawError::new(path, "a statement needs an `Effect`")
                .help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"));
        }
    })
}

/// A statement's `Principal` and `NotPrincipal`, at most one of them.
fn statement_principals(
    m: &Map<String, Value>,
    path: &[Seg],
) -> Result<(Option<PrincipalSpec>, Option<PrincipalSpec>), RawError> {
    let principal = m
        .get("Principal")
        .map(|v| principal_spec(v, &key(path, "Principal"), "Principal"))
        .transpose()?;
    let not_principal = m
        .get("NotPrincipal")
        .map(|v| principal_spec(v, &key(path, "NotPrincipal"), "NotPrincipal"))
        .transpose()?;
    if principal.is_some() && not_principal.is_some() {
        return Err(RawError::new(
            &key(path, "NotPrincipal"),
            "a statement has both `Principal` and `NotPrincipal`",
        )
        .help("keep one of them"));
    }
    Ok((principal, not_principal))
}

/// Exactly one of `Action`/`NotAction` and one of `Resource`/`NotResource` (POL-8).
fn one_of_each_pair(
    path: &[Seg],
    action: &Option<Vec<String>>,
    not_action: &Option<Vec<String>>,
    resource: &Option<Vec<String>>,
    not_resource: &Option<Vec<String>>,
) -> Result<(), RawError> {
    match (&action, &not_action) {
        (Some(_), Some(_)) => {
            return Err(RawError::new(
                &key(path, "NotAction"),
                "a statement has both `Action` and `NotAction`",
            )
            .help("keep one of them (POL-8)"));
        }
        (None, None) => {
            return Err(
                RawError::new(path, "a statement needs an `Action` (or `NotAction`)")
                    .help("e.g. `\"Action\": \"s3:GetObject\"`, or `\"*\"` for every action"),
            );
        }
        _ => {}
    }
    match (&resource, &not_resource) {
        (Some(_), Some(_)) => {
            return Err(RawError::new(
                &key(path, "NotResource"),
                "a statement has both `Resource` and `NotResource`",
            )
            .help("keep one of them (POL-8)"));
        }
        (None, None) => {
            return Err(
                RawError::new(path, "a statement needs a `Resource` (or `NotResource`)").help(
                    "e.g. `\"Resource\": \"arn:aws:s3:::bucket/*\"`, or `\"*\"` for every resource",
                ),
            );
        }
        _ => {}
    }
    Ok(())
}

/// A statement's `Condition`: operators, each a mapping of keys to values, in order.
fn statement_conditions(m: &Map<String, Value>, path: &[Seg]) -> Result<Vec<Condition>, RawError> {
    let mut conditions = Vec::new();
    match m.get("Condition") {
        None => {}
        Some(Value::Object(ops)) => {
            let cpath = key(path, "Condition");
            for (op, keys) in ops {
                let opath = key(&cpath, op);
                let Value::Object(keys) = keys else {
                    return Err(RawError::new(
                        &opath,
                        format!(
                            "`{op}` is {}; it takes a mapping of condition keys to values",
                            type_name(keys)
                        ),
                    )
                    .help(format!(
                        "e.g. `\"{op}\": {{\"aws:SourceVpce\": \"vpce-1a2b3c4d\"}}`"
                    )));
                };
                if keys.is_empty() {
                    return Err(RawError::new(
                        &opath,
                        format!("`{op}` names no condition key"),
                    ));
                }
                for (k, vals) in keys {
                    conditions.push(Condition {
                        operator: op.clone(),
                        key: k.clone(),
                        values: condition_values(vals, &key(&opath, k))?,
                    });
                }
            }
        }
        Some(other) => {
            return Err(RawError::new(
                &key(path, "Condition"),
                format!(
                    "`Condition` is {}; it takes a mapping of operators",
                    type_name(other)
                ),
            ));
        }
    }
    Ok(conditions)
}

pub(crate) fn parse_document(v: &Value) -> Result<PolicyDocument, RawError> {
    let Value::Object(m) = v else {
        return Err(RawError::new(
            &[],
            format!("a policy document is a mapping, not {}", type_name(v)),
        )
        .help("{\"Version\": \"2012-10-17\", \"Statement\": [...]}"));
    };
    if !m.contains_key("Statement") {
        if m.contains_key("Effect") || m.contains_key("Action") {
            return Err(RawError::new(
                &[],
                "this is a single statement, not a policy document",
            )
            .help("wrap it: {\"Version\": \"2012-10-17\", \"Statement\": [ ...this statement... ]}"));
        }
        if let Some(k) = m.keys().find(|k| k.eq_ignore_ascii_case("statement")) {
            return Err(unknown_element(&[], k, TOP_KEYS, "policy"));
        }
        return Err(RawError::new(&[], "a policy needs a `Statement`")
            .help("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]}"));
    }
    for k in m.keys() {
        if !TOP_KEYS.contains(&k.as_str()) {
            return Err(unknown_element(&[], k, TOP_KEYS, "policy"));
        }
    }
    let version = match m.get("Version") {
        None => None,
        Some(Value::String(s)) if s == VERSION_CURRENT || s == VERSION_OLD => Some(s.clone()),
        Some(Value::String(s)) => {
            return Err(RawError::new(
                &[Seg::Key("Version".into())],
                format!("`Version` is `{s}`; AWS knows `{VERSION_CURRENT}` and `{VERSION_OLD}`"),
            )
            .help(format!(
                "write `\"Version\": \"{VERSION_CURRENT}\"` (a fixed date, not today's)"
            )));
        }
        Some(other) => {
            return Err(RawError::new(
                &[Seg::Key("Version".into())],
                format!(
                    "`Version` is {}; write `\"{VERSION_CURRENT}\"`",
                    type_name(other)
                ),
            ));
        }
    };
    let id = match m.get("Id") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(RawError::new(
                &[Seg::Key("Id".into())],
                format!("`Id` is {}; it takes a string", type_name(other)),
            ));
        }
    };
    let spath = [Seg::Key("Statement".into())];
    let statements = match &m["Statement"] {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, s)| parse_statement(s, &with(&spath, Seg::Index(i))))
            .collect::<Result<Vec<_>, _>>()?,
        obj @ Value::Object(_) => vec![parse_statement(obj, &with(&spath, Seg::Index(0)))?],
        other => {
            return Err(RawError::new(
                &spath,
                format!(
                    "`Statement` is {}; it takes a statement or a list of statements",
                    type_name(other)
                ),
            ));
        }
    };
    Ok(PolicyDocument {
        version,
        id,
        statements,
        text_len: compact_len(v),
    })
}

/// Characters of the compact JSON form.
fn compact_len(v: &Value) -> usize {
    serde_json::to_string(v)
        .map(|s| s.chars().count())
        .unwrap_or(0)
}

/// A string for one value, a list for several (AWS's own habit).
pub(crate) fn one_or_many(v: &[String]) -> Value {
    match v {
        [one] => Value::String(one.clone()),
        many => Value::Array(many.iter().cloned().map(Value::String).collect()),
    }
}

impl Statement {
    /// A statement for `effect` on everything: `Principal *`, `Action *`, `Resource *`.
    pub fn everything(effect: Effect) -> Statement {
        Statement {
            sid: None,
            effect,
            principal: Some(PrincipalSpec::Everyone),
            not_principal: None,
            action: Some(vec!["*".into()]),
            not_action: None,
            resource: Some(vec!["*".into()]),
            not_resource: None,
            conditions: Vec::new(),
            span: None,
        }
    }

    /// The AWS JSON form.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(s) = &self.sid {
            m.insert("Sid".into(), Value::String(s.clone()));
        }
        m.insert("Effect".into(), Value::String(self.effect.as_str().into()));
        if let Some(p) = &self.principal {
            m.insert("Principal".into(), p.to_value());
        }
        if let Some(p) = &self.not_principal {
            m.insert("NotPrincipal".into(), p.to_value());
        }
        for (name, v) in [
            ("Action", &self.action),
            ("NotAction", &self.not_action),
            ("Resource", &self.resource),
            ("NotResource", &self.not_resource),
        ] {
            if let Some(v) = v {
                m.insert(name.into(), one_or_many(v));
            }
        }
        if !self.conditions.is_empty() {
            let mut ops = Map::new();
            for c in &self.conditions {
                let entry = ops
                    .entry(c.operator.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(keys) = entry {
                    keys.insert(c.key.clone(), one_or_many(&c.values));
                }
            }
            m.insert("Condition".into(), Value::Object(ops));
        }
        Value::Object(m)
    }

    /// `"Sid"` (quoted) when the statement has one, else `#index`.
    pub fn label(&self, index: usize) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => format!("\"{s}\""),
            _ => format!("#{index}"),
        }
    }
}

impl Serialize for Statement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl PolicyDocument {
    /// The AWS JSON form.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(v) = &self.version {
            m.insert("Version".into(), Value::String(v.clone()));
        }
        if let Some(v) = &self.id {
            m.insert("Id".into(), Value::String(v.clone()));
        }
        m.insert(
            "Statement".into(),
            Value::Array(self.statements.iter().map(Statement::to_value).collect()),
        );
        Value::Object(m)
    }

    /// The document printed back in AWS JSON form, indented (for a details panel). Condition
    /// values read as numbers or booleans print as strings, which AWS reads the same way.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// True when policy variables are substituted (Version `2012-10-17`, POL-16).
    pub fn supports_variables(&self) -> bool {
        self.version.as_deref() == Some(VERSION_CURRENT)
    }

    /// How explanations name statement `index`: its Sid, quoted, or `#index`.
    pub fn statement_label(&self, index: usize) -> String {
        self.statements
            .get(index)
            .map(|s| s.label(index))
            .unwrap_or_else(|| format!("#{index}"))
    }
}

impl Serialize for PolicyDocument {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}
