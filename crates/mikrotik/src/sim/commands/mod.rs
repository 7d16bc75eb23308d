//! The console: the commands a simulated device answers, one module per
//! verb, above the device they act on.
//!
//! - `dispatch`: [`Device::run`](super::Device::run) and
//!   [`Device::execute`](super::Device::execute): the path is checked
//!   (menu, command, policy), then handed to its verb.
//! - `args`: argument checks and parsing every verb shares (`.id` /
//!   `numbers`, `=name=value` changes, `.proplist`, `=interval=`).
//! - `print` (`print`, `getall`), `listen` (`listen`, and the feeds of
//!   `print =follow=`), `add`, `set` (`set`, `enable`, `disable`,
//!   `unset`), `remove`, `reorder` (`move`), `export`, `monitor` (`monitor-traffic`,
//!   `/interface/.../monitor`), `ping`, and `actions`, the small
//!   menu-specific ones (`reboot`, `reset-counters`, `make-static`,
//!   `renew`/`release`, `/log/info` and friends).

mod actions;
mod add;
mod args;
mod dispatch;
mod export;
mod files;
mod listen;
mod monitor;
mod ping;
mod print;
mod remove;
mod reorder;
mod script;
mod set;
mod traceroute;
