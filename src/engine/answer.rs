//! What the engine gives back: plain, owned data every renderer can show the same way.
//!
//! "Nothing found" is an `Answer` too (outcome `Declined`), so every surface handles the honest
//! "I don't know" in the same code path as a real answer.

use crate::knowledge::{Lang, SourceKind};

/// How sure the engine is, and therefore what the user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A fact matched well: its answer is shown with its sources.
    Answered,
    /// Something matched weakly: "did you mean" questions are offered instead of an answer.
    Unsure,
    /// Nothing in the fact base answers it: an honest "I don't know" with suggestions.
    Declined,
}

/// A source as shown beside an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Source id.
    pub id: String,
    /// Title of the document.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Kind of publisher.
    pub kind: SourceKind,
    /// Link.
    pub url: String,
    /// Date at its own precision, ISO ("2018", "2018-05", "2018-05-31"), if any.
    pub date_iso: Option<String>,
    /// Date at its own precision, in the answer's language, if any.
    pub date: Option<String>,
}

/// A question the user can ask next (a "did you mean" or related question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The fact the question leads to.
    pub fact_id: String,
    /// The question, in the answer's language.
    pub question: String,
}

/// The engine's reply to one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// The language of the reply.
    pub language: Lang,
    /// Answered, unsure or declined.
    pub outcome: Outcome,
    /// The fact answered, when answered.
    pub fact_id: Option<String>,
    /// The fact's title, when answered.
    pub title: Option<String>,
    /// The text to show: the answer, or the honest "I don't know" / "did you mean" line.
    pub text: String,
    /// 0..1: how well the question matched the best fact.
    pub confidence: f32,
    /// The event date at its own precision, when the fact is an event.
    pub date: Option<String>,
    /// The sources the answer rests on (empty unless answered).
    pub citations: Vec<Citation>,
    /// Sources disagree on this fact; the text says who says what.
    pub disputed: bool,
    /// Every cited source is a press report.
    pub press_only: bool,
    /// "Did you mean" questions (unsure) or what the bot can answer (declined).
    pub suggestions: Vec<Suggestion>,
    /// Questions on related facts (answered).
    pub related: Vec<Suggestion>,
    /// The part of a question asking two things that the answer answers (see `clauses`):
    /// shown, so nobody takes it for an answer to the whole.
    pub answered_part: Option<String>,
}

impl Answer {
    /// True when the reply is a sourced answer.
    pub fn answered(&self) -> bool {
        self.outcome == Outcome::Answered
    }
}
