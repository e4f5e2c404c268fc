//! `chainbook-bench [--scale S|M|L] [--seed N] [--reps N] [--only customers|supply]
//! [--target DIR]`: builds or reuses the datasets under `<target>/bench-data/` (customers; the
//! supply side), runs the benchmarks, prints the table and writes `<target>/bench/latest.json`.
//! Run it in release mode (`cargo xtask bench` does).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use chainbook_bench::{implausible, run, run_supply, table, Figure, Options, Result};
use chainbook_datagen::{
    cached_dataset, cached_supply_dataset, read_manifest, read_supply_manifest,
    remove_cached_dataset, remove_cached_supply_dataset, Scale,
};
use serde_json::json;

const USAGE: &str = "\
usage: chainbook-bench [--scale S|M|L] [--seed N] [--reps N] [--rebuild]
                       [--only customers|supply] [--target DIR]
  --scale   dataset size: S 1,000 customers (default), M 10,000, L 100,000; the supply
            dataset: S 1,000 products and 100 suppliers, M 5,000 and 500, L 20,000 and 2,000
  --seed    generator seed (default 42)
  --reps    timed runs per figure (default 50, at least 1), after 5 warm-up runs
  --rebuild generate the datasets afresh even if cached ones match (after a change to what
            the store writes that leaves the schema as it was)
  --only    only the customer figures (search, lists, record, segment) or only the supply
            side's (product and supplier lists); default both
  --target  cargo's target folder (default $CARGO_TARGET_DIR or the workspace's target/)
";

/// Which datasets and figures a run covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Only {
    Both,
    Customers,
    Supply,
}

struct Args {
    scale: Scale,
    seed: u64,
    reps: usize,
    rebuild: bool,
    only: Only,
    target: PathBuf,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        scale: Scale::S,
        seed: 42,
        reps: 50,
        rebuild: false,
        only: Only::Both,
        target: default_target(),
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
            "--rebuild" => args.rebuild = true,
            "--only" => {
                args.only = match value()?.as_str() {
                    "customers" => Only::Customers,
                    "supply" => Only::Supply,
                    v => return Err(format!("--only is customers or supply, not {v:?}").into()),
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}").into()),
        }
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
    let args = parse_args()?;
    if cfg!(debug_assertions) {
        eprintln!(
            "chainbook-bench: warning: a debug build; figures are only meaningful in release"
        );
    }
    let opts = Options {
        reps: args.reps,
        ..Options::default()
    };
    let data = args.target.join("bench-data");
    let mut figures: Vec<Figure> = Vec::new();
    let mut datasets = serde_json::Map::new();
    let t = Instant::now();
    let mut took = 0.0;
    if args.only != Only::Supply {
        let name = chainbook_datagen::dataset_file_name(args.scale, args.seed);
        let before = read_manifest(&data.join(name));
        if args.rebuild {
            remove_cached_dataset(&args.target, args.scale, args.seed)?;
        }
        let db = cached_dataset(&args.target, args.scale, args.seed)?;
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
        let t = Instant::now();
        figures.extend(run(&db, &opts)?);
        took += t.elapsed().as_secs_f64();
    }
    if args.only != Only::Customers {
        let name = chainbook_datagen::supply_file_name(args.scale, args.seed);
        let before = read_supply_manifest(&data.join(name));
        if args.rebuild {
            remove_cached_supply_dataset(&args.target, args.scale, args.seed)?;
        }
        let db = cached_supply_dataset(&args.target, args.scale, args.seed)?;
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

fn cached(was_there: bool) -> &'static str {
    if was_there {
        " (cached)"
    } else {
        " (this run)"
    }
}
