//! What a menu looks like: its properties, their value kinds, defaults and
//! access, and which commands the menu accepts.
//!
//! The schema is data (see [`super::menus`]) so that validation, printing,
//! export and the REST front end all read the same facts about a menu.

/// How a property value is checked and normalised on `add`/`set`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any bytes, stored untouched (comments, names, host names).
    Text,
    /// `true`/`false`, accepting `yes`/`no` on input; stored as `true`/`false`.
    Bool,
    /// A decimal integer within `min..=max`.
    Int {
        /// Smallest accepted number.
        min: i64,
        /// Largest accepted number.
        max: i64,
    },
    /// An integer within `min..=max` or one of the words (`mtu=auto`).
    IntOr {
        /// Smallest accepted number.
        min: i64,
        /// Largest accepted number.
        max: i64,
        /// Words accepted instead of a number (`auto`, `unlimited`).
        words: &'static [&'static str],
    },
    /// One of the words.
    Enum(&'static [&'static str]),
    /// A comma list of the words; `negate` allows `!word` items.
    EnumList {
        /// The accepted words.
        words: &'static [&'static str],
        /// Whether `!word` (negated) items are accepted.
        negate: bool,
    },
    /// The name of an item of another menu (`interface=ether1`); `negate`
    /// allows a leading `!`, `list` a comma list, `extra` fixed words.
    Ref {
        /// Menu path whose `name_key` values are valid (`/interface`).
        menu: &'static str,
        /// Whether a leading `!` is accepted.
        negate: bool,
        /// Whether a comma list of names is accepted.
        list: bool,
        /// Words accepted besides names (`all`, `none`).
        extra: &'static [&'static str],
    },
    /// An IPv4 address.
    Ip,
    /// An IPv4 address with optional `/len`; stored with the length.
    Prefix,
    /// A comma list of IPv4 addresses (may be empty).
    IpList,
    /// A comma list of `a.b.c.d-e.f.g.h` ranges or prefixes.
    IpRanges,
    /// A MAC address; stored upper case.
    Mac,
    /// A duration (`1d2h3m4s`, `30m`, plain seconds); stored normalised.
    Duration,
    /// A bit rate with an optional `k`/`M`/`G` suffix (`10M`), stored as
    /// plain decimal as the API prints it; `pair` wants `upload/download`.
    Rate {
        /// Whether the value is an `a/b` pair (simple queues).
        pair: bool,
    },
}

/// Property flags.
pub mod flag {
    /// `add` fails with `missing =name=` without it.
    pub const REQUIRED: u16 = 1;
    /// State the router computes; `add`/`set` answer `unknown parameter`.
    pub const READ_ONLY: u16 = 1 << 1;
    /// Write-only (user passwords): never printed, queried or exported.
    pub const HIDDEN: u16 = 1 << 2;
    /// Shown only to users with the `sensitive` policy, and not exported.
    pub const SENSITIVE: u16 = 1 << 3;
    /// Lives in the `/interface` row of the same `.id` (name, mtu, ...).
    pub const MASTER: u16 = 1 << 4;
    /// A state flag: printed only when `true`.
    pub const FLAG: u16 = 1 << 5;
}

/// One property of a menu.
#[derive(Debug, Clone, Copy)]
pub struct Prop {
    /// Property name as on the wire (`mtu`, `default-name`).
    pub name: &'static str,
    /// How values are checked and normalised.
    pub kind: Kind,
    /// Filled in on `add` and restored by unset (`=!name=`).
    pub default: Option<&'static str>,
    /// [`flag`] bits.
    pub flags: u16,
}

impl Prop {
    /// A writable, optional property with no default.
    pub const fn new(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            kind,
            default: None,
            flags: 0,
        }
    }
    /// Set the default filled in on `add`.
    pub const fn def(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }
    /// Mark required on `add` ([`flag::REQUIRED`]).
    pub const fn req(mut self) -> Self {
        self.flags |= flag::REQUIRED;
        self
    }
    /// Mark read-only state ([`flag::READ_ONLY`]).
    pub const fn ro(mut self) -> Self {
        self.flags |= flag::READ_ONLY;
        self
    }
    /// Mark write-only ([`flag::HIDDEN`]).
    pub const fn hidden(mut self) -> Self {
        self.flags |= flag::HIDDEN;
        self
    }
    /// Mark sensitive ([`flag::SENSITIVE`]).
    pub const fn sensitive(mut self) -> Self {
        self.flags |= flag::SENSITIVE;
        self
    }
    /// Store in the `/interface` row ([`flag::MASTER`]).
    pub const fn master(mut self) -> Self {
        self.flags |= flag::MASTER;
        self
    }
    /// Mark a read-only state flag, printed only when `true` ([`flag::FLAG`]).
    pub const fn state_flag(mut self) -> Self {
        self.flags |= flag::FLAG | flag::READ_ONLY;
        self
    }
    /// True when any bit of `f` is set.
    pub fn has(&self, f: u16) -> bool {
        self.flags & f != 0
    }
    /// True unless the property is read-only.
    pub fn writable(&self) -> bool {
        !self.has(flag::READ_ONLY)
    }
}

/// Command bits of a menu (print, getall and listen are always there).
pub mod cmd {
    /// `add`.
    pub const ADD: u16 = 1;
    /// `set`.
    pub const SET: u16 = 1 << 1;
    /// `remove`.
    pub const REMOVE: u16 = 1 << 2;
    /// `enable` and `disable`.
    pub const ENABLE: u16 = 1 << 3;
    /// `unset =numbers= =value-name=` (the console form of `=!prop=`).
    pub const UNSET: u16 = 1 << 4;
    /// Everything that changes an existing row: set, enable/disable, unset.
    pub const EDIT: u16 = SET | ENABLE | UNSET;
    /// Every command bit.
    pub const ALL: u16 = ADD | SET | REMOVE | ENABLE | UNSET;
}

/// How a menu relates to `/interface`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfaceRole {
    /// An ordinary menu, unrelated to `/interface`.
    None,
    /// `/interface` itself: the row that holds the shared properties.
    Master,
    /// A typed interface menu (`/interface/bridge`): rows share `.id`,
    /// `name` and the other `MASTER` properties with `/interface`, where a
    /// row of `type` is created on `add`.
    Sub {
        /// The `/interface` `type` of rows created here (`bridge`, `vlan`).
        type_name: &'static str,
    },
}

/// How `/export` writes a menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStyle {
    /// `add k=v ...` per static row.
    Add,
    /// `set NAME k=v` for rows that differ from the defaults.
    SetByName,
    /// `set [ find default-name=X ] k=v` for changed built-in interfaces.
    SetByDefaultName,
    /// `set k=v` for a changed singleton.
    Singleton,
}

/// One menu (a console path such as `/ip/address`).
#[derive(Debug)]
pub struct Menu {
    /// Console path, e.g. `/ip/address`.
    pub path: &'static str,
    /// A single record without `.id` (`/system/identity`).
    pub singleton: bool,
    /// Every property of a row, in print order.
    pub props: &'static [Prop],
    /// Items can be addressed by this property (`=.id=ether1`).
    pub name_key: Option<&'static str>,
    /// Allowed commands, see [`cmd`].
    pub cmds: u16,
    /// Ordered menus carry `.nextid` and accept `place-before`.
    pub ordered: bool,
    /// How rows relate to `/interface`.
    pub iface: IfaceRole,
    /// Sets of properties that must be unique together; a clash answers
    /// `failure: already have such entry`.
    pub unique: &'static [&'static [&'static str]],
    /// Further commands of this menu (`monitor-traffic`, `make-static`).
    pub extra: &'static [&'static str],
    /// Policy that writes need (`write`; `policy` for users and groups).
    pub write_policy: &'static str,
    /// Section title and style for `/export` (`None`: not exported).
    pub export: Option<(&'static str, ExportStyle)>,
    /// First `.id` number handed out (routes start at `*80000000`).
    pub first_id: u32,
}

impl Menu {
    /// A list menu with every command, write policy `write`, not exported, ids from 1.
    pub const fn list(path: &'static str, props: &'static [Prop]) -> Self {
        Self {
            path,
            singleton: false,
            props,
            name_key: None,
            cmds: cmd::ALL,
            ordered: false,
            iface: IfaceRole::None,
            unique: &[],
            extra: &[],
            write_policy: "write",
            export: None,
            first_id: 1,
        }
    }
    /// A singleton menu (one record, `set` only).
    pub const fn singleton(path: &'static str, props: &'static [Prop]) -> Self {
        let mut m = Self::list(path, props);
        m.singleton = true;
        m.cmds = cmd::SET;
        m
    }
    /// Let items be addressed by `key` (`=.id=ether1`).
    pub const fn named(mut self, key: &'static str) -> Self {
        self.name_key = Some(key);
        self
    }
    /// Replace the allowed [`cmd`] bits.
    pub const fn cmds(mut self, cmds: u16) -> Self {
        self.cmds = cmds;
        self
    }
    /// Mark ordered (`.nextid`, `place-before`).
    pub const fn ordered(mut self) -> Self {
        self.ordered = true;
        self
    }
    /// Set the relation to `/interface`.
    pub const fn iface(mut self, role: IfaceRole) -> Self {
        self.iface = role;
        self
    }
    /// Set the unique property sets.
    pub const fn unique(mut self, sets: &'static [&'static [&'static str]]) -> Self {
        self.unique = sets;
        self
    }
    /// Set the further commands.
    pub const fn extra(mut self, cmds: &'static [&'static str]) -> Self {
        self.extra = cmds;
        self
    }
    /// Set the policy writes need.
    pub const fn policy(mut self, policy: &'static str) -> Self {
        self.write_policy = policy;
        self
    }
    /// Export under `section` in `style`.
    pub const fn export(mut self, section: &'static str, style: ExportStyle) -> Self {
        self.export = Some((section, style));
        self
    }
    /// Set the first `.id` number handed out.
    pub const fn first_id(mut self, id: u32) -> Self {
        self.first_id = id;
        self
    }

    /// The property called `name`, if the menu has it.
    pub fn prop(&self, name: &str) -> Option<&'static Prop> {
        self.props.iter().find(|p| p.name == name)
    }
    /// True when any [`cmd`] bit of `c` is allowed.
    pub fn has(&self, c: u16) -> bool {
        self.cmds & c != 0
    }
    /// The command names this menu answers to.
    pub fn accepts(&self, command: &str) -> bool {
        match command {
            "print" | "getall" | "listen" => true,
            "add" => self.has(cmd::ADD),
            "set" => self.has(cmd::SET),
            "remove" => self.has(cmd::REMOVE),
            "enable" | "disable" => self.has(cmd::ENABLE),
            "unset" => self.has(cmd::UNSET),
            // Only ordered menus (firewall rules) can be reordered.
            "move" => self.ordered,
            "export" => self.export.is_some(),
            other => self.extra.contains(&other),
        }
    }
}
