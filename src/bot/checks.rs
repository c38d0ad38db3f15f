//! Who may run the admin commands (`/reload`, `/stats`).
//!
//! Two locks, both required: the commands are registered with the Manage Server default member
//! permission (Discord hides them from others, but server admins can change that), and this
//! check compares the member with `config/enlace.toml`'s admin user ids and role ids. With both
//! lists empty nobody passes: a fresh install refuses until an admin is configured.

use crate::config::DiscordConfig;

use super::data::{Context, Error};

/// True when the member is listed by user id, or holds one of the admin roles.
pub fn is_admin(config: &DiscordConfig, user_id: u64, role_ids: &[u64]) -> bool {
    config.admin_user_ids.contains(&user_id)
        || role_ids.iter().any(|r| config.admin_role_ids.contains(r))
}

/// poise check for admin commands. The roles come from the interaction's member (sent by
/// Discord with every guild interaction, so no extra request and no cache needed); in a DM a
/// member has no roles and only the user-id list counts.
pub async fn admin(ctx: Context<'_>) -> Result<bool, Error> {
    let roles: Vec<u64> = match ctx {
        poise::Context::Application(app) => app
            .interaction
            .member
            .as_ref()
            .map(|m| m.roles.iter().map(|r| r.get()).collect())
            .unwrap_or_default(),
        poise::Context::Prefix(_) => Vec::new(),
    };
    Ok(is_admin(
        &ctx.data().config.discord,
        ctx.author().id.get(),
        &roles,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_by_user_or_role_and_nobody_when_unconfigured() {
        let config = DiscordConfig {
            admin_user_ids: vec![7],
            admin_role_ids: vec![50, 51],
            ..DiscordConfig::default()
        };
        assert!(is_admin(&config, 7, &[]));
        assert!(is_admin(&config, 8, &[1, 51]));
        assert!(!is_admin(&config, 8, &[1, 2]));
        assert!(!is_admin(&DiscordConfig::default(), 7, &[50]));
    }
}
