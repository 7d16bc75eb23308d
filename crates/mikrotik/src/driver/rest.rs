//! The driver over REST: [`MenuBackend`] for [`RestClient`], and the
//! `rest` / `rest-http` protocols of [`connect`](fn@super::connect).
//!
//! Every menu read is a POST of `<menu>/print` with `.proplist` and
//! `.query`, the exact words the API client sends, so the driver's mapping
//! sees the same rows whichever protocol fetched them (a GET would add
//! `.id` to property lists and cannot express `?#|`).

use async_trait::async_trait;
use routerctl_core::{ConnectSpec, RawStream, Result, Router};

use super::backend::{MenuBackend, command_from_words};
use super::json::attributes_to_json;
use super::router::RouterOs;
use crate::api::Query;
use crate::record::{Attributes, Command, CommandOutput};
use crate::rest::{RestClient, RestConfig, RestTimeouts};

/// Default port of `rest` (www-ssl).
pub const HTTPS_PORT: u16 = 443;
/// Default port of `rest-http` (www).
pub const HTTP_PORT: u16 = 80;

/// Open the neutral driver over REST: HTTPS under `spec.tls` when `http`
/// is false, plain HTTP (with a warning) when true. The credentials are
/// checked right away with one small read, so a wrong password or pin
/// fails here as it does for the API's login.
pub async fn connect(spec: &ConnectSpec, http: bool) -> Result<Box<dyn Router>> {
    let port = spec
        .port
        .unwrap_or(if http { HTTP_PORT } else { HTTPS_PORT });
    let mut config = if http {
        RestConfig::http(&spec.host, port, spec.credentials.clone())
    } else {
        RestConfig::https(&spec.host, spec.credentials.clone(), spec.tls.clone()).with_port(port)
    };
    config.label = spec.name.clone();
    config.timeouts = RestTimeouts {
        connect: spec.timeout,
        request: spec.timeout,
    };
    let client = RestClient::new(config)?;
    client.check().await?;
    Ok(Box::new(RouterOs::new(&spec.name, client)))
}

#[async_trait]
impl MenuBackend for RestClient {
    async fn print(&self, menu: &str, query: &Query) -> Result<Vec<Attributes>> {
        Ok(self.run(&query.print_command(menu)).await?.rows)
    }

    async fn command(&self, path: &str, args: &[(&str, &str)]) -> Result<CommandOutput> {
        let command = args
            .iter()
            .fold(Command::new(path), |c, (k, v)| c.attr(k, v));
        self.run(&command).await
    }

    /// The router's own JSON reply to the command, untouched.
    async fn raw(&self, words: &[String]) -> Result<serde_json::Value> {
        let command = command_from_words(self.label(), words)?;
        self.run_json(&command).await
    }

    /// REST has no streams: the router answers when a command ends (and
    /// ends it with `Session closed` after 60 s). So the command runs to
    /// its end and its rows are handed out one by one; use a bounded form
    /// (`=once=`, `=count=`, `=duration=`).
    async fn stream(&self, words: &[String]) -> Result<RawStream> {
        let command = command_from_words(self.label(), words)?;
        let rows = self.run(&command).await?.rows;
        let items: Vec<Result<serde_json::Value>> =
            rows.iter().map(|r| Ok(attributes_to_json(r))).collect();
        Ok(Box::pin(futures_util::stream::iter(items)))
    }

    /// Nothing to close: REST has no session; the connection pool goes
    /// with the client.
    async fn close(&self) {}
}
