//! One interaction and the open follow-ups.

use chainbook_core::facts::Fact;
use chainbook_core::interaction::{FollowUpRange, InteractionKind};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{FollowUp, InteractionEntry, Interactions};
use crate::row::RowExt;
use crate::{Result, StoreError};

/// An interaction's columns as [`entry`] reads them, from `interactions i`.
pub(super) const SELECT: &str = "SELECT i.id, i.customer_id, i.contact_id, ct.name, i.kind,
        i.occurred_at, i.summary, i.outcome, i.follow_up_on,
        (SELECT min(d.done_at) FROM follow_up_done d WHERE d.interaction_id = i.id AND d.deleted = 0),
        i.fact
    FROM interactions i LEFT JOIN contacts ct ON ct.id = i.contact_id";

/// A row of [`SELECT`], its columns starting at `at`.
pub(super) fn entry(r: &Row<'_>, at: usize) -> rusqlite::Result<InteractionEntry> {
    Ok(InteractionEntry {
        id: r.uuid(at)?,
        customer_id: r.uuid(at + 1)?,
        contact_id: r.opt_uuid(at + 2)?,
        contact_name: r.get(at + 3)?,
        kind: r.parsed(at + 4, InteractionKind::parse)?,
        occurred_at: r.time(at + 5)?,
        summary: r.get(at + 6)?,
        outcome: r.get(at + 7)?,
        follow_up_on: r.opt_date(at + 8)?,
        follow_up_done_at: r.opt_time(at + 9)?,
        fact: r.opt_parsed(at + 10, |s| serde_json::from_str::<Fact>(s).ok())?,
    })
}

pub(super) fn load(conn: &Connection, id: Uuid) -> Result<InteractionEntry> {
    conn.prepare_cached(&format!("{SELECT} WHERE i.id = ?1 AND i.deleted = 0"))?
        .query_row([id.to_string()], |r| entry(r, 0))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "interaction",
        })
}

impl Interactions<'_> {
    pub fn get(&self, id: Uuid) -> Result<InteractionEntry> {
        load(self.db.conn, id)
    }

    /// Open follow-ups due on `today` or earlier: the overdue ones, then today's (the
    /// follow-up list's two ranges, as the navigation badge counts them).
    pub fn follow_ups_due(&self, today: NaiveDate) -> Result<Vec<FollowUp>> {
        let mut all = self.follow_ups(FollowUpRange::Overdue, today)?;
        all.extend(self.follow_ups(FollowUpRange::Today, today)?);
        Ok(all)
    }

    /// Open follow-ups of live customers in `range`, relative to `today` (the user's local
    /// date), soonest first.
    pub fn follow_ups(&self, range: FollowUpRange, today: NaiveDate) -> Result<Vec<FollowUp>> {
        let (from, to) = range.bounds(today);
        // SELECT's columns, with the customer's code and name in front.
        let select = SELECT.replacen("SELECT i.id,", "SELECT c.code, c.name, i.id,", 1);
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "{select} JOIN customers c ON c.id = i.customer_id
             WHERE i.deleted = 0 AND c.deleted = 0 AND i.follow_up_on <> ''
               AND (?1 IS NULL OR i.follow_up_on >= ?1) AND (?2 IS NULL OR i.follow_up_on <= ?2)
               AND NOT EXISTS (SELECT 1 FROM follow_up_done d WHERE d.interaction_id = i.id AND d.deleted = 0)
             ORDER BY i.follow_up_on, i.occurred_at
             LIMIT 1000"
        ))?;
        let rows = stmt.query_map(
            params![from.map(|d| d.to_string()), to.map(|d| d.to_string())],
            |r| Ok((r.get(0)?, r.get(1)?, entry(r, 2)?)),
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (customer_code, customer_name, interaction) = row?;
            let Some(due) = interaction.follow_up_on else {
                continue;
            };
            out.push(FollowUp {
                interaction,
                customer_code,
                customer_name,
                due,
            });
        }
        Ok(out)
    }
}
