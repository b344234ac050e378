//! Copy out (`Y`): the current trace as text, as Markdown (for a ticket) or as the equivalent
//! `linkscope trace …` command line, to the terminal's clipboard (OSC 52) or, when the
//! terminal does not pass OSC 52 on or the user prefers, to a file the user names. Writing
//! over a file that exists takes a second Enter. Nothing is written unless asked.

use std::path::{Path, PathBuf};

use super::form::{Completion, Field, Form, FormKey, edit};
use super::state::App;
use crate::engine::Trace;

/// What is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Command,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Text, Format::Markdown, Format::Command];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Command => "command line",
        }
    }

    /// The file name Tab suggests.
    fn suggested_file(self) -> &'static str {
        match self {
            Format::Text => "linkscope-trace.txt",
            Format::Markdown => "linkscope-trace.md",
            Format::Command => "linkscope-trace.sh",
        }
    }
}

/// The copy-out form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyForm {
    pub format: Format,
    /// Empty: the clipboard.
    pub file: Field,
    /// 0: the format, 1: the file.
    pub at: usize,
    /// The file that exists and will be overwritten on the next Enter.
    pub confirm: Option<PathBuf>,
    /// Why the last Enter did nothing, or the overwrite question.
    pub note: Option<String>,
}

/// Open the form (`Y`); refused without a trace.
pub fn open(app: &mut App) {
    if app.run.trace.is_none() {
        app.status = Some("no trace to copy: pick a source and a destination (s, d)".into());
        return;
    }
    app.panels.form = Some(Form::Copy(CopyForm {
        format: Format::Text,
        file: Field::new(
            "file",
            "",
            "empty: the clipboard (OSC 52); a name: write that file",
        ),
        at: 0,
        confirm: None,
        note: None,
    }));
}

/// A key for the form (taken out of the state; put back unless the key closes it).
pub fn handle(app: &mut App, mut f: CopyForm, k: FormKey) {
    match k {
        FormKey::Cancel => {
            app.status = Some("nothing copied".into());
            return;
        }
        FormKey::Accept => {
            if accept(app, &mut f) {
                return;
            }
        }
        FormKey::Field(d) => f.at = (f.at as i32 + d).rem_euclid(2) as usize,
        FormKey::Complete(d) if f.at == 0 => {
            let i = Format::ALL.iter().position(|x| *x == f.format).unwrap_or(0) as i32;
            f.format = Format::ALL[(i + d).rem_euclid(3) as usize];
            f.confirm = None;
            f.note = None;
        }
        FormKey::Complete(_) => {
            let c = Completion::new(&f.file.value, vec![f.format.suggested_file().to_string()]);
            if let Some(s) = c.current() {
                f.file.value = s.to_string();
                f.confirm = None;
                f.note = None;
            }
        }
        k => {
            if f.at == 0 {
                // Typing on the format picks it by its first letter.
                if let FormKey::Input(c) = k
                    && let Some(x) = Format::ALL
                        .iter()
                        .find(|x| x.name().starts_with(c.to_ascii_lowercase()))
                {
                    f.format = *x;
                }
            } else if edit(&mut f.file.value, &k) {
                f.confirm = None;
                f.note = None;
            }
        }
    }
    app.panels.form = Some(Form::Copy(f));
}

/// Enter: copy or write; false (the form stays) when a question or an error is shown.
fn accept(app: &mut App, f: &mut CopyForm) -> bool {
    let Some(t) = &app.run.trace else {
        return true;
    };
    let content = match f.format {
        Format::Text => crate::report::text(t, false),
        Format::Markdown => crate::share::markdown(t),
        Format::Command => command_line(app.file.model_path.as_deref(), t, &app.request.options),
    };
    let lines = content.lines().count();
    let what = f.format.name();
    let name = f.file.value.trim();
    if name.is_empty() {
        app.status = Some(format!(
            "copied the trace as {what} ({lines} line{}) to the clipboard (OSC 52, where the terminal allows it; else Y and a file name)",
            if lines == 1 { "" } else { "s" }
        ));
        app.clipboard = Some(content);
        return true;
    }
    let path = PathBuf::from(name);
    if path.is_dir() {
        f.note = Some(format!(
            "{} is a folder: name a file in it",
            crate::text::escape(name)
        ));
        return false;
    }
    if path.exists() && f.confirm.as_deref() != Some(path.as_path()) {
        f.note = Some(format!(
            "{} exists: Enter again overwrites it, Esc keeps it",
            crate::text::escape(name)
        ));
        f.confirm = Some(path);
        return false;
    }
    match std::fs::write(&path, content.as_bytes()) {
        Ok(()) => {
            app.status = Some(format!(
                "wrote the trace as {what} ({lines} line{}) to {}",
                if lines == 1 { "" } else { "s" },
                crate::text::escape(name)
            ));
            true
        }
        Err(e) => {
            f.note = Some(format!("cannot write {}: {e}", crate::text::escape(name)));
            f.confirm = None;
            false
        }
    }
}

/// The `linkscope trace …` command that prints this trace: the model file (or `MODEL.yaml`
/// for the built-in tour, which has none), source, destination and every option set.
pub fn command_line(model: Option<&Path>, t: &Trace, o: &crate::engine::QueryOptions) -> String {
    let mut args: Vec<String> = vec!["linkscope".into(), "trace".into()];
    args.push(match model {
        Some(p) => p.display().to_string(),
        None => "MODEL.yaml".into(),
    });
    args.extend(["--from".into(), t.query.from.clone()]);
    args.extend(["--to".into(), t.query.to.clone()]);
    let mut opt = |flag: &str, v: Option<String>| {
        if let Some(v) = v {
            args.push(flag.into());
            args.push(v);
        }
    };
    opt("--port", o.port.map(|p| p.to_string()));
    opt("--protocol", o.protocol.clone());
    opt("--source-port", o.source_port.map(|p| p.to_string()));
    opt("--action", o.action.clone());
    opt("--resource", o.resource.clone());
    opt("--principal", o.principal.clone());
    for (k, v) in &o.context {
        args.push("--context".into());
        args.push(format!("{k}={v}"));
    }
    let mut line = args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ");
    if model.is_none() {
        line = format!("# MODEL.yaml stands for the built-in tour, which has no file\n{line}");
    }
    line.push('\n');
    line
}

/// An argument as a POSIX shell reads it back: bare when only safe characters, else in
/// single quotes.
fn quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_plain_arguments_bare() {
        assert_eq!(quote("s3://b/k.csv"), "s3://b/k.csv");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }
}
