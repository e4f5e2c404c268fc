//! The dataset cache under `<target>/bench-data/`: each dataset built once per scale and
//! seed, checked by [`crate::integrity`], described by a manifest beside it, and rebuilt when
//! the generator or the store's schema (its fingerprint) changed; builds go to a temporary
//! name and are renamed when complete, so an interrupted run never leaves a half dataset.

use std::io;
use std::path::{Path, PathBuf};

use chainbook_store::Store;

use crate::{
    build_complaints_dataset, build_dataset, build_orders_dataset, build_supply_dataset,
    complaints, integrity, orders, supply, ComplaintsStats, DatasetStats, Error, OrdersStats,
    Result, Scale, SupplyStats, GENERATOR_VERSION,
};

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

pub(crate) fn write_supply_manifest(db: &Path, s: &SupplyStats) -> io::Result<()> {
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

pub(crate) fn write_orders_manifest(db: &Path, s: &OrdersStats) -> io::Result<()> {
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

pub(crate) fn remove_cached(path: &Path) -> io::Result<()> {
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
