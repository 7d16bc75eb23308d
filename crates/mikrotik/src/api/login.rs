//! Logging in: the plain exchange (RouterOS 6.43+) and the legacy MD5
//! challenge (before 6.43).
//!
//! Plain: `/login =name=U =password=P` → `!done`. Legacy: `/login` →
//! `!done =ret=<32 hex challenge>`, then `/login =name=U =response=00<hex>`
//! where the hex is `md5(0x00 || password || challenge bytes)`.
//!
//! [`LoginMethod::Auto`] sends the plain form first: a new router logs in,
//! and an old one ignores `=password=` and answers with a challenge, which
//! is then answered (the fallback go-routeros and node-routeros use).
//!
//! Login runs before the connection task starts, with untagged sentences,
//! so it needs no multiplexing and works with routers that dislike tags
//! before login.

use md5::{Digest, Md5};
use routerctl_core::{Credentials, ErrorContext, Result};

use super::budget::MAX_TRAPS;
use super::config::LoginMethod;
use super::connection::{Framed, ReadError};
use super::proto::{Reply, TrapList, preview};
use crate::record::{Attributes, Command};

/// The answer to a legacy login challenge: `"00"` followed by the hex MD5
/// of a zero byte, the password and the challenge's bytes.
///
/// ```
/// use routerctl_mikrotik::api::login::legacy_response;
/// // The manual's example (empty password).
/// assert_eq!(
///     legacy_response(b"", "93b438ec9b80057c06dd9fe67d56aa9a").unwrap(),
///     "00e134102a9d330dd7b1849fedfea3cb57"
/// );
/// ```
pub fn legacy_response(password: &[u8], challenge_hex: &str) -> Result<String, String> {
    let challenge = hex::decode(challenge_hex)
        .map_err(|_| format!("login challenge {challenge_hex:?} is not hexadecimal"))?;
    if challenge.len() != 16 {
        return Err(format!(
            "login challenge has {} bytes; RouterOS sends 16 (32 hex digits)",
            challenge.len()
        ));
    }
    let mut md5 = Md5::new();
    md5.update([0u8]);
    md5.update(password);
    md5.update(&challenge);
    Ok(format!("00{}", hex::encode(md5.finalize())))
}

/// What one login sentence got back.
struct LoginReply {
    traps: TrapList,
    done: Attributes,
}

/// Send one login command and read replies up to its `!done`.
async fn exchange(conn: &mut Framed, command: &Command, ctx: &ErrorContext) -> Result<LoginReply> {
    conn.send(command).await.map_err(|e| {
        ctx.disconnected(format!(
            "during login: connection failed while writing: {e}"
        ))
    })?;
    let mut traps = TrapList::new();
    loop {
        let response = conn
            .next_response()
            .await
            .map_err(|e| match e {
                // Typically a TLS port spoken to in plain API, or the other
                // way round: the peer gives up on what it cannot parse.
                ReadError::Closed => ctx.disconnected(
                    "the router closed the connection during login: wrong protocol for this \
                     port (api is usually 8728, api-ssl 8729)?",
                ),
                other => ctx.disconnected(format!("during login: {other}")),
            })?
            .map_err(|e| ctx.protocol(format!("during login: {e}")))?;
        if response.tag.is_some() {
            tracing::debug!(router = %ctx.router, "ignoring a tagged reply during login");
            continue;
        }
        match response.reply {
            Reply::Done { attributes, .. } => {
                return Ok(LoginReply {
                    traps,
                    done: attributes,
                });
            }
            Reply::Trap(_) if traps.len() >= MAX_TRAPS => {
                return Err(ctx.protocol(format!(
                    "during login: the router sent more than {MAX_TRAPS} !trap replies"
                )));
            }
            Reply::Trap(t) => {
                traps.push(t);
            }
            Reply::Fatal { reason } => {
                return Err(ctx.disconnected(format!(
                    "router sent !fatal during login: {}",
                    preview(&reason)
                )));
            }
            Reply::Re(_) | Reply::Empty => {}
        }
    }
}

fn refused(ctx: &ErrorContext, traps: &TrapList) -> routerctl_core::Error {
    let message = traps.message();
    ctx.auth(if message.is_empty() {
        "login refused".to_string()
    } else {
        message
    })
}

/// Log in on a fresh connection as `method` says. Fails with
/// `Error::Auth` when the router refuses the credentials.
pub(crate) async fn login(
    conn: &mut Framed,
    credentials: &Credentials,
    method: LoginMethod,
    ctx: &ErrorContext,
) -> Result<()> {
    let challenge = match method {
        LoginMethod::Legacy => {
            let reply = exchange(conn, &Command::new("/login"), ctx).await?;
            if !reply.traps.is_empty() {
                return Err(refused(ctx, &reply.traps));
            }
            match reply.done.get_str("ret") {
                Some(c) => c.into_owned(),
                None => {
                    return Err(ctx.auth(
                        "router offered no login challenge (it expects the plain login of RouterOS 6.43+)",
                    ));
                }
            }
        }
        LoginMethod::Plain | LoginMethod::Auto => {
            let command = Command::new("/login")
                .attr("name", &credentials.username)
                .attr("password", credentials.password.expose());
            let reply = exchange(conn, &command, ctx).await?;
            if !reply.traps.is_empty() {
                return Err(refused(ctx, &reply.traps));
            }
            match (reply.done.get_str("ret"), method) {
                (None, _) => return Ok(()),
                (Some(_), LoginMethod::Plain) => {
                    return Err(ctx.auth(
                        "router answered with a login challenge (pre-6.43 MD5 login); plain login only was requested",
                    ));
                }
                (Some(c), _) => c.into_owned(),
            }
        }
    };
    let response = legacy_response(credentials.password.expose().as_bytes(), &challenge)
        .map_err(|e| ctx.protocol(e))?;
    let command = Command::new("/login")
        .attr("name", &credentials.username)
        .attr("response", response);
    let reply = exchange(conn, &command, ctx).await?;
    if reply.traps.is_empty() {
        Ok(())
    } else {
        Err(refused(ctx, &reply.traps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verified_vector() {
        assert_eq!(
            legacy_response(b"", "93b438ec9b80057c06dd9fe67d56aa9a").unwrap(),
            "00e134102a9d330dd7b1849fedfea3cb57"
        );
    }

    #[test]
    fn password_changes_the_response() {
        let a = legacy_response(b"secret", "93b438ec9b80057c06dd9fe67d56aa9a").unwrap();
        assert_ne!(a, "00e134102a9d330dd7b1849fedfea3cb57");
        assert_eq!(a.len(), 34);
        assert!(a.starts_with("00"));
    }

    #[test]
    fn bad_challenges_are_refused() {
        assert!(
            legacy_response(b"", "zz")
                .unwrap_err()
                .contains("hexadecimal")
        );
        assert!(
            legacy_response(b"", "abcd")
                .unwrap_err()
                .contains("2 bytes")
        );
        assert!(legacy_response(b"", "").is_err());
    }
}
