//! This installation's identity and its device-local state (never synced).
//!
//! - `device`: one row with the device's UUID, its short code (used in offline-safe document
//!   numbers such as `C-A3F-00042`) and the last hybrid-logical-clock value it handed out, so the
//!   clock never goes backwards across restarts.
//! - `sequences`: per-device counters for document numbers.
//! - `local_settings`: per-device preferences such as the UI language (read and written in
//!   [`crate::settings`]).

use chainbook_core::hlc::Hlc;
use chainbook_core::id::new_id;
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::{fmt_time, Result, Store, StoreError};

pub(crate) const MIGRATION_1: &str = "
CREATE TABLE device (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    id         TEXT NOT NULL,
    code       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    hlc_last   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    next INTEGER NOT NULL
) STRICT;
CREATE TABLE local_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
";

/// Crockford base32 without I, L, O, U: codes read aloud or typed by hand stay unambiguous.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Whether `code` is a device code: three characters of Crockford base32 without I, L, O, U
/// (upper case).
pub fn is_device_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// Who this installation is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: Uuid,
    /// Three characters, e.g. `A3F`.
    pub code: String,
}

/// Reads the device row, creating it on first start.
pub(crate) fn ensure(
    conn: &mut Connection,
    now: DateTime<Utc>,
    entropy: &crate::Entropy,
) -> Result<Device> {
    let existing = conn
        .query_row("SELECT id, code FROM device WHERE singleton = 1", [], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    if let Some((id, code)) = existing {
        let id =
            Uuid::try_parse(&id).map_err(|e| StoreError::Corrupt(format!("device id: {e}")))?;
        return Ok(Device { id, code });
    }
    let id = new_id(now.timestamp_millis().max(0) as u64, entropy.id_bytes());
    let code: String = (0..3)
        .map(|_| CODE_ALPHABET[entropy.below(CODE_ALPHABET.len())] as char)
        .collect();
    conn.execute(
        "INSERT INTO device (singleton, id, code, created_at, hlc_last) VALUES (1, ?1, ?2, ?3, 0)",
        params![id.to_string(), code, fmt_time(now)],
    )?;
    tracing::info!(%code, "created device identity");
    Ok(Device { id, code })
}

pub(crate) fn hlc_last(conn: &Connection) -> Result<Hlc> {
    let v: i64 = conn.query_row("SELECT hlc_last FROM device WHERE singleton = 1", [], |r| {
        r.get(0)
    })?;
    Ok(Hlc::from_i64(v))
}

pub(crate) fn set_hlc_last(conn: &Connection, hlc: Hlc) -> Result<()> {
    conn.execute(
        "UPDATE device SET hlc_last = ?1 WHERE singleton = 1",
        [hlc.to_i64()],
    )?;
    Ok(())
}

/// Takes the next value of a per-device counter (1, 2, 3, …) inside the caller's transaction.
pub(crate) fn next_sequence(conn: &Connection, name: &str) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO sequences (name, next) VALUES (?1, 2)
         ON CONFLICT (name) DO UPDATE SET next = next + 1
         RETURNING next - 1",
        [name],
        |r| r.get(0),
    )?)
}

impl Store {
    /// Adopts `code` as this device's short code, e.g. the one the sync server assigned at
    /// sign-in (distinct within the organisation). Only document numbers taken from now on
    /// carry it; numbers already given keep theirs, and the per-device counters go on, so no
    /// number repeats. Refuses anything but three characters of the code alphabet.
    pub fn set_device_code(&mut self, code: &str) -> Result<()> {
        if !is_device_code(code) {
            return Err(ValidationError::new(
                ErrorCode::InvalidChars,
                "device_code",
                "a device code is three characters of 0-9 and A-Z without I, L, O, U",
            )
            .into());
        }
        if code != self.device.code {
            self.conn
                .execute("UPDATE device SET code = ?1 WHERE singleton = 1", [code])?;
            tracing::info!(from = %self.device.code, to = %code, "device code changed");
            self.device.code = code.to_owned();
        }
        Ok(())
    }

    /// The last HLC value this device handed out.
    pub fn hlc_last(&self) -> Result<Hlc> {
        hlc_last(self.read().conn)
    }
}
