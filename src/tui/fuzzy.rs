//! The finder's scorer: the score of fuzzy-matcher's `SkimMatcherV2::default().fuzzy_match`,
//! computed without its per-call costs.
//!
//! A finder keystroke scores every candidate (50,000 and more on large models), and
//! `fuzzy_match` spends most of its time around the algorithm rather than in it: it allocates a
//! bonus row per call, decodes the text into a `Vec<char>`, and classifies every character
//! twice. This is the same algorithm (skim's V2: Smith-Waterman with affine gaps and in-place
//! bonuses, the two-row variant used when no positions are wanted), with the default score
//! configuration and smart case, over buffers kept for the whole keystroke and over the text's
//! bytes when it is ASCII. It returns exactly the scores of a fresh `SkimMatcherV2` (the tests
//! compare the two). A matcher reused from text to text, as the finder used one, is not quite a
//! function of its inputs: its cached matrix lets a cell's consecutive-match bonus left by one
//! text leak into the next text's score (`"aa "` scores `" ba -A 0a -"` 54 right after
//! `"aaa_a_a a_A-_"`, 51 alone), so a ranking could depend on the candidates' order; this one
//! cannot. The crate still computes the highlighted positions of the rows shown.
//!
//! Ported from fuzzy-matcher 0.3.7 (`src/skim.rs`, MIT licence, by Jinzhou Zhang).

/// Default `SkimScoreConfig`.
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

/// [`char_type`] of every ASCII character, for the common case.
const ASCII_TYPES: [CharType; 128] = {
    let mut t = [CharType::Lower; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = char_type_slow(i as u8 as char);
        i += 1;
    }
    t
};

#[inline]
fn char_type(ch: char) -> CharType {
    match ASCII_TYPES.get(ch as usize) {
        Some(&t) => t,
        None => CharType::Lower,
    }
}

const fn char_type_slow(ch: char) -> CharType {
    match ch {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

#[inline]
fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
    match (prev, cur) {
        (CharType::Empty, _) | (CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower, CharType::Upper) | (CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

#[inline]
fn char_equal(a: char, b: char, case_sensitive: bool) -> bool {
    if case_sensitive {
        a == b
    } else {
        a.eq_ignore_ascii_case(&b)
    }
}

#[derive(Clone, Copy)]
struct Cell {
    m_score: i32,
    p_score: i32,
    bonus: i32,
}

impl Cell {
    const RESET: Cell = Cell {
        m_score: NEG_INFINITY,
        p_score: NEG_INFINITY,
        bonus: 0,
    };
}

/// Scores texts against one pattern, reusing its buffers from text to text.
pub struct Scorer {
    pattern: Vec<char>,
    case_sensitive: bool,
    chars: Vec<char>,
    first: Vec<usize>,
    bonus: Vec<i32>,
    cells: Vec<Cell>,
}

impl Scorer {
    pub fn new(pattern: &str) -> Scorer {
        Scorer {
            pattern: pattern.chars().collect(),
            // Smart case: case-sensitive when the pattern has an ASCII capital.
            case_sensitive: pattern.bytes().any(|b| b.is_ascii_uppercase()),
            chars: Vec::new(),
            first: Vec::new(),
            bonus: Vec::new(),
            cells: Vec::new(),
        }
    }

    /// The score of `text`, or None when the pattern is not a subsequence of it.
    pub fn score(&mut self, text: &str) -> Option<i64> {
        if self.pattern.is_empty() {
            return Some(0);
        }
        if text.is_ascii() {
            let bytes = text.as_bytes();
            self.run(bytes.len(), |j| bytes[j] as char)
        } else {
            let mut chars = std::mem::take(&mut self.chars);
            chars.clear();
            chars.extend(text.chars());
            let r = self.run(chars.len(), |j| chars[j]);
            self.chars = chars;
            r
        }
    }

    fn run(&mut self, len: usize, at: impl Fn(usize) -> char) -> Option<i64> {
        let cs = self.case_sensitive;
        // The first (leftmost, greedy) match of each pattern character, or no match at all.
        self.first.clear();
        let mut k = 0;
        for j in 0..len {
            if k == self.pattern.len() {
                break;
            }
            if char_equal(at(j), self.pattern[k], cs) {
                self.first.push(j);
                k += 1;
            }
        }
        if k < self.pattern.len() {
            return None;
        }

        let cols = len + 1;
        // In-place bonus of each column (column j + 1 is the text's character j). Only the
        // columns after the first match are ever read.
        let start = self.first[0];
        self.bonus.clear();
        self.bonus.resize(cols, 0);
        let mut prev = if start == 0 {
            CharType::Empty
        } else {
            char_type(at(start - 1))
        };
        for j in start..len {
            let cur = char_type(at(j));
            self.bonus[j + 1] = in_place_bonus(prev, cur);
            prev = cur;
        }
        if start == 0 && cols > 1 {
            self.bonus[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
        }

        // Two rows, M and P together; row 0 starts as "nothing matched yet".
        self.cells.clear();
        self.cells.resize(2 * cols, Cell::RESET);
        let cells = &mut self.cells;
        cells[cols + self.first[0]] = Cell::RESET;
        for c in cells.iter_mut().take(cols) {
            *c = Cell {
                p_score: GAP_EXTENSION,
                ..Cell::RESET
            };
        }

        for (i, &p) in self.pattern.iter().enumerate() {
            let row = ((i + 1) & 1) * cols;
            let row_prev = (i & 1) * cols;
            let to_skip = self.first[i];
            for j in to_skip..len {
                let c = at(j);
                let col = j + 1;
                let idx_cur = row + col;
                let idx_last = row + col - 1;
                let idx_prev = row_prev + col - 1;
                if char_equal(c, p, cs) {
                    let case_penalty = if !cs && p != c {
                        PENALTY_CASE_MISMATCH
                    } else {
                        0
                    };
                    let match_score = (SCORE_MATCH + case_penalty).max(0);
                    let in_place = self.bonus[col];
                    let consecutive = cells[idx_last].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    cells[idx_last].bonus = consecutive;
                    let score_match = cells[idx_prev].m_score + consecutive;
                    let score_skip = cells[idx_prev].p_score + in_place;
                    cells[idx_cur].m_score = score_match.max(score_skip) + match_score;
                } else {
                    cells[idx_cur].m_score = NEG_INFINITY;
                    cells[idx_cur].bonus = 0;
                }
                let from_match = GAP_START + GAP_EXTENSION + cells[idx_last].m_score;
                let from_skip = GAP_EXTENSION + cells[idx_last].p_score;
                cells[idx_cur].p_score = from_match.max(from_skip);
            }
        }

        let last_row = (self.pattern.len() & 1) * cols;
        let from = self.first[self.first.len() - 1];
        cells[last_row + from..last_row + cols]
            .iter()
            .map(|c| c.m_score)
            .max()
            .map(i64::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    /// The crate's score with a fresh matcher, whose matrix cache is empty: a matcher reused
    /// from text to text can carry a cell's bonus over from one text to the next (see the
    /// module comment). (`use_cache(false)` would be the way to say it, but it panics.)
    fn reference(text: &str, pattern: &str) -> Option<i64> {
        SkimMatcherV2::default().fuzzy_match(text, pattern)
    }

    fn same(texts: &[&str], patterns: &[&str]) {
        for p in patterns {
            let mut s = Scorer::new(p);
            for t in texts {
                assert_eq!(s.score(t), reference(t, p), "text {t:?}, pattern {p:?}");
            }
        }
    }

    #[test]
    fn scores_like_skim_v2() {
        same(
            &[
                "",
                "i-app-a  10.0.1.10",
                "subnet-g12-33  s12-33  10.12.33.0/24",
                "vpce-g0-ssm  interface",
                "com.amazonaws.us-east-1.s3",
                "s3://app-data/",
                "FooBar  fooBar  foo_bar  FOO-BAR",
                "HTTPServer/Proxy.conf (main) [x] {y} |z| ~w",
                "ééé i-app-ünïcode  10.0.0.1",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "a-b-a-b-a-b-a-b",
            ],
            &[
                "", "a", "g", "7", "g7", "app", "i-app-a", "S3", "s3", "fb", "FB", "Fb", "http",
                "aaa", "abab", "aba", "ü", "é1", "10.0", "/", " ", "zz", "sg-g",
            ],
        );
    }

    #[test]
    fn a_score_does_not_depend_on_the_texts_scored_before() {
        let mut s = Scorer::new("aa ");
        assert_eq!(s.score(" ba -A 0a -"), Some(51));
        s.score("aaa_a_a a_A-_");
        assert_eq!(s.score(" ba -A 0a -"), Some(51));
    }

    proptest! {
        #[test]
        fn scores_like_skim_v2_on_any_text(
            text in "[a-cA-C0-2 ./_:é-]{0,40}",
            pattern in "[a-cA-C0-2 ./_:é-]{1,5}",
        ) {
            prop_assert_eq!(Scorer::new(&pattern).score(&text), reference(&text, &pattern));
        }
    }
}
