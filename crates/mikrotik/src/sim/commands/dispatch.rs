//! From a command path to its verb: the menu and command must exist, the
//! session must have the policy the command needs.

use bytes::Bytes;

use super::{
    actions, add, export, files, listen, monitor, ping, print, remove, reorder, script, set,
    traceroute,
};
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::clock::Clock;
use crate::sim::device::Device;
use crate::sim::menus;
use crate::sim::outcome::{Outcome, refused};
use crate::sim::replies::{done, trap, trap_reply};
use crate::sim::schema::Menu;
use crate::sim::session::Session;
use crate::sim::state::State;
use crate::sim::value::Refused;

impl Device {
    /// Run one command. See the module documentation for the commands.
    pub fn run(
        &self,
        session: &Session,
        command: &[u8],
        args: &Attributes,
        queries: &[Bytes],
    ) -> Outcome {
        run(self, session, command, args, queries)
    }

    /// Run one command to completion: finite streams are played out at
    /// once, endless ones answer `interrupted` (category 2).
    pub fn execute(
        &self,
        session: &Session,
        command: &[u8],
        args: &Attributes,
        queries: &[Bytes],
    ) -> Vec<Reply> {
        match self.run(session, command, args, queries) {
            Outcome::Done(r) => r,
            Outcome::Stream(s) => s.finish_now(),
        }
    }
}

/// What every command of a device told to fail
/// ([`SimConfig::vendor_error`](crate::sim::SimConfig::vendor_error))
/// answers: the trap a router whose internal process hangs sends.
const VENDOR_ERROR: &str = "failure: timeout";

/// Commands that never change the configuration; any other may, and
/// keeps the device's state from being dropped while idle.
const READS: &[&str] = &[
    "print",
    "getall",
    "export",
    "listen",
    "monitor",
    "monitor-traffic",
    "ping",
    "traceroute",
    "read",
];

/// The two traps of an unknown menu or directory element.
fn unknown_directory(element: &str) -> Outcome {
    Outcome::Done(vec![
        trap_reply(format!("no such command or directory ({element})"), None),
        trap_reply("no such command prefix", None),
        done(),
    ])
}

fn no_such_command() -> Outcome {
    Outcome::Done(trap("no such command", None))
}

/// The policy a command needs.
fn policy_for(menu: Option<&Menu>, command: &str) -> &'static str {
    match command {
        "print" | "getall" | "listen" | "export" | "monitor" | "monitor-traffic" | "read" => "read",
        "ping" | "traceroute" => "test",
        // What a script does is checked statement by statement.
        "execute" => "read",
        "reboot" => "reboot",
        _ => menu.map(|m| m.write_policy).unwrap_or("write"),
    }
}

fn run(
    dev: &Device,
    session: &Session,
    command: &[u8],
    args: &Attributes,
    queries: &[Bytes],
) -> Outcome {
    if dev.config().vendor_error {
        return Outcome::Done(trap(VENDOR_ERROR, None));
    }
    let Some(path) = std::str::from_utf8(command)
        .ok()
        .filter(|p| p.starts_with('/'))
    else {
        return Outcome::Done(trap("no such command prefix", None));
    };
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let mut prefix = String::new();
    for element in dir.split('/').filter(|e| !e.is_empty()) {
        prefix.push('/');
        prefix.push_str(element);
        if !menus::is_directory(&prefix) {
            return unknown_directory(element);
        }
    }
    if name.is_empty() {
        return no_such_command();
    }
    if !READS.contains(&name) {
        dev.mark_dirty();
    }
    let menu = menus::menu(dir);
    let directory_cmd = menus::DIRECTORY_COMMANDS
        .iter()
        .any(|(d, cmds)| *d == dir && cmds.contains(&name));
    let known = menu.is_some_and(|m| m.accepts(name)) || directory_cmd;
    if !known {
        if menu.is_some() || menus::is_directory(&format!("{dir}/{name}")) {
            return no_such_command();
        }
        return unknown_directory(name);
    }
    let policy = policy_for(menu.filter(|_| !directory_cmd), name);
    if !session.may(policy) {
        return Outcome::Done(trap("not enough permissions (9)", None));
    }
    if directory_cmd {
        return match (dir, name) {
            ("" | "/tool", "ping") => ping::ping(dev, args),
            ("/tool", "traceroute") => traceroute::traceroute(dev, args),
            ("", "export") => export::command(dev, session, None, args),
            ("", "execute") => write(dev, session, |st, clock| {
                script::execute(st, clock, session, args)
            }),
            ("/system", "reboot") => actions::reboot(dev, session, args),
            _ => no_such_command(),
        };
    }
    let Some(menu) = menu else {
        return no_such_command();
    };
    match name {
        "print" | "getall" => print::print(dev, session, menu, args, queries),
        "listen" => listen::listen(dev, session, menu, args),
        "export" => export::command(dev, session, Some(menu), args),
        "add" => write(dev, session, |st, clock| {
            if menu.path == "/file" {
                files::check_room(st, args)?;
            }
            let replies = add::command(st, clock, menu, args)?;
            script::record_owner(st, menu, &replies, &session.user);
            Ok(replies)
        }),
        "set" => write(dev, session, |st, clock| {
            if menu.path == "/file" {
                files::check_room(st, args)?;
            }
            set::command(st, clock, menu, args)
        }),
        "enable" | "disable" => write(dev, session, |st, clock| {
            set::enable_disable(st, clock, menu, args, name == "disable")
        }),
        "unset" => write(dev, session, |st, clock| set::unset(st, clock, menu, args)),
        "remove" => write(dev, session, |st, _clock| remove::command(st, menu, args)),
        "move" => write(dev, session, |st, _clock| reorder::command(st, menu, args)),
        "monitor-traffic" => monitor::monitor_traffic(dev, args),
        "monitor" => monitor::interface_monitor(dev, menu, args),
        "reset-counters" => write(dev, session, |st, clock| {
            actions::reset_counters(st, clock, menu, args)
        }),
        "read" => {
            let st = dev.lock();
            match files::read(&st, args) {
                Ok(replies) => Outcome::Done(replies),
                Err(r) => refused(r),
            }
        }
        "run" => write(dev, session, |st, clock| {
            script::run_stored(st, clock, session, menu, args)
        }),
        "make-static" => write(dev, session, |st, _| actions::make_static(st, menu, args)),
        "renew" | "release" => write(dev, session, |st, clock| {
            actions::renew(st, clock, menu, args)
        }),
        "info" | "warning" | "error" | "debug" => write(dev, session, |st, clock| {
            actions::log_message(st, clock, name, args)
        }),
        _ => no_such_command(),
    }
}

/// Run a state change under the lock and publish what it touched.
fn write(
    dev: &Device,
    _session: &Session,
    f: impl FnOnce(&mut State, &Clock) -> Result<Vec<Reply>, Refused>,
) -> Outcome {
    let clock = dev.clock();
    let mut st = dev.lock();
    let result = f(&mut st, &clock);
    dev.publish(&mut st, &clock);
    match result {
        Ok(replies) => Outcome::Done(replies),
        Err(r) => refused(r),
    }
}
