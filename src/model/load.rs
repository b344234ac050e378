//! Reading a model file: bytes -> text -> raw types -> validated [`Model`].
//!
//! All YAML parsing of model files happens here, so the parser is one place to change.
//! Limits keep hostile input from exhausting the machine (see [`Limits`]); a byte-order mark
//! and CRLF line ends are accepted; everything else that is wrong becomes a located
//! [`Diagnostic`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::{Budget, Error as YamlError, Options};

use super::Model;
use super::raw::RawModel;
use crate::diag::{Diagnostic, Pos};
use crate::suggest::{did_you_mean, suggest};

/// Input limits, stated in the README.
///
/// The file-size cap bounds what an honest model can cost; the YAML limits bound what hostile
/// text can do within it. Nodes and events are budgeted per byte of the file rather than as one
/// fixed count: an honest model spends 8 to 12 bytes per node (a 60 MB, 100,000-subnet model
/// has about six million), so a fixed count either refuses real models below the size cap or
/// lets a file of tiny objects fill memory. A text denser than [`Limits::MIN_BYTES_PER_NODE`]
/// (such as `[a,a,a,…]`) is refused by the time it has built a budget's worth of nodes, well
/// before it ends; aliases and nesting are refused as soon as one too many is read.
pub struct Limits;
impl Limits {
    /// Largest model file accepted.
    pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
    /// Deepest YAML nesting accepted.
    pub const MAX_DEPTH: usize = 64;
    /// Fewest bytes of text per YAML node (scalar, sequence, mapping), on average over the file:
    /// at least twice the density of any honest model.
    pub const MIN_BYTES_PER_NODE: usize = 4;
    /// Fewest bytes of text per parser event (roughly, scalars and collection starts/ends).
    pub const MIN_BYTES_PER_EVENT: usize = 2;
    /// Nodes every file may have, however short (a small model written densely).
    pub const MIN_NODES: usize = 100_000;
    /// Most aliases (`*ref`) in one file; alias expansion is budgeted too ("billion laughs").
    pub const MAX_ALIASES: usize = 10_000;
    /// Most events replayed through aliases in one file (bounds "billion laughs").
    pub const MAX_ALIAS_EVENTS: usize = 100_000;

    /// Most YAML nodes in a file of `bytes` bytes.
    pub const fn max_nodes(bytes: usize) -> usize {
        let n = bytes / Self::MIN_BYTES_PER_NODE;
        if n > Self::MIN_NODES {
            n
        } else {
            Self::MIN_NODES
        }
    }

    /// Most parser events in a file of `bytes` bytes.
    pub const fn max_events(bytes: usize) -> usize {
        let n = bytes / Self::MIN_BYTES_PER_EVENT;
        let floor = 2 * Self::MIN_NODES;
        if n > floor { n } else { floor }
    }
    /// Most errors, and most warnings, listed for one file; the rest are counted in one last
    /// `TOO_MANY_ERRORS` / `TOO_MANY_WARNINGS` (a file of millions of broken objects must not
    /// become millions of messages).
    pub const MAX_DIAGNOSTICS: usize = 1_000;
    /// Largest policy file a model (or `policy eval`) reads; AWS's own limit is 20 KB.
    pub const MAX_POLICY_BYTES: u64 = 1024 * 1024;
}

/// Why [`read_regular_file`] refused or failed.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system's error (no such file, permission denied, ...).
    Io(std::io::Error),
    /// Not a regular file: what it is instead ("a directory", "a named pipe (FIFO)", ...).
    NotRegular(&'static str),
    /// Larger than the limit: at least this many bytes.
    TooLarge(u64),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(&io_reason(e)),
            ReadError::NotRegular(what) => write!(f, "not a regular file but {what}"),
            ReadError::TooLarge(n) => write!(f, "{n} bytes or more"),
        }
    }
}

fn file_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Read a file that must be a regular file (symbolic links followed) of at most `max` bytes.
///
/// A named pipe, a device (`/dev/zero`, `/dev/stdin`), a socket or a directory is refused
/// before it is read: such a file may never end, or never start. The file is opened without
/// blocking (a path swapped for a FIFO between the check and the open cannot hang the caller)
/// and checked again once open; at most `max + 1` bytes are ever read, whatever the size the
/// file claims, so memory stays bounded if it grows meanwhile.
pub fn read_regular_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Read a policy file: a regular file (not a device or a pipe, which could be endless) of at
/// most [`Limits::MAX_POLICY_BYTES`], as UTF-8 text without a byte-order mark.
pub fn read_policy_file(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind};
    let bytes = read_regular_file(path, Limits::MAX_POLICY_BYTES).map_err(|e| match e {
        ReadError::Io(e) => e,
        ReadError::NotRegular(what) => Error::new(
            ErrorKind::InvalidInput,
            format!("not a regular file ({what})"),
        ),
        ReadError::TooLarge(n) => Error::new(
            ErrorKind::InvalidData,
            format!(
                "{n} bytes or more; a policy file is at most {} bytes",
                Limits::MAX_POLICY_BYTES
            ),
        ),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::new(ErrorKind::InvalidData, "not UTF-8 text"))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    })
}

/// Where a model came from, with its text for snippets.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (or `<tour>`, `<input>`).
    pub name: String,
    /// The file's path on disk, when it came from one.
    pub path: Option<PathBuf>,
    pub text: Arc<str>,
    /// The other files the model names (policy files), as read: the explorer watches them.
    pub files: Vec<PathBuf>,
}

impl Source {
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Source {
            name: name.into(),
            path,
            text: text.into(),
            files: Vec::new(),
        }
    }

    /// The directory relative paths in the model are resolved against.
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

/// A model that could not be loaded: every problem found, errors and warnings.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub source: Option<Source>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    fn one(source: Option<Source>, d: Diagnostic) -> Self {
        LoadError {
            source,
            diagnostics: vec![d],
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// Rendered rustc-style, every diagnostic, with snippets.
    pub fn render(&self, color: bool) -> String {
        let lines = self
            .source
            .as_ref()
            .map(|s| crate::diag::SourceLines::new(&s.text));
        self.diagnostics
            .iter()
            .map(|d| d.render_indexed(lines.as_ref(), color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Load a model file from disk: a regular file of at most [`Limits::MAX_FILE_BYTES`]
/// (a folder, a named pipe or a device is refused with a message saying so). Opening a folder
/// of captures is [`crate::open`]'s business, above the importer; the model knows neither.
pub fn load_file(path: &Path) -> Result<Model, LoadError> {
    let name = path.display().to_string();
    let fail = |code: &str, msg: String, help: &str| {
        LoadError::one(
            None,
            Diagnostic::error(code, msg).file(name.clone()).help(help),
        )
    };
    let bytes = match read_regular_file(path, Limits::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(ReadError::Io(e)) => {
            return Err(fail(
                "FILE_UNREADABLE",
                format!("cannot read `{name}`: {}", io_reason(&e)),
                "check the path and the file's permissions; a MODEL is a model file (.yaml) or a folder of AWS CLI captures",
            ));
        }
        Err(ReadError::NotRegular("a directory")) => {
            return Err(fail(
                "NOT_A_FILE",
                format!("`{name}` is a directory, not a model file"),
                "give a .yaml model file; a folder of AWS CLI captures is read by `linkscope import DIR`",
            ));
        }
        Err(ReadError::NotRegular(what)) => {
            return Err(fail(
                "NOT_A_FILE",
                format!(
                    "`{name}` is {what}, not a regular file; linkscope does not read models from pipes or devices"
                ),
                "save the model to a file first (e.g. `cmd > model.yaml`) and give that file",
            ));
        }
        Err(ReadError::TooLarge(n)) => {
            return Err(fail(
                "FILE_TOO_LARGE",
                format!(
                    "`{name}` is {n} bytes or more; the limit is {} bytes",
                    Limits::MAX_FILE_BYTES
                ),
                "split the model, or check that this is the file you meant",
            ));
        }
    };
    // Keep one copy of the text in memory: the bytes become the shared source text.
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text: Arc<str> = Arc::from(text);
            load_text(text, &name, Some(path.to_path_buf()))
        }
        Err(e) => load_bytes(e.as_bytes(), &name, Some(path.to_path_buf())),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Load a model from bytes (a file's content). `name` is what errors call the file.
pub fn load_bytes(bytes: &[u8], name: &str, path: Option<PathBuf>) -> Result<Model, LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let upto = &bytes[..e.valid_up_to()];
            let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = upto.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            return Err(LoadError::one(
                None,
                Diagnostic::error(
                    "INVALID_UTF8",
                    format!(
                        "`{name}` is not UTF-8 text (invalid byte at offset {})",
                        e.valid_up_to()
                    ),
                )
                .file(name)
                .at(Pos::new(line, col))
                .help("save the file as UTF-8"),
            ));
        }
    };
    load_str(text, name, path)
}

/// Load a model from text.
pub fn load_str(text: &str, name: &str, path: Option<PathBuf>) -> Result<Model, LoadError> {
    load_text(Arc::from(text), name, path)
}

fn load_text(text: Arc<str>, name: &str, path: Option<PathBuf>) -> Result<Model, LoadError> {
    let text: Arc<str> = match text.strip_prefix('\u{feff}') {
        Some(rest) => Arc::from(rest),
        None => text,
    };
    let source = Source::new(name, path, text.clone());
    let text: &str = &text;
    let err = |d: Diagnostic| LoadError::one(Some(source.clone()), d.file(name));
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(err(Diagnostic::error(
            "EMPTY_FILE",
            "the model file is empty",
        )
        .help(
            "a model starts with `linkscope: 1`; see samples/ for complete examples",
        )));
    }
    if let Some((line, col)) = tab_indent(text) {
        return Err(err(Diagnostic::error(
            "TAB_INDENT",
            "a tab is used for indentation",
        )
        .at(Pos::new(line, col))
        .help("YAML indents with spaces only; replace the tab with spaces")));
    }
    let raw = match parse_raw(text) {
        Ok(r) => r,
        Err(e) => return Err(err(yaml_diagnostic(&e))),
    };
    super::validate::validate(raw, source)
}

/// The bare YAML parse into the raw types, with the loader's limits (no validation).
pub fn parse_raw(text: &str) -> Result<RawModel, YamlError> {
    serde_saphyr::from_str_with_options(text, options(text.len()))
}

/// The parser's options for a text of `bytes` bytes (see [`Limits`]).
pub fn options(bytes: usize) -> Options {
    let mut budget = Budget::default();
    budget.max_depth = Limits::MAX_DEPTH;
    budget.max_nodes = Limits::max_nodes(bytes);
    budget.max_aliases = Limits::MAX_ALIASES;
    budget.max_events = Limits::max_events(bytes);
    let mut o = Options::default();
    o.budget = Some(budget);
    o.with_snippet = false;
    o.alias_limits.max_total_replayed_events = Limits::MAX_ALIAS_EVENTS;
    o
}

/// First line indented with a tab (outside block scalars this is a YAML error that saphyr
/// reports less plainly).
fn tab_indent(text: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if indent.contains('\t')
            && line
                .trim_start_matches([' ', '\t'])
                .chars()
                .next()
                .is_some_and(|c| c != '#')
        {
            return Some((i + 1, indent.find('\t').unwrap_or(0) + 1));
        }
    }
    None
}

/// Turn a YAML/serde error into a diagnostic with a fix.
pub(crate) fn yaml_diagnostic(e: &YamlError) -> Diagnostic {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line() as usize, l.column() as usize))
        .unwrap_or(Pos::UNKNOWN);
    let d = match e {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => {
            let s = suggest(field, expected.iter().copied());
            let help = did_you_mean(&s)
                .unwrap_or_else(|| format!("known fields here: {}", expected.join(", ")));
            Diagnostic::error("UNKNOWN_FIELD", format!("unknown field `{field}`")).help(help)
        }
        YamlError::SerdeMissingField { field, .. } => {
            Diagnostic::error("MISSING_FIELD", format!("missing field `{field}`")).help(format!(
                "add `{field}:` to this object (see MODEL.md in the README)"
            ))
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => Diagnostic::error(
            "BAD_VALUE",
            format!("expected {expected}, found {unexpected}"),
        )
        .help("check the value's type: lists use `[a, b]` or `- a` lines, ids are strings"),
        YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Diagnostic::error(
            "BAD_VALUE",
            format!("expected {expected}, found {unexpected}"),
        ),
        YamlError::InvalidBooleanStrict { .. } => {
            Diagnostic::error("BAD_VALUE", "expected true or false").help("write `true` or `false`")
        }
        YamlError::InvalidScalar { ty, .. } => {
            Diagnostic::error("BAD_VALUE", format!("expected {ty}"))
                .help("check the value: numbers and booleans are written without quotes")
        }
        YamlError::DuplicateMappingKey { key, .. } => Diagnostic::error(
            "DUPLICATE_KEY",
            match key {
                Some(k) => format!("the key `{k}` appears twice in one mapping"),
                None => "a key appears twice in one mapping".to_string(),
            },
        )
        .help("remove one of them: YAML keeps only one value per key"),
        _ => {
            let msg = e.to_string();
            let msg = msg.lines().next().unwrap_or("").to_string();
            let lower = msg.to_ascii_lowercase();
            if ["budget", "alias", "depth", "recursion", "limit"]
                .iter()
                .any(|w| lower.contains(w))
            {
                Diagnostic::error(
                    "YAML_LIMIT",
                    format!("the file exceeds a safety limit: {msg}"),
                )
                .help(format!(
                    "models are limited to nesting depth {}, one YAML node per {} bytes of the \
                         file and {} aliases; alias expansion is bounded (\"billion laughs\")",
                    Limits::MAX_DEPTH,
                    Limits::MIN_BYTES_PER_NODE,
                    Limits::MAX_ALIASES
                ))
            } else {
                Diagnostic::error("YAML_SYNTAX", format!("not valid YAML: {msg}"))
                    .help("check indentation (spaces only), colons after keys, and matching brackets/quotes")
            }
        }
    };
    d.at(pos)
}
