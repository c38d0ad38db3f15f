//! Answer quality on the question sets in `tests/questions/`, printed per kind, next to the two
//! baselines a user could build instead (`baselines.rs`).
//!
//! `dev.jsonl` to `dev6.jsonl` are tuned on; `holdout.jsonl` to `holdout4.jsonl` are never
//! looked at while tuning, so their figures say how the bot does on questions it has not seen. `cargo test quality -- --nocapture` shows the tables.

use std::path::Path;

use enlace::engine::Engine;
use enlace::eval::{self, Case, Report};

use crate::baselines::{self, Bm25, NaiveScan};
use crate::shipped::shipped;

fn cases(file: &str) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/questions")
        .join(file);
    eval::parse_cases(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

struct Figures {
    enlace: Report,
    naive: Report,
    bm25: Report,
}

/// Runs enlace and both baselines (thresholds tuned on the development set) over `file`.
fn evaluate(file: &str) -> Figures {
    let engine = Engine::build(shipped());
    let kb = engine.knowledge();
    let cases = cases(file);
    for case in &cases {
        for id in &case.expect {
            assert!(
                kb.fact(id).is_some(),
                "{file}: unknown fact id {id} for {:?}",
                case.q
            );
        }
    }
    let dev = self::cases("dev.jsonl");
    let naive = NaiveScan::new(kb);
    let bm25 = Bm25::new(kb);
    let naive_at = baselines::tune(&dev, |q| naive.best(q));
    let bm25_at = baselines::tune(&dev, |q| bm25.best(q));
    let figures = Figures {
        enlace: eval::run_engine(&cases, &engine),
        naive: eval::run(&cases, |q| baselines::reply(naive.best(q), naive_at)),
        bm25: eval::run(&cases, |q| baselines::reply(bm25.best(q), bm25_at)),
    };
    println!(
        "\n== {file}: enlace ({} questions)\n{}",
        cases.len(),
        figures.enlace
    );
    println!(
        "-- naive fuzzy scan (declines below {naive_at:.2})\n{}",
        figures.naive
    );
    println!(
        "-- BM25 over fact texts (declines below {bm25_at:.2})\n{}",
        figures.bm25
    );
    // Held-back failures stay unprinted: reading them is how a held-back set becomes one more
    // set tuned on. `enlace eval FILE --failures` shows them to whoever decides to look.
    let held_back = file.starts_with("holdout");
    for f in figures.enlace.failures.iter().filter(|_| !held_back) {
        println!(
            "  [{}] {:?} expected {:?} got {:?} ({:.2})",
            f.kind, f.q, f.expect, f.got, f.confidence
        );
    }
    figures
}

/// The share a kind is judged on: correct answers, or correct declines.
fn kind_score(report: &Report, kind: &str) -> f64 {
    let t = &report.kinds[kind];
    if t.answerable > 0 {
        t.accuracy()
    } else {
        t.decline_rate()
    }
}

/// Floors, not goals: a change that drops below them is a regression a user would notice.
fn assert_floors(report: &Report, answered: f64, declined: f64, wrong: f64) {
    let t = &report.total;
    assert!(t.answerable + t.unanswerable >= 100, "too few questions");
    assert!(
        t.accuracy() >= answered,
        "answerable accuracy {:.3} < {answered}",
        t.accuracy()
    );
    assert!(
        t.decline_rate() >= declined,
        "decline rate {:.3} < {declined}",
        t.decline_rate()
    );
    assert!(
        t.wrong_rate() <= wrong,
        "confidently wrong {:.3} > {wrong}",
        t.wrong_rate()
    );
}

fn assert_beats_baselines(figures: &Figures) {
    assert_beats_baselines_overall(figures);
    for kind in figures.enlace.kinds.keys() {
        let ours = kind_score(&figures.enlace, kind);
        for (name, other) in [("naive scan", &figures.naive), ("BM25", &figures.bm25)] {
            let theirs = kind_score(other, kind);
            assert!(
                ours >= theirs,
                "{kind}: enlace {ours:.3} < {name} {theirs:.3}"
            );
        }
    }
}

fn assert_beats_baselines_overall(figures: &Figures) {
    let overall = |r: &Report| r.total.correct + r.total.declined;
    assert!(overall(&figures.enlace) > overall(&figures.naive));
    assert!(overall(&figures.enlace) > overall(&figures.bm25));
}

#[test]
fn development_set_floors_and_baselines() {
    let figures = evaluate("dev.jsonl");
    assert_floors(&figures.enlace, 0.93, 0.91, 0.05);
    assert_beats_baselines(&figures);
}

/// The held-back set's floors sit just under today's figures (see BENCHMARKS.md): they catch a
/// regression on unseen questions. The targets (95% / 95% / 2%, and beating both baselines on
/// every kind) are not met on this set yet; BENCHMARKS.md says where it falls short.
#[test]
fn held_back_set_floors_and_baselines() {
    let figures = evaluate("holdout.jsonl");
    assert_floors(&figures.enlace, 0.86, 0.79, 0.125);
    assert_beats_baselines_overall(&figures);
}

/// A second held-back set, written by a third author from the sources and the fact answers
/// only (never the stored questions), and never looked at question by question.
#[test]
fn second_held_back_set_floors_and_baselines() {
    let figures = evaluate("holdout2.jsonl");
    assert_floors(&figures.enlace, 0.90, 0.79, 0.10);
    assert_beats_baselines_overall(&figures);
}

/// A third development set, typo-heavy chat English and chat Spanish ("kuando", "xq"),
/// written by a fourth author from the fact answers only.
#[test]
fn typo_development_set_floors_and_baselines() {
    let figures = evaluate("dev3.jsonl");
    assert_floors(&figures.enlace, 0.96, 0.96, 0.02);
    assert_beats_baselines_overall(&figures);
}

/// A second development set, written later by another author to tune on without spending the
/// held-back set. Its floors sit just under today's figures.
#[test]
fn second_development_set_floors_and_baselines() {
    let figures = evaluate("dev2.jsonl");
    assert_floors(&figures.enlace, 0.87, 0.82, 0.115);
    assert_beats_baselines_overall(&figures);
}

/// A fourth development set (2026-11-29), written by a fifth author as chat users would ask,
/// spread over 160 facts; its first run gave 71.6% / 86.2% / 11.8%, below the other sets.
#[test]
fn fourth_development_set_floors_and_baselines() {
    let figures = evaluate("dev4.jsonl");
    assert_floors(&figures.enlace, 0.87, 0.90, 0.065);
    assert_beats_baselines_overall(&figures);
}

/// A fifth development set (2026-12-03), written by a sixth author from the sources and the
/// fact answers, spread over 184 facts; its first run gave 71.4% / 83.3% / 10.5%.
#[test]
fn fifth_development_set_floors_and_baselines() {
    let figures = evaluate("dev5.jsonl");
    assert_floors(&figures.enlace, 0.84, 0.83, 0.10);
    assert_beats_baselines_overall(&figures);
}

/// A third held-back set (2026-12-03), written by a seventh author the same way and run once
/// before and once after the day's changes; never looked at question by question. It is the
/// hardest set: long, specific questions whose words are in the answers rather than in the
/// stored questions.
#[test]
fn third_held_back_set_floors_and_baselines() {
    let figures = evaluate("holdout3.jsonl");
    assert_floors(&figures.enlace, 0.86, 0.86, 0.08);
    assert_beats_baselines_overall(&figures);
}

/// A sixth development set (2026-12-04), written by an eighth author as four personas would ask
/// (an officer, a student, a journalist, a chat member): long questions with framing of their
/// own. Its first run gave 59.3% / 88.3% / 6.5%.
#[test]
fn sixth_development_set_floors_and_baselines() {
    let figures = evaluate("dev6.jsonl");
    assert_floors(&figures.enlace, 0.80, 0.88, 0.08);
    assert_beats_baselines_overall(&figures);
}

/// A fourth held-back set (2026-12-04), written by a ninth author from the sources and the
/// fact answers only; run before and after the day's changes, never looked at question by
/// question. Its first run gave 67.6% / 93.3% / 6.0%.
#[test]
fn fourth_held_back_set_floors_and_baselines() {
    let figures = evaluate("holdout4.jsonl");
    assert_floors(&figures.enlace, 0.80, 0.91, 0.06);
    assert_beats_baselines_overall(&figures);
}

/// A seventh development set (2026-12-04), written by a tenth author from the sources and the
/// facts, worded away from every earlier set and every stored question. Its first run gave
/// 72.9% / 85.0% / 8.5% before the day's first change and 77.1% / 85.0% / 8.5% after it.
#[test]
fn seventh_development_set_floors_and_baselines() {
    let figures = evaluate("dev7.jsonl");
    assert_floors(&figures.enlace, 0.82, 0.88, 0.08);
    assert_beats_baselines_overall(&figures);
}

/// A fifth held-back set (2026-12-04), written by an eleventh author from the sources and the
/// facts' answers only (never their stored questions), after that day's curation rounds had
/// been judged on the four older held-back sets' totals: the one set no decision has seen.
/// Its first run, after every change of the day, gave 91.4% / 80.0% / 8.7%.
#[test]
fn fifth_held_back_set_floors_and_baselines() {
    let figures = evaluate("holdout5.jsonl");
    assert_floors(&figures.enlace, 0.90, 0.77, 0.09);
    assert_beats_baselines_overall(&figures);
}
