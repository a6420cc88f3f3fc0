//! "Did you mean": the known name nearest to a misspelt one.

/// The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo.
/// Only the first [`CANDIDATES`] candidates are compared, and only those whose length could be
/// close enough: with a million ids, every unknown reference would otherwise cost seconds.
pub(crate) fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    candidates
        .take(CANDIDATES)
        .filter(|c| c.chars().count().abs_diff(len) <= 2.max(c.len() / 3))
        .map(|c| (levenshtein(word, c), c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 3))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// How many names "did you mean" compares at most.
const CANDIDATES: usize = 10_000;

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
