//! Settings: `config/enlace.toml`, then environment variables, then command-line flags.
//!
//! Nothing secret lives here: the Discord token is read from `DISCORD_TOKEN` by the bot, into a
//! type that never prints it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Everything configurable, with defaults that run the terminal chat from a fresh clone.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The knowledge folder.
    pub knowledge: PathBuf,
    /// tracing filter, e.g. "info" or "enlace=debug".
    pub log_level: String,
    /// Minimum confidence (0..1) for an answer; below it the bot offers "did you mean".
    pub answer_threshold: Option<f32>,
    /// Re-read the knowledge folder when its files change.
    pub watch: bool,
    /// Discord settings.
    pub discord: DiscordConfig,
}

/// Discord settings (the token is not one of them).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// Guilds where commands are registered instantly; empty means global registration.
    pub guild_ids: Vec<u64>,
    /// Roles whose members may run admin commands.
    pub admin_role_ids: Vec<u64>,
    /// Users who may run admin commands.
    pub admin_user_ids: Vec<u64>,
    /// Channels where every message that looks like a question is answered without a mention.
    pub listen_channel_ids: Vec<u64>,
    /// Seconds a member waits between two questions.
    pub cooldown_seconds: u64,
    /// Base URL of the Discord REST API (a rate-limit proxy, or a fake Discord in tests).
    pub api_base: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            knowledge: PathBuf::from("knowledge"),
            log_level: "info".to_string(),
            answer_threshold: None,
            watch: false,
            discord: DiscordConfig::default(),
        }
    }
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            guild_ids: Vec::new(),
            admin_role_ids: Vec::new(),
            admin_user_ids: Vec::new(),
            listen_channel_ids: Vec::new(),
            cooldown_seconds: 3,
            api_base: None,
        }
    }
}

/// A settings problem, said so the user knows what to change.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file named with --config does not exist or cannot be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML for this config.
    #[error("invalid config file {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column.
        message: String,
    },
    /// An environment variable holds something that is not a list of ids.
    #[error("environment variable {name} must be comma-separated numeric ids, got {value:?}")]
    Env {
        /// Variable name.
        name: String,
        /// Its value.
        value: String,
    },
}

impl Config {
    /// Reads `path`; a missing file is fine when it is only the default path.
    pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Ok(Config::default())
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim().to_string(),
        })
    }

    /// Applies the environment overrides (`ENLACE_*`), which win over the file.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(dir) = get("ENLACE_KNOWLEDGE").filter(|v| !v.trim().is_empty()) {
            self.knowledge = PathBuf::from(dir);
        }
        let ids = |name: &str| -> Result<Option<Vec<u64>>, ConfigError> {
            let Some(value) = get(name) else {
                return Ok(None);
            };
            value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<u64>())
                .collect::<Result<Vec<_>, _>>()
                .map(Some)
                .map_err(|_| ConfigError::Env {
                    name: name.to_string(),
                    value,
                })
        };
        if let Some(v) = ids("ENLACE_GUILD_IDS")? {
            self.discord.guild_ids = v;
        }
        if let Some(v) = ids("ENLACE_ADMIN_ROLE_IDS")? {
            self.discord.admin_role_ids = v;
        }
        if let Some(v) = ids("ENLACE_ADMIN_USER_IDS")? {
            self.discord.admin_user_ids = v;
        }
        if let Some(v) = ids("ENLACE_LISTEN_CHANNEL_IDS")? {
            self.discord.listen_channel_ids = v;
        }
        if let Some(base) = get("DISCORD_API_BASE").filter(|v| !v.trim().is_empty()) {
            self.discord.api_base = Some(base);
        }
        if let Some(level) = get("ENLACE_LOG").filter(|v| !v.trim().is_empty()) {
            self.log_level = level;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_the_file() {
        let mut config: Config =
            toml::from_str("knowledge = \"k\"\n[discord]\nguild_ids = [1]\nadmin_role_ids = [2]\n")
                .unwrap();
        let env = |name: &str| match name {
            "ENLACE_GUILD_IDS" => Some("10, 11".to_string()),
            "ENLACE_KNOWLEDGE" => Some("other".to_string()),
            _ => None,
        };
        config.apply_env(env).unwrap();
        assert_eq!(config.discord.guild_ids, vec![10, 11]);
        assert_eq!(config.discord.admin_role_ids, vec![2]);
        assert_eq!(config.knowledge, PathBuf::from("other"));
    }

    #[test]
    fn bad_ids_in_the_environment_are_reported() {
        let mut config = Config::default();
        let err = config
            .apply_env(|n| (n == "ENLACE_ADMIN_USER_IDS").then(|| "12,abc".to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("ENLACE_ADMIN_USER_IDS"));
    }

    #[test]
    fn unknown_settings_are_refused() {
        assert!(toml::from_str::<Config>("knowlege = \"k\"").is_err());
    }
}
