//! End to end: the real bot (`enlace::bot::run`, serenity and poise included) against the fake
//! Discord in `support::fake_discord`, over real sockets on 127.0.0.1.
//!
//! Each test starts its own fake and bot on a tiny knowledge folder, drives it with gateway
//! events as Discord would send them, and asserts on the REST requests the bot made. Every
//! test ends with `TestBot::stop`, which also checks that every reply the bot sent during the
//! test fits Discord's limits and pings nobody. Waits are bounded (`fake_discord::WAIT`); no
//! sleep is used as an assertion.
//!
//! The fault tests make the fake answer 429 or 500 and check, on the wire and in the bot's logs
//! (captured with `LogCapture` on a current-thread runtime, the fake serving from a thread of
//! its own), that the bot retries, reports what it gives up on, and keeps answering. The token
//! test runs the bot with a distinctive token through answers, refusals, faults and a gateway
//! drop, and looks for the token in everything the bot printed.

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinHandle;

use enlace::bot::Token;
use enlace::config::Config;
use enlace::store::Store;

use crate::support::fake_discord::{
    message_body, FakeDiscord, FakeThread, Fault, Member, Request, APP_ID, BOT_ID, CHANNEL_ID,
    DM_CHANNEL_ID, GUILD_ID, TOKEN, WAIT,
};
use crate::support::{fact, small_knowledge, source};

/// The role the tests' config names as admin.
const ADMIN_ROLE: u64 = 700;
/// Ephemeral message flag.
const EPHEMERAL: u64 = 1 << 6;
/// Discord's MANAGE_GUILD permission bit.
const MANAGE_GUILD: u64 = 1 << 5;

fn member() -> Member {
    Member::new(101)
}

fn other_member() -> Member {
    Member::new(102)
}

fn admin() -> Member {
    Member::new(103).with_roles(&[5, ADMIN_ROLE])
}

/// The tests' settings: the fake as Discord, one guild, an admin role, no cooldown.
fn test_config(fake: &FakeDiscord, knowledge: &Path) -> Config {
    let mut config = Config {
        knowledge: knowledge.to_path_buf(),
        ..Config::default()
    };
    config.discord.api_base = Some(fake.api_base.clone());
    config.discord.guild_ids = vec![GUILD_ID];
    config.discord.admin_role_ids = vec![ADMIN_ROLE];
    config.discord.cooldown_seconds = 0;
    config
}

/// A running bot and its fake Discord.
struct TestBot {
    fake: FakeDiscord,
    dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    handle: JoinHandle<anyhow::Result<()>>,
    /// The fake's own thread, when it has one (dropped last: the fake outlives the bot).
    _fake_thread: Option<FakeThread>,
}

impl TestBot {
    /// Starts the bot on `dir` with the test settings (changed by `tweak`), and waits until it
    /// has registered its commands and holds a live gateway session.
    async fn start(dir: TempDir, tweak: impl FnOnce(&mut Config)) -> TestBot {
        let fake = FakeDiscord::start().await;
        TestBot::start_on(fake, None, dir, TOKEN, tweak).await
    }

    /// `start` with the fake on a thread of its own (see `FakeDiscord::start_on_own_thread`)
    /// and the bot given `token`: for tests that capture the bot's logs on their thread.
    async fn start_apart(dir: TempDir, token: &str, tweak: impl FnOnce(&mut Config)) -> TestBot {
        let (fake, thread) = FakeDiscord::start_on_own_thread();
        TestBot::start_on(fake, Some(thread), dir, token, tweak).await
    }

    async fn start_on(
        fake: FakeDiscord,
        fake_thread: Option<FakeThread>,
        dir: TempDir,
        token: &str,
        tweak: impl FnOnce(&mut Config),
    ) -> TestBot {
        // ENLACE_TEST_LOG=debug shows the bot's and serenity's logs when a test fails.
        if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("ENLACE_TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_test_writer()
                .try_init();
        }
        let mut config = test_config(&fake, dir.path());
        tweak(&mut config);
        let (store, _) = Store::open(dir.path()).expect("fixture loads");
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(enlace::bot::run(
            config,
            store,
            Token::new(token).unwrap(),
            async move {
                let _ = stopped.await;
            },
        ));
        fake.wait_request(0, "command registration", |r| {
            r.method == "PUT" && r.path.ends_with("/commands")
        })
        .await;
        fake.wait_live().await;
        TestBot {
            fake,
            dir,
            stop: Some(stop),
            handle,
            _fake_thread: fake_thread,
        }
    }

    /// Stops the bot (it must shut down cleanly), then checks every reply it sent.
    async fn stop(mut self) -> Vec<Request> {
        self.stop.take().unwrap().send(()).unwrap();
        let result = tokio::time::timeout(WAIT, &mut self.handle)
            .await
            .expect("the bot stops within the wait")
            .expect("the bot task does not panic");
        assert!(result.is_ok(), "bot::run failed: {result:?}");
        let requests = self.fake.requests();
        for r in &requests {
            if r.fault.is_none() {
                assert_eq!(
                    r.status / 100,
                    2,
                    "the bot only calls what Discord has: {r:?}"
                );
            }
            check_reply(r);
        }
        requests
    }

    /// `/name options` by `who`; returns the interaction's first response.
    async fn slash(&self, who: &Member, name: &str, options: Value) -> Request {
        let from = self.fake.mark();
        let (id, token) = self.fake.slash(who, name, options);
        self.callback(from, id, &token).await
    }

    async fn ask(&self, who: &Member, question: &str) -> Request {
        self.slash(
            who,
            "ask",
            json!([{ "name": "question", "type": 3, "value": question }]),
        )
        .await
    }

    async fn callback(&self, from: usize, id: u64, token: &str) -> Request {
        let path = format!("/interactions/{id}/{token}/callback");
        self.fake
            .wait_request(from, &format!("the response to interaction {id}"), |r| {
                r.method == "POST" && r.path == path
            })
            .await
    }

    /// Clicks `custom_id` on `message` as `who`; returns the interaction's response.
    async fn click(&self, who: &Member, message: &Value, custom_id: &str) -> Request {
        let from = self.fake.mark();
        let (id, token) = self.fake.click(who, message, custom_id);
        self.callback(from, id, &token).await
    }

    /// The follow-up sent with `token` after a deferred response.
    async fn follow_up(&self, from: usize, token: &str) -> Request {
        let post = format!("/webhooks/{APP_ID}/{token}");
        let edit = format!("/webhooks/{APP_ID}/{token}/messages/@original");
        self.fake
            .wait_request(from, "the follow-up", |r| {
                (r.method == "POST" && r.path == post) || (r.method == "PATCH" && r.path == edit)
            })
            .await
    }
}

/// The first embed of a reply.
fn embed(r: &Request) -> Value {
    message_body(r)["embeds"][0].clone()
}

/// Every button custom id of a reply.
fn custom_ids(r: &Request) -> Vec<String> {
    buttons(&message_body(r))
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap().to_string())
        .collect()
}

fn buttons(message: &Value) -> Vec<Value> {
    message["components"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

fn is_ephemeral(r: &Request) -> bool {
    message_body(r)["flags"].as_u64().unwrap_or(0) & EPHEMERAL != 0
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

/// Discord's limits and our no-ping rule, on any request that carries a message or choices.
fn check_reply(r: &Request) {
    let carries_message = (r.method == "POST"
        && (r.path.ends_with("/callback")
            || r.path.ends_with("/messages")
            || r.path.starts_with("/webhooks/")))
        || (r.method == "PATCH" && r.path.contains("/messages/"));
    if !carries_message {
        return;
    }
    let what = format!("{} {}", r.method, r.path);
    if r.path.ends_with("/callback") {
        match r.body["type"].as_u64() {
            Some(8) => {
                let choices = r.body["data"]["choices"].as_array().unwrap();
                assert!(choices.len() <= 25, "{what}: {} choices", choices.len());
                for c in choices {
                    assert!((1..=100).contains(&chars(&c["name"])), "{what}: choice {c}");
                    assert!(chars(&c["value"]) <= 100, "{what}: choice {c}");
                }
                return;
            }
            Some(5) | Some(6) => return,
            _ => {}
        }
    }
    let m = message_body(r);
    assert!(chars(&m["content"]) <= 2000, "{what}: content too long");
    let allowed = &m["allowed_mentions"];
    assert_eq!(
        allowed["parse"],
        json!([]),
        "{what}: allowed_mentions {allowed}"
    );
    assert_eq!(
        allowed["users"],
        json!([]),
        "{what}: allowed_mentions {allowed}"
    );
    assert_eq!(
        allowed["roles"],
        json!([]),
        "{what}: allowed_mentions {allowed}"
    );
    assert_ne!(
        allowed["replied_user"],
        json!(true),
        "{what}: pings the asker"
    );
    let embeds = m["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= 10, "{what}: {} embeds", embeds.len());
    let mut total = 0;
    for e in &embeds {
        assert!(chars(&e["title"]) <= 256, "{what}: title");
        assert!(chars(&e["description"]) <= 4096, "{what}: description");
        assert!(chars(&e["footer"]["text"]) <= 2048, "{what}: footer");
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 25, "{what}: {} fields", fields.len());
        total += chars(&e["title"]) + chars(&e["description"]) + chars(&e["footer"]["text"]);
        for f in &fields {
            assert!((1..=256).contains(&chars(&f["name"])), "{what}: field name");
            assert!(
                (1..=1024).contains(&chars(&f["value"])),
                "{what}: field value"
            );
            total += chars(&f["name"]) + chars(&f["value"]);
        }
    }
    assert!(total <= 6000, "{what}: {total} characters of embeds");
    let rows = m["components"].as_array().cloned().unwrap_or_default();
    assert!(rows.len() <= 5, "{what}: {} action rows", rows.len());
    let mut ids = Vec::new();
    for row in &rows {
        let row = row["components"].as_array().unwrap();
        assert!(
            (1..=5).contains(&row.len()),
            "{what}: {} buttons in a row",
            row.len()
        );
        for b in row {
            assert!((1..=80).contains(&chars(&b["label"])), "{what}: label {b}");
            let id = b["custom_id"].as_str().unwrap();
            assert!(id.chars().count() <= 100, "{what}: custom_id {id}");
            assert!(
                !ids.contains(&id.to_string()),
                "{what}: duplicate custom_id {id}"
            );
            ids.push(id.to_string());
        }
    }
}

/// `small_knowledge` plus twelve dated events, so the timeline has two pages.
fn knowledge_with_events() -> TempDir {
    let dir = small_knowledge();
    let events: Vec<Value> = (0..12)
        .map(|i| {
            let mut f = fact(
                &format!("event-{i:02}"),
                (
                    &format!("Event number {i} happened."),
                    &[&format!("What happened in event number {i}?")],
                ),
                (
                    &format!("Ocurrió el evento número {i}."),
                    &[&format!("¿Qué pasó en el evento número {i}?")],
                ),
                &["nato-page"],
            );
            f["date"] = json!(format!("{}", 2000 + i));
            f
        })
        .collect();
    std::fs::write(
        dir.path().join("facts/events.json"),
        serde_json::to_string_pretty(&json!({ "facts": events })).unwrap(),
    )
    .unwrap();
    dir
}

/// Rewrites the answer of `partner-2017` in the fixture on disk.
fn edit_partner_answer(dir: &Path, new_answer: &str) {
    let path = dir.join("facts/partnership.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let old = "Colombia became NATO's first partner in Latin America in 2017.";
    assert!(text.contains(old));
    std::fs::write(&path, text.replace(old, new_answer)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_are_registered_with_spanish_localizations_and_admin_permissions() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    let requests = bot.fake.requests();
    let put = requests
        .iter()
        .find(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .unwrap();
    assert_eq!(
        put.path,
        format!("/applications/{APP_ID}/guilds/{GUILD_ID}/commands"),
        "configured guilds get instant registration"
    );
    assert_eq!(put.authorization.as_deref(), Some(&*format!("Bot {TOKEN}")));
    let commands = put.body.as_array().unwrap();
    let by_name = |name: &str| {
        commands
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} registered: {commands:?}"))
            .clone()
    };
    for name in ["ask", "timeline", "sources", "help", "reload", "stats"] {
        let c = by_name(name);
        assert!(
            c["type"].is_null() || c["type"] == 1,
            "{name} is a slash command (type 1, Discord's default)"
        );
        for locale in ["es-ES", "es-419"] {
            let es_name = c["name_localizations"][locale].as_str().unwrap();
            assert!(
                es_name.len() <= 32 && es_name == es_name.to_lowercase(),
                "{es_name}"
            );
            assert!((1..=100).contains(&chars(&c["description_localizations"][locale])));
            for option in c["options"].as_array().into_iter().flatten() {
                assert!(
                    option["name_localizations"][locale].is_string()
                        && option["description_localizations"][locale].is_string(),
                    "{name}.{} has a {locale} name and description",
                    option["name"]
                );
            }
        }
        assert!((1..=100).contains(&chars(&c["description"])));
    }
    assert_eq!(by_name("ask")["name_localizations"]["es-ES"], "preguntar");
    assert_eq!(
        by_name("ask")["options"][0]["name_localizations"]["es-419"],
        "pregunta"
    );
    assert_eq!(by_name("ask")["options"][0]["autocomplete"], true);
    for admin_only in ["reload", "stats"] {
        assert_eq!(
            by_name(admin_only)["default_member_permissions"],
            json!(MANAGE_GUILD.to_string()),
            "{admin_only} is hidden from members without Manage Server"
        );
    }
    for open in ["ask", "timeline", "sources", "help"] {
        assert!(by_name(open)["default_member_permissions"].is_null());
    }
    let menu = by_name("Ask enlace");
    assert_eq!(menu["type"], 3, "a message context-menu command");
    assert_eq!(menu["name_localizations"]["es-ES"], "Preguntar a enlace");
    assert_eq!(menu["name_localizations"]["es-419"], "Preguntar a enlace");

    let identify = &bot.fake.identifies()[0];
    assert!(identify["token"].as_str().unwrap().ends_with(TOKEN));
    let intents = identify["intents"].as_u64().unwrap();
    for (bit, name) in [
        (0, "GUILDS"),
        (9, "GUILD_MESSAGES"),
        (12, "DIRECT_MESSAGES"),
        (15, "MESSAGE_CONTENT"),
    ] {
        assert!(intents & (1 << bit) != 0, "intent {name}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_with_sources_and_buttons_in_the_question_language() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    let who = member();

    let reply = bot
        .ask(&who, "When did Colombia become a NATO partner?")
        .await;
    assert_eq!(reply.body["type"], 4, "answered right away");
    assert!(!is_ephemeral(&reply), "answers are public");
    let e = embed(&reply);
    assert!(e["description"].as_str().unwrap().contains("2017"), "{e}");
    assert!(e["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("partner-2017"));
    assert_eq!(e["fields"][0]["name"], "Sources");
    let sources = e["fields"][0]["value"].as_str().unwrap();
    assert!(
        sources.contains("(https://example.org/nato-page)"),
        "{sources}"
    );
    assert!(
        sources.contains("2019"),
        "sources show their dates: {sources}"
    );
    let ids = custom_ids(&reply);
    assert!(
        ids.contains(&"q:en:cides-ptec".to_string()),
        "related question: {ids:?}"
    );
    assert!(ids.contains(&"fb:+:partner-2017".to_string()), "{ids:?}");
    assert!(ids.contains(&"fb:-:partner-2017".to_string()), "{ids:?}");
    assert!(ids.contains(&format!("del:{}", who.id)), "{ids:?}");

    let spanish = who.clone().with_locale("es-ES");
    let reply = bot.ask(&spanish, "¿Qué es el CIDES?").await;
    let e = embed(&reply);
    assert!(e["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cides-ptec"));
    assert_eq!(e["fields"][0]["name"], "Fuentes");
    assert!(e["description"]
        .as_str()
        .unwrap()
        .contains("Centro Internacional de Desminado"));

    // The language option wins over the question's language.
    let reply = bot
        .slash(
            &who,
            "ask",
            json!([
                { "name": "question", "type": 3, "value": "When did Colombia become a NATO partner?" },
                { "name": "language", "type": 4, "value": 1 }
            ]),
        )
        .await;
    assert!(embed(&reply)["description"]
        .as_str()
        .unwrap()
        .contains("primer socio latinoamericano"));

    // Nothing known: an honest reply that points to /timeline and offers questions.
    let reply = bot.ask(&who, "What is the capital of Mongolia?").await;
    let e = embed(&reply);
    assert!(
        e["description"].as_str().unwrap().contains("/timeline"),
        "{e}"
    );
    assert!(custom_ids(&reply).iter().any(|id| id.starts_with("q:en:")));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_suggests_known_questions_within_limits() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    let who = member();
    for (typed, expect) in [
        ("cides", "CIDES"),
        (
            "cuando se volvio colombia",
            "¿Cuándo se volvió Colombia socio de la OTAN?",
        ),
        ("", ""),
    ] {
        let from = bot.fake.mark();
        let (id, token) = bot.fake.autocomplete(&who, "ask", "question", typed);
        let reply = bot.callback(from, id, &token).await;
        assert_eq!(reply.body["type"], 8, "an autocomplete result");
        let choices = reply.body["data"]["choices"].as_array().unwrap();
        assert!(
            !choices.is_empty() && choices.len() <= 25,
            "{typed:?}: {choices:?}"
        );
        assert!(
            choices
                .iter()
                .any(|c| c["name"].as_str().unwrap().contains(expect)),
            "{typed:?} suggests {expect:?}: {choices:?}"
        );
    }
    let from = bot.fake.mark();
    let (id, token) = bot.fake.autocomplete(&who, "timeline", "topic", "demi");
    let reply = bot.callback(from, id, &token).await;
    assert_eq!(reply.body["data"]["choices"][0]["value"], "demining");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_answer_related_questions_take_feedback_and_delete_for_the_asker_only() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    let (who, other) = (member(), other_member());
    let reply = bot
        .ask(&who, "When did Colombia become a NATO partner?")
        .await;
    let answer = reply.message.clone().unwrap();

    let related = bot.click(&other, &answer, "q:en:cides-ptec").await;
    assert_eq!(related.body["type"], 4, "a new answer message");
    assert!(embed(&related)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cides-ptec"));
    assert!(
        custom_ids(&related).contains(&format!("del:{}", other.id)),
        "the member who clicked owns the new answer"
    );

    let thanks = bot.click(&other, &answer, "fb:-:partner-2017").await;
    assert!(is_ephemeral(&thanks));

    let refused = bot.click(&other, &answer, &format!("del:{}", who.id)).await;
    assert!(is_ephemeral(&refused));
    assert!(message_body(&refused)["content"]
        .as_str()
        .unwrap()
        .contains("Only the member who asked"));

    let from = bot.fake.mark();
    let (id, token) = bot.fake.click(&who, &answer, &format!("del:{}", who.id));
    let ack = bot.callback(from, id, &token).await;
    assert_eq!(ack.body["type"], 6, "acknowledged without a new message");
    let delete = format!("/webhooks/{APP_ID}/{token}/messages/@original");
    bot.fake
        .wait_request(from, "the answer deleted", |r| {
            r.method == "DELETE" && r.path == delete
        })
        .await;

    // The not-helpful click shows up in /stats, without anyone's id.
    let stats = bot.slash(&admin(), "stats", json!([])).await;
    assert!(is_ephemeral(&stats));
    let text = embed(&stats).to_string();
    assert!(
        text.contains("When did Colombia become a NATO partner?"),
        "{text}"
    );
    for id in [who.id, other.id, admin().id] {
        assert!(!text.contains(&id.to_string()), "stats name no member");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_pages_turn_for_the_asker_only() {
    let bot = TestBot::start(knowledge_with_events(), |_| {}).await;
    let (who, other) = (member(), other_member());
    let first = bot.slash(&who, "timeline", json!([])).await;
    let e = embed(&first);
    assert!(
        e["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Page 1 of 3"),
        "{e}"
    );
    assert_eq!(e["fields"][0]["name"], "2000");
    let page = first.message.clone().unwrap();
    let next = buttons(&page)
        .into_iter()
        .find(|b| b["custom_id"].as_str().unwrap().starts_with("tl:n:"))
        .unwrap();
    assert_ne!(next["disabled"], true);
    let next_id = next["custom_id"].as_str().unwrap();

    let refused = bot.click(&other, &page, next_id).await;
    assert!(
        is_ephemeral(&refused),
        "another member cannot turn the page"
    );
    assert_eq!(refused.body["type"], 4);

    let turned = bot.click(&who, &page, next_id).await;
    assert_eq!(turned.body["type"], 7, "the same message is updated");
    let e = embed(&turned);
    assert!(
        e["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Page 2 of 3"),
        "{e}"
    );
    assert_eq!(e["fields"][0]["name"], "2008");

    // Filters survive the page turn; a filter with one page has no buttons.
    let filtered = bot
        .slash(
            &who,
            "timeline",
            json!([{ "name": "from", "type": 4, "value": 2010 }]),
        )
        .await;
    let e = embed(&filtered);
    assert!(
        e["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Page 1 of 1"),
        "{e}"
    );
    assert!(custom_ids(&filtered).is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_by_an_admin_shows_changes_and_is_refused_to_members() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    edit_partner_answer(
        bot.dir.path(),
        "Colombia has been a NATO partner since 2017 (reloaded).",
    );

    let refused = bot.slash(&member(), "reload", json!([])).await;
    assert!(is_ephemeral(&refused));
    assert!(message_body(&refused)["content"]
        .as_str()
        .unwrap()
        .contains("only the bot's admins"));
    let still_old = bot
        .ask(&member(), "When did Colombia become a NATO partner?")
        .await;
    assert!(!embed(&still_old)["description"]
        .as_str()
        .unwrap()
        .contains("(reloaded)"));

    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash(&admin(), "reload", json!([]));
    let deferred = bot.callback(from, id, &token).await;
    assert_eq!(deferred.body["type"], 5, "deferred before the slow part");
    assert!(is_ephemeral(&deferred));
    let done = bot.follow_up(from, &token).await;
    let e = embed(&done);
    assert_eq!(e["title"], "Facts reloaded", "{e}");
    assert!(
        e["description"].as_str().unwrap().contains("Facts: 5 → 5"),
        "{e}"
    );
    assert!(
        e.to_string().contains("partner-2017"),
        "the changed id is listed: {e}"
    );

    let new = bot
        .ask(&member(), "When did Colombia become a NATO partner?")
        .await;
    assert!(embed(&new)["description"]
        .as_str()
        .unwrap()
        .contains("(reloaded)"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_fact_file_is_refused_with_its_location_and_old_facts_still_answer() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    let path = bot.dir.path().join("facts/partnership.json");
    std::fs::write(
        &path,
        "{\n  \"facts\": [\n    { \"id\": \"broken\" ,, }\n  ]\n}\n",
    )
    .unwrap();

    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash(&admin(), "reload", json!([]));
    bot.callback(from, id, &token).await;
    let done = bot.follow_up(from, &token).await;
    let e = embed(&done);
    assert!(
        e["title"].as_str().unwrap().starts_with("Reload refused"),
        "{e}"
    );
    let description = e["description"].as_str().unwrap();
    assert!(
        description.contains("facts/partnership.json:3"),
        "file:line shown: {description}"
    );
    assert!(description.contains("unchanged"), "{description}");

    let answer = bot
        .ask(&member(), "When did Colombia become a NATO partner?")
        .await;
    let e = embed(&answer);
    assert!(e["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("partner-2017"));
    assert!(e["description"]
        .as_str()
        .unwrap()
        .contains("first partner in Latin America"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_dms_and_the_context_menu_are_answered_and_ping_nobody() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    let who = member();

    let from = bot.fake.mark();
    bot.fake.message(
        &who,
        "just chatting about NATO, no question for the bot",
        false,
    );
    let asked = bot.fake.message(
        &who,
        &format!("<@{BOT_ID}> @everyone when did Colombia become a NATO partner? <@&77> <@102>"),
        false,
    );
    let post = format!("/channels/{CHANNEL_ID}/messages");
    let reply = bot
        .fake
        .wait_request(from, "the reply to the mention", |r| {
            r.method == "POST" && r.path == post
        })
        .await;
    assert_eq!(
        reply.body["message_reference"]["message_id"], asked["id"],
        "a reply"
    );
    let e = embed(&reply);
    assert!(e["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("partner-2017"));
    let title = e["title"].as_str().unwrap();
    assert!(
        !title.contains("@everyone") && !title.contains("<@&77>"),
        "{title}"
    );
    assert_eq!(reply.body["allowed_mentions"]["parse"], json!([]));
    let replies = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == post)
        .count();
    assert_eq!(replies, 1, "the message without a mention is not answered");

    let from = bot.fake.mark();
    bot.fake.message(&who, "What is CIDES?", true);
    let dm_post = format!("/channels/{DM_CHANNEL_ID}/messages");
    let reply = bot
        .fake
        .wait_request(from, "the reply to the DM", |r| {
            r.method == "POST" && r.path == dm_post
        })
        .await;
    assert!(embed(&reply)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cides-ptec"));

    // Slash commands work in DMs too; admin commands do not.
    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash_in_dm(
        &who,
        "ask",
        json!([{ "name": "question", "type": 3, "value": "What is CIDES?" }]),
    );
    let reply = bot.callback(from, id, &token).await;
    assert!(embed(&reply)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cides-ptec"));
    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash_in_dm(&admin(), "reload", json!([]));
    let reply = bot.callback(from, id, &token).await;
    assert!(is_ephemeral(&reply));
    assert!(message_body(&reply)["content"]
        .as_str()
        .unwrap()
        .contains("only in a server"));

    // /ask with @everyone: echoed harmlessly, nobody pinged.
    let reply = bot
        .ask(
            &who,
            "@everyone @here <@&77> when did Colombia become a NATO partner?",
        )
        .await;
    let m = message_body(&reply);
    assert_eq!(
        m["allowed_mentions"],
        json!({ "parse": [], "users": [], "roles": [], "replied_user": false })
    );
    assert!(!embed(&reply)["title"]
        .as_str()
        .unwrap()
        .contains("@everyone"));

    // Right-click → Apps → Ask enlace on someone's message.
    let target = crate::support::fake_discord::message_json(
        bot.fake.id(),
        CHANNEL_ID,
        other_member().user(),
        "Since when is Colombia partnered with NATO?",
    );
    let from = bot.fake.mark();
    let (id, token) = bot.fake.message_command(&who, "Ask enlace", &target);
    let reply = bot.callback(from, id, &token).await;
    let m = message_body(&reply);
    assert!(
        m["content"].as_str().unwrap().contains(&format!(
            "/channels/{GUILD_ID}/{CHANNEL_ID}/{}",
            target["id"].as_str().unwrap()
        )),
        "links the message it answers: {m}"
    );
    assert!(embed(&reply)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("partner-2017"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_channels_answer_questions_without_a_mention() {
    let bot = TestBot::start(small_knowledge(), |c| {
        c.discord.listen_channel_ids = vec![CHANNEL_ID];
    })
    .await;
    let who = member();
    let from = bot.fake.mark();
    bot.fake.message(&who, "good morning everyone", false);
    let asked = bot.fake.message(&who, "What is CIDES?", false);
    let post = format!("/channels/{CHANNEL_ID}/messages");
    let reply = bot
        .fake
        .wait_request(from, "the reply in the listen channel", |r| {
            r.method == "POST" && r.path == post
        })
        .await;
    assert_eq!(reply.body["message_reference"]["message_id"], asked["id"]);
    assert!(embed(&reply)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cides-ptec"));
    let requests = bot.stop().await;
    let replies = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == post)
        .count();
    assert_eq!(replies, 1, "small talk in a listen channel is left alone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_question_within_the_cooldown_gets_a_short_ephemeral_note() {
    let bot = TestBot::start(small_knowledge(), |c| c.discord.cooldown_seconds = 600).await;
    let first = bot.ask(&member(), "What is CIDES?").await;
    assert!(!is_ephemeral(&first));
    let second = bot.ask(&member(), "What is CIDES?").await;
    assert!(is_ephemeral(&second));
    assert!(message_body(&second)["content"]
        .as_str()
        .unwrap()
        .contains("wait"));
    assert!(message_body(&second)["embeds"]
        .as_array()
        .is_none_or(|e| e.is_empty()));
    let someone_else = bot.ask(&other_member(), "What is CIDES?").await;
    assert!(!is_ephemeral(&someone_else), "the cooldown is per member");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reply_stays_within_discord_limits_on_oversized_facts() {
    let dir = small_knowledge();
    // Thirty sources with very long titles, one fact citing them all with a maximal answer, and
    // thirty dated events: every packing and cutting rule of render::embed is exercised.
    let long = "Very long source title about NATO and Colombia cooperation ".repeat(5);
    let mut sources: Vec<Value> = (0..30)
        .map(|i| source(&format!("s{i:02}"), "nato"))
        .collect();
    for s in &mut sources {
        s["title"] = json!(long.trim());
    }
    let ids: Vec<String> = (0..30).map(|i| format!("s{i:02}")).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let answer = "Colombia and NATO cooperate on many programmes. ".repeat(50);
    let mut big = fact(
        "big-answer",
        (
            answer.trim(),
            &["What are all the cooperation programmes of NATO and Colombia in detail?"],
        ),
        (
            answer.trim(),
            &["¿Cuáles son todos los programas de cooperación entre la OTAN y Colombia?"],
        ),
        &id_refs,
    );
    big["topics"] = json!(["programmes"]);
    let mut facts = vec![big];
    for i in 0..30 {
        let mut f = fact(
            &format!("dated-{i:02}"),
            ("An event.", &[&*format!("What was dated event {i}?")]),
            (
                "Un evento.",
                &[&*format!("¿Qué fue el evento fechado {i}?")],
            ),
            &id_refs,
        );
        f["date"] = json!(format!("{}-0{}", 1990 + i, 1 + i % 9));
        f["en"]["title"] = json!(format!("{i} {}", long.trim()));
        facts.push(f);
    }
    let existing: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sources.json")).unwrap())
            .unwrap();
    let mut all_sources = existing["sources"].as_array().unwrap().clone();
    all_sources.extend(sources);
    std::fs::write(
        dir.path().join("sources.json"),
        serde_json::to_string_pretty(&json!({ "sources": all_sources })).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("facts/big.json"),
        serde_json::to_string_pretty(&json!({ "facts": facts })).unwrap(),
    )
    .unwrap();

    let bot = TestBot::start(dir, |_| {}).await;
    let who = member();
    let reply = bot
        .ask(
            &who,
            "What are all the cooperation programmes of NATO and Colombia in detail?",
        )
        .await;
    assert!(embed(&reply)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("big-answer"));
    let long_question = format!("@everyone {}", "why ".repeat(400));
    bot.ask(&who, &long_question).await;
    bot.slash(&who, "timeline", json!([])).await;
    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash(&who, "sources", json!([]));
    let first = bot.callback(from, id, &token).await;
    assert!(is_ephemeral(&first));
    // The list is longer than one message: the rest follows as follow-ups.
    bot.follow_up(from, &token).await;
    bot.slash(&who, "help", json!([])).await;
    let (id, token) = bot
        .fake
        .autocomplete(&who, "ask", "question", "What was dated ev");
    let choices = bot.callback(from, id, &token).await;
    assert_eq!(
        choices.body["data"]["choices"].as_array().unwrap().len(),
        25,
        "thirty matching questions are capped at Discord's 25"
    );
    bot.slash(&admin(), "stats", json!([])).await;

    let requests = bot.stop().await;
    let checked = requests
        .iter()
        .filter(|r| {
            r.method == "POST"
                && (r.path.ends_with("/callback") || r.path.starts_with("/webhooks/"))
        })
        .count();
    assert!(checked >= 8, "every reply above was checked ({checked})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_resumes_after_the_gateway_drops_and_keeps_answering() {
    let bot = TestBot::start(small_knowledge(), |_| {}).await;
    let before = bot.ask(&member(), "What is CIDES?").await;
    assert!(embed(&before)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cides-ptec"));

    bot.fake.drop_connection();
    // Sent while the bot is away: Discord replays it after RESUME, and so does the fake.
    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash(
        &member(),
        "ask",
        json!([{ "name": "question", "type": 3, "value": "When did Colombia become a NATO partner?" }]),
    );
    let during = bot.callback(from, id, &token).await;
    assert!(embed(&during)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("partner-2017"));
    assert_eq!(bot.fake.resumes().len(), 1, "the session was resumed");
    assert_eq!(bot.fake.resumes()[0]["session_id"], "fake-session");
    assert_eq!(bot.fake.identifies().len(), 1, "not identified again");
    assert_eq!(bot.fake.connections(), 2);

    let after = bot.ask(&member(), "What is CIDES?").await;
    assert!(embed(&after)["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cides-ptec"));
    bot.stop().await;
}

#[test]
fn the_fakes_payloads_are_what_serenity_parses() {
    use crate::support::fake_discord::{guild_json, message_json, user_json};
    use poise::serenity_prelude as serenity;
    let message = message_json(1, CHANNEL_ID, user_json(2, "x", false), "hi");
    serde_json::from_value::<serenity::Message>(message).unwrap();
    serde_json::from_value::<serenity::Guild>(guild_json()).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Faults, logs and the token

/// Everything logged on the test's thread, as text: install it first thing in a
/// `current_thread` test, so every task of the bot (all on that thread) logs into it.
#[derive(Clone, Default)]
struct LogCapture {
    text: Arc<Mutex<Vec<u8>>>,
    changed: Arc<Notify>,
}

/// One log line being written into a `LogCapture`.
struct CaptureWriter(LogCapture);

impl std::io::Write for CaptureWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.text.lock().unwrap().extend_from_slice(bytes);
        self.0.changed.notify_waiters();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogCapture {
    type Writer = CaptureWriter;

    fn make_writer(&'a self) -> CaptureWriter {
        CaptureWriter(self.clone())
    }
}

impl LogCapture {
    /// The text so far.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.text.lock().unwrap()).into_owned()
    }

    /// Waits until the logs contain every one of `needles` on one line; panics after `WAIT`.
    async fn wait_for(&self, needles: &[&str]) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(line) = self
                .text()
                .lines()
                .find(|line| needles.iter().all(|n| line.contains(n)))
            {
                return line.to_string();
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "timed out after {WAIT:?} waiting for a log line with {needles:?}; logs:\n{}",
                    self.text()
                );
            }
        }
    }
}

/// A fmt layer writing into `capture`: every level, span fields when spans open, no colours.
fn capture_layer<S>(capture: &LogCapture) -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_writer(capture.clone())
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::NEW)
}

/// What the bot logged during a test, two ways.
struct Logs {
    /// Every event and span of every target at TRACE, unfiltered.
    all: LogCapture,
    /// The same through `bot::token_guard`: what `enlace serve` prints with `RUST_LOG=trace`.
    guarded: LogCapture,
    _default: tracing::subscriber::DefaultGuard,
}

/// Captures the logs of this thread (`log` records included) until the returned value drops.
/// Call it first thing in a `current_thread` test whose fake runs apart (`start_apart`).
fn capture_logs() -> Logs {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    let (all, guarded) = (LogCapture::default(), LogCapture::default());
    // `SubscriberInitExt::set_default` also routes `log` records (tungstenite's) to tracing.
    let default = tracing_subscriber::registry()
        .with(capture_layer(&all).with_filter(tracing_subscriber::filter::LevelFilter::TRACE))
        .with(capture_layer(&guarded).with_filter(enlace::bot::token_guard()))
        .set_default();
    Logs {
        all,
        guarded,
        _default: default,
    }
}

/// The `/ask` options for `text`.
fn question(text: &str) -> Value {
    json!([{ "name": "question", "type": 3, "value": text }])
}

/// A message mentioning the bot.
fn mention(text: &str) -> String {
    format!("<@{BOT_ID}> {text}")
}

/// The statuses of the requests `method path` since `from`, in order.
fn statuses(bot: &TestBot, from: usize, method: &str, path: &str) -> Vec<u16> {
    bot.fake.requests()[from..]
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .map(|r| r.status)
        .collect()
}

fn footer(r: &Request) -> String {
    embed(r)["footer"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_rate_limited_answer_is_sent_again_after_the_wait_and_the_next_ask_is_answered() {
    let logs = capture_logs();
    let bot = TestBot::start_apart(small_knowledge(), TOKEN, |_| {}).await;
    bot.fake
        .fail("POST", "/interactions/*/*/callback", Fault::RATE_LIMITED, 1);

    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash(&member(), "ask", question("What is CIDES?"));
    let path = format!("/interactions/{id}/{token}/callback");
    let answer = bot
        .fake
        .wait_request(from, "the answer sent again after the 429", |r| {
            r.path == path && r.fault.is_none()
        })
        .await;
    let tries: Vec<Request> = bot.fake.requests()[from..]
        .iter()
        .filter(|r| r.path == path)
        .cloned()
        .collect();
    assert_eq!(
        tries.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 204]
    );
    assert_eq!(
        tries[0].body, tries[1].body,
        "the same answer is sent again, not an error note"
    );
    assert!(
        tries[1].at.duration_since(tries[0].at) >= std::time::Duration::from_millis(200),
        "not sent again before Discord's retry-after"
    );
    assert!(!is_ephemeral(&answer));
    assert!(footer(&answer).starts_with("cides-ptec"));
    logs.all
        .wait_for(&["enlace::bot::retry", "retrying", "status=429"])
        .await;

    let next = bot
        .ask(&member(), "When did Colombia become a NATO partner?")
        .await;
    assert_eq!((next.status, next.fault), (204, None), "answered at once");
    assert!(footer(&next).starts_with("partner-2017"));
    assert_eq!(bot.fake.faults_pending(), 0);
    bot.stop().await;
}

#[tokio::test]
async fn a_server_error_on_a_message_reply_is_retried_then_reported_and_the_next_message_is_answered(
) {
    let logs = capture_logs();
    let bot = TestBot::start_apart(small_knowledge(), TOKEN, |_| {}).await;
    let who = member();
    let post = format!("/channels/{CHANNEL_ID}/messages");
    let reply_to = |asked: &Value| {
        let id = asked["id"].clone();
        let post = post.clone();
        move |r: &Request| {
            r.method == "POST" && r.path == post && r.body["message_reference"]["message_id"] == id
        }
    };

    // One 500: sent again after a short pause, and the member gets the answer.
    bot.fake.fail("POST", &post, Fault::ServerError, 1);
    let from = bot.fake.mark();
    let asked = bot.fake.message(&who, &mention("What is CIDES?"), false);
    let is_reply = reply_to(&asked);
    let reply = bot
        .fake
        .wait_request(from, "the reply after one 500", |r| {
            is_reply(r) && r.fault.is_none()
        })
        .await;
    assert!(footer(&reply).starts_with("cides-ptec"));
    assert_eq!(statuses(&bot, from, "POST", &post), [500, 200]);
    logs.all
        .wait_for(&["retrying", "status=500", "message reply"])
        .await;

    // Two 500s, more than the one retry: the bot gives up, says so in its logs, and goes on.
    bot.fake.fail("POST", &post, Fault::ServerError, 2);
    let from = bot.fake.mark();
    let lost = bot.fake.message(
        &who,
        &mention("When did Colombia become a NATO partner?"),
        false,
    );
    let line = logs.all.wait_for(&["event handler failed"]).await;
    assert!(line.contains("500: Internal Server Error"), "{line}");
    assert!(line.contains("ERROR"), "{line}");
    logs.all
        .wait_for(&["giving up", "status=500", "retries=1"])
        .await;
    let is_lost_reply = reply_to(&lost);
    let tries: Vec<Request> = bot.fake.requests()[from..]
        .iter()
        .filter(|r| is_lost_reply(r))
        .cloned()
        .collect();
    assert_eq!(tries.len(), 2, "one try and one retry");
    assert!(tries.iter().all(|r| r.fault == Some(Fault::ServerError)));

    let from = bot.fake.mark();
    let next = bot.fake.message(&who, &mention("What is CIDES?"), false);
    let is_next_reply = reply_to(&next);
    let reply = bot
        .fake
        .wait_request(from, "the reply to the next message", is_next_reply)
        .await;
    assert_eq!((reply.status, reply.fault), (200, None), "answered at once");
    assert!(footer(&reply).starts_with("cides-ptec"));
    bot.stop().await;
}

#[tokio::test]
async fn after_a_burst_of_faults_members_get_answers_again() {
    let logs = capture_logs();
    let bot = TestBot::start_apart(small_knowledge(), TOKEN, |_| {}).await;
    let (who, other) = (member(), other_member());
    let post = format!("/channels/{CHANNEL_ID}/messages");

    // The burst: answers fail more often than the bot retries, on every route it answers on.
    bot.fake
        .fail("POST", "/interactions/*/*/callback", Fault::ServerError, 2);
    bot.fake.fail("POST", &post, Fault::RATE_LIMITED, 3);

    // An /ask during the burst: the answer is lost, and the member is told so, privately.
    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash(&who, "ask", question("What is CIDES?"));
    let path = format!("/interactions/{id}/{token}/callback");
    let note = bot
        .fake
        .wait_request(from, "the note after the lost answer", |r| {
            r.path == path && r.fault.is_none()
        })
        .await;
    assert_eq!(statuses(&bot, from, "POST", &path), [500, 500, 204]);
    assert!(is_ephemeral(&note));
    assert!(message_body(&note)["content"]
        .as_str()
        .unwrap()
        .starts_with("Sorry, something went wrong"));
    logs.all.wait_for(&["command failed", "command=ask"]).await;

    // A mention during the burst: 429 three times, the bot gives up after its two retries.
    let from = bot.fake.mark();
    bot.fake.message(&who, &mention("What is CIDES?"), false);
    logs.all
        .wait_for(&["giving up", "status=429", "retries=2"])
        .await;
    logs.all.wait_for(&["event handler failed"]).await;
    assert_eq!(statuses(&bot, from, "POST", &post), [429, 429, 429]);
    assert_eq!(bot.fake.faults_pending(), 0, "the burst is over");

    // After it, every way of asking is answered at the first try, by the same process.
    let from = bot.fake.mark();
    let answer = bot
        .ask(&who, "When did Colombia become a NATO partner?")
        .await;
    assert!(footer(&answer).starts_with("partner-2017"));
    let related = bot
        .click(&other, &answer.message.clone().unwrap(), "q:en:cides-ptec")
        .await;
    assert!(footer(&related).starts_with("cides-ptec"));
    let timeline = bot.slash(&who, "timeline", json!([])).await;
    assert!(footer(&timeline).starts_with("Page 1"));
    let mention_from = bot.fake.mark();
    bot.fake.message(&who, &mention("What is CIDES?"), false);
    let reply = bot
        .fake
        .wait_request(mention_from, "the reply to the mention", |r| {
            r.method == "POST" && r.path == post
        })
        .await;
    assert!(footer(&reply).starts_with("cides-ptec"));
    let dm_from = bot.fake.mark();
    bot.fake.message(&who, "What is CIDES?", true);
    let dm_post = format!("/channels/{DM_CHANNEL_ID}/messages");
    let dm = bot
        .fake
        .wait_request(dm_from, "the reply to the DM", |r| {
            r.method == "POST" && r.path == dm_post
        })
        .await;
    assert!(footer(&dm).starts_with("cides-ptec"));
    let after = &bot.fake.requests()[from..];
    assert!(
        after
            .iter()
            .all(|r| r.fault.is_none() && r.status / 100 == 2),
        "{after:?}"
    );
    assert_eq!(bot.fake.identifies().len(), 1, "never restarted");
    assert_eq!(bot.fake.connections(), 1, "never reconnected");
    assert!(!bot.handle.is_finished());
    bot.stop().await;
}

/// The bot's token in the tests that look for it.
const SECRET: &str = "enlace-test-token-SECRET-1234";

/// The ways a log line could show `secret`: as text, as bytes (`{:?}` of a `Vec<u8>`, as
/// tungstenite prints frames) and as hex.
fn secret_forms(secret: &str) -> Vec<String> {
    let bytes = secret.bytes();
    vec![
        secret.to_string(),
        bytes
            .clone()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        bytes.clone().map(|b| format!("{b:02x}")).collect(),
        bytes.map(|b| format!("{b:02X}")).collect(),
    ]
}

#[tokio::test]
async fn the_token_appears_in_no_log_error_or_debug_output() {
    let logs = capture_logs();
    let bot = TestBot::start_apart(small_knowledge(), SECRET, |_| {}).await;
    let who = member();
    // The token is really in use: on every REST call and in IDENTIFY.
    let register = bot.fake.requests()[0].clone();
    assert_eq!(
        register.authorization.as_deref(),
        Some(&*format!("Bot {SECRET}"))
    );
    assert!(bot.fake.identifies()[0]["token"]
        .as_str()
        .unwrap()
        .ends_with(SECRET));

    let answer = bot.ask(&who, "What is CIDES?").await;
    assert!(footer(&answer).starts_with("cides-ptec"));
    let refused = bot.slash(&who, "reload", json!([])).await;
    assert!(is_ephemeral(&refused));

    // REST 500s: an answer lost (a command error) and a message reply lost (an event error).
    bot.fake
        .fail("POST", "/interactions/*/*/callback", Fault::ServerError, 2);
    let from = bot.fake.mark();
    let (id, token) = bot.fake.slash(&who, "ask", question("What is CIDES?"));
    let path = format!("/interactions/{id}/{token}/callback");
    bot.fake
        .wait_request(from, "the note after the lost answer", |r| {
            r.path == path && r.fault.is_none()
        })
        .await;
    logs.all.wait_for(&["command failed"]).await;
    let post = format!("/channels/{CHANNEL_ID}/messages");
    bot.fake.fail("POST", &post, Fault::ServerError, 2);
    bot.fake.message(&who, &mention("What is CIDES?"), false);
    logs.all.wait_for(&["event handler failed"]).await;

    // A gateway drop: the bot resumes, sending the token again.
    bot.fake.drop_connection();
    let after = bot
        .ask(&who, "When did Colombia become a NATO partner?")
        .await;
    assert!(footer(&after).starts_with("partner-2017"));
    assert!(bot.fake.resumes()[0]["token"]
        .as_str()
        .unwrap()
        .ends_with(SECRET));
    bot.stop().await;

    // A bot error with serenity's error inside: registration refused at startup.
    let (fake, _fake_thread) = FakeDiscord::start_on_own_thread();
    fake.fail(
        "PUT",
        "/applications/*/guilds/*/commands",
        Fault::ServerError,
        1,
    );
    let dir = small_knowledge();
    let (store, _) = Store::open(dir.path()).unwrap();
    let run = enlace::bot::run(
        test_config(&fake, dir.path()),
        store,
        Token::new(SECRET).unwrap(),
        std::future::pending(),
    );
    let failed = tokio::time::timeout(WAIT, run)
        .await
        .expect("a refused registration ends the bot")
        .expect_err("a refused registration is an error");
    let token = Token::new(SECRET).unwrap();
    let panic = std::panic::catch_unwind(|| {
        // A valid token where an error was expected: the panic prints the `Ok` value.
        Token::new(SECRET).unwrap_err()
    })
    .expect_err("unwrap_err on Ok panics");
    let printed = [
        format!("{failed:#}"),
        format!("{failed:?}"),
        format!("{token:?}"),
        format!("{token}"),
        format!("{:?}", Token::new(" ").unwrap_err()),
        Token::new(" ").unwrap_err().to_string(),
        panic.downcast_ref::<String>().cloned().unwrap_or_default(),
    ];
    assert!(printed[0].contains("registering the slash commands failed"));
    assert!(printed[6].contains("Token(<redacted>)"), "{}", printed[6]);

    let all = logs.all.text();
    let guarded = logs.guarded.text();
    // The capture is not vacuous: TRACE from serenity and tungstenite, the bot's errors.
    for seen in [
        "TRACE",
        "serenity::gateway",
        "serenity::http",
        "tungstenite::protocol",
        "command failed",
        "event handler failed",
        "bot setup failed",
    ] {
        assert!(all.contains(seen), "the capture has {seen}");
    }
    assert!(guarded.contains("serenity::gateway") && guarded.contains("event handler failed"));
    // Not even unguarded does the token show as text; with the guard, in no form at all.
    assert!(!all.contains(SECRET), "the token is in the logs");
    for form in secret_forms(SECRET) {
        assert!(
            !guarded.contains(&form),
            "the token is in the guarded logs as {form:?}"
        );
        for text in &printed {
            assert!(!text.contains(&form), "the token is in {text:?}");
        }
    }
}
