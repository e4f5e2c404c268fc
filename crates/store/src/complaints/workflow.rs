//! A complaint's workflow: opened with its SLA deadlines, acknowledged, investigated,
//! resolved, closed or reopened; comments, assignments and customer contacts; root cause and
//! resolution; the customer's satisfaction. Each action updates the complaint row and appends
//! an event, in one transaction whose checks read through it.

use chainbook_core::complaint::{
    apply_complaint_action, ComplaintAction, ComplaintStatus, FeedbackDraft, ResolutionDraft,
    RootCause,
};
use chainbook_core::facts::Fact;
use chainbook_core::survey::validate_rating;
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::Datelike;
use rust_decimal::Decimal;
use serde_json::{json, Map};
use uuid::Uuid;

use super::read::load;
use super::{Complaint, ComplaintsMut};
use crate::write::{Columns, Write};
use crate::{fmt_time, Result, StoreError};

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

/// Appends an event to a complaint's timeline.
fn event(
    w: &Write<'_>,
    complaint: Uuid,
    kind: &str,
    status: &str,
    body: &str,
    facts: &[Fact],
) -> Result<()> {
    w.insert_row(
        "complaint_events",
        &[
            ("complaint_id", json!(complaint.to_string())),
            ("kind", json!(kind)),
            ("status", json!(status)),
            ("body", json!(body)),
            ("at", json!(fmt_time(w.now))),
            (
                "facts",
                json!(if facts.is_empty() {
                    String::new()
                } else {
                    Fact::list_to_json(facts)
                }),
            ),
        ],
    )
    .map(drop)
}

fn update(w: &Write<'_>, id: Uuid, m: Map<String, serde_json::Value>) -> Result<()> {
    w.update_row("complaints", &id.to_string(), m).map(drop)
}

/// The root-cause and resolution columns.
fn resolution_cols(
    root: Option<RootCause>,
    supplier: Option<Uuid>,
    product: Option<Uuid>,
    resolution: &str,
    compensation: Option<Decimal>,
    currency: &str,
) -> Columns {
    vec![
        ("root_cause", json!(root.map(|x| x.as_str()).unwrap_or(""))),
        (
            "supplier_id",
            json!(supplier.map(|x| x.to_string()).unwrap_or_default()),
        ),
        (
            "cause_product_id",
            json!(product.map(|x| x.to_string()).unwrap_or_default()),
        ),
        ("resolution", json!(resolution)),
        (
            "compensation",
            json!(compensation.map(|x| x.to_string()).unwrap_or_default()),
        ),
        ("currency", json!(currency)),
    ]
}

impl ComplaintsMut<'_> {
    /// Opens a complaint (with SLA deadlines) or records other feedback.
    pub fn open(&mut self, d: &FeedbackDraft) -> Result<Complaint> {
        let f = d.validate()?;
        let id = self.store.write(|w| {
            if !live(w, "customers", f.customer_id)? {
                return Err(not_found("customer_id", "customer"));
            }
            if let Some(o) = f.order_id {
                let owner: Option<String> = rusqlite::OptionalExtension::optional(
                    w.tx.prepare_cached(
                        "SELECT customer_id FROM sales_orders WHERE id = ?1 AND deleted = 0",
                    )?
                    .query_row([o.to_string()], |r| r.get(0)),
                )?;
                match owner {
                    None => return Err(not_found("order_id", "order")),
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
                if !live(w, "products", p)? {
                    return Err(not_found("product_id", "product"));
                }
            }
            let policy = crate::settings::sla_policy(&w.tx)?;
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
                    ("responded_at", json!("")),
                    ("resolved_at", json!("")),
                    ("closed_at", json!("")),
                    ("root_cause", json!("")),
                    ("supplier_id", json!("")),
                    ("cause_product_id", json!("")),
                    ("resolution", json!("")),
                    ("compensation", json!("")),
                    ("currency", json!("")),
                    ("satisfaction", serde_json::Value::Null),
                ],
            )?;
            event(w, id, "opened", "", &f.description, &[])?;
            if !f.assignee.is_empty() {
                event(w, id, "assignment", "", &f.assignee, &[])?;
            }
            Ok(id)
        })?;
        self.store.complaints().get(id)
    }

    /// Moves a complaint through its workflow. Acknowledging (or resolving first) is the first
    /// response; resolving needs the resolution text (see [`ComplaintsMut::set_resolution`]).
    pub fn action(&mut self, id: Uuid, action: ComplaintAction, note: &str) -> Result<Complaint> {
        self.store.write(|w| {
            let c = load(&w.tx, id)?;
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
            update(w, id, m)?;
            event(w, id, "status", next.as_str(), &note, &[])
        })?;
        self.store.complaints().get(id)
    }

    /// Adds a comment, an assignment or a record of contacting the customer to the timeline.
    /// `kind` is comment | assignment | contact; an assignment's body is the new assignee.
    pub fn note(&mut self, id: Uuid, kind: &str, body: &str) -> Result<Complaint> {
        let (kind, max, lines) = match kind {
            "comment" | "contact" => (kind, 5_000, Lines::Multi),
            "assignment" => ("assignment", 100, Lines::Single),
            other => {
                return Err(ValidationError::new(
                    ErrorCode::InvalidChoice,
                    "kind",
                    other.to_owned(),
                )
                .into())
            }
        };
        self.store.write(|w| {
            let c = load(&w.tx, id)?;
            let body = clean("body", body, max, kind != "assignment", lines)?;
            if kind == "assignment" {
                let mut m = Map::new();
                m.insert("assignee".into(), json!(body));
                update(w, id, m)?;
            } else if kind == "contact" && c.responded_at.is_none() {
                // Contacting the customer is a first response too.
                let mut m = Map::new();
                m.insert("responded_at".into(), json!(fmt_time(w.now)));
                update(w, id, m)?;
            }
            event(w, id, kind, "", &body, &[])
        })?;
        self.store.complaints().get(id)
    }

    /// Records the root cause (optionally naming the responsible supplier or carrier and the
    /// product) and the resolution with any compensation.
    pub fn set_resolution(&mut self, id: Uuid, d: &ResolutionDraft) -> Result<Complaint> {
        self.store.write(|w| {
            let c = load(&w.tx, id)?;
            let r = d.validate(false)?;
            // The partner the root cause names, as it is now: the timeline entry keeps its
            // code and name, so it still reads right after a rename or a deletion.
            let partner = match r.supplier_id {
                Some(s) => Some(
                    crate::suppliers::read::load(&w.tx, s)
                        .map_err(|_| not_found("supplier_id", "supplier"))?,
                ),
                None => None,
            };
            if let Some(p) = r.product_id {
                if !live(w, "products", p)? {
                    return Err(not_found("product_id", "product"));
                }
            }
            let changed = crate::write::changed_columns(
                resolution_cols(
                    r.root_cause,
                    r.supplier_id,
                    r.product_id,
                    &r.resolution,
                    r.compensation,
                    &r.currency,
                ),
                resolution_cols(
                    c.root_cause,
                    c.supplier_id,
                    c.cause_product_id,
                    &c.resolution,
                    c.compensation,
                    &c.currency,
                ),
            );
            if changed.is_empty() {
                return Ok(());
            }
            let cause_changed = ["root_cause", "supplier_id", "cause_product_id"]
                .iter()
                .any(|k| changed.contains_key(*k));
            let resolution_changed = ["resolution", "compensation", "currency"]
                .iter()
                .any(|k| changed.contains_key(*k));
            update(w, id, changed)?;
            if cause_changed {
                let cause = r.root_cause.map(|x| x.as_str()).unwrap_or("");
                let facts: Vec<Fact> = partner
                    .map(|p| Fact::RootCausePartner {
                        supplier_id: p.id,
                        code: p.fields.code,
                        name: p.fields.name,
                        supplier_kind: p.fields.kind.as_str().to_owned(),
                    })
                    .into_iter()
                    .collect();
                event(w, id, "root_cause", "", cause, &facts)?;
            }
            if resolution_changed {
                let facts: Vec<Fact> = r
                    .compensation
                    .map(|a| Fact::Compensation {
                        amount: a.to_string(),
                        currency: r.currency.clone(),
                    })
                    .into_iter()
                    .collect();
                event(w, id, "resolution", "", &r.resolution, &facts)?;
            }
            Ok(())
        })?;
        self.store.complaints().get(id)
    }

    /// The customer's satisfaction with the resolution (1–5).
    pub fn set_satisfaction(&mut self, id: Uuid, rating: i64) -> Result<Complaint> {
        self.store.write(|w| {
            let c = load(&w.tx, id)?;
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
            let mut m = Map::new();
            m.insert("satisfaction".into(), json!(rating));
            update(w, id, m)?;
            event(w, id, "satisfaction", "", &rating.to_string(), &[])
        })?;
        self.store.complaints().get(id)
    }
}
