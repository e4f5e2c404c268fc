//! Satisfaction surveys (满意度): survey responses (NPS, CSAT), insert-only, typed one at a
//! time or as a grid, and NPS and CSAT over a period.

use chainbook_core::complaint::FeedbackChannel;
use chainbook_core::survey::{csat, nps, NpsGroup, SurveyDraft};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use uuid::Uuid;

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use crate::paging::{check_page_size, offset, Filter, Page};
use crate::row::RowExt;
use crate::write::registry::{Kind, Synced};
use crate::write::{Columns, Write};
use crate::{Read, Result, Store, StoreError};

/// Version 7 (with the complaint tables, in `complaints::schema`).
pub(crate) const MIGRATION_7: &str = "
-- Insert-only survey responses.
CREATE TABLE survey_responses (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    order_id     TEXT NOT NULL DEFAULT '',
    complaint_id TEXT NOT NULL DEFAULT '',
    nps          INTEGER CHECK (nps BETWEEN 0 AND 10),
    csat         INTEGER CHECK (csat BETWEEN 1 AND 5),
    comment      TEXT NOT NULL DEFAULT '',
    channel      TEXT NOT NULL,
    responded_on TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX survey_responses_by_customer ON survey_responses (customer_id, deleted, responded_on);
CREATE INDEX survey_responses_by_date ON survey_responses (deleted, responded_on);
";

pub(crate) const TABLES: &[Synced] = &[Synced {
    name: "survey_responses",
    kind: Kind::Fact,
    columns: &[
        "customer_id",
        "order_id",
        "complaint_id",
        "nps",
        "csat",
        "comment",
        "channel",
        "responded_on",
    ],
    feeds: &[],
}];

/// A stored survey response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyResponse {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub order_id: Option<Uuid>,
    pub complaint_id: Option<Uuid>,
    pub nps: Option<u8>,
    pub csat: Option<u8>,
    pub comment: String,
    pub channel: FeedbackChannel,
    pub responded_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// A page of survey answers: those dated `from..=to`, optionally only one NPS group's, newest
/// first — the records behind the dashboard's NPS and CSAT.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyQuery {
    pub page: u32,
    pub page_size: u32,
    /// Answered on or after (all history when `None`).
    pub from: Option<NaiveDate>,
    /// Answered on or before.
    pub to: Option<NaiveDate>,
    /// Only NPS answers of this group.
    pub nps_group: Option<NpsGroup>,
}

/// A survey answer in the list, with its customer's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub response: SurveyResponse,
    pub customer_name: String,
}

/// NPS and CSAT over a period, with how many responses each is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Satisfaction {
    pub nps: Option<Decimal>,
    pub nps_responses: u32,
    pub csat: Option<Decimal>,
    pub csat_responses: u32,
}

/// Reads of survey responses and satisfaction figures.
pub struct Surveys<'a> {
    db: Read<'a>,
}

/// Writes of survey responses.
pub struct SurveysMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn surveys(&self) -> Surveys<'_> {
        Surveys { db: self.read() }
    }

    pub fn surveys_mut(&mut self) -> SurveysMut<'_> {
        SurveysMut { store: self }
    }
}

fn not_found(field: &'static str, what: &str) -> StoreError {
    ValidationError::new(ErrorCode::NotFound, field, format!("no such {what}")).into()
}

fn live(w: &Write<'_>, table: &str, id: Uuid) -> Result<bool> {
    Ok(w.tx
        .prepare_cached(&format!(
            "SELECT 1 FROM {table} WHERE id = ?1 AND deleted = 0"
        ))?
        .exists([id.to_string()])?)
}

/// A response's columns, after checking it and the records it names.
fn check(w: &Write<'_>, d: &SurveyDraft) -> Result<Columns> {
    let f = d.validate()?;
    if !live(w, "customers", f.customer_id)? {
        return Err(not_found("customer_id", "customer"));
    }
    if let Some(o) = f.order_id {
        if !live(w, "sales_orders", o)? {
            return Err(not_found("order_id", "order"));
        }
    }
    if let Some(c) = f.complaint_id {
        if !live(w, "complaints", c)? {
            return Err(not_found("complaint_id", "complaint"));
        }
    }
    Ok(vec![
        ("customer_id", json!(f.customer_id.to_string())),
        (
            "order_id",
            json!(f.order_id.map(|x| x.to_string()).unwrap_or_default()),
        ),
        (
            "complaint_id",
            json!(f.complaint_id.map(|x| x.to_string()).unwrap_or_default()),
        ),
        ("nps", f.nps.map(|v| json!(v)).unwrap_or(Value::Null)),
        ("csat", f.csat.map(|v| json!(v)).unwrap_or(Value::Null)),
        ("comment", json!(f.comment)),
        ("channel", json!(f.channel.as_str())),
        ("responded_on", json!(f.responded_on.to_string())),
    ])
}

impl SurveysMut<'_> {
    /// Records a survey response (insert-only).
    pub fn add(&mut self, d: &SurveyDraft) -> Result<SurveyResponse> {
        self.add_many(std::slice::from_ref(d))?
            .pop()
            .ok_or(StoreError::NotFound {
                what: "survey response",
            })
    }

    /// Records several responses in one transaction: every row is checked, and the first bad
    /// one (named `rows.<i>.<field>`) rejects them all.
    pub fn add_many(&mut self, drafts: &[SurveyDraft]) -> Result<Vec<SurveyResponse>> {
        let ids = self.store.write(|w| {
            let mut rows = Vec::with_capacity(drafts.len());
            for (i, d) in drafts.iter().enumerate() {
                rows.push(check(w, d).map_err(|e| match e {
                    StoreError::Invalid(v) if drafts.len() > 1 => v.within("rows", i).into(),
                    other => other,
                })?);
            }
            rows.iter()
                .map(|cols| w.insert_row("survey_responses", cols))
                .collect::<Result<Vec<_>>>()
        })?;
        let db = self.store.read();
        let mut out = Vec::new();
        for id in ids {
            out.extend(surveys_where(&db, "s.id = ?1", &id.to_string(), 1)?);
        }
        Ok(out)
    }
}

fn surveys_where(db: &Read<'_>, cond: &str, arg: &str, limit: u32) -> Result<Vec<SurveyResponse>> {
    let mut stmt = db.conn.prepare_cached(&format!(
        "SELECT s.id, s.customer_id, s.order_id, s.complaint_id, s.nps, s.csat, s.comment,
            s.channel, s.responded_on, s.created_at
         FROM survey_responses s WHERE {cond} AND s.deleted = 0
         ORDER BY s.responded_on DESC, s.created_at DESC LIMIT {limit}"
    ))?;
    let rows = stmt.query_map([arg], response)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A response from the first ten columns as [`surveys_where`] and [`Surveys::list`] select
/// them.
fn response(r: &rusqlite::Row<'_>) -> rusqlite::Result<SurveyResponse> {
    Ok(SurveyResponse {
        id: r.uuid(0)?,
        customer_id: r.uuid(1)?,
        order_id: r.opt_uuid(2)?,
        complaint_id: r.opt_uuid(3)?,
        nps: r.get(4)?,
        csat: r.get(5)?,
        comment: r.get(6)?,
        channel: r.parsed(7, FeedbackChannel::parse)?,
        responded_on: r.date(8)?,
        created_at: r.time(9)?,
    })
}

/// A customer's survey responses for the timeline, newest first.
pub(crate) fn customer_surveys(
    db: &Read<'_>,
    customer_id: Uuid,
    limit: u32,
) -> Result<Vec<SurveyResponse>> {
    surveys_where(db, "s.customer_id = ?1", &customer_id.to_string(), limit)
}

impl Surveys<'_> {
    /// One page of survey answers matching `q`, newest first (by answer date, then entry).
    /// The period is a range of `survey_responses_by_date`, which also gives the order.
    pub fn list(&self, q: &SurveyQuery) -> Result<Page<SurveyRow>> {
        check_page_size(q.page_size)?;
        let mut f = Filter::new("s.deleted = 0");
        if let Some(from) = q.from {
            f.and("s.responded_on >= ?", [SqlValue::Text(from.to_string())]);
        }
        if let Some(to) = q.to {
            f.and("s.responded_on <= ?", [SqlValue::Text(to.to_string())]);
        }
        if let Some(g) = q.nps_group {
            let (lo, hi) = g.scores();
            f.and(
                "s.nps BETWEEN ? AND ?",
                [SqlValue::Integer(lo.into()), SqlValue::Integer(hi.into())],
            );
        }
        let total = self.db.count(
            &format!("SELECT count(*) FROM survey_responses s WHERE {}", f.sql()),
            f.args(),
        )?;
        let skip = offset(q.page, q.page_size);
        if skip >= total {
            return Ok(Page::empty(total, q.page, q.page_size));
        }
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "SELECT s.id, s.customer_id, s.order_id, s.complaint_id, s.nps, s.csat, s.comment,
                s.channel, s.responded_on, s.created_at, c.name
             FROM survey_responses s JOIN customers c ON c.id = s.customer_id
             WHERE {}
             ORDER BY s.responded_on DESC, s.created_at DESC, s.id DESC LIMIT ? OFFSET ?",
            f.sql()
        ))?;
        let items = stmt
            .query_map(params_from_iter(f.page_args(q.page_size, skip)), |r| {
                Ok(SurveyRow {
                    response: response(r)?,
                    customer_name: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            items,
            total,
            page: q.page,
            page_size: q.page_size,
        })
    }

    /// A customer's survey responses, newest first.
    pub fn of_customer(&self, customer_id: Uuid, limit: u32) -> Result<Vec<SurveyResponse>> {
        customer_surveys(&self.db, customer_id, limit)
    }

    /// NPS and CSAT from responses dated `from..=to`, for one customer or everyone.
    pub fn satisfaction(
        &self,
        customer: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Satisfaction> {
        // Two statements: `(?3 IS NULL OR customer_id = ?3)` would keep the customer's index
        // from being used.
        let mut stmt = self.db.conn.prepare_cached(if customer.is_some() {
            "SELECT nps, csat FROM survey_responses
             WHERE customer_id = ?3 AND deleted = 0 AND responded_on >= ?1 AND responded_on <= ?2"
        } else {
            "SELECT nps, csat FROM survey_responses
             WHERE deleted = 0 AND responded_on >= ?1 AND responded_on <= ?2 AND ?3 IS NULL"
        })?;
        let rows = stmt.query_map(
            rusqlite::params![
                from.to_string(),
                to.to_string(),
                customer.map(|c| c.to_string())
            ],
            |r| Ok((r.get::<_, Option<u8>>(0)?, r.get::<_, Option<u8>>(1)?)),
        )?;
        let (mut n, mut c) = (Vec::new(), Vec::new());
        for r in rows {
            let (a, b) = r?;
            n.extend(a);
            c.extend(b);
        }
        Ok(Satisfaction {
            nps: nps(&n),
            nps_responses: n.len() as u32,
            csat: csat(&c),
            csat_responses: c.len() as u32,
        })
    }
}
