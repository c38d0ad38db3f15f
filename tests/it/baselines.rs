//! The two answerers a user could build instead of enlace, over the same fact base, so every
//! quality and speed figure of enlace is shown next to what it must beat:
//! - a naive fuzzy scan: strsim similarity of the question against every stored question,
//!   best one wins;
//! - BM25 over the fact texts (titles and answers, both languages), best fact wins.
//!
//! Each declines below a threshold chosen on the development set to maximise its own share of
//! questions handled right (correct answers plus correct declines), the fairest setting it can
//! get. Shared by `tests/it/quality.rs` and `benches/ask.rs`.

use std::collections::HashMap;

use enlace::engine::normalize::{fold, is_stop_word};
use enlace::eval::{self, Case, Reply};
use enlace::knowledge::{KnowledgeBase, Lang};

/// Best stored question by normalised Levenshtein similarity.
pub struct NaiveScan {
    questions: Vec<(String, usize)>,
    ids: Vec<String>,
}

impl NaiveScan {
    /// Folds every stored question of `kb`.
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut questions = Vec::new();
        for (i, f) in kb.facts.iter().enumerate() {
            for q in f
                .text(Lang::En)
                .questions()
                .chain(f.text(Lang::Es).questions())
            {
                questions.push((fold(q), i));
            }
        }
        NaiveScan {
            questions,
            ids: kb.facts.iter().map(|f| f.id.clone()).collect(),
        }
    }

    /// The best fact and its similarity (0..1).
    pub fn best(&self, question: &str) -> Option<(&str, f32)> {
        let q = fold(question);
        self.questions
            .iter()
            .map(|(s, i)| (strsim::normalized_levenshtein(&q, s) as f32, *i))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(score, i)| (self.ids[i].as_str(), score))
    }
}

/// Okapi BM25 over each fact's titles and answers.
pub struct Bm25 {
    postings: HashMap<String, Vec<(usize, u32)>>,
    lengths: Vec<f32>,
    average: f32,
    ids: Vec<String>,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty() && !is_stop_word(w, Lang::En) && !is_stop_word(w, Lang::Es))
        .map(str::to_string)
        .collect()
}

impl Bm25 {
    /// Indexes the fact texts of `kb`.
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
        let mut lengths = Vec::new();
        for (i, f) in kb.facts.iter().enumerate() {
            let (en, es) = (f.text(Lang::En), f.text(Lang::Es));
            let text = [en.title(), en.answer(), es.title(), es.answer()].join(" ");
            let words = tokens(&text);
            lengths.push(words.len() as f32);
            let mut counts: HashMap<String, u32> = HashMap::new();
            for w in words {
                *counts.entry(w).or_default() += 1;
            }
            for (w, c) in counts {
                postings.entry(w).or_default().push((i, c));
            }
        }
        let average = lengths.iter().sum::<f32>() / lengths.len().max(1) as f32;
        Bm25 {
            postings,
            lengths,
            average,
            ids: kb.facts.iter().map(|f| f.id.clone()).collect(),
        }
    }

    /// The best fact and its BM25 score.
    pub fn best(&self, question: &str) -> Option<(&str, f32)> {
        let n = self.lengths.len() as f32;
        let mut scores = vec![0.0f32; self.lengths.len()];
        for term in tokens(question) {
            let Some(list) = self.postings.get(&term) else {
                continue;
            };
            let df = list.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5)).ln_1p();
            for &(doc, tf) in list {
                let tf = tf as f32;
                let norm = K1 * (1.0 - B + B * self.lengths[doc] / self.average);
                scores[doc] += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        scores
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > 0.0)
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(i, s)| (self.ids[i].as_str(), *s))
    }
}

/// Replies of an answerer that declines below `threshold`.
pub fn reply(best: Option<(&str, f32)>, threshold: f32) -> Reply {
    match best {
        Some((id, score)) if score >= threshold => Reply {
            fact_id: Some(id.to_string()),
            confidence: score,
        },
        Some((_, score)) => Reply {
            fact_id: None,
            confidence: score,
        },
        None => Reply {
            fact_id: None,
            confidence: 0.0,
        },
    }
}

/// The threshold that maximises the share of `cases` handled right (ties: the lowest).
pub fn tune<'a>(cases: &[Case], best: impl Fn(&str) -> Option<(&'a str, f32)>) -> f32 {
    let scored: Vec<Option<(&str, f32)>> = cases.iter().map(|c| best(&c.q)).collect();
    let mut candidates: Vec<f32> = scored.iter().flatten().map(|(_, s)| *s).collect();
    candidates.push(f32::INFINITY);
    candidates.sort_by(f32::total_cmp);
    candidates.dedup();
    let mut best_threshold = f32::INFINITY;
    let mut best_score = f64::MIN;
    for t in candidates {
        let mut total = eval::Tally::default();
        for (case, best) in cases.iter().zip(&scored) {
            total.add(eval::judge(case, &reply(*best, t)), !case.expect.is_empty());
        }
        let score = (total.correct + total.declined) as f64;
        if score > best_score {
            best_score = score;
            best_threshold = t;
        }
    }
    best_threshold
}
