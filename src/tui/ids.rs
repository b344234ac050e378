//! Shortening ids for narrow places: an id is cut in the middle (`vpce-0a1b…9f3e`), never at the
//! end, because the end is the part that tells two ids apart (`vpce-0a1b2c3d4e5f60001` and
//! `vpce-0a1b2c3d4e5f60002`; 17-character account ids that share their first digits).
//!
//! A label that starts with an id (`vpce-… (name)`, `subnet-… 10.0.1.0/24`) keeps the id whole
//! when it fits and cuts what follows at the end; when the id alone does not fit, the rest goes
//! and the id is cut in the middle. Every place the map, the header and the finder shorten an id
//! goes through [`shorten`] (or [`plan`] when the caller needs to know which characters stayed).

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::text::width;

/// One part of a shortened text: a run of the original characters (char indices) or `…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Keep(Range<usize>),
    Ellipsis,
}

/// `s` in at most `max` cells, the leading id cut in the middle when it must be cut.
pub fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    match plan(s, max) {
        None => Cow::Borrowed(s),
        Some(pieces) => Cow::Owned(render(s, &pieces)),
    }
}

/// How `s` is shortened to `max` cells; `None` when it fits as it is.
pub fn plan(s: &str, max: usize) -> Option<Vec<Piece>> {
    if width(s) <= max {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    if max == 0 {
        return Some(Vec::new());
    }
    if max == 1 {
        return Some(vec![Piece::Ellipsis]);
    }
    let token_end = chars
        .iter()
        .position(|c| c.is_whitespace())
        .unwrap_or(chars.len());
    let token_w: usize = chars[..token_end].iter().map(|c| cw(*c)).sum();
    if token_end < chars.len() && token_w + 2 <= max {
        // The id fits with room for a space and `…`: cut what follows it, at the end.
        let mut w = 0;
        let mut k = 0;
        while k < chars.len() && w + cw(chars[k]) < max {
            w += cw(chars[k]);
            k += 1;
        }
        return Some(vec![Piece::Keep(0..k), Piece::Ellipsis]);
    }
    if token_w <= max {
        // The id fits exactly; what follows does not.
        return Some(vec![Piece::Keep(0..token_end)]);
    }
    Some(middle(&chars[..token_end], max))
}

/// Cut `id` (wider than `max`) in the middle: its kind prefix (`vpce-`) kept when there is room
/// for at least two characters either side of `…`, then as much of the head and the tail as fits,
/// the tail getting the odd cell.
fn middle(id: &[char], max: usize) -> Vec<Piece> {
    let prefix = id
        .iter()
        .position(|c| *c == '-')
        .map(|p| p + 1)
        .unwrap_or(0);
    let prefix_w: usize = id[..prefix].iter().map(|c| cw(*c)).sum();
    let (prefix, prefix_w) = if prefix_w + 1 + 4 <= max && prefix < id.len() {
        (prefix, prefix_w)
    } else {
        (0, 0)
    };
    let budget = max - 1 - prefix_w;
    let tail_w = budget.div_ceil(2);
    let head_w = budget - tail_w;
    let mut h = prefix;
    let mut w = 0;
    while h < id.len() && w + cw(id[h]) <= head_w {
        w += cw(id[h]);
        h += 1;
    }
    let mut t = id.len();
    let mut w = 0;
    while t > h && w + cw(id[t - 1]) <= tail_w {
        w += cw(id[t - 1]);
        t -= 1;
    }
    vec![Piece::Keep(0..h), Piece::Ellipsis, Piece::Keep(t..id.len())]
}

/// `name (111111111111)` for an account with a name; its id alone otherwise. Every place the
/// explorer names an account uses this.
pub fn account_label(a: &crate::model::Account) -> String {
    let id = crate::text::escape(&a.id);
    if a.name.is_empty() || a.name == a.id {
        id
    } else {
        format!("{} ({id})", crate::text::escape(&a.name))
    }
}

/// The text the pieces make.
pub fn render(s: &str, pieces: &[Piece]) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Keep(r) => out.extend(&chars[r.clone()]),
            Piece::Ellipsis => out.push('…'),
        }
    }
    out
}

/// For each character of the rendered text, the index of the original character it shows
/// (`None` for `…`); lets the finder keep highlighting the matched characters.
pub fn origins(pieces: &[Piece]) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Keep(r) => out.extend(r.clone().map(Some)),
            Piece::Ellipsis => out.push(None),
        }
    }
    out
}

fn cw(c: char) -> usize {
    c.width().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vpce_id_is_cut_in_the_middle_keeping_its_kind_and_its_end() {
        let id = "vpce-0a1b2c3d4e5f69f3e";
        assert_eq!(shorten(id, 14), "vpce-0a1b…9f3e");
        assert_eq!(shorten(id, 15), "vpce-0a1b…69f3e");
        assert_eq!(width(&shorten(id, 10)), 10);
        assert_eq!(shorten(id, 10), "vpce-0a…3e");
        assert_eq!(shorten(id, 22), id);
        assert_eq!(shorten(id, 40), id);
    }

    #[test]
    fn two_ids_that_differ_at_the_end_stay_different() {
        let a = shorten("vpce-0a1b2c3d4e5f60001", 12);
        let b = shorten("vpce-0a1b2c3d4e5f60002", 12);
        assert_ne!(a, b);
        assert!(a.ends_with("01") && b.ends_with("02"), "{a} {b}");
    }

    #[test]
    fn a_17_character_account_id_keeps_both_ends() {
        let id = "12345678901234567";
        assert_eq!(id.len(), 17);
        assert_eq!(shorten(id, 10), "1234…34567");
        assert_eq!(shorten(id, 12), "12345…234567");
        assert_eq!(shorten(id, 17), id);
        assert_ne!(
            shorten("11111111111111112", 9),
            shorten("11111111111111113", 9)
        );
    }

    #[test]
    fn the_words_after_an_id_go_first() {
        let s = "vpce-0a1b2c3d4e5f69f3e (partner endpoint)";
        assert_eq!(shorten(s, 28), "vpce-0a1b2c3d4e5f69f3e (par…");
        assert_eq!(shorten(s, 23), "vpce-0a1b2c3d4e5f69f3e");
        assert_eq!(shorten(s, 14), "vpce-0a1b…9f3e");
    }

    #[test]
    fn tiny_widths_never_overflow() {
        let id = "vpce-0a1b2c3d4e5f69f3e";
        for max in 0..30 {
            let s = shorten(id, max);
            assert!(width(&s) <= max, "{max}: {s}");
        }
        assert_eq!(shorten(id, 1), "…");
        assert_eq!(shorten(id, 0), "");
        assert_eq!(shorten(id, 5), "vp…3e");
    }

    #[test]
    fn origins_point_at_the_kept_characters() {
        let p = plan("abcdefghij", 5).unwrap();
        assert_eq!(render("abcdefghij", &p), "ab…ij");
        assert_eq!(origins(&p), vec![Some(0), Some(1), None, Some(8), Some(9)]);
    }
}
