//! Policy variables (POL-16): `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the
//! escapes `${*}`, `${?}`, `${$}` for literal `*`, `?`, `$`. Substituted only when the document's
//! Version is `2012-10-17`; in older documents they are plain text.

use super::glob::{Tok, push_literal, push_pattern};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Pattern text (wildcards stay wildcards).
    Text(&'a str),
    /// `${key}` or `${key, 'default'}`.
    Var {
        key: &'a str,
        default: Option<&'a str>,
    },
    /// `${*}`, `${?}`, `${$}`: a literal character.
    Escape(char),
}

/// Split a value into pieces. A `${` without a closing `}` is text.
pub(crate) fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            break;
        };
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let inner = after[..end].trim();
        out.push(match inner {
            "*" => Piece::Escape('*'),
            "?" => Piece::Escape('?'),
            "$" => Piece::Escape('$'),
            _ => match inner.split_once(',') {
                Some((k, d)) => {
                    let d = d.trim();
                    let d = d
                        .strip_prefix('\'')
                        .and_then(|d| d.strip_suffix('\''))
                        .unwrap_or(d);
                    Piece::Var {
                        key: k.trim(),
                        default: Some(d),
                    }
                }
                None => Piece::Var {
                    key: inner,
                    default: None,
                },
            },
        });
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// True when `s` holds something that looks like a policy variable.
pub(crate) fn has_vars(s: &str) -> bool {
    s.contains("${")
}

/// The keys of the variables in `s` (not the escapes).
pub(crate) fn variable_keys(s: &str) -> Vec<&str> {
    pieces(s)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Var { key, .. } => Some(key),
            _ => None,
        })
        .collect()
}

/// Resolve one variable: the context's first value, else the default. None: unresolved (the
/// value then matches nothing).
fn resolve(
    key: &str,
    default: Option<&str>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    lookup(key).or_else(|| default.map(str::to_string))
}

/// A pattern with its variables substituted: substituted text and escapes are literal, the
/// rest keeps its wildcards.
pub(crate) fn expand_tokens(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<Vec<Tok>> {
    let mut out = Vec::with_capacity(s.len());
    for p in pieces(s) {
        match p {
            Piece::Text(t) => push_pattern(&mut out, t),
            Piece::Escape(c) => push_literal(&mut out, c.encode_utf8(&mut [0; 4])),
            Piece::Var { key, default } => push_literal(&mut out, &resolve(key, default, lookup)?),
        }
    }
    Some(out)
}

/// A plain value with its variables substituted (for exact comparisons).
pub(crate) fn expand_string(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for p in pieces(s) {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Escape(c) => out.push(c),
            Piece::Var { key, default } => out.push_str(&resolve(key, default, lookup)?),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::glob::matches;
    use super::*;

    fn ctx(k: &str) -> Option<String> {
        match k.to_ascii_lowercase().as_str() {
            "aws:username" => Some("alice".into()),
            "aws:principaltag/team" => Some("t*".into()),
            _ => None,
        }
    }

    #[test]
    fn pieces_and_escapes() {
        assert_eq!(
            pieces("a/${aws:username}/b${*}c"),
            vec![
                Piece::Text("a/"),
                Piece::Var {
                    key: "aws:username",
                    default: None
                },
                Piece::Text("/b"),
                Piece::Escape('*'),
                Piece::Text("c")
            ]
        );
        assert_eq!(
            pieces("${aws:PrincipalTag/x, 'none'}"),
            vec![Piece::Var {
                key: "aws:PrincipalTag/x",
                default: Some("none")
            }]
        );
        assert_eq!(pieces("a${b"), vec![Piece::Text("a${b")]);
        assert_eq!(variable_keys("${a}${*}${b,'c'}"), vec!["a", "b"]);
    }

    #[test]
    fn expansion() {
        assert_eq!(
            expand_string("home/${aws:username}/", &ctx).as_deref(),
            Some("home/alice/")
        );
        assert_eq!(expand_string("${aws:userid}", &ctx), None);
        assert_eq!(
            expand_string("${aws:userid, 'x'}", &ctx).as_deref(),
            Some("x")
        );
        assert_eq!(expand_string("a${$}${?}", &ctx).as_deref(), Some("a$?"));
        // Substituted text is literal: the tag value `t*` is not a wildcard.
        let t = expand_tokens("team/${aws:PrincipalTag/team}/*", &ctx).unwrap();
        assert!(matches(t.as_slice(), "team/t*/x", false));
        assert!(!matches(t.as_slice(), "team/tx/x", false));
        let t = expand_tokens("a${*}", &ctx).unwrap();
        assert!(matches(t.as_slice(), "a*", false));
        assert!(!matches(t.as_slice(), "ab", false));
    }
}
