//! Typo tolerance: a word the index does not know is mapped to the closest word it does know.
//!
//! Only words are corrected, never whole questions, and only within an edit budget that grows
//! with the word's length, so "demning" finds "demining" but "peru" never becomes "perú"-like
//! noise. Words are bucketed by length so a lookup compares against few candidates.

use std::collections::HashMap;

/// Edits allowed for a word of `len` characters: none for short words (too many neighbours).
pub fn edit_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Known surface words, bucketed by length, each with the term it stands for.
#[derive(Default)]
pub struct FuzzyIndex {
    words: HashMap<String, (u32, u32)>,
    by_len: HashMap<usize, Vec<(String, u32, u32)>>,
}

impl FuzzyIndex {
    /// Adds a known word standing for `term`, seen `count` times (ties prefer common words).
    pub fn insert(&mut self, word: &str, term: u32, count: u32) {
        self.words
            .entry(word.to_string())
            .and_modify(|e| e.1 += count)
            .or_insert((term, count));
    }

    /// Buckets the words by length, sorted so results do not depend on insertion order.
    pub fn finish(&mut self) {
        self.by_len.clear();
        for (word, (term, count)) in self.words.drain() {
            let len = word.chars().count();
            self.by_len
                .entry(len)
                .or_default()
                .push((word, term, count));
        }
        for bucket in self.by_len.values_mut() {
            bucket.sort();
        }
    }

    /// The closest known word's term within the edit budget, with its distance.
    pub fn correct(&self, word: &str) -> Option<(u32, usize)> {
        let len = word.chars().count();
        let budget = edit_budget(len);
        if budget == 0 {
            return None;
        }
        let first = word.chars().next()?;
        let mut best: Option<(usize, u32, u32)> = None;
        for l in len.saturating_sub(budget)..=len + budget {
            let Some(bucket) = self.by_len.get(&l) else {
                continue;
            };
            for (candidate, term, count) in bucket {
                // A typo rarely hits the first letter and the last letter both; requiring one
                // of them to match cuts the comparisons without losing real corrections.
                let c_first = candidate.chars().next();
                if c_first != Some(first) && candidate.chars().last() != word.chars().last() {
                    continue;
                }
                let distance = strsim::damerau_levenshtein(word, candidate);
                if distance == 0 || distance > budget {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((d, _, c)) => distance < d || (distance == d && *count > c),
                };
                if better {
                    best = Some((distance, *term, *count));
                }
            }
        }
        best.map(|(d, term, _)| (term, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_within_budget_are_corrected() {
        let mut index = FuzzyIndex::default();
        index.insert("demining", 1, 3);
        index.insert("oberammergau", 2, 1);
        index.insert("stoltenberg", 3, 5);
        index.insert("peru", 4, 1);
        index.finish();
        assert_eq!(index.correct("demning"), Some((1, 1)));
        assert_eq!(index.correct("oberamergau"), Some((2, 1)));
        assert_eq!(index.correct("stoltenburg"), Some((3, 1)));
        assert_eq!(
            index.correct("demining"),
            None,
            "known words need no correction"
        );
        assert_eq!(index.correct("pero"), Some((4, 1)));
        assert_eq!(
            index.correct("per"),
            None,
            "short words are never corrected"
        );
        assert_eq!(index.correct("capital"), None);
    }
}
