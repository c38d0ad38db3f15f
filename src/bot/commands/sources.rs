//! `/sources`: where the facts come from, with dates and links (ephemeral: a reference list
//! for the member who asked, not something to fill a channel with).

use crate::bot::convert::{self, locale_lang};
use crate::bot::data::{Context, Error};
use crate::bot::retry;
use crate::render::embed;

/// Embeds per message: one, because Discord counts 6000 characters across all of a message's
/// embeds and each `embed::sources` page may use most of them.
const EMBEDS_PER_MESSAGE: usize = 1;

/// The sources the facts come from, with dates and links
#[poise::command(
    slash_command,
    ephemeral,
    name_localized("es-ES", "fuentes"),
    name_localized("es-419", "fuentes"),
    description_localized("es-ES", "Las fuentes de los datos, con fechas y enlaces"),
    description_localized("es-419", "Las fuentes de los datos, con fechas y enlaces")
)]
pub async fn sources(ctx: Context<'_>) -> Result<(), Error> {
    let lang = locale_lang(ctx.locale());
    let snapshot = ctx.data().store.load();
    let pages = embed::sources(&snapshot.engine.knowledge().sources, lang);
    // The first page is the reply; the rest follow as follow-up messages.
    for chunk in pages.chunks(EMBEDS_PER_MESSAGE) {
        let mut reply = super::private();
        for spec in chunk {
            reply = reply.embed(convert::embed(spec));
        }
        retry::send(ctx, reply).await?;
    }
    Ok(())
}
