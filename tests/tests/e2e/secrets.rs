//! The secrets audit: a session signs in to a real `chainbook-server` (after a refused
//! password), syncs a new customer, turns encryption at rest on in Settings, types a second
//! customer and makes a backup; then no password, no device token and no database key
//! appears in any file the app or the server wrote — the database, its WAL (copied while the
//! app was running, before any checkpoint), the backup, the app's logs, the driver log, the
//! server's database and log. The token and the key are read back from the OS keychain (the
//! session keyring on Linux), where they belong. With encryption on, neither customer's name
//! is in the database, its WAL or the backup (the app still shows both; the server, which
//! is not encrypted, still has the synced one, which proves the scan finds names).

use std::fs;
use std::path::{Path, PathBuf};

use chainbook_e2e::{session, DataDir};
use chainbook_store::cipher::Key;
use chainbook_store::Store;
use chainbook_testkit::{ServerData, PASSWORD};

const WRONG_PASSWORD: &str = "not-the-Password-4711";
/// A customer typed after encryption was turned on (never synced: only in the app's files).
const LATER_CUSTOMER: &str = "精密机电Qiancheng";

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Copies every file under `from` into `to` (a live WAL included).
fn snapshot(from: &Path, to: &Path) -> std::io::Result<()> {
    for f in files(from) {
        let rel = f.strip_prefix(from).expect("under the folder");
        let dest = to.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        // A file that vanished between listing and copying (a rotated log) is not an error.
        match fs::copy(&f, &dest) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn keyctl(args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("keyctl")
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The secret the app keeps in the session keyring under `service` for an account
/// containing `account`, removed once read: the device token (service `chainbook-sync`,
/// account `<device id> <server URL>`) or the database key (`chainbook-db`, the database
/// file's path).
fn keychain_secret(service: &str, account: &str) -> Option<String> {
    for id in keyctl(&["rlist", "@s"])?.split_whitespace() {
        let Some(desc) = keyctl(&["rdescribe", id]) else {
            continue;
        };
        if desc.contains(service) && desc.contains(account) {
            let secret = keyctl(&["pipe", id])?;
            keyctl(&["unlink", id, "@s"]);
            return Some(secret);
        }
    }
    None
}

/// A file of the database: the file itself, its WAL and index, a backup, a snapshot.
fn database_file(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.ends_with(".db")
        || name.ends_with("-wal")
        || name.ends_with("-shm")
        || name.contains(".db.")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn no_password_or_token_in_any_file_after_sign_in_sync_and_backup() {
    let server_data = ServerData::new(&[("rep", "rep")]).expect("chainbook-server");
    let server = server_data.start().expect("chainbook-server");
    let url = server.url.clone();
    let data = DataDir::new("secrets_audit");
    // The suite runs in a session keyring, which forgets at a restart: the app refuses
    // encryption there unless a debug build is told this is a test.
    data.set_env("CHAINBOOK_TEST_VOLATILE_KEYCHAIN", "1");
    let picks = data.picks();
    let live = tempfile::tempdir().expect("temp dir");
    let (data_path, live_path) = (data.path().to_owned(), live.path().to_owned());
    let signed_in = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = signed_in.clone();
    session("secrets_audit", &data, move |ui| async move {
        ui.select("lang-switch", "en").await?;
        ui.click("nav-settings").await?;
        ui.fill("sync-field-server", &url).await?;
        ui.fill("sync-field-org", "acme").await?;
        ui.fill("sync-field-user", "rep").await?;
        ui.fill("sync-field-password", WRONG_PASSWORD).await?;
        ui.fill("sync-field-device", "Laptop").await?;
        ui.click("sync-sign-in-submit").await?;
        ui.wait_contains("sync-error", "refused the sign-in").await?;
        ui.fill("sync-field-password", PASSWORD).await?;
        ui.click("sync-sign-in-submit").await?;
        let start = std::time::Instant::now();
        loop {
            if !ui.find_all("sync-now").await?.is_empty() {
                break;
            }
            if let Some(e) = ui.find_all("sync-error").await?.first() {
                if e.text().await?.contains("keychain") {
                    eprintln!("SKIPPED secrets_audit: no keychain is reachable (run under `keyctl session -`)");
                    return Ok(());
                }
            }
            if start.elapsed() > chainbook_e2e::TIMEOUT {
                return Err("neither signed in nor an error".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
        ui.open_customers().await?;
        ui.click("customer-new").await?;
        ui.fill("field-name", "宏达精工").await?;
        ui.click("customer-save").await?;
        ui.wait_contains("customer-row", "宏达精工").await?;
        ui.click("nav-settings").await?;
        ui.click("sync-now").await?;
        ui.wait_contains("sync-status-line", "Synced").await?;
        // Encryption on, through the Settings UI; then a customer typed into the encrypted data.
        ui.click("encryption-toggle").await?;
        ui.wait_contains("encryption-done", "Encrypted").await?;
        let card = ui.find("encryption-settings").await?;
        ui.scroll_to(&card).await?;
        ui.screenshot("encryption-settings-en").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.wait_contains("encryption-done", "已加密").await?;
        let card = ui.find("encryption-settings").await?;
        ui.scroll_to(&card).await?;
        ui.screenshot("encryption-settings-zh").await?;
        ui.select("lang-switch", "en").await?;
        ui.open_customers().await?;
        ui.click("customer-new").await?;
        ui.fill("field-name", LATER_CUSTOMER).await?;
        ui.click("customer-save").await?;
        ui.wait_contains("customer-row", LATER_CUSTOMER).await?;
        // The app still shows what was typed before encryption.
        ui.fill("customer-search", "宏达").await?;
        ui.wait_contains("customer-row", "宏达精工").await?;
        ui.click("nav-settings").await?;
        ui.click("backup-now").await?;
        ui.wait_contains("backup-done", ".db").await?;
        // The files as they are while the app runs: the WAL holds the latest writes.
        snapshot(&data_path, &live_path)?;
        Ok(())
    })
    .await;
    drop(server);
    if !signed_in.load(std::sync::atomic::Ordering::SeqCst) {
        return;
    }

    // The key and the token, from the keychain (the test shares the app's session keyring;
    // read with keyutils' own tool so that this crate does not link the sync client's TLS
    // stack). The database opens only with the key.
    let db = data.path().join("chainbook.db");
    let account = db
        .canonicalize()
        .expect("the database")
        .display()
        .to_string();
    let key_hex =
        keychain_secret("chainbook-db", &account).expect("the database key is in the keyring");
    let key = Key::from_hex(&key_hex).expect("a 256-bit key");
    assert!(
        matches!(
            Store::open(&db),
            Err(chainbook_store::StoreError::KeyMissing)
        ),
        "the database does not open without its key"
    );
    let store = Store::open_keyed(&db, Box::new(chrono::Utc::now), Some(key))
        .expect("open the app's database with the key");
    let device = store.device().id.to_string();
    drop(store);
    let token =
        keychain_secret("chainbook-sync", &device).expect("the token is in the session keyring");

    let needles: [(&str, &str); 4] = [
        ("the password", PASSWORD),
        ("the refused password", WRONG_PASSWORD),
        ("the device token", &token),
        ("the database key", &key_hex),
    ];
    let mut scanned = Vec::new();
    for dir in [live.path(), data.path(), &picks, server_data.path()] {
        scanned.extend(files(dir));
    }
    scanned.push(chainbook_e2e::log_dir().join("secrets_audit.log"));
    let backups = scanned
        .iter()
        .filter(|p| p.starts_with(&picks) && p.extension().is_some_and(|e| e == "db"))
        .count();
    assert!(backups >= 1, "the backup was made: {scanned:?}");
    assert!(
        scanned
            .iter()
            .any(|p| p.to_string_lossy().ends_with("-wal")),
        "a live WAL was captured: {scanned:?}"
    );
    assert!(
        scanned
            .iter()
            .any(|p| p.components().any(|c| c.as_os_str() == "logs")),
        "the app's logs were scanned: {scanned:?}"
    );
    let mut bytes = 0usize;
    // The scan finds what is there: the customer typed in the session is in the files.
    let mut found_customer = false;
    let mut db_files = 0;
    for path in &scanned {
        let Ok(content) = fs::read(path) else {
            continue;
        };
        bytes += content.len();
        found_customer |= contains(&content, "宏达精工".as_bytes());
        if database_file(path) && !path.starts_with(server_data.path()) {
            for name in ["宏达精工", LATER_CUSTOMER] {
                assert!(
                    !contains(&content, name.as_bytes()),
                    "{name} is readable in {} although the database is encrypted",
                    path.display()
                );
            }
            assert!(
                !contains(&content, b"SQLite format 3"),
                "{} is a plain SQLite file",
                path.display()
            );
            db_files += 1;
        }
        for (what, secret) in needles {
            assert!(
                !contains(&content, secret.as_bytes()),
                "{what} is written in {}",
                path.display()
            );
        }
    }
    assert!(found_customer, "the scan did not find the customer's name");
    assert!(
        db_files >= 3,
        "the database, its WAL and the backup were checked"
    );
    eprintln!(
        "secrets audit: {} files, {bytes} bytes scanned, no password, token or key found; {db_files} database files hold no customer name",
        scanned.len()
    );
}
