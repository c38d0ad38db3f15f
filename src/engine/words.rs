//! Words (terms, surface words) mapped to terms, with numbers kept as numbers.
//!
//! Every fact id's number is a word of its labels ("fact-12345"), so a large base has a
//! hundred thousand numbers in its vocabulary, its surface words and its autocomplete list: as
//! strings, each took some seventy bytes in every one of them (a heap string of its own and a
//! map slot holding it). A number written the one way `u32::to_string` writes it is kept as
//! that `u32` instead; any other word ("007", "2+2", "nato") stays a string. Lookups and
//! iteration see the same words either way.

use std::borrow::Cow;

// Fx hashing: the keys are short words, hashed on every question; no untrusted-key DoS concern
// arises because keys come from the curated fact base (questions only look them up).
use rustc_hash::FxHashMap as HashMap;

use super::index::TermId;

/// The number `word` writes, if it is written as `u32::to_string` would write it.
pub(crate) fn as_number(word: &str) -> Option<u32> {
    let bytes = word.as_bytes();
    let canonical = !bytes.is_empty()
        && bytes.len() <= 9
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes[0] != b'0' || bytes.len() == 1);
    if canonical {
        word.parse().ok()
    } else {
        None
    }
}

/// A map from words to terms.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct WordMap {
    text: HashMap<String, TermId>,
    numbers: HashMap<u32, TermId>,
}

impl WordMap {
    /// The term of `word`, if known.
    pub(crate) fn get(&self, word: &str) -> Option<TermId> {
        match as_number(word) {
            Some(n) => self.numbers.get(&n).copied(),
            None => self.text.get(word).copied(),
        }
    }

    /// Whether `word` is known.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// Maps `word` to `term`, replacing what it was mapped to.
    pub(crate) fn insert(&mut self, word: &str, term: TermId) {
        match as_number(word) {
            Some(n) => {
                self.numbers.insert(n, term);
            }
            None => {
                self.text.insert(word.to_string(), term);
            }
        }
    }

    /// The term of `word`, mapped to `make()` first if it is not known yet.
    pub(crate) fn get_or_insert_with(
        &mut self,
        word: &str,
        make: impl FnOnce() -> TermId,
    ) -> TermId {
        match as_number(word) {
            Some(n) => *self.numbers.entry(n).or_insert_with(make),
            None => match self.text.get(word) {
                Some(&term) => term,
                None => {
                    let term = make();
                    self.text.insert(word.to_string(), term);
                    term
                }
            },
        }
    }

    /// How many words are mapped.
    pub(crate) fn len(&self) -> usize {
        self.text.len() + self.numbers.len()
    }

    /// Every word with its term, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (Cow<'_, str>, TermId)> {
        let text = self
            .text
            .iter()
            .map(|(w, &t)| (Cow::Borrowed(w.as_str()), t));
        let numbers = self
            .numbers
            .iter()
            .map(|(n, &t)| (Cow::Owned(n.to_string()), t));
        text.chain(numbers)
    }

    /// The words that are strings, with their terms.
    pub(crate) fn text_words(&self) -> impl Iterator<Item = (&str, TermId)> {
        self.text.iter().map(|(w, &t)| (w.as_str(), t))
    }

    /// The words that are numbers, with their terms.
    pub(crate) fn number_words(&self) -> impl Iterator<Item = (u32, TermId)> + '_ {
        self.numbers.iter().map(|(&n, &t)| (n, t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plainly_written_numbers_are_numbers() {
        assert_eq!(as_number("12345"), Some(12345));
        assert_eq!(as_number("0"), Some(0));
        assert_eq!(as_number("2018"), Some(2018));
        for word in ["007", "", "1234567890", "12a", "-1", "+1", "١٢", "2+2"] {
            assert_eq!(as_number(word), None, "{word}");
        }
        let mut map = WordMap::default();
        map.insert("12345", 1);
        map.insert("012345", 2);
        assert_eq!(map.get("12345"), Some(1));
        assert_eq!(map.get("012345"), Some(2));
        assert_eq!(map.get_or_insert_with("12345", || 9), 1);
        assert_eq!(map.get_or_insert_with("nato", || 3), 3);
        assert_eq!(map.len(), 3);
        let mut all: Vec<(String, TermId)> = map.iter().map(|(w, t)| (w.into_owned(), t)).collect();
        all.sort();
        assert_eq!(
            all,
            [
                ("012345".into(), 2),
                ("12345".into(), 1),
                ("nato".into(), 3)
            ]
        );
    }
}
