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
//! - [`cached_dataset`] builds a [`Scale`] once under `target/bench-data/` and reuses it.
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

pub mod complaints;
mod gen;
pub mod integrity;
pub mod orders;
pub mod purchasing;
mod rng;
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

pub use complaints::{build_complaints_dataset, ComplaintsStats};
pub use orders::{build_orders_dataset, OrdersStats};
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

/// The file name of a cached dataset.
pub fn dataset_file_name(scale: Scale, seed: u64) -> String {
    format!("customers-{scale}-{seed}.db")
}

/// The dataset for `scale` and `seed` under `<target_dir>/bench-data/`, built on first use and
/// reused afterwards. A build goes to a temporary name and is renamed when complete, so an
/// interrupted run never leaves a half dataset; a dataset from another generator version or
/// store schema is rebuilt.
pub fn cached_dataset(target_dir: &Path, scale: Scale, seed: u64) -> Result<PathBuf> {
    cached_build(
        target_dir,
        &dataset_file_name(scale, seed),
        scale,
        |path, schema| {
            read_manifest(path).is_some_and(|m| {
                m.generator == GENERATOR_VERSION
                    && m.seed == seed
                    && m.customers == scale.customers()
                    && m.schema == schema
            })
        },
        &format!("{} customers, seed {seed}", scale.customers()),
        |tmp| {
            let stats = build_dataset(tmp, seed, scale.customers())?;
            eprintln!(
                "datagen: built {} customers, {} contacts, {} addresses in {:.1} s ({:.1} MB)",
                stats.customers,
                stats.contacts,
                stats.addresses,
                stats.build_ms as f64 / 1000.0,
                stats.bytes as f64 / 1e6
            );
            Ok(stats)
        },
        write_manifest,
    )
}

/// The file name of a cached supply dataset.
pub fn supply_file_name(scale: Scale, seed: u64) -> String {
    format!("supply-{scale}-{seed}.db")
}

/// The supply dataset (products with their stock history, suppliers, supplies) for `scale` and
/// `seed` under `<target_dir>/bench-data/`, cached like [`cached_dataset`].
pub fn cached_supply_dataset(target_dir: &Path, scale: Scale, seed: u64) -> Result<PathBuf> {
    let (products, suppliers) = (scale.products(), scale.suppliers());
    cached_build(
        target_dir,
        &supply_file_name(scale, seed),
        scale,
        |path, schema| {
            read_supply_manifest(path).is_some_and(|m| {
                m.generator == supply::SUPPLY_GENERATOR_VERSION
                    && m.seed == seed
                    && m.products == products
                    && m.suppliers == suppliers
                    && m.schema == schema
            })
        },
        &format!("{products} products, {suppliers} suppliers, seed {seed}"),
        |tmp| {
            let stats = build_supply_dataset(tmp, seed, products, suppliers)?;
            eprintln!(
                "datagen: built {} products ({} inactive), {} stock movements, {} suppliers, \
                 {} supplier contacts, {} supplies in {:.1} s ({:.1} MB)",
                stats.products,
                stats.inactive_products,
                stats.movements,
                stats.suppliers,
                stats.supplier_contacts,
                stats.supplies,
                stats.build_ms as f64 / 1000.0,
                stats.bytes as f64 / 1e6
            );
            Ok(stats)
        },
        write_supply_manifest,
    )
}

/// The file name of a cached orders dataset.
pub fn orders_file_name(scale: Scale, seed: u64) -> String {
    format!("orders-{scale}-{seed}.db")
}

/// The orders dataset (the customers, the supply side and the orders; see [`orders`]) for
/// `scale` and `seed` under `<target_dir>/bench-data/`, cached like [`cached_dataset`]. It
/// starts from a copy of the cached customer dataset, which is built first if need be.
pub fn cached_orders_dataset(target_dir: &Path, scale: Scale, seed: u64) -> Result<PathBuf> {
    let (products, suppliers, orders) = (scale.products(), scale.suppliers(), scale.orders());
    let name = orders_file_name(scale, seed);
    let dir = target_dir.join("bench-data");
    let current = |path: &Path, schema: u64| {
        read_orders_manifest(path).is_some_and(|m| {
            m.generator == orders::ORDERS_GENERATOR_VERSION
                && m.customers_generator == GENERATOR_VERSION
                && m.supply_generator == supply::SUPPLY_GENERATOR_VERSION
                && m.seed == seed
                && m.customers == scale.customers()
                && m.products == products
                && m.suppliers == suppliers
                && m.orders == orders
                && m.schema == schema
        })
    };
    // Only look for (or build) the customers when the orders need building.
    if dir.join(&name).is_file() && current(&dir.join(&name), current_schema(&dir)?) {
        return Ok(dir.join(name));
    }
    let customers_db = cached_dataset(target_dir, scale, seed)?;
    cached_build(
        target_dir,
        &name,
        scale,
        current,
        &format!(
            "the {} customers, {products} products, {suppliers} suppliers and {orders} orders, \
             seed {seed}",
            scale.customers()
        ),
        |tmp| {
            let stats =
                build_orders_dataset(tmp, &customers_db, seed, products, suppliers, orders)?;
            eprintln!(
                "datagen: built {} orders ({} lines, {} shipment lines, {} return lines, {} \
                 late) on {} customers and {} products in {:.1} s ({:.1} MB)",
                stats.orders,
                stats.lines,
                stats.shipments,
                stats.returns,
                stats.late,
                stats.customers,
                stats.products,
                stats.build_ms as f64 / 1000.0,
                stats.bytes as f64 / 1e6
            );
            Ok(stats)
        },
        write_orders_manifest,
    )
}

/// The file name of a cached complaints dataset.
pub fn complaints_file_name(scale: Scale, seed: u64) -> String {
    format!("complaints-{scale}-{seed}.db")
}

/// The complaints dataset (the customers, suppliers and carriers, complaints and surveys; see
/// [`complaints`]) for `scale` and `seed` under `<target_dir>/bench-data/`, cached like
/// [`cached_dataset`]. It starts from a copy of the cached customer dataset.
pub fn cached_complaints_dataset(target_dir: &Path, scale: Scale, seed: u64) -> Result<PathBuf> {
    let (suppliers, complaints, surveys) = (scale.suppliers(), scale.complaints(), scale.surveys());
    let name = complaints_file_name(scale, seed);
    let dir = target_dir.join("bench-data");
    let current = |path: &Path, schema: u64| {
        read_complaints_manifest(path).is_some_and(|m| {
            m.generator == complaints::COMPLAINTS_GENERATOR_VERSION
                && m.customers_generator == GENERATOR_VERSION
                && m.seed == seed
                && m.customers == scale.customers()
                && m.suppliers == suppliers
                && m.complaints == complaints
                && m.surveys == surveys
                && m.schema == schema
        })
    };
    if dir.join(&name).is_file() && current(&dir.join(&name), current_schema(&dir)?) {
        return Ok(dir.join(name));
    }
    let customers_db = cached_dataset(target_dir, scale, seed)?;
    cached_build(
        target_dir,
        &name,
        scale,
        current,
        &format!(
            "the {} customers, {suppliers} suppliers, {complaints} complaints and {surveys} \
             survey responses, seed {seed}",
            scale.customers()
        ),
        |tmp| {
            let stats =
                build_complaints_dataset(tmp, &customers_db, seed, suppliers, complaints, surveys)?;
            eprintln!(
                "datagen: built {} complaints ({} open, {} breached) and {} surveys in {:.1} s \
                 ({:.1} MB)",
                stats.complaints,
                stats.open,
                stats.breached,
                stats.surveys,
                stats.build_ms as f64 / 1000.0,
                stats.bytes as f64 / 1e6
            );
            Ok(stats)
        },
        write_complaints_manifest,
    )
}

/// The statistics recorded when a cached complaints dataset was built.
pub fn read_complaints_manifest(db: &Path) -> Option<ComplaintsStats> {
    let text = std::fs::read_to_string(manifest_path(db)).ok()?;
    let mut values = [0u64; 13];
    for (key, v) in ComplaintsStats::KEYS.iter().zip(values.iter_mut()) {
        *v = text
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.trim().parse::<u64>().ok())?;
    }
    Some(ComplaintsStats::from_values(values))
}

fn write_complaints_manifest(db: &Path, s: &ComplaintsStats) -> io::Result<()> {
    let text: String = ComplaintsStats::KEYS
        .iter()
        .zip(s.values())
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect();
    std::fs::write(manifest_path(db), text)
}

/// [`remove_cached_dataset`] for the complaints dataset (the customer dataset stays).
pub fn remove_cached_complaints_dataset(
    target_dir: &Path,
    scale: Scale,
    seed: u64,
) -> io::Result<()> {
    remove_cached(
        &target_dir
            .join("bench-data")
            .join(complaints_file_name(scale, seed)),
    )
}

/// Builds `<target_dir>/bench-data/<name>` with `build` unless `is_current(path, schema)` says
/// the one there was built by this generator for this schema; checks a fresh build with
/// [`integrity`] and writes its manifest with `manifest`.
fn cached_build<T>(
    target_dir: &Path,
    name: &str,
    scale: Scale,
    is_current: impl FnOnce(&Path, u64) -> bool,
    what: &str,
    build: impl FnOnce(&Path) -> Result<T>,
    manifest: impl FnOnce(&Path, &T) -> io::Result<()>,
) -> Result<PathBuf> {
    let dir = target_dir.join("bench-data");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    let schema = current_schema(&dir)?;
    if path.is_file() {
        if is_current(&path, schema) {
            return Ok(path);
        }
        eprintln!("datagen: {name} is from another generator or schema version; rebuilding");
    }
    remove_cached(&path)?;
    let tmp = dir.join(format!("{name}.tmp-{}", std::process::id()));
    for f in [sidecar(&tmp, "-wal"), sidecar(&tmp, "-shm"), tmp.clone()] {
        remove_if_present(&f)?;
    }
    eprintln!(
        "datagen: building {} ({what}) through the store layer",
        path.display()
    );
    let stats = build(&tmp)?;
    if sidecar(&tmp, "-wal").exists() {
        return Err(Error::Incomplete(format!(
            "{} still has a write-ahead log after closing",
            tmp.display()
        )));
    }
    // Every build is checked before it is used (after the WAL check above: opening the file
    // would replay a left-over log). At L the cheaper checks: 8–10 s after a 100 s customer
    // build instead of 13 s; they leave out SQLite's index cross-check and FTS5's own.
    let depth = match scale {
        Scale::L => integrity::Depth::Fast,
        Scale::S | Scale::M => integrity::Depth::Full,
    };
    let report = integrity::check_with(&tmp, depth).map_err(Error::Integrity)?;
    eprintln!(
        "datagen: integrity checks ({depth:?}) passed in {:.1} s",
        report.ms as f64 / 1000.0
    );
    // The manifest goes first: a manifest without its database only means a rebuild.
    manifest(&path, &stats)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

/// The statistics recorded when a cached dataset was built.
pub fn read_manifest(db: &Path) -> Option<DatasetStats> {
    let text = std::fs::read_to_string(manifest_path(db)).ok()?;
    let get = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    Some(DatasetStats {
        generator: get("generator")? as u32,
        seed: get("seed")?,
        customers: get("customers")? as usize,
        contacts: get("contacts")? as usize,
        addresses: get("addresses")? as usize,
        schema_version: get("schema_version")? as u32,
        schema: get("schema")?,
        build_ms: get("build_ms")?,
        bytes: get("bytes")?,
    })
}

fn write_manifest(db: &Path, s: &DatasetStats) -> io::Result<()> {
    let text = format!(
        "generator={}\nseed={}\ncustomers={}\ncontacts={}\naddresses={}\nschema_version={}\n\
         schema={}\nbuild_ms={}\nbytes={}\n",
        s.generator,
        s.seed,
        s.customers,
        s.contacts,
        s.addresses,
        s.schema_version,
        s.schema,
        s.build_ms,
        s.bytes
    );
    std::fs::write(manifest_path(db), text)
}

/// The statistics recorded when a cached supply dataset was built.
pub fn read_supply_manifest(db: &Path) -> Option<SupplyStats> {
    let text = std::fs::read_to_string(manifest_path(db)).ok()?;
    let mut values = [0u64; 12];
    for (key, v) in SupplyStats::KEYS.iter().zip(values.iter_mut()) {
        *v = text
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.trim().parse::<u64>().ok())?;
    }
    Some(SupplyStats::from_values(values))
}

fn write_supply_manifest(db: &Path, s: &SupplyStats) -> io::Result<()> {
    let text: String = SupplyStats::KEYS
        .iter()
        .zip(s.values())
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect();
    std::fs::write(manifest_path(db), text)
}

/// The statistics recorded when a cached orders dataset was built.
pub fn read_orders_manifest(db: &Path) -> Option<OrdersStats> {
    let text = std::fs::read_to_string(manifest_path(db)).ok()?;
    let mut values = [0u64; OrdersStats::KEYS.len()];
    for (key, v) in OrdersStats::KEYS.iter().zip(values.iter_mut()) {
        *v = text
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.trim().parse::<u64>().ok())?;
    }
    Some(OrdersStats::from_values(values))
}

fn write_orders_manifest(db: &Path, s: &OrdersStats) -> io::Result<()> {
    let text: String = OrdersStats::KEYS
        .iter()
        .zip(s.values())
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect();
    std::fs::write(manifest_path(db), text)
}

fn manifest_path(db: &Path) -> PathBuf {
    db.with_extension("manifest")
}

/// `<db><suffix>`, e.g. SQLite's `-wal` file.
fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_present(p: &Path) -> io::Result<()> {
    match std::fs::remove_file(p) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Deletes the cached dataset for `scale` and `seed` (and its manifest), if there is one, so
/// the next [`cached_dataset`] builds it afresh — after a change to what the store writes that
/// leaves the schema as it was (say, what goes into the search index).
pub fn remove_cached_dataset(target_dir: &Path, scale: Scale, seed: u64) -> io::Result<()> {
    remove_cached(
        &target_dir
            .join("bench-data")
            .join(dataset_file_name(scale, seed)),
    )
}

/// [`remove_cached_dataset`] for the supply dataset.
pub fn remove_cached_supply_dataset(target_dir: &Path, scale: Scale, seed: u64) -> io::Result<()> {
    remove_cached(
        &target_dir
            .join("bench-data")
            .join(supply_file_name(scale, seed)),
    )
}

/// [`remove_cached_dataset`] for the orders dataset (the customer dataset it starts from
/// stays).
pub fn remove_cached_orders_dataset(target_dir: &Path, scale: Scale, seed: u64) -> io::Result<()> {
    remove_cached(
        &target_dir
            .join("bench-data")
            .join(orders_file_name(scale, seed)),
    )
}

fn remove_cached(path: &Path) -> io::Result<()> {
    // The manifest first: a database without one is never reused.
    for f in [
        manifest_path(path),
        sidecar(path, "-wal"),
        sidecar(path, "-shm"),
        path.to_path_buf(),
    ] {
        remove_if_present(&f)?;
    }
    Ok(())
}

/// The fingerprint of the schema this build of the store creates, from a throw-away database.
fn current_schema(dir: &Path) -> Result<u64> {
    let probe = dir.join(format!(".schema-probe-{}.db", std::process::id()));
    let files = [
        probe.clone(),
        sidecar(&probe, "-wal"),
        sidecar(&probe, "-shm"),
    ];
    files.iter().try_for_each(|f| remove_if_present(f))?;
    let fingerprint = Store::open(&probe)
        .map(drop)
        .map_err(Error::from)
        .and_then(|()| schema_fingerprint(&probe));
    files.iter().try_for_each(|f| remove_if_present(f))?;
    fingerprint
}

/// Text whose search keys stand for the key-making code in the dataset fingerprint.
const SEARCH_KEYS_PROBE: &str = "重庆长安 吕晓曾 深圳华为技术有限公司 Nordic Steel 0755";

/// FNV-1a over `user_version` and every schema object's type, name and SQL, in name order.
/// SQLite's own statistics tables (`sqlite_stat*`, written by ANALYZE after an import) are
/// data about the rows, not schema, and are left out.
pub(crate) fn schema_fingerprint(db: &Path) -> Result<u64> {
    // Read-write, so that closing it removes the write-ahead log as the store's close does (a
    // read-only connection would leave an empty one behind).
    let conn = rusqlite::Connection::open(db)?;
    let mut text = conn
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?
        .to_string();
    let mut stmt = conn.prepare(
        "SELECT type, name, ifnull(sql, '') FROM sqlite_schema
             WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "\n{}|{}|{}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?
        ))
    })?;
    for row in rows {
        text.push_str(&row?);
    }
    // The search index stores keys computed in Rust; a change to how they are made changes
    // the data without touching the schema, so it must also invalidate cached datasets.
    let (pinyin, initials) = chainbook_core::search_keys::pinyin_keys(SEARCH_KEYS_PROBE);
    text.push_str(&format!("\n{pinyin}|{initials}|"));
    text.push_str(&chainbook_core::search_keys::short_tokens([
        SEARCH_KEYS_PROBE,
    ]));
    Ok(text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }))
}

#[cfg(test)]
mod tests;
