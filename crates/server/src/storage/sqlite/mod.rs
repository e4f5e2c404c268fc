//! [`Storage`] on one SQLite file (`chainbook-server.sqlite3` in the data folder): WAL,
//! `synchronous=FULL` (an acknowledged push survives a power cut), foreign keys on, a busy
//! timeout for the admin CLI running beside the server.
//!
//! One writer connection behind a mutex takes every write in an immediate transaction, so
//! pushes commit one after the other and sequence numbers become visible in order; reads use
//! a small pool of their own connections and see a consistent snapshot per call.
//!
//! - [`schema`]: the tables and the migration runner;
//! - [`accounts`]: organisations and users;
//! - [`devices`]: devices, their tokens and sessions;
//! - [`changes`]: storing pushes and reading pages;
//! - [`state`]: every row's merged state, for the snapshot.

mod accounts;
mod changes;
mod devices;
mod schema;
mod state;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chainbook_protocol::Role;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags};
use uuid::Uuid;

use super::{
    Credentials, DeviceInfo, Guard, NewDevice, Org, Page, PushBatch, Result, Session, SnapshotPage,
    Storage, StorageError, User, UserInfo, UserKey,
};

/// The database's file name inside the data folder.
pub const FILE_NAME: &str = "chainbook-server.sqlite3";

/// Read connections kept open between calls.
const READERS_KEPT: usize = 8;

/// The SQLite storage.
pub struct SqliteStorage {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl SqliteStorage {
    /// Opens (creating when missing) the database in `data_dir` and migrates it.
    pub fn open(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|e| StorageError::Backend(Box::new(e)))?;
        let path = data_dir.join(FILE_NAME);
        let mut writer = connect(&path)?;
        schema::migrate(&mut writer)?;
        state::catch_up(&mut writer)?;
        Ok(Self {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        f(&mut conn)
    }

    fn read<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let pooled = lock(&self.readers).pop();
        let mut conn = match pooled {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        let out = f(&mut conn);
        let mut pool = lock(&self.readers);
        if pool.len() < READERS_KEPT && conn.is_autocommit() {
            pool.push(conn);
        }
        out
    }
}

/// A poisoned lock only means another call panicked; the connection is still usable (an open
/// transaction was rolled back when its guard dropped).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

pub(crate) fn fmt_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StorageError::Corrupt(format!("time {s:?}: {e}")))
}

pub(crate) fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::try_parse(s).map_err(|e| StorageError::Corrupt(format!("uuid {s:?}: {e}")))
}

pub(crate) fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| StorageError::Corrupt(format!("role {s:?}")))
}

impl Storage for SqliteStorage {
    fn create_org(&self, slug: &str, name: &str, now: DateTime<Utc>) -> Result<Org> {
        self.write(|c| accounts::create_org(c, slug, name, now))
    }

    fn org(&self, slug_or_id: &str) -> Result<Option<Org>> {
        self.read(|c| accounts::org(c, slug_or_id))
    }

    fn add_user(
        &self,
        org_id: Uuid,
        name: &str,
        role: Role,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        self.write(|c| accounts::add_user(c, org_id, name, role, password_hash, now))
    }

    fn users(&self, org_id: Uuid) -> Result<Vec<UserInfo>> {
        self.read(|c| accounts::users(c, org_id))
    }

    fn remove_user(
        &self,
        org_id: Uuid,
        user: UserKey<'_>,
        now: DateTime<Utc>,
        guard: Guard<'_>,
    ) -> Result<u32> {
        self.write(|c| accounts::remove_user(c, org_id, user, now, guard))
    }

    fn set_password(
        &self,
        org_id: Uuid,
        user: UserKey<'_>,
        password_hash: &str,
        guard: Guard<'_>,
    ) -> Result<()> {
        self.write(|c| accounts::set_password(c, org_id, user, password_hash, guard))
    }

    fn set_role(
        &self,
        org_id: Uuid,
        user: UserKey<'_>,
        role: Role,
        guard: Guard<'_>,
    ) -> Result<UserInfo> {
        self.write(|c| accounts::set_role(c, org_id, user, role, guard))
    }

    fn credentials(&self, org_id: Uuid, name: &str) -> Result<Option<Credentials>> {
        self.read(|c| accounts::credentials(c, org_id, name))
    }

    fn register_device(&self, device: &NewDevice<'_>) -> Result<String> {
        self.write(|c| devices::register_device(c, device))
    }

    fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        self.read(|c| devices::session(c, token_hash))
    }

    fn touch_device(&self, org_id: Uuid, device_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        self.write(|c| devices::touch_device(c, org_id, device_id, now))
    }

    fn devices(&self, org_id: Uuid) -> Result<Vec<DeviceInfo>> {
        self.read(|c| devices::devices(c, org_id))
    }

    fn revoke_device(
        &self,
        org_id: Uuid,
        id_or_code: &str,
        now: DateTime<Utc>,
        guard: Guard<'_>,
    ) -> Result<()> {
        self.write(|c| devices::revoke_device(c, org_id, id_or_code, now, guard))
    }

    fn push(&self, batch: &PushBatch<'_>) -> Result<Vec<i64>> {
        self.write(|c| changes::push(c, batch))
    }

    fn changes(&self, org_id: Uuid, after: i64, upto: Option<i64>, limit: u32) -> Result<Page> {
        self.read(|c| changes::page(c, org_id, after, upto, limit))
    }

    fn snapshot(
        &self,
        org_id: Uuid,
        after: i64,
        upto: Option<i64>,
        limit: u32,
    ) -> Result<SnapshotPage> {
        self.read(|c| state::page(c, org_id, after, upto, limit))
    }
}
