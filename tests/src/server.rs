//! A real `chainbook-server` for the sync tests: built by cargo (or taken from
//! `CHAINBOOK_SERVER_BIN`), an organisation and users made with its admin CLI, started on a
//! loopback port, stopped and started again on the same port (the devices keep its URL) to
//! take the devices offline and back.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use crate::workspace_root;

/// The server binary: `CHAINBOOK_SERVER_BIN`, or built and found through cargo's report.
pub fn server_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CHAINBOOK_SERVER_BIN") {
        return PathBuf::from(p);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    // Without the variables cargo sets for a test process (build scripts would rebuild).
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("CARGO_") && name != "CARGO_HOME" && name != "CARGO_TARGET_DIR"
            || name == "OUT_DIR"
        {
            build.env_remove(name);
        }
    }
    let out = build
        .args([
            "build",
            "-p",
            "chainbook-server",
            "--bin",
            "chainbook-server",
        ])
        .arg("--message-format=json-render-diagnostics")
        .current_dir(workspace_root())
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo build -p chainbook-server");
    assert!(
        out.status.success(),
        "cargo build -p chainbook-server failed"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "chainbook-server")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .expect("cargo reported the chainbook-server executable")
}

/// A server's data folder with the organisation `acme` and its users; [`Server::start`]s on it.
pub struct ServerData {
    bin: PathBuf,
    dir: tempfile::TempDir,
}

/// A running server, killed when dropped.
pub struct Server {
    pub url: String,
    child: Child,
    _stdout: BufReader<ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerData {
    /// The organisation `acme` with each `(user, role)` given `password`.
    pub fn new(users: &[(&str, &str)], password: &str) -> ServerData {
        let data = ServerData {
            bin: server_bin(),
            dir: tempfile::tempdir().expect("temp dir"),
        };
        data.admin(&["org", "create", "--data"], &["acme", "Acme Ltd"]);
        for (user, role) in users {
            data.admin(
                &["user", "add", "--data"],
                &[
                    "--org",
                    "acme",
                    user,
                    "--role",
                    role,
                    "--password",
                    password,
                ],
            );
        }
        data
    }

    fn admin(&self, head: &[&str], rest: &[&str]) {
        let out = Command::new(&self.bin)
            .args(head)
            .arg(self.dir.path())
            .args(rest)
            .output()
            .expect("run chainbook-server");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The data folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Starts serving on `listen` (`127.0.0.1:0` picks a free port; the URL tells which).
    pub fn start(&self, listen: &str) -> Server {
        let mut child = Command::new(&self.bin)
            .args(["serve", "--data"])
            .arg(self.dir.path())
            .args(["--listen", listen])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chainbook-server");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            panic!("server did not start: {line:?}");
        };
        Server {
            url: format!("http://{addr}"),
            child,
            _stdout: stdout,
        }
    }
}

impl Server {
    /// The `host:port` it listens on, to start it again at the same address.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}
