//! One retry policy for every reply the bot sends, because serenity's rate limiter is off.
//!
//! With `discord.api_base` set, `bot::run` turns serenity's rate limiter off (serenity ignores
//! the proxy base while it is on), so a 429 or a 5xx from Discord (or from the proxy) reaches
//! the handler as a plain error (without `api_base`, serenity's own limiter waits out 429s
//! before they get here; the 5xx retry still applies). Every reply path goes through [`run`] (commands through
//! [`send`] and [`defer_ephemeral`]; message replies, button responses and deletions in
//! `events`; the error notes of `error::tell`), and [`run`] asks the pure [`decide`]:
//!
//! - **429**: wait what Discord asked (`retry-after`, else `x-ratelimit-reset-after`, else
//!   [`DEFAULT_RATE_LIMIT_WAIT`] × the retry number) and try again, at most
//!   [`MAX_RATE_LIMIT_RETRIES`] times. A wait longer than [`WAIT_CAP`], or longer than the time
//!   left to answer, is not waited at all (retrying early would only earn another 429): give up.
//! - **5xx**: try once more ([`MAX_SERVER_ERROR_RETRIES`]) after [`SERVER_ERROR_BACKOFF`]. A
//!   500 may have been applied anyway; a repeated interaction response is then refused by
//!   Discord (400, given up), a repeated channel message is the price of not losing the answer.
//! - **anything else** (4xx, network errors, bad JSON): give up at once; retrying cannot help.
//!
//! Giving up returns the error to the handler, which returns it to poise, so
//! `error::on_error` logs it (and tells the member, for commands); nothing panics and the next
//! event is served as usual.
//!
//! An interaction must get its first response within 3 s of being created, so retries of a
//! first response (the callback) stop at [`INITIAL_RESPONSE_BUDGET`] after the first attempt;
//! later messages of the same interaction (follow-ups, edits) have 15 minutes and only the cap.
//!
//! Limitation: serenity 0.12 keeps only the status of a failed response (`ErrorResponse` drops
//! the headers, and its body decoding keeps `code` and `message`, not `retry_after`), so from a
//! serenity error [`decide`] sees no `retry-after` and waits the default. It takes headers all
//! the same, so the policy is tested against what Discord sends and is ready for a client that
//! passes them on.

use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use poise::serenity_prelude as serenity;

use super::data::Context;

/// Retries after a 429 before giving up.
pub const MAX_RATE_LIMIT_RETRIES: u32 = 2;
/// Retries after a 5xx before giving up.
pub const MAX_SERVER_ERROR_RETRIES: u32 = 1;
/// The longest wait the bot accepts; Discord asking for more means giving up now.
pub const WAIT_CAP: Duration = Duration::from_secs(5);
/// The wait before the n-th retry after a 429 that says nothing of how long to wait (n × this):
/// Discord's per-route buckets and its global limit mostly reset within a second.
pub const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(1);
/// The pause before retrying after a 5xx.
pub const SERVER_ERROR_BACKOFF: Duration = Duration::from_millis(250);
/// Time allowed for an interaction's first response, retries included, from the first attempt:
/// Discord forgets an interaction not answered within 3 s, and the handler has used a little.
pub const INITIAL_RESPONSE_BUDGET: Duration = Duration::from_millis(2500);

/// What to do after Discord refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send it again after this wait.
    Retry(Duration),
    /// Stop and return the error.
    GiveUp(GiveUp),
}

/// Why a refused request is not retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUp {
    /// Not a status a retry can fix (4xx other than 429).
    NotRetryable,
    /// The retries of this kind of failure are used up.
    RetriesUsed,
    /// Discord asked for a wait longer than the cap or than the time left to answer.
    WaitTooLong(Duration),
}

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GiveUp::NotRetryable => f.write_str("not a status a retry can fix"),
            GiveUp::RetriesUsed => f.write_str("retries used up"),
            GiveUp::WaitTooLong(wait) => {
                write!(f, "asked to wait {wait:?}, longer than the bot may wait")
            }
        }
    }
}

/// The policy: what to do after `status` with response `headers` (names in any case), when
/// `retries` retries were already made and `time_left` remains to answer (`None`: no deadline
/// but the cap). Pure, so it is tested without Discord.
pub fn decide(
    status: u16,
    headers: &[(&str, &str)],
    retries: u32,
    time_left: Option<Duration>,
) -> Decision {
    let (max, wait) = match status {
        429 => (
            MAX_RATE_LIMIT_RETRIES,
            retry_after(headers).unwrap_or(DEFAULT_RATE_LIMIT_WAIT * (retries + 1)),
        ),
        500..=599 => (MAX_SERVER_ERROR_RETRIES, SERVER_ERROR_BACKOFF),
        _ => return Decision::GiveUp(GiveUp::NotRetryable),
    };
    if retries >= max {
        return Decision::GiveUp(GiveUp::RetriesUsed);
    }
    let limit = time_left.map_or(WAIT_CAP, |left| left.min(WAIT_CAP));
    if wait > limit {
        return Decision::GiveUp(GiveUp::WaitTooLong(wait));
    }
    Decision::Retry(wait)
}

/// How long a 429 asks to wait: `retry-after`, else `x-ratelimit-reset-after` (both in
/// seconds, possibly fractional). `None` when neither is a usable number.
pub fn retry_after(headers: &[(&str, &str)]) -> Option<Duration> {
    let seconds = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.trim().parse::<f64>().ok())
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
    };
    seconds("retry-after").or_else(|| seconds("x-ratelimit-reset-after"))
}

/// The HTTP status of a failed request, if Discord answered at all.
pub fn status_of(error: &serenity::Error) -> Option<u16> {
    match error {
        serenity::Error::Http(e) => e.status_code().map(|s| s.as_u16()),
        _ => None,
    }
}

/// Runs `attempt` (one request to Discord) until it succeeds or [`decide`] gives up; `what`
/// names the request in the logs, `budget` bounds the whole (an interaction's first response:
/// [`INITIAL_RESPONSE_BUDGET`]). Each retry and each give-up on a refusal is logged at `warn`;
/// the final error is returned for the handler to report.
pub async fn run<T, F, Fut>(
    what: &'static str,
    budget: Option<Duration>,
    attempt: F,
) -> Result<T, serenity::Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, serenity::Error>>,
{
    run_with(what, budget, status_of, attempt).await
}

/// [`run`] for any error type, `status` reading its HTTP status (tests use their own errors:
/// serenity's cannot be built outside serenity).
async fn run_with<T, E, F, Fut>(
    what: &'static str,
    budget: Option<Duration>,
    status: impl Fn(&E) -> Option<u16>,
    mut attempt: F,
) -> Result<T, E>
where
    E: std::fmt::Display,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let started = Instant::now();
    let mut retries = 0;
    loop {
        let error = match attempt().await {
            Ok(sent) => {
                if retries > 0 {
                    tracing::info!(what, retries, "sent to Discord after retrying");
                }
                return Ok(sent);
            }
            Err(error) => error,
        };
        // No status: Discord did not answer (network) or the answer was unreadable.
        let Some(status) = status(&error) else {
            return Err(error);
        };
        let time_left = budget.map(|b| b.saturating_sub(started.elapsed()));
        match decide(status, &[], retries, time_left) {
            Decision::Retry(wait) => {
                retries += 1;
                tracing::warn!(
                    what,
                    status,
                    retry = retries,
                    wait_ms = wait.as_millis() as u64,
                    error = %error,
                    "Discord refused a request; retrying"
                );
                tokio::time::sleep(wait).await;
            }
            Decision::GiveUp(why) => {
                tracing::warn!(
                    what,
                    status,
                    retries,
                    reason = %why,
                    error = %error,
                    "Discord refused a request; giving up"
                );
                return Err(error);
            }
        }
    }
}

/// True while `ctx`'s interaction still awaits its first response.
fn awaits_first_response(ctx: Context<'_>) -> bool {
    match ctx {
        poise::Context::Application(app) => !app.has_sent_initial_response.load(Ordering::SeqCst),
        poise::Context::Prefix(_) => false,
    }
}

/// `ctx.send(reply)` with the retry policy: what every command reply goes through.
pub async fn send<'a>(
    ctx: Context<'a>,
    reply: poise::CreateReply,
) -> Result<poise::ReplyHandle<'a>, serenity::Error> {
    let budget = awaits_first_response(ctx).then_some(INITIAL_RESPONSE_BUDGET);
    run("command reply", budget, || ctx.send(reply.clone())).await
}

/// `ctx.defer_ephemeral()` with the retry policy (a deferral is the first response).
pub async fn defer_ephemeral(ctx: Context<'_>) -> Result<(), serenity::Error> {
    run("deferral", Some(INITIAL_RESPONSE_BUDGET), || {
        ctx.defer_ephemeral()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[test]
    fn a_rate_limit_waits_what_discord_asks_then_gives_up() {
        let headers = [("Retry-After", "0.2"), ("X-RateLimit-Scope", "user")];
        assert_eq!(decide(429, &headers, 0, None), Decision::Retry(ms(200)));
        assert_eq!(decide(429, &headers, 1, None), Decision::Retry(ms(200)));
        assert_eq!(
            decide(429, &headers, MAX_RATE_LIMIT_RETRIES, None),
            Decision::GiveUp(GiveUp::RetriesUsed)
        );
        // The bucket's reset when there is no retry-after; retry-after wins when both are there.
        assert_eq!(
            decide(429, &[("x-ratelimit-reset-after", "1.5")], 0, None),
            Decision::Retry(ms(1500))
        );
        assert_eq!(
            decide(
                429,
                &[("x-ratelimit-reset-after", "1.5"), ("retry-after", "1")],
                0,
                None
            ),
            Decision::Retry(ms(1000))
        );
    }

    #[test]
    fn without_a_usable_retry_after_the_default_grows_with_each_retry() {
        for headers in [
            &[][..],
            &[("retry-after", "soon")][..],
            &[("retry-after", "-1")][..],
            &[("retry-after", "NaN")][..],
        ] {
            assert_eq!(
                decide(429, headers, 0, None),
                Decision::Retry(DEFAULT_RATE_LIMIT_WAIT),
                "{headers:?}"
            );
            assert_eq!(
                decide(429, headers, 1, None),
                Decision::Retry(DEFAULT_RATE_LIMIT_WAIT * 2)
            );
        }
    }

    #[test]
    fn long_waits_are_not_waited() {
        let long = [("retry-after", "60")];
        assert_eq!(
            decide(429, &long, 0, None),
            Decision::GiveUp(GiveUp::WaitTooLong(Duration::from_secs(60)))
        );
        let capped = [("retry-after", "5")];
        assert_eq!(decide(429, &capped, 0, None), Decision::Retry(WAIT_CAP));
        // An interaction's first response: only what fits before Discord forgets it.
        assert_eq!(
            decide(429, &[("retry-after", "2")], 0, Some(ms(1500))),
            Decision::GiveUp(GiveUp::WaitTooLong(Duration::from_secs(2)))
        );
        assert_eq!(
            decide(429, &[("retry-after", "1")], 0, Some(ms(1500))),
            Decision::Retry(ms(1000))
        );
        assert_eq!(
            decide(500, &[], 0, Some(ms(100))),
            Decision::GiveUp(GiveUp::WaitTooLong(SERVER_ERROR_BACKOFF))
        );
    }

    #[test]
    fn server_errors_are_retried_once_after_a_short_backoff() {
        for status in [500, 502, 503, 504] {
            assert_eq!(
                decide(status, &[], 0, None),
                Decision::Retry(SERVER_ERROR_BACKOFF)
            );
            assert_eq!(
                decide(status, &[], 1, None),
                Decision::GiveUp(GiveUp::RetriesUsed)
            );
        }
        assert!(SERVER_ERROR_BACKOFF < INITIAL_RESPONSE_BUDGET);
    }

    #[test]
    fn other_failures_are_not_retried() {
        for status in [400, 401, 403, 404, 405, 413] {
            assert_eq!(
                decide(status, &[("retry-after", "1")], 0, None),
                Decision::GiveUp(GiveUp::NotRetryable),
                "{status}"
            );
        }
    }

    #[test]
    fn the_first_response_can_be_retried_within_discords_three_seconds() {
        // Both rate-limit retries with the default waits would overrun; the first fits.
        assert!(DEFAULT_RATE_LIMIT_WAIT < INITIAL_RESPONSE_BUDGET);
        assert!(INITIAL_RESPONSE_BUDGET < Duration::from_secs(3));
        assert!(WAIT_CAP >= DEFAULT_RATE_LIMIT_WAIT * MAX_RATE_LIMIT_RETRIES);
    }

    #[tokio::test]
    async fn run_retries_what_decide_allows_and_returns_the_last_error() {
        use std::sync::atomic::AtomicU32;
        let status = |e: &u16| (*e != 0).then_some(*e);
        for (fails_with, attempts) in [(500, 1 + MAX_SERVER_ERROR_RETRIES), (404, 1), (0, 1)] {
            let calls = AtomicU32::new(0);
            let result: Result<(), u16> = run_with("test", None, status, || {
                calls.fetch_add(1, Ordering::SeqCst);
                async move { Err(fails_with) }
            })
            .await;
            assert_eq!(result, Err(fails_with));
            assert_eq!(calls.load(Ordering::SeqCst), attempts, "{fails_with}");
        }
        // A refusal then a success: the success is returned.
        let calls = AtomicU32::new(0);
        let result = run_with("test", None, status, || {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    Err(503)
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(result, Ok(1));
    }
}
