//! Devices and their tokens in SQLite: registration with a distinct short code, the session a
//! token hash opens (with the times its expiry is judged by), recorded use, the list, and
//! revocation.
//!
//! `token_issued_at` is set by every sign-in; `last_seen_at` by sign-in, every push and any
//! request that records a use.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use uuid::Uuid;

use super::{fmt_time, parse_role, parse_time, parse_uuid};
use crate::codes;
use crate::storage::{DeviceInfo, Guard, Kind, NewDevice, Result, Session, StorageError, User};

pub(super) fn register_device(c: &mut Connection, d: &NewDevice<'_>) -> Result<String> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let org = d.org_id.to_string();
    let id = d.device_id.to_string();
    let now = fmt_time(d.now);
    let existing: Option<String> = tx
        .query_row(
            "SELECT code FROM devices WHERE org_id = ?1 AND id = ?2",
            params![org, id],
            |r| r.get(0),
        )
        .optional()?;
    let code = match existing {
        Some(code) => {
            tx.execute(
                "UPDATE devices SET user_id = ?3, name = ?4, token_hash = ?5, schema = ?6,
                    last_seen_at = ?7, token_issued_at = ?7, revoked_at = NULL
                 WHERE org_id = ?1 AND id = ?2",
                params![
                    org,
                    id,
                    d.user_id.to_string(),
                    d.name,
                    d.token_hash,
                    d.schema,
                    now
                ],
            )?;
            code
        }
        None => {
            let taken: HashSet<String> = tx
                .prepare("SELECT code FROM devices WHERE org_id = ?1")?
                .query_map([&org], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let code = d
                .codes
                .iter()
                .find(|c| !taken.contains(*c))
                .cloned()
                .or_else(|| codes::all().find(|c| !taken.contains(c)))
                .ok_or(StorageError::NoDeviceCode)?;
            tx.execute(
                "INSERT INTO devices (org_id, id, user_id, name, code, token_hash, schema,
                    registered_at, last_seen_at, token_issued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)",
                params![
                    org,
                    id,
                    d.user_id.to_string(),
                    d.name,
                    code,
                    d.token_hash,
                    d.schema,
                    now
                ],
            )?;
            code
        }
    };
    tx.commit()?;
    Ok(code)
}

pub(super) fn session(c: &mut Connection, token_hash: &str) -> Result<Option<Session>> {
    let row = c
        .query_row(
            "SELECT d.org_id, d.user_id, d.id, u.role,
                    d.revoked_at IS NOT NULL OR u.removed_at IS NOT NULL,
                    coalesce(d.token_issued_at, d.registered_at),
                    coalesce(d.last_seen_at, d.token_issued_at, d.registered_at)
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.token_hash = ?1",
            [token_hash],
            |r| {
                Ok((
                    [
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ],
                    r.get::<_, bool>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    row.map(|([org, user, device, role], revoked, issued, used)| {
        Ok(Session {
            org_id: parse_uuid(&org)?,
            user_id: parse_uuid(&user)?,
            device_id: parse_uuid(&device)?,
            role: parse_role(&role)?,
            revoked,
            token_issued_at: parse_time(&issued)?,
            last_used_at: parse_time(&used)?,
        })
    })
    .transpose()
}

pub(super) fn touch_device(
    c: &mut Connection,
    org_id: Uuid,
    device_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    // The stored times share one fixed-width format, so text order is time order.
    c.execute(
        "UPDATE devices SET last_seen_at = ?3
         WHERE org_id = ?1 AND id = ?2 AND (last_seen_at IS NULL OR last_seen_at < ?3)",
        params![org_id.to_string(), device_id.to_string(), fmt_time(now)],
    )?;
    Ok(())
}

pub(super) fn devices(c: &mut Connection, org_id: Uuid) -> Result<Vec<DeviceInfo>> {
    let mut stmt = c.prepare(
        "SELECT d.id, d.code, d.name, d.user_id, u.name, d.schema, d.registered_at,
                d.last_seen_at, d.revoked_at
         FROM devices d JOIN users u ON u.id = d.user_id
         WHERE d.org_id = ?1 ORDER BY d.registered_at, d.id",
    )?;
    let rows = stmt.query_map([org_id.to_string()], |r| {
        Ok((
            [
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(6)?,
            ],
            r.get::<_, Option<u32>>(5)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let opt_time = |t: Option<String>| t.as_deref().map(parse_time).transpose();
    rows.map(|row| {
        let ([id, code, name, user_id, user, registered_at], schema, seen, revoked) = row?;
        Ok(DeviceInfo {
            id: parse_uuid(&id)?,
            code,
            name,
            user_id: parse_uuid(&user_id)?,
            user,
            schema,
            registered_at: parse_time(&registered_at)?,
            last_seen_at: opt_time(seen)?,
            revoked_at: opt_time(revoked)?,
        })
    })
    .collect()
}

pub(super) fn revoke_device(
    c: &mut Connection,
    org_id: Uuid,
    id_or_code: &str,
    now: DateTime<Utc>,
    guard: Guard<'_>,
) -> Result<()> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let org = org_id.to_string();
    let row: Option<(String, String, String, String)> = tx
        .query_row(
            "SELECT d.id, u.id, u.name, u.role
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.org_id = ?1 AND (d.id = ?2 OR d.code = ?2)",
            params![org, id_or_code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (device, user_id, name, role) = row.ok_or(StorageError::NotFound(Kind::Device))?;
    guard(&User {
        id: parse_uuid(&user_id)?,
        org_id,
        name,
        role: parse_role(&role)?,
    })
    .map_err(StorageError::Refused)?;
    tx.execute(
        "UPDATE devices SET revoked_at = coalesce(revoked_at, ?3) WHERE org_id = ?1 AND id = ?2",
        params![org, device, fmt_time(now)],
    )?;
    tx.commit()?;
    Ok(())
}
