//! Discord-shaped replies without Discord types: `EmbedSpec` plus the limits Discord enforces.
//!
//! Everything is cut to Discord's limits here (title 256, description 4096, field name 256,
//! field value 1024, 25 fields, footer 2048, 6000 in all), so the bot adapter only converts.
//! Text that may echo a user (the question) is made harmless: no mass mentions, no pings.

use std::fmt::Write;

use crate::engine::{Answer, Outcome, TimelineEntry};
use crate::knowledge::{Lang, Source};

use super::{labels, truncate};

/// Discord's limit on an embed title.
pub const TITLE_MAX: usize = 256;
/// Discord's limit on an embed description.
pub const DESCRIPTION_MAX: usize = 4096;
/// Discord's limit on a field name.
pub const FIELD_NAME_MAX: usize = 256;
/// Discord's limit on a field value.
pub const FIELD_VALUE_MAX: usize = 1024;
/// Discord's limit on fields per embed.
pub const FIELDS_MAX: usize = 25;
/// Discord's limit on a footer.
pub const FOOTER_MAX: usize = 2048;
/// Discord's limit on all text of one embed.
pub const EMBED_TOTAL_MAX: usize = 6000;
/// Discord's limit on a message's content.
pub const CONTENT_MAX: usize = 2000;
/// Discord's limit on a button label.
pub const BUTTON_LABEL_MAX: usize = 80;
/// Timeline events per page: a page stays readable on a phone.
pub const TIMELINE_PAGE_SIZE: usize = 8;

/// Colour of an answer.
const COLOUR_ANSWER: u32 = 0x004990;
/// Colour of "did you mean" and "I don't know".
const COLOUR_UNSURE: u32 = 0xC8A400;

/// One embed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Field name.
    pub name: String,
    /// Field value.
    pub value: String,
    /// Shown side by side.
    pub inline: bool,
}

/// An embed, within Discord's limits once `fit` has run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedSpec {
    /// Title.
    pub title: String,
    /// Body.
    pub description: String,
    /// Fields in order.
    pub fields: Vec<FieldSpec>,
    /// Footer text.
    pub footer: String,
    /// Colour as 0xRRGGBB.
    pub colour: u32,
}

impl EmbedSpec {
    /// Characters Discord counts toward the 6000 total.
    pub fn total_chars(&self) -> usize {
        let count = |s: &str| s.chars().count();
        count(&self.title)
            + count(&self.description)
            + count(&self.footer)
            + self
                .fields
                .iter()
                .map(|f| count(&f.name) + count(&f.value))
                .sum::<usize>()
    }

    /// Cuts every part to Discord's limits, dropping trailing fields if the total is too long.
    pub fn fit(mut self) -> Self {
        self.title = truncate(&self.title, TITLE_MAX);
        self.description = truncate(&self.description, DESCRIPTION_MAX);
        self.footer = truncate(&self.footer, FOOTER_MAX);
        self.fields.truncate(FIELDS_MAX);
        for f in &mut self.fields {
            f.name = truncate(
                if f.name.is_empty() {
                    "\u{200b}"
                } else {
                    &f.name
                },
                FIELD_NAME_MAX,
            );
            f.value = truncate(
                if f.value.is_empty() {
                    "\u{200b}"
                } else {
                    &f.value
                },
                FIELD_VALUE_MAX,
            );
        }
        while self.total_chars() > EMBED_TOTAL_MAX && !self.fields.is_empty() {
            self.fields.pop();
        }
        if self.total_chars() > EMBED_TOTAL_MAX {
            let room = EMBED_TOTAL_MAX - self.title.chars().count() - self.footer.chars().count();
            self.description = truncate(&self.description, room);
        }
        self
    }
}

/// Makes text safe to echo into Discord: no mass mentions, no user/role/channel pings, no
/// masked links, even if allowed-mentions were ever misconfigured.
pub fn defuse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '@' => {
                out.push('@');
                out.push('\u{200b}');
            }
            '<' if matches!(chars.peek(), Some('@' | '#')) => {
                out.push('<');
                out.push('\u{200b}');
            }
            '`' | '*' | '_' | '~' | '|' | '>' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// The embed for an answer (answered, unsure or declined).
pub fn answer(answer: &Answer) -> EmbedSpec {
    let l = labels(answer.language);
    let mut spec = EmbedSpec {
        title: truncate(&defuse(&answer.question), 200),
        ..EmbedSpec::default()
    };
    match answer.outcome {
        Outcome::Answered => {
            spec.colour = COLOUR_ANSWER;
            let mut description = answer.text.clone();
            if let Some(date) = &answer.date {
                let _ = write!(description, "\n\n**{}:** {date}", l.date);
            }
            if answer.disputed {
                let _ = write!(description, "\n⚠️ {}", l.disputed);
            }
            spec.description = description;
            let lines: Vec<String> = answer
                .citations
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let date = c
                        .date
                        .as_deref()
                        .map(|d| format!(", {d}"))
                        .unwrap_or_default();
                    format!(
                        "{}. [{}]({}) — {}{date}",
                        i + 1,
                        link_text(&c.title),
                        c.url,
                        c.publisher
                    )
                })
                .collect();
            spec.fields = pack_lines(l.sources, &lines);
            spec.footer = format!(
                "{} · {}",
                answer.fact_id.as_deref().unwrap_or(""),
                match answer.language {
                    Lang::En => format!("match {:.0}%", answer.confidence * 100.0),
                    Lang::Es => format!("coincidencia {:.0}%", answer.confidence * 100.0),
                }
            );
        }
        Outcome::Unsure | Outcome::Declined => {
            spec.colour = COLOUR_UNSURE;
            let mut description = answer.text.clone();
            for s in &answer.suggestions {
                let _ = write!(description, "\n• {}", s.question);
            }
            let _ = write!(
                description,
                "\n\n{}",
                match answer.language {
                    Lang::En => "Browse every dated event with `/timeline`.",
                    Lang::Es => "Consulta todos los eventos con fecha con `/timeline`.",
                }
            );
            spec.description = description;
        }
    }
    spec.fit()
}

/// Splits lines into as few fields as Discord allows, each under the field value limit.
fn pack_lines(name: &str, lines: &[String]) -> Vec<FieldSpec> {
    let mut fields: Vec<FieldSpec> = Vec::new();
    let mut current = String::new();
    for line in lines {
        let line = truncate(line, FIELD_VALUE_MAX);
        if !current.is_empty()
            && current.chars().count() + 1 + line.chars().count() > FIELD_VALUE_MAX
        {
            fields.push(FieldSpec {
                name: if fields.is_empty() {
                    name.to_string()
                } else {
                    format!("{name} (+)")
                },
                value: std::mem::take(&mut current),
                inline: false,
            });
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(&line);
    }
    if !current.is_empty() {
        fields.push(FieldSpec {
            name: if fields.is_empty() {
                name.to_string()
            } else {
                format!("{name} (+)")
            },
            value: current,
            inline: false,
        });
    }
    fields
}

/// Text inside a markdown link must not close it early.
fn link_text(text: &str) -> String {
    text.replace(['[', ']'], "")
}

/// Number of timeline pages for `count` events.
pub fn timeline_pages(count: usize) -> usize {
    count.div_ceil(TIMELINE_PAGE_SIZE).max(1)
}

/// One page (0-based) of the timeline as an embed.
pub fn timeline_page(entries: &[TimelineEntry], page: usize, lang: Lang) -> EmbedSpec {
    let pages = timeline_pages(entries.len());
    let page = page.min(pages - 1);
    let start = page * TIMELINE_PAGE_SIZE;
    let mut spec = EmbedSpec {
        title: match lang {
            Lang::En => "NATO–Colombia timeline".to_string(),
            Lang::Es => "Cronología OTAN–Colombia".to_string(),
        },
        colour: COLOUR_ANSWER,
        footer: match lang {
            Lang::En => format!("Page {} of {} · {} events", page + 1, pages, entries.len()),
            Lang::Es => format!(
                "Página {} de {} · {} eventos",
                page + 1,
                pages,
                entries.len()
            ),
        },
        ..EmbedSpec::default()
    };
    if entries.is_empty() {
        spec.description = match lang {
            Lang::En => "No dated events match these filters.".to_string(),
            Lang::Es => "Ningún evento con fecha coincide con estos filtros.".to_string(),
        };
    }
    for e in entries.iter().skip(start).take(TIMELINE_PAGE_SIZE) {
        let sources: Vec<String> = e
            .citations
            .iter()
            .map(|c| format!("[{}]({})", link_text(&c.publisher), c.url))
            .collect();
        let mark = if e.disputed { " ⚠️" } else { "" };
        spec.fields.push(FieldSpec {
            name: format!("{}{mark}", e.date_label),
            value: format!("{}\n{}", e.title, sources.join(" · ")),
            inline: false,
        });
    }
    spec.fit()
}

/// The source list as embeds (several when it does not fit one).
pub fn sources(sources: &[Source], lang: Lang) -> Vec<EmbedSpec> {
    let lines: Vec<String> = sources
        .iter()
        .map(|s| {
            let date = s
                .date()
                .map(|d| d.display(lang))
                .unwrap_or_else(|| "—".into());
            format!(
                "[{}]({}) — {}, {date}",
                link_text(&s.title),
                s.url,
                s.publisher
            )
        })
        .collect();
    let fields = pack_lines(labels(lang).sources, &lines);
    let mut embeds = Vec::new();
    let mut current = EmbedSpec {
        title: match lang {
            Lang::En => format!("{} sources", sources.len()),
            Lang::Es => format!("{} fuentes", sources.len()),
        },
        colour: COLOUR_ANSWER,
        ..EmbedSpec::default()
    };
    for field in fields {
        let size = field.name.chars().count() + field.value.chars().count();
        if current.fields.len() >= FIELDS_MAX || current.total_chars() + size > EMBED_TOTAL_MAX {
            embeds.push(std::mem::take(&mut current).fit());
            current.colour = COLOUR_ANSWER;
            current.title = labels(lang).sources.to_string();
        }
        current.fields.push(field);
    }
    embeds.push(current.fit());
    embeds
}
