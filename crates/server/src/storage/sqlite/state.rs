//! The merged state of every row (`row_state`, see [`crate::merged`]), kept for the snapshot.
//!
//! A row's state is one line: its organisation, table and id, the sequence number of its
//! first change (which orders the snapshot and is its page cursor) and, once a second change
//! of the row arrived, the merged row as canonical JSON. A row changed once (most rows: every
//! fact, every record never edited) keeps no copy: its state is its first change's body, read
//! from `changes` by that number. Push folds each new change in inside its own transaction,
//! so the state never holds less or more than the stored changes; `orgs.state_seq` says up to
//! which change it does, and [`catch_up`] folds in what a database from before the state
//! (server schema 3 and older) holds, at open.

use chainbook_core::merge::RowChange;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use uuid::Uuid;

use crate::merged;
use crate::storage::{Kind, Result, SnapshotPage, StorageError};

/// Folds the change numbered `seq` (of `table`, row `row_id`, `body` its JSON) into its row.
pub(super) fn fold(
    tx: &Transaction<'_>,
    org: &str,
    seq: i64,
    table: &str,
    row_id: &str,
    body: &str,
) -> Result<()> {
    let held: Option<(i64, i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT rowid, first_seq, body FROM row_state
             WHERE org_id = ?1 AND tbl = ?2 AND row_id = ?3",
        )?
        .query_row(params![org, table, row_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((rowid, first, merged_body)) = held else {
        tx.prepare_cached(
            "INSERT INTO row_state (org_id, tbl, row_id, first_seq) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![org, table, row_id, seq])?;
        return Ok(());
    };
    let before = match merged_body {
        Some(b) => b,
        None => tx
            .prepare_cached("SELECT body FROM changes WHERE org_id = ?1 AND seq = ?2")?
            .query_row(params![org, first], |r| r.get(0))?,
    };
    let mut row = parse(first, &before)?;
    fold_into(&mut row, seq, body)?;
    let after = serde_json::to_string(&row)
        .map_err(|e| StorageError::Corrupt(format!("row state of change {seq}: {e}")))?;
    if after != before {
        tx.prepare_cached("UPDATE row_state SET body = ?2 WHERE rowid = ?1")?
            .execute(params![rowid, after])?;
    }
    Ok(())
}

fn fold_into(row: &mut RowChange, seq: i64, body: &str) -> Result<()> {
    merged::fold(row, &parse(seq, body)?);
    Ok(())
}

fn parse(seq: i64, body: &str) -> Result<RowChange> {
    serde_json::from_str(body)
        .map_err(|e| StorageError::Corrupt(format!("stored change {seq} unreadable: {e}")))
}

/// Changes read per transaction while catching up.
const CATCH_UP_BATCH: i64 = 5_000;

/// Folds every stored change the state does not hold yet into it (after the migration that
/// added the state, every change stored before), a batch per transaction, so a restart in
/// the middle goes on from where it stopped.
pub(super) fn catch_up(c: &mut Connection) -> Result<()> {
    loop {
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let behind: Option<(String, i64, i64)> = tx
            .query_row(
                "SELECT id, state_seq, last_seq FROM orgs WHERE state_seq < last_seq LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((org, from, head)) = behind else {
            return Ok(());
        };
        let to = head.min(from + CATCH_UP_BATCH);
        if from == 0 {
            tracing::info!(org, changes = head, "building the merged row state");
        }
        let changes: Vec<(i64, String)> = tx
            .prepare_cached(
                "SELECT seq, body FROM changes WHERE org_id = ?1 AND seq > ?2 AND seq <= ?3
                 ORDER BY seq",
            )?
            .query_map(params![org, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (seq, body) in &changes {
            let change = parse(*seq, body)?;
            fold(&tx, &org, *seq, &change.table, &change.row_id, body)?;
        }
        tx.execute(
            "UPDATE orgs SET state_seq = ?2 WHERE id = ?1",
            params![org, to],
        )?;
        tx.commit()?;
    }
}

/// A page of the snapshot, with the head, in one read transaction.
pub(super) fn page(
    c: &mut Connection,
    org_id: Uuid,
    after: i64,
    upto: Option<i64>,
    limit: u32,
) -> Result<SnapshotPage> {
    let tx = c.transaction()?;
    let org = org_id.to_string();
    let (head, state): (i64, i64) = tx
        .query_row(
            "SELECT last_seq, state_seq FROM orgs WHERE id = ?1",
            [&org],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(StorageError::NotFound(Kind::Organisation))?;
    if state != head {
        // Only before `catch_up` ran, which opening the storage does.
        return Err(StorageError::Corrupt(format!(
            "row state at {state}, changes at {head}"
        )));
    }
    let upto = upto.unwrap_or(head).min(head);
    let rows = tx
        .prepare_cached(
            "SELECT r.first_seq, coalesce(r.body, c.body) FROM row_state r
             LEFT JOIN changes c ON c.org_id = r.org_id AND c.seq = r.first_seq
             WHERE r.org_id = ?1 AND r.first_seq > ?2 AND r.first_seq <= ?3
             ORDER BY r.first_seq LIMIT ?4",
        )?
        .query_map(params![org, after, upto, limit], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    tx.commit()?;
    Ok(SnapshotPage { rows, head })
}
