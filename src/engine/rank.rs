//! Scoring: how well a question matches each fact, and when that is good enough to answer.
//!
//! Two signals, both in 0..1 and both weighted by how rare each word is (idf):
//! - coverage: how much of the question the fact accounts for (a question about Mexico is not
//!   covered by a fact about Colombia, however many other words they share);
//! - similarity: overlap with the closest way curators wrote that people ask for the fact, an
//!   F-measure that counts the question's words twice as much as the stored question's extra
//!   words (a stored question may say more than the user typed; the reverse matters more).
//!
//! Every weight is a named constant with its reason; tests are written against them.

use super::index::{Index, TermId};

/// Weight of coverage in the score: the question's meaning must be in the fact.
pub const COVERAGE_WEIGHT: f32 = 0.6;
/// Weight of similarity to a stored question: how people ask for the fact.
pub const SIMILARITY_WEIGHT: f32 = 0.4;
/// How much more the question's own words count than a stored question's extra words in the
/// similarity (β² of an F-measure; 1 would be plain Dice).
pub const RECALL_EMPHASIS: f32 = 2.0;
/// At or above this score the answer is given.
pub const ANSWER_AT: f32 = 0.55;
/// A long question asks with words of its own that no fact has ("In my paper I argue…", "How
/// should I answer that?"), so even its right fact covers less of it than a short question's
/// right fact covers of that one: the score to answer falls by up to this much as the question
/// grows from `LONG_FROM` to `LONG_AT` content words. Among the development questions left
/// unanswered, those of 18 words or more whose best fact scored 0.35 or more were that
/// fact's question 27 times out of 31.
pub const LONG_RELIEF: f32 = 0.2;
/// Content words (not stop words, not intents) up to which a question gets no relief...
pub const LONG_FROM: usize = 6;
/// ...and from which it gets all of it.
pub const LONG_AT: usize = 12;
/// A long question that names Colombia is about what this bot knows: its words of its own are
/// framing ("my uncle says…", "Palma writes that…"), not a sign of another subject, which is
/// what the bar mostly guards against: of the development questions with seven content words
/// or more that name Colombia, 231 are answerable and 16 are not (of the out-of-scope ones, 17
/// in 129 name Colombia at all). So from `COLOMBIA_RELIEF_FROM` content words it needs this
/// much less again. On the development sets: seven more of dev6's long questions answered
/// right, one more of dev5's answered wrong, no decline lost.
pub const COLOMBIA_RELIEF: f32 = 0.1;
/// Content words from which a question naming Colombia gets `COLOMBIA_RELIEF`.
pub const COLOMBIA_RELIEF_FROM: usize = 7;
/// Between this and `ANSWER_AT` the user gets "did you mean" questions instead.
pub const SUGGEST_AT: f32 = 0.3;
/// Extra score demanded when the question names another country and not Colombia.
pub const OTHER_COUNTRY_MARGIN: f32 = 0.1;
/// Share of the rarest word's weight that a word no fact knows weighs: it counts against every
/// fact ("Vilnius", "Quijote"), but a little less than a rare word that is there, since some
/// unknown words are slips no correction caught ("becum").
pub const UNKNOWN_WORD_SHARE: f32 = 0.8;
/// A question word this heavy (a name, a rare noun: about idf 2, or a word no fact knows) that
/// the best fact lacks entirely makes the answer doubtful...
pub const UNMATCHED_WEIGHT: f32 = 2.0;
/// ...and the score must clear `ANSWER_AT` by this much...
pub const UNMATCHED_MARGIN: f32 = 0.1;
/// ...when that word is at least this share of the question's weight. In a long question one
/// missing word ("Why did Colombia *bother* getting CIDES certified?") is the asker's own
/// phrasing; in a short one ("Who is CIDES's *commandant*?") it is what is asked.
pub const UNMATCHED_SHARE: f32 = 0.2;
/// A corrected word counts as typed when it keeps this share of its weight: long words
/// ("tolemiada") yes, short ones that could be anything ("arepas" → "areas") no.
pub const TRUSTED_CREDIT: f32 = 0.6;
/// A corrected typo earns a little less than the word typed right.
pub const FUZZY_DISCOUNT: f32 = 0.85;
/// Credit of a fact word guessed for a word of the language typed as such ("joke" → "jose"):
/// under `TRUSTED_CREDIT`, so the guess is offered as "did you mean", never asserted alone.
pub const REAL_WORD_CREDIT: f32 = 0.5;
/// How likely a one-edit correction of a word of up to six letters is right ("arepas" is one
/// edit from "areas"): the rest of the time the word was unknown, and weighs as such.
pub const SHORT_CORRECTION_TRUST: f32 = 0.6;
/// How likely a correction of a longer word is right ("oberamergau", "terrorisim").
pub const LONG_CORRECTION_TRUST: f32 = 0.85;
/// Floor on a word's weight: a word in nearly every fact ("NATO", "Colombia") still says the
/// question is on topic, and "Is Colombia in NATO?" must not weigh nothing.
pub const MIN_TERM_WEIGHT: f32 = 0.4;
/// A word weighing less than this appears in about a quarter of the facts or more ("NATO",
/// "Colombia", "partner"): on its own it does not say which fact is meant.
pub const SPECIFIC_WEIGHT: f32 = 1.2;
/// Similarity to a stored question at which a question made only of common words is still
/// answered: someone asked exactly what curators wrote ("Is Colombia in NATO?").
pub const EXACT_SIMILARITY: f32 = 0.9;
/// Similarity at which a question of common words is still answered when no other fact comes
/// near (see `CLEAR_LEAD`): "colombia nato partner since wat year" is the stored "since when is
/// Colombia a NATO partner" in other words, and nothing else is close.
pub const CLOSE_SIMILARITY: f32 = 0.7;
/// How far ahead of the second fact the best must score for `CLOSE_SIMILARITY` to do.
pub const CLEAR_LEAD: f32 = 0.1;
/// The word a "who" or "how many" question asks about is rarer in everyday language than
/// this Zipf frequency: "who was *part* of the delegation" asks about the delegation, and
/// "part", "first" or "people" are how the question is put ("director", at 5.2, is asked about).
pub const PHRASING_ZIPF: f32 = 5.7;
/// ...and weighs at least this in the fact base: "how many *Colombian* officers" asks about
/// the officers, since nearly every fact is Colombian.
pub const FOCUS_WEIGHT: f32 = 1.0;
/// Weight of a question word's intent (when, who, where, why, how many): it separates facts
/// that share their content words, without outweighing any of them.
pub const INTENT_WEIGHT: f32 = 0.75;

/// One word of the question, resolved against the vocabulary.
#[derive(Debug, Clone)]
pub struct QueryTerm {
    /// The term, or None when no fact knows the word.
    pub term: Option<TermId>,
    /// What the word weighs in the question: its term's weight, `max_idf` when no fact knows
    /// it, and in between for a corrected typo (the correction may be wrong).
    pub weight: f32,
    /// What a fact earns by containing the term (less than `weight` for a corrected typo).
    pub credit: f32,
    /// The word as folded from the question.
    pub word: String,
    /// The question names this country (and it is not Colombia).
    pub other_country: bool,
}

impl QueryTerm {
    /// A word found as it is in the vocabulary: it weighs and earns its term's weight.
    pub fn known(term: TermId, weight: f32, word: String, other_country: bool) -> Self {
        QueryTerm {
            term: Some(term),
            weight,
            credit: weight,
            word,
            other_country,
        }
    }

    /// A word no fact holds: it weighs `weight` in the question and earns nothing anywhere.
    pub fn unknown(word: String, weight: f32, other_country: bool) -> Self {
        QueryTerm {
            term: None,
            weight,
            credit: 0.0,
            word,
            other_country,
        }
    }
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

/// Facts kept after scoring: enough for an answer, its related questions, "did you mean" and a
/// page of autocomplete.
pub const KEPT: usize = 32;

/// Per-thread buffers, as long as the fact base is large, reused by every question: a
/// question touches few facts, so only those entries are reset afterwards.
#[derive(Default)]
struct Scratch {
    covered: Vec<f32>,
    shared: Vec<f32>,
    best: Vec<(f32, u32)>,
    /// The facts and stored questions a question touched, one bit each. Bits rather than
    /// lists: they are then read in order, so `covered`, `shared`, `best` and the stored
    /// questions are read front to back instead of at random, which on a large base (where a
    /// common word touches hundreds of thousands of stored questions) is most of the cost.
    touched: Vec<u64>,
    touched_questions: Vec<u64>,
    /// The touched facts that may be among the best `KEPT`.
    ranked: Vec<Scored>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Marks `item` in a bit set.
fn mark(bits: &mut [u64], item: usize) {
    bits[item / 64] |= 1 << (item % 64);
}

/// Calls `visit` on every item of a bit set, in order, and empties the set.
fn drain_bits(bits: &mut [u64], mut visit: impl FnMut(usize)) {
    for (word, slot) in bits.iter_mut().enumerate() {
        let mut set = std::mem::take(slot);
        while set != 0 {
            visit(word * 64 + set.trailing_zeros() as usize);
            set &= set - 1;
        }
    }
}

/// Scores facts for the question's terms; the best `KEPT`, best first, ties by fact order.
///
/// One pass over the postings accumulates, per fact, the weight of the question it covers, and
/// per stored question, the weight it shares with the question; every posting is read. Only
/// the scoring that follows is cut short, exactly: a fact that cannot beat the facts already
/// kept is never turned into a `Scored`.
pub fn rank(index: &Index, terms: &[QueryTerm], facts: usize) -> Vec<Scored> {
    let total: f32 = terms.iter().map(|t| t.weight).sum();
    if total <= 0.0 || facts == 0 {
        return Vec::new();
    }
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let Scratch {
            covered,
            shared,
            best,
            touched,
            touched_questions,
            ranked,
        } = &mut *scratch;
        if covered.len() < facts {
            covered.resize(facts, 0.0);
            best.resize(facts, (0.0, u32::MAX));
            touched.resize(facts.div_ceil(64), 0);
        }
        let questions = index.question_weights.len();
        if shared.len() < questions {
            shared.resize(questions, 0.0);
            touched_questions.resize(questions.div_ceil(64), 0);
        }
        for t in terms {
            let Some(term) = t.term else { continue };
            index.postings.for_each(term, |posting| {
                let (fact, strength) = super::index::unpack(posting);
                mark(touched, fact as usize);
                covered[fact as usize] += t.credit * strength;
            });
            index.question_postings.for_each(term, |q| {
                mark(touched_questions, q as usize);
                shared[q as usize] += t.credit;
            });
        }
        // Stored questions are read in order, so the facts they ask for are too.
        let mut fact = 0;
        drain_bits(touched_questions, |q| {
            while index.fact_questions[fact + 1] as usize <= q {
                fact += 1;
            }
            let similarity = (1.0 + RECALL_EMPHASIS) * shared[q]
                / (RECALL_EMPHASIS * total + index.question_weights[q]).max(f32::EPSILON);
            shared[q] = 0.0;
            let slot = &mut best[fact];
            if similarity > slot.0 || (similarity == slot.0 && (q as u32) < slot.1) {
                *slot = (similarity, q as u32);
            }
        });
        // Facts are read in order, so a fact scoring no more than the worst of `KEPT` facts
        // already read can never be kept (ties go to the earlier fact): only the others are
        // gathered, and the gathering is cut back to `KEPT` now and then. A common word
        // ("partner") can touch every fact of a large base.
        const CUT_BACK_AT: usize = 8 * KEPT;
        let order = |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.fact.cmp(&b.fact));
        let mut cutoff = f32::NEG_INFINITY;
        ranked.clear();
        drain_bits(touched, |fact| {
            let coverage = coverage_of(covered[fact], total);
            let (similarity, q) = best[fact];
            covered[fact] = 0.0;
            best[fact] = (0.0, u32::MAX);
            let score = score_of(coverage, similarity);
            if score <= cutoff {
                return;
            }
            let best_question = if q == u32::MAX {
                index.fact_questions[fact] as usize
            } else {
                q as usize
            };
            ranked.push(Scored {
                fact,
                score,
                coverage,
                similarity,
                best_question,
            });
            if ranked.len() == CUT_BACK_AT {
                ranked.select_nth_unstable_by(KEPT - 1, order);
                ranked.truncate(KEPT);
                cutoff = ranked[KEPT - 1].score;
            }
        });
        if ranked.len() > KEPT {
            ranked.select_nth_unstable_by(KEPT, order);
            ranked.truncate(KEPT);
        }
        ranked.sort_unstable_by(order);
        ranked.clone()
    })
}

/// How much lower than `ANSWER_AT` the score to answer a question of `words` content words is
/// (see `LONG_RELIEF` and `COLOMBIA_RELIEF`).
pub fn long_question_relief(words: usize, names_colombia: bool) -> f32 {
    let grown = words.saturating_sub(LONG_FROM) as f32 / (LONG_AT - LONG_FROM) as f32;
    let in_subject = if names_colombia && words >= COLOMBIA_RELIEF_FROM {
        COLOMBIA_RELIEF
    } else {
        0.0
    };
    LONG_RELIEF * grown.min(1.0) + in_subject
}

/// Coverage, 0..1, of a fact covering `covered` of a question weighing `total`.
fn coverage_of(covered: f32, total: f32) -> f32 {
    (covered / total).min(1.0)
}

/// The combined score of a fact's coverage and best similarity.
fn score_of(coverage: f32, similarity: f32) -> f32 {
    COVERAGE_WEIGHT * coverage + SIMILARITY_WEIGHT * similarity.min(1.0)
}
