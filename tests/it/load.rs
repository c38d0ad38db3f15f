//! Load: thousands of questions from many threads while the facts are reloaded over and over,
//! valid and broken versions alternating. Every answer comes from one consistent fact base,
//! none fails, and replaced fact bases are freed (memory stays flat).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

use serde_json::json;

use enlace::engine::Query;
use enlace::store::Store;

use crate::support::{fact, source, write_knowledge};

const THREADS: usize = 8;
const QUESTIONS_PER_THREAD: usize = 600;
const RELOADS: usize = 60;

fn write_generation(dir: &std::path::Path, generation: usize) {
    let mut s = source("src", "nato");
    s["title"] = json!(format!("Source generation {generation}"));
    let facts = (0..50)
        .map(|i| {
            fact(
                &format!("fact-{i}"),
                (
                    &format!("Generation {generation}, answer {i}."),
                    &[&format!("tell me about subject{i} cooperation")],
                ),
                (
                    &format!("Generación {generation}, respuesta {i}."),
                    &[&format!("háblame del asunto{i} cooperación")],
                ),
                &["src"],
            )
        })
        .collect();
    write_knowledge(dir, &[s], &[("all.json", facts)], json!({ "groups": [] }));
}

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

#[test]
fn thousands_of_questions_during_reloads_stay_consistent() {
    let dir = tempfile::tempdir().unwrap();
    write_generation(dir.path(), 0);
    let (store, _) = Store::open(dir.path()).unwrap();
    let first = Arc::downgrade(&store.load());
    let answered = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(THREADS + 1));
    let askers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (store, answered, start) = (store.clone(), answered.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                for n in 0..QUESTIONS_PER_THREAD {
                    let snapshot = store.load();
                    let i = (n * 7 + t) % 50;
                    let answer = snapshot
                        .engine
                        .ask(&Query::new(format!("tell me about subject{i} cooperation")));
                    assert!(answer.answered(), "{answer:?}");
                    let generation = answer.text.split([' ', ',']).nth(1).unwrap().to_string();
                    assert_eq!(
                        answer.citations[0].title,
                        format!("Source generation {generation}")
                    );
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    start.wait();
    let baseline = resident_kib();
    let mut refused = 0;
    for round in 1..=RELOADS {
        if round % 3 == 0 {
            std::fs::write(
                dir.path().join("facts/all.json"),
                "{ \"facts\": [ {\"id\": \"x\"} ] }",
            )
            .unwrap();
            assert!(store.reload().is_err());
            refused += 1;
        } else {
            write_generation(dir.path(), round);
            store.reload().unwrap();
        }
    }
    for asker in askers {
        asker.join().expect("an asking thread failed");
    }
    assert_eq!(
        answered.load(Ordering::Relaxed),
        THREADS * QUESTIONS_PER_THREAD
    );
    assert_eq!(refused, RELOADS / 3);
    assert!(
        first.upgrade().is_none(),
        "the first fact base was never freed"
    );
    let growth_mib = resident_kib().saturating_sub(baseline) / 1024;
    assert!(
        growth_mib < 64,
        "resident memory grew by {growth_mib} MiB over {RELOADS} reloads"
    );
}
