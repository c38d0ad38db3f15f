//! Property tests over the question path and the loader: whatever people paste, the bot never
//! panics, never replies beyond Discord's limits and never pings anyone.

use proptest::prelude::*;

use enlace::engine::{Engine, Query};
use enlace::knowledge;
use enlace::render::{self, embed};

use crate::support::small_knowledge;

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = small_knowledge();
        let (kb, _) = knowledge::load(dir.path()).unwrap();
        Engine::build(kb)
    })
}

/// Text that mixes what people actually paste: words, mentions, markdown, emoji, control and
/// bidi characters, very long runs.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("When did Colombia become a NATO partner?".to_string()),
        Just("¿Qué es el CIDES?".to_string()),
        Just("@everyone".to_string()),
        Just("@here".to_string()),
        Just("<@123456789012345678>".to_string()),
        Just("<@&987654321>".to_string()),
        Just("```rust\nfn main() {}\n```".to_string()),
        Just("**bold** __under__ ~~strike~~ ||spoiler||".to_string()),
        Just("[click](https://evil.example)".to_string()),
        Just("\u{200b}\u{200d}\u{202e}\u{2066}".to_string()),
        Just("🇨🇴🙂👍🏽".to_string()),
        Just("\u{0}\u{1}\u{7f}\r\n\t".to_string()),
        Just("北约 哥伦比亚 НАТО".to_string()),
        "[a-zA-Z ]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn assert_embed_fits(spec: &embed::EmbedSpec) {
    assert!(spec.title.chars().count() <= embed::TITLE_MAX);
    assert!(spec.description.chars().count() <= embed::DESCRIPTION_MAX);
    assert!(spec.fields.len() <= embed::FIELDS_MAX);
    for f in &spec.fields {
        assert!(f.name.chars().count() <= embed::FIELD_NAME_MAX);
        assert!(f.value.chars().count() <= embed::FIELD_VALUE_MAX);
    }
    assert!(spec.total_chars() <= embed::EMBED_TOTAL_MAX);
}

/// True when `text` would ping someone if mentions were parsed.
fn pings(text: &str) -> bool {
    text.contains("@everyone") || text.contains("@here") || text.contains("<@")
}

proptest! {
    // 256 cases per property in `cargo test`; the long run is `PROPTEST_CASES=50000 cargo test --release fuzz`.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn any_question_renders_safely_everywhere(text in hostile_text(), repeat in 1usize..4) {
        let question = text.repeat(repeat);
        let answer = engine().ask(&Query::new(question.clone()));
        prop_assert!((0.0..=1.0).contains(&answer.confidence));
        let spec = embed::answer(&answer);
        assert_embed_fits(&spec);
        prop_assert!(!pings(&spec.title) && !pings(&spec.description), "{spec:?}");
        let json = serde_json::to_string(&render::json::answer(&answer)).unwrap();
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back["question"].as_str().unwrap(), question.as_str());
        let _ = render::text::answer(&answer);
        let suggestions = engine().suggest(&question, None, 25);
        prop_assert!(suggestions.len() <= 25);
    }

    #[test]
    fn defused_text_never_pings(text in hostile_text()) {
        prop_assert!(!pings(&embed::defuse(&text)));
    }

    #[test]
    fn the_loader_never_panics_on_garbage(bytes in prop::collection::vec(any::<u8>(), 0..400), json_like in "[\\[\\]{}\",:a-z0-9 \\\\u]{0,200}") {
        let dir = small_knowledge();
        std::fs::write(dir.path().join("facts/garbage.json"), &bytes).unwrap();
        std::fs::write(dir.path().join("facts/json_like.json"), json_like.as_bytes()).unwrap();
        // Garbage must be refused with located problems, or (if it happens to be valid) loaded.
        if let Err(report) = knowledge::load(dir.path()) {
            prop_assert!(report.has_errors());
            prop_assert!(report.diagnostics.iter().all(|d| d.path.exists()));
        }
    }
}

#[test]
fn lone_surrogates_in_json_are_refused_not_panicked_on() {
    let dir = small_knowledge();
    let path = dir.path().join("facts/demining.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("CIDES", "CIDES \\ud800", 1)).unwrap();
    let report = knowledge::load(dir.path()).unwrap_err();
    assert!(report.to_string().contains("demining.json:"), "{report}");
}

#[test]
fn every_timeline_page_fits_discord() {
    let dir = small_knowledge();
    let (kb, _) = knowledge::load(dir.path()).unwrap();
    let engine = Engine::build(kb);
    let entries = engine.timeline(&Default::default(), knowledge::Lang::En);
    for page in 0..embed::timeline_pages(entries.len()) {
        assert_embed_fits(&embed::timeline_page(&entries, page, knowledge::Lang::En));
    }
}
