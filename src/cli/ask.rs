//! `enlace ask`: one answer for people, or JSON for scripts (one object per line with `-`).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Args;

use crate::config::Config;
use crate::engine::Query;
use crate::knowledge::Lang;
use crate::render;

/// Arguments of `ask`.
#[derive(Args, Debug)]
pub struct AskArgs {
    /// Print one JSON object per question instead of text.
    #[arg(long)]
    json: bool,
    /// Also show, on stderr, how the question was read and which facts scored best.
    #[arg(long)]
    explain: bool,
    /// Answer in this language whatever the question's language (en or es).
    #[arg(long, value_parser = super::parse_lang)]
    lang: Option<Lang>,
    /// The question; "-" reads questions from standard input, one per line.
    #[arg(required = true, num_args = 1.., value_name = "QUESTION")]
    question: Vec<String>,
}

pub fn run(config: &Config, args: &AskArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(config)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let answer_one = |text: &str, out: &mut dyn Write| -> anyhow::Result<()> {
        // One snapshot per question: a reload never splits an answer.
        let snapshot = store.load();
        let query = Query {
            text: text.to_string(),
            lang: args.lang,
            fallback_lang: None,
            answer_at: config.answer_threshold,
        };
        if args.explain {
            eprint!("{}", snapshot.engine.explain(&query, 5));
        }
        let answer = snapshot.engine.ask(&query);
        if args.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string(&render::json::answer(&answer))?
            )?;
        } else {
            writeln!(out, "{}", render::text::answer(&answer))?;
        }
        Ok(())
    };
    if args.question.len() == 1 && args.question[0] == "-" {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let line = match line {
                Ok(line) => line,
                // Not UTF-8: answer it as empty rather than stop the batch.
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => String::new(),
                Err(e) => return Err(e.into()),
            };
            answer_one(line.trim_end_matches('\r'), &mut out)?;
            out.flush()?;
        }
    } else {
        answer_one(&args.question.join(" "), &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}
