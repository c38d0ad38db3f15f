//! Typo tolerance: a word the index does not know is mapped to the closest word it does know.
//!
//! Distances are optimal-string-alignment (Levenshtein plus adjacent transpositions, the
//! common typo "teh"), which needs no allocation per comparison. Only words are corrected,
//! never whole questions, and only within an edit budget that grows
//! with the word's length, so "demning" finds "demining" but "peru" never becomes "perú"-like
//! noise.

// Fx hashing: the keys are short words, hashed on every question; no untrusted-key DoS concern
// arises because keys come from the curated fact base (questions only look them up).
use rustc_hash::FxHashMap as HashMap;

/// Edits allowed for a word of `len` characters: none for short words (too many neighbours).
pub fn edit_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Known surface words, found by their deletions (the SymSpell idea): a word and a typo of it
/// within two edits always share a string obtained by deleting at most two characters from
/// each, so a lookup compares against a handful of candidates instead of the vocabulary.
#[derive(Default)]
pub struct FuzzyIndex {
    words: HashMap<String, (u32, u32)>,
    /// (word, term, count), sorted by word.
    list: Vec<(String, u32, u32)>,
    /// Deletion variant, by its hash (see `variant_hash`) → the run of `variant_words` that
    /// lists the words it comes from. A hundred thousand variants kept as strings, each with
    /// its own list, took some 170 bytes each; two variants sharing a hash only bring in an
    /// extra candidate, which the distance then turns down.
    deletes: HashMap<u64, (u32, u32)>,
    /// Positions in `list` of the words of each deletion variant, variant after variant, each
    /// run in order.
    variant_words: Vec<u32>,
}

/// The key of a deletion variant in `FuzzyIndex::deletes`: 64 bits of SipHash with fixed keys,
/// so the index does not depend on the run.
fn variant_hash(variant: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    variant.hash(&mut hasher);
    hasher.finish()
}

/// Digits from which a number is not corrected to (see `FuzzyIndex::insert`).
const LONG_NUMBER_DIGITS: usize = 5;

fn is_long_number(word: &str) -> bool {
    word.len() >= LONG_NUMBER_DIGITS && word.bytes().all(|b| b.is_ascii_digit())
}

/// Largest edit budget of any word; the deletion index is built for it.
const MAX_EDITS: usize = 2;

/// Every string obtained from `word` by deleting up to `edits` characters (itself included).
fn deletions(word: &str, edits: usize) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let mut frontier = vec![word.to_string()];
    for _ in 0..edits {
        let mut next = Vec::new();
        for w in &frontier {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() <= 1 {
                continue;
            }
            for i in 0..chars.len() {
                let variant: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
                next.push(variant);
            }
        }
        next.sort_unstable();
        next.dedup();
        out.extend(next.iter().cloned());
        frontier = next;
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl FuzzyIndex {
    /// Adds a known word standing for `term`, seen `count` times (ties prefer common words).
    ///
    /// A number of five digits or more (an id, an amount) is left out: a typo never turns into
    /// another such number, as a different number is a different thing, and a large base has a
    /// hundred thousand of them (its facts' ids) with dozens of deletion variants each: most
    /// of the typo index. Years and small numbers (up to four digits) stay.
    pub fn insert(&mut self, word: &str, term: u32, count: u32) {
        if is_long_number(word) {
            return;
        }
        if let Some(entry) = self.words.get_mut(word) {
            entry.1 += count;
        } else {
            self.words.insert(word.to_string(), (term, count));
        }
    }

    /// Builds the deletion index; results do not depend on insertion order.
    pub fn finish(&mut self) {
        self.list = self
            .words
            .drain()
            .map(|(word, (term, count))| (word, term, count))
            .collect();
        self.list.sort();
        self.deletes.clear();
        self.variant_words.clear();
        // The variants of `deletions(word, MAX_EDITS)`, built in one reused buffer: a large base
        // has thousands of words, each with dozens of variants.
        let mut found: Vec<(u64, u32)> = Vec::new();
        let mut chars: Vec<char> = Vec::new();
        let mut key = String::new();
        for (i, (word, _, _)) in self.list.iter().enumerate() {
            chars.clear();
            chars.extend(word.chars());
            if edit_budget(chars.len()) == 0 {
                continue;
            }
            let i = i as u32;
            let n = chars.len();
            let mut add = |skip: [usize; 2], key: &mut String| {
                key.clear();
                key.extend(
                    chars
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| !skip.contains(&k))
                        .map(|(_, &c)| c),
                );
                found.push((variant_hash(key), i));
            };
            const _: () = assert!(MAX_EDITS == 2, "variants below delete up to two characters");
            // The word itself, then every deletion of one character, then of two (a word with
            // a budget has at least four characters, so every variant has at least two).
            add([usize::MAX; 2], &mut key);
            for a in 0..n {
                add([a, usize::MAX], &mut key);
                for b in a + 1..n {
                    add([a, b], &mut key);
                }
            }
        }
        // A word reaches the same variant by several deletions: it is listed once.
        found.sort_unstable();
        found.dedup();
        self.variant_words.reserve_exact(found.len());
        for run in found.chunk_by(|a, b| a.0 == b.0) {
            let start = self.variant_words.len() as u32;
            self.variant_words.extend(run.iter().map(|&(_, word)| word));
            self.deletes
                .insert(run[0].0, (start, self.variant_words.len() as u32));
        }
        self.deletes.shrink_to_fit();
    }

    /// The closest known word's term within the edit budget, with its distance.
    pub fn correct(&self, word: &str) -> Option<(u32, usize)> {
        self.closest(word)
            .map(|(term, distance, _)| (term, distance))
    }

    /// Like `correct`, with the known word itself.
    pub fn closest(&self, word: &str) -> Option<(u32, usize, &str)> {
        let budget = edit_budget(word.chars().count());
        if budget == 0 {
            return None;
        }
        let mut candidates: Vec<u32> = deletions(word, budget)
            .iter()
            .filter_map(|v| self.deletes.get(&variant_hash(v)))
            .flat_map(|&(start, end)| &self.variant_words[start as usize..end as usize])
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, u32, u32, &str)> = None;
        for i in candidates {
            let (candidate, term, count) = &self.list[i as usize];
            let distance = strsim::osa_distance(word, candidate);
            if distance == 0 || distance > budget {
                continue;
            }
            let better = match best {
                None => true,
                Some((d, _, c, _)) => distance < d || (distance == d && *count > c),
            };
            if better {
                best = Some((distance, *term, *count, candidate.as_str()));
            }
        }
        best.map(|(d, term, _, candidate)| (term, d, candidate))
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

    #[test]
    fn long_numbers_are_not_corrected_to() {
        let mut index = FuzzyIndex::default();
        index.insert("12345", 1, 1);
        index.insert("2018", 2, 1);
        index.finish();
        assert_eq!(index.correct("12346"), None);
        assert_eq!(index.correct("2019"), Some((2, 1)), "years still are");
    }

    /// `finish` lists under each variant the words `deletions` gives it, each once, in order.
    #[test]
    fn the_deletion_index_matches_deletions() {
        let words = [
            "demining",
            "peru",
            "pero",
            "aaaa",
            "abab",
            "oberammergau",
            "2018",
        ];
        let mut index = FuzzyIndex::default();
        for (t, w) in words.iter().enumerate() {
            index.insert(w, t as u32, 1);
        }
        index.finish();
        let mut expected: HashMap<u64, Vec<u32>> = HashMap::default();
        for (i, (word, _, _)) in index.list.iter().enumerate() {
            if edit_budget(word.chars().count()) > 0 {
                for variant in deletions(word, MAX_EDITS) {
                    expected
                        .entry(variant_hash(&variant))
                        .or_default()
                        .push(i as u32);
                }
            }
        }
        let listed: HashMap<u64, Vec<u32>> = index
            .deletes
            .iter()
            .map(|(&hash, &(start, end))| {
                (
                    hash,
                    index.variant_words[start as usize..end as usize].to_vec(),
                )
            })
            .collect();
        assert_eq!(listed, expected);
    }
}
