//! The test world: the real `chainbook-server` binary on a free port (started through
//! `chainbook-testkit`, which finds or builds it), stores on temp files ([`device`]), a
//! [`Transport`] that loses requests or answers on demand ([`Faults`]), and a raw reader of
//! everything the server stored ([`stored`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chainbook_protocol::{
    paths, PullRequest, PullResponse, PulledChange, Secret, HEADER_PROTOCOL, HEADER_SCHEMA,
    PROTOCOL_VERSION,
};
use chainbook_store::Store;
use chainbook_sync::{Answer, HttpTransport, SignedIn, SyncClient, Transport};
pub use chainbook_testkit::{Server, PASSWORD};

/// The server binary (see `chainbook-testkit`).
pub fn server_bin() -> PathBuf {
    chainbook_testkit::server_bin().expect("the chainbook-server binary")
}

/// A server on `data`, on a free port of 127.0.0.1.
pub fn start(data: &Path) -> Server {
    Server::start(&server_bin(), data).expect("start chainbook-server")
}

/// Runs `chainbook-server <group> <command> --data DIR <args…>`; panics unless it succeeds.
pub fn admin(data: &Path, group: &str, command: &str, args: &[&str]) {
    chainbook_testkit::admin(&server_bin(), data, group, command, args).expect("admin command");
}

/// An organisation `slug` with a user `rep` (password [`PASSWORD`]).
pub fn org(data: &Path, slug: &str) {
    chainbook_testkit::create_org(&server_bin(), data, slug).expect("organisation");
}

/// A temp folder with organisation `acme`, and a server on it.
pub fn world() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("temp dir");
    org(dir.path(), "acme");
    let server = start(dir.path());
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
