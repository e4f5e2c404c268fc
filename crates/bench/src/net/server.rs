//! The real `chainbook-server` as a child process: finding (or building) the binary, starting
//! it on a free port of 127.0.0.1, its admin CLI, its sequence head read from its database,
//! and what the kernel says about a process's memory and CPU time (`/proc`).
//!
//! **Finding the binary.** `CHAINBOOK_SERVER_BIN=/path/to/chainbook-server` is used as is.
//! Otherwise `cargo build [--release] -p chainbook-server --message-format=json` runs once
//! (the profile of this build: a release bench measures a release server; a second or less
//! when it is up to date) and the executable's path comes from cargo's report, as in the sync
//! tests' harness. Without cargo, the `chainbook-server` beside this executable is used.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use rusqlite::{Connection, OpenFlags};

use crate::Result;

/// The password of every benchmark user (a throwaway server in a scratch folder).
pub const PASSWORD: &str = "bench password 14";

/// The server binary (see the module doc).
pub fn server_bin() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CHAINBOOK_SERVER_BIN") {
        return Ok(PathBuf::from(p));
    }
    match cargo_build() {
        Ok(p) => Ok(p),
        Err(e) => {
            let beside = std::env::current_exe()?.with_file_name("chainbook-server");
            if beside.is_file() {
                eprintln!(
                    "chainbook-bench: cargo build -p chainbook-server failed ({e}); using {}",
                    beside.display()
                );
                Ok(beside)
            } else {
                Err(format!("no chainbook-server: {e}").into())
            }
        }
    }
}

fn cargo_build() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    // `cargo run` and `cargo test` hand these to the process; a build script that reads one
    // (ring reads CARGO_MANIFEST_DIR) would see it changed and rebuild, here and next time.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || [
                "CARGO_MANIFEST_DIR",
                "CARGO_MANIFEST_PATH",
                "CARGO_CRATE_NAME",
                "CARGO_BIN_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "CARGO_RUSTC_CURRENT_DIR",
                "OUT_DIR",
            ]
            .contains(&name.as_ref())
        {
            build.env_remove(name.as_ref());
        }
    }
    build.args([
        "build",
        "-p",
        "chainbook-server",
        "--bin",
        "chainbook-server",
        "--message-format=json-render-diagnostics",
    ]);
    if !cfg!(debug_assertions) {
        build.arg("--release");
    }
    let out = build
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err("cargo build -p chainbook-server failed".into());
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter(|m| m["target"]["name"] == "chainbook-server")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo did not report the chainbook-server executable".into())
}

/// A running server on its own data folder; killed when dropped.
pub struct Server {
    pub url: String,
    pub data: PathBuf,
    child: Child,
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts `bin serve` on a free port of 127.0.0.1 with its default log level (`info`,
    /// as deployed), its log in `<data>/server.log`.
    pub fn start(bin: &Path, data: &Path) -> Result<Server> {
        std::fs::create_dir_all(data)?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data.join("server.log"))?;
        let mut child = Command::new(bin)
            .args(["serve", "--data"])
            .arg(data)
            .args(["--listen", "127.0.0.1:0"])
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()?;
        let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut line = String::new();
        stdout.read_line(&mut line)?;
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the server did not start: {line:?}\n{}",
                std::fs::read_to_string(data.join("server.log")).unwrap_or_default()
            )
            .into());
        };
        Ok(Server {
            url: format!("http://{addr}"),
            data: data.to_owned(),
            child,
            _stdout: stdout,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The address it listens on, `127.0.0.1:PORT`.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// The organisation's last sequence number and its stored changes, read from the
    /// server's database (read-only, beside the running server; WAL lets both be).
    pub fn head(&self, org: &str) -> Result<(i64, i64)> {
        let conn = Connection::open_with_flags(
            self.data.join("chainbook-server.sqlite3"),
            OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        Ok(conn.query_row(
            "SELECT o.last_seq, (SELECT count(*) FROM changes c WHERE c.org_id = o.id)
             FROM orgs o WHERE o.slug = ?1",
            [org],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Bytes of the server's database and of its WAL.
    pub fn database_bytes(&self) -> (u64, u64) {
        let db = self.data.join("chainbook-server.sqlite3");
        let wal = PathBuf::from(format!("{}-wal", db.display()));
        let len = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        (len(&db), len(&wal))
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs `bin <group> <command> --data DIR <args…>`; an error unless it succeeds.
pub fn admin(bin: &Path, data: &Path, group: &str, command: &str, args: &[&str]) -> Result<()> {
    let out = Command::new(bin)
        .args([group, command, "--data"])
        .arg(data)
        .args(args)
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "chainbook-server {group} {command}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

/// Organisation `slug` with the user `rep` (password [`PASSWORD`]).
pub fn create_org(bin: &Path, data: &Path, slug: &str) -> Result<()> {
    admin(bin, data, "org", "create", &[slug, &format!("{slug} Ltd")])?;
    admin(
        bin,
        data,
        "user",
        "add",
        &[
            "--org",
            slug,
            "rep",
            "--role",
            "rep",
            "--password",
            PASSWORD,
        ],
    )
}

/// A `kB` line of `/proc/<pid>/status` (`pid` or `self`), e.g. `VmHWM` (peak resident set)
/// or `VmRSS`, in bytes.
pub fn proc_status_bytes(pid: &str, key: &str) -> Result<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .ok_or_else(|| format!("no {key} in /proc/{pid}/status"))?;
    let kb: u64 = line.trim().trim_end_matches("kB").trim().parse()?;
    Ok(kb * 1024)
}

/// Resets the process's peak resident set (`VmHWM`) to its current size, so the next reading
/// is the peak of what follows. False where the kernel does not allow it.
pub fn reset_peak(pid: &str) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// User + system CPU seconds the process has used (`/proc/<pid>/stat`; Linux counts in
/// USER_HZ, 100 per second on every architecture it supports).
pub fn cpu_seconds(pid: &str) -> Result<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name is in parentheses and may hold spaces; the fields follow the last ')'.
    let rest = text.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| -> Result<f64> {
        Ok(fields.get(i).ok_or("short /proc stat")?.parse::<u64>()? as f64)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}

/// Bytes of an SQLite file with its `-wal` (0 for a missing part).
pub fn file_bytes(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|ext| std::fs::metadata(format!("{}{ext}", db.display())).ok())
        .map(|m| m.len())
        .sum()
}
