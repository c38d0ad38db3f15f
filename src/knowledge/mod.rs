//! The fact base: types, loading and validation. No Discord, no async, no terminal.
//!
//! `load(dir)` reads every file, parses it, validates it and returns either a complete
//! `KnowledgeBase` (plus warnings) or a `Report` with every problem. It never returns half a
//! fact base: that is what lets `/reload` keep the live facts when a file is broken.

pub mod diagnostic;
pub mod embedded;
pub mod line_index;
pub mod model;
mod raw;
mod validate;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Report, Severity};
pub use model::{EventDate, Fact, FactDate, KnowledgeBase, Lang, Localized, Source, SourceKind};
pub use validate::TOPICS;

use validate::FileText;

/// Loads and validates the fact base in `dir`.
///
/// Ok holds the base and any warnings; Err holds every problem found (errors and warnings).
pub fn load(dir: &Path) -> Result<(KnowledgeBase, Report), Report> {
    let mut report = Report::default();
    let result = load_into(dir, &mut report);
    report.sort();
    match result {
        Some(kb) if !report.has_errors() => Ok((kb, report)),
        _ => Err(report),
    }
}

fn load_into(dir: &Path, report: &mut Report) -> Option<KnowledgeBase> {
    if !dir.is_dir() {
        report.push(Diagnostic::error(
            dir,
            "knowledge folder not found",
            "run from the project root, or pass --knowledge DIR (or set ENLACE_KNOWLEDGE)",
        ));
        return None;
    }
    let mut texts: HashMap<PathBuf, String> = HashMap::new();

    let sources_path = dir.join("sources.json");
    let sources = match read_text(&sources_path, report) {
        Some(text) => {
            let file = FileText::new(&sources_path, &text);
            let sources = validate::sources(&file, report);
            texts.insert(sources_path.clone(), text);
            sources
        }
        None => Vec::new(),
    };

    let aliases_path = dir.join("aliases.json");
    let (aliases, colombian) = if aliases_path.exists() {
        read_text(&aliases_path, report)
            .map(|text| aliases(&aliases_path, &text, report))
            .unwrap_or_default()
    } else {
        Default::default()
    };

    let facts_dir = dir.join("facts");
    let fact_files = list_json(&facts_dir, report);
    if fact_files.is_empty() {
        report.push(Diagnostic::error(
            &facts_dir,
            "no fact files found",
            "put facts in knowledge/facts/<topic>.json (see knowledge/README.md)",
        ));
        return None;
    }
    let source_ids: HashSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let mut pending = Vec::new();
    for (path, text, facts, problems) in read_fact_files(fact_files, &source_ids) {
        report.diagnostics.extend(problems.diagnostics);
        pending.extend(facts);
        if let Some(text) = text {
            texts.insert(path, text);
        }
    }
    let facts = validate::link(pending, &texts, report);
    if facts.is_empty() && !report.has_errors() {
        report.push(Diagnostic::error(
            &facts_dir,
            "the fact files hold no facts",
            "add at least one fact (see knowledge/README.md)",
        ));
        return None;
    }
    Some(KnowledgeBase::from_parts(
        facts, sources, aliases, colombian,
    ))
}

/// One fact file read and checked on its own: its path, text, facts and problems.
type FactFile = (PathBuf, Option<String>, Vec<validate::PendingFact>, Report);

/// Reads, parses and checks each fact file, several at once on a large base, and returns them
/// in the order given: the facts and the problems come out as if read one after another.
fn read_fact_files(files: Vec<PathBuf>, source_ids: &HashSet<&str>) -> Vec<FactFile> {
    let one = |path: PathBuf| -> FactFile {
        let mut report = Report::default();
        match read_text(&path, &mut report) {
            Some(text) => {
                let file = FileText::new(&path, &text);
                let facts = validate::facts(&file, source_ids, &mut report);
                (path, Some(text), facts, report)
            }
            None => (path, None, Vec::new(), report),
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if threads <= 1 {
        return files.into_iter().map(one).collect();
    }
    // Files are taken one at a time from a shared counter, so a big file does not hold up
    // a thread's whole share.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, FactFile)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        out.push((i, one(path.clone())));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("fact file thread panicked"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, file)| file).collect()
}

/// Reads a file as UTF-8, turning every failure into a located diagnostic.
fn read_text(path: &Path, report: &mut Report) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            let help = if err.kind() == std::io::ErrorKind::NotFound {
                "create it (see knowledge/README.md for its format)"
            } else {
                "check the file's permissions"
            };
            report.push(Diagnostic::error(
                path,
                format!("cannot read file: {err}"),
                help,
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_index::LineIndex::new(valid).position(valid.len());
            report.push(
                Diagnostic::error(
                    path,
                    "the file is not valid UTF-8",
                    "save the file as UTF-8 (most editors have an \"encoding\" option)",
                )
                .at(line, column),
            );
            None
        }
    }
}

/// The `*.json` files of a folder, sorted so reports and ids come in a stable order.
fn list_json(dir: &Path, report: &mut Report) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            report.push(Diagnostic::error(
                dir,
                format!("cannot read the facts folder: {err}"),
                "create knowledge/facts/ and put the fact files in it",
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The synonym groups of `aliases.json` and its list of names that say "Colombia".
fn aliases(path: &Path, text: &str, report: &mut Report) -> (Vec<Vec<String>>, Vec<String>) {
    let file = FileText::new(path, text);
    let parsed: raw::AliasesFile = match serde_json::from_str(text) {
        Ok(parsed) => parsed,
        Err(err) => {
            report.push(file.serde_error(0, &err));
            return Default::default();
        }
    };
    let mut colombian = Vec::new();
    for name in &parsed.colombian {
        let folded = name.trim().to_lowercase();
        if folded.is_empty() || folded.contains(' ') {
            report.push(file.error_at(
                line_index::find_sequence(text, 0, &[&format!("{name:?}")]).unwrap_or(0),
                format!("\"colombian\" entry {name:?} is not one word"),
                "list single words (a name or a place), e.g. \"duque\" or \"tolemaida\"",
            ));
            continue;
        }
        colombian.push(folded);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut groups = Vec::new();
    for (i, group) in parsed.groups.into_iter().enumerate() {
        let words: Vec<String> = group
            .iter()
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        let first = line_index::find_sequence(
            text,
            0,
            &[&format!("{:?}", group.first().map_or("", |w| w.as_str()))],
        )
        .unwrap_or(0);
        if words.len() < 2 {
            report.push(file.error_at(
                first,
                format!("alias group {} has fewer than two words", i + 1),
                "a group lists words that mean the same; remove it or add its synonyms",
            ));
            continue;
        }
        for word in &words {
            if let Some(other) = seen.get(word) {
                if *other != i {
                    report.push(file.error_at(
                        line_index::find_sequence(text, 0, &[&format!("{word:?}")]).unwrap_or(0),
                        format!(
                            "alias \"{word}\" is in two groups ({} and {})",
                            other + 1,
                            i + 1
                        ),
                        "a word may belong to only one group; merge the groups or drop one",
                    ));
                }
            } else {
                seen.insert(word.clone(), i);
            }
        }
        groups.push(words);
    }
    (groups, colombian)
}
