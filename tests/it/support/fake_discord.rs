//! A local fake Discord for end-to-end bot tests: REST on one port, the gateway on another.
//!
//! REST (`/api/v10/...`) answers what serenity and poise call — gateway discovery, the bot user,
//! command registration, interaction callbacks, webhook follow-ups and edits, channel messages —
//! with bodies serenity can parse, and records every request. The gateway speaks plain `ws://`
//! (serenity connects to whatever URL `/gateway` returns): HELLO, IDENTIFY → READY +
//! GUILD_CREATE, heartbeat ACKs, RESUME → RESUMED with a replay of missed events, like Discord.
//! Tests dispatch INTERACTION_CREATE / MESSAGE_CREATE and can drop the connection mid-run.
//!
//! Faults: `fail` makes the next N requests to a route answer 429 (with `retry-after` and
//! Discord's rate-limit body) or 500 instead, so tests can see how the bot copes. A faulted
//! request is recorded with its `fault` and changes nothing (no message is stored).
//! `start_on_own_thread` serves the fake from a thread of its own, so a test that captures the
//! bot's logs on its thread does not also capture the fake's (which sees the token, as Discord
//! does).
//!
//! Nothing here knows the bot's handlers: the tests see only what went over the wire.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Notify};
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// The bot's user id, as READY reports it.
pub const BOT_ID: u64 = 900_000_000_000_000_001;
/// The application id.
pub const APP_ID: u64 = 900_000_000_000_000_002;
/// The one guild the bot is in.
pub const GUILD_ID: u64 = 900_000_000_000_000_003;
/// A text channel in that guild.
pub const CHANNEL_ID: u64 = 900_000_000_000_000_004;
/// The DM channel with the test members.
pub const DM_CHANNEL_ID: u64 = 900_000_000_000_000_005;
/// The token the tests give the bot.
pub const TOKEN: &str = "fake.bot.token";

/// How long a test waits for the bot to do something before failing.
pub const WAIT: Duration = Duration::from_secs(20);

/// One REST request the bot made.
#[derive(Debug, Clone)]
pub struct Request {
    /// HTTP method.
    pub method: String,
    /// Path without the `/api/v10` prefix and without the query.
    pub path: String,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// The JSON body (`Null` when empty).
    pub body: Value,
    /// The status the fake answered.
    pub status: u16,
    /// The message this request created or edited, as Discord would store it.
    pub message: Option<Value>,
    /// The fault the fake answered with instead of the route's normal response, if any.
    pub fault: Option<Fault>,
    /// When the fake received it.
    pub at: std::time::Instant,
}

/// What a faulted route answers instead of its normal response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// 429 Too Many Requests, with a `retry-after` header and Discord's JSON body, both saying
    /// `retry_after` seconds.
    RateLimited {
        /// Seconds to wait, as Discord sends them (fractional).
        retry_after: f64,
    },
    /// 500 Internal Server Error.
    ServerError,
}

impl Fault {
    /// A 429 asking to wait 0.2 s, as a per-route limit on Discord does.
    pub const RATE_LIMITED: Fault = Fault::RateLimited { retry_after: 0.2 };

    fn status(self) -> u16 {
        match self {
            Fault::RateLimited { .. } => 429,
            Fault::ServerError => 500,
        }
    }

    /// Extra headers and the JSON body of the fault's response.
    fn response(self) -> (Vec<(&'static str, String)>, Value) {
        match self {
            Fault::RateLimited { retry_after } => (
                vec![
                    ("retry-after", retry_after.to_string()),
                    ("x-ratelimit-scope", "user".to_string()),
                ],
                json!({
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": false,
                }),
            ),
            Fault::ServerError => (
                Vec::new(),
                json!({ "message": "500: Internal Server Error", "code": 0 }),
            ),
        }
    }
}

/// A pending fault: the next `remaining` requests matching `method` and `pattern` get `fault`.
struct FaultRule {
    method: String,
    /// Path segments; `*` matches any one segment.
    pattern: Vec<String>,
    fault: Fault,
    remaining: usize,
}

impl FaultRule {
    fn matches(&self, method: &str, path: &str) -> bool {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.remaining > 0
            && self.method == method
            && segments.len() == self.pattern.len()
            && self
                .pattern
                .iter()
                .zip(&segments)
                .all(|(p, s)| p == "*" || p == s)
    }
}

/// A member who talks to the bot.
#[derive(Debug, Clone)]
pub struct Member {
    /// User id.
    pub id: u64,
    /// Role ids in the guild.
    pub roles: Vec<u64>,
    /// Discord locale ("en-US", "es-ES", ...).
    pub locale: String,
}

impl Member {
    /// A member with no roles and an English locale.
    pub fn new(id: u64) -> Member {
        Member {
            id,
            roles: Vec::new(),
            locale: "en-US".into(),
        }
    }

    /// The same member with these roles.
    pub fn with_roles(mut self, roles: &[u64]) -> Member {
        self.roles = roles.to_vec();
        self
    }

    /// The same member with this locale.
    pub fn with_locale(mut self, locale: &str) -> Member {
        self.locale = locale.into();
        self
    }

    /// The user object.
    pub fn user(&self) -> Value {
        user_json(self.id, &format!("member{}", self.id), false)
    }

    fn member_json(&self, with_user: bool) -> Value {
        let mut m = json!({
            "roles": self.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "permissions": "0",
        });
        if with_user {
            m["user"] = self.user();
        }
        m
    }
}

/// A gateway dispatch the test sent: what the fake logs for replay on RESUME.
#[derive(Debug, Clone)]
struct Dispatch {
    seq: u64,
    kind: String,
    data: Value,
}

enum Control {
    Send(Value),
    Drop,
}

#[derive(Default)]
struct Gateway {
    /// The live connection's control channel, once it has identified or resumed.
    live: Option<mpsc::UnboundedSender<Control>>,
    seq: u64,
    log: Vec<Dispatch>,
    identifies: Vec<Value>,
    resumes: Vec<Value>,
    connections: usize,
}

struct State {
    requests: Mutex<Vec<Request>>,
    gateway: Mutex<Gateway>,
    /// Woken on every recorded request and gateway state change.
    changed: Notify,
    next_id: AtomicU64,
    ws_url: String,
    /// Messages the bot posted, by id, so edits and follow-ups look real.
    messages: Mutex<HashMap<u64, Value>>,
    /// Interaction token → (channel, id of its original message once there is one).
    interactions: Mutex<HashMap<String, (u64, Option<u64>)>>,
    /// Faults still to be served, first match wins.
    faults: Mutex<Vec<FaultRule>>,
}

/// Keeps the thread of `FakeDiscord::start_on_own_thread` serving; dropping it stops the fake.
pub struct FakeThread {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for FakeThread {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The fake Discord: start it, point the bot's `api_base` at `api_base`, drive it.
#[derive(Clone)]
pub struct FakeDiscord {
    /// `http://127.0.0.1:PORT`: the value for `discord.api_base`.
    pub api_base: String,
    state: Arc<State>,
}

impl FakeDiscord {
    /// Binds both servers on 127.0.0.1 (ephemeral ports) and serves them in the background.
    pub async fn start() -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gateway = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let state = Arc::new(State {
            requests: Mutex::new(Vec::new()),
            gateway: Mutex::new(Gateway::default()),
            changed: Notify::new(),
            next_id: AtomicU64::new(1_000_000_000_000_000_000),
            ws_url: format!("ws://{}", gateway.local_addr().unwrap()),
            messages: Mutex::new(HashMap::new()),
            interactions: Mutex::new(HashMap::new()),
            faults: Mutex::new(Vec::new()),
        });
        let api_base = format!("http://{}", rest.local_addr().unwrap());
        let s = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = rest.accept().await {
                tokio::spawn(serve_http(stream, s.clone()));
            }
        });
        let s = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = gateway.accept().await {
                tokio::spawn(serve_gateway(stream, s.clone()));
            }
        });
        FakeDiscord { api_base, state }
    }

    /// Starts the fake on a thread (and runtime) of its own; it serves until the returned
    /// `FakeThread` is dropped. Its tasks, and so its log events, never run on the caller's
    /// thread.
    pub fn start_on_own_thread() -> (FakeDiscord, FakeThread) {
        let (ready, started) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("fake-discord".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async move {
                    let _ = ready.send(FakeDiscord::start().await);
                    let _ = stopped.await;
                });
            })
            .unwrap();
        let fake = started.recv_timeout(WAIT).expect("the fake starts");
        (
            fake,
            FakeThread {
                stop: Some(stop),
                thread: Some(thread),
            },
        )
    }

    /// Makes the next `times` requests `method path` answer `fault` instead of their normal
    /// response. `path` is without `/api/v10`; a `*` segment matches any one segment (e.g.
    /// `/interactions/*/*/callback`). Faults given earlier are served first.
    pub fn fail(&self, method: &str, path: &str, fault: Fault, times: usize) {
        self.state.faults.lock().unwrap().push(FaultRule {
            method: method.to_string(),
            pattern: path
                .trim_matches('/')
                .split('/')
                .map(str::to_string)
                .collect(),
            fault,
            remaining: times,
        });
    }

    /// Faults not served yet, summed over every `fail`.
    pub fn faults_pending(&self) -> usize {
        self.state
            .faults
            .lock()
            .unwrap()
            .iter()
            .map(|f| f.remaining)
            .sum()
    }

    /// A fresh snowflake.
    pub fn id(&self) -> u64 {
        self.state.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Waits until a request at or after `from` matches `pred`; panics after `WAIT`.
    pub async fn wait_request(
        &self,
        from: usize,
        what: &str,
        pred: impl Fn(&Request) -> bool,
    ) -> Request {
        self.wait(what, || {
            self.state.requests.lock().unwrap()[from..]
                .iter()
                .find(|r| pred(r))
                .cloned()
        })
        .await
    }

    /// Number of requests recorded: a mark to wait for later ones.
    pub fn mark(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    /// Polls `check` on every change until it gives a value; panics after `WAIT`.
    pub async fn wait<T>(&self, what: &str, check: impl Fn() -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.state.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(v) = check() {
                return v;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let seen: Vec<String> = self
                    .requests()
                    .iter()
                    .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
                    .collect();
                panic!(
                    "timed out after {WAIT:?} waiting for {what}; requests seen:\n{}",
                    seen.join("\n")
                );
            }
        }
    }

    /// IDENTIFY payloads received.
    pub fn identifies(&self) -> Vec<Value> {
        self.state.gateway.lock().unwrap().identifies.clone()
    }

    /// RESUME payloads received.
    pub fn resumes(&self) -> Vec<Value> {
        self.state.gateway.lock().unwrap().resumes.clone()
    }

    /// Gateway connections accepted.
    pub fn connections(&self) -> usize {
        self.state.gateway.lock().unwrap().connections
    }

    /// Waits until a session is live (identified or resumed).
    pub async fn wait_live(&self) {
        self.wait("a live gateway session", || {
            self.state
                .gateway
                .lock()
                .unwrap()
                .live
                .is_some()
                .then_some(())
        })
        .await
    }

    /// Sends a dispatch event; if no connection is live it is delivered on RESUME, as Discord
    /// replays missed events.
    pub fn dispatch(&self, kind: &str, data: Value) {
        let mut gw = self.state.gateway.lock().unwrap();
        gw.seq += 1;
        let event = Dispatch {
            seq: gw.seq,
            kind: kind.to_string(),
            data,
        };
        gw.log.push(event.clone());
        if let Some(live) = &gw.live {
            let _ = live.send(Control::Send(dispatch_json(&event)));
        }
    }

    /// Drops the live gateway connection without a close frame, like a network failure.
    pub fn drop_connection(&self) {
        let mut gw = self.state.gateway.lock().unwrap();
        if let Some(live) = gw.live.take() {
            let _ = live.send(Control::Drop);
        }
    }

    /// A slash command interaction; returns (interaction id, token).
    pub fn slash(&self, member: &Member, name: &str, options: Value) -> (u64, String) {
        self.command(
            member,
            true,
            json!({
                "id": self.id().to_string(),
                "name": name,
                "type": 1,
                "options": options,
                "guild_id": GUILD_ID.to_string(),
            }),
            2,
        )
    }

    /// A slash command interaction in a DM (no member, no guild).
    pub fn slash_in_dm(&self, member: &Member, name: &str, options: Value) -> (u64, String) {
        self.command(
            member,
            false,
            json!({
                "id": self.id().to_string(),
                "name": name,
                "type": 1,
                "options": options,
            }),
            2,
        )
    }

    /// An autocomplete interaction for option `option` of `command`, typed so far `typed`.
    pub fn autocomplete(
        &self,
        member: &Member,
        command: &str,
        option: &str,
        typed: &str,
    ) -> (u64, String) {
        self.command(
            member,
            true,
            json!({
                "id": self.id().to_string(),
                "name": command,
                "type": 1,
                "options": [{ "name": option, "type": 3, "value": typed, "focused": true }],
                "guild_id": GUILD_ID.to_string(),
            }),
            4,
        )
    }

    /// A message context-menu command on `target` (a message object).
    pub fn message_command(&self, member: &Member, name: &str, target: &Value) -> (u64, String) {
        let target_id = target["id"].as_str().unwrap().to_string();
        self.command(
            member,
            true,
            json!({
                "id": self.id().to_string(),
                "name": name,
                "type": 3,
                "target_id": target_id,
                "resolved": { "messages": { target_id.clone(): target } },
                "guild_id": GUILD_ID.to_string(),
            }),
            2,
        )
    }

    fn command(&self, member: &Member, in_guild: bool, data: Value, kind: u8) -> (u64, String) {
        let id = self.id();
        let token = format!("itoken-{id}");
        let mut interaction = self.interaction_base(member, in_guild, id, &token, kind);
        interaction["data"] = data;
        let channel = if in_guild { CHANNEL_ID } else { DM_CHANNEL_ID };
        self.state
            .interactions
            .lock()
            .unwrap()
            .insert(token.clone(), (channel, None));
        self.dispatch("INTERACTION_CREATE", interaction);
        (id, token)
    }

    /// A button click on `message` (as the bot posted it) with `custom_id`.
    pub fn click(&self, member: &Member, message: &Value, custom_id: &str) -> (u64, String) {
        let id = self.id();
        let token = format!("itoken-{id}");
        let in_guild = message.get("guild_id").is_some_and(|g| !g.is_null())
            || message["channel_id"] != json!(DM_CHANNEL_ID.to_string());
        let mut interaction = self.interaction_base(member, in_guild, id, &token, 3);
        let channel = if in_guild { CHANNEL_ID } else { DM_CHANNEL_ID };
        let on: Option<u64> = message["id"].as_str().and_then(|i| i.parse().ok());
        self.state
            .interactions
            .lock()
            .unwrap()
            .insert(token.clone(), (channel, on));
        interaction["message"] = message.clone();
        interaction["data"] = json!({ "custom_id": custom_id, "component_type": 2 });
        self.dispatch("INTERACTION_CREATE", interaction);
        (id, token)
    }

    fn interaction_base(
        &self,
        member: &Member,
        in_guild: bool,
        id: u64,
        token: &str,
        kind: u8,
    ) -> Value {
        let mut v = json!({
            "id": id.to_string(),
            "application_id": APP_ID.to_string(),
            "type": kind,
            "token": token,
            "version": 1,
            "locale": member.locale,
            "app_permissions": "2248473465835073",
            "entitlements": [],
            "attachment_size_limit": 8_388_608,
        });
        if in_guild {
            v["guild_id"] = json!(GUILD_ID.to_string());
            v["channel_id"] = json!(CHANNEL_ID.to_string());
            v["guild_locale"] = json!("en-US");
            v["member"] = member.member_json(true);
            v["context"] = json!(0);
            v["authorizing_integration_owners"] = json!({ "0": GUILD_ID.to_string() });
        } else {
            v["channel_id"] = json!(DM_CHANNEL_ID.to_string());
            v["user"] = member.user();
            v["context"] = json!(1);
            v["authorizing_integration_owners"] = json!({ "0": "0" });
        }
        v
    }

    /// A member's message in the guild channel (or in a DM); returns the message object.
    pub fn message(&self, member: &Member, content: &str, in_dm: bool) -> Value {
        let id = self.id();
        let mut mentions = Vec::new();
        if content.contains(&format!("<@{BOT_ID}>")) || content.contains(&format!("<@!{BOT_ID}>")) {
            mentions.push(user_json(BOT_ID, "enlace", true));
        }
        let mut msg = message_json(
            id,
            if in_dm { DM_CHANNEL_ID } else { CHANNEL_ID },
            member.user(),
            content,
        );
        msg["mentions"] = json!(mentions);
        msg["mention_everyone"] = json!(false);
        if !in_dm {
            msg["guild_id"] = json!(GUILD_ID.to_string());
            msg["member"] = member.member_json(false);
        }
        self.dispatch("MESSAGE_CREATE", msg.clone());
        msg
    }
}

/// The message payload inside a request: the callback's `data`, or the body itself.
pub fn message_body(request: &Request) -> Value {
    if request.path.ends_with("/callback") {
        request.body["data"].clone()
    } else {
        request.body.clone()
    }
}

/// A user object.
pub fn user_json(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": null,
        "bot": bot,
    })
}

/// A message object with every field serenity requires.
pub fn message_json(id: u64, channel: u64, author: Value, content: &str) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": channel.to_string(),
        "author": author,
        "content": content,
        "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
    })
}

/// The guild of GUILD_CREATE, with the fields serenity requires.
pub fn guild_json() -> Value {
    json!({
        "id": GUILD_ID.to_string(),
        "name": "Test guild",
        "icon": null,
        "owner_id": "1",
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_flags": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "large": false,
        "unavailable": false,
        "member_count": 3,
        "voice_states": [],
        "members": [],
        "channels": [{
            "id": CHANNEL_ID.to_string(),
            "type": 0,
            "guild_id": GUILD_ID.to_string(),
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": false,
        }],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
    })
}

fn ready_json(ws_url: &str) -> Value {
    json!({
        "v": 10,
        "user": user_json(BOT_ID, "enlace", true),
        "guilds": [{ "id": GUILD_ID.to_string(), "unavailable": true }],
        "session_id": "fake-session",
        "resume_gateway_url": ws_url,
        "shard": [0, 1],
        "application": { "id": APP_ID.to_string(), "flags": 0 },
    })
}

fn dispatch_json(event: &Dispatch) -> Value {
    json!({ "op": 0, "s": event.seq, "t": event.kind, "d": event.data })
}

// ---------------------------------------------------------------------------------------------
// Gateway

async fn serve_gateway(stream: TcpStream, state: Arc<State>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    state.gateway.lock().unwrap().connections += 1;
    let hello = json!({ "op": 10, "d": { "heartbeat_interval": 41_250 } });
    if ws.send(WsMessage::Text(hello.to_string())).await.is_err() {
        return;
    }
    let (tx, mut rx) = mpsc::unbounded_channel::<Control>();
    loop {
        tokio::select! {
            incoming = ws.next() => {
                let Some(Ok(msg)) = incoming else { break };
                let WsMessage::Text(text) = msg else {
                    if matches!(msg, WsMessage::Close(_)) {
                        // Let tungstenite send its close reply before the socket goes.
                        let _ = ws.flush().await;
                        break;
                    }
                    continue;
                };
                let Ok(payload) = serde_json::from_str::<Value>(&text) else { continue };
                let replies = on_gateway_payload(&state, &payload, &tx);
                for reply in replies {
                    if ws.send(WsMessage::Text(reply.to_string())).await.is_err() {
                        break;
                    }
                }
                state.changed.notify_waiters();
            }
            control = rx.recv() => match control {
                Some(Control::Send(event)) => {
                    if ws.send(WsMessage::Text(event.to_string())).await.is_err() {
                        break;
                    }
                }
                // Dropping the socket closes TCP without a close frame.
                Some(Control::Drop) | None => break,
            }
        }
    }
    {
        let mut gw = state.gateway.lock().unwrap();
        if gw.live.as_ref().is_some_and(|live| live.same_channel(&tx)) {
            gw.live = None;
        }
    }
    state.changed.notify_waiters();
}

/// Handles one payload from the bot; returns what to send back, in order.
fn on_gateway_payload(
    state: &State,
    payload: &Value,
    tx: &mpsc::UnboundedSender<Control>,
) -> Vec<Value> {
    let mut gw = state.gateway.lock().unwrap();
    match payload["op"].as_u64() {
        Some(1) => vec![json!({ "op": 11 })],
        Some(2) => {
            gw.identifies.push(payload["d"].clone());
            gw.live = Some(tx.clone());
            let mut out = Vec::new();
            for (kind, data) in [
                ("READY", ready_json(&state.ws_url)),
                ("GUILD_CREATE", guild_json()),
            ] {
                gw.seq += 1;
                let event = Dispatch {
                    seq: gw.seq,
                    kind: kind.to_string(),
                    data,
                };
                gw.log.push(event.clone());
                out.push(dispatch_json(&event));
            }
            out
        }
        Some(6) => {
            gw.resumes.push(payload["d"].clone());
            let from = payload["d"]["seq"].as_u64().unwrap_or(0);
            gw.live = Some(tx.clone());
            gw.seq += 1;
            let resumed = Dispatch {
                seq: gw.seq,
                kind: "RESUMED".into(),
                data: json!({}),
            };
            // Missed events in order, then RESUMED to say the replay is over (as Discord does).
            let mut out: Vec<Value> = gw
                .log
                .iter()
                .filter(|e| e.seq > from)
                .map(dispatch_json)
                .collect();
            out.push(dispatch_json(&resumed));
            gw.log.push(resumed);
            out
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// REST

async fn serve_http(stream: TcpStream, state: Arc<State>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = request_line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return;
        };
        let (method, target) = (method.to_string(), target.to_string());
        let mut content_length = 0usize;
        let mut authorization = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => content_length = value.trim().parse().unwrap_or(0),
                    "authorization" => authorization = Some(value.trim().to_string()),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; content_length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let path = target
            .split_once('?')
            .map_or(&*target, |(p, _)| p)
            .to_string();
        let path = path.strip_prefix("/api/v10").unwrap_or(&path).to_string();
        let fault = take_fault(&state, &method, &path);
        let (status, response, message, headers) = match fault {
            Some(fault) => {
                let (headers, body) = fault.response();
                (fault.status(), body, None, headers)
            }
            None => {
                let (status, response, message) = route(&state, &method, &path, &body);
                (status, response, message, Vec::new())
            }
        };
        {
            let mut requests = state.requests.lock().unwrap();
            requests.push(Request {
                method: method.clone(),
                path: path.clone(),
                authorization,
                body,
                status,
                message,
                fault,
                at: std::time::Instant::now(),
            });
        }
        state.changed.notify_waiters();
        let text = match &response {
            Value::Null => String::new(),
            v => v.to_string(),
        };
        let reason = match status {
            200 => "OK",
            204 => "No Content",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            _ => "Not Found",
        };
        let extra: String = headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}\r\n"))
            .collect();
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n",
            text.len()
        );
        let stream = reader.get_mut();
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(text.as_bytes()).await.is_err()
        {
            return;
        }
    }
}

/// The fault to answer `method path` with, if one is pending (and counts it as served).
fn take_fault(state: &State, method: &str, path: &str) -> Option<Fault> {
    let mut faults = state.faults.lock().unwrap();
    let rule = faults.iter_mut().find(|f| f.matches(method, path))?;
    rule.remaining -= 1;
    Some(rule.fault)
}

/// The fake's REST API: status, JSON body, and the message created or edited (if any).
fn route(state: &State, method: &str, path: &str, body: &Value) -> (u16, Value, Option<Value>) {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let app = APP_ID.to_string();
    let plain = |status: u16, v: Value| (status, v, None);
    match (method, segments.as_slice()) {
        ("GET", ["gateway"]) => plain(200, json!({ "url": state.ws_url })),
        ("GET", ["gateway", "bot"]) => plain(
            200,
            json!({
                "url": state.ws_url,
                "shards": 1,
                "session_start_limit": { "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1 },
            }),
        ),
        ("GET", ["users", "@me"]) => plain(200, user_json(BOT_ID, "enlace", true)),
        ("GET", ["oauth2", "applications", "@me"]) => plain(
            200,
            json!({
                "id": app, "name": "enlace", "icon": null, "description": "",
                "bot_public": true, "bot_require_code_grant": false, "verify_key": "0",
                "owner": user_json(1, "owner", false), "flags": 0,
            }),
        ),
        ("PUT", ["applications", a, "commands"])
        | ("PUT", ["applications", a, "guilds", _, "commands"])
            if *a == app =>
        {
            let guild = segments.get(3).map(|g| g.to_string());
            let commands: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut c| {
                    c["id"] = json!(state.next_id.fetch_add(1, Ordering::Relaxed).to_string());
                    c["application_id"] = json!(app);
                    c["version"] = json!("1");
                    if c.get("type").is_none() {
                        c["type"] = json!(1);
                    }
                    if c.get("description").is_none() {
                        c["description"] = json!("");
                    }
                    if let Some(g) = &guild {
                        c["guild_id"] = json!(g);
                    }
                    c
                })
                .collect();
            plain(200, json!(commands))
        }
        ("POST", ["interactions", _, token, "callback"]) => {
            let (channel, original) = interaction(state, token);
            let message = match body["type"].as_u64() {
                // A new message (4) or a deferred one (5): it becomes the original response.
                Some(4) | Some(5) => {
                    let m = remember(state, &body["data"], channel, None);
                    set_original(state, token, &m);
                    Some(m)
                }
                // Update the message the component is on.
                Some(7) => original.map(|id| remember(state, &body["data"], channel, Some(id))),
                _ => None,
            };
            (204, Value::Null, message)
        }
        ("POST", ["webhooks", a, token]) if *a == app => {
            let (channel, _) = interaction(state, token);
            let m = remember(state, body, channel, None);
            (200, m.clone(), Some(m))
        }
        ("GET" | "PATCH", ["webhooks", a, token, "messages", id]) if *a == app => {
            let (channel, original) = interaction(state, token);
            let id = if *id == "@original" {
                original
            } else {
                id.parse().ok()
            };
            let m = remember(state, body, channel, id);
            if id.is_none() {
                set_original(state, token, &m);
            }
            (200, m.clone(), (method == "PATCH").then_some(m))
        }
        ("DELETE", ["webhooks", a, _, "messages", _]) if *a == app => plain(204, Value::Null),
        ("POST", ["channels", channel, "messages"]) => {
            let channel = channel.parse().unwrap_or(CHANNEL_ID);
            let m = remember(state, body, channel, None);
            (200, m.clone(), Some(m))
        }
        ("PATCH", ["channels", channel, "messages", id]) => {
            let channel = channel.parse().unwrap_or(CHANNEL_ID);
            let m = remember(state, body, channel, id.parse().ok());
            (200, m.clone(), Some(m))
        }
        ("DELETE", ["channels", _, "messages", _]) => plain(204, Value::Null),
        ("GET", ["guilds", _, "roles"]) => plain(200, json!([])),
        ("GET", ["guilds", _, "members", user]) => {
            let id: u64 = user.parse().unwrap_or(0);
            let mut m = Member::new(id).member_json(true);
            m["guild_id"] = json!(GUILD_ID.to_string());
            plain(200, m)
        }
        _ => plain(
            404,
            json!({ "message": format!("404: no fake for {method} {path}"), "code": 0 }),
        ),
    }
}

/// The channel and original message of an interaction token (guild channel if unknown).
fn interaction(state: &State, token: &str) -> (u64, Option<u64>) {
    state
        .interactions
        .lock()
        .unwrap()
        .get(token)
        .copied()
        .unwrap_or((CHANNEL_ID, None))
}

fn set_original(state: &State, token: &str, message: &Value) {
    let id = message["id"].as_str().and_then(|i| i.parse().ok());
    let mut interactions = state.interactions.lock().unwrap();
    let entry = interactions
        .entry(token.to_string())
        .or_insert((CHANNEL_ID, None));
    entry.1 = id;
}

/// Stores (or updates) a bot message built from a request body and returns it as Discord would.
fn remember(state: &State, body: &Value, channel: u64, id: Option<u64>) -> Value {
    let mut messages = state.messages.lock().unwrap();
    let id = id.unwrap_or_else(|| state.next_id.fetch_add(1, Ordering::Relaxed));
    let mut message = messages
        .get(&id)
        .cloned()
        .unwrap_or_else(|| message_json(id, channel, user_json(BOT_ID, "enlace", true), ""));
    for key in ["content", "embeds", "components", "flags"] {
        if !body[key].is_null() {
            message[key] = body[key].clone();
        }
    }
    if channel != DM_CHANNEL_ID {
        message["guild_id"] = json!(GUILD_ID.to_string());
    }
    message["application_id"] = json!(APP_ID.to_string());
    messages.insert(id, message.clone());
    message
}
