//! Warnings about a policy that parses: things AWS would refuse (POL-1, POL-4), and things that
//! surely do not do what their author meant (a misspelt global key, an account principal in a
//! gateway endpoint policy, a `NotIpAddress aws:SourceIp` deny that blocks every endpoint
//! request). Each lint has a stable code and the rule book id it comes from.

use serde::Serialize;

use super::PolicyKind;
use super::condition::{Operator, SetQualifier};
use super::document::{Condition, Effect, PolicyDocument, Statement};
use super::principal::{PrincipalType, account_principal};
use super::vars;

/// One warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lint {
    pub code: &'static str,
    pub message: String,
    /// Where in the document, e.g. `Statement[0].Condition.StringEquals.aws:PrincpalAccount`.
    pub path: String,
    /// The rule book id.
    pub rule: &'static str,
}

/// A lint kind, for documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LintDef {
    pub code: &'static str,
    pub rule: &'static str,
    pub meaning: &'static str,
}

macro_rules! lints {
    ($($name:ident = $code:literal, $rule:literal, $meaning:literal;)*) => {
        $(pub const $name: LintDef = LintDef { code: $code, rule: $rule, meaning: $meaning };)*
        /// Every lint kind.
        pub const LINTS: &[LintDef] = &[$($name),*];
    };
}

lints! {
    TOO_LONG = "POLICY_TOO_LONG", "POL-1",
        "the policy is longer than 20,480 characters (whitespace included); AWS refuses it";
    NO_PRINCIPAL = "POLICY_NO_PRINCIPAL", "POL-1",
        "a statement has no Principal; AWS requires one in endpoint and bucket policies (read here as \"*\")";
    GATEWAY_ACCOUNT_PRINCIPAL = "POLICY_GATEWAY_ACCOUNT_PRINCIPAL", "GW-19",
        "an account principal in a gateway endpoint policy names only that account's root user";
    GATEWAY_PRINCIPAL = "POLICY_GATEWAY_PRINCIPAL", "GW-19",
        "a gateway endpoint policy names principals; AWS expects Principal \"*\" and aws:PrincipalArn conditions";
    UNKNOWN_OPERATOR = "POLICY_UNKNOWN_OPERATOR", "POL-17",
        "a condition operator IAM does not know; the condition never matches";
    UNKNOWN_GLOBAL_KEY = "POLICY_UNKNOWN_GLOBAL_KEY", "POL-18",
        "an aws: condition key that is not an AWS global key; no request carries it";
    DENY_ONLY = "POLICY_DENY_ONLY", "POL-2",
        "an endpoint policy without an Allow statement denies every request through the endpoint";
    SOURCEIP_DENY = "POLICY_SOURCEIP_DENY", "POL-25",
        "a Deny with NotIpAddress on aws:SourceIp matches every request through a VPC endpoint (the key is absent there)";
    SOURCEIP_ALLOW = "POLICY_SOURCEIP_ALLOW", "GW-20",
        "an endpoint policy Allow on IpAddress aws:SourceIp never matches: requests through an endpoint carry no aws:SourceIp";
    WILDCARD_SYSTEM_ID = "POLICY_WILDCARD_SYSTEM_ID", "POL-4",
        "wildcards or numeric operators with a system-ID key (aws:PrincipalAccount, aws:SourceVpc, aws:SourceVpce …) in an endpoint policy; AWS refuses them";
    VARIABLES_IGNORED = "POLICY_VARIABLES_IGNORED", "POL-16",
        "policy variables in a document whose Version is not 2012-10-17 are plain text";
    FORALLVALUES_ALLOW = "POLICY_FORALLVALUES_ALLOW", "POL-23",
        "ForAllValues in an Allow holds when the key is absent, so the Allow also applies to requests without it";
    NOTPRINCIPAL_ALLOW = "POLICY_NOTPRINCIPAL_ALLOW", "POL-15",
        "NotPrincipal with Allow grants everyone not listed, anonymous callers included";
}

/// AWS global condition keys (IAM User Guide, "AWS global condition context keys"), plus
/// the tag-key prefixes.
pub const GLOBAL_KEYS: &[&str] = &[
    "aws:AssumedRoot",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:ChatbotSourceArn",
    "aws:CurrentTime",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:Ec2InstanceSourceVpc",
    "aws:EpochTime",
    "aws:FederatedProvider",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalType",
    "aws:referer",
    "aws:RequestedRegion",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceIdentity",
    "aws:SourceIp",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpcArn",
    "aws:SourceVpce",
    "aws:TagKeys",
    "aws:TokenIssueTime",
    "aws:UserAgent",
    "aws:userid",
    "aws:username",
    "aws:ViaAWSService",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "aws:VpceOrgPaths",
    "aws:VpcSourceIp",
];

/// Keys followed by `/tag-key`.
pub const GLOBAL_KEY_PREFIXES: &[&str] =
    &["aws:PrincipalTag/", "aws:RequestTag/", "aws:ResourceTag/"];

/// Keys holding system-generated IDs: no wildcards, no numeric operators in endpoint policies
/// (POL-4).
const SYSTEM_ID_KEYS: &[&str] = &[
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
];

/// Is `key` an AWS global condition key (any case)?
pub fn is_global_key(key: &str) -> bool {
    GLOBAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        || GLOBAL_KEY_PREFIXES.iter().any(|p| {
            key.len() > p.len()
                && key.is_char_boundary(p.len())
                && key[..p.len()].eq_ignore_ascii_case(p)
        })
}

pub use crate::suggest::edit_distance;

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    if len > 100 {
        return None; // not a typo of a short name; and the distance is quadratic
    }
    let limit = (len / 6).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit && *d < len)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn is_endpoint(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::GatewayEndpoint | PolicyKind::InterfaceEndpoint
    )
}

fn unknown_key_lint(key: &str, path: String, out: &mut Vec<Lint>) {
    if !key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) || is_global_key(key) {
        return;
    }
    let hint = closest(key, GLOBAL_KEYS.iter().copied())
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    out.push(Lint {
        code: UNKNOWN_GLOBAL_KEY.code,
        message: format!(
            "`{key}` is not an AWS global condition key: no request carries it, so the condition always sees a missing key{hint}"
        ),
        path,
        rule: UNKNOWN_GLOBAL_KEY.rule,
    });
}

/// A warning of kind `def` at `path`.
fn at(def: LintDef, message: String, path: String) -> Lint {
    Lint {
        code: def.code,
        message,
        path,
        rule: def.rule,
    }
}

/// Condition keys (and variables' keys) met in the statements, checked once all are read.
#[derive(Default)]
struct KeysSeen {
    /// Each key with the path it was met at.
    keys: Vec<(String, String)>,
    /// Whether any `${...}` variable was met.
    variables: bool,
}

impl KeysSeen {
    /// Notes the variables in `text`, met at `path`.
    fn variables_in(&mut self, text: &str, path: &str) {
        if vars::has_vars(text) {
            self.variables = true;
            for k in vars::variable_keys(text) {
                self.keys.push((k.to_string(), path.to_string()));
            }
        }
    }
}

/// Every warning for `doc` used as a policy of `kind`.
pub fn lint(doc: &PolicyDocument, kind: PolicyKind) -> Vec<Lint> {
    let mut out = Vec::new();
    document_lints(doc, kind, &mut out);
    let mut seen = KeysSeen::default();
    for (i, st) in doc.statements.iter().enumerate() {
        statement_lints(st, i, kind, &mut seen, &mut out);
    }
    key_lints(doc, seen, &mut out);
    out
}

/// The whole document's warnings: its length (POL-1), an endpoint policy without an Allow (POL-2).
fn document_lints(doc: &PolicyDocument, kind: PolicyKind, out: &mut Vec<Lint>) {
    if doc.text_len > 20_480 {
        out.push(at(
            TOO_LONG,
            format!(
                "the policy is {} characters; AWS allows 20,480 including whitespace",
                doc.text_len
            ),
            String::new(),
        ));
    }
    if is_endpoint(kind) && !doc.statements.iter().any(|s| s.effect == Effect::Allow) {
        out.push(at(
            DENY_ONLY,
            "the policy has no Allow statement, so it denies every request through the endpoint (add an Allow, e.g. AWS's default full-access statement)".into(),
            "Statement".into(),
        ));
    }
}

/// Statement `i`'s warnings: its principals, then each condition; its keys go to `seen`.
fn statement_lints(
    st: &Statement,
    i: usize,
    kind: PolicyKind,
    seen: &mut KeysSeen,
    out: &mut Vec<Lint>,
) {
    let sp = format!("Statement[{i}]");
    let label = st.label(i);
    principal_lints(st, &sp, &label, kind, out);
    for r in st.resource.iter().chain(st.not_resource.iter()).flatten() {
        seen.variables_in(r, &format!("{sp}.Resource"));
    }
    for c in &st.conditions {
        condition_lints(st, c, &sp, &label, kind, seen, out);
    }
}

/// A statement's principal warnings: none (POL-1), NotPrincipal with Allow (POL-15), and
/// principals named in a gateway endpoint policy (GW-19).
fn principal_lints(st: &Statement, sp: &str, label: &str, kind: PolicyKind, out: &mut Vec<Lint>) {
    let what = match kind {
        PolicyKind::GatewayEndpoint => "a gateway endpoint policy",
        PolicyKind::InterfaceEndpoint => "an interface endpoint policy",
        PolicyKind::Bucket => "a bucket policy",
    };
    if st.principal.is_none() && st.not_principal.is_none() {
        out.push(at(
            NO_PRINCIPAL,
            format!(
                "statement {label} has no Principal; AWS requires one in {what} (read here as \"*\")"
            ),
            sp.to_string(),
        ));
    }
    if st.not_principal.is_some() && st.effect == Effect::Allow {
        out.push(at(
            NOTPRINCIPAL_ALLOW,
            format!(
                "statement {label} allows with NotPrincipal: everyone not listed is allowed, anonymous callers included; prefer Principal \"*\" with an aws:PrincipalArn condition"
            ),
            format!("{sp}.NotPrincipal"),
        ));
    }
    if kind == PolicyKind::GatewayEndpoint
        && let Some(spec) = st.principal.as_ref().or(st.not_principal.as_ref())
        && !spec.is_everyone()
    {
        let element = if st.principal.is_some() {
            "Principal"
        } else {
            "NotPrincipal"
        };
        let mut named_other = false;
        for (t, v) in spec.entries() {
            if t != PrincipalType::Aws {
                named_other = true;
                continue;
            }
            if let Some(acct) = account_principal(v) {
                out.push(at(
                    GATEWAY_ACCOUNT_PRINCIPAL,
                    format!(
                        "`{v}` in a gateway endpoint policy names only the root user of account {acct}, not its users or roles; write Principal \"*\" with `StringEquals aws:PrincipalAccount {acct}`"
                    ),
                    format!("{sp}.{element}.AWS"),
                ));
            } else {
                named_other = true;
            }
        }
        if named_other {
            out.push(at(
                GATEWAY_PRINCIPAL,
                format!(
                    "statement {label} names principals {}; gateway endpoint policies take Principal \"*\" and restrict identities with an aws:PrincipalArn condition",
                    spec.describe()
                ),
                format!("{sp}.{element}"),
            ));
        }
    }
}

/// One condition's warnings: an unknown operator (POL-17), else what its operator does with its
/// key; its key and its values' variables go to `seen`.
fn condition_lints(
    st: &Statement,
    c: &Condition,
    sp: &str,
    label: &str,
    kind: PolicyKind,
    seen: &mut KeysSeen,
    out: &mut Vec<Lint>,
) {
    let cp = format!("{sp}.Condition.{}", c.operator);
    let kp = format!("{cp}.{}", c.key);
    seen.keys.push((c.key.clone(), kp.clone()));
    for v in &c.values {
        seen.variables_in(v, &kp);
    }
    let Some(op) = Operator::parse(&c.operator) else {
        let hint = closest(
            &c.operator,
            super::condition::BASE_OPERATORS.iter().map(|(n, _)| *n),
        )
        .map(|g| format!(" (did you mean `{g}`?)"))
        .unwrap_or_default();
        out.push(at(
            UNKNOWN_OPERATOR,
            format!(
                "`{}` is not a condition operator IAM knows; the condition is treated as not matching{hint}",
                c.operator
            ),
            cp,
        ));
        return;
    };
    operator_lints(st, c, op, sp, label, kind, out);
}

/// What a known operator does with its key: aws:SourceIp through an endpoint (POL-25, GW-20),
/// system-ID keys with wildcards or numbers (POL-4), ForAllValues in an Allow (POL-23).
fn operator_lints(
    st: &Statement,
    c: &Condition,
    op: Operator,
    sp: &str,
    label: &str,
    kind: PolicyKind,
    out: &mut Vec<Lint>,
) {
    let cp = format!("{sp}.Condition.{}", c.operator);
    let kp = format!("{cp}.{}", c.key);
    let key_is = |k: &str| c.key.eq_ignore_ascii_case(k);
    if key_is("aws:SourceIp") {
        use super::condition::BaseOperator as B;
        if st.effect == Effect::Deny && op.base == B::NotIpAddress {
            let whom = if is_endpoint(kind) {
                "every request through this endpoint"
            } else {
                "every request that comes through a VPC endpoint"
            };
            out.push(at(
                SOURCEIP_DENY,
                format!(
                    "statement {label} denies on NotIpAddress aws:SourceIp, but requests through a VPC endpoint carry no aws:SourceIp, so it denies {whom}; use aws:VpcSourceIp, aws:SourceVpce or aws:SourceVpc"
                ),
                kp.clone(),
            ));
        }
        if st.effect == Effect::Allow && op.base == B::IpAddress && is_endpoint(kind) {
            out.push(at(
                SOURCEIP_ALLOW,
                format!(
                    "statement {label} allows on IpAddress aws:SourceIp, which requests through a VPC endpoint never carry, so it never applies; use aws:VpcSourceIp"
                ),
                kp.clone(),
            ));
        }
    }
    if is_endpoint(kind) && SYSTEM_ID_KEYS.iter().any(|k| key_is(k)) {
        let wild = c.values.iter().any(|v| v.contains(['*', '?']));
        if op.base.is_numeric() || wild {
            out.push(at(
                WILDCARD_SYSTEM_ID,
                format!(
                    "`{}` holds a system-generated ID: AWS refuses {} with it in an endpoint policy; list the exact IDs",
                    c.key,
                    if op.base.is_numeric() {
                        "numeric operators"
                    } else {
                        "wildcards"
                    }
                ),
                kp.clone(),
            ));
        }
    }
    if st.effect == Effect::Allow && op.set == Some(SetQualifier::ForAllValues) {
        out.push(at(
            FORALLVALUES_ALLOW,
            format!(
                "statement {label} allows with {}: it holds when {} is absent, so requests without the key are allowed too; add a Null condition or use ForAnyValue",
                c.operator, c.key
            ),
            cp,
        ));
    }
}

/// The warnings about the keys met: each unknown aws: key once per path (POL-18), and variables
/// in a document whose Version ignores them (POL-16).
fn key_lints(doc: &PolicyDocument, seen: KeysSeen, out: &mut Vec<Lint>) {
    let mut once = std::collections::HashSet::new();
    for (k, path) in seen.keys {
        if once.insert((k.to_ascii_lowercase(), path.clone())) {
            unknown_key_lint(&k, path, out);
        }
    }
    if seen.variables && !doc.supports_variables() {
        out.push(Lint {
            code: VARIABLES_IGNORED.code,
            message: format!(
                "the policy uses ${{...}} variables but its Version is {}; they are read as plain text (write \"Version\": \"2012-10-17\")",
                doc.version.as_deref().map(|v| format!("`{v}`")).unwrap_or_else(|| "missing".into())
            ),
            path: "Version".into(),
            rule: VARIABLES_IGNORED.rule,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(
            edit_distance("aws:PrincpalAccount", "aws:PrincipalAccount"),
            1
        );
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(edit_distance("ABC", "abc"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            closest("aws:PrincpalAccount", GLOBAL_KEYS.iter().copied()),
            Some("aws:PrincipalAccount")
        );
        assert_eq!(
            closest("aws:SourceVPCE", GLOBAL_KEYS.iter().copied()),
            Some("aws:SourceVpce")
        );
        assert_eq!(
            closest("aws:Completely-different", GLOBAL_KEYS.iter().copied()),
            None
        );
    }

    #[test]
    fn global_keys() {
        assert!(is_global_key("aws:sourcevpce"));
        assert!(is_global_key("aws:PrincipalTag/team"));
        assert!(!is_global_key("aws:PrincipalTag/"));
        assert!(!is_global_key("aws:PrincpalAccount"));
        assert!(!is_global_key("s3:prefix"));
        for k in GLOBAL_KEYS {
            assert!(k.starts_with("aws:"), "{k}");
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for l in LINTS {
            assert!(seen.insert(l.code), "{}", l.code);
            assert!(l.code.starts_with("POLICY_"));
        }
    }
}
