//! `enlace eval FILE`: answer quality on a question file, per kind, for curators.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::config::Config;
use crate::engine::Query;
use crate::eval;

/// Arguments of `eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// JSON lines: {"q": "...", "expect": ["fact-id"], "kind": "typo"}; empty expect = decline.
    file: PathBuf,
    /// List every question that went wrong.
    #[arg(long)]
    failures: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(config: &Config, args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read question file {}", args.file.display()))?;
    let cases =
        eval::parse_cases(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let store = super::open_store(config)?;
    let snapshot = store.load();
    let report = eval::run(&cases, |q| {
        let answer = snapshot.engine.ask(&Query {
            answer_at: config.answer_threshold,
            ..Query::new(q)
        });
        eval::Reply::from(&answer)
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{report}");
    if args.failures {
        for f in &report.failures {
            println!(
                "[{}] {:?}: expected {:?}, got {:?} ({:.2})",
                f.kind,
                f.q,
                if f.expect.is_empty() {
                    vec!["(decline)".to_string()]
                } else {
                    f.expect.clone()
                },
                f.got.as_deref().unwrap_or("(no answer)"),
                f.confidence
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
