//! `chainbook-bench [--scale S|M|L] [--seed N] [--reps N]
//! [--only customers|supply|orders|analytics|planning|scorecard|palette|complaints|data|forecast|sync-net] [--target DIR]`: builds or reuses the datasets under `<target>/bench-data/` (customers; the
//! supply side; orders; complaints), runs the benchmarks, prints the table and writes `<target>/bench/latest.json`.
//! Run it in release mode (`cargo xtask bench` does). `chainbook-bench net-device …` is the
//! device process of group `sync-net` (see `chainbook_bench::net::device`), not for people.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use chainbook_bench::{
    footprint, footprint_table, implausible, run, run_apply, run_complaints, run_data, run_orders,
    run_supply, table, Figure, Options, Result,
};
use chainbook_datagen::{
    cached_complaints_dataset, cached_dataset, cached_orders_dataset, cached_supply_dataset,
    read_complaints_manifest, read_manifest, read_orders_manifest, read_supply_manifest,
    remove_cached_complaints_dataset, remove_cached_dataset, remove_cached_orders_dataset,
    remove_cached_supply_dataset, Scale,
};
use serde_json::json;

const USAGE: &str = "\
usage: chainbook-bench [--scale S|M|L] [--seed N] [--reps N] [--rebuild]
                       [--only customers|supply|orders|analytics|planning|scorecard|palette|complaints|data|forecast|sync-net]
                       [--target DIR] [--products N]
                       [--db FILE] [--audit-indexes]
  --scale   dataset size: S 1,000 customers (default), M 10,000, L 100,000; the supply
            dataset: S 1,000 products and 100 suppliers, M 5,000 and 500, L 20,000 and 2,000;
            the orders dataset: that scale's customers and supply side and S 1,000 orders,
            M 100,000, L 1,000,000; the complaints dataset: that scale's customers and
            suppliers with S 1,000 complaints and 2,000 survey responses, M 10,000 and
            20,000, L 100,000 and 200,000
  --seed    generator seed (default 42)
  --reps    timed runs per figure (default 50, at least 1), after 5 warm-up runs
  --encrypted
            measure encrypted copies of the customers and orders datasets (SQLCipher with a
            fixed benchmark key, the bare-SQLite figures keyed too): the customer figures, and
            with the orders the order list and page and applying remote changes (the writes)
  --rebuild generate the datasets afresh even if cached ones match (after a change to what
            the store writes that leaves the schema as it was)
  --only    only the customer figures (search, lists, record, segment), only data out
            (data: every customer exported to .xlsx and a backup of the customers dataset,
            on that dataset), only the supply
            side's (product and supplier lists), only the orders' (order list and order
            page, analytics, applying remote changes), only the analytics (on the orders
            dataset), only the planning figures (on the orders dataset: the product list
            with reserved, available and on order, the plan of a day, the replenishment
            list), only the supplier scorecard (scorecard: every
            supplier's quarter and one supplier's page), only the command palette per
            keystroke and the home's attention list (palette, on the orders dataset), only the complaints' (complaint list and page, NPS/CSAT), or only sync
            over the network (sync-net, on the orders dataset: the real chainbook-server,
            built in this binary's profile or taken from $CHAINBOOK_SERVER_BIN, on 127.0.0.1;
            a new device's first sync of the dataset with both sides' peak memory, 200
            one-change round trips, 20 clients pushing at once; last in a full run), or only
            forecasting (forecast: 20,000 synthetic products × 36 months with backtests, no
            dataset); default all
  --products
            products in the forecast group (default 20,000, the issue's target size)
  --target  cargo's target folder (default $CARGO_TARGET_DIR or the workspace's target/)
  --analytics-json FILE
            with the orders dataset: write every CNY customer's value (revenue, ABC tier,
            RFM, lifecycle) for the 365 days to the dataset's today to FILE and stop
  --audit-indexes
            run every figure once while recording the store's statements, plan them on the
            datasets and list the indexes no plan uses (nothing is timed)
  --db      with --only: measure FILE instead of the cached dataset, e.g. a copy with a
            migration applied (opening it applies pending migrations; FILE's .manifest, copied
            beside it, describes it)
";

/// Which datasets and figures a run covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Only {
    All,
    Customers,
    Supply,
    Orders,
    /// Only the analytics figures, on the orders dataset.
    Analytics,
    /// Only the planning figures, on the orders dataset.
    Planning,
    /// Only the supplier scorecard's figures, on the orders dataset.
    Scorecard,
    /// Only the command palette and the home, on the orders dataset.
    Palette,
    Complaints,
    /// Only the export and backup figures, on the customers dataset.
    Data,
    /// Only sync over the network, on the orders dataset.
    SyncNet,
    /// Only the forecasting engine, on synthetic series (no dataset).
    Forecast,
}

impl Only {
    fn runs(self, part: Only) -> bool {
        self == Only::All || self == part
    }
}

struct Args {
    scale: Scale,
    seed: u64,
    reps: usize,
    rebuild: bool,
    only: Only,
    target: PathBuf,
    /// Measure this file instead of the cached dataset (with `--only`).
    db: Option<PathBuf>,
    /// Run every figure once while recording the store's statements, and report which
    /// indexes their plans use.
    audit: bool,
    /// Write every CNY customer's value for the default year to this file (JSON) and stop,
    /// for `tests/crosscheck/analytics.py`.
    analytics_json: Option<PathBuf>,
    /// Products in the forecast group.
    products: usize,
    /// Measure encrypted copies of the datasets (SQLCipher, a fixed benchmark key).
    encrypted: bool,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        scale: Scale::S,
        seed: 42,
        reps: 50,
        rebuild: false,
        only: Only::All,
        target: default_target(),
        db: None,
        audit: false,
        analytics_json: None,
        products: chainbook_bench::FORECAST_PRODUCTS,
        encrypted: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{a} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--scale" => {
                let v = value()?;
                args.scale = Scale::parse(&v).ok_or_else(|| format!("unknown scale {v:?}"))?;
            }
            "--seed" => args.seed = value()?.parse()?,
            "--reps" => args.reps = value()?.parse::<usize>()?.max(1),
            "--target" => args.target = PathBuf::from(value()?),
            "--db" => args.db = Some(PathBuf::from(value()?)),
            "--rebuild" => args.rebuild = true,
            "--encrypted" => args.encrypted = true,
            "--products" => args.products = value()?.parse::<usize>()?.max(1),
            "--audit-indexes" => args.audit = true,
            "--analytics-json" => args.analytics_json = Some(PathBuf::from(value()?)),
            "--only" => {
                args.only = match value()?.as_str() {
                    "customers" => Only::Customers,
                    "supply" => Only::Supply,
                    "orders" => Only::Orders,
                    "analytics" => Only::Analytics,
                    "planning" => Only::Planning,
                    "scorecard" => Only::Scorecard,
                    "palette" => Only::Palette,
                    "complaints" => Only::Complaints,
                    "data" => Only::Data,
                    "sync-net" => Only::SyncNet,
                    "forecast" => Only::Forecast,
                    v => {
                        return Err(format!(
                            "--only is customers, supply, orders, analytics, planning, scorecard, \
                             palette, complaints, data, forecast or sync-net, not {v:?}"
                        )
                        .into())
                    }
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}").into()),
        }
    }
    if args.db.is_some() && args.only == Only::All {
        return Err("--db needs --only: the file holds one dataset".into());
    }
    Ok(args)
}

/// `$CARGO_TARGET_DIR`, else the workspace's `target/` (this crate is `<root>/crates/bench`).
fn default_target() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => root.join(d),
        _ => root.join("target"),
    }
}

fn main() -> ExitCode {
    match real_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chainbook-bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn real_main() -> Result<()> {
    if std::env::args().nth(1).as_deref() == Some(chainbook_bench::net::SUBCOMMAND) {
        return chainbook_bench::net::device_main(std::env::args().skip(2));
    }
    let args = parse_args()?;
    if args.encrypted {
        // Fixed, so the encrypted copies are reused between runs; a benchmark holds no secret.
        chainbook_bench::encrypt_with(
            chainbook_store::cipher::Key::from_hex(&"5a".repeat(32)).expect("a key"),
        );
    }
    if cfg!(debug_assertions) {
        eprintln!(
            "chainbook-bench: warning: a debug build; figures are only meaningful in release"
        );
    }
    let opts = if args.audit {
        chainbook_store::diagnostics::record_statements();
        Options { warmup: 0, reps: 1 }
    } else {
        Options {
            reps: args.reps,
            ..Options::default()
        }
    };
    let mut dbs: Vec<PathBuf> = Vec::new();
    let data = args.target.join("bench-data");
    let mut figures: Vec<Figure> = Vec::new();
    let mut datasets = serde_json::Map::new();
    let t = Instant::now();
    let mut took = 0.0;
    if args.only.runs(Only::Customers) || args.only == Only::Data {
        let name = chainbook_datagen::dataset_file_name(args.scale, args.seed);
        let before = read_manifest(&data.join(name));
        if args.rebuild {
            remove_cached_dataset(&args.target, args.scale, args.seed)?;
        }
        let db = dataset(&args, || {
            cached_dataset(&args.target, args.scale, args.seed)
        })?;
        dbs.push(db.clone());
        let stats = read_manifest(&db).ok_or("the dataset has no manifest")?;
        println!(
            "dataset {}: {} customers, {} contacts, {} addresses, {:.1} MB, generated in {:.1} s{}",
            db.display(),
            stats.customers,
            stats.contacts,
            stats.addresses,
            stats.bytes as f64 / 1e6,
            stats.build_ms as f64 / 1000.0,
            cached(before.as_ref() == Some(&stats))
        );
        datasets.insert(
            "customers".into(),
            json!({
                "path": db.display().to_string(),
                "generator": stats.generator,
                "schema_version": stats.schema_version,
                "customers": stats.customers,
                "contacts": stats.contacts,
                "addresses": stats.addresses,
                "bytes": stats.bytes,
                "generation_ms": stats.build_ms,
            }),
        );
        let db = if args.encrypted {
            chainbook_bench::encrypted_copy(&db)?
        } else {
            db
        };
        let t = Instant::now();
        if args.only.runs(Only::Customers) {
            figures.extend(run(&db, &opts)?);
        }
        if args.only.runs(Only::Data) && !args.audit {
            figures.extend(run_data(&db, &args.target.join("bench").join("data"))?);
        }
        took += t.elapsed().as_secs_f64();
    }
    if args.only.runs(Only::Supply) {
        let name = chainbook_datagen::supply_file_name(args.scale, args.seed);
        let before = read_supply_manifest(&data.join(name));
        if args.rebuild {
            remove_cached_supply_dataset(&args.target, args.scale, args.seed)?;
        }
        let db = dataset(&args, || {
            cached_supply_dataset(&args.target, args.scale, args.seed)
        })?;
        dbs.push(db.clone());
        let stats = read_supply_manifest(&db).ok_or("the supply dataset has no manifest")?;
        println!(
            "dataset {}: {} products ({} inactive), {} stock movements, {} suppliers, {} \
             supplier contacts, {} supplies, {:.1} MB, generated in {:.1} s{}",
            db.display(),
            stats.products,
            stats.inactive_products,
            stats.movements,
            stats.suppliers,
            stats.supplier_contacts,
            stats.supplies,
            stats.bytes as f64 / 1e6,
            stats.build_ms as f64 / 1000.0,
            cached(before.as_ref() == Some(&stats))
        );
        datasets.insert(
            "supply".into(),
            json!({
                "path": db.display().to_string(),
                "generator": stats.generator,
                "schema_version": stats.schema_version,
                "products": stats.products,
                "inactive_products": stats.inactive_products,
                "movements": stats.movements,
                "suppliers": stats.suppliers,
                "supplier_contacts": stats.supplier_contacts,
                "supplies": stats.supplies,
                "bytes": stats.bytes,
                "generation_ms": stats.build_ms,
            }),
        );
        let t = Instant::now();
        figures.extend(run_supply(&db, &opts)?);
        took += t.elapsed().as_secs_f64();
    }
    // Sync over the network runs last: its first sync loads the whole machine for minutes.
    let mut net_db = None;
    if args.only.runs(Only::Orders)
        || args.only.runs(Only::SyncNet)
        || args.only == Only::Analytics
        || args.only == Only::Planning
        || args.only == Only::Scorecard
        || args.only == Only::Palette
    {
        let name = chainbook_datagen::orders_file_name(args.scale, args.seed);
        let before = read_orders_manifest(&data.join(name));
        if args.rebuild {
            remove_cached_orders_dataset(&args.target, args.scale, args.seed)?;
        }
        let db = dataset(&args, || {
            cached_orders_dataset(&args.target, args.scale, args.seed)
        })?;
        dbs.push(db.clone());
        let stats = read_orders_manifest(&db).ok_or("the orders dataset has no manifest")?;
        println!(
            "dataset {}: {} orders, {} lines, {} shipment lines, {} return lines, {} late, on \
             {} customers ({} with orders: {} at risk, {} lost) and {} products ({} short); \
             {} purchase orders ({} lines), {} production receipts; {:.1} MB, generated in \
             {:.1} s{}",
            db.display(),
            stats.orders,
            stats.lines,
            stats.shipments,
            stats.returns,
            stats.late,
            stats.customers,
            stats.buyers,
            stats.at_risk,
            stats.lost,
            stats.products,
            stats.short_products,
            stats.purchase_orders,
            stats.po_lines,
            stats.production_receipts,
            stats.bytes as f64 / 1e6,
            stats.build_ms as f64 / 1000.0,
            cached(before.as_ref() == Some(&stats))
        );
        datasets.insert(
            "orders".into(),
            json!({
                "path": db.display().to_string(),
                "generator": stats.generator,
                "schema_version": stats.schema_version,
                "customers": stats.customers,
                "products": stats.products,
                "suppliers": stats.suppliers,
                "orders": stats.orders,
                "lines": stats.lines,
                "shipment_lines": stats.shipments,
                "return_lines": stats.returns,
                "late": stats.late,
                "customers_with_orders": stats.buyers,
                "at_risk": stats.at_risk,
                "lost": stats.lost,
                "products_short": stats.short_products,
                "purchase_orders": stats.purchase_orders,
                "po_lines": stats.po_lines,
                "production_receipts": stats.production_receipts,
                "bytes": stats.bytes,
                "generation_ms": stats.build_ms,
            }),
        );
        if let Some(out) = &args.analytics_json {
            return chainbook_bench::write_analytics_json(&db, out);
        }
        let tables = footprint(&db)?;
        print!("{}", footprint_table(&tables));
        if let Some(serde_json::Value::Object(o)) = datasets.get_mut("orders") {
            o.insert(
                "tables".into(),
                tables.iter().map(|(t, b)| (t.clone(), json!(b))).collect(),
            );
        }
        let t = Instant::now();
        if args.encrypted {
            let db = chainbook_bench::encrypted_copy(&db)?;
            if args.only.runs(Only::Orders) {
                figures.extend(run_orders(&db, &opts)?);
                figures.extend(run_apply(
                    &db,
                    &args.target.join("bench").join("scratch"),
                    chainbook_bench::APPLY_BATCHES,
                )?);
            }
        } else if args.only == Only::Analytics {
            figures.extend(chainbook_bench::run_analytics(&db, &opts)?);
        } else if args.only == Only::Planning {
            figures.extend(chainbook_bench::run_planning(&db, &opts)?);
        } else if args.only == Only::Scorecard {
            figures.extend(chainbook_bench::run_scorecard(&db, &opts)?);
        } else if args.only == Only::Palette {
            figures.extend(chainbook_bench::run_palette(&db, &opts)?);
        } else if args.only.runs(Only::Orders) {
            figures.extend(run_orders(&db, &opts)?);
            figures.extend(run_apply(
                &db,
                &args.target.join("bench").join("scratch"),
                chainbook_bench::APPLY_BATCHES,
            )?);
            figures.extend(chainbook_bench::run_planning(&db, &opts)?);
        }
        if args.only.runs(Only::SyncNet) && !args.audit {
            net_db = Some(db);
        }
        took += t.elapsed().as_secs_f64();
    }
    if args.only.runs(Only::Complaints) {
        let name = chainbook_datagen::complaints_file_name(args.scale, args.seed);
        let before = read_complaints_manifest(&data.join(name));
        if args.rebuild {
            remove_cached_complaints_dataset(&args.target, args.scale, args.seed)?;
        }
        let db = dataset(&args, || {
            cached_complaints_dataset(&args.target, args.scale, args.seed)
        })?;
        dbs.push(db.clone());
        let stats =
            read_complaints_manifest(&db).ok_or("the complaints dataset has no manifest")?;
        println!(
            "dataset {}: {} complaints ({} open, {} breached), {} survey responses, on {} \
             customers and {} suppliers, {:.1} MB, generated in {:.1} s{}",
            db.display(),
            stats.complaints,
            stats.open,
            stats.breached,
            stats.surveys,
            stats.customers,
            stats.suppliers,
            stats.bytes as f64 / 1e6,
            stats.build_ms as f64 / 1000.0,
            cached(before.as_ref() == Some(&stats))
        );
        datasets.insert(
            "complaints".into(),
            json!({
                "path": db.display().to_string(),
                "generator": stats.generator,
                "schema_version": stats.schema_version,
                "customers": stats.customers,
                "suppliers": stats.suppliers,
                "complaints": stats.complaints,
                "open": stats.open,
                "breached": stats.breached,
                "surveys": stats.surveys,
                "bytes": stats.bytes,
                "generation_ms": stats.build_ms,
            }),
        );
        let t = Instant::now();
        figures.extend(run_complaints(&db, &opts)?);
        took += t.elapsed().as_secs_f64();
    }
    if args.only.runs(Only::Forecast) && !args.audit {
        let t = Instant::now();
        figures.extend(chainbook_bench::run_forecast(args.products, &opts)?);
        took += t.elapsed().as_secs_f64();
    }
    let mut sync_net = serde_json::Value::Null;
    if let Some(db) = net_db {
        let t = Instant::now();
        let mut net = chainbook_bench::NetOptions::new(
            chainbook_bench::net::server::server_bin()?,
            std::env::current_exe()?,
            args.target.join("bench").join("scratch").join("sync-net"),
        );
        net.first_sync_targets = args.scale == Scale::L;
        let (f, report) = chainbook_bench::run_sync_net(&db, &net)?;
        figures.extend(f);
        sync_net = report;
        took += t.elapsed().as_secs_f64();
    }
    if args.audit {
        return report_index_audit(&args.target, &dbs);
    }
    println!();
    print!("{}", table(&figures));
    println!(
        "\n{} figures, {} warm-up + {} timed runs each, in {took:.1} s ({:.1} s with datasets)",
        figures.len(),
        opts.warmup,
        opts.reps,
        t.elapsed().as_secs_f64()
    );
    let missed: Vec<_> = figures.iter().filter(|f| f.missed()).collect();
    if !missed.is_empty() {
        println!("missed targets:");
        for f in &missed {
            println!("  {} (p95 {:.1} ms)", f.name, f.p95_ms);
        }
    }
    let problems = implausible(&figures);
    for p in &problems {
        println!("implausible: {p}");
    }
    let out_dir = args.target.join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let report = json!({
        "scale": args.scale.as_str(),
        "seed": args.seed,
        "unix_time": SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
        "machine": {
            "os": std::env::consts::OS,
            "arch": std::env::consts::ARCH,
            "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        },
        "dataset": datasets.remove("customers"),
        "supply_dataset": datasets.remove("supply"),
        "orders_dataset": datasets.remove("orders"),
        "complaints_dataset": datasets.remove("complaints"),
        "sync_net": sync_net,
        "warmup": opts.warmup,
        "reps": opts.reps,
        "figures": figures,
        "missed": missed.iter().map(|f| &f.name).collect::<Vec<_>>(),
        "implausible": problems,
    });
    let path = out_dir.join("latest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("wrote {}", path.display());
    if !problems.is_empty() {
        return Err(format!("{} implausible results", problems.len()).into());
    }
    Ok(())
}

/// Plans the recorded statements on the datasets, prints the indexes no plan used and writes
/// `<target>/bench/index-audit.json`.
fn report_index_audit(target: &Path, dbs: &[PathBuf]) -> Result<()> {
    let statements = chainbook_store::diagnostics::recorded_statements();
    let audit = chainbook_bench::audit_indexes(dbs, &statements)?;
    let unused: Vec<_> = audit.iter().filter(|i| !i.used).collect();
    println!(
        "\nindex audit: {} statements planned on {} datasets; {} of {} indexes used",
        statements.len(),
        dbs.len(),
        audit.len() - unused.len(),
        audit.len()
    );
    for i in &unused {
        println!(
            "  unused: {} on {}{}",
            i.name,
            i.table,
            if i.unique {
                " (enforces uniqueness)"
            } else {
                ""
            }
        );
    }
    let out_dir = target.join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let path = out_dir.join("index-audit.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&json!({ "statements": statements, "indexes": audit }))?
            + "\n",
    )?;
    println!("wrote {}", path.display());
    Ok(())
}

/// `--db` if given, else the cached dataset from `cached`.
fn dataset(
    args: &Args,
    cached: impl FnOnce() -> chainbook_datagen::Result<PathBuf>,
) -> Result<PathBuf> {
    match &args.db {
        Some(db) => Ok(db.clone()),
        None => Ok(cached()?),
    }
}

fn cached(was_there: bool) -> &'static str {
    if was_there {
        " (cached)"
    } else {
        " (this run)"
    }
}
