//! `/reload` (admins): re-read `knowledge/`, validate it and swap it in atomically.
//!
//! Registered with the Manage Server default permission and guarded by `checks::admin`. The
//! reload itself is blocking (file reads, index build), so it runs on the blocking pool after
//! the interaction is deferred. On any problem the live facts stay, and the reply lists the
//! first problems with file:line.

use crate::bot::convert::{self, locale_lang};
use crate::bot::data::{Context, Error};
use crate::bot::error::BotError;
use crate::bot::retry;
use crate::render::embed;

/// Re-read the fact files and swap them in (bot admins)
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    check = "crate::bot::checks::admin",
    name_localized("es-ES", "recargar"),
    name_localized("es-419", "recargar"),
    description_localized(
        "es-ES",
        "Vuelve a leer los archivos de datos y los activa (administradores del bot)"
    ),
    description_localized(
        "es-419",
        "Vuelve a leer los archivos de datos y los activa (administradores del bot)"
    )
)]
pub async fn reload(ctx: Context<'_>) -> Result<(), Error> {
    retry::defer_ephemeral(ctx).await?;
    let store = ctx.data().store.clone();
    let dir = store.dir().to_path_buf();
    let result = tokio::task::spawn_blocking(move || store.reload())
        .await
        .map_err(BotError::ReloadTask)?;
    let lang = locale_lang(ctx.locale());
    let member = ctx.author().id.get();
    let spec = match &result {
        Ok(summary) => {
            tracing::info_span!("reload", member).in_scope(|| summary.log("discord /reload"));
            embed::reloaded(summary, lang)
        }
        Err(report) => {
            tracing::warn!(
                member,
                errors = report.error_count(),
                "reload refused; the live facts stay:\n{report}"
            );
            embed::reload_refused(report, &dir, lang)
        }
    };
    retry::send(ctx, super::private().embed(convert::embed(&spec))).await?;
    Ok(())
}
