//! What every handler shares: the live fact base, the settings, usage counters and cooldowns.
//!
//! Kept deliberately small (the GUIDE's habit 6): the fact base is an `ArcSwap` snapshot that
//! readers never lock, and the two pieces of mutable state (`Stats`, `Cooldowns`) each own one
//! short-lived std `Mutex` that is never held across an `.await`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::store::Store;

use super::stats::Stats;

/// The error type of every command and event handler: `anyhow` at the adapter's edge, shown to
/// members only as a short safe message by `error::on_error`.
pub type Error = anyhow::Error;

/// poise's context with our `Data`.
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// Shared state handed to every command (`ctx.data()`) and event handler.
pub struct Data {
    /// The live fact base; `store.load()` once per request.
    pub store: Store,
    /// Settings as the bot started with them (admins, cooldown, threshold, listen channels).
    pub config: Arc<Config>,
    /// What was asked and how it went, without anything that identifies a member.
    pub stats: Stats,
    /// When each member may ask again.
    pub cooldowns: Cooldowns,
}

impl Data {
    /// Shared state over `store` with `config`.
    pub fn new(store: Store, config: Config) -> Data {
        let cooldown = Duration::from_secs(config.discord.cooldown_seconds);
        Data {
            store,
            config: Arc::new(config),
            stats: Stats::default(),
            cooldowns: Cooldowns::new(cooldown),
        }
    }
}

/// A per-member cooldown on questions: one answer per member every `period`.
///
/// Member ids are kept only until their cooldown ends (entries are pruned as the map grows), and
/// never reach stats or logs from here.
pub struct Cooldowns {
    period: Duration,
    // std Mutex: held only for a map lookup, never across an await.
    next_allowed: Mutex<HashMap<u64, Instant>>,
}

/// Entries kept before expired ones are swept; a sweep is cheap and rare.
const COOLDOWN_SWEEP_AT: usize = 1024;

impl Cooldowns {
    /// Cooldowns of `period` (zero disables them).
    pub fn new(period: Duration) -> Cooldowns {
        Cooldowns {
            period,
            next_allowed: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a question slot for `member` at `now`: `Err(wait)` when the member must wait.
    pub fn try_take(&self, member: u64, now: Instant) -> Result<(), Duration> {
        if self.period.is_zero() {
            return Ok(());
        }
        let mut map = self.next_allowed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&next) = map.get(&member) {
            if next > now {
                return Err(next - now);
            }
        }
        if map.len() >= COOLDOWN_SWEEP_AT {
            map.retain(|_, next| *next > now);
        }
        map.insert(member, now + self.period);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_waits_out_the_cooldown_and_others_do_not() {
        let cooldowns = Cooldowns::new(Duration::from_secs(3));
        let t0 = Instant::now();
        assert!(cooldowns.try_take(1, t0).is_ok());
        let wait = cooldowns
            .try_take(1, t0 + Duration::from_secs(1))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(2));
        assert!(cooldowns.try_take(2, t0 + Duration::from_secs(1)).is_ok());
        assert!(cooldowns.try_take(1, t0 + Duration::from_secs(3)).is_ok());
    }

    #[test]
    fn zero_disables_the_cooldown() {
        let cooldowns = Cooldowns::new(Duration::ZERO);
        let t0 = Instant::now();
        assert!(cooldowns.try_take(1, t0).is_ok());
        assert!(cooldowns.try_take(1, t0).is_ok());
    }
}
