//! `/stats` (admins, ephemeral): usage since start and the questions curators should look at.

use crate::bot::convert::{self, locale_lang};
use crate::bot::data::{Context, Error};
use crate::bot::retry;
use crate::render::embed;

/// Questions listed per table.
const TOP: usize = 10;

/// Questions asked, answered and declined, and what to add or fix (bot admins)
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_GUILD",
    check = "crate::bot::checks::admin",
    name_localized("es-ES", "estadisticas"),
    name_localized("es-419", "estadisticas"),
    description_localized(
        "es-ES",
        "Preguntas hechas, respondidas y sin respuesta; qué añadir o corregir (administradores)"
    ),
    description_localized(
        "es-419",
        "Preguntas hechas, respondidas y sin respuesta; qué añadir o corregir (administradores)"
    )
)]
pub async fn stats(ctx: Context<'_>) -> Result<(), Error> {
    let lang = locale_lang(ctx.locale());
    let snapshot = ctx.data().store.load();
    let spec = embed::stats(
        &ctx.data().stats.view(TOP),
        snapshot.engine.knowledge().facts.len(),
        snapshot.version,
        lang,
    );
    retry::send(ctx, super::private().embed(convert::embed(&spec))).await?;
    Ok(())
}
