//! Business settings: the rules every device of an organisation applies alike — the home
//! country (domestic or international), the company header on documents, the complaint SLA
//! policy, the loyalty index's weight, the supplier scorecard's weights, the tax rates, the base currency — kept as synced records in `business_settings`, one row
//! per setting: `key` (a code such as `home_country`) and `value` (the setting as JSON text).
//!
//! Why this shape, given how the merge engine works (`chainbook_core::merge`, per field, last
//! writer by stamp wins, a concurrent edit with another value is a conflict):
//! - **The id is the key's.** A row's id is the UUIDv5 of [`NAMESPACE`] and its key, the same
//!   on every device, not a random UUIDv7: two devices that both set the home country before
//!   they ever synced write the *same* row. The second insert to arrive meets the row as an
//!   update of its fields (`write::remote`), so the later stamp wins and, the writes being
//!   concurrent, a different value is recorded as a conflict; two rows for one setting would
//!   have left no rule to pick one. Both devices keep the earlier insert's `created_at`.
//! - **One value per setting.** A setting changes as a whole (a policy's hours belong
//!   together), so it is one field and merges as one: columns per part would merge half of one
//!   edit with half of another.
//! - **A new setting is a new key**, not a new table, column or migration: the scorecard
//!   weights are one more key here with a reader and a writer beside the
//!   others. An older build receives the new row like any other and ignores a key it does not
//!   read.
//! - **Surfaced**: a concurrent edit of `value` is shown in the conflicts view
//!   (`registry::surfaced` is per column name, and only this table has a `value` column).
//!   Every one of these settings changes what everybody's documents, deadlines or figures
//!   say, and they are rarely edited, so asking about each clash costs little.
//! - **Never deleted**: going back to a default is writing the default, so a row, once there,
//!   is always live and the write path only ever inserts or updates it.
//!
//! Up to schema 14 these settings were device-local (`local_settings`). Schema 15 creates the
//! table; [`adopt_local`], run when the store opens, moves a device's old values here through
//! [`crate::Store::write`] (a stamp of now, in the change log when sync is on) and deletes the
//! old keys in the same transaction. It needs the device identity and the clock, which the
//! migration runner does not have, and it finds nothing to do after the first open at 15.

use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::write::registry::{Kind, Synced};
use crate::write::Write;
use crate::{Result, Store, StoreError};

pub(crate) const MIGRATION_15: &str = "
CREATE TABLE business_settings (
    id         TEXT PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
";

pub(crate) const TABLE: &str = "business_settings";

pub(crate) const TABLES: &[Synced] = &[Synced {
    name: TABLE,
    kind: Kind::Record,
    columns: &["key", "value"],
    feeds: &[],
}];

/// The namespace of business settings' ids. Never changed: every device of every version
/// must derive the same id from a key.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x4d12_f6b6_253d_4021_a02c_3e72_5fdf_deb9);

pub(crate) const HOME_COUNTRY: &str = "home_country";
pub(crate) const COMPANY: &str = "company";
pub(crate) const SLA_POLICY: &str = "sla_policy";
pub(crate) const LOYALTY_WEIGHT: &str = "loyalty_weight";
/// Service levels per ABC class, the XYZ thresholds and the review period (schema 18; a new
/// key, no migration).
pub(crate) const PLANNING: &str = "planning";
/// The supplier scorecard's weights.
pub(crate) const SCORECARD_WEIGHTS: &str = "scorecard_weights";
/// The tax rates order lines offer and the one a new line starts with.
pub(crate) const TAX_RATES: &str = "tax_rates";
/// The base currency (ISO 4217): what new customers, products, orders and purchase orders
/// start in, and what the analytics fall back to (a new key, no migration).
pub(crate) const BASE_CURRENCY: &str = "base_currency";

/// Every business setting this build reads, by key.
pub const KEYS: &[&str] = &[
    HOME_COUNTRY,
    COMPANY,
    SLA_POLICY,
    LOYALTY_WEIGHT,
    PLANNING,
    SCORECARD_WEIGHTS,
    TAX_RATES,
    BASE_CURRENCY,
];

/// The id of a setting's row, the same on every device.
pub fn id_of(key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, key.as_bytes())
}

/// A setting's stored JSON text, if it was ever set.
pub(crate) fn get_text(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM business_settings WHERE key = ?1 AND deleted = 0")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// A setting's value, if it was ever set; a value that does not parse is corrupt.
pub(crate) fn get<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    get_text(conn, key)?
        .map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("setting {key}: {e}")))
        })
        .transpose()
}

/// Writes a setting's value (inserting its row the first time). The same value again writes
/// nothing: no stamp, nothing to send, no clash with another device's equal value.
pub(crate) fn put<T: Serialize>(w: &Write<'_>, key: &'static str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Internal(e.to_string()))?;
    put_text(w, key, json)
}

fn put_text(w: &Write<'_>, key: &'static str, json: String) -> Result<()> {
    let id = id_of(key);
    let stored: Option<String> =
        w.tx.prepare_cached("SELECT value FROM business_settings WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
    match stored {
        None => w.insert_row_with_id(TABLE, id, &[("key", json!(key)), ("value", json!(json))]),
        Some(old) if old == json => Ok(()),
        Some(_) => {
            let mut changed = Map::new();
            changed.insert("value".into(), Value::String(json));
            match w.update_row(TABLE, &id.to_string(), changed)? {
                true => Ok(()),
                false => Err(StoreError::Corrupt(format!(
                    "setting {key}: its row is deleted, and settings are never deleted"
                ))),
            }
        }
    }
}

/// Moves the business settings a device kept in `local_settings` before schema 15 into their
/// synced rows, and deletes the old keys, in one write. Values as they were stored there: the
/// home country as bare text, the weight as a number's text, the header and the policy as
/// JSON already; a weight that did not parse was read as the default, so it is dropped.
pub(crate) fn adopt_local(store: &mut Store) -> Result<()> {
    let old: Vec<(String, String)> = store
        .conn
        .prepare(
            "SELECT key, value FROM local_settings WHERE key IN (?1, ?2, ?3, ?4) ORDER BY key",
        )?
        .query_map([HOME_COUNTRY, COMPANY, SLA_POLICY, LOYALTY_WEIGHT], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if old.is_empty() {
        return Ok(());
    }
    store.write(|w| {
        for (key, text) in old {
            let Some(&key) = KEYS.iter().find(|k| **k == key) else {
                continue;
            };
            let json = match key {
                HOME_COUNTRY => Some(Value::String(text).to_string()),
                LOYALTY_WEIGHT => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|w| (0.0..=1.0).contains(w))
                    .map(|w| json!(w).to_string()),
                _ => Some(text),
            };
            if let Some(json) = json {
                put_text(w, key, json)?;
            }
        }
        w.tx.execute(
            "DELETE FROM local_settings WHERE key IN (?1, ?2, ?3, ?4)",
            [HOME_COUNTRY, COMPANY, SLA_POLICY, LOYALTY_WEIGHT],
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_key_alone() {
        assert_eq!(id_of(HOME_COUNTRY).get_version_num(), 5);
        assert_ne!(id_of(HOME_COUNTRY), id_of(COMPANY));
        // Fixed for good: every device of every version derives this row for the key (the
        // value Python's uuid.uuid5 gives for the namespace and the key).
        assert_eq!(
            id_of(HOME_COUNTRY).to_string(),
            "3a2dbe86-e543-5adb-8d4c-f7945edbdf5b"
        );
    }
}
