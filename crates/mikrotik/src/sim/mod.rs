//! A simulated RouterOS 7 device, and its binary API server.
//!
//! # Shape
//!
//! One [`Device`] holds the state of one router: a table of rows per menu
//! (`/interface`, `/ip/address`, ...; the list is [`menus::MENUS`]), each
//! row with an `.id` (`*` + upper-case hex, `*0` included) and byte-string
//! properties stored untouched (8-bit clean: a DHCP host name may be
//! `caf\xE9-pc`). Every menu has a schema ([`schema::Menu`]) with defaults,
//! read-only, required, write-only and sensitive properties and value kinds,
//! so `add`/`set` refuse bad input with RouterOS's own trap texts.
//! `Device::new` seeds the default configuration of a hAP ax^2 on RouterOS
//! 7.20.5 ([`seed`]): ether1 as DHCP WAN, a `bridge` with ether2-5 and two
//! wifi interfaces, the defconf DHCP server and firewall, leases, wifi
//! clients, users, services, a log.
//!
//! Values that move with time (traffic counters, uptimes, lease timers,
//! CPU load) are computed when read from the device clock and the seed
//! ([`live`]); nothing runs in the background. [`Device::advance`] moves the
//! clock forward for tests and demos.
//!
//! # Front-end-neutral execution
//!
//! Front ends (the binary API here, a REST server later) share one entry
//! point and never touch the state directly:
//!
//! - [`Device::authenticate`] checks a user name and password and returns
//!   a [`Session`] (the group's policies, taken at login), or `None`; it
//!   records the login (log line, `/user/active` row until
//!   [`Device::logout`]). [`Device::authenticate_via`] names the service
//!   (`rest-api` needs that policy) and can skip the recording, for
//!   per-request Basic auth. [`Device::authenticate_md5`] checks a
//!   pre-6.43 challenge response.
//! - [`Device::run`] runs one command (`"/ip/address/print"`, with
//!   `=name=value` arguments as [`Attributes`] and `?` query words without
//!   the `?`) and returns an [`Outcome`]: either the complete list of
//!   replies ([`Reply::Re`] rows, [`Reply::Done`] with `ret`,
//!   [`Reply::Trap`] then `Done`, [`Reply::Empty`] then `Done`), or a
//!   [`SimStream`] for commands that go on (`listen`, `print =follow=` and
//!   `=follow-only=`, `print =interval=`, `monitor-traffic` without
//!   `=once=`, `ping`).
//! - [`Device::execute`] is `run` for callers that want a finished answer
//!   (REST): a finite stream (`ping =count=`, `monitor =once=`) is played
//!   out at once without pacing; an endless one answers a category 2
//!   `interrupted` trap.
//! - A [`SimStream`] yields replies with `next().await`; `interrupt()`
//!   gives the replies that end a cancelled stream (`!trap =category=2
//!   =message=interrupted`, `!empty` when it produced nothing and the
//!   version has `!empty`, `!done`).
//! - [`Device::subscribe`] is the raw change feed ([`Change`]; a removed
//!   row has `row: None`, shown by `listen` as `=.dead=true`).
//!
//! Supported commands: `print`/`getall` (`.proplist`, `count-only`,
//! `detail`, `from`, every query operator), `add` (`=ret=` new id,
//! `place-before` in ordered menus), `set` (`=!prop=` unsets), `unset`,
//! `remove` (comma lists, names), `enable`/`disable`, `listen`, `export`
//! (root and per menu; `=terse=`; `=file=NAME` writes `NAME.rsc` to
//! `/file`), `/file/read` (`=file= =offset= =chunk-size=`, one `!re
//! =data=`), `/ping`, `/tool/traceroute`, `/interface/monitor-traffic`,
//! `/interface/ethernet/monitor`, `/interface/wifi/monitor`,
//! `reset-counters`, `/ip/dhcp-server/lease/make-static`,
//! `/ip/dhcp-client/renew|release`, `/log/info|warning|error|debug`,
//! `/execute` (`=as-string=` answers the output in `=ret=`, otherwise a
//! job id) and `/system/script/run` over a small scripting subset (`:put`,
//! `:log`, `:local`/`:global`/`:set`, `[/path/get prop]` of singletons,
//! nested `/system/script/run`; see `commands/script.rs`),
//! `/system/reboot`. Queries sent to anything but print are ignored.
//!
//! Feeds of `/interface` (`listen`, `print =follow=`) also look at the
//! traffic counters every second and send a row again when what the
//! listener sees of it changed (inferred: a router announces counter
//! movement; its pace is not documented).
//!
//! A user's `address` list (`/user address`, prefixes, IPv4 or IPv6,
//! empty = anywhere) is enforced by both front ends: a login from
//! elsewhere is refused like a bad password (`invalid user name or
//! password (6)` on the API, 401 on REST; inferred, RouterOS does not say
//! why a login failed).
//!
//! References are kept by id, as RouterOS does: renaming an interface
//! renames it wherever it is named. Removing one removes its bridge ports
//! and interface-list members; addresses, DHCP servers and clients, ARP
//! entries and firewall rules that named it show its old id instead
//! (`interface=*N`, an unknown item) and `invalid=true` until they are
//! pointed at an existing interface (inferred from how RouterOS prints
//! such rows).
//!
//! # Errors (trap texts)
//!
//! `no such command or directory (x)` then `no such command prefix` (two
//! traps) for an unknown menu; `no such command` for an unknown command of
//! a menu; `no such item (4)`; `unknown parameter NAME`; `missing =NAME=`;
//! `input does not match any value of NAME` (category 1) for enum words and
//! references; `invalid value for argument NAME` (category 1) for malformed
//! values; `value of NAME out of range (a..b)` (category 1); `failure:
//! already have such entry`; `failure: already have interface with such
//! name`; `failure: device already added as bridge port`; `not enough
//! permissions (9)` when the group lacks the policy (`read`, `write`,
//! `policy` for users and groups, `reboot`, `test` for ping).
//!
//! # Version knobs
//!
//! [`SimConfig::version`] is parsed as `major.minor[.patch]`: below 7.18
//! empty prints answer a bare `!done` (no `!empty`), from 7.18 on `!empty`
//! then `!done`. [`SimConfig::legacy_login`] emulates a pre-6.43 router
//! (MD5 challenge only; a `=password=` login is answered with a
//! challenge). Without it a bare `/login` still gets a challenge but a
//! `=response=` is refused with `invalid user name or password (6)`, as a
//! 6.45+ router does.
//!
//! # API server behaviour ([`ApiServer`])
//!
//! One task per connection, replies interleaved by `.tag`. Before login
//! every command but `/login` and `/quit` (`/cancel` included) answers
//! `!trap =message=not logged in` + `!done` (the real text is not
//! documented) and the socket stays open. A second successful `/login` on
//! a connection replaces its session: the previous session's running
//! commands end first as if cancelled (`interrupted` trap, `!empty`,
//! `!done`), then the login answers `!done` (inferred: RouterOS's behaviour
//! is not documented); a failed second login leaves the session and its
//! commands alone. At most [`ApiSettings::max_prelogin_sentences`]
//! sentences and [`ApiSettings::login_timeout`] are allowed before login,
//! and pre-login words are limited to 64 KiB. A reserved length byte
//! (`0xF8..=0xFF`), or a word or sentence over [`Limits::server`], closes
//! only that connection, before anything is allocated for it. A peer that
//! does not read is dropped after [`ApiSettings::write_timeout`]; each
//! connection's output queue is bounded. `/quit` answers `!fatal` with the
//! bare word `session terminated on request` and closes. `/cancel`
//! answers as the reference transcripts show, and up to
//! [`ApiSettings::cancel_lag_rows`] rows of a stream may still arrive after
//! `/cancel` and before its trap, as on real routers. A cancelled stream
//! always ends with its trap and `!done`: one stuck behind a full output
//! queue for [`ApiSettings::write_timeout`] is ended by the connection. `/system/reboot`
//! closes every connection of the device after its `!done`. A connection
//! runs at most 256 streams at once (`failure: too many concurrent
//! commands`), and `add` stops at 50 000 items per menu.
//!
//! [`Limits::server`]: crate::api::proto::Limits::server
//! [`Attributes`]: crate::api::proto::Attributes
//! [`Reply::Re`]: crate::api::proto::Reply::Re
//! [`Reply::Done`]: crate::api::proto::Reply::Done
//! [`Reply::Trap`]: crate::api::proto::Reply::Trap
//! [`Reply::Empty`]: crate::api::proto::Reply::Empty

pub mod access;
pub mod api_server;
pub mod clock;
mod commands;
mod config;
mod connection;
pub mod descriptor;
mod device;
#[cfg(test)]
mod device_tests;
mod expiry;
#[cfg(test)]
mod expiry_tests;
#[cfg(test)]
mod ipv6_tests;
mod journal;
pub mod live;
pub mod menus;
mod menus_ipv6;
pub mod menus_ros7;
mod menus_switch;
mod menus_tunnels;
mod netwatch;
#[cfg(test)]
mod netwatch_tests;
mod outcome;
mod path_hash;
pub mod query;
mod render;
pub mod replies;
pub mod rest_server;
pub mod schema;
pub mod seed;
mod seed_ipv6;
mod seed_ros7;
pub mod session;
pub mod state;
mod stream;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tunnels_tests;
pub mod value;
mod view;
mod wire;

pub use api_server::ApiServer;
pub use config::{ApiSettings, SimConfig, SimUser};
pub use device::{Change, Device, Hold};
pub use outcome::Outcome;
pub use rest_server::{RestServer, RestSettings};
pub use session::{CredentialVersion, Session};
pub use stream::SimStream;
