//! Diagnostics: the errors and warnings a model (or any input file) can produce, located by
//! file, line and column, and rendered rustc-style with a snippet of the offending line.
//!
//! One type serves every input: the model loader, policy files, AWS captures. Rendering is
//! plain text (colour only when asked), and every piece of user text goes through
//! [`crate::text::escape`] so a hostile file cannot drive the terminal.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;
use std::fmt;

use crate::text::escape;

/// How bad a problem is. Errors stop a model from loading; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `UNKNOWN_REFERENCE` or `OVERLAPPING_SUBNETS`.
    pub code: String,
    /// One sentence: what is wrong.
    pub message: String,
    /// The file, as the user named it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line and column, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The id of the model object concerned, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The rule book id the check comes from, for warnings (e.g. `IF-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The text of the diagnostic's line when `file` is not the file the renderer is given
    /// (a policy file's error among a model's): the snippet comes from the right file.
    #[serde(skip)]
    pub line_text: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            file: None,
            line: None,
            column: None,
            object: None,
            help: None,
            rule: None,
            line_text: None,
        }
    }

    /// The text of the diagnostic's own line, taken from `source` (the text of `file`):
    /// rendered in place of whatever text the renderer holds.
    pub fn line_from(mut self, source: &str) -> Self {
        if let Some(l) = self.line.filter(|&l| l >= 1) {
            self.line_text = Some(line_of(source, l).to_string());
        }
        self
    }

    pub fn at(mut self, pos: Pos) -> Self {
        if pos.line > 0 {
            self.line = Some(pos.line);
            self.column = Some(pos.column.max(1));
        }
        self
    }

    pub fn object(mut self, id: impl Into<String>) -> Self {
        self.object = Some(id.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn rule(mut self, rule: &str) -> Self {
        self.rule = Some(rule.to_string());
        self
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, as far as known.
    pub fn location(&self) -> String {
        let mut s = self.file.clone().unwrap_or_else(|| "<input>".into());
        if let Some(l) = self.line {
            s.push_str(&format!(":{l}"));
            if let Some(c) = self.column {
                s.push_str(&format!(":{c}"));
            }
        }
        s
    }

    /// Render rustc-style. `source` is the text of `self.file` when available, for the snippet.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let line_text = match (source, self.line) {
            _ if self.line_text.is_some() => self.line_text.as_deref(),
            (Some(src), Some(line)) if line >= 1 => Some(line_of(src, line)),
            _ => None,
        };
        self.render_line(line_text, color)
    }

    /// As [`Diagnostic::render`], with the source's lines found through an index built once
    /// (many diagnostics of one large file would each scan it from the start).
    pub fn render_indexed(&self, lines: Option<&SourceLines<'_>>, color: bool) -> String {
        let line_text = match (lines, self.line) {
            _ if self.line_text.is_some() => self.line_text.as_deref(),
            (Some(src), Some(line)) if line >= 1 => Some(src.line(line)),
            _ => None,
        };
        self.render_line(line_text, color)
    }

    /// Render with the text of the diagnostic's line, when known.
    fn render_line(&self, line_text: Option<&str>, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR.with_name("error"),
            Severity::Warning => Level::WARNING.with_name("warning"),
        };
        let mut title = escape(&self.message);
        if let Some(obj) = &self.object {
            title = format!("{title} [{}]", escape(obj));
        }
        let path = escape(&self.location());
        let file = escape(self.file.as_deref().unwrap_or("<input>"));
        let help = self.help.as_deref().map(escape);
        let rule = self.rule.as_ref().map(|r| format!("AWS rule {r}"));
        let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
        let mut fix_column: Option<(String, String)> = None;
        match (line_text, self.line) {
            (Some(line_text), Some(line)) => {
                let col = self.column.unwrap_or(1).saturating_sub(1);
                // A very long line (generated or minified) is shown as a window around the
                // column, so a thousand diagnostics on one huge line stay quick to print.
                let (line_text, col, cut) = window(line_text, col);
                let shown = match cut {
                    (false, false) => escape(line_text),
                    (l, r) => format!(
                        "{}{}{}",
                        if l { "…" } else { "" },
                        escape(line_text),
                        if r { "…" } else { "" }
                    ),
                };
                let windowed = cut != (false, false);
                // Point at the token starting at the column (up to the next space or `,`).
                let rest: String = line_text.chars().skip(col).collect();
                let token_len = rest.find([' ', ',', '}', ']']).unwrap_or(rest.len()).max(1);
                // Columns in the shown text: every escaped character before the column (a bidi
                // override shown as `\u{202e}`) widens it, so count the escaped prefix.
                let prefix: String = line_text.chars().take(col).collect();
                let token: String = line_text.chars().skip(col).take(token_len).collect();
                let shown_len = shown.chars().count();
                let shown_col = usize::from(cut.0) + escape(&prefix).chars().count();
                let shown_token = escape(&token).chars().count().max(1);
                let begin = byte_index(&shown, shown_col.min(shown_len));
                let end = byte_index(&shown, (shown_col + shown_token).min(shown_len))
                    .max((begin + 1).min(shown.len()));
                if windowed || shown_col != col {
                    // The renderer names the column within the shown text; the file's is wanted.
                    let shown_col = shown[..begin].chars().count() + 1;
                    fix_column = Some((
                        format!("{file}:{line}:{shown_col}"),
                        format!("{file}:{line}:{}", self.column.unwrap_or(1)),
                    ));
                }
                let snippet = Snippet::source(shown.clone())
                    .line_start(line)
                    .path(file.clone())
                    .annotation(AnnotationKind::Primary.span(begin..end.max(begin)));
                elements.push(snippet.into());
            }
            _ => {
                elements.push(Level::NOTE.message(format!("in {path}")).into());
            }
        }
        if let Some(h) = &help {
            elements.push(Level::HELP.message(h.as_str()).into());
        }
        if let Some(r) = &rule {
            elements.push(Level::NOTE.message(r.as_str()).into());
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let group = level
            .primary_title(title.as_str())
            .id(self.code.as_str())
            .elements(elements);
        let out = renderer.render(&[group]).to_string();
        match fix_column {
            Some((shown, real)) => out.replacen(&shown, &real, 1),
            None => out,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: warning[CODE]: message (object) — help`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}: {sev}[{}]: {}",
            escape(&self.location()),
            self.code,
            escape(&self.message)
        )?;
        if let Some(o) = &self.object {
            write!(f, " [{}]", escape(o))?;
        }
        if let Some(h) = &self.help {
            write!(f, "; help: {}", escape(h))?;
        }
        Ok(())
    }
}

/// A position in a file: 1-based line and column; `line == 0` means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const UNKNOWN: Pos = Pos { line: 0, column: 0 };
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where each line of a text starts, for finding many lines in one large text.
pub struct SourceLines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> SourceLines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceLines { text, starts }
    }

    /// Line `n` (from 1) without its line end; empty for 0 and past the end.
    pub fn line(&self, n: usize) -> &'a str {
        let Some(&start) = n.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return "";
        };
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e - 1);
        let l = &self.text[start..end];
        l.strip_suffix('\r').unwrap_or(l)
    }
}

fn line_of(src: &str, line: usize) -> &str {
    match src.split('\n').nth(line.wrapping_sub(1)) {
        Some(l) if line >= 1 => l.strip_suffix('\r').unwrap_or(l),
        _ => "",
    }
}

/// Longest line shown whole in a snippet (bytes); longer ones are shown as a window.
const SNIPPET_MAX: usize = 240;

/// `line`, or a window of it around the character column `col`: the text, the column inside
/// it, and whether it was cut on the left and on the right.
fn window(line: &str, col: usize) -> (&str, usize, (bool, bool)) {
    if line.len() <= SNIPPET_MAX {
        return (line, col, (false, false));
    }
    let at = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
    let mut start = at.saturating_sub(SNIPPET_MAX / 3);
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + SNIPPET_MAX).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let col = line[start..at].chars().count();
    (&line[start..end], col, (start > 0, end < line.len()))
}

fn byte_index(s: &str, chars: usize) -> usize {
    s.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_line_is_shown_as_a_window_around_the_column() {
        let pad = "10.0.0.0/8, ".repeat(100_000);
        let line = format!("cidrs: [{pad}bad-cidr, {pad}10.0.0.0/8]");
        let col = line.find("bad-cidr").unwrap() + 1;
        let d = Diagnostic::error("BAD_CIDR", "not a CIDR")
            .file("m.yaml")
            .at(Pos::new(1, col));
        let out = d.render(Some(&line), false);
        assert!(out.len() < 2_000, "{} bytes", out.len());
        assert!(
            out.contains(&format!("--> m.yaml:1:{col}\n")),
            "the file's column:\n{out}"
        );
        let snippet = out
            .lines()
            .find(|l| l.contains("bad-cidr"))
            .expect("the line");
        assert!(snippet.contains("| …") && snippet.len() < 400, "{out}");
        // The caret still points at the token.
        let caret = out.lines().find(|l| l.contains('^')).expect("a caret");
        assert_eq!(
            snippet
                .find("bad-cidr")
                .map(|i| snippet[..i].chars().count()),
            caret.find('^').map(|i| caret[..i].chars().count()),
            "{out}"
        );
        let (w, c, cut) = window("short", 2);
        assert_eq!((w, c, cut), ("short", 2, (false, false)));
    }

    #[test]
    fn indexed_lines_match_a_scan() {
        for src in ["", "a", "a\n", "a\r\nbb\n\nccc", "\n\n"] {
            let idx = SourceLines::new(src);
            for n in 0..6 {
                let want = if n == 0 { "" } else { line_of(src, n) };
                assert_eq!(idx.line(n), want, "{src:?} line {n}");
            }
        }
    }

    #[test]
    fn render_points_at_the_line() {
        let src = "a: 1\nsubnet: subnet-x\n";
        let d = Diagnostic::error("UNKNOWN_REFERENCE", "unknown subnet `subnet-x`")
            .file("m.yaml")
            .at(Pos::new(2, 9))
            .help("did you mean `subnet-a`?");
        let out = d.render(Some(src), false);
        assert!(out.contains("m.yaml:2:9"), "{out}");
        assert!(out.contains("subnet: subnet-x"), "{out}");
        assert!(out.contains("did you mean"), "{out}");
        assert!(out.contains("UNKNOWN_REFERENCE"), "{out}");
    }
}
