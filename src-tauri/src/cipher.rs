//! Encryption at rest in the shell: the database key in the OS keychain (only there), the
//! key the store is opened with at start, and turning encryption on and off from Settings.
//!
//! The key lives in the keychain under [`SERVICE`], one entry per database file (its path is
//! the account), kept by the same `keyring-core` platform stores as the sync token
//! (`chainbook_sync::token::os_store`). Whether the database is encrypted is read from the
//! file's header, not from the keychain (`chainbook_store::cipher`), so:
//! - an encrypted file whose key is missing or damaged stops the start with
//!   `encryption_key_missing` / `encryption_key_wrong`, never a new empty database;
//! - turning encryption on saves the new key *before* the file is swapped (a crash after the
//!   swap leaves a file the saved key opens), and removes it again if the swap did not happen;
//! - turning it off deletes the key only *after* the plain file is in place;
//! - a key left in the keychain beside a plain file (a crash between those steps) is
//!   removed at the next start.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chainbook_core::ErrorCode;
use chainbook_store::cipher::{file_state, FileState, Key};
use chainbook_store::{Store, StoreError};
use chainbook_sync::token::failure;
use chainbook_sync::TokenError;
use keyring_core::{CredentialStore, Entry, Error as KeyringError};

use crate::dto::data::{EncryptionProgress, EncryptionStatus};
use crate::error::{CmdResult, CommandError};

/// The keychain's service name for database keys.
pub const SERVICE: &str = "chainbook-db";

/// The event re-encrypting sends as it goes, with an [`EncryptionProgress`].
pub const PROGRESS_EVENT: &str = "encryption://progress";

/// Opens the credential store keys live in: the OS keychain in the app, a mock in tests.
pub type Keychain = Box<dyn Fn() -> Result<Arc<CredentialStore>, TokenError> + Send + Sync>;

/// The OS keychain.
pub fn os_keychain() -> Keychain {
    Box::new(chainbook_sync::token::os_store)
}

/// The key of the database at `db` in `keychain`.
pub struct KeyEntry {
    entry: Entry,
}

impl KeyEntry {
    pub fn new(keychain: &Keychain, db: &Path) -> Result<KeyEntry, TokenError> {
        let store = keychain()?;
        let account = db.canonicalize().unwrap_or_else(|_| db.to_owned());
        let entry =
            Entry::new_in_store(&store, SERVICE, &account.to_string_lossy()).map_err(failure)?;
        Ok(KeyEntry { entry })
    }

    /// The key kept, `Ok(None)` when there is none; a damaged entry is `Err(None)`.
    pub fn load(&self) -> Result<Option<Key>, Option<TokenError>> {
        match self.entry.get_password() {
            Ok(hex) => Key::from_hex(&hex).map(Some).ok_or(None),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(Some(failure(e))),
        }
    }

    pub fn save(&self, key: &Key) -> Result<(), TokenError> {
        self.entry.set_password(&key.to_hex()).map_err(failure)
    }

    /// Forgets the key; forgetting a missing key succeeds.
    pub fn delete(&self) -> Result<(), TokenError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(failure(e)),
        }
    }
}

/// The key to open the database at `db` with: none for a plain or new file; the keychain's
/// for an encrypted one, [`StoreError::KeyMissing`] when there is none (or no keychain) and
/// [`StoreError::KeyWrong`] when the entry is not a key.
pub fn key_for_open(keychain: &Keychain, db: &Path) -> Result<Option<Key>, StoreError> {
    if file_state(db)? != FileState::Encrypted {
        return Ok(None);
    }
    let entry = KeyEntry::new(keychain, db).map_err(|e| {
        tracing::error!(error = %e, "no keychain to read the database key from");
        StoreError::KeyMissing
    })?;
    match entry.load() {
        Ok(Some(key)) => Ok(Some(key)),
        Ok(None) => Err(StoreError::KeyMissing),
        Err(None) => Err(StoreError::KeyWrong),
        Err(Some(e)) => {
            tracing::error!(error = %e, "cannot read the database key");
            Err(StoreError::KeyMissing)
        }
    }
}

/// After opening a plain database: removes a key an interrupted switch left in the keychain.
pub fn forget_stale_key(keychain: &Keychain, store: &Store) {
    if store.is_encrypted() {
        return;
    }
    if let Ok(entry) = KeyEntry::new(keychain, store.path()) {
        if let Ok(Some(_)) = entry.load() {
            match entry.delete() {
                Ok(()) => tracing::info!("removed a database key left by an interrupted switch"),
                Err(e) => tracing::warn!(error = %e, "cannot remove a stale database key"),
            }
        }
    }
}

/// Whether the OS keychain keeps a secret across a restart. Linux's store here is the kernel's
/// keyutils, which forgets everything at a reboot: a database key there would be lost with the
/// data, so encryption is refused (the sync token can be signed in again; a key cannot). Debug
/// builds accept it for the end-to-end suite, which runs in a session keyring, when
/// `CHAINBOOK_TEST_VOLATILE_KEYCHAIN` is set.
pub fn os_keychain_keeps_secrets() -> bool {
    if cfg!(debug_assertions) && std::env::var_os("CHAINBOOK_TEST_VOLATILE_KEYCHAIN").is_some() {
        return true;
    }
    !cfg!(target_os = "linux")
}

fn keychain_error(e: TokenError) -> CommandError {
    crate::sync::token_error(e)
}

/// Turns encryption on (`on`, with a fresh key) or off, re-encrypting the open database in
/// place under the store's lock (other commands wait; a second switch then finds it done),
/// with `progress` every few milliseconds of the copy. `progress` answering `false` stops the
/// copy: `cancelled`, the database stays as it was (and a key made for it is removed).
pub fn switch(
    store: &Mutex<Store>,
    keychain: &Keychain,
    keeps_secrets: bool,
    on: bool,
    mut progress: impl FnMut(EncryptionProgress) -> bool + Send + 'static,
) -> CmdResult<EncryptionStatus> {
    let mut s = store.lock().unwrap_or_else(|p| p.into_inner());
    if s.is_encrypted() == on {
        return Ok(EncryptionStatus { encrypted: on });
    }
    let entry = KeyEntry::new(keychain, s.path()).map_err(keychain_error)?;
    let step = move |p: chainbook_store::backup::CopyProgress| {
        progress(EncryptionProgress {
            done: p.done,
            total: p.total.max(p.done),
        })
    };
    if on {
        if !keeps_secrets {
            return Err(CommandError::new(
                ErrorCode::KeychainNotPersistent,
                "the keychain does not survive a restart",
            ));
        }
        let key = Key::generate()?;
        // Kept before the swap: after it, the file opens with this key only.
        entry.save(&key).map_err(keychain_error)?;
        if let Err(e) = s.set_encryption(Some(key), step) {
            if !s.is_encrypted() {
                let _ = entry.delete();
            }
            return Err(e.into());
        }
    } else {
        s.set_encryption(None, step)?;
        // Deleted only once the plain file is in place; a failure here leaves a stale key
        // that the next start removes.
        if let Err(e) = entry.delete() {
            tracing::warn!(error = %e, "cannot delete the database key after decrypting");
        }
    }
    tracing::info!(encrypted = s.is_encrypted(), "encryption switched");
    Ok(EncryptionStatus {
        encrypted: s.is_encrypted(),
    })
}
