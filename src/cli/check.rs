//! `enlace check`: validate the fact base and list every problem.

use std::process::ExitCode;

use crate::config::Config;
use crate::knowledge;

pub fn run(config: &Config) -> anyhow::Result<ExitCode> {
    match knowledge::load(&config.knowledge) {
        Ok((kb, warnings)) => {
            eprint!("{warnings}");
            let dated = kb.facts.iter().filter(|f| f.date.is_some()).count();
            println!(
                "ok: {} facts ({dated} dated), {} sources, {} alias groups in {}{}",
                kb.facts.len(),
                kb.sources.len(),
                kb.aliases.len(),
                config.knowledge.display(),
                if warnings.diagnostics.is_empty() {
                    String::new()
                } else {
                    format!("; {} warning(s)", warnings.diagnostics.len())
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(report) => {
            print!("{report}");
            println!(
                "{} error(s) in {}; nothing was loaded",
                report.error_count(),
                config.knowledge.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}
