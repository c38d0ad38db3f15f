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
//! Reconnects and resumes are serenity's. With the rate limiter off, a 429 or 5xx reaches the
//! handlers; `retry` is the one policy every reply goes through.
//!
//! The token never reaches a log line: `Token` prints a placeholder; serenity's HTTP client
//! keeps it in a redacted secret and skips it in its spans; the one place it does show is
//! tungstenite's TRACE log of every WebSocket frame sent, IDENTIFY and RESUME included (as
//! bytes), which [`token_guard`] filters out whatever `RUST_LOG` asks for.

pub mod checks;
pub mod commands;
pub mod convert;
pub mod data;
pub mod error;
pub mod events;
pub mod retry;
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

/// Log targets whose TRACE events carry the token: tungstenite logs every WebSocket frame it
/// sends at TRACE with the payload as bytes, and the gateway's IDENTIFY and RESUME carry the
/// token. (serenity's own HTTP and gateway spans redact or skip it.)
pub const TOKEN_BEARING_TARGETS: &[&str] = &["tungstenite", "tokio_tungstenite"];

/// True for the events that may be logged: all but TRACE in [`TOKEN_BEARING_TARGETS`] (and
/// their modules).
pub fn may_log_target(level: &tracing::Level, target: &str) -> bool {
    *level != tracing::Level::TRACE
        || !TOKEN_BEARING_TARGETS.iter().any(|t| {
            target
                .strip_prefix(t)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
        })
}

/// [`may_log_target`] on an event's or span's metadata.
pub fn may_log(meta: &tracing::Metadata<'_>) -> bool {
    may_log_target(meta.level(), meta.target())
}

/// A global filter refusing what [`may_log`] refuses. A subscriber that logs the bot stacks it
/// (`fmt().with_env_filter(f).finish().with(bot::token_guard())`), so that no `RUST_LOG`, not
/// even `trace` or `tungstenite=trace`, can print the token: a filter layer vetoes events
/// whatever the env filter enables. (`log` records, such as tungstenite's, become tracing
/// events with the `log` target as theirs, so they are covered too.)
pub fn token_guard() -> tracing_subscriber::filter::FilterFn<fn(&tracing::Metadata<'_>) -> bool> {
    tracing_subscriber::filter::filter_fn(may_log as fn(&tracing::Metadata<'_>) -> bool)
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
    fn the_frames_that_carry_the_token_are_never_logged() {
        use tracing::Level;
        for target in ["tungstenite", "tungstenite::protocol", "tokio_tungstenite"] {
            assert!(!may_log_target(&Level::TRACE, target), "{target}");
            assert!(may_log_target(&Level::DEBUG, target), "{target}");
        }
        for target in [
            "serenity::http::client",
            "enlace::bot",
            "tungstenite_like",
            "hyper",
        ] {
            assert!(may_log_target(&Level::TRACE, target), "{target}");
        }
    }

    /// The guard stacked the way `enlace serve` stacks it vetoes tungstenite's TRACE events
    /// even under `RUST_LOG=trace`, and nothing else.
    #[test]
    fn the_guard_wins_over_any_env_filter() {
        use std::sync::{Arc, Mutex};
        use tracing_subscriber::layer::SubscriberExt;

        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Buffer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "trace,tungstenite::protocol=trace",
            ))
            .with_writer(move || writer.clone())
            .finish()
            .with(token_guard());
        tracing::subscriber::with_default(subscriber, || {
            tracing::trace!(target: "tungstenite::protocol", "Sending frame: [secret]");
            tracing::debug!(target: "tungstenite::protocol", "Received close frame");
            tracing::trace!(target: "serenity::gateway::shard", "heartbeat");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("Received close frame"), "{text}");
        assert!(text.contains("heartbeat"), "{text}");
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
