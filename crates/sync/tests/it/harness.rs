//! The test world: the real `chainbook-server` binary on a free port ([`Server`]), its admin
//! CLI ([`admin`]), stores on temp files ([`device`]), a [`Transport`] that loses requests
//! or answers on demand ([`Faults`]), and a raw reader of everything the server stored
//! ([`stored`]).
//!
//! **Finding the server binary.** `CARGO_BIN_EXE_*` exists only inside the server's own
//! package, so the first test that needs the binary runs
//! `cargo build -p chainbook-server --bin chainbook-server --message-format=json` once per
//! test process (a second or less when it is up to date; the first time it builds the
//! server) and takes the executable's path from cargo's report — right in a fresh clone, with
//! any target folder, whether the run is `cargo test -p chainbook-sync` or
//! `cargo test --workspace`. `CHAINBOOK_SERVER_BIN=/path/to/chainbook-server` skips the build.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use chainbook_protocol::{
    paths, PullRequest, PullResponse, PulledChange, Secret, HEADER_PROTOCOL, HEADER_SCHEMA,
    PROTOCOL_VERSION,
};
use chainbook_store::Store;
use chainbook_sync::{Answer, HttpTransport, SignedIn, SyncClient, Transport};

pub const PASSWORD: &str = "correct horse battery";

/// The server binary (see the module doc).
pub fn server_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("CHAINBOOK_SERVER_BIN") {
            return PathBuf::from(p);
        }
        let cargo = std::env::var("CARGO")
            .ok()
            .or_else(|| option_env!("CARGO").map(str::to_owned))
            .unwrap_or_else(|| "cargo".to_owned());
        let mut build = Command::new(cargo);
        // Without the variables cargo sets for a test process: a build script that reads
        // one (ring reads CARGO_MANIFEST_DIR) would otherwise see it changed and rebuild,
        // here and again in the next `cargo test`.
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
        let out = build
            .args([
                "build",
                "-p",
                "chainbook-server",
                "--bin",
                "chainbook-server",
                "--message-format=json-render-diagnostics",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
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
            .filter(|m| m["reason"] == "compiler-artifact")
            .filter(|m| m["target"]["name"] == "chainbook-server")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported the chainbook-server executable")
    })
}

/// A running server; killed (SIGKILL) when dropped.
pub struct Server {
    pub url: String,
    child: Child,
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts on a free port of 127.0.0.1.
    pub fn start(data: &Path) -> Server {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data.join("server.log"))
            .expect("server log");
        let mut child = Command::new(server_bin())
            .args(["serve", "--data"])
            .arg(data)
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start chainbook-server");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            panic!(
                "server did not start: {line:?}\n{}",
                std::fs::read_to_string(data.join("server.log")).unwrap_or_default()
            );
        };
        Server {
            url: format!("http://{addr}"),
            child,
            _stdout: stdout,
        }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs `chainbook-server <group> <command> --data DIR <args…>`; panics unless it succeeds.
pub fn admin(data: &Path, group: &str, command: &str, args: &[&str]) {
    let out = Command::new(server_bin())
        .args([group, command, "--data"])
        .arg(data)
        .args(args)
        .output()
        .expect("run chainbook-server");
    assert!(
        out.status.success(),
        "chainbook-server {group} {command} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An organisation `slug` with a user `rep` (password [`PASSWORD`]).
pub fn org(data: &Path, slug: &str) {
    admin(data, "org", "create", &[slug, &format!("{slug} Ltd")]);
    admin(
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
    );
}

/// A temp folder with organisation `acme`, and a server on it.
pub fn world() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("temp dir");
    org(dir.path(), "acme");
    let server = Server::start(dir.path());
    (dir, server)
}

/// What to lose next; each flag is used once.
#[derive(Default)]
pub struct Faults {
    /// The next push never reaches the server.
    pub lose_push_request: AtomicBool,
    /// The next push is stored, but its answer is lost.
    pub lose_push_answer: AtomicBool,
    /// The next pull or snapshot is answered, but the answer is lost.
    pub lose_pull_answer: AtomicBool,
}

/// [`HttpTransport`] with [`Faults`].
pub struct Faulty {
    inner: HttpTransport,
    faults: Arc<Faults>,
}

impl Transport for Faulty {
    fn post(&self, url: &str, headers: &[(&str, String)], body: &[u8]) -> Option<Answer> {
        let take = |f: &AtomicBool| f.swap(false, Ordering::SeqCst);
        let push = url.ends_with(paths::PUSH);
        if push && take(&self.faults.lose_push_request) {
            return None;
        }
        let answer = self.inner.post(url, headers, body);
        if push && take(&self.faults.lose_push_answer) {
            return None;
        }
        let pull = url.ends_with(paths::PULL) || url.ends_with(paths::SNAPSHOT);
        if pull && take(&self.faults.lose_pull_answer) {
            return None;
        }
        answer
    }

    fn get(&self, url: &str) -> Option<Answer> {
        self.inner.get(url)
    }
}

/// A client of `url` whose requests and answers can be lost through the returned [`Faults`].
pub fn faulty_client(url: &str) -> (SyncClient, Arc<Faults>) {
    let faults = Arc::new(Faults::default());
    let transport = Faulty {
        inner: HttpTransport::default(),
        faults: faults.clone(),
    };
    let client = SyncClient::with_transport(url, Box::new(transport)).expect("client");
    (client, faults)
}

/// A device: a store on a temp file, signed in to `org` of `server` as `rep`.
pub struct Device {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub client: SyncClient,
    pub faults: Arc<Faults>,
    pub signed_in: SignedIn,
}

/// A new device signed in to `org`, with the store clock `clock`.
pub fn device(server: &Server, org: &str, clock: chainbook_store::Clock) -> Device {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chainbook.db");
    let mut store = Store::open_with_clock(&path, clock).expect("open store");
    let (mut client, faults) = faulty_client(&server.url);
    let signed_in = client
        .sign_in(
            &mut store,
            org,
            "rep",
            &Secret::new(PASSWORD),
            "test device",
        )
        .expect("sign in");
    Device {
        _dir: dir,
        path,
        store,
        client,
        faults,
        signed_in,
    }
}

/// A device with the system clock.
pub fn real_device(server: &Server, org: &str) -> Device {
    device(server, org, Box::new(chrono::Utc::now))
}

/// Every change the server stored for the token's organisation, pulled from 0 over raw
/// HTTP, checking that sequence numbers run 1, 2, 3, … without a gap or a repeat.
pub fn stored(server_url: &str, token: &Secret) -> Vec<PulledChange> {
    let http = HttpTransport::default();
    let headers = [
        (HEADER_PROTOCOL, PROTOCOL_VERSION.to_string()),
        (HEADER_SCHEMA, "1".to_owned()),
        ("authorization", format!("Bearer {}", token.expose())),
    ];
    let mut all: Vec<PulledChange> = Vec::new();
    loop {
        let cursor = all.last().map_or(0, |c| c.seq);
        let body = serde_json::to_vec(&PullRequest {
            cursor,
            limit: 1_000,
        })
        .expect("request");
        let answer = http
            .post(&format!("{server_url}{}", paths::PULL), &headers, &body)
            .expect("an answer");
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        let page: PullResponse = serde_json::from_slice(&answer.body).expect("a pull page");
        for (i, c) in page.changes.iter().enumerate() {
            assert_eq!(
                c.seq,
                cursor + 1 + i as i64,
                "sequence numbers without gaps"
            );
        }
        all.extend(page.changes);
        if !page.more {
            return all;
        }
    }
}

/// Asserts that every change id, and every change's content, is stored once: a retried
/// push that got new ids would store the same content twice.
pub fn assert_each_change_once(changes: &[PulledChange]) {
    let mut ids = std::collections::HashSet::new();
    let mut contents = std::collections::HashMap::new();
    for c in changes {
        assert!(
            ids.insert(c.change_id),
            "change {} stored twice (seq {})",
            c.change_id,
            c.seq
        );
        let json = serde_json::to_string(&c.change).expect("json");
        if let Some(first) = contents.insert(json, c.seq) {
            panic!("seq {} repeats the content of seq {first}", c.seq);
        }
    }
}
