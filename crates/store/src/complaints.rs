//! Complaints and other feedback with their timeline, SLA deadlines and resolution; satisfaction
//! surveys (客户服务管理, 投诉处理, 满意度).
//!
//! A complaint row holds its current state (status, assignee, root cause, resolution) so lists
//! filter in SQL; every action also appends an insert-only event (comment, status change,
//! assignment, customer contact, root cause, resolution, satisfaction), which is the timeline.
//! SLA due times are fixed at opening from the policy in local settings (`core::complaint`).
//! Survey responses are insert-only. Numbers are `CP-yymm-<device code>-<seq>`.

use chainbook_core::complaint::{
    apply_complaint_action, sla_state, ComplaintAction, ComplaintStatus, FeedbackCategory,
    FeedbackChannel, FeedbackDraft, FeedbackKind, ResolutionDraft, RootCause, Severity, SlaPolicy,
    SlaState,
};
use chainbook_core::date::parse_date;
use chainbook_core::survey::{csat, nps, validate_rating, SurveyDraft};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, OptionalExtension};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::{check_page_size, fmt_time, parse_time, Page, Result, Store, StoreError, Write};

pub(crate) const MIGRATION_7: &str = "
CREATE TABLE complaints (
    id                 TEXT PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL,
    customer_id        TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    order_id           TEXT NOT NULL DEFAULT '',
    product_id         TEXT NOT NULL DEFAULT '',
    channel            TEXT NOT NULL,
    category           TEXT NOT NULL,
    severity           TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL,
    assignee           TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    opened_at          TEXT NOT NULL,
    first_response_due TEXT NOT NULL DEFAULT '',
    resolution_due     TEXT NOT NULL DEFAULT '',
    responded_at       TEXT NOT NULL DEFAULT '',
    resolved_at        TEXT NOT NULL DEFAULT '',
    closed_at          TEXT NOT NULL DEFAULT '',
    root_cause         TEXT NOT NULL DEFAULT '',
    supplier_id        TEXT NOT NULL DEFAULT '',
    cause_product_id   TEXT NOT NULL DEFAULT '',
    resolution         TEXT NOT NULL DEFAULT '',
    compensation       TEXT NOT NULL DEFAULT '',
    currency           TEXT NOT NULL DEFAULT '',
    satisfaction       INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    created_at         TEXT NOT NULL,
    updated_at         INTEGER NOT NULL,
    updated_by         TEXT NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX complaints_by_opened ON complaints (deleted, opened_at, id);
CREATE INDEX complaints_by_status ON complaints (deleted, status, opened_at, id);
CREATE INDEX complaints_by_customer ON complaints (customer_id, deleted, opened_at);
CREATE INDEX complaints_by_supplier ON complaints (supplier_id, deleted, opened_at) WHERE supplier_id <> '';
CREATE INDEX complaints_open_by_due ON complaints (deleted, resolution_due)
    WHERE status IN ('new', 'acknowledged', 'investigating');

-- Insert-only: the complaint's timeline.
CREATE TABLE complaint_events (
    id           TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints (id) DEFERRABLE INITIALLY DEFERRED,
    kind         TEXT NOT NULL CHECK (kind IN ('opened', 'comment', 'status', 'assignment', 'contact', 'root_cause', 'resolution', 'satisfaction')),
    status       TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    at           TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX complaint_events_by_complaint ON complaint_events (complaint_id, at);

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

/// Schema 10: the complaint list at 100,000 complaints. The supplier filter's index is no
/// longer partial (`supplier_id = ?` with a bound value cannot prove `supplier_id <> ''`, so
/// the planner never used it) and carries `id` for the list's order; severity gets an index in
/// list order; the complaints that can be breached at any time (with an SLA, and either still
/// waiting for a response or resolution, or answered or resolved late) are a partial index in
/// list order carrying the SLA columns, so the breached filter counts and pages a few thousand
/// index entries instead of every row. [`MAY_BREACH`] is its condition, written into the
/// breached filter so the planner can use it.
pub(crate) const MIGRATION_10: &str = "
DROP INDEX complaints_by_supplier;
CREATE INDEX complaints_by_supplier ON complaints (supplier_id, deleted, opened_at, id);
CREATE INDEX complaints_by_severity ON complaints (deleted, severity, opened_at, id);
CREATE INDEX complaints_may_breach ON complaints
    (deleted, opened_at, id, first_response_due, responded_at, resolution_due, resolved_at)
    WHERE resolution_due <> '' AND (resolved_at = '' OR responded_at = ''
        OR responded_at > first_response_due OR resolved_at > resolution_due);
";

/// The partial index `complaints_may_breach`'s condition, as the list's breached filter
/// repeats it (SQLite uses a partial index only when the query's terms include its own).
const MAY_BREACH: &str = "c.resolution_due <> '' AND (c.resolved_at = '' OR c.responded_at = ''
        OR c.responded_at > c.first_response_due OR c.resolved_at > c.resolution_due)";

/// Migration step after [`MIGRATION_10`]: planner statistics for the new indexes.
pub(crate) fn statistics_after_migration_10(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    crate::customers::statistics_after_migration_8(tx)
}

const SLA_KEY: &str = "sla_policy";

/// One entry of a complaint's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintEvent {
    /// opened | comment | status | assignment | contact | root_cause | resolution | satisfaction
    pub kind: String,
    /// The new status for status events.
    pub status: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// A complaint or other feedback with its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub id: Uuid,
    pub number: String,
    pub kind: FeedbackKind,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub order_id: Option<Uuid>,
    pub order_number: Option<String>,
    pub product_id: Option<Uuid>,
    pub channel: FeedbackChannel,
    pub category: FeedbackCategory,
    pub severity: Option<Severity>,
    pub description: String,
    pub assignee: String,
    pub status: ComplaintStatus,
    pub opened_at: DateTime<Utc>,
    pub first_response_due: Option<DateTime<Utc>>,
    pub resolution_due: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub root_cause: Option<RootCause>,
    pub supplier_id: Option<Uuid>,
    pub supplier_name: Option<String>,
    pub cause_product_id: Option<Uuid>,
    pub resolution: String,
    pub compensation: Option<Decimal>,
    pub currency: String,
    pub satisfaction: Option<u8>,
    pub events: Vec<ComplaintEvent>,
}

impl Complaint {
    /// `(first response, resolution)` SLA states at `now`; `None` without an SLA.
    pub fn sla(&self, now: DateTime<Utc>) -> Option<(SlaState, SlaState)> {
        Some((
            sla_state(self.first_response_due?, self.responded_at, now),
            sla_state(self.resolution_due?, self.resolved_at, now),
        ))
    }
}

/// A complaint as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintSummary {
    pub id: Uuid,
    pub number: String,
    pub kind: FeedbackKind,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub category: FeedbackCategory,
    pub severity: Option<Severity>,
    pub status: ComplaintStatus,
    pub assignee: String,
    pub opened_at: DateTime<Utc>,
    pub first_response_due: Option<DateTime<Utc>>,
    pub resolution_due: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub supplier_name: Option<String>,
}

/// A page request for complaints, newest first. `page` is 0-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintQuery {
    pub page: u32,
    pub page_size: u32,
    pub kind: Option<FeedbackKind>,
    pub status: Option<ComplaintStatus>,
    /// Only new, acknowledged or investigating.
    pub open_only: bool,
    pub severity: Option<Severity>,
    pub category: Option<FeedbackCategory>,
    pub customer_id: Option<Uuid>,
    pub assignee: Option<String>,
    pub supplier_id: Option<Uuid>,
    /// Only those whose first response or resolution is (or was) late, as of `now`.
    pub breached_only: bool,
}

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

/// NPS and CSAT over a period, with how many responses each is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Satisfaction {
    pub nps: Option<Decimal>,
    pub nps_responses: u32,
    pub csat: Option<Decimal>,
    pub csat_responses: u32,
}

fn opt_uuid(s: &str) -> Result<Option<Uuid>> {
    if s.is_empty() {
        Ok(None)
    } else {
        Uuid::try_parse(s)
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("id {s}")))
    }
}

fn opt_time(s: &str) -> Result<Option<DateTime<Utc>>> {
    if s.is_empty() {
        Ok(None)
    } else {
        parse_time(s).map(Some)
    }
}

fn nf(field: &'static str, what: &str) -> StoreError {
    ValidationError::new(ErrorCode::NotFound, field, format!("no such {what}")).into()
}

impl Store {
    /// The SLA policy (defaults until edited in Settings).
    pub fn sla_policy(&self) -> Result<SlaPolicy> {
        match self.local_setting(SLA_KEY)? {
            None => Ok(SlaPolicy::default()),
            Some(j) => serde_json::from_str(&j)
                .map_err(|e| StoreError::Corrupt(format!("sla policy: {e}"))),
        }
    }

    /// Validates and saves the SLA policy; only complaints opened later use it.
    pub fn set_sla_policy(&mut self, p: &SlaPolicy) -> Result<()> {
        p.validate()?;
        let j = serde_json::to_string(p).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.set_local_setting(SLA_KEY, &j)
    }

    fn live(&self, table: &str, id: Uuid) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE id = ?1 AND deleted = 0"),
                [id.to_string()],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false))
    }

    /// Opens a complaint (with SLA deadlines) or records other feedback.
    pub fn open_complaint(&mut self, d: &FeedbackDraft) -> Result<Complaint> {
        let f = d.validate()?;
        if !self.live("customers", f.customer_id)? {
            return Err(nf("customer_id", "customer"));
        }
        if let Some(o) = f.order_id {
            let owner: Option<String> = self
                .conn()
                .query_row(
                    "SELECT customer_id FROM sales_orders WHERE id = ?1 AND deleted = 0",
                    [o.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            match owner {
                None => return Err(nf("order_id", "order")),
                Some(c) if c != f.customer_id.to_string() => {
                    return Err(ValidationError::new(
                        ErrorCode::InvalidArgument,
                        "order_id",
                        "the order belongs to another customer",
                    )
                    .into())
                }
                Some(_) => {}
            }
        }
        if let Some(p) = f.product_id {
            if !self.live("products", p)? {
                return Err(nf("product_id", "product"));
            }
        }
        let policy = self.sla_policy()?;
        let id = self.write(|w| {
            let seq = crate::device::next_sequence(&w.tx, "complaint")?;
            let number = format!(
                "CP-{:02}{:02}-{}-{seq:05}",
                w.now.year() % 100,
                w.now.month(),
                w.device.code
            );
            let (first, resolve) = match f.severity {
                Some(s) => {
                    let (a, b) = policy.due(s, w.now);
                    (fmt_time(a), fmt_time(b))
                }
                None => (String::new(), String::new()),
            };
            let id = w.insert_row(
                "complaints",
                &[
                    ("number", json!(number)),
                    ("kind", json!(f.kind.as_str())),
                    ("customer_id", json!(f.customer_id.to_string())),
                    (
                        "order_id",
                        json!(f.order_id.map(|x| x.to_string()).unwrap_or_default()),
                    ),
                    (
                        "product_id",
                        json!(f.product_id.map(|x| x.to_string()).unwrap_or_default()),
                    ),
                    ("channel", json!(f.channel.as_str())),
                    ("category", json!(f.category.as_str())),
                    (
                        "severity",
                        json!(f.severity.map(|s| s.as_str()).unwrap_or("")),
                    ),
                    ("description", json!(f.description)),
                    ("assignee", json!(f.assignee)),
                    ("status", json!(ComplaintStatus::New.as_str())),
                    ("opened_at", json!(fmt_time(w.now))),
                    ("first_response_due", json!(first)),
                    ("resolution_due", json!(resolve)),
                ],
            )?;
            event(w, id, "opened", "", &f.description)?;
            if !f.assignee.is_empty() {
                event(w, id, "assignment", "", &f.assignee)?;
            }
            Ok(id)
        })?;
        self.get_complaint(id)
    }

    /// Moves a complaint through its workflow. Acknowledging (or resolving first) is the first
    /// response; resolving needs the resolution text (see [`Store::set_resolution`]).
    pub fn complaint_action(
        &mut self,
        id: Uuid,
        action: ComplaintAction,
        note: &str,
    ) -> Result<Complaint> {
        let c = self.get_complaint(id)?;
        let next = apply_complaint_action(c.status, action)?;
        if next == ComplaintStatus::Resolved && c.resolution.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "resolution",
                "write the resolution before resolving",
            )
            .into());
        }
        let note = clean("note", note, 5_000, false, Lines::Multi)?;
        self.write(|w| {
            let now = fmt_time(w.now);
            let mut m = Map::new();
            m.insert("status".into(), json!(next.as_str()));
            if c.responded_at.is_none() && next != ComplaintStatus::New {
                m.insert("responded_at".into(), json!(now));
            }
            match next {
                ComplaintStatus::Resolved => {
                    m.insert("resolved_at".into(), json!(now));
                }
                ComplaintStatus::Closed => {
                    m.insert("closed_at".into(), json!(now));
                }
                // Reopening clears the resolution time so the resolution SLA counts again.
                ComplaintStatus::Investigating if action == ComplaintAction::Reopen => {
                    m.insert("resolved_at".into(), json!(""));
                    m.insert("closed_at".into(), json!(""));
                }
                _ => {}
            }
            w.update_row("complaints", &id.to_string(), m)?;
            event(w, id, "status", next.as_str(), &note)
        })?;
        self.get_complaint(id)
    }

    /// Adds a comment, an assignment or a record of contacting the customer to the timeline.
    /// `kind` is comment | assignment | contact; an assignment's body is the new assignee.
    pub fn complaint_note(&mut self, id: Uuid, kind: &str, body: &str) -> Result<Complaint> {
        let c = self.get_complaint(id)?;
        let (kind, max) = match kind {
            "comment" | "contact" => (kind, 5_000),
            "assignment" => ("assignment", 100),
            other => {
                return Err(ValidationError::new(
                    ErrorCode::InvalidChoice,
                    "kind",
                    other.to_owned(),
                )
                .into())
            }
        };
        let required = kind != "assignment";
        let lines = if kind == "assignment" {
            Lines::Single
        } else {
            Lines::Multi
        };
        let body = clean("body", body, max, required, lines)?;
        self.write(|w| {
            if kind == "assignment" {
                let mut m = Map::new();
                m.insert("assignee".into(), json!(body));
                w.update_row("complaints", &id.to_string(), m)?;
            } else if kind == "contact" && c.responded_at.is_none() {
                // Contacting the customer is a first response too.
                let mut m = Map::new();
                m.insert("responded_at".into(), json!(fmt_time(w.now)));
                w.update_row("complaints", &id.to_string(), m)?;
            }
            event(w, id, kind, "", &body)
        })?;
        self.get_complaint(id)
    }

    /// Records the root cause (optionally naming the responsible supplier or carrier and the
    /// product) and the resolution with any compensation.
    pub fn set_resolution(&mut self, id: Uuid, d: &ResolutionDraft) -> Result<Complaint> {
        let c = self.get_complaint(id)?;
        let r = d.validate(false)?;
        if let Some(s) = r.supplier_id {
            if !self.live("suppliers", s)? {
                return Err(nf("supplier_id", "supplier"));
            }
        }
        if let Some(p) = r.product_id {
            if !self.live("products", p)? {
                return Err(nf("product_id", "product"));
            }
        }
        let cols = |root: Option<RootCause>,
                    sup: Option<Uuid>,
                    prod: Option<Uuid>,
                    res: &str,
                    comp: Option<Decimal>,
                    cur: &str| {
            vec![
                ("root_cause", json!(root.map(|x| x.as_str()).unwrap_or(""))),
                (
                    "supplier_id",
                    json!(sup.map(|x| x.to_string()).unwrap_or_default()),
                ),
                (
                    "cause_product_id",
                    json!(prod.map(|x| x.to_string()).unwrap_or_default()),
                ),
                ("resolution", json!(res)),
                (
                    "compensation",
                    json!(comp.map(|x| x.to_string()).unwrap_or_default()),
                ),
                ("currency", json!(cur)),
            ]
        };
        let changed = crate::rows::changed_columns(
            cols(
                r.root_cause,
                r.supplier_id,
                r.product_id,
                &r.resolution,
                r.compensation,
                &r.currency,
            ),
            cols(
                c.root_cause,
                c.supplier_id,
                c.cause_product_id,
                &c.resolution,
                c.compensation,
                &c.currency,
            ),
        );
        if changed.is_empty() {
            return Ok(c);
        }
        let cause_changed = changed.contains_key("root_cause")
            || changed.contains_key("supplier_id")
            || changed.contains_key("cause_product_id");
        let resolution_changed = changed.contains_key("resolution")
            || changed.contains_key("compensation")
            || changed.contains_key("currency");
        self.write(|w| {
            w.update_row("complaints", &id.to_string(), changed)?;
            if cause_changed {
                event(
                    w,
                    id,
                    "root_cause",
                    "",
                    r.root_cause.map(|x| x.as_str()).unwrap_or(""),
                )?;
            }
            if resolution_changed {
                let body = match r.compensation {
                    Some(a) => format!("{} ({a} {})", r.resolution, r.currency),
                    None => r.resolution.clone(),
                };
                event(w, id, "resolution", "", &body)?;
            }
            Ok(())
        })?;
        self.get_complaint(id)
    }

    /// The customer's satisfaction with the resolution (1–5).
    pub fn set_complaint_satisfaction(&mut self, id: Uuid, rating: i64) -> Result<Complaint> {
        let c = self.get_complaint(id)?;
        let rating = validate_rating("satisfaction", rating)?;
        if !matches!(
            c.status,
            ComplaintStatus::Resolved | ComplaintStatus::Closed
        ) {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "satisfaction",
                "rate the resolution once it is resolved",
            )
            .into());
        }
        self.write(|w| {
            let mut m = Map::new();
            m.insert("satisfaction".into(), json!(rating));
            w.update_row("complaints", &id.to_string(), m)?;
            event(w, id, "satisfaction", "", &rating.to_string())
        })?;
        self.get_complaint(id)
    }

    pub fn get_complaint(&self, id: Uuid) -> Result<Complaint> {
        let v: Vec<Option<String>> = self
            .conn()
            .query_row(
                "SELECT c.number, c.kind, c.customer_id, cu.name, c.order_id, o.number, c.product_id,
                    c.channel, c.category, c.severity, c.description, c.assignee, c.status,
                    c.opened_at, c.first_response_due, c.resolution_due, c.responded_at,
                    c.resolved_at, c.closed_at, c.root_cause, c.supplier_id, s.name,
                    c.cause_product_id, c.resolution, c.compensation, c.currency,
                    CAST(c.satisfaction AS TEXT)
                 FROM complaints c JOIN customers cu ON cu.id = c.customer_id
                 LEFT JOIN sales_orders o ON o.id = c.order_id
                 LEFT JOIN suppliers s ON s.id = c.supplier_id
                 WHERE c.id = ?1 AND c.deleted = 0",
                [id.to_string()],
                |r| (0..27).map(|i| r.get::<_, Option<String>>(i)).collect(),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "complaint" })?;
        let g = |i: usize| v[i].clone().unwrap_or_default();
        let bad = |w: &str| StoreError::Corrupt(format!("complaint {id}: {w}"));
        let mut stmt = self.conn().prepare_cached(
            "SELECT kind, status, body, at FROM complaint_events
             WHERE complaint_id = ?1 AND deleted = 0 ORDER BY at, updated_at, rowid",
        )?;
        let events = stmt
            .query_map([id.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .map(|r| {
                let (kind, status, body, at) = r?;
                Ok(ComplaintEvent {
                    kind,
                    status,
                    body,
                    at: parse_time(&at)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Complaint {
            id,
            number: g(0),
            kind: FeedbackKind::parse(&g(1)).ok_or_else(|| bad("kind"))?,
            customer_id: Uuid::try_parse(&g(2)).map_err(|_| bad("customer"))?,
            customer_name: g(3),
            order_id: opt_uuid(&g(4))?,
            order_number: v[5].clone(),
            product_id: opt_uuid(&g(6))?,
            channel: FeedbackChannel::parse(&g(7)).ok_or_else(|| bad("channel"))?,
            category: FeedbackCategory::parse(&g(8)).ok_or_else(|| bad("category"))?,
            severity: match g(9).as_str() {
                "" => None,
                s => Some(Severity::parse(s).ok_or_else(|| bad("severity"))?),
            },
            description: g(10),
            assignee: g(11),
            status: ComplaintStatus::parse(&g(12)).ok_or_else(|| bad("status"))?,
            opened_at: parse_time(&g(13))?,
            first_response_due: opt_time(&g(14))?,
            resolution_due: opt_time(&g(15))?,
            responded_at: opt_time(&g(16))?,
            resolved_at: opt_time(&g(17))?,
            closed_at: opt_time(&g(18))?,
            root_cause: match g(19).as_str() {
                "" => None,
                s => Some(RootCause::parse(s).ok_or_else(|| bad("root cause"))?),
            },
            supplier_id: opt_uuid(&g(20))?,
            supplier_name: v[21].clone(),
            cause_product_id: opt_uuid(&g(22))?,
            resolution: g(23),
            compensation: match g(24).as_str() {
                "" => None,
                s => Some(s.parse().map_err(|_| bad("compensation"))?),
            },
            currency: g(25),
            satisfaction: v[26]
                .as_deref()
                .map(|s| s.parse().map_err(|_| bad("satisfaction")))
                .transpose()?,
            events,
        })
    }

    /// One page of complaints and feedback, newest first. `now` decides what is breached.
    pub fn list_complaints(
        &self,
        q: &ComplaintQuery,
        now: DateTime<Utc>,
    ) -> Result<Page<ComplaintSummary>> {
        check_page_size(q.page_size)?;
        let mut clauses = vec!["c.deleted = 0".to_owned()];
        let mut args: Vec<SqlValue> = Vec::new();
        let mut eq = |col: &str, v: String, clauses: &mut Vec<String>| {
            clauses.push(format!("c.{col} = ?"));
            args.push(SqlValue::Text(v));
        };
        if let Some(k) = q.kind {
            eq("kind", k.as_str().into(), &mut clauses);
        }
        if let Some(s) = q.status {
            eq("status", s.as_str().into(), &mut clauses);
        }
        if let Some(s) = q.severity {
            eq("severity", s.as_str().into(), &mut clauses);
        }
        if let Some(c) = q.category {
            eq("category", c.as_str().into(), &mut clauses);
        }
        if let Some(c) = q.customer_id {
            eq("customer_id", c.to_string(), &mut clauses);
        }
        if let Some(a) = q
            .assignee
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            eq("assignee", a.to_owned(), &mut clauses);
        }
        if let Some(s) = q.supplier_id {
            eq("supplier_id", s.to_string(), &mut clauses);
        }
        if q.open_only {
            clauses.push("c.status IN ('new', 'acknowledged', 'investigating')".into());
        }
        if q.breached_only {
            // Times are fixed-format UTC strings, so text comparison is time order.
            let n = fmt_time(now);
            // Implied by the test below; lets the planner read `complaints_may_breach`.
            clauses.push(format!("({MAY_BREACH})"));
            clauses.push(
                "c.resolution_due <> '' AND (
                    (c.responded_at = '' AND c.first_response_due < ?) OR (c.responded_at > c.first_response_due)
                 OR (c.resolved_at = '' AND c.resolution_due < ?) OR (c.resolved_at > c.resolution_due))"
                    .into(),
            );
            args.push(SqlValue::Text(n.clone()));
            args.push(SqlValue::Text(n));
        }
        let where_ = clauses.join(" AND ");
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM complaints c WHERE {where_}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        // Open complaints are a small share of all: find them by status and sort them, rather
        // than walk the whole list in order (`+` keeps the planner off the order's index).
        let order = if q.open_only {
            "+c.opened_at DESC, c.id DESC"
        } else {
            "c.opened_at DESC, c.id DESC"
        };
        // A deferred join: the page's ids from the filter's index alone, then their rows and
        // names (an OFFSET otherwise builds every skipped row with its joins).
        let sql = format!(
            "SELECT c.id, c.number, c.kind, c.customer_id, cu.name, c.category, c.severity, c.status,
                c.assignee, c.opened_at, c.first_response_due, c.resolution_due, c.responded_at,
                c.resolved_at, s.name
             FROM (SELECT c.id AS pid FROM complaints c
                   WHERE {where_} ORDER BY {order} LIMIT ? OFFSET ?) p
             JOIN complaints c ON c.id = p.pid
             JOIN customers cu ON cu.id = c.customer_id
             LEFT JOIN suppliers s ON s.id = c.supplier_id
             ORDER BY c.opened_at DESC, c.id DESC"
        );
        args.push(SqlValue::Integer(i64::from(q.page_size)));
        args.push(SqlValue::Integer(
            i64::from(q.page) * i64::from(q.page_size),
        ));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            (0..15)
                .map(|i| r.get::<_, Option<String>>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        let mut items = Vec::new();
        for r in rows {
            let v = r?;
            let g = |i: usize| v[i].clone().unwrap_or_default();
            let bad = |w: &str| StoreError::Corrupt(format!("complaint {}: {w}", g(0)));
            items.push(ComplaintSummary {
                id: Uuid::try_parse(&g(0)).map_err(|_| bad("id"))?,
                number: g(1),
                kind: FeedbackKind::parse(&g(2)).ok_or_else(|| bad("kind"))?,
                customer_id: Uuid::try_parse(&g(3)).map_err(|_| bad("customer"))?,
                customer_name: g(4),
                category: FeedbackCategory::parse(&g(5)).ok_or_else(|| bad("category"))?,
                severity: match g(6).as_str() {
                    "" => None,
                    s => Some(Severity::parse(s).ok_or_else(|| bad("severity"))?),
                },
                status: ComplaintStatus::parse(&g(7)).ok_or_else(|| bad("status"))?,
                assignee: g(8),
                opened_at: parse_time(&g(9))?,
                first_response_due: opt_time(&g(10))?,
                resolution_due: opt_time(&g(11))?,
                responded_at: opt_time(&g(12))?,
                resolved_at: opt_time(&g(13))?,
                supplier_name: v[14].clone(),
            });
        }
        Ok(Page {
            items,
            total: total as u64,
            page: q.page,
            page_size: q.page_size,
        })
    }

    fn check_survey(&self, d: &SurveyDraft) -> Result<Vec<(&'static str, Value)>> {
        let f = d.validate()?;
        if !self.live("customers", f.customer_id)? {
            return Err(nf("customer_id", "customer"));
        }
        if let Some(o) = f.order_id {
            if !self.live("sales_orders", o)? {
                return Err(nf("order_id", "order"));
            }
        }
        if let Some(c) = f.complaint_id {
            if !self.live("complaints", c)? {
                return Err(nf("complaint_id", "complaint"));
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

    /// Records a survey response (insert-only).
    pub fn add_survey(&mut self, d: &SurveyDraft) -> Result<SurveyResponse> {
        self.add_surveys(std::slice::from_ref(d))?
            .pop()
            .ok_or(StoreError::NotFound {
                what: "survey response",
            })
    }

    /// Records several responses in one transaction: every row is checked first, and the
    /// first bad one (named `rows.<i>.<field>`) rejects them all.
    pub fn add_surveys(&mut self, drafts: &[SurveyDraft]) -> Result<Vec<SurveyResponse>> {
        let mut rows = Vec::new();
        for (i, d) in drafts.iter().enumerate() {
            rows.push(self.check_survey(d).map_err(|e| match e {
                StoreError::Invalid(v) if drafts.len() > 1 => v.within("rows", i).into(),
                other => other,
            })?);
        }
        let ids = self.write(|w| {
            rows.iter()
                .map(|cols| w.insert_row("survey_responses", cols))
                .collect::<Result<Vec<_>>>()
        })?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.surveys_where("s.id = ?1", &id.to_string(), 1)?);
        }
        Ok(out)
    }

    /// A customer's survey responses, newest first.
    pub fn customer_surveys(&self, customer_id: Uuid, limit: u32) -> Result<Vec<SurveyResponse>> {
        self.surveys_where("s.customer_id = ?1", &customer_id.to_string(), limit)
    }

    fn surveys_where(&self, cond: &str, arg: &str, limit: u32) -> Result<Vec<SurveyResponse>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT s.id, s.customer_id, s.order_id, s.complaint_id, s.nps, s.csat, s.comment,
                s.channel, s.responded_on, s.created_at
             FROM survey_responses s WHERE {cond} AND s.deleted = 0
             ORDER BY s.responded_on DESC, s.created_at DESC LIMIT {limit}"
        ))?;
        let rows = stmt.query_map([arg], |r| {
            Ok((
                [
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ],
                r.get::<_, Option<u8>>(4)?,
                r.get::<_, Option<u8>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (v, nps_v, csat_v) = r?;
            let bad = |w: &str| StoreError::Corrupt(format!("survey {}: {w}", v[0]));
            out.push(SurveyResponse {
                id: Uuid::try_parse(&v[0]).map_err(|_| bad("id"))?,
                customer_id: Uuid::try_parse(&v[1]).map_err(|_| bad("customer"))?,
                order_id: opt_uuid(&v[2])?,
                complaint_id: opt_uuid(&v[3])?,
                nps: nps_v,
                csat: csat_v,
                comment: v[4].clone(),
                channel: FeedbackChannel::parse(&v[5]).ok_or_else(|| bad("channel"))?,
                responded_on: parse_date("responded_on", &v[6]).map_err(|_| bad("date"))?,
                created_at: parse_time(&v[7])?,
            });
        }
        Ok(out)
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
        let mut stmt = self.conn().prepare_cached(if customer.is_some() {
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

    /// A customer's complaints for the timeline, newest first.
    pub(crate) fn customer_complaints(
        &self,
        customer_id: Uuid,
        limit: u32,
    ) -> Result<Vec<ComplaintSummary>> {
        Ok(self
            .list_complaints(
                &ComplaintQuery {
                    page: 0,
                    page_size: limit.clamp(1, crate::customers::PAGE_SIZE_MAX),
                    customer_id: Some(customer_id),
                    ..Default::default()
                },
                (self.clock)(),
            )?
            .items)
    }
}

fn event(w: &Write<'_>, complaint: Uuid, kind: &str, status: &str, body: &str) -> Result<()> {
    w.insert_row(
        "complaint_events",
        &[
            ("complaint_id", json!(complaint.to_string())),
            ("kind", json!(kind)),
            ("status", json!(status)),
            ("body", json!(body)),
            ("at", json!(fmt_time(w.now))),
        ],
    )
    .map(drop)
}
