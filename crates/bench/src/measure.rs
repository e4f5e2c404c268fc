//! Timing: how many runs, the measured figure, warm-up then timed runs, nearest-rank
//! percentiles, and the pairing of our figure with its bare-SQLite one (including a list page's
//! count + page pair) — shared by every group.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::{Result, LIST_TARGET_MS, PAGE_SIZE};

/// How many times each figure runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Untimed runs first (page cache, prepared-statement cache).
    pub warmup: usize,
    /// Timed runs.
    pub reps: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            warmup: 5,
            reps: 50,
        }
    }
}

/// One measured figure.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// `search`, `list`, `record`, `bare`, …
    pub group: &'static str,
    pub name: String,
    pub samples: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Target for p95, if the product sets one.
    pub target_ms: Option<f64>,
    /// Rows (hits, list items) the last run returned.
    pub rows: u64,
    /// For list pages and counts: the total matching.
    pub total: Option<u64>,
    /// Name of the bare-SQLite figure this one is compared with.
    pub bare: Option<String>,
    /// Our p50 ÷ the bare p50.
    pub ratio: Option<f64>,
}

impl Figure {
    pub fn missed(&self) -> bool {
        self.target_ms.is_some_and(|t| self.p95_ms > t)
    }
}

/// Timings and the last run's result size.
pub(crate) struct Timed {
    pub(crate) times: Vec<Duration>,
    pub(crate) rows: u64,
    pub(crate) total: Option<u64>,
}

/// Runs `f` `warmup` times untimed, then `reps` times timed. `f` returns (rows, total).
pub(crate) fn time(
    opts: &Options,
    f: impl FnMut(usize) -> Result<(u64, Option<u64>)>,
) -> Result<Timed> {
    time_after(opts, || Ok(()), f)
}

/// [`time`], with `before` run untimed before every run of `f`.
pub(crate) fn time_after(
    opts: &Options,
    mut before: impl FnMut() -> Result<()>,
    mut f: impl FnMut(usize) -> Result<(u64, Option<u64>)>,
) -> Result<Timed> {
    for i in 0..opts.warmup {
        before()?;
        f(i)?;
    }
    let mut times = Vec::with_capacity(opts.reps);
    let (mut rows, mut total) = (0, None);
    for i in 0..opts.reps.max(1) {
        before()?;
        let t = Instant::now();
        (rows, total) = f(i)?;
        times.push(t.elapsed());
    }
    Ok(Timed { times, rows, total })
}

/// Nearest-rank percentile of sorted samples, in ms.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

pub(crate) fn figure(
    group: &'static str,
    name: String,
    target_ms: Option<f64>,
    mut t: Timed,
) -> Figure {
    t.times.sort();
    Figure {
        group,
        name,
        samples: t.times.len(),
        p50_ms: percentile(&t.times, 0.50),
        p95_ms: percentile(&t.times, 0.95),
        target_ms,
        rows: t.rows,
        total: t.total,
        bare: None,
        ratio: None,
    }
}

/// Same as [`figure`] over pooled samples of several queries.
pub(crate) fn pooled(
    group: &'static str,
    name: String,
    target_ms: Option<f64>,
    parts: Vec<Timed>,
) -> Figure {
    let rows = parts.iter().map(|t| t.rows).min().unwrap_or(0);
    let times = parts.into_iter().flat_map(|t| t.times).collect();
    figure(
        group,
        name,
        target_ms,
        Timed {
            times,
            rows,
            total: None,
        },
    )
}

/// Records that `ours` is compared with `bare`.
pub(crate) fn compare(ours: &mut Figure, bare: &Figure) {
    ours.bare = Some(bare.name.clone());
    ours.ratio = (bare.p50_ms > 0.0).then(|| ours.p50_ms / bare.p50_ms);
}

/// Times `ours(page)` and the bare count + page for each page, as a pair of figures.
#[allow(clippy::too_many_arguments)]
pub(crate) fn list_pair(
    group: &'static str,
    what: &str,
    pages: &[u32],
    count_pages: u32,
    opts: &Options,
    mut ours: impl FnMut(u32) -> Result<(u64, u64)>,
    bare_count: &mut rusqlite::Statement<'_>,
    bare_page: &mut rusqlite::Statement<'_>,
    out: &mut Vec<Figure>,
) -> Result<()> {
    for &page in pages {
        let t = time(opts, |_| {
            let (rows, total) = ours(page)?;
            Ok((rows, Some(total)))
        })?;
        let mut f = figure(
            group,
            format!("{what}, page {} of {count_pages}", page + 1),
            Some(LIST_TARGET_MS),
            t,
        );
        let offset = i64::from(page) * i64::from(PAGE_SIZE);
        let b = time(opts, |_| {
            let n: i64 = bare_count.query_row([], |r| r.get(0))?;
            let rows = drain(bare_page, &[&PAGE_SIZE, &offset])?;
            Ok((rows, Some(n as u64)))
        })?;
        let b = figure(
            "bare",
            format!("bare count + page, {what} @{offset}"),
            None,
            b,
        );
        compare(&mut f, &b);
        out.push(f);
        out.push(b);
    }
    Ok(())
}

/// Steps through every row and touches every column, as a caller that reads results would.
pub(crate) fn drain(
    stmt: &mut rusqlite::Statement<'_>,
    args: &[&dyn rusqlite::ToSql],
) -> Result<u64> {
    let cols = stmt.column_count();
    let mut rows = stmt.query(args)?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        for i in 0..cols {
            std::hint::black_box(matches!(r.get_ref(i)?, ValueRef::Null));
        }
        n += 1;
    }
    Ok(n)
}

/// A read-only connection to `db`, for the bare-SQLite figures; keyed with the run's
/// database key ([`encrypt_with`]) when `db` is encrypted, so bare and store figures pay
/// the same decryption.
pub(crate) fn open_bare(db: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if let (Some(key), chainbook_store::cipher::FileState::Encrypted) =
        (KEY.get(), chainbook_store::cipher::file_state(db)?)
    {
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.to_hex()))?;
    }
    Ok(conn)
}

/// A read-write connection to `db` for the bare writes, keyed like [`open_bare`].
pub(crate) fn open_rw(db: &Path) -> Result<Connection> {
    let conn = Connection::open(db)?;
    if let (Some(key), chainbook_store::cipher::FileState::Encrypted) =
        (KEY.get(), chainbook_store::cipher::file_state(db)?)
    {
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.to_hex()))?;
    }
    Ok(conn)
}

/// The database key of a run measured on encrypted copies (`--encrypted`).
static KEY: std::sync::OnceLock<chainbook_store::cipher::Key> = std::sync::OnceLock::new();

/// Measures encrypted copies of the datasets from now on, all keyed with `key`.
pub fn encrypt_with(key: chainbook_store::cipher::Key) {
    let _ = KEY.set(key);
}

/// The store on `db`, opened with the run's key when it has one (a plain file opens plain).
pub(crate) fn open_store(db: &Path) -> Result<chainbook_store::Store> {
    Ok(chainbook_store::Store::open_keyed(
        db,
        Box::new(chrono::Utc::now),
        KEY.get().cloned(),
    )?)
}

/// An encrypted copy of the dataset `db` beside it (`<db>.encrypted`), made once with the
/// run's key and reused while it is newer than the dataset.
pub fn encrypted_copy(db: &Path) -> Result<std::path::PathBuf> {
    let key = KEY.get().ok_or("no key: call encrypt_with first")?.clone();
    let mut name = db.as_os_str().to_owned();
    name.push(".encrypted");
    let copy = std::path::PathBuf::from(name);
    let fresh = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if copy.exists() && fresh(&copy) >= fresh(db) && open_store(&copy).is_ok() {
        return Ok(copy);
    }
    let _ = std::fs::remove_file(&copy);
    std::fs::copy(db, &copy)?;
    let mut store = chainbook_store::Store::open(&copy)?;
    store.set_encryption(Some(key), |_| true)?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), 50.0);
        assert_eq!(percentile(&v, 0.95), 95.0);
        assert_eq!(percentile(&v[..1], 0.95), 1.0);
    }
}
