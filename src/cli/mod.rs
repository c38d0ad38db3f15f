//! The terminal adapters: argument parsing and one module per command.
//!
//! Each command parses its arguments, asks the engine, renders and prints; nothing here decides
//! what the answer is.

mod ask;
mod chat;
mod check;
mod eval;
mod serve;
mod sources;
mod timeline;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::knowledge::Lang;
use crate::store::Store;

/// enlace: sourced answers about NATO–Colombia relations, in English and Spanish.
#[derive(Parser, Debug)]
#[command(name = "enlace", version, about, long_about = None)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// The knowledge folder (default: `knowledge` from the config, or ENLACE_KNOWLEDGE).
    #[arg(long, global = true, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
    /// The settings file.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        default_value = "config/enlace.toml"
    )]
    pub config: PathBuf,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Talk to the bot in the terminal (try /help inside).
    Chat,
    /// Answer one question ("-" reads one question per line from standard input).
    Ask(ask::AskArgs),
    /// Validate the fact base; lists every problem with file:line:column.
    Check,
    /// The dated events, oldest first.
    Timeline(timeline::TimelineArgs),
    /// The sources facts are curated from.
    Sources(sources::SourcesArgs),
    /// Answer quality on a question file (JSON lines with the expected fact ids).
    Eval(eval::EvalArgs),
    /// Run the Discord bot (token from DISCORD_TOKEN)
    Serve,
}

/// Parses a language option.
pub fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_code(text).ok_or_else(|| format!("unknown language {text:?}: use en or es"))
}

/// The topic a typed word begins ("marit" → maritime), as the timeline matches topics; None
/// when it begins none, so the caller can list the ones there are.
pub fn topic_named(word: &str) -> Option<&'static str> {
    let folded = crate::engine::normalize::fold(word);
    let folded = folded.trim();
    (!folded.is_empty())
        .then(|| {
            crate::knowledge::TOPICS
                .iter()
                .copied()
                .find(|t| t.starts_with(folded))
        })
        .flatten()
}

/// Settings after the file, the environment and the flags are combined.
pub fn settings(common: &Common) -> anyhow::Result<Config> {
    let explicit = common.config != std::path::Path::new("config/enlace.toml");
    let mut config = Config::load(&common.config, explicit)?;
    config.apply_env(|name| std::env::var(name).ok())?;
    if let Some(dir) = &common.knowledge {
        config.knowledge = dir.clone();
    }
    Ok(config)
}

/// Opens the fact base, or explains why it cannot (every problem, with file and line).
///
/// When the default folder is absent (the binary runs outside the project), the fact base
/// built into the binary answers instead, and stderr says so.
pub fn open_store(config: &Config) -> anyhow::Result<Store> {
    let mut dir = config.knowledge.clone();
    if dir == std::path::Path::new("knowledge")
        && !dir.exists()
        && crate::knowledge::embedded::file_count() > 0
    {
        dir = crate::knowledge::embedded::extract()
            .context("writing the built-in fact base to a temporary folder")?;
        eprintln!(
            "note: no knowledge/ folder here; answering from the fact base built into this binary (pass --knowledge DIR to use another)"
        );
    }
    match Store::open(&dir) {
        Ok((store, warnings)) => {
            if !warnings.diagnostics.is_empty() {
                eprint!("{warnings}");
            }
            Ok(store)
        }
        Err(report) => {
            eprint!("{report}");
            Err(anyhow::anyhow!(
                "the fact base in {} has {} problem(s); run `enlace check --knowledge {}` after fixing them",
                config.knowledge.display(),
                report.error_count(),
                config.knowledge.display()
            ))
        }
    }
}

/// Runs the parsed command; the exit code says how it went (0 ok, 1 check failed, 2 error).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = settings(&cli.common).context("reading settings")?;
    match cli.command {
        Command::Chat => chat::run(&config),
        Command::Ask(args) => ask::run(&config, &args),
        Command::Check => check::run(&config),
        Command::Timeline(args) => timeline::run(&config, &args),
        Command::Sources(args) => sources::run(&config, &args),
        Command::Eval(args) => eval::run(&config, &args),
        Command::Serve => serve::run(&config),
    }
}
