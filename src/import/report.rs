//! What an import skipped, inferred and noticed, for the header of the generated model and for
//! `linkscope import`'s report on stderr.
//!
//! Skipped things are counted per kind ("IPv6 network ACL entries: 4"), with a few example ids so
//! a reader can find them in the captures. Inferred values are listed one by one: each is a fact
//! the model states that the captures did not.

use std::collections::{BTreeMap, HashSet};

/// How many items of one kind were skipped, and a few of their ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    pub count: usize,
    pub examples: Vec<String>,
}

/// The import report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// `.json` files read.
    pub files_read: usize,
    /// Files whose content was recognised.
    pub files_used: usize,
    /// Kind -> count and examples.
    pub skipped: BTreeMap<String, Skipped>,
    /// Values the model states that were not captured, derived from what AWS guarantees.
    pub inferred: Vec<String>,
    /// Anything else worth knowing (custom DNS servers, merged duplicates).
    pub notes: Vec<String>,
    /// (Terraform address, id written) of objects whose id is unknown until apply.
    pub placeholders: Vec<(String, String)>,
    /// Kinds of object no input held, each with what the trace assumes instead.
    pub not_captured: Vec<String>,
    /// `inferred` and `notes` as sets, so that adding one is not a scan of all the others
    /// (40,000 VPCs made the import quadratic).
    seen_inferred: HashSet<String>,
    seen_notes: HashSet<String>,
}

/// Placeholders listed one by one in the report's text (all are in [`Report::placeholders`]).
const PLACEHOLDERS_SHOWN: usize = 20;

/// Examples kept per skipped kind.
const EXAMPLES: usize = 3;

impl Report {
    /// Count one skipped item of `kind`, remembering `example` (an id or file name).
    pub fn skip(&mut self, kind: &str, example: impl Into<String>) {
        let e = self.skipped.entry(kind.to_string()).or_default();
        e.count += 1;
        let ex = example.into();
        if !ex.is_empty() && e.examples.len() < EXAMPLES && !e.examples.contains(&ex) {
            e.examples.push(ex);
        }
    }

    /// Count `n` skipped items of `kind` at once.
    pub fn skip_n(&mut self, kind: &str, n: usize, example: impl Into<String>) {
        if n == 0 {
            return;
        }
        self.skip(kind, example);
        if let Some(e) = self.skipped.get_mut(kind) {
            e.count += n - 1;
        }
    }

    pub fn infer(&mut self, what: impl Into<String>) {
        let w = what.into();
        if self.seen_inferred.insert(w.clone()) {
            self.inferred.push(w);
        }
    }

    pub fn note(&mut self, what: impl Into<String>) {
        let w = what.into();
        if self.seen_notes.insert(w.clone()) {
            self.notes.push(w);
        }
    }

    /// A "not captured" line found while building (`what`, with up to three example ids).
    pub fn not_captured_once(&mut self, what: &str, example: &str) {
        let Some(line) = self.not_captured.iter_mut().find(|l| l.starts_with(what)) else {
            self.not_captured.push(if example.is_empty() {
                what.to_string()
            } else {
                format!("{what} (e.g. {example})")
            });
            return;
        };
        let shown = line.matches(", ").count() + 1;
        if example.is_empty() || line.contains(example) || shown >= EXAMPLES {
            return;
        }
        if line.ends_with(')') {
            line.pop();
            line.push_str(&format!(", {example})"));
        } else {
            line.push_str(&format!(" (e.g. {example})"));
        }
    }

    /// An object whose id is known only after `terraform apply`, written as `id`.
    pub fn placeholder(&mut self, address: &str, id: &str) {
        self.placeholders
            .push((address.to_string(), id.to_string()));
    }

    /// Total items skipped.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().map(|s| s.count).sum()
    }

    /// Count of one kind (0 when none).
    pub fn skipped_count(&self, kind: &str) -> usize {
        self.skipped.get(kind).map(|s| s.count).unwrap_or(0)
    }

    /// The report as lines of text (no trailing newlines, no terminal escapes needed:
    /// callers escape at the output boundary).
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "read {} JSON file{}, {} recognised",
            self.files_read,
            if self.files_read == 1 { "" } else { "s" },
            self.files_used
        )];
        if self.skipped.is_empty() {
            out.push("skipped: nothing".to_string());
        } else {
            out.push(format!(
                "skipped ({} item{}):",
                self.skipped_total(),
                if self.skipped_total() == 1 { "" } else { "s" }
            ));
            for (kind, s) in &self.skipped {
                let ex = if s.examples.is_empty() {
                    String::new()
                } else {
                    format!(" (e.g. {})", s.examples.join(", "))
                };
                out.push(format!("  {kind}: {}{ex}", s.count));
            }
        }
        if !self.inferred.is_empty() {
            out.push(format!("inferred ({}):", self.inferred.len()));
            for i in &self.inferred {
                out.push(format!("  {i}"));
            }
        }
        if !self.placeholders.is_empty() {
            out.push(format!(
                "unknown until apply ({}): ids given as placeholders (address -> id):",
                self.placeholders.len()
            ));
            for (a, id) in self.placeholders.iter().take(PLACEHOLDERS_SHOWN) {
                out.push(format!("  {a} -> {id}"));
            }
            if self.placeholders.len() > PLACEHOLDERS_SHOWN {
                out.push(format!(
                    "  ... and {} more",
                    self.placeholders.len() - PLACEHOLDERS_SHOWN
                ));
            }
        }
        if !self.not_captured.is_empty() {
            out.push(format!("not captured ({}):", self.not_captured.len()));
            for n in &self.not_captured {
                out.push(format!("  {n}"));
            }
        }
        if !self.notes.is_empty() {
            out.push("notes:".to_string());
            for n in &self.notes {
                out.push(format!("  {n}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_examples() {
        let mut r = Report::default();
        for i in 0..5 {
            r.skip("IPv6 routes", format!("rtb-{i}"));
        }
        r.skip_n("unrecognised files", 2, "x.json");
        assert_eq!(r.skipped_count("IPv6 routes"), 5);
        assert_eq!(r.skipped["IPv6 routes"].examples.len(), 3);
        assert_eq!(r.skipped_total(), 7);
        let text = r.lines().join("\n");
        assert!(
            text.contains("IPv6 routes: 5 (e.g. rtb-0, rtb-1, rtb-2)"),
            "{text}"
        );
        assert!(text.contains("unrecognised files: 2"), "{text}");
    }
}
