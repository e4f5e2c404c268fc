//! Where the device's token lives between runs: only in the OS keychain.
//!
//! [`TokenStore`] is the seam; [`KeyringTokens`] implements it over `keyring-core` with the
//! platform's store (the keyring 4 family: the kernel's keyutils on Linux, the Keychain on
//! macOS, the Credential Manager on Windows). Tests give it `keyring_core::mock::Store`.
//! When no keychain can be reached the answer is [`TokenError::NoKeychain`], and the token
//! is kept nowhere else: no file, no database, no plaintext fallback.
//!
//! On Linux, keyutils keeps secrets in the kernel for the login session: after a reboot the
//! token is gone and the user signs in again (the device keeps its identity and data).

use std::sync::Arc;

use chainbook_protocol::Secret;
use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use uuid::Uuid;

/// The keychain's service name for Chainbook's sync tokens.
pub const SERVICE: &str = "chainbook-sync";

/// Which token: one per device and server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKey {
    pub server: String,
    pub device: Uuid,
}

impl TokenKey {
    /// The keychain's account name: `<device id> <server URL>`.
    fn account(&self) -> String {
        format!("{} {}", self.device, self.server)
    }
}

/// Why a token could not be kept or read.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// There is no keychain to keep it in (none on this system, locked, or not reachable
    /// from this session). The app tells the user; it does not store the token elsewhere.
    #[error("no keychain is reachable")]
    NoKeychain,
    /// The keychain answered with another failure (`detail` is for the log only).
    #[error("the keychain failed: {detail}")]
    Keychain { detail: String },
}

impl TokenError {
    /// A stable code for the shell's error shape.
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::NoKeychain => "no_keychain",
            TokenError::Keychain { .. } => "keychain",
        }
    }
}

/// Keeps one device's token per server.
pub trait TokenStore: Send + Sync {
    fn save(&self, key: &TokenKey, token: &Secret) -> Result<(), TokenError>;
    /// `None` when no token is kept (never signed in, signed out, or gone after a reboot).
    fn load(&self, key: &TokenKey) -> Result<Option<Secret>, TokenError>;
    /// Forgets the token (sign-out); forgetting a missing token succeeds.
    fn delete(&self, key: &TokenKey) -> Result<(), TokenError>;
}

/// [`TokenStore`] in a `keyring-core` credential store.
pub struct KeyringTokens {
    store: Arc<CredentialStore>,
}

impl KeyringTokens {
    /// The OS keychain, or [`TokenError::NoKeychain`] on a platform without one.
    pub fn os() -> Result<KeyringTokens, TokenError> {
        Ok(KeyringTokens { store: os_store()? })
    }

    /// Another credential store, e.g. `keyring_core::mock::Store::new()` in tests.
    pub fn with_store(store: Arc<CredentialStore>) -> KeyringTokens {
        KeyringTokens { store }
    }

    fn entry(&self, key: &TokenKey) -> Result<Entry, TokenError> {
        Entry::new_in_store(&self.store, SERVICE, &key.account()).map_err(failure)
    }
}

#[cfg(target_os = "linux")]
pub fn os_store() -> Result<Arc<CredentialStore>, TokenError> {
    let store: Arc<CredentialStore> =
        linux_keyutils_keyring_store::Store::new().map_err(failure)?;
    Ok(store)
}

#[cfg(target_os = "macos")]
pub fn os_store() -> Result<Arc<CredentialStore>, TokenError> {
    let store: Arc<CredentialStore> =
        apple_native_keyring_store::keychain::Store::new().map_err(failure)?;
    Ok(store)
}

#[cfg(windows)]
pub fn os_store() -> Result<Arc<CredentialStore>, TokenError> {
    let store: Arc<CredentialStore> =
        windows_native_keyring_store::Store::new().map_err(failure)?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub fn os_store() -> Result<Arc<CredentialStore>, TokenError> {
    Err(TokenError::NoKeychain)
}

/// A keychain that cannot be reached, is locked or refuses access is "no keychain"; the
/// rest is a failure to log.
pub fn failure(e: KeyringError) -> TokenError {
    match e {
        KeyringError::NoStorageAccess(_)
        | KeyringError::PlatformFailure(_)
        | KeyringError::NoDefaultStore => TokenError::NoKeychain,
        other => TokenError::Keychain {
            detail: other.to_string(),
        },
    }
}

impl TokenStore for KeyringTokens {
    fn save(&self, key: &TokenKey, token: &Secret) -> Result<(), TokenError> {
        self.entry(key)?
            .set_password(token.expose())
            .map_err(failure)
    }

    fn load(&self, key: &TokenKey) -> Result<Option<Secret>, TokenError> {
        match self.entry(key)?.get_password() {
            Ok(t) => Ok(Some(Secret::new(t))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(failure(e)),
        }
    }

    fn delete(&self, key: &TokenKey) -> Result<(), TokenError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(failure(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(server: &str) -> TokenKey {
        TokenKey {
            server: server.into(),
            device: Uuid::from_u128(42),
        }
    }

    fn mock() -> (Arc<keyring_core::mock::Store>, KeyringTokens) {
        let store = keyring_core::mock::Store::new().unwrap_or_else(|e| panic!("{e}"));
        let tokens = KeyringTokens::with_store(store.clone());
        (store, tokens)
    }

    #[test]
    fn a_token_is_saved_read_replaced_and_forgotten_per_server() {
        let (_store, tokens) = mock();
        let a = key("https://a.example");
        let b = key("https://b.example");
        assert!(matches!(tokens.load(&a), Ok(None)));
        tokens
            .save(&a, &Secret::new("t1"))
            .unwrap_or_else(|e| panic!("{e}"));
        tokens
            .save(&b, &Secret::new("t2"))
            .unwrap_or_else(|e| panic!("{e}"));
        tokens
            .save(&a, &Secret::new("t3"))
            .unwrap_or_else(|e| panic!("{e}"));
        let read = |k| tokens.load(k).ok().flatten().map(|s| s.expose().to_owned());
        assert_eq!(read(&a).as_deref(), Some("t3"));
        assert_eq!(read(&b).as_deref(), Some("t2"));
        tokens.delete(&a).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read(&a), None);
        assert!(tokens.delete(&a).is_ok(), "forgetting twice is fine");
        assert_eq!(read(&b).as_deref(), Some("t2"));
    }

    #[test]
    fn an_unreachable_keychain_is_no_keychain_and_nothing_is_kept() {
        let (store, tokens) = mock();
        let k = key("https://a.example");
        // The mock fails the next operation on an entry when told to.
        let entry = Entry::new_in_store(
            &(store.clone() as Arc<CredentialStore>),
            SERVICE,
            &k.account(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let cred: &keyring_core::mock::Cred = entry
            .as_any()
            .downcast_ref()
            .unwrap_or_else(|| panic!("a mock credential"));
        cred.set_error(KeyringError::NoStorageAccess("locked".into()));
        let e = tokens.save(&k, &Secret::new("t")).map(|_| ());
        assert!(matches!(e, Err(TokenError::NoKeychain)), "{e:?}");
        assert_eq!(tokens.load(&k).ok().flatten(), None, "nothing was kept");
        cred.set_error(KeyringError::BadStoreFormat("x".into()));
        assert!(matches!(tokens.load(&k), Err(TokenError::Keychain { .. })));
        assert_eq!(TokenError::NoKeychain.code(), "no_keychain");
    }

    /// The OS keychain itself, only when asked (`CHAINBOOK_KEYCHAIN_TESTS=1`): on a headless
    /// Linux run it under `keyctl session - cargo test -p chainbook-sync --lib os_keychain`,
    /// and without a session keyring it must answer `NoKeychain` or work, never fall back.
    #[test]
    fn os_keychain_round_trip_when_asked() {
        if std::env::var("CHAINBOOK_KEYCHAIN_TESTS").ok().as_deref() != Some("1") {
            return;
        }
        let tokens = match KeyringTokens::os() {
            Ok(t) => t,
            Err(e) => return assert!(matches!(e, TokenError::NoKeychain), "{e:?}"),
        };
        let k = TokenKey {
            server: "https://keychain-test.invalid".into(),
            device: Uuid::now_v7(),
        };
        match tokens.save(&k, &Secret::new("t")) {
            Ok(()) => {}
            Err(TokenError::NoKeychain) => {
                eprintln!("no keychain reachable: NoKeychain, nothing kept");
                return;
            }
            Err(e) => panic!("{e:?}"),
        }
        let read = tokens.load(&k).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(read.as_ref().map(Secret::expose), Some("t"));
        tokens.delete(&k).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(matches!(tokens.load(&k), Ok(None)));
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let (_store, tokens) = mock();
        let k = key("https://a.example");
        tokens
            .save(&k, &Secret::new("hunter2"))
            .unwrap_or_else(|e| panic!("{e}"));
        let loaded = tokens.load(&k).ok().flatten();
        assert!(!format!("{loaded:?}").contains("hunter2"));
    }
}
