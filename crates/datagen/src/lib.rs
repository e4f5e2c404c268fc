//! Deterministic, realistic test data for Chainbook: customers with contacts and addresses, as
//! a Chinese supplier's customer list looks — mostly domestic companies and some private
//! persons across 31 provinces and ~120 cities, about 15% international customers.
//!
//! - [`customers`] yields [`CustomerDraft`]s from a seed ([`gen`], from the word tables in
//!   [`words`]). The same seed gives the same drafts on every platform: the only randomness is
//!   a seeded ChaCha8 stream with integer sampling ([`rng`]), no hash-map order, no floats. A
//!   shorter run is a prefix of a longer one.
//! - [`build_dataset`] writes them into a fresh database **through the real store layer**
//!   (`Store::open_seeded`, then `Store::import_customers` in batches of [`BATCH`]), so the
//!   customer, contact and address rows and the search-index (FTS) rows are exactly what the
//!   app writes (with no field stamps: no row is changed after its insert). The store's clock
//!   is the generator's (customers entered on 2021-11-01) and the random part of its ids and
//!   of the device identity comes from the seed, so one seed gives one database: the same ids,
//!   codes, times and stamps, build after build (a test compares every table of two builds).
//! - [`cached_dataset`] builds a [`Scale`] once under `target/bench-data/` and reuses it (the
//!   cache, its manifests and the schema fingerprint are in [`cache`]).
//!   Generated databases live under `target/` only and are never committed. A dataset is
//!   rebuilt when its generator or the store's schema (its version and every table, index and
//!   trigger, see [`DatasetStats::schema`]) changed.
//! - [`integrity`] checks a database the way one written by the app must pass (SQLite's checks,
//!   search rows, derived tags, field stamps, no change log while sync is off); every fresh
//!   cached build is checked before use, and a test runs the same checks on a database built
//!   through `Store::create_customer`.
//! - [`supply`] is the supply side, a dataset of its own: products in 40 categories
//!   ([`supply_words`]) with a stock history of about ten movements each, suppliers with 1–3
//!   contacts, and which suppliers supply which products ([`supply_plan`]), written through
//!   the public store API ([`build_supply_dataset`]) and cached per [`Scale`] like customers
//!   ([`cached_supply_dataset`]).
//! - [`orders`] is five years of sales orders in every state, in one file with the customers,
//!   the supply side and the purchasing they refer to: a copy of the customer dataset, the
//!   supply plan's products, suppliers and supplies written through the public API, purchase
//!   orders and production receipts planned to keep stock up ([`purchasing`]) and written step
//!   by step through the purchasing API, and the orders imported day by day through
//!   `Store::import_orders` with the store's clock on each day ([`build_orders_dataset`],
//!   cached as [`cached_orders_dataset`]). Who orders when comes from [`schedule`]: customer
//!   lives that agree with the lifecycle stages (a realistic share is lost), with weekly and
//!   yearly seasonality.
//! - [`complaints`]: a copy of the customer dataset with suppliers and carriers, complaints and
//!   other feedback written step by step through the complaint API with the store's clock on
//!   each step, and survey responses ([`build_complaints_dataset`], cached as
//!   [`cached_complaints_dataset`]).
//! - [`sample`]: the sample company of the first run, every capability in one small file
//!   ([`build_sample`]), built by the generators above.

mod cache;
pub mod complaints;
mod gen;
pub mod integrity;
pub mod orders;
pub mod purchasing;
mod rng;
pub mod sample;
pub mod schedule;
pub mod supply;
pub mod supply_words;
pub mod words;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chainbook_core::customer::CustomerDraft;
use chainbook_store::{Store, StoreError};

pub use cache::*;
pub use complaints::{build_complaints_dataset, ComplaintsStats};
pub use orders::{build_orders_dataset, OrdersStats};
pub use sample::{build_sample, SampleSize, SampleStats, SampleStep, SAMPLE, SAMPLE_SEED};
pub use supply::{build_supply_dataset, supply_plan, SupplyPlan, SupplyStats};

/// Bump when the generated data changes: cached datasets of another version are rebuilt.
pub const GENERATOR_VERSION: u32 = 2;

/// Customers per `import_customers` call (one transaction each).
pub const BATCH: usize = 5_000;

/// Runs at least this big print their progress on stderr.
const PROGRESS_FROM: usize = 20_000;

/// `n` customer drafts from `seed`. Every draft passes `validate_record`.
pub fn customers(seed: u64, n: usize) -> impl Iterator<Item = CustomerDraft> {
    let mut r = rng::Rng::new(seed);
    (0..n).map(move |_| gen::customer(&mut r))
}

/// Dataset sizes for benchmarks. Customers and the supply side are separate datasets; the
/// orders dataset holds both and the orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// 1,000 customers; 1,000 products, 100 suppliers; 1,000 orders.
    S,
    /// 10,000 customers; 5,000 products, 500 suppliers; 100,000 orders (about 13,000
    /// purchase orders).
    M,
    /// 100,000 customers (about 250,000 contacts); 20,000 products (about 200,000 stock
    /// movements), 2,000 suppliers; 1,000,000 orders (about 3.9 M lines) over five years with
    /// about 50,000 purchase orders.
    L,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::S, Scale::M, Scale::L];

    pub fn customers(self) -> usize {
        match self {
            Scale::S => 1_000,
            Scale::M => 10_000,
            Scale::L => 100_000,
        }
    }

    /// Products of the supply dataset (each with 2–18 stock movements, 10 on average).
    pub fn products(self) -> usize {
        match self {
            Scale::S => 1_000,
            Scale::M => 5_000,
            Scale::L => 20_000,
        }
    }

    /// Suppliers of the supply dataset.
    pub fn suppliers(self) -> usize {
        self.products() / 10
    }

    /// Orders of the orders dataset (with this scale's customers and supply side).
    pub fn orders(self) -> usize {
        match self {
            Scale::S => 1_000,
            Scale::M => 100_000,
            Scale::L => 1_000_000,
        }
    }

    /// Complaints and other feedback of the complaints dataset.
    pub fn complaints(self) -> usize {
        match self {
            Scale::S => 1_000,
            Scale::M => 10_000,
            Scale::L => 100_000,
        }
    }

    /// Survey responses of the complaints dataset.
    pub fn surveys(self) -> usize {
        self.complaints() * 2
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scale::S => "S",
            Scale::M => "M",
            Scale::L => "L",
        }
    }

    /// `S`, `M` or `L`, either case.
    pub fn parse(s: &str) -> Option<Scale> {
        Scale::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a build wrote, also kept beside a cached dataset (see [`read_manifest`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetStats {
    pub generator: u32,
    pub seed: u64,
    pub customers: usize,
    pub contacts: usize,
    pub addresses: usize,
    /// The store's schema version the data was written with.
    pub schema_version: u32,
    /// A hash of the schema (every table, index and trigger definition): also catches a
    /// migration edited in place during development, which keeps its version number.
    pub schema: u64,
    /// Wall time of the build, milliseconds.
    pub build_ms: u64,
    /// Size of the database file after the build.
    pub bytes: u64,
}

#[derive(Debug)]
pub enum Error {
    Store(StoreError),
    Io(io::Error),
    /// `build_dataset` only writes fresh databases.
    Exists(PathBuf),
    /// The database was not left complete on disk (e.g. its WAL was not checkpointed).
    Incomplete(String),
    /// A fresh build failed [`integrity::check_with`]: the problems found, one a line.
    Integrity(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Store(e) => write!(f, "store: {e}"),
            Error::Io(e) => write!(f, "io: {e}"),
            Error::Exists(p) => write!(f, "{} already exists", p.display()),
            Error::Incomplete(m) => write!(f, "incomplete dataset: {m}"),
            Error::Integrity(m) => {
                write!(f, "the generated dataset fails its integrity checks:\n{m}")
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(e.into())
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The clock of a dataset being generated: it stands still until it is set, so every record
/// written has the time the generator chose, whenever the build runs.
#[derive(Clone)]
pub(crate) struct DataClock(std::sync::Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>>);

impl DataClock {
    /// Standing at `t` seconds since 1970-01-01 UTC.
    pub(crate) fn at(t: i64) -> DataClock {
        let clock = DataClock(Default::default());
        clock.set(t);
        clock
    }

    pub(crate) fn set(&self, t: i64) {
        use chrono::TimeZone;
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) =
            chrono::Utc.timestamp_opt(t, 0).single().unwrap_or_default();
    }

    /// Opens `path` with this clock and ids drawn from `seed` and `stream`, so one seed writes
    /// one database (the same ids, times and stamps) on every build.
    pub(crate) fn open(&self, path: &Path, seed: u64, stream: u64) -> Result<Store> {
        let c = self.0.clone();
        Ok(Store::open_seeded(
            path,
            Box::new(move || *c.lock().unwrap_or_else(|e| e.into_inner())),
            seed ^ stream,
        )?)
    }
}

/// Id streams of the datasets' stores, so that no two share ids.
pub(crate) const CUSTOMER_IDS: u64 = 0x4355_5354_4f4d_4552; // "CUSTOMER"
pub(crate) const SUPPLY_IDS: u64 = 0x5355_5050_4c59_4944; // "SUPPLYID"
pub(crate) const ORDER_IDS: u64 = 0x4f52_4445_5249_4453; // "ORDERIDS"
pub(crate) const PURCHASE_IDS: u64 = 0x5055_5243_4849_4453; // "PURCHIDS"
pub(crate) const COMPLAINT_IDS: u64 = 0x434f_4d50_4c49_4453; // "COMPLIDS"

/// When the customer records were entered: 2021-11-01, before the first order.
const CUSTOMERS_ENTERED: i64 = 18_932 * 86_400;

/// Creates a database at `path` (which must not exist) holding `customers` customers from
/// `seed`, written through `Store::import_customers` in batches of [`BATCH`]. Big runs print
/// their progress on stderr.
pub fn build_dataset(path: &Path, seed: u64, customers: usize) -> Result<DatasetStats> {
    if path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let started = Instant::now();
    let clock = DataClock::at(CUSTOMERS_ENTERED);
    let mut store = clock.open(path, seed, CUSTOMER_IDS)?;
    let schema_version = store.schema_version()?;
    let (mut contacts, mut addresses, mut done) = (0, 0, 0);
    let mut drafts = self::customers(seed, customers);
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        batch.extend(drafts.by_ref().take(BATCH));
        if batch.is_empty() {
            break;
        }
        contacts += batch.iter().map(|d| d.contacts.len()).sum::<usize>();
        addresses += batch.iter().map(|d| d.addresses.len()).sum::<usize>();
        // A batch a minute, as an import of several files would be.
        clock.set(CUSTOMERS_ENTERED + 60 * (done / BATCH) as i64);
        store.customers_mut().import(&batch)?;
        done += batch.len();
        if customers >= PROGRESS_FROM {
            eprintln!(
                "datagen: {done:>7} / {customers} customers, {contacts} contacts ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    // Closing the only connection checkpoints the WAL into the database file.
    drop(store);
    let schema = schema_fingerprint(path)?;
    Ok(DatasetStats {
        generator: GENERATOR_VERSION,
        seed,
        customers,
        contacts,
        addresses,
        schema_version,
        schema,
        build_ms: started.elapsed().as_millis() as u64,
        bytes: std::fs::metadata(path)?.len(),
    })
}

#[cfg(test)]
mod tests;
