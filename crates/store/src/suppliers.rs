//! Suppliers with what they supply, their contracts and evaluations, and purchase orders with
//! receipts (供应商管理, 采购订单).
//!
//! Receipts and PO status changes are insert-only facts; a PO's received and rejected
//! quantities are sums over its receipts. Accepted quantities become receipt movements in the
//! stock ledger in the same transaction; rejected ones stay on the receipt for the scorecard.
//! PO numbers are `PO-yymm-<device code>-<seq>`, taken in the transaction that inserts the PO,
//! so devices never collide offline.

use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::purchase::{
    apply_action, check_receipt_line, status_after_receipt, PoAction, PoStatus,
};
use chainbook_core::supplier::{
    parse_date, ContractDraft, EvaluationDraft, SupplierDraft, SupplierFields, SupplierKind,
    SupplierStatus, SupplyDraft,
};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::error::unique_to_conflict;
use crate::outbox::OutboxOp;
use crate::rows::changed_columns;
use crate::{fmt_time, Result, Store, StoreError, Write};

pub(crate) const MIGRATION_3: &str = "
CREATE TABLE suppliers (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('goods', 'logistics', 'service')),
    status       TEXT NOT NULL CHECK (status IN ('approved', 'probation', 'blocked')),
    categories   TEXT NOT NULL DEFAULT '[]',
    contact_name TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX suppliers_by_code ON suppliers (code) WHERE deleted = 0;
CREATE INDEX suppliers_by_name ON suppliers (deleted, name, id);

CREATE TABLE supplies (
    id             TEXT PRIMARY KEY,
    supplier_id    TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    product_id     TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    currency       TEXT NOT NULL,
    price          TEXT NOT NULL,
    lead_time_days INTEGER NOT NULL,
    preferred      INTEGER NOT NULL CHECK (preferred IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX supplies_by_pair ON supplies (supplier_id, product_id) WHERE deleted = 0;
CREATE INDEX supplies_by_product ON supplies (product_id, deleted);

CREATE TABLE supplier_contracts (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    title       TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    terms       TEXT NOT NULL DEFAULT '',
    auto_renew  INTEGER NOT NULL CHECK (auto_renew IN (0, 1)),
    notice_days INTEGER NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX supplier_contracts_by_end ON supplier_contracts (deleted, ends_on);

CREATE TABLE supplier_evaluations (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    period      TEXT NOT NULL,
    cooperation INTEGER NOT NULL CHECK (cooperation BETWEEN 1 AND 5),
    service     INTEGER NOT NULL CHECK (service BETWEEN 1 AND 5),
    technology  INTEGER NOT NULL CHECK (technology BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX supplier_evaluations_by_supplier ON supplier_evaluations (supplier_id, period);

CREATE TABLE purchase_orders (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    supplier_id TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    status      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX purchase_orders_by_supplier ON purchase_orders (supplier_id, created_at);
CREATE INDEX purchase_orders_by_status ON purchase_orders (deleted, status, created_at);

CREATE TABLE po_lines (
    id            TEXT PRIMARY KEY,
    po_id         TEXT NOT NULL REFERENCES purchase_orders (id) DEFERRABLE INITIALLY DEFERRED,
    product_id    TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    qty_milli     INTEGER NOT NULL CHECK (qty_milli > 0),
    unit_price    TEXT NOT NULL,
    expected_on   TEXT NOT NULL,
    position      INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    INTEGER NOT NULL,
    updated_by    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX po_lines_by_po ON po_lines (po_id, position);

-- Insert-only: one row per line per receipt.
CREATE TABLE po_receipts (
    id             TEXT PRIMARY KEY,
    po_line_id     TEXT NOT NULL REFERENCES po_lines (id) DEFERRABLE INITIALLY DEFERRED,
    received_on    TEXT NOT NULL,
    accepted_milli INTEGER NOT NULL CHECK (accepted_milli >= 0),
    rejected_milli INTEGER NOT NULL CHECK (rejected_milli >= 0),
    movement_id    TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX po_receipts_by_line ON po_receipts (po_line_id);

-- Insert-only status history: every transition with its time.
CREATE TABLE po_status_history (
    id         TEXT PRIMARY KEY,
    po_id      TEXT NOT NULL REFERENCES purchase_orders (id) DEFERRABLE INITIALLY DEFERRED,
    status     TEXT NOT NULL,
    at         TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX po_status_history_by_po ON po_status_history (po_id, at);
";

/// A stored supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    pub id: Uuid,
    pub fields: SupplierFields,
}

/// One supplier's offer for a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyOffer {
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub price: String,
    pub lead_time_days: u32,
    pub preferred: bool,
}

/// A contract that ends soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringContract {
    pub id: Uuid,
    pub supplier_name: String,
    pub title: String,
    pub ends_on: NaiveDate,
    pub auto_renew: bool,
}

/// A PO line as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoLineDraft {
    pub product_id: Uuid,
    pub quantity: String,
    pub unit_price: String,
    /// `YYYY-MM-DD`
    pub expected_on: String,
}

/// One line of a receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptLineDraft {
    pub po_line_id: Uuid,
    pub received: String,
    pub rejected: String,
}

/// A PO line with what has arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoLine {
    pub id: Uuid,
    pub product_id: Uuid,
    pub sku: String,
    pub ordered: Qty,
    pub unit_price: String,
    pub expected_on: NaiveDate,
    pub accepted: Qty,
    pub rejected: Qty,
}

/// A purchase order with its lines and status history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrder {
    pub id: Uuid,
    pub number: String,
    pub supplier_id: Uuid,
    pub status: PoStatus,
    pub currency: String,
    pub lines: Vec<PoLine>,
    /// `(status, RFC 3339 time)`, oldest first.
    pub history: Vec<(PoStatus, String)>,
}

fn supplier_cols(f: &SupplierFields) -> Vec<(&'static str, Value)> {
    vec![
        ("code", json!(f.code)),
        ("name", json!(f.name)),
        ("kind", json!(f.kind.as_str())),
        ("status", json!(f.status.as_str())),
        (
            "categories",
            json!(serde_json::to_string(&f.categories).unwrap_or_default()),
        ),
        ("contact_name", json!(f.contact_name)),
        ("phone", json!(f.phone)),
        ("email", json!(f.email)),
        ("notes", json!(f.notes)),
    ]
}

fn code_conflict(e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite(e) => match unique_to_conflict(e, "supplier code") {
            StoreError::Conflict(_) => ValidationError::new(
                ErrorCode::Conflict,
                "code",
                "another supplier has this code",
            )
            .into(),
            other => other,
        },
        other => other,
    }
}

impl Store {
    pub fn create_supplier(&mut self, d: &SupplierDraft) -> Result<Supplier> {
        let f = d.validate()?;
        let id = self.write(|w| {
            let cols = supplier_cols(&f);
            w.insert_row("suppliers", &cols).map_err(code_conflict)
        })?;
        self.get_supplier(id)
    }

    pub fn update_supplier(&mut self, id: Uuid, d: &SupplierDraft) -> Result<Supplier> {
        let f = d.validate()?;
        let old = self.get_supplier(id)?;
        let changed = changed_columns(supplier_cols(&f), supplier_cols(&old.fields));
        if changed.is_empty() {
            return Ok(old);
        }
        self.write(|w| {
            w.update_row("suppliers", &id.to_string(), changed)
                .map_err(code_conflict)
                .map(drop)
        })?;
        self.get_supplier(id)
    }

    pub fn get_supplier(&self, id: Uuid) -> Result<Supplier> {
        let row = self
            .conn()
            .query_row(
                "SELECT code, name, kind, status, categories, contact_name, phone, email, notes
                 FROM suppliers WHERE id = ?1 AND deleted = 0",
                [id.to_string()],
                |r| {
                    Ok((0..9)
                        .map(|i| r.get::<_, String>(i))
                        .collect::<rusqlite::Result<Vec<_>>>())
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "supplier" })??;
        let bad = |w: &str| StoreError::Corrupt(format!("supplier {id}: {w}"));
        Ok(Supplier {
            id,
            fields: SupplierFields {
                code: row[0].clone(),
                name: row[1].clone(),
                kind: SupplierKind::parse(&row[2]).ok_or_else(|| bad("kind"))?,
                status: SupplierStatus::parse(&row[3]).ok_or_else(|| bad("status"))?,
                categories: serde_json::from_str(&row[4]).map_err(|_| bad("categories"))?,
                contact_name: row[5].clone(),
                phone: row[6].clone(),
                email: row[7].clone(),
                notes: row[8].clone(),
            },
        })
    }

    /// Records what a supplier supplies; marking it preferred clears the product's other
    /// preferred supplier.
    pub fn set_supply(&mut self, d: &SupplyDraft) -> Result<()> {
        let f = d.validate()?;
        self.get_supplier(f.supplier_id)?;
        self.get_product(f.product_id)?;
        self.write(|w| {
            let (s, p) = (f.supplier_id.to_string(), f.product_id.to_string());
            let old: Option<String> = w
                .tx
                .query_row(
                    "SELECT id FROM supplies WHERE supplier_id = ?1 AND product_id = ?2 AND deleted = 0",
                    [&s, &p],
                    |r| r.get(0),
                )
                .optional()?;
            if f.preferred {
                let others: Vec<String> = w
                    .tx
                    .prepare("SELECT id FROM supplies WHERE product_id = ?1 AND preferred = 1 AND deleted = 0 AND supplier_id <> ?2")?
                    .query_map([&p, &s], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for o in others {
                    w.tx.execute(
                        "UPDATE supplies SET preferred = 0, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
                        params![o, w.hlc.to_i64(), w.device.id.to_string()],
                    )?;
                    let mut m = Map::new();
                    m.insert("preferred".into(), json!(0));
                    w.record("supplies", &o, OutboxOp::Update, m)?;
                }
            }
            let cols = [
                ("currency", json!(f.currency)),
                ("price", json!(f.price.to_string())),
                ("lead_time_days", json!(f.lead_time_days)),
                ("preferred", json!(i64::from(f.preferred))),
            ];
            match old {
                Some(id) => {
                    w.tx.execute(
                        "UPDATE supplies SET currency = ?2, price = ?3, lead_time_days = ?4, preferred = ?5,
                            updated_at = ?6, updated_by = ?7 WHERE id = ?1",
                        params![id, f.currency, f.price.to_string(), f.lead_time_days, i64::from(f.preferred), w.hlc.to_i64(), w.device.id.to_string()],
                    )?;
                    w.record("supplies", &id, OutboxOp::Update, cols.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())?;
                }
                None => {
                    let mut all = vec![("supplier_id", json!(s)), ("product_id", json!(p))];
                    all.extend(cols);
                    w.insert_row("supplies", &all)?;
                }
            }
            Ok(())
        })
    }

    /// Who supplies a product, the preferred supplier first.
    pub fn suppliers_of(&self, product_id: Uuid) -> Result<Vec<SupplyOffer>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.id, s.name, x.price, x.lead_time_days, x.preferred FROM supplies x
             JOIN suppliers s ON s.id = x.supplier_id
             WHERE x.product_id = ?1 AND x.deleted = 0 AND s.deleted = 0 ORDER BY x.preferred DESC, s.name",
        )?;
        let rows = stmt.query_map([product_id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, i64>(4)? == 1,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, name, price, lead, pref) = r?;
            out.push(SupplyOffer {
                supplier_id: Uuid::try_parse(&id).map_err(|_| StoreError::Corrupt(id.clone()))?,
                supplier_name: name,
                price,
                lead_time_days: lead,
                preferred: pref,
            });
        }
        Ok(out)
    }

    /// Adds a contract.
    pub fn add_contract(&mut self, d: &ContractDraft) -> Result<Uuid> {
        let f = d.validate()?;
        self.get_supplier(f.supplier_id)?;
        self.write(|w| {
            w.insert_row(
                "supplier_contracts",
                &[
                    ("supplier_id", json!(f.supplier_id.to_string())),
                    ("title", json!(f.title)),
                    ("starts_on", json!(f.starts_on.to_string())),
                    ("ends_on", json!(f.ends_on.to_string())),
                    ("terms", json!(f.terms)),
                    ("auto_renew", json!(i64::from(f.auto_renew))),
                    ("notice_days", json!(f.notice_days)),
                    ("reference", json!(f.reference)),
                ],
            )
        })
    }

    /// Contracts of live suppliers ending between `today` and `today + days`, soonest first.
    pub fn contracts_expiring(&self, today: NaiveDate, days: u32) -> Result<Vec<ExpiringContract>> {
        let until = today + chrono::Duration::days(i64::from(days));
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, s.name, c.title, c.ends_on, c.auto_renew FROM supplier_contracts c
             JOIN suppliers s ON s.id = c.supplier_id
             WHERE c.deleted = 0 AND s.deleted = 0 AND c.ends_on >= ?1 AND c.ends_on <= ?2
             ORDER BY c.ends_on",
        )?;
        let rows = stmt.query_map([today.to_string(), until.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)? == 1,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, s, t, end, auto) = r?;
            out.push(ExpiringContract {
                id: Uuid::try_parse(&id).map_err(|_| StoreError::Corrupt(id.clone()))?,
                supplier_name: s,
                title: t,
                ends_on: parse_date("ends_on", &end)
                    .map_err(|_| StoreError::Corrupt(end.clone()))?,
                auto_renew: auto,
            });
        }
        Ok(out)
    }

    /// Records a periodic evaluation (insert-only).
    pub fn add_evaluation(&mut self, d: &EvaluationDraft) -> Result<Uuid> {
        let f = d.validate()?;
        self.get_supplier(f.supplier_id)?;
        self.write(|w| {
            w.insert_row(
                "supplier_evaluations",
                &[
                    ("supplier_id", json!(f.supplier_id.to_string())),
                    ("period", json!(f.period)),
                    ("cooperation", json!(f.cooperation)),
                    ("service", json!(f.service)),
                    ("technology", json!(f.technology)),
                    ("comment", json!(f.comment)),
                ],
            )
        })
    }

    /// Creates a draft PO for a supplier that is not blocked.
    pub fn create_purchase_order(
        &mut self,
        supplier_id: Uuid,
        currency: &str,
        lines: &[PoLineDraft],
        notes: &str,
    ) -> Result<PurchaseOrder> {
        let supplier = self.get_supplier(supplier_id)?;
        if supplier.fields.status == SupplierStatus::Blocked {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "supplier_id",
                "this supplier is blocked",
            )
            .into());
        }
        let currency = chainbook_core::money::parse_currency("currency", currency)?;
        let notes = clean("notes", notes, 5_000, false, Lines::Multi)?;
        if lines.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "lines",
                "a purchase order needs at least one line",
            )
            .into());
        }
        let mut checked = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let at = |e: ValidationError| e.within("lines", i);
            let qty = Qty::parse("quantity", &l.quantity, false).map_err(at)?;
            if qty.0 == 0 {
                return Err(at(ValidationError::new(
                    ErrorCode::OutOfRange,
                    "quantity",
                    "must be more than zero",
                ))
                .into());
            }
            let price = chainbook_core::money::parse_non_negative_amount(
                "unit_price",
                &l.unit_price,
                &currency,
            )
            .map_err(at)?;
            let expected = parse_date("expected_on", &l.expected_on).map_err(at)?;
            self.get_product(l.product_id).map_err(|e| match e {
                StoreError::NotFound { .. } => {
                    ValidationError::new(ErrorCode::NotFound, "product_id", "no such product")
                        .within("lines", i)
                        .into()
                }
                other => other,
            })?;
            checked.push((l.product_id, qty, price, expected));
        }
        let id = self.write(|w| {
            let seq = crate::device::next_sequence(&w.tx, "purchase_order")?;
            let number = format!(
                "PO-{:02}{:02}-{}-{seq:04}",
                w.now.year() % 100,
                w.now.month(),
                w.device.code
            );
            let po = w.insert_row(
                "purchase_orders",
                &[
                    ("number", json!(number)),
                    ("supplier_id", json!(supplier_id.to_string())),
                    ("status", json!(PoStatus::Draft.as_str())),
                    ("currency", json!(currency)),
                    ("notes", json!(notes)),
                ],
            )?;
            for (i, (product, qty, price, expected)) in checked.iter().enumerate() {
                w.insert_row(
                    "po_lines",
                    &[
                        ("po_id", json!(po.to_string())),
                        ("product_id", json!(product.to_string())),
                        ("qty_milli", json!(qty.0)),
                        ("unit_price", json!(price.to_string())),
                        ("expected_on", json!(expected.to_string())),
                        ("position", json!(i)),
                    ],
                )?;
            }
            record_status(w, po, PoStatus::Draft)?;
            Ok(po)
        })?;
        self.get_purchase_order(id)
    }

    /// Sends, cancels or closes a PO, as the state machine in `core` allows.
    pub fn po_action(&mut self, id: Uuid, action: PoAction) -> Result<PurchaseOrder> {
        let po = self.get_purchase_order(id)?;
        let received_any = po.lines.iter().any(|l| l.accepted.0 + l.rejected.0 > 0);
        let next = apply_action(po.status, action, received_any)?;
        self.write(|w| set_status(w, id, next))?;
        self.get_purchase_order(id)
    }

    /// Receives goods against an open PO: accepted quantities become receipt movements,
    /// rejected ones are kept on the receipt. More than ordered needs `confirm_over_delivery`.
    pub fn receive(
        &mut self,
        po_id: Uuid,
        received_on: &str,
        lines: &[ReceiptLineDraft],
        confirm_over_delivery: bool,
    ) -> Result<PurchaseOrder> {
        let po = self.get_purchase_order(po_id)?;
        if !po.status.accepts_receipts() {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "status",
                format!(
                    "cannot receive against a {} purchase order",
                    po.status.as_str()
                ),
            )
            .into());
        }
        let date = parse_date("received_on", received_on)?;
        let mut checked = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let at = |e: ValidationError| e.within("lines", i);
            let line = po
                .lines
                .iter()
                .find(|x| x.id == l.po_line_id)
                .ok_or_else(|| {
                    at(ValidationError::new(
                        ErrorCode::NotFound,
                        "po_line_id",
                        "not a line of this purchase order",
                    ))
                })?;
            let received = Qty::parse("received", &l.received, false).map_err(at)?;
            let rejected = Qty::parse("rejected", &l.rejected, false).map_err(at)?;
            check_receipt_line(
                line.ordered,
                Qty(line.accepted.0 + line.rejected.0),
                received,
                rejected,
                confirm_over_delivery,
            )
            .map_err(at)?;
            checked.push((line.clone(), received, rejected));
        }
        if checked.is_empty() {
            return Err(
                ValidationError::new(ErrorCode::Required, "lines", "nothing to receive").into(),
            );
        }
        let after: Vec<(Qty, Qty)> = po
            .lines
            .iter()
            .map(|l| {
                let now: i64 = checked
                    .iter()
                    .filter(|c| c.0.id == l.id)
                    .map(|c| c.1 .0 + c.2 .0)
                    .sum();
                (l.ordered, Qty(l.accepted.0 + l.rejected.0 + now))
            })
            .collect();
        let next = status_after_receipt(&after);
        self.write(|w| {
            for (line, received, rejected) in &checked {
                let movement = if received.0 > 0 {
                    let at = date
                        .and_hms_opt(12, 0, 0)
                        .map(|t| t.and_utc())
                        .unwrap_or(w.now);
                    Some(w.insert_receipt_movement(
                        &line.product_id.to_string(),
                        *received,
                        &po.number,
                        at,
                    )?)
                } else {
                    None
                };
                w.insert_row(
                    "po_receipts",
                    &[
                        ("po_line_id", json!(line.id.to_string())),
                        ("received_on", json!(date.to_string())),
                        ("accepted_milli", json!(received.0)),
                        ("rejected_milli", json!(rejected.0)),
                        (
                            "movement_id",
                            json!(movement.map(|m| m.to_string()).unwrap_or_default()),
                        ),
                    ],
                )?;
            }
            if next != po.status {
                set_status(w, po_id, next)?;
            }
            Ok(())
        })?;
        self.get_purchase_order(po_id)
    }

    pub fn get_purchase_order(&self, id: Uuid) -> Result<PurchaseOrder> {
        let (number, supplier, status, currency): (String, String, String, String) = self
            .conn()
            .query_row(
                "SELECT number, supplier_id, status, currency FROM purchase_orders WHERE id = ?1 AND deleted = 0",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "purchase order" })?;
        let bad = |w: &str| StoreError::Corrupt(format!("purchase order {id}: {w}"));
        let mut stmt = self.conn().prepare_cached(
            "SELECT l.id, l.product_id, p.sku, l.qty_milli, l.unit_price, l.expected_on,
                (SELECT ifnull(sum(accepted_milli), 0) FROM po_receipts r WHERE r.po_line_id = l.id AND r.deleted = 0),
                (SELECT ifnull(sum(rejected_milli), 0) FROM po_receipts r WHERE r.po_line_id = l.id AND r.deleted = 0)
             FROM po_lines l JOIN products p ON p.id = l.product_id
             WHERE l.po_id = ?1 AND l.deleted = 0 ORDER BY l.position",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })?;
        let mut lines = Vec::new();
        for r in rows {
            let (lid, pid, sku, q, price, exp, acc, rej) = r?;
            lines.push(PoLine {
                id: Uuid::try_parse(&lid).map_err(|_| bad("line id"))?,
                product_id: Uuid::try_parse(&pid).map_err(|_| bad("product id"))?,
                sku,
                ordered: Qty(q),
                unit_price: price,
                expected_on: parse_date("expected_on", &exp).map_err(|_| bad("expected_on"))?,
                accepted: Qty(acc),
                rejected: Qty(rej),
            });
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT status, at FROM po_status_history WHERE po_id = ?1 AND deleted = 0 ORDER BY at, id")?;
        let history = stmt
            .query_map([id.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .map(|r| {
                let (s, at) = r?;
                Ok((PoStatus::parse(&s).ok_or_else(|| bad("history"))?, at))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(PurchaseOrder {
            id,
            number,
            supplier_id: Uuid::try_parse(&supplier).map_err(|_| bad("supplier"))?,
            status: PoStatus::parse(&status).ok_or_else(|| bad("status"))?,
            currency,
            lines,
            history,
        })
    }
}

impl Write<'_> {
    fn insert_receipt_movement(
        &self,
        product_id: &str,
        qty: Qty,
        reference: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Uuid> {
        self.insert_movement(product_id, MovementKind::Receipt, qty, "", reference, at)
    }
}

fn record_status(w: &Write<'_>, po: Uuid, status: PoStatus) -> Result<()> {
    w.insert_row(
        "po_status_history",
        &[
            ("po_id", json!(po.to_string())),
            ("status", json!(status.as_str())),
            ("at", json!(fmt_time(w.now))),
        ],
    )
    .map(drop)
}

fn set_status(w: &Write<'_>, po: Uuid, status: PoStatus) -> Result<()> {
    w.tx.execute(
        "UPDATE purchase_orders SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![
            po.to_string(),
            status.as_str(),
            w.hlc.to_i64(),
            w.device.id.to_string()
        ],
    )?;
    let mut m = Map::new();
    m.insert("status".into(), json!(status.as_str()));
    w.record("purchase_orders", &po.to_string(), OutboxOp::Update, m)?;
    record_status(w, po, status)
}
