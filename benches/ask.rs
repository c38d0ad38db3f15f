//! Speed and scale: `cargo bench`. Numbers go to BENCHMARKS.md with the machine they ran on.
//!
//! - one question on the shipped facts;
//! - one question, load + validation + index build, and 3-letter autocomplete on synthetic fact
//!   bases of 100 to 100,000 facts made here from the shipped vocabulary;
//! - side by side at each size, the naive baseline a user might build instead: strsim
//!   similarity of the question against every stored question, best one wins.
//!
//! Memory (resident set growth while building the largest base) is printed, not benchmarked.

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use enlace::engine::{Engine, Query};

#[path = "../tests/it/baselines.rs"]
#[allow(dead_code)]
mod baselines;
use baselines::{Bm25, NaiveScan};
use enlace::knowledge::KnowledgeBase;

#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::{load, shipped, QUESTIONS};

/// Writes a fact base of `n` facts whose words are drawn from the shipped facts' vocabulary.
fn synthetic(n: usize, shipped: &KnowledgeBase) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write(n, shipped, dir.path());
    dir
}

/// Per-question latency percentiles over `rounds` questions, timed one by one: criterion
/// reports means, the targets speak of medians and the 99th percentile.
fn percentiles(engine: &Engine, rounds: usize) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|i| {
            let start = std::time::Instant::now();
            black_box(engine.ask(&Query::new(QUESTIONS[i % QUESTIONS.len()])));
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[rounds / 2], times[rounds * 99 / 100])
}

fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn bench_shipped(c: &mut Criterion) {
    let engine = Engine::build(load(&shipped()));
    let mut i = 0;
    c.bench_function("ask/shipped", |b| {
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(engine.ask(&Query::new(QUESTIONS[i])))
        })
    });
    c.bench_function("suggest/shipped/3-letter", |b| {
        b.iter(|| black_box(engine.suggest("dem", None, 25)))
    });
    let naive = NaiveScan::new(engine.knowledge());
    c.bench_function("naive-scan/shipped", |b| {
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(naive.best(QUESTIONS[i]))
        })
    });
    let bm25 = Bm25::new(engine.knowledge());
    c.bench_function("bm25/shipped", |b| {
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(bm25.best(QUESTIONS[i]))
        })
    });
    let (p50, p99) = percentiles(&engine, 5_000);
    println!("latency/shipped: p50 {p50:?}, p99 {p99:?}");
    c.bench_function("load+build/shipped", |b| {
        b.iter(|| black_box(Engine::build(load(&shipped()))))
    });
}

fn bench_scale(c: &mut Criterion) {
    let shipped_kb = load(&shipped());
    let mut group = c.benchmark_group("scale");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for n in [100usize, 1_000, 10_000, 100_000] {
        let dir = synthetic(n, &shipped_kb);
        let before = resident_kib();
        let engine = Engine::build(load(dir.path()));
        if let (Some(b), Some(a)) = (before, resident_kib()) {
            println!(
                "memory/{n}: resident set grew by {:.1} MiB",
                (a.saturating_sub(b)) as f64 / 1024.0
            );
        }
        let (p50, p99) = percentiles(&engine, 2_000);
        println!("latency/{n}: p50 {p50:?}, p99 {p99:?}");
        let mut i = 0;
        group.bench_with_input(BenchmarkId::new("ask", n), &n, |b, _| {
            b.iter(|| {
                i = (i + 1) % QUESTIONS.len();
                black_box(engine.ask(&Query::new(QUESTIONS[i])))
            })
        });
        group.bench_with_input(BenchmarkId::new("suggest-3-letter", n), &n, |b, _| {
            b.iter(|| black_box(engine.suggest("dem", None, 25)))
        });
        let bm25 = Bm25::new(engine.knowledge());
        group.bench_with_input(BenchmarkId::new("bm25", n), &n, |b, _| {
            b.iter(|| {
                i = (i + 1) % QUESTIONS.len();
                black_box(bm25.best(QUESTIONS[i]))
            })
        });
        let naive = NaiveScan::new(engine.knowledge());
        group.bench_with_input(BenchmarkId::new("naive-scan", n), &n, |b, _| {
            b.iter(|| {
                i = (i + 1) % QUESTIONS.len();
                black_box(naive.best(QUESTIONS[i]))
            })
        });
        if n >= 10_000 {
            group.bench_with_input(BenchmarkId::new("load+build", n), &n, |b, _| {
                b.iter(|| black_box(Engine::build(load(dir.path()))))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_shipped, bench_scale);
criterion_main!(benches);
