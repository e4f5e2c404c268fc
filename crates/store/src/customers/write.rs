//! Creating, importing, updating and deleting customers with their contacts and addresses.

use chainbook_core::customer::{Address, Customer, CustomerDraft, CustomerFields, CustomerRecord};
use serde_json::json;
use uuid::Uuid;

use super::read::{load_detail, not_found};
use super::schema::refresh_statistics;
use super::CustomersMut;
use crate::error::unique_to_conflict;
use crate::write::children::{ChildTable, Stored, Submitted};
use crate::write::{Columns, Write};
use crate::{contacts, Result, StoreError};

const TABLE: &str = "customers";

const ADDRESSES: ChildTable = ChildTable {
    table: "addresses",
    parent_col: "customer_id",
    list: "addresses",
};

fn opt_str<T>(v: Option<T>, f: impl Fn(T) -> &'static str) -> &'static str {
    v.map(f).unwrap_or("")
}

/// The stored form of each synced data column but `code`, as changes carry it.
pub(crate) fn column_values(f: &CustomerFields) -> Columns {
    vec![
        ("kind", json!(f.kind.as_str())),
        ("name", json!(f.name)),
        ("phone", json!(f.phone)),
        ("email", json!(f.email)),
        ("country", json!(f.country)),
        ("province", json!(f.province)),
        ("city", json!(f.city)),
        (
            "tags",
            json!(serde_json::to_string(&f.tags).unwrap_or_else(|_| "[]".into())),
        ),
        ("credit_limit", json!(f.credit_limit.to_string())),
        ("currency", json!(f.currency)),
        ("notes", json!(f.notes)),
        ("channel", json!(opt_str(f.channel, |c| c.as_str()))),
        (
            "payment_method",
            json!(opt_str(f.payment_method, |c| c.as_str())),
        ),
        (
            "payment_terms",
            json!(opt_str(f.payment_terms, |c| c.as_str())),
        ),
        ("lifecycle", json!(f.lifecycle.as_str())),
        ("owner", json!(f.owner)),
        ("lifecycle_pinned", json!(i64::from(f.lifecycle_pinned))),
    ]
}

fn address_values(a: &Address, position: usize) -> Columns {
    vec![
        ("kind", json!(a.kind.as_str())),
        ("country", json!(a.country)),
        ("province", json!(a.province)),
        ("city", json!(a.city)),
        ("street", json!(a.street)),
        ("postcode", json!(a.postcode)),
        ("position", json!(position)),
    ]
}

fn address_changes(old: &[Address], new: &[Address]) -> (Stored, Submitted) {
    (
        old.iter()
            .enumerate()
            .filter_map(|(i, a)| a.id.map(|id| (id, address_values(a, i))))
            .collect(),
        new.iter()
            .enumerate()
            .map(|(i, a)| (a.id, address_values(a, i)))
            .collect(),
    )
}

/// Inserts one validated customer with its children, with a fresh id and code
/// (`C-<device>-<seq>`); returns its id.
fn insert(w: &Write<'_>, rec: &CustomerRecord) -> Result<Uuid> {
    insert_coded(w, rec, None, None)
}

/// [`insert`] with the code the customer already has (an import keeps a file's codes; the
/// caller has checked it is free) and the time it became a customer, when known.
pub(crate) fn insert_coded(
    w: &Write<'_>,
    rec: &CustomerRecord,
    code: Option<&str>,
    created_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Uuid> {
    let id = w.new_row_id();
    let id_s = id.to_string();
    let code = match code {
        Some(c) => c.to_owned(),
        None => {
            let seq = crate::device::next_sequence(&w.tx, "customer_code")?;
            format!("C-{}-{seq:05}", w.device.code)
        }
    };
    let mut cols = column_values(&rec.fields);
    cols.insert(0, ("code", json!(code)));
    w.insert_row_created(TABLE, id, &cols, created_at.unwrap_or(w.now))
        .map_err(|e| match e {
            StoreError::Sqlite(e) => unique_to_conflict(e, "customer code"),
            other => other,
        })?;
    let (_, contacts) = contacts::changes(&[], &rec.contacts);
    w.save_children(&contacts::OF_CUSTOMER, &id_s, &[], contacts)?;
    let (_, addresses) = address_changes(&[], &rec.addresses);
    w.save_children(&ADDRESSES, &id_s, &[], addresses)?;
    Ok(id)
}

impl CustomersMut<'_> {
    /// Validates and inserts a new customer, its contacts and addresses.
    pub fn create(&mut self, draft: &CustomerDraft) -> Result<Customer> {
        let rec = draft.validate_record()?;
        let id = self.store.write(|w| insert(w, &rec))?;
        self.store.customers().get(id)
    }

    /// Inserts many customers in one transaction: all of them or, on the first invalid draft
    /// (reported with its index as `customers.<i>.<field>`) or failure, none.
    pub fn import(&mut self, drafts: &[CustomerDraft]) -> Result<Vec<Uuid>> {
        let recs = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| d.validate_record().map_err(|e| e.within("customers", i)))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let ids = self
            .store
            .write(|w| recs.iter().map(|r| insert(w, r)).collect())?;
        self.store.refresh_statistics()?;
        Ok(ids)
    }

    /// Validates and saves new values for the customer, its contacts and addresses. Only the rows
    /// and columns that changed are written (and stamped), and a save that changes nothing
    /// writes nothing.
    pub fn update(&mut self, id: Uuid, draft: &CustomerDraft) -> Result<Customer> {
        let rec = draft.validate_record()?;
        self.store.write(|w| {
            let old = load_detail(&w.tx, id, w.now.date_naive())?;
            let id_s = id.to_string();
            w.update_changed(
                TABLE,
                &id_s,
                column_values(&rec.fields),
                column_values(&old.customer.fields),
            )?;
            let (before, after) = contacts::changes(&old.contacts, &rec.contacts);
            w.save_children(&contacts::OF_CUSTOMER, &id_s, &before, after)?;
            let (before, after) = address_changes(&old.addresses, &rec.addresses);
            w.save_children(&ADDRESSES, &id_s, &before, after)?;
            Ok(())
        })?;
        self.store.customers().get(id)
    }

    /// Marks the customer deleted (a tombstone, so the deletion can sync); it disappears from
    /// lists, search and `get`. Its contacts and addresses stay with it, unreachable.
    pub fn delete(&mut self, id: Uuid) -> Result<()> {
        self.store.write(|w| {
            if !w.tombstone_row(TABLE, &id.to_string())? {
                return Err(not_found());
            }
            Ok(())
        })
    }
}

impl crate::Store {
    /// Refreshes the query planner's statistics after a bulk write, so filtered lists pick
    /// the selective index.
    pub fn refresh_statistics(&self) -> Result<()> {
        refresh_statistics(self.read().conn)
    }
}
