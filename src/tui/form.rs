//! The small forms drawn over the screen: the request editor (`o`, [`super::request`]) and the
//! copy-out form (`Y`, [`super::copyout`]). This module holds what they share: a text field,
//! the keys a form takes ([`FormKey`], from the keymap's form layer), Tab completion through a
//! list of candidates, and the dispatch of a key to the open form.

use super::state::App;

/// A key pressed while a form is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKey {
    /// A typed character, into the field being edited.
    Input(char),
    /// Pasted text (bracketed paste).
    Paste(String),
    Backspace,
    /// Ctrl-U: empty the field.
    Clear,
    /// ↓ / ↑: the next / previous field.
    Field(i32),
    /// Tab / Shift-Tab: the next / previous completion of the field.
    Complete(i32),
    /// Enter: apply (the editor) or copy / write (copy out).
    Accept,
    /// Esc: close the form, changing nothing.
    Cancel,
}

/// One text field: a label, what was typed, and what an empty field means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    /// Shown dimmed when the field is empty (`443 (the destination's default)`).
    pub placeholder: String,
}

impl Field {
    pub fn new(
        label: &'static str,
        value: impl Into<String>,
        placeholder: impl Into<String>,
    ) -> Field {
        Field {
            label,
            value: value.into(),
            placeholder: placeholder.into(),
        }
    }
}

/// Tab completion in progress: the text typed before the first Tab, the candidates that
/// match it, and the one shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    pub typed: String,
    pub options: Vec<String>,
    pub at: usize,
}

impl Completion {
    /// The candidates among `all` that match what was typed: those starting with it first
    /// (case-insensitive), then those containing it; each once, in the order given.
    pub fn new(typed: &str, all: Vec<String>) -> Completion {
        let q = typed.to_lowercase();
        let mut options: Vec<String> = Vec::new();
        for starts in [true, false] {
            for c in &all {
                let l = c.to_lowercase();
                let hit = if starts {
                    l.starts_with(&q)
                } else {
                    !l.starts_with(&q) && l.contains(&q)
                };
                if hit && !options.contains(c) {
                    options.push(c.clone());
                }
            }
        }
        Completion {
            typed: typed.to_string(),
            options,
            at: 0,
        }
    }

    /// Move to the next (`d` = 1) or previous candidate, wrapping.
    pub fn step(&mut self, d: i32) {
        let n = self.options.len() as i32;
        if n > 0 {
            self.at = (self.at as i32 + d).rem_euclid(n) as usize;
        }
    }

    pub fn current(&self) -> Option<&str> {
        self.options.get(self.at).map(String::as_str)
    }
}

/// A form open over the screen.
#[derive(Debug, Clone)]
pub enum Form {
    Request(super::request::RequestForm),
    Copy(super::copyout::CopyForm),
}

/// Apply a key to a text field (not Tab, Enter or Esc); true if the text changed.
pub fn edit(value: &mut String, k: &FormKey) -> bool {
    match k {
        FormKey::Input(c) if !crate::text::is_unsafe(*c) => value.push(*c),
        FormKey::Paste(s) => value.extend(
            s.chars()
                .filter(|c| !crate::text::is_unsafe(*c) && *c != '\n' && *c != '\r'),
        ),
        FormKey::Backspace => {
            value.pop();
        }
        FormKey::Clear => value.clear(),
        _ => return false,
    }
    true
}

/// A key for the open form.
pub fn handle(app: &mut App, k: FormKey) {
    let Some(form) = app.panels.form.take() else {
        return;
    };
    match form {
        Form::Request(f) => super::request::handle(app, f, k),
        Form::Copy(f) => super::copyout::handle(app, f, k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_puts_prefix_matches_first_and_wraps() {
        let mut c = Completion::new(
            "put",
            vec![
                "s3:GetObject".into(),
                "s3:PutObject".into(),
                "put-thing".into(),
            ],
        );
        assert_eq!(c.options, vec!["put-thing", "s3:PutObject"]);
        c.step(1);
        assert_eq!(c.current(), Some("s3:PutObject"));
        c.step(1);
        assert_eq!(c.current(), Some("put-thing"));
        c.step(-1);
        assert_eq!(c.current(), Some("s3:PutObject"));
    }

    #[test]
    fn edits_drop_control_characters_and_newlines() {
        let mut v = String::new();
        assert!(edit(&mut v, &FormKey::Paste("a\x1bb\nc".into())));
        assert_eq!(v, "abc");
        assert!(edit(&mut v, &FormKey::Backspace));
        assert_eq!(v, "ab");
        assert!(!edit(&mut v, &FormKey::Accept));
    }
}
