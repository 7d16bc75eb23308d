//! `core/*`: identity, the admin password (check, hint, rules, change,
//! lock-out) and reboot.

use serde_json::{Value, json};

use super::super::clock::seconds_between;
use super::super::context::{Auth, Ctx};
use super::super::input::{Done, Failure, Outcome, no_input, object, to_json};
use crate::models::AdminPasswordAuthStatus;
use crate::wire::result;

/// `core/GetDeviceInfo`.
pub fn get_device_info(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&ctx.state.info)
}

/// `core/CheckAdminPassword[2]`: the engine has already checked the header.
pub fn check_admin_password(_ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    Ok(Done::empty())
}

fn auth_status(ctx: &Ctx<'_>) -> AdminPasswordAuthStatus {
    let policy = ctx.state.lockout_policy;
    let now = ctx.state.now();
    let delay = ctx
        .state
        .lockout
        .locked_until
        .or(ctx.state.lockout.delay_until)
        .map(|until| seconds_between(now, until))
        .unwrap_or(0);
    AdminPasswordAuthStatus {
        attempts_remaining: policy
            .max_attempts
            .saturating_sub(ctx.state.lockout.failures),
        delay_time_remaining: delay,
    }
}

fn status_text(status: &AdminPasswordAuthStatus) -> String {
    serde_json::to_string(status).unwrap_or_default()
}

/// `core/CheckAdminPassword3`: wrong passwords count; past the free
/// attempts each one imposes a growing delay, and running out of attempts
/// locks the account for a while (**inferred** numbers, see
/// [`LockoutPolicy`](crate::sim::LockoutPolicy)). A correct password
/// resets the count.
pub fn check_admin_password3(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let now = ctx.state.now();
    let policy = ctx.state.lockout_policy;
    if let Some(until) = ctx.state.lockout.locked_until {
        if until > now {
            return Err(Failure::code(
                result::ADMIN_ACCOUNT_LOCKED,
                status_text(&auth_status(ctx)),
            ));
        }
        ctx.state.lockout = Default::default();
    }
    if let Some(until) = ctx.state.lockout.delay_until {
        if until > now {
            return Err(Failure::code(
                result::PASSWORD_CHECK_DELAYED,
                status_text(&auth_status(ctx)),
            ));
        }
        ctx.state.lockout.delay_until = None;
    }
    let password = match ctx.auth {
        Auth::Basic { user, password } if user == crate::wire::ADMIN_USER => password.expose(),
        Auth::Basic { .. } | Auth::Malformed => "\u{0}not-a-password",
        Auth::Missing => return Err(Failure::bare(result::UNAUTHORIZED)),
    };
    if ctx.state.password_matches(password) {
        ctx.state.lockout = Default::default();
        return Ok(Done::empty());
    }
    let lockout = &mut ctx.state.lockout;
    lockout.failures = lockout.failures.saturating_add(1);
    if lockout.failures >= policy.max_attempts {
        lockout.locked_until = Some(now + policy.lock_duration);
        return Err(Failure::code(
            result::ADMIN_ACCOUNT_LOCKED,
            status_text(&auth_status(ctx)),
        ));
    }
    let past_free = lockout.failures.saturating_sub(policy.free_attempts);
    if past_free > 0 {
        lockout.delay_until = Some(now + policy.delay_step.saturating_mul(past_free));
    }
    Err(Failure::code(
        result::INVALID_ADMIN_PASSWORD,
        status_text(&auth_status(ctx)),
    ))
}

/// `core/GetAdminPasswordAuthStatus`.
pub fn get_admin_password_auth_status(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&auth_status(ctx))
}

/// `core/IsAdminPasswordDefault`: the factory password is `admin`.
pub fn is_admin_password_default(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    Ok(Done::output(
        json!({"isAdminPasswordDefault": ctx.state.password_matches("admin")}),
    ))
}

/// `core/GetAdminPasswordHint`.
pub fn get_admin_password_hint(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    Ok(Done::output(
        json!({"passwordHint": ctx.state.password_hint}),
    ))
}

/// `core/GetAdminPasswordRestrictions`.
pub fn get_admin_password_restrictions(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&ctx.state.restrictions)
}

/// `core/SetAdminPassword` (`{adminPassword}`), `SetAdminPassword2` and
/// `3` (`{adminPassword, passwordHint}`). Clients must re-authenticate
/// with the new password.
pub fn set_admin_password(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let allowed: &[&str] = if ctx.version >= 2 {
        &["adminPassword", "passwordHint"]
    } else {
        &["adminPassword"]
    };
    let input = object(input, "", allowed)?;
    let password = input.str("adminPassword")?;
    let hint = if ctx.version >= 2 {
        Some(input.opt_str("passwordHint")?.unwrap_or(""))
    } else {
        None
    };
    let rules = &ctx.state.restrictions;
    let length = password.chars().count() as u32;
    if length < rules.min_length || length > rules.max_length {
        return Err(Failure::invalid(format!(
            "Member \"adminPassword\" must be {} to {} characters long",
            rules.min_length, rules.max_length
        )));
    }
    if let Some(c) = password
        .chars()
        .find(|c| rules.disallowed_characters.contains(*c) || c.is_control())
    {
        return Err(Failure::invalid(format!(
            "Member \"adminPassword\" contains the disallowed character {c:?}"
        )));
    }
    if let Some(hint) = hint {
        if hint.contains(password) && !password.is_empty() {
            return Err(Failure::invalid(
                "Member \"passwordHint\" must not contain the password",
            ));
        }
        ctx.state.password_hint = hint.to_string();
    }
    ctx.state.password = routerctl_core::Secret::new(password);
    ctx.state.lockout = Default::default();
    Ok(Done::empty())
}

/// `core/Reboot`: replies, then restarts (`DeviceRestart`).
pub fn reboot(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    ctx.state.reboot();
    Ok(Done::empty().with_effect("DeviceRestart"))
}
