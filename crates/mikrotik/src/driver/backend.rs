//! What the driver needs from a RouterOS client, so that the binary API
//! client and (later) the REST client share one mapping onto the neutral
//! model.

use async_trait::async_trait;
use futures_util::StreamExt;
use routerctl_core::{Error, ErrorContext, RawStream, Result};

use crate::api::{ApiClient, Query};
use crate::record::{Attributes, Command, CommandOutput};

use super::json::{attributes_to_json, output_to_json};

/// Menu-level access to one RouterOS device.
///
/// Rows are [`Attributes`] (names and values as RouterOS sends them, as
/// bytes) whichever transport fetched them; a REST implementation fills
/// them from its JSON strings. Errors the router reports must arrive as
/// `Error::Vendor` with RouterOS's own message, so the driver can tell an
/// absent package (`no such command or directory`) from a failure.
#[async_trait]
pub trait MenuBackend: Send + Sync {
    /// `print` on `menu` (e.g. `/ip/address`) with a filter and property list.
    async fn print(&self, menu: &str, query: &Query) -> Result<Vec<Attributes>>;
    /// Any command (`/system/reboot`, `/interface/ethernet/monitor`) with
    /// `name=value` arguments.
    async fn command(&self, path: &str, args: &[(&str, &str)]) -> Result<CommandOutput>;
    /// A command given as the vendor's own words, answered as JSON in the
    /// shape REST uses: `!re` rows as an array of objects; else the `!done`
    /// attributes as one object when there are any; else `[]`.
    async fn raw(&self, words: &[String]) -> Result<serde_json::Value>;
    /// A streaming command given as words; each row as a JSON object.
    async fn stream(&self, words: &[String]) -> Result<RawStream>;
    /// End the session politely.
    async fn close(&self);
}

/// Build a command from user-supplied words: the first is the command
/// path, the rest go through untouched (`=a=b`, `?a=b`, `?#|`). A `.tag`
/// is refused because the client assigns tags itself.
pub fn command_from_words(label: &str, words: &[String]) -> Result<Command> {
    let ctx = ErrorContext::new(label, "raw");
    let (path, rest) = words
        .split_first()
        .ok_or_else(|| ctx.config("no command given (expected e.g. /ip/address/print)"))?;
    if !path.starts_with('/') {
        return Err(ctx.config(format!(
            "{path:?} is not a RouterOS command path (it must start with '/', e.g. /ip/address/print)"
        )));
    }
    if let Some(tag) = rest.iter().find(|w| w.starts_with(".tag=")) {
        return Err(ctx.config(format!(
            "{tag:?}: the client tags commands itself; leave .tag out"
        )));
    }
    Ok(Command::new(path).words_from(rest))
}

#[async_trait]
impl MenuBackend for ApiClient {
    async fn print(&self, menu: &str, query: &Query) -> Result<Vec<Attributes>> {
        ApiClient::print(self, menu, query).await
    }

    async fn command(&self, path: &str, args: &[(&str, &str)]) -> Result<CommandOutput> {
        ApiClient::command(self, path, args.iter().copied()).await
    }

    async fn raw(&self, words: &[String]) -> Result<serde_json::Value> {
        let command = command_from_words(self.label(), words)?;
        Ok(output_to_json(&self.run(command).await?))
    }

    async fn stream(&self, words: &[String]) -> Result<RawStream> {
        let command = command_from_words(self.label(), words)?;
        let rows = ApiClient::stream(self, command).await?;
        Ok(Box::pin(
            rows.map(|row| row.map(|a| attributes_to_json(&a))),
        ))
    }

    async fn close(&self) {
        if let Err(e) = ApiClient::close(self).await {
            tracing::debug!(router = %self.label(), error = %e, "closing the session failed");
        }
    }
}

/// True when the router said the menu or command does not exist (the
/// package is not installed, or the device has no such hardware, like
/// `/system/routerboard` on CHR).
pub fn is_missing_menu(error: &Error) -> bool {
    match error {
        Error::Vendor { message, .. } => {
            message.contains("no such command or directory")
                || message.contains("no such command prefix")
                || message.starts_with("no such command")
        }
        _ => false,
    }
}

/// `Ok(None)` instead of an error when the menu does not exist.
pub async fn optional<T>(fut: impl std::future::Future<Output = Result<T>>) -> Result<Option<T>> {
    match fut.await {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_missing_menu(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_words_become_a_command() {
        let words: Vec<String> = [
            "/ip/address/print",
            "?interface=ether1",
            "=.proplist=address",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cmd = command_from_words("r1", &words).unwrap();
        assert_eq!(cmd.words().len(), 3);
        assert_eq!(cmd.words()[1].as_ref(), b"?interface=ether1");
    }

    #[test]
    fn raw_words_are_checked() {
        let err = command_from_words("r1", &[]).unwrap_err();
        assert!(matches!(err, Error::Config { .. }));
        let err = command_from_words("r1", &["ip/address/print".into()]).unwrap_err();
        assert!(err.to_string().contains("must start with '/'"), "{err}");
        let err = command_from_words("r1", &["/log/print".into(), ".tag=5".into()]).unwrap_err();
        assert!(err.to_string().contains(".tag"), "{err}");
    }

    #[test]
    fn missing_menu_detection() {
        let ctx = ErrorContext::new("r1", "/system/routerboard/print");
        assert!(is_missing_menu(&ctx.vendor(
            "mikrotik",
            None,
            "no such command or directory (routerboard), no such command prefix"
        )));
        assert!(!is_missing_menu(&ctx.vendor(
            "mikrotik",
            None,
            "not enough permissions (9)"
        )));
        assert!(!is_missing_menu(
            &ctx.timeout(std::time::Duration::from_secs(1))
        ));
    }
}
