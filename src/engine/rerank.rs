//! Among facts that score about the same, the one whose answer says most of what was asked
//! comes first.
//!
//! The score (`rank`) leans on the stored questions: how curators wrote that people ask. A new
//! asker's wording is often far from every stored question but close to the answer itself, and
//! sibling facts about one event share their stored questions' words, so between them the
//! answer is what tells them apart ("Did every ally have to say yes?": the answer that says
//! "all Allies agreed"). Read as BM25 reads a document, over the title and answer of both
//! languages: each word of the question the text repeats counts, with diminishing returns, a
//! long text is expected to repeat more, and a word counts by how few answers use it. Every
//! word counts here, the ones `rank` drops as stop words too ("all", "before", "yes"): among
//! answers they are rare enough to tell.
//!
//! Only the order of facts already close to the best changes, and no score is raised, so the
//! answer/decline rules keep their meaning.

use rustc_hash::FxHashMap;

use super::rank::{Scored, EXACT_SIMILARITY};
use crate::knowledge::{KnowledgeBase, Lang};

/// How far behind the best a fact may score and still be put first by its answer: the most a
/// fact gains from an answer that says the most against one that says nothing of the question.
pub const ANSWER_TEXT_WEIGHT: f32 = 0.2;
/// Facts considered for reordering, best first.
const CANDIDATES: usize = 5;
/// BM25's saturation: a word said twice counts more than once, not twice as much.
const K1: f32 = 1.2;
/// BM25's length normalisation: how much more a long answer is expected to repeat.
const B: f32 = 0.75;
/// Both languages' texts are read: a question's words often appear in the other language's
/// answer too (names, "OTAN" beside "NATO", Spanish typed without accents).
const BOTH: [Lang; 2] = [Lang::En, Lang::Es];

/// How many facts' titles and answers use each folded word, and how long they are on average.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub struct AnswerWords {
    /// Facts using the word (by a hash of the folded word: the words themselves are not needed).
    facts_using: FxHashMap<u64, u32>,
    /// Facts in the base.
    facts: u32,
    /// Mean number of words of a fact's titles and answers, both languages.
    mean_words: f32,
    /// Per fact, the keys of its titles' and answers' words, sorted (repeats kept: they are
    /// the counts), when the base is small enough (`KEPT_TEXT_BYTES`); otherwise each
    /// candidate's text is read again for every question. Either way the counts are the same.
    by_fact: Option<Vec<Box<[u64]>>>,
}

/// Most bytes of titles and answers whose words are kept sorted per fact (8 bytes a word; a
/// word and the space after it take two bytes at the least, so about a million words, 8 MB).
/// The shipped base holds some 45,000 words, and reading five candidates' texts again costs a
/// question on it about 20 µs, nearly half of what it costs otherwise; at 100,000 facts (9
/// million words) that would be 70 MB more, and reading five texts is a hundredth of what a
/// question costs there. Decided from the texts' length before anything is built: lists built
/// and then dropped on a large base stayed resident in the building thread's allocator arena.
const KEPT_TEXT_BYTES: usize = 2 << 20;

/// FNV-1a, fed one byte of a folded word at a time: words are keyed as they are read, with no
/// string built for them.
#[derive(Clone, Copy)]
struct WordKey(u64);

impl WordKey {
    const START: WordKey = WordKey(0xcbf2_9ce4_8422_2325);

    fn push(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
}

/// The key of a word as `normalize::fold` writes it, as `for_each_word` keys it.
pub(crate) fn word_key(folded: &str) -> u64 {
    let mut key = WordKey::START;
    folded.bytes().for_each(|b| key.push(b));
    key.0
}

/// Calls `word` with the key of each word of `text` as `normalize::fold` would write it
/// (lower case, accents off, letters and digits only), keyed as it is read, with no string
/// built: candidates' answers are read on every question.
fn for_each_word(text: &str, mut word: impl FnMut(u64)) {
    let mut current: Option<WordKey> = None;
    let feed = |c: char, current: &mut Option<WordKey>, word: &mut dyn FnMut(u64)| {
        if c.is_alphanumeric() {
            let key = current.get_or_insert(WordKey::START);
            for lower in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for &b in lower.encode_utf8(&mut buf).as_bytes() {
                    key.push(b);
                }
            }
        } else if let Some(done) = current.take() {
            word(done.0);
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            current
                .get_or_insert(WordKey::START)
                .push(b.to_ascii_lowercase());
            i += 1;
        } else if b.is_ascii() {
            if let Some(done) = current.take() {
                word(done.0);
            }
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            unicode_normalization::char::decompose_compatible(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    feed(d, &mut current, &mut word);
                }
            });
        }
    }
    if let Some(done) = current {
        word(done.0);
    }
}

/// How much of `question` a stored question says word for word, every word counted, the ones
/// matching drops too ("is … in" against "what does … do with"): the share of the question's
/// folded words it holds, then Dice over both, each 0..1.
pub(crate) fn word_overlap(question: &str, stored: &str) -> (f32, f32) {
    let words = |text: &str| {
        let mut keys = Vec::new();
        for_each_word(text, |w| keys.push(w));
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let (asked, stored) = (words(question), words(stored));
    if asked.is_empty() || stored.is_empty() {
        return (0.0, 0.0);
    }
    let shared = asked
        .iter()
        .filter(|w| stored.binary_search(w).is_ok())
        .count() as f32;
    (
        shared / asked.len() as f32,
        2.0 * shared / (asked.len() + stored.len()) as f32,
    )
}

/// Calls `word` with the key of each word of a fact's titles and answers in `langs`.
fn fact_words(kb: &KnowledgeBase, fact: usize, langs: &[Lang], mut word: impl FnMut(u64)) {
    for &lang in langs {
        let text = kb.facts[fact].text(lang);
        for_each_word(text.title(), &mut word);
        for_each_word(text.answer(), &mut word);
    }
}

/// Whether each fact's words are kept sorted for `kb` (see `KEPT_TEXT_BYTES`).
pub(crate) fn keeps_words(kb: &KnowledgeBase) -> bool {
    text_bytes(kb) <= KEPT_TEXT_BYTES
}

/// Bytes of every fact's titles and answers, both languages.
fn text_bytes(kb: &KnowledgeBase) -> usize {
    kb.facts
        .iter()
        .flat_map(|fact| BOTH.map(|lang| fact.text(lang)))
        .map(|text| text.title().len() + text.answer().len())
        .sum()
}

impl AnswerWords {
    /// The counts the index made while reading every fact's titles and answers (by `word_key`
    /// of each folded word): how many facts use each word, how many words they hold in all,
    /// and, if `keeps_words`, each fact's keys sorted.
    pub(crate) fn from_counts(
        facts_using: FxHashMap<u64, u32>,
        facts: usize,
        words: usize,
        by_fact: Option<Vec<Box<[u64]>>>,
    ) -> AnswerWords {
        let facts = facts as u32;
        AnswerWords {
            facts_using,
            facts,
            mean_words: words as f32 / facts.max(1) as f32,
            by_fact,
        }
    }

    /// Counts the words of every fact's titles and answers by reading them: what the index's
    /// counts must equal.
    #[cfg(test)]
    pub(crate) fn read(kb: &KnowledgeBase) -> AnswerWords {
        Self::read_keeping(kb, KEPT_TEXT_BYTES)
    }

    /// `read`, keeping each fact's words if its titles and answers hold at most `kept_bytes`.
    #[cfg(test)]
    fn read_keeping(kb: &KnowledgeBase, kept_bytes: usize) -> AnswerWords {
        let mut by_fact = (text_bytes(kb) <= kept_bytes).then(Vec::new);
        let mut facts_using: FxHashMap<u64, u32> = FxHashMap::default();
        let mut seen: Vec<u64> = Vec::new();
        let mut words = 0usize;
        for fact in 0..kb.facts.len() {
            seen.clear();
            fact_words(kb, fact, &BOTH, |w| seen.push(w));
            words += seen.len();
            seen.sort_unstable();
            if let Some(by_fact) = &mut by_fact {
                by_fact.push(seen.clone().into_boxed_slice());
            }
            seen.dedup();
            for &word in &seen {
                *facts_using.entry(word).or_default() += 1;
            }
        }
        Self::from_counts(facts_using, kb.facts.len(), words, by_fact)
    }

    /// BM25's idf of a folded word among the facts' titles and answers.
    fn idf(&self, word: u64) -> f32 {
        let used = self.facts_using.get(&word).copied().unwrap_or(0) as f32;
        let n = self.facts as f32;
        ((n - used + 0.5) / (used + 0.5)).ln_1p()
    }

    /// Reorders the facts within `ANSWER_TEXT_WEIGHT` of the best by their score plus how much
    /// of `question` their titles and answers say, relative to the candidate that says most.
    pub fn rerank(&self, kb: &KnowledgeBase, question: &str, ranked: &mut [Scored]) {
        // A question almost word for word one curators wrote for the best fact is theirs
        // to answer: the answers' words do not overrule what curators said it asks.
        let Some(best) = ranked
            .first()
            .filter(|s| s.similarity < EXACT_SIMILARITY)
            .map(|s| s.score)
        else {
            return;
        };
        let close = ranked
            .iter()
            .take(CANDIDATES)
            .take_while(|s| s.score > best - ANSWER_TEXT_WEIGHT)
            .count();
        if close < 2 {
            return;
        }
        let mut asked: Vec<u64> = Vec::new();
        for_each_word(question, |w| asked.push(w));
        asked.sort_unstable();
        asked.dedup();
        // One bit per asked word's key: most words of an answer are not asked, and are told
        // so without a search.
        let sieve = asked.iter().fold(0u64, |bits, w| bits | 1 << (w % 64));
        let weights: Vec<f32> = asked.iter().map(|&w| self.idf(w)).collect();
        let mut tf = vec![0u32; asked.len()];
        let mut said = [0.0f32; CANDIDATES];
        for (slot, s) in said.iter_mut().zip(&ranked[..close]) {
            let length = match &self.by_fact {
                Some(by_fact) => {
                    let words = &by_fact[s.fact];
                    for (n, &w) in tf.iter_mut().zip(&asked) {
                        let from = words.partition_point(|&x| x < w);
                        *n = words[from..].partition_point(|&x| x == w) as u32;
                    }
                    words.len()
                }
                None => {
                    tf.iter_mut().for_each(|n| *n = 0);
                    let mut length = 0usize;
                    fact_words(kb, s.fact, &BOTH, |word| {
                        length += 1;
                        if sieve & (1 << (word % 64)) == 0 {
                            return;
                        }
                        if let Ok(at) = asked.binary_search(&word) {
                            tf[at] += 1;
                        }
                    });
                    length
                }
            };
            let norm = K1 * (1.0 - B + B * length as f32 / self.mean_words.max(1.0));
            *slot = tf
                .iter()
                .zip(&weights)
                .filter(|(&n, _)| n > 0)
                .map(|(&n, w)| w * n as f32 * (K1 + 1.0) / (n as f32 + norm))
                .sum();
        }
        let most = said[..close].iter().copied().fold(0.0f32, f32::max);
        if most <= 0.0 {
            return;
        }
        let mut keyed: Vec<(f32, Scored)> = ranked[..close]
            .iter()
            .zip(said)
            .map(|(s, said)| (s.score + ANSWER_TEXT_WEIGHT * said / most, *s))
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.fact.cmp(&b.1.fact)));
        for (slot, (_, s)) in ranked.iter_mut().zip(keyed) {
            *slot = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::normalize;

    fn shipped() -> KnowledgeBase {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        crate::knowledge::load(&dir).expect("shipped facts load").0
    }

    #[test]
    fn words_are_keyed_as_fold_writes_them() {
        let text = "¿Cuándo firmó COLOMBIA el «IPCP»? Ñandú, Straße, 2017-05-19… ½";
        let mut streamed = Vec::new();
        for_each_word(text, |w| streamed.push(w));
        let folded: Vec<u64> = normalize::fold(text)
            .split(' ')
            .map(|word| {
                let mut key = WordKey::START;
                word.bytes().for_each(|b| key.push(b));
                key.0
            })
            .collect();
        assert_eq!(streamed, folded);
    }

    /// Kept word lists and texts read again must order candidates alike: which one a base
    /// gets depends only on its size.
    #[test]
    fn kept_and_reread_words_rerank_alike() {
        let kb = shipped();
        let kept = AnswerWords::read(&kb);
        let reread = AnswerWords::read_keeping(&kb, 0);
        assert!(kept.by_fact.is_some() && reread.by_fact.is_none());
        let mut reordered = 0;
        for question in [
            "Did every NATO ally have to say yes before Colombia could be a partner?",
            "¿Qué hizo el buque ARC 7 de Agosto en la operación Atalanta?",
            "when did colombia sign the ipcp",
        ] {
            for first in (0..kb.facts.len()).step_by(7) {
                let mut a: Vec<Scored> = (first..kb.facts.len())
                    .take(CANDIDATES)
                    .map(|fact| Scored {
                        fact,
                        score: 0.7,
                        coverage: 0.7,
                        similarity: 0.7,
                        best_question: 0,
                    })
                    .collect();
                let mut b = a.clone();
                kept.rerank(&kb, question, &mut a);
                reread.rerank(&kb, question, &mut b);
                let order = |r: &[Scored]| r.iter().map(|s| s.fact).collect::<Vec<_>>();
                assert_eq!(order(&a), order(&b), "{question}");
                reordered += usize::from(order(&a) != (first..first + a.len()).collect::<Vec<_>>());
            }
        }
        assert!(reordered > 0, "the answers' words never changed an order");
    }
}
