//! Supplier contracts and the reminders of those that end soon.

use chainbook_core::supplier::{ContractDraft, ContractFields};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::json;
use uuid::Uuid;

use super::{Contract, ExpiringContract, Suppliers, SuppliersMut};
use crate::row::RowExt;
use crate::write::Columns;
use crate::{Result, StoreError};

fn columns(f: &ContractFields) -> Columns {
    vec![
        ("title", json!(f.title)),
        ("starts_on", json!(f.starts_on.to_string())),
        ("ends_on", json!(f.ends_on.to_string())),
        ("terms", json!(f.terms)),
        ("auto_renew", json!(i64::from(f.auto_renew))),
        ("notice_days", json!(f.notice_days)),
        ("reference", json!(f.reference)),
    ]
}

fn contracts_where(conn: &Connection, cond: &str, arg: &str) -> Result<Vec<Contract>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.supplier_id, c.title, c.starts_on, c.ends_on, c.terms, c.auto_renew,
            c.notice_days, c.reference
         FROM supplier_contracts c WHERE {cond} AND c.deleted = 0 ORDER BY c.ends_on DESC, c.id"
    ))?;
    let rows = stmt.query_map([arg], |r| {
        Ok(Contract {
            id: r.uuid(0)?,
            fields: ContractFields {
                supplier_id: r.uuid(1)?,
                title: r.get(2)?,
                starts_on: r.date(3)?,
                ends_on: r.date(4)?,
                terms: r.get(5)?,
                auto_renew: r.flag(6)?,
                notice_days: r.get(7)?,
                reference: r.get(8)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn load(conn: &Connection, id: Uuid) -> Result<Contract> {
    contracts_where(conn, "c.id = ?1", &id.to_string())?
        .pop()
        .ok_or(StoreError::NotFound { what: "contract" })
}

impl SuppliersMut<'_> {
    /// Adds a contract.
    pub fn add_contract(&mut self, d: &ContractDraft) -> Result<Contract> {
        let f = d.validate()?;
        let id = self.store.write(|w| {
            super::read::load(&w.tx, f.supplier_id)?;
            let mut cols = columns(&f);
            cols.insert(0, ("supplier_id", json!(f.supplier_id.to_string())));
            w.insert_row("supplier_contracts", &cols)
        })?;
        self.store.suppliers().contract(id)
    }

    /// Saves an edited contract (its supplier cannot change).
    pub fn update_contract(&mut self, id: Uuid, d: &ContractDraft) -> Result<Contract> {
        self.store.write(|w| {
            let old = load(&w.tx, id)?;
            let f = ContractDraft {
                supplier_id: old.fields.supplier_id,
                ..d.clone()
            }
            .validate()?;
            w.update_changed(
                "supplier_contracts",
                &id.to_string(),
                columns(&f),
                columns(&old.fields),
            )
            .map(drop)
        })?;
        self.store.suppliers().contract(id)
    }

    pub fn delete_contract(&mut self, id: Uuid) -> Result<()> {
        self.store.write(|w| {
            load(&w.tx, id)?;
            w.tombstone_row("supplier_contracts", &id.to_string())
                .map(drop)
        })
    }
}

impl Suppliers<'_> {
    pub fn contract(&self, id: Uuid) -> Result<Contract> {
        load(self.db.conn, id)
    }

    /// A supplier's contracts, latest ending first.
    pub fn contracts_of(&self, supplier_id: Uuid) -> Result<Vec<Contract>> {
        contracts_where(self.db.conn, "c.supplier_id = ?1", &supplier_id.to_string())
    }

    /// Contracts of live suppliers ending between `today` and `today + days`, soonest first.
    pub fn contracts_expiring(&self, today: NaiveDate, days: u32) -> Result<Vec<ExpiringContract>> {
        let until = today + chrono::Duration::days(i64::from(days));
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT c.id, s.name, c.title, c.ends_on, c.auto_renew, s.id, c.notice_days
             FROM supplier_contracts c
             JOIN suppliers s ON s.id = c.supplier_id
             WHERE c.deleted = 0 AND s.deleted = 0 AND c.ends_on >= ?1 AND c.ends_on <= ?2
             ORDER BY c.ends_on",
        )?;
        let rows = stmt.query_map([today.to_string(), until.to_string()], |r| {
            Ok(ExpiringContract {
                id: r.uuid(0)?,
                supplier_name: r.get(1)?,
                title: r.get(2)?,
                ends_on: r.date(3)?,
                auto_renew: r.flag(4)?,
                supplier_id: r.uuid(5)?,
                notice_days: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
