//! The slash commands and the message context-menu command, listed in one place.
//!
//! Each command parses its options, asks the engine, renders with `render::embed` and replies;
//! no answer logic lives here. Command names, descriptions and options carry Spanish
//! localizations for both Spanish locales Discord has (es-ES and es-419). The `///` line on a
//! command is its English description on Discord (at most 100 characters).

// Crate-private: poise's `#[command]` turns each command function into a `fn() -> Command` and
// moves its `///` text into the command's Discord description, so the generated function has
// no doc of its own; the public way in is `all()`.
pub(crate) mod ask;
pub(crate) mod context_menu;
pub(crate) mod help;
pub(crate) mod reload;
pub(crate) mod sources;
pub(crate) mod stats;
pub(crate) mod timeline;

use poise::serenity_prelude as serenity;

use crate::knowledge::Lang;

use super::convert::no_mentions;
use super::data::{Data, Error};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask::ask(),
        context_menu::ask_message(),
        timeline::timeline(),
        sources::sources(),
        help::help(),
        reload::reload(),
        stats::stats(),
    ]
}

/// What Discord is sent to register `commands`: poise's own payload, plus the Spanish names of
/// context-menu commands, which poise 0.7.1 leaves out (Discord still dispatches them under the
/// English name, so poise finds them).
pub fn registration(commands: &[poise::Command<Data, Error>]) -> Vec<serenity::CreateCommand> {
    let mut out = Vec::new();
    for command in commands {
        if let Some(slash) = command.create_as_slash_command() {
            out.push(slash);
        }
        if let Some(mut menu) = command.create_as_context_menu_command() {
            for (locale, name) in command.name_localizations.iter() {
                menu = menu.name_localized(locale.as_ref(), name.as_ref());
            }
            out.push(menu);
        }
    }
    out
}

/// The `language` option of `/ask`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, poise::ChoiceParameter)]
pub enum LanguageChoice {
    /// Answer in English.
    #[name = "English"]
    #[name_localized("es-ES", "Inglés")]
    #[name_localized("es-419", "Inglés")]
    English,
    /// Answer in Spanish.
    #[name = "Español"]
    #[name_localized("es-ES", "Español")]
    #[name_localized("es-419", "Español")]
    Spanish,
}

impl From<LanguageChoice> for Lang {
    fn from(choice: LanguageChoice) -> Lang {
        match choice {
            LanguageChoice::English => Lang::En,
            LanguageChoice::Spanish => Lang::Es,
        }
    }
}

/// An ephemeral text reply that pings nobody (notes, refusals).
pub fn ephemeral(text: impl Into<String>) -> poise::CreateReply {
    private().content(text)
}

/// An empty reply only the member sees, that pings nobody: `/help`, `/sources`, admin replies.
pub fn private() -> poise::CreateReply {
    poise::CreateReply::default()
        .ephemeral(true)
        .allowed_mentions(no_mentions())
}

/// The note a member gets when asking again within the cooldown.
pub fn cooldown_note(wait: std::time::Duration, lang: Lang) -> String {
    let seconds = wait.as_secs_f32().ceil().max(1.0) as u64;
    match lang {
        Lang::En => format!("⏳ Please wait {seconds} s before asking again."),
        Lang::Es => format!("⏳ Espera {seconds} s antes de volver a preguntar."),
    }
}
