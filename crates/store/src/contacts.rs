//! Contact people, as customers and suppliers keep them: the same columns in
//! `contacts` (by `customer_id`) and `supplier_contacts` (by `supplier_id`), saved as child rows
//! of their record and read back primary-flag and form order intact.

use chainbook_core::contact::Contact;
use rusqlite::Connection;
use serde_json::json;

use crate::row::RowExt;
use crate::write::children::{ChildTable, Stored, Submitted};
use crate::write::Columns;
use crate::Result;

/// The registered columns of `contacts`.
pub(crate) const COLUMNS_WITH_CUSTOMER: &[&str] = &[
    "customer_id",
    "name",
    "role",
    "phone",
    "email",
    "wechat",
    "is_primary",
    "position",
];

/// The registered columns of `supplier_contacts`.
pub(crate) const COLUMNS_WITH_SUPPLIER: &[&str] = &[
    "supplier_id",
    "name",
    "role",
    "phone",
    "email",
    "wechat",
    "is_primary",
    "position",
];

pub(crate) const OF_CUSTOMER: ChildTable = ChildTable {
    table: "contacts",
    parent_col: "customer_id",
    list: "contacts",
};

pub(crate) const OF_SUPPLIER: ChildTable = ChildTable {
    table: "supplier_contacts",
    parent_col: "supplier_id",
    list: "contacts",
};

/// A contact's stored columns (without its parent) at `position` in the form.
pub(crate) fn columns(c: &Contact, position: usize) -> Columns {
    vec![
        ("name", json!(c.name)),
        ("role", json!(c.role)),
        ("phone", json!(c.phone)),
        ("email", json!(c.email)),
        ("wechat", json!(c.wechat)),
        ("is_primary", json!(i64::from(c.primary))),
        ("position", json!(position)),
    ]
}

/// Contacts as stored and as submitted, for [`crate::write::Write::save_children`].
pub(crate) fn changes(old: &[Contact], new: &[Contact]) -> (Stored, Submitted) {
    (
        old.iter()
            .enumerate()
            .filter_map(|(i, c)| c.id.map(|id| (id, columns(c, i))))
            .collect(),
        new.iter()
            .enumerate()
            .map(|(i, c)| (c.id, columns(c, i)))
            .collect(),
    )
}

/// The live contacts of one parent in `t`, in form order.
pub(crate) fn load(conn: &Connection, t: &ChildTable, parent_id: &str) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, name, role, phone, email, wechat, is_primary FROM {}
         WHERE {} = ?1 AND deleted = 0 ORDER BY position, id",
        t.table, t.parent_col
    ))?;
    let rows = stmt.query_map([parent_id], |r| {
        Ok(Contact {
            id: Some(r.uuid(0)?),
            name: r.get(1)?,
            role: r.get(2)?,
            phone: r.get(3)?,
            email: r.get(4)?,
            wechat: r.get(5)?,
            primary: r.flag(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
