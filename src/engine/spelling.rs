//! Misspellings of words the facts do not hold, read against everyday English and Spanish.
//!
//! The typo index (`fuzzy`) only knows the facts' own surface words, so a slip of a word the
//! facts hold only in another form ("respnd": the facts say "responded", stemmed "respond"), or
//! of a word no fact needs ("whst", "jsut"), stayed an unknown word and counted against every
//! fact as heavily as a name. Here such a word is compared with everything one edit away, and
//! the likeliest reading wins: an everyday word by its frequency, a fact term with the
//! frequency of a fairly common word (the facts' vocabulary is what people ask about).

use super::commonness;
use crate::knowledge::Lang;

/// Zipf frequency a fact term counts with when candidates compete: a fact's words are likely
/// in a question about the facts, but not more than the commonest words ("what", "the").
pub const FACT_TERM_ZIPF: f32 = 5.0;
/// A word this common in the question's language is a word, not a typo (see `is_real_word`).
pub const REAL_WORD_ZIPF: f32 = 3.5;
/// Penalty on a candidate's frequency when it is a word of the other language only.
const OTHER_LANGUAGE_PENALTY: f32 = 1.0;

/// Every distinct string one edit away from `word`: a letter deleted, two neighbours swapped,
/// a letter replaced or inserted (ASCII letters: questions are folded before this).
pub fn one_edit(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut out: Vec<String> = Vec::with_capacity(54 * n + 26);
    let build = |parts: &[&[char]]| parts.iter().flat_map(|p| p.iter()).collect::<String>();
    for i in 0..n {
        out.push(build(&[&chars[..i], &chars[i + 1..]]));
    }
    out.extend(swaps(word));
    for i in 0..n {
        for c in 'a'..='z' {
            if c != chars[i] {
                out.push(build(&[&chars[..i], &[c], &chars[i + 1..]]));
            }
        }
    }
    for i in 0..=n {
        for c in 'a'..='z' {
            out.push(build(&[&chars[..i], &[c], &chars[i..]]));
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|candidate| candidate != word);
    out
}

/// Every string made from `word` by swapping two neighbouring letters ("dose" → "does"): the
/// slip fast typists make most.
pub fn swaps(word: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len().saturating_sub(1)).map(move |i| {
        let mut swapped = chars.clone();
        swapped.swap(i, i + 1);
        swapped.into_iter().collect()
    })
}

/// What a candidate reading is, for `likelihood`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A function word ("what", "the"): the commonest slips are of these.
    Stop,
    /// A word the facts hold, as a term or as written.
    Fact,
    /// Any other string; a word if the everyday lists know it.
    Plain,
}

/// How likely `candidate` is as what was meant, on the Zipf scale, or None if it is no word.
/// A function word counts with its everyday frequency in `lang` (less a penalty in the other
/// language), a fact word with `FACT_TERM_ZIPF`, and any other everyday word just under it:
/// a name one letter away ("duqe" → "duque") beats a common word ("due"), but "whst" is "what".
pub fn likelihood(candidate: &str, lang: Lang, kind: Kind) -> Option<f32> {
    let everyday = commonness::zipf(candidate, lang)
        .or_else(|| commonness::zipf(candidate, lang.other()).map(|z| z - OTHER_LANGUAGE_PENALTY));
    match kind {
        Kind::Stop => everyday.or(Some(FACT_TERM_ZIPF)),
        Kind::Fact => Some(FACT_TERM_ZIPF),
        Kind::Plain => everyday.map(|z| z.min(FACT_TERM_ZIPF - 0.01)),
    }
}

/// The likeliest reading of `word` one edit away, by `likelihood` (ties: the alphabetically
/// first, so the answer never depends on hashing). `kind` says what a candidate is; it is asked
/// only about candidates that `known` (a cheap look-up: a fact word or a listed word) accepts,
/// so an unknown word costs a few hundred look-ups and no classification.
pub fn best_reading(
    word: &str,
    lang: Lang,
    known: impl Fn(&str) -> bool,
    kind: impl Fn(&str) -> Kind,
) -> Option<String> {
    let mut best: Option<(f32, String)> = None;
    for candidate in one_edit(word) {
        if !known(&candidate) {
            continue;
        }
        let Some(score) = likelihood(&candidate, lang, kind(&candidate)) else {
            continue;
        };
        let better = match &best {
            None => true,
            Some((s, w)) => score > *s || (score == *s && candidate < *w),
        };
        if better {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, w)| w)
}

/// Whether the everyday lists hold `word` in either language.
pub fn is_listed(word: &str) -> bool {
    commonness::zipf(word, Lang::En).is_some() || commonness::zipf(word, Lang::Es).is_some()
}

/// A word common enough in the question's language to be meant as typed ("joke", "dose"):
/// it is not silently replaced by a fact word one letter away.
pub fn is_real_word(word: &str, lang: Lang) -> bool {
    commonness::zipf(word, lang).is_some_and(|z| z >= REAL_WORD_ZIPF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_covers_each_kind_of_slip() {
        let edits = one_edit("teh");
        for meant in ["the", "te", "tech", "ten"] {
            assert!(edits.contains(&meant.to_string()), "{meant}");
        }
        assert!(!edits.contains(&"teh".to_string()));
        assert!(!edits.contains(&"them".to_string()), "two edits away");
    }

    #[test]
    fn the_likeliest_word_wins() {
        let none = |w: &str| match w {
            "what" | "just" => Kind::Stop,
            _ => Kind::Plain,
        };
        assert_eq!(
            best_reading("whst", Lang::En, |_| true, none).as_deref(),
            Some("what")
        );
        assert_eq!(
            best_reading("jsut", Lang::En, |_| true, none).as_deref(),
            Some("just")
        );
        assert_eq!(
            best_reading("respnd", Lang::En, |_| true, none).as_deref(),
            Some("respond")
        );
        assert_eq!(best_reading("qzxv", Lang::En, |_| true, none), None);
    }

    #[test]
    fn a_fact_word_beats_an_everyday_word_but_not_a_function_word() {
        // "becom" is the stem the facts hold for "become"; "begum" is a rare English word.
        let facts = |w: &str| match w {
            "becom" | "duque" | "west" => Kind::Fact,
            "what" => Kind::Stop,
            _ => Kind::Plain,
        };
        assert_eq!(
            best_reading("becum", Lang::En, |_| true, facts).as_deref(),
            Some("becom")
        );
        assert_eq!(
            best_reading("duqe", Lang::En, |_| true, facts).as_deref(),
            Some("duque"),
            "not the commoner 'due'"
        );
        assert_eq!(
            best_reading("whst", Lang::En, |_| true, facts).as_deref(),
            Some("what")
        );
    }
}
