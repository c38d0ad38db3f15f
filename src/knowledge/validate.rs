//! Raw JSON → validated model, collecting every problem with its file and line.
//!
//! This is the only door into `model`: the engine never sees a fact that cites a missing source,
//! a related id that does not exist, an impossible date or a missing language.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::value::RawValue;

use super::diagnostic::{Diagnostic, Report};
use super::line_index::{find_sequence, LineIndex};
use super::model::{EventDate, Fact, FactDate, FileTexts, LocalizedText, Source, SourceKind};
use super::raw;

/// The topic words a fact may carry (see `knowledge/README.md`).
pub const TOPICS: &[&str] = &[
    "partnership",
    "programmes",
    "agreements",
    "status",
    "demining",
    "ptec",
    "maritime",
    "education",
    "integrity",
    "science",
    "cyber",
    "wps",
    "visits",
    "people",
    "operations",
    "glossary",
];

/// Longest answer accepted without a warning: a chat message should be read at a glance.
const LONG_ANSWER_CHARS: usize = 900;
/// Hard ceiling on an answer: beyond it the text no longer fits an embed with its sources.
const MAX_ANSWER_CHARS: usize = 2500;

/// One file's text with what is needed to turn offsets into positions.
pub struct FileText<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    index: LineIndex<'a>,
}

impl<'a> FileText<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        FileText {
            path,
            text,
            index: LineIndex::new(text),
        }
    }

    /// An error at a byte offset of this file.
    pub fn error_at(&self, offset: usize, message: String, help: &str) -> Diagnostic {
        let (line, column) = self.index.position(offset);
        Diagnostic::error(self.path, message, help).at(line, column)
    }

    /// Byte offset of `raw` inside this file (it borrows from `text`).
    pub fn offset_of(&self, raw: &RawValue) -> usize {
        let start = raw.get().as_ptr() as usize;
        let base = self.text.as_ptr() as usize;
        start.saturating_sub(base).min(self.text.len())
    }

    /// A serde_json error, whose position is relative to the slice starting at `base`.
    pub fn serde_error(&self, base: usize, err: &serde_json::Error) -> Diagnostic {
        let (base_line, base_col) = self.index.position(base);
        let (line, column) = match (err.line(), err.column()) {
            (0, _) => (base_line, base_col),
            (1, c) => (base_line, base_col + c.saturating_sub(1)),
            (l, c) => (base_line + l - 1, c),
        };
        let offset = self.index.offset(line, column);
        let (line, column) = self.index.position(offset);
        let message = serde_message(err);
        let help = serde_help(&message);
        Diagnostic::error(self.path, message, help).at(line, column)
    }

    /// Points at `needles` inside the fact or source starting at `base`, else at `base`.
    fn locate(&self, base: usize, needles: &[&str]) -> usize {
        find_sequence(self.text, base, needles).unwrap_or(base)
    }
}

fn serde_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    // serde_json appends " at line L column C"; we print our own position.
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn serde_help(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "remove the field or fix its spelling; the allowed fields are listed in knowledge/README.md"
    } else if message.contains("missing field `en`") || message.contains("missing field `es`") {
        "every fact needs both an `en` and an `es` block with title, answer and questions"
    } else if message.starts_with("missing field") {
        "add the field; knowledge/README.md lists which fields are required"
    } else if message.starts_with("unknown variant") {
        "use one of the values listed in the message"
    } else if message.starts_with("invalid type") {
        "this value has the wrong type; compare with the example in knowledge/README.md"
    } else if message.contains("EOF") {
        "the file ends too early: a closing bracket or brace is missing"
    } else {
        "fix the JSON syntax here: look for a missing comma, quote or bracket just before this point"
    }
}

/// Links, markdown links and mentions have no place in a fact's text (see SECURITY.md).
fn markup_in(text: &str) -> Option<&'static str> {
    // Matched without regard to ASCII case, as `text.to_lowercase()` would, without copying
    // every answer: no character outside ASCII lowercases to a letter of these patterns.
    let bytes = text.as_bytes();
    let at = |i: usize, needle: &str| {
        bytes
            .get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    let (mut link, mut mention) = (false, false);
    let mut check = |i: usize, b: u8| match b.to_ascii_lowercase() {
        b'h' => link |= at(i, "http://") || at(i, "https://"),
        b'w' => link |= at(i, "www."),
        b'@' => mention |= at(i, "@everyone") || at(i, "@here"),
        _ => {}
    };
    // Eight bytes at a time: a reload checks two hundred thousand answers, and most runs of
    // eight bytes hold no 'h', 'w' or '@' (nor '`', which 0x20 set makes of '@' as well).
    const LOW: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let has = |x: u64, b: u8| {
        let t = x ^ (LOW * u64::from(b));
        t.wrapping_sub(LOW) & !t & HIGH != 0
    };
    let mut i = 0;
    while let Some(eight) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes")) | (LOW * 0x20);
        if has(x, b'h') || has(x, b'w') || has(x, b'`') {
            for (k, &b) in eight.iter().enumerate() {
                check(i + k, b);
            }
        }
        i += 8;
    }
    for (k, &b) in bytes[i..].iter().enumerate() {
        check(i + k, b);
    }
    if link {
        Some("a link")
    } else if text.contains("](") {
        Some("a markdown link")
    } else if mention || text.contains("<@") {
        Some("a mention")
    } else {
        None
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Validates the sources of `sources.json`; returns those that are valid.
pub fn sources(file: &FileText<'_>, report: &mut Report) -> Vec<Source> {
    let parsed: raw::SourcesFile<'_> = match serde_json::from_str(file.text) {
        Ok(parsed) => parsed,
        Err(err) => {
            report.push(file.serde_error(0, &err));
            return Vec::new();
        }
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for raw_value in parsed.sources {
        let base = file.offset_of(raw_value);
        let source: raw::Source = match serde_json::from_str(raw_value.get()) {
            Ok(s) => s,
            Err(err) => {
                report.push(file.serde_error(base, &err));
                continue;
            }
        };
        let at = |needles: &[&str]| file.locate(base, needles);
        let mut ok = true;
        if !is_valid_id(&source.id) {
            report.push(file.error_at(
                at(&["\"id\""]),
                format!("source id {:?} is not a valid id", source.id),
                "use lowercase letters, digits and dashes, e.g. \"nato-news-2019-03-15\"",
            ));
            ok = false;
        } else if let Some(&first) = seen.get(&source.id) {
            let (line, _) = file.index.position(first);
            report.push(file.error_at(
                at(&["\"id\""]),
                format!(
                    "duplicate source id \"{}\" (first defined at line {line})",
                    source.id
                ),
                "give each source its own id, or merge the two entries",
            ));
            ok = false;
        } else {
            seen.insert(source.id.clone(), base);
        }
        for (field, value) in [
            ("title", &source.title),
            ("publisher", &source.publisher),
            ("language", &source.language),
        ] {
            if value.trim().is_empty() {
                report.push(file.error_at(
                    at(&[&format!("\"{field}\"")]),
                    format!("source \"{}\" has an empty {field}", source.id),
                    "fill it in from the source itself",
                ));
                ok = false;
            }
        }
        if !is_valid_url(&source.url) {
            report.push(file.error_at(
                at(&["\"url\""]),
                format!(
                    "source \"{}\" has an invalid URL {:?}",
                    source.id, source.url
                ),
                "use the full address, starting with https:// or http://",
            ));
            ok = false;
        }
        let mut date_field = |field: &str, value: &Option<String>| -> Option<FactDate> {
            let text = value.as_deref()?;
            let parsed = FactDate::parse(text);
            if parsed.is_none() {
                report.push(file.error_at(
                    at(&[&format!("\"{field}\"")]),
                    format!(
                        "source \"{}\" has an impossible {field} date {text:?}",
                        source.id
                    ),
                    "write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source shows, or null",
                ));
                ok = false;
            }
            parsed
        };
        let published = date_field("published", &source.published);
        let updated = date_field("updated", &source.updated);
        if ok {
            out.push(Source {
                id: source.id,
                title: source.title,
                publisher: source.publisher,
                kind: match source.kind {
                    raw::SourceKind::Nato => SourceKind::Nato,
                    raw::SourceKind::ColombianGovernment => SourceKind::ColombianGovernment,
                    raw::SourceKind::OtherInstitution => SourceKind::OtherInstitution,
                    raw::SourceKind::Press => SourceKind::Press,
                },
                url: source.url,
                published,
                updated,
                language: source.language,
                note: source.note.filter(|n| !n.trim().is_empty()),
            });
        }
    }
    out
}

fn is_valid_url(text: &str) -> bool {
    match url::Url::parse(text) {
        Ok(url) => {
            matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| h.contains('.'))
                && !text.chars().any(char::is_whitespace)
        }
        Err(_) => false,
    }
}

/// A fact that parsed and passed its own checks, waiting for the cross-file checks.
pub struct PendingFact {
    pub fact: Fact,
    /// Where the fact starts in its file: its id and related ids are found from here only
    /// when a cross-file check fails, not searched for in each of a hundred thousand facts.
    base: usize,
}

/// Parses and checks one facts file against the known sources.
pub fn facts(
    file: &FileText<'_>,
    source_ids: &HashSet<&str>,
    report: &mut Report,
) -> Vec<PendingFact> {
    let parsed: raw::FactsFile<'_> = match serde_json::from_str(file.text) {
        Ok(parsed) => parsed,
        Err(err) => {
            report.push(file.serde_error(0, &err));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    let mut texts = FileTexts::new(file.path);
    // Facts read their texts from the finished buffer, shared once every fact is in.
    let unfinished = Arc::new(FileTexts::default());
    let mut shared = SharedLists::default();
    for raw_value in parsed.facts {
        let base = file.offset_of(raw_value);
        let fact: raw::Fact = match serde_json::from_str(raw_value.get()) {
            Ok(f) => f,
            Err(err) => {
                report.push(file.serde_error(base, &err));
                continue;
            }
        };
        out.push(fact_checks(
            file,
            (&mut texts, &unfinished),
            base,
            fact,
            (source_ids, &mut shared),
            report,
        ));
    }
    texts.shrink_to_fit();
    let texts = Arc::new(texts);
    for pending in &mut out {
        pending.fact.with_texts(&texts);
    }
    out
}

/// Lists the facts of a file mostly repeat (the same few sources, the same topics), each
/// distinct one kept once: a large base has a hundred thousand facts.
#[derive(Default)]
struct SharedLists {
    sources: HashSet<Arc<[String]>>,
    topics: HashSet<Arc<[&'static str]>>,
}

/// The kept list equal to `list`, kept now if it is the first.
fn share<T: Eq + std::hash::Hash>(kept: &mut HashSet<Arc<[T]>>, list: Vec<T>) -> Arc<[T]> {
    if let Some(same) = kept.get(list.as_slice()) {
        return Arc::clone(same);
    }
    let list: Arc<[T]> = list.into();
    kept.insert(Arc::clone(&list));
    list
}

fn fact_checks(
    file: &FileText<'_>,
    (texts, unfinished): (&mut FileTexts, &Arc<FileTexts>),
    base: usize,
    fact: raw::Fact<'_>,
    (source_ids, shared): (&HashSet<&str>, &mut SharedLists),
    report: &mut Report,
) -> PendingFact {
    let at = |needles: &[&str]| file.locate(base, needles);
    let id = fact.id.clone();
    if !is_valid_id(&id) {
        report.push(file.error_at(
            at(&["\"id\""]),
            format!("fact id {id:?} is not a valid id"),
            "use lowercase letters, digits and dashes, e.g. \"santos-visit-2018\"",
        ));
    }
    if fact.topics.is_empty() {
        report.push(file.error_at(
            at(&["\"topics\""]),
            format!("fact \"{id}\" has no topics"),
            "add at least one topic word from knowledge/README.md",
        ));
    }
    for topic in &fact.topics {
        if !TOPICS.contains(&topic.as_str()) {
            report.push(file.error_at(
                at(&["\"topics\"", &format!("\"{topic}\"")]),
                format!("fact \"{id}\" has an unknown topic \"{topic}\""),
                &format!("use one of: {}", TOPICS.join(", ")),
            ));
        }
    }
    if fact.sources.is_empty() {
        report.push(file.error_at(
            at(&["\"sources\""]),
            format!("fact \"{id}\" cites no source"),
            "every fact must cite at least one source id from sources.json",
        ));
    }
    for source in &fact.sources {
        if !source_ids.contains(source.as_str()) {
            report.push(file.error_at(
                at(&["\"sources\"", &format!("\"{source}\"")]),
                format!("fact \"{id}\" cites a source that does not exist: \"{source}\""),
                "add the source to sources.json, or fix the id's spelling",
            ));
        }
    }
    let mut date = |field: &str, value: Option<&str>| -> Option<FactDate> {
        let text = value?;
        let parsed = FactDate::parse(text);
        if parsed.is_none() {
            report.push(file.error_at(
                at(&[&format!("\"{field}\"")]),
                format!("fact \"{id}\" has an impossible {field} {text:?}"),
                "write YYYY, YYYY-MM or YYYY-MM-DD, exactly as precise as the source",
            ));
        }
        parsed
    };
    let start = date("date", fact.date.as_deref());
    let end = date("date_end", fact.date_end.as_deref());
    let checked = date("checked", Some(fact.checked.as_str()));
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            report.push(file.error_at(
                at(&["\"date_end\""]),
                format!(
                    "fact \"{id}\" ends ({}) before it starts ({})",
                    end.iso(),
                    start.iso()
                ),
                "date_end is the last day of the event and must not come before date",
            ));
        }
    }
    if fact.date_end.is_some() && fact.date.is_none() {
        report.push(file.error_at(
            at(&["\"date_end\""]),
            format!("fact \"{id}\" has a date_end but no date"),
            "add the first day as date, or remove date_end",
        ));
    }
    if checked.is_some_and(|c| c.day.is_none()) {
        report.push(file.error_at(
            at(&["\"checked\""]),
            format!("fact \"{id}\" has a checked date without a day"),
            "write the full day you compared the fact with its sources: YYYY-MM-DD",
        ));
    }
    for (lang, text) in [("en", &fact.en), ("es", &fact.es)] {
        let key = format!("\"{lang}\"");
        for (field, value) in [("title", &text.title), ("answer", &text.answer)] {
            if value.trim().is_empty() {
                report.push(file.error_at(
                    at(&[&key, &format!("\"{field}\"")]),
                    format!("fact \"{id}\" has an empty {lang} {field}"),
                    "write it in our own words; knowledge/README.md shows an example",
                ));
            }
        }
        for (field, value) in [("title", &text.title), ("answer", &text.answer)] {
            if let Some(found) = markup_in(value) {
                report.push(file.error_at(
                    at(&[&key, &format!("\"{field}\"")]),
                    format!("fact \"{id}\" has {found} in its {lang} {field}"),
                    "write plain text: links come only from the cited sources' URLs, and the bot never mentions anyone",
                ));
            }
        }
        let answer_chars = text.answer.chars().count();
        if answer_chars > MAX_ANSWER_CHARS {
            report.push(file.error_at(
                at(&[&key, "\"answer\""]),
                format!("fact \"{id}\" has a {lang} answer of {answer_chars} characters"),
                &format!(
                    "keep answers under {LONG_ANSWER_CHARS} characters; split the fact in two"
                ),
            ));
        } else if answer_chars > LONG_ANSWER_CHARS {
            report.push(
                file.error_at(
                    at(&[&key, "\"answer\""]),
                    format!("fact \"{id}\" has a long {lang} answer ({answer_chars} characters)"),
                    "a chat answer is read at a glance: shorten it or split the fact",
                )
                .warning(),
            );
        }
        match text.questions.iter().map(|q| q.0.trim()).find(|q| !q.is_empty()) {
            None => report.push(file.error_at(
                at(&[&key, "\"questions\""]),
                format!("fact \"{id}\" has no {lang} questions"),
                "add at least three ways people would ask for this fact",
            )),
            // The first stored question is the one users see: in "did you mean", in related
            // questions, in the autocomplete list before anything is typed. Keyword searches
            // belong after it.
            Some(first) if !first.ends_with('?') => report.push(
                file.error_at(
                    at(&[&key, "\"questions\""]),
                    format!(
                        "fact \"{id}\"'s first {lang} question \"{first}\" is not a question, \
                         yet users are shown it as one"
                    ),
                    "put a whole question first, ending with \"?\"; keyword-style ways of asking go after it",
                )
                .warning(),
            ),
            Some(_) => {}
        }
    }
    // A fact with errors still takes part in the cross-file checks (duplicate ids, related
    // ids), so one run reports everything; the report's errors refuse the whole base anyway.
    fn localized<'t>(l: &'t raw::Localized<'_>) -> LocalizedText<'t> {
        LocalizedText {
            title: l.title.trim(),
            answer: l.answer.trim(),
            questions: l
                .questions
                .iter()
                .map(|q| q.0.trim())
                .filter(|q| !q.is_empty())
                .collect(),
        }
    }
    // An unknown topic has been reported above (the base is refused); the model keeps only
    // the known ones, as the list's own strings.
    let topics: Vec<&'static str> = fact
        .topics
        .iter()
        .filter_map(|topic| {
            TOPICS
                .iter()
                .find(|known| **known == topic.as_str())
                .copied()
        })
        .collect();
    let topics = share(&mut shared.topics, topics);
    let sources = share(&mut shared.sources, fact.sources);
    PendingFact {
        fact: Fact::new(
            fact.id,
            topics,
            start.map(|start| EventDate {
                start,
                end,
                approximate: fact.date_approximate,
            }),
            sources,
            fact.related,
            checked.unwrap_or(FactDate {
                year: 1900,
                month: None,
                day: None,
            }),
            fact.disputed,
            texts,
            unfinished,
            localized(&fact.en),
            localized(&fact.es),
        ),
        base,
    }
}

/// Cross-file checks: unique fact ids and related ids that resolve.
///
/// `files` maps each path to its text so positions can be computed again.
pub fn link(
    pending: Vec<PendingFact>,
    files: &HashMap<PathBuf, String>,
    report: &mut Report,
) -> Vec<Fact> {
    // The line and column of `needles` in the fact starting at `base` of `path`.
    let position = |path: &Path, base: usize, needles: &[&str]| -> (usize, usize) {
        files.get(path).map_or((1, 1), |text| {
            let offset = find_sequence(text, base, needles).unwrap_or(base);
            LineIndex::new(text).position(offset)
        })
    };
    let id_position = |path: &Path, base: usize| position(path, base, &["\"id\""]);
    let mut first_seen: HashMap<&str, (&Path, usize)> = HashMap::new();
    for p in &pending {
        if let Some(&(path, base)) = first_seen.get(p.fact.id.as_str()) {
            let (line, _) = id_position(path, base);
            let (l, c) = id_position(p.fact.file(), p.base);
            report.push(
                Diagnostic::error(
                    p.fact.file(),
                    format!(
                        "duplicate fact id \"{}\" (first defined at {}:{line})",
                        p.fact.id,
                        path.display()
                    ),
                    "ids must be unique across all fact files: rename one, or merge the two facts",
                )
                .at(l, c),
            );
        } else {
            first_seen.insert(&p.fact.id, (p.fact.file(), p.base));
        }
    }
    let ids: HashSet<&str> = pending.iter().map(|p| p.fact.id.as_str()).collect();
    for p in &pending {
        for related in &p.fact.related {
            let problem = if !ids.contains(related.as_str()) {
                Some(format!(
                    "fact \"{}\" lists a related fact that does not exist: \"{related}\"",
                    p.fact.id
                ))
            } else if related == &p.fact.id {
                Some(format!("fact \"{}\" lists itself as related", p.fact.id))
            } else {
                None
            };
            if let Some(message) = problem {
                let (l, c) = position(
                    p.fact.file(),
                    p.base,
                    &["\"related\"", &format!("\"{related}\"")],
                );
                report.push(
                    Diagnostic::error(
                        p.fact.file(),
                        message,
                        "use the id of an existing fact, or remove it from related",
                    )
                    .at(l, c),
                );
            }
        }
    }
    let mut facts: Vec<Fact> = pending.into_iter().map(|p| p.fact).collect();
    // The collect reuses the larger `PendingFact` buffer; the base keeps only what it needs.
    facts.shrink_to_fit();
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_found_whatever_its_case() {
        let cases = [
            ("see HTTPS://nato.int", Some("a link")),
            ("Http://x.y", Some("a link")),
            ("visit WWW.nato.int", Some("a link")),
            ("[here](x)", Some("a markdown link")),
            ("hi @EveryOne", Some("a mention")),
            ("@Here now", Some("a mention")),
            ("ping <@123>", Some("a mention")),
            ("Ñandú, whether http or www, at NATO HQ", None),
            ("ends with htt", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(markup_in(text), expected, "{text}");
            assert_eq!(markup_in(&text.to_lowercase()), expected, "{text}");
        }
    }

    #[test]
    fn markup_is_found_wherever_it_starts() {
        let found = [
            ("HTTP://x", "a link"),
            ("https://x", "a link"),
            ("Www.x", "a link"),
            ("@EVERYONE", "a mention"),
            ("@here", "a mention"),
        ];
        for (markup, expected) in found {
            for before in 0..20 {
                for after in 0..10 {
                    let text = format!("{}{markup}{}", "é`hw@ ".repeat(before), " x".repeat(after));
                    assert_eq!(markup_in(&text), Some(expected), "{text}");
                }
            }
        }
        for len in 0..40 {
            let text: String = "ht tp ww w.@ every one `here "
                .chars()
                .cycle()
                .take(len)
                .collect();
            assert_eq!(markup_in(&text), None, "{text}");
        }
    }
}
