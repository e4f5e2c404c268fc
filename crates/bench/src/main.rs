//! `chainbook-bench [--scale S|M|L] [--seed N] [--reps N] [--target DIR]`: builds or reuses the
//! dataset under `<target>/bench-data/`, runs every benchmark, prints the table and writes
//! `<target>/bench/latest.json`. Run it in release mode (`cargo xtask bench` does).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use chainbook_bench::{implausible, run, table, Options, Result};
use chainbook_datagen::{cached_dataset, read_manifest, remove_cached_dataset, Scale};
use serde_json::json;

const USAGE: &str = "\
usage: chainbook-bench [--scale S|M|L] [--seed N] [--reps N] [--rebuild] [--target DIR]
  --scale   dataset size: S 1,000 customers (default), M 10,000, L 100,000
  --seed    generator seed (default 42)
  --reps    timed runs per figure (default 50, at least 1), after 5 warm-up runs
  --rebuild generate the dataset afresh even if a cached one matches (after a change to what
            the store writes that leaves the schema as it was)
  --target  cargo's target folder (default $CARGO_TARGET_DIR or the workspace's target/)
";

struct Args {
    scale: Scale,
    seed: u64,
    reps: usize,
    rebuild: bool,
    target: PathBuf,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        scale: Scale::S,
        seed: 42,
        reps: 50,
        rebuild: false,
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
    let name = chainbook_datagen::dataset_file_name(args.scale, args.seed);
    let before = read_manifest(&args.target.join("bench-data").join(name));
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
        if before.as_ref() == Some(&stats) {
            " (cached)"
        } else {
            " (this run)"
        }
    );
    let opts = Options {
        reps: args.reps,
        ..Options::default()
    };
    let t = Instant::now();
    let figures = run(&db, &opts)?;
    let took = t.elapsed();
    println!();
    print!("{}", table(&figures));
    println!(
        "\n{} figures, {} warm-up + {} timed runs each, in {:.1} s",
        figures.len(),
        opts.warmup,
        opts.reps,
        took.as_secs_f64()
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
        "dataset": {
            "path": db.display().to_string(),
            "generator": stats.generator,
            "schema_version": stats.schema_version,
            "customers": stats.customers,
            "contacts": stats.contacts,
            "addresses": stats.addresses,
            "bytes": stats.bytes,
            "generation_ms": stats.build_ms,
        },
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
