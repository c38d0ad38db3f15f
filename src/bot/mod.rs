//! The Discord adapter: the only place serenity and poise appear.
//!
//! `run` connects to the gateway, registers the commands (in the configured guilds for instant
//! availability, else globally), and serves `/ask`, `/timeline`, `/sources`, `/help`, the admin
//! commands `/reload` and `/stats`, the "Ask enlace" message command, mentions, DMs and buttons
//! until `shutdown` resolves. Handlers are thin: parse, ask the engine, render with
//! `render::embed`, convert with `convert`, reply with no allowed mentions.
//!
//! With `discord.api_base` set, every REST call goes there instead of discord.com (a rate-limit
//! proxy, or the fake Discord of the tests); the gateway URL is whatever its `/gateway` returns.
//! Reconnects and resumes are serenity's.

pub mod checks;
pub mod commands;
pub mod convert;
pub mod data;
pub mod error;
pub mod events;
pub mod stats;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use poise::serenity_prelude as serenity;

use crate::config::Config;
use crate::store::Store;

use data::Data;
use error::BotError;

/// The bot token. Read from `DISCORD_TOKEN` in one place (`Token::from_env`), and never shown:
/// `Debug` and `Display` print a placeholder, so it cannot reach a log line by accident.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// The environment variable the token is read from.
    pub const ENV: &'static str = "DISCORD_TOKEN";

    /// Wraps a token; refuses an empty one.
    pub fn new(token: impl Into<String>) -> Result<Token, BotError> {
        let token = token.into().trim().to_string();
        if token.is_empty() {
            return Err(BotError::MissingToken);
        }
        Ok(Token(token))
    }

    /// Reads `DISCORD_TOKEN`: the only place the token is read.
    pub fn from_env() -> Result<Token, BotError> {
        Token::new(std::env::var(Self::ENV).unwrap_or_default())
    }

    /// The secret itself, for the HTTP client only.
    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The gateway events the bot needs: guild and DM messages (mentions, listen channels, DMs),
/// their text (MESSAGE_CONTENT, a privileged intent to enable in the developer portal), and
/// guilds (so the cache knows the bot's guilds). Slash commands need no intent.
pub fn intents() -> serenity::GatewayIntents {
    serenity::GatewayIntents::GUILD_MESSAGES
        | serenity::GatewayIntents::DIRECT_MESSAGES
        | serenity::GatewayIntents::MESSAGE_CONTENT
        | serenity::GatewayIntents::GUILDS
}

/// `api_base` as serenity's proxy wants it: scheme and host, without a trailing `/api/v10`.
fn proxy_base(api_base: &str) -> String {
    let base = api_base.trim().trim_end_matches('/');
    let base = base.strip_suffix("/api/v10").unwrap_or(base);
    let base = base.strip_suffix("/api").unwrap_or(base);
    base.to_string()
}

/// Runs the bot until `shutdown` resolves (or the gateway refuses the token).
///
/// The store is served as is; `/reload` swaps new facts into it. `shutdown` is a parameter,
/// not a signal handler installed here, so the CLI can wire Ctrl-C/SIGTERM and tests can stop
/// the bot without touching process-wide signals.
pub async fn run(
    config: Config,
    store: Store,
    token: Token,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let http = match config.discord.api_base.as_deref() {
        // serenity ignores the proxy while its rate limiter is on; a proxy does the limiting.
        Some(base) => serenity::HttpBuilder::new(token.expose())
            .proxy(proxy_base(base))
            .ratelimiter_disabled(true)
            .build(),
        None => serenity::Http::new(token.expose()),
    };
    if config.discord.admin_user_ids.is_empty() && config.discord.admin_role_ids.is_empty() {
        tracing::warn!(
            "no admin_user_ids or admin_role_ids configured: /reload and /stats will refuse everyone"
        );
    }
    let guild_ids = config.discord.guild_ids.clone();
    // Set by setup when registration fails, so `run` can return that error after shutting down.
    let setup_failure: Arc<Mutex<Option<String>>> = Arc::default();
    let failure = setup_failure.clone();

    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            on_error: |e| Box::pin(error::on_error(e)),
            pre_command: |ctx| {
                Box::pin(async move {
                    tracing::info!(
                        command = %ctx.command().qualified_name,
                        member = ctx.author().id.get(),
                        guild = ctx.guild_id().map(|g| g.get()),
                        channel = ctx.channel_id().get(),
                        "command"
                    );
                })
            },
            event_handler: |framework, event| Box::pin(events::handle(framework, event)),
            allowed_mentions: Some(convert::no_mentions()),
            // No prefix commands: a mention is a question for `events`, not a command prefix.
            prefix_options: poise::PrefixFrameworkOptions {
                mention_as_prefix: false,
                ..Default::default()
            },
            ..Default::default()
        })
        .initialize_owners(false)
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                let payload = commands::registration(&framework.options().commands);
                let registered = register(ctx, &guild_ids, payload).await;
                if let Err(e) = registered {
                    *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
                    let shards = framework.shard_manager().clone();
                    tokio::spawn(async move { shards.shutdown_all().await });
                    return Err(e.into());
                }
                tracing::info!(
                    bot = %ready.user.name,
                    scope = if guild_ids.is_empty() { "global" } else { "guilds" },
                    "commands registered"
                );
                Ok(Data::new(store, config))
            })
        })
        .build();

    let mut client = serenity::ClientBuilder::new_with_http(http, intents())
        .framework(framework)
        .await
        .context("creating the Discord client")?;
    let shards = client.shard_manager.clone();
    let stopper = tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: closing the gateway connection");
        shards.shutdown_all().await;
    });
    let started = client.start().await;
    stopper.abort();
    started.context("the Discord connection failed")?;
    if let Some(e) = setup_failure
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
    {
        anyhow::bail!("{e}");
    }
    Ok(())
}

/// Registers the commands in each configured guild (instant), or globally (up to an hour to
/// show up everywhere) when no guild is configured.
async fn register(
    ctx: &serenity::Context,
    guild_ids: &[u64],
    payload: Vec<serenity::CreateCommand>,
) -> Result<(), BotError> {
    if guild_ids.is_empty() {
        serenity::Command::set_global_commands(ctx, payload)
            .await
            .map_err(|e| BotError::Register(Box::new(e)))?;
    } else {
        for &guild in guild_ids {
            serenity::GuildId::new(guild)
                .set_commands(ctx, payload.clone())
                .await
                .map_err(|e| BotError::Register(Box::new(e)))?;
        }
    }
    Ok(())
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM: what `enlace serve` passes as `shutdown`.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_never_prints() {
        let token = Token::new("abc.def.secret").unwrap();
        assert!(!format!("{token:?} {token}").contains("secret"));
        assert!(Token::new("  ").is_err());
    }

    #[test]
    fn api_base_accepts_a_host_or_the_versioned_path() {
        assert_eq!(
            proxy_base("http://127.0.0.1:3000/"),
            "http://127.0.0.1:3000"
        );
        assert_eq!(proxy_base("http://proxy/api/v10"), "http://proxy");
        assert_eq!(
            proxy_base("https://proxy.example/api"),
            "https://proxy.example"
        );
    }
}
