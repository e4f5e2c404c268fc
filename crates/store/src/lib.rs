//! Chainbook's local SQLite store.
//!
//! [`Store`] owns one SQLite connection to the database file in the app-data folder. Opening it
//! sets the pragmas (WAL, `foreign_keys`, `synchronous=FULL`, busy timeout), applies pending
//! migrations in one transaction, and creates the device identity on first start.
//!
//! Each capability is a module with a read handle and a write handle (`store.orders()`,
//! `store.orders_mut()`, …). Reads run through [`Read`]; every write runs through one
//! [`write`] transaction that ticks the hybrid logical clock, changes the rows through the one
//! write path (sync columns, field stamps, change log, derived tables) and commits them
//! together or not at all.
//! Time comes only from the clock the store is given ([`Store::now`]).
//!
//! Shared parts:
//! - [`cipher`]: encryption at rest (SQLCipher keys, plain or encrypted files, re-encrypting
//!   in place);
//! - [`backup`]: one-file backups, restore with its preview, the snapshot before a migration,
//!   checkpoints that keep the database file whole;
//! - [`read`]: the read handle and the list-count cache;
//! - [`write`]: the write path, the table registry, child rows, derived tables;
//! - [`paging`]: pages and the list filter builder;
//! - [`row`]: typed values out of result rows;
//! - [`contacts`]: contact people of customers and suppliers;
//! - [`diagnostics`] (the statements run, for the benchmarks' index audit);
//! - [`error`], [`migrations`], [`device`] (identity, HLC, counters), [`settings`]
//!   (device-local preferences and the synced business settings), [`sync`] (the change log,
//!   remote changes, conflicts).
//!
//! Capabilities:
//! - [`customers`], with [`search`] (the FTS5 index), [`segments`] (saved filters) and
//!   [`interactions`] (interactions, follow-ups, the customer timeline);
//! - [`products`] and [`stock`] (the ledger and stock counts);
//! - [`suppliers`] (suppliers, supplies, contracts, evaluations) and [`purchasing`]
//!   (purchase orders and receipts);
//! - [`orders`] (sales orders);
//! - [`import`] (customers, products, suppliers, opening stock and historical orders from
//!   spreadsheets, checked and committed in one transaction);
//! - [`complaints`] and [`surveys`] (customer service and satisfaction);
//! - [`analytics`] (revenue, value tiers, RFM and the computed lifecycle per customer);
//! - [`planning`] (demand series, reserved and on-order stock, product classes, reorder
//!   suggestions and the draft purchase orders they become);
//! - [`attention`] (the home's "what needs attention today", read through the queries above);
//! - [`notify`] (opt-in desktop notifications: what is new to tell since the last check).

pub mod analytics;
pub mod attention;
pub mod backup;
pub mod cipher;
pub mod complaints;
pub(crate) mod contacts;
pub mod customers;
pub mod device;
#[doc(hidden)]
pub mod diagnostics;
mod error;
pub mod import;
pub mod interactions;
mod migrations;
pub mod notify;
pub mod orders;
pub(crate) mod paging;
pub mod planning;
pub mod products;
pub mod purchasing;
pub(crate) mod read;
pub(crate) mod row;
pub mod search;
pub mod segments;
pub mod settings;
pub mod stock;
pub mod suppliers;
pub mod surveys;
pub mod sync;
pub(crate) mod write;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chainbook_core::hlc::HlcClock;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

pub use chainbook_core::segment::{CustomerFilter, Scope};
pub use customers::{CustomerDetail, CustomerQuery, CustomerSort, DuplicateHit, FilterOptions};
pub use device::Device;
pub use error::StoreError;
pub use interactions::{FollowUp, InteractionEntry, TimelineEntry};
pub use paging::{Page, PAGE_SIZE_MAX};
pub use search::SearchHit;
pub use segments::Segment;
pub use write::registry;

use read::{CountCache, Read};
use write::Write;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where the store reads the time. Tests swap it to make the wall clock jump.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// The open database.
pub struct Store {
    conn: Connection,
    /// The database file, for the snapshot before a migration.
    path: PathBuf,
    /// When the last write committed, until the next checkpoint.
    last_write: Cell<Option<Instant>>,
    device: Device,
    clock: Clock,
    /// The last list count, valid until the next write.
    counts: CountCache,
    entropy: Entropy,
    /// The SQLCipher key the file is encrypted with; `None` for a plain file.
    key: Option<cipher::Key>,
    /// Told after the data changed ([`Store::on_change`]).
    on_change: Option<Box<dyn Fn() + Send>>,
}

/// Where the random part of new ids (and a new device's identity) comes from: the OS
/// generator, or, for generated datasets that must come out the same for the same seed, a
/// seeded SplitMix64 stream ([`Store::open_seeded`]).
pub(crate) struct Entropy(Option<std::cell::Cell<u64>>);

impl Entropy {
    pub(crate) fn os() -> Entropy {
        Entropy(None)
    }

    pub(crate) fn seeded(seed: u64) -> Entropy {
        Entropy(Some(std::cell::Cell::new(seed)))
    }

    /// The 80 random bits of a version-7 id.
    pub(crate) fn id_bytes(&self) -> [u8; 10] {
        match &self.0 {
            None => rand::Rng::random(&mut rand::rng()),
            Some(state) => {
                let (a, b) = (self.next(state), self.next(state));
                let mut out = [0u8; 10];
                out[..8].copy_from_slice(&a.to_le_bytes());
                out[8..].copy_from_slice(&b.to_le_bytes()[..2]);
                out
            }
        }
    }

    /// A number below `n` (`n > 0`).
    pub(crate) fn below(&self, n: usize) -> usize {
        match &self.0 {
            None => rand::Rng::random_range(&mut rand::rng(), 0..n),
            Some(state) => (self.next(state) % n as u64) as usize,
        }
    }

    fn next(&self, state: &std::cell::Cell<u64>) -> u64 {
        let s = state.get().wrapping_add(0x9e37_79b9_7f4a_7c15);
        state.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("device", &self.device)
            .finish()
    }
}

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT_MS: u32 = 5_000;
/// Prepared statements kept per connection (rusqlite keeps 16 by default).
const STATEMENT_CACHE: usize = 128;

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with_clock(path, Box::new(Utc::now))
    }

    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<Store> {
        Self::open_inner(path, clock, Entropy::os(), None)
    }

    /// Like [`Store::open_with_clock`], for a database that may be encrypted: `key` opens an
    /// encrypted file (and encrypts a new one); a plain file opens plain whatever `key` is
    /// (see [`cipher`] for why the file's header decides). An encrypted file without a key is
    /// [`StoreError::KeyMissing`], with another key [`StoreError::KeyWrong`]: never a new
    /// empty database.
    pub fn open_keyed(path: &Path, clock: Clock, key: Option<cipher::Key>) -> Result<Store> {
        Self::open_inner(path, clock, Entropy::os(), key)
    }

    /// Like [`Store::open_with_clock`], with the random part of every new id (and of a new
    /// device's identity) drawn from `seed` instead of the OS: the same calls at the same clock
    /// times then write the same database. For generated datasets and tests only; two devices
    /// opened with one seed would collide.
    pub fn open_seeded(path: &Path, clock: Clock, seed: u64) -> Result<Store> {
        Self::open_inner(path, clock, Entropy::seeded(seed), None)
    }

    fn open_inner(
        path: &Path,
        clock: Clock,
        entropy: Entropy,
        key: Option<cipher::Key>,
    ) -> Result<Store> {
        Self::open_planned(path, clock, entropy, migrations::Plan::this_build(), key)
    }

    /// Opens `path` with one more migration after this build's, `step`, for tests of what a
    /// failed (or a successful) migration leaves. Not for application code.
    #[doc(hidden)]
    pub fn open_with_extra_migration(
        path: &Path,
        step: fn(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<Store> {
        Self::open_planned(
            path,
            Box::new(Utc::now),
            Entropy::os(),
            migrations::Plan::with_extra(step),
            None,
        )
    }

    fn open_planned(
        path: &Path,
        clock: Clock,
        entropy: Entropy,
        plan: migrations::Plan,
        key: Option<cipher::Key>,
    ) -> Result<Store> {
        let (conn, key) = connect(path, key.as_ref())?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            last_write: Cell::new(None),
            // Read from the database by `prepare`.
            device: Device {
                id: uuid::Uuid::nil(),
                code: String::new(),
            },
            clock,
            counts: CountCache::default(),
            on_change: None,
            entropy,
            key,
        };
        store.prepare_with(&plan)?;
        tracing::info!(device = %store.device.code, schema = plan.target(), "store opened");
        Ok(store)
    }

    /// Brings the open database to this build's schema and reads its device identity: what
    /// an open does after connecting, and a restore after copying.
    pub(crate) fn prepare(&mut self) -> Result<()> {
        self.prepare_with(&migrations::Plan::this_build())
    }

    /// Migrates by `plan`, first copying the file to its snapshot when there is anything to
    /// migrate (see [`backup::snapshot`]); a start with nothing to migrate removes earlier
    /// snapshots. A failed migration is rolled back, the data checked to be at its old schema
    /// (the snapshot put back if not), and reported as [`StoreError::MigrationFailed`].
    fn prepare_with(&mut self, plan: &migrations::Plan) -> Result<()> {
        let from = migrations::current(&self.conn)?;
        let to = plan.target();
        if from > 0 && from < to {
            let snapshot = backup::snapshot::take(&self.conn, &self.path, to, self.key.as_ref())?;
            let cookie = backup::snapshot::schema_cookie(&self.conn)?;
            if let Err(e) = plan.apply(&mut self.conn) {
                tracing::error!(error = %e, from, to, "migration failed, rolled back");
                backup::snapshot::ensure_back(
                    &mut self.conn,
                    from,
                    cookie,
                    Some(&snapshot),
                    self.key.as_ref(),
                )?;
                if e.is_disk_fault() {
                    // The disk's fault, not the migration's: the user can fix it (free space,
                    // a writable folder) and the same migration then runs.
                    return Err(e);
                }
                return Err(StoreError::MigrationFailed {
                    from,
                    to,
                    snapshot: Some(snapshot),
                    reason: e.to_string(),
                });
            }
        } else {
            plan.apply(&mut self.conn)?;
            if from == to {
                backup::snapshot::remove_old(&self.path);
            }
        }
        let now = self.now();
        self.device = device::ensure(&mut self.conn, now, &self.entropy)?;
        settings::business::adopt_local(self)?;
        Ok(())
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The connection's settings, for diagnostics and tests.
    pub fn pragmas(&self) -> Result<Pragmas> {
        let c = &self.conn;
        Ok(Pragmas {
            journal_mode: c.pragma_query_value(None, "journal_mode", |r| r.get(0))?,
            foreign_keys: c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?,
            synchronous: c.pragma_query_value(None, "synchronous", |r| r.get(0))?,
            busy_timeout_ms: c.pragma_query_value(None, "busy_timeout", |r| r.get(0))?,
        })
    }

    /// Replaces the clock (tests use it to make the wall clock go backwards).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The time of the store's clock: what "now" means for every read and write.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Calls `f` after every committed write and after a restore, so that the app can tell its
    /// window that figures it shows (the navigation's badges) may be out of date, instead of
    /// the window asking again on every change of view. `f` runs while the store is still
    /// borrowed, so it must only signal (set a flag, send a message), never call back into
    /// the store. A second call replaces the first `f`.
    pub fn on_change(&mut self, f: impl Fn() + Send + 'static) {
        self.on_change = Some(Box::new(f));
    }

    /// Tells the [`Store::on_change`] listener, if any.
    pub(crate) fn changed(&self) {
        if let Some(f) = &self.on_change {
            f();
        }
    }

    /// Reads at the store clock's current time.
    pub(crate) fn read(&self) -> Read<'_> {
        Read::new(&self.conn, self.now(), Some(&self.counts))
    }

    /// Runs `f` in one immediate transaction with a fresh HLC value; commits only if `f`
    /// succeeds, so a failed write leaves no row and no change behind.
    /// Forgets what reads keep until the next write (list counts, computed customer values),
    /// as a write would: benchmarks measure reads cold with it.
    pub fn forget_cached_reads(&self) {
        self.counts.invalidate();
    }

    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Write<'_>) -> Result<T>) -> Result<T> {
        self.write_after(None, f)
    }

    /// Like [`Store::write`], with an HLC value later than `seen` too (the greatest stamp of
    /// a batch of remote changes), so writes made after it order after them.
    pub(crate) fn write_after<T>(
        &mut self,
        seen: Option<chainbook_core::Hlc>,
        f: impl FnOnce(&mut Write<'_>) -> Result<T>,
    ) -> Result<T> {
        let now = (self.clock)();
        self.counts.invalidate();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last = device::hlc_last(&tx)?;
        let now_ms = now.timestamp_millis().max(0) as u64;
        let mut clock = HlcClock::new(last);
        let hlc = match seen {
            Some(seen) => clock.observe(seen, now_ms),
            None => clock.tick(now_ms),
        };
        device::set_hlc_last(&tx, hlc)?;
        let mut w = Write::new(tx, hlc, now, &self.device, &self.entropy)?;
        let out = f(&mut w)?;
        w.commit()?;
        self.wrote();
        Ok(out)
    }
}

/// Opens a connection to `path`, keyed as the file needs ([`cipher::key_connection`]), with
/// the store's pragmas; returns it with the key it uses.
fn connect(path: &Path, key: Option<&cipher::Key>) -> Result<(Connection, Option<cipher::Key>)> {
    let mut conn = Connection::open(path)?;
    let key = cipher::key_connection(&conn, path, key)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "busy_timeout", BUSY_TIMEOUT_MS)?;
    // Room for every statement a busy write (an order import: orders, lines, events,
    // movements, stamps, counts) prepares, so none is compiled again per row.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    if diagnostics::recording() {
        conn.trace_v2(
            rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
            Some(|e: rusqlite::trace::TraceEvent<'_>| {
                if let rusqlite::trace::TraceEvent::Stmt(stmt, _) = e {
                    diagnostics::trace(&stmt.sql());
                }
            }),
        )?;
    }
    Ok((conn, key))
}

/// The schema version this build creates and reads (a newer database is refused).
pub fn schema_version() -> u32 {
    migrations::latest()
}

/// Builds a database file at an older schema version, to test upgrades from every released
/// schema. Not for application code.
#[doc(hidden)]
pub fn create_schema_at_version(path: &Path, version: u32) -> Result<()> {
    let mut conn = Connection::open(path)?;
    migrations::apply_up_to(&mut conn, version)
}

/// Fills the derived tables of a database at an older schema `version` from its rows, as
/// that version's writes kept them: the upgrade fixtures (`cargo xtask fixtures`) write their
/// rows with SQL, which keeps only the tables triggers maintain. Version 13's order totals
/// are left empty (its rows lack the columns 14 adds, and 14's migration rebuilds them).
/// Not for application code.
#[doc(hidden)]
pub fn fill_derived_at_version(path: &Path, version: u32) -> Result<()> {
    let mut conn = Connection::open(path)?;
    let tx = conn.transaction()?;
    if version >= 2 {
        search::rebuild_all(&tx)?;
    }
    if (2..8).contains(&version) {
        // Version 2's tag rows, before version 8 gave them their customer's filter columns.
        tx.execute_batch(
            "DELETE FROM customer_tags;
             INSERT OR IGNORE INTO customer_tags (tag, customer_id)
                 SELECT j.value, c.id FROM customers c, json_each(c.tags) j WHERE c.deleted = 0;",
        )?;
    } else if version >= 8 {
        customers::tags::rebuild_all(&tx)?;
    }
    if version >= 14 {
        write::derived::Derived::OrderTotals.rebuild_all(&tx)?;
        write::derived::Derived::CustomerRhythm.rebuild_all(&tx)?;
    }
    tx.commit()?;
    Ok(())
}

/// Connection settings as SQLite reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragmas {
    pub journal_mode: String,
    pub foreign_keys: bool,
    /// 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
    pub synchronous: i64,
    pub busy_timeout_ms: i64,
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text so that text order is time order.
pub(crate) fn fmt_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
