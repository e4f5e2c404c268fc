//! One supplier and the paged supplier list.

use chainbook_core::supplier::{SupplierFields, SupplierKind, SupplierStatus};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::{Supplier, SupplierQuery, SupplierSummary, Suppliers};
use crate::paging::{check_page_size, Filter, Page};
use crate::row::RowExt;
use crate::{contacts, Result, StoreError};

pub(crate) fn not_found() -> StoreError {
    StoreError::NotFound { what: "supplier" }
}

/// A live supplier with its contacts.
pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Supplier> {
    let fields = conn
        .prepare_cached(
            "SELECT code, name, kind, status, categories, notes
             FROM suppliers WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([id.to_string()], |r| {
            Ok(SupplierFields {
                code: r.get(0)?,
                name: r.get(1)?,
                kind: r.parsed(2, SupplierKind::parse)?,
                status: r.parsed(3, SupplierStatus::parse)?,
                categories: r.json(4)?,
                notes: r.get(5)?,
            })
        })
        .optional()?
        .ok_or_else(not_found)?;
    Ok(Supplier {
        id,
        fields,
        contacts: contacts::load(conn, &contacts::OF_SUPPLIER, &id.to_string())?,
    })
}

impl Suppliers<'_> {
    pub fn get(&self, id: Uuid) -> Result<Supplier> {
        load(self.db.conn, id)
    }

    /// One page of suppliers by name, with their primary contact.
    pub fn list(&self, q: &SupplierQuery) -> Result<Page<SupplierSummary>> {
        check_page_size(q.page_size)?;
        let mut f = Filter::new("s.deleted = 0");
        f.eq("s.status", q.status.map(|s| s.as_str()))
            .eq("s.kind", q.kind.map(|k| k.as_str()))
            .contains(&["s.code", "s.name"], q.search.as_deref());
        let total = self.db.count(
            &format!("SELECT count(*) FROM suppliers s WHERE {}", f.sql()),
            f.args(),
        )?;
        let sql = format!(
            "SELECT s.id, s.code, s.name, s.kind, s.status, s.categories,
                ifnull(c.name, ''), ifnull(c.phone, '')
             FROM suppliers s
             LEFT JOIN supplier_contacts c ON c.supplier_id = s.id AND c.is_primary = 1 AND c.deleted = 0
             WHERE {} ORDER BY s.name, s.id LIMIT ? OFFSET ?",
            f.sql()
        );
        f.page(self.db.conn, &sql, (q.page, q.page_size), total, |r| {
            Ok(SupplierSummary {
                id: r.uuid(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                kind: r.parsed(3, SupplierKind::parse)?,
                status: r.parsed(4, SupplierStatus::parse)?,
                categories: r.json(5)?,
                contact_name: r.get(6)?,
                contact_phone: r.get(7)?,
            })
        })
    }
}
