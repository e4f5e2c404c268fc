//! The read handle every query runs through: a connection (the store's own, or a write
//! transaction's, so checks that decide a write read what it will change) and the time of the
//! store's clock. Capability read handles (`store.orders()`, `store.customers()`, …) wrap it.

use std::cell::{Cell, RefCell};

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

use crate::Result;

/// Reads through one connection at one moment of the store's clock.
#[derive(Clone, Copy)]
pub struct Read<'a> {
    pub(crate) conn: &'a Connection,
    /// The store clock's time when the handle was taken.
    pub(crate) now: DateTime<Utc>,
    /// The store's count cache; `None` inside a write, whose counts must see its own rows.
    counts: Option<&'a CountCache>,
}

impl<'a> Read<'a> {
    /// Whether `temp.customer_values` holds today's values of the data as it is now (never
    /// inside a write, which may have changed it).
    pub(crate) fn values_fresh(&self, today: chrono::NaiveDate) -> bool {
        self.counts
            .is_some_and(|c| c.values.get() == Some((today, c.generation.get())))
    }

    /// `compute`'s result for `key`, kept until the next write (computed afresh inside a
    /// write, which may have changed what it reads). The last [`MEMO_SLOTS`] results are kept:
    /// the dashboard, its stock figures, the customer values of a period, the plan of a day,
    /// so going back to a screen costs nothing until something changes.
    pub(crate) fn memo<T: Send + Sync + 'static>(
        &self,
        key: &str,
        compute: impl FnOnce() -> Result<T>,
    ) -> Result<std::sync::Arc<T>> {
        let Some(cache) = self.counts else {
            return Ok(std::sync::Arc::new(compute()?));
        };
        let generation = cache.generation.get();
        if let Some((_, _, v)) = cache
            .memo
            .borrow()
            .iter()
            .find(|(k, g, _)| k == key && *g == generation)
        {
            if let Ok(v) = v.clone().downcast::<T>() {
                return Ok(v);
            }
        }
        let v = std::sync::Arc::new(compute()?);
        let mut memo = cache.memo.borrow_mut();
        memo.retain(|(k, g, _)| k != key && *g == generation);
        if memo.len() >= MEMO_SLOTS {
            memo.remove(0);
        }
        memo.push((key.to_owned(), generation, v.clone()));
        Ok(v)
    }

    /// Notes that `temp.customer_values` was just filled for `today`.
    pub(crate) fn values_filled(&self, today: chrono::NaiveDate) {
        if let Some(c) = self.counts {
            c.values.set(Some((today, c.generation.get())));
        }
    }

    pub(crate) fn new(
        conn: &'a Connection,
        now: DateTime<Utc>,
        counts: Option<&'a CountCache>,
    ) -> Read<'a> {
        Read { conn, now, counts }
    }

    /// Runs a `SELECT count(…)` query.
    pub(crate) fn count(&self, sql: &str, args: &[SqlValue]) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached(sql)?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// [`Read::count`], remembered until the next write: paging through one filtered list
    /// counts once instead of on every page.
    pub(crate) fn count_cached(&self, sql: &str, args: &[SqlValue]) -> Result<u64> {
        let Some(cache) = self.counts else {
            return self.count(sql, args);
        };
        let key = format!("{sql}\u{0}{args:?}");
        if let Some((k, generation, total)) = &*cache.last.borrow() {
            if *k == key && *generation == cache.generation.get() {
                return Ok(*total);
            }
        }
        let total = self.count(sql, args)?;
        *cache.last.borrow_mut() = Some((key, cache.generation.get(), total));
        Ok(total)
    }
}

/// The last list count, valid until the next write.
#[derive(Default)]
pub(crate) struct CountCache {
    /// Bumped by every write.
    generation: Cell<u64>,
    /// (query key, generation, total).
    last: RefCell<Option<(String, u64, u64)>>,
    /// The day and generation `temp.customer_values` was filled for.
    values: Cell<Option<(chrono::NaiveDate, u64)>>,
    /// Computed results kept until the next write, oldest first.
    memo: RefCell<Vec<Memo>>,
}

/// How many computed results [`Read::memo`] keeps.
const MEMO_SLOTS: usize = 8;

/// (key, generation, value) of [`Read::memo`].
type Memo = (String, u64, std::sync::Arc<dyn std::any::Any + Send + Sync>);

impl CountCache {
    pub(crate) fn invalidate(&self) {
        self.generation.set(self.generation.get() + 1);
    }
}
