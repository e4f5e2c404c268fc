//! Settings of two kinds behind one read and one write handle.
//!
//! - Device-local preferences in `local_settings` (never synced, no stamps, no change log):
//!   the UI language, the theme and the automatic backups (on or off, their folder, how many to keep). The sync link and a first sync's progress live there too
//!   (`crate::sync`).
//! - Business settings, the same on every device of an organisation: the home country, the
//!   base currency, the company header for documents, the complaint SLA policy, the loyalty
//!   index's weight, the supplier scorecard's weights and the tax rates.
//!   They are synced records, one row per setting, written through the one write path: see
//!   [`business`] for the shape and why.
//!
//! - [`first_run`]: whether the database was ever set up, the first-run wizard's choices saved
//!   in one write, and the sample company loaded into an empty database.
//!
//! Defaults hold until a setting is first set: home country CN, base currency CNY, an empty header, the default
//! SLA policy, loyalty weight and scorecard weights.

pub mod business;
pub mod first_run;

use chainbook_core::company::Company;
use chainbook_core::complaint::SlaPolicy;
use chainbook_core::preferences::Theme;
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::{Connection, OptionalExtension};

use crate::{Read, Result, Store};
use business::{
    BASE_CURRENCY, COMPANY, HOME_COUNTRY, LOYALTY_WEIGHT, PLANNING, SCORECARD_WEIGHTS, SLA_POLICY,
    TAX_RATES,
};
use chainbook_core::planning::PlanningSettings;
use chainbook_core::scorecard::Weights;
use chainbook_core::tax::{TaxRates, TaxRatesDraft};

pub(crate) const LOCALE: &str = "locale";
const THEME: &str = "theme";
const AUTO_BACKUP: &str = "backup.auto";

/// Automatic backups: device-local (a folder on this machine), off until the user picks a
/// folder and turns them on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AutoBackup {
    pub enabled: bool,
    /// An absolute folder path; empty until chosen.
    pub folder: String,
    /// Newest backups kept per day, for this many days that have one (1–60).
    pub daily: u32,
    /// Newest backups kept per ISO week, for this many weeks that have one (0–52).
    pub weekly: u32,
}

impl Default for AutoBackup {
    fn default() -> Self {
        AutoBackup {
            enabled: false,
            folder: String::new(),
            daily: 7,
            weekly: 4,
        }
    }
}

impl AutoBackup {
    /// Refuses a rotation outside its ranges and automatic backups turned on without an
    /// absolute folder.
    pub fn validate(&self) -> Result<()> {
        let range = |field: &'static str, v: u32, lo: u32, hi: u32| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(ValidationError::new(
                    ErrorCode::OutOfRange,
                    field,
                    format!("{field} must be {lo}..={hi}"),
                ))
            }
        };
        range("daily", self.daily, 1, 60)?;
        range("weekly", self.weekly, 0, 52)?;
        if self.enabled && !std::path::Path::new(self.folder.trim()).is_absolute() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "folder",
                "automatic backups need a folder",
            )
            .into());
        }
        Ok(())
    }
}

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

/// A device-local setting's text, if it was ever set.
pub(crate) fn get_local(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Writes a device-local setting (no stamp, no change log: it never leaves this device).
pub(crate) fn put_local(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
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

/// The supplier scorecard's weights (defaults until edited). A stored value was checked when
/// it was written; one that no longer sums to 100 (written by hand, or merged oddly) is the
/// default rather than a scorecard with skewed weights.
pub(crate) fn scorecard_weights(conn: &Connection) -> Result<Weights> {
    Ok(business::get::<Weights>(conn, SCORECARD_WEIGHTS)?
        .and_then(|w| w.validate().ok())
        .unwrap_or_default())
}

impl Settings<'_> {
    /// The UI language chosen by the user, if any ("zh-CN" or "en").
    pub fn locale(&self) -> Result<Option<String>> {
        get_local(self.db.conn, LOCALE)
    }

    pub fn home_country(&self) -> Result<String> {
        home_country(self.db.conn)
    }

    /// The base currency (ISO 4217), CNY until set: what new records start in.
    pub fn base_currency(&self) -> Result<String> {
        Ok(business::get::<String>(self.db.conn, BASE_CURRENCY)?
            .unwrap_or_else(|| "CNY".to_owned()))
    }

    /// Whether the first-run wizard finished here or the database holds records (see
    /// [`first_run`]).
    pub fn is_set_up(&self) -> Result<bool> {
        first_run::is_set_up(self.db.conn)
    }

    /// Light, dark or the OS's (the default; a stored value that no longer reads is the
    /// default too, so a damaged preference never stops the app).
    pub fn theme(&self) -> Result<Theme> {
        Ok(get_local(self.db.conn, THEME)?
            .and_then(|v| Theme::parse_choice(&v).ok())
            .unwrap_or_default())
    }

    /// The automatic backup settings (the defaults until saved; a value that does not read
    /// is the defaults too, so a damaged setting never stops the app).
    pub fn auto_backup(&self) -> Result<AutoBackup> {
        Ok(get_local(self.db.conn, AUTO_BACKUP)?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
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

    /// Service levels per ABC class, XYZ thresholds and the review period.
    pub fn planning(&self) -> Result<PlanningSettings> {
        Ok(business::get(self.db.conn, PLANNING)?.unwrap_or_else(PlanningSettings::defaults))
    }
}

impl Settings<'_> {
    /// The tax rates: as saved, else the home country's (see `chainbook_core::tax`).
    pub fn tax_rates(&self) -> Result<TaxRates> {
        match business::get::<TaxRates>(self.db.conn, TAX_RATES)? {
            Some(r) => Ok(r),
            None => Ok(TaxRates::for_country(&home_country(self.db.conn)?)),
        }
    }

    pub fn scorecard_weights(&self) -> Result<Weights> {
        scorecard_weights(self.db.conn)
    }
}

impl SettingsMut<'_> {
    /// Saves the supplier scorecard's weights; refused (`weights_sum`) unless they sum to 100.
    pub fn set_scorecard_weights(&mut self, w: &Weights) -> Result<Weights> {
        let w = w.validate()?;
        self.store
            .write(|wr| business::put(wr, SCORECARD_WEIGHTS, &w))?;
        Ok(w)
    }

    /// Saves the UI language; the caller checks it is one the UI ships. Device-local: no
    /// stamps, no change-log entry.
    /// Validates and saves the tax rates (a business setting, synced).
    pub fn set_tax_rates(&mut self, d: &TaxRatesDraft) -> Result<TaxRates> {
        let r = d.validate()?;
        self.store.write(|w| business::put(w, TAX_RATES, &r))?;
        Ok(r)
    }

    pub fn set_locale(&mut self, locale: &str) -> Result<()> {
        put_local(self.store.read().conn, LOCALE, locale)?;
        Ok(())
    }

    /// Validates and saves the theme (device-local, like the language).
    pub fn set_theme(&mut self, theme: &str) -> Result<Theme> {
        let t = Theme::parse_choice(theme)?;
        put_local(self.store.read().conn, THEME, t.as_str())?;
        Ok(t)
    }

    /// Validates and saves the automatic backup settings (device-local).
    pub fn set_auto_backup(&mut self, a: &AutoBackup) -> Result<AutoBackup> {
        let a = AutoBackup {
            folder: a.folder.trim().to_owned(),
            ..a.clone()
        };
        a.validate()?;
        let json = serde_json::to_string(&a).expect("settings serialise");
        put_local(self.store.read().conn, AUTO_BACKUP, &json)?;
        Ok(a)
    }

    pub fn set_home_country(&mut self, code: &str) -> Result<String> {
        let c = first_run::validate_home_country(code)?;
        self.store.write(|w| business::put(w, HOME_COUNTRY, &c))?;
        Ok(c)
    }

    /// Validates (ISO 4217, `usd` → `USD`) and saves the base currency.
    pub fn set_base_currency(&mut self, code: &str) -> Result<String> {
        let c = chainbook_core::money::parse_currency("base_currency", code)?;
        self.store.write(|w| business::put(w, BASE_CURRENCY, &c))?;
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

    /// Validates and saves the planning settings (service levels, XYZ thresholds, review
    /// period); the next replenishment list and classes use them.
    pub fn set_planning(&mut self, p: &PlanningSettings) -> Result<PlanningSettings> {
        let p = p.validate()?;
        self.store.write(|w| business::put(w, PLANNING, &p))?;
        Ok(p)
    }

    /// Validates and saves the SLA policy; only complaints opened later use it.
    pub fn set_sla_policy(&mut self, p: &SlaPolicy) -> Result<()> {
        p.validate()?;
        self.store.write(|w| business::put(w, SLA_POLICY, p))
    }
}
