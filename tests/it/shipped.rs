//! The shipped fact base: loads cleanly and keeps the promises every answer relies on.

use std::path::{Path, PathBuf};

use enlace::engine::{Engine, Outcome, Query};
use enlace::knowledge::{self, KnowledgeBase, Lang, SourceKind};

pub fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

pub fn shipped() -> KnowledgeBase {
    match knowledge::load(&shipped_dir()) {
        Ok((kb, warnings)) => {
            assert!(
                warnings.diagnostics.is_empty(),
                "the shipped facts have warnings:\n{warnings}"
            );
            kb
        }
        Err(report) => panic!("the shipped facts do not load:\n{report}"),
    }
}

#[test]
fn every_fact_is_bilingual_sourced_and_askable() {
    let kb = shipped();
    assert!(kb.facts.len() >= 100, "only {} facts", kb.facts.len());
    for fact in &kb.facts {
        assert!(!fact.sources.is_empty(), "{} cites nothing", fact.id);
        for lang in [Lang::En, Lang::Es] {
            let text = fact.text(lang);
            assert!(
                text.question_count() >= 3,
                "{} has few {lang} questions",
                fact.id
            );
            assert!(
                text.answer().chars().count() <= 900,
                "{} {lang} answer is long",
                fact.id
            );
        }
    }
}

#[test]
fn every_source_of_the_brief_is_registered_and_cited() {
    let kb = shipped();
    assert_eq!(kb.sources.len(), 41);
    for source in &kb.sources {
        let cited = kb.facts.iter().any(|f| f.sources.contains(&source.id));
        assert!(cited, "source {} is cited by no fact", source.id);
    }
    assert!(kb.sources.iter().any(|s| s.kind == SourceKind::Press));
}

#[test]
fn the_binary_falls_back_to_its_built_in_facts_outside_the_project() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_enlace"))
        .args(["ask", "--json", "When did Colombia become a NATO partner?"])
        .current_dir(elsewhere.path())
        .env_remove("ENLACE_KNOWLEDGE")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["answered"], true, "{answer}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("built into this binary"));
}

#[test]
fn the_present_status_question_gets_the_newest_sourced_state() {
    let engine = Engine::build(shipped());
    for question in [
        "Is Colombia still a NATO partner?",
        "¿Colombia sigue siendo socio de la OTAN?",
    ] {
        let answer = engine.ask(&Query::new(question));
        assert_eq!(answer.outcome, Outcome::Answered, "{question}");
        assert!(answer.text.contains("2025"), "{question}: {}", answer.text);
        assert!(answer.citations.len() >= 2, "{question}: cites both sides");
    }
}

#[test]
fn colombia_is_never_called_a_member_when_asked() {
    let engine = Engine::build(shipped());
    for question in [
        "Is Colombia a NATO member?",
        "¿Colombia es miembro de la OTAN?",
        "is colombia a nato ally",
    ] {
        let answer = engine.ask(&Query::new(question));
        assert_eq!(answer.outcome, Outcome::Answered, "{question}");
        let text = answer.text.to_lowercase();
        assert!(
            text.contains("partner") || text.contains("socio"),
            "{question}: {}",
            answer.text
        );
    }
}

/// Questions put in words no fact uses ("justify", "stance"), and the member-vs-partner
/// questions about defence: answered from the fact that holds the rest of the question.
#[test]
fn paraphrases_in_words_no_fact_uses_are_answered() {
    let engine = Engine::build(shipped());
    for (question, expected) in [
        ("how does petro justify leaving nato", "petro-nato-reasons"),
        ("colombia's stance on nato's WPS stuff", "wps-alignment"),
        (
            "would nato come and defend colombia if it got invaded",
            "partnership-obligations",
        ),
        (
            "¿Colombia puede invocar el artículo 5 de la OTAN?",
            "partnership-obligations",
        ),
        (
            "colombia had two IPCPs, how do they differ from the ITPP",
            "ipcp-vs-itpp",
        ),
        // Chat English drops the g of "-ing": "goin" is "going", an everyday word.
        (
            "is operation ocean shield still goin",
            "glossary-ocean-shield",
        ),
        // A pronoun says nothing; "NATO's maritime HQ" is MARCOM by another name.
        (
            "has colombia got anybody posted at nato's maritime hq",
            "marcom-liaison",
        ),
        // "Conviene" says benefit and "motivó" says reason, as plainly as "ventaja" and "razón".
        (
            "¿a Colombia le conviene ser socio de la OTAN?",
            "partnership-mutual-benefit",
        ),
        (
            "¿qué motiva a la OTAN a tener a Colombia como socio?",
            "partnership-why",
        ),
    ] {
        let answer = engine.ask(&Query::new(question));
        assert_eq!(answer.outcome, Outcome::Answered, "{question}: {answer:?}");
        assert_eq!(answer.fact_id.as_deref(), Some(expected), "{question}");
    }
}

/// "Is Colombia in NATO?" and "What does Colombia do with NATO?" share every word matching
/// keeps; the function words tell them apart, and so does the answer.
#[test]
fn questions_alike_but_for_their_function_words_get_different_answers() {
    let engine = Engine::build(shipped());
    for (question, expected) in [
        ("is colombia in nato?", "partner-not-member"),
        ("¿Colombia está en la OTAN?", "partner-not-member"),
        ("what does colombia do with nato", "colombia-nato-overview"),
        ("¿qué hace Colombia con la OTAN?", "colombia-nato-overview"),
        // Chat Spanish "xq" / "porq" is "por qué": a why question.
        ("xq colombia es socio de la otan", "partnership-why"),
        // One word asked: the fact about it, not a visit whose answer repeats it most.
        ("tell me about demining", "cides-what-is"),
    ] {
        let answer = engine.ask(&Query::new(question));
        assert_eq!(answer.fact_id.as_deref(), Some(expected), "{question}");
    }
}

/// The bot gives no opinions: asked for one, it says so and offers what the facts say about the
/// subject. A question that only wraps a factual one in "do you think" still gets its answer.
#[test]
fn an_opinion_asked_of_the_bot_is_declined_with_what_the_facts_say() {
    let engine = Engine::build(shipped());
    for (question, lang, says) in [
        ("What do you think of NATO?", Lang::En, "opinions"),
        (
            "what's your opinion on colombia leaving nato",
            Lang::En,
            "opinions",
        ),
        ("¿Qué opinas de la OTAN?", Lang::Es, "opiniones"),
        (
            "¿qué te parece que Colombia sea socio de la OTAN?",
            Lang::Es,
            "opiniones",
        ),
    ] {
        let answer = engine.ask(&Query::new(question));
        assert_eq!(answer.outcome, Outcome::Declined, "{question}: {answer:?}");
        assert_eq!(answer.language, lang, "{question}");
        assert!(answer.text.contains(says), "{question}: {}", answer.text);
        assert!(
            !answer.suggestions.is_empty(),
            "{question}: nothing offered"
        );
    }
    let question = "What do you think the ITPP covers?";
    let answer = engine.ask(&Query::new(question));
    assert_eq!(answer.fact_id.as_deref(), Some("itpp-areas"), "{question}");
}

/// A word of the language one letter from a fact's word is meant as typed: "fundó" (founded) is
/// not "mundo", so a question about when the War College was founded is not answered with a
/// visit that mentions the college.
#[test]
fn a_word_of_the_language_is_not_read_as_another_word() {
    let engine = Engine::build(shipped());
    let question = "¿En qué año se fundó la Escuela Superior de Guerra?";
    let answer = engine.ask(&Query::new(question));
    assert_ne!(answer.outcome, Outcome::Answered, "{question}: {answer:?}");
}

/// A question curators wrote down for a fact gets that fact: otherwise two facts compete for the
/// same wording and users asking it get the wrong one. A handful of deliberate overlaps (a
/// glossary entry and the event it defines) are tolerated.
#[test]
fn stored_questions_lead_to_their_own_fact() {
    let kb = shipped();
    let stored: Vec<(String, String)> = kb
        .facts
        .iter()
        .flat_map(|f| {
            [Lang::En, Lang::Es].into_iter().flat_map(move |l| {
                f.text(l)
                    .questions()
                    .map(move |q| (f.id.clone(), q.to_string()))
            })
        })
        .collect();
    let engine = Engine::build(kb);
    let strays: Vec<String> = stored
        .iter()
        .filter_map(|(id, q)| {
            let answer = engine.ask(&Query::new(q.as_str()));
            (answer.fact_id.as_deref() != Some(id.as_str()))
                .then(|| format!("{id}: {q:?} -> {:?}", answer.fact_id))
        })
        .collect();
    assert!(
        strays.len() * 100 <= stored.len(),
        "{} of {} stored questions lead elsewhere:\n{}",
        strays.len(),
        stored.len(),
        strays.join("\n")
    );
}
