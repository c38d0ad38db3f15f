//! Fixture builders shared by the integration tests: tiny knowledge folders made in a tempdir.

pub mod fake_discord;

use std::path::Path;

use serde_json::{json, Value};
use tempfile::TempDir;

use enlace::engine::{Answer, Engine, Query};
use enlace::knowledge;

/// A source entry of the given kind.
pub fn source(id: &str, kind: &str) -> Value {
    json!({
        "id": id,
        "title": format!("Title of {id}"),
        "publisher": format!("Publisher of {id}"),
        "kind": kind,
        "url": format!("https://example.org/{id}"),
        "published": "2019-03-15",
        "updated": null,
        "language": "en"
    })
}

/// A fact with one answer and question list per language.
pub fn fact(id: &str, en: (&str, &[&str]), es: (&str, &[&str]), sources: &[&str]) -> Value {
    json!({
        "id": id,
        "topics": ["partnership"],
        "sources": sources,
        "checked": "2026-11-28",
        "en": { "title": format!("{id} (en)"), "answer": en.0, "questions": en.1 },
        "es": { "title": format!("{id} (es)"), "answer": es.0, "questions": es.1 }
    })
}

/// Writes a knowledge folder: `files` are (name under facts/, facts).
pub fn write_knowledge(
    dir: &Path,
    sources: &[Value],
    files: &[(&str, Vec<Value>)],
    aliases: Value,
) {
    std::fs::create_dir_all(dir.join("facts")).unwrap();
    std::fs::write(
        dir.join("sources.json"),
        serde_json::to_string_pretty(&json!({ "sources": sources })).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("aliases.json"),
        serde_json::to_string_pretty(&aliases).unwrap(),
    )
    .unwrap();
    for (name, facts) in files {
        std::fs::write(
            dir.join("facts").join(name),
            serde_json::to_string_pretty(&json!({ "facts": facts })).unwrap(),
        )
        .unwrap();
    }
}

/// A small but realistic fact base: partnership, demining centre, a press-only report, a
/// disputed date and a few dated events.
pub fn small_knowledge() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sources = vec![
        source("nato-page", "nato"),
        source("nato-news", "nato"),
        source("court", "colombian-government"),
        source("semana", "press"),
    ];
    let mut partner = fact(
        "partner-2017",
        (
            "Colombia became NATO's first partner in Latin America in 2017.",
            &[
                "When did Colombia become a NATO partner?",
                "Since when is Colombia partnered with NATO?",
                "Is Colombia a NATO partner?",
            ],
        ),
        (
            "Colombia se convirtió en el primer socio latinoamericano de la OTAN en 2017.",
            &[
                "¿Cuándo se volvió Colombia socio de la OTAN?",
                "¿Desde cuándo Colombia es socio de la OTAN?",
            ],
        ),
        &["nato-page", "nato-news"],
    );
    partner["date"] = json!("2017");
    partner["disputed"] = json!(true);
    partner["related"] = json!(["cides-ptec"]);
    let mut cides = fact(
        "cides-ptec",
        (
            "Colombia's International Demining Centre (CIDES) joined NATO's PTEC network on 15 March 2019.",
            &["When did CIDES join the PTEC network?", "What is CIDES?", "Does Colombia train NATO in demining?"],
        ),
        (
            "El Centro Internacional de Desminado (CIDES) de Colombia entró en la red PTEC de la OTAN el 15 de marzo de 2019.",
            &["¿Cuándo entró el CIDES en la red PTEC?", "¿Qué es el CIDES?", "¿Colombia enseña desminado a la OTAN?"],
        ),
        &["nato-news"],
    );
    cides["topics"] = json!(["demining", "ptec"]);
    cides["date"] = json!("2019-03-15");
    let mut agreement = fact(
        "info-agreement",
        (
            "The information-security agreement was signed on 25 June 2013 and entered into force in January 2021.",
            &["When was the information security agreement signed?", "When did the security of information agreement enter into force?"],
        ),
        (
            "El acuerdo de seguridad de la información se firmó el 25 de junio de 2013 y entró en vigor en enero de 2021.",
            &["¿Cuándo se firmó el acuerdo de seguridad de la información?", "¿Cuándo entró en vigor el acuerdo de información?"],
        ),
        &["court"],
    );
    agreement["topics"] = json!(["agreements"]);
    agreement["date"] = json!("2013-06-25");
    let mut petro = fact(
        "petro-2025",
        (
            "President Gustavo Petro said in July 2025 that Colombia should stop being a NATO global partner.",
            &["Did Petro say Colombia should leave NATO?", "What did Petro say about NATO in 2025?"],
        ),
        (
            "El presidente Gustavo Petro dijo en julio de 2025 que Colombia debía dejar de ser socio global de la OTAN.",
            &["¿Petro dijo que Colombia debe salir de la OTAN?", "¿Qué dijo Petro sobre la OTAN en 2025?"],
        ),
        &["semana"],
    );
    petro["topics"] = json!(["status"]);
    petro["date"] = json!("2025-07-16");
    let mut conference = fact(
        "ptec-conference",
        (
            "CIDES hosted the 22nd PTEC Conference of Commandants in Bogota from 22 to 25 May 2023.",
            &["When did Bogota host the PTEC commandants conference?", "Where was the 22nd PTEC conference held?"],
        ),
        (
            "El CIDES organizó la 22.ª Conferencia de Comandantes de los PTEC en Bogotá del 22 al 25 de mayo de 2023.",
            &["¿Cuándo fue la conferencia de comandantes PTEC en Bogotá?", "¿Dónde se celebró la 22.ª conferencia PTEC?"],
        ),
        &["nato-news"],
    );
    conference["topics"] = json!(["ptec", "demining"]);
    conference["date"] = json!("2023-05-22");
    conference["date_end"] = json!("2023-05-25");
    write_knowledge(
        dir.path(),
        &sources,
        &[
            ("partnership.json", vec![partner, agreement, petro]),
            ("demining.json", vec![cides, conference]),
        ],
        json!({ "groups": [
            ["nato", "otan"],
            ["cides", "centro internacional de desminado", "international demining centre"],
            ["colombia", "columbia", "colombian"],
            ["partner", "socio", "partnered"],
            ["ptec", "ptecs"]
        ] }),
    );
    dir
}

/// An engine over `dir`, panicking with the report if the folder is invalid.
pub fn engine(dir: &Path) -> Engine {
    match knowledge::load(dir) {
        Ok((kb, _)) => Engine::build(kb),
        Err(report) => panic!("fixture does not load:\n{report}"),
    }
}

/// Asks `question` with no language hint.
pub fn ask(engine: &Engine, question: &str) -> Answer {
    engine.ask(&Query::new(question))
}
