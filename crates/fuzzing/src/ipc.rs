//! Target `ipc`: one IPC command with JSON arguments, through Tauri's mock runtime and the
//! real command handler (the argument decoding, the validation, the store call) against a
//! real store on a temporary file.
//!
//! An input is the command's name, a newline and its arguments as JSON. Strings of the form
//! `@name` in the arguments stand for the ids of records [`Harness::new`] made (`@customer`,
//! `@product`, …) and `@dir` for the harness's folder, so inputs reach past "not found" into
//! the writes; seeds in `fuzz/corpus/ipc/` use them.
//!
//! Properties: no panic; every rejection is `{code, message, field}` with a `code` of core's
//! [`ErrorCode::ALL`]; a rejected command leaves every table of the store as it was.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chainbook_app::{commands, AppState};
use chainbook_core::ErrorCode;
use chainbook_store::Store;
use chainbook_sync::{KeyringTokens, TokenStore};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;

use crate::digest::{digest, reader};

/// Commands the target does not call, and why.
pub const EXCLUDED: [(&str, &str); 3] = [
    (
        "sync_sign_in",
        "connects to the server URL it is given (the sync API is the `sync_api` target)",
    ),
    ("file_pick", "opens a native file chooser"),
    ("print_document", "opens the print dialog of a webview"),
];

/// Keys whose string values name files or folders: an input is run only when each names a
/// place inside the harness's folder (the fuzzer must not write or read elsewhere).
const PATH_KEYS: [&str; 3] = ["path", "folder", "dest"];

/// After this many calls the harness starts again on a new store, so a long run does not
/// slow down as accepted writes pile up.
const CALLS_PER_STORE: u32 = 2_000;

thread_local! {
    static HARNESS: RefCell<Option<Harness>> = const { RefCell::new(None) };
}

/// The target: see the module documentation.
pub fn ipc(data: &[u8]) {
    let Some((cmd, args)) = decode(data) else {
        return;
    };
    HARNESS.with(|h| {
        let mut h = h.borrow_mut();
        if h.as_ref().is_none_or(|h| h.calls >= CALLS_PER_STORE) {
            *h = Some(Harness::new());
        }
        h.as_mut().expect("made above").check(&cmd, args);
    });
}

/// The command and its arguments, when the input is one of a known command.
fn decode(data: &[u8]) -> Option<(String, Value)> {
    let text = std::str::from_utf8(data).ok()?;
    let (cmd, args) = text.split_once('\n').unwrap_or((text, "{}"));
    let cmd = cmd.trim();
    if !known(cmd) {
        return None;
    }
    let args: Value = serde_json::from_str(args).ok()?;
    Some((cmd.to_owned(), args))
}

/// A command the handler serves and the target calls.
pub fn known(cmd: &str) -> bool {
    !EXCLUDED.iter().any(|(c, _)| *c == cmd) && commands().iter().any(|c| c == cmd)
}

/// Every command the app declares, by name (from the signatures the bindings are made of).
pub fn commands() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        commands::signatures(&ts_rs::Config::new())
            .into_iter()
            .map(|(name, _, _)| name.to_owned())
            .collect()
    })
}

/// The app around a store on a temporary file, with records for the `@` placeholders.
struct Harness {
    dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
    /// What `@name` stands for.
    ids: Vec<(String, String)>,
    /// A read-only connection for the digest, and the digest after the last call.
    reader: rusqlite::Connection,
    digest: u64,
    calls: u32,
}

impl Harness {
    fn new() -> Harness {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("chainbook.db");
        let store = Store::open(&db).expect("open the store");
        let keyring = keyring_core::mock::Store::new().expect("the mock keyring");
        let tokens: chainbook_app::sync::Tokens = Box::new(move || {
            let store: Arc<keyring_core::CredentialStore> = keyring.clone();
            Ok(Box::new(KeyringTokens::with_store(store)) as Box<dyn TokenStore>)
        });
        let app = mock_builder()
            .invoke_handler(commands::handler())
            .manage(AppState::new(store, dir.path().to_owned(), tokens))
            .build(mock_context(noop_assets()))
            .expect("the mock app");
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("the mock window");
        std::fs::write(dir.path().join("customers.csv"), CUSTOMERS_CSV).expect("write a file");
        let reader = reader(&db);
        let mut h = Harness {
            ids: vec![("@dir".into(), dir.path().display().to_string())],
            dir,
            _app: app,
            webview,
            reader,
            digest: 0,
            calls: 0,
        };
        h.prepare();
        h.digest = digest(&h.reader, &[]);
        h
    }

    /// Makes one record of each kind the placeholders name, through the commands themselves.
    fn prepare(&mut self) {
        for (cmd, args, ids) in crate::seeds::records() {
            let args = self.substitute(args);
            let out = self
                .call(cmd, args)
                .unwrap_or_else(|e| panic!("preparing with {cmd}: {e}"));
            for (name, pointer) in ids {
                let id = out
                    .pointer(pointer)
                    .and_then(Value::as_str)
                    .unwrap_or_else(|| panic!("{cmd} answered no {pointer}: {out}"));
                self.ids.push((name.to_string(), id.to_owned()));
            }
        }
    }

    /// `@name` strings replaced by what they stand for.
    fn substitute(&self, v: Value) -> Value {
        match v {
            Value::String(s) if s.starts_with('@') => {
                let found = self
                    .ids
                    .iter()
                    .find(|(k, _)| s == *k || s.starts_with(&format!("{k}/")));
                match found {
                    Some((k, id)) => Value::String(format!("{id}{}", &s[k.len()..])),
                    None => Value::String(s),
                }
            }
            Value::Array(a) => Value::Array(a.into_iter().map(|v| self.substitute(v)).collect()),
            Value::Object(o) => Value::Object(
                o.into_iter()
                    .map(|(k, v)| (k, self.substitute(v)))
                    .collect(),
            ),
            v => v,
        }
    }

    /// Runs the command and checks the properties.
    fn check(&mut self, cmd: &str, args: Value) {
        let args = self.substitute(args);
        if !paths_inside(&args, self.dir.path()) {
            return;
        }
        self.calls += 1;
        let answer = self.call(cmd, args.clone());
        self.settle();
        if std::env::var_os("CHAINBOOK_FUZZ_VERBOSE").is_some() {
            let shown = |v: &Value| v.to_string().chars().take(160).collect::<String>();
            match &answer {
                Ok(v) => eprintln!("{cmd}: ok {}", shown(v)),
                Err(e) => eprintln!("{cmd}: refused {}", shown(e)),
            }
        }
        let after = digest(&self.reader, &[]);
        if let Err(e) = answer {
            assert_typed(cmd, &args, &e);
            assert!(
                after == self.digest,
                "`{cmd}` was rejected ({e}) but the store changed; arguments: {args}"
            );
        }
        self.digest = after;
    }

    /// Waits for the background forecast run (`forecast_run` starts one on its own thread,
    /// which writes as it goes) to finish, so its writes are not taken for the next call's.
    fn settle(&self) {
        for _ in 0..600 {
            let status = self.call(
                "forecast_status",
                serde_json::json!({"today": "2026-12-01"}),
            );
            if !status.is_ok_and(|s| s["running"] == true) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the forecast run did not finish in 6 s");
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("a URL"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: tauri::test::INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().expect("an answer in JSON"))
    }
}

/// A rejection must be the one error shape with a known code.
fn assert_typed(cmd: &str, args: &Value, e: &Value) {
    let code = e.get("code").and_then(Value::as_str);
    let known = code.is_some_and(|c| ErrorCode::ALL.iter().any(|k| k.as_str() == c));
    let shape = e.get("message").is_some_and(Value::is_string)
        && e.get("field").is_some_and(|f| f.is_null() || f.is_string());
    assert!(
        known && shape,
        "`{cmd}` was rejected with an untyped error {e}; arguments: {args}"
    );
    assert!(
        code != Some(ErrorCode::Internal.as_str()) && code != Some(ErrorCode::Storage.as_str()),
        "`{cmd}` failed inside ({e}); arguments: {args}"
    );
}

/// Every string under a path key names a place inside `dir`.
fn paths_inside(v: &Value, dir: &Path) -> bool {
    match v {
        Value::Object(o) => o.iter().all(|(k, v)| match v {
            Value::String(s) if PATH_KEYS.contains(&k.as_str()) => inside(s, dir),
            v => paths_inside(v, dir),
        }),
        Value::Array(a) => a.iter().all(|v| paths_inside(v, dir)),
        _ => true,
    }
}

fn inside(path: &str, dir: &Path) -> bool {
    path.is_empty()
        || (PathBuf::from(path).starts_with(dir) && !path.contains("..") && !path.contains('\0'))
}

/// A file for the import commands to read.
const CUSTOMERS_CSV: &str = "客户名称,电话,邮箱,国家,城市,标签\n\
深圳华为技术有限公司,0755-28780808,info@huawei.com,CN,深圳,重品质\n\
Acme GmbH,+49 30 1234567,sales@acme.de,DE,Berlin,\n";

/// The seed of a command: its input bytes.
pub fn input(cmd: &str, args: &Value) -> Vec<u8> {
    format!("{cmd}\n{args}").into_bytes()
}
