//! The embedded SQLite backend (the default).
//!
//! One file, WAL mode (readers never block the writer, and a crash leaves
//! a consistent database), schema changes as numbered migrations recorded
//! in `schema_migrations`. The file holds unmasked configurations — it is a
//! backup — so it is created readable by its owner only (0600).

use std::fs;
use std::path::Path;

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension, params};

use super::model::{
    ApplyRecord, JournalOp, NewApply, NewSnapshot, Recorded, SnapshotFormat, Version,
};
use super::normalize::content_hash;
use super::store::Store;

/// Schema migrations, in order; migration `n` is `MIGRATIONS[n - 1]`.
/// Never edit one that shipped: add the next.
const MIGRATIONS: &[&str] = &[
    // 1: content-addressed configuration snapshots.
    "CREATE TABLE blobs (
         sha256  TEXT PRIMARY KEY,
         content TEXT NOT NULL,
         size    INTEGER NOT NULL
     );
     CREATE TABLE snapshots (
         id       INTEGER PRIMARY KEY AUTOINCREMENT,
         router   TEXT NOT NULL,
         version  INTEGER NOT NULL,
         vendor   TEXT NOT NULL,
         format   TEXT NOT NULL,
         taken_at INTEGER NOT NULL,
         sha256   TEXT NOT NULL REFERENCES blobs(sha256),
         UNIQUE (router, version)
     );",
    // 2: applies (the audit log) and their journal of operations.
    "CREATE TABLE applies (
         id          INTEGER PRIMARY KEY AUTOINCREMENT,
         started_at  INTEGER NOT NULL,
         user        TEXT NOT NULL,
         file        TEXT NOT NULL,
         plan        TEXT NOT NULL,
         status      TEXT NOT NULL,
         deadline    INTEGER,
         result      TEXT
     );
     CREATE TABLE journal (
         id       INTEGER PRIMARY KEY AUTOINCREMENT,
         apply_id INTEGER NOT NULL REFERENCES applies(id),
         router   TEXT NOT NULL,
         seq      INTEGER NOT NULL,
         op       TEXT NOT NULL,
         inverse  TEXT,
         state    TEXT NOT NULL
     );",
];

/// State in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Open (creating it, its directory and its schema as needed) the
    /// database at `path`.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the state directory {}", dir.display()))?;
        }
        create_private(path)?;
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the state database {}", path.display()))?;
        Self::setup(conn).with_context(|| format!("state database {}", path.display()))
    }

    /// A database in memory (tests).
    #[cfg(test)]
    pub fn in_memory() -> anyhow::Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> anyhow::Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // `journal_mode` answers with the mode now in force.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// The schema version now in force.
    #[cfg(test)]
    pub fn schema_version(&self) -> anyhow::Result<u32> {
        current_version(&self.conn)
    }
}

/// Create `path` empty with mode 0600 unless it exists.
fn create_private(path: &Path) -> anyhow::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => {
            Err(e).with_context(|| format!("cannot create the state database {}", path.display()))
        }
    }
}

fn current_version(conn: &Connection) -> anyhow::Result<u32> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?)
}

/// Apply the migrations not yet applied, each in its own transaction.
fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at INTEGER NOT NULL
         )",
    )?;
    let current = current_version(conn)?;
    let known = u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX);
    if current > known {
        anyhow::bail!(
            "schema version {current} is newer than this routerctl knows ({known}); upgrade routerctl"
        );
    }
    for (number, sql) in (1..).zip(MIGRATIONS).skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("schema migration {number}"))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, strftime('%s','now'))",
            params![number],
        )?;
        tx.commit()?;
    }
    Ok(())
}

fn apply_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApplyRecord> {
    Ok(ApplyRecord {
        id: r.get(0)?,
        started_at: r.get(1)?,
        user: r.get(2)?,
        file: r.get(3)?,
        status: r.get(4)?,
        plan: r.get(5)?,
        result: r.get(6)?,
    })
}

fn version_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Version> {
    let format: String = row.get(3)?;
    Ok(Version {
        version: row.get(0)?,
        vendor: row.get(1)?,
        taken_at: row.get(2)?,
        // Only this code writes the column; an unknown name reads as text.
        format: SnapshotFormat::parse(&format).unwrap_or(SnapshotFormat::Text),
        sha256: row.get(4)?,
        size: row.get(5)?,
    })
}

impl Store for SqliteStore {
    fn record(&mut self, s: &NewSnapshot<'_>) -> anyhow::Result<Recorded> {
        let sha256 = content_hash(s.content);
        let size = s.content.len() as u64;
        let tx = self.conn.transaction()?;
        let latest: Option<(u32, String)> = tx
            .query_row(
                "SELECT version, sha256 FROM snapshots WHERE router = ?1
                 ORDER BY version DESC LIMIT 1",
                params![s.router],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((version, latest_hash)) = &latest {
            if *latest_hash == sha256 {
                return Ok(Recorded {
                    version: *version,
                    changed: false,
                    sha256,
                    size,
                });
            }
        }
        tx.execute(
            "INSERT OR IGNORE INTO blobs (sha256, content, size) VALUES (?1, ?2, ?3)",
            params![sha256, s.content, size],
        )?;
        let version = latest.map_or(1, |(v, _)| v + 1);
        tx.execute(
            "INSERT INTO snapshots (router, version, vendor, format, taken_at, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                s.router,
                version,
                s.vendor,
                s.format.as_str(),
                s.taken_at,
                sha256
            ],
        )?;
        tx.commit()?;
        Ok(Recorded {
            version,
            changed: true,
            sha256,
            size,
        })
    }

    fn begin_apply(&mut self, a: &NewApply<'_>) -> anyhow::Result<i64> {
        self.conn.execute(
            "INSERT INTO applies (started_at, user, file, plan, status, deadline)
             VALUES (?1, ?2, ?3, ?4, 'running', ?5)",
            params![a.started_at, a.user, a.file, a.plan, a.deadline],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn set_op_state(&mut self, op: i64, state: &str, inverse: Option<&str>) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE journal SET state = ?2, inverse = COALESCE(?3, inverse) WHERE id = ?1",
            params![op, state, inverse],
        )?;
        Ok(())
    }

    fn set_apply_status(
        &mut self,
        apply: i64,
        status: &str,
        result: Option<&str>,
    ) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE applies SET status = ?2, result = COALESCE(?3, result) WHERE id = ?1",
            params![apply, status, result],
        )?;
        Ok(())
    }

    fn apply_status(&self, apply: i64) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT status FROM applies WHERE id = ?1",
                params![apply],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn confirm(&mut self, apply: Option<i64>) -> anyhow::Result<Option<i64>> {
        let id: Option<i64> = match apply {
            Some(id) => Some(id),
            None => self
                .conn
                .query_row(
                    "SELECT MAX(id) FROM applies WHERE status = 'awaiting-confirm'",
                    [],
                    |r| r.get(0),
                )
                .optional()?
                .flatten(),
        };
        let Some(id) = id else { return Ok(None) };
        let n = self.conn.execute(
            "UPDATE applies SET status = 'confirmed' WHERE id = ?1 AND status = 'awaiting-confirm'",
            params![id],
        )?;
        Ok((n == 1).then_some(id))
    }

    fn applies(&self, limit: u32) -> anyhow::Result<Vec<ApplyRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, started_at, user, file, status, plan, result FROM applies
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit], apply_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn apply_record(&self, apply: i64) -> anyhow::Result<Option<ApplyRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, started_at, user, file, status, plan, result FROM applies
                 WHERE id = ?1",
                params![apply],
                apply_from_row,
            )
            .optional()?)
    }

    fn latest_interrupted(&self) -> anyhow::Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT MAX(id) FROM applies WHERE status = 'running'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    fn set_apply_plan(&mut self, apply: i64, plan: &str) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE applies SET plan = ?2 WHERE id = ?1",
            params![apply, plan],
        )?;
        Ok(())
    }

    fn journal_ops(
        &mut self,
        apply: i64,
        router: &str,
        ops: &[String],
    ) -> anyhow::Result<Vec<i64>> {
        let tx = self.conn.transaction()?;
        let mut ids = Vec::with_capacity(ops.len());
        {
            let mut stmt = tx.prepare(
                "INSERT INTO journal (apply_id, router, seq, op, state)
                 VALUES (?1, ?2, ?3, ?4, 'pending')",
            )?;
            for (seq, op) in (1u32..).zip(ops) {
                stmt.execute(params![apply, router, seq, op])?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    fn ops(&self, apply: i64) -> anyhow::Result<Vec<JournalOp>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, router, seq, op, inverse, state FROM journal
             WHERE apply_id = ?1 ORDER BY router, seq, id",
        )?;
        let rows = stmt.query_map(params![apply], |r| {
            Ok(JournalOp {
                id: r.get(0)?,
                router: r.get(1)?,
                seq: r.get(2)?,
                op: r.get(3)?,
                inverse: r.get(4)?,
                state: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn versions(&self, router: &str) -> anyhow::Result<Vec<Version>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.version, s.vendor, s.taken_at, s.format, s.sha256, b.size
             FROM snapshots s JOIN blobs b ON b.sha256 = s.sha256
             WHERE s.router = ?1 ORDER BY s.version",
        )?;
        let rows = stmt.query_map(params![router], version_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn content(&self, sha256: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT content FROM blobs WHERE sha256 = ?1",
                params![sha256],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap<'a>(router: &'a str, content: &'a str, at: i64) -> NewSnapshot<'a> {
        NewSnapshot {
            router,
            vendor: "mikrotik",
            format: SnapshotFormat::Text,
            content,
            taken_at: at,
        }
    }

    #[test]
    fn migrations_run_once_and_are_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.db");
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
        drop(store);
        // Reopening applies nothing twice.
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = fs::metadata(&path).unwrap().permissions();
            assert_eq!(perms.mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        drop(SqliteStore::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)",
            [],
        )
        .unwrap();
        drop(conn);
        let err = SqliteStore::open(&path).err().unwrap();
        assert!(format!("{err:#}").contains("newer"), "{err:#}");
    }

    #[test]
    fn applies_are_journaled_and_confirmed_once() {
        let mut store = SqliteStore::in_memory().unwrap();
        let a = NewApply {
            started_at: 1,
            user: "ops",
            file: "d.toml",
            plan: "{}",
            deadline: Some(61),
        };
        let id = store.begin_apply(&a).unwrap();
        let op = store.journal_ops(id, "r1", &["{}".into()]).unwrap()[0];
        store.set_op_state(op, "done", Some("{\"x\":1}")).unwrap();
        assert_eq!(store.confirm(None).unwrap(), None, "not awaiting yet");
        store
            .set_apply_status(id, "awaiting-confirm", None)
            .unwrap();
        assert_eq!(store.confirm(None).unwrap(), Some(id));
        assert_eq!(
            store.apply_status(id).unwrap().as_deref(),
            Some("confirmed")
        );
        assert_eq!(store.confirm(Some(id)).unwrap(), None, "already confirmed");
        let inverse: String = store
            .conn
            .query_row(
                "SELECT inverse FROM journal WHERE id = ?1",
                params![op],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(inverse, "{\"x\":1}");
        let ops = store.ops(id).unwrap();
        assert_eq!(ops.len(), 1);
        assert_eq!((ops[0].router.as_str(), ops[0].seq), ("r1", 1));
        assert_eq!(ops[0].state, "done");
        store.set_op_state(op, "undone", None).unwrap();
        assert_eq!(store.ops(id).unwrap()[0].state, "undone");
        let log = store.applies(10).unwrap();
        assert_eq!((log[0].id, log[0].user.as_str()), (id, "ops"));

        // A whole plan journaled at once; the apply is found as interrupted
        // while it is still `running`.
        let b = store.begin_apply(&a).unwrap();
        let ids = store
            .journal_ops(b, "r2", &["{\"a\":1}".into(), "{\"a\":2}".into()])
            .unwrap();
        assert_eq!(ids.len(), 2);
        let ops = store.ops(b).unwrap();
        assert_eq!(
            ops.iter()
                .map(|o| (o.seq, o.state.as_str()))
                .collect::<Vec<_>>(),
            [(1, "pending"), (2, "pending")]
        );
        assert_eq!(store.latest_interrupted().unwrap(), Some(b));
        store.set_apply_plan(b, "{\"r2\":[\"x\"]}").unwrap();
        assert_eq!(
            store.apply_record(b).unwrap().unwrap().plan,
            "{\"r2\":[\"x\"]}"
        );
        store.set_apply_status(b, "applied", None).unwrap();
        assert_eq!(store.latest_interrupted().unwrap(), None);
    }

    #[test]
    fn identical_content_is_one_version_and_one_blob() {
        let mut store = SqliteStore::in_memory().unwrap();
        let first = store.record(&snap("r1", "a\n", 10)).unwrap();
        assert_eq!((first.version, first.changed), (1, true));
        let again = store.record(&snap("r1", "a\n", 20)).unwrap();
        assert_eq!((again.version, again.changed), (1, false));
        let changed = store.record(&snap("r1", "b\n", 30)).unwrap();
        assert_eq!((changed.version, changed.changed), (2, true));
        // Back to the first content: a new version, the same blob.
        let back = store.record(&snap("r1", "a\n", 40)).unwrap();
        assert_eq!(
            (back.version, back.sha256.as_str()),
            (3, first.sha256.as_str())
        );
        // Another router with the same content shares the blob.
        let other = store.record(&snap("r2", "a\n", 50)).unwrap();
        assert_eq!(other.version, 1);
        let blobs: u32 = store
            .conn
            .query_row("SELECT COUNT(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blobs, 2);

        let versions = store.versions("r1").unwrap();
        let numbers: Vec<_> = versions.iter().map(|v| (v.version, v.taken_at)).collect();
        assert_eq!(numbers, [(1, 10), (2, 30), (3, 40)]);
        assert_eq!(versions[0].size, 2);
        assert_eq!(
            store.content(&versions[1].sha256).unwrap().as_deref(),
            Some("b\n")
        );
        assert!(store.versions("nope").unwrap().is_empty());
        assert_eq!(store.content("00").unwrap(), None);
    }
}
