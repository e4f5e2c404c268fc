//! `cargo xtask`: Chainbook's developer tasks, in Rust instead of shell scripts.
//!
//! ```text
//! cargo xtask run  [--release] [-- <app args>]   set up, build and launch the desktop app
//! cargo xtask test [--slow] [--no-e2e]           set up, then every check CI runs, in order
//! cargo xtask bindings                           regenerate ui/src/lib/bindings.ts
//! cargo xtask fixtures                           rewrite the upgrade fixtures (one per schema)
//! cargo xtask bench [--scale S|M|L] [--seed N]   store-layer benchmarks in release mode
//! cargo xtask bench --app [--runs N] [--scale X]  start-up, memory and in-window speed of the release app
//! cargo xtask dist [--check]                     the installers: .deb and .AppImage (Linux)
//! cargo xtask fuzz [--seconds N] [--merge] [t...] coverage-guided fuzzing (nightly, cargo-fuzz)
//! ```
//!
//! Modules, one concern each:
//! - [`cmd`]: running external commands, paths of the workspace, errors;
//! - [`setup`]: system packages and Node.js, shared by `run` and `test`;
//! - [`ui`]: the Svelte front end (`npm ci`, build, check, test);
//! - [`app`]: building and launching the desktop app;
//! - [`dist`]: the installers (the `.deb` by Tauri's bundler, the `.AppImage` by our own
//!   runtime and packer) and their checks;
//! - [`e2e`]: tauri-driver and the end-to-end suite;
//! - [`fuzz`]: nightly, cargo-fuzz and timed runs of the fuzz targets in `fuzz/`;
//! - [`bench`]: the store-layer benchmarks on a cached generated dataset;
//! - [`app_bench`]: start-up time, idle memory and in-window speed of the release app under Xvfb;
//! - [`display`]: a private Xvfb display for the end-to-end suite and `bench --app` on headless
//!   Linux;
//! - [`steps`]: the step runner behind `test` (banners, fail fast, timings, summary);
//! - [`tidy`]: tests that keep the docs true (file docs, module lists, ARCHITECTURE.md paths).

mod app;
mod app_bench;
mod bench;
mod cmd;
mod display;
mod dist;
mod e2e;
mod fuzz;
mod setup;
mod steps;
mod tidy;
mod ui;

use std::process::ExitCode;

use cmd::{Result, Workspace};
use steps::Steps;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  run  [--release] [-- <app args>]
        Check system packages and Node.js, build the UI and the app, launch the app.
        --release   optimised build with the UI embedded (features tauri/custom-protocol)
  test [--slow] [--no-e2e]
        Set up, then: cargo fmt --check, clippy, cargo test, UI check and tests, and the
        end-to-end suite in the real app (under Xvfb when there is no display).
        --slow      also run the slow suites (sets CHAINBOOK_SLOW_TESTS=1), fuzzing, and
                    (Linux) the checks of `dist --check`: the .AppImage started with a fresh
                    HOME, and as root the .deb's install check
        --no-e2e    skip the end-to-end suite (quick local runs; CI never uses it)
  bindings
        Regenerate ui/src/lib/bindings.ts from the Rust DTOs and commands (a test in
        `chainbook` fails when the committed file is out of date).
  fixtures
        Rewrite crates/store/tests/fixtures/: for every schema version 1..=latest, a
        database made by this build's migrations up to that version and filled with a small
        seeded business by SQL (schema-NN.sql.gz), and the figures an upgrade must keep
        (schema-NN.json). Run it after adding a migration; released fixtures should not
        change (see docs/reliability.md, Upgrades).
  bench [--scale S|M|L] [--seed N] [--reps N] [--rebuild]
        [--only customers|supply|orders|complaints] [--audit-indexes]
        Build (once per scale and seed, cached in target/bench-data/) the generated datasets,
        then time store-layer reads in release mode beside bare SQLite; prints a table and
        writes target/bench/latest.json.
        --scale     S 1,000 customers (default), M 10,000, L 100,000 (~250,000 contacts);
                    products and suppliers: S 1,000 and 100, M 5,000 and 500, L 20,000
                    (~200,000 stock movements) and 2,000; orders (on that scale's customers
                    and products): S 1,000, M 100,000, L 1,000,000 (11.5 GB, ~30 min to build);
                    complaints (on that scale's customers and suppliers): S 1,000, M 10,000,
                    L 100,000, with twice as many survey responses
        --seed      generator seed (default 42)
        --reps      timed runs per figure (default 50)
        --rebuild   generate the datasets afresh (after a change to what the store writes that
                    keeps the schema, e.g. the search index's contents)
        --only      only the customer figures, only the product and supplier lists, only
                    the order list and order page, or only the complaint list, complaint page
                    and NPS/CSAT
        --audit-indexes  run every figure once, untimed, and list the indexes no query plan
                    uses (target/bench/index-audit.json)
  bench --app [--runs N] [--scale S|M|L | --db FILE]
        Build the UI and the release app, launch it N times (default 5) on a copy of the
        orders dataset of that scale (default L: 100,000 customers, 1,000,000 orders; built by
        the store benchmark when not cached) or of FILE (under Xvfb when DISPLAY is unset) and
        measure start-up to first paint and idle memory (RSS and PSS of the app and its WebKit
        processes); then, in the window driven over WebDriver (chainbook-feel), the time from
        key press or click to the painted result of opening each section, search as you type
        in the customer list and the palette, the next page of the customer and order lists,
        opening a customer 360 and an order, each beside its commands' own time; prints tables
        and writes target/bench/app.json and feel.json; also builds the .deb and the .AppImage
        (see dist) and reports their sizes. Linux only.
  dist [--check]
        Build the UI and the release app, then the installers:
        target/release/bundle/deb/Chainbook_<version>_<arch>.deb with the Tauri CLI
        (installed on first use into target/tools/tauri-cli) from tauri.conf.json, then
        target/release/bundle/appimage/Chainbook_<version>_<arch>.AppImage from the .deb's
        files with our own runtime (crates/appimage-runtime; Tauri's AppImage bundler
        downloads its tools from GitHub and bundles WebKitGTK); prints their sizes. Both
        need the system's WebKitGTK 4.1. Linux only (.msi and .dmg: README.md).
        --check     as root: install the .deb with apt-get, check its desktop entry and icons,
                    start the app with the entry's Exec line under Xvfb until its first
                    paint, then purge the package and check none of its files is left; then
                    start the .AppImage twice with a fresh HOME under Xvfb (the first start
                    extracts it into ~/.cache/chainbook/appimage/) and report both start times
  fuzz [--seconds N] [--merge] [target...]
        Coverage-guided fuzzing of the targets in fuzz/ (ipc, sync_api, table,
        segment_filter; all when none is named), N seconds each (default 60), installing a
        nightly toolchain and cargo-fuzz (into target/tools) when missing. New inputs go to
        target/fuzz/corpus/, crashes to target/fuzz/artifacts/. `test --slow` runs it.
        --merge     afterwards add the new inputs that reach new coverage to fuzz/corpus/
  help  this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let outcome = match task.as_str() {
        "run" => run(rest),
        "test" => test(rest),
        "bindings" => bindings(),
        "fixtures" => fixtures(),
        "bench" => bench::parse(rest).and_then(|opts| bench::run(&Workspace::locate()?, &opts)),
        "dist" => dist(rest),
        "fuzz" => fuzz::parse(rest)
            .and_then(|opts| fuzz::run(&Workspace::locate()?, &opts))
            .map(|()| ExitCode::SUCCESS),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown task `{other}`\n\n{USAGE}").into()),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`: set up, build, then launch the app and pass its exit code through.
fn run(args: &[String]) -> Result<ExitCode> {
    let (ours, app_args) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &[][..]),
    };
    let mut release = false;
    for arg in ours {
        match arg.as_str() {
            "--release" => release = true,
            other => return Err(format!("run: unknown option `{other}`\n\n{USAGE}").into()),
        }
    }
    let ws = Workspace::locate()?;
    setup::system_packages(setup::Purpose::Build)?;
    setup::node()?;
    ui::install_deps(&ws)?;
    ui::build(&ws)?;
    let profile = if release {
        app::Profile::Release
    } else {
        app::Profile::Debug
    };
    let binary = app::build(&ws, profile)?;
    app::launch(&binary, app_args)
}

/// `cargo xtask dist [--check]`.
fn dist(args: &[String]) -> Result<ExitCode> {
    let mut check = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            other => return Err(format!("dist: unknown option `{other}`\n\n{USAGE}").into()),
        }
    }
    dist::run(&Workspace::locate()?, check)
}

/// `cargo xtask bindings`: the drift test, in its rewrite mode.
fn bindings() -> Result<ExitCode> {
    let ws = Workspace::locate()?;
    ws.cargo(&[
        "test",
        "-p",
        "chainbook",
        "--lib",
        "bindings::tests::bindings_are_current",
    ])
    .env("UPDATE_BINDINGS", "1")
    .run()?;
    println!("ui/src/lib/bindings.ts regenerated");
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask fixtures`: the store's fixture writer, a test that runs only when asked.
fn fixtures() -> Result<ExitCode> {
    let ws = Workspace::locate()?;
    ws.cargo(&[
        "test",
        "-p",
        "chainbook-store",
        "--test",
        "it",
        "upgrade::write_fixtures",
        "--",
        "--ignored",
        "--exact",
    ])
    .env("CHAINBOOK_WRITE_FIXTURES", "1")
    .run()?;
    println!("crates/store/tests/fixtures/ rewritten; `git diff --stat` shows what changed");
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask test`: every check CI runs, failing fast, with a summary of step times.
fn test(args: &[String]) -> Result<ExitCode> {
    let mut e2e_enabled = true;
    let mut slow = false;
    for arg in args {
        match arg.as_str() {
            "--slow" => {
                slow = true;
                // Inherited by every cargo and npm command below.
                std::env::set_var("CHAINBOOK_SLOW_TESTS", "1");
            }
            "--no-e2e" => e2e_enabled = false,
            other => return Err(format!("test: unknown option `{other}`\n\n{USAGE}").into()),
        }
    }
    let ws = Workspace::locate()?;
    let purpose = if e2e_enabled {
        setup::Purpose::Test
    } else {
        setup::Purpose::Build
    };

    let mut steps = Steps::new("xtask test");
    steps.add("system packages", move |_| setup::system_packages(purpose));
    steps.add("Node.js and npm", |_| setup::node());
    steps.add("UI: install and build", |ws| {
        ui::install_deps(ws)?;
        ui::build(ws)
    });
    steps.add("cargo fmt --all -- --check", |ws| {
        ws.cargo(&["fmt", "--all", "--", "--check"]).run()
    });
    steps.add(
        "cargo clippy --workspace --all-targets -- -D warnings",
        |ws| {
            ws.cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .run()
        },
    );
    steps.add("cargo test (all crates but the end-to-end one)", |ws| {
        // The end-to-end crate needs the app, tauri-driver and a display: it runs below.
        ws.cargo(&["test", "--workspace", "--exclude", e2e::PACKAGE])
            .run()
    });
    if slow {
        steps.add(
            "fuzz: every target of fuzz/ for 60 s (nightly, cargo-fuzz)",
            |ws| {
                let opts = fuzz::Options {
                    seconds: fuzz::SLOW_SECONDS,
                    targets: fuzz::TARGETS.iter().map(|t| t.to_string()).collect(),
                    merge: false,
                };
                fuzz::run(ws, &opts)
            },
        );
    }
    if slow {
        if std::env::consts::OS != "linux" {
            steps.skip("installers: the .deb and the .AppImage", "Linux only");
        } else if dist::is_root() {
            steps.add(
                "installers: the .deb (release build) installed, started from its desktop entry, \
                 purged; the .AppImage started with a fresh HOME",
                dist::slow_check,
            );
        } else {
            steps.add(
                "installers: the .AppImage started with a fresh HOME (the .deb's install check \
                 needs root)",
                dist::slow_check,
            );
        }
    }
    steps.add("UI: npm run check", ui::check);
    steps.add("UI: npm test", ui::test);
    if !e2e_enabled {
        steps.skip("end-to-end suite", "--no-e2e");
    } else if let Some(reason) = e2e::unsupported_here() {
        steps.skip("end-to-end suite", reason);
    } else {
        steps.add("tauri-driver", |ws| e2e::install_driver(ws).map(drop));
        steps.add("build the app (cargo build -p chainbook)", |ws| {
            app::build(ws, app::Profile::Debug).map(drop)
        });
        steps.add("end-to-end suite", e2e::run);
    }
    Ok(steps.run_all(&ws))
}
