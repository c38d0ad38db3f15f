//! The binary's contract: `ask --json` objects, `check` exit codes, `timeline` precision.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::support::small_knowledge;

fn enlace(knowledge: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_enlace"))
        .arg("--knowledge")
        .arg(knowledge)
        .args(args)
        .env_remove("ENLACE_KNOWLEDGE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The fields every `ask --json` object carries, with their types.
fn assert_contract(object: &Value) {
    assert!(object["answered"].is_boolean(), "{object}");
    assert!(object["answer"].is_string());
    assert!(matches!(object["language"].as_str(), Some("en" | "es")));
    assert!(object["fact_id"].is_string() || object["fact_id"].is_null());
    let confidence = object["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence));
    for source in object["sources"].as_array().unwrap() {
        for key in ["id", "title", "url"] {
            assert!(source[key].is_string(), "{source}");
        }
        assert!(source["date"].is_string() || source["date"].is_null());
    }
    assert!(object["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .all(Value::is_string));
}

#[test]
fn ask_json_prints_one_object_with_the_contract() {
    let dir = small_knowledge();
    let output = enlace(dir.path(), &["ask", "--json", "¿Qué es el CIDES?"], None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let objects = json_lines(&output);
    assert_eq!(objects.len(), 1);
    let answer = &objects[0];
    assert_contract(answer);
    assert_eq!(answer["answered"], true);
    assert_eq!(answer["language"], "es");
    assert_eq!(answer["fact_id"], "cides-ptec");
    assert_eq!(answer["sources"][0]["id"], "nato-news");
    assert_eq!(answer["sources"][0]["date"], "2019-03-15");
}

#[test]
fn ask_json_from_stdin_answers_every_line_in_order() {
    let dir = small_knowledge();
    let questions = "When did Colombia become a NATO partner?\n\nWhat is the capital of France?\n¿Qué dijo Petro sobre la OTAN en 2025?\n";
    let output = enlace(dir.path(), &["ask", "--json", "-"], Some(questions));
    assert!(output.status.success());
    let objects = json_lines(&output);
    assert_eq!(objects.len(), 4, "one object per line, blank included");
    objects.iter().for_each(assert_contract);
    assert_eq!(objects[0]["fact_id"], "partner-2017");
    assert_eq!(
        objects[1]["answered"], false,
        "a blank line is not answered"
    );
    assert_eq!(objects[2]["answered"], false);
    assert!(!objects[2]["suggestions"].as_array().unwrap().is_empty());
    assert_eq!(objects[3]["fact_id"], "petro-2025");
    assert_eq!(objects[3]["language"], "es");
}

#[test]
fn ask_prints_sources_for_people() {
    let dir = small_knowledge();
    let output = enlace(dir.path(), &["ask", "What", "is", "CIDES?"], None);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Sources:"), "{text}");
    assert!(text.contains("https://example.org/nato-news"), "{text}");
}

#[test]
fn check_passes_on_a_valid_base_and_fails_with_locations() {
    let dir = small_knowledge();
    let ok = enlace(dir.path(), &["check"], None);
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("ok: 5 facts"));
    std::fs::write(
        dir.path().join("facts/demining.json"),
        "{\"facts\": [\n  {\"id\": 3}\n]}",
    )
    .unwrap();
    let broken = enlace(dir.path(), &["check"], None);
    assert_eq!(broken.status.code(), Some(1));
    let text = String::from_utf8_lossy(&broken.stdout);
    assert!(text.contains("demining.json:2:"), "{text}");
}

#[test]
fn a_missing_fact_base_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let output = enlace(&missing, &["ask", "hello"], None);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("nowhere"), "names the path: {err}");
    assert!(err.contains("knowledge folder not found"), "{err}");
}

#[test]
fn timeline_json_keeps_precision_and_filters() {
    let dir = small_knowledge();
    let output = enlace(
        dir.path(),
        &["timeline", "--json", "--from", "2017", "--to", "2019"],
        None,
    );
    let events = json_lines(&output);
    let dates: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap(),
                e["precision"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(dates, [("2017", "year"), ("2019-03-15", "day")]);
    let spanish = enlace(
        dir.path(),
        &["timeline", "--lang", "es", "--topic", "ptec"],
        None,
    );
    let text = String::from_utf8(spanish.stdout).unwrap();
    assert!(text.contains("22–25 de mayo de 2023"), "{text}");
    // A topic that does not exist is an error that lists the ones that do, not an empty list.
    let unknown = enlace(dir.path(), &["timeline", "--topic", "cheese"], None);
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("cheese") && err.contains("demining"), "{err}");
}

#[test]
fn chat_answers_and_understands_its_commands() {
    let dir = small_knowledge();
    let output = enlace(
        dir.path(),
        &["chat"],
        Some(
            "What is CIDES?\n/timeline --from 2019 --to 2019\n/sources\n/help\n/quit\nnever read\n",
        ),
    );
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("International Demining Centre"), "{text}");
    assert!(text.contains("15 March 2019"), "{text}");
    assert!(text.contains("Title of court"), "{text}");
    assert!(text.contains("/timeline"), "{text}");
    assert!(!text.contains("never read"));
}

#[test]
fn sources_json_lists_every_source_with_dates() {
    let dir = small_knowledge();
    let output = enlace(dir.path(), &["sources", "--json"], None);
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert_eq!(list[0]["published"], "2019-03-15");
}
