//! Mechanical conversion from the pure renderers' output to serenity builders, and the buttons.
//!
//! `render::embed` decides what an answer says and cuts it to Discord's limits; this module only
//! maps `EmbedSpec` to `CreateEmbed` and lays out buttons. Every button carries an `Action` in
//! its custom id (at most 100 characters), which `events` parses back when it is clicked, so the
//! bot keeps no per-message state. Every reply uses `no_mentions()`: nobody is ever pinged.

use poise::serenity_prelude as serenity;
use serenity::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter,
};

use crate::engine::Answer;
use crate::knowledge::Lang;
use crate::render::embed::{EmbedSpec, BUTTON_LABEL_MAX};
use crate::render::truncate;

/// A question with Discord's mention syntax (`<@id>`, `<@!id>`, `<@&id>`, `<#id>`) and mass
/// mentions removed: they say who is addressed, never what is asked, and their digits would
/// only be noise to the matcher.
pub fn without_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let body = tail[1..].trim_start_matches(['@', '!', '&', '#']);
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let is_mention = tail.len() > 1
            && matches!(tail.as_bytes()[1], b'@' | b'#')
            && digits > 0
            && body[digits..].starts_with('>');
        if is_mention {
            rest = &body[digits + 1..];
            out.push(' ');
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out.replace("@everyone", " ")
        .replace("@here", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Discord's limit on a component's custom id.
pub const CUSTOM_ID_MAX: usize = 100;
/// Discord's limit on buttons in one action row.
pub const BUTTONS_PER_ROW: usize = 5;
/// Discord's limit on action rows in one message.
pub const ROWS_MAX: usize = 5;
/// Characters of a timeline topic kept in a page button's custom id.
pub const TOPIC_IN_ID_MAX: usize = 40;

/// The reply language a Discord locale ("es-ES", "es-419", "en-US") asks for, if we speak it.
pub fn locale_hint(locale: Option<&str>) -> Option<Lang> {
    locale.and_then(Lang::from_code)
}

/// The interface language for a locale: Spanish for Spanish locales, English otherwise.
pub fn locale_lang(locale: Option<&str>) -> Lang {
    locale_hint(locale).unwrap_or(Lang::En)
}

/// Allowed mentions that allow nothing: no @everyone/@here, no roles, no users, no reply ping.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

/// `EmbedSpec` (already within limits) → serenity embed.
pub fn embed(spec: &EmbedSpec) -> CreateEmbed {
    let mut embed = CreateEmbed::new().colour(spec.colour);
    if !spec.title.is_empty() {
        embed = embed.title(&spec.title);
    }
    if !spec.description.is_empty() {
        embed = embed.description(&spec.description);
    }
    for field in &spec.fields {
        embed = embed.field(&field.name, &field.value, field.inline);
    }
    if !spec.footer.is_empty() {
        embed = embed.footer(CreateEmbedFooter::new(&spec.footer));
    }
    embed
}

/// What a button does when clicked, encoded in its custom id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Ask the question of this fact (a related or "did you mean" question), in `lang`.
    Ask {
        /// Reply language.
        lang: Lang,
        /// The fact the question leads to.
        fact_id: String,
    },
    /// Feedback on the answer from this fact.
    Feedback {
        /// Helpful or not.
        helpful: bool,
        /// The fact answered.
        fact_id: String,
    },
    /// Delete this answer; only `asker` may.
    Delete {
        /// The member who asked.
        asker: u64,
    },
    /// Show another timeline page; only `asker` may turn pages.
    Timeline {
        /// The member who asked.
        asker: u64,
        /// 0-based page to show.
        page: usize,
        /// Reply language.
        lang: Lang,
        /// First year.
        from: Option<u16>,
        /// Last year.
        to: Option<u16>,
        /// Topic filter (possibly shortened to fit the id).
        topic: Option<String>,
        /// Which button ("p" previous or "n" next): two buttons need two ids.
        next: bool,
    },
}

impl Action {
    /// The custom id, or `None` when it would exceed Discord's 100 characters.
    pub fn custom_id(&self) -> Option<String> {
        let opt = |v: Option<u16>| v.map(|y| y.to_string()).unwrap_or_default();
        let id = match self {
            Action::Ask { lang, fact_id } => format!("q:{}:{fact_id}", lang.code()),
            Action::Feedback { helpful, fact_id } => {
                format!("fb:{}:{fact_id}", if *helpful { '+' } else { '-' })
            }
            Action::Delete { asker } => format!("del:{asker}"),
            Action::Timeline {
                asker,
                page,
                lang,
                from,
                to,
                topic,
                next,
            } => {
                let topic: String = topic
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .take(TOPIC_IN_ID_MAX)
                    .collect();
                format!(
                    "tl:{}:{asker}:{page}:{}:{}:{}:{topic}",
                    if *next { 'n' } else { 'p' },
                    lang.code(),
                    opt(*from),
                    opt(*to)
                )
            }
        };
        (id.chars().count() <= CUSTOM_ID_MAX).then_some(id)
    }

    /// Reads a custom id back; `None` for ids this bot did not make.
    pub fn parse(id: &str) -> Option<Action> {
        let (kind, rest) = id.split_once(':')?;
        match kind {
            "q" => {
                let (lang, fact_id) = rest.split_once(':')?;
                Some(Action::Ask {
                    lang: Lang::from_code(lang)?,
                    fact_id: fact_id.to_string(),
                })
            }
            "fb" => {
                let (sign, fact_id) = rest.split_once(':')?;
                let helpful = match sign {
                    "+" => true,
                    "-" => false,
                    _ => return None,
                };
                Some(Action::Feedback {
                    helpful,
                    fact_id: fact_id.to_string(),
                })
            }
            "del" => Some(Action::Delete {
                asker: rest.parse().ok()?,
            }),
            "tl" => {
                let mut parts = rest.splitn(7, ':');
                let next = match parts.next()? {
                    "n" => true,
                    "p" => false,
                    _ => return None,
                };
                let asker = parts.next()?.parse().ok()?;
                let page = parts.next()?.parse().ok()?;
                let lang = Lang::from_code(parts.next()?)?;
                let year = |s: &str| -> Option<Option<u16>> {
                    if s.is_empty() {
                        Some(None)
                    } else {
                        s.parse().ok().map(Some)
                    }
                };
                let from = year(parts.next()?)?;
                let to = year(parts.next()?)?;
                let topic = parts.next()?;
                Some(Action::Timeline {
                    asker,
                    page,
                    lang,
                    from,
                    to,
                    topic: (!topic.is_empty()).then(|| topic.to_string()),
                    next,
                })
            }
            _ => None,
        }
    }
}

/// One button, before it becomes a serenity builder (kept plain so layouts are unit-tested).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// What it does.
    pub action: Action,
    /// Its label, at most 80 characters.
    pub label: String,
    /// Primary (blue) rather than secondary (grey).
    pub primary: bool,
    /// Shown but not clickable (the first page's "previous").
    pub disabled: bool,
}

impl Button {
    fn new(action: Action, label: &str) -> Button {
        Button {
            action,
            label: truncate(label, BUTTON_LABEL_MAX),
            primary: false,
            disabled: false,
        }
    }
}

/// The buttons under an answer: related or "did you mean" questions on the first row;
/// feedback (when answered) and delete on the second.
pub fn answer_buttons(answer: &Answer, asker: u64) -> Vec<Vec<Button>> {
    let lang = answer.language;
    let questions = if answer.answered() {
        &answer.related
    } else {
        &answer.suggestions
    };
    let first: Vec<Button> = questions
        .iter()
        .map(|s| {
            let mut b = Button::new(
                Action::Ask {
                    lang,
                    fact_id: s.fact_id.clone(),
                },
                &s.question,
            );
            b.primary = !answer.answered();
            b
        })
        .filter(|b| b.action.custom_id().is_some())
        .take(BUTTONS_PER_ROW)
        .collect();
    let mut second = Vec::new();
    if let (true, Some(fact_id)) = (answer.answered(), &answer.fact_id) {
        let (yes, no) = match lang {
            Lang::En => ("👍 Helpful", "👎 Not helpful"),
            Lang::Es => ("👍 Útil", "👎 No útil"),
        };
        for (helpful, label) in [(true, yes), (false, no)] {
            let b = Button::new(
                Action::Feedback {
                    helpful,
                    fact_id: fact_id.clone(),
                },
                label,
            );
            if b.action.custom_id().is_some() {
                second.push(b);
            }
        }
    }
    second.push(Button::new(
        Action::Delete { asker },
        match lang {
            Lang::En => "🗑 Delete",
            Lang::Es => "🗑 Borrar",
        },
    ));
    [first, second]
        .into_iter()
        .filter(|row| !row.is_empty())
        .collect()
}

/// Previous / next buttons of a timeline page (0-based `page` of `pages`).
pub fn timeline_buttons(
    asker: u64,
    page: usize,
    pages: usize,
    lang: Lang,
    filter: &crate::engine::TimelineFilter,
) -> Vec<Vec<Button>> {
    if pages <= 1 {
        return Vec::new();
    }
    let action = |page: usize, next: bool| Action::Timeline {
        asker,
        page,
        lang,
        from: filter.from,
        to: filter.to,
        topic: filter.topic.clone(),
        next,
    };
    let (prev_label, next_label) = match lang {
        Lang::En => ("◀ Previous", "Next ▶"),
        Lang::Es => ("◀ Anterior", "Siguiente ▶"),
    };
    let mut prev = Button::new(action(page.saturating_sub(1), false), prev_label);
    prev.disabled = page == 0;
    let mut next = Button::new(action((page + 1).min(pages - 1), true), next_label);
    next.disabled = page + 1 >= pages;
    next.primary = true;
    vec![vec![prev, next]]
}

/// Plain buttons → serenity action rows (at most 5 rows of 5).
pub fn rows(buttons: Vec<Vec<Button>>) -> Vec<CreateActionRow> {
    buttons
        .into_iter()
        .take(ROWS_MAX)
        .map(|row| {
            CreateActionRow::Buttons(
                row.into_iter()
                    .take(BUTTONS_PER_ROW)
                    .filter_map(|b| {
                        let id = b.action.custom_id()?;
                        Some(
                            CreateButton::new(id)
                                .label(b.label)
                                .style(if b.primary {
                                    ButtonStyle::Primary
                                } else {
                                    ButtonStyle::Secondary
                                })
                                .disabled(b.disabled),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_not_part_of_the_question() {
        assert_eq!(
            without_mentions("<@1> @everyone when did <@&77> Colombia join? <#5> <@!9>"),
            "when did Colombia join?"
        );
        assert_eq!(without_mentions("a < b <@x> <3"), "a < b <@x> <3");
    }

    #[test]
    fn custom_ids_round_trip() {
        let actions = [
            Action::Ask {
                lang: Lang::Es,
                fact_id: "cides-ptec".into(),
            },
            Action::Feedback {
                helpful: false,
                fact_id: "partner-2017".into(),
            },
            Action::Delete { asker: 42 },
            Action::Timeline {
                asker: 1234567890123456789,
                page: 3,
                lang: Lang::En,
                from: Some(2013),
                to: None,
                topic: Some("demining: ptec".into()),
                next: true,
            },
        ];
        for action in actions {
            let id = action.custom_id().unwrap();
            assert!(id.len() <= CUSTOM_ID_MAX);
            assert_eq!(Action::parse(&id), Some(action));
        }
        assert_eq!(Action::parse("other:thing"), None);
        assert_eq!(Action::parse("tl:x:1:1:en:::"), None);
    }

    #[test]
    fn ids_that_cannot_fit_are_refused() {
        let long = Action::Ask {
            lang: Lang::En,
            fact_id: "x".repeat(120),
        };
        assert_eq!(long.custom_id(), None);
        // The longest realistic page id: a 20-digit member id, four-digit page and years, and
        // a topic cut to TOPIC_IN_ID_MAX characters.
        let topic = Action::Timeline {
            asker: u64::MAX,
            page: 9999,
            lang: Lang::Es,
            from: Some(2100),
            to: Some(2100),
            topic: Some("é".repeat(500)),
            next: false,
        };
        assert!(topic.custom_id().unwrap().chars().count() <= CUSTOM_ID_MAX);
    }

    #[test]
    fn timeline_buttons_disable_the_ends() {
        let filter = crate::engine::TimelineFilter::default();
        assert!(timeline_buttons(1, 0, 1, Lang::En, &filter).is_empty());
        let first = &timeline_buttons(1, 0, 3, Lang::En, &filter)[0];
        assert!(first[0].disabled && !first[1].disabled);
        let last = &timeline_buttons(1, 2, 3, Lang::En, &filter)[0];
        assert!(!last[0].disabled && last[1].disabled);
        assert_ne!(last[0].action.custom_id(), last[1].action.custom_id());
    }
}
