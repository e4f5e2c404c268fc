//! The real `chainbook-server` as a child process, for every test and benchmark that syncs
//! over HTTP on 127.0.0.1: the sync client's tests, the shell's command tests, the end-to-end
//! suite and the `sync-net` benchmark group. One place finds the binary, runs its admin CLI and
//! starts it, so a change to the server's command line is made once.
//!
//! **Finding the binary.** `CHAINBOOK_SERVER_BIN=/path/to/chainbook-server` is used as is
//! (a benchmark compares two servers that way). Otherwise
//! `cargo build [--release] -p chainbook-server --message-format=json` runs once per process —
//! in the profile this crate was built in, so a release benchmark measures a release server;
//! a second or less when it is up to date — and the executable's path comes from cargo's
//! report: right in a fresh clone, with any target folder, under `cargo test -p X` or
//! `cargo test --workspace`. `CARGO_BIN_EXE_*` would only exist inside the server's own
//! package. Without cargo, a `chainbook-server` beside the running executable is used.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::OnceLock;

use rusqlite::{Connection, OpenFlags};

/// Errors of the harness: a message saying what failed.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The password of every user made here (throwaway servers in temp folders).
pub const PASSWORD: &str = "correct horse battery";

/// The organisation most tests use.
pub const ORG: &str = "acme";

/// The server binary (see the module doc); found once per process.
pub fn server_bin() -> Result<PathBuf> {
    static BIN: OnceLock<std::result::Result<PathBuf, String>> = OnceLock::new();
    BIN.get_or_init(find_bin).clone().map_err(Into::into)
}

fn find_bin() -> std::result::Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("CHAINBOOK_SERVER_BIN") {
        return Ok(PathBuf::from(p));
    }
    match cargo_build() {
        Ok(p) => Ok(p),
        Err(e) => {
            let beside = std::env::current_exe()
                .map_err(|x| x.to_string())?
                .with_file_name("chainbook-server");
            if beside.is_file() {
                eprintln!(
                    "cargo build -p chainbook-server failed ({e}); using {}",
                    beside.display()
                );
                Ok(beside)
            } else {
                Err(format!("no chainbook-server: {e}"))
            }
        }
    }
}

fn cargo_build() -> std::result::Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    // `cargo run` and `cargo test` hand these to the process; a build script that reads one
    // (ring reads CARGO_MANIFEST_DIR) would see it changed and rebuild, here and next time.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_")
            || [
                "CARGO_MANIFEST_DIR",
                "CARGO_MANIFEST_PATH",
                "CARGO_CRATE_NAME",
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
        .output()
        .map_err(|e| format!("run cargo: {e}"))?;
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

/// Runs `bin <group> <command> --data DIR <args…>`; an error with its stderr unless it
/// succeeds.
pub fn admin(bin: &Path, data: &Path, group: &str, command: &str, args: &[&str]) -> Result<()> {
    let out = Command::new(bin)
        .args([group, command, "--data"])
        .arg(data)
        .args(args)
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "chainbook-server {group} {command} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

/// Organisation `slug` ("`slug` Ltd") with each `(user, role)`, all with [`PASSWORD`].
pub fn create_org_with(bin: &Path, data: &Path, slug: &str, users: &[(&str, &str)]) -> Result<()> {
    admin(bin, data, "org", "create", &[slug, &format!("{slug} Ltd")])?;
    for (user, role) in users {
        admin(
            bin,
            data,
            "user",
            "add",
            &["--org", slug, user, "--role", role, "--password", PASSWORD],
        )?;
    }
    Ok(())
}

/// Organisation `slug` with the user `rep` (role rep, [`PASSWORD`]).
pub fn create_org(bin: &Path, data: &Path, slug: &str) -> Result<()> {
    create_org_with(bin, data, slug, &[("rep", "rep")])
}

/// A running server on its own data folder; killed (SIGKILL) when dropped.
pub struct Server {
    pub url: String,
    pub data: PathBuf,
    child: Child,
    /// Kept open: the server may print more, and a closed pipe would fail its writes.
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts `bin serve` on a free port of 127.0.0.1.
    pub fn start(bin: &Path, data: &Path) -> Result<Server> {
        Server::start_at(bin, data, "127.0.0.1:0")
    }

    /// Starts `bin serve` on `listen` (an address a stopped server had, to bring it back
    /// where the devices look for it) with its default log level (`info`, as deployed) and
    /// its log appended to `<data>/server.log`.
    pub fn start_at(bin: &Path, data: &Path, listen: &str) -> Result<Server> {
        std::fs::create_dir_all(data)?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data.join("server.log"))?;
        let mut child = Command::new(bin)
            .args(["serve", "--data"])
            .arg(data)
            .args(["--listen", listen])
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

    /// The server's database file.
    pub fn database(&self) -> PathBuf {
        self.data.join("chainbook-server.sqlite3")
    }

    /// The organisation's last sequence number and its stored changes, read from the
    /// server's database (read-only, beside the running server; WAL lets both be).
    pub fn head(&self, org: &str) -> Result<(i64, i64)> {
        let conn = Connection::open_with_flags(self.database(), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        Ok(conn.query_row(
            "SELECT o.last_seq, (SELECT count(*) FROM changes c WHERE c.org_id = o.id)
             FROM orgs o WHERE o.slug = ?1",
            [org],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Bytes of the server's database and of its WAL.
    pub fn database_bytes(&self) -> (u64, u64) {
        let db = self.database();
        let wal = PathBuf::from(format!("{}-wal", db.display()));
        let len = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        (len(&db), len(&wal))
    }

    /// Kills it (SIGKILL: what a crash or a pulled plug does) and waits for it.
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

/// A temp data folder holding organisation [`ORG`] with its users, to start servers on (and
/// start again, on the same address, to take devices offline and back).
pub struct ServerData {
    pub bin: PathBuf,
    dir: tempfile::TempDir,
}

impl ServerData {
    /// Organisation [`ORG`] with each `(user, role)` given [`PASSWORD`].
    pub fn new(users: &[(&str, &str)]) -> Result<ServerData> {
        let data = ServerData {
            bin: server_bin()?,
            dir: tempfile::tempdir()?,
        };
        create_org_with(&data.bin, data.path(), ORG, users)?;
        Ok(data)
    }

    /// The data folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Starts a server on a free port.
    pub fn start(&self) -> Result<Server> {
        Server::start(&self.bin, self.path())
    }

    /// Starts a server on `listen`.
    pub fn start_at(&self, listen: &str) -> Result<Server> {
        Server::start_at(&self.bin, self.path(), listen)
    }

    /// Runs an admin command on this folder.
    pub fn admin(&self, group: &str, command: &str, args: &[&str]) -> Result<()> {
        admin(&self.bin, self.path(), group, command, args)
    }
}
