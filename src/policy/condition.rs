//! Condition operators and their evaluation (POL-17 … POL-23).
//!
//! One condition is one (operator, key, values) triple; a statement's conditions are ANDed by
//! the caller. Within one condition, policy values are ORed for positive operators and act as
//! "matches none of them" for negated operators. A key absent from the request makes every
//! operator false except negated ones and `…IfExists` (true), `Null`, and `ForAllValues:` (true).

use serde::Serialize;
use std::borrow::Cow;
use std::net::IpAddr;

use super::document::Condition;
use super::glob::{self, Tok, wildcard_match};
use super::vars;

/// The operator without its qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

use BaseOperator as B;

/// Every base operator with its name.
pub const BASE_OPERATORS: &[(&str, BaseOperator)] = &[
    ("StringEquals", B::StringEquals),
    ("StringNotEquals", B::StringNotEquals),
    ("StringEqualsIgnoreCase", B::StringEqualsIgnoreCase),
    ("StringNotEqualsIgnoreCase", B::StringNotEqualsIgnoreCase),
    ("StringLike", B::StringLike),
    ("StringNotLike", B::StringNotLike),
    ("NumericEquals", B::NumericEquals),
    ("NumericNotEquals", B::NumericNotEquals),
    ("NumericLessThan", B::NumericLessThan),
    ("NumericLessThanEquals", B::NumericLessThanEquals),
    ("NumericGreaterThan", B::NumericGreaterThan),
    ("NumericGreaterThanEquals", B::NumericGreaterThanEquals),
    ("DateEquals", B::DateEquals),
    ("DateNotEquals", B::DateNotEquals),
    ("DateLessThan", B::DateLessThan),
    ("DateLessThanEquals", B::DateLessThanEquals),
    ("DateGreaterThan", B::DateGreaterThan),
    ("DateGreaterThanEquals", B::DateGreaterThanEquals),
    ("Bool", B::Bool),
    ("BinaryEquals", B::BinaryEquals),
    ("IpAddress", B::IpAddress),
    ("NotIpAddress", B::NotIpAddress),
    ("ArnEquals", B::ArnEquals),
    ("ArnLike", B::ArnLike),
    ("ArnNotEquals", B::ArnNotEquals),
    ("ArnNotLike", B::ArnNotLike),
    ("Null", B::Null),
];

/// `ForAnyValue:` / `ForAllValues:` (POL-23).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SetQualifier {
    ForAnyValue,
    ForAllValues,
}

/// A parsed condition operator, e.g. `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Operator {
    pub set: Option<SetQualifier>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

/// What a base operator compares, and whether it is the negation of that comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    StrEq,
    StrEqCi,
    StrLike,
    Num(Ord3),
    Date(Ord3),
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ord3 {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Ord3 {
    fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Ord3::Eq => o == Equal,
            Ord3::Lt => o == Less,
            Ord3::Le => o != Greater,
            Ord3::Gt => o == Greater,
            Ord3::Ge => o != Less,
        }
    }
}

impl BaseOperator {
    pub fn name(self) -> &'static str {
        BASE_OPERATORS
            .iter()
            .find(|(_, b)| *b == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    /// Negated operators are true when the key is absent (POL-18).
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            B::StringNotEquals
                | B::StringNotEqualsIgnoreCase
                | B::StringNotLike
                | B::NumericNotEquals
                | B::DateNotEquals
                | B::NotIpAddress
                | B::ArnNotEquals
                | B::ArnNotLike
        )
    }

    /// Operators whose values may hold policy variables (POL-22).
    pub fn takes_variables(self) -> bool {
        matches!(
            self.cmp(),
            Cmp::StrEq | Cmp::StrEqCi | Cmp::StrLike | Cmp::Arn | Cmp::Bool
        )
    }

    /// String and ARN operators (where wildcard validation rules apply, POL-4).
    pub fn is_string_like(self) -> bool {
        matches!(
            self.cmp(),
            Cmp::StrEq | Cmp::StrEqCi | Cmp::StrLike | Cmp::Arn
        )
    }

    pub fn is_numeric(self) -> bool {
        matches!(self.cmp(), Cmp::Num(_))
    }

    /// Operators that treat `*` and `?` as wildcards.
    pub fn has_wildcards(self) -> bool {
        matches!(self.cmp(), Cmp::StrLike | Cmp::Arn)
    }

    fn cmp(self) -> Cmp {
        match self {
            B::StringEquals | B::StringNotEquals => Cmp::StrEq,
            B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => Cmp::StrEqCi,
            B::StringLike | B::StringNotLike => Cmp::StrLike,
            B::NumericEquals | B::NumericNotEquals => Cmp::Num(Ord3::Eq),
            B::NumericLessThan => Cmp::Num(Ord3::Lt),
            B::NumericLessThanEquals => Cmp::Num(Ord3::Le),
            B::NumericGreaterThan => Cmp::Num(Ord3::Gt),
            B::NumericGreaterThanEquals => Cmp::Num(Ord3::Ge),
            B::DateEquals | B::DateNotEquals => Cmp::Date(Ord3::Eq),
            B::DateLessThan => Cmp::Date(Ord3::Lt),
            B::DateLessThanEquals => Cmp::Date(Ord3::Le),
            B::DateGreaterThan => Cmp::Date(Ord3::Gt),
            B::DateGreaterThanEquals => Cmp::Date(Ord3::Ge),
            B::Bool => Cmp::Bool,
            B::BinaryEquals => Cmp::Binary,
            B::IpAddress | B::NotIpAddress => Cmp::Ip,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => Cmp::Arn,
            B::Null => Cmp::Null,
        }
    }
}

impl Operator {
    /// Parse an operator name. Qualifier and names are matched case-insensitively; `Null`
    /// takes no `IfExists`.
    pub fn parse(s: &str) -> Option<Operator> {
        let (set, rest) = match s.split_once(':') {
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAnyValue") => {
                (Some(SetQualifier::ForAnyValue), rest)
            }
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAllValues") => {
                (Some(SetQualifier::ForAllValues), rest)
            }
            Some(_) => return None,
            None => (None, s),
        };
        let find = |name: &str| {
            BASE_OPERATORS
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, b)| *b)
        };
        if let Some(base) = find(rest) {
            return Some(Operator {
                set,
                base,
                if_exists: false,
            });
        }
        let n = rest.len();
        if n > 8 && rest.is_char_boundary(n - 8) && rest[n - 8..].eq_ignore_ascii_case("IfExists") {
            let base = find(&rest[..n - 8])?;
            if base == B::Null {
                return None;
            }
            return Some(Operator {
                set,
                base,
                if_exists: true,
            });
        }
        None
    }

    pub fn is_negated(&self) -> bool {
        self.base.is_negated()
    }

    /// The canonical name, e.g. `ForAnyValue:StringLikeIfExists`.
    pub fn name(&self) -> String {
        let mut s = String::new();
        match self.set {
            Some(SetQualifier::ForAnyValue) => s.push_str("ForAnyValue:"),
            Some(SetQualifier::ForAllValues) => s.push_str("ForAllValues:"),
            None => {}
        }
        s.push_str(self.base.name());
        if self.if_exists {
            s.push_str("IfExists");
        }
        s
    }
}

/// What the evaluator gives a condition: key lookup (case-insensitive, derived keys included)
/// and whether policy variables apply.
pub(crate) trait Lookup {
    fn values(&self, key: &str) -> Option<Cow<'_, [String]>>;
    fn variables(&self) -> bool;
    /// First value of a key, for variable substitution.
    fn first(&self, key: &str) -> Option<String> {
        self.values(key).and_then(|v| v.first().cloned())
    }
}

/// Result of one condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CondOutcome {
    pub ok: bool,
    /// Why it failed, or (when `ok`) a note when it held only because the key was absent.
    pub reason: Option<String>,
    /// The key was absent from the request.
    pub absent: bool,
    /// The operator is not one IAM knows.
    pub unknown_operator: bool,
}

fn list(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}

fn shown(v: &[String]) -> String {
    match v {
        [one] => one.clone(),
        many => list(many),
    }
}

/// Milliseconds since 1970 for an ISO 8601 date/time (`2018-08-16`, `2018-08-16T12:00:00Z`,
/// with fractions and `±HH:MM` offsets) or epoch seconds.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && !s[1..].contains('-')
    {
        let secs: f64 = s.parse().ok()?;
        return Some((secs * 1000.0).round() as i64);
    }
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, mo, d) * 86_400_000;
    let mut i = 10;
    if i < b.len() && matches!(b[i], b'T' | b't' | b' ') {
        let h = num(i + 1, 2)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        let mi = num(i + 4, 2)?;
        i += 6;
        let mut sec = 0;
        if b.get(i) == Some(&b':') {
            sec = num(i + 1, 2)?;
            i += 3;
        }
        let mut frac_ms = 0;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == start {
                return None;
            }
            let digits = &s[start..j.min(start + 3)];
            frac_ms = digits.parse::<i64>().ok()? * 10i64.pow(3 - digits.len() as u32);
            i = j;
        }
        if h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        ms += ((h * 60 + mi) * 60 + sec) * 1000 + frac_ms;
        match b.get(i) {
            None => {}
            Some(b'Z' | b'z') if i + 1 == b.len() => {}
            Some(&sign @ (b'+' | b'-')) => {
                let oh = num(i + 1, 2)?;
                let om = match b.get(i + 3) {
                    Some(b':') => num(i + 4, 2)?,
                    Some(_) => num(i + 3, 2)?,
                    None => 0,
                };
                let off = (oh * 60 + om) * 60_000;
                ms += if sign == b'+' { -off } else { off };
            }
            _ => return None,
        }
    } else if i != b.len() {
        return None;
    }
    Some(ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_net(s: &str) -> Option<ipnet::IpNet> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(ipnet::IpNet::from))
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<ipnet::IpNet>().ok().map(|n| n.addr()))
}

fn split_tokens(toks: &[Tok]) -> Vec<&[Tok]> {
    toks.split(|t| *t == Tok::Lit(b':')).collect()
}

/// ARN matching per colon-separated component (POL-20): wildcards never cross a colon.
fn arn_match(pattern: &str, value: &str, cx: &dyn Lookup) -> bool {
    if pattern == "*" {
        return true;
    }
    let vparts: Vec<&str> = value.split(':').collect();
    if cx.variables() && vars::has_vars(pattern) {
        let Some(toks) = vars::expand_tokens(pattern, &|k| cx.first(k)) else {
            return false;
        };
        let pparts = split_tokens(&toks);
        return pparts.len() == vparts.len()
            && pparts
                .iter()
                .zip(&vparts)
                .all(|(p, v)| glob::matches(*p, v, false));
    }
    let mut pparts = pattern.split(':');
    let mut n = 0;
    for v in &vparts {
        match pparts.next() {
            Some(p) if wildcard_match(p, v, false) => n += 1,
            _ => return false,
        }
    }
    pparts.next().is_none() && n == vparts.len()
}

/// Does one request value match one policy value under the positive form of the comparison?
fn value_matches(cmp: Cmp, pv: &str, rv: &str, cx: &dyn Lookup) -> bool {
    let vars_on = cx.variables() && vars::has_vars(pv);
    let expanded = || -> Option<Cow<'_, str>> {
        if vars_on {
            vars::expand_string(pv, &|k| cx.first(k)).map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(pv))
        }
    };
    match cmp {
        Cmp::StrEq => expanded().is_some_and(|p| p == rv),
        Cmp::StrEqCi => expanded()
            .is_some_and(|p| p.eq_ignore_ascii_case(rv) || p.to_lowercase() == rv.to_lowercase()),
        Cmp::StrLike => {
            if vars_on {
                vars::expand_tokens(pv, &|k| cx.first(k))
                    .is_some_and(|t| glob::matches(t.as_slice(), rv, false))
            } else {
                wildcard_match(pv, rv, false)
            }
        }
        Cmp::Num(o) => match (pv.trim().parse::<f64>(), rv.trim().parse::<f64>()) {
            (Ok(p), Ok(r)) => r.partial_cmp(&p).is_some_and(|c| o.holds(c)),
            _ => false,
        },
        Cmp::Date(o) => match (parse_date(pv), parse_date(rv)) {
            (Some(p), Some(r)) => o.holds(r.cmp(&p)),
            _ => false,
        },
        Cmp::Bool => expanded().is_some_and(|p| p.trim().eq_ignore_ascii_case(rv.trim())),
        Cmp::Binary => pv == rv,
        Cmp::Ip => match (parse_net(pv), parse_ip(rv)) {
            (Some(n), Some(a)) => n.contains(&a),
            _ => false,
        },
        Cmp::Arn => arn_match(pv, rv, cx),
        Cmp::Null => false,
    }
}

/// Evaluate one condition against the request.
pub(crate) fn evaluate(c: &Condition, cx: &dyn Lookup) -> CondOutcome {
    let Some(op) = Operator::parse(&c.operator) else {
        let hint = super::lint::closest(&c.operator, BASE_OPERATORS.iter().map(|(n, _)| *n))
            .map(|g| format!(" (did you mean {g}?)"))
            .unwrap_or_default();
        return CondOutcome {
            ok: false,
            reason: Some(format!(
                "condition operator {} is not one IAM knows, so the condition does not match{hint}",
                c.operator
            )),
            absent: false,
            unknown_operator: true,
        };
    };
    let got = cx.values(&c.key);
    let absent = got.as_deref().is_none_or(|v| v.is_empty());
    let fail = |reason: String, absent: bool| CondOutcome {
        ok: false,
        reason: Some(reason),
        absent,
        unknown_operator: false,
    };
    let pass = |note: Option<String>, absent: bool| CondOutcome {
        ok: true,
        reason: note,
        absent,
        unknown_operator: false,
    };
    let opname = &c.operator;
    let key = &c.key;

    if op.base == B::Null {
        let ok = c.values.iter().any(|pv| {
            let pv = pv.trim();
            (pv.eq_ignore_ascii_case("true") && absent)
                || (pv.eq_ignore_ascii_case("false") && !absent)
        });
        return if ok {
            pass(None, absent)
        } else if absent {
            fail(
                format!(
                    "condition Null {key}: key absent, policy wants it present ({})",
                    list(&c.values)
                ),
                true,
            )
        } else {
            fail(
                format!(
                    "condition Null {key}: key present, policy wants it absent ({})",
                    list(&c.values)
                ),
                false,
            )
        };
    }

    let cmp = op.base.cmp();
    let negated = op.is_negated();
    // One request value against all policy values: any match for positive operators, no
    // match for negated ones.
    let value_ok = |rv: &str| {
        let any = c.values.iter().any(|pv| value_matches(cmp, pv, rv, cx));
        any != negated
    };
    let want = if negated {
        "policy excludes"
    } else {
        "policy wants"
    };

    match op.set {
        None => {
            let Some(vals) = got.as_deref().filter(|v| !v.is_empty()) else {
                if op.if_exists {
                    return pass(
                        Some(format!(
                            "condition {opname} {key}: key absent, so IfExists holds (POL-18)"
                        )),
                        true,
                    );
                }
                if negated {
                    return pass(
                        Some(format!(
                            "condition {opname} {key}: key absent, and a negated operator holds on a missing key (POL-18)"
                        )),
                        true,
                    );
                }
                return fail(format!("condition key {key} absent (POL-18)"), true);
            };
            // Several request values without a set qualifier: positive operators need one
            // value to match, negated ones need every value to stay clear.
            let ok = if negated {
                vals.iter().all(|v| value_ok(v))
            } else {
                vals.iter().any(|v| value_ok(v))
            };
            if ok {
                pass(None, false)
            } else {
                fail(
                    format!(
                        "condition {opname} {key}: request has {}, {want} {}",
                        shown(vals),
                        list(&c.values)
                    ),
                    false,
                )
            }
        }
        Some(SetQualifier::ForAnyValue) => {
            let Some(vals) = got.as_deref().filter(|v| !v.is_empty()) else {
                if op.if_exists && got.is_none() {
                    return pass(
                        Some(format!(
                            "condition {opname} {key}: key absent, so IfExists holds (POL-18)"
                        )),
                        true,
                    );
                }
                return fail(
                    format!(
                        "condition key {key} absent: ForAnyValue is false on a missing or empty key (POL-23)"
                    ),
                    true,
                );
            };
            if vals.iter().any(|v| value_ok(v)) {
                pass(None, false)
            } else {
                fail(
                    format!(
                        "condition {opname} {key}: no request value of {} fits, {want} {}",
                        list(vals),
                        list(&c.values)
                    ),
                    false,
                )
            }
        }
        Some(SetQualifier::ForAllValues) => {
            let Some(vals) = got.as_deref().filter(|v| !v.is_empty()) else {
                return pass(
                    Some(format!(
                        "condition {opname} {key}: key absent or empty, and ForAllValues holds on a missing key (POL-23)"
                    )),
                    true,
                );
            };
            match vals.iter().find(|v| !value_ok(v)) {
                None => pass(None, false),
                Some(bad) => fail(
                    format!(
                        "condition {opname} {key}: request value {bad} does not fit, {want} {}",
                        list(&c.values)
                    ),
                    false,
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::ContextKeys;

    struct Cx(ContextKeys, bool);
    impl Lookup for Cx {
        fn values(&self, key: &str) -> Option<Cow<'_, [String]>> {
            self.0.get(key).map(Cow::Borrowed)
        }
        fn variables(&self) -> bool {
            self.1
        }
    }

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: op.into(),
            key: key.into(),
            values: values.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn ok(op: &str, key: &str, values: &[&str], ctx: &[(&str, &str)]) -> bool {
        let cx = Cx(ctx.iter().copied().collect(), true);
        evaluate(&cond(op, key, values), &cx).ok
    }

    fn ok_multi(op: &str, values: &[&str], req: Option<&[&str]>) -> bool {
        let mut c = ContextKeys::new();
        if let Some(r) = req {
            c.insert_multi("aws:TagKeys", r.iter().copied());
        }
        evaluate(&cond(op, "aws:TagKeys", values), &Cx(c, true)).ok
    }

    #[test]
    fn operator_names() {
        let o = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(o.set, Some(SetQualifier::ForAnyValue));
        assert_eq!(o.base, B::StringLike);
        assert!(o.if_exists);
        assert_eq!(o.name(), "ForAnyValue:StringLikeIfExists");
        assert_eq!(
            Operator::parse("stringequals").unwrap().base,
            B::StringEquals
        );
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("StringEqualz").is_none());
        assert!(Operator::parse("ForSomeValues:StringEquals").is_none());
        assert!(Operator::parse("IfExists").is_none());
        for (n, b) in BASE_OPERATORS {
            assert_eq!(Operator::parse(n).unwrap().base, *b);
            assert_eq!(b.name(), *n);
            if *b != B::Null {
                assert!(Operator::parse(&format!("{n}IfExists")).unwrap().if_exists);
            }
        }
    }

    #[test]
    fn strings() {
        let k = "aws:SourceVpce";
        let have = [(k, "vpce-1")];
        assert!(ok("StringEquals", k, &["vpce-1"], &have));
        assert!(ok("StringEquals", k, &["vpce-2", "vpce-1"], &have)); // OR across values
        assert!(!ok("StringEquals", k, &["VPCE-1"], &have));
        assert!(!ok("StringEquals", k, &["vpce-*"], &have)); // no wildcards
        assert!(ok("StringEqualsIgnoreCase", k, &["VPCE-1"], &have));
        assert!(!ok("StringNotEqualsIgnoreCase", k, &["VPCE-1"], &have));
        assert!(ok("StringLike", k, &["vpce-*"], &have));
        assert!(ok("StringLike", k, &["vpce-?"], &have));
        assert!(!ok("StringLike", k, &["VPCE-*"], &have));
        assert!(!ok("StringNotEquals", k, &["vpce-1"], &have));
        assert!(ok("StringNotEquals", k, &["vpce-2"], &have));
        // Negated with several values: "matches none" (POL-17).
        assert!(!ok("StringNotEquals", k, &["vpce-2", "vpce-1"], &have));
        assert!(ok("StringNotLike", k, &["vpce-2*"], &have));
        assert!(!ok("StringNotLike", k, &["vpce-*"], &have));
        // Key names are case-insensitive.
        assert!(ok("StringEquals", "AWS:SOURCEVPCE", &["vpce-1"], &have));
    }

    #[test]
    fn absent_keys() {
        let k = "aws:PrincipalOrgID";
        for op in [
            "StringEquals",
            "StringLike",
            "StringEqualsIgnoreCase",
            "ArnLike",
            "ArnEquals",
            "IpAddress",
            "NumericLessThan",
            "DateGreaterThan",
            "Bool",
            "BinaryEquals",
        ] {
            assert!(!ok(op, k, &["x"], &[]), "{op}");
            assert!(ok(&format!("{op}IfExists"), k, &["x"], &[]), "{op}IfExists");
        }
        for op in [
            "StringNotEquals",
            "StringNotLike",
            "StringNotEqualsIgnoreCase",
            "ArnNotLike",
            "ArnNotEquals",
            "NotIpAddress",
            "NumericNotEquals",
            "DateNotEquals",
        ] {
            assert!(ok(op, k, &["x"], &[]), "{op}");
            assert!(ok(&format!("{op}IfExists"), k, &["x"], &[]), "{op}IfExists");
        }
        let cx = Cx(ContextKeys::new(), true);
        let out = evaluate(&cond("StringEquals", k, &["o-1"]), &cx);
        assert_eq!(
            out.reason.as_deref(),
            Some("condition key aws:PrincipalOrgID absent (POL-18)")
        );
        assert!(out.absent);
        // IfExists with the key present is the plain operator.
        assert!(!ok("StringEqualsIfExists", k, &["o-1"], &[(k, "o-2")]));
        assert!(ok("StringEqualsIfExists", k, &["o-1"], &[(k, "o-1")]));
    }

    #[test]
    fn null() {
        let k = "aws:TokenIssueTime";
        assert!(ok("Null", k, &["true"], &[]));
        assert!(!ok("Null", k, &["true"], &[(k, "x")]));
        assert!(ok("Null", k, &["false"], &[(k, "x")]));
        assert!(!ok("Null", k, &["false"], &[]));
        assert!(!ok("Null", k, &["maybe"], &[]));
    }

    #[test]
    fn numbers_dates_bools_binary() {
        let k = "aws:MultiFactorAuthAge";
        assert!(ok("NumericLessThan", k, &["3600"], &[(k, "100")]));
        assert!(!ok("NumericLessThan", k, &["3600"], &[(k, "3600")]));
        assert!(ok("NumericLessThanEquals", k, &["3600"], &[(k, "3600")]));
        assert!(ok("NumericGreaterThan", k, &["10"], &[(k, "10.5")]));
        assert!(!ok("NumericGreaterThanEquals", k, &["10"], &[(k, "9")]));
        assert!(ok("NumericEquals", k, &["10"], &[(k, "10.0")]));
        assert!(ok("NumericNotEquals", k, &["10"], &[(k, "11")]));
        assert!(!ok("NumericEquals", k, &["ten"], &[(k, "10")]));
        let t = "aws:CurrentTime";
        assert!(ok(
            "DateGreaterThan",
            t,
            &["2018-08-16T12:00:00Z"],
            &[(t, "2019-04-25T11:00:00Z")]
        ));
        assert!(!ok(
            "DateGreaterThan",
            t,
            &["2018-08-16T12:00:00Z"],
            &[(t, "2014-04-25T11:00:00Z")]
        ));
        assert!(ok(
            "DateLessThan",
            t,
            &["2018-08-16"],
            &[(t, "2018-08-15T23:59:59Z")]
        ));
        assert!(ok(
            "DateEquals",
            t,
            &["2018-08-16T12:00:00Z"],
            &[(t, "2018-08-16T14:00:00+02:00")]
        ));
        assert!(ok(
            "DateEquals",
            t,
            &["1534420800"],
            &[(t, "2018-08-16T12:00:00Z")]
        ));
        assert!(ok(
            "DateLessThanEquals",
            t,
            &["2018-08-16T12:00:00.500Z"],
            &[(t, "2018-08-16T12:00:00.5Z")]
        ));
        assert!(ok(
            "DateNotEquals",
            t,
            &["2018-08-16"],
            &[(t, "2018-08-17")]
        ));
        assert!(ok(
            "DateGreaterThanEquals",
            t,
            &["2018-08-16"],
            &[(t, "2018-08-16")]
        ));
        assert!(!ok(
            "DateLessThan",
            t,
            &["not a date"],
            &[(t, "2018-08-16")]
        ));
        let b = "aws:SecureTransport";
        assert!(ok("Bool", b, &["true"], &[(b, "true")]));
        assert!(ok("Bool", b, &["TRUE"], &[(b, "true")]));
        assert!(!ok("Bool", b, &["false"], &[(b, "true")]));
        assert!(ok(
            "BinaryEquals",
            "k",
            &["QmluYXJ5VmFsdWU="],
            &[("k", "QmluYXJ5VmFsdWU=")]
        ));
        assert!(!ok(
            "BinaryEquals",
            "k",
            &["QmluYXJ5VmFsdWU="],
            &[("k", "qmluyxj5vmfsdwu=")]
        ));
    }

    #[test]
    fn dates_parse() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1970-01-02T00:00:00Z"), Some(86_400_000));
        assert_eq!(parse_date("2018-08-16T12:00:00Z"), Some(1_534_420_800_000));
        assert_eq!(parse_date("2018-08-16T12:00Z"), Some(1_534_420_800_000));
        assert_eq!(
            parse_date("2018-08-16T13:00:00+0100"),
            Some(1_534_420_800_000)
        );
        assert_eq!(parse_date("2000-02-29T00:00:00Z"), Some(951_782_400_000));
        assert_eq!(parse_date("1534420800"), Some(1_534_420_800_000));
        assert_eq!(parse_date("2018-13-01"), None);
        assert_eq!(parse_date("2018-08-16Tnoon"), None);
        assert_eq!(parse_date("2018-08-16X"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn ip_addresses() {
        let k = "aws:VpcSourceIp";
        assert!(ok("IpAddress", k, &["10.0.0.0/16"], &[(k, "10.0.3.4")]));
        assert!(!ok("IpAddress", k, &["10.0.0.0/16"], &[(k, "10.1.3.4")]));
        assert!(ok("IpAddress", k, &["10.0.3.4"], &[(k, "10.0.3.4")])); // bare IP = /32
        assert!(!ok("IpAddress", k, &["10.0.3.4"], &[(k, "10.0.3.5")]));
        assert!(ok(
            "IpAddress",
            k,
            &["192.0.2.0/24", "10.0.0.0/8"],
            &[(k, "10.9.9.9")]
        ));
        assert!(ok(
            "IpAddress",
            k,
            &["2001:db8::/32"],
            &[(k, "2001:db8::1")]
        ));
        assert!(!ok("IpAddress", k, &["2001:db8::/32"], &[(k, "10.0.0.1")]));
        assert!(ok("NotIpAddress", k, &["10.0.0.0/16"], &[(k, "192.0.2.1")]));
        assert!(!ok("NotIpAddress", k, &["10.0.0.0/16"], &[(k, "10.0.0.1")]));
        assert!(!ok("IpAddress", k, &["10.0.0.0/16"], &[(k, "garbage")]));
    }

    #[test]
    fn arns_per_component() {
        let k = "aws:SourceArn";
        assert!(ok(
            "ArnLike",
            k,
            &["arn:aws:sns:*:111122223333:topic"],
            &[(k, "arn:aws:sns:us-east-1:111122223333:topic")]
        ));
        assert!(ok(
            "ArnEquals",
            k,
            &["arn:aws:iam::111122223333:role/*"],
            &[(k, "arn:aws:iam::111122223333:role/a/b")]
        ));
        // POL-20: a wildcard does not cross a colon, unlike StringLike.
        let v = [(k, "arn:aws:svc:r:111122223333:x/a:b")];
        assert!(!ok("ArnLike", k, &["arn:aws:svc:*:111122223333:x/*"], &v));
        assert!(ok("StringLike", k, &["arn:aws:svc:*:111122223333:x/*"], &v));
        assert!(!ok(
            "ArnLike",
            k,
            &["arn:aws:sns:*:111122223333:*"],
            &[(k, "arn:aws:sns:us-east-1:444455556666:t")]
        ));
        assert!(ok(
            "ArnNotLike",
            k,
            &["arn:aws:sns:*:111122223333:*"],
            &[(k, "arn:aws:sns:us-east-1:444455556666:t")]
        ));
        assert!(!ok(
            "ArnEquals",
            k,
            &["arn:aws:iam::111122223333:role/App"],
            &[(k, "arn:aws:iam::111122223333:role/app")]
        ));
        assert!(ok(
            "ArnLike",
            k,
            &["*"],
            &[(k, "arn:aws:iam::111122223333:role/app")]
        ));
    }

    #[test]
    fn set_operators() {
        // ForAnyValue: false when absent or empty.
        assert!(!ok_multi("ForAnyValue:StringEquals", &["a"], None));
        assert!(!ok_multi("ForAnyValue:StringEquals", &["a"], Some(&[])));
        assert!(ok_multi(
            "ForAnyValue:StringEquals",
            &["a"],
            Some(&["b", "a"])
        ));
        assert!(!ok_multi(
            "ForAnyValue:StringEquals",
            &["a"],
            Some(&["b", "c"])
        ));
        assert!(ok_multi("ForAnyValue:StringEqualsIfExists", &["a"], None));
        // ForAllValues: true when absent or empty (POL-23).
        assert!(ok_multi("ForAllValues:StringEquals", &["a", "b"], None));
        assert!(ok_multi(
            "ForAllValues:StringEquals",
            &["a", "b"],
            Some(&[])
        ));
        assert!(ok_multi(
            "ForAllValues:StringEquals",
            &["a", "b"],
            Some(&["b", "a"])
        ));
        assert!(!ok_multi(
            "ForAllValues:StringEquals",
            &["a", "b"],
            Some(&["a", "c"])
        ));
        assert!(ok_multi(
            "ForAllValues:StringLike",
            &["a*"],
            Some(&["ab", "ac"])
        ));
        // Negated base with a qualifier.
        assert!(ok_multi(
            "ForAnyValue:StringNotEquals",
            &["a"],
            Some(&["a", "b"])
        ));
        assert!(!ok_multi(
            "ForAllValues:StringNotEquals",
            &["a"],
            Some(&["a", "b"])
        ));
        assert!(ok_multi(
            "ForAllValues:StringNotEquals",
            &["a"],
            Some(&["c", "b"])
        ));
        // Without a qualifier, a multivalued key: any value for positive, none for negated.
        assert!(ok_multi("StringEquals", &["a"], Some(&["b", "a"])));
        assert!(!ok_multi("StringNotEquals", &["a"], Some(&["b", "a"])));
    }

    #[test]
    fn variables_in_values() {
        let ctx = [("aws:username", "alice"), ("s3:prefix", "home/alice/x")];
        assert!(ok(
            "StringLike",
            "s3:prefix",
            &["home/${aws:username}/*"],
            &ctx
        ));
        assert!(!ok(
            "StringLike",
            "s3:prefix",
            &["home/${aws:userid}/*"],
            &ctx
        ));
        assert!(ok(
            "StringEquals",
            "aws:username",
            &["${aws:username}"],
            &ctx
        ));
        // Not substituted in old-version documents.
        let cx = Cx(ctx.iter().copied().collect(), false);
        assert!(
            !evaluate(
                &cond("StringEquals", "aws:username", &["${aws:username}"]),
                &cx
            )
            .ok
        );
        // Not substituted for numeric operators.
        assert!(!ok("NumericEquals", "n", &["${n}"], &[("n", "1")]));
    }

    #[test]
    fn unknown_operator_does_not_match() {
        let cx = Cx([("aws:SourceVpce", "vpce-1")].into_iter().collect(), true);
        let out = evaluate(&cond("StringEqualz", "aws:SourceVpce", &["vpce-1"]), &cx);
        assert!(!out.ok);
        assert!(out.unknown_operator);
        assert!(out.reason.unwrap().contains("did you mean StringEquals?"));
    }

    #[test]
    fn failure_reasons() {
        let cx = Cx([("aws:SourceVpce", "vpce-1")].into_iter().collect(), true);
        let out = evaluate(&cond("StringEquals", "aws:SourceVpce", &["vpce-2"]), &cx);
        assert_eq!(
            out.reason.as_deref(),
            Some(
                "condition StringEquals aws:SourceVpce: request has vpce-1, policy wants [vpce-2]"
            )
        );
        let out = evaluate(&cond("StringNotEquals", "aws:sourceVpce", &["vpce-1"]), &cx);
        assert_eq!(
            out.reason.as_deref(),
            Some(
                "condition StringNotEquals aws:sourceVpce: request has vpce-1, policy excludes [vpce-1]"
            )
        );
    }
}
