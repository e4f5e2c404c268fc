//! `cargo xtask bench`: the store-layer benchmarks (package `chainbook-bench`) in release mode,
//! on a dataset generated once per scale and seed under `target/bench-data/` and reused; with
//! `--app`, the app-level figures instead (see [`crate::app_bench`]).

use std::process::ExitCode;

use crate::app_bench;
use crate::cmd::{Result, Workspace};

/// The benchmark package and binary.
pub const PACKAGE: &str = "chainbook-bench";

/// What `cargo xtask bench` was asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// `S`, `M` or `L`.
    pub scale: String,
    pub seed: u64,
    /// Timed runs per figure; the benchmark's default when `None`.
    pub reps: Option<u32>,
    /// Generate the datasets afresh.
    pub rebuild: bool,
    /// `customers`, `supply`, `orders` or `complaints`: only that dataset's figures; all when `None`.
    pub only: Option<String>,
    /// `Some(launches)`: measure the built app instead of the store (`--app [--runs N]`), on
    /// the orders dataset of `scale` (L unless `--scale` says otherwise) or on `--db FILE`.
    pub app: Option<u32>,
    /// `--app --db FILE`: the database the app opens instead of the orders dataset.
    pub app_db: Option<std::path::PathBuf>,
    /// List the indexes no benchmarked query uses instead of timing (`--audit-indexes`).
    pub audit_indexes: bool,
}

/// Parses `[--scale S|M|L] [--seed N] [--reps N] [--rebuild] [--only customers|supply|orders|complaints|forecast] [--audit-indexes]`
/// or `--app [--runs N] [--scale S|M|L | --db FILE]`; defaults: scale S, seed 42, all datasets;
/// for the app 5 runs on the L orders dataset.
pub fn parse(args: &[String]) -> Result<Options> {
    let mut opts = Options {
        scale: "S".into(),
        seed: 42,
        reps: None,
        rebuild: false,
        only: None,
        app: None,
        app_db: None,
        audit_indexes: false,
    };
    let (mut app, mut runs, mut store_options) = (false, None, Vec::new());
    let mut scale_given = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("bench: {arg} needs a value"))
        };
        if matches!(
            arg.as_str(),
            "--reps" | "--rebuild" | "--only" | "--audit-indexes"
        ) {
            store_options.push(arg.as_str());
        }
        match arg.as_str() {
            "--app" => app = true,
            "--runs" => {
                let v = value()?;
                runs =
                    Some(v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("bench: --runs needs a positive number, not {v:?}")
                    })?);
            }
            "--scale" => {
                let v = value()?.to_ascii_uppercase();
                if !matches!(v.as_str(), "S" | "M" | "L") {
                    return Err(format!("bench: --scale is S, M or L, not {v:?}").into());
                }
                opts.scale = v;
                scale_given = true;
            }
            "--db" => opts.app_db = Some(value()?.into()),
            "--seed" => {
                let v = value()?;
                opts.seed = v
                    .parse()
                    .map_err(|_| format!("bench: --seed needs a number, not {v:?}"))?;
            }
            "--reps" => {
                let v = value()?;
                opts.reps =
                    Some(v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("bench: --reps needs a positive number, not {v:?}")
                    })?);
            }
            "--rebuild" => opts.rebuild = true,
            "--audit-indexes" => opts.audit_indexes = true,
            "--only" => {
                let v = value()?;
                if !matches!(
                    v.as_str(),
                    "customers" | "supply" | "orders" | "complaints" | "forecast"
                ) {
                    return Err(format!(
                        "bench: --only is customers, supply, orders, complaints or forecast, \
                         not {v:?}"
                    )
                    .into());
                }
                opts.only = Some(v.clone());
            }
            other => return Err(format!("bench: unknown option `{other}`").into()),
        }
    }
    if app {
        if let Some(o) = store_options.first() {
            return Err(format!("bench: {o} is for the store benchmarks, not --app").into());
        }
        opts.app = Some(runs.unwrap_or(app_bench::DEFAULT_RUNS));
        if opts.app_db.is_some() && scale_given {
            return Err("bench: --app takes --scale or --db, not both".into());
        }
        if !scale_given {
            opts.scale = "L".into();
        }
    } else if runs.is_some() {
        return Err("bench: --runs goes with --app".into());
    } else if opts.app_db.is_some() {
        return Err("bench: --db goes with --app".into());
    }
    Ok(opts)
}

/// `cargo run --release -p chainbook-bench -- --scale … --seed … --target <target>`, or the
/// app-level figures with `--app`.
pub fn run(ws: &Workspace, opts: &Options) -> Result<ExitCode> {
    if let Some(runs) = opts.app {
        let dataset = match &opts.app_db {
            Some(db) => app_bench::Dataset::File(db.clone()),
            None => app_bench::Dataset::Orders {
                scale: opts.scale.clone(),
                seed: opts.seed,
            },
        };
        return app_bench::run(ws, runs, &dataset);
    }
    let seed = opts.seed.to_string();
    let target = ws.target.to_string_lossy().into_owned();
    let mut args = vec![
        "run",
        "--release",
        "-p",
        PACKAGE,
        "--",
        "--scale",
        &opts.scale,
        "--seed",
        &seed,
        "--target",
        &target,
    ];
    let reps = opts.reps.map(|n| n.to_string());
    if let Some(reps) = &reps {
        args.extend(["--reps", reps]);
    }
    if opts.rebuild {
        args.push("--rebuild");
    }
    if let Some(only) = &opts.only {
        args.extend(["--only", only]);
    }
    if opts.audit_indexes {
        args.push("--audit-indexes");
    }
    ws.cargo(&args).run()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn defaults_and_options() {
        assert_eq!(
            parse(&[]).unwrap(),
            Options {
                scale: "S".into(),
                seed: 42,
                reps: None,
                rebuild: false,
                only: None,
                app: None,
                app_db: None,
                audit_indexes: false,
            }
        );
        assert_eq!(
            parse(&args(&[
                "--scale",
                "l",
                "--seed",
                "7",
                "--reps",
                "100",
                "--rebuild",
                "--only",
                "supply"
            ]))
            .unwrap(),
            Options {
                scale: "L".into(),
                seed: 7,
                reps: Some(100),
                rebuild: true,
                only: Some("supply".into()),
                app: None,
                app_db: None,
                audit_indexes: false,
            }
        );
        assert_eq!(
            parse(&args(&["--only", "orders"])).unwrap().only.as_deref(),
            Some("orders")
        );
        assert_eq!(
            parse(&args(&["--only", "complaints"]))
                .unwrap()
                .only
                .as_deref(),
            Some("complaints")
        );
        assert_eq!(parse(&args(&["--app"])).unwrap().app, Some(5));
        assert_eq!(parse(&args(&["--app"])).unwrap().scale, "L");
        let m = parse(&args(&["--app", "--scale", "m"])).unwrap();
        assert_eq!((m.app, m.scale.as_str()), (Some(5), "M"));
        assert_eq!(
            parse(&args(&["--app", "--db", "x.db"])).unwrap().app_db,
            Some("x.db".into())
        );
        assert_eq!(
            parse(&args(&["--runs", "3", "--app"])).unwrap().app,
            Some(3)
        );
        for bad in [
            &["--scale", "XL"][..],
            &["--seed", "x"],
            &["--seed"],
            &["--reps", "0"],
            &["--fast"],
            &["--runs", "3"],
            &["--app", "--runs", "0"],
            &["--app", "--scale", "L", "--db", "x.db"],
            &["--db", "x.db"],
            &["--app", "--reps", "3"],
            &["--app", "--only", "supply"],
            &["--only", "products"],
            &["--only"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
