//! Reload: a failed reload changes nothing; concurrent questions see old or new, never a mix.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::json;

use enlace::engine::Query;
use enlace::store::Store;

use crate::support::{fact, small_knowledge, source, write_knowledge};

#[test]
fn a_good_reload_reports_what_changed() {
    let dir = small_knowledge();
    let (store, _) = Store::open(dir.path()).unwrap();
    let path = dir.path().join("facts/partnership.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    file["facts"][0]["en"]["answer"] =
        json!("Colombia became NATO's first Latin American partner, in 2017.");
    file["facts"][0]["related"] = json!([]);
    std::fs::write(&path, file.to_string()).unwrap();
    std::fs::remove_file(dir.path().join("facts/demining.json")).unwrap();
    let summary = store.reload().unwrap();
    assert_eq!(summary.facts_before, 5);
    assert_eq!(summary.facts_after, 3);
    assert_eq!(summary.removed, ["cides-ptec", "ptec-conference"]);
    assert_eq!(summary.changed, ["partner-2017"]);
    assert!(summary.added.is_empty());
    assert_eq!(store.load().version, 2);
    let answer = store
        .load()
        .engine
        .ask(&Query::new("when did colombia become a nato partner"));
    assert!(
        answer
            .text
            .contains("first Latin American partner, in 2017"),
        "{}",
        answer.text
    );
}

#[test]
fn a_failed_reload_keeps_the_live_facts() {
    let dir = small_knowledge();
    let (store, _) = Store::open(dir.path()).unwrap();
    std::fs::write(
        dir.path().join("facts/demining.json"),
        "{ \"facts\": [ { \"id\": ",
    )
    .unwrap();
    let report = store.reload().unwrap_err();
    assert!(report.to_string().contains("demining.json:1:"), "{report}");
    let live = store.load();
    assert_eq!(live.version, 1);
    assert_eq!(live.engine.knowledge().facts.len(), 5);
    let answer = live.engine.ask(&Query::new("What is CIDES?"));
    assert_eq!(
        answer.fact_id.as_deref(),
        Some("cides-ptec"),
        "old facts still answer"
    );
}

/// Two versions of one fact base whose every answer and source title name the version, so an
/// answer mixing two versions is visible.
fn write_version(dir: &std::path::Path, version: &str) {
    let mut s = source("src", "nato");
    s["title"] = json!(format!("Source {version}"));
    let facts = (0..20)
        .map(|i| {
            fact(
                &format!("fact-{i}"),
                (
                    &format!("Answer {version} number {i}."),
                    &[&format!("question about topic{i} partnership")],
                ),
                (
                    &format!("Respuesta {version} número {i}."),
                    &[&format!("pregunta sobre tema{i} asociación")],
                ),
                &["src"],
            )
        })
        .collect();
    write_knowledge(dir, &[s], &[("all.json", facts)], json!({ "groups": [] }));
}

#[test]
fn concurrent_questions_see_one_version_during_reloads() {
    let dir = tempfile::tempdir().unwrap();
    write_version(dir.path(), "alpha");
    let (store, _) = Store::open(dir.path()).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let askers: Vec<_> = (0..4)
        .map(|t| {
            let store = store.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut asked = 0;
                while !stop.load(Ordering::Relaxed) || asked < 50 {
                    let snapshot = store.load();
                    let answer = snapshot.engine.ask(&Query::new(format!(
                        "question about topic{} partnership",
                        (asked + t) % 20
                    )));
                    assert!(answer.answered(), "{answer:?}");
                    let version = if answer.text.contains("alpha") {
                        "alpha"
                    } else {
                        "beta"
                    };
                    assert!(answer.text.contains(version));
                    assert_eq!(
                        answer.citations[0].title,
                        format!("Source {version}"),
                        "answer and source from one version"
                    );
                    asked += 1;
                }
                asked
            })
        })
        .collect();
    for round in 0..30 {
        let version = if round % 2 == 0 { "beta" } else { "alpha" };
        if round % 5 == 4 {
            std::fs::write(dir.path().join("facts/all.json"), "{ broken").unwrap();
            assert!(store.reload().is_err());
        } else {
            write_version(dir.path(), version);
            store.reload().unwrap();
        }
    }
    stop.store(true, Ordering::Relaxed);
    for asker in askers {
        assert!(asker.join().expect("an asker panicked") >= 50);
    }
}

#[test]
fn the_watcher_reloads_edits_and_rejects_broken_ones() {
    use std::sync::mpsc;
    use std::time::Duration;

    use enlace::watch::{self, WatchEvent};

    let dir = tempfile::tempdir().unwrap();
    write_version(dir.path(), "alpha");
    let (store, _) = Store::open(dir.path()).unwrap();
    let (tx, rx) = mpsc::channel();
    let _watcher = watch::spawn(store.clone(), Duration::from_millis(50), move |e| {
        let _ = tx.send(e);
    });
    let wait = || {
        rx.recv_timeout(Duration::from_secs(10))
            .expect("no reload within 10 s")
    };

    write_version(dir.path(), "beta");
    assert!(matches!(wait(), WatchEvent::Reloaded(s) if s.changed.len() == 20));
    let answer = store
        .load()
        .engine
        .ask(&Query::new("question about topic3 partnership"));
    assert!(answer.text.contains("beta"), "{}", answer.text);

    std::fs::write(dir.path().join("facts/all.json"), "{ \"facts\": [ oops ] }").unwrap();
    match wait() {
        WatchEvent::Rejected(report) => {
            assert!(report.to_string().contains("all.json:1:"), "{report}")
        }
        other => panic!("broken edit was not rejected: {other:?}"),
    }
    let answer = store
        .load()
        .engine
        .ask(&Query::new("question about topic3 partnership"));
    assert!(
        answer.text.contains("beta"),
        "live facts stay: {}",
        answer.text
    );
}
