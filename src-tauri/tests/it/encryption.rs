//! Encryption at rest through the commands: turning it on puts a key in the keychain and
//! encrypts the file, backups and their preview work with it, a missing or damaged key stops
//! the open with its typed error, and turning it off decrypts and removes the key.

use std::path::Path;

use chainbook_app::cipher::{key_for_open, KeyEntry, Keychain};
use chainbook_store::cipher::{file_state, FileState, Key};
use chainbook_store::{Store, StoreError};
use serde_json::json;

use super::{input, list, Harness};

const SECRET: &str = "Qiancheng-Secret-机密贸易";

fn contains(path: &Path, needle: &str) -> bool {
    std::fs::read(path)
        .unwrap_or_default()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn keychain(h: &Harness) -> Keychain {
    let store = h.keychain.clone();
    Box::new(move || Ok(store.clone()))
}

#[test]
fn turning_encryption_on_and_off_through_the_commands() {
    let h = Harness::new();
    let db = h.dir().join("chainbook.db");
    assert_eq!(
        h.call("encryption_status", json!({})).unwrap(),
        json!({"encrypted": false})
    );
    h.call("customer_create", json!({"input": input(SECRET, "a@b.cn")}))
        .unwrap();
    let bad = h.call("encryption_set", json!({"on": "yes"})).unwrap_err();
    assert_eq!(bad["code"], "invalid_argument");
    assert_eq!(bad["field"], "on");
    let missing = h.call("encryption_set", json!({})).unwrap_err();
    assert_eq!(missing["code"], "invalid_argument");

    assert_eq!(
        h.call("encryption_set", json!({"on": true})).unwrap(),
        json!({"encrypted": true})
    );
    assert_eq!(
        h.call("encryption_status", json!({})).unwrap(),
        json!({"encrypted": true})
    );
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);
    assert!(!contains(&db, SECRET));
    // The key is in the keychain (and only there), and it is the one that opens the file.
    let kc = keychain(&h);
    let key = key_for_open(&kc, &db)
        .unwrap()
        .expect("a key for an encrypted file");
    assert_eq!(
        KeyEntry::new(&kc, &db).unwrap().load().ok().flatten(),
        Some(key.clone())
    );
    // Turning it on again changes nothing (no second key).
    h.call("encryption_set", json!({"on": true})).unwrap();
    assert_eq!(key_for_open(&kc, &db).unwrap(), Some(key.clone()));
    assert_eq!(list(&h)["total"], 1, "the app still reads its data");

    // Backups are encrypted with the same key; the preview reads them with it.
    let backup = h.dir().join("b.db");
    h.call("backup_now", json!({"path": backup.to_string_lossy()}))
        .unwrap();
    assert_eq!(file_state(&backup).unwrap(), FileState::Encrypted);
    assert!(!contains(&backup, SECRET));
    let preview = h
        .call("restore_preview", json!({"path": backup.to_string_lossy()}))
        .unwrap();
    assert_eq!(preview["counts"][0], json!(["customers", 1]), "{preview}");

    // Opening: a missing key and a damaged or other key are typed errors, never a new database.
    let entry = KeyEntry::new(&kc, &db).unwrap();
    entry.delete().unwrap();
    let e = key_for_open(&kc, &db).unwrap_err();
    assert!(matches!(e, StoreError::KeyMissing), "{e:?}");
    assert_eq!(e.code().as_str(), "encryption_key_missing");
    let account = db.canonicalize().unwrap();
    keyring_core::Entry::new_in_store(
        &h.keychain,
        chainbook_app::cipher::SERVICE,
        &account.to_string_lossy(),
    )
    .unwrap()
    .set_password("not a key")
    .unwrap();
    assert!(matches!(key_for_open(&kc, &db), Err(StoreError::KeyWrong)));
    let other = Key::generate().unwrap();
    entry.save(&other).unwrap();
    let e = Store::open_keyed(
        &db,
        Box::new(chrono::Utc::now),
        key_for_open(&kc, &db).unwrap(),
    )
    .unwrap_err();
    assert!(matches!(e, StoreError::KeyWrong), "{e:?}");
    assert_eq!(e.code().as_str(), "encryption_key_wrong");
    entry.save(&key).unwrap();

    assert_eq!(
        h.call("encryption_set", json!({"on": false})).unwrap(),
        json!({"encrypted": false})
    );
    assert_eq!(file_state(&db).unwrap(), FileState::Plain);
    assert!(
        matches!(entry.load(), Ok(None)),
        "the key is deleted after decrypting"
    );
    assert_eq!(key_for_open(&kc, &db).unwrap(), None);
    assert_eq!(list(&h)["total"], 1);
}

/// A keychain that forgets at a restart (Linux's kernel keyring) would lose the key with the
/// data: turning encryption on is refused there, with nothing written to the file or the
/// keychain; the app's own state says so for the OS keychain on Linux.
#[test]
fn a_keychain_that_forgets_at_a_restart_refuses_encryption() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let store = std::sync::Mutex::new(Store::open(&db).unwrap());
    let kc = keychain(&h);
    let e = chainbook_app::cipher::switch(&store, &kc, false, true, |_| true).unwrap_err();
    assert_eq!(e.code, chainbook_core::ErrorCode::KeychainNotPersistent);
    assert_eq!(file_state(&db).unwrap(), FileState::Plain);
    assert_eq!(KeyEntry::new(&kc, &db).unwrap().load().ok().flatten(), None);
    if cfg!(target_os = "linux") && std::env::var_os("CHAINBOOK_TEST_VOLATILE_KEYCHAIN").is_none() {
        assert!(!chainbook_app::cipher::os_keychain_keeps_secrets());
    }
}

/// Cancelling while the file is being encrypted stops the copy: `cancelled`, the database is
/// still the plain file with every record, and the key made for it is gone from the keychain.
/// The command the Cancel button calls answers.
#[test]
fn a_cancelled_switch_leaves_the_database_as_it_was() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    for i in 0..200 {
        s.customers_mut()
            .create(&chainbook_core::customer::CustomerDraft {
                kind: chainbook_core::customer::CustomerKind::Company,
                name: format!("客户{i:03}"),
                country: "CN".into(),
                currency: "CNY".into(),
                ..Default::default()
            })
            .unwrap();
    }
    let store = std::sync::Mutex::new(s);
    let kc = keychain(&h);
    let told = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let seen = told.clone();
    let e = chainbook_app::cipher::switch(&store, &kc, true, true, move |_| {
        seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        false
    })
    .unwrap_err();
    assert_eq!(
        told.load(std::sync::atomic::Ordering::Relaxed),
        1,
        "stopped at the first report"
    );
    assert_eq!(e.code, chainbook_core::ErrorCode::Cancelled, "{e:?}");
    assert_eq!(file_state(&db).unwrap(), FileState::Plain);
    assert_eq!(KeyEntry::new(&kc, &db).unwrap().load().ok().flatten(), None);
    let s = store.lock().unwrap();
    assert!(!s.is_encrypted());
    let all = s.customers().list(&Default::default()).unwrap();
    assert_eq!(all.total, 200);
    drop(s);
    h.call("encryption_cancel", json!({})).unwrap();
}
