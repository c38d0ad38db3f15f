//! `/timeline [from] [to] [topic]`: the dated events, oldest first, eight to a page.
//!
//! The page buttons carry the filter and the asker in their custom id (see `convert::Action`),
//! so turning a page needs no stored state; `events` refuses page turns from anyone else.

use poise::serenity_prelude as serenity;
use serenity::{AutocompleteChoice, CreateActionRow, CreateAutocompleteResponse, CreateEmbed};

use crate::bot::convert::{self, locale_lang, no_mentions, TOPIC_IN_ID_MAX};
use crate::bot::data::{Context, Data, Error};
use crate::bot::retry;
use crate::engine::{normalize, TimelineFilter};
use crate::knowledge::Lang;
use crate::render::embed;

use super::ask::CHOICES_MAX;

/// Page `page` (0-based, clamped to the last page) of the timeline for `filter`, with its
/// previous / next buttons for `asker`.
pub fn page(
    data: &Data,
    asker: u64,
    filter: &TimelineFilter,
    page: usize,
    lang: Lang,
) -> (CreateEmbed, Vec<CreateActionRow>) {
    let snapshot = data.store.load();
    let entries = snapshot.engine.timeline(filter, lang);
    let pages = embed::timeline_pages(entries.len());
    let page = page.min(pages - 1);
    (
        convert::embed(&embed::timeline_page(&entries, page, lang)),
        convert::rows(convert::timeline_buttons(asker, page, pages, lang, filter)),
    )
}

/// The dated events of the NATO–Colombia relationship, oldest first
#[poise::command(
    slash_command,
    name_localized("es-ES", "cronologia"),
    name_localized("es-419", "cronologia"),
    description_localized(
        "es-ES",
        "Los eventos con fecha de la relación OTAN–Colombia, del más antiguo al más reciente"
    ),
    description_localized(
        "es-419",
        "Los eventos con fecha de la relación OTAN–Colombia, del más antiguo al más reciente"
    )
)]
pub async fn timeline(
    ctx: Context<'_>,
    #[description = "First year to include"]
    #[name_localized("es-ES", "desde")]
    #[name_localized("es-419", "desde")]
    #[description_localized("es-ES", "Primer año incluido")]
    #[description_localized("es-419", "Primer año incluido")]
    #[min = 1949]
    #[max = 2100]
    from: Option<u16>,
    #[description = "Last year to include"]
    #[name_localized("es-ES", "hasta")]
    #[name_localized("es-419", "hasta")]
    #[description_localized("es-ES", "Último año incluido")]
    #[description_localized("es-419", "Último año incluido")]
    #[min = 1949]
    #[max = 2100]
    to: Option<u16>,
    #[description = "Only events on this topic, e.g. demining"]
    #[name_localized("es-ES", "tema")]
    #[name_localized("es-419", "tema")]
    #[description_localized("es-ES", "Solo eventos de este tema, p. ej. demining")]
    #[description_localized("es-419", "Solo eventos de este tema, p. ej. demining")]
    #[autocomplete = "autocomplete_topic"]
    #[max_length = 40]
    topic: Option<String>,
) -> Result<(), Error> {
    let filter = TimelineFilter {
        from,
        to,
        topic: topic
            .map(|t| t.trim().chars().take(TOPIC_IN_ID_MAX).collect::<String>())
            .filter(|t| !t.is_empty()),
    };
    let lang = locale_lang(ctx.locale());
    let (embed, components) = page(ctx.data(), ctx.author().id.get(), &filter, 0, lang);
    retry::send(
        ctx,
        poise::CreateReply::default()
            .embed(embed)
            .components(components)
            .allowed_mentions(no_mentions()),
    )
    .await?;
    Ok(())
}

/// The topics facts carry, filtered by what has been typed (accent- and case-insensitive).
async fn autocomplete_topic(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let typed = normalize::fold(partial);
    let snapshot = ctx.data().store.load();
    let mut topics: Vec<&str> = snapshot
        .engine
        .knowledge()
        .facts
        .iter()
        .flat_map(|f| f.topics.iter().copied())
        .filter(|t| t.chars().count() <= TOPIC_IN_ID_MAX)
        .filter(|t| normalize::fold(t).contains(&typed))
        .collect();
    topics.sort_unstable();
    topics.dedup();
    let choices = topics
        .into_iter()
        .take(CHOICES_MAX)
        .map(|t| AutocompleteChoice::new(t, t))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}
