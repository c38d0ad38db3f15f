//! Hot reload without Discord: when `watch = true`, edits to the knowledge folder are picked up.
//!
//! Polls the folder's file list, sizes and modification times (no platform notify API, so it
//! behaves the same on every system and in containers). A change is reloaded once the folder
//! has stopped changing for one interval (debounce), so a curator saving several files, or an
//! editor writing a file in two steps, causes one reload. A broken folder is logged with every
//! problem and the live facts stay.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::store::{ReloadSummary, Store};

/// What the watcher did after a change, for logs and tests.
#[derive(Debug)]
pub enum WatchEvent {
    /// The new fact base is live.
    Reloaded(ReloadSummary),
    /// The change was refused; the report lists every problem.
    Rejected(crate::knowledge::Report),
}

/// A running watcher; dropping it stops the thread.
pub struct Watcher {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Files, sizes and modification times of a folder, sorted: equal fingerprints, no change.
fn fingerprint(dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

/// Starts watching `store`'s folder every `interval`; `on_event` hears about each reload.
pub fn spawn(
    store: Store,
    interval: Duration,
    on_event: impl Fn(WatchEvent) + Send + 'static,
) -> Watcher {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // Taken before returning, so an edit made right after `spawn` is never missed.
    let mut seen = fingerprint(store.dir());
    let thread = std::thread::spawn(move || {
        let mut pending: Option<Vec<_>> = None;
        while !flag.load(Ordering::Relaxed) {
            std::thread::sleep(interval);
            let now = fingerprint(store.dir());
            match pending.take() {
                // Settled: the folder looks the same as one interval ago, and differs from
                // what is live.
                Some(previous) if previous == now => {
                    seen = now;
                    match store.reload() {
                        Ok(summary) => on_event(WatchEvent::Reloaded(summary)),
                        Err(report) => on_event(WatchEvent::Rejected(report)),
                    }
                }
                _ if now != seen => pending = Some(now),
                _ => {}
            }
        }
    });
    Watcher {
        stop,
        thread: Some(thread),
    }
}

/// Logs watcher events with tracing: what a curator running the bot looks for.
pub fn log_event(event: WatchEvent) {
    match event {
        WatchEvent::Reloaded(s) => s.log("knowledge folder watcher"),
        WatchEvent::Rejected(report) => tracing::warn!(
            errors = report.error_count(),
            "knowledge folder changed but has problems; the live facts stay:\n{report}"
        ),
    }
}
