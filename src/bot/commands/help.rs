//! `/help`: what the bot knows and how to ask it (ephemeral).

use crate::bot::convert::{self, locale_lang};
use crate::bot::data::{Context, Error};
use crate::bot::retry;
use crate::render::embed;

/// Example questions shown in the help.
const EXAMPLES: usize = 3;

/// What enlace knows and how to ask it
#[poise::command(
    slash_command,
    ephemeral,
    name_localized("es-ES", "ayuda"),
    name_localized("es-419", "ayuda"),
    description_localized("es-ES", "Qué sabe enlace y cómo preguntarle"),
    description_localized("es-419", "Qué sabe enlace y cómo preguntarle")
)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    let lang = locale_lang(ctx.locale());
    let snapshot = ctx.data().store.load();
    let examples = snapshot.engine.suggest("", Some(lang), EXAMPLES);
    let spec = embed::help(snapshot.engine.knowledge(), &examples, lang);
    retry::send(ctx, super::private().embed(convert::embed(&spec))).await?;
    Ok(())
}
