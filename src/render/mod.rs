//! Answers and timeline entries → what each surface shows. Pure functions, no I/O.
//!
//! The terminal, the JSON CLI and Discord all render the same `Answer`, so they cannot
//! disagree about content; only layout and size limits differ.

pub mod embed;
pub mod json;
pub mod text;

use crate::engine::Citation;
use crate::knowledge::Lang;

/// Cuts `text` to at most `max` characters, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// "Title — Publisher, date" for one citation.
pub fn citation_line(citation: &Citation) -> String {
    match &citation.date {
        Some(date) => format!("{} — {}, {date}", citation.title, citation.publisher),
        None => format!("{} — {}", citation.title, citation.publisher),
    }
}

/// Fixed words of the interface, in each language.
pub struct Labels {
    /// Heading of the source list.
    pub sources: &'static str,
    /// Heading of related questions.
    pub related: &'static str,
    /// Note shown when sources disagree.
    pub disputed: &'static str,
    /// Label before an event's date.
    pub date: &'static str,
    /// Heading of suggestions after a decline.
    pub try_asking: &'static str,
    /// Before the part of a two-part question that an answer answers.
    pub answered_part: &'static str,
}

/// The labels for `lang`.
pub fn labels(lang: Lang) -> &'static Labels {
    const EN: Labels = Labels {
        sources: "Sources",
        related: "Related questions",
        disputed: "Sources disagree on this point; the answer says who says what.",
        date: "Date",
        try_asking: "Try asking",
        answered_part: "This answers only the first part of your question",
    };
    const ES: Labels = Labels {
        sources: "Fuentes",
        related: "Preguntas relacionadas",
        disputed: "Las fuentes no coinciden en este punto; la respuesta dice qué afirma cada una.",
        date: "Fecha",
        try_asking: "Prueba a preguntar",
        answered_part: "Esto responde solo a la primera parte de tu pregunta",
    };
    match lang {
        Lang::En => &EN,
        Lang::Es => &ES,
    }
}
