//! Broken fact bases are refused with every problem located at file:line, in plain words.

use std::path::Path;

use serde_json::json;

use enlace::knowledge::{self, Report};

use crate::support::{fact, small_knowledge, source, write_knowledge};

fn problems(dir: &Path) -> Report {
    match knowledge::load(dir) {
        Ok(_) => panic!("the broken fact base was accepted"),
        Err(report) => report,
    }
}

/// Asserts one diagnostic names `file` with a line, and mentions `needle`.
fn assert_located(report: &Report, file: &str, needle: &str) {
    let found = report
        .diagnostics
        .iter()
        .any(|d| d.path.ends_with(file) && d.line.is_some() && d.to_string().contains(needle));
    assert!(
        found,
        "no located diagnostic in {file} mentioning {needle:?}:\n{report}"
    );
}

fn rewrite(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "fixture has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_fixture_itself_is_valid() {
    let dir = small_knowledge();
    let (kb, warnings) = knowledge::load(dir.path()).unwrap();
    assert_eq!(kb.facts.len(), 5);
    assert!(warnings.diagnostics.is_empty(), "{warnings}");
}

#[test]
fn a_first_question_that_is_not_a_question_is_a_located_warning() {
    let dir = small_knowledge();
    // Users see each fact's first stored question as a suggestion.
    rewrite(
        dir.path(),
        "facts/partnership.json",
        "\"When did Colombia become a NATO partner?\"",
        "\"colombia nato partner year\", \"When did Colombia become a NATO partner?\"",
    );
    let (kb, warnings) = knowledge::load(dir.path()).expect("a warning refuses nothing");
    assert_eq!(kb.facts.len(), 5);
    assert_located(
        &warnings,
        "facts/partnership.json",
        "colombia nato partner year",
    );
    assert_eq!(warnings.diagnostics.len(), 1, "{warnings}");
    assert!(warnings.to_string().contains("ending with"), "{warnings}");
}

#[test]
fn malformed_json_is_located() {
    let dir = small_knowledge();
    rewrite(
        dir.path(),
        "facts/demining.json",
        "\"topics\"",
        "\"topics\" \"oops\",",
    );
    let report = problems(dir.path());
    assert_located(&report, "facts/demining.json", "expected");
    let d = &report.diagnostics[0];
    assert!(
        d.line.unwrap() > 1,
        "points inside the file, not at its start: {d}"
    );
}

#[test]
fn unknown_fields_and_missing_languages_are_named() {
    let dir = small_knowledge();
    rewrite(
        dir.path(),
        "facts/demining.json",
        "\"checked\"",
        "\"chekced\"",
    );
    rewrite(
        dir.path(),
        "facts/partnership.json",
        "\"es\": {",
        "\"fr\": {",
    );
    let report = problems(dir.path());
    assert_located(&report, "facts/demining.json", "unknown field `chekced`");
    assert_located(&report, "facts/partnership.json", "unknown field `fr`");
}

#[test]
fn every_broken_reference_is_reported_not_just_the_first() {
    let dir = small_knowledge();
    rewrite(
        dir.path(),
        "facts/partnership.json",
        "\"nato-page\"",
        "\"nato-pgae\"",
    );
    rewrite(
        dir.path(),
        "facts/partnership.json",
        "\"cides-ptec\"",
        "\"cides-ptecs\"",
    );
    rewrite(
        dir.path(),
        "facts/demining.json",
        "\"2019-03-15\"",
        "\"2019-02-30\"",
    );
    let report = problems(dir.path());
    assert_located(
        &report,
        "facts/partnership.json",
        "source that does not exist: \"nato-pgae\"",
    );
    assert_located(
        &report,
        "facts/partnership.json",
        "related fact that does not exist: \"cides-ptecs\"",
    );
    assert_located(
        &report,
        "facts/demining.json",
        "impossible date \"2019-02-30\"",
    );
    assert!(report.error_count() >= 3);
}

#[test]
fn duplicate_ids_across_files_name_both_places() {
    let dir = small_knowledge();
    rewrite(
        dir.path(),
        "facts/demining.json",
        "\"id\": \"ptec-conference\"",
        "\"id\": \"partner-2017\"",
    );
    let report = problems(dir.path());
    // Files load in name order, so the second definition is the one in partnership.json.
    assert_located(
        &report,
        "facts/partnership.json",
        "duplicate fact id \"partner-2017\"",
    );
    assert!(
        report.to_string().contains("demining.json:"),
        "names the first place too: {report}"
    );
}

#[test]
fn empty_answers_questions_and_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut no_questions = fact("b", ("B.", &[]), ("B.", &["¿B?"]), &["s"]);
    no_questions["es"]["questions"] = json!([]);
    write_knowledge(
        dir.path(),
        &[source("s", "nato")],
        &[(
            "a.json",
            vec![
                fact("a", ("", &["A?"]), ("A.", &["¿A?"]), &["s"]),
                no_questions,
                json!({"topics": ["partnership"], "sources": ["s"], "checked": "2026-11-28",
                       "en": {"title": "t", "answer": "x", "questions": ["q"]},
                       "es": {"title": "t", "answer": "x", "questions": ["q"]}}),
                fact("d", ("D.", &["D?"]), ("D.", &["¿D?"]), &[]),
            ],
        )],
        json!({"groups": []}),
    );
    let report = problems(dir.path());
    assert_located(&report, "a.json", "empty en answer");
    assert_located(&report, "a.json", "no en questions");
    assert_located(&report, "a.json", "no es questions");
    assert_located(&report, "a.json", "missing field `id`");
    assert_located(&report, "a.json", "cites no source");
}

#[test]
fn bad_sources_are_refused() {
    let dir = small_knowledge();
    rewrite(
        dir.path(),
        "sources.json",
        "https://example.org/court",
        "example dot org",
    );
    rewrite(
        dir.path(),
        "sources.json",
        "\"published\": \"2019-03-15\"",
        "\"published\": \"2019-13\"",
    );
    rewrite(
        dir.path(),
        "sources.json",
        "\"kind\": \"press\"",
        "\"kind\": \"blog\"",
    );
    let report = problems(dir.path());
    assert_located(&report, "sources.json", "invalid URL");
    assert_located(&report, "sources.json", "impossible published date");
    assert_located(&report, "sources.json", "unknown variant `blog`");
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let dir = small_knowledge();
    let path = dir.path().join("facts/demining.json");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.splice(40..40, [0xff, 0xfe]);
    std::fs::write(&path, bytes).unwrap();
    let report = problems(dir.path());
    assert_located(&report, "facts/demining.json", "not valid UTF-8");
}

#[test]
fn empty_and_missing_folders_say_what_to_do() {
    let empty = tempfile::tempdir().unwrap();
    let report = problems(empty.path());
    assert!(
        report.to_string().contains("no fact files found"),
        "{report}"
    );
    let missing = empty.path().join("nope");
    let report = problems(&missing);
    assert!(
        report.to_string().contains("knowledge folder not found"),
        "{report}"
    );
    assert!(report.to_string().contains("--knowledge"), "{report}");
}

#[test]
fn a_date_end_before_its_start_is_refused() {
    let dir = small_knowledge();
    rewrite(
        dir.path(),
        "facts/demining.json",
        "\"2023-05-25\"",
        "\"2023-05-20\"",
    );
    let report = problems(dir.path());
    assert_located(
        &report,
        "facts/demining.json",
        "ends (2023-05-20) before it starts",
    );
}
