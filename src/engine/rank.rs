//! Scoring: how well a question matches each fact, and when that is good enough to answer.
//!
//! Two signals, both in 0..1 and both weighted by how rare each word is (idf):
//! - coverage: how much of the question the fact accounts for (a question about Mexico is not
//!   covered by a fact about Colombia, however many other words they share);
//! - similarity: Dice overlap with the closest way curators wrote that people ask for the fact.
//!
//! Every weight is a named constant with its reason; tests are written against them.

use super::index::{Index, TermId};

/// Weight of coverage in the score: the question's meaning must be in the fact.
pub const COVERAGE_WEIGHT: f32 = 0.6;
/// Weight of similarity to a stored question: how people ask for the fact.
pub const SIMILARITY_WEIGHT: f32 = 0.4;
/// At or above this score the answer is given.
pub const ANSWER_AT: f32 = 0.5;
/// Between this and `ANSWER_AT` the user gets "did you mean" questions instead.
pub const SUGGEST_AT: f32 = 0.3;
/// Extra score demanded when the question names another country and not Colombia.
pub const OTHER_COUNTRY_MARGIN: f32 = 0.2;
/// A corrected typo counts a little less than the word typed right.
pub const FUZZY_DISCOUNT: f32 = 0.85;
/// Facts re-scored with the (costlier) similarity after the coverage pass.
pub const CANDIDATES: usize = 24;

/// One word of the question, resolved against the vocabulary.
#[derive(Debug, Clone)]
pub struct QueryTerm {
    /// The term, or None when no fact knows the word.
    pub term: Option<TermId>,
    /// Its weight (idf, discounted when corrected; `max_idf` when unknown).
    pub weight: f32,
    /// The word as folded from the question.
    pub word: String,
    /// The question names this country (and it is not Colombia).
    pub other_country: bool,
}

/// One fact's score for a question.
#[derive(Debug, Clone, Copy)]
pub struct Scored {
    /// Fact position.
    pub fact: usize,
    /// Combined score, 0..1.
    pub score: f32,
    /// Coverage part.
    pub coverage: f32,
    /// Similarity part.
    pub similarity: f32,
    /// Best stored question of the fact (index into `Index::questions`).
    pub best_question: usize,
}

/// Scores facts for the question's terms; best first, ties broken by fact order.
pub fn rank(index: &Index, terms: &[QueryTerm], facts: usize) -> Vec<Scored> {
    let total: f32 = terms.iter().map(|t| t.weight).sum();
    if total <= 0.0 || facts == 0 {
        return Vec::new();
    }
    let mut accumulated = vec![0.0f32; facts];
    let mut touched = Vec::new();
    for t in terms {
        let Some(term) = t.term else { continue };
        for &(fact, strength) in &index.postings[term as usize] {
            let slot = &mut accumulated[fact as usize];
            if *slot == 0.0 {
                touched.push(fact as usize);
            }
            *slot += t.weight * strength;
        }
    }
    touched.sort_unstable_by(|&a, &b| accumulated[b].total_cmp(&accumulated[a]).then(a.cmp(&b)));
    touched.truncate(CANDIDATES);

    let mut query: Vec<(TermId, f32)> = terms
        .iter()
        .filter_map(|t| t.term.map(|id| (id, t.weight)))
        .collect();
    query.sort_unstable_by_key(|&(t, _)| t);

    let mut scored: Vec<Scored> = touched
        .into_iter()
        .map(|fact| {
            let coverage = (accumulated[fact] / total).min(1.0);
            let (similarity, best_question) = best_question(index, fact, &query, total);
            Scored {
                fact,
                score: COVERAGE_WEIGHT * coverage + SIMILARITY_WEIGHT * similarity,
                coverage,
                similarity,
                best_question,
            }
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.fact.cmp(&b.fact)));
    scored
}

/// Weighted Dice similarity between the question and the fact's closest stored question.
fn best_question(index: &Index, fact: usize, query: &[(TermId, f32)], total: f32) -> (f32, usize) {
    let (start, _) = index.fact_questions[fact];
    let mut best = (0.0, start as usize);
    for (offset, stored) in index.questions_of(fact).iter().enumerate() {
        let shared: f32 = query
            .iter()
            .filter(|(t, _)| stored.terms.binary_search(t).is_ok())
            .map(|&(_, w)| w)
            .sum();
        let similarity = 2.0 * shared / (total + stored.weight).max(f32::EPSILON);
        if similarity > best.0 {
            best = (similarity, start as usize + offset);
        }
    }
    best
}
