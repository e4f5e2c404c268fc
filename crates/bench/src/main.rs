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

mod cli;

use cli::{parse_args, Args, Only};

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
