//! Interactions (客户互动), follow-ups and the customer timeline.
//!
//! Interactions and follow-up completions are insert-only facts: nothing here updates them,
//! so two devices' records merge by union when sync arrives. A follow-up is open while its
//! interaction has no completion row.
//!
//! The timeline merges entries from every source that has one, newest first. Today that is
//! interactions; orders, complaints and surveys add a [`TimelineEntry`] variant and a query
//! function each, and [`Store::customer_timeline`] merges them — nothing else changes.

use chainbook_core::date::opt_date;
use chainbook_core::id::new_id;
use chainbook_core::interaction::{FollowUpRange, InteractionDraft, InteractionKind};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::outbox::OutboxOp;
use crate::{fmt_time, parse_time, Result, Store, StoreError};

pub(crate) const MIGRATION_2: &str = "
CREATE TABLE interactions (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    contact_id   TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL CHECK (kind IN ('call', 'visit', 'email', 'message', 'meeting')),
    occurred_at  TEXT NOT NULL,
    summary      TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '',
    follow_up_on TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX interactions_by_customer ON interactions (customer_id, occurred_at);
CREATE INDEX interactions_by_follow_up ON interactions (follow_up_on)
    WHERE follow_up_on <> '' AND deleted = 0;

CREATE TABLE follow_up_done (
    id             TEXT PRIMARY KEY,
    interaction_id TEXT NOT NULL REFERENCES interactions (id) DEFERRABLE INITIALLY DEFERRED,
    done_at        TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX follow_up_done_by_interaction ON follow_up_done (interaction_id);
";

/// A stored interaction as the timeline and follow-up list show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractionEntry {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    pub outcome: String,
    pub follow_up_on: Option<NaiveDate>,
    /// When the follow-up was marked done, if it was.
    pub follow_up_done_at: Option<DateTime<Utc>>,
}

/// One entry on a customer's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelineEntry {
    Interaction(InteractionEntry),
    Order(crate::orders::OrderEntry),
    Complaint(crate::complaints::ComplaintSummary),
    Survey(crate::complaints::SurveyResponse),
}

impl TimelineEntry {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineEntry::Interaction(i) => i.occurred_at,
            TimelineEntry::Order(o) => o.created_at,
            TimelineEntry::Complaint(c) => c.opened_at,
            TimelineEntry::Survey(s) => s.created_at,
        }
    }
}

/// An open follow-up with its customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub interaction: InteractionEntry,
    pub customer_code: String,
    pub customer_name: String,
    pub due: NaiveDate,
}

const SELECT: &str = "SELECT i.id, i.customer_id, i.contact_id, ct.name, i.kind, i.occurred_at,
        i.summary, i.outcome, i.follow_up_on,
        (SELECT min(d.done_at) FROM follow_up_done d WHERE d.interaction_id = i.id AND d.deleted = 0)
    FROM interactions i LEFT JOIN contacts ct ON ct.id = i.contact_id";

type RawEntry = (
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

fn entry(raw: RawEntry) -> Result<InteractionEntry> {
    let (
        id,
        customer_id,
        contact_id,
        contact_name,
        kind,
        occurred_at,
        summary,
        outcome,
        follow_up_on,
        done,
    ) = raw;
    let bad = |what: &str| StoreError::Corrupt(format!("interaction {id}: {what}"));
    let uuid = |s: &str| Uuid::try_parse(s).map_err(|_| bad("id"));
    Ok(InteractionEntry {
        id: uuid(&id)?,
        customer_id: uuid(&customer_id)?,
        contact_id: if contact_id.is_empty() {
            None
        } else {
            Some(uuid(&contact_id)?)
        },
        contact_name,
        kind: InteractionKind::parse(&kind).ok_or_else(|| bad("kind"))?,
        occurred_at: parse_time(&occurred_at)?,
        summary,
        outcome,
        follow_up_on: opt_date("follow_up_on", &follow_up_on).map_err(|_| bad("follow_up_on"))?,
        follow_up_done_at: done.as_deref().map(parse_time).transpose()?,
    })
}

impl Store {
    /// Records an interaction with a live customer (and, optionally, one of its contacts).
    pub fn add_interaction(&mut self, draft: &InteractionDraft) -> Result<InteractionEntry> {
        let f = draft.validate()?;
        let customer = f.customer_id.to_string();
        let live: bool = self
            .conn()
            .query_row(
                "SELECT 1 FROM customers WHERE id = ?1 AND deleted = 0",
                [&customer],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false);
        if !live {
            return Err(StoreError::NotFound { what: "customer" });
        }
        if let Some(contact) = f.contact_id {
            let ok: bool = self
                .conn()
                .query_row(
                    "SELECT 1 FROM contacts WHERE id = ?1 AND customer_id = ?2 AND deleted = 0",
                    [contact.to_string(), customer.clone()],
                    |_| Ok(true),
                )
                .optional()?
                .unwrap_or(false);
            if !ok {
                return Err(ValidationError::new(
                    ErrorCode::NotFound,
                    "contact_id",
                    "the contact does not belong to this customer",
                )
                .into());
            }
        }
        let id = self.write(|w| {
            let id = new_id(w.now.timestamp_millis().max(0) as u64, w.entropy.id_bytes());
            let created_at = fmt_time(w.now);
            let fields = [
                ("customer_id", json!(customer)),
                (
                    "contact_id",
                    json!(f.contact_id.map(|c| c.to_string()).unwrap_or_default()),
                ),
                ("kind", json!(f.kind.as_str())),
                ("occurred_at", json!(fmt_time(f.occurred_at))),
                ("summary", json!(f.summary)),
                ("outcome", json!(f.outcome)),
                (
                    "follow_up_on",
                    json!(f.follow_up_on.map(|d| d.to_string()).unwrap_or_default()),
                ),
                ("created_at", json!(created_at)),
                ("deleted", json!(0)),
            ];
            w.tx.execute(
                "INSERT INTO interactions (id, customer_id, contact_id, kind, occurred_at, summary,
                    outcome, follow_up_on, created_at, updated_at, updated_by, deleted)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
                params![
                    id.to_string(),
                    fields[0].1.as_str(),
                    fields[1].1.as_str(),
                    fields[2].1.as_str(),
                    fields[3].1.as_str(),
                    fields[4].1.as_str(),
                    fields[5].1.as_str(),
                    fields[6].1.as_str(),
                    created_at,
                    w.hlc.to_i64(),
                    w.device.id.to_string(),
                ],
            )?;
            let map: Map<String, Value> =
                fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            w.record("interactions", &id.to_string(), OutboxOp::Insert, map)?;
            Ok(id)
        })?;
        self.get_interaction(id)
    }

    pub fn get_interaction(&self, id: Uuid) -> Result<InteractionEntry> {
        let r = self
            .conn()
            .query_row(
                &format!("{SELECT} WHERE i.id = ?1 AND i.deleted = 0"),
                [id.to_string()],
                raw,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "interaction",
            })?;
        entry(r)
    }

    /// Marks a follow-up done (an insert-only fact). Marking it again changes nothing.
    pub fn complete_follow_up(
        &mut self,
        interaction_id: Uuid,
        note: &str,
    ) -> Result<InteractionEntry> {
        let note = chainbook_core::text::clean(
            "note",
            note,
            1_000,
            false,
            chainbook_core::text::Lines::Multi,
        )?;
        let i = self.get_interaction(interaction_id)?;
        if i.follow_up_on.is_none() {
            return Err(ValidationError::new(
                ErrorCode::InvalidArgument,
                "interaction_id",
                "this interaction has no follow-up",
            )
            .into());
        }
        if i.follow_up_done_at.is_some() {
            return Ok(i);
        }
        self.write(|w| {
            let id = new_id(w.now.timestamp_millis().max(0) as u64, w.entropy.id_bytes());
            let now = fmt_time(w.now);
            w.tx.execute(
                "INSERT INTO follow_up_done (id, interaction_id, done_at, note, created_at, updated_at, updated_by, deleted)
                 VALUES (?1, ?2, ?3, ?4, ?3, ?5, ?6, 0)",
                params![id.to_string(), interaction_id.to_string(), now, note, w.hlc.to_i64(), w.device.id.to_string()],
            )?;
            let mut m = Map::new();
            m.insert("interaction_id".into(), json!(interaction_id.to_string()));
            m.insert("done_at".into(), json!(now));
            m.insert("note".into(), json!(note));
            m.insert("created_at".into(), json!(now));
            m.insert("deleted".into(), json!(0));
            w.record("follow_up_done", &id.to_string(), OutboxOp::Insert, m)
        })?;
        self.get_interaction(interaction_id)
    }

    /// Open follow-ups of live customers in `range`, relative to `today` (the user's local
    /// date), soonest first.
    pub fn follow_ups(&self, range: FollowUpRange, today: NaiveDate) -> Result<Vec<FollowUp>> {
        let (from, to) = range.bounds(today);
        // SELECT's columns, with the customer's code and name in front.
        let select = SELECT.replacen("SELECT i.id,", "SELECT c.code, c.name, i.id,", 1);
        let mut stmt = self.conn().prepare_cached(&format!(
            "{select} JOIN customers c ON c.id = i.customer_id
             WHERE i.deleted = 0 AND c.deleted = 0 AND i.follow_up_on <> ''
               AND (?1 IS NULL OR i.follow_up_on >= ?1) AND (?2 IS NULL OR i.follow_up_on <= ?2)
               AND NOT EXISTS (SELECT 1 FROM follow_up_done d WHERE d.interaction_id = i.id AND d.deleted = 0)
             ORDER BY i.follow_up_on, i.occurred_at
             LIMIT 1000"
        ))?;
        let rows = stmt.query_map(
            params![from.map(|d| d.to_string()), to.map(|d| d.to_string())],
            |r| {
                let code: String = r.get(0)?;
                let name: String = r.get(1)?;
                let e = (
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                );
                Ok((code, name, e))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (customer_code, customer_name, e) = row?;
            let interaction = entry(e)?;
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

    /// A customer's timeline, newest first, at most `limit` entries.
    pub fn customer_timeline(&self, customer_id: Uuid, limit: u32) -> Result<Vec<TimelineEntry>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE i.customer_id = ?1 AND i.deleted = 0 ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![customer_id.to_string(), limit], raw)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(TimelineEntry::Interaction(entry(r?)?));
        }
        // Further sources are merged here, each already newest-first.
        out.extend(
            self.customer_order_entries(customer_id, limit)?
                .into_iter()
                .map(TimelineEntry::Order),
        );
        out.extend(
            self.customer_complaints(customer_id, limit)?
                .into_iter()
                .map(TimelineEntry::Complaint),
        );
        out.extend(
            self.customer_surveys(customer_id, limit)?
                .into_iter()
                .map(TimelineEntry::Survey),
        );
        out.sort_by_key(|e| std::cmp::Reverse(e.at()));
        out.truncate(limit as usize);
        Ok(out)
    }
}
