//! The synthetic fact bases of the benchmark, shared with `examples/scale.rs`: `n` facts whose
//! words are drawn from the shipped facts' vocabulary, written as the curators' JSON files.

use std::path::{Path, PathBuf};

use serde_json::json;

use enlace::engine::normalize::fold;
use enlace::knowledge::{self, KnowledgeBase, Lang};

/// The questions the benchmark cycles through: answerable, Spanish, typo, out-of-scope.
pub const QUESTIONS: &[&str] = &[
    "When did Colombia become a NATO partner?",
    "¿Qué es el CIDES?",
    "what is the itpp",
    "who visited nato hq in 2018",
    "is colombia still a nato partner",
    "Columbia demning centre ptec",
    "¿Cuándo se firmó el acuerdo de seguridad de la información?",
    "What is the capital of France?",
];

/// The shipped knowledge folder.
pub fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// Loads a fact base that must be valid.
pub fn load(dir: &Path) -> KnowledgeBase {
    match knowledge::load(dir) {
        Ok((kb, _)) => kb,
        Err(report) => panic!("{report}"),
    }
}

/// A tiny deterministic generator: benchmarks must not depend on a random seed.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    pub fn words(&mut self, vocab: &[String], n: usize) -> String {
        (0..n)
            .map(|_| vocab[self.next() % vocab.len()].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Writes into `dir` a fact base of `n` facts whose words come from the shipped vocabulary.
pub fn write(n: usize, shipped: &KnowledgeBase, dir: &Path) {
    let mut en: Vec<String> = Vec::new();
    let mut es: Vec<String> = Vec::new();
    for f in &shipped.facts {
        en.extend(
            fold(f.text(Lang::En).answer())
                .split(' ')
                .filter(|w| w.len() > 3)
                .map(str::to_string),
        );
        es.extend(
            fold(f.text(Lang::Es).answer())
                .split(' ')
                .filter(|w| w.len() > 3)
                .map(str::to_string),
        );
    }
    en.sort();
    en.dedup();
    es.sort();
    es.dedup();
    std::fs::create_dir_all(dir.join("facts")).unwrap();
    std::fs::copy(shipped_path("sources.json"), dir.join("sources.json")).unwrap();
    std::fs::copy(shipped_path("aliases.json"), dir.join("aliases.json")).unwrap();
    let source = shipped.sources[0].id.clone();
    let mut rng = Lcg(n as u64);
    for (file, chunk) in (0..n).collect::<Vec<_>>().chunks(1000).enumerate() {
        let facts: Vec<_> = chunk
            .iter()
            .map(|i| {
                let mut q = |vocab: &[String]| -> Vec<String> {
                    (0..4).map(|_| format!("{}?", rng.words(vocab, 7))).collect()
                };
                let (qen, qes) = (q(&en), q(&es));
                json!({
                    "id": format!("fact-{i}"),
                    "topics": ["partnership"],
                    "sources": [source],
                    "checked": "2026-11-28",
                    "en": {"title": rng.words(&en, 6), "answer": rng.words(&en, 40), "questions": qen},
                    "es": {"title": rng.words(&es, 6), "answer": rng.words(&es, 40), "questions": qes},
                })
            })
            .collect();
        std::fs::write(
            dir.join(format!("facts/part-{file:03}.json")),
            serde_json::to_string(&json!({ "facts": facts })).unwrap(),
        )
        .unwrap();
    }
}

fn shipped_path(name: &str) -> PathBuf {
    shipped().join(name)
}
