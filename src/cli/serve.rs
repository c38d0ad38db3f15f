//! `enlace serve`: run the Discord bot on the configured fact base.
//!
//! The token comes from `DISCORD_TOKEN` only (never a file, never a flag, never logged). Logs are
//! structured `tracing` output filtered by `log_level` (or `RUST_LOG`). Ctrl-C or SIGTERM closes
//! the gateway connection cleanly.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::bot;
use crate::config::Config;

/// How often the knowledge folder is polled when `watch = true`.
const WATCH_INTERVAL: Duration = Duration::from_secs(2);

/// Starts logging, opens the fact base and serves Discord until Ctrl-C / SIGTERM.
pub fn run(config: &Config) -> anyhow::Result<ExitCode> {
    init_tracing(&config.log_level);
    let token = bot::Token::from_env()?;
    let store = super::open_store(config)?;
    let _watcher = config
        .watch
        .then(|| crate::watch::spawn(store.clone(), WATCH_INTERVAL, crate::watch::log_event));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(bot::run(
        config.clone(),
        store,
        token,
        bot::shutdown_signal(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `RUST_LOG` wins over the configured level, so an operator can turn on debug logs ad hoc.
fn init_tracing(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(level))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // The token guard drops the WebSocket library's TRACE frames, which spell out the gateway
    // login (token included) as bytes, whatever RUST_LOG asks for. A subscriber may already be
    // set (embedding); keep it then.
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .finish()
        .with(crate::bot::token_guard())
        .try_init();
}
