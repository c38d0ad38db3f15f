//! The live fact base: one immutable snapshot, swapped atomically on reload.
//!
//! Readers call `load()` once per request and keep that `Arc` for the whole answer, so a
//! question answered during a reload sees the old or the new fact base, never a mix. A reload
//! that fails validation changes nothing. Reloads are serialised by a mutex; readers never wait.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use arc_swap::ArcSwap;

use crate::engine::Engine;
use crate::knowledge::{self, Report};

/// One loaded fact base and its engine, never mutated.
pub struct Snapshot {
    /// The engine (which owns the fact base).
    pub engine: Engine,
    /// Increases by one on every successful reload.
    pub version: u64,
    /// When it was loaded.
    pub loaded_at: SystemTime,
}

/// What a successful reload changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadSummary {
    /// Facts before the reload.
    pub facts_before: usize,
    /// Facts after.
    pub facts_after: usize,
    /// Ids that are new.
    pub added: Vec<String>,
    /// Ids that are gone.
    pub removed: Vec<String>,
    /// Ids whose content changed.
    pub changed: Vec<String>,
    /// Sources before and after.
    pub sources_before: usize,
    /// Sources after.
    pub sources_after: usize,
    /// Warnings of the new fact base.
    pub warnings: Report,
    /// Version now live.
    pub version: u64,
}

impl ReloadSummary {
    /// Logs what a reload changed, the way every reload path reports it; `origin` says who asked
    /// (the watcher, `/reload`).
    pub fn log(&self, origin: &str) {
        tracing::info!(
            origin,
            version = self.version,
            facts_before = self.facts_before,
            facts_after = self.facts_after,
            added = ?self.added,
            removed = ?self.removed,
            changed = ?self.changed,
            "facts reloaded"
        );
    }
}

/// A cheap-to-clone handle on the live snapshot and the folder it reloads from.
#[derive(Clone)]
pub struct Store {
    live: Arc<ArcSwap<Snapshot>>,
    dir: PathBuf,
    reloading: Arc<Mutex<()>>,
}

impl Store {
    /// Loads `dir`; fails with every problem if it is not a valid fact base.
    pub fn open(dir: &Path) -> Result<(Store, Report), Report> {
        let (kb, warnings) = knowledge::load(dir)?;
        let snapshot = Snapshot {
            engine: Engine::build(kb),
            version: 1,
            loaded_at: SystemTime::now(),
        };
        Ok((
            Store {
                live: Arc::new(ArcSwap::from_pointee(snapshot)),
                dir: dir.to_path_buf(),
                reloading: Arc::new(Mutex::new(())),
            },
            warnings,
        ))
    }

    /// The snapshot to answer one request with.
    pub fn load(&self) -> Arc<Snapshot> {
        self.live.load_full()
    }

    /// The folder reloads read.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Re-reads the folder; swaps the new fact base in, or returns every problem and keeps
    /// the live one. Blocking (reads files, builds the index): call it off the async runtime.
    pub fn reload(&self) -> Result<ReloadSummary, Report> {
        // Held across no await: reloads are plain blocking calls. Poisoning only means an
        // earlier reload panicked, which left the live snapshot untouched, so go on.
        let _guard = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let (kb, warnings) = knowledge::load(&self.dir)?;
        let old = self.load();
        let old_kb = old.engine.knowledge();
        let before: HashMap<&str, &knowledge::Fact> =
            old_kb.facts.iter().map(|f| (f.id.as_str(), f)).collect();
        let after: HashMap<&str, &knowledge::Fact> =
            kb.facts.iter().map(|f| (f.id.as_str(), f)).collect();
        let ids = |m: &HashMap<&str, &knowledge::Fact>| -> BTreeSet<String> {
            m.keys().map(|k| k.to_string()).collect()
        };
        let (before_ids, after_ids) = (ids(&before), ids(&after));
        let changed = after
            .iter()
            .filter(|(id, fact)| before.get(*id).is_some_and(|old| !old.same_content(fact)))
            .map(|(id, _)| id.to_string())
            .collect::<BTreeSet<_>>();
        let summary = ReloadSummary {
            facts_before: old_kb.facts.len(),
            facts_after: kb.facts.len(),
            added: after_ids.difference(&before_ids).cloned().collect(),
            removed: before_ids.difference(&after_ids).cloned().collect(),
            changed: changed.into_iter().collect(),
            sources_before: old_kb.sources.len(),
            sources_after: kb.sources.len(),
            warnings,
            version: old.version + 1,
        };
        self.live.store(Arc::new(Snapshot {
            engine: Engine::build(kb),
            version: summary.version,
            loaded_at: SystemTime::now(),
        }));
        Ok(summary)
    }
}
