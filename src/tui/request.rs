//! The request editor (`o`): port, protocol, action, resource, principal and policy context
//! keys of the request traced, as a small form. Tab completes from what the model knows (the
//! roles and principals it names, the actions of the destination's service, the condition keys
//! the policy evaluator knows and the model's policies test); Enter applies and traces again,
//! Esc leaves the request as it was. An empty field means the destination's default, as a
//! missing `--port` / `--action` ... does on the command line.

use super::form::{Completion, Field, Form, FormKey, edit};
use super::state::App;
use crate::engine::QueryOptions;
use crate::model::{EndpointTarget, Model, ObjectRef};

pub const PORT: usize = 0;
pub const PROTOCOL: usize = 1;
pub const ACTION: usize = 2;
pub const RESOURCE: usize = 3;
pub const PRINCIPAL: usize = 4;
pub const CONTEXT: usize = 5;

/// The editor's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestForm {
    pub fields: Vec<Field>,
    /// The field being edited.
    pub at: usize,
    /// Tab completion of that field, while Tab is being pressed.
    pub completion: Option<Completion>,
    /// Why the last Enter was refused (the field it names is selected).
    pub error: Option<String>,
}

/// Open the editor on the current request (`o`); refused, with why, without one.
pub fn open(app: &mut App) {
    if app.request.source.is_none() || app.request.destination.is_none() {
        app.status = Some(
            "no request to edit yet: pick a source and a destination (s, d), or an expectation (e)"
                .into(),
        );
        return;
    }
    let o = &app.request.options;
    let q = app.run.trace.as_ref().map(|t| &t.query);
    let default = |v: Option<String>| match v {
        Some(v) => format!("{v} (the destination's default)"),
        None => "the destination's default".into(),
    };
    let fields = vec![
        Field::new(
            "port",
            o.port.map(|p| p.to_string()).unwrap_or_default(),
            default(q.map(|q| q.port.to_string())),
        ),
        Field::new(
            "protocol",
            o.protocol.clone().unwrap_or_default(),
            default(q.map(|q| q.protocol.clone())),
        ),
        Field::new(
            "action",
            o.action.clone().unwrap_or_default(),
            match q.and_then(|q| q.action.clone()) {
                Some(a) => format!("{a} (the destination's default)"),
                None => "none: no API call, only the network path".into(),
            },
        ),
        Field::new(
            "resource",
            o.resource.clone().unwrap_or_default(),
            match q.and_then(|q| q.resource.clone()) {
                Some(r) => format!("{r} (from the destination)"),
                None => "none".into(),
            },
        ),
        Field::new(
            "principal",
            o.principal.clone().unwrap_or_default(),
            match q.and_then(|q| q.principal.clone()) {
                Some(p) => format!("{p} (the source's role)"),
                None => "anonymous: the source has no role".into(),
            },
        ),
        Field::new(
            "context",
            o.context
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
            "KEY=VALUE, ... (keys the path sets are set anyway)",
        ),
    ];
    app.panels.form = Some(Form::Request(RequestForm {
        fields,
        at: ACTION,
        completion: None,
        error: None,
    }));
}

/// A key for the editor. (The form was taken out of the state; it is put back unless the key
/// closes it.)
pub fn handle(app: &mut App, mut f: RequestForm, k: FormKey) {
    match k {
        FormKey::Cancel => {
            app.status = Some("request unchanged".into());
            return;
        }
        FormKey::Accept => match parse(&f.fields) {
            Ok(opts) => {
                apply(app, opts);
                return;
            }
            Err((at, e)) => {
                f.at = at;
                f.error = Some(e);
                f.completion = None;
            }
        },
        FormKey::Field(d) => {
            f.at = (f.at as i32 + d).rem_euclid(f.fields.len() as i32) as usize;
            f.completion = None;
        }
        FormKey::Complete(d) => complete(app, &mut f, d),
        k => {
            if edit(&mut f.fields[f.at].value, &k) {
                f.completion = None;
                f.error = None;
            }
        }
    }
    app.panels.form = Some(Form::Request(f));
}

/// Tab: the first candidate matching what was typed, then the next one on each Tab.
fn complete(app: &App, f: &mut RequestForm, d: i32) {
    let value = &mut f.fields[f.at].value;
    match &mut f.completion {
        Some(c) => c.step(d),
        None => {
            // The context field completes its last `KEY=VALUE` entry's key.
            let typed = if f.at == CONTEXT {
                last_entry(value).to_string()
            } else {
                value.clone()
            };
            let mut c = Completion::new(&typed, candidates(app, f.at));
            if d < 0 {
                c.step(-1);
            }
            f.completion = Some(c);
        }
    }
    let Some(c) = &f.completion else { return };
    let Some(pick) = c.current() else {
        f.error = Some(format!(
            "nothing the model knows for {} starts with or contains `{}`",
            f.fields[f.at].label,
            crate::text::escape(&c.typed)
        ));
        return;
    };
    f.error = None;
    if f.at == CONTEXT {
        let keep = value.len() - last_entry(value).len();
        value.truncate(keep);
        value.push_str(pick);
        value.push('=');
    } else {
        *value = pick.to_string();
    }
}

/// The last `, `-separated entry of the context field, without its leading spaces.
fn last_entry(v: &str) -> &str {
    v.rsplit(',').next().unwrap_or("").trim_start()
}

/// What Tab offers for a field, the likeliest first (the current trace's own value first).
pub fn candidates(app: &App, field: usize) -> Vec<String> {
    let m = &app.model;
    let q = app.run.trace.as_ref().map(|t| &t.query);
    let mut out: Vec<String> = Vec::new();
    match field {
        PORT => {
            out.extend(q.map(|q| q.port.to_string()));
            out.extend(["443", "80", "22"].map(String::from));
        }
        PROTOCOL => out.extend(["tcp", "udp"].map(String::from)),
        ACTION => {
            out.extend(q.and_then(|q| q.action.clone()));
            let prefix = destination_prefix(app);
            let mut all = policy_strings(m, |s| s.action.iter().flatten().cloned().collect());
            all.extend(
                COMMON_ACTIONS
                    .iter()
                    .flat_map(|(p, names)| names.iter().map(move |n| format!("{p}:{n}"))),
            );
            all.retain(|a| a.contains(':') && !a.contains(['*', '?']));
            // The destination's service first, then every other.
            if let Some(p) = &prefix {
                let own = format!("{}:", p.to_lowercase());
                out.extend(
                    all.iter()
                        .filter(|a| a.to_lowercase().starts_with(&own))
                        .cloned(),
                );
            }
            out.extend(all);
        }
        RESOURCE => {
            out.extend(q.and_then(|q| q.resource.clone()));
            out.extend(
                policy_strings(m, |s| s.resource.iter().flatten().cloned().collect())
                    .into_iter()
                    .filter(|r| !r.contains(['*', '?'])),
            );
            out.extend(m.buckets.iter().map(|b| format!("arn:aws:s3:::{}", b.name)));
        }
        PRINCIPAL => {
            out.extend(q.and_then(|q| q.principal.clone()));
            out.extend(m.instances.iter().filter_map(|i| i.role.clone()));
            out.extend(policy_strings(m, |s| {
                s.principal
                    .iter()
                    .flat_map(|p| p.entries().map(|(_, v)| v.to_string()))
                    .collect()
            }));
            out.extend(
                m.endpoint_services
                    .iter()
                    .flat_map(|s| s.allowed_principals.iter().cloned()),
            );
            out.extend(
                m.accounts
                    .iter()
                    .map(|a| format!("arn:aws:iam::{}:root", a.id)),
            );
            out.retain(|p| p != "*");
        }
        CONTEXT => {
            out.extend(policy_strings(m, |s| {
                s.conditions.iter().map(|c| c.key.clone()).collect()
            }));
            out.extend(crate::policy::GLOBAL_KEYS.iter().map(|k| k.to_string()));
        }
        _ => {}
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| !s.is_empty() && seen.insert(s.to_lowercase()));
    out
}

/// Strings taken from every statement of the model's endpoint and bucket policies.
fn policy_strings(
    m: &Model,
    take: impl Fn(&crate::policy::Statement) -> Vec<String>,
) -> Vec<String> {
    let docs = m
        .endpoints
        .iter()
        .filter_map(|e| e.policy.as_ref())
        .chain(m.buckets.iter().filter_map(|b| b.policy.as_ref()));
    let mut out = Vec::new();
    for d in docs {
        for s in &d.statements {
            out.extend(take(s));
        }
    }
    out
}

/// The IAM prefix of the destination's AWS service (`s3`, `sqs`), when the destination is one:
/// an endpoint to the service, or a name the catalogue maps to it.
fn destination_prefix(app: &App) -> Option<String> {
    let m = &app.model;
    if let Some(a) = app.run.trace.as_ref().and_then(|t| t.query.action.as_ref()) {
        return a.split_once(':').map(|(p, _)| p.to_string());
    }
    let to = app.request.destination.as_deref()?;
    let svc = match m.lookup(to) {
        Some(ObjectRef::Endpoint(e)) => match &m.endpoints[e].target {
            EndpointTarget::Aws(name) => m.catalogue.service(name),
            _ => None,
        },
        _ => {
            let host = to.split_once("://").map_or(to, |(_, r)| r);
            let host = host.split(['/', ':']).next().unwrap_or(host);
            m.catalogue.service_for_host(host)
        }
    }?;
    Some(iam_prefix(&svc.short))
}

/// A service's IAM action prefix, with the two catalogue names whose prefix differs from the
/// endpoint's short name beyond what [`crate::policy::iam_prefix_of_service`]
/// maps: CloudWatch (`monitoring` endpoints, `cloudwatch:` actions) and Kinesis Data Streams
/// (`kinesis-streams` endpoints, `kinesis:` actions), as the Service Authorization Reference
/// lists them.
fn iam_prefix(short: &str) -> String {
    match crate::policy::iam_prefix_of_service(short).as_str() {
        "monitoring" => "cloudwatch".into(),
        "kinesis-streams" => "kinesis".into(),
        p => p.to_string(),
    }
}

/// Common data-plane actions of the catalogue's services (names as the AWS Service
/// Authorization Reference spells them), offered by Tab after the model's own. Not a list
/// of everything a service supports: any `service:Action` can be typed.
const COMMON_ACTIONS: &[(&str, &[&str])] = &[
    (
        "s3",
        &[
            "GetObject",
            "PutObject",
            "DeleteObject",
            "ListBucket",
            "GetBucketLocation",
        ],
    ),
    (
        "dynamodb",
        &[
            "GetItem",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "Query",
            "Scan",
        ],
    ),
    (
        "sqs",
        &[
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "GetQueueUrl",
        ],
    ),
    ("sns", &["Publish"]),
    (
        "kms",
        &["Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey"],
    ),
    ("sts", &["AssumeRole", "GetCallerIdentity"]),
    ("secretsmanager", &["GetSecretValue"]),
    (
        "ssm",
        &["GetParameter", "GetParameters", "UpdateInstanceInformation"],
    ),
    (
        "ssmmessages",
        &[
            "CreateControlChannel",
            "CreateDataChannel",
            "OpenControlChannel",
            "OpenDataChannel",
        ],
    ),
    (
        "ec2messages",
        &["GetMessages", "AcknowledgeMessage", "SendReply"],
    ),
    (
        "ecr",
        &[
            "GetAuthorizationToken",
            "BatchGetImage",
            "GetDownloadUrlForLayer",
        ],
    ),
    ("logs", &["CreateLogStream", "PutLogEvents"]),
    ("cloudwatch", &["PutMetricData"]),
    ("lambda", &["InvokeFunction"]),
    ("execute-api", &["Invoke"]),
    ("kinesis", &["PutRecord", "GetRecords"]),
    ("states", &["StartExecution"]),
    ("events", &["PutEvents"]),
    ("ec2", &["DescribeInstances"]),
];

/// The fields as query options, or the field that is wrong and why.
pub fn parse(fields: &[Field]) -> Result<QueryOptions, (usize, String)> {
    let get = |i: usize| {
        let v = fields[i].value.trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    let mut o = QueryOptions::default();
    if let Some(p) = get(PORT) {
        o.port = Some(match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => {
                return Err((
                    PORT,
                    format!(
                        "port `{}` is not a port: write 1 to 65535, or leave it empty for the destination's default",
                        crate::text::escape(&p)
                    ),
                ));
            }
        });
    }
    if let Some(p) = get(PROTOCOL) {
        let l = p.to_lowercase();
        if l != "tcp" && l != "udp" {
            return Err((
                PROTOCOL,
                format!("protocol `{}`: write tcp or udp", crate::text::escape(&p)),
            ));
        }
        o.protocol = Some(l);
    }
    if let Some(a) = get(ACTION) {
        match a.split_once(':') {
            Some((s, n)) if !s.is_empty() && !n.is_empty() && !a.contains(char::is_whitespace) => {}
            _ => {
                return Err((
                    ACTION,
                    format!(
                        "action `{}`: write SERVICE:Action, e.g. s3:PutObject (Tab completes)",
                        crate::text::escape(&a)
                    ),
                ));
            }
        }
        o.action = Some(a);
    }
    if let Some(r) = get(RESOURCE) {
        if !r.starts_with("arn:") {
            return Err((
                RESOURCE,
                format!(
                    "resource `{}`: write an ARN, e.g. arn:aws:s3:::bucket/key",
                    crate::text::escape(&r)
                ),
            ));
        }
        o.resource = Some(r);
    }
    if let Some(p) = get(PRINCIPAL) {
        if p.contains(char::is_whitespace) {
            return Err((
                PRINCIPAL,
                format!(
                    "principal `{}`: write an ARN, e.g. arn:aws:iam::111111111111:role/app",
                    crate::text::escape(&p)
                ),
            ));
        }
        o.principal = Some(p);
    }
    if let Some(c) = get(CONTEXT) {
        for item in c.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    o.context.push((k.trim().to_string(), v.trim().to_string()))
                }
                _ => {
                    return Err((
                        CONTEXT,
                        format!(
                            "context `{}` is not KEY=VALUE (e.g. aws:SecureTransport=false)",
                            crate::text::escape(item)
                        ),
                    ));
                }
            }
        }
    }
    Ok(o)
}

/// Enter: the new options become the request's, and it is traced again; the status line says
/// what the verdict did.
fn apply(app: &mut App, mut opts: QueryOptions) {
    opts.source_port = app.request.options.source_port;
    let before = app.run.trace.as_ref().map(|t| t.verdict);
    if opts != app.request.options {
        app.request.expectation = None;
    }
    app.request.options = opts;
    super::update::run_trace(app, false);
    let what = describe(&app.request.options);
    app.status = Some(match (&app.run.trace, before) {
        (Some(t), Some(b)) if b != t.verdict => {
            format!("{what}: {} → {}", b.upper(), t.verdict.upper())
        }
        (Some(t), _) => format!("{what}: {} (unchanged)", t.verdict.upper()),
        (None, _) => format!("{what}: cannot trace (see the trace panel)"),
    });
}

/// The options in a few words: `action s3:PutObject · port 8443`; `default request` when none.
pub fn describe(o: &QueryOptions) -> String {
    let mut parts = Vec::new();
    if let Some(p) = o.port {
        parts.push(format!("port {p}"));
    }
    if let Some(p) = &o.protocol {
        parts.push(p.clone());
    }
    if let Some(a) = &o.action {
        parts.push(format!("action {a}"));
    }
    if let Some(r) = &o.resource {
        parts.push(format!("resource {r}"));
    }
    if let Some(p) = &o.principal {
        parts.push(format!("as {p}"));
    }
    for (k, v) in &o.context {
        parts.push(format!("{k}={v}"));
    }
    if parts.is_empty() {
        "default request".into()
    } else {
        crate::text::escape(&parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(vals: [&str; 6]) -> Vec<Field> {
        vals.iter().map(|v| Field::new("x", *v, "")).collect()
    }

    #[test]
    fn parse_reads_every_field_and_names_the_wrong_one() {
        let o = parse(&fields([
            "8443",
            "TCP",
            "s3:PutObject",
            "arn:aws:s3:::b/k",
            "arn:aws:iam::1:role/x",
            "aws:SecureTransport=false, s3:prefix = a",
        ]))
        .unwrap();
        assert_eq!(o.port, Some(8443));
        assert_eq!(o.protocol.as_deref(), Some("tcp"));
        assert_eq!(o.action.as_deref(), Some("s3:PutObject"));
        assert_eq!(
            o.context,
            vec![
                ("aws:SecureTransport".into(), "false".into()),
                ("s3:prefix".into(), "a".into())
            ]
        );
        assert_eq!(
            parse(&fields(["", "", "", "", "", ""])).unwrap(),
            QueryOptions::default()
        );
        assert_eq!(
            parse(&fields(["0", "", "", "", "", ""])).unwrap_err().0,
            PORT
        );
        assert_eq!(
            parse(&fields(["", "icmp", "", "", "", ""])).unwrap_err().0,
            PROTOCOL
        );
        assert_eq!(
            parse(&fields(["", "", "PutObject", "", "", ""]))
                .unwrap_err()
                .0,
            ACTION
        );
        assert_eq!(
            parse(&fields(["", "", "", "bucket/key", "", ""]))
                .unwrap_err()
                .0,
            RESOURCE
        );
        assert_eq!(
            parse(&fields(["", "", "", "", "", "nokey"])).unwrap_err().0,
            CONTEXT
        );
    }

    #[test]
    fn last_entry_is_the_key_being_typed() {
        assert_eq!(last_entry("a=1, aws:Sou"), "aws:Sou");
        assert_eq!(last_entry(""), "");
    }
}
