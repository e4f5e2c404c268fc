//! Organisations, users and devices in SQLite.

use std::collections::HashSet;

use chainbook_protocol::Role;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use uuid::Uuid;

use super::{fmt_time, parse_role, parse_uuid};
use crate::codes;
use crate::storage::{
    Credentials, DeviceInfo, NewDevice, Org, Result, Session, StorageError, User,
};

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation)
}

pub(super) fn create_org(
    c: &mut Connection,
    slug: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Org> {
    let id = Uuid::now_v7();
    match c.execute(
        "INSERT INTO orgs (id, slug, name, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id.to_string(), slug, name, fmt_time(now)],
    ) {
        Ok(_) => Ok(Org {
            id,
            slug: slug.to_owned(),
            name: name.to_owned(),
        }),
        Err(e) if is_unique_violation(&e) => Err(StorageError::Exists("organisation")),
        Err(e) => Err(e.into()),
    }
}

pub(super) fn org(c: &mut Connection, slug_or_id: &str) -> Result<Option<Org>> {
    let row = c
        .query_row(
            "SELECT id, slug, name FROM orgs WHERE slug = ?1 OR id = ?1",
            [slug_or_id],
            |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    row.map(|(id, slug, name)| {
        Ok(Org {
            id: parse_uuid(&id)?,
            slug,
            name,
        })
    })
    .transpose()
}

pub(super) fn add_user(
    c: &mut Connection,
    org_id: Uuid,
    name: &str,
    role: Role,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<User> {
    let id = Uuid::now_v7();
    match c.execute(
        "INSERT INTO users (id, org_id, name, role, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id.to_string(),
            org_id.to_string(),
            name,
            role.as_str(),
            password_hash,
            fmt_time(now)
        ],
    ) {
        Ok(_) => Ok(User {
            id,
            org_id,
            name: name.to_owned(),
            role,
        }),
        Err(e) if is_unique_violation(&e) => Err(StorageError::Exists("user")),
        Err(e) => Err(e.into()),
    }
}

pub(super) fn remove_user(
    c: &mut Connection,
    org_id: Uuid,
    name: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id: Option<String> = tx
        .query_row(
            "SELECT id FROM users WHERE org_id = ?1 AND name = ?2 AND removed_at IS NULL",
            params![org_id.to_string(), name],
            |r| r.get(0),
        )
        .optional()?;
    let id = id.ok_or(StorageError::NotFound("user"))?;
    let now = fmt_time(now);
    tx.execute(
        "UPDATE users SET removed_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    tx.execute(
        "UPDATE devices SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        params![id, now],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn set_password(
    c: &mut Connection,
    org_id: Uuid,
    name: &str,
    password_hash: &str,
) -> Result<()> {
    let n = c.execute(
        "UPDATE users SET password_hash = ?3
         WHERE org_id = ?1 AND name = ?2 AND removed_at IS NULL",
        params![org_id.to_string(), name, password_hash],
    )?;
    if n == 0 {
        return Err(StorageError::NotFound("user"));
    }
    Ok(())
}

pub(super) fn credentials(
    c: &mut Connection,
    org_id: Uuid,
    name: &str,
) -> Result<Option<Credentials>> {
    let row = c
        .query_row(
            "SELECT id, role, password_hash FROM users
             WHERE org_id = ?1 AND name = ?2 AND removed_at IS NULL",
            params![org_id.to_string(), name],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    row.map(|(id, role, password_hash)| {
        Ok(Credentials {
            user: User {
                id: parse_uuid(&id)?,
                org_id,
                name: name.to_owned(),
                role: parse_role(&role)?,
            },
            password_hash,
        })
    })
    .transpose()
}

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
                    last_seen_at = ?7, revoked_at = NULL
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
                    registered_at, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
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
                    d.revoked_at IS NOT NULL OR u.removed_at IS NOT NULL
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.token_hash = ?1",
            [token_hash],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(org, user, device, role, revoked)| {
        Ok(Session {
            org_id: parse_uuid(&org)?,
            user_id: parse_uuid(&user)?,
            device_id: parse_uuid(&device)?,
            role: parse_role(&role)?,
            revoked,
        })
    })
    .transpose()
}

pub(super) fn devices(c: &mut Connection, org_id: Uuid) -> Result<Vec<DeviceInfo>> {
    let mut stmt = c.prepare(
        "SELECT d.id, d.code, d.name, u.name, d.schema, d.registered_at, d.last_seen_at,
                d.revoked_at
         FROM devices d JOIN users u ON u.id = d.user_id
         WHERE d.org_id = ?1 ORDER BY d.registered_at, d.id",
    )?;
    let rows = stmt.query_map([org_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            DeviceInfo {
                id: Uuid::nil(),
                code: r.get(1)?,
                name: r.get(2)?,
                user: r.get(3)?,
                schema: r.get(4)?,
                registered_at: r.get(5)?,
                last_seen_at: r.get(6)?,
                revoked_at: r.get(7)?,
            },
        ))
    })?;
    rows.map(|row| {
        let (id, info) = row?;
        Ok(DeviceInfo {
            id: parse_uuid(&id)?,
            ..info
        })
    })
    .collect()
}

pub(super) fn revoke_device(
    c: &mut Connection,
    org_id: Uuid,
    id_or_code: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let n = c.execute(
        "UPDATE devices SET revoked_at = coalesce(revoked_at, ?3)
         WHERE org_id = ?1 AND (id = ?2 OR code = ?2)",
        params![org_id.to_string(), id_or_code, fmt_time(now)],
    )?;
    if n == 0 {
        return Err(StorageError::NotFound("device"));
    }
    Ok(())
}
