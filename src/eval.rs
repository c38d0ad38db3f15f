//! Measuring answer quality on a question file, so a curator sees what a change does.
//!
//! A question file is JSON lines: `{"q": "...", "expect": ["fact-id", ...], "kind": "typo"}`.
//! An empty `expect` means the bot should decline. The figures are per kind, because a change
//! that helps paraphrases but breaks Spanish must show.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::{Answer, Engine, Query};

/// One test question.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The question, written as a user would.
    pub q: String,
    /// Fact ids that count as a correct answer; empty when the bot should decline.
    #[serde(default)]
    pub expect: Vec<String>,
    /// paraphrase, typo, spanish, nuance, disagreement, out_of_scope, near_miss...
    pub kind: String,
}

/// How one case went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Answered with an expected fact.
    Correct,
    /// Declined (or offered "did you mean") when it should have declined.
    RightlyDeclined,
    /// Answered with a fact that was not expected, or answered when it should decline.
    Wrong,
    /// Did not answer a question it should have answered.
    Missed,
}

/// What any answerer (enlace or a baseline) did with one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The fact it answered with; None when it declined or only suggested.
    pub fact_id: Option<String>,
    /// Its confidence, 0..1.
    pub confidence: f32,
}

impl From<&Answer> for Reply {
    fn from(answer: &Answer) -> Self {
        Reply {
            fact_id: answer.fact_id.clone().filter(|_| answer.answered()),
            confidence: answer.confidence,
        }
    }
}

/// Judges one reply against its case.
pub fn judge(case: &Case, reply: &Reply) -> Verdict {
    match (case.expect.is_empty(), &reply.fact_id) {
        (true, None) => Verdict::RightlyDeclined,
        (true, Some(_)) => Verdict::Wrong,
        (false, None) => Verdict::Missed,
        (false, Some(id)) => {
            if case.expect.contains(id) {
                Verdict::Correct
            } else {
                Verdict::Wrong
            }
        }
    }
}

/// Counts for one kind of question (or for all).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Questions that have an answer.
    pub answerable: usize,
    /// Of those, answered with an expected fact.
    pub correct: usize,
    /// Questions that should be declined.
    pub unanswerable: usize,
    /// Of those, declined.
    pub declined: usize,
    /// Answered with a wrong fact, or answered when it should have declined.
    pub wrong: usize,
}

impl Tally {
    /// Counts one verdict.
    pub fn add(&mut self, verdict: Verdict, answerable: bool) {
        if answerable {
            self.answerable += 1;
        } else {
            self.unanswerable += 1;
        }
        match verdict {
            Verdict::Correct => self.correct += 1,
            Verdict::RightlyDeclined => self.declined += 1,
            Verdict::Wrong => self.wrong += 1,
            Verdict::Missed => {}
        }
    }

    /// Share of answerable questions answered correctly (1 when there are none).
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.answerable)
    }

    /// Share of unanswerable questions declined (1 when there are none).
    pub fn decline_rate(&self) -> f64 {
        ratio(self.declined, self.unanswerable)
    }

    /// Share of all questions answered confidently and wrongly.
    pub fn wrong_rate(&self) -> f64 {
        let total = self.answerable + self.unanswerable;
        if total == 0 {
            0.0
        } else {
            self.wrong as f64 / total as f64
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A failed case, for the curator to look at.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The question.
    pub q: String,
    /// Its kind.
    pub kind: String,
    /// What was expected (empty: a decline).
    pub expect: Vec<String>,
    /// What the bot answered (None: it did not answer).
    pub got: Option<String>,
    /// Its confidence.
    pub confidence: f32,
}

/// The figures of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Per kind.
    pub kinds: BTreeMap<String, Tally>,
    /// All questions together.
    pub total: Tally,
    /// Every case that did not go right.
    pub failures: Vec<Failure>,
}

/// Runs every case through `ask` and tallies the verdicts.
pub fn run(cases: &[Case], ask: impl Fn(&str) -> Reply) -> Report {
    let mut report = Report::default();
    for case in cases {
        let answer = ask(&case.q);
        let verdict = judge(case, &answer);
        let answerable = !case.expect.is_empty();
        report
            .kinds
            .entry(case.kind.clone())
            .or_default()
            .add(verdict, answerable);
        report.total.add(verdict, answerable);
        if matches!(verdict, Verdict::Wrong | Verdict::Missed) {
            report.failures.push(Failure {
                q: case.q.clone(),
                kind: case.kind.clone(),
                expect: case.expect.clone(),
                got: answer.fact_id.clone(),
                confidence: answer.confidence,
            });
        }
    }
    report
}

/// Runs the cases against the engine with default settings.
pub fn run_engine(cases: &[Case], engine: &Engine) -> Report {
    run(cases, |q| Reply::from(&engine.ask(&Query::new(q))))
}

/// Parses a question file (JSON lines; blank lines and lines starting with `//` are skipped).
pub fn parse_cases(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<14} {:>6} {:>9} {:>8} {:>9} {:>7}",
            "kind", "asked", "correct", "decline", "declined", "wrong"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, t: &Tally| {
            let correct = if t.answerable > 0 {
                format!("{:.1}%", 100.0 * t.accuracy())
            } else {
                "—".into()
            };
            let declined = if t.unanswerable > 0 {
                format!("{:.1}%", 100.0 * t.decline_rate())
            } else {
                "—".into()
            };
            writeln!(
                f,
                "{:<14} {:>6} {:>9} {:>8} {:>9} {:>6.1}%",
                name,
                t.answerable + t.unanswerable,
                correct,
                t.unanswerable,
                declined,
                100.0 * t.wrong_rate()
            )
        };
        for (kind, tally) in &self.kinds {
            row(f, kind, tally)?;
        }
        row(f, "ALL", &self.total)
    }
}
