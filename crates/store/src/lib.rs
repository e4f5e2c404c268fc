//! Chainbook's local SQLite store.
//!
//! [`Store`] owns one SQLite connection to the database file in the app-data folder. Opening it
//! sets the pragmas (WAL, `foreign_keys`, `synchronous=FULL`, busy timeout), applies pending
//! migrations in one transaction, and creates the device identity on first start.
//!
//! Every write goes through [`Store::write`]: one immediate transaction that ticks the hybrid
//! logical clock, persists it, changes the rows and appends what changed to the outbox — all
//! committed together or not at all.
//!
//! Modules, one per table family, each with its own migration SQL beside it:
//! - [`device`]: this installation's identity, its HLC and local counters and settings;
//! - [`outbox`]: the append-only log of changes the sync client will push;
//! - [`customers`]: customers with their contacts and addresses: CRUD, the filtered list,
//!   the duplicate check;
//! - [`search`]: the FTS5 search index (trigram + pinyin) kept in each write's transaction;
//! - [`interactions`]: interactions, follow-ups and the customer timeline;
//! - [`segments`]: saved customer filters;
//! - [`products`]: products, the stock ledger and stock counts;
//! - [`suppliers`]: suppliers, supplies, contracts, evaluations, purchase orders and receipts.

pub mod complaints;
pub mod customers;
pub mod device;
mod error;
pub mod interactions;
mod migrations;
pub mod orders;
pub mod outbox;
pub mod products;
mod rows;
pub mod search;
pub mod segments;
pub mod suppliers;

use std::path::Path;

use chainbook_core::hlc::{Hlc, HlcClock};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use chainbook_core::segment::{CustomerFilter, Scope};
pub use customers::{
    CustomerDetail, CustomerQuery, CustomerSort, DuplicateHit, FilterOptions, Page,
};
pub use device::Device;
pub use error::StoreError;
pub use interactions::InteractionEntry;
pub use interactions::{FollowUp, TimelineEntry};
pub use outbox::{OutboxEntry, OutboxOp};
pub use search::SearchHit;
pub use segments::Segment;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where the store reads the time. Tests swap it to make the wall clock jump.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// The open database.
pub struct Store {
    conn: Connection,
    device: Device,
    clock: Clock,
    /// Bumped by every write; caches of query results are valid for one generation.
    write_generation: u64,
    /// The last list count: (query key, generation, total).
    count_cache: std::cell::RefCell<Option<(String, u64, u64)>>,
    entropy: Entropy,
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
        Self::open_inner(path, clock, Entropy::os())
    }

    /// Like [`Store::open_with_clock`], with the random part of every new id (and of a new
    /// device's identity) drawn from `seed` instead of the OS: the same calls at the same clock
    /// times then write the same database. For generated datasets and tests only; two devices
    /// opened with one seed would collide.
    pub fn open_seeded(path: &Path, clock: Clock, seed: u64) -> Result<Store> {
        Self::open_inner(path, clock, Entropy::seeded(seed))
    }

    fn open_inner(path: &Path, clock: Clock, entropy: Entropy) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "busy_timeout", BUSY_TIMEOUT_MS)?;
        // Room for every statement a busy write (an order import: orders, lines, events,
        // movements, outbox, counts) prepares, so none is compiled again per row.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrations::apply(&mut conn)?;
        let device = device::ensure(&mut conn, clock(), &entropy)?;
        tracing::info!(device = %device.code, schema = migrations::latest(), "store opened");
        Ok(Store {
            conn,
            device,
            clock,
            write_generation: 0,
            entropy,
            count_cache: Default::default(),
        })
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

    /// Read access for queries.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one immediate transaction with a fresh HLC value; commits only if `f`
    /// succeeds, so a failed write leaves no row and no outbox entry behind.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Write<'_>) -> Result<T>) -> Result<T> {
        let now = (self.clock)();
        self.write_generation += 1;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last = device::hlc_last(&tx)?;
        let hlc = HlcClock::new(last).tick(now.timestamp_millis().max(0) as u64);
        device::set_hlc_last(&tx, hlc)?;
        let mut w = Write {
            tx,
            hlc,
            now,
            device: &self.device,
            entropy: &self.entropy,
        };
        let out = f(&mut w)?;
        w.tx.commit()?;
        Ok(out)
    }
}

/// Builds a database file at an older schema version, to test upgrades from every released
/// schema. Not for application code.
#[doc(hidden)]
pub fn create_schema_at_version(path: &Path, version: u32) -> Result<()> {
    let mut conn = Connection::open(path)?;
    migrations::apply_up_to(&mut conn, version)
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

/// An open write transaction: the rows it changes share one HLC value and device.
pub(crate) struct Write<'a> {
    pub tx: Transaction<'a>,
    pub hlc: Hlc,
    pub now: DateTime<Utc>,
    pub device: &'a Device,
    pub entropy: &'a Entropy,
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text so that text order is time order.
pub(crate) fn fmt_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad timestamp {s:?}: {e}")))
}

/// Refuses page sizes a list would never ask for (0, or more than [`customers::PAGE_SIZE_MAX`]).
pub(crate) fn check_page_size(size: u32) -> Result<()> {
    if size == 0 || size > customers::PAGE_SIZE_MAX {
        return Err(chainbook_core::ValidationError::new(
            chainbook_core::ErrorCode::InvalidArgument,
            "page_size",
            format!("page size must be 1..={}", customers::PAGE_SIZE_MAX),
        )
        .into());
    }
    Ok(())
}

/// A `LIKE … ESCAPE '\'` pattern matching `search` anywhere, or `None` for a blank search.
pub(crate) fn like_pattern(search: Option<&str>) -> Option<String> {
    let s = search.map(str::trim).filter(|s| !s.is_empty())?;
    Some(format!(
        "%{}%",
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    ))
}
