//! Organisations and users in SQLite. A change to a user finds them, runs the caller's guard
//! on them and keeps the last owner, all inside one immediate transaction, so no other
//! writer can change the user between the check and the change.

use chainbook_protocol::Role;
use chrono::{DateTime, Utc};
use rusqlite::{
    params, Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior,
};
use uuid::Uuid;

use super::{fmt_time, parse_role, parse_time, parse_uuid};
use crate::storage::{
    Credentials, Guard, Kind, Org, Result, StorageError, User, UserInfo, UserKey,
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
        Err(e) if is_unique_violation(&e) => Err(StorageError::Exists(Kind::Organisation)),
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
        Err(e) if is_unique_violation(&e) => Err(StorageError::Exists(Kind::User)),
        Err(e) => Err(e.into()),
    }
}

/// The current user named by `key`, as the transaction sees them.
fn find_user(tx: &Transaction<'_>, org_id: Uuid, key: UserKey<'_>) -> Result<User> {
    let (column, value) = match key {
        UserKey::Id(id) => ("id", id.to_string()),
        UserKey::Name(name) => ("name", name.to_owned()),
    };
    let row: Option<(String, String, String)> = tx
        .query_row(
            &format!(
                "SELECT id, name, role FROM users
                 WHERE org_id = ?1 AND {column} = ?2 AND removed_at IS NULL"
            ),
            params![org_id.to_string(), value],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (id, name, role) = row.ok_or(StorageError::NotFound(Kind::User))?;
    Ok(User {
        id: parse_uuid(&id)?,
        org_id,
        name,
        role: parse_role(&role)?,
    })
}

/// Refuses a change that takes `user` out of the owners when no other owner remains.
fn keep_an_owner(tx: &Transaction<'_>, user: &User) -> Result<()> {
    if user.role != Role::Owner {
        return Ok(());
    }
    let others: i64 = tx.query_row(
        "SELECT count(*) FROM users
         WHERE org_id = ?1 AND role = 'owner' AND removed_at IS NULL AND id <> ?2",
        params![user.org_id.to_string(), user.id.to_string()],
        |r| r.get(0),
    )?;
    if others == 0 {
        return Err(StorageError::LastOwner);
    }
    Ok(())
}

/// Opens the write transaction of a change to one user: finds them and runs the guard.
fn begin<'c>(
    c: &'c mut Connection,
    org_id: Uuid,
    key: UserKey<'_>,
    guard: Guard<'_>,
) -> Result<(Transaction<'c>, User)> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let user = find_user(&tx, org_id, key)?;
    guard(&user).map_err(StorageError::Refused)?;
    Ok((tx, user))
}

pub(super) fn remove_user(
    c: &mut Connection,
    org_id: Uuid,
    key: UserKey<'_>,
    now: DateTime<Utc>,
    guard: Guard<'_>,
) -> Result<u32> {
    let (tx, user) = begin(c, org_id, key, guard)?;
    keep_an_owner(&tx, &user)?;
    let (id, now) = (user.id.to_string(), fmt_time(now));
    tx.execute(
        "UPDATE users SET removed_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    let revoked = tx.execute(
        "UPDATE devices SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        params![id, now],
    )?;
    tx.commit()?;
    Ok(u32::try_from(revoked).unwrap_or(u32::MAX))
}

pub(super) fn set_password(
    c: &mut Connection,
    org_id: Uuid,
    key: UserKey<'_>,
    password_hash: &str,
    guard: Guard<'_>,
) -> Result<()> {
    let (tx, user) = begin(c, org_id, key, guard)?;
    tx.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        params![user.id.to_string(), password_hash],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn set_role(
    c: &mut Connection,
    org_id: Uuid,
    key: UserKey<'_>,
    role: Role,
    guard: Guard<'_>,
) -> Result<UserInfo> {
    let (tx, user) = begin(c, org_id, key, guard)?;
    if role != Role::Owner {
        keep_an_owner(&tx, &user)?;
    }
    tx.execute(
        "UPDATE users SET role = ?2 WHERE id = ?1",
        params![user.id.to_string(), role.as_str()],
    )?;
    let info = user_infos(&tx, org_id, Some(user.id))?
        .pop()
        .ok_or(StorageError::NotFound(Kind::User))?;
    tx.commit()?;
    Ok(info)
}

pub(super) fn users(c: &mut Connection, org_id: Uuid) -> Result<Vec<UserInfo>> {
    let tx = c.transaction()?;
    let users = user_infos(&tx, org_id, None)?;
    tx.commit()?;
    Ok(users)
}

/// The organisation's current users (or the one given), by name.
fn user_infos(tx: &Transaction<'_>, org_id: Uuid, only: Option<Uuid>) -> Result<Vec<UserInfo>> {
    let mut stmt = tx.prepare(
        "SELECT u.id, u.name, u.role, u.created_at,
                (SELECT count(*) FROM devices d WHERE d.user_id = u.id AND d.revoked_at IS NULL)
         FROM users u
         WHERE u.org_id = ?1 AND u.removed_at IS NULL AND (?2 IS NULL OR u.id = ?2)
         ORDER BY u.name, u.id",
    )?;
    let rows = stmt.query_map(
        params![org_id.to_string(), only.map(|u| u.to_string())],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    rows.map(|row| {
        let (id, name, role, created_at, devices) = row?;
        Ok(UserInfo {
            user: User {
                id: parse_uuid(&id)?,
                org_id,
                name,
                role: parse_role(&role)?,
            },
            devices: u32::try_from(devices).unwrap_or(u32::MAX),
            created_at: parse_time(&created_at)?,
        })
    })
    .collect()
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
