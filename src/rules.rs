//! The rule book (assets/rules.md), embedded: how AWS behaves, one rule per id, each with its
//! AWS source. Every trace step cites rule ids; `linkscope rules` and the explorer show them.
//!
//! A rule is a bullet `- ID text` (ids such as `GW-6`, `DNS-11`, `U-10`); the heading above it
//! is its section. Sources are written once per section as `ABBR = URL` and cited by their
//! abbreviation in the rules ([`Rule::sources`] expands them).

use std::sync::OnceLock;

/// The rule book's text.
pub const RULE_BOOK: &str = include_str!("../assets/rules.md");

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    /// The rule's words, with its evidence mark (`[doc]`, `[inferred]`, `[uncertain]`) and
    /// sources as written.
    pub text: &'static str,
    /// The heading it sits under (`2.5 Private DNS`).
    pub section: &'static str,
}

impl Rule {
    /// Whether AWS documents it (`[doc]`), or the rule book infers it.
    pub fn evidence(&self) -> &'static str {
        if self.text.contains("[inferred]") && !self.text.contains("[doc]") {
            "inferred"
        } else if self.text.contains("[uncertain]") && !self.text.contains("[doc]") {
            "uncertain"
        } else if self.text.contains("[doc]") {
            "documented"
        } else {
            "noted"
        }
    }

    /// Its sources: URLs it gives, and the abbreviations it cites expanded to their URLs.
    pub fn sources(&self) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for word in self
            .text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        {
            let word = word.trim_end_matches(['.', ',', ';', ':']);
            if word.starts_with("https://") || word.starts_with("http://") {
                if !out.iter().any(|(_, u)| *u == word) {
                    out.push((String::new(), static_str(word)));
                }
            } else if let Some(url) = abbreviation(word)
                && !out.iter().any(|(a, _)| a == word)
            {
                out.push((word.to_string(), url));
            }
        }
        out
    }
}

/// `word` as a `&'static str` slice of the rule book, when it is one (it always is for words
/// split from a rule's text).
fn static_str(word: &str) -> &'static str {
    let base = RULE_BOOK.as_ptr() as usize;
    let p = word.as_ptr() as usize;
    if p >= base && p + word.len() <= base + RULE_BOOK.len() {
        &RULE_BOOK[p - base..p - base + word.len()]
    } else {
        ""
    }
}

struct Book {
    rules: Vec<Rule>,
    abbreviations: Vec<(&'static str, &'static str)>,
}

fn book() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| parse(RULE_BOOK))
}

/// Whether `s` looks like a rule id: capitals (and digits), a dash, digits, an optional letter.
pub fn looks_like_id(s: &str) -> bool {
    let Some((head, tail)) = s.split_once('-') else {
        return false;
    };
    let digits = tail.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && head
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && tail.len() - digits.len() <= 1
}

fn parse(text: &'static str) -> Book {
    let mut rules: Vec<Rule> = Vec::new();
    let mut abbreviations = Vec::new();
    let mut section = "";
    for line in text.lines() {
        if let Some(h) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            section = h.trim();
            continue;
        }
        if let Some(rest) = line.strip_prefix("- ") {
            let (id, body) = rest.split_once(' ').unwrap_or((rest, ""));
            if looks_like_id(id) {
                rules.push(Rule {
                    id,
                    text: body.trim(),
                    section,
                });
                continue;
            }
        }
        // Source lines: `ABBR = URL ;` (several per line).
        for part in line.split(';') {
            if let Some((a, u)) = part.split_once(" = ") {
                let a = a.split_whitespace().last().unwrap_or("");
                let u = u.split_whitespace().next().unwrap_or("");
                if !a.is_empty()
                    && a.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    && u.starts_with("http")
                {
                    abbreviations.push((a, u));
                }
            }
        }
    }
    Book {
        rules,
        abbreviations,
    }
}

fn abbreviation(word: &str) -> Option<&'static str> {
    book()
        .abbreviations
        .iter()
        .find(|(a, _)| *a == word)
        .map(|(_, u)| *u)
}

/// Every rule, in the book's order.
pub fn all() -> &'static [Rule] {
    &book().rules
}

/// The rule with this id (case-insensitive).
pub fn get(id: &str) -> Option<&'static Rule> {
    all().iter().find(|r| r.id.eq_ignore_ascii_case(id.trim()))
}

/// Rules whose id, section or words contain every word of `query` (case-insensitive).
pub fn search(query: &str) -> Vec<&'static Rule> {
    let words: Vec<String> = query.split_whitespace().map(|w| w.to_lowercase()).collect();
    if words.is_empty() {
        return all().iter().collect();
    }
    all()
        .iter()
        .filter(|r| {
            let hay = format!("{} {} {}", r.id, r.section, r.text).to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_book_parses_into_rules_with_sections_and_sources() {
        assert!(all().len() > 200, "{}", all().len());
        let gw6 = get("gw-6").expect("GW-6");
        assert_eq!(gw6.id, "GW-6");
        assert!(gw6.section.contains("Routing"), "{}", gw6.section);
        assert!(!gw6.sources().is_empty(), "{gw6:?}");
        assert!(get("NOPE-1").is_none());
        // Ids are unique.
        let mut seen = std::collections::HashSet::new();
        for r in all() {
            assert!(seen.insert(r.id), "{} twice", r.id);
        }
    }

    #[test]
    fn search_matches_every_word() {
        let hits = search("prefix list");
        assert!(hits.iter().any(|r| r.id == "GW-6"), "{hits:?}");
        assert!(search("zzzz qqqq").is_empty());
    }

    /// Every rule id cited in the code, the assets, the samples, the tests and the README is in
    /// the rule book (issue 14: a citation must lead somewhere).
    #[test]
    fn every_cited_rule_id_is_in_the_book() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let prefixes: std::collections::BTreeSet<&str> = all()
            .iter()
            .filter_map(|r| r.id.split('-').next())
            .collect();
        let mut files = vec![root.join("README.md")];
        let mut dirs: Vec<std::path::PathBuf> = ["src", "assets", "samples", "tests", "benches"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        while let Some(d) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    if !p.ends_with("design") && !p.ends_with("fixtures") {
                        dirs.push(p);
                    }
                } else if p
                    .extension()
                    .is_some_and(|x| x == "rs" || x == "md" || x == "yaml" || x == "snap")
                    && !p.ends_with("rules.md")
                    && !p.ends_with("rules.rs")
                {
                    files.push(p);
                }
            }
        }
        let mut missing = Vec::new();
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                if looks_like_id(word)
                    && prefixes.contains(word.split('-').next().unwrap_or(""))
                    && get(word).is_none()
                {
                    missing.push(format!("{word} in {}", f.display()));
                }
            }
        }
        assert!(files.len() > 50, "{}", files.len());
        assert!(
            missing.is_empty(),
            "cited but not in assets/rules.md:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn ids_look_like_ids() {
        for ok in ["GW-6", "GW-6b", "DNS-11", "U-10", "S3-1"] {
            assert!(looks_like_id(ok), "{ok}");
        }
        for no in ["gw-6", "GW-", "-6", "GW-6bb", "us-east-1", "TLS-1.2"] {
            assert!(!looks_like_id(no), "{no}");
        }
    }
}
