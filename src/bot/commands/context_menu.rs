//! "Ask enlace": right-click any message → Apps → Ask enlace answers that message's question.
//!
//! The reply starts with a link to the message it answers, so a member can point others to it.

use poise::serenity_prelude as serenity;

use crate::bot::convert::locale_lang;
use crate::bot::data::{Context, Error};
use crate::bot::retry;
use crate::knowledge::Lang;

use super::ephemeral;

/// Answer the question in this message
#[poise::command(
    context_menu_command = "Ask enlace",
    name_localized("es-ES", "Preguntar a enlace"),
    name_localized("es-419", "Preguntar a enlace")
)]
pub async fn ask_message(ctx: Context<'_>, message: serenity::Message) -> Result<(), Error> {
    let question = message.content.trim();
    if question.is_empty() {
        let text = match locale_lang(ctx.locale()) {
            Lang::En => "That message has no text to answer.",
            Lang::Es => "Ese mensaje no tiene texto que responder.",
        };
        retry::send(ctx, ephemeral(text)).await?;
        return Ok(());
    }
    // Resolved messages carry no guild id; the interaction's guild makes the link open there.
    let link = format!("↪ {}", message.id.link(message.channel_id, ctx.guild_id()));
    super::ask::answer_in_reply(ctx, question, None, Some(link)).await
}
