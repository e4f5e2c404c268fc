//! `cargo xtask bench --app`: app-level figures from the release build, in a real window.
//!
//! Builds the UI and the release app, then (under a private Xvfb when `DISPLAY` is unset)
//! launches it `runs` times, each with a fresh `CHAINBOOK_DATA_DIR` under
//! `target/bench/app-runs/run-<n>/` holding the [`Dataset`] (by default the L orders dataset:
//! 100,000 customers, 1,000,000 orders; the file moves from one run's folder to the next), and
//! measures:
//! - **start-up to first interactive paint**: the UI calls the `app_ready` command once its
//!   first screen is rendered and painted; the app logs `ui ready startup_ms=<ms since run()
//!   began>` to `<data dir>/logs/chainbook.<date>.log`. Both that figure and the wall time from
//!   our spawn to the line appearing in the file (which also counts loading the binary and its
//!   libraries, and the log writer's delay) are reported;
//! - **idle memory** after [`IDLE`]: the app and every descendant process (WebKitWebProcess,
//!   WebKitNetworkProcess), found by walking `/proc`; `VmRSS` from `/proc/<pid>/status` and the
//!   proportional set size (`Pss`, shared pages divided among the processes sharing them) from
//!   `/proc/<pid>/smaps_rollup` when readable.
//!
//! Then SIGTERM and a wait for the whole process tree to exit. Prints p50/p95 (nearest rank;
//! with 5 runs p95 is the worst run) against the targets, the size of the stripped binary, of
//! the `.deb` made from it ([`dist::bundle_deb`]) and of the `.AppImage` made from that
//! ([`dist::bundle_appimage`]), and writes `target/bench/app.json`. Last, the in-window figures
//! ([`feel`]): key press or click to painted result, each beside the app's commands' own time,
//! in `target/bench/feel.json`.
//! Linux only (it reads `/proc`: [`procfs`]).
//!
//! - [`procfs`]: the process tree and its memory, from `/proc`;
//! - [`report`]: the table and the JSON report;
//! - [`feel`]: the dataset the app opens and the in-window figures;
//! - `tests`: the parsing, the process tree and the report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cmd::{Result, Workspace};
use crate::display::Xvfb;
use crate::{app, dist, setup, ui};

mod feel;
mod procfs;
mod report;
pub use feel::Dataset;
use procfs::*;
use report::*;

/// Default number of launches.
pub const DEFAULT_RUNS: u32 = 5;
/// How long the app sits idle before its memory is read.
const IDLE: Duration = Duration::from_secs(5);
/// How long the first screen may take before a run counts as failed.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the process tree may take to exit after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(5);

/// Targets from the benchmark issue.
const STARTUP_TARGET_MS: f64 = 1000.0;
/// Idle memory of all the app's processes, compared with their summed PSS: summed RSS counts
/// every shared library once per process (WebKitGTK, Mesa, JSC, GTK twice or three times);
/// docs/benchmarks.md has the reasoning and both figures.
const MEMORY_TARGET_MB: f64 = 250.0;

/// One process of the app's tree, after the idle time.
#[derive(Debug, Clone, PartialEq)]
struct Proc {
    pid: u32,
    /// The executable's file name (`chainbook`, `WebKitWebProcess`, …).
    name: String,
    rss_kb: u64,
    pss_kb: Option<u64>,
}

/// One launch.
#[derive(Debug)]
struct Run {
    /// What the app logged: from the start of `run()` to the UI's first paint.
    startup_ms: u64,
    /// From our spawn to the `ui ready` line appearing in the log file.
    wall_ms: f64,
    procs: Vec<Proc>,
    /// From SIGTERM until the app and all its descendants were gone.
    stop_ms: f64,
}

impl Run {
    fn rss_mb(&self) -> f64 {
        self.procs.iter().map(|p| p.rss_kb).sum::<u64>() as f64 / 1024.0
    }

    /// `None` unless every process's PSS was readable.
    fn pss_mb(&self) -> Option<f64> {
        let mut kb = 0;
        for p in &self.procs {
            kb += p.pss_kb?;
        }
        Some(kb as f64 / 1024.0)
    }
}

/// Builds the release app and measures it `runs` times on `dataset`, then in its window.
pub fn run(ws: &Workspace, runs: u32, dataset: &Dataset) -> Result<ExitCode> {
    if std::env::consts::OS != "linux" {
        return Err("bench --app reads /proc and runs only on Linux".into());
    }
    setup::system_packages(setup::Purpose::Build)?;
    setup::node()?;
    ui::install_deps(ws)?;
    ui::build(ws)?;
    let binary = app::build(ws, app::Profile::Release)?;
    // Before the runs: the bundler marks the binary in place.
    let deb = dist::bundle_deb(ws)?;
    let deb_bytes = fs::metadata(&deb)?.len();
    let appimage_bytes = fs::metadata(dist::bundle_appimage(ws, &deb)?)?.len();
    let db = dataset.prepare(ws)?;

    let out_dir = ws.target.join("bench");
    let runs_dir = out_dir.join("app-runs");
    if runs_dir.exists() {
        fs::remove_dir_all(&runs_dir)?;
    }
    fs::create_dir_all(&runs_dir)?;
    // Kept alive until the runs are done; dropping it stops Xvfb, also on failure.
    let (display, xvfb) = display_or_xvfb(&runs_dir.join("xvfb.log"))?;
    let mut results = Vec::new();
    println!("copying {} for the runs", db.display());
    feel::install(&db, &runs_dir.join("run-1"))?;
    for n in 1..=runs {
        let dir = runs_dir.join(format!("run-{n}"));
        if n > 1 {
            move_database(&runs_dir.join(format!("run-{}", n - 1)), &dir)?;
        }
        let r = launch_once(&binary, &dir, &display)?;
        println!(
            "run {n}/{runs}: ui ready after {} ms (app) / {:.0} ms (wall); idle RSS {:.0} MB, \
             PSS {}; {} processes; stopped in {:.0} ms",
            r.startup_ms,
            r.wall_ms,
            r.rss_mb(),
            r.pss_mb().map_or("n/a".into(), |mb| format!("{mb:.0} MB")),
            r.procs.len(),
            r.stop_ms
        );
        results.push(r);
    }
    let feel_json = out_dir.join("feel.json");
    // The last run's copy moves on into the in-window run, which deletes it at the end.
    let last = runs_dir.join(format!("run-{runs}")).join("chainbook.db");
    let felt = feel::feel(ws, &binary, &last, &display, &feel_json);
    drop(xvfb);
    felt?;
    let sizes = Sizes {
        binary: fs::metadata(&binary)?.len(),
        deb: deb_bytes,
        appimage: appimage_bytes,
    };
    print!("\n{}", table(&results, &display, &sizes));
    let path = out_dir.join("app.json");
    fs::write(
        &path,
        report_json(&results, &display, &binary, &deb, &sizes),
    )?;
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Moves the database (and its WAL and shared-memory files, if the app left them) from one run's
/// folder to the next's: copying an 8 GB file per run would take longer than the runs.
fn move_database(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for name in ["chainbook.db", "chainbook.db-wal", "chainbook.db-shm"] {
        let src = from.join(name);
        if src.exists() {
            fs::rename(&src, to.join(name))?;
        }
    }
    Ok(())
}

/// `$DISPLAY` if set, else a private Xvfb (logging to `log`), kept running while the returned
/// guard lives.
fn display_or_xvfb(log: &Path) -> Result<(String, Option<Xvfb>)> {
    match std::env::var("DISPLAY") {
        Ok(d) if !d.is_empty() => Ok((d, None)),
        _ => {
            let xvfb = Xvfb::start(log)?;
            Ok((xvfb.display().to_string(), Some(xvfb)))
        }
    }
}

/// Launches `binary` (e.g. the installed `/usr/bin/chainbook`) once with the data folder
/// `data`, under `$DISPLAY` or a private Xvfb, until its first paint and [`IDLE`] after; returns
/// the start-up time it logged and its idle RSS in MB.
pub fn smoke(binary: &Path, data: &Path) -> Result<(u64, f64)> {
    let (display, xvfb) = display_or_xvfb(&data.join("xvfb.log"))?;
    let run = launch_once(binary, data, &display);
    drop(xvfb);
    let run = run?;
    Ok((run.startup_ms, run.rss_mb()))
}

/// What [`smoke_fresh_home`] measured: two starts of the program with one fresh home folder.
pub struct HomeStarts {
    /// The first start: from spawn to the `ui ready` line (ms), and the app's own figure.
    pub first_wall_ms: f64,
    pub first_startup_ms: u64,
    /// The second start, with what the first left in the home folder (the AppImage's
    /// extracted copy): the same two figures.
    pub second_wall_ms: f64,
    pub second_startup_ms: u64,
    /// Idle RSS of the second start's processes (MB).
    pub rss_mb: f64,
}

/// Launches `program` (e.g. the `.AppImage`) twice as a new user would: `HOME` a fresh folder
/// and the XDG folders inside it, no `CHAINBOOK_DATA_DIR` (the app keeps its data and logs in
/// the default places), under `$DISPLAY` or a private Xvfb; each run until its first paint and
/// [`IDLE`] after.
pub fn smoke_fresh_home(program: &Path, home: &Path) -> Result<HomeStarts> {
    let (display, xvfb) = display_or_xvfb(&home.with_extension("xvfb.log"))?;
    let env: Vec<(&str, PathBuf)> = vec![
        ("HOME", home.to_path_buf()),
        ("XDG_CACHE_HOME", home.join(".cache")),
        ("XDG_CONFIG_HOME", home.join(".config")),
        ("XDG_DATA_HOME", home.join(".local/share")),
        ("XDG_STATE_HOME", home.join(".local/state")),
    ];
    // Tauri's app_log_dir on Linux, with the identifier from tauri.conf.json.
    let logs = home.join(".local/share").join(app::IDENTIFIER).join("logs");
    let runs = (|| -> Result<(Run, Run)> {
        let first = launch(
            program,
            &display,
            &env,
            &logs,
            &home.with_extension("first.txt"),
        )?;
        // The next start must find its own `ui ready` line, not the first one's.
        fs::remove_dir_all(&logs)?;
        let second = launch(
            program,
            &display,
            &env,
            &logs,
            &home.with_extension("second.txt"),
        )?;
        Ok((first, second))
    })();
    drop(xvfb);
    let (first, second) = runs?;
    Ok(HomeStarts {
        first_wall_ms: first.wall_ms,
        first_startup_ms: first.startup_ms,
        second_wall_ms: second.wall_ms,
        second_startup_ms: second.startup_ms,
        rss_mb: second.rss_mb(),
    })
}

/// Launches the app once with a fresh data folder at `data`, waits for its first paint, lets
/// it idle, reads its memory and stops it.
fn launch_once(binary: &Path, data: &Path, display: &str) -> Result<Run> {
    fs::create_dir_all(data)?;
    let env = [("CHAINBOOK_DATA_DIR", data.to_path_buf())];
    launch(
        binary,
        display,
        &env,
        &data.join("logs"),
        &data.join("output.txt"),
    )
}

/// Launches `binary` with `env` added, waits for the `ui ready` line in a log file under
/// `logs`, lets it idle, reads its memory and stops it; its output goes to `output`.
fn launch(
    binary: &Path,
    display: &str,
    env: &[(&str, PathBuf)],
    logs: &Path,
    output: &Path,
) -> Result<Run> {
    let out = File::create(output)?;
    let spawned = Instant::now();
    let mut command = Command::new(binary);
    command.env_remove("CHAINBOOK_DATA_DIR");
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command
        .env("DISPLAY", display)
        // The `ui ready` line is logged at info.
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let pid = child.id();
    let ready = loop {
        if let Some(ms) = find_ready(logs) {
            break Ok((ms, spawned.elapsed()));
        }
        if let Some(status) = child.try_wait()? {
            break Err(format!(
                "the app exited ({status}) before its first paint; see {} and {}",
                output.display(),
                logs.display()
            ));
        }
        if spawned.elapsed() > READY_TIMEOUT {
            break Err(format!(
                "no `ui ready` line in {} within {READY_TIMEOUT:?}",
                logs.display()
            ));
        }
        std::thread::sleep(POLL);
    };
    let (startup_ms, wall) = match ready {
        Ok(r) => r,
        Err(e) => {
            stop(&mut child);
            return Err(e.into());
        }
    };
    std::thread::sleep(IDLE);
    let procs: Vec<Proc> = process_tree(pid)
        .into_iter()
        .filter_map(read_proc)
        .collect();
    let stop_ms = stop(&mut child);
    if procs.is_empty() {
        return Err(format!("could not read /proc/{pid}").into());
    }
    Ok(Run {
        startup_ms,
        wall_ms: wall.as_secs_f64() * 1000.0,
        procs,
        stop_ms,
    })
}

/// SIGTERM to the app, then waits until it and every descendant are gone (SIGTERM to
/// descendants that outlive it, SIGKILL to the app if it ignores SIGTERM). Returns the ms it
/// took.
fn stop(child: &mut Child) -> f64 {
    let pid = child.id();
    let tree = process_tree(pid);
    let t = Instant::now();
    signal("TERM", pid);
    let deadline = t + STOP_TIMEOUT;
    let mut app_gone = false;
    loop {
        if !app_gone && matches!(child.try_wait(), Ok(Some(_))) {
            app_gone = true;
        }
        let left: Vec<u32> = tree[1..].iter().copied().filter(|p| is_alive(*p)).collect();
        if app_gone && left.is_empty() {
            return t.elapsed().as_secs_f64() * 1000.0;
        }
        if Instant::now() > deadline {
            eprintln!(
                "warning: the app's process tree did not exit within {STOP_TIMEOUT:?} of SIGTERM"
            );
            if !app_gone {
                let _ = child.kill();
                let _ = child.wait();
            }
            for p in left {
                signal("TERM", p);
            }
            return t.elapsed().as_secs_f64() * 1000.0;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(name: &str, pid: u32) {
    let _ = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

/// Whether `pid` is a live process (not a zombie).
fn is_alive(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| parse_stat(&s).map(|st| st.state != 'Z'))
        .unwrap_or(false)
}

/// The `startup_ms` of the first `ui ready` line in `chainbook.*.log` under `logs`.
fn find_ready(logs: &Path) -> Option<u64> {
    let mut files: Vec<PathBuf> = fs::read_dir(logs)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("chainbook.") && n.ends_with(".log"))
        })
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|f| fs::read_to_string(f).ok())
        .find_map(|text| text.lines().find_map(parse_ready))
}

/// `Some(ms)` for the app's `ui ready` log line, e.g.
/// `2026-11-23T09:15:02.123Z  INFO chainbook_app::commands: ui ready startup_ms=734`.
fn parse_ready(line: &str) -> Option<u64> {
    let rest = &line[line.find(": ui ready")?..];
    let value = rest.split_once("startup_ms=")?.1;
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests;
