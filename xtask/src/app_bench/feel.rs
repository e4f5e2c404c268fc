//! The database the measured app opens ([`Dataset`]: a benchmark dataset, built by
//! `chainbook-bench` when missing, or a given file) and the in-window figures
//! ([`feel`]: `chainbook-feel` from the end-to-end crate, which drives the app over WebDriver).

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{Result, Workspace};
use crate::{bench, e2e};

/// What the app opens during `bench --app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dataset {
    /// `target/bench-data/orders-<scale>-<seed>.db`: that scale's customers, supply side and
    /// orders, built by the store benchmark when it is not cached yet.
    Orders { scale: String, seed: u64 },
    /// A database file of the user's choosing (copied, never opened in place).
    File(PathBuf),
}

impl Dataset {
    /// The file, built first when it is a dataset not generated yet.
    pub fn prepare(&self, ws: &Workspace) -> Result<PathBuf> {
        match self {
            Dataset::File(path) if path.is_file() => Ok(path.clone()),
            Dataset::File(path) => Err(format!("bench --app: no file {}", path.display()).into()),
            Dataset::Orders { scale, seed } => {
                let path = ws
                    .target
                    .join("bench-data")
                    .join(format!("orders-{scale}-{seed}.db"));
                if !path.is_file() {
                    // The palette group is the shortest one on the orders dataset: one timed
                    // run of it after the (long, cached) build.
                    let target = ws.target.to_string_lossy().into_owned();
                    let seed = seed.to_string();
                    ws.cargo(&[
                        "run",
                        "--release",
                        "-p",
                        bench::PACKAGE,
                        "--",
                        "--scale",
                        scale,
                        "--seed",
                        &seed,
                        "--only",
                        "palette",
                        "--reps",
                        "1",
                        "--target",
                        &target,
                    ])
                    .dir(&ws.root)
                    .run()?;
                }
                if !path.is_file() {
                    return Err(format!("the benchmark did not leave {}", path.display()).into());
                }
                Ok(path)
            }
        }
    }
}

/// Copies `db` to `dest` as the app's `chainbook.db` (the WAL is checkpointed in datasets, so
/// the one file is the whole database).
pub fn install(db: &Path, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    fs::copy(db, dir.join("chainbook.db"))
        .map_err(|e| format!("cannot copy {} to {}: {e}", db.display(), dir.display()))?;
    Ok(())
}

/// Builds `chainbook-feel` and runs it against `app` on `db`, which it moves into its own data
/// folder (and deletes with it), under `display`; it prints its table and writes `out`.
pub fn feel(ws: &Workspace, app: &Path, db: &Path, display: &str, out: &Path) -> Result<()> {
    // A debug build, like the end-to-end suite whose build it shares: it only waits on the
    // window, the figures are taken inside the page.
    ws.cargo(&["build", "-p", e2e::PACKAGE, "--bin", "chainbook-feel"])
        .dir(&ws.root)
        .run()?;
    let driver = e2e::install_driver(ws)?;
    let feel = ws.target.join("debug").join("chainbook-feel");
    crate::cmd::Cmd::new(&feel)
        .args([
            OsStr::new("--move-db"),
            db.as_os_str(),
            OsStr::new("--out"),
            out.as_os_str(),
        ])
        .env("CHAINBOOK_APP", app)
        .env("TAURI_DRIVER", &driver)
        .env("DISPLAY", display)
        .dir(&ws.root)
        .run()
}
