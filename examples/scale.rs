//! Times one synthetic fact base phase by phase, without criterion's repetitions: what a
//! performance change is checked with before the full `cargo bench`.
//!
//! `cargo run --release --example scale -- write N DIR` writes the base of `benches/ask.rs` (and
//! `DIR/probes.txt`, questions near its stored ones, to compare answers before and after a
//! change with `enlace ask --json --knowledge DIR -`);
//! `cargo run --release --example scale -- time DIR [ROUNDS]` loads, indexes and asks.

use std::path::Path;
use std::time::{Duration, Instant};

use enlace::engine::{index::Index, normalize::Normalizer, Engine, Query};
use enlace::knowledge::Lang;

#[path = "../benches/support/synthetic.rs"]
mod synthetic;
use synthetic::{load, shipped, Lcg, QUESTIONS};

/// CPU time used by the process so far (all threads), from /proc: wall time is noisy on a
/// machine shared with other builds, CPU time much less so.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Questions made from the stored ones: whole, shortened, with a typo, mixed with another's.
fn probes(dir: &Path) -> Vec<String> {
    let kb = load(dir);
    let mut rng = Lcg(7);
    let mut out = Vec::new();
    for _ in 0..300 {
        let fact = &kb.facts[rng.next() % kb.facts.len()];
        let text = if rng.next() % 2 == 0 {
            fact.text(Lang::En)
        } else {
            fact.text(Lang::Es)
        };
        let q = text
            .question(rng.next() % text.question_count())
            .expect("a stored question");
        let words: Vec<&str> = q.trim_end_matches('?').split(' ').collect();
        out.push(q.to_string());
        out.push(words[..words.len().min(3)].join(" "));
        let mut typo: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let i = rng.next() % typo.len();
        if typo[i].len() > 5 {
            let mut w: Vec<char> = typo[i].chars().collect();
            w.swap(1, 2);
            typo[i] = w.into_iter().collect();
        }
        out.push(typo.join(" "));
        let other = kb.facts[rng.next() % kb.facts.len()].text(Lang::En).title();
        out.push(format!("{} {other}", words[..2].join(" ")));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("write") => {
            let n: usize = args[1].parse().expect("N");
            let dir = Path::new(&args[2]);
            synthetic::write(n, &load(&shipped()), dir);
            std::fs::write(dir.join("probes.txt"), probes(dir).join("\n") + "\n").unwrap();
        }
        Some("time") => {
            let dir = Path::new(&args[1]);
            let rounds: usize = args.get(2).map_or(5_000, |r| r.parse().expect("ROUNDS"));
            let before = resident_kib();
            let (start, cpu_start) = (Instant::now(), cpu());
            let kb = load(dir);
            let loaded = start.elapsed();
            let cpu_loaded = cpu() - cpu_start;
            let after_load = resident_kib();
            let (t, cpu_t) = (Instant::now(), cpu());
            let engine = Engine::build(kb);
            let built = t.elapsed();
            let cpu_built = cpu() - cpu_t;
            let grew = |from: Option<u64>| match (from, resident_kib()) {
                (Some(b), Some(a)) => a.saturating_sub(b) as f64 / 1024.0,
                _ => f64::NAN,
            };
            println!(
                "load {loaded:.2?}, Engine::build {built:.2?}, load + build {:.2?}; \
                 resident set grew {:.1} MiB ({:.1} MiB while building)",
                loaded + built,
                grew(before),
                grew(after_load),
            );
            println!("cpu: load {cpu_loaded:.2?}, Engine::build {cpu_built:.2?}");
            let t = Instant::now();
            let normalizer = Normalizer::new(&engine.knowledge().aliases);
            drop(Index::build(engine.knowledge(), &normalizer));
            println!("index alone, again: {:.2?}", t.elapsed());
            let mut times: Vec<Duration> = (0..rounds)
                .map(|i| {
                    let start = Instant::now();
                    std::hint::black_box(engine.ask(&Query::new(QUESTIONS[i % QUESTIONS.len()])));
                    start.elapsed()
                })
                .collect();
            let mean = times.iter().sum::<Duration>() / rounds as u32;
            times.sort();
            println!(
                "ask over {rounds}: mean {mean:.2?}, p50 {:.2?}, p99 {:.2?}, max {:.2?}",
                times[rounds / 2],
                times[rounds * 99 / 100],
                times[rounds - 1]
            );
            for q in QUESTIONS {
                let start = Instant::now();
                for _ in 0..20 {
                    std::hint::black_box(engine.ask(&Query::new(*q)));
                }
                println!("  {:>9.2?}  {q}", start.elapsed() / 20);
            }
        }
        _ => eprintln!("usage: scale write N DIR | scale time DIR [ROUNDS]"),
    }
}
