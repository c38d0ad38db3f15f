//! Errors of the Discord adapter and the one place they are shown to members.
//!
//! Members see a short, safe, ephemeral sentence in their language; the details (error chain,
//! command, member id) go only to the logs. Nothing from an error's text is ever echoed to Discord,
//! so a failing request cannot leak a path, a token or another member's input.

use poise::serenity_prelude as serenity;

use crate::knowledge::Lang;

use super::convert::{locale_lang, no_mentions};
use super::data::{Data, Error};

/// Failures the adapter names, so logs say what went wrong in words.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// `DISCORD_TOKEN` is missing or empty.
    #[error("DISCORD_TOKEN is not set: create a bot in the Discord developer portal and export its token")]
    MissingToken,
    /// Registering the slash commands with Discord failed at startup.
    #[error("registering the slash commands failed: {0}")]
    Register(#[source] Box<serenity::Error>),
    /// The reload task panicked (the live facts are untouched).
    #[error("the reload task stopped unexpectedly: {0}")]
    ReloadTask(#[source] tokio::task::JoinError),
}

/// What a member sees when a command fails for a reason that is not theirs.
fn sorry(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Sorry, something went wrong while answering. It has been logged; please try again in a moment.",
        Lang::Es => "Lo siento, algo salió mal al responder. Quedó registrado; inténtalo de nuevo en un momento.",
    }
}

/// What a member sees when they may not run an admin command.
pub fn refusal(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Sorry, only the bot's admins can use this command. If you curate the facts, ask a server admin to add your role to the bot's settings.",
        Lang::Es => "Lo siento, solo los administradores del bot pueden usar este comando. Si curas los datos, pide a un administrador del servidor que añada tu rol a la configuración del bot.",
    }
}

/// Sends `text` as an ephemeral reply; failures to reply are only logged (nothing else to do).
async fn tell(ctx: super::data::Context<'_>, text: &str) {
    let reply = poise::CreateReply::default()
        .content(text)
        .ephemeral(true)
        .allowed_mentions(no_mentions());
    if let Err(e) = super::retry::send(ctx, reply).await {
        tracing::warn!(error = %e, "could not send the error reply");
    }
}

/// poise's global error handler: a safe ephemeral message for the member, details in the logs.
pub async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Setup { error, .. } => {
            tracing::error!(error = format!("{error:#}"), "bot setup failed");
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::error!(
                error = format!("{error:#}"),
                event = event.snake_case_name(),
                "event handler failed"
            );
        }
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!(
                error = format!("{error:#}"),
                command = %ctx.command().qualified_name,
                member = ctx.author().id.get(),
                "command failed"
            );
            tell(ctx, sorry(locale_lang(ctx.locale()))).await;
        }
        poise::FrameworkError::CommandCheckFailed { error, ctx, .. } => {
            // The only check is the admin check: a refusal, logged so admins see attempts.
            tracing::warn!(
                command = %ctx.command().qualified_name,
                member = ctx.author().id.get(),
                guild = ctx.guild_id().map(|g| g.get()),
                error = error.map(|e| format!("{e:#}")),
                "admin command refused"
            );
            tell(ctx, refusal(locale_lang(ctx.locale()))).await;
        }
        poise::FrameworkError::ArgumentParse { error, ctx, .. } => {
            tracing::info!(
                error = %error,
                command = %ctx.command().qualified_name,
                "could not parse the command's options"
            );
            let text = match locale_lang(ctx.locale()) {
                Lang::En => "I could not read one of the options; please check it and try again.",
                Lang::Es => "No pude leer una de las opciones; revísala e inténtalo de nuevo.",
            };
            tell(ctx, text).await;
        }
        poise::FrameworkError::GuildOnly { ctx, .. } => {
            let text = match locale_lang(ctx.locale()) {
                Lang::En => "This command works only in a server, not in direct messages.",
                Lang::Es => "Este comando solo funciona en un servidor, no en mensajes directos.",
            };
            tell(ctx, text).await;
        }
        other => {
            // Everything else (unknown command after a redeploy, missing permissions...) is
            // rare and not the member's doing: log it, and answer generically when we can.
            tracing::warn!(error = %other, "framework error");
            if let Some(ctx) = other.ctx() {
                tell(ctx, sorry(locale_lang(ctx.locale()))).await;
            }
        }
    }
}
