//! The first run: whether this database was ever set up, the wizard's choices saved in one
//! write, and the sample company swapped in whole.
//!
//! **How the app knows a database is set up.** Finishing the wizard writes the device-local
//! key `setup.done` together with the choices. A database that holds any record (a row in any
//! synced table other than the business settings, deleted rows included) counts as set up
//! too, whether or not the key is there: a database upgraded from a build without the wizard,
//! or one restored or synced from elsewhere, is in use already and is never sent through the
//! wizard. Only a database with no key and no record (a new one) is.

use std::path::Path;

use chainbook_core::company::Company;
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::{params, Connection};

use super::business::{self, BASE_CURRENCY, COMPANY, HOME_COUNTRY};
use super::{get_local, SettingsMut, LOCALE};
use crate::write::registry;
use crate::{device, Result, Store, StoreError};

/// The device-local key written when the first-run wizard finishes.
const SETUP_DONE: &str = "setup.done";

/// The UI languages the wizard offers.
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

/// What the first-run wizard asks: the language, the company's name, the home country and the
/// base currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstRun {
    /// "zh-CN" or "en".
    pub locale: String,
    pub company_name: String,
    /// ISO 3166-1 alpha-2.
    pub home_country: String,
    /// ISO 4217.
    pub base_currency: String,
}

impl FirstRun {
    /// Checks every choice before anything is written, in the wizard's order; returns them
    /// normalised (`cn` → `CN`, `usd` → `USD`, the name trimmed).
    pub fn validate(&self) -> Result<FirstRun> {
        if !LOCALES.contains(&self.locale.as_str()) {
            return Err(ValidationError::new(
                ErrorCode::InvalidArgument,
                "locale",
                format!("unknown locale {:?}", self.locale),
            )
            .into());
        }
        let name = Company {
            name: self.company_name.clone(),
            ..Company::default()
        }
        .validate()?
        .name;
        let country = validate_home_country(&self.home_country)?;
        let currency = chainbook_core::money::parse_currency("base_currency", &self.base_currency)?;
        Ok(FirstRun {
            locale: self.locale.clone(),
            company_name: name,
            home_country: country,
            base_currency: currency,
        })
    }
}

/// A home country is required and must be an ISO 3166-1 alpha-2 code.
pub(super) fn validate_home_country(code: &str) -> Result<String> {
    let c = chainbook_core::customer::validate_country(code).map_err(|e| ValidationError {
        field: "home_country".into(),
        ..e
    })?;
    if c.is_empty() {
        return Err(ValidationError::new(
            ErrorCode::Required,
            "home_country",
            "a country is required",
        )
        .into());
    }
    Ok(c)
}

/// Whether any synced table other than the business settings has a row (deleted ones too).
pub(crate) fn has_records(conn: &Connection) -> Result<bool> {
    for t in registry::all().filter(|t| t.name != business::TABLE) {
        let any: bool = conn
            .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {})", t.name))?
            .query_row([], |r| r.get(0))?;
        if any {
            return Ok(true);
        }
    }
    Ok(false)
}

/// See the module docs: the wizard finished here, or the database holds records.
pub(crate) fn is_set_up(conn: &Connection) -> Result<bool> {
    Ok(get_local(conn, SETUP_DONE)?.is_some() || has_records(conn)?)
}

impl SettingsMut<'_> {
    /// Saves the wizard's choices and marks the database set up, in one transaction: the
    /// language (device-local), the company's name (the rest of the header kept), the home
    /// country and the base currency (business settings, through the write path). Nothing is
    /// written when a choice is refused.
    pub fn finish_first_run(&mut self, choices: &FirstRun) -> Result<FirstRun> {
        let c = choices.validate()?;
        let company = Company {
            name: c.company_name.clone(),
            ..super::Settings {
                db: self.store.read(),
            }
            .company()?
        };
        self.store.write(|w| {
            business::put(w, COMPANY, &company)?;
            business::put(w, HOME_COUNTRY, &c.home_country)?;
            business::put(w, BASE_CURRENCY, &c.base_currency)?;
            for (key, value) in [(LOCALE, c.locale.as_str()), (SETUP_DONE, "1")] {
                super::put_local(&w.tx, key, value)?;
            }
            Ok(())
        })?;
        Ok(c)
    }
}

impl Store {
    /// Whether the database holds any record (see the module docs).
    pub fn has_records(&self) -> Result<bool> {
        has_records(&self.conn)
    }

    /// Replaces this empty database with the sample company at `source` (a database the data
    /// generator wrote) through the restore path: one atomic copy, so either the whole sample
    /// is here or nothing changed. Refused with `not_empty` when the database holds any
    /// record. This installation stays itself: its device id and code, and its device-local
    /// settings (the language just chosen), are put back over the sample's, so two
    /// installations that both started from the sample never share a device identity. The
    /// sample's records keep the generator's ids and stamps, as records received from another
    /// device would.
    pub fn load_sample(&mut self, source: &Path) -> Result<()> {
        if self.has_records()? {
            return Err(ValidationError::new(
                ErrorCode::NotEmpty,
                "sample",
                "the sample company only goes into an empty database",
            )
            .into());
        }
        let (id, code) = (self.device.id.to_string(), self.device.code.clone());
        let local: Vec<(String, String)> = self
            .conn
            .prepare("SELECT key, value FROM local_settings")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        self.restore_from(source)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE device SET id = ?1, code = ?2 WHERE singleton = 1",
            params![id, code],
        )?;
        tx.execute("DELETE FROM local_settings", [])?;
        for (k, v) in &local {
            tx.execute(
                "INSERT INTO local_settings (key, value) VALUES (?1, ?2)",
                params![k, v],
            )?;
        }
        tx.commit()?;
        let now = self.now();
        self.device = device::ensure(&mut self.conn, now, &self.entropy)?;
        if self.device.id.to_string() != id {
            return Err(StoreError::Internal(
                "the device identity did not survive loading the sample".into(),
            ));
        }
        self.checkpoint()?;
        Ok(())
    }
}
