//! Target `sync_api`: one request body to one endpoint of the sync server, through the real
//! axum router (the version check, the token's session, the JSON extractor, the handler and
//! the SQLite storage) on a temporary data folder, signed in as the organisation's owner.
//!
//! An input is the endpoint's path (one of `paths::V1`), a newline and the body's bytes, in
//! which `@owner`, `@rep` and `@device` stand for the ids of the owner, a rep and the signed-in
//! device (the seeds in `fuzz/corpus/sync_api/` use them, so they reach past "unknown").
//!
//! Properties: no panic; the server never answers 500; every refusal is an [`ApiError`] body
//! whose code goes with the HTTP status; a refused request stores nothing (every table of
//! the server's database as it was, but for the time the token was last used, which any
//! authenticated request may record).

use std::cell::RefCell;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request};
use chainbook_protocol::{paths, ApiError, Role, Secret, HEADER_PROTOCOL, HEADER_SCHEMA};
use chainbook_server::clock::Clock;
use chainbook_server::expiry::TokenPolicy;
use chainbook_server::http::{router, AppState};
use chainbook_server::secrets::hash_password;
use chainbook_server::storage::{SqliteStorage, Storage};
use http_body_util::BodyExt;
use tower::ServiceExt;
use uuid::Uuid;

use crate::digest::{digest, reader};

/// The device the harness signs in as.
pub const DEVICE: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
/// The owner's name and password.
pub const OWNER: (&str, &str) = ("owner", "owner-password");
/// A rep of the same organisation (same password).
pub const REP: &str = "rep";

/// Stored by any authenticated request (at most once a minute), whatever its body.
const TOUCHED: [(&str, &str); 1] = [("devices", "last_seen_at")];

const CALLS_PER_SERVER: u32 = 2_000;

thread_local! {
    static HARNESS: RefCell<Option<Harness>> = const { RefCell::new(None) };
}

/// The target: see the module documentation.
pub fn sync_api(data: &[u8]) {
    let Some(split) = data.iter().position(|&b| b == b'\n') else {
        return;
    };
    let Ok(path) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let Some(path) = paths::V1.iter().find(|p| **p == path.trim()) else {
        return;
    };
    let body = data[split + 1..].to_vec();
    HARNESS.with(|h| {
        let mut h = h.borrow_mut();
        if h.as_ref().is_none_or(|h| h.calls >= CALLS_PER_SERVER) {
            *h = Some(Harness::new());
        }
        h.as_mut().expect("made above").check(path, body);
    });
}

struct Harness {
    _dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    token: String,
    /// What `@name` stands for.
    ids: Vec<(&'static str, String)>,
    reader: rusqlite::Connection,
    digest: u64,
    calls: u32,
}

impl Harness {
    fn new() -> Harness {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let storage = SqliteStorage::open(dir.path()).expect("open the server's storage");
        let now = chrono::Utc::now();
        let org = storage.create_org("acme", "Acme", now).expect("an org");
        let hash = hash_password(&Secret::new(OWNER.1)).expect("a hash");
        let owner = storage
            .add_user(org.id, OWNER.0, Role::Owner, &hash, now)
            .expect("the owner");
        let rep = storage
            .add_user(org.id, REP, Role::Rep, &hash, now)
            .expect("a rep");
        let ids = vec![
            ("@owner", owner.id.to_string()),
            ("@rep", rep.id.to_string()),
            ("@device", DEVICE.to_string()),
        ];
        let router = router(AppState {
            storage: Arc::new(storage) as Arc<dyn Storage>,
            clock: Clock::system(),
            tokens: TokenPolicy::default(),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let reader = reader(
            &dir.path()
                .join(chainbook_server::storage::sqlite::FILE_NAME),
        );
        let mut h = Harness {
            _dir: dir,
            runtime,
            router,
            token: String::new(),
            ids,
            reader,
            digest: 0,
            calls: 0,
        };
        let (status, body) = h.post(paths::SIGN_IN, crate::seeds::sign_in(DEVICE, OWNER.0));
        assert_eq!(status, 200, "sign-in: {}", String::from_utf8_lossy(&body));
        let answer: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        h.token = answer["token"].as_str().expect("a token").to_owned();
        h.digest = digest(&h.reader, &TOUCHED);
        h
    }

    fn post(&self, path: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
        let mut req = Request::post(path)
            .header(
                HEADER_PROTOCOL,
                chainbook_protocol::PROTOCOL_VERSION.to_string(),
            )
            .header(HEADER_SCHEMA, "1")
            .header(header::CONTENT_TYPE, "application/json");
        if !self.token.is_empty() {
            req = req.header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        }
        let req = req.body(Body::from(body)).expect("a request");
        self.runtime.block_on(async {
            let res = self.router.clone().oneshot(req).await.expect("infallible");
            let status = res.status().as_u16();
            let body = res
                .into_body()
                .collect()
                .await
                .expect("the answer's body")
                .to_bytes()
                .to_vec();
            (status, body)
        })
    }

    fn check(&mut self, path: &str, mut body: Vec<u8>) {
        self.calls += 1;
        for (name, id) in &self.ids {
            body = replace(&body, name.as_bytes(), id.as_bytes());
        }
        let shown = String::from_utf8_lossy(&body).into_owned();
        let (status, answer) = self.post(path, body);
        let after = digest(&self.reader, &TOUCHED);
        let answer_text = String::from_utf8_lossy(&answer);
        if std::env::var_os("CHAINBOOK_FUZZ_VERBOSE").is_some() {
            let cut: String = answer_text.chars().take(160).collect();
            eprintln!("{path}: {status} {cut}");
        }
        assert!(
            status != 500,
            "{path} answered 500 ({answer_text}) to {shown}"
        );
        if !(200..300).contains(&status) {
            let e: ApiError = serde_json::from_slice(&answer).unwrap_or_else(|e| {
                panic!(
                    "{path} refused {shown} with {status} and no error body ({e}): {answer_text}"
                )
            });
            assert_eq!(e.status(), status, "{path}: {answer_text}");
            assert!(
                after == self.digest,
                "{path} refused {shown} ({answer_text}) but stored something"
            );
        }
        self.digest = after;
    }
}

/// `bytes` with every `from` replaced by `to`.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}
