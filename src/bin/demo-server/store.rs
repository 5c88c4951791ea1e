//! The SQLite database: accounts, password history, failed sign-ins, sessions, second
//! factors, every version of the access model and the change log (one row per entry). One connection behind a mutex;
//! callers run on blocking threads (see [`crate::http::blocking`]).

use account_rules::access::changelog::{ChangeLog, ChangeLogEntry, ChangeLogError};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use std::fmt;
use std::path::Path;
use std::sync::Mutex;

/// Milliseconds since the Unix epoch (the server's clock).
pub type Millis = i64;

/// The schema this server writes; a database of another version is refused, but for version
/// 1 (before the second factor), which is brought up to date at start.
const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY,
    display_name TEXT,
    email TEXT,
    birth_date TEXT,
    phone TEXT,
    password_hash TEXT NOT NULL,
    password_changed_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS password_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL REFERENCES accounts(username),
    password_hash TEXT NOT NULL,
    set_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS password_history_by_user ON password_history(username, id);
CREATE TABLE IF NOT EXISTS failed_sign_ins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS failed_sign_ins_by_user ON failed_sign_ins(username, id);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES accounts(username),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    mfa_at INTEGER
);
CREATE TABLE IF NOT EXISTS second_factors (
    username TEXT PRIMARY KEY REFERENCES accounts(username),
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    enrolled_at INTEGER,
    last_step INTEGER
);
CREATE TABLE IF NOT EXISTS access_models (
    version INTEGER PRIMARY KEY,
    document TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS change_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    changes TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    model_version INTEGER NOT NULL
);
";

/// Failed sign-ins kept per username (the newest) when the lockout policy counts fewer: far
/// more than any lockout policy counts.
pub const MIN_FAILURES_KEPT: u32 = 100;

/// What went wrong with the database.
#[derive(Debug)]
pub enum StoreError {
    /// SQLite refused.
    Sqlite(rusqlite::Error),
    /// The folder or the file could not be created.
    Io(std::io::Error),
    /// The database was written by another version of the server.
    SchemaVersion(String),
    /// The change log has entries: the seed of the model cannot be replaced.
    LogNotEmpty,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The code and SQLite's own message; never a bound value.
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(err, message)) => write!(
                f,
                "database error {:?} ({}): {}",
                err.code,
                err.extended_code,
                message.as_deref().unwrap_or("no message")
            ),
            StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => {
                f.write_str("database error: a row is missing")
            }
            StoreError::Sqlite(_) => f.write_str("database error: unexpected data"),
            StoreError::Io(err) => write!(f, "cannot create the database: {}", err.kind()),
            StoreError::SchemaVersion(found) => write!(
                f,
                "the database has schema version `{found}`; this server reads version {SCHEMA_VERSION}"
            ),
            StoreError::LogNotEmpty => {
                f.write_str("the change log has entries: the access model cannot be reseeded")
            }
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::Sqlite(err)
    }
}

/// An account as stored.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub username: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub password_hash: String,
    pub password_changed_at: Millis,
}

/// A session to store: the SHA-256 of its token, its start and its end, and when its second
/// factor was used (`None`: not in this session).
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub mfa_at: Option<Millis>,
}

/// A valid session as the server reads it.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub username: String,
    /// When this session used the second factor (server clock), if it did.
    pub mfa_at: Option<Millis>,
    /// Whether the account has a confirmed second factor.
    pub enrolled: bool,
}

/// An account's second factor: its secret (base32), whether it is confirmed (else a set-up
/// waits for its first code) and the last time step accepted.
#[derive(Debug, Clone)]
pub struct FactorRow {
    pub secret: String,
    pub enrolled: bool,
    pub last_step: Option<i64>,
}

/// One stored version of the access model.
#[derive(Debug, Clone)]
pub struct ModelRow {
    pub version: i64,
    pub document: String,
}

/// The change log as read from its rows; a row whose `changes` is not JSON is reported as
/// the log's problem (it can only come from an edit of the file).
#[derive(Debug, Clone)]
pub struct LogRows {
    pub log: ChangeLog,
    pub unreadable: Option<ChangeLogError>,
}

impl LogRows {
    /// The chain's verdict: the number of entries, or the first problem.
    pub fn verify(&self) -> Result<usize, ChangeLogError> {
        match &self.unreadable {
            Some(err) => Err(err.clone()),
            None => self.log.verify(),
        }
    }
}

/// The database.
pub struct Store {
    connection: Mutex<Connection>,
}

impl Store {
    /// Opens (creating the file, its folder and the schema when missing) the database at
    /// `path`. On Unix a new folder is created `0700` and a new file `0600`, before SQLite
    /// opens it (its `-wal` and `-shm` files take the file's permissions).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(parent).map_err(StoreError::Io)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path).map_err(StoreError::Io)?;
        let mut connection = Connection::open(path)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        // Every commit reaches the disk before it is answered: an acknowledged edit of the
        // model and its log entry survive a power loss together.
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted rows are overwritten, not left in free pages.
        connection.pragma_update(None, "secure_delete", "ON")?;
        connection.execute_batch(SCHEMA)?;
        let found: Option<String> = connection
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        match found {
            None => {
                connection.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
                    params![SCHEMA_VERSION.to_string()],
                )?;
            }
            Some(version) if version == SCHEMA_VERSION.to_string() => {}
            Some(version) if version == "1" => {
                // Version 1 had no second factor: its table was created above; sessions gain
                // the time their second factor was used.
                let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
                tx.execute("ALTER TABLE sessions ADD COLUMN mfa_at INTEGER", [])?;
                tx.execute(
                    "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
                    params![SCHEMA_VERSION.to_string()],
                )?;
                tx.commit()?;
            }
            Some(version) => return Err(StoreError::SchemaVersion(version)),
        }
        Ok(Store {
            connection: Mutex::new(connection),
        })
    }

    /// Runs `work` on the connection. A thread that panicked while holding it cannot have left
    /// a transaction open (a dropped transaction rolls back), so a poisoned lock is recovered.
    fn with<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut connection)
    }

    // Accounts.

    /// Signs up, in one transaction: the account with its first password (also its first
    /// history entry), no failed sign-ins on record for the name, and the first session.
    /// `false` (and nothing written) when the username is taken.
    pub fn sign_up(&self, account: &AccountRow, session: &NewSession) -> Result<bool, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let inserted = tx.execute(
                "INSERT INTO accounts (username, display_name, email, birth_date, phone,
                     password_hash, password_changed_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (username) DO NOTHING",
                params![
                    account.username,
                    account.display_name,
                    account.email,
                    account.birth_date,
                    account.phone,
                    account.password_hash,
                    account.password_changed_at,
                    session.created_at
                ],
            )?;
            if inserted == 0 {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO password_history (username, password_hash, set_at) VALUES (?1, ?2, ?3)",
                params![account.username, account.password_hash, account.password_changed_at],
            )?;
            // A name with failed sign-ins on record before it existed starts clean.
            tx.execute(
                "DELETE FROM failed_sign_ins WHERE username = ?1",
                params![account.username],
            )?;
            insert_session(&tx, &account.username, session)?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// Whether an account has this username.
    pub fn account_exists(&self, username: &str) -> Result<bool, StoreError> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT 1 FROM accounts WHERE username = ?1",
                params![username],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
        })
    }

    /// The account with this username.
    pub fn account(&self, username: &str) -> Result<Option<AccountRow>, StoreError> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT username, display_name, email, birth_date, phone, password_hash,
                     password_changed_at
                 FROM accounts WHERE username = ?1",
                params![username],
                |row| {
                    Ok(AccountRow {
                        username: row.get(0)?,
                        display_name: row.get(1)?,
                        email: row.get(2)?,
                        birth_date: row.get(3)?,
                        phone: row.get(4)?,
                        password_hash: row.get(5)?,
                        password_changed_at: row.get(6)?,
                    })
                },
            )
            .optional()?)
        })
    }

    /// The newest `count` password hashes of an account (the current one first).
    pub fn password_history(&self, username: &str, count: u32) -> Result<Vec<String>, StoreError> {
        self.with(|c| {
            let mut statement = c.prepare(
                "SELECT password_hash FROM password_history WHERE username = ?1
                 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = statement.query_map(params![username, count], |row| row.get(0))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?)
        })
    }

    /// Changes a password, in one transaction: the account's hash and time, a history entry
    /// (only the newest `keep` stay), no failed sign-ins on record, and every session of the
    /// account ended but `keep_session` (the one that made the change).
    pub fn change_password(
        &self,
        username: &str,
        hash: &str,
        at: Millis,
        keep: u32,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "UPDATE accounts SET password_hash = ?2, password_changed_at = ?3 WHERE username = ?1",
                params![username, hash, at],
            )?;
            tx.execute(
                "INSERT INTO password_history (username, password_hash, set_at) VALUES (?1, ?2, ?3)",
                params![username, hash, at],
            )?;
            tx.execute(
                "DELETE FROM password_history WHERE username = ?1 AND id NOT IN (
                     SELECT id FROM password_history WHERE username = ?1 ORDER BY id DESC LIMIT ?2)",
                params![username, keep.max(1)],
            )?;
            tx.execute(
                "DELETE FROM failed_sign_ins WHERE username = ?1",
                params![username],
            )?;
            tx.execute(
                "DELETE FROM sessions WHERE username = ?1 AND token_hash <> ?2",
                params![username, keep_session],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    // Failed sign-ins.

    /// When sign-ins as `username` failed (known or not), oldest first.
    pub fn failures(&self, username: &str) -> Result<Vec<Millis>, StoreError> {
        self.with(|c| {
            let mut statement =
                c.prepare("SELECT at FROM failed_sign_ins WHERE username = ?1 ORDER BY id")?;
            let rows = statement.query_map(params![username], |row| row.get(0))?;
            Ok(rows.collect::<Result<Vec<Millis>, _>>()?)
        })
    }

    /// Records a failed sign-in and answers the failures now on record. The newest `keep`
    /// failures of the name stay; failures of names that have no account and are older than
    /// `forget_before` (when given) are dropped.
    pub fn add_failure(
        &self,
        username: &str,
        at: Millis,
        keep: u32,
        forget_before: Option<Millis>,
    ) -> Result<Vec<Millis>, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO failed_sign_ins (username, at) VALUES (?1, ?2)",
                params![username, at],
            )?;
            tx.execute(
                "DELETE FROM failed_sign_ins WHERE username = ?1 AND id NOT IN (
                     SELECT id FROM failed_sign_ins WHERE username = ?1 ORDER BY id DESC LIMIT ?2)",
                params![username, keep],
            )?;
            if let Some(before) = forget_before {
                tx.execute(
                    "DELETE FROM failed_sign_ins WHERE at < ?1
                         AND username NOT IN (SELECT username FROM accounts)",
                    params![before],
                )?;
            }
            let failures = {
                let mut statement =
                    tx.prepare("SELECT at FROM failed_sign_ins WHERE username = ?1 ORDER BY id")?;
                let rows = statement.query_map(params![username], |row| row.get(0))?;
                rows.collect::<Result<Vec<Millis>, _>>()?
            };
            tx.commit()?;
            Ok(failures)
        })
    }

    // Sessions.

    /// Signs in, in one transaction: forgets the failures recorded under `failure_key`, ends
    /// the session the request carried (`previous`, whoever's it was), records the time step
    /// of the second factor's code when one was used (`step`), and starts a new session.
    pub fn sign_in(
        &self,
        username: &str,
        failure_key: &str,
        previous: Option<&str>,
        step: Option<i64>,
        session: &NewSession,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(step) = step {
                tx.execute(
                    "UPDATE second_factors SET last_step = ?2 WHERE username = ?1",
                    params![username, step],
                )?;
            }
            tx.execute(
                "DELETE FROM failed_sign_ins WHERE username = ?1",
                params![failure_key],
            )?;
            if let Some(previous) = previous {
                tx.execute(
                    "DELETE FROM sessions WHERE token_hash = ?1",
                    params![previous],
                )?;
            }
            insert_session(&tx, username, session)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// A session valid at `now` (started at or before it, ending after it): its user, when it
    /// used the second factor, and whether the account has one.
    pub fn session(&self, token_hash: &str, now: Millis) -> Result<Option<SessionRow>, StoreError> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT s.username, s.mfa_at, f.enrolled_at IS NOT NULL
                 FROM sessions s LEFT JOIN second_factors f ON f.username = s.username
                 WHERE s.token_hash = ?1 AND s.created_at <= ?2 AND ?2 < s.expires_at",
                params![token_hash, now],
                |row| {
                    Ok(SessionRow {
                        username: row.get(0)?,
                        mfa_at: row.get(1)?,
                        enrolled: row.get(2)?,
                    })
                },
            )
            .optional()?)
        })
    }

    // Second factors.

    /// The second factor of an account, confirmed or waiting for its first code.
    pub fn factor(&self, username: &str) -> Result<Option<FactorRow>, StoreError> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT secret, enrolled_at IS NOT NULL, last_step FROM second_factors
                 WHERE username = ?1",
                params![username],
                |row| {
                    Ok(FactorRow {
                        secret: row.get(0)?,
                        enrolled: row.get(1)?,
                        last_step: row.get(2)?,
                    })
                },
            )
            .optional()?)
        })
    }

    /// Stores a new secret waiting for its first code (replacing one that waits). `false`,
    /// and nothing written, when the account already has a confirmed second factor.
    pub fn start_factor(
        &self,
        username: &str,
        secret: &str,
        now: Millis,
    ) -> Result<bool, StoreError> {
        self.with(|c| {
            let changed = c.execute(
                "INSERT INTO second_factors (username, secret, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (username) DO UPDATE
                     SET secret = excluded.secret, created_at = excluded.created_at,
                         last_step = NULL
                     WHERE second_factors.enrolled_at IS NULL",
                params![username, secret, now],
            )?;
            Ok(changed == 1)
        })
    }

    /// Confirms the waiting second factor, in one transaction: enrolled now, `step` as the
    /// last step accepted, and the session `token_hash` verified now. `false`, and nothing
    /// written, when no set-up waits.
    pub fn confirm_factor(
        &self,
        username: &str,
        step: i64,
        token_hash: &str,
        now: Millis,
    ) -> Result<bool, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let changed = tx.execute(
                "UPDATE second_factors SET enrolled_at = ?2, last_step = ?3
                 WHERE username = ?1 AND enrolled_at IS NULL",
                params![username, now, step],
            )?;
            if changed == 0 {
                return Ok(false);
            }
            tx.execute(
                "UPDATE sessions SET mfa_at = ?2 WHERE token_hash = ?1",
                params![token_hash, now],
            )?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// Ends a session.
    pub fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                params![token_hash],
            )?;
            Ok(())
        })
    }

    // The access model and its change log.

    /// Every stored version of the access model, oldest first, and the change log, read in
    /// one transaction.
    pub fn model_and_log(&self) -> Result<(Vec<ModelRow>, LogRows), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            Ok((read_models(&tx)?, read_log(&tx)?))
        })
    }

    /// Replaces every stored version of the model by `document` as version 1 — only while the
    /// change log is empty (nothing was recorded, nothing is lost).
    pub fn reseed_model(
        &self,
        document: &str,
        fingerprint: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let entries: i64 =
                tx.query_row("SELECT COUNT(*) FROM change_log", [], |row| row.get(0))?;
            if entries > 0 {
                return Err(StoreError::LogNotEmpty);
            }
            tx.execute("DELETE FROM access_models", [])?;
            tx.execute(
                "INSERT INTO access_models (version, document, fingerprint, created_at)
                 VALUES (1, ?1, ?2, ?3)",
                params![document, fingerprint, now],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// One edit of the model, in one `IMMEDIATE` transaction (no other writer between the
    /// read and the write): reads every stored version and the log, lets `decide` append the
    /// entry, then stores the new version (the current one + 1) and the entry. `decide`
    /// returning `Err` leaves everything as it was.
    pub fn commit_edit<T, E>(
        &self,
        decide: impl FnOnce(&mut LogRows, &[ModelRow]) -> Result<(EditToStore, T), E>,
    ) -> Result<Result<(i64, ChangeLogEntry, T), E>, StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let models = read_models(&tx)?;
            let version = models.last().map_or(0, |m| m.version);
            let mut rows = read_log(&tx)?;
            let (edit, extra) = match decide(&mut rows, &models) {
                Ok(decided) => decided,
                Err(err) => return Ok(Err(err)),
            };
            let Some(entry) = rows.log.entries.last().cloned() else {
                return Err(StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows));
            };
            let next = version.saturating_add(1);
            tx.execute(
                "INSERT INTO access_models (version, document, fingerprint, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![next, edit.document, edit.fingerprint, entry.at],
            )?;
            tx.execute(
                "INSERT INTO change_log (seq, at, actor, reason, changes, prev_hash, hash, model_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    i64::try_from(entry.seq).unwrap_or(i64::MAX),
                    entry.at,
                    entry.actor,
                    entry.reason,
                    entry.changes.to_string(),
                    entry.prev_hash,
                    entry.hash,
                    next
                ],
            )?;
            tx.commit()?;
            Ok(Ok((next, entry, extra)))
        })
    }
}

/// What an edit stores besides its log entry.
pub struct EditToStore {
    pub document: String,
    /// Kept for people reading the file; verification recomputes it from `document`.
    pub fingerprint: String,
}

fn insert_session(
    tx: &Transaction<'_>,
    username: &str,
    session: &NewSession,
) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        params![session.created_at],
    )?;
    tx.execute(
        "INSERT INTO sessions (token_hash, username, created_at, expires_at, mfa_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            session.token_hash,
            username,
            session.created_at,
            session.expires_at,
            session.mfa_at
        ],
    )?;
    Ok(())
}

fn read_models(tx: &Transaction<'_>) -> Result<Vec<ModelRow>, StoreError> {
    let mut statement =
        tx.prepare("SELECT version, document FROM access_models ORDER BY version")?;
    let rows = statement.query_map([], |row| {
        Ok(ModelRow {
            version: row.get(0)?,
            document: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<ModelRow>, _>>()?)
}

fn read_log(tx: &Transaction<'_>) -> Result<LogRows, StoreError> {
    let mut statement = tx.prepare(
        "SELECT seq, at, actor, reason, changes, prev_hash, hash FROM change_log ORDER BY seq",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, String>(5)?,
            row.get::<_, String>(6)?,
        ))
    })?;
    let mut log = ChangeLog::new();
    let mut unreadable = None;
    for (index, row) in rows.enumerate() {
        let (seq, at, actor, reason, changes, prev_hash, hash) = row?;
        let changes = match serde_json::from_str(&changes) {
            Ok(value) => value,
            Err(err) => {
                unreadable.get_or_insert(ChangeLogError::Invalid {
                    path: format!("entries[{index}].changes"),
                    message: format!("entry {index} has unreadable changes: {err}"),
                });
                serde_json::Value::Null
            }
        };
        log.entries.push(ChangeLogEntry {
            seq: u64::try_from(seq).unwrap_or(u64::MAX),
            at,
            actor,
            reason,
            changes,
            prev_hash,
            hash,
        });
    }
    Ok(LogRows { log, unreadable })
}
