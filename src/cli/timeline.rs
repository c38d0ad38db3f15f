//! `enlace timeline`: the dated events, oldest first, each at its own precision.

use std::process::ExitCode;

use clap::Args;

use crate::config::Config;
use crate::engine::TimelineFilter;
use crate::knowledge::{Lang, TOPICS};
use crate::render;

/// Arguments of `timeline`.
#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// First year shown.
    #[arg(long)]
    from: Option<u16>,
    /// Last year shown.
    #[arg(long)]
    to: Option<u16>,
    /// Only events of this topic (e.g. demining, maritime, visits).
    #[arg(long)]
    topic: Option<String>,
    /// Language of the titles (en or es).
    #[arg(long, value_parser = super::parse_lang, default_value = "en")]
    lang: Lang,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

pub fn run(config: &Config, args: &TimelineArgs) -> anyhow::Result<ExitCode> {
    if let Some(topic) = &args.topic {
        if super::topic_named(topic).is_none() {
            anyhow::bail!(
                "unknown topic \"{topic}\"; the topics are: {}",
                TOPICS.join(", ")
            );
        }
    }
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            anyhow::bail!("--from {from} comes after --to {to}: swap them to see those years");
        }
    }
    let store = super::open_store(config)?;
    let snapshot = store.load();
    let filter = TimelineFilter {
        from: args.from,
        to: args.to,
        topic: args.topic.clone(),
    };
    let entries = snapshot.engine.timeline(&filter, args.lang);
    if args.json {
        for e in &entries {
            println!(
                "{}",
                serde_json::to_string(&render::json::timeline_entry(e))?
            );
        }
    } else {
        print!("{}", render::text::timeline(&entries, args.lang));
    }
    Ok(ExitCode::SUCCESS)
}
