//! The fuzzy finder: candidates for `s` (sources), `d` (destinations) and `/` (every object),
//! ranked with fuzzy-matcher's `SkimMatcherV2` (skim's V2 score, smart case).
//!
//! Matching runs on keystrokes only, never per frame, and does as little as it can:
//! - the candidates are built once per model and kind ([`CandidateCache`]), shared, not copied;
//! - a byte-level subsequence check ([`Prefilter`]) turns away the candidates that cannot match
//!   before the scorer sees them;
//! - when the query grows, only the previous matches are scored again (a longer query can only
//!   match fewer candidates); the matches of each shorter query are kept on a stack, so
//!   Backspace restores them without scoring;
//! - only the rows that can be shown are put in order ([`Finder::fit`] orders more when the
//!   list scrolls): the rest of the matches stay unsorted after them.
//!
//! A keystroke is scored in fixed chunks of candidates, one matcher per chunk, on every core
//! when the pool is large. The crate reuses its score matrix from text to text, and a cell
//! left by one text can nudge the next text's score; a text that does not match never touches
//! the matrix, so the texts a chunk's matcher sees are that chunk's matches in candidate order,
//! whether the keystroke narrows the previous matches or scans everything, on one core or many:
//! the ranking does not depend on the way it was reached. The matched character positions (highlights) are
//! computed only for the rows on screen ([`Finder::fill_indices`]).
//!
//! On a large model even that can take longer than a keystroke, so the explorer's event loop
//! ranks off the UI thread: above [`WORKER_ABOVE`] candidates it marks the finder as deferred
//! ([`Finder::use_worker_above`]); a new query then only records a [`Job`] with a fresh
//! generation number, which the loop hands to a [`Worker`] thread. The worker keeps a finder of
//! its own (the synchronous path above, narrowing and Backspace included) and sends back the
//! [`Ranked`] matches; [`Finder::receive`] takes them only when their generation is the
//! finder's current one, so the ranking of an older query never replaces a newer one. Typing
//! never waits: until the ranking arrives the previous rows stay on screen. Without the event
//! loop (the update tests, small models) everything stays synchronous.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{EndpointKind, Ix, Model, ObjectRef, RecordValue};
use crate::text::{escape, escape_cow};

use super::message::FinderKind;

/// Rows put in order by every ranking, before any scrolling (more than any screen shows).
const SORTED_AHEAD: usize = 256;

/// Above this many candidates the explorer ranks on a [`Worker`] thread (below it a keystroke
/// ranks in well under a frame).
pub const WORKER_ABOVE: usize = 5_000;

/// Generation numbers, unique across finders: a result for a closed finder never fits a new one.
static GENERATION: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// The candidates of each finder, built once per model (cleared when the model changes).
#[derive(Debug, Default)]
pub struct CandidateCache {
    entries: Vec<(FinderKind, Ix, Arc<[Candidate]>)>,
}

impl CandidateCache {
    /// The candidates of `kind` for the VPC `vpc`, built by `build` the first time.
    pub fn get(
        &mut self,
        kind: FinderKind,
        vpc: Ix,
        build: impl FnOnce() -> Vec<Candidate>,
    ) -> Arc<[Candidate]> {
        if let Some((_, _, c)) = self
            .entries
            .iter()
            .find(|(k, v, _)| *k == kind && *v == vpc)
        {
            return c.clone();
        }
        let c: Arc<[Candidate]> = build().into();
        self.entries.push((kind, vpc, c.clone()));
        c
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// A cheap test that a text may match a query: the query's bytes are a subsequence of the
/// text's (ASCII letters folded unless the query has a capital: fuzzy-matcher's smart case).
/// Every text the scorer would match passes; most that it would not are turned away in a few
/// nanoseconds.
#[derive(Debug, Clone)]
pub struct Prefilter {
    pattern: Vec<u8>,
    fold: bool,
}

impl Prefilter {
    pub fn new(query: &str) -> Prefilter {
        let fold = !query.bytes().any(|b| b.is_ascii_uppercase());
        Prefilter {
            // Folded once here, not per byte of every text.
            pattern: query
                .bytes()
                .map(|b| if fold { b.to_ascii_lowercase() } else { b })
                .collect(),
            fold,
        }
    }

    pub fn accepts(&self, text: &[u8]) -> bool {
        self.start(text).is_some()
    }

    /// Where the query's first byte first occurs in `text`, when the query's bytes are a
    /// subsequence of the text's (the [`window`] starts there). Each next byte is found with
    /// `memchr` (vectorised): this scan, byte by byte, was a fifth of a narrowing keystroke.
    pub fn start(&self, text: &[u8]) -> Option<usize> {
        let Some((&first, rest)) = self.pattern.split_first() else {
            return Some(0);
        };
        let at = self.find(first, text)?;
        let mut from = at + 1;
        for &b in rest {
            from += self.find(b, &text[from..])? + 1;
        }
        Some(at)
    }

    /// The first byte of `text` equal to the pattern byte `b` (either case of a letter when
    /// folding: the pattern was folded to lower case).
    fn find(&self, b: u8, text: &[u8]) -> Option<usize> {
        if self.fold && b.is_ascii_lowercase() {
            memchr::memchr2(b, b.to_ascii_uppercase(), text)
        } else {
            memchr::memchr(b, text)
        }
    }
}

/// One thing the finder offers.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What is shown and matched (escaped).
    pub text: String,
    /// A dim note shown to the right (kind, subnet, zone).
    pub hint: String,
    /// What choosing it means: the source or destination text given to the engine, or the id
    /// of the object to jump to.
    pub value: String,
    /// The object it stands for, when it is one.
    pub object: Option<ObjectRef>,
    /// What Tab puts in the query, when not `value` (`s3://bucket/`, to type a key).
    pub complete: Option<String>,
}

/// A candidate that matches the query.
#[derive(Debug, Clone)]
pub struct Match {
    pub cand: u32,
    /// The length of the candidate's text (a tie-break of the order), kept here so that
    /// ordering the matches reads no candidate (it fills the struct's padding).
    pub len: u32,
    pub score: i64,
}

impl Match {
    /// The order of the list as one integer, smallest first: the higher score, then the shorter
    /// text, then the earlier candidate — `(Reverse(score), len, cand)` packed so that choosing
    /// and sorting the best rows compares two machine words instead of a tuple.
    fn order_key(&self) -> u128 {
        // i64 -> u64 keeping the order (flip the sign bit), then inverted: higher scores first.
        let score = !((self.score as u64) ^ (1 << 63));
        (u128::from(score) << 64) | (u128::from(self.len) << 32) | u128::from(self.cand)
    }
}

/// One row of the finder's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The query itself, used as typed (destinations, and addresses as sources).
    Free,
    /// The n-th match.
    Match(usize),
}

#[derive(Debug, Clone)]
pub struct Finder {
    pub kind: FinderKind,
    pub query: String,
    pub candidates: Arc<[Candidate]>,
    /// Matches of `query`: the first `sorted` best first, the rest after them in no order (all
    /// candidates in their order when the query is empty).
    pub matches: Vec<Match>,
    /// Selected row.
    pub selected: usize,
    /// First row shown.
    pub scroll: usize,
    /// How many of `matches` are in their final order.
    sorted: usize,
    /// Matches of shorter queries (prefixes of `query`), for Backspace.
    stack: Vec<(String, Vec<Match>, usize)>,
    /// Queries are ranked by a [`Worker`] (set by the event loop, never by `update`).
    deferred: bool,
    /// The generation of `query`; a [`Ranked`] of another generation is stale.
    generation: u64,
    /// A query waiting to be handed to the worker.
    job: Option<Job>,
    /// `matches` are those of an earlier query: the ranking of `query` is on its way.
    pub pending: bool,
    /// Positions (in characters of the text) of the matched characters, by candidate:
    /// computed for the rows on screen only ([`Finder::fill_indices`]), kept out of [`Match`]
    /// so that a match is 16 bytes (half a million of them are moved on every keystroke).
    highlights: HashMap<u32, Vec<usize>>,
}

/// A query for the [`Worker`] to rank.
#[derive(Debug, Clone)]
pub struct Job {
    pub generation: u64,
    pub kind: FinderKind,
    pub candidates: Arc<[Candidate]>,
    pub query: String,
}

/// The worker's answer to a [`Job`].
#[derive(Debug)]
pub struct Ranked {
    pub generation: u64,
    matches: Vec<Match>,
    sorted: usize,
}

impl Job {
    /// Rank on this thread, exactly as the worker does (with a finder of its own).
    pub fn rank(self, state: &mut Option<Finder>) -> Ranked {
        let f = match state {
            Some(f) if f.kind == self.kind && Arc::ptr_eq(&f.candidates, &self.candidates) => f,
            _ => state.insert(Finder::new(self.kind, self.candidates)),
        };
        f.set_query(self.query);
        Ranked {
            generation: self.generation,
            matches: f.matches.clone(),
            sorted: f.sorted,
        }
    }
}

/// A thread that ranks the finder's queries, the latest first: queries queued behind one being
/// ranked are skipped but the last.
#[derive(Debug)]
pub struct Worker {
    jobs: Sender<Job>,
    results: Receiver<Ranked>,
}

impl Worker {
    pub fn spawn() -> std::io::Result<Worker> {
        let (jobs, job_rx) = channel::<Job>();
        let (res_tx, results) = channel();
        std::thread::Builder::new()
            .name("finder".into())
            .spawn(move || {
                let mut state = None;
                while let Ok(mut job) = job_rx.recv() {
                    while let Ok(newer) = job_rx.try_recv() {
                        job = newer;
                    }
                    if res_tx.send(job.rank(&mut state)).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Worker { jobs, results })
    }

    /// Queue a job; false when the thread is gone.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// A result, if one has arrived.
    pub fn try_recv(&self) -> Option<Ranked> {
        self.results.try_recv().ok()
    }

    /// Wait up to `timeout` for a result (None also when the thread is gone).
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Ranked> {
        self.results.recv_timeout(timeout).ok()
    }
}

impl Finder {
    pub fn new(kind: FinderKind, candidates: impl Into<Arc<[Candidate]>>) -> Finder {
        let candidates = candidates.into();
        let matches = all(&candidates);
        Finder {
            kind,
            query: String::new(),
            sorted: matches.len(),
            candidates,
            matches,
            selected: 0,
            scroll: 0,
            stack: Vec::new(),
            deferred: false,
            generation: next_generation(),
            job: None,
            pending: false,
            highlights: HashMap::new(),
        }
    }

    /// Rank on a [`Worker`] from now on when there are more than `threshold` candidates.
    pub fn use_worker_above(&mut self, threshold: usize) {
        if self.candidates.len() > threshold {
            self.deferred = true;
        }
    }

    /// The query waiting to be ranked by the worker, if any.
    pub fn take_job(&mut self) -> Option<Job> {
        self.job.take()
    }

    /// Take the worker's ranking if it is the one of the current query; true when taken (the
    /// caller fits the list again). A stale ranking is dropped.
    pub fn receive(&mut self, r: Ranked) -> bool {
        if !self.pending || r.generation != self.generation {
            return false;
        }
        self.matches = r.matches;
        self.sorted = r.sorted;
        self.highlights.clear();
        self.pending = false;
        self.selected = 0;
        self.scroll = 0;
        self.sort_upto(SORTED_AHEAD);
        true
    }

    /// A title for the popup.
    pub fn title(&self) -> &'static str {
        match self.kind {
            FinderKind::Source => {
                "Source: an instance, a subnet, an instance-connect endpoint, an address"
            }
            FinderKind::Destination => {
                "Destination: a service, bucket, endpoint, instance, name or address"
            }
            FinderKind::Search => "Go to: any object",
            FinderKind::Expectation => "Expectations written in the model: pick one to trace it",
            FinderKind::Palette => {
                "Go to or run: an account, VPC, AZ, subnet, object, or a command"
            }
            FinderKind::Reach => "Reach: a destination to trace from every source",
        }
    }

    /// The typed text as a choice, when it can stand for itself.
    pub fn free_text(&self) -> Option<&str> {
        let q = self.query.trim();
        if q.is_empty() {
            return None;
        }
        match self.kind {
            FinderKind::Destination | FinderKind::Reach => Some(q),
            FinderKind::Source => q.parse::<Ipv4Addr>().is_ok().then_some(q),
            FinderKind::Search | FinderKind::Expectation | FinderKind::Palette => None,
        }
    }

    /// Is the free-text row listed first? When the text reads as a complete destination (a URL,
    /// an address, a port) or nothing matches; otherwise it comes last.
    fn free_first(&self) -> bool {
        let q = self.query.trim();
        if self.matches.is_empty() {
            return true;
        }
        if self
            .matches
            .first()
            .is_some_and(|m| self.candidates[m.cand as usize].value == q)
        {
            return false;
        }
        looks_literal(q)
    }

    pub fn rows_len(&self) -> usize {
        self.matches.len() + usize::from(self.free_text().is_some())
    }

    pub fn row(&self, i: usize) -> Option<Row> {
        let free = self.free_text().is_some();
        if !free {
            return (i < self.matches.len()).then_some(Row::Match(i));
        }
        if self.free_first() {
            if i == 0 {
                Some(Row::Free)
            } else {
                (i - 1 < self.matches.len()).then(|| Row::Match(i - 1))
            }
        } else if i < self.matches.len() {
            Some(Row::Match(i))
        } else {
            (i == self.matches.len()).then_some(Row::Free)
        }
    }

    /// The selected candidate (None for the free-text row or an empty list).
    pub fn selected_candidate(&self) -> Option<&Candidate> {
        match self.row(self.selected)? {
            Row::Match(k) => Some(&self.candidates[self.matches[k].cand as usize]),
            Row::Free => None,
        }
    }

    /// What Enter would choose: the value given to the engine, and the object if any.
    pub fn choice(&self) -> Option<(String, Option<ObjectRef>)> {
        match self.row(self.selected)? {
            Row::Free => self.free_text().map(|t| (t.to_string(), None)),
            Row::Match(k) => {
                let c = &self.candidates[self.matches[k].cand as usize];
                Some((c.value.clone(), c.object))
            }
        }
    }

    /// Replace the query and rank again.
    pub fn set_query(&mut self, q: String) {
        if q == self.query {
            return;
        }
        self.highlights.clear();
        self.generation = next_generation();
        self.job = None;
        self.pending = false;
        if self.deferred && !q.is_empty() {
            // The worker ranks it; the rows of the previous query stay until then.
            self.job = Some(Job {
                generation: self.generation,
                kind: self.kind,
                candidates: self.candidates.clone(),
                query: q.clone(),
            });
            self.pending = true;
            self.query = q;
            self.selected = 0;
            self.scroll = 0;
            return;
        }
        if q.is_empty() {
            self.stack.clear();
            self.matches = all(&self.candidates);
            self.sorted = self.matches.len();
        } else if let Some(pos) = self.stack.iter().rposition(|(s, _, _)| *s == q) {
            // Backspace to a query we have seen: restore its matches.
            self.stack.truncate(pos + 1);
            let (_, m, sorted) = self.stack.pop().expect("position found");
            self.matches = m;
            self.sorted = sorted;
        } else if !self.query.is_empty() && q.starts_with(&self.query) {
            // The query grew: only the previous matches can still match.
            let prev = std::mem::take(&mut self.matches);
            let n = self.candidates.len();
            // When most candidates matched, the prefilter rejects the rest faster than a
            // bitmap of the matches is built (the result is the same: only they can match).
            let bits = (prev.len() * 2 <= n).then(|| bitmap(&prev, n));
            let pool = bits.as_deref().map_or(Pool::All, Pool::Bits);
            let size = prev.len();
            self.stack.push((self.query.clone(), prev, self.sorted));
            self.matches = rank(&self.candidates, pool, size, &q);
            self.sorted = 0;
        } else {
            if !self.query.is_empty() {
                let prev = std::mem::take(&mut self.matches);
                self.stack.push((self.query.clone(), prev, self.sorted));
            }
            // Keep only the stack entries that are prefixes of the new query.
            self.stack
                .retain(|(s, _, _)| q.starts_with(s.as_str()) && !s.is_empty());
            self.matches = rank(&self.candidates, Pool::All, self.candidates.len(), &q);
            self.sorted = 0;
        }
        self.query = q;
        self.selected = 0;
        self.scroll = 0;
        self.sort_upto(SORTED_AHEAD);
    }

    /// Put the first `n` matches in their final order (the best first).
    fn sort_upto(&mut self, n: usize) {
        let n = n.min(self.matches.len());
        if n <= self.sorted {
            return;
        }
        let key = Match::order_key;
        // Every match after `sorted` ranks below those before it: choose the next best among
        // them, then order only those.
        let rest = &mut self.matches[self.sorted..];
        let k = n - self.sorted;
        if k < rest.len() {
            rest.select_nth_unstable_by_key(k, key);
        }
        // The candidate index makes every key distinct: an unstable sort gives the stable order.
        rest[..k].sort_unstable_by_key(key);
        self.sorted = n;
    }

    /// Move the selection by `d` rows: single steps wrap around, pages stop at the ends.
    pub fn move_by(&mut self, d: i32) {
        let n = self.rows_len() as i64;
        if n == 0 {
            self.selected = 0;
            return;
        }
        let cur = self.selected as i64 + d as i64;
        self.selected = if d.abs() == 1 {
            cur.rem_euclid(n)
        } else {
            cur.clamp(0, n - 1)
        } as usize;
    }

    /// Keep the selected row visible in a list of `height` rows; compute the highlights of the
    /// rows shown.
    pub fn fit(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        let max_scroll = self.rows_len().saturating_sub(height);
        self.scroll = self.scroll.min(max_scroll);
        self.sort_upto(self.scroll + height + 1);
        self.fill_indices(self.scroll, self.scroll + height);
    }

    /// Compute matched positions for the rows in `from..to`.
    pub fn fill_indices(&mut self, from: usize, to: usize) {
        if self.query.is_empty() {
            return;
        }
        let matcher = SkimMatcherV2::default();
        for r in from..to {
            if let Some(Row::Match(k)) = self.row(r) {
                let cand = self.matches[k].cand;
                if !self.highlights.contains_key(&cand) {
                    let text = &self.candidates[cand as usize].text;
                    let at = matcher
                        .fuzzy_indices(text, &self.query)
                        .map(|(_, i)| i)
                        .unwrap_or_default();
                    self.highlights.insert(cand, at);
                }
            }
        }
    }

    /// The matched character positions of candidate `cand`, once [`Finder::fill_indices`]
    /// computed them (empty before).
    pub fn indices(&self, cand: u32) -> &[usize] {
        self.highlights.get(&cand).map_or(&[], Vec::as_slice)
    }

    /// Whether the highlights of candidate `cand` were computed.
    pub fn has_indices(&self, cand: u32) -> bool {
        self.highlights.contains_key(&cand)
    }
}

/// Which candidates a keystroke scores: every one, or those of a bitmap (the previous
/// query's matches, when the query grew).
#[derive(Clone, Copy)]
enum Pool<'a> {
    All,
    Bits(&'a [u64]),
}

/// The candidates of `matches` as a bitmap over the `n` candidates. Each chunk's worker reads
/// its own words ([`score_chunk`]): nothing is sorted or listed on the calling thread.
fn bitmap(matches: &[Match], n: usize) -> Vec<u64> {
    let mut bits = vec![0u64; n.div_ceil(64)];
    for m in matches {
        bits[m.cand as usize / 64] |= 1 << (m.cand % 64);
    }
    bits
}

fn text_len(c: &Candidate) -> u32 {
    u32::try_from(c.text.len()).unwrap_or(u32::MAX)
}

fn all(c: &[Candidate]) -> Vec<Match> {
    (0..c.len() as u32)
        .map(|cand| Match {
            cand,
            len: text_len(&c[cand as usize]),
            score: 0,
        })
        .collect()
}

/// Candidates scored by one matcher, in candidate order: the unit of work of [`rank`].
///
/// The score matrix fuzzy-matcher reuses from text to text starts fresh at every chunk, and the
/// chunks are fixed by candidate index (not by the pool's size or the number of cores), so a
/// text's score depends only on the matches before it in its own chunk: the same whether the
/// keystroke narrows the previous matches or scans everything, on one core or many.
const CHUNK: u32 = 1024;

/// Pools smaller than this are scored on the calling thread (threads cost more than they save).
const PARALLEL_ABOVE: usize = 4 * CHUNK as usize;

/// Score the candidates of `pool` against `q`, in no order; [`Finder::sort_upto`] orders
/// them: an exact value match first, then the score, then shorter texts, then the candidates'
/// order. `size` is the pool's size: large pools are scored on every core, chunk by chunk
/// ([`CHUNK`]).
fn rank(c: &[Candidate], pool: Pool, size: usize, q: &str) -> Vec<Match> {
    const WORDS: usize = CHUNK as usize / 64;
    let chunks: Vec<usize> = (0..c.len().div_ceil(CHUNK as usize))
        .filter(|&k| match pool {
            Pool::All => true,
            Pool::Bits(bits) => bits[k * WORDS..((k + 1) * WORDS).min(bits.len())]
                .iter()
                .any(|&w| w != 0),
        })
        .collect();
    let pre = Prefilter::new(q);
    let score = |&k: &usize| score_chunk(c, k, pool, q, &pre);
    let scored: Vec<Vec<Match>> = if size > PARALLEL_ABOVE {
        crate::par::par_map_blocks(&chunks, 1, score)
    } else {
        chunks.iter().map(score).collect()
    };
    scored.concat()
}

/// Chunk `k` of [`rank`] (its candidates of `pool`, ascending), with a matcher of its own.
fn score_chunk(c: &[Candidate], k: usize, pool: Pool, q: &str, pre: &Prefilter) -> Vec<Match> {
    let from = k * CHUNK as usize;
    let to = (from + CHUNK as usize).min(c.len());
    let mut part: Vec<u32> = Vec::with_capacity(to - from);
    match pool {
        Pool::All => part.extend(from as u32..to as u32),
        Pool::Bits(bits) => {
            for (w, &word) in bits
                .iter()
                .enumerate()
                .take(to.div_ceil(64))
                .skip(from / 64)
            {
                let mut b = word;
                while b != 0 {
                    part.push(w as u32 * 64 + b.trailing_zeros());
                    b &= b - 1;
                }
            }
        }
    }
    let matcher = SkimMatcherV2::default();
    let qt = q.trim();
    let mut out = Vec::new();
    for cand in part {
        let cd = &c[cand as usize];
        let Some(start) = pre.start(cd.text.as_bytes()) else {
            continue;
        };
        if let Some(score) = matcher.fuzzy_match(window(&cd.text, q, Some(start)), q) {
            let score = if cd.value == qt { i64::MAX / 2 } else { score };
            out.push(Match {
                cand,
                len: text_len(cd),
                score,
            });
        }
    }
    out
}

/// The part of `text` that can decide its score against the query `q`: from the character
/// before the first occurrence of `q`'s first character (its bonus depends on that neighbour)
/// to the last occurrence of `q`'s last character. No match can start earlier or end later,
/// and skim's score of a text is its best alignment's, built left to right, so the score of
/// the window is the score of the whole text (a unit test compares them) — at a fraction of
/// the cost: the scorer's work is proportional to the length it is given. ASCII queries only
/// (letters folded, a superset of smart case's matches); otherwise the whole text.
fn window<'a>(text: &'a str, q: &str, start: Option<usize>) -> &'a str {
    let (Some(&first), Some(&last)) = (q.as_bytes().first(), q.as_bytes().last()) else {
        return text;
    };
    if !q.is_ascii() {
        return text;
    }
    let b = text.as_bytes();
    let (first, last) = (first.to_ascii_lowercase(), last.to_ascii_lowercase());
    // The prefilter found the start already (the same first occurrence, folded or not: a
    // case-sensitive start is at or after the folded one, and either bounds the matches).
    let start = match start {
        Some(s) => s,
        None => match b.iter().position(|c| c.to_ascii_lowercase() == first) {
            Some(s) => s,
            None => return text,
        },
    };
    let end = if last.is_ascii_lowercase() {
        memchr::memrchr2(last, last.to_ascii_uppercase(), b)
    } else {
        memchr::memrchr(last, b)
    };
    let Some(end) = end else {
        return text;
    };
    // One character before the first occurrence (a char boundary: the text may not be ASCII).
    let from = text[..start].char_indices().last().map_or(0, |(i, _)| i);
    if end < start {
        return text;
    }
    &text[from..=end]
}

/// Text that reads as a complete destination rather than a search: a URL, an address, a port.
pub fn looks_literal(q: &str) -> bool {
    if q.contains("://") {
        // `s3://bucket/` alone is what a bucket candidate offers; with a key it is literal.
        let rest = q.split_once("://").map(|x| x.1).unwrap_or("");
        return rest.contains('/') && !rest.ends_with('/') || !q.starts_with("s3://");
    }
    let host = q
        .rsplit_once(':')
        .map(|(h, p)| (h, p.parse::<u16>().is_ok()));
    if let Some((_, true)) = host {
        return true;
    }
    q.parse::<Ipv4Addr>().is_ok()
}

/// The non-empty parts, escaped, two spaces apart (one allocation: `/` builds one per object).
fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 2).sum());
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str("  ");
        }
        out.push_str(&escape_cow(p));
    }
    out
}

fn instance_candidate(m: &Model, i: Ix, with_subnet: bool) -> Candidate {
    let inst = &m.instances[i];
    let name = if inst.name != inst.id {
        inst.name.as_str()
    } else {
        ""
    };
    let ip = inst.ip.to_string();
    let subnet = &m.subnets[inst.subnet];
    Candidate {
        text: join(&[&inst.id, name, &ip]),
        hint: if with_subnet {
            format!(
                "instance · {} · {}",
                escape(&subnet.id),
                escape(&subnet.zone)
            )
        } else {
            "instance".into()
        },
        value: inst.id.clone(),
        object: Some(ObjectRef::Instance(i)),
        complete: None,
    }
}

/// VPCs in display order: the one shown first, then the others.
fn vpc_order(m: &Model, first: Ix) -> Vec<Ix> {
    let mut v: Vec<Ix> = (0..m.vpcs.len()).collect();
    if first < v.len() {
        v.remove(first);
        v.insert(0, first);
    }
    v
}

/// Sources: instances, subnets, instance-connect endpoints (the VPC shown first).
pub fn source_candidates(m: &Model, vpc: Ix) -> Vec<Candidate> {
    let mut out = Vec::new();
    let order = vpc_order(m, vpc);
    for &v in &order {
        for &i in &m.vpcs[v].instances {
            out.push(instance_candidate(m, i, true));
        }
    }
    for &v in &order {
        for &e in &m.vpcs[v].endpoints {
            let ep = &m.endpoints[e];
            if ep.kind == EndpointKind::InstanceConnect {
                let name = if ep.name != ep.id {
                    ep.name.as_str()
                } else {
                    ""
                };
                let ip = ep
                    .enis
                    .first()
                    .map(|x| x.ip.to_string())
                    .unwrap_or_default();
                out.push(Candidate {
                    text: join(&[&ep.id, name, &ip]),
                    hint: "instance-connect endpoint: an SSH/RDP session through it".into(),
                    value: ep.id.clone(),
                    object: Some(ObjectRef::Endpoint(e)),
                    complete: None,
                });
            }
        }
    }
    for &v in &order {
        for &s in &m.vpcs[v].subnets {
            let sub = &m.subnets[s];
            let name = if sub.name != sub.id {
                sub.name.as_str()
            } else {
                ""
            };
            out.push(Candidate {
                text: join(&[&sub.id, name, &sub.cidr.to_string()]),
                hint: format!("subnet · {} · {}", escape(&sub.zone), escape(&m.vpcs[v].id)),
                value: sub.id.clone(),
                object: Some(ObjectRef::Subnet(s)),
                complete: None,
            });
        }
    }
    out.extend(host_candidates(m));
    out
}

/// The hosts of the model's sites (data centres, offices): sources and destinations.
fn host_candidates(m: &Model) -> impl Iterator<Item = Candidate> + '_ {
    m.hosts.iter().enumerate().map(|(i, h)| {
        let name = if h.name != h.id { h.name.as_str() } else { "" };
        Candidate {
            text: join(&[&h.id, name, &h.ip.to_string()]),
            hint: format!("site host · {}", escape(&m.networks[h.network].id)),
            value: h.id.clone(),
            object: Some(ObjectRef::Host(i)),
            complete: None,
        }
    })
}

/// Destinations: AWS services of the region, buckets, endpoint services, endpoints,
/// instances, site hosts, resource configurations, hosted-zone records.
pub fn destination_candidates(m: &Model, vpc: Ix) -> Vec<Candidate> {
    let mut out = Vec::new();
    let region = m
        .vpcs
        .get(vpc)
        .map(|v| v.region.as_str())
        .unwrap_or(&m.region);
    for s in m.catalogue.services() {
        if s.region == region {
            out.push(Candidate {
                text: escape(&s.dns),
                hint: format!("AWS service {}", escape(&s.short)),
                value: s.dns.clone(),
                object: None,
                complete: None,
            });
        }
    }
    for (i, b) in m.buckets.iter().enumerate() {
        out.push(Candidate {
            text: format!("s3://{}/", escape(&b.name)),
            hint: format!("bucket · {}", escape(&b.region)),
            value: format!("s3://{}", b.name),
            object: Some(ObjectRef::Bucket(i)),
            complete: Some(format!("s3://{}/", b.name)),
        });
    }
    for (i, s) in m.endpoint_services.iter().enumerate() {
        let name = if s.name != s.id { s.name.as_str() } else { "" };
        out.push(Candidate {
            text: join(&[&s.id, name, &s.service_name]),
            hint: "endpoint service".into(),
            value: s.id.clone(),
            object: Some(ObjectRef::EndpointService(i)),
            complete: None,
        });
    }
    let order = vpc_order(m, vpc);
    for &v in &order {
        for &e in &m.vpcs[v].endpoints {
            let ep = &m.endpoints[e];
            if ep.kind == EndpointKind::InstanceConnect {
                continue;
            }
            let name = if ep.name != ep.id {
                ep.name.as_str()
            } else {
                ""
            };
            out.push(Candidate {
                text: join(&[&ep.id, name]),
                hint: format!(
                    "{} endpoint · {}",
                    ep.kind.as_str(),
                    escape(&super::state::service_short(
                        m,
                        &ep.target,
                        &m.vpcs[v].region
                    ))
                ),
                value: ep.id.clone(),
                object: Some(ObjectRef::Endpoint(e)),
                complete: None,
            });
        }
    }
    for &v in &order {
        for &i in &m.vpcs[v].instances {
            out.push(instance_candidate(m, i, true));
        }
    }
    out.extend(host_candidates(m));
    // Resource configurations: `--to rcfg-…` traces through the consumer's resource or
    // service-network endpoint (RES-1, ES-38).
    for (i, c) in m.resource_configurations.iter().enumerate() {
        let name = if c.name != c.id { c.name.as_str() } else { "" };
        let ports: Vec<String> = c.port_ranges.iter().map(|p| p.to_string()).collect();
        out.push(Candidate {
            text: join(&[&c.id, name]),
            hint: format!(
                "resource configuration · {} tcp {}",
                escape(&resource_target_text(&c.target)),
                ports.join(",")
            ),
            value: c.id.clone(),
            object: Some(ObjectRef::ResourceConfiguration(i)),
            complete: None,
        });
    }
    for (zi, z) in m.hosted_zones.iter().enumerate() {
        for r in &z.records {
            let value = match r.values.first() {
                Some(RecordValue::Ip(ip)) => ip.to_string(),
                Some(RecordValue::Name(n)) | Some(RecordValue::Text(n)) => n.clone(),
                Some(RecordValue::Endpoint(e)) => m.endpoints[*e].id.clone(),
                None => String::new(),
            };
            out.push(Candidate {
                text: escape(&r.name),
                hint: format!("record · {:?} {}", r.kind, escape(&value)).replace("Cname", "CNAME"),
                value: r.name.clone(),
                object: Some(ObjectRef::HostedZone(zi)),
                complete: None,
            });
        }
    }
    out
}

/// The model's expectations, for `e` (the value is the expectation's index).
pub fn expectation_candidates(m: &Model) -> Vec<Candidate> {
    m.expectations
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut hint = format!("expect {}", e.expect);
            if let Some(v) = &e.via {
                hint.push_str(&format!(" via {}", escape(v)));
            }
            if let Some(r) = &e.reason {
                hint.push_str(&format!(" ({})", escape(r)));
            }
            let name = e
                .name
                .as_deref()
                .map(|n| format!("  {}", escape(n)))
                .unwrap_or_default();
            Candidate {
                text: format!("{} → {}{name}", escape(&e.from), escape(&e.to)),
                hint,
                value: i.to_string(),
                object: None,
                complete: None,
            }
        })
        .collect()
}

/// Every object of the model, for `/`.
pub fn object_candidates(m: &Model) -> Vec<Candidate> {
    use std::fmt::Write;
    let total = m.vpcs.len()
        + m.subnets.len()
        + m.instances.len()
        + m.endpoints.len()
        + m.endpoint_services.len()
        + m.route_tables.len()
        + m.security_groups.len()
        + m.network_acls.len()
        + m.gateways.len()
        + m.peerings.len()
        + m.hosted_zones.len()
        + m.buckets.len()
        + m.resource_gateways.len()
        + m.resource_configurations.len()
        + m.service_networks.len()
        + m.accounts.len();
    // Three strings per object and no other allocation: a large model has 50,000 objects and
    // more, all built on the `/` keystroke.
    let mut out = Vec::with_capacity(total);
    let mut extra = String::new();
    let mut push = |r: ObjectRef, extra: &str| {
        let id = m.id_of(r);
        let name = m.name_of(r);
        let name = if name != id { name } else { "" };
        let kind = r.kind_name();
        let hint = match r {
            ObjectRef::Account(_) | ObjectRef::Bucket(_) => kind.to_string(),
            // A VPC: whose it is, by the account's name.
            ObjectRef::Vpc(v) => format!(
                "{kind} · {}",
                crate::tui::ids::account_label(&m.accounts[m.vpcs[v].account])
            ),
            _ => match vpc_of(m, r) {
                Some(v) => {
                    let vpc = escape_cow(&m.vpcs[v].id);
                    let mut h = String::with_capacity(kind.len() + 4 + vpc.len());
                    h.push_str(kind);
                    h.push_str(" · ");
                    h.push_str(&vpc);
                    h
                }
                None => kind.to_string(),
            },
        };
        out.push(Candidate {
            text: join(&[id, name, extra]),
            hint,
            value: id.to_string(),
            object: Some(r),
            complete: None,
        });
    };
    for (i, v) in m.vpcs.iter().enumerate() {
        let mut cidrs: Vec<String> = v.cidrs.iter().map(|c| c.to_string()).collect();
        cidrs.extend(v.ipv6_cidr.map(|c| c.to_string()));
        push(ObjectRef::Vpc(i), &cidrs.join(" "));
    }
    for (i, s) in m.subnets.iter().enumerate() {
        extra.clear();
        let _ = write!(extra, "{}", s.cidr);
        if let Some(v6) = s.ipv6_cidr {
            let _ = write!(extra, " {v6}");
        }
        push(ObjectRef::Subnet(i), &extra);
    }
    for (i, x) in m.instances.iter().enumerate() {
        extra.clear();
        let _ = write!(extra, "{}", x.ip);
        if let Some(v6) = x.ipv6 {
            let _ = write!(extra, " {v6}");
        }
        push(ObjectRef::Instance(i), &extra);
    }
    for (i, e) in m.endpoints.iter().enumerate() {
        push(ObjectRef::Endpoint(i), e.kind.as_str());
    }
    for (i, s) in m.endpoint_services.iter().enumerate() {
        push(ObjectRef::EndpointService(i), &s.service_name);
    }
    for i in 0..m.route_tables.len() {
        push(ObjectRef::RouteTable(i), "");
    }
    for i in 0..m.security_groups.len() {
        push(ObjectRef::SecurityGroup(i), "");
    }
    for i in 0..m.network_acls.len() {
        push(ObjectRef::NetworkAcl(i), "");
    }
    for (i, g) in m.gateways.iter().enumerate() {
        push(ObjectRef::Gateway(i), g.kind.as_str());
    }
    for i in 0..m.peerings.len() {
        push(ObjectRef::Peering(i), "");
    }
    for i in 0..m.hosted_zones.len() {
        push(ObjectRef::HostedZone(i), "");
    }
    for i in 0..m.buckets.len() {
        push(ObjectRef::Bucket(i), "");
    }
    for i in 0..m.transit_gateways.len() {
        push(ObjectRef::TransitGateway(i), "");
    }
    for i in 0..m.tgw_attachments.len() {
        push(ObjectRef::TgwAttachment(i), "");
    }
    for i in 0..m.tgw_route_tables.len() {
        push(ObjectRef::TgwRouteTable(i), "");
    }
    for i in 0..m.networks.len() {
        push(ObjectRef::Network(i), "site");
    }
    for (i, h) in m.hosts.iter().enumerate() {
        push(ObjectRef::Host(i), &h.ip.to_string());
    }
    for i in 0..m.resource_gateways.len() {
        push(ObjectRef::ResourceGateway(i), "");
    }
    for (i, c) in m.resource_configurations.iter().enumerate() {
        extra.clear();
        let _ = write!(extra, "{}", resource_target_text(&c.target));
        push(ObjectRef::ResourceConfiguration(i), &extra);
    }
    for i in 0..m.service_networks.len() {
        push(ObjectRef::ServiceNetwork(i), "");
    }
    for i in 0..m.accounts.len() {
        push(ObjectRef::Account(i), "");
    }
    out
}

/// What a resource configuration points at: its address or domain name (not escaped).
pub fn resource_target_text(t: &crate::model::ResourceTarget) -> String {
    match t {
        crate::model::ResourceTarget::Ip(ip) => ip.to_string(),
        crate::model::ResourceTarget::Domain(d) => d.clone(),
    }
}

/// The VPC an object lives in, when it lives in one.
pub fn vpc_of(m: &Model, r: ObjectRef) -> Option<Ix> {
    Some(match r {
        ObjectRef::Vpc(i) => i,
        ObjectRef::Subnet(i) => m.subnets[i].vpc,
        ObjectRef::RouteTable(i) => m.route_tables[i].vpc,
        ObjectRef::NetworkAcl(i) => m.network_acls[i].vpc,
        ObjectRef::SecurityGroup(i) => m.security_groups[i].vpc,
        ObjectRef::Gateway(i) => m.gateways[i].vpc,
        ObjectRef::Peering(i) => m.peerings[i].vpc,
        ObjectRef::Instance(i) => m.instances[i].vpc,
        ObjectRef::Endpoint(i) => m.endpoints[i].vpc,
        ObjectRef::EndpointService(i) => m.endpoint_services[i].load_balancer.vpc,
        ObjectRef::HostedZone(i) => *m.hosted_zones[i].vpcs.first()?,
        ObjectRef::TgwAttachment(i) => m.tgw_attachments[i].vpc?,
        ObjectRef::ResourceGateway(i) => m.resource_gateways[i].vpc,
        ObjectRef::ResourceConfiguration(i) => {
            m.resource_gateways[m.resource_configurations[i].gateway].vpc
        }
        ObjectRef::ServiceNetwork(_)
        | ObjectRef::Account(_)
        | ObjectRef::Bucket(_)
        | ObjectRef::PrefixList
        | ObjectRef::TransitGateway(_)
        | ObjectRef::TgwRouteTable(_)
        | ObjectRef::Network(_)
        | ObjectRef::Host(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(texts: &[&str]) -> Vec<Candidate> {
        texts
            .iter()
            .map(|t| Candidate {
                text: t.to_string(),
                hint: String::new(),
                value: t.split("  ").next().unwrap().to_string(),
                object: None,
                complete: None,
            })
            .collect()
    }

    fn texts(f: &Finder) -> Vec<&str> {
        f.matches
            .iter()
            .map(|m| f.candidates[m.cand as usize].text.as_str())
            .collect()
    }

    /// The window the scorer is given scores exactly as the whole text, for every query of
    /// the ranking tests over every object of a generated model, plus non-ASCII and
    /// smart-case texts.
    #[test]
    fn the_scored_window_gives_the_score_of_the_whole_text() {
        let m = SkimMatcherV2::default();
        let mut texts: Vec<String> = object_candidates(&generated())
            .iter()
            .map(|c| c.text.clone())
            .collect();
        texts.extend(
            [
                "éGg-ü  gäg  x",
                "Go g  G",
                "abc",
                "g",
                "ÿg7  g77",
                "sub-g7 SUB  g",
            ]
            .map(String::from),
        );
        let mut compared = 0;
        for q in QUERIES.iter().chain(&["ü", "gä", "G7", "gG", " g"]) {
            for t in &texts {
                let w = window(t, q, None);
                let pre = Prefilter::new(q).start(t.as_bytes());
                if pre.is_some() {
                    // The prefilter's start (case-sensitive for a query with a capital) gives
                    // the same score.
                    let wp = window(t, q, pre);
                    assert_eq!(
                        m.fuzzy_match(wp, q),
                        m.fuzzy_match(t, q),
                        "{q:?} in {t:?} ({wp:?})"
                    );
                }
                assert!(t.contains(w));
                assert_eq!(
                    m.fuzzy_match(w, q),
                    m.fuzzy_match(t, q),
                    "{q:?} in {t:?} (window {w:?})"
                );
                compared += 1;
            }
        }
        assert!(compared > 10_000);
    }

    #[test]
    fn the_packed_order_key_orders_as_the_tuple() {
        let scores = [i64::MIN, -70, -1, 0, 1, 16, 255, i64::MAX / 2, i64::MAX];
        let mut all = Vec::new();
        for (i, &score) in scores.iter().enumerate() {
            for len in [0, 7, u32::MAX] {
                for cand in [0, 3, u32::MAX] {
                    all.push(Match {
                        cand: cand ^ i as u32,
                        len,
                        score,
                    });
                }
            }
        }
        let mut by_tuple = all.clone();
        by_tuple.sort_by_key(|m| (std::cmp::Reverse(m.score), m.len, m.cand));
        all.sort_by_key(Match::order_key);
        let as_tuples = |v: &[Match]| {
            v.iter()
                .map(|m| (m.score, m.len, m.cand))
                .collect::<Vec<_>>()
        };
        assert_eq!(as_tuples(&all), as_tuples(&by_tuple));
    }

    #[test]
    fn ranks_and_narrows_incrementally() {
        let mut f = Finder::new(
            FinderKind::Search,
            cands(&[
                "i-app-a  10.0.1.10",
                "i-app-b  10.0.2.10",
                "subnet-app-a",
                "vpce-ssm",
            ]),
        );
        assert_eq!(f.matches.len(), 4);
        f.set_query("app".into());
        assert_eq!(f.matches.len(), 3);
        f.set_query("appb".into());
        assert_eq!(texts(&f), vec!["i-app-b  10.0.2.10"]);
        // Backspace restores the earlier matches from the stack.
        f.set_query("app".into());
        assert_eq!(f.matches.len(), 3);
        f.set_query(String::new());
        assert_eq!(f.matches.len(), 4);
        f.set_query("zzz".into());
        assert!(f.matches.is_empty());
    }

    #[test]
    fn exact_value_ranks_first_and_indices_fill_for_visible_rows() {
        let mut f = Finder::new(FinderKind::Search, cands(&["i-app-ab  x", "i-app-a  y"]));
        f.set_query("i-app-a".into());
        assert_eq!(texts(&f)[0], "i-app-a  y");
        f.fit(1);
        assert!(f.has_indices(f.matches[0].cand));
        assert!(!f.has_indices(f.matches[1].cand));
        assert_eq!(f.indices(f.matches[0].cand), &[0, 1, 2, 3, 4, 5, 6][..]);
    }

    /// Every match of `f`, in order.
    fn ranked(f: &mut Finder) -> Vec<(u32, i64)> {
        f.sort_upto(usize::MAX);
        f.matches.iter().map(|m| (m.cand, m.score)).collect()
    }

    const QUERIES: &[&str] = &[
        "g",
        "g7",
        "g7-1",
        "sub",
        "subnet-g3",
        "I-G",
        "i-g1-2",
        "vpce",
        "10.3.",
        "rtb",
        "zz",
        "s3",
        "acl-g0",
        "sg-g2-ep",
        "Gen",
    ];

    fn generated() -> Model {
        let spec = crate::testgen::Spec::small_vpcs(400);
        crate::model::load_str(&crate::testgen::generate(&spec), "gen.yaml", None).expect("loads")
    }

    #[test]
    fn narrowing_and_backspace_give_the_ranking_of_a_fresh_scan() {
        let cands: Arc<[Candidate]> = object_candidates(&generated()).into();
        for q in QUERIES {
            let mut fresh = Finder::new(FinderKind::Search, cands.clone());
            fresh.set_query(q.to_string());
            let want = ranked(&mut fresh);
            // Typed a character at a time (narrowing), and reached by Backspace from longer.
            let mut typed = Finder::new(FinderKind::Search, cands.clone());
            for (i, _) in q.char_indices().skip(1) {
                typed.set_query(q[..i].to_string());
            }
            typed.set_query(q.to_string());
            assert_eq!(ranked(&mut typed), want, "typed {q:?}");
            typed.set_query(format!("{q}x"));
            typed.set_query(q.to_string());
            assert_eq!(ranked(&mut typed), want, "backspace to {q:?}");
        }
    }

    #[test]
    fn ranking_is_skim_v2_with_a_fresh_matcher_per_text() {
        let small: Arc<[Candidate]> = object_candidates(&generated()).into();
        // Enough candidates that a scan is scored in chunks on every core.
        let spec = crate::testgen::Spec::small_vpcs(1600);
        let large = crate::model::load_str(&crate::testgen::generate(&spec), "gen.yaml", None)
            .expect("loads");
        let large: Arc<[Candidate]> = object_candidates(&large).into();
        assert!(large.len() > PARALLEL_ABOVE, "{} candidates", large.len());
        for (cands, q) in QUERIES
            .iter()
            .map(|q| (small.clone(), q))
            .chain(["g", "g7", "sub", "I-G"].iter().map(|q| (large.clone(), q)))
        {
            let mut want: Vec<(u32, i64)> = cands
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let s = SkimMatcherV2::default().fuzzy_match(&c.text, q)?;
                    let s = if c.value == q.trim() { i64::MAX / 2 } else { s };
                    Some((i as u32, s))
                })
                .collect();
            want.sort_by_key(|&(i, s)| (std::cmp::Reverse(s), cands[i as usize].text.len(), i));
            let mut f = Finder::new(FinderKind::Search, cands.clone());
            f.set_query(q.to_string());
            assert_eq!(ranked(&mut f), want, "{q:?}");
        }
    }

    #[test]
    fn only_the_rows_shown_are_sorted_and_scrolling_sorts_more() {
        let cands: Arc<[Candidate]> = object_candidates(&generated()).into();
        let mut f = Finder::new(FinderKind::Search, cands.clone());
        f.set_query("g".into());
        assert!(f.matches.len() > SORTED_AHEAD, "{}", f.matches.len());
        assert_eq!(f.sorted, SORTED_AHEAD);
        let mut all = f.clone();
        let all = ranked(&mut all);
        f.move_by(1_000);
        f.fit(20);
        assert!(f.sorted >= f.scroll + 20);
        let shown: Vec<(u32, i64)> = f.matches[..f.sorted]
            .iter()
            .map(|m| (m.cand, m.score))
            .collect();
        assert_eq!(shown, all[..f.sorted]);
    }

    /// What the finder shows: the row count, and the first screen's rows with their scores
    /// and highlights.
    type Screen = (usize, Vec<(Row, Option<(u32, i64, Option<Vec<usize>>)>)>);

    fn screen(f: &mut Finder) -> Screen {
        f.fit(20);
        let rows = (f.scroll..f.scroll + 20)
            .filter_map(|i| f.row(i))
            .map(|r| match r {
                Row::Match(k) => {
                    let m = &f.matches[k];
                    let at = f.has_indices(m.cand).then(|| f.indices(m.cand).to_vec());
                    (r, Some((m.cand, m.score, at)))
                }
                Row::Free => (r, None),
            })
            .collect();
        (f.rows_len(), rows)
    }

    #[test]
    fn the_worker_gives_the_rows_of_the_synchronous_path() {
        let cands: Arc<[Candidate]> = destination_candidates(&generated(), 0)
            .into_iter()
            .chain(object_candidates(&generated()))
            .collect::<Vec<_>>()
            .into();
        let worker = Worker::spawn().expect("thread");
        let mut sync = Finder::new(FinderKind::Destination, cands.clone());
        let mut deferred = Finder::new(FinderKind::Destination, cands.clone());
        deferred.use_worker_above(0);
        // Each query typed a character at a time, a Backspace back to it, then cleared.
        let mut steps: Vec<String> = Vec::new();
        for q in QUERIES.iter().chain(&["10.3.0.5", "s3://", "i-g1-2  10"]) {
            steps.extend(q.char_indices().skip(1).map(|(i, _)| q[..i].to_string()));
            steps.extend([q.to_string(), format!("{q}x"), q.to_string(), String::new()]);
        }
        for q in steps {
            sync.set_query(q.clone());
            deferred.set_query(q.clone());
            if let Some(job) = deferred.take_job() {
                assert!(deferred.pending && !q.is_empty());
                assert!(worker.send(job));
                while deferred.pending {
                    let r = worker
                        .recv_timeout(Duration::from_secs(30))
                        .expect("the worker answers");
                    deferred.receive(r);
                }
            }
            assert!(deferred.take_job().is_none());
            assert_eq!(screen(&mut deferred), screen(&mut sync), "{q:?}");
            assert_eq!(
                ranked(&mut deferred.clone()),
                ranked(&mut sync.clone()),
                "{q:?}"
            );
        }
    }

    #[test]
    fn a_stale_ranking_is_dropped_and_small_finders_stay_synchronous() {
        let cs: Arc<[Candidate]> = object_candidates(&generated()).into();
        let mut f = Finder::new(FinderKind::Search, cs.clone());
        f.use_worker_above(0);
        let mut state = None;
        f.set_query("g".into());
        let old = f.take_job().expect("a job").rank(&mut state);
        f.set_query("g7".into());
        let new = f.take_job().expect("a job").rank(&mut state);
        let before = f.matches.len();
        assert!(
            !f.receive(old),
            "the ranking of \"g\" arrives after \"g7\" was typed"
        );
        assert!(f.pending && f.matches.len() == before);
        assert!(f.receive(new));
        let mut want = Finder::new(FinderKind::Search, cs.clone());
        want.set_query("g7".into());
        assert_eq!(screen(&mut f), screen(&mut want));
        // A result for a finder since closed fits no other.
        let mut again = Finder::new(FinderKind::Search, cs.clone());
        again.use_worker_above(0);
        again.set_query("g7".into());
        let _ = again.take_job();
        f.set_query("g".into());
        assert!(!again.receive(f.take_job().unwrap().rank(&mut state)));

        let mut small = Finder::new(FinderKind::Search, cands(&["a", "b"]));
        small.use_worker_above(WORKER_ABOVE);
        small.set_query("a".into());
        assert!(small.take_job().is_none() && !small.pending);
        assert_eq!(small.matches.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn the_prefilter_passes_every_text_that_matches(
            text in "[a-cA-C0-2 ./_:é-]{0,30}",
            pattern in "[a-cA-C0-2 ./_:é-]{1,4}",
        ) {
            if SkimMatcherV2::default().fuzzy_match(&text, &pattern).is_some() {
                proptest::prop_assert!(Prefilter::new(&pattern).accepts(text.as_bytes()));
            }
        }
    }

    #[test]
    fn free_text_row_for_destinations() {
        let mut f = Finder::new(FinderKind::Destination, cands(&["s3://app-data/  bucket"]));
        f.set_query("s3://app-data/reports/1.csv".into());
        assert_eq!(f.row(0), Some(Row::Free));
        assert_eq!(f.choice().unwrap().0, "s3://app-data/reports/1.csv");
        f.set_query("app".into());
        assert_eq!(f.row(0), Some(Row::Match(0)));
        assert_eq!(f.row(1), Some(Row::Free));
        assert_eq!(f.rows_len(), 2);
        let mut s = Finder::new(FinderKind::Source, cands(&["i-a"]));
        s.set_query("i-".into());
        assert_eq!(s.rows_len(), 1);
        s.set_query("10.0.1.5".into());
        assert_eq!(s.row(0), Some(Row::Free));
    }

    #[test]
    fn literal_destinations() {
        assert!(looks_literal("s3://b/k"));
        assert!(!looks_literal("s3://b/"));
        assert!(looks_literal("https://x"));
        assert!(looks_literal("10.0.0.1"));
        assert!(looks_literal("db.corp.internal:5432"));
        assert!(!looks_literal("ssm"));
    }
}
