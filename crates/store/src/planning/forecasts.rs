//! Each product's demand forecast, computed off the store's lock and kept in the device-local
//! `product_forecasts` until its inputs change, so reopening planning pages is instant.
//!
//! A forecast reads a product's **complete months** of demand (`demand_days` before the first
//! day of the as-of month, from its first sale, at most [`HISTORY_MONTHS`]) and forecasts
//! [`FORECAST_MONTHS`] months from the as-of month on with `chainbook_core::forecast::auto`.
//! It is current while its first forecast month is the as-of month and no demand of a month
//! it read has changed: a trigger on `demand_days` marks it stale when a shipment or return
//! dated before that month is written, changed or removed (whoever writes: the order calls, an
//! import, another device's changes). A shipment in the current month changes no complete
//! month, so it leaves the forecast alone; the next month makes every forecast due again.
//!
//! A run is three steps so that the store is held only to read and to write:
//! [`Planning::forecast_inputs`] (the due products' series, with a checksum of what was
//! read), [`compute`] (pure, on every core), [`PlanningMut::save_forecasts`] (one
//! transaction; a forecast whose demand changed since it was read is not saved and stays due).

use std::collections::HashMap;

use chainbook_core::forecast::{self, DemandClass, Forecast, Model, Point};
use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::demand::period_start;
use super::{Granularity, Planning, PlanningMut};
use crate::row::RowExt;
use crate::Result;

/// Months forecast ahead.
pub const FORECAST_MONTHS: usize = 12;
/// The longest history read, in months.
pub const HISTORY_MONTHS: u32 = 60;
/// Monthly demand repeats yearly.
const SEASON: usize = 12;

/// Version 20: the forecasts and the triggers that mark them stale.
pub(crate) const MIGRATION_20: &str = "
CREATE TABLE product_forecasts (
    product_id     TEXT PRIMARY KEY,
    first_month    TEXT NOT NULL,
    history_start  TEXT NOT NULL,
    history_months INTEGER NOT NULL,
    checksum       TEXT NOT NULL,
    stale          INTEGER NOT NULL DEFAULT 0,
    computed_at    TEXT NOT NULL,
    class          TEXT,
    components     TEXT NOT NULL,
    mase           REAL,
    mape           REAL,
    baseline_model TEXT NOT NULL,
    baseline_mase  REAL,
    points         TEXT NOT NULL
) STRICT;
CREATE TRIGGER product_forecasts_demand_insert AFTER INSERT ON demand_days
BEGIN
    UPDATE product_forecasts SET stale = 1
        WHERE product_id = NEW.product_id AND NEW.day < first_month AND stale = 0;
END;
CREATE TRIGGER product_forecasts_demand_update AFTER UPDATE ON demand_days
BEGIN
    UPDATE product_forecasts SET stale = 1
        WHERE product_id IN (OLD.product_id, NEW.product_id)
          AND (OLD.day < first_month OR NEW.day < first_month) AND stale = 0;
END;
CREATE TRIGGER product_forecasts_demand_delete AFTER DELETE ON demand_days
BEGIN
    UPDATE product_forecasts SET stale = 1
        WHERE product_id = OLD.product_id AND OLD.day < first_month AND stale = 0;
END;
";

/// What one product's forecast is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastInput {
    pub product_id: Uuid,
    /// The first month forecast (the as-of month).
    pub first_month: NaiveDate,
    /// The first month of `history`.
    pub history_start: NaiveDate,
    /// Units net of returns per complete month, from `history_start`.
    pub history: Vec<f64>,
    /// What was read, to tell at saving whether it changed meanwhile.
    checksum: String,
}

/// A product's kept forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductForecast {
    pub product_id: Uuid,
    pub first_month: NaiveDate,
    pub history_start: NaiveDate,
    pub history_months: u32,
    pub computed_at: DateTime<Utc>,
    /// The history's demand class; `None` without demand.
    pub class: Option<DemandClass>,
    /// The model, or the models combined with their weights, best backtest first.
    pub components: Vec<(Model, f64)>,
    /// Backtest MASE and MAPE of the forecast as chosen; `None` for histories too short.
    pub mase: Option<f64>,
    pub mape: Option<f64>,
    /// The naive baseline and its backtest MASE.
    pub baseline_model: Model,
    pub baseline_mase: Option<f64>,
    /// One point per month from `first_month`.
    pub points: Vec<Point>,
}

impl ProductForecast {
    fn of(input: &ForecastInput, f: Forecast, now: DateTime<Utc>) -> ProductForecast {
        ProductForecast {
            product_id: input.product_id,
            first_month: input.first_month,
            history_start: input.history_start,
            history_months: input.history.len() as u32,
            computed_at: now,
            class: f.class,
            components: f.components.iter().map(|c| (c.model, c.weight)).collect(),
            mase: f.backtest.map(|a| a.mase),
            mape: f.backtest.and_then(|a| a.mape),
            baseline_model: f.baseline_model,
            baseline_mase: f.baseline.map(|a| a.mase),
            points: f.points,
        }
    }

    /// The forecast's monthly means, from `first_month`.
    pub fn means(&self) -> Vec<f64> {
        self.points.iter().map(|p| p.mean).collect()
    }
}

/// A category's forecast, computed when asked (categories are few and summed demand is one
/// series; nothing is kept): its complete months up to `as_of`'s month, then
/// [`FORECAST_MONTHS`] ahead. `None` before the category's first complete month of sales.
pub fn category(
    history: &[super::DemandPoint],
    as_of: NaiveDate,
    now: DateTime<Utc>,
) -> Option<ProductForecast> {
    let start = history.first()?.start;
    let input = ForecastInput {
        product_id: Uuid::nil(),
        first_month: first_month(as_of),
        history_start: start,
        history: history.iter().map(|p| p.qty.0 as f64 / 1000.0).collect(),
        checksum: String::new(),
    };
    let f = forecast::auto(&input.history, SEASON, FORECAST_MONTHS);
    Some(ProductForecast::of(&input, f, now))
}

/// Forecasts every input, spread over the machine's cores (each product is independent).
pub fn compute(inputs: &[ForecastInput], now: DateTime<Utc>) -> Vec<ProductForecast> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = inputs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|i| {
                            let f = forecast::auto(&i.history, SEASON, FORECAST_MONTHS);
                            ProductForecast::of(i, f, now)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The first forecast month of a run as of `as_of`.
pub fn first_month(as_of: NaiveDate) -> NaiveDate {
    period_start(as_of, Granularity::Month)
}

/// The demand a forecast of `product` up to `first_month` reads, summarised: rows, and their
/// quantities weighted by day (a quantity moved to another day changes it too).
fn checksum(conn: &Connection, product: &str, first_month: &str) -> Result<String> {
    let (n, weighted): (i64, f64) = conn
        .prepare_cached(
            "SELECT count(*), total(qty_milli * (unixepoch(day) / 86400))
             FROM demand_days WHERE product_id = ?1 AND day < ?2",
        )?
        .query_row(params![product, first_month], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(format!("{n}:{weighted}"))
}

const DUE_SQL: &str = "
    FROM products p LEFT JOIN product_forecasts f ON f.product_id = p.id
    WHERE p.deleted = 0
      AND (f.product_id IS NULL OR f.stale = 1 OR f.first_month <> ?1)
      AND EXISTS (SELECT 1 FROM demand_days d
                  WHERE d.product_id = p.id AND d.day < ?1 AND d.qty_milli > 0)";

fn points_json(points: &[Point]) -> String {
    let rows: Vec<[f64; 5]> = points
        .iter()
        .map(|p| [p.mean, p.lo80, p.hi80, p.lo95, p.hi95])
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
}

fn points_of(json: &str) -> Vec<Point> {
    serde_json::from_str::<Vec<[f64; 5]>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|[mean, lo80, hi80, lo95, hi95]| Point {
            mean,
            lo80,
            hi80,
            lo95,
            hi95,
        })
        .collect()
}

fn components_json(c: &[(Model, f64)]) -> String {
    let rows: Vec<(&str, f64)> = c.iter().map(|(m, w)| (m.as_str(), *w)).collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
}

fn components_of(json: &str) -> Vec<(Model, f64)> {
    serde_json::from_str::<Vec<(String, f64)>>(json)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(m, w)| Model::parse(&m).map(|m| (m, w)))
        .collect()
}

fn class_of(code: Option<String>) -> Option<DemandClass> {
    let code = code?;
    DemandClass::ALL.into_iter().find(|c| c.as_str() == code)
}

const SELECT: &str = "SELECT product_id, first_month, history_start, history_months,
    computed_at, class, components, mase, mape, baseline_model, baseline_mase, points
    FROM product_forecasts";

fn forecast_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProductForecast> {
    let baseline: String = r.get(9)?;
    Ok(ProductForecast {
        product_id: r.uuid(0)?,
        first_month: r.date(1)?,
        history_start: r.date(2)?,
        history_months: r.get(3)?,
        computed_at: r.time(4)?,
        class: class_of(r.get(5)?),
        components: components_of(&r.get::<_, String>(6)?),
        mase: r.get(7)?,
        mape: r.get(8)?,
        baseline_model: Model::parse(&baseline).unwrap_or(Model::Naive),
        baseline_mase: r.get(10)?,
        points: points_of(&r.get::<_, String>(11)?),
    })
}

/// The current forecasts of `as_of` by product: computed for its month and not stale.
pub(crate) fn current(
    conn: &Connection,
    as_of: NaiveDate,
) -> Result<HashMap<Uuid, ProductForecast>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE stale = 0 AND first_month = ?1"))?;
    let rows = stmt.query_map([first_month(as_of).to_string()], forecast_row)?;
    let mut out = HashMap::new();
    for r in rows {
        let f = r?;
        out.insert(f.product_id, f);
    }
    Ok(out)
}

impl Planning<'_> {
    /// How many products need a forecast as of `as_of` (none kept, stale, or of an earlier
    /// month), and how many have demand to forecast at all.
    pub fn forecasts_due(&self, as_of: NaiveDate) -> Result<(u64, u64)> {
        let m = first_month(as_of).to_string();
        let due: i64 = self
            .db
            .conn
            .prepare_cached(&format!("SELECT count(*) {DUE_SQL}"))?
            .query_row([&m], |r| r.get(0))?;
        let all: i64 = self
            .db
            .conn
            .prepare_cached(
                "SELECT count(*) FROM products p WHERE p.deleted = 0 AND EXISTS (
                     SELECT 1 FROM demand_days d
                     WHERE d.product_id = p.id AND d.day < ?1 AND d.qty_milli > 0)",
            )?
            .query_row([&m], |r| r.get(0))?;
        Ok((due.max(0) as u64, all.max(0) as u64))
    }

    /// Up to `limit` products that need a forecast as of `as_of`, with their monthly history.
    pub fn forecast_inputs(&self, as_of: NaiveDate, limit: usize) -> Result<Vec<ForecastInput>> {
        let conn = self.db.conn;
        let first = first_month(as_of);
        let m = first.to_string();
        let ids: Vec<String> = conn
            .prepare_cached(&format!("SELECT p.id {DUE_SQL} ORDER BY p.id LIMIT ?2"))?
            .query_map(params![&m, limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let earliest = first - Months::new(HISTORY_MONTHS);
        let mut days = conn.prepare_cached(
            "SELECT day, qty_milli FROM demand_days
             WHERE product_id = ?1 AND day >= ?2 AND day < ?3 AND qty_milli <> 0",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let checksum = checksum(conn, &id, &m)?;
            let rows: Vec<(NaiveDate, i64)> = days
                .query_map(params![&id, earliest.to_string(), &m], |r| {
                    Ok((r.date(0)?, r.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let series =
                super::demand::series(&rows, Granularity::Month, first.pred_opt().unwrap_or(first));
            let Some(start) = series.first().map(|p| p.start) else {
                // Sales only longer ago than the history read: nothing to forecast from.
                continue;
            };
            let history = series.iter().map(|p| p.qty.0 as f64 / 1000.0).collect();
            out.push(ForecastInput {
                product_id: Uuid::parse_str(&id).unwrap_or_default(),
                first_month: first,
                history_start: start,
                history,
                checksum,
            });
        }
        Ok(out)
    }

    /// The kept forecast of `product`, current or not (`first_month` and
    /// [`Planning::forecast_current`] tell).
    pub fn forecast(&self, product: Uuid) -> Result<Option<ProductForecast>> {
        Ok(self
            .db
            .conn
            .prepare_cached(&format!("{SELECT} WHERE product_id = ?1"))?
            .query_row([product.to_string()], forecast_row)
            .optional()?)
    }

    /// Whether `product`'s kept forecast is current as of `as_of`.
    pub fn forecast_current(&self, product: Uuid, as_of: NaiveDate) -> Result<bool> {
        Ok(self
            .db
            .conn
            .prepare_cached(
                "SELECT 1 FROM product_forecasts
                 WHERE product_id = ?1 AND stale = 0 AND first_month = ?2",
            )?
            .query_row(
                params![product.to_string(), first_month(as_of).to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

impl PlanningMut<'_> {
    /// Keeps `forecasts` (computed from `inputs`) in one transaction; a product whose demand
    /// changed since its input was read is skipped and stays due. Returns how many were kept.
    pub fn save_forecasts(
        &mut self,
        inputs: &[ForecastInput],
        forecasts: &[ProductForecast],
    ) -> Result<usize> {
        let by_id: HashMap<Uuid, &ForecastInput> =
            inputs.iter().map(|i| (i.product_id, i)).collect();
        let tx = self.store.conn.transaction()?;
        let mut kept = 0;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR REPLACE INTO product_forecasts (product_id, first_month,
                     history_start, history_months, checksum, stale, computed_at, class,
                     components, mase, mape, baseline_model, baseline_mase, points)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            for f in forecasts {
                let Some(input) = by_id.get(&f.product_id) else {
                    continue;
                };
                let id = f.product_id.to_string();
                let month = f.first_month.to_string();
                if checksum(&tx, &id, &month)? != input.checksum {
                    continue;
                }
                put.execute(params![
                    id,
                    month,
                    f.history_start.to_string(),
                    f.history_months,
                    input.checksum,
                    crate::fmt_time(f.computed_at),
                    f.class.map(DemandClass::as_str),
                    components_json(&f.components),
                    f.mase,
                    f.mape,
                    f.baseline_model.as_str(),
                    f.baseline_mase,
                    points_json(&f.points),
                ])?;
                kept += 1;
            }
        }
        tx.commit()?;
        // The plan of a day reads the forecasts: compute it afresh.
        self.store.forget_cached_reads();
        Ok(kept)
    }

    /// Forecasts every product due as of `as_of`, `batch` at a time, calling `progress(done,
    /// due)` after each batch and stopping between batches when `cancelled()` says so (what
    /// was saved stays). The shell runs the same three steps with the store's lock released
    /// while computing.
    pub fn refresh_forecasts(
        &mut self,
        as_of: NaiveDate,
        batch: usize,
        mut progress: impl FnMut(u64, u64),
        cancelled: impl Fn() -> bool,
    ) -> Result<u64> {
        let (due, _) = self.store.planning().forecasts_due(as_of)?;
        let mut done = 0u64;
        while !cancelled() {
            let inputs = self.store.planning().forecast_inputs(as_of, batch.max(1))?;
            if inputs.is_empty() {
                break;
            }
            let forecasts = compute(&inputs, self.store.now());
            let kept = self.save_forecasts(&inputs, &forecasts)?;
            done += inputs.len() as u64;
            progress(done.min(due), due);
            if kept == 0 {
                // Nothing could be kept (the demand moves under every read): try again later.
                break;
            }
        }
        Ok(done)
    }
}
