//! Everything that is not a slash command: mentions, DMs, listen channels and button clicks.
//!
//! Messages: a DM, a message that mentions the bot, or (in a configured listen channel) a
//! message that looks like a question is answered with the same `respond` path as `/ask`, as a
//! reply that pings nobody. Buttons: their custom id says what to do (`convert::Action`);
//! deleting an answer and turning timeline pages are refused, ephemerally, to anyone but the
//! member who asked. Every reply and response goes through `retry`: a 429 or 5xx from Discord
//! is retried there, and what still fails is returned to poise, which logs it.

use std::time::Instant;

use poise::serenity_prelude as serenity;
use serenity::{
    ComponentInteraction, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateMessage, FullEvent, Interaction, Message,
};

use crate::engine::{normalize, TimelineFilter};
use crate::knowledge::Lang;

use super::commands::{ask::respond, cooldown_note, timeline};
use super::convert::{locale_lang, no_mentions, Action};
use super::data::{Data, Error};
use super::retry::{self, INITIAL_RESPONSE_BUDGET};

/// Shortest text (in characters) treated as a question in a listen channel.
const LISTEN_MIN_CHARS: usize = 8;

/// First words that make a message without "?" a question, in English and Spanish (folded).
const QUESTION_WORDS: &[&str] = &[
    "what", "when", "who", "why", "how", "where", "which", "is", "are", "does", "did", "do", "can",
    "was", "were", "has", "have", "que", "cuando", "quien", "quienes", "por", "como", "donde",
    "cual", "cuales", "cuanto", "cuantos", "es", "son", "esta", "hay", "tiene",
];

/// poise's event handler: routes the events the commands do not cover.
pub async fn handle(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &FullEvent,
) -> Result<(), Error> {
    let ctx = framework.serenity_context;
    let data = framework.user_data;
    match event {
        FullEvent::Ready { data_about_bot } => {
            tracing::info!(
                bot = %data_about_bot.user.name,
                guilds = data_about_bot.guilds.len(),
                "connected to the Discord gateway"
            );
        }
        FullEvent::Resume { .. } => tracing::info!("gateway session resumed"),
        FullEvent::Message { new_message } => {
            on_message(ctx, framework.bot_id().get(), data, new_message).await?;
        }
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(component),
        } => on_component(ctx, data, component).await?,
        _ => {}
    }
    Ok(())
}

/// The question a message asks the bot, if it asks one: DMs always, mentions of the bot with
/// the mention removed, listen channels when it looks like a question.
pub fn question_in(content: &str, bot_id: u64, is_dm: bool, listening: bool) -> Option<String> {
    let mentions = [format!("<@{bot_id}>"), format!("<@!{bot_id}>")];
    let mentioned = mentions.iter().any(|m| content.contains(m.as_str()));
    if !(is_dm || mentioned || listening) {
        return None;
    }
    let mut text = content.to_string();
    for m in &mentions {
        text = text.replace(m.as_str(), " ");
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_dm || mentioned {
        return Some(text);
    }
    looks_like_question(&text).then_some(text)
}

/// True for text that ends with "?", starts with "¿", or starts with a question word.
pub fn looks_like_question(text: &str) -> bool {
    let text = text.trim();
    if text.chars().count() < LISTEN_MIN_CHARS {
        return false;
    }
    if text.ends_with('?') || text.starts_with('¿') {
        return true;
    }
    let folded = normalize::fold(text);
    folded
        .split(' ')
        .next()
        .is_some_and(|first| QUESTION_WORDS.contains(&first))
}

async fn on_message(
    ctx: &serenity::Context,
    bot_id: u64,
    data: &Data,
    msg: &Message,
) -> Result<(), Error> {
    if msg.author.bot || msg.author.id.get() == bot_id {
        return Ok(());
    }
    let is_dm = msg.guild_id.is_none();
    let listening = data
        .config
        .discord
        .listen_channel_ids
        .contains(&msg.channel_id.get());
    let Some(question) = question_in(&msg.content, bot_id, is_dm, listening) else {
        return Ok(());
    };
    let asker = msg.author.id.get();
    tracing::info!(
        member = asker,
        channel = msg.channel_id.get(),
        dm = is_dm,
        "question in a message"
    );
    let reply = CreateMessage::new()
        .reference_message(msg)
        .allowed_mentions(no_mentions());
    let reply = if question.is_empty() {
        // A bare mention has no language to follow: answer in both.
        reply.content(
            "Ask me about NATO and Colombia, e.g. “When did Colombia become a NATO partner?” · Pregúntame sobre la OTAN y Colombia, p. ej. “¿Qué es el CIDES?” · `/help`",
        )
    } else if let Err(wait) = data.cooldowns.try_take(asker, Instant::now()) {
        let lang = normalize::detect_language(&question).unwrap_or(Lang::En);
        reply.content(cooldown_note(wait, lang))
    } else {
        let answer = respond(data, &question, None, None, asker);
        reply.embed(answer.embed).components(answer.components)
    };
    retry::run("message reply", None, || {
        msg.channel_id.send_message(ctx, reply.clone())
    })
    .await?;
    Ok(())
}

/// An ephemeral note in answer to a button click.
fn note(text: impl Into<String>) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true)
            .allowed_mentions(no_mentions()),
    )
}

async fn on_component(
    ctx: &serenity::Context,
    data: &Data,
    component: &ComponentInteraction,
) -> Result<(), Error> {
    let clicker = component.user.id.get();
    let lang = locale_lang(Some(&component.locale));
    let Some(action) = Action::parse(&component.data.custom_id) else {
        tracing::debug!(custom_id = %component.data.custom_id, "unknown button");
        let text = match lang {
            Lang::En => "This button no longer works; ask again with /ask.",
            Lang::Es => "Este botón ya no funciona; vuelve a preguntar con /ask.",
        };
        respond_to(ctx, component, note(text)).await?;
        return Ok(());
    };
    tracing::info!(member = clicker, action = ?action, "button");
    let response = match action {
        Action::Ask { lang, fact_id } => {
            if let Err(wait) = data.cooldowns.try_take(clicker, Instant::now()) {
                note(cooldown_note(wait, lang))
            } else {
                let question = clicked_label(component).or_else(|| {
                    let snapshot = data.store.load();
                    let fact = snapshot.engine.knowledge().fact(&fact_id)?;
                    fact.text(lang).question(0).map(str::to_string)
                });
                let Some(question) = question else {
                    let text = match lang {
                        Lang::En => "That question is no longer in the fact base.",
                        Lang::Es => "Esa pregunta ya no está en la base de datos.",
                    };
                    respond_to(ctx, component, note(text)).await?;
                    return Ok(());
                };
                let reply = respond(data, &question, Some(lang), None, clicker);
                CreateInteractionResponse::Message(
                    CreateInteractionResponseMessage::new()
                        .embed(reply.embed)
                        .components(reply.components)
                        .allowed_mentions(no_mentions()),
                )
            }
        }
        Action::Feedback { helpful, fact_id } => {
            let question = component
                .message
                .embeds
                .first()
                .and_then(|e| e.title.as_deref())
                .map(undefuse)
                .unwrap_or(fact_id);
            data.stats.record_feedback(&question, helpful);
            note(match (lang, helpful) {
                (Lang::En, true) => "Thanks! Glad it helped.",
                (Lang::En, false) => {
                    "Thanks for telling us; the curators will look at this answer."
                }
                (Lang::Es, true) => "¡Gracias! Me alegra que sirviera.",
                (Lang::Es, false) => {
                    "Gracias por avisar; los curadores revisarán esta respuesta."
                }
            })
        }
        Action::Delete { asker } if asker != clicker => note(match lang {
            Lang::En => "Only the member who asked can delete this answer.",
            Lang::Es => "Solo quien hizo la pregunta puede borrar esta respuesta.",
        }),
        Action::Delete { .. } => {
            // Acknowledge, then delete the message the button is on through the interaction's
            // webhook: works for slash-command replies and message replies alike.
            respond_to(ctx, component, CreateInteractionResponse::Acknowledge).await?;
            retry::run("answer deletion", None, || component.delete_response(ctx)).await?;
            return Ok(());
        }
        Action::Timeline { asker, .. } if asker != clicker => note(match lang {
            Lang::En => "Only the member who asked can turn these pages; run /timeline for your own.",
            Lang::Es => "Solo quien pidió la cronología puede pasar sus páginas; usa /timeline para la tuya.",
        }),
        Action::Timeline {
            asker,
            page,
            lang,
            from,
            to,
            topic,
            ..
        } => {
            let filter = TimelineFilter { from, to, topic };
            let (embed, components) = timeline::page(data, asker, &filter, page, lang);
            CreateInteractionResponse::UpdateMessage(
                CreateInteractionResponseMessage::new()
                    .embed(embed)
                    .components(components)
                    .allowed_mentions(no_mentions()),
            )
        }
    };
    respond_to(ctx, component, response).await?;
    Ok(())
}

/// The (first) response to a button click, with the retry policy and its 3-second budget.
async fn respond_to(
    ctx: &serenity::Context,
    component: &ComponentInteraction,
    response: CreateInteractionResponse,
) -> Result<(), serenity::Error> {
    retry::run("button response", Some(INITIAL_RESPONSE_BUDGET), || {
        component.create_response(ctx, response.clone())
    })
    .await
}

/// The label of the button that was clicked: the question exactly as it was offered.
fn clicked_label(component: &ComponentInteraction) -> Option<String> {
    component
        .message
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            serenity::ActionRowComponent::Button(b) => match &b.data {
                serenity::ButtonKind::NonLink { custom_id, .. }
                    if custom_id == &component.data.custom_id =>
                {
                    b.label.clone()
                }
                _ => None,
            },
            _ => None,
        })
        .filter(|l| !l.ends_with('…'))
}

/// Undoes `render::embed::defuse` well enough to count a question in `/stats`.
fn undefuse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{200b}' => {}
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_messages_ask_the_bot() {
        let bot = 99;
        assert_eq!(
            question_in("<@99> when did Colombia join?", bot, false, false).as_deref(),
            Some("when did Colombia join?")
        );
        assert_eq!(
            question_in("hey <@!99>  ¿qué es el CIDES?", bot, false, false).as_deref(),
            Some("hey ¿qué es el CIDES?")
        );
        assert_eq!(
            question_in("what is PTEC", bot, true, false).as_deref(),
            Some("what is PTEC")
        );
        assert_eq!(question_in("nice weather today", bot, false, true), None);
        assert_eq!(question_in("<@12> hi", bot, false, false), None);
        assert!(question_in("¿Cuándo se firmó el acuerdo", bot, false, true).is_some());
        assert!(question_in("How many partners does NATO have", bot, false, true).is_some());
        assert_eq!(question_in("ok?", bot, false, true), None);
    }

    #[test]
    fn undefuse_reverses_defuse() {
        let original = "Is @everyone *really* a <@123> partner?";
        let defused = crate::render::embed::defuse(original);
        assert_eq!(undefuse(&defused), original);
    }
}
