//! Text at the output boundary: one helper makes any user-supplied string safe to print, and
//! width-aware helpers truncate and pad by display width (never by `len()`).
//!
//! Names, ids, descriptions and policy text come from files a user did not necessarily write.
//! Control characters (ESC, CSI, OSC, BEL, backspace, carriage return, …) and bidi overrides
//! would drive the terminal or reorder what is shown; [`escape`] replaces each with a visible
//! escape such as `\x1b` or `\u{202e}`. Invisible characters (zero-width spaces and joiners,
//! the word joiner, tag characters) are escaped too: `i-a` and `i-a` followed by U+200B must
//! not look the same. Ordinary Unicode (accents, CJK, emoji) passes through.

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// True for a character that must never reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200e}' | '\u{200f}'            // LRM, RLM
            | '\u{202a}'..='\u{202e}'          // LRE RLE PDF LRO RLO
            | '\u{2066}'..='\u{2069}'          // LRI RLI FSI PDI
            | '\u{061c}'                       // arabic letter mark
            | '\u{feff}'                       // BOM / zero-width no-break space
            | '\u{2028}' | '\u{2029}'          // line/paragraph separators
            | '\u{200b}'..='\u{200d}'          // zero-width space, non-joiner, joiner
            | '\u{2060}'..='\u{2064}'          // word joiner, invisible operators
            | '\u{00ad}'                       // soft hyphen
            | '\u{180e}'                       // Mongolian vowel separator
            | '\u{e0000}'..='\u{e007f}'        // tag characters
        )
}

/// Replace every unsafe character with a visible escape. Borrowed when nothing changes.
pub fn escape(s: &str) -> String {
    escape_cow(s).into_owned()
}

/// As [`escape`], without allocating when the text is already safe.
pub fn escape_cow(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            let n = c as u32;
            if n < 0x80 {
                out.push_str(&format!("\\x{n:02x}"));
            } else {
                out.push_str(&format!("\\u{{{n:x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`escape`] but keeps newlines (for multi-line descriptions and policy text).
pub fn escape_multiline(s: &str) -> String {
    s.split('\n')
        .map(|l| escape(l.strip_suffix('\r').unwrap_or(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// JSON text with every unsafe character inside it written as a `\uXXXX` escape: lossless
/// (the parsed data is the same) and safe to print. serde_json escapes only C0 controls; this
/// also covers DEL, C1 controls (U+009B is an 8-bit CSI) and bidi overrides. Newlines between
/// tokens (pretty printing) are kept; inside strings serde_json has already escaped them.
pub fn json_safe(s: String) -> String {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if c != '\n' && is_unsafe(c) {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Display width of `s` in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Truncate to at most `max` cells, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Truncate or pad with spaces to exactly `w` cells.
pub fn fit(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let pad = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(escape("bell\x07"), "bell\\x07");
        assert_eq!(escape("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape("cr\rlf\n"), "cr\\x0dlf\\x0a");
        assert_eq!(escape("osc\x1b]0;title\x07"), "osc\\x1b]0;title\\x07");
        assert_eq!(escape("\u{9b}csi"), "\\u{9b}csi");
        assert_eq!(escape("plain ünïcødé 名前"), "plain ünïcødé 名前");
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("名前名前", 5), "名前…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(width(&fit("名前名前", 5)), 5);
    }

    #[test]
    fn json_safe_is_lossless_and_printable() {
        let v = serde_json::json!({"k": "a\u{1b}[31m\u{9b}\u{7f}\u{202e}\u{2066}\u{1F600}\n"});
        let s = json_safe(serde_json::to_string_pretty(&v).unwrap());
        assert!(!s.chars().any(|c| c != '\n' && is_unsafe(c)), "{s}");
        assert!(s.contains("\\u009b") && s.contains("\\u202e"), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    proptest! {
        #[test]
        fn json_safe_round_trips(s in any::<String>()) {
            let v = serde_json::Value::String(s);
            let out = json_safe(serde_json::to_string(&v).unwrap());
            prop_assert!(!out.chars().any(is_unsafe));
            prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap(), v);
        }

        #[test]
        fn escaped_text_has_no_unsafe_chars(s in any::<String>()) {
            let e = escape(&s);
            prop_assert!(!e.chars().any(is_unsafe));
        }

        #[test]
        fn safe_text_is_unchanged(s in "[a-zA-Z0-9 ._:/-]*") {
            prop_assert_eq!(escape(&s), s);
        }

        #[test]
        fn fit_is_exact_width(s in any::<String>(), w in 0usize..40) {
            let e = escape(&s);
            prop_assert_eq!(width(&fit(&e, w)), w);
        }
    }
}

/// Word-wrap by display width, keeping each paragraph's indentation. A word longer than the
/// line (a DNS name, an ARN) is broken after a `.`, `/` or `:` where one fits, else cut. The one
/// word-wrapper of the program: the explorer's panels and the text report use it.
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        // Keep the paragraph's indentation (when it leaves room for text).
        let body = para.trim_start_matches(' ');
        let lead = para.len() - body.len();
        let lead = if lead * 2 < w { lead } else { 0 };
        let mut line = " ".repeat(lead);
        let mut lw = lead;
        for word in body.split(' ') {
            let ww = width(word);
            if lw > lead && lw + 1 + ww > w {
                out.push(std::mem::take(&mut line));
                lw = 0;
            }
            if ww > w {
                // Break a long word, after a separator where one fits.
                if lw > 0 {
                    line.push(' ');
                    lw += 1;
                }
                let mut rest = word;
                while width(rest) + lw > w {
                    let room = w.saturating_sub(lw);
                    let mut cut = break_point(rest, room);
                    if cut == 0 && lw == 0 {
                        // A character wider than the line: it goes on a line of its own.
                        cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
                    }
                    if cut == 0 {
                        // Nothing fits on this line: start a new one.
                        out.push(std::mem::take(&mut line));
                        lw = 0;
                        continue;
                    }
                    line.push_str(&rest[..cut]);
                    out.push(std::mem::take(&mut line));
                    lw = 0;
                    rest = &rest[cut..];
                }
                line.push_str(rest);
                lw += width(rest);
                continue;
            }
            if lw > lead {
                line.push(' ');
                lw += 1;
            }
            line.push_str(word);
            lw += ww;
        }
        out.push(line);
    }
    out
}

/// Where to break `s` to fit `room` columns: after the last `.`, `/` or `:` that fits (when it
/// leaves at least a third of the line), else at the last character that fits. A byte index.
fn break_point(s: &str, room: usize) -> usize {
    let mut fit = 0;
    let mut sep = 0;
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > room {
            break;
        }
        used += cw;
        fit = i + c.len_utf8();
        if matches!(c, '.' | '/' | ':') {
            sep = fit;
        }
    }
    if sep > 0 && sep * 3 >= fit { sep } else { fit }
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn long_names_break_after_dots_slashes_and_colons() {
        let name = "vpce-0a1b2c3d4e5f-di6gaqom-us-east-1a.s3.us-east-1.vpce.amazonaws.com";
        let lines = wrap(&format!("resolves {name} now"), 30);
        assert!(lines.iter().all(|l| width(l) <= 30), "{lines:?}");
        assert!(lines.iter().any(|l| l.ends_with('.')), "{lines:?}");
        assert_eq!(
            lines.concat().replace(' ', ""),
            format!("resolves{name}now")
        );
        let arn = "arn:aws:iam::111111111111:role/some-very-long-role-name-for-tests";
        let l = wrap(arn, 24);
        assert!(l.iter().all(|x| width(x) <= 24), "{l:?}");
        assert_eq!(l.concat(), arn);
        // Without a separator, the word is cut where it must be.
        let l = wrap("abcdefghijklmnopqrstuvwxyz", 10);
        assert_eq!(l, ["abcdefghij", "klmnopqrst", "uvwxyz"]);
        // A character wider than the line never loops.
        assert_eq!(wrap("漢字", 1).concat(), "漢字");
    }
}
