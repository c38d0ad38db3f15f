//! The inverted index over the facts: built once per fact base, never mutated.
//!
//! Each fact is one document made of its questions, titles, topics and answers in both
//! languages, each language stemmed with its own stemmer. Terms are numbered; postings say how
//! strongly a term belongs to a fact (a word people use to ask for the fact counts more than a
//! word that only appears in its answer).

// Fx hashing: the keys are short words, hashed on every question; no untrusted-key DoS concern
// arises because keys come from the curated fact base (questions only look them up).
use rustc_hash::FxHashMap as HashMap;

use crate::knowledge::{Fact, KnowledgeBase, Lang};

use super::fuzzy::FuzzyIndex;
use super::normalize::{is_stop_word, Normalizer, Word};

/// A term's number in the vocabulary.
pub type TermId = u32;

/// Strength of a term found in a fact's questions or title: how people ask for it.
const STRENGTH_QUESTION: f32 = 1.0;
/// Strength of a term found in a fact's topics or id: the curator's own labels.
const STRENGTH_TOPIC: f32 = 0.8;
/// Strength of a term found only in the answer: present, but not what the fact is about.
const STRENGTH_ANSWER: f32 = 0.6;

/// The three strengths a term can have in a fact, as the two low bits of a posting.
const STRENGTHS: [f32; 3] = [STRENGTH_ANSWER, STRENGTH_TOPIC, STRENGTH_QUESTION];

/// A posting: the fact's position in the high 30 bits, its strength's code in the low 2.
fn pack(fact: u32, strength: f32) -> u32 {
    let code = STRENGTHS.iter().position(|&s| s == strength).unwrap_or(0) as u32;
    (fact << 2) | code
}

/// The fact and strength of a posting.
pub(crate) fn unpack(posting: u32) -> (u32, f32) {
    (posting >> 2, STRENGTHS[(posting & 3) as usize])
}

/// One stored way of asking for a fact.
pub struct StoredQuestion {
    /// The fact it asks for.
    pub fact: u32,
    /// Its language.
    pub lang: Lang,
    /// Its position in the fact's question list for `lang`.
    pub position: u16,
    /// Sum of its terms' weights, for the similarity.
    pub weight: f32,
}

/// The index: vocabulary, idf, postings, stored questions and the typo index.
pub struct Index {
    pub(crate) vocab: HashMap<String, TermId>,
    /// Per term: its weight in a question (idf with a floor; fixed for intents).
    pub(crate) weight: Vec<f32>,
    /// Per term: the facts containing it, each packed with its strength (see `pack`), in fact
    /// order. Four bytes a posting keeps a 100,000-fact base small.
    pub(crate) postings: Vec<Vec<u32>>,
    /// Per term: the stored questions that contain it.
    pub(crate) question_postings: Vec<Vec<u32>>,
    pub(crate) questions: Vec<StoredQuestion>,
    /// Per fact: the range of its questions in `questions`.
    pub(crate) fact_questions: Vec<(u32, u32)>,
    /// Surface word → term, for words people type unstemmed (and aliases).
    pub(crate) surface: HashMap<String, TermId>,
    pub(crate) fuzzy: FuzzyIndex,
    /// idf of a term seen in one fact only: the weight given to words the index never saw.
    pub(crate) max_idf: f32,
}

impl Index {
    /// Indexes every fact of `kb`.
    pub fn build(kb: &KnowledgeBase, normalizer: &Normalizer) -> Index {
        let mut builder = Builder::default();
        for (i, fact) in kb.facts.iter().enumerate() {
            builder.add_fact(i as u32, fact, normalizer);
        }
        builder.finish(kb.facts.len(), normalizer)
    }

    /// The term of a vocabulary string, if known.
    pub fn term(&self, text: &str) -> Option<TermId> {
        self.vocab.get(text).copied()
    }

    /// Strength with which `term` belongs to `fact` (0 when it does not).
    pub fn strength(&self, fact: usize, term: TermId) -> f32 {
        let list = &self.postings[term as usize];
        list.binary_search_by_key(&(fact as u32), |&p| unpack(p).0)
            .map_or(0.0, |i| unpack(list[i]).1)
    }

    /// The stored questions of a fact.
    pub fn questions_of(&self, fact: usize) -> &[StoredQuestion] {
        let (start, end) = self.fact_questions[fact];
        &self.questions[start as usize..end as usize]
    }
}

#[derive(Default)]
struct Builder {
    vocab: HashMap<String, TermId>,
    df: Vec<u32>,
    postings: Vec<Vec<u32>>,
    questions: Vec<(u32, Lang, u16, Vec<TermId>)>,
    fact_questions: Vec<(u32, u32)>,
    surface: HashMap<String, TermId>,
    surface_count: HashMap<String, (TermId, u32)>,
    /// (word → term) per language: English first, then Spanish.
    stems: [HashMap<String, TermId>; 2],
}

impl Builder {
    fn intern(&mut self, term: String) -> TermId {
        let next = self.vocab.len() as TermId;
        *self.vocab.entry(term).or_insert_with(|| {
            self.df.push(0);
            next
        })
    }

    /// Terms of `text` in `lang`, recording which surface word produced which term.
    fn analyse(&mut self, text: &str, lang: Lang, normalizer: &Normalizer) -> Vec<TermId> {
        let mut out = Vec::new();
        for word in normalizer.words(text) {
            let (surface, term) = match word {
                Word::Alias(term) => (None, term),
                Word::Plain(w) if is_stop_word(&w, lang) => continue,
                Word::Plain(w) => {
                    // Words repeat across facts: stem each (word, language) once.
                    if let Some(&id) = self.stems[lang as usize].get(w.as_str()) {
                        if let Some(entry) = self.surface_count.get_mut(&w) {
                            entry.1 += 1;
                        }
                        out.push(id);
                        continue;
                    }
                    let stem = normalizer.stem(&w, lang);
                    (Some(w), stem)
                }
            };
            let id = self.intern(term);
            if let Some(surface) = surface {
                self.stems[lang as usize].insert(surface.clone(), id);
                self.surface_count
                    .entry(surface)
                    .and_modify(|e| e.1 += 1)
                    .or_insert((id, 1));
            }
            out.push(id);
        }
        out
    }

    fn add_fact(&mut self, index: u32, fact: &Fact, normalizer: &Normalizer) {
        let mut strengths: HashMap<TermId, f32> = HashMap::default();
        let mut bump = |terms: &[TermId], strength: f32| {
            for &t in terms {
                let s = strengths.entry(t).or_insert(0.0);
                *s = s.max(strength);
            }
        };
        let start = self.questions.len() as u32;
        for lang in [Lang::En, Lang::Es] {
            let text = fact.text(lang);
            for (position, question) in text.questions.iter().enumerate() {
                let mut terms = self.analyse(question, lang, normalizer);
                bump(&terms, STRENGTH_QUESTION);
                terms.sort_unstable();
                terms.dedup();
                let position = u16::try_from(position).unwrap_or(u16::MAX);
                self.questions.push((index, lang, position, terms));
            }
            let title = self.analyse(&text.title, lang, normalizer);
            bump(&title, STRENGTH_QUESTION);
            let answer = self.analyse(&text.answer, lang, normalizer);
            bump(&answer, STRENGTH_ANSWER);
        }
        let labels = fact.topics.join(" ") + " " + &fact.id.replace('-', " ");
        for lang in [Lang::En, Lang::Es] {
            let terms = self.analyse(&labels, lang, normalizer);
            bump(&terms, STRENGTH_TOPIC);
        }
        if fact.disputed {
            let conflict = self.intern(super::normalize::CONFLICT_INTENT.to_string());
            bump(&[conflict], STRENGTH_TOPIC);
        }
        self.fact_questions
            .push((start, self.questions.len() as u32));
        if self.postings.len() < self.vocab.len() {
            self.postings.resize_with(self.vocab.len(), Vec::new);
        }
        for (t, strength) in strengths {
            self.df[t as usize] += 1;
            self.postings[t as usize].push(pack(index, strength));
        }
    }

    fn finish(mut self, facts: usize, normalizer: &Normalizer) -> Index {
        let n = facts.max(1) as f32;
        let idf_of = |df: u32| ((n - df as f32 + 0.5) / (df as f32 + 0.5)).ln_1p();
        let mut weight: Vec<f32> = self
            .df
            .iter()
            .map(|&df| idf_of(df).max(super::rank::MIN_TERM_WEIGHT))
            .collect();
        // Everyday words weigh no more than everyday language allows (see `commonness`).
        for (lang, stems) in [Lang::En, Lang::Es].into_iter().zip(&self.stems) {
            for (word, &id) in stems {
                let w = &mut weight[id as usize];
                *w = w.min(super::commonness::cap(word, lang).max(super::rank::MIN_TERM_WEIGHT));
            }
        }
        for (term, &id) in &self.vocab {
            if term.starts_with(super::normalize::INTENT_MARK) {
                weight[id as usize] = super::rank::INTENT_WEIGHT;
            } else if term.len() <= 2 && term.bytes().all(|b| b.is_ascii_digit()) {
                // Days of the month and small counts ("Article 5", "2+2"): they can tell two
                // facts apart, never say on their own what a question is about.
                weight[id as usize] = super::rank::MIN_TERM_WEIGHT;
            }
        }
        let mut postings = std::mem::take(&mut self.postings);
        postings.resize_with(self.vocab.len(), Vec::new);
        for list in &mut postings {
            list.shrink_to_fit();
        }
        let mut fuzzy = FuzzyIndex::default();
        for (word, (term, count)) in self.surface_count.drain() {
            fuzzy.insert(&word, term, count);
            self.surface.insert(word, term);
        }
        // Alias terms are words too: "otan" typed as "otna" should still find NATO.
        for (word, canonical) in normalizer.single_word_aliases() {
            if let Some(&id) = self.vocab.get(canonical) {
                fuzzy.insert(word, id, self.df[id as usize]);
                self.surface.insert(word.to_string(), id);
            }
        }
        // A word that only ever appears inside an alias phrase stands for that phrase.
        let mut phrase_words: Vec<(&str, &str)> = normalizer
            .phrase_words()
            .filter(|(w, _)| {
                w.len() > 3 && !is_stop_word(w, Lang::En) && !is_stop_word(w, Lang::Es)
            })
            .collect();
        phrase_words.sort_unstable();
        for (word, canonical) in phrase_words {
            if self.surface.contains_key(word) {
                continue;
            }
            if let Some(&id) = self.vocab.get(canonical) {
                fuzzy.insert(word, id, self.df[id as usize]);
                self.surface.insert(word.to_string(), id);
            }
        }
        fuzzy.finish();
        let mut question_postings: Vec<Vec<u32>> = vec![Vec::new(); self.vocab.len()];
        for (q, (_, _, _, terms)) in self.questions.iter().enumerate() {
            for &t in terms {
                question_postings[t as usize].push(q as u32);
            }
        }
        let questions = self
            .questions
            .into_iter()
            .map(|(fact, lang, position, terms)| {
                let weight = terms.iter().map(|&t| weight[t as usize]).sum();
                StoredQuestion {
                    fact,
                    lang,
                    position,
                    weight,
                }
            })
            .collect();
        Index {
            vocab: self.vocab,
            max_idf: idf_of(1),
            weight,
            postings,
            question_postings,
            questions,
            fact_questions: self.fact_questions,
            surface: self.surface,
            fuzzy,
        }
    }
}
