//! The JSON contract of `enlace ask --json`: its own serde types, stable for scripts.
//!
//! Fields are only ever added, never renamed or removed.

use serde::Serialize;

use crate::engine::{Answer, Outcome, TimelineEntry};
use crate::knowledge::Source;

/// One answer as JSON.
#[derive(Serialize, Debug)]
pub struct AnswerJson {
    /// True when a sourced answer was given.
    pub answered: bool,
    /// "answered", "unsure" or "declined".
    pub outcome: &'static str,
    /// The answer text, or the honest "I don't know" line, in `language`.
    pub answer: String,
    /// "en" or "es".
    pub language: &'static str,
    /// The fact answered, or null.
    pub fact_id: Option<String>,
    /// 0..1.
    pub confidence: f32,
    /// The sources of the answer.
    pub sources: Vec<SourceJson>,
    /// "Did you mean" or "you could ask" questions.
    pub suggestions: Vec<String>,
    /// Questions on related facts.
    pub related: Vec<String>,
    /// Sources disagree on this fact.
    pub disputed: bool,
    /// The event date at its own precision, if the fact is an event.
    pub date: Option<String>,
    /// The question as asked.
    pub question: String,
    /// The part of a question asking two things that the answer answers, or null.
    pub answered_part: Option<String>,
}

/// A cited source as JSON.
#[derive(Serialize, Debug)]
pub struct SourceJson {
    /// Source id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Kind of publisher.
    pub kind: &'static str,
    /// Link.
    pub url: String,
    /// Date at its own precision ("2018", "2018-05", "2018-05-31"), or null.
    pub date: Option<String>,
}

/// The JSON form of an answer.
pub fn answer(answer: &Answer) -> AnswerJson {
    AnswerJson {
        answered: answer.answered(),
        outcome: match answer.outcome {
            Outcome::Answered => "answered",
            Outcome::Unsure => "unsure",
            Outcome::Declined => "declined",
        },
        answer: answer.text.clone(),
        language: answer.language.code(),
        fact_id: answer.fact_id.clone(),
        confidence: (answer.confidence * 1000.0).round() / 1000.0,
        sources: answer
            .citations
            .iter()
            .map(|c| SourceJson {
                id: c.id.clone(),
                title: c.title.clone(),
                publisher: c.publisher.clone(),
                kind: c.kind.code(),
                url: c.url.clone(),
                date: c.date_iso.clone(),
            })
            .collect(),
        suggestions: answer
            .suggestions
            .iter()
            .map(|s| s.question.clone())
            .collect(),
        related: answer.related.iter().map(|s| s.question.clone()).collect(),
        disputed: answer.disputed,
        date: answer.date.clone(),
        question: answer.question.clone(),
        answered_part: answer.answered_part.clone(),
    }
}

/// One timeline entry as JSON.
#[derive(Serialize, Debug)]
pub struct TimelineJson {
    /// The fact it comes from.
    pub fact_id: String,
    /// ISO date at its own precision.
    pub date: String,
    /// ISO end date, for multi-day events.
    pub date_end: Option<String>,
    /// "year", "month" or "day".
    pub precision: &'static str,
    /// True when the source only implies the date.
    pub approximate: bool,
    /// The date as shown.
    pub label: String,
    /// One-line title.
    pub title: String,
    /// Source ids.
    pub sources: Vec<String>,
    /// Sources disagree.
    pub disputed: bool,
}

/// The JSON form of a timeline entry.
pub fn timeline_entry(entry: &TimelineEntry) -> TimelineJson {
    let start = entry.date.start;
    TimelineJson {
        fact_id: entry.fact_id.clone(),
        date: start.iso(),
        date_end: entry.date.end.map(|d| d.iso()),
        precision: match (start.month, start.day) {
            (None, _) => "year",
            (Some(_), None) => "month",
            _ => "day",
        },
        approximate: entry.date.approximate,
        label: entry.date_label.clone(),
        title: entry.title.clone(),
        sources: entry.citations.iter().map(|c| c.id.clone()).collect(),
        disputed: entry.disputed,
    }
}

/// A source as JSON for `enlace sources --json`.
#[derive(Serialize, Debug)]
pub struct SourceListJson {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Kind.
    pub kind: &'static str,
    /// Link.
    pub url: String,
    /// Publication date at its precision, or null.
    pub published: Option<String>,
    /// Last update at its precision, or null.
    pub updated: Option<String>,
    /// Language of the stored copy.
    pub language: String,
    /// Curators' caution.
    pub note: Option<String>,
}

/// The JSON form of a source.
pub fn source(source: &Source) -> SourceListJson {
    SourceListJson {
        id: source.id.clone(),
        title: source.title.clone(),
        publisher: source.publisher.clone(),
        kind: source.kind.code(),
        url: source.url.clone(),
        published: source.published.map(|d| d.iso()),
        updated: source.updated.map(|d| d.iso()),
        language: source.language.clone(),
        note: source.note.clone(),
    }
}
