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
            // Curators' text is trusted for content, not for markup: no mentions, no links.
            let mut description = match &answer.answered_part {
                Some(part) => format!(
                    "*{}: “{}”*\n\n{}",
                    l.answered_part,
                    truncate(&defuse(part), 200),
                    defuse(&answer.text)
                ),
                None => defuse(&answer.text),
            };
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
            let mut description = defuse(&answer.text);
            for s in &answer.suggestions {
                let _ = write!(description, "\n• {}", defuse(&s.question));
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

/// Usage counters since the bot started, as `/stats` shows them. Holds no member identity:
/// only counts and question texts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UsageStats {
    /// Questions asked.
    pub asked: u64,
    /// Answered with a sourced fact.
    pub answered: u64,
    /// Answered with "did you mean".
    pub unsure: u64,
    /// Answered with "I don't know".
    pub declined: u64,
    /// "Helpful" clicks.
    pub helpful: u64,
    /// "Not helpful" clicks.
    pub not_helpful: u64,
    /// Most frequent questions not answered, with their counts.
    pub top_unanswered: Vec<(String, u64)>,
    /// Most frequent questions whose answer was marked not helpful, with their counts.
    pub top_not_helpful: Vec<(String, u64)>,
}

/// Problems listed in a refused reload: enough to fix the first ones, short enough to read.
const RELOAD_PROBLEMS_SHOWN: usize = 10;

/// `/help`: what the bot knows (facts, sources, topics) and how to ask, with `examples`.
pub fn help(kb: &crate::knowledge::KnowledgeBase, examples: &[String], lang: Lang) -> EmbedSpec {
    let mut topics: Vec<&str> = kb
        .facts
        .iter()
        .flat_map(|f| f.topics.iter().copied())
        .collect();
    topics.sort_unstable();
    topics.dedup();
    let examples: String = examples
        .iter()
        .map(|q| format!("• {}", defuse(q)))
        .collect::<Vec<_>>()
        .join("\n");
    let (title, description, how, commands, topics_name, try_name) = match lang {
        Lang::En => (
            "enlace — NATO–Colombia relations",
            format!(
                "I answer questions about the partnership between NATO and Colombia from {} curated facts and {} sources, in English and Spanish. Every answer cites its sources; when I don't know, I say so.",
                kb.facts.len(),
                kb.sources.len()
            ),
            "• `/ask` with your question (suggestions appear as you type)\n• mention me with a question, or write to me in a direct message\n• right-click a message → Apps → **Ask enlace**",
            "`/ask` a question · `/timeline` dated events · `/sources` where the facts come from · `/help` this page",
            "Topics",
            "Try asking",
        ),
        Lang::Es => (
            "enlace — relaciones OTAN–Colombia",
            format!(
                "Respondo preguntas sobre la asociación entre la OTAN y Colombia a partir de {} datos curados y {} fuentes, en español e inglés. Cada respuesta cita sus fuentes; cuando no lo sé, lo digo.",
                kb.facts.len(),
                kb.sources.len()
            ),
            "• `/ask` con tu pregunta (verás sugerencias mientras escribes)\n• mencióname con una pregunta, o escríbeme por mensaje directo\n• clic derecho en un mensaje → Aplicaciones → **Ask enlace**",
            "`/ask` una pregunta · `/timeline` eventos con fecha · `/sources` de dónde vienen los datos · `/help` esta página",
            "Temas",
            "Prueba a preguntar",
        ),
    };
    let mut spec = EmbedSpec {
        title: title.to_string(),
        description,
        colour: COLOUR_ANSWER,
        ..EmbedSpec::default()
    };
    let how_name = match lang {
        Lang::En => "How to ask",
        Lang::Es => "Cómo preguntar",
    };
    let commands_name = match lang {
        Lang::En => "Commands",
        Lang::Es => "Comandos",
    };
    for (name, value) in [
        (how_name, how.to_string()),
        (commands_name, commands.to_string()),
        (topics_name, topics.join(", ")),
        (try_name, examples),
    ] {
        if !value.is_empty() {
            spec.fields.push(FieldSpec {
                name: name.to_string(),
                value,
                inline: false,
            });
        }
    }
    spec.fit()
}

/// `/stats`: counters and the questions curators should look at.
pub fn stats(usage: &UsageStats, facts: usize, version: u64, lang: Lang) -> EmbedSpec {
    let list = |items: &[(String, u64)]| -> String {
        if items.is_empty() {
            return "—".to_string();
        }
        items
            .iter()
            .map(|(q, n)| format!("{n}× {}", defuse(q)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (title, counts, unanswered, not_helpful) = match lang {
        Lang::En => (
            "Usage since start",
            format!(
                "Questions: **{}** · answered **{}** · did-you-mean **{}** · declined **{}**\nFeedback: 👍 **{}** · 👎 **{}**\nFacts live: {facts} (version {version})",
                usage.asked, usage.answered, usage.unsure, usage.declined, usage.helpful, usage.not_helpful
            ),
            "Most asked without an answer",
            "Most often marked not helpful",
        ),
        Lang::Es => (
            "Uso desde el inicio",
            format!(
                "Preguntas: **{}** · respondidas **{}** · ¿quisiste decir? **{}** · sin respuesta **{}**\nValoraciones: 👍 **{}** · 👎 **{}**\nDatos activos: {facts} (versión {version})",
                usage.asked, usage.answered, usage.unsure, usage.declined, usage.helpful, usage.not_helpful
            ),
            "Más preguntadas sin respuesta",
            "Más marcadas como no útiles",
        ),
    };
    EmbedSpec {
        title: title.to_string(),
        description: counts,
        fields: vec![
            FieldSpec {
                name: unanswered.to_string(),
                value: list(&usage.top_unanswered),
                inline: false,
            },
            FieldSpec {
                name: not_helpful.to_string(),
                value: list(&usage.top_not_helpful),
                inline: false,
            },
        ],
        colour: COLOUR_ANSWER,
        ..EmbedSpec::default()
    }
    .fit()
}

/// A successful `/reload`: counts before and after, ids added, removed and changed.
pub fn reloaded(summary: &crate::store::ReloadSummary, lang: Lang) -> EmbedSpec {
    let ids = |ids: &[String]| -> String {
        if ids.is_empty() {
            "—".to_string()
        } else {
            ids.join(", ")
        }
    };
    let (title, description, added, removed, changed, warnings) = match lang {
        Lang::En => (
            "Facts reloaded",
            format!(
                "Facts: {} → {} · Sources: {} → {} · now version {}",
                summary.facts_before,
                summary.facts_after,
                summary.sources_before,
                summary.sources_after,
                summary.version
            ),
            "Added",
            "Removed",
            "Changed",
            "Warnings",
        ),
        Lang::Es => (
            "Datos recargados",
            format!(
                "Datos: {} → {} · Fuentes: {} → {} · ahora versión {}",
                summary.facts_before,
                summary.facts_after,
                summary.sources_before,
                summary.sources_after,
                summary.version
            ),
            "Añadidos",
            "Eliminados",
            "Cambiados",
            "Avisos",
        ),
    };
    let mut spec = EmbedSpec {
        title: title.to_string(),
        description,
        colour: COLOUR_ANSWER,
        ..EmbedSpec::default()
    };
    for (name, list) in [
        (added, &summary.added),
        (removed, &summary.removed),
        (changed, &summary.changed),
    ] {
        spec.fields.push(FieldSpec {
            name: format!("{name} ({})", list.len()),
            value: ids(list),
            inline: false,
        });
    }
    if !summary.warnings.diagnostics.is_empty() {
        spec.fields.push(FieldSpec {
            name: format!("{warnings} ({})", summary.warnings.diagnostics.len()),
            value: summary
                .warnings
                .diagnostics
                .iter()
                .take(RELOAD_PROBLEMS_SHOWN)
                .map(|d| diagnostic_line(d, None))
                .collect::<Vec<_>>()
                .join("\n"),
            inline: false,
        });
    }
    spec.fit()
}

/// A refused `/reload`: the first problems as `file:line:column: message` (paths relative to
/// `base`, the knowledge folder), and the reassurance that the live facts are unchanged.
pub fn reload_refused(
    report: &crate::knowledge::Report,
    base: &std::path::Path,
    lang: Lang,
) -> EmbedSpec {
    let errors = report.error_count();
    let lines: Vec<String> = report
        .diagnostics
        .iter()
        .take(RELOAD_PROBLEMS_SHOWN)
        .map(|d| diagnostic_line(d, Some(base)))
        .collect();
    let more = report.diagnostics.len().saturating_sub(lines.len());
    let (title, kept, more_text) = match lang {
        Lang::En => (
            format!("Reload refused: {errors} error(s)"),
            "The live facts are unchanged. Fix these and run `/reload` again (`enlace check` lists every problem):",
            format!("…and {more} more."),
        ),
        Lang::Es => (
            format!("Recarga rechazada: {errors} error(es)"),
            "Los datos activos no cambiaron. Corrige esto y vuelve a usar `/reload` (`enlace check` lista todos los problemas):",
            format!("…y {more} más."),
        ),
    };
    let mut description = format!("{kept}\n{}", lines.join("\n"));
    if more > 0 {
        let _ = write!(description, "\n{more_text}");
    }
    EmbedSpec {
        title,
        description,
        colour: COLOUR_UNSURE,
        ..EmbedSpec::default()
    }
    .fit()
}

/// "`facts/x.json:12:5` error: message", the path relative to `base` when it is inside it.
fn diagnostic_line(d: &crate::knowledge::Diagnostic, base: Option<&std::path::Path>) -> String {
    let path = base
        .and_then(|b| d.path.strip_prefix(b).ok())
        .unwrap_or(&d.path);
    let mut location = path.display().to_string();
    if let Some(line) = d.line {
        let _ = write!(location, ":{line}");
        if let Some(column) = d.column {
            let _ = write!(location, ":{column}");
        }
    }
    let level = match d.severity {
        crate::knowledge::Severity::Error => "error",
        crate::knowledge::Severity::Warning => "warning",
    };
    format!(
        "`{}` {level}: {}",
        location.replace('`', "'"),
        defuse(&d.message)
    )
}
