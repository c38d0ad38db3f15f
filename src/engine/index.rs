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

use super::expects::{states_a_count, CountWord};
use super::fuzzy::FuzzyIndex;
use super::normalize::{fold_into, is_stop_word, unify_spelling, Normalizer};
use super::postings::Builder;
pub(crate) use super::postings::PostingLists;
use super::rerank::{self, AnswerWords};
use super::words::WordMap;

/// A term's number in the vocabulary.
pub type TermId = u32;

/// Strength of a term found in a fact's questions or title: how people ask for it.
pub const STRENGTH_QUESTION: f32 = 1.0;
/// Strength of a term found in a fact's topics or id: the curator's own labels.
const STRENGTH_TOPIC: f32 = 0.8;
/// Strength of a term found only in the answer: present, but not what the fact is about.
const STRENGTH_ANSWER: f32 = 0.6;

/// The three strengths a term can have in a fact, as the two low bits of a posting.
const STRENGTHS: [f32; 3] = [STRENGTH_ANSWER, STRENGTH_TOPIC, STRENGTH_QUESTION];

/// The fact and strength of a posting: the fact's position in the high 30 bits, its strength's
/// code (a position in `STRENGTHS`) in the low 2.
pub(crate) fn unpack(posting: u32) -> (u32, f32) {
    (posting >> 2, STRENGTHS[(posting & 3) as usize])
}

/// The index: vocabulary, idf, postings, stored questions and the typo index.
pub struct Index {
    pub(crate) vocab: WordMap,
    /// Per term: its weight in a question (idf with a floor; fixed for intents).
    pub(crate) weight: Vec<f32>,
    /// Per term: the facts containing it, each packed with its strength (see `unpack`), in fact
    /// order.
    pub(crate) postings: PostingLists,
    /// Per term: the stored questions that contain it, in order.
    pub(crate) question_postings: PostingLists,
    /// Per stored question (the facts' English ones, then their Spanish ones, fact after
    /// fact): the sum of its terms' weights, for the similarity. Which fact it asks for, in
    /// which language and at which position, follows from `fact_questions`: a large base has
    /// some 800,000 stored questions, and those took eight bytes more each.
    pub(crate) question_weights: Vec<f32>,
    /// Per fact: where its stored questions start; the last entry is where the last fact's
    /// end, so a fact's questions end where the next fact's start.
    pub(crate) fact_questions: Vec<u32>,
    /// Per fact: where its Spanish stored questions start.
    pub(crate) spanish_questions: Vec<u32>,
    /// Surface word → term, for words people type unstemmed (and aliases).
    pub(crate) surface: WordMap,
    pub(crate) fuzzy: FuzzyIndex,
    /// idf of a term seen in one fact only: the weight given to words the index never saw.
    pub(crate) max_idf: f32,
}

/// What the index's pass over the facts' texts finds out about each fact beyond its terms: read
/// from the words the index folds anyway, so that a reload reads no text twice.
pub(crate) struct FactReadings {
    /// Per fact, whether its English and its Spanish answer state a count (`expects`).
    pub(crate) counts: Vec<[bool; 2]>,
    /// Per fact, whether it can say when: it is dated, or its answers name a year (`expects`).
    pub(crate) times: Vec<bool>,
    /// How many facts' titles and answers use each word (`rerank`).
    pub(crate) answer_words: AnswerWords,
}

/// Facts below which the index is built on one thread: spawning costs more than it saves.
const FACTS_PER_THREAD: usize = 2_000;

impl Index {
    /// Indexes every fact of `kb`, in parallel over chunks of facts on large bases.
    pub fn build(kb: &KnowledgeBase, normalizer: &Normalizer) -> Index {
        Self::build_reading(kb, normalizer).0
    }

    /// `build`, with what the same pass read of each fact's answers.
    pub(crate) fn build_reading(
        kb: &KnowledgeBase,
        normalizer: &Normalizer,
    ) -> (Index, FactReadings) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunks = threads.min(kb.facts.len() / FACTS_PER_THREAD).max(1);
        Self::build_in_chunks(kb, normalizer, chunks)
    }

    /// Indexes `kb` in `chunks` consecutive runs of facts, each on its own thread, then merges
    /// them in order. The result does not depend on `chunks`: terms are numbered in order of
    /// first appearance across the whole base either way (see `merge`).
    fn build_in_chunks(
        kb: &KnowledgeBase,
        normalizer: &Normalizer,
        chunks: usize,
    ) -> (Index, FactReadings) {
        // The word lists the chunks read are made on first use and kept for good: made here,
        // not on an indexing thread, where they would sit among the chunk's freed buffers in
        // that thread's allocator arena and keep its pages resident.
        for lang in [Lang::En, Lang::Es] {
            super::commonness::cap("", lang);
            is_stop_word("", lang);
        }
        super::expects::is_count_word("");
        let keep_words = rerank::keeps_words(kb);
        let size = kb.facts.len().div_ceil(chunks.max(1)).max(1);
        let parts: Vec<Chunk> = if chunks <= 1 {
            vec![Chunk::build(&kb.facts, normalizer, keep_words)]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = kb
                    .facts
                    .chunks(size)
                    .map(|facts| scope.spawn(move || Chunk::build(facts, normalizer, keep_words)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("index thread panicked"))
                    .collect()
            })
        };
        merge(parts, kb.facts.len(), normalizer)
    }

    /// The term of a vocabulary string, if known.
    pub fn term(&self, text: &str) -> Option<TermId> {
        self.vocab.get(text)
    }

    /// Strength with which `term` belongs to `fact` (0 when it does not).
    pub fn strength(&self, fact: usize, term: TermId) -> f32 {
        self.postings
            .find(term, fact as u32)
            .map_or(0.0, |p| unpack(p).1)
    }

    /// The language of stored question `question` of `fact`, and its position in the fact's
    /// questions of that language.
    pub fn stored_question(&self, fact: usize, question: usize) -> (Lang, usize) {
        let spanish = self.spanish_questions[fact] as usize;
        if question < spanish {
            (Lang::En, question - self.fact_questions[fact] as usize)
        } else {
            (Lang::Es, question - spanish)
        }
    }
}

/// How a folded word of a text reads in one language, worked out the first time a chunk meets
/// it and reused for every later occurrence: stemming and hashing dominate indexing otherwise.
#[derive(Clone, Copy)]
enum Token {
    /// A stop word: skipped.
    Stop,
    /// A one-word alias or intent: its canonical term.
    Alias(u32),
    /// A content word: its stem's term, and its entry in `Chunk::surfaces`.
    Plain { term: u32, surface: u32 },
}

/// One distinct folded word of one language, as met in a chunk.
struct Entry {
    /// The word with one spelling (see `unify_spelling`): what phrases and stems are made of.
    unified: String,
    /// Words in the longest alias phrase of several words that starts with this word.
    phrase_len: Option<usize>,
    /// Resolved when the word is first read on its own (not inside a phrase): resolving interns
    /// terms, and terms are numbered in order of first use.
    token: Option<Token>,
    /// The folded word's `rerank::word_key`.
    key: u64,
    /// Its place in `Chunk::answer_keys`, once it was read in a title or an answer.
    answer_word: Option<u32>,
    /// What `expects::states_a_count` needs to know of it.
    count_word: CountWord,
}

/// The index of a run of consecutive facts, with terms numbered locally in order of first use.
#[derive(Default)]
struct Chunk<'a> {
    /// Local term → its text.
    terms: Vec<String>,
    vocab: HashMap<String, u32>,
    /// Local term → facts of the chunk containing it.
    df: Vec<u32>,
    /// Local term → stored questions of the chunk containing it.
    question_df: Vec<u32>,
    /// Per fact, its terms packed with their strength's code (`local term << 2 | code`).
    fact_terms: Vec<u32>,
    fact_ends: Vec<u32>,
    /// Per stored question, its distinct local terms.
    question_terms: Vec<u32>,
    question_ends: Vec<u32>,
    /// Per fact, the number of stored questions of the chunk up to and including its own, and
    /// up to and including its English ones.
    fact_question_ends: Vec<u32>,
    fact_english_ends: Vec<u32>,
    /// Surface words read as content words: (word, term of its first use, times used).
    surfaces: Vec<(String, u32, u32)>,
    /// (local term, weight cap) of every content word that is everyday language in the
    /// language it was read in (see `commonness`).
    caps: Vec<(u32, f32)>,
    surface_ids: HashMap<String, u32>,
    /// Folded word → its entry, per language (English first, then Spanish).
    cache: [HashMap<String, u32>; 2],
    entries: Vec<Entry>,
    /// A fact text's piece between spaces, as written ("NATO's") → its entries, a run of
    /// `piece_entries`, per language: most pieces repeat, and then need no folding at all.
    pieces: [HashMap<&'a str, (u32, u32)>; 2],
    piece_entries: Vec<u32>,
    /// Per local term, the strength code + 1 it has in the fact being added (0: absent).
    strength: Vec<u8>,
    touched: Vec<u32>,
    /// Buffers reused for every text.
    folded: String,
    tokens: Vec<u32>,
    key: String,
    terms_buf: Vec<u32>,
    count_words: Vec<CountWord>,
    /// Per fact, whether its answers state a count, and whether it can say when (see
    /// `FactReadings`).
    counts: Vec<[bool; 2]>,
    times: Vec<bool>,
    /// The distinct words of the titles and answers (by `rerank::word_key`), the facts of the
    /// chunk using each, and the last fact that did (its number in the chunk + 1).
    answer_keys: Vec<u64>,
    answer_facts: Vec<u32>,
    answer_last: Vec<u32>,
    answer_ids: HashMap<u64, u32>,
    /// Words of the titles and answers in all.
    answer_word_count: usize,
    /// Per fact, its titles' and answers' word keys sorted, when `rerank::keeps_words`.
    fact_words: Option<Vec<Box<[u64]>>>,
    words_buf: Vec<u64>,
}

impl<'a> Chunk<'a> {
    fn build(facts: &'a [Fact], normalizer: &Normalizer, keep_words: bool) -> Chunk<'a> {
        let mut chunk = Chunk {
            fact_words: keep_words.then(Vec::new),
            ..Chunk::default()
        };
        for fact in facts {
            chunk.add_fact(fact, normalizer);
        }
        // What only reading needed is freed on the thread that made it, before the chunk
        // waits to be merged.
        chunk.cache = Default::default();
        chunk.entries = Vec::new();
        chunk.pieces = Default::default();
        chunk.piece_entries = Vec::new();
        chunk.surface_ids = Default::default();
        chunk.vocab = Default::default();
        chunk.answer_ids = Default::default();
        chunk.answer_last = Vec::new();
        chunk
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.vocab.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.to_string());
        self.vocab.insert(term.to_string(), id);
        self.df.push(0);
        self.question_df.push(0);
        self.strength.push(0);
        id
    }

    /// The entry of a folded word in `lang`, made on first sight (without resolving it).
    fn entry(&mut self, word: &str, lang: Lang, normalizer: &Normalizer) -> u32 {
        if let Some(&e) = self.cache[lang as usize].get(word) {
            return e;
        }
        let unified = unify_spelling(word);
        let e = self.entries.len() as u32;
        self.entries.push(Entry {
            phrase_len: normalizer.longest_phrase_from(&unified),
            unified,
            token: None,
            key: rerank::word_key(word),
            answer_word: None,
            count_word: CountWord::of(word),
        });
        self.cache[lang as usize].insert(word.to_string(), e);
        e
    }

    /// What entry `e` (of `lang`) reads as on its own, as `Normalizer::words` and the stop
    /// words would read it.
    fn token(&mut self, e: u32, lang: Lang, normalizer: &Normalizer) -> Token {
        if let Some(token) = self.entries[e as usize].token {
            return token;
        }
        let word = std::mem::take(&mut self.entries[e as usize].unified);
        let token = if let Some(canonical) = normalizer.single_phrase(&word) {
            Token::Alias(self.intern(canonical))
        } else if is_stop_word(&word, lang) {
            Token::Stop
        } else if let Some(canonical) = normalizer.alias_by_stem(&word, lang) {
            Token::Alias(self.intern(canonical))
        } else {
            let term = self.intern(&normalizer.stem(&word, lang));
            let cap = super::commonness::cap(&word, lang);
            if cap.is_finite() {
                self.caps.push((term, cap));
            }
            let surface = match self.surface_ids.get(&word) {
                Some(&s) => s,
                None => {
                    let s = self.surfaces.len() as u32;
                    self.surfaces.push((word.clone(), term, 0));
                    self.surface_ids.insert(word.clone(), s);
                    s
                }
            };
            Token::Plain { term, surface }
        };
        let entry = &mut self.entries[e as usize];
        entry.unified = word;
        entry.token = Some(token);
        token
    }

    /// The entries of the folded words of `text` in `lang`, into `tokens`.
    ///
    /// Folding each piece between spaces on its own gives the words folding the whole text
    /// gives (a space separates words either way), so pieces are folded once per chunk.
    fn fold_text(
        &mut self,
        text: &'a str,
        lang: Lang,
        normalizer: &Normalizer,
        tokens: &mut Vec<u32>,
    ) {
        for piece in text.split(' ').filter(|p| !p.is_empty()) {
            let (start, end) = match self.pieces[lang as usize].get(piece) {
                Some(&range) => range,
                None => {
                    let range = self.fold_piece(piece, lang, normalizer);
                    self.pieces[lang as usize].insert(piece, range);
                    range
                }
            };
            tokens.extend_from_slice(&self.piece_entries[start as usize..end as usize]);
        }
    }

    /// Folds a piece of text met for the first time: its words' entries, as a range of
    /// `piece_entries`.
    fn fold_piece(&mut self, piece: &str, lang: Lang, normalizer: &Normalizer) -> (u32, u32) {
        let mut folded = std::mem::take(&mut self.folded);
        let start = self.piece_entries.len() as u32;
        fold_into(piece, &mut folded);
        for word in folded.split(' ').filter(|w| !w.is_empty()) {
            let e = self.entry(word, lang, normalizer);
            self.piece_entries.push(e);
        }
        self.folded = folded;
        (start, self.piece_entries.len() as u32)
    }

    /// Appends to `out` the terms of `text` in `lang`, counting the surface words read.
    fn analyse(&mut self, text: &'a str, lang: Lang, normalizer: &Normalizer, out: &mut Vec<u32>) {
        let mut tokens = std::mem::take(&mut self.tokens);
        tokens.clear();
        self.fold_text(text, lang, normalizer, &mut tokens);
        self.read(&tokens, lang, normalizer, out);
        self.tokens = tokens;
    }

    /// `analyse` for a text made on the spot (a fact's labels), folded without the piece cache.
    fn analyse_owned(
        &mut self,
        text: &str,
        lang: Lang,
        normalizer: &Normalizer,
        out: &mut Vec<u32>,
    ) {
        let mut folded = std::mem::take(&mut self.folded);
        let mut tokens = std::mem::take(&mut self.tokens);
        fold_into(text, &mut folded);
        tokens.clear();
        for word in folded.split(' ').filter(|w| !w.is_empty()) {
            tokens.push(self.entry(word, lang, normalizer));
        }
        self.read(&tokens, lang, normalizer, out);
        self.folded = folded;
        self.tokens = tokens;
    }

    /// Appends to `out` the terms of the words `tokens` (entries of `lang`): phrases, then
    /// single words, as `Normalizer::words` and the stop words read them.
    fn read(&mut self, tokens: &[u32], lang: Lang, normalizer: &Normalizer, out: &mut Vec<u32>) {
        let mut i = 0;
        'words: while i < tokens.len() {
            // A phrase of several words, longest first, exactly as `Normalizer::words` reads it.
            if let Some(longest) = self.entries[tokens[i] as usize].phrase_len {
                for len in (2..=longest.min(tokens.len() - i)).rev() {
                    self.key.clear();
                    for (k, &t) in tokens[i..i + len].iter().enumerate() {
                        if k > 0 {
                            self.key.push(' ');
                        }
                        self.key.push_str(&self.entries[t as usize].unified);
                    }
                    if let Some(canonical) = normalizer.joined_phrase(&self.key) {
                        out.push(self.intern(canonical));
                        i += len;
                        continue 'words;
                    }
                }
            }
            match self.token(tokens[i], lang, normalizer) {
                Token::Stop => {}
                Token::Alias(term) => out.push(term),
                Token::Plain { term, surface } => {
                    self.surfaces[surface as usize].2 += 1;
                    out.push(term);
                }
            }
            i += 1;
        }
    }

    /// Counts the words of the text `analyse` read last, a title or an answer of the fact being
    /// added, for `rerank::AnswerWords`.
    fn count_answer_words(&mut self) {
        let fact = self.fact_ends.len() as u32 + 1;
        self.answer_word_count += self.tokens.len();
        for &e in &self.tokens {
            let entry = &mut self.entries[e as usize];
            let id = match entry.answer_word {
                Some(id) => id,
                None => {
                    let id = *self.answer_ids.entry(entry.key).or_insert_with(|| {
                        self.answer_keys.push(entry.key);
                        self.answer_facts.push(0);
                        self.answer_last.push(0);
                        self.answer_keys.len() as u32 - 1
                    });
                    entry.answer_word = Some(id);
                    id
                }
            };
            if self.answer_last[id as usize] != fact {
                self.answer_last[id as usize] = fact;
                self.answer_facts[id as usize] += 1;
            }
            if self.fact_words.is_some() {
                self.words_buf.push(entry.key);
            }
        }
    }

    /// Raises the strength of `terms` in the fact being added to at least `strength`.
    fn bump(&mut self, terms: &[u32], strength: f32) {
        let code = STRENGTHS.iter().position(|&s| s == strength).unwrap_or(0) as u8 + 1;
        for &t in terms {
            let slot = &mut self.strength[t as usize];
            if *slot == 0 {
                self.touched.push(t);
            }
            *slot = (*slot).max(code);
        }
    }

    fn add_fact(&mut self, fact: &'a Fact, normalizer: &Normalizer) {
        let mut terms = std::mem::take(&mut self.terms_buf);
        let mut counts = [false; 2];
        self.words_buf.clear();
        for lang in [Lang::En, Lang::Es] {
            let text = fact.text(lang);
            if lang == Lang::Es {
                self.fact_english_ends.push(self.question_ends.len() as u32);
            }
            for question in text.questions() {
                terms.clear();
                self.analyse(question, lang, normalizer, &mut terms);
                for month in super::dates::months_named(question) {
                    let id = self.intern(&month);
                    terms.push(id);
                }
                self.bump(&terms, STRENGTH_QUESTION);
                terms.sort_unstable();
                terms.dedup();
                for &t in &terms {
                    self.question_df[t as usize] += 1;
                }
                self.question_terms.extend_from_slice(&terms);
                self.question_ends.push(self.question_terms.len() as u32);
            }
            terms.clear();
            self.analyse(text.title(), lang, normalizer, &mut terms);
            self.count_answer_words();
            self.bump(&terms, STRENGTH_QUESTION);
            terms.clear();
            self.analyse(text.answer(), lang, normalizer, &mut terms);
            self.count_answer_words();
            self.count_words.clear();
            let entries = &self.entries;
            self.count_words
                .extend(self.tokens.iter().map(|&e| entries[e as usize].count_word));
            counts[lang as usize] = states_a_count(&self.count_words);
            self.bump(&terms, STRENGTH_ANSWER);
        }
        self.counts.push(counts);
        self.times.push(
            fact.date.is_some()
                || [Lang::En, Lang::Es]
                    .iter()
                    .any(|&lang| super::expects::holds_a_time(fact.text(lang).answer())),
        );
        if let Some(fact_words) = &mut self.fact_words {
            self.words_buf.sort_unstable();
            fact_words.push(self.words_buf.as_slice().into());
        }
        let labels = fact.topics.join(" ") + " " + &fact.id.replace('-', " ");
        for lang in [Lang::En, Lang::Es] {
            terms.clear();
            self.analyse_owned(&labels, lang, normalizer, &mut terms);
            self.bump(&terms, STRENGTH_TOPIC);
        }
        if fact.topics.contains(&super::normalize::GLOSSARY_TOPIC) {
            let define = self.intern(super::normalize::DEFINE_INTENT);
            self.bump(&[define], STRENGTH_TOPIC);
        }
        if fact.disputed {
            let conflict = self.intern(super::normalize::CONFLICT_INTENT);
            self.bump(&[conflict], STRENGTH_TOPIC);
        }
        // The month a fact is dated, and the months its answers name (see `dates`).
        if let Some(date) = &fact.date {
            for day in std::iter::once(&date.start).chain(&date.end) {
                if let Some(term) = super::dates::date_term(day) {
                    let id = self.intern(&term);
                    self.bump(&[id], STRENGTH_QUESTION);
                }
            }
        }
        for lang in [Lang::En, Lang::Es] {
            for term in super::dates::months_named(fact.text(lang).answer()) {
                let id = self.intern(&term);
                self.bump(&[id], STRENGTH_ANSWER);
            }
        }
        for &t in &self.touched {
            let code = self.strength[t as usize] - 1;
            self.strength[t as usize] = 0;
            self.df[t as usize] += 1;
            self.fact_terms.push(t << 2 | u32::from(code));
        }
        self.touched.clear();
        self.fact_ends.push(self.fact_terms.len() as u32);
        self.fact_question_ends
            .push(self.question_ends.len() as u32);
        self.terms_buf = terms;
    }
}

/// Joins the chunks, in order, into one index.
///
/// Terms are numbered by walking each chunk's terms in its local order: a term new to the whole
/// base first appears in the earliest chunk that has it, at the place its local number says, so
/// the numbers are those a single pass over all facts gives (and so are ties broken by term).
fn merge(mut chunks: Vec<Chunk>, facts: usize, normalizer: &Normalizer) -> (Index, FactReadings) {
    let readings = join_readings(&mut chunks, facts);
    let mut vocab = WordMap::default();
    let mut df: Vec<u32> = Vec::new();
    let mut question_df: Vec<u32> = Vec::new();
    let mut surface_count: HashMap<&str, (TermId, u32)> = HashMap::default();
    let mut remaps: Vec<Vec<TermId>> = Vec::with_capacity(chunks.len());
    for chunk in &chunks {
        let remap: Vec<TermId> = chunk
            .terms
            .iter()
            .map(|term| {
                let next = vocab.len() as TermId;
                vocab.get_or_insert_with(term, || {
                    df.push(0);
                    question_df.push(0);
                    next
                })
            })
            .collect();
        for (local, &global) in remap.iter().enumerate() {
            df[global as usize] += chunk.df[local];
            question_df[global as usize] += chunk.question_df[local];
        }
        for (word, term, count) in &chunk.surfaces {
            surface_count
                .entry(word.as_str())
                .and_modify(|e| e.1 += count)
                .or_insert((remap[*term as usize], *count));
        }
        remaps.push(remap);
    }

    let n = facts.max(1) as f32;
    let idf_of = |df: u32| ((n - df as f32 + 0.5) / (df as f32 + 0.5)).ln_1p();
    let mut weight: Vec<f32> = df
        .iter()
        .map(|&df| idf_of(df).max(super::rank::MIN_TERM_WEIGHT))
        .collect();
    // Everyday words weigh no more than everyday language allows (see `commonness`).
    for (chunk, remap) in chunks.iter().zip(&remaps) {
        for &(term, cap) in &chunk.caps {
            let w = &mut weight[remap[term as usize] as usize];
            *w = w.min(cap.max(super::rank::MIN_TERM_WEIGHT));
        }
    }
    for (term, id) in vocab.iter() {
        if term.starts_with(super::normalize::INTENT_MARK) {
            weight[id as usize] = super::rank::INTENT_WEIGHT;
        } else if term.len() <= 2 && term.bytes().all(|b| b.is_ascii_digit()) {
            // Days of the month and small counts ("Article 5", "2+2"): they can tell two
            // facts apart, never say on their own what a question is about.
            weight[id as usize] = super::rank::MIN_TERM_WEIGHT;
        }
    }

    // Postings are pushed twice, in order: once to size each list, once to write it; the
    // facts' lists on a second thread while this one pushes the stored questions'. Every
    // buffer is allocated here, so that thread allocates nothing: what it allocated would sit
    // in its own allocator arena above the chunks' buffers freed below and keep them resident
    // (18 MiB more at 100,000 facts when it built a whole list on its own).
    let mut postings = Builder::new(&df, 2);
    let mut question_postings = Builder::new(&question_df, 0);
    let mut question_weights = Vec::new();
    for pass in 0..2 {
        std::thread::scope(|scope| {
            scope.spawn(|| push_fact_postings(&mut postings, &chunks, &remaps));
            push_question_postings(&mut question_postings, &chunks, &remaps);
            if pass == 1 {
                question_weights = stored_question_weights(&chunks, &remaps, &weight);
            }
        });
        if pass == 0 {
            postings = postings.measured();
            question_postings = question_postings.measured();
        }
    }
    let postings = postings.finish();
    let question_postings = question_postings.finish();
    let mut fact_questions: Vec<u32> = Vec::with_capacity(facts + 1);
    let mut spanish_questions: Vec<u32> = Vec::with_capacity(facts);
    fact_questions.push(0);
    let mut first_question = 0;
    for chunk in &chunks {
        for (&end, &english_end) in chunk
            .fact_question_ends
            .iter()
            .zip(&chunk.fact_english_ends)
        {
            fact_questions.push(first_question + end);
            spanish_questions.push(first_question + english_end);
        }
        first_question += chunk.question_ends.len() as u32;
    }
    let mut surface = WordMap::default();
    let mut fuzzy = FuzzyIndex::default();
    for (word, (term, count)) in surface_count {
        fuzzy.insert(word, term, count);
        surface.insert(word, term);
    }
    drop(chunks);
    // Alias terms are words too: "otan" typed as "otna" should still find NATO.
    for (word, canonical) in normalizer.single_word_aliases() {
        if let Some(id) = vocab.get(canonical) {
            fuzzy.insert(word, id, df[id as usize]);
            surface.insert(word, id);
        }
    }
    // A word that only ever appears inside an alias phrase stands for that phrase.
    let mut phrase_words: Vec<(&str, &str)> = normalizer
        .phrase_words()
        .filter(|(w, _)| w.len() > 3 && !is_stop_word(w, Lang::En) && !is_stop_word(w, Lang::Es))
        .collect();
    phrase_words.sort_unstable();
    for (word, canonical) in phrase_words {
        if surface.contains(word) {
            continue;
        }
        if let Some(id) = vocab.get(canonical) {
            fuzzy.insert(word, id, df[id as usize]);
            surface.insert(word, id);
        }
    }
    fuzzy.finish();
    let index = Index {
        vocab,
        max_idf: idf_of(1),
        weight,
        postings,
        question_postings,
        question_weights,
        fact_questions,
        spanish_questions,
        surface,
        fuzzy,
    };
    (index, readings)
}

/// The chunks' readings of their facts, joined in order.
fn join_readings(chunks: &mut [Chunk], facts: usize) -> FactReadings {
    let mut facts_using: HashMap<u64, u32> = HashMap::default();
    let mut words = 0;
    let mut by_fact = chunks
        .iter()
        .all(|c| c.fact_words.is_some())
        .then(|| Vec::with_capacity(facts));
    let mut counts = Vec::with_capacity(facts);
    let mut times = Vec::with_capacity(facts);
    for chunk in chunks {
        for (&key, &used) in chunk.answer_keys.iter().zip(&chunk.answer_facts) {
            *facts_using.entry(key).or_default() += used;
        }
        words += chunk.answer_word_count;
        if let (Some(all), Some(own)) = (&mut by_fact, chunk.fact_words.take()) {
            all.extend(own);
        }
        counts.append(&mut chunk.counts);
        times.append(&mut chunk.times);
    }
    FactReadings {
        counts,
        times,
        answer_words: AnswerWords::from_counts(facts_using, facts, words, by_fact),
    }
}

/// Pushes the facts' postings of the chunks to `postings`, in fact order.
fn push_fact_postings(postings: &mut Builder, chunks: &[Chunk], remaps: &[Vec<TermId>]) {
    let mut first_fact = 0u32;
    for (chunk, remap) in chunks.iter().zip(remaps) {
        let mut start = 0;
        for (i, &end) in chunk.fact_ends.iter().enumerate() {
            let fact = first_fact + i as u32;
            for &packed in &chunk.fact_terms[start..end as usize] {
                postings.push(remap[(packed >> 2) as usize] as usize, fact, packed & 3);
            }
            start = end as usize;
        }
        first_fact += chunk.fact_ends.len() as u32;
    }
}

/// Pushes the stored questions' postings of the chunks to `postings`, in order.
fn push_question_postings(postings: &mut Builder, chunks: &[Chunk], remaps: &[Vec<TermId>]) {
    let mut q = 0u32;
    for (chunk, remap) in chunks.iter().zip(remaps) {
        let mut start = 0;
        for &end in &chunk.question_ends {
            for &t in &chunk.question_terms[start..end as usize] {
                postings.push(remap[t as usize] as usize, q, 0);
            }
            start = end as usize;
            q += 1;
        }
    }
}

/// Each stored question's sum of term weights, in order.
fn stored_question_weights(chunks: &[Chunk], remaps: &[Vec<TermId>], weight: &[f32]) -> Vec<f32> {
    let total: usize = chunks.iter().map(|c| c.question_ends.len()).sum();
    let mut weights: Vec<f32> = Vec::with_capacity(total);
    let mut terms: Vec<TermId> = Vec::new();
    for (chunk, remap) in chunks.iter().zip(remaps) {
        let mut start = 0;
        for &end in &chunk.question_ends {
            terms.clear();
            terms.extend(
                chunk.question_terms[start..end as usize]
                    .iter()
                    .map(|&t| remap[t as usize]),
            );
            start = end as usize;
            // Summed in term order, as ever, so the float sum does not change.
            terms.sort_unstable();
            weights.push(terms.iter().map(|&t| weight[t as usize]).sum());
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped facts indexed in one run and in several chunks give the same index, term
    /// numbers included (they break ties in ranking and autocomplete).
    #[test]
    fn chunks_do_not_change_the_index() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let (kb, _) = crate::knowledge::load(&dir).expect("shipped facts load");
        let normalizer = Normalizer::new(&kb.aliases);
        let (one, read) = Index::build_in_chunks(&kb, &normalizer, 1);
        let counts: Vec<[bool; 2]> = kb
            .facts
            .iter()
            .map(|fact| {
                [Lang::En, Lang::Es].map(|lang| {
                    super::super::expects::holds_a_count(&super::super::normalize::fold(
                        fact.text(lang).answer(),
                    ))
                })
            })
            .collect();
        assert_eq!(
            read.counts, counts,
            "counts as the answers' texts state them"
        );
        assert!(read.counts.iter().any(|c| c[0]) && read.counts.iter().any(|c| !c[1]));
        assert_eq!(read.answer_words, AnswerWords::read(&kb));
        for chunks in [2, 3, 7] {
            let (many, many_read) = Index::build_in_chunks(&kb, &normalizer, chunks);
            assert_eq!(read.counts, many_read.counts);
            assert_eq!(read.times, many_read.times);
            assert_eq!(read.answer_words, many_read.answer_words);
            assert_eq!(one.vocab, many.vocab, "{chunks} chunks");
            assert_eq!(one.surface, many.surface);
            assert_eq!(one.postings, many.postings);
            assert_eq!(one.question_postings, many.question_postings);
            let term = one
                .term("nato")
                .or_else(|| one.vocab.iter().next().map(|(_, t)| t));
            let term = term.expect("a term");
            let list = one.postings.to_vec(term);
            assert_eq!(list.len(), one.postings.len(term));
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "postings in fact order"
            );
            assert_eq!(one.fact_questions, many.fact_questions);
            assert_eq!(one.spanish_questions, many.spanish_questions);
            let bits = |w: &[f32]| w.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&one.weight), bits(&many.weight));
            assert_eq!(bits(&one.question_weights), bits(&many.question_weights));
            for word in ["demning", "colmbia", "otna", "stoltenburg"] {
                assert_eq!(one.fuzzy.correct(word), many.fuzzy.correct(word), "{word}");
            }
        }
    }
}
