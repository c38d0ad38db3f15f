//! What a user sees from `Engine::ask`, `timeline` and `suggest` on a small fact base.

use enlace::engine::{Outcome, Query, TimelineFilter};
use enlace::knowledge::Lang;

use crate::support::{ask, engine, fact, small_knowledge, source, write_knowledge};

/// Writes a knowledge folder of one fact file, `facts`, citing the one source `nato-page`.
fn write_nato_page_base(
    dir: &std::path::Path,
    facts: Vec<serde_json::Value>,
    aliases: serde_json::Value,
) {
    write_knowledge(
        dir,
        &[source("nato-page", "nato")],
        &[("facts.json", facts)],
        aliases,
    );
}

#[test]
fn a_plain_question_gets_its_fact_with_sources() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let answer = ask(&engine, "when did colombia become a nato partner");
    assert_eq!(answer.outcome, Outcome::Answered);
    assert_eq!(answer.fact_id.as_deref(), Some("partner-2017"));
    assert_eq!(answer.language, Lang::En);
    let ids: Vec<&str> = answer.citations.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["nato-page", "nato-news"]);
    assert!(answer
        .citations
        .iter()
        .all(|c| c.url.starts_with("https://")));
    assert!(answer.disputed, "a disputed fact says so");
    assert_eq!(answer.date.as_deref(), Some("2017"), "a year stays a year");
}

#[test]
fn spanish_questions_are_answered_in_spanish() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let answer = ask(&engine, "¿desde cuando colombia es socio de la otan?");
    assert_eq!(answer.fact_id.as_deref(), Some("partner-2017"));
    assert_eq!(answer.language, Lang::Es);
    assert!(
        answer.text.contains("socio latinoamericano"),
        "{}",
        answer.text
    );
    let unaccented = ask(&engine, "que es el centro internacional de desminado");
    assert_eq!(unaccented.fact_id.as_deref(), Some("cides-ptec"));
    assert_eq!(unaccented.language, Lang::Es);
}

#[test]
fn typos_and_misspellings_still_match() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    for (question, expected) in [
        ("when did Columbia become a NATO partner?", "partner-2017"),
        ("wen did cides join the ptec netwrok", "cides-ptec"),
        (
            "infromation securty agreement signed when",
            "info-agreement",
        ),
        // Slips of the commonest words, and of a function word ("happend").
        ("when did colombai become a nato partnr", "partner-2017"),
        ("what happend when cides joined ptec", "cides-ptec"),
    ] {
        let answer = ask(&engine, question);
        assert_eq!(
            answer.fact_id.as_deref(),
            Some(expected),
            "{question}: {answer:?}"
        );
    }
}

/// A base of a dozen facts, so that names are rare and weigh like names: an ambassador, a
/// press report on Petro, the demining centre, and ten facts of filler topics.
fn base_with_names() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut facts = vec![
        fact(
            "rojas-2024",
            (
                "Jose Rojas Rodriguez was Colombia's ambassador during the May 2024 visit.",
                &["Who is Jose Rojas Rodriguez?", "Who was the ambassador in 2024?"],
            ),
            (
                "Jose Rojas Rodriguez era el embajador de Colombia durante la visita de mayo de 2024.",
                &["¿Quién es Jose Rojas Rodriguez?"],
            ),
            &["nato-page"],
        ),
        fact(
            "petro-2025",
            (
                "In 2025 President Petro said Colombia should leave NATO; he responded to US pressure.",
                &["Did Petro say Colombia should leave NATO?", "Why is Petro against NATO?"],
            ),
            (
                "En 2025 el presidente Petro dijo que Colombia debería salir de la OTAN.",
                &["¿Petro dijo que Colombia debe salir de la OTAN?"],
            ),
            &["nato-page"],
        ),
        fact(
            "cides-ptec",
            (
                "Colombia's demining centre CIDES joined NATO's PTEC network of 29 centres in 2019.",
                &["When did CIDES join the PTEC network?", "What is CIDES?"],
            ),
            (
                "El centro de desminado CIDES entró en la red PTEC de la OTAN en 2019.",
                &["¿Cuándo entró el CIDES en la red PTEC?"],
            ),
            &["nato-page"],
        ),
    ];
    for topic in [
        "maritime",
        "cyber",
        "education",
        "integrity",
        "climate",
        "gender",
        "training",
        "interoperability",
        "logistics",
        "science",
    ] {
        let question = format!("What does NATO do with Colombia on {topic}?");
        let pregunta = format!("¿Qué hace la OTAN con Colombia en {topic}?");
        facts.push(fact(
            &format!("{topic}-work"),
            (
                &format!("NATO and Colombia cooperate on {topic}."),
                &[question.as_str()],
            ),
            (
                &format!("La OTAN y Colombia cooperan en {topic}."),
                &[pregunta.as_str()],
            ),
            &["nato-page"],
        ));
    }
    write_nato_page_base(dir.path(), facts, serde_json::json!({ "groups": [] }));
    dir
}

#[test]
fn slips_into_everyday_words_are_read_as_meant() {
    let dir = base_with_names();
    let engine = engine(dir.path());
    for (question, expected) in [
        // A function word with two letters swapped is still a function word, though "dose" is
        // a word of its own; "whst" is "what", not a content word a letter away.
        ("why dose petro want colombia to leave nato", "petro-2025"),
        ("whst did petro say about leaving nato", "petro-2025"),
        // A slip of a word the facts hold only in another form ("responded" → "respond").
        ("did petro respnd to us pressure", "petro-2025"),
    ] {
        let answer = ask(&engine, question);
        assert_eq!(answer.outcome, Outcome::Answered, "{question}: {answer:?}");
        assert_eq!(answer.fact_id.as_deref(), Some(expected), "{question}");
    }
}

#[test]
fn a_long_question_with_framing_of_its_own_is_still_answered() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    // Most of its words are the asker's own; what it asks is still plain.
    let question = "For the introduction of my thesis I need to confirm when the demining school \
        CIDES was accepted into the PTEC network of training centres";
    let answer = ask(&engine, question);
    assert_eq!(answer.outcome, Outcome::Answered, "{answer:?}");
    assert_eq!(answer.fact_id.as_deref(), Some("cides-ptec"));
    // A long question about something else is no nearer an answer for being long.
    let elsewhere = ask(
        &engine,
        "For my thesis I need to know how the common agricultural policy changed the subsidies \
         paid to dairy farmers in Ireland over the last decade",
    );
    assert_ne!(elsewhere.outcome, Outcome::Answered, "{elsewhere:?}");
}

#[test]
fn a_long_question_naming_colombia_is_answered_through_its_framing() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    // Eight content words, half of them the asker's story: about Colombia, so about what the
    // bot knows, and its right fact covers little of it.
    let question = "my uncle swears colombia's demining school got into the ptec network way \
        later, when";
    let answer = ask(&engine, question);
    assert_eq!(answer.outcome, Outcome::Answered, "{answer:?}");
    assert_eq!(answer.fact_id.as_deref(), Some("cides-ptec"));
    // Naming Colombia does not make a question about something else answerable.
    let elsewhere = ask(
        &engine,
        "my uncle swears colombia's national football team got into the world cup way later, when",
    );
    assert_ne!(elsewhere.outcome, Outcome::Answered, "{elsewhere:?}");
}

#[test]
fn a_word_of_the_language_is_not_read_as_a_name_a_letter_away() {
    let dir = base_with_names();
    let engine = engine(dir.path());
    let name = ask(&engine, "who is jose rojas");
    assert_eq!(name.fact_id.as_deref(), Some("rojas-2024"), "{name:?}");
    // "joke" is an English word, not a typo of "Jose".
    let joke = ask(&engine, "tell me a joke");
    assert_ne!(joke.outcome, Outcome::Answered, "{joke:?}");
}

#[test]
fn how_many_is_answered_only_by_a_fact_that_states_a_number() {
    let dir = base_with_names();
    let engine = engine(dir.path());
    let counted = ask(
        &engine,
        "how many centres were in the ptec network when cides joined",
    );
    assert_eq!(counted.outcome, Outcome::Answered, "{counted:?}");
    assert_eq!(counted.fact_id.as_deref(), Some("cides-ptec"));
    // The ambassador fact matches every word but states no number: offered, not asserted.
    let uncounted = ask(&engine, "how many ambassadors did colombia have in 2024");
    assert_ne!(uncounted.outcome, Outcome::Answered, "{uncounted:?}");
    let without_count = ask(&engine, "who was colombia's ambassador in may 2024");
    assert_eq!(without_count.fact_id.as_deref(), Some("rojas-2024"));
}

/// Facts on other topics, so that words are weighed as in a real base.
fn other_facts() -> Vec<serde_json::Value> {
    [
        "maritime",
        "cyber",
        "education",
        "integrity",
        "climate",
        "science",
    ]
    .iter()
    .map(|topic| {
        fact(
            &format!("{topic}-work"),
            (
                &format!("NATO and Colombia cooperate on {topic}."),
                &["What do they do?"],
            ),
            (
                &format!("La OTAN y Colombia cooperan en {topic}."),
                &["¿Qué hacen?"],
            ),
            &["nato-page"],
        )
    })
    .collect()
}

#[test]
fn a_day_of_a_month_is_not_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let trained = fact(
        "ukraine-training",
        (
            "On 8 September 2023 NATO said Ukrainian soldiers had counter-IED training from Colombia.",
            &["Has Colombia trained Ukrainian soldiers?"],
        ),
        (
            "El 8 de septiembre de 2023 la OTAN dijo que Colombia formó a soldados ucranianos.",
            &["¿Colombia formó a soldados ucranianos?"],
        ),
        &["nato-page"],
    );
    write_nato_page_base(
        dir.path(),
        vec![trained],
        serde_json::json!({ "groups": [] }),
    );
    let engine = engine(dir.path());
    let how_many = ask(&engine, "how many ukrainian soldiers has colombia trained");
    assert_ne!(how_many.outcome, Outcome::Answered, "{how_many:?}");
    let cuantos = ask(&engine, "¿cuántos soldados ucranianos formó Colombia?");
    assert_ne!(cuantos.outcome, Outcome::Answered, "{cuantos:?}");
    let whether = ask(&engine, "has colombia trained ukrainian soldiers");
    assert_eq!(whether.fact_id.as_deref(), Some("ukraine-training"));
}

#[test]
fn a_month_with_its_year_picks_the_fact_dated_then() {
    let dir = tempfile::tempdir().unwrap();
    let list = fact(
        "presidents-at-nato",
        (
            "Colombian presidents went to NATO headquarters in 2018 and again in 2022.",
            &["Which Colombian presidents went to NATO headquarters?"],
        ),
        (
            "Presidentes colombianos fueron a la sede de la OTAN en 2018 y de nuevo en 2022.",
            &["¿Qué presidentes colombianos fueron a la sede de la OTAN?"],
        ),
        &["nato-page"],
    );
    let mut visit = fact(
        "santos-visit",
        (
            "Colombian President Santos went to NATO headquarters in Brussels in 2018.",
            &["Which Colombian president went to NATO in 2018?"],
        ),
        (
            "El presidente colombiano Santos fue a la sede de la OTAN en Bruselas en 2018.",
            &["¿Qué presidente colombiano fue a la OTAN en 2018?"],
        ),
        &["nato-page"],
    );
    visit["date"] = serde_json::json!("2018-05-31");
    let mut facts = vec![list, visit];
    facts.extend(other_facts());
    write_nato_page_base(dir.path(), facts, serde_json::json!({ "groups": [] }));
    let engine = engine(dir.path());
    for question in [
        "which colombian president went to nato headquarters in may 2018",
        "¿qué presidente colombiano fue a la sede de la otan el 31 de mayo de 2018?",
    ] {
        let answer = ask(&engine, question);
        assert_eq!(
            answer.fact_id.as_deref(),
            Some("santos-visit"),
            "{question}: {answer:?}"
        );
    }
    let general = ask(
        &engine,
        "which colombian presidents went to nato headquarters",
    );
    assert_eq!(general.fact_id.as_deref(), Some("presidents-at-nato"));
}

#[test]
fn when_is_answered_only_by_a_fact_that_can_say_when() {
    let dir = base_with_names();
    let engine = engine(dir.path());
    // The fact about maritime work matches, but holds no date and no year.
    let when = ask(
        &engine,
        "when did nato and colombia start cooperating on maritime",
    );
    assert_ne!(when.outcome, Outcome::Answered, "{when:?}");
    let what = ask(&engine, "what do nato and colombia do on maritime");
    assert_eq!(what.fact_id.as_deref(), Some("maritime-work"), "{what:?}");
    // A fact with a year can say when.
    let dated = ask(&engine, "when did cides join the ptec network");
    assert_eq!(dated.fact_id.as_deref(), Some("cides-ptec"), "{dated:?}");
}

#[test]
fn a_form_of_an_alias_word_the_curators_did_not_list_is_that_alias() {
    let dir = tempfile::tempdir().unwrap();
    let mut facts = vec![fact(
        "ukraine-training",
        (
            "Colombia trained Ukrainian soldiers against explosive devices.",
            &["Did Colombia train Ukrainian soldiers?"],
        ),
        (
            "Colombia entrenó a soldados ucranianos contra artefactos explosivos.",
            &["¿Colombia entrenó a soldados ucranianos?"],
        ),
        &["nato-page"],
    )];
    facts.extend(other_facts());
    write_nato_page_base(
        dir.path(),
        facts,
        serde_json::json!({ "groups": [["training", "trained", "entrenó", "entrenamiento"]] }),
    );
    let engine = engine(dir.path());
    // "entrenado" and "entrenaron" are in no alias group; they are forms of "entrenó".
    for question in [
        "¿Colombia ha entrenado a soldados ucranianos?",
        "¿entrenaron los colombianos a soldados ucranianos?",
    ] {
        let answer = ask(&engine, question);
        assert_eq!(answer.outcome, Outcome::Answered, "{question}: {answer:?}");
        assert_eq!(answer.fact_id.as_deref(), Some("ukraine-training"));
        // `--explain` shows curators how the word was read.
        let explained = engine.explain(&Query::new(question), 1);
        assert!(explained.contains("→ #training"), "{explained}");
    }
}

#[test]
fn words_run_together_are_read_apart() {
    let dir = base_with_names();
    let engine = engine(dir.path());
    let answer = ask(&engine, "when did cides join the ptecnetwork");
    assert_eq!(answer.outcome, Outcome::Answered, "{answer:?}");
    assert_eq!(answer.fact_id.as_deref(), Some("cides-ptec"));
}

#[test]
fn out_of_scope_questions_are_declined_with_suggestions() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    for question in [
        "What is the capital of France?",
        "who won the world cup",
        "¿Cuál es la receta del ajiaco?",
        // Question words alone ask about nothing: no "did you mean" guess.
        "who are you?",
        "¿cuándo?",
    ] {
        let answer = ask(&engine, question);
        assert_eq!(answer.outcome, Outcome::Declined, "{question}: {answer:?}");
        assert!(answer.fact_id.is_none());
        assert!(answer.citations.is_empty(), "no sources for a non-answer");
        assert!(
            !answer.suggestions.is_empty(),
            "a decline says what it can answer"
        );
    }
    let spanish = ask(&engine, "¿Cuál es la receta del ajiaco?");
    assert!(spanish.text.starts_with("No tengo"), "{}", spanish.text);
    // Thanks and greetings get a reply in kind, still with what can be asked, and no guess.
    for (message, opening) in [
        ("thanks!", "You're welcome"),
        ("muchas gracias bot", "¡Con gusto"),
        ("hola", "¡Hola"),
        ("hi there", "Hello"),
        // Asked what it is or for help, it says what it does.
        ("who are you?", "I'm enlace"),
        ("help", "I'm enlace"),
        ("hey, what can I ask you?", "I'm enlace"),
        ("¿quién eres?", "Soy enlace"),
        ("ayuda por favor", "Soy enlace"),
    ] {
        let answer = ask(&engine, message);
        assert_eq!(answer.outcome, Outcome::Declined, "{message}: {answer:?}");
        assert!(
            answer.text.starts_with(opening),
            "{message}: {}",
            answer.text
        );
        assert!(!answer.suggestions.is_empty(), "{message}");
    }
    // A greeting before a question does not stop the question being answered.
    let asked = ask(&engine, "hola, ¿qué es el CIDES?");
    assert_eq!(asked.fact_id.as_deref(), Some("cides-ptec"), "{asked:?}");
}

#[test]
fn another_country_is_not_answered_with_a_colombia_fact() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    for question in [
        "When did Mexico become a NATO partner?",
        "¿Cuándo se volvió Brasil socio de la OTAN?",
    ] {
        let answer = ask(&engine, question);
        assert_ne!(answer.outcome, Outcome::Answered, "{question}: {answer:?}");
    }
}

#[test]
fn another_country_named_in_passing_does_not_make_a_fact_about_it() {
    let dir = tempfile::tempdir().unwrap();
    let titled = |mut fact: serde_json::Value, en: &str, es: &str| {
        fact["en"]["title"] = en.into();
        fact["es"]["title"] = es.into();
        fact
    };
    let mut facts = other_facts();
    // The list is dated (when it was drawn up), so it can say when; just not when Mongolia
    // became a partner.
    let mut list = titled(
        fact(
            "global-partners",
            (
                "NATO's global partners include Colombia, Japan and Mongolia.",
                &[
                    "Which countries are NATO's global partners?",
                    "Is Mongolia a global partner?",
                ],
            ),
            (
                "Entre los socios globales de la OTAN están Colombia, Japón y Mongolia.",
                &[
                    "¿Quiénes son los socios globales de la OTAN?",
                    "¿Mongolia es socio global de la OTAN?",
                ],
            ),
            &["nato-page"],
        ),
        "NATO's global partners",
        "Los socios globales de la OTAN",
    );
    list["date"] = "2018".into();
    facts.push(list);
    facts.push(titled(
        fact(
            "absalon-2015",
            (
                "In 2015 a Colombian frigate trained with Denmark's HDMS Absalon off Somalia.",
                &["What did the Absalon do in 2015?"],
            ),
            (
                "En 2015 una fragata colombiana entrenó con el Absalon de Dinamarca frente a Somalia.",
                &["¿Qué hizo el Absalon en 2015?"],
            ),
            &["nato-page"],
        ),
        "Training with Denmark's HDMS Absalon (2015)",
        "Entrenamiento con el HDMS Absalon de Dinamarca (2015)",
    ));
    write_nato_page_base(dir.path(), facts, serde_json::json!({ "groups": [] }));
    let engine = engine(dir.path());
    // The list names Mongolia but says nothing of when it became a partner.
    for question in [
        "When did Mongolia become a NATO global partner?",
        "¿Cuándo se hizo Mongolia socio global de la OTAN?",
    ] {
        let answer = ask(&engine, question);
        assert_ne!(answer.outcome, Outcome::Answered, "{question}: {answer:?}");
    }
    // A fact about Denmark's ship answers a question about it.
    let answer = ask(&engine, "what did Denmark's ship Absalon do in 2015");
    assert_eq!(
        answer.fact_id.as_deref(),
        Some("absalon-2015"),
        "{answer:?}"
    );
}

#[test]
fn a_curated_colombian_name_makes_the_question_about_colombia() {
    // "Did Duque bring up Venezuela?" names another country and not Colombia, yet Duque is
    // Colombia's president: curators list such names, and the question is not a near miss.
    let dir = tempfile::tempdir().unwrap();
    let mut facts = other_facts();
    facts.push(fact(
        "duque-venezuela",
        (
            "When President Duque met Secretary General Stoltenberg in 2022 they discussed the crisis in Venezuela.",
            &["What did Duque and Stoltenberg say about Venezuela?"],
        ),
        (
            "Cuando el presidente Duque se reunió con Stoltenberg en 2022 hablaron de la crisis en Venezuela.",
            &["¿Qué dijeron Duque y Stoltenberg sobre Venezuela?"],
        ),
        &["nato-page"],
    ));
    let question = "did duque bring up venezuela";
    for (colombian, answered) in [
        (serde_json::json!([]), false),
        (serde_json::json!(["duque"]), true),
    ] {
        write_nato_page_base(
            dir.path(),
            facts.clone(),
            serde_json::json!({ "groups": [], "colombian": colombian }),
        );
        let answer = ask(&engine(dir.path()), question);
        assert_eq!(
            answer.outcome == Outcome::Answered,
            answered,
            "{colombian}: {answer:?}"
        );
    }
}

#[test]
fn what_is_asks_for_the_glossary_entry_before_the_facts_that_mention_the_term() {
    let dir = tempfile::tempdir().unwrap();
    let mut facts = other_facts();
    let mut glossary = fact(
        "glossary-nato-2030",
        (
            "NATO 2030 is the agenda NATO adopted in 2021 to prepare the Alliance for the decade.",
            &["nato 2030 agenda meaning"],
        ),
        (
            "OTAN 2030 es la agenda que la OTAN adoptó en 2021 para preparar la Alianza.",
            &["agenda otan 2030 significado"],
        ),
        &["nato-page"],
    );
    glossary["topics"] = serde_json::json!(["glossary"]);
    facts.push(glossary);
    facts.push(fact(
        "partnership-why",
        (
            "NATO links its ties with Colombia to its NATO 2030 agenda and to shared values.",
            &["What has the NATO 2030 agenda to do with Colombia?"],
        ),
        (
            "La OTAN liga sus lazos con Colombia a su agenda OTAN 2030 y a valores comunes.",
            &["¿Qué tiene que ver la agenda OTAN 2030 con Colombia?"],
        ),
        &["nato-page"],
    ));
    write_nato_page_base(
        dir.path(),
        facts,
        serde_json::json!({ "groups": [["nato 2030", "otan 2030"]] }),
    );
    let engine = engine(dir.path());
    for question in [
        "what is the nato 2030 agenda",
        "que es eso de la agenda otan 2030",
        "que quiere decir la agenda otan 2030",
        "what exactly is the nato 2030 agenda",
        "q significa agenda otan 2030",
        "agenda otan 2030: definición",
        "define the nato 2030 agenda",
    ] {
        let answer = ask(&engine, question);
        assert_eq!(
            answer.fact_id.as_deref(),
            Some("glossary-nato-2030"),
            "{question}: {answer:?}"
        );
    }
    let why = ask(&engine, "what has the nato 2030 agenda to do with colombia");
    assert_eq!(why.fact_id.as_deref(), Some("partnership-why"), "{why:?}");
}

#[test]
fn a_question_about_sources_disagreeing_gets_the_fact_that_says_they_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut facts = other_facts();
    facts.push(fact(
        "ptec-conference",
        (
            "NATO's PTEC conference met in Bogota, as NATO pages reported.",
            &["Where did the PTEC conference meet?"],
        ),
        (
            "La conferencia PTEC de la OTAN se reunió en Bogotá, según páginas de la OTAN.",
            &["¿Dónde se reunió la conferencia PTEC?"],
        ),
        &["nato-page"],
    ));
    let mut disputed = fact(
        "ptec-conference-year",
        (
            "Two NATO texts give different years for the Bogota PTEC conference: 2022 and 2023.",
            &["In what year was the Bogota PTEC conference?"],
        ),
        (
            "Dos textos de la OTAN dan años distintos para la conferencia PTEC de Bogotá: 2022 y 2023.",
            &["¿En qué año fue la conferencia PTEC de Bogotá?"],
        ),
        &["nato-page"],
    );
    disputed["disputed"] = serde_json::json!(true);
    facts.push(disputed);
    write_nato_page_base(dir.path(), facts, serde_json::json!({ "groups": [] }));
    let engine = engine(dir.path());
    for question in [
        "do nato pages clash on the bogota ptec conference",
        "¿las páginas de la otan se contradicen sobre la conferencia ptec de bogotá?",
    ] {
        let answer = ask(&engine, question);
        assert_eq!(
            answer.fact_id.as_deref(),
            Some("ptec-conference-year"),
            "{question}: {answer:?}"
        );
        assert!(answer.disputed, "{question}");
    }
}

#[test]
fn press_only_answers_say_they_are_reported() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let answer = ask(&engine, "did petro say colombia should leave nato");
    assert_eq!(answer.fact_id.as_deref(), Some("petro-2025"));
    assert!(answer.press_only);
    assert!(
        answer.text.starts_with("Reported by Publisher of semana"),
        "{}",
        answer.text
    );
}

#[test]
fn a_forced_language_wins_and_a_fallback_breaks_ties() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let forced = engine.ask(&Query {
        text: "When did CIDES join the PTEC network?".into(),
        lang: Some(Lang::Es),
        ..Query::default()
    });
    assert_eq!(forced.language, Lang::Es);
    assert!(forced.text.contains("Desminado"));
    let short = engine.ask(&Query {
        text: "CIDES".into(),
        fallback_lang: Some(Lang::Es),
        ..Query::default()
    });
    assert_eq!(short.language, Lang::Es);
}

#[test]
fn related_facts_are_offered_after_an_answer() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let answer = ask(&engine, "When did Colombia become a NATO partner?");
    assert_eq!(
        answer.related.first().map(|s| s.fact_id.as_str()),
        Some("cides-ptec")
    );
}

#[test]
fn the_timeline_keeps_order_and_precision() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let all = engine.timeline(&TimelineFilter::default(), Lang::En);
    let labels: Vec<&str> = all.iter().map(|e| e.date_label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "25 June 2013",
            "2017",
            "15 March 2019",
            "22–25 May 2023",
            "16 July 2025"
        ]
    );
    let filtered = engine.timeline(
        &TimelineFilter {
            from: Some(2018),
            to: Some(2023),
            topic: Some("demining".into()),
        },
        Lang::Es,
    );
    let labels: Vec<&str> = filtered.iter().map(|e| e.date_label.as_str()).collect();
    assert_eq!(labels, ["15 de marzo de 2019", "22–25 de mayo de 2023"]);
}

#[test]
fn autocomplete_is_accent_insensitive_and_completes_the_last_word() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let suggestions = engine.suggest("cuándo entro el cid", Some(Lang::Es), 25);
    assert!(
        suggestions.first().is_some_and(|s| s.contains("CIDES")),
        "{suggestions:?}"
    );
    assert!(engine.suggest("", None, 25).len() <= 25);
    assert!(engine.suggest("zzzz qqqq", None, 25).is_empty());
}

#[test]
fn unusual_input_never_panics() {
    let dir = small_knowledge();
    let engine = engine(dir.path());
    let long = "nato colombia ".repeat(800);
    let inputs = [
        "",
        "   ",
        "?!?!...",
        "🙂🙂🙂🇨🇴",
        "\u{0}\u{7}\u{1b}[31m",
        "\u{200b}\u{202e}cides\u{202c}",
        "NATO и Колумбия 北约 哥伦比亚",
        long.as_str(),
        "@everyone when did colombia join",
    ];
    for input in inputs {
        let answer = ask(&engine, input);
        assert!((0.0..=1.0).contains(&answer.confidence), "{input:?}");
        let _ = engine.suggest(input, None, 25);
    }
    assert_eq!(ask(&engine, "").outcome, Outcome::Declined);
}

/// Words that are everyday language ("three", "work", "together") do not outweigh names just
/// because few facts happen to use them.
#[test]
fn everyday_words_do_not_outweigh_names() {
    let dir = tempfile::tempdir().unwrap();
    let names = fact(
        "santos-visit",
        (
            "Santos and Stoltenberg agreed to cooperate on demining, cyber defence and women in security.",
            &["What did Santos and Stoltenberg agree?", "Santos visit to NATO"],
        ),
        (
            "Santos y Stoltenberg acordaron cooperar en desminado, ciberdefensa y mujeres en seguridad.",
            &["¿Qué acordaron Santos y Stoltenberg?"],
        ),
        &["nato-page"],
    );
    let everyday = fact(
        "course-areas",
        (
            "The course covers three areas of work done together by partners.",
            &["What three areas of work do partners do together?"],
        ),
        (
            "El curso cubre tres áreas de trabajo conjunto de los socios.",
            &["¿Qué tres áreas de trabajo conjunto tienen los socios?"],
        ),
        &["nato-page"],
    );
    let filler: Vec<_> = (0..8)
        .map(|i| {
            fact(
                &format!("filler-{i}"),
                (
                    &format!("Filler fact number {i} about a meeting."),
                    &["Which meeting?"],
                ),
                (
                    &format!("Dato de relleno {i} sobre una reunión."),
                    &["¿Qué reunión?"],
                ),
                &["nato-page"],
            )
        })
        .collect();
    let mut facts = vec![names, everyday];
    facts.extend(filler);
    write_nato_page_base(dir.path(), facts, serde_json::json!({ "groups": [] }));
    let engine = engine(dir.path());
    let answer = ask(
        &engine,
        "What three areas did Santos and Stoltenberg agree to work on together?",
    );
    assert_eq!(
        answer.fact_id.as_deref(),
        Some("santos-visit"),
        "{answer:?}"
    );
}

/// A small base of one ship, one headquarters and two visits, beside facts on other topics.
fn base_of_details() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut facts = other_facts();
    // Enough facts that a word only one fact holds weighs like a name, as in the real base.
    for place in [
        "Cartagena",
        "Tolemaida",
        "Bogota",
        "Medellin",
        "Cali",
        "Barranquilla",
        "Brussels",
        "Norfolk",
        "Naples",
        "Oberammergau",
        "Rome",
        "Mons",
        "Northwood",
        "Lisbon",
    ] {
        facts.push(fact(
            &format!("talks-{}", place.to_lowercase()),
            (
                &format!("NATO and Colombia held talks in {place}."),
                &[&format!("Did NATO and Colombia meet in {place}?")],
            ),
            (
                &format!("La OTAN y Colombia conversaron en {place}."),
                &[&format!("¿Se reunieron la OTAN y Colombia en {place}?")],
            ),
            &["nato-page"],
        ));
    }
    facts.push(fact(
        "ship-atalanta",
        (
            "The Colombian ship ARC 7 de Agosto joined Operation Atalanta off Somalia in 2015, as part of the fight against piracy.",
            &["When did ARC 7 de Agosto join Operation Atalanta?"],
        ),
        (
            "El buque colombiano ARC 7 de Agosto se unió a la operación Atalanta en 2015.",
            &["¿Cuándo se unió el ARC 7 de Agosto a la operación Atalanta?"],
        ),
        &["nato-page"],
    ));
    facts.push(fact(
        "delegation-2021",
        (
            "General Navas and Admiral Cubides led Colombia's military delegation to Brussels in October 2021.",
            &["Who was in Colombia's military delegation in October 2021?"],
        ),
        (
            "El general Navas y el almirante Cubides encabezaron la delegación militar de Colombia en Bruselas en octubre de 2021.",
            &["¿Quiénes iban en la delegación militar colombiana de octubre de 2021?"],
        ),
        &["nato-page"],
    ));
    facts.push(fact(
        "workshop-2019",
        (
            "In 2019 a NATO workshop in Copenhagen drew lessons from maritime piracy for counter-terrorism.",
            &["When was the workshop on lessons from piracy for counter-terrorism?"],
        ),
        (
            "En 2019 un taller de la OTAN en Copenhague sacó lecciones de la piratería marítima para el contraterrorismo.",
            &["¿Cuándo fue el taller sobre lecciones de la piratería para el contraterrorismo?"],
        ),
        &["nato-page"],
    ));
    facts.push(fact(
        "workshop-2019-speakers",
        (
            "Colombian and Danish officers spoke at the 2019 Copenhagen workshop on lessons from piracy.",
            &["Who spoke at the 2019 workshop on piracy lessons?"],
        ),
        (
            "Oficiales colombianos y daneses hablaron en el taller de Copenhague de 2019.",
            &["¿Quiénes hablaron en el taller de 2019?"],
        ),
        &["nato-page"],
    ));
    facts.push(fact(
        "nato-headquarters",
        (
            "NATO's headquarters are in Brussels, where Colombian presidents have been received.",
            &["Where are NATO's headquarters?"],
        ),
        (
            "La sede de la OTAN está en Bruselas, donde han sido recibidos presidentes colombianos.",
            &["¿Dónde está la sede de la OTAN?"],
        ),
        &["nato-page"],
    ));
    for (id, en_month, es_month) in [
        ("duque-february", "February", "febrero"),
        ("duque-october", "October", "octubre"),
    ] {
        facts.push(fact(
            id,
            (
                &format!("President Duque met NATO's Secretary General in {en_month}."),
                &["What did Duque and the Secretary General discuss?"],
            ),
            (
                &format!("El presidente Duque vio al Secretario General de la OTAN en {es_month}."),
                &["¿De qué hablaron Duque y el Secretario General?"],
            ),
            &["nato-page"],
        ));
    }
    write_nato_page_base(
        dir.path(),
        facts,
        serde_json::json!({ "groups": [["nato", "otan"], ["hq", "headquarters", "sede"]] }),
    );
    dir
}

#[test]
fn who_or_how_many_about_something_the_fact_never_mentions_is_not_asserted() {
    let dir = base_of_details();
    let engine = engine(dir.path());
    let when = ask(
        &engine,
        "when did ARC 7 de Agosto join Operation Atalanta off Somalia",
    );
    assert_eq!(when.fact_id.as_deref(), Some("ship-atalanta"), "{when:?}");
    for question in [
        "who commanded ARC 7 de Agosto in Operation Atalanta",
        "how many sailors did ARC 7 de Agosto take to Operation Atalanta",
        // "What was the name of…" asks who, as plainly as "who" does.
        "what was the name of the commander of ARC 7 de Agosto in Operation Atalanta",
        // A detail the fact never gives: what it cost, which model.
        "what was the budget of ARC 7 de Agosto in Operation Atalanta",
        "which country funded ARC 7 de Agosto in Operation Atalanta",
        "what gift did ARC 7 de Agosto bring to Operation Atalanta",
        "¿qué modelo de helicóptero llevó el ARC 7 de Agosto a la operación Atalanta?",
    ] {
        let answer = ask(&engine, question);
        assert_ne!(answer.outcome, Outcome::Answered, "{question}: {answer:?}");
    }
    // "part" is how the question is put, not what it asks about: the delegation is.
    let part = ask(
        &engine,
        "who was part of the colombian military delegation in october 2021",
    );
    assert_eq!(part.outcome, Outcome::Answered, "{part:?}");
    assert_eq!(part.fact_id.as_deref(), Some("delegation-2021"), "{part:?}");
    // The workshop's own fact matches best but never says who spoke; its sibling does.
    let spoke = ask(
        &engine,
        "who spoke at the 2019 workshop on lessons from piracy for counter-terrorism",
    );
    assert_eq!(
        spoke.fact_id.as_deref(),
        Some("workshop-2019-speakers"),
        "{spoke:?}"
    );
}

#[test]
fn a_question_asking_two_things_gets_the_answer_to_its_first() {
    let dir = base_of_details();
    let engine = engine(dir.path());
    // Whole, "commanded" is missing from every fact; the first clause is answered.
    let answer = ask(
        &engine,
        "When did ARC 7 de Agosto join Operation Atalanta, and who commanded it?",
    );
    assert_eq!(answer.outcome, Outcome::Answered, "{answer:?}");
    assert_eq!(
        answer.fact_id.as_deref(),
        Some("ship-atalanta"),
        "{answer:?}"
    );
    assert_eq!(
        answer.question,
        "When did ARC 7 de Agosto join Operation Atalanta, and who commanded it?"
    );
    // The reply says which part it answers, so nobody takes it for an answer to the whole.
    assert_eq!(
        answer.answered_part.as_deref(),
        Some("When did ARC 7 de Agosto join Operation Atalanta")
    );
    let shown = enlace::render::text::answer(&answer);
    assert!(
        shown.starts_with("(This answers only the first part of your question"),
        "{shown}"
    );
    let whole = ask(&engine, "When did ARC 7 de Agosto join Operation Atalanta?");
    assert_eq!(whole.answered_part, None, "{whole:?}");
    // A later clause leans on the first and is not answered on its own.
    let later = ask(
        &engine,
        "Who commanded ARC 7 de Agosto in Atalanta? And where are NATO's headquarters?",
    );
    assert_ne!(later.outcome, Outcome::Answered, "{later:?}");
}

#[test]
fn an_acronym_no_fact_knows_is_a_name_not_a_typo() {
    let dir = base_of_details();
    let engine = engine(dir.path());
    // "OAS" is not "was" misspelt: the question is about another organisation's headquarters.
    let oas = ask(&engine, "Where are the OAS headquarters?");
    assert_ne!(oas.outcome, Outcome::Answered, "{oas:?}");
    let nato = ask(&engine, "Where are the NATO headquarters?");
    assert_eq!(
        nato.fact_id.as_deref(),
        Some("nato-headquarters"),
        "{nato:?}"
    );
}

#[test]
fn a_short_month_is_the_month() {
    let dir = base_of_details();
    let engine = engine(dir.path());
    let feb = ask(
        &engine,
        "what did duque discuss with the secretary general in feb",
    );
    assert_eq!(feb.fact_id.as_deref(), Some("duque-february"), "{feb:?}");
    let oct = ask(
        &engine,
        "duque y el secretario general en oct, de qué hablaron",
    );
    assert_eq!(oct.fact_id.as_deref(), Some("duque-october"), "{oct:?}");
}

#[test]
fn between_sibling_facts_the_answer_that_says_what_was_asked_wins() {
    // Both facts are asked for alike and hold every word the matcher weighs; only their
    // answers' other words tell them apart ("all", "before", "yes"), and the fact read first
    // would win a tie.
    let dir = tempfile::tempdir().unwrap();
    let start = fact(
        "partnership-start",
        (
            "Colombia became a NATO partner in May 2017.",
            &["How did Colombia become a NATO partner?"],
        ),
        (
            "Colombia se convirtió en socio de la OTAN en mayo de 2017.",
            &["¿Cómo se convirtió Colombia en socio de la OTAN?"],
        ),
        &["nato-page"],
    );
    let consensus = fact(
        "allies-consensus",
        (
            "All the Allies had to say yes before Colombia could become a NATO partner, and they did.",
            &["How did Colombia become a NATO partner?"],
        ),
        (
            "Todos los Aliados tuvieron que decir que sí antes de que Colombia fuera socio de la OTAN.",
            &["¿Cómo se convirtió Colombia en socio de la OTAN?"],
        ),
        &["nato-page"],
    );
    let mut facts = vec![start, consensus];
    facts.extend(other_facts());
    write_nato_page_base(dir.path(), facts, serde_json::json!({ "groups": [] }));
    let engine = engine(dir.path());
    let asked = ask(
        &engine,
        "did all of them have to say yes before colombia was a partner",
    );
    assert_eq!(
        asked.fact_id.as_deref(),
        Some("allies-consensus"),
        "{asked:?}"
    );
    let when = ask(
        &engine,
        "how did colombia become a nato partner in may 2017",
    );
    assert_eq!(
        when.fact_id.as_deref(),
        Some("partnership-start"),
        "{when:?}"
    );
}
