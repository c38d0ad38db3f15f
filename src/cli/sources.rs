//! `enlace sources`: the sources with their dates.

use std::process::ExitCode;

use clap::Args;

use crate::config::Config;
use crate::knowledge::Lang;
use crate::render;

/// Arguments of `sources`.
#[derive(Args, Debug)]
pub struct SourcesArgs {
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
    /// Language of the dates (en or es).
    #[arg(long, value_parser = super::parse_lang, default_value = "en")]
    lang: Lang,
}

pub fn run(config: &Config, args: &SourcesArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(config)?;
    let snapshot = store.load();
    let sources = &snapshot.engine.knowledge().sources;
    if args.json {
        let list: Vec<_> = sources.iter().map(render::json::source).collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        print!("{}", render::text::sources(sources, args.lang));
    }
    Ok(ExitCode::SUCCESS)
}
