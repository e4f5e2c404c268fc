//! Storing pushes and reading pages of changes in SQLite.
//!
//! A push runs in one immediate transaction (the single writer): it reads the organisation's
//! counter `orgs.last_seq`, gives each new change the next number, inserts it, and writes the
//! counter back before committing. A change id already stored answers with its stored number.
//! Because writers take turns and the counter moves only inside them, numbers commit in
//! order with no gaps, and a reader never sees seq n+1 without seq n. Each new change is
//! folded into its row's merged state (`super::state`) in the same transaction.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use uuid::Uuid;

use super::{fmt_time, parse_uuid, state};
use crate::storage::{Kind, Page, PushBatch, Result, StorageError, StoredChange};

pub(super) fn push(c: &mut Connection, b: &PushBatch<'_>) -> Result<Vec<i64>> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let org = b.org_id.to_string();
    let device = b.device_id.to_string();
    let batch = b.batch_id.to_string();
    let now = fmt_time(b.now);
    let start: i64 = tx
        .query_row("SELECT last_seq FROM orgs WHERE id = ?1", [&org], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(StorageError::NotFound(Kind::Organisation))?;
    let mut last = start;
    let mut seqs = Vec::with_capacity(b.changes.len());
    {
        let mut find = tx
            .prepare_cached("SELECT seq, body FROM changes WHERE org_id = ?1 AND change_id = ?2")?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO changes (org_id, seq, change_id, device_id, batch_id, body, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (index, change) in b.changes.iter().enumerate() {
            let id = change.change_id.to_string();
            let stored: Option<(i64, String)> = find
                .query_row(params![org, id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((seq, body)) = stored {
                if body != change.body {
                    return Err(StorageError::ChangeIdReused { index });
                }
                seqs.push(seq);
                continue;
            }
            last += 1;
            insert.execute(params![org, last, id, device, batch, change.body, now])?;
            state::fold(&tx, &org, last, &change.table, &change.row_id, &change.body)?;
            seqs.push(last);
        }
    }
    if last != start {
        tx.execute(
            "UPDATE orgs SET last_seq = ?2, state_seq = ?2 WHERE id = ?1",
            params![org, last],
        )?;
    }
    tx.execute(
        "UPDATE devices SET last_seen_at = ?3, schema = ?4 WHERE org_id = ?1 AND id = ?2",
        params![org, device, now, b.schema],
    )?;
    tx.commit()?;
    Ok(seqs)
}

pub(super) fn page(
    c: &mut Connection,
    org_id: Uuid,
    after: i64,
    upto: Option<i64>,
    limit: u32,
) -> Result<Page> {
    let tx = c.transaction()?;
    let org = org_id.to_string();
    let head: i64 = tx
        .query_row("SELECT last_seq FROM orgs WHERE id = ?1", [&org], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(StorageError::NotFound(Kind::Organisation))?;
    let upto = upto.unwrap_or(head).min(head);
    let changes = {
        let mut stmt = tx.prepare_cached(
            "SELECT seq, change_id, device_id, body FROM changes
             WHERE org_id = ?1 AND seq > ?2 AND seq <= ?3
             ORDER BY seq LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![org, after, upto, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, change_id, device_id, body) = row?;
            Ok(StoredChange {
                seq,
                change_id: parse_uuid(&change_id)?,
                device_id: parse_uuid(&device_id)?,
                body,
            })
        })
        .collect::<Result<Vec<_>>>()?
    };
    tx.commit()?;
    Ok(Page { changes, head })
}
