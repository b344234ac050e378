//! Where things are in a policy file: a small scanner over JSON text (already checked by
//! serde_json) that records the 1-based line and column (in characters) where every value
//! starts and ends, so errors and statements can point into the file.

/// A position range in the text: start of the value's first character, and its last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Debug)]
pub(crate) struct Node {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Debug)]
pub(crate) enum Kind {
    /// Members: (key, where the key starts, value).
    Object(Vec<(String, (usize, usize), Node)>),
    Array(Vec<Node>),
    Scalar,
}

/// One step of a path: a member name or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// Render a path the way errors show it: `Statement[1].Condition.StringEquals`.
pub(crate) fn render(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                s.push_str(&format!("[{i}]"));
            }
        }
    }
    s
}

struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    col: usize,
    /// Position of the last character consumed.
    last: (usize, usize),
    depth: usize,
}

const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        self.last = (self.line, self.col);
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r' | '\u{feff}')) {
            self.bump();
        }
    }
    fn here(&self) -> (usize, usize) {
        (self.line, self.col)
    }
    fn string(&mut self) -> Option<String> {
        if self.bump()? != '"' {
            return None;
        }
        let mut s = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(s),
                '\\' => match self.bump()? {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let mut code = 0u32;
                        for _ in 0..4 {
                            code = code * 16 + self.bump()?.to_digit(16)?;
                        }
                        s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    c => s.push(c),
                },
                c => s.push(c),
            }
        }
    }
    fn value(&mut self) -> Option<Node> {
        self.ws();
        let start = self.here();
        let kind = match self.peek()? {
            '{' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                self.bump();
                let mut members = Vec::new();
                self.ws();
                if self.peek()? == '}' {
                    self.bump();
                } else {
                    loop {
                        self.ws();
                        let kpos = self.here();
                        let k = self.string()?;
                        self.ws();
                        if self.bump()? != ':' {
                            return None;
                        }
                        let v = self.value()?;
                        members.push((k, kpos, v));
                        self.ws();
                        match self.bump()? {
                            ',' => continue,
                            '}' => break,
                            _ => return None,
                        }
                    }
                }
                self.depth -= 1;
                Kind::Object(members)
            }
            '[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                self.bump();
                let mut items = Vec::new();
                self.ws();
                if self.peek()? == ']' {
                    self.bump();
                } else {
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        match self.bump()? {
                            ',' => continue,
                            ']' => break,
                            _ => return None,
                        }
                    }
                }
                self.depth -= 1;
                Kind::Array(items)
            }
            '"' => {
                self.string()?;
                Kind::Scalar
            }
            _ => {
                // number, true, false, null
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || "+-.".contains(c))
                {
                    self.bump();
                }
                if self.here() == start {
                    return None;
                }
                Kind::Scalar
            }
        };
        Some(Node {
            span: Span {
                line: start.0,
                column: start.1,
                end_line: self.last.0,
                end_column: self.last.1,
            },
            kind,
        })
    }
}

/// Scan JSON text into a position tree; None when the text is not JSON the scanner follows.
pub(crate) fn scan(text: &str) -> Option<Node> {
    let mut s = Scanner {
        chars: text.chars().peekable(),
        line: 1,
        col: 1,
        last: (1, 1),
        depth: 0,
    };
    s.value()
}

impl Node {
    /// The first key written twice in one object (depth first, in text order): its path, the
    /// key, and where its second occurrence starts. serde_json keeps the last one silently, so
    /// `"Effect": "Deny", …, "Effect": "Allow"` would read as Allow.
    pub(crate) fn duplicate_key(&self) -> Option<(Vec<Seg>, String, (usize, usize))> {
        let mut path = Vec::new();
        self.duplicate_in(&mut path)
    }

    fn duplicate_in(&self, path: &mut Vec<Seg>) -> Option<(Vec<Seg>, String, (usize, usize))> {
        match &self.kind {
            Kind::Object(members) => {
                let mut seen = std::collections::HashSet::new();
                for (k, pos, _) in members {
                    if !seen.insert(k.as_str()) {
                        return Some((path.clone(), k.clone(), *pos));
                    }
                }
                for (k, _, v) in members {
                    path.push(Seg::Key(k.clone()));
                    let found = v.duplicate_in(path);
                    path.pop();
                    if found.is_some() {
                        return found;
                    }
                }
                None
            }
            Kind::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    let found = v.duplicate_in(path);
                    path.pop();
                    if found.is_some() {
                        return found;
                    }
                }
                None
            }
            Kind::Scalar => None,
        }
    }

    /// The node a path leads to; `[0]` on a non-list is the node itself (a single statement
    /// written as an object is `Statement[0]`). When the path leads nowhere (a missing element),
    /// the deepest node reached; `key_pos`: for an object member, the position of its key.
    pub(crate) fn find(&self, path: &[Seg]) -> (&Node, Option<(usize, usize)>) {
        let mut node = self;
        let mut key_pos = None;
        for seg in path {
            match (seg, &node.kind) {
                (Seg::Key(k), Kind::Object(members)) => {
                    // The last member of a name wins, as in serde_json.
                    match members.iter().rev().find(|(mk, _, _)| mk == k) {
                        Some((_, kp, v)) => {
                            node = v;
                            key_pos = Some(*kp);
                        }
                        None => break,
                    }
                }
                (Seg::Index(i), Kind::Array(items)) => match items.get(*i) {
                    Some(v) => {
                        node = v;
                        key_pos = None;
                    }
                    None => break,
                },
                (Seg::Index(0), _) => {}
                _ => break,
            }
        }
        (node, key_pos)
    }

    /// The spans of the statements (`Statement` as a list or a single object).
    pub(crate) fn statement_spans(&self) -> Vec<Span> {
        let (node, _) = self.find(&[Seg::Key("Statement".into())]);
        if std::ptr::eq(node, self) {
            return Vec::new();
        }
        match &node.kind {
            Kind::Array(items) => items.iter().map(|n| n.span).collect(),
            Kind::Object(_) => vec![node.span],
            Kind::Scalar => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",\n     \"Condition\": {\"StringEquals\": {\"k\": \"v\"}}}\n  ]\n}";
        let root = scan(text).expect("scans");
        let spans = root.statement_spans();
        assert_eq!(spans.len(), 1);
        assert_eq!((spans[0].line, spans[0].column), (3, 5));
        assert_eq!((spans[0].end_line, spans[0].end_column), (4, 47));
        let path = [
            Seg::Key("Statement".into()),
            Seg::Index(0),
            Seg::Key("Condition".into()),
            Seg::Key("StringEquals".into()),
        ];
        assert_eq!(render(&path), "Statement[0].Condition.StringEquals");
        let (n, kp) = root.find(&path);
        assert_eq!((n.span.line, n.span.column), (4, 36));
        assert_eq!(kp, Some((4, 20)));
        // A missing element: the deepest node reached.
        let (n, _) = root.find(&[
            Seg::Key("Statement".into()),
            Seg::Index(0),
            Seg::Key("Action".into()),
        ]);
        assert_eq!((n.span.line, n.span.column), (3, 5));
    }

    #[test]
    fn single_statement_object_and_unicode_columns() {
        let text = "{\"Id\": \"é\", \"Statement\": {\"Sid\": \"x\"}}";
        let root = scan(text).unwrap();
        let spans = root.statement_spans();
        assert_eq!((spans[0].line, spans[0].column), (1, 26));
        let (n, _) = root.find(&[
            Seg::Key("Statement".into()),
            Seg::Index(0),
            Seg::Key("Sid".into()),
        ]);
        assert_eq!(n.span.column, 34);
    }
}
