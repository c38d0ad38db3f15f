//! How common a word is in everyday English or Spanish, independent of the fact base.
//!
//! Inverse document frequency only knows the facts: "three" or "together" appear in few facts,
//! so idf calls them rare and a question like "What three areas did they agree to work on
//! together?" weighs them like names. General-language frequency corrects that: an everyday
//! word never weighs more than `weight_cap` allows, however rare it is among the facts. Words
//! the lists do not hold (names, acronyms, "demining") keep their idf.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use crate::knowledge::Lang;

/// Zipf frequency at which a word starts to count as everyday (once in ~30,000 words).
pub const EVERYDAY_ZIPF: f32 = 4.5;
/// Weight cap of a word right at `EVERYDAY_ZIPF`.
pub const CAP_AT_EVERYDAY: f32 = 2.5;
/// Weight cap of the most common words ("new", "first", "work"): at or under this.
pub const CAP_AT_COMMONEST: f32 = 0.8;
/// Zipf frequency from which the cap is `CAP_AT_COMMONEST`.
pub const COMMONEST_ZIPF: f32 = 6.0;

fn table(lang: Lang) -> &'static FxHashMap<&'static str, f32> {
    static EN: OnceLock<FxHashMap<&'static str, f32>> = OnceLock::new();
    static ES: OnceLock<FxHashMap<&'static str, f32>> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::En => (&EN, include_str!("commonness/en.txt")),
        Lang::Es => (&ES, include_str!("commonness/es.txt")),
    };
    cell.get_or_init(|| {
        text.lines()
            .filter_map(|line| {
                let (word, zipf) = line.split_once(' ')?;
                Some((word, zipf.parse().ok()?))
            })
            .collect()
    })
}

/// Zipf frequency of a folded word in `lang`, if the lists know it. They hold every word down
/// to Zipf 3.0 (once in a million words): below that a word is as likely a typo or a name as a
/// word of the language.
pub fn zipf(word: &str, lang: Lang) -> Option<f32> {
    table(lang).get(word).copied()
}

/// Whether a folded word is frequent in `lang` (at least `EVERYDAY_ZIPF`). Not to be confused
/// with `normalize::is_everyday`, the curated list of words that say little.
pub fn is_frequent(word: &str, lang: Lang) -> bool {
    zipf(word, lang).is_some_and(|z| z >= EVERYDAY_ZIPF)
}

/// The most a word of this Zipf frequency may weigh in a question: no cap under
/// `EVERYDAY_ZIPF`, then falling linearly to `CAP_AT_COMMONEST`.
pub fn weight_cap(zipf: f32) -> f32 {
    if zipf < EVERYDAY_ZIPF {
        return f32::INFINITY;
    }
    let t = ((zipf - EVERYDAY_ZIPF) / (COMMONEST_ZIPF - EVERYDAY_ZIPF)).min(1.0);
    CAP_AT_EVERYDAY + t * (CAP_AT_COMMONEST - CAP_AT_EVERYDAY)
}

/// The cap for `word` in `lang` (infinite for words that are not everyday).
pub fn cap(word: &str, lang: Lang) -> f32 {
    zipf(word, lang).map_or(f32::INFINITY, weight_cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_are_capped_and_names_are_not() {
        assert!(cap("three", Lang::En) < 1.5);
        assert!(cap("together", Lang::En) < 2.0);
        assert_eq!(cap("stoltenberg", Lang::En), f32::INFINITY);
        assert_eq!(cap("desminado", Lang::Es), f32::INFINITY);
        assert!(cap("juntos", Lang::Es) < 2.0);
    }
}
