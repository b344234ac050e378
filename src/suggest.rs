//! "Did you mean": the one suggestion helper for unknown ids, fields, codes, keys and actions
//! (a base module, used by the loader, the validator, the engine's queries and the policy lint).

use crate::text::escape;

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), ignoring
/// ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=m).collect();
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The closest candidates to `wanted` among `candidates`, best first (at most 3).
/// Uses fuzzy matching and edit distance together, so both typos (`subnet-app-c` for
/// `subnet-app-a`) and fragments (`app-a`) find their target.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let w = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let lc = c.to_ascii_lowercase();
            let d = edit_distance(&w, &lc);
            let limit = (w.chars().count().max(3)) / 2 + 1;
            if d <= limit {
                Some((d, c))
            } else if lc.contains(&w) || (w.len() >= 3 && w.contains(&lc) && lc.len() >= 3) {
                Some((limit + 1, c))
            } else {
                None
            }
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// "did you mean `a`, `b`?" or nothing.
pub fn did_you_mean(s: &[String]) -> Option<String> {
    match s {
        [] => None,
        [one] => Some(format!("did you mean `{}`?", escape(one))),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|m| format!("`{}`", escape(m)))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_typos_and_fragments() {
        let ids = ["subnet-app-a", "subnet-app-b", "vpc-app", "sg-endpoints"];
        assert_eq!(
            suggest("subnet-app-c", ids)[..2],
            ["subnet-app-a", "subnet-app-b"]
        );
        assert_eq!(suggest("sg-endpoint", ids), ["sg-endpoints"]);
        assert!(suggest("zzzzzz", ids).is_empty());
    }

    #[test]
    fn transpositions_are_one_edit_and_case_is_ignored() {
        assert_eq!(edit_distance("Effcet", "effect"), 1);
        assert_eq!(
            did_you_mean(&["a".into()]).as_deref(),
            Some("did you mean `a`?")
        );
    }
}
