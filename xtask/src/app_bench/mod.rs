//! `cargo xtask bench --app`: app-level figures from the release build, in a real window.
//!
//! Builds the UI and the release app, then (under a private Xvfb when `DISPLAY` is unset)
//! launches it `runs` times, each with a fresh `CHAINBOOK_DATA_DIR` under
//! `target/bench/app-runs/run-<n>/`, and measures:
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
//! ([`dist::bundle_appimage`]), and writes `target/bench/app.json`.
//! Linux only (it reads `/proc`: [`procfs`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cmd::{Result, Workspace};
use crate::display::Xvfb;
use crate::{app, dist, setup, ui};

mod procfs;
mod report;
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
const MEMORY_TARGET_MB: f64 = 350.0;

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

/// Builds the release app and measures it `runs` times.
pub fn run(ws: &Workspace, runs: u32) -> Result<ExitCode> {
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

    let out_dir = ws.target.join("bench");
    let runs_dir = out_dir.join("app-runs");
    if runs_dir.exists() {
        fs::remove_dir_all(&runs_dir)?;
    }
    fs::create_dir_all(&runs_dir)?;
    // Kept alive until the runs are done; dropping it stops Xvfb, also on failure.
    let (display, xvfb) = display_or_xvfb(&runs_dir.join("xvfb.log"))?;
    let mut results = Vec::new();
    for n in 1..=runs {
        let r = launch_once(&binary, &runs_dir.join(format!("run-{n}")), &display)?;
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
    drop(xvfb);
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
mod tests {
    use super::*;

    #[test]
    fn reads_the_ui_ready_line() {
        let line =
            "2026-11-23T09:15:02.123456Z  INFO chainbook_app::commands: ui ready startup_ms=734";
        assert_eq!(parse_ready(line), Some(734));
        assert_eq!(
            parse_ready("… INFO chainbook_app: ui ready startup_ms=12 extra=1"),
            Some(12)
        );
        assert_eq!(
            parse_ready("2026-11-23T09:15:01Z  INFO chainbook_app: starting Chainbook"),
            None
        );
        assert_eq!(parse_ready("… INFO x: ui ready"), None);
        assert_eq!(parse_ready("… INFO x: ui ready startup_ms="), None);
    }

    #[test]
    fn finds_the_line_in_the_log_folder() {
        let dir = std::env::temp_dir().join(format!("xtask-app-bench-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(find_ready(&dir), None, "no folder yet");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("other.log"), ": ui ready startup_ms=1\n").unwrap();
        fs::write(
            dir.join("chainbook.2026-11-23.log"),
            "x INFO chainbook_app: starting Chainbook\n",
        )
        .unwrap();
        assert_eq!(find_ready(&dir), None);
        fs::write(
            dir.join("chainbook.2026-11-23.log"),
            "x INFO chainbook_app: starting Chainbook\n\
             x INFO chainbook_app::commands: ui ready startup_ms=815\n",
        )
        .unwrap();
        assert_eq!(find_ready(&dir), Some(815));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn parses_proc_stat_even_with_odd_names() {
        let text = "4242 (WebKitWebProces) S 4200 4200 4200 0 -1 4194560 1234 0 0 0";
        assert_eq!(
            parse_stat(text),
            Some(Stat {
                comm: "WebKitWebProces".into(),
                state: 'S',
                ppid: 4200
            })
        );
        let odd = "77 (a) b (c)) Z 1 77 77 0";
        assert_eq!(
            parse_stat(odd),
            Some(Stat {
                comm: "a) b (c)".into(),
                state: 'Z',
                ppid: 1
            })
        );
        assert_eq!(parse_stat("garbage"), None);
        // This process's own entry parses.
        let me = fs::read_to_string("/proc/self/stat");
        if let Ok(me) = me {
            assert!(parse_stat(&me).is_some());
        }
    }

    #[test]
    fn parses_status_and_smaps_rollup_sizes() {
        let status =
            "Name:\tchainbook\nVmPeak:\t 2000000 kB\nVmRSS:\t  153600 kB\nRssAnon:\t 80000 kB\n";
        assert_eq!(parse_kb(status, "VmRSS"), Some(153_600));
        assert_eq!(parse_kb(status, "VmSwap"), None);
        let rollup = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:   160000 kB\n\
                      Pss:   120321 kB\nPss_Anon:   70000 kB\nPss_File:   50321 kB\n";
        assert_eq!(parse_kb(rollup, "Pss"), Some(120_321));
        assert_eq!(parse_kb(rollup, "Pss_Anon"), Some(70_000));
        assert_eq!(parse_kb("VmRSS: lots", "VmRSS"), None);
    }

    #[test]
    fn walks_the_process_tree() {
        let links = [
            (1, 0),
            (10, 1),
            (11, 10),
            (12, 10),
            (13, 11),
            (20, 1),
            (14, 12),
        ];
        assert_eq!(descendants(10, &links), vec![10, 11, 12, 13, 14]);
        assert_eq!(descendants(20, &links), vec![20]);
        // This process is in its own tree.
        let me = std::process::id();
        assert_eq!(process_tree(me)[0], me);
    }

    #[test]
    fn percentiles_and_json() {
        let v = [5.0, 1.0, 4.0, 2.0, 3.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert_eq!(percentile(&v, 0.95), 5.0);
        assert!(percentile(&[], 0.5).is_nan());
        assert_eq!(json_str("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(json_num(f64::NAN), "null");
        assert_eq!(json_num(12.345), "12.3");
    }

    #[test]
    fn sums_memory_per_process_name() {
        let proc = |pid, name: &str, rss_kb, pss_kb| Proc {
            pid,
            name: name.into(),
            rss_kb,
            pss_kb,
        };
        let runs = [
            Run {
                startup_ms: 700,
                wall_ms: 750.0,
                stop_ms: 100.0,
                procs: vec![
                    proc(1, "chainbook", 1024, Some(512)),
                    proc(2, "WebKitWebProcess", 2048, Some(1024)),
                    proc(3, "WebKitWebProcess", 1024, None),
                ],
            },
            Run {
                startup_ms: 800,
                wall_ms: 850.0,
                stop_ms: 100.0,
                procs: vec![proc(4, "chainbook", 2048, Some(1024))],
            },
        ];
        assert_eq!(runs[0].rss_mb(), 4.0);
        assert_eq!(runs[0].pss_mb(), None);
        assert_eq!(runs[1].pss_mb(), Some(1.0));
        let by = per_name(&runs);
        assert_eq!(by["chainbook"], vec![(1.0, Some(0.5)), (2.0, Some(1.0))]);
        assert_eq!(by["WebKitWebProcess"], vec![(3.0, None)]);
        let sizes = Sizes {
            binary: 9_000_000,
            deb: 5_754_094,
            appimage: 9_500_000,
        };
        let deb = Path::new("/x/bundle/deb/Chainbook_0.1.0_amd64.deb");
        let json = report_json(&runs, ":99", Path::new("/x/chainbook"), deb, &sizes);
        assert!(
            json.contains("\"startup_ms\": {\"p50\": 700, \"p95\": 800}"),
            "{json}"
        );
        assert!(json.contains("\"idle_pss_mb\": null"), "{json}");
        assert!(json.contains("\"binary_bytes\": 9000000,"), "{json}");
        assert!(
            json.contains(
                "\"deb\": \"/x/bundle/deb/Chainbook_0.1.0_amd64.deb\",\n  \"deb_bytes\": 5754094,"
            ),
            "{json}"
        );
        assert!(json.contains("\"appimage_bytes\": 9500000,"), "{json}");
        let text = table(&runs, ":99", &sizes);
        assert!(text.contains(".deb size"), "{text}");
        assert!(text.contains("5.8 MB"), "{text}");
        assert!(text.contains(".AppImage size"), "{text}");
        assert!(text.contains("9.5 MB"), "{text}");
        assert!(
            text.contains("RSS WebKitWebProcess (1 of 2 runs)"),
            "{text}"
        );
    }
}
