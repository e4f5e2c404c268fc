//! Device-local settings (`local_settings`, never synced): the UI language, the business's
//! home country, the company header for documents, the complaint SLA policy and the loyalty
//! index's weight. The home
//! country, header and policy become synced business settings when sync arrives.

use chainbook_core::company::Company;
use chainbook_core::complaint::SlaPolicy;
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::{Connection, OptionalExtension};

use crate::{Read, Result, Store, StoreError};

const LOCALE: &str = "locale";
const HOME_COUNTRY: &str = "home_country";
const COMPANY: &str = "company";
const SLA_POLICY: &str = "sla_policy";
const LOYALTY_WEIGHT: &str = "loyalty_weight";

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

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn get_json<T: serde::de::DeserializeOwned + Default>(conn: &Connection, key: &str) -> Result<T> {
    match get(conn, key)? {
        None => Ok(T::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("setting {key}: {e}"))),
    }
}

/// The business's home country (ISO 3166-1 alpha-2), which decides domestic vs
/// international. Defaults to CN.
pub(crate) fn home_country(conn: &Connection) -> Result<String> {
    Ok(get(conn, HOME_COUNTRY)?.unwrap_or_else(|| "CN".to_owned()))
}

/// The SLA policy (defaults until edited in Settings).
pub(crate) fn sla_policy(conn: &Connection) -> Result<SlaPolicy> {
    get_json(conn, SLA_POLICY)
}

impl Settings<'_> {
    /// The UI language chosen by the user, if any ("zh-CN" or "en").
    pub fn locale(&self) -> Result<Option<String>> {
        get(self.db.conn, LOCALE)
    }

    pub fn home_country(&self) -> Result<String> {
        home_country(self.db.conn)
    }

    /// The company header for printed documents (empty until set in Settings).
    pub fn company(&self) -> Result<Company> {
        get_json(self.db.conn, COMPANY)
    }

    pub fn sla_policy(&self) -> Result<SlaPolicy> {
        sla_policy(self.db.conn)
    }

    /// The share (0–1) of the subjective part in the loyalty index.
    pub fn loyalty_weight(&self) -> Result<f64> {
        Ok(get(self.db.conn, LOYALTY_WEIGHT)?
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|w| (0.0..=1.0).contains(w))
            .unwrap_or(chainbook_core::analytics::loyalty::DEFAULT_SUBJECTIVE_WEIGHT))
    }
}

impl SettingsMut<'_> {
    /// Saves a device-local value. Not synced, so it has no stamps and no change-log entry.
    fn set(&mut self, key: &str, value: &str) -> Result<()> {
        self.store.read().conn.execute(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    fn set_json<T: serde::Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        let json = serde_json::to_string(value).map_err(|e| StoreError::Internal(e.to_string()))?;
        self.set(key, &json)
    }

    /// Saves the UI language; the caller checks it is one the UI ships.
    pub fn set_locale(&mut self, locale: &str) -> Result<()> {
        self.set(LOCALE, locale)
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
        self.set(HOME_COUNTRY, &c)?;
        Ok(c)
    }

    /// Validates and saves the company header.
    pub fn set_company(&mut self, c: &Company) -> Result<Company> {
        let c = c.validate()?;
        self.set_json(COMPANY, &c)?;
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
        self.set(LOYALTY_WEIGHT, &weight.to_string())?;
        Ok(weight)
    }

    /// Validates and saves the SLA policy; only complaints opened later use it.
    pub fn set_sla_policy(&mut self, p: &SlaPolicy) -> Result<()> {
        p.validate()?;
        self.set_json(SLA_POLICY, p)
    }
}
