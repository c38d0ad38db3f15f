//! `/ask question [language]`: the main command, with autocomplete on `question`.
//!
//! Also home of `respond`, the one path from a question to a Discord reply that every surface
//! uses (slash command, context menu, mention, DM, listen channels, question buttons), so they
//! answer identically and are counted in `/stats` the same way.

use std::time::Instant;

use poise::serenity_prelude as serenity;
use serenity::{AutocompleteChoice, CreateActionRow, CreateAutocompleteResponse, CreateEmbed};

use crate::bot::convert::{self, locale_hint, locale_lang, no_mentions};
use crate::bot::data::{Context, Data, Error};
use crate::bot::retry;
use crate::engine::{normalize::detect_language, Query};
use crate::knowledge::Lang;
use crate::render::{embed, truncate};

use super::{cooldown_note, ephemeral, LanguageChoice};

/// Discord's limit on autocomplete choices.
pub const CHOICES_MAX: usize = 25;
/// Discord's limit on a choice's name and on a string choice's value.
pub const CHOICE_TEXT_MAX: usize = 100;

/// A reply to a question: the answer embed and its buttons.
pub struct Reply {
    /// The answer, rendered by `render::embed::answer`.
    pub embed: CreateEmbed,
    /// Related / "did you mean" questions, feedback, delete.
    pub components: Vec<CreateActionRow>,
}

/// Answers `question` for member `asker`: engine, stats, embed, buttons.
///
/// `lang` forces the reply language; `fallback` is the member's locale, used when the question
/// is too short to tell its language.
pub fn respond(
    data: &Data,
    question: &str,
    lang: Option<Lang>,
    fallback: Option<Lang>,
    asker: u64,
) -> Reply {
    let snapshot = data.store.load();
    let answer = snapshot.engine.ask(&Query {
        text: convert::without_mentions(question),
        lang,
        fallback_lang: fallback,
        answer_at: data.config.answer_threshold,
    });
    data.stats.record_answer(question, answer.outcome);
    tracing::info!(
        outcome = ?answer.outcome,
        fact = answer.fact_id.as_deref().unwrap_or("-"),
        confidence = answer.confidence,
        lang = %answer.language,
        version = snapshot.version,
        "answered"
    );
    Reply {
        embed: convert::embed(&embed::answer(&answer)),
        components: convert::rows(convert::answer_buttons(&answer, asker)),
    }
}

/// Ask a question about NATO and Colombia (in English or Spanish)
#[poise::command(
    slash_command,
    name_localized("es-ES", "preguntar"),
    name_localized("es-419", "preguntar"),
    description_localized(
        "es-ES",
        "Haz una pregunta sobre la OTAN y Colombia (en español o inglés)"
    ),
    description_localized(
        "es-419",
        "Haz una pregunta sobre la OTAN y Colombia (en español o inglés)"
    )
)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question, e.g. When did Colombia become a NATO partner?"]
    #[name_localized("es-ES", "pregunta")]
    #[name_localized("es-419", "pregunta")]
    #[description_localized(
        "es-ES",
        "Tu pregunta, p. ej. ¿Cuándo se volvió Colombia socio de la OTAN?"
    )]
    #[description_localized(
        "es-419",
        "Tu pregunta, p. ej. ¿Cuándo se volvió Colombia socio de la OTAN?"
    )]
    #[autocomplete = "autocomplete_question"]
    #[max_length = 500]
    question: String,
    #[description = "Answer in this language (default: the question's)"]
    #[name_localized("es-ES", "idioma")]
    #[name_localized("es-419", "idioma")]
    #[description_localized("es-ES", "Responder en este idioma (por defecto: el de la pregunta)")]
    #[description_localized("es-419", "Responder en este idioma (por defecto: el de la pregunta)")]
    language: Option<LanguageChoice>,
) -> Result<(), Error> {
    answer_in_reply(ctx, &question, language.map(Lang::from), None).await
}

/// Answers `question` as the command's reply, after the cooldown check; `content` is an
/// optional line above the embed (the context menu's link to the message it answers).
pub async fn answer_in_reply(
    ctx: Context<'_>,
    question: &str,
    lang: Option<Lang>,
    content: Option<String>,
) -> Result<(), Error> {
    let asker = ctx.author().id.get();
    if let Err(wait) = ctx.data().cooldowns.try_take(asker, Instant::now()) {
        retry::send(
            ctx,
            ephemeral(cooldown_note(wait, locale_lang(ctx.locale()))),
        )
        .await?;
        return Ok(());
    }
    let reply = respond(ctx.data(), question, lang, locale_hint(ctx.locale()), asker);
    let mut message = poise::CreateReply::default()
        .embed(reply.embed)
        .components(reply.components)
        .allowed_mentions(no_mentions());
    if let Some(content) = content {
        message = message.content(content);
    }
    retry::send(ctx, message).await?;
    Ok(())
}

/// Known questions matching what the member has typed so far: fuzzy, accent-insensitive, in the
/// language of the text typed (else the member's locale); each within Discord's 100 characters.
async fn autocomplete_question(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let lang = detect_language(partial).or_else(|| locale_hint(ctx.locale()));
    let snapshot = ctx.data().store.load();
    let choices = snapshot
        .engine
        .suggest(partial, lang, CHOICES_MAX)
        .into_iter()
        .take(CHOICES_MAX)
        .map(|q| {
            let text = truncate(&q, CHOICE_TEXT_MAX);
            AutocompleteChoice::new(text.clone(), text)
        })
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}
