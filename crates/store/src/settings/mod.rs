//! Settings of two kinds behind one read and one write handle.
//!
//! - Device-local preferences in `local_settings` (never synced, no stamps, no change log):
//!   the UI language. The sync link and a first sync's progress live there too
//!   (`crate::sync`).
//! - Business settings, the same on every device of an organisation: the home country, the
//!   company header for documents, the complaint SLA policy and the loyalty index's weight.
//!   They are synced records, one row per setting, written through the one write path: see
//!   [`business`] for the shape and why.
//!
//! Defaults hold until a setting is first set: home country CN, an empty header, the default
//! SLA policy and loyalty weight.

pub mod business;

use chainbook_core::company::Company;
use chainbook_core::complaint::SlaPolicy;
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::{Connection, OptionalExtension};

use crate::{Read, Result, Store};
use business::{COMPANY, HOME_COUNTRY, LOYALTY_WEIGHT, SLA_POLICY};

const LOCALE: &str = "locale";

/// Reads of the settings.
pub struct Settings<'a> {
    db: Read<'a>,
}

/// Writes of the settings.
pub struct SettingsMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn settings(&self) -> Settings<'_> {
        Settings { db: self.read() }
    }

    pub fn settings_mut(&mut self) -> SettingsMut<'_> {
        SettingsMut { store: self }
    }
}

fn get_local(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The business's home country (ISO 3166-1 alpha-2), which decides domestic vs
/// international. Defaults to CN.
pub(crate) fn home_country(conn: &Connection) -> Result<String> {
    Ok(business::get::<String>(conn, HOME_COUNTRY)?.unwrap_or_else(|| "CN".to_owned()))
}

/// The SLA policy (defaults until edited in Settings).
pub(crate) fn sla_policy(conn: &Connection) -> Result<SlaPolicy> {
    Ok(business::get(conn, SLA_POLICY)?.unwrap_or_default())
}

impl Settings<'_> {
    /// The UI language chosen by the user, if any ("zh-CN" or "en").
    pub fn locale(&self) -> Result<Option<String>> {
        get_local(self.db.conn, LOCALE)
    }

    pub fn home_country(&self) -> Result<String> {
        home_country(self.db.conn)
    }

    /// The company header for printed documents (empty until set in Settings).
    pub fn company(&self) -> Result<Company> {
        Ok(business::get(self.db.conn, COMPANY)?.unwrap_or_default())
    }

    pub fn sla_policy(&self) -> Result<SlaPolicy> {
        sla_policy(self.db.conn)
    }

    /// The share (0–1) of the subjective part in the loyalty index.
    pub fn loyalty_weight(&self) -> Result<f64> {
        // Read leniently, as it always was: a weight that makes no sense is the default.
        Ok(business::get_text(self.db.conn, LOYALTY_WEIGHT)?
            .and_then(|v| serde_json::from_str::<f64>(&v).ok())
            .filter(|w| (0.0..=1.0).contains(w))
            .unwrap_or(chainbook_core::analytics::loyalty::DEFAULT_SUBJECTIVE_WEIGHT))
    }
}

impl SettingsMut<'_> {
    /// Saves the UI language; the caller checks it is one the UI ships. Device-local: no
    /// stamps, no change-log entry.
    pub fn set_locale(&mut self, locale: &str) -> Result<()> {
        self.store.read().conn.execute(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [LOCALE, locale],
        )?;
        Ok(())
    }

    pub fn set_home_country(&mut self, code: &str) -> Result<String> {
        let c = chainbook_core::customer::validate_country(code)?;
        if c.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "home_country",
                "a country is required",
            )
            .into());
        }
        self.store.write(|w| business::put(w, HOME_COUNTRY, &c))?;
        Ok(c)
    }

    /// Validates and saves the company header.
    pub fn set_company(&mut self, c: &Company) -> Result<Company> {
        let c = c.validate()?;
        self.store.write(|w| business::put(w, COMPANY, &c))?;
        Ok(c)
    }

    /// Saves the loyalty index's subjective weight (0–1).
    pub fn set_loyalty_weight(&mut self, weight: f64) -> Result<f64> {
        if !(0.0..=1.0).contains(&weight) {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "loyalty_weight",
                "the weight is between 0 and 1",
            )
            .into());
        }
        self.store
            .write(|w| business::put(w, LOYALTY_WEIGHT, &weight))?;
        Ok(weight)
    }

    /// Validates and saves the SLA policy; only complaints opened later use it.
    pub fn set_sla_policy(&mut self, p: &SlaPolicy) -> Result<()> {
        p.validate()?;
        self.store.write(|w| business::put(w, SLA_POLICY, p))
    }
}
