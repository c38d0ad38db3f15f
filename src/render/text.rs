//! Terminal text for `enlace chat` and `enlace ask`.

use std::fmt::Write;

use crate::engine::{Answer, Outcome, TimelineEntry};
use crate::knowledge::{Lang, Source};

use super::{citation_line, labels};

/// An answer as a block of terminal text.
pub fn answer(answer: &Answer) -> String {
    let l = labels(answer.language);
    let mut out = String::new();
    if let Some(part) = &answer.answered_part {
        let _ = writeln!(out, "({}: “{part}”)", l.answered_part);
    }
    let _ = writeln!(out, "{}", answer.text);
    match answer.outcome {
        Outcome::Answered => {
            if let Some(date) = &answer.date {
                let _ = writeln!(out, "  {}: {date}", l.date);
            }
            if answer.disputed {
                let _ = writeln!(out, "  ! {}", l.disputed);
            }
            let _ = writeln!(out, "{}:", l.sources);
            for (i, c) in answer.citations.iter().enumerate() {
                let _ = writeln!(out, "  [{}] {}", i + 1, citation_line(c));
                let _ = writeln!(out, "      {}", c.url);
            }
            if !answer.related.is_empty() {
                let _ = writeln!(out, "{}:", l.related);
                for s in &answer.related {
                    let _ = writeln!(out, "  - {}", s.question);
                }
            }
        }
        Outcome::Unsure | Outcome::Declined => {
            for s in &answer.suggestions {
                let _ = writeln!(out, "  - {}", s.question);
            }
        }
    }
    out
}

/// The timeline as terminal lines: date, title, sources.
pub fn timeline(entries: &[TimelineEntry], lang: Lang) -> String {
    let mut out = String::new();
    if entries.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::En => "No dated events match.",
                Lang::Es => "Ningún evento con fecha coincide.",
            }
        );
    }
    for e in entries {
        let mark = if e.disputed { " (!)" } else { "" };
        let _ = writeln!(out, "{:<22} {}{mark}", e.date_label, e.title);
        let ids: Vec<&str> = e.citations.iter().map(|c| c.id.as_str()).collect();
        let _ = writeln!(out, "{:<22} [{}]", "", ids.join(", "));
    }
    out
}

/// The source list as terminal lines.
pub fn sources(sources: &[Source], lang: Lang) -> String {
    let mut out = String::new();
    for s in sources {
        let date = s
            .date()
            .map(|d| d.display(lang))
            .unwrap_or_else(|| "—".to_string());
        let _ = writeln!(out, "{} ({}) — {}, {date}", s.title, s.id, s.publisher);
        let _ = writeln!(out, "    {}", s.url);
    }
    out
}
