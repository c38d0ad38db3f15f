//! `enlace chat`: a conversation in the terminal over the shipped fact base.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use crate::config::Config;
use crate::engine::{Query, TimelineFilter};
use crate::knowledge::Lang;
use crate::render;

const HELP: &str = "\
Ask anything about NATO and Colombia, in English or Spanish, e.g.
  When did Colombia become a NATO partner?
  ¿Qué es el CIDES?
Commands:
  /timeline [FROM] [TO] [TOPIC]   dated events (e.g. /timeline 2018 2019 demining)
  /sources                        where the facts come from
  /help                           this text
  /quit                           leave (Ctrl-D works too)";

pub fn run(config: &Config) -> anyhow::Result<ExitCode> {
    let store = super::open_store(config)?;
    // Curators can edit facts while chatting; each settled edit is reloaded or refused.
    let _watcher =
        config.watch.then(|| {
            crate::watch::spawn(store.clone(), std::time::Duration::from_secs(1), |event| {
                match event {
                    crate::watch::WatchEvent::Reloaded(s) => eprintln!(
                        "(facts reloaded: {} → {}; added {:?}, removed {:?}, changed {:?})",
                        s.facts_before, s.facts_after, s.added, s.removed, s.changed
                    ),
                    crate::watch::WatchEvent::Rejected(report) => {
                        eprint!("(facts not reloaded; the live facts stay)\n{report}")
                    }
                }
            })
        });
    let interactive = std::io::stdin().is_terminal();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if interactive {
        let snapshot = store.load();
        let kb = snapshot.engine.knowledge();
        writeln!(
            out,
            "enlace — NATO–Colombia relations, {} sourced facts. Type /help for commands, /quit to leave.",
            kb.facts.len()
        )?;
    }
    let mut last_lang = Lang::En;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        if interactive {
            write!(out, "\n> ")?;
            out.flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = match line {
            Ok(line) => line,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                writeln!(out, "(that line was not valid text; please type it again)")?;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let snapshot = store.load();
        let engine = &snapshot.engine;
        if let Some(command) = line.strip_prefix('/') {
            let mut words = command.split_whitespace();
            match words.next().unwrap_or("") {
                "quit" | "exit" | "q" | "salir" => break,
                "help" | "ayuda" => writeln!(out, "{HELP}")?,
                "sources" | "fuentes" => write!(
                    out,
                    "{}",
                    render::text::sources(&engine.knowledge().sources, last_lang)
                )?,
                "timeline" | "cronologia" => {
                    let mut filter = TimelineFilter::default();
                    for word in words {
                        match word.parse::<u16>() {
                            Ok(year) if filter.from.is_none() => filter.from = Some(year),
                            Ok(year) => filter.to = Some(year),
                            Err(_) => filter.topic = Some(word.to_string()),
                        }
                    }
                    let entries = engine.timeline(&filter, last_lang);
                    write!(out, "{}", render::text::timeline(&entries, last_lang))?;
                }
                other => writeln!(out, "Unknown command /{other}. Type /help for the list.")?,
            }
            continue;
        }
        let answer = engine.ask(&Query {
            text: line.to_string(),
            lang: None,
            fallback_lang: Some(last_lang),
            answer_at: config.answer_threshold,
        });
        last_lang = answer.language;
        write!(out, "{}", render::text::answer(&answer))?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
