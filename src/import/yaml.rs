//! A small YAML writer for the generated model: plain scalars where they cannot be misread,
//! double quotes (with escapes) everywhere else, flow mappings for one-line objects, and block
//! form for policy documents.
//!
//! Hand-written rather than serialised so the output reads like a model a person wrote (rules
//! on one line, comments in the header) while staying safe: every string that is not an
//! id-like token is quoted, and characters YAML does not allow raw are escaped, so any tag
//! value or policy text round-trips through the loader unchanged.

use serde_json::Value;

/// True if `s` can be written as a plain scalar and read back as the same string.
pub fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !first.is_ascii_alphanumeric() {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
    {
        return false;
    }
    let l = s.to_ascii_lowercase();
    if matches!(
        l.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "nan" | "inf"
    ) {
        return false;
    }
    if first.is_ascii_digit() {
        // Addresses and CIDRs read back as strings; anything else starting with a digit
        // (numbers, dates, 0x.., 1e5) is quoted.
        let is_addr =
            s.parse::<std::net::Ipv4Addr>().is_ok() || s.parse::<ipnet::Ipv4Net>().is_ok();
        return is_addr;
    }
    true
}

/// A string as a YAML scalar: plain when safe, else double-quoted.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A double-quoted YAML scalar with every character YAML would not take raw escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else {
                    out.push_str(&format!("\\u{n:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn needs_escape(c: char) -> bool {
    let n = c as u32;
    n < 0x20
        || (0x7f..=0x9f).contains(&n)
        || matches!(n, 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff)
        || (0xd800..=0xdfff).contains(&n)
        // Bidi overrides and marks: valid YAML, but they would reorder a terminal's text.
        || crate::text::is_unsafe(c)
}

/// `{ k: v, k2: v2 }` from already-rendered values.
pub fn flow_map(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return "{}".to_string();
    }
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{ {} }}", body.join(", "))
}

/// `[a, b]` from strings (each rendered as a scalar).
pub fn flow_seq<S: AsRef<str>>(items: &[S]) -> String {
    let body: Vec<String> = items.iter().map(|s| scalar(s.as_ref())).collect();
    format!("[{}]", body.join(", "))
}

/// Lines of output, each with its indentation.
#[derive(Debug, Default)]
pub struct Writer {
    pub out: String,
}

impl Writer {
    pub fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// `key: value` (value already rendered).
    pub fn kv(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {value}"));
    }

    /// A comment line; control characters in `text` are escaped so it stays one line.
    pub fn comment(&mut self, indent: usize, text: &str) {
        if text.is_empty() {
            self.line(indent, "#");
        } else {
            self.line(indent, &format!("# {}", crate::text::escape(text)));
        }
    }

    /// A JSON value (a policy document) in block form under the current key, at `indent`.
    pub fn json_block(&mut self, indent: usize, v: &Value) {
        let mut lines = Vec::new();
        json_lines(&mut lines, indent, v);
        for l in lines {
            self.out.push_str(&l);
            self.out.push('\n');
        }
    }
}

/// A JSON value on one line (scalars, empty containers). Strings are always quoted in
/// policies: IAM reads every value as a string anyway.
fn json_inline(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Array(a) if a.is_empty() => "[]".to_string(),
        Value::Object(o) if o.is_empty() => "{}".to_string(),
        _ => return None,
    })
}

fn json_lines(out: &mut Vec<String>, indent: usize, v: &Value) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                let key = scalar(k);
                match json_inline(val) {
                    Some(s) => out.push(format!("{pad}{key}: {s}")),
                    None => {
                        out.push(format!("{pad}{key}:"));
                        json_lines(out, indent + 2, val);
                    }
                }
            }
        }
        Value::Array(a) => {
            for item in a {
                match json_inline(item) {
                    Some(s) => out.push(format!("{pad}- {s}")),
                    None => {
                        let mut sub = Vec::new();
                        json_lines(&mut sub, indent + 2, item);
                        for (i, l) in sub.into_iter().enumerate() {
                            if i == 0 {
                                out.push(format!("{pad}- {}", &l[indent + 2..]));
                            } else {
                                out.push(l);
                            }
                        }
                    }
                }
            }
        }
        other => {
            if let Some(s) = json_inline(other) {
                out.push(format!("{pad}{s}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_unambiguous() {
        for s in [
            "vpc-0abc",
            "10.0.0.0/16",
            "10.1.2.3",
            "us-east-1a",
            "com.amazonaws.us-east-1.s3",
            "use1-az1",
        ] {
            assert!(plain_ok(s), "{s}");
        }
        for s in [
            "",
            "true",
            "No",
            "111111111111",
            "1e5",
            "0x1f",
            "2020-01-01",
            "a b",
            "a:b",
            "*",
            "-x",
            "a#b",
            "1024-65535",
        ] {
            assert!(!plain_ok(s), "{s}");
        }
    }

    #[test]
    fn quoting_escapes_what_yaml_refuses() {
        assert_eq!(quoted("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(quoted("\u{1b}[31m"), r#""\x1b[31m""#);
        assert_eq!(quoted("x\u{2028}y"), r#""x\u2028y""#);
        assert_eq!(quoted("x\u{202e}\u{2066}y"), r#""x\u202e\u2066y""#);
    }

    #[test]
    fn json_block_round_trips() {
        let v: Value = serde_json::from_str(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root"]},"Action":["s3:GetObject"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}},[1,[2]]],"Empty":[]}"#,
        )
        .unwrap();
        let mut w = Writer::default();
        w.line(0, "policy:");
        w.json_block(2, &v);
        #[derive(serde::Deserialize)]
        struct P {
            policy: Value,
        }
        let back: P = serde_saphyr::from_str(&w.out).unwrap_or_else(|e| panic!("{e}\n{}", w.out));
        assert_eq!(back.policy, v, "{}", w.out);
    }
}
