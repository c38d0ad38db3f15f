//! Usage counters for curators: what members ask, what the bot could not answer, and which
//! answers they found unhelpful — so curators know which facts to add or fix.
//!
//! Invariant: nothing here identifies a member. Only question texts (as typed, which members
//! chose to post publicly), fact ids and counts are kept; never user ids, names or channels.
//! Memory is bounded: each question table keeps at most `MAX_TRACKED` distinct questions.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::engine::{normalize, Outcome};
use crate::render::embed::UsageStats;

/// Distinct questions tracked per table; the rarest are forgotten first when it is full.
const MAX_TRACKED: usize = 500;
/// Characters of a question kept: enough to recognise it, bounded memory per entry.
const MAX_QUESTION_CHARS: usize = 200;

/// Counters since the bot started.
#[derive(Default)]
pub struct Stats {
    asked: AtomicU64,
    answered: AtomicU64,
    unsure: AtomicU64,
    declined: AtomicU64,
    helpful: AtomicU64,
    not_helpful: AtomicU64,
    // std Mutex: updated with a map insert, never held across an await.
    unanswered_questions: Mutex<Tally>,
    not_helpful_questions: Mutex<Tally>,
}

/// Question → (as first typed, count), keyed by the accent- and case-folded text so "¿Qué es
/// PTEC?" and "que es ptec" count as one.
#[derive(Default)]
struct Tally(HashMap<String, (String, u64)>);

impl Tally {
    fn add(&mut self, question: &str) {
        let shown: String = question.trim().chars().take(MAX_QUESTION_CHARS).collect();
        let key = normalize::fold(&shown);
        if key.is_empty() {
            return;
        }
        if !self.0.contains_key(&key) && self.0.len() >= MAX_TRACKED {
            // Forget the rarest (and, among equals, the alphabetically last) question.
            if let Some(victim) = self
                .0
                .iter()
                .min_by(|a, b| a.1 .1.cmp(&b.1 .1).then(b.0.cmp(a.0)))
                .map(|(k, _)| k.clone())
            {
                self.0.remove(&victim);
            }
        }
        self.0.entry(key).or_insert((shown, 0)).1 += 1;
    }

    fn top(&self, n: usize) -> Vec<(String, u64)> {
        let mut all: Vec<(String, u64)> = self.0.values().cloned().collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

impl Stats {
    /// Records one question and how the engine answered it.
    pub fn record_answer(&self, question: &str, outcome: Outcome) {
        self.asked.fetch_add(1, Ordering::Relaxed);
        match outcome {
            Outcome::Answered => {
                self.answered.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Outcome::Unsure => self.unsure.fetch_add(1, Ordering::Relaxed),
            Outcome::Declined => self.declined.fetch_add(1, Ordering::Relaxed),
        };
        lock(&self.unanswered_questions).add(question);
    }

    /// Records a helpful / not helpful click on the answer to `question`.
    pub fn record_feedback(&self, question: &str, helpful: bool) {
        if helpful {
            self.helpful.fetch_add(1, Ordering::Relaxed);
        } else {
            self.not_helpful.fetch_add(1, Ordering::Relaxed);
            lock(&self.not_helpful_questions).add(question);
        }
    }

    /// The counters now, with the `top` most frequent questions of each table.
    pub fn view(&self, top: usize) -> UsageStats {
        UsageStats {
            asked: self.asked.load(Ordering::Relaxed),
            answered: self.answered.load(Ordering::Relaxed),
            unsure: self.unsure.load(Ordering::Relaxed),
            declined: self.declined.load(Ordering::Relaxed),
            helpful: self.helpful.load(Ordering::Relaxed),
            not_helpful: self.not_helpful.load(Ordering::Relaxed),
            top_unanswered: lock(&self.unanswered_questions).top(top),
            top_not_helpful: lock(&self.not_helpful_questions).top(top),
        }
    }
}

/// A poisoned tally only means a panic mid-insert; its counts are still worth showing.
fn lock(m: &Mutex<Tally>) -> std::sync::MutexGuard<'_, Tally> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_outcomes_and_folds_repeated_questions() {
        let stats = Stats::default();
        stats.record_answer("When did Colombia join?", Outcome::Answered);
        stats.record_answer("¿Qué es Marte?", Outcome::Declined);
        stats.record_answer("que es marte", Outcome::Declined);
        stats.record_answer("pizza?", Outcome::Unsure);
        stats.record_feedback("What is CIDES?", false);
        stats.record_feedback("What is CIDES?", true);
        let view = stats.view(5);
        assert_eq!(
            (view.asked, view.answered, view.unsure, view.declined),
            (4, 1, 1, 2)
        );
        assert_eq!((view.helpful, view.not_helpful), (1, 1));
        assert_eq!(view.top_unanswered[0], ("¿Qué es Marte?".to_string(), 2));
        assert_eq!(
            view.top_not_helpful,
            vec![("What is CIDES?".to_string(), 1)]
        );
    }

    #[test]
    fn memory_stays_bounded() {
        let mut tally = Tally::default();
        for i in 0..(MAX_TRACKED + 50) {
            tally.add(&format!("question {i}"));
        }
        tally.add("question 3");
        assert!(tally.0.len() <= MAX_TRACKED);
        assert_eq!(tally.top(1)[0].1, 2);
    }
}
