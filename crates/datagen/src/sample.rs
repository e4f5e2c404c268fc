//! The sample company the first-run wizard offers: one database with a few thousand records
//! across every capability — customers with contacts, products with their stock ledger,
//! suppliers and purchase orders, sales orders in every state, complaints and survey
//! responses — written through the store's API by the same generators as the benchmark
//! datasets, at a size that builds in seconds ([`SAMPLE`]).
//!
//! [`build_sample`] writes it to a new file; the app then swaps it into its empty database
//! in one atomic copy (`Store::load_sample`), so a user never sees half a sample. One seed
//! gives one database, every build (a test compares two).
//!
//! **Dates** are the generators': order history up to the day before
//! [`crate::orders::TODAY`] (2026-11-23), complaints and surveys over the two years before
//! it. They are not moved to the day the sample is built.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;
use uuid::Uuid;

use crate::orders::TODAY;
use crate::{build_dataset, build_orders_dataset, integrity, Error, Result};

/// How big the sample company is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleSize {
    pub customers: usize,
    pub products: usize,
    pub suppliers: usize,
    pub orders: usize,
    pub complaints: usize,
    pub surveys: usize,
}

/// The first run's sample: smaller than [`crate::Scale::S`] so it builds in a few seconds on
/// a modest laptop, and still a few thousand records (with contacts, lines, movements and
/// purchase orders) in every list.
pub const SAMPLE: SampleSize = SampleSize {
    customers: 300,
    products: 120,
    suppliers: 24,
    orders: 1_200,
    complaints: 120,
    surveys: 240,
};

/// The seed of the sample the app offers.
pub const SAMPLE_SEED: u64 = 20_261_123;

/// The steps of a build, reported before each starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleStep {
    Customers,
    /// Products, suppliers, purchase orders and the sales orders.
    Orders,
    /// Complaints, other feedback and surveys.
    Service,
    /// The integrity checks of the finished file.
    Checking,
}

impl SampleStep {
    pub const ALL: [SampleStep; 4] = [
        SampleStep::Customers,
        SampleStep::Orders,
        SampleStep::Service,
        SampleStep::Checking,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SampleStep::Customers => "customers",
            SampleStep::Orders => "orders",
            SampleStep::Service => "service",
            SampleStep::Checking => "checking",
        }
    }
}

/// What a sample holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleStats {
    pub report: integrity::Report,
    pub complaints: u64,
    pub surveys: u64,
    pub build_ms: u64,
}

/// Removes a file and its WAL sidecars when dropped.
struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// Builds the sample company of `seed` and `size` at `path` (which must not exist), calling
/// `progress` before each step; checks the result with [`integrity::check`] before
/// returning. A failed build leaves no file at `path`.
pub fn build_sample(
    path: &Path,
    seed: u64,
    size: SampleSize,
    progress: &mut dyn FnMut(SampleStep),
) -> Result<SampleStats> {
    if path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let started = Instant::now();
    let mut customers_db = path.to_path_buf().into_os_string();
    customers_db.push(".customers");
    let customers_db = Temp(PathBuf::from(customers_db));
    let out = Temp(path.to_path_buf());
    progress(SampleStep::Customers);
    build_dataset(&customers_db.0, seed, size.customers)?;
    progress(SampleStep::Orders);
    build_orders_dataset(
        path,
        &customers_db.0,
        seed,
        size.products,
        size.suppliers,
        size.orders,
    )?;
    drop(customers_db);
    progress(SampleStep::Service);
    write_service(path, seed, size, started)?;
    progress(SampleStep::Checking);
    let report = integrity::check(path).map_err(Error::Integrity)?;
    let conn = Connection::open(path)?;
    let count = |t: &str| -> Result<u64> {
        Ok(
            conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
                r.get::<_, i64>(0)
            })? as u64,
        )
    };
    let (complaints, surveys) = (count("complaints")?, count("survey_responses")?);
    drop(conn);
    std::mem::forget(out);
    Ok(SampleStats {
        report,
        complaints,
        surveys,
        build_ms: started.elapsed().as_millis() as u64,
    })
}

/// Complaints and surveys into the orders dataset at `path`, by its customers and naming its
/// suppliers (carriers are those of kind `logistics`), as the complaints dataset writes them.
fn write_service(path: &Path, seed: u64, size: SampleSize, started: Instant) -> Result<()> {
    let ids = |sql: &str| -> Result<Vec<Uuid>> {
        let conn = Connection::open(path)?;
        let mut stmt = conn.prepare(sql)?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect())
    };
    let customers = ids("SELECT id FROM customers WHERE deleted = 0 ORDER BY rowid")?;
    let goods =
        ids("SELECT id FROM suppliers WHERE deleted = 0 AND kind <> 'logistics' ORDER BY rowid")?;
    let carriers =
        ids("SELECT id FROM suppliers WHERE deleted = 0 AND kind = 'logistics' ORDER BY rowid")?;
    // The orders' clock stopped at the last order day; complaints start two years before
    // TODAY and only wall-clock columns are historical (the HLC never goes back).
    let clock = crate::DataClock::at((TODAY - 760) * 86_400);
    let mut store = clock.open(path, seed, crate::COMPLAINT_IDS)?;
    let set = |t: i64| clock.set(t);
    crate::complaints::write_feedback(
        &mut store,
        &set,
        seed,
        &customers,
        &goods,
        &carriers,
        size.complaints,
        size.surveys,
        started,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_one_database_per_seed_with_every_capability_and_passes_the_checks() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
        let mut steps = Vec::new();
        let stats = build_sample(&a, 7, SAMPLE, &mut |s| steps.push(s)).unwrap();
        assert_eq!(steps, SampleStep::ALL);
        let r = &stats.report;
        assert_eq!(r.live_customers, SAMPLE.customers as u64);
        assert!(r.contacts > 0 && r.addresses > 0);
        assert_eq!(r.live_products, SAMPLE.products as u64);
        assert!(r.stock_movements > 0);
        assert_eq!(r.live_suppliers, SAMPLE.suppliers as u64);
        assert!(r.purchase_orders > 0);
        assert_eq!(r.live_orders, SAMPLE.orders as u64);
        assert_eq!(stats.complaints, SAMPLE.complaints as u64);
        assert_eq!(stats.surveys, SAMPLE.surveys as u64);
        let records = r.live_customers
            + r.contacts
            + r.live_products
            + r.live_suppliers
            + r.purchase_orders
            + r.live_orders
            + stats.complaints
            + stats.surveys;
        assert!(records >= 2_000, "{records} records");
        eprintln!("sample: {records} records, {stats:?}");
        // No temporary file is left beside it.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("a.db")]);

        build_sample(&b, 7, SAMPLE, &mut |_| {}).unwrap();
        assert_eq!(
            crate::tests::content_digest(&a),
            crate::tests::content_digest(&b)
        );
        // An existing file is never overwritten.
        assert!(matches!(
            build_sample(&a, 7, SAMPLE, &mut |_| {}),
            Err(Error::Exists(_))
        ));
    }
}
