//! `enlace chat`: a conversation in the terminal over the shipped fact base.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use crate::config::Config;
use crate::engine::{Query, TimelineFilter};
use crate::knowledge::{Lang, TOPICS};
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
                "timeline" | "cronologia" => match timeline_filter(words) {
                    Ok(filter) => {
                        let entries = engine.timeline(&filter, last_lang);
                        write!(out, "{}", render::text::timeline(&entries, last_lang))?;
                    }
                    Err(problem) => writeln!(out, "{problem}")?,
                },
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

/// Reads `/timeline`'s words as people type them: years ("2018 2019", "2018-2019", "from 2018
/// to 2019", the command line's "--from 2018 --to 2019") and a topic ("demining",
/// "--topic demining"). A word that is neither gets a message listing the topics.
fn timeline_filter<'a>(words: impl Iterator<Item = &'a str>) -> Result<TimelineFilter, String> {
    let mut filter = TimelineFilter::default();
    let mut next_is_to = false;
    for word in words {
        let word = word.trim_matches(',').to_lowercase();
        match word.as_str() {
            "--from" | "from" | "desde" | "since" => continue,
            "--to" | "to" | "hasta" | "until" => {
                next_is_to = true;
                continue;
            }
            "--topic" | "topic" | "tema" => continue,
            _ => {}
        }
        let years: Vec<&str> = word.split(['-', '–']).collect();
        let parsed: Option<Vec<u16>> = years.iter().map(|y| y.parse().ok()).collect();
        match parsed.as_deref() {
            Some([year]) if next_is_to || filter.from.is_some() => filter.to = Some(*year),
            Some([year]) => filter.from = Some(*year),
            Some([from, to]) => {
                filter.from = Some(*from);
                filter.to = Some(*to);
            }
            _ => match super::topic_named(&word) {
                Some(topic) if word.len() >= 3 => filter.topic = Some(topic.to_string()),
                _ => {
                    return Err(format!(
                        "\"{word}\" is neither a year nor a topic. Try /timeline 2018 2019 demining; topics: {}.",
                        TOPICS.join(", ")
                    ))
                }
            },
        }
        next_is_to = false;
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(format!(
                "The first year ({from}) comes after the last ({to}): try /timeline {to} {from}."
            ));
        }
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (Option<u16>, Option<u16>, Option<String>);

    fn filter(line: &str) -> Result<Read, String> {
        timeline_filter(line.split_whitespace()).map(|f| (f.from, f.to, f.topic))
    }

    #[test]
    fn timeline_words_are_read_as_people_type_them() {
        let both = Ok((Some(2018), Some(2019), None));
        assert_eq!(filter("2018 2019"), both);
        assert_eq!(filter("2018-2019"), both);
        assert_eq!(filter("from 2018 to 2019"), both);
        assert_eq!(filter("--from 2018 --to 2019"), both);
        assert_eq!(filter("desde 2018 hasta 2019"), both);
        assert_eq!(filter("to 2019"), Ok((None, Some(2019), None)));
        assert_eq!(
            filter("2021 --topic demining"),
            Ok((Some(2021), None, Some("demining".to_string())))
        );
        assert_eq!(
            filter("marit"),
            Ok((None, None, Some("maritime".to_string())))
        );
    }

    #[test]
    fn a_word_that_is_no_year_or_topic_is_explained() {
        let problem = filter("2018 cheese").unwrap_err();
        assert!(problem.contains("\"cheese\""), "{problem}");
        assert!(problem.contains("demining"), "{problem}");
        assert!(filter("2020 2018")
            .unwrap_err()
            .contains("/timeline 2018 2020"));
    }
}
