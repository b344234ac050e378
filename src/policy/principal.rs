//! Who makes the request ([`Principal`]) and who a statement names ([`PrincipalSpec`]).
//!
//! Matching follows POL-5/POL-14 and GW-19: `"*"` is everyone including anonymous callers; an
//! account (`"111122223333"` or `arn:aws:iam::111122223333:root`) is every principal of that
//! account in bucket and interface-endpoint policies but only the account's root user in a
//! gateway-endpoint policy; a role ARN matches the role and its sessions; principal ARNs take no
//! wildcards.

use serde::Serialize;

use super::PolicyKind;

/// The caller of a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Principal {
    /// An unsigned request.
    Anonymous,
    /// An IAM identity: an account root (`arn:aws:iam::ACCT:root`), a user, a role, an
    /// assumed-role session (`arn:aws:sts::ACCT:assumed-role/NAME/SESSION`) or a federated user.
    Aws { arn: String, account: String },
}

/// The parts of an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ArnParts<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

pub(crate) fn arn_parts(arn: &str) -> Option<ArnParts<'_>> {
    let mut it = arn.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    Some(ArnParts {
        partition: it.next()?,
        service: it.next()?,
        region: it.next()?,
        account: it.next()?,
        resource: it.next()?,
    })
}

pub(crate) fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

impl Principal {
    /// The caller with this ARN (a 12-digit account id stands for the account's root user).
    /// The account is read from the ARN; it is empty when the ARN has none.
    pub fn from_arn(arn: &str) -> Principal {
        let arn = arn.trim();
        if is_account_id(arn) {
            return Principal::Aws {
                arn: format!("arn:aws:iam::{arn}:root"),
                account: arn.to_string(),
            };
        }
        let account = arn_parts(arn)
            .map(|p| p.account.to_string())
            .unwrap_or_default();
        Principal::Aws {
            arn: arn.to_string(),
            account,
        }
    }

    /// Command-line form: `anonymous` (or `*`), a 12-digit account id (its root user), or an
    /// IAM/STS ARN with an account.
    pub fn parse(s: &str) -> Result<Principal, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("anonymous") || s == "*" {
            return Ok(Principal::Anonymous);
        }
        if is_account_id(s) {
            return Ok(Principal::from_arn(s));
        }
        match arn_parts(s) {
            Some(p) if is_account_id(p.account) && (p.service == "iam" || p.service == "sts") => {
                Ok(Principal::from_arn(s))
            }
            Some(_) => Err(format!(
                "`{s}` is not an IAM or STS principal ARN with a 12-digit account (e.g. arn:aws:iam::111122223333:role/app)"
            )),
            None => Err(format!(
                "`{s}` is not a principal: use `anonymous`, a 12-digit account id, or an ARN such as arn:aws:iam::111122223333:role/app"
            )),
        }
    }

    pub fn arn(&self) -> Option<&str> {
        match self {
            Principal::Anonymous => None,
            Principal::Aws { arn, .. } => Some(arn),
        }
    }

    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::Anonymous => None,
            Principal::Aws { account, .. } if !account.is_empty() => Some(account),
            Principal::Aws { .. } => None,
        }
    }

    /// The value of `aws:PrincipalArn`: the role ARN for a role session (POL-26), else the
    /// caller's ARN; None for anonymous callers. A session ARN does not carry the role's path,
    /// so the role ARN is rebuilt without one.
    pub fn principal_arn(&self) -> Option<String> {
        let arn = self.arn()?;
        if let Some(p) = arn_parts(arn)
            && p.service == "sts"
            && let Some(rest) = p.resource.strip_prefix("assumed-role/")
        {
            let role = rest.split('/').next().unwrap_or(rest);
            return Some(format!(
                "arn:{}:iam::{}:role/{role}",
                p.partition, p.account
            ));
        }
        Some(arn.to_string())
    }

    /// The value of `aws:PrincipalType`: `Account`, `User`, `AssumedRole`, `FederatedUser` or
    /// `Anonymous`.
    pub fn principal_type(&self) -> &'static str {
        let Some(arn) = self.arn() else {
            return "Anonymous";
        };
        match arn_parts(arn) {
            Some(p) if p.service == "iam" && p.resource == "root" => "Account",
            Some(p) if p.service == "iam" && p.resource.starts_with("user/") => "User",
            Some(p) if p.service == "iam" && p.resource.starts_with("role/") => "AssumedRole",
            Some(p) if p.service == "sts" && p.resource.starts_with("assumed-role/") => {
                "AssumedRole"
            }
            Some(p) if p.service == "sts" && p.resource.starts_with("federated-user/") => {
                "FederatedUser"
            }
            _ => "Unknown",
        }
    }

    /// The value of `aws:username` (IAM users only).
    pub fn username(&self) -> Option<&str> {
        let p = arn_parts(self.arn()?)?;
        if p.service != "iam" {
            return None;
        }
        let name = p.resource.strip_prefix("user/")?;
        name.rsplit('/').next()
    }

    /// True for the root user of an account.
    pub fn is_root(&self) -> bool {
        self.principal_type() == "Account"
    }

    /// Short text for explanations: the ARN, or `anonymous`.
    pub fn describe(&self) -> &str {
        self.arn().unwrap_or("anonymous")
    }
}

/// The kind of principal a statement names (the key inside a `Principal` map).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PrincipalType {
    #[serde(rename = "AWS")]
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalType {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }

    pub fn from_key(k: &str) -> Option<PrincipalType> {
        Some(match k {
            "AWS" => PrincipalType::Aws,
            "Service" => PrincipalType::Service,
            "Federated" => PrincipalType::Federated,
            "CanonicalUser" => PrincipalType::CanonicalUser,
            _ => return None,
        })
    }
}

/// The `Principal` or `NotPrincipal` element of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalSpec {
    /// `"*"`: everyone, anonymous callers included.
    Everyone,
    /// `{"AWS": ..., "Service": ..., ...}` in document order.
    Map(Vec<(PrincipalType, Vec<String>)>),
}

impl PrincipalSpec {
    /// Every `(type, value)` pair.
    pub fn entries(&self) -> impl Iterator<Item = (PrincipalType, &str)> {
        let v: Vec<(PrincipalType, &str)> = match self {
            PrincipalSpec::Everyone => vec![(PrincipalType::Aws, "*")],
            PrincipalSpec::Map(m) => m
                .iter()
                .flat_map(|(t, vs)| vs.iter().map(move |v| (*t, v.as_str())))
                .collect(),
        };
        v.into_iter()
    }

    /// True when the spec names everyone (`"*"` or `{"AWS": "*"}`).
    pub fn is_everyone(&self) -> bool {
        self.entries()
            .any(|(t, v)| t == PrincipalType::Aws && v == "*")
    }

    /// The AWS JSON form.
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            PrincipalSpec::Everyone => Value::String("*".into()),
            PrincipalSpec::Map(m) => Value::Object(
                m.iter()
                    .map(|(t, vs)| (t.as_str().to_string(), super::document::one_or_many(vs)))
                    .collect(),
            ),
        }
    }

    /// Text for explanations: `*` or `[AWS 111122223333, Service ec2.amazonaws.com]`.
    pub fn describe(&self) -> String {
        match self {
            PrincipalSpec::Everyone => "\"*\"".into(),
            PrincipalSpec::Map(_) => {
                let items: Vec<String> = self
                    .entries()
                    .map(|(t, v)| match t {
                        PrincipalType::Aws => v.to_string(),
                        t => format!("{} {v}", t.as_str()),
                    })
                    .collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
}

impl Serialize for PrincipalSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

/// How one named principal relates to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdMatch {
    Yes,
    No,
    /// An account principal in a gateway endpoint policy whose account is the caller's but the
    /// caller is not the root user (GW-19).
    GatewayRootOnly,
}

/// The account an AWS principal value stands for, when it names a whole account.
pub(crate) fn account_principal(value: &str) -> Option<&str> {
    if is_account_id(value) {
        return Some(value);
    }
    let p = arn_parts(value)?;
    (p.service == "iam" && p.resource == "root").then_some(p.account)
}

/// The final name of `role/...` or `user/...` resources: `(kind, name)`.
fn iam_entity(resource: &str) -> Option<(&str, &str)> {
    let (kind, rest) = resource.split_once('/')?;
    if kind != "role" && kind != "user" {
        return None;
    }
    Some((kind, rest.rsplit('/').next().unwrap_or(rest)))
}

/// Does one `AWS` principal value name the caller?
pub(crate) fn aws_value_matches(value: &str, caller: &Principal, kind: PolicyKind) -> IdMatch {
    if value == "*" {
        return IdMatch::Yes;
    }
    let Principal::Aws { arn, account } = caller else {
        return IdMatch::No; // only "*" matches anonymous callers (POL-14)
    };
    if let Some(acct) = account_principal(value) {
        if acct != account {
            return IdMatch::No;
        }
        return match kind {
            PolicyKind::GatewayEndpoint if !caller.is_root() => IdMatch::GatewayRootOnly,
            _ => IdMatch::Yes,
        };
    }
    if value == arn {
        return IdMatch::Yes;
    }
    let (Some(want), Some(have)) = (arn_parts(value), arn_parts(arn)) else {
        return IdMatch::No;
    };
    if want.account != have.account || want.partition != have.partition {
        return IdMatch::No;
    }
    // Role and user names are unique in an account whatever their path.
    if want.service == "iam"
        && let Some((wk, wname)) = iam_entity(want.resource)
    {
        if have.service == "iam"
            && let Some((hk, hname)) = iam_entity(have.resource)
        {
            return if wk == hk && wname == hname {
                IdMatch::Yes
            } else {
                IdMatch::No
            };
        }
        // A role names its sessions too.
        if wk == "role"
            && have.service == "sts"
            && let Some(rest) = have.resource.strip_prefix("assumed-role/")
            && rest.split('/').next() == Some(wname)
        {
            return IdMatch::Yes;
        }
    }
    IdMatch::No
}

/// Does the spec name the caller? Returns the strongest per-value outcome.
pub(crate) fn spec_matches(spec: &PrincipalSpec, caller: &Principal, kind: PolicyKind) -> IdMatch {
    let mut best = IdMatch::No;
    for (t, v) in spec.entries() {
        if t != PrincipalType::Aws {
            // Service, federated and canonical-user principals never name an IAM caller,
            // except the everyone wildcard.
            if v == "*" {
                return IdMatch::Yes;
            }
            continue;
        }
        match aws_value_matches(v, caller, kind) {
            IdMatch::Yes => return IdMatch::Yes,
            IdMatch::GatewayRootOnly => best = IdMatch::GatewayRootOnly,
            IdMatch::No => {}
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use PolicyKind::*;

    fn p(a: &str) -> Principal {
        Principal::from_arn(a)
    }

    #[test]
    fn caller_facts() {
        let s = p("arn:aws:sts::111122223333:assumed-role/app/i-123");
        assert_eq!(s.account(), Some("111122223333"));
        assert_eq!(
            s.principal_arn().as_deref(),
            Some("arn:aws:iam::111122223333:role/app")
        );
        assert_eq!(s.principal_type(), "AssumedRole");
        let u = p("arn:aws:iam::111122223333:user/dev/alice");
        assert_eq!(u.username(), Some("alice"));
        assert_eq!(u.principal_type(), "User");
        let r = p("111122223333");
        assert!(r.is_root());
        assert_eq!(r.arn(), Some("arn:aws:iam::111122223333:root"));
        assert_eq!(Principal::Anonymous.principal_arn(), None);
        assert_eq!(Principal::Anonymous.principal_type(), "Anonymous");
        assert_eq!(Principal::parse("anonymous"), Ok(Principal::Anonymous));
        assert!(Principal::parse("arn:aws:s3:::bucket").is_err());
        assert!(Principal::parse("bob").is_err());
        assert_eq!(
            Principal::parse("arn:aws:iam::111122223333:role/app")
                .unwrap()
                .account(),
            Some("111122223333")
        );
    }

    #[test]
    fn account_principal_depends_on_the_policy_kind() {
        let role = p("arn:aws:iam::111122223333:role/app");
        for v in ["111122223333", "arn:aws:iam::111122223333:root"] {
            assert_eq!(aws_value_matches(v, &role, Bucket), IdMatch::Yes);
            assert_eq!(aws_value_matches(v, &role, InterfaceEndpoint), IdMatch::Yes);
            assert_eq!(
                aws_value_matches(v, &role, GatewayEndpoint),
                IdMatch::GatewayRootOnly
            );
            assert_eq!(
                aws_value_matches(v, &p("111122223333"), GatewayEndpoint),
                IdMatch::Yes
            );
            assert_eq!(
                aws_value_matches(v, &p("arn:aws:iam::444455556666:role/app"), Bucket),
                IdMatch::No
            );
        }
    }

    #[test]
    fn roles_users_sessions() {
        let role = "arn:aws:iam::111122223333:role/app";
        let session = p("arn:aws:sts::111122223333:assumed-role/app/s1");
        assert_eq!(aws_value_matches(role, &session, Bucket), IdMatch::Yes);
        assert_eq!(
            aws_value_matches("arn:aws:iam::111122223333:role/ops/app", &session, Bucket),
            IdMatch::Yes
        );
        assert_eq!(
            aws_value_matches("arn:aws:iam::111122223333:role/other", &session, Bucket),
            IdMatch::No
        );
        assert_eq!(
            aws_value_matches("arn:aws:iam::444455556666:role/app", &session, Bucket),
            IdMatch::No
        );
        // A session ARN names only that session.
        assert_eq!(
            aws_value_matches(
                "arn:aws:sts::111122223333:assumed-role/app/s2",
                &session,
                Bucket
            ),
            IdMatch::No
        );
        // A user is not a role of the same name.
        assert_eq!(
            aws_value_matches("arn:aws:iam::111122223333:user/app", &p(role), Bucket),
            IdMatch::No
        );
        // No partial wildcards in principals.
        assert_eq!(
            aws_value_matches("arn:aws:iam::111122223333:role/*", &p(role), Bucket),
            IdMatch::No
        );
        assert_eq!(
            aws_value_matches("*", &Principal::Anonymous, Bucket),
            IdMatch::Yes
        );
        assert_eq!(
            aws_value_matches("111122223333", &Principal::Anonymous, Bucket),
            IdMatch::No
        );
    }

    #[test]
    fn service_principals_do_not_name_iam_callers() {
        let spec = PrincipalSpec::Map(vec![(
            PrincipalType::Service,
            vec!["ec2.amazonaws.com".into()],
        )]);
        assert_eq!(
            spec_matches(&spec, &p("arn:aws:iam::111122223333:role/app"), Bucket),
            IdMatch::No
        );
        assert!(!spec.is_everyone());
        assert!(PrincipalSpec::Everyone.is_everyone());
        assert_eq!(spec.describe(), "[Service ec2.amazonaws.com]");
    }
}
