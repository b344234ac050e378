//! IAM wildcards: `*` is any run of characters (also `/` and `:`), `?` exactly one character.
//!
//! Our own matcher rather than `wildmatch`: after policy-variable substitution (POL-16) a
//! pattern holds literal `*`/`?` (the `${*}` and `${?}` escapes, or a value that came from the
//! request context), and wildmatch has no way to say "this star is a literal". The matcher
//! works on tokens, so a literal star is just a literal.
//!
//! Matching is the classic two-pointer glob with one backtrack point: O(pattern × text) worst
//! case, no recursion, no allocation for plain patterns.

/// One pattern token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A literal byte of UTF-8 text.
    Lit(u8),
    /// `*`: any run of characters, possibly empty.
    Star,
    /// `?`: exactly one character.
    One,
}

/// A sequence of tokens: a plain `&str` pattern (where every `*` and `?` is a wildcard) or a
/// compiled token list.
pub(crate) trait Pattern {
    fn len(&self) -> usize;
    fn at(&self, i: usize) -> Tok;
}

impl Pattern for [u8] {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }
    fn at(&self, i: usize) -> Tok {
        match self[i] {
            b'*' => Tok::Star,
            b'?' => Tok::One,
            b => Tok::Lit(b),
        }
    }
}

impl Pattern for [Tok] {
    fn len(&self) -> usize {
        <[Tok]>::len(self)
    }
    fn at(&self, i: usize) -> Tok {
        self[i]
    }
}

/// Length in bytes of the UTF-8 character that starts with `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1, // continuation byte: only reached on misaligned input; step one byte
    }
}

fn byte_eq(a: u8, b: u8, ci: bool) -> bool {
    a == b || (ci && a.eq_ignore_ascii_case(&b))
}

/// Does `text` match the whole pattern? `ci`: ASCII case-insensitive literals (actions).
pub(crate) fn matches<P: Pattern + ?Sized>(pat: &P, text: &str, ci: bool) -> bool {
    let t = text.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    // After the last star seen: (pattern index after it, text index it currently swallows to).
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < pat.len() {
            match pat.at(pi) {
                Tok::Star => {
                    star = Some((pi + 1, ti));
                    pi += 1;
                    continue;
                }
                Tok::One => {
                    ti += char_len(t[ti]);
                    pi += 1;
                    continue;
                }
                Tok::Lit(b) if byte_eq(b, t[ti], ci) => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                Tok::Lit(_) => {}
            }
        }
        match star {
            Some((sp, st)) => {
                let next = st + char_len(t[st]);
                star = Some((sp, next));
                pi = sp;
                ti = next;
            }
            None => return false,
        }
    }
    while pi < pat.len() && pat.at(pi) == Tok::Star {
        pi += 1;
    }
    pi == pat.len()
}

/// Plain-string glob: every `*` and `?` in `pattern` is a wildcard.
pub fn wildcard_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    if !case_insensitive && !pattern.contains(['*', '?']) {
        return pattern == text;
    }
    matches(pattern.as_bytes(), text, case_insensitive)
}

/// Tokens for a literal string (no wildcards).
pub(crate) fn push_literal(out: &mut Vec<Tok>, s: &str) {
    out.extend(s.bytes().map(Tok::Lit));
}

/// Tokens for a pattern string (its `*` and `?` are wildcards).
pub(crate) fn push_pattern(out: &mut Vec<Tok>, s: &str) {
    out.extend(s.bytes().map(|b| match b {
        b'*' => Tok::Star,
        b'?' => Tok::One,
        b => Tok::Lit(b),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("*", "anything/at:all", false));
        assert!(wildcard_match("s3:Get*", "s3:GetObject", false));
        assert!(!wildcard_match("s3:Get*", "s3:PutObject", false));
        assert!(wildcard_match("S3:get*", "s3:GetObject", true));
        assert!(!wildcard_match("S3:get*", "s3:GetObject", false));
        assert!(wildcard_match(
            "iam:*AccessKey*",
            "iam:ListAccessKeys",
            false
        ));
        assert!(wildcard_match("a?c", "abc", false));
        assert!(!wildcard_match("a?c", "ac", false));
        assert!(!wildcard_match("a?c", "abbc", false));
        // `?` is one character, not one byte.
        assert!(wildcard_match("a?c", "aéc", false));
        assert!(wildcard_match("a*é", "abcé", false));
        assert!(!wildcard_match("a?", "aéé", false));
        // `*` crosses `/` and `:`.
        assert!(wildcard_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b/c",
            false
        ));
        assert!(wildcard_match(
            "arn:aws:s3:::*",
            "arn:aws:s3:::b/k:x",
            false
        ));
        assert!(!wildcard_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket",
            false
        ));
        assert!(wildcard_match("*a*b*", "xxaxxbxx", false));
        assert!(!wildcard_match("*a*b*", "xxbxxaxx", false));
        assert!(wildcard_match("**", "", false));
        assert!(!wildcard_match("", "x", false));
    }

    #[test]
    fn tokens_make_literal_stars() {
        let mut p = Vec::new();
        push_literal(&mut p, "a*");
        assert!(matches(p.as_slice(), "a*", false));
        assert!(!matches(p.as_slice(), "ab", false));
        p.clear();
        push_pattern(&mut p, "a*");
        assert!(matches(p.as_slice(), "ab", false));
    }
}
